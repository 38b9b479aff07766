//! Core's `tx_valid.json` and `tx_invalid.json`: whole transactions whose
//! input scripts must pass, or fail, under given flags. Run as Core's
//! `tx_valid` and `tx_invalid` tests run them (src/test/transaction_tests.cpp).
//!
//! A row is `[[[prevout txid, prevout index, prevout scriptPubKey, amount?],
//! ...], serialized transaction, flags]`; a row whose first element is not an
//! array is a comment. The txid is in display order, an index of -1 means
//! 0xffffffff, and a missing amount is 0. In `tx_valid.json` the flags are
//! the ones *excluded* from verification; in `tx_invalid.json` they are the
//! ones verification uses, or `BADTX` for a transaction that already fails
//! the context-free checks.

use super::asm::parse_script;
use super::core_json::{cannot_parse, int_at, one_line, parse_hex, str_at};
use super::test_flags::{
    complement, exclude_individual_flags, fill_flags, parse_test_flags, trim_flags, FlagRng,
};
use super::{parse_json, Report};
use crate::encoding::{Decode, Reader};
use crate::primitives::{OutPoint, Transaction, TxOut, Txid};
use crate::script::flags::ALL_FLAGS;
use crate::script::{verify_script, ScriptError, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;
use crate::validation::check_transaction;
use serde_json::Value;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Which of the two files a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// `tx_valid.json`: the flags are the excluded ones; the scripts pass.
    Valid,
    /// `tx_invalid.json`: the flags are the verified ones; the scripts fail.
    Invalid,
}

/// One row of either file, read.
#[derive(Debug, Clone)]
pub struct TxCase {
    /// The spending transaction.
    pub tx: Transaction,
    /// The scriptPubKey of each output it may spend.
    pub prevout_scripts: BTreeMap<OutPoint, Vec<u8>>,
    /// The amounts given for those outputs (absent ones count as 0).
    pub prevout_values: BTreeMap<OutPoint, i64>,
    /// The flags field as written.
    pub flags: String,
}

/// Runs every case of `tx_valid.json` (`Expect::Valid`) or `tx_invalid.json`.
pub fn run(file: &str, text: &str, expect: Expect, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let Some(rows) = json.as_array() else {
        return report.check(file, "file", Err(cannot_parse("top level is not an array")));
    };
    let mut comments = 0;
    let mut heading = String::new();
    let mut in_comment_block = false;
    for (index, row) in rows.iter().enumerate() {
        let items = row.as_array().map(Vec::as_slice).unwrap_or_default();
        if !items.first().is_some_and(Value::is_array) {
            comments += 1;
            if !in_comment_block {
                heading = items
                    .first()
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
            }
            in_comment_block = true;
            continue;
        }
        in_comment_block = false;
        let id = case_id(index, &heading);
        let outcome = match parse_case(items) {
            Ok(case) => run_case(&case, expect, index),
            Err(why) => Err(cannot_parse(why)),
        };
        report.check(
            file,
            id,
            outcome.map_err(|why| format!("{why}; vector {}", one_line(row))),
        );
    }
    report.record_comments(file, comments);
}

/// The case's index and the first line of the comment block above it.
fn case_id(index: usize, heading: &str) -> String {
    const MAX_CHARS: usize = 100;
    match heading.char_indices().nth(MAX_CHARS) {
        _ if heading.is_empty() => index.to_string(),
        Some((cut, _)) => format!("{index}: {}...", &heading[..cut]),
        None => format!("{index}: {heading}"),
    }
}

/// Reads one row as Core's tests do.
fn parse_case(items: &[Value]) -> Result<TxCase, String> {
    if items.len() != 3 {
        return Err(format!("row has {} elements, a case needs 3", items.len()));
    }
    let inputs = items[0].as_array().ok_or("inputs are not an array")?;
    let mut prevout_scripts = BTreeMap::new();
    let mut prevout_values = BTreeMap::new();
    for input in inputs {
        let fields = input.as_array().ok_or("an input is not an array")?;
        if !(3..=4).contains(&fields.len()) {
            return Err(format!(
                "an input has {} fields, needs 3 or 4",
                fields.len()
            ));
        }
        let txid =
            Txid::from_str(&str_at(fields, 0, "prevout txid")?).map_err(|e| e.to_string())?;
        let vout = int_at::<i32>(fields, 1, "prevout index")? as u32;
        let outpoint = OutPoint { txid, vout };
        let script = parse_script(&str_at(fields, 2, "prevout scriptPubKey")?)
            .map_err(|e| format!("prevout scriptPubKey: {e}"))?;
        prevout_scripts.insert(outpoint, script);
        if fields.len() == 4 {
            prevout_values.insert(outpoint, int_at::<i64>(fields, 3, "prevout amount")?);
        }
    }
    let tx_hex = str_at(items, 1, "transaction")?;
    let bytes = parse_hex(&tx_hex).ok_or("transaction is not hex")?;
    // Core deserializes from a stream and leaves any bytes after the
    // transaction unread; so does this.
    let tx =
        Transaction::decode(&mut Reader::new(&bytes)).map_err(|e| format!("transaction: {e}"))?;
    let flags = str_at(items, 2, "flags")?;
    Ok(TxCase {
        tx,
        prevout_scripts,
        prevout_values,
        flags,
    })
}

