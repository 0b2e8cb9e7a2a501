//! Identifier newtypes. A `NetUid` names a subnet (0 is root); a `Uid` is a neuron slot inside
//! one subnet, dense in `0..n`.

use parity_scale_codec::{Decode, Encode};
use std::fmt;

/// Subnet identifier (netuid). Netuid 0 is the root network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct NetUid(pub u16);

impl NetUid {
    /// The root network.
    pub const ROOT: NetUid = NetUid(0);

    /// True for the root network (netuid 0).
    pub fn is_root(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for NetUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Neuron slot inside a subnet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct Uid(pub u16);

impl Uid {
    /// The slot as a vector index.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
