//! canon's own decode vectors (`"kind": "decode"`): bytes, what they are, and
//! either the facts an implementation must derive from them or the rule they
//! break. The format is described in `spec/vectors.md`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::engine::{Answer, CanonEngine, DecodeRequest, Engine, Facts};
use super::judge::{CaseOutcome, Expected};
use super::{parse_json, Report};
use crate::encoding::{Decode, DecodeError};
use crate::primitives::{Block, BlockHeader, Transaction};

/// A file of decode vectors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeFile {
    /// Always `"decode"`.
    pub kind: String,
    /// What wrote the file (`canon <version> generate <family>`).
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// The cases.
    pub cases: Vec<DecodeCase>,
}

/// One decode vector.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeCase {
    /// A stable, unique name.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The IDs of the rules (in `spec/`) the case exercises.
    pub rules: Vec<String>,
    /// `"tx"`, `"block"` or `"header"`.
    pub object: String,
    /// The bytes, hex-encoded.
    pub hex: String,
    /// `{"result": "ok", <facts>...}` or `{"result": "error", "error": <token>}`.
    pub expect: Value,
}

/// Decodes `bytes` as `object` and returns the facts a vector records about
/// it: hashes in display order, sizes, weight, and for blocks the merkle root
/// and whether the tree is mutated.
///
/// # Errors
/// The [`DecodeError`] of the bytes; an unknown object name is reported as a
/// `String` by the caller.
pub fn decode_facts(object: &str, bytes: &[u8]) -> Option<Result<Map<String, Value>, DecodeError>> {
    let facts = match object {
        "tx" => Transaction::from_bytes(bytes).map(|tx| tx_facts(&tx)),
        "block" => Block::from_bytes(bytes).map(|block| block_facts(&block)),
        "header" => BlockHeader::from_bytes(bytes)
            .map(|header| json!({ "hash": header.block_hash().to_string() })),
        _ => return None,
    };
    Some(facts.map(|value| match value {
        Value::Object(map) => map,
        _ => unreachable!("facts are always built as JSON objects"),
    }))
}

fn tx_facts(tx: &Transaction) -> Value {
    json!({
        "txid": tx.txid().to_string(),
        "wtxid": tx.wtxid().to_string(),
        "size": tx.total_size(),
        "stripped_size": tx.stripped_size(),
        "weight": tx.weight(),
        "inputs": tx.inputs.len(),
        "outputs": tx.outputs.len(),
    })
}

fn block_facts(block: &Block) -> Value {
    let merkle = block.compute_merkle_root();
    json!({
        "hash": block.block_hash().to_string(),
        "merkle_root": merkle.root.to_string(),
        "merkle_mutated": merkle.mutated,
        "transactions": block.transactions.len(),
        "weight": block.weight(),
    })
}

/// The `expect` object canon derives for `object`/`bytes`.
pub fn expectation(object: &str, bytes: &[u8]) -> Value {
    match decode_facts(object, bytes) {
        Some(Ok(mut facts)) => {
            facts.insert("result".into(), "ok".into());
            Value::Object(facts)
        }
        Some(Err(e)) => json!({ "result": "error", "error": e.token() }),
        None => json!({ "result": "error", "error": format!("unknown object {object:?}") }),
    }
}

/// Every fact a decode vector may state (`spec/vectors.md`).
pub const KNOWN_FACTS: [&str; 13] = [
    "txid",
    "wtxid",
    "size",
    "stripped_size",
    "weight",
    "inputs",
    "outputs",
    "hash",
    "merkle_root",
    "merkle_mutated",
    "transactions",
    "result",
    "error",
];

/// Runs every case of a decode vector file with canon's own engine.
pub fn run(file: &str, text: &str, report: &mut Report) {
    run_with(file, text, &mut CanonEngine::new(), report);
}

/// Runs every case of a decode vector file, asking `engine`.
pub fn run_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let parsed: DecodeFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => return report.check(file, "file", Err(format!("not a decode vector file: {e}"))),
    };
    for case in &parsed.cases {
        let id = format!("{file}#{}", case.id);
        let outcome = judge_case(case, &id, engine);
        report.record_outcome(file, &case.id, "decode", &case.rules, outcome);
    }
}

fn judge_case(case: &DecodeCase, id: &str, engine: &mut dyn Engine) -> CaseOutcome {
    let expected = match read_expectation(case) {
        Ok(expected) => expected,
        Err(why) => return CaseOutcome::problem(why),
    };
    let bytes = match hex::decode(&case.hex) {
        Ok(bytes) => bytes,
        Err(e) => return CaseOutcome::problem(format!("cannot parse hex: {e}")),
    };
    let request = DecodeRequest {
        object: case.object.clone(),
        bytes,
    };
    let answer = engine.decode(id, &request);
    let mut outcome = CaseOutcome::default();
    outcome.main(&expected, &answer, |got| match &expected {
        Expected::Ok => format!("expected success, decoding failed: {got}"),
        Expected::Reject(want) => format!(
            "expected error {:?}, decoding succeeded",
            want.as_deref().unwrap_or_default()
        ),
    });
    if let (Expected::Ok, Answer::Ok(facts)) = (&expected, &answer) {
        compare_facts(&case.expect, facts, &mut outcome);
    }
    outcome
}

/// The verdict and reason the case expects.
fn read_expectation(case: &DecodeCase) -> Result<Expected, String> {
    if !matches!(case.object.as_str(), "tx" | "block" | "header") {
        return Err(format!(
            "cannot parse case: unknown object {:?}",
            case.object
        ));
    }
    let Value::Object(expect) = &case.expect else {
        return Err("cannot parse case: expect must be an object".into());
    };
    if let Some(key) = expect.keys().find(|k| !KNOWN_FACTS.contains(&k.as_str())) {
        return Err(format!("cannot parse case: unknown fact {key:?}"));
    }
    match expect.get("result").and_then(Value::as_str) {
        Some("ok") if expect.contains_key("error") => {
            Err("cannot parse case: an ok case has no \"error\"".into())
        }
        Some("ok") => Ok(Expected::Ok),
        Some("error") => match expect.get("error").and_then(Value::as_str) {
            Some(token) => Ok(Expected::Reject(Some(token.to_string()))),
            None => Err("cannot parse case: an error case needs \"error\"".into()),
        },
        other => Err(format!(
            "cannot parse case: result must be \"ok\" or \"error\", got {other:?}"
        )),
    }
}

/// Every fact the vector states must equal the engine's; a fact the engine
/// does not report is counted as unanswered, and facts the vector omits are
/// not judged.
fn compare_facts(expect: &Value, facts: &Facts, outcome: &mut CaseOutcome) {
    let Value::Object(expected) = expect else {
        return;
    };
    for (key, want) in expected.iter().filter(|(key, _)| key.as_str() != "result") {
        match facts.get(key) {
            Some(got) if got == want => {}
            Some(got) => outcome
                .problems
                .push(format!("{key}: expected {want}, got {got}")),
            None => outcome.unanswered += 1,
        }
    }
}
