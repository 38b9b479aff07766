//! Hostile input: truncations, oversize and non-canonical CompactSizes, lying
//! lengths and trailing data each fail with the expected [`DecodeError`]
//! variant, Core's token and a message naming what was being read; and no
//! input makes the decoder allocate more than a small multiple of its size
//! (`ENC-LENGTH-BOUNDED`), measured by a counting global allocator.
//!
//! The expected error of every truncation is computed by `Layout`, an
//! independent description of where each field of a decoded object lies, not
//! by the decoder under test.

// `#![forbid(unsafe_code)]` binds the library crate; this test binary is a
// separate crate, and a `GlobalAlloc` cannot be written without `unsafe`.
#![allow(unsafe_code)]

mod common;

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;

use canon::encoding::{compact_size_len, Decode, DecodeError, Encode, MAX_SIZE};
use canon::primitives::{Block, BlockHeader, Transaction};
use common::*;

// ----- a counting allocator -------------------------------------------------

/// Forwards to the system allocator and keeps, per thread, the bytes live
/// since the last [`measure`] and their peak. Per thread, because the test
/// harness runs tests on several threads at once.
struct CountingAllocator;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    // `try_with`: a thread being torn down may still free memory.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every method forwards its arguments unchanged to `System`, which
// upholds the `GlobalAlloc` contract; the bookkeeping only touches
// const-initialised thread-local `Cell`s, which never allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            note(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: AllocLayout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            note(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as old and new both live for a moment, as in a copy.
            note(new_size as isize);
            note(-(layout.size() as isize));
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result and the peak bytes it had live at once
/// (on this thread, counting what it returns).
fn measure<R>(f: impl FnOnce() -> R) -> (R, usize) {
    LIVE.with(|live| live.set(0));
    PEAK.with(|peak| peak.set(0));
    let result = f();
    (result, PEAK.with(Cell::get).max(0) as usize)
}

/// The allowance: 64 bytes per input byte and 4 KiB.
fn allowance(input_len: usize) -> usize {
    64 * input_len + 4096
}

/// Decodes `bytes` as `T`, asserting that the peak allocation stays within
/// the allowance. Returns the result and the peak.
fn decode_bounded<T: Decode>(bytes: &[u8]) -> (Result<T, DecodeError>, usize) {
    let (result, peak) = measure(|| T::from_bytes(bytes));
    assert!(
        peak <= allowance(bytes.len()),
        "decoding {} bytes allocated {peak} bytes at peak (allowance {})",
        bytes.len(),
        allowance(bytes.len())
    );
    (result, peak)
}

/// Decodes hostile `bytes` as `T` within the allowance and checks the error:
/// the variant, its token, and that the message names `names`.
fn expect_error<T: Decode + std::fmt::Debug>(
    bytes: &[u8],
    expected: DecodeError,
    token: &str,
    names: &str,
) {
    let (result, _) = decode_bounded::<T>(bytes);
    let err = result.expect_err("hostile input must not decode");
    assert_eq!(err, expected, "input {}", hex::encode(bytes));
    assert_eq!(err.token(), token);
    let message = err.to_string();
    assert!(
        message.contains(names),
        "message {message:?} should name {names:?}"
    );
}

// ----- an independent layout of the wire format -----------------------------

