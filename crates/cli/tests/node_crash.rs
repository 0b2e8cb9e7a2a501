//! Crash safety of `dtao node`: the process is killed with SIGKILL at random moments while it
//! produces blocks; after each kill the database must hold a complete chain (every block
//! present, chained to its parent, with its events), a restart must resume at that head with
//! the state the blocks produce, and the next run must carry on from it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_node::rpc::ChainApi;
use dtao_node::service::{GenesisSpec, Node, NodeSettings};
use dtao_node::store::{Store, StoreConfig};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn start_node(base: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dtao"))
        .args(["node", "--dev", "--base-path"])
        .arg(base)
        .args(["--rpc-port", "0", "--block-time-ms", "15"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dtao node")
}

/// Every block 0..=head is present, decodes, chains to its parent and has its events.
fn check_store(base: &Path) -> u32 {
    let store = Store::open_in_dir(base, StoreConfig::default()).expect("store opens after a kill");
    let (head, head_hash) = store.head().unwrap().expect("a genesis at least");
    let mut parent = [0_u8; 32];
    for number in 0..=head {
        let block = store
            .block_by_number(number)
            .unwrap()
            .expect("every block is present");
        assert_eq!(block.header.number, number);
        assert_eq!(
            block.header.parent_hash, parent,
            "block {number} chains to its parent"
        );
        parent = block.header.hash();
        assert!(
            store.events_of(&parent).unwrap().is_some(),
            "block {number} has its events"
        );
    }
    assert_eq!(parent, head_hash);
    head
}

#[test]
fn killed_node_loses_no_committed_block_and_resumes() {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let base = std::env::temp_dir().join(format!("dtao-crash-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&base).unwrap();
    let mut seed = (nanos as u64) | 1;
    let mut last_head = 0;
    for round in 0..4 {
        let mut node = start_node(&base);
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        std::thread::sleep(Duration::from_millis(400 + (seed >> 33) % 400));
        node.kill().unwrap();
        node.wait().unwrap();
        let head = check_store(&base);
        assert!(
            head >= last_head,
            "round {round}: head went back from {last_head} to {head}"
        );
        assert!(head > 0, "round {round}: the node produced blocks");
        last_head = head;
    }
    // A clean open resumes at the stored head, replaying every block to the same hashes.
    let node = Node::open(
        &base,
        &GenesisSpec::Dev { tempo: None },
        NodeSettings::default(),
    )
    .expect("resume after kills");
    let (head, hash) = node.head();
    assert_eq!(head, last_head);
    assert_eq!(Some(hash), node.block_hash(head));
    drop(node);
    std::fs::remove_dir_all(&base).unwrap();
}
