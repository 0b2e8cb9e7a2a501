//! Staking flows over a pool with the R1 flat fee and minimum-stake rules (dtao-spec §8.2,
//! §8.7 R1 note, §9.4), returned as full quotes so the runtime executes exactly what a CLI shows.
//!
//! - Stake: `t = amount − fee` is swapped for alpha; the fee is added to the TAO reserve.
//! - Unstake: the alpha is swapped for `Δy` TAO; the user receives `Δy − fee`; the fee stays in
//!   the TAO reserve.
//! - Move / swap / transfer (R1): an unstake leg and a stake leg through the pools, each paying
//!   `fee / 2` (floored, so an odd fee loses one rao to the user's benefit).
//! - Stable (root) pools swap 1:1 and charge no fee.
//!
//! Invariants: a quote's `pool_after` is exactly the reserves the chain would store; no quote
//! pays out more than the pool math allows; every refusal is a [`SwapError`]; nothing panics.

use dtao_primitives::{fixed::I96F32, AlphaRao, TaoRao};

use crate::error::SwapError;
use crate::pool::{Pool, DEFAULT_MINIMUM_POOL_LIQUIDITY};

/// `DefaultStakingFee` (R1): flat fee per staking operation, in rao.
pub const DEFAULT_STAKING_FEE: TaoRao = TaoRao(50_000);

/// `DefaultMinStake` (R1): the least TAO a stake may be worth, in rao.
pub const DEFAULT_MIN_STAKE: TaoRao = TaoRao(500_000);

/// Economic parameters of staking swaps. `Default` gives R1's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SwapParams {
    /// Flat fee per stake or unstake on a dynamic pool (each leg of a move pays half).
    pub staking_fee: TaoRao,
    /// Minimum stake: a stake needs `amount ≥ min_stake + fee`; an unstake needs `Δy > min_stake`.
    pub min_stake: TaoRao,
    /// Minimum reserve left on the output side of a dynamic swap, in rao.
    pub min_pool_liquidity: u64,
}

impl Default for SwapParams {
    fn default() -> Self {
        SwapParams {
            staking_fee: DEFAULT_STAKING_FEE,
            min_stake: DEFAULT_MIN_STAKE,
            min_pool_liquidity: DEFAULT_MINIMUM_POOL_LIQUIDITY,
        }
    }
}

/// Everything about one executed (or simulated) staking swap.
///
/// For a stake `In = TaoRao`, `Out = AlphaRao`; for an unstake `In = AlphaRao`, `Out = TaoRao`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote<In, Out> {
    /// What the user gives up: gross TAO for a stake, alpha for an unstake.
    pub amount_in: In,
    /// TAO fee kept by the pool (added to its TAO reserve).
    pub fee: TaoRao,
    /// The part of `amount_in` that went through the curve (`amount − fee` for a stake).
    pub amount_swapped: In,
    /// What the curve paid out, before any fee (`Δx` or `Δy`).
    pub swap_output: Out,
    /// What the user receives (`Δx` for a stake, `Δy − fee` for an unstake).
    pub amount_out: Out,
    /// Reserves before the operation.
    pub pool_before: Pool,
    /// Reserves after the operation, fee included.
    pub pool_after: Pool,
    /// Spot price (TAO per alpha) before.
    pub price_before: I96F32,
    /// Spot price (TAO per alpha) after.
    pub price_after: I96F32,
    /// Relative spot price change `(after − before) / before` (0 if `before` is 0 or the ratio
    /// overflows `I96F32`); positive for stakes, negative for unstakes, 0 on stable pools.
    pub price_impact: I96F32,
}

/// A stake: TAO in, alpha out.
pub type StakeQuote = Quote<TaoRao, AlphaRao>;

/// An unstake: alpha in, TAO out.
pub type UnstakeQuote = Quote<AlphaRao, TaoRao>;

/// An R1 stake move: an unstake leg followed by a stake leg of the TAO it produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoveQuote {
    /// Origin leg (pays `fee / 2` on a dynamic pool).
    pub unstake: UnstakeQuote,
    /// Destination leg, staking `unstake.amount_out` (pays `fee / 2` on a dynamic pool).
    pub stake: StakeQuote,
}

/// The fee a pool charges for one operation: `fee` on a dynamic pool, 0 on a stable one.
fn fee_for(pool: &Pool, fee: TaoRao) -> TaoRao {
    if pool.is_stable() {
        TaoRao::ZERO
    } else {
        fee
    }
}

