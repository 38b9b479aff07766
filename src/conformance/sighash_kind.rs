//! canon's own signature-hash vectors (`"kind": "sighash"`): one input of a
//! transaction, a sigversion, a hash type and what the algorithm needs
//! besides (scriptCode, amount, spent outputs, annex, tapleaf), and the
//! 32-byte message a signature commits to, or the error token where no
//! message exists. Core's `sighash.json` has its own runner
//! ([`super::sighash_vectors`]); the format is described in `spec/vectors.md`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::engine::{Answer, CanonEngine, Engine, Facts};
use super::judge::{CaseOutcome, Expected};
use super::{parse_json, Report};
use crate::encoding::{write_var_bytes, Decode};
use crate::primitives::hash::HashWriter;
use crate::primitives::{Transaction, TxOut};
use crate::script::{ScriptError, ScriptExecutionData, SigVersion};
use crate::sighash::{
    legacy_sighash_cached, segwit_v0_sighash_cached, taproot_sighash, Bip143Hashes, Bip341Hashes,
    PrecomputedTransactionData, SigHashCache,
};

/// A file of signature-hash vectors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SighashFile {
    /// Always `"sighash"`.
    pub kind: String,
    /// What wrote the file (`canon <version> generate <family>`).
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// The cases.
    pub cases: Vec<SighashCase>,
}

/// An output an input spends, as taproot signatures commit to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpentOutput {
    /// The amount, in satoshis.
    pub value: i64,
    /// The scriptPubKey, hex.
    pub script_pubkey: String,
}

/// The question a sighash case asks: every field but the case's name,
/// rules and expectation. Also the runner protocol's `sighash` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SighashRequest {
    /// `base`, `witness_v0`, `taproot` (key path) or `tapscript`.
    pub sigversion: String,
    /// The transaction, serialized, hex.
    pub tx: String,
    /// The input whose signature hash is asked.
    pub index: usize,
    /// The hash type as Core passes it: the 32-bit value for ECDSA, the
    /// signature's hash type byte (0 for a 64-byte signature) for taproot.
    pub hash_type: u32,
    /// The scriptCode, hex (base and witness_v0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_code: Option<String>,
    /// The spent amount (witness_v0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Every input's spent output, in input order (taproot, tapscript).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevouts: Option<Vec<SpentOutput>>,
    /// The annex, hex, starting 0x50 (taproot, tapscript; absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex: Option<String>,
    /// The tapleaf hash, hex, in internal byte order (tapscript).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf_hash: Option<String>,
    /// The opcode position of the last executed `OP_CODESEPARATOR`,
    /// 4294967295 for none (tapscript).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codesep_pos: Option<u32>,
}

/// One signature-hash vector. (Unknown fields are refused by the runner
/// before deserializing: serde cannot next to a flattened struct.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SighashCase {
    /// A stable, unique name.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The IDs of the rules (in `spec/`) the case exercises.
    pub rules: Vec<String>,
    /// The question.
    #[serde(flatten)]
    pub request: SighashRequest,
    /// `{"sighash": <hex, internal byte order>}` or `{"error": <token>}`.
    pub expect: Value,
}

/// Why canon cannot answer a request: it is malformed (the case is then a
/// problem of the file, not of the rule) or the hash does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SighashFailure {
    /// The request is malformed or outside what Core defines.
    Malformed(String),
    /// The algorithm fails: Core's (and canon's) token.
    Error(ScriptError),
}

/// The decoded parts of a request.
struct Parsed {
    version: SigVersion,
    tx: Transaction,
    spent: Option<Vec<TxOut>>,
}

fn hex_field(name: &str, value: Option<&String>) -> Result<Vec<u8>, SighashFailure> {
    let text = value.ok_or_else(|| SighashFailure::Malformed(format!("no {name}")))?;
    hex::decode(text).map_err(|e| SighashFailure::Malformed(format!("{name}: {e}")))
}

fn parse(request: &SighashRequest) -> Result<Parsed, SighashFailure> {
    let malformed = |text: String| SighashFailure::Malformed(text);
    let version = match request.sigversion.as_str() {
        "base" => SigVersion::Base,
        "witness_v0" => SigVersion::WitnessV0,
        "taproot" => SigVersion::Taproot,
        "tapscript" => SigVersion::Tapscript,
        other => return Err(malformed(format!("unknown sigversion {other:?}"))),
    };
    let bytes = hex_field("tx", Some(&request.tx))?;
    let tx = Transaction::from_bytes(&bytes)
        .map_err(|e| malformed(format!("transaction does not decode: {e}")))?;
    if request.index >= tx.inputs.len() {
        // Core asserts; there is no hash to compare.
        return Err(malformed(format!(
            "input {} of a transaction with {} inputs",
            request.index,
            tx.inputs.len()
        )));
    }
    let spent = match &request.prevouts {
        None => None,
        Some(list) if list.len() != tx.inputs.len() => {
            return Err(malformed(format!(
                "{} prevouts for {} inputs",
                list.len(),
                tx.inputs.len()
            )))
        }
        Some(list) => Some(
            list.iter()
                .map(|p| {
                    Ok(TxOut {
                        value: p.value,
                        script_pubkey: hex_field("script_pubkey", Some(&p.script_pubkey))?,
                    })
                })
                .collect::<Result<Vec<_>, SighashFailure>>()?,
        ),
    };
    Ok(Parsed { version, tx, spent })
}

