//! A small blocking JSON-RPC client over WebSocket for the chain commands.
//!
//! Each [`RpcClient`] owns a current-thread tokio runtime and one jsonrpsee WebSocket client;
//! every helper blocks on that runtime, so the commands stay plain sequential code.
//!
//! Invariants: every byte from the node is treated as untrusted — hex is decoded with checks,
//! SCALE values are decoded by the callers with `decode_all` (no trailing bytes), and every
//! failure becomes a [`ChainError::Chain`] message, never a panic. Waiting for an extrinsic's
//! inclusion is bounded by [`INCLUSION_TIMEOUT`].

use std::time::Duration;

use jsonrpsee::core::client::{ClientT, SubscriptionClientT};
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use serde_json::Value;

use super::ChainError;

/// How long to wait for an extrinsic to reach a block.
pub const INCLUSION_TIMEOUT: Duration = Duration::from_secs(60);

/// How long to wait for the connection to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connected client.
pub struct RpcClient {
    runtime: tokio::runtime::Runtime,
    client: WsClient,
}

/// Lowercase `0x`-prefixed hex.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Decode `0x`-prefixed (or bare) hex.
pub fn from_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd-length hex string {text:?}"));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| format!("invalid hex string {text:?}"))
        })
        .collect()
}

/// A 32-byte hash from hex.
pub fn hash_from_hex(text: &str) -> Result<[u8; 32], String> {
    let bytes = from_hex(text)?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| format!("{text:?} is not a 32-byte hash"))
}

fn chain_err(context: &str, error: impl std::fmt::Display) -> ChainError {
    ChainError::Chain(format!("{context}: {error}"))
}

/// A client error in words: a node's error object as `message: data`.
fn client_err(context: &str, error: jsonrpsee::core::ClientError) -> ChainError {
    match error {
        jsonrpsee::core::ClientError::Call(object) => {
            let data = object
                .data()
                .map(|raw| raw.get().trim_matches('"').to_string());
            match data {
                Some(data) if !data.is_empty() => {
                    chain_err(context, format!("{}: {data}", object.message()))
                }
                _ => chain_err(context, object.message()),
            }
        }
        other => chain_err(context, other),
    }
}

/// The outcome of a watched submission.
#[derive(Debug, Clone)]
pub struct Inclusion {
    /// Hash of the block that includes the extrinsic.
    pub block_hash: [u8; 32],
}

