//! The taproot vector files through `canon::conformance::run_file`:
//! BIP-0341's wallet vectors, BIP-0340's CSV and canon's own taproot corpus,
//! every case read and passed; and the runner of Core's
//! `script_assets_test.json` format on a list, a single case and a dump
//! file, including that it reports failures.

mod common;

use canon::conformance::{run_file, run_path, Format, Report, Verdict};
use std::path::{Path, PathBuf};

fn run(path: &Path) -> Report {
    assert!(path.exists(), "missing {}", path.display());
    let mut report = Report::new();
    run_path(path, &mut report);
    report
}

fn failures(report: &Report) -> Vec<String> {
    report
        .results
        .iter()
        .filter_map(|r| match &r.verdict {
            Verdict::Pass => None,
            other => Some(format!("[{}] {other:?}", r.case)),
        })
        .collect()
}

fn assert_all_pass(report: &Report, cases: usize) {
    let failures = failures(report);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(report.results.len(), cases, "case count");
}

#[test]
fn bip341_wallet_vectors_pass() {
    for file in [
        "bips/bip-0341/wallet-test-vectors.json",
        "core/bip341_wallet_vectors.json",
    ] {
        // 7 scriptPubKey cases; one keyPathSpending case: its hashes, 7
        // inputs, the signed transaction.
        assert_all_pass(&run(&common::shared_vectors().join(file)), 16);
    }
}

#[test]
fn bip340_vectors_pass() {
    // 19 verification rows, 8 of them also signing rows.
    assert_all_pass(
        &run(&common::shared_vectors().join("bips/bip-0340/test-vectors.csv")),
        27,
    );
}

#[test]
fn taproot_corpus_passes() {
    let report = run(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors/taproot"));
    let failures = failures(&report);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        report.results.len() >= 550,
        "{} parts",
        report.results.len()
    );
}

/// One case from canon's corpus as Core's format: the key path with
/// SIGHASH_DEFAULT, whose failure is the signature relabelled 0x01.
fn core_case() -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors/taproot/keypath.json");
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut case = file["cases"][0].clone();
    let object = case.as_object_mut().unwrap();
    for key in ["id", "description", "rules"] {
        object.remove(key);
    }
    object["failure"].as_object_mut().unwrap().remove("error");
    object.insert("comment".into(), "keypath/default".into());
    case
}

#[test]
fn core_format_list_single_and_dump() {
    let dir = std::env::temp_dir().join(format!("canon-assets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = core_case();
    let list = serde_json::to_string(&vec![case.clone(), case.clone()]).unwrap();
    let single = serde_json::to_string(&case).unwrap();
    let files = [
        ("script_assets_test.json", list.clone()),
        ("list.json", list),
        ("single.json", single.clone()),
        ("dump", format!("{single},\n")),
    ];
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        assert_eq!(
            Format::detect(&path, text),
            Some(Format::ScriptAssets),
            "{name}"
        );
        let mut report = Report::new();
        run_file(&path, &mut report);
        let failures = failures(&report);
        assert!(failures.is_empty(), "{name}: {}", failures.join("\n"));
        assert!(report.results[0]
            .case
            .ends_with("keypath/default (success)"));
    }

    // A failure that passes, and a success that fails, are reported.
    let mut swapped = case.clone();
    let object = swapped.as_object_mut().unwrap();
    let success = object["success"].clone();
    object.insert("success".into(), object["failure"].clone());
    object.insert("failure".into(), success);
    let path = dir.join("swapped.json");
    std::fs::write(&path, serde_json::to_string(&swapped).unwrap()).unwrap();
    let mut report = Report::new();
    run_file(&path, &mut report);
    assert_eq!(report.failed(), 2, "{:?}", report.results);
    std::fs::remove_dir_all(&dir).unwrap();
}
