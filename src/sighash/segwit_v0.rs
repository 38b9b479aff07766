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
/// Rules `SIGHASH-BIP143`, `SIGHASH-TYPE-BITS` (spec/sighash.md).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::Decode;

    /// BIP-0143, "Example", native P2WPKH: the unsigned transaction.
    const BIP143_P2WPKH_TX: &str = "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000";

    fn tx() -> Transaction {
        Transaction::from_bytes(&hex::decode(BIP143_P2WPKH_TX).unwrap()).unwrap()
    }

    #[test]
    fn bip143_native_p2wpkh_example() {
        let tx = tx();
        let hashes = Bip143Hashes::new(&tx);
        assert_eq!(
            hex::encode(hashes.hash_prevouts),
            "96b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd37"
        );
        assert_eq!(
            hex::encode(hashes.hash_sequence),
            "52b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3b"
        );
        assert_eq!(
            hex::encode(hashes.hash_outputs),
            "863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e5"
        );
        let script_code =
            hex::decode("76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac").unwrap();
        let txdata = PrecomputedTransactionData::new(&tx, None);
        let sighash = segwit_v0_sighash(&script_code, &tx, 1, 600_000_000, 1, &txdata);
        assert_eq!(
            hex::encode(sighash),
            "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670"
        );
    }

    #[test]
    fn precomputed_and_on_the_fly_agree() {
        let mut with_witness = tx();
        with_witness.inputs[1].witness.stack.push(vec![1]);
        let precomputed = PrecomputedTransactionData::new(&with_witness, None);
        assert!(precomputed.bip143.is_some());
        let empty = PrecomputedTransactionData::default();
        let code = [0x51];
        for hash_type in [1, 2, 3, 0x81, 0x82, 0x83, 0, 0x41, -1] {
            for index in 0..2 {
                let a = segwit_v0_sighash(&code, &with_witness, index, 5, hash_type, &precomputed);
                let b = segwit_v0_sighash(&code, &with_witness, index, 5, hash_type, &empty);
                assert_eq!(a, b, "hash type {hash_type}, input {index}");
            }
        }
    }

    #[test]
    fn cache_reuses_midstates_per_selection() {
        let tx = tx();
        let txdata = PrecomputedTransactionData::new(&tx, None);
        let mut cache = SigHashCache::new();
        for hash_type in [1, 0x81, 3, 1, 0x41, 0x81] {
            let cached =
                segwit_v0_sighash_cached(&[0x51], &tx, 0, 7, hash_type, &txdata, Some(&mut cache));
            assert_eq!(
                cached,
                segwit_v0_sighash(&[0x51], &tx, 0, 7, hash_type, &txdata)
            );
        }
        // A different scriptCode misses the cache.
        let other = segwit_v0_sighash_cached(&[0x52], &tx, 0, 7, 1, &txdata, Some(&mut cache));
        assert_eq!(other, segwit_v0_sighash(&[0x52], &tx, 0, 7, 1, &txdata));
    }

    #[test]
    fn single_without_matching_output_hashes_zero_outputs() {
        let mut tx = tx();
        tx.outputs.truncate(1);
        let txdata = PrecomputedTransactionData::default();
        // No "1" result in BIP-0143: the sighash is an ordinary hash.
        assert_ne!(
            segwit_v0_sighash(&[], &tx, 1, 0, 3, &txdata),
            crate::sighash::SIGHASH_ONE
        );
    }
}
