//! `dtao weights set | commit | reveal`, `dtao take show | set` and `dtao root register | list`
//! against an in-process dev node (tempo 10, manual seal, a block per transaction). Effects are checked on chain through
//! raw storage reads (`SubtensorModule.Weights`, `WeightCommits`) or other commands' JSON
//! (`subnet show`, `metagraph`, `delegates`); bad input exits 2 and sends nothing (nonce
//! unchanged); on-chain refusals exit 1 with the module error named.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, ss58, to_hex, TestNode};
use dtao_node::hashing::{twox_128, twox_64};
use dtao_primitives::NetUid;
use dtao_runtime::admin::AdminCall;
use dtao_runtime::{RuntimeCall, SubtensorCall, SudoCall};
use dtao_wallet::Keypair;
use jsonrpsee::rpc_params;
use parity_scale_codec::{Decode, Encode};
use serde_json::Value;

fn account(uri: &str) -> [u8; 32] {
    Keypair::from_uri(uri).unwrap().account_id().0
}

fn storage(node: &TestNode, key: &[u8]) -> Option<Vec<u8>> {
    match node.rpc("state_getStorage", rpc_params![to_hex(key)]) {
        Value::Null => None,
        Value::String(text) => Some(common::hex(&text)),
        other => panic!("unexpected storage result {other}"),
    }
}

/// `SubtensorModule.Weights[netuid][uid]` read directly from storage.
fn weights_row(node: &TestNode, netuid: u16, uid: u16) -> Vec<(u16, u16)> {
    let mut key = twox_128(b"SubtensorModule").to_vec();
    key.extend_from_slice(&twox_128(b"Weights"));
    key.extend_from_slice(&netuid.encode());
    key.extend_from_slice(&uid.encode());
    storage(node, &key)
        .map(|bytes| Vec::<(u16, u16)>::decode(&mut &bytes[..]).unwrap())
        .unwrap_or_default()
}

/// `SubtensorModule.WeightCommits[netuid][hotkey]`: (hash, block, first, last reveal block).
fn weight_commits(node: &TestNode, netuid: u16, hotkey: &str) -> Vec<([u8; 32], u64, u64, u64)> {
    let hotkey = account(hotkey);
    let mut key = twox_128(b"SubtensorModule").to_vec();
    key.extend_from_slice(&twox_128(b"WeightCommits"));
    key.extend_from_slice(&twox_64(&netuid.encode()));
    key.extend_from_slice(&netuid.encode());
    key.extend_from_slice(&twox_64(&hotkey));
    key.extend_from_slice(&hotkey);
    storage(node, &key)
        .map(|bytes| Vec::<([u8; 32], u64, u64, u64)>::decode(&mut &bytes[..]).unwrap())
        .unwrap_or_default()
}

