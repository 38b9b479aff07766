//! Core's `script_tests.json`: script pairs with flags and the expected
//! script error, run as Core's `script_json_test` and `DoTest` run them
//! (src/test/script_tests.cpp).
//!
//! A row is `[[witness..., amount]?, scriptSig, scriptPubKey, flags,
//! expected_error, comments...]`. A one-element row is a comment and not a
//! case. Each script pair is verified in the input of a spending transaction
//! whose only input spends a crediting transaction's only output (see
//! [`super::script_harness`]); then the verdict must not change when flags are
//! removed from a passing case or added to a failing one.

use super::asm::parse_script;
use super::core_json::{amount_from_json, cannot_parse, one_line, parse_hex, str_at};
use super::engine::{ask_script, CanonEngine, Engine, ScriptRequest};
use super::judge::{CaseOutcome, Expected};
use super::script_harness::{
    crediting_transaction, spending_transaction, SingleLeafTaproot, SCRIPT_TEST_INTERNAL_KEY,
};
use super::test_flags::{is_valid_flag_combination, parse_test_flags, FlagRng};
use super::{parse_json, Report};
use crate::primitives::Witness;
use crate::script::VerifyFlags;
use serde_json::Value;
use std::collections::BTreeSet;

/// A witness item written as test-notation script. Core: `SCRIPT_FLAG`.
const SCRIPT_PLACEHOLDER: &str = "#SCRIPT#";
/// A witness item standing for the control block of the item before it.
const CONTROL_BLOCK_PLACEHOLDER: &str = "#CONTROLBLOCK#";
/// The scriptPubKey standing for the taproot output built from the witness.
const TAPROOT_OUTPUT_PLACEHOLDER: &str = "0x51 0x20 #TAPROOTOUTPUT#";

/// Random flag sets drawn per case for the monotonicity check. Core's
/// `DoTest` draws 256 (invalid combinations are drawn and then skipped);
/// canon draws as many from a fixed seed and runs each distinct set once.
pub const MONOTONICITY_DRAWS: usize = 256;

/// The expected-error names `script_tests.json` may use. Core: the
/// `script_errors` table of src/test/script_tests.cpp.
const SCRIPT_ERROR_NAMES: [&str; 44] = [
    "OK",
    "EVAL_FALSE",
    "OP_RETURN",
    "SCRIPT_SIZE",
    "PUSH_SIZE",
    "OP_COUNT",
    "STACK_SIZE",
    "SIG_COUNT",
    "PUBKEY_COUNT",
    "VERIFY",
    "EQUALVERIFY",
    "CHECKMULTISIGVERIFY",
    "CHECKSIGVERIFY",
    "NUMEQUALVERIFY",
    "BAD_OPCODE",
    "DISABLED_OPCODE",
    "INVALID_STACK_OPERATION",
    "INVALID_ALTSTACK_OPERATION",
    "UNBALANCED_CONDITIONAL",
    "NEGATIVE_LOCKTIME",
    "UNSATISFIED_LOCKTIME",
    "SIG_HASHTYPE",
    "SIG_DER",
    "MINIMALDATA",
    "SIG_PUSHONLY",
    "SIG_HIGH_S",
    "SIG_NULLDUMMY",
    "PUBKEYTYPE",
    "CLEANSTACK",
    "MINIMALIF",
    "NULLFAIL",
    "DISCOURAGE_UPGRADABLE_NOPS",
    "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
    "WITNESS_PROGRAM_WRONG_LENGTH",
    "WITNESS_PROGRAM_WITNESS_EMPTY",
    "WITNESS_PROGRAM_MISMATCH",
    "WITNESS_MALLEATED",
    "WITNESS_MALLEATED_P2SH",
    "WITNESS_UNEXPECTED",
    "WITNESS_PUBKEYTYPE",
    "TAPSCRIPT_EMPTY_PUBKEY",
    "OP_CODESEPARATOR",
    "SIG_FINDANDDELETE",
    "SCRIPTNUM",
];

