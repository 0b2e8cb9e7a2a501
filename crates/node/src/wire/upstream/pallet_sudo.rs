//! `pallet_sudo` mirrors (pallet index 12).

/// `pallet_sudo::pallet`.
#[allow(missing_docs)]
pub mod pallet {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    use crate::wire::convert::wire_calls;
    use crate::wire::upstream::node_subtensor_runtime::RuntimeCall as WireRuntimeCall;
    use crate::wire::upstream::sp_core::crypto::AccountId32;
    use crate::wire::upstream::sp_runtime::{Address, DispatchError};
    use dtao_runtime::{RuntimeCall, SudoCall};

    wire_calls! {
        /// `pallet_sudo::pallet::Call`: `sudo` and `set_key`.
        pub enum Call: WireRuntimeCall::Sudo <=> RuntimeCall::Sudo(SudoCall) {
            0 => sudo / Sudo { call: Box<WireRuntimeCall> },
            2 => set_key / SetKey { new: Address },
        }
    }

    /// `pallet_sudo::pallet::Event` (all variants of runtime 331).
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Event {
        Sudid {
            sudo_result: Result<(), DispatchError>,
        },
        KeyChanged {
            old: Option<AccountId32>,
            new: AccountId32,
        },
        KeyRemoved,
        SudoAsDone {
            sudo_result: Result<(), DispatchError>,
        },
    }

    /// `pallet_sudo::pallet::Error`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Error {
        RequireSudo,
    }
}
