//! Counting signature operations, for the block sigop limit. Core:
//! `CScript::GetSigOpCount` (`src/script/script.cpp`), `CountWitnessSigOps`
//! (`src/script/interpreter.cpp`).
//!
//! Counting is static: scripts are parsed, not run. Block validation weighs
//! legacy and P2SH sigops by 4 (the witness scale factor) and witness sigops
//! by 1.

use super::flags::VerifyFlags;
use super::instruction::{is_push_only, Instructions};
use super::opcodes::{
    decode_op_n, OP_1, OP_16, OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY, OP_CHECKSIG,
    OP_CHECKSIGVERIFY, OP_INVALIDOPCODE,
};
use super::ops::multisig::MAX_PUBKEYS_PER_MULTISIG;
use super::patterns::{is_pay_to_script_hash, witness_program, WitnessProgram};
use crate::primitives::Witness;

/// The sigops of a script.
///
/// # Consensus
/// Rule `SIGOPS-LEGACY` (spec/script.md).
/// Each `OP_CHECKSIG(VERIFY)` counts 1. Each `OP_CHECKMULTISIG(VERIFY)`
/// counts 20, or, if `accurate` and the opcode before it is `OP_1`..`OP_16`,
/// that number. Counting stops silently at a truncated push. Legacy counting
/// (`accurate` false) applies to every scriptSig and scriptPubKey; accurate
/// counting to P2SH redeem scripts (BIP-0016) and witness scripts
/// (BIP-0141). Core: `CScript::GetSigOpCount(bool)`.
pub fn count_sigops(script: &[u8], accurate: bool) -> u32 {
    let mut count = 0u32;
    let mut last_opcode = OP_INVALIDOPCODE;
    for instruction in Instructions::new(script) {
        let Ok(instruction) = instruction else {
            break;
        };
        match instruction.opcode {
            OP_CHECKSIG | OP_CHECKSIGVERIFY => count += 1,
            OP_CHECKMULTISIG | OP_CHECKMULTISIGVERIFY => {
                count += match decode_op_n(last_opcode) {
                    Some(n) if accurate && (OP_1..=OP_16).contains(&last_opcode) => u32::from(n),
                    _ => MAX_PUBKEYS_PER_MULTISIG as u32,
                };
            }
            _ => {}
        }
        last_opcode = instruction.opcode;
    }
    count
}

/// The sigops of a P2SH spend: those of the redeem script, the last push
/// of `script_sig`, counted accurately. A scriptPubKey that is not P2SH
/// counts its own sigops accurately.
///
/// # Consensus
/// Rule `SIGOPS-P2SH` (spec/script.md).
/// BIP-0016: a scriptSig with a non-push opcode (above `OP_16`) or a
/// truncated push counts 0 (it fails validation anyway). Core:
/// `CScript::GetSigOpCount(const CScript& scriptSig)`, as used by
/// `GetP2SHSigOpCount`.
pub fn count_p2sh_sigops(script_pubkey: &[u8], script_sig: &[u8]) -> u32 {
    if !is_pay_to_script_hash(script_pubkey) {
        return count_sigops(script_pubkey, true);
    }
    let mut last_push: &[u8] = &[];
    for instruction in Instructions::new(script_sig) {
        match instruction {
            Ok(instruction) if instruction.opcode <= OP_16 => last_push = instruction.data,
            _ => return 0,
        }
    }
    count_sigops(last_push, true)
}

/// The witness sigops of one input.
///
/// # Consensus
/// Rule `SIGOPS-WITNESS` (spec/script.md).
/// BIP-0141, "Sigops": only under `WITNESS`. For a witness program, native
/// or as the last push of a push-only P2SH scriptSig: a v0 20-byte program
/// counts 1; a v0 32-byte program counts the accurate sigops of the witness
/// script (the last witness item; 0 if there is none); other versions count
/// 0. Core: `CountWitnessSigOps`.
pub fn count_witness_sigops(
    script_sig: &[u8],
    script_pubkey: &[u8],
    witness: &Witness,
    flags: VerifyFlags,
) -> u32 {
    if !flags.contains(VerifyFlags::WITNESS) {
        return 0;
    }
    if let Some(program) = witness_program(script_pubkey) {
        return witness_program_sigops(program, witness);
    }
    if is_pay_to_script_hash(script_pubkey) && is_push_only(script_sig) {
        let last_push = Instructions::new(script_sig)
            .filter_map(Result::ok)
            .last()
            .map_or(&[][..], |i| i.data);
        if let Some(program) = witness_program(last_push) {
            return witness_program_sigops(program, witness);
        }
    }
    0
}

