//! Wire renderings of chain values in Substrate's JSON shapes: `0x`-prefixed lowercase hex for
//! bytes and hashes, hex strings for block numbers (`"0x1a"`, clients do `int(x, 16)`),
//! camelCase header and runtime-version objects.

use crate::rpc::api::{ChainProperties, RuntimeVersion, TxStatus};
use crate::types::{Block, Header};
use serde_json::{json, Value};

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `0x` followed by lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for byte in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// Why a hex string did not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HexError {
    /// An odd number of digits.
    OddLength,
    /// A character that is not a hex digit, at this byte offset of the digits.
    InvalidDigit(usize),
}

impl std::fmt::Display for HexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HexError::OddLength => write!(f, "odd number of hex digits"),
            HexError::InvalidDigit(at) => write!(f, "invalid hex digit at offset {at}"),
        }
    }
}

fn digit_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Decode hex with or without a `0x` prefix (as Substrate's `Bytes` does).
pub fn unhex(text: &str) -> Result<Vec<u8>, HexError> {
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text)
        .as_bytes();
    if !digits.len().is_multiple_of(2) {
        return Err(HexError::OddLength);
    }
    let mut out = Vec::with_capacity(digits.len() / 2);
    for (pair_index, pair) in digits.chunks_exact(2).enumerate() {
        let high = digit_value(pair[0]).ok_or(HexError::InvalidDigit(pair_index * 2))?;
        let low = digit_value(pair[1]).ok_or(HexError::InvalidDigit(pair_index * 2 + 1))?;
        out.push(high << 4 | low);
    }
    Ok(out)
}

/// A block number as Substrate renders it in headers: `0x` and minimal lowercase hex.
pub fn hex_number(number: u32) -> String {
    format!("{number:#x}")
}

/// A header object: `{"parentHash","number","stateRoot","extrinsicsRoot","digest":{"logs"}}`.
pub fn header(header: &Header) -> Value {
    let logs: Vec<String> = header.digest.logs.iter().map(|log| hex(log)).collect();
    json!({
        "parentHash": hex(&header.parent_hash),
        "number": hex_number(header.number),
        "stateRoot": hex(&header.state_root),
        "extrinsicsRoot": hex(&header.extrinsics_root),
        "digest": { "logs": logs },
    })
}

/// A signed-block object: `{"block":{"header","extrinsics"},"justifications":null}`.
pub fn signed_block(block: &Block) -> Value {
    let extrinsics: Vec<String> = block.extrinsics.iter().map(|xt| hex(xt)).collect();
    json!({
        "block": { "header": header(&block.header), "extrinsics": extrinsics },
        "justifications": Value::Null,
    })
}

/// A runtime-version object; the system version is given under both of its names.
pub fn runtime_version(version: &RuntimeVersion) -> Value {
    let apis: Vec<Value> = version
        .apis
        .iter()
        .map(|(id, api_version)| json!([hex(id), api_version]))
        .collect();
    json!({
        "specName": version.spec_name,
        "implName": version.impl_name,
        "authoringVersion": version.authoring_version,
        "specVersion": version.spec_version,
        "implVersion": version.impl_version,
        "apis": apis,
        "transactionVersion": version.transaction_version,
        "systemVersion": version.system_version,
        "stateVersion": version.system_version,
    })
}

/// `system_properties` object.
pub fn properties(properties: &ChainProperties) -> Value {
    json!({
        "ss58Format": properties.ss58_format,
        "tokenDecimals": properties.token_decimals,
        "tokenSymbol": properties.token_symbol,
    })
}

/// An `author_extrinsicUpdate` result: `"ready"`, `{"inBlock": "0x…"}`, ….
pub fn tx_status(status: &TxStatus) -> Value {
    match status {
        TxStatus::Future => json!("future"),
        TxStatus::Ready => json!("ready"),
        TxStatus::InBlock(hash) => json!({ "inBlock": hex(hash) }),
        TxStatus::Retracted(hash) => json!({ "retracted": hex(hash) }),
        TxStatus::FinalityTimeout(hash) => json!({ "finalityTimeout": hex(hash) }),
        TxStatus::Finalized(hash) => json!({ "finalized": hex(hash) }),
        TxStatus::Usurped(hash) => json!({ "usurped": hex(hash) }),
        TxStatus::Dropped => json!("dropped"),
        TxStatus::Invalid => json!("invalid"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_with_and_without_prefix() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "0x00abff");
        assert_eq!(unhex("0x00abff"), Ok(vec![0x00, 0xab, 0xff]));
        assert_eq!(unhex("00ABff"), Ok(vec![0x00, 0xab, 0xff]));
        assert_eq!(unhex("0x"), Ok(vec![]));
        assert_eq!(unhex("0xabc"), Err(HexError::OddLength));
        assert_eq!(unhex("0xzz"), Err(HexError::InvalidDigit(0)));
        assert_eq!(unhex("0xaé"), Err(HexError::OddLength));
    }

    #[test]
    fn numbers_are_minimal_hex() {
        assert_eq!(hex_number(0), "0x0");
        assert_eq!(hex_number(26), "0x1a");
        assert_eq!(hex_number(u32::MAX), "0xffffffff");
    }

    #[test]
    fn header_has_substrate_shape() {
        let value = header(&Header {
            number: 16,
            ..Header::default()
        });
        assert_eq!(value["number"], "0x10");
        assert_eq!(value["parentHash"], hex(&[0; 32]));
        assert_eq!(value["digest"]["logs"], json!([]));
    }

    #[test]
    fn statuses_have_substrate_shape() {
        assert_eq!(tx_status(&TxStatus::Ready), json!("ready"));
        assert_eq!(
            tx_status(&TxStatus::Finalized([1; 32])),
            json!({ "finalized": hex(&[1; 32]) })
        );
    }
}
