//! JSON-RPC over WebSocket (and HTTP on the same port) speaking Substrate's protocol as the
//! pinned Python clients use it (spec/sdk-compat.md §2): the methods of §2.2 with their
//! aliases, JSON-RPC batches, the three subscription kinds, Substrate's error codes, and the
//! `dev_sealBlocks` / `dev_nextEpoch` controls. The chain behind it is any [`ChainApi`].
//!
//! Limits (DESIGN principle 6), all in [`RpcConfig`] and answered with JSON-RPC errors, never
//! a crash:
//!
//! | limit | default | on excess |
//! |---|---|---|
//! | `max_request_bytes` (one frame / body) | 15 MiB | -32007 "Request is too big", connection stays open |
//! | `max_response_bytes` (≥ 16 MiB enforced) | 64 MiB | -32008 "Response is too big" |
//! | `max_connections` | 100 | connection refused |
//! | `max_subscriptions_per_connection` | 1024 | -32006 "Too many subscriptions on the connection" |
//! | `max_batch_len` (requests in one batch) | 1000 | -32010 "The batch request was too large" |
//! | `message_buffer_capacity` (queued outgoing messages per connection) | 1024 | back-pressure |
//! | `max_query_items` (keys of `state_queryStorageAt`, numbers of `chain_getBlockHash`) | 4096 | -32602 |
//! | `max_keys_unpaged` (`state_getKeys` result) | 100 000 | 4003, "use state_getKeysPaged" |
//! | `count` of `state_getKeysPaged` | 1000 (Substrate's) | 4002 "count exceeds maximum value" |
//! | `max_dev_seal_blocks` (`dev_sealBlocks` count) | 10 000 | -32602 |
//!
//! The server binds 127.0.0.1 by default; binding another address is an explicit choice.
//! Dev controls are registered only when `enable_dev_rpc` is set.

pub mod api;
mod errors;
pub mod json;
mod methods;
mod params;
mod ss58;
mod subscriptions;

pub use api::{
    ChainApi, ChainError, ChainProperties, RuntimeVersion, SealedHead, SystemInfo, TxError,
    TxStatus, TxWatch,
};

use jsonrpsee::server::{BatchRequestConfig, RandomStringIdProvider, ServerConfig};
use jsonrpsee::RpcModule;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// Substrate's maximum `count` for `state_getKeysPaged`.
pub const STORAGE_KEYS_PAGED_MAX_COUNT: u32 = 1000;
/// The smallest response limit accepted: metadata is ~600 KB of hex and metagraph answers
/// several MB, so anything below this would break the clients.
pub const MIN_RESPONSE_BYTES: u32 = 16 * 1024 * 1024;
/// Length of subscription ids (random alphanumeric strings, as Substrate uses).
const SUBSCRIPTION_ID_LEN: usize = 16;
const MIB: u32 = 1024 * 1024;

/// Server configuration. See the module documentation for what each limit does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcConfig {
    /// Address to bind (127.0.0.1 by default).
    pub listen_ip: IpAddr,
    /// Port to bind; 0 picks a free one (tests).
    pub port: u16,
    /// Largest request frame or body, in bytes.
    pub max_request_bytes: u32,
    /// Largest response, in bytes; at least [`MIN_RESPONSE_BYTES`].
    pub max_response_bytes: u32,
    /// Simultaneous connections.
    pub max_connections: u32,
    /// Live subscriptions per connection.
    pub max_subscriptions_per_connection: u32,
    /// Requests per batch.
    pub max_batch_len: u32,
    /// Outgoing messages queued per connection before back-pressure.
    pub message_buffer_capacity: u32,
    /// Keys per `state_queryStorageAt`, numbers per `chain_getBlockHash` list.
    pub max_query_items: usize,
    /// Keys `state_getKeys` may return.
    pub max_keys_unpaged: u32,
    /// Blocks one `dev_sealBlocks` call may seal.
    pub max_dev_seal_blocks: u32,
    /// Register `dev_sealBlocks` and `dev_nextEpoch`.
    pub enable_dev_rpc: bool,
}

impl Default for RpcConfig {
    fn default() -> Self {
        RpcConfig {
            listen_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 9944,
            max_request_bytes: 15 * MIB,
            max_response_bytes: 64 * MIB,
            max_connections: 100,
            max_subscriptions_per_connection: 1024,
            max_batch_len: 1000,
            message_buffer_capacity: 1024,
            max_query_items: 4096,
            max_keys_unpaged: 100_000,
            max_dev_seal_blocks: 10_000,
            enable_dev_rpc: false,
        }
    }
}

/// The limits the method handlers enforce themselves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HandlerLimits {
    pub(crate) max_query_items: usize,
    pub(crate) max_keys_unpaged: u32,
    pub(crate) max_dev_seal_blocks: u32,
}

