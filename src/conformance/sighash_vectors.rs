//! Core's `sighash.json`: legacy signature hashes of random transactions.
//! Run as Core's `sighash_from_data` runs them (src/test/sighash_tests.cpp).
//!
//! A row is `[raw transaction, script code, input index, hash type,
//! signature hash]`; a one-element row is a comment. The transaction is read
//! with witness data allowed (`TX_WITH_WITNESS`) and must pass the
//! context-free transaction checks; the script code is raw hex; the hash is
//! compared in display (byte-reversed) order.

use super::core_json::{cannot_parse, int_at, one_line, parse_hex, str_at};
use super::{parse_json, Report};
use crate::encoding::{Decode, Reader};
use crate::primitives::Transaction;
use crate::sighash::legacy_sighash;
use crate::validation::check_transaction;
use serde_json::Value;

/// One row of `sighash.json`, read.
#[derive(Debug, Clone)]
pub struct SighashCase {
    /// The transaction.
    pub tx: Transaction,
    /// The script code, raw.
    pub script_code: Vec<u8>,
    /// The input signed (Core reads an `int`).
    pub input_index: i32,
    /// The hash type, all 32 bits of it.
    pub hash_type: i32,
    /// The expected hash, display-order hex.
    pub expected: String,
}

/// Runs every case of `sighash.json`.
pub fn run(file: &str, text: &str, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let Some(rows) = json.as_array() else {
        return report.check(file, "file", Err(cannot_parse("top level is not an array")));
    };
    let mut comments = 0;
    for (index, row) in rows.iter().enumerate() {
        let items = row.as_array().map(Vec::as_slice);
        if items.is_some_and(|items| items.len() == 1) {
            comments += 1;
            continue;
        }
        let outcome = match items
            .ok_or_else(|| "row is not an array".to_string())
            .and_then(parse_case)
        {
            Ok(case) => run_case(&case),
            Err(why) => Err(cannot_parse(why)),
        };
        report.check(
            file,
            index.to_string(),
            outcome.map_err(|why| format!("{why}; vector {}", one_line(row))),
        );
    }
    report.record_comments(file, comments);
}

/// Reads one row as `sighash_from_data` does.
fn parse_case(items: &[Value]) -> Result<SighashCase, String> {
    if items.is_empty() {
        return Err("empty row".into());
    }
    let raw_tx = str_at(items, 0, "transaction")?;
    let raw_script = str_at(items, 1, "script code")?;
    let input_index = int_at::<i32>(items, 2, "input index")?;
    let hash_type = int_at::<i32>(items, 3, "hash type")?;
    let expected = str_at(items, 4, "signature hash")?;
    let bytes = parse_hex(&raw_tx).ok_or("transaction is not hex")?;
    // Core reads from a span and leaves bytes after the transaction unread.
    let tx =
        Transaction::decode(&mut Reader::new(&bytes)).map_err(|e| format!("transaction: {e}"))?;
    let script_code = parse_hex(&raw_script).ok_or("script code is not hex")?;
    Ok(SighashCase {
        tx,
        script_code,
        input_index,
        hash_type,
        expected,
    })
}

/// Checks one case: the transaction passes `CheckTransaction`, and the
/// legacy signature hash is the expected one.
///
/// # Errors
/// The check that failed, or both hashes.
pub fn run_case(case: &SighashCase) -> Result<(), String> {
    let checked =
        check_transaction(&case.tx).map_err(|e| format!("CheckTransaction fails: {}", e.token()));
    // Core asserts the index is in range before hashing.
    let index = usize::try_from(case.input_index)
        .ok()
        .filter(|i| *i < case.tx.inputs.len())
        .ok_or_else(|| cannot_parse(format!("input index {} out of range", case.input_index)))?;
    let mut hash = legacy_sighash(&case.script_code, &case.tx, index, case.hash_type);
    hash.reverse();
    let got = hex::encode(hash);
    let hashed = if got == case.expected {
        Ok(())
    } else {
        Err(format!("sighash {got} where {} expected", case.expected))
    };
    match (checked, hashed) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(e), Ok(())) | (Ok(()), Err(e)) => Err(e),
        (Err(a), Err(b)) => Err(format!("{a}; {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_rows_are_errors() {
        let row = |text: &str| {
            let value: Value = serde_json::from_str(text).unwrap();
            parse_case(value.as_array().unwrap())
        };
        assert!(row(r#"["00", "00", 0, 1]"#).is_err());
        assert!(row(r#"["zz", "00", 0, 1, "00"]"#).is_err());
        assert!(row(r#"["00", "00", 0, 1, "00"]"#).is_err());
        assert!(row(r#"[]"#).is_err());
        let tx = "010000000100010000000000000000000000000000000000000000000000000000000000000000000000ffffffff0100000000000000000000000000";
        assert!(row(&format!(r#"["{tx}", "ac", 0, -1, "00"]"#)).is_ok());
        assert!(row(&format!(r#"["{tx}", "ac", 0, 4294967295, "00"]"#)).is_err());
        assert!(row(&format!(r#"["{tx}", "a", 0, 1, "00"]"#)).is_err());
    }
}