/// The taproot execution data a request describes: its annex, and for
/// tapscript its leaf hash and code separator position.
fn execution_data(
    request: &SighashRequest,
    version: SigVersion,
) -> Result<ScriptExecutionData, SighashFailure> {
    let annex_hash = match &request.annex {
        None => None,
        Some(text) => {
            let annex = hex_field("annex", Some(text))?;
            let mut engine = HashWriter::new();
            write_var_bytes(&mut engine, &annex);
            Some(engine.sha256())
        }
    };
    let mut execdata = ScriptExecutionData {
        annex_hash: Some(annex_hash),
        codeseparator_pos: u32::MAX,
        ..ScriptExecutionData::default()
    };
    if version == SigVersion::Tapscript {
        let leaf = hex_field("leaf_hash", request.leaf_hash.as_ref())?;
        let leaf: [u8; 32] = leaf
            .try_into()
            .map_err(|_| SighashFailure::Malformed("leaf_hash is not 32 bytes".into()))?;
        execdata.tapleaf_hash = Some(leaf);
        execdata.codeseparator_pos = request
            .codesep_pos
            .ok_or_else(|| SighashFailure::Malformed("no codesep_pos".into()))?;
    }
    Ok(execdata)
}

/// The midstate cache of the last input asked about, kept across requests
/// so that asking the same input again reuses it (rule `SIGHASH-CACHE`).
#[derive(Debug, Default)]
pub struct SighashMemo {
    key: Option<(String, usize, String, Option<i64>)>,
    cache: SigHashCache,
}

impl SighashMemo {
    fn cache_for(&mut self, request: &SighashRequest) -> &mut SigHashCache {
        let key = (
            request.tx.clone(),
            request.index,
            request.sigversion.clone(),
            request.amount,
        );
        if self.key.as_ref() != Some(&key) {
            self.key = Some(key);
            self.cache = SigHashCache::new();
        }
        &mut self.cache
    }
}

/// canon's answer to a sighash request: the hash in internal byte order.
///
/// # Consensus
/// Rules `SIGHASH-LEGACY`, `SIGHASH-BIP143` and `SIGHASH-BIP341`
/// (spec/sighash.md); Core's `SignatureHash` and `SignatureHashSchnorr`.
///
/// # Errors
/// [`SighashFailure::Error`] with `SCHNORR_SIG_HASHTYPE` where
/// `SignatureHashSchnorr` fails (rule `SIGHASH-BIP341-HASHTYPE`);
/// [`SighashFailure::Malformed`] for a request missing what its sigversion
/// needs, or one Core does not define (an input out of range).
pub fn compute_sighash(
    request: &SighashRequest,
    memo: &mut SighashMemo,
) -> Result<[u8; 32], SighashFailure> {
    let Parsed { version, tx, spent } = parse(request)?;
    let index = request.index;
    // Core passes the signature's last byte as an `int`; canon's functions
    // take the same 32 bits.
    let hash_type = i32::from_le_bytes(request.hash_type.to_le_bytes());
    match version {
        SigVersion::Base => {
            let code = hex_field("script_code", request.script_code.as_ref())?;
            let cache = memo.cache_for(request);
            Ok(legacy_sighash_cached(
                &code,
                &tx,
                index,
                hash_type,
                Some(cache),
            ))
        }
        SigVersion::WitnessV0 => {
            let code = hex_field("script_code", request.script_code.as_ref())?;
            let amount = request
                .amount
                .ok_or_else(|| SighashFailure::Malformed("no amount".into()))?;
            let txdata = PrecomputedTransactionData {
                bip143: Some(Bip143Hashes::new(&tx)),
                ..PrecomputedTransactionData::default()
            };
            let cache = memo.cache_for(request);
            Ok(segwit_v0_sighash_cached(
                &code,
                &tx,
                index,
                amount,
                hash_type,
                &txdata,
                Some(cache),
            ))
        }
        SigVersion::Taproot | SigVersion::Tapscript => {
            let spent = spent.ok_or_else(|| SighashFailure::Malformed("no prevouts".into()))?;
            let hash_type = u8::try_from(request.hash_type)
                .map_err(|_| SighashFailure::Malformed("a taproot hash type is one byte".into()))?;
            let execdata = execution_data(request, version)?;
            let txdata = PrecomputedTransactionData {
                bip341: Some(Bip341Hashes::new(&tx, &spent)),
                spent_outputs: Some(spent),
                ..PrecomputedTransactionData::default()
            };
            taproot_sighash(&tx, index, hash_type, version, &txdata, &execdata)
                .ok_or(SighashFailure::Error(ScriptError::SchnorrSigHashtype))
        }
    }
}

