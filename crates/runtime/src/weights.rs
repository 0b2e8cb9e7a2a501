//! weights calls (being written).

use crate::call::SubtensorCall;
use crate::error::Error;
use crate::event::Event;
use crate::state::State;
use dtao_primitives::AccountId;

/// Dispatch a weights call.
pub fn dispatch(
    _state: &mut State,
    _who: AccountId,
    _call: SubtensorCall,
    _events: &mut Vec<Event>,
) -> Result<(), Error> {
    Err(Error::CallDisabled)
}
