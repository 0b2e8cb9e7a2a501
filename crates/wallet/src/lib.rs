//! Keys and addresses for dtao: sr25519 key pairs derived exactly as Substrate (and
//! bittensor-wallet) derive them, signing and verification under the `b"substrate"` context,
//! BIP-39 mnemonics, Substrate secret URIs (`//Alice`) and SS58 addresses.
//!
//! Key generation takes its entropy from the caller ([`generate_mnemonic`]); signing itself is
//! randomized inside schnorrkel, as in Substrate. bittensor-wallet's key-file bytes (JSON
//! records, `$NACL` password encryption) are in [`keyfile`]; wallets in its on-disk layout are in
//! [`store`], the only module that reads or writes files (and only under the wallet directory it
//! is given). Passwords come from the caller; nothing here prompts.

pub mod keyfile;
pub mod keys;
pub mod mnemonic;
pub mod ss58;
pub mod store;
pub mod uri;

pub use keyfile::{KeyfileError, StoredKey};
pub use keys::{
    dev_accounts, verify, KeyError, Keypair, DEV_ACCOUNT_NAMES, PUBLIC_KEY_LEN_BYTES,
    SEED_LEN_BYTES, SIGNATURE_LEN_BYTES, SIGNING_CONTEXT,
};
pub use mnemonic::{generate_mnemonic, MnemonicError};
pub use ss58::{Ss58Codec, Ss58Error, Ss58Prefix};
pub use store::{
    default_wallets_dir, list as list_wallets, CreatedPhrases, Overwrite, Wallet, WalletEntropy,
    WalletEntry, WalletError,
};
pub use uri::{DeriveJunction, SecretUri, UriError, DEV_PHRASE};
