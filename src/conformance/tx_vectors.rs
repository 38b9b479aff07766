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
use super::engine::{ask_script, Answer, CanonEngine, Engine, ScriptRequest, TxRequest};
use super::judge::{CaseOutcome, Expected};
use super::test_flags::{
    complement, exclude_individual_flags, fill_flags, parse_test_flags, trim_flags, FlagRng,
};
use super::{parse_json, Report};
use crate::encoding::{Decode, Encode, Reader};
use crate::primitives::{OutPoint, Transaction, TxOut, Txid};
use crate::script::flags::ALL_FLAGS;
use crate::script::VerifyFlags;
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

/// Runs every case of `tx_valid.json` (`Expect::Valid`) or `tx_invalid.json`
/// with canon's own engine.
pub fn run(file: &str, text: &str, expect: Expect, report: &mut Report) {
    run_with(file, text, expect, &mut CanonEngine::new(), report);
}

/// Runs every case of `tx_valid.json` (`Expect::Valid`) or `tx_invalid.json`,
/// asking `engine`.
pub fn run_with(
    file: &str,
    text: &str,
    expect: Expect,
    engine: &mut dyn Engine,
    report: &mut Report,
) {
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
        let (kind, mut outcome) = match parse_case(items) {
            Ok(case) => (
                case_kind(&case),
                judge_case(&case, expect, index, engine, &format!("{file}#{index}")),
            ),
            Err(why) => ("script", CaseOutcome::problem(cannot_parse(why))),
        };
        if !outcome.problems.is_empty() {
            outcome.problems.push(format!("vector {}", one_line(row)));
        }
        let rules = [match expect {
            Expect::Valid => "tx_valid".to_string(),
            Expect::Invalid => "tx_invalid".to_string(),
        }];
        report.record_outcome(file, id, kind, &rules, outcome);
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

/// The kind of a case's main question: `tx` for a `BADTX` row (the
/// transaction fails `CheckTransaction`), `script` for the others.
fn case_kind(case: &TxCase) -> &'static str {
    match case.flags.as_str() {
        "BADTX" => "tx",
        _ => "script",
    }
}

/// Runs one case with canon's own engine, every difference an error.
///
/// # Errors
/// Every way the case went differently from Core's expectations.
pub fn run_case(case: &TxCase, expect: Expect, index: usize) -> Result<(), String> {
    judge_case(
        case,
        expect,
        index,
        &mut CanonEngine::new(),
        &index.to_string(),
    )
    .strict()
}

/// Runs one case as Core's `tx_valid`/`tx_invalid` tests do, asking
/// `engine`; `id` names the requests.
pub fn judge_case(
    case: &TxCase,
    expect: Expect,
    index: usize,
    engine: &mut dyn Engine,
    id: &str,
) -> CaseOutcome {
    let mut outcome = CaseOutcome::default();
    let checked = engine.check_transaction(
        &format!("{id}/tx"),
        &TxRequest {
            tx: case.tx.to_bytes(),
        },
    );
    if case.flags == "BADTX" {
        match expect {
            Expect::Invalid => outcome.main(&Expected::Reject(None), &checked, |_| {
                "flags are BADTX but CheckTransaction passes".into()
            }),
            Expect::Valid => outcome
                .problems
                .push(cannot_parse("BADTX in tx_valid.json")),
        }
        return outcome;
    }
    match &checked {
        Answer::Ok(_) => {}
        Answer::Reject(_) if expect == Expect::Invalid => outcome.problems.push(format!(
            "CheckTransaction fails ({}) but flags are not BADTX",
            checked.token()
        )),
        Answer::Reject(_) => outcome
            .problems
            .push(format!("CheckTransaction fails: {}", checked.token())),
        Answer::Unsupported(_) => outcome.unanswered += 1,
        Answer::Broken(why) => outcome.problems.push(why.clone()),
    }
    let flags = match parse_test_flags(&case.flags) {
        Ok(flags) => flags,
        Err(why) => return CaseOutcome::problem(cannot_parse(why)),
    };
    let scripts = match InputScripts::new(case, id) {
        Ok(scripts) => scripts,
        Err(why) => return CaseOutcome::problem(why),
    };
    let mut asker = Asker {
        scripts: &scripts,
        engine,
        outcome: &mut outcome,
    };
    let mut rng = FlagRng::for_case(index);
    match expect {
        Expect::Valid => check_valid(&mut asker, flags, &mut rng),
        Expect::Invalid => check_invalid(&mut asker, flags, &mut rng),
    }
    if outcome.problems.len() > 3 {
        let more = outcome.problems.len() - 3;
        outcome.problems.truncate(3);
        outcome.problems.push(format!("and {more} more"));
    }
    outcome
}

