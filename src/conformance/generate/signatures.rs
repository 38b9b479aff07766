//! Script signature vectors: real ECDSA signatures (fixed keys, RFC 6979
//! nonces, so byte for byte reproducible) through `OP_CHECKSIG` and
//! `OP_CHECKMULTISIG`, each rule of `spec/script.md`'s "Signature checks"
//! and "Verifying an input" with a spend that keeps it and one that breaks
//! it, as a canon `"kind": "script"` file.
//!
//! Same machinery as the script and taproot families ([`Case`], [`Fill`],
//! [`Spending`]: input 1 of a three-input transaction). A legacy signature
//! does not commit to scriptSigs and a BIP-0143 one not to witnesses, so
//! every signature is made over the unfilled transaction and stays valid
//! once the input is filled. `tests/taproot_core.rs` runs the file through
//! Bitcoin Core (libbitcoinconsensus).

mod encoding;
mod spends;

use secp256k1::{Message, Secp256k1};

use super::taproot::{Case, Spending};
use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::script_assets::ScriptFile;
use crate::conformance::spend::{push_all, secret_key};
use crate::sighash::{legacy_sighash, segwit_v0_sighash, PrecomputedTransactionData};

const OP_CHECKSIG: u8 = 0xac;

/// The signature family's file.
pub fn files() -> Vec<GeneratedFile> {
    let mut cases = encoding::cases();
    cases.extend(spends::cases());
    let contents = to_json_text(&ScriptFile {
        kind: "script".into(),
        generator: generator_name("signatures"),
        description: "ECDSA signatures in scripts: DER, low S, hash types, key encodings, NULLFAIL, CHECKMULTISIG, scriptCodes, witness programs and the sighash each signs".into(),
        cases: cases.into_iter().map(Case::into_script_case).collect(),
    });
    vec![GeneratedFile {
        path: "script/signatures.json".into(),
        contents,
    }]
}

/// A signature's R and S, 32 bytes each, big-endian, S low.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawSig {
    pub r: [u8; 32],
    pub s: [u8; 32],
}

/// The RFC 6979 signature of `digest` by [`secret_key`]`(key)`.
pub(crate) fn sign(key: u8, digest: &[u8; 32]) -> RawSig {
    let signature =
        Secp256k1::signing_only().sign_ecdsa(&Message::from_digest(*digest), &secret_key(key));
    let compact = signature.serialize_compact();
    RawSig {
        r: compact[..32].try_into().expect("32 bytes"),
        s: compact[32..].try_into().expect("32 bytes"),
    }
}

/// The legacy sighash of the input under test.
pub(crate) fn legacy_digest(spending: &Spending, code: &[u8], hash_type: u8) -> [u8; 32] {
    legacy_sighash(code, &spending.tx, spending.index, i32::from(hash_type))
}

/// The BIP-0143 sighash of the input under test, for `amount`.
pub(crate) fn v0_digest(spending: &Spending, code: &[u8], amount: i64, hash_type: u8) -> [u8; 32] {
    let txdata = PrecomputedTransactionData::new(&spending.tx, None);
    segwit_v0_sighash(
        code,
        &spending.tx,
        spending.index,
        amount,
        i32::from(hash_type),
        &txdata,
    )
}

/// A strict DER signature by `key` over the legacy sighash, with its hash
/// type byte.
pub(crate) fn legacy_sig(spending: &Spending, key: u8, code: &[u8], hash_type: u8) -> Vec<u8> {
    let raw = sign(key, &legacy_digest(spending, code, hash_type));
    with_type(der(&raw), hash_type)
}

/// A strict DER signature by `key` over the BIP-0143 sighash.
pub(crate) fn v0_sig(
    spending: &Spending,
    key: u8,
    code: &[u8],
    amount: i64,
    hash_type: u8,
) -> Vec<u8> {
    let raw = sign(key, &v0_digest(spending, code, amount, hash_type));
    with_type(der(&raw), hash_type)
}

/// `der` followed by the hash type byte.
pub(crate) fn with_type(mut der: Vec<u8>, hash_type: u8) -> Vec<u8> {
    der.push(hash_type);
    der
}

/// `sig` with its last byte (the hash type) replaced.
pub(crate) fn retyped(sig: &[u8], hash_type: u8) -> Vec<u8> {
    let mut out = sig.to_vec();
    *out.last_mut().expect("a signature is not empty") = hash_type;
    out
}

/// A DER INTEGER's content for a 32-byte big-endian value: leading zeros
/// stripped (one byte kept), 0x00 prepended if the top bit is set.
pub(crate) fn der_int(value: &[u8; 32]) -> Vec<u8> {
    let first = value.iter().position(|b| *b != 0).unwrap_or(31);
    let mut out = value[first..].to_vec();
    if out[0] & 0x80 != 0 {
        out.insert(0, 0x00);
    }
    out
}

/// `0x30 len 0x02 lenR R 0x02 lenS S` from INTEGER contents.
pub(crate) fn der_from(r: &[u8], s: &[u8]) -> Vec<u8> {
    let mut body = vec![0x02, r.len() as u8];
    body.extend_from_slice(r);
    body.extend([0x02, s.len() as u8]);
    body.extend_from_slice(s);
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out
}

/// The strict DER encoding of a signature.
pub(crate) fn der(raw: &RawSig) -> Vec<u8> {
    der_from(&der_int(&raw.r), &der_int(&raw.s))
}

/// The curve order n, big-endian.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// The same signature with S replaced by n − S (the high-S twin, equally
/// valid to the verifier, which normalizes S).
pub(crate) fn high_s(raw: &RawSig) -> RawSig {
    let mut s = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut diff = i16::from(ORDER[i]) - i16::from(raw.s[i]) - borrow;
        borrow = i16::from(diff < 0);
        if diff < 0 {
            diff += 256;
        }
        s[i] = diff as u8;
    }
    RawSig { r: raw.r, s }
}

/// A scriptSig pushing each item.
pub(crate) fn pushes(items: &[&[u8]]) -> Vec<u8> {
    push_all(&items.iter().map(|i| i.to_vec()).collect::<Vec<_>>())
}

/// `<pubkey> OP_CHECKSIG`.
pub(crate) fn p2pk(pubkey: &[u8]) -> Vec<u8> {
    let mut script = pushes(&[pubkey]);
    script.push(OP_CHECKSIG);
    script
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::signature::is_valid_signature_encoding;

    #[test]
    fn encodings_are_strict_and_high_s_is_the_twin() {
        let raw = sign(1, &[7; 32]);
        assert!(is_valid_signature_encoding(&with_type(der(&raw), 1)));
        let twin = high_s(&raw);
        assert!(twin.s > raw.s);
        assert_eq!(high_s(&twin).s, raw.s);
    }

    #[test]
    fn ids_are_unique_and_every_case_names_rules() {
        let file = &files()[0];
        let parsed: ScriptFile = serde_json::from_str(&file.contents).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for case in parsed.cases {
            assert!(seen.insert(case.id.clone()), "duplicate id {}", case.id);
            assert!(!case.rules.is_empty(), "{}", case.id);
        }
        assert!(seen.len() >= 50, "{} cases", seen.len());
    }
}
