//! `canon adapter`: canon's own runner-protocol adapter on stdin/stdout.

use std::io;
use std::process::ExitCode;

/// Answers requests until stdin ends.
pub fn run() -> Result<ExitCode, String> {
    let stdin = io::stdin().lock();
    let stdout = io::stdout().lock();
    canon::conformance::adapter_server::serve(stdin, stdout).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
