//! Core's `key_io_valid.json` and `key_io_invalid.json`. (Being written.)

use super::Report;

/// Runs every case of `key_io_valid.json`.
pub fn run_valid(file: &str, _text: &str, report: &mut Report) {
    report.check(file, "file", Err("key_io runner not yet written".into()));
}

/// Runs every case of `key_io_invalid.json`.
pub fn run_invalid(file: &str, _text: &str, report: &mut Report) {
    report.check(file, "file", Err("key_io runner not yet written".into()));
}
