//! Property tests: pool invariant, round trips, minimum liquidity, conservation, share-pool
//! solvency, and absence of panics for arbitrary `u64` inputs.
//!
//! "Supply-bounded" domains keep reserves and amounts within TAO's 21 M cap (2.1·10^16 rao),
//! the range the chain can reach; the no-panic tests use the full `u64` range.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::fixed::U64F64;
use dtao_primitives::{AlphaRao, TaoRao};
use dtao_swap::{
    quote_add_stake, quote_add_stake_limit, quote_move_stake, quote_move_stake_within,
    quote_remove_stake, quote_remove_stake_limit, Mechanism, Pool, SharePool, SwapParams,
};
use proptest::prelude::*;

/// 21 M TAO in rao.
const SUPPLY: u64 = 21_000_000 * 1_000_000_000;
const MIN_LIQUIDITY: u64 = 10_000_000;

fn product(pool: &Pool) -> u128 {
    u128::from(pool.tao_reserve.rao()) * u128::from(pool.alpha_reserve.rao())
}

/// A reserve within the supply cap and at least the minimum liquidity, spread over magnitudes.
fn reserve() -> impl Strategy<Value = u64> {
    amount(55).prop_map(|v| v.clamp(MIN_LIQUIDITY, SUPPLY))
}

/// A dynamic pool within the supply cap, both reserves at least the minimum liquidity.
fn supply_pool() -> impl Strategy<Value = Pool> {
    (reserve(), reserve()).prop_map(|(tao, alpha)| Pool::dynamic(TaoRao(tao), AlphaRao(alpha)))
}

/// A pool and a TAO amount such that the TAO reserve after buying stays below 2^17 × the alpha
/// reserve before it.
fn bounded_price_buy() -> impl Strategy<Value = (Pool, u64)> {
    reserve()
        .prop_flat_map(|alpha| {
            let cap = alpha.saturating_mul(1 << 16);
            (Just(alpha), MIN_LIQUIDITY..=cap.min(SUPPLY), amount(54))
        })
        .prop_map(|(alpha, tao, t)| {
            let t = t.min(alpha.saturating_mul(1 << 16));
            (Pool::dynamic(TaoRao(tao), AlphaRao(alpha)), t)
        })
}

/// Any pool at all, including stable ones and empty or saturated reserves.
fn any_pool() -> impl Strategy<Value = Pool> {
    (any::<bool>(), any::<u64>(), any::<u64>()).prop_map(|(stable, tao, alpha)| Pool {
        mechanism: if stable {
            Mechanism::Stable
        } else {
            Mechanism::Dynamic
        },
        tao_reserve: TaoRao(tao),
        alpha_reserve: AlphaRao(alpha),
    })
}

/// Amounts spread over all magnitudes (uniform sampling would almost never pick small ones).
fn amount(max_bits: u32) -> impl Strategy<Value = u64> {
    (1..=max_bits).prop_flat_map(|bits| 1..=(u64::MAX >> (64 - bits)))
}

