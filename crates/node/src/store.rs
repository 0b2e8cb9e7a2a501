//! Durable chain storage in one redb database per node.
//!
//! The durable truth is the genesis (an opaque blob the caller gives, e.g. the genesis JSON) and
//! every block; the runtime is a deterministic function, so a restart can rebuild the genesis
//! state and replay each block's extrinsics. To keep restarts fast, a full SCALE snapshot of the
//! runtime [`State`] is also stored with the genesis and then every
//! [`StoreConfig::snapshot_interval_blocks`] blocks, and [`Store::resume`] starts from the latest
//! snapshot and replays only the blocks after it.
//!
//! Layout (schema [`SCHEMA_VERSION`]):
//!
//! | table       | key            | value                                           |
//! |-------------|----------------|-------------------------------------------------|
//! | `meta`      | `&str`         | `"schema_version"` → u32 LE, `"genesis"` → blob |
//! | `blocks`    | number (u32)   | SCALE [`Block`]                                 |
//! | `hashes`    | number (u32)   | block hash (canonical chain, number → hash)     |
//! | `numbers`   | hash ([u8;32]) | number (hash → number index)                    |
//! | `events`    | number (u32)   | the block's events, opaque bytes as given       |
//! | `snapshots` | number (u32)   | SCALE [`State`] after that block                |
//!
//! Invariants (each kept by writing a block in exactly one redb write transaction, which redb
//! makes durable with an fsync before `commit` returns, or not at all):
//! - the head is the last key of `hashes`; `blocks`, `hashes` and `events` hold exactly the keys
//!   `0..=head`, and `numbers` is the inverse of `hashes`;
//! - block `n + 1`'s parent hash is block `n`'s hash; block 0 (genesis) has a zero parent hash;
//! - a snapshot stored under `n` is the state after block `n`, so its `State::block == n`; the
//!   genesis snapshot (0) is never pruned;
//! - everything read back is decoded with a depth limit and checked against its key; anything
//!   that does not fit is reported as [`StoreError::Corrupt`], never a panic.

use crate::types::{Block, Hash};
use dtao_runtime::State;
use parity_scale_codec::{DecodeLimit, Encode};
use redb::{
    Database, ReadOnlyTable, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition,
    TableHandle, WriteTransaction,
};
use std::fmt;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::{Path, PathBuf};

/// A block number (the header's number).
pub type BlockNumber = u32;

/// The schema this code reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// File name of the database inside a node's base path.
pub const DATABASE_FILE_NAME: &str = "chain.redb";

/// Default number of blocks between two state snapshots.
pub const DEFAULT_SNAPSHOT_INTERVAL_BLOCKS: u32 = 256;

/// Nesting limit when decoding stored values (the state nests about ten levels).
const MAX_DECODE_DEPTH: u32 = 64;

/// The events stored for the genesis block: a SCALE-encoded empty list.
const GENESIS_EVENTS: &[u8] = &[0];

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const BLOCKS: TableDefinition<u32, &[u8]> = TableDefinition::new("blocks");
const HASHES: TableDefinition<u32, [u8; 32]> = TableDefinition::new("hashes");
const NUMBERS: TableDefinition<[u8; 32], u32> = TableDefinition::new("numbers");
const EVENTS: TableDefinition<u32, &[u8]> = TableDefinition::new("events");
const SNAPSHOTS: TableDefinition<u32, &[u8]> = TableDefinition::new("snapshots");

const KEY_SCHEMA_VERSION: &str = "schema_version";
const KEY_GENESIS: &str = "genesis";

