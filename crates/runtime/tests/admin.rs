//! AdminUtils scenario tests: for every call, who may make it (owner, root, stranger), its
//! ranges, the owner rate limit and the admin freeze window, each refusal leaving the state
//! exactly unchanged; plus sudo routing and the hyperparameter listing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::admin::{self, hyperparameter_table, AdminCall};
use dtao_runtime::call::{RuntimeCall, SudoCall};
use dtao_runtime::hyperparams::{NetworkParams, RecycleOrBurn};
use dtao_runtime::state::{Neuron, State, Subnet};
use dtao_runtime::units::Perbill64;
use dtao_runtime::{dispatch, Error, Event, Origin};
use std::collections::BTreeSet;

const NET: NetUid = NetUid(1);
/// A block well inside the tempo: the next epoch is far away.
const START_BLOCK: u64 = 1_000;

fn owner() -> AccountId {
    AccountId::from_seed_byte(1)
}

fn owner_hotkey() -> AccountId {
    AccountId::from_seed_byte(2)
}

fn stranger() -> AccountId {
    AccountId::from_seed_byte(3)
}

fn sudo_key() -> AccountId {
    AccountId::from_seed_byte(4)
}

/// A chain at `START_BLOCK` with subnet 1 owned by `owner()`, its last epoch 10 blocks ago.
fn base_state() -> State {
    let mut state = State::new(NetworkParams::default());
    state.block = START_BLOCK;
    state.sudo_key = Some(sudo_key());
    let mut subnet = Subnet::new(NET, owner(), owner_hotkey(), 0);
    subnet.last_epoch_block = START_BLOCK - 10;
    state.subnets.insert(NET, subnet);
    state
}

fn add_neurons(state: &mut State, count: u8) {
    let subnet = state.subnets.get_mut(&NET).unwrap();
    for i in 0..count {
        let hotkey = AccountId::from_seed_byte(100 + i);
        subnet.uids.insert(hotkey, u16::from(i));
        subnet.neurons.push(Neuron {
            hotkey,
            ..Neuron::default()
        });
    }
}

/// Move to `block` keeping the next epoch far away (last epoch 10 blocks ago).
fn advance_to(state: &mut State, block: u64) {
    state.block = block;
    state.subnets.get_mut(&NET).unwrap().last_epoch_block = block - 10;
}

fn sn(state: &State) -> &Subnet {
    &state.subnets[&NET]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Root,
    Owner,
    Stranger,
}

fn origin(who: Who) -> Origin {
    match who {
        Who::Root => Origin::Root,
        Who::Owner => Origin::Signed(owner()),
        Who::Stranger => Origin::Signed(stranger()),
    }
}

/// Who may make a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Root,
    OwnerOrRoot,
    OwnerOnly,
}

/// One call of the table: a valid instance, how to read back what it sets, who may make it and
/// how it may fail.
struct Case {
    call: AdminCall,
    access: Access,
    /// Event name on success.
    event: &'static str,
    /// Reads the value the call sets (as the event reports it).
    get: fn(&State) -> i128,
    /// Value after a successful call.
    expect: i128,
    /// State preparation before each attempt.
    prepare: fn(&mut State),
    /// Refused calls: (origin, call, error).
    bad: Vec<(Who, AdminCall, Error)>,
    /// Blocks an owner must wait between two successes (None: root-only).
    owner_limit_blocks: Option<u64>,
    /// Refused to the owner inside the freeze window.
    freeze: bool,
}

fn nothing(_: &mut State) {}

fn network(
    call: AdminCall,
    event: &'static str,
    get: fn(&State) -> i128,
    expect: i128,
    bad: Vec<AdminCall>,
) -> Case {
    Case {
        call,
        access: Access::Root,
        event,
        get,
        expect,
        prepare: nothing,
        bad: bad
            .into_iter()
            .map(|call| (Who::Root, call, Error::InvalidValue))
            .collect(),
        owner_limit_blocks: None,
        freeze: false,
    }
}

fn root_subnet_case(
    call: AdminCall,
    event: &'static str,
    get: fn(&State) -> i128,
    expect: i128,
) -> Case {
    Case {
        call,
        access: Access::Root,
        event,
        get,
        expect,
        prepare: nothing,
        bad: Vec::new(),
        owner_limit_blocks: None,
        freeze: false,
    }
}

/// Two tempos of 360 blocks (`owner_hyperparam_rate_limit` default 2).
const OWNER_LIMIT: u64 = 720;

fn owner_case(call: AdminCall, event: &'static str, get: fn(&State) -> i128, expect: i128) -> Case {
    Case {
        call,
        access: Access::OwnerOrRoot,
        event,
        get,
        expect,
        prepare: nothing,
        bad: Vec::new(),
        owner_limit_blocks: Some(OWNER_LIMIT),
        freeze: true,
    }
}

fn with_bad(mut case: Case, bad: Vec<(Who, AdminCall, Error)>) -> Case {
    case.bad = bad;
    case
}

fn with_prepare(mut case: Case, prepare: fn(&mut State)) -> Case {
    case.prepare = prepare;
    case
}

fn b(value: bool) -> i128 {
    i128::from(value)
}