/// One field of an encoding, in reading order.
#[derive(Debug, Clone)]
enum Field {
    /// A fixed-width field.
    Fixed { reading: &'static str, len: usize },
    /// A CompactSize element count. Not checked against the bytes left: as
    /// in Core, the elements are read one by one and the first that cannot
    /// be read reports the error.
    Count { count: u64 },
    /// A CompactSize byte-string length, checked against the bytes left
    /// before anything is read (`Reader::read_count`).
    Length { reading: &'static str, len: usize },
    /// The bytes a length announced (present once the length check passed).
    Payload { len: usize },
}

/// The fields of one encoding, in reading order.
#[derive(Debug, Default)]
struct Layout(Vec<Field>);

impl Layout {
    fn fixed(&mut self, reading: &'static str, len: usize) {
        self.0.push(Field::Fixed { reading, len });
    }

    fn count(&mut self, count: usize) {
        self.0.push(Field::Count {
            count: count as u64,
        });
    }

    fn bytes(&mut self, reading: &'static str, bytes: &[u8]) {
        let len = bytes.len();
        self.0.push(Field::Length { reading, len });
        self.0.push(Field::Payload { len });
    }

    fn transaction(&mut self, tx: &Transaction) {
        self.fixed("tx version", 4);
        let witness = tx.has_witness();
        if witness {
            self.count(0); // the BIP-0144 marker
            self.fixed("witness flag", 1);
        }
        self.count(tx.inputs.len());
        for input in &tx.inputs {
            self.fixed("outpoint txid", 32);
            self.fixed("outpoint index", 4);
            self.bytes("scriptSig", &input.script_sig);
            self.fixed("sequence", 4);
        }
        if tx.inputs.is_empty() {
            self.fixed("witness flag", 1); // flag 0x00: no outputs follow
        } else {
            self.count(tx.outputs.len());
            for output in &tx.outputs {
                self.fixed("output value", 8);
                self.bytes("scriptPubKey", &output.script_pubkey);
            }
        }
        if witness {
            for input in &tx.inputs {
                self.count(input.witness.stack.len());
                for item in &input.witness.stack {
                    self.bytes("witness item", item);
                }
            }
        }
        self.fixed("lock time", 4);
    }

    fn header(&mut self) {
        self.fixed("header version", 4);
        self.fixed("previous block hash", 32);
        self.fixed("merkle root", 32);
        self.fixed("header time", 4);
        self.fixed("header bits", 4);
        self.fixed("header nonce", 4);
    }

    fn block(&mut self, block: &Block) {
        self.header();
        self.count(block.transactions.len());
        for tx in &block.transactions {
            self.transaction(tx);
        }
    }

    /// The error the decoder must report when the input stops after `cut`
    /// bytes, or `None` if every field fits.
    fn truncation_error(&self, cut: usize) -> Option<DecodeError> {
        let end = |reading, needed, remaining| {
            Some(DecodeError::UnexpectedEnd {
                reading,
                needed,
                remaining,
            })
        };
        let mut pos = 0;
        for field in &self.0 {
            match *field {
                Field::Fixed { reading, len } => {
                    if cut < pos + len {
                        return end(reading, len, cut - pos);
                    }
                    pos += len;
                }
                Field::Count { count } => {
                    let width = compact_size_len(count);
                    if cut == pos {
                        return end("CompactSize", 1, 0);
                    }
                    if cut < pos + width {
                        return end("CompactSize", width - 1, cut - pos - 1);
                    }
                    pos += width;
                }
                Field::Length { reading, len } => {
                    let width = compact_size_len(len as u64);
                    if cut == pos {
                        return end("CompactSize", 1, 0);
                    }
                    if cut < pos + width {
                        return end("CompactSize", width - 1, cut - pos - 1);
                    }
                    pos += width;
                    if len > cut - pos {
                        return Some(DecodeError::LengthExceedsInput {
                            reading,
                            claimed: len as u64,
                            remaining: cut - pos,
                        });
                    }
                }
                Field::Payload { len } => pos += len,
            }
        }
        None
    }

    fn total_len(&self) -> usize {
        self.0
            .iter()
            .map(|field| match *field {
                Field::Fixed { len, .. } | Field::Payload { len } => len,
                Field::Count { count } => compact_size_len(count),
                Field::Length { len, .. } => compact_size_len(len as u64),
            })
            .sum()
    }
}

/// Checks the error for the prefix of `bytes` of length `cut`, decoded as `T`.
fn check_prefix<T: Decode + std::fmt::Debug>(bytes: &[u8], layout: &Layout, cut: usize) {
    let expected = layout
        .truncation_error(cut)
        .expect("a strict prefix cannot hold every field");
    let (result, _) = decode_bounded::<T>(&bytes[..cut]);
    let err = result.expect_err("a strict prefix must not decode");
    assert_eq!(err, expected, "prefix of {cut} of {} bytes", bytes.len());
    assert_eq!(err.token(), "end of data");
    let named = match &err {
        DecodeError::UnexpectedEnd { reading, .. }
        | DecodeError::LengthExceedsInput { reading, .. } => *reading,
        other => panic!("unexpected variant {other:?}"),
    };
    assert!(err.to_string().contains(named), "{err}");
}

// ----- truncation -----------------------------------------------------------

#[test]
fn every_prefix_of_real_transactions_fails_at_the_right_field() {
    for fixture in [BLOCK1_COINBASE, SEGWIT_TX] {
        let bytes = hex::decode(fixture).unwrap();
        let tx = Transaction::from_bytes(&bytes).unwrap();
        let mut layout = Layout::default();
        layout.transaction(&tx);
        assert_eq!(
            layout.total_len(),
            bytes.len(),
            "the layout covers the encoding"
        );
        assert_eq!(layout.truncation_error(bytes.len()), None);
        for cut in 0..bytes.len() {
            check_prefix::<Transaction>(&bytes, &layout, cut);
        }
    }
}

#[test]
fn truncated_transactions_name_each_field() {
    // Spot checks the layout model agrees with, spelled out for the reader.
    let bytes = hex::decode(BLOCK1_COINBASE).unwrap();
    let (result, _) = decode_bounded::<Transaction>(&bytes[..2]);
    assert_eq!(
        result.unwrap_err().to_string(),
        "end of data: reading tx version needs 4 bytes, 2 left"
    );
    let (result, _) = decode_bounded::<Transaction>(&bytes[..5 + 20]);
    assert_eq!(
        result.unwrap_err().to_string(),
        "end of data: reading outpoint txid needs 32 bytes, 20 left"
    );
    let (result, _) = decode_bounded::<Transaction>(&bytes[..5 + 36 + 1 + 3]);
    assert_eq!(
        result.unwrap_err().to_string(),
        "length exceeds input: scriptSig claims 7 elements but only 3 bytes are left"
    );
    let (result, _) = decode_bounded::<Transaction>(&bytes[..bytes.len() - 1]);
    assert_eq!(
        result.unwrap_err().to_string(),
        "end of data: reading lock time needs 4 bytes, 3 left"
    );
}

#[test]
fn every_prefix_of_a_real_header_fails() {
    let bytes = hex::decode(BLOCK1_HEADER).unwrap();
    let mut layout = Layout::default();
    layout.header();
    assert_eq!(layout.total_len(), 80);
    for cut in 0..80 {
        check_prefix::<BlockHeader>(&bytes, &layout, cut);
    }
}

#[test]
fn block413567_cut_at_sample_points() {
    let bytes = block413567();
    let block = Block::from_bytes(&bytes).unwrap();
    let mut layout = Layout::default();
    layout.block(&block);
    assert_eq!(layout.total_len(), bytes.len());
    // Every cut through the header, the tx count and the coinbase, a
    // stride through the body, and the tail.
    let mut cuts: Vec<usize> = (0..=300).collect();
    cuts.extend((0..bytes.len()).step_by(9_973));
    cuts.extend(bytes.len() - 60..bytes.len());
    let mut variants = [0usize; 2];
    for &cut in &cuts {
        check_prefix::<Block>(&bytes, &layout, cut);
        match layout.truncation_error(cut) {
            Some(DecodeError::UnexpectedEnd { .. }) => variants[0] += 1,
            _ => variants[1] += 1,
        }
    }
    // Both kinds of failure are exercised: a field cut short, and a
    // script whose length outruns the bytes left.
    assert!(variants[0] > 100 && variants[1] > 50, "{variants:?}");
}

// ----- CompactSize: oversize and non-canonical -------------------------------

/// `version | <prefix>`: where a transaction's input count goes.
fn tx_with_input_count(prefix: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut bytes = 1u32.to_le_bytes().to_vec();
    bytes.extend_from_slice(prefix);
    bytes.extend_from_slice(rest);
    bytes
}

/// `version | 1 input | txid | index | <prefix>`: where the scriptSig length goes.
fn tx_with_script_len(prefix: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut bytes = tx_with_input_count(&[0x01], &[0x42; 36]);
    bytes.extend_from_slice(prefix);
    bytes.extend_from_slice(rest);
    bytes
}

/// A legacy one-input, no-output transaction made a witness transaction whose
/// witness stack count is `prefix`.
fn tx_with_witness_count(prefix: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut bytes = 1u32.to_le_bytes().to_vec();
    bytes.extend_from_slice(&[0x00, 0x01, 0x01]);
    bytes.extend_from_slice(&[0x42; 36]);
    bytes.extend_from_slice(&[0x00, 0xff, 0xff, 0xff, 0xff, 0x00]); // empty script, sequence, no outputs
    bytes.extend_from_slice(prefix);
    bytes.extend_from_slice(rest);
    bytes
}

#[test]
fn compact_size_above_max_size_fails() {
    let too_large = |value: u64| DecodeError::CompactSizeTooLarge { value };
    let token = "ReadCompactSize(): size too large";
    let just_over = [0xfe, 0x01, 0x00, 0x00, 0x02]; // MAX_SIZE + 1
    let huge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    for (prefix, value) in [(&just_over[..], MAX_SIZE + 1), (&huge[..], u64::MAX)] {
        let rest = [0u8; 16];
        expect_error::<Transaction>(
            &tx_with_input_count(prefix, &rest),
            too_large(value),
            token,
            "size too large",
        );
        expect_error::<Transaction>(
            &tx_with_script_len(prefix, &rest),
            too_large(value),
            token,
            "size too large",
        );
        expect_error::<Transaction>(
            &tx_with_witness_count(prefix, &rest),
            too_large(value),
            token,
            "size too large",
        );
        let mut block = hex::decode(BLOCK1_HEADER).unwrap();
        block.extend_from_slice(prefix);
        expect_error::<Block>(&block, too_large(value), token, &value.to_string());
    }
}

#[test]
fn non_canonical_compact_size_fails() {
    let token = "non-canonical ReadCompactSize()";
    let forms: [(&[u8], u64); 4] = [
        (&[0xfd, 0x01, 0x00], 1),
        (&[0xfd, 0xfc, 0x00], 0xfc),
        (&[0xfe, 0xff, 0xff, 0x00, 0x00], 0xffff),
        (
            &[0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00],
            0x0100_0000,
        ),
    ];
    for (prefix, value) in forms {
        let expected = DecodeError::NonCanonicalCompactSize { value };
        let rest = [0u8; 300];
        expect_error::<Transaction>(
            &tx_with_input_count(prefix, &rest),
            expected.clone(),
            token,
            "ReadCompactSize()",
        );
        expect_error::<Transaction>(
            &tx_with_script_len(prefix, &rest),
            expected.clone(),
            token,
            "ReadCompactSize()",
        );
        expect_error::<Transaction>(
            &tx_with_witness_count(prefix, &rest),
            expected.clone(),
            token,
            "ReadCompactSize()",
        );
    }
}

// ----- lying lengths ----------------------------------------------------------

#[test]
fn ten_bytes_claiming_four_billion_inputs() {
    // version | 0xfe ffffffff | one byte: 4,294,967,295 inputs claimed.
    let bytes = tx_with_input_count(&[0xfe, 0xff, 0xff, 0xff, 0xff], &[0x00]);
    assert_eq!(bytes.len(), 10);
    expect_error::<Transaction>(
        &bytes,
        DecodeError::CompactSizeTooLarge { value: 0xffff_ffff },
        "ReadCompactSize(): size too large",
        "4294967295",
    );
    // Within MAX_SIZE the claim passes the range check; as in Core, the
    // first input is then read and finds one byte (and nothing is reserved
    // for the claim: `expect_error` checks the allocation).
    let bytes = tx_with_input_count(&[0xfe, 0x00, 0x00, 0x00, 0x02], &[0x00]);
    expect_error::<Transaction>(
        &bytes,
        DecodeError::UnexpectedEnd {
            reading: "outpoint txid",
            needed: 32,
            remaining: 1,
        },
        "end of data",
        "outpoint txid",
    );
}

/// Claims of 32 Mi elements or bytes in inputs of a few dozen bytes: each
/// fails with Core's token, and `expect_error` checks that the decoder
/// allocated at most 64 bytes per input byte (plus 4 KiB), nothing like the
/// claim.
#[test]
fn lying_lengths_fail_without_allocating_for_the_claim() {
    let max = [0xfe, 0x00, 0x00, 0x00, 0x02]; // exactly MAX_SIZE: 32 Mi
                                              // Byte strings are checked against the bytes left before any is read.
    let lying = |reading, remaining| DecodeError::LengthExceedsInput {
        reading,
        claimed: MAX_SIZE,
        remaining,
    };
    // A 32 MiB scriptSig in a 50-byte input.
    expect_error::<Transaction>(
        &tx_with_script_len(&max, &[0x51; 5]),
        lying("scriptSig", 5),
        "end of data",
        "scriptSig",
    );
    // One witness item of 32 MiB.
    expect_error::<Transaction>(
        &tx_with_witness_count(&[0x01], &[0xfe, 0x00, 0x00, 0x00, 0x02, 0xaa]),
        lying("witness item", 1),
        "end of data",
        "witness item",
    );
    // Vectors are read element by element, as in Core: the first element
    // the bytes cannot hold names the failure.
    let end = |reading, needed, remaining| DecodeError::UnexpectedEnd {
        reading,
        needed,
        remaining,
    };
    // A witness stack of 32 Mi items: eight empty items, then no length.
    expect_error::<Transaction>(
        &tx_with_witness_count(&max, &[0x00; 8]),
        end("CompactSize", 1, 0),
        "end of data",
        "CompactSize",
    );
    // 32 Mi outputs: one empty output, then 3 bytes of a value.
    let mut outputs = tx_with_script_len(&[0x00], &[0xff; 4]);
    outputs.extend_from_slice(&max);
    outputs.extend_from_slice(&[0x00; 12]);
    expect_error::<Transaction>(
        &outputs,
        end("output value", 8, 3),
        "end of data",
        "output value",
    );
    // 32 Mi transactions in a block: one 10-byte transaction, then nothing.
    let mut block = hex::decode(BLOCK1_HEADER).unwrap();
    block.extend_from_slice(&max);
    block.extend_from_slice(&[0x00; 10]);
    expect_error::<Block>(&block, end("tx version", 4, 0), "end of data", "tx version");
}

// ----- trailing data ----------------------------------------------------------

#[test]
fn trailing_data_fails() {
    for (fixture, extra) in [(BLOCK1_COINBASE, 1usize), (SEGWIT_TX, 3)] {
        let mut bytes = hex::decode(fixture).unwrap();
        bytes.extend(std::iter::repeat_n(0u8, extra));
        expect_error::<Transaction>(
            &bytes,
            DecodeError::TrailingData { remaining: extra },
            "trailing data",
            &format!("{extra} bytes left"),
        );
    }
    let mut header = hex::decode(BLOCK1_HEADER).unwrap();
    header.push(0x00);
    expect_error::<BlockHeader>(
        &header,
        DecodeError::TrailingData { remaining: 1 },
        "trailing data",
        "1 bytes left",
    );
    let mut block = block413567();
    block.extend_from_slice(&[0xde, 0xad]);
    expect_error::<Block>(
        &block,
        DecodeError::TrailingData { remaining: 2 },
        "trailing data",
        "2 bytes left",
    );
}

// ----- bounded memory -----------------------------------------------------------

/// Inputs built to make the decoder allocate as much as it can per input
/// byte, each within the allowance, and the real block too.
#[test]
fn allocation_stays_within_a_small_multiple_of_the_input() {
    let mut worst_ratio = 0f64;
    let mut record = |what: &str, len: usize, peak: usize| {
        let ratio = peak as f64 / len as f64;
        eprintln!("{what}: {len} input bytes, peak {peak} bytes allocated ({ratio:.1}x)");
        assert!(
            peak <= allowance(len),
            "{what}: {peak} bytes for {len} input bytes"
        );
        worst_ratio = worst_ratio.max(ratio);
    };

    // Many empty witness items: one input byte each, a 24-byte `Vec` each.
    let items = 70_000;
    let mut stack = vec![0xfe];
    stack.extend_from_slice(&(items as u32).to_le_bytes());
    stack.extend(std::iter::repeat_n(0u8, items));
    stack.extend_from_slice(&[0u8; 4]);
    let bytes = tx_with_witness_count(&stack, &[]);
    let (result, peak) = decode_bounded::<Transaction>(&bytes);
    assert_eq!(result.map(|tx| tx.inputs[0].witness.stack.len()), Ok(items));
    record("empty witness items", bytes.len(), peak);

    // Many minimal transactions in a block (10 bytes each).
    let count = 70_000;
    let mut block = hex::decode(BLOCK1_HEADER).unwrap();
    block.push(0xfe);
    block.extend_from_slice(&(count as u32).to_le_bytes());
    for _ in 0..count {
        block.extend_from_slice(&hex::decode("01000000000000000000").unwrap());
    }
    let (result, peak) = decode_bounded::<Block>(&block);
    assert_eq!(result.map(|b| b.transactions.len()), Ok(count));
    record("minimal transactions", block.len(), peak);

    // The same with its last transaction's flag byte set to 0x02: every
    // transaction is decoded and held, then all is released on the failure.
    let flag = block.len() - 5;
    block[flag] = 0x02;
    let (result, peak) = decode_bounded::<Block>(&block);
    assert_eq!(
        result.unwrap_err(),
        DecodeError::UnknownOptionalData { flags: 0x02 }
    );
    record("minimal transactions, last one bad", block.len(), peak);

    // Nested reservations: a block claiming as many transactions as its
    // bytes allow (56 bytes reserved per 10 input bytes), whose first
    // transaction is that witness of empty items (24 per byte); the second
    // transaction is missing.
    let witness_tx = tx_with_witness_count(&stack, &[]);
    let mut nested = hex::decode(BLOCK1_HEADER).unwrap();
    let claimed = (witness_tx.len() / 10) as u16; // 7005: the 0xfd form
    nested.push(0xfd);
    nested.extend_from_slice(&claimed.to_le_bytes());
    nested.extend_from_slice(&witness_tx);
    let (result, peak) = decode_bounded::<Block>(&nested);
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            DecodeError::UnexpectedEnd {
                reading: "tx version",
                ..
            }
        ),
        "{err:?}"
    );
    record("nested reservations", nested.len(), peak);

