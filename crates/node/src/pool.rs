//! The transaction pool: signed transactions waiting for a block, ordered by account nonce.
//!
//! A transaction is *ready* when its nonce is the sender's next one (the on-chain nonce plus the
//! sender's ready transactions before it) and *future* when there is a gap; a future transaction
//! becomes ready when the gap fills. Blocks take ready transactions in arrival order, each
//! sender's in nonce order. After a block, transactions whose nonce is now stale are dropped.
//!
//! Limits (each refused with a clear error, nothing changes): total transactions, transactions
//! per sender, encoded size of one transaction, and duplicates by hash.

use crate::types::Hash;
use dtao_primitives::AccountId;
use dtao_runtime::RuntimeCall;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;

/// Pool limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolLimits {
    /// Transactions in the pool, ready and future together.
    pub max_transactions: usize,
    /// Transactions of one sender.
    pub max_per_sender: usize,
    /// Encoded size of one transaction in bytes.
    pub max_transaction_bytes: usize,
}

impl Default for PoolLimits {
    fn default() -> Self {
        PoolLimits {
            max_transactions: 8_192,
            max_per_sender: 64,
            max_transaction_bytes: 512 * 1024,
        }
    }
}

/// A validated signed transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolTransaction {
    /// BLAKE2b-256 of the encoded extrinsic.
    pub hash: Hash,
    /// Signer (coldkey or hotkey).
    pub sender: AccountId,
    /// Nonce it was signed with.
    pub nonce: u32,
    /// The decoded call.
    pub call: RuntimeCall,
    /// The extrinsic as submitted (with its length prefix).
    pub encoded: Vec<u8>,
}

/// Why the pool refused a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolError {
    /// The nonce is below the sender's on-chain nonce.
    Stale,
    /// The same transaction is already in the pool.
    AlreadyImported,
    /// The pool is full.
    PoolFull,
    /// The sender has too many transactions in the pool.
    SenderLimit,
    /// The transaction is larger than allowed.
    TooLarge,
    /// Another transaction with the same sender and nonce is in the pool.
    NonceTaken,
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PoolError::Stale => "Transaction is outdated",
            PoolError::AlreadyImported => "Transaction Already Imported",
            PoolError::PoolFull => "Transaction pool is full",
            PoolError::SenderLimit => "Too many transactions from this sender in the pool",
            PoolError::TooLarge => "Transaction is too large",
            PoolError::NonceTaken => {
                "Priority is too low: a transaction with this nonce is in the pool"
            }
        };
        f.write_str(text)
    }
}

impl std::error::Error for PoolError {}

/// Where a new transaction landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admitted {
    /// It can go into the next block.
    Ready,
    /// It waits for lower nonces.
    Future,
}

/// The pool.
#[derive(Debug, Default)]
pub struct TxPool {
    limits: PoolLimits,
    /// Per sender: nonce → transaction.
    by_sender: BTreeMap<AccountId, BTreeMap<u32, PoolTransaction>>,
    /// Arrival order of (sender, nonce), for fair block building.
    arrivals: VecDeque<(AccountId, u32)>,
    /// Hashes in the pool.
    hashes: BTreeMap<Hash, (AccountId, u32)>,
}

impl TxPool {
    /// An empty pool with `limits`.
    pub fn new(limits: PoolLimits) -> Self {
        TxPool {
            limits,
            ..TxPool::default()
        }
    }

    /// Number of transactions held.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True if the pool is empty.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Whether a transaction with this hash is held.
    pub fn contains(&self, hash: &Hash) -> bool {
        self.hashes.contains_key(hash)
    }

    /// Admit `tx`, given the sender's on-chain nonce.
    pub fn submit(&mut self, tx: PoolTransaction, chain_nonce: u32) -> Result<Admitted, PoolError> {
        if tx.encoded.len() > self.limits.max_transaction_bytes {
            return Err(PoolError::TooLarge);
        }
        if tx.nonce < chain_nonce {
            return Err(PoolError::Stale);
        }
        if self.hashes.contains_key(&tx.hash) {
            return Err(PoolError::AlreadyImported);
        }
        if self.hashes.len() >= self.limits.max_transactions {
            return Err(PoolError::PoolFull);
        }
        let queue = self.by_sender.get(&tx.sender);
        if queue.is_some_and(|q| q.contains_key(&tx.nonce)) {
            return Err(PoolError::NonceTaken);
        }
        if queue.map_or(0, BTreeMap::len) >= self.limits.max_per_sender {
            return Err(PoolError::SenderLimit);
        }
        let (sender, nonce) = (tx.sender, tx.nonce);
        self.hashes.insert(tx.hash, (sender, nonce));
        self.arrivals.push_back((sender, nonce));
        self.by_sender.entry(sender).or_default().insert(nonce, tx);
        let next = self.next_nonce(&sender, chain_nonce);
        Ok(if nonce < next {
            Admitted::Ready
        } else {
            Admitted::Future
        })
    }

    /// The sender's next nonce counting its ready transactions (`account_nextIndex`).
    pub fn next_nonce(&self, sender: &AccountId, chain_nonce: u32) -> u32 {
        let mut next = chain_nonce;
        if let Some(queue) = self.by_sender.get(sender) {
            while queue.contains_key(&next) {
                next = next.saturating_add(1);
            }
        }
        next
    }

