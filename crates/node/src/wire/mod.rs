//! The wire layer: subtensor-compatible SCALE encodings of calls, events, errors and signed
//! extrinsics, and the metadata V15 that describes them, generated from our own type
//! descriptions (scale-info + frame-metadata) so the unmodified clients can talk to the node
//! (shared/spec/sdk-compat.md §3, §6, §7).
//!
//! - [`upstream`]: mirror types with upstream's paths, names and indices.
//! - [`convert`]: wire ⇄ runtime conversions.
//! - [`era`]: transaction mortality.
//! - [`extrinsic`]: bounded decoding of v4 signed extrinsics, signing payload, sr25519 checks.
//! - [`events`]: runtime events and errors on the wire (`System.Events` records).
//! - [`metadata`]: the metadata V15 blob.
//!
//! Invariants: every byte string from outside is decoded with length and depth caps and never
//! panics; pallet, call, event and error indices equal runtime 331's (the conformance tests in
//! `tests/wire.rs` diff against the fixture).

pub mod convert;
pub mod era;
pub mod events;
pub mod extrinsic;
pub mod metadata;
pub mod upstream;
