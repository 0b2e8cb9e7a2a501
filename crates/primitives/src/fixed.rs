//! Fixed-point helpers with subtensor's exact semantics.
//!
//! The types are those of `substrate-fixed` 0.6, the crate the chain itself runs, so
//! multiplication floors, division truncates toward zero and narrowing conversions drop bits
//! exactly as on chain. On top of that this module adds the few conventions the chain layers
//! over the crate:
//! - [`safe_div`]: zero when the divisor is zero *or* the quotient overflows (never saturates);
//! - the `u16` storage conversions (`u16_proportion_to_fixed`, `fixed_proportion_to_u16`, …);
//! - [`exp_safe`]: `exp` with its input clamped to [-20, 20].

pub use substrate_fixed::types::{I32F32, I64F64, I96F32, U64F64, U96F32};
use substrate_fixed::{traits::Fixed, transcendental};

/// `a / b`, or zero if `b` is zero or the quotient does not fit the type.
#[inline]
pub fn safe_div<T: Fixed>(a: T, b: T) -> T {
    a.checked_div(b).unwrap_or_else(|| T::from_num(0))
}

/// `u16::MAX` as an integer-valued `I32F32` (65535.0).
pub const U16_MAX_I32F32: I32F32 = I32F32::from_bits((u16::MAX as i64) << 32);

/// One as `I32F32`.
pub const ONE_I32F32: I32F32 = I32F32::from_bits(1_i64 << 32);

/// A stored `u16` as the integer-valued fixed number it is (65535 becomes 65535.0).
#[inline]
pub fn u16_to_fixed(value: u16) -> I32F32 {
    I32F32::from_bits(i64::from(value) << 32)
}

/// A stored `u16` proportion as a fraction of 65535 (65535 becomes 1.0).
///
/// Bit-identical to `safe_div(u16_to_fixed(value), U16_MAX_I32F32)`: both operands carry 32
/// zero fractional bits, so the fixed quotient is the truncated integer quotient
/// `(value << 32) / 65535`, which always fits.
#[inline]
pub fn u16_proportion_to_fixed(value: u16) -> I32F32 {
    let quotient = (u64::from(value) << 32) / u64::from(u16::MAX);
    I32F32::from_bits(quotient as i64)
}