/// Runs one case.
///
/// # Errors
/// Every way the case went differently from Core's expectations.
pub fn run_case(case: &TxCase, expect: Expect, index: usize) -> Result<(), String> {
    let checked = check_transaction(&case.tx).map_err(|e| e.token());
    if expect == Expect::Invalid {
        if let Err(reason) = checked {
            return match case.flags.as_str() {
                "BADTX" => Ok(()),
                _ => Err(format!(
                    "CheckTransaction fails ({reason}) but flags are not BADTX"
                )),
            };
        }
        if case.flags == "BADTX" {
            return Err("flags are BADTX but CheckTransaction passes".into());
        }
    }
    let flags = parse_test_flags(&case.flags).map_err(cannot_parse)?;
    let scripts = InputScripts::new(case)?;
    let mut problems = Vec::new();
    if let Err(reason) = checked {
        problems.push(format!("CheckTransaction fails: {reason}"));
    }
    let mut rng = FlagRng::for_case(index);
    match expect {
        Expect::Valid => check_valid(&scripts, flags, &mut rng, &mut problems),
        Expect::Invalid => check_invalid(&scripts, flags, &mut rng, &mut problems),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let shown: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
        let more = problems.len().saturating_sub(3);
        let tail = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        Err(format!("{}{tail}", shown.join("; ")))
    }
}

/// `tx_valid`: the scripts pass with every flag but the excluded ones; still
/// pass with any flag(s) excluded as well; and fail if any one excluded flag
/// is put back (the exclusions are all needed).
fn check_valid(
    scripts: &InputScripts,
    excluded: VerifyFlags,
    rng: &mut FlagRng,
    problems: &mut Vec<String>,
) {
    let verified = complement(excluded);
    if verified != fill_flags(verified) {
        problems.push(format!(
            "bad test flags: verifying [{}] is not a valid combination",
            verified.names()
        ));
    }
    if let Err(e) = scripts.verify(verified) {
        problems.push(format!("unexpectedly failed: {e}"));
    }
    for (name, flag) in ALL_FLAGS {
        let flags = trim_flags(complement(excluded.union(flag)));
        if let Err(e) = scripts.verify(flags) {
            problems.push(format!("unexpectedly failed with flag {name} unset: {e}"));
        }
        let flags = trim_flags(complement(excluded.union(rng.next_flags())));
        if let Err(e) = scripts.verify(flags) {
            problems.push(format!(
                "unexpectedly failed with random flags [{}]: {e}",
                flags.names()
            ));
        }
    }
    for fewer_exclusions in exclude_individual_flags(excluded) {
        let flags = complement(fewer_exclusions);
        if scripts.verify(flags).is_ok() {
            problems.push(format!(
                "too many flags unset: passes with [{}]",
                flags.names()
            ));
        }
    }
}

/// `tx_invalid`: the scripts fail with the given flags; still fail with any
/// flag(s) added; and pass if any one given flag is removed (the flags are
/// all needed).
fn check_invalid(
    scripts: &InputScripts,
    verified: VerifyFlags,
    rng: &mut FlagRng,
    problems: &mut Vec<String>,
) {
    if verified != fill_flags(verified) {
        problems.push(format!(
            "bad test flags: [{}] is not a valid combination",
            verified.names()
        ));
    }
    if scripts.verify(verified).is_ok() {
        problems.push("unexpectedly passed".into());
    }
    for (name, flag) in ALL_FLAGS {
        if scripts.verify(fill_flags(verified.union(flag))).is_ok() {
            problems.push(format!("unexpectedly passed with flag {name} set"));
        }
        let flags = fill_flags(verified.union(rng.next_flags()));
        if scripts.verify(flags).is_ok() {
            problems.push(format!(
                "unexpectedly passed with random flags [{}]",
                flags.names()
            ));
        }
    }
    for fewer in exclude_individual_flags(verified) {
        if let Err(e) = scripts.verify(fewer) {
            problems.push(format!(
                "too many flags set: fails with [{}]: {e}",
                fewer.names()
            ));
        }
    }
}

/// A transaction with the outputs its inputs spend. Core: `CheckTxScripts`.
struct InputScripts<'a> {
    case: &'a TxCase,
    /// For each input, the scriptPubKey and amount of the output it spends.
    spent: Vec<TxOut>,
    txdata: PrecomputedTransactionData,
}

