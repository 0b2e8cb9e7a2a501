//! sr25519 key pairs (schnorrkel 0.11), derived exactly as Substrate derives them, plus signing
//! and verification under the signing context `b"substrate"`.
//!
//! * A 32-byte seed is a schnorrkel mini secret key, expanded with `ExpansionMode::Ed25519`.
//! * A mnemonic phrase maps to a seed through [`crate::mnemonic::mini_secret_from_phrase`].
//! * A secret URI ([`crate::uri`]) names a phrase or a `0x` hex seed (32 bytes; 64 bytes are
//!   read as a raw schnorrkel secret key, as Substrate does), then junctions: a hard junction
//!   replaces the secret with `hard_derive_mini_secret_key(chain code, b"")` expanded again with
//!   `Ed25519`; a soft junction uses `derived_key_simple(chain code, b"")`.
//! * A password after `///` is the BIP-39 password of the phrase; with a hex seed it is ignored
//!   (as in Substrate).
//!
//! Invariants: nothing here panics on external input; [`verify`] returns `false` for any bytes
//! that are not a valid public key / signature; `Debug` never shows secret material. Signatures
//! are randomized (schnorrkel mixes system randomness into the nonce), so two signatures of the
//! same message differ while both verify.

use crate::mnemonic::{mini_secret_from_phrase, MnemonicError};
use crate::ss58::{self, Ss58Prefix};
use crate::uri::{DeriveJunction, SecretSource, SecretUri, UriError};
use dtao_primitives::AccountId;
use schnorrkel::derive::{ChainCode, Derivation};
use schnorrkel::{signing_context, ExpansionMode, MiniSecretKey, PublicKey, SecretKey, Signature};
use std::fmt;
use std::sync::OnceLock;

/// The signing context of every Substrate sr25519 signature.
pub const SIGNING_CONTEXT: &[u8] = b"substrate";

/// Length of a public key in bytes.
pub const PUBLIC_KEY_LEN_BYTES: usize = 32;
/// Length of a signature in bytes.
pub const SIGNATURE_LEN_BYTES: usize = 64;
/// Length of a seed (schnorrkel mini secret key) in bytes.
pub const SEED_LEN_BYTES: usize = 32;
/// Length of a raw schnorrkel secret key (scalar ‖ nonce) in bytes.
pub const SECRET_KEY_LEN_BYTES: usize = 64;

/// The seed of [`crate::uri::DEV_PHRASE`] (no password): the root of the development accounts.
const DEV_SEED: [u8; SEED_LEN_BYTES] = [
    0xfa, 0xc7, 0x95, 0x9d, 0xbf, 0xe7, 0x2f, 0x05, 0x2e, 0x5a, 0x0c, 0x3c, 0x8d, 0x65, 0x30, 0xf2,
    0x02, 0xb0, 0x2f, 0xd8, 0xf9, 0xf5, 0xca, 0x35, 0x80, 0xec, 0x8d, 0xeb, 0x77, 0x97, 0x47, 0x9e,
];

/// Names of the six development accounts, each the hard junction `//<name>` of the dev phrase.
pub const DEV_ACCOUNT_NAMES: [&str; 6] = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

/// Why a key could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// The secret URI is malformed.
    Uri(UriError),
    /// The mnemonic phrase is invalid.
    Mnemonic(MnemonicError),
    /// The `0x` seed is not hexadecimal with an even number of digits.
    InvalidHex,
    /// The `0x` seed has neither 32 nor 64 bytes.
    BadSeedLength {
        /// Decoded length.
        got_bytes: usize,
    },
    /// 64 bytes that are not a canonical schnorrkel secret key.
    InvalidSecretKey,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Uri(error) => write!(f, "{error}"),
            KeyError::Mnemonic(error) => write!(f, "{error}"),
            KeyError::InvalidHex => write!(f, "secret seed after 0x is not valid hex"),
            KeyError::BadSeedLength { got_bytes } => write!(
                f,
                "secret seed has {got_bytes} bytes, expected {SEED_LEN_BYTES} \
                 (or a {SECRET_KEY_LEN_BYTES}-byte secret key)"
            ),
            KeyError::InvalidSecretKey => write!(f, "not a valid sr25519 secret key"),
        }
    }
}

