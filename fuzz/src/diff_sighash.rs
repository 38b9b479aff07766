//! `diff_sighash`: canon's legacy, BIP-0143 and BIP-0341 signature hashes
//! equal rust-bitcoin 0.32's for arbitrary transactions, inputs and hash
//! types.
//!
//! Input: hash type (4 bytes LE), input index (4 bytes LE, taken modulo the
//! input count), amount (8 bytes LE), code separator position (4 bytes LE),
//! a control byte (bit 0: annex present, bit 1: script path), the script
//! code (CompactSize length, bytes), the transaction, then one spent output
//! per input (missing ones are empty outputs), and the annex body (the rest).
//!
//! Two known differences are handled explicitly, never silently:
//! - Legacy: Core removes `OP_CODESEPARATOR`s from the script code
//!   (`CTransactionSignatureSerializer::SerializeScriptCode`); rust-bitcoin
//!   does not, so a script code with that opcode is not compared
//!   ([`LEGACY_CODESEPARATOR`], counted in [`SKIPS`]).
//! - Legacy: a script code ending in a truncated push. Core's
//!   `SerializeScriptCode` writes the full length but only the bytes up to
//!   where its parser stopped (just after the push opcode), and canon does
//!   the same; rust-bitcoin writes the whole script. Not compared
//!   ([`LEGACY_TRUNCATED_PUSH`]). Found by this target on its first run.
//! - BIP-0143: rust-bitcoin commits to its normalised hash type
//!   (`EcdsaSighashType::from_consensus`), Core to the raw 32-bit value; the
//!   semantics (NONE/SINGLE from the low 5 bits, ANYONECANPAY from bit 7)
//!   agree, so the last 4 preimage bytes are replaced by the raw value before
//!   hashing the oracle's preimage.
//!
//! A transaction rust-bitcoin cannot decode (see `diff_decode_rust_bitcoin`
//! for those classes) is skipped.

use std::sync::atomic::{AtomicU64, Ordering};

use bitcoin::consensus::deserialize;
use bitcoin::hashes::{sha256d, Hash};
use bitcoin::sighash::{Annex, Prevouts, SighashCache, TapSighashType};
use bitcoin::taproot::TapLeafHash;
use canon::encoding::{Decode, Encode, Reader};
use canon::primitives::{Transaction, TxOut};
use canon::script::instruction::Instructions;
use canon::script::opcodes::OP_CODESEPARATOR;
use canon::script::taproot::compute_tapleaf_hash;
use canon::script::{ScriptExecutionData, SigVersion};
use canon::sighash::Bip341Hashes;
use canon::sighash::{
    legacy_sighash, segwit_v0_sighash, taproot_sighash, PrecomputedTransactionData,
};

use crate::taproot::annex_hash;

/// Why a legacy comparison was skipped: the script code holds an
/// `OP_CODESEPARATOR`, which Core removes and rust-bitcoin keeps.
pub const LEGACY_CODESEPARATOR: usize = 0;
/// Why a case was skipped: rust-bitcoin cannot decode the transaction.
pub const RUST_BITCOIN_UNDECODABLE: usize = 1;
/// Why a legacy comparison was skipped: the script code ends in a
/// truncated push, which Core serializes only up to the push opcode.
pub const LEGACY_TRUNCATED_PUSH: usize = 2;

/// How many comparisons were skipped, by reason (index as above).
pub static SKIPS: [AtomicU64; 3] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

/// One case read from fuzz bytes.
#[derive(Debug, Clone)]
pub struct SighashCase {
    pub hash_type: u32,
    pub index: usize,
    pub amount: i64,
    pub codesep_pos: u32,
    pub annex: Option<Vec<u8>>,
    pub script_path: bool,
    pub script_code: Vec<u8>,
    pub tx: Transaction,
    pub spent: Vec<TxOut>,
}

/// Reads a case (see the module documentation).
pub fn read_case(data: &[u8]) -> Option<SighashCase> {
    let mut r = Reader::new(data);
    let hash_type = r.read_u32("hash type").ok()?;
    let index = r.read_u32("index").ok()? as usize;
    let amount = r.read_i64("amount").ok()?;
    let codesep_pos = r.read_u32("codesep").ok()?;
    let control = r.read_u8("control").ok()?;
    let script_code = r.read_var_bytes("script code").ok()?.to_vec();
    let tx = Transaction::decode(&mut r).ok()?;
    if tx.inputs.is_empty() {
        return None;
    }
    let spent = tx
        .inputs
        .iter()
        .map(|_| {
            TxOut::decode(&mut r).unwrap_or(TxOut {
                value: 0,
                script_pubkey: vec![],
            })
        })
        .collect();
    let rest = r.input()[r.position()..].to_vec();
    Some(SighashCase {
        hash_type,
        index: index % tx.inputs.len(),
        amount,
        codesep_pos,
        annex: (control & 1 != 0).then(|| [&[0x50][..], &rest].concat()),
        script_path: control & 2 != 0,
        script_code,
        tx,
        spent,
    })
}

