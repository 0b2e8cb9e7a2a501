//! `pallet_drand` mirrors: the zero-sized `DrandPriority` signed extension.

/// `pallet_drand::drand_priority`.
pub mod drand_priority {
    /// `DrandPriority`.
    #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
    pub struct DrandPriority;
}
