//! Bitcoin Core's base58 and key_io vector files, run through
//! `canon::conformance::run_file` as `canon run` runs them: every entry must
//! pass, and every entry must be a case.

use std::path::{Path, PathBuf};

use canon::conformance::{run_file, Report, Verdict};

/// The shared upstream vectors: `$CANON_SHARED_VECTORS`, else
/// `<crate root>/../shared/vectors`, else `/work/shared/vectors`.
fn shared_vectors() -> PathBuf {
    let candidates = [
        std::env::var_os("CANON_SHARED_VECTORS").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors")),
        Some(PathBuf::from("/work/shared/vectors")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.is_dir())
        .expect("the shared vectors: set CANON_SHARED_VECTORS or put shared/ beside the crate")
}

/// Runs one Core file and checks that each of its JSON entries passed.
fn run_core_file(name: &str) {
    let path = shared_vectors().join("core").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("the file is JSON");
    let entries = json.as_array().expect("the file is a JSON array").len();

    let mut report = Report::new();
    run_file(&path, &mut report);
    let failures: Vec<String> = report
        .results
        .iter()
        .filter(|r| !matches!(r.verdict, Verdict::Pass))
        .map(|r| format!("[{}] {:?}", r.case, r.verdict))
        .collect();
    assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
    assert_eq!(report.failed(), 0);
    assert_eq!(report.skipped(), 0);
    assert_eq!(
        report.passed(),
        entries,
        "{name}: one passing case per entry"
    );
    println!("{name}: {}", report.summary_line());
}

#[test]
fn base58_encode_decode() {
    run_core_file("base58_encode_decode.json");
}

#[test]
fn key_io_valid() {
    run_core_file("key_io_valid.json");
}

#[test]
fn key_io_invalid() {
    run_core_file("key_io_invalid.json");
}
