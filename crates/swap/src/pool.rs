//! A subnet's TAO/alpha pool: price, raw swaps and limit-order maxima (dtao-spec §8.1, §8.2,
//! the R1 constant-product AMM).
//!
//! A [`Pool`] mirrors the chain's storage for one subnet: `tao_reserve` is `SubnetTAO` (`y`),
//! `alpha_reserve` is `SubnetAlphaIn` (`x`). Everything here is a pure function of the reserves
//! and returns the pool as it would be afterwards; nothing is mutated in place.
//!
//! Invariants:
//! - Swap outputs are the chain's: `Δx = x − x·y/(y+t)` and `Δy = y − x·y/(x+a)` evaluated with
//!   `I110F18` semantics (18 fractional bits, truncating division, floored result), computed here
//!   exactly in `u128` so that no input can overflow (see [`constant_product_output`]).
//! - A dynamic swap is refused if the output-side reserve would end below the minimum pool
//!   liquidity; a stable (root) swap is 1:1 and never pays out more TAO than the pool holds.
//! - No function panics, wraps or silently saturates a reserve.

use dtao_primitives::{fixed::I96F32, AlphaRao, TaoRao, RAO_PER_TAO};

use crate::error::SwapError;

/// `DefaultMinimumPoolLiquidity`: the least either reserve of a dynamic pool may hold after a
/// swap, in rao.
pub const DEFAULT_MINIMUM_POOL_LIQUIDITY: u64 = 10_000_000;

/// Fractional bits of `I110F18`, the type the chain evaluates R1 swaps in.
const I110F18_FRAC_BITS: u32 = 18;

/// How a subnet prices alpha against TAO (`SubnetMechanism`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mechanism {
    /// Mechanism 0, used by root: 1 alpha ≡ 1 TAO, no curve, no fee.
    Stable,
    /// Mechanism 1: the constant-product AMM.
    Dynamic,
}

/// One subnet's pool reserves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pool {
    /// Pricing mechanism of the subnet.
    pub mechanism: Mechanism,
    /// TAO held by the pool (`SubnetTAO`, `y`).
    pub tao_reserve: TaoRao,
    /// Alpha held by the pool (`SubnetAlphaIn`, `x`). Unused by the stable mechanism.
    pub alpha_reserve: AlphaRao,
}

/// The result of a raw swap: what comes out and the pool afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Swap<Out> {
    /// Amount paid out by the pool.
    pub amount_out: Out,
    /// Reserves after the swap.
    pub pool_after: Pool,
}

impl Pool {
    /// A constant-product pool with the given reserves.
    pub fn dynamic(tao_reserve: TaoRao, alpha_reserve: AlphaRao) -> Pool {
        Pool {
            mechanism: Mechanism::Dynamic,
            tao_reserve,
            alpha_reserve,
        }
    }

    /// A stable (root) pool holding `tao_reserve`, the total TAO staked into it.
    pub fn stable(tao_reserve: TaoRao) -> Pool {
        Pool {
            mechanism: Mechanism::Stable,
            tao_reserve,
            alpha_reserve: AlphaRao::ZERO,
        }
    }

    /// True for the stable (root) mechanism.
    pub fn is_stable(&self) -> bool {
        self.mechanism == Mechanism::Stable
    }

    /// Spot price in TAO per alpha: `y / x` (0 if `x` is 0; 1 for the stable mechanism), as the
    /// chain's `I96F32` (fraction truncated to 32 bits).
    pub fn price(&self) -> I96F32 {
        match self.mechanism {
            Mechanism::Stable => I96F32::from_bits(1 << 32),
            Mechanism::Dynamic => price_of(self.tao_reserve.rao(), self.alpha_reserve.rao()),
        }
    }

    /// Spot price in rao per alpha, `floor(y × 10^9 / x)`, exact (not via the truncated
    /// [`Pool::price`]); 0 if `x` is 0, 10^9 for the stable mechanism, clamped to `u64::MAX`.
    pub fn price_rao(&self) -> u64 {
        match self.mechanism {
            Mechanism::Stable => RAO_PER_TAO,
            Mechanism::Dynamic => clamp_u64(self.exact_price_rao()),
        }
    }

    /// `floor(y × 10^9 / x)` without clamping (0 if `x` is 0).
    fn exact_price_rao(&self) -> u128 {
        let x = u128::from(self.alpha_reserve.rao());
        let y = u128::from(self.tao_reserve.rao());
        (y * u128::from(RAO_PER_TAO))
            .checked_div(x)
            .unwrap_or_default()
    }

