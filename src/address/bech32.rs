//! Bech32 (BIP-0173) and bech32m (BIP-0350): the text encoding of segwit
//! addresses. Core: `src/bech32.cpp`, `ConvertBits` in `src/util/strencodings.h`.
//!
//! A string is a human-readable part (HRP), the separator `1` (the last `1`
//! in the string), and a data part of 5-bit values written in a 32-character
//! alphabet, the last six of which are a BCH checksum over the HRP and the
//! data. Bech32 and bech32m differ only in the constant the checksum is
//! xored with.

use std::fmt;

use super::bech32_locate::locate_checksum_errors;

/// The 32 characters, in value order. Core: `CHARSET`.
const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// The separator between the HRP and the data part. Core: `SEPARATOR`.
pub const SEPARATOR: u8 = b'1';

/// Number of 5-bit checksum values at the end of the data part. Core: `CHECKSUM_SIZE`.
pub const CHECKSUM_SIZE: usize = 6;

/// The longest string BIP-0173 and BIP-0350 allow, in characters.
/// Core: `CharLimit::BECH32`.
pub const MAX_LENGTH: usize = 90;

/// Which checksum a string carries. Core: `bech32::Encoding` (less `INVALID`,
/// which canon expresses as an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// BIP-0173: the checksum residue is 1.
    Bech32,
    /// BIP-0350: the checksum residue is 0x2bc830a3.
    Bech32m,
}

impl Encoding {
    /// The value the checksum polynomial must leave. Core: `EncodingConstant`.
    pub(super) fn constant(self) -> u32 {
        match self {
            Encoding::Bech32 => 1,
            Encoding::Bech32m => 0x2bc8_30a3,
        }
    }
}

/// A decoded bech32 or bech32m string. Core: `bech32::DecodeResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The checksum the string carries.
    pub encoding: Encoding,
    /// The human-readable part, in lower case.
    pub hrp: String,
    /// The 5-bit values of the data part, without the checksum.
    pub data: Vec<u8>,
}

/// Why a string is not valid bech32 or bech32m, with the byte offsets of the
/// characters at fault. Each variant's token is the message Core's
/// `bech32::LocateErrors` returns, and the checks run in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bech32Error {
    /// More than 90 characters; the positions are 90 and on (`ADDR-BECH32-LENGTH`).
    TooLong { positions: Vec<usize> },
    /// A character outside `!`..=`~`, or a letter whose case differs from the
    /// first letter's (`ADDR-BECH32-CHARACTERS`).
    InvalidCharacterOrMixedCase { positions: Vec<usize> },
    /// No `1` in the string (`ADDR-BECH32-SEPARATOR`).
    MissingSeparator,
    /// The last `1` starts the string, or leaves fewer than seven characters
    /// after it (`ADDR-BECH32-SEPARATOR`).
    InvalidSeparatorPosition { position: usize },
    /// A data-part character outside the bech32 alphabet (`ADDR-BECH32-CHARSET`).
    InvalidBase32Character { position: usize },
    /// Neither checksum holds and no error position could be located
    /// (`ADDR-BECH32-CHECKSUM`).
    InvalidChecksum,
    /// Neither checksum holds; these positions would make the bech32 checksum hold.
    InvalidBech32Checksum { positions: Vec<usize> },
    /// Neither checksum holds; these positions would make the bech32m checksum hold.
    InvalidBech32mChecksum { positions: Vec<usize> },
}

impl Bech32Error {
    /// Core's message for this failure (`bech32::LocateErrors`).
    pub fn token(&self) -> &'static str {
        match self {
            Bech32Error::TooLong { .. } => "Bech32 string too long",
            Bech32Error::InvalidCharacterOrMixedCase { .. } => "Invalid character or mixed case",
            Bech32Error::MissingSeparator => "Missing separator",
            Bech32Error::InvalidSeparatorPosition { .. } => "Invalid separator position",
            Bech32Error::InvalidBase32Character { .. } => "Invalid Base 32 character",
            Bech32Error::InvalidChecksum => "Invalid checksum",
            Bech32Error::InvalidBech32Checksum { .. } => "Invalid Bech32 checksum",
            Bech32Error::InvalidBech32mChecksum { .. } => "Invalid Bech32m checksum",
        }
    }

    /// The byte offsets Core reports as the likely errors, left to right.
    pub fn positions(&self) -> Vec<usize> {
        match self {
            Bech32Error::TooLong { positions }
            | Bech32Error::InvalidCharacterOrMixedCase { positions }
            | Bech32Error::InvalidBech32Checksum { positions }
            | Bech32Error::InvalidBech32mChecksum { positions } => positions.clone(),
            Bech32Error::InvalidSeparatorPosition { position }
            | Bech32Error::InvalidBase32Character { position } => vec![*position],
            Bech32Error::MissingSeparator | Bech32Error::InvalidChecksum => Vec::new(),
        }
    }
}

