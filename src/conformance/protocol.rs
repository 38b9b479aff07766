//! The runner protocol's messages: one JSON object a line, a request from
//! canon and the adapter's answer. Both ends use this module: canon's
//! client ([`super::adapter_client`]) and canon's own adapter
//! ([`super::adapter_server`]). The protocol is specified in
//! `spec/runner-protocol.md`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::engine::{
    Answer, BlockRequest, ChainRequest, ChainStart, DecodeRequest, Reason, Request, ScriptRequest,
    SighashRequest, StepBytes, TxInContextRequest, TxRequest,
};
use super::test_flags::parse_test_flags;
use super::tx_context_vectors::CoinJson;
use crate::encoding::{Decode, Encode};
use crate::primitives::TxOut;

/// The protocol version canon speaks.
pub const PROTOCOL_VERSION: u64 = 1;

/// The id of the handshake request.
pub const HELLO_ID: &str = "hello";

/// The request kinds canon may send (besides `hello`).
pub const KINDS: [&str; 7] = [
    "decode",
    "script",
    "tx",
    "tx-in-context",
    "block",
    "chain",
    "sighash",
];

/// A request as one JSON object: `{"id", "kind", ...fields}`.
pub fn request_to_json(id: &str, request: &Request) -> Value {
    let mut fields = match request {
        Request::Decode(r) => json!({ "object": r.object, "hex": hex::encode(&r.bytes) }),
        Request::Script(r) => json!({
            "tx": hex::encode(&r.tx),
            "prevouts": r.prevouts.iter().map(|p| hex::encode(p.to_bytes())).collect::<Vec<_>>(),
            "index": r.index,
            "flags": r.flags.names(),
        }),
        Request::Tx(r) => json!({ "tx": hex::encode(&r.tx) }),
        Request::TxInContext(r) => json!({
            "tx": hex::encode(&r.tx),
            "spent": r.spent.iter().map(|coin| coin.as_ref().map(CoinJson::from)).collect::<Vec<_>>(),
            "height": r.height,
            "mtp": r.mtp,
            "flags": r.flags.names(),
        }),
        Request::Block(r) => with_start(
            &r.start,
            json!({
                "prefix": r.prefix.iter().map(hex::encode).collect::<Vec<_>>(),
                "block": hex::encode(&r.block),
            }),
        ),
        Request::Chain(r) => with_start(
            &r.start,
            json!({
                "steps": r.steps.iter().map(|step| match step {
                    StepBytes::Block(bytes) => json!({ "block": hex::encode(bytes) }),
                    StepBytes::Header(bytes) => json!({ "header": hex::encode(bytes) }),
                }).collect::<Vec<_>>(),
            }),
        ),
        Request::Sighash(r) => serde_json::to_value(r).expect("a sighash request serializes"),
    };
    let object = fields.as_object_mut().expect("built as an object above");
    object.insert("id".into(), id.into());
    object.insert("kind".into(), request.kind().into());
    fields
}

/// `fields` with the chain's start: `network`, and `params` when given.
fn with_start(start: &ChainStart, mut fields: Value) -> Value {
    fields["network"] = start.network.clone().into();
    if let Some(params) = &start.params {
        fields["params"] = serde_json::to_value(params).expect("parameters serialize");
    }
    fields
}

/// The handshake request canon sends first to every adapter process.
pub fn hello_request() -> Value {
    json!({
        "id": HELLO_ID,
        "kind": "hello",
        "protocol": PROTOCOL_VERSION,
        "canon": env!("CARGO_PKG_VERSION"),
    })
}

