//! Block step (being written).

use crate::event::Event;
use crate::state::State;

/// Hooks run at the start of every block, before its extrinsics.
pub fn on_initialize(_state: &mut State, _events: &mut Vec<Event>) {}
