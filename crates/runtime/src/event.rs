//! Events deposited by calls and block hooks. Names and fields follow subtensor's pallets so the
//! node can encode them as the clients expect.

use dtao_primitives::{AccountId, NetUid};

/// Something that happened in a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    // ---- Balances ----
    /// TAO moved between accounts.
    Transfer {
        /// Sender.
        from: AccountId,
        /// Receiver.
        to: AccountId,
        /// Rao moved.
        amount: u64,
    },
    /// An account was created by a deposit.
    Endowed {
        /// The account.
        account: AccountId,
        /// Its first balance.
        free_balance: u64,
    },
    /// An account was reaped and its dust below the existential deposit was lost.
    DustLost {
        /// The account.
        account: AccountId,
        /// Rao lost.
        amount: u64,
    },
    // ---- TransactionPayment ----
    /// A transaction fee was paid (and, in R1 economics, recycled).
    TransactionFeePaid {
        /// Payer.
        who: AccountId,
        /// Fee in rao.
        actual_fee: u64,
        /// Tip in rao.
        tip: u64,
    },
    // ---- Sudo ----
    /// A sudo call was dispatched; `Err` carries the inner error.
    Sudid {
        /// Outcome of the inner call.
        sudo_result: Result<(), crate::error::Error>,
    },
    // ---- SubtensorModule ----
    /// A subnet was created.
    NetworkAdded(NetUid, u16),
    /// A subnet was removed.
    NetworkRemoved(NetUid),
    /// A hotkey took a uid.
    NeuronRegistered(NetUid, u16, AccountId),
    /// TAO staked: (coldkey, hotkey, tao, alpha, netuid, fee).
    StakeAdded(AccountId, AccountId, u64, u64, NetUid, u64),
    /// Stake removed: (coldkey, hotkey, tao, alpha, netuid, fee).
    StakeRemoved(AccountId, AccountId, u64, u64, NetUid, u64),
    /// Stake moved: (coldkey, origin hotkey, origin netuid, destination hotkey, destination netuid, tao).
    StakeMoved(AccountId, AccountId, NetUid, AccountId, NetUid, u64),
    /// Stake given to another coldkey: (origin coldkey, destination coldkey, hotkey, origin netuid, destination netuid, tao).
    StakeTransferred(AccountId, AccountId, AccountId, NetUid, NetUid, u64),
    /// Stake swapped between subnets: (coldkey, hotkey, origin netuid, destination netuid, tao).
    StakeSwapped(AccountId, AccountId, NetUid, NetUid, u64),
    /// Weights stored: (netuid, uid).
    WeightsSet(NetUid, u16),
    /// Weights committed: (hotkey, netuid, hash).
    WeightsCommitted(AccountId, NetUid, [u8; 32]),
    /// Weights revealed: (hotkey, netuid, hash).
    WeightsRevealed(AccountId, NetUid, [u8; 32]),
    /// Several commits revealed at once: (hotkey, netuid, hashes in call order).
    WeightsBatchRevealed(AccountId, NetUid, Vec<[u8; 32]>),
    /// Axon served: (netuid, hotkey).
    AxonServed(NetUid, AccountId),
    /// Prometheus served: (netuid, hotkey).
    PrometheusServed(NetUid, AccountId),
    /// Take increased: (coldkey, hotkey, take).
    TakeIncreased(AccountId, AccountId, u16),
    /// Take decreased: (coldkey, hotkey, take).
    TakeDecreased(AccountId, AccountId, u16),
    /// start_call: (netuid, first emission block).
    FirstEmissionBlockNumberSet(NetUid, u64),
    /// Subnet identity set.
    SubnetIdentitySet(NetUid),
    /// A hyperparameter changed: subtensor's event name (e.g. `KappaSet`), netuid (None for
    /// network-wide ones) and the new value.
    HyperparameterSet {
        /// Subtensor's event name.
        name: &'static str,
        /// Subnet, if per-subnet.
        netuid: Option<NetUid>,
        /// New value (booleans as 0/1, pairs packed high/low).
        value: i128,
    },
    /// The subnet owner hotkey was changed: (netuid, hotkey).
    SubnetOwnerHotkeySet(NetUid, AccountId),
    /// An epoch ran on a subnet: (netuid, alpha distributed).
    EpochRun(NetUid, u64),
    /// An epoch was deferred to the next block (too many in this block).
    EpochDeferred(NetUid),
    /// Alpha staked to a miner or validator as emission: (hotkey, netuid, alpha).
    EmissionPaid(AccountId, NetUid, u64),
    /// Incentive earned by the owner's hotkeys was burned or recycled: (netuid, alpha).
    OwnerIncentiveWithheld(NetUid, u64),
    /// A subnet's pool was liquidated to its stakers: (netuid, TAO distributed).
    SubnetLiquidated(NetUid, u64),
}
