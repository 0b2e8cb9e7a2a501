//! The chain: block production over the runtime, the block index, recent states for reads at
//! a block hash, and the typed event records of each block.
//!
//! Sealing a block: run the runtime's block hooks (phase `Initialization`), then apply the
//! pool's ready transactions in order (phase `ApplyExtrinsic(i)`), each followed by
//! `ExtrinsicSuccess` or `ExtrinsicFailed` as on Substrate; a transaction refused at dispatch
//! time (fee no longer payable, nonce taken meanwhile) is dropped from the block and reported.
//! The header commits to the parent, the extrinsics and a state commitment (see
//! [`state_commitment`]). Finality is instant: the new head is also finalized.
//!
//! Invariants: block numbers are dense from 0; each header's parent hash is the previous
//! block's hash; states are kept for the last `recent_states` blocks (older reads are refused
//! with Substrate's "State already discarded" message).

use crate::hashing::blake2_256;
use crate::pool::{PoolError, PoolLimits, PoolTransaction, TxPool};
use crate::types::{extrinsics_root, Block, Hash, Header};
use dtao_primitives::AccountId;
use dtao_runtime::{Error, Event, Runtime, State};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// When an event happened in a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// While applying the extrinsic at this index.
    ApplyExtrinsic(u32),
    /// In the block's finalization.
    Finalization,
    /// In the block's initialization (hooks).
    Initialization,
}

/// What happened, as the node records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A runtime event.
    Runtime(Event),
    /// `System.ExtrinsicSuccess`.
    ExtrinsicSuccess {
        /// Whether the extrinsic paid a fee.
        pays_fee: bool,
    },
    /// `System.ExtrinsicFailed` with the module error.
    ExtrinsicFailed {
        /// The error.
        error: Error,
        /// Whether the extrinsic paid a fee.
        pays_fee: bool,
    },
}

/// One event record of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    /// When.
    pub phase: Phase,
    /// What.
    pub kind: EventKind,
}

/// Node parameters for block production.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainConfig {
    /// Most extrinsics in one block.
    pub max_block_extrinsics: usize,
    /// Blocks whose state is kept for reads.
    pub recent_states: usize,
    /// Pool limits.
    pub pool: PoolLimits,
}

impl Default for ChainConfig {
    fn default() -> Self {
        ChainConfig {
            max_block_extrinsics: 4_096,
            recent_states: 256,
            pool: PoolLimits::default(),
        }
    }
}

/// A sealed block with what the node needs to serve it.
#[derive(Clone, Debug)]
pub struct SealedBlock {
    /// The block.
    pub block: Block,
    /// Its hash.
    pub hash: Hash,
    /// Its events.
    pub events: Arc<Vec<EventRecord>>,
    /// The state after it.
    pub state: Arc<State>,
    /// Hashes of the extrinsics included, in order.
    pub included: Vec<Hash>,
    /// Transactions removed from the pool without inclusion (stale after this block).
    pub dropped: Vec<Hash>,
}

/// A kept block: header, extrinsics, events and (for recent blocks) the state after it.
#[derive(Clone, Debug)]
struct Kept {
    block: Block,
    events: Arc<Vec<EventRecord>>,
    state: Option<Arc<State>>,
}

/// The chain.
#[derive(Debug)]
pub struct Chain {
    config: ChainConfig,
    runtime: Runtime,
    hashes: Vec<Hash>,
    numbers: BTreeMap<Hash, u32>,
    blocks: BTreeMap<u32, Kept>,
    with_state: VecDeque<u32>,
    pool: TxPool,
}

/// The commitment written as `state_root`: BLAKE2b-256 over the parent's commitment, the block
/// number and the block's extrinsics root. The runtime is deterministic, so this chain of
/// commitments to everything ever applied fixes the state; a Merkle root of the state can
/// replace it behind this function without touching the runtime.
pub fn state_commitment(parent: &Hash, number: u32, extrinsics: &Hash) -> Hash {
    let mut data = Vec::with_capacity(32 + 4 + 32);
    data.extend_from_slice(parent);
    data.extend_from_slice(&number.to_le_bytes());
    data.extend_from_slice(extrinsics);
    blake2_256(&data)
}

