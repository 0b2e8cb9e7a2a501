//! Yuma Consensus epoch of subtensor, bit-exact with the chain (yuma-spec §1–§6, §9).
//!
//! The epoch turns stake, validators' weights and previous bonds into consensus, incentive,
//! dividends, validator trust, new bonds, validator permits and an emission split in rao. It
//! works over plain vectors indexed by uid and sparse `(uid, u16)` rows, and knows nothing of
//! storage.
//!
//! - [`epoch_sparse`] is the production path (subtensor's `epoch_mechanism`).
//! - [`epoch_dense`] is the n×n test variant (subtensor's `epoch_dense_mechanism`), kept to check
//!   the sparse path against.
//!
//! Invariants: all arithmetic is `substrate-fixed` with the chain's truncation rules; no step
//! panics on any input of consistent lengths (inconsistent lengths are refused with
//! [`InputError`]); outputs depend only on inputs (no hash-map order, no floats).

pub mod dense;
pub mod math;
pub mod mechanism;
pub mod scenario;
pub mod sparse;
pub mod types;
pub mod weights;

pub use dense::epoch_dense;
pub use sparse::epoch_sparse;
pub use types::{
    BondsModel, EpochInput, EpochOutput, EpochParams, InputError, LiquidAlpha, SparseRow, MAX_UIDS,
};
