//! The dtao chain state machine ("runtime"): a deterministic function from a state and a block
//! of calls to the next state and its events. No I/O, clocks, threads, randomness or floats, and
//! no iteration over hash-map order: the node, the simulator, the CLI and the tests all drive the
//! same code.

pub mod economics;
