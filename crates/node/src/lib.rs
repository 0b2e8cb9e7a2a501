//! The dtao node: block production over the runtime, a transaction pool, durable storage in
//! redb, and JSON-RPC over WebSocket that speaks subtensor's wire protocol (SCALE, FRAME storage
//! keys, metadata V15, v4 extrinsics signed with sr25519) so the Python clients work unmodified.
//!
//! Effects live here; the runtime stays pure.

pub mod chain;
pub mod hashing;
pub mod pool;
pub mod rpc;
pub mod runner;
pub mod service;
pub mod state_api;
pub mod store;
pub mod types;
pub mod wire;
