//! Wallet files on disk: Rust round trips, and interoperability with the real bittensor-wallet
//! (run from `.venv-e2e/sdk/bin/python` at the workspace root, or `$DTAO_SDK_PYTHON`; skipped with
//! a printed note when neither exists).
//!
//! Each encryption or decryption runs argon2i with 512 MiB, so these tests open as few
//! encrypted files as they can.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_wallet::{list_wallets, verify, Keypair, Overwrite, Wallet, WalletEntropy, WalletError};
use std::path::{Path, PathBuf};
use std::process::Command;

const PASSWORD: &str = "s3cret-Passw0rd";
const PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/// A fresh, empty directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("dtao-wallet-test-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn encrypted_wallet_round_trips_in_rust() {
    let dir = TempDir::new("roundtrip");
    let wallet = Wallet::new(&dir.0, "alice", "hot1").unwrap();
    let phrase = wallet
        .create_coldkey(12, Some(PASSWORD), &[7u8; 32], Overwrite::No)
        .unwrap();
    assert_eq!(phrase.split(' ').count(), 12);
    let hot_phrase = wallet.create_hotkey(24, &[9u8; 32], Overwrite::No).unwrap();
    let expected_cold = Keypair::from_phrase(&phrase, None).unwrap();
    let expected_hot = Keypair::from_phrase(&hot_phrase, None).unwrap();

    assert!(wallet.coldkey_is_encrypted().unwrap());
    let raw = std::fs::read(wallet.coldkey_path()).unwrap();
    assert!(raw.starts_with(b"$NACL"));
    assert_eq!(wallet.coldkey_public().unwrap(), expected_cold.account_id());
    assert_eq!(wallet.coldkey_ss58().unwrap(), expected_cold.ss58());
    let stored = wallet.coldkey_stored(Some(PASSWORD)).unwrap();
    assert_eq!(stored.keypair.public(), expected_cold.public());
    assert_eq!(stored.keypair.seed(), expected_cold.seed());
    assert_eq!(stored.secret_phrase.as_deref(), Some(phrase.as_str()));

    assert_eq!(wallet.hotkey().unwrap().public(), expected_hot.public());
    assert_eq!(wallet.hotkey_ss58().unwrap(), expected_hot.ss58());

    #[cfg(unix)]
    for path in [
        wallet.coldkey_path(),
        wallet.coldkeypub_path(),
        wallet.hotkey_path(),
        wallet.hotkeypub_path(),
    ] {
        assert_eq!(mode_of(&path), 0o600, "{}", path.display());
    }

    let error = wallet.coldkey("not the password").unwrap_err();
    assert!(error.is_wrong_password(), "{error}");
    assert!(error.to_string().contains("wrong password"), "{error}");
    assert!(matches!(
        wallet.coldkey_stored(None),
        Err(WalletError::Keyfile { .. })
    ));
}

#[test]
fn plain_coldkey_overwrite_missing_and_listing() {
    let dir = TempDir::new("plain");
    let wallet = Wallet::new(&dir.0, "w1", "default").unwrap();
    assert!(matches!(
        wallet.coldkey_public(),
        Err(WalletError::Missing { .. })
    ));
    assert!(matches!(wallet.hotkey(), Err(WalletError::Missing { .. })));
    assert_eq!(list_wallets(&dir.0).unwrap(), vec![]);
    assert_eq!(list_wallets(&dir.0.join("absent")).unwrap(), vec![]);

    let cold = wallet
        .regenerate_coldkey(PHRASE, None, Overwrite::No)
        .unwrap();
    assert_eq!(wallet.coldkey("ignored").unwrap().public(), cold.public());
    assert!(!wallet.coldkey_is_encrypted().unwrap());
    assert!(matches!(
        wallet.regenerate_coldkey(PHRASE, None, Overwrite::No),
        Err(WalletError::AlreadyExists { .. })
    ));
    wallet
        .regenerate_coldkey(PHRASE, None, Overwrite::Yes)
        .unwrap();

    let alice = Keypair::from_uri("//Alice").unwrap();
    let other = wallet.with_hotkey("validator").unwrap();
    other.set_hotkey(&alice, None, Overwrite::No).unwrap();
    assert_eq!(other.hotkey().unwrap().public(), alice.public());
    wallet.regenerate_hotkey(PHRASE, Overwrite::No).unwrap();
    Wallet::new(&dir.0, "w0", "x")
        .unwrap()
        .regenerate_coldkey(PHRASE, None, Overwrite::No)
        .unwrap();

    let created = Wallet::new(&dir.0, "w2", "default").unwrap();
    let entropy = WalletEntropy {
        coldkey: [1u8; 32],
        hotkey: [2u8; 32],
    };
    let phrases = created.create(15, None, &entropy, Overwrite::No).unwrap();
    assert_eq!(phrases.coldkey.split(' ').count(), 15);
    assert_ne!(phrases.coldkey, phrases.hotkey);
    let expected = Keypair::from_phrase(&phrases.hotkey, None).unwrap();
    assert_eq!(created.hotkey().unwrap().public(), expected.public());
    assert!(matches!(
        created.create(12, None, &entropy, Overwrite::No),
        Err(WalletError::AlreadyExists { .. })
    ));

    let public_only = Wallet::new(&dir.0, "w3", "default").unwrap();
    public_only
        .set_coldkeypub(&alice.account_id(), Overwrite::No)
        .unwrap();
    assert_eq!(public_only.coldkey_ss58().unwrap(), alice.ss58());
    assert!(matches!(
        public_only.coldkey("pw"),
        Err(WalletError::Missing { .. })
    ));

    let listed = list_wallets(&dir.0).unwrap();
    let names: Vec<_> = listed.iter().map(|entry| entry.name.as_str()).collect();
    assert_eq!(names, ["w0", "w1", "w2", "w3"]);
    assert_eq!(listed[1].hotkeys, ["default", "validator"]);
    assert!(listed[0].hotkeys.is_empty());
}