impl std::error::Error for KeyError {}

impl From<UriError> for KeyError {
    fn from(error: UriError) -> Self {
        KeyError::Uri(error)
    }
}

impl From<MnemonicError> for KeyError {
    fn from(error: MnemonicError) -> Self {
        KeyError::Mnemonic(error)
    }
}

/// An sr25519 key pair, with the seed it came from when one exists.
#[derive(Clone)]
pub struct Keypair {
    pair: schnorrkel::Keypair,
    /// A seed that reproduces this pair through [`Keypair::from_seed`]; `None` after a soft
    /// junction or when built from a raw secret key.
    seed: Option<[u8; SEED_LEN_BYTES]>,
}

impl fmt::Debug for Keypair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keypair")
            .field("public", &self.ss58())
            .finish_non_exhaustive()
    }
}

/// The mini secret key for a seed.
#[allow(clippy::expect_used)]
fn mini_secret(seed: &[u8; SEED_LEN_BYTES]) -> MiniSecretKey {
    // `from_bytes` fails only for a length other than 32, which the array type rules out.
    MiniSecretKey::from_bytes(seed).expect("a 32-byte array is a valid mini secret key")
}

impl Keypair {
    /// The pair for a 32-byte seed (schnorrkel mini secret key, Ed25519 expansion mode).
    pub fn from_seed(seed: [u8; SEED_LEN_BYTES]) -> Keypair {
        let pair = mini_secret(&seed).expand_to_keypair(ExpansionMode::Ed25519);
        Keypair {
            pair,
            seed: Some(seed),
        }
    }

    /// The pair for a BIP-39 phrase and optional password, as Substrate derives it (no
    /// junctions; for `phrase//junction` use [`Keypair::from_uri`]).
    pub fn from_phrase(phrase: &str, password: Option<&str>) -> Result<Keypair, KeyError> {
        Ok(Keypair::from_seed(mini_secret_from_phrase(
            phrase, password,
        )?))
    }

    /// The pair for a raw 64-byte schnorrkel secret key (scalar ‖ nonce, Substrate's raw form).
    pub fn from_secret_key_bytes(bytes: &[u8]) -> Result<Keypair, KeyError> {
        if bytes.len() != SECRET_KEY_LEN_BYTES {
            return Err(KeyError::BadSeedLength {
                got_bytes: bytes.len(),
            });
        }
        let secret = SecretKey::from_bytes(bytes).map_err(|_| KeyError::InvalidSecretKey)?;
        Ok(Keypair {
            pair: secret.to_keypair(),
            seed: None,
        })
    }

    /// The pair for a Substrate secret URI such as `//Alice`, `<phrase>//hot/0///password` or
    /// `0x<64 hex digits>//stash`.
    pub fn from_uri(uri: &str) -> Result<Keypair, KeyError> {
        let parsed = SecretUri::parse(uri)?;
        let root = match &parsed.source {
            SecretSource::Phrase(phrase) => {
                Keypair::from_phrase(phrase, parsed.password.as_deref())?
            }
            SecretSource::HexSeed(hex) => Keypair::from_hex_secret(hex)?,
        };
        Ok(root.derive(&parsed.junctions))
    }

    /// The pair for the hex digits after `0x`: a 32-byte seed or a 64-byte secret key.
    fn from_hex_secret(hex: &str) -> Result<Keypair, KeyError> {
        let bytes = decode_hex(hex)?;
        match <[u8; SEED_LEN_BYTES]>::try_from(bytes.as_slice()) {
            Ok(seed) => Ok(Keypair::from_seed(seed)),
            Err(_) => Keypair::from_secret_key_bytes(&bytes),
        }
    }

