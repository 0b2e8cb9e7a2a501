//! The dtao chain state machine ("runtime"): a deterministic function from a state and a block
//! of calls to the next state and its events. No I/O, clocks, threads, randomness or floats in
//! consensus arithmetic, and no iteration over hash-map order: the node, the simulator, the CLI
//! and the tests all drive the same code.
//!
//! Economics follow dtao-spec "R1" (dTAO as launched) with the later subnet lifecycle rules
//! (start_call, subnet limit and pruning); the epoch is `dtao-yuma`.
//!
//! Entry points: [`Runtime::initialize_block`] (block hooks: registration price decay, emission,
//! epochs and payouts) and [`Runtime::apply_extrinsic`] (fee, nonce, dispatch).

pub mod admin;
pub mod balances;
pub mod call;
pub mod coinbase;
pub mod dispatch;
pub mod economics;
pub mod error;
pub mod event;
pub mod fees;
pub mod genesis;
pub mod hyperparams;
pub mod invariants;
pub mod neurons;
pub mod read;
pub mod staking;
pub mod state;
pub mod subnets;
pub mod units;
pub mod weights;

pub use call::{BalancesCall, RuntimeCall, SubtensorCall, SudoCall};
pub use dispatch::{Applied, Origin, TransactionError};
pub use error::Error;
pub use event::Event;
pub use state::State;

use dtao_primitives::AccountId;

/// The state machine with its entry points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Runtime {
    /// Current state.
    pub state: State,
}

impl Runtime {
    /// A runtime over `state`.
    pub fn new(state: State) -> Self {
        Runtime { state }
    }

    /// Start the next block: advance the block number and run the block hooks. Returns the
    /// hooks' events.
    pub fn initialize_block(&mut self) -> Vec<Event> {
        self.state.block = self.state.block.saturating_add(1);
        let mut events = Vec::new();
        coinbase::on_initialize(&mut self.state, &mut events);
        events
    }

    /// Apply a signed call (`encoded_len` bytes on the wire, for the fee).
    pub fn apply_extrinsic(
        &mut self,
        signer: AccountId,
        call: RuntimeCall,
        encoded_len: u32,
    ) -> Result<Applied, TransactionError> {
        dispatch::apply_signed(&mut self.state, signer, call, encoded_len)
    }
}
