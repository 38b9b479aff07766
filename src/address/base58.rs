//! Base58 and base58check: the text encoding of legacy addresses (P2PKH,
//! P2SH) and WIF private keys. Core: `src/base58.cpp`.
//!
//! The alphabet is the 58 alphanumeric characters without `0`, `O`, `I` and
//! `l`. A number is written most significant digit first, and each leading
//! zero byte is written as one `1`. Base58check appends the first four bytes of
//! the double SHA-256 of the payload before encoding.

use std::fmt;

use crate::primitives::hash::sha256d;

/// The base58 alphabet, digit value order. Core: `pszBase58`.
const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Bytes of checksum base58check appends.
const CHECKSUM_LEN: usize = 4;

/// Why a string is not valid base58 or base58check.
///
/// Core's `DecodeBase58` and `DecodeBase58Check` only return `false`; each
/// variant names one of the ways they can fail, with canon's stable token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base58Error {
    /// The string contains a NUL character (`ADDR-BASE58-NUL`).
    /// Core: `DecodeBase58`, `ContainsNoNUL`.
    ContainsNul,
    /// A character outside the alphabet, at this byte offset
    /// (`ADDR-BASE58-CHARACTER`).
    InvalidCharacter { position: usize },
    /// A non-whitespace character after the trailing whitespace, at this byte
    /// offset (`ADDR-BASE58-WHITESPACE`).
    TrailingCharacter { position: usize },
    /// The decoded bytes would exceed the caller's limit (`ADDR-BASE58-MAX-LENGTH`).
    TooLong { max_len: usize },
    /// Fewer than four bytes decoded, so there is no checksum
    /// (`ADDR-BASE58CHECK-CHECKSUM`).
    MissingChecksum,
    /// The last four bytes are not the start of the double SHA-256 of the
    /// rest (`ADDR-BASE58CHECK-CHECKSUM`).
    BadChecksum,
}

impl Base58Error {
    /// The stable token of this failure (Core has no text of its own).
    pub fn token(&self) -> &'static str {
        match self {
            Base58Error::ContainsNul => "base58-contains-nul",
            Base58Error::InvalidCharacter { .. } => "base58-invalid-character",
            Base58Error::TrailingCharacter { .. } => "base58-trailing-character",
            Base58Error::TooLong { .. } => "base58-too-long",
            Base58Error::MissingChecksum => "base58check-missing-checksum",
            Base58Error::BadChecksum => "base58check-bad-checksum",
        }
    }
}

impl fmt::Display for Base58Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base58Error::InvalidCharacter { position }
            | Base58Error::TrailingCharacter { position } => {
                write!(f, "{} at byte {position}", self.token())
            }
            Base58Error::TooLong { max_len } => {
                write!(f, "{} (limit {max_len} bytes)", self.token())
            }
            Base58Error::ContainsNul | Base58Error::MissingChecksum | Base58Error::BadChecksum => {
                f.write_str(self.token())
            }
        }
    }
}

impl std::error::Error for Base58Error {}

/// The whitespace `DecodeBase58` skips: space, `\t`, `\n`, `\v`, `\f`, `\r`.
/// Core: `IsSpace` (locale-independent).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The value of a base58 digit, or `None` for a character outside the alphabet.
fn digit_value(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u8)
}