/// The fee of one leg of a move: half the staking fee (floored).
fn leg_fee(params: &SwapParams) -> TaoRao {
    TaoRao(params.staking_fee.rao() / 2)
}

/// `(after − before) / before`, or 0 if `before` is 0 or the quotient overflows.
fn relative_change(before: I96F32, after: I96F32) -> I96F32 {
    dtao_primitives::fixed::safe_div(after.saturating_sub(before), before)
}

impl<In, Out> Quote<In, Out> {
    /// Fills in the price fields from the two pools.
    fn new(
        amounts: (In, TaoRao, In, Out, Out),
        pool_before: Pool,
        pool_after: Pool,
    ) -> Quote<In, Out> {
        let (amount_in, fee, amount_swapped, swap_output, amount_out) = amounts;
        let price_before = pool_before.price();
        let price_after = pool_after.price();
        Quote {
            amount_in,
            fee,
            amount_swapped,
            swap_output,
            amount_out,
            pool_before,
            pool_after,
            price_before,
            price_after,
            price_impact: relative_change(price_before, price_after),
        }
    }
}

/// One stake through `pool` paying `fee` out of `amount`, without the minimum-stake rule.
fn stake_leg(
    pool: &Pool,
    amount: TaoRao,
    fee: TaoRao,
    params: &SwapParams,
) -> Result<StakeQuote, SwapError> {
    let swapped = amount
        .checked_sub(fee)
        .filter(|t| t.rao() > 0)
        .ok_or(SwapError::AmountTooLow)?;
    let swap = pool.swap_tao_for_alpha(swapped, params.min_pool_liquidity)?;
    if swap.amount_out.rao() == 0 {
        return Err(SwapError::InsufficientLiquidity);
    }
    let mut after = swap.pool_after;
    after.tao_reserve = after
        .tao_reserve
        .checked_add(fee)
        .ok_or(SwapError::ReserveOverflow)?;
    let amounts = (amount, fee, swapped, swap.amount_out, swap.amount_out);
    Ok(Quote::new(amounts, *pool, after))
}

/// One unstake of `alpha` through `pool` paying `fee` out of the proceeds, without the
/// minimum-stake rule.
fn unstake_leg(
    pool: &Pool,
    alpha: AlphaRao,
    fee: TaoRao,
    params: &SwapParams,
) -> Result<UnstakeQuote, SwapError> {
    let swap = pool.swap_alpha_for_tao(alpha, params.min_pool_liquidity)?;
    let received = swap
        .amount_out
        .checked_sub(fee)
        .filter(|t| t.rao() > 0)
        .ok_or(SwapError::AmountTooLow)?;
    let mut after = swap.pool_after;
    // Cannot overflow: the reserve only got back part of what it paid out.
    after.tao_reserve = after.tao_reserve.saturating_add(fee);
    let amounts = (alpha, fee, alpha, swap.amount_out, received);
    Ok(Quote::new(amounts, *pool, after))
}

/// Quote `add_stake(amount)`: needs `amount ≥ min_stake + fee` (`AmountTooLow`) and a non-zero
/// alpha output (`InsufficientLiquidity`).
pub fn quote_add_stake(
    pool: &Pool,
    amount: TaoRao,
    params: &SwapParams,
) -> Result<StakeQuote, SwapError> {
    if amount.rao() == 0 {
        return Err(SwapError::ZeroAmount);
    }
    let fee = fee_for(pool, params.staking_fee);
    if amount < params.min_stake.saturating_add(fee) {
        return Err(SwapError::AmountTooLow);
    }
    stake_leg(pool, amount, fee, params)
}

/// Quote `remove_stake(alpha)`: needs the simulated TAO output `Δy > min_stake`
/// (`AmountTooLow`). The user receives `Δy − fee`.
pub fn quote_remove_stake(
    pool: &Pool,
    alpha: AlphaRao,
    params: &SwapParams,
) -> Result<UnstakeQuote, SwapError> {
    if alpha.rao() == 0 {
        return Err(SwapError::ZeroAmount);
    }
    let quote = unstake_leg(pool, alpha, fee_for(pool, params.staking_fee), params)?;
    if quote.swap_output <= params.min_stake {
        return Err(SwapError::AmountTooLow);
    }
    Ok(quote)
}

