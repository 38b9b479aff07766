//! Why a string is not an address of a network, in Core's words.

use std::fmt;

use super::bech32::Bech32Error;

/// Why [`decode_destination`](super::decode_destination) rejected a string.
///
/// Each variant is one exit of Core's `DecodeDestination` (src/key_io.cpp);
/// [`AddressError::token`] is Core's message (its format string where the
/// message has parameters) and `Display` is the message exactly as Core
/// writes it into `error_str`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressError {
    /// Valid base58check whose payload starts with the P2PKH or P2SH prefix but
    /// is not prefix + 20 bytes (`ADDR-BASE58-PAYLOAD`).
    Base58WrongLength,
    /// Valid base58check with neither address prefix (`ADDR-BASE58-PAYLOAD`).
    Base58UnknownPrefix,
    /// Not base58check of at most 21 bytes, nor base58 of at most 100 bytes,
    /// nor starting with the network's HRP (`ADDR-KIND`).
    UnknownEncoding,
    /// Base58 of at most 100 bytes, but not base58check of at most 21
    /// (`ADDR-BASE58CHECK-CHECKSUM`).
    Base58ChecksumOrLength,
    /// A bech32(m) string with an empty data part: no witness version
    /// (`ADDR-SEGWIT-VERSION`).
    EmptyBech32Data,
    /// A valid bech32(m) string whose HRP is not the network's (`ADDR-SEGWIT-HRP`).
    WrongHrp {
        /// The network's HRP.
        expected: String,
        /// The string's HRP, lower-cased.
        got: String,
    },
    /// Witness version 0 with a bech32m checksum (`ADDR-SEGWIT-CHECKSUM-KIND`, BIP-0350).
    Version0NotBech32,
    /// Witness version 1 or more with a bech32 checksum (`ADDR-SEGWIT-CHECKSUM-KIND`, BIP-0350).
    Version1PlusNotBech32m,
    /// A version-0 program that is neither 20 nor 32 bytes (`ADDR-SEGWIT-V0-SIZE`, BIP-0141).
    InvalidV0ProgramSize { size: usize },
    /// A witness version above 16 (`ADDR-SEGWIT-VERSION`).
    InvalidWitnessVersion,
    /// A program of fewer than 2 or more than 40 bytes (`ADDR-SEGWIT-PROGRAM-SIZE`).
    InvalidProgramSize { size: usize },
    /// The program's 5-bit groups leave 5 or more bits, or nonzero bits, over
    /// (`ADDR-SEGWIT-PADDING`).
    InvalidPadding,
    /// The string starts with the network's HRP but is not valid bech32 or
    /// bech32m; Core's `LocateErrors` diagnosis (`ADDR-BECH32-*`).
    Bech32(Bech32Error),
}

impl AddressError {
    /// Core's message for this failure: the literal `error_str` Core sets, or
    /// its format string where the message has parameters.
    pub fn token(&self) -> &'static str {
        match self {
            AddressError::Base58WrongLength => "Invalid length for Base58 address (P2PKH or P2SH)",
            AddressError::Base58UnknownPrefix => "Invalid or unsupported Base58-encoded address.",
            AddressError::UnknownEncoding => {
                "Invalid or unsupported Segwit (Bech32) or Base58 encoding."
            }
            AddressError::Base58ChecksumOrLength => {
                "Invalid checksum or length of Base58 address (P2PKH or P2SH)"
            }
            AddressError::EmptyBech32Data => "Empty Bech32 data section",
            AddressError::WrongHrp { .. } => {
                "Invalid or unsupported prefix for Segwit (Bech32) address (expected %s, got %s)."
            }
            AddressError::Version0NotBech32 => "Version 0 witness address must use Bech32 checksum",
            AddressError::Version1PlusNotBech32m => {
                "Version 1+ witness address must use Bech32m checksum"
            }
            AddressError::InvalidV0ProgramSize { .. } => {
                "Invalid Bech32 v0 address program size (%d %s), per BIP141"
            }
            AddressError::InvalidWitnessVersion => "Invalid Bech32 address witness version",
            AddressError::InvalidProgramSize { .. } => {
                "Invalid Bech32 address program size (%d %s)"
            }
            AddressError::InvalidPadding => "Invalid padding in Bech32 data section",
            AddressError::Bech32(e) => e.token(),
        }
    }

    /// The offsets of the likely mistyped characters, as Core's
    /// `DecodeDestination` reports them in `error_locations` (only a bech32
    /// diagnosis has any).
    pub fn positions(&self) -> Vec<usize> {
        match self {
            AddressError::Bech32(e) => e.positions(),
            _ => Vec::new(),
        }
    }
}

/// "byte" or "bytes", as Core words a program size.
fn bytes_word(size: usize) -> &'static str {
    if size == 1 {
        "byte"
    } else {
        "bytes"
    }
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressError::WrongHrp { expected, got } => write!(
                f,
                "Invalid or unsupported prefix for Segwit (Bech32) address (expected {expected}, got {got})."
            ),
            AddressError::InvalidV0ProgramSize { size } => write!(
                f,
                "Invalid Bech32 v0 address program size ({size} {}), per BIP141",
                bytes_word(*size)
            ),
            AddressError::InvalidProgramSize { size } => {
                write!(f, "Invalid Bech32 address program size ({size} {})", bytes_word(*size))
            }
            AddressError::Base58WrongLength
            | AddressError::Base58UnknownPrefix
            | AddressError::UnknownEncoding
            | AddressError::Base58ChecksumOrLength
            | AddressError::EmptyBech32Data
            | AddressError::Version0NotBech32
            | AddressError::Version1PlusNotBech32m
            | AddressError::InvalidWitnessVersion
            | AddressError::InvalidPadding
            | AddressError::Bech32(_) => f.write_str(self.token()),
        }
    }
}

impl std::error::Error for AddressError {}

impl From<Bech32Error> for AddressError {
    fn from(e: Bech32Error) -> Self {
        AddressError::Bech32(e)
    }
}
