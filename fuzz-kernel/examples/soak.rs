//! Runs the target on `N` pseudo-random inputs without libFuzzer and prints
//! the outcomes canon and Core agreed on:
//! `cargo run --release --example soak -- N [SEED]`.

use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let mut state: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 24) as u8
    };
    let start = Instant::now();
    let (mut steps, mut seen) = (0usize, BTreeMap::<String, usize>::new());
    for _ in 0..runs {
        let len = 8 + usize::from(next()) % 120;
        let data: Vec<u8> = (0..len).map(|_| next()).collect();
        for step in canon_fuzz_kernel::run(&data) {
            steps += 1;
            let key = format!("{} {}", step.result, step.reason.unwrap_or_default());
            *seen.entry(key).or_default() += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{runs} runs, {steps} steps in {secs:.1} s ({:.1} runs/s); canon = Core on all",
        runs as f64 / secs
    );
    for (outcome, count) in seen {
        println!("{count:6}  {outcome}");
    }
}
