//! ECDSA signatures and public keys as scripts carry them: the encoding rules
//! (strict DER, low S, defined hash types, key formats), the lax DER parser
//! that consensus uses for signatures from before BIP-0066, and verification.
//!
//! Core: `IsValidSignatureEncoding`, `IsLowDERSignature`,
//! `IsDefinedHashtypeSignature`, `CheckSignatureEncoding`,
//! `CheckPubKeyEncoding` (`src/script/interpreter.cpp`);
//! `ecdsa_signature_parse_der_lax`, `CPubKey::CheckLowS`, `CPubKey::Verify`
//! (`src/pubkey.cpp`).

use std::sync::OnceLock;

use secp256k1::{ecdsa, schnorr, Message, PublicKey, Secp256k1, VerifyOnly, XOnlyPublicKey};

use super::checker::SigVersion;
use super::error::ScriptError;
use super::flags::VerifyFlags;
use crate::sighash::{SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_SINGLE};

/// The secp256k1 group order n, big-endian.
const CURVE_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// n / 2, big-endian: the largest S a low-S signature may have.
const HALF_CURVE_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// A compressed public key's length. Core: `CPubKey::COMPRESSED_SIZE`.
pub const COMPRESSED_PUBKEY_SIZE: usize = 33;
/// An uncompressed (or hybrid) public key's length. Core: `CPubKey::SIZE`.
pub const UNCOMPRESSED_PUBKEY_SIZE: usize = 65;

/// Whether `sig` (DER followed by one hash type byte) is strict DER.
///
/// # Consensus
/// Rule `SCRIPT-DER-STRICT` (spec/script.md).
/// BIP-0066: `0x30 len 0x02 lenR R 0x02 lenS S hashtype`, 9 to 73 bytes in
/// all, each length exact, R and S non-empty, not negative, and without a
/// leading zero byte unless the next byte has its top bit set. Core:
/// `IsValidSignatureEncoding`.
pub fn is_valid_signature_encoding(sig: &[u8]) -> bool {
    let size = sig.len();
    if !(9..=73).contains(&size) || sig[0] != 0x30 || usize::from(sig[1]) != size - 3 {
        return false;
    }
    let len_r = usize::from(sig[3]);
    if 5 + len_r >= size {
        return false;
    }
    let len_s = usize::from(sig[5 + len_r]);
    if len_r + len_s + 7 != size {
        return false;
    }
    sig[2] == 0x02
        && is_strict_der_integer(&sig[4..4 + len_r])
        && sig[4 + len_r] == 0x02
        && is_strict_der_integer(&sig[6 + len_r..6 + len_r + len_s])
}

/// A DER integer's content is non-empty, non-negative and minimally padded.
fn is_strict_der_integer(int: &[u8]) -> bool {
    match int {
        [] => false,
        [first, ..] if first & 0x80 != 0 => false,
        [0x00, second, ..] => second & 0x80 != 0,
        _ => true,
    }
}

/// R and S of a signature as the lax parser reads them: 32-byte big-endian
/// values, both zero when either did not fit below the curve order (Core
/// keeps such a signature as the always-invalid all-zero signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaxSignature {
    /// R, big-endian.
    pub r: [u8; 32],
    /// S, big-endian.
    pub s: [u8; 32],
}

/// Parses a DER signature (without hash type) with every deviation that
/// signatures mined before BIP-0066 show: any sequence length, long-form
/// lengths, negative or padded integers, trailing garbage.
///
/// # Consensus
/// Rule `SCRIPT-ECDSA-VERIFY` (spec/script.md).
/// Signatures that are not strict DER are still verified when `DERSIG` is
/// off (blocks before BIP-0066), so how this parser reads them is consensus.
/// It requires `0x30`, a length (skipping a long form's bytes), then for R
/// and S `0x02` and a length (a long form of at most 3 significant bytes)
/// that fits in the input. Leading zeros of R and S are dropped; a value
/// longer than 32 bytes or not below the curve order gives the all-zero
/// signature. Core: `ecdsa_signature_parse_der_lax`.
pub fn parse_der_lax(der: &[u8]) -> Option<LaxSignature> {
    let mut pos = 0;
    expect_byte(der, &mut pos, 0x30)?;
    let seq_len = *der.get(pos)?;
    pos += 1;
    if seq_len & 0x80 != 0 {
        // The sequence length is ignored; a long form's bytes are skipped.
        let skip = usize::from(seq_len - 0x80);
        if skip > der.len() - pos {
            return None;
        }
        pos += skip;
    }
    let r = read_lax_integer(der, &mut pos)?;
    let s = read_lax_integer(der, &mut pos)?;
    match (to_scalar(r), to_scalar(s)) {
        (Some(r), Some(s)) => Some(LaxSignature { r, s }),
        _ => Some(LaxSignature {
            r: [0; 32],
            s: [0; 32],
        }),
    }
}

