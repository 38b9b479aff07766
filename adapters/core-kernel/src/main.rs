//! `canon-core-kernel`: Bitcoin Core, through libbitcoinkernel, as a
//! runner-protocol adapter (`canon run --impl canon-core-kernel PATH...`).
//!
//! It reads one JSON request a line on stdin and writes one JSON answer a
//! line on stdout (spec/runner-protocol.md). What Core's kernel library can
//! be asked, it is asked; what it cannot be asked is answered `unsupported`:
//!
//! - `script`: `btck_script_pubkey_verify` with the spent outputs. The kernel
//!   verifies under the consensus flags only (P2SH, DERSIG, NULLDUMMY,
//!   CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY, WITNESS, TAPROOT), declared
//!   in the handshake; and it does not report the script error, so a
//!   rejection carries no reason.
//! - `tx`: `btck_transaction_check` (Core's `CheckTransaction`); its result
//!   says only that a consensus rule failed, not which, so no reason either.
//! - `decode`: `btck_transaction_create` / `btck_block_create` /
//!   `btck_block_header_create`. They read from a stream and ignore what
//!   follows the object, so the adapter re-serializes the object and
//!   rejects leftover bytes, as Core's `DecodeHexTx`/`DecodeHexBlk` do. The
//!   facts it can report: `txid`, `size`, `inputs`, `outputs` of a
//!   transaction; `hash` and `transactions` of a block; `hash` of a header.
//!
//! - `block` and `chain`: a fresh regtest chainstate in a temporary
//!   directory per request (the library's `chain.rs` and `kinds.rs`); the
//!   fate of each block from the kernel's `block_checked` callback, the
//!   reject reason from its log (`reason.rs`).
//!
//! The kernel is linked only into this process: it cannot share a binary
//! with `bitcoinconsensus` (duplicate libsecp256k1 and C++ symbols).

use std::io::{self, BufRead, Write};

use bitcoinkernel::prelude::*;
use bitcoinkernel::{
    verify, Block, BlockHeader, KernelError, PrecomputedTransactionData, ScriptPubkey,
    ScriptVerifyError, Transaction, TxCheckResult, TxOut, VERIFY_CHECKLOCKTIMEVERIFY,
    VERIFY_CHECKSEQUENCEVERIFY, VERIFY_DERSIG, VERIFY_NULLDUMMY, VERIFY_P2SH, VERIFY_TAPROOT,
    VERIFY_WITNESS,
};
use canon_core_kernel_adapter::{chain, display_hex, kinds};
use serde_json::{json, Map, Value};

/// The flags the kernel verifies under, by Core's names.
const FLAGS: [(&str, u32); 7] = [
    ("P2SH", VERIFY_P2SH),
    ("DERSIG", VERIFY_DERSIG),
    ("NULLDUMMY", VERIFY_NULLDUMMY),
    ("CHECKLOCKTIMEVERIFY", VERIFY_CHECKLOCKTIMEVERIFY),
    ("CHECKSEQUENCEVERIFY", VERIFY_CHECKSEQUENCEVERIFY),
    ("WITNESS", VERIFY_WITNESS),
    ("TAPROOT", VERIFY_TAPROOT),
];

/// An answer: `ok` with facts, `reject` (the kernel gives no reason), or
/// `unsupported` with why.
enum Answer {
    Ok(Map<String, Value>),
    Reject,
    Unsupported(String),
}

fn main() -> io::Result<()> {
    // The kernel's log is where block reject reasons are (see reason.rs).
    let _logger = chain::connect_log().map_err(io::Error::other)?;
    let stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    for line in stdin.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(stdout, "{}", answer_line(&line))?;
        stdout.flush()?;
    }
    Ok(())
}

