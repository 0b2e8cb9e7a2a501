//! Input parsing and output formatting for the chain commands: TAO amounts as exact decimal
//! strings (no floating point), SS58 addresses, aligned tables and checked stdout writes.
//!
//! Invariants: amounts are parsed into rao exactly (at most 9 decimals, no overflow) and
//! printed back exactly; bad input is a [`ChainError::Usage`].

use std::io::Write;

use dtao_primitives::AccountId;

use super::ChainError;

/// Rao per TAO (and per alpha).
pub const RAO_PER_TAO: u64 = 1_000_000_000;

/// Parse a TAO amount (`"1"`, `"0.5"`, `"12.000000001"`) into rao.
pub fn parse_tao(text: &str) -> Result<u64, ChainError> {
    let bad = || {
        ChainError::Usage(format!(
            "invalid TAO amount {text:?} (expected e.g. 1.5, at most 9 decimals)"
        ))
    };
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && frac.is_empty())
        || frac.len() > 9
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole_rao = if whole.is_empty() {
        0
    } else {
        whole
            .parse::<u64>()
            .ok()
            .and_then(|w| w.checked_mul(RAO_PER_TAO))
            .ok_or_else(bad)?
    };
    let frac_rao = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse::<u64>().map_err(|_| bad())?
    };
    whole_rao.checked_add(frac_rao).ok_or_else(bad)
}

/// `rao` as TAO with 9 decimals.
pub fn tao(rao: u64) -> String {
    format!("{}.{:09}", rao / RAO_PER_TAO, rao % RAO_PER_TAO)
}

/// Parse an SS58 address.
pub fn parse_address(what: &str, text: &str) -> Result<AccountId, ChainError> {
    dtao_wallet::ss58::decode(text)
        .map(|(account, _)| account)
        .map_err(|e| ChainError::Usage(format!("invalid {what} address {text:?}: {e}")))
}

/// SS58 (prefix 42) of a raw account id.
pub fn ss58(bytes: [u8; 32]) -> String {
    dtao_wallet::ss58::encode_default(&AccountId(bytes))
}

/// Write `text` to stdout.
pub fn out(text: &str) -> Result<(), ChainError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| ChainError::Chain(format!("writing output: {e}")))
}

/// Pretty JSON followed by a newline.
pub fn out_json(value: &serde_json::Value) -> Result<(), ChainError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| ChainError::Chain(format!("encoding JSON: {e}")))?;
    out(&format!("{text}\n"))
}

/// An aligned table: headers, then rows (each as long as the headers).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut text = line(headers.to_vec());
    for row in rows {
        text.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    text
}

/// A `u16` fixed-point ratio (`u16::MAX` = 1) as a float.
pub fn ratio_u16(value: u16) -> f64 {
    f64::from(value) / f64::from(u16::MAX)
}

/// Text bytes (lossy UTF-8).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tao_amounts_parse_exactly() {
        assert_eq!(parse_tao("1").unwrap(), RAO_PER_TAO);
        assert_eq!(parse_tao("0.5").unwrap(), RAO_PER_TAO / 2);
        assert_eq!(parse_tao(".000000001").unwrap(), 1);
        assert_eq!(parse_tao("12.000000001").unwrap(), 12 * RAO_PER_TAO + 1);
        for bad in [
            "",
            ".",
            "-1",
            "1.0000000001",
            "abc",
            "1e9",
            "99999999999999999999",
        ] {
            assert!(parse_tao(bad).is_err(), "{bad}");
        }
        assert_eq!(tao(1_500_000_001), "1.500000001");
    }

    #[test]
    fn table_aligns_columns() {
        let text = table(&["a", "bb"], &[vec!["xyz".into(), "1".into()]]);
        assert_eq!(text, "a    bb\nxyz  1\n");
    }
}
