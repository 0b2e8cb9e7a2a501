//! Criterion benchmarks of the runtime: one block step of a full network (128 subnets of 256
//! uids, 64 validators each with full weight rows) with and without an epoch due, and calls
//! applied inside the runtime (no signature checks): `add_stake` and `set_weights`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dtao_primitives::fixed::I96F32;
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::dispatch::{dispatch, Origin};
use dtao_runtime::hyperparams::NetworkParams;
use dtao_runtime::state::{Neuron, State, Subnet};
use dtao_runtime::{coinbase, RuntimeCall, SubtensorCall};
use std::hint::black_box;

const SUBNETS: u16 = 128;
const UIDS: u16 = 256;
const VALIDATORS: u16 = 64;
const RAO: u64 = 1_000_000_000;

fn account(netuid: u16, uid: u16, role: u8) -> AccountId {
    let mut bytes = [role; 32];
    bytes[..2].copy_from_slice(&netuid.to_le_bytes());
    bytes[2..4].copy_from_slice(&uid.to_le_bytes());
    AccountId(bytes)
}

/// A subnet with a 1 000 TAO / 1 000 alpha pool, `UIDS` neurons and `VALIDATORS` staked
/// validators with full weight rows and permits.
fn full_subnet(state: &mut State, netuid: u16, block: u64) {
    let id = NetUid(netuid);
    let owner = account(netuid, u16::MAX, 0xEE);
    let mut subnet = Subnet::new(id, owner, account(netuid, 0, 0xAA), block);
    subnet.tao_reserve = 1_000 * RAO;
    subnet.alpha_in = 1_000 * RAO;
    subnet.first_emission_block = Some(1);
    subnet.subtoken_enabled = true;
    subnet.moving_price = I96F32::from_num(1);
    subnet.last_epoch_block = block;
    let row: Vec<(u16, u16)> = (0..UIDS).map(|j| (j, 1 + (j * 97) % 65_000)).collect();
    for uid in 0..UIDS {
        let hotkey = account(netuid, uid, 0xAA);
        let coldkey = account(netuid, uid, 0xCC);
        state.hotkey_owner.insert(hotkey, coldkey);
        let validator = uid < VALIDATORS;
        subnet.uids.insert(hotkey, uid);
        subnet.neurons.push(Neuron {
            hotkey,
            block_at_registration: 1,
            last_update: block,
            validator_permit: validator,
            weights: if validator { row.clone() } else { Vec::new() },
            ..Neuron::default()
        });
        if validator {
            let stake = 10 * RAO + u64::from(uid) * RAO;
            if state.credit_stake(&hotkey, &coldkey, id, stake).is_ok() {
                subnet.alpha_out += stake;
            }
        }
    }
    state.total_stake += subnet.tao_reserve;
    state.total_issuance += subnet.tao_reserve;
    state.subnets.insert(id, subnet);
}

fn full_network(block: u64) -> State {
    let mut state = State::new(NetworkParams::default());
    state.block = block;
    state.total_issuance = 5_000_000 * RAO;
    let whale = AccountId([0x77; 32]);
    let _ = state.deposit(&whale, 5_000_000 * RAO);
    for netuid in 1..=SUBNETS {
        full_subnet(&mut state, netuid, block);
    }
    state
}

fn bench_block_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("block_step");
    group.sample_size(10);
    // Epochs just ran everywhere: the next block has no epoch due.
    let quiet = full_network(1_000);
    group.bench_function("128x256_no_epoch", |b| {
        b.iter_batched(
            || quiet.clone(),
            |mut state| {
                state.block += 1;
                let mut events = Vec::new();
                coinbase::on_initialize(&mut state, &mut events);
                black_box(events.len())
            },
            BatchSize::LargeInput,
        )
    });
    // One subnet's tempo elapses at the next block: one epoch runs.
    let mut due = full_network(1_000);
    if let Some(subnet) = due.subnets.get_mut(&NetUid(1)) {
        subnet.last_epoch_block = 1_000 + 1 - u64::from(subnet.hyperparams.tempo);
    }
    group.bench_function("128x256_one_epoch", |b| {
        b.iter_batched(
            || due.clone(),
            |mut state| {
                state.block += 1;
                let mut events = Vec::new();
                coinbase::on_initialize(&mut state, &mut events);
                black_box(events.len())
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The benchmarked calls must succeed, or the figures would measure rejections.
fn check_calls_succeed(base: &State, whale: AccountId) {
    let mut state = base.clone();
    let hotkey = account(1, 0, 0xAA);
    let stake = RuntimeCall::Subtensor(SubtensorCall::AddStake {
        hotkey,
        netuid: NetUid(1),
        amount_staked: RAO,
    });
    let result = dispatch(&mut state, Origin::Signed(whale), stake, &mut Vec::new());
    assert!(
        result.is_ok(),
        "add_stake in the benchmark fails: {result:?}"
    );
    if let Some(neuron) = state
        .subnets
        .get_mut(&NetUid(1))
        .and_then(|s| s.neurons.get_mut(0))
    {
        neuron.last_update = 0;
    }
    let weights = RuntimeCall::Subtensor(SubtensorCall::SetWeights {
        netuid: NetUid(1),
        dests: (0..UIDS).collect(),
        weights: (0..UIDS).map(|j| 1 + j * 13).collect(),
        version_key: 0,
    });
    let result = dispatch(&mut state, Origin::Signed(hotkey), weights, &mut Vec::new());
    assert!(
        result.is_ok(),
        "set_weights in the benchmark fails: {result:?}"
    );
}

fn bench_calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("calls");
    let base = full_network(1_000);
    let whale = AccountId([0x77; 32]);
    check_calls_succeed(&base, whale);
    const BATCH: u64 = 1_000;
    group.throughput(Throughput::Elements(BATCH));
    group.bench_function("add_stake", |b| {
        b.iter_batched(
            || base.clone(),
            |mut state| {
                for i in 0..BATCH {
                    let netuid = NetUid(1 + (i % u64::from(SUBNETS)) as u16);
                    let hotkey = account(netuid.0, (i % u64::from(VALIDATORS)) as u16, 0xAA);
                    let call = RuntimeCall::Subtensor(SubtensorCall::AddStake {
                        hotkey,
                        netuid,
                        amount_staked: RAO,
                    });
                    let _ = black_box(dispatch(
                        &mut state,
                        Origin::Signed(whale),
                        call,
                        &mut Vec::new(),
                    ));
                }
                state
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("set_weights", |b| {
        let row: Vec<u16> = (0..UIDS).collect();
        let values: Vec<u16> = (0..UIDS).map(|j| 1 + j * 13).collect();
        b.iter_batched(
            || base.clone(),
            |mut state| {
                for i in 0..BATCH {
                    let netuid = NetUid(1 + (i % u64::from(SUBNETS)) as u16);
                    let uid = (i / u64::from(SUBNETS) % u64::from(VALIDATORS)) as u16;
                    if let Some(neuron) = state
                        .subnets
                        .get_mut(&netuid)
                        .and_then(|s| s.neurons.get_mut(usize::from(uid)))
                    {
                        neuron.last_update = 0;
                    }
                    let call = RuntimeCall::Subtensor(SubtensorCall::SetWeights {
                        netuid,
                        dests: row.clone(),
                        weights: values.clone(),
                        version_key: 0,
                    });
                    let hotkey = account(netuid.0, uid, 0xAA);
                    let _ = black_box(dispatch(
                        &mut state,
                        Origin::Signed(hotkey),
                        call,
                        &mut Vec::new(),
                    ));
                }
                state
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_block_step, bench_calls);
criterion_main!(benches);
