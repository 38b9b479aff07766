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

/// Each documented difference class of the differential targets is
/// recognised on a witness input, so the skips are shown to happen for
/// their stated reason and not to hide anything else.
#[test]
fn each_documented_difference_has_a_witness() {
    use std::sync::atomic::Ordering;

    use canon_fuzz::diff_sighash::{LEGACY_TRUNCATED_PUSH, SKIPS};

    let before = SKIPS[LEGACY_TRUNCATED_PUSH].load(Ordering::Relaxed);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions/diff_sighash");
    canon_fuzz::diff_sighash(&fs::read(root.join("0bb59bb366f83e0e")).expect("regression"));
    assert!(SKIPS[LEGACY_TRUNCATED_PUSH].load(Ordering::Relaxed) > before);

    use canon_fuzz::diff_decode::{Class, CLASS_COUNTS};
    let class = Class::ALL
        .iter()
        .position(|c| *c == Class::EmptyWitnessFlagTransaction)
        .expect("listed");
    let before = CLASS_COUNTS[class].load(Ordering::Relaxed);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions/diff_decode_rust_bitcoin");
    canon_fuzz::diff_decode_rust_bitcoin(
        &fs::read(root.join("be58233c8b1c33d2")).expect("regression"),
    );
    assert!(CLASS_COUNTS[class].load(Ordering::Relaxed) > before);

    let before = canon_fuzz::arith::SMALL_SIZE_SIGN_BIT.load(Ordering::Relaxed);
    canon_fuzz::compact_target(&0x0180_3456u32.to_le_bytes());
    assert!(canon_fuzz::arith::SMALL_SIZE_SIGN_BIT.load(Ordering::Relaxed) > before);
}
