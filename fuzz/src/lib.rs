//! canon's fuzz targets: the logic of every target as a plain function
//! `fn(&[u8])` that panics when a property fails.
//!
//! The non-differential targets live in canon itself
//! ([`canon::fuzz_targets`]); the differential ones live here, because they
//! link the oracles: Bitcoin Core's libbitcoinconsensus 26 (the
//! `bitcoinconsensus` crate) and rust-bitcoin 0.32. Both oracles link into
//! one binary without conflict (Core's libsecp256k1 copy inside
//! libbitcoinconsensus has its own symbol prefix). `fuzz_targets/*.rs` are
//! one-line libFuzzer wrappers; `tests/replay.rs` replays every seed and
//! every file under `regressions/<target>/` through [`target`].

#![forbid(unsafe_code)]

pub mod arith;
pub mod diff_decode;
pub mod diff_script_core;
pub mod diff_sighash;
pub mod promote;
pub mod seeds;
pub mod taproot;

pub use arith::{compact_target, merkle, script_num};
pub use diff_decode::diff_decode_rust_bitcoin;
pub use diff_script_core::diff_script_core;
pub use diff_sighash::diff_sighash;

use canon::fuzz_targets::Target;

/// The targets whose logic lives in this crate.
pub const DIFF_TARGETS: [Target; 6] = [
    ("diff_script_core", diff_script_core),
    ("diff_sighash", diff_sighash),
    ("diff_decode_rust_bitcoin", diff_decode_rust_bitcoin),
    ("compact_target", compact_target),
    ("script_num", script_num),
    ("merkle", merkle),
];

/// Every target: canon's and this crate's.
pub fn all_targets() -> Vec<Target> {
    canon::fuzz_targets::TARGETS
        .iter()
        .chain(DIFF_TARGETS.iter())
        .copied()
        .collect()
}

/// The logic of the target called `name`.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    all_targets()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| f)
}
