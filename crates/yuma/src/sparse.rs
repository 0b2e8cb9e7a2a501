//! Sparse epoch (being written).
use crate::types::{EpochInput, EpochOutput, EpochParams, InputError};

/// Sparse epoch.
pub fn epoch_sparse(_params: &EpochParams, _input: &EpochInput) -> Result<EpochOutput, InputError> {
    Ok(EpochOutput::default())
}
