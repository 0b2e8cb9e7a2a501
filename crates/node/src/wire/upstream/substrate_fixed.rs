//! `substrate_fixed` mirrors: fixed-point numbers as raw bits (`I96F32`, `U64F64`, …).

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// `substrate_fixed::FixedI128` (upstream `I96F32` when 32 fractional bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FixedI128 {
    /// Raw two's-complement bits.
    pub bits: i128,
}

/// `substrate_fixed::FixedU128` (upstream `U64F64` when 64 fractional bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FixedU128 {
    /// Raw bits.
    pub bits: u128,
}
