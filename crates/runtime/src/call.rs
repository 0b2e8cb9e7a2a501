//! Calls (extrinsics) the runtime accepts, grouped by pallet. Pallet, call and argument names
//! follow the subtensor runtime (fixtures/subtensor-runtime-331/calls.txt) so the node can decode
//! the same bytes the clients send.

use crate::admin::AdminCall;
use crate::state::SubnetIdentity;
use dtao_primitives::{AccountId, NetUid};

/// Any call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeCall {
    /// Balances pallet.
    Balances(BalancesCall),
    /// SubtensorModule pallet.
    Subtensor(SubtensorCall),
    /// AdminUtils pallet (hyperparameter setters).
    AdminUtils(AdminCall),
    /// Sudo pallet.
    Sudo(SudoCall),
}

/// Balances calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BalancesCall {
    /// Transfer, reaping the sender if left below the existential deposit.
    TransferAllowDeath {
        /// Receiver.
        dest: AccountId,
        /// Rao.
        value: u64,
    },
    /// Transfer that keeps the sender alive.
    TransferKeepAlive {
        /// Receiver.
        dest: AccountId,
        /// Rao.
        value: u64,
    },
    /// Transfer everything (less the existential deposit with `keep_alive`).
    TransferAll {
        /// Receiver.
        dest: AccountId,
        /// Keep the sender alive.
        keep_alive: bool,
    },
}

/// Sudo calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SudoCall {
    /// Dispatch `call` with root origin.
    Sudo {
        /// The call.
        call: Box<RuntimeCall>,
    },
    /// Hand the sudo key to another account.
    SetKey {
        /// New sudo key.
        new: AccountId,
    },
}

