//! The name table of `dtao subnet set` / `dtao subnet hyperparameters`: every hyperparameter a
//! client can change, by the name `subnet hyperparameters` prints (the names of the node's
//! `get_subnet_hyperparams_v3` records, the SDK's spelling), with the AdminUtils call that sets
//! it, who may call it, how VALUE is parsed and the range the runtime documents
//! (`crates/runtime/src/admin.rs`). Network-wide (root-only) parameters have their own names
//! and no netuid.
//!
//! VALUE syntax by kind (raw values are what the chain stores and `subnet hyperparameters`
//! prints):
//! - integers: decimal digits (`360`), a leading `-` only for signed parameters;
//! - booleans: `true` or `false`;
//! - ratios (u16 proportions with 65 535 = 1, parts per million, parts per 10^9, fractions of
//!   `u64::MAX`): the raw integer (`58982`), or a decimal with a point (`0.9`), scaled to the
//!   raw unit and rounded to the nearest raw value;
//! - `recycle_or_burn`: `burn` or `recycle`; `yuma_version`: `2` or `3`.
//!
//! Invariants: a value is parsed and range-checked (for the chosen origin: owner ranges are
//! narrower than root's for `tempo`, `bonds_moving_avg` and `alpha_sigmoid_steepness`) before
//! a call is built, so an obvious mistake is a usage error and nothing is sent; building a call
//! never panics (conversions are checked).

use dtao_primitives::NetUid;
use dtao_runtime::admin::{self, AdminCall};
use dtao_runtime::hyperparams::RecycleOrBurn;
use dtao_runtime::units::Perbill64;

use super::ChainError;

/// Who may send a parameter's call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The subnet owner's cold key, or root (`--sudo`).
    Owner,
    /// Root only (`--sudo`).
    Root,
}

impl Who {
    /// `"owner"` or `"root"`.
    pub fn label(self) -> &'static str {
        match self {
            Who::Owner => "owner",
            Who::Root => "root",
        }
    }
}

/// How VALUE is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An integer.
    Int,
    /// `true` / `false`.
    Bool,
    /// Raw integer, or a decimal scaled by this many raw units per 1.0.
    Ratio(u128),
    /// `burn` / `recycle`.
    RecycleOrBurn,
    /// `2` / `3`.
    YumaVersion,
}

/// What a builder needs besides the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context {
    /// Sent as root (`Sudo.sudo`).
    pub sudo: bool,
    /// Current `alpha_low` of the subnet (the other half of `sudo_set_alpha_values`).
    pub alpha_low: u16,
    /// Current `alpha_high` of the subnet.
    pub alpha_high: u16,
}

/// Builds the call for a parsed raw value (`None` if it does not fit, which the range check
/// already excludes).
pub enum Build {
    /// A per-subnet setter.
    Subnet(fn(NetUid, i128, &Context) -> Option<AdminCall>),
    /// A network-wide setter (root only, no netuid).
    Network(fn(i128) -> Option<AdminCall>),
}

/// One settable parameter.
pub struct Param {
    /// Name as `subnet hyperparameters` prints it.
    pub name: &'static str,
    /// AdminUtils call name (accepted as an alias of `name`).
    pub call: &'static str,
    /// Who may set it.
    pub who: Who,
    /// VALUE syntax.
    pub kind: Kind,
    /// Unit of the raw value.
    pub unit: &'static str,
    /// Inclusive raw range for the owner.
    pub owner_range: (i128, i128),
    /// Inclusive raw range for root.
    pub root_range: (i128, i128),
    /// Call builder.
    pub build: Build,
}

const U8: (i128, i128) = (0, u8::MAX as i128);
const U16: (i128, i128) = (0, u16::MAX as i128);
const U64: (i128, i128) = (0, u64::MAX as i128);
const I16: (i128, i128) = (i16::MIN as i128, i16::MAX as i128);
const BOOL: (i128, i128) = (0, 1);
const U16_ONE: u128 = u16::MAX as u128;
const PPM_ONE: u128 = 1_000_000;
const PERBILL_ONE: u128 = 1_000_000_000;
const U64_ONE: u128 = u64::MAX as u128;

fn u16v(v: i128) -> Option<u16> {
    u16::try_from(v).ok()
}
fn u64v(v: i128) -> Option<u64> {
    u64::try_from(v).ok()
}
fn bool_v(v: i128) -> bool {
    v != 0
}

