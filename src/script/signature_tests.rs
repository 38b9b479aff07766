//! Unit tests of `signature.rs`: DER strict and lax parsing, low S, hash
//! types, key encodings, and verification.

use super::*;
use secp256k1::SecretKey;

/// A strict-DER signature with the given R and S contents and hash type.
fn der(r: &[u8], s: &[u8], hash_type: u8) -> Vec<u8> {
    let mut sig = vec![0x30, (4 + r.len() + s.len()) as u8, 0x02, r.len() as u8];
    sig.extend_from_slice(r);
    sig.extend_from_slice(&[0x02, s.len() as u8]);
    sig.extend_from_slice(s);
    sig.push(hash_type);
    sig
}

/// A signing context and the key with secret 1 (public key G).
fn key_one() -> (Secp256k1<secp256k1::All>, SecretKey, PublicKey) {
    let secp = Secp256k1::new();
    let mut bytes = [0u8; 32];
    bytes[31] = 1;
    let secret = SecretKey::from_slice(&bytes).unwrap();
    let public = PublicKey::from_secret_key(&secp, &secret);
    (secp, secret, public)
}

#[test]
fn strict_der_accepts_canonical_signatures() {
    assert!(is_valid_signature_encoding(&der(&[1], &[1], 1)));
    assert!(is_valid_signature_encoding(&der(&[0x00, 0x80], &[0x7f], 1)));
    assert!(is_valid_signature_encoding(&der(&[0x00], &[0x00], 1)));
    // 73 bytes: 33-byte R and S.
    let long = der(
        &[&[0u8][..], &[0x80; 32]].concat(),
        &[&[0u8][..], &[0x80; 32]].concat(),
        1,
    );
    assert_eq!(long.len(), 73);
    assert!(is_valid_signature_encoding(&long));
}

#[test]
fn strict_der_rejects_each_violation() {
    let good = der(&[1], &[1], 1);
    let mut bad_cases: Vec<Vec<u8>> = vec![
        good[..8].to_vec(),          // shorter than 9 bytes
        der(&[1; 34], &[1; 33], 1),  // longer than 73 bytes
        der(&[], &[1], 1),           // empty R
        der(&[1], &[], 1),           // empty S
        der(&[0x80], &[1], 1),       // negative R
        der(&[1], &[0x80], 1),       // negative S
        der(&[0x00, 0x01], &[1], 1), // padded R
        der(&[1], &[0x00, 0x7f], 1), // padded S
    ];
    let mut wrong_tag = good.clone();
    wrong_tag[0] = 0x31;
    let mut wrong_len = good.clone();
    wrong_len[1] += 1;
    let mut wrong_r_tag = good.clone();
    wrong_r_tag[2] = 0x03;
    let mut wrong_s_tag = good.clone();
    wrong_s_tag[5] = 0x03;
    let mut r_past_end = good.clone();
    r_past_end[3] = 5;
    bad_cases.extend([wrong_tag, wrong_len, wrong_r_tag, wrong_s_tag, r_past_end]);
    for sig in bad_cases {
        assert!(!is_valid_signature_encoding(&sig), "{}", hex::encode(&sig));
    }
}

#[test]
fn lax_parser_reads_historical_deviations() {
    let plain = parse_der_lax(&der(&[5], &[7], 1)[..8]).unwrap();
    assert_eq!((plain.r[31], plain.s[31]), (5, 7));
    // Long-form sequence length, long-form integer lengths with leading
    // zero bytes, padded and "negative" integers, trailing garbage.
    let odd = [
        0x30, 0x84, 0, 0, 0, 0, 0x02, 0x82, 0x00, 0x02, 0x00, 0x85, 0x02, 0x01, 0x07, 0xde, 0xad,
    ];
    let sig = parse_der_lax(&odd).unwrap();
    assert_eq!((sig.r[31], sig.s[31]), (0x85, 7));
    assert!(sig.r[..31].iter().all(|&b| b == 0));
}

#[test]
fn lax_parser_rejects_what_core_rejects() {
    let cases: [&[u8]; 7] = [
        &[],
        &[0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01],
        &[0x30],
        &[0x30, 0x85, 0, 0], // long form past the end
        &[0x30, 0x06, 0x02, 0x84, 0x01, 0x00, 0x00, 0x00, 0x01], // 4 significant length bytes
        &[0x30, 0x06, 0x02, 0x05, 0x01, 0x02, 0x01, 0x01], // R past the end
        &[0x30, 0x06, 0x02, 0x01, 0x01, 0x03, 0x01, 0x01], // S tag
    ];
    for input in cases {
        assert_eq!(parse_der_lax(input), None, "{}", hex::encode(input));
    }
}

#[test]
fn lax_parser_maps_overflow_to_the_zero_signature() {
    let zero = LaxSignature {
        r: [0; 32],
        s: [0; 32],
    };
    // R of 33 significant bytes.
    let sig = der(&[1; 33], &[1], 1);
    assert_eq!(parse_der_lax(&sig[..sig.len() - 1]), Some(zero));
    // S equal to the curve order.
    let sig = der(&[1], &[&[0u8][..], &CURVE_ORDER].concat(), 1);
    assert_eq!(parse_der_lax(&sig[..sig.len() - 1]), Some(zero));
    // Just below the order is kept.
    let mut below = CURVE_ORDER;
    below[31] -= 1;
    let sig = der(&[1], &[&[0u8][..], &below].concat(), 1);
    assert_eq!(parse_der_lax(&sig[..sig.len() - 1]).unwrap().s, below);
}

