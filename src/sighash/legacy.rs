//! The original signature hash, for bare and P2SH scripts. Core:
//! `SignatureHash` (`SigVersion::BASE`) and `CTransactionSignatureSerializer`
//! in `src/script/interpreter.cpp`.
//!
//! The preimage is the transaction as serialized without witness, changed
//! in place: the signed input's scriptSig is replaced by the scriptCode
//! (without its `OP_CODESEPARATOR`s), other inputs' scriptSigs are emptied,
//! and the hash type selects which inputs and outputs are kept. It is
//! written straight into the hash engine, never built as a copy.

use super::{HashTypeBits, SigHashCache, SIGHASH_ONE};
use crate::encoding::{write_compact_size, write_u32, Encode, Writer};
use crate::primitives::hash::HashWriter;
use crate::primitives::Transaction;
use crate::script::instruction::read_instruction;
use crate::script::opcodes::OP_CODESEPARATOR;

/// The legacy signature hash of input `input_index` of `tx`, in internal
/// byte order.
///
/// # Consensus
/// Rules `SIGHASH-LEGACY`, `SIGHASH-LEGACY-SINGLE-BUG`, `SIGHASH-TYPE-BITS` (spec/sighash.md).
/// SHA256d of the modified transaction followed by the 4-byte hash type.
/// Two historical quirks are kept, as consensus requires
/// (`SIGHASH-LEGACY-SINGLE-BUG`): with `SIGHASH_SINGLE` and no output at the
/// input's index, the "hash" is the number 1 and is not a hash of anything;
/// an input index out of range also gives 1 (Core asserts instead; its
/// `SignatureHashOld` test oracle returns 1). Core: `SignatureHash`.
pub fn legacy_sighash(
    script_code: &[u8],
    tx: &Transaction,
    input_index: usize,
    hash_type: i32,
) -> [u8; 32] {
    legacy_sighash_cached(script_code, tx, input_index, hash_type, None)
}

/// [`legacy_sighash`], reusing and filling a midstate cache.
pub fn legacy_sighash_cached(
    script_code: &[u8],
    tx: &Transaction,
    input_index: usize,
    hash_type: i32,
    cache: Option<&mut SigHashCache>,
) -> [u8; 32] {
    let bits = HashTypeBits::new(hash_type);
    if input_index >= tx.inputs.len() || (bits.single && input_index >= tx.outputs.len()) {
        return SIGHASH_ONE;
    }
    let mut engine = match cache.as_ref().and_then(|c| c.load(hash_type, script_code)) {
        Some(midstate) => midstate,
        None => {
            let mut engine = HashWriter::new();
            write_preimage(&mut engine, script_code, tx, input_index, bits);
            if let Some(cache) = cache {
                cache.store(hash_type, script_code, &engine);
            }
            engine
        }
    };
    write_u32(&mut engine, hash_type as u32);
    engine.sha256d()
}

/// Writes the modified transaction. Core: `CTransactionSignatureSerializer::Serialize`.
fn write_preimage<W: Writer>(
    w: &mut W,
    script_code: &[u8],
    tx: &Transaction,
    input_index: usize,
    bits: HashTypeBits,
) {
    write_u32(w, tx.version);
    // ANYONECANPAY keeps only the signed input.
    let inputs: &[_] = if bits.anyone_can_pay {
        std::slice::from_ref(&tx.inputs[input_index])
    } else {
        &tx.inputs
    };
    write_compact_size(w, inputs.len() as u64);
    for (position, input) in inputs.iter().enumerate() {
        let is_signed = bits.anyone_can_pay || position == input_index;
        input.prevout.encode(w);
        if is_signed {
            write_script_code(w, script_code);
        } else {
            write_compact_size(w, 0);
        }
        // NONE and SINGLE let other inputs change their sequence.
        let sequence = if !is_signed && (bits.single || bits.none) {
            0
        } else {
            input.sequence
        };
        write_u32(w, sequence);
    }
    // NONE signs no output; SINGLE the outputs up to the input's index, all
    // but the last blanked to value -1 and an empty script.
    let output_count = match (bits.none, bits.single) {
        (true, _) => 0,
        (false, true) => input_index + 1,
        (false, false) => tx.outputs.len(),
    };
    write_compact_size(w, output_count as u64);
    for (position, output) in tx.outputs[..output_count].iter().enumerate() {
        if bits.single && position != input_index {
            w.put(&(-1i64).to_le_bytes());
            write_compact_size(w, 0);
        } else {
            output.encode(w);
        }
    }
    write_u32(w, tx.lock_time);
}

