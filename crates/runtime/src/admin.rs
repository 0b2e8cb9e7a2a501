//! AdminUtils: the setters of subnet hyperparameters (yuma-spec §6) and of the network-wide
//! parameters ([`NetworkParams`]), with subtensor's access rules, ranges, rate limits and the
//! admin freeze window; plus [`hyperparameter_table`], the name/value listing clients show.
//!
//! # Access
//! Every call is one of:
//! - **Root**: root origin only (sudo). A signed origin gets `BadOrigin`.
//! - **Owner**: the subnet owner (a signed origin equal to `subnet.owner_coldkey`) or root. Any
//!   other signed origin gets `BadOrigin` — subtensor's `ensure_subnet_owner_or_root` returns
//!   `DispatchError::BadOrigin` there, not `NotSubnetOwner`, so both kinds of refusal use the same
//!   error. For the owner (never for root) the call is
//!   - rate-limited per parameter: once per `params.owner_hyperparam_rate_limit` tempos of the
//!     subnet, keyed by the call name in `subnet.owner_param_last_set` (`TxRateLimitExceeded`;
//!     as on chain a recorded block of 0 counts as "never"), and
//!   - refused in the last `params.admin_freeze_window` blocks before the subnet's next epoch,
//!     at `last_epoch_block + tempo` (`AdminActionProhibitedDuringWeightsWindow`; a subnet with
//!     tempo 0 never freezes).
//!
//!   Exceptions, as on chain: `sudo_set_weights_version_key` is limited to once per 5 tempos
//!   instead; `set_tempo` (owner only, root uses `sudo_set_tempo`) has a 360-block cooldown kept
//!   in `subnet.last_tempo_change`; `sudo_set_sn_owner_hotkey`/`sudo_set_subnet_owner_hotkey`
//!   share one limit of 50 400 blocks that binds root too and has no freeze window.
//!
//! Checks run in this order: subnet exists (`SubnetNotExists`), origin, rate limit, freeze window,
//! values. Only then is anything written, so a refused call leaves the state unchanged. Each
//! success emits one [`Event::HyperparameterSet`] (or [`Event::SubnetOwnerHotkeySet`]) named as
//! subtensor's event (`KappaSet`, `TempoSet`, …); booleans are 0/1 and the alpha pair is packed
//! `(alpha_low << 16) | alpha_high`.
//!
//! # Ranges (yuma-spec §6 and subtensor's admin-utils)
//! `set_tempo` (owner) 360..=50 400, `sudo_set_tempo` (root) any — both restart the epoch cycle
//! (`last_epoch_block = now`, as at HEAD); `set_activity_cutoff_factor` 1 000..=50 000 (both
//! origins); `sudo_set_activity_cutoff` ≥ 360 (`ActivityCutoffTooLow`); `sudo_set_max_allowed_uids`
//! ≥ min_allowed_uids, ≥ current n and ≤ 4 096; `sudo_set_min_allowed_uids` < max_allowed_uids and
//! < current n; `sudo_set_max_allowed_validators` ≤ max_allowed_uids; `sudo_set_bonds_moving_average`
//! ≤ 975 000 for the owner (root unbounded); `sudo_set_alpha_values` needs liquid alpha on
//! (`LiquidAlphaDisabled`), then alpha_high ≥ 1 638 (`AlphaHighTooLow`), then 1 638 ≤ alpha_low ≤
//! alpha_high (`AlphaLowOutOfRange`); `sudo_set_commit_reveal_weights_interval` 1..=100
//! (`RevealPeriodTooSmall`/`RevealPeriodTooLarge`); `sudo_set_min_burn` < 1 TAO and < max_burn;
//! `sudo_set_max_burn` > 0.1 TAO and > min_burn; `sudo_set_alpha_sigmoid_steepness` ≥ 0 for the
//! owner; `sudo_set_owner_immune_neuron_limit` 1..=10; `sudo_set_burn_half_life` 1..=36 100 and
//! `sudo_set_burn_increase_mult` 1.0..=3.0, both not on root; `sudo_set_max_epochs_per_block` ≥ 1.
//! dtao additions: `sudo_set_subnet_moving_alpha` ≤ 1.0 and `sudo_set_existential_deposit` ≥ 1.
//! Other parameters take any value, as on chain.
//!
//! # Deviations from subtensor (deliberate)
//! - `max_allowed_uids` may go up to 4 096 (chain: 256, the default), per the dtao issue.
//! - Out-of-range values without a specific error in [`Error`] return `InvalidValue`; subtensor's
//!   AdminUtils uses `MaxAllowedUidsLessThanMinAllowedUids`, `MaxAllowedUIdsLessThanCurrentUIds`,
//!   `MaxAllowedUidsGreaterThanDefaultMaxAllowedUids`, `MinAllowedUidsGreaterThanMaxAllowedUids`,
//!   `MinAllowedUidsGreaterThanCurrentUids`, `MaxValidatorsLargerThanMaxUIds`,
//!   `BondsMovingAverageMaxReached`, `NegativeSigmoidSteepness`, `ValueNotInBounds`,
//!   `NotPermittedOnRootSubnet`, and SubtensorModule `TempoOutOfBounds`,
//!   `ActivityCutoffFactorMilliOutOfBounds` for these.
//! - Root is never rate-limited or frozen (except the owner-hotkey limit). At HEAD most setters
//!   also refuse root inside the freeze window; yuma-spec §6 and this runtime bind only owners.
//! - The subnet's existence is checked first, so a stranger on a missing subnet gets
//!   `SubnetNotExists` (chain: `BadOrigin`).
//! - `sudo_set_nominator_min_required_stake` only stores the value; subtensor also sweeps
//!   nominations below the new minimum when it rises (not done here).
//! - `sudo_set_default_take` writes both `default_take` and `max_delegate_take`: on chain it
//!   writes `MaxDelegateTake`, which is also the default take of new delegates.
//! - `set_tempo` and `set_activity_cutoff_factor` are SubtensorModule calls at HEAD; the
//!   `sudo_set_min_non_immune_uids`, `sudo_set_start_call_delay`, `sudo_set_burn_half_life`,
//!   `sudo_set_burn_increase_mult` and `sudo_set_max_epochs_per_block` calls are AdminUtils calls
//!   newer than runtime 331. All live here.
//! - dtao-only calls (no chain counterpart; the parameter is a runtime constant or set by
//!   migration there): `sudo_set_tao_weight`, `sudo_set_existential_deposit`,
//!   `sudo_set_staking_fee`, `sudo_set_min_stake`.
//! - Events subtensor does not deposit for a setter get a name in the same style:
//!   `RhoSet` (declared but not deposited on chain), `LiquidAlphaEnabledSet`, `AlphaValuesSet`,
//!   `EMAPriceHalvingBlocksSet`, `SubtokenEnabledSet`, `ImmuneOwnerUidsLimitSet`,
//!   `RecycleOrBurnSet`, `RegistrationPerIntervalSet` (declared on chain), `SubnetMovingAlphaSet`,
//!   `NominatorMinRequiredStakeSet`, `TaoWeightSet`, `ExistentialDepositSet`, `StakingFeeSet`,
//!   `MinStakeSet`.
//!
//! # Skipped AdminUtils calls (runtime 331), for features this chain does not have
//! `swap_authorities`, `schedule_grandpa_change` (consensus authorities); `sudo_set_evm_chain_id`,
//! `sudo_toggle_evm_precompile` (EVM); `sudo_set_tx_rate_limit` (no global per-key transaction
//! rate limit); `sudo_set_network_pow_registration_allowed` (PoW registration; HEAD refuses it
//! too); `sudo_set_total_issuance` (deprecated at HEAD; would break TAO conservation);
//! `sudo_set_coldkey_swap_schedule_duration` (coldkey swaps);
//! `sudo_set_dissolve_network_schedule_duration` (scheduled dissolution);
//! `sudo_set_commit_reveal_version` (timelocked CRv3 commits); `sudo_set_ck_burn` (childkeys);
//! `sudo_set_mechanism_count`, `sudo_set_mechanism_emission_split` (mechanisms);
//! `sudo_trim_to_max_allowed_uids` (removes neurons and compacts uids: neuron lifecycle, not a
//! parameter); `sudo_set_tao_flow_cutoff`, `sudo_set_tao_flow_normalization_exponent`,
//! `sudo_set_tao_flow_smoothing_factor` (TAO-flow emission). Also not taken from HEAD: max
//! mechanism count, coldkey swap delays, childkey takes, owner-cut toggles, subnet emission
//! toggle, net TAO flow, root claims, voting power, `trigger_epoch`. `MaxWeightsLimit` has no
//! setter (its getter is the constant 65 535).

