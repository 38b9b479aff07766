//! rust-bitcoin as a runner-protocol adapter, for decode-level kinds only:
//!
//! ```text
//! cargo build --release --example rust_bitcoin_adapter
//! canon run --impl target/release/examples/rust_bitcoin_adapter vectors/
//! ```
//!
//! It answers `decode` requests with rust-bitcoin 0.32's consensus decoder
//! and the facts rust-bitcoin computes (it has no merkle-mutation check, so
//! `merkle_mutated` is not reported); every other kind is `unsupported`.
//! Its error messages are its own; the handshake maps the ones that mean
//! the same as Core's to Core's words, and the rest show up as reason
//! differences, which is what they are.

use std::io::{self, BufRead, Write};

use bitcoin::block::Header;
use bitcoin::consensus::deserialize;
use bitcoin::{Block, Transaction};
use serde_json::{json, Map, Value};

fn main() -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    for line in stdin.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            writeln!(stdout, "{}", answer(&line))?;
            stdout.flush()?;
        }
    }
    Ok(())
}

fn answer(line: &str) -> Value {
    let Ok(request) = serde_json::from_str::<Value>(line) else {
        return json!({ "id": null, "result": "unsupported", "reason": "not JSON" });
    };
    let id = request["id"].clone();
    match request["kind"].as_str() {
        Some("hello") => json!({
            "id": id,
            "result": "ok",
            "name": "rust-bitcoin 0.32",
            "kinds": ["decode"],
            "reasons": {
                "unsupported segwit version": "Unknown transaction optional data",
                "parse failed: witness flag set but no witnesses present": "Superfluous witness record",
                "parse failed: data not consumed entirely when explicitly deserializing": "trailing data",
                "non-minimal varint": "non-canonical ReadCompactSize()",
            },
        }),
        Some("decode") => decode(id, &request),
        _ => json!({ "id": id, "result": "unsupported", "reason": "rust-bitcoin: decode only" }),
    }
}

fn decode(id: Value, request: &Value) -> Value {
    let Some(bytes) = request["hex"].as_str().and_then(|h| hex::decode(h).ok()) else {
        return json!({ "id": id, "result": "unsupported", "reason": "no hex" });
    };
    let facts = match request["object"].as_str() {
        Some("tx") => deserialize::<Transaction>(&bytes).map(|tx| tx_facts(&tx)),
        Some("block") => deserialize::<Block>(&bytes).map(|block| block_facts(&block)),
        Some("header") => deserialize::<Header>(&bytes)
            .map(|header| facts([("hash", json!(header.block_hash().to_string()))])),
        _ => return json!({ "id": id, "result": "unsupported", "reason": "unknown object" }),
    };
    match facts {
        Ok(facts) => json!({ "id": id, "result": "ok", "facts": facts }),
        Err(e) => {
            // "unsupported segwit version: 2" names the flag byte; the
            // reason mapping keys on the message alone.
            let text = e.to_string();
            let reason = text
                .split(": ")
                .next()
                .filter(|head| *head == "unsupported segwit version");
            json!({ "id": id, "result": "reject", "reason": reason.unwrap_or(&text) })
        }
    }
}

fn facts<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn tx_facts(tx: &Transaction) -> Map<String, Value> {
    facts([
        ("txid", json!(tx.compute_txid().to_string())),
        ("wtxid", json!(tx.compute_wtxid().to_string())),
        ("size", json!(tx.total_size())),
        ("stripped_size", json!(tx.base_size())),
        ("weight", json!(tx.weight().to_wu())),
        ("inputs", json!(tx.input.len())),
        ("outputs", json!(tx.output.len())),
    ])
}

fn block_facts(block: &Block) -> Map<String, Value> {
    let mut map = facts([
        ("hash", json!(block.block_hash().to_string())),
        ("transactions", json!(block.txdata.len())),
        ("weight", json!(block.weight().to_wu())),
    ]);
    if let Some(root) = block.compute_merkle_root() {
        map.insert("merkle_root".into(), json!(root.to_string()));
    }
    map
}
