//! Legacy (inaccurate) signature-operation counting, as `CheckBlock` uses it.
//!
//! TODO(replace): this is a local stand-in until `canon::script` provides
//! sigop counting (`CScript::GetSigOpCount`); when it does, delete this file
//! and call that. It only scans opcodes, so it needs no interpreter.

use crate::primitives::Transaction;

const OP_PUSHDATA1: u8 = 0x4c;
const OP_PUSHDATA2: u8 = 0x4d;
const OP_PUSHDATA4: u8 = 0x4e;
const OP_CHECKSIG: u8 = 0xac;
const OP_CHECKSIGVERIFY: u8 = 0xad;
const OP_CHECKMULTISIG: u8 = 0xae;
const OP_CHECKMULTISIGVERIFY: u8 = 0xaf;

/// What an inaccurately counted `OP_CHECKMULTISIG` costs. Core:
/// `MAX_PUBKEYS_PER_MULTISIG`.
const MAX_PUBKEYS_PER_MULTISIG: usize = 20;

/// The legacy sigop count of a script: 1 per `OP_CHECKSIG(VERIFY)`, 20 per
/// `OP_CHECKMULTISIG(VERIFY)`, scanning opcodes until the end or the first
/// push that runs past the end (the count so far stands).
/// Core: `CScript::GetSigOpCount(false)`.
pub fn script_legacy_sigop_count(script: &[u8]) -> usize {
    let mut count = 0;
    let mut pc = 0;
    while let Some(&opcode) = script.get(pc) {
        pc += 1;
        let push_len = match opcode {
            0x00..=0x4b => usize::from(opcode),
            OP_PUSHDATA1 => match read_len(script, &mut pc, 1) {
                Some(len) => len,
                None => break,
            },
            OP_PUSHDATA2 => match read_len(script, &mut pc, 2) {
                Some(len) => len,
                None => break,
            },
            OP_PUSHDATA4 => match read_len(script, &mut pc, 4) {
                Some(len) => len,
                None => break,
            },
            OP_CHECKSIG | OP_CHECKSIGVERIFY => {
                count += 1;
                0
            }
            OP_CHECKMULTISIG | OP_CHECKMULTISIGVERIFY => {
                count += MAX_PUBKEYS_PER_MULTISIG;
                0
            }
            _ => 0,
        };
        if script.len() - pc < push_len {
            break;
        }
        pc += push_len;
    }
    count
}

/// Reads a `width`-byte little-endian push length at `pc`, advancing past it.
fn read_len(script: &[u8], pc: &mut usize, width: usize) -> Option<usize> {
    let bytes = script.get(*pc..*pc + width)?;
    *pc += width;
    let mut le = [0u8; 8];
    le[..width].copy_from_slice(bytes);
    usize::try_from(u64::from_le_bytes(le)).ok()
}

/// The legacy sigop count of a transaction: over every scriptSig and every
/// scriptPubKey, without P2SH or witness sigops. Core: `GetLegacySigOpCount`.
pub fn legacy_sigop_count(tx: &Transaction) -> usize {
    let inputs: usize = tx
        .inputs
        .iter()
        .map(|input| script_legacy_sigop_count(&input.script_sig))
        .sum();
    let outputs: usize = tx
        .outputs
        .iter()
        .map(|output| script_legacy_sigop_count(&output.script_pubkey))
        .sum();
    inputs + outputs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_core() {
        assert_eq!(script_legacy_sigop_count(&[]), 0);
        // P2PKH: one CHECKSIG.
        let mut p2pkh = vec![0x76, 0xa9, 0x14];
        p2pkh.extend([0; 20]);
        p2pkh.extend([0x88, 0xac]);
        assert_eq!(script_legacy_sigop_count(&p2pkh), 1);
        // 1-of-2 multisig counts 20, not 2, when inaccurate.
        assert_eq!(script_legacy_sigop_count(&[0x51, 0x52, 0xae]), 20);
        assert_eq!(script_legacy_sigop_count(&[0xad, 0xaf]), 21);
        // A CHECKSIG byte inside a push is data.
        assert_eq!(script_legacy_sigop_count(&[0x01, 0xac]), 0);
        assert_eq!(script_legacy_sigop_count(&[0x4c, 0x01, 0xac, 0xac]), 1);
        assert_eq!(
            script_legacy_sigop_count(&[0x4d, 0x01, 0x00, 0xac, 0xac]),
            1
        );
        // A push running past the end stops the count; what came before stands.
        assert_eq!(script_legacy_sigop_count(&[0xac, 0x02, 0xac]), 1);
        assert_eq!(script_legacy_sigop_count(&[0xac, 0x4e, 0xff, 0xff]), 1);
        assert_eq!(script_legacy_sigop_count(&[0xac, 0x4c]), 1);
    }
}
