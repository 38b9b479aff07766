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
//!
//! The opcode name table below is private to this notation. When the script
//! module's own opcode table lands it should replace [`OPCODE_NAMES`].

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

/// `OP_0`: pushes the empty byte string.
const OP_0: u8 = 0x00;
/// `OP_PUSHDATA1`: one length byte follows.
const OP_PUSHDATA1: u8 = 0x4c;
/// `OP_PUSHDATA2`: two little-endian length bytes follow.
const OP_PUSHDATA2: u8 = 0x4d;
/// `OP_PUSHDATA4`: four little-endian length bytes follow.
const OP_PUSHDATA4: u8 = 0x4e;
/// `OP_1NEGATE`: pushes -1.
const OP_1NEGATE: u8 = 0x4f;
/// `OP_1`: pushes 1; `OP_2`..`OP_16` follow it.
const OP_1: u8 = 0x51;

/// The largest magnitude a decimal word may have. Core: `ParseScript`.
const MAX_DECIMAL: i64 = 0xffff_ffff;

/// Every opcode name `ParseScript` knows (Core: `OpCodeParser`, built from
/// `GetOpName` for `OP_RESERVED` and `OP_NOP..=MAX_OPCODE`), without the
/// `OP_` prefix. 0xb1 and 0xb2 go by their BIP-0065/BIP-0112 names only.
const OPCODE_NAMES: [(&str, u8); 90] = [
    ("RESERVED", 0x50),
    ("NOP", 0x61),
    ("VER", 0x62),
    ("IF", 0x63),
    ("NOTIF", 0x64),
    ("VERIF", 0x65),
    ("VERNOTIF", 0x66),
    ("ELSE", 0x67),
    ("ENDIF", 0x68),
    ("VERIFY", 0x69),
    ("RETURN", 0x6a),
    ("TOALTSTACK", 0x6b),
    ("FROMALTSTACK", 0x6c),
    ("2DROP", 0x6d),
    ("2DUP", 0x6e),
    ("3DUP", 0x6f),
    ("2OVER", 0x70),
    ("2ROT", 0x71),
    ("2SWAP", 0x72),
    ("IFDUP", 0x73),
    ("DEPTH", 0x74),
    ("DROP", 0x75),
    ("DUP", 0x76),
    ("NIP", 0x77),
    ("OVER", 0x78),
    ("PICK", 0x79),
    ("ROLL", 0x7a),
    ("ROT", 0x7b),
    ("SWAP", 0x7c),
    ("TUCK", 0x7d),
    ("CAT", 0x7e),
    ("SUBSTR", 0x7f),
    ("LEFT", 0x80),
    ("RIGHT", 0x81),
    ("SIZE", 0x82),
    ("INVERT", 0x83),
    ("AND", 0x84),
    ("OR", 0x85),
    ("XOR", 0x86),
    ("EQUAL", 0x87),
    ("EQUALVERIFY", 0x88),
    ("RESERVED1", 0x89),
    ("RESERVED2", 0x8a),
    ("1ADD", 0x8b),
    ("1SUB", 0x8c),
    ("2MUL", 0x8d),
    ("2DIV", 0x8e),
    ("NEGATE", 0x8f),
    ("ABS", 0x90),
    ("NOT", 0x91),
    ("0NOTEQUAL", 0x92),
    ("ADD", 0x93),
    ("SUB", 0x94),
    ("MUL", 0x95),
    ("DIV", 0x96),
    ("MOD", 0x97),
    ("LSHIFT", 0x98),
    ("RSHIFT", 0x99),
    ("BOOLAND", 0x9a),
    ("BOOLOR", 0x9b),
    ("NUMEQUAL", 0x9c),
    ("NUMEQUALVERIFY", 0x9d),
    ("NUMNOTEQUAL", 0x9e),
    ("LESSTHAN", 0x9f),
    ("GREATERTHAN", 0xa0),
    ("LESSTHANOREQUAL", 0xa1),
    ("GREATERTHANOREQUAL", 0xa2),
    ("MIN", 0xa3),
    ("MAX", 0xa4),
    ("WITHIN", 0xa5),
    ("RIPEMD160", 0xa6),
    ("SHA1", 0xa7),
    ("SHA256", 0xa8),
    ("HASH160", 0xa9),
    ("HASH256", 0xaa),
    ("CODESEPARATOR", 0xab),
    ("CHECKSIG", 0xac),
    ("CHECKSIGVERIFY", 0xad),
    ("CHECKMULTISIG", 0xae),
    ("CHECKMULTISIGVERIFY", 0xaf),
    ("NOP1", 0xb0),
    ("CHECKLOCKTIMEVERIFY", 0xb1),
    ("CHECKSEQUENCEVERIFY", 0xb2),
    ("NOP4", 0xb3),
    ("NOP5", 0xb4),
    ("NOP6", 0xb5),
    ("NOP7", 0xb6),
    ("NOP8", 0xb7),
    ("NOP9", 0xb8),
    ("NOP10", 0xb9),
];

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

/// The opcode a name stands for, with or without the `OP_` prefix.
fn opcode_by_name(word: &str) -> Result<u8, AsmError> {
    let bare = word.strip_prefix("OP_").unwrap_or(word);
    OPCODE_NAMES
        .iter()
        .find(|(name, _)| *name == bare)
        .map(|(_, opcode)| *opcode)
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

/// Appends a data push with the smallest length prefix that fits (a direct
/// length byte below 0x4c, then `OP_PUSHDATA1/2/4`). An empty push is
/// `OP_0`. Core: `CScript::operator<<(std::span<const std::byte>)`.
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
        let len = u32::try_from(len).expect("a test script is far below 4 GiB");
        script.push(OP_PUSHDATA4);
        script.extend_from_slice(&len.to_le_bytes());
    }
    script.extend_from_slice(data);
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_opcode_name_is_distinct_and_in_range() {
        for (i, (name, op)) in OPCODE_NAMES.iter().enumerate() {
            assert!(*op == 0x50 || (0x61..=0xb9).contains(op), "{name}");
            assert!(OPCODE_NAMES[i + 1..]
                .iter()
                .all(|(n, o)| n != name && o != op));
        }
    }
}
