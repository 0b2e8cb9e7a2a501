//! Read models of the runtime APIs the pinned clients call through `state_call`
//! (`SubnetInfoRuntimeApi`, `NeuronInfoRuntimeApi`, `StakeInfoRuntimeApi`,
//! `DelegateInfoRuntimeApi`; sdk-compat §4): plain functions over `&State`, one struct per API
//! type of subtensor runtime 331 (fixtures/subtensor-runtime-331/api_types.txt) with the same
//! field names in the same order, so the node can SCALE-encode them field by field.
//!
//! Conventions:
//! - Integers have the chain's width. A field the chain declares `Compact<T>` is a plain `T`
//!   here (the node encodes it compactly); `Vec<Compact<u8>>` byte strings are `Vec<u8>`.
//! - Fixed-point fields are raw bits: `moving_price` is the `I96F32` bits as `i128` (the chain's
//!   `FixedI128<U32>`), `alpha_sigmoid_steepness` the `I32F32` bits as `i64` (`FixedI64<U32>`).
//! - What dtao does not model is reported as 0 / empty / `None`, and fields subtensor itself
//!   deprecated are reported as subtensor reports them; each such field's doc says which.
//! - Deterministic order everywhere: netuids ascending, uids ascending, accounts in byte order
//!   (`BTreeMap` order), a coldkey's hotkeys in `StakingHotkeys` order.
//! - Cost: keyed `BTreeMap` lookups per uid or per position (O(n log S) for a subnet of n uids
//!   and S stake pools); nothing scans the whole stake map per uid. `delegates` scans the stake
//!   keys once and builds its hotkey → registrations index once per call.
//!
//! Every function is a pure read: it never mutates the state and never panics.

use crate::hyperparams::SubnetHyperparams as Hyperparams;
use crate::state::{AxonInfo, HotkeyStake, Neuron, PrometheusInfo, State, Subnet, SubnetIdentity};
use dtao_primitives::fixed::{safe_div, I32F32, I64F64, U64F64};
use dtao_primitives::{AccountId, NetUid};
use std::collections::{BTreeMap, BTreeSet};

/// `ScalingLawPower` reported by `SubnetInfo` (deprecated on chain; the runtime's initial 50).
pub const SCALING_LAW_POWER: u16 = 50;

/// `MaxRegistrationsPerBlock` reported in hyperparameters: the runtime's initial value. dtao
/// does not cap registrations per block (the price bump throttles them, as at subtensor HEAD).
pub const MAX_REGISTRATIONS_PER_BLOCK: u16 = 1;

/// `MinDifficulty` and `MaxDifficulty`: PoW registration is disabled, so both are `u64::MAX`,
/// the values subtensor writes for a subnet created by `register_network`.
pub const POW_DIFFICULTY_BOUND: u64 = u64::MAX;

/// Blocks per day (12 s blocks), for the daily returns of `DelegateInfo`.
pub const BLOCKS_PER_DAY: u64 = 7_200;

/// `pruning_score` reported per uid: pruning scores are no longer computed (pruning uses
/// emission), and subtensor reports `u16::MAX` for every uid.
pub const PRUNING_SCORE: u16 = u16::MAX;

/// Number of selective metagraph indexes (0 = netuid … 73 = commitments).
pub const SELECTIVE_METAGRAPH_INDEXES: u16 = 74;

// ---- types ------------------------------------------------------------------------------

/// `DynamicInfo`: one subnet with its pool, for subnet lists and prices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamicInfo {
    /// Subnet.
    pub netuid: u16,
    /// Owner hotkey (`SubnetOwnerHotkey`).
    pub owner_hotkey: AccountId,
    /// Owner coldkey (`SubnetOwner`).
    pub owner_coldkey: AccountId,
    /// Identity name if set and non-empty, else `root` for netuid 0, else empty (subtensor's
    /// fallback table of mainnet names is not reproduced).
    pub subnet_name: Vec<u8>,
    /// Token symbol (UTF-8 bytes).
    pub token_symbol: Vec<u8>,
    /// Blocks between epochs.
    pub tempo: u16,
    /// Block of the last epoch.
    pub last_step: u64,
    /// Current block minus `last_step`.
    pub blocks_since_last_step: u64,
    /// Deprecated on chain: always 0.
    pub emission: u64,
    /// Alpha in the pool (`SubnetAlphaIn`).
    pub alpha_in: u64,
    /// Alpha outside the pool (`SubnetAlphaOut`).
    pub alpha_out: u64,
    /// TAO in the pool (`SubnetTAO`).
    pub tao_in: u64,
    /// Alpha emitted to participants in the last block.
    pub alpha_out_emission: u64,
    /// Alpha injected into the pool in the last block.
    pub alpha_in_emission: u64,
    /// TAO injected into the pool in the last block.
    pub tao_in_emission: u64,
    /// Alpha accumulated for the next epoch: server + validator halves (owner cut excluded).
    pub pending_alpha_emission: u64,
    /// TAO accumulated for root dividends (R1 `PendingRootDivs`).
    pub pending_root_emission: u64,
    /// TAO volume traded through the pool.
    pub subnet_volume: u128,
    /// Block of `register_network`.
    pub network_registered_at: u64,
    /// Owner-set identity (`SubnetIdentityV3`).
    pub subnet_identity: Option<SubnetIdentity>,
    /// EMA price as raw `I96F32` bits (`FixedI128<U32>` on chain).
    pub moving_price: i128,
}

/// `NeuronInfoLite`: one uid without weights and bonds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeuronInfoLite {
    /// Hotkey at the uid.
    pub hotkey: AccountId,
    /// Owner of the hotkey (zero account if unknown).
    pub coldkey: AccountId,
    /// Uid.
    pub uid: u16,
    /// Subnet.
    pub netuid: u16,
    /// Active at the last epoch.
    pub active: bool,
    /// Served axon (all zero if none).
    pub axon_info: AxonInfo,
    /// Served prometheus endpoint (all zero if none).
    pub prometheus_info: PrometheusInfo,
    /// One entry `(coldkey, total alpha staked to the hotkey on this subnet)`, as subtensor.
    pub stake: Vec<(AccountId, u64)>,
    /// Deprecated: no longer computed, always 0.
    pub rank: u16,
    /// Alpha rao emitted to the uid by the last epoch.
    pub emission: u64,
    /// Incentive (u16 proportion).
    pub incentive: u16,
    /// Consensus (u16 proportion).
    pub consensus: u16,
    /// Deprecated: no longer computed, always 0.
    pub trust: u16,
    /// Validator trust (u16 proportion).
    pub validator_trust: u16,
    /// Dividends (u16 proportion).
    pub dividends: u16,
    /// Block of the last weights update.
    pub last_update: u64,
    /// Validator permit.
    pub validator_permit: bool,
    /// Deprecated: always [`PRUNING_SCORE`].
    pub pruning_score: u16,
}

/// `NeuronInfo`: one uid with its weights and bonds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeuronInfo {
    /// Hotkey at the uid.
    pub hotkey: AccountId,
    /// Owner of the hotkey (zero account if unknown).
    pub coldkey: AccountId,
    /// Uid.
    pub uid: u16,
    /// Subnet.
    pub netuid: u16,
    /// Active at the last epoch.
    pub active: bool,
    /// Served axon (all zero if none).
    pub axon_info: AxonInfo,
    /// Served prometheus endpoint (all zero if none).
    pub prometheus_info: PrometheusInfo,
    /// One entry `(coldkey, total alpha staked to the hotkey on this subnet)`, as subtensor.
    pub stake: Vec<(AccountId, u64)>,
    /// Deprecated: no longer computed, always 0.
    pub rank: u16,
    /// Alpha rao emitted to the uid by the last epoch.
    pub emission: u64,
    /// Incentive (u16 proportion).
    pub incentive: u16,
    /// Consensus (u16 proportion).
    pub consensus: u16,
    /// Deprecated: no longer computed, always 0.
    pub trust: u16,
    /// Validator trust (u16 proportion).
    pub validator_trust: u16,
    /// Dividends (u16 proportion).
    pub dividends: u16,
    /// Block of the last weights update.
    pub last_update: u64,
    /// Validator permit.
    pub validator_permit: bool,
    /// Stored weights `(uid, weight)` in stored order, zero weights left out.
    pub weights: Vec<(u16, u16)>,
    /// Stored bonds `(uid, bond)` in stored order, zero bonds left out.
    pub bonds: Vec<(u16, u16)>,
    /// Deprecated: always [`PRUNING_SCORE`].
    pub pruning_score: u16,
}

