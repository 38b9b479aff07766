//! Seed corpora for the fuzz targets, built at run time from canon's
//! vectors (`vectors/`) and the upstream vectors (`../shared/vectors/`).
//! Seeds are never committed: `fuzz/make-seeds` writes them.
//!
//! Each seed is in its target's input format, so every seed is a meaningful
//! input rather than noise: real transactions and blocks for the decoders,
//! Core's script test scripts for `script_eval`, Core's transaction tests
//! with their spent outputs for `flags_monotonic`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::conformance::asm::parse_script;
use crate::conformance::decode_vectors::DecodeFile;
use crate::conformance::script_harness::{crediting_transaction, spending_transaction};
use crate::conformance::script_tests::parse_cases;
use crate::encoding::{Decode, Encode, Reader};
use crate::params::{genesis_block, Network};
use crate::primitives::{Block, Transaction, TxOut};
use crate::script::VerifyFlags;

use super::script_eval::defined_flags;

/// One seed: the target it feeds, a file name, the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// The target's name.
    pub target: &'static str,
    /// A file name, unique within the target.
    pub name: String,
    /// The input.
    pub bytes: Vec<u8>,
}

/// The upstream vectors directory: `$CANON_SHARED_VECTORS`, else
/// `<canon>/../shared/vectors`, else `/work/shared/vectors`.
pub fn shared_vectors_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CANON_SHARED_VECTORS") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    candidates.push(PathBuf::from("/work/shared/vectors"));
    candidates.into_iter().find(|dir| dir.is_dir())
}

/// canon's own vector directory.
pub fn canon_vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Transactions: Core's tx_valid/tx_invalid, canon's decode vectors and
/// the transactions of mainnet block 413567 and blocks 1-255.
pub fn transactions(shared: &Path, canon: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for file in ["tx_valid", "tx_invalid"] {
        for (i, row) in tx_rows(shared, file) {
            out.push((format!("{file}-{i}"), row.tx_bytes));
        }
    }
    for (id, object, bytes) in canon_decode_cases(canon) {
        if object == "tx" {
            out.push((format!("canon-{id}"), bytes));
        }
    }
    for (name, block) in blocks(shared, canon) {
        if let Ok(block) = Block::from_bytes(&block) {
            // Every 25th transaction: varied without thousands of files.
            for (i, tx) in block.transactions.iter().enumerate().step_by(25) {
                out.push((format!("{name}-tx{i}"), tx.to_bytes()));
            }
        }
    }
    out
}

/// Blocks: every network's genesis, mainnet blocks 1-255 (every 16th),
/// block 413567 and canon's decode vectors.
pub fn blocks(shared: &Path, canon: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Network::ALL
        .iter()
        .map(|n| (format!("genesis-{n:?}"), genesis_block(*n).to_bytes()))
        .collect();
    if let Ok(bytes) = fs::read(shared.join("chain/mainnet-blocks-1-255.dat")) {
        let mut rest = &bytes[..];
        let mut height = 1;
        while rest.len() >= 8 {
            let len = u32::from_le_bytes(rest[4..8].try_into().expect("4 bytes")) as usize;
            let Some(block) = rest.get(8..8 + len) else {
                break;
            };
            if height % 16 == 1 {
                out.push((format!("mainnet-{height}"), block.to_vec()));
            }
            rest = &rest[8 + len..];
            height += 1;
        }
    }
    if let Ok(bytes) = fs::read(shared.join("core/block413567.raw")) {
        out.push(("block413567".into(), bytes));
    }
    for (id, object, bytes) in canon_decode_cases(canon) {
        if object == "block" {
            out.push((format!("canon-{id}"), bytes));
        }
    }
    out
}

/// The id, object kind and bytes of every case of canon's decode vectors.
fn canon_decode_cases(canon: &Path) -> Vec<(String, String, Vec<u8>)> {
    let mut out = Vec::new();
    for file in ["decode/transactions.json", "decode/blocks.json"] {
        let Ok(text) = fs::read_to_string(canon.join(file)) else {
            continue;
        };
        let Ok(parsed) = serde_json::from_str::<DecodeFile>(&text) else {
            continue;
        };
        for case in parsed.cases {
            if let Ok(bytes) = hex::decode(&case.hex) {
                out.push((case.id, case.object, bytes));
            }
        }
    }
    out
}

/// One row of Core's tx_valid.json / tx_invalid.json, as bytes.
#[derive(Debug, Clone)]
pub struct TxRow {
    /// The serialized transaction, as written in the file.
    pub tx_bytes: Vec<u8>,
    /// The output each input spends (an unknown one: empty script, value 0).
    pub spent: Vec<TxOut>,
    /// The flags field, read as flag names where possible.
    pub flags: VerifyFlags,
}

/// The rows of `core/<file>.json` that parse, with their indices.
pub fn tx_rows(shared: &Path, file: &str) -> Vec<(usize, TxRow)> {
    let Ok(text) = fs::read_to_string(shared.join(format!("core/{file}.json"))) else {
        return Vec::new();
    };
    let Ok(Value::Array(rows)) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    rows.iter()
        .enumerate()
        .filter_map(|(i, row)| Some((i, tx_row(row.as_array()?)?)))
        .collect()
}