/// One vector of `script_tests.json`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptCase {
    /// The witness stack, placeholders resolved.
    pub witness: Witness,
    /// The value of the credited output, in satoshis.
    pub amount: i64,
    /// The unlocking script.
    pub script_sig: Vec<u8>,
    /// The locking script.
    pub script_pubkey: Vec<u8>,
    /// The flags as written (before `DoTest`'s CLEANSTACK implication).
    pub flags: VerifyFlags,
    /// `"OK"` or the expected error token.
    pub expected: String,
}

/// What a row of the file is.
enum Row {
    /// A one-element row: prose, not a case.
    Comment,
    /// A case.
    Case(ScriptCase),
}

/// Runs every case of `script_tests.json` with canon's own engine.
pub fn run(file: &str, text: &str, report: &mut Report) {
    run_with(file, text, &mut CanonEngine::new(), report);
}

/// Runs every case of `script_tests.json`, asking `engine`: one report case
/// per vector, the comment rows counted apart.
pub fn run_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let Some(rows) = json.as_array() else {
        return report.check(file, "file", Err(cannot_parse("top level is not an array")));
    };
    let mut comments = 0;
    for (index, row) in rows.iter().enumerate() {
        let id = case_id(index, row);
        match parse_row(row) {
            Ok(Row::Comment) => comments += 1,
            Ok(Row::Case(case)) => {
                let mut outcome = judge_case(&case, index, engine, &format!("{file}#{index}"));
                if !outcome.problems.is_empty() {
                    outcome.problems.push(format!("vector {}", one_line(row)));
                }
                let rules = [case.expected.clone()];
                report.record_outcome(file, id, "script", &rules, outcome);
            }
            Err(why) => report.check(
                file,
                id,
                Err(cannot_parse(format!("{why}; vector {}", one_line(row)))),
            ),
        }
    }
    report.record_comments(file, comments);
}

/// Every case of a `script_tests.json` text with its row index, for other
/// harnesses (the differential tests run them through other engines).
///
/// # Errors
/// The first row that cannot be parsed, or a top level that is not an array.
pub fn parse_cases(text: &str) -> Result<Vec<(usize, ScriptCase)>, String> {
    let json: Value = serde_json::from_str(text).map_err(|e| cannot_parse(e.to_string()))?;
    let rows = json
        .as_array()
        .ok_or_else(|| cannot_parse("top level is not an array"))?;
    let mut cases = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match parse_row(row).map_err(|why| cannot_parse(format!("row {index}: {why}")))? {
            Row::Comment => {}
            Row::Case(case) => cases.push((index, case)),
        }
    }
    Ok(cases)
}

/// The case's index, and its comment when it has one.
fn case_id(index: usize, row: &Value) -> String {
    let items = row.as_array().map(Vec::as_slice).unwrap_or_default();
    let pos = usize::from(items.first().is_some_and(Value::is_array));
    match items.get(pos + 4).and_then(Value::as_str) {
        Some(comment) => format!("{index}: {comment}"),
        None => index.to_string(),
    }
}

/// Reads one row as `script_json_test` does.
fn parse_row(row: &Value) -> Result<Row, String> {
    let items = row.as_array().ok_or("row is not an array")?;
    let mut case = ScriptCase {
        witness: Witness::default(),
        amount: 0,
        script_sig: Vec::new(),
        script_pubkey: Vec::new(),
        flags: VerifyFlags::NONE,
        expected: String::new(),
    };
    let mut taproot = None;
    let mut pos = 0;
    if let Some(Value::Array(witness)) = items.first() {
        (case.witness, case.amount, taproot) = parse_witness(witness)?;
        pos = 1;
    }
    if items.len() < pos + 4 {
        return match items.len() {
            1 => Ok(Row::Comment),
            n => Err(format!("row has {n} elements, a case needs {}", pos + 4)),
        };
    }
    let script_sig = str_at(items, pos, "scriptSig")?;
    case.script_sig = parse_script(&script_sig).map_err(|e| format!("scriptSig: {e}"))?;
    let script_pubkey = str_at(items, pos + 1, "scriptPubKey")?;
    case.script_pubkey = if script_pubkey == TAPROOT_OUTPUT_PLACEHOLDER {
        let taproot = taproot.ok_or("#TAPROOTOUTPUT# without a #CONTROLBLOCK# witness item")?;
        taproot.script_pubkey()
    } else {
        parse_script(&script_pubkey).map_err(|e| format!("scriptPubKey: {e}"))?
    };
    case.flags = parse_test_flags(&str_at(items, pos + 2, "flags")?)?;
    case.expected = str_at(items, pos + 3, "expected error")?;
    if !SCRIPT_ERROR_NAMES.contains(&case.expected.as_str()) {
        return Err(format!("unknown script error {:?}", case.expected));
    }
    Ok(Row::Case(case))
}