#[allow(clippy::too_many_lines)]
fn cases() -> Vec<Case> {
    use AdminCall as C;
    use Error as E;
    use Who::{Owner, Root};
    let n = NET;
    vec![
        // ---- network-wide ----
        network(
            C::SudoSetDefaultTake {
                default_take: 1_000,
            },
            "MaxDelegateTakeSet",
            |s| s.params.default_take.into(),
            1_000,
            vec![],
        ),
        network(
            C::SudoSetSubnetOwnerCut {
                subnet_owner_cut: 5,
            },
            "SubnetOwnerCutSet",
            |s| s.params.subnet_owner_cut.into(),
            5,
            vec![],
        ),
        network(
            C::SudoSetNetworkRateLimit { rate_limit: 7 },
            "NetworkRateLimitSet",
            |s| s.params.network_rate_limit.into(),
            7,
            vec![],
        ),
        network(
            C::SudoSetNetworkImmunityPeriod { immunity_period: 8 },
            "NetworkImmunityPeriodSet",
            |s| s.params.network_immunity_period.into(),
            8,
            vec![],
        ),
        network(
            C::SudoSetNetworkMinLockCost { lock_cost: 9 },
            "NetworkMinLockCostSet",
            |s| s.params.network_min_lock_cost.into(),
            9,
            vec![],
        ),
        network(
            C::SudoSetSubnetLimit { max_subnets: 12 },
            "SubnetLimitSet",
            |s| s.params.subnet_limit.into(),
            12,
            vec![],
        ),
        network(
            C::SudoSetLockReductionInterval { interval: 13 },
            "NetworkLockCostReductionIntervalSet",
            |s| s.params.network_lock_reduction_interval.into(),
            13,
            vec![],
        ),
        network(
            C::SudoSetStakeThreshold { min_stake: 14 },
            "StakeThresholdSet",
            |s| s.params.stake_threshold.into(),
            14,
            vec![],
        ),
        network(
            C::SudoSetNominatorMinRequiredStake { min_stake: 15 },
            "NominatorMinRequiredStakeSet",
            |s| s.params.nominator_min_required_stake.into(),
            15,
            vec![],
        ),
        network(
            C::SudoSetTxDelegateTakeRateLimit { tx_rate_limit: 16 },
            "TxDelegateTakeRateLimitSet",
            |s| s.params.tx_delegate_take_rate_limit.into(),
            16,
            vec![],
        ),
        network(
            C::SudoSetMinDelegateTake { take: 17 },
            "MinDelegateTakeSet",
            |s| s.params.min_delegate_take.into(),
            17,
            vec![],
        ),
        network(
            C::SudoSetSubnetMovingAlpha {
                alpha: Perbill64::ONE,
            },
            "SubnetMovingAlphaSet",
            |s| s.params.subnet_moving_alpha.0.into(),
            1_000_000_000,
            vec![C::SudoSetSubnetMovingAlpha {
                alpha: Perbill64::from_parts(1_000_000_001),
            }],
        ),
        network(
            C::SudoSetAdminFreezeWindow { window: 18 },
            "AdminFreezeWindowSet",
            |s| s.params.admin_freeze_window.into(),
            18,
            vec![],
        ),
        network(
            C::SudoSetOwnerHparamRateLimit { epochs: 19 },
            "OwnerHyperparamRateLimitSet",
            |s| s.params.owner_hyperparam_rate_limit.into(),
            19,
            vec![],
        ),
        network(
            C::SudoSetStartCallDelay { delay: 20 },
            "StartCallDelaySet",
            |s| s.params.start_call_delay.into(),
            20,
            vec![],
        ),
        network(
            C::SudoSetMaxEpochsPerBlock {
                max_epochs_per_block: 1,
            },
            "MaxEpochsPerBlockSet",
            |s| s.params.max_epochs_per_block.into(),
            1,
            vec![C::SudoSetMaxEpochsPerBlock {
                max_epochs_per_block: 0,
            }],
        ),
        network(
            C::SudoSetTaoWeight { tao_weight: 21 },
            "TaoWeightSet",
            |s| s.params.tao_weight.into(),
            21,
            vec![],
        ),
        network(
            C::SudoSetExistentialDeposit {
                existential_deposit: 1,
            },
            "ExistentialDepositSet",
            |s| s.params.existential_deposit.into(),
            1,
            vec![C::SudoSetExistentialDeposit {
                existential_deposit: 0,
            }],
        ),
        network(
            C::SudoSetStakingFee { staking_fee: 22 },
            "StakingFeeSet",
            |s| s.params.staking_fee.into(),
            22,
            vec![],
        ),
        network(
            C::SudoSetMinStake { min_stake: 23 },
            "MinStakeSet",
            |s| s.params.min_stake.into(),
            23,
            vec![],
        ),
        // ---- per subnet ----
        owner_case(
            C::SudoSetServingRateLimit {
                netuid: n,
                serving_rate_limit: 7,
            },
            "ServingRateLimitSet",
            |s| sn(s).hyperparams.serving_rate_limit.into(),
            7,
        ),
        root_subnet_case(
            C::SudoSetMinDifficulty {
                netuid: n,
                min_difficulty: 7,
            },
            "MinDifficultySet",
            |s| sn(s).hyperparams.min_difficulty.into(),
            7,
        ),
        owner_case(
            C::SudoSetMaxDifficulty {
                netuid: n,
                max_difficulty: 7,
            },
            "MaxDifficultySet",
            |s| sn(s).hyperparams.max_difficulty.into(),
            7,
        ),
        Case {
            owner_limit_blocks: Some(5 * 360),
            ..owner_case(
                C::SudoSetWeightsVersionKey {
                    netuid: n,
                    weights_version_key: 7,
                },
                "WeightsVersionKeySet",
                |s| sn(s).hyperparams.weights_version_key.into(),
                7,
            )
        },
        root_subnet_case(
            C::SudoSetWeightsSetRateLimit {
                netuid: n,
                weights_set_rate_limit: 7,
            },
            "WeightsSetRateLimitSet",
            |s| sn(s).hyperparams.weights_set_rate_limit.into(),
            7,
        ),
        root_subnet_case(
            C::SudoSetAdjustmentInterval {
                netuid: n,
                adjustment_interval: 7,
            },
            "AdjustmentIntervalSet",
            |s| sn(s).hyperparams.adjustment_interval.into(),
            7,
        ),
        owner_case(
            C::SudoSetAdjustmentAlpha {
                netuid: n,
                adjustment_alpha: 7,
            },
            "AdjustmentAlphaSet",
            |s| sn(s).hyperparams.adjustment_alpha.into(),
            7,
        ),
        owner_case(
            C::SudoSetImmunityPeriod {
                netuid: n,
                immunity_period: 7,
            },
            "ImmunityPeriodSet",
            |s| sn(s).hyperparams.immunity_period.into(),
            7,
        ),
        owner_case(
            C::SudoSetMinAllowedWeights {
                netuid: n,
                min_allowed_weights: 7,
            },
            "MinAllowedWeightSet",
            |s| sn(s).hyperparams.min_allowed_weights.into(),
            7,
        ),
        with_prepare(
            with_bad(
                owner_case(
                    C::SudoSetMaxAllowedUids {
                        netuid: n,
                        max_allowed_uids: 4_096,
                    },
                    "MaxAllowedUidsSet",
                    |s| sn(s).hyperparams.max_allowed_uids.into(),
                    4_096,
                ),
                vec![
                    (
                        Owner,
                        C::SudoSetMaxAllowedUids {
                            netuid: n,
                            max_allowed_uids: 4_097,
                        },
                        E::InvalidValue,
                    ),
                    (
                        Root,
                        C::SudoSetMaxAllowedUids {
                            netuid: n,
                            max_allowed_uids: 4_097,
                        },
                        E::InvalidValue,
                    ),
                    // Below the 10 registered uids.
                    (
                        Owner,
                        C::SudoSetMaxAllowedUids {
                            netuid: n,
                            max_allowed_uids: 9,
                        },
                        E::InvalidValue,
                    ),
                    // Below min_allowed_uids (set to 12).
                    (
                        Owner,
                        C::SudoSetMaxAllowedUids {
                            netuid: n,
                            max_allowed_uids: 11,
                        },
                        E::InvalidValue,
                    ),
                ],
            ),
            |s| {
                add_neurons(s, 10);
                s.subnets
                    .get_mut(&NET)
                    .unwrap()
                    .hyperparams
                    .min_allowed_uids = 12;
            },
        ),
        root_subnet_case(
            C::SudoSetKappa {
                netuid: n,
                kappa: 7,
            },
            "KappaSet",
            |s| sn(s).hyperparams.kappa.into(),
            7,
        ),
        owner_case(
            C::SudoSetRho { netuid: n, rho: 7 },
            "RhoSet",
            |s| sn(s).hyperparams.rho.into(),
            7,
        ),
        with_bad(
            owner_case(
                C::SudoSetActivityCutoff {
                    netuid: n,
                    activity_cutoff: 360,
                },
                "ActivityCutoffSet",
                |s| sn(s).hyperparams.activity_cutoff.into(),
                360,
            ),
            vec![(
                Owner,
                C::SudoSetActivityCutoff {
                    netuid: n,
                    activity_cutoff: 359,
                },
                E::ActivityCutoffTooLow,
            )],
        ),
        root_subnet_case(
            C::SudoSetNetworkRegistrationAllowed {
                netuid: n,
                registration_allowed: false,
            },
            "RegistrationAllowed",
            |s| b(sn(s).hyperparams.registration_allowed),
            0,
        ),
        root_subnet_case(
            C::SudoSetTargetRegistrationsPerInterval {
                netuid: n,
                target_registrations_per_interval: 7,
            },
            "RegistrationPerIntervalSet",
            |s| sn(s).hyperparams.target_registrations_per_interval.into(),
            7,
        ),
        with_prepare(
            with_bad(
                owner_case(
                    C::SudoSetMinBurn {
                        netuid: n,
                        min_burn: 600_000,
                    },
                    "MinBurnSet",
                    |s| sn(s).hyperparams.min_burn.into(),
                    600_000,
                ),
                vec![
                    (
                        Owner,
                        C::SudoSetMinBurn {
                            netuid: n,
                            min_burn: 1_000_000_000,
                        },
                        E::InvalidValue,
                    ),
                    // Not below max_burn (set to 0.2 TAO).
                    (
                        Owner,
                        C::SudoSetMinBurn {
                            netuid: n,
                            min_burn: 200_000_000,
                        },
                        E::InvalidValue,
                    ),
                ],
            ),
            |s| s.subnets.get_mut(&NET).unwrap().hyperparams.max_burn = 200_000_000,
        ),
        with_prepare(
            with_bad(
                owner_case(
                    C::SudoSetMaxBurn {
                        netuid: n,
                        max_burn: 50_000_000_000,
                    },
                    "MaxBurnSet",
                    |s| sn(s).hyperparams.max_burn.into(),
                    50_000_000_000,
                ),
                vec![
                    (
                        Owner,
                        C::SudoSetMaxBurn {
                            netuid: n,
                            max_burn: 100_000_000,
                        },
                        E::InvalidValue,
                    ),
                    // Not above min_burn (set to 0.5 TAO).
                    (
                        Owner,
                        C::SudoSetMaxBurn {
                            netuid: n,
                            max_burn: 500_000_000,
                        },
                        E::InvalidValue,
                    ),
                ],
            ),
            |s| s.subnets.get_mut(&NET).unwrap().hyperparams.min_burn = 500_000_000,
        ),
        root_subnet_case(
            C::SudoSetDifficulty {
                netuid: n,
                difficulty: 7,
            },
            "DifficultySet",
            |s| sn(s).hyperparams.difficulty.into(),
            7,
        ),
        with_bad(
            root_subnet_case(
                C::SudoSetMaxAllowedValidators {
                    netuid: n,
                    max_allowed_validators: 256,
                },
                "MaxAllowedValidatorsSet",
                |s| sn(s).hyperparams.max_allowed_validators.into(),
                256,
            ),
            vec![(
                Root,
                C::SudoSetMaxAllowedValidators {
                    netuid: n,
                    max_allowed_validators: 257,
                },
                E::InvalidValue,
            )],
        ),
        with_bad(
            owner_case(
                C::SudoSetBondsMovingAverage {
                    netuid: n,
                    bonds_moving_average: 975_000,
                },
                "BondsMovingAverageSet",
                |s| sn(s).hyperparams.bonds_moving_average.into(),
                975_000,
            ),
            vec![(
                Owner,
                C::SudoSetBondsMovingAverage {
                    netuid: n,
                    bonds_moving_average: 975_001,
                },
                E::InvalidValue,
            )],
        ),
        root_subnet_case(
            C::SudoSetMaxRegistrationsPerBlock {
                netuid: n,
                max_registrations_per_block: 7,
            },
            "MaxRegistrationsPerBlockSet",
            |s| sn(s).hyperparams.max_registrations_per_block.into(),
            7,
        ),
        root_subnet_case(
            C::SudoSetTempo {
                netuid: n,
                tempo: 7,
            },
            "TempoSet",
            |s| sn(s).hyperparams.tempo.into(),
            7,
        ),
        root_subnet_case(
            C::SudoSetRaoRecycled {
                netuid: n,
                rao_recycled: 7,
            },
            "RAORecycledForRegistrationSet",
            |s| sn(s).rao_recycled_for_registration.into(),
            7,
        ),
        owner_case(
            C::SudoSetCommitRevealWeightsEnabled {
                netuid: n,
                enabled: true,
            },
            "CommitRevealEnabled",
            |s| b(sn(s).hyperparams.commit_reveal_weights_enabled),
            1,
        ),
        owner_case(
            C::SudoSetLiquidAlphaEnabled {
                netuid: n,
                enabled: true,
            },
            "LiquidAlphaEnabledSet",
            |s| b(sn(s).hyperparams.liquid_alpha_on),
            1,
        ),
        with_prepare(
            with_bad(
                owner_case(
                    C::SudoSetAlphaValues {
                        netuid: n,
                        alpha_low: 2_000,
                        alpha_high: 60_000,
                    },
                    "AlphaValuesSet",
                    |s| {
                        let (low, high) = sn(s).hyperparams.alpha_values;
                        (i128::from(low) << 16) | i128::from(high)
                    },
                    (2_000 << 16) | 60_000,
                ),
                vec![
                    (
                        Owner,
                        C::SudoSetAlphaValues {
                            netuid: n,
                            alpha_low: 1_637,
                            alpha_high: 60_000,
                        },
                        E::AlphaLowOutOfRange,
                    ),
                    (
                        Owner,
                        C::SudoSetAlphaValues {
                            netuid: n,
                            alpha_low: 1_638,
                            alpha_high: 1_637,
                        },
                        E::AlphaHighTooLow,
                    ),
                    (
                        Owner,
                        C::SudoSetAlphaValues {
                            netuid: n,
                            alpha_low: 50_000,
                            alpha_high: 40_000,
                        },
                        E::AlphaLowOutOfRange,
                    ),
                    (
                        Root,
                        C::SudoSetAlphaValues {
                            netuid: n,
                            alpha_low: 1_000,
                            alpha_high: 60_000,
                        },
                        E::AlphaLowOutOfRange,
                    ),
                ],
            ),
            |s| s.subnets.get_mut(&NET).unwrap().hyperparams.liquid_alpha_on = true,
        ),
        with_bad(
            owner_case(
                C::SudoSetCommitRevealWeightsInterval {
                    netuid: n,
                    interval: 100,
                },
                "CommitRevealPeriodsSet",
                |s| sn(s).hyperparams.reveal_period_epochs.into(),
                100,
            ),
            vec![
                (
                    Owner,
                    C::SudoSetCommitRevealWeightsInterval {
                        netuid: n,
                        interval: 0,
                    },
                    E::RevealPeriodTooSmall,
                ),
                (
                    Owner,
                    C::SudoSetCommitRevealWeightsInterval {
                        netuid: n,
                        interval: 101,
                    },
                    E::RevealPeriodTooLarge,
                ),
                (
                    Root,
                    C::SudoSetCommitRevealWeightsInterval {
                        netuid: n,
                        interval: 101,
                    },
                    E::RevealPeriodTooLarge,
                ),
            ],
        ),
        owner_case(
            C::SudoSetBondsPenalty {
                netuid: n,
                bonds_penalty: 7,
            },
            "BondsPenaltySet",
            |s| sn(s).hyperparams.bonds_penalty.into(),
            7,
        ),
        owner_case(
            C::SudoSetToggleTransfer {
                netuid: n,
                toggle: false,
            },
            "TransferToggle",
            |s| b(sn(s).hyperparams.transfer_allowed),
            0,
        ),
        Case {
            owner_limit_blocks: Some(50_400),
            freeze: false,
            ..owner_case(
                C::SudoSetSubnetOwnerHotkey {
                    netuid: n,
                    hotkey: AccountId::from_seed_byte(9),
                },
                "SubnetOwnerHotkeySet",
                |s| i128::from(sn(s).owner_hotkey.as_bytes()[0]),
                i128::from(AccountId::from_seed_byte(9).as_bytes()[0]),
            )
        },
        root_subnet_case(
            C::SudoSetEmaPriceHalvingPeriod {
                netuid: n,
                ema_halving: 7,
            },
            "EMAPriceHalvingBlocksSet",
            |s| sn(s).hyperparams.ema_price_halving_blocks.into(),
            7,
        ),
        root_subnet_case(
            C::SudoSetSubtokenEnabled {
                netuid: n,
                subtoken_enabled: true,
            },
            "SubtokenEnabledSet",
            |s| b(sn(s).subtoken_enabled),
            1,
        ),
        Case {
            owner_limit_blocks: Some(50_400),
            freeze: false,
            ..owner_case(
                C::SudoSetSnOwnerHotkey {
                    netuid: n,
                    hotkey: AccountId::from_seed_byte(9),
                },
                "SubnetOwnerHotkeySet",
                |s| i128::from(sn(s).owner_hotkey.as_bytes()[0]),
                i128::from(AccountId::from_seed_byte(9).as_bytes()[0]),
            )
        },
        with_bad(
            owner_case(
                C::SudoSetAlphaSigmoidSteepness {
                    netuid: n,
                    steepness: 0,
                },
                "AlphaSigmoidSteepnessSet",
                |s| sn(s).hyperparams.alpha_sigmoid_steepness.into(),
                0,
            ),
            vec![(
                Owner,
                C::SudoSetAlphaSigmoidSteepness {
                    netuid: n,
                    steepness: -1,
                },
                E::InvalidValue,
            )],
        ),
        owner_case(
            C::SudoSetYuma3Enabled {
                netuid: n,
                enabled: false,
            },
            "Yuma3EnableToggled",
            |s| b(sn(s).hyperparams.yuma3_on),
            0,
        ),
        owner_case(
            C::SudoSetBondsResetEnabled {
                netuid: n,
                enabled: true,
            },
            "BondsResetOnSet",
            |s| b(sn(s).hyperparams.bonds_reset_on),
            1,
        ),
        with_bad(
            owner_case(
                C::SudoSetOwnerImmuneNeuronLimit {
                    netuid: n,
                    immune_neurons: 10,
                },
                "ImmuneOwnerUidsLimitSet",
                |s| sn(s).hyperparams.immune_owner_uids_limit.into(),
                10,
            ),
            vec![
                (
                    Owner,
                    C::SudoSetOwnerImmuneNeuronLimit {
                        netuid: n,
                        immune_neurons: 0,
                    },
                    E::InvalidValue,
                ),
                (
                    Root,
                    C::SudoSetOwnerImmuneNeuronLimit {
                        netuid: n,
                        immune_neurons: 11,
                    },
                    E::InvalidValue,
                ),
            ],
        ),
        with_prepare(
            with_bad(
                root_subnet_case(
                    C::SudoSetMinAllowedUids {
                        netuid: n,
                        min_allowed_uids: 9,
                    },
                    "MinAllowedUidsSet",
                    |s| sn(s).hyperparams.min_allowed_uids.into(),
                    9,
                ),
                vec![
                    // Not below the 10 registered uids.
                    (
                        Root,
                        C::SudoSetMinAllowedUids {
                            netuid: n,
                            min_allowed_uids: 10,
                        },
                        E::InvalidValue,
                    ),
                    // Not below max_allowed_uids (256).
                    (
                        Root,
                        C::SudoSetMinAllowedUids {
                            netuid: n,
                            min_allowed_uids: 256,
                        },
                        E::InvalidValue,
                    ),
                ],
            ),
            |s| add_neurons(s, 10),
        ),
        owner_case(
            C::SudoSetRecycleOrBurn {
                netuid: n,
                recycle_or_burn: RecycleOrBurn::Recycle,
            },
            "RecycleOrBurnSet",
            |s| i128::from(sn(s).hyperparams.recycle_or_burn == RecycleOrBurn::Recycle),
            1,
        ),
        root_subnet_case(
            C::SudoSetMinNonImmuneUids { netuid: n, min: 7 },
            "MinNonImmuneUidsSet",
            |s| sn(s).hyperparams.min_non_immune_uids.into(),
            7,
        ),
        with_bad(
            owner_case(
                C::SudoSetBurnHalfLife {
                    netuid: n,
                    burn_half_life: 36_100,
                },
                "BurnHalfLifeSet",
                |s| sn(s).hyperparams.burn_half_life.into(),
                36_100,
            ),
            vec![
                (
                    Owner,
                    C::SudoSetBurnHalfLife {
                        netuid: n,
                        burn_half_life: 0,
                    },
                    E::InvalidValue,
                ),
                (
                    Root,
                    C::SudoSetBurnHalfLife {
                        netuid: n,
                        burn_half_life: 36_101,
                    },
                    E::InvalidValue,
                ),
                (
                    Root,
                    C::SudoSetBurnHalfLife {
                        netuid: NetUid::ROOT,
                        burn_half_life: 100,
                    },
                    E::InvalidValue,
                ),
            ],
        ),
        with_bad(
            owner_case(
                C::SudoSetBurnIncreaseMult {
                    netuid: n,
                    burn_increase_mult: Perbill64::from_parts(3_000_000_000),
                },
                "BurnIncreaseMultSet",
                |s| sn(s).hyperparams.burn_increase_mult.0.into(),
                3_000_000_000,
            ),
            vec![
                (
                    Owner,
                    C::SudoSetBurnIncreaseMult {
                        netuid: n,
                        burn_increase_mult: Perbill64::from_parts(999_999_999),
                    },
                    E::InvalidValue,
                ),
                (
                    Root,
                    C::SudoSetBurnIncreaseMult {
                        netuid: n,
                        burn_increase_mult: Perbill64::from_parts(3_000_000_001),
                    },
                    E::InvalidValue,
                ),
                (
                    Root,
                    C::SudoSetBurnIncreaseMult {
                        netuid: NetUid::ROOT,
                        burn_increase_mult: Perbill64::ONE,
                    },
                    E::InvalidValue,
                ),
            ],
        ),
        Case {
            access: Access::OwnerOnly,
            owner_limit_blocks: Some(360),
            ..with_bad(
                owner_case(
                    C::SetTempo {
                        netuid: n,
                        tempo: 50_400,
                    },
                    "TempoSet",
                    |s| sn(s).hyperparams.tempo.into(),
                    50_400,
                ),
                vec![
                    (
                        Owner,
                        C::SetTempo {
                            netuid: n,
                            tempo: 359,
                        },
                        E::InvalidValue,
                    ),
                    (
                        Owner,
                        C::SetTempo {
                            netuid: n,
                            tempo: 50_401,
                        },
                        E::InvalidValue,
                    ),
                ],
            )
        },
        with_bad(
            owner_case(
                C::SetActivityCutoffFactor {
                    netuid: n,
                    factor_milli: 50_000,
                },
                "ActivityCutoffFactorMilliSet",
                |s| sn(s).hyperparams.activity_cutoff_factor_milli.into(),
                50_000,
            ),
            vec![
                (
                    Owner,
                    C::SetActivityCutoffFactor {
                        netuid: n,
                        factor_milli: 999,
                    },
                    E::InvalidValue,
                ),
                (
                    Root,
                    C::SetActivityCutoffFactor {
                        netuid: n,
                        factor_milli: 50_001,
                    },
                    E::InvalidValue,
                ),
            ],
        ),
    ]
}

