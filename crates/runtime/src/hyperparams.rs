//! Subnet hyperparameters (yuma-spec §6) with the values subtensor writes for a new subnet, and
//! the network-wide parameters (dtao-spec §14, R1 economics).
//!
//! Names follow subtensor's storage items. Who may set each one and its accepted range live in
//! `admin.rs`; this module only holds values and defaults.

use crate::units::Perbill64;
use parity_scale_codec::{Decode, Encode};

/// How a subnet disposes of incentive earned by its owner's own hotkeys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub enum RecycleOrBurn {
    /// Destroy the alpha (alpha issuance unchanged).
    #[default]
    Burn,
    /// Remove it from `SubnetAlphaOut` (delays the subnet's alpha halving).
    Recycle,
}

/// Per-subnet hyperparameters. Defaults are those of a subnet created by `register_network`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct SubnetHyperparams {
    /// Blocks between epochs.
    pub tempo: u16,
    /// Consensus majority as u16 proportion.
    pub kappa: u16,
    /// Unused by the epoch; stored and settable.
    pub rho: u16,
    /// Activity cutoff in thousandths of a tempo.
    pub activity_cutoff_factor_milli: u32,
    /// Legacy absolute activity cutoff in blocks (reported, not used by the epoch).
    pub activity_cutoff: u16,
    /// Blocks after registration during which a neuron cannot be pruned.
    pub immunity_period: u16,
    /// Maximum number of uids.
    pub max_allowed_uids: u16,
    /// Minimum number of uids (floor for trimming).
    pub min_allowed_uids: u16,
    /// Validator permits per epoch (top-k by stake).
    pub max_allowed_validators: u16,
    /// Minimum entries in a weights call (capped at n).
    pub min_allowed_weights: u16,
    /// Maximum weight value (a no-op check on chain: always 65535).
    pub max_weights_limit: u16,
    /// Blocks between two weight updates of one uid.
    pub weights_set_rate_limit: u64,
    /// Minimum version key accepted by set_weights (0 = no check).
    pub weights_version_key: u64,
    /// Bonds moving average in parts per million.
    pub bonds_moving_average: u64,
    /// Bonds penalty β as u16 proportion.
    pub bonds_penalty: u16,
    /// Whether a miner's commitment can reset its bonds.
    pub bonds_reset_on: bool,
    /// Yuma3 bond model.
    pub yuma3_on: bool,
    /// Liquid alpha (per-cell EMA alpha) for Yuma3.
    pub liquid_alpha_on: bool,
    /// Liquid alpha bounds (low, high) as u16 proportions.
    pub alpha_values: (u16, u16),
    /// Liquid alpha sigmoid steepness.
    pub alpha_sigmoid_steepness: i16,
    /// Hash commit-reveal of weights.
    pub commit_reveal_weights_enabled: bool,
    /// Epochs between a commit and its reveal.
    pub reveal_period_epochs: u64,
    /// Current neuron registration price in rao.
    pub burn: u64,
    /// Lower bound of the registration price.
    pub min_burn: u64,
    /// Upper bound of the registration price.
    pub max_burn: u64,
    /// Blocks for the registration price to halve (0 = no decay).
    pub burn_half_life: u16,
    /// Price multiplier after each registration, as a fraction of `Perbill64::ONE`.
    pub burn_increase_mult: Perbill64,
    /// Whether neurons can register.
    pub registration_allowed: bool,
    /// Blocks between two axon/prometheus updates.
    pub serving_rate_limit: u64,
    /// Number of owner hotkeys that can never be pruned.
    pub immune_owner_uids_limit: u16,
    /// Pruning picks a non-immune uid only when more than this many exist.
    pub min_non_immune_uids: u16,
    /// What happens to incentive earned by the owner's hotkeys.
    pub recycle_or_burn: RecycleOrBurn,
    /// Whether stake can be transferred between coldkeys on this subnet.
    pub transfer_allowed: bool,
    /// Legacy registration adjustment interval (reported only).
    pub adjustment_interval: u16,
    /// Legacy registration target per interval (reported only).
    pub target_registrations_per_interval: u16,
    /// Legacy adjustment alpha (reported only).
    pub adjustment_alpha: u64,
    /// Legacy PoW difficulty (reported only; PoW registration is not supported).
    pub difficulty: u64,
    /// Blocks of the EMA-price age factor.
    pub ema_price_halving_blocks: u64,
    /// Legacy PoW minimum difficulty (reported only).
    pub min_difficulty: u64,
    /// Legacy PoW maximum difficulty (reported only).
    pub max_difficulty: u64,
    /// Legacy per-block registration cap (reported only; not enforced, as at HEAD).
    pub max_registrations_per_block: u16,
}

