//! JSON-RPC error objects with Substrate's codes and message texts (clients match on some
//! substrings, see sdk-compat.md §2.1): state errors 4002/4003, transaction-pool errors
//! 1001/1010–1021 (given by [`TxError`]), dev-control failures 6001.

use crate::rpc::api::{ChainError, TxError};
use crate::rpc::json::hex;
use jsonrpsee::types::error::{ErrorObjectOwned, INTERNAL_ERROR_CODE, INTERNAL_ERROR_MSG};

/// Substrate's state error for an invalid `count` (`state_getKeysPaged`).
pub const STATE_INVALID_COUNT_CODE: i32 = 4002;
/// Substrate's state error for any client (chain) failure.
pub const STATE_CLIENT_ERROR_CODE: i32 = 4003;
/// Failure of a `dev_*` control.
pub const DEV_ERROR_CODE: i32 = 6001;

/// A chain failure as Substrate's state API reports it.
pub fn chain_error(error: ChainError) -> ErrorObjectOwned {
    let message = match error {
        ChainError::UnknownBlock(hash) => format!(
            "Client error: UnknownBlock: Header was not found in the database: {}",
            hex(&hash)
        ),
        ChainError::StateDiscarded(hash) => format!(
            "Client error: UnknownBlock: State already discarded for {}",
            hex(&hash)
        ),
        ChainError::RuntimeApiNotFound(method) => {
            format!("Client error: Execution failed: Other: Exported method {method} is not found")
        }
        ChainError::ExecutionFailed(detail) => {
            format!("Client error: Execution failed: {detail}")
        }
        ChainError::Other(detail) => format!("Client error: {detail}"),
    };
    ErrorObjectOwned::owned(STATE_CLIENT_ERROR_CODE, message, None::<()>)
}

/// A state-API failure that is not about a block (e.g. a result over a limit).
pub fn client_error(detail: &str) -> ErrorObjectOwned {
    chain_error(ChainError::Other(detail.to_string()))
}

/// `count exceeds maximum value` (4002), as Substrate answers `state_getKeysPaged`.
pub fn invalid_count(value: u64, max: u32) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(
        STATE_INVALID_COUNT_CODE,
        format!("count exceeds maximum value. value: {value}, max: {max}"),
        None::<()>,
    )
}

/// A transaction-pool rejection, verbatim.
pub fn tx_error(error: TxError) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(error.code, error.message, error.data)
}

/// A dev-control failure.
pub fn dev_error(detail: &str) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(
        DEV_ERROR_CODE,
        format!("Dev control failed: {detail}"),
        None::<()>,
    )
}

/// An internal failure (a worker thread died).
pub fn internal_error(detail: &str) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(INTERNAL_ERROR_CODE, INTERNAL_ERROR_MSG, Some(detail))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_substrings_clients_match() {
        let missing = chain_error(ChainError::RuntimeApiNotFound(
            "Metadata_metadata_at_version".to_string(),
        ));
        assert_eq!(missing.code(), 4003);
        assert!(missing
            .message()
            .contains("Exported method Metadata_metadata_at_version is not found"));
        let discarded = chain_error(ChainError::StateDiscarded([0xab; 32]));
        assert!(discarded
            .message()
            .contains(&format!("State already discarded for {}", hex(&[0xab; 32]))));
    }

    #[test]
    fn pool_errors_have_substrates_shape() {
        let error = tx_error(TxError::invalid_custom(8));
        assert_eq!(error.code(), 1010);
        assert_eq!(error.message(), "Invalid Transaction");
        assert_eq!(
            error.data().map(|data| data.get()),
            Some("\"Custom error: 8\"")
        );
    }
}
