//! `canon run --impl`: the runner protocol against canon's own adapter and
//! against deliberately wrong ones (a flipped verdict, a crash, a hang,
//! garbage, a changed reason), each reported for its case while the rest of
//! the run goes on.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

const CANON: &str = env!("CARGO_BIN_EXE_canon");

/// canon's decode vectors: every protocol test runs them.
const DECODE: &str = "vectors/decode/";

fn shared_vectors() -> PathBuf {
    if let Ok(dir) = std::env::var("CANON_SHARED_VECTORS") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
    if beside.is_dir() {
        return beside;
    }
    PathBuf::from("/work/shared/vectors")
}

fn canon(args: &[&str]) -> Output {
    Command::new(CANON)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the canon binary runs")
}

/// `canon run --json --impl ADAPTER ARGS...`: the exit code and the report.
fn run_json(adapter: &str, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["run", "--json", "--impl", adapter];
    all.extend_from_slice(args);
    let output = canon(&all);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "--json prints JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), report)
}

/// An adapter that answers like `canon adapter`, but runs `special` (shell
/// code, with the request in `$line`) for requests whose line contains
/// `marker`. Every other request is answered by a fresh `canon adapter`.
fn wrapped(marker: &str, special: &str) -> String {
    format!(
        r#"while IFS= read -r line; do
             case "$line" in
               *'{marker}'*) {special} ;;
               *) printf '%s\n' "$line" | '{CANON}' adapter ;;
             esac
           done"#
    )
}

/// How many cases a report has.
fn cases(report: &Value) -> u64 {
    report["cases"].as_array().expect("cases").len() as u64
}

