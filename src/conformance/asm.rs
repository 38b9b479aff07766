//! The script notation of Bitcoin Core's test vectors: `"1 0x14 0x.. EQUAL"`.
//!
//! Core: `ParseScript` (src/core_io.cpp), used by `script_tests.json`,
//! `tx_valid.json` and `tx_invalid.json`. Words are separated by spaces, tabs
//! and newlines, and each word is one of:
//!
//! - a decimal number in `-0xFFFFFFFF..=0xFFFFFFFF`, pushed minimally as
//!   `CScript::push_int64` does (`-1` and `1..=16` as `OP_1NEGATE`/`OP_n`, `0`
//!   as `OP_0`, anything else as a script number data push);
//! - `0x` followed by an even, non-zero number of hex digits: raw bytes,
//!   inserted verbatim (not pushed);
//! - `'text'`: the text between the quotes, pushed as data (no spaces inside);
//! - an opcode name from `OP_NOP` (0x61) to `OP_NOP10` (0xb9), or
//!   `OP_RESERVED`, with or without its `OP_` prefix. Names below `OP_NOP` are
//!   not accepted (numbers stand for them) and neither is `OP_CHECKSIGADD`
//!   (0xba), which lies above Core's `MAX_OPCODE`.
//!
//! Every malformed word is an [`AsmError`]; the parser never panics.

use crate::script::opcodes::{
    get_op_name, MAX_OPCODE, OP_0, OP_1, OP_1NEGATE, OP_NOP, OP_RESERVED,
};
use std::fmt;

/// Why a test-notation script could not be read. Core throws a
/// `std::runtime_error` starting `script parse error` for each of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsmError {
    /// A decimal word outside `-0xFFFFFFFF..=0xFFFFFFFF` (or past `i64`).
    NumberOutOfRange(String),
    /// A word that is no number, hex, quoted text or known opcode name.
    UnknownOpcode(String),
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsmError::NumberOutOfRange(word) => write!(
                f,
                "script parse error: decimal numeric value only allowed in the range \
                 -0xFFFFFFFF...0xFFFFFFFF: {word:?}"
            ),
            AsmError::UnknownOpcode(word) => {
                write!(f, "script parse error: unknown opcode {word:?}")
            }
        }
    }
}

impl std::error::Error for AsmError {}

/// The largest magnitude a decimal word may have. Core: `ParseScript`.
const MAX_DECIMAL: i64 = 0xffff_ffff;

/// Parses Core's test notation into script bytes. Core: `ParseScript`.
///
/// # Errors
/// [`AsmError::NumberOutOfRange`] for a decimal word beyond ±0xFFFFFFFF and
/// [`AsmError::UnknownOpcode`] for any word that is not understood.
pub fn parse_script(text: &str) -> Result<Vec<u8>, AsmError> {
    let mut script = Vec::new();
    for word in text.split([' ', '\t', '\n']).filter(|w| !w.is_empty()) {
        if is_decimal(word) {
            let number = word
                .parse::<i64>()
                .ok()
                .filter(|n| (-MAX_DECIMAL..=MAX_DECIMAL).contains(n))
                .ok_or_else(|| AsmError::NumberOutOfRange(word.to_string()))?;
            push_int64(&mut script, number);
        } else if let Some(raw) = raw_hex(word) {
            script.extend_from_slice(&raw);
        } else if word.len() >= 2 && word.starts_with('\'') && word.ends_with('\'') {
            push_data(&mut script, &word.as_bytes()[1..word.len() - 1]);
        } else {
            script.push(opcode_by_name(word)?);
        }
    }
    Ok(script)
}

/// Digits only, or `-` followed by at least one digit (Core's test, before
/// `ToIntegral<int64_t>`, which also rejects overflow).
fn is_decimal(word: &str) -> bool {
    let digits = word
        .strip_prefix('-')
        .filter(|rest| !rest.is_empty())
        .unwrap_or(word);
    digits.bytes().all(|b| b.is_ascii_digit())
}

/// The bytes of a `0x..` word: an even, non-zero number of hex digits of
/// either case (Core: `IsHex`). Anything else is not raw hex.
fn raw_hex(word: &str) -> Option<Vec<u8>> {
    let digits = word.strip_prefix("0x")?;
    if digits.is_empty() || digits.len() % 2 != 0 {
        return None;
    }
    hex::decode(digits).ok()
}

/// The opcodes that have a name in the notation: `OP_RESERVED` and
/// `OP_NOP..=MAX_OPCODE`, each under its [`get_op_name`] name. Core:
/// `OpCodeParser`.
fn named_opcodes() -> impl Iterator<Item = u8> {
    std::iter::once(OP_RESERVED)
        .chain(OP_NOP..=MAX_OPCODE)
        .filter(|op| get_op_name(*op) != "OP_UNKNOWN")
}

