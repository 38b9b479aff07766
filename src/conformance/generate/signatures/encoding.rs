//! Signature and key encodings: SCRIPT-DER-STRICT, SCRIPT-LOW-S,
//! SCRIPT-HASHTYPE, SCRIPT-PUBKEYTYPE, SCRIPT-ECDSA-VERIFY, SCRIPT-NULLFAIL.

use super::{
    der, der_from, der_int, high_s, legacy_digest, legacy_sig, p2pk, pushes, retyped, sign, v0_sig,
    with_type, RawSig,
};
use crate::conformance::generate::taproot::{Case, Fill, Spending, AMOUNT};
use crate::conformance::spend::{public_key, witness_v0_script};
use crate::primitives::hash::sha256;
use crate::script::ScriptError::{
    EvalFalse, PubkeyType, SigDer, SigHashtype, SigHighS, SigNullFail, WitnessPubkeyType,
};

const OP_CHECKSIG: u8 = 0xac;
const OP_NOT: u8 = 0x91;

pub(super) fn cases() -> Vec<Case> {
    let mut cases = der_cases();
    cases.extend(low_s_and_hash_types());
    cases.extend(keys());
    cases
}

/// The P2PK spending of the DER cases, searched (over labels) for one whose
/// signature's R has its top bit set, so that dropping R's sign byte makes a
/// negative number.
fn der_spending() -> (Spending, Vec<u8>, RawSig) {
    let script = p2pk(&public_key(1, true));
    (0..)
        .map(|n| Spending::new(&format!("signatures/der-{n}"), script.clone()))
        .map(|spending| {
            let raw = sign(1, &legacy_digest(&spending, &script, 0x01));
            (spending, script.clone(), raw)
        })
        .find(|(_, _, raw)| raw.r[0] & 0x80 != 0)
        .expect("half of all signatures have a high R")
}

/// One push of `sig`.
fn sig_fill(sig: &[u8]) -> Fill {
    Fill::with_script_sig(pushes(&[sig]), Vec::new())
}

/// `SCRIPT-DER-STRICT`: strict DER under DERSIG, and the lax parser
/// without it.
fn der_cases() -> Vec<Case> {
    let (spending, _, raw) = der_spending();
    let strict = with_type(der(&raw), 0x01);
    let (r, s) = (der_int(&raw.r), der_int(&raw.s));
    let long_form = {
        let body = der_from(&r, &s)[2..].to_vec();
        let mut out = vec![0x30, 0x81, body.len() as u8];
        out.extend(body);
        out
    };
    let trailing = {
        let mut out = der_from(&r, &s);
        out.push(0x00);
        out[1] += 1;
        out
    };
    let padded = [vec![0x00], r.clone()].concat();
    let four_zeros = [vec![0x00; 4], r.clone()].concat();
    // Accepted by the lax parser: the same R and S.
    let lax: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "r-superfluous-zero",
            "R with a superfluous leading zero byte",
            der_from(&padded, &s),
        ),
        (
            "r-negative",
            "R without its 0x00 sign byte (negative in DER)",
            der_from(&r[1..], &s),
        ),
        (
            "long-form-length",
            "the sequence length in long form (0x81 len)",
            long_form,
        ),
        (
            "trailing-byte",
            "a byte after S inside the sequence",
            trailing,
        ),
        (
            "too-long",
            "R with four leading zeros: 76 bytes in all, over 73",
            der_from(&four_zeros, &s),
        ),
    ];
    // Rejected by the lax parser as well.
    let broken: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "sequence-tag-0x31",
            "0x31 instead of the sequence tag 0x30",
            {
                let mut out = der(&raw);
                out[0] = 0x31;
                out
            },
        ),
        ("s-empty", "an S of length zero", der_from(&r, &[])),
        ("r-tag-0x03", "R tagged 0x03 instead of INTEGER", {
            let mut out = der(&raw);
            out[2] = 0x03;
            out
        }),
        (
            "too-short",
            "eight bytes in all (under nine)",
            vec![0x30, 0x05, 0x02, 0x01, 0x01, 0x02, 0x00],
        ),
    ];
    let mut cases = Vec::new();
    for (name, what, encoding) in lax.iter().chain(&broken) {
        cases.push(
            Case::new(
                format!("der-strict-{name}"),
                format!("A strict DER signature under DERSIG. Failure: {what}"),
                &["SCRIPT-DER-STRICT"],
                &spending,
            )
            .flags("P2SH,DERSIG")
            .success(sig_fill(&strict))
            .failure(sig_fill(&with_type(encoding.clone(), 0x01)), SigDer),
        );
    }
    for (name, what, encoding) in &lax {
        let sig = with_type(encoding.clone(), 0x01);
        cases.push(
            Case::new(
                format!("der-lax-{name}"),
                format!(
                    "Without DERSIG the lax parser reads {what} as the same R and S: valid. Failure: the same with hash type byte 0x02, a different sighash"
                ),
                &["SCRIPT-DER-STRICT", "SCRIPT-ECDSA-VERIFY"],
                &spending,
            )
            .flags("P2SH")
            .not_final()
            .success(sig_fill(&sig))
            .failure(sig_fill(&retyped(&sig, 0x02)), EvalFalse),
        );
    }
    for (name, what, encoding) in &broken {
        cases.push(
            Case::new(
                format!("der-lax-rejects-{name}"),
                format!("A strict DER signature. Failure: {what}, which even the lax parser rejects: the check is false without DERSIG"),
                &["SCRIPT-ECDSA-VERIFY"],
                &spending,
            )
            .flags("P2SH")
            .success(sig_fill(&strict))
            .failure(sig_fill(&with_type(encoding.clone(), 0x01)), EvalFalse),
        );
    }
    cases
}