/// Consumes `byte` at `*pos`.
fn expect_byte(der: &[u8], pos: &mut usize, byte: u8) -> Option<()> {
    (der.get(*pos) == Some(&byte)).then(|| *pos += 1)
}

/// Reads `0x02 length content` and returns the content.
fn read_lax_integer<'a>(der: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    expect_byte(der, pos, 0x02)?;
    let len_byte = *der.get(*pos)?;
    *pos += 1;
    let len = if len_byte & 0x80 == 0 {
        usize::from(len_byte)
    } else {
        // Long form: the length of the length, then that many bytes of it.
        let mut count = usize::from(len_byte - 0x80);
        if count > der.len() - *pos {
            return None;
        }
        while count > 0 && der[*pos] == 0 {
            *pos += 1;
            count -= 1;
        }
        if count >= 4 {
            return None;
        }
        let len = der[*pos..*pos + count]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        *pos += count;
        len
    };
    if len > der.len() - *pos {
        return None;
    }
    let content = &der[*pos..*pos + len];
    *pos += len;
    Some(content)
}

/// A big-endian integer as a 32-byte scalar, if it is below the curve order.
fn to_scalar(int: &[u8]) -> Option<[u8; 32]> {
    let first = int.iter().position(|&b| b != 0).unwrap_or(int.len());
    let digits = &int[first..];
    if digits.len() > 32 {
        return None;
    }
    let mut scalar = [0u8; 32];
    scalar[32 - digits.len()..].copy_from_slice(digits);
    (scalar < CURVE_ORDER).then_some(scalar)
}

/// Whether a DER signature (without hash type) has S at most n/2. A
/// signature the lax parser rejects is not low-S; one it reads as all-zero
/// is. Core: `CPubKey::CheckLowS`.
pub fn check_low_s(der: &[u8]) -> bool {
    parse_der_lax(der).is_some_and(|sig| sig.s <= HALF_CURVE_ORDER)
}

/// Strict DER with a low S.
///
/// # Consensus
/// Rule `SCRIPT-LOW-S` (spec/script.md).
/// Policy rule `LOW_S` (BIP-0062 rule 5; BIP-0146). Core: `IsLowDERSignature`.
///
/// # Errors
/// [`ScriptError::SigDer`] if not strict DER; [`ScriptError::SigHighS`] if S > n/2.
pub fn check_low_der_signature(sig: &[u8]) -> Result<(), ScriptError> {
    if !is_valid_signature_encoding(sig) {
        return Err(ScriptError::SigDer);
    }
    if !check_low_s(&sig[..sig.len() - 1]) {
        return Err(ScriptError::SigHighS);
    }
    Ok(())
}

/// Whether the last byte of `sig`, without `SIGHASH_ANYONECANPAY`, is
/// `SIGHASH_ALL`, `SIGHASH_NONE` or `SIGHASH_SINGLE`. Core: `IsDefinedHashtypeSignature`.
///
/// Rule `SCRIPT-HASHTYPE` (spec/script.md).
pub fn is_defined_hashtype_signature(sig: &[u8]) -> bool {
    let Some(&last) = sig.last() else {
        return false;
    };
    let base = last & !SIGHASH_ANYONECANPAY;
    (SIGHASH_ALL..=SIGHASH_SINGLE).contains(&base)
}

/// The encoding rules for an ECDSA signature (DER + hash type byte).
///
/// # Consensus
/// Rules `SCRIPT-DER-STRICT`, `SCRIPT-LOW-S`, `SCRIPT-HASHTYPE` (spec/script.md).
/// The empty signature always passes (it is the compact way to fail a
/// check). Otherwise, under any of `DERSIG` (BIP-0066), `LOW_S` or
/// `STRICTENC` it must be strict DER; under `LOW_S` S must be at most n/2;
/// under `STRICTENC` the hash type must be defined. Core: `CheckSignatureEncoding`.
///
/// # Errors
/// [`ScriptError::SigDer`], [`ScriptError::SigHighS`], [`ScriptError::SigHashtype`].
pub fn check_signature_encoding(sig: &[u8], flags: VerifyFlags) -> Result<(), ScriptError> {
    if sig.is_empty() {
        return Ok(());
    }
    let strict_der = VerifyFlags::DERSIG
        .union(VerifyFlags::LOW_S)
        .union(VerifyFlags::STRICTENC);
    if flags.0 & strict_der.0 != 0 && !is_valid_signature_encoding(sig) {
        return Err(ScriptError::SigDer);
    }
    if flags.contains(VerifyFlags::LOW_S) {
        check_low_der_signature(sig)?;
    }
    if flags.contains(VerifyFlags::STRICTENC) && !is_defined_hashtype_signature(sig) {
        return Err(ScriptError::SigHashtype);
    }
    Ok(())
}

