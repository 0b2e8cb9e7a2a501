//! Running a node: open the chain, start the RPC server, produce blocks on a timer (or only on
//! request with manual sealing), and shut down cleanly.
//!
//! With `--tmp` (implied by `--dev` without a base path) the database lives in a fresh
//! temporary directory that is removed on shutdown.

use crate::rpc::{start_server, RpcConfig, ServerHandle};
use crate::service::{GenesisSpec, Node, NodeSettings};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How to run a node.
#[derive(Clone, Debug)]
pub struct NodeOptions {
    /// Where the chain starts.
    pub genesis: GenesisSpec,
    /// Database directory; `None` with `tmp` uses a temporary directory.
    pub base_path: Option<PathBuf>,
    /// Use a temporary database removed at exit.
    pub tmp: bool,
    /// RPC port (0 picks a free one).
    pub rpc_port: u16,
    /// Listen on all interfaces instead of loopback.
    pub rpc_external: bool,
    /// Block time in milliseconds.
    pub block_time_ms: u64,
    /// Produce blocks only through `dev_sealBlocks` / `dev_nextEpoch`.
    pub manual_seal: bool,
    /// Serve the dev control RPCs.
    pub dev_rpc: bool,
    /// Chain name for `system_chain`.
    pub chain_name: String,
}

/// A running node.
pub struct RunningNode {
    /// The node.
    pub node: Arc<Node>,
    /// The RPC server.
    pub rpc: ServerHandle,
    producer: Option<JoinHandle<()>>,
    tmp_dir: Option<PathBuf>,
}

impl std::fmt::Debug for RunningNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningNode")
            .field("rpc", &self.rpc.local_addr)
            .finish_non_exhaustive()
    }
}

fn fresh_tmp_dir() -> Result<PathBuf, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("dtao-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Open the chain, start the RPC server and the block producer.
pub async fn start(options: NodeOptions) -> Result<RunningNode, String> {
    let (base_path, tmp_dir) = match (&options.base_path, options.tmp) {
        (Some(path), false) => (path.clone(), None),
        _ => {
            let dir = fresh_tmp_dir()?;
            (dir.clone(), Some(dir))
        }
    };
    let settings = NodeSettings {
        chain_name: options.chain_name.clone(),
        block_time_ms: options.block_time_ms,
        ..NodeSettings::default()
    };
    let genesis = options.genesis.clone();
    let node = tokio::task::spawn_blocking(move || Node::open(&base_path, &genesis, settings))
        .await
        .map_err(|e| format!("opening the chain: {e}"))?
        .map_err(|e| e.to_string())?;
    let node = Arc::new(node);
    let rpc_config = RpcConfig {
        listen_ip: if options.rpc_external {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        },
        port: options.rpc_port,
        enable_dev_rpc: options.dev_rpc,
        ..RpcConfig::default()
    };
    let rpc = start_server(rpc_config, node.clone())
        .await
        .map_err(|e| e.to_string())?;
    let producer =
        (!options.manual_seal).then(|| spawn_producer(node.clone(), options.block_time_ms));
    let (head, _) = node.head();
    tracing::info!(rpc = %rpc.local_addr, head, "node started");
    Ok(RunningNode {
        node,
        rpc,
        producer,
        tmp_dir,
    })
}

fn spawn_producer(node: Arc<Node>, block_time_ms: u64) -> JoinHandle<()> {
    tokio::spawn(async move {
        // The first tick completes at once: block 1 is sealed as soon as the node is up, the
        // next ones every `block_time_ms`.
        let mut ticker = tokio::time::interval(Duration::from_millis(block_time_ms.max(1)));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            let node = node.clone();
            match tokio::task::spawn_blocking(move || node.seal()).await {
                Ok(Ok(head)) => tracing::debug!(number = head.number, "sealed"),
                Ok(Err(error)) => tracing::error!(%error, "sealing failed"),
                Err(error) => tracing::error!(%error, "sealing task failed"),
            }
        }
    })
}

impl RunningNode {
    /// Stop producing blocks, stop the RPC server and remove a temporary database.
    pub async fn stop(mut self) {
        if let Some(producer) = self.producer.take() {
            producer.abort();
        }
        self.rpc.stop().await;
        drop(self.node);
        if let Some(dir) = self.tmp_dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Run until `shutdown` completes.
pub async fn run(
    options: NodeOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), String> {
    let running = start(options).await?;
    shutdown.await;
    tracing::info!("shutting down");
    running.stop().await;
    Ok(())
}