use crate::dispatch::Origin;
use crate::error::Error;
use crate::event::Event;
use crate::hyperparams::{NetworkParams, RecycleOrBurn};
use crate::state::{State, Subnet};
use crate::units::Perbill64;
use dtao_primitives::{AccountId, NetUid};

/// Smallest tempo the owner may set (`MIN_TEMPO`).
pub const MIN_TEMPO: u16 = 360;
/// Largest tempo the owner may set (`MAX_TEMPO`).
pub const MAX_TEMPO: u16 = 50_400;
/// Blocks between two owner tempo changes (`TransactionType::TempoUpdate`).
pub const TEMPO_COOLDOWN_BLOCKS: u64 = 360;
/// Activity cutoff factor bounds in thousandths of a tempo.
pub const MIN_ACTIVITY_CUTOFF_FACTOR_MILLI: u32 = 1_000;
/// See [`MIN_ACTIVITY_CUTOFF_FACTOR_MILLI`].
pub const MAX_ACTIVITY_CUTOFF_FACTOR_MILLI: u32 = 50_000;
/// Smallest legacy activity cutoff in blocks (`MinActivityCutoff`).
pub const MIN_ACTIVITY_CUTOFF: u16 = 360;
/// Largest bonds moving average the owner may set (parts per million).
pub const OWNER_MAX_BONDS_MOVING_AVERAGE: u64 = 975_000;
/// Smallest liquid-alpha bound, `u16::MAX / 40`.
pub const MIN_ALPHA_VALUE: u16 = 1_638;
/// Largest `max_allowed_uids` (subtensor: 256; dtao allows 4 096).
pub const MAX_ALLOWED_UIDS_CAP: u16 = 4_096;
/// Commit-reveal period bounds in epochs.
pub const MIN_REVEAL_PERIOD_EPOCHS: u64 = 1;
/// See [`MIN_REVEAL_PERIOD_EPOCHS`].
pub const MAX_REVEAL_PERIOD_EPOCHS: u64 = 100;
/// `min_burn` must stay below this (1 TAO, `MinBurnUpperBound`).
pub const MIN_BURN_UPPER_BOUND_RAO: u64 = 1_000_000_000;
/// `max_burn` must stay above this (0.1 TAO, `MaxBurnLowerBound`).
pub const MAX_BURN_LOWER_BOUND_RAO: u64 = 100_000_000;
/// Largest burn half-life in blocks (`MaxBurnHalfLife`).
pub const MAX_BURN_HALF_LIFE: u16 = 36_100;
/// Burn increase multiplier bounds (1.0 and 3.0).
pub const MIN_BURN_INCREASE_MULT: Perbill64 = Perbill64::ONE;
/// See [`MIN_BURN_INCREASE_MULT`].
pub const MAX_BURN_INCREASE_MULT: Perbill64 = Perbill64::from_parts(3_000_000_000);
/// Owner-immune uid limit bounds (`MinImmuneOwnerUidsLimit`, `MaxImmuneOwnerUidsLimit`).
pub const MIN_IMMUNE_OWNER_UIDS_LIMIT: u16 = 1;
/// See [`MIN_IMMUNE_OWNER_UIDS_LIMIT`].
pub const MAX_IMMUNE_OWNER_UIDS_LIMIT: u16 = 10;
/// Tempos between two owner changes of the weights version key (`WeightsVersionKeyRateLimit`).
pub const WEIGHTS_VERSION_KEY_RATE_LIMIT_TEMPOS: u64 = 5;
/// Blocks between two changes of a subnet's owner hotkey (`DefaultSetSNOwnerHotkeyRateLimit`).
pub const SN_OWNER_HOTKEY_RATE_LIMIT_BLOCKS: u64 = 50_400;

