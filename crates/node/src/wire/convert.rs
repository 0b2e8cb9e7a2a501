//! Conversions between the wire mirror types ([`crate::wire::upstream`]) and the runtime's
//! types, and the `wire_calls!` macro that declares a pallet `Call` enum together with both
//! conversions.
//!
//! Invariants: runtime → wire is total ([`IntoWire`]); wire → runtime ([`FromWire`]) fails with a
//! [`ConvertError`] when the wire value has no runtime meaning (a `MultiAddress` other than
//! `Id`, a fixed-point value out of range). Fixed-point conversions truncate toward zero, so
//! `from_wire(into_wire(x))` may differ from `x` by one part per 10^9.

use parity_scale_codec::Compact;

use crate::wire::upstream::pallet_subtensor::pallet::{RecycleOrBurnEnum, SubnetIdentityV3};
use crate::wire::upstream::primitive_types::H256;
use crate::wire::upstream::sp_core::crypto::AccountId32;
use crate::wire::upstream::sp_runtime::multiaddress::MultiAddress;
use crate::wire::upstream::sp_runtime::Address;
use crate::wire::upstream::substrate_fixed::{FixedI128, FixedU128};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::hyperparams::RecycleOrBurn;
use dtao_runtime::state::SubnetIdentity;
use dtao_runtime::units::Perbill64;

/// Why a decoded wire value cannot become a runtime value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertError {
    /// A `MultiAddress` variant other than `Id` (this chain has no account indices).
    UnsupportedAddress,
    /// A fixed-point argument is negative or too large for the runtime's unit.
    FixedPointOutOfRange,
    /// A subnet mechanism other than 0 (this chain has one mechanism per subnet).
    UnknownMechanism,
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConvertError::UnsupportedAddress => {
                write!(f, "only MultiAddress::Id addresses are supported")
            }
            ConvertError::FixedPointOutOfRange => write!(f, "fixed-point argument out of range"),
            ConvertError::UnknownMechanism => write!(f, "only mechanism 0 exists"),
        }
    }
}

impl std::error::Error for ConvertError {}

/// A runtime value built from its wire form.
pub trait FromWire<W>: Sized {
    /// Convert, or say why the wire value has no runtime meaning.
    fn from_wire(wire: W) -> Result<Self, ConvertError>;
}

/// A runtime value turned into its wire form.
pub trait IntoWire<W> {
    /// Convert.
    fn into_wire(self) -> W;
}

macro_rules! identity_wire {
    ($($t:ty),*) => {$(
        impl FromWire<$t> for $t {
            fn from_wire(wire: $t) -> Result<Self, ConvertError> {
                Ok(wire)
            }
        }
        impl IntoWire<$t> for $t {
            fn into_wire(self) -> $t {
                self
            }
        }
    )*};
}

identity_wire!(u8, u16, u32, u64, u128, i16, bool);

impl<W, T: FromWire<W>> FromWire<Vec<W>> for Vec<T> {
    fn from_wire(wire: Vec<W>) -> Result<Self, ConvertError> {
        wire.into_iter().map(T::from_wire).collect()
    }
}

impl<W, T: IntoWire<W>> IntoWire<Vec<W>> for Vec<T> {
    fn into_wire(self) -> Vec<W> {
        self.into_iter().map(T::into_wire).collect()
    }
}

impl<W, T: FromWire<W>> FromWire<Option<W>> for Option<T> {
    fn from_wire(wire: Option<W>) -> Result<Self, ConvertError> {
        wire.map(T::from_wire).transpose()
    }
}

impl<W, T: IntoWire<W>> IntoWire<Option<W>> for Option<T> {
    fn into_wire(self) -> Option<W> {
        self.map(T::into_wire)
    }
}

impl<W, T: FromWire<W>> FromWire<Box<W>> for Box<T> {
    fn from_wire(wire: Box<W>) -> Result<Self, ConvertError> {
        T::from_wire(*wire).map(Box::new)
    }
}

impl<W, T: IntoWire<W>> IntoWire<Box<W>> for Box<T> {
    fn into_wire(self) -> Box<W> {
        Box::new((*self).into_wire())
    }
}

impl FromWire<Compact<u64>> for u64 {
    fn from_wire(wire: Compact<u64>) -> Result<Self, ConvertError> {
        Ok(wire.0)
    }
}

impl IntoWire<Compact<u64>> for u64 {
    fn into_wire(self) -> Compact<u64> {
        Compact(self)
    }
}

impl FromWire<u16> for NetUid {
    fn from_wire(wire: u16) -> Result<Self, ConvertError> {
        Ok(NetUid(wire))
    }
}

impl IntoWire<u16> for NetUid {
    fn into_wire(self) -> u16 {
        self.0
    }
}

impl FromWire<Compact<u16>> for NetUid {
    fn from_wire(wire: Compact<u16>) -> Result<Self, ConvertError> {
        Ok(NetUid(wire.0))
    }
}

impl IntoWire<Compact<u16>> for NetUid {
    fn into_wire(self) -> Compact<u16> {
        Compact(self.0)
    }
}

