//! `pallet_admin_utils` mirrors (pallet index 19): the hyperparameter setters the runtime
//! implements, with runtime 331's call indices; newer setters use upstream HEAD's indices
//! (`sudo_set_min_non_immune_uids` 84, `sudo_set_start_call_delay` 85, `sudo_set_burn_half_life`
//! 89, `sudo_set_burn_increase_mult` 90, `sudo_set_max_epochs_per_block` 96) and the dtao-only
//! setters take indices from 200 up (`sudo_set_tao_weight` 200, `sudo_set_existential_deposit`
//! 201, `sudo_set_staking_fee` 202, `sudo_set_min_stake` 203), clear of upstream's range.
//! The runtime's `AdminCall::SetTempo`/`SetActivityCutoffFactor` are SubtensorModule calls on
//! the wire (HEAD indices 139 and 140).

/// `pallet_admin_utils::pallet`.
#[allow(missing_docs)]
pub mod pallet {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    use crate::wire::convert::wire_calls;
    use crate::wire::upstream::node_subtensor_runtime::RuntimeCall as WireRuntimeCall;
    use crate::wire::upstream::pallet_subtensor::pallet::{
        Call as SubtensorWireCall, RecycleOrBurnEnum,
    };
    use crate::wire::upstream::sp_core::crypto::AccountId32;
    use crate::wire::upstream::substrate_fixed::{FixedI128, FixedU128};
    use dtao_runtime::admin::AdminCall;
    use dtao_runtime::RuntimeCall;

