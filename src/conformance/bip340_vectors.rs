//! BIP-0340's `test-vectors.csv`: Schnorr signatures to produce and to
//! verify.
//!
//! Columns: index, secret key, public key, aux_rand, message, signature,
//! verification result, comment. Every row is a verification case: the
//! signature must verify (`TRUE`) or not (`FALSE`). A row with a secret key
//! is also a signing case: the secret key must give the public key, and
//! signing the message with the aux randomness must give the signature.
//!
//! For 32-byte messages (all Bitcoin ever signs) verification is canon's rule
//! ([`verify_schnorr`]) and signing is libsecp256k1's
//! (`secp256k1_schnorrsig_sign32`); for other lengths both are the reference
//! of [`bip340_reference`](super::bip340_reference), which must also agree
//! with them on every 32-byte row.

use secp256k1::{Keypair, Message, Secp256k1};

use super::bip340_reference;
use super::core_json::{cannot_parse, parse_hex};
use super::Report;
use crate::script::signature::verify_schnorr;

/// The header line that identifies the file.
pub const HEADER: &str =
    "index,secret key,public key,aux_rand,message,signature,verification result,comment";

/// One row, decoded.
struct Row {
    index: String,
    secret: Option<[u8; 32]>,
    pubkey: Vec<u8>,
    aux: Option<[u8; 32]>,
    message: Vec<u8>,
    signature: Vec<u8>,
    valid: bool,
    comment: String,
}

/// Runs every row of the file.
pub fn run(file: &str, text: &str, report: &mut Report) {
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some(HEADER) {
        return report.check(file, "file", Err(cannot_parse("unexpected header")));
    }
    for (number, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let row = match parse_row(line) {
            Ok(row) => row,
            Err(why) => {
                report.check(file, format!("line {}", number + 2), Err(cannot_parse(why)));
                continue;
            }
        };
        let name = if row.comment.is_empty() {
            format!("row {}", row.index)
        } else {
            format!("row {}: {}", row.index, row.comment)
        };
        report.check(file, format!("{name} (verify)"), check_verify(&row));
        if let (Some(secret), Some(aux)) = (row.secret, row.aux) {
            report.check(
                file,
                format!("{name} (sign)"),
                check_sign(&row, &secret, &aux),
            );
        }
    }
}

fn parse_row(line: &str) -> Result<Row, String> {
    let fields: Vec<&str> = line.trim_end_matches('\r').splitn(8, ',').collect();
    let [index, secret, pubkey, aux, message, signature, result, comment] = fields[..] else {
        return Err(format!("{} columns, expected 8", fields.len()));
    };
    let hex = |what: &str, text: &str| parse_hex(text).ok_or(format!("{what} is not hex"));
    let key32 = |what: &str, text: &str| -> Result<Option<[u8; 32]>, String> {
        if text.is_empty() {
            return Ok(None);
        }
        let bytes = hex(what, text)?;
        <[u8; 32]>::try_from(bytes.as_slice())
            .map(Some)
            .map_err(|_| format!("{what} is not 32 bytes"))
    };
    let valid = match result {
        "TRUE" => true,
        "FALSE" => false,
        other => return Err(format!("verification result {other:?}")),
    };
    Ok(Row {
        index: index.to_string(),
        secret: key32("secret key", secret)?,
        pubkey: hex("public key", pubkey)?,
        aux: key32("aux_rand", aux)?,
        message: hex("message", message)?,
        signature: hex("signature", signature)?,
        valid,
        comment: comment.trim().to_string(),
    })
}

/// The signature must verify exactly when the row says so.
fn check_verify(row: &Row) -> Result<(), String> {
    let reference = bip340_reference::verify(&row.pubkey, &row.message, &row.signature);
    if let Ok(digest) = <[u8; 32]>::try_from(row.message.as_slice()) {
        let canon = verify_schnorr(&row.pubkey, &row.signature, &digest);
        if canon != reference {
            return Err(format!(
                "canon's verify_schnorr says {canon}, the reference {reference}"
            ));
        }
    }
    if reference == row.valid {
        Ok(())
    } else {
        Err(format!(
            "verification gave {reference}, expected {}",
            row.valid
        ))
    }
}

/// The secret key must give the public key, and signing must give the
/// signature.
fn check_sign(row: &Row, secret: &[u8; 32], aux: &[u8; 32]) -> Result<(), String> {
    let secp = Secp256k1::new();
    let keypair =
        Keypair::from_seckey_slice(&secp, secret).map_err(|e| format!("secret key: {e}"))?;
    let pubkey = keypair.x_only_public_key().0.serialize();
    if pubkey.as_slice() != row.pubkey.as_slice() {
        return Err(format!("public key {}", hex::encode(pubkey)));
    }
    let reference =
        bip340_reference::sign(secret, &row.message, aux).ok_or("the reference signer failed")?;
    if let Ok(digest) = <[u8; 32]>::try_from(row.message.as_slice()) {
        let libsecp = secp
            .sign_schnorr_with_aux_rand(&Message::from_digest(digest), &keypair, aux)
            .serialize();
        if libsecp != reference {
            return Err(format!(
                "libsecp256k1 signs {}, the reference {}",
                hex::encode(libsecp),
                hex::encode(reference)
            ));
        }
    }
    if reference.as_slice() == row.signature.as_slice() {
        Ok(())
    } else {
        Err(format!("signature {}", hex::encode(reference)))
    }
}