impl fmt::Display for Bech32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

impl std::error::Error for Bech32Error {}

/// The checksum polynomial: the remainder of the values, read as a polynomial
/// over GF(32) with an implicit leading 1, modulo the BCH generator
/// x^6 + {29}x^5 + {22}x^4 + {20}x^3 + {21}x^2 + {29}x + {18}, packed five
/// bits a coefficient. Core: `PolyMod`.
pub(super) fn polymod(values: &[u8]) -> u32 {
    // {1,2,4,8,16} times the generator's low six coefficients.
    const GENERATOR: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut c: u32 = 1;
    for &value in values {
        let top = c >> 25;
        c = ((c & 0x1ff_ffff) << 5) ^ u32::from(value);
        for (bit, g) in GENERATOR.iter().enumerate() {
            if (top >> bit) & 1 == 1 {
                c ^= g;
            }
        }
    }
    c
}

/// The HRP expanded for the checksum (high bits of each character, a zero,
/// the low bits of each character), then the data values. Core:
/// `PreparePolynomialCoefficients`.
pub(super) fn checksum_input(hrp: &[u8], values: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hrp.len() * 2 + 1 + values.len() + CHECKSUM_SIZE);
    out.extend(hrp.iter().map(|c| c >> 5));
    out.push(0);
    out.extend(hrp.iter().map(|c| c & 0x1f));
    out.extend_from_slice(values);
    out
}

/// The checksum values that end a string with this HRP and data. Core: `CreateChecksum`.
fn create_checksum(encoding: Encoding, hrp: &[u8], values: &[u8]) -> [u8; CHECKSUM_SIZE] {
    let mut input = checksum_input(hrp, values);
    input.extend_from_slice(&[0; CHECKSUM_SIZE]);
    let residue = polymod(&input) ^ encoding.constant();
    std::array::from_fn(|i| ((residue >> (5 * (5 - i))) & 31) as u8)
}

/// Encodes `values` (each below 32) under `hrp` with the checksum of `encoding`.
/// Core: `bech32::Encode`.
///
/// Returns `None` where Core would assert: an HRP with an upper-case letter
/// (BIP-0173 encoders must write lower case), or a value of 32 or more.
pub fn encode(encoding: Encoding, hrp: &str, values: &[u8]) -> Option<String> {
    if hrp.bytes().any(|c| c.is_ascii_uppercase()) || values.iter().any(|&v| v >= 32) {
        return None;
    }
    let checksum = create_checksum(encoding, hrp.as_bytes(), values);
    let mut out = String::with_capacity(hrp.len() + 1 + values.len() + CHECKSUM_SIZE);
    out.push_str(hrp);
    out.push(char::from(SEPARATOR));
    out.extend(
        values
            .iter()
            .chain(&checksum)
            .map(|&v| char::from(CHARSET[usize::from(v)])),
    );
    Some(out)
}

/// The value of a data-part character, or `None` outside the alphabet (either
/// case). Core: `CHARSET_REV`.
fn charset_value(c: u8) -> Option<u8> {
    let lower = c.to_ascii_lowercase();
    CHARSET.iter().position(|&a| a == lower).map(|v| v as u8)
}

/// Offsets of characters outside `!`..=`~`, and of letters whose case
/// differs from the first letter's. Core: `CheckCharacters`.
fn bad_characters(s: &[u8]) -> Vec<usize> {
    let (mut lower, mut upper) = (false, false);
    let mut bad = Vec::new();
    for (i, &c) in s.iter().enumerate() {
        if c.is_ascii_lowercase() {
            if upper {
                bad.push(i);
            } else {
                lower = true;
            }
        } else if c.is_ascii_uppercase() {
            if lower {
                bad.push(i);
            } else {
                upper = true;
            }
        } else if !(33..=126).contains(&c) {
            bad.push(i);
        }
    }
    bad
}