/// Reads a request line: its id and the request, or (for `hello` and
/// unknown kinds) the kind alone.
///
/// # Errors
/// A line that is not a JSON object with a string `id` and `kind`, or a
/// known kind with a missing or malformed field.
pub fn request_from_json(line: &str) -> Result<(String, Result<Request, String>), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .ok_or("no string \"id\"")?
        .to_string();
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("no string \"kind\"")?;
    let hex_field = |name: &str| -> Result<Vec<u8>, String> {
        let text = value
            .get(name)
            .and_then(Value::as_str)
            .ok_or(format!("no string {name:?}"))?;
        hex::decode(text).map_err(|e| format!("{name}: {e}"))
    };
    let request = match kind {
        "decode" => Request::Decode(DecodeRequest {
            object: value
                .get("object")
                .and_then(Value::as_str)
                .ok_or("no string \"object\"")?
                .to_string(),
            bytes: hex_field("hex")?,
        }),
        "script" => Request::Script(ScriptRequest {
            tx: hex_field("tx")?,
            prevouts: prevouts_from_json(value.get("prevouts"))?,
            index: value
                .get("index")
                .and_then(Value::as_u64)
                .and_then(|i| usize::try_from(i).ok())
                .ok_or("no integer \"index\"")?,
            flags: parse_test_flags(
                value
                    .get("flags")
                    .and_then(Value::as_str)
                    .ok_or("no string \"flags\"")?,
            )?,
        }),
        "tx" => Request::Tx(TxRequest {
            tx: hex_field("tx")?,
        }),
        "tx-in-context" => Request::TxInContext(tx_in_context_from_json(&value, hex_field("tx")?)?),
        "block" => Request::Block(BlockRequest {
            start: start_from_json(&value)?,
            prefix: value
                .get("prefix")
                .and_then(Value::as_array)
                .ok_or("no array \"prefix\"")?
                .iter()
                .map(hex_item)
                .collect::<Result<_, _>>()?,
            block: hex_field("block")?,
        }),
        "chain" => Request::Chain(ChainRequest {
            start: start_from_json(&value)?,
            steps: value
                .get("steps")
                .and_then(Value::as_array)
                .ok_or("no array \"steps\"")?
                .iter()
                .map(step_from_json)
                .collect::<Result<_, _>>()?,
        }),
        "sighash" => Request::Sighash(sighash_request_from_json(&value)?),
        other => return Ok((id, Err(other.to_string()))),
    };
    Ok((id, Ok(request)))
}

fn hex_item(item: &Value) -> Result<Vec<u8>, String> {
    item.as_str()
        .and_then(|text| hex::decode(text).ok())
        .ok_or_else(|| "an item is not hex".to_string())
}

fn step_from_json(step: &Value) -> Result<StepBytes, String> {
    match (step.get("block"), step.get("header")) {
        (Some(block), None) => hex_item(block).map(StepBytes::Block),
        (None, Some(header)) => hex_item(header).map(StepBytes::Header),
        _ => Err("a step needs exactly one of \"block\" and \"header\"".into()),
    }
}

fn start_from_json(value: &Value) -> Result<ChainStart, String> {
    Ok(ChainStart {
        network: value
            .get("network")
            .and_then(Value::as_str)
            .ok_or("no string \"network\"")?
            .to_string(),
        params: match value.get("params") {
            None | Some(Value::Null) => None,
            Some(params) => {
                Some(serde_json::from_value(params.clone()).map_err(|e| format!("params: {e}"))?)
            }
        },
    })
}

