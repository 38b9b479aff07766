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