    // Mainnet block 413567.
    let real = block413567();
    let (result, peak) = decode_bounded::<Block>(&real);
    assert!(result.is_ok());
    record("block 413567", real.len(), peak);

    // Far below the 64x allowance in every case.
    assert!(worst_ratio < 32.0, "worst ratio {worst_ratio:.1}");
}

/// Every hostile input drawn from mutations of valid encodings stays within
/// the allowance (the allocator check runs inside `decode_bounded`).
#[test]
fn mutated_encodings_stay_within_the_allowance() {
    for (tx, edits) in deterministic_sample((transaction(), mutations()), 1500) {
        let _ = decode_bounded::<Transaction>(&apply_all(&tx.to_bytes(), &edits));
    }
    for (block, edits) in deterministic_sample((block(), mutations()), 300) {
        let _ = decode_bounded::<Block>(&apply_all(&block.to_bytes(), &edits));
    }
}

/// The allocator does count: a decode that keeps a known amount of data
/// reports at least that much.
#[test]
fn the_allocator_counts() {
    let (kept, peak) = measure(|| vec![0u8; 100_000]);
    assert_eq!(kept.len(), 100_000);
    assert!((100_000..=104_096).contains(&peak), "{peak}");
    let bytes = block413567();
    let (_, peak) = decode_bounded::<Block>(&bytes);
    assert!(
        peak > bytes.len(),
        "the decoded block 413567 holds its scripts: {peak}"
    );
}

