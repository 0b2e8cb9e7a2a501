//! The request/response methods of sdk-compat.md §2.2 (`chain_*`, `state_*`, `author_*`,
//! `system_*`, `dev_*`), each a small function from positional params to a JSON value, and
//! their registration with Substrate's aliases.
//!
//! Block-hash params are optional everywhere: missing or `null` means the best block.
//! Unknown blocks give `null` for `chain_getHeader`/`chain_getBlock`/`chain_getBlockHash`
//! and error 4003 for state queries, as Substrate does.

use crate::hashing::blake2_256;
use crate::rpc::errors::{
    chain_error, client_error, dev_error, internal_error, invalid_count, tx_error,
};
use crate::rpc::json::{self, hex};
use crate::rpc::params::{self, invalid_params, Positional};
use crate::rpc::{RpcContext, STORAGE_KEYS_PAGED_MAX_COUNT};
use crate::types::Hash;
use jsonrpsee::core::RegisterMethodError;
use jsonrpsee::types::ErrorObjectOwned;
use jsonrpsee::RpcModule;
use serde_json::{json, Value};

/// What every method returns.
pub type MethodResult = Result<Value, ErrorObjectOwned>;

type Handler = fn(&RpcContext, &Positional) -> MethodResult;

/// (method, handler, aliases). Every handler runs on tokio's blocking pool: the chain may
/// hold locks (e.g. while sealing blocks) and must never stall the connection tasks.
const METHODS: &[(&str, Handler, &[&str])] = &[
    (
        "chain_getBlockHash",
        chain_get_block_hash,
        &["chain_getHead"],
    ),
    (
        "chain_getFinalizedHead",
        chain_get_finalized_head,
        &["chain_getFinalisedHead"],
    ),
    ("chain_getHeader", chain_get_header, &[]),
    ("chain_getBlock", chain_get_block, &[]),
    (
        "state_getStorage",
        state_get_storage,
        &["state_getStorageAt"],
    ),
    (
        "state_getStorageHash",
        state_get_storage_hash,
        &["state_getStorageHashAt"],
    ),
    (
        "state_getStorageSize",
        state_get_storage_size,
        &["state_getStorageSizeAt"],
    ),
    ("state_queryStorageAt", state_query_storage_at, &[]),
    (
        "state_getRuntimeVersion",
        state_get_runtime_version,
        &["chain_getRuntimeVersion"],
    ),
    (
        "system_accountNextIndex",
        system_account_next_index,
        &["account_nextIndex"],
    ),
    ("author_pendingExtrinsics", author_pending_extrinsics, &[]),
    ("system_chain", system_chain, &[]),
    ("system_name", system_name, &[]),
    ("system_version", system_version, &[]),
    ("system_chainType", system_chain_type, &[]),
    ("system_properties", system_properties, &[]),
    ("system_health", system_health, &[]),
    ("state_call", state_call, &["state_callAt"]),
    (
        "state_getKeysPaged",
        state_get_keys_paged,
        &["state_getKeysPagedAt"],
    ),
    ("state_getKeys", state_get_keys, &[]),
    ("state_getMetadata", state_get_metadata, &[]),
    ("author_submitExtrinsic", author_submit_extrinsic, &[]),
];

/// Dev controls, registered only when enabled.
const DEV_METHODS: &[(&str, Handler, &[&str])] = &[
    ("dev_sealBlocks", dev_seal_blocks, &[]),
    ("dev_nextEpoch", dev_next_epoch, &[]),
];

/// Register every request/response method (dev controls only if `with_dev`).
pub fn register(
    module: &mut RpcModule<RpcContext>,
    with_dev: bool,
) -> Result<(), RegisterMethodError> {
    let methods = METHODS
        .iter()
        .chain(if with_dev { DEV_METHODS } else { &[] });
    for &(name, handler, aliases) in methods {
        module.register_blocking_method(name, move |raw, ctx, _| -> MethodResult {
            handler(&ctx, &Positional::parse(&raw)?)
        })?;
        register_aliases(module, name, aliases)?;
    }
    Ok(())
}