    /// Buy alpha with `tao` (no fee): the raw swap behind staking and chain buys.
    ///
    /// Dynamic: `Δx = x − x·y/(y+t)`; refused with `InsufficientLiquidity` if `x − Δx` would be
    /// below `min_liquidity`. Stable: 1:1, the TAO reserve grows by `tao`, the alpha reserve is
    /// not used. Zero `tao` is refused with `ZeroAmount`. The output may be zero for dust inputs.
    pub fn swap_tao_for_alpha(
        &self,
        tao: TaoRao,
        min_liquidity: u64,
    ) -> Result<Swap<AlphaRao>, SwapError> {
        if tao.rao() == 0 {
            return Err(SwapError::ZeroAmount);
        }
        let tao_after = self
            .tao_reserve
            .checked_add(tao)
            .ok_or(SwapError::ReserveOverflow)?;
        let (alpha_out, alpha_after) = match self.mechanism {
            Mechanism::Stable => (tao.rao(), self.alpha_reserve.rao()),
            Mechanism::Dynamic => {
                let x = self.alpha_reserve.rao();
                let out = constant_product_output(self.tao_reserve.rao(), x, tao.rao());
                let after = x.saturating_sub(out);
                if after < min_liquidity {
                    return Err(SwapError::InsufficientLiquidity);
                }
                (out, after)
            }
        };
        Ok(Swap {
            amount_out: AlphaRao(alpha_out),
            pool_after: Pool {
                tao_reserve: tao_after,
                alpha_reserve: AlphaRao(alpha_after),
                ..*self
            },
        })
    }

    /// Sell `alpha` for TAO (no fee): the raw swap behind unstaking and protocol sells.
    ///
    /// Dynamic: `Δy = y − x·y/(x+a)`; refused with `InsufficientLiquidity` if `y − Δy` would be
    /// below `min_liquidity`. Stable: 1:1, refused with `InsufficientLiquidity` if the pool holds
    /// less than `alpha` TAO. Zero `alpha` is refused with `ZeroAmount`.
    pub fn swap_alpha_for_tao(
        &self,
        alpha: AlphaRao,
        min_liquidity: u64,
    ) -> Result<Swap<TaoRao>, SwapError> {
        if alpha.rao() == 0 {
            return Err(SwapError::ZeroAmount);
        }
        let y = self.tao_reserve.rao();
        let (tao_out, alpha_after) = match self.mechanism {
            Mechanism::Stable => {
                if alpha.rao() > y {
                    return Err(SwapError::InsufficientLiquidity);
                }
                (alpha.rao(), self.alpha_reserve)
            }
            Mechanism::Dynamic => {
                let alpha_after = self
                    .alpha_reserve
                    .checked_add(alpha)
                    .ok_or(SwapError::ReserveOverflow)?;
                let out = constant_product_output(self.alpha_reserve.rao(), y, alpha.rao());
                if y.saturating_sub(out) < min_liquidity {
                    return Err(SwapError::InsufficientLiquidity);
                }
                (out, alpha_after)
            }
        };
        Ok(Swap {
            amount_out: TaoRao(tao_out),
            pool_after: Pool {
                tao_reserve: TaoRao(y.saturating_sub(tao_out)),
                alpha_reserve: alpha_after,
                ..*self
            },
        })
    }

    /// Largest TAO amount a stake may use so that its **average** execution price stays at or
    /// below `limit_price_rao` (rao per alpha): `limit × x / 10^9 − y` (dtao-spec §8.2).
    ///
    /// 0 if `limit` is 0, either reserve is 0, or the limit is below the current price. Like the
    /// chain, the "below the current price" guard compares with the *integer part* of the price
    /// × 10^9, so it only fires for prices ≥ 1; for lower prices the subtraction floors at 0,
    /// which gives the same result. Stable: `u64::MAX` if `limit ≥ 10^9`, else 0. The fee is not
    /// taken into account (it is part of the amount compared against this maximum).
    pub fn max_add(&self, limit_price_rao: u64) -> TaoRao {
        let limit = u128::from(limit_price_rao);
        let x = u128::from(self.alpha_reserve.rao());
        let y = u128::from(self.tao_reserve.rao());
        let one = u128::from(RAO_PER_TAO);
        if self.is_stable() {
            return TaoRao(if limit >= one { u64::MAX } else { 0 });
        }
        if limit == 0 || x == 0 || y == 0 {
            return TaoRao::ZERO;
        }
        let whole_price = y / x;
        if limit < whole_price * one {
            return TaoRao::ZERO;
        }
        TaoRao(clamp_u64((limit * x / one).saturating_sub(y)))
    }

