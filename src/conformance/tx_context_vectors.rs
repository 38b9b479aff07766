//! Kind `tx-in-context`: one non-coinbase transaction judged as part of a
//! block: the coins it spends (with their heights), the block's height and
//! its parent's median time past, and the script flags. The format is in
//! `spec/vectors.md`; canon's answer is `validation::check_tx_in_context`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::engine::{Answer, Engine, Facts, SpentCoin, TxInContextRequest};
use super::judge::{CaseOutcome, Expected};
use super::test_flags::parse_test_flags;
use super::{parse_json, Report};
use crate::encoding::Decode;
use crate::primitives::{Transaction, TxOut};
use crate::validation::coins::Coin;
use crate::validation::{check_tx_in_context, TxContext};

/// A spent coin as a file writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoinJson {
    /// The value in satoshis.
    pub value: i64,
    /// The scriptPubKey, hex.
    pub script_pubkey: String,
    /// The height of the block that created it.
    pub height: u32,
    /// Whether a coinbase created it.
    pub coinbase: bool,
    /// The median time past of the block before the coin's block (for
    /// BIP-0068 time locks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtp_before: Option<i64>,
}

/// What a case expects: `ok`, or `reject` with Core's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextExpect {
    /// `ok` or `reject`.
    pub result: String,
    /// The reason when rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A `tx-in-context` case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxContextCase {
    /// Unique within the corpus.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The rules it exercises.
    pub rules: Vec<String>,
    /// The transaction, hex.
    pub tx: String,
    /// The coin each input spends, in input order; `null`: none.
    pub spent: Vec<Option<CoinJson>>,
    /// The height of the block holding the transaction.
    pub height: u32,
    /// The median time past of that block's parent.
    pub mtp: i64,
    /// The script flags, comma-separated (Core's names).
    pub flags: String,
    /// The outcome.
    pub expect: ContextExpect,
}

/// A file of kind `tx-in-context`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxContextFile {
    /// Always `tx-in-context`.
    pub kind: String,
    /// Provenance: canon's version and the generator family.
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// The cases.
    pub cases: Vec<TxContextCase>,
}

impl From<&SpentCoin> for CoinJson {
    fn from(coin: &SpentCoin) -> CoinJson {
        CoinJson {
            value: coin.output.value,
            script_pubkey: hex::encode(&coin.output.script_pubkey),
            height: coin.height,
            coinbase: coin.coinbase,
            mtp_before: coin.mtp_before,
        }
    }
}

impl CoinJson {
    /// The coin as a request carries it.
    ///
    /// # Errors
    /// A scriptPubKey that is not hex.
    pub fn to_spent(&self) -> Result<SpentCoin, String> {
        Ok(SpentCoin {
            output: TxOut {
                value: self.value,
                script_pubkey: hex::decode(&self.script_pubkey)
                    .map_err(|e| format!("script_pubkey: {e}"))?,
            },
            height: self.height,
            coinbase: self.coinbase,
            mtp_before: self.mtp_before,
        })
    }
}

/// The request a case asks.
///
/// # Errors
/// Bad hex or flags.
pub fn request(case: &TxContextCase) -> Result<TxInContextRequest, String> {
    let spent = case
        .spent
        .iter()
        .map(|coin| coin.as_ref().map(CoinJson::to_spent).transpose())
        .collect::<Result<Vec<_>, String>>()?;
    Ok(TxInContextRequest {
        tx: hex::decode(&case.tx).map_err(|e| format!("tx: {e}"))?,
        spent,
        height: case.height,
        mtp: case.mtp,
        flags: parse_test_flags(&case.flags)?,
    })
}