/// Writes the scriptCode with every `OP_CODESEPARATOR` removed.
///
/// # Consensus
/// Rule `SIGHASH-LEGACY-SCRIPTCODE` (spec/sighash.md).
/// The length prefix is the script's length minus the number of separators
/// parsed. Parsing stops at the end or at a truncated push; in the latter
/// case only the bytes up to where the parser stopped (after the opcode and
/// any complete length field) are written, so the prefix then overstates the
/// bytes that follow, exactly as in Core's `SerializeScriptCode`.
fn write_script_code<W: Writer>(w: &mut W, script_code: &[u8]) {
    let mut separators = Vec::new();
    let mut pos = 0;
    let stop = loop {
        if pos >= script_code.len() {
            break script_code.len();
        }
        match read_instruction(script_code, pos) {
            Ok((instruction, next)) => {
                if instruction.opcode == OP_CODESEPARATOR {
                    separators.push(pos);
                }
                pos = next;
            }
            Err(truncated) => break truncated.stop,
        }
    };
    write_compact_size(w, (script_code.len() - separators.len()) as u64);
    let mut start = 0;
    for separator in separators {
        w.put(&script_code[start..separator]);
        start = separator + 1;
    }
    w.put(&script_code[start..stop]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script_code_bytes(script_code: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_script_code(&mut out, script_code);
        out
    }

    #[test]
    fn codeseparators_are_removed() {
        assert_eq!(
            script_code_bytes(&[0xab, 0x51, 0xab, 0xab, 0x52, 0xab]),
            vec![2, 0x51, 0x52]
        );
        // 0xab inside a push is data, not a separator.
        assert_eq!(script_code_bytes(&[0x01, 0xab, 0xab]), vec![2, 0x01, 0xab]);
    }

    #[test]
    fn truncated_push_stops_where_core_stops() {
        // OP_1, then OP_PUSHDATA1 claiming 5 bytes with only 1 present: the
        // parser stops after the length byte, so the last data byte is not written.
        assert_eq!(
            script_code_bytes(&[0x51, 0x4c, 0x05, 0xee]),
            vec![4, 0x51, 0x4c, 0x05]
        );
        assert_eq!(script_code_bytes(&[0xab, 0x02, 0xee]), vec![2, 0x02]);
    }
}

#[cfg(test)]
mod behaviour_tests {
    use super::*;
    use crate::encoding::Decode;

    /// The first transaction of Core's `sighash.json` (4 inputs, 2 outputs).
    const TX: &str = "907c2bc503ade11cc3b04eb2918b6f547b0630ab569273824748c87ea14b0696526c66ba740200000004ab65ababfd1f9bdd4ef073c7afc4ae00da8a66f429c917a0081ad1e1dabce28d373eab81d8628de802000000096aab5253ab52000052ad042b5f25efb33beec9f3364e8a9139e8439d9d7e26529c3c30b6c3fd89f8684cfd68ea0200000009ab53526500636a52ab599ac2fe02a526ed040000000008535300516352515164370e010000000003006300ab2ec229";

    fn tx() -> Transaction {
        Transaction::from_bytes(&hex::decode(TX).unwrap()).unwrap()
    }

    #[test]
    fn known_value_from_sighash_json() {
        let hash = legacy_sighash(&[], &tx(), 2, 1864164639);
        let mut display = hash;
        display.reverse();
        assert_eq!(
            hex::encode(display),
            "31af167a6cf3f9d5f6875caa4d31704ceb0eba078d132b78dab52c3b8997317e"
        );
    }

    #[test]
    fn single_bug_and_out_of_range_give_one() {
        let tx = tx();
        assert_eq!(tx.outputs.len(), 2);
        assert_eq!(legacy_sighash(&[], &tx, 2, 3), SIGHASH_ONE);
        assert_eq!(legacy_sighash(&[], &tx, 2, 0x83), SIGHASH_ONE);
        // Only the low five bits select SINGLE.
        assert_eq!(legacy_sighash(&[], &tx, 3, 0x43), SIGHASH_ONE);
        assert_ne!(legacy_sighash(&[], &tx, 1, 3), SIGHASH_ONE);
        assert_eq!(legacy_sighash(&[], &tx, 4, 1), SIGHASH_ONE);
    }

    #[test]
    fn anyone_can_pay_ignores_other_inputs() {
        let tx = tx();
        let mut changed = tx.clone();
        changed.inputs[0].sequence ^= 1;
        changed.inputs[0].script_sig.push(0x51);
        assert_eq!(
            legacy_sighash(&[0x51], &tx, 1, 0x81),
            legacy_sighash(&[0x51], &changed, 1, 0x81)
        );
        assert_ne!(
            legacy_sighash(&[0x51], &tx, 1, 0x01),
            legacy_sighash(&[0x51], &changed, 1, 0x01)
        );
        // NONE lets other inputs' sequences change, not their outpoints.
        let mut resequenced = tx.clone();
        resequenced.inputs[0].sequence ^= 1;
        assert_eq!(
            legacy_sighash(&[], &tx, 1, 2),
            legacy_sighash(&[], &resequenced, 1, 2)
        );
    }

    #[test]
    fn cache_agrees_with_uncached() {
        let tx = tx();
        let mut cache = SigHashCache::new();
        for hash_type in [1, 1, 2, 0x81, 3, 0x41] {
            let cached = legacy_sighash_cached(&[0xac], &tx, 0, hash_type, Some(&mut cache));
            assert_eq!(cached, legacy_sighash(&[0xac], &tx, 0, hash_type));
        }
    }
}