/// The amount a limit order executes: `min(requested, max)` if partial fills are allowed,
/// otherwise `requested` if it is within `max` (`SlippageTooHigh` if not). A partial order that
/// can execute nothing is refused with `PriceLimitExceeded`.
pub fn limit_order_amount(requested: u64, max: u64, allow_partial: bool) -> Result<u64, SwapError> {
    if requested == 0 {
        return Err(SwapError::ZeroAmount);
    }
    if requested <= max {
        return Ok(requested);
    }
    if !allow_partial {
        return Err(SwapError::SlippageTooHigh);
    }
    if max == 0 {
        return Err(SwapError::PriceLimitExceeded);
    }
    Ok(max)
}

/// Quote `add_stake_limit(amount, limit_price_rao, allow_partial)`: the requested amount must
/// pass the minimum-stake rule, then the executed amount is chosen against
/// [`Pool::max_add`] by [`limit_order_amount`] and must itself pass [`quote_add_stake`].
pub fn quote_add_stake_limit(
    pool: &Pool,
    amount: TaoRao,
    limit_price_rao: u64,
    allow_partial: bool,
    params: &SwapParams,
) -> Result<StakeQuote, SwapError> {
    if amount.rao() == 0 {
        return Err(SwapError::ZeroAmount);
    }
    if amount
        < params
            .min_stake
            .saturating_add(fee_for(pool, params.staking_fee))
    {
        return Err(SwapError::AmountTooLow);
    }
    let max = pool.max_add(limit_price_rao).rao();
    let executed = limit_order_amount(amount.rao(), max, allow_partial)?;
    quote_add_stake(pool, TaoRao(executed), params)
}

/// Quote `remove_stake_limit(alpha, limit_price_rao, allow_partial)`: the executed amount is
/// chosen against [`Pool::max_remove`] by [`limit_order_amount`] and must pass
/// [`quote_remove_stake`].
pub fn quote_remove_stake_limit(
    pool: &Pool,
    alpha: AlphaRao,
    limit_price_rao: u64,
    allow_partial: bool,
    params: &SwapParams,
) -> Result<UnstakeQuote, SwapError> {
    let max = pool.max_remove(limit_price_rao).rao();
    let executed = limit_order_amount(alpha.rao(), max, allow_partial)?;
    quote_remove_stake(pool, AlphaRao(executed), params)
}

/// Quote an R1 move / swap / transfer of `alpha` from `origin` to a *different* pool
/// `destination`: unstake with `fee / 2`, then stake the proceeds with `fee / 2`. Needs the
/// simulated TAO of the unstake `Δy > min_stake` (`AmountTooLow`); the stake leg only needs its
/// amount to exceed its fee and to yield some alpha.
pub fn quote_move_stake(
    origin: &Pool,
    destination: &Pool,
    alpha: AlphaRao,
    params: &SwapParams,
) -> Result<MoveQuote, SwapError> {
    let unstake = move_unstake_leg(origin, alpha, params)?;
    let stake_fee = fee_for(destination, leg_fee(params));
    let stake = stake_leg(destination, unstake.amount_out, stake_fee, params)?;
    Ok(MoveQuote { unstake, stake })
}

/// Quote an R1 move of `alpha` that leaves and re-enters the *same* pool (another hotkey on the
/// same subnet): as [`quote_move_stake`], with the stake leg priced on the pool the unstake leg
/// left behind.
pub fn quote_move_stake_within(
    pool: &Pool,
    alpha: AlphaRao,
    params: &SwapParams,
) -> Result<MoveQuote, SwapError> {
    let unstake = move_unstake_leg(pool, alpha, params)?;
    let after = unstake.pool_after;
    let stake_fee = fee_for(&after, leg_fee(params));
    let stake = stake_leg(&after, unstake.amount_out, stake_fee, params)?;
    Ok(MoveQuote { unstake, stake })
}

