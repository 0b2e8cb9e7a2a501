//! `sp_runtime` mirrors: addresses, signatures, the extrinsic marker and dispatch errors.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

pub use crate::wire::era::Era;

/// `sp_runtime::multiaddress`.
pub mod multiaddress {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `sp_runtime::multiaddress::MultiAddress<AccountId, AccountIndex>`. Only `Id` names an
    /// account on this chain (as with upstream's `AccountIdLookup`).
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum MultiAddress<AccountId, AccountIndex: parity_scale_codec::HasCompact> {
        /// An account id.
        Id(AccountId),
        /// An account index (unused: `AccountIndex = ()`).
        Index(#[codec(compact)] AccountIndex),
        /// Raw bytes.
        Raw(Vec<u8>),
        /// A 32-byte address.
        Address32([u8; 32]),
        /// A 20-byte address.
        Address20([u8; 20]),
    }
}

/// The address type of this chain's extrinsics and calls.
pub type Address = multiaddress::MultiAddress<super::sp_core::crypto::AccountId32, ()>;

/// `sp_runtime::MultiSignature`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum MultiSignature {
    /// An ed25519 signature.
    Ed25519([u8; 64]),
    /// An sr25519 signature (what the clients send).
    Sr25519([u8; 64]),
    /// An ECDSA signature.
    Ecdsa([u8; 65]),
}

/// `sp_runtime::generic`.
pub mod generic {
    /// `sp_runtime::generic::era` (see [`crate::wire::era`]).
    pub mod era {
        pub use crate::wire::era::Era;
    }

    /// `sp_runtime::generic::unchecked_extrinsic`.
    pub mod unchecked_extrinsic {
        use crate::wire::upstream::node_subtensor_runtime::{RuntimeCall, SignedExtra};
        use crate::wire::upstream::sp_runtime::{Address, MultiSignature};
        use scale_info::{meta_type, Path, Type, TypeInfo, TypeParameter};

        /// Marker for `sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic` with type
        /// parameters `Address`, `Call`, `Signature` and `Extra`: cyscale finds the address and
        /// signature types through it (sdk-compat §3.3). Its shape is opaque bytes, as upstream.
        #[derive(Clone, Copy, Debug)]
        pub struct UncheckedExtrinsic;

        impl TypeInfo for UncheckedExtrinsic {
            type Identity = Self;

            fn type_info() -> Type {
                Type::builder()
                    .path(Path::new(
                        "UncheckedExtrinsic",
                        "sp_runtime::generic::unchecked_extrinsic",
                    ))
                    .type_params(vec![
                        TypeParameter::new("Address", Some(meta_type::<Address>())),
                        TypeParameter::new("Call", Some(meta_type::<RuntimeCall>())),
                        TypeParameter::new("Signature", Some(meta_type::<MultiSignature>())),
                        TypeParameter::new("Extra", Some(meta_type::<SignedExtra>())),
                    ])
                    .composite(scale_info::build::Fields::unnamed().field(|f| f.ty::<Vec<u8>>()))
            }
        }
    }
}

/// `sp_runtime::ModuleError`: `error[0]` is the variant index in the pallet's error enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ModuleError {
    /// Pallet index.
    pub index: u8,
    /// Error variant index in byte 0, then zeros.
    pub error: [u8; 4],
}

/// `sp_runtime::TokenError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[allow(missing_docs)]
pub enum TokenError {
    FundsUnavailable,
    OnlyProvider,
    BelowMinimum,
    CannotCreate,
    UnknownAsset,
    Frozen,
    Unsupported,
    CannotCreateHold,
    NotExpendable,
    Blocked,
}

/// `sp_runtime::TransactionalError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[allow(missing_docs)]
pub enum TransactionalError {
    LimitReached,
    NoLayer,
}

/// `sp_runtime::proving_trie`.
pub mod proving_trie {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `sp_runtime::proving_trie::TrieError`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    #[allow(missing_docs)]
    pub enum TrieError {
        InvalidStateRoot,
        IncompleteDatabase,
        ValueAtIncompleteKey,
        DecoderError,
        InvalidHash,
        DuplicateKey,
        ExtraneousNode,
        ExtraneousValue,
        ExtraneousHashReference,
        InvalidChildReference,
        ValueMismatch,
        IncompleteProof,
        RootMismatch,
        DecodeError,
    }
}

/// `sp_runtime::DispatchError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[allow(missing_docs)]
pub enum DispatchError {
    Other,
    CannotLookup,
    BadOrigin,
    Module(ModuleError),
    ConsumerRemaining,
    NoProviders,
    TooManyConsumers,
    Token(TokenError),
    Arithmetic(super::sp_arithmetic::ArithmeticError),
    Transactional(TransactionalError),
    Exhausted,
    Corruption,
    Unavailable,
    RootNotAllowed,
    Trie(proving_trie::TrieError),
}
