//! Shared building blocks of dtao: identifiers, money amounts and fixed-point helpers.
//!
//! Invariants:
//! - Amounts are whole rao (`u64`, 1 TAO = 10^9 rao); arithmetic on them saturates, never wraps.
//! - Fixed-point helpers reproduce subtensor's semantics bit for bit (see `fixed`): truncating
//!   conversions, `safe_div` that yields zero on division by zero *or* overflow.

pub mod account;
pub mod amount;
pub mod fixed;
pub mod ids;

pub use account::AccountId;
pub use amount::{AlphaRao, TaoRao, RAO_PER_TAO};
pub use ids::{NetUid, Uid};
