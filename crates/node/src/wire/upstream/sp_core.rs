//! `sp_core` mirrors: the 32-byte account id.

/// `sp_core::crypto`.
pub mod crypto {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `sp_core::crypto::AccountId32`: an sr25519 public key. Clients render it as SS58.
    #[derive(
        Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode, TypeInfo,
    )]
    pub struct AccountId32(pub [u8; 32]);

    impl From<dtao_primitives::AccountId> for AccountId32 {
        fn from(account: dtao_primitives::AccountId) -> Self {
            AccountId32(account.0)
        }
    }

    impl From<AccountId32> for dtao_primitives::AccountId {
        fn from(account: AccountId32) -> Self {
            dtao_primitives::AccountId(account.0)
        }
    }
}
