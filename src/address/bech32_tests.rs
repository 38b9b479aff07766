//! Bech32 tests: Core's `src/test/bech32_tests.cpp` vectors (from BIP-0173
//! and BIP-0350) and round trips.

use super::*;

fn assert_valid(cases: &[&str], encoding: Encoding) {
    for case in cases {
        let decoded = decode(case).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(decoded.encoding, encoding, "{case}");
        let recoded =
            encode(encoding, &decoded.hrp, &decoded.data).expect("decoded HRP is lower case");
        assert!(
            recoded.eq_ignore_ascii_case(case),
            "{case} re-encoded as {recoded}"
        );
    }
}

#[test]
fn bech32_valid() {
    assert_valid(
        &[
            "A12UEL5L",
            "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
            "?1ezyfcl",
        ],
        Encoding::Bech32,
    );
}

#[test]
fn bech32m_valid() {
    assert_valid(
        &[
            "A1LQFN3A",
            "a1lqfn3a",
            "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
            "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
            "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
            "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
            "?1v759aa",
        ],
        Encoding::Bech32m,
    );
}

fn assert_invalid(cases: &[(&[u8], &str, &[usize])]) {
    for &(case, message, positions) in cases {
        let shown = String::from_utf8_lossy(case);
        let error = decode(case).expect_err(&shown);
        assert_eq!(error.token(), message, "{shown}");
        assert_eq!(error.positions(), positions, "{shown}");
        assert_eq!(locate_errors(case), Some(error));
    }
}

#[test]
fn bech32_invalid() {
    assert_invalid(&[
        (b" 1nwldj5", "Invalid character or mixed case", &[0]),
        (b"\x7f1axkwrx", "Invalid character or mixed case", &[0]),
        (b"\x801eym55h", "Invalid character or mixed case", &[0]),
        (
            b"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
            "Bech32 string too long",
            &[90],
        ),
        (b"pzry9x0s0muk", "Missing separator", &[]),
        (b"1pzry9x0s0muk", "Invalid separator position", &[0]),
        (b"x1b4n0q5v", "Invalid Base 32 character", &[2]),
        (b"li1dgmt3", "Invalid separator position", &[2]),
        (b"de1lg7wt\xff", "Invalid character or mixed case", &[8]),
        // The checksum was made over the upper-case HRP, so no position explains it.
        (b"A1G7SGD8", "Invalid checksum", &[]),
        (b"10a06t8", "Invalid separator position", &[0]),
        (b"1qzzfhee", "Invalid separator position", &[0]),
        (b"a12UEL5L", "Invalid character or mixed case", &[3, 4, 5, 7]),
        (b"A12uEL5L", "Invalid character or mixed case", &[3]),
        (b"abcdef1qpzrz9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "Invalid Bech32 checksum", &[11]),
        (b"test1zg69w7y6hn0aqy352euf40x77qddq3dc", "Invalid Bech32 checksum", &[9, 16]),
    ]);
}

#[test]
fn bech32m_invalid() {
    assert_invalid(&[
        (b" 1xj0phk", "Invalid character or mixed case", &[0]),
        (b"\x7f1g6xzxy", "Invalid character or mixed case", &[0]),
        (b"\x801vctc34", "Invalid character or mixed case", &[0]),
        (
            b"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
            "Bech32 string too long",
            &[90],
        ),
        (b"qyrz8wqd2c9m", "Missing separator", &[]),
        (b"1qyrz8wqd2c9m", "Invalid separator position", &[0]),
        (b"y1b0jsk6g", "Invalid Base 32 character", &[2]),
        (b"lt1igcx5c0", "Invalid Base 32 character", &[3]),
        (b"in1muywd", "Invalid separator position", &[2]),
        (b"mm1crxm3i", "Invalid Base 32 character", &[8]),
        (b"au1s5cgom", "Invalid Base 32 character", &[7]),
        (b"M1VUXWEZ", "Invalid checksum", &[]),
        (b"16plkw9", "Invalid separator position", &[0]),
        (b"1p2gdwpf", "Invalid separator position", &[0]),
        (b"abcdef1l7aum6echk45nj2s0wdvt2fg8x9yrzpqzd3ryx", "Invalid Bech32m checksum", &[21]),
        (b"test1zg69v7y60n00qy352euf40x77qcusag6", "Invalid Bech32m checksum", &[13, 32]),
    ]);
}

#[test]
fn encode_refuses_what_core_asserts() {
    assert_eq!(encode(Encoding::Bech32, "BC", &[0]), None);
    assert_eq!(encode(Encoding::Bech32, "bc", &[32]), None);
    assert_eq!(
        encode(Encoding::Bech32m, "a", &[]).as_deref(),
        Some("a1lqfn3a")
    );
}

#[test]
fn convert_bits_follows_core() {
    // 8 -> 5 pads; 5 -> 8 without padding accepts only zero padding shorter than 5 bits.
    let five = convert_bits(&[0xff], 8, 5, true).expect("padding allowed");
    assert_eq!(five, vec![31, 28]);
    assert_eq!(convert_bits(&five, 5, 8, false), Some(vec![0xff]));
    assert_eq!(
        convert_bits(&[31, 29], 5, 8, false),
        None,
        "nonzero padding"
    );
    assert_eq!(
        convert_bits(&[31, 28, 0], 5, 8, false),
        None,
        "five bits of padding"
    );
    assert_eq!(convert_bits(&[32], 5, 8, false), None, "value too wide");
    assert_eq!(convert_bits(&[], 8, 5, true), Some(vec![]));
}

proptest::proptest! {
    #[test]
    fn round_trips(
        data in proptest::collection::vec(0u8..32, 0..60),
        bech32m in proptest::prelude::any::<bool>(),
    ) {
        let encoding = if bech32m { Encoding::Bech32m } else { Encoding::Bech32 };
        let text = encode(encoding, "bc", &data).expect("valid input");
        let decoded = decode(&text).expect("own encoding decodes");
        proptest::prop_assert_eq!(decoded, Decoded { encoding, hrp: "bc".into(), data });
    }

    #[test]
    fn bytes_round_trip_through_five_bits(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60)) {
        let five = convert_bits(&bytes, 8, 5, true).expect("padding allowed");
        proptest::prop_assert_eq!(convert_bits(&five, 5, 8, false), Some(bytes));
    }

    #[test]
    fn one_substitution_is_located(data in proptest::collection::vec(0u8..32, 1..40), at in 0usize..40, delta in 1u8..32) {
        let text = encode(Encoding::Bech32m, "bc", &data).expect("valid input");
        let mut bytes = text.into_bytes();
        let at = 3 + at % (bytes.len() - 3);
        let value = charset_value(bytes[at]).expect("own alphabet") ^ delta;
        bytes[at] = CHARSET[usize::from(value)];
        let error = decode(&bytes).expect_err("one error is always detected");
        proptest::prop_assert_eq!(error.positions(), vec![at]);
    }
}
