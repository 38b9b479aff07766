//! The scriptPubKey shapes consensus treats specially: P2SH (BIP-0016) and
//! witness programs (BIP-0141), recognised by their exact bytes.
//! Core: `CScript::IsPayToScriptHash`, `CScript::IsWitnessProgram`,
//! `CScript::IsPayToAnchor` in `src/script/script.cpp`.

use super::opcodes::{decode_op_n, OP_0, OP_1, OP_16, OP_EQUAL, OP_HASH160};

/// Whether `script` is exactly `OP_HASH160 <20 bytes> OP_EQUAL`.
///
/// # Consensus
/// Rule `SCRIPT-P2SH` (spec/script.md).
/// BIP-0016: only this 23-byte form (with the direct push 0x14) is P2SH.
/// Core: `CScript::IsPayToScriptHash`.
pub fn is_pay_to_script_hash(script: &[u8]) -> bool {
    script.len() == 23 && script[0] == OP_HASH160 && script[1] == 0x14 && script[22] == OP_EQUAL
}

/// A witness program: its version (0..=16) and program bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WitnessProgram<'a> {
    /// The version: 0 for `OP_0`, 1..16 for `OP_1`..`OP_16`.
    pub version: u8,
    /// The 2..=40 program bytes.
    pub program: &'a [u8],
}

/// The witness program `script` is, if any.
///
/// # Consensus
/// Rule `SCRIPT-WITNESS-PROGRAM` (spec/script.md).
/// BIP-0141, "Witness program": a script of 4 to 42 bytes made of a version
/// opcode (`OP_0` or `OP_1`..`OP_16`) and one direct push of the rest.
/// Core: `CScript::IsWitnessProgram`.
pub fn witness_program(script: &[u8]) -> Option<WitnessProgram<'_>> {
    if !(4..=42).contains(&script.len()) {
        return None;
    }
    let first = script[0];
    if first != OP_0 && !(OP_1..=OP_16).contains(&first) {
        return None;
    }
    if usize::from(script[1]) + 2 != script.len() {
        return None;
    }
    Some(WitnessProgram {
        version: decode_op_n(first)?,
        program: &script[2..],
    })
}

/// Whether a witness program is pay-to-anchor: version 1, program `4e73`.
/// Core: `CScript::IsPayToAnchor(int, const std::vector<unsigned char>&)`.
pub fn is_pay_to_anchor(program: &WitnessProgram) -> bool {
    program.version == 1 && program.program == [0x4e, 0x73]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p2sh_shape() {
        let mut script = vec![OP_HASH160, 0x14];
        script.extend([0u8; 20]);
        script.push(OP_EQUAL);
        assert!(is_pay_to_script_hash(&script));
        script[1] = 0x15;
        assert!(!is_pay_to_script_hash(&script));
    }

    #[test]
    fn witness_program_shapes() {
        let p2wpkh = [&[0x00, 0x14][..], &[7; 20]].concat();
        assert_eq!(
            witness_program(&p2wpkh),
            Some(WitnessProgram {
                version: 0,
                program: &[7; 20]
            })
        );
        let v16 = [&[OP_16, 0x02][..], &[1, 2]].concat();
        assert_eq!(witness_program(&v16).map(|p| p.version), Some(16));
        assert!(witness_program(&[0x00, 0x01, 0x01]).is_none()); // 3 bytes: too short
        assert!(witness_program(&[0x4f, 0x02, 1, 2]).is_none()); // OP_1NEGATE
        assert!(witness_program(&[0x00, 0x03, 1, 2]).is_none()); // push length mismatch
        let too_long = [&[0x00, 41][..], &[0; 41]].concat();
        assert!(witness_program(&too_long).is_none());
        let anchor = [0x51, 0x02, 0x4e, 0x73];
        assert!(is_pay_to_anchor(&witness_program(&anchor).unwrap()));
    }
}