impl Chain {
    /// A chain whose block 0 holds `genesis`.
    pub fn new(genesis: State, config: ChainConfig) -> Chain {
        let header = Header {
            parent_hash: [0; 32],
            number: 0,
            state_root: state_commitment(&[0; 32], 0, &extrinsics_root(&[])),
            extrinsics_root: extrinsics_root(&[]),
            digest: Default::default(),
        };
        let hash = header.hash();
        let state = Arc::new(genesis.clone());
        let mut chain = Chain {
            pool: TxPool::new(config.pool),
            config,
            runtime: Runtime::new(genesis),
            hashes: vec![hash],
            numbers: BTreeMap::new(),
            blocks: BTreeMap::new(),
            with_state: VecDeque::new(),
        };
        chain.numbers.insert(hash, 0);
        chain.keep(
            0,
            Block {
                header,
                extrinsics: Vec::new(),
            },
            Arc::new(Vec::new()),
            state,
        );
        chain
    }

    /// Resume a chain from its blocks: `genesis` is block 0's state and `blocks` the later
    /// blocks with their decoded transactions, replayed through the runtime.
    pub fn replay(
        genesis: State,
        config: ChainConfig,
        blocks: impl IntoIterator<Item = (Block, Vec<PoolTransaction>)>,
    ) -> Result<Chain, ReplayError> {
        let mut chain = Chain::new(genesis, config);
        for (block, transactions) in blocks {
            chain.apply_block(&block, transactions)?;
        }
        Ok(chain)
    }

    /// A chain whose head is `head_block` with `state` after it (a stored snapshot); `hashes`
    /// are the hashes of blocks `0..=head`. Later blocks are added with [`Chain::apply_block`].
    pub fn restore(
        state: State,
        config: ChainConfig,
        hashes: Vec<Hash>,
        head_block: Block,
    ) -> Result<Chain, ReplayError> {
        let number = head_block.header.number;
        if hashes.len()
            != usize::try_from(number)
                .unwrap_or(usize::MAX)
                .saturating_add(1)
            || hashes.last() != Some(&head_block.header.hash())
            || state.block != u64::from(number)
        {
            return Err(ReplayError::Diverged { number });
        }
        let mut chain = Chain {
            pool: TxPool::new(config.pool),
            config,
            runtime: Runtime::new(state.clone()),
            numbers: hashes
                .iter()
                .enumerate()
                .map(|(n, h)| (*h, n as u32))
                .collect(),
            hashes,
            blocks: BTreeMap::new(),
            with_state: VecDeque::new(),
        };
        chain.keep(number, head_block, Arc::new(Vec::new()), Arc::new(state));
        Ok(chain)
    }

    /// Re-execute a stored block on top of the head; its hash must come out the same.
    pub fn apply_block(
        &mut self,
        block: &Block,
        transactions: Vec<PoolTransaction>,
    ) -> Result<(), ReplayError> {
        let expected = self.head_number().saturating_add(1);
        if block.header.number != expected {
            return Err(ReplayError::Gap {
                expected,
                found: block.header.number,
            });
        }
        let sealed = self.execute(transactions, false);
        if sealed.hash != block.header.hash() {
            return Err(ReplayError::Diverged { number: expected });
        }
        Ok(())
    }

    /// Hash of block 0.
    pub fn genesis_hash(&self) -> Hash {
        self.hashes.first().copied().unwrap_or_default()
    }