/// `tx_valid`: the scripts pass with every flag but the excluded ones; still
/// pass with any flag(s) excluded as well; and fail if any one excluded flag
/// is put back (the exclusions are all needed).
fn check_valid(asker: &mut Asker<'_, '_>, excluded: VerifyFlags, rng: &mut FlagRng) {
    let verified = complement(excluded);
    if verified != fill_flags(verified) {
        asker.outcome.problems.push(format!(
            "bad test flags: verifying [{}] is not a valid combination",
            verified.names()
        ));
    }
    let main = asker.scripts.verify(asker.engine, verified, true);
    if let Some(why) = asker.unsupported(&main) {
        asker.outcome.unsupported = Some(why);
        return;
    }
    asker.expect_pass(main, |e| format!("unexpectedly failed: {e}"));
    for (name, flag) in ALL_FLAGS {
        let flags = trim_flags(complement(excluded.union(flag)));
        let answer = asker.scripts.verify(asker.engine, flags, true);
        asker.expect_pass(answer, |e| {
            format!("unexpectedly failed with flag {name} unset: {e}")
        });
        let flags = trim_flags(complement(excluded.union(rng.next_flags())));
        let answer = asker.scripts.verify(asker.engine, flags, true);
        asker.expect_pass(answer, |e| {
            format!(
                "unexpectedly failed with random flags [{}]: {e}",
                flags.names()
            )
        });
    }
    for fewer_exclusions in exclude_individual_flags(excluded) {
        let flags = complement(fewer_exclusions);
        let answer = asker.scripts.verify(asker.engine, flags, false);
        asker.expect_fail(answer, || {
            format!("too many flags unset: passes with [{}]", flags.names())
        });
    }
}

/// `tx_invalid`: the scripts fail with the given flags; still fail with any
/// flag(s) added; and pass if any one given flag is removed (the flags are
/// all needed).
fn check_invalid(asker: &mut Asker<'_, '_>, verified: VerifyFlags, rng: &mut FlagRng) {
    if verified != fill_flags(verified) {
        asker.outcome.problems.push(format!(
            "bad test flags: [{}] is not a valid combination",
            verified.names()
        ));
    }
    let main = asker.scripts.verify(asker.engine, verified, false);
    if let Some(why) = asker.unsupported(&main) {
        asker.outcome.unsupported = Some(why);
        return;
    }
    asker.expect_fail(main, || "unexpectedly passed".into());
    for (name, flag) in ALL_FLAGS {
        let answer = asker
            .scripts
            .verify(asker.engine, fill_flags(verified.union(flag)), false);
        asker.expect_fail(answer, || {
            format!("unexpectedly passed with flag {name} set")
        });
        let flags = fill_flags(verified.union(rng.next_flags()));
        let answer = asker.scripts.verify(asker.engine, flags, false);
        asker.expect_fail(answer, || {
            format!("unexpectedly passed with random flags [{}]", flags.names())
        });
    }
    for fewer in exclude_individual_flags(verified) {
        let answer = asker.scripts.verify(asker.engine, fewer, true);
        asker.expect_pass(answer, |e| {
            format!("too many flags set: fails with [{}]: {e}", fewer.names())
        });
    }
}

/// The engine, the case's scripts, and the outcome the answers go into.
struct Asker<'a, 'e> {
    scripts: &'a InputScripts,
    engine: &'e mut dyn Engine,
    outcome: &'a mut CaseOutcome,
}

impl Asker<'_, '_> {
    /// Why the main question was not answered, if it was not.
    fn unsupported(&self, verified: &Verified) -> Option<String> {
        match verified {
            Verified::Unanswered(Answer::Unsupported(why)) => Some(why.clone()),
            _ => None,
        }
    }

    fn expect_pass(&mut self, verified: Verified, problem: impl FnOnce(&InputError) -> String) {
        match verified {
            Verified::Pass => {}
            Verified::Fail(e) => self.outcome.problems.push(problem(&e)),
            Verified::Unanswered(answer) => {
                self.outcome.derived(true, &answer);
            }
        }
    }

    fn expect_fail(&mut self, verified: Verified, problem: impl FnOnce() -> String) {
        match verified {
            Verified::Fail(_) => {}
            Verified::Pass => self.outcome.problems.push(problem()),
            Verified::Unanswered(answer) => {
                self.outcome.derived(false, &answer);
            }
        }
    }
}

/// Every input verified, the first one that failed, or an answer that is no
/// verdict (unsupported or broken).
enum Verified {
    Pass,
    Fail(InputError),
    Unanswered(Answer),
}

/// A transaction with the outputs its inputs spend. Core: `CheckTxScripts`.
struct InputScripts {
    tx: Transaction,
    /// For each input, the scriptPubKey and amount of the output it spends.
    spent: Vec<TxOut>,
    /// The case's request id.
    id: String,
}

impl InputScripts {
    /// Looks up every input's prevout.
    ///
    /// # Errors
    /// An input whose prevout the row does not list (Core: "Bad test").
    fn new(case: &TxCase, id: &str) -> Result<Self, String> {
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
        Ok(InputScripts {
            tx: case.tx.clone(),
            spent,
            id: id.to_string(),
        })
    }

    /// Verifies the inputs in order under `flags`, stopping at the first
    /// failure. Core: `CheckTxScripts`.
    fn verify(&self, engine: &mut dyn Engine, flags: VerifyFlags, expect_pass: bool) -> Verified {
        for index in 0..self.tx.inputs.len() {
            let request = ScriptRequest::new(&self.tx, &self.spent, index, flags);
            let id = format!("{}/{:x}/{index}", self.id, flags.0);
            match ask_script(engine, &id, &request, expect_pass) {
                Answer::Ok(_) => {}
                Answer::Reject(reason) => {
                    let error = reason.map_or_else(|| "reject".to_string(), |r| r.token);
                    return Verified::Fail(InputError {
                        index,
                        error,
                        flags,
                    });
                }
                other => return Verified::Unanswered(other),
            }
        }
        Verified::Pass
    }
}

/// Which input failed, how, and under which flags.
struct InputError {
    index: usize,
    error: String,
    flags: VerifyFlags,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "input {} {} with flags [{}]",
            self.index,
            self.error,
            self.flags.names()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::check_transaction;

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