/// A per-subnet parameter with the same range for owner and root.
const fn sub(
    name: &'static str,
    call: &'static str,
    who: Who,
    kind: Kind,
    unit: &'static str,
    range: (i128, i128),
    build: fn(NetUid, i128, &Context) -> Option<AdminCall>,
) -> Param {
    Param {
        name,
        call,
        who,
        kind,
        unit,
        owner_range: range,
        root_range: range,
        build: Build::Subnet(build),
    }
}

/// A network-wide parameter (root only).
const fn net(
    name: &'static str,
    call: &'static str,
    kind: Kind,
    unit: &'static str,
    range: (i128, i128),
    build: fn(i128) -> Option<AdminCall>,
) -> Param {
    Param {
        name,
        call,
        who: Who::Root,
        kind,
        unit,
        owner_range: range,
        root_range: range,
        build: Build::Network(build),
    }
}

use Kind::{Bool, Int, Ratio};
use Who::{Owner, Root};

/// Every settable parameter: per-subnet first (in the order of the node's table), then
/// network-wide.
pub fn params() -> Vec<Param> {
    use AdminCall as C;
    vec![
        sub(
            "rho",
            "sudo_set_rho",
            Owner,
            Int,
            "",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetRho {
                    netuid,
                    rho: u16v(v)?,
                })
            },
        ),
        sub(
            "kappa",
            "sudo_set_kappa",
            Root,
            Ratio(U16_ONE),
            "u16 ratio",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetKappa {
                    netuid,
                    kappa: u16v(v)?,
                })
            },
        ),
        sub(
            "immunity_period",
            "sudo_set_immunity_period",
            Owner,
            Int,
            "blocks",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetImmunityPeriod {
                    netuid,
                    immunity_period: u16v(v)?,
                })
            },
        ),
        sub(
            "min_allowed_weights",
            "sudo_set_min_allowed_weights",
            Owner,
            Int,
            "weights",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetMinAllowedWeights {
                    netuid,
                    min_allowed_weights: u16v(v)?,
                })
            },
        ),
        Param {
            name: "tempo",
            call: "set_tempo",
            who: Owner,
            kind: Int,
            unit: "blocks",
            owner_range: (i128::from(admin::MIN_TEMPO), i128::from(admin::MAX_TEMPO)),
            root_range: U16,
            build: Build::Subnet(|netuid, v, ctx| {
                let tempo = u16v(v)?;
                Some(if ctx.sudo {
                    C::SudoSetTempo { netuid, tempo }
                } else {
                    C::SetTempo { netuid, tempo }
                })
            }),
        },
        sub(
            "min_difficulty",
            "sudo_set_min_difficulty",
            Root,
            Int,
            "",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetMinDifficulty {
                    netuid,
                    min_difficulty: u64v(v)?,
                })
            },
        ),
        sub(
            "max_difficulty",
            "sudo_set_max_difficulty",
            Owner,
            Int,
            "",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetMaxDifficulty {
                    netuid,
                    max_difficulty: u64v(v)?,
                })
            },
        ),
        sub(
            "weights_version",
            "sudo_set_weights_version_key",
            Owner,
            Int,
            "",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetWeightsVersionKey {
                    netuid,
                    weights_version_key: u64v(v)?,
                })
            },
        ),
        sub(
            "weights_rate_limit",
            "sudo_set_weights_set_rate_limit",
            Root,
            Int,
            "blocks",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetWeightsSetRateLimit {
                    netuid,
                    weights_set_rate_limit: u64v(v)?,
                })
            },
        ),
        sub(
            "adjustment_interval",
            "sudo_set_adjustment_interval",
            Root,
            Int,
            "blocks",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetAdjustmentInterval {
                    netuid,
                    adjustment_interval: u16v(v)?,
                })
            },
        ),
        sub(
            "registration_allowed",
            "sudo_set_network_registration_allowed",
            Root,
            Bool,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetNetworkRegistrationAllowed {
                    netuid,
                    registration_allowed: bool_v(v),
                })
            },
        ),
        sub(
            "target_regs_per_interval",
            "sudo_set_target_registrations_per_interval",
            Root,
            Int,
            "registrations",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetTargetRegistrationsPerInterval {
                    netuid,
                    target_registrations_per_interval: u16v(v)?,
                })
            },
        ),
        sub(
            "min_burn",
            "sudo_set_min_burn",
            Owner,
            Int,
            "rao",
            (0, i128::from(admin::MIN_BURN_UPPER_BOUND_RAO) - 1),
            |netuid, v, _| {
                Some(C::SudoSetMinBurn {
                    netuid,
                    min_burn: u64v(v)?,
                })
            },
        ),
        sub(
            "max_burn",
            "sudo_set_max_burn",
            Owner,
            Int,
            "rao",
            (i128::from(admin::MAX_BURN_LOWER_BOUND_RAO) + 1, U64.1),
            |netuid, v, _| {
                Some(C::SudoSetMaxBurn {
                    netuid,
                    max_burn: u64v(v)?,
                })
            },
        ),
        Param {
            name: "bonds_moving_avg",
            call: "sudo_set_bonds_moving_average",
            who: Owner,
            kind: Ratio(PPM_ONE),
            unit: "ppm",
            owner_range: (0, i128::from(admin::OWNER_MAX_BONDS_MOVING_AVERAGE)),
            root_range: U64,
            build: Build::Subnet(|netuid, v, _| {
                Some(C::SudoSetBondsMovingAverage {
                    netuid,
                    bonds_moving_average: u64v(v)?,
                })
            }),
        },
        sub(
            "max_regs_per_block",
            "sudo_set_max_registrations_per_block",
            Root,
            Int,
            "registrations",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetMaxRegistrationsPerBlock {
                    netuid,
                    max_registrations_per_block: u16v(v)?,
                })
            },
        ),
        sub(
            "serving_rate_limit",
            "sudo_set_serving_rate_limit",
            Owner,
            Int,
            "blocks",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetServingRateLimit {
                    netuid,
                    serving_rate_limit: u64v(v)?,
                })
            },
        ),
        sub(
            "max_validators",
            "sudo_set_max_allowed_validators",
            Root,
            Int,
            "validators",
            (0, i128::from(admin::MAX_ALLOWED_UIDS_CAP)),
            |netuid, v, _| {
                Some(C::SudoSetMaxAllowedValidators {
                    netuid,
                    max_allowed_validators: u16v(v)?,
                })
            },
        ),
        sub(
            "adjustment_alpha",
            "sudo_set_adjustment_alpha",
            Owner,
            Ratio(U64_ONE),
            "u64 ratio",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetAdjustmentAlpha {
                    netuid,
                    adjustment_alpha: u64v(v)?,
                })
            },
        ),
        sub(
            "difficulty",
            "sudo_set_difficulty",
            Root,
            Int,
            "",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetDifficulty {
                    netuid,
                    difficulty: u64v(v)?,
                })
            },
        ),
        sub(
            "commit_reveal_period",
            "sudo_set_commit_reveal_weights_interval",
            Owner,
            Int,
            "epochs",
            (
                i128::from(admin::MIN_REVEAL_PERIOD_EPOCHS),
                i128::from(admin::MAX_REVEAL_PERIOD_EPOCHS),
            ),
            |netuid, v, _| {
                Some(C::SudoSetCommitRevealWeightsInterval {
                    netuid,
                    interval: u64v(v)?,
                })
            },
        ),
        sub(
            "commit_reveal_weights_enabled",
            "sudo_set_commit_reveal_weights_enabled",
            Owner,
            Bool,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetCommitRevealWeightsEnabled {
                    netuid,
                    enabled: bool_v(v),
                })
            },
        ),
        sub(
            "alpha_high",
            "sudo_set_alpha_values",
            Owner,
            Ratio(U16_ONE),
            "u16 ratio",
            (i128::from(admin::MIN_ALPHA_VALUE), U16.1),
            |netuid, v, ctx| {
                Some(C::SudoSetAlphaValues {
                    netuid,
                    alpha_low: ctx.alpha_low,
                    alpha_high: u16v(v)?,
                })
            },
        ),
        sub(
            "alpha_low",
            "sudo_set_alpha_values",
            Owner,
            Ratio(U16_ONE),
            "u16 ratio",
            (i128::from(admin::MIN_ALPHA_VALUE), U16.1),
            |netuid, v, ctx| {
                Some(C::SudoSetAlphaValues {
                    netuid,
                    alpha_low: u16v(v)?,
                    alpha_high: ctx.alpha_high,
                })
            },
        ),
        sub(
            "liquid_alpha_enabled",
            "sudo_set_liquid_alpha_enabled",
            Owner,
            Bool,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetLiquidAlphaEnabled {
                    netuid,
                    enabled: bool_v(v),
                })
            },
        ),
        Param {
            name: "alpha_sigmoid_steepness",
            call: "sudo_set_alpha_sigmoid_steepness",
            who: Owner,
            kind: Int,
            unit: "",
            owner_range: (0, I16.1),
            root_range: I16,
            build: Build::Subnet(|netuid, v, _| {
                Some(C::SudoSetAlphaSigmoidSteepness {
                    netuid,
                    steepness: i16::try_from(v).ok()?,
                })
            }),
        },
        sub(
            "yuma_version",
            "sudo_set_yuma3_enabled",
            Owner,
            Kind::YumaVersion,
            "",
            (2, 3),
            |netuid, v, _| {
                Some(C::SudoSetYuma3Enabled {
                    netuid,
                    enabled: v == 3,
                })
            },
        ),
        sub(
            "subnet_is_active",
            "sudo_set_subtoken_enabled",
            Root,
            Bool,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetSubtokenEnabled {
                    netuid,
                    subtoken_enabled: bool_v(v),
                })
            },
        ),
        sub(
            "transfers_enabled",
            "sudo_set_toggle_transfer",
            Owner,
            Bool,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetToggleTransfer {
                    netuid,
                    toggle: bool_v(v),
                })
            },
        ),
        sub(
            "bonds_reset_enabled",
            "sudo_set_bonds_reset_enabled",
            Owner,
            Bool,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetBondsResetEnabled {
                    netuid,
                    enabled: bool_v(v),
                })
            },
        ),
        sub(
            "max_allowed_uids",
            "sudo_set_max_allowed_uids",
            Owner,
            Int,
            "uids",
            (1, i128::from(admin::MAX_ALLOWED_UIDS_CAP)),
            |netuid, v, _| {
                Some(C::SudoSetMaxAllowedUids {
                    netuid,
                    max_allowed_uids: u16v(v)?,
                })
            },
        ),
        sub(
            "min_allowed_uids",
            "sudo_set_min_allowed_uids",
            Root,
            Int,
            "uids",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetMinAllowedUids {
                    netuid,
                    min_allowed_uids: u16v(v)?,
                })
            },
        ),
        sub(
            "activity_cutoff_factor",
            "set_activity_cutoff_factor",
            Owner,
            Int,
            "‰ of tempo",
            (
                i128::from(admin::MIN_ACTIVITY_CUTOFF_FACTOR_MILLI),
                i128::from(admin::MAX_ACTIVITY_CUTOFF_FACTOR_MILLI),
            ),
            |netuid, v, _| {
                Some(C::SetActivityCutoffFactor {
                    netuid,
                    factor_milli: u32::try_from(v).ok()?,
                })
            },
        ),
        sub(
            "legacy_activity_cutoff",
            "sudo_set_activity_cutoff",
            Owner,
            Int,
            "blocks",
            (i128::from(admin::MIN_ACTIVITY_CUTOFF), U16.1),
            |netuid, v, _| {
                Some(C::SudoSetActivityCutoff {
                    netuid,
                    activity_cutoff: u16v(v)?,
                })
            },
        ),
        sub(
            "burn_half_life",
            "sudo_set_burn_half_life",
            Owner,
            Int,
            "blocks",
            (1, i128::from(admin::MAX_BURN_HALF_LIFE)),
            |netuid, v, _| {
                Some(C::SudoSetBurnHalfLife {
                    netuid,
                    burn_half_life: u16v(v)?,
                })
            },
        ),
        sub(
            "burn_increase_mult",
            "sudo_set_burn_increase_mult",
            Owner,
            Ratio(PERBILL_ONE),
            "parts per 10^9",
            (
                i128::from(admin::MIN_BURN_INCREASE_MULT.0),
                i128::from(admin::MAX_BURN_INCREASE_MULT.0),
            ),
            |netuid, v, _| {
                Some(C::SudoSetBurnIncreaseMult {
                    netuid,
                    burn_increase_mult: Perbill64::from_parts(u64v(v)?),
                })
            },
        ),
        sub(
            "bonds_penalty",
            "sudo_set_bonds_penalty",
            Owner,
            Ratio(U16_ONE),
            "u16 ratio",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetBondsPenalty {
                    netuid,
                    bonds_penalty: u16v(v)?,
                })
            },
        ),
        sub(
            "immune_owner_uids_limit",
            "sudo_set_owner_immune_neuron_limit",
            Owner,
            Int,
            "uids",
            (
                i128::from(admin::MIN_IMMUNE_OWNER_UIDS_LIMIT),
                i128::from(admin::MAX_IMMUNE_OWNER_UIDS_LIMIT),
            ),
            |netuid, v, _| {
                Some(C::SudoSetOwnerImmuneNeuronLimit {
                    netuid,
                    immune_neurons: u16v(v)?,
                })
            },
        ),
        sub(
            "min_non_immune_uids",
            "sudo_set_min_non_immune_uids",
            Root,
            Int,
            "uids",
            U16,
            |netuid, v, _| {
                Some(C::SudoSetMinNonImmuneUids {
                    netuid,
                    min: u16v(v)?,
                })
            },
        ),
        sub(
            "recycle_or_burn",
            "sudo_set_recycle_or_burn",
            Owner,
            Kind::RecycleOrBurn,
            "",
            BOOL,
            |netuid, v, _| {
                Some(C::SudoSetRecycleOrBurn {
                    netuid,
                    recycle_or_burn: if v == 1 {
                        RecycleOrBurn::Recycle
                    } else {
                        RecycleOrBurn::Burn
                    },
                })
            },
        ),
        sub(
            "ema_price_halving_blocks",
            "sudo_set_ema_price_halving_period",
            Root,
            Int,
            "blocks",
            U64,
            |netuid, v, _| {
                Some(C::SudoSetEmaPriceHalvingPeriod {
                    netuid,
                    ema_halving: u64v(v)?,
                })
            },
        ),
        // ---- network-wide (root) ----
        net(
            "default_take",
            "sudo_set_default_take",
            Ratio(U16_ONE),
            "u16 ratio",
            U16,
            |v| {
                Some(C::SudoSetDefaultTake {
                    default_take: u16v(v)?,
                })
            },
        ),
        net(
            "subnet_owner_cut",
            "sudo_set_subnet_owner_cut",
            Ratio(U16_ONE),
            "u16 ratio",
            U16,
            |v| {
                Some(C::SudoSetSubnetOwnerCut {
                    subnet_owner_cut: u16v(v)?,
                })
            },
        ),
        net(
            "network_rate_limit",
            "sudo_set_network_rate_limit",
            Int,
            "blocks",
            U64,
            |v| {
                Some(C::SudoSetNetworkRateLimit {
                    rate_limit: u64v(v)?,
                })
            },
        ),
        net(
            "network_immunity_period",
            "sudo_set_network_immunity_period",
            Int,
            "blocks",
            U64,
            |v| {
                Some(C::SudoSetNetworkImmunityPeriod {
                    immunity_period: u64v(v)?,
                })
            },
        ),
        net(
            "network_min_lock_cost",
            "sudo_set_network_min_lock_cost",
            Int,
            "rao",
            U64,
            |v| {
                Some(C::SudoSetNetworkMinLockCost {
                    lock_cost: u64v(v)?,
                })
            },
        ),
        net(
            "subnet_limit",
            "sudo_set_subnet_limit",
            Int,
            "subnets",
            U16,
            |v| {
                Some(C::SudoSetSubnetLimit {
                    max_subnets: u16v(v)?,
                })
            },
        ),
        net(
            "lock_reduction_interval",
            "sudo_set_lock_reduction_interval",
            Int,
            "blocks",
            U64,
            |v| Some(C::SudoSetLockReductionInterval { interval: u64v(v)? }),
        ),
        net(
            "stake_threshold",
            "sudo_set_stake_threshold",
            Int,
            "rao",
            U64,
            |v| {
                Some(C::SudoSetStakeThreshold {
                    min_stake: u64v(v)?,
                })
            },
        ),
        net(
            "nominator_min_required_stake",
            "sudo_set_nominator_min_required_stake",
            Int,
            "per-million factor",
            U64,
            |v| {
                Some(C::SudoSetNominatorMinRequiredStake {
                    min_stake: u64v(v)?,
                })
            },
        ),
        net(
            "tx_delegate_take_rate_limit",
            "sudo_set_tx_delegate_take_rate_limit",
            Int,
            "blocks",
            U64,
            |v| {
                Some(C::SudoSetTxDelegateTakeRateLimit {
                    tx_rate_limit: u64v(v)?,
                })
            },
        ),
        net(
            "min_delegate_take",
            "sudo_set_min_delegate_take",
            Ratio(U16_ONE),
            "u16 ratio",
            U16,
            |v| Some(C::SudoSetMinDelegateTake { take: u16v(v)? }),
        ),
        net(
            "subnet_moving_alpha",
            "sudo_set_subnet_moving_alpha",
            Ratio(PERBILL_ONE),
            "parts per 10^9",
            (0, PERBILL_ONE as i128),
            |v| {
                Some(C::SudoSetSubnetMovingAlpha {
                    alpha: Perbill64::from_parts(u64v(v)?),
                })
            },
        ),
        net(
            "admin_freeze_window",
            "sudo_set_admin_freeze_window",
            Int,
            "blocks",
            U16,
            |v| Some(C::SudoSetAdminFreezeWindow { window: u16v(v)? }),
        ),
        net(
            "owner_hparam_rate_limit",
            "sudo_set_owner_hparam_rate_limit",
            Int,
            "tempos",
            U16,
            |v| Some(C::SudoSetOwnerHparamRateLimit { epochs: u16v(v)? }),
        ),
        net(
            "start_call_delay",
            "sudo_set_start_call_delay",
            Int,
            "blocks",
            U64,
            |v| Some(C::SudoSetStartCallDelay { delay: u64v(v)? }),
        ),
        net(
            "max_epochs_per_block",
            "sudo_set_max_epochs_per_block",
            Int,
            "epochs",
            (1, U8.1),
            |v| {
                Some(C::SudoSetMaxEpochsPerBlock {
                    max_epochs_per_block: u8::try_from(v).ok()?,
                })
            },
        ),
        net(
            "tao_weight",
            "sudo_set_tao_weight",
            Ratio(U64_ONE),
            "u64 ratio",
            U64,
            |v| {
                Some(C::SudoSetTaoWeight {
                    tao_weight: u64v(v)?,
                })
            },
        ),
        net(
            "existential_deposit",
            "sudo_set_existential_deposit",
            Int,
            "rao",
            (1, U64.1),
            |v| {
                Some(C::SudoSetExistentialDeposit {
                    existential_deposit: u64v(v)?,
                })
            },
        ),
        net(
            "staking_fee",
            "sudo_set_staking_fee",
            Int,
            "rao",
            U64,
            |v| {
                Some(C::SudoSetStakingFee {
                    staking_fee: u64v(v)?,
                })
            },
        ),
        net("min_stake", "sudo_set_min_stake", Int, "rao", U64, |v| {
            Some(C::SudoSetMinStake {
                min_stake: u64v(v)?,
            })
        }),
    ]
}