/// What every handler sees: the chain and the limits.
pub(crate) struct RpcContext {
    pub(crate) chain: Arc<dyn ChainApi>,
    pub(crate) limits: HandlerLimits,
}

/// Why the server did not start.
#[derive(Debug)]
pub enum RpcServerError {
    /// A configuration value is out of range.
    InvalidConfig(String),
    /// Two methods were registered under one name (a bug in this module).
    Register(jsonrpsee::core::RegisterMethodError),
    /// Binding the socket failed.
    Bind(std::io::Error),
}

impl std::fmt::Display for RpcServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RpcServerError::InvalidConfig(detail) => write!(f, "invalid RPC config: {detail}"),
            RpcServerError::Register(err) => write!(f, "RPC method registration: {err}"),
            RpcServerError::Bind(err) => write!(f, "RPC server could not bind: {err}"),
        }
    }
}

impl std::error::Error for RpcServerError {}

/// A running server.
#[derive(Debug)]
pub struct ServerHandle {
    /// The address actually bound (useful with port 0).
    pub local_addr: SocketAddr,
    handle: jsonrpsee::server::ServerHandle,
}

impl ServerHandle {
    /// Stop accepting connections, close the open ones, and wait until the server is down.
    pub async fn stop(self) {
        // Err only means "already stopped", which is the goal anyway.
        let _ = self.handle.stop();
        self.handle.stopped().await;
    }

    /// Wait until the server stops (e.g. after `stop` from elsewhere).
    pub async fn stopped(self) {
        self.handle.stopped().await;
    }
}

fn validate(config: &RpcConfig) -> Result<(), RpcServerError> {
    let problem = if config.max_response_bytes < MIN_RESPONSE_BYTES {
        Some(format!(
            "max_response_bytes {} < {MIN_RESPONSE_BYTES} (metadata and metagraphs need it)",
            config.max_response_bytes
        ))
    } else if config.max_request_bytes == 0
        || config.max_connections == 0
        || config.max_batch_len == 0
        || config.message_buffer_capacity == 0
        || config.max_query_items == 0
    {
        Some("request, connection, batch, buffer and query limits must be positive".to_string())
    } else {
        None
    };
    problem.map_or(Ok(()), |detail| Err(RpcServerError::InvalidConfig(detail)))
}

/// Build the module with every method, subscription and alias.
fn build_module(
    config: &RpcConfig,
    chain: Arc<dyn ChainApi>,
) -> Result<RpcModule<RpcContext>, RpcServerError> {
    let context = RpcContext {
        chain,
        limits: HandlerLimits {
            max_query_items: config.max_query_items,
            max_keys_unpaged: config.max_keys_unpaged,
            max_dev_seal_blocks: config.max_dev_seal_blocks,
        },
    };
    let mut module = RpcModule::new(context);
    methods::register(&mut module, config.enable_dev_rpc).map_err(RpcServerError::Register)?;
    subscriptions::register(&mut module).map_err(RpcServerError::Register)?;
    methods::register_rpc_methods(&mut module).map_err(RpcServerError::Register)?;
    Ok(module)
}

fn server_config(config: &RpcConfig) -> ServerConfig {
    ServerConfig::builder()
        .max_request_body_size(config.max_request_bytes)
        .max_response_body_size(config.max_response_bytes)
        .max_connections(config.max_connections)
        .max_subscriptions_per_connection(config.max_subscriptions_per_connection)
        .set_batch_request_config(BatchRequestConfig::Limit(config.max_batch_len))
        .set_message_buffer_capacity(config.message_buffer_capacity)
        .set_id_provider(RandomStringIdProvider::new(SUBSCRIPTION_ID_LEN))
        .build()
}

/// Start serving `chain` on the configured address. Must be called inside a tokio runtime.
pub async fn start_server(
    config: RpcConfig,
    chain: Arc<dyn ChainApi>,
) -> Result<ServerHandle, RpcServerError> {
    validate(&config)?;
    let module = build_module(&config, chain)?;
    let server = jsonrpsee::server::Server::builder()
        .set_config(server_config(&config))
        .build(SocketAddr::new(config.listen_ip, config.port))
        .await
        .map_err(RpcServerError::Bind)?;
    let local_addr = server.local_addr().map_err(RpcServerError::Bind)?;
    let handle = server.start(module);
    tracing::info!(%local_addr, "JSON-RPC server listening");
    Ok(ServerHandle { local_addr, handle })
}

/// Every method name the server registers with `config` (for docs and tests).
pub fn method_names(
    config: &RpcConfig,
    chain: Arc<dyn ChainApi>,
) -> Result<Vec<String>, RpcServerError> {
    let module = build_module(config, chain)?;
    let mut names: Vec<String> = module.method_names().map(str::to_string).collect();
    names.sort_unstable();
    Ok(names)
}
