//! Promotion: a fuzzing finding becomes a permanent regression.
//!
//! [`minimise`] shrinks the input by simple delta debugging over bytes
//! (remove ever smaller chunks, then zero bytes) while the target still
//! fails; [`write_regression`] files the result under
//! `fuzz/regressions/<target>/`, which `fuzz/tests/replay.rs` replays on
//! every `cargo test`. Script findings are also written as canon script
//! vectors under `vectors/regressions/` by [`write_script_vectors`].

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use crate::conformance::generate::{generator_name, to_json_text};
use crate::conformance::script_vectors::{ScriptFile, ScriptVector};
use crate::primitives::hash::sha256;

/// At most this many target runs per minimisation.
pub const MAX_TRIES: usize = 20_000;

/// Whether `target` panics on `data` (the panic message is not printed).
pub fn fails(target: fn(&[u8]), data: &[u8]) -> bool {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let failed = panic::catch_unwind(AssertUnwindSafe(|| target(data))).is_err();
    panic::set_hook(hook);
    failed
}

/// The smallest input found that still makes `still_fails` true, starting
/// from `data` (which must fail). Deterministic.
pub fn minimise(data: &[u8], still_fails: &mut dyn FnMut(&[u8]) -> bool) -> Vec<u8> {
    let mut best = data.to_vec();
    let mut tries = 0;
    let mut chunk = best.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        while start < best.len() && tries < MAX_TRIES {
            let end = (start + chunk).min(best.len());
            let mut candidate = best[..start].to_vec();
            candidate.extend_from_slice(&best[end..]);
            tries += 1;
            if still_fails(&candidate) {
                best = candidate;
            } else {
                start += chunk;
            }
        }
        if chunk == 1 || tries >= MAX_TRIES {
            break;
        }
        chunk = chunk.div_ceil(2);
    }
    for i in 0..best.len() {
        if best[i] == 0 || tries >= MAX_TRIES {
            continue;
        }
        let mut candidate = best.clone();
        candidate[i] = 0;
        tries += 1;
        if still_fails(&candidate) {
            best = candidate;
        }
    }
    best
}

/// The file name of a regression input: the first 16 hex digits of its SHA-256.
pub fn regression_name(data: &[u8]) -> String {
    hex::encode(&sha256(data)[..8])
}

/// Writes `data` as `<fuzz_dir>/regressions/<target>/<name>`; returns the path.
///
/// # Errors
/// An I/O error, with the path.
pub fn write_regression(fuzz_dir: &Path, target: &str, data: &[u8]) -> Result<PathBuf, String> {
    let dir = fuzz_dir.join("regressions").join(target);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(regression_name(data));
    fs::write(&path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Writes script vectors for a finding as
/// `<vectors_dir>/regressions/<target>-<name>.json`; returns the path.
///
/// # Errors
/// An I/O error, with the path.
pub fn write_script_vectors(
    vectors_dir: &Path,
    target: &str,
    data: &[u8],
    cases: Vec<ScriptVector>,
) -> Result<PathBuf, String> {
    let dir = vectors_dir.join("regressions");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("{target}-{}.json", regression_name(data)));
    let file = ScriptFile {
        kind: "script-regression".into(),
        generator: generator_name(&format!("fuzz promote {target}")),
        description: format!(
            "A finding of the fuzz target {target}, minimised (fuzz/regressions/{target}/{})",
            regression_name(data)
        ),
        cases,
    };
    fs::write(&path, to_json_text(&file))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimise_keeps_what_makes_it_fail() {
        let data = b"xxxxxxxxABCxxxxxxxxxxxx".to_vec();
        let mut contains = |d: &[u8]| d.windows(3).any(|w| w == b"ABC");
        assert_eq!(minimise(&data, &mut contains), b"ABC");
    }

    #[test]
    fn fails_catches_panics() {
        fn boom(data: &[u8]) {
            assert!(data.is_empty(), "not empty");
        }
        assert!(fails(boom, b"x"));
        assert!(!fails(boom, b""));
    }
}
