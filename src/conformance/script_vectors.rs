//! canon's script regression vectors (`"kind": "script-regression"`): one input of a transaction
//! verified against the outputs it spends, under named flags, with Core's
//! verdict. Fuzzing findings promoted by `fuzz promote` are written in this
//! format under `vectors/regressions/` (a directory `canon generate` does
//! not own), so every script bug found once stays found.

use serde::{Deserialize, Serialize};

use super::{parse_json, Report};
use crate::encoding::{Decode, Encode};
use crate::primitives::{Transaction, TxOut};
use crate::script::{verify_script, ScriptError, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;

/// A file of script vectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptFile {
    /// Always `"script-regression"`.
    pub kind: String,
    /// What wrote the file.
    pub generator: String,
    /// What the file holds.
    pub description: String,
    /// The cases.
    pub cases: Vec<ScriptVector>,
}

/// A spent output: value and scriptPubKey (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpentOutput {
    /// The value in satoshis.
    pub value: i64,
    /// The scriptPubKey, hex.
    pub script_pubkey: String,
}

/// One case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptVector {
    /// A stable identifier.
    pub id: String,
    /// Where the case came from and what it shows.
    pub description: String,
    /// The rule IDs (spec/script.md) the case touches.
    pub rules: Vec<String>,
    /// The spending transaction, hex.
    pub tx: String,
    /// The input verified.
    pub input_index: usize,
    /// One spent output per input.
    pub spent_outputs: Vec<SpentOutput>,
    /// Comma-separated flag names.
    pub flags: String,
    /// `OK`, a Core script error token (`EVAL_FALSE`), or `FAIL` when only
    /// failure is known (libbitcoinconsensus reports no token).
    pub expect: String,
}

impl ScriptVector {
    /// The case for input `input_index` of `tx` spending `spent`.
    pub fn new(
        id: String,
        description: String,
        tx: &Transaction,
        input_index: usize,
        spent: &[TxOut],
        flags: VerifyFlags,
        expect: String,
    ) -> Self {
        let mut vector = ScriptVector {
            id,
            description,
            rules: Vec::new(),
            tx: hex::encode(tx.to_bytes()),
            input_index,
            spent_outputs: spent
                .iter()
                .map(|out| SpentOutput {
                    value: out.value,
                    script_pubkey: hex::encode(&out.script_pubkey),
                })
                .collect(),
            flags: flags.names(),
            expect,
        };
        if let Ok(Err(error)) = vector.verify() {
            vector.rules.push(error.rule_id().to_string());
        }
        if let Some(error) = ScriptError::from_token(&vector.expect) {
            let rule = error.rule_id().to_string();
            if !vector.rules.contains(&rule) {
                vector.rules.push(rule);
            }
        }
        vector
    }

    /// canon's verdict, or why the case cannot be run.
    ///
    /// # Errors
    /// A malformed case (hex, transaction, index, flag names).
    pub fn verify(&self) -> Result<Result<(), ScriptError>, String> {
        let bytes = hex::decode(&self.tx).map_err(|e| format!("tx is not hex: {e}"))?;
        let tx = Transaction::from_bytes(&bytes).map_err(|e| format!("tx: {e}"))?;
        let spent = self
            .spent_outputs
            .iter()
            .map(|out| {
                Ok(TxOut {
                    value: out.value,
                    script_pubkey: hex::decode(&out.script_pubkey)
                        .map_err(|e| format!("script_pubkey is not hex: {e}"))?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        if spent.len() != tx.inputs.len() {
            return Err("one spent output per input is needed".into());
        }
        let input = tx
            .inputs
            .get(self.input_index)
            .ok_or("input_index out of range")?;
        let flags = VerifyFlags::from_names(&self.flags)?;
        let prevout = &spent[self.input_index];
        let txdata = PrecomputedTransactionData::new(&tx, Some(spent.clone()));
        let checker =
            TransactionSignatureChecker::new(&tx, self.input_index, prevout.value, &txdata);
        Ok(verify_script(
            &input.script_sig,
            &prevout.script_pubkey,
            &input.witness,
            flags,
            &checker,
        ))
    }

    /// Whether canon's verdict is the expected one.
    ///
    /// # Errors
    /// A malformed case, or the verdict that differs.
    pub fn check(&self) -> Result<(), String> {
        let got = match self.verify()? {
            Ok(()) => "OK",
            Err(error) => error.token(),
        };
        let matches = got == self.expect || (self.expect == "FAIL" && got != "OK");
        if matches {
            Ok(())
        } else {
            Err(format!("{got} where {} expected", self.expect))
        }
    }
}

/// Runs every case of a script vector file.
pub fn run(file: &str, text: &str, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let parsed: ScriptFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => return report.check(file, "file", Err(format!("not a script file: {e}"))),
    };
    for case in &parsed.cases {
        report.check(file, &case.id, case.check());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::generate::to_json_text;
    use crate::conformance::script_harness::{crediting_transaction, spending_transaction};
    use crate::primitives::Witness;

    fn vector(script_pubkey: &[u8], expect: &str) -> ScriptVector {
        let credit = crediting_transaction(script_pubkey, 1000);
        let spend = spending_transaction(&[], Witness::default(), &credit);
        ScriptVector::new(
            "case".into(),
            "test".into(),
            &spend,
            0,
            &credit.outputs,
            VerifyFlags::P2SH,
            expect.into(),
        )
    }

    #[test]
    fn verdicts_and_rules() {
        assert_eq!(vector(&[0x51], "OK").check(), Ok(()));
        let failing = vector(&[0x00], "FAIL");
        assert_eq!(failing.check(), Ok(()));
        assert_eq!(failing.rules, vec!["SCRIPT-EVAL-ORDER".to_string()]);
        assert_eq!(vector(&[0x00], "EVAL_FALSE").check(), Ok(()));
        assert!(vector(&[0x51], "FAIL").check().is_err());
    }

    #[test]
    fn files_are_recognised_and_run() {
        let file = ScriptFile {
            kind: "script-regression".into(),
            generator: "test".into(),
            description: "test".into(),
            cases: vec![vector(&[0x51], "OK"), vector(&[0x6a], "OP_RETURN")],
        };
        let text = to_json_text(&file);
        let path = std::path::Path::new("regressions/x.json");
        assert_eq!(
            super::super::Format::detect(path, &text),
            Some(super::super::Format::ScriptRegression)
        );
        let mut report = Report::new();
        run("x.json", &text, &mut report);
        assert_eq!(report.summary_line(), "2 passed, 0 failed");
    }
}
