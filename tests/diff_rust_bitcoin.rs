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

use bitcoin::consensus::encode::{deserialize, Error as RbError};
use canon::encoding::{Decode, DecodeError, Encode};
use canon::primitives::{Block, Transaction};
use common::*;
use proptest::prelude::*;

/// Why canon and rust-bitcoin disagree about one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// `version 00 00 ...`: an empty input vector then flag byte 0x00. Core's
    /// `UnserializeTransaction` reads this as a transaction with no inputs and
    /// no outputs (flag 0 means "not the BIP-0144 marker after all"), and
    /// canon does the same; rust-bitcoin 0.32 rejects every flag but 0x01
    /// (`UnsupportedSegwitFlag(0)`). Core is the specification.
    ZeroInputFlagZero,
    /// `version 00 01 00 ...`: the BIP-0144 marker and flag 0x01 followed by
    /// an empty input vector, hence no witness at all. Core throws
    /// "Superfluous witness record" (`!tx.HasWitness()`), as canon does;
    /// rust-bitcoin 0.32 only checks for all-empty witnesses when there is at
    /// least one input, so it accepts the transaction (or, when what follows
    /// is short or too long, fails later: end of data, trailing data).
    EmptyWitnessFlagTransaction,
    /// One input's witness holds more than rust-bitcoin's `MAX_VEC_SIZE`
    /// (4,000,000) bytes, or claims more than that many items: its `Witness`
    /// decoder refuses to grow its buffer past that
    /// (`OversizedVectorAllocation`), at once, where Core reads on (and may
    /// fail later, at a truncated or non-canonical length). Core (and canon) bound each
    /// length only by `MAX_SIZE` (32 MiB) and by the bytes present.
    RustBitcoinWitnessCap,
    /// Both fail, but rust-bitcoin says "unsupported segwit flag" where canon
    /// reports another failure. After an empty input vector, rust-bitcoin
    /// rejects a flag byte other than 0x01 at once; Core's
    /// `UnserializeTransaction` first reads the inputs and outputs (and the
    /// witnesses, if bit 0 is set) and only then throws "Unknown transaction
    /// optional data", so a failure among them is what Core (and canon)
    /// report. With flag 0x00 Core reads no inputs or outputs and goes on to
    /// the lock time, so a short lock time or trailing bytes is the failure.
    FlagCheckedEarly,
    /// Both fail, but canon says "ReadCompactSize(): size too large": a
    /// length or count above `MAX_SIZE` (32 MiB). Core range-checks every
    /// length prefix; rust-bitcoin 0.32 does not, and fails later (end of
    /// data, or its own witness cap).
    NoMaxSizeCheck,
}

impl Class {
    fn reason(self) -> &'static str {
        match self {
            Class::ZeroInputFlagZero => {
                "zero inputs then flag 0x00: Core/canon read a transaction with no inputs and no \
                 outputs; rust-bitcoin 0.32 rejects flag 0 as UnsupportedSegwitFlag(0)"
            }
            Class::EmptyWitnessFlagTransaction => {
                "BIP-0144 marker and flag 0x01 with zero inputs: Core/canon reject it as \
                 'Superfluous witness record'; rust-bitcoin 0.32 skips that check when there \
                 are no inputs (and fails later, if at all)"
            }
            Class::RustBitcoinWitnessCap => {
                "one input's witness exceeds rust-bitcoin's MAX_VEC_SIZE (4,000,000 bytes): \
                 Core/canon limit each length by MAX_SIZE (32 MiB) only"
            }
            Class::FlagCheckedEarly => {
                "flag byte other than 0x01 after the marker: rust-bitcoin rejects it at once; \
                 Core/canon read on (inputs, outputs, witnesses, lock time) and report the \
                 first failure there"
            }
            Class::NoMaxSizeCheck => {
                "CompactSize above MAX_SIZE: Core/canon reject it as 'size too large'; \
                 rust-bitcoin 0.32 has no such check and fails later"
            }
        }
    }
}

/// The outcome of one comparison.
#[derive(Debug)]
enum Outcome {
    Agree,
    Explained(Class),
    Unexplained(String),
}

/// Decodes `bytes` with both libraries and compares.
fn compare_tx(bytes: &[u8]) -> Outcome {
    let ours = Transaction::from_bytes(bytes);
    let theirs = deserialize::<bitcoin::Transaction>(bytes);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => compare_decoded(a, b),
        (Err(a), Err(b)) => compare_failures(bytes, a, b),
        (Ok(a), Err(e)) => classify_canon_only(bytes, a, e),
        (Err(e), Ok(b)) => classify_rust_bitcoin_only(bytes, e, b),
    }
}

/// The kind of a decoding failure, common to both libraries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailureKind {
    EndOfData,
    NonCanonicalCompactSize,
    CompactSizeTooLarge,
    SuperfluousWitness,
    UnknownFlag,
    TrailingData,
    /// rust-bitcoin only: `OversizedVectorAllocation`.
    AllocationCap,
    /// rust-bitcoin only: any other error.
    Other,
}