/// canon's answer: `validation::check_tx_in_context` on the request.
pub fn canon_answer(request: &TxInContextRequest) -> Answer {
    let tx = match Transaction::from_bytes(&request.tx) {
        Ok(tx) => tx,
        Err(e) => return Answer::reject(e.token()),
    };
    if request.spent.len() != tx.inputs.len() {
        return Answer::Unsupported(format!(
            "{} spent coins for {} inputs",
            request.spent.len(),
            tx.inputs.len()
        ));
    }
    let mut coins = HashMap::new();
    let mut ancestor_mtps = BTreeMap::new();
    for (input, coin) in tx.inputs.iter().zip(&request.spent) {
        let Some(coin) = coin else { continue };
        coins.insert(
            input.prevout,
            Coin {
                output: coin.output.clone(),
                height: coin.height,
                is_coinbase: coin.coinbase,
            },
        );
        if let Some(mtp) = coin.mtp_before {
            ancestor_mtps.insert(coin.height.saturating_sub(1), mtp);
        }
    }
    let context = TxContext {
        height: request.height,
        prev_mtp: request.mtp,
        ancestor_mtps,
        flags: request.flags,
    };
    match check_tx_in_context(&tx, &coins, &context) {
        Ok(_) => Answer::Ok(Facts::new()),
        Err(error) => Answer::reject(error.reject_reason()),
    }
}

/// Runs every case of a `tx-in-context` file, asking `engine`.
pub fn run_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let parsed: TxContextFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => {
            return report.check(
                file,
                "file",
                Err(format!("not a tx-in-context vector file: {e}")),
            )
        }
    };
    for case in &parsed.cases {
        let outcome = judge_case(file, case, engine);
        report.record_outcome(file, &case.id, "tx-in-context", &case.rules, outcome);
    }
}

fn judge_case(file: &str, case: &TxContextCase, engine: &mut dyn Engine) -> CaseOutcome {
    let expected = match Expected::from_verdict(&case.expect.result, case.expect.reason.as_deref())
    {
        Ok(expected) => expected,
        Err(why) => return CaseOutcome::problem(why),
    };
    let request = match request(case) {
        Ok(request) => request,
        Err(why) => return CaseOutcome::problem(format!("cannot parse case: {why}")),
    };
    let answer = engine.check_tx_in_context(&format!("{file}#{}", case.id), &request);
    CaseOutcome::judged(&expected, &answer, "the transaction")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::engine::Request;
    use crate::conformance::protocol::{request_from_json, request_to_json};

    fn case(expect: &str, reason: Option<&str>) -> TxContextCase {
        TxContextCase {
            id: "a".into(),
            description: "d".into(),
            rules: vec!["TX-INPUTS-MISSING".into()],
            // One input (outpoint 11..11:0), one output of 1 satoshi.
            tx: format!(
                "0200000001{}0000000000ffffffff010100000000000000015100000000",
                "11".repeat(32)
            ),
            spent: vec![None],
            height: 10,
            mtp: 1_000,
            flags: "P2SH".into(),
            expect: ContextExpect {
                result: expect.into(),
                reason: reason.map(str::to_string),
            },
        }
    }

    #[test]
    fn a_missing_coin_is_rejected_and_requests_cross_the_protocol() {
        let missing = case("reject", Some("bad-txns-inputs-missingorspent"));
        let request = request(&missing).unwrap();
        assert_eq!(
            canon_answer(&request).token(),
            "bad-txns-inputs-missingorspent"
        );
        let mut with_coin = request.clone();
        with_coin.spent[0] = Some(SpentCoin {
            output: TxOut {
                value: 5,
                script_pubkey: vec![0x51],
            },
            height: 1,
            coinbase: true,
            mtp_before: Some(7),
        });
        assert_eq!(
            canon_answer(&with_coin).token(),
            "bad-txns-premature-spend-of-coinbase"
        );
        let asked = Request::TxInContext(with_coin);
        let line = request_to_json("x", &asked).to_string();
        assert_eq!(request_from_json(&line).unwrap().1, Ok(asked));
        let text = serde_json::to_string(&TxContextFile {
            kind: "tx-in-context".into(),
            generator: "g".into(),
            description: "d".into(),
            cases: vec![missing, case("ok", None)],
        })
        .unwrap();
        let mut report = Report::default();
        run_with(
            "f",
            &text,
            &mut super::super::CanonEngine::new(),
            &mut report,
        );
        assert_eq!((report.passed(), report.failed()), (1, 1));
    }
}
