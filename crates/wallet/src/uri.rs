//! Substrate secret URIs (`"<phrase or 0x seed>//hard/soft///password"`) and derivation
//! junctions.
//!
//! Grammar (the same language as Substrate's `SecretUri` regular expression
//! `^(phrase: [a-zA-Z0-9 ]+)?(path: (//?[^/]+)*)(///(password: .*))?$`):
//! * the phrase is the longest leading run of ASCII letters, digits and spaces; when it is empty
//!   (or only spaces) the Substrate development phrase [`DEV_PHRASE`] is used;
//! * then junctions: `//name` is hard, `/name` is soft, a name is one or more characters other
//!   than `/`;
//! * then optionally `///` and a password, which runs to the end and may contain anything.
//!
//! A junction name that parses as a `u64` (Rust's `str::parse`) stands for that number. Its
//! chain code is the SCALE encoding of the name (a string as compact length ‖ UTF-8 bytes, a
//! number as `u64` little-endian), zero-padded to 32 bytes, or blake2b-256 of the encoding when
//! that is longer than 32 bytes.
//!
//! Invariants: parsing never panics; URIs longer than [`MAX_URI_LEN_BYTES`] are rejected so the
//! work of deriving is bounded; every rejection names what is wrong ([`UriError`]).

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use parity_scale_codec::Encode;
use std::fmt;

/// Substrate's well-known development mnemonic; `//Alice` is this phrase with hard junction
/// `Alice`. Never use it for real funds.
pub const DEV_PHRASE: &str =
    "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/// Longest secret URI accepted, in bytes.
pub const MAX_URI_LEN_BYTES: usize = 4096;

/// Length of a junction's chain code in bytes.
pub const CHAIN_CODE_LEN_BYTES: usize = 32;

/// One derivation step: a 32-byte chain code, hard or soft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeriveJunction {
    /// Hard derivation: the child secret cannot be linked to the parent public key.
    Hard([u8; CHAIN_CODE_LEN_BYTES]),
    /// Soft derivation: the child public key follows from the parent public key.
    Soft([u8; CHAIN_CODE_LEN_BYTES]),
}

impl DeriveJunction {
    /// A hard junction whose chain code comes from `index`'s SCALE encoding.
    pub fn hard<T: Encode + ?Sized>(index: &T) -> DeriveJunction {
        DeriveJunction::Hard(chain_code_of(index))
    }

    /// A soft junction whose chain code comes from `index`'s SCALE encoding.
    pub fn soft<T: Encode + ?Sized>(index: &T) -> DeriveJunction {
        DeriveJunction::Soft(chain_code_of(index))
    }

    /// A junction from its name as written in a URI (without the slashes): a `u64` when the name
    /// parses as one, otherwise the string.
    pub fn from_name(name: &str, hard: bool) -> DeriveJunction {
        let code = match name.parse::<u64>() {
            Ok(number) => chain_code_of(&number),
            Err(_) => chain_code_of(name),
        };
        if hard {
            DeriveJunction::Hard(code)
        } else {
            DeriveJunction::Soft(code)
        }
    }

    /// The chain code.
    pub fn chain_code(&self) -> &[u8; CHAIN_CODE_LEN_BYTES] {
        match self {
            DeriveJunction::Hard(code) | DeriveJunction::Soft(code) => code,
        }
    }

    /// Whether this is a hard junction.
    pub fn is_hard(&self) -> bool {
        matches!(self, DeriveJunction::Hard(_))
    }
}

/// The chain code of a SCALE-encodable junction index.
fn chain_code_of<T: Encode + ?Sized>(index: &T) -> [u8; CHAIN_CODE_LEN_BYTES] {
    let encoded = index.encode();
    if encoded.len() > CHAIN_CODE_LEN_BYTES {
        return Blake2b::<U32>::digest(&encoded).into();
    }
    let mut code = [0_u8; CHAIN_CODE_LEN_BYTES];
    code[..encoded.len()].copy_from_slice(&encoded);
    code
}

/// Where the secret of a URI comes from. Its `Debug` output hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// A BIP-39 mnemonic phrase (English word list), as written.
    Phrase(String),
    /// A `0x`-prefixed hex string, still undecoded (the key layer checks its length).
    HexSeed(String),
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Phrase(_) => write!(f, "Phrase(<hidden>)"),
            SecretSource::HexSeed(_) => write!(f, "HexSeed(<hidden>)"),
        }
    }
}

