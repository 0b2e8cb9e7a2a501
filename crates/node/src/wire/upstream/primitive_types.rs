//! `primitive_types` mirrors: the 32-byte hash.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// `primitive_types::H256`: a 32-byte hash (block hashes, commit hashes, event topics).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode, TypeInfo,
)]
pub struct H256(pub [u8; 32]);

/// `primitive_types::H160`: a 20-byte address (declared by an event we never emit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Encode, Decode, TypeInfo)]
pub struct H160(pub [u8; 20]);
