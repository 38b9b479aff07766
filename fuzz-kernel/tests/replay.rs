//! Replays every seed and every promoted regression under
//! `regressions/diff_chain_core/` through the target, without libFuzzer.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every seed passes, and together they reach every kind of outcome
/// (or the generator tests little).
#[test]
fn every_seed_passes() {
    let seeds = canon_fuzz_kernel::seeds();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, seed) in seeds.iter().enumerate() {
        eprintln!("seed {i}: {}", hex::encode(seed));
        for step in canon_fuzz_kernel::run(seed) {
            let key = format!("{} {}", step.result, step.reason.unwrap_or_default());
            *seen.entry(key).or_default() += 1;
        }
    }
    println!(
        "diff_chain_core: {} seeds pass; outcomes {seen:#?}",
        seeds.len()
    );
    for result in ["accepted", "rejected", "mutated", "orphan"] {
        assert!(
            seen.keys().any(|k| k.starts_with(result)),
            "no {result} step: {seen:?}"
        );
    }
}

#[test]
fn every_regression_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions/diff_chain_core");
    let mut total = 0;
    for entry in fs::read_dir(dir).expect("regressions directory") {
        let path = entry.expect("directory entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        eprintln!("{}", path.display());
        canon_fuzz_kernel::diff_chain_core(&fs::read(&path).expect("regression file"));
        total += 1;
    }
    println!("diff_chain_core: {total} regressions pass");
}

/// Promotion's vector for an input: with canon and Core agreeing (a seed),
/// every step expects their shared outcome, names canon's rule where
/// refused, carries canon's UTXO-set hash, and canon's chain runner passes
/// the written file.
#[test]
fn promoted_vector_expects_cores_outcomes() {
    use canon::conformance::report::Report;
    use canon_fuzz_kernel::promote::{chain_file, promote};

    let seed = canon_fuzz_kernel::seeds()
        .into_iter()
        .find(|s| {
            canon_fuzz_kernel::observe(s)
                .iter()
                .any(|o| o.canon.result == "rejected")
        })
        .expect("a seed with a rejected step");
    let observed = canon_fuzz_kernel::observe(&seed);
    let file = chain_file(&seed);
    let case = &file.cases[0];
    assert_eq!(
        case.steps.len(),
        canon_fuzz_kernel::PREFIX_BLOCKS + observed.len()
    );
    let fuzz_steps = &case.steps[canon_fuzz_kernel::PREFIX_BLOCKS..];
    for (step, seen) in fuzz_steps.iter().zip(&observed) {
        assert_eq!(step.expect.result, seen.core.result.as_str());
        assert_eq!(step.expect, seen.canon, "{}", step.description);
        assert_eq!(
            step.rules,
            seen.canon_rule
                .map(String::from)
                .into_iter()
                .collect::<Vec<_>>()
        );
    }
    assert!(!case.rules.is_empty(), "a refused step names its rule");

    let dir = std::env::temp_dir().join(format!("canon-promote-test-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("chain.json");
    fs::write(&path, canon::conformance::generate::to_json_text(&file)).expect("written");
    let mut report = Report::new();
    canon::conformance::run_file(&path, &mut report);
    assert_eq!(
        (report.passed(), report.failed()),
        (1, 0),
        "{}",
        report.summary_line()
    );

    // An input on which the two agree is not a finding.
    let refused = promote(&dir, &dir, &seed, &mut |_| {});
    assert!(refused.is_err_and(|e| e.contains("nothing to promote")));
    fs::remove_dir_all(&dir).expect("temp dir removed");
}
