//! `node_subtensor_runtime` mirrors: the outer call, event and error enums (variants are pallets
//! with their indices), the runtime marker and the nonce extension.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use super::{
    frame_metadata_hash_extension, frame_system, pallet_admin_utils, pallet_balances, pallet_drand,
    pallet_subtensor, pallet_sudo, pallet_transaction_payment,
};
use crate::wire::convert::{ConvertError, FromWire, IntoWire};

/// `node_subtensor_runtime::RuntimeCall`: the pallets with calls the runtime implements.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RuntimeCall {
    /// Pallet 5.
    #[codec(index = 5)]
    Balances(pallet_balances::pallet::Call),
    /// Pallet 7.
    #[codec(index = 7)]
    SubtensorModule(pallet_subtensor::pallet::Call),
    /// Pallet 12.
    #[codec(index = 12)]
    Sudo(pallet_sudo::pallet::Call),
    /// Pallet 19.
    #[codec(index = 19)]
    AdminUtils(pallet_admin_utils::pallet::Call),
}

/// `node_subtensor_runtime::RuntimeEvent`: the pallets whose events we declare.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RuntimeEvent {
    /// Pallet 0.
    #[codec(index = 0)]
    System(frame_system::pallet::Event),
    /// Pallet 5.
    #[codec(index = 5)]
    Balances(pallet_balances::pallet::Event),
    /// Pallet 6.
    #[codec(index = 6)]
    TransactionPayment(pallet_transaction_payment::pallet::Event),
    /// Pallet 7.
    #[codec(index = 7)]
    SubtensorModule(pallet_subtensor::pallet::Event),
    /// Pallet 12.
    #[codec(index = 12)]
    Sudo(pallet_sudo::pallet::Event),
    /// Pallet 19.
    #[codec(index = 19)]
    AdminUtils(pallet_admin_utils::pallet::Event),
}

/// `node_subtensor_runtime::RuntimeError`: the pallets whose errors we declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RuntimeError {
    /// Pallet 0.
    #[codec(index = 0)]
    System(frame_system::pallet::Error),
    /// Pallet 5.
    #[codec(index = 5)]
    Balances(pallet_balances::pallet::Error),
    /// Pallet 7.
    #[codec(index = 7)]
    SubtensorModule(pallet_subtensor::pallet::Error),
    /// Pallet 12.
    #[codec(index = 12)]
    Sudo(pallet_sudo::pallet::Error),
    /// Pallet 19.
    #[codec(index = 19)]
    AdminUtils(pallet_admin_utils::pallet::Error),
}

/// `node_subtensor_runtime::Runtime`: the metadata's runtime type marker.
#[derive(Clone, Copy, Debug, TypeInfo)]
pub struct Runtime;

/// `node_subtensor_runtime::check_nonce`.
pub mod check_nonce {
    use parity_scale_codec::Compact;

    /// `CheckNonce(Compact<u32>)`: the nonce in the extrinsic.
    #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
    pub struct CheckNonce(pub Compact<u32>);
}

/// The signed-extension tuple (`extra_ty`), in the order of [`crate::wire::metadata::SIGNED_EXTENSIONS`].
pub type SignedExtra = (
    frame_system::extensions::check_non_zero_sender::CheckNonZeroSender,
    frame_system::extensions::check_spec_version::CheckSpecVersion,
    frame_system::extensions::check_tx_version::CheckTxVersion,
    frame_system::extensions::check_genesis::CheckGenesis,
    frame_system::extensions::check_mortality::CheckMortality,
    check_nonce::CheckNonce,
    frame_system::extensions::check_weight::CheckWeight,
    pallet_transaction_payment::ChargeTransactionPayment,
    pallet_subtensor::transaction_extension::SubtensorTransactionExtension,
    pallet_drand::drand_priority::DrandPriority,
    frame_metadata_hash_extension::CheckMetadataHash,
);

impl FromWire<RuntimeCall> for dtao_runtime::RuntimeCall {
    fn from_wire(wire: RuntimeCall) -> Result<Self, ConvertError> {
        match wire {
            RuntimeCall::Balances(call) => FromWire::from_wire(call),
            RuntimeCall::SubtensorModule(call) => FromWire::from_wire(call),
            RuntimeCall::Sudo(call) => FromWire::from_wire(call),
            RuntimeCall::AdminUtils(call) => FromWire::from_wire(call),
        }
    }
}

impl IntoWire<RuntimeCall> for dtao_runtime::RuntimeCall {
    fn into_wire(self) -> RuntimeCall {
        match self {
            dtao_runtime::RuntimeCall::Balances(call) => call.into_wire(),
            dtao_runtime::RuntimeCall::Subtensor(call) => call.into_wire(),
            dtao_runtime::RuntimeCall::Sudo(call) => call.into_wire(),
            dtao_runtime::RuntimeCall::AdminUtils(call) => call.into_wire(),
        }
    }
}

/// Pallet indices of runtime 331 (`construct_runtime!` order).
pub mod pallet_index {
    /// `System`.
    pub const SYSTEM: u8 = 0;
    /// `Timestamp` (storage only here).
    pub const TIMESTAMP: u8 = 2;
    /// `Aura` (constants and storage only here).
    pub const AURA: u8 = 3;
    /// `Balances`.
    pub const BALANCES: u8 = 5;
    /// `TransactionPayment`.
    pub const TRANSACTION_PAYMENT: u8 = 6;
    /// `SubtensorModule`.
    pub const SUBTENSOR_MODULE: u8 = 7;
    /// `Sudo`.
    pub const SUDO: u8 = 12;
    /// `AdminUtils`.
    pub const ADMIN_UTILS: u8 = 19;
}