impl Default for SubnetHyperparams {
    fn default() -> Self {
        SubnetHyperparams {
            tempo: 360,
            kappa: 32_767,
            rho: 10,
            activity_cutoff_factor_milli: 13_889,
            activity_cutoff: 5_000,
            immunity_period: 5_000,
            max_allowed_uids: 256,
            min_allowed_uids: 64,
            max_allowed_validators: 64,
            min_allowed_weights: 1,
            max_weights_limit: u16::MAX,
            weights_set_rate_limit: 100,
            weights_version_key: 0,
            bonds_moving_average: 900_000,
            bonds_penalty: 65_535,
            bonds_reset_on: false,
            yuma3_on: true,
            liquid_alpha_on: false,
            alpha_values: (45_875, 58_982),
            alpha_sigmoid_steepness: 1_000,
            commit_reveal_weights_enabled: false,
            reveal_period_epochs: 1,
            burn: 1_000_000_000,
            min_burn: 500_000,
            max_burn: 100_000_000_000,
            burn_half_life: 360,
            burn_increase_mult: Perbill64::from_parts(1_260_000_000),
            registration_allowed: true,
            serving_rate_limit: 50,
            immune_owner_uids_limit: 1,
            min_non_immune_uids: 10,
            recycle_or_burn: RecycleOrBurn::Burn,
            transfer_allowed: true,
            adjustment_interval: 360,
            target_registrations_per_interval: 1,
            adjustment_alpha: 17_893_341_751_498_265_066,
            difficulty: u64::MAX,
            ema_price_halving_blocks: 201_600,
            min_difficulty: u64::MAX,
            max_difficulty: u64::MAX,
            max_registrations_per_block: 1,
        }
    }
}

/// Network-wide parameters (R1 economics with the later lifecycle rules).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct NetworkParams {
    /// Existential deposit in rao.
    pub existential_deposit: u64,
    /// Weight of root stake against alpha, as a fraction of `u64::MAX`.
    pub tao_weight: u64,
    /// Minimum stake weight (rao) for a validator's stake to count in the epoch.
    pub stake_threshold: u64,
    /// Subnet owner cut as u16 proportion (11 796 ≈ 18 %).
    pub subnet_owner_cut: u16,
    /// Maximum number of non-root subnets.
    pub subnet_limit: u16,
    /// Floor of the subnet lock cost in rao.
    pub network_min_lock_cost: u64,
    /// Blocks for the doubled lock cost to decay back (scaled by block emission).
    pub network_lock_reduction_interval: u64,
    /// Blocks between two subnet registrations, network-wide.
    pub network_rate_limit: u64,
    /// Blocks after registration during which a subnet cannot be pruned.
    pub network_immunity_period: u64,
    /// Default delegate take (u16 proportion).
    pub default_take: u16,
    /// Minimum delegate take.
    pub min_delegate_take: u16,
    /// Maximum delegate take.
    pub max_delegate_take: u16,
    /// Blocks between two take increases.
    pub tx_delegate_take_rate_limit: u64,
    /// Flat staking fee in rao (R1), charged in TAO and left in the pool.
    pub staking_fee: u64,
    /// Minimum stake in rao.
    pub min_stake: u64,
    /// Nominator minimum as a per-million factor of the minimum stake (0 = no dust sweep).
    pub nominator_min_required_stake: u64,
    /// Base of the EMA-price smoothing factor, as a fraction of `Perbill64::ONE`.
    pub subnet_moving_alpha: Perbill64,
    /// Blocks after `register_network` before `start_call` is accepted.
    pub start_call_delay: u64,
    /// Maximum epochs run in one block; the rest are deferred.
    pub max_epochs_per_block: u8,
    /// Blocks before an epoch in which owners cannot change hyperparameters.
    pub admin_freeze_window: u16,
    /// Tempos between two changes of one hyperparameter by the owner.
    pub owner_hyperparam_rate_limit: u16,
    /// Hyperparameters written into a subnet created by `register_network`.
    pub new_subnet_hyperparams: SubnetHyperparams,
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams {
            existential_deposit: 500,
            // 0.18 × (2^64 − 1), the mainnet value.
            tao_weight: 3_320_413_933_267_719_290,
            stake_threshold: 0,
            subnet_owner_cut: 11_796,
            subnet_limit: 128,
            network_min_lock_cost: 1_000_000_000,
            network_lock_reduction_interval: 57_600,
            network_rate_limit: 7_200,
            network_immunity_period: 864_000,
            default_take: 11_796,
            min_delegate_take: 0,
            max_delegate_take: 11_796,
            tx_delegate_take_rate_limit: 216_000,
            staking_fee: 50_000,
            min_stake: 500_000,
            nominator_min_required_stake: 0,
            subnet_moving_alpha: Perbill64::from_parts(3_000),
            start_call_delay: 0,
            max_epochs_per_block: 2,
            admin_freeze_window: 10,
            owner_hyperparam_rate_limit: 2,
            new_subnet_hyperparams: SubnetHyperparams::default(),
        }
    }
}
