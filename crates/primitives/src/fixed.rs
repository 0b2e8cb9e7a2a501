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
#[inline]
pub fn u16_proportion_to_fixed(value: u16) -> I32F32 {
    safe_div(u16_to_fixed(value), U16_MAX_I32F32)
}

/// `a × b` for `I32F32`, saturating: bit-identical to `substrate-fixed`'s `saturating_mul`
/// (floor of the exact product, clamped to the type's range) with plain integer operations.
#[inline]
pub fn mul_i32f32(a: I32F32, b: I32F32) -> I32F32 {
    let product = (i128::from(a.to_bits()) * i128::from(b.to_bits())) >> 32;
    I32F32::from_bits(product.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// A proportion in [0, 1] as its stored `u16`: floor(x × 65535), clamped to [0, 65535].
#[inline]
pub fn fixed_proportion_to_u16(value: I32F32) -> u16 {
    fixed_to_u16(mul_i32f32(value, U16_MAX_I32F32))
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
/// with the common case (dividend in [0, 1), positive divisor) done by a multiply with a
/// precomputed reciprocal and an exact correction instead of a hardware division.
#[derive(Clone, Copy, Debug)]
pub struct I32F32Divisor {
    divisor: I32F32,
    /// Common power of two taken out of divisor and dividend (at most 32 bits).
    shift: u32,
    /// The divisor's bits after the shift.
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
                shift: 0,
                reduced: 0,
                reciprocal: 0,
            };
        }
        // Integer-valued divisors (sums of stored u16 bonds) have 32 or more trailing zero bits;
        // removing them from both sides keeps the quotient exact and lets 64-bit math apply.
        let shift = bits.trailing_zeros().min(32);
        let reduced = (bits as u64) >> shift;
        I32F32Divisor {
            divisor,
            shift,
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
        let a_bits = dividend.to_bits();
        let low_mask = (1_i64 << self.shift) - 1;
        let reduced_dividend = a_bits >> self.shift;
        let fast = self.reduced > 0
            && a_bits & low_mask == 0
            && (0..1_i64 << 32).contains(&reduced_dividend);
        if !fast {
            return safe_div_i32f32(dividend, self.divisor);
        }
        let numerator = (reduced_dividend as u64) << 32;
        // The estimate is at most a few units low (never high): fix it up with the remainder.
        let mut quotient = ((u128::from(numerator) * u128::from(self.reciprocal)) >> 64) as u64;
        let mut remainder = numerator.wrapping_sub(quotient.wrapping_mul(self.reduced));
        while remainder >= self.reduced {
            quotient += 1;
            remainder -= self.reduced;
        }
        i64::try_from(quotient).map_or(I32F32::from_bits(0), I32F32::from_bits)
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
        fn fast_mul_is_bit_identical(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY,
                                     small in -(1_i64 << 34)..(1 << 34)) {
            for (x, y) in [(a, b), (small, b), (a, small), (small, small)] {
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