/// Register `aliases` of `name`.
pub fn register_aliases(
    module: &mut RpcModule<RpcContext>,
    name: &'static str,
    aliases: &[&'static str],
) -> Result<(), RegisterMethodError> {
    for alias in aliases {
        module.register_alias(alias, name)?;
    }
    Ok(())
}

/// Register `rpc_methods`, listing every registered method and alias (itself included).
pub fn register_rpc_methods(module: &mut RpcModule<RpcContext>) -> Result<(), RegisterMethodError> {
    let mut names: Vec<&'static str> = module.method_names().collect();
    names.push("rpc_methods");
    names.sort_unstable();
    names.dedup();
    module.register_method("rpc_methods", move |_, _, _| -> MethodResult {
        Ok(json!({ "methods": names }))
    })?;
    Ok(())
}

/// The block named by optional hash param `index`, or the best block.
fn block_or_best(ctx: &RpcContext, p: &Positional, index: usize) -> Result<Hash, ErrorObjectOwned> {
    match p.optional(index) {
        Some(value) => params::hash(value, "hash"),
        None => Ok(ctx.chain.best_hash()),
    }
}

fn hash_of_number(ctx: &RpcContext, value: Option<&Value>) -> MethodResult {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Ok(json!(hex(&ctx.chain.best_hash())));
    };
    let number = params::block_number(value, "blockNumber")?;
    Ok(ctx
        .chain
        .block_hash(number)
        .map_or(Value::Null, |hash| json!(hex(&hash))))
}

fn chain_get_block_hash(ctx: &RpcContext, p: &Positional) -> MethodResult {
    match p.optional(0) {
        Some(Value::Array(numbers)) => {
            if numbers.len() > ctx.limits.max_query_items {
                return Err(invalid_params(format!(
                    "at most {} block numbers per call",
                    ctx.limits.max_query_items
                )));
            }
            let hashes = numbers
                .iter()
                .map(|number| hash_of_number(ctx, Some(number)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(hashes))
        }
        other => hash_of_number(ctx, other),
    }
}

fn chain_get_finalized_head(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json!(hex(&ctx.chain.finalized_hash())))
}

fn chain_get_header(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let at = block_or_best(ctx, p, 0)?;
    Ok(ctx
        .chain
        .header(&at)
        .map_or(Value::Null, |header| json::header(&header)))
}

fn chain_get_block(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let at = block_or_best(ctx, p, 0)?;
    Ok(ctx
        .chain
        .block(&at)
        .map_or(Value::Null, |block| json::signed_block(&block)))
}

fn storage_at(ctx: &RpcContext, p: &Positional) -> Result<Option<Vec<u8>>, ErrorObjectOwned> {
    let key = params::bytes(p.required(0, "key")?, "key")?;
    let at = block_or_best(ctx, p, 1)?;
    ctx.chain.storage(&key, &at).map_err(chain_error)
}

fn state_get_storage(ctx: &RpcContext, p: &Positional) -> MethodResult {
    Ok(storage_at(ctx, p)?.map_or(Value::Null, |value| json!(hex(&value))))
}

fn state_get_storage_hash(ctx: &RpcContext, p: &Positional) -> MethodResult {
    Ok(storage_at(ctx, p)?.map_or(Value::Null, |value| json!(hex(&blake2_256(&value)))))
}

fn state_get_storage_size(ctx: &RpcContext, p: &Positional) -> MethodResult {
    Ok(storage_at(ctx, p)?.map_or(Value::Null, |value| json!(value.len())))
}

fn state_query_storage_at(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let Value::Array(keys) = p.required(0, "keys")? else {
        return Err(invalid_params("`keys` must be an array"));
    };
    if keys.len() > ctx.limits.max_query_items {
        return Err(invalid_params(format!(
            "at most {} keys per call",
            ctx.limits.max_query_items
        )));
    }
    let at = block_or_best(ctx, p, 1)?;
    let mut changes = Vec::with_capacity(keys.len());
    for key in keys {
        let key = params::bytes(key, "key")?;
        let value = ctx.chain.storage(&key, &at).map_err(chain_error)?;
        changes.push(json!([hex(&key), value.map(|value| hex(&value))]));
    }
    Ok(json!([{ "block": hex(&at), "changes": changes }]))
}

/// Keys under `prefix` after `start_key`, re-checked: prefixed, strictly after the start
/// key, ascending, unique, at most `count`.
fn checked_keys(
    ctx: &RpcContext,
    prefix: &[u8],
    count: u32,
    start_key: Option<&[u8]>,
    at: &Hash,
) -> Result<Vec<Vec<u8>>, ErrorObjectOwned> {
    let mut keys = ctx
        .chain
        .storage_keys_paged(prefix, count, start_key, at)
        .map_err(chain_error)?;
    keys.retain(|key| {
        key.starts_with(prefix) && start_key.is_none_or(|start| key.as_slice() > start)
    });
    keys.sort_unstable();
    keys.dedup();
    keys.truncate(usize::try_from(count).unwrap_or(usize::MAX));
    Ok(keys)
}

