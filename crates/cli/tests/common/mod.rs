//! Shared harness for the CLI scenario tests: an in-process dev node, the `dtao` binary, and
//! small helpers. Each test binary uses a part of it.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dtao_node::rpc::api::ChainApi;
use dtao_node::runner::{start, NodeOptions, RunningNode};
use dtao_node::service::Node;
use dtao_node::service::{sign_extrinsic, GenesisSpec};
use dtao_primitives::NetUid;
use dtao_runtime::{RuntimeCall, SubtensorCall};
use dtao_wallet::Keypair;
use jsonrpsee::core::client::ClientT;
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::WsClientBuilder;
use serde_json::Value;

/// An in-process dev node (tempo 10, temporary database) in manual-seal mode with helpers.
///
/// Blocks are sealed only on demand: a sealer thread seals one block whenever the pool holds
/// ready transactions (so a CLI command's transaction is included at once and nothing else
/// moves between its quote and its block), and tests move time on with [`TestNode::seal`] or
/// [`TestNode::next_epoch`].
pub struct TestNode {
    /// The runtime the node runs on.
    pub runtime: tokio::runtime::Runtime,
    node: Option<RunningNode>,
    /// `ws://127.0.0.1:PORT`.
    pub url: String,
    sealer_stop: Arc<AtomicBool>,
    sealer: Option<std::thread::JoinHandle<()>>,
}

/// Seal a block whenever transactions are ready, until `stop`.
fn seal_when_ready(node: Arc<Node>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        if !node.pending_extrinsics().is_empty() {
            node.dev_seal_blocks(1).unwrap();
        } else {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl TestNode {
    pub fn start() -> TestNode {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let node = runtime
            .block_on(start(NodeOptions {
                genesis: GenesisSpec::Dev { tempo: Some(10) },
                base_path: None,
                tmp: true,
                rpc_port: 0,
                rpc_external: false,
                block_time_ms: 50,
                manual_seal: true,
                dev_rpc: true,
                chain_name: "dtao dev".to_string(),
            }))
            .unwrap();
        let url = format!("ws://{}", node.rpc.local_addr);
        let sealer_stop = Arc::new(AtomicBool::new(false));
        let sealer = {
            let (node, stop) = (node.node.clone(), sealer_stop.clone());
            std::thread::spawn(move || seal_when_ready(node, stop))
        };
        TestNode {
            runtime,
            node: Some(node),
            url,
            sealer_stop,
            sealer: Some(sealer),
        }
    }

    /// Seal `count` empty-or-not blocks now.
    pub fn seal(&self, count: u32) {
        self.rpc("dev_sealBlocks", rpc_params![count]);
    }

    pub fn dtao(&self, args: &[&str]) -> (i32, String, String) {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--url", &self.url]);
        dtao(&all)
    }

    /// Submit a call signed by `uri` (next index from the node, counting the pool), not
    /// waiting for inclusion.
    pub fn submit(&self, uri: &str, call: RuntimeCall) {
        let keypair = Keypair::from_uri(uri).unwrap();
        self.runtime.block_on(async {
            let client = WsClientBuilder::default().build(&self.url).await.unwrap();
            let genesis: String = client
                .request("chain_getBlockHash", rpc_params![0])
                .await
                .unwrap();
            let genesis: [u8; 32] = hex(&genesis).try_into().unwrap();
            let nonce: u32 = client
                .request("account_nextIndex", rpc_params![keypair.ss58()])
                .await
                .unwrap();
            let xt = sign_extrinsic(&keypair, &call, nonce, genesis);
            let _: String = client
                .request("author_submitExtrinsic", rpc_params![to_hex(&xt)])
                .await
                .unwrap();
        });
    }

    /// Register subnet 1 (owner //Alice, hotkey //Alice//hot) and start it.
    pub fn register_subnet(&self) {
        let hotkey = Keypair::from_uri("//Alice//hot").unwrap().account_id();
        self.submit(
            "//Alice",
            RuntimeCall::Subtensor(SubtensorCall::RegisterNetwork { hotkey }),
        );
        self.submit(
            "//Alice",
            RuntimeCall::Subtensor(SubtensorCall::StartCall { netuid: NetUid(1) }),
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (code, out, _) = self.dtao(&["subnet", "list", "--json"]);
            if code == 0 {
                let list: Value = serde_json::from_str(&out).unwrap();
                let started = list.as_array().unwrap().iter().any(|s| s["netuid"] == 1);
                if started && self.alice_nonce() >= 2 {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "subnet 1 never appeared");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A raw JSON-RPC request to the node (to check effects independently of the CLI).
    pub fn rpc(&self, method: &str, params: jsonrpsee::core::params::ArrayParams) -> Value {
        self.runtime.block_on(async {
            let client = WsClientBuilder::default().build(&self.url).await.unwrap();
            client.request::<Value, _>(method, params).await.unwrap()
        })
    }

    /// Seal blocks until the next epoch of `netuid` has run (`dev_nextEpoch`).
    pub fn next_epoch(&self, netuid: u16) {
        self.rpc("dev_nextEpoch", rpc_params![netuid]);
    }

    /// Wait until `check` holds (polling every 100 ms, at most 20 s).
    pub fn wait_until(&self, what: &str, mut check: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !check() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn alice_nonce(&self) -> u64 {
        let (_, out, _) = self.dtao(&["balance", &ss58("//Alice"), "--json"]);
        serde_json::from_str::<Value>(&out).unwrap()["nonce"]
            .as_u64()
            .unwrap()
    }
}

impl Drop for TestNode {
    fn drop(&mut self) {
        self.sealer_stop.store(true, Ordering::Relaxed);
        if let Some(sealer) = self.sealer.take() {
            let _ = sealer.join();
        }
        if let Some(node) = self.node.take() {
            self.runtime.block_on(node.stop());
        }
    }
}

pub fn dtao(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dtao"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub fn to_hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("0x{digits}")
}

pub fn hex(text: &str) -> Vec<u8> {
    let digits = text.trim_start_matches("0x");
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

pub fn ss58(uri: &str) -> String {
    Keypair::from_uri(uri).unwrap().ss58()
}

pub fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

/// Run `dtao args` on a pseudo-terminal (util-linux `script`), typing `input`; `None` when
/// `script` is not installed.
pub fn dtao_on_terminal(args: &[&str], input: &str) -> Option<(i32, String)> {
    use std::io::Write;
    use std::process::Stdio;
    let binary = env!("CARGO_BIN_EXE_dtao");
    let command_line = std::iter::once(binary)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = Command::new("script")
        .args(["-qec", &command_line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    Some((
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}