    /// The pair reached from this one through `junctions`, applied in order.
    pub fn derive(&self, junctions: &[DeriveJunction]) -> Keypair {
        let mut secret = self.pair.secret.clone();
        let mut seed = self.seed;
        for junction in junctions {
            let chain_code = ChainCode(*junction.chain_code());
            if junction.is_hard() {
                let (mini, _) = secret.hard_derive_mini_secret_key(Some(chain_code), b"");
                secret = mini.expand(ExpansionMode::Ed25519);
                seed = Some(mini.to_bytes());
            } else {
                secret = secret.derived_key_simple(chain_code, b"").0;
                seed = None;
            }
        }
        Keypair {
            pair: secret.to_keypair(),
            seed,
        }
    }

    /// The 32-byte public key.
    pub fn public(&self) -> [u8; PUBLIC_KEY_LEN_BYTES] {
        self.pair.public.to_bytes()
    }

    /// The account id (the public key).
    pub fn account_id(&self) -> AccountId {
        AccountId(self.public())
    }

    /// The SS58 address under prefix 42.
    pub fn ss58(&self) -> String {
        ss58::encode(&self.account_id(), Ss58Prefix::DEFAULT)
    }

    /// The seed that reproduces this pair, when there is one.
    pub fn seed(&self) -> Option<[u8; SEED_LEN_BYTES]> {
        self.seed
    }

    /// The raw 64-byte schnorrkel secret key (scalar ‖ nonce).
    pub fn secret_key_bytes(&self) -> [u8; SECRET_KEY_LEN_BYTES] {
        self.pair.secret.to_bytes()
    }

    /// An sr25519 signature of `message` under the context `b"substrate"`.
    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN_BYTES] {
        self.pair
            .sign(signing_context(SIGNING_CONTEXT).bytes(message))
            .to_bytes()
    }
}

/// Whether `signature` is a valid sr25519 signature of `message` by `public` under the context
/// `b"substrate"`. Any malformed input (wrong lengths, a non-canonical key or signature) gives
/// `false`.
pub fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(public) = PublicKey::from_bytes(public) else {
        return false;
    };
    let Ok(signature) = Signature::from_bytes(signature) else {
        return false;
    };
    public
        .verify_simple(SIGNING_CONTEXT, message, &signature)
        .is_ok()
}

/// The six development accounts `//Alice` … `//Ferdie`, in that order, with their names.
pub fn dev_accounts() -> [(&'static str, Keypair); 6] {
    static DEV_ACCOUNTS: OnceLock<[(&'static str, Keypair); 6]> = OnceLock::new();
    DEV_ACCOUNTS
        .get_or_init(|| {
            let root = Keypair::from_seed(DEV_SEED);
            DEV_ACCOUNT_NAMES
                .map(|name| (name, root.derive(&[DeriveJunction::from_name(name, true)])))
        })
        .clone()
}

/// Decodes hex digits (either case), or [`KeyError::InvalidHex`].
fn decode_hex(hex: &str) -> Result<Vec<u8>, KeyError> {
    if !hex.len().is_multiple_of(2) {
        return Err(KeyError::InvalidHex);
    }
    hex.as_bytes()
        .chunks_exact(2)
        .map(|pair| Ok((hex_digit(pair[0])? << 4) | hex_digit(pair[1])?))
        .collect()
}

/// The value of one hex digit.
fn hex_digit(digit: u8) -> Result<u8, KeyError> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(KeyError::InvalidHex),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn dev_seed_is_the_dev_phrase_seed() {
        assert_eq!(
            mini_secret_from_phrase(crate::uri::DEV_PHRASE, None).unwrap(),
            DEV_SEED
        );
    }

    #[test]
    fn hex_decoding() {
        assert_eq!(decode_hex("00ffAb").unwrap(), vec![0x00, 0xff, 0xab]);
        assert_eq!(decode_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(decode_hex("0"), Err(KeyError::InvalidHex));
        assert_eq!(decode_hex("zz"), Err(KeyError::InvalidHex));
    }

    #[test]
    fn debug_shows_only_the_address() {
        let pair = Keypair::from_seed([3; 32]);
        let shown = format!("{pair:?}");
        assert!(shown.contains(&pair.ss58()));
        assert!(!shown.contains("seed"));
    }
}