/// `a × b` for `I32F32`, saturating: bit-identical to `substrate-fixed`'s `saturating_mul`
/// (floor of the exact product, clamped to the type's range) with plain integer operations.
#[inline]
pub fn mul_i32f32(a: I32F32, b: I32F32) -> I32F32 {
    let (x, y) = (a.to_bits(), b.to_bits());
    if (x | y) as u64 >> 32 == 0 {
        // Both factors in [0, 1) (the epoch's usual case): the product fits 64 bits and its
        // shifted value always fits the type, so no clamp is needed.
        return I32F32::from_bits(((x as u64 * y as u64) >> 32) as i64);
    }
    let product = (i128::from(x) * i128::from(y)) >> 32;
    I32F32::from_bits(product.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// `a + b` for `I32F32`, saturating: bit-identical to `substrate-fixed`'s `saturating_add`
/// (the raw bits added with the integer's saturating add), without the library's generic
/// select code.
#[inline]
pub fn add_i32f32(a: I32F32, b: I32F32) -> I32F32 {
    I32F32::from_bits(a.to_bits().saturating_add(b.to_bits()))
}

/// `a − b` for `I32F32`, saturating: bit-identical to `substrate-fixed`'s `saturating_sub`.
#[inline]
pub fn sub_i32f32(a: I32F32, b: I32F32) -> I32F32 {
    I32F32::from_bits(a.to_bits().saturating_sub(b.to_bits()))
}

/// A proportion in [0, 1] as its stored `u16`: floor(x × 65535), clamped to [0, 65535].
///
/// Bit-identical to `fixed_to_u16(x.saturating_mul(U16_MAX_I32F32))` with plain integer
/// operations: the product's bits are `x_bits × 65535`, its integer part that shifted right by
/// 32; non-positive values give 0 and values of 1.0 or more give 65535.
#[inline]
pub fn fixed_proportion_to_u16(value: I32F32) -> u16 {
    let bits = value.to_bits();
    if bits <= 0 {
        0
    } else if bits >= 1 << 32 {
        u16::MAX
    } else {
        ((bits as u64 * u64::from(u16::MAX)) >> 32) as u16
    }
}

/// The integer part of a fixed number, clamped to the `u16` range (negative becomes 0).
#[inline]
pub fn fixed_to_u16(value: I32F32) -> u16 {
    value.saturating_to_num::<u16>()
}

/// Narrow an `I64F64` to `I32F32`, dropping the low 32 fractional bits (floor) and saturating
/// on integer overflow.
#[inline]
pub fn i64f64_to_i32f32(value: I64F64) -> I32F32 {
    let bits = value.to_bits() >> 32;
    I32F32::from_bits(bits.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// Widen an `I32F32` to `I64F64` exactly.
pub fn i32f32_to_i64f64(value: I32F32) -> I64F64 {
    I64F64::from_bits(i128::from(value.to_bits()) << 32)
}

/// A whole number of rao as `I64F64`, saturating at the type's maximum (about 9.2·10^18).
pub fn u64_to_i64f64(value: u64) -> I64F64 {
    I64F64::saturating_from_num(value)
}

/// [`safe_div`] for `I32F32`, bit-identical but faster on the epoch's common case (a
/// non-negative dividend below 1.0 and a positive divisor, which fit 64-bit division).
#[inline]
pub fn safe_div_i32f32(a: I32F32, b: I32F32) -> I32F32 {
    checked_div_i32f32(a, b).unwrap_or(I32F32::from_bits(0))
}

/// `a / b` for `I32F32` with `substrate-fixed`'s truncation, or `None` on a zero divisor or
/// overflow.
#[inline]
pub fn checked_div_i32f32(a: I32F32, b: I32F32) -> Option<I32F32> {
    let (a_bits, b_bits) = (a.to_bits(), b.to_bits());
    if (0..1_i64 << 32).contains(&a_bits) && b_bits > 0 {
        let quotient = ((a_bits as u64) << 32) / (b_bits as u64);
        return i64::try_from(quotient).ok().map(I32F32::from_bits);
    }
    a.checked_div(b)
}

/// A fixed `I32F32` divisor prepared for many divisions: [`safe_div`] semantics, bit-identical,
/// with the common case (a non-negative dividend not too large for the divisor, a positive
/// divisor) done by a multiply with a precomputed reciprocal and an exact correction instead of
/// a hardware division.
///
/// The quotient's bits are `floor(a · 2^32 / d)` for dividend bits `a` and divisor bits `d`.
/// Writing `d = r · 2^k` with `k = min(trailing zeros of d, 32)`, this equals
/// `floor(a · 2^(32−k) / r)` exactly, and the numerator fits 64 bits whenever `a < 2^(32+k)`:
/// every dividend below 1.0 for any divisor, and every integer-valued dividend below 2^31 for an
/// integer-valued divisor (sums of stored u16 bonds).
#[derive(Clone, Copy, Debug)]
pub struct I32F32Divisor {
    divisor: I32F32,
    /// `32 − k`: how far the dividend is shifted left to form the numerator.
    numerator_shift: u32,
    /// Dividends with bits below this (as `u64`, so negative ones never are) take the fast path.
    dividend_limit: u64,
    /// The divisor's bits with the `k` trailing zero bits removed; zero for a divisor ≤ 0.
    reduced: u64,
    /// `u64::MAX / reduced`.
    reciprocal: u64,
}

impl I32F32Divisor {
    /// Prepare `divisor` (any value, including zero).
    pub fn new(divisor: I32F32) -> Self {
        let bits = divisor.to_bits();
        if bits <= 0 {
            return I32F32Divisor {
                divisor,
                numerator_shift: 0,
                dividend_limit: 0,
                reduced: 0,
                reciprocal: 0,
            };
        }
        let shift = bits.trailing_zeros().min(32);
        let reduced = (bits as u64) >> shift;
        I32F32Divisor {
            divisor,
            numerator_shift: 32 - shift,
            dividend_limit: 1_u64 << (32 + shift).min(63),
            reduced,
            reciprocal: u64::MAX / reduced,
        }
    }

    /// True if the divisor is zero (every division then yields zero).
    #[inline]
    pub fn is_zero(&self) -> bool {
        self.divisor.to_bits() == 0
    }

    /// `dividend / divisor`, or zero on a zero divisor or overflow.
    #[inline]
    pub fn safe_div(&self, dividend: I32F32) -> I32F32 {
        let a_bits = dividend.to_bits() as u64;
        if a_bits >= self.dividend_limit {
            // Negative or large dividend, or a divisor ≤ 0 (whose limit is 0).
            return safe_div_i32f32(dividend, self.divisor);
        }
        let numerator = a_bits << self.numerator_shift;
        // The estimate is exact or one unit low (the reciprocal is at most one unit short of
        // 2^64 / reduced, so the product is short of the true quotient by less than 1).
        let mut quotient = ((u128::from(numerator) * u128::from(self.reciprocal)) >> 64) as u64;
        let remainder = numerator.wrapping_sub(quotient.wrapping_mul(self.reduced));
        quotient += u64::from(remainder >= self.reduced);
        i64::try_from(quotient).map_or(I32F32::from_bits(0), I32F32::from_bits)
    }

    /// `dividend / divisor`, or `dividend` unchanged when the divisor is zero (the rule of
    /// row and column normalisation, which skip zero sums).
    #[inline]
    pub fn divide_or_keep(&self, dividend: I32F32) -> I32F32 {
        if self.is_zero() {
            dividend
        } else {
            self.safe_div(dividend)
        }
    }
}

/// `exp(x)` with `x` clamped to [-20, 20], as the chain computes it (Taylor series of
/// `substrate-fixed`): zero on internal underflow for x ≤ 0, the largest `I32F32` on overflow
/// for x > 0.
pub fn exp_safe(x: I32F32) -> I32F32 {
    let limit = I32F32::from_bits(20_i64 << 32);
    let clamped = x.clamp(-limit, limit);
    let result = if clamped == I32F32::from_num(0) || clamped == ONE_I32F32 {
        // The library's own special cases (1 and the truncated constant e).
        transcendental::exp::<I32F32, I32F32>(clamped).ok()
    } else {
        taylor_exp_bits(clamped.to_bits()).map(I32F32::from_bits)
    };
    match result {
        Some(value) => value,
        None if clamped > I32F32::from_bits(0) => I32F32::max_value(),
        None => I32F32::from_bits(0),
    }
}

/// `substrate-fixed`'s `exp` series on raw `I32F32` bits, step for step: `1 + |x| + Σ t_i` for
/// i = 2..31 with `t_i = floor(t_{i-1}·|x|) / i` (truncating), every step checked for overflow,
/// and `1 / result` (truncating) for negative x. Integer arithmetic only, so it runs several
/// times faster than the generic library code while giving the same bits.
fn taylor_exp_bits(x_bits: i64) -> Option<i64> {
    let magnitude = x_bits.checked_abs()?;
    let one = 1_i64 << 32;
    let mut result = magnitude.checked_add(one)?;
    let mut term = magnitude;
    for i in 2..32_u64 {
        if term == 0 {
            // Every later term is zero too (0·x = 0, 0 / i = 0): the sum is final.
            break;
        }
        let product = (i128::from(term) * i128::from(magnitude)) >> 32;
        term = i64::try_from(product).ok()?;
        term = div_small(term as u64, i) as i64;
        result = result.checked_add(term)?;
    }
    if x_bits < 0 {
        let quotient = (1_i128 << 64) / i128::from(result);
        return i64::try_from(quotient).ok();
    }
    Some(result)
}

/// `u64::MAX / i` for the divisors of the exp series.
const RECIPROCALS: [u64; 32] = {
    let mut table = [0_u64; 32];
    let mut i = 1;
    while i < 32 {
        table[i] = u64::MAX / i as u64;
        i += 1;
    }
    table
};

/// `floor(value / divisor)` for a small divisor by a multiply with the reciprocal and an exact
/// correction.
fn div_small(value: u64, divisor: u64) -> u64 {
    let divisor = divisor.max(1);
    let reciprocal = RECIPROCALS
        .get(divisor as usize)
        .copied()
        .unwrap_or(u64::MAX / divisor.max(1));
    let mut quotient = ((u128::from(value) * u128::from(reciprocal)) >> 64) as u64;
    while (u128::from(quotient) + 1) * u128::from(divisor) <= u128::from(value) {
        quotient += 1;
    }
    quotient
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: I32F32, b: f64, tolerance: f64) -> bool {
        (a.to_num::<f64>() - b).abs() <= tolerance
    }

    #[test]
    fn safe_div_is_zero_on_zero_divisor_and_overflow() {
        assert_eq!(
            safe_div(ONE_I32F32, I32F32::from_num(0)),
            I32F32::from_num(0)
        );
        let tiny = I32F32::from_bits(1);
        assert_eq!(safe_div(I32F32::max_value(), tiny), I32F32::from_num(0));
        assert_eq!(
            safe_div(I32F32::from_num(3), I32F32::from_num(2)),
            I32F32::from_num(1.5)
        );
    }

    #[test]
    fn u16_round_trips() {
        assert_eq!(
            fixed_proportion_to_u16(u16_proportion_to_fixed(65535)),
            65535
        );
        assert_eq!(fixed_proportion_to_u16(ONE_I32F32), 65535);
        assert_eq!(fixed_proportion_to_u16(I32F32::from_num(2)), 65535);
        assert_eq!(fixed_proportion_to_u16(I32F32::from_num(-1)), 0);
        assert_eq!(u16_to_fixed(7), I32F32::from_num(7));
    }

    #[test]
    fn exp_safe_matches_spec_values() {
        // yuma-spec §10 V12.
        assert!(close(exp_safe(ONE_I32F32), 2.718_281_745_9, 1e-9));
        assert!(close(exp_safe(I32F32::from_num(-5)), 0.006_737_947_0, 1e-9));
        assert!(close(exp_safe(I32F32::from_num(5)), 148.413_159_1, 1e-6));
        assert_eq!(exp_safe(I32F32::from_num(0)), ONE_I32F32);
        assert!(exp_safe(I32F32::from_num(100)) > I32F32::from_num(1_000_000));
        assert!(exp_safe(I32F32::from_num(-100)) < I32F32::from_num(0.000_001));
    }

    #[test]
    fn fast_exp_matches_library_on_edges() {
        for bits in [
            1_i64,
            -1,
            1 << 31,
            -(1 << 31),
            20 << 32,
            -(20 << 32),
            (1 << 32) + 1,
        ] {
            let x = I32F32::from_bits(bits);
            let reference = transcendental::exp::<I32F32, I32F32>(x).ok();
            assert_eq!(
                taylor_exp_bits(bits).map(I32F32::from_bits),
                reference,
                "x bits {bits}"
            );
        }
    }

    #[test]
    fn prepared_divisor_edges() {
        let cases = [
            (65_535_i64 << 32, 131_070_i64 << 32),
            (1 << 32, 1 << 32),
            (0, 0),
            (5, 0),
            (-7, 3),
            (3, -7),
            (i64::MAX, 1),
            (1, 1 << 62),
            (1 << 40, 1 << 60),
        ];
        for (a, b) in cases {
            let (x, y) = (I32F32::from_bits(a), I32F32::from_bits(b));
            assert_eq!(
                I32F32Divisor::new(y).safe_div(x),
                safe_div(x, y),
                "{a} / {b}"
            );
        }
    }

    #[test]
    fn divide_or_keep_keeps_on_zero_divisor() {
        let x = I32F32::from_num(0.75);
        assert_eq!(I32F32Divisor::new(I32F32::from_num(0)).divide_or_keep(x), x);
        assert_eq!(
            I32F32Divisor::new(I32F32::from_num(2)).divide_or_keep(x),
            I32F32::from_num(0.375)
        );
    }

    #[test]
    fn proportion_conversions_are_exhaustively_bit_identical() {
        for value in 0..=u16::MAX {
            assert_eq!(
                u16_proportion_to_fixed(value),
                safe_div(u16_to_fixed(value), U16_MAX_I32F32),
                "{value}"
            );
        }
        for bits in [
            0,
            1,
            -1,
            (1 << 32) - 1,
            1 << 32,
            (1 << 32) + 1,
            i64::MAX,
            i64::MIN,
        ] {
            let x = I32F32::from_bits(bits);
            assert_eq!(
                fixed_proportion_to_u16(x),
                fixed_to_u16(x.saturating_mul(U16_MAX_I32F32)),
                "{bits}"
            );
        }
    }

    #[test]
    fn div_small_edges() {
        for divisor in 2..64 {
            for value in [0, 1, divisor - 1, divisor, u64::MAX, u64::MAX - 1, 1 << 63] {
                assert_eq!(div_small(value, divisor), value / divisor);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_exp_is_bit_identical(bits in -(21_i64 << 32)..(21_i64 << 32)) {
            let x = I32F32::from_bits(bits);
            let reference = transcendental::exp::<I32F32, I32F32>(x).ok();
            proptest::prop_assert_eq!(taylor_exp_bits(bits).map(I32F32::from_bits), reference);
        }

        #[test]
        fn fast_div_is_bit_identical(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY,
                                     small in 0_i64..(1 << 33), positive in 1_i64..(1 << 40)) {
            for (x, y) in [(a, b), (small, positive), (small, b), (a, positive)] {
                let (x, y) = (I32F32::from_bits(x), I32F32::from_bits(y));
                proptest::prop_assert_eq!(checked_div_i32f32(x, y), x.checked_div(y));
            }
        }

        #[test]
        fn prepared_divisor_is_bit_identical(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY,
                                             small in 0_i64..(1 << 33), positive in 1_i64..(1 << 40)) {
            let integers = [(small << 32, positive << 32), ((small & 0xffff) << 32, (positive & 0xffff_ffff) << 32)];
            let pairs = [(a, b), (small, positive), (small, b), (a, positive), (small, 1), (small, 3)];
            for (x, y) in pairs.into_iter().chain(integers) {
                let (x, y) = (I32F32::from_bits(x), I32F32::from_bits(y));
                proptest::prop_assert_eq!(I32F32Divisor::new(y).safe_div(x), safe_div(x, y));
            }
        }

        #[test]
        fn prepared_divisor_fast_range_is_bit_identical(odd in 0_i64..(1 << 31), shift in 0_u32..=40,
                                                        dividend in proptest::num::u64::ANY) {
            // Divisors with every count of trailing zero bits, dividends spread over the fast
            // range `[0, 2^(32+k))` and just beyond it.
            let odd = ((odd << 1) | 1) >> shift.saturating_sub(30);
            let divisor = I32F32::from_bits((odd << shift).max(1));
            let prepared = I32F32Divisor::new(divisor);
            let limit_bits = (32 + divisor.to_bits().trailing_zeros().min(32)).min(63);
            for bits in [dividend >> (64 - limit_bits), dividend >> (63 - limit_bits), dividend >> 1] {
                let x = I32F32::from_bits(bits as i64);
                proptest::prop_assert_eq!(prepared.safe_div(x), safe_div(x, divisor));
                proptest::prop_assert_eq!(prepared.divide_or_keep(x), safe_div(x, divisor));
            }
        }

        #[test]
        fn proportion_to_u16_is_bit_identical(a in proptest::num::i64::ANY,
                                              small in -(1_i64 << 34)..(1 << 34)) {
            for bits in [a, small, small >> 2] {
                let x = I32F32::from_bits(bits);
                proptest::prop_assert_eq!(
                    fixed_proportion_to_u16(x),
                    fixed_to_u16(x.saturating_mul(U16_MAX_I32F32))
                );
            }
        }

        #[test]
        fn fast_add_and_sub_are_bit_identical(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY,
                                               small in -(1_i64 << 34)..(1 << 34)) {
            for (x, y) in [(a, b), (small, b), (a, small), (small, small), (i64::MAX, small), (i64::MIN, small)] {
                let (x, y) = (I32F32::from_bits(x), I32F32::from_bits(y));
                proptest::prop_assert_eq!(add_i32f32(x, y), x.saturating_add(y));
                proptest::prop_assert_eq!(sub_i32f32(x, y), x.saturating_sub(y));
            }
        }

        #[test]
        fn fast_mul_is_bit_identical(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY,
                                     small in -(1_i64 << 34)..(1 << 34)) {
            let fraction = small & 0xffff_ffff;
            for (x, y) in [(a, b), (small, b), (a, small), (small, small), (fraction, small),
                           (fraction, fraction >> 3), (1 << 32, fraction), (fraction, -fraction)] {
                let (x, y) = (I32F32::from_bits(x), I32F32::from_bits(y));
                proptest::prop_assert_eq!(mul_i32f32(x, y), x.saturating_mul(y));
            }
        }

        #[test]
        fn div_small_is_floor(value in proptest::num::u64::ANY, divisor in 2_u64..64) {
            proptest::prop_assert_eq!(div_small(value, divisor), value / divisor);
        }
    }

    #[test]
    fn u64_conversion_saturates() {
        assert_eq!(u64_to_i64f64(7), I64F64::from_num(7));
        assert_eq!(u64_to_i64f64(u64::MAX), I64F64::max_value());
    }

    #[test]
    fn narrowing_truncates() {
        let x = I64F64::from_bits((1_i128 << 64) / 3);
        let y = i64f64_to_i32f32(x);
        assert_eq!(y.to_bits(), (((1_i128 << 64) / 3) >> 32) as i64);
        assert_eq!(i32f32_to_i64f64(y).to_bits() >> 32, i128::from(y.to_bits()));
    }
}
