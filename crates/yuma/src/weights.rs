//! Weight max-upscaling as `set_weights` stores it (yuma-spec §8.1 step 8).
//!
//! Before a weight row is stored, its values are scaled so that the largest becomes 65535. The
//! arithmetic is `I32F32` with the chain's order of operations, so the stored values are
//! bit-exact with subtensor:
//! - m = max(values); if m == 0 the values are kept (all zeros);
//! - if m > 32768, each v ↦ round(v × (65535 / m)) (the quotient is taken first);
//! - otherwise each v ↦ round(v × 65535 / m) (the product is taken first);
//!
//! where `round` is to nearest with ties away from zero, and the result saturates to `u16`.
//!
//! Invariants: never panics on any input; the output has the input's length and order; when
//! m > 0 the output maximum is exactly 65535; zeros stay zero.

use dtao_primitives::fixed::{safe_div, u16_to_fixed, I32F32, U16_MAX_I32F32};

/// Above this maximum the scale factor 65535 / m is computed first (it is then < 2, and
/// v × 65535 could overflow `I32F32` for larger v); at or below it the product comes first.
const UPSCALE_QUOTIENT_FIRST_ABOVE: u16 = 32_768;

/// Scale `values` so that their maximum becomes 65535, exactly as the chain stores weights
/// (yuma-spec §8.1 step 8). An all-zero (or empty) row is returned unchanged.
pub fn max_upscale_weights(values: &[u16]) -> Vec<u16> {
    let max = values.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return values.to_vec();
    }
    let m = u16_to_fixed(max);
    if max > UPSCALE_QUOTIENT_FIRST_ABOVE {
        let factor = safe_div(U16_MAX_I32F32, m);
        values
            .iter()
            .map(|&v| round_to_u16(u16_to_fixed(v).saturating_mul(factor)))
            .collect()
    } else {
        values
            .iter()
            .map(|&v| round_to_u16(safe_div(u16_to_fixed(v).saturating_mul(U16_MAX_I32F32), m)))
            .collect()
    }
}

/// Round to nearest (ties away from zero), then saturate to the `u16` range.
fn round_to_u16(value: I32F32) -> u16 {
    value.saturating_round().saturating_to_num::<u16>()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spec_examples() {
        assert_eq!(max_upscale_weights(&[32767, 32767]), vec![65535, 65535]);
        assert_eq!(max_upscale_weights(&[43690, 21845]), vec![65535, 32768]);
        assert_eq!(max_upscale_weights(&[13107, 52428]), vec![16384, 65535]);
        assert_eq!(
            max_upscale_weights(&[16383, 32767, 49149, 65535]),
            vec![16383, 32767, 49149, 65535]
        );
    }

    #[test]
    fn zeros_and_empty_are_kept() {
        assert_eq!(max_upscale_weights(&[0, 0]), vec![0, 0]);
        assert_eq!(max_upscale_weights(&[]), Vec::<u16>::new());
    }

    #[test]
    fn boundary_maxima() {
        // m = 32768 takes the product-first path, m = 32769 the quotient-first path.
        assert_eq!(max_upscale_weights(&[32768, 16384]), vec![65535, 32768]);
        assert_eq!(max_upscale_weights(&[32769, 1])[0], 65535);
        assert_eq!(max_upscale_weights(&[1]), vec![65535]);
        assert_eq!(max_upscale_weights(&[1, 0, 1]), vec![65535, 0, 65535]);
        assert_eq!(max_upscale_weights(&[65535, 0, 1]), vec![65535, 0, 1]);
    }

    proptest! {
        #[test]
        fn max_becomes_u16_max(values in proptest::collection::vec(any::<u16>(), 0..64)) {
            let out = max_upscale_weights(&values);
            prop_assert_eq!(out.len(), values.len());
            let m = values.iter().copied().max().unwrap_or(0);
            if m > 0 {
                prop_assert_eq!(out.iter().copied().max(), Some(u16::MAX));
            } else {
                prop_assert_eq!(&out, &values);
            }
            for (v, o) in values.iter().zip(&out) {
                prop_assert!(*o >= *v);
                prop_assert_eq!(*v == 0, *o == 0);
            }
        }

        #[test]
        fn order_is_preserved(values in proptest::collection::vec(any::<u16>(), 0..64)) {
            let out = max_upscale_weights(&values);
            for i in 0..values.len() {
                for j in 0..values.len() {
                    if values[i] <= values[j] {
                        prop_assert!(out[i] <= out[j]);
                    }
                }
            }
        }
    }
}
