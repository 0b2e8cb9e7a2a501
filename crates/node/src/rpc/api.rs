//! The chain as the RPC server sees it: [`ChainApi`], a narrow trait over plain Rust types
//! (bytes, numbers, hashes, headers), and the value types it exchanges.
//!
//! Invariants the implementor promises:
//! - `best_hash`, `finalized_hash` and every hash returned name blocks that `header` and
//!   `block` know (at least until they are pruned);
//! - `storage_keys_paged` returns keys that start with `prefix`, in ascending byte order, each
//!   strictly greater than `start_key` when one is given, at most `count` of them (the server
//!   re-checks this and filters, so a sloppy implementation cannot break the wire contract);
//! - status streams of watched extrinsics end (the sender is dropped) after a terminal status
//!   (`Finalized`, `Usurped`, `FinalityTimeout`, `Dropped`, `Invalid`).
//!
//! Methods are synchronous and may block (take locks, seal blocks): the server always calls
//! them from tokio's blocking pool, never from the tasks that serve connections. The
//! broadcast receivers and status streams are polled from async tasks.

use crate::types::{Block, Hash, Header};
use tokio::sync::{broadcast, mpsc};

/// A runtime version as `state_getRuntimeVersion` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeVersion {
    /// `specName`, e.g. `node-subtensor`.
    pub spec_name: String,
    /// `implName`.
    pub impl_name: String,
    /// `authoringVersion`.
    pub authoring_version: u32,
    /// `specVersion`: bump it whenever the metadata changes (clients cache metadata by it).
    pub spec_version: u32,
    /// `implVersion`.
    pub impl_version: u32,
    /// Runtime APIs: (blake2_64 of the trait name, trait version).
    pub apis: Vec<([u8; 8], u32)>,
    /// `transactionVersion` (signed into every extrinsic).
    pub transaction_version: u32,
    /// `systemVersion` (reported also as `stateVersion`).
    pub system_version: u8,
}

/// Static facts about the chain and node for the `system_*` methods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemInfo {
    /// `system_chain`, e.g. `Bittensor`.
    pub chain: String,
    /// `system_name`: the node implementation's name.
    pub name: String,
    /// `system_version`: the node implementation's version.
    pub version: String,
    /// `system_chainType`: `Development`, `Local` or `Live`.
    pub chain_type: String,
    /// `system_properties`.
    pub properties: ChainProperties,
}

/// `system_properties`: `{"ss58Format":42,"tokenDecimals":9,"tokenSymbol":"TAO"}` on subtensor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainProperties {
    /// SS58 address prefix.
    pub ss58_format: u16,
    /// Decimals of the native token.
    pub token_decimals: u32,
    /// Symbol of the native token.
    pub token_symbol: String,
}

impl Default for ChainProperties {
    fn default() -> Self {
        ChainProperties {
            ss58_format: 42,
            token_decimals: 9,
            token_symbol: "TAO".to_string(),
        }
    }
}

/// The life cycle of a watched extrinsic, as `author_extrinsicUpdate` notifications carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxStatus {
    /// In the pool, waiting for an earlier nonce (`"future"`).
    Future,
    /// In the pool, ready for the next block (`"ready"`).
    Ready,
    /// Included in a block (`{"inBlock": hash}`).
    InBlock(Hash),
    /// The block including it was retracted (`{"retracted": hash}`).
    Retracted(Hash),
    /// Finality did not arrive in time (`{"finalityTimeout": hash}`); terminal.
    FinalityTimeout(Hash),
    /// The block including it is final (`{"finalized": hash}`); terminal.
    Finalized(Hash),
    /// Replaced by another extrinsic with the given hash (`{"usurped": hash}`); terminal.
    Usurped(Hash),
    /// Dropped from the pool, e.g. because it was full (`"dropped"`); terminal.
    Dropped,
    /// No longer valid (`"invalid"`); terminal.
    Invalid,
}

impl TxStatus {
    /// Whether no further status follows this one.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            TxStatus::FinalityTimeout(_)
                | TxStatus::Finalized(_)
                | TxStatus::Usurped(_)
                | TxStatus::Dropped
                | TxStatus::Invalid
        )
    }
}

/// A submitted, watched extrinsic: its hash and the stream of its statuses.
#[derive(Debug)]
pub struct TxWatch {
    /// BLAKE2b-256 of the extrinsic bytes (with their length prefix).
    pub hash: Hash,
    /// Status updates; the pool drops the sender after a terminal status.
    pub statuses: mpsc::UnboundedReceiver<TxStatus>,
}

/// A transaction-pool rejection, rendered verbatim as a JSON-RPC error object. The
/// constructors give Substrate's codes and messages, which the clients match on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxError {
    /// JSON-RPC error code (1001, 1010–1021 in Substrate's author API).
    pub code: i32,
    /// Error message.
    pub message: String,
    /// Optional `data` string.
    pub data: Option<String>,
}

impl TxError {
    fn new(code: i32, message: &str, data: Option<String>) -> TxError {
        TxError {
            code,
            message: message.to_string(),
            data,
        }
    }

    /// 1001: the bytes are not a decodable extrinsic.
    pub fn bad_format(detail: &str) -> TxError {
        TxError::new(
            1001,
            &format!("Extrinsic has invalid format: {detail}"),
            None,
        )
    }

    /// 1010 "Invalid Transaction" with a reason such as `Transaction has a bad signature`,
    /// `Transaction is outdated` or `Inability to pay some fees (e.g. account balance too low)`.
    pub fn invalid(reason: &str) -> TxError {
        TxError::new(1010, "Invalid Transaction", Some(reason.to_string()))
    }

