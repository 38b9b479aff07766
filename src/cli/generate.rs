//! `canon generate`: writes or checks canon's own vector corpus.

use std::path::Path;
use std::process::ExitCode;

use canon::conformance::generate::{stale_files, write_corpus};

/// Writes the corpus under `out`, or with `check` reports stale files.
pub fn run(out: &Path, check: bool) -> Result<ExitCode, String> {
    if check {
        let stale = stale_files(out);
        if stale.is_empty() {
            println!("corpus under {} is up to date", out.display());
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            println!("stale: {}", out.join(path).display());
        }
        println!(
            "{} stale file(s); run `canon generate` and commit the result",
            stale.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    let written = write_corpus(out)?;
    println!("wrote {} file(s) under {}", written.len(), out.display());
    Ok(ExitCode::SUCCESS)
}
