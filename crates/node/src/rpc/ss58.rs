//! A small SS58 decoder for account arguments (`account_nextIndex` takes an SS58 string).
//!
//! SS58 = base58(prefix ‖ account[32] ‖ checksum[2]), checksum = the first two bytes of
//! BLAKE2b-512("SS58PRE" ‖ prefix ‖ account). Prefixes 0–63 take one byte, 64–16383 two.
//! Any valid prefix is accepted (the chain's own is 42); the checksum is always verified.
//!
//! TODO(unify): the wallet crate has its own SS58 codec; switch to it once merged.

use blake2::{Blake2b512, Digest};

/// Longest SS58 string accepted (a 32-byte account with a two-byte prefix is ≤ 50 chars).
const MAX_SS58_CHARS: usize = 64;
const ACCOUNT_LEN: usize = 32;
const CHECKSUM_LEN: usize = 2;

/// Why a string is not an SS58 account address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ss58Error {
    /// Longer than any SS58 account address.
    TooLong,
    /// Not base58.
    NotBase58,
    /// A reserved prefix byte (128–255).
    BadPrefix,
    /// Decoded to the wrong number of bytes for a 32-byte account.
    BadLength(usize),
    /// The checksum does not match.
    BadChecksum,
}

impl std::fmt::Display for Ss58Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ss58Error::TooLong => write!(f, "too long for an SS58 address"),
            Ss58Error::NotBase58 => write!(f, "not base58"),
            Ss58Error::BadPrefix => write!(f, "reserved SS58 prefix"),
            Ss58Error::BadLength(len) => {
                write!(f, "decodes to {len} bytes, not a 32-byte account")
            }
            Ss58Error::BadChecksum => write!(f, "bad SS58 checksum"),
        }
    }
}

fn checksum(payload: &[u8]) -> [u8; CHECKSUM_LEN] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"SS58PRE");
    hasher.update(payload);
    let digest = hasher.finalize();
    [digest[0], digest[1]]
}

/// Decode an SS58 address to (prefix, 32-byte account).
pub fn decode(address: &str) -> Result<(u16, [u8; 32]), Ss58Error> {
    if address.len() > MAX_SS58_CHARS {
        return Err(Ss58Error::TooLong);
    }
    let data = bs58::decode(address)
        .into_vec()
        .map_err(|_| Ss58Error::NotBase58)?;
    let (prefix_len, prefix) = match data.first() {
        Some(&first @ 0..=63) => (1, u16::from(first)),
        Some(&first @ 64..=127) => {
            let second = *data.get(1).ok_or(Ss58Error::BadLength(data.len()))?;
            let lower = (first << 2) | (second >> 6);
            let upper = second & 0b0011_1111;
            (2, u16::from(lower) | (u16::from(upper) << 8))
        }
        Some(_) => return Err(Ss58Error::BadPrefix),
        None => return Err(Ss58Error::BadLength(0)),
    };
    if data.len() != prefix_len + ACCOUNT_LEN + CHECKSUM_LEN {
        return Err(Ss58Error::BadLength(data.len()));
    }
    let (payload, check) = data.split_at(prefix_len + ACCOUNT_LEN);
    if checksum(payload) != check {
        return Err(Ss58Error::BadChecksum);
    }
    let mut account = [0_u8; ACCOUNT_LEN];
    account.copy_from_slice(&payload[prefix_len..]);
    Ok((prefix, account))
}

/// Encode a 32-byte account with a one-byte prefix (0–63); used by tests.
#[cfg(test)]
pub fn encode(prefix: u8, account: &[u8; 32]) -> String {
    let mut data = Vec::with_capacity(1 + ACCOUNT_LEN + CHECKSUM_LEN);
    data.push(prefix & 0b0011_1111);
    data.extend_from_slice(account);
    let check = checksum(&data);
    data.extend_from_slice(&check);
    bs58::encode(data).into_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::rpc::json::unhex;

    #[test]
    fn decodes_the_traced_address() {
        // From fixtures/client-traces: account_nextIndex of the wallet whose System.Account
        // key ends in this public key.
        let (prefix, account) =
            decode("5G71pTNiL6HUhHdCtABrEFYJ623PwEqRuqYo5EdzAKCzhcXH").expect("valid address");
        assert_eq!(prefix, 42);
        let expected =
            unhex("b2b3e3bac058ac0690389cad3ed76b6d5d4cc38d7c7340b5a1fae80b453d992b").expect("hex");
        assert_eq!(account.to_vec(), expected);
    }

    #[test]
    fn round_trips_and_rejects_corruption() {
        let account = [7_u8; 32];
        let address = encode(42, &account);
        assert_eq!(decode(&address), Ok((42, account)));
        let mut corrupted: Vec<char> = address.chars().collect();
        let last = corrupted.len() - 1;
        corrupted[last] = if corrupted[last] == 'a' { 'b' } else { 'a' };
        let corrupted: String = corrupted.into_iter().collect();
        assert!(decode(&corrupted).is_err());
        assert_eq!(decode("0OIl"), Err(Ss58Error::NotBase58));
        assert_eq!(decode(""), Err(Ss58Error::BadLength(0)));
        assert_eq!(decode(&"1".repeat(65)), Err(Ss58Error::TooLong));
    }
}
