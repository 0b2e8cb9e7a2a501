//! `frame_metadata_hash_extension` mirrors: the `CheckMetadataHash` signed extension.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// `frame_metadata_hash_extension::Mode`: one byte in the extrinsic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Mode {
    /// No metadata hash in the signing payload (what the clients send).
    #[default]
    Disabled,
    /// The RFC-0078 metadata hash is in the signing payload.
    Enabled,
}

/// `frame_metadata_hash_extension::CheckMetadataHash { mode }`.
#[derive(Clone, Copy, Debug, TypeInfo)]
pub struct CheckMetadataHash {
    /// The mode byte.
    pub mode: Mode,
}