    /// Largest alpha amount an unstake may sell so that its **average** execution price stays at
    /// or above `limit_price_rao` (rao per alpha): `y × 10^9 / limit − x` (dtao-spec §8.2).
    ///
    /// `u64::MAX` if `limit` is 0; otherwise 0 if either reserve is 0 or `limit` is at or above
    /// the current price in rao (`floor(y × 10^9 / x)`). Stable: `u64::MAX` if `limit ≤ 10^9`,
    /// else 0.
    pub fn max_remove(&self, limit_price_rao: u64) -> AlphaRao {
        let limit = u128::from(limit_price_rao);
        let x = u128::from(self.alpha_reserve.rao());
        let y = u128::from(self.tao_reserve.rao());
        let one = u128::from(RAO_PER_TAO);
        if self.is_stable() {
            return AlphaRao(if limit <= one { u64::MAX } else { 0 });
        }
        if limit == 0 {
            return AlphaRao(u64::MAX);
        }
        if x == 0 || y == 0 || limit >= self.exact_price_rao() {
            return AlphaRao::ZERO;
        }
        AlphaRao(clamp_u64((y * one / limit).saturating_sub(x)))
    }
}

/// `y / x` as `I96F32` (0 if `x` is 0): `floor(y · 2^32 / x)` in 2^-32 units, which is exactly
/// what fixed-point division of the two whole numbers yields.
fn price_of(y: u64, x: u64) -> I96F32 {
    let bits = (u128::from(y) << 32)
        .checked_div(u128::from(x))
        .unwrap_or_default();
    // `bits ≤ y · 2^32 < 2^96`, so it fits `i128`.
    I96F32::from_bits(i128::try_from(bits).unwrap_or_default())
}

/// The output of a constant-product swap of `amount_in` into a pool holding `reserve_in` of the
/// input asset and `reserve_out` of the output asset, as the chain computes it in `I110F18`:
///
/// ```text
/// k = reserve_in × reserve_out               (exact)
/// q = k / (reserve_in + amount_in)           (truncated to 18 fractional bits)
/// out = floor(reserve_out − q)
/// ```
///
/// Evaluated here with exact integer arithmetic: with `k = Q·d + r`, the truncated quotient is
/// `Q + floor(r·2^18/d)/2^18`, so `out = reserve_out − Q − [floor(r·2^18/d) > 0]`. This equals
/// the `I110F18` computation wherever that does not overflow (every pool within TAO's supply
/// cap) and stays exact beyond. Compared with exact rational arithmetic, the output can be one
/// rao larger, only when `0 < r/d < 2^-18`.
pub fn constant_product_output(reserve_in: u64, reserve_out: u64, amount_in: u64) -> u64 {
    let k = u128::from(reserve_in) * u128::from(reserve_out);
    let d = u128::from(reserve_in) + u128::from(amount_in);
    if d == 0 {
        return 0;
    }
    let (whole, remainder) = (k / d, k % d);
    let fraction = (remainder << I110F18_FRAC_BITS) / d;
    let reserve_after = whole + u128::from(fraction > 0);
    clamp_u64(u128::from(reserve_out).saturating_sub(reserve_after))
}