/// Encodes `data` as base58. Core: `EncodeBase58`.
pub fn encode_base58(data: &[u8]) -> String {
    let zeroes = data.iter().take_while(|&&b| b == 0).count();
    // The number in base 58, least significant digit first.
    let mut digits: Vec<u8> = Vec::with_capacity(data.len() * 138 / 100 + 1);
    for &byte in &data[zeroes..] {
        let mut carry = u32::from(byte);
        for digit in digits.iter_mut() {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeroes + digits.len());
    out.extend(std::iter::repeat_n('1', zeroes));
    out.extend(
        digits
            .iter()
            .rev()
            .map(|&d| char::from(ALPHABET[usize::from(d)])),
    );
    out
}

/// Decodes base58 text of at most `max_len` bytes. Core: `DecodeBase58`.
///
/// # Consensus
/// Not consensus; the address rules of Core's `DecodeBase58`, in its order:
/// a NUL anywhere fails; leading whitespace is skipped; each leading `1` is a
/// zero byte; digits run until whitespace or the end; trailing whitespace is
/// skipped and nothing may follow it (`ADDR-BASE58-NUL`,
/// `ADDR-BASE58-CHARACTER`, `ADDR-BASE58-WHITESPACE`). The result may never
/// exceed `max_len` bytes, checked as each character is read, so the work is
/// bounded by `max_len`, never by the length of the string
/// (`ADDR-BASE58-MAX-LENGTH`).
///
/// # Errors
/// [`Base58Error::ContainsNul`], [`Base58Error::InvalidCharacter`],
/// [`Base58Error::TrailingCharacter`], [`Base58Error::TooLong`].
pub fn decode_base58(s: &str, max_len: usize) -> Result<Vec<u8>, Base58Error> {
    let bytes = s.as_bytes();
    if bytes.contains(&0) {
        return Err(Base58Error::ContainsNul);
    }
    let mut pos = bytes.iter().take_while(|&&c| is_space(c)).count();
    let mut zeroes = 0;
    while bytes.get(pos) == Some(&b'1') {
        zeroes += 1;
        if zeroes > max_len {
            return Err(Base58Error::TooLong { max_len });
        }
        pos += 1;
    }
    // The number in base 256, least significant byte first, without leading zeroes.
    let mut number: Vec<u8> = Vec::new();
    while let Some(&c) = bytes.get(pos).filter(|&&c| !is_space(c)) {
        let digit = digit_value(c).ok_or(Base58Error::InvalidCharacter { position: pos })?;
        let mut carry = u32::from(digit);
        for byte in number.iter_mut() {
            carry += 58 * u32::from(*byte);
            *byte = carry as u8;
            carry >>= 8;
        }
        while carry > 0 {
            number.push(carry as u8);
            carry >>= 8;
        }
        if zeroes + number.len() > max_len {
            return Err(Base58Error::TooLong { max_len });
        }
        pos += 1;
    }
    pos += bytes[pos..].iter().take_while(|&&c| is_space(c)).count();
    if pos != bytes.len() {
        return Err(Base58Error::TrailingCharacter { position: pos });
    }
    let mut out = vec![0u8; zeroes];
    out.extend(number.iter().rev());
    Ok(out)
}

/// The four checksum bytes base58check appends to `payload`.
fn checksum(payload: &[u8]) -> [u8; CHECKSUM_LEN] {
    let hash = sha256d(payload);
    [hash[0], hash[1], hash[2], hash[3]]
}

/// Encodes `payload` followed by its checksum as base58. Core: `EncodeBase58Check`.
pub fn encode_base58check(payload: &[u8]) -> String {
    let mut data = payload.to_vec();
    data.extend_from_slice(&checksum(payload));
    encode_base58(&data)
}

/// Decodes base58check text whose payload is at most `max_len` bytes, and
/// returns the payload. Core: `DecodeBase58Check`.
///
/// # Consensus
/// Not consensus. The text is decoded as by [`decode_base58`] with a limit of
/// `max_len + 4` bytes; the last four bytes must equal the first four bytes of
/// the double SHA-256 of the rest (`ADDR-BASE58CHECK-CHECKSUM`).
///
/// # Errors
/// Any error of [`decode_base58`]; [`Base58Error::MissingChecksum`] when fewer
/// than four bytes decode; [`Base58Error::BadChecksum`].
pub fn decode_base58check(s: &str, max_len: usize) -> Result<Vec<u8>, Base58Error> {
    let mut data = decode_base58(s, max_len.saturating_add(CHECKSUM_LEN)).map_err(|e| match e {
        // The caller's limit is the payload's; report it, not the one with the checksum.
        Base58Error::TooLong { .. } => Base58Error::TooLong { max_len },
        other => other,
    })?;
    let Some(split) = data.len().checked_sub(CHECKSUM_LEN) else {
        return Err(Base58Error::MissingChecksum);
    };
    if data[split..] != checksum(&data[..split]) {
        return Err(Base58Error::BadChecksum);
    }
    data.truncate(split);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_decodes_known_values() {
        let cases: [(&[u8], &str); 5] = [
            (b"", ""),
            (&[0x61], "2g"),
            (&[0x62, 0x62, 0x62], "a3gV"),
            (&[0, 0, 0x27, 0x1f, 0x35, 0xa0], "11211111"),
            (&[0; 3], "111"),
        ];
        for (data, text) in cases {
            assert_eq!(encode_base58(data), text);
            assert_eq!(decode_base58(text, 256).as_deref(), Ok(data));
        }
    }

    /// The fixed checks at the end of Core's `base58_DecodeBase58` test.
    #[test]
    fn core_decode_checks() {
        assert_eq!(
            decode_base58("invalid", 100),
            Err(Base58Error::InvalidCharacter { position: 4 })
        );
        assert_eq!(
            decode_base58("invalid\0", 100),
            Err(Base58Error::ContainsNul)
        );
        assert_eq!(
            decode_base58("\0invalid", 100),
            Err(Base58Error::ContainsNul)
        );
        assert!(decode_base58("good", 100).is_ok());
        assert!(decode_base58("bad0IOl", 100).is_err());
        assert!(decode_base58("goodbad0IOl", 100).is_err());
        assert_eq!(
            decode_base58("good\0bad0IOl", 100),
            Err(Base58Error::ContainsNul)
        );
        assert_eq!(
            decode_base58(" \t\n\x0b\x0c\r skip \r\x0c\x0b\n\t a", 3),
            Err(Base58Error::TrailingCharacter { position: 18 })
        );
        let skipped = decode_base58(" \t\n\x0b\x0c\r skip \r\x0c\x0b\n\t ", 3);
        assert_eq!(skipped, Ok(vec![0x97, 0x1a, 0x55]));

        assert!(decode_base58check("3vQB7B6MrGQZaxCuFg4oh", 100).is_ok());
        assert_eq!(
            decode_base58check("3vQB7B6MrGQZaxCuFg4oi", 100),
            Err(Base58Error::BadChecksum)
        );
        assert!(decode_base58check("3vQB7B6MrGQZaxCuFg4oh0IOl", 100).is_err());
        assert_eq!(
            decode_base58check("3vQB7B6MrGQZaxCuFg4oh\x000IOl", 100),
            Err(Base58Error::ContainsNul)
        );
    }

    #[test]
    fn limit_counts_leading_ones_and_digits() {
        assert_eq!(decode_base58("111", 3), Ok(vec![0; 3]));
        assert_eq!(
            decode_base58("1111", 3),
            Err(Base58Error::TooLong { max_len: 3 })
        );
        // 0x271f35a0 needs four bytes.
        assert_eq!(decode_base58("211111", 4), Ok(vec![0x27, 0x1f, 0x35, 0xa0]));
        assert_eq!(
            decode_base58("211111", 3),
            Err(Base58Error::TooLong { max_len: 3 })
        );
        assert_eq!(
            decode_base58("1211111", 4),
            Err(Base58Error::TooLong { max_len: 4 })
        );
    }

    #[test]
    fn base58check_round_trip_and_errors() {
        let payload = [0u8, 1, 2, 3, 0xff];
        let text = encode_base58check(&payload);
        assert_eq!(decode_base58check(&text, 5), Ok(payload.to_vec()));
        assert_eq!(
            decode_base58check(&text, 4),
            Err(Base58Error::TooLong { max_len: 4 })
        );
        assert_eq!(
            decode_base58check("2g", 10),
            Err(Base58Error::MissingChecksum)
        );
        assert_eq!(
            decode_base58check("", 10),
            Err(Base58Error::MissingChecksum)
        );
        // Core checks the limit with saturating arithmetic.
        assert!(decode_base58check(&text, usize::MAX).is_ok());
    }

    #[test]
    fn whitespace_inside_digits_fails() {
        assert_eq!(decode_base58(" a3gV ", 10), Ok(vec![0x62, 0x62, 0x62]));
        assert_eq!(
            decode_base58("a3 gV", 10),
            Err(Base58Error::TrailingCharacter { position: 3 })
        );
        assert_eq!(
            decode_base58("11 2", 10),
            Err(Base58Error::TrailingCharacter { position: 3 })
        );
        assert_eq!(
            decode_base58("é", 10),
            Err(Base58Error::InvalidCharacter { position: 0 })
        );
    }

    proptest::proptest! {
        #[test]
        fn round_trips(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80)) {
            let text = encode_base58(&data);
            proptest::prop_assert_eq!(decode_base58(&text, data.len()), Ok(data.clone()));
            let checked = encode_base58check(&data);
            proptest::prop_assert_eq!(decode_base58check(&checked, data.len()), Ok(data));
        }
    }
}
