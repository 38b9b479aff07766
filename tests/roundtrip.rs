//! Round trips of the wire encoding: encode then decode gives back the value,
//! CompactSize in every value class, no panic on any input, and the property
//! that does hold for arbitrary input:
//!
//! > For `T` in {`Transaction`, `Block`, `BlockHeader`} and every byte string
//! > `b`: if `T::from_bytes(b)` is `Ok(x)` then `x.to_bytes() == b`.
//!
//! The decoder accepts only canonical encodings (shortest CompactSize, the
//! witness flag exactly when some witness is non-empty, no trailing bytes), so
//! encode ∘ decode is the identity on the decoder's domain. The other
//! direction, decode ∘ encode = identity, holds for every value except a
//! transaction with no inputs and at least one output, whose encoding is read
//! as something else (see `zero_input_ambiguity_*`).

mod common;

use canon::encoding::{
    compact_size_len, read_compact_size, write_compact_size, Decode, DecodeError, Encode, Reader,
    MAX_SIZE,
};
use canon::primitives::{Block, BlockHeader, OutPoint, Transaction, TxIn, TxOut, Txid, Witness};
use common::*;
use proptest::prelude::*;

/// Decodes `bytes` as `T`; if that succeeds, checks it re-encodes to `bytes`.
fn check_canonical<T: Decode + Encode + std::fmt::Debug>(
    bytes: &[u8],
) -> Result<bool, TestCaseError> {
    match T::from_bytes(bytes) {
        Ok(value) => {
            prop_assert_eq!(
                value.to_bytes(),
                bytes,
                "decoded {:?} re-encodes differently",
                value
            );
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn outpoint_round_trips(outpoint in outpoint()) {
        let bytes = outpoint.to_bytes();
        prop_assert_eq!(bytes.len(), 36);
        prop_assert_eq!(OutPoint::from_bytes(&bytes), Ok(outpoint));
    }

    #[test]
    fn txout_round_trips(output in txout()) {
        let bytes = output.to_bytes();
        prop_assert_eq!(bytes.len(), 8 + compact_size_len(output.script_pubkey.len() as u64) + output.script_pubkey.len());
        prop_assert_eq!(TxOut::from_bytes(&bytes), Ok(output));
    }

    #[test]
    fn witness_round_trips(witness in witness()) {
        let bytes = witness.to_bytes();
        prop_assert_eq!(Witness::from_bytes(&bytes), Ok(witness));
    }

    /// `TxIn` has no decoder of its own (its witness is serialized apart from
    /// it); its encoding is the outpoint, the scriptSig with its CompactSize
    /// length, and the sequence, and it round-trips inside a transaction.
    #[test]
    fn txin_encoding_and_round_trip(input in txin()) {
        let mut expected = input.prevout.to_bytes();
        write_compact_size(&mut expected, input.script_sig.len() as u64);
        expected.extend_from_slice(&input.script_sig);
        expected.extend_from_slice(&input.sequence.to_le_bytes());
        prop_assert_eq!(input.to_bytes(), expected);
        let tx = Transaction { version: 2, inputs: vec![input], outputs: vec![], lock_time: 0 };
        prop_assert_eq!(Transaction::from_bytes(&tx.to_bytes()), Ok(tx));
    }

    #[test]
    fn legacy_transaction_round_trips(tx in legacy_transaction()) {
        let bytes = tx.to_bytes();
        prop_assert_eq!(&bytes, &tx.to_bytes_without_witness());
        prop_assert_eq!(tx.wtxid().0, tx.txid().0);
        prop_assert_eq!(tx.weight(), 4 * bytes.len());
        prop_assert_eq!(Transaction::from_bytes(&bytes), Ok(tx));
    }

    #[test]
    fn witness_transaction_round_trips(tx in witness_transaction()) {
        let bytes = tx.to_bytes();
        prop_assert_eq!(&bytes[4..6], &[0x00, 0x01], "BIP-0144 marker and flag");
        prop_assert!(tx.stripped_size() < tx.total_size());
        prop_assert_eq!(tx.weight(), 3 * tx.stripped_size() + bytes.len());
        let decoded = Transaction::from_bytes(&bytes);
        prop_assert_eq!(decoded.as_ref().map(Transaction::txid), Ok(tx.txid()));
        prop_assert_eq!(decoded, Ok(tx));
    }

    #[test]
    fn any_representable_transaction_round_trips(tx in transaction()) {
        prop_assert_eq!(tx.total_size(), tx.to_bytes().len());
        prop_assert_eq!(Transaction::from_bytes(&tx.to_bytes()), Ok(tx));
    }

    #[test]
    fn header_round_trips(header in block_header()) {
        let bytes = header.to_bytes();
        prop_assert_eq!(bytes.len(), 80);
        prop_assert_eq!(BlockHeader::from_bytes(&bytes), Ok(header));
    }

    #[test]
    fn block_round_trips(block in block()) {
        let bytes = block.to_bytes();
        prop_assert_eq!(block.total_size(), bytes.len());
        prop_assert_eq!(Block::from_bytes(&bytes), Ok(block));
    }
}

// ----- CompactSize ----------------------------------------------------------

/// One value from each encoding class, and the boundaries between them.
fn compact_size_value() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..=0xfc,
        0xfdu64..=0xffff,
        0x1_0000u64..=0xffff_ffff,
        0x1_0000_0000u64..=u64::MAX,
        prop::sample::select(vec![
            0,
            0xfc,
            0xfd,
            0xffff,
            0x1_0000,
            MAX_SIZE,
            MAX_SIZE + 1,
            0xffff_ffff,
            0x1_0000_0000,
            u64::MAX
        ]),
    ]
}

