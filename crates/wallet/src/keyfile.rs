//! The bytes of bittensor-wallet key files: the JSON key record, the public-only record
//! (`coldkeypub.txt`, `hotkeys/NAMEpub.txt`) and the `$NACL` password encryption. Pure functions
//! of bytes; the files themselves are handled in [`crate::store`].
//!
//! Formats (established by writing files with bittensor-wallet 4.x and reading them back):
//!
//! * A key record is a JSON object with `accountId` and `publicKey` (`0x` + 32 bytes hex),
//!   `privateKey` (`0x` + the 64-byte schnorrkel secret key, scalar ‖ nonce, exactly
//!   [`Keypair::secret_key_bytes`]), `ss58Address` (prefix 42), `cryptoType` (1 = sr25519) and,
//!   when known, `secretPhrase` and `secretSeed` (`0x` + 32-byte mini secret). The key is read
//!   from `privateKey`; `secretSeed` is used only if it reproduces the same key (some
//!   bittensor-wallet versions write a garbled `secretSeed`), and `publicKey` must match.
//! * A public record has `accountId`, `publicKey`, `ss58Address` and `cryptoType`.
//! * An encrypted file is `$NACL` ‖ nonce (24 bytes) ‖ XSalsa20-Poly1305 box (tag ‖ ciphertext),
//!   as libsodium's `crypto_secretbox_easy`, under the key argon2i (v0x13, 8 passes, 512 MiB,
//!   one lane, 32-byte output) derives from the UTF-8 password and a fixed 16-byte salt.
//!   Files from the older "legacy" (Fernet) and Ansible-vault methods are recognized and refused.
//!
//! Invariants: nothing here panics on input; records larger than [`MAX_KEYFILE_LEN_BYTES`] are
//! refused before parsing; a wrong password is reported as [`KeyfileError::WrongPassword`], never
//! as a format error. Encryption needs no randomness: the nonce is a keyed BLAKE2b hash of the
//! plaintext (a synthetic nonce), so distinct plaintexts never share a nonce under one key.

use crate::keys::{KeyError, Keypair, PUBLIC_KEY_LEN_BYTES, SEED_LEN_BYTES};
use crate::ss58::{self, Ss58Prefix};
use argon2::{Algorithm, Argon2, Params, Version};
use blake2::digest::{Update, VariableOutput};
use blake2::Blake2bVar;
use crypto_secretbox::aead::Aead;
use crypto_secretbox::{KeyInit, Nonce, XSalsa20Poly1305};
use dtao_primitives::AccountId;
use serde_json::{Map, Value};
use std::fmt;

/// The largest key file accepted, in bytes (real ones are under 1 KiB).
pub const MAX_KEYFILE_LEN_BYTES: usize = 64 * 1024;
/// The marker that starts a NaCl-encrypted key file.
pub const NACL_PREFIX: &[u8] = b"$NACL";
/// The fixed argon2i salt of bittensor-wallet's NaCl key files.
const NACL_SALT: [u8; 16] = *b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1";
/// argon2i passes (libsodium `crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE`).
const ARGON2_PASSES: u32 = 8;
/// argon2i memory in KiB (libsodium `crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE`, 512 MiB).
const ARGON2_MEMORY_KIB: u32 = 512 * 1024;
/// Length of the secretbox key in bytes.
const BOX_KEY_LEN_BYTES: usize = 32;
/// Length of the XSalsa20 nonce in bytes.
const NONCE_LEN_BYTES: usize = 24;
/// Length of the Poly1305 tag in bytes.
const TAG_LEN_BYTES: usize = 16;
/// Domain separation of the synthetic nonce.
const NONCE_DOMAIN: &[u8] = b"dtao-wallet keyfile nonce v1";
/// `cryptoType` of sr25519 keys.
const CRYPTO_TYPE_SR25519: u64 = 1;
/// Start of a legacy (Fernet) encrypted file.
const LEGACY_PREFIX: &[u8] = b"gAAAAA";
/// Start of an Ansible-vault encrypted file.
const ANSIBLE_PREFIX: &[u8] = b"$ANSIBLE_VAULT";