impl FromWire<AccountId32> for AccountId {
    fn from_wire(wire: AccountId32) -> Result<Self, ConvertError> {
        Ok(AccountId(wire.0))
    }
}

impl IntoWire<AccountId32> for AccountId {
    fn into_wire(self) -> AccountId32 {
        AccountId32(self.0)
    }
}

impl FromWire<Address> for AccountId {
    fn from_wire(wire: Address) -> Result<Self, ConvertError> {
        match wire {
            MultiAddress::Id(account) => Ok(AccountId(account.0)),
            _ => Err(ConvertError::UnsupportedAddress),
        }
    }
}

impl IntoWire<Address> for AccountId {
    fn into_wire(self) -> Address {
        MultiAddress::Id(AccountId32(self.0))
    }
}

impl FromWire<H256> for [u8; 32] {
    fn from_wire(wire: H256) -> Result<Self, ConvertError> {
        Ok(wire.0)
    }
}

impl IntoWire<H256> for [u8; 32] {
    fn into_wire(self) -> H256 {
        H256(self)
    }
}

/// Parts per 10^9 in one unit of [`Perbill64`].
const PERBILL_ONE: u128 = 1_000_000_000;

/// `bits / 2^frac_bits` as parts per 10^9, truncated; `None` if negative or above `u64::MAX`.
fn fixed_bits_to_parts(bits: u128, frac_bits: u32) -> Option<u64> {
    let whole = bits >> frac_bits;
    let fraction = bits & ((1u128 << frac_bits) - 1);
    let whole_parts = whole.checked_mul(PERBILL_ONE)?;
    // fraction < 2^frac_bits ≤ 2^64 and PERBILL_ONE < 2^30: the product fits in u128.
    let fraction_parts = fraction.checked_mul(PERBILL_ONE)? >> frac_bits;
    u64::try_from(whole_parts.checked_add(fraction_parts)?).ok()
}

/// Parts per 10^9 as `bits` with `frac_bits` fractional bits, truncated.
fn parts_to_fixed_bits(parts: u64, frac_bits: u32) -> u128 {
    let whole = u128::from(parts) / PERBILL_ONE;
    let fraction = u128::from(parts) % PERBILL_ONE;
    (whole << frac_bits) | ((fraction << frac_bits) / PERBILL_ONE)
}

/// `I96F32` (32 fractional bits), upstream's `sudo_set_subnet_moving_alpha` argument.
impl FromWire<FixedI128> for Perbill64 {
    fn from_wire(wire: FixedI128) -> Result<Self, ConvertError> {
        let bits = u128::try_from(wire.bits).map_err(|_| ConvertError::FixedPointOutOfRange)?;
        fixed_bits_to_parts(bits, 32)
            .map(Perbill64::from_parts)
            .ok_or(ConvertError::FixedPointOutOfRange)
    }
}

impl IntoWire<FixedI128> for Perbill64 {
    fn into_wire(self) -> FixedI128 {
        // parts < 2^64, so the bits stay below 2^96 and fit in i128.
        let bits = parts_to_fixed_bits(self.0, 32);
        FixedI128 {
            bits: i128::try_from(bits).unwrap_or(i128::MAX),
        }
    }
}

/// `U64F64` (64 fractional bits), upstream's `sudo_set_burn_increase_mult` argument.
impl FromWire<FixedU128> for Perbill64 {
    fn from_wire(wire: FixedU128) -> Result<Self, ConvertError> {
        fixed_bits_to_parts(wire.bits, 64)
            .map(Perbill64::from_parts)
            .ok_or(ConvertError::FixedPointOutOfRange)
    }
}

impl IntoWire<FixedU128> for Perbill64 {
    fn into_wire(self) -> FixedU128 {
        FixedU128 {
            bits: parts_to_fixed_bits(self.0, 64),
        }
    }
}

impl FromWire<RecycleOrBurnEnum> for RecycleOrBurn {
    fn from_wire(wire: RecycleOrBurnEnum) -> Result<Self, ConvertError> {
        Ok(match wire {
            RecycleOrBurnEnum::Burn => RecycleOrBurn::Burn,
            RecycleOrBurnEnum::Recycle => RecycleOrBurn::Recycle,
        })
    }
}

impl IntoWire<RecycleOrBurnEnum> for RecycleOrBurn {
    fn into_wire(self) -> RecycleOrBurnEnum {
        match self {
            RecycleOrBurn::Burn => RecycleOrBurnEnum::Burn,
            RecycleOrBurn::Recycle => RecycleOrBurnEnum::Recycle,
        }
    }
}

impl FromWire<SubnetIdentityV3> for SubnetIdentity {
    fn from_wire(wire: SubnetIdentityV3) -> Result<Self, ConvertError> {
        Ok(SubnetIdentity {
            subnet_name: wire.subnet_name,
            github_repo: wire.github_repo,
            subnet_contact: wire.subnet_contact,
            subnet_url: wire.subnet_url,
            discord: wire.discord,
            description: wire.description,
            logo_url: wire.logo_url,
            additional: wire.additional,
        })
    }
}

