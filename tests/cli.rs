//! The `canon` binary, driven as a user would.

mod common;

use std::process::{Command, Output};

use serde_json::Value;

fn canon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_canon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the canon binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("canon prints UTF-8")
}

#[test]
fn decode_block_413567() {
    let path = common::shared_vectors().join("core/block413567.raw");
    let output = canon(&["decode", "block", &format!("@{}", path.display())]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_str(&stdout(&output)).expect("decode prints JSON");
    assert_eq!(
        json["hash"],
        "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069"
    );
    assert_eq!(json["merkle_root"], json["header"]["merkle_root"]);
    assert_eq!(json["merkle_root_matches_header"], true);
    assert_eq!(json["merkle_mutated"], false);
    assert_eq!(json["tx_count"], 1557);
    assert_eq!(json["size"], 999_887);
    assert_eq!(json["txids"].as_array().map(Vec::len), Some(1557));
}

#[test]
fn decode_failure_names_core_reason_and_exits_1() {
    // Version, marker, flag 0x02: Core's "Unknown transaction optional data".
    let output = canon(&["decode", "tx", "0100000000020000000000"]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["error"], "Unknown transaction optional data");
    assert_eq!(json["rule"], "ENC-TX-UNKNOWN-FLAG");
}

#[test]
fn bad_argument_is_a_usage_error() {
    let output = canon(&["decode", "header", "not-hex"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not hex"));
}

#[test]
fn run_own_corpus_ends_with_summary_line() {
    let output = canon(&["run", "vectors/"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let last = text.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 31, "{last}");
}

#[test]
fn run_reports_unrecognised_file_as_failure() {
    let output = canon(&["run", "Cargo.toml"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("unrecognised vector format"), "{text}");
    assert_eq!(text.lines().last(), Some("0 passed, 1 failed"));
}

#[test]
fn committed_corpus_is_fresh() {
    let output = canon(&["generate", "--check"]);
    assert!(output.status.success(), "{}", stdout(&output));
}

#[test]
fn verify_script_gives_core_token_and_exit_status() {
    let ok = canon(&[
        "verify-script",
        "--asm",
        "--script-sig",
        "1 2",
        "--script-pubkey",
        "ADD 3 EQUAL",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let json: Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!(json["result"], "ok");
    let bad = canon(&[
        "verify-script",
        "--asm",
        "--script-sig",
        "0x4c 0x00",
        "--script-pubkey",
        "DROP 1",
        "--flags",
        "MINIMALDATA",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&bad)).unwrap();
    assert_eq!(json["error"], "MINIMALDATA");
    let malformed = canon(&["verify-script", "--script-pubkey", "51", "--flags", "BOGUS"]);
    assert_eq!(malformed.status.code(), Some(2));
}

#[test]
fn run_core_script_vectors_passes_every_case() {
    let core = common::shared_vectors().join("core");
    let files = [
        "script_tests.json",
        "tx_valid.json",
        "tx_invalid.json",
        "sighash.json",
    ];
    let paths: Vec<String> = files
        .iter()
        .map(|f| core.join(f).display().to_string())
        .collect();
    let mut args = vec!["run"];
    args.extend(paths.iter().map(String::as_str));
    let output = canon(&args);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}
