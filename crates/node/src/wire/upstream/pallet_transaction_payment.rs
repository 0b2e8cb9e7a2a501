//! `pallet_transaction_payment` mirrors: the tip extension and the fee event.

use parity_scale_codec::Compact;

/// `pallet_transaction_payment::ChargeTransactionPayment(Compact<u64>)`: the tip.
#[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
pub struct ChargeTransactionPayment(pub Compact<u64>);

/// `pallet_transaction_payment::pallet`.
#[allow(missing_docs)]
pub mod pallet {
    use crate::wire::upstream::sp_core::crypto::AccountId32;
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `pallet_transaction_payment::pallet::Event`.
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Event {
        TransactionFeePaid {
            who: AccountId32,
            actual_fee: u64,
            tip: u64,
        },
    }
}
