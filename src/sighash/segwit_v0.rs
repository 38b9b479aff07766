//! The BIP-0143 signature hash, for witness v0 scripts. Core: `SignatureHash`
//! with `SigVersion::WITNESS_V0`.

use super::{Bip143Hashes, HashTypeBits, PrecomputedTransactionData, SigHashCache};
use crate::encoding::{write_i64, write_u32, write_var_bytes, Encode, Writer};
use crate::primitives::hash::HashWriter;
use crate::primitives::Transaction;

/// The BIP-0143 signature hash of input `input_index` of `tx`, spending an
/// output worth `amount`, in internal byte order.
///
/// # Consensus
/// BIP-0143, "Specification": SHA256d of version, `hashPrevouts` (zero under
/// ANYONECANPAY), `hashSequence` (zero under ANYONECANPAY, SINGLE or NONE),
/// the input's outpoint, the scriptCode with its length, the amount, the
/// input's `nSequence`, `hashOutputs` (all outputs; under SINGLE only the
/// output at the input's index, or zero if there is none; zero under NONE),
/// lock time and the 4-byte hash type. Unlike the legacy hash there is no
/// "1" result, and `OP_CODESEPARATOR`s are not removed from the scriptCode.
/// Core: `SignatureHash`.
///
/// # Panics
/// If `input_index` is not an input of `tx` (Core asserts the same).
pub fn segwit_v0_sighash(
    script_code: &[u8],
    tx: &Transaction,
    input_index: usize,
    amount: i64,
    hash_type: i32,
    txdata: &PrecomputedTransactionData,
) -> [u8; 32] {
    segwit_v0_sighash_cached(
        script_code,
        tx,
        input_index,
        amount,
        hash_type,
        txdata,
        None,
    )
}

/// [`segwit_v0_sighash`], reusing and filling a midstate cache.
///
/// # Panics
/// If `input_index` is not an input of `tx`.
pub fn segwit_v0_sighash_cached(
    script_code: &[u8],
    tx: &Transaction,
    input_index: usize,
    amount: i64,
    hash_type: i32,
    txdata: &PrecomputedTransactionData,
    cache: Option<&mut SigHashCache>,
) -> [u8; 32] {
    let mut engine = match cache.as_ref().and_then(|c| c.load(hash_type, script_code)) {
        Some(midstate) => midstate,
        None => {
            let mut engine = HashWriter::new();
            write_preimage(
                &mut engine,
                script_code,
                tx,
                input_index,
                amount,
                hash_type,
                txdata,
            );
            if let Some(cache) = cache {
                cache.store(hash_type, script_code, &engine);
            }
            engine
        }
    };
    write_u32(&mut engine, hash_type as u32);
    engine.sha256d()
}

/// Writes everything but the trailing hash type.
fn write_preimage(
    engine: &mut HashWriter,
    script_code: &[u8],
    tx: &Transaction,
    input_index: usize,
    amount: i64,
    hash_type: i32,
    txdata: &PrecomputedTransactionData,
) {
    let bits = HashTypeBits::new(hash_type);
    let computed;
    let shared = match &txdata.bip143 {
        Some(hashes) => hashes,
        None => {
            computed = Bip143Hashes::new(tx);
            &computed
        }
    };
    let zero = [0u8; 32];
    let hash_prevouts = if bits.anyone_can_pay {
        &zero
    } else {
        &shared.hash_prevouts
    };
    let all_sequences = !bits.anyone_can_pay && !bits.single && !bits.none;
    let hash_sequence = if all_sequences {
        &shared.hash_sequence
    } else {
        &zero
    };
    let single_output;
    let hash_outputs = if !bits.single && !bits.none {
        &shared.hash_outputs
    } else if let (true, Some(output)) = (bits.single, tx.outputs.get(input_index)) {
        let mut inner = HashWriter::new();
        output.encode(&mut inner);
        single_output = inner.sha256d();
        &single_output
    } else {
        &zero
    };
    let input = &tx.inputs[input_index];
    write_u32(engine, tx.version);
    engine.put(hash_prevouts);
    engine.put(hash_sequence);
    input.prevout.encode(engine);
    write_var_bytes(engine, script_code);
    write_i64(engine, amount);
    write_u32(engine, input.sequence);
    engine.put(hash_outputs);
    write_u32(engine, tx.lock_time);
}
