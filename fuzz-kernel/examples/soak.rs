//! Runs the target without libFuzzer and prints the outcomes canon and Core
//! agreed on:
//! `cargo run --release --example soak -- N [SEED]` runs `N` pseudo-random
//! inputs; `cargo run --release --example soak -- --corpus DIR` replays
//! every file of a corpus (what a campaign reached).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs = match args.as_slice() {
        [flag, dir] if flag == "--corpus" => match corpus(dir) {
            Ok(inputs) => inputs,
            Err(e) => {
                eprintln!("soak: {e}");
                return ExitCode::FAILURE;
            }
        },
        [] | [_] | [_, _] => {
            let runs = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
            let seed = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
            random(runs, seed)
        }
        _ => {
            eprintln!("usage: soak [N [SEED]] | soak --corpus DIR");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let (mut steps, mut seen) = (0usize, BTreeMap::<String, usize>::new());
    for data in &inputs {
        for step in canon_fuzz_kernel::run(data) {
            steps += 1;
            let key = format!("{} {}", step.result, step.reason.unwrap_or_default());
            *seen.entry(key).or_default() += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} runs, {steps} steps in {secs:.1} s ({:.1} runs/s); canon = Core on all",
        inputs.len(),
        inputs.len() as f64 / secs
    );
    for (outcome, count) in seen {
        println!("{count:6}  {outcome}");
    }
    ExitCode::SUCCESS
}

/// `runs` inputs of 8 to 127 pseudo-random bytes (xorshift from `seed`).
fn random(runs: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 24) as u8
    };
    (0..runs)
        .map(|_| {
            let len = 8 + usize::from(next()) % 120;
            (0..len).map(|_| next()).collect()
        })
        .collect()
}

/// Every file of a corpus directory, in name order.
fn corpus(dir: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {dir}: {e}"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot read {dir}: {e}"))?;
    paths.sort();
    paths
        .iter()
        .filter(|path| path.is_file())
        .map(|path| std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display())))
        .collect()
}