impl IntoWire<SubnetIdentityV3> for SubnetIdentity {
    fn into_wire(self) -> SubnetIdentityV3 {
        SubnetIdentityV3 {
            subnet_name: self.subnet_name,
            github_repo: self.github_repo,
            subnet_contact: self.subnet_contact,
            subnet_url: self.subnet_url,
            discord: self.discord,
            description: self.description,
            logo_url: self.logo_url,
            additional: self.additional,
        }
    }
}

/// Declares a pallet `Call` enum (snake_case variants with `#[codec(index)]` and named fields,
/// deriving SCALE and `TypeInfo`) and converts between it and the runtime:
/// `FromWire<Call> for dtao_runtime::RuntimeCall` and `IntoWire<wire RuntimeCall>` for the
/// runtime's pallet call enum, matching variants whose fields have the same names. Variants
/// under `extra` are declared without a generated conversion; the `from_wire { pat => expr }`
/// and `into_wire { pat => expr }` arms convert them (and runtime variants without a
/// same-named twin) by hand, so both matches stay exhaustive.
macro_rules! wire_calls {
    (
        $(#[$meta:meta])*
        pub enum $Call:ident : $WOuter:ident :: $WPallet:ident
            <=> $ROuter:ident :: $RPallet:ident ( $Runtime:ident ) {
            $( $idx:literal => $name:ident / $Variant:ident { $( $field:ident : $wty:ty ),* $(,)? } ),* $(,)?
        }
        $( extra {
            $( $midx:literal => $mname:ident { $( $mfield:ident : $mwty:ty ),* $(,)? } ),* $(,)?
        } )?
        $( from_wire { $( $fpat:pat => $fexpr:expr ),* $(,)? } )?
        $( into_wire { $( $ipat:pat => $iexpr:expr ),* $(,)? } )?
    ) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Debug,
            PartialEq,
            Eq,
            parity_scale_codec::Encode,
            parity_scale_codec::Decode,
            scale_info::TypeInfo
        )]
        #[allow(non_camel_case_types, missing_docs)]
        pub enum $Call {
            $( #[codec(index = $idx)] $name { $( $field: $wty ),* }, )*
            $( $( #[codec(index = $midx)] $mname { $( $mfield: $mwty ),* }, )* )?
        }

        impl $crate::wire::convert::FromWire<$Call> for $ROuter {
            fn from_wire(call: $Call) -> Result<Self, $crate::wire::convert::ConvertError> {
                match call {
                    $( $Call::$name { $( $field ),* } => Ok($ROuter::$RPallet($Runtime::$Variant {
                        $( $field: $crate::wire::convert::FromWire::from_wire($field)? ),*
                    })), )*
                    $( $( $fpat => $fexpr, )* )?
                }
            }
        }

        impl $crate::wire::convert::IntoWire<$WOuter> for $Runtime {
            fn into_wire(self) -> $WOuter {
                match self {
                    $( $Runtime::$Variant { $( $field ),* } => $WOuter::$WPallet($Call::$name {
                        $( $field: $crate::wire::convert::IntoWire::into_wire($field) ),*
                    }), )*
                    $( $( $ipat => $iexpr, )* )?
                }
            }
        }
    };
}

pub(crate) use wire_calls;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fixed_point_round_trips_within_one_part() {
        for parts in [
            0u64,
            1,
            3_000,
            999_999_999,
            1_000_000_000,
            1_260_000_000,
            u64::MAX,
        ] {
            let i: FixedI128 = Perbill64::from_parts(parts).into_wire();
            let back = Perbill64::from_wire(i).unwrap().0;
            assert!(parts - back <= 1, "{parts} -> {back}");
            let u: FixedU128 = Perbill64::from_parts(parts).into_wire();
            let back = Perbill64::from_wire(u).unwrap().0;
            assert!(parts - back <= 1, "{parts} -> {back}");
        }
    }

    #[test]
    fn fixed_point_known_values() {
        // 1.0 in I96F32 and U64F64.
        let one_i = FixedI128 { bits: 1 << 32 };
        assert_eq!(Perbill64::from_wire(one_i).unwrap(), Perbill64::ONE);
        let three_u = FixedU128 { bits: 3 << 64 };
        assert_eq!(Perbill64::from_wire(three_u).unwrap().0, 3_000_000_000);
        assert_eq!(
            Perbill64::from_wire(FixedI128 { bits: -1 }),
            Err(ConvertError::FixedPointOutOfRange)
        );
        assert_eq!(
            Perbill64::from_wire(FixedU128 { bits: u128::MAX }),
            Err(ConvertError::FixedPointOutOfRange)
        );
        assert_eq!(
            Perbill64::from_wire(FixedI128 { bits: i128::MAX }),
            Err(ConvertError::FixedPointOutOfRange)
        );
    }

    #[test]
    fn only_id_addresses_convert() {
        let id: Address = MultiAddress::Id(AccountId32([7; 32]));
        assert_eq!(AccountId::from_wire(id).unwrap(), AccountId([7; 32]));
        let raw: Address = MultiAddress::Raw(vec![1, 2]);
        assert_eq!(
            AccountId::from_wire(raw),
            Err(ConvertError::UnsupportedAddress)
        );
    }
}