/// The unstake leg of a move, with the move's minimum rule (`Δy > min_stake`).
fn move_unstake_leg(
    origin: &Pool,
    alpha: AlphaRao,
    params: &SwapParams,
) -> Result<UnstakeQuote, SwapError> {
    if alpha.rao() == 0 {
        return Err(SwapError::ZeroAmount);
    }
    let unstake = unstake_leg(origin, alpha, fee_for(origin, leg_fee(params)), params)?;
    if unstake.swap_output <= params.min_stake {
        return Err(SwapError::AmountTooLow);
    }
    Ok(unstake)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const TAO: u64 = 1_000_000_000;

    fn balanced() -> Pool {
        Pool::dynamic(TaoRao(1000 * TAO), AlphaRao(1000 * TAO))
    }

    #[test]
    fn add_stake_minimum_is_min_plus_fee() {
        let params = SwapParams::default();
        let pool = balanced();
        assert_eq!(
            quote_add_stake(&pool, TaoRao(0), &params),
            Err(SwapError::ZeroAmount)
        );
        assert_eq!(
            quote_add_stake(&pool, TaoRao(549_999), &params),
            Err(SwapError::AmountTooLow)
        );
        let quote = quote_add_stake(&pool, TaoRao(550_000), &params).unwrap();
        assert_eq!(quote.fee, TaoRao(50_000));
        assert_eq!(quote.amount_swapped, TaoRao(500_000));
        assert_eq!(quote.pool_after.tao_reserve, TaoRao(1000 * TAO + 550_000));
    }

    #[test]
    fn remove_stake_needs_more_than_min_stake() {
        let params = SwapParams::default();
        let pool = balanced();
        // 500 001 alpha at price 1 yields 500 000 TAO-rao: not more than the minimum.
        assert_eq!(
            quote_remove_stake(&pool, AlphaRao(500_001), &params),
            Err(SwapError::AmountTooLow)
        );
        let quote = quote_remove_stake(&pool, AlphaRao(500_002), &params).unwrap();
        assert_eq!(quote.swap_output, TaoRao(500_001));
        assert_eq!(quote.amount_out, TaoRao(450_001));
    }

    #[test]
    fn root_stakes_one_to_one_without_fee() {
        let params = SwapParams::default();
        let root = Pool::stable(TaoRao(10 * TAO));
        let stake = quote_add_stake(&root, TaoRao(TAO), &params).unwrap();
        assert_eq!(stake.fee, TaoRao(0));
        assert_eq!(stake.amount_out, AlphaRao(TAO));
        assert_eq!(stake.pool_after, Pool::stable(TaoRao(11 * TAO)));
        assert_eq!(stake.price_impact, I96F32::from_num(0));
        assert_eq!(
            quote_add_stake(&root, TaoRao(499_999), &params),
            Err(SwapError::AmountTooLow)
        );
        let unstake = quote_remove_stake(&root, AlphaRao(TAO), &params).unwrap();
        assert_eq!(unstake.amount_out, TaoRao(TAO));
        assert_eq!(unstake.pool_after, Pool::stable(TaoRao(9 * TAO)));
    }

    #[test]
    fn limit_order_amount_rules() {
        assert_eq!(limit_order_amount(0, 5, true), Err(SwapError::ZeroAmount));
        assert_eq!(limit_order_amount(5, 5, false), Ok(5));
        assert_eq!(
            limit_order_amount(6, 5, false),
            Err(SwapError::SlippageTooHigh)
        );
        assert_eq!(limit_order_amount(6, 5, true), Ok(5));
        assert_eq!(
            limit_order_amount(6, 0, true),
            Err(SwapError::PriceLimitExceeded)
        );
        assert_eq!(
            limit_order_amount(6, 0, false),
            Err(SwapError::SlippageTooHigh)
        );
    }

    #[test]
    fn add_stake_limit_partial_and_strict() {
        let params = SwapParams::default();
        let pool = balanced();
        let limit = 1_100_000_000;
        let partial = quote_add_stake_limit(&pool, TaoRao(200 * TAO), limit, true, &params);
        assert_eq!(partial.unwrap().amount_in, TaoRao(100 * TAO));
        assert_eq!(
            quote_add_stake_limit(&pool, TaoRao(200 * TAO), limit, false, &params),
            Err(SwapError::SlippageTooHigh)
        );
        let within = quote_add_stake_limit(&pool, TaoRao(50 * TAO), limit, false, &params);
        assert_eq!(within.unwrap().amount_in, TaoRao(50 * TAO));
        assert_eq!(
            quote_add_stake_limit(&pool, TaoRao(TAO), 900_000_000, true, &params),
            Err(SwapError::PriceLimitExceeded)
        );
        assert_eq!(
            quote_add_stake_limit(&pool, TaoRao(1), limit, true, &params),
            Err(SwapError::AmountTooLow)
        );
    }

    #[test]
    fn add_stake_limit_average_price_is_within_limit() {
        let params = SwapParams::default();
        let pool = balanced();
        let limit = 1_100_000_000_u128;
        let quote =
            quote_add_stake_limit(&pool, TaoRao(500 * TAO), 1_100_000_000, true, &params).unwrap();
        // R1 bounds the average price of the TAO that went through the curve; the fee is not
        // part of the bound (the gross average is a hair above the limit).
        assert_eq!(quote.amount_in, TaoRao(100 * TAO));
        let got = u128::from(quote.amount_out.rao());
        assert!(u128::from(quote.amount_swapped.rao()) * u128::from(TAO) / got <= limit);
    }

    #[test]
    fn remove_stake_limit_partial_and_strict() {
        let params = SwapParams::default();
        let pool = balanced();
        let limit = 900_000_000;
        let partial =
            quote_remove_stake_limit(&pool, AlphaRao(500 * TAO), limit, true, &params).unwrap();
        assert_eq!(partial.amount_in, AlphaRao(111_111_111_111));
        assert_eq!(
            quote_remove_stake_limit(&pool, AlphaRao(500 * TAO), limit, false, &params),
            Err(SwapError::SlippageTooHigh)
        );
        assert_eq!(
            quote_remove_stake_limit(&pool, AlphaRao(TAO), TAO, true, &params),
            Err(SwapError::PriceLimitExceeded)
        );
        let unlimited = quote_remove_stake_limit(&pool, AlphaRao(TAO), 0, false, &params);
        assert_eq!(unlimited.unwrap().amount_in, AlphaRao(TAO));
    }

    #[test]
    fn move_across_pools_pays_half_fee_per_leg() {
        let params = SwapParams::default();
        let origin = balanced();
        let destination = Pool::dynamic(TaoRao(500 * TAO), AlphaRao(1000 * TAO));
        let quote = quote_move_stake(&origin, &destination, AlphaRao(10 * TAO), &params).unwrap();
        assert_eq!(quote.unstake.fee, TaoRao(25_000));
        assert_eq!(quote.stake.fee, TaoRao(25_000));
        assert_eq!(quote.unstake.swap_output, TaoRao(9_900_990_099));
        assert_eq!(quote.stake.amount_in, TaoRao(9_900_965_099));
        assert_eq!(quote.stake.amount_swapped, TaoRao(9_900_940_099));
        assert_eq!(quote.stake.pool_before, destination);
    }

    #[test]
    fn move_within_pool_uses_pool_after_first_leg() {
        let params = SwapParams::default();
        let pool = balanced();
        let quote = quote_move_stake_within(&pool, AlphaRao(10 * TAO), &params).unwrap();
        assert_eq!(quote.stake.pool_before, quote.unstake.pool_after);
        // The round trip loses to fees and rounding: less alpha comes back than went out.
        assert!(quote.stake.amount_out < AlphaRao(10 * TAO));
        // Both fees stay in the pool; the TAO reserve ends where it started.
        let end = quote.stake.pool_after;
        assert_eq!(end.tao_reserve, TaoRao(1000 * TAO));
        assert!(end.alpha_reserve > pool.alpha_reserve);
    }

    #[test]
    fn move_to_and_from_root_charges_only_the_dynamic_leg() {
        let params = SwapParams::default();
        let root = Pool::stable(TaoRao(100 * TAO));
        let subnet = balanced();
        let quote = quote_move_stake(&root, &subnet, AlphaRao(TAO), &params).unwrap();
        assert_eq!(quote.unstake.fee, TaoRao(0));
        assert_eq!(quote.stake.fee, TaoRao(25_000));
        let back = quote_move_stake(&subnet, &root, AlphaRao(TAO), &params).unwrap();
        assert_eq!(back.unstake.fee, TaoRao(25_000));
        assert_eq!(back.stake.fee, TaoRao(0));
        assert_eq!(
            quote_move_stake(&subnet, &root, AlphaRao(0), &params),
            Err(SwapError::ZeroAmount)
        );
    }

    #[test]
    fn price_impact_sign() {
        let params = SwapParams::default();
        let pool = balanced();
        let stake = quote_add_stake(&pool, TaoRao(10 * TAO), &params).unwrap();
        assert!(stake.price_impact > I96F32::from_num(0));
        let unstake = quote_remove_stake(&pool, AlphaRao(10 * TAO), &params).unwrap();
        assert!(unstake.price_impact < I96F32::from_num(0));
    }
}