/// `SCRIPT-LOW-S`, `SCRIPT-HASHTYPE`.
fn low_s_and_hash_types() -> Vec<Case> {
    let script = p2pk(&public_key(1, true));
    let spending = Spending::new("signatures/low-s", script.clone());
    let raw = sign(1, &legacy_digest(&spending, &script, 0x01));
    let low = with_type(der(&raw), 0x01);
    let high = with_type(der(&high_s(&raw)), 0x01);
    let mut cases = vec![
        Case::new(
            "low-s",
            "A low-S signature under LOW_S. Failure: its high-S twin (n - S)",
            &["SCRIPT-LOW-S"],
            &spending,
        )
        .flags("P2SH,LOW_S")
        .success(sig_fill(&low))
        .failure(sig_fill(&high), SigHighS),
        Case::new(
            "high-s-without-low-s",
            "The high-S twin without LOW_S: verification normalizes S, valid. Failure: with hash type byte 0x02",
            &["SCRIPT-LOW-S", "SCRIPT-ECDSA-VERIFY"],
            &spending,
        )
        .flags("P2SH,DERSIG")
        .not_final()
        .success(sig_fill(&high))
        .failure(sig_fill(&retyped(&high, 0x02)), EvalFalse),
    ];
    let spending = Spending::new("signatures/hashtype", script.clone());
    let acp = legacy_sig(&spending, 1, &script, 0x81);
    for hash_type in [0x00, 0x04, 0x84, 0x41, 0x20] {
        cases.push(
            Case::new(
                format!("hashtype-strictenc-{hash_type:#04x}"),
                format!(
                    "A valid signature with hash type 0x81 under STRICTENC. Failure: a valid signature with the undefined hash type {hash_type:#04x}"
                ),
                &["SCRIPT-HASHTYPE"],
                &spending,
            )
            .flags("P2SH,STRICTENC")
            .success(sig_fill(&acp))
            .failure(
                sig_fill(&legacy_sig(&spending, 1, &script, hash_type)),
                SigHashtype,
            ),
        );
    }
    let undefined = legacy_sig(&spending, 1, &script, 0x04);
    cases.push(
        Case::new(
            "hashtype-undefined-consensus",
            "A signature with the undefined hash type 0x04 (signs like ALL, commits to 4): valid by consensus. Failure: the same signature with type byte 0x01",
            &["SIGHASH-TYPE-BITS", "SIGHASH-LEGACY"],
            &spending,
        )
        .flags("P2SH")
        .success(sig_fill(&undefined))
        .failure(sig_fill(&retyped(&undefined, 0x01)), EvalFalse),
    );
    cases
}

/// Key 1 in hybrid form (0x06/0x07 and the parity of y), or with the
/// wrong parity byte.
fn hybrid(right_parity: bool) -> Vec<u8> {
    let odd = public_key(1, true)[0] == 0x03;
    let mut key = public_key(1, false);
    key[0] = 0x06 + u8::from(odd == right_parity);
    key
}

