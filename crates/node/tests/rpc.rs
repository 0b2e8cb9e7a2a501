//! The JSON-RPC server over a real WebSocket, against an in-memory fake chain: every method of
//! sdk-compat.md §2.2 with its result shape and aliases, batches, the three subscriptions and
//! their unsubscribe methods, Substrate-shaped pool errors, the limits, dev controls, and a
//! replay of requests recorded from the real clients (fixtures/client-traces).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_node::hashing::blake2_256;
use dtao_node::rpc::{
    self, ChainApi, ChainError, ChainProperties, RpcConfig, RuntimeVersion, SealedHead,
    ServerHandle, SystemInfo, TxError, TxStatus, TxWatch,
};
use dtao_node::types::{extrinsics_root, Block, Digest, Hash, Header};
use jsonrpsee::client_transport::ws::{Url, WsTransportClientBuilder};
use jsonrpsee::core::client::{
    ClientT, ReceivedMessage, SubscriptionClientT, TransportReceiverT, TransportSenderT,
};
use jsonrpsee::core::params::ArrayParams;
use jsonrpsee::core::ClientError;
use jsonrpsee::types::ErrorObjectOwned;
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

// ---------------------------------------------------------------------------------------------
// The fake chain
// ---------------------------------------------------------------------------------------------

/// System.Account key of the account in the f10 traces (pubkey b2b3e3…992b).
const TRACED_ACCOUNT_KEY: &str = "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da945eefb13912e35cc1cd7f3862c8dc71bb2b3e3bac058ac0690389cad3ed76b6d5d4cc38d7c7340b5a1fae80b453d992b";
const TRACED_SS58: &str = "5G71pTNiL6HUhHdCtABrEFYJ623PwEqRuqYo5EdzAKCzhcXH";
const TRACED_PUBKEY: &str = "b2b3e3bac058ac0690389cad3ed76b6d5d4cc38d7c7340b5a1fae80b453d992b";
/// SubtensorModule.NetworksAdded prefix.
const NETWORKS_ADDED: &str = "0x658faa385070e074c85bf6b568cf05550e30450fc4d507a846032a7fa65d9a43";
const SPEC_VERSION: u32 = 331;
const METADATA_BODY: &[u8] = b"meta\x0ffake-metadata-body";

fn unhex(text: &str) -> Vec<u8> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::from("0x");
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

struct FakeState {
    blocks: Vec<Block>,
    hashes: Vec<Hash>,
    states: Vec<BTreeMap<Vec<u8>, Vec<u8>>>,
    nonces: HashMap<[u8; 32], u32>,
}

struct FakeChain {
    state: Mutex<FakeState>,
    new_heads: broadcast::Sender<Header>,
    finalized_heads: broadcast::Sender<Header>,
}

fn account_info(free_rao: u64, nonce: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&nonce.to_le_bytes());
    out.extend_from_slice(&0_u32.to_le_bytes());
    out.extend_from_slice(&1_u32.to_le_bytes());
    out.extend_from_slice(&0_u32.to_le_bytes());
    out.extend_from_slice(&free_rao.to_le_bytes());
    out.extend_from_slice(&[0; 8 + 8 + 16]);
    out
}

impl FakeChain {
    fn new() -> Arc<FakeChain> {
        let mut genesis_state = BTreeMap::new();
        genesis_state.insert(
            unhex(TRACED_ACCOUNT_KEY),
            account_info(1_000_000_000_000_000, 0),
        );
        let prefix = unhex(NETWORKS_ADDED);
        for netuid in 0_u16..5 {
            let mut key = prefix.clone();
            key.extend_from_slice(&[0xaa; 8]);
            key.extend_from_slice(&netuid.to_le_bytes());
            genesis_state.insert(key, vec![1]);
        }
        // A neighbouring prefix that must never leak into NetworksAdded pages.
        let mut other = prefix.clone();
        *other.last_mut().unwrap() += 1;
        genesis_state.insert(other, vec![9]);
        let genesis = Block {
            header: Header {
                parent_hash: [0; 32],
                number: 0,
                state_root: blake2_256(b"genesis"),
                extrinsics_root: extrinsics_root(&[]),
                digest: Digest::default(),
            },
            extrinsics: Vec::new(),
        };
        let (new_heads, _) = broadcast::channel(64);
        let (finalized_heads, _) = broadcast::channel(64);
        Arc::new(FakeChain {
            state: Mutex::new(FakeState {
                hashes: vec![genesis.header.hash()],
                blocks: vec![genesis],
                states: vec![genesis_state],
                nonces: HashMap::new(),
            }),
            new_heads,
            finalized_heads,
        })
    }

    fn seal(&self, extrinsics: Vec<Vec<u8>>) -> SealedHead {
        let header = {
            let mut state = self.state.lock().unwrap();
            let number = u32::try_from(state.blocks.len()).unwrap();
            let header = Header {
                parent_hash: *state.hashes.last().unwrap(),
                number,
                state_root: blake2_256(&number.to_le_bytes()),
                extrinsics_root: extrinsics_root(&extrinsics),
                digest: Digest {
                    logs: vec![vec![6, 1, 2, 3]],
                },
            };
            let next_state = state.states.last().unwrap().clone();
            state.hashes.push(header.hash());
            state.blocks.push(Block {
                header: header.clone(),
                extrinsics,
            });
            state.states.push(next_state);
            header
        };
        let _ = self.new_heads.send(header.clone());
        let _ = self.finalized_heads.send(header.clone());
        SealedHead {
            number: header.number,
            hash: header.hash(),
        }
    }

    fn index_of(&self, hash: &Hash) -> Option<usize> {
        self.state
            .lock()
            .unwrap()
            .hashes
            .iter()
            .position(|known| known == hash)
    }

    fn state_index(&self, at: &Hash) -> Result<usize, ChainError> {
        self.index_of(at).ok_or(ChainError::UnknownBlock(*at))
    }

