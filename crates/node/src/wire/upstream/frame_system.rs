//! `frame_system` mirrors: event records, phases, dispatch info, the System pallet's events and
//! errors, and the system signed extensions.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use super::frame_support::dispatch::{DispatchClass, Pays};
use super::sp_weights::weight_v2::Weight;

/// `frame_system::Phase`: where in the block an event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Phase {
    /// During the extrinsic at this index.
    ApplyExtrinsic(u32),
    /// After the last extrinsic.
    Finalization,
    /// Before the first extrinsic (block hooks).
    Initialization,
}

/// `frame_system::EventRecord<E, T>`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct EventRecord<E, T> {
    /// Where it happened.
    pub phase: Phase,
    /// The event.
    pub event: E,
    /// Topics (always empty here).
    pub topics: Vec<T>,
}

/// `frame_system::DispatchEventInfo`: the dispatch info carried by `ExtrinsicSuccess/Failed`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct DispatchEventInfo {
    /// Weight of the call.
    pub weight: Weight,
    /// Dispatch class.
    pub class: DispatchClass,
    /// Whether it paid a fee.
    pub pays_fee: Pays,
}

/// `frame_system::pallet`.
#[allow(missing_docs, non_camel_case_types)]
pub mod pallet {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    use super::DispatchEventInfo;
    use crate::wire::upstream::primitive_types::H256;
    use crate::wire::upstream::sp_core::crypto::AccountId32;
    use crate::wire::upstream::sp_runtime::DispatchError;

    /// `frame_system::pallet::Event` (all variants of runtime 331).
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Event {
        ExtrinsicSuccess {
            dispatch_info: DispatchEventInfo,
        },
        ExtrinsicFailed {
            dispatch_error: DispatchError,
            dispatch_info: DispatchEventInfo,
        },
        CodeUpdated,
        NewAccount {
            account: AccountId32,
        },
        KilledAccount {
            account: AccountId32,
        },
        Remarked {
            sender: AccountId32,
            hash: H256,
        },
        UpgradeAuthorized {
            code_hash: H256,
            check_version: bool,
        },
        RejectedInvalidAuthorizedUpgrade {
            code_hash: H256,
            error: DispatchError,
        },
    }

    /// `frame_system::pallet::Error` (all variants of runtime 331).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Error {
        InvalidSpecName,
        SpecVersionNeedsToIncrease,
        FailedToExtractRuntimeVersion,
        NonDefaultComposite,
        NonZeroRefCount,
        CallFiltered,
        MultiBlockMigrationsOngoing,
        NothingAuthorized,
        Unauthorized,
    }
}

/// `frame_system::extensions`: signed extensions (zero-sized unless noted).
#[allow(missing_docs)]
pub mod extensions {
    /// `frame_system::extensions::check_non_zero_sender`.
    pub mod check_non_zero_sender {
        /// `CheckNonZeroSender`.
        #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
        pub struct CheckNonZeroSender;
    }
    /// `frame_system::extensions::check_spec_version`.
    pub mod check_spec_version {
        /// `CheckSpecVersion`.
        #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
        pub struct CheckSpecVersion;
    }
    /// `frame_system::extensions::check_tx_version`.
    pub mod check_tx_version {
        /// `CheckTxVersion`.
        #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
        pub struct CheckTxVersion;
    }
    /// `frame_system::extensions::check_genesis`.
    pub mod check_genesis {
        /// `CheckGenesis`.
        #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
        pub struct CheckGenesis;
    }
    /// `frame_system::extensions::check_mortality`.
    pub mod check_mortality {
        /// `CheckMortality(Era)`.
        #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
        pub struct CheckMortality(pub crate::wire::era::Era);
    }
    /// `frame_system::extensions::check_weight`.
    pub mod check_weight {
        /// `CheckWeight`.
        #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
        pub struct CheckWeight;
    }
}
