//! Who signs, and which hot key a command means.
//!
//! Keys come from `--signer URI` / `--signer-env VAR` (a Substrate secret URI or mnemonic) or
//! from a wallet on disk (`--wallet NAME [--wallet-hotkey HK] [--wallets-dir DIR]`). Cold-key
//! calls (transfers, staking, registration, take, subnet and admin calls) sign with the
//! wallet's cold key; hot-key calls (weights) sign with the wallet's hot key. A hot key
//! argument (`--hotkey`) is an SS58 address or, with `--wallet`, the name of one of the
//! wallet's hot keys; left out, it is the wallet's `--wallet-hotkey` (default `default`).
//!
//! Invariants: a missing, unreadable or undecryptable key is a usage error (exit 2) raised
//! before anything is sent.

use dtao_primitives::AccountId;
use dtao_wallet::store::DEFAULT_HOTKEY_NAME;
use dtao_wallet::Keypair;

use super::format::parse_address;
use super::{ChainError, SignerArgs};
use crate::wallet::{WalletCliError, WalletLocation};

fn location(args: &SignerArgs, name: &str) -> WalletLocation {
    WalletLocation {
        name: name.to_string(),
        wallets_dir: args.wallets_dir.clone(),
    }
}

fn wallet_error(what: &str, error: WalletCliError) -> ChainError {
    match error {
        WalletCliError::Usage(message) => ChainError::Usage(message),
        WalletCliError::Files(error) => ChainError::Usage(format!("cannot open {what}: {error}")),
    }
}

fn uri_keypair(args: &SignerArgs) -> Result<Option<Keypair>, ChainError> {
    let uri = match (&args.signer, &args.signer_env) {
        (Some(uri), _) => uri.clone(),
        (None, Some(var)) => std::env::var(var).map_err(|_| {
            ChainError::Usage(format!(
                "environment variable {var} is not set (--signer-env)"
            ))
        })?,
        (None, None) => return Ok(None),
    };
    Keypair::from_uri(uri.trim())
        .map(Some)
        .map_err(|e| ChainError::Usage(format!("invalid signer secret URI: {e}")))
}

const NO_SIGNER: &str = "a signer is required: --signer //Alice, --signer-env VAR or --wallet NAME";

/// The cold key that signs cold-key calls.
pub fn coldkey(args: &SignerArgs) -> Result<Keypair, ChainError> {
    if let Some(name) = &args.wallet {
        return crate::wallet::coldkey_signer(&location(args, name), args.password_env.as_deref())
            .map_err(|e| wallet_error(&format!("the cold key of wallet {name:?}"), e));
    }
    uri_keypair(args)?.ok_or_else(|| ChainError::Usage(NO_SIGNER.into()))
}

/// The address of the cold key of `args` without decrypting anything: the public key file of
/// `--wallet`, else the `--signer` / `--signer-env` key's address.
pub fn coldkey_address(args: &SignerArgs) -> Result<AccountId, ChainError> {
    if let Some(name) = &args.wallet {
        return crate::wallet::coldkey_address(&location(args, name))
            .map_err(|e| wallet_error(&format!("the cold key of wallet {name:?}"), e));
    }
    uri_keypair(args)?
        .map(|keypair| keypair.account_id())
        .ok_or_else(|| {
            ChainError::Usage(
                "a cold key address is required: COLDKEY_SS58, --wallet NAME or --signer URI"
                    .into(),
            )
        })
}

/// The hot key that signs hot-key calls (`set_weights`, commits, reveals).
pub fn hotkey(args: &SignerArgs) -> Result<Keypair, ChainError> {
    if let Some(name) = &args.wallet {
        let hotkey = args.wallet_hotkey.as_deref().unwrap_or(DEFAULT_HOTKEY_NAME);
        return crate::wallet::hotkey_signer(
            &location(args, name),
            hotkey,
            args.password_env.as_deref(),
        )
        .map_err(|e| wallet_error(&format!("hot key {hotkey:?} of wallet {name:?}"), e));
    }
    uri_keypair(args)?.ok_or_else(|| {
        ChainError::Usage(
            "a hot key signer is required: --signer URI, --signer-env VAR or --wallet NAME \
             [--wallet-hotkey HK]"
                .into(),
        )
    })
}