/// Everything that can go wrong opening, reading or writing the store.
#[derive(Debug)]
pub enum StoreError {
    /// The database engine failed (I/O, storage, transaction).
    Database(redb::Error),
    /// Creating the base directory failed.
    Io(std::io::Error),
    /// Another handle or process already has the database open.
    AlreadyOpen,
    /// The database was written with a schema this code does not know.
    UnsupportedSchema {
        /// Version found in the database.
        found: u32,
        /// Version this code reads.
        supported: u32,
    },
    /// Stored bytes do not decode or contradict their key.
    Corrupt {
        /// What was being read (table and key).
        context: String,
        /// What is wrong with it.
        detail: String,
    },
    /// No genesis has been stored yet.
    NotInitialized,
    /// A genesis is already stored.
    AlreadyInitialized,
    /// A block is not the one that may come next.
    InvalidBlock {
        /// Number of the offered block.
        number: BlockNumber,
        /// Why it is refused.
        reason: String,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database(error) => write!(f, "database error: {error}"),
            StoreError::Io(error) => write!(f, "I/O error: {error}"),
            StoreError::AlreadyOpen => write!(f, "the database is already open elsewhere"),
            StoreError::UnsupportedSchema { found, supported } => write!(
                f,
                "unsupported database schema version {found} (this node reads version {supported})"
            ),
            StoreError::Corrupt { context, detail } => {
                write!(f, "corrupt database: {context}: {detail}")
            }
            StoreError::NotInitialized => write!(f, "the database holds no genesis"),
            StoreError::AlreadyInitialized => write!(f, "the database already holds a genesis"),
            StoreError::InvalidBlock { number, reason } => {
                write!(f, "block {number} refused: {reason}")
            }
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(error) => Some(error),
            StoreError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<redb::Error> for StoreError {
    fn from(error: redb::Error) -> Self {
        match error {
            redb::Error::DatabaseAlreadyOpen => StoreError::AlreadyOpen,
            other => StoreError::Database(other),
        }
    }
}

macro_rules! from_redb_error {
    ($($error:ty),*) => {$(
        impl From<$error> for StoreError {
            fn from(error: $error) -> Self {
                StoreError::from(redb::Error::from(error))
            }
        }
    )*};
}

from_redb_error!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

fn corrupt(context: impl Into<String>, detail: impl fmt::Display) -> StoreError {
    StoreError::Corrupt {
        context: context.into(),
        detail: detail.to_string(),
    }
}

fn invalid_block(number: BlockNumber, reason: impl Into<String>) -> StoreError {
    StoreError::InvalidBlock {
        number,
        reason: reason.into(),
    }
}

/// Decode a stored value completely, with a nesting limit.
fn decode_stored<T: DecodeLimit>(
    bytes: &[u8],
    context: impl Fn() -> String,
) -> Result<T, StoreError> {
    T::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &bytes[..])
        .map_err(|error| corrupt(context(), error))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Tunables of a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreConfig {
    /// A snapshot is due at every block number divisible by this.
    pub snapshot_interval_blocks: NonZeroU32,
    /// How many snapshots to keep besides the genesis one (`None`: all).
    pub retained_snapshots: Option<NonZeroUsize>,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            snapshot_interval_blocks: NonZeroU32::new(DEFAULT_SNAPSHOT_INTERVAL_BLOCKS)
                .unwrap_or(NonZeroU32::MIN),
            retained_snapshots: None,
        }
    }
}

/// Where a resume started from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeSource {
    /// The stored snapshot after this block.
    Snapshot(BlockNumber),
    /// The genesis rebuilt from the stored blob (no usable snapshot).
    Genesis,
}

/// The chain state rebuilt by [`Store::resume`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resumed {
    /// Number of the last block applied (the head seen by the resume).
    pub number: BlockNumber,
    /// Its hash.
    pub hash: Hash,
    /// The state after it.
    pub state: State,
    /// Where replay started.
    pub source: ResumeSource,
    /// How many blocks were replayed.
    pub replayed_blocks: u32,
}

/// Why a resume failed: the store, the caller's genesis builder or its replay of a block.
#[derive(Debug)]
pub enum ResumeError<E> {
    /// Reading the store failed.
    Store(StoreError),
    /// Rebuilding the genesis state from its blob failed.
    Genesis(E),
    /// Replaying a block failed.
    Replay {
        /// The block.
        number: BlockNumber,
        /// The caller's error.
        error: E,
    },
    /// After replaying a block the state's block number is not the block's number.
    Diverged {
        /// The block.
        number: BlockNumber,
        /// `State::block` after replaying it.
        state_block: u64,
    },
}

impl<E: fmt::Display> fmt::Display for ResumeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeError::Store(error) => write!(f, "{error}"),
            ResumeError::Genesis(error) => write!(f, "rebuilding genesis failed: {error}"),
            ResumeError::Replay { number, error } => {
                write!(f, "replaying block {number} failed: {error}")
            }
            ResumeError::Diverged {
                number,
                state_block,
            } => write!(
                f,
                "replaying block {number} left the state at block {state_block}"
            ),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ResumeError<E> {}

impl<E> From<StoreError> for ResumeError<E> {
    fn from(error: StoreError) -> Self {
        ResumeError::Store(error)
    }
}

/// The chain database of one node. Cheap to share (`&Store` is `Sync`): readers see committed
/// blocks only, and commits are serialized by redb.
pub struct Store {
    database: Database,
    config: StoreConfig,
    path: PathBuf,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("config", &self.config)
            .finish()
    }
}