fn has_codeseparator(script: &[u8]) -> bool {
    Instructions::new(script)
        .map_while(Result::ok)
        .any(|ins| ins.opcode == OP_CODESEPARATOR)
}

fn has_truncated_push(script: &[u8]) -> bool {
    Instructions::new(script).any(|ins| ins.is_err())
}

/// The target.
///
/// # Panics
/// When a signature hash differs.
pub fn diff_sighash(data: &[u8]) {
    let Some(case) = read_case(data) else {
        return;
    };
    let Ok(oracle_tx) = deserialize::<bitcoin::Transaction>(&case.tx.to_bytes()) else {
        SKIPS[RUST_BITCOIN_UNDECODABLE].fetch_add(1, Ordering::Relaxed);
        return;
    };
    let cache = SighashCache::new(&oracle_tx);
    let code = bitcoin::Script::from_bytes(&case.script_code);

    if has_codeseparator(&case.script_code) {
        SKIPS[LEGACY_CODESEPARATOR].fetch_add(1, Ordering::Relaxed);
    } else if has_truncated_push(&case.script_code) {
        SKIPS[LEGACY_TRUNCATED_PUSH].fetch_add(1, Ordering::Relaxed);
    } else {
        let ours = legacy_sighash(
            &case.script_code,
            &case.tx,
            case.index,
            case.hash_type as i32,
        );
        let theirs = cache
            .legacy_signature_hash(case.index, code, case.hash_type)
            .expect("index in range")
            .to_byte_array();
        assert_eq!(ours, theirs, "legacy sighash of {case:?}");
    }

    let mut preimage = Vec::new();
    SighashCache::new(&oracle_tx)
        .segwit_v0_encode_signing_data_to(
            &mut preimage,
            case.index,
            code,
            bitcoin::Amount::from_sat(case.amount as u64),
            bitcoin::EcdsaSighashType::from_consensus(case.hash_type),
        )
        .expect("index in range");
    let at = preimage.len() - 4;
    preimage[at..].copy_from_slice(&case.hash_type.to_le_bytes());
    let theirs = sha256d::Hash::hash(&preimage).to_byte_array();
    let txdata = PrecomputedTransactionData::new(&case.tx, None);
    let ours = segwit_v0_sighash(
        &case.script_code,
        &case.tx,
        case.index,
        case.amount,
        case.hash_type as i32,
        &txdata,
    );
    assert_eq!(ours, theirs, "BIP-0143 sighash of {case:?}");

    compare_taproot(&case, SighashCache::new(&oracle_tx));
}

fn compare_taproot(case: &SighashCase, mut cache: SighashCache<&bitcoin::Transaction>) {
    let hash_type = case.hash_type as u8;
    let leaf = case
        .script_path
        .then(|| compute_tapleaf_hash(0xc0, &case.script_code));
    let txdata = PrecomputedTransactionData {
        bip143: None,
        bip341: Some(Bip341Hashes::new(&case.tx, &case.spent)),
        spent_outputs: Some(case.spent.clone()),
    };
    let execdata = ScriptExecutionData {
        tapleaf_hash: leaf,
        codeseparator_pos: case.codesep_pos,
        annex_hash: Some(case.annex.as_deref().map(annex_hash)),
        validation_weight_left: 0,
    };
    let version = if leaf.is_some() {
        SigVersion::Tapscript
    } else {
        SigVersion::Taproot
    };
    let ours = taproot_sighash(&case.tx, case.index, hash_type, version, &txdata, &execdata);

    let prevouts: Vec<bitcoin::TxOut> = case
        .spent
        .iter()
        .map(|out| bitcoin::TxOut {
            value: bitcoin::Amount::from_sat(out.value as u64),
            script_pubkey: bitcoin::ScriptBuf::from_bytes(out.script_pubkey.clone()),
        })
        .collect();
    let theirs = TapSighashType::from_consensus_u8(hash_type)
        .ok()
        .and_then(|ty| {
            let annex = case
                .annex
                .as_deref()
                .map(|a| Annex::new(a).expect("starts with 0x50"));
            let leaf = leaf.map(|l| (TapLeafHash::from_byte_array(l), case.codesep_pos));
            cache
                .taproot_signature_hash(case.index, &Prevouts::All(&prevouts), annex, leaf, ty)
                .ok()
                .map(|h| h.to_byte_array())
        });
    assert_eq!(ours, theirs, "BIP-0341 sighash of {case:?}");
}