/// The prefix byte and payload width of each CompactSize form.
const FORMS: [(u8, usize); 3] = [(0xfd, 2), (0xfe, 4), (0xff, 8)];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn compact_size_round_trips(value in compact_size_value()) {
        let mut bytes = Vec::new();
        write_compact_size(&mut bytes, value);
        prop_assert_eq!(bytes.len(), compact_size_len(value));
        let expected_prefix = match value {
            0..=0xfc => value as u8,
            0xfd..=0xffff => 0xfd,
            0x1_0000..=0xffff_ffff => 0xfe,
            _ => 0xff,
        };
        prop_assert_eq!(bytes[0], expected_prefix);
        // Unchecked: every u64 reads back.
        let mut r = Reader::new(&bytes);
        prop_assert_eq!(read_compact_size(&mut r, false), Ok(value));
        prop_assert_eq!(r.remaining(), 0);
        // Checked (as for every length prefix): MAX_SIZE is the inclusive limit.
        let checked = read_compact_size(&mut Reader::new(&bytes), true);
        if value <= MAX_SIZE {
            prop_assert_eq!(checked, Ok(value));
        } else {
            prop_assert_eq!(checked, Err(DecodeError::CompactSizeTooLarge { value }));
        }
    }

    /// Every value written in a longer form than its shortest is rejected,
    /// whatever the range check, and the error keeps Core's token.
    #[test]
    fn compact_size_longer_forms_are_rejected(value in compact_size_value()) {
        let shortest = compact_size_len(value);
        for (prefix, width) in FORMS {
            let fits = width == 8 || value < (1u64 << (8 * width));
            let form_len = 1 + width;
            if !fits || form_len <= shortest {
                continue;
            }
            let mut bytes = vec![prefix];
            bytes.extend_from_slice(&value.to_le_bytes()[..width]);
            for range_check in [false, true] {
                let err = read_compact_size(&mut Reader::new(&bytes), range_check).unwrap_err();
                prop_assert_eq!(&err, &DecodeError::NonCanonicalCompactSize { value });
                prop_assert_eq!(err.token(), "non-canonical ReadCompactSize()");
            }
        }
    }
}

