//! Address decoding tests: each of Core's `DecodeDestination` exits, with
//! addresses from Core's `test/functional/rpc_invalid_address_message.py`
//! and strings built here.

use super::*;
use crate::address::bech32::Bech32Error;

/// The error text Core would report for `s` on `network`.
fn message(s: &str, network: Network) -> String {
    decode_destination(s, network).expect_err(s).to_string()
}

fn segwit(encoding: Encoding, hrp: &str, version: u8, program: &[u8]) -> String {
    let mut data = vec![version];
    data.extend(convert_bits(program, 8, 5, true).expect("padding allowed"));
    bech32::encode(encoding, hrp, &data).expect("valid input")
}

#[test]
fn valid_regtest_addresses() {
    for valid in [
        "bcrt1qtmp74ayg7p24uslctssvjm06q5phz4yrxucgnv",
        "bcrt1p424qxxyd0r",
        "BCRT1QPLMTZKC2XHARPPZDLNPAQL78RSHJ68U33RAH7R",
        "bcrt1qdg3myrgvzw7ml9q0ejxhlkyxm7vl9r56yzkfgvzclrf4hkpx9yfqhpsuks",
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
    ] {
        assert!(
            decode_destination(valid, Network::Regtest).is_ok(),
            "{valid}"
        );
    }
}

#[test]
fn segwit_errors_have_core_messages() {
    let regtest = Network::Regtest;
    let cases = [
        (
            "bcrt1s0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav25430mtr",
            "Invalid Bech32 address program size (41 bytes)",
        ),
        (
            "bcrt1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqdmchcc",
            "Version 1+ witness address must use Bech32m checksum",
        ),
        (
            "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7k35mrzd",
            "Version 0 witness address must use Bech32 checksum",
        ),
        (
            "bcrt130xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqynjegk",
            "Invalid Bech32 address witness version",
        ),
        (
            "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kqqq5k3my",
            "Invalid Bech32 v0 address program size (21 bytes), per BIP141",
        ),
        (
            "bcrtq049ldschfnwystcqnsvyfpj23mpsg3jcedq9xv",
            "Missing separator",
        ),
    ];
    for (address, expected) in cases {
        assert_eq!(message(address, regtest), expected, "{address}");
    }
    // BIP-0173's version-1 example, valid before BIP-0350 gave version 1+ bech32m.
    let mainnet = "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx";
    assert_eq!(
        message(mainnet, Network::Main),
        "Version 1+ witness address must use Bech32m checksum"
    );
    // It does not start with "bcrt", so regtest reads it as base58.
    assert_eq!(
        message(mainnet, regtest),
        "Invalid or unsupported Segwit (Bech32) or Base58 encoding."
    );
    let regtest_on_main = segwit(Encoding::Bech32, "bcrt", 0, &[0; 20]);
    assert_eq!(
        message(&regtest_on_main, Network::Main),
        "Invalid or unsupported prefix for Segwit (Bech32) address (expected bc, got bcrt)."
    );
}

#[test]
fn bech32_diagnoses_locate_errors() {
    let regtest = Network::Regtest;
    let located = |s: &str| decode_destination(s, regtest).expect_err(s);
    let too_long = located(
        "bcrt1q049edschfnwystcqnsvyfpj23mpsg3jcedq9xv049edschfnwystcqnsvyfpj23mpsg3jcedq9xv049edschfnwystcqnsvyfpj23m",
    );
    assert_eq!(too_long.to_string(), "Bech32 string too long");
    assert_eq!(too_long.positions(), (90..108).collect::<Vec<_>>());
    let one = located("bcrt1q049edschfnwystcqnsvyfpj23mpsg3jcedq9xv");
    assert_eq!(
        (one.to_string(), one.positions()),
        ("Invalid Bech32 checksum".into(), vec![9])
    );
    let two = located("bcrt1qax9suht3qv95sw33xavx8crpxduefdrsvgsklu");
    assert_eq!(two.positions(), vec![22, 43]);
    let capitals = located("BCRT1QPLMTZKC2XHARPPZDLNPAQL78RSHJ68U32RAH7R");
    assert_eq!(capitals.positions(), vec![38]);
    let multisig = located("bcrt1qdg3myrgvzw7ml8q0ejxhlkyxn7vl9r56yzkfgvzclrf4hkpx9yfqhpsuks");
    assert_eq!(multisig.positions(), vec![19, 30]);
    let version = located("bcrt1ptmp74ayg7p24uslctssvjm06q5phz4yrxucgnv");
    assert_eq!(
        (version.to_string(), version.positions()),
        ("Invalid Bech32 checksum".into(), vec![5])
    );
    let char_error = located("bcrt1q04oldschfnwystcqnsvyfpj23mpsg3jcedq9xv");
    assert_eq!(
        char_error,
        AddressError::Bech32(Bech32Error::InvalidBase32Character { position: 8 })
    );
}

