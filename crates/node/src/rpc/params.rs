//! Positional JSON-RPC parameters, parsed strictly: params arrive as an array (or null /
//! missing when a method takes none); an optional parameter may be missing or `null`; extra
//! trailing parameters are ignored, as Substrate does. Every failure is a -32602
//! "Invalid params" error whose `data` names the parameter and the problem.

use crate::rpc::json::unhex;
use crate::rpc::ss58;
use crate::types::Hash;
use jsonrpsee::types::error::{ErrorObjectOwned, INVALID_PARAMS_CODE, INVALID_PARAMS_MSG};
use jsonrpsee::types::Params;
use serde_json::Value;

/// An "Invalid params" error with a detail message.
pub fn invalid_params(detail: impl Into<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(INVALID_PARAMS_CODE, INVALID_PARAMS_MSG, Some(detail.into()))
}

/// The positional parameters of one call.
#[derive(Debug)]
pub struct Positional(Vec<Value>);

impl Positional {
    /// Parse the raw params of a call.
    pub fn parse(params: &Params<'_>) -> Result<Positional, ErrorObjectOwned> {
        let Some(raw) = params.as_str() else {
            return Ok(Positional(Vec::new()));
        };
        let value: Value = serde_json::from_str(raw)
            .map_err(|err| invalid_params(format!("params are not JSON: {err}")))?;
        match value {
            Value::Null => Ok(Positional(Vec::new())),
            Value::Array(items) => Ok(Positional(items)),
            Value::Object(_) => Err(invalid_params(
                "named parameters are not supported; pass them as an array",
            )),
            _ => Err(invalid_params("params must be an array")),
        }
    }

    /// Parameter `index`, `None` when missing or `null`.
    pub fn optional(&self, index: usize) -> Option<&Value> {
        self.0.get(index).filter(|value| !value.is_null())
    }

    /// Parameter `index`, which must be present and not `null`.
    pub fn required(&self, index: usize, name: &str) -> Result<&Value, ErrorObjectOwned> {
        self.optional(index)
            .ok_or_else(|| invalid_params(format!("missing parameter `{name}`")))
    }
}

/// A string parameter.
pub fn string<'a>(value: &'a Value, name: &str) -> Result<&'a str, ErrorObjectOwned> {
    value
        .as_str()
        .ok_or_else(|| invalid_params(format!("`{name}` must be a string")))
}

/// A hex-bytes parameter (`0x` prefix optional).
pub fn bytes(value: &Value, name: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
    unhex(string(value, name)?).map_err(|err| invalid_params(format!("`{name}`: {err}")))
}

/// A 32-byte block hash parameter.
pub fn hash(value: &Value, name: &str) -> Result<Hash, ErrorObjectOwned> {
    let decoded = bytes(value, name)?;
    Hash::try_from(decoded.as_slice()).map_err(|_| {
        invalid_params(format!(
            "`{name}` must be a 32-byte hash, got {} bytes",
            decoded.len()
        ))
    })
}

/// A block number given as a JSON number or a hex string (Substrate's `NumberOrHex`).
pub fn block_number(value: &Value, name: &str) -> Result<u32, ErrorObjectOwned> {
    let wide: u128 = match value {
        Value::Number(number) => number
            .as_u64()
            .map(u128::from)
            .ok_or_else(|| invalid_params(format!("`{name}` must be a non-negative integer")))?,
        Value::String(text) => {
            let digits = text
                .strip_prefix("0x")
                .ok_or_else(|| invalid_params(format!("`{name}` must be a 0x-hex number")))?;
            u128::from_str_radix(digits, 16)
                .map_err(|err| invalid_params(format!("`{name}`: {err}")))?
        }
        _ => {
            return Err(invalid_params(format!(
                "`{name}` must be a number or a hex string"
            )))
        }
    };
    u32::try_from(wide).map_err(|_| {
        invalid_params(format!(
            "`{name}` {wide} > u32::MAX, the max block number is u32"
        ))
    })
}

/// An unsigned integer parameter that fits `T`.
pub fn integer<T: TryFrom<u64>>(value: &Value, name: &str) -> Result<T, ErrorObjectOwned> {
    value
        .as_u64()
        .and_then(|wide| T::try_from(wide).ok())
        .ok_or_else(|| invalid_params(format!("`{name}` must be an integer in range")))
}

/// An account given as an SS58 string or as 32 bytes of 0x-hex.
pub fn account(value: &Value, name: &str) -> Result<[u8; 32], ErrorObjectOwned> {
    let text = string(value, name)?;
    if text.starts_with("0x") {
        let decoded = unhex(text).map_err(|err| invalid_params(format!("`{name}`: {err}")))?;
        return <[u8; 32]>::try_from(decoded.as_slice())
            .map_err(|_| invalid_params(format!("`{name}` must be 32 bytes")));
    }
    ss58::decode(text)
        .map(|(_prefix, account)| account)
        .map_err(|err| invalid_params(format!("`{name}`: {err}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn positional_accepts_arrays_null_and_missing() {
        let params = Positional::parse(&Params::new(Some("[1, null]"))).unwrap();
        assert_eq!(params.optional(0), Some(&json!(1)));
        assert_eq!(params.optional(1), None);
        assert_eq!(params.optional(2), None);
        assert!(params.required(1, "x").is_err());
        assert!(Positional::parse(&Params::new(None))
            .unwrap()
            .optional(0)
            .is_none());
        assert!(Positional::parse(&Params::new(Some("null"))).is_ok());
        assert!(Positional::parse(&Params::new(Some("{\"a\":1}"))).is_err());
        assert!(Positional::parse(&Params::new(Some("7"))).is_err());
    }

    #[test]
    fn block_numbers_accept_numbers_and_hex() {
        assert_eq!(block_number(&json!(5), "n").unwrap(), 5);
        assert_eq!(block_number(&json!("0x1a"), "n").unwrap(), 26);
        assert!(block_number(&json!(-1), "n").is_err());
        assert!(block_number(&json!(1.5), "n").is_err());
        assert!(block_number(&json!("12"), "n").is_err());
        assert!(block_number(&json!(u64::MAX), "n").is_err());
        assert!(block_number(&json!("0xffffffffffffffffffffffffffffffffff"), "n").is_err());
    }

    #[test]
    fn hashes_must_be_32_bytes() {
        assert!(hash(&json!(format!("0x{}", "ab".repeat(32))), "h").is_ok());
        assert!(hash(&json!("0xabcd"), "h").is_err());
        assert!(hash(&json!(3), "h").is_err());
    }

    #[test]
    fn accounts_accept_ss58_and_hex() {
        let address = ss58::encode(42, &[9; 32]);
        assert_eq!(account(&json!(address), "a").unwrap(), [9; 32]);
        assert_eq!(
            account(&json!(format!("0x{}", "09".repeat(32))), "a").unwrap(),
            [9; 32]
        );
        assert!(account(&json!("0x0909"), "a").is_err());
        assert!(account(&json!("not-an-address"), "a").is_err());
    }
}
