//! Dense epoch (being written).
use crate::types::{EpochInput, EpochOutput, EpochParams, InputError};

/// Dense epoch.
pub fn epoch_dense(_params: &EpochParams, _input: &EpochInput) -> Result<EpochOutput, InputError> {
    Ok(EpochOutput::default())
}