#[test]
fn built_segwit_errors() {
    let main = Network::Main;
    let empty = bech32::encode(Encoding::Bech32, "bc", &[]).expect("valid input");
    assert_eq!(message(&empty, main), "Empty Bech32 data section");
    let v0_short = segwit(Encoding::Bech32, "bc", 0, &[1; 16]);
    assert_eq!(
        message(&v0_short, main),
        "Invalid Bech32 v0 address program size (16 bytes), per BIP141"
    );
    let one_byte = segwit(Encoding::Bech32m, "bc", 2, &[1]);
    assert_eq!(
        message(&one_byte, main),
        "Invalid Bech32 address program size (1 byte)"
    );
    let v17 = segwit(Encoding::Bech32m, "bc", 17, &[1; 32]);
    assert_eq!(
        message(&v17, main),
        "Invalid Bech32 address witness version"
    );
    // Version 1, then 5-bit values leaving 2 nonzero bits of padding.
    let padded =
        bech32::encode(Encoding::Bech32m, "bc", &[1, 31, 31, 31, 31]).expect("valid input");
    assert_eq!(
        message(&padded, main),
        "Invalid padding in Bech32 data section"
    );
    let anchor = segwit(Encoding::Bech32m, "bc", 1, &[0x4e, 0x73]);
    assert_eq!(
        decode_destination(&anchor, main),
        Ok(Destination::PayToAnchor)
    );
    assert_eq!(
        encode_destination(&Destination::PayToAnchor, main).as_deref(),
        Some(anchor.as_str())
    );
}

#[test]
fn base58_errors_have_core_messages() {
    let regtest = Network::Regtest;
    let payload =
        |prefix: u8, len: usize| encode_base58check(&[vec![prefix], vec![7; len]].concat());
    assert_eq!(
        message(&payload(111, 19), regtest),
        "Invalid length for Base58 address (P2PKH or P2SH)"
    );
    assert_eq!(
        message(&payload(0, 20), regtest),
        "Invalid or unsupported Base58-encoded address."
    );
    assert_eq!(
        message("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJJfn", regtest),
        "Invalid checksum or length of Base58 address (P2PKH or P2SH)"
    );
    // 25 payload bytes: too long for base58check of 21, fine for base58 of 100.
    assert_eq!(
        message(&payload(111, 24), regtest),
        "Invalid checksum or length of Base58 address (P2PKH or P2SH)"
    );
    // The empty string is base58 of no bytes, so it fails only the checksum.
    assert_eq!(
        message("", regtest),
        "Invalid checksum or length of Base58 address (P2PKH or P2SH)"
    );
    for unknown in ["asfah14i8fajz0123f", "0", &"z".repeat(200)] {
        assert_eq!(
            message(unknown, regtest),
            "Invalid or unsupported Segwit (Bech32) or Base58 encoding."
        );
    }
    assert_eq!(
        message("1q049ldschfnwystcqnsvyfpj23mpsg3jcedq9xv", regtest),
        "Invalid or unsupported Segwit (Bech32) or Base58 encoding."
    );
}

#[test]
fn encode_refuses_what_core_leaves_empty() {
    let main = Network::Main;
    let unknown = |version: u8, len: usize| Destination::WitnessUnknown {
        version: WitnessVersion::new(version).expect("0..=16"),
        program: vec![1; len],
    };
    assert_eq!(encode_destination(&unknown(0, 20), main), None);
    assert_eq!(encode_destination(&unknown(2, 1), main), None);
    assert_eq!(encode_destination(&unknown(2, 41), main), None);
    let sixteen = encode_destination(&unknown(16, 40), main).expect("in range");
    assert_eq!(decode_destination(&sixteen, main), Ok(unknown(16, 40)));
}
