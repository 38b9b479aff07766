//! `canon run`: the vector runner.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use canon::conformance::{run_path, Report, Verdict};

/// Runs every path, prints the report and returns 1 when anything failed.
pub fn run(paths: &[PathBuf], verbose: bool) -> Result<ExitCode, String> {
    let mut report = Report::new();
    let show_progress = std::io::stderr().is_terminal();
    for path in paths {
        if show_progress {
            eprintln!("running {}", path.display());
        }
        run_path(path, &mut report);
    }
    let mut text = String::new();
    if verbose {
        for r in report.results.iter().filter(|r| r.verdict == Verdict::Pass) {
            text.push_str(&format!("PASS {} [{}]\n", r.file, r.case));
        }
    }
    text.push_str(&report.render());
    super::print_out(&text);
    Ok(if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