/// A parsed secret URI. Its `Debug` output hides the phrase, seed and password.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUri {
    /// The secret the path starts from.
    pub source: SecretSource,
    /// Junctions in the order they are applied.
    pub junctions: Vec<DeriveJunction>,
    /// The password after `///`, if any (an empty password counts as none).
    pub password: Option<String>,
}

impl fmt::Debug for SecretUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretUri")
            .field("source", &self.source)
            .field("junctions", &self.junctions.len())
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

/// Why a secret URI could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriError {
    /// The URI is empty or only whitespace.
    Empty,
    /// The URI is longer than [`MAX_URI_LEN_BYTES`].
    TooLong {
        /// Its length in bytes.
        got_bytes: usize,
    },
    /// A character that may not appear in the phrase part, at this byte offset.
    InvalidPhraseCharacter {
        /// Byte offset of the character in the URI.
        offset_bytes: usize,
    },
    /// A `/` or `//` with no name after it, at this byte offset.
    EmptyJunction {
        /// Byte offset of the junction's first slash in the URI.
        offset_bytes: usize,
    },
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UriError::Empty => write!(f, "secret URI is empty"),
            UriError::TooLong { got_bytes } => write!(
                f,
                "secret URI is {got_bytes} bytes long, at most {MAX_URI_LEN_BYTES} are accepted"
            ),
            UriError::InvalidPhraseCharacter { offset_bytes } => write!(
                f,
                "invalid character at byte {offset_bytes} of the secret URI: the phrase may \
                 only hold ASCII letters, digits and spaces, and junctions start with '/'"
            ),
            UriError::EmptyJunction { offset_bytes } => write!(
                f,
                "empty derivation junction at byte {offset_bytes} of the secret URI \
                 ('/' or '//' must be followed by a name)"
            ),
        }
    }
}

impl std::error::Error for UriError {}

impl SecretUri {
    /// Parses a secret URI; see the module documentation for the grammar.
    pub fn parse(uri: &str) -> Result<SecretUri, UriError> {
        if uri.len() > MAX_URI_LEN_BYTES {
            return Err(UriError::TooLong {
                got_bytes: uri.len(),
            });
        }
        if uri.trim().is_empty() {
            return Err(UriError::Empty);
        }
        let phrase_len = uri
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b' ')
            .count();
        let (phrase, rest) = uri.split_at(phrase_len);
        if !rest.is_empty() && !rest.starts_with('/') {
            return Err(UriError::InvalidPhraseCharacter {
                offset_bytes: phrase_len,
            });
        }
        let (junctions, password) = parse_path(rest, phrase_len)?;
        Ok(SecretUri {
            source: secret_source(phrase),
            junctions,
            password,
        })
    }
}

/// The secret source for the phrase part of a URI.
fn secret_source(phrase: &str) -> SecretSource {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return SecretSource::Phrase(DEV_PHRASE.to_owned());
    }
    match phrase.strip_prefix("0x") {
        Some(hex) => SecretSource::HexSeed(hex.to_owned()),
        None => SecretSource::Phrase(phrase.to_owned()),
    }
}

