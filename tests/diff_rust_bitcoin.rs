//! Differential test against rust-bitcoin 0.32 (an oracle only: canon's rules
//! never call it).
//!
//! For each input both decoders run; they must agree on whether it decodes,
//! when both succeed on txid, wtxid and weight, and when both fail on the kind
//! of failure (end of data, non-canonical CompactSize, superfluous witness,
//! unknown flag, trailing data). Every disagreement is
//! sorted into one of the documented classes below, each with the reason the
//! two legitimately differ; any other disagreement fails the test, and the
//! number in each class is asserted, so a new difference cannot hide.

mod common;

use std::collections::BTreeMap;

use bitcoin::consensus::encode::deserialize;
use canon::encoding::{Decode, DecodeError, Encode};
use canon::primitives::{Block, Transaction};
use common::*;
use proptest::prelude::*;

/// The comparison and its documented difference classes are shared with the
/// `diff_decode_rust_bitcoin` fuzz target: one definition, two drivers.
#[allow(dead_code)]
#[path = "../fuzz/src/diff_decode.rs"]
mod diff_decode;

use diff_decode::{compare_tx, Class, Outcome};

/// Runs `compare_tx` over labelled inputs; fails on any unexplained
/// disagreement and returns how many fell in each class.
fn tally(inputs: impl IntoIterator<Item = (String, Vec<u8>)>) -> (usize, BTreeMap<Class, usize>) {
    let mut total = 0;
    let mut classes = BTreeMap::new();
    let mut unexplained = Vec::new();
    for (label, bytes) in inputs {
        total += 1;
        match compare_tx(&bytes) {
            Outcome::Agree => {}
            Outcome::Explained(class) => *classes.entry(class).or_insert(0) += 1,
            Outcome::Unexplained(why) => {
                unexplained.push(format!("{label} {}: {why}", hex::encode(&bytes)))
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "unexplained disagreements:\n{}",
        unexplained.join("\n")
    );
    (total, classes)
}

/// Asserts the count of every class, naming the class's reason on failure.
fn assert_classes(what: &str, found: &BTreeMap<Class, usize>, expected: &[(Class, usize)]) {
    eprintln!("{what}: disagreements by class {found:?}");
    for class in [
        Class::ZeroInputFlagZero,
        Class::EmptyWitnessFlagTransaction,
        Class::RustBitcoinWitnessCap,
        Class::FlagCheckedEarly,
        Class::NoMaxSizeCheck,
    ] {
        let want = expected
            .iter()
            .find(|(c, _)| *c == class)
            .map_or(0, |(_, n)| *n);
        let got = found.get(&class).copied().unwrap_or(0);
        assert_eq!(
            got,
            want,
            "{what}: class {class:?} ({}) expected {want} times, found {got}",
            class.reason()
        );
    }
}

fn core_inputs(file: &str) -> Vec<(String, Vec<u8>)> {
    core_tx_hexes(file)
        .into_iter()
        .map(|(index, tx_hex)| {
            (
                format!("{file}[{index}]"),
                hex::decode(tx_hex).expect("vector hex"),
            )
        })
        .collect()
}

#[test]
fn core_tx_valid_agrees() {
    let (total, classes) = tally(core_inputs("core/tx_valid.json"));
    assert_eq!(total, 121);
    assert_classes("tx_valid.json", &classes, &[]);
}

#[test]
fn core_tx_invalid_agrees() {
    let (total, classes) = tally(core_inputs("core/tx_invalid.json"));
    assert_eq!(total, 93);
    assert_classes("tx_invalid.json", &classes, &[]);
}

/// Generated representable transactions, deterministic sample: all decode in
/// both, except the zero-input, zero-output ones (`empty_transaction`, about
/// one in eleven), which only Core's format reads.
#[test]
fn generated_transactions_agree() {
    let sample = deterministic_sample(transaction(), 600);
    let empty = sample.iter().filter(|tx| tx.inputs.is_empty()).count();
    let inputs = sample
        .iter()
        .enumerate()
        .map(|(i, tx)| (format!("generated #{i}"), tx.to_bytes()));
    let (total, classes) = tally(inputs);
    assert_eq!(total, 600);
    assert!(
        empty > 0,
        "the sample should include zero-input transactions"
    );
    assert_classes("generated", &classes, &[(Class::ZeroInputFlagZero, empty)]);
}

/// Mutated encodings, deterministic sample: decode success must agree, and
/// values must agree when both decode. The counts are those of this fixed
/// sample (proptest's deterministic ChaCha RNG; change them only with the
/// strategies, after checking each new disagreement by its class's reason).
#[test]
fn mutated_transactions_agree() {
    let sample = deterministic_sample((transaction(), mutations()), 3000);
    let inputs = sample.iter().enumerate().map(|(i, (tx, edits))| {
        (
            format!("mutated #{i} {edits:?}"),
            apply_all(&tx.to_bytes(), edits),
        )
    });
    let (total, classes) = tally(inputs);
    assert_eq!(total, 3000);
    // ZeroInputFlagZero: mutations of the zero-input, zero-output samples
    // that keep them decodable (mostly edits to the version or lock time).
    assert_classes(
        "mutated",
        &classes,
        &[
            (Class::ZeroInputFlagZero, 89),
            (Class::FlagCheckedEarly, 95),
            (Class::NoMaxSizeCheck, 114),
        ],
    );
}

/// Hand-built members of each class, so each class is shown to exist and to
/// be recognised, whatever the samples above happen to contain.
#[test]
fn each_class_has_a_witness() {
    // version 1, empty vin, flag 0x00, lock time 0.
    let zero_flag = hex::decode("01000000000000000000").unwrap();
    assert!(matches!(
        compare_tx(&zero_flag),
        Outcome::Explained(Class::ZeroInputFlagZero)
    ));

    // version 1, marker, flag 0x01, empty vin, empty vout, lock time 0.
    let empty_witness = hex::decode("010000000001000000000000").unwrap();
    assert_eq!(
        Transaction::from_bytes(&empty_witness),
        Err(DecodeError::SuperfluousWitnessRecord)
    );
    assert!(matches!(
        compare_tx(&empty_witness),
        Outcome::Explained(Class::EmptyWitnessFlagTransaction)
    ));

    // One witness item of 4,000,000 bytes: within Core's MAX_SIZE.
    let big = Transaction {
        version: 2,
        inputs: vec![canon::primitives::TxIn {
            prevout: canon::primitives::OutPoint::NULL,
            script_sig: vec![],
            sequence: 0,
            witness: canon::primitives::Witness {
                stack: vec![vec![0x6a; 4_000_000]],
            },
        }],
        outputs: vec![],
        lock_time: 0,
    };
    let outcome = compare_tx(&big.to_bytes());
    assert!(
        matches!(outcome, Outcome::Explained(Class::RustBitcoinWitnessCap)),
        "{outcome:?}"
    );
    // A 4,000,000-byte scriptPubKey is no such case: rust-bitcoin reads
    // scripts in chunks without a cap, and both decode it alike.
    let big_script = Transaction {
        inputs: vec![canon::primitives::TxIn {
            witness: Default::default(),
            ..big.inputs[0].clone()
        }],
        outputs: vec![canon::primitives::TxOut {
            value: 0,
            script_pubkey: vec![0x6a; 4_000_000],
        }],
        ..big.clone()
    };
    assert!(matches!(compare_tx(&big_script.to_bytes()), Outcome::Agree));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Random (non-deterministic) transactions: any disagreement must be in a
    /// documented class.
    #[test]
    fn random_transactions_agree_or_are_explained(tx in transaction()) {
        let outcome = compare_tx(&tx.to_bytes());
        prop_assert!(!matches!(outcome, Outcome::Unexplained(_)), "{:?}", outcome);
        if !tx.inputs.is_empty() {
            prop_assert!(matches!(outcome, Outcome::Agree), "{:?}", outcome);
        }
    }

    #[test]
    fn random_mutations_agree_or_are_explained(tx in transaction(), edits in mutations()) {
        let outcome = compare_tx(&apply_all(&tx.to_bytes(), &edits));
        prop_assert!(!matches!(outcome, Outcome::Unexplained(_)), "{:?}", outcome);
    }
}

#[test]
fn block413567_agrees_with_rust_bitcoin() {
    let bytes = block413567();
    assert_eq!(bytes.len(), 999_887);
    let ours = Block::from_bytes(&bytes).expect("canon decodes block 413567");
    let theirs: bitcoin::Block = deserialize(&bytes).expect("rust-bitcoin decodes block 413567");

    let hash = "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069";
    assert_eq!(ours.block_hash().to_string(), hash);
    assert_eq!(theirs.block_hash().to_string(), hash);

    let merkle = ours.compute_merkle_root();
    assert_eq!(merkle.root, ours.header.merkle_root);
    assert!(!merkle.mutated);
    let their_root = theirs.compute_merkle_root().expect("non-empty block");
    assert_eq!(merkle.root.to_string(), their_root.to_string());
    assert_eq!(theirs.header.merkle_root, their_root);

    assert_eq!(ours.transactions.len(), 1557);
    assert_eq!(theirs.txdata.len(), 1557);
    for (a, b) in ours.transactions.iter().zip(&theirs.txdata) {
        assert_eq!(a.txid().to_string(), b.compute_txid().to_string());
        assert_eq!(a.weight() as u64, b.weight().to_wu());
    }
    assert_eq!(ours.weight() as u64, theirs.weight().to_wu());
    let encoded = ours.to_bytes();
    assert_eq!(encoded.len(), 999_887);
    assert_eq!(encoded, bytes);
}