fn tx_in_context_from_json(value: &Value, tx: Vec<u8>) -> Result<TxInContextRequest, String> {
    let number = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_i64)
            .ok_or(format!("no integer {name:?}"))
    };
    let spent = value
        .get("spent")
        .and_then(Value::as_array)
        .ok_or("no array \"spent\"")?
        .iter()
        .map(|coin| {
            if coin.is_null() {
                return Ok(None);
            }
            let coin: CoinJson =
                serde_json::from_value(coin.clone()).map_err(|e| format!("a spent coin: {e}"))?;
            coin.to_spent().map(Some)
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(TxInContextRequest {
        tx,
        spent,
        height: u32::try_from(number("height")?).map_err(|e| format!("height: {e}"))?,
        mtp: number("mtp")?,
        flags: parse_test_flags(
            value
                .get("flags")
                .and_then(Value::as_str)
                .ok_or("no string \"flags\"")?,
        )?,
    })
}

/// A `sighash` request: the fields of a sighash case's question
/// ([`SighashRequest`]), besides `id` and `kind`.
fn sighash_request_from_json(value: &Value) -> Result<SighashRequest, String> {
    let mut fields = value.as_object().cloned().unwrap_or_default();
    fields.remove("id");
    fields.remove("kind");
    serde_json::from_value(Value::Object(fields)).map_err(|e| format!("sighash request: {e}"))
}

/// `prevouts`: serialized outputs (amount, then scriptPubKey), hex, as in
/// Core's `script_assets_test.json`.
fn prevouts_from_json(value: Option<&Value>) -> Result<Vec<TxOut>, String> {
    let items = value
        .and_then(Value::as_array)
        .ok_or("no array \"prevouts\"")?;
    items
        .iter()
        .map(|item| {
            let bytes = item
                .as_str()
                .and_then(|text| hex::decode(text).ok())
                .ok_or("a prevout is not hex")?;
            TxOut::from_bytes(&bytes).map_err(|e| format!("a prevout does not decode: {e}"))
        })
        .collect()
}

/// An answer as one JSON object: `{"id", "result", "reason"?, "facts"?}`.
pub fn answer_to_json(id: &str, answer: &Answer) -> Value {
    match answer {
        Answer::Ok(facts) if facts.is_empty() => json!({ "id": id, "result": "ok" }),
        Answer::Ok(facts) if facts.len() == 1 && facts.contains_key("steps") => {
            json!({ "id": id, "result": "ok", "steps": facts["steps"] })
        }
        Answer::Ok(facts) => json!({ "id": id, "result": "ok", "facts": facts }),
        Answer::Reject(Some(reason)) => {
            json!({ "id": id, "result": "reject", "reason": reason.token })
        }
        Answer::Reject(None) => json!({ "id": id, "result": "reject" }),
        Answer::Unsupported(why) | Answer::Broken(why) => {
            json!({ "id": id, "result": "unsupported", "reason": why })
        }
    }
}

/// Reads an answer line for the request `id`, translating the reason
/// through the adapter's mapping.
///
/// # Errors
/// Why the line is not a valid answer to `id` (the adapter's output is
/// then out of step and the adapter is restarted).
pub fn answer_from_json(
    line: &str,
    id: &str,
    reasons: &BTreeMap<String, String>,
) -> Result<Answer, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    match object.get("id").and_then(Value::as_str) {
        Some(got) if got == id => {}
        Some(got) => return Err(format!("answers id {got:?}, expected {id:?}")),
        None => return Err("no string \"id\"".into()),
    }
    let reason = match object.get("reason") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => return Err("\"reason\" is not a string".into()),
    };
    match object.get("result").and_then(Value::as_str) {
        Some("ok") => {
            let mut facts = facts_from(object)?;
            if let Some(steps) = object.get("steps") {
                facts.insert("steps".into(), steps.clone());
            }
            Ok(Answer::Ok(facts))
        }
        Some("reject") => Ok(Answer::Reject(reason.map(|raw| map_reason(raw, reasons)))),
        Some("unsupported") => Ok(Answer::Unsupported(
            reason.unwrap_or_else(|| "the adapter gave no reason".into()),
        )),
        Some(other) => Err(format!("unknown result {other:?}")),
        None => Err("no string \"result\"".into()),
    }
}

fn facts_from(object: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    match object.get("facts") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(facts)) => Ok(facts.clone()),
        Some(_) => Err("\"facts\" is not an object".into()),
    }
}

/// The adapter's reason in canon's vocabulary: mapped when the handshake
/// maps it, as given otherwise.
pub fn map_reason(raw: String, reasons: &BTreeMap<String, String>) -> Reason {
    match reasons.get(&raw) {
        Some(token) if *token != raw => Reason {
            token: token.clone(),
            raw: Some(raw),
        },
        _ => Reason {
            token: raw,
            raw: None,
        },
    }
}

/// What an adapter says about itself in its answer to `hello`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hello {
    /// Its name (and version), for reports.
    pub name: Option<String>,
    /// The kinds it answers; `None`: it did not say (every kind is asked).
    pub kinds: Option<Vec<String>>,
    /// The script flags it verifies under; `None`: all of canon's.
    pub script_flags: Option<String>,
    /// Its reject reasons mapped to canon's tokens.
    pub reasons: BTreeMap<String, String>,
}

