//! Script numbers: the little-endian sign-magnitude integers the arithmetic
//! opcodes read and write. Core: `CScriptNum` in `src/script/script.h`.
//!
//! Operands are limited to 4 bytes (so to ±(2^31 − 1)), but results are
//! computed in 64 bits and pushed even when they need 5 bytes: such a result
//! is a valid stack element, it just cannot be read back as an operand.
//! CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY read 5-byte operands instead,
//! since lock times are unsigned 32-bit values (4-byte script numbers stop at
//! 2^31 − 1, in 2038).

use super::error::ScriptError;

/// The operand limit of the arithmetic opcodes. Core: `nDefaultMaxNumSize`.
pub const DEFAULT_MAX_NUM_SIZE: usize = 4;

/// The operand limit of CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY (BIP-0065).
pub const LOCKTIME_MAX_NUM_SIZE: usize = 5;

/// A script number. Core: `CScriptNum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScriptNum(pub i64);

impl ScriptNum {
    /// Reads a stack element as a number of at most `max_size` bytes.
    ///
    /// # Consensus
    /// Rule `SCRIPT-NUM` (spec/script.md).
    /// The encoding is little-endian; the top bit of the last byte is the
    /// sign. The empty element is zero; `0x80` is negative zero, read as 0.
    /// With `require_minimal` (policy `MINIMALDATA`, BIP-0062 rule 4) the last
    /// byte may be 0x00 or 0x80 only if the byte before it has its top bit
    /// set, which rejects padding and negative zero. Core: `CScriptNum(vch,
    /// fRequireMinimal, nMaxNumSize)`.
    ///
    /// # Errors
    /// [`ScriptError::ScriptNum`] if the element is longer than `max_size` or
    /// is not minimally encoded when that is required.
    pub fn decode(
        bytes: &[u8],
        require_minimal: bool,
        max_size: usize,
    ) -> Result<ScriptNum, ScriptError> {
        if bytes.len() > max_size {
            return Err(ScriptError::ScriptNum);
        }
        if require_minimal && !is_minimally_encoded(bytes) {
            return Err(ScriptError::ScriptNum);
        }
        Ok(ScriptNum(decode_unchecked(bytes)))
    }

    /// The value.
    pub fn value(self) -> i64 {
        self.0
    }

    /// The value clamped to `i32`, as Core's `CScriptNum::getint` (used for
    /// stack indices and CHECKMULTISIG counts).
    pub fn to_i32_saturating(self) -> i32 {
        self.0.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
    }

    /// The minimal encoding. Core: `CScriptNum::serialize`.
    pub fn encode(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(9);
        let negative = self.0 < 0;
        let mut magnitude = self.0.unsigned_abs();
        while magnitude != 0 {
            out.push((magnitude & 0xff) as u8);
            magnitude >>= 8;
        }
        // The sign lives in the top bit of the last byte: add a byte for it
        // when the magnitude already uses that bit.
        match out.last_mut() {
            None => {}
            Some(last) if *last & 0x80 != 0 => out.push(if negative { 0x80 } else { 0x00 }),
            Some(last) if negative => *last |= 0x80,
            Some(_) => {}
        }
        out
    }
}

/// Whether a number's encoding has no superfluous last byte. Core: the
/// `fRequireMinimal` test in `CScriptNum`'s constructor.
pub fn is_minimally_encoded(bytes: &[u8]) -> bool {
    match bytes {
        [] => true,
        [.., last] if last & 0x7f != 0 => true,
        [.., before, _] => before & 0x80 != 0,
        [_] => false,
    }
}

/// Reads up to 8 bytes of sign-magnitude little-endian. Core: `set_vch`.
fn decode_unchecked(bytes: &[u8]) -> i64 {
    let Some(&last) = bytes.last() else {
        return 0;
    };
    let mut magnitude: u64 = 0;
    for (i, &b) in bytes.iter().enumerate() {
        magnitude |= u64::from(b) << (8 * i);
    }
    if last & 0x80 != 0 {
        let sign_bit = 0x80u64 << (8 * (bytes.len() - 1));
        -((magnitude & !sign_bit) as i64)
    } else {
        magnitude as i64
    }
}

