//! Mirror types of the subtensor runtime's wire types, with the same SCALE encoding and the same
//! scale-info shape (variant indices, field names, type parameters).
//!
//! The module tree below `upstream` copies upstream's crate and module layout (for example
//! `upstream::sp_core::crypto::AccountId32`), so that a derived `TypeInfo` path is
//! `dtao_node::wire::upstream::sp_core::crypto::AccountId32`.
//! [`crate::wire::metadata::strip_mirror_prefix`] removes everything up to and including the
//! `upstream` segment when the metadata registry is built, which leaves upstream's exact path
//! (`sp_core::crypto::AccountId32`, sdk-compat §3.3). Types whose path must differ from their
//! Rust location implement `TypeInfo` by hand with the upstream path.
//!
//! Invariants: only the types our runtime uses are mirrored; every pallet `Call` enum declares
//! only calls the runtime implements (with the fixture's call index and argument types), while
//! every pallet `Event` and `Error` enum declares upstream's full variant list in order so the
//! indices line up with runtime 331.

pub mod frame_metadata_hash_extension;
pub mod frame_support;
pub mod frame_system;
pub mod node_subtensor_runtime;
pub mod pallet_admin_utils;
pub mod pallet_balances;
pub mod pallet_drand;
pub mod pallet_subtensor;
pub mod pallet_sudo;
pub mod pallet_transaction_payment;
pub mod primitive_types;
pub mod sp_arithmetic;
pub mod sp_core;
pub mod sp_runtime;
pub mod sp_weights;
pub mod substrate_fixed;