/// Why key file bytes could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyfileError {
    /// The password does not open the encrypted file.
    WrongPassword,
    /// The file is encrypted and no password was given.
    PasswordRequired,
    /// The file uses an encryption method this crate does not read.
    UnsupportedEncryption {
        /// The method's name.
        method: &'static str,
    },
    /// The file is larger than [`MAX_KEYFILE_LEN_BYTES`].
    TooLarge {
        /// Its length.
        len_bytes: usize,
    },
    /// The bytes are not a key record of the expected shape.
    BadFormat {
        /// What is wrong.
        reason: String,
    },
    /// The key material is invalid.
    Key(KeyError),
    /// The key derivation rejected its inputs (not expected with the fixed parameters).
    Kdf(String),
}

impl fmt::Display for KeyfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyfileError::WrongPassword => write!(f, "wrong password for the key file"),
            KeyfileError::PasswordRequired => {
                write!(f, "the key file is encrypted and no password was given")
            }
            KeyfileError::UnsupportedEncryption { method } => write!(
                f,
                "the key file uses {method} encryption, which is not supported; \
                 re-encrypt it with bittensor-wallet (NaCl) first"
            ),
            KeyfileError::TooLarge { len_bytes } => write!(
                f,
                "key file has {len_bytes} bytes, more than the {MAX_KEYFILE_LEN_BYTES} allowed"
            ),
            KeyfileError::BadFormat { reason } => write!(f, "malformed key file: {reason}"),
            KeyfileError::Key(error) => write!(f, "invalid key in key file: {error}"),
            KeyfileError::Kdf(reason) => write!(f, "password key derivation failed: {reason}"),
        }
    }
}

impl std::error::Error for KeyfileError {}

impl From<KeyError> for KeyfileError {
    fn from(error: KeyError) -> Self {
        KeyfileError::Key(error)
    }
}

fn bad_format(reason: impl Into<String>) -> KeyfileError {
    KeyfileError::BadFormat {
        reason: reason.into(),
    }
}

/// How a key file's bytes are protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// Plain JSON.
    None,
    /// `$NACL` (readable here).
    Nacl,
    /// Fernet, bittensor's "legacy" method (not readable here).
    Legacy,
    /// Ansible vault (not readable here).
    Ansible,
}

/// The protection of `data`, judged from its first bytes.
pub fn encryption_of(data: &[u8]) -> Encryption {
    if data.starts_with(NACL_PREFIX) {
        Encryption::Nacl
    } else if data.starts_with(ANSIBLE_PREFIX) {
        Encryption::Ansible
    } else if data.starts_with(LEGACY_PREFIX) {
        Encryption::Legacy
    } else {
        Encryption::None
    }
}

/// A key read from a key record, with its mnemonic when the record holds one.
#[derive(Clone)]
pub struct StoredKey {
    /// The key pair.
    pub keypair: Keypair,
    /// The BIP-39 phrase, if recorded.
    pub secret_phrase: Option<String>,
}

impl fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredKey")
            .field("keypair", &self.keypair)
            .field("has_phrase", &self.secret_phrase.is_some())
            .finish()
    }
}