/// Index of every variant; the exhaustive match makes a new variant fail to compile here until
/// the table covers it.
fn variant_index(call: &AdminCall) -> usize {
    use AdminCall as C;
    match call {
        C::SudoSetDefaultTake { .. } => 0,
        C::SudoSetSubnetOwnerCut { .. } => 1,
        C::SudoSetNetworkRateLimit { .. } => 2,
        C::SudoSetNetworkImmunityPeriod { .. } => 3,
        C::SudoSetNetworkMinLockCost { .. } => 4,
        C::SudoSetSubnetLimit { .. } => 5,
        C::SudoSetLockReductionInterval { .. } => 6,
        C::SudoSetStakeThreshold { .. } => 7,
        C::SudoSetNominatorMinRequiredStake { .. } => 8,
        C::SudoSetTxDelegateTakeRateLimit { .. } => 9,
        C::SudoSetMinDelegateTake { .. } => 10,
        C::SudoSetSubnetMovingAlpha { .. } => 11,
        C::SudoSetAdminFreezeWindow { .. } => 12,
        C::SudoSetOwnerHparamRateLimit { .. } => 13,
        C::SudoSetStartCallDelay { .. } => 14,
        C::SudoSetMaxEpochsPerBlock { .. } => 15,
        C::SudoSetTaoWeight { .. } => 16,
        C::SudoSetExistentialDeposit { .. } => 17,
        C::SudoSetStakingFee { .. } => 18,
        C::SudoSetMinStake { .. } => 19,
        C::SudoSetServingRateLimit { .. } => 20,
        C::SudoSetMinDifficulty { .. } => 21,
        C::SudoSetMaxDifficulty { .. } => 22,
        C::SudoSetWeightsVersionKey { .. } => 23,
        C::SudoSetWeightsSetRateLimit { .. } => 24,
        C::SudoSetAdjustmentInterval { .. } => 25,
        C::SudoSetAdjustmentAlpha { .. } => 26,
        C::SudoSetImmunityPeriod { .. } => 27,
        C::SudoSetMinAllowedWeights { .. } => 28,
        C::SudoSetMaxAllowedUids { .. } => 29,
        C::SudoSetKappa { .. } => 30,
        C::SudoSetRho { .. } => 31,
        C::SudoSetActivityCutoff { .. } => 32,
        C::SudoSetNetworkRegistrationAllowed { .. } => 33,
        C::SudoSetTargetRegistrationsPerInterval { .. } => 34,
        C::SudoSetMinBurn { .. } => 35,
        C::SudoSetMaxBurn { .. } => 36,
        C::SudoSetDifficulty { .. } => 37,
        C::SudoSetMaxAllowedValidators { .. } => 38,
        C::SudoSetBondsMovingAverage { .. } => 39,
        C::SudoSetMaxRegistrationsPerBlock { .. } => 40,
        C::SudoSetTempo { .. } => 41,
        C::SudoSetRaoRecycled { .. } => 42,
        C::SudoSetCommitRevealWeightsEnabled { .. } => 43,
        C::SudoSetLiquidAlphaEnabled { .. } => 44,
        C::SudoSetAlphaValues { .. } => 45,
        C::SudoSetCommitRevealWeightsInterval { .. } => 46,
        C::SudoSetBondsPenalty { .. } => 47,
        C::SudoSetToggleTransfer { .. } => 48,
        C::SudoSetSubnetOwnerHotkey { .. } => 49,
        C::SudoSetEmaPriceHalvingPeriod { .. } => 50,
        C::SudoSetSubtokenEnabled { .. } => 51,
        C::SudoSetSnOwnerHotkey { .. } => 52,
        C::SudoSetAlphaSigmoidSteepness { .. } => 53,
        C::SudoSetYuma3Enabled { .. } => 54,
        C::SudoSetBondsResetEnabled { .. } => 55,
        C::SudoSetOwnerImmuneNeuronLimit { .. } => 56,
        C::SudoSetMinAllowedUids { .. } => 57,
        C::SudoSetRecycleOrBurn { .. } => 58,
        C::SudoSetMinNonImmuneUids { .. } => 59,
        C::SudoSetBurnHalfLife { .. } => 60,
        C::SudoSetBurnIncreaseMult { .. } => 61,
        C::SetTempo { .. } => 62,
        C::SetActivityCutoffFactor { .. } => 63,
    }
}
const VARIANTS: usize = 64;