/// The hot key a cold-key command acts on: `given` (SS58, or a hot key name of `--wallet`),
/// else the wallet's `--wallet-hotkey` (default `default`).
pub fn hotkey_address(given: Option<&str>, args: &SignerArgs) -> Result<AccountId, ChainError> {
    if let Some(text) = given {
        if let Ok(account) = parse_address("hotkey", text) {
            return Ok(account);
        }
        if args.wallet.is_none() {
            return parse_address("hotkey", text);
        }
    }
    let Some(wallet) = &args.wallet else {
        return Err(ChainError::Usage(
            "--hotkey SS58 is required (or --wallet NAME to use one of its hot keys)".into(),
        ));
    };
    let name = given
        .or(args.wallet_hotkey.as_deref())
        .unwrap_or(DEFAULT_HOTKEY_NAME);
    crate::wallet::hotkey_address(&location(args, wallet), name)
        .map_err(|e| wallet_error(&format!("hot key {name:?} of wallet {wallet:?}"), e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn args() -> SignerArgs {
        SignerArgs {
            signer: None,
            signer_env: None,
            wallet: None,
            wallets_dir: None,
            wallet_hotkey: None,
            password_env: None,
        }
    }

    #[test]
    fn uri_signers_and_addresses() {
        let mut with_uri = args();
        with_uri.signer = Some("//Alice".into());
        let alice = coldkey(&with_uri).unwrap();
        assert_eq!(hotkey(&with_uri).unwrap().ss58(), alice.ss58());
        let address = hotkey_address(Some(&alice.ss58()), &args()).unwrap();
        assert_eq!(address, alice.account_id());
    }

    #[test]
    fn missing_or_bad_input_is_a_usage_error() {
        assert!(matches!(coldkey(&args()), Err(ChainError::Usage(_))));
        assert!(matches!(hotkey(&args()), Err(ChainError::Usage(_))));
        assert!(matches!(
            hotkey_address(None, &args()),
            Err(ChainError::Usage(_))
        ));
        assert!(matches!(
            hotkey_address(Some("not-an-address"), &args()),
            Err(ChainError::Usage(_))
        ));
        let mut bad = args();
        bad.signer = Some("not a uri at all".into());
        assert!(matches!(coldkey(&bad), Err(ChainError::Usage(_))));
    }

    #[test]
    fn wallet_hot_key_names_resolve() {
        let dir = std::env::temp_dir().join(format!("dtao-signer-{}", std::process::id()));
        let wallet = dtao_wallet::Wallet::new(&dir, "w", "hk1").unwrap();
        wallet
            .set_hotkey(
                &Keypair::from_uri("//Bob").unwrap(),
                None,
                dtao_wallet::store::Overwrite::No,
            )
            .unwrap();
        let mut with_wallet = args();
        with_wallet.wallet = Some("w".into());
        with_wallet.wallets_dir = Some(dir.clone());
        let bob = Keypair::from_uri("//Bob").unwrap().account_id();
        assert_eq!(hotkey_address(Some("hk1"), &with_wallet).unwrap(), bob);
        with_wallet.wallet_hotkey = Some("hk1".into());
        assert_eq!(hotkey_address(None, &with_wallet).unwrap(), bob);
        assert_eq!(hotkey(&with_wallet).unwrap().account_id(), bob);
        assert!(matches!(
            hotkey_address(Some("missing"), &with_wallet),
            Err(ChainError::Usage(_))
        ));
        let _ = std::fs::remove_dir_all(dir);
    }
}