/// The cases of a report whose verdict is `verdict`.
fn cases_with(report: &Value, verdict: &str) -> Vec<(String, String)> {
    report["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["verdict"] == verdict)
        .map(|c| {
            (
                c["case"].as_str().unwrap_or_default().to_string(),
                c["detail"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn canon_adapter_agrees_on_its_own_corpus() {
    let adapter = format!("'{CANON}' adapter");
    let (code, report) = run_json(&adapter, &[DECODE]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["failed"], 0);
    assert_eq!(report["skipped"], 0);
    let total = &report["total"];
    assert_eq!(total["reason_differ"], 0);
    assert_eq!(total["reason_unreported"], 0);
    assert!(total["reason_agree"].as_u64().unwrap() >= 15, "{total}");
    assert_eq!(report["adapter"]["starts"], 1);
    assert_eq!(
        report["engine"],
        format!("canon {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn canon_adapter_agrees_on_core_script_and_tx_files() {
    let core = shared_vectors().join("core");
    let files: Vec<String> = ["script_tests.json", "tx_valid.json", "tx_invalid.json"]
        .iter()
        .map(|f| core.join(f).display().to_string())
        .collect();
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.push("--strict-reasons");
    let adapter = format!("'{CANON}' adapter");
    let (code, report) = run_json(&adapter, &args);
    assert_eq!(code, Some(0), "{:?}", cases_with(&report, "fail"));
    assert_eq!(report["skipped"], 0);
    // 1222 script_tests cases, 121 tx_valid, 93 tx_invalid.
    assert_eq!(report["passed"], 1222 + 121 + 93);
    assert_eq!(report["total"]["reason_differ"], 0);
    assert!(report["total"]["reason_agree"].as_u64().unwrap() >= 500);
}

/// canon's taproot corpus (`"kind": "script"` files).
const TAPROOT: &str = "vectors/taproot/";

#[test]
fn canon_adapter_judges_the_taproot_corpus() {
    let own = canon(&["run", "--json", TAPROOT]);
    let own: Value = serde_json::from_slice(&own.stdout).expect("--json prints JSON");
    let adapter = format!("'{CANON}' adapter");
    let (code, report) = run_json(&adapter, &["--strict-reasons", TAPROOT]);
    assert_eq!(code, Some(0), "{:?}", cases_with(&report, "fail"));
    assert_eq!(report["skipped"], 0);
    assert_eq!(report["passed"], own["passed"], "one report case per part");
    assert!(report["passed"].as_u64().unwrap() >= 500);
    assert!(report["total"]["reason_agree"].as_u64().unwrap() >= 100);
    assert_eq!(report["total"]["reason_differ"], 0);
    assert!(
        report["rules"]["TAPROOT-ANNEX"].is_object(),
        "{:#}",
        report["rules"]
    );
}

/// canon's CheckTransaction corpus (`"kind": "tx"`).
const TX: &str = "vectors/tx/";

#[test]
fn canon_adapter_judges_the_tx_corpus_with_reasons() {
    let adapter = format!("'{CANON}' adapter");
    let (code, report) = run_json(&adapter, &["--strict-reasons", TX]);
    assert_eq!(code, Some(0), "{:?}", cases_with(&report, "fail"));
    assert_eq!(report["skipped"], 0);
    assert!(report["passed"].as_u64().unwrap() >= 28);
    assert_eq!(report["kinds"]["tx"]["verdict_differ"], 0);
    assert!(report["total"]["reason_agree"].as_u64().unwrap() >= 17);
    assert_eq!(report["total"]["reason_differ"], 0);
}

#[test]
fn a_flipped_tx_verdict_fails_that_case_only() {
    let adapter = format!(
        "'{CANON}' adapter | sed -u '/vout-max-money\"/s/\"result\":\"ok\"/\"result\":\"reject\"/'"
    );
    let (code, report) = run_json(&adapter, &[TX]);
    assert_eq!(code, Some(1));
    let failed = cases_with(&report, "fail");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, "vout-max-money");
    assert!(
        failed[0].1.contains("expected the transaction to pass"),
        "{failed:?}"
    );
}

#[test]
fn a_consensus_only_engine_skips_what_it_cannot_judge() {
    // Like libbitcoinkernel: no policy flags. Failures that need one
    // (DISCOURAGE_OP_SUCCESS and the like) cannot be judged; nothing fails.
    let consensus = "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT";
    let adapter = format!(
        "'{CANON}' adapter | sed -u 's/\"kinds\":/\"script_flags\":\"{consensus}\",\"kinds\":/'"
    );
    let (code, report) = run_json(&adapter, &[TAPROOT]);
    assert_eq!(code, Some(0), "{:?}", cases_with(&report, "fail"));
    let skipped = cases_with(&report, "skip");
    assert!(!skipped.is_empty(), "policy-flag failures are skipped");
    assert!(
        skipped.iter().all(|(case, _)| case.ends_with("(failure)")),
        "{skipped:?}"
    );
    assert!(report["passed"].as_u64().unwrap() >= 400);
}

#[test]
fn a_flipped_script_verdict_fails_the_part() {
    let adapter =
        format!("'{CANON}' adapter | sed -u 's/\"result\":\"reject\"/\"result\":\"ok\"/'");
    let (code, report) = run_json(&adapter, &["vectors/taproot/keypath.json"]);
    assert_eq!(code, Some(1));
    let failed = cases_with(&report, "fail");
    assert!(!failed.is_empty());
    assert!(
        failed
            .iter()
            .all(|(case, why)| case.ends_with("(failure)") && why.contains("passes under")),
        "{failed:?}"
    );
}

#[test]
fn a_flipped_verdict_fails_that_case_only() {
    let adapter = format!(
        "'{CANON}' adapter | sed -u '/tx-legacy\"/s/\"result\":\"ok\"/\"result\":\"reject\"/'"
    );
    let (code, report) = run_json(&adapter, &[DECODE]);
    assert_eq!(code, Some(1));
    let failed = cases_with(&report, "fail");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, "tx-legacy");
    assert!(failed[0].1.contains("expected success"), "{failed:?}");
    assert_eq!(report["passed"], cases(&report) - 1);
    assert_eq!(report["kinds"]["decode"]["verdict_differ"], 1);
    assert_eq!(report["rules"]["ENC-TX-LEGACY"]["verdict_differ"], 1);
}

#[test]
fn a_crash_is_reported_and_the_adapter_restarted() {
    let adapter = wrapped("tx-witness\"", "echo 'dying on purpose' >&2; exit 3");
    let (code, report) = run_json(&adapter, &[DECODE]);
    assert_eq!(code, Some(1));
    let failed = cases_with(&report, "fail");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, "tx-witness");
    let detail = &failed[0].1;
    assert!(detail.contains("adapter crashed"), "{detail}");
    assert!(detail.contains("exit status: 3"), "{detail}");
    assert!(detail.contains("dying on purpose"), "{detail}");
    assert_eq!(report["passed"], cases(&report) - 1);
    assert_eq!(report["adapter"]["crashes"], 1);
    assert_eq!(report["adapter"]["starts"], 2);
}

#[test]
fn a_hang_times_out_and_the_run_goes_on() {
    let adapter = wrapped("block-one-tx\"", "sleep 30");
    let started = Instant::now();
    let (code, report) = run_json(&adapter, &["--timeout", "1", DECODE]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the hang was cut short"
    );
    assert_eq!(code, Some(1));
    let failed = cases_with(&report, "fail");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, "block-one-tx");
    assert!(failed[0].1.contains("timed out after 1.0 s"), "{failed:?}");
    assert_eq!(report["passed"], cases(&report) - 1);
    assert_eq!(report["adapter"]["timeouts"], 1);
}

#[test]
fn garbage_is_reported_and_the_adapter_restarted() {
    let adapter = wrapped("#header\"", "echo 'this is not JSON'");
    let (code, report) = run_json(&adapter, &[DECODE]);
    assert_eq!(code, Some(1));
    let failed = cases_with(&report, "fail");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].1.contains("garbage"), "{failed:?}");
    assert!(failed[0].1.contains("this is not JSON"), "{failed:?}");
    assert_eq!(report["passed"], cases(&report) - 1);
    assert_eq!(report["adapter"]["garbage"], 1);
}

#[test]
fn a_dead_adapter_is_given_up_without_stalling() {
    let started = Instant::now();
    let (code, report) = run_json("exit 7", &[DECODE]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(code, Some(1));
    assert_eq!(report["failed"], cases(&report));
    let failed = cases_with(&report, "fail");
    assert!(
        failed[0].1.contains("crashed during the handshake"),
        "{failed:?}"
    );
    assert!(failed.last().unwrap().1.contains("not sent"), "{failed:?}");
}

#[test]
fn reason_differences_are_counted_apart_and_mapped() {
    let changed = format!("'{CANON}' adapter | sed -u 's/\"end of data\"/\"eof\"/'");
    let (code, report) = run_json(&changed, &[DECODE]);
    assert_eq!(code, Some(0), "a reason difference alone does not fail");
    let differ = report["total"]["reason_differ"].as_u64().unwrap();
    assert!(differ >= 5, "{:#}", report["total"]);
    let (code, _) = run_json(&changed, &["--strict-reasons", DECODE]);
    assert_eq!(code, Some(1), "--strict-reasons fails it");

    let mapped = format!(
        "'{CANON}' adapter | sed -u -e 's/\"end of data\"/\"eof\"/' \
         -e 's/\"name\":/\"reasons\":{{\"eof\":\"end of data\"}},\"name\":/'"
    );
    let (code, report) = run_json(&mapped, &[DECODE]);
    assert_eq!(code, Some(0));
    assert_eq!(report["total"]["reason_differ"], 0);
    assert_eq!(report["adapter"]["reasons"]["eof"], "end of data");
}

#[test]
fn unsupported_kinds_are_skipped_with_the_reason() {
    let adapter =
        format!("'{CANON}' adapter | sed -u 's/\"kinds\":\\[[^]]*\\]/\"kinds\":[\"script\"]/'");
    let (code, report) = run_json(&adapter, &[DECODE]);
    assert_eq!(code, Some(0));
    assert_eq!(report["skipped"], cases(&report));
    let skipped = cases_with(&report, "skip");
    assert!(
        skipped[0].1.contains("declares kinds [script]"),
        "{skipped:?}"
    );

    // A minimal adapter without a handshake: everything unsupported.
    let minimal = r#"while IFS= read -r line; do
        id=$(printf '%s' "$line" | sed 's/.*"id":"\([^"]*\)".*/\1/')
        printf '{"id":"%s","result":"unsupported","reason":"nothing here"}\n' "$id"
      done"#;
    let (code, report) = run_json(minimal, &[DECODE]);
    assert_eq!(code, Some(0));
    assert_eq!(report["skipped"], cases(&report));
    assert_eq!(report["adapter"]["starts"], 1);
}

#[test]
fn the_table_and_closing_line_are_printed() {
    let adapter = format!("'{CANON}' adapter");
    let output = canon(&["run", "--impl", &adapter, DECODE]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("engine: canon "), "{text}");
    assert!(text.contains("\nkind "), "{text}");
    assert!(text.contains("\nENC-TX-LEGACY "), "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}
