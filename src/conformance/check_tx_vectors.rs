//! canon's own transaction-check vectors (`"kind": "tx"`): a serialized
//! transaction and whether Core's `CheckTransaction` accepts it, with the
//! reason when it does not. The format is described in `spec/vectors.md`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::engine::{CanonEngine, Engine, TxRequest};
use super::judge::{CaseOutcome, Expected};
use super::{parse_json, Report};
use crate::encoding::Decode;
use crate::primitives::Transaction;
use crate::validation::tx_check::check_transaction;

/// A file of transaction-check vectors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxCheckFile {
    /// Always `"tx"`.
    pub kind: String,
    /// What wrote the file (`canon <version> generate <family>`).
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// The cases.
    pub cases: Vec<TxCheckCase>,
}

/// One transaction-check vector.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxCheckCase {
    /// A stable, unique name.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The IDs of the rules (in `spec/`) the case exercises.
    pub rules: Vec<String>,
    /// Where the case comes from: the Core check, CVE or boundary it pins.
    pub provenance: String,
    /// The transaction, serialized (witness allowed), hex.
    pub hex: String,
    /// `{"result": "ok"}` or `{"result": "error", "error": <Core's reason>}`.
    pub expect: Value,
}

/// The `expect` object canon derives for a serialized transaction: its
/// verdict under `CheckTransaction`, or the decoding error.
pub fn expectation(bytes: &[u8]) -> Value {
    let verdict = Transaction::from_bytes(bytes)
        .map_err(|e| e.token().to_string())
        .and_then(|tx| check_transaction(&tx).map_err(|e| e.token().to_string()));
    match verdict {
        Ok(()) => json!({ "result": "ok" }),
        Err(token) => json!({ "result": "error", "error": token }),
    }
}

/// Runs every case of a transaction-check file with canon's own engine.
pub fn run(file: &str, text: &str, report: &mut Report) {
    run_with(file, text, &mut CanonEngine::new(), report);
}

/// Runs every case of a transaction-check file, asking `engine`.
pub fn run_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let parsed: TxCheckFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => return report.check(file, "file", Err(format!("not a tx vector file: {e}"))),
    };
    for case in &parsed.cases {
        let id = format!("{file}#{}", case.id);
        let outcome = judge_case(case, &id, engine);
        report.record_outcome(file, &case.id, "tx", &case.rules, outcome);
    }
}

fn judge_case(case: &TxCheckCase, id: &str, engine: &mut dyn Engine) -> CaseOutcome {
    let expected = match read_expectation(&case.expect) {
        Ok(expected) => expected,
        Err(why) => return CaseOutcome::problem(why),
    };
    let tx = match hex::decode(&case.hex) {
        Ok(bytes) => bytes,
        Err(e) => return CaseOutcome::problem(format!("cannot parse hex: {e}")),
    };
    let answer = engine.check_transaction(id, &TxRequest { tx });
    let mut outcome = CaseOutcome::default();
    outcome.main(&expected, &answer, |got| match &expected {
        Expected::Ok => format!("expected the transaction to pass, got {got}"),
        Expected::Reject(want) => format!(
            "expected {:?}, the transaction passed",
            want.as_deref().unwrap_or_default()
        ),
    });
    outcome
}

/// The verdict and reason an `expect` object states.
fn read_expectation(expect: &Value) -> Result<Expected, String> {
    let Value::Object(expect) = expect else {
        return Err("cannot parse case: expect must be an object".into());
    };
    if let Some(key) = expect
        .keys()
        .find(|k| !matches!(k.as_str(), "result" | "error"))
    {
        return Err(format!("cannot parse case: unknown key {key:?} in expect"));
    }
    match (
        expect.get("result").and_then(Value::as_str),
        expect.get("error"),
    ) {
        (Some("ok"), None) => Ok(Expected::Ok),
        (Some("ok"), Some(_)) => Err("cannot parse case: an ok case has no \"error\"".into()),
        (Some("error"), Some(Value::String(token))) => Ok(Expected::Reject(Some(token.clone()))),
        (Some("error"), _) => Err("cannot parse case: an error case needs \"error\"".into()),
        (other, _) => Err(format!(
            "cannot parse case: result must be \"ok\" or \"error\", got {other:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_are_ok_or_a_reason_and_nothing_else() {
        assert_eq!(read_expectation(&json!({"result": "ok"})), Ok(Expected::Ok));
        assert_eq!(
            read_expectation(&json!({"result": "error", "error": "bad-cb-length"})),
            Ok(Expected::Reject(Some("bad-cb-length".into())))
        );
        assert!(read_expectation(&json!({"result": "error"})).is_err());
        assert!(read_expectation(&json!({"result": "ok", "error": "x"})).is_err());
        assert!(read_expectation(&json!({"result": "ok", "txid": "00"})).is_err());
    }

    #[test]
    fn a_wrong_expectation_fails_the_case() {
        // The transaction with no inputs and no outputs, said to pass.
        let text = r#"{"kind": "tx", "generator": "test", "description": "d", "cases": [
            {"id": "a", "description": "d", "rules": ["TX-VIN-EMPTY"], "provenance": "p",
             "hex": "02000000000000000000", "expect": {"result": "ok"}}]}"#;
        let mut report = Report::default();
        run("f.json", text, &mut report);
        assert_eq!(report.failed(), 1);
    }
}
