//! Keys and addresses for dtao: sr25519 key pairs derived exactly as Substrate (and
//! bittensor-wallet) derive them, signing and verification under the `b"substrate"` context,
//! BIP-39 mnemonics, Substrate secret URIs (`//Alice`) and SS58 addresses.
//!
//! The crate is pure: it never reads files, and key generation takes its entropy from the caller
//! ([`generate_mnemonic`]). (Signing itself is randomized inside schnorrkel, as in Substrate.)
//! Wallets in bittensor-wallet's on-disk layout and key-file format are in [`store`] and
//! [`keyfile`] (the only modules that touch files).

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
