//! Core's `script_assets_test.json` format, and canon's own `"kind":
//! "script"` files built on it.
//!
//! A case is a JSON object `{tx, prevouts, index, flags, success?,
//! failure?, final?, comment?}`: a transaction serialized without witness,
//! the serialized output each input spends, the input under test, a flag
//! set, and one or two ways to fill that input (`{scriptSig, witness}`).
//! Run as Core's `script_assets_test` runs it (src/test/script_assets_tests.cpp),
//! with the spent outputs known (as taproot needs):
//!
//! - `success` must pass under every consistent combination of Core's
//!   seven consensus flags that is a subset of `flags`, or under all 64 of
//!   them when `final` is true;
//! - `failure` must fail under every such combination that is a superset
//!   of `flags`.
//!
//! canon extends this to flags beyond the seven (Core's harness would
//! silently check nothing for them, since no consensus combination is a
//! superset of a policy flag): the policy flags named in `flags` join the
//! combinations, so a failure under `DISCOURAGE_OP_SUCCESS` is checked under
//! that flag with every consensus combination containing the rest, and a
//! non-final success under every subset of `flags`, policy flags included.
//! For flags of the seven only, the sets are exactly Core's. A `failure`
//! may also name the `error` token canon must report under exactly `flags`.
//!
//! The format of the files is described in `spec/vectors.md`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::core_json::{cannot_parse, one_line, parse_hex};
use super::engine::{ask_script, Answer, CanonEngine, Engine, ScriptRequest};
use super::judge::{CaseOutcome, Expected};
use super::test_flags::{is_valid_flag_combination, parse_test_flags};
use super::{parse_json, Report};
use crate::encoding::{Decode, DecodeError, Reader};
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Witness};
use crate::script::{verify_script, ScriptError, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;

/// Core's seven consensus flags, in the bit order of `AllConsensusFlags`.
pub const CONSENSUS_FLAGS: [VerifyFlags; 7] = [
    VerifyFlags::P2SH,
    VerifyFlags::DERSIG,
    VerifyFlags::NULLDUMMY,
    VerifyFlags::CHECKLOCKTIMEVERIFY,
    VerifyFlags::CHECKSEQUENCEVERIFY,
    VerifyFlags::WITNESS,
    VerifyFlags::TAPROOT,
];

/// A file of canon's script vectors (`"kind": "script"`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptFile {
    /// Always `"script"`.
    pub kind: String,
    /// What wrote the file (`canon <version> generate <family>`).
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// The cases: Core `script_assets_test.json` objects with provenance.
    pub cases: Vec<ScriptCase>,
}

/// One case of a canon script file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptCase {
    /// A stable, unique name.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The IDs of the rules (in `spec/`) the case exercises.
    pub rules: Vec<String>,
    /// The flag set, Core's names joined by commas.
    pub flags: String,
    /// Whether `success` holds under every consensus flag combination.
    #[serde(rename = "final", default, skip_serializing_if = "is_false")]
    pub is_final: bool,
    /// The input under test.
    pub index: usize,
    /// The transaction, serialized without witness, hex.
    pub tx: String,
    /// The serialized output each input spends, hex.
    pub prevouts: Vec<String>,
    /// A filling of the input that must pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<ScriptSpend>,
    /// A filling of the input that must fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<ScriptSpend>,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A scriptSig and witness for the input under test.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptSpend {
    /// The scriptSig, hex.
    #[serde(rename = "scriptSig")]
    pub script_sig: String,
    /// The witness items, hex.
    pub witness: Vec<String>,
    /// For a failure in canon's files: the token under exactly `flags`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One case, read.
#[derive(Debug, Clone)]
pub struct AssetCase {
    /// The transaction; the input under test is filled per part.
    pub tx: Transaction,
    /// The outputs the inputs spend.
    pub prevouts: Vec<TxOut>,
    /// The input under test.
    pub index: usize,
    /// The flag set.
    pub flags: VerifyFlags,
    /// `final`.
    pub is_final: bool,
    /// The passing filling, if any.
    pub success: Option<AssetSpend>,
    /// The failing filling, if any.
    pub failure: Option<AssetSpend>,
}

/// A filling of the input under test.
#[derive(Debug, Clone)]
pub struct AssetSpend {
    /// The scriptSig.
    pub script_sig: Vec<u8>,
    /// The witness.
    pub witness: Witness,
    /// The expected token under exactly the case's flags, if stated.
    pub error: Option<String>,
}

/// Whether a JSON object looks like a `script_assets_test.json` case.
pub fn is_asset_object(value: &Value) -> bool {
    ["tx", "prevouts", "index", "flags"]
        .iter()
        .all(|key| value.get(key).is_some())
}

/// Runs a Core-format file with canon's own engine.
pub fn run_core(file: &str, text: &str, report: &mut Report) {
    run_core_with(file, text, &mut CanonEngine::new(), report);
}

