//! `canon verify-script`: verify one script pair, or one input of a real
//! transaction, and answer in JSON, so that other implementations can be
//! compared with canon case by case.
//!
//! Without a transaction the scripts run in Core's synthetic pair (a
//! crediting transaction and the transaction spending it, as
//! `script_tests.json` does; see [`super::script_harness`]).

use super::asm::parse_script;
use super::core_json::parse_hex;
use super::script_harness::{crediting_transaction, spending_transaction};
use super::test_flags::{is_valid_flag_combination, parse_test_flags};
use crate::encoding::Decode;
use crate::primitives::{Transaction, TxOut, Witness};
use crate::script::{verify_script, TransactionSignatureChecker};
use crate::sighash::PrecomputedTransactionData;
use serde_json::{json, Value};
use std::fmt;

/// A script given either as hex or in Core's test notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptText {
    /// Raw script bytes in hex.
    Hex(String),
    /// Core's test notation (`"DUP HASH160 0x14 0x.. EQUALVERIFY CHECKSIG"`).
    Asm(String),
}

/// A real transaction to verify one input of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendingTx {
    /// The serialized transaction, hex, witness data allowed.
    pub hex: String,
    /// The input to verify.
    pub input_index: usize,
    /// Every output the transaction spends (amount in satoshis, scriptPubKey
    /// hex), one per input; needed by taproot signature hashes. When absent,
    /// a one-input transaction's spent output is the request's own.
    pub spent_outputs: Option<Vec<(i64, String)>>,
}

/// What to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyRequest {
    /// The unlocking script. `None`: empty, or the transaction input's own.
    pub script_sig: Option<ScriptText>,
    /// The locking script of the output spent.
    pub script_pubkey: ScriptText,
    /// Witness items in hex, bottom first. `None`: empty, or the
    /// transaction input's own.
    pub witness: Option<Vec<String>>,
    /// The value of the output spent, in satoshis.
    pub amount: i64,
    /// Flag names as in Core's vectors: `""`/`"NONE"`, or names joined by `,`.
    pub flags: String,
    /// A real spending transaction; `None` uses the synthetic pair.
    pub tx: Option<SpendingTx>,
}

/// Why a request could not be run (as opposed to a script failing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError(pub String);

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.0)
    }
}

impl std::error::Error for RequestError {}

/// Verifies the request's input as Core's `VerifyScript` would.
///
/// The answer is `{"result": "ok"}` or `{"result": "error", "error":
/// "<TOKEN>"}` (the token as in `script_tests.json`), with the inputs as run:
/// `flags` (normalised names), `script_sig`, `script_pubkey` (hex),
/// `witness` (hex items), `amount`, `txid` of the spending transaction and
/// `input_index`.
///
/// # Errors
/// [`RequestError`] for malformed hex or notation, an unknown flag name, a
/// flag combination Core's `VerifyScript` refuses (CLEANSTACK without P2SH
/// and WITNESS, WITNESS without P2SH), a transaction that does not decode,
/// or an input index out of range.
pub fn verify_request(request: &VerifyRequest) -> Result<Value, RequestError> {
    let flags = parse_test_flags(&request.flags).map_err(RequestError)?;
    if !is_valid_flag_combination(flags) {
        return Err(RequestError(format!(
            "flags [{}] are not a valid combination",
            flags.names()
        )));
    }
    let script_pubkey = script_bytes(&request.script_pubkey, "scriptPubKey")?;
    let (tx, input_index) = match &request.tx {
        Some(spending) => (decode_tx(&spending.hex)?, spending.input_index),
        None => {
            let credit = crediting_transaction(&script_pubkey, request.amount);
            let script_sig = optional_script(&request.script_sig)?;
            let witness = optional_witness(&request.witness)?;
            (spending_transaction(&script_sig, witness, &credit), 0)
        }
    };
    let input = tx.inputs.get(input_index).ok_or_else(|| {
        RequestError(format!(
            "input index {input_index} out of range ({} inputs)",
            tx.inputs.len()
        ))
    })?;
    let script_sig = match &request.script_sig {
        Some(text) => script_bytes(text, "scriptSig")?,
        None => input.script_sig.clone(),
    };
    let witness = match &request.witness {
        Some(_) => optional_witness(&request.witness)?,
        None => input.witness.clone(),
    };
    let spent = spent_outputs(request, &tx, &script_pubkey)?;
    let txdata = PrecomputedTransactionData::new(&tx, spent);
    let checker = TransactionSignatureChecker::new(&tx, input_index, request.amount, &txdata);
    let outcome = verify_script(&script_sig, &script_pubkey, &witness, flags, &checker);

    let mut answer = json!({
        "result": if outcome.is_ok() { "ok" } else { "error" },
        "flags": flags.names(),
        "script_sig": hex::encode(&script_sig),
        "script_pubkey": hex::encode(&script_pubkey),
        "witness": witness.stack.iter().map(hex::encode).collect::<Vec<_>>(),
        "amount": request.amount,
        "txid": tx.txid().to_string(),
        "input_index": input_index,
    });
    if let Err(error) = outcome {
        answer["error"] = Value::from(error.token());
    }
    Ok(answer)
}

/// The bytes of a script given as hex or notation.
fn script_bytes(text: &ScriptText, what: &str) -> Result<Vec<u8>, RequestError> {
    match text {
        ScriptText::Hex(hex) => {
            parse_hex(hex).ok_or_else(|| RequestError(format!("{what} is not hex")))
        }
        ScriptText::Asm(asm) => parse_script(asm).map_err(|e| RequestError(format!("{what}: {e}"))),
    }
}

