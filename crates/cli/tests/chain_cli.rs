//! The chain commands of the `dtao` binary against an in-process dev node (tempo 10, manual
//! seal: a block per transaction, temporary database): balances, transfer, subnet list/show, metagraph, delegates,
//! stake add with a quote (safe, refused beyond tolerance), and input errors (exit 2).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{dtao, dtao_on_terminal, json, ss58, TestNode};

#[test]
fn balance_of_alice_as_table_and_json() {
    let node = TestNode::start();
    let alice = ss58("//Alice");
    let (code, out, err) = node.dtao(&["balance", &alice]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&alice) && out.contains("free (TAO)"), "{out}");
    let (code, out, err) = node.dtao(&["balance", &alice, "--json"]);
    assert_eq!(code, 0, "{err}");
    let value = json(&out);
    assert_eq!(value["address"], alice.as_str());
    assert!(value["free_rao"].as_u64().unwrap() > 0);
    // An unknown account has a zero balance.
    let nobody = ss58("//Nobody");
    let (code, out, _) = node.dtao(&["balance", &nobody, "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["free_rao"], 0);
}

#[test]
fn transfer_moves_balance() {
    let node = TestNode::start();
    let bob = ss58("//Bob");
    let free = |who: &str| {
        let (code, out, err) = node.dtao(&["balance", who, "--json"]);
        assert_eq!(code, 0, "{err}");
        json(&out)["free_rao"].as_u64().unwrap()
    };
    let before = free(&bob);
    let (code, out, err) = node.dtao(&["transfer", &bob, "1.5", "--signer", "//Alice"]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.starts_with("success"), "{out}");
    assert!(out.contains("Balances.Transfer"), "{out}");
    assert_eq!(free(&bob), before + 1_500_000_000);

    // A transfer beyond the balance fails on chain: exit 1 with the error in words.
    std::env::set_var("DTAO_TEST_SIGNER", "//Nobody");
    let (code, out, err) = node.dtao(&[
        "transfer",
        &bob,
        "1",
        "--signer-env",
        "DTAO_TEST_SIGNER",
        "--json",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(
        err.starts_with("error: submitting the transaction: Invalid Transaction: Inability to pay"),
        "{err}"
    );
}

#[test]
fn transfer_signed_by_an_encrypted_wallet_file() {
    let node = TestNode::start();
    let dir = std::env::temp_dir().join(format!("dtao-chain-cli-wallet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    std::env::set_var("DTAO_TEST_WALLET_PASSWORD", "hunter2!");
    let (code, out, err) = dtao(&[
        "wallet",
        "create",
        "--name",
        "payer",
        "--wallets-dir",
        &d,
        "--password-env",
        "DTAO_TEST_WALLET_PASSWORD",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let payer = json(&out)["coldkey"].as_str().unwrap().to_owned();
    let (code, _, err) = node.dtao(&["transfer", &payer, "3", "--signer", "//Alice"]);
    assert_eq!(code, 0, "{err}");

    let bob = ss58("//Bob");
    let free = |who: &str| {
        let (code, out, err) = node.dtao(&["balance", who, "--json"]);
        assert_eq!(code, 0, "{err}");
        json(&out)["free_rao"].as_u64().unwrap()
    };
    let before = free(&bob);
    let (code, out, err) = node.dtao(&[
        "transfer",
        &bob,
        "1",
        "--wallet",
        "payer",
        "--wallets-dir",
        &d,
        "--password-env",
        "DTAO_TEST_WALLET_PASSWORD",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert_eq!(free(&bob), before + 1_000_000_000);
    assert!(
        free(&payer) < 2_000_000_000,
        "fee paid by the wallet's cold key"
    );

    // Without the password, or with a wrong one, nothing is signed.
    let (code, _, err) = node.dtao(&[
        "transfer",
        &bob,
        "1",
        "--wallet",
        "payer",
        "--wallets-dir",
        &d,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no terminal to ask on: give --password-env"),
        "{err}"
    );
    std::env::set_var("DTAO_TEST_WALLET_WRONG", "nope");
    let (code, _, err) = node.dtao(&[
        "transfer",
        &bob,
        "1",
        "--wallet",
        "payer",
        "--wallets-dir",
        &d,
        "--password-env",
        "DTAO_TEST_WALLET_WRONG",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot open the cold key of wallet"), "{err}");
    assert_eq!(free(&bob), before + 1_000_000_000);

    // On a terminal the password is asked for (and a wrong one still signs nothing).
    let url = node.url.clone();
    let transfer = [
        "transfer",
        &bob,
        "0.5",
        "--wallet",
        "payer",
        "--wallets-dir",
        &d,
        "--url",
        &url,
    ];
    if let Some((code, out)) = dtao_on_terminal(&transfer, "wrong\n") {
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains("Password of wallet \"payer\"'s cold key:"),
            "{out}"
        );
        assert_eq!(free(&bob), before + 1_000_000_000);
        let (code, out) = dtao_on_terminal(&transfer, "hunter2!\n").unwrap();
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("success"), "{out}");
        assert_eq!(free(&bob), before + 1_500_000_000);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn subnets_metagraph_and_stake() {
    let node = TestNode::start();
    node.register_subnet();
    let (code, out, err) = node.dtao(&["subnet", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("netuid"), "{out}");
    let (code, out, err) = node.dtao(&["subnet", "show", "1", "--json"]);
    assert_eq!(code, 0, "{err}");
    let shown = json(&out);
    assert_eq!(shown["subnet"]["netuid"], 1);
    assert_eq!(shown["subnet"]["tempo"], 10);
    assert_eq!(shown["hyperparameters"]["tempo"], 10);
    assert_eq!(shown["subnet"]["owner_coldkey"], ss58("//Alice").as_str());
    let (code, _, err) = node.dtao(&["subnet", "show", "1"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = node.dtao(&["subnet", "show", "77"]);
    assert_eq!(code, 1);
    assert!(err.contains("subnet 77 does not exist"), "{err}");

    let hot = ss58("//Alice//hot");
    let (code, out, err) = node.dtao(&["metagraph", "1", "--json"]);
    assert_eq!(code, 0, "{err}");
    let neurons = json(&out)["neurons"].as_array().unwrap().clone();
    assert!(neurons.iter().any(|n| n["hotkey"] == hot.as_str()), "{out}");
    let (code, out, err) = node.dtao(&["metagraph", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&hot), "{out}");
    let (code, out, err) = node.dtao(&["delegates", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(json(&out).is_array());

    // A small stake quotes under the tolerance and is sent as add_stake_limit.
    let (code, out, err) = node.dtao(&[
        "stake", "add", "--netuid", "1", "--hotkey", &hot, "--amount", "0.001", "--signer",
        "//Bob", "--safe", "--json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let staked = json(&out);
    assert_eq!(staked["success"], true, "{out}");
    assert!(staked["quote"]["expected_alpha_rao"].as_u64().unwrap() > 0);
    assert!(staked["quote"]["limit_price_rao_per_alpha"]
        .as_u64()
        .is_some());
    let (code, out, err) = node.dtao(&[
        "stake", "add", "--netuid", "1", "--hotkey", &hot, "--amount", "0.001", "--signer", "//Bob",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("quote:") && out.contains("success"), "{out}");

    // A large stake moves the price beyond the tolerance: refused, nothing sent.
    let (code, out, err) = node.dtao(&[
        "stake", "add", "--netuid", "1", "--hotkey", &hot, "--amount", "0.5", "--signer", "//Bob",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("exceeds the tolerance"), "{err}");
    assert!(out.contains("quote:"), "{out}");
    // A stake to an unknown hotkey fails on chain: the module error in words, exit 1.
    let (code, out, err) = node.dtao(&[
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &ss58("//Nobody"),
        "--amount",
        "0.001",
        "--signer",
        "//Bob",
        "--json",
    ]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    let failed = json(&out);
    assert_eq!(failed["success"], false);
    assert_eq!(failed["error"]["name"], "HotKeyAccountNotExists");
    assert!(err.contains("Hot key account not exists."), "{err}");
    // The same with --unsafe goes through.
    let (code, out, err) = node.dtao(&[
        "stake", "add", "--netuid", "1", "--hotkey", &hot, "--amount", "0.5", "--signer", "//Bob",
        "--unsafe",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
}

#[test]
fn bad_inputs_exit_2() {
    let alice = ss58("//Alice");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["balance", "not-an-address"], "invalid account address"),
        (
            vec!["balance", &alice, "--url", "http://x"],
            "--url must start with ws://",
        ),
        (
            vec!["transfer", &alice, "1.2.3", "--signer", "//Bob"],
            "invalid TAO amount",
        ),
        (
            vec!["transfer", &alice, "0", "--signer", "//Bob"],
            "above zero",
        ),
        (vec!["transfer", &alice, "1"], "a signer is required"),
        (
            vec!["transfer", &alice, "1", "--signer", "not a uri at all ///"],
            "invalid signer",
        ),
        (
            vec![
                "transfer",
                &alice,
                "1",
                "--signer-env",
                "DTAO_SURELY_UNSET_VAR",
            ],
            "DTAO_SURELY_UNSET_VAR is not set",
        ),
        (
            vec![
                "stake",
                "add",
                "--netuid",
                "1",
                "--hotkey",
                &alice,
                "--amount",
                "1",
                "--tolerance",
                "5",
                "--signer",
                "//Bob",
            ],
            "invalid --tolerance",
        ),
        (
            vec![
                "stake", "add", "--netuid", "1", "--hotkey", "xyz", "--amount", "1", "--signer",
                "//Bob",
            ],
            "invalid hotkey address",
        ),
        (vec!["subnet", "show", "70000"], "invalid value"),
    ];
    for (args, message) in cases {
        let (code, _, err) = dtao(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // No node listening: exit 1.
    let (code, _, err) = dtao(&["balance", &alice, "--url", "ws://127.0.0.1:1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("error: connecting"), "{err}");
}
