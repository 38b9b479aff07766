//! Reading a script as a sequence of instructions, and writing pushes.
//!
//! A script is raw bytes. Each instruction is one opcode byte, followed, for
//! the push opcodes 0x01..=0x4e, by the pushed data (and, for
//! `OP_PUSHDATA1/2/4`, a 1-, 2- or 4-byte little-endian length first). A push
//! whose length or data runs past the end of the script is a parse error.
//! Core: `GetScriptOp` in `src/script/script.cpp`.

use super::opcodes::{OP_0, OP_16, OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4};

/// One instruction: its opcode and, for a push, the bytes it pushes
/// (borrowed from the script, so parsing never allocates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instruction<'a> {
    /// The opcode byte.
    pub opcode: u8,
    /// The pushed bytes; empty for every opcode above `OP_PUSHDATA4`.
    pub data: &'a [u8],
}

/// A push runs past the end of the script. The interpreter reports it as
/// `BAD_OPCODE`; the sigop counter and `IsPushOnly` stop at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TruncatedPush {
    /// Where Core's `GetScriptOp` leaves its cursor on this failure: after
    /// the opcode byte, and after the length field if that was complete. The
    /// legacy sighash serializes the scriptCode only up to here.
    pub stop: usize,
}

/// Reads the instruction at `pos`, returning it and the position after it.
///
/// # Consensus
/// Rule `SCRIPT-PARSE` (spec/script.md).
/// Opcodes below `OP_PUSHDATA1` push that many bytes; `OP_PUSHDATA1/2/4` read
/// a 1-, 2- or 4-byte little-endian length and push that many bytes. Core:
/// `GetScriptOp`.
///
/// # Errors
/// [`TruncatedPush`] if the length field or the data is cut off by the end of
/// the script (or `pos` is already at the end).
pub fn read_instruction(
    script: &[u8],
    pos: usize,
) -> Result<(Instruction<'_>, usize), TruncatedPush> {
    let opcode = *script.get(pos).ok_or(TruncatedPush { stop: pos })?;
    let mut next = pos + 1;
    let len = match opcode {
        0..OP_PUSHDATA1 => usize::from(opcode),
        OP_PUSHDATA1 => read_le(script, &mut next, 1)?,
        OP_PUSHDATA2 => read_le(script, &mut next, 2)?,
        OP_PUSHDATA4 => read_le(script, &mut next, 4)?,
        _ => 0,
    };
    let end = next
        .checked_add(len)
        .filter(|&end| end <= script.len())
        .ok_or(TruncatedPush { stop: next })?;
    let data = &script[next..end];
    Ok((Instruction { opcode, data }, end))
}

/// Reads a `width`-byte little-endian length at `*pos` and advances past it.
fn read_le(script: &[u8], pos: &mut usize, width: usize) -> Result<usize, TruncatedPush> {
    let bytes = script
        .get(*pos..*pos + width)
        .ok_or(TruncatedPush { stop: *pos })?;
    *pos += width;
    Ok(bytes
        .iter()
        .rev()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)))
}

/// The instructions of a script, in order. After a [`TruncatedPush`] the
/// iterator ends.
#[derive(Debug, Clone)]
pub struct Instructions<'a> {
    script: &'a [u8],
    pos: usize,
}

impl<'a> Instructions<'a> {
    /// Iterates over `script` from its start.
    pub fn new(script: &'a [u8]) -> Self {
        Instructions { script, pos: 0 }
    }

    /// The position of the next instruction (after the last one yielded).
    pub fn position(&self) -> usize {
        self.pos
    }
}

impl<'a> Iterator for Instructions<'a> {
    type Item = Result<Instruction<'a>, TruncatedPush>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.script.len() {
            return None;
        }
        match read_instruction(self.script, self.pos) {
            Ok((instruction, next)) => {
                self.pos = next;
                Some(Ok(instruction))
            }
            Err(e) => {
                self.pos = self.script.len();
                Some(Err(e))
            }
        }
    }
}

/// Whether the script parses and holds only push opcodes (`OP_0`..`OP_16`,
/// which counts `OP_RESERVED`, as Core does: executing it fails anyway).
///
/// # Consensus
/// Rules `SCRIPT-SIGPUSHONLY`, `SCRIPT-P2SH` (spec/script.md).
/// A P2SH scriptSig must be push-only (BIP-0016); with `SIGPUSHONLY` every
/// scriptSig must be. Core: `CScript::IsPushOnly`.
pub fn is_push_only(script: &[u8]) -> bool {
    Instructions::new(script).all(|ins| matches!(ins, Ok(ins) if ins.opcode <= OP_16))
}

