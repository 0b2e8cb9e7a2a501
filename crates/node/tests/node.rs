//! The node service end to end, in process: signed extrinsics through the pool into blocks,
//! events and storage reads, persistence across a restart, and the spec version pin.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_node::hashing::{blake2_128, blake2_256, twox_128};
use dtao_node::rpc::{ChainApi, TxStatus};
use dtao_node::service::{
    node_metadata, sign_extrinsic, GenesisSpec, Node, NodeSettings, SPEC_VERSION,
};
use dtao_runtime::hyperparams::NetworkParams;
use dtao_runtime::{BalancesCall, RuntimeCall};
use std::path::PathBuf;

const TAO: u64 = 1_000_000_000;

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "dtao-node-test-{tag}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `System.Account` key of an account.
fn account_key(account: &[u8; 32]) -> Vec<u8> {
    let mut key = twox_128(b"System").to_vec();
    key.extend_from_slice(&twox_128(b"Account"));
    key.extend_from_slice(&blake2_128(account));
    key.extend_from_slice(account);
    key
}

#[test]
fn signed_transfer_is_pooled_sealed_watched_and_persisted() {
    let dir = temp_dir("transfer");
    let dev = dtao_wallet::dev_accounts();
    let (alice, bob) = (&dev[0].1, dev[1].1.account_id());
    let node = Node::open(
        &dir,
        &GenesisSpec::Dev { tempo: None },
        NodeSettings::default(),
    )
    .unwrap();
    let genesis = node.block_hash(0).unwrap();
    let call = RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
        dest: bob,
        value: 3 * TAO,
    });
    let xt = sign_extrinsic(alice, &call, 0, genesis);

    // A tampered copy is refused before the pool, with Substrate's error shape.
    let mut bad = xt.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let refused = node.submit_extrinsic(bad).unwrap_err();
    assert_eq!(refused.code, 1010);

    let mut watch = node.submit_and_watch_extrinsic(xt.clone()).unwrap();
    assert_eq!(watch.statuses.try_recv().unwrap(), TxStatus::Ready);
    assert_eq!(node.account_next_index(&alice.account_id().0), 1);
    assert_eq!(
        node.submit_extrinsic(xt.clone()).unwrap_err().code,
        1013,
        "already imported"
    );
    let head = node.seal().unwrap();
    assert_eq!(
        watch.statuses.try_recv().unwrap(),
        TxStatus::InBlock(head.hash)
    );
    assert_eq!(
        watch.statuses.try_recv().unwrap(),
        TxStatus::Finalized(head.hash)
    );
    let block = node.block(&head.hash).unwrap();
    assert_eq!(block.extrinsics, vec![xt.clone()]);

    // Storage at the new head: Bob's account holds 1 000 003 TAO; events hold the success.
    let value = node
        .storage(&account_key(&bob.0), &head.hash)
        .unwrap()
        .unwrap();
    let free = u64::from_le_bytes(value[16..24].try_into().unwrap());
    assert_eq!(free, 1_000_003 * TAO);
    let mut events_key = twox_128(b"System").to_vec();
    events_key.extend_from_slice(&twox_128(b"Events"));
    let events = node.storage(&events_key, &head.hash).unwrap().unwrap();
    assert!(
        events.windows(2).any(|w| w == [0, 0]),
        "System.ExtrinsicSuccess recorded"
    );
    // A replay of the same extrinsic is stale now.
    assert_eq!(node.submit_extrinsic(xt).unwrap_err().code, 1010);

    // Restart: the same head and state from the database.
    let (number, hash) = node.head();
    let state = node.state();
    drop(node);
    let node = Node::open(
        &dir,
        &GenesisSpec::Dev { tempo: None },
        NodeSettings::default(),
    )
    .unwrap();
    assert_eq!(node.head(), (number, hash));
    assert_eq!(node.state(), state);
    drop(node);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn metadata_answers_and_unknown_api_error() {
    let dir = temp_dir("metadata");
    let node = Node::open(
        &dir,
        &GenesisSpec::Dev { tempo: None },
        NodeSettings::default(),
    )
    .unwrap();
    let head = node.block_hash(0).unwrap();
    let v15 = node
        .state_call("Metadata_metadata_at_version", &15_u32.to_le_bytes(), &head)
        .unwrap();
    assert_eq!(v15[0], 1, "Some(metadata)");
    assert!(v15.windows(5).any(|w| w == b"meta\x0f"));
    assert_eq!(
        node.state_call("Metadata_metadata_at_version", &14_u32.to_le_bytes(), &head)
            .unwrap(),
        vec![0]
    );
    let unknown = node.state_call("Nope_nothing", &[], &head).unwrap_err();
    assert!(matches!(
        unknown,
        dtao_node::rpc::ChainError::RuntimeApiNotFound(_)
    ));
    drop(node);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Clients cache metadata per spec version: any change of the metadata must come with a new
/// `SPEC_VERSION`. When this fails, bump `SPEC_VERSION` and pin the new digest here.
#[test]
fn spec_version_is_bumped_with_the_metadata() {
    let digest = hex(&blake2_256(&node_metadata(
        &NetworkParams::default(),
        12_000,
    )));
    assert_eq!(
        (SPEC_VERSION, digest.as_str()),
        (
            1,
            "32abdf287fb9f223763d9dd4e295291072c3d60d6a1b98189e586fdb13179ff8"
        )
    );
}

#[test]
fn restart_resumes_from_the_latest_snapshot_and_replays_the_rest() {
    use dtao_node::store::StoreConfig;
    let dir = temp_dir("snapshot");
    let settings = || NodeSettings {
        store: StoreConfig {
            snapshot_interval_blocks: std::num::NonZeroU32::new(4).unwrap(),
            ..StoreConfig::default()
        },
        ..NodeSettings::default()
    };
    let dev = dtao_wallet::dev_accounts();
    let (alice, bob) = (&dev[0].1, dev[1].1.account_id());
    let node = Node::open(&dir, &GenesisSpec::Dev { tempo: Some(3) }, settings()).unwrap();
    let genesis = node.block_hash(0).unwrap();
    for nonce in 0..10 {
        let call = RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
            dest: bob,
            value: TAO,
        });
        node.submit_extrinsic(sign_extrinsic(alice, &call, nonce, genesis))
            .unwrap();
        node.seal().unwrap();
    }
    let (head, state) = (node.head(), node.state());
    drop(node);
    let node = Node::open(&dir, &GenesisSpec::Dev { tempo: Some(3) }, settings()).unwrap();
    assert_eq!(node.head(), head);
    assert_eq!(node.state(), state);
    // The chain goes on after the restart.
    let call = RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
        dest: bob,
        value: TAO,
    });
    node.submit_extrinsic(sign_extrinsic(alice, &call, 10, genesis))
        .unwrap();
    assert_eq!(node.seal().unwrap().number, head.0 + 1);
    drop(node);
    std::fs::remove_dir_all(dir).unwrap();
}