/// Whether a stack element is true: any non-zero byte, except that a sole
/// 0x80 in the last byte is negative zero, which is false. Core: `CastToBool`.
///
/// Rule `SCRIPT-TRUTH` (spec/script.md).
pub fn cast_to_bool(bytes: &[u8]) -> bool {
    match bytes.iter().position(|&b| b != 0) {
        None => false,
        Some(i) => !(i == bytes.len() - 1 && bytes[i] == 0x80),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(hex: &str, minimal: bool, max: usize) -> Result<i64, ScriptError> {
        ScriptNum::decode(&hex::decode(hex).unwrap(), minimal, max).map(ScriptNum::value)
    }

    #[test]
    fn encodings() {
        let cases: [(i64, &str); 12] = [
            (0, ""),
            (1, "01"),
            (-1, "81"),
            (127, "7f"),
            (128, "8000"),
            (-128, "8080"),
            (255, "ff00"),
            (-255, "ff80"),
            (256, "0001"),
            (0x7fff_ffff, "ffffff7f"),
            (-0x7fff_ffff, "ffffffff"),
            (0x8000_0000, "0000008000"),
        ];
        for (value, hex) in cases {
            assert_eq!(hex::encode(ScriptNum(value).encode()), hex, "{value}");
            assert_eq!(dec(hex, true, 5), Ok(value), "{hex}");
        }
        assert_eq!(
            hex::encode(ScriptNum(i64::MIN + 1).encode()),
            "ffffffffffffffff"
        );
        assert_eq!(
            hex::encode(ScriptNum(i64::MIN).encode()),
            "000000000000008080"
        );
    }

    #[test]
    fn size_limits() {
        assert_eq!(dec("ffffff7f", false, 4), Ok(0x7fff_ffff));
        assert_eq!(dec("0000008000", false, 4), Err(ScriptError::ScriptNum));
        assert_eq!(dec("0000008000", false, 5), Ok(0x8000_0000));
        assert_eq!(dec("ffffffff7f", false, 5), Ok(0x7f_ffff_ffff));
        assert_eq!(dec("000000000001", false, 5), Err(ScriptError::ScriptNum));
    }

    #[test]
    fn minimal_rule_and_negative_zero() {
        assert_eq!(dec("80", false, 4), Ok(0));
        assert_eq!(dec("80", true, 4), Err(ScriptError::ScriptNum));
        assert_eq!(dec("00", true, 4), Err(ScriptError::ScriptNum));
        assert_eq!(dec("0100", true, 4), Err(ScriptError::ScriptNum));
        assert_eq!(dec("0100", false, 4), Ok(1));
        assert_eq!(dec("0180", false, 4), Ok(-1));
        assert_eq!(dec("000080", false, 4), Ok(0));
        assert_eq!(dec("ff00", true, 4), Ok(255));
        assert_eq!(dec("ff80", true, 4), Ok(-255));
    }

    #[test]
    fn truth() {
        assert!(!cast_to_bool(&[]));
        assert!(!cast_to_bool(&[0, 0]));
        assert!(!cast_to_bool(&[0x80]));
        assert!(!cast_to_bool(&[0, 0, 0x80]));
        assert!(cast_to_bool(&[0x80, 0]));
        assert!(cast_to_bool(&[1]));
        assert!(cast_to_bool(&[0, 0x81]));
    }

    #[test]
    fn saturating_i32() {
        assert_eq!(ScriptNum(1 << 40).to_i32_saturating(), i32::MAX);
        assert_eq!(ScriptNum(-(1 << 40)).to_i32_saturating(), i32::MIN);
        assert_eq!(ScriptNum(-5).to_i32_saturating(), -5);
    }
}