    /// Ready transactions in arrival order (each sender's in nonce order), at most `limit`.
    /// `chain_nonce` gives a sender's on-chain nonce.
    pub fn ready(
        &self,
        limit: usize,
        chain_nonce: impl Fn(&AccountId) -> u32,
    ) -> Vec<PoolTransaction> {
        let mut expected: BTreeMap<AccountId, u32> = BTreeMap::new();
        let mut picked = Vec::new();
        // Walk arrivals repeatedly so a sender's later-arrived lower nonce unblocks the rest.
        let mut progress = true;
        let mut taken: BTreeMap<(AccountId, u32), ()> = BTreeMap::new();
        while progress && picked.len() < limit {
            progress = false;
            for (sender, nonce) in &self.arrivals {
                if picked.len() >= limit {
                    break;
                }
                let next = *expected
                    .entry(*sender)
                    .or_insert_with(|| chain_nonce(sender));
                if *nonce != next || taken.contains_key(&(*sender, *nonce)) {
                    continue;
                }
                if let Some(tx) = self.by_sender.get(sender).and_then(|q| q.get(nonce)) {
                    picked.push(tx.clone());
                    taken.insert((*sender, *nonce), ());
                    expected.insert(*sender, next.saturating_add(1));
                    progress = true;
                }
            }
        }
        picked
    }

    /// Remove a transaction by hash.
    pub fn remove(&mut self, hash: &Hash) -> Option<PoolTransaction> {
        let (sender, nonce) = self.hashes.remove(hash)?;
        self.arrivals.retain(|entry| *entry != (sender, nonce));
        let queue = self.by_sender.get_mut(&sender)?;
        let tx = queue.remove(&nonce);
        if queue.is_empty() {
            self.by_sender.remove(&sender);
        }
        tx
    }

    /// Drop every transaction whose nonce is below its sender's on-chain nonce; returns them.
    pub fn prune_stale(&mut self, chain_nonce: impl Fn(&AccountId) -> u32) -> Vec<PoolTransaction> {
        let stale: Vec<Hash> = self
            .by_sender
            .iter()
            .flat_map(|(sender, queue)| {
                let floor = chain_nonce(sender);
                queue
                    .values()
                    .filter(move |tx| tx.nonce < floor)
                    .map(|tx| tx.hash)
            })
            .collect();
        stale.iter().filter_map(|hash| self.remove(hash)).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use dtao_runtime::BalancesCall;

    fn tx(sender: u8, nonce: u32) -> PoolTransaction {
        let mut hash = [0_u8; 32];
        hash[0] = sender;
        hash[1..5].copy_from_slice(&nonce.to_le_bytes());
        PoolTransaction {
            hash,
            sender: AccountId::from_seed_byte(sender),
            nonce,
            call: RuntimeCall::Balances(BalancesCall::TransferAll {
                dest: AccountId::from_seed_byte(9),
                keep_alive: true,
            }),
            encoded: vec![0; 10],
        }
    }

    #[test]
    fn future_becomes_ready_when_the_gap_fills() {
        let mut pool = TxPool::new(PoolLimits::default());
        assert_eq!(pool.submit(tx(1, 1), 0), Ok(Admitted::Future));
        assert!(pool.ready(10, |_| 0).is_empty());
        assert_eq!(pool.next_nonce(&AccountId::from_seed_byte(1), 0), 0);
        assert_eq!(pool.submit(tx(1, 0), 0), Ok(Admitted::Ready));
        let ready: Vec<u32> = pool.ready(10, |_| 0).iter().map(|t| t.nonce).collect();
        assert_eq!(ready, vec![0, 1]);
        assert_eq!(pool.next_nonce(&AccountId::from_seed_byte(1), 0), 2);
    }

    #[test]
    fn arrival_order_across_senders_and_limit() {
        let mut pool = TxPool::new(PoolLimits::default());
        pool.submit(tx(2, 0), 0).unwrap();
        pool.submit(tx(1, 0), 0).unwrap();
        pool.submit(tx(2, 1), 0).unwrap();
        let order: Vec<(u8, u32)> = pool
            .ready(10, |_| 0)
            .iter()
            .map(|t| (t.sender.0[0], t.nonce))
            .collect();
        assert_eq!(order, vec![(2, 0), (1, 0), (2, 1)]);
        assert_eq!(pool.ready(2, |_| 0).len(), 2);
    }

    #[test]
    fn refusals_change_nothing() {
        let limits = PoolLimits {
            max_transactions: 2,
            max_per_sender: 1,
            max_transaction_bytes: 16,
        };
        let mut pool = TxPool::new(limits);
        pool.submit(tx(1, 5), 5).unwrap();
        assert_eq!(pool.submit(tx(1, 5), 5), Err(PoolError::AlreadyImported));
        assert_eq!(pool.submit(tx(2, 3), 4), Err(PoolError::Stale));
        assert_eq!(pool.submit(tx(1, 6), 5), Err(PoolError::SenderLimit));
        let mut big = tx(3, 0);
        big.encoded = vec![0; 17];
        assert_eq!(pool.submit(big, 0), Err(PoolError::TooLarge));
        pool.submit(tx(3, 0), 0).unwrap();
        assert_eq!(pool.submit(tx(4, 0), 0), Err(PoolError::PoolFull));
        assert_eq!(pool.len(), 2);
        let mut same_nonce = tx(3, 0);
        same_nonce.hash[31] = 1;
        let mut roomy = TxPool::new(PoolLimits::default());
        roomy.submit(tx(3, 0), 0).unwrap();
        assert_eq!(roomy.submit(same_nonce, 0), Err(PoolError::NonceTaken));
    }

    #[test]
    fn stale_transactions_are_pruned_after_a_block() {
        let mut pool = TxPool::new(PoolLimits::default());
        pool.submit(tx(1, 0), 0).unwrap();
        pool.submit(tx(1, 1), 0).unwrap();
        let first = pool.ready(1, |_| 0).remove(0);
        pool.remove(&first.hash);
        let dropped = pool.prune_stale(|_| 2);
        assert_eq!(dropped.len(), 1);
        assert!(pool.is_empty());
    }
}
