//! dtao-spec §13 vectors V3 (R1 constant-product swap) and V12 (share pool), exact to the rao.
//!
//! The spec's vectors were derived with float math; where the chain's fixed-point result differs
//! the test asserts the fixed-point value and says why.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::fixed::{I96F32, U64F64};
use dtao_primitives::{AlphaRao, TaoRao};
use dtao_swap::{
    quote_add_stake, quote_remove_stake, Pool, SharePool, SwapParams,
    DEFAULT_MINIMUM_POOL_LIQUIDITY,
};

const TAO: u64 = 1_000_000_000;

/// V3's pool: y = x = 1 000 TAO.
fn v3_pool() -> Pool {
    Pool::dynamic(TaoRao(1000 * TAO), AlphaRao(1000 * TAO))
}

#[test]
fn v3_parameters_are_r1_defaults() {
    let params = SwapParams::default();
    assert_eq!(params.staking_fee, TaoRao(50_000));
    assert_eq!(params.min_stake, TaoRao(500_000));
    assert_eq!(params.min_pool_liquidity, 10_000_000);
    assert_eq!(DEFAULT_MINIMUM_POOL_LIQUIDITY, 10_000_000);
}

#[test]
fn v3_stake_10_tao() {
    let quote = quote_add_stake(&v3_pool(), TaoRao(10 * TAO), &SwapParams::default()).unwrap();
    assert_eq!(quote.amount_in, TaoRao(10 * TAO));
    assert_eq!(quote.fee, TaoRao(50_000));
    assert_eq!(quote.amount_swapped, TaoRao(9_999_950_000));
    assert_eq!(quote.swap_output, AlphaRao(9_900_941_084));
    assert_eq!(quote.amount_out, AlphaRao(9_900_941_084));
    assert_eq!(quote.pool_after.tao_reserve, TaoRao(1_010_000_000_000));
    assert_eq!(quote.pool_after.alpha_reserve, AlphaRao(990_099_058_916));
    // The spec prints the price rounded to 9 decimals, 1.020099950; the exact price is
    // 1.010e12 / 990 099 058 916 = 1.02009994949978…, so the floored rao price is 1 020 099 949.
    assert_eq!(quote.pool_after.price_rao(), 1_020_099_949);
    let price = quote.price_after.to_num::<f64>();
    assert!((price - 1.020_099_950).abs() < 1e-9, "price {price}");
    assert_eq!(quote.price_before, I96F32::from_num(1));
}

#[test]
fn v3_unstake_10_alpha_from_fresh_pool() {
    let quote = quote_remove_stake(&v3_pool(), AlphaRao(10 * TAO), &SwapParams::default()).unwrap();
    assert_eq!(quote.amount_in, AlphaRao(10 * TAO));
    assert_eq!(quote.swap_output, TaoRao(9_900_990_099));
    assert_eq!(quote.fee, TaoRao(50_000));
    assert_eq!(quote.amount_out, TaoRao(9_900_940_099));
    assert_eq!(quote.pool_after.tao_reserve, TaoRao(990_099_059_901));
    assert_eq!(quote.pool_after.alpha_reserve, AlphaRao(1010 * TAO));
}

#[test]
fn v3_limit_maxima() {
    assert_eq!(v3_pool().max_add(1_100_000_000), TaoRao(100_000_000_000));
    assert_eq!(v3_pool().max_remove(900_000_000), AlphaRao(111_111_111_111));
}

#[test]
fn v12_share_pool() {
    let mut pool = SharePool::EMPTY;
    let (mut a, mut b) = (U64F64::from_num(0), U64F64::from_num(0));
    pool.add_to_one(&mut a, 100).unwrap();
    assert_eq!(pool, SharePool::new(100, U64F64::from_num(100)));
    assert_eq!(a, U64F64::from_num(100));
    pool.add_to_all(50).unwrap();
    assert_eq!(pool.value, 150);
    let minted = pool.add_to_one(&mut b, 30).unwrap();
    assert_eq!(minted, U64F64::from_num(20));
    assert_eq!(pool, SharePool::new(180, U64F64::from_num(120)));
    assert_eq!(pool.value_of(a), 150);
    assert_eq!(pool.value_of(b), 30);
}

#[test]
fn v12_denominator_precision() {
    // Upstream share-pool `test_denom_precision`: two keys add 1 000, each removes 990.
    let mut pool = SharePool::EMPTY;
    let (mut a, mut b) = (U64F64::from_num(0), U64F64::from_num(0));
    pool.add_to_one(&mut a, 1000).unwrap();
    pool.add_to_one(&mut b, 1000).unwrap();
    pool.remove_from_one(&mut a, 990).unwrap();
    pool.remove_from_one(&mut b, 990).unwrap();
    assert_eq!(pool.value_of(a), 10);
    assert_eq!(pool.value_of(b), 10);
    assert_eq!(pool.value, 20);
}