fn hex_0x(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

fn hex_digit(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Decodes `0x`-prefixed (or bare) hex of exactly `N` bytes.
fn parse_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.strip_prefix("0x").unwrap_or(text).as_bytes();
    if digits.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (slot, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *slot = hex_digit(pair[0])? << 4 | hex_digit(pair[1])?;
    }
    Some(out)
}

/// The public fields shared by both record kinds, in bittensor-wallet's names.
fn public_fields(account: &AccountId) -> Map<String, Value> {
    let hex = hex_0x(account.as_bytes());
    let mut map = Map::new();
    map.insert("accountId".into(), Value::String(hex.clone()));
    map.insert("publicKey".into(), Value::String(hex));
    map.insert(
        "ss58Address".into(),
        Value::String(ss58::encode(account, Ss58Prefix::DEFAULT)),
    );
    map.insert("cryptoType".into(), Value::from(CRYPTO_TYPE_SR25519));
    map
}

/// The key record of `keypair` (with its phrase when given), as JSON bytes.
pub fn serialize_keypair(keypair: &Keypair, secret_phrase: Option<&str>) -> Vec<u8> {
    let mut map = public_fields(&keypair.account_id());
    map.insert(
        "privateKey".into(),
        Value::String(hex_0x(&keypair.secret_key_bytes())),
    );
    if let Some(phrase) = secret_phrase {
        map.insert("secretPhrase".into(), Value::String(phrase.to_owned()));
    }
    if let Some(seed) = keypair.seed() {
        map.insert("secretSeed".into(), Value::String(hex_0x(&seed)));
    }
    Value::Object(map).to_string().into_bytes()
}

/// The public record of `account`, as JSON bytes.
pub fn serialize_public(account: &AccountId) -> Vec<u8> {
    Value::Object(public_fields(account))
        .to_string()
        .into_bytes()
}

/// Parses a plaintext JSON object, bounded in size.
fn parse_object(data: &[u8]) -> Result<Map<String, Value>, KeyfileError> {
    if data.len() > MAX_KEYFILE_LEN_BYTES {
        return Err(KeyfileError::TooLarge {
            len_bytes: data.len(),
        });
    }
    match encryption_of(data) {
        Encryption::None => {}
        Encryption::Nacl => return Err(KeyfileError::PasswordRequired),
        Encryption::Legacy => return Err(KeyfileError::UnsupportedEncryption { method: "legacy" }),
        Encryption::Ansible => {
            return Err(KeyfileError::UnsupportedEncryption {
                method: "ansible vault",
            })
        }
    }
    match serde_json::from_slice::<Value>(data) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_format("not a JSON object")),
        Err(error) => Err(bad_format(format!("not JSON: {error}"))),
    }
}

fn string_field<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str)
}

/// The public key of a record: `publicKey`, else `accountId`, else `ss58Address`.
fn record_public(map: &Map<String, Value>) -> Result<AccountId, KeyfileError> {
    for name in ["publicKey", "accountId"] {
        if let Some(text) = string_field(map, name) {
            return parse_hex::<PUBLIC_KEY_LEN_BYTES>(text)
                .map(AccountId)
                .ok_or_else(|| bad_format(format!("{name} is not 32 bytes of hex")));
        }
    }
    match string_field(map, "ss58Address") {
        Some(address) => ss58::decode(address)
            .map(|(account, _)| account)
            .map_err(|error| bad_format(format!("ss58Address: {error}"))),
        None => Err(bad_format("no publicKey, accountId or ss58Address")),
    }
}

fn check_crypto_type(map: &Map<String, Value>) -> Result<(), KeyfileError> {
    match map.get("cryptoType") {
        None => Ok(()),
        Some(value) if value.as_u64() == Some(CRYPTO_TYPE_SR25519) => Ok(()),
        Some(value) => Err(bad_format(format!(
            "cryptoType {value} is not sr25519 ({CRYPTO_TYPE_SR25519})"
        ))),
    }
}

/// The account of a public (or full) plaintext record.
pub fn deserialize_public(data: &[u8]) -> Result<AccountId, KeyfileError> {
    let map = parse_object(data)?;
    check_crypto_type(&map)?;
    record_public(&map)
}

/// The key of a plaintext key record.
pub fn deserialize_keypair(data: &[u8]) -> Result<StoredKey, KeyfileError> {
    let map = parse_object(data)?;
    check_crypto_type(&map)?;
    let private_hex =
        string_field(&map, "privateKey").ok_or_else(|| bad_format("no privateKey"))?;
    let private = parse_hex::<64>(private_hex)
        .ok_or_else(|| bad_format("privateKey is not 64 bytes of hex"))?;
    let from_private = Keypair::from_secret_key_bytes(&private)?;
    let seeded = string_field(&map, "secretSeed")
        .and_then(parse_hex::<SEED_LEN_BYTES>)
        .map(Keypair::from_seed)
        .filter(|pair| pair.secret_key_bytes() == from_private.secret_key_bytes());
    let keypair = seeded.unwrap_or(from_private);
    if let Ok(public) = record_public(&map) {
        if public != keypair.account_id() {
            return Err(bad_format("publicKey does not match privateKey"));
        }
    }
    Ok(StoredKey {
        keypair,
        secret_phrase: string_field(&map, "secretPhrase").map(str::to_owned),
    })
}