/// canon's engine answer to a sighash request.
pub fn canon_answer(request: &SighashRequest, memo: &mut SighashMemo) -> Answer {
    match compute_sighash(request, memo) {
        Ok(hash) => {
            let mut facts = Facts::new();
            facts.insert("sighash".into(), hex::encode(hash).into());
            Answer::Ok(facts)
        }
        Err(SighashFailure::Error(e)) => Answer::reject(e.token()),
        Err(SighashFailure::Malformed(why)) => Answer::Unsupported(why),
    }
}

/// The `expect` object canon derives for a request (generators use it).
///
/// # Panics
/// For a malformed request: a generator bug.
pub fn expectation(request: &SighashRequest) -> Value {
    match compute_sighash(request, &mut SighashMemo::default()) {
        Ok(hash) => json!({ "sighash": hex::encode(hash) }),
        Err(SighashFailure::Error(e)) => json!({ "error": e.token() }),
        Err(SighashFailure::Malformed(why)) => panic!("malformed sighash request: {why}"),
    }
}

/// Runs every case of a sighash file with canon's own engine.
pub fn run(file: &str, text: &str, report: &mut Report) {
    run_with(file, text, &mut CanonEngine::new(), report);
}

/// Runs every case of a sighash file, asking `engine`.
pub fn run_with(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    if let Some(why) = unknown_case_key(&json) {
        return report.check(
            file,
            "file",
            Err(format!("not a sighash vector file: {why}")),
        );
    }
    let parsed: SighashFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => {
            return report.check(file, "file", Err(format!("not a sighash vector file: {e}")))
        }
    };
    for case in &parsed.cases {
        let id = format!("{file}#{}", case.id);
        let outcome = judge_case(case, &id, engine);
        report.record_outcome(file, &case.id, "sighash", &case.rules, outcome);
    }
}

/// The fields a case may have. (serde cannot refuse unknown fields next to
/// a flattened struct, so they are checked here.)
const CASE_FIELDS: [&str; 14] = [
    "id",
    "description",
    "rules",
    "expect",
    "sigversion",
    "tx",
    "index",
    "hash_type",
    "script_code",
    "amount",
    "prevouts",
    "annex",
    "leaf_hash",
    "codesep_pos",
];

/// The first case key that is not a field of a case, described.
fn unknown_case_key(json: &Value) -> Option<String> {
    let cases = json.get("cases")?.as_array()?;
    cases.iter().find_map(|case| {
        let object = case.as_object()?;
        let key = object.keys().find(|k| !CASE_FIELDS.contains(&k.as_str()))?;
        Some(format!(
            "case {:?} has an unknown field {key:?}",
            object.get("id").and_then(Value::as_str).unwrap_or_default()
        ))
    })
}

/// What an `expect` object states: a hash, or an error token.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    Hash(String),
    Error(String),
}

fn read_expectation(expect: &Value) -> Result<Expect, String> {
    let object = expect
        .as_object()
        .ok_or("cannot parse case: expect must be an object")?;
    match (object.len(), object.get("sighash"), object.get("error")) {
        (1, Some(Value::String(hash)), None) => Ok(Expect::Hash(hash.to_lowercase())),
        (1, None, Some(Value::String(token))) => Ok(Expect::Error(token.clone())),
        _ => {
            Err("cannot parse case: expect must be {\"sighash\": hex} or {\"error\": token}".into())
        }
    }
}