/// AdminUtils calls (plus the two owner setters subtensor keeps in SubtensorModule). Names and
/// arguments follow subtensor; `netuid` is a [`NetUid`], fixed-point arguments are exact
/// [`Perbill64`] ratios.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminCall {
    // ---- network-wide, root ----
    /// Default (and maximum) delegate take.
    SudoSetDefaultTake {
        /// u16 proportion.
        default_take: u16,
    },
    /// Subnet owner cut.
    SudoSetSubnetOwnerCut {
        /// u16 proportion.
        subnet_owner_cut: u16,
    },
    /// Blocks between two subnet registrations.
    SudoSetNetworkRateLimit {
        /// Blocks.
        rate_limit: u64,
    },
    /// Blocks a new subnet cannot be pruned.
    SudoSetNetworkImmunityPeriod {
        /// Blocks.
        immunity_period: u64,
    },
    /// Floor of the subnet lock cost.
    SudoSetNetworkMinLockCost {
        /// Rao.
        lock_cost: u64,
    },
    /// Maximum number of subnets.
    SudoSetSubnetLimit {
        /// Subnets.
        max_subnets: u16,
    },
    /// Lock cost reduction interval.
    SudoSetLockReductionInterval {
        /// Blocks.
        interval: u64,
    },
    /// Minimum stake weight counted by the epoch.
    SudoSetStakeThreshold {
        /// Rao.
        min_stake: u64,
    },
    /// Nominator minimum stake factor.
    SudoSetNominatorMinRequiredStake {
        /// Per-million factor of the minimum stake.
        min_stake: u64,
    },
    /// Blocks between two take increases.
    SudoSetTxDelegateTakeRateLimit {
        /// Blocks.
        tx_rate_limit: u64,
    },
    /// Minimum delegate take.
    SudoSetMinDelegateTake {
        /// u16 proportion.
        take: u16,
    },
    /// Base of the EMA-price smoothing factor (chain: FixedI128/I96F32).
    SudoSetSubnetMovingAlpha {
        /// At most 1.0.
        alpha: Perbill64,
    },
    /// Admin freeze window.
    SudoSetAdminFreezeWindow {
        /// Blocks.
        window: u16,
    },
    /// Owner hyperparameter rate limit.
    SudoSetOwnerHparamRateLimit {
        /// Tempos.
        epochs: u16,
    },
    /// Blocks between `register_network` and `start_call` (HEAD).
    SudoSetStartCallDelay {
        /// Blocks.
        delay: u64,
    },
    /// Maximum epochs per block (HEAD).
    SudoSetMaxEpochsPerBlock {
        /// At least 1.
        max_epochs_per_block: u8,
    },
    /// Weight of root stake (dtao; set by migration on chain).
    SudoSetTaoWeight {
        /// Fraction of `u64::MAX`.
        tao_weight: u64,
    },
    /// Existential deposit (dtao; a runtime constant on chain).
    SudoSetExistentialDeposit {
        /// Rao, at least 1.
        existential_deposit: u64,
    },
    /// Flat R1 staking fee (dtao; a runtime constant on chain).
    SudoSetStakingFee {
        /// Rao.
        staking_fee: u64,
    },
    /// Minimum stake (dtao; a runtime constant on chain).
    SudoSetMinStake {
        /// Rao.
        min_stake: u64,
    },
    // ---- per subnet ----
    /// Serving rate limit (owner).
    SudoSetServingRateLimit {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        serving_rate_limit: u64,
    },
    /// Legacy PoW minimum difficulty (root).
    SudoSetMinDifficulty {
        /// Subnet.
        netuid: NetUid,
        /// Difficulty.
        min_difficulty: u64,
    },
    /// Legacy PoW maximum difficulty (owner).
    SudoSetMaxDifficulty {
        /// Subnet.
        netuid: NetUid,
        /// Difficulty.
        max_difficulty: u64,
    },
    /// Weights version key (owner, once per 5 tempos).
    SudoSetWeightsVersionKey {
        /// Subnet.
        netuid: NetUid,
        /// Minimum accepted version.
        weights_version_key: u64,
    },
    /// Weights set rate limit (root).
    SudoSetWeightsSetRateLimit {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        weights_set_rate_limit: u64,
    },
    /// Legacy adjustment interval (root).
    SudoSetAdjustmentInterval {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        adjustment_interval: u16,
    },
    /// Legacy adjustment alpha (owner).
    SudoSetAdjustmentAlpha {
        /// Subnet.
        netuid: NetUid,
        /// Fraction of `u64::MAX`.
        adjustment_alpha: u64,
    },
    /// Immunity period (owner).
    SudoSetImmunityPeriod {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        immunity_period: u16,
    },
    /// Minimum weights per set_weights (owner).
    SudoSetMinAllowedWeights {
        /// Subnet.
        netuid: NetUid,
        /// Entries.
        min_allowed_weights: u16,
    },
    /// Maximum uids (owner).
    SudoSetMaxAllowedUids {
        /// Subnet.
        netuid: NetUid,
        /// Uids.
        max_allowed_uids: u16,
    },
    /// Consensus majority (root).
    SudoSetKappa {
        /// Subnet.
        netuid: NetUid,
        /// u16 proportion.
        kappa: u16,
    },
    /// Rho (owner).
    SudoSetRho {
        /// Subnet.
        netuid: NetUid,
        /// Value.
        rho: u16,
    },
    /// Legacy absolute activity cutoff (owner).
    SudoSetActivityCutoff {
        /// Subnet.
        netuid: NetUid,
        /// Blocks, at least 360.
        activity_cutoff: u16,
    },
    /// Whether neurons can register (root).
    SudoSetNetworkRegistrationAllowed {
        /// Subnet.
        netuid: NetUid,
        /// Allowed.
        registration_allowed: bool,
    },
    /// Legacy registration target (root).
    SudoSetTargetRegistrationsPerInterval {
        /// Subnet.
        netuid: NetUid,
        /// Registrations.
        target_registrations_per_interval: u16,
    },
    /// Registration price floor (owner).
    SudoSetMinBurn {
        /// Subnet.
        netuid: NetUid,
        /// Rao.
        min_burn: u64,
    },
    /// Registration price ceiling (owner).
    SudoSetMaxBurn {
        /// Subnet.
        netuid: NetUid,
        /// Rao.
        max_burn: u64,
    },
    /// Legacy PoW difficulty (root).
    SudoSetDifficulty {
        /// Subnet.
        netuid: NetUid,
        /// Difficulty.
        difficulty: u64,
    },
    /// Validator permits (root).
    SudoSetMaxAllowedValidators {
        /// Subnet.
        netuid: NetUid,
        /// Validators.
        max_allowed_validators: u16,
    },
    /// Bonds moving average (owner).
    SudoSetBondsMovingAverage {
        /// Subnet.
        netuid: NetUid,
        /// Parts per million.
        bonds_moving_average: u64,
    },
    /// Legacy per-block registration cap (root).
    SudoSetMaxRegistrationsPerBlock {
        /// Subnet.
        netuid: NetUid,
        /// Registrations.
        max_registrations_per_block: u16,
    },
    /// Tempo, any value (root).
    SudoSetTempo {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        tempo: u16,
    },
    /// TAO recycled through registration (root).
    SudoSetRaoRecycled {
        /// Subnet.
        netuid: NetUid,
        /// Rao.
        rao_recycled: u64,
    },
    /// Commit-reveal of weights (owner).
    SudoSetCommitRevealWeightsEnabled {
        /// Subnet.
        netuid: NetUid,
        /// Enabled.
        enabled: bool,
    },
    /// Liquid alpha (owner).
    SudoSetLiquidAlphaEnabled {
        /// Subnet.
        netuid: NetUid,
        /// Enabled.
        enabled: bool,
    },
    /// Liquid alpha bounds (owner).
    SudoSetAlphaValues {
        /// Subnet.
        netuid: NetUid,
        /// Lower bound, u16 proportion.
        alpha_low: u16,
        /// Upper bound, u16 proportion.
        alpha_high: u16,
    },
    /// Commit-reveal period (owner).
    SudoSetCommitRevealWeightsInterval {
        /// Subnet.
        netuid: NetUid,
        /// Epochs, 1..=100.
        interval: u64,
    },
    /// Bonds penalty (owner).
    SudoSetBondsPenalty {
        /// Subnet.
        netuid: NetUid,
        /// u16 proportion.
        bonds_penalty: u16,
    },
    /// Stake transfers between coldkeys (owner).
    SudoSetToggleTransfer {
        /// Subnet.
        netuid: NetUid,
        /// Allowed.
        toggle: bool,
    },
    /// Owner hotkey (owner, once per 50 400 blocks).
    SudoSetSubnetOwnerHotkey {
        /// Subnet.
        netuid: NetUid,
        /// New owner hotkey.
        hotkey: AccountId,
    },
    /// EMA-price halving blocks (root).
    SudoSetEmaPriceHalvingPeriod {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        ema_halving: u64,
    },
    /// Staking and emission switch (root).
    SudoSetSubtokenEnabled {
        /// Subnet.
        netuid: NetUid,
        /// Enabled.
        subtoken_enabled: bool,
    },
    /// Owner hotkey (the newer name of [`AdminCall::SudoSetSubnetOwnerHotkey`]).
    SudoSetSnOwnerHotkey {
        /// Subnet.
        netuid: NetUid,
        /// New owner hotkey.
        hotkey: AccountId,
    },
    /// Liquid alpha sigmoid steepness (owner: ≥ 0; root: any).
    SudoSetAlphaSigmoidSteepness {
        /// Subnet.
        netuid: NetUid,
        /// Steepness.
        steepness: i16,
    },
    /// Yuma3 bonds (owner).
    SudoSetYuma3Enabled {
        /// Subnet.
        netuid: NetUid,
        /// Enabled.
        enabled: bool,
    },
    /// Bonds reset on commitment (owner).
    SudoSetBondsResetEnabled {
        /// Subnet.
        netuid: NetUid,
        /// Enabled.
        enabled: bool,
    },
    /// Owner-immune uid limit (owner).
    SudoSetOwnerImmuneNeuronLimit {
        /// Subnet.
        netuid: NetUid,
        /// 1..=10.
        immune_neurons: u16,
    },
    /// Minimum uids (root).
    SudoSetMinAllowedUids {
        /// Subnet.
        netuid: NetUid,
        /// Uids.
        min_allowed_uids: u16,
    },
    /// Burn or recycle the owner's own incentive (owner).
    SudoSetRecycleOrBurn {
        /// Subnet.
        netuid: NetUid,
        /// Choice.
        recycle_or_burn: RecycleOrBurn,
    },
    /// Pruning floor of non-immune uids (root, HEAD).
    SudoSetMinNonImmuneUids {
        /// Subnet.
        netuid: NetUid,
        /// Uids.
        min: u16,
    },
    /// Registration price half-life (owner, HEAD).
    SudoSetBurnHalfLife {
        /// Subnet.
        netuid: NetUid,
        /// Blocks, 1..=36 100.
        burn_half_life: u16,
    },
    /// Registration price multiplier (owner, HEAD; chain: U64F64).
    SudoSetBurnIncreaseMult {
        /// Subnet.
        netuid: NetUid,
        /// 1.0..=3.0.
        burn_increase_mult: Perbill64,
    },
    /// Tempo (owner only, 360..=50 400, cooldown; SubtensorModule at HEAD).
    SetTempo {
        /// Subnet.
        netuid: NetUid,
        /// Blocks.
        tempo: u16,
    },
    /// Activity cutoff factor (owner or root; SubtensorModule at HEAD).
    SetActivityCutoffFactor {
        /// Subnet.
        netuid: NetUid,
        /// Thousandths of a tempo, 1 000..=50 000.
        factor_milli: u32,
    },
}

