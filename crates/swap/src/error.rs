//! Errors of pool swaps, staking quotes and share pools.
//!
//! Variant names follow subtensor's pallet errors where one exists, so the runtime can map them
//! one to one. Every refusal leaves the inputs untouched: functions either return a complete
//! result or one of these errors, never a partial state.

use std::fmt;

/// Why a swap or staking operation against a pool was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SwapError {
    /// The amount to swap, stake or unstake is zero.
    ZeroAmount,
    /// The amount is below the minimum stake (plus the fee for stakes), or too small to pay the
    /// fee.
    AmountTooLow,
    /// The swap would take the output-side reserve below the minimum pool liquidity, or would
    /// yield nothing.
    InsufficientLiquidity,
    /// A limit order without `allow_partial` asked for more than the limit price allows.
    SlippageTooHigh,
    /// A partial limit order whose limit price lets nothing at all execute (the limit is at or
    /// on the wrong side of the current price).
    PriceLimitExceeded,
    /// A reserve would exceed `u64::MAX` rao (unreachable with TAO's 21 M supply cap).
    ReserveOverflow,
}

impl fmt::Display for SwapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SwapError::ZeroAmount => "amount is zero",
            SwapError::AmountTooLow => "amount is below the minimum stake or the fee",
            SwapError::InsufficientLiquidity => "not enough liquidity in the pool",
            SwapError::SlippageTooHigh => "amount exceeds what the limit price allows",
            SwapError::PriceLimitExceeded => "limit price lets nothing execute",
            SwapError::ReserveOverflow => "pool reserve would overflow",
        };
        f.write_str(text)
    }
}

impl std::error::Error for SwapError {}

/// Why a share-pool operation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SharePoolError {
    /// The amount to stake or withdraw is zero.
    ZeroAmount,
    /// The stake is too small to mint a single share unit, or the pool has shares but no value;
    /// subtensor refuses such stakes with `InsufficientLiquidity`.
    InsufficientLiquidity,
    /// The holder's value is smaller than the amount to withdraw.
    NotEnoughStakeToWithdraw,
    /// The pool value or share count would overflow its representation.
    Overflow,
}

impl fmt::Display for SharePoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SharePoolError::ZeroAmount => "amount is zero",
            SharePoolError::InsufficientLiquidity => "stake too small to mint shares",
            SharePoolError::NotEnoughStakeToWithdraw => "not enough stake to withdraw",
            SharePoolError::Overflow => "share pool value or shares would overflow",
        };
        f.write_str(text)
    }
}

impl std::error::Error for SharePoolError {}
