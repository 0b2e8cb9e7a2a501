//! The chain state as the clients read it: FRAME storage items ([`storage`]) and the runtime
//! APIs behind `state_call` ([`apis`]), both computed on demand from the typed runtime
//! [`State`](dtao_runtime::State) and described in metadata by the same tables that serve
//! them, byte-exact with subtensor runtime 331 (sdk-compat §4, §5).
//!
//! What the state does not hold — block hashes, the block's encoded events, the fee of an
//! encoded extrinsic — the node passes in through [`NodeData`].
//!
//! Public surface:
//! - [`storage_value`], [`storage_keys`], [`storage_keys_paged`], [`pallet_storage_metadata`],
//!   [`item_key`] and [`decode_key`] (key building and parsing by the served items' hashers);
//! - [`state_call`], [`runtime_apis_metadata`], [`ApiError`];
//! - [`types`]: the SCALE/`scale-info` mirrors of the upstream types (`AccountId32`, `H256`,
//!   `AccountInfo`, `DynamicInfo`, …); [`keys`]: storage key hashing.
//!
//! Invariant: every function here is a pure read of its inputs and never panics on any bytes.

pub mod apis;
pub mod keys;
pub mod storage;
pub mod types;

pub use apis::{runtime_apis_metadata, state_call, ApiError};
pub use storage::{
    decode_key, item_key, pallet_storage_metadata, storage_keys, storage_keys_paged, storage_value,
    DecodedKey, STORAGE_PALLETS,
};

use std::collections::BTreeMap;

/// Fee in rao of an encoded extrinsic (compact length prefix included), as the node would
/// charge it at inclusion (`dtao_runtime::fees::fee_for` of its decoded call and length);
/// `None` if the bytes are not an extrinsic of this chain.
pub type FeeFn<'a> = dyn Fn(&[u8]) -> Option<u64> + 'a;

/// Node-held data the storage items and runtime APIs need besides the state, for the block
/// being read.
pub struct NodeData<'a> {
    /// Hashes of the blocks the node remembers, by number (`System.BlockHash`).
    pub block_hashes: &'a BTreeMap<u32, [u8; 32]>,
    /// SCALE-encoded `Vec<EventRecord>` of this block (`System.Events`); `None` if the node
    /// has none for it (the key is then absent and clients decode an empty list).
    pub events: Option<&'a [u8]>,
    /// The fee of an encoded extrinsic (`TransactionPaymentApi_query_info`).
    pub fee: &'a FeeFn<'a>,
}

static NO_BLOCK_HASHES: BTreeMap<u32, [u8; 32]> = BTreeMap::new();

fn no_fee(_: &[u8]) -> Option<u64> {
    None
}

impl Default for NodeData<'static> {
    /// No block hashes, no events, and no extrinsic decodes (fee previews fail).
    fn default() -> Self {
        NodeData {
            block_hashes: &NO_BLOCK_HASHES,
            events: None,
            fee: &no_fee,
        }
    }
}