impl AdminCall {
    /// Subtensor's name of the call (also the owner rate-limit key).
    pub fn name(&self) -> &'static str {
        use AdminCall as C;
        match self {
            C::SudoSetDefaultTake { .. } => "sudo_set_default_take",
            C::SudoSetSubnetOwnerCut { .. } => "sudo_set_subnet_owner_cut",
            C::SudoSetNetworkRateLimit { .. } => "sudo_set_network_rate_limit",
            C::SudoSetNetworkImmunityPeriod { .. } => "sudo_set_network_immunity_period",
            C::SudoSetNetworkMinLockCost { .. } => "sudo_set_network_min_lock_cost",
            C::SudoSetSubnetLimit { .. } => "sudo_set_subnet_limit",
            C::SudoSetLockReductionInterval { .. } => "sudo_set_lock_reduction_interval",
            C::SudoSetStakeThreshold { .. } => "sudo_set_stake_threshold",
            C::SudoSetNominatorMinRequiredStake { .. } => "sudo_set_nominator_min_required_stake",
            C::SudoSetTxDelegateTakeRateLimit { .. } => "sudo_set_tx_delegate_take_rate_limit",
            C::SudoSetMinDelegateTake { .. } => "sudo_set_min_delegate_take",
            C::SudoSetSubnetMovingAlpha { .. } => "sudo_set_subnet_moving_alpha",
            C::SudoSetAdminFreezeWindow { .. } => "sudo_set_admin_freeze_window",
            C::SudoSetOwnerHparamRateLimit { .. } => "sudo_set_owner_hparam_rate_limit",
            C::SudoSetStartCallDelay { .. } => "sudo_set_start_call_delay",
            C::SudoSetMaxEpochsPerBlock { .. } => "sudo_set_max_epochs_per_block",
            C::SudoSetTaoWeight { .. } => "sudo_set_tao_weight",
            C::SudoSetExistentialDeposit { .. } => "sudo_set_existential_deposit",
            C::SudoSetStakingFee { .. } => "sudo_set_staking_fee",
            C::SudoSetMinStake { .. } => "sudo_set_min_stake",
            C::SudoSetServingRateLimit { .. } => "sudo_set_serving_rate_limit",
            C::SudoSetMinDifficulty { .. } => "sudo_set_min_difficulty",
            C::SudoSetMaxDifficulty { .. } => "sudo_set_max_difficulty",
            C::SudoSetWeightsVersionKey { .. } => "sudo_set_weights_version_key",
            C::SudoSetWeightsSetRateLimit { .. } => "sudo_set_weights_set_rate_limit",
            C::SudoSetAdjustmentInterval { .. } => "sudo_set_adjustment_interval",
            C::SudoSetAdjustmentAlpha { .. } => "sudo_set_adjustment_alpha",
            C::SudoSetImmunityPeriod { .. } => "sudo_set_immunity_period",
            C::SudoSetMinAllowedWeights { .. } => "sudo_set_min_allowed_weights",
            C::SudoSetMaxAllowedUids { .. } => "sudo_set_max_allowed_uids",
            C::SudoSetKappa { .. } => "sudo_set_kappa",
            C::SudoSetRho { .. } => "sudo_set_rho",
            C::SudoSetActivityCutoff { .. } => "sudo_set_activity_cutoff",
            C::SudoSetNetworkRegistrationAllowed { .. } => "sudo_set_network_registration_allowed",
            C::SudoSetTargetRegistrationsPerInterval { .. } => {
                "sudo_set_target_registrations_per_interval"
            }
            C::SudoSetMinBurn { .. } => "sudo_set_min_burn",
            C::SudoSetMaxBurn { .. } => "sudo_set_max_burn",
            C::SudoSetDifficulty { .. } => "sudo_set_difficulty",
            C::SudoSetMaxAllowedValidators { .. } => "sudo_set_max_allowed_validators",
            C::SudoSetBondsMovingAverage { .. } => "sudo_set_bonds_moving_average",
            C::SudoSetMaxRegistrationsPerBlock { .. } => "sudo_set_max_registrations_per_block",
            C::SudoSetTempo { .. } => "sudo_set_tempo",
            C::SudoSetRaoRecycled { .. } => "sudo_set_rao_recycled",
            C::SudoSetCommitRevealWeightsEnabled { .. } => "sudo_set_commit_reveal_weights_enabled",
            C::SudoSetLiquidAlphaEnabled { .. } => "sudo_set_liquid_alpha_enabled",
            C::SudoSetAlphaValues { .. } => "sudo_set_alpha_values",
            C::SudoSetCommitRevealWeightsInterval { .. } => {
                "sudo_set_commit_reveal_weights_interval"
            }
            C::SudoSetBondsPenalty { .. } => "sudo_set_bonds_penalty",
            C::SudoSetToggleTransfer { .. } => "sudo_set_toggle_transfer",
            C::SudoSetSubnetOwnerHotkey { .. } => "sudo_set_subnet_owner_hotkey",
            C::SudoSetEmaPriceHalvingPeriod { .. } => "sudo_set_ema_price_halving_period",
            C::SudoSetSubtokenEnabled { .. } => "sudo_set_subtoken_enabled",
            C::SudoSetSnOwnerHotkey { .. } => "sudo_set_sn_owner_hotkey",
            C::SudoSetAlphaSigmoidSteepness { .. } => "sudo_set_alpha_sigmoid_steepness",
            C::SudoSetYuma3Enabled { .. } => "sudo_set_yuma3_enabled",
            C::SudoSetBondsResetEnabled { .. } => "sudo_set_bonds_reset_enabled",
            C::SudoSetOwnerImmuneNeuronLimit { .. } => "sudo_set_owner_immune_neuron_limit",
            C::SudoSetMinAllowedUids { .. } => "sudo_set_min_allowed_uids",
            C::SudoSetRecycleOrBurn { .. } => "sudo_set_recycle_or_burn",
            C::SudoSetMinNonImmuneUids { .. } => "sudo_set_min_non_immune_uids",
            C::SudoSetBurnHalfLife { .. } => "sudo_set_burn_half_life",
            C::SudoSetBurnIncreaseMult { .. } => "sudo_set_burn_increase_mult",
            C::SetTempo { .. } => "set_tempo",
            C::SetActivityCutoffFactor { .. } => "set_activity_cutoff_factor",
        }
    }

    /// The subnet the call changes, or `None` for network-wide parameters.
    pub fn netuid(&self) -> Option<NetUid> {
        use AdminCall as C;
        match self {
            C::SudoSetDefaultTake { .. }
            | C::SudoSetSubnetOwnerCut { .. }
            | C::SudoSetNetworkRateLimit { .. }
            | C::SudoSetNetworkImmunityPeriod { .. }
            | C::SudoSetNetworkMinLockCost { .. }
            | C::SudoSetSubnetLimit { .. }
            | C::SudoSetLockReductionInterval { .. }
            | C::SudoSetStakeThreshold { .. }
            | C::SudoSetNominatorMinRequiredStake { .. }
            | C::SudoSetTxDelegateTakeRateLimit { .. }
            | C::SudoSetMinDelegateTake { .. }
            | C::SudoSetSubnetMovingAlpha { .. }
            | C::SudoSetAdminFreezeWindow { .. }
            | C::SudoSetOwnerHparamRateLimit { .. }
            | C::SudoSetStartCallDelay { .. }
            | C::SudoSetMaxEpochsPerBlock { .. }
            | C::SudoSetTaoWeight { .. }
            | C::SudoSetExistentialDeposit { .. }
            | C::SudoSetStakingFee { .. }
            | C::SudoSetMinStake { .. } => None,
            C::SudoSetServingRateLimit { netuid, .. }
            | C::SudoSetMinDifficulty { netuid, .. }
            | C::SudoSetMaxDifficulty { netuid, .. }
            | C::SudoSetWeightsVersionKey { netuid, .. }
            | C::SudoSetWeightsSetRateLimit { netuid, .. }
            | C::SudoSetAdjustmentInterval { netuid, .. }
            | C::SudoSetAdjustmentAlpha { netuid, .. }
            | C::SudoSetImmunityPeriod { netuid, .. }
            | C::SudoSetMinAllowedWeights { netuid, .. }
            | C::SudoSetMaxAllowedUids { netuid, .. }
            | C::SudoSetKappa { netuid, .. }
            | C::SudoSetRho { netuid, .. }
            | C::SudoSetActivityCutoff { netuid, .. }
            | C::SudoSetNetworkRegistrationAllowed { netuid, .. }
            | C::SudoSetTargetRegistrationsPerInterval { netuid, .. }
            | C::SudoSetMinBurn { netuid, .. }
            | C::SudoSetMaxBurn { netuid, .. }
            | C::SudoSetDifficulty { netuid, .. }
            | C::SudoSetMaxAllowedValidators { netuid, .. }
            | C::SudoSetBondsMovingAverage { netuid, .. }
            | C::SudoSetMaxRegistrationsPerBlock { netuid, .. }
            | C::SudoSetTempo { netuid, .. }
            | C::SudoSetRaoRecycled { netuid, .. }
            | C::SudoSetCommitRevealWeightsEnabled { netuid, .. }
            | C::SudoSetLiquidAlphaEnabled { netuid, .. }
            | C::SudoSetAlphaValues { netuid, .. }
            | C::SudoSetCommitRevealWeightsInterval { netuid, .. }
            | C::SudoSetBondsPenalty { netuid, .. }
            | C::SudoSetToggleTransfer { netuid, .. }
            | C::SudoSetSubnetOwnerHotkey { netuid, .. }
            | C::SudoSetEmaPriceHalvingPeriod { netuid, .. }
            | C::SudoSetSubtokenEnabled { netuid, .. }
            | C::SudoSetSnOwnerHotkey { netuid, .. }
            | C::SudoSetAlphaSigmoidSteepness { netuid, .. }
            | C::SudoSetYuma3Enabled { netuid, .. }
            | C::SudoSetBondsResetEnabled { netuid, .. }
            | C::SudoSetOwnerImmuneNeuronLimit { netuid, .. }
            | C::SudoSetMinAllowedUids { netuid, .. }
            | C::SudoSetRecycleOrBurn { netuid, .. }
            | C::SudoSetMinNonImmuneUids { netuid, .. }
            | C::SudoSetBurnHalfLife { netuid, .. }
            | C::SudoSetBurnIncreaseMult { netuid, .. }
            | C::SetTempo { netuid, .. }
            | C::SetActivityCutoffFactor { netuid, .. } => Some(*netuid),
        }
    }
}

// ---- access rules -------------------------------------------------------------------------

/// Who may make a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// Root only.
    Root,
    /// The subnet owner or root.
    OwnerOrRoot,
    /// The subnet owner only (`set_tempo`).
    OwnerOnly,
}