fn any_params() -> impl Strategy<Value = SwapParams> {
    (any::<u64>(), any::<u64>(), any::<u64>()).prop_map(|(fee, min, liquidity)| SwapParams {
        staking_fee: TaoRao(fee),
        min_stake: TaoRao(min),
        min_pool_liquidity: liquidity,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// x·y never decreases on a stake, fee included (the fee is added to the TAO reserve).
    #[test]
    fn stake_never_decreases_product(pool in supply_pool(), tao in amount(54)) {
        if let Ok(quote) = quote_add_stake(&pool, TaoRao(tao), &SwapParams::default()) {
            prop_assert!(product(&quote.pool_after) >= product(&pool));
        }
    }

    /// x·y never decreases on an unstake, fee included.
    #[test]
    fn unstake_never_decreases_product(pool in supply_pool(), alpha in amount(54)) {
        if let Ok(quote) = quote_remove_stake(&pool, AlphaRao(alpha), &SwapParams::default()) {
            prop_assert!(product(&quote.pool_after) >= product(&pool));
        }
    }

    /// Raw (fee-free) swaps keep x·y up to the chain's I110F18 rounding: the product may drop by
    /// less than (input reserve + input) / 2^18, when the output is one rao above the exact
    /// rational result (see `constant_product_output`).
    #[test]
    fn raw_swap_product_loss_is_bounded(pool in supply_pool(), amount in amount(54), buy in any::<bool>()) {
        let (after, input_side) = if buy {
            let swap = pool.swap_tao_for_alpha(TaoRao(amount), MIN_LIQUIDITY);
            (swap.map(|s| s.pool_after), pool.tao_reserve.rao())
        } else {
            let swap = pool.swap_alpha_for_tao(AlphaRao(amount), MIN_LIQUIDITY);
            (swap.map(|s| s.pool_after), pool.alpha_reserve.rao())
        };
        if let Ok(after) = after {
            let bound = (u128::from(input_side) + u128::from(amount)) >> 18;
            prop_assert!(product(&after) + bound >= product(&pool));
        }
    }

    /// Stake then unstake everything received never returns more TAO than was paid.
    #[test]
    fn stake_round_trip_never_profits(pool in supply_pool(), tao in amount(54)) {
        let params = SwapParams::default();
        if let Ok(stake) = quote_add_stake(&pool, TaoRao(tao), &params) {
            if let Ok(unstake) = quote_remove_stake(&stake.pool_after, stake.amount_out, &params) {
                prop_assert!(unstake.amount_out <= stake.amount_in);
            }
        }
    }

    /// Fee-free buy then sell never returns more TAO than went in, as long as
    /// `(y + t) / x < 2^17`: the two legs' I110F18 roundings add at most
    /// `(y + t)/x · 2^-18 + 2^-18` rao to the exact (loss-making) round trip.
    #[test]
    fn raw_round_trip_never_profits((pool, t) in bounded_price_buy()) {
        if let Ok(buy) = pool.swap_tao_for_alpha(TaoRao(t), MIN_LIQUIDITY) {
            if let Ok(sell) = buy.pool_after.swap_alpha_for_tao(buy.amount_out, MIN_LIQUIDITY) {
                prop_assert!(sell.amount_out.rao() <= t);
            }
        }
    }

    /// A successful dynamic swap never leaves the output-side reserve below the minimum, for any
    /// reserves, amount and minimum.
    #[test]
    fn swaps_respect_minimum_liquidity(
        tao in any::<u64>(), alpha in any::<u64>(), amount in any::<u64>(), min in any::<u64>(),
    ) {
        let pool = Pool::dynamic(TaoRao(tao), AlphaRao(alpha));
        if let Ok(buy) = pool.swap_tao_for_alpha(TaoRao(amount), min) {
            prop_assert!(buy.pool_after.alpha_reserve.rao() >= min);
        }
        if let Ok(sell) = pool.swap_alpha_for_tao(AlphaRao(amount), min) {
            prop_assert!(sell.pool_after.tao_reserve.rao() >= min);
        }
    }

    /// Quotes conserve TAO and alpha: what the user pays in lands in the reserves, what the
    /// user receives leaves them; the fee stays in the TAO reserve.
    #[test]
    fn quotes_conserve_tokens(pool in any_pool(), amount in any::<u64>(), params in any_params()) {
        if let Ok(q) = quote_add_stake(&pool, TaoRao(amount), &params) {
            prop_assert_eq!(q.pool_after.tao_reserve.rao(), pool.tao_reserve.rao() + q.amount_in.rao());
            prop_assert_eq!(q.amount_swapped.rao() + q.fee.rao(), q.amount_in.rao());
            if !pool.is_stable() {
                prop_assert_eq!(q.pool_after.alpha_reserve.rao() + q.amount_out.rao(), pool.alpha_reserve.rao());
            }
        }
        if let Ok(q) = quote_remove_stake(&pool, AlphaRao(amount), &params) {
            prop_assert_eq!(q.pool_after.tao_reserve.rao() + q.amount_out.rao(), pool.tao_reserve.rao());
            prop_assert_eq!(q.amount_out.rao() + q.fee.rao(), q.swap_output.rao());
            if !pool.is_stable() {
                prop_assert_eq!(q.pool_after.alpha_reserve.rao(), pool.alpha_reserve.rao() + q.amount_in.rao());
            }
        }
    }

    /// A limit order never executes more than its maximum, and its TAO average price (net of
    /// the fee) respects the limit.
    #[test]
    fn limit_orders_respect_limits(pool in supply_pool(), amount in amount(54), limit in amount(40), partial in any::<bool>()) {
        let params = SwapParams::default();
        if let Ok(q) = quote_add_stake_limit(&pool, TaoRao(amount), limit, partial, &params) {
            prop_assert!(q.amount_in <= pool.max_add(limit));
            let paid = u128::from(q.amount_swapped.rao()) * 1_000_000_000;
            prop_assert!(paid <= u128::from(limit) * u128::from(q.amount_out.rao()) + u128::from(limit));
        }
        if let Ok(q) = quote_remove_stake_limit(&pool, AlphaRao(amount), limit, partial, &params) {
            prop_assert!(q.amount_in <= pool.max_remove(limit));
            let got = u128::from(q.swap_output.rao()) * 1_000_000_000;
            prop_assert!(got + 1_000_000_000 >= u128::from(limit) * u128::from(q.amount_in.rao()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Nothing panics for any `u64` inputs, pools, parameters or limits.
    #[test]
    fn no_panic_for_any_input(
        pool in any_pool(), other in any_pool(), params in any_params(),
        amount in any::<u64>(), limit in any::<u64>(), partial in any::<bool>(), min in any::<u64>(),
    ) {
        let _ = pool.price();
        let _ = pool.price_rao();
        let _ = pool.max_add(limit);
        let _ = pool.max_remove(limit);
        let _ = pool.swap_tao_for_alpha(TaoRao(amount), min);
        let _ = pool.swap_alpha_for_tao(AlphaRao(amount), min);
        let _ = quote_add_stake(&pool, TaoRao(amount), &params);
        let _ = quote_remove_stake(&pool, AlphaRao(amount), &params);
        let _ = quote_add_stake_limit(&pool, TaoRao(amount), limit, partial, &params);
        let _ = quote_remove_stake_limit(&pool, AlphaRao(amount), limit, partial, &params);
        let _ = quote_move_stake(&pool, &other, AlphaRao(amount), &params);
        let _ = quote_move_stake_within(&pool, AlphaRao(amount), &params);
    }

    /// Nothing panics in the share pool for any stored totals, share and amount.
    #[test]
    fn share_pool_no_panic(value in any::<u64>(), denominator in any::<u128>(), share in any::<u128>(), amount in any::<u64>()) {
        let pool = SharePool::new(value, U64F64::from_bits(denominator));
        let share = U64F64::from_bits(share);
        let _ = pool.value_of(share);
        let _ = pool.shares_for(amount);
        let (mut p, mut s) = (pool, share);
        let _ = p.add_to_one(&mut s, amount);
        let (mut p, mut s) = (pool, share);
        let _ = p.remove_from_one(&mut s, amount);
        let (mut p, mut s) = (pool, share);
        let _ = p.remove_all(&mut s);
        let mut p = pool;
        let _ = p.add_to_all(amount);
    }
}

/// One share-pool operation in a random sequence.
#[derive(Clone, Debug)]
enum Op {
    Stake(usize, u64),
    Distribute(u64),
    /// Withdraw this many parts per 2^16 of the holder's value.
    Withdraw(usize, u16),
    WithdrawAll(usize),
}

const HOLDERS: usize = 4;

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..HOLDERS, amount(50)).prop_map(|(k, a)| Op::Stake(k, a)),
        amount(50).prop_map(Op::Distribute),
        (0..HOLDERS, any::<u16>()).prop_map(|(k, f)| Op::Withdraw(k, f)),
        (0..HOLDERS).prop_map(Op::WithdrawAll),
    ]
}

/// Holders' values, in order.
fn values(pool: &SharePool, shares: &[U64F64]) -> Vec<u64> {
    shares.iter().map(|s| pool.value_of(*s)).collect()
}

/// Checks the pool-wide invariants after every operation.
fn check_invariants(
    pool: &SharePool,
    shares: &[U64F64],
    put_in: u128,
    taken_out: u128,
) -> Result<(), TestCaseError> {
    let total_shares: u128 = shares.iter().map(|s| s.to_bits()).sum();
    prop_assert_eq!(total_shares, pool.denominator.to_bits());
    let total_value: u128 = values(pool, shares).iter().map(|v| u128::from(*v)).sum();
    prop_assert!(total_value <= u128::from(pool.value));
    prop_assert!(taken_out <= put_in);
    prop_assert_eq!(u128::from(pool.value), put_in - taken_out);
    Ok(())
}

/// Applies one operation; returns (put in, taken out). Asserts that nobody else's value drops
/// and that the actor never ends up with more than it put in (except the first staker into a
/// pool without shares, who takes any value left there, as on chain).
fn apply(
    pool: &mut SharePool,
    shares: &mut [U64F64],
    op: &Op,
) -> Result<(u128, u128), TestCaseError> {
    let before = values(pool, shares);
    let had_shares = pool.denominator.to_bits() > 0;
    let (actor, delta_in, delta_out) = match *op {
        Op::Stake(k, a) => match pool.add_to_one(&mut shares[k], a) {
            Ok(_) => (Some(k), a, 0),
            Err(_) => (None, 0, 0),
        },
        Op::Distribute(a) => match pool.add_to_all(a) {
            Ok(()) => (None, a, 0),
            Err(_) => (None, 0, 0),
        },
        Op::Withdraw(k, fraction) => {
            let want = ((u128::from(before[k]) * u128::from(fraction)) >> 16) as u64;
            match pool.remove_from_one(&mut shares[k], want) {
                Ok(_) => (Some(k), 0, want),
                Err(_) => (None, 0, 0),
            }
        }
        Op::WithdrawAll(k) => {
            let paid = pool.remove_all(&mut shares[k]).unwrap();
            prop_assert_eq!(paid, before[k]);
            (Some(k), 0, paid)
        }
    };
    let after = values(pool, shares);
    for k in 0..shares.len() {
        if Some(k) == actor {
            if !had_shares {
                continue;
            }
            prop_assert!(
                u128::from(after[k]) + u128::from(delta_out)
                    <= u128::from(before[k]) + u128::from(delta_in)
            );
        } else {
            prop_assert!(after[k] >= before[k], "holder {} lost value on {:?}", k, op);
        }
    }
    Ok((u128::from(delta_in), u128::from(delta_out)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// The share pool never pays out more than was put in, holders' values never exceed the
    /// pool value, shares always sum to the denominator, and no operation takes value from a
    /// holder who did not act.
    #[test]
    fn share_pool_is_solvent(ops in prop::collection::vec(op(), 1..40)) {
        let mut pool = SharePool::EMPTY;
        let mut shares = [U64F64::from_num(0); HOLDERS];
        let (mut put_in, mut taken_out) = (0_u128, 0_u128);
        for op in &ops {
            let (i, o) = apply(&mut pool, &mut shares, op)?;
            put_in += i;
            taken_out += o;
            check_invariants(&pool, &shares, put_in, taken_out)?;
        }
    }
}