/// Whether `pubkey` is 33 bytes starting 0x02/0x03 or 65 bytes starting
/// 0x04 (hybrid keys, 0x06/0x07, are not). Core: `IsCompressedOrUncompressedPubKey`.
pub fn is_compressed_or_uncompressed_pubkey(pubkey: &[u8]) -> bool {
    match pubkey.first() {
        Some(0x02 | 0x03) => pubkey.len() == COMPRESSED_PUBKEY_SIZE,
        Some(0x04) => pubkey.len() == UNCOMPRESSED_PUBKEY_SIZE,
        _ => false,
    }
}

/// Whether `pubkey` is 33 bytes starting 0x02/0x03. Core: `IsCompressedPubKey`.
pub fn is_compressed_pubkey(pubkey: &[u8]) -> bool {
    pubkey.len() == COMPRESSED_PUBKEY_SIZE && matches!(pubkey[0], 0x02 | 0x03)
}

/// The encoding rules for a public key given to CHECKSIG or CHECKMULTISIG.
///
/// # Consensus
/// Rule `SCRIPT-PUBKEYTYPE` (spec/script.md).
/// Under `STRICTENC` the key must be compressed or uncompressed (policy);
/// under `WITNESS_PUBKEYTYPE`, in witness v0 scripts, compressed (policy,
/// BIP-0143 "Restrictions on public key type"). Core: `CheckPubKeyEncoding`.
///
/// # Errors
/// [`ScriptError::PubkeyType`], [`ScriptError::WitnessPubkeyType`].
pub fn check_pubkey_encoding(
    pubkey: &[u8],
    flags: VerifyFlags,
    sig_version: SigVersion,
) -> Result<(), ScriptError> {
    if flags.contains(VerifyFlags::STRICTENC) && !is_compressed_or_uncompressed_pubkey(pubkey) {
        return Err(ScriptError::PubkeyType);
    }
    if flags.contains(VerifyFlags::WITNESS_PUBKEYTYPE)
        && sig_version == SigVersion::WitnessV0
        && !is_compressed_pubkey(pubkey)
    {
        return Err(ScriptError::WitnessPubkeyType);
    }
    Ok(())
}

/// The shared verification context (verification needs no secret state).
pub(crate) fn secp() -> &'static Secp256k1<VerifyOnly> {
    static CONTEXT: OnceLock<Secp256k1<VerifyOnly>> = OnceLock::new();
    CONTEXT.get_or_init(Secp256k1::verification_only)
}

/// Whether the DER signature `der` (hash type removed) by `pubkey` signs `sighash`.
///
/// # Consensus
/// Rule `SCRIPT-ECDSA-VERIFY` (spec/script.md).
/// The key must have a valid length for its first byte (0x02/0x03: 33
/// bytes; 0x04/0x06/0x07: 65) and be a curve point; libsecp256k1 accepts
/// hybrid keys (0x06/0x07) whose parity matches, and so does consensus. The
/// signature is read by [`parse_der_lax`] and its S normalized to the lower
/// half before verification, since high S was never a consensus rule.
/// Core: `CPubKey::Verify`.
pub fn verify_ecdsa(pubkey: &[u8], der: &[u8], sighash: &[u8; 32]) -> bool {
    let valid_size = match pubkey.first() {
        Some(0x02 | 0x03) => pubkey.len() == COMPRESSED_PUBKEY_SIZE,
        Some(0x04 | 0x06 | 0x07) => pubkey.len() == UNCOMPRESSED_PUBKEY_SIZE,
        _ => false,
    };
    if !valid_size {
        return false;
    }
    let Ok(key) = PublicKey::from_slice(pubkey) else {
        return false;
    };
    let Some(lax) = parse_der_lax(der) else {
        return false;
    };
    let mut compact = [0u8; 64];
    compact[..32].copy_from_slice(&lax.r);
    compact[32..].copy_from_slice(&lax.s);
    let Ok(mut sig) = ecdsa::Signature::from_compact(&compact) else {
        return false;
    };
    sig.normalize_s();
    secp()
        .verify_ecdsa(&Message::from_digest(*sighash), &sig, &key)
        .is_ok()
}

/// Whether the 64-byte BIP-0340 signature `sig` by the 32-byte x-only
/// `pubkey` signs `sighash`; a key that is not a curve point fails.
/// Core: `XOnlyPubKey::VerifySchnorr`.
///
/// Rule `TAPROOT-SCHNORR` (spec/script.md).
pub fn verify_schnorr(pubkey: &[u8], sig: &[u8], sighash: &[u8; 32]) -> bool {
    let (Ok(key), Ok(sig)) = (
        XOnlyPublicKey::from_slice(pubkey),
        schnorr::Signature::from_slice(sig),
    ) else {
        return false;
    };
    secp()
        .verify_schnorr(&sig, &Message::from_digest(*sighash), &key)
        .is_ok()
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