fn judge_case(case: &SighashCase, id: &str, engine: &mut dyn Engine) -> CaseOutcome {
    let expected = match read_expectation(&case.expect) {
        Ok(expected) => expected,
        Err(why) => return CaseOutcome::problem(why),
    };
    let answer = engine.sighash(id, &case.request);
    let verdict = match &expected {
        Expect::Hash(_) => Expected::Ok,
        Expect::Error(token) => Expected::Reject(Some(token.clone())),
    };
    let mut outcome = CaseOutcome::default();
    outcome.main(&verdict, &answer, |got| match &expected {
        Expect::Hash(hash) => format!("expected sighash {hash}, got {got}"),
        Expect::Error(token) => format!("expected {token}, got a sighash"),
    });
    if let (Expect::Hash(want), Answer::Ok(facts)) = (&expected, &answer) {
        match facts.get("sighash").and_then(Value::as_str) {
            Some(got) if got.to_lowercase() == *want => {}
            Some(got) => outcome
                .problems
                .push(format!("sighash {got}, expected {want}")),
            None => outcome
                .problems
                .push("the answer has no \"sighash\" fact".into()),
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(sigversion: &str, hash_type: u32) -> SighashRequest {
        SighashRequest {
            sigversion: sigversion.into(),
            // One input, one output.
            tx: "0100000001".to_string()
                + &"11".repeat(32)
                + "00000000"
                + "00"
                + "ffffffff"
                + "01"
                + "0000000000000000"
                + "00"
                + "00000000",
            index: 0,
            hash_type,
            script_code: Some("51".into()),
            amount: Some(5),
            prevouts: Some(vec![SpentOutput {
                value: 5,
                script_pubkey: "5120".to_string() + &"22".repeat(32),
            }]),
            annex: None,
            leaf_hash: None,
            codesep_pos: None,
        }
    }

    #[test]
    fn every_sigversion_answers_and_bad_taproot_types_fail() {
        let mut memo = SighashMemo::default();
        for version in ["base", "witness_v0", "taproot"] {
            assert!(compute_sighash(&request(version, 1), &mut memo).is_ok());
        }
        assert_eq!(
            compute_sighash(&request("taproot", 4), &mut memo),
            Err(SighashFailure::Error(ScriptError::SchnorrSigHashtype))
        );
        assert!(matches!(
            compute_sighash(&request("tapscript", 1), &mut memo),
            Err(SighashFailure::Malformed(_))
        ));
        assert!(matches!(
            compute_sighash(&request("taproot", 0x100), &mut memo),
            Err(SighashFailure::Malformed(_))
        ));
    }

    #[test]
    fn asking_twice_reuses_the_cache_and_agrees() {
        let mut memo = SighashMemo::default();
        let first = compute_sighash(&request("base", 1), &mut memo).unwrap();
        let other = compute_sighash(&request("base", 0x41), &mut memo).unwrap();
        let again = compute_sighash(&request("base", 1), &mut memo).unwrap();
        assert_eq!(first, again);
        assert_ne!(first, other);
        let fresh = compute_sighash(&request("base", 0x41), &mut SighashMemo::default());
        assert_eq!(fresh, Ok(other));
    }

    #[test]
    fn a_wrong_hash_fails_the_case() {
        let case = SighashCase {
            id: "a".into(),
            description: "d".into(),
            rules: vec!["SIGHASH-LEGACY".into()],
            request: request("base", 1),
            expect: json!({"sighash": "00".repeat(32)}),
        };
        let text = serde_json::to_string(&SighashFile {
            kind: "sighash".into(),
            generator: "test".into(),
            description: "d".into(),
            cases: vec![case],
        })
        .unwrap();
        assert_eq!(
            super::super::Format::detect(std::path::Path::new("f.json"), &text),
            Some(super::super::Format::CanonSighash)
        );
        let mut report = Report::default();
        run("f.json", &text, &mut report);
        assert_eq!(report.failed(), 1);
        assert!(read_expectation(&json!({"sighash": "00", "error": "x"})).is_err());
        let mut extra: Value = serde_json::from_str(&text).unwrap();
        extra["cases"][0]["amount_sat"] = json!(1);
        let mut report = Report::default();
        run("f.json", &extra.to_string(), &mut report);
        assert_eq!(report.failed(), 1);
        assert!(report.results[0].case == "file", "{:?}", report.results[0]);
    }

    #[test]
    fn requests_round_trip_through_the_protocol() {
        use super::super::engine::Request;
        use super::super::protocol::{request_from_json, request_to_json};
        let mut taproot = request("tapscript", 0x83);
        taproot.leaf_hash = Some("33".repeat(32));
        taproot.codesep_pos = Some(7);
        taproot.annex = Some("50aa".into());
        for question in [request("base", 0xffff_ffff), taproot] {
            let line = request_to_json("f#a", &Request::Sighash(question.clone())).to_string();
            assert!(line.contains("\"kind\":\"sighash\""), "{line}");
            let (id, back) = request_from_json(&line).unwrap();
            assert_eq!((id.as_str(), back), ("f#a", Ok(Request::Sighash(question))));
        }
        let bad = r#"{"id":"x","kind":"sighash","sigversion":"base","tx":"00","index":0,"hash_type":1,"extra":1}"#;
        assert!(request_from_json(bad).is_err());
    }
}
