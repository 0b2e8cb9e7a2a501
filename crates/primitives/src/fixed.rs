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
pub fn safe_div<T: Fixed>(a: T, b: T) -> T {
    a.checked_div(b).unwrap_or_else(|| T::from_num(0))
}

/// `u16::MAX` as an integer-valued `I32F32` (65535.0).
pub const U16_MAX_I32F32: I32F32 = I32F32::from_bits((u16::MAX as i64) << 32);

/// One as `I32F32`.
pub const ONE_I32F32: I32F32 = I32F32::from_bits(1_i64 << 32);

/// A stored `u16` as the integer-valued fixed number it is (65535 becomes 65535.0).
pub fn u16_to_fixed(value: u16) -> I32F32 {
    I32F32::from_bits(i64::from(value) << 32)
}

/// A stored `u16` proportion as a fraction of 65535 (65535 becomes 1.0).
pub fn u16_proportion_to_fixed(value: u16) -> I32F32 {
    safe_div(u16_to_fixed(value), U16_MAX_I32F32)
}

/// A proportion in [0, 1] as its stored `u16`: floor(x × 65535), clamped to [0, 65535].
pub fn fixed_proportion_to_u16(value: I32F32) -> u16 {
    fixed_to_u16(value.saturating_mul(U16_MAX_I32F32))
}

/// The integer part of a fixed number, clamped to the `u16` range (negative becomes 0).
pub fn fixed_to_u16(value: I32F32) -> u16 {
    value.saturating_to_num::<u16>()
}

/// Narrow an `I64F64` to `I32F32`, dropping the low 32 fractional bits (floor) and saturating
/// on integer overflow.
pub fn i64f64_to_i32f32(value: I64F64) -> I32F32 {
    let bits = value.to_bits() >> 32;
    I32F32::from_bits(bits.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// Widen an `I32F32` to `I64F64` exactly.
pub fn i32f32_to_i64f64(value: I32F32) -> I64F64 {
    I64F64::from_bits(i128::from(value.to_bits()) << 32)
}

/// A whole number of rao as `I64F64`.
pub fn u64_to_i64f64(value: u64) -> I64F64 {
    I64F64::from_bits(i128::from(value) << 64)
}

/// `exp(x)` with `x` clamped to [-20, 20], as the chain computes it (Taylor series of
/// `substrate-fixed`): zero on internal underflow for x ≤ 0, the largest `I32F32` on overflow for x > 0.
pub fn exp_safe(x: I32F32) -> I32F32 {
    let limit = I32F32::from_bits(20_i64 << 32);
    let clamped = x.clamp(-limit, limit);
    match transcendental::exp::<I32F32, I32F32>(clamped) {
        Ok(value) => value,
        Err(()) if clamped > I32F32::from_bits(0) => I32F32::max_value(),
        Err(()) => I32F32::from_bits(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: I32F32, b: f64, tolerance: f64) -> bool {
        (a.to_num::<f64>() - b).abs() <= tolerance
    }

    #[test]
    fn safe_div_is_zero_on_zero_divisor_and_overflow() {
        assert_eq!(safe_div(ONE_I32F32, I32F32::from_num(0)), I32F32::from_num(0));
        let tiny = I32F32::from_bits(1);
        assert_eq!(safe_div(I32F32::max_value(), tiny), I32F32::from_num(0));
        assert_eq!(safe_div(I32F32::from_num(3), I32F32::from_num(2)), I32F32::from_num(1.5));
    }

    #[test]
    fn u16_round_trips() {
        assert_eq!(fixed_proportion_to_u16(u16_proportion_to_fixed(65535)), 65535);
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
    fn narrowing_truncates() {
        let x = I64F64::from_bits((1_i128 << 64) / 3);
        let y = i64f64_to_i32f32(x);
        assert_eq!(y.to_bits(), ((1_i128 << 64) / 3 >> 32) as i64);
        assert_eq!(i32f32_to_i64f64(y).to_bits() >> 32, i128::from(y.to_bits()));
    }
}