impl Store {
    /// Create or open the database file at `path` with the default configuration.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path, StoreConfig::default())
    }

    /// Create `base_path` if needed and open [`DATABASE_FILE_NAME`] inside it.
    pub fn open_in_dir(
        base_path: impl AsRef<Path>,
        config: StoreConfig,
    ) -> Result<Store, StoreError> {
        std::fs::create_dir_all(base_path.as_ref()).map_err(StoreError::Io)?;
        Store::open_with(base_path.as_ref().join(DATABASE_FILE_NAME), config)
    }

    /// Create or open the database file at `path`. A new file gets the current schema; an
    /// existing one must carry it ([`StoreError::UnsupportedSchema`] otherwise).
    pub fn open_with(path: impl AsRef<Path>, config: StoreConfig) -> Result<Store, StoreError> {
        let database = Database::create(path.as_ref())?;
        let transaction = database.begin_write()?;
        check_or_write_schema(&transaction)?;
        transaction.commit()?;
        Ok(Store {
            database,
            config,
            path: path.as_ref().to_path_buf(),
        })
    }

    /// Close the database cleanly (dropping it does the same, ignoring errors).
    pub fn close(self) -> Result<(), StoreError> {
        self.database.close()?;
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The configuration.
    pub fn config(&self) -> StoreConfig {
        self.config
    }

    /// Whether a snapshot of the state after block `number` is due.
    pub fn snapshot_due(&self, number: BlockNumber) -> bool {
        number.is_multiple_of(self.config.snapshot_interval_blocks.get())
    }

    /// Store the genesis: the caller's blob (e.g. the genesis JSON), block 0 (its events are the
    /// SCALE empty list `[0x00]`) and the state it starts from, in one transaction. Returns the
    /// genesis hash.
    pub fn init_genesis(
        &self,
        genesis_blob: &[u8],
        genesis_block: &Block,
        genesis_state: &State,
    ) -> Result<Hash, StoreError> {
        let header = &genesis_block.header;
        if header.number != 0 {
            return Err(invalid_block(header.number, "a genesis block has number 0"));
        }
        if header.parent_hash != Hash::default() {
            return Err(invalid_block(0, "a genesis block has a zero parent hash"));
        }
        if genesis_state.block != 0 {
            return Err(invalid_block(
                0,
                format!("the genesis state is at block {}", genesis_state.block),
            ));
        }
        let transaction = self.database.begin_write()?;
        if transaction.open_table(HASHES)?.last()?.is_some() {
            return Err(StoreError::AlreadyInitialized);
        }
        transaction
            .open_table(META)?
            .insert(KEY_GENESIS, genesis_blob)?;
        let hash = insert_block(&transaction, genesis_block, GENESIS_EVENTS)?;
        insert_snapshot(&transaction, 0, genesis_state, None)?;
        transaction.commit()?;
        Ok(hash)
    }

    /// Append `block` with its events (opaque, e.g. a SCALE `Vec<EventRecord>`) and, if given,
    /// the state after it, in one durable transaction. The block must be the head's child.
    /// Returns the block hash.
    pub fn commit_block(
        &self,
        block: &Block,
        events: &[u8],
        state_snapshot: Option<&State>,
    ) -> Result<Hash, StoreError> {
        let number = block.header.number;
        let transaction = self.database.begin_write()?;
        let (head_number, head_hash) =
            read_head(&transaction.open_table(HASHES)?)?.ok_or(StoreError::NotInitialized)?;
        if head_number.checked_add(1) != Some(number) {
            return Err(invalid_block(
                number,
                format!("the head is block {head_number}"),
            ));
        }
        if block.header.parent_hash != head_hash {
            return Err(invalid_block(
                number,
                format!(
                    "parent hash 0x{} is not the head's hash 0x{}",
                    hex(&block.header.parent_hash),
                    hex(&head_hash)
                ),
            ));
        }
        if let Some(state) = state_snapshot {
            if state.block != u64::from(number) {
                return Err(invalid_block(
                    number,
                    format!("its snapshot state is at block {}", state.block),
                ));
            }
        }
        let hash = insert_block(&transaction, block, events)?;
        if let Some(state) = state_snapshot {
            insert_snapshot(&transaction, number, state, self.config.retained_snapshots)?;
        }
        transaction.commit()?;
        Ok(hash)
    }

    /// A consistent read view of the committed chain (later commits are not seen through it).
    pub fn reader(&self) -> Result<StoreReader, StoreError> {
        StoreReader::new(self.database.begin_read()?)
    }

    /// The head: number and hash of the last committed block (`None` before genesis).
    pub fn head(&self) -> Result<Option<(BlockNumber, Hash)>, StoreError> {
        self.reader()?.head()
    }

    /// The block with `number`.
    pub fn block_by_number(&self, number: BlockNumber) -> Result<Option<Block>, StoreError> {
        self.reader()?.block_by_number(number)
    }

    /// The block with `hash`.
    pub fn block_by_hash(&self, hash: &Hash) -> Result<Option<Block>, StoreError> {
        self.reader()?.block_by_hash(hash)
    }

    /// Number of the block with `hash`.
    pub fn number_of(&self, hash: &Hash) -> Result<Option<BlockNumber>, StoreError> {
        self.reader()?.number_of(hash)
    }

    /// Hash of the block with `number`.
    pub fn hash_of(&self, number: BlockNumber) -> Result<Option<Hash>, StoreError> {
        self.reader()?.hash_of(number)
    }

    /// Events of the block with `hash`, as committed.
    pub fn events_of(&self, hash: &Hash) -> Result<Option<Vec<u8>>, StoreError> {
        self.reader()?.events_of(hash)
    }

    /// The genesis blob given to [`Store::init_genesis`].
    pub fn genesis_blob(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.reader()?.genesis_blob()
    }

    /// The latest snapshot: the block it follows and the state.
    pub fn latest_snapshot(&self) -> Result<Option<(BlockNumber, State)>, StoreError> {
        self.reader()?.latest_snapshot()
    }

    /// The latest snapshot at or before block `number`.
    pub fn snapshot_at_or_before(
        &self,
        number: BlockNumber,
    ) -> Result<Option<(BlockNumber, State)>, StoreError> {
        self.reader()?.snapshot_at_or_before(number)
    }

    /// The blocks after `number` up to the head, in order.
    pub fn blocks_after(&self, number: BlockNumber) -> Result<BlocksAfter, StoreError> {
        self.reader()?.blocks_after(number)
    }

    /// Rebuild the head state: from the latest snapshot if it decodes, otherwise from the
    /// genesis rebuilt by `build_genesis` from the stored blob; then `replay` applies each later
    /// block (it must leave `State::block` at the block's number). `None` before genesis.
    pub fn resume<E>(
        &self,
        build_genesis: impl FnOnce(&[u8]) -> Result<State, E>,
        replay: impl FnMut(&mut State, &Block) -> Result<(), E>,
    ) -> Result<Option<Resumed>, ResumeError<E>> {
        self.reader()?.resume(build_genesis, replay)
    }

    /// Rebuild the head state from the genesis blob and every block, ignoring snapshots (to
    /// verify them, or after a change of the state's encoding).
    pub fn resume_from_genesis<E>(
        &self,
        build_genesis: impl FnOnce(&[u8]) -> Result<State, E>,
        replay: impl FnMut(&mut State, &Block) -> Result<(), E>,
    ) -> Result<Option<Resumed>, ResumeError<E>> {
        let reader = self.reader()?;
        if reader.head()?.is_none() {
            return Ok(None);
        }
        reader.replay_from_genesis(build_genesis, replay).map(Some)
    }
}