/// Runs a Core-format file (a list of cases, or one case optionally
/// followed by the `,` of Core's dump files), asking `engine`.
pub fn run_core_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_lenient(file, text, report) else {
        return;
    };
    let cases = match &json {
        Value::Array(cases) => cases.as_slice(),
        single => std::slice::from_ref(single),
    };
    for (i, case) in cases.iter().enumerate() {
        let name = match case.get("comment").and_then(Value::as_str) {
            Some(comment) => format!("{i}: {comment}"),
            None => i.to_string(),
        };
        run_case(file, &name, &[], read_case(case), engine, report);
    }
}

/// Runs a canon `"kind": "script"` file with canon's own engine.
pub fn run_canon(file: &str, text: &str, report: &mut Report) {
    run_canon_with(file, text, &mut CanonEngine::new(), report);
}

/// Runs a canon `"kind": "script"` file, asking `engine`.
pub fn run_canon_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let parsed: ScriptFile = match serde_json::from_str(text) {
        Ok(parsed) => parsed,
        Err(e) => return report.check(file, "file", Err(cannot_parse(e))),
    };
    for case in &parsed.cases {
        let value = serde_json::to_value(case).expect("a parsed case serializes");
        run_case(
            file,
            &case.id,
            &case.rules,
            read_case(&value),
            engine,
            report,
        );
    }
}

/// A JSON document, or one object followed by a `,` (Core's dump files).
fn parse_lenient(file: &str, text: &str, report: &mut Report) -> Option<Value> {
    let trimmed = text.trim_end();
    match trimmed.strip_suffix(',') {
        Some(object) => parse_json(file, object, report),
        None => parse_json(file, text, report),
    }
}

/// Checks both parts of a case, one report entry each.
fn run_case(
    file: &str,
    name: &str,
    rules: &[String],
    case: Result<AssetCase, String>,
    engine: &mut dyn Engine,
    report: &mut Report,
) {
    let case = match case {
        Ok(case) => case,
        Err(why) => return report.check(file, name, Err(why)),
    };
    if let Some(success) = &case.success {
        let id = format!("{name} (success)");
        let outcome = judge_success(&case, success, engine, &format!("{file}#{id}"));
        report.record_outcome(file, id, "script", rules, outcome);
    }
    if let Some(failure) = &case.failure {
        let id = format!("{name} (failure)");
        let outcome = judge_failure(&case, failure, engine, &format!("{file}#{id}"));
        report.record_outcome(file, id, "script", rules, outcome);
    }
    if case.success.is_none() && case.failure.is_none() {
        report.check(file, name, Err(cannot_parse("neither success nor failure")));
    }
}

/// Reads one case object, as Core's `AssetTest` does.
pub fn read_case(value: &Value) -> Result<AssetCase, String> {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| cannot_parse(format!("{key} is not a string")))
    };
    let tx_bytes = parse_hex(text("tx")?).ok_or_else(|| cannot_parse("tx is not hex"))?;
    let tx = decode_tx_without_witness(&tx_bytes).map_err(|e| cannot_parse(format!("tx: {e}")))?;
    let prevouts = value["prevouts"]
        .as_array()
        .ok_or_else(|| cannot_parse("prevouts is not an array"))?
        .iter()
        .map(|p| {
            let bytes = p.as_str().and_then(parse_hex);
            let bytes = bytes.ok_or_else(|| cannot_parse("a prevout is not hex"))?;
            TxOut::from_bytes(&bytes).map_err(|e| cannot_parse(format!("prevout: {e}")))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let index = value["index"]
        .as_u64()
        .ok_or_else(|| cannot_parse("index is not a number"))? as usize;
    if prevouts.len() != tx.inputs.len() || index >= tx.inputs.len() {
        return Err(cannot_parse(format!(
            "{} prevouts for {} inputs, index {index}",
            prevouts.len(),
            tx.inputs.len()
        )));
    }
    let flags = parse_test_flags(text("flags")?).map_err(cannot_parse)?;
    let is_final = match value.get("final") {
        None => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| cannot_parse("final is not a bool"))?,
    };
    let part = |key: &str| value.get(key).map(read_spend).transpose();
    Ok(AssetCase {
        tx,
        prevouts,
        index,
        flags,
        is_final,
        success: part("success")?,
        failure: part("failure")?,
    })
}

fn read_spend(value: &Value) -> Result<AssetSpend, String> {
    let script_sig = value["scriptSig"].as_str().and_then(parse_hex);
    let witness = value["witness"].as_array().map(|items| {
        items
            .iter()
            .map(|item| item.as_str().and_then(parse_hex))
            .collect::<Option<Vec<_>>>()
    });
    let (Some(script_sig), Some(Some(stack))) = (script_sig, witness) else {
        return Err(cannot_parse(format!(
            "bad scriptSig or witness in {}",
            one_line(value)
        )));
    };
    Ok(AssetSpend {
        script_sig,
        witness: Witness { stack },
        error: value.get("error").and_then(Value::as_str).map(String::from),
    })
}