fn prepared(case: &Case) -> State {
    let mut state = base_state();
    (case.prepare)(&mut state);
    state
}

fn event_name(event: &Event) -> &'static str {
    match event {
        Event::HyperparameterSet { name, .. } => name,
        Event::SubnetOwnerHotkeySet(..) => "SubnetOwnerHotkeySet",
        other => panic!("unexpected event {other:?}"),
    }
}

/// `state` without the rate-limit and epoch-cycle bookkeeping the setters also write.
fn without_bookkeeping(state: &State) -> State {
    let mut state = state.clone();
    for subnet in state.subnets.values_mut() {
        subnet.owner_param_last_set.clear();
        subnet.last_tempo_change = 0;
        subnet.last_epoch_block = 0;
    }
    state
}

/// Number of lines of the pretty `Debug` dump that differ (the dumps must align): one per scalar
/// field written.
fn changed_lines(before: &State, after: &State) -> usize {
    let before = format!("{:#?}", without_bookkeeping(before));
    let after = format!("{:#?}", without_bookkeeping(after));
    let (before, after): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    assert_eq!(before.len(), after.len(), "state shape changed");
    before.iter().zip(&after).filter(|(b, a)| b != a).count()
}

/// Fields a successful call writes (besides bookkeeping).
fn fields_written(call: &AdminCall) -> usize {
    match call {
        // default_take and max_delegate_take; alpha_low and alpha_high.
        AdminCall::SudoSetDefaultTake { .. } | AdminCall::SudoSetAlphaValues { .. } => 2,
        _ => 1,
    }
}

