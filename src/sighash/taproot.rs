//! The BIP-0341 signature hash, for taproot key-path and tapscript
//! signatures. Core: `SignatureHashSchnorr` in `src/script/interpreter.cpp`.

use super::{
    PrecomputedTransactionData, SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_DEFAULT, SIGHASH_SINGLE,
};
use crate::encoding::{write_u32, Encode, Writer};
use crate::primitives::hash::HashWriter;
use crate::primitives::Transaction;
use crate::script::{ScriptExecutionData, SigVersion};

/// The BIP-0341 signature hash of input `input_index` of `tx`, or `None`
/// where Core's `SignatureHashSchnorr` fails (then the signature fails
/// `SCHNORR_SIG_HASHTYPE`).
///
/// # Consensus
/// Rules `SIGHASH-BIP341`, `SIGHASH-BIP341-HASHTYPE` (spec/sighash.md).
/// BIP-0341, "Common signature message", and BIP-0342, "Signature
/// validation": the tagged hash `TapSighash` of epoch 0, the hash type,
/// version, lock time; unless ANYONECANPAY the hashes of all outpoints,
/// spent amounts, spent scripts and sequences; with ALL (or DEFAULT) the hash
/// of all outputs; the spend type (2 × tapscript + annex present); the input
/// (its outpoint, spent output and sequence under ANYONECANPAY, else its
/// index); the annex hash if any; with SINGLE the hash of the output at the
/// input's index; for tapscript the tapleaf hash, key version 0 and the last
/// executed `OP_CODESEPARATOR` position.
///
/// Fails (`None`) for a hash type other than 0x00..=0x03, 0x81..=0x83; for
/// SINGLE without an output at the input's index; when the spent outputs
/// or the execution data it needs are unknown; for a sigversion other than
/// taproot or tapscript; or for an input index out of range.
pub fn taproot_sighash(
    tx: &Transaction,
    input_index: usize,
    hash_type: u8,
    sig_version: SigVersion,
    txdata: &PrecomputedTransactionData,
    execdata: &ScriptExecutionData,
) -> Option<[u8; 32]> {
    let ext_flag: u8 = match sig_version {
        SigVersion::Taproot => 0,
        SigVersion::Tapscript => 1,
        SigVersion::Base | SigVersion::WitnessV0 => return None,
    };
    let input = tx.inputs.get(input_index)?;
    let (hashes, spent) = (txdata.bip341.as_ref()?, txdata.spent_outputs.as_ref()?);
    let output_type = if hash_type == SIGHASH_DEFAULT {
        SIGHASH_ALL
    } else {
        hash_type & 0x03
    };
    let anyone_can_pay = hash_type & SIGHASH_ANYONECANPAY != 0;
    if !(hash_type <= 0x03 || (0x81..=0x83).contains(&hash_type)) {
        return None;
    }
    let annex_hash = execdata.annex_hash?;

    let mut engine = HashWriter::tagged("TapSighash");
    engine.put(&[0x00, hash_type]); // epoch, hash type
    write_u32(&mut engine, tx.version);
    write_u32(&mut engine, tx.lock_time);
    if !anyone_can_pay {
        for hash in [
            &hashes.prevouts,
            &hashes.spent_amounts,
            &hashes.spent_scripts,
            &hashes.sequences,
        ] {
            engine.put(hash);
        }
    }
    if output_type == SIGHASH_ALL {
        engine.put(&hashes.outputs);
    }
    engine.put(&[(ext_flag << 1) | u8::from(annex_hash.is_some())]);
    if anyone_can_pay {
        input.prevout.encode(&mut engine);
        spent.get(input_index)?.encode(&mut engine);
        write_u32(&mut engine, input.sequence);
    } else {
        write_u32(&mut engine, u32::try_from(input_index).ok()?);
    }
    if let Some(annex_hash) = annex_hash {
        engine.put(&annex_hash);
    }
    if output_type == SIGHASH_SINGLE {
        let mut output_hash = HashWriter::new();
        tx.outputs.get(input_index)?.encode(&mut output_hash);
        engine.put(&output_hash.sha256());
    }
    if sig_version == SigVersion::Tapscript {
        engine.put(&execdata.tapleaf_hash?);
        engine.put(&[0x00]); // key version
        write_u32(&mut engine, execdata.codeseparator_pos);
    }
    Some(engine.sha256())
}