/// `StakeInfo`: one stake position `(hotkey, coldkey, netuid)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StakeInfo {
    /// Hotkey staked to.
    pub hotkey: AccountId,
    /// Owner of the position.
    pub coldkey: AccountId,
    /// Subnet.
    pub netuid: u16,
    /// Alpha rao of the position (TAO rao on root).
    pub stake: u64,
    /// Not modelled (no stake locks): always 0.
    pub locked: u64,
    /// Not modelled: always 0. Subtensor reports the hotkey's alpha dividends of the last epoch
    /// (`AlphaDividendsPerSubnet`), which dtao's state does not record separately.
    pub emission: u64,
    /// Removed on chain: always 0.
    pub tao_emission: u64,
    /// Not modelled: always 0.
    pub drain: u64,
    /// Whether the hotkey holds a uid on the subnet.
    pub is_registered: bool,
}

/// `DelegateInfo`: a hotkey that accepts stake, with its nominators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelegateInfo {
    /// The delegate hotkey.
    pub delegate_ss58: AccountId,
    /// Delegate take (u16 proportion; the default take unless set).
    pub take: u16,
    /// Nominator coldkeys in byte order, each with `(netuid, stake)` ascending by netuid.
    pub nominators: Vec<(AccountId, Vec<(u16, u64)>)>,
    /// Owner coldkey of the hotkey (zero account if unknown).
    pub owner_ss58: AccountId,
    /// Netuids where the hotkey holds a uid, ascending (root included).
    pub registrations: Vec<u16>,
    /// Netuids where that uid has a validator permit, ascending.
    pub validator_permits: Vec<u16>,
    /// `total_daily_return × (1 − take) / (root stake / 1000 TAO)`, floored; 0 without root
    /// stake. Units are mixed (alpha per TAO) exactly as on chain.
    pub return_per_1000: u64,
    /// Σ over registrations of `emission × 7200 / tempo` (alpha rao per day), floored.
    pub total_daily_return: u64,
}

/// `SubnetInfo` (legacy subnet summary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetInfo {
    /// Subnet.
    pub netuid: u16,
    /// Rho (unused by the epoch).
    pub rho: u16,
    /// Kappa.
    pub kappa: u16,
    /// Legacy PoW difficulty.
    pub difficulty: u64,
    /// Immunity period in blocks.
    pub immunity_period: u16,
    /// Validator permits per epoch.
    pub max_allowed_validators: u16,
    /// Minimum weights per call.
    pub min_allowed_weights: u16,
    /// Maximum weight value.
    pub max_weights_limit: u16,
    /// Deprecated: always [`SCALING_LAW_POWER`].
    pub scaling_law_power: u16,
    /// Registered uids.
    pub subnetwork_n: u16,
    /// Maximum uids.
    pub max_allowed_uids: u16,
    /// `BlocksSinceLastStep` as stored.
    pub blocks_since_last_step: u64,
    /// Blocks between epochs.
    pub tempo: u16,
    /// Deprecated: always 0.
    pub network_modality: u16,
    /// Deprecated: always empty.
    pub network_connect: Vec<[u16; 2]>,
    /// Deprecated: always 0.
    pub emission_values: u64,
    /// Current registration price in rao.
    pub burn: u64,
    /// Owner coldkey.
    pub owner: AccountId,
}

/// `SubnetInfov2`: `SubnetInfo` with the identity (note `emission_value`, singular).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetInfov2 {
    /// Subnet.
    pub netuid: u16,
    /// Rho (unused by the epoch).
    pub rho: u16,
    /// Kappa.
    pub kappa: u16,
    /// Legacy PoW difficulty.
    pub difficulty: u64,
    /// Immunity period in blocks.
    pub immunity_period: u16,
    /// Validator permits per epoch.
    pub max_allowed_validators: u16,
    /// Minimum weights per call.
    pub min_allowed_weights: u16,
    /// Maximum weight value.
    pub max_weights_limit: u16,
    /// Deprecated: always [`SCALING_LAW_POWER`].
    pub scaling_law_power: u16,
    /// Registered uids.
    pub subnetwork_n: u16,
    /// Maximum uids.
    pub max_allowed_uids: u16,
    /// `BlocksSinceLastStep` as stored.
    pub blocks_since_last_step: u64,
    /// Blocks between epochs.
    pub tempo: u16,
    /// Deprecated: always 0.
    pub network_modality: u16,
    /// Deprecated: always empty.
    pub network_connect: Vec<[u16; 2]>,
    /// Deprecated: always 0.
    pub emission_value: u64,
    /// Current registration price in rao.
    pub burn: u64,
    /// Owner coldkey.
    pub owner: AccountId,
    /// Owner-set identity (`SubnetIdentityV3`).
    pub identity: Option<SubnetIdentity>,
}

/// `SubnetHyperparams` (v1): the first 27 fields of [`SubnetHyperparamsV2`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetHyperparams {
    /// Rho.
    pub rho: u16,
    /// Kappa.
    pub kappa: u16,
    /// Immunity period in blocks.
    pub immunity_period: u16,
    /// Minimum weights per call.
    pub min_allowed_weights: u16,
    /// Maximum weight value.
    pub max_weights_limit: u16,
    /// Blocks between epochs.
    pub tempo: u16,
    /// PoW disabled: [`POW_DIFFICULTY_BOUND`].
    pub min_difficulty: u64,
    /// PoW disabled: [`POW_DIFFICULTY_BOUND`].
    pub max_difficulty: u64,
    /// Weights version key.
    pub weights_version: u64,
    /// Weights rate limit in blocks.
    pub weights_rate_limit: u64,
    /// Legacy adjustment interval (reported only).
    pub adjustment_interval: u16,
    /// Legacy absolute activity cutoff in blocks (the epoch uses the per-tempo factor).
    pub activity_cutoff: u16,
    /// Whether neurons can register.
    pub registration_allowed: bool,
    /// Legacy registration target per interval (reported only).
    pub target_regs_per_interval: u16,
    /// Registration price floor.
    pub min_burn: u64,
    /// Registration price ceiling.
    pub max_burn: u64,
    /// Bonds moving average (parts per million).
    pub bonds_moving_avg: u64,
    /// Not enforced: [`MAX_REGISTRATIONS_PER_BLOCK`].
    pub max_regs_per_block: u16,
    /// Serving rate limit in blocks.
    pub serving_rate_limit: u64,
    /// Validator permits per epoch.
    pub max_validators: u16,
    /// Legacy adjustment alpha (reported only).
    pub adjustment_alpha: u64,
    /// Legacy PoW difficulty.
    pub difficulty: u64,
    /// Reveal period in epochs.
    pub commit_reveal_period: u64,
    /// Hash commit-reveal of weights.
    pub commit_reveal_weights_enabled: bool,
    /// Liquid alpha upper bound (u16 proportion).
    pub alpha_high: u16,
    /// Liquid alpha lower bound (u16 proportion).
    pub alpha_low: u16,
    /// Liquid alpha.
    pub liquid_alpha_enabled: bool,
}

