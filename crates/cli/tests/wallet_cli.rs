//! `dtao wallet …` through the binary: create (plain and encrypted), new-hotkey, regen from a
//! mnemonic (same addresses), list and show in table and JSON form, existing keys kept without
//! `--overwrite`, and usage errors (exit 2) that write nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;

use common::dtao_on_terminal;
use dtao_wallet::{Keypair, Wallet};
use serde_json::Value;

/// One failing invocation: arguments, environment, expected message (empty: any error).
type FailingCase<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);

static NEXT_DIR: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty wallets directory for one test.
fn fresh_dir() -> PathBuf {
    let n = NEXT_DIR.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("dtao-wallet-cli-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn dtao(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dtao"));
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn dir_arg(dir: &Path) -> String {
    dir.display().to_string()
}

#[test]
fn create_plain_wallet_then_list_and_show() {
    let dir = fresh_dir();
    let d = dir_arg(&dir);
    let (code, out, err) = dtao(
        &[
            "wallet",
            "create",
            "--name",
            "dev",
            "--hotkey",
            "miner",
            "--wallets-dir",
            &d,
            "--no-password",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let created = json(&out);
    let cold_phrase = created["coldkey_mnemonic"].as_str().unwrap();
    let hot_phrase = created["hotkey_mnemonic"].as_str().unwrap();
    assert_eq!(cold_phrase.split_whitespace().count(), 12);
    assert_ne!(
        cold_phrase, hot_phrase,
        "each key has its own fresh mnemonic"
    );
    // The printed addresses are the keys of the printed mnemonics.
    assert_eq!(
        created["coldkey"],
        Keypair::from_phrase(cold_phrase, None)
            .unwrap()
            .ss58()
            .as_str()
    );
    assert_eq!(
        created["hotkey"],
        Keypair::from_phrase(hot_phrase, None)
            .unwrap()
            .ss58()
            .as_str()
    );

    // The files are readable by the library (same layout as bittensor-wallet).
    let wallet = Wallet::new(&dir, "dev", "miner").unwrap();
    assert!(!wallet.coldkey_is_encrypted().unwrap());
    assert_eq!(
        wallet.hotkey().unwrap().ss58(),
        created["hotkey"].as_str().unwrap()
    );

    // A second hot key.
    let (code, out, err) = dtao(
        &[
            "wallet",
            "new-hotkey",
            "--name",
            "dev",
            "--hotkey",
            "validator",
            "--wallets-dir",
            &d,
            "--words",
            "24",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let second = json(&out);
    assert_eq!(
        second["hotkey_mnemonic"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .count(),
        24
    );
    assert!(second["coldkey"].is_null());

    let (code, out, err) = dtao(&["wallet", "list", "--wallets-dir", &d, "--json"], &[]);
    assert_eq!(code, 0, "{err}");
    let listed = json(&out);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["name"], "dev");
    assert_eq!(listed[0]["coldkey"], created["coldkey"]);
    let names: Vec<&str> = listed[0]["hotkeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["miner", "validator"]);
    assert_eq!(listed[0]["hotkeys"][1]["address"], second["hotkey"]);

    let (code, out, err) = dtao(
        &["wallet", "show", "--name", "dev", "--wallets-dir", &d],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(created["coldkey"].as_str().unwrap()), "{out}");
    assert!(out.contains("NOT encrypted"), "{out}");
    assert!(out.contains("hotkey validator"), "{out}");

    let (code, out, _) = dtao(
        &[
            "wallet",
            "list",
            "--wallets-dir",
            &dir_arg(&dir.join("none")),
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("no wallets in"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn encrypted_wallet_regenerates_to_the_same_addresses_and_keeps_existing_keys() {
    let dir = fresh_dir();
    let d = dir_arg(&dir);
    let env = [("DTAO_TEST_PASSWORD", "correct horse")];
    let (code, out, err) = dtao(
        &[
            "wallet",
            "create",
            "--name",
            "main",
            "--wallets-dir",
            &d,
            "--password-env",
            "DTAO_TEST_PASSWORD",
            "--json",
        ],
        &env,
    );
    assert_eq!(code, 0, "{err}");
    let created = json(&out);
    let wallet = Wallet::new(&dir, "main", "default").unwrap();
    assert!(wallet.coldkey_is_encrypted().unwrap());
    assert!(wallet.coldkey("wrong").unwrap_err().is_wrong_password());
    assert_eq!(
        wallet.coldkey("correct horse").unwrap().ss58(),
        created["coldkey"].as_str().unwrap()
    );

    // Creating again without --overwrite fails and leaves the key file as it was.
    let before = std::fs::read(wallet.coldkey_path()).unwrap();
    let (code, _, err) = dtao(
        &[
            "wallet",
            "create",
            "--name",
            "main",
            "--wallets-dir",
            &d,
            "--password-env",
            "DTAO_TEST_PASSWORD",
        ],
        &env,
    );
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(wallet.coldkey_path()).unwrap(), before);

    // Restoring both keys from the mnemonics in another directory gives the same addresses.
    let other = fresh_dir();
    let o = dir_arg(&other);
    let cold_env = [
        ("DTAO_TEST_PASSWORD", "another one"),
        (
            "DTAO_TEST_MNEMONIC",
            created["coldkey_mnemonic"].as_str().unwrap(),
        ),
    ];
    let (code, out, err) = dtao(
        &[
            "wallet",
            "regen-coldkey",
            "--name",
            "main",
            "--wallets-dir",
            &o,
            "--mnemonic-env",
            "DTAO_TEST_MNEMONIC",
            "--password-env",
            "DTAO_TEST_PASSWORD",
            "--json",
        ],
        &cold_env,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["coldkey"], created["coldkey"]);
    let hot_env = [(
        "DTAO_TEST_MNEMONIC",
        created["hotkey_mnemonic"].as_str().unwrap(),
    )];
    let (code, out, err) = dtao(
        &[
            "wallet",
            "regen-hotkey",
            "--name",
            "main",
            "--wallets-dir",
            &o,
            "--mnemonic-env",
            "DTAO_TEST_MNEMONIC",
            "--json",
        ],
        &hot_env,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["hotkey"], created["hotkey"]);
    let (code, out, err) = dtao(
        &[
            "wallet",
            "show",
            "--name",
            "main",
            "--wallets-dir",
            &o,
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let shown = json(&out);
    assert_eq!(shown["coldkey"], created["coldkey"]);
    assert_eq!(shown["coldkey_encrypted"], true);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&other);
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let dir = fresh_dir();
    let d = dir_arg(&dir);
    let cases: Vec<FailingCase> = vec![
        (
            vec!["wallet", "create", "--wallets-dir", &d],
            vec![],
            "a password is needed and there is no terminal",
        ),
        (
            vec![
                "wallet",
                "create",
                "--wallets-dir",
                &d,
                "--password-env",
                "DTAO_TEST_UNSET_VAR",
            ],
            vec![],
            "DTAO_TEST_UNSET_VAR is not set",
        ),
        (
            vec![
                "wallet",
                "create",
                "--wallets-dir",
                &d,
                "--password-env",
                "DTAO_TEST_EMPTY",
            ],
            vec![("DTAO_TEST_EMPTY", "")],
            "is empty",
        ),
        (
            vec![
                "wallet",
                "create",
                "--wallets-dir",
                &d,
                "--no-password",
                "--words",
                "13",
            ],
            vec![],
            "--words must be",
        ),
        (
            vec![
                "wallet",
                "create",
                "--wallets-dir",
                &d,
                "--no-password",
                "--name",
                "../escape",
            ],
            vec![],
            "invalid wallet or hotkey name",
        ),
        (
            vec![
                "wallet",
                "regen-hotkey",
                "--wallets-dir",
                &d,
                "--mnemonic-env",
                "DTAO_TEST_BAD",
            ],
            vec![("DTAO_TEST_BAD", "not a valid mnemonic")],
            "",
        ),
    ];
    for (args, env, expected) in cases {
        let (code, _, err) = dtao(&args, &env);
        assert_ne!(code, 0, "{args:?} should fail");
        if !expected.is_empty() {
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains(expected), "{args:?}: {err}");
        }
        assert!(err.starts_with("error:"), "{args:?}: {err}");
    }
    // Nothing was written.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn passwords_are_asked_on_a_terminal() {
    let dir = fresh_dir();
    let d = dir_arg(&dir);
    let create = ["wallet", "create", "--name", "typed", "--wallets-dir", &d];
    let Some((code, out)) = dtao_on_terminal(&create, "typed secret\ntyped secret\n") else {
        eprintln!("util-linux `script` is not installed: terminal prompt not exercised");
        return;
    };
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("New password for the cold key:"), "{out}");
    assert!(out.contains("Repeat the password:"), "{out}");
    let wallet = Wallet::new(&dir, "typed", "default").unwrap();
    assert!(wallet.coldkey_is_encrypted().unwrap());
    let coldkey = wallet.coldkey("typed secret").unwrap();
    assert_eq!(coldkey.account_id(), wallet.coldkey_public().unwrap());
    assert!(wallet.coldkey("other").is_err());

    // Two different passwords: refused, nothing written.
    let create = [
        "wallet",
        "create",
        "--name",
        "mismatch",
        "--wallets-dir",
        &d,
    ];
    let (code, out) = dtao_on_terminal(&create, "one\ntwo\n").unwrap();
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("the passwords do not match"), "{out}");
    assert!(!dir.join("mismatch").join("coldkey").exists());

    // Without a terminal the prompt is not attempted: the error names --password-env.
    let (code, _, err) = dtao(
        &["wallet", "create", "--name", "piped", "--wallets-dir", &d],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("no terminal to ask on"), "{err}");
    assert!(!dir.join("piped").join("coldkey").exists());
}
