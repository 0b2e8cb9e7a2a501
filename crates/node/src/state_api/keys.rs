//! FRAME storage key derivation (sdk-compat §5):
//! `key = twox128(pallet prefix) ‖ twox128(item name) ‖ for each map key part: hasher(SCALE(part))`
//! with the three hashers the chain uses for the items served here:
//! `Identity` = the raw encoding, `Blake2_128Concat` = `blake2_128(k) ‖ k`,
//! `Twox64Concat` = `twox_64(k) ‖ k`.
//!
//! Invariant: [`split_key_parts`] is the exact inverse of [`hash_part`] over fixed-width parts:
//! it accepts a suffix only if every hash matches its part and no byte is left over, so a key
//! maps back to at most one tuple of parts.

use crate::hashing::{blake2_128, twox_128, twox_64};
use frame_metadata::v14::StorageHasher;

/// The storage hashers used by the items this node serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hasher {
    /// `blake2_128(k) ‖ k`.
    Blake2_128Concat,
    /// `twox_64(k) ‖ k`.
    Twox64Concat,
    /// `k`.
    Identity,
}

impl Hasher {
    /// Length of the hash that precedes the key part (0 for `Identity`).
    pub fn hash_len(self) -> usize {
        match self {
            Hasher::Blake2_128Concat => 16,
            Hasher::Twox64Concat => 8,
            Hasher::Identity => 0,
        }
    }

    /// The hasher as metadata declares it.
    pub fn metadata(self) -> StorageHasher {
        match self {
            Hasher::Blake2_128Concat => StorageHasher::Blake2_128Concat,
            Hasher::Twox64Concat => StorageHasher::Twox64Concat,
            Hasher::Identity => StorageHasher::Identity,
        }
    }

    fn hash(self, encoded: &[u8]) -> Vec<u8> {
        match self {
            Hasher::Blake2_128Concat => blake2_128(encoded).to_vec(),
            Hasher::Twox64Concat => twox_64(encoded).to_vec(),
            Hasher::Identity => Vec::new(),
        }
    }
}

/// `twox128(pallet) ‖ twox128(item)`: the 32-byte prefix of every key of an item.
pub fn item_prefix(pallet: &str, item: &str) -> [u8; 32] {
    let mut prefix = [0_u8; 32];
    prefix[..16].copy_from_slice(&twox_128(pallet.as_bytes()));
    prefix[16..].copy_from_slice(&twox_128(item.as_bytes()));
    prefix
}

/// One hashed key part: the hash (if any) followed by the SCALE-encoded part.
pub fn hash_part(hasher: Hasher, encoded: &[u8]) -> Vec<u8> {
    let mut out = hasher.hash(encoded);
    out.extend_from_slice(encoded);
    out
}

/// A full storage key: the item prefix followed by each `(hasher, encoded part)` hashed.
pub fn storage_key(pallet: &str, item: &str, parts: &[(Hasher, &[u8])]) -> Vec<u8> {
    let mut key = item_prefix(pallet, item).to_vec();
    for (hasher, encoded) in parts {
        key.extend_from_slice(&hash_part(*hasher, encoded));
    }
    key
}

/// Split the part of a key after its 32-byte item prefix into the encoded key parts, given
/// each part's hasher and encoded width. `None` unless the suffix is exactly such a sequence
/// with matching hashes.
pub fn split_key_parts<'a>(suffix: &'a [u8], layout: &[(Hasher, usize)]) -> Option<Vec<&'a [u8]>> {
    let mut rest = suffix;
    let mut parts = Vec::with_capacity(layout.len());
    for (hasher, width) in layout {
        let hash_len = hasher.hash_len();
        let total = hash_len.checked_add(*width)?;
        if rest.len() < total {
            return None;
        }
        let (hashed, tail) = rest.split_at(total);
        let (hash, part) = hashed.split_at(hash_len);
        if hasher.hash(part) != hash {
            return None;
        }
        parts.push(part);
        rest = tail;
    }
    rest.is_empty().then_some(parts)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parts_round_trip_and_reject_bad_hashes() {
        let layout = [(Hasher::Identity, 2), (Hasher::Blake2_128Concat, 3)];
        let mut suffix = hash_part(Hasher::Identity, &[1, 0]);
        suffix.extend(hash_part(Hasher::Blake2_128Concat, &[7, 8, 9]));
        let parts = split_key_parts(&suffix, &layout).unwrap();
        assert_eq!(parts, vec![&[1_u8, 0][..], &[7, 8, 9][..]]);
        let mut corrupted = suffix.clone();
        corrupted[2] ^= 1;
        assert!(split_key_parts(&corrupted, &layout).is_none());
        suffix.push(0);
        assert!(split_key_parts(&suffix, &layout).is_none());
        assert!(split_key_parts(&[1], &layout).is_none());
    }
}
