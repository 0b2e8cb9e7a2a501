//! The node service: the chain, the durable store, the wire formats and the RPC's view of them.
//!
//! [`Node`] implements the RPC's `ChainApi`. Submitted extrinsics are decoded, checked
//! (signature over the v4 payload, genesis, spec and transaction version, mortality, nonce, fee)
//! and pooled; [`Node::seal`] produces a block, commits it to the store in one transaction
//! (with a state snapshot when due), then notifies watchers and head subscribers. Finality is
//! instant. On start the node resumes from its store: latest snapshot plus replay.
//!
//! Invariants: a block is visible to RPC readers only after it is committed to the store; a
//! refused extrinsic changes nothing; all chain state sits behind one mutex, held only for
//! short, bounded work (one block, one read).

use crate::chain::{Chain, ChainConfig, EventKind, EventRecord, Phase};
use crate::hashing::blake2_256;
use crate::pool::{Admitted, PoolError, PoolTransaction};
use crate::rpc::{
    ChainApi, ChainError, ChainProperties, RuntimeVersion, SealedHead, SystemInfo, TxError,
    TxStatus, TxWatch,
};
use crate::state_api::{self, NodeData};
use crate::store::{Store, StoreConfig, StoreError};
use crate::types::{Block, Hash, Header};
use crate::wire::events::{dispatch_error, encode_event_records, wire_event};
use crate::wire::extrinsic::{
    birth_hash, decode_extrinsic, verify_signature, AdditionalSigned, DecodedExtrinsic,
};
use crate::wire::metadata::{build_metadata, metadata_v15_option_bytes, MetadataConfig};
use crate::wire::upstream::frame_metadata_hash_extension::Mode;
use crate::wire::upstream::frame_support::dispatch::{DispatchClass, Pays};
use crate::wire::upstream::frame_system::pallet::Event as SystemEvent;
use crate::wire::upstream::frame_system::Phase as WirePhase;
use crate::wire::upstream::frame_system::{DispatchEventInfo, EventRecord as WireRecord};
use crate::wire::upstream::node_subtensor_runtime::RuntimeEvent;
use crate::wire::upstream::primitive_types::H256;
use crate::wire::upstream::sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic;
use blake2::digest::consts::U8;
use blake2::{Blake2b, Digest};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::genesis::GenesisConfig;
use dtao_runtime::{fees, State};
use scale_info::meta_type;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{broadcast, mpsc};

/// Runtime spec version. Bump it whenever the metadata changes (a test pins the metadata hash
/// to this number), so clients that cache metadata per spec version reload it.
pub const SPEC_VERSION: u32 = 1;

/// Transaction version (bump when call encodings change).
pub const TRANSACTION_VERSION: u32 = 1;

/// Name reported as `specName` / `implName`.
pub const SPEC_NAME: &str = "node-subtensor";

/// Blocks whose hashes a mortal era may name (`System.BlockHashCount`).
pub const BLOCK_HASH_COUNT: u32 = 2_400;

/// Blocks whose encoded events are kept in memory (older ones are read from the store).
const RECENT_EVENTS: usize = 256;

/// Where a chain starts: the development preset or a genesis JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenesisSpec {
    /// `dev` preset: //Alice … //Ferdie funded, Alice sudo, cheap registration; new subnets
    /// use `tempo` if given.
    Dev {
        /// Tempo of subnets created on the dev chain.
        tempo: Option<u16>,
    },
    /// A genesis JSON document (schema in `dtao_runtime::genesis`).
    Json(String),
}

impl GenesisSpec {
    /// The bytes stored as the chain's genesis (enough to rebuild it).
    pub fn to_blob(&self) -> Vec<u8> {
        let value = match self {
            GenesisSpec::Dev { tempo } => serde_json::json!({ "preset": "dev", "tempo": tempo }),
            GenesisSpec::Json(text) => serde_json::json!({ "json": text }),
        };
        value.to_string().into_bytes()
    }