/// Dispatch `call` as `who`, asserting the state is untouched on error and that a success writes
/// only its own field(s).
fn run(state: &mut State, who: Who, call: &AdminCall) -> (Result<(), Error>, Vec<Event>) {
    let before = state.clone();
    let mut events = Vec::new();
    let result = admin::dispatch(state, origin(who), call.clone(), &mut events);
    if result.is_err() {
        assert_eq!(
            *state,
            before,
            "{} as {who:?} changed state on error",
            call.name()
        );
        assert!(events.is_empty());
    } else {
        assert!(
            changed_lines(&before, state) <= fields_written(call),
            "{} as {who:?} wrote more than its field",
            call.name()
        );
    }
    (result, events)
}

fn assert_success(case: &Case, state: &State, events: &[Event], who: Who) {
    let name = case.call.name();
    assert_eq!((case.get)(state), case.expect, "{name} as {who:?}: value");
    assert_eq!(events.len(), 1, "{name}: one event");
    assert_eq!(event_name(&events[0]), case.event, "{name}: event name");
    if let Event::HyperparameterSet { netuid, value, .. } = &events[0] {
        assert_eq!(*value, case.expect, "{name}: event value");
        assert_eq!(*netuid, case.call.netuid(), "{name}: event netuid");
    }
}