/// Subnet-wide or network-wide.
fn is_network(param: &Param) -> bool {
    matches!(param.build, Build::Network(_))
}

/// The parameter called `name` (its table name, or its call name when that is unambiguous).
pub fn find(name: &str) -> Result<Param, ChainError> {
    let all = params();
    let mut by_call = Vec::new();
    for param in all {
        if param.name == name {
            return Ok(param);
        }
        if param.call == name {
            by_call.push(param);
        }
    }
    if by_call.len() == 1 {
        if let Some(param) = by_call.pop() {
            return Ok(param);
        }
    }
    Err(ChainError::Usage(unknown_name(name)))
}

fn unknown_name(name: &str) -> String {
    let all = params();
    let names = |network: bool| {
        all.iter()
            .filter(|p| is_network(p) == network)
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "unknown parameter {name:?}; subnet parameters: {}; network-wide (root, no NETUID): {}",
        names(false),
        names(true)
    )
}

/// Parse `text` as a decimal (`0.9`, `1.26`) scaled by `one` raw units per 1.0, rounded to the
/// nearest raw unit. At most 18 decimals.
pub fn scale_decimal(text: &str, one: u128) -> Option<u128> {
    let (whole, frac) = text.split_once('.')?;
    if (whole.is_empty() && frac.is_empty())
        || frac.len() > 18
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole_value: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_digits = u32::try_from(frac.len()).ok()?;
    let denominator = 10_u128.checked_pow(frac_digits)?;
    let frac_value: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let whole_raw = whole_value.checked_mul(one)?;
    // frac_value / denominator × one, rounded half up, without overflow: split `one`.
    let (q, r) = (one / denominator, one % denominator);
    let exact = frac_value.checked_mul(q)?;
    let rest_num = frac_value.checked_mul(r)?;
    let rest = rest_num / denominator;
    let round = u128::from(rest_num % denominator >= denominator.div_ceil(2));
    whole_raw
        .checked_add(exact)?
        .checked_add(rest)?
        .checked_add(round)
}

