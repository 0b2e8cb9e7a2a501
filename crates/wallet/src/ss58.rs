//! SS58 addresses for 32-byte account ids, as Substrate and the bittensor SDK print them.
//!
//! An address is `base58(prefix bytes ‖ account id ‖ checksum)` where the checksum is the first
//! two bytes of `blake2b-512("SS58PRE" ‖ prefix bytes ‖ account id)`. Prefixes `0..=63` take one
//! byte (the prefix itself); prefixes `64..=16383` take two bytes, the first with bit pattern
//! `01xxxxxx`. Bittensor uses prefix 42 ([`Ss58Prefix::DEFAULT`]).
//!
//! Invariants: an [`Ss58Prefix`] is always in `0..=16383`, so [`encode`] cannot fail; [`decode`]
//! only accepts the canonical form (a prefix below 64 in the two-byte form is rejected), bounds
//! the input length before base58 decoding, and checks length and checksum, each failure with
//! its own [`Ss58Error`] variant.

use blake2::{Blake2b512, Digest};
use dtao_primitives::AccountId;
use std::fmt;

/// Length in bytes of the account ids this module encodes.
const ACCOUNT_ID_LEN_BYTES: usize = 32;
/// Length in bytes of the checksum appended to an address.
const CHECKSUM_LEN_BYTES: usize = 2;
/// Domain separator hashed in front of the checksummed bytes.
const CHECKSUM_PREAMBLE: &[u8] = b"SS58PRE";
/// Longest address string accepted by [`decode`] (a two-byte-prefix address is 49 characters;
/// anything much longer is rejected before base58 decoding does any work).
const MAX_ADDRESS_LEN_CHARS: usize = 64;

/// An SS58 network prefix ("address format"), guaranteed to be in `0..=16383`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ss58Prefix(u16);

impl Ss58Prefix {
    /// The generic Substrate prefix, used by bittensor: 42 (addresses start with `5`).
    pub const DEFAULT: Ss58Prefix = Ss58Prefix(42);
    /// The largest prefix SS58 can represent.
    pub const MAX: u16 = 16_383;
    /// Prefixes below this use the one-byte form.
    const TWO_BYTE_MIN: u16 = 64;

    /// A prefix, or [`Ss58Error::PrefixOutOfRange`] above 16383.
    pub fn new(prefix: u16) -> Result<Ss58Prefix, Ss58Error> {
        if prefix > Self::MAX {
            return Err(Ss58Error::PrefixOutOfRange(prefix));
        }
        Ok(Ss58Prefix(prefix))
    }

    /// The numeric prefix.
    pub fn get(self) -> u16 {
        self.0
    }

    /// The prefix bytes that open an address: one byte below 64, two bytes otherwise.
    fn to_bytes(self) -> Vec<u8> {
        let ident = self.0;
        if ident < Self::TWO_BYTE_MIN {
            return vec![ident as u8];
        }
        // Bits 2..=7 of the prefix go in the first byte (after the `01` marker); the top six
        // bits and the low two bits go in the second byte.
        let first = 0b0100_0000 | ((ident & 0b1111_1100) >> 2) as u8;
        let second = ((ident >> 8) as u8) | (((ident & 0b11) as u8) << 6);
        vec![first, second]
    }

    /// Reads the prefix at the start of `data`: `(prefix, bytes used)`.
    fn from_bytes(data: &[u8]) -> Result<(Ss58Prefix, usize), Ss58Error> {
        match data {
            [first @ 0..=63, ..] => Ok((Ss58Prefix(u16::from(*first)), 1)),
            [first @ 64..=127, second, ..] => {
                let lower = (first << 2) | (second >> 6);
                let upper = second & 0b0011_1111;
                let ident = u16::from(lower) | (u16::from(upper) << 8);
                if ident < Self::TWO_BYTE_MIN {
                    return Err(Ss58Error::NonCanonicalPrefix(ident));
                }
                Ok((Ss58Prefix(ident), 2))
            }
            [64..=127] => Err(Ss58Error::BadLength {
                got_bytes: 1,
                expected_bytes: 2 + ACCOUNT_ID_LEN_BYTES + CHECKSUM_LEN_BYTES,
            }),
            [first, ..] => Err(Ss58Error::InvalidPrefixByte(*first)),
            [] => Err(Ss58Error::BadLength {
                got_bytes: 0,
                expected_bytes: 1 + ACCOUNT_ID_LEN_BYTES + CHECKSUM_LEN_BYTES,
            }),
        }
    }
}