impl RpcClient {
    /// Connect to `url` (`ws://…` or `wss://…`).
    pub fn connect(url: &str) -> Result<RpcClient, ChainError> {
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            return Err(ChainError::Usage(format!(
                "--url must start with ws:// or wss:// (got {url:?})"
            )));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| chain_err("starting the async runtime", e))?;
        let client = runtime
            .block_on(async {
                tokio::time::timeout(
                    CONNECT_TIMEOUT,
                    WsClientBuilder::default()
                        .request_timeout(Duration::from_secs(60))
                        .build(url),
                )
                .await
            })
            .map_err(|_| ChainError::Chain(format!("connecting to {url}: timed out")))?
            .map_err(|e| chain_err(&format!("connecting to {url}"), e))?;
        Ok(RpcClient { runtime, client })
    }

    /// A raw request; the JSON result.
    pub fn request(
        &self,
        method: &str,
        params: jsonrpsee::core::params::ArrayParams,
    ) -> Result<Value, ChainError> {
        self.runtime
            .block_on(self.client.request::<Value, _>(method, params))
            .map_err(|e| client_err(method, e))
    }

    /// `state_call(method, args)` at the best block: the SCALE-encoded result.
    pub fn state_call(&self, method: &str, args: &[u8]) -> Result<Vec<u8>, ChainError> {
        let value = self.request("state_call", rpc_params![method, to_hex(args)])?;
        let text = value
            .as_str()
            .ok_or_else(|| chain_err(method, "result is not a hex string"))?;
        from_hex(text).map_err(|e| chain_err(method, e))
    }

    /// `state_getStorage(key[, at])`: the raw value, `None` if absent.
    pub fn storage(&self, key: &[u8], at: Option<[u8; 32]>) -> Result<Option<Vec<u8>>, ChainError> {
        let params = match at {
            Some(hash) => rpc_params![to_hex(key), to_hex(&hash)],
            None => rpc_params![to_hex(key)],
        };
        let value = self.request("state_getStorage", params)?;
        match value {
            Value::Null => Ok(None),
            Value::String(text) => from_hex(&text)
                .map(Some)
                .map_err(|e| chain_err("state_getStorage", e)),
            _ => Err(chain_err("state_getStorage", "result is not a hex string")),
        }
    }

    /// The genesis hash (`chain_getBlockHash(0)`).
    pub fn genesis_hash(&self) -> Result<[u8; 32], ChainError> {
        let value = self.request("chain_getBlockHash", rpc_params![0])?;
        let text = value
            .as_str()
            .ok_or_else(|| chain_err("chain_getBlockHash", "no genesis block"))?;
        hash_from_hex(text).map_err(|e| chain_err("chain_getBlockHash", e))
    }

    /// The node's `specVersion` and `transactionVersion` (`state_getRuntimeVersion`), which a
    /// signature commits to.
    pub fn runtime_versions(&self) -> Result<dtao_node::service::RuntimeVersions, ChainError> {
        let value = self.request("state_getRuntimeVersion", rpc_params![])?;
        let field = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| chain_err("state_getRuntimeVersion", format!("no {name}")))
        };
        Ok(dtao_node::service::RuntimeVersions {
            spec_version: field("specVersion")?,
            transaction_version: field("transactionVersion")?,
        })
    }

    /// The next nonce of `ss58` (`account_nextIndex`, counting the pool).
    pub fn next_index(&self, ss58: &str) -> Result<u32, ChainError> {
        let value = self.request("account_nextIndex", rpc_params![ss58])?;
        value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| chain_err("account_nextIndex", "result is not a u32"))
    }

    /// Submit `extrinsic` with `author_submitAndWatchExtrinsic` and wait until it is in a block.
    pub fn submit_and_watch(&self, extrinsic: &[u8]) -> Result<Inclusion, ChainError> {
        let method = "author_submitAndWatchExtrinsic";
        self.runtime.block_on(async {
            let mut subscription = self
                .client
                .subscribe::<Value, _>(
                    method,
                    rpc_params![to_hex(extrinsic)],
                    "author_unwatchExtrinsic",
                )
                .await
                .map_err(|e| client_err("submitting the transaction", e))?;
            let wait = async {
                while let Some(update) = subscription.next().await {
                    let update = update.map_err(|e| chain_err(method, e))?;
                    if let Some(block) = inclusion_block(&update)? {
                        return Ok(Inclusion { block_hash: block });
                    }
                }
                Err(ChainError::Chain(
                    "the node closed the watch before the transaction reached a block".into(),
                ))
            };
            let result = tokio::time::timeout(INCLUSION_TIMEOUT, wait)
                .await
                .map_err(|_| ChainError::Chain("timed out waiting for inclusion".into()))?;
            let _ = subscription.unsubscribe().await;
            result
        })
    }
}

/// The block hash of an `inBlock`/`finalized` update; an error for terminal failures.
fn inclusion_block(update: &Value) -> Result<Option<[u8; 32]>, ChainError> {
    if let Some(object) = update.as_object() {
        for key in ["inBlock", "finalized"] {
            if let Some(hash) = object.get(key).and_then(Value::as_str) {
                return hash_from_hex(hash)
                    .map(Some)
                    .map_err(|e| chain_err("transaction status", e));
            }
        }
        for key in [
            "dropped",
            "invalid",
            "usurped",
            "finalityTimeout",
            "retracted",
        ] {
            if object.contains_key(key) {
                return Err(ChainError::Chain(format!("transaction {key}")));
            }
        }
    }
    match update.as_str() {
        Some(status @ ("dropped" | "invalid" | "usurped")) => {
            Err(ChainError::Chain(format!("transaction {status}")))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_junk() {
        assert_eq!(to_hex(&[0, 255, 16]), "0x00ff10");
        assert_eq!(from_hex("0x00ff10").unwrap(), vec![0, 255, 16]);
        assert!(from_hex("0x0").is_err());
        assert!(from_hex("0xzz").is_err());
        assert!(from_hex("0xé1").is_err());
        assert!(hash_from_hex("0x00").is_err());
    }

    #[test]
    fn inclusion_statuses() {
        let hash = format!("0x{}", "11".repeat(32));
        assert_eq!(
            inclusion_block(&serde_json::json!({ "inBlock": hash })).unwrap(),
            Some([0x11; 32])
        );
        assert_eq!(inclusion_block(&serde_json::json!("ready")).unwrap(), None);
        assert!(inclusion_block(&serde_json::json!("invalid")).is_err());
        assert!(inclusion_block(&serde_json::json!({ "dropped": null })).is_err());
    }
}