/// Parse VALUE for `param` into its raw value and check it against the origin's range.
pub fn parse_value(param: &Param, text: &str, sudo: bool) -> Result<i128, ChainError> {
    let bad = |expected: &str| {
        ChainError::Usage(format!(
            "invalid value {text:?} for {}: expected {expected}",
            param.name
        ))
    };
    let trimmed = text.trim();
    let raw: i128 = match param.kind {
        Kind::Bool => match trimmed {
            "true" => 1,
            "false" => 0,
            _ => return Err(bad("true or false")),
        },
        Kind::RecycleOrBurn => match trimmed {
            "burn" => 0,
            "recycle" => 1,
            _ => return Err(bad("burn or recycle")),
        },
        Kind::YumaVersion => match trimmed {
            "2" => 2,
            "3" => 3,
            _ => return Err(bad("2 or 3")),
        },
        Kind::Int => trimmed.parse::<i128>().map_err(|_| bad("an integer"))?,
        Kind::Ratio(one) => {
            if trimmed.contains('.') {
                let scaled = scale_decimal(trimmed, one)
                    .ok_or_else(|| bad("a raw integer or a decimal such as 0.5"))?;
                i128::try_from(scaled).map_err(|_| bad("a smaller number"))?
            } else {
                trimmed
                    .parse::<i128>()
                    .map_err(|_| bad("a raw integer or a decimal such as 0.5"))?
            }
        }
    };
    let (min, max) = if sudo {
        param.root_range
    } else {
        param.owner_range
    };
    if raw < min || raw > max {
        let who = if sudo || param.owner_range == param.root_range {
            String::new()
        } else {
            " for the subnet owner (root may go further with --sudo)".to_string()
        };
        let unit = if param.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", param.unit)
        };
        return Err(ChainError::Usage(format!(
            "{} must be in {min}..={max}{unit}{who}; got {raw}",
            param.name
        )));
    }
    Ok(raw)
}