/// Reads the answer to `hello`. An adapter that answers `unsupported` has
/// no handshake: everything is at its default.
///
/// # Errors
/// A line that is no valid answer to `hello`, or malformed fields.
pub fn hello_from_json(line: &str) -> Result<Hello, String> {
    let answer = answer_from_json(line, HELLO_ID, &BTreeMap::new())?;
    if matches!(answer, Answer::Unsupported(_)) {
        return Ok(Hello::default());
    }
    let value: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
    let kinds = match value.get("kinds") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|k| {
                    k.as_str()
                        .map(str::to_string)
                        .ok_or("a kind is not a string")
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err("\"kinds\" is not an array".into()),
    };
    let mut reasons = BTreeMap::new();
    match value.get("reasons") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (theirs, ours) in map {
                let ours = ours.as_str().ok_or("a reason mapping is not a string")?;
                reasons.insert(theirs.clone(), ours.to_string());
            }
        }
        Some(_) => return Err("\"reasons\" is not an object".into()),
    }
    let script_flags = text("script_flags");
    if let Some(flags) = &script_flags {
        parse_test_flags(flags).map_err(|e| format!("script_flags: {e}"))?;
    }
    Ok(Hello {
        name: text("name"),
        kinds,
        script_flags,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::VerifyFlags;

    #[test]
    fn requests_round_trip() {
        let request = Request::Script(ScriptRequest {
            tx: vec![1, 2, 3],
            prevouts: vec![TxOut {
                value: 5,
                script_pubkey: vec![0x51],
            }],
            index: 0,
            flags: VerifyFlags::P2SH.union(VerifyFlags::WITNESS),
        });
        let line = request_to_json("a#1", &request).to_string();
        assert!(
            line.contains("\"prevouts\":[\"05000000000000000151\"]"),
            "{line}"
        );
        assert!(line.contains("\"flags\":\"P2SH,WITNESS\""), "{line}");
        let (id, back) = request_from_json(&line).unwrap();
        assert_eq!((id.as_str(), back), ("a#1", Ok(request)));
        let (_, unknown) = request_from_json(r#"{"id":"x","kind":"mempool"}"#).unwrap();
        assert_eq!(unknown, Err("mempool".to_string()));
        assert!(request_from_json(r#"{"id":"x","kind":"chain"}"#).is_err());
        assert!(request_from_json(r#"{"id":"x","kind":"tx"}"#).is_err());
    }

    #[test]
    fn answers_are_checked_and_mapped() {
        let map = BTreeMap::from([("bad-sig".to_string(), "SIG_DER".to_string())]);
        let got = answer_from_json(
            r#"{"id":"7","result":"reject","reason":"bad-sig"}"#,
            "7",
            &map,
        );
        assert_eq!(
            got,
            Ok(Answer::Reject(Some(Reason {
                token: "SIG_DER".into(),
                raw: Some("bad-sig".into())
            })))
        );
        assert!(answer_from_json(r#"{"id":"8","result":"ok"}"#, "7", &map).is_err());
        assert!(answer_from_json(r#"{"id":"7","result":"maybe"}"#, "7", &map).is_err());
        assert!(answer_from_json("garbage", "7", &map).is_err());
        let ok = answer_from_json(r#"{"id":"7","result":"ok","facts":{"size":3}}"#, "7", &map);
        assert!(matches!(ok, Ok(Answer::Ok(facts)) if facts["size"] == 3));
        let line = answer_to_json("7", &Answer::reject("EVAL_FALSE")).to_string();
        assert_eq!(
            line,
            r#"{"id":"7","reason":"EVAL_FALSE","result":"reject"}"#
        );
    }

    #[test]
    fn hello_is_optional() {
        let none = hello_from_json(r#"{"id":"hello","result":"unsupported"}"#).unwrap();
        assert_eq!(none, Hello::default());
        let hello = hello_from_json(
            r#"{"id":"hello","result":"ok","name":"x 1.0","kinds":["script"],
                "script_flags":"P2SH","reasons":{"a":"B"}}"#,
        )
        .unwrap();
        assert_eq!(hello.kinds, Some(vec!["script".to_string()]));
        assert_eq!(hello.reasons["a"], "B");
        assert!(hello_from_json(r#"{"id":"hello","result":"ok","kinds":"script"}"#).is_err());
        assert!(hello_from_json(r#"{"id":"hello","result":"ok","script_flags":"NOPE"}"#).is_err());
    }
}
