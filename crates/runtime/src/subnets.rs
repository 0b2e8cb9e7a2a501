//! subnets calls (being written).

use crate::call::SubtensorCall;
use crate::dispatch::Origin;
use crate::error::Error;
use crate::event::Event;
use crate::state::State;

/// Dispatch a subnets call.
pub fn dispatch(
    _state: &mut State,
    _origin: Origin,
    _call: SubtensorCall,
    _events: &mut Vec<Event>,
) -> Result<(), Error> {
    Err(Error::CallDisabled)
}
