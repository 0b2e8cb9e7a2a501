//! Criterion benchmarks of the node: signed extrinsics verified, pooled, applied and committed
//! (one block of 1 000 transfers or `add_stake`s, fsync included), the metagraph runtime API of a
//! 256-uid subnet, and a cold start to the first block.

#![allow(clippy::panic)] // a benchmark that cannot set up must stop loudly

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dtao_node::chain::ChainConfig;
use dtao_node::pool::PoolLimits;
use dtao_node::rpc::ChainApi;
use dtao_node::service::{sign_extrinsic, GenesisSpec, Node, NodeSettings};
use dtao_node::state_api::{self, NodeData};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::state::Neuron;
use dtao_runtime::{BalancesCall, RuntimeCall, SubtensorCall};
use parity_scale_codec::Encode;
use std::hint::black_box;
use std::path::PathBuf;

const BATCH: u32 = 1_000;
const TAO: u64 = 1_000_000_000;

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("dtao-bench-{tag}-{}-{nanos}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn settings() -> NodeSettings {
    NodeSettings {
        chain: ChainConfig {
            max_block_extrinsics: BATCH as usize,
            pool: PoolLimits {
                max_transactions: 10_000,
                max_per_sender: 10_000,
                ..PoolLimits::default()
            },
            ..ChainConfig::default()
        },
        ..NodeSettings::default()
    }
}

/// A dev genesis with one started subnet whose pool holds 100 000 TAO / 100 000 alpha.
fn genesis_with_subnet(alice: &AccountId, hotkey: &AccountId) -> GenesisSpec {
    let hex = |a: &AccountId| {
        format!(
            "0x{}",
            a.0.iter().map(|b| format!("{b:02x}")).collect::<String>()
        )
    };
    GenesisSpec::Json(format!(
        r#"{{"sudo":"{a}","balances":[["{a}","10000000 TAO"]],
            "subnets":[{{"owner_coldkey":"{a}","owner_hotkey":"{h}","pool":{{"tao":"100000 TAO","alpha":"100000 TAO"}},"start_call":true}}]}}"#,
        a = hex(alice),
        h = hex(hotkey)
    ))
}

/// A fresh node and `BATCH` signed extrinsics from //Alice with nonces 0.. built by `call`.
fn node_with_batch(
    tag: &str,
    genesis: &GenesisSpec,
    call: impl Fn(u32) -> RuntimeCall,
) -> (Node, Vec<Vec<u8>>, PathBuf) {
    let dir = temp_dir(tag);
    let node = Node::open(&dir, genesis, settings()).unwrap_or_else(|e| panic!("node: {e}"));
    let genesis_hash = node.block_hash(0).unwrap_or_default();
    let alice = &dtao_wallet::dev_accounts()[0].1;
    let batch = (0..BATCH)
        .map(|nonce| sign_extrinsic(alice, &call(nonce), nonce, genesis_hash))
        .collect();
    (node, batch, dir)
}

fn submit_and_seal(node: &Node, batch: Vec<Vec<u8>>) -> u32 {
    for extrinsic in batch {
        let _ = black_box(node.submit_extrinsic(extrinsic));
    }
    node.seal().map(|head| head.number).unwrap_or_default()
}

/// The measured block must hold every extrinsic of the batch, or the figure would be wrong.
fn check_all_included(tag: &str, genesis: &GenesisSpec, call: impl Fn(u32) -> RuntimeCall) {
    let (node, batch, dir) = node_with_batch(tag, genesis, call);
    let head = submit_and_seal(&node, batch);
    let included = node
        .block_hash(head)
        .and_then(|hash| node.block(&hash))
        .map(|b| b.extrinsics.len());
    assert_eq!(
        included,
        Some(BATCH as usize),
        "{tag}: every signed extrinsic is in the block"
    );
    drop(node);
    let _ = std::fs::remove_dir_all(dir);
}