/// How often a call may succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RateLimit {
    /// Never limited.
    Unlimited,
    /// Owner: once per `params.owner_hyperparam_rate_limit` tempos.
    OwnerHyperparam,
    /// Owner: once per this many tempos.
    OwnerTempos(u64),
    /// Owner: [`TEMPO_COOLDOWN_BLOCKS`] after `subnet.last_tempo_change`.
    TempoCooldown,
    /// Any origin: once per this many blocks.
    AnyOriginBlocks(u64),
}

/// The rules of one per-subnet setter.
#[derive(Clone, Copy, Debug)]
struct Rule {
    /// Rate-limit key in `owner_param_last_set`.
    key: &'static str,
    access: Access,
    limit: RateLimit,
    /// Refused for the owner inside the freeze window.
    freeze: bool,
}

impl Rule {
    /// Root-only setter.
    fn root(key: &'static str) -> Rule {
        Rule {
            key,
            access: Access::Root,
            limit: RateLimit::Unlimited,
            freeze: false,
        }
    }

    /// Owner-or-root setter with the owner hyperparameter rate limit and freeze window.
    fn owner(key: &'static str) -> Rule {
        Rule {
            key,
            access: Access::OwnerOrRoot,
            limit: RateLimit::OwnerHyperparam,
            freeze: true,
        }
    }
}

/// Whether the call acts as root or as the subnet owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Root,
    Owner,
}

fn authorize(subnet: &Subnet, origin: Origin, access: Access) -> Result<Caller, Error> {
    match (origin, access) {
        (Origin::Root, Access::Root | Access::OwnerOrRoot) => Ok(Caller::Root),
        (Origin::Signed(who), Access::OwnerOrRoot | Access::OwnerOnly)
            if who == subnet.owner_coldkey =>
        {
            Ok(Caller::Owner)
        }
        _ => Err(Error::BadOrigin),
    }
}

/// Block of the subnet's next scheduled epoch (`last_epoch_block + tempo`), `None` if tempo is 0.
pub fn next_epoch_block(subnet: &Subnet) -> Option<u64> {
    if subnet.hyperparams.tempo == 0 {
        return None;
    }
    Some(
        subnet
            .last_epoch_block
            .saturating_add(u64::from(subnet.hyperparams.tempo)),
    )
}

/// Whether owners are locked out of the subnet's hyperparameters at `block`: fewer than
/// `admin_freeze_window` blocks remain before the next epoch.
pub fn in_admin_freeze_window(params: &NetworkParams, subnet: &Subnet, block: u64) -> bool {
    next_epoch_block(subnet)
        .is_some_and(|next| next.saturating_sub(block) < u64::from(params.admin_freeze_window))
}

/// `last == 0 || now − last ≥ limit`, subtensor's rate-limit test.
fn passes_rate_limit(last_block: u64, now: u64, limit_blocks: u64) -> bool {
    last_block == 0 || now.saturating_sub(last_block) >= limit_blocks
}

fn tempos_to_blocks(subnet: &Subnet, tempos: u64) -> u64 {
    u64::from(subnet.hyperparams.tempo).saturating_mul(tempos)
}

fn check_rate_limit(
    params: &NetworkParams,
    subnet: &Subnet,
    rule: Rule,
    caller: Caller,
    now: u64,
) -> Result<(), Error> {
    let last_set = subnet
        .owner_param_last_set
        .get(rule.key)
        .copied()
        .unwrap_or(0);
    let passes = match (rule.limit, caller) {
        (RateLimit::Unlimited, _) => true,
        (RateLimit::AnyOriginBlocks(blocks), _) => passes_rate_limit(last_set, now, blocks),
        (_, Caller::Root) => true,
        (RateLimit::OwnerHyperparam, Caller::Owner) => {
            let tempos = u64::from(params.owner_hyperparam_rate_limit);
            passes_rate_limit(last_set, now, tempos_to_blocks(subnet, tempos))
        }
        (RateLimit::OwnerTempos(tempos), Caller::Owner) => {
            passes_rate_limit(last_set, now, tempos_to_blocks(subnet, tempos))
        }
        (RateLimit::TempoCooldown, Caller::Owner) => {
            passes_rate_limit(subnet.last_tempo_change, now, TEMPO_COOLDOWN_BLOCKS)
        }
    };
    if passes {
        Ok(())
    } else {
        Err(Error::TxRateLimitExceeded)
    }
}

fn record_rate_limit(subnet: &mut Subnet, rule: Rule, caller: Caller, now: u64) {
    match (rule.limit, caller) {
        (RateLimit::Unlimited, _) => {}
        (RateLimit::AnyOriginBlocks(_), _) => {
            subnet
                .owner_param_last_set
                .insert(rule.key.to_string(), now);
        }
        (_, Caller::Root) => {}
        (RateLimit::TempoCooldown, Caller::Owner) => subnet.last_tempo_change = now,
        (RateLimit::OwnerHyperparam | RateLimit::OwnerTempos(_), Caller::Owner) => {
            subnet
                .owner_param_last_set
                .insert(rule.key.to_string(), now);
        }
    }
}

// ---- generic setters ----------------------------------------------------------------------

/// The `HyperparameterSet` event.
fn param_event(name: &'static str, netuid: Option<NetUid>, value: i128) -> Event {
    Event::HyperparameterSet {
        name,
        netuid,
        value,
    }
}

/// Validate a per-subnet change (existence, origin, rate limit, freeze window, then `check`),
/// then `apply` it, record the owner's rate limit and emit `event`.
#[allow(clippy::too_many_arguments)]
fn set_subnet_param(
    state: &mut State,
    origin: Origin,
    netuid: NetUid,
    rule: Rule,
    check: impl FnOnce(&Subnet, Caller) -> Result<(), Error>,
    apply: impl FnOnce(&mut Subnet),
    event: Event,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let now = state.block;
    let subnet = state.subnet(netuid)?;
    let caller = authorize(subnet, origin, rule.access)?;
    check_rate_limit(&state.params, subnet, rule, caller, now)?;
    if caller == Caller::Owner && rule.freeze && in_admin_freeze_window(&state.params, subnet, now)
    {
        return Err(Error::AdminActionProhibitedDuringWeightsWindow);
    }
    check(subnet, caller)?;
    let subnet = state.subnet_mut(netuid)?;
    apply(subnet);
    record_rate_limit(subnet, rule, caller, now);
    events.push(event);
    Ok(())
}

/// Validate a network-wide change (root, then `valid`), then `apply` it and emit `HyperparameterSet`.
fn set_network_param(
    state: &mut State,
    origin: Origin,
    valid: Result<(), Error>,
    apply: impl FnOnce(&mut NetworkParams),
    name: &'static str,
    value: i128,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    origin.ensure_root()?;
    valid?;
    apply(&mut state.params);
    events.push(param_event(name, None, value));
    Ok(())
}

fn ensure(condition: bool, error: Error) -> Result<(), Error> {
    if condition {
        Ok(())
    } else {
        Err(error)
    }
}

fn no_check(_: &Subnet, _: Caller) -> Result<(), Error> {
    Ok(())
}

fn not_root_subnet(subnet: &Subnet) -> Result<(), Error> {
    ensure(!subnet.netuid.is_root(), Error::InvalidValue)
}

// ---- dispatch -----------------------------------------------------------------------------

/// Dispatch an AdminUtils call as `origin`. On error nothing has changed.
pub fn dispatch(
    state: &mut State,
    origin: Origin,
    call: AdminCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    if call.netuid().is_some() {
        dispatch_subnet(state, origin, call, events)
    } else {
        dispatch_network(state, origin, call, events)
    }
}