/// Check the schema version of an opened database, or stamp a new one. Creates every table.
fn check_or_write_schema(transaction: &WriteTransaction) -> Result<(), StoreError> {
    let has_other_tables = transaction
        .list_tables()?
        .any(|table| table.name() != META.name());
    let mut meta = transaction.open_table(META)?;
    let stored = meta
        .get(KEY_SCHEMA_VERSION)?
        .map(|guard| guard.value().to_vec());
    match stored {
        Some(bytes) => {
            let found = <[u8; 4]>::try_from(bytes.as_slice())
                .map(u32::from_le_bytes)
                .map_err(|_| corrupt("meta/schema_version", format!("{} bytes", bytes.len())))?;
            if found != SCHEMA_VERSION {
                return Err(StoreError::UnsupportedSchema {
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
        }
        None if has_other_tables => {
            return Err(corrupt(
                "meta/schema_version",
                "missing in a non-empty database",
            ));
        }
        None => {
            meta.insert(KEY_SCHEMA_VERSION, &SCHEMA_VERSION.to_le_bytes()[..])?;
        }
    }
    drop(meta);
    transaction.open_table(BLOCKS)?;
    transaction.open_table(HASHES)?;
    transaction.open_table(NUMBERS)?;
    transaction.open_table(EVENTS)?;
    transaction.open_table(SNAPSHOTS)?;
    Ok(())
}

/// Write a block, its hash in both indexes and its events.
fn insert_block(
    transaction: &WriteTransaction,
    block: &Block,
    events: &[u8],
) -> Result<Hash, StoreError> {
    let number = block.header.number;
    let hash = block.header.hash();
    if transaction.open_table(NUMBERS)?.get(hash)?.is_some() {
        return Err(invalid_block(number, "a block with this hash is stored"));
    }
    transaction
        .open_table(BLOCKS)?
        .insert(number, block.encode().as_slice())?;
    transaction.open_table(HASHES)?.insert(number, hash)?;
    transaction.open_table(NUMBERS)?.insert(hash, number)?;
    transaction.open_table(EVENTS)?.insert(number, events)?;
    Ok(hash)
}

/// Write a snapshot and prune older ones beyond `retained` (never the genesis snapshot).
fn insert_snapshot(
    transaction: &WriteTransaction,
    number: BlockNumber,
    state: &State,
    retained: Option<NonZeroUsize>,
) -> Result<(), StoreError> {
    let mut snapshots = transaction.open_table(SNAPSHOTS)?;
    snapshots.insert(number, state.encode().as_slice())?;
    let Some(retained) = retained else {
        return Ok(());
    };
    let mut prunable = Vec::new();
    for entry in snapshots.range(1..=number)?.rev().skip(retained.get()) {
        let (key, _) = entry?;
        prunable.push(key.value());
    }
    for key in prunable {
        snapshots.remove(key)?;
    }
    Ok(())
}

fn read_head(
    hashes: &impl ReadableTable<u32, [u8; 32]>,
) -> Result<Option<(BlockNumber, Hash)>, StoreError> {
    Ok(hashes
        .last()?
        .map(|(number, hash)| (number.value(), hash.value())))
}

/// A consistent read-only view of the store (one redb read transaction).
pub struct StoreReader {
    meta: ReadOnlyTable<&'static str, &'static [u8]>,
    blocks: ReadOnlyTable<u32, &'static [u8]>,
    hashes: ReadOnlyTable<u32, [u8; 32]>,
    numbers: ReadOnlyTable<[u8; 32], u32>,
    events: ReadOnlyTable<u32, &'static [u8]>,
    snapshots: ReadOnlyTable<u32, &'static [u8]>,
}

impl StoreReader {
    fn new(transaction: ReadTransaction) -> Result<StoreReader, StoreError> {
        Ok(StoreReader {
            meta: transaction.open_table(META)?,
            blocks: transaction.open_table(BLOCKS)?,
            hashes: transaction.open_table(HASHES)?,
            numbers: transaction.open_table(NUMBERS)?,
            events: transaction.open_table(EVENTS)?,
            snapshots: transaction.open_table(SNAPSHOTS)?,
        })
    }

    /// Number and hash of the last committed block.
    pub fn head(&self) -> Result<Option<(BlockNumber, Hash)>, StoreError> {
        read_head(&self.hashes)
    }

    /// The block with `number`, checked to carry that number.
    pub fn block_by_number(&self, number: BlockNumber) -> Result<Option<Block>, StoreError> {
        let Some(bytes) = self.blocks.get(number)? else {
            return Ok(None);
        };
        let block = decode_block(number, bytes.value())?;
        Ok(Some(block))
    }

    /// The block with `hash`, checked to hash to it.
    pub fn block_by_hash(&self, hash: &Hash) -> Result<Option<Block>, StoreError> {
        let Some(number) = self.number_of(hash)? else {
            return Ok(None);
        };
        let block = self
            .block_by_number(number)?
            .ok_or_else(|| corrupt(format!("numbers/0x{}", hex(hash)), "indexed block missing"))?;
        if block.header.hash() != *hash {
            return Err(corrupt(
                format!("blocks/{number}"),
                format!(
                    "hashes to 0x{}, indexed as 0x{}",
                    hex(&block.header.hash()),
                    hex(hash)
                ),
            ));
        }
        Ok(Some(block))
    }

    /// Number of the block with `hash`.
    pub fn number_of(&self, hash: &Hash) -> Result<Option<BlockNumber>, StoreError> {
        Ok(self.numbers.get(*hash)?.map(|number| number.value()))
    }

    /// Hash of the block with `number`.
    pub fn hash_of(&self, number: BlockNumber) -> Result<Option<Hash>, StoreError> {
        Ok(self.hashes.get(number)?.map(|hash| hash.value()))
    }

    /// Events of the block with `hash`.
    pub fn events_of(&self, hash: &Hash) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(number) = self.number_of(hash)? else {
            return Ok(None);
        };
        let events = self
            .events
            .get(number)?
            .ok_or_else(|| corrupt(format!("events/{number}"), "missing for a stored block"))?;
        Ok(Some(events.value().to_vec()))
    }

    /// The genesis blob.
    pub fn genesis_blob(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .meta
            .get(KEY_GENESIS)?
            .map(|blob| blob.value().to_vec()))
    }

    /// The latest snapshot.
    pub fn latest_snapshot(&self) -> Result<Option<(BlockNumber, State)>, StoreError> {
        match self.snapshots.last()? {
            Some((number, bytes)) => decode_snapshot(number.value(), bytes.value()).map(Some),
            None => Ok(None),
        }
    }

    /// The latest snapshot at or before block `number`.
    pub fn snapshot_at_or_before(
        &self,
        number: BlockNumber,
    ) -> Result<Option<(BlockNumber, State)>, StoreError> {
        match self.snapshots.range(0..=number)?.next_back() {
            Some(entry) => {
                let (key, bytes) = entry?;
                decode_snapshot(key.value(), bytes.value()).map(Some)
            }
            None => Ok(None),
        }
    }

    /// The blocks after `number` up to the head of this view, in order.
    pub fn blocks_after(&self, number: BlockNumber) -> Result<BlocksAfter, StoreError> {
        let Some(first) = number.checked_add(1) else {
            return Ok(BlocksAfter {
                range: None,
                next: 0,
            });
        };
        Ok(BlocksAfter {
            range: Some(self.blocks.range(first..)?),
            next: first,
        })
    }

    /// See [`Store::resume`].
    pub fn resume<E>(
        &self,
        build_genesis: impl FnOnce(&[u8]) -> Result<State, E>,
        replay: impl FnMut(&mut State, &Block) -> Result<(), E>,
    ) -> Result<Option<Resumed>, ResumeError<E>> {
        if self.head()?.is_none() {
            return Ok(None);
        }
        match self.latest_snapshot() {
            Ok(Some((number, state))) => self
                .replay_after(number, state, ResumeSource::Snapshot(number), replay)
                .map(Some),
            Ok(None) | Err(StoreError::Corrupt { .. }) => {
                self.replay_from_genesis(build_genesis, replay).map(Some)
            }
            Err(other) => Err(ResumeError::Store(other)),
        }
    }

    fn replay_from_genesis<E>(
        &self,
        build_genesis: impl FnOnce(&[u8]) -> Result<State, E>,
        replay: impl FnMut(&mut State, &Block) -> Result<(), E>,
    ) -> Result<Resumed, ResumeError<E>> {
        let blob = self
            .genesis_blob()?
            .ok_or_else(|| corrupt("meta/genesis", "missing while blocks are stored"))?;
        let state = build_genesis(&blob).map_err(ResumeError::Genesis)?;
        if state.block != 0 {
            return Err(ResumeError::Diverged {
                number: 0,
                state_block: state.block,
            });
        }
        self.replay_after(0, state, ResumeSource::Genesis, replay)
    }

    fn replay_after<E>(
        &self,
        start: BlockNumber,
        mut state: State,
        source: ResumeSource,
        mut replay: impl FnMut(&mut State, &Block) -> Result<(), E>,
    ) -> Result<Resumed, ResumeError<E>> {
        let mut number = start;
        let mut hash = self
            .hash_of(start)?
            .ok_or_else(|| corrupt(format!("hashes/{start}"), "missing for a snapshot"))?;
        let mut replayed_blocks = 0_u32;
        for block in self.blocks_after(start)? {
            let block = block?;
            number = block.header.number;
            replay(&mut state, &block).map_err(|error| ResumeError::Replay { number, error })?;
            if state.block != u64::from(number) {
                return Err(ResumeError::Diverged {
                    number,
                    state_block: state.block,
                });
            }
            hash = block.header.hash();
            replayed_blocks = replayed_blocks.saturating_add(1);
        }
        Ok(Resumed {
            number,
            hash,
            state,
            source,
            replayed_blocks,
        })
    }
}

fn decode_block(number: BlockNumber, bytes: &[u8]) -> Result<Block, StoreError> {
    let block: Block = decode_stored(bytes, || format!("blocks/{number}"))?;
    if block.header.number != number {
        return Err(corrupt(
            format!("blocks/{number}"),
            format!("holds block {}", block.header.number),
        ));
    }
    Ok(block)
}

fn decode_snapshot(number: BlockNumber, bytes: &[u8]) -> Result<(BlockNumber, State), StoreError> {
    let state: State = decode_stored(bytes, || format!("snapshots/{number}"))?;
    if state.block != u64::from(number) {
        return Err(corrupt(
            format!("snapshots/{number}"),
            format!("holds the state at block {}", state.block),
        ));
    }
    Ok((number, state))
}

/// Iterator over stored blocks in ascending order, from one read view; each item is decoded and
/// checked to be the next number (a gap is reported as corruption).
pub struct BlocksAfter {
    range: Option<redb::Range<'static, u32, &'static [u8]>>,
    next: BlockNumber,
}

impl Iterator for BlocksAfter {
    type Item = Result<Block, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let entry = self.range.as_mut()?.next()?;
        let item = entry.map_err(StoreError::from).and_then(|(key, bytes)| {
            let number = key.value();
            if number != self.next {
                return Err(corrupt(
                    format!("blocks/{}", self.next),
                    format!("missing (next stored is {number})"),
                ));
            }
            decode_block(number, bytes.value())
        });
        match (&item, self.next.checked_add(1)) {
            (Ok(_), Some(next)) => self.next = next,
            // After an error or the last possible number, stop.
            _ => self.range = None,
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::types::Header;
    use dtao_runtime::hyperparams::NetworkParams;

    /// A database path in a fresh temporary directory, removed on drop.
    struct TempDb {
        dir: PathBuf,
        path: PathBuf,
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn temp_db(name: &str) -> TempDb {
        let dir =
            std::env::temp_dir().join(format!("dtao-store-unit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(DATABASE_FILE_NAME);
        TempDb { dir, path }
    }

    fn state_at(block: u64) -> State {
        let mut state = State::new(NetworkParams::default());
        state.block = block;
        state
    }

    fn child(parent: &Block) -> Block {
        Block {
            header: Header {
                parent_hash: parent.header.hash(),
                number: parent.header.number + 1,
                ..Header::default()
            },
            extrinsics: vec![vec![parent.header.number as u8]],
        }
    }

    fn initialized(name: &str) -> (TempDb, Store, Block) {
        let db = temp_db(name);
        let store = Store::open(&db.path).unwrap();
        let genesis = Block::default();
        store.init_genesis(b"{}", &genesis, &state_at(0)).unwrap();
        (db, store, genesis)
    }

    fn poke(store: &Store, table: TableDefinition<u32, &[u8]>, key: u32, value: &[u8]) {
        let transaction = store.database.begin_write().unwrap();
        transaction
            .open_table(table)
            .unwrap()
            .insert(key, value)
            .unwrap();
        transaction.commit().unwrap();
    }

    #[test]
    fn unknown_schema_version_is_refused() {
        let db = temp_db("schema");
        let path = &db.path;
        {
            let database = Database::create(path).unwrap();
            let transaction = database.begin_write().unwrap();
            transaction
                .open_table(META)
                .unwrap()
                .insert(KEY_SCHEMA_VERSION, &7_u32.to_le_bytes()[..])
                .unwrap();
            transaction.commit().unwrap();
        }
        match Store::open(path) {
            Err(StoreError::UnsupportedSchema {
                found: 7,
                supported: SCHEMA_VERSION,
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn foreign_database_without_version_is_refused() {
        let db = temp_db("foreign");
        let path = &db.path;
        {
            let database = Database::create(path).unwrap();
            let transaction = database.begin_write().unwrap();
            transaction
                .open_table(BLOCKS)
                .unwrap()
                .insert(0, &[1_u8][..])
                .unwrap();
            transaction.commit().unwrap();
        }
        assert!(matches!(Store::open(path), Err(StoreError::Corrupt { .. })));
    }

    #[test]
    fn second_open_is_refused_while_open() {
        let db = temp_db("twice");
        let path = &db.path;
        let _store = Store::open(path).unwrap();
        assert!(matches!(Store::open(path), Err(StoreError::AlreadyOpen)));
    }

    #[test]
    fn blocks_must_extend_the_head() {
        let db = temp_db("extend");
        let store = Store::open(&db.path).unwrap();
        let genesis = Block::default();
        assert!(matches!(
            store.commit_block(&child(&genesis), &[0], None),
            Err(StoreError::NotInitialized)
        ));
        store.init_genesis(b"g", &genesis, &state_at(0)).unwrap();
        assert!(matches!(
            store.init_genesis(b"g", &genesis, &state_at(0)),
            Err(StoreError::AlreadyInitialized)
        ));
        let one = child(&genesis);
        let mut orphan = child(&one);
        assert!(matches!(
            store.commit_block(&orphan, &[0], None),
            Err(StoreError::InvalidBlock { number: 2, .. })
        ));
        orphan.header.number = 1;
        assert!(matches!(
            store.commit_block(&orphan, &[0], None),
            Err(StoreError::InvalidBlock { number: 1, .. })
        ));
        assert!(matches!(
            store.commit_block(&one, &[0], Some(&state_at(5))),
            Err(StoreError::InvalidBlock { number: 1, .. })
        ));
        let hash = store.commit_block(&one, &[9], Some(&state_at(1))).unwrap();
        assert_eq!(store.head().unwrap(), Some((1, hash)));
        assert_eq!(store.events_of(&hash).unwrap(), Some(vec![9]));
        assert_eq!(
            store.events_of(&genesis.header.hash()).unwrap(),
            Some(vec![0])
        );
        assert_eq!(store.block_by_hash(&hash).unwrap(), Some(one));
        assert_eq!(store.latest_snapshot().unwrap().map(|(n, _)| n), Some(1));
    }

    #[test]
    fn snapshots_are_pruned_but_genesis_is_kept() {
        let db = temp_db("prune");
        let path = &db.path;
        let config = StoreConfig {
            snapshot_interval_blocks: NonZeroU32::new(2).unwrap(),
            retained_snapshots: NonZeroUsize::new(2),
        };
        let store = Store::open_with(path, config).unwrap();
        let mut block = Block::default();
        store.init_genesis(b"g", &block, &state_at(0)).unwrap();
        for number in 1..=10 {
            block = child(&block);
            let due = store.snapshot_due(number);
            let snapshot = due.then(|| state_at(u64::from(number)));
            store.commit_block(&block, &[0], snapshot.as_ref()).unwrap();
        }
        let kept: Vec<u32> = (0..=10)
            .filter(|n| store.snapshot_at_or_before(*n).unwrap().map(|(k, _)| k) == Some(*n))
            .collect();
        assert_eq!(kept, vec![0, 8, 10]);
        assert_eq!(
            store.snapshot_at_or_before(7).unwrap().map(|(k, _)| k),
            Some(0)
        );
    }

    #[test]
    fn corrupt_values_are_typed_errors() {
        let (_db, store, genesis) = initialized("corrupt");
        let one = child(&genesis);
        store.commit_block(&one, &[0], Some(&state_at(1))).unwrap();
        // A block that does not decode, and one stored under the wrong number.
        poke(&store, BLOCKS, 1, &[0xff, 0x01]);
        assert!(matches!(
            store.block_by_number(1),
            Err(StoreError::Corrupt { .. })
        ));
        assert!(store.blocks_after(0).unwrap().next().unwrap().is_err());
        poke(&store, BLOCKS, 1, &genesis.encode());
        assert!(matches!(
            store.block_by_number(1),
            Err(StoreError::Corrupt { .. })
        ));
        // A snapshot that does not decode: latest_snapshot reports it, resume falls back to
        // the genesis blob.
        poke(&store, BLOCKS, 1, &one.encode());
        poke(&store, SNAPSHOTS, 1, &[1, 2, 3]);
        assert!(matches!(
            store.latest_snapshot(),
            Err(StoreError::Corrupt { .. })
        ));
        let resumed = store
            .resume(
                |blob| {
                    assert_eq!(blob, b"{}");
                    Ok::<_, String>(state_at(0))
                },
                |state, block| {
                    state.block = u64::from(block.header.number);
                    Ok(())
                },
            )
            .unwrap()
            .unwrap();
        assert_eq!(resumed.source, ResumeSource::Genesis);
        assert_eq!((resumed.number, resumed.replayed_blocks), (1, 1));
        // A bad schema version stamp.
        let transaction = store.database.begin_write().unwrap();
        transaction
            .open_table(META)
            .unwrap()
            .insert(KEY_SCHEMA_VERSION, &[1_u8][..])
            .unwrap();
        transaction.commit().unwrap();
        let path = store.path().to_path_buf();
        store.close().unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::Corrupt { .. })
        ));
    }

    #[test]
    fn replay_that_does_not_advance_the_block_is_reported() {
        let (_db, store, genesis) = initialized("diverge");
        store.commit_block(&child(&genesis), &[0], None).unwrap();
        let result = store.resume(|_| Ok::<_, String>(state_at(0)), |_, _| Ok(()));
        assert!(matches!(
            result,
            Err(ResumeError::Diverged {
                number: 1,
                state_block: 0
            })
        ));
        let result = store.resume(|_| Ok(state_at(0)), |_, _| Err("bad block".to_string()));
        assert!(matches!(result, Err(ResumeError::Replay { number: 1, .. })));
    }
}
