//! Replays every seed (generated from canon's and Core's vectors, as
//! `make-seeds` does) and every promoted regression under
//! `regressions/<target>/` through the target logic, without libFuzzer.

use std::fs;
use std::path::Path;

use canon::fuzz_targets::seeds::{canon_vectors_dir, shared_vectors_dir};

#[test]
fn every_seed_passes_its_target() {
    let shared = shared_vectors_dir().expect("shared vectors (set CANON_SHARED_VECTORS)");
    let seeds = canon_fuzz::seeds::all_seeds(&shared, &canon_vectors_dir());
    for (target, logic) in canon_fuzz::all_targets() {
        let mine: Vec<_> = seeds.iter().filter(|s| s.target == target).collect();
        assert!(!mine.is_empty(), "{target} has no seeds");
        for seed in &mine {
            eprintln!("{target}/{}", seed.name);
            logic(&seed.bytes);
        }
        println!("{target}: {} seeds pass", mine.len());
    }
}

#[test]
fn every_regression_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut total = 0;
    for (target, logic) in canon_fuzz::all_targets() {
        let Ok(entries) = fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            let data = fs::read(&path).expect("regression file");
            eprintln!("{}", path.display());
            logic(&data);
            total += 1;
        }
    }
    println!("{total} regressions pass");
}

/// The structured generator of `diff_script_core` must produce valid and
/// invalid spends in fair shares, taproot ones among them, or it tests
/// little: a check on 3,000 pseudo-random inputs.
#[test]
fn diff_script_core_generator_exercises_both_verdicts() {
    use canon_fuzz::diff_script_core::{build, core_verdict, read_case, Shape};
    let (mut total, mut valid, mut taproot_valid) = (0, 0, 0);
    for i in 0..3000u64 {
        let data = canon_fuzz::seeds::pseudo_random(i + 1, 64 + (i as usize % 200));
        let Some(case) = read_case(&data) else {
            continue;
        };
        canon_fuzz::diff_script_core(&data);
        let built = build(&case);
        let ok = core_verdict(
            &built.spend,
            std::slice::from_ref(&built.spent),
            0,
            case.verify_flags(),
        );
        total += 1;
        valid += usize::from(ok);
        let taproot = matches!(
            case.shape,
            Shape::TaprootKey { .. } | Shape::TaprootScript { .. }
        );
        taproot_valid += usize::from(ok && taproot && case.verify_flags().0 & (1 << 17) != 0);
    }
    println!("{total} cases, {valid} valid in both engines, {taproot_valid} valid taproot spends");
    assert!(
        valid > total / 10 && valid < total - total / 10,
        "{valid} of {total} valid"
    );
    assert!(taproot_valid > 0, "no valid taproot spend under TAPROOT");
}