fn tx_row(items: &[Value]) -> Option<TxRow> {
    let [prevouts, tx_hex, flags] = items else {
        return None;
    };
    let tx_bytes = hex::decode(tx_hex.as_str()?).ok()?;
    let tx = Transaction::decode(&mut Reader::new(&tx_bytes)).ok()?;
    let mut known = Vec::new();
    for prevout in prevouts.as_array()? {
        let fields = prevout.as_array()?;
        let txid = fields.first()?.as_str()?.to_string();
        let vout = fields.get(1)?.as_i64()? as u32;
        let script = parse_script(fields.get(2)?.as_str()?).ok()?;
        let value = fields.get(3).and_then(Value::as_i64).unwrap_or(0);
        known.push((
            txid,
            vout,
            TxOut {
                value,
                script_pubkey: script,
            },
        ));
    }
    let spent = tx
        .inputs
        .iter()
        .map(|input| {
            let txid = input.prevout.txid.to_string();
            known
                .iter()
                .find(|(t, v, _)| *t == txid && *v == input.prevout.vout)
                .map(|(_, _, out)| out.clone())
                .unwrap_or(TxOut {
                    value: 0,
                    script_pubkey: Vec::new(),
                })
        })
        .collect();
    let flags = VerifyFlags::from_names(flags.as_str()?).unwrap_or(VerifyFlags::NONE);
    Some(TxRow {
        tx_bytes,
        spent,
        flags,
    })
}

/// A `flags_monotonic` input: transaction, flags, toggled flags, spent outputs.
pub fn flags_input(tx: &[u8], flags: VerifyFlags, toggled: u32, spent: &[TxOut]) -> Vec<u8> {
    let mut out = tx.to_vec();
    out.extend_from_slice(&u64::from(flags.0).to_le_bytes());
    out.extend_from_slice(&u64::from(toggled).to_le_bytes());
    for prevout in spent {
        prevout.encode(&mut out);
    }
    out
}

/// A `script_eval` input: flags, signature version selector, script.
pub fn script_input(flags: VerifyFlags, sig_version: u8, script: &[u8]) -> Vec<u8> {
    let mut out = flags.0.to_le_bytes().to_vec();
    out.push(sig_version);
    out.extend_from_slice(script);
    out
}

/// Seeds for `script_eval` and `flags_monotonic` from Core's script_tests.json.
fn script_test_seeds(shared: &Path, out: &mut Vec<Seed>) {
    let Ok(text) = fs::read_to_string(shared.join("core/script_tests.json")) else {
        return;
    };
    let Ok(cases) = parse_cases(&text) else {
        return;
    };
    for (i, case) in cases {
        let witness_v0 = case.script_pubkey.first() == Some(&0x00);
        let taproot = case.script_pubkey.first() == Some(&0x51);
        let parts = [
            ("sig", 0, case.script_sig.clone()),
            ("pubkey", 0, case.script_pubkey.clone()),
            (
                "witness",
                if taproot { 2 } else { 1 },
                case.witness.stack.last().cloned().unwrap_or_default(),
            ),
        ];
        for (part, version, script) in parts {
            if part == "witness" && !(witness_v0 || taproot) {
                continue;
            }
            out.push(Seed {
                target: "script_eval",
                name: format!("script_tests-{i}-{part}"),
                bytes: script_input(case.flags, version, &script),
            });
        }
        let credit = crediting_transaction(&case.script_pubkey, case.amount);
        let spend = spending_transaction(&case.script_sig, case.witness.clone(), &credit);
        out.push(Seed {
            target: "flags_monotonic",
            name: format!("script_tests-{i}"),
            bytes: flags_input(
                &spend.to_bytes(),
                case.flags,
                defined_flags(),
                &credit.outputs,
            ),
        });
    }
}

/// Every seed of canon's own targets.
pub fn canon_seeds(shared: &Path, canon: &Path) -> Vec<Seed> {
    let mut out = Vec::new();
    for (name, bytes) in transactions(shared, canon) {
        out.push(Seed {
            target: "decode_tx",
            name,
            bytes,
        });
    }
    for (name, bytes) in blocks(shared, canon) {
        out.push(Seed {
            target: "decode_header",
            name: name.clone(),
            bytes: bytes.get(..80).unwrap_or(&bytes).to_vec(),
        });
        out.push(Seed {
            target: "decode_block",
            name,
            bytes,
        });
    }
    script_test_seeds(shared, &mut out);
    for file in ["tx_valid", "tx_invalid"] {
        for (i, row) in tx_rows(shared, file) {
            out.push(Seed {
                target: "flags_monotonic",
                name: format!("{file}-{i}"),
                bytes: flags_input(&row.tx_bytes, row.flags, defined_flags(), &row.spent),
            });
        }
    }
    out
}

/// Writes seeds as `<dir>/<target>/<name>`; returns how many were written.
///
/// # Errors
/// An I/O error, with the path.
pub fn write_seeds(dir: &Path, seeds: &[Seed]) -> Result<usize, String> {
    for seed in seeds {
        let target_dir = dir.join(seed.target);
        fs::create_dir_all(&target_dir)
            .map_err(|e| format!("cannot create {}: {e}", target_dir.display()))?;
        let path = target_dir.join(&seed.name);
        fs::write(&path, &seed.bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(seeds.len())
}