/// `SubnetHyperparamsV2`: every hyperparameter the clients read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetHyperparamsV2 {
    /// Rho.
    pub rho: u16,
    /// Kappa.
    pub kappa: u16,
    /// Immunity period in blocks.
    pub immunity_period: u16,
    /// Minimum weights per call.
    pub min_allowed_weights: u16,
    /// Maximum weight value.
    pub max_weights_limit: u16,
    /// Blocks between epochs.
    pub tempo: u16,
    /// PoW disabled: [`POW_DIFFICULTY_BOUND`].
    pub min_difficulty: u64,
    /// PoW disabled: [`POW_DIFFICULTY_BOUND`].
    pub max_difficulty: u64,
    /// Weights version key.
    pub weights_version: u64,
    /// Weights rate limit in blocks.
    pub weights_rate_limit: u64,
    /// Legacy adjustment interval (reported only).
    pub adjustment_interval: u16,
    /// Legacy absolute activity cutoff in blocks (the epoch uses the per-tempo factor).
    pub activity_cutoff: u16,
    /// Whether neurons can register.
    pub registration_allowed: bool,
    /// Legacy registration target per interval (reported only).
    pub target_regs_per_interval: u16,
    /// Registration price floor.
    pub min_burn: u64,
    /// Registration price ceiling.
    pub max_burn: u64,
    /// Bonds moving average (parts per million).
    pub bonds_moving_avg: u64,
    /// Not enforced: [`MAX_REGISTRATIONS_PER_BLOCK`].
    pub max_regs_per_block: u16,
    /// Serving rate limit in blocks.
    pub serving_rate_limit: u64,
    /// Validator permits per epoch.
    pub max_validators: u16,
    /// Legacy adjustment alpha (reported only).
    pub adjustment_alpha: u64,
    /// Legacy PoW difficulty.
    pub difficulty: u64,
    /// Reveal period in epochs.
    pub commit_reveal_period: u64,
    /// Hash commit-reveal of weights.
    pub commit_reveal_weights_enabled: bool,
    /// Liquid alpha upper bound (u16 proportion).
    pub alpha_high: u16,
    /// Liquid alpha lower bound (u16 proportion).
    pub alpha_low: u16,
    /// Liquid alpha.
    pub liquid_alpha_enabled: bool,
    /// Liquid alpha sigmoid steepness as raw `I32F32` bits (`FixedI64<U32>` on chain).
    pub alpha_sigmoid_steepness: i64,
    /// 3 with the Yuma3 bond model, else 2.
    pub yuma_version: u16,
    /// Staking and emission enabled (`start_call` done).
    pub subnet_is_active: bool,
    /// Stake transfers between coldkeys allowed.
    pub transfers_enabled: bool,
    /// Bonds reset on commitment.
    pub bonds_reset_enabled: bool,
    /// Not modelled (no user liquidity positions): always false.
    pub user_liquidity_enabled: bool,
}

/// `ChainIdentityV2`: a coldkey's identity. dtao does not model coldkey identities, so the
/// read models only ever report `None` for it; the type exists for the metadata description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainIdentityV2 {
    /// Display name.
    pub name: Vec<u8>,
    /// Web site.
    pub url: Vec<u8>,
    /// Source repository.
    pub github_repo: Vec<u8>,
    /// Image address.
    pub image: Vec<u8>,
    /// Discord handle.
    pub discord: Vec<u8>,
    /// Description.
    pub description: Vec<u8>,
    /// Anything else.
    pub additional: Vec<u8>,
}

/// `SubnetState`: per-uid columns of a subnet (btcli `subnets show`, bittensor 10 metagraph).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetState {
    /// Subnet.
    pub netuid: u16,
    /// Hotkey per uid.
    pub hotkeys: Vec<AccountId>,
    /// Owner coldkey per uid.
    pub coldkeys: Vec<AccountId>,
    /// Active per uid.
    pub active: Vec<bool>,
    /// Validator permit per uid.
    pub validator_permit: Vec<bool>,
    /// Deprecated: [`PRUNING_SCORE`] per uid.
    pub pruning_score: Vec<u16>,
    /// Last weights update per uid.
    pub last_update: Vec<u64>,
    /// Alpha emitted by the last epoch per uid.
    pub emission: Vec<u64>,
    /// Dividends per uid.
    pub dividends: Vec<u16>,
    /// Incentive per uid.
    pub incentives: Vec<u16>,
    /// Consensus per uid.
    pub consensus: Vec<u16>,
    /// Deprecated: 0 per uid.
    pub trust: Vec<u16>,
    /// Deprecated: 0 per uid.
    pub rank: Vec<u16>,
    /// Registration block per uid.
    pub block_at_registration: Vec<u64>,
    /// Alpha staked to the uid's hotkey on this subnet.
    pub alpha_stake: Vec<u64>,
    /// TAO staked to the uid's hotkey on root.
    pub tao_stake: Vec<u64>,
    /// Stake weight `alpha + TaoWeight × root`, floored.
    pub total_stake: Vec<u64>,
    /// Per subnet (every netuid ascending), per uid of this subnet: 0. Subtensor reads
    /// `LastHotkeyEmissionOnNetuid`, which it no longer writes, so it reports zeros too.
    pub emission_history: Vec<Vec<u64>>,
}

