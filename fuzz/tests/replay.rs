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
