//! Block types as they travel on the wire: the header (`parent_hash`, compact `number`,
//! `state_root`, `extrinsics_root`, `digest`), the block (header and opaque extrinsics) and the
//! block hash (BLAKE2b-256 of the SCALE-encoded header).
//!
//! Invariants: a block's hash depends only on its header; the genesis header has an all-zero
//! parent hash and number 0.

use crate::hashing::blake2_256;
use parity_scale_codec::{Decode, Encode};

/// A 32-byte hash.
pub type Hash = [u8; 32];

/// A digest item, kept opaque: the SCALE encoding of Substrate's `DigestItem`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Digest {
    /// Encoded digest items (the dev chain writes none).
    pub logs: Vec<Vec<u8>>,
}

/// A block header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Header {
    /// Hash of the parent block (zero for genesis).
    pub parent_hash: Hash,
    /// Block number (compact on the wire).
    #[codec(compact)]
    pub number: u32,
    /// Commitment to the state after this block.
    pub state_root: Hash,
    /// Commitment to this block's extrinsics.
    pub extrinsics_root: Hash,
    /// Digest.
    pub digest: Digest,
}

impl Header {
    /// The block hash: BLAKE2b-256 of the SCALE-encoded header.
    pub fn hash(&self) -> Hash {
        blake2_256(&self.encode())
    }
}

/// A block: header and extrinsics, each an opaque SCALE-encoded extrinsic (with its length
/// prefix, exactly as submitted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Block {
    /// Header.
    pub header: Header,
    /// Encoded extrinsics.
    pub extrinsics: Vec<Vec<u8>>,
}

/// Root of a list of extrinsics: BLAKE2b-256 of their SCALE-encoded list (a simple,
/// deterministic commitment; the clients never recompute it).
pub fn extrinsics_root(extrinsics: &[Vec<u8>]) -> Hash {
    blake2_256(&extrinsics.encode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips_and_hash_covers_every_field() {
        let header = Header {
            number: 7,
            state_root: [1; 32],
            ..Header::default()
        };
        let decoded = Header::decode(&mut &header.encode()[..]);
        assert_eq!(decoded.as_ref(), Ok(&header));
        let mut other = header.clone();
        other.extrinsics_root = [2; 32];
        assert_ne!(header.hash(), other.hash());
        assert_eq!(header.encode()[32], 7 << 2, "number is compact");
    }
}