/// Parses the junctions and password after the phrase. `offset_bytes` is where `path` starts in
/// the URI (for error positions).
fn parse_path(
    path: &str,
    offset_bytes: usize,
) -> Result<(Vec<DeriveJunction>, Option<String>), UriError> {
    let mut junctions = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        let start = offset_bytes + (path.len() - rest.len());
        if let Some(password) = rest.strip_prefix("///") {
            let password = (!password.is_empty()).then(|| password.to_owned());
            return Ok((junctions, password));
        }
        let (hard, after_slashes) = match rest.strip_prefix("//") {
            Some(after) => (true, after),
            None => (false, rest.strip_prefix('/').unwrap_or(rest)),
        };
        let name_len = after_slashes.find('/').unwrap_or(after_slashes.len());
        if name_len == 0 {
            return Err(UriError::EmptyJunction {
                offset_bytes: start,
            });
        }
        let (name, tail) = after_slashes.split_at(name_len);
        junctions.push(DeriveJunction::from_name(name, hard));
        rest = tail;
    }
    Ok((junctions, None))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn dev_uri_uses_dev_phrase_and_hard_string_junction() {
        let uri = SecretUri::parse("//Alice").unwrap();
        assert_eq!(uri.source, SecretSource::Phrase(DEV_PHRASE.to_owned()));
        // "Alice" SCALE-encoded: compact(5) = 0x14, then the bytes.
        let mut code = [0_u8; 32];
        code[0] = 0x14;
        code[1..6].copy_from_slice(b"Alice");
        assert_eq!(uri.junctions, vec![DeriveJunction::Hard(code)]);
        assert_eq!(uri.password, None);
    }

    #[test]
    fn numeric_junction_is_u64_le() {
        let uri = SecretUri::parse("//1/2").unwrap();
        let mut one = [0_u8; 32];
        one[0] = 1;
        let mut two = [0_u8; 32];
        two[0] = 2;
        assert_eq!(
            uri.junctions,
            vec![DeriveJunction::Hard(one), DeriveJunction::Soft(two)]
        );
    }

    #[test]
    fn long_junction_is_hashed() {
        let name = "a".repeat(40);
        let junction = DeriveJunction::from_name(&name, false);
        let expected: [u8; 32] = Blake2b::<U32>::digest(name.as_str().encode()).into();
        assert_eq!(junction, DeriveJunction::Soft(expected));
    }

    #[test]
    fn exactly_32_encoded_bytes_are_not_hashed() {
        // compact(31) is one byte, so a 31-byte name encodes to 32 bytes.
        let name = "b".repeat(31);
        let code = *DeriveJunction::from_name(&name, true).chain_code();
        assert_eq!(code[0], 31 << 2);
        assert_eq!(&code[1..], name.as_bytes());
    }

    #[test]
    fn password_may_contain_slashes() {
        let uri = SecretUri::parse("0x00//a///pa/ss//w").unwrap();
        assert_eq!(uri.source, SecretSource::HexSeed("00".to_owned()));
        assert_eq!(uri.junctions.len(), 1);
        assert_eq!(uri.password.as_deref(), Some("pa/ss//w"));
    }

    #[test]
    fn empty_password_is_none() {
        assert_eq!(SecretUri::parse("//a///").unwrap().password, None);
    }

    #[test]
    fn empty_junctions_are_rejected_with_position() {
        assert_eq!(
            SecretUri::parse("//"),
            Err(UriError::EmptyJunction { offset_bytes: 0 })
        );
        assert_eq!(
            SecretUri::parse("//a/"),
            Err(UriError::EmptyJunction { offset_bytes: 3 })
        );
        assert_eq!(
            SecretUri::parse("//a//"),
            Err(UriError::EmptyJunction { offset_bytes: 3 })
        );
    }

    #[test]
    fn bad_phrase_characters_are_rejected() {
        assert_eq!(
            SecretUri::parse("word-word//a"),
            Err(UriError::InvalidPhraseCharacter { offset_bytes: 4 })
        );
        assert_eq!(
            SecretUri::parse("wörd"),
            Err(UriError::InvalidPhraseCharacter { offset_bytes: 1 })
        );
    }

    #[test]
    fn empty_and_overlong_uris_are_rejected() {
        assert_eq!(SecretUri::parse(""), Err(UriError::Empty));
        assert_eq!(SecretUri::parse("   "), Err(UriError::Empty));
        let long = format!("//{}", "a".repeat(MAX_URI_LEN_BYTES));
        assert!(matches!(
            SecretUri::parse(&long),
            Err(UriError::TooLong { .. })
        ));
    }

    #[test]
    fn junction_names_may_hold_any_non_slash_characters() {
        let uri = SecretUri::parse("//hot key ü/0x1").unwrap();
        assert_eq!(uri.junctions[0], DeriveJunction::hard("hot key ü"));
        assert_eq!(uri.junctions[1], DeriveJunction::soft("0x1"));
    }

    #[test]
    fn debug_hides_secrets() {
        let uri = SecretUri::parse("//Alice///secret").unwrap();
        let shown = format!("{uri:?}");
        assert!(!shown.contains("secret\""));
        assert!(!shown.contains("bottom"));
    }
}
