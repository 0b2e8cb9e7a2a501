//! `sp_weights` mirrors.

/// `sp_weights::weight_v2`.
pub mod weight_v2 {
    use parity_scale_codec::{Decode, Encode};
    use scale_info::TypeInfo;

    /// `sp_weights::weight_v2::Weight`: both parts compact on the wire.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub struct Weight {
        /// Computation time in picoseconds.
        #[codec(compact)]
        pub ref_time: u64,
        /// Proof size in bytes.
        #[codec(compact)]
        pub proof_size: u64,
    }
}
