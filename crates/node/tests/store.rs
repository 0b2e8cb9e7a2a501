//! The chain store end to end: the runtime state survives a SCALE round trip, a clean reopen
//! resumes at the same head, and a writer killed with SIGKILL at random moments always leaves a
//! complete, chained, replayable database.
//!
//! The crash test re-executes this test binary as a child that runs only
//! `crash_writer_child` with `DTAO_STORE_WRITER_DIR` set; that test does nothing without the
//! variable. The chain used here is real: blocks carry balance transfers applied by the runtime,
//! and each header's state root is BLAKE2b-256 of the SCALE-encoded state, so a resume is checked
//! against the committed chain.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_node::hashing::blake2_256;
use dtao_node::store::{BlockNumber, ResumeSource, Store, StoreConfig};
use dtao_node::types::{extrinsics_root, Block, Hash, Header};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::admin::AdminCall;
use dtao_runtime::genesis::GenesisConfig;
use dtao_runtime::state::SubnetIdentity;
use dtao_runtime::{BalancesCall, Runtime, RuntimeCall, State, SubtensorCall};
use parity_scale_codec::{Decode, Encode};
use std::io::{BufRead, BufReader};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const WRITER_DIR_VAR: &str = "DTAO_STORE_WRITER_DIR";
const READY_LINE: &str = "STORE-WRITER-READY";
const SNAPSHOT_INTERVAL: u32 = 4;
const CRASH_ROUNDS: usize = 5;
/// The child writer stops by itself after this long, in case its parent died.
const WRITER_LIFETIME: Duration = Duration::from_secs(30);

