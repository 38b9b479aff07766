//! Seeds for the differential targets, in their input formats; canon's own
//! targets' seeds come from [`canon::fuzz_targets::seeds`].

use std::fs;
use std::path::Path;

use canon::encoding::{write_compact_size, Decode, Encode};
use canon::fuzz_targets::seeds::{self as canon_seeds, Seed};
use canon::primitives::{Block, TxOut};
use serde_json::Value;

/// Every seed, canon's targets' and the differential ones'.
pub fn all_seeds(shared: &Path, canon_vectors: &Path) -> Vec<Seed> {
    let mut out = canon_seeds::canon_seeds(shared, canon_vectors);
    for (name, bytes) in canon_seeds::transactions(shared, canon_vectors) {
        out.push(seed("diff_decode_rust_bitcoin", name, bytes));
    }
    sighash_seeds(shared, &mut out);
    for i in 0..64u64 {
        let len = 16 + (i as usize * 37) % 400;
        out.push(seed(
            "diff_script_core",
            format!("random-{i}"),
            pseudo_random(i, len),
        ));
    }
    for bits in [
        0x1d00_ffffu32,
        0x207f_ffff,
        0x1705_dd01,
        0x0312_3456,
        0x0412_3456,
        0x0500_9234,
        0x2012_3456,
        0x2200_00ff,
        0x2100_00ff,
        0x0180_3456,
        0x1e03_77ae,
    ] {
        let mut bytes = bits.to_le_bytes().to_vec();
        bytes.extend(pseudo_random(u64::from(bits), 32));
        out.push(seed("compact_target", format!("{bits:08x}"), bytes));
    }
    for (i, element) in [
        &[][..],
        &[0x80],
        &[0xff, 0x00],
        &[0xff, 0x80],
        &[0x01, 0x02, 0x03, 0x04],
        &[0xff, 0xff, 0xff, 0x7f],
        &[0xff, 0xff, 0xff, 0xff, 0x00],
        &[0x00, 0x80],
    ]
    .iter()
    .enumerate()
    {
        for selector in [0u8, 1] {
            let bytes = [&[selector][..], element].concat();
            out.push(seed("script_num", format!("element-{i}-{selector}"), bytes));
        }
    }
    for (name, block) in canon_seeds::blocks(shared, canon_vectors) {
        if let Ok(block) = Block::from_bytes(&block) {
            let leaves: Vec<u8> = block
                .transactions
                .iter()
                .take(256)
                .flat_map(|tx| tx.txid().0)
                .collect();
            out.push(seed("merkle", name, leaves));
        }
    }
    out
}

fn seed(target: &'static str, name: String, bytes: Vec<u8>) -> Seed {
    Seed {
        target,
        name,
        bytes,
    }
}

/// xorshift64* bytes: deterministic filler for structured targets.
pub fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

/// A `diff_sighash` input.
pub fn sighash_input(
    hash_type: u32,
    index: u32,
    control: u8,
    code: &[u8],
    tx: &[u8],
    spent: &[TxOut],
) -> Vec<u8> {
    let mut out = hash_type.to_le_bytes().to_vec();
    out.extend(index.to_le_bytes());
    out.extend(100_000_000i64.to_le_bytes());
    out.extend(u32::MAX.to_le_bytes());
    out.push(control);
    write_compact_size(&mut out, code.len() as u64);
    out.extend_from_slice(code);
    out.extend_from_slice(tx);
    for prevout in spent {
        prevout.encode(&mut out);
    }
    out
}

fn sighash_seeds(shared: &Path, out: &mut Vec<Seed>) {
    if let Ok(Ok(Value::Array(rows))) = fs::read_to_string(shared.join("core/sighash.json"))
        .map(|t| serde_json::from_str::<Value>(&t))
    {
        for (i, row) in rows.iter().enumerate().step_by(5) {
            let Some([tx, code, index, hash_type, _]) = row.as_array().map(Vec::as_slice) else {
                continue;
            };
            let (Some(tx), Some(code)) = (
                tx.as_str().and_then(|t| hex::decode(t).ok()),
                code.as_str().and_then(|c| hex::decode(c).ok()),
            ) else {
                continue;
            };
            let (index, hash_type) = (
                index.as_i64().unwrap_or(0) as u32,
                hash_type.as_i64().unwrap_or(1) as u32,
            );
            out.push(seed(
                "diff_sighash",
                format!("sighash-{i}"),
                sighash_input(hash_type, index, 0, &code, &tx, &[]),
            ));
        }
    }
    let Ok(Ok(json)) = fs::read_to_string(shared.join("core/bip341_wallet_vectors.json"))
        .map(|t| serde_json::from_str::<Value>(&t))
    else {
        return;
    };
    for (i, case) in json["keyPathSpending"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(tx) = case["given"]["rawUnsignedTx"]
            .as_str()
            .and_then(|t| hex::decode(t).ok())
        else {
            continue;
        };
        let spent: Vec<TxOut> = case["given"]["utxosSpent"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| TxOut {
                value: u["amountSats"].as_i64().unwrap_or(0),
                script_pubkey: u["scriptPubKey"]
                    .as_str()
                    .and_then(|s| hex::decode(s).ok())
                    .unwrap_or_default(),
            })
            .collect();
        for (j, input) in case["inputSpending"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let index = input["given"]["txinIndex"].as_u64().unwrap_or(0) as u32;
            let hash_type = input["given"]["hashType"].as_u64().unwrap_or(0) as u32;
            for control in [0u8, 2] {
                out.push(seed(
                    "diff_sighash",
                    format!("bip341-{i}-{j}-{control}"),
                    sighash_input(hash_type, index, control, &[0x51], &tx, &spent),
                ));
            }
        }
    }
}
