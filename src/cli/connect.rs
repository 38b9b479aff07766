//! `canon connect`: validate one block against a UTXO set, without its
//! ancestors. Every rule that needs only the block, its height, the given
//! coins and (with `--mtp`) its parent's median time past is checked, in
//! Core's order; rules that need more are listed as skipped.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use canon::encoding::Decode;
use canon::params::{consensus_params, ConsensusParams};
use canon::primitives::{Block, OutPoint, TxOut, Txid};
use canon::validation::{
    check_block, check_block_version, check_block_weight, check_coinbase_height,
    check_time_after_median, check_time_not_too_new, check_transactions_final,
    check_witness_malleation, connect_block, lock_time_cutoff, BlockError, Coin, PartialContext,
    Skipped,
};
use serde::Deserialize;

use super::replay::NetworkArg;

/// One coin of the `--utxos` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UtxoEntry {
    /// The txid, in display (reversed) hex.
    txid: String,
    vout: u32,
    /// The value in satoshis.
    value: i64,
    /// The scriptPubKey, hex.
    script_pubkey: String,
    /// The height of the block that created it.
    height: u32,
    /// Whether a coinbase created it.
    coinbase: bool,
}

/// Validates `block` (hex or @FILE) at `height` against the coins of
/// `utxos`; prints `valid` and the fees, or the reject reason (exit 1).
pub fn run(
    network: NetworkArg,
    height: u32,
    utxos: &Path,
    mtp: Option<i64>,
    block: &str,
) -> Result<ExitCode, String> {
    let params = consensus_params(network.network());
    let bytes = super::read_bytes_arg(block)?;
    let block = Block::from_bytes(&bytes).map_err(|e| format!("the block does not decode: {e}"))?;
    let mut coins = read_utxos(utxos)?;
    let mut skipped = vec![
        "bad-diffbits: needs the ancestors' headers".to_string(),
        "time-timewarp-attack: needs the parent's header".to_string(),
    ];
    if mtp.is_none() {
        skipped.push("time-too-old: needs the parent's median time past (--mtp)".into());
    }
    let result = check(&block, height, mtp, &params, &mut skipped)
        .and_then(|()| connect(&block, height, mtp, &mut coins, &params, &mut skipped));
    let mut text = match &result {
        Ok(fees) => format!("valid\nfees {fees}\n"),
        Err(error) => format!("{}\n", error.reject_reason()),
    };
    for rule in &skipped {
        text.push_str(&format!("skipped {rule}\n"));
    }
    super::print_out(&text);
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `CheckBlock`, the contextual header rules the context allows, then
/// `ContextualCheckBlock`, in Core's order.
fn check(
    block: &Block,
    height: u32,
    mtp: Option<i64>,
    params: &ConsensusParams,
    skipped: &mut Vec<String>,
) -> Result<(), BlockError> {
    check_block(block, params)?;
    if let Some(mtp) = mtp {
        check_time_after_median(&block.header, mtp)?;
    }
    check_time_not_too_new(&block.header, system_time())?;
    check_block_version(&block.header, height, params)?;
    let cutoff = |mtp| lock_time_cutoff(block, height, mtp, params);
    match mtp {
        Some(mtp) => check_transactions_final(block, height, cutoff(mtp))?,
        None => {
            // Not final even with the latest cutoff: not final at all. Final
            // even with the earliest: final whatever the median time past.
            check_transactions_final(block, height, cutoff(i64::MAX))?;
            if check_transactions_final(block, height, cutoff(i64::MIN)).is_err() {
                skipped.push(
                    "bad-txns-nonfinal (BIP-0113): needs the parent's median time past (--mtp)"
                        .into(),
                );
            }
        }
    }
    check_coinbase_height(block, height, params)?;
    check_witness_malleation(block, height >= params.segwit_height)?;
    check_block_weight(block)
}

/// `ConnectBlock` against the given coins; returns the fees.
fn connect(
    block: &Block,
    height: u32,
    mtp: Option<i64>,
    coins: &mut HashMap<OutPoint, Coin>,
    params: &ConsensusParams,
    skipped: &mut Vec<String>,
) -> Result<i64, BlockError> {
    let context = PartialContext {
        height,
        prev_mtp: mtp,
    };
    let connected = connect_block(block, &context, coins, params)?;
    for skip in connected.skipped {
        match skip {
            Skipped::SequenceLockTime { index, height } => skipped.push(format!(
                "bad-txns-nonfinal (BIP-0068) of transaction {index}: needs the median time past of block {height}"
            )),
        }
    }
    Ok(connected.fees)
}

/// Reads the `--utxos` JSON file.
fn read_utxos(path: &Path) -> Result<HashMap<OutPoint, Coin>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let entries: Vec<UtxoEntry> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut coins = HashMap::with_capacity(entries.len());
    for entry in entries {
        let txid: Txid = entry
            .txid
            .parse()
            .map_err(|e| format!("{}: txid {}: {e}", path.display(), entry.txid))?;
        let script_pubkey = hex::decode(&entry.script_pubkey).map_err(|e| {
            format!(
                "{}: script_pubkey {}: {e}",
                path.display(),
                entry.script_pubkey
            )
        })?;
        let coin = Coin {
            output: TxOut {
                value: entry.value,
                script_pubkey,
            },
            height: entry.height,
            is_coinbase: entry.coinbase,
        };
        coins.insert(
            OutPoint {
                txid,
                vout: entry.vout,
            },
            coin,
        );
    }
    Ok(coins)
}

/// The system clock in Unix seconds.
fn system_time() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