fn key(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn config() -> StoreConfig {
    StoreConfig {
        snapshot_interval_blocks: NonZeroU32::new(SNAPSHOT_INTERVAL).unwrap(),
        retained_snapshots: None,
    }
}

// ---- a small real chain --------------------------------------------------------------------

/// The genesis blob: JSON as a node would be given it.
fn genesis_json() -> String {
    let hex = |seed: u8| format!("0x{}", format!("{seed:02x}").repeat(32));
    format!(
        r#"{{"sudo": "{}", "balances": [["{}", "1000000 TAO"], ["{}", "1000000 TAO"]]}}"#,
        hex(1),
        hex(1),
        hex(2)
    )
}

fn build_genesis(blob: &[u8]) -> Result<State, String> {
    let text = std::str::from_utf8(blob).map_err(|error| error.to_string())?;
    let config = GenesisConfig::from_json_str(text).map_err(|error| error.to_string())?;
    config.build().map_err(|error| error.to_string())
}

fn state_root(state: &State) -> Hash {
    blake2_256(&state.encode())
}

/// Test extrinsic for block `number`: a SCALE `(signer seed, dest seed, rao)` transfer.
fn transfer(number: BlockNumber) -> Vec<u8> {
    let signer = 1 + (number % 2) as u8;
    let dest = 3 + (number % 5) as u8;
    (signer, dest, 1_000_000 + u64::from(number)).encode()
}

/// Run one block on a copy of `state`: the block hooks, then each extrinsic. Returns the state
/// after it and the number of events.
fn execute(state: &State, extrinsics: &[Vec<u8>]) -> Result<(State, u32), String> {
    let mut runtime = Runtime::new(state.clone());
    let mut events = runtime.initialize_block().len();
    for extrinsic in extrinsics {
        let (signer, dest, value) =
            <(u8, u8, u64)>::decode(&mut &extrinsic[..]).map_err(|error| error.to_string())?;
        let call = RuntimeCall::Balances(BalancesCall::TransferAllowDeath {
            dest: key(dest),
            value,
        });
        let applied = runtime
            .apply_extrinsic(key(signer), call, extrinsic.len() as u32)
            .map_err(|error| format!("{error:?}"))?;
        events += applied.events.len();
    }
    Ok((runtime.state, events as u32))
}

fn genesis_block(state: &State) -> Block {
    Block {
        header: Header {
            state_root: state_root(state),
            extrinsics_root: extrinsics_root(&[]),
            ..Header::default()
        },
        extrinsics: Vec::new(),
    }
}

/// The child of `parent`, the state after it and its events bytes.
fn next_block(state: &State, parent: &Block) -> (Block, State, Vec<u8>) {
    let number = parent.header.number + 1;
    let extrinsics = vec![transfer(number)];
    let (after, events) = execute(state, &extrinsics).unwrap();
    let block = Block {
        header: Header {
            parent_hash: parent.header.hash(),
            number,
            state_root: state_root(&after),
            extrinsics_root: extrinsics_root(&extrinsics),
            ..Header::default()
        },
        extrinsics,
    };
    (block, after, (number, events).encode())
}

/// The replay closure given to `Store::resume`: re-execute and check the state root.
fn replay(state: &mut State, block: &Block) -> Result<(), String> {
    let (after, _) = execute(state, &block.extrinsics)?;
    if state_root(&after) != block.header.state_root {
        return Err(format!("block {}: state root differs", block.header.number));
    }
    *state = after;
    Ok(())
}

/// Initialize an empty store or resume a used one: the head block and the state after it.
fn start(store: &Store) -> (Block, State) {
    if store.head().unwrap().is_none() {
        let blob = genesis_json();
        let state = build_genesis(blob.as_bytes()).unwrap();
        let block = genesis_block(&state);
        store.init_genesis(blob.as_bytes(), &block, &state).unwrap();
        return (block, state);
    }
    let resumed = store.resume(build_genesis, replay).unwrap().unwrap();
    let head = store.block_by_number(resumed.number).unwrap().unwrap();
    (head, resumed.state)
}

/// Produce and commit one block, with a snapshot when due.
fn commit_next(store: &Store, head: &Block, state: &State) -> (Block, State) {
    let (block, after, events) = next_block(state, head);
    let snapshot = store.snapshot_due(block.header.number).then_some(&after);
    store.commit_block(&block, &events, snapshot).unwrap();
    (block, after)
}

// ---- state encoding --------------------------------------------------------------------------

fn ok(runtime: &mut Runtime, who: AccountId, call: RuntimeCall) {
    let description = format!("{call:?}");
    let applied = runtime
        .apply_extrinsic(who, call, 100)
        .expect("fee payable");
    if let Err(error) = applied.result {
        panic!("{description} failed: {error}");
    }
}

fn subtensor(call: SubtensorCall) -> RuntimeCall {
    RuntimeCall::Subtensor(call)
}

#[test]
fn runtime_state_round_trips_through_scale() {
    let owner = key(1);
    let owner_hot = key(2);
    let accounts: Vec<AccountId> = (1..=8).map(key).collect();
    let genesis = GenesisConfig::dev(&accounts)
        .set_param("new_subnet_hyperparams.weights_set_rate_limit", 0_u64);
    let mut runtime = Runtime::new(genesis.build().unwrap());
    runtime.initialize_block();
    let netuid = NetUid(1);
    ok(
        &mut runtime,
        owner,
        subtensor(SubtensorCall::RegisterNetwork { hotkey: owner_hot }),
    );
    ok(
        &mut runtime,
        owner,
        subtensor(SubtensorCall::StartCall { netuid }),
    );
    let identity = SubnetIdentity {
        subnet_name: b"round trip".to_vec(),
        ..SubnetIdentity::default()
    };
    ok(
        &mut runtime,
        owner,
        subtensor(SubtensorCall::SetSubnetIdentity { netuid, identity }),
    );
    runtime.initialize_block();
    for seed in 3..=6 {
        let hotkey = key(seed + 100);
        ok(
            &mut runtime,
            key(seed),
            subtensor(SubtensorCall::BurnedRegister { netuid, hotkey }),
        );
        ok(
            &mut runtime,
            key(seed),
            subtensor(SubtensorCall::AddStake {
                hotkey,
                netuid,
                amount_staked: 10_000_000_000,
            }),
        );
    }
    // An epoch hands out validator permits.
    for _ in 0..400 {
        runtime.initialize_block();
    }
    ok(
        &mut runtime,
        key(103),
        subtensor(SubtensorCall::ServeAxon {
            netuid,
            version: 1,
            ip: 0x0102_0304,
            port: 8091,
            ip_type: 4,
            protocol: 4,
            placeholder1: 0,
            placeholder2: 0,
        }),
    );
    ok(
        &mut runtime,
        key(103),
        subtensor(SubtensorCall::SetWeights {
            netuid,
            dests: vec![1, 2, 3],
            weights: vec![100, 200, 300],
            version_key: 0,
        }),
    );
    ok(
        &mut runtime,
        owner,
        RuntimeCall::AdminUtils(AdminCall::SudoSetCommitRevealWeightsEnabled {
            netuid,
            enabled: true,
        }),
    );
    ok(
        &mut runtime,
        owner,
        RuntimeCall::AdminUtils(AdminCall::SudoSetRho { netuid, rho: 7 }),
    );
    ok(
        &mut runtime,
        key(104),
        subtensor(SubtensorCall::CommitWeights {
            netuid,
            commit_hash: [9; 32],
        }),
    );
    for _ in 0..5 {
        runtime.initialize_block();
    }
    let state = runtime.state;
    let subnet = state.subnet(netuid).unwrap();
    assert!(subnet.epoch_index > 0, "an epoch ran");
    assert!(!subnet.owner_param_last_set.is_empty());
    assert!(!subnet.weight_commits.is_empty());
    assert!(subnet.neurons.iter().any(|neuron| neuron.axon.is_some()));
    assert!(subnet
        .neurons
        .iter()
        .any(|neuron| !neuron.weights.is_empty()));
    assert!(subnet.neurons.iter().any(|neuron| neuron.validator_permit));
    assert!(subnet.identity.is_some());

    let bytes = state.encode();
    let decoded = State::decode(&mut &bytes[..]).unwrap();
    assert_eq!(decoded, state);
    assert_eq!(decoded.encode(), bytes);
    // Every strict prefix is refused (no silent truncation).
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            State::decode(&mut &bytes[..cut]).is_err(),
            "prefix of {cut} bytes"
        );
    }
}

