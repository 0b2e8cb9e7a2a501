//! TAO/alpha pool math for dynamic-TAO subnets: the R1 constant-product AMM, staking quotes with
//! the flat fee and minimum-stake rules, limit-order maxima, and the nominator share pool
//! (dtao-spec §8.1–§8.2, §8.7, §9.2, §9.4).
//!
//! - [`Pool`]: one subnet's reserves (`SubnetTAO`, `SubnetAlphaIn`), its price, raw swaps and
//!   [`Pool::max_add`] / [`Pool::max_remove`] for limit orders.
//! - [`quote_add_stake`], [`quote_remove_stake`], their `_limit` variants and
//!   [`quote_move_stake`] / [`quote_move_stake_within`]: full breakdowns ([`Quote`]) of what
//!   the runtime executes and the CLI shows.
//! - [`SharePool`]: per-hotkey nominator shares.
//!
//! Invariants: everything is a pure, deterministic function of its inputs (no floats, no I/O);
//! money is whole rao with checked arithmetic; no function panics on any input; rounding never
//! lets a user take more than the pool math gives (swap outputs are floored exactly as the chain
//! floors them, share-pool rounding favours the pool).

pub mod error;
pub mod pool;
pub mod share_pool;
pub mod stake;
mod wide;

pub use error::{SharePoolError, SwapError};
pub use pool::{constant_product_output, Mechanism, Pool, Swap, DEFAULT_MINIMUM_POOL_LIQUIDITY};
pub use share_pool::SharePool;
pub use stake::{
    limit_order_amount, quote_add_stake, quote_add_stake_limit, quote_move_stake,
    quote_move_stake_within, quote_remove_stake, quote_remove_stake_limit, MoveQuote, Quote,
    StakeQuote, SwapParams, UnstakeQuote, DEFAULT_MIN_STAKE, DEFAULT_STAKING_FEE,
};