/// SubtensorModule calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubtensorCall {
    /// Store weights (refused under commit-reveal).
    SetWeights {
        /// Subnet.
        netuid: NetUid,
        /// Target uids.
        dests: Vec<u16>,
        /// Weight values.
        weights: Vec<u16>,
        /// Weights version key.
        version_key: u64,
    },
    /// Commit a hash of weights.
    CommitWeights {
        /// Subnet.
        netuid: NetUid,
        /// BlakeTwo256 of the reveal payload.
        commit_hash: [u8; 32],
    },
    /// Reveal committed weights.
    RevealWeights {
        /// Subnet.
        netuid: NetUid,
        /// Target uids.
        uids: Vec<u16>,
        /// Weight values.
        values: Vec<u16>,
        /// Salt.
        salt: Vec<u16>,
        /// Weights version key.
        version_key: u64,
    },
    /// Commit on several subnets at once.
    BatchCommitWeights {
        /// Subnets.
        netuids: Vec<NetUid>,
        /// One hash per subnet.
        commit_hashes: Vec<[u8; 32]>,
    },
    /// Reveal several commits on one subnet at once.
    BatchRevealWeights {
        /// Subnet.
        netuid: NetUid,
        /// Uids per reveal.
        uids_list: Vec<Vec<u16>>,
        /// Values per reveal.
        values_list: Vec<Vec<u16>>,
        /// Salts per reveal.
        salts_list: Vec<Vec<u16>>,
        /// Version keys per reveal.
        version_keys: Vec<u64>,
    },
    /// Stake TAO into a subnet through its pool.
    AddStake {
        /// Hotkey to stake to.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// TAO rao.
        amount_staked: u64,
    },
    /// Unstake alpha from a subnet to TAO.
    RemoveStake {
        /// Hotkey staked to.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Alpha rao.
        amount_unstaked: u64,
    },
    /// add_stake bounded by an average price limit.
    AddStakeLimit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// TAO rao.
        amount_staked: u64,
        /// Rao per alpha.
        limit_price: u64,
        /// Execute what fits instead of failing.
        allow_partial: bool,
    },
    /// remove_stake bounded by an average price limit.
    RemoveStakeLimit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Alpha rao.
        amount_unstaked: u64,
        /// Rao per alpha.
        limit_price: u64,
        /// Execute what fits instead of failing.
        allow_partial: bool,
    },
    /// Unstake a whole position, optionally bounded by a price limit.
    RemoveStakeFullLimit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Rao per alpha.
        limit_price: Option<u64>,
    },
    /// Move stake to another hotkey and/or subnet (same coldkey).
    MoveStake {
        /// From hotkey.
        origin_hotkey: AccountId,
        /// To hotkey.
        destination_hotkey: AccountId,
        /// From subnet.
        origin_netuid: NetUid,
        /// To subnet.
        destination_netuid: NetUid,
        /// Alpha rao of the origin position.
        alpha_amount: u64,
    },
    /// Give stake to another coldkey (optionally moving subnet).
    TransferStake {
        /// Receiving coldkey.
        destination_coldkey: AccountId,
        /// Hotkey.
        hotkey: AccountId,
        /// From subnet.
        origin_netuid: NetUid,
        /// To subnet.
        destination_netuid: NetUid,
        /// Alpha rao.
        alpha_amount: u64,
    },
    /// Move stake between subnets on the same hotkey.
    SwapStake {
        /// Hotkey.
        hotkey: AccountId,
        /// From subnet.
        origin_netuid: NetUid,
        /// To subnet.
        destination_netuid: NetUid,
        /// Alpha rao.
        alpha_amount: u64,
    },
    /// swap_stake bounded by a price limit.
    SwapStakeLimit {
        /// Hotkey.
        hotkey: AccountId,
        /// From subnet.
        origin_netuid: NetUid,
        /// To subnet.
        destination_netuid: NetUid,
        /// Alpha rao.
        alpha_amount: u64,
        /// Price of origin in destination units × 10^9.
        limit_price: u64,
        /// Execute what fits instead of failing.
        allow_partial: bool,
    },
    /// Unstake everything staked to a hotkey on every subnet, to TAO.
    UnstakeAll {
        /// Hotkey.
        hotkey: AccountId,
    },
    /// Unstake all alpha to TAO and stake it on root.
    UnstakeAllAlpha {
        /// Hotkey.
        hotkey: AccountId,
    },
    /// Raise a hotkey's delegate take.
    IncreaseTake {
        /// Hotkey.
        hotkey: AccountId,
        /// New take (u16 proportion).
        take: u16,
    },
    /// Lower a hotkey's delegate take.
    DecreaseTake {
        /// Hotkey.
        hotkey: AccountId,
        /// New take (u16 proportion).
        take: u16,
    },
    /// Register a neuron by paying the burn.
    BurnedRegister {
        /// Subnet.
        netuid: NetUid,
        /// Hotkey to register.
        hotkey: AccountId,
    },
    /// PoW registration: handled as a burned registration (PoW arguments ignored, as at HEAD).
    Register {
        /// Subnet.
        netuid: NetUid,
        /// Ignored.
        block_number: u64,
        /// Ignored.
        nonce: u64,
        /// Ignored.
        work: Vec<u8>,
        /// Hotkey.
        hotkey: AccountId,
        /// Ignored, as on chain: the signer pays and owns the hotkey.
        coldkey: AccountId,
    },
    /// Burned registration that refuses to pay more than `limit_price` rao (btcli's default
    /// "safe" registration).
    RegisterLimit {
        /// Subnet.
        netuid: NetUid,
        /// Hotkey to register.
        hotkey: AccountId,
        /// Highest burn the caller accepts, in rao.
        limit_price: u64,
    },
    /// Take a root uid.
    RootRegister {
        /// Hotkey.
        hotkey: AccountId,
    },
    /// Announce an axon.
    ServeAxon {
        /// Subnet.
        netuid: NetUid,
        /// Version.
        version: u32,
        /// Address.
        ip: u128,
        /// Port.
        port: u16,
        /// 4 or 6.
        ip_type: u8,
        /// Protocol.
        protocol: u8,
        /// Reserved.
        placeholder1: u8,
        /// Reserved.
        placeholder2: u8,
    },
    /// Announce a prometheus endpoint.
    ServePrometheus {
        /// Subnet.
        netuid: NetUid,
        /// Version.
        version: u32,
        /// Address.
        ip: u128,
        /// Port.
        port: u16,
        /// 4 or 6.
        ip_type: u8,
    },
    /// Create a subnet, locking TAO.
    RegisterNetwork {
        /// Owner hotkey.
        hotkey: AccountId,
    },
    /// Create a subnet with an identity.
    RegisterNetworkWithIdentity {
        /// Owner hotkey.
        hotkey: AccountId,
        /// Identity.
        identity: Option<SubnetIdentity>,
    },
    /// Start emission and staking on a subnet (owner, once).
    StartCall {
        /// Subnet.
        netuid: NetUid,
    },
    /// Set a subnet's identity (owner).
    SetSubnetIdentity {
        /// Subnet.
        netuid: NetUid,
        /// Identity.
        identity: SubnetIdentity,
    },
    /// Remove a subnet (root origin), liquidating its pool.
    DissolveNetwork {
        /// Owner coldkey.
        coldkey: AccountId,
        /// Subnet.
        netuid: NetUid,
    },
    /// Claim a hotkey for the signing coldkey.
    TryAssociateHotkey {
        /// Hotkey.
        hotkey: AccountId,
    },
}

impl RuntimeCall {
    /// Whether the call is free (`Pays::No` on chain): weights and serving.
    pub fn is_free(&self) -> bool {
        matches!(
            self,
            RuntimeCall::Subtensor(
                SubtensorCall::SetWeights { .. }
                    | SubtensorCall::CommitWeights { .. }
                    | SubtensorCall::RevealWeights { .. }
                    | SubtensorCall::BatchCommitWeights { .. }
                    | SubtensorCall::BatchRevealWeights { .. }
                    | SubtensorCall::ServeAxon { .. }
                    | SubtensorCall::ServePrometheus { .. }
            )
        )
    }
}