/// The opcode a name stands for, with or without the `OP_` prefix.
fn opcode_by_name(word: &str) -> Result<u8, AsmError> {
    named_opcodes()
        .find(|op| {
            let name = get_op_name(*op);
            name == word || name.strip_prefix("OP_") == Some(word)
        })
        .ok_or_else(|| AsmError::UnknownOpcode(word.to_string()))
}

/// Appends the shortest push of `n`. Core: `CScript::push_int64`.
pub fn push_int64(script: &mut Vec<u8>, n: i64) {
    match n {
        0 => script.push(OP_0),
        -1 => script.push(OP_1NEGATE),
        1..=16 => script.push(OP_1 + (n - 1) as u8),
        _ => push_data(script, &script_num_bytes(n)),
    }
}

/// The minimal script-number encoding of `n`: little-endian magnitude, sign
/// in the top bit of the last byte. Core: `CScriptNum::serialize`.
fn script_num_bytes(n: i64) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut magnitude = n.unsigned_abs();
    while magnitude > 0 {
        bytes.push((magnitude & 0xff) as u8);
        magnitude >>= 8;
    }
    match bytes.last().copied() {
        Some(last) if last & 0x80 != 0 => bytes.push(if n < 0 { 0x80 } else { 0x00 }),
        Some(last) if n < 0 => *bytes.last_mut().expect("non-empty") = last | 0x80,
        _ => {}
    }
    bytes
}

/// Appends a data push with the smallest length prefix (Core's
/// `CScript << std::vector`); shared with the script module.
pub use crate::script::instruction::push_data;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::opcodes::{OP_PUSHDATA1, OP_PUSHDATA2};

    fn asm(text: &str) -> String {
        hex::encode(parse_script(text).expect("parses"))
    }

    #[test]
    fn small_numbers_are_opcodes() {
        assert_eq!(asm("0 -1 1 16"), "004f5160");
        assert_eq!(asm("-0"), "00");
        assert_eq!(asm("007"), "57");
    }

    #[test]
    fn other_numbers_are_minimal_script_numbers() {
        assert_eq!(asm("17"), "0111");
        assert_eq!(asm("-2"), "0182");
        assert_eq!(asm("127 128 -128 255"), "017f02800002808002ff00");
        assert_eq!(asm("256"), "020001");
        assert_eq!(asm("-256"), "020081");
        assert_eq!(asm("4294967295"), "05ffffffff00");
        assert_eq!(asm("-4294967295"), "05ffffffff80");
        assert_eq!(asm("2147483648"), "050000008000");
    }

    #[test]
    fn numbers_beyond_the_range_fail() {
        for word in ["4294967296", "-4294967296", "99999999999999999999"] {
            assert_eq!(
                parse_script(word),
                Err(AsmError::NumberOutOfRange(word.into()))
            );
        }
    }

    #[test]
    fn hex_is_inserted_verbatim() {
        assert_eq!(asm("0x4c 0x01 0x07"), "4c0107");
        assert_eq!(asm("0xAbCd"), "abcd");
        for word in ["0x", "0x1", "0xzz", "0X01"] {
            assert_eq!(
                parse_script(word),
                Err(AsmError::UnknownOpcode(word.into()))
            );
        }
    }

    #[test]
    fn quoted_text_is_pushed() {
        assert_eq!(asm("'Az'"), "02417a");
        assert_eq!(asm("''"), "00");
        let long = format!("'{}'", "a".repeat(80));
        assert_eq!(parse_script(&long).unwrap()[..2], [OP_PUSHDATA1, 80]);
        let longer = format!("'{}'", "a".repeat(256));
        assert_eq!(parse_script(&longer).unwrap()[..3], [OP_PUSHDATA2, 0, 1]);
        assert_eq!(parse_script("'"), Err(AsmError::UnknownOpcode("'".into())));
    }

    #[test]
    fn opcode_names_with_or_without_prefix() {
        assert_eq!(asm("DUP OP_HASH160 EQUALVERIFY OP_CHECKSIG"), "76a988ac");
        assert_eq!(
            asm("RESERVED OP_NOP10 CHECKLOCKTIMEVERIFY NOP1"),
            "50b9b1b0"
        );
        for word in [
            "OP_0",
            "OP_1",
            "TRUE",
            "PUSHDATA1",
            "NOP2",
            "CHECKSIGADD",
            "dup",
            "OP_",
        ] {
            assert_eq!(
                parse_script(word),
                Err(AsmError::UnknownOpcode(word.into()))
            );
        }
    }

    #[test]
    fn separators_are_space_tab_newline_only() {
        assert_eq!(asm("  1\t2\n3  "), "515253");
        assert!(parse_script("1\r").is_err());
        assert_eq!(asm(""), "");
    }

    #[test]
    fn every_named_opcode_reads_back() {
        assert_eq!(named_opcodes().count(), 90);
        for op in named_opcodes() {
            let name = get_op_name(op);
            assert_eq!(opcode_by_name(name), Ok(op));
            assert_eq!(opcode_by_name(&name[3..]), Ok(op));
        }
    }
}
