//! BIP-0341 signature-hash vectors: key path and tapscript over every hash
//! type, annexes, tapleaves and code separator positions, and the requests
//! whose hash does not exist (`SIGHASH-BIP341-HASHTYPE`).

use super::{case, fixed_tx, random_tx, Stream};
use crate::conformance::sighash_kind::{SighashCase, SighashRequest, SpentOutput};
use crate::conformance::spend::secret_key;
use crate::conformance::taptree::TaprootOutput;
use crate::encoding::Encode;
use crate::primitives::Transaction;
use crate::script::taproot::{compute_tapleaf_hash, TAPROOT_LEAF_TAPSCRIPT};

/// The hash types a taproot signature may use (0 only as a 64-byte one).
const VALID: [u32; 7] = [0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83];

/// Hash types outside 0x00..=0x03, 0x81..=0x83.
const INVALID: [u32; 10] = [0x04, 0x80, 0x84, 0x41, 0x43, 0xff, 0x10, 0x7f, 0xc1, 0x20];

/// "No code separator executed".
const NO_CODESEP: u32 = u32::MAX;

/// The taproot cases.
pub(super) fn cases() -> Vec<SighashCase> {
    let mut cases = key_path();
    cases.extend(annexes());
    cases.extend(invalid_types());
    cases.extend(tapscript());
    cases.extend(random());
    cases
}

/// Every input of `tx` spending a key-path taproot output of key `n + 1`.
fn taproot_prevouts(tx: &Transaction) -> Vec<SpentOutput> {
    (0..tx.inputs.len())
        .map(|n| SpentOutput {
            value: 1_000_000 * (n as i64 + 1),
            script_pubkey: hex::encode(
                TaprootOutput::for_tree(&secret_key(n as u8 + 1), None).script_pubkey(),
            ),
        })
        .collect()
}

fn request(
    sigversion: &str,
    tx: &Transaction,
    prevouts: &[SpentOutput],
    index: usize,
    hash_type: u32,
) -> SighashRequest {
    SighashRequest {
        sigversion: sigversion.into(),
        tx: hex::encode(tx.to_bytes()),
        index,
        hash_type,
        script_code: None,
        amount: None,
        prevouts: Some(prevouts.to_vec()),
        annex: None,
        leaf_hash: None,
        codesep_pos: None,
    }
}

/// A tapscript request for leaf `script`.
fn leaf_request(
    tx: &Transaction,
    prevouts: &[SpentOutput],
    index: usize,
    hash_type: u32,
    script: &[u8],
    codesep_pos: u32,
) -> SighashRequest {
    SighashRequest {
        leaf_hash: Some(hex::encode(compute_tapleaf_hash(
            TAPROOT_LEAF_TAPSCRIPT,
            script,
        ))),
        codesep_pos: Some(codesep_pos),
        ..request("tapscript", tx, prevouts, index, hash_type)
    }
}

fn type_name(hash_type: u32) -> String {
    match hash_type {
        0x00 => "default".into(),
        other => super::type_name(other),
    }
}

/// Rules of a taproot case: SINGLE without an output has no hash.
fn rules_for(tx: &Transaction, index: usize, hash_type: u32) -> Vec<&'static str> {
    let valid = VALID.contains(&hash_type);
    let missing_output = hash_type & 0x03 == 0x03 && index >= tx.outputs.len();
    if valid && !missing_output {
        vec!["SIGHASH-BIP341"]
    } else {
        vec!["SIGHASH-BIP341-HASHTYPE"]
    }
}

/// Key-path sighashes, every valid hash type at every input; input 2 has no
/// output, so SINGLE there has no hash.
fn key_path() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/keypath", 3, 2);
    let prevouts = taproot_prevouts(&tx);
    let mut cases = Vec::new();
    for index in 0..3 {
        for hash_type in VALID {
            let rules = rules_for(&tx, index, hash_type);
            let missing = rules.contains(&"SIGHASH-BIP341-HASHTYPE");
            cases.push(case(
                format!("taproot-{}-input-{index}", type_name(hash_type)),
                format!(
                    "Key-path sighash, hash type {}, input {index} of three, two outputs{}",
                    type_name(hash_type),
                    if missing {
                        ": SINGLE without an output has no hash"
                    } else {
                        ""
                    }
                ),
                &rules,
                request("taproot", &tx, &prevouts, index, hash_type),
            ));
        }
    }
    cases
}

/// The annex: its hash is committed, and the spend type says it is there.
fn annexes() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/annex", 2, 2);
    let prevouts = taproot_prevouts(&tx);
    let annexes: [(&str, Vec<u8>); 3] = [
        ("tag-only", vec![0x50]),
        ("short", vec![0x50, 0x01, 0x02, 0x03]),
        ("long", [vec![0x50], vec![0xaa; 299]].concat()),
    ];
    let mut cases = Vec::new();
    for (name, annex) in &annexes {
        for (index, hash_type) in [(0usize, 0x00u32), (1, 0x83), (1, 0x82)] {
            cases.push(case(
                format!(
                    "taproot-annex-{name}-{}-input-{index}",
                    type_name(hash_type)
                ),
                format!(
                    "Key-path sighash with a {}-byte annex, hash type {}, input {index}",
                    annex.len(),
                    type_name(hash_type)
                ),
                &["SIGHASH-BIP341"],
                SighashRequest {
                    annex: Some(hex::encode(annex)),
                    ..request("taproot", &tx, &prevouts, index, hash_type)
                },
            ));
            cases.push(case(
                format!(
                    "tapscript-annex-{name}-{}-input-{index}",
                    type_name(hash_type)
                ),
                format!(
                    "Tapscript sighash with a {}-byte annex, hash type {}, input {index}",
                    annex.len(),
                    type_name(hash_type)
                ),
                &["SIGHASH-BIP341"],
                SighashRequest {
                    annex: Some(hex::encode(annex)),
                    ..leaf_request(&tx, &prevouts, index, hash_type, &[0x51], NO_CODESEP)
                },
            ));
        }
    }
    cases
}