/// Whether `opcode` is the shortest way to push `data`.
///
/// # Consensus
/// Rule `SCRIPT-MINIMALDATA` (spec/script.md).
/// Policy rule `MINIMALDATA` (BIP-0062, rule 3): empty data must use `OP_0`;
/// a single byte 1..=16 must use `OP_1`..`OP_16`; the byte 0x81 must use
/// `OP_1NEGATE`; up to 75 bytes a direct push; up to 255 `OP_PUSHDATA1`; up
/// to 65,535 `OP_PUSHDATA2`. Core: `CheckMinimalPush`.
pub fn check_minimal_push(data: &[u8], opcode: u8) -> bool {
    match data.len() {
        0 => opcode == OP_0,
        1 if (1..=16).contains(&data[0]) || data[0] == 0x81 => false,
        len @ 1..=75 => usize::from(opcode) == len,
        76..=255 => opcode == OP_PUSHDATA1,
        256..=65_535 => opcode == OP_PUSHDATA2,
        _ => true,
    }
}

/// Appends a push of `data` with the shortest length prefix: a direct push up
/// to 75 bytes, then `OP_PUSHDATA1/2/4`. Never uses `OP_0`..`OP_16` or
/// `OP_1NEGATE`: this is Core's `CScript << std::vector<unsigned char>`, the
/// form `FindAndDelete` searches for.
pub fn push_data(script: &mut Vec<u8>, data: &[u8]) {
    let len = data.len();
    if len < usize::from(OP_PUSHDATA1) {
        script.push(len as u8);
    } else if let Ok(len) = u8::try_from(len) {
        script.extend_from_slice(&[OP_PUSHDATA1, len]);
    } else if let Ok(len) = u16::try_from(len) {
        script.push(OP_PUSHDATA2);
        script.extend_from_slice(&len.to_le_bytes());
    } else {
        script.push(OP_PUSHDATA4);
        script.extend_from_slice(&(len as u32).to_le_bytes());
    }
    script.extend_from_slice(data);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::opcodes::*;

    #[test]
    fn reads_every_push_form() {
        let script = [
            0x02,
            0xaa,
            0xbb,
            OP_PUSHDATA1,
            1,
            0xcc,
            OP_PUSHDATA2,
            1,
            0,
            0xdd,
        ];
        let ops: Vec<_> = Instructions::new(&script).map(Result::unwrap).collect();
        assert_eq!(
            ops[0],
            Instruction {
                opcode: 2,
                data: &[0xaa, 0xbb]
            }
        );
        assert_eq!(ops[1].data, &[0xcc]);
        assert_eq!(
            ops[2],
            Instruction {
                opcode: OP_PUSHDATA2,
                data: &[0xdd]
            }
        );
        let script = [OP_PUSHDATA4, 0, 0, 0, 0, OP_DUP];
        let ops: Vec<_> = Instructions::new(&script).map(Result::unwrap).collect();
        assert_eq!(ops.len(), 2);
        assert_eq!(
            ops[1],
            Instruction {
                opcode: OP_DUP,
                data: &[]
            }
        );
    }

    #[test]
    fn truncated_pushes_fail() {
        let cases: [(&[u8], usize); 6] = [
            (&[0x01], 1),
            (&[0x02, 0xaa], 1),
            (&[OP_PUSHDATA1], 1),
            (&[OP_PUSHDATA1, 2, 0], 2),
            (&[OP_PUSHDATA2, 1], 1),
            (&[OP_PUSHDATA4, 1, 0, 0], 1),
        ];
        for (script, stop) in cases {
            let results: Vec<_> = Instructions::new(script).collect();
            assert_eq!(results, vec![Err(TruncatedPush { stop })], "{script:?}");
        }
        // A 4-byte length near u32::MAX must not overflow.
        let script = [OP_PUSHDATA4, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(read_instruction(&script, 0), Err(TruncatedPush { stop: 5 }));
    }

    #[test]
    fn push_only() {
        assert!(is_push_only(&[
            OP_0,
            OP_1NEGATE,
            OP_RESERVED,
            OP_16,
            0x01,
            0x00
        ]));
        assert!(!is_push_only(&[OP_NOP]));
        assert!(!is_push_only(&[0x01]));
        assert!(is_push_only(&[]));
    }

    #[test]
    fn minimal_pushes() {
        assert!(check_minimal_push(&[], OP_0));
        assert!(!check_minimal_push(&[], OP_PUSHDATA1));
        assert!(!check_minimal_push(&[5], 1));
        assert!(!check_minimal_push(&[0x81], 1));
        assert!(check_minimal_push(&[0x80], 1));
        assert!(check_minimal_push(&[0; 75], 75));
        assert!(!check_minimal_push(&[0; 75], OP_PUSHDATA1));
        assert!(check_minimal_push(&[0; 76], OP_PUSHDATA1));
        assert!(!check_minimal_push(&[0; 256], OP_PUSHDATA1));
        assert!(check_minimal_push(&[0; 256], OP_PUSHDATA2));
        assert!(check_minimal_push(&[0; 65_536], OP_PUSHDATA4));
    }

    #[test]
    fn push_data_forms() {
        for len in [0usize, 1, 75, 76, 255, 256, 65_535, 65_536] {
            let data = vec![7u8; len];
            let mut script = Vec::new();
            push_data(&mut script, &data);
            let (ins, end) = read_instruction(&script, 0).unwrap();
            assert_eq!((ins.data.len(), end), (len, script.len()));
            assert!(check_minimal_push(&data, ins.opcode) || len <= 1);
        }
    }
}
