//! `dtao subnet create|start|hyperparameters|set` and `dtao register` against an in-process dev
//! node (tempo 10, manual seal, a block per transaction). Effects are checked independently of the command that caused
//! them: `subnet list --json`, `metagraph --json`, `balance --json` and the node's
//! `get_subnet_hyperparams_v2` runtime API through a raw `state_call`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{hex, json, ss58, to_hex, TestNode};
use dtao_node::state_api::types::SubnetHyperparamsV2;
use jsonrpsee::rpc_params;
use parity_scale_codec::{Decode, Encode};
use serde_json::Value;

fn nonce(node: &TestNode, uri: &str) -> u64 {
    let (code, out, err) = node.dtao(&["balance", &ss58(uri), "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)["nonce"].as_u64().unwrap()
}

fn free(node: &TestNode, uri: &str) -> u64 {
    let (code, out, err) = node.dtao(&["balance", &ss58(uri), "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)["free_rao"].as_u64().unwrap()
}

fn subnet(node: &TestNode, netuid: u64) -> Option<Value> {
    let (code, out, err) = node.dtao(&["subnet", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    json(&out)
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["netuid"] == netuid)
        .cloned()
}

/// Hyperparameters straight from the runtime API (not through the CLI).
fn hyperparams(node: &TestNode, netuid: u16) -> SubnetHyperparamsV2 {
    let result = node.rpc(
        "state_call",
        rpc_params![
            "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
            to_hex(&netuid.encode())
        ],
    );
    let bytes = hex(result.as_str().unwrap());
    Option::<SubnetHyperparamsV2>::decode(&mut &bytes[..])
        .unwrap()
        .expect("subnet exists")
}

#[test]
fn create_with_and_without_identity_then_start() {
    let node = TestNode::start();
    let alice = ss58("//Alice");
    let alice_hot = ss58("//Alice//hot");
    let (code, out, err) = node.dtao(&[
        "subnet", "create", "--hotkey", &alice_hot, "--signer", "//Alice", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let created = json(&out);
    assert_eq!(created["success"], true, "{out}");
    let netuid = created["netuid"].as_u64().unwrap();
    assert!(created["quote"]["lock_cost_rao"].as_u64().unwrap() >= 1_000_000_000);
    assert!(created["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "SubtensorModule.NetworkAdded"));
    let listed = subnet(&node, netuid).expect("new subnet listed");
    assert_eq!(listed["owner_coldkey"], alice.as_str());
    assert_eq!(listed["owner_hotkey"], alice_hot.as_str());

    // With an identity, signed by Bob; the text output shows the quote and the netuid.
    let bob = ss58("//Bob");
    let bob_hot = ss58("//Bob//hot");
    let (code, out, err) = node.dtao(&[
        "subnet",
        "create",
        "--hotkey",
        &bob_hot,
        "--name",
        "bobnet",
        "--repo",
        "https://example.org/bobnet",
        "--description",
        "a test subnet",
        "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(
        out.contains("lock cost") && out.contains("balance"),
        "{out}"
    );
    let line = out.lines().find(|l| l.starts_with("netuid: ")).unwrap();
    let bob_netuid: u64 = line["netuid: ".len()..].parse().unwrap();
    assert_ne!(bob_netuid, netuid);
    let listed = subnet(&node, bob_netuid).unwrap();
    assert_eq!(listed["owner_coldkey"], bob.as_str());
    assert_eq!(listed["name"], "bobnet");

    // Start Alice's subnet; a second start is refused with an explanation.
    let n = netuid.to_string();
    let (code, out, err) = node.dtao(&["subnet", "start", &n, "--signer", "//Alice"]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("started"), "{out}");
    assert!(hyperparams(&node, netuid as u16).subnet_is_active);
    let (code, _, err) = node.dtao(&["subnet", "start", &n, "--signer", "//Alice"]);
    assert_eq!(code, 1);
    assert!(err.contains("FirstEmissionBlockNumberAlreadySet"), "{err}");
    // Bob cannot start Alice's subnet.
    let (code, _, err) = node.dtao(&["subnet", "start", &n, "--signer", "//Bob", "--json"]);
    assert_eq!(code, 1, "{err}");

    // Too early: with a start delay, start_call is refused and explained.
    let (code, out, err) = node.dtao(&[
        "subnet",
        "set",
        "start_call_delay",
        "100000",
        "--sudo",
        "--signer",
        "//Alice",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let (code, out, err) = node.dtao(&[
        "subnet", "create", "--hotkey", &alice_hot, "--signer", "//Alice", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let late = json(&out)["netuid"].as_u64().unwrap().to_string();
    let (code, _, err) = node.dtao(&["subnet", "start", &late, "--signer", "//Alice"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("NeedWaitingMoreBlocksToStarCall") && err.contains("start_call_delay"),
        "{err}"
    );

    // A short balance is refused before sending: the nonce does not move.
    let (code, out, err) = node.dtao(&[
        "subnet",
        "create",
        "--hotkey",
        &ss58("//Nobody//hot"),
        "--signer",
        "//Nobody",
        "--json",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("not sent"), "{err}");
    assert_eq!(json(&out)["success"], false);
    assert_eq!(nonce(&node, "//Nobody"), 0);

    // Identity fields over the runtime's limits are a usage error.
    let long = "x".repeat(300);
    let (code, _, err) = node.dtao(&[
        "subnet", "create", "--hotkey", &alice_hot, "--name", &long, "--signer", "//Alice",
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn hyperparameters_and_set_as_owner_and_root() {
    let node = TestNode::start();
    node.register_subnet();
    let (code, out, err) = node.dtao(&["subnet", "hyperparameters", "1", "--json"]);
    assert_eq!(code, 0, "{err}");
    let listed = json(&out);
    let entry = |name: &str| {
        listed["hyperparameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} missing: {out}"))
    };
    assert_eq!(entry("kappa")["set_by"], "root");
    assert_eq!(entry("rho")["set_by"], "owner");
    assert_eq!(entry("user_liquidity_enabled")["set_by"], Value::Null);
    assert_eq!(
        entry("kappa")["value"].as_u64().unwrap(),
        u64::from(hyperparams(&node, 1).kappa.0)
    );
    let (code, out, err) = node.dtao(&["subnet", "hyperparameters", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("set by") && out.contains("owner/root"),
        "{out}"
    );

    // Input errors exit 2 and send nothing.
    let before = nonce(&node, "//Alice");
    for (args, needle) in [
        (vec!["1", "kapa", "1"], "unknown parameter"),
        (vec!["1", "kappa", "abc", "--sudo"], "invalid value"),
        (vec!["1", "kappa", "0.5"], "--sudo"),
        (vec!["1", "tempo", "5"], "360"),
        (vec!["1", "bonds_moving_avg", "0.99"], "975000"),
        (vec!["1", "liquid_alpha_enabled", "yes"], "true or false"),
        (vec!["network_rate_limit", "5"], "--sudo"),
        (
            vec!["1", "network_rate_limit", "5", "--sudo"],
            "network-wide",
        ),
        (vec!["x", "rho", "5"], "NETUID"),
    ] {
        let mut all = vec!["subnet", "set"];
        all.extend(args.iter().copied());
        all.extend(["--signer", "//Alice"]);
        let (code, _, err) = node.dtao(&all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(nonce(&node, "//Alice"), before);

    // Owners are frozen near every epoch at tempo 10 (window 10): open it as root first.
    let (code, out, err) = node.dtao(&[
        "subnet",
        "set",
        "admin_freeze_window",
        "0",
        "--sudo",
        "--signer",
        "//Alice",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(json(&out)["set"]["call"], "sudo_set_admin_freeze_window");

    // As the owner.
    let (code, out, err) = node.dtao(&["subnet", "set", "1", "rho", "20", "--signer", "//Alice"]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("rho = 20"), "{out}");
    assert_eq!(hyperparams(&node, 1).rho.0, 20);
    let (code, out, err) = node.dtao(&[
        "subnet",
        "set",
        "1",
        "bonds_moving_avg",
        "0.8",
        "--signer",
        "//Alice",
        "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(json(&out)["set"]["value"], 800_000);
    assert_eq!(hyperparams(&node, 1).bonds_moving_avg.0, 800_000);

    // As root (Sudo.sudo signed by the sudo key).
    let (code, out, err) = node.dtao(&[
        "subnet", "set", "1", "kappa", "0.5", "--sudo", "--signer", "//Alice",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("Sudo.Sudid"), "{out}");
    assert_eq!(hyperparams(&node, 1).kappa.0, 32_768);
    let (code, out, err) = node.dtao(&[
        "subnet",
        "set",
        "1",
        "max_validators",
        "8",
        "--sudo",
        "--signer",
        "//Alice",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(hyperparams(&node, 1).max_validators.0, 8);
    // Root may go below the owner's tempo range.
    let (code, out, err) = node.dtao(&[
        "subnet", "set", "1", "tempo", "12", "--sudo", "--signer", "//Alice",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(hyperparams(&node, 1).tempo.0, 12);

    // A stranger: refused on chain with the module error in words.
    let (code, out, err) = node.dtao(&["subnet", "set", "1", "rho", "5", "--signer", "//Bob"]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(
        err.contains("BadOrigin") && err.contains("Bad origin"),
        "{err}"
    );
    assert_eq!(hyperparams(&node, 1).rho.0, 20);
    // --sudo with a key that is not the sudo key.
    let (code, _, err) = node.dtao(&[
        "subnet", "set", "1", "kappa", "100", "--sudo", "--signer", "//Bob",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("RequireSudo"), "{err}");
    // Root's inner failure (Sudid with an error) is a failure too: max_validators above
    // max_allowed_uids.
    let (code, _, err) = node.dtao(&[
        "subnet",
        "set",
        "1",
        "max_validators",
        "4096",
        "--sudo",
        "--signer",
        "//Alice",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("InvalidValue"), "{err}");
    assert_eq!(hyperparams(&node, 1).max_validators.0, 8);
}

#[test]
fn register_pays_the_burn_and_appears_in_the_metagraph() {
    let node = TestNode::start();
    node.register_subnet();
    let bob = ss58("//Bob");
    let bob_hot = ss58("//Bob//hot");
    let before = free(&node, "//Bob");
    let (code, out, err) = node.dtao(&[
        "register", "--netuid", "1", "--hotkey", &bob_hot, "--signer", "//Bob", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let result = json(&out);
    let uid = result["uid"].as_u64().unwrap();
    let burn = result["quote"]["burn_rao"].as_u64().unwrap();
    let fee = result["quote"]["tx_fee_rao"].as_u64().unwrap();
    assert!(burn > 0);
    assert_eq!(
        result["quote"]["limit_rao"].as_u64().unwrap(),
        (burn as f64 * 1.005).ceil() as u64
    );
    assert_eq!(before - free(&node, "//Bob"), burn + fee);

    let (code, out, err) = node.dtao(&["metagraph", "1", "--json"]);
    assert_eq!(code, 0, "{err}");
    let metagraph = json(&out);
    let neuron = metagraph["neurons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["hotkey"] == bob_hot.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("not in the metagraph: {out}"));
    assert_eq!(neuron["uid"].as_u64().unwrap(), uid);
    assert_eq!(neuron["coldkey"], bob.as_str());

    // --unsafe (burned_register), text output with the quote and the uid.
    let (code, out, err) = node.dtao(&[
        "register",
        "--netuid",
        "1",
        "--hotkey",
        &ss58("//Bob//hot2"),
        "--unsafe",
        "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("burn:") && out.contains("uid: "), "{out}");
    // Registering the same hotkey again fails on chain.
    let (code, _, err) = node.dtao(&[
        "register", "--netuid", "1", "--hotkey", &bob_hot, "--signer", "//Bob",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("HotKeyAlreadyRegisteredInSubNet"), "{err}");

    // Short balance: refused before sending.
    let (code, out, err) = node.dtao(&[
        "register",
        "--netuid",
        "1",
        "--hotkey",
        &ss58("//Nobody//hot"),
        "--signer",
        "//Nobody",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("not sent"), "{err}");
    assert_eq!(nonce(&node, "//Nobody"), 0);

    // Input errors exit 2; a missing subnet exits 1.
    let (code, _, err) = node.dtao(&[
        "register",
        "--netuid",
        "1",
        "--hotkey",
        &bob_hot,
        "--tolerance",
        "2",
        "--signer",
        "//Bob",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = node.dtao(&[
        "register", "--netuid", "1", "--hotkey", "nope", "--signer", "//Bob",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = node.dtao(&[
        "register", "--netuid", "9", "--hotkey", &bob_hot, "--signer", "//Bob",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not exist"), "{err}");
}