// ---- clean reopen ----------------------------------------------------------------------------

#[test]
fn reopening_after_a_clean_close_resumes_at_the_same_head() {
    let dir = temp_dir("reopen");
    let store = Store::open_in_dir(&dir, config()).unwrap();
    let (mut head, mut state) = start(&store);
    for _ in 0..10 {
        (head, state) = commit_next(&store, &head, &state);
    }
    let head_hash = head.header.hash();
    assert_eq!(store.head().unwrap(), Some((10, head_hash)));
    store.close().unwrap();

    let store = Store::open_in_dir(&dir, config()).unwrap();
    assert_eq!(store.head().unwrap(), Some((10, head_hash)));
    assert_eq!(
        store.genesis_blob().unwrap(),
        Some(genesis_json().into_bytes())
    );
    let resumed = store.resume(build_genesis, replay).unwrap().unwrap();
    assert_eq!(resumed.source, ResumeSource::Snapshot(8));
    assert_eq!(resumed.replayed_blocks, 2);
    assert_eq!((resumed.number, resumed.hash), (10, head_hash));
    assert_eq!(resumed.state, state);
    let from_genesis = store
        .resume_from_genesis(build_genesis, replay)
        .unwrap()
        .unwrap();
    assert_eq!(from_genesis.source, ResumeSource::Genesis);
    assert_eq!(from_genesis.state, state);

    // The chain continues where it stopped.
    let (next, _) = commit_next(&store, &head, &resumed.state);
    assert_eq!(store.head().unwrap(), Some((11, next.header.hash())));
    let after_five: Vec<u32> = store
        .blocks_after(5)
        .unwrap()
        .map(|block| block.unwrap().header.number)
        .collect();
    assert_eq!(after_five, (6..=11).collect::<Vec<_>>());
    store.close().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- crash safety ----------------------------------------------------------------------------

/// Writer mode (only with `DTAO_STORE_WRITER_DIR`): resume, say ready, commit blocks as fast as
/// possible until killed.
#[test]
fn crash_writer_child() {
    let Some(dir) = std::env::var_os(WRITER_DIR_VAR) else {
        return;
    };
    let store = Store::open_in_dir(&dir, config()).unwrap();
    let (mut head, mut state) = start(&store);
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{READY_LINE}").unwrap();
        stdout.flush().unwrap();
    }
    let started = Instant::now();
    while started.elapsed() < WRITER_LIFETIME {
        (head, state) = commit_next(&store, &head, &state);
    }
}

