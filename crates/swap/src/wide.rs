//! Exact `a × b / c` on `u128` operands through a 256-bit intermediate product.
//!
//! Used where a product of two 128-bit quantities must be divided without losing bits (share
//! pool arithmetic on `U64F64` bit patterns). Invariants: the result is the mathematically exact
//! quotient rounded in the requested direction, or `None` when it does not fit in `u128` or the
//! divisor is zero. Nothing here panics or wraps.

/// Direction in which an inexact quotient is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Toward zero (floor, as all operands are unsigned).
    Down,
    /// Away from zero (ceiling).
    Up,
}

const LOW_64: u128 = u64::MAX as u128;

/// The full 256-bit product `a × b` as `(high, low)` 128-bit halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let (a_hi, a_lo) = (a >> 64, a & LOW_64);
    let (b_hi, b_lo) = (b >> 64, b & LOW_64);
    // Each partial product of two 64-bit halves is below 2^128, so none of these overflow.
    let lo_lo = a_lo * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_lo = a_hi * b_lo;
    let hi_hi = a_hi * b_hi;
    // Bits 64..128 of the product, with up to two bits of carry into bit 128 and above.
    let middle = (lo_lo >> 64) + (lo_hi & LOW_64) + (hi_lo & LOW_64);
    let low = (lo_lo & LOW_64) | (middle << 64);
    // The full product is below 2^256, so the high half cannot overflow.
    let high = hi_hi + (lo_hi >> 64) + (hi_lo >> 64) + (middle >> 64);
    (high, low)
}

/// `(high · 2^128 + low) / divisor` as `(quotient, remainder)`, or `None` if the quotient does
/// not fit in `u128` or `divisor` is zero. Restoring binary long division.
fn div_wide(high: u128, low: u128, divisor: u128) -> Option<(u128, u128)> {
    if divisor == 0 || high >= divisor {
        return None;
    }
    if high == 0 {
        return Some((low / divisor, low % divisor));
    }
    let mut remainder = high;
    let mut quotient = 0_u128;
    for bit in (0..128).rev() {
        // `remainder < divisor` here; shifting may carry out of bit 127, in which case the true
        // value exceeds `divisor` and the wrapped subtraction yields the exact new remainder.
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || remainder >= divisor {
            remainder = remainder.wrapping_sub(divisor);
            quotient |= 1;
        }
    }
    Some((quotient, remainder))
}

/// `a × b / c`, exact up to the final rounding, or `None` if `c` is zero or the result does not
/// fit in `u128`.
pub fn mul_div(a: u128, b: u128, c: u128, rounding: Rounding) -> Option<u128> {
    let (high, low) = mul_wide(a, b);
    let (quotient, remainder) = div_wide(high, low, c)?;
    match rounding {
        Rounding::Up if remainder > 0 => quotient.checked_add(1),
        _ => Some(quotient),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_values_match_u128() {
        assert_eq!(mul_div(7, 3, 2, Rounding::Down), Some(10));
        assert_eq!(mul_div(7, 3, 2, Rounding::Up), Some(11));
        assert_eq!(mul_div(6, 3, 2, Rounding::Up), Some(9));
        assert_eq!(mul_div(1, 1, 0, Rounding::Down), None);
    }

    #[test]
    fn large_values() {
        let max = u128::MAX;
        assert_eq!(mul_div(max, max, max, Rounding::Down), Some(max));
        assert_eq!(mul_div(max, max, max, Rounding::Up), Some(max));
        assert_eq!(mul_div(max, 2, 2, Rounding::Down), Some(max));
        assert_eq!(mul_div(max, 2, 1, Rounding::Down), None);
        assert_eq!(mul_div(max, max, max - 1, Rounding::Down), None);
        assert_eq!(mul_div(1 << 127, 4, 8, Rounding::Down), Some(1 << 126));
        assert_eq!(mul_div(max, 3, 4, Rounding::Down), Some(max / 4 * 3 + 2));
    }

    proptest! {
        #[test]
        fn matches_u128_when_product_fits(a in any::<u64>(), b in any::<u64>(), c in 1..u128::MAX) {
            let product = u128::from(a) * u128::from(b);
            prop_assert_eq!(mul_div(a.into(), b.into(), c, Rounding::Down), Some(product / c));
            let up = product / c + u128::from(product % c != 0);
            prop_assert_eq!(mul_div(a.into(), b.into(), c, Rounding::Up), Some(up));
        }

        #[test]
        fn quotient_times_divisor_reconstructs_product(a in any::<u128>(), b in any::<u128>(), c in 1..u128::MAX) {
            let (high, low) = mul_wide(a, b);
            if let Some((q, r)) = div_wide(high, low, c) {
                prop_assert!(r < c);
                let (qh, ql) = mul_wide(q, c);
                let (sum_low, carry) = ql.overflowing_add(r);
                prop_assert_eq!((qh + u128::from(carry), sum_low), (high, low));
            } else {
                prop_assert!(high >= c);
            }
        }
    }
}
