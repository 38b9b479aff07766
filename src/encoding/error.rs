//! Decoding failures, each named by the message Bitcoin Core's stream code uses.

use std::fmt;

/// Why a byte string is not a valid encoding of the object asked for.
///
/// Each variant is a rule of the wire format; [`DecodeError::token`] gives the
/// text Bitcoin Core puts in the `std::ios_base::failure` it throws for the same
/// input (or, where Core has no message of its own, canon's stable token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The input ended before the object did. Core: `DataStream::read(): end of data`.
    UnexpectedEnd {
        /// What was being read when the bytes ran out.
        reading: &'static str,
        /// Bytes the read needed.
        needed: usize,
        /// Bytes that were left.
        remaining: usize,
    },
    /// A CompactSize used a longer form than its value needs
    /// (`ENC-COMPACTSIZE-CANONICAL`). Core: `ReadCompactSize`.
    NonCanonicalCompactSize { value: u64 },
    /// A CompactSize length exceeded `MAX_SIZE` (0x02000000)
    /// (`ENC-COMPACTSIZE-MAX-SIZE`). Core: `ReadCompactSize`.
    CompactSizeTooLarge { value: u64 },
    /// A byte string's length prefix (a script, a witness item) claimed more
    /// bytes than remain (`ENC-LENGTH-BOUNDED`). Core reaches `end of data` for
    /// the same input, as nothing else can fail inside a byte string, so the
    /// token is the same; canon fails before allocating, and says why.
    LengthExceedsInput {
        reading: &'static str,
        claimed: u64,
        remaining: usize,
    },
    /// The BIP-0144 witness flag was set but every witness stack is empty
    /// (`ENC-TX-SUPERFLUOUS-WITNESS`). Core: `UnserializeTransaction`.
    SuperfluousWitnessRecord,
    /// The BIP-0144 flag byte had bits other than 0x01 set
    /// (`ENC-TX-UNKNOWN-FLAG`). Core: `UnserializeTransaction`.
    UnknownOptionalData { flags: u8 },
    /// Bytes were left after a complete object (`ENC-NO-TRAILING-DATA`).
    /// Core: `DecodeHexTx`/`DecodeHexBlk` reject a stream that is not empty.
    TrailingData { remaining: usize },
}

impl DecodeError {
    /// The stable token of this rule: Core's exception text where Core has one.
    pub fn token(&self) -> &'static str {
        match self {
            DecodeError::UnexpectedEnd { .. } => "end of data",
            DecodeError::NonCanonicalCompactSize { .. } => "non-canonical ReadCompactSize()",
            DecodeError::CompactSizeTooLarge { .. } => "ReadCompactSize(): size too large",
            // Core reads such a byte string in bounded batches and runs out of bytes.
            DecodeError::LengthExceedsInput { .. } => "end of data",
            DecodeError::SuperfluousWitnessRecord => "Superfluous witness record",
            DecodeError::UnknownOptionalData { .. } => "Unknown transaction optional data",
            DecodeError::TrailingData { .. } => "trailing data",
        }
    }

    /// The ID of the rule in `spec/encoding.md`.
    pub fn rule_id(&self) -> &'static str {
        match self {
            DecodeError::UnexpectedEnd { .. } => "ENC-NO-TRUNCATION",
            DecodeError::NonCanonicalCompactSize { .. } => "ENC-COMPACTSIZE-CANONICAL",
            DecodeError::CompactSizeTooLarge { .. } => "ENC-COMPACTSIZE-MAX-SIZE",
            DecodeError::LengthExceedsInput { .. } => "ENC-LENGTH-BOUNDED",
            DecodeError::SuperfluousWitnessRecord => "ENC-TX-SUPERFLUOUS-WITNESS",
            DecodeError::UnknownOptionalData { .. } => "ENC-TX-UNKNOWN-FLAG",
            DecodeError::TrailingData { .. } => "ENC-NO-TRAILING-DATA",
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnexpectedEnd {
                reading,
                needed,
                remaining,
            } => write!(
                f,
                "end of data: reading {reading} needs {needed} bytes, {remaining} left"
            ),
            DecodeError::NonCanonicalCompactSize { value } => write!(
                f,
                "non-canonical ReadCompactSize(): {value} encoded in a longer form than needed"
            ),
            DecodeError::CompactSizeTooLarge { value } => write!(
                f,
                "ReadCompactSize(): size too large: {value} exceeds {}",
                super::MAX_SIZE
            ),
            DecodeError::LengthExceedsInput {
                reading,
                claimed,
                remaining,
            } => write!(
                f,
                "length exceeds input: {reading} claims {claimed} elements but only {remaining} bytes are left"
            ),
            DecodeError::SuperfluousWitnessRecord => {
                write!(f, "Superfluous witness record: witness flag set but every witness is empty")
            }
            DecodeError::UnknownOptionalData { flags } => {
                write!(f, "Unknown transaction optional data: flag byte {flags:#04x}")
            }
            DecodeError::TrailingData { remaining } => {
                write!(f, "trailing data: {remaining} bytes left after the object")
            }
        }
    }
}

impl std::error::Error for DecodeError {}