/// The secretbox key for `password` (argon2i with bittensor-wallet's parameters; ~2 s).
fn derive_box_key(password: &str) -> Result<[u8; BOX_KEY_LEN_BYTES], KeyfileError> {
    let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_PASSES, 1, Some(BOX_KEY_LEN_BYTES))
        .map_err(|error| KeyfileError::Kdf(error.to_string()))?;
    let mut key = [0u8; BOX_KEY_LEN_BYTES];
    Argon2::new(Algorithm::Argon2i, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), &NACL_SALT, &mut key)
        .map_err(|error| KeyfileError::Kdf(error.to_string()))?;
    Ok(key)
}

/// The synthetic nonce: BLAKE2b-192 of domain ‖ key ‖ plaintext.
fn synthetic_nonce(key: &[u8; BOX_KEY_LEN_BYTES], plaintext: &[u8]) -> [u8; NONCE_LEN_BYTES] {
    let mut nonce = [0u8; NONCE_LEN_BYTES];
    if let Ok(mut hasher) = Blake2bVar::new(NONCE_LEN_BYTES) {
        hasher.update(NONCE_DOMAIN);
        hasher.update(key);
        hasher.update(plaintext);
        // The output length equals the requested length, so this cannot fail.
        let _ = hasher.finalize_variable(&mut nonce);
    }
    nonce
}