/// Reads the witness array: items in hex, `#SCRIPT#` test notation, or
/// `#CONTROLBLOCK#`, then the amount in BTC.
fn parse_witness(items: &[Value]) -> Result<(Witness, i64, Option<SingleLeafTaproot>), String> {
    let (amount, elements) = items.split_last().ok_or("witness array is empty")?;
    let mut stack: Vec<Vec<u8>> = Vec::with_capacity(elements.len());
    let mut taproot = None;
    for element in elements {
        let text = element.as_str().ok_or("witness item is not a string")?;
        if let Some(asm) = text.strip_prefix(SCRIPT_PLACEHOLDER) {
            stack.push(parse_script(asm).map_err(|e| format!("witness script: {e}"))?);
        } else if text == CONTROL_BLOCK_PLACEHOLDER {
            if taproot.is_some() {
                return Err("more than one #CONTROLBLOCK# in a witness".into());
            }
            let script = stack
                .last()
                .ok_or("#CONTROLBLOCK# with no script before it")?;
            let tree = SingleLeafTaproot::new(script, &SCRIPT_TEST_INTERNAL_KEY)?;
            stack.push(tree.control_block.clone());
            taproot = Some(tree);
        } else {
            stack.push(parse_hex(text).ok_or_else(|| format!("witness item {text:?} is not hex"))?);
        }
    }
    let amount = amount_from_json(amount)?;
    Ok((Witness { stack }, amount, taproot))
}

/// Runs one case with canon's own engine, every difference an error (see
/// [`judge_case`]).
///
/// # Errors
/// What went differently, with the flags it happened under.
pub fn run_case(case: &ScriptCase, index: usize) -> Result<(), String> {
    judge_case(case, index, &mut CanonEngine::new(), &index.to_string()).strict()
}

/// Runs one case as `DoTest` does: CLEANSTACK implies P2SH and WITNESS; the
/// verdict and error must be as expected; then removing flags from a passing
/// case, or adding flags to a failing one, must not change the verdict.
/// `index` seeds the random flag sets; `id` names the requests.
pub fn judge_case(
    case: &ScriptCase,
    index: usize,
    engine: &mut dyn Engine,
    id: &str,
) -> CaseOutcome {
    let mut flags = case.flags;
    if flags.contains(VerifyFlags::CLEANSTACK) {
        flags = flags.union(VerifyFlags::P2SH).union(VerifyFlags::WITNESS);
    }
    let credit = crediting_transaction(&case.script_pubkey, case.amount);
    let spend = spending_transaction(&case.script_sig, case.witness.clone(), &credit);
    let expect_ok = case.expected == "OK";
    let mut ask = |flags: VerifyFlags| {
        let request = ScriptRequest::new(&spend, &credit.outputs, 0, flags);
        ask_script(engine, &format!("{id}/{:x}", flags.0), &request, expect_ok)
    };

    let mut outcome = CaseOutcome::default();
    let expected = match expect_ok {
        true => Expected::Ok,
        false => Expected::Reject(Some(case.expected.clone())),
    };
    outcome.main(&expected, &ask(flags), |got| {
        format!(
            "{got} where {} expected (flags {})",
            case.expected,
            flags.names()
        )
    });
    if outcome.unsupported.is_some() {
        return outcome;
    }
    let variants = monotonicity_variants(flags, expect_ok, index);
    let mut changed = Vec::new();
    for variant in &variants {
        let answer = ask(*variant);
        if !outcome.derived(expect_ok, &answer) {
            changed.push((*variant, answer));
        }
    }
    if let Some((first, answer)) = changed.first() {
        let direction = if expect_ok { "removing" } else { "adding" };
        outcome.problems.push(format!(
            "verdict changed after {direction} flags in {} of {} variants, first with flags [{}]: {}",
            changed.len(),
            variants.len(),
            first.names(),
            answer.token(),
        ));
    }
    outcome
}