fn answer_line(line: &str) -> Value {
    let request: Value = match serde_json::from_str(line) {
        Ok(request) => request,
        Err(e) => return unsupported(Value::Null, &format!("malformed request: {e}")),
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let answer = match request.get("kind").and_then(Value::as_str) {
        Some("hello") => return hello(id),
        Some("script") => verify_script(&request),
        Some("tx") => check_transaction(&request),
        Some("decode") => decode(&request),
        Some("chain") => {
            return match kinds::run_chain(&request) {
                Ok(steps) => json!({ "id": id, "result": "ok", "steps": steps }),
                Err(why) => unsupported(id, &why),
            }
        }
        Some("block") => {
            return match kinds::run_block(&request) {
                Ok(mut answer) => {
                    answer["id"] = id;
                    answer
                }
                Err(why) => unsupported(id, &why),
            }
        }
        Some(other) => Err(format!("the kernel adapter has no kind {other:?}")),
        None => Err("no string \"kind\"".into()),
    };
    match answer {
        Ok(Answer::Ok(facts)) if facts.is_empty() => json!({ "id": id, "result": "ok" }),
        Ok(Answer::Ok(facts)) => json!({ "id": id, "result": "ok", "facts": facts }),
        Ok(Answer::Reject) => json!({ "id": id, "result": "reject" }),
        Ok(Answer::Unsupported(why)) | Err(why) => unsupported(id, &why),
    }
}

fn unsupported(id: Value, why: &str) -> Value {
    json!({ "id": id, "result": "unsupported", "reason": why })
}

fn hello(id: Value) -> Value {
    let flags: Vec<&str> = FLAGS.iter().map(|(name, _)| *name).collect();
    json!({
        "id": id,
        "result": "ok",
        "name": "Bitcoin Core libbitcoinkernel (bitcoinkernel 0.3.2, libbitcoinkernel-sys 0.4.1)",
        "kinds": ["script", "tx", "decode", "block", "chain"],
        "script_flags": flags.join(","),
        "reasons": {},
    })
}

/// Kind `script`.
fn verify_script(request: &Value) -> Result<Answer, String> {
    let tx = match Transaction::new(&hex_field(request, "tx")?) {
        Ok(tx) => tx,
        Err(e) => {
            return Ok(Answer::Unsupported(format!(
                "the kernel cannot decode the transaction: {e}"
            )))
        }
    };
    let index = request
        .get("index")
        .and_then(Value::as_u64)
        .and_then(|i| usize::try_from(i).ok())
        .ok_or("no integer \"index\"")?;
    let mut flags = 0;
    let names = request
        .get("flags")
        .and_then(Value::as_str)
        .ok_or("no string \"flags\"")?;
    for name in names.split(',').filter(|n| !n.is_empty() && *n != "NONE") {
        match FLAGS.iter().find(|(known, _)| *known == name) {
            Some((_, bit)) => flags |= bit,
            None => {
                return Ok(Answer::Unsupported(format!(
                    "flag {name} is not a consensus flag; the kernel verifies consensus flags only"
                )))
            }
        }
    }
    let prevouts = prevouts(request)?;
    if index >= tx.input_count() || prevouts.len() != tx.input_count() {
        return Err(format!(
            "input {index} of {} inputs with {} prevouts",
            tx.input_count(),
            prevouts.len()
        ));
    }
    let spent: Vec<TxOut> = prevouts
        .iter()
        .map(|(value, script)| ScriptPubkey::new(script).map(|s| TxOut::new(&s, *value)))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("a prevout's script: {e}"))?;
    let txdata = PrecomputedTransactionData::new(&tx, &spent).map_err(|e| e.to_string())?;
    let (value, script) = &prevouts[index];
    let script = ScriptPubkey::new(script).map_err(|e| e.to_string())?;
    match verify(&script, Some(*value), &tx, index, Some(flags), &txdata) {
        Ok(()) => Ok(Answer::Ok(Map::new())),
        Err(KernelError::ScriptVerify(ScriptVerifyError::Invalid)) => Ok(Answer::Reject),
        Err(e) => Ok(Answer::Unsupported(format!(
            "the kernel refused the request: {e}"
        ))),
    }
}