    wire_calls! {
        /// `pallet_admin_utils::pallet::Call`.
        pub enum Call: WireRuntimeCall::AdminUtils <=> RuntimeCall::AdminUtils(AdminCall) {
            1 => sudo_set_default_take / SudoSetDefaultTake { default_take: u16 },
            3 => sudo_set_serving_rate_limit / SudoSetServingRateLimit { netuid: u16, serving_rate_limit: u64 },
            4 => sudo_set_min_difficulty / SudoSetMinDifficulty { netuid: u16, min_difficulty: u64 },
            5 => sudo_set_max_difficulty / SudoSetMaxDifficulty { netuid: u16, max_difficulty: u64 },
            6 => sudo_set_weights_version_key / SudoSetWeightsVersionKey { netuid: u16, weights_version_key: u64 },
            7 => sudo_set_weights_set_rate_limit / SudoSetWeightsSetRateLimit { netuid: u16, weights_set_rate_limit: u64 },
            8 => sudo_set_adjustment_interval / SudoSetAdjustmentInterval { netuid: u16, adjustment_interval: u16 },
            9 => sudo_set_adjustment_alpha / SudoSetAdjustmentAlpha { netuid: u16, adjustment_alpha: u64 },
            13 => sudo_set_immunity_period / SudoSetImmunityPeriod { netuid: u16, immunity_period: u16 },
            14 => sudo_set_min_allowed_weights / SudoSetMinAllowedWeights { netuid: u16, min_allowed_weights: u16 },
            15 => sudo_set_max_allowed_uids / SudoSetMaxAllowedUids { netuid: u16, max_allowed_uids: u16 },
            16 => sudo_set_kappa / SudoSetKappa { netuid: u16, kappa: u16 },
            17 => sudo_set_rho / SudoSetRho { netuid: u16, rho: u16 },
            18 => sudo_set_activity_cutoff / SudoSetActivityCutoff { netuid: u16, activity_cutoff: u16 },
            19 => sudo_set_network_registration_allowed / SudoSetNetworkRegistrationAllowed { netuid: u16, registration_allowed: bool },
            21 => sudo_set_target_registrations_per_interval / SudoSetTargetRegistrationsPerInterval { netuid: u16, target_registrations_per_interval: u16 },
            22 => sudo_set_min_burn / SudoSetMinBurn { netuid: u16, min_burn: u64 },
            23 => sudo_set_max_burn / SudoSetMaxBurn { netuid: u16, max_burn: u64 },
            24 => sudo_set_difficulty / SudoSetDifficulty { netuid: u16, difficulty: u64 },
            25 => sudo_set_max_allowed_validators / SudoSetMaxAllowedValidators { netuid: u16, max_allowed_validators: u16 },
            26 => sudo_set_bonds_moving_average / SudoSetBondsMovingAverage { netuid: u16, bonds_moving_average: u64 },
            27 => sudo_set_max_registrations_per_block / SudoSetMaxRegistrationsPerBlock { netuid: u16, max_registrations_per_block: u16 },
            28 => sudo_set_subnet_owner_cut / SudoSetSubnetOwnerCut { subnet_owner_cut: u16 },
            29 => sudo_set_network_rate_limit / SudoSetNetworkRateLimit { rate_limit: u64 },
            30 => sudo_set_tempo / SudoSetTempo { netuid: u16, tempo: u16 },
            35 => sudo_set_network_immunity_period / SudoSetNetworkImmunityPeriod { immunity_period: u64 },
            36 => sudo_set_network_min_lock_cost / SudoSetNetworkMinLockCost { lock_cost: u64 },
            37 => sudo_set_subnet_limit / SudoSetSubnetLimit { max_subnets: u16 },
            38 => sudo_set_lock_reduction_interval / SudoSetLockReductionInterval { interval: u64 },
            39 => sudo_set_rao_recycled / SudoSetRaoRecycled { netuid: u16, rao_recycled: u64 },
            42 => sudo_set_stake_threshold / SudoSetStakeThreshold { min_stake: u64 },
            43 => sudo_set_nominator_min_required_stake / SudoSetNominatorMinRequiredStake { min_stake: u64 },
            45 => sudo_set_tx_delegate_take_rate_limit / SudoSetTxDelegateTakeRateLimit { tx_rate_limit: u64 },
            46 => sudo_set_min_delegate_take / SudoSetMinDelegateTake { take: u16 },
            49 => sudo_set_commit_reveal_weights_enabled / SudoSetCommitRevealWeightsEnabled { netuid: u16, enabled: bool },
            50 => sudo_set_liquid_alpha_enabled / SudoSetLiquidAlphaEnabled { netuid: u16, enabled: bool },
            51 => sudo_set_alpha_values / SudoSetAlphaValues { netuid: u16, alpha_low: u16, alpha_high: u16 },
            57 => sudo_set_commit_reveal_weights_interval / SudoSetCommitRevealWeightsInterval { netuid: u16, interval: u64 },
            60 => sudo_set_bonds_penalty / SudoSetBondsPenalty { netuid: u16, bonds_penalty: u16 },
            61 => sudo_set_toggle_transfer / SudoSetToggleTransfer { netuid: u16, toggle: bool },
            63 => sudo_set_subnet_moving_alpha / SudoSetSubnetMovingAlpha { alpha: FixedI128 },
            64 => sudo_set_subnet_owner_hotkey / SudoSetSubnetOwnerHotkey { netuid: u16, hotkey: AccountId32 },
            65 => sudo_set_ema_price_halving_period / SudoSetEmaPriceHalvingPeriod { netuid: u16, ema_halving: u64 },
            66 => sudo_set_subtoken_enabled / SudoSetSubtokenEnabled { netuid: u16, subtoken_enabled: bool },
            67 => sudo_set_sn_owner_hotkey / SudoSetSnOwnerHotkey { netuid: u16, hotkey: AccountId32 },
            68 => sudo_set_alpha_sigmoid_steepness / SudoSetAlphaSigmoidSteepness { netuid: u16, steepness: i16 },
            69 => sudo_set_yuma3_enabled / SudoSetYuma3Enabled { netuid: u16, enabled: bool },
            70 => sudo_set_bonds_reset_enabled / SudoSetBondsResetEnabled { netuid: u16, enabled: bool },
            72 => sudo_set_owner_immune_neuron_limit / SudoSetOwnerImmuneNeuronLimit { netuid: u16, immune_neurons: u16 },
            74 => sudo_set_admin_freeze_window / SudoSetAdminFreezeWindow { window: u16 },
            75 => sudo_set_owner_hparam_rate_limit / SudoSetOwnerHparamRateLimit { epochs: u16 },
            79 => sudo_set_min_allowed_uids / SudoSetMinAllowedUids { netuid: u16, min_allowed_uids: u16 },
            80 => sudo_set_recycle_or_burn / SudoSetRecycleOrBurn { netuid: u16, recycle_or_burn: RecycleOrBurnEnum },
            84 => sudo_set_min_non_immune_uids / SudoSetMinNonImmuneUids { netuid: u16, min: u16 },
            85 => sudo_set_start_call_delay / SudoSetStartCallDelay { delay: u64 },
            89 => sudo_set_burn_half_life / SudoSetBurnHalfLife { netuid: u16, burn_half_life: u16 },
            90 => sudo_set_burn_increase_mult / SudoSetBurnIncreaseMult { netuid: u16, burn_increase_mult: FixedU128 },
            96 => sudo_set_max_epochs_per_block / SudoSetMaxEpochsPerBlock { max_epochs_per_block: u8 },
            200 => sudo_set_tao_weight / SudoSetTaoWeight { tao_weight: u64 },
            201 => sudo_set_existential_deposit / SudoSetExistentialDeposit { existential_deposit: u64 },
            202 => sudo_set_staking_fee / SudoSetStakingFee { staking_fee: u64 },
            203 => sudo_set_min_stake / SudoSetMinStake { min_stake: u64 },
        }
        into_wire {
            AdminCall::SetTempo { netuid, tempo } => {
                WireRuntimeCall::SubtensorModule(SubtensorWireCall::set_tempo {
                    netuid: netuid.0,
                    tempo,
                })
            },
            AdminCall::SetActivityCutoffFactor { netuid, factor_milli } => {
                WireRuntimeCall::SubtensorModule(SubtensorWireCall::set_activity_cutoff_factor {
                    netuid: netuid.0,
                    factor_milli,
                })
            },
        }
    }

    /// `pallet_admin_utils::pallet::PrecompileEnum` (declared by an event we never emit).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum PrecompileEnum {
        BalanceTransfer,
        Staking,
        Subnet,
        Metagraph,
        Neuron,
        UidLookup,
        Alpha,
        Crowdloan,
        PureProxy,
        Leasing,
    }

    /// `pallet_admin_utils::pallet::Event` (all variants of runtime 331).
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Event {
        PrecompileUpdated {
            precompile_id: PrecompileEnum,
            enabled: bool,
        },
        Yuma3EnableToggled {
            netuid: u16,
            enabled: bool,
        },
        BondsResetToggled {
            netuid: u16,
            enabled: bool,
        },
    }

    /// `pallet_admin_utils::pallet::Error` (all variants of runtime 331).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Error {
        SubnetDoesNotExist,
        MaxValidatorsLargerThanMaxUIds,
        MaxAllowedUIdsLessThanCurrentUIds,
        BondsMovingAverageMaxReached,
        NegativeSigmoidSteepness,
        ValueNotInBounds,
        MinAllowedUidsGreaterThanCurrentUids,
        MinAllowedUidsGreaterThanMaxAllowedUids,
        MaxAllowedUidsLessThanMinAllowedUids,
        MaxAllowedUidsGreaterThanDefaultMaxAllowedUids,
        InvalidValue,
    }
}