/// A script, or the empty script.
fn optional_script(text: &Option<ScriptText>) -> Result<Vec<u8>, RequestError> {
    text.as_ref()
        .map_or(Ok(Vec::new()), |t| script_bytes(t, "scriptSig"))
}

/// A witness from hex items, or the empty witness.
fn optional_witness(items: &Option<Vec<String>>) -> Result<Witness, RequestError> {
    let stack = items
        .iter()
        .flatten()
        .map(|item| {
            parse_hex(item).ok_or_else(|| RequestError(format!("witness item {item:?} is not hex")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Witness { stack })
}

/// A transaction from hex; the whole string must be the transaction.
fn decode_tx(hex: &str) -> Result<Transaction, RequestError> {
    let bytes = parse_hex(hex).ok_or_else(|| RequestError("transaction is not hex".into()))?;
    Transaction::from_bytes(&bytes).map_err(|e| RequestError(format!("transaction: {e}")))
}

/// The outputs the transaction spends, when known: given with the request,
/// or, for a one-input transaction, the request's own output.
fn spent_outputs(
    request: &VerifyRequest,
    tx: &Transaction,
    script_pubkey: &[u8],
) -> Result<Option<Vec<TxOut>>, RequestError> {
    let given = request.tx.as_ref().and_then(|t| t.spent_outputs.as_ref());
    match given {
        Some(outputs) if outputs.len() != tx.inputs.len() => Err(RequestError(format!(
            "{} spent outputs for {} inputs",
            outputs.len(),
            tx.inputs.len()
        ))),
        Some(outputs) => outputs
            .iter()
            .map(|(value, script)| {
                let script_pubkey = parse_hex(script).ok_or_else(|| {
                    RequestError(format!("spent output script {script:?} is not hex"))
                })?;
                Ok(TxOut {
                    value: *value,
                    script_pubkey,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        None if tx.inputs.len() == 1 => Ok(Some(vec![TxOut {
            value: request.amount,
            script_pubkey: script_pubkey.to_vec(),
        }])),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(script_sig: &str, script_pubkey: &str, flags: &str) -> VerifyRequest {
        VerifyRequest {
            script_sig: Some(ScriptText::Asm(script_sig.into())),
            script_pubkey: ScriptText::Asm(script_pubkey.into()),
            witness: None,
            amount: 0,
            flags: flags.into(),
            tx: None,
        }
    }

    #[test]
    fn answers_carry_what_was_run() {
        let answer = verify_request(&request("1 2", "ADD 3 EQUAL", "P2SH")).unwrap();
        assert_eq!(answer["script_sig"], "5152");
        assert_eq!(answer["script_pubkey"], "935387");
        assert_eq!(answer["flags"], "P2SH");
        assert_eq!(answer["input_index"], 0);
        assert_eq!(answer["result"], "ok");
        assert!(answer.get("error").is_none());
        let answer = verify_request(&request("1", "2 EQUAL", "")).unwrap();
        assert_eq!(answer["result"], "error");
        assert_eq!(answer["error"], "EVAL_FALSE");
    }

    #[test]
    fn witness_items_reach_a_tapscript_spend() {
        use super::super::script_harness::{SingleLeafTaproot, SCRIPT_TEST_INTERNAL_KEY};
        let tree = SingleLeafTaproot::new(&[0x51], &SCRIPT_TEST_INTERNAL_KEY).unwrap();
        let mut req = request("", "", "P2SH,WITNESS,TAPROOT");
        req.script_pubkey = ScriptText::Hex(hex::encode(tree.script_pubkey()));
        req.witness = Some(vec!["51".into(), hex::encode(&tree.control_block)]);
        req.amount = 1;
        assert_eq!(verify_request(&req).unwrap()["result"], "ok");
        req.witness = Some(vec!["52".into(), hex::encode(&tree.control_block)]);
        assert_eq!(
            verify_request(&req).unwrap()["error"],
            "WITNESS_PROGRAM_MISMATCH"
        );
    }

    #[test]
    fn bad_requests_are_errors() {
        assert!(verify_request(&request("1", "BOGUS", "")).is_err());
        assert!(verify_request(&request("1", "1", "P2SH,NOPE")).is_err());
        assert!(verify_request(&request("1", "1", "CLEANSTACK")).is_err());
        assert!(verify_request(&request("1", "1", "WITNESS")).is_err());
        let mut with_tx = request("1", "1", "");
        with_tx.tx = Some(SpendingTx {
            hex: "00".into(),
            input_index: 0,
            spent_outputs: None,
        });
        assert!(verify_request(&with_tx).is_err());
    }

    #[test]
    fn a_real_transaction_supplies_its_own_scripts() {
        let credit = crediting_transaction(&[0x51], 5);
        let spend = spending_transaction(&[0x51], Witness::default(), &credit);
        let mut req = request("", "1", "P2SH");
        req.script_sig = None;
        req.amount = 5;
        req.tx = Some(SpendingTx {
            hex: hex::encode(crate::encoding::Encode::to_bytes(&spend)),
            input_index: 0,
            spent_outputs: None,
        });
        let answer = verify_request(&req).unwrap();
        assert_eq!(answer["script_sig"], "51");
        assert_eq!(answer["txid"], spend.txid().to_string());
        req.tx.as_mut().unwrap().input_index = 1;
        assert!(verify_request(&req).is_err());
    }
}