/// The `prevouts` field: serialized outputs (8-byte little-endian amount,
/// CompactSize length, scriptPubKey), hex.
fn prevouts(request: &Value) -> Result<Vec<(i64, Vec<u8>)>, String> {
    let items = request
        .get("prevouts")
        .and_then(Value::as_array)
        .ok_or("no array \"prevouts\"")?;
    items
        .iter()
        .map(|item| {
            let bytes = item
                .as_str()
                .and_then(|text| hex::decode(text).ok())
                .ok_or("a prevout is not hex")?;
            parse_txout(&bytes)
                .ok_or_else(|| format!("a prevout does not parse: {}", hex::encode(&bytes)))
        })
        .collect()
}

fn parse_txout(bytes: &[u8]) -> Option<(i64, Vec<u8>)> {
    let value = i64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    let rest = &bytes[8..];
    let (len, skip) = match *rest.first()? {
        n @ 0..=0xfc => (u64::from(n), 1),
        0xfd => (
            u64::from(u16::from_le_bytes(rest.get(1..3)?.try_into().ok()?)),
            3,
        ),
        0xfe => (
            u64::from(u32::from_le_bytes(rest.get(1..5)?.try_into().ok()?)),
            5,
        ),
        0xff => (u64::from_le_bytes(rest.get(1..9)?.try_into().ok()?), 9),
    };
    let script = rest.get(skip..)?;
    (script.len() as u64 == len).then(|| (value, script.to_vec()))
}

/// Kind `tx`: Core's `CheckTransaction`.
fn check_transaction(request: &Value) -> Result<Answer, String> {
    let Ok(tx) = Transaction::new(&hex_field(request, "tx")?) else {
        return Ok(Answer::Reject);
    };
    Ok(match tx.check() {
        TxCheckResult::Valid => Answer::Ok(Map::new()),
        TxCheckResult::Invalid(_) => Answer::Reject,
    })
}

/// Kind `decode`.
fn decode(request: &Value) -> Result<Answer, String> {
    let bytes = hex_field(request, "hex")?;
    let object = request
        .get("object")
        .and_then(Value::as_str)
        .ok_or("no string \"object\"")?;
    let mut facts = Map::new();
    match object {
        "tx" => {
            let Ok(tx) = Transaction::new(&bytes) else {
                return Ok(Answer::Reject);
            };
            let encoded = tx.consensus_encode().map_err(|e| e.to_string())?;
            if encoded.len() != bytes.len() {
                return Ok(Answer::Reject);
            }
            facts.insert("txid".into(), display_hex(tx.txid().to_bytes()).into());
            facts.insert("size".into(), bytes.len().into());
            facts.insert("inputs".into(), tx.input_count().into());
            facts.insert("outputs".into(), tx.output_count().into());
        }
        "block" => {
            let Ok(block) = Block::new(&bytes) else {
                return Ok(Answer::Reject);
            };
            let encoded = block.consensus_encode().map_err(|e| e.to_string())?;
            if encoded.len() != bytes.len() {
                return Ok(Answer::Reject);
            }
            facts.insert("hash".into(), display_hex(block.hash().to_bytes()).into());
            facts.insert("transactions".into(), block.transaction_count().into());
        }
        "header" => {
            if bytes.len() != 80 {
                return Ok(Answer::Reject);
            }
            let header = BlockHeader::new(&bytes).map_err(|e| e.to_string())?;
            facts.insert("hash".into(), display_hex(header.hash().to_bytes()).into());
        }
        other => return Ok(Answer::Unsupported(format!("unknown object {other:?}"))),
    }
    Ok(Answer::Ok(facts))
}

fn hex_field(request: &Value, name: &str) -> Result<Vec<u8>, String> {
    let text = request
        .get(name)
        .and_then(Value::as_str)
        .ok_or(format!("no string {name:?}"))?;
    hex::decode(text).map_err(|e| format!("{name}: {e}"))
}