    /// 1010 "Invalid Transaction" with `Custom error: N` (subtensor's `CustomTransactionError`).
    pub fn invalid_custom(code: u8) -> TxError {
        TxError::invalid(&format!("Custom error: {code}"))
    }

    /// 1011 "Unknown Transaction Validity".
    pub fn unknown_validity(reason: &str) -> TxError {
        TxError::new(
            1011,
            "Unknown Transaction Validity",
            Some(reason.to_string()),
        )
    }

    /// 1012 "Transaction is temporarily banned".
    pub fn temporarily_banned() -> TxError {
        TxError::new(1012, "Transaction is temporarily banned", None)
    }

    /// 1013 "Transaction Already Imported" (data: the extrinsic hash).
    pub fn already_imported(hash: &Hash) -> TxError {
        TxError::new(
            1013,
            "Transaction Already Imported",
            Some(crate::rpc::json::hex(hash)),
        )
    }

    /// 1014: a transaction with the same nonce and higher or equal priority is in the pool.
    pub fn too_low_priority(old: u64, new: u64) -> TxError {
        TxError::new(
            1014,
            &format!("Priority is too low: ({old} vs {new})"),
            Some(
                "The transaction has too low priority to replace another transaction already \
                 in the pool."
                    .to_string(),
            ),
        )
    }

    /// 1016 "Immediately Dropped": the pool is full.
    pub fn immediately_dropped() -> TxError {
        TxError::new(
            1016,
            "Immediately Dropped",
            Some("The transaction couldn't enter the pool because of the limit".to_string()),
        )
    }
}

/// Why a state query failed. Rendered as Substrate's state error 4003 (`Client error: …`);
/// the message texts are ones the clients look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainError {
    /// The block is not known.
    UnknownBlock(Hash),
    /// The block is known but its state was pruned (clients then retry on an archive node).
    StateDiscarded(Hash),
    /// `state_call` named a runtime API method the runtime does not export (clients then fall
    /// back, e.g. from `Metadata_metadata_at_version` to `state_getMetadata`).
    RuntimeApiNotFound(String),
    /// A runtime API call failed (bad arguments, …).
    ExecutionFailed(String),
    /// Anything else.
    Other(String),
}

/// The new head after a dev control sealed blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SealedHead {
    /// Number of the new best block.
    pub number: u32,
    /// Hash of the new best block.
    pub hash: Hash,
}

/// The chain behind the RPC server. See the module documentation for the invariants.
pub trait ChainApi: Send + Sync + 'static {
    /// Hash of the best block.
    fn best_hash(&self) -> Hash;
    /// Hash of the last finalized block.
    fn finalized_hash(&self) -> Hash;
    /// Hash of the block with this number on the best chain, if any.
    fn block_hash(&self, number: u32) -> Option<Hash>;
    /// Header of a known block.
    fn header(&self, hash: &Hash) -> Option<Header>;
    /// A known block (header and extrinsic bytes, each with its length prefix).
    fn block(&self, hash: &Hash) -> Option<Block>;
    /// The value stored under `key` in the state after block `at`.
    fn storage(&self, key: &[u8], at: &Hash) -> Result<Option<Vec<u8>>, ChainError>;
    /// Up to `count` keys starting with `prefix`, ascending; with `start_key`, only keys
    /// strictly greater than it.
    fn storage_keys_paged(
        &self,
        prefix: &[u8],
        count: u32,
        start_key: Option<&[u8]>,
        at: &Hash,
    ) -> Result<Vec<Vec<u8>>, ChainError>;
    /// The runtime version in force at block `at`.
    fn runtime_version(&self, at: &Hash) -> Result<RuntimeVersion, ChainError>;
    /// Call runtime API `method` (`<Trait>_<method>`) with SCALE `args` at block `at`;
    /// returns the SCALE-encoded result.
    fn state_call(&self, method: &str, args: &[u8], at: &Hash) -> Result<Vec<u8>, ChainError>;
    /// The SCALE-encoded `RuntimeMetadataPrefixed` for `state_getMetadata`.
    fn metadata(&self, at: &Hash) -> Result<Vec<u8>, ChainError>;
    /// The next nonce for `account`, counting transactions pending in the pool.
    fn account_next_index(&self, account: &[u8; 32]) -> u32;
    /// Validate and pool an extrinsic; returns its hash.
    fn submit_extrinsic(&self, extrinsic: Vec<u8>) -> Result<Hash, TxError>;
    /// Validate and pool an extrinsic and watch it.
    fn submit_and_watch_extrinsic(&self, extrinsic: Vec<u8>) -> Result<TxWatch, TxError>;
    /// Extrinsics waiting in the pool.
    fn pending_extrinsics(&self) -> Vec<Vec<u8>> {
        Vec::new()
    }
    /// Headers of new best blocks as they are imported.
    fn subscribe_new_heads(&self) -> broadcast::Receiver<Header>;
    /// Headers of newly finalized blocks.
    fn subscribe_finalized_heads(&self) -> broadcast::Receiver<Header>;
    /// Chain and node facts for `system_*`.
    fn system_info(&self) -> SystemInfo;
    /// Dev control: seal `count` blocks now.
    fn dev_seal_blocks(&self, count: u32) -> Result<SealedHead, String> {
        let _ = count;
        Err("dev controls are not available on this chain".to_string())
    }
    /// Dev control: seal blocks until just after subnet `netuid`'s next epoch ran.
    fn dev_next_epoch(&self, netuid: u16) -> Result<SealedHead, String> {
        let _ = netuid;
        Err("dev controls are not available on this chain".to_string())
    }
}
