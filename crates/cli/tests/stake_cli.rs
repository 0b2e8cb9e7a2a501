//! `dtao stake remove | move | transfer | swap | list` against an in-process dev node (tempo 10,
//! manual seal, a block per transaction): effects are checked independently of the command under test (stake through
//! `StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid`, balances and nonces through
//! `dtao balance`), refusals beyond the tolerance send nothing, on-chain failures exit 1 with the
//! module error in words, and bad input exits 2 before any connection is made.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{dtao, hex, json, ss58, to_hex, TestNode};
use dtao_node::state_api::types::StakeInfo;
use dtao_primitives::NetUid;
use dtao_runtime::{RuntimeCall, SubtensorCall};
use dtao_wallet::Keypair;
use jsonrpsee::rpc_params;
use parity_scale_codec::{DecodeAll, Encode};
use serde_json::Value;

fn account(uri: &str) -> [u8; 32] {
    Keypair::from_uri(uri).unwrap().account_id().0
}

/// Alpha of `coldkey_uri` on `hotkey_uri` on `netuid`, read straight from the runtime API.
fn stake(node: &TestNode, hotkey_uri: &str, coldkey_uri: &str, netuid: u16) -> u64 {
    let args = (account(hotkey_uri), account(coldkey_uri), netuid).encode();
    let result = node.rpc(
        "state_call",
        rpc_params![
            "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
            to_hex(&args)
        ],
    );
    let bytes = hex(result.as_str().unwrap());
    let info = Option::<StakeInfo>::decode_all(&mut &bytes[..]).unwrap();
    info.map_or(0, |info| info.stake.0)
}