/// A transaction in the legacy serialization only, as Core's
/// `TX_NO_WITNESS` reads it (a zero input count is just that).
///
/// # Errors
/// The decoder's error, or trailing bytes.
pub fn decode_tx_without_witness(bytes: &[u8]) -> Result<Transaction, DecodeError> {
    let mut r = Reader::new(bytes);
    let version = r.read_u32("tx version")?;
    let inputs = r.read_vec(41, "tx inputs", |r| {
        Ok(TxIn {
            prevout: OutPoint::decode(r)?,
            script_sig: r.read_var_bytes("scriptSig")?.to_vec(),
            sequence: r.read_u32("sequence")?,
            witness: Witness::default(),
        })
    })?;
    let outputs = r.read_vec(9, "tx outputs", TxOut::decode)?;
    let lock_time = r.read_u32("lock time")?;
    r.finish()?;
    Ok(Transaction {
        version,
        inputs,
        outputs,
        lock_time,
    })
}

/// Whether Core's `VerifyScript` takes the combination, and Core's harness
/// builds it: CLEANSTACK needs P2SH and WITNESS, WITNESS needs P2SH,
/// TAPROOT needs WITNESS.
pub fn is_consistent(flags: VerifyFlags) -> bool {
    is_valid_flag_combination(flags)
        && (!flags.contains(VerifyFlags::TAPROOT) || flags.contains(VerifyFlags::WITNESS))
}

/// Every consistent combination of the seven consensus flags (64 of them).
/// Core: `AllConsensusFlags`.
pub fn all_consensus_flags() -> Vec<VerifyFlags> {
    (0u32..1 << CONSENSUS_FLAGS.len())
        .map(|bits| combine(&CONSENSUS_FLAGS, bits))
        .filter(|flags| is_consistent(*flags))
        .collect()
}

/// The flags of `flags_list` whose positions are set in `bits`.
fn combine(flags_list: &[VerifyFlags], bits: u32) -> VerifyFlags {
    flags_list
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .fold(VerifyFlags::NONE, |all, (_, flag)| all.union(*flag))
}

/// The union of [`CONSENSUS_FLAGS`].
pub fn consensus_mask() -> VerifyFlags {
    combine(&CONSENSUS_FLAGS, u32::MAX)
}

/// The flag sets a success must pass under: all consensus combinations if
/// `is_final`, else the consistent subsets of `flags`.
pub fn success_flag_sets(flags: VerifyFlags, is_final: bool) -> Vec<VerifyFlags> {
    let consensus = all_consensus_flags();
    if is_final {
        return consensus;
    }
    let policy: Vec<VerifyFlags> = crate::script::flags::ALL_FLAGS
        .iter()
        .map(|(_, flag)| *flag)
        .filter(|flag| flags.without(consensus_mask()).contains(*flag))
        .collect();
    let mut sets: Vec<VerifyFlags> = (0u32..1 << policy.len())
        .flat_map(|bits| {
            let extra = combine(&policy, bits);
            consensus
                .iter()
                .filter(|c| flags.contains(**c))
                .map(move |c| c.union(extra))
        })
        .filter(|set| is_consistent(*set))
        .collect();
    sets.sort();
    sets.dedup();
    sets
}

/// The flag sets a failure must fail under: `flags` with each consensus
/// combination added, where consistent.
pub fn failure_flag_sets(flags: VerifyFlags) -> Vec<VerifyFlags> {
    let mut sets: Vec<VerifyFlags> = all_consensus_flags()
        .into_iter()
        .map(|c| c.union(flags))
        .filter(|set| is_consistent(*set))
        .collect();
    sets.sort();
    sets.dedup();
    sets
}

/// canon's verdict on the input filled with `spend`, under `flags`.
pub fn verify_part(
    case: &AssetCase,
    spend: &AssetSpend,
    flag_sets: &[VerifyFlags],
) -> Vec<(VerifyFlags, Result<(), ScriptError>)> {
    let mut tx = case.tx.clone();
    tx.inputs[case.index].script_sig = spend.script_sig.clone();
    tx.inputs[case.index].witness = spend.witness.clone();
    let txdata = PrecomputedTransactionData::new(&tx, Some(case.prevouts.clone()));
    let spent = &case.prevouts[case.index];
    let checker = TransactionSignatureChecker::new(&tx, case.index, spent.value, &txdata);
    let input = &tx.inputs[case.index];
    flag_sets
        .iter()
        .map(|flags| {
            let result = verify_script(
                &input.script_sig,
                &spent.script_pubkey,
                &input.witness,
                *flags,
                &checker,
            );
            (*flags, result)
        })
        .collect()
}