/// A child process killed when dropped (so a failing parent leaves no writer behind).
struct Writer(Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_writer(dir: &Path) -> Writer {
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash_writer_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_DIR_VAR, dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    Writer(child)
}

/// Read the child's stdout until it reports ready.
fn wait_ready(writer: &mut Writer) -> BufReader<std::process::ChildStdout> {
    let stdout = writer.0.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    loop {
        line.clear();
        let read = reader.read_line(&mut line).unwrap();
        assert!(read > 0, "writer exited before it was ready");
        // libtest may print "test crash_writer_child ... " on the same line.
        if line.contains(READY_LINE) {
            return reader;
        }
    }
}

/// xorshift64*, enough to pick sleep lengths.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

/// Reopen after a crash and check everything; returns the head number.
fn verify_after_crash(dir: &Path) -> Option<BlockNumber> {
    let store = Store::open_in_dir(dir, config()).unwrap();
    let reader = store.reader().unwrap();
    let Some((head_number, head_hash)) = reader.head().unwrap() else {
        // Killed before the genesis committed: nothing at all may be there.
        assert_eq!(reader.genesis_blob().unwrap(), None);
        assert_eq!(reader.block_by_number(0).unwrap(), None);
        assert!(reader.latest_snapshot().unwrap().is_none());
        return None;
    };
    assert_eq!(
        reader.genesis_blob().unwrap(),
        Some(genesis_json().into_bytes())
    );

    // Every block 0..=head: decodes, chains, is indexed both ways and has its events.
    let mut parent_hash = Hash::default();
    let mut head_block = None;
    for number in 0..=head_number {
        let block = reader
            .block_by_number(number)
            .unwrap()
            .expect("block present");
        assert_eq!(block.header.number, number);
        assert_eq!(
            block.header.parent_hash, parent_hash,
            "block {number} chains"
        );
        let hash = block.header.hash();
        assert_eq!(reader.hash_of(number).unwrap(), Some(hash));
        assert_eq!(reader.number_of(&hash).unwrap(), Some(number));
        assert_eq!(reader.block_by_hash(&hash).unwrap().as_ref(), Some(&block));
        let events = reader.events_of(&hash).unwrap().expect("events present");
        if number == 0 {
            assert_eq!(events, vec![0]);
        } else {
            let (events_number, _count) = <(u32, u32)>::decode(&mut &events[..]).unwrap();
            assert_eq!(events_number, number);
        }
        parent_hash = hash;
        head_block = Some(block);
    }
    assert_eq!(parent_hash, head_hash);
    let head_block = head_block.unwrap();
    assert_eq!(reader.block_by_number(head_number + 1).unwrap(), None);
    assert_eq!(reader.hash_of(head_number + 1).unwrap(), None);
    let replayed: Vec<u32> = reader
        .blocks_after(0)
        .unwrap()
        .map(|block| block.unwrap().header.number)
        .collect();
    assert_eq!(replayed, (1..=head_number).collect::<Vec<_>>());

    // The latest snapshot decodes and is the last one due.
    let (snapshot_number, snapshot) = reader.latest_snapshot().unwrap().expect("snapshot");
    assert_eq!(
        snapshot_number,
        head_number - head_number % SNAPSHOT_INTERVAL
    );
    let snapshot_block = reader.block_by_number(snapshot_number).unwrap().unwrap();
    assert_eq!(state_root(&snapshot), snapshot_block.header.state_root);

    // Resuming reaches the head's state root, from the snapshot and from genesis alike.
    let resumed = reader.resume(build_genesis, replay).unwrap().unwrap();
    assert_eq!(resumed.source, ResumeSource::Snapshot(snapshot_number));
    assert_eq!((resumed.number, resumed.hash), (head_number, head_hash));
    assert_eq!(state_root(&resumed.state), head_block.header.state_root);
    let from_genesis = store
        .resume_from_genesis(build_genesis, replay)
        .unwrap()
        .unwrap();
    assert_eq!(from_genesis.state, resumed.state);

    // Nothing of the block the writer was committing when killed is visible.
    let (next, _, _) = next_block(&resumed.state, &head_block);
    assert_eq!(reader.number_of(&next.header.hash()).unwrap(), None);
    assert_eq!(reader.events_of(&next.header.hash()).unwrap(), None);
    drop(reader);
    store.close().unwrap();
    Some(head_number)
}

#[test]
fn writer_killed_at_random_moments_leaves_a_consistent_chain() {
    if std::env::var_os(WRITER_DIR_VAR).is_some() {
        return;
    }
    let dir = temp_dir("crash");
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("crash test seed {seed:#x}");
    let mut rng = Rng(seed);
    let mut heads: Vec<Option<BlockNumber>> = Vec::new();
    for round in 0..CRASH_ROUNDS {
        let mut writer = spawn_writer(&dir);
        // Odd rounds let the writer reach its commit loop first; even ones may also kill it
        // while it opens, repairs or resumes the database.
        let _stdout = (round % 2 == 1).then(|| wait_ready(&mut writer));
        std::thread::sleep(Duration::from_millis(10 + rng.below(191)));
        writer.0.kill().unwrap();
        let status = writer.0.wait().unwrap();
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "writer died on its own: {status}");
        }
        let head = verify_after_crash(&dir);
        println!("round {round}: head {head:?}");
        let highest = heads.iter().flatten().max().copied();
        assert!(
            head >= highest,
            "committed blocks were lost: {head:?} < {highest:?}"
        );
        heads.push(head);
    }
    assert!(
        heads.iter().flatten().any(|head| *head > SNAPSHOT_INTERVAL),
        "the writer made progress: {heads:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