fn bench_signed(c: &mut Criterion) {
    let mut group = c.benchmark_group("signed_extrinsics");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(BATCH)));
    let bob = dtao_wallet::dev_accounts()[1].1.account_id();
    let transfer = move |_| {
        RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
            dest: bob,
            value: TAO,
        })
    };
    check_all_included(
        "transfer-check",
        &GenesisSpec::Dev { tempo: None },
        transfer,
    );
    group.bench_function("transfer", |b| {
        b.iter_batched(
            || node_with_batch("transfer", &GenesisSpec::Dev { tempo: None }, transfer),
            |(node, batch, dir)| {
                let head = submit_and_seal(&node, batch);
                drop(node);
                let _ = std::fs::remove_dir_all(dir);
                head
            },
            BatchSize::PerIteration,
        )
    });
    let alice = dtao_wallet::dev_accounts()[0].1.account_id();
    let hotkey = AccountId([0x42; 32]);
    let genesis = genesis_with_subnet(&alice, &hotkey);
    let stake = move |_| {
        RuntimeCall::Subtensor(SubtensorCall::AddStake {
            hotkey,
            netuid: NetUid(1),
            amount_staked: TAO,
        })
    };
    check_all_included("stake-check", &genesis, stake);
    group.bench_function("add_stake", |b| {
        b.iter_batched(
            || node_with_batch("stake", &genesis, stake),
            |(node, batch, dir)| {
                let head = submit_and_seal(&node, batch);
                drop(node);
                let _ = std::fs::remove_dir_all(dir);
                head
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn bench_metagraph(c: &mut Criterion) {
    let alice = dtao_wallet::dev_accounts()[0].1.account_id();
    let owner_hotkey = AccountId([0x42; 32]);
    let dir = temp_dir("metagraph");
    let node = Node::open(
        &dir,
        &genesis_with_subnet(&alice, &owner_hotkey),
        NodeSettings::default(),
    )
    .unwrap_or_else(|e| panic!("node: {e}"));
    let mut state = node.state();
    if let Some(subnet) = state.subnets.get_mut(&NetUid(1)) {
        let row: Vec<(u16, u16)> = (0..256).map(|j| (j, 1 + j * 97)).collect();
        for uid in subnet.n()..256 {
            let mut bytes = [0x33; 32];
            bytes[..2].copy_from_slice(&uid.to_le_bytes());
            let hotkey = AccountId(bytes);
            subnet.uids.insert(hotkey, uid);
            subnet.neurons.push(Neuron {
                hotkey,
                validator_permit: uid < 64,
                weights: if uid < 64 { row.clone() } else { Vec::new() },
                bonds: if uid < 64 { row.clone() } else { Vec::new() },
                ..Neuron::default()
            });
        }
    }
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    c.bench_function("runtime_api/get_metagraph_256_uids", |b| {
        b.iter(|| {
            let fee = |_: &[u8]| None;
            let data = NodeData {
                fee: &fee,
                ..NodeData::default()
            };
            let raw = state_api::state_call(
                &state,
                &data,
                "SubnetInfoRuntimeApi_get_metagraph",
                &1_u16.encode(),
            );
            // The RPC answers with the hex of the SCALE bytes.
            black_box(raw.map(|bytes| hex(&bytes)).map(|text| text.len()))
        })
    });
    drop(node);
    let _ = std::fs::remove_dir_all(dir);
}

fn bench_cold_start(c: &mut Criterion) {
    let mut group = c.benchmark_group("cold_start");
    group.sample_size(10);
    group.bench_function("open_dev_chain_and_seal_first_block", |b| {
        b.iter_batched(
            || temp_dir("cold"),
            |dir| {
                let node = Node::open(
                    &dir,
                    &GenesisSpec::Dev { tempo: None },
                    NodeSettings::default(),
                )
                .unwrap_or_else(|e| panic!("node: {e}"));
                let head = node.seal().map(|h| h.number).unwrap_or_default();
                drop(node);
                let _ = std::fs::remove_dir_all(dir);
                head
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_signed, bench_metagraph, bench_cold_start);
criterion_main!(benches);
