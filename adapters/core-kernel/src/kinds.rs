//! Kinds `block` and `chain` of the runner protocol
//! (spec/runner-protocol.md), answered by a [`KernelChain`].

use serde_json::{json, Value};

use crate::chain::{block_hash, KernelChain, Outcome, StepResult, Tip};

/// Why a request cannot be answered: the answer is `unsupported` with it.
pub type Unsupported = String;

/// Only regtest, with its own parameters: the kernel's chain parameters
/// cannot be customised.
fn check_network(request: &Value) -> Result<(), Unsupported> {
    match request.get("network").and_then(Value::as_str) {
        Some("regtest") => {}
        other => return Err(format!("network {other:?}: the adapter runs regtest only")),
    }
    match request.get("params") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(fields)) if fields.is_empty() => Ok(()),
        Some(params) => Err(format!(
            "custom parameters {params}: the kernel's regtest parameters cannot be changed"
        )),
    }
}

fn hex_bytes(value: Option<&Value>, what: &str) -> Result<Vec<u8>, Unsupported> {
    value
        .and_then(Value::as_str)
        .and_then(|text| hex::decode(text).ok())
        .ok_or_else(|| format!("{what} is not hex"))
}

fn tip_json(tip: &Tip) -> Value {
    json!({ "hash": tip.hash, "height": tip.height })
}

/// Kind `chain`: the `steps` array of the answer.
///
/// # Errors
/// Why the request is unsupported.
pub fn run_chain(request: &Value) -> Result<Value, Unsupported> {
    check_network(request)?;
    let steps = request
        .get("steps")
        .and_then(Value::as_array)
        .ok_or("no array \"steps\"")?;
    let chain = KernelChain::new()?;
    let mut answers = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let outcome = match (step.get("block"), step.get("header")) {
            (Some(block), None) => chain.block(&hex_bytes(Some(block), "a block")?),
            (None, Some(header)) => chain.header(&hex_bytes(Some(header), "a header")?),
            _ => return Err(format!("step {i} has not exactly one of block and header")),
        };
        let mut answer =
            json!({ "result": outcome.result.as_str(), "tip": tip_json(&chain.tip()) });
        if let Some(reason) = outcome.reason {
            answer["reason"] = reason.into();
        }
        answers.push(answer);
    }
    Ok(Value::Array(answers))
}

/// Kind `block`: the answer's `result` and its other fields.
///
/// # Errors
/// Why the request is unsupported (a prefix block that does not connect
/// among them).
pub fn run_block(request: &Value) -> Result<Value, Unsupported> {
    check_network(request)?;
    let prefix = match request.get("prefix") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => &items[..],
        Some(_) => return Err("\"prefix\" is not an array".into()),
    };
    let block = hex_bytes(request.get("block"), "\"block\"")?;
    let chain = KernelChain::new()?;
    for (i, item) in prefix.iter().enumerate() {
        let bytes = hex_bytes(Some(item), "a prefix block")?;
        let outcome = chain.block(&bytes);
        if !is_tip(&chain, &outcome, &bytes) {
            return Err(format!(
                "prefix block {i} not accepted: {}",
                describe(&outcome)
            ));
        }
    }
    let outcome = chain.block(&block);
    if is_tip(&chain, &outcome, &block) {
        return Ok(json!({ "result": "ok" }));
    }
    let mut answer = json!({
        "result": "reject",
        "mutated": outcome.result == StepResult::Mutated,
    });
    if let Some(reason) = outcome.reason {
        answer["reason"] = reason.into();
    }
    Ok(answer)
}

/// Whether the block was accepted and is now the tip.
fn is_tip(chain: &KernelChain, outcome: &Outcome, bytes: &[u8]) -> bool {
    outcome.result == StepResult::Accepted && block_hash(bytes) == Some(chain.tip().hash)
}

fn describe(outcome: &Outcome) -> String {
    match (&outcome.result, &outcome.reason) {
        (StepResult::Accepted, _) => "accepted but not the tip".into(),
        (result, Some(reason)) => format!("{} ({reason})", result.as_str()),
        (result, None) => result.as_str().into(),
    }
}
