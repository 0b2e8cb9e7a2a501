//! `frame_support` mirrors: dispatch class and fee payment flag.

/// `frame_support::dispatch`.
pub mod dispatch {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `frame_support::dispatch::DispatchClass`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum DispatchClass {
        /// Ordinary extrinsics.
        #[default]
        Normal,
        /// Operational extrinsics.
        Operational,
        /// Inherents.
        Mandatory,
    }

    /// `frame_support::dispatch::Pays`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Pays {
        /// The transaction pays a fee.
        #[default]
        Yes,
        /// The transaction is free.
        No,
    }
}

/// `frame_support::traits::tokens::misc`.
pub mod traits {
    /// `frame_support::traits::tokens`.
    pub mod tokens {
        /// `frame_support::traits::tokens::misc`.
        pub mod misc {
            use parity_scale_codec::{Decode, Encode};
            use scale_info::TypeInfo;

            /// `BalanceStatus` (declared only by an event we never emit).
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
            pub enum BalanceStatus {
                /// Free balance.
                Free,
                /// Reserved balance.
                Reserved,
            }
        }
    }
}