    fn validate(&self, extrinsic: &[u8]) -> Result<Hash, TxError> {
        match extrinsic.first() {
            None => Err(TxError::bad_format("empty")),
            Some(0xff) => Err(TxError::invalid_custom(3)),
            Some(0xfe) => Err(TxError::invalid("Transaction has a bad signature")),
            Some(0xfd) => Err(TxError::immediately_dropped()),
            Some(_) => Ok(blake2_256(extrinsic)),
        }
    }
}

impl ChainApi for FakeChain {
    fn best_hash(&self) -> Hash {
        *self.state.lock().unwrap().hashes.last().unwrap()
    }
    fn finalized_hash(&self) -> Hash {
        self.best_hash()
    }
    fn block_hash(&self, number: u32) -> Option<Hash> {
        let state = self.state.lock().unwrap();
        state.hashes.get(usize::try_from(number).ok()?).copied()
    }
    fn header(&self, hash: &Hash) -> Option<Header> {
        let index = self.index_of(hash)?;
        Some(self.state.lock().unwrap().blocks[index].header.clone())
    }
    fn block(&self, hash: &Hash) -> Option<Block> {
        let index = self.index_of(hash)?;
        Some(self.state.lock().unwrap().blocks[index].clone())
    }
    fn storage(&self, key: &[u8], at: &Hash) -> Result<Option<Vec<u8>>, ChainError> {
        let index = self.state_index(at)?;
        if key == b"big" {
            // A 9 MiB value: 18 MiB of hex, over a 16 MiB response limit.
            return Ok(Some(vec![0x5a; 9 * 1024 * 1024]));
        }
        Ok(self.state.lock().unwrap().states[index].get(key).cloned())
    }
    fn storage_keys_paged(
        &self,
        prefix: &[u8],
        count: u32,
        start_key: Option<&[u8]>,
        at: &Hash,
    ) -> Result<Vec<Vec<u8>>, ChainError> {
        let index = self.state_index(at)?;
        let state = self.state.lock().unwrap();
        Ok(state.states[index]
            .keys()
            .filter(|key| key.starts_with(prefix))
            .filter(|key| start_key.is_none_or(|start| key.as_slice() > start))
            .take(usize::try_from(count).unwrap())
            .cloned()
            .collect())
    }
    fn runtime_version(&self, at: &Hash) -> Result<RuntimeVersion, ChainError> {
        self.state_index(at)?;
        Ok(RuntimeVersion {
            spec_name: "node-subtensor".to_string(),
            impl_name: "dtao".to_string(),
            authoring_version: 1,
            spec_version: SPEC_VERSION,
            impl_version: 1,
            apis: vec![([0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b], 5)],
            transaction_version: 1,
            system_version: 1,
        })
    }
    fn state_call(&self, method: &str, args: &[u8], at: &Hash) -> Result<Vec<u8>, ChainError> {
        self.state_index(at)?;
        match method {
            "Metadata_metadata_at_version" if args == [15, 0, 0, 0] => {
                let mut out = vec![1, u8::try_from(METADATA_BODY.len() * 4).unwrap()];
                out.extend_from_slice(METADATA_BODY);
                Ok(out)
            }
            "Metadata_metadata_at_version" => Ok(vec![0]),
            "Test_bigResponse" => {
                let len = u32::from_le_bytes(args.try_into().map_err(|_| {
                    ChainError::ExecutionFailed("expected a u32 length".to_string())
                })?);
                Ok(vec![0x11; usize::try_from(len).unwrap()])
            }
            other => Err(ChainError::RuntimeApiNotFound(other.to_string())),
        }
    }
    fn metadata(&self, at: &Hash) -> Result<Vec<u8>, ChainError> {
        self.state_index(at)?;
        Ok(METADATA_BODY.to_vec())
    }
    fn account_next_index(&self, account: &[u8; 32]) -> u32 {
        *self.state.lock().unwrap().nonces.get(account).unwrap_or(&0)
    }
    fn submit_extrinsic(&self, extrinsic: Vec<u8>) -> Result<Hash, TxError> {
        let hash = self.validate(&extrinsic)?;
        self.seal(vec![extrinsic]);
        Ok(hash)
    }
    fn submit_and_watch_extrinsic(&self, extrinsic: Vec<u8>) -> Result<TxWatch, TxError> {
        let hash = self.validate(&extrinsic)?;
        let (sender, statuses) = mpsc::unbounded_channel();
        let _ = sender.send(TxStatus::Ready);
        let sealed = self.seal(vec![extrinsic]);
        let _ = sender.send(TxStatus::InBlock(sealed.hash));
        let _ = sender.send(TxStatus::Finalized(sealed.hash));
        Ok(TxWatch { hash, statuses })
    }
    fn pending_extrinsics(&self) -> Vec<Vec<u8>> {
        vec![vec![0x04, 0x01]]
    }
    fn subscribe_new_heads(&self) -> broadcast::Receiver<Header> {
        self.new_heads.subscribe()
    }
    fn subscribe_finalized_heads(&self) -> broadcast::Receiver<Header> {
        self.finalized_heads.subscribe()
    }
    fn system_info(&self) -> SystemInfo {
        SystemInfo {
            chain: "Bittensor".to_string(),
            name: "dtao".to_string(),
            version: "0.1.0".to_string(),
            chain_type: "Development".to_string(),
            properties: ChainProperties::default(),
        }
    }
    fn dev_seal_blocks(&self, count: u32) -> Result<SealedHead, String> {
        let mut last = None;
        for _ in 0..count {
            last = Some(self.seal(Vec::new()));
        }
        last.ok_or_else(|| "nothing sealed".to_string())
    }
    fn dev_next_epoch(&self, netuid: u16) -> Result<SealedHead, String> {
        if netuid > 4 {
            return Err(format!("subnet {netuid} does not exist"));
        }
        // Epochs of the fake run every 10 blocks.
        loop {
            let sealed = self.seal(Vec::new());
            if sealed.number % 10 == 1 {
                return Ok(sealed);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Harness: a server, a jsonrpsee client, and a raw WebSocket
// ---------------------------------------------------------------------------------------------

fn test_config() -> RpcConfig {
    RpcConfig {
        port: 0,
        enable_dev_rpc: true,
        ..RpcConfig::default()
    }
}

async fn start_with(config: RpcConfig) -> (ServerHandle, Arc<FakeChain>) {
    let chain = FakeChain::new();
    let handle = rpc::start_server(config, chain.clone())
        .await
        .expect("server starts");
    (handle, chain)
}

fn url(handle: &ServerHandle) -> String {
    format!("ws://{}", handle.local_addr)
}

async fn client(handle: &ServerHandle) -> WsClient {
    WsClientBuilder::default()
        .max_response_size(u32::MAX)
        .build(url(handle))
        .await
        .expect("client connects")
}

fn array_params(params: &[Value]) -> ArrayParams {
    let mut out = ArrayParams::new();
    for param in params {
        out.insert(param).unwrap();
    }
    out
}

async fn call(
    client: &WsClient,
    method: &str,
    params: &[Value],
) -> Result<Value, ErrorObjectOwned> {
    match client
        .request::<Value, _>(method, array_params(params))
        .await
    {
        Ok(value) => Ok(value),
        Err(ClientError::Call(err)) => Err(err),
        Err(other) => panic!("{method}: transport failure {other}"),
    }
}

async fn ok(client: &WsClient, method: &str, params: &[Value]) -> Value {
    call(client, method, params)
        .await
        .unwrap_or_else(|err| panic!("{method} {params:?} failed: {err:?}"))
}

async fn err(client: &WsClient, method: &str, params: &[Value]) -> ErrorObjectOwned {
    match call(client, method, params).await {
        Ok(value) => panic!("{method} {params:?} succeeded with {value}"),
        Err(err) => err,
    }
}

/// A raw WebSocket speaking JSON text frames.
struct RawWs<S, R> {
    sender: S,
    receiver: R,
    /// Messages received while waiting for a response, in arrival order.
    queued: VecDeque<Value>,
}

async fn connect_raw(
    handle: &ServerHandle,
) -> Result<RawWs<impl TransportSenderT, impl TransportReceiverT>, String> {
    let (sender, receiver) = WsTransportClientBuilder::default()
        .max_request_size(u32::MAX)
        .max_response_size(u32::MAX)
        .build(Url::parse(&url(handle)).unwrap())
        .await
        .map_err(|err| err.to_string())?;
    Ok(RawWs {
        sender,
        receiver,
        queued: VecDeque::new(),
    })
}

impl<S: TransportSenderT, R: TransportReceiverT> RawWs<S, R> {
    async fn send_text(&mut self, text: String) {
        self.sender.send(text).await.expect("frame sent");
    }

    async fn send(&mut self, value: &Value) {
        self.send_text(value.to_string()).await;
    }

    async fn recv_within(&mut self, limit: Duration) -> Option<Value> {
        if let Some(message) = self.queued.pop_front() {
            return Some(message);
        }
        match tokio::time::timeout(limit, self.receiver.receive()).await {
            Ok(Ok(ReceivedMessage::Text(text))) => Some(serde_json::from_str(&text).unwrap()),
            Ok(Ok(other)) => panic!("unexpected frame {other:?}"),
            Ok(Err(err)) => panic!("receive failed: {err}"),
            Err(_) => None,
        }
    }

    async fn recv(&mut self) -> Value {
        self.recv_within(Duration::from_secs(10))
            .await
            .expect("a message within 10 s")
    }

    /// Send one request and return its response; messages in between stay queued.
    async fn request(&mut self, id: Value, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        if let Some(at) = self.queued.iter().position(|m| m.get("id") == Some(&id)) {
            return self.queued.remove(at).unwrap();
        }
        loop {
            let message = match tokio::time::timeout(
                Duration::from_secs(10),
                self.receiver.receive(),
            )
            .await
            {
                Ok(Ok(ReceivedMessage::Text(text))) => {
                    serde_json::from_str::<Value>(&text).unwrap()
                }
                other => panic!("no response to {method}: {other:?}"),
            };
            if message.get("id") == Some(&id) {
                return message;
            }
            self.queued.push_back(message);
        }
    }
}

fn is_hash(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| text.len() == 66 && text.starts_with("0x"))
}

fn is_hex(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        text.starts_with("0x") && text[2..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn assert_header_shape(header: &Value) {
    for field in ["parentHash", "stateRoot", "extrinsicsRoot"] {
        assert!(is_hash(&header[field]), "{field} in {header}");
    }
    let number = header["number"].as_str().expect("number is a hex string");
    assert!(u64::from_str_radix(number.trim_start_matches("0x"), 16).is_ok());
    assert!(header["digest"]["logs"].is_array());
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chain_methods_have_substrate_shapes_and_aliases() {
    let (handle, chain) = start_with(test_config()).await;
    chain.dev_seal_blocks(3).unwrap();
    let c = client(&handle).await;
    let best = hex(&chain.best_hash());
    let genesis = hex(&chain.block_hash(0).unwrap());

    assert_eq!(ok(&c, "chain_getHead", &[]).await, json!(best));
    assert_eq!(ok(&c, "chain_getBlockHash", &[]).await, json!(best));
    assert_eq!(
        ok(&c, "chain_getBlockHash", &[Value::Null]).await,
        json!(best)
    );
    assert_eq!(
        ok(&c, "chain_getBlockHash", &[json!(0)]).await,
        json!(genesis)
    );
    assert_eq!(
        ok(&c, "chain_getBlockHash", &[json!("0x0")]).await,
        json!(genesis)
    );
    assert_eq!(
        ok(&c, "chain_getBlockHash", &[json!(999)]).await,
        Value::Null
    );
    assert_eq!(
        ok(&c, "chain_getBlockHash", &[json!([0, 3, 999])]).await,
        json!([genesis, best, null])
    );
    assert_eq!(
        err(&c, "chain_getBlockHash", &[json!(-1)]).await.code(),
        -32602
    );
    assert_eq!(
        err(&c, "chain_getBlockHash", &[json!(1_u64 << 40)])
            .await
            .code(),
        -32602
    );
    assert_eq!(ok(&c, "chain_getFinalizedHead", &[]).await, json!(best));
    assert_eq!(ok(&c, "chain_getFinalisedHead", &[]).await, json!(best));

    let head = ok(&c, "chain_getHeader", &[]).await;
    assert_header_shape(&head);
    assert_eq!(head["number"], "0x3");
    assert_eq!(head["digest"]["logs"], json!(["0x06010203"]));
    assert_eq!(ok(&c, "chain_getHeader", &[json!(best)]).await, head);
    let genesis_header = ok(&c, "chain_getHeader", &[json!(genesis)]).await;
    assert_eq!(genesis_header["parentHash"], json!(hex(&[0; 32])));
    assert_eq!(genesis_header["number"], "0x0");
    assert_eq!(
        ok(&c, "chain_getHeader", &[json!(hex(&[7; 32]))]).await,
        Value::Null
    );
    assert_eq!(
        err(&c, "chain_getHeader", &[json!("0x1234")]).await.code(),
        -32602
    );

    let xt_hash = ok(&c, "author_submitExtrinsic", &[json!("0x0c010203")]).await;
    let block_hash = ok(&c, "chain_getHead", &[]).await;
    let block = ok(&c, "chain_getBlock", std::slice::from_ref(&block_hash)).await;
    assert_header_shape(&block["block"]["header"]);
    assert_eq!(block["block"]["extrinsics"], json!(["0x0c010203"]));
    assert_eq!(block["justifications"], Value::Null);
    assert_eq!(xt_hash, json!(hex(&blake2_256(&[0x0c, 1, 2, 3]))));
    assert_eq!(ok(&c, "chain_getBlock", &[]).await, block);
    assert_eq!(
        ok(&c, "chain_getBlock", &[json!(hex(&[7; 32]))]).await,
        Value::Null
    );
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_methods_have_substrate_shapes_and_aliases() {
    let (handle, chain) = start_with(test_config()).await;
    let c = client(&handle).await;
    let genesis = hex(&chain.best_hash());
    chain.dev_seal_blocks(1).unwrap();
    let account_value = hex(&account_info(1_000_000_000_000_000, 0));

    for method in ["state_getStorage", "state_getStorageAt"] {
        assert_eq!(
            ok(&c, method, &[json!(TRACED_ACCOUNT_KEY), Value::Null]).await,
            json!(account_value)
        );
        assert_eq!(
            ok(&c, method, &[json!(TRACED_ACCOUNT_KEY), json!(genesis)]).await,
            json!(account_value)
        );
        assert_eq!(ok(&c, method, &[json!("0xdead")]).await, Value::Null);
    }
    let unknown = err(
        &c,
        "state_getStorage",
        &[json!("0x00"), json!(hex(&[7; 32]))],
    )
    .await;
    assert_eq!(unknown.code(), 4003);
    assert!(unknown.message().starts_with("Client error: UnknownBlock"));
    assert_eq!(err(&c, "state_getStorage", &[]).await.code(), -32602);
    assert_eq!(
        err(&c, "state_getStorage", &[json!("0xabc")]).await.code(),
        -32602
    );
    assert_eq!(
        ok(&c, "state_getStorageSize", &[json!(TRACED_ACCOUNT_KEY)]).await,
        json!(56)
    );
    assert_eq!(
        ok(&c, "state_getStorageHashAt", &[json!(TRACED_ACCOUNT_KEY)]).await,
        json!(hex(&blake2_256(&unhex(&account_value))))
    );

    let best = hex(&chain.best_hash());
    let changes = ok(
        &c,
        "state_queryStorageAt",
        &[json!([TRACED_ACCOUNT_KEY, "0xDEAD"]), Value::Null],
    )
    .await;
    assert_eq!(
        changes,
        json!([{ "block": best, "changes": [[TRACED_ACCOUNT_KEY, account_value], ["0xdead", null]] }])
    );

    // Paged keys: sorted, under the prefix, strictly after the start key.
    let first = ok(
        &c,
        "state_getKeysPaged",
        &[
            json!(NETWORKS_ADDED),
            json!(3),
            json!(NETWORKS_ADDED),
            Value::Null,
        ],
    )
    .await;
    let first: Vec<String> = serde_json::from_value(first).unwrap();
    assert_eq!(first.len(), 3);
    assert!(first.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(first.iter().all(|key| key.starts_with(NETWORKS_ADDED)));
    let second = ok(
        &c,
        "state_getKeysPagedAt",
        &[json!(NETWORKS_ADDED), json!(3), json!(first[2])],
    )
    .await;
    let second: Vec<String> = serde_json::from_value(second).unwrap();
    assert_eq!(second.len(), 2);
    assert!(second[0] > first[2]);
    let all = ok(&c, "state_getKeys", &[json!(NETWORKS_ADDED), json!(best)]).await;
    let all: Vec<String> = serde_json::from_value(all).unwrap();
    assert_eq!(all, [first, second].concat());
    let too_many = err(
        &c,
        "state_getKeysPaged",
        &[json!(NETWORKS_ADDED), json!(1001)],
    )
    .await;
    assert_eq!(too_many.code(), 4002);
    assert_eq!(
        too_many.message(),
        "count exceeds maximum value. value: 1001, max: 1000"
    );

    let version = ok(&c, "state_getRuntimeVersion", &[json!(genesis)]).await;
    assert_eq!(version["specName"], "node-subtensor");
    assert_eq!(version["specVersion"], SPEC_VERSION);
    assert_eq!(version["transactionVersion"], 1);
    assert_eq!(version["systemVersion"], 1);
    assert_eq!(version["stateVersion"], 1);
    assert_eq!(version["apis"], json!([["0xdf6acb689907609b", 5]]));
    for field in ["implName", "authoringVersion", "implVersion"] {
        assert!(!version[field].is_null(), "{field}");
    }
    assert_eq!(ok(&c, "chain_getRuntimeVersion", &[]).await, version);

    let metadata = ok(
        &c,
        "state_call",
        &[
            json!("Metadata_metadata_at_version"),
            json!("0x0f000000"),
            json!(best),
        ],
    )
    .await;
    let compact_len = METADATA_BODY.len() * 4;
    assert_eq!(
        metadata,
        json!(format!("0x01{compact_len:02x}{}", &hex(METADATA_BODY)[2..]))
    );
    assert!(metadata.as_str().unwrap()[6..].starts_with("6d657461"));
    assert_eq!(
        ok(
            &c,
            "state_callAt",
            &[json!("Metadata_metadata_at_version"), json!("0f000000")]
        )
        .await,
        metadata
    );
    let missing = err(&c, "state_call", &[json!("Nope_nothing"), json!("0x")]).await;
    assert_eq!(missing.code(), 4003);
    assert!(missing
        .message()
        .contains("Exported method Nope_nothing is not found"));
    assert_eq!(
        ok(&c, "state_getMetadata", &[]).await,
        json!(hex(METADATA_BODY))
    );
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_author_and_rpc_methods() {
    let (handle, chain) = start_with(test_config()).await;
    let c = client(&handle).await;

    assert_eq!(ok(&c, "system_chain", &[]).await, "Bittensor");
    assert_eq!(ok(&c, "system_name", &[]).await, "dtao");
    assert_eq!(ok(&c, "system_version", &[]).await, "0.1.0");
    assert_eq!(ok(&c, "system_chainType", &[]).await, "Development");
    assert_eq!(
        ok(&c, "system_properties", &[]).await,
        json!({"ss58Format": 42, "tokenDecimals": 9, "tokenSymbol": "TAO"})
    );
    assert_eq!(ok(&c, "system_health", &[]).await["peers"], 0);

    let pubkey: [u8; 32] = unhex(TRACED_PUBKEY).try_into().unwrap();
    chain.state.lock().unwrap().nonces.insert(pubkey, 5);
    assert_eq!(ok(&c, "account_nextIndex", &[json!(TRACED_SS58)]).await, 5);
    assert_eq!(
        ok(
            &c,
            "system_accountNextIndex",
            &[json!(format!("0x{TRACED_PUBKEY}"))]
        )
        .await,
        5
    );
    assert_eq!(
        ok(&c, "account_nextIndex", &[json!(hex(&[1; 32]))]).await,
        0
    );
    let bad = err(
        &c,
        "account_nextIndex",
        &[json!("5G71pTNiL6HUhHdCtABrEFYJ623PwEqRuqYo5EdzAKCzhcXX")],
    )
    .await;
    assert_eq!(bad.code(), -32602);

    assert_eq!(
        ok(&c, "author_pendingExtrinsics", &[]).await,
        json!(["0x0401"])
    );
    let rejected = err(&c, "author_submitExtrinsic", &[json!("0xff00")]).await;
    assert_eq!(rejected.code(), 1010);
    assert_eq!(rejected.message(), "Invalid Transaction");
    assert_eq!(rejected.data().unwrap().get(), "\"Custom error: 3\"");
    let bad_format = err(&c, "author_submitExtrinsic", &[json!("0x")]).await;
    assert_eq!(bad_format.code(), 1001);
    let dropped = err(&c, "author_submitExtrinsic", &[json!("0xfd")]).await;
    assert_eq!(dropped.code(), 1016);

    let unknown = err(&c, "chain_getNothing", &[]).await;
    assert_eq!(unknown.code(), -32601);
    assert_eq!(unknown.message(), "Method not found");

    let listed = ok(&c, "rpc_methods", &[]).await;
    let listed: Vec<String> = serde_json::from_value(listed["methods"].clone()).unwrap();
    let required = [
        // sdk-compat.md §2.2, every method and alias the clients send.
        "chain_getHead",
        "chain_getBlockHash",
        "chain_getFinalizedHead",
        "chain_getHeader",
        "chain_getBlock",
        "state_getRuntimeVersion",
        "state_call",
        "state_getStorage",
        "state_getStorageAt",
        "state_queryStorageAt",
        "state_getKeysPaged",
        "state_getKeys",
        "state_getMetadata",
        "rpc_methods",
        "account_nextIndex",
        "system_accountNextIndex",
        "author_submitAndWatchExtrinsic",
        "author_unwatchExtrinsic",
        "author_submitExtrinsic",
        "chain_subscribeNewHeads",
        "chain_unsubscribeNewHeads",
        "chain_subscribeFinalizedHeads",
        "chain_unsubscribeFinalizedHeads",
        "system_chainType",
        "system_chain",
        "system_name",
        "system_version",
        "system_properties",
        "author_pendingExtrinsics",
        // Substrate's other aliases.
        "chain_getFinalisedHead",
        "chain_subscribeFinalisedHeads",
        "chain_unsubscribeFinalisedHeads",
        "chain_subscribeNewHead",
        "subscribe_newHead",
        "chain_unsubscribeNewHead",
        "unsubscribe_newHead",
        "chain_subscribeAllHeads",
        "chain_unsubscribeAllHeads",
        "chain_getRuntimeVersion",
        "state_callAt",
        "state_getKeysPagedAt",
        "state_getStorageHash",
        "state_getStorageHashAt",
        "state_getStorageSize",
        "state_getStorageSizeAt",
        "system_health",
        "dev_sealBlocks",
        "dev_nextEpoch",
    ];
    for method in required {
        assert!(
            listed.contains(&method.to_string()),
            "rpc_methods lacks {method}"
        );
    }
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "rpc_methods is sorted");
    let registered = rpc::method_names(&test_config(), chain.clone()).unwrap();
    assert_eq!(
        listed, registered,
        "rpc_methods lists exactly what is registered"
    );
    // Every listed method answers something other than "Method not found" (or is a
    // subscription, checked elsewhere).
    for method in &listed {
        if method.contains("ubscribe") || method.contains("atch") || method.starts_with("dev_") {
            continue;
        }
        if let Err(error) = call(&c, method, &[]).await {
            assert_ne!(error.code(), -32601, "{method} is listed but not found");
        }
    }
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_are_echoed_and_batches_answer_arrays() {
    let (handle, chain) = start_with(RpcConfig {
        max_batch_len: 4,
        ..test_config()
    })
    .await;
    let mut ws = connect_raw(&handle).await.unwrap();
    let best = hex(&chain.best_hash());

    for id in [json!("aB123"), json!(42), json!("")] {
        let response = ws.request(id.clone(), "chain_getHead", json!([])).await;
        assert_eq!(response["id"], id);
        assert_eq!(response["result"], json!(best));
    }
    // Missing params altogether.
    ws.send(&json!({"jsonrpc": "2.0", "id": "np", "method": "chain_getFinalizedHead"}))
        .await;
    assert_eq!(ws.recv().await["result"], json!(best));

    ws.send(&json!([
        {"jsonrpc": "2.0", "id": "a1", "method": "chain_getHead", "params": []},
        {"jsonrpc": "2.0", "id": 2, "method": "system_chainType", "params": []},
        {"jsonrpc": "2.0", "id": "a3", "method": "no_suchMethod", "params": []},
        {"jsonrpc": "2.0", "id": "a4", "method": "state_getStorageAt", "params": [TRACED_ACCOUNT_KEY, null]},
    ]))
    .await;
    let batch = ws.recv().await;
    let answers = batch.as_array().expect("a batch answers an array");
    assert_eq!(answers.len(), 4);
    let by_id: HashMap<String, &Value> = answers
        .iter()
        .map(|answer| (answer["id"].to_string(), answer))
        .collect();
    assert_eq!(by_id["\"a1\""]["result"], json!(best));
    assert_eq!(by_id["2"]["result"], "Development");
    assert_eq!(by_id["\"a3\""]["error"]["code"], -32601);
    assert!(is_hex(&by_id["\"a4\""]["result"]));

    let five: Vec<Value> = (0..5)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "chain_getHead", "params": []}))
        .collect();
    ws.send(&Value::Array(five)).await;
    let refused = ws.recv().await;
    assert_eq!(refused["error"]["code"], -32010, "{refused}");

    // Garbage frames get a parse error; the connection survives.
    ws.send_text("{not json".to_string()).await;
    assert_eq!(ws.recv().await["error"]["code"], -32700);
    let response = ws.request(json!(9), "chain_getHead", json!([])).await;
    assert_eq!(response["result"], json!(best));
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_and_watch_flows_ready_in_block_finalized() {
    let (handle, chain) = start_with(test_config()).await;
    let mut ws = connect_raw(&handle).await.unwrap();
    let xt = "0x1004050607";

    let response = ws
        .request(json!("w1"), "author_submitAndWatchExtrinsic", json!([xt]))
        .await;
    let sub_id = response["result"].clone();
    assert!(
        sub_id.is_string(),
        "subscription ids are strings: {response}"
    );
    let mut statuses = Vec::new();
    while statuses.len() < 3 {
        let note = ws.recv().await;
        assert_eq!(note["method"], "author_extrinsicUpdate");
        assert_eq!(note["params"]["subscription"], sub_id);
        statuses.push(note["params"]["result"].clone());
    }
    let block_hash = json!(hex(&chain.best_hash()));
    assert_eq!(
        statuses,
        vec![
            json!("ready"),
            json!({"inBlock": block_hash}),
            json!({"finalized": block_hash})
        ]
    );
    let unwatched = ws
        .request(json!("u1"), "author_unwatchExtrinsic", json!([sub_id]))
        .await;
    assert!(unwatched["result"].is_boolean(), "{unwatched}");
    let block = ws
        .request(json!("b"), "chain_getBlock", json!([block_hash]))
        .await;
    let extrinsics = block["result"]["block"]["extrinsics"].as_array().unwrap();
    assert!(extrinsics.contains(&json!(xt)));

    // Validation failures are an error on the submit call itself.
    let rejected = ws
        .request(
            json!("w2"),
            "author_submitAndWatchExtrinsic",
            json!(["0xff01"]),
        )
        .await;
    assert_eq!(
        rejected["error"],
        json!({"code": 1010, "message": "Invalid Transaction", "data": "Custom error: 3"})
    );
    let rejected = ws
        .request(
            json!("w3"),
            "author_submitAndWatchExtrinsic",
            json!(["0xfe01"]),
        )
        .await;
    assert_eq!(rejected["error"]["data"], "Transaction has a bad signature");
    let bad_params = ws
        .request(json!("w4"), "author_submitAndWatchExtrinsic", json!([5]))
        .await;
    assert_eq!(bad_params["error"]["code"], -32602);
    assert!(ws.recv_within(Duration::from_millis(200)).await.is_none());
    handle.stop().await;
}

async fn expect_head<S: TransportSenderT, R: TransportReceiverT>(
    ws: &mut RawWs<S, R>,
    method: &str,
    sub_id: &Value,
    number: &str,
) {
    let note = ws.recv().await;
    assert_eq!(note["method"], method, "{note}");
    assert_eq!(note["params"]["subscription"], *sub_id);
    assert_header_shape(&note["params"]["result"]);
    assert_eq!(note["params"]["result"]["number"], number);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_subscriptions_notify_and_unsubscribe() {
    let (handle, _chain) = start_with(test_config()).await;
    let mut ws = connect_raw(&handle).await.unwrap();

    let subscriptions = [
        (
            "chain_subscribeNewHeads",
            "chain_newHead",
            "chain_unsubscribeNewHeads",
        ),
        (
            "chain_subscribeFinalizedHeads",
            "chain_finalizedHead",
            "chain_unsubscribeFinalizedHeads",
        ),
        (
            "chain_subscribeFinalisedHeads",
            "chain_finalizedHead",
            "chain_unsubscribeFinalisedHeads",
        ),
        (
            "chain_subscribeAllHeads",
            "chain_allHead",
            "chain_unsubscribeAllHeads",
        ),
        ("subscribe_newHead", "chain_newHead", "unsubscribe_newHead"),
    ];
    for (round, (subscribe, notification, unsubscribe)) in subscriptions.into_iter().enumerate() {
        let response = ws.request(json!(subscribe), subscribe, json!([])).await;
        let sub_id = response["result"].clone();
        assert!(sub_id.is_string(), "{response}");
        let base = round * 2;
        // The current head comes first.
        expect_head(&mut ws, notification, &sub_id, &format!("{base:#x}")).await;
        let sealed = ws
            .request(json!("seal"), "dev_sealBlocks", json!([2]))
            .await;
        assert_eq!(sealed["result"]["number"], base + 2, "{sealed}");
        expect_head(&mut ws, notification, &sub_id, &format!("{:#x}", base + 1)).await;
        expect_head(&mut ws, notification, &sub_id, &format!("{:#x}", base + 2)).await;
        let response = ws
            .request(json!("unsub"), unsubscribe, json!([sub_id]))
            .await;
        assert_eq!(response["result"], true, "{response}");
        let again = ws
            .request(json!("unsub2"), unsubscribe, json!([sub_id]))
            .await;
        assert_eq!(again["result"], false);
    }
    ws.request(json!("seal"), "dev_sealBlocks", json!([1]))
        .await;
    assert!(
        ws.recv_within(Duration::from_millis(300)).await.is_none(),
        "no notifications after unsubscribing"
    );
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jsonrpsee_client_subscriptions_work() {
    let (handle, chain) = start_with(test_config()).await;
    let c = client(&handle).await;
    let mut heads = c
        .subscribe::<Value, _>(
            "chain_subscribeNewHeads",
            ArrayParams::new(),
            "chain_unsubscribeNewHeads",
        )
        .await
        .unwrap();
    let first = heads.next().await.unwrap().unwrap();
    assert_eq!(first["number"], "0x0");
    chain.dev_seal_blocks(1).unwrap();
    let second = heads.next().await.unwrap().unwrap();
    assert_eq!(second["number"], "0x1");
    heads.unsubscribe().await.unwrap();

    let mut watch = c
        .subscribe::<Value, _>(
            "author_submitAndWatchExtrinsic",
            array_params(&[json!("0x0801aa")]),
            "author_unwatchExtrinsic",
        )
        .await
        .unwrap();
    assert_eq!(watch.next().await.unwrap().unwrap(), "ready");
    assert!(watch.next().await.unwrap().unwrap()["inBlock"].is_string());
    assert!(watch.next().await.unwrap().unwrap()["finalized"].is_string());
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_controls_seal_and_are_bounded() {
    let (handle, chain) = start_with(RpcConfig {
        max_dev_seal_blocks: 50,
        ..test_config()
    })
    .await;
    let c = client(&handle).await;
    let sealed = ok(&c, "dev_sealBlocks", &[json!(3)]).await;
    assert_eq!(sealed["number"], 3);
    assert_eq!(sealed["hash"], json!(hex(&chain.best_hash())));
    assert_eq!(ok(&c, "dev_sealBlocks", &[]).await["number"], 4);
    assert_eq!(err(&c, "dev_sealBlocks", &[json!(0)]).await.code(), -32602);
    assert_eq!(err(&c, "dev_sealBlocks", &[json!(51)]).await.code(), -32602);
    let epoch = ok(&c, "dev_nextEpoch", &[json!(1)]).await;
    assert_eq!(epoch["number"], 11);
    let failed = err(&c, "dev_nextEpoch", &[json!(9)]).await;
    assert_eq!(failed.code(), 6001);
    assert!(failed.message().contains("subnet 9 does not exist"));
    assert_eq!(
        err(&c, "dev_nextEpoch", &[json!(70_000)]).await.code(),
        -32602
    );
    handle.stop().await;

    let (handle, _chain) = start_with(RpcConfig {
        enable_dev_rpc: false,
        ..test_config()
    })
    .await;
    let c = client(&handle).await;
    assert_eq!(err(&c, "dev_sealBlocks", &[json!(1)]).await.code(), -32601);
    let listed = ok(&c, "rpc_methods", &[]).await;
    assert!(!listed["methods"]
        .as_array()
        .unwrap()
        .contains(&json!("dev_sealBlocks")));
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_answer_with_errors_not_crashes() {
    let (handle, _chain) = start_with(RpcConfig {
        max_request_bytes: 1024 * 1024,
        max_response_bytes: rpc::MIN_RESPONSE_BYTES,
        max_subscriptions_per_connection: 2,
        max_connections: 3,
        max_query_items: 10,
        ..test_config()
    })
    .await;
    let mut ws = connect_raw(&handle).await.unwrap();

    // An oversize frame: error -32007, and the connection still answers.
    let huge = format!("0x{}", "00".repeat(1024 * 1024));
    ws.send(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "author_submitExtrinsic", "params": [huge]}),
    )
    .await;
    let refused = ws.recv().await;
    assert_eq!(refused["error"]["code"], -32007, "{refused}");
    assert_eq!(refused["id"], Value::Null);
    let alive = ws.request(json!(2), "system_chainType", json!([])).await;
    assert_eq!(alive["result"], "Development");

    // A large response within the limit (5 MiB of bytes, 10 MiB of hex) passes ...
    let five_mib = (5_u32 * 1024 * 1024).to_le_bytes();
    let big = ws
        .request(
            json!(3),
            "state_call",
            json!(["Test_bigResponse", hex(&five_mib)]),
        )
        .await;
    assert_eq!(big["result"].as_str().unwrap().len(), 2 + 10 * 1024 * 1024);
    // ... one over it is refused with -32008.
    let too_big = ws
        .request(json!(4), "state_getStorage", json!([hex(b"big")]))
        .await;
    assert_eq!(too_big["error"]["code"], -32008, "{too_big}");

    // Too many keys in one query.
    let keys: Vec<String> = (0..11).map(|i| hex(&[i])).collect();
    let refused = ws
        .request(json!(5), "state_queryStorageAt", json!([keys]))
        .await;
    assert_eq!(refused["error"]["code"], -32602);

    // Subscriptions per connection.
    for id in 0..2 {
        let ok = ws
            .request(
                json!(format!("s{id}")),
                "chain_subscribeNewHeads",
                json!([]),
            )
            .await;
        assert!(ok["result"].is_string(), "{ok}");
    }
    let refused = ws
        .request(json!("s2"), "chain_subscribeNewHeads", json!([]))
        .await;
    assert_eq!(refused["error"]["code"], -32006, "{refused}");

    // Connections: three allowed (this one included), the fourth refused.
    let _second = connect_raw(&handle).await.unwrap();
    let _third = connect_raw(&handle).await.unwrap();
    assert!(connect_raw(&handle).await.is_err());
    let alive = ws.request(json!(6), "system_chainType", json!([])).await;
    assert_eq!(alive["result"], "Development");
    handle.stop().await;
}

#[tokio::test]
async fn invalid_configs_are_refused() {
    let chain = FakeChain::new();
    let small = RpcConfig {
        max_response_bytes: 1024 * 1024,
        ..test_config()
    };
    assert!(matches!(
        rpc::start_server(small, chain.clone()).await,
        Err(rpc::RpcServerError::InvalidConfig(_))
    ));
    let zero = RpcConfig {
        max_batch_len: 0,
        ..test_config()
    };
    assert!(rpc::start_server(zero, chain).await.is_err());
}

/// The block-hash position of each traced method's params.
fn block_param_index(method: &str) -> Option<usize> {
    match method {
        "chain_getHeader" | "chain_getBlock" | "state_getRuntimeVersion" | "state_getMetadata" => {
            Some(0)
        }
        "state_getStorageAt" | "state_getStorage" | "state_queryStorageAt" | "state_getKeys" => {
            Some(1)
        }
        "state_call" => Some(2),
        "state_getKeysPaged" => Some(3),
        _ => None,
    }
}

fn assert_traced_shape(method: &str, result: &Value) {
    match method {
        "chain_getHead" | "chain_getFinalizedHead" => assert!(is_hash(result)),
        "chain_getBlockHash" => assert!(is_hash(result) || result.is_null()),
        "chain_getHeader" => assert_header_shape(result),
        "chain_getBlock" => assert_header_shape(&result["block"]["header"]),
        "state_getRuntimeVersion" => {
            assert!(result["specVersion"].is_u64());
            assert!(result["transactionVersion"].is_u64());
            assert!(result["specName"].is_string());
        }
        "state_call" => assert!(is_hex(result)),
        "state_getStorageAt" => assert!(is_hex(result) || result.is_null()),
        "state_queryStorageAt" => {
            assert!(is_hash(&result[0]["block"]));
            assert!(result[0]["changes"].is_array());
        }
        "state_getKeysPaged" | "state_getKeys" => {
            assert!(result.as_array().unwrap().iter().all(is_hex))
        }
        "rpc_methods" => assert!(result["methods"].is_array()),
        "account_nextIndex" => assert!(result.is_u64()),
        "system_chainType" => assert!(result.is_string()),
        "author_unwatchExtrinsic" => assert!(result.is_boolean()),
        other => panic!("no shape check for {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traced_client_requests_replay() {
    let traces = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/client-traces");
    assert!(
        traces.exists(),
        "client traces not found at {}: ../shared must sit beside the repository",
        traces.display()
    );
    let (handle, chain) = start_with(test_config()).await;
    chain.dev_seal_blocks(120).unwrap();
    let mut ws = connect_raw(&handle).await.unwrap();
    let mut replayed = 0;
    for file in [
        "f10_balance.jsonl",
        "xfer9.jsonl",
        "f10_subnets.jsonl",
        "f9_list.jsonl",
    ] {
        let text = std::fs::read_to_string(traces.join(file)).unwrap();
        for line in text.lines() {
            let entry: Value = serde_json::from_str(line).unwrap();
            let (Some(method), Some(true)) = (entry["method"].as_str(), entry["ok"].as_bool())
            else {
                continue;
            };
            let mut params = entry["params"].as_array().cloned().unwrap_or_default();
            // The trace log shortened long params; those requests cannot be replayed.
            if params
                .iter()
                .any(|param| param.as_str().is_some_and(|text| text.ends_with("...")))
            {
                continue;
            }
            if method == "state_call" && params[0] != "Metadata_metadata_at_version" {
                continue;
            }
            // Block hashes of the recorded chain become the fake chain's best block.
            if let Some(index) = block_param_index(method) {
                if params.get(index).is_some_and(|param| !param.is_null()) {
                    params[index] = json!(hex(&chain.best_hash()));
                }
            }
            let response = ws
                .request(json!(format!("r{replayed}")), method, Value::Array(params))
                .await;
            let result = response
                .get("result")
                .unwrap_or_else(|| panic!("{file}: {method} failed: {response}"));
            assert_traced_shape(method, result);
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} traced client requests");
    assert!(replayed > 40, "replayed only {replayed} requests");
    handle.stop().await;
}