/// `value` clamped to `u64::MAX`.
pub(crate) fn clamp_u64(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;
    use substrate_fixed::types::I110F18;

    const TAO: u64 = RAO_PER_TAO;

    /// The swap formula evaluated literally with `substrate_fixed::types::I110F18`.
    fn i110f18_output(reserve_in: u64, reserve_out: u64, amount_in: u64) -> u64 {
        let x = I110F18::from_num(reserve_out);
        let y = I110F18::from_num(reserve_in);
        let k = x.checked_mul(y).unwrap();
        let new_reserve = k.checked_div(y + I110F18::from_num(amount_in)).unwrap();
        (x - new_reserve).to_num::<u64>()
    }

    #[test]
    fn i110f18_truncation_case_pays_one_rao_more_than_exact() {
        // k = 5·2^20 + 1, d = 2^20: remainder 1, but 1·2^18 / 2^20 truncates to 0 in I110F18,
        // so the new reserve is taken as exactly 5 and the output is one rao above exact.
        let (reserve_in, reserve_out, amount_in) = (1, 5 * (1 << 20) + 1, (1 << 20) - 1);
        let expected = reserve_out - 5;
        assert_eq!(i110f18_output(reserve_in, reserve_out, amount_in), expected);
        assert_eq!(
            constant_product_output(reserve_in, reserve_out, amount_in),
            expected
        );
        // With a remainder that survives the truncation the result is the exact floor.
        let (reserve_in, reserve_out, amount_in) = (1, 5 * (1 << 10) + 1, (1 << 10) - 1);
        assert_eq!(
            constant_product_output(reserve_in, reserve_out, amount_in),
            reserve_out - 6
        );
        assert_eq!(
            i110f18_output(reserve_in, reserve_out, amount_in),
            reserve_out - 6
        );
    }

    #[test]
    fn price_of_balanced_and_empty_pools() {
        let pool = Pool::dynamic(TaoRao(1000 * TAO), AlphaRao(1000 * TAO));
        assert_eq!(pool.price(), I96F32::from_num(1));
        assert_eq!(pool.price_rao(), TAO);
        let empty = Pool::dynamic(TaoRao(5), AlphaRao(0));
        assert_eq!(empty.price(), I96F32::from_num(0));
        assert_eq!(empty.price_rao(), 0);
        assert_eq!(Pool::stable(TaoRao(0)).price(), I96F32::from_num(1));
        assert_eq!(Pool::stable(TaoRao(0)).price_rao(), TAO);
    }

    #[test]
    fn price_of_extreme_pools() {
        let pool = Pool::dynamic(TaoRao(u64::MAX), AlphaRao(1));
        assert_eq!(pool.price(), I96F32::from_num(u64::MAX));
        assert_eq!(pool.price_rao(), u64::MAX);
        let pool = Pool::dynamic(TaoRao(1), AlphaRao(u64::MAX));
        assert_eq!(pool.price().to_bits(), 0);
        let pool = Pool::dynamic(TaoRao(3), AlphaRao(2));
        assert_eq!(pool.price(), I96F32::from_num(1.5));
    }

    #[test]
    fn stable_swaps_are_one_to_one() {
        let root = Pool::stable(TaoRao(100));
        let buy = root.swap_tao_for_alpha(TaoRao(40), 0).unwrap();
        assert_eq!(buy.amount_out, AlphaRao(40));
        assert_eq!(buy.pool_after, Pool::stable(TaoRao(140)));
        let sell = root.swap_alpha_for_tao(AlphaRao(100), 0).unwrap();
        assert_eq!(sell.amount_out, TaoRao(100));
        assert_eq!(sell.pool_after, Pool::stable(TaoRao(0)));
        assert_eq!(
            root.swap_alpha_for_tao(AlphaRao(101), 0),
            Err(SwapError::InsufficientLiquidity)
        );
    }

    #[test]
    fn swaps_refuse_zero_and_drained_reserves() {
        let pool = Pool::dynamic(TaoRao(20_000_000), AlphaRao(20_000_000));
        let min = DEFAULT_MINIMUM_POOL_LIQUIDITY;
        assert_eq!(
            pool.swap_tao_for_alpha(TaoRao(0), min),
            Err(SwapError::ZeroAmount)
        );
        assert_eq!(
            pool.swap_alpha_for_tao(AlphaRao(0), min),
            Err(SwapError::ZeroAmount)
        );
        // 20 M in takes x to exactly 10 M: allowed; 100 rao more takes it below and is refused.
        let ok = pool.swap_tao_for_alpha(TaoRao(20_000_000), min).unwrap();
        assert_eq!(ok.pool_after.alpha_reserve, AlphaRao(10_000_000));
        assert_eq!(
            pool.swap_tao_for_alpha(TaoRao(20_000_100), min),
            Err(SwapError::InsufficientLiquidity)
        );
        assert_eq!(
            pool.swap_alpha_for_tao(AlphaRao(20_000_100), min),
            Err(SwapError::InsufficientLiquidity)
        );
        let empty_tao = Pool::dynamic(TaoRao(0), AlphaRao(1000 * TAO));
        assert_eq!(
            empty_tao.swap_tao_for_alpha(TaoRao(1), min),
            Err(SwapError::InsufficientLiquidity)
        );
    }

    #[test]
    fn reserve_overflow_is_refused() {
        let pool = Pool::dynamic(TaoRao(u64::MAX), AlphaRao(u64::MAX));
        assert_eq!(
            pool.swap_tao_for_alpha(TaoRao(1), 0),
            Err(SwapError::ReserveOverflow)
        );
        assert_eq!(
            pool.swap_alpha_for_tao(AlphaRao(1), 0),
            Err(SwapError::ReserveOverflow)
        );
    }

    #[test]
    fn max_add_and_remove_edge_cases() {
        let root = Pool::stable(TaoRao(1));
        assert_eq!(root.max_add(TAO), TaoRao(u64::MAX));
        assert_eq!(root.max_add(TAO - 1), TaoRao(0));
        assert_eq!(root.max_remove(TAO), AlphaRao(u64::MAX));
        assert_eq!(root.max_remove(TAO + 1), AlphaRao(0));

        let pool = Pool::dynamic(TaoRao(1000 * TAO), AlphaRao(1000 * TAO));
        assert_eq!(pool.max_add(0), TaoRao(0));
        assert_eq!(pool.max_add(TAO - 1), TaoRao(0));
        assert_eq!(pool.max_add(TAO), TaoRao(0));
        assert_eq!(pool.max_add(u64::MAX), TaoRao(u64::MAX));
        assert_eq!(pool.max_remove(0), AlphaRao(u64::MAX));
        assert_eq!(pool.max_remove(TAO), AlphaRao(0));
        assert_eq!(pool.max_remove(TAO - 1), AlphaRao(1000));
        assert_eq!(
            Pool::dynamic(TaoRao(0), AlphaRao(5)).max_add(TAO),
            TaoRao(0)
        );
        assert_eq!(
            Pool::dynamic(TaoRao(5), AlphaRao(0)).max_remove(1),
            AlphaRao(0)
        );
    }

    #[test]
    fn max_add_quirk_matches_plain_formula() {
        // Price 0.5: the integer-part guard never fires; the floor at zero does the work.
        let cheap = Pool::dynamic(TaoRao(500 * TAO), AlphaRao(1000 * TAO));
        assert_eq!(cheap.max_add(400_000_000), TaoRao(0));
        assert_eq!(cheap.max_add(600_000_000), TaoRao(100 * TAO));
        // Price 2.5: the guard compares with 2·10^9.
        let dear = Pool::dynamic(TaoRao(2500 * TAO), AlphaRao(1000 * TAO));
        assert_eq!(dear.max_add(1_999_999_999), TaoRao(0));
        assert_eq!(dear.max_add(2_400_000_000), TaoRao(0));
        assert_eq!(dear.max_add(3_000_000_000), TaoRao(500 * TAO));
    }

    proptest! {
        #[test]
        fn exact_formula_equals_i110f18(
            reserve_in in 0..(1_u64 << 54),
            reserve_out in 0..(1_u64 << 54),
            amount_in in 1..(1_u64 << 54),
        ) {
            prop_assert_eq!(
                constant_product_output(reserve_in, reserve_out, amount_in),
                i110f18_output(reserve_in, reserve_out, amount_in)
            );
        }

        #[test]
        fn exact_formula_equals_i110f18_small(
            reserve_in in 0..10_000_u64,
            reserve_out in 0..10_000_u64,
            amount_in in 1..10_000_u64,
        ) {
            prop_assert_eq!(
                constant_product_output(reserve_in, reserve_out, amount_in),
                i110f18_output(reserve_in, reserve_out, amount_in)
            );
        }

        #[test]
        fn output_is_within_one_rao_of_exact(
            reserve_in in any::<u64>(),
            reserve_out in any::<u64>(),
            amount_in in any::<u64>(),
        ) {
            let k = u128::from(reserve_in) * u128::from(reserve_out);
            let d = u128::from(reserve_in) + u128::from(amount_in);
            prop_assume!(d > 0);
            let exact = u128::from(reserve_out) - k.div_ceil(d);
            let out = u128::from(constant_product_output(reserve_in, reserve_out, amount_in));
            prop_assert!(out == exact || out == exact + 1);
        }

        #[test]
        fn price_matches_fixed_division(y in any::<u64>(), x in 1..u64::MAX) {
            let expected = I96F32::from_num(y) / I96F32::from_num(x);
            prop_assert_eq!(price_of(y, x), expected);
        }
    }
}
