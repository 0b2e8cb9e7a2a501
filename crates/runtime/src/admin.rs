//! AdminUtils calls (being written).

use crate::dispatch::Origin;
use crate::error::Error;
use crate::event::Event;
use crate::state::State;

/// AdminUtils calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminCall {}

/// Dispatch an AdminUtils call.
pub fn dispatch(
    _state: &mut State,
    _origin: Origin,
    call: AdminCall,
    _events: &mut Vec<Event>,
) -> Result<(), Error> {
    match call {}
}