// ----- no panics, and canonical inputs --------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Arbitrary bytes never make a decoder panic; what decodes re-encodes
    /// byte-identically.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..=400)) {
        check_canonical::<Transaction>(&bytes)?;
        check_canonical::<BlockHeader>(&bytes)?;
        check_canonical::<Block>(&bytes)?;
    }

    /// Short inputs shaped like a transaction start (version, then a marker
    /// or a small count) reach the flag and witness paths far more often
    /// than uniform bytes do.
    #[test]
    fn tx_shaped_bytes_never_panic(
        version in any::<u32>(),
        head in prop::sample::select(vec![vec![0x00], vec![0x00, 0x00], vec![0x00, 0x01], vec![0x00, 0x02], vec![0x00, 0x03], vec![0x01]]),
        tail in prop::collection::vec(any::<u8>(), 0..=120),
    ) {
        let mut bytes = version.to_le_bytes().to_vec();
        bytes.extend(head);
        bytes.extend(tail);
        check_canonical::<Transaction>(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_transactions_never_panic(tx in transaction(), edits in mutations()) {
        check_canonical::<Transaction>(&apply_all(&tx.to_bytes(), &edits))?;
    }

    #[test]
    fn mutated_headers_never_panic(header in block_header(), edits in mutations()) {
        check_canonical::<BlockHeader>(&apply_all(&header.to_bytes(), &edits))?;
    }

    #[test]
    fn mutated_blocks_never_panic(block in block(), edits in mutations()) {
        check_canonical::<Block>(&apply_all(&block.to_bytes(), &edits))?;
    }
}

/// The canonical-input property is not vacuous: over a fixed sample of
/// mutated encodings, a good share still decode, and every one of those
/// re-encodes to exactly the mutated bytes.
#[test]
fn mutated_encodings_that_decode_are_canonical() {
    let sample = deterministic_sample((transaction(), mutations()), 2000);
    let mut decoded = 0;
    for (tx, edits) in &sample {
        let bytes = apply_all(&tx.to_bytes(), edits);
        if let Ok(back) = Transaction::from_bytes(&bytes) {
            decoded += 1;
            assert_eq!(
                back.to_bytes(),
                bytes,
                "non-canonical input accepted: {}",
                hex::encode(&bytes)
            );
        }
    }
    // Byte flips inside scripts, values, txids and lock times keep the
    // structure, so a good share of the sample still decodes.
    eprintln!("{decoded} of 2000 mutated encodings decoded");
    assert!(
        decoded >= 400,
        "only {decoded} of 2000 mutated encodings decoded"
    );
}

/// Every transaction in Core's tx_valid.json and tx_invalid.json that decodes
/// re-encodes to the same bytes, and block 413567 does too.
#[test]
fn core_vectors_re_encode_byte_identically() {
    let mut decoded = 0;
    for file in ["core/tx_valid.json", "core/tx_invalid.json"] {
        for (index, tx_hex) in core_tx_hexes(file) {
            let bytes = hex::decode(&tx_hex).expect("vector hex");
            if let Ok(tx) = Transaction::from_bytes(&bytes) {
                decoded += 1;
                assert_eq!(tx.to_bytes(), bytes, "{file} entry {index}");
            }
        }
    }
    // Every one of the 214 decodes: the invalid ones fail script or
    // consensus checks, not the encoding.
    assert_eq!(decoded, 214, "Core tx vectors that decode");
    let block = block413567();
    assert_eq!(Block::from_bytes(&block).unwrap().to_bytes(), block);
}

// ----- the zero-input ambiguity ---------------------------------------------

/// A transaction with no inputs and some outputs has a legacy encoding that
/// starts `version 00 <output count>`: Core's `UnserializeTransaction` (and
/// canon) read the `00` as the BIP-0144 marker and the output count as the
/// flag. Such a transaction cannot be represented on the wire: with one
/// output the "flag" is 0x01 and the output's bytes are read as inputs, so the
/// decode either fails or yields a different transaction.
#[test]
fn zero_input_ambiguity_usually_fails_to_decode() {
    let tx = Transaction {
        version: 1,
        inputs: vec![],
        outputs: vec![TxOut {
            value: 50_0000_0000,
            script_pubkey: vec![0x51],
        }],
        lock_time: 0,
    };
    let bytes = tx.to_bytes();
    assert_eq!(
        hex::encode(&bytes),
        "01000000000100f2052a01000000015100000000"
    );
    assert!(Transaction::from_bytes(&bytes).is_err());

    // Two empty outputs: the "flag" is 0x02, the zero value bytes read as an
    // empty input and an empty output vector, and flag bit 0x02 is unknown
    // optional data, Core's token for it.
    let two = Transaction {
        outputs: vec![
            TxOut {
                value: 0,
                script_pubkey: vec![]
            };
            2
        ],
        ..tx.clone()
    };
    let err = Transaction::from_bytes(&two.to_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::UnknownOptionalData { flags: 0x02 });
    assert_eq!(err.token(), "Unknown transaction optional data");
}

/// Two different transactions with the same encoding: a zero-input,
/// one-output transaction whose output was crafted so that its legacy
/// encoding is exactly the BIP-0144 encoding of a one-input witness
/// transaction. Decoding yields the witness transaction, so encoding is not
/// injective over all `Transaction` values, only over the representable ones.
#[test]
fn zero_input_ambiguity_can_decode_as_another_transaction() {
    // The witness transaction the bytes will be read as. Its txid byte 7 is
    // 37, which the legacy reading takes as the output's script length.
    let mut prev_txid = [0x11u8; 32];
    prev_txid[7] = 37;
    let witness_tx = Transaction {
        version: 2,
        inputs: vec![TxIn {
            prevout: OutPoint {
                txid: Txid(prev_txid),
                vout: 0,
            },
            script_sig: vec![],
            sequence: 0xffff_ffff,
            witness: Witness {
                stack: vec![vec![0xaa]],
            },
        }],
        outputs: vec![],
        lock_time: 0,
    };
    let bytes = witness_tx.to_bytes();
    // After `version 00 01`: the input count and the first 7 txid bytes form
    // the "value", txid byte 7 the "script length", the next 37 bytes the
    // "script", and the last four the lock time.
    let body = &bytes[6..];
    assert_eq!(body.len(), 8 + 1 + 37 + 4);
    let zero_input_tx = Transaction {
        version: 2,
        inputs: vec![],
        outputs: vec![TxOut {
            value: i64::from_le_bytes(body[..8].try_into().unwrap()),
            script_pubkey: body[9..46].to_vec(),
        }],
        lock_time: 0,
    };
    assert_ne!(zero_input_tx, witness_tx);
    assert_eq!(
        zero_input_tx.to_bytes(),
        bytes,
        "same bytes, two transactions"
    );
    assert_eq!(Transaction::from_bytes(&bytes), Ok(witness_tx));
}

/// The zero-input, zero-output transaction is representable: its legacy
/// encoding is read as marker + flag 0x00, which Core defines as "no inputs,
/// no outputs".
#[test]
fn zero_input_zero_output_round_trips() {
    let tx = Transaction {
        version: 1,
        inputs: vec![],
        outputs: vec![],
        lock_time: 7,
    };
    let bytes = tx.to_bytes();
    assert_eq!(hex::encode(&bytes), "01000000000007000000");
    assert_eq!(Transaction::from_bytes(&bytes), Ok(tx));
}

/// Values the strategies deliberately cover: a 252/253-byte script gives the
/// one-byte / `0xfd` CompactSize boundary, a 65536-byte one the `0xfe` form.
#[test]
fn long_scripts_use_the_wide_compact_size_forms() {
    for (len, prefix) in [
        (252usize, 0xfcu8),
        (253, 0xfd),
        (0xffff, 0xfd),
        (0x1_0000, 0xfe),
    ] {
        let output = TxOut {
            value: -1,
            script_pubkey: vec![0x6a; len],
        };
        let bytes = output.to_bytes();
        assert_eq!(bytes[8], prefix, "script of {len} bytes");
        assert_eq!(TxOut::from_bytes(&bytes), Ok(output));
    }
}

/// The real transactions the other test files use decode and round-trip.
#[test]
fn fixture_transactions_round_trip() {
    for fixture in [BLOCK1_COINBASE, SEGWIT_TX] {
        let bytes = hex::decode(fixture).unwrap();
        let tx = Transaction::from_bytes(&bytes).expect("fixture decodes");
        assert_eq!(tx.to_bytes(), bytes);
    }
    let header = hex::decode(BLOCK1_HEADER).unwrap();
    assert_eq!(
        BlockHeader::from_bytes(&header)
            .unwrap()
            .block_hash()
            .to_string(),
        "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"
    );
}
