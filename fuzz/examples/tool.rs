//! `cargo run --release --example tool -- seeds <dir>` writes every
//! target's seed corpus under `<dir>/<target>/`;
//! `cargo run --release --example tool -- promote <target> <file>`
//! minimises a finding and files it as a regression.

use std::path::Path;
use std::process::ExitCode;

use canon::fuzz_targets::seeds::{canon_vectors_dir, shared_vectors_dir, write_seeds};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seeds", dir] => seeds(Path::new(dir)),
        ["promote", target, file] => promote(target, Path::new(file)),
        _ => Err("usage: tool seeds <dir> | tool promote <target> <file>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tool: {e}");
            ExitCode::FAILURE
        }
    }
}

fn seeds(dir: &Path) -> Result<(), String> {
    let shared = shared_vectors_dir().ok_or("no shared vectors (set CANON_SHARED_VECTORS)")?;
    let seeds = canon_fuzz::seeds::all_seeds(&shared, &canon_vectors_dir());
    let n = write_seeds(dir, &seeds)?;
    for (target, _) in canon_fuzz::all_targets() {
        let count = seeds.iter().filter(|s| s.target == target).count();
        println!("{target}: {count} seeds");
    }
    println!("wrote {n} seeds under {}", dir.display());
    Ok(())
}

fn promote(target: &str, file: &Path) -> Result<(), String> {
    let data = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let promoted = canon_fuzz::promote::promote(fuzz_dir, &canon_vectors_dir(), target, &data)?;
    println!(
        "minimised {} -> {} bytes",
        promoted.sizes.0, promoted.sizes.1
    );
    println!("regression: {}", promoted.regression.display());
    if let Some(path) = promoted.vectors {
        println!("script vector: {}", path.display());
    }
    Ok(())
}