impl Default for Ss58Prefix {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for Ss58Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Why an SS58 string (or prefix) was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ss58Error {
    /// The string is not base58 (Bitcoin alphabet).
    InvalidBase58,
    /// The string is longer than any SS58 address for a 32-byte account.
    TooLong {
        /// Length of the given string in bytes.
        got_chars: usize,
    },
    /// The decoded bytes do not have the length of prefix + 32-byte account + checksum.
    BadLength {
        /// Decoded length.
        got_bytes: usize,
        /// Length required by the prefix that was read.
        expected_bytes: usize,
    },
    /// The first byte is 128 or more, which no SS58 prefix uses.
    InvalidPrefixByte(u8),
    /// A prefix below 64 written in the two-byte form.
    NonCanonicalPrefix(u16),
    /// A prefix above 16383 was asked for.
    PrefixOutOfRange(u16),
    /// The two checksum bytes do not match the content.
    BadChecksum,
    /// The address is valid but written for another network prefix.
    WrongPrefix {
        /// The prefix that was required.
        expected: u16,
        /// The prefix the address carries.
        found: u16,
    },
}

impl fmt::Display for Ss58Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ss58Error::InvalidBase58 => write!(f, "SS58 address is not valid base58"),
            Ss58Error::TooLong { got_chars } => {
                write!(f, "SS58 address too long: {got_chars} characters (at most {MAX_ADDRESS_LEN_CHARS})")
            }
            Ss58Error::BadLength {
                got_bytes,
                expected_bytes,
            } => write!(
                f,
                "SS58 address decodes to {got_bytes} bytes, expected {expected_bytes} \
                 (prefix, 32-byte account, 2-byte checksum)"
            ),
            Ss58Error::InvalidPrefixByte(byte) => {
                write!(
                    f,
                    "SS58 address starts with byte {byte}, which is no valid prefix"
                )
            }
            Ss58Error::NonCanonicalPrefix(prefix) => {
                write!(
                    f,
                    "SS58 prefix {prefix} must be written in the one-byte form"
                )
            }
            Ss58Error::PrefixOutOfRange(prefix) => {
                write!(
                    f,
                    "SS58 prefix {prefix} is out of range (0..={})",
                    Ss58Prefix::MAX
                )
            }
            Ss58Error::BadChecksum => write!(f, "SS58 address checksum does not match"),
            Ss58Error::WrongPrefix { expected, found } => {
                write!(f, "SS58 address has prefix {found}, expected {expected}")
            }
        }
    }
}

impl std::error::Error for Ss58Error {}

/// The two checksum bytes for `body` (prefix bytes ‖ account id).
fn checksum(body: &[u8]) -> [u8; CHECKSUM_LEN_BYTES] {
    let mut hasher = Blake2b512::new();
    hasher.update(CHECKSUM_PREAMBLE);
    hasher.update(body);
    let hash = hasher.finalize();
    [hash[0], hash[1]]
}

/// The SS58 address of `account` under `prefix`.
pub fn encode(account: &AccountId, prefix: Ss58Prefix) -> String {
    let mut bytes = prefix.to_bytes();
    bytes.extend_from_slice(account.as_bytes());
    let check = checksum(&bytes);
    bytes.extend_from_slice(&check);
    bs58::encode(bytes).into_string()
}

/// The SS58 address of `account` under the default prefix 42.
pub fn encode_default(account: &AccountId) -> String {
    encode(account, Ss58Prefix::DEFAULT)
}

/// Parses an SS58 address of a 32-byte account: the account and the prefix it was written with.
pub fn decode(address: &str) -> Result<(AccountId, Ss58Prefix), Ss58Error> {
    if address.len() > MAX_ADDRESS_LEN_CHARS {
        return Err(Ss58Error::TooLong {
            got_chars: address.len(),
        });
    }
    let data = bs58::decode(address)
        .into_vec()
        .map_err(|_| Ss58Error::InvalidBase58)?;
    let (prefix, prefix_len_bytes) = Ss58Prefix::from_bytes(&data)?;
    let expected_bytes = prefix_len_bytes + ACCOUNT_ID_LEN_BYTES + CHECKSUM_LEN_BYTES;
    if data.len() != expected_bytes {
        return Err(Ss58Error::BadLength {
            got_bytes: data.len(),
            expected_bytes,
        });
    }
    let (body, check) = data.split_at(prefix_len_bytes + ACCOUNT_ID_LEN_BYTES);
    if checksum(body) != check {
        return Err(Ss58Error::BadChecksum);
    }
    let mut account = [0_u8; ACCOUNT_ID_LEN_BYTES];
    account.copy_from_slice(&body[prefix_len_bytes..]);
    Ok((AccountId(account), prefix))
}

/// Parses an SS58 address and requires it to use `prefix`.
pub fn decode_with_prefix(address: &str, prefix: Ss58Prefix) -> Result<AccountId, Ss58Error> {
    let (account, found) = decode(address)?;
    if found != prefix {
        return Err(Ss58Error::WrongPrefix {
            expected: prefix.get(),
            found: found.get(),
        });
    }
    Ok(account)
}

/// SS58 conversions for [`AccountId`] (the primitives crate knows nothing of SS58).
pub trait Ss58Codec: Sized {
    /// The address under the default prefix 42.
    fn to_ss58(&self) -> String;
    /// Parses an address written with any prefix.
    fn from_ss58(address: &str) -> Result<Self, Ss58Error>;
}

impl Ss58Codec for AccountId {
    fn to_ss58(&self) -> String {
        encode_default(self)
    }

    fn from_ss58(address: &str) -> Result<Self, Ss58Error> {
        decode(address).map(|(account, _prefix)| account)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn prefix_bytes_round_trip_for_every_prefix() {
        for ident in 0..=Ss58Prefix::MAX {
            let prefix = Ss58Prefix::new(ident).unwrap();
            let bytes = prefix.to_bytes();
            assert_eq!(bytes.len(), if ident < 64 { 1 } else { 2 });
            assert_eq!(
                Ss58Prefix::from_bytes(&bytes).unwrap(),
                (prefix, bytes.len())
            );
        }
    }

    #[test]
    fn prefix_above_max_is_rejected() {
        assert_eq!(
            Ss58Prefix::new(16_384),
            Err(Ss58Error::PrefixOutOfRange(16_384))
        );
    }

    #[test]
    fn two_byte_form_of_small_prefix_is_non_canonical() {
        // 0b01000000, 0b00000001 << 6 would be prefix 1 in the two-byte form.
        assert_eq!(
            Ss58Prefix::from_bytes(&[0b0100_0000, 0b0100_0000]),
            Err(Ss58Error::NonCanonicalPrefix(1))
        );
    }

    #[test]
    fn overlong_input_is_rejected_before_decoding() {
        let long = "1".repeat(65);
        assert_eq!(decode(&long), Err(Ss58Error::TooLong { got_chars: 65 }));
    }
}