    /// Read a stored genesis blob.
    pub fn from_blob(blob: &[u8]) -> Result<GenesisSpec, String> {
        let value: serde_json::Value =
            serde_json::from_slice(blob).map_err(|e| format!("genesis blob is not JSON: {e}"))?;
        if let Some(text) = value.get("json").and_then(|v| v.as_str()) {
            return Ok(GenesisSpec::Json(text.to_string()));
        }
        if value.get("preset").and_then(|v| v.as_str()) == Some("dev") {
            let tempo = value
                .get("tempo")
                .and_then(|v| v.as_u64())
                .and_then(|t| u16::try_from(t).ok());
            return Ok(GenesisSpec::Dev { tempo });
        }
        Err("genesis blob names neither a preset nor a JSON genesis".to_string())
    }

    /// Build the genesis state.
    pub fn build(&self) -> Result<State, String> {
        let config = match self {
            GenesisSpec::Dev { tempo } => {
                let accounts: Vec<AccountId> = dtao_wallet::dev_accounts()
                    .iter()
                    .map(|(_, pair)| pair.account_id())
                    .collect();
                match tempo {
                    Some(tempo) => GenesisConfig::dev_with_tempo(&accounts, *tempo),
                    None => GenesisConfig::dev(&accounts),
                }
            }
            GenesisSpec::Json(text) => {
                GenesisConfig::from_json_str(text).map_err(|e| e.to_string())?
            }
        };
        config.build().map_err(|e| e.to_string())
    }
}

/// Node settings.
#[derive(Clone, Debug)]
pub struct NodeSettings {
    /// Chain name (`system_chain`).
    pub chain_name: String,
    /// `Development`, `Local` or `Live`.
    pub chain_type: String,
    /// Block time used for `Aura.SlotDuration`.
    pub block_time_ms: u64,
    /// Block production parameters.
    pub chain: ChainConfig,
    /// Store parameters.
    pub store: StoreConfig,
}

impl Default for NodeSettings {
    fn default() -> Self {
        NodeSettings {
            chain_name: "dtao dev".to_string(),
            chain_type: "Development".to_string(),
            block_time_ms: 12_000,
            chain: ChainConfig::default(),
            store: StoreConfig::default(),
        }
    }
}

/// Why the node could not start.
#[derive(Debug)]
pub enum NodeError {
    /// The store failed.
    Store(StoreError),
    /// The genesis could not be built.
    Genesis(String),
    /// The stored chain does not replay on this runtime.
    Replay(String),
}

impl std::fmt::Display for NodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NodeError::Store(e) => write!(f, "database: {e}"),
            NodeError::Genesis(e) => write!(f, "genesis: {e}"),
            NodeError::Replay(e) => write!(f, "resuming the stored chain: {e}"),
        }
    }
}

impl std::error::Error for NodeError {}

impl From<StoreError> for NodeError {
    fn from(error: StoreError) -> Self {
        NodeError::Store(error)
    }
}

/// Mutable node state behind one lock.
struct Inner {
    chain: Chain,
    store: Store,
    /// Encoded `System.Events` of recent blocks by number.
    events: BTreeMap<u32, Arc<Vec<u8>>>,
    /// Hashes of the last `BLOCK_HASH_COUNT` blocks and genesis (`System.BlockHash`).
    block_hashes: BTreeMap<u32, Hash>,
    /// Watchers of pooled extrinsics.
    watchers: BTreeMap<Hash, Vec<mpsc::UnboundedSender<TxStatus>>>,
}

/// The node.
pub struct Node {
    inner: Mutex<Inner>,
    new_heads: broadcast::Sender<Header>,
    finalized_heads: broadcast::Sender<Header>,
    metadata: Vec<u8>,
    metadata_v15: Vec<u8>,
    version: RuntimeVersion,
    info: SystemInfo,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("chain", &self.info.chain)
            .finish_non_exhaustive()
    }
}

/// The encoded metadata for chains with `params` and `block_time_ms` blocks.
pub fn node_metadata(
    params: &dtao_runtime::hyperparams::NetworkParams,
    block_time_ms: u64,
) -> Vec<u8> {
    let config = MetadataConfig::from_params(params, block_time_ms);
    let events_ty = meta_type::<Vec<WireRecord<RuntimeEvent, H256>>>();
    build_metadata(
        &config,
        |pallet| state_api::pallet_storage_metadata(pallet, events_ty),
        state_api::runtime_apis_metadata(meta_type::<UncheckedExtrinsic>()),
    )
}