fn canon_failure(err: &DecodeError) -> FailureKind {
    match err {
        DecodeError::UnexpectedEnd { .. } | DecodeError::LengthExceedsInput { .. } => {
            FailureKind::EndOfData
        }
        DecodeError::NonCanonicalCompactSize { .. } => FailureKind::NonCanonicalCompactSize,
        DecodeError::CompactSizeTooLarge { .. } => FailureKind::CompactSizeTooLarge,
        DecodeError::SuperfluousWitnessRecord => FailureKind::SuperfluousWitness,
        DecodeError::UnknownOptionalData { .. } => FailureKind::UnknownFlag,
        DecodeError::TrailingData { .. } => FailureKind::TrailingData,
    }
}

fn rust_bitcoin_failure(err: &RbError) -> FailureKind {
    match err {
        RbError::Io(e) if e.kind() == bitcoin::io::ErrorKind::UnexpectedEof => {
            FailureKind::EndOfData
        }
        RbError::NonMinimalVarInt => FailureKind::NonCanonicalCompactSize,
        RbError::ParseFailed("witness flag set but no witnesses present") => {
            FailureKind::SuperfluousWitness
        }
        RbError::ParseFailed("data not consumed entirely when explicitly deserializing") => {
            FailureKind::TrailingData
        }
        RbError::UnsupportedSegwitFlag(_) => FailureKind::UnknownFlag,
        RbError::OversizedVectorAllocation { .. } => FailureKind::AllocationCap,
        _ => FailureKind::Other,
    }
}

/// Both failed: the kinds must match, or the difference must be a class.
fn compare_failures(bytes: &[u8], ours: &DecodeError, theirs: &RbError) -> Outcome {
    let (a, b) = (canon_failure(ours), rust_bitcoin_failure(theirs));
    if a == b {
        return Outcome::Agree;
    }
    let flag = bytes.get(5).copied();
    let after_marker = bytes.get(4) == Some(&0x00) && flag != Some(0x01);
    if after_marker && matches!(theirs, RbError::UnsupportedSegwitFlag(f) if Some(*f) == flag) {
        return Outcome::Explained(Class::FlagCheckedEarly);
    }
    if a == FailureKind::CompactSizeTooLarge {
        return Outcome::Explained(Class::NoMaxSizeCheck);
    }
    // Marker, flag 0x01, no inputs: Core throws "Superfluous witness
    // record" before the lock time; rust-bitcoin reads on and fails later
    // (end of data, trailing bytes).
    if *ours == DecodeError::SuperfluousWitnessRecord
        && bytes.get(4..7) == Some(&[0x00, 0x01, 0x00][..])
    {
        return Outcome::Explained(Class::EmptyWitnessFlagTransaction);
    }
    // rust-bitcoin's cap stops it at a witness count or length Core
    // accepts; Core (canon) reads on and fails at whatever comes later.
    if b == FailureKind::AllocationCap {
        return Outcome::Explained(Class::RustBitcoinWitnessCap);
    }
    Outcome::Unexplained(format!(
        "both fail, differently: canon {a:?} ({ours}), rust-bitcoin {b:?} ({theirs})"
    ))
}

/// Both decoded: txid, wtxid and weight must be equal (no class applies).
fn compare_decoded(a: &Transaction, b: &bitcoin::Transaction) -> Outcome {
    let ours = (
        a.txid().to_string(),
        a.wtxid().to_string(),
        a.weight() as u64,
    );
    let theirs = (
        b.compute_txid().to_string(),
        b.compute_wtxid().to_string(),
        b.weight().to_wu(),
    );
    if ours == theirs {
        Outcome::Agree
    } else {
        Outcome::Unexplained(format!(
            "both decode but (txid, wtxid, weight) differ: canon {ours:?}, rust-bitcoin {theirs:?}"
        ))
    }
}

fn classify_canon_only(bytes: &[u8], ours: &Transaction, theirs: &RbError) -> Outcome {
    let zero_flag = bytes.get(4..6) == Some(&[0x00, 0x00][..]);
    if zero_flag
        && ours.inputs.is_empty()
        && ours.outputs.is_empty()
        && matches!(theirs, RbError::UnsupportedSegwitFlag(0))
    {
        return Outcome::Explained(Class::ZeroInputFlagZero);
    }
    let witness_bytes = |input: &canon::primitives::TxIn| input.witness.encoded_len();
    if ours
        .inputs
        .iter()
        .any(|input| witness_bytes(input) > bitcoin::consensus::encode::MAX_VEC_SIZE)
        && matches!(theirs, RbError::OversizedVectorAllocation { .. })
    {
        return Outcome::Explained(Class::RustBitcoinWitnessCap);
    }
    Outcome::Unexplained(format!(
        "canon decodes {ours:?}, rust-bitcoin fails: {theirs}"
    ))
}

fn classify_rust_bitcoin_only(
    bytes: &[u8],
    ours: &DecodeError,
    theirs: &bitcoin::Transaction,
) -> Outcome {
    let witness_marker = bytes.get(4..7) == Some(&[0x00, 0x01, 0x00][..]);
    if witness_marker && theirs.input.is_empty() && *ours == DecodeError::SuperfluousWitnessRecord {
        return Outcome::Explained(Class::EmptyWitnessFlagTransaction);
    }
    Outcome::Unexplained(format!(
        "rust-bitcoin decodes {theirs:?}, canon fails: {ours}"
    ))
}

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
