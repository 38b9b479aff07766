//! Wallet import format (WIF): a private key as base58check text.
//! Core: `DecodeSecret`, `EncodeSecret`, src/key_io.cpp; `CKey::Check`.
//!
//! The payload is the network's secret-key prefix, the 32-byte secret, and a
//! `01` byte when the key's public key is to be used compressed.

use std::fmt;

use secp256k1::SecretKey;

use super::base58::{decode_base58check, encode_base58check, Base58Error};
use crate::params::Network;

/// The byte that marks a compressed key's WIF payload.
const COMPRESSED_FLAG: u8 = 0x01;

/// The longest WIF payload Core reads: a one-byte prefix, the secret and the flag.
const WIF_MAX_LEN: usize = 34;

/// Why a string is not a WIF private key of a network. Core's `DecodeSecret`
/// returns an invalid key without a reason; the tokens are canon's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WifError {
    /// Not base58check of at most 34 bytes (`ADDR-WIF-BASE58CHECK`).
    Base58(Base58Error),
    /// The payload is not the network's prefix followed by 32 bytes, or by 32
    /// bytes and `01` (`ADDR-WIF-PAYLOAD`).
    InvalidPayload,
    /// The secret is zero or not below the secp256k1 group order
    /// (`ADDR-WIF-RANGE`). Core: `CKey::Check`.
    SecretOutOfRange,
}

impl WifError {
    /// The stable token of this failure.
    pub fn token(&self) -> &'static str {
        match self {
            WifError::Base58(_) => "wif-invalid-base58check",
            WifError::InvalidPayload => "wif-invalid-payload",
            WifError::SecretOutOfRange => "wif-secret-out-of-range",
        }
    }
}

impl fmt::Display for WifError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WifError::Base58(e) => write!(f, "{}: {e}", self.token()),
            WifError::InvalidPayload | WifError::SecretOutOfRange => f.write_str(self.token()),
        }
    }
}

impl std::error::Error for WifError {}

/// Checks that `secret` is a valid secp256k1 private key: nonzero and below
/// the group order. Core: `CKey::Check`.
fn check_secret(secret: &[u8; 32]) -> Result<(), WifError> {
    SecretKey::from_slice(secret)
        .map(|_| ())
        .map_err(|_| WifError::SecretOutOfRange)
}

/// Reads a WIF private key of `network`: the 32-byte secret and whether its
/// public key is compressed. Core: `DecodeSecret`.
///
/// # Consensus
/// Not consensus. The string must be base58check of at most 34 bytes whose
/// payload is the network's secret-key prefix and 32 bytes, or the prefix,
/// 32 bytes and `01` (then the key is compressed); the 32 bytes must be a
/// valid secp256k1 secret.
///
/// # Errors
/// [`WifError::Base58`], [`WifError::InvalidPayload`], [`WifError::SecretOutOfRange`].
pub fn decode_secret(s: &str, network: Network) -> Result<([u8; 32], bool), WifError> {
    let payload = decode_base58check(s, WIF_MAX_LEN).map_err(WifError::Base58)?;
    let prefix = network.address_params().secret_key_prefix;
    let body = payload
        .strip_prefix(prefix)
        .ok_or(WifError::InvalidPayload)?;
    let (secret, compressed) = match body {
        [secret @ .., COMPRESSED_FLAG] if secret.len() == 32 => (secret, true),
        secret if secret.len() == 32 => (secret, false),
        _ => return Err(WifError::InvalidPayload),
    };
    let secret: [u8; 32] = secret.try_into().expect("length matched above");
    check_secret(&secret)?;
    Ok((secret, compressed))
}

/// Writes a private key as WIF for `network` (`ADDR-ENCODE`). Core: `EncodeSecret`.
///
/// # Errors
/// [`WifError::SecretOutOfRange`] for a secret Core's `CKey` would not hold
/// (Core asserts the key is valid).
pub fn encode_secret(
    secret: &[u8; 32],
    compressed: bool,
    network: Network,
) -> Result<String, WifError> {
    check_secret(secret)?;
    let mut payload = network.address_params().secret_key_prefix.to_vec();
    payload.extend_from_slice(secret);
    if compressed {
        payload.push(COMPRESSED_FLAG);
    }
    Ok(encode_base58check(&payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// secp256k1's group order n.
    const ORDER: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36,
        0x41, 0x41,
    ];

    #[test]
    fn round_trips_on_every_network() {
        let secret = [0x42; 32];
        for network in Network::ALL {
            for compressed in [false, true] {
                let text = encode_secret(&secret, compressed, network).expect("valid secret");
                assert_eq!(decode_secret(&text, network), Ok((secret, compressed)));
            }
        }
    }

    #[test]
    fn known_key() {
        // From Core's key_io_valid.json.
        let text = "5JuW2AMDYu4xVwRG9DZW18VbzQrGcd5RCgb99sS6ehJsNQXu5b9";
        let secret =
            hex::decode("8f8943bf956de595665c38ffff23827e17c10cdc1c27a028caae6c9810626198")
                .expect("hex");
        let (decoded, compressed) = decode_secret(text, Network::Main).expect("valid");
        assert_eq!((decoded.to_vec(), compressed), (secret, false));
        assert_eq!(
            decode_secret(text, Network::Testnet3),
            Err(WifError::InvalidPayload)
        );
    }

    #[test]
    fn rejects_bad_payloads() {
        let encode = |body: &[u8]| encode_base58check(&[&[128u8][..], body].concat());
        assert_eq!(
            decode_secret(&encode(&[1; 31]), Network::Main),
            Err(WifError::InvalidPayload)
        );
        let wrong_flag = [&[1u8; 32][..], &[2]].concat();
        assert_eq!(
            decode_secret(&encode(&wrong_flag), Network::Main),
            Err(WifError::InvalidPayload)
        );
        assert_eq!(
            decode_secret(&encode(&[0; 32]), Network::Main),
            Err(WifError::SecretOutOfRange)
        );
        assert_eq!(
            decode_secret(&encode(&ORDER), Network::Main),
            Err(WifError::SecretOutOfRange)
        );
        let mut below_order = ORDER;
        below_order[31] -= 1;
        assert!(decode_secret(&encode(&below_order), Network::Main).is_ok());
        let too_long = [&[1u8; 33][..], &[1]].concat();
        assert!(matches!(
            decode_secret(&encode(&too_long), Network::Main),
            Err(WifError::Base58(_))
        ));
        assert_eq!(
            encode_secret(&ORDER, true, Network::Main),
            Err(WifError::SecretOutOfRange)
        );
    }
}
