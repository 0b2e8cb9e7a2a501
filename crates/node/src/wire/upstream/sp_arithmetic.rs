//! `sp_arithmetic` mirrors.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// `sp_arithmetic::ArithmeticError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum ArithmeticError {
    /// Underflow.
    Underflow,
    /// Overflow.
    Overflow,
    /// Division by zero.
    DivisionByZero,
}

/// `sp_arithmetic::per_things`.
pub mod per_things {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `sp_arithmetic::per_things::Percent` (declared by a constant).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub struct Percent(pub u8);
}
