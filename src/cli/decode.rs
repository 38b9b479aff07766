//! `canon decode`: bytes in, JSON out.

use std::process::ExitCode;

use canon::encoding::{Decode, DecodeError};
use canon::primitives::{Block, BlockHeader, Transaction};
use clap::ValueEnum;
use serde_json::{json, Value};

/// The kinds of object `canon decode` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Object {
    /// A transaction, in the legacy or the BIP-0144 witness serialization.
    Tx,
    /// A block: header followed by its transactions.
    Block,
    /// An 80-byte block header.
    Header,
}

/// Decodes `input` as `object` and prints JSON; on a decoding failure prints
/// `{"error": token, "rule": id, "message": ...}` and returns exit status 1.
pub fn run(object: Object, input: &str, full: bool) -> Result<ExitCode, String> {
    let bytes = super::read_bytes_arg(input)?;
    let described = match object {
        Object::Tx => Transaction::from_bytes(&bytes).map(|tx| describe_tx(&tx)),
        Object::Block => Block::from_bytes(&bytes).map(|block| describe_block(&block, full)),
        Object::Header => BlockHeader::from_bytes(&bytes).map(|h| describe_header(&h)),
    };
    let (value, code) = match described {
        Ok(value) => (value, ExitCode::SUCCESS),
        Err(e) => (describe_error(&e), ExitCode::FAILURE),
    };
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value always serializes");
    text.push('\n');
    super::print_out(&text);
    Ok(code)
}

fn describe_error(e: &DecodeError) -> Value {
    json!({ "error": e.token(), "rule": e.rule_id(), "message": e.to_string() })
}

/// The JSON description of a transaction.
pub fn describe_tx(tx: &Transaction) -> Value {
    let inputs: Vec<Value> = tx
        .inputs
        .iter()
        .map(|input| {
            json!({
                "prevout": { "txid": input.prevout.txid.to_string(), "vout": input.prevout.vout },
                "script_sig": hex::encode(&input.script_sig),
                "sequence": input.sequence,
                "witness": input.witness.stack.iter().map(hex::encode).collect::<Vec<_>>(),
            })
        })
        .collect();
    let outputs: Vec<Value> = tx
        .outputs
        .iter()
        .map(|output| {
            json!({ "value": output.value, "script_pubkey": hex::encode(&output.script_pubkey) })
        })
        .collect();
    json!({
        "txid": tx.txid().to_string(),
        "wtxid": tx.wtxid().to_string(),
        "version": tx.version,
        "lock_time": tx.lock_time,
        "size": tx.total_size(),
        "stripped_size": tx.stripped_size(),
        "weight": tx.weight(),
        "vsize": tx.vsize(),
        "coinbase": tx.is_coinbase(),
        "inputs": inputs,
        "outputs": outputs,
    })
}

/// The JSON description of a header.
pub fn describe_header(header: &BlockHeader) -> Value {
    let target = header.target();
    json!({
        "hash": header.block_hash().to_string(),
        "version": header.version,
        "prev_blockhash": header.prev_blockhash.to_string(),
        "merkle_root": header.merkle_root.to_string(),
        "time": header.time,
        "bits": format!("{:08x}", header.bits),
        "nonce": header.nonce,
        "target": target.target.to_string(),
        "target_negative": target.negative,
        "target_overflow": target.overflow,
        "work": header.work().to_string(),
    })
}

/// The JSON description of a block: header, merkle checks, sizes and txids
/// (every transaction in full with `full`).
pub fn describe_block(block: &Block, full: bool) -> Value {
    let merkle = block.compute_merkle_root();
    let witness_merkle = block.compute_witness_merkle_root();
    let mut value = json!({
        "hash": block.block_hash().to_string(),
        "header": describe_header(&block.header),
        "merkle_root": merkle.root.to_string(),
        "merkle_root_matches_header": merkle.root == block.header.merkle_root,
        "merkle_mutated": merkle.mutated,
        "witness_merkle_root": witness_merkle.root.to_string(),
        "size": block.total_size(),
        "stripped_size": block.stripped_size(),
        "weight": block.weight(),
        "tx_count": block.transactions.len(),
        "txids": block.transactions.iter().map(|tx| tx.txid().to_string()).collect::<Vec<_>>(),
    });
    if full {
        value["transactions"] = block.transactions.iter().map(describe_tx).collect();
    }
    value
}
