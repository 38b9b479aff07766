//! Address strings: reading and writing a [`Destination`] on a network.
//! Core: `DecodeDestination`, `EncodeDestination` (`DestinationEncoder`),
//! src/key_io.cpp.

use super::base58::{decode_base58, decode_base58check, encode_base58check};
use super::bech32::{self, convert_bits, Decoded, Encoding};
use super::destination::{Destination, WitnessVersion, ANCHOR_PROGRAM};
use super::error::AddressError;
use crate::params::Network;

/// The longest witness program an address may carry, in bytes (BIP-0141).
/// Core: `BECH32_WITNESS_PROG_MAX_LEN`.
pub const MAX_WITNESS_PROGRAM_LEN: usize = 40;

/// The shortest witness program an address may carry, in bytes (BIP-0141).
pub const MIN_WITNESS_PROGRAM_LEN: usize = 2;

/// Payload bytes of a base58check address: a one-byte prefix and a 20-byte hash.
const BASE58_ADDRESS_MAX_LEN: usize = 21;

/// The limit for the second, checksum-free base58 attempt that only chooses
/// Core's error message.
const BASE58_DIAGNOSIS_MAX_LEN: usize = 100;

/// Reads an address of `network`. Core: `DecodeDestination`.
///
/// # Consensus
/// Not consensus; Core's address rules, in its order, which decides the
/// error a user sees:
/// 1. A string whose first characters, lower-cased, are not the network's
///    HRP is base58 (`ADDR-KIND`): base58check of at most 21 bytes whose
///    payload is the P2PKH or P2SH prefix and a 20-byte hash
///    (`ADDR-BASE58-PAYLOAD`, `ADDR-BASE58CHECK-CHECKSUM`).
/// 2. Otherwise it is bech32 or bech32m (BIP-0173, BIP-0350) with a non-empty
///    data part and the network's HRP (`ADDR-SEGWIT-HRP`); its first value is
///    the witness version; version 0 uses bech32 and every other version
///    bech32m (`ADDR-SEGWIT-CHECKSUM-KIND`); the rest regroups into bytes
///    with at most 4 zero bits of padding (`ADDR-SEGWIT-PADDING`).
/// 3. Version 0 needs a 20 or 32-byte program (`ADDR-SEGWIT-V0-SIZE`);
///    version 1 with 32 bytes is P2TR and with `4e73` is P2A; any other
///    version must be at most 16 (`ADDR-SEGWIT-VERSION`) with a program of
///    2 to 40 bytes (`ADDR-SEGWIT-PROGRAM-SIZE`).
///
/// # Errors
/// Each [`AddressError`] variant is one of Core's exits; its `Display` text
/// is Core's `error_str`.
pub fn decode_destination(s: &str, network: Network) -> Result<Destination, AddressError> {
    let hrp = network.address_params().bech32_hrp;
    // False also for a valid segwit address of another network.
    let is_bech32 = s
        .as_bytes()
        .get(..hrp.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(hrp.as_bytes()));
    if is_bech32 {
        return decode_segwit(s, hrp);
    }
    match decode_base58check(s, BASE58_ADDRESS_MAX_LEN) {
        Ok(payload) => base58_destination(&payload, network),
        Err(_) if decode_base58(s, BASE58_DIAGNOSIS_MAX_LEN).is_ok() => {
            Err(AddressError::Base58ChecksumOrLength)
        }
        Err(_) => Err(AddressError::UnknownEncoding),
    }
}

/// The destination a base58check payload names on `network`.
fn base58_destination(payload: &[u8], network: Network) -> Result<Destination, AddressError> {
    let params = network.address_params();
    let hash_after =
        |prefix: &[u8]| -> Option<[u8; 20]> { payload.strip_prefix(prefix)?.try_into().ok() };
    if let Some(hash) = hash_after(params.pubkey_address_prefix) {
        return Ok(Destination::PubKeyHash(hash));
    }
    if let Some(hash) = hash_after(params.script_address_prefix) {
        return Ok(Destination::ScriptHash(hash));
    }
    let known_prefix = payload.starts_with(params.script_address_prefix)
        || payload.starts_with(params.pubkey_address_prefix);
    Err(if known_prefix {
        AddressError::Base58WrongLength
    } else {
        AddressError::Base58UnknownPrefix
    })
}