fn dispatch_network(
    state: &mut State,
    origin: Origin,
    call: AdminCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    use AdminCall as C;
    let s = state;
    let o = origin;
    let e = events;
    match call {
        C::SudoSetDefaultTake { default_take } => set_network_param(
            s,
            o,
            Ok(()),
            |p| {
                p.default_take = default_take;
                p.max_delegate_take = default_take;
            },
            "MaxDelegateTakeSet",
            default_take.into(),
            e,
        ),
        C::SudoSetSubnetOwnerCut { subnet_owner_cut } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.subnet_owner_cut = subnet_owner_cut,
            "SubnetOwnerCutSet",
            subnet_owner_cut.into(),
            e,
        ),
        C::SudoSetNetworkRateLimit { rate_limit } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.network_rate_limit = rate_limit,
            "NetworkRateLimitSet",
            rate_limit.into(),
            e,
        ),
        C::SudoSetNetworkImmunityPeriod { immunity_period } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.network_immunity_period = immunity_period,
            "NetworkImmunityPeriodSet",
            immunity_period.into(),
            e,
        ),
        C::SudoSetNetworkMinLockCost { lock_cost } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.network_min_lock_cost = lock_cost,
            "NetworkMinLockCostSet",
            lock_cost.into(),
            e,
        ),
        C::SudoSetSubnetLimit { max_subnets } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.subnet_limit = max_subnets,
            "SubnetLimitSet",
            max_subnets.into(),
            e,
        ),
        C::SudoSetLockReductionInterval { interval } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.network_lock_reduction_interval = interval,
            "NetworkLockCostReductionIntervalSet",
            interval.into(),
            e,
        ),
        C::SudoSetStakeThreshold { min_stake } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.stake_threshold = min_stake,
            "StakeThresholdSet",
            min_stake.into(),
            e,
        ),
        C::SudoSetNominatorMinRequiredStake { min_stake } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.nominator_min_required_stake = min_stake,
            "NominatorMinRequiredStakeSet",
            min_stake.into(),
            e,
        ),
        C::SudoSetTxDelegateTakeRateLimit { tx_rate_limit } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.tx_delegate_take_rate_limit = tx_rate_limit,
            "TxDelegateTakeRateLimitSet",
            tx_rate_limit.into(),
            e,
        ),
        C::SudoSetMinDelegateTake { take } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.min_delegate_take = take,
            "MinDelegateTakeSet",
            take.into(),
            e,
        ),
        C::SudoSetSubnetMovingAlpha { alpha } => set_network_param(
            s,
            o,
            ensure(alpha <= Perbill64::ONE, Error::InvalidValue),
            |p| p.subnet_moving_alpha = alpha,
            "SubnetMovingAlphaSet",
            alpha.0.into(),
            e,
        ),
        C::SudoSetAdminFreezeWindow { window } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.admin_freeze_window = window,
            "AdminFreezeWindowSet",
            window.into(),
            e,
        ),
        C::SudoSetOwnerHparamRateLimit { epochs } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.owner_hyperparam_rate_limit = epochs,
            "OwnerHyperparamRateLimitSet",
            epochs.into(),
            e,
        ),
        C::SudoSetStartCallDelay { delay } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.start_call_delay = delay,
            "StartCallDelaySet",
            delay.into(),
            e,
        ),
        C::SudoSetMaxEpochsPerBlock {
            max_epochs_per_block,
        } => set_network_param(
            s,
            o,
            ensure(max_epochs_per_block >= 1, Error::InvalidValue),
            |p| p.max_epochs_per_block = max_epochs_per_block,
            "MaxEpochsPerBlockSet",
            max_epochs_per_block.into(),
            e,
        ),
        C::SudoSetTaoWeight { tao_weight } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.tao_weight = tao_weight,
            "TaoWeightSet",
            tao_weight.into(),
            e,
        ),
        C::SudoSetExistentialDeposit {
            existential_deposit,
        } => set_network_param(
            s,
            o,
            ensure(existential_deposit >= 1, Error::InvalidValue),
            |p| p.existential_deposit = existential_deposit,
            "ExistentialDepositSet",
            existential_deposit.into(),
            e,
        ),
        C::SudoSetStakingFee { staking_fee } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.staking_fee = staking_fee,
            "StakingFeeSet",
            staking_fee.into(),
            e,
        ),
        C::SudoSetMinStake { min_stake } => set_network_param(
            s,
            o,
            Ok(()),
            |p| p.min_stake = min_stake,
            "MinStakeSet",
            min_stake.into(),
            e,
        ),
        // Per-subnet calls are routed to `dispatch_subnet`.
        _ => Err(Error::CallDisabled),
    }
}