/// The distinct valid flag sets of the monotonicity check: `flags` minus a
/// random set for a passing case, plus one for a failing case.
fn monotonicity_variants(
    flags: VerifyFlags,
    expect_ok: bool,
    index: usize,
) -> BTreeSet<VerifyFlags> {
    let mut rng = FlagRng::for_case(index);
    (0..MONOTONICITY_DRAWS)
        .map(|_| rng.next_flags())
        .map(|extra| {
            if expect_ok {
                flags.without(extra)
            } else {
                flags.union(extra)
            }
        })
        .filter(|combined| is_valid_flag_combination(*combined))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> Result<Row, String> {
        parse_row(&serde_json::from_str(text).unwrap())
    }

    fn case(text: &str) -> ScriptCase {
        match row(text) {
            Ok(Row::Case(case)) => case,
            Ok(Row::Comment) => panic!("comment"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn comments_and_bad_rows() {
        assert!(matches!(row(r#"["just prose"]"#), Ok(Row::Comment)));
        assert!(row(r#"["1", "2", "P2SH"]"#).is_err());
        assert!(row(r#"[]"#).is_err());
        assert!(row(r#"["1", "2", "P2SH", "NOT_AN_ERROR"]"#).is_err());
        assert!(row(r#"["1", "2", "P2SH,BOGUS", "OK"]"#).is_err());
        assert!(row(r#"["1", "NOPE", "P2SH", "OK"]"#).is_err());
    }

    #[test]
    fn plain_case() {
        let c = case(r#"["1 2", "2 EQUALVERIFY 1 EQUAL", "P2SH,STRICTENC", "OK", "comment"]"#);
        assert_eq!(c.script_sig, vec![0x51, 0x52]);
        assert_eq!(c.script_pubkey, vec![0x52, 0x88, 0x51, 0x87]);
        assert_eq!(c.flags, VerifyFlags::P2SH.union(VerifyFlags::STRICTENC));
        assert_eq!(c.expected, "OK");
        assert_eq!(c.amount, 0);
        let id = case_id(
            3,
            &serde_json::from_str(r#"["1", "2", "", "OK", "hi"]"#).unwrap(),
        );
        assert_eq!(id, "3: hi");
    }

    #[test]
    fn witness_case_with_amount() {
        let c = case(r#"[["00", "51", 0.00000001], "", "0 0x20 0x00", "P2SH,WITNESS", "OK"]"#);
        assert_eq!(c.witness.stack, vec![vec![0x00], vec![0x51]]);
        assert_eq!(c.amount, 1);
        assert!(row(r#"[["zz", 0.1], "", "", "", "OK"]"#).is_err());
        assert!(row(r#"[[], "", "", "", "OK"]"#).is_err());
    }

    #[test]
    fn taproot_placeholders() {
        let c = case(
            r##"[["abcdef", "#SCRIPT# SIZE 3 EQUAL", "#CONTROLBLOCK#", 0.00000001],
                "", "0x51 0x20 #TAPROOTOUTPUT#", "P2SH,WITNESS,TAPROOT", "OK"]"##,
        );
        assert_eq!(c.witness.stack[1], vec![0x82, 0x53, 0x87]);
        let tree = SingleLeafTaproot::new(&c.witness.stack[1], &SCRIPT_TEST_INTERNAL_KEY).unwrap();
        assert_eq!(c.witness.stack[2], tree.control_block);
        assert_eq!(c.script_pubkey, tree.script_pubkey());
        assert!(row(r#"["", "0x51 0x20 #TAPROOTOUTPUT#", "", "OK"]"#).is_err());
        assert!(row(r##"[["#CONTROLBLOCK#", 0], "", "", "", "OK"]"##).is_err());
    }

    #[test]
    fn variants_only_move_one_way() {
        let flags = VerifyFlags::P2SH.union(VerifyFlags::STRICTENC);
        for v in monotonicity_variants(flags, true, 5) {
            assert_eq!(v.without(flags), VerifyFlags::NONE);
        }
        for v in monotonicity_variants(flags, false, 5) {
            assert!(v.contains(flags) && is_valid_flag_combination(v));
        }
        assert!(monotonicity_variants(flags, false, 5).len() > 100);
    }
}
