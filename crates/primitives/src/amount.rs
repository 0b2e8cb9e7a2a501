//! Money newtypes. Both TAO and every subnet's alpha are counted in rao (10^-9 of a token) as
//! `u64`. All arithmetic saturates: a balance never wraps around.

use std::fmt;

/// Rao in one whole token (TAO or alpha).
pub const RAO_PER_TAO: u64 = 1_000_000_000;

macro_rules! rao_amount {
    ($name:ident, $unit:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u64);

        impl $name {
            /// Zero.
            pub const ZERO: $name = $name(0);

            /// Amount in rao.
            pub fn rao(self) -> u64 {
                self.0
            }

            /// Sum, clamped at `u64::MAX`.
            pub fn saturating_add(self, other: $name) -> $name {
                $name(self.0.saturating_add(other.0))
            }

            /// Difference, clamped at zero.
            pub fn saturating_sub(self, other: $name) -> $name {
                $name(self.0.saturating_sub(other.0))
            }

            /// Sum, or `None` on overflow.
            pub fn checked_add(self, other: $name) -> Option<$name> {
                self.0.checked_add(other.0).map($name)
            }

            /// Difference, or `None` if it would be negative.
            pub fn checked_sub(self, other: $name) -> Option<$name> {
                self.0.checked_sub(other.0).map($name)
            }
        }

        impl fmt::Display for $name {
            /// Whole tokens with nine decimals, e.g. `1.500000000 TAO`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "{}.{:09} {}",
                    self.0 / RAO_PER_TAO,
                    self.0 % RAO_PER_TAO,
                    $unit
                )
            }
        }
    };
}

rao_amount!(TaoRao, "TAO", "An amount of TAO in rao.");
rao_amount!(AlphaRao, "alpha", "An amount of one subnet's alpha in rao.");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(TaoRao(u64::MAX).saturating_add(TaoRao(1)), TaoRao(u64::MAX));
        assert_eq!(TaoRao(1).saturating_sub(TaoRao(2)), TaoRao::ZERO);
        assert_eq!(AlphaRao(1).checked_sub(AlphaRao(2)), None);
        assert_eq!(AlphaRao(1).checked_add(AlphaRao(2)), Some(AlphaRao(3)));
    }

    #[test]
    fn display_has_nine_decimals() {
        assert_eq!(TaoRao(1_500_000_000).to_string(), "1.500000000 TAO");
        assert_eq!(AlphaRao(7).to_string(), "0.000000007 alpha");
    }
}