/// The question "does the input filled with `spend` verify under `flags`".
pub fn part_request(case: &AssetCase, spend: &AssetSpend, flags: VerifyFlags) -> ScriptRequest {
    let mut tx = case.tx.clone();
    tx.inputs[case.index].script_sig = spend.script_sig.clone();
    tx.inputs[case.index].witness = spend.witness.clone();
    ScriptRequest::new(&tx, &case.prevouts, case.index, flags)
}

/// Asks `engine` about `spend` under every set of `flag_sets`, each answer
/// judged as a verdict that must be `expect_pass`. Returns the sets whose
/// verdict was wrong, with the answer; every set unanswered makes the
/// outcome unsupported.
fn ask_sets(
    case: &AssetCase,
    spend: &AssetSpend,
    flag_sets: &[VerifyFlags],
    expect_pass: bool,
    engine: &mut dyn Engine,
    id: &str,
    outcome: &mut CaseOutcome,
) -> Vec<(VerifyFlags, Answer)> {
    let mut wrong = Vec::new();
    let mut unsupported = None;
    for flags in flag_sets {
        let request = part_request(case, spend, *flags);
        let answer = ask_script(
            engine,
            &format!("{id}/{:x}", flags.0),
            &request,
            expect_pass,
        );
        if let Answer::Unsupported(why) = &answer {
            unsupported.get_or_insert_with(|| why.clone());
        }
        if !outcome.derived(expect_pass, &answer) {
            wrong.push((*flags, answer));
        }
    }
    if outcome.unanswered == flag_sets.len() {
        outcome.unsupported = unsupported;
    }
    wrong
}

/// Judges a `success` part: it must pass under every flag set of
/// [`success_flag_sets`].
pub fn judge_success(
    case: &AssetCase,
    spend: &AssetSpend,
    engine: &mut dyn Engine,
    id: &str,
) -> CaseOutcome {
    let sets = success_flag_sets(case.flags, case.is_final);
    if sets.is_empty() {
        return CaseOutcome::problem("no flag set to check the success under");
    }
    let mut outcome = CaseOutcome::default();
    let wrong = ask_sets(case, spend, &sets, true, engine, id, &mut outcome);
    if let Some((flags, answer)) = wrong.first() {
        let problem = format!("fails under {}: {}", flag_names(*flags), answer.token());
        outcome.problems.push(problem);
    }
    outcome
}

/// Judges a `failure` part: it must fail under every flag set of
/// [`failure_flag_sets`], and with its `error` token, when stated, under
/// exactly the case's flags.
pub fn judge_failure(
    case: &AssetCase,
    spend: &AssetSpend,
    engine: &mut dyn Engine,
    id: &str,
) -> CaseOutcome {
    let sets = failure_flag_sets(case.flags);
    if sets.is_empty() {
        return CaseOutcome::problem("no flag set to check the failure under");
    }
    let mut outcome = CaseOutcome::default();
    let wrong = ask_sets(case, spend, &sets, false, engine, id, &mut outcome);
    if let Some((flags, _)) = wrong.first() {
        outcome
            .problems
            .push(format!("passes under {}", flag_names(*flags)));
        return outcome;
    }
    let (Some(expected), None) = (&spend.error, &outcome.unsupported) else {
        return outcome;
    };
    let request = part_request(case, spend, case.flags);
    let answer = ask_script(engine, &format!("{id}/exact"), &request, false);
    outcome.main(&Expected::Reject(Some(expected.clone())), &answer, |got| {
        format!(
            "{got} under {}, expected {expected}",
            flag_names(case.flags)
        )
    });
    outcome
}

fn flag_names(flags: VerifyFlags) -> String {
    match flags.names() {
        names if names.is_empty() => "NONE".into(),
        names => names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_sets_match_core_for_consensus_flags() {
        assert_eq!(all_consensus_flags().len(), 64);
        let p2sh_witness_taproot = VerifyFlags::from_names("P2SH,WITNESS,TAPROOT").unwrap();
        assert_eq!(failure_flag_sets(p2sh_witness_taproot).len(), 16);
        assert_eq!(success_flag_sets(p2sh_witness_taproot, false).len(), 4);
        assert_eq!(success_flag_sets(p2sh_witness_taproot, true).len(), 64);
        let discourage = p2sh_witness_taproot.union(VerifyFlags::DISCOURAGE_OP_SUCCESS);
        let failures = failure_flag_sets(discourage);
        assert_eq!(failures.len(), 16);
        assert!(failures
            .iter()
            .all(|f| f.contains(VerifyFlags::DISCOURAGE_OP_SUCCESS)));
        assert_eq!(success_flag_sets(discourage, false).len(), 8);
    }
}