/// The sigops a witness program's spend performs. Core: `WitnessSigOps`.
fn witness_program_sigops(program: WitnessProgram, witness: &Witness) -> u32 {
    match (program.version, program.program.len(), witness.stack.last()) {
        (0, 20, _) => 1,
        (0, 32, Some(witness_script)) => count_sigops(witness_script, true),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::instruction::push_data;
    use crate::script::opcodes::*;

    #[test]
    fn legacy_and_accurate_counts() {
        let multisig_2_of_3 = [OP_2, OP_3, OP_CHECKMULTISIG];
        assert_eq!(count_sigops(&multisig_2_of_3, true), 3);
        assert_eq!(count_sigops(&multisig_2_of_3, false), 20);
        assert_eq!(
            count_sigops(
                &[OP_CHECKSIG, OP_CHECKSIGVERIFY, OP_CHECKMULTISIGVERIFY],
                true
            ),
            22
        );
        // OP_0 before CHECKMULTISIG is not OP_1..OP_16: counts 20.
        assert_eq!(count_sigops(&[OP_0, OP_CHECKMULTISIG], true), 20);
        // A truncated push stops counting.
        assert_eq!(count_sigops(&[OP_CHECKSIG, 0x05, 0xac], true), 1);
        // 0xac inside a push is data.
        assert_eq!(count_sigops(&[0x01, OP_CHECKSIG], true), 0);
    }

    #[test]
    fn p2sh_counts_the_redeem_script() {
        let redeem = [OP_1, OP_2, OP_CHECKMULTISIG];
        let mut script_pubkey = vec![OP_HASH160, 0x14];
        script_pubkey.extend(crate::primitives::hash::hash160(&redeem));
        script_pubkey.push(OP_EQUAL);
        let mut script_sig = vec![OP_0];
        push_data(&mut script_sig, &redeem);
        assert_eq!(count_p2sh_sigops(&script_pubkey, &script_sig), 2);
        script_sig.push(OP_NOP);
        assert_eq!(count_p2sh_sigops(&script_pubkey, &script_sig), 0);
        assert_eq!(count_p2sh_sigops(&[OP_CHECKSIG], &[]), 1);
    }

    #[test]
    fn witness_counts() {
        let flags = VerifyFlags::P2SH.union(VerifyFlags::WITNESS);
        let p2wpkh = [&[0x00, 0x14][..], &[0; 20]].concat();
        let empty = Witness::default();
        assert_eq!(count_witness_sigops(&[], &p2wpkh, &empty, flags), 1);
        assert_eq!(
            count_witness_sigops(&[], &p2wpkh, &empty, VerifyFlags::P2SH),
            0
        );
        let witness_script = vec![OP_CHECKSIG, OP_CHECKSIG];
        let p2wsh = [
            &[0x00, 0x20][..],
            &crate::primitives::hash::sha256(&witness_script),
        ]
        .concat();
        let witness = Witness {
            stack: vec![vec![], witness_script],
        };
        assert_eq!(count_witness_sigops(&[], &p2wsh, &witness, flags), 2);
        assert_eq!(count_witness_sigops(&[], &p2wsh, &empty, flags), 0);
        // P2SH-wrapped P2WPKH.
        let mut p2sh = vec![OP_HASH160, 0x14];
        p2sh.extend(crate::primitives::hash::hash160(&p2wpkh));
        p2sh.push(OP_EQUAL);
        let mut script_sig = Vec::new();
        push_data(&mut script_sig, &p2wpkh);
        assert_eq!(count_witness_sigops(&script_sig, &p2sh, &empty, flags), 1);
        let taproot = [&[OP_1, 0x20][..], &[2; 32]].concat();
        assert_eq!(count_witness_sigops(&[], &taproot, &empty, flags), 0);
    }
}