/// Build the call setting `param` to `raw` on `netuid` (`None` for network-wide).
pub fn build_call(
    param: &Param,
    netuid: Option<u16>,
    raw: i128,
    ctx: &Context,
) -> Result<AdminCall, ChainError> {
    let call = match (&param.build, netuid) {
        (Build::Subnet(build), Some(netuid)) => build(NetUid(netuid), raw, ctx),
        (Build::Network(build), None) => build(raw),
        (Build::Subnet(_), None) => {
            return Err(ChainError::Usage(format!(
                "{} is a subnet parameter: dtao subnet set NETUID {} VALUE",
                param.name, param.name
            )))
        }
        (Build::Network(_), Some(_)) => {
            return Err(ChainError::Usage(format!(
                "{} is network-wide: dtao subnet set {} VALUE --sudo (no NETUID)",
                param.name, param.name
            )))
        }
    };
    call.ok_or_else(|| {
        ChainError::Usage(format!(
            "value {raw} does not fit the argument of {}",
            param.call
        ))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn names_are_unique_and_calls_match() {
        let all = params();
        let mut names: Vec<&str> = all.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        let ctx = Context {
            sudo: false,
            alpha_low: 2_000,
            alpha_high: 60_000,
        };
        for param in &all {
            let raw = param.owner_range.0.max(param.root_range.0);
            let netuid = (!is_network(param)).then_some(1);
            let call = build_call(param, netuid, raw, &ctx).unwrap();
            assert_eq!(call.name(), param.call, "{}", param.name);
            assert_eq!(call.netuid().map(|n| n.0), netuid, "{}", param.name);
        }
    }

    #[test]
    fn lookup_by_name_and_call_name() {
        assert_eq!(find("kappa").unwrap().call, "sudo_set_kappa");
        assert_eq!(find("sudo_set_kappa").unwrap().name, "kappa");
        // Two names share sudo_set_alpha_values: the call name is ambiguous.
        assert!(find("sudo_set_alpha_values").is_err());
        let Err(ChainError::Usage(message)) = find("kapa") else {
            panic!("expected a usage error");
        };
        assert!(message.contains("kappa") && message.contains("network_rate_limit"));
    }

    #[test]
    fn values_parse_by_kind() {
        let kappa = find("kappa").unwrap();
        assert_eq!(parse_value(&kappa, "32767", true).unwrap(), 32_767);
        assert_eq!(parse_value(&kappa, "0.5", true).unwrap(), 32_768);
        assert_eq!(parse_value(&kappa, "1.0", true).unwrap(), 65_535);
        for bad in ["65536", "-1", "1.5", "x", "", "0.5.5"] {
            assert!(parse_value(&kappa, bad, true).is_err(), "{bad}");
        }
        let bonds = find("bonds_moving_avg").unwrap();
        assert_eq!(parse_value(&bonds, "0.9", false).unwrap(), 900_000);
        assert!(parse_value(&bonds, "0.99", false).is_err());
        assert_eq!(parse_value(&bonds, "0.99", true).unwrap(), 990_000);
        let mult = find("burn_increase_mult").unwrap();
        assert_eq!(parse_value(&mult, "1.26", false).unwrap(), 1_260_000_000);
        assert!(parse_value(&mult, "0.5", false).is_err());
        let enabled = find("liquid_alpha_enabled").unwrap();
        assert_eq!(parse_value(&enabled, "true", false).unwrap(), 1);
        assert!(parse_value(&enabled, "yes", false).is_err());
        let tempo = find("tempo").unwrap();
        assert!(parse_value(&tempo, "100", false).is_err());
        assert_eq!(parse_value(&tempo, "100", true).unwrap(), 100);
        assert_eq!(parse_value(&tempo, "360", false).unwrap(), 360);
        let steep = find("alpha_sigmoid_steepness").unwrap();
        assert!(parse_value(&steep, "-5", false).is_err());
        assert_eq!(parse_value(&steep, "-5", true).unwrap(), -5);
        let rob = find("recycle_or_burn").unwrap();
        assert_eq!(parse_value(&rob, "recycle", false).unwrap(), 1);
        let alpha = find("tao_weight").unwrap();
        assert_eq!(
            parse_value(&alpha, "1.0", true).unwrap(),
            i128::from(u64::MAX)
        );
        assert_eq!(
            parse_value(&alpha, "0.18", true).unwrap(),
            3_320_413_933_267_719_291
        );
    }

    #[test]
    fn tempo_builds_by_origin_and_scope_is_checked() {
        let tempo = find("tempo").unwrap();
        let owner = build_call(&tempo, Some(1), 400, &Context::default()).unwrap();
        assert_eq!(owner.name(), "set_tempo");
        let root = Context {
            sudo: true,
            ..Context::default()
        };
        assert_eq!(
            build_call(&tempo, Some(1), 20, &root).unwrap().name(),
            "sudo_set_tempo"
        );
        assert!(build_call(&tempo, None, 400, &root).is_err());
        let limit = find("network_rate_limit").unwrap();
        assert!(build_call(&limit, Some(1), 0, &root).is_err());
        assert!(build_call(&limit, None, 0, &root).is_ok());
    }

    #[test]
    fn decimals_scale_exactly() {
        assert_eq!(scale_decimal("0.9", 1_000_000), Some(900_000));
        assert_eq!(scale_decimal(".5", 65_535), Some(32_768));
        assert_eq!(scale_decimal("2.", 1_000), Some(2_000));
        assert_eq!(scale_decimal("0.000000001", 1_000_000_000), Some(1));
        assert_eq!(scale_decimal("1", 1_000), None);
        assert_eq!(scale_decimal(".", 1_000), None);
        assert_eq!(scale_decimal("-0.5", 1_000), None);
        assert_eq!(
            scale_decimal("99999999999999999999999999999999999999.0", 1_000_000),
            None
        );
    }
}
