//! Core's `base58_encode_decode.json`, run as Core's `base58_tests.cpp` runs it.
//!
//! Each entry is `[hex, base58]` (further elements are comments). Core's two
//! test cases check, for every entry, that `EncodeBase58(hex)` is the string
//! (`base58_EncodeBase58`) and that `DecodeBase58(string, 256)` succeeds with
//! exactly the bytes (`base58_DecodeBase58`); an entry with fewer than two
//! elements is a "Bad test". canon makes both checks as one case per entry.

use serde_json::Value;

use super::{parse_json, Report};
use crate::address::base58::{decode_base58, encode_base58};

/// The byte limit Core's harness gives `DecodeBase58`.
const DECODE_LIMIT: usize = 256;

/// Runs every case of the file.
pub fn run(file: &str, text: &str, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let Some(entries) = json.as_array() else {
        return report.check(file, "file", Err("expected a JSON array of entries".into()));
    };
    for (index, entry) in entries.iter().enumerate() {
        let (case, outcome) = match parse_entry(entry) {
            Ok((bytes, text)) => (format!("{index} {text:?}"), check(&bytes, text)),
            Err(why) => (format!("{index} {entry}"), Err(why)),
        };
        report.check(file, case, outcome);
    }
}

/// The bytes and the base58 string of an entry.
fn parse_entry(entry: &Value) -> Result<(Vec<u8>, &str), String> {
    let items = entry.as_array().filter(|items| items.len() >= 2);
    let Some(items) = items else {
        return Err(format!(
            "bad test: expected [hex, base58, ...], got {entry}"
        ));
    };
    let (Some(hex), Some(text)) = (items[0].as_str(), items[1].as_str()) else {
        return Err(format!("bad test: expected two strings, got {entry}"));
    };
    let bytes = hex::decode(hex).map_err(|e| format!("bad test: invalid hex {hex:?}: {e}"))?;
    Ok((bytes, text))
}

/// Core's two checks of one entry.
fn check(bytes: &[u8], text: &str) -> Result<(), String> {
    let encoded = encode_base58(bytes);
    if encoded != text {
        return Err(format!("EncodeBase58 gave {encoded:?}, expected {text:?}"));
    }
    match decode_base58(text, DECODE_LIMIT) {
        Ok(decoded) if decoded == bytes => Ok(()),
        Ok(decoded) => Err(format!(
            "DecodeBase58 gave {}, expected {}",
            hex::encode(decoded),
            hex::encode(bytes)
        )),
        Err(e) => Err(format!(
            "DecodeBase58 failed ({e}), expected {}",
            hex::encode(bytes)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::Verdict;

    #[test]
    fn malformed_entries_fail() {
        let mut report = Report::new();
        run(
            "f",
            r#"[["61", "2g"], ["61"], ["zz", "x"], ["61", "2h"], [1, 2]]"#,
            &mut report,
        );
        let verdicts: Vec<_> = report
            .results
            .iter()
            .map(|r| matches!(r.verdict, Verdict::Pass))
            .collect();
        assert_eq!(verdicts, [true, false, false, false, false]);
        assert_eq!(report.results[0].case, r#"0 "2g""#);
        let mut bad_file = Report::new();
        run("f", "{}", &mut bad_file);
        assert_eq!(bad_file.failed(), 1);
    }
}
