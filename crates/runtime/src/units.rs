//! Small exact units used by parameters: `Perbill64` (parts per 10^9, may exceed one) and the
//! conversions of u16 and u64 proportions used by subtensor.

use dtao_primitives::fixed::{U64F64, U96F32};
use parity_scale_codec::{Decode, Encode};

/// A non-negative ratio in parts per 10^9 (1.0 = 1 000 000 000). Used for parameters written as
/// decimals (1.26, 0.000003) so their value is exact and readable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Encode, Decode)]
pub struct Perbill64(pub u64);

impl Perbill64 {
    /// 1.0.
    pub const ONE: Perbill64 = Perbill64(1_000_000_000);

    /// From parts per 10^9.
    pub const fn from_parts(parts: u64) -> Perbill64 {
        Perbill64(parts)
    }

    /// As `U64F64` (the quotient truncated to 64 fractional bits).
    pub fn to_u64f64(self) -> U64F64 {
        U64F64::from_num(self.0)
            .checked_div(U64F64::from_num(1_000_000_000_u64))
            .unwrap_or_else(|| U64F64::from_num(0))
    }

    /// As `U96F32`.
    pub fn to_u96f32(self) -> U96F32 {
        U96F32::from_num(self.0)
            .checked_div(U96F32::from_num(1_000_000_000_u64))
            .unwrap_or_else(|| U96F32::from_num(0))
    }
}

/// A u16 proportion (x / 65535) as `U96F32`.
pub fn u16_ratio(value: u16) -> U96F32 {
    U96F32::from_num(value)
        .checked_div(U96F32::from_num(u16::MAX))
        .unwrap_or_else(|| U96F32::from_num(0))
}

/// A u64 proportion (x / (2^64 − 1)) as `U96F32`.
pub fn u64_ratio(value: u64) -> U96F32 {
    U96F32::from_num(value)
        .checked_div(U96F32::from_num(u64::MAX))
        .unwrap_or_else(|| U96F32::from_num(0))
}

/// `floor(amount × ratio)` saturating at `u64::MAX`.
pub fn mul_floor(amount: u64, ratio: U96F32) -> u64 {
    U96F32::from_num(amount)
        .saturating_mul(ratio)
        .saturating_to_num::<u64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportions() {
        assert_eq!(mul_floor(1_000_000_000, u16_ratio(11_796)), 179_995_422);
        assert_eq!(mul_floor(100, u64_ratio(u64::MAX)), 100);
        assert_eq!(mul_floor(7, Perbill64::ONE.to_u96f32()), 7);
        assert!(
            (Perbill64::from_parts(1_260_000_000)
                .to_u64f64()
                .to_num::<f64>()
                - 1.26)
                .abs()
                < 1e-15
        );
    }
}