#[test]
fn bad_names_and_bad_files_are_typed_errors() {
    let dir = TempDir::new("bad");
    for name in ["", ".", "..", "a/b", ".hidden", "a\0b"] {
        assert!(matches!(
            Wallet::new(&dir.0, name, "default"),
            Err(WalletError::InvalidName { .. })
        ));
        assert!(matches!(
            Wallet::new(&dir.0, "ok", name),
            Err(WalletError::InvalidName { .. })
        ));
    }
    let wallet = Wallet::new(&dir.0, "broken", "default").unwrap();
    std::fs::create_dir_all(wallet.hotkey_path().parent().unwrap()).unwrap();
    std::fs::write(wallet.hotkey_path(), b"{not json").unwrap();
    std::fs::write(wallet.coldkeypub_path(), vec![b' '; 100_000]).unwrap();
    let error = wallet.hotkey().unwrap_err();
    assert!(error.to_string().contains("malformed key file"), "{error}");
    assert!(matches!(
        wallet.coldkey_public(),
        Err(WalletError::Keyfile { .. })
    ));
}

/// The bittensor SDK's Python, when present.
fn sdk_python() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DTAO_SDK_PYTHON") {
        // Set explicitly (CI does): the interop tests must run.
        let path = PathBuf::from(path);
        assert!(
            path.exists(),
            "DTAO_SDK_PYTHON={} does not exist",
            path.display()
        );
        return Some(path);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-e2e/sdk/bin/python");
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "note: skipping bittensor-wallet interop test: {} not found (set DTAO_SDK_PYTHON)",
            path.display()
        );
        None
    }
}

/// Runs a Python script and returns the JSON it prints on its `RESULT ` line.
fn run_python(python: &Path, script: &str, args: &[&str]) -> serde_json::Value {
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "python failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line in:\n{stdout}"));
    serde_json::from_str(line).unwrap()
}

