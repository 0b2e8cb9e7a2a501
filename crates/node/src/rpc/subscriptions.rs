//! The three subscription kinds with Substrate's method and notification names:
//! new heads (`chain_newHead`, plus `chain_allHead` for the all-heads variant), finalized heads
//! (`chain_finalizedHead`), and watched extrinsics (`author_extrinsicUpdate`).
//!
//! Invariants: a heads subscription first sends the current head, then every later head once
//! (a lagging subscriber skips the headers it missed rather than stalling the chain); an
//! extrinsic watch rejects the submit call itself with the pool's error (so validation
//! failures are a JSON-RPC error, not a notification), then forwards statuses until a terminal
//! one. Every forwarding task ends when the client unsubscribes or disconnects.

use crate::rpc::errors::tx_error;
use crate::rpc::json;
use crate::rpc::methods::{off_runtime, register_aliases};
use crate::rpc::params::{self, Positional};
use crate::rpc::RpcContext;
use crate::types::Header;
use jsonrpsee::core::RegisterMethodError;
use jsonrpsee::{PendingSubscriptionSink, RpcModule, SubscriptionSink};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::broadcast;

/// Which chain of headers a heads subscription follows.
#[derive(Clone, Copy, Debug)]
enum Heads {
    New,
    All,
    Finalized,
}

/// One heads subscription kind: (subscribe, notification, unsubscribe, kind, subscribe
/// aliases, unsubscribe aliases).
type HeadsEntry = (
    &'static str,
    &'static str,
    &'static str,
    Heads,
    &'static [&'static str],
    &'static [&'static str],
);

const HEADS: &[HeadsEntry] = &[
    (
        "chain_subscribeNewHeads",
        "chain_newHead",
        "chain_unsubscribeNewHeads",
        Heads::New,
        &["chain_subscribeNewHead", "subscribe_newHead"],
        &["chain_unsubscribeNewHead", "unsubscribe_newHead"],
    ),
    (
        "chain_subscribeAllHeads",
        "chain_allHead",
        "chain_unsubscribeAllHeads",
        Heads::All,
        &[],
        &[],
    ),
    (
        "chain_subscribeFinalizedHeads",
        "chain_finalizedHead",
        "chain_unsubscribeFinalizedHeads",
        Heads::Finalized,
        &["chain_subscribeFinalisedHeads"],
        &["chain_unsubscribeFinalisedHeads"],
    ),
];

/// Register the heads subscriptions and the extrinsic watch.
pub fn register(module: &mut RpcModule<RpcContext>) -> Result<(), RegisterMethodError> {
    for &(subscribe, notification, unsubscribe, kind, sub_aliases, unsub_aliases) in HEADS {
        module.register_subscription(
            subscribe,
            notification,
            unsubscribe,
            move |_params, pending, ctx, _| follow_heads(pending, ctx, kind),
        )?;
        register_aliases(module, subscribe, sub_aliases)?;
        register_aliases(module, unsubscribe, unsub_aliases)?;
    }
    module.register_subscription(
        "author_submitAndWatchExtrinsic",
        "author_extrinsicUpdate",
        "author_unwatchExtrinsic",
        |params, pending, ctx, _| async move {
            let extrinsic = Positional::parse(&params)
                .and_then(|p| params::bytes(p.required(0, "extrinsic")?, "extrinsic"));
            match extrinsic {
                Ok(extrinsic) => watch_extrinsic(extrinsic, pending, ctx).await,
                Err(err) => pending.reject(err).await,
            }
        },
    )?;
    Ok(())
}

/// Send one notification; `false` when the subscriber is gone.
async fn notify(sink: &SubscriptionSink, value: &Value) -> bool {
    match serde_json::value::to_raw_value(value) {
        Ok(raw) => sink.send(raw).await.is_ok(),
        Err(_) => false,
    }
}

async fn follow_heads(pending: PendingSubscriptionSink, ctx: Arc<RpcContext>, kind: Heads) {
    // Subscribe before reading the current head so that no block falls in between.
    let chain = Arc::clone(&ctx.chain);
    let started = off_runtime(move || {
        let (headers, current) = match kind {
            Heads::New | Heads::All => (chain.subscribe_new_heads(), chain.best_hash()),
            Heads::Finalized => (chain.subscribe_finalized_heads(), chain.finalized_hash()),
        };
        (headers, chain.header(&current))
    })
    .await;
    let (mut headers, current) = match started {
        Ok(started) => started,
        Err(internal) => return pending.reject(internal).await,
    };
    let Ok(sink) = pending.accept().await else {
        return;
    };
    let mut last_sent = None;
    if let Some(header) = current {
        if !notify(&sink, &json::header(&header)).await {
            return;
        }
        last_sent = Some(header.hash());
    }
    loop {
        let header: Header = tokio::select! {
            _ = sink.closed() => return,
            received = headers.recv() => match received {
                Ok(header) => header,
                Err(broadcast::error::RecvError::Lagged(skipped)) => {
                    tracing::debug!(skipped, "heads subscriber lagged; skipping headers");
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
        };
        let hash = header.hash();
        if last_sent == Some(hash) {
            continue;
        }
        if !notify(&sink, &json::header(&header)).await {
            return;
        }
        last_sent = Some(hash);
    }
}

async fn watch_extrinsic(
    extrinsic: Vec<u8>,
    pending: PendingSubscriptionSink,
    ctx: Arc<RpcContext>,
) {
    let chain = Arc::clone(&ctx.chain);
    let submitted = off_runtime(move || chain.submit_and_watch_extrinsic(extrinsic)).await;
    let mut watch = match submitted {
        Ok(Ok(watch)) => watch,
        Ok(Err(rejection)) => return pending.reject(tx_error(rejection)).await,
        Err(internal) => return pending.reject(internal).await,
    };
    let Ok(sink) = pending.accept().await else {
        return;
    };
    loop {
        let status = tokio::select! {
            _ = sink.closed() => return,
            status = watch.statuses.recv() => match status {
                Some(status) => status,
                None => return,
            },
        };
        if !notify(&sink, &json::tx_status(&status)).await || status.is_terminal() {
            return;
        }
    }
}
