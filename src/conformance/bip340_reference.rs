//! BIP-0340 signing and verification for messages of any length, written
//! from the BIP's "Default Signing" and "Verification" algorithms over
//! libsecp256k1's point and scalar arithmetic.
//!
//! Bitcoin only ever signs 32-byte messages (sighashes), which canon's rule
//! ([`verify_schnorr`](crate::script::signature::verify_schnorr)) and
//! libsecp256k1's 32-byte API handle. BIP-0340's test vectors also sign
//! messages of 0, 1, 17 and 100 bytes, which that API (secp256k1 0.29)
//! cannot take; this reference runs them, and the vector runner checks it
//! against libsecp256k1 and canon on every 32-byte row. Not a consensus path.

use secp256k1::{Parity, PublicKey, Scalar, Secp256k1, SecretKey, XOnlyPublicKey};

use crate::primitives::hash::tagged_hash;

/// The field size p, big-endian.
const FIELD_SIZE: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f,
];

/// The group order n, big-endian.
const CURVE_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// `x mod n` for a 256-bit `x` (below 2n, so one subtraction suffices).
fn reduce(x: [u8; 32]) -> [u8; 32] {
    if x < CURVE_ORDER {
        return x;
    }
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut digit = i16::from(x[i]) - i16::from(CURVE_ORDER[i]) - borrow;
        borrow = i16::from(digit < 0);
        if digit < 0 {
            digit += 256;
        }
        out[i] = digit as u8;
    }
    out
}

/// `int(hash_tag(parts...)) mod n`.
fn hash_to_scalar(tag: &str, parts: &[&[u8]]) -> [u8; 32] {
    reduce(tagged_hash(tag, &parts.concat()))
}

/// `x·G`, or `None` for the point at infinity (x = 0).
fn times_generator(x: &[u8; 32]) -> Option<PublicKey> {
    let secret = SecretKey::from_slice(x).ok()?;
    Some(PublicKey::from_secret_key(
        &Secp256k1::signing_only(),
        &secret,
    ))
}

/// BIP-0340 `Verify(pk, m, sig)` for a message of any length.
pub fn verify(pubkey: &[u8], message: &[u8], sig: &[u8]) -> bool {
    let secp = Secp256k1::verification_only();
    let (Ok(p), Ok(sig)) = (
        XOnlyPublicKey::from_slice(pubkey),
        <[u8; 64]>::try_from(sig),
    ) else {
        return false;
    };
    let (mut r, mut s) = ([0u8; 32], [0u8; 32]);
    r.copy_from_slice(&sig[..32]);
    s.copy_from_slice(&sig[32..]);
    if r >= FIELD_SIZE || s >= CURVE_ORDER {
        return false;
    }
    let e = hash_to_scalar("BIP0340/challenge", &[&r, pubkey, message]);
    // R = s·G − e·P, either term possibly the point at infinity.
    let s_g = times_generator(&s);
    let minus_e_p = Scalar::from_be_bytes(e)
        .ok()
        .filter(|_| e != [0; 32])
        .and_then(|e| p.public_key(Parity::Even).mul_tweak(&secp, &e).ok())
        .map(|e_p| e_p.negate(&secp));
    let big_r = match (s_g, minus_e_p) {
        (Some(a), Some(b)) => a.combine(&b).ok(),
        (a, None) => a,
        (None, b) => b,
    };
    let Some(big_r) = big_r else {
        return false;
    };
    let (x, parity) = big_r.x_only_public_key();
    parity == Parity::Even && x.serialize() == r
}

/// BIP-0340 `Sign(sk, m)` with auxiliary randomness `aux`, for a message of
/// any length; `None` where the BIP says to fail (a secret key of 0 or not
/// below n, a zero nonce) or the result does not verify.
pub fn sign(secret: &[u8; 32], message: &[u8], aux: &[u8; 32]) -> Option<[u8; 64]> {
    let secp = Secp256k1::new();
    let d0 = SecretKey::from_slice(secret).ok()?;
    let (p, parity) = d0.x_only_public_key(&secp);
    let d = if parity == Parity::Odd {
        d0.negate()
    } else {
        d0
    };
    let p = p.serialize();
    let masked = tagged_hash("BIP0340/aux", aux);
    let t: Vec<u8> = d
        .secret_bytes()
        .iter()
        .zip(masked)
        .map(|(a, b)| a ^ b)
        .collect();
    let k0 = SecretKey::from_slice(&hash_to_scalar("BIP0340/nonce", &[&t, &p, message])).ok()?;
    let (r, r_parity) = k0.x_only_public_key(&secp);
    let k = if r_parity == Parity::Odd {
        k0.negate()
    } else {
        k0
    };
    let r = r.serialize();
    let e = hash_to_scalar("BIP0340/challenge", &[&r, &p, message]);
    // s = k + e·d mod n; e·d is zero only when e is.
    let s = match Scalar::from_be_bytes(e)
        .ok()
        .and_then(|e| d.mul_tweak(&e).ok())
    {
        Some(e_d) => k.add_tweak(&Scalar::from(e_d)).ok()?,
        None => k,
    };
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&r);
    sig[32..].copy_from_slice(&s.secret_bytes());
    verify(&p, message, &sig).then_some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduce_subtracts_the_order_once() {
        assert_eq!(reduce([0; 32]), [0; 32]);
        assert_eq!(reduce(CURVE_ORDER), [0; 32]);
        let mut one_more = CURVE_ORDER;
        one_more[31] += 1;
        let mut one = [0u8; 32];
        one[31] = 1;
        assert_eq!(reduce(one_more), one);
        let max = reduce([0xff; 32]);
        assert_eq!(&max[..15], &[0u8; 15]);
    }

    #[test]
    fn sign_and_verify_agree_with_libsecp256k1() {
        let secp = Secp256k1::new();
        let secret = [7u8; 32];
        let message = [9u8; 32];
        let aux = [1u8; 32];
        let ours = sign(&secret, &message, &aux).unwrap();
        let keypair = secp256k1::Keypair::from_seckey_slice(&secp, &secret).unwrap();
        let theirs = secp.sign_schnorr_with_aux_rand(
            &secp256k1::Message::from_digest(message),
            &keypair,
            &aux,
        );
        assert_eq!(ours, theirs.serialize());
        let pubkey = keypair.x_only_public_key().0.serialize();
        assert!(verify(&pubkey, &message, &ours));
        assert!(!verify(&pubkey, &[8u8; 32], &ours));
        assert!(verify(&pubkey, b"", &sign(&secret, b"", &aux).unwrap()));
    }
}