/// Runtime API identifiers: BLAKE2b-64 of each trait name, with version 1.
fn runtime_api_ids() -> Vec<([u8; 8], u32)> {
    let mut names: Vec<&str> = state_api::apis::method_names()
        .iter()
        .filter_map(|method| method.split('_').next())
        .collect();
    names.push("Metadata");
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| (Blake2b::<U8>::digest(name.as_bytes()).into(), 1))
        .collect()
}

impl Node {
    /// Open (or create) the chain in `base_path`, starting from `genesis` if the store is new.
    pub fn open(
        base_path: &Path,
        genesis: &GenesisSpec,
        settings: NodeSettings,
    ) -> Result<Node, NodeError> {
        let store = Store::open_in_dir(base_path, settings.store)?;
        let chain = match store.head()? {
            None => {
                let state = genesis.build().map_err(NodeError::Genesis)?;
                let chain = Chain::new(state.clone(), settings.chain.clone());
                let genesis_block = chain
                    .block(&chain.genesis_hash())
                    .cloned()
                    .unwrap_or_default();
                store.init_genesis(&genesis.to_blob(), &genesis_block, &state)?;
                chain
            }
            Some(_) => resume(&store, settings.chain.clone())?,
        };
        let state = chain.state().clone();
        let metadata = node_metadata(&state.params, settings.block_time_ms);
        let metadata_v15 = metadata_v15_option_bytes(&metadata);
        let mut block_hashes = BTreeMap::new();
        let head = chain.head_number();
        for number in head.saturating_sub(BLOCK_HASH_COUNT)..=head {
            if let Some(hash) = chain.hash_of(number) {
                block_hashes.insert(number, hash);
            }
        }
        block_hashes.insert(0, chain.genesis_hash());
        let version = RuntimeVersion {
            spec_name: SPEC_NAME.to_string(),
            impl_name: "dtao".to_string(),
            authoring_version: 1,
            spec_version: SPEC_VERSION,
            impl_version: 1,
            apis: runtime_api_ids(),
            transaction_version: TRANSACTION_VERSION,
            system_version: 1,
        };
        let info = SystemInfo {
            chain: settings.chain_name.clone(),
            name: "dtao".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            chain_type: settings.chain_type.clone(),
            properties: ChainProperties::default(),
        };
        let (new_heads, _) = broadcast::channel(256);
        let (finalized_heads, _) = broadcast::channel(256);
        Ok(Node {
            inner: Mutex::new(Inner {
                chain,
                store,
                events: BTreeMap::new(),
                block_hashes,
                watchers: BTreeMap::new(),
            }),
            new_heads,
            finalized_heads,
            metadata,
            metadata_v15,
            version,
            info,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Head number and hash.
    pub fn head(&self) -> (u32, Hash) {
        let inner = self.lock();
        (inner.chain.head_number(), inner.chain.head_hash())
    }

    /// A copy of the current state (for tests and tools).
    pub fn state(&self) -> State {
        self.lock().chain.state().clone()
    }

    /// Seal one block and commit it; returns the new head.
    pub fn seal(&self) -> Result<SealedHead, String> {
        let mut inner = self.lock();
        let sealed = inner.chain.seal();
        let number = sealed.block.header.number;
        for record in sealed.events.iter() {
            if let (Phase::ApplyExtrinsic(index), EventKind::ExtrinsicFailed { error, .. }) =
                (record.phase, &record.kind)
            {
                tracing::info!(block = number, extrinsic = index, %error, "extrinsic failed");
            }
        }
        let events = Arc::new(encode_records(&sealed.events));
        let snapshot = inner
            .store
            .snapshot_due(number)
            .then_some(sealed.state.as_ref());
        inner
            .store
            .commit_block(&sealed.block, &events, snapshot)
            .map_err(|e| format!("committing block {number}: {e}"))?;
        inner.events.insert(number, events);
        while inner.events.len() > RECENT_EVENTS {
            inner.events.pop_first();
        }
        inner.block_hashes.insert(number, sealed.hash);
        while inner.block_hashes.len() > BLOCK_HASH_COUNT as usize + 1 {
            let oldest = inner.block_hashes.keys().nth(1).copied();
            if let Some(oldest) = oldest {
                inner.block_hashes.remove(&oldest);
            }
        }
        for hash in &sealed.included {
            if let Some(watchers) = inner.watchers.remove(hash) {
                for watcher in watchers {
                    let _ = watcher.send(TxStatus::InBlock(sealed.hash));
                    let _ = watcher.send(TxStatus::Finalized(sealed.hash));
                }
            }
        }
        for hash in &sealed.dropped {
            if let Some(watchers) = inner.watchers.remove(hash) {
                for watcher in watchers {
                    let _ = watcher.send(TxStatus::Invalid);
                }
            }
        }
        drop(inner);
        let _ = self.new_heads.send(sealed.block.header.clone());
        let _ = self.finalized_heads.send(sealed.block.header.clone());
        Ok(SealedHead {
            number,
            hash: sealed.hash,
        })
    }

    /// Decode and check an extrinsic against the head; returns the pool transaction.
    fn validate(&self, inner: &Inner, bytes: Vec<u8>) -> Result<PoolTransaction, TxError> {
        let decoded = decode_extrinsic(&bytes).map_err(|e| TxError::bad_format(&e.to_string()))?;
        check_decoded(inner, &decoded)?;
        Ok(PoolTransaction {
            hash: blake2_256(&bytes),
            sender: decoded.signer,
            nonce: decoded.extra.nonce,
            call: decoded.call,
            encoded: bytes,
        })
    }

    fn submit_inner(
        &self,
        bytes: Vec<u8>,
    ) -> Result<(Hash, Admitted, MutexGuard<'_, Inner>), TxError> {
        let mut inner = self.lock();
        let transaction = self.validate(&inner, bytes)?;
        let hash = transaction.hash;
        let admitted = inner
            .chain
            .submit(transaction)
            .map_err(|e| pool_error(e, &hash))?;
        Ok((hash, admitted, inner))
    }

    fn node_data_reads<T>(
        &self,
        at: &Hash,
        read: impl FnOnce(&State, &NodeData<'_>) -> T,
    ) -> Result<T, ChainError> {
        let inner = self.lock();
        let state = inner.chain.state_at(at).map_err(|e| match e {
            crate::chain::StateUnavailable::UnknownBlock => ChainError::UnknownBlock(*at),
            crate::chain::StateUnavailable::Discarded => ChainError::StateDiscarded(*at),
        })?;
        let number = inner.chain.number_of(at).unwrap_or_default();
        let events = inner.events.get(&number).cloned();
        let fee = |xt: &[u8]| {
            decode_extrinsic(xt)
                .ok()
                .map(|d| fees::fee_for(&d.call, d.encoded_len))
        };
        let data = NodeData {
            block_hashes: &inner.block_hashes,
            events: events.as_deref().map(|v| v.as_slice()),
            fee: &fee,
        };
        Ok(read(&state, &data))
    }

    /// Seal blocks until subnet `netuid`'s next epoch ran (at most tempo + 2 blocks).
    pub fn seal_until_epoch(&self, netuid: u16) -> Result<SealedHead, String> {
        let (start_index, tempo) = {
            let inner = self.lock();
            let subnet = inner
                .chain
                .state()
                .subnet(NetUid(netuid))
                .map_err(|_| format!("subnet {netuid} does not exist"))?;
            (subnet.epoch_index, subnet.hyperparams.tempo)
        };
        if tempo == 0 {
            return Err(format!("subnet {netuid} has tempo 0: its epoch never runs"));
        }
        for _ in 0..=u32::from(tempo).saturating_add(2) {
            let head = self.seal()?;
            let ran = self
                .lock()
                .chain
                .state()
                .subnet(NetUid(netuid))
                .map(|s| s.epoch_index > start_index)
                .unwrap_or(false);
            if ran {
                return Ok(head);
            }
        }
        Err(format!(
            "subnet {netuid}'s epoch did not run within {tempo} + 2 blocks"
        ))
    }
}

/// Substrate-style validity checks of a decoded extrinsic against the head.
fn check_decoded(inner: &Inner, decoded: &DecodedExtrinsic) -> Result<(), TxError> {
    if decoded.extra.metadata_hash_mode != Mode::Disabled {
        return Err(TxError::invalid("Transaction has a bad signature"));
    }
    let building = u64::from(inner.chain.head_number()).saturating_add(1);
    let chain = &inner.chain;
    let birth = birth_hash(decoded.extra.era, building, |n| {
        u32::try_from(n).ok().and_then(|n| chain.hash_of(n))
    })
    .map_err(|_| TxError::invalid("Transaction has an ancient birth block"))?;
    if decoded.extra.era.death(building) <= building {
        return Err(TxError::invalid("Transaction is outdated"));
    }
    let additional = AdditionalSigned {
        spec_version: SPEC_VERSION,
        transaction_version: TRANSACTION_VERSION,
        genesis_hash: chain.genesis_hash(),
        birth_hash: birth,
        metadata_hash: None,
    };
    verify_signature(decoded, &additional)
        .map_err(|_| TxError::invalid("Transaction has a bad signature"))?;
    let state = chain.state();
    if decoded.extra.nonce < state.nonce(&decoded.signer) {
        return Err(TxError::invalid("Transaction is outdated"));
    }
    let fee = fees::fee_for(&decoded.call, decoded.encoded_len);
    if fee > 0 && !state.can_withdraw_keep_alive(&decoded.signer, fee) {
        return Err(TxError::invalid(
            "Inability to pay some fees (e.g. account balance too low)",
        ));
    }
    Ok(())
}

fn pool_error(error: PoolError, hash: &Hash) -> TxError {
    match error {
        PoolError::Stale => TxError::invalid("Transaction is outdated"),
        PoolError::AlreadyImported => TxError::already_imported(hash),
        PoolError::NonceTaken => TxError::too_low_priority(0, 0),
        PoolError::PoolFull | PoolError::SenderLimit | PoolError::TooLarge => {
            TxError::immediately_dropped()
        }
    }
}

fn wire_phase(phase: Phase) -> WirePhase {
    match phase {
        Phase::ApplyExtrinsic(index) => WirePhase::ApplyExtrinsic(index),
        Phase::Finalization => WirePhase::Finalization,
        Phase::Initialization => WirePhase::Initialization,
    }
}

fn dispatch_info(pays_fee: bool) -> DispatchEventInfo {
    DispatchEventInfo {
        weight: Default::default(),
        class: DispatchClass::Normal,
        pays_fee: if pays_fee { Pays::Yes } else { Pays::No },
    }
}

/// The `System.Events` value of a block.
pub fn encode_records(records: &[EventRecord]) -> Vec<u8> {
    let wire: Vec<(WirePhase, RuntimeEvent)> = records
        .iter()
        .filter_map(|record| {
            let event = match &record.kind {
                EventKind::Runtime(event) => wire_event(event)?,
                EventKind::ExtrinsicSuccess { pays_fee } => {
                    RuntimeEvent::System(SystemEvent::ExtrinsicSuccess {
                        dispatch_info: dispatch_info(*pays_fee),
                    })
                }
                EventKind::ExtrinsicFailed { error, pays_fee } => {
                    RuntimeEvent::System(SystemEvent::ExtrinsicFailed {
                        dispatch_error: dispatch_error(*error),
                        dispatch_info: dispatch_info(*pays_fee),
                    })
                }
            };
            Some((wire_phase(record.phase), event))
        })
        .collect();
    encode_event_records(&wire)
}

/// Rebuild the chain from the store: the latest state snapshot, then re-execution of the blocks
/// after it (their hashes must come out the same). Without a usable snapshot the genesis is
/// rebuilt from its stored description and every block is replayed.
fn resume(store: &Store, config: ChainConfig) -> Result<Chain, NodeError> {
    let reader = store.reader()?;
    let (mut chain, from) = match reader.latest_snapshot() {
        Ok(Some((number, state))) => {
            let hashes = (0..=number)
                .map(|n| {
                    reader.hash_of(n)?.ok_or_else(|| {
                        NodeError::Replay(format!("block {n} is missing from the store"))
                    })
                })
                .collect::<Result<Vec<Hash>, NodeError>>()?;
            let block = reader.block_by_number(number)?.ok_or_else(|| {
                NodeError::Replay(format!("snapshot block {number} is missing from the store"))
            })?;
            let chain = Chain::restore(state, config, hashes, block)
                .map_err(|e| NodeError::Replay(e.to_string()))?;
            (chain, number)
        }
        Ok(None) | Err(_) => {
            let blob = reader
                .genesis_blob()?
                .ok_or_else(|| NodeError::Genesis("the store has no genesis".to_string()))?;
            let spec = GenesisSpec::from_blob(&blob).map_err(NodeError::Genesis)?;
            let genesis = spec.build().map_err(NodeError::Genesis)?;
            (Chain::new(genesis, config), 0)
        }
    };
    for block in reader.blocks_after(from)? {
        let block: Block = block?;
        let transactions = stored_transactions(&block)?;
        chain
            .apply_block(&block, transactions)
            .map_err(|e| NodeError::Replay(e.to_string()))?;
    }
    Ok(chain)
}

/// The pool transactions of a stored block, decoded again.
fn stored_transactions(block: &Block) -> Result<Vec<PoolTransaction>, NodeError> {
    block
        .extrinsics
        .iter()
        .map(|bytes| {
            decode_extrinsic(bytes)
                .map(|d| PoolTransaction {
                    hash: blake2_256(bytes),
                    sender: d.signer,
                    nonce: d.extra.nonce,
                    call: d.call,
                    encoded: bytes.clone(),
                })
                .map_err(|e| NodeError::Replay(format!("block {}: {e}", block.header.number)))
        })
        .collect()
}

impl ChainApi for Node {
    fn best_hash(&self) -> Hash {
        self.lock().chain.head_hash()
    }

    fn finalized_hash(&self) -> Hash {
        self.lock().chain.head_hash()
    }

    fn block_hash(&self, number: u32) -> Option<Hash> {
        self.lock().chain.hash_of(number)
    }

    fn header(&self, hash: &Hash) -> Option<Header> {
        self.block(hash).map(|block| block.header)
    }

    fn block(&self, hash: &Hash) -> Option<Block> {
        let inner = self.lock();
        if let Some(block) = inner.chain.block(hash) {
            return Some(block.clone());
        }
        inner.store.block_by_hash(hash).ok().flatten()
    }

    fn storage(&self, key: &[u8], at: &Hash) -> Result<Option<Vec<u8>>, ChainError> {
        self.node_data_reads(at, |state, data| state_api::storage_value(state, data, key))
    }

    fn storage_keys_paged(
        &self,
        prefix: &[u8],
        count: u32,
        start_key: Option<&[u8]>,
        at: &Hash,
    ) -> Result<Vec<Vec<u8>>, ChainError> {
        self.node_data_reads(at, |state, data| {
            state_api::storage_keys_paged(state, data, prefix, count as usize, start_key)
        })
    }

    fn runtime_version(&self, at: &Hash) -> Result<RuntimeVersion, ChainError> {
        if self.lock().chain.number_of(at).is_none() {
            return Err(ChainError::UnknownBlock(*at));
        }
        Ok(self.version.clone())
    }

    fn state_call(&self, method: &str, args: &[u8], at: &Hash) -> Result<Vec<u8>, ChainError> {
        match method {
            "Metadata_metadata_at_version" => {
                return match args {
                    [15, 0, 0, 0] => Ok(self.metadata_v15.clone()),
                    [_, _, _, _] => Ok(vec![0]),
                    _ => Err(ChainError::ExecutionFailed(
                        "bad input: expected a u32 version".to_string(),
                    )),
                };
            }
            "Metadata_metadata_versions" => {
                return Ok(parity_scale_codec::Encode::encode(&vec![15_u32]));
            }
            "Metadata_metadata" => {
                return Ok(parity_scale_codec::Encode::encode(&self.metadata));
            }
            _ => {}
        }
        self.node_data_reads(at, |state, data| {
            state_api::state_call(state, data, method, args)
        })?
        .map_err(|error| {
            let text = error.to_string();
            if text.contains("is not found") {
                ChainError::RuntimeApiNotFound(method.to_string())
            } else {
                ChainError::ExecutionFailed(text)
            }
        })
    }

    fn metadata(&self, _at: &Hash) -> Result<Vec<u8>, ChainError> {
        Ok(self.metadata.clone())
    }

    fn account_next_index(&self, account: &[u8; 32]) -> u32 {
        self.lock().chain.next_nonce(&AccountId(*account))
    }

    fn submit_extrinsic(&self, extrinsic: Vec<u8>) -> Result<Hash, TxError> {
        self.submit_inner(extrinsic).map(|(hash, _, _)| hash)
    }

    fn submit_and_watch_extrinsic(&self, extrinsic: Vec<u8>) -> Result<TxWatch, TxError> {
        let (hash, admitted, mut inner) = self.submit_inner(extrinsic)?;
        let (sender, statuses) = mpsc::unbounded_channel();
        let _ = sender.send(match admitted {
            Admitted::Ready => TxStatus::Ready,
            Admitted::Future => TxStatus::Future,
        });
        inner.watchers.entry(hash).or_default().push(sender);
        Ok(TxWatch { hash, statuses })
    }

    fn pending_extrinsics(&self) -> Vec<Vec<u8>> {
        let inner = self.lock();
        let chain = &inner.chain;
        chain
            .pool()
            .ready(usize::MAX, |account| chain.state().nonce(account))
            .into_iter()
            .map(|tx| tx.encoded)
            .collect()
    }

    fn subscribe_new_heads(&self) -> broadcast::Receiver<Header> {
        self.new_heads.subscribe()
    }

    fn subscribe_finalized_heads(&self) -> broadcast::Receiver<Header> {
        self.finalized_heads.subscribe()
    }

    fn system_info(&self) -> SystemInfo {
        self.info.clone()
    }

    fn dev_seal_blocks(&self, count: u32) -> Result<SealedHead, String> {
        let mut head = None;
        for _ in 0..count.max(1) {
            head = Some(self.seal()?);
        }
        head.ok_or_else(|| "no block sealed".to_string())
    }

    fn dev_next_epoch(&self, netuid: u16) -> Result<SealedHead, String> {
        self.seal_until_epoch(netuid)
    }
}

/// Build a signed, immortal v4 extrinsic for this chain (for tools, tests and benchmarks; the
/// Python clients build their own).
pub fn sign_extrinsic(
    keypair: &dtao_wallet::Keypair,
    call: &dtao_runtime::RuntimeCall,
    nonce: u32,
    genesis_hash: Hash,
) -> Vec<u8> {
    let versions = RuntimeVersions {
        spec_version: SPEC_VERSION,
        transaction_version: TRANSACTION_VERSION,
    };
    sign_extrinsic_for(keypair, call, nonce, genesis_hash, versions)
}

/// The runtime versions a signature commits to (from `state_getRuntimeVersion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeVersions {
    /// `specVersion`.
    pub spec_version: u32,
    /// `transactionVersion`.
    pub transaction_version: u32,
}

/// [`sign_extrinsic`] for a node that reports `versions` (a client signing for whatever node it
/// talks to).
pub fn sign_extrinsic_for(
    keypair: &dtao_wallet::Keypair,
    call: &dtao_runtime::RuntimeCall,
    nonce: u32,
    genesis_hash: Hash,
    versions: RuntimeVersions,
) -> Vec<u8> {
    use crate::wire::era::Era;
    use crate::wire::extrinsic::{
        encode_call, encode_signed_extrinsic, signing_payload, ExtraFields,
    };
    use crate::wire::upstream::sp_runtime::MultiSignature;
    let call_bytes = encode_call(call);
    let extra = ExtraFields {
        era: Era::Immortal,
        nonce,
        tip: 0,
        metadata_hash_mode: Mode::Disabled,
    };
    let additional = AdditionalSigned {
        spec_version: versions.spec_version,
        transaction_version: versions.transaction_version,
        genesis_hash,
        birth_hash: genesis_hash,
        metadata_hash: None,
    };
    let signature = keypair.sign(&signing_payload(&call_bytes, &extra, &additional));
    encode_signed_extrinsic(
        &keypair.account_id(),
        &MultiSignature::Sr25519(signature),
        &extra,
        &call_bytes,
    )
}
