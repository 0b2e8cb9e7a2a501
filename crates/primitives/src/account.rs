//! 32-byte account identifiers (sr25519 public keys), as `AccountId32` on subtensor. Coldkeys
//! and hotkeys are both accounts. Ordering is bytewise, so maps keyed by accounts iterate
//! deterministically.

use parity_scale_codec::{Decode, Encode};
use std::fmt;

/// A 32-byte account identifier.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct AccountId(pub [u8; 32]);

impl AccountId {
    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A deterministic test account whose bytes are all `seed` (handy in tests and examples).
    pub fn from_seed_byte(seed: u8) -> AccountId {
        AccountId([seed; 32])
    }
}

impl From<[u8; 32]> for AccountId {
    fn from(bytes: [u8; 32]) -> Self {
        AccountId(bytes)
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x")?;
        for byte in &self.0[..4] {
            write!(f, "{byte:02x}")?;
        }
        write!(f, "…")
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x")?;
        for byte in &self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}