fn balance(node: &TestNode, uri: &str) -> Value {
    let (code, out, err) = node.dtao(&["balance", &ss58(uri), "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)
}

fn nonce(node: &TestNode, uri: &str) -> u64 {
    balance(node, uri)["nonce"].as_u64().unwrap()
}

fn free(node: &TestNode, uri: &str) -> u64 {
    balance(node, uri)["free_rao"].as_u64().unwrap()
}

/// `|a − b| ≤ b × fraction`.
fn close(a: u64, b: u64, fraction: f64) -> bool {
    (a as f64 - b as f64).abs() <= b as f64 * fraction
}

/// A hotkey //Bob owns that has no uid anywhere: its stake earns no emission, so amounts only
/// change by the commands under test.
const IDLE: &str = "//Bob//idle";

/// Subnet 1 (//Alice, hotkey //Alice//hot) plus //Bob staking 0.5 TAO on [`IDLE`].
fn node_with_stake() -> TestNode {
    let node = TestNode::start();
    node.register_subnet();
    let hotkey = Keypair::from_uri(IDLE).unwrap().account_id();
    let before = nonce(&node, "//Bob");
    node.submit(
        "//Bob",
        RuntimeCall::Subtensor(SubtensorCall::TryAssociateHotkey { hotkey }),
    );
    node.wait_until("the idle hotkey's owner", || nonce(&node, "//Bob") > before);
    let hot = ss58(IDLE);
    let (code, out, err) = node.dtao(&[
        "stake", "add", "--netuid", "1", "--hotkey", &hot, "--amount", "0.5", "--signer", "//Bob",
        "--unsafe",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(stake(&node, IDLE, "//Bob", 1) > 0);
    node
}

/// Register subnet 2 (owner //Bob, hotkey //Bob//hot) and start it.
fn register_second_subnet(node: &TestNode) {
    let before = nonce(node, "//Bob");
    let hotkey = Keypair::from_uri("//Bob//hot").unwrap().account_id();
    node.submit(
        "//Bob",
        RuntimeCall::Subtensor(SubtensorCall::RegisterNetwork { hotkey }),
    );
    node.submit(
        "//Bob",
        RuntimeCall::Subtensor(SubtensorCall::StartCall { netuid: NetUid(2) }),
    );
    node.wait_until("subnet 2", || {
        let (code, out, _) = node.dtao(&["subnet", "list", "--json"]);
        code == 0
            && json(&out)
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["netuid"] == 2)
            && nonce(node, "//Bob") >= before + 2
    });
}

#[test]
fn remove_and_list() {
    let node = node_with_stake();
    let hot = ss58(IDLE);
    let bob = ss58("//Bob");

    // stake list agrees with the runtime API.
    let held = stake(&node, IDLE, "//Bob", 1);
    let (code, out, err) = node.dtao(&["stake", "list", &bob, "--json"]);
    assert_eq!(code, 0, "{err}");
    let list = json(&out);
    let positions = list.as_array().unwrap();
    assert_eq!(positions.len(), 1, "{out}");
    assert_eq!(positions[0]["hotkey"], hot.as_str());
    assert_eq!(positions[0]["coldkey"], bob.as_str());
    assert_eq!(positions[0]["netuid"], 1);
    assert_eq!(positions[0]["stake_rao"], held);
    let value = positions[0]["value_rao"].as_u64().unwrap();
    let price = positions[0]["price_rao_per_alpha"].as_u64().unwrap();
    assert!(
        close(value, held * (price / 1_000) / 1_000_000, 0.001),
        "{out}"
    );
    // The signer's address is the default; the table has totals.
    let (code, out, err) = node.dtao(&["stake", "list", "--signer", "//Bob"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&hot) && out.contains("total (1 positions)"),
        "{out}"
    );

    // A small unstake quotes under the tolerance and is sent as remove_stake_limit.
    let free_before = free(&node, "//Bob");
    let (code, out, err) = node.dtao(&[
        "stake", "remove", "--netuid", "1", "--hotkey", &hot, "--amount", "0.001", "--signer",
        "//Bob", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let removed = json(&out);
    assert_eq!(removed["success"], true, "{out}");
    assert!(removed["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "SubtensorModule.StakeRemoved"));
    let quote = &removed["quote"];
    assert_eq!(quote["amount_rao"], 1_000_000);
    assert!(quote["limit_price_rao_per_alpha"].as_u64().unwrap() < price);
    let expected_tao = quote["expected_tao_rao"].as_u64().unwrap();
    let tx_fee = quote["tx_fee_rao"].as_u64().unwrap();
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held - 1_000_000);
    let gained = free(&node, "//Bob") + tx_fee - free_before;
    assert!(
        close(gained, expected_tao, 0.01),
        "{gained} vs {expected_tao}"
    );

    // Text output: the quote block then the outcome.
    let (code, out, err) = node.dtao(&[
        "stake", "remove", "--netuid", "1", "--hotkey", &hot, "--amount", "0.001", "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(
        out.starts_with("quote: unstake 0.001000000 α on subnet 1"),
        "{out}"
    );
    assert!(
        out.contains("limit price:") && out.contains("\nsuccess"),
        "{out}"
    );

    // A large unstake is beyond the tolerance: refused, nothing sent.
    let (held, sent) = (stake(&node, IDLE, "//Bob", 1), nonce(&node, "//Bob"));
    let (code, out, err) = node.dtao(&[
        "stake", "remove", "--netuid", "1", "--hotkey", &hot, "--amount", "0.2", "--signer",
        "//Bob", "--json",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("exceeds the tolerance"), "{err}");
    let refused = json(&out);
    assert_eq!(refused["success"], false);
    assert!(refused["quote"]["price_impact"].as_f64().unwrap() > 0.005);
    assert_eq!(nonce(&node, "//Bob"), sent);
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held);

    // Unstaking what is not there fails on chain: exit 1, the module error in words.
    let (code, out, err) = node.dtao(&[
        "stake",
        "remove",
        "--netuid",
        "1",
        "--hotkey",
        &hot,
        "--amount",
        "0.01",
        "--unsafe",
        "--signer",
        "//Charlie",
        "--json",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    let failed = json(&out);
    assert_eq!(failed["success"], false);
    assert_eq!(
        failed["error"]["name"], "NotEnoughStakeToWithdraw",
        "{out}\n{err}"
    );
    assert!(err.contains("transaction failed:"), "{err}");
    assert!(
        err.contains("(SubtensorModule.NotEnoughStakeToWithdraw)"),
        "{err}"
    );

    // --all with nothing staked is refused before signing.
    let (code, _, err) = node.dtao(&[
        "stake",
        "remove",
        "--netuid",
        "1",
        "--hotkey",
        &hot,
        "--all",
        "--signer",
        "//Charlie",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no stake to remove"), "{err}");

    // --all empties the position (remove_stake_full_limit).
    let (code, out, err) = node.dtao(&[
        "stake", "remove", "--netuid", "1", "--hotkey", &hot, "--all", "--signer", "//Bob",
        "--unsafe", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let all = json(&out);
    assert_eq!(all["quote"]["all"], true);
    assert_eq!(all["quote"]["amount_rao"], held);
    assert_eq!(all["quote"]["limit_price_rao_per_alpha"], Value::Null);
    assert_eq!(stake(&node, IDLE, "//Bob", 1), 0);
    let (code, out, err) = node.dtao(&["stake", "list", &bob, "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out), serde_json::json!([]));

    // --wallet lists the wallet's cold key from its public key file (no password needed).
    let dir = std::env::temp_dir().join(format!("dtao-stake-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let (code, out, err) = dtao(&[
        "wallet",
        "create",
        "--name",
        "w",
        "--wallets-dir",
        &d,
        "--no-password",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let cold = json(&out)["coldkey"].as_str().unwrap().to_owned();
    let (code, out, err) = node.dtao(&["stake", "list", "--wallet", "w", "--wallets-dir", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("stake of {cold}")), "{out}");
    assert!(out.contains("total (0 positions)"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn swap_move_and_transfer() {
    let node = node_with_stake();
    register_second_subnet(&node);
    let hot = ss58(IDLE);

    // Swap subnet 1 → 2 on the same hotkey, sent as swap_stake_limit.
    let held = stake(&node, IDLE, "//Bob", 1);
    let (code, out, err) = node.dtao(&[
        "stake",
        "swap",
        "--origin-netuid",
        "1",
        "--dest-netuid",
        "2",
        "--hotkey",
        &hot,
        "--amount",
        "0.001",
        "--signer",
        "//Bob",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let swapped = json(&out);
    assert_eq!(swapped["success"], true, "{out}");
    assert!(swapped["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "SubtensorModule.StakeSwapped"));
    let quote = &swapped["quote"];
    assert_eq!(quote["origin_netuid"], 1);
    assert_eq!(quote["destination_netuid"], 2);
    assert!(quote["limit_relative_price"].as_u64().is_some(), "{out}");
    let expected = quote["expected_alpha_rao"].as_u64().unwrap();
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held - 1_000_000);
    let on_two = stake(&node, IDLE, "//Bob", 2);
    assert!(close(on_two, expected, 0.01), "{on_two} vs {expected}");

    // A swap far beyond the tolerance is refused and sends nothing.
    let (held, sent) = (stake(&node, IDLE, "//Bob", 1), nonce(&node, "//Bob"));
    let (code, out, err) = node.dtao(&[
        "stake",
        "swap",
        "--origin-netuid",
        "1",
        "--dest-netuid",
        "2",
        "--hotkey",
        &hot,
        "--amount",
        "0.2",
        "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(
        out.starts_with("quote: swap 0.200000000 α from subnet 1"),
        "{out}"
    );
    assert!(err.contains("exceeds the tolerance"), "{err}");
    assert_eq!(nonce(&node, "//Bob"), sent);
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held);

    // Move to another hotkey within subnet 1 (no limit variant: checked, then move_stake).
    let bob_hot = ss58("//Bob//hot");
    let (code, out, err) = node.dtao(&[
        "stake",
        "move",
        "--origin-netuid",
        "1",
        "--dest-netuid",
        "1",
        "--hotkey",
        &hot,
        "--dest-hotkey",
        &bob_hot,
        "--amount",
        "0.001",
        "--signer",
        "//Bob",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let moved = json(&out);
    assert_eq!(moved["success"], true, "{out}");
    assert_eq!(moved["quote"]["limit_relative_price"], Value::Null);
    let expected = moved["quote"]["expected_alpha_rao"].as_u64().unwrap();
    assert!(
        expected < 1_000_000 && close(expected, 1_000_000, 0.05),
        "{out}"
    );
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held - 1_000_000);
    let on_bob_hot = stake(&node, "//Bob//hot", "//Bob", 1);
    assert!(
        close(on_bob_hot, expected, 0.01),
        "{on_bob_hot} vs {expected}"
    );

    // A large move is refused even though the chain has no limit for it.
    let (held, sent) = (stake(&node, IDLE, "//Bob", 1), nonce(&node, "//Bob"));
    let (code, _, err) = node.dtao(&[
        "stake",
        "move",
        "--origin-netuid",
        "1",
        "--dest-netuid",
        "2",
        "--dest-hotkey",
        &bob_hot,
        "--hotkey",
        &hot,
        "--amount",
        "0.2",
        "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("exceeds the tolerance"), "{err}");
    assert_eq!(nonce(&node, "//Bob"), sent);
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held);

    // Transfer stake to //Charlie, subnet 1 → 2, same hotkey.
    let charlie = ss58("//Charlie");
    let (code, out, err) = node.dtao(&[
        "stake",
        "transfer",
        "--dest-coldkey",
        &charlie,
        "--origin-netuid",
        "1",
        "--dest-netuid",
        "2",
        "--hotkey",
        &hot,
        "--amount",
        "0.001",
        "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.starts_with("quote: transfer 0.001000000 α"), "{out}");
    assert!(out.contains("SubtensorModule.StakeTransferred"), "{out}");
    assert_eq!(stake(&node, IDLE, "//Bob", 1), held - 1_000_000);
    let charlies = stake(&node, IDLE, "//Charlie", 2);
    assert!(charlies > 0);
    let (code, out, err) = node.dtao(&["stake", "list", &charlie, "--json"]);
    assert_eq!(code, 0, "{err}");
    let list = json(&out);
    assert_eq!(list.as_array().unwrap().len(), 1, "{out}");
    assert_eq!(list[0]["netuid"], 2);
    assert_eq!(list[0]["stake_rao"], charlies);

    // Moving more than held fails on chain (--unsafe skips only the tolerance).
    let (code, out, err) = node.dtao(&[
        "stake",
        "swap",
        "--origin-netuid",
        "2",
        "--dest-netuid",
        "1",
        "--hotkey",
        &hot,
        "--amount",
        "0.01",
        "--signer",
        "//Charlie",
        "--unsafe",
        "--json",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert_eq!(json(&out)["error"]["name"], "NotEnoughStakeToWithdraw");
}

#[test]
fn bad_inputs_exit_2_before_connecting() {
    // No node listens on port 1: an exit 2 here means nothing was even attempted.
    let alice = ss58("//Alice");
    let hot = ss58("//Alice//hot");
    let remove = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["stake", "remove", "--netuid", "1", "--signer", "//Bob"];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect()
    };
    let moving = |verb: &'static str, extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "stake",
            verb,
            "--origin-netuid",
            "1",
            "--dest-netuid",
            "2",
            "--signer",
            "//Bob",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect()
    };
    let owned = |args: &[&str]| -> Vec<String> { args.iter().map(|a| a.to_string()).collect() };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (remove(&["--hotkey", &hot, "--amount", "0"]), "above zero"),
        (
            remove(&["--hotkey", &hot, "--amount=-1"]),
            "invalid alpha amount",
        ),
        (
            remove(&["--hotkey", &hot, "--amount", "1.0000000001"]),
            "invalid alpha amount",
        ),
        (
            remove(&["--hotkey", &hot, "--amount", "1", "--all"]),
            "cannot be used with",
        ),
        (remove(&["--hotkey", &hot]), "required"),
        (
            remove(&["--hotkey", "xyz", "--amount", "1"]),
            "invalid hotkey address",
        ),
        (
            remove(&["--hotkey", &hot, "--amount", "1", "--tolerance=-1"]),
            "invalid --tolerance",
        ),
        (
            remove(&["--hotkey", &hot, "--amount", "1", "--safe", "--unsafe"]),
            "cannot be used with",
        ),
        (
            moving(
                "transfer",
                &["--dest-coldkey", "5Bad", "--hotkey", &hot, "--amount", "1"],
            ),
            "invalid destination coldkey address",
        ),
        (
            owned(&[
                "stake",
                "transfer",
                "--dest-coldkey",
                &ss58("//Bob"),
                "--origin-netuid",
                "1",
                "--dest-netuid",
                "1",
                "--hotkey",
                &hot,
                "--amount",
                "1",
                "--signer",
                "//Bob",
            ]),
            "the origin and destination are the same",
        ),
        (
            owned(&[
                "stake",
                "swap",
                "--origin-netuid",
                "3",
                "--dest-netuid",
                "3",
                "--hotkey",
                &hot,
                "--amount",
                "1",
                "--signer",
                "//Bob",
            ]),
            "the origin and destination are the same",
        ),
        (
            owned(&[
                "stake",
                "move",
                "--origin-netuid",
                "1",
                "--dest-netuid",
                "1",
                "--hotkey",
                &hot,
                "--dest-hotkey",
                &hot,
                "--amount",
                "1",
                "--signer",
                "//Bob",
            ]),
            "the origin and destination are the same",
        ),
        (
            moving(
                "move",
                &["--hotkey", &hot, "--dest-hotkey", "nope", "--amount", "1"],
            ),
            "invalid hotkey address",
        ),
        (
            moving("move", &["--hotkey", &hot, "--amount", "1"]),
            "--dest-hotkey",
        ),
        (
            moving("swap", &["--hotkey", &hot, "--amount", "1.5.0"]),
            "invalid alpha amount",
        ),
        (
            moving(
                "swap",
                &["--hotkey", &alice, "--amount", "1", "--safe", "--unsafe"],
            ),
            "cannot be used with",
        ),
        (owned(&["stake", "list"]), "a cold key address is required"),
        (
            owned(&["stake", "list", "not-an-address"]),
            "invalid coldkey address",
        ),
    ];
    for (mut args, message) in cases {
        args.extend(["--url".to_string(), "ws://127.0.0.1:1".to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = dtao(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    }
}
