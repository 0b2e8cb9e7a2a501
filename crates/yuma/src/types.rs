//! Inputs and outputs of one epoch of one subnet mechanism.
//!
//! Everything is indexed by uid in `0..n`. Sparse rows are `(column uid, u16 value)` pairs in
//! the order they were stored (weights keep the caller's order). `EpochInput::validate` checks
//! that every per-uid vector has length `n`; the epoch itself never panics on any input.

use dtao_primitives::fixed::I64F64;

/// A sparse row as stored on chain: `(uid, value)` pairs.
pub type SparseRow = Vec<(u16, u16)>;

/// Liquid alpha parameters of the Yuma3 bond model (yuma-spec §4.12.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquidAlpha {
    /// Lower bound of the per-cell EMA alpha, as u16 proportion of 65535 (default 45 875 = 0.7).
    pub alpha_low: u16,
    /// Upper bound of the per-cell EMA alpha, as u16 proportion of 65535 (default 58 982 = 0.9).
    pub alpha_high: u16,
    /// Sigmoid steepness (default 1 000).
    pub steepness: i16,
}

impl Default for LiquidAlpha {
    fn default() -> Self {
        LiquidAlpha {
            alpha_low: 45_875,
            alpha_high: 58_982,
            steepness: 1_000,
        }
    }
}

/// Which bond model a subnet uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BondsModel {
    /// Original Yuma: column-normalised bonds, EMA with α = 1 − bma/10^6 (§4.11).
    Classic,
    /// Yuma3: bonds as proportions in [0, 1]; with `Some` liquid alpha a per-cell α (§4.12).
    Yuma3 {
        /// Liquid alpha parameters when `LiquidAlphaOn`, else `None`.
        liquid_alpha: Option<LiquidAlpha>,
    },
}

/// Subnet hyperparameters and context of one epoch run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpochParams {
    /// Block at which the epoch runs.
    pub block: u64,
    /// Subnet tempo in blocks.
    pub tempo: u16,
    /// Activity cutoff in thousandths of a tempo (default 13 889).
    pub activity_cutoff_factor_milli: u32,
    /// Consensus majority κ as u16 proportion (default 32 767).
    pub kappa: u16,
    /// Number of validator permits (top-k by stake).
    pub max_allowed_validators: u16,
    /// Bonds moving average in parts per million (default 900 000 ⇒ α = 0.1).
    pub bonds_moving_average: u64,
    /// Bonds penalty β as u16 proportion (default 65 535 = 1.0).
    pub bonds_penalty: u16,
    /// Bond model.
    pub bonds_model: BondsModel,
    /// Minimum stake weight (whole units) for a uid's stake to count; the owner is exempt.
    pub stake_threshold: u64,
    /// Uid of the subnet owner's hotkey, if registered.
    pub owner_uid: Option<u16>,
    /// Block of the previous epoch of this mechanism (0 ⇒ use `block − tempo`).
    pub last_mechanism_step_block: u64,
    /// Emission distributed by this epoch, in alpha rao.
    pub emission_rao: u64,
}

impl Default for EpochParams {
    /// Subtensor's new-subnet defaults (yuma-spec §6) at block 0 with no emission.
    fn default() -> Self {
        EpochParams {
            block: 0,
            tempo: 360,
            activity_cutoff_factor_milli: 13_889,
            kappa: 32_767,
            max_allowed_validators: 64,
            bonds_moving_average: 900_000,
            bonds_penalty: 65_535,
            bonds_model: BondsModel::Yuma3 { liquid_alpha: None },
            stake_threshold: 0,
            owner_uid: None,
            last_mechanism_step_block: 0,
            emission_rao: 0,
        }
    }
}

/// Per-uid state the epoch reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpochInput {
    /// Raw stake weight per uid (alpha + TaoWeight × root stake), in rao as `I64F64`.
    pub stake: Vec<I64F64>,
    /// Validator permits written by the previous epoch.
    pub validator_permit: Vec<bool>,
    /// Block of each uid's last weight update (or commit under commit-reveal).
    pub last_update: Vec<u64>,
    /// Block at which each uid's current hotkey registered.
    pub block_at_registration: Vec<u64>,
    /// Stored weight rows (values already max-upscaled to u16).
    pub weights: Vec<SparseRow>,
    /// Stored bond rows.
    pub bonds: Vec<SparseRow>,
    /// Commit-reveal masking: per uid the block of its earliest pending commit (`u64::MAX` if
    /// none). `None` when commit-reveal is disabled on the subnet.
    pub commit_blocks: Option<Vec<u64>>,
}

/// Why an input was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A per-uid vector does not have `n` entries.
    LengthMismatch {
        /// Name of the offending field.
        field: &'static str,
        /// Expected length (n).
        expected: usize,
        /// Actual length.
        got: usize,
    },
    /// More uids than a subnet can hold.
    TooManyUids {
        /// Number given.
        n: usize,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::LengthMismatch {
                field,
                expected,
                got,
            } => {
                write!(f, "`{field}` has {got} entries, expected n = {expected}")
            }
            InputError::TooManyUids { n } => {
                write!(f, "n = {n} exceeds the limit of {MAX_UIDS} uids")
            }
        }
    }
}

impl std::error::Error for InputError {}

/// Largest subnet the epoch accepts (uids are u16; subtensor's benchmarks use 4 096).
pub const MAX_UIDS: usize = 65_535;

impl EpochInput {
    /// Number of uids.
    pub fn n(&self) -> usize {
        self.stake.len()
    }

    /// Check that every per-uid vector has `n` entries.
    pub fn validate(&self) -> Result<(), InputError> {
        let n = self.n();
        if n > MAX_UIDS {
            return Err(InputError::TooManyUids { n });
        }
        let lengths = [
            ("validator_permit", self.validator_permit.len()),
            ("last_update", self.last_update.len()),
            ("block_at_registration", self.block_at_registration.len()),
            ("weights", self.weights.len()),
            ("bonds", self.bonds.len()),
            (
                "commit_blocks",
                self.commit_blocks.as_ref().map_or(n, Vec::len),
            ),
        ];
        for (field, got) in lengths {
            if got != n {
                return Err(InputError::LengthMismatch {
                    field,
                    expected: n,
                    got,
                });
            }
        }
        Ok(())
    }
}

/// What one epoch computes. u16 vectors are proportions of 65535 as the chain stores them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochOutput {
    /// Whether each uid updated within the activity cutoff.
    pub active: Vec<bool>,
    /// Normalised stake (`StakeWeight`).
    pub stake_weight: Vec<u16>,
    /// Stake-weighted median weight per column.
    pub consensus: Vec<u16>,
    /// Sum of each validator's clipped weights.
    pub validator_trust: Vec<u16>,
    /// Miner incentive (normalised ranks).
    pub incentive: Vec<u16>,
    /// Validator dividends.
    pub dividends: Vec<u16>,
    /// Combined emission per uid in rao.
    pub emission: Vec<u64>,
    /// Miner (server) part of the emission in rao.
    pub server_emission: Vec<u64>,
    /// Validator part of the emission in rao.
    pub validator_emission: Vec<u64>,
    /// Validator permits for the next epoch.
    pub validator_permit: Vec<bool>,
    /// Bond rows to store (empty for uids without a new permit).
    pub bonds: Vec<SparseRow>,
}