fn hex_list(keys: &[Vec<u8>]) -> Value {
    Value::Array(keys.iter().map(|key| json!(hex(key))).collect())
}

fn state_get_keys_paged(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let prefix = match p.optional(0) {
        Some(value) => params::bytes(value, "prefix")?,
        None => Vec::new(),
    };
    let count_value = p.required(1, "count")?;
    let count: u64 = params::integer(count_value, "count")?;
    if count > u64::from(STORAGE_KEYS_PAGED_MAX_COUNT) {
        return Err(invalid_count(count, STORAGE_KEYS_PAGED_MAX_COUNT));
    }
    let count = u32::try_from(count).unwrap_or(STORAGE_KEYS_PAGED_MAX_COUNT);
    let start_key = match p.optional(2) {
        Some(value) => Some(params::bytes(value, "startKey")?),
        None => None,
    };
    let at = block_or_best(ctx, p, 3)?;
    let keys = checked_keys(ctx, &prefix, count, start_key.as_deref(), &at)?;
    Ok(hex_list(&keys))
}

fn state_get_keys(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let prefix = params::bytes(p.required(0, "prefix")?, "prefix")?;
    let at = block_or_best(ctx, p, 1)?;
    let max = ctx.limits.max_keys_unpaged;
    let keys = checked_keys(ctx, &prefix, max.saturating_add(1), None, &at)?;
    if keys.len() > usize::try_from(max).unwrap_or(usize::MAX) {
        return Err(client_error(&format!(
            "state_getKeys would return more than {max} keys; use state_getKeysPaged"
        )));
    }
    Ok(hex_list(&keys))
}

fn state_get_metadata(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let at = block_or_best(ctx, p, 0)?;
    let metadata = ctx.chain.metadata(&at).map_err(chain_error)?;
    Ok(json!(hex(&metadata)))
}

fn state_get_runtime_version(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let at = block_or_best(ctx, p, 0)?;
    let version = ctx.chain.runtime_version(&at).map_err(chain_error)?;
    Ok(json::runtime_version(&version))
}

fn state_call(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let method = params::string(p.required(0, "name")?, "name")?;
    let args = params::bytes(p.required(1, "bytes")?, "bytes")?;
    let at = block_or_best(ctx, p, 2)?;
    let result = ctx
        .chain
        .state_call(method, &args, &at)
        .map_err(chain_error)?;
    Ok(json!(hex(&result)))
}

fn system_account_next_index(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let account = params::account(p.required(0, "account")?, "account")?;
    Ok(json!(ctx.chain.account_next_index(&account)))
}

fn author_submit_extrinsic(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let extrinsic = params::bytes(p.required(0, "extrinsic")?, "extrinsic")?;
    let hash = ctx.chain.submit_extrinsic(extrinsic).map_err(tx_error)?;
    Ok(json!(hex(&hash)))
}

fn author_pending_extrinsics(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(hex_list(&ctx.chain.pending_extrinsics()))
}

fn system_chain(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json!(ctx.chain.system_info().chain))
}

fn system_name(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json!(ctx.chain.system_info().name))
}

fn system_version(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json!(ctx.chain.system_info().version))
}

fn system_chain_type(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json!(ctx.chain.system_info().chain_type))
}

fn system_properties(ctx: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json::properties(&ctx.chain.system_info().properties))
}

fn system_health(_: &RpcContext, _: &Positional) -> MethodResult {
    Ok(json!({ "peers": 0, "isSyncing": false, "shouldHavePeers": false }))
}

fn sealed(head: crate::rpc::api::SealedHead) -> Value {
    json!({ "number": head.number, "hash": hex(&head.hash) })
}

fn dev_seal_blocks(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let count: u32 = match p.optional(0) {
        Some(value) => params::integer(value, "count")?,
        None => 1,
    };
    let max = ctx.limits.max_dev_seal_blocks;
    if count == 0 || count > max {
        return Err(invalid_params(format!("`count` must be 1..={max}")));
    }
    ctx.chain
        .dev_seal_blocks(count)
        .map(sealed)
        .map_err(|detail| dev_error(&detail))
}

fn dev_next_epoch(ctx: &RpcContext, p: &Positional) -> MethodResult {
    let netuid: u16 = params::integer(p.required(0, "netuid")?, "netuid")?;
    ctx.chain
        .dev_next_epoch(netuid)
        .map(sealed)
        .map_err(|detail| dev_error(&detail))
}

/// Run a blocking closure off the async runtime, mapping a dead worker to an internal error.
pub async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ErrorObjectOwned> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| internal_error(&format!("worker failed: {err}")))
}
