//! Signature hashes: the message an ECDSA signature in a script signs.
//!
//! - [`legacy_sighash`]: the original algorithm, for bare and P2SH scripts
//!   (Core: `SignatureHash` with `SigVersion::BASE`).
//! - [`segwit_v0_sighash`]: BIP-0143, for witness v0 scripts (Core:
//!   `SignatureHash` with `SigVersion::WITNESS_V0`).
//! - [`taproot_sighash`]: BIP-0341, for taproot key-path and tapscript
//!   signatures (Core: `SignatureHashSchnorr`).
//!
//! Hashes over all inputs or all outputs are the same for every input of a
//! transaction, so [`PrecomputedTransactionData`] computes them once per
//! transaction; [`SigHashCache`] keeps the midstate of one input's preimage so
//! that several signatures with the same hash type (CHECKMULTISIG) hash the
//! transaction once. The rules are listed in `spec/sighash.md`.

mod cache;
mod legacy;
mod precomputed;
mod segwit_v0;
mod taproot;

pub use cache::SigHashCache;
pub use legacy::{legacy_sighash, legacy_sighash_cached};
pub use precomputed::{Bip143Hashes, Bip341Hashes, PrecomputedTransactionData};
pub use segwit_v0::{segwit_v0_sighash, segwit_v0_sighash_cached};
pub use taproot::taproot_sighash;

/// Sign all outputs. Core: `SIGHASH_ALL`.
pub const SIGHASH_ALL: u8 = 0x01;
/// Sign no outputs. Core: `SIGHASH_NONE`.
pub const SIGHASH_NONE: u8 = 0x02;
/// Sign the output with the same index as the input. Core: `SIGHASH_SINGLE`.
pub const SIGHASH_SINGLE: u8 = 0x03;
/// Sign only this input (a modifier of the three above). Core: `SIGHASH_ANYONECANPAY`.
pub const SIGHASH_ANYONECANPAY: u8 = 0x80;
/// Taproot's implicit `SIGHASH_ALL` of a 64-byte signature (BIP-0341). Core: `SIGHASH_DEFAULT`.
pub const SIGHASH_DEFAULT: u8 = 0x00;

/// The result of a legacy sighash whose input index is out of range, or a
/// `SIGHASH_SINGLE` without a matching output: the number 1, in internal
/// byte order. Core: `uint256::ONE`.
pub const SIGHASH_ONE: [u8; 32] = {
    let mut one = [0u8; 32];
    one[0] = 1;
    one
};

/// How a hash type selects inputs and outputs, decoded the way the legacy
/// and BIP-0143 algorithms do: the low five bits pick NONE or SINGLE
/// (anything else means ALL), bit 0x80 is ANYONECANPAY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HashTypeBits {
    /// `hash_type & 0x80`.
    pub anyone_can_pay: bool,
    /// `hash_type & 0x1f == SIGHASH_SINGLE`.
    pub single: bool,
    /// `hash_type & 0x1f == SIGHASH_NONE`.
    pub none: bool,
}

impl HashTypeBits {
    /// Decodes the four-byte hash type the preimage ends with.
    pub fn new(hash_type: i32) -> Self {
        HashTypeBits {
            anyone_can_pay: hash_type & i32::from(SIGHASH_ANYONECANPAY) != 0,
            single: hash_type & 0x1f == i32::from(SIGHASH_SINGLE),
            none: hash_type & 0x1f == i32::from(SIGHASH_NONE),
        }
    }
}