fn owner_allowed(case: &Case) -> bool {
    case.access != Access::Root
}

fn root_allowed(case: &Case) -> bool {
    case.access != Access::OwnerOnly
}

#[test]
fn table_covers_every_variant_once() {
    let indices: BTreeSet<usize> = cases().iter().map(|c| variant_index(&c.call)).collect();
    assert_eq!(indices.len(), cases().len(), "a variant appears twice");
    assert_eq!(indices, (0..VARIANTS).collect::<BTreeSet<_>>());
    let names: BTreeSet<&str> = cases().iter().map(|c| c.call.name()).collect();
    assert_eq!(names.len(), VARIANTS);
}

#[test]
fn values_differ_from_defaults() {
    // Otherwise "owner ok" would not prove the write.
    for case in cases() {
        let state = prepared(&case);
        assert_ne!((case.get)(&state), case.expect, "{}", case.call.name());
    }
}

#[test]
fn root_sets_or_is_refused() {
    for case in cases() {
        let mut state = prepared(&case);
        let (result, events) = run(&mut state, Who::Root, &case.call);
        if root_allowed(&case) {
            assert_eq!(result, Ok(()), "{}", case.call.name());
            assert_success(&case, &state, &events, Who::Root);
        } else {
            assert_eq!(result, Err(Error::BadOrigin), "{}", case.call.name());
        }
    }
}

#[test]
fn owner_sets_or_is_refused() {
    for case in cases() {
        let mut state = prepared(&case);
        let (result, events) = run(&mut state, Who::Owner, &case.call);
        if owner_allowed(&case) {
            assert_eq!(result, Ok(()), "{}", case.call.name());
            assert_success(&case, &state, &events, Who::Owner);
        } else {
            assert_eq!(result, Err(Error::BadOrigin), "{}", case.call.name());
        }
    }
}

#[test]
fn stranger_and_sudo_key_signed_are_refused() {
    for case in cases() {
        let mut state = prepared(&case);
        let (result, _) = run(&mut state, Who::Stranger, &case.call);
        assert_eq!(result, Err(Error::BadOrigin), "{}", case.call.name());
        // The sudo key signing directly is just an account: root needs the Sudo pallet.
        let before = state.clone();
        let result = admin::dispatch(
            &mut state,
            Origin::Signed(sudo_key()),
            case.call.clone(),
            &mut Vec::new(),
        );
        assert_eq!(result, Err(Error::BadOrigin), "{}", case.call.name());
        assert_eq!(state, before);
    }
}

#[test]
fn out_of_range_values_are_refused() {
    let mut checked = 0;
    for case in cases() {
        for (who, call, error) in &case.bad {
            let mut state = prepared(&case);
            let (result, _) = run(&mut state, *who, call);
            assert_eq!(result, Err(*error), "{} as {who:?}", call.name());
            checked += 1;
        }
    }
    assert!(checked >= 35, "{checked}");
}

#[test]
fn missing_subnet_is_refused() {
    for case in cases() {
        let Some(netuid) = case.call.netuid() else {
            continue;
        };
        assert_eq!(netuid, NET);
        let mut call = case.call.clone();
        retarget(&mut call, NetUid(99));
        let mut state = prepared(&case);
        for who in [Who::Root, Who::Owner, Who::Stranger] {
            let (result, _) = run(&mut state, who, &call);
            assert_eq!(result, Err(Error::SubnetNotExists), "{}", call.name());
        }
    }
}

fn retarget(call: &mut AdminCall, to: NetUid) {
    use AdminCall as C;
    match call {
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
        | C::SetActivityCutoffFactor { netuid, .. } => *netuid = to,
        _ => panic!("network-wide call {}", call.name()),
    }
}

#[test]
fn owner_rate_limit_per_parameter() {
    for case in cases() {
        let Some(limit) = case.owner_limit_blocks else {
            continue;
        };
        let name = case.call.name();
        let mut state = prepared(&case);
        assert_eq!(run(&mut state, Who::Owner, &case.call).0, Ok(()), "{name}");
        // Immediately again, and one block before the limit: refused, nothing changes.
        advance_to(&mut state, START_BLOCK + 1);
        assert_eq!(
            run(&mut state, Who::Owner, &case.call).0,
            Err(Error::TxRateLimitExceeded),
            "{name}"
        );
        advance_to(&mut state, START_BLOCK + limit - 1);
        assert_eq!(
            run(&mut state, Who::Owner, &case.call).0,
            Err(Error::TxRateLimitExceeded),
            "{name}"
        );
        advance_to(&mut state, START_BLOCK + limit);
        assert_eq!(run(&mut state, Who::Owner, &case.call).0, Ok(()), "{name}");
    }
}

