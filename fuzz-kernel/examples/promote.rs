//! Promotes a `diff_chain_core` finding (a crash file libFuzzer wrote, or
//! any input on which canon and Core disagree):
//! `cargo run --release --example promote -- <file>`.
//!
//! Minimises it, files it under `regressions/diff_chain_core/` (replayed by
//! `cargo test`), and writes a `chain` vector expecting Core's outcomes
//! under `../vectors/regressions/`.

use std::path::Path;
use std::process::ExitCode;

use canon::fuzz_targets::seeds::canon_vectors_dir;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file] = args.as_slice() else {
        eprintln!("usage: cargo run --release --example promote -- <crash-or-corpus-file>");
        return ExitCode::from(2);
    };
    let data = match std::fs::read(file) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("promote: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut progress = |runs: usize| {
        if runs.is_multiple_of(50) {
            eprintln!("promote: {runs} runs while minimising");
        }
    };
    match canon_fuzz_kernel::promote::promote(crate_dir, &canon_vectors_dir(), &data, &mut progress)
    {
        Ok(promoted) => {
            println!(
                "minimised {} -> {} bytes",
                promoted.sizes.0, promoted.sizes.1
            );
            println!("regression: {}", promoted.regression.display());
            println!("chain vector: {}", promoted.vector.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("promote: {e}");
            ExitCode::FAILURE
        }
    }
}