fn hex_decode(text: &str) -> Vec<u8> {
    let digits = text.trim_start_matches("0x");
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

const PYTHON_WRITES: &str = r#"
import json, sys
from bittensor_wallet import Wallet, Keypair
path, password, phrase = sys.argv[1], sys.argv[2], sys.argv[3]
w = Wallet(name="pywallet", hotkey="pyhot", path=path)
cold = Keypair.create_from_mnemonic(phrase)
w.coldkey_file.set_keypair(cold, encrypt=True, overwrite=True, password=password)
w.set_coldkeypub(cold, overwrite=True)
w.create_new_hotkey(n_words=12, use_password=False, overwrite=True, suppress=True)
hot = w.get_hotkey()
enc = Wallet(name="pywallet", hotkey="enchot", path=path)
bob = Keypair.create_from_uri("//Bob")
enc.hotkey_file.set_keypair(bob, encrypt=True, overwrite=True, password=password)
sig = cold.sign(b"signed by python")
print("RESULT " + json.dumps({"cold": cold.ss58_address, "hot": hot.ss58_address,
                              "enc": bob.ss58_address, "sig": "0x" + sig.hex()}))
"#;

#[test]
fn wallet_written_by_bittensor_wallet_opens_in_rust() {
    let Some(python) = sdk_python() else { return };
    let dir = TempDir::new("from-python");
    let result = run_python(
        &python,
        PYTHON_WRITES,
        &[dir.0.to_str().unwrap(), PASSWORD, PHRASE],
    );
    let wallet = Wallet::new(&dir.0, "pywallet", "pyhot").unwrap();
    assert!(wallet.coldkey_is_encrypted().unwrap());
    assert_eq!(wallet.coldkey_ss58().unwrap(), result["cold"]);
    let stored = wallet.coldkey_stored(Some(PASSWORD)).unwrap();
    assert_eq!(stored.keypair.ss58(), result["cold"]);
    assert_eq!(
        stored.keypair.secret_key_bytes(),
        Keypair::from_phrase(PHRASE, None)
            .unwrap()
            .secret_key_bytes()
    );
    assert_eq!(stored.secret_phrase.as_deref(), Some(PHRASE));
    assert!(wallet.coldkey("wrong").unwrap_err().is_wrong_password());
    let hot = wallet.hotkey().unwrap();
    assert_eq!(hot.ss58(), result["hot"]);
    assert_eq!(wallet.hotkey_ss58().unwrap(), result["hot"]);
    let signature = hex_decode(result["sig"].as_str().unwrap());
    assert!(verify(
        &stored.keypair.public(),
        b"signed by python",
        &signature
    ));
    // A signature by the Rust-opened hot key verifies too (the keys are the same).
    assert!(verify(&hot.public(), b"m", &hot.sign(b"m")));
    let encrypted = wallet.with_hotkey("enchot").unwrap();
    assert!(matches!(
        encrypted.hotkey(),
        Err(WalletError::Keyfile { .. })
    ));
    let bob = encrypted.hotkey_with_password(PASSWORD).unwrap();
    assert_eq!(bob.ss58(), result["enc"]);
    assert_eq!(bob.public(), Keypair::from_uri("//Bob").unwrap().public());
    let listed = list_wallets(&dir.0).unwrap();
    assert_eq!(listed[0].name, "pywallet");
    assert_eq!(listed[0].hotkeys, ["enchot", "pyhot"]);
}

const PYTHON_READS: &str = r#"
import json, sys
from bittensor_wallet import Wallet
path, password = sys.argv[1], sys.argv[2]
w = Wallet(name="rswallet", hotkey="rshot", path=path)
cold = w.get_coldkey(password=password)
coldpub = w.get_coldkeypub()
hot = w.get_hotkey()
hotpub = w.get_hotkeypub()
msg = b"signed by python with rust keys"
print("RESULT " + json.dumps({
    "encrypted": w.coldkey_file.is_encrypted(),
    "cold": cold.ss58_address, "coldpub": coldpub.ss58_address,
    "hot": hot.ss58_address, "hotpub": hotpub.ss58_address,
    "cold_sig": "0x" + cold.sign(msg).hex(), "hot_sig": "0x" + hot.sign(msg).hex()}))
"#;

#[test]
fn wallet_written_by_rust_opens_in_bittensor_wallet() {
    let Some(python) = sdk_python() else { return };
    let dir = TempDir::new("to-python");
    let wallet = Wallet::new(&dir.0, "rswallet", "rshot").unwrap();
    let phrase = wallet
        .create_coldkey(12, Some(PASSWORD), &[3u8; 32], Overwrite::No)
        .unwrap();
    let hot_phrase = wallet.create_hotkey(12, &[4u8; 32], Overwrite::No).unwrap();
    let cold = Keypair::from_phrase(&phrase, None).unwrap();
    let hot = Keypair::from_phrase(&hot_phrase, None).unwrap();

    let result = run_python(&python, PYTHON_READS, &[dir.0.to_str().unwrap(), PASSWORD]);
    assert_eq!(result["encrypted"], true);
    assert_eq!(result["cold"], cold.ss58());
    assert_eq!(result["coldpub"], cold.ss58());
    assert_eq!(result["hot"], hot.ss58());
    assert_eq!(result["hotpub"], hot.ss58());
    let message = b"signed by python with rust keys";
    let cold_sig = hex_decode(result["cold_sig"].as_str().unwrap());
    let hot_sig = hex_decode(result["hot_sig"].as_str().unwrap());
    assert!(verify(&cold.public(), message, &cold_sig));
    assert!(verify(&hot.public(), message, &hot_sig));
}