#[test]
fn root_is_not_rate_limited_except_owner_hotkey() {
    for case in cases() {
        if !root_allowed(&case) {
            continue;
        }
        let name = case.call.name();
        let mut state = prepared(&case);
        assert_eq!(run(&mut state, Who::Root, &case.call).0, Ok(()), "{name}");
        advance_to(&mut state, START_BLOCK + 1);
        let expected = if name.ends_with("owner_hotkey") {
            Err(Error::TxRateLimitExceeded)
        } else {
            Ok(())
        };
        assert_eq!(run(&mut state, Who::Root, &case.call).0, expected, "{name}");
    }
}

#[test]
fn owner_refused_in_freeze_window_root_is_not() {
    for case in cases() {
        if case.call.netuid().is_none() {
            continue;
        }
        let name = case.call.name();
        let mut state = prepared(&case);
        // Tempo 360, last epoch at 0: next epoch at 360; the window is 10 blocks.
        state.subnets.get_mut(&NET).unwrap().last_epoch_block = 0;
        state.block = 351;
        let (owner_result, _) = run(&mut state.clone(), Who::Owner, &case.call);
        match (owner_allowed(&case), case.freeze) {
            (false, _) => assert_eq!(owner_result, Err(Error::BadOrigin), "{name}"),
            (true, true) => assert_eq!(
                owner_result,
                Err(Error::AdminActionProhibitedDuringWeightsWindow),
                "{name}"
            ),
            (true, false) => assert_eq!(owner_result, Ok(()), "{name}"),
        }
        if root_allowed(&case) {
            assert_eq!(
                run(&mut state.clone(), Who::Root, &case.call).0,
                Ok(()),
                "{name}"
            );
        }
        // The block before the window opens is fine for the owner.
        state.block = 350;
        if owner_allowed(&case) {
            assert_eq!(run(&mut state, Who::Owner, &case.call).0, Ok(()), "{name}");
        }
    }
}

#[test]
fn rate_limits_are_per_parameter() {
    let mut state = base_state();
    let rho = AdminCall::SudoSetRho {
        netuid: NET,
        rho: 1,
    };
    let immunity = AdminCall::SudoSetImmunityPeriod {
        netuid: NET,
        immunity_period: 1,
    };
    assert_eq!(run(&mut state, Who::Owner, &rho).0, Ok(()));
    assert_eq!(run(&mut state, Who::Owner, &immunity).0, Ok(()));
    assert_eq!(
        run(&mut state, Who::Owner, &rho).0,
        Err(Error::TxRateLimitExceeded)
    );
    assert_eq!(sn(&state).owner_param_last_set["sudo_set_rho"], START_BLOCK);
    // Root changes do not start the owner's clock.
    let mut state = base_state();
    assert_eq!(run(&mut state, Who::Root, &rho).0, Ok(()));
    assert!(sn(&state).owner_param_last_set.is_empty());
    assert_eq!(run(&mut state, Who::Owner, &rho).0, Ok(()));
}

#[test]
fn rate_limit_follows_network_parameter_and_tempo() {
    let rho = AdminCall::SudoSetRho {
        netuid: NET,
        rho: 1,
    };
    // Three tempos of 100 blocks.
    let mut state = base_state();
    state.params.owner_hyperparam_rate_limit = 3;
    state.subnets.get_mut(&NET).unwrap().hyperparams.tempo = 100;
    assert_eq!(run(&mut state, Who::Owner, &rho).0, Ok(()));
    advance_to(&mut state, START_BLOCK + 299);
    assert_eq!(
        run(&mut state, Who::Owner, &rho).0,
        Err(Error::TxRateLimitExceeded)
    );
    advance_to(&mut state, START_BLOCK + 300);
    assert_eq!(run(&mut state, Who::Owner, &rho).0, Ok(()));
    // Tempo 0: no epochs, so neither a rate limit nor a freeze window.
    let mut state = base_state();
    state.subnets.get_mut(&NET).unwrap().hyperparams.tempo = 0;
    state.subnets.get_mut(&NET).unwrap().last_epoch_block = 0;
    assert_eq!(run(&mut state, Who::Owner, &rho).0, Ok(()));
    assert_eq!(run(&mut state, Who::Owner, &rho).0, Ok(()));
}

#[test]
fn freeze_window_boundary_and_overdue_epoch() {
    let mut state = base_state();
    state.params.admin_freeze_window = 3;
    let subnet = state.subnets.get_mut(&NET).unwrap();
    subnet.hyperparams.tempo = 10;
    subnet.last_epoch_block = 0;
    // Next epoch at 10: blocks 8 and 9 (2 and 1 left) are frozen, 7 (3 left) is open.
    for (block, frozen) in [(7, false), (8, true), (9, true), (10, true), (25, true)] {
        assert_eq!(
            admin::in_admin_freeze_window(&state.params, sn(&state), block),
            frozen,
            "block {block}"
        );
    }
    assert_eq!(admin::next_epoch_block(sn(&state)), Some(10));
    state.params.admin_freeze_window = 0;
    assert!(!admin::in_admin_freeze_window(
        &state.params,
        sn(&state),
        10
    ));
}

#[test]
fn tempo_setters_restart_the_epoch_cycle() {
    // Owner: 360..=50 400, cooldown, `last_epoch_block = now`.
    let mut state = base_state();
    let call = AdminCall::SetTempo {
        netuid: NET,
        tempo: 720,
    };
    assert_eq!(run(&mut state, Who::Owner, &call).0, Ok(()));
    assert_eq!(sn(&state).hyperparams.tempo, 720);
    assert_eq!(sn(&state).last_epoch_block, START_BLOCK);
    assert_eq!(sn(&state).last_tempo_change, START_BLOCK);
    assert_eq!(admin::next_epoch_block(sn(&state)), Some(START_BLOCK + 720));
    // Root: any value, no cooldown.
    for tempo in [0, 1, 360, u16::MAX] {
        state.block += 1;
        let call = AdminCall::SudoSetTempo { netuid: NET, tempo };
        assert_eq!(run(&mut state, Who::Root, &call).0, Ok(()));
        assert_eq!(sn(&state).hyperparams.tempo, tempo);
        assert_eq!(sn(&state).last_epoch_block, state.block);
    }
    assert_eq!(sn(&state).last_tempo_change, START_BLOCK);
}

#[test]
fn owner_specific_bounds_do_not_bind_root() {
    let mut state = base_state();
    let bma = AdminCall::SudoSetBondsMovingAverage {
        netuid: NET,
        bonds_moving_average: 999_999,
    };
    assert_eq!(run(&mut state, Who::Root, &bma).0, Ok(()));
    assert_eq!(sn(&state).hyperparams.bonds_moving_average, 999_999);
    let steepness = AdminCall::SudoSetAlphaSigmoidSteepness {
        netuid: NET,
        steepness: -5,
    };
    assert_eq!(run(&mut state, Who::Root, &steepness).0, Ok(()));
    assert_eq!(sn(&state).hyperparams.alpha_sigmoid_steepness, -5);
}

