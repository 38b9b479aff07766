//! `diff_decode_rust_bitcoin`: canon and rust-bitcoin 0.32 agree on whether
//! a transaction decodes, on the kind of failure, and when both decode on
//! txid, wtxid and weight.
//!
//! The comparison and its classes of known, documented differences are
//! those of `tests/diff_rust_bitcoin.rs` (each class says why the two
//! legitimately differ, Core being the specification). An input in a class
//! is counted in [`CLASS_COUNTS`] and not reported; any other difference
//! panics.

use std::sync::atomic::{AtomicU64, Ordering};

use bitcoin::consensus::encode::{deserialize, Error as RbError};
use canon::encoding::{Decode, DecodeError, Encode};
use canon::primitives::Transaction;

/// How many inputs fell in each class (indexed as [`Class::ALL`]).
pub static CLASS_COUNTS: [AtomicU64; 5] = [
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
];

impl Class {
    /// Every class.
    pub const ALL: [Class; 5] = [
        Class::ZeroInputFlagZero,
        Class::EmptyWitnessFlagTransaction,
        Class::RustBitcoinWitnessCap,
        Class::FlagCheckedEarly,
        Class::NoMaxSizeCheck,
    ];
}

/// The target.
///
/// # Panics
/// On a disagreement outside the documented classes.
pub fn diff_decode_rust_bitcoin(data: &[u8]) {
    match compare_tx(data) {
        Outcome::Agree => {}
        Outcome::Explained(class) => {
            let i = Class::ALL.iter().position(|c| *c == class).expect("listed");
            CLASS_COUNTS[i].fetch_add(1, Ordering::Relaxed);
        }
        Outcome::Unexplained(why) => panic!("unexplained disagreement: {why}"),
    }
}

/// Why canon and rust-bitcoin disagree about one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
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
    /// Why the two legitimately differ.
    pub fn reason(self) -> &'static str {
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
pub enum Outcome {
    Agree,
    Explained(Class),
    Unexplained(String),
}

/// Decodes `bytes` with both libraries and compares.
pub fn compare_tx(bytes: &[u8]) -> Outcome {
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
