//! Bitcoin Core's script, transaction-script and sighash vectors through
//! `canon::conformance::run_file`.
//!
//! Two layers: every vector must be read (no `cannot parse:` failures, exact
//! case counts, comment rows counted apart), and every case must pass.

use canon::conformance::core_json::CANNOT_PARSE;
use canon::conformance::{run_file, Report, Verdict};
use std::path::PathBuf;

/// The shared upstream vectors: `$CANON_SHARED_VECTORS`, else
/// `<crate>/../shared/vectors`, else `/work/shared/vectors`.
fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CANON_SHARED_VECTORS") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
    if beside.is_dir() {
        return beside;
    }
    PathBuf::from("/work/shared/vectors")
}

fn run(name: &str) -> Report {
    let path = vectors_dir().join("core").join(name);
    assert!(
        path.is_file(),
        "missing upstream vector file {}",
        path.display()
    );
    let mut report = Report::new();
    run_file(&path, &mut report);
    report
}

/// Failures of cases canon could not read.
fn unreadable(report: &Report) -> Vec<String> {
    report
        .results
        .iter()
        .filter_map(|r| match &r.verdict {
            Verdict::Fail(why) if why.starts_with(CANNOT_PARSE) => {
                Some(format!("[{}] {why}", r.case))
            }
            _ => None,
        })
        .collect()
}

fn assert_all_read(report: &Report, cases: usize, comments: usize) {
    let unreadable = unreadable(report);
    assert!(
        unreadable.is_empty(),
        "{} unreadable:\n{}",
        unreadable.len(),
        unreadable.join("\n")
    );
    assert_eq!(report.results.len(), cases, "case count");
    assert_eq!(report.skipped(), 0, "nothing is skipped");
    assert_eq!(
        report.comment_rows.values().sum::<usize>(),
        comments,
        "comment rows"
    );
}

fn assert_all_pass(report: &Report) {
    assert_eq!(report.failed(), 0, "\n{}", report.render());
}

#[test]
fn script_tests_are_all_read() {
    assert_all_read(&run("script_tests.json"), 1222, 51);
}

#[test]
fn tx_valid_is_all_read() {
    let report = run("tx_valid.json");
    assert_all_read(&report, 121, 129);
    let bad_checks = report.render().matches("CheckTransaction fails").count();
    assert_eq!(
        bad_checks, 0,
        "every tx_valid transaction passes CheckTransaction"
    );
}

#[test]
fn tx_invalid_is_all_read() {
    assert_all_read(&run("tx_invalid.json"), 93, 108);
}

#[test]
fn sighash_is_all_read() {
    let report = run("sighash.json");
    assert_all_read(&report, 500, 1);
    let bad_checks = report.render().matches("CheckTransaction fails").count();
    assert_eq!(
        bad_checks, 0,
        "every sighash.json transaction passes CheckTransaction"
    );
}

#[test]
fn script_tests_all_pass() {
    assert_all_pass(&run("script_tests.json"));
}

#[test]
fn tx_valid_all_pass() {
    assert_all_pass(&run("tx_valid.json"));
}

#[test]
fn tx_invalid_all_pass() {
    assert_all_pass(&run("tx_invalid.json"));
}

#[test]
fn sighash_all_pass() {
    assert_all_pass(&run("sighash.json"));
}