fn nonce(node: &TestNode, uri: &str) -> u64 {
    let (code, out, err) = node.dtao(&["balance", &ss58(uri), "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)["nonce"].as_u64().unwrap()
}

fn head(node: &TestNode) -> u64 {
    let header = node.rpc("chain_getHeader", rpc_params![]);
    u64::from_str_radix(
        header["number"].as_str().unwrap().trim_start_matches("0x"),
        16,
    )
    .unwrap()
}

fn hyperparam(node: &TestNode, netuid: u16, name: &str) -> Value {
    let (code, out, err) = node.dtao(&["subnet", "show", &netuid.to_string(), "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)["hyperparameters"][name].clone()
}

/// A root (sudo) AdminUtils call signed by //Alice, waited for through `subnet show`.
fn sudo_admin(node: &TestNode, call: AdminCall) {
    node.submit(
        "//Alice",
        RuntimeCall::Sudo(SudoCall::Sudo {
            call: Box::new(RuntimeCall::AdminUtils(call)),
        }),
    );
}

fn uid_of(node: &TestNode, netuid: u16, hotkey_uri: &str) -> Option<u16> {
    let (code, out, err) = node.dtao(&["metagraph", &netuid.to_string(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let hotkey = ss58(hotkey_uri);
    json(&out)["neurons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["hotkey"] == hotkey.as_str())
        .map(|n| n["uid"].as_u64().unwrap() as u16)
}

/// Subnet 1 with //Alice//hot (owner) and //Bob//hot registered and no weights rate limit.
fn subnet_with_two_neurons(node: &TestNode) -> (u16, u16) {
    node.register_subnet();
    node.submit(
        "//Bob",
        RuntimeCall::Subtensor(SubtensorCall::BurnedRegister {
            netuid: NetUid(1),
            hotkey: Keypair::from_uri("//Bob//hot").unwrap().account_id(),
        }),
    );
    sudo_admin(
        node,
        AdminCall::SudoSetWeightsSetRateLimit {
            netuid: NetUid(1),
            weights_set_rate_limit: 0,
        },
    );
    node.wait_until("//Bob//hot registered and no rate limit", || {
        uid_of(node, 1, "//Bob//hot").is_some() && hyperparam(node, 1, "weights_rate_limit") == 0
    });
    (
        uid_of(node, 1, "//Alice//hot").unwrap(),
        uid_of(node, 1, "//Bob//hot").unwrap(),
    )
}

#[test]
fn weights_set_stores_the_normalised_row() {
    let node = TestNode::start();
    let (alice, bob) = subnet_with_two_neurons(&node);
    let (a, b) = (alice.to_string(), bob.to_string());
    let uids = format!("{a},{b}");
    let (code, out, err) = node.dtao(&[
        "weights",
        "set",
        "--netuid",
        "1",
        "--uids",
        &uids,
        "--weights",
        "0.25,0.5",
        "--signer",
        "//Alice//hot",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let value = json(&out);
    assert_eq!(value["success"], true);
    assert!(value["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "SubtensorModule.WeightsSet"));
    assert_eq!(
        value["weights"]["values"],
        serde_json::json!([32768, 65535])
    );
    assert_eq!(value["weights"]["version_key"], 0);
    assert_eq!(value["weights"]["hotkey"], ss58("//Alice//hot").as_str());
    assert_eq!(
        weights_row(&node, 1, alice),
        vec![(alice, 32768), (bob, 65535)]
    );

    // Raw values, as text output; the row is replaced (the runtime max-upscales it).
    let (code, out, err) = node.dtao(&[
        "weights",
        "set",
        "--netuid",
        "1",
        "--uids",
        &b,
        "--weights",
        "100",
        "--raw",
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.starts_with("success"), "{out}");
    assert_eq!(weights_row(&node, 1, alice), vec![(bob, 65535)]);

    // An unregistered hotkey: the runtime refuses, exit 1 with the error named.
    let (code, out, err) = node.dtao(&[
        "weights",
        "set",
        "--netuid",
        "1",
        "--uids",
        &a,
        "--weights",
        "1",
        "--signer",
        "//Charlie//hot",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(
        err.contains("transaction failed") && err.contains("HotKeyNotRegisteredInSubNet"),
        "{err}"
    );
    assert!(out.starts_with("failed in block"), "{out}");
}

#[test]
fn bad_weights_input_exits_2_and_sends_nothing() {
    let node = TestNode::start();
    let before = nonce(&node, "//Alice//hot");
    let cases: [&[&str]; 9] = [
        &["set", "--uids", "0,1", "--weights", "1"],
        &["set", "--uids", "0,0", "--weights", "1,1"],
        &["set", "--uids", "0,1", "--weights", "1,NaN"],
        &["set", "--uids", "0,1", "--weights", "1,-1"],
        &["set", "--uids", "", "--weights", ""],
        &["set", "--uids", "0", "--weights", "0"],
        &["set", "--uids", "0", "--weights", "1.5", "--raw"],
        &["commit", "--uids", "0", "--weights", "1", "--salt", "xyz"],
        &["commit", "--uids", "0", "--weights", "1", "--salt", "0x123"],
    ];
    for case in cases {
        let mut args = vec!["weights"];
        args.extend_from_slice(case);
        args.extend(["--netuid", "1", "--signer", "//Alice//hot"]);
        let (code, out, err) = node.dtao(&args);
        assert_eq!(code, 2, "{case:?}\nstdout: {out}\nstderr: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    // Reveal needs a file or the full opening.
    let (code, _, err) = node.dtao(&[
        "weights",
        "reveal",
        "--netuid",
        "1",
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--uids is required"), "{err}");
    // A missing reveal file.
    let (code, _, err) = node.dtao(&[
        "weights",
        "reveal",
        "--reveal-file",
        "/nonexistent/dtao/reveal.json",
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot read the reveal file"), "{err}");
    // No signer.
    let (code, _, err) = node.dtao(&[
        "weights",
        "set",
        "--netuid",
        "1",
        "--uids",
        "0",
        "--weights",
        "1",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(nonce(&node, "//Alice//hot"), before);
}

#[test]
fn commit_then_reveal_with_commit_reveal_on() {
    let node = TestNode::start();
    let (alice, bob) = subnet_with_two_neurons(&node);
    // Commit-reveal on, and a tempo of 100 blocks so that the reveal epoch lasts 5 s.
    sudo_admin(
        &node,
        AdminCall::SudoSetCommitRevealWeightsEnabled {
            netuid: NetUid(1),
            enabled: true,
        },
    );
    sudo_admin(
        &node,
        AdminCall::SudoSetTempo {
            netuid: NetUid(1),
            tempo: 100,
        },
    );
    node.wait_until("commit-reveal on", || {
        hyperparam(&node, 1, "commit_reveal_weights_enabled") == true
            && hyperparam(&node, 1, "tempo") == 100
    });
    let uids = format!("{alice},{bob}");
    let hot_nonce = nonce(&node, "//Alice//hot");

    // set is refused early, pointing to commit; nothing sent.
    let (code, _, err) = node.dtao(&[
        "weights",
        "set",
        "--netuid",
        "1",
        "--uids",
        &uids,
        "--weights",
        "1,3",
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("commit-reveal is enabled") && err.contains("dtao weights commit"),
        "{err}"
    );
    assert_eq!(nonce(&node, "//Alice//hot"), hot_nonce);

    let dir = std::env::temp_dir().join(format!("dtao-weights-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("reveal.json");
    let file_arg = file.display().to_string();
    let (code, out, err) = node.dtao(&[
        "weights",
        "commit",
        "--netuid",
        "1",
        "--uids",
        &uids,
        "--weights",
        "1,3",
        "--reveal-file",
        &file_arg,
        "--signer",
        "//Alice//hot",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let commit = json(&out)["commit"].clone();
    assert_eq!(commit["reveal_file"], file_arg.as_str());
    assert_eq!(commit["values"], serde_json::json!([21845, 65535]));
    let record = json(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(record["commit_hash"], commit["commit_hash"]);
    assert_eq!(record["salt"].as_array().unwrap().len(), 8);
    assert_eq!(record["commit_block"], commit["commit_block"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The commit is on chain with the recorded hash and window.
    let commits = weight_commits(&node, 1, "//Alice//hot");
    assert_eq!(commits.len(), 1);
    assert_eq!(
        to_hex(&commits[0].0),
        commit["commit_hash"].as_str().unwrap()
    );
    assert_eq!(commits[0].2, commit["first_reveal_block"].as_u64().unwrap());
    assert_eq!(commits[0].3, commit["last_reveal_block"].as_u64().unwrap());
    assert!(weights_row(&node, 1, alice).is_empty());

    // Too early: the runtime refuses, exit 1 with the error in words.
    let (code, out, err) = node.dtao(&[
        "weights",
        "reveal",
        "--reveal-file",
        &file_arg,
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("RevealTooEarly"), "{err}");

    // Into the reveal epoch.
    let first = commits[0].2;
    while head(&node) < first {
        node.next_epoch(1);
    }
    // A reveal signed by another hotkey is refused locally.
    let (code, _, err) = node.dtao(&[
        "weights",
        "reveal",
        "--reveal-file",
        &file_arg,
        "--signer",
        "//Bob//hot",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = node.dtao(&[
        "weights",
        "reveal",
        "--reveal-file",
        &file_arg,
        "--signer",
        "//Alice//hot",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let value = json(&out);
    assert_eq!(value["reveal"]["commit_hash"], commit["commit_hash"]);
    assert!(value["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "SubtensorModule.WeightsRevealed"));
    assert_eq!(
        weights_row(&node, 1, alice),
        vec![(alice, 21845), (bob, 65535)]
    );
    assert!(weight_commits(&node, 1, "//Alice//hot").is_empty());

    // Revealing again: no pending commit matches, refused before sending.
    let hot_nonce = nonce(&node, "//Alice//hot");
    let (code, _, err) = node.dtao(&[
        "weights",
        "reveal",
        "--reveal-file",
        &file_arg,
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no pending commit"), "{err}");
    assert_eq!(nonce(&node, "//Alice//hot"), hot_nonce);

    // The explicit form with a given salt and the default reveal file under $HOME.
    std::env::set_var("HOME", &dir);
    let (code, out, err) = node.dtao(&[
        "weights",
        "commit",
        "--netuid",
        "1",
        "--uids",
        &bob.to_string(),
        "--weights",
        "7",
        "--raw",
        "--salt",
        "0x0001abcd",
        "--signer",
        "//Alice//hot",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("reveal window: blocks"), "{out}");
    let commits_dir = dir.join(".bittensor").join("dtao-commits");
    let files: Vec<String> = std::fs::read_dir(&commits_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let prefix = format!("{}-1-", ss58("//Alice//hot"));
    assert!(
        files[0].starts_with(&prefix)
            && files[0].ends_with(".json")
            && !files[0].contains("pending"),
        "{files:?}"
    );
    let first = weight_commits(&node, 1, "//Alice//hot")[0].2;
    while head(&node) < first {
        node.next_epoch(1);
    }
    // A wrong salt matches nothing on chain: refused before sending.
    let bob_text = bob.to_string();
    let reveal_args = |salt: &'static str| -> Vec<String> {
        [
            "weights",
            "reveal",
            "--netuid",
            "1",
            "--uids",
            &bob_text,
            "--weights",
            "7",
            "--raw",
            "--salt",
            salt,
            "--signer",
            "//Alice//hot",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let wrong = reveal_args("0x0001abce");
    let wrong: Vec<&str> = wrong.iter().map(String::as_str).collect();
    let (code, _, err) = node.dtao(&wrong);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no pending commit"), "{err}");
    let right = reveal_args("0x0001abcd");
    let right: Vec<&str> = right.iter().map(String::as_str).collect();
    let (code, out, err) = node.dtao(&right);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(weights_row(&node, 1, alice), vec![(bob, 65535)]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn take_u16(node: &TestNode, hotkey: &str) -> u64 {
    let (code, out, err) = node.dtao(&["take", "show", "--hotkey", hotkey, "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)["take_u16"].as_u64().unwrap()
}

fn delegates_take(node: &TestNode, hotkey: &str) -> f64 {
    let (code, out, err) = node.dtao(&["delegates", "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["hotkey"] == hotkey)
        .map(|d| d["take"].as_f64().unwrap())
        .unwrap()
}

#[test]
fn take_show_decrease_and_rate_limited_increase() {
    let node = TestNode::start();
    node.register_subnet();
    let hot = ss58("//Alice//hot");
    let (code, out, err) = node.dtao(&["take", "show", "--hotkey", &hot]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("18.00%"), "{out}");
    assert_eq!(take_u16(&node, &hot), 11_796);

    // Out of range: usage error, nothing sent.
    let before = node.alice_nonce();
    for bad in ["1.5", "-0.1", "abc"] {
        let (code, _, err) = node.dtao(&[
            "take", "set", "--hotkey", &hot, "--take", bad, "--signer", "//Alice",
        ]);
        assert_eq!(code, 2, "{bad}: {err}");
    }
    // Unchanged take: refused before sending.
    let (code, _, err) = node.dtao(&[
        "take", "set", "--hotkey", &hot, "--take", "0.18", "--signer", "//Alice",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already"), "{err}");
    assert_eq!(node.alice_nonce(), before);

    // Above the maximum take: the runtime refuses.
    let (code, out, err) = node.dtao(&[
        "take", "set", "--hotkey", &hot, "--take", "0.5", "--signer", "//Alice",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("DelegateTakeTooHigh"), "{err}");
    assert!(out.contains("increase_take"), "{out}");

    let (code, out, err) = node.dtao(&[
        "take", "set", "--hotkey", &hot, "--take", "0.09", "--signer", "//Alice", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let value = json(&out);
    assert_eq!(value["take"]["call"], "decrease_take");
    assert_eq!(value["take"]["new_take_u16"], 5898);
    assert_eq!(take_u16(&node, &hot), 5898);
    assert!((delegates_take(&node, &hot) - 5898.0 / 65535.0).abs() < 1e-12);

    // The decrease restarted the clock: an increase is rate-limited (TxDelegateTakeRateLimit).
    let (code, _, err) = node.dtao(&[
        "take", "set", "--hotkey", &hot, "--take", "0.1", "--signer", "//Alice",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("DelegateTxRateLimitExceeded"), "{err}");
    assert_eq!(take_u16(&node, &hot), 5898);

    // With the limit lifted by sudo, the increase goes through.
    sudo_admin(
        &node,
        AdminCall::SudoSetTxDelegateTakeRateLimit { tx_rate_limit: 0 },
    );
    let mut key = twox_128(b"SubtensorModule").to_vec();
    key.extend_from_slice(&twox_128(b"TxDelegateTakeRateLimit"));
    node.wait_until("rate limit 0", || {
        storage(&node, &key).is_some_and(|v| u64::decode(&mut &v[..]).unwrap() == 0)
    });
    let (code, out, err) = node.dtao(&[
        "take", "set", "--hotkey", &hot, "--take", "0.1", "--signer", "//Alice", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(json(&out)["take"]["call"], "increase_take");
    assert_eq!(take_u16(&node, &hot), 6554);

    // Not the owner: the runtime refuses.
    let (code, _, err) = node.dtao(&[
        "take", "set", "--hotkey", &hot, "--take", "0.05", "--signer", "//Bob",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("transaction failed"), "{err}");
    assert_eq!(take_u16(&node, &hot), 6554);

    // A hotkey without an owner has no take.
    let (code, _, err) = node.dtao(&["take", "show", "--hotkey", &ss58("//Nobody")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("has no owner"), "{err}");
}

#[test]
fn root_register_appears_in_root_list() {
    let node = TestNode::start();
    let hot = ss58("//Bob//hot");
    let (code, out, err) = node.dtao(&["root", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let before = json(&out)["neurons"].as_array().unwrap().len();

    let (code, out, err) = node.dtao(&["root", "register", "--hotkey", &hot, "--signer", "//Bob"]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("SubtensorModule.NeuronRegistered"), "{out}");

    let (code, out, err) = node.dtao(&["root", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let value = json(&out);
    assert_eq!(value["netuid"], 0);
    let neurons = value["neurons"].as_array().unwrap();
    assert_eq!(neurons.len(), before + 1);
    let mine = neurons
        .iter()
        .find(|n| n["hotkey"] == hot.as_str())
        .unwrap();
    assert_eq!(mine["coldkey"], ss58("//Bob").as_str());
    assert_eq!(mine["root_stake_rao"], 0);
    // Independently: the root metagraph and the delegates list.
    assert!(uid_of(&node, 0, "//Bob//hot").is_some());
    let (_, out, _) = node.dtao(&["root", "list"]);
    assert!(
        out.contains(&hot) && out.contains("root stake (TAO)"),
        "{out}"
    );
    let (code, out, _) = node.dtao(&["take", "show", "--hotkey", &hot, "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["owner"], ss58("//Bob").as_str());

    // Again: the runtime refuses.
    let (code, _, err) = node.dtao(&["root", "register", "--hotkey", &hot, "--signer", "//Bob"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("HotKeyAlreadyRegisteredInSubNet"), "{err}");
    // A bad hotkey: usage error.
    let (code, _, err) = node.dtao(&["root", "register", "--hotkey", "nope", "--signer", "//Bob"]);
    assert_eq!(code, 2, "{err}");
}