/// Hash types a taproot signature may not use: no hash (the signature fails
/// `SCHNORR_SIG_HASHTYPE`).
fn invalid_types() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/invalid", 2, 2);
    let prevouts = taproot_prevouts(&tx);
    let mut cases = Vec::new();
    for hash_type in INVALID {
        cases.push(case(
            format!("taproot-invalid-type-{hash_type:#x}"),
            format!("Key-path hash type {hash_type:#x} is undefined: no hash"),
            &["SIGHASH-BIP341-HASHTYPE"],
            request("taproot", &tx, &prevouts, 0, hash_type),
        ));
    }
    for hash_type in [0x04, 0x80, 0xc3] {
        cases.push(case(
            format!("tapscript-invalid-type-{hash_type:#x}"),
            format!("Tapscript hash type {hash_type:#x} is undefined: no hash"),
            &["SIGHASH-BIP341-HASHTYPE"],
            leaf_request(&tx, &prevouts, 1, hash_type, &[0x51], NO_CODESEP),
        ));
    }
    let one_output = fixed_tx("sighash/invalid-single", 2, 1);
    let prevouts = taproot_prevouts(&one_output);
    for (version, hash_type) in [("taproot", 0x03), ("taproot", 0x83), ("tapscript", 0x03)] {
        let request = match version {
            "taproot" => request("taproot", &one_output, &prevouts, 1, hash_type),
            _ => leaf_request(&one_output, &prevouts, 1, hash_type, &[0x51], 0),
        };
        cases.push(case(
            format!("{version}-single-no-output-{}", type_name(hash_type)),
            format!(
                "{version} hash type {} at input 1 of a one-output transaction: no hash (no SINGLE bug under BIP-0341)",
                type_name(hash_type)
            ),
            &["SIGHASH-BIP341-HASHTYPE"],
            request,
        ));
    }
    cases
}

/// Tapscript: the leaf hash, key version 0 and the code separator position.
fn tapscript() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/tapscript", 3, 3);
    let prevouts = taproot_prevouts(&tx);
    let leaves: [(&str, Vec<u8>); 3] = [
        ("op-true", vec![0x51]),
        ("checksig", {
            let mut s = vec![0x20];
            s.extend(crate::conformance::taptree::x_only(&secret_key(9)));
            s.push(0xac);
            s
        }),
        ("codeseps", vec![0xab, 0x51, 0xab, 0x75, 0xab, 0x51]),
    ];
    let mut cases = Vec::new();
    for (name, script) in &leaves {
        for (index, hash_type) in [(0usize, 0x00u32), (1, 0x01), (2, 0x83), (1, 0x82)] {
            cases.push(case(
                format!("tapscript-{name}-{}-input-{index}", type_name(hash_type)),
                format!(
                    "Tapscript sighash of leaf {name}, hash type {}, input {index}, no code separator executed",
                    type_name(hash_type)
                ),
                &["SIGHASH-BIP341"],
                leaf_request(&tx, &prevouts, index, hash_type, script, NO_CODESEP),
            ));
        }
    }
    for pos in [0, 1, 2, 4, 1000, 0xffff_fffe] {
        cases.push(case(
            format!("tapscript-codesep-pos-{pos}"),
            format!("Tapscript sighash after a code separator at opcode position {pos}"),
            &["SIGHASH-BIP341"],
            leaf_request(&tx, &prevouts, 1, 0x00, &leaves[2].1, pos),
        ));
    }
    cases
}

/// Random transactions and spent outputs, random inputs and hash types
/// (valid ones mostly; SINGLE without an output happens).
fn random() -> Vec<SighashCase> {
    let mut stream = Stream::new("sighash/taproot-random");
    (0..36)
        .map(|n| {
            let tx = random_tx(&mut stream);
            let prevouts: Vec<SpentOutput> = (0..tx.inputs.len())
                .map(|_| {
                    let len = stream.below(40) as usize;
                    SpentOutput {
                        value: i64::from(stream.u32()) * 10,
                        script_pubkey: hex::encode(stream.bytes(len)),
                    }
                })
                .collect();
            let index = stream.below(tx.inputs.len() as u32) as usize;
            let hash_type = VALID[stream.below(7) as usize];
            let rules = rules_for(&tx, index, hash_type);
            let tapscript = n % 3 == 0;
            let mut req = if tapscript {
                let len = 1 + stream.below(20) as usize;
                let leaf = stream.bytes(len);
                leaf_request(&tx, &prevouts, index, hash_type, &leaf, stream.below(50))
            } else {
                request("taproot", &tx, &prevouts, index, hash_type)
            };
            if n % 4 == 1 {
                let len = stream.below(30) as usize;
                req.annex = Some(hex::encode([vec![0x50], stream.bytes(len)].concat()));
            }
            case(
                format!("taproot-random-{n:02}"),
                format!(
                    "Random transaction ({} inputs, {} outputs), {}, input {index}, hash type {}{}",
                    tx.inputs.len(),
                    tx.outputs.len(),
                    if tapscript { "tapscript" } else { "key path" },
                    type_name(hash_type),
                    if req.annex.is_some() {
                        ", with an annex"
                    } else {
                        ""
                    }
                ),
                &rules,
                req,
            )
        })
        .collect()
}