    /// Number of the head.
    pub fn head_number(&self) -> u32 {
        u32::try_from(self.hashes.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }

    /// Hash of the head.
    pub fn head_hash(&self) -> Hash {
        self.hashes.last().copied().unwrap_or_default()
    }

    /// The current state (after the head).
    pub fn state(&self) -> &State {
        &self.runtime.state
    }

    /// Hash of block `number`.
    pub fn hash_of(&self, number: u32) -> Option<Hash> {
        self.hashes.get(usize::try_from(number).ok()?).copied()
    }

    /// Number of the block with `hash`.
    pub fn number_of(&self, hash: &Hash) -> Option<u32> {
        self.numbers.get(hash).copied()
    }

    /// The block with `hash`, if kept in memory.
    pub fn block(&self, hash: &Hash) -> Option<&Block> {
        self.blocks
            .get(&self.number_of(hash)?)
            .map(|kept| &kept.block)
    }

    /// Events of the block with `hash`.
    pub fn events(&self, hash: &Hash) -> Option<Arc<Vec<EventRecord>>> {
        self.blocks
            .get(&self.number_of(hash)?)
            .map(|kept| kept.events.clone())
    }

    /// State after the block with `hash`, if still kept.
    pub fn state_at(&self, hash: &Hash) -> Result<Arc<State>, StateUnavailable> {
        let number = self.number_of(hash).ok_or(StateUnavailable::UnknownBlock)?;
        self.blocks
            .get(&number)
            .and_then(|kept| kept.state.clone())
            .ok_or(StateUnavailable::Discarded)
    }

    /// The pool.
    pub fn pool(&self) -> &TxPool {
        &self.pool
    }

    /// Next nonce of `account`, counting its ready pool transactions.
    pub fn next_nonce(&self, account: &AccountId) -> u32 {
        self.pool
            .next_nonce(account, self.runtime.state.nonce(account))
    }

    /// Admit a validated transaction into the pool.
    pub fn submit(
        &mut self,
        transaction: PoolTransaction,
    ) -> Result<crate::pool::Admitted, PoolError> {
        let chain_nonce = self.runtime.state.nonce(&transaction.sender);
        self.pool.submit(transaction, chain_nonce)
    }

    /// Seal the next block from the pool's ready transactions.
    pub fn seal(&mut self) -> SealedBlock {
        let runtime = &self.runtime;
        let ready = self
            .pool
            .ready(self.config.max_block_extrinsics, |account| {
                runtime.state.nonce(account)
            });
        self.execute(ready, true)
    }

    fn execute(&mut self, transactions: Vec<PoolTransaction>, from_pool: bool) -> SealedBlock {
        let mut records: Vec<EventRecord> = self
            .runtime
            .initialize_block()
            .into_iter()
            .map(|event| EventRecord {
                phase: Phase::Initialization,
                kind: EventKind::Runtime(event),
            })
            .collect();
        let mut extrinsics = Vec::new();
        let mut included = Vec::new();
        for transaction in transactions {
            if from_pool {
                self.pool.remove(&transaction.hash);
            }
            if transaction.nonce != self.runtime.state.nonce(&transaction.sender) {
                continue;
            }
            let len = u32::try_from(transaction.encoded.len()).unwrap_or(u32::MAX);
            let Ok(applied) =
                self.runtime
                    .apply_extrinsic(transaction.sender, transaction.call.clone(), len)
            else {
                continue;
            };
            let index = u32::try_from(extrinsics.len()).unwrap_or(u32::MAX);
            let phase = Phase::ApplyExtrinsic(index);
            records.extend(applied.events.into_iter().map(|event| EventRecord {
                phase,
                kind: EventKind::Runtime(event),
            }));
            let pays_fee = applied.fee > 0;
            let outcome = match applied.result {
                Ok(()) => EventKind::ExtrinsicSuccess { pays_fee },
                Err(error) => EventKind::ExtrinsicFailed { error, pays_fee },
            };
            records.push(EventRecord {
                phase,
                kind: outcome,
            });
            included.push(transaction.hash);
            extrinsics.push(transaction.encoded);
        }
        let dropped = if from_pool {
            let runtime = &self.runtime;
            self.pool
                .prune_stale(|account| runtime.state.nonce(account))
                .into_iter()
                .map(|tx| tx.hash)
                .collect()
        } else {
            Vec::new()
        };
        let parent_hash = self.head_hash();
        let parent_root = self
            .blocks
            .get(&self.head_number())
            .map(|kept| kept.block.header.state_root)
            .unwrap_or_default();
        let number = self.head_number().saturating_add(1);
        let ext_root = extrinsics_root(&extrinsics);
        let header = Header {
            parent_hash,
            number,
            state_root: state_commitment(&parent_root, number, &ext_root),
            extrinsics_root: ext_root,
            digest: Default::default(),
        };
        let hash = header.hash();
        let block = Block { header, extrinsics };
        let events = Arc::new(records);
        let state = Arc::new(self.runtime.state.clone());
        self.hashes.push(hash);
        self.numbers.insert(hash, number);
        self.keep(number, block.clone(), events.clone(), state.clone());
        SealedBlock {
            block,
            hash,
            events,
            state,
            included,
            dropped,
        }
    }

    fn keep(
        &mut self,
        number: u32,
        block: Block,
        events: Arc<Vec<EventRecord>>,
        state: Arc<State>,
    ) {
        self.blocks.insert(
            number,
            Kept {
                block,
                events,
                state: Some(state),
            },
        );
        self.with_state.push_back(number);
        while self.with_state.len() > self.config.recent_states.max(1) {
            if let Some(oldest) = self.with_state.pop_front() {
                if let Some(kept) = self.blocks.get_mut(&oldest) {
                    kept.state = None;
                }
            }
        }
    }
}

/// Why a state read at a block failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateUnavailable {
    /// No block has that hash.
    UnknownBlock,
    /// The block is known but its state is no longer kept.
    Discarded,
}