impl<'a> InputScripts<'a> {
    /// Looks up every input's prevout.
    ///
    /// # Errors
    /// An input whose prevout the row does not list (Core: "Bad test").
    fn new(case: &'a TxCase) -> Result<Self, String> {
        let spent = case
            .tx
            .inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let script = case.prevout_scripts.get(&input.prevout).ok_or_else(|| {
                    cannot_parse(format!(
                        "bad test: input {i} spends an outpoint the row does not list"
                    ))
                })?;
                let value = case
                    .prevout_values
                    .get(&input.prevout)
                    .copied()
                    .unwrap_or(0);
                Ok(TxOut {
                    value,
                    script_pubkey: script.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let txdata = PrecomputedTransactionData::new(&case.tx, Some(spent.clone()));
        Ok(InputScripts {
            case,
            spent,
            txdata,
        })
    }

    /// Verifies the inputs in order under `flags`, stopping at the first
    /// failure. Core: `CheckTxScripts`.
    fn verify(&self, flags: VerifyFlags) -> Result<(), InputError> {
        for (index, (input, spent)) in self.case.tx.inputs.iter().zip(&self.spent).enumerate() {
            let checker =
                TransactionSignatureChecker::new(&self.case.tx, index, spent.value, &self.txdata);
            verify_script(
                &input.script_sig,
                &spent.script_pubkey,
                &input.witness,
                flags,
                &checker,
            )
            .map_err(|error| InputError {
                index,
                error,
                flags,
            })?;
        }
        Ok(())
    }
}

/// Which input failed, how, and under which flags.
struct InputError {
    index: usize,
    error: ScriptError,
    flags: VerifyFlags,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "input {} {} with flags [{}]",
            self.index,
            self.error.token(),
            self.flags.names()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TxCase, String> {
        let row: Value = serde_json::from_str(text).unwrap();
        parse_case(row.as_array().unwrap())
    }

    const TX: &str = "010000000100010000000000000000000000000000000000000000000000000000000000000000000000ffffffff0100000000000000000000000000";

    #[test]
    fn prevouts_are_display_order_with_minus_one_and_amounts() {
        let txid = "0000000000000000000000000000000000000000000000000000000000000100";
        let case = parse(&format!(
            r#"[[["{txid}", -1, "1", 5], ["{txid}", 0, "DUP"]], "{TX}", "NONE"]"#
        ))
        .unwrap();
        let first = OutPoint {
            txid: Txid::from_str(txid).unwrap(),
            vout: u32::MAX,
        };
        assert_eq!(first.txid.0[1], 0x01);
        assert_eq!(case.prevout_scripts[&first], vec![0x51]);
        assert_eq!(case.prevout_values[&first], 5);
        let second = OutPoint { vout: 0, ..first };
        assert_eq!(case.prevout_values.get(&second), None);
        assert_eq!(case.tx.inputs[0].prevout, second);
    }

    #[test]
    fn malformed_rows_are_errors() {
        let txid = "00".repeat(32);
        assert!(parse(&format!(r#"[[["{txid}", 0]], "{TX}", ""]"#)).is_err());
        assert!(parse(&format!(r#"[[["{txid}", 0, "1"]], "{TX}"]"#)).is_err());
        assert!(parse(&format!(r#"[[["abc", 0, "1"]], "{TX}", ""]"#)).is_err());
        assert!(parse(&format!(r#"[[["{txid}", 0, "BOGUS"]], "{TX}", ""]"#)).is_err());
        assert!(parse(&format!(r#"[[["{txid}", 0, "1", 1.5]], "{TX}", ""]"#)).is_err());
        assert!(parse(&format!(r#"[[["{txid}", 0, "1"]], "zz", ""]"#)).is_err());
    }

    #[test]
    fn badtx_semantics() {
        let txid = "0000000000000000000000000000000000000000000000000000000000000100";
        // One input spending (txid 0x00..01 reversed, index 0), so not a
        // coinbase; and CheckTransaction passes.
        let case = parse(&format!(r#"[[["{txid}", 0, "1"]], "{TX}", "BADTX"]"#)).unwrap();
        assert_eq!(check_transaction(&case.tx), Ok(()));
        assert!(run_case(&case, Expect::Invalid, 0)
            .unwrap_err()
            .contains("BADTX"));
        let mut no_outputs = case.clone();
        no_outputs.tx.outputs.clear();
        assert_eq!(run_case(&no_outputs, Expect::Invalid, 0), Ok(()));
        no_outputs.flags = "P2SH".into();
        assert!(run_case(&no_outputs, Expect::Invalid, 0).is_err());
        assert!(run_case(&no_outputs, Expect::Valid, 0)
            .unwrap_err()
            .contains("bad-txns-vout-empty"));
    }

    #[test]
    fn ids_carry_the_heading() {
        assert_eq!(case_id(4, ""), "4");
        assert_eq!(case_id(4, "Tests for CLTV"), "4: Tests for CLTV");
        assert!(case_id(4, &"x".repeat(150)).ends_with("x..."));
    }
}