/// The lower-case HRP and the data values (checksum included) of a string
/// whose length, characters, separator and alphabet are valid; the checks of
/// Core's `LocateErrors` before the checksum, in its order.
fn split_checked(s: &[u8]) -> Result<(Vec<u8>, Vec<u8>), Bech32Error> {
    if s.len() > MAX_LENGTH {
        return Err(Bech32Error::TooLong {
            positions: (MAX_LENGTH..s.len()).collect(),
        });
    }
    let bad = bad_characters(s);
    if !bad.is_empty() {
        return Err(Bech32Error::InvalidCharacterOrMixedCase { positions: bad });
    }
    let Some(pos) = s.iter().rposition(|&c| c == SEPARATOR) else {
        return Err(Bech32Error::MissingSeparator);
    };
    if pos == 0 || pos + CHECKSUM_SIZE >= s.len() {
        return Err(Bech32Error::InvalidSeparatorPosition { position: pos });
    }
    let hrp = s[..pos].to_ascii_lowercase();
    let mut values = Vec::with_capacity(s.len() - pos - 1);
    for (i, &c) in s.iter().enumerate().skip(pos + 1) {
        values.push(charset_value(c).ok_or(Bech32Error::InvalidBase32Character { position: i })?);
    }
    Ok((hrp, values))
}

/// Which checksum the HRP and values satisfy, if any. Core: `VerifyChecksum`.
fn verify_checksum(hrp: &[u8], values: &[u8]) -> Option<Encoding> {
    let residue = polymod(&checksum_input(hrp, values));
    [Encoding::Bech32, Encoding::Bech32m]
        .into_iter()
        .find(|e| e.constant() == residue)
}

/// Decodes a bech32 or bech32m string. Core: `bech32::Decode`.
///
/// # Consensus
/// Not consensus; the string rules of BIP-0173 and BIP-0350 as Core applies
/// them: at most 90 characters (`ADDR-BECH32-LENGTH`); only `!`..=`~`, all
/// letters of one case (`ADDR-BECH32-CHARACTERS`); the last `1` separates a
/// non-empty HRP from a data part of at least six characters
/// (`ADDR-BECH32-SEPARATOR`); data characters from the alphabet
/// (`ADDR-BECH32-CHARSET`); and the checksum, over the lower-cased HRP,
/// is that of bech32 or of bech32m (`ADDR-BECH32-CHECKSUM`). The input is
/// taken as bytes, as Core takes a `std::string`.
///
/// # Errors
/// A string Core's `Decode` rejects is diagnosed as Core's `LocateErrors`
/// diagnoses it: the [`Bech32Error`] variants, with Core's messages and
/// error positions.
pub fn decode(s: impl AsRef<[u8]>) -> Result<Decoded, Bech32Error> {
    let s = s.as_ref();
    let (hrp, mut values) = split_checked(s)?;
    let Some(encoding) = verify_checksum(&hrp, &values) else {
        return Err(locate_checksum_errors(s, &hrp, &values));
    };
    values.truncate(values.len() - CHECKSUM_SIZE);
    let hrp = String::from_utf8(hrp).expect("every HRP byte was checked to be printable ASCII");
    Ok(Decoded {
        encoding,
        hrp,
        data: values,
    })
}

/// What Core's `bech32::LocateErrors` finds in `s`: `None` for a valid string,
/// otherwise the first failing rule with the positions of the likely errors.
pub fn locate_errors(s: impl AsRef<[u8]>) -> Option<Bech32Error> {
    decode(s).err()
}

/// Regroups `data`, a sequence of `from_bits`-bit values, into `to_bits`-bit
/// values. Core: `ConvertBits`.
///
/// With `pad`, a final partial group is padded with zero bits. Without it,
/// the input must end on a group boundary up to fewer than `from_bits` zero
/// bits of padding (BIP-0173 "Segwit address format": at most 4 bits of
/// zero padding), or the result is `None`. Also `None` for an input value
/// that does not fit in `from_bits` bits, which Core's callers never pass.
/// Both widths must be 1..=8.
pub fn convert_bits(data: &[u8], from_bits: u32, to_bits: u32, pad: bool) -> Option<Vec<u8>> {
    assert!(
        (1..=8).contains(&from_bits) && (1..=8).contains(&to_bits),
        "bit widths are 1..=8"
    );
    let max_value: u32 = (1 << to_bits) - 1;
    let max_acc: u32 = (1 << (from_bits + to_bits - 1)) - 1;
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut out = Vec::with_capacity(data.len() * from_bits as usize / to_bits as usize + 1);
    for &value in data {
        if u32::from(value) >> from_bits != 0 {
            return None;
        }
        acc = ((acc << from_bits) | u32::from(value)) & max_acc;
        bits += from_bits;
        while bits >= to_bits {
            bits -= to_bits;
            out.push(((acc >> bits) & max_value) as u8);
        }
    }
    if pad {
        if bits > 0 {
            out.push(((acc << (to_bits - bits)) & max_value) as u8);
        }
    } else if bits >= from_bits || ((acc << (to_bits - bits)) & max_value) != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
#[path = "bech32_tests.rs"]
mod tests;