/// `plaintext` encrypted with `password` in the `$NACL` format.
pub fn encrypt(plaintext: &[u8], password: &str) -> Result<Vec<u8>, KeyfileError> {
    let key = derive_box_key(password)?;
    let nonce = synthetic_nonce(&key, plaintext);
    let sealed = XSalsa20Poly1305::new(&key.into())
        .encrypt(Nonce::from_slice(&nonce), plaintext)
        .map_err(|_| bad_format("encryption failed"))?;
    let mut out = Vec::with_capacity(NACL_PREFIX.len() + NONCE_LEN_BYTES + sealed.len());
    out.extend_from_slice(NACL_PREFIX);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// The plaintext of a `$NACL` file opened with `password`.
pub fn decrypt(data: &[u8], password: &str) -> Result<Vec<u8>, KeyfileError> {
    if data.len() > MAX_KEYFILE_LEN_BYTES {
        return Err(KeyfileError::TooLarge {
            len_bytes: data.len(),
        });
    }
    let body = data
        .strip_prefix(NACL_PREFIX)
        .ok_or_else(|| bad_format("not a $NACL encrypted file"))?;
    if body.len() < NONCE_LEN_BYTES + TAG_LEN_BYTES {
        return Err(bad_format("encrypted key file is truncated"));
    }
    let (nonce, sealed) = body.split_at(NONCE_LEN_BYTES);
    let key = derive_box_key(password)?;
    XSalsa20Poly1305::new(&key.into())
        .decrypt(Nonce::from_slice(nonce), sealed)
        .map_err(|_| KeyfileError::WrongPassword)
}

/// The plaintext of key file bytes: decrypted with `password` when they are `$NACL`, as-is when
/// plain. A password given for a plain file is ignored (bittensor-wallet reads those too).
pub fn open(data: &[u8], password: Option<&str>) -> Result<Vec<u8>, KeyfileError> {
    match (encryption_of(data), password) {
        (Encryption::Nacl, Some(password)) => decrypt(data, password),
        (Encryption::Nacl, None) => Err(KeyfileError::PasswordRequired),
        _ => Ok(data.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

    #[test]
    fn key_record_round_trips_with_seed_and_phrase() {
        let pair = Keypair::from_phrase(PHRASE, None).unwrap();
        let bytes = serialize_keypair(&pair, Some(PHRASE));
        let stored = deserialize_keypair(&bytes).unwrap();
        assert_eq!(stored.keypair.public(), pair.public());
        assert_eq!(stored.keypair.seed(), pair.seed());
        assert_eq!(stored.secret_phrase.as_deref(), Some(PHRASE));
        assert_eq!(deserialize_public(&bytes).unwrap(), pair.account_id());
    }

    #[test]
    fn reads_a_record_written_by_bittensor_wallet() {
        // Written by bittensor-wallet 4.1.1 for //Alice (no seed, no phrase).
        let text = br#"{"accountId":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d","cryptoType":1,"privateKey":"0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011","publicKey":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d","ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"}"#;
        let stored = deserialize_keypair(text).unwrap();
        let alice = Keypair::from_uri("//Alice").unwrap();
        assert_eq!(stored.keypair.public(), alice.public());
        assert_eq!(stored.keypair.secret_key_bytes(), alice.secret_key_bytes());
    }

    #[test]
    fn garbled_seed_is_ignored_and_mismatched_public_refused() {
        let pair = Keypair::from_phrase(PHRASE, None).unwrap();
        let mut map = public_fields(&pair.account_id());
        map.insert("privateKey".into(), hex_0x(&pair.secret_key_bytes()).into());
        map.insert("secretSeed".into(), "0x\u{11}\u{11}".into());
        let stored = deserialize_keypair(Value::Object(map.clone()).to_string().as_bytes());
        assert_eq!(stored.unwrap().keypair.public(), pair.public());
        map.insert("publicKey".into(), hex_0x(&[7u8; 32]).into());
        let error = deserialize_keypair(Value::Object(map).to_string().as_bytes()).unwrap_err();
        assert!(matches!(error, KeyfileError::BadFormat { .. }), "{error}");
    }

    #[test]
    fn malformed_inputs_are_typed_errors() {
        for bytes in [
            &b""[..],
            b"[]",
            b"{",
            b"{\"privateKey\":\"0x12\"}",
            b"{\"privateKey\":7}",
            b"{\"cryptoType\":0,\"privateKey\":\"0x00\"}",
        ] {
            assert!(matches!(
                deserialize_keypair(bytes),
                Err(KeyfileError::BadFormat { .. })
            ));
        }
        assert_eq!(
            deserialize_keypair(b"$NACLxxxx").unwrap_err(),
            KeyfileError::PasswordRequired
        );
        assert!(matches!(
            deserialize_keypair(b"gAAAAAB..."),
            Err(KeyfileError::UnsupportedEncryption { .. })
        ));
        let huge = vec![b' '; MAX_KEYFILE_LEN_BYTES + 1];
        assert!(matches!(
            deserialize_public(&huge),
            Err(KeyfileError::TooLarge { .. })
        ));
        assert!(matches!(
            decrypt(b"$NACLshort", "pw"),
            Err(KeyfileError::BadFormat { .. })
        ));
    }

    #[test]
    fn encrypt_then_decrypt_and_wrong_password() {
        let sealed = encrypt(b"{\"a\":1}", "correct horse").unwrap();
        assert!(sealed.starts_with(NACL_PREFIX));
        assert_eq!(encryption_of(&sealed), Encryption::Nacl);
        assert_eq!(decrypt(&sealed, "correct horse").unwrap(), b"{\"a\":1}");
        assert_eq!(
            decrypt(&sealed, "wrong").unwrap_err(),
            KeyfileError::WrongPassword
        );
    }

    #[test]
    fn hex_parsing_is_strict() {
        assert_eq!(parse_hex::<2>("0xabCD"), Some([0xab, 0xcd]));
        assert_eq!(parse_hex::<2>("abcd"), Some([0xab, 0xcd]));
        assert_eq!(parse_hex::<2>("0xabc"), None);
        assert_eq!(parse_hex::<2>("0xabcg"), None);
        assert_eq!(parse_hex::<2>("0xé1"), None);
    }
}