fn dispatch_subnet(
    state: &mut State,
    origin: Origin,
    call: AdminCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    use AdminCall as C;
    let key = call.name();
    let now = state.block;
    let s = state;
    let o = origin;
    let e = events;
    let ev =
        |name: &'static str, netuid: NetUid, value: i128| param_event(name, Some(netuid), value);
    match call {
        C::SudoSetServingRateLimit {
            netuid,
            serving_rate_limit,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.serving_rate_limit = serving_rate_limit,
            ev("ServingRateLimitSet", netuid, serving_rate_limit.into()),
            e,
        ),
        C::SudoSetMinDifficulty {
            netuid,
            min_difficulty,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.min_difficulty = min_difficulty,
            ev("MinDifficultySet", netuid, min_difficulty.into()),
            e,
        ),
        C::SudoSetMaxDifficulty {
            netuid,
            max_difficulty,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.max_difficulty = max_difficulty,
            ev("MaxDifficultySet", netuid, max_difficulty.into()),
            e,
        ),
        C::SudoSetWeightsVersionKey {
            netuid,
            weights_version_key,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule {
                limit: RateLimit::OwnerTempos(WEIGHTS_VERSION_KEY_RATE_LIMIT_TEMPOS),
                ..Rule::owner(key)
            },
            no_check,
            |n| n.hyperparams.weights_version_key = weights_version_key,
            ev("WeightsVersionKeySet", netuid, weights_version_key.into()),
            e,
        ),
        C::SudoSetWeightsSetRateLimit {
            netuid,
            weights_set_rate_limit,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.weights_set_rate_limit = weights_set_rate_limit,
            ev(
                "WeightsSetRateLimitSet",
                netuid,
                weights_set_rate_limit.into(),
            ),
            e,
        ),
        C::SudoSetAdjustmentInterval {
            netuid,
            adjustment_interval,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.adjustment_interval = adjustment_interval,
            ev("AdjustmentIntervalSet", netuid, adjustment_interval.into()),
            e,
        ),
        C::SudoSetAdjustmentAlpha {
            netuid,
            adjustment_alpha,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.adjustment_alpha = adjustment_alpha,
            ev("AdjustmentAlphaSet", netuid, adjustment_alpha.into()),
            e,
        ),
        C::SudoSetImmunityPeriod {
            netuid,
            immunity_period,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.immunity_period = immunity_period,
            ev("ImmunityPeriodSet", netuid, immunity_period.into()),
            e,
        ),
        C::SudoSetMinAllowedWeights {
            netuid,
            min_allowed_weights,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.min_allowed_weights = min_allowed_weights,
            ev("MinAllowedWeightSet", netuid, min_allowed_weights.into()),
            e,
        ),
        C::SudoSetMaxAllowedUids {
            netuid,
            max_allowed_uids,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |n, _| {
                ensure(
                    max_allowed_uids >= n.hyperparams.min_allowed_uids
                        && max_allowed_uids >= n.n()
                        && max_allowed_uids <= MAX_ALLOWED_UIDS_CAP,
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.max_allowed_uids = max_allowed_uids,
            ev("MaxAllowedUidsSet", netuid, max_allowed_uids.into()),
            e,
        ),
        C::SudoSetKappa { netuid, kappa } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.kappa = kappa,
            ev("KappaSet", netuid, kappa.into()),
            e,
        ),
        C::SudoSetRho { netuid, rho } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.rho = rho,
            ev("RhoSet", netuid, rho.into()),
            e,
        ),
        C::SudoSetActivityCutoff {
            netuid,
            activity_cutoff,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |_, _| {
                ensure(
                    activity_cutoff >= MIN_ACTIVITY_CUTOFF,
                    Error::ActivityCutoffTooLow,
                )
            },
            |n| n.hyperparams.activity_cutoff = activity_cutoff,
            ev("ActivityCutoffSet", netuid, activity_cutoff.into()),
            e,
        ),
        C::SudoSetNetworkRegistrationAllowed {
            netuid,
            registration_allowed,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.registration_allowed = registration_allowed,
            ev("RegistrationAllowed", netuid, registration_allowed.into()),
            e,
        ),
        C::SudoSetTargetRegistrationsPerInterval {
            netuid,
            target_registrations_per_interval,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.target_registrations_per_interval = target_registrations_per_interval,
            ev(
                "RegistrationPerIntervalSet",
                netuid,
                target_registrations_per_interval.into(),
            ),
            e,
        ),
        C::SudoSetMinBurn { netuid, min_burn } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |n, _| {
                ensure(
                    min_burn < MIN_BURN_UPPER_BOUND_RAO && min_burn < n.hyperparams.max_burn,
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.min_burn = min_burn,
            ev("MinBurnSet", netuid, min_burn.into()),
            e,
        ),
        C::SudoSetMaxBurn { netuid, max_burn } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |n, _| {
                ensure(
                    max_burn > MAX_BURN_LOWER_BOUND_RAO && max_burn > n.hyperparams.min_burn,
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.max_burn = max_burn,
            ev("MaxBurnSet", netuid, max_burn.into()),
            e,
        ),
        C::SudoSetDifficulty { netuid, difficulty } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.difficulty = difficulty,
            ev("DifficultySet", netuid, difficulty.into()),
            e,
        ),
        C::SudoSetMaxAllowedValidators {
            netuid,
            max_allowed_validators,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            |n, _| {
                ensure(
                    max_allowed_validators <= n.hyperparams.max_allowed_uids,
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.max_allowed_validators = max_allowed_validators,
            ev(
                "MaxAllowedValidatorsSet",
                netuid,
                max_allowed_validators.into(),
            ),
            e,
        ),
        C::SudoSetBondsMovingAverage {
            netuid,
            bonds_moving_average,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |_, caller| {
                ensure(
                    caller == Caller::Root
                        || bonds_moving_average <= OWNER_MAX_BONDS_MOVING_AVERAGE,
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.bonds_moving_average = bonds_moving_average,
            ev("BondsMovingAverageSet", netuid, bonds_moving_average.into()),
            e,
        ),
        C::SudoSetMaxRegistrationsPerBlock {
            netuid,
            max_registrations_per_block,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.max_registrations_per_block = max_registrations_per_block,
            ev(
                "MaxRegistrationsPerBlockSet",
                netuid,
                max_registrations_per_block.into(),
            ),
            e,
        ),
        C::SudoSetTempo { netuid, tempo } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| {
                n.hyperparams.tempo = tempo;
                n.last_epoch_block = now;
            },
            ev("TempoSet", netuid, tempo.into()),
            e,
        ),
        C::SudoSetRaoRecycled {
            netuid,
            rao_recycled,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.rao_recycled_for_registration = rao_recycled,
            ev("RAORecycledForRegistrationSet", netuid, rao_recycled.into()),
            e,
        ),
        C::SudoSetCommitRevealWeightsEnabled { netuid, enabled } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.commit_reveal_weights_enabled = enabled,
            ev("CommitRevealEnabled", netuid, enabled.into()),
            e,
        ),
        C::SudoSetLiquidAlphaEnabled { netuid, enabled } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.liquid_alpha_on = enabled,
            ev("LiquidAlphaEnabledSet", netuid, enabled.into()),
            e,
        ),
        C::SudoSetAlphaValues {
            netuid,
            alpha_low,
            alpha_high,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |n, _| check_alpha_values(n, alpha_low, alpha_high),
            |n| n.hyperparams.alpha_values = (alpha_low, alpha_high),
            ev(
                "AlphaValuesSet",
                netuid,
                (i128::from(alpha_low) << 16) | i128::from(alpha_high),
            ),
            e,
        ),
        C::SudoSetCommitRevealWeightsInterval { netuid, interval } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |_, _| {
                ensure(
                    interval <= MAX_REVEAL_PERIOD_EPOCHS,
                    Error::RevealPeriodTooLarge,
                )?;
                ensure(
                    interval >= MIN_REVEAL_PERIOD_EPOCHS,
                    Error::RevealPeriodTooSmall,
                )
            },
            |n| n.hyperparams.reveal_period_epochs = interval,
            ev("CommitRevealPeriodsSet", netuid, interval.into()),
            e,
        ),
        C::SudoSetBondsPenalty {
            netuid,
            bonds_penalty,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.bonds_penalty = bonds_penalty,
            ev("BondsPenaltySet", netuid, bonds_penalty.into()),
            e,
        ),
        C::SudoSetToggleTransfer { netuid, toggle } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.transfer_allowed = toggle,
            ev("TransferToggle", netuid, toggle.into()),
            e,
        ),
        C::SudoSetSubnetOwnerHotkey { netuid, hotkey }
        | C::SudoSetSnOwnerHotkey { netuid, hotkey } => set_subnet_param(
            s,
            o,
            netuid,
            Rule {
                key: "sudo_set_sn_owner_hotkey",
                access: Access::OwnerOrRoot,
                limit: RateLimit::AnyOriginBlocks(SN_OWNER_HOTKEY_RATE_LIMIT_BLOCKS),
                freeze: false,
            },
            no_check,
            |n| n.owner_hotkey = hotkey,
            Event::SubnetOwnerHotkeySet(netuid, hotkey),
            e,
        ),
        C::SudoSetEmaPriceHalvingPeriod {
            netuid,
            ema_halving,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.ema_price_halving_blocks = ema_halving,
            ev("EMAPriceHalvingBlocksSet", netuid, ema_halving.into()),
            e,
        ),
        C::SudoSetSubtokenEnabled {
            netuid,
            subtoken_enabled,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.subtoken_enabled = subtoken_enabled,
            ev("SubtokenEnabledSet", netuid, subtoken_enabled.into()),
            e,
        ),
        C::SudoSetAlphaSigmoidSteepness { netuid, steepness } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |_, caller| {
                ensure(
                    caller == Caller::Root || steepness >= 0,
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.alpha_sigmoid_steepness = steepness,
            ev("AlphaSigmoidSteepnessSet", netuid, steepness.into()),
            e,
        ),
        C::SudoSetYuma3Enabled { netuid, enabled } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.yuma3_on = enabled,
            ev("Yuma3EnableToggled", netuid, enabled.into()),
            e,
        ),
        C::SudoSetBondsResetEnabled { netuid, enabled } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.bonds_reset_on = enabled,
            ev("BondsResetOnSet", netuid, enabled.into()),
            e,
        ),
        C::SudoSetOwnerImmuneNeuronLimit {
            netuid,
            immune_neurons,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |_, _| {
                ensure(
                    (MIN_IMMUNE_OWNER_UIDS_LIMIT..=MAX_IMMUNE_OWNER_UIDS_LIMIT)
                        .contains(&immune_neurons),
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.immune_owner_uids_limit = immune_neurons,
            ev("ImmuneOwnerUidsLimitSet", netuid, immune_neurons.into()),
            e,
        ),
        C::SudoSetMinAllowedUids {
            netuid,
            min_allowed_uids,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            |n, _| {
                ensure(
                    min_allowed_uids < n.hyperparams.max_allowed_uids && min_allowed_uids < n.n(),
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.min_allowed_uids = min_allowed_uids,
            ev("MinAllowedUidsSet", netuid, min_allowed_uids.into()),
            e,
        ),
        C::SudoSetRecycleOrBurn {
            netuid,
            recycle_or_burn,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            no_check,
            |n| n.hyperparams.recycle_or_burn = recycle_or_burn,
            ev(
                "RecycleOrBurnSet",
                netuid,
                recycle_or_burn_value(recycle_or_burn),
            ),
            e,
        ),
        C::SudoSetMinNonImmuneUids { netuid, min } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::root(key),
            no_check,
            |n| n.hyperparams.min_non_immune_uids = min,
            ev("MinNonImmuneUidsSet", netuid, min.into()),
            e,
        ),
        C::SudoSetBurnHalfLife {
            netuid,
            burn_half_life,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |n, _| {
                not_root_subnet(n)?;
                ensure(
                    (1..=MAX_BURN_HALF_LIFE).contains(&burn_half_life),
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.burn_half_life = burn_half_life,
            ev("BurnHalfLifeSet", netuid, burn_half_life.into()),
            e,
        ),
        C::SudoSetBurnIncreaseMult {
            netuid,
            burn_increase_mult,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |n, _| {
                not_root_subnet(n)?;
                ensure(
                    (MIN_BURN_INCREASE_MULT..=MAX_BURN_INCREASE_MULT).contains(&burn_increase_mult),
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.burn_increase_mult = burn_increase_mult,
            ev("BurnIncreaseMultSet", netuid, burn_increase_mult.0.into()),
            e,
        ),
        C::SetTempo { netuid, tempo } => set_subnet_param(
            s,
            o,
            netuid,
            Rule {
                key,
                access: Access::OwnerOnly,
                limit: RateLimit::TempoCooldown,
                freeze: true,
            },
            |_, _| {
                ensure(
                    (MIN_TEMPO..=MAX_TEMPO).contains(&tempo),
                    Error::InvalidValue,
                )
            },
            |n| {
                n.hyperparams.tempo = tempo;
                n.last_epoch_block = now;
            },
            ev("TempoSet", netuid, tempo.into()),
            e,
        ),
        C::SetActivityCutoffFactor {
            netuid,
            factor_milli,
        } => set_subnet_param(
            s,
            o,
            netuid,
            Rule::owner(key),
            |_, _| {
                ensure(
                    (MIN_ACTIVITY_CUTOFF_FACTOR_MILLI..=MAX_ACTIVITY_CUTOFF_FACTOR_MILLI)
                        .contains(&factor_milli),
                    Error::InvalidValue,
                )
            },
            |n| n.hyperparams.activity_cutoff_factor_milli = factor_milli,
            ev("ActivityCutoffFactorMilliSet", netuid, factor_milli.into()),
            e,
        ),
        // Network-wide calls are routed to `dispatch_network`.
        _ => Err(Error::CallDisabled),
    }
}

/// subtensor's `do_set_alpha_values` checks, in its order.
fn check_alpha_values(subnet: &Subnet, alpha_low: u16, alpha_high: u16) -> Result<(), Error> {
    ensure(
        subnet.hyperparams.liquid_alpha_on,
        Error::LiquidAlphaDisabled,
    )?;
    ensure(alpha_high >= MIN_ALPHA_VALUE, Error::AlphaHighTooLow)?;
    ensure(
        alpha_low >= MIN_ALPHA_VALUE && alpha_low <= alpha_high,
        Error::AlphaLowOutOfRange,
    )
}

fn recycle_or_burn_value(choice: RecycleOrBurn) -> i128 {
    match choice {
        RecycleOrBurn::Burn => 0,
        RecycleOrBurn::Recycle => 1,
    }
}

// ---- listing ------------------------------------------------------------------------------

/// Activity cutoff in blocks as the epoch uses it: `max(1, factor_milli × tempo / 1000)`.
fn activity_cutoff_blocks(subnet: &Subnet) -> u64 {
    u64::from(subnet.hyperparams.activity_cutoff_factor_milli)
        .saturating_mul(u64::from(subnet.hyperparams.tempo))
        / 1_000
}

/// Every hyperparameter of `subnet` as `(name, value)`. First the fields of bittensor's
/// `SubnetHyperparameters` in the order of subtensor's `SubnetHyperparamsV2`, with the SDK's names
/// (`max_weight_limit` is the chain's `max_weights_limit`); `activity_cutoff` is the effective
/// cutoff in blocks (HEAD), `alpha_sigmoid_steepness` the raw i16, `yuma_version` 3 or 2,
/// `subnet_is_active` the subtoken switch, `user_liquidity_enabled` always 0. Then this chain's
/// other hyperparameters (names as in HEAD's `SubnetHyperparamsV3` where it has them):
/// `max_allowed_uids`, `min_allowed_uids`, `activity_cutoff_factor` (‰ of tempo),
/// `legacy_activity_cutoff` (the stored `sudo_set_activity_cutoff` value), `burn`,
/// `burn_half_life`, `burn_increase_mult` (parts per 10^9), `bonds_penalty`,
/// `immune_owner_uids_limit`, `min_non_immune_uids`, `recycle_or_burn` (0 burn, 1 recycle),
/// `ema_price_halving_blocks`. Booleans are 0/1.
pub fn hyperparameter_table(subnet: &Subnet) -> Vec<(&'static str, i128)> {
    let h = &subnet.hyperparams;
    let (alpha_low, alpha_high) = h.alpha_values;
    vec![
        ("rho", h.rho.into()),
        ("kappa", h.kappa.into()),
        ("immunity_period", h.immunity_period.into()),
        ("min_allowed_weights", h.min_allowed_weights.into()),
        ("max_weight_limit", h.max_weights_limit.into()),
        ("tempo", h.tempo.into()),
        ("min_difficulty", h.min_difficulty.into()),
        ("max_difficulty", h.max_difficulty.into()),
        ("weights_version", h.weights_version_key.into()),
        ("weights_rate_limit", h.weights_set_rate_limit.into()),
        ("adjustment_interval", h.adjustment_interval.into()),
        (
            "activity_cutoff",
            activity_cutoff_blocks(subnet).max(1).into(),
        ),
        ("registration_allowed", h.registration_allowed.into()),
        (
            "target_regs_per_interval",
            h.target_registrations_per_interval.into(),
        ),
        ("min_burn", h.min_burn.into()),
        ("max_burn", h.max_burn.into()),
        ("bonds_moving_avg", h.bonds_moving_average.into()),
        ("max_regs_per_block", h.max_registrations_per_block.into()),
        ("serving_rate_limit", h.serving_rate_limit.into()),
        ("max_validators", h.max_allowed_validators.into()),
        ("adjustment_alpha", h.adjustment_alpha.into()),
        ("difficulty", h.difficulty.into()),
        ("commit_reveal_period", h.reveal_period_epochs.into()),
        (
            "commit_reveal_weights_enabled",
            h.commit_reveal_weights_enabled.into(),
        ),
        ("alpha_high", alpha_high.into()),
        ("alpha_low", alpha_low.into()),
        ("liquid_alpha_enabled", h.liquid_alpha_on.into()),
        ("alpha_sigmoid_steepness", h.alpha_sigmoid_steepness.into()),
        ("yuma_version", if h.yuma3_on { 3 } else { 2 }),
        ("subnet_is_active", subnet.subtoken_enabled.into()),
        ("transfers_enabled", h.transfer_allowed.into()),
        ("bonds_reset_enabled", h.bonds_reset_on.into()),
        ("user_liquidity_enabled", 0),
        ("max_allowed_uids", h.max_allowed_uids.into()),
        ("min_allowed_uids", h.min_allowed_uids.into()),
        (
            "activity_cutoff_factor",
            h.activity_cutoff_factor_milli.into(),
        ),
        ("legacy_activity_cutoff", h.activity_cutoff.into()),
        ("burn", h.burn.into()),
        ("burn_half_life", h.burn_half_life.into()),
        ("burn_increase_mult", h.burn_increase_mult.0.into()),
        ("bonds_penalty", h.bonds_penalty.into()),
        ("immune_owner_uids_limit", h.immune_owner_uids_limit.into()),
        ("min_non_immune_uids", h.min_non_immune_uids.into()),
        ("recycle_or_burn", recycle_or_burn_value(h.recycle_or_burn)),
        (
            "ema_price_halving_blocks",
            h.ema_price_halving_blocks.into(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn subnet(tempo: u16, last_epoch_block: u64) -> Subnet {
        let mut subnet = Subnet::new(
            NetUid(1),
            AccountId::from_seed_byte(1),
            AccountId::from_seed_byte(2),
            0,
        );
        subnet.hyperparams.tempo = tempo;
        subnet.last_epoch_block = last_epoch_block;
        subnet
    }

    #[test]
    fn rate_limit_treats_block_zero_as_never() {
        assert!(passes_rate_limit(0, 5, 100));
        assert!(!passes_rate_limit(1, 100, 100));
        assert!(passes_rate_limit(1, 101, 100));
        assert!(passes_rate_limit(7, 7, 0));
    }

    #[test]
    fn origins_map_to_callers() {
        let subnet = subnet(360, 0);
        let owner = Origin::Signed(AccountId::from_seed_byte(1));
        let other = Origin::Signed(AccountId::from_seed_byte(3));
        assert_eq!(
            authorize(&subnet, Origin::Root, Access::Root),
            Ok(Caller::Root)
        );
        assert_eq!(
            authorize(&subnet, owner, Access::Root),
            Err(Error::BadOrigin)
        );
        assert_eq!(
            authorize(&subnet, owner, Access::OwnerOrRoot),
            Ok(Caller::Owner)
        );
        assert_eq!(
            authorize(&subnet, other, Access::OwnerOrRoot),
            Err(Error::BadOrigin)
        );
        assert_eq!(
            authorize(&subnet, owner, Access::OwnerOnly),
            Ok(Caller::Owner)
        );
        assert_eq!(
            authorize(&subnet, Origin::Root, Access::OwnerOnly),
            Err(Error::BadOrigin)
        );
    }

    #[test]
    fn freeze_window_counts_blocks_left_before_the_next_epoch() {
        let params = NetworkParams::default();
        let busy = subnet(360, 1_000);
        assert_eq!(next_epoch_block(&busy), Some(1_360));
        assert!(!in_admin_freeze_window(&params, &busy, 1_350));
        assert!(in_admin_freeze_window(&params, &busy, 1_351));
        assert!(in_admin_freeze_window(&params, &busy, 2_000));
        let idle = subnet(0, 0);
        assert_eq!(next_epoch_block(&idle), None);
        assert!(!in_admin_freeze_window(&params, &idle, 5));
    }

    #[test]
    fn effective_activity_cutoff() {
        let mut subnet = subnet(360, 0);
        assert_eq!(activity_cutoff_blocks(&subnet), 5_000);
        subnet.hyperparams.tempo = 0;
        assert_eq!(activity_cutoff_blocks(&subnet), 0);
        let table = hyperparameter_table(&subnet);
        assert!(table.contains(&("activity_cutoff", 1)));
    }

    #[test]
    fn netuid_and_name_agree_with_the_call() {
        let call = AdminCall::SudoSetKappa {
            netuid: NetUid(3),
            kappa: 1,
        };
        assert_eq!(call.netuid(), Some(NetUid(3)));
        assert_eq!(call.name(), "sudo_set_kappa");
        let call = AdminCall::SudoSetTaoWeight { tao_weight: 1 };
        assert_eq!(call.netuid(), None);
    }
}
