//! Fuzz target logic for the targets that need nothing but canon.
//!
//! Each target is a plain function `fn(&[u8])` that panics when a property
//! fails, so the same code runs under libFuzzer (`fuzz/fuzz_targets/*.rs`
//! are one-line wrappers) and under `cargo test`, which replays every seed
//! and every promoted regression (`fuzz/tests/replay.rs`). The differential
//! targets, which need Bitcoin Core or rust-bitcoin as oracles, live in the
//! fuzz crate's own library (`fuzz/src/`), never here: canon's rules and
//! canon's library never link an oracle.
//!
//! [`seeds`] writes seed corpora from canon's and Core's vectors;
//! [`promote`] minimises a finding and files it as a regression.

pub mod decode;
pub mod flags_monotonic;
pub mod promote;
pub mod script_eval;
pub mod seeds;

pub use decode::{decode_block, decode_header, decode_tx};
pub use flags_monotonic::flags_monotonic;
pub use script_eval::script_eval;

/// A target: its name and its logic.
pub type Target = (&'static str, fn(&[u8]));

/// The targets whose logic is canon's own.
pub const TARGETS: [Target; 5] = [
    ("decode_tx", decode_tx),
    ("decode_block", decode_block),
    ("decode_header", decode_header),
    ("script_eval", script_eval),
    ("flags_monotonic", flags_monotonic),
];

/// The logic of the canon target called `name`.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Reads fixed-size fields off the front of a fuzz input, then hands out
/// the rest. Missing bytes read as zero, so every input is usable.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    /// Wraps `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    /// The next `N` bytes, zero-padded at the end of the input.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        out
    }

    /// The next byte (0 at the end).
    pub fn u8(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }

    /// The next little-endian `u32`.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes())
    }

    /// Everything not yet read.
    pub fn rest(self) -> &'a [u8] {
        self.data
    }
}