// ----- Core's element-by-element reading ----------------------------------------

/// Core reads a vector's elements one at a time (`VectorFormatter::Unser`), so
/// when a count claims more elements than follow, the error is that of the
/// first element that cannot be read — not necessarily `end of data`.
#[test]
fn a_lying_count_reports_the_first_bad_element_as_core_does() {
    // Two inputs claimed; the first input's scriptSig length is the
    // non-canonical `fd 0100`, and the input is 39 bytes, less than one
    // input's minimum of 41.
    let mut tx = tx_with_input_count(&[0x02], &[0x42; 36]);
    tx.extend_from_slice(&[0xfd, 0x01, 0x00]);
    assert_eq!(tx.len(), 44);
    expect_error::<Transaction>(
        &tx,
        DecodeError::NonCanonicalCompactSize { value: 1 },
        "non-canonical ReadCompactSize()",
        "ReadCompactSize()",
    );

    // Ten outputs claimed, two present; the second one's script length is
    // non-canonical.
    let mut tx = tx_with_script_len(&[0x00], &[0xff; 4]);
    tx.push(0x0a);
    tx.extend_from_slice(&[0x00; 9]);
    tx.extend_from_slice(&[0x00; 8]);
    tx.extend_from_slice(&[0xfd, 0x01, 0x00]);
    expect_error::<Transaction>(
        &tx,
        DecodeError::NonCanonicalCompactSize { value: 1 },
        "non-canonical ReadCompactSize()",
        "ReadCompactSize()",
    );

    // A witness stack of four items claimed, three bytes present: the first
    // item's length `fd 0000` is non-canonical.
    let tx = tx_with_witness_count(&[0x04], &[0xfd, 0x00, 0x00]);
    expect_error::<Transaction>(
        &tx,
        DecodeError::NonCanonicalCompactSize { value: 0 },
        "non-canonical ReadCompactSize()",
        "ReadCompactSize()",
    );

    // A block claiming two transactions, with one good 10-byte transaction
    // and then 8 bytes of one with flag 0x02: Core throws "Unknown
    // transaction optional data" before it needs the lock time.
    let mut block = hex::decode(BLOCK1_HEADER).unwrap();
    block.push(0x02);
    block.extend_from_slice(&hex::decode("01000000000000000000").unwrap());
    block.extend_from_slice(&hex::decode("0100000000020000").unwrap());
    expect_error::<Block>(
        &block,
        DecodeError::UnknownOptionalData { flags: 0x02 },
        "Unknown transaction optional data",
        "0x02",
    );
}
