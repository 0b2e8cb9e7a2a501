//! `pallet_balances` mirrors (pallet index 5).

/// `pallet_balances::pallet`.
#[allow(missing_docs)]
pub mod pallet {
    use parity_scale_codec::{Compact, Decode, Encode};
    use scale_info::TypeInfo;

    use crate::wire::convert::wire_calls;
    use crate::wire::upstream::frame_support::traits::tokens::misc::BalanceStatus;
    use crate::wire::upstream::node_subtensor_runtime::RuntimeCall as WireRuntimeCall;
    use crate::wire::upstream::sp_core::crypto::AccountId32;
    use crate::wire::upstream::sp_runtime::Address;
    use dtao_runtime::{BalancesCall, RuntimeCall};

    wire_calls! {
        /// `pallet_balances::pallet::Call`: the transfers the runtime implements.
        pub enum Call: WireRuntimeCall::Balances <=> RuntimeCall::Balances(BalancesCall) {
            0 => transfer_allow_death / TransferAllowDeath { dest: Address, value: Compact<u64> },
            3 => transfer_keep_alive / TransferKeepAlive { dest: Address, value: Compact<u64> },
            4 => transfer_all / TransferAll { dest: Address, keep_alive: bool },
        }
    }

    /// `pallet_balances::pallet::Event` (all variants of runtime 331).
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Event {
        Endowed {
            account: AccountId32,
            free_balance: u64,
        },
        DustLost {
            account: AccountId32,
            amount: u64,
        },
        Transfer {
            from: AccountId32,
            to: AccountId32,
            amount: u64,
        },
        BalanceSet {
            who: AccountId32,
            free: u64,
        },
        Reserved {
            who: AccountId32,
            amount: u64,
        },
        Unreserved {
            who: AccountId32,
            amount: u64,
        },
        ReserveRepatriated {
            from: AccountId32,
            to: AccountId32,
            amount: u64,
            destination_status: BalanceStatus,
        },
        Deposit {
            who: AccountId32,
            amount: u64,
        },
        Withdraw {
            who: AccountId32,
            amount: u64,
        },
        Slashed {
            who: AccountId32,
            amount: u64,
        },
        Minted {
            who: AccountId32,
            amount: u64,
        },
        Burned {
            who: AccountId32,
            amount: u64,
        },
        Suspended {
            who: AccountId32,
            amount: u64,
        },
        Restored {
            who: AccountId32,
            amount: u64,
        },
        Upgraded {
            who: AccountId32,
        },
        Issued {
            amount: u64,
        },
        Rescinded {
            amount: u64,
        },
        Locked {
            who: AccountId32,
            amount: u64,
        },
        Unlocked {
            who: AccountId32,
            amount: u64,
        },
        Frozen {
            who: AccountId32,
            amount: u64,
        },
        Thawed {
            who: AccountId32,
            amount: u64,
        },
        TotalIssuanceForced {
            old: u64,
            new: u64,
        },
    }

    /// `pallet_balances::pallet::Error` (all variants of runtime 331).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Error {
        VestingBalance,
        LiquidityRestrictions,
        InsufficientBalance,
        ExistentialDeposit,
        Expendability,
        ExistingVestingSchedule,
        DeadAccount,
        TooManyReserves,
        TooManyHolds,
        TooManyFreezes,
        IssuanceDeactivated,
        DeltaZero,
    }
}