/// `SCRIPT-PUBKEYTYPE`, `SCRIPT-ECDSA-VERIFY`, `SCRIPT-NULLFAIL`, over a
/// bare `OP_CHECKSIG` output (the key comes from the scriptSig).
fn keys() -> Vec<Case> {
    let code = vec![OP_CHECKSIG];
    let spending = Spending::new("signatures/keys", code.clone());
    let sig = legacy_sig(&spending, 1, &code, 0x01);
    let by_key_2 = legacy_sig(&spending, 2, &code, 0x01);
    let fill = |sig: &[u8], key: &[u8]| Fill::with_script_sig(pushes(&[sig, key]), Vec::new());
    let compressed = public_key(1, true);
    let uncompressed = public_key(1, false);
    let mut cut = uncompressed[..33].to_vec();
    cut[0] = 0x04;
    let long = [compressed.clone(), vec![0x00]].concat();
    let bad_der = with_type(der_from(&[0x01], &[]), 0x01);
    let pair = |id: &str, text: &str, rules: &[&'static str], flags: &str| {
        Case::new(id, text, rules, &spending).flags(flags)
    };
    let mut cases = vec![
        pair("pubkeytype-hybrid", "A compressed key under STRICTENC. Failure: the same key in hybrid form (0x06/0x07)", &["SCRIPT-PUBKEYTYPE"], "P2SH,STRICTENC")
            .success(fill(&sig, &compressed))
            .failure(fill(&sig, &hybrid(true)), PubkeyType),
        pair("pubkeytype-after-signature", "Under STRICTENC the signature's encoding is checked before the key's. Failure: a bad DER signature and a hybrid key fail SIG_DER", &["SCRIPT-PUBKEYTYPE", "SCRIPT-DER-STRICT"], "P2SH,STRICTENC")
            .success(fill(&sig, &uncompressed))
            .failure(fill(&bad_der, &hybrid(true)), SigDer),
        pair("ecdsa-hybrid-key", "A hybrid key whose 0x06/0x07 matches y: valid by consensus. Failure: the other parity byte, not a key", &["SCRIPT-ECDSA-VERIFY"], "P2SH,DERSIG,LOW_S")
            .not_final()
            .success(fill(&sig, &hybrid(true)))
            .failure(fill(&sig, &hybrid(false)), EvalFalse),
        pair("ecdsa-uncompressed-key", "An uncompressed key. Failure: its first 33 bytes, 0x04 and a length that does not match", &["SCRIPT-ECDSA-VERIFY"], "P2SH")
            .success(fill(&sig, &uncompressed))
            .failure(fill(&sig, &cut), EvalFalse),
        pair("ecdsa-key-too-long", "A compressed key. Failure: 34 bytes, one too many for 0x02/0x03", &["SCRIPT-ECDSA-VERIFY"], "P2SH")
            .success(fill(&sig, &compressed))
            .failure(fill(&sig, &long), EvalFalse),
        pair("ecdsa-wrong-key", "Key 1's signature. Failure: key 2's signature against key 1", &["SCRIPT-ECDSA-VERIFY", "SIGHASH-LEGACY"], "P2SH")
            .success(fill(&sig, &compressed))
            .failure(fill(&by_key_2, &compressed), EvalFalse),
    ];
    let mut not = code.clone();
    not.push(OP_NOT);
    let spending = Spending::new("signatures/checksig-not", not.clone());
    let valid = legacy_sig(&spending, 1, &not, 0x01);
    cases.push(
        Case::new("ecdsa-empty-signature", "OP_CHECKSIG OP_NOT with an empty signature: false without error under every flag, so true. Failure: a valid signature, NOT makes it false", &["SCRIPT-ECDSA-VERIFY", "SCRIPT-DER-STRICT"], &spending)
            .flags("P2SH,DERSIG,STRICTENC,LOW_S,NULLFAIL")
            .not_final()
            .success(fill(&[], &compressed))
            .failure(fill(&valid, &compressed), EvalFalse),
    );
    cases.push(
        Case::new("nullfail-checksig", "OP_CHECKSIG OP_NOT with an empty signature under NULLFAIL. Failure: a well-formed signature that does not verify", &["SCRIPT-NULLFAIL"], &spending)
            .flags("P2SH,NULLFAIL")
            .success(fill(&[], &compressed))
            .failure(fill(&retyped(&valid, 0x02), &compressed), SigNullFail),
    );
    cases.push(witness_pubkeytype());
    cases
}

/// `WITNESS_PUBKEYTYPE`: P2WSH of `OP_CHECKSIG`, the key from the witness.
fn witness_pubkeytype() -> Case {
    let script = vec![OP_CHECKSIG];
    let spending = Spending::new(
        "signatures/witness-pubkeytype",
        witness_v0_script(&sha256(&script)),
    );
    let sig = v0_sig(&spending, 1, &script, AMOUNT, 0x01);
    let witness = |key: Vec<u8>| Fill::witness(vec![sig.clone(), key, script.clone()]);
    Case::new(
        "witness-pubkeytype",
        "P2WSH OP_CHECKSIG with a compressed key under WITNESS_PUBKEYTYPE. Failure: the same key uncompressed (the signature verifies for both)",
        &["SCRIPT-PUBKEYTYPE", "SIGHASH-BIP143"],
        &spending,
    )
    .flags("P2SH,WITNESS,WITNESS_PUBKEYTYPE")
    .success(witness(public_key(1, true)))
    .failure(witness(public_key(1, false)), WitnessPubkeyType)
}