#[test]
fn low_s_boundary() {
    let half = HALF_CURVE_ORDER;
    let mut above = half;
    above[31] += 1;
    let low = der(&[1], &half, 1);
    let high = der(&[1], &[&[0u8][..], &above].concat()[1..], 1);
    assert_eq!(check_low_der_signature(&low), Ok(()));
    assert_eq!(check_low_der_signature(&high), Err(ScriptError::SigHighS));
    assert_eq!(
        check_low_der_signature(&der(&[0x80], &[1], 1)),
        Err(ScriptError::SigDer)
    );
    // An S at or above the order is read as zero, hence low.
    let overflow = der(&[1], &[&[0u8][..], &CURVE_ORDER].concat(), 1);
    assert_eq!(check_low_der_signature(&overflow), Ok(()));
}

#[test]
fn hash_types() {
    for hash_type in [0x01u8, 0x02, 0x03, 0x81, 0x82, 0x83] {
        assert!(
            is_defined_hashtype_signature(&[hash_type]),
            "{hash_type:#x}"
        );
    }
    for hash_type in [0x00u8, 0x04, 0x80, 0x84, 0x41, 0xff] {
        assert!(
            !is_defined_hashtype_signature(&[hash_type]),
            "{hash_type:#x}"
        );
    }
    assert!(!is_defined_hashtype_signature(&[]));
}

#[test]
fn signature_encoding_flag_order() {
    let strictenc = VerifyFlags::STRICTENC;
    let not_der = [0x31, 0x01];
    assert_eq!(check_signature_encoding(&[], strictenc), Ok(()));
    assert_eq!(
        check_signature_encoding(&not_der, VerifyFlags::NONE),
        Ok(())
    );
    assert_eq!(
        check_signature_encoding(&not_der, VerifyFlags::DERSIG),
        Err(ScriptError::SigDer)
    );
    assert_eq!(
        check_signature_encoding(&not_der, VerifyFlags::LOW_S),
        Err(ScriptError::SigDer)
    );
    assert_eq!(
        check_signature_encoding(&der(&[1], &[1], 0x00), strictenc),
        Err(ScriptError::SigHashtype)
    );
    assert_eq!(
        check_signature_encoding(&der(&[1], &[1], 0x00), VerifyFlags::DERSIG),
        Ok(())
    );
}

#[test]
fn pubkey_encodings() {
    let (_, _, public) = key_one();
    let compressed = public.serialize();
    let uncompressed = public.serialize_uncompressed();
    let mut hybrid = uncompressed;
    hybrid[0] = 0x06 | (uncompressed[64] & 1);
    assert!(is_compressed_or_uncompressed_pubkey(&compressed));
    assert!(is_compressed_or_uncompressed_pubkey(&uncompressed));
    assert!(!is_compressed_or_uncompressed_pubkey(&hybrid));
    assert!(!is_compressed_or_uncompressed_pubkey(&compressed[..32]));
    assert!(is_compressed_pubkey(&compressed) && !is_compressed_pubkey(&uncompressed));
    let flags = VerifyFlags::STRICTENC;
    assert_eq!(
        check_pubkey_encoding(&hybrid, flags, SigVersion::Base),
        Err(ScriptError::PubkeyType)
    );
    let witness_flags = VerifyFlags::WITNESS_PUBKEYTYPE;
    assert_eq!(
        check_pubkey_encoding(&uncompressed, witness_flags, SigVersion::Base),
        Ok(())
    );
    assert_eq!(
        check_pubkey_encoding(&uncompressed, witness_flags, SigVersion::WitnessV0),
        Err(ScriptError::WitnessPubkeyType)
    );
}

#[test]
fn verification_normalizes_s_and_accepts_hybrid_keys() {
    let (secp, secret, public) = key_one();
    let digest = [0x42u8; 32];
    let sig = secp.sign_ecdsa(&Message::from_digest(digest), &secret);
    let der_sig = sig.serialize_der().to_vec();
    assert!(verify_ecdsa(&public.serialize(), &der_sig, &digest));
    assert!(verify_ecdsa(
        &public.serialize_uncompressed(),
        &der_sig,
        &digest
    ));
    assert!(!verify_ecdsa(&public.serialize(), &der_sig, &[0x43; 32]));

    // The high-S twin (n - s) verifies too: S is normalized first.
    let compact = sig.serialize_compact();
    let s = SecretKey::from_slice(&compact[32..]).unwrap().negate();
    let high = [&compact[..32], &s.secret_bytes()[..]].concat();
    let high_der = ecdsa::Signature::from_compact(&high)
        .unwrap()
        .serialize_der()
        .to_vec();
    assert!(!check_low_s(&high_der));
    assert!(verify_ecdsa(&public.serialize(), &high_der, &digest));

    // Hybrid keys (0x06/0x07 with matching parity) verify; mismatched parity does not.
    let uncompressed = public.serialize_uncompressed();
    let mut hybrid = uncompressed;
    hybrid[0] = 0x06 | (uncompressed[64] & 1);
    assert!(verify_ecdsa(&hybrid, &der_sig, &digest));
    hybrid[0] ^= 1;
    assert!(!verify_ecdsa(&hybrid, &der_sig, &digest));
    // A key whose length does not fit its prefix fails before parsing.
    assert!(!verify_ecdsa(&uncompressed[..33], &der_sig, &digest));
}