/// Why replaying stored blocks failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// Block numbers are not consecutive.
    Gap {
        /// Expected number.
        expected: u32,
        /// Found number.
        found: u32,
    },
    /// Re-executing a block gave a different block hash.
    Diverged {
        /// The block.
        number: u32,
    },
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::Gap { expected, found } => {
                write!(f, "stored blocks skip from {expected} to {found}")
            }
            ReplayError::Diverged { number } => {
                write!(f, "re-executing block {number} gave a different block: the database does not match this runtime")
            }
        }
    }
}

impl std::error::Error for ReplayError {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use dtao_runtime::genesis::GenesisConfig;
    use dtao_runtime::{BalancesCall, RuntimeCall};

    fn alice() -> AccountId {
        AccountId::from_seed_byte(1)
    }

    fn transfer(nonce: u32, value: u64) -> PoolTransaction {
        let call = RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
            dest: AccountId::from_seed_byte(2),
            value,
        });
        let mut hash = [0; 32];
        hash[..4].copy_from_slice(&nonce.to_le_bytes());
        hash[4..12].copy_from_slice(&value.to_le_bytes());
        PoolTransaction {
            hash,
            sender: alice(),
            nonce,
            call,
            encoded: hash.to_vec(),
        }
    }

    fn chain() -> Chain {
        Chain::new(
            GenesisConfig::dev(&[alice()]).build().unwrap(),
            ChainConfig::default(),
        )
    }

    #[test]
    fn blocks_chain_and_include_ready_transactions() {
        let mut chain = chain();
        let genesis = chain.genesis_hash();
        chain.submit(transfer(1, 1_000)).unwrap();
        chain.submit(transfer(0, 1_000)).unwrap();
        let first = chain.seal();
        assert_eq!(first.block.header.parent_hash, genesis);
        assert_eq!(first.included.len(), 2);
        assert_eq!(
            chain.state().free_balance(&AccountId::from_seed_byte(2)),
            2_000
        );
        let successes = first
            .events
            .iter()
            .filter(|r| matches!(r.kind, EventKind::ExtrinsicSuccess { .. }))
            .count();
        assert_eq!(successes, 2);
        assert_eq!(chain.next_nonce(&alice()), 2);
        let second = chain.seal();
        assert_eq!(second.block.header.parent_hash, first.hash);
        assert_eq!(chain.head_number(), 2);
        assert!(chain.state_at(&first.hash).is_ok());
    }

    #[test]
    fn failed_dispatch_is_included_with_its_error() {
        let mut chain = chain();
        chain.submit(transfer(0, 10)).unwrap(); // below the existential deposit for a new account
        let sealed = chain.seal();
        assert!(sealed.events.iter().any(|r| matches!(
            r.kind,
            EventKind::ExtrinsicFailed {
                error: Error::ExistentialDeposit,
                pays_fee: true
            }
        )));
        assert_eq!(chain.next_nonce(&alice()), 1, "the fee and nonce are spent");
    }

    #[test]
    fn old_states_are_discarded_and_replay_reproduces_hashes() {
        let config = ChainConfig {
            recent_states: 2,
            ..ChainConfig::default()
        };
        let genesis = GenesisConfig::dev(&[alice()]).build().unwrap();
        let mut chain = Chain::new(genesis.clone(), config.clone());
        let mut blocks = Vec::new();
        for nonce in 0..4 {
            let tx = transfer(nonce, 1_000);
            chain.submit(tx.clone()).unwrap();
            let sealed = chain.seal();
            blocks.push((sealed.block, vec![tx]));
        }
        let first = chain.hash_of(1).unwrap();
        assert_eq!(
            chain.state_at(&first).unwrap_err(),
            StateUnavailable::Discarded
        );
        assert_eq!(
            chain.state_at(&[9; 32]).unwrap_err(),
            StateUnavailable::UnknownBlock
        );
        let replayed = Chain::replay(genesis, config, blocks).unwrap();
        assert_eq!(replayed.head_hash(), chain.head_hash());
        assert_eq!(replayed.state(), chain.state());
    }
}