#[test]
fn alpha_values_need_liquid_alpha() {
    let call = AdminCall::SudoSetAlphaValues {
        netuid: NET,
        alpha_low: 2_000,
        alpha_high: 60_000,
    };
    for who in [Who::Owner, Who::Root] {
        let mut state = base_state();
        assert_eq!(
            run(&mut state, who, &call).0,
            Err(Error::LiquidAlphaDisabled)
        );
    }
    // Equal bounds at the minimum are accepted.
    let mut state = base_state();
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .liquid_alpha_on = true;
    let call = AdminCall::SudoSetAlphaValues {
        netuid: NET,
        alpha_low: 1_638,
        alpha_high: 1_638,
    };
    assert_eq!(run(&mut state, Who::Owner, &call).0, Ok(()));
    assert_eq!(sn(&state).hyperparams.alpha_values, (1_638, 1_638));
}

#[test]
fn default_take_sets_default_and_max_take() {
    let mut state = base_state();
    let call = AdminCall::SudoSetDefaultTake {
        default_take: 5_000,
    };
    assert_eq!(run(&mut state, Who::Root, &call).0, Ok(()));
    assert_eq!(state.params.default_take, 5_000);
    assert_eq!(state.params.max_delegate_take, 5_000);
}

#[test]
fn owner_hotkey_calls_share_one_limit() {
    let mut state = base_state();
    let new_hotkey = AccountId::from_seed_byte(9);
    let first = AdminCall::SudoSetSnOwnerHotkey {
        netuid: NET,
        hotkey: new_hotkey,
    };
    let second = AdminCall::SudoSetSubnetOwnerHotkey {
        netuid: NET,
        hotkey: owner_hotkey(),
    };
    let (result, events) = run(&mut state, Who::Owner, &first);
    assert_eq!(result, Ok(()));
    assert_eq!(events, vec![Event::SubnetOwnerHotkeySet(NET, new_hotkey)]);
    assert_eq!(sn(&state).owner_hotkey, new_hotkey);
    advance_to(&mut state, START_BLOCK + 50_399);
    assert_eq!(
        run(&mut state, Who::Root, &second).0,
        Err(Error::TxRateLimitExceeded)
    );
    advance_to(&mut state, START_BLOCK + 50_400);
    assert_eq!(run(&mut state, Who::Root, &second).0, Ok(()));
    assert_eq!(sn(&state).owner_hotkey, owner_hotkey());
}

#[test]
fn sudo_routes_admin_calls_with_root_origin() {
    let mut state = base_state();
    let inner = RuntimeCall::AdminUtils(AdminCall::SudoSetKappa {
        netuid: NET,
        kappa: 7,
    });
    let mut events = Vec::new();
    let sudo = RuntimeCall::Sudo(SudoCall::Sudo {
        call: Box::new(inner.clone()),
    });
    let result = dispatch::dispatch(&mut state, Origin::Signed(sudo_key()), sudo, &mut events);
    assert_eq!(result, Ok(()));
    assert_eq!(sn(&state).hyperparams.kappa, 7);
    assert_eq!(
        events,
        vec![
            Event::HyperparameterSet {
                name: "KappaSet",
                netuid: Some(NET),
                value: 7
            },
            Event::Sudid {
                sudo_result: Ok(())
            }
        ]
    );
    // Without sudo the owner cannot set a root-only parameter.
    let before = state.clone();
    let result = dispatch::dispatch(&mut state, Origin::Signed(owner()), inner, &mut Vec::new());
    assert_eq!(result, Err(Error::BadOrigin));
    assert_eq!(state, before);
}

#[test]
fn hyperparameter_table_lists_sdk_names_and_values() {
    let mut state = base_state();
    let subnet = state.subnets.get_mut(&NET).unwrap();
    subnet.hyperparams.kappa = 123;
    subnet.hyperparams.alpha_values = (2_000, 3_000);
    subnet.hyperparams.yuma3_on = false;
    subnet.subtoken_enabled = true;
    let table = hyperparameter_table(sn(&state));
    let names: Vec<&str> = table.iter().map(|(name, _)| *name).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "duplicate names");
    // The SDK's SubnetHyperparameters fields (subtensor SubnetHyperparamsV2 with the SDK's
    // `max_weight_limit`), in order.
    let sdk = [
        "rho",
        "kappa",
        "immunity_period",
        "min_allowed_weights",
        "max_weight_limit",
        "tempo",
        "min_difficulty",
        "max_difficulty",
        "weights_version",
        "weights_rate_limit",
        "adjustment_interval",
        "activity_cutoff",
        "registration_allowed",
        "target_regs_per_interval",
        "min_burn",
        "max_burn",
        "bonds_moving_avg",
        "max_regs_per_block",
        "serving_rate_limit",
        "max_validators",
        "adjustment_alpha",
        "difficulty",
        "commit_reveal_period",
        "commit_reveal_weights_enabled",
        "alpha_high",
        "alpha_low",
        "liquid_alpha_enabled",
        "alpha_sigmoid_steepness",
        "yuma_version",
        "subnet_is_active",
        "transfers_enabled",
        "bonds_reset_enabled",
        "user_liquidity_enabled",
    ];
    assert_eq!(&names[..sdk.len()], &sdk[..]);
    let get = |name: &str| table.iter().find(|(n, _)| *n == name).unwrap().1;
    assert_eq!(get("kappa"), 123);
    assert_eq!(get("alpha_low"), 2_000);
    assert_eq!(get("alpha_high"), 3_000);
    assert_eq!(get("yuma_version"), 2);
    assert_eq!(get("subnet_is_active"), 1);
    assert_eq!(get("tempo"), 360);
    // 13 889 ‰ of 360 blocks.
    assert_eq!(get("activity_cutoff"), 5_000);
    assert_eq!(get("activity_cutoff_factor"), 13_889);
    assert_eq!(get("legacy_activity_cutoff"), 5_000);
    assert_eq!(get("max_weight_limit"), 65_535);
    assert_eq!(get("burn_increase_mult"), 1_260_000_000);
    assert_eq!(get("max_allowed_uids"), 256);
    assert_eq!(get("difficulty"), i128::from(u64::MAX));
    // Every settable subnet hyperparameter appears.
    for name in [
        "min_allowed_uids",
        "burn",
        "burn_half_life",
        "bonds_penalty",
        "immune_owner_uids_limit",
        "min_non_immune_uids",
        "recycle_or_burn",
        "ema_price_halving_blocks",
    ] {
        assert!(unique.contains(name), "{name}");
    }
}

#[test]
fn every_subnet_setter_is_visible_in_the_table() {
    // A successful setter changes the listing (except the owner hotkey and the recycled-TAO
    // counter, which are not hyperparameters).
    for case in cases() {
        if case.call.netuid().is_none() {
            continue;
        }
        let name = case.call.name();
        if name.ends_with("owner_hotkey") || name == "sudo_set_rao_recycled" {
            continue;
        }
        let mut state = prepared(&case);
        let before = hyperparameter_table(sn(&state));
        let who = if root_allowed(&case) {
            Who::Root
        } else {
            Who::Owner
        };
        assert_eq!(run(&mut state, who, &case.call).0, Ok(()), "{name}");
        assert_ne!(hyperparameter_table(sn(&state)), before, "{name}");
    }
}
