//! Substrate's hashers: BLAKE2b-256/128 and xxHash-based twox64/128, as used for block hashes,
//! extrinsic hashes and FRAME storage keys.

use blake2::digest::consts::{U16, U32};
use blake2::{Blake2b, Digest};
use std::hash::Hasher;
use twox_hash::XxHash64;

/// BLAKE2b with a 256-bit output.
pub fn blake2_256(data: &[u8]) -> [u8; 32] {
    Blake2b::<U32>::digest(data).into()
}

/// BLAKE2b with a 128-bit output.
pub fn blake2_128(data: &[u8]) -> [u8; 16] {
    Blake2b::<U16>::digest(data).into()
}

/// xxHash64 with `seed`, little-endian bytes.
fn xx64(data: &[u8], seed: u64) -> [u8; 8] {
    let mut hasher = XxHash64::with_seed(seed);
    hasher.write(data);
    hasher.finish().to_le_bytes()
}

/// Substrate's `twox_64`.
pub fn twox_64(data: &[u8]) -> [u8; 8] {
    xx64(data, 0)
}

/// Substrate's `twox_128`: xxHash64 with seeds 0 and 1, concatenated.
pub fn twox_128(data: &[u8]) -> [u8; 16] {
    let mut out = [0_u8; 16];
    out[..8].copy_from_slice(&xx64(data, 0));
    out[8..].copy_from_slice(&xx64(data, 1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn storage_prefixes_match_the_chain() {
        // sdk-compat §5: System.Account and SubtensorModule.NetworksAdded prefixes.
        assert_eq!(
            hex(&twox_128(b"System")),
            "26aa394eea5630e07c48ae0c9558cef7"
        );
        assert_eq!(
            hex(&twox_128(b"Account")),
            "b99d880ec681799c0cf30e8886371da9"
        );
        assert_eq!(
            hex(&twox_128(b"Events")),
            "80d41e5e16056765bc8461851072c9d7"
        );
        assert_eq!(
            hex(&twox_128(b"SubtensorModule")),
            "658faa385070e074c85bf6b568cf0555"
        );
        assert_eq!(
            hex(&twox_128(b"NetworksAdded")),
            "0e30450fc4d507a846032a7fa65d9a43"
        );
    }

    #[test]
    fn blake2_known_answers() {
        assert_eq!(
            hex(&blake2_256(b"")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
        assert_eq!(blake2_128(b"abc").len(), 16);
    }
}