/// Declares `Metagraph` and `SelectiveMetagraph` from one list of the fields after `netuid`,
/// each with its selective index, so the two structs and the index mapping cannot drift apart.
macro_rules! metagraph_models {
    ($( $index:literal $field:ident : $ty:ty => $doc:literal; )*) => {
        /// `Metagraph`: a whole subnet (scalars, hyperparameters and per-uid columns).
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Metagraph {
            /// Subnet (selective index 0).
            pub netuid: u16,
            $( #[doc = $doc] pub $field: $ty, )*
        }

        /// `SelectiveMetagraph`: the [`Metagraph`] fields whose indexes were asked for, plus
        /// `validators` (72) and `commitments` (73).
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct SelectiveMetagraph {
            /// Subnet (index 0; always set).
            pub netuid: u16,
            $( #[doc = $doc] pub $field: Option<$ty>, )*
            /// (72) Uids with a validator permit and a stake weight above `StakeThreshold`,
            /// ascending by stake weight (as subtensor), ties by uid.
            pub validators: Option<Vec<u16>>,
            /// (73) Not modelled (no Commitments pallet): always empty when asked for.
            pub commitments: Option<Vec<(AccountId, Vec<u8>)>>,
        }

        /// Selective indexes of the `Metagraph` fields after `netuid`, in field order.
        pub const METAGRAPH_FIELD_INDEXES: &[u16] = &[$($index),*];

        impl SelectiveMetagraph {
            /// Keep the fields of `full` whose index is wanted.
            fn select(full: Metagraph, wanted: &[bool]) -> SelectiveMetagraph {
                let is_wanted = |index: usize| wanted.get(index).copied().unwrap_or(false);
                SelectiveMetagraph {
                    netuid: full.netuid,
                    $( $field: if is_wanted($index) { Some(full.$field) } else { None }, )*
                    validators: None,
                    commitments: None,
                }
            }
        }
    };
}

metagraph_models! {
    1 name: Vec<u8> => "(1) Subnet name, as [`DynamicInfo::subnet_name`].";
    2 symbol: Vec<u8> => "(2) Token symbol.";
    3 identity: Option<SubnetIdentity> => "(3) Owner-set identity.";
    4 network_registered_at: u64 => "(4) Block of `register_network`.";
    5 owner_hotkey: AccountId => "(5) Owner hotkey.";
    6 owner_coldkey: AccountId => "(6) Owner coldkey.";
    7 block: u64 => "(7) Current block.";
    8 tempo: u16 => "(8) Blocks between epochs.";
    9 last_step: u64 => "(9) Block of the last epoch.";
    10 blocks_since_last_step: u64 => "(10) Current block minus `last_step`.";
    11 subnet_emission: u64 => "(11) Deprecated on chain: always 0.";
    12 alpha_in: u64 => "(12) Alpha in the pool.";
    13 alpha_out: u64 => "(13) Alpha outside the pool.";
    14 tao_in: u64 => "(14) TAO in the pool.";
    15 alpha_out_emission: u64 => "(15) Alpha emitted to participants in the last block.";
    16 alpha_in_emission: u64 => "(16) Alpha injected into the pool in the last block.";
    17 tao_in_emission: u64 => "(17) TAO injected into the pool in the last block.";
    18 pending_alpha_emission: u64 => "(18) Alpha pending for the next epoch (server + validator).";
    19 pending_root_emission: u64 => "(19) TAO pending for root dividends (R1 `PendingRootDivs`).";
    20 subnet_volume: u128 => "(20) TAO volume traded through the pool.";
    21 moving_price: i128 => "(21) EMA price as raw `I96F32` bits.";
    22 rho: u16 => "(22) Rho.";
    23 kappa: u16 => "(23) Kappa.";
    24 min_allowed_weights: u16 => "(24) Minimum weights per call.";
    25 max_weights_limit: u16 => "(25) Maximum weight value.";
    26 weights_version: u64 => "(26) Weights version key.";
    27 weights_rate_limit: u64 => "(27) Weights rate limit in blocks.";
    28 activity_cutoff: u16 => "(28) Legacy absolute activity cutoff in blocks.";
    29 max_validators: u16 => "(29) Validator permits per epoch.";
    30 num_uids: u16 => "(30) Registered uids.";
    31 max_uids: u16 => "(31) Maximum uids.";
    32 burn: u64 => "(32) Current registration price in rao.";
    33 difficulty: u64 => "(33) Legacy PoW difficulty.";
    34 registration_allowed: bool => "(34) Whether neurons can register.";
    35 pow_registration_allowed: bool => "(35) PoW registration is not supported: always false.";
    36 immunity_period: u16 => "(36) Immunity period in blocks.";
    37 min_difficulty: u64 => "(37) PoW disabled: `POW_DIFFICULTY_BOUND`.";
    38 max_difficulty: u64 => "(38) PoW disabled: `POW_DIFFICULTY_BOUND`.";
    39 min_burn: u64 => "(39) Registration price floor.";
    40 max_burn: u64 => "(40) Registration price ceiling.";
    41 adjustment_alpha: u64 => "(41) Legacy adjustment alpha.";
    42 adjustment_interval: u16 => "(42) Legacy adjustment interval.";
    43 target_regs_per_interval: u16 => "(43) Legacy registration target per interval.";
    44 max_regs_per_block: u16 => "(44) Not enforced: `MAX_REGISTRATIONS_PER_BLOCK`.";
    45 serving_rate_limit: u64 => "(45) Serving rate limit in blocks.";
    46 commit_reveal_weights_enabled: bool => "(46) Hash commit-reveal of weights.";
    47 commit_reveal_period: u64 => "(47) Reveal period in epochs.";
    48 liquid_alpha_enabled: bool => "(48) Liquid alpha.";
    49 alpha_high: u16 => "(49) Liquid alpha upper bound.";
    50 alpha_low: u16 => "(50) Liquid alpha lower bound.";
    51 bonds_moving_avg: u64 => "(51) Bonds moving average (parts per million).";
    52 hotkeys: Vec<AccountId> => "(52) Hotkey per uid.";
    53 coldkeys: Vec<AccountId> => "(53) Owner coldkey per uid (zero account if unknown).";
    54 identities: Vec<Option<ChainIdentityV2>>
        => "(54) Not modelled (no coldkey identities): `None` per uid.";
    55 axons: Vec<AxonInfo> => "(55) Axon per uid (all zero if none).";
    56 active: Vec<bool> => "(56) Active per uid.";
    57 validator_permit: Vec<bool> => "(57) Validator permit per uid.";
    58 pruning_score: Vec<u16> => "(58) Deprecated: `PRUNING_SCORE` per uid.";
    59 last_update: Vec<u64> => "(59) Last weights update per uid.";
    60 emission: Vec<u64> => "(60) Alpha emitted by the last epoch per uid.";
    61 dividends: Vec<u16> => "(61) Dividends per uid.";
    62 incentives: Vec<u16> => "(62) Incentive per uid.";
    63 consensus: Vec<u16> => "(63) Consensus per uid.";
    64 trust: Vec<u16> => "(64) Deprecated: 0 per uid.";
    65 rank: Vec<u16> => "(65) Deprecated: 0 per uid.";
    66 block_at_registration: Vec<u64> => "(66) Registration block per uid.";
    67 alpha_stake: Vec<u64> => "(67) Alpha staked to the uid's hotkey on this subnet.";
    68 tao_stake: Vec<u64> => "(68) TAO staked to the uid's hotkey on root.";
    69 total_stake: Vec<u64> => "(69) Stake weight `alpha + TaoWeight × root`, floored.";
    70 tao_dividends_per_hotkey: Vec<(AccountId, u64)>
        => "(70) Removed on chain: `(hotkey, 0)` per uid.";
    71 alpha_dividends_per_hotkey: Vec<(AccountId, u64)>
        => "(71) Not modelled (no per-hotkey dividend record): `(hotkey, 0)` per uid.";
}

// ---- subnets ----------------------------------------------------------------------------

/// Subnet name as the read models report it: the identity's name if set and non-empty, else
/// `root` for netuid 0, else empty.
pub fn subnet_name(subnet: &Subnet) -> Vec<u8> {
    match &subnet.identity {
        Some(identity) if !identity.subnet_name.is_empty() => identity.subnet_name.clone(),
        _ if subnet.netuid.is_root() => b"root".to_vec(),
        _ => Vec::new(),
    }
}

fn blocks_since_last_epoch(state: &State, subnet: &Subnet) -> u64 {
    state.block.saturating_sub(subnet.last_epoch_block)
}

fn pending_alpha(subnet: &Subnet) -> u64 {
    subnet
        .pending
        .server
        .saturating_add(subnet.pending.validator)
}

/// `SubnetInfoRuntimeApi.get_dynamic_info`: `None` if the subnet does not exist.
pub fn dynamic_info(state: &State, netuid: NetUid) -> Option<DynamicInfo> {
    state
        .subnets
        .get(&netuid)
        .map(|subnet| dynamic_info_of(state, subnet))
}

/// `SubnetInfoRuntimeApi.get_all_dynamic_info`: every subnet, root included, by netuid.
pub fn all_dynamic_info(state: &State) -> Vec<DynamicInfo> {
    state
        .subnets
        .values()
        .map(|subnet| dynamic_info_of(state, subnet))
        .collect()
}

fn dynamic_info_of(state: &State, subnet: &Subnet) -> DynamicInfo {
    DynamicInfo {
        netuid: subnet.netuid.0,
        owner_hotkey: subnet.owner_hotkey,
        owner_coldkey: subnet.owner_coldkey,
        subnet_name: subnet_name(subnet),
        token_symbol: subnet.token_symbol.clone(),
        tempo: subnet.hyperparams.tempo,
        last_step: subnet.last_epoch_block,
        blocks_since_last_step: blocks_since_last_epoch(state, subnet),
        emission: 0,
        alpha_in: subnet.alpha_in,
        alpha_out: subnet.alpha_out,
        tao_in: subnet.tao_reserve,
        alpha_out_emission: subnet.alpha_out_emission,
        alpha_in_emission: subnet.alpha_in_emission,
        tao_in_emission: subnet.tao_in_emission,
        pending_alpha_emission: pending_alpha(subnet),
        pending_root_emission: subnet.pending.root_divs_tao,
        subnet_volume: subnet.volume,
        network_registered_at: subnet.registered_at,
        subnet_identity: subnet.identity.clone(),
        moving_price: subnet.moving_price.to_bits(),
    }
}

/// `SubnetInfoRuntimeApi.get_subnet_info_v2`: `None` if the subnet does not exist.
pub fn subnet_info_v2(state: &State, netuid: NetUid) -> Option<SubnetInfov2> {
    state.subnets.get(&netuid).map(subnet_info_v2_of)
}

/// `SubnetInfoRuntimeApi.get_subnets_info_v2`: every subnet, root included, by netuid.
pub fn subnets_info_v2(state: &State) -> Vec<SubnetInfov2> {
    state.subnets.values().map(subnet_info_v2_of).collect()
}

/// `SubnetInfoRuntimeApi.get_subnet_info`: `None` if the subnet does not exist.
pub fn subnet_info(state: &State, netuid: NetUid) -> Option<SubnetInfo> {
    subnet_info_v2(state, netuid).map(SubnetInfo::from)
}

/// `SubnetInfoRuntimeApi.get_subnets_info`: every subnet, root included, by netuid.
pub fn subnets_info(state: &State) -> Vec<SubnetInfo> {
    state
        .subnets
        .values()
        .map(|subnet| SubnetInfo::from(subnet_info_v2_of(subnet)))
        .collect()
}

fn subnet_info_v2_of(subnet: &Subnet) -> SubnetInfov2 {
    let h = &subnet.hyperparams;
    SubnetInfov2 {
        netuid: subnet.netuid.0,
        rho: h.rho,
        kappa: h.kappa,
        difficulty: h.difficulty,
        immunity_period: h.immunity_period,
        max_allowed_validators: h.max_allowed_validators,
        min_allowed_weights: h.min_allowed_weights,
        max_weights_limit: h.max_weights_limit,
        scaling_law_power: SCALING_LAW_POWER,
        subnetwork_n: subnet.n(),
        max_allowed_uids: h.max_allowed_uids,
        blocks_since_last_step: subnet.blocks_since_last_step,
        tempo: h.tempo,
        network_modality: 0,
        network_connect: Vec::new(),
        emission_value: 0,
        burn: h.burn,
        owner: subnet.owner_coldkey,
        identity: subnet.identity.clone(),
    }
}

impl From<SubnetInfov2> for SubnetInfo {
    fn from(v2: SubnetInfov2) -> Self {
        SubnetInfo {
            netuid: v2.netuid,
            rho: v2.rho,
            kappa: v2.kappa,
            difficulty: v2.difficulty,
            immunity_period: v2.immunity_period,
            max_allowed_validators: v2.max_allowed_validators,
            min_allowed_weights: v2.min_allowed_weights,
            max_weights_limit: v2.max_weights_limit,
            scaling_law_power: v2.scaling_law_power,
            subnetwork_n: v2.subnetwork_n,
            max_allowed_uids: v2.max_allowed_uids,
            blocks_since_last_step: v2.blocks_since_last_step,
            tempo: v2.tempo,
            network_modality: v2.network_modality,
            network_connect: v2.network_connect,
            emission_values: v2.emission_value,
            burn: v2.burn,
            owner: v2.owner,
        }
    }
}

/// `SubnetInfoRuntimeApi.get_subnet_hyperparams_v2`: `None` if the subnet does not exist.
pub fn subnet_hyperparams_v2(state: &State, netuid: NetUid) -> Option<SubnetHyperparamsV2> {
    state.subnets.get(&netuid).map(hyperparams_v2_of)
}

/// `SubnetInfoRuntimeApi.get_subnet_hyperparams`: `None` if the subnet does not exist.
pub fn subnet_hyperparams(state: &State, netuid: NetUid) -> Option<SubnetHyperparams> {
    subnet_hyperparams_v2(state, netuid).map(SubnetHyperparams::from)
}

fn hyperparams_v2_of(subnet: &Subnet) -> SubnetHyperparamsV2 {
    let h: &Hyperparams = &subnet.hyperparams;
    let (alpha_low, alpha_high) = h.alpha_values;
    SubnetHyperparamsV2 {
        rho: h.rho,
        kappa: h.kappa,
        immunity_period: h.immunity_period,
        min_allowed_weights: h.min_allowed_weights,
        max_weights_limit: h.max_weights_limit,
        tempo: h.tempo,
        min_difficulty: POW_DIFFICULTY_BOUND,
        max_difficulty: POW_DIFFICULTY_BOUND,
        weights_version: h.weights_version_key,
        weights_rate_limit: h.weights_set_rate_limit,
        adjustment_interval: h.adjustment_interval,
        activity_cutoff: h.activity_cutoff,
        registration_allowed: h.registration_allowed,
        target_regs_per_interval: h.target_registrations_per_interval,
        min_burn: h.min_burn,
        max_burn: h.max_burn,
        bonds_moving_avg: h.bonds_moving_average,
        max_regs_per_block: MAX_REGISTRATIONS_PER_BLOCK,
        serving_rate_limit: h.serving_rate_limit,
        max_validators: h.max_allowed_validators,
        adjustment_alpha: h.adjustment_alpha,
        difficulty: h.difficulty,
        commit_reveal_period: h.reveal_period_epochs,
        commit_reveal_weights_enabled: h.commit_reveal_weights_enabled,
        alpha_high,
        alpha_low,
        liquid_alpha_enabled: h.liquid_alpha_on,
        alpha_sigmoid_steepness: I32F32::from_num(h.alpha_sigmoid_steepness).to_bits(),
        yuma_version: if h.yuma3_on { 3 } else { 2 },
        subnet_is_active: subnet.subtoken_enabled,
        transfers_enabled: h.transfer_allowed,
        bonds_reset_enabled: h.bonds_reset_on,
        user_liquidity_enabled: false,
    }
}

impl From<SubnetHyperparamsV2> for SubnetHyperparams {
    fn from(v2: SubnetHyperparamsV2) -> Self {
        SubnetHyperparams {
            rho: v2.rho,
            kappa: v2.kappa,
            immunity_period: v2.immunity_period,
            min_allowed_weights: v2.min_allowed_weights,
            max_weights_limit: v2.max_weights_limit,
            tempo: v2.tempo,
            min_difficulty: v2.min_difficulty,
            max_difficulty: v2.max_difficulty,
            weights_version: v2.weights_version,
            weights_rate_limit: v2.weights_rate_limit,
            adjustment_interval: v2.adjustment_interval,
            activity_cutoff: v2.activity_cutoff,
            registration_allowed: v2.registration_allowed,
            target_regs_per_interval: v2.target_regs_per_interval,
            min_burn: v2.min_burn,
            max_burn: v2.max_burn,
            bonds_moving_avg: v2.bonds_moving_avg,
            max_regs_per_block: v2.max_regs_per_block,
            serving_rate_limit: v2.serving_rate_limit,
            max_validators: v2.max_validators,
            adjustment_alpha: v2.adjustment_alpha,
            difficulty: v2.difficulty,
            commit_reveal_period: v2.commit_reveal_period,
            commit_reveal_weights_enabled: v2.commit_reveal_weights_enabled,
            alpha_high: v2.alpha_high,
            alpha_low: v2.alpha_low,
            liquid_alpha_enabled: v2.liquid_alpha_enabled,
        }
    }
}

// ---- neurons ----------------------------------------------------------------------------

/// `NeuronInfoRuntimeApi.get_neuron_lite`: `None` if the subnet or uid does not exist.
pub fn neuron_lite(state: &State, netuid: NetUid, uid: u16) -> Option<NeuronInfoLite> {
    let subnet = state.subnets.get(&netuid)?;
    neuron_lite_of(state, subnet, uid)
}

/// `NeuronInfoRuntimeApi.get_neurons_lite`: every uid in order; empty if the subnet does not
/// exist.
pub fn neurons_lite(state: &State, netuid: NetUid) -> Vec<NeuronInfoLite> {
    let Some(subnet) = state.subnets.get(&netuid) else {
        return Vec::new();
    };
    (0..subnet.n())
        .filter_map(|uid| neuron_lite_of(state, subnet, uid))
        .collect()
}

/// `NeuronInfoRuntimeApi.get_neuron`: `None` if the subnet or uid does not exist.
pub fn neuron(state: &State, netuid: NetUid, uid: u16) -> Option<NeuronInfo> {
    let subnet = state.subnets.get(&netuid)?;
    neuron_of(state, subnet, uid)
}

/// `NeuronInfoRuntimeApi.get_neurons`: every uid in order; empty if the subnet does not exist.
pub fn neurons(state: &State, netuid: NetUid) -> Vec<NeuronInfo> {
    let Some(subnet) = state.subnets.get(&netuid) else {
        return Vec::new();
    };
    (0..subnet.n())
        .filter_map(|uid| neuron_of(state, subnet, uid))
        .collect()
}

fn coldkey_of(state: &State, hotkey: &AccountId) -> AccountId {
    state.owner_of(hotkey).unwrap_or_default()
}

fn neuron_lite_of(state: &State, subnet: &Subnet, uid: u16) -> Option<NeuronInfoLite> {
    let neuron = subnet.neurons.get(usize::from(uid))?;
    let coldkey = coldkey_of(state, &neuron.hotkey);
    let alpha = state.hotkey_alpha(&neuron.hotkey, subnet.netuid);
    Some(NeuronInfoLite {
        hotkey: neuron.hotkey,
        coldkey,
        uid,
        netuid: subnet.netuid.0,
        active: neuron.active,
        axon_info: neuron.axon.clone().unwrap_or_default(),
        prometheus_info: neuron.prometheus.clone().unwrap_or_default(),
        stake: vec![(coldkey, alpha)],
        rank: 0,
        emission: neuron.emission,
        incentive: neuron.incentive,
        consensus: neuron.consensus,
        trust: 0,
        validator_trust: neuron.validator_trust,
        dividends: neuron.dividends,
        last_update: neuron.last_update,
        validator_permit: neuron.validator_permit,
        pruning_score: PRUNING_SCORE,
    })
}

fn non_zero(row: &[(u16, u16)]) -> Vec<(u16, u16)> {
    row.iter()
        .copied()
        .filter(|&(_, value)| value > 0)
        .collect()
}

fn neuron_of(state: &State, subnet: &Subnet, uid: u16) -> Option<NeuronInfo> {
    let lite = neuron_lite_of(state, subnet, uid)?;
    let neuron = subnet.neurons.get(usize::from(uid))?;
    Some(NeuronInfo {
        hotkey: lite.hotkey,
        coldkey: lite.coldkey,
        uid: lite.uid,
        netuid: lite.netuid,
        active: lite.active,
        axon_info: lite.axon_info,
        prometheus_info: lite.prometheus_info,
        stake: lite.stake,
        rank: lite.rank,
        emission: lite.emission,
        incentive: lite.incentive,
        consensus: lite.consensus,
        trust: lite.trust,
        validator_trust: lite.validator_trust,
        dividends: lite.dividends,
        last_update: lite.last_update,
        validator_permit: lite.validator_permit,
        weights: non_zero(&neuron.weights),
        bonds: non_zero(&neuron.bonds),
        pruning_score: lite.pruning_score,
    })
}

// ---- stake ------------------------------------------------------------------------------

/// Stake pools of `hotkey` on every subnet, ascending by netuid (a range over the stake map).
fn hotkey_pools<'a>(
    state: &'a State,
    hotkey: &AccountId,
) -> impl Iterator<Item = (NetUid, &'a HotkeyStake)> + 'a {
    state
        .stake
        .range((*hotkey, NetUid(0))..=(*hotkey, NetUid(u16::MAX)))
        .map(|((_, netuid), pool)| (*netuid, pool))
}

fn is_registered(state: &State, hotkey: &AccountId, netuid: NetUid) -> bool {
    state
        .subnets
        .get(&netuid)
        .is_some_and(|subnet| subnet.uids.contains_key(hotkey))
}

fn stake_info(
    state: &State,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    stake: u64,
) -> StakeInfo {
    StakeInfo {
        hotkey: *hotkey,
        coldkey: *coldkey,
        netuid: netuid.0,
        stake,
        locked: 0,
        emission: 0,
        tao_emission: 0,
        drain: 0,
        is_registered: is_registered(state, hotkey, netuid),
    }
}

/// `StakeInfoRuntimeApi.get_stake_info_for_coldkey`: every non-zero position of `coldkey` on
/// an existing subnet, by netuid, then by the hotkey's place in the coldkey's `StakingHotkeys`.
pub fn stake_info_for_coldkey(state: &State, coldkey: &AccountId) -> Vec<StakeInfo> {
    let Some(hotkeys) = state.staking_hotkeys.get(coldkey) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    let mut positions: Vec<(NetUid, usize, StakeInfo)> = Vec::new();
    for (place, hotkey) in hotkeys.iter().enumerate() {
        if !seen.insert(*hotkey) {
            continue;
        }
        for (netuid, pool) in hotkey_pools(state, hotkey) {
            let stake = pool.value_of(coldkey);
            if stake == 0 || !state.subnets.contains_key(&netuid) {
                continue;
            }
            positions.push((
                netuid,
                place,
                stake_info(state, hotkey, coldkey, netuid, stake),
            ));
        }
    }
    positions.sort_by_key(|(netuid, place, _)| (*netuid, *place));
    positions.into_iter().map(|(_, _, info)| info).collect()
}

/// `StakeInfoRuntimeApi.get_stake_info_for_coldkeys`: one entry per requested coldkey, in the
/// order asked, even when its list is empty (btcli relies on it).
pub fn stake_info_for_coldkeys(
    state: &State,
    coldkeys: &[AccountId],
) -> Vec<(AccountId, Vec<StakeInfo>)> {
    coldkeys
        .iter()
        .map(|coldkey| (*coldkey, stake_info_for_coldkey(state, coldkey)))
        .collect()
}

/// `StakeInfoRuntimeApi.get_stake_info_for_hotkey_coldkey_netuid`: always `Some`, as on chain
/// (a missing subnet or position gives stake 0, unregistered).
pub fn stake_info_for_hotkey_coldkey_netuid(
    state: &State,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
) -> Option<StakeInfo> {
    let stake = state.stake_of(hotkey, coldkey, netuid);
    Some(stake_info(state, hotkey, coldkey, netuid, stake))
}

// ---- delegates --------------------------------------------------------------------------

/// Whether `hotkey` is a delegate: it has an explicit take (`Delegates`) or holds stake on some
/// subnet. (Subtensor records a hotkey in `Delegates` on its first stake or take change; dtao
/// derives the same set from the state.)
pub fn is_delegate(state: &State, hotkey: &AccountId) -> bool {
    state.delegate_take.contains_key(hotkey) || hotkey_pools(state, hotkey).next().is_some()
}

/// `(netuid, uid)` of every registration of `hotkey`, ascending by netuid.
fn registrations_of(state: &State, hotkey: &AccountId) -> Vec<(NetUid, u16)> {
    state
        .subnets
        .values()
        .filter_map(|subnet| subnet.uids.get(hotkey).map(|uid| (subnet.netuid, *uid)))
        .collect()
}

/// Hotkey → its registrations, built once by walking every subnet's uids.
fn registrations_index(state: &State) -> BTreeMap<AccountId, Vec<(NetUid, u16)>> {
    let mut index: BTreeMap<AccountId, Vec<(NetUid, u16)>> = BTreeMap::new();
    for subnet in state.subnets.values() {
        for (hotkey, uid) in &subnet.uids {
            index
                .entry(*hotkey)
                .or_default()
                .push((subnet.netuid, *uid));
        }
    }
    index
}

/// `DelegateInfoRuntimeApi.get_delegates`: every delegate (see [`is_delegate`]) in byte order.
pub fn delegates(state: &State) -> Vec<DelegateInfo> {
    let mut hotkeys: BTreeSet<AccountId> = state.delegate_take.keys().copied().collect();
    hotkeys.extend(state.stake.keys().map(|(hotkey, _)| *hotkey));
    let registrations = registrations_index(state);
    hotkeys
        .iter()
        .map(|hotkey| {
            let regs = registrations.get(hotkey).map_or(&[][..], Vec::as_slice);
            delegate_info(state, hotkey, regs, true)
        })
        .collect()
}

/// `DelegateInfoRuntimeApi.get_delegate`: `None` unless `hotkey` is a delegate.
pub fn delegate(state: &State, hotkey: &AccountId) -> Option<DelegateInfo> {
    if !is_delegate(state, hotkey) {
        return None;
    }
    let regs = registrations_of(state, hotkey);
    Some(delegate_info(state, hotkey, &regs, true))
}

/// `DelegateInfoRuntimeApi.get_delegated`: each `(delegate, (netuid, stake))` position of
/// `coldkey` with a delegate, by delegate hotkey then netuid; nominator lists are left empty
/// (as on chain).
pub fn delegated(state: &State, coldkey: &AccountId) -> Vec<(DelegateInfo, (u16, u64))> {
    let Some(hotkeys) = state.staking_hotkeys.get(coldkey) else {
        return Vec::new();
    };
    let hotkeys: BTreeSet<AccountId> = hotkeys.iter().copied().collect();
    let mut out = Vec::new();
    for hotkey in &hotkeys {
        let positions: Vec<(u16, u64)> = hotkey_pools(state, hotkey)
            .filter(|(_, pool)| pool.shares.contains_key(coldkey))
            .map(|(netuid, pool)| (netuid.0, pool.value_of(coldkey)))
            .collect();
        if positions.is_empty() || !is_delegate(state, hotkey) {
            continue;
        }
        let info = delegate_info(state, hotkey, &registrations_of(state, hotkey), false);
        for position in positions {
            out.push((info.clone(), position));
        }
    }
    out
}

fn nominators_of(state: &State, hotkey: &AccountId) -> Vec<(AccountId, Vec<(u16, u64)>)> {
    let mut by_coldkey: BTreeMap<AccountId, Vec<(u16, u64)>> = BTreeMap::new();
    for (netuid, pool) in hotkey_pools(state, hotkey) {
        if !state.subnets.contains_key(&netuid) {
            continue;
        }
        for (coldkey, share) in &pool.shares {
            let value = pool.pool.value_of(*share);
            by_coldkey
                .entry(*coldkey)
                .or_default()
                .push((netuid.0, value));
        }
    }
    by_coldkey.into_iter().collect()
}

fn delegate_info(
    state: &State,
    hotkey: &AccountId,
    registrations: &[(NetUid, u16)],
    with_nominators: bool,
) -> DelegateInfo {
    let mut validator_permits = Vec::new();
    let mut per_day = U64F64::from_num(0);
    for (netuid, uid) in registrations {
        let Some(subnet) = state.subnets.get(netuid) else {
            continue;
        };
        let Some(neuron) = subnet.neurons.get(usize::from(*uid)) else {
            continue;
        };
        if neuron.validator_permit {
            validator_permits.push(netuid.0);
        }
        per_day = per_day.saturating_add(daily_emission(neuron.emission, subnet.hyperparams.tempo));
    }
    let take = state.take_of(hotkey);
    let root_stake = state.hotkey_alpha(hotkey, NetUid::ROOT);
    DelegateInfo {
        delegate_ss58: *hotkey,
        take,
        nominators: if with_nominators {
            nominators_of(state, hotkey)
        } else {
            Vec::new()
        },
        owner_ss58: coldkey_of(state, hotkey),
        registrations: registrations.iter().map(|(netuid, _)| netuid.0).collect(),
        validator_permits,
        return_per_1000: return_per_1000_tao(take, root_stake, per_day),
        total_daily_return: per_day.saturating_to_num::<u64>(),
    }
}

/// `emission × (7200 / tempo)` per epoch emission `emission`; 0 for tempo 0.
fn daily_emission(emission: u64, tempo: u16) -> U64F64 {
    if tempo == 0 {
        return U64F64::from_num(0);
    }
    let epochs_per_day = safe_div(U64F64::from_num(BLOCKS_PER_DAY), U64F64::from_num(tempo));
    U64F64::from_num(emission).saturating_mul(epochs_per_day)
}

/// Daily return per 1000 TAO of root stake after the take, floored; 0 without stake.
fn return_per_1000_tao(take: u16, root_stake_rao: u64, per_day: U64F64) -> u64 {
    if root_stake_rao == 0 {
        return 0;
    }
    let take_ratio = safe_div(U64F64::from_num(take), U64F64::from_num(u16::MAX));
    let without_take = U64F64::from_num(1).saturating_sub(take_ratio);
    let thousands = safe_div(
        U64F64::from_num(root_stake_rao),
        U64F64::from_num(1_000_000_000_000_u64),
    );
    safe_div(per_day.saturating_mul(without_take), thousands).saturating_to_num::<u64>()
}

// ---- metagraph --------------------------------------------------------------------------

/// Per-uid columns shared by [`Metagraph`] and [`SubnetState`], one keyed lookup per uid.
struct UidColumns {
    hotkeys: Vec<AccountId>,
    coldkeys: Vec<AccountId>,
    alpha_stake: Vec<u64>,
    tao_stake: Vec<u64>,
    total_stake: Vec<u64>,
}

fn uid_columns(state: &State, subnet: &Subnet) -> UidColumns {
    let n = subnet.neurons.len();
    let mut columns = UidColumns {
        hotkeys: Vec::with_capacity(n),
        coldkeys: Vec::with_capacity(n),
        alpha_stake: Vec::with_capacity(n),
        tao_stake: Vec::with_capacity(n),
        total_stake: Vec::with_capacity(n),
    };
    for neuron in &subnet.neurons {
        let hotkey = &neuron.hotkey;
        columns.hotkeys.push(*hotkey);
        columns.coldkeys.push(coldkey_of(state, hotkey));
        columns
            .alpha_stake
            .push(state.hotkey_alpha(hotkey, subnet.netuid));
        columns
            .tao_stake
            .push(state.hotkey_alpha(hotkey, NetUid::ROOT));
        columns.total_stake.push(
            state
                .stake_weight(hotkey, subnet.netuid)
                .saturating_to_num::<u64>(),
        );
    }
    columns
}

fn column<T>(subnet: &Subnet, value: impl Fn(&Neuron) -> T) -> Vec<T> {
    subnet.neurons.iter().map(value).collect()
}

/// `SubnetInfoRuntimeApi.get_metagraph`: `None` if the subnet does not exist.
pub fn metagraph(state: &State, netuid: NetUid) -> Option<Metagraph> {
    let subnet = state.subnets.get(&netuid)?;
    let h = &subnet.hyperparams;
    let (alpha_low, alpha_high) = h.alpha_values;
    let n = subnet.neurons.len();
    let columns = uid_columns(state, subnet);
    let zero_dividends: Vec<(AccountId, u64)> =
        columns.hotkeys.iter().map(|hotkey| (*hotkey, 0)).collect();
    Some(Metagraph {
        netuid: netuid.0,
        name: subnet_name(subnet),
        symbol: subnet.token_symbol.clone(),
        identity: subnet.identity.clone(),
        network_registered_at: subnet.registered_at,
        owner_hotkey: subnet.owner_hotkey,
        owner_coldkey: subnet.owner_coldkey,
        block: state.block,
        tempo: h.tempo,
        last_step: subnet.last_epoch_block,
        blocks_since_last_step: blocks_since_last_epoch(state, subnet),
        subnet_emission: 0,
        alpha_in: subnet.alpha_in,
        alpha_out: subnet.alpha_out,
        tao_in: subnet.tao_reserve,
        alpha_out_emission: subnet.alpha_out_emission,
        alpha_in_emission: subnet.alpha_in_emission,
        tao_in_emission: subnet.tao_in_emission,
        pending_alpha_emission: pending_alpha(subnet),
        pending_root_emission: subnet.pending.root_divs_tao,
        subnet_volume: subnet.volume,
        moving_price: subnet.moving_price.to_bits(),
        rho: h.rho,
        kappa: h.kappa,
        min_allowed_weights: h.min_allowed_weights,
        max_weights_limit: h.max_weights_limit,
        weights_version: h.weights_version_key,
        weights_rate_limit: h.weights_set_rate_limit,
        activity_cutoff: h.activity_cutoff,
        max_validators: h.max_allowed_validators,
        num_uids: subnet.n(),
        max_uids: h.max_allowed_uids,
        burn: h.burn,
        difficulty: h.difficulty,
        registration_allowed: h.registration_allowed,
        pow_registration_allowed: false,
        immunity_period: h.immunity_period,
        min_difficulty: POW_DIFFICULTY_BOUND,
        max_difficulty: POW_DIFFICULTY_BOUND,
        min_burn: h.min_burn,
        max_burn: h.max_burn,
        adjustment_alpha: h.adjustment_alpha,
        adjustment_interval: h.adjustment_interval,
        target_regs_per_interval: h.target_registrations_per_interval,
        max_regs_per_block: MAX_REGISTRATIONS_PER_BLOCK,
        serving_rate_limit: h.serving_rate_limit,
        commit_reveal_weights_enabled: h.commit_reveal_weights_enabled,
        commit_reveal_period: h.reveal_period_epochs,
        liquid_alpha_enabled: h.liquid_alpha_on,
        alpha_high,
        alpha_low,
        bonds_moving_avg: h.bonds_moving_average,
        hotkeys: columns.hotkeys,
        coldkeys: columns.coldkeys,
        identities: vec![None; n],
        axons: column(subnet, |neuron| neuron.axon.clone().unwrap_or_default()),
        active: column(subnet, |neuron| neuron.active),
        validator_permit: column(subnet, |neuron| neuron.validator_permit),
        pruning_score: vec![PRUNING_SCORE; n],
        last_update: column(subnet, |neuron| neuron.last_update),
        emission: column(subnet, |neuron| neuron.emission),
        dividends: column(subnet, |neuron| neuron.dividends),
        incentives: column(subnet, |neuron| neuron.incentive),
        consensus: column(subnet, |neuron| neuron.consensus),
        trust: vec![0; n],
        rank: vec![0; n],
        block_at_registration: column(subnet, |neuron| neuron.block_at_registration),
        alpha_stake: columns.alpha_stake,
        tao_stake: columns.tao_stake,
        total_stake: columns.total_stake,
        tao_dividends_per_hotkey: zero_dividends.clone(),
        alpha_dividends_per_hotkey: zero_dividends,
    })
}

/// `SubnetInfoRuntimeApi.get_all_metagraphs`: every subnet, root included, by netuid.
pub fn all_metagraphs(state: &State) -> Vec<Metagraph> {
    state
        .subnets
        .keys()
        .filter_map(|netuid| metagraph(state, *netuid))
        .collect()
}

/// `SubnetInfoRuntimeApi.get_mechagraph`: dtao runs one mechanism per subnet, so only
/// `mecid` 0 exists; it is the subnet's metagraph.
pub fn mechagraph(state: &State, netuid: NetUid, mecid: u8) -> Option<Metagraph> {
    if mecid != 0 {
        return None;
    }
    metagraph(state, netuid)
}

/// `SubnetInfoRuntimeApi.get_selective_metagraph`: the fields whose indexes are listed
/// (unknown and repeated indexes are ignored); `netuid` is always set. `None` if the subnet
/// does not exist. The whole metagraph is computed once and the wanted fields are kept.
pub fn selective_metagraph(
    state: &State,
    netuid: NetUid,
    indexes: &[u16],
) -> Option<SelectiveMetagraph> {
    let full = metagraph(state, netuid)?;
    let mut wanted = [false; SELECTIVE_METAGRAPH_INDEXES as usize];
    for index in indexes {
        if let Some(slot) = wanted.get_mut(usize::from(*index)) {
            *slot = true;
        }
    }
    let mut selected = SelectiveMetagraph::select(full, &wanted);
    if wanted[72] {
        selected.validators = Some(validators(state, netuid));
    }
    if wanted[73] {
        selected.commitments = Some(Vec::new());
    }
    Some(selected)
}

/// `SubnetInfoRuntimeApi.get_selective_mechagraph`: as [`selective_metagraph`] for `mecid` 0;
/// `None` for any other mechanism (dtao runs one per subnet).
pub fn selective_mechagraph(
    state: &State,
    netuid: NetUid,
    mecid: u8,
    indexes: &[u16],
) -> Option<SelectiveMetagraph> {
    if mecid != 0 {
        return None;
    }
    selective_metagraph(state, netuid, indexes)
}

/// Uids with a validator permit whose stake weight exceeds `StakeThreshold`, ascending by
/// stake weight (ties by uid), as subtensor's selective index 72.
fn validators(state: &State, netuid: NetUid) -> Vec<u16> {
    let Some(subnet) = state.subnets.get(&netuid) else {
        return Vec::new();
    };
    let threshold = I64F64::saturating_from_num(state.params.stake_threshold);
    let mut permitted: Vec<(u16, I64F64)> = Vec::new();
    for (uid, neuron) in (0..subnet.n()).zip(&subnet.neurons) {
        if neuron.validator_permit {
            permitted.push((uid, state.stake_weight(&neuron.hotkey, netuid)));
        }
    }
    permitted.sort_by_key(|(_, weight)| *weight);
    permitted
        .into_iter()
        .filter(|(_, weight)| *weight > threshold)
        .map(|(uid, _)| uid)
        .collect()
}

/// `SubnetInfoRuntimeApi.get_subnet_state`: `None` if the subnet does not exist.
pub fn subnet_state(state: &State, netuid: NetUid) -> Option<SubnetState> {
    let subnet = state.subnets.get(&netuid)?;
    let n = subnet.neurons.len();
    let columns = uid_columns(state, subnet);
    Some(SubnetState {
        netuid: netuid.0,
        hotkeys: columns.hotkeys,
        coldkeys: columns.coldkeys,
        active: column(subnet, |neuron| neuron.active),
        validator_permit: column(subnet, |neuron| neuron.validator_permit),
        pruning_score: vec![PRUNING_SCORE; n],
        last_update: column(subnet, |neuron| neuron.last_update),
        emission: column(subnet, |neuron| neuron.emission),
        dividends: column(subnet, |neuron| neuron.dividends),
        incentives: column(subnet, |neuron| neuron.incentive),
        consensus: column(subnet, |neuron| neuron.consensus),
        trust: vec![0; n],
        rank: vec![0; n],
        block_at_registration: column(subnet, |neuron| neuron.block_at_registration),
        alpha_stake: columns.alpha_stake,
        tao_stake: columns.tao_stake,
        total_stake: columns.total_stake,
        emission_history: vec![vec![0; n]; state.subnets.len()],
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn metagraph_indexes_are_consecutive_after_netuid() {
        let expected: Vec<u16> = (1..=71).collect();
        assert_eq!(METAGRAPH_FIELD_INDEXES, expected.as_slice());
    }

    #[test]
    fn daily_return_formula() {
        // 1 000 000 alpha per epoch at tempo 360 → 20 epochs a day.
        let per_day = daily_emission(1_000_000, 360);
        assert_eq!(per_day.saturating_to_num::<u64>(), 20_000_000);
        assert_eq!(daily_emission(5, 0), U64F64::from_num(0));
        // take 0, 1000 TAO of root stake → return equals the daily emission.
        assert_eq!(
            return_per_1000_tao(0, 1_000_000_000_000, per_day),
            20_000_000
        );
        // full take → nothing left for nominators.
        assert_eq!(return_per_1000_tao(u16::MAX, 1_000_000_000_000, per_day), 0);
        assert_eq!(return_per_1000_tao(0, 0, per_day), 0);
        // 500 TAO, take 11 796 → 40e6 × 53 739 / 65 535, floored.
        assert_eq!(
            return_per_1000_tao(11_796, 500_000_000_000, per_day),
            40_000_000 * 53_739 / 65_535
        );
    }

    #[test]
    fn steepness_is_i32f32_bits() {
        let subnet = Subnet::new(NetUid(1), AccountId::default(), AccountId::default(), 0);
        let mut with_negative = subnet.clone();
        with_negative.hyperparams.alpha_sigmoid_steepness = -3;
        assert_eq!(
            hyperparams_v2_of(&subnet).alpha_sigmoid_steepness,
            1_000_i64 << 32
        );
        assert_eq!(
            hyperparams_v2_of(&with_negative).alpha_sigmoid_steepness,
            -(3_i64 << 32)
        );
    }
}
