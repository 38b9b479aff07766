//! canon's sighash corpus (`vectors/sighash/`) recomputed with rust-bitcoin
//! (a dev-dependency oracle, never used by canon's rules).
//!
//! Every case must agree, except two documented classes where rust-bitcoin
//! computes something else than Core by design; those are counted and
//! printed, and must be exactly the cases the class describes:
//! - legacy scriptCodes with an `OP_CODESEPARATOR` or a cut-off push:
//!   rust-bitcoin hashes the bytes as given ("does NOT attempt to support
//!   OP_CODESEPARATOR"), Core removes separators and stops at a cut-off push
//!   (SIGHASH-LEGACY-SCRIPTCODE);
//! - BIP-0143 with an undefined hash type: rust-bitcoin normalises it
//!   (`EcdsaSighashType::from_consensus`) before committing to it, Core
//!   commits to the 32 bits given (SIGHASH-TYPE-BITS).

use std::path::PathBuf;

use bitcoin::consensus::deserialize;
use bitcoin::hashes::{sha256d, Hash};
use bitcoin::sighash::{Annex, Prevouts, SighashCache, TapSighashType};
use bitcoin::taproot::TapLeafHash;
use bitcoin::{Amount, EcdsaSighashType, Script, ScriptBuf, TxOut};
use canon::conformance::sighash_kind::{SighashFile, SighashRequest};
use canon::script::instruction::read_instruction;

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors/sighash");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The expectation as rust-bitcoin computes it: the hash, or `None` where
/// it refuses (taproot's undefined hash types, SINGLE without output).
fn oracle(request: &SighashRequest) -> Option<[u8; 32]> {
    let tx: bitcoin::Transaction = deserialize(&hex::decode(&request.tx).unwrap()).unwrap();
    let mut cache = SighashCache::new(&tx);
    let code = || hex::decode(request.script_code.as_ref().unwrap()).unwrap();
    match request.sigversion.as_str() {
        "base" => Some(
            cache
                .legacy_signature_hash(
                    request.index,
                    Script::from_bytes(&code()),
                    request.hash_type,
                )
                .unwrap()
                .to_byte_array(),
        ),
        "witness_v0" => {
            let mut preimage = Vec::new();
            cache
                .segwit_v0_encode_signing_data_to(
                    &mut preimage,
                    request.index,
                    Script::from_bytes(&code()),
                    Amount::from_sat(request.amount.unwrap() as u64),
                    EcdsaSighashType::from_consensus(request.hash_type),
                )
                .unwrap();
            Some(sha256d::Hash::hash(&preimage).to_byte_array())
        }
        _ => taproot_oracle(&mut cache, request),
    }
}

fn taproot_oracle(
    cache: &mut SighashCache<&bitcoin::Transaction>,
    request: &SighashRequest,
) -> Option<[u8; 32]> {
    let prevouts: Vec<TxOut> = request
        .prevouts
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| TxOut {
            value: Amount::from_sat(p.value as u64),
            script_pubkey: ScriptBuf::from_bytes(hex::decode(&p.script_pubkey).unwrap()),
        })
        .collect();
    let annex_bytes = request.annex.as_ref().map(|a| hex::decode(a).unwrap());
    let annex = annex_bytes.as_deref().map(|a| Annex::new(a).unwrap());
    let leaf = request.leaf_hash.as_ref().map(|leaf| {
        let bytes: [u8; 32] = hex::decode(leaf).unwrap().try_into().unwrap();
        (
            TapLeafHash::from_byte_array(bytes),
            request.codesep_pos.unwrap(),
        )
    });
    let hash_type =
        TapSighashType::from_consensus_u8(u8::try_from(request.hash_type).ok()?).ok()?;
    cache
        .taproot_signature_hash(
            request.index,
            &Prevouts::All(&prevouts),
            annex,
            leaf,
            hash_type,
        )
        .ok()
        .map(|hash| hash.to_byte_array())
}

/// Whether a legacy scriptCode has an `OP_CODESEPARATOR` instruction or a
/// push cut off by its end.
fn separator_or_cut_off(code: &[u8]) -> bool {
    let mut pc = 0;
    while pc < code.len() {
        match read_instruction(code, pc) {
            Ok((instruction, next)) => {
                if instruction.opcode == 0xab {
                    return true;
                }
                pc = next;
            }
            Err(_) => return true,
        }
    }
    false
}

/// The documented class a case falls in, if any.
fn exception_class(request: &SighashRequest) -> Option<&'static str> {
    let code = request
        .script_code
        .as_ref()
        .map(|c| hex::decode(c).unwrap())
        .unwrap_or_default();
    match request.sigversion.as_str() {
        "base" if separator_or_cut_off(&code) => {
            Some("legacy scriptCode with OP_CODESEPARATOR or a cut-off push")
        }
        "witness_v0" if ![1, 2, 3, 0x81, 0x82, 0x83].contains(&request.hash_type) => {
            Some("BIP-0143 with an undefined hash type")
        }
        _ => None,
    }
}

#[test]
fn rust_bitcoin_agrees_with_the_sighash_corpus() {
    let mut agree = 0;
    let mut classes: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut disagreements = Vec::new();
    for file in corpus_files() {
        let parsed: SighashFile =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in parsed.cases {
            let canon = case.expect.get("sighash").and_then(|h| h.as_str());
            let oracle = oracle(&case.request).map(hex::encode);
            let same = canon == oracle.as_deref();
            match exception_class(&case.request) {
                Some(class) => {
                    let entry = classes.entry(class).or_default();
                    if same {
                        entry.0 += 1;
                    } else {
                        entry.1 += 1;
                    }
                }
                None if same => agree += 1,
                None => disagreements.push(format!(
                    "{}: canon {:?}, rust-bitcoin {oracle:?}",
                    case.id, case.expect
                )),
            }
        }
    }
    println!("{agree} cases agree with rust-bitcoin");
    for (class, (same, differ)) in &classes {
        println!("documented class {class:?}: {differ} differ, {same} agree anyway");
    }
    assert!(agree >= 250, "only {agree} cases compared");
    assert!(
        disagreements.is_empty(),
        "rust-bitcoin disagrees:\n{}",
        disagreements.join("\n")
    );
}