/// The segwit half of `DecodeDestination`, for a string that starts with the
/// network's HRP.
fn decode_segwit(s: &str, hrp: &str) -> Result<Destination, AddressError> {
    let Decoded {
        encoding,
        hrp: got,
        data,
    } = bech32::decode(s)?;
    let Some((&version, rest)) = data.split_first() else {
        return Err(AddressError::EmptyBech32Data);
    };
    if got != hrp {
        return Err(AddressError::WrongHrp {
            expected: hrp.to_string(),
            got,
        });
    }
    if version == 0 && encoding != Encoding::Bech32 {
        return Err(AddressError::Version0NotBech32);
    }
    if version != 0 && encoding != Encoding::Bech32m {
        return Err(AddressError::Version1PlusNotBech32m);
    }
    let program = convert_bits(rest, 5, 8, false).ok_or(AddressError::InvalidPadding)?;
    witness_destination(version, program)
}

/// The destination of a decoded witness version (a 5-bit value) and program.
fn witness_destination(version: u8, program: Vec<u8>) -> Result<Destination, AddressError> {
    let size = program.len();
    if version == 0 {
        return match size {
            20 => Ok(Destination::WitnessV0KeyHash(to_array(&program))),
            32 => Ok(Destination::WitnessV0ScriptHash(to_array(&program))),
            _ => Err(AddressError::InvalidV0ProgramSize { size }),
        };
    }
    if version == 1 && size == 32 {
        return Ok(Destination::WitnessV1Taproot(to_array(&program)));
    }
    if version == 1 && program == ANCHOR_PROGRAM {
        return Ok(Destination::PayToAnchor);
    }
    let Some(version) = WitnessVersion::new(version) else {
        return Err(AddressError::InvalidWitnessVersion);
    };
    if !(MIN_WITNESS_PROGRAM_LEN..=MAX_WITNESS_PROGRAM_LEN).contains(&size) {
        return Err(AddressError::InvalidProgramSize { size });
    }
    Ok(Destination::WitnessUnknown { version, program })
}

/// The bytes of a program whose length was just checked.
fn to_array<const N: usize>(program: &[u8]) -> [u8; N] {
    program.try_into().expect("the caller matched the length")
}

/// Writes `destination` as an address of `network` (`ADDR-ENCODE`).
/// Core: `EncodeDestination`.
///
/// Base58check of prefix and hash for P2PKH and P2SH; otherwise the witness
/// version and the program regrouped into 5-bit values, bech32 for version 0
/// and bech32m for the rest (BIP-0350).
///
/// Returns `None` where Core returns an empty string: a
/// [`Destination::WitnessUnknown`] of version 0, or with a program outside
/// 2 to 40 bytes.
pub fn encode_destination(destination: &Destination, network: Network) -> Option<String> {
    let params = network.address_params();
    let base58 = |prefix: &[u8], hash: &[u8]| encode_base58check(&[prefix, hash].concat());
    match destination {
        Destination::PubKeyHash(hash) => Some(base58(params.pubkey_address_prefix, hash)),
        Destination::ScriptHash(hash) => Some(base58(params.script_address_prefix, hash)),
        Destination::WitnessV0KeyHash(hash) => encode_segwit(params.bech32_hrp, 0, hash),
        Destination::WitnessV0ScriptHash(hash) => encode_segwit(params.bech32_hrp, 0, hash),
        Destination::WitnessV1Taproot(key) => encode_segwit(params.bech32_hrp, 1, key),
        Destination::PayToAnchor => encode_segwit(params.bech32_hrp, 1, &ANCHOR_PROGRAM),
        Destination::WitnessUnknown { version, program } => {
            let fits = (MIN_WITNESS_PROGRAM_LEN..=MAX_WITNESS_PROGRAM_LEN).contains(&program.len());
            if version.to_u8() == 0 || !fits {
                return None;
            }
            encode_segwit(params.bech32_hrp, version.to_u8(), program)
        }
    }
}

/// A segwit address: bech32 for version 0, bech32m for the others.
fn encode_segwit(hrp: &str, version: u8, program: &[u8]) -> Option<String> {
    let encoding = if version == 0 {
        Encoding::Bech32
    } else {
        Encoding::Bech32m
    };
    let mut data = vec![version];
    data.extend(convert_bits(program, 8, 5, true)?);
    bech32::encode(encoding, hrp, &data)
}

#[cfg(test)]
#[path = "key_io_tests.rs"]
mod tests;
