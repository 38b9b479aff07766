//! Vector runners: canon's own corpus and the upstream formats of Bitcoin Core
//! and the BIPs, each checked case by case into a [`Report`].
//!
//! A file's format is recognised by its name (upstream files keep their
//! upstream names) or, for canon's own vectors, by the `kind` field of the
//! JSON object. A file that cannot be recognised or parsed is a failure, never
//! a silent skip.

pub mod asm;
pub mod base58_vectors;
pub mod core_json;
pub mod decode_vectors;
pub mod generate;
pub mod key_io_vectors;
pub mod report;
pub mod script_harness;
pub mod script_tests;
pub mod script_vectors;
pub mod sighash_vectors;
pub mod spend;
pub mod test_flags;
pub mod tx_vectors;
pub mod verify_tool;

use std::fs;
use std::path::{Path, PathBuf};

pub use report::{CaseResult, Report, Verdict};

/// The vector formats `canon run` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// canon's own decode vectors (`"kind": "decode"`).
    CanonDecode,
    /// canon's own script vectors (`"kind": "script"`), e.g. promoted
    /// fuzzing findings under `vectors/regressions/`.
    CanonScript,
    /// Core's `base58_encode_decode.json`.
    Base58EncodeDecode,
    /// Core's `key_io_valid.json`.
    KeyIoValid,
    /// Core's `key_io_invalid.json`.
    KeyIoInvalid,
    /// Core's `script_tests.json`.
    ScriptTests,
    /// Core's `tx_valid.json`.
    TxValid,
    /// Core's `tx_invalid.json`.
    TxInvalid,
    /// Core's `sighash.json`.
    Sighash,
}

impl Format {
    /// Recognises a vector file by its name, or by its contents for canon's
    /// own JSON files.
    pub fn detect(path: &Path, text: &str) -> Option<Format> {
        let name = path.file_name()?.to_str()?;
        match name {
            "base58_encode_decode.json" => return Some(Format::Base58EncodeDecode),
            "key_io_valid.json" => return Some(Format::KeyIoValid),
            "key_io_invalid.json" => return Some(Format::KeyIoInvalid),
            "script_tests.json" => return Some(Format::ScriptTests),
            "tx_valid.json" => return Some(Format::TxValid),
            "tx_invalid.json" => return Some(Format::TxInvalid),
            "sighash.json" => return Some(Format::Sighash),
            _ => {}
        }
        let json: serde_json::Value = serde_json::from_str(text).ok()?;
        match json.get("kind")?.as_str()? {
            "decode" => Some(Format::CanonDecode),
            "script" => Some(Format::CanonScript),
            _ => None,
        }
    }
}

/// Runs every vector file under `path` (a file, or a directory searched
/// recursively for `.json` and `.csv` files in name order).
pub fn run_path(path: &Path, report: &mut Report) {
    let shown = path.display().to_string();
    if path.is_dir() {
        match vector_files(path) {
            Ok(files) if files.is_empty() => {
                report.check(
                    &shown,
                    "directory",
                    Err("no .json or .csv vector files found".into()),
                );
            }
            Ok(files) => files.iter().for_each(|file| run_file(file, report)),
            Err(e) => report.check(
                &shown,
                "directory",
                Err(format!("cannot read directory: {e}")),
            ),
        }
    } else {
        run_file(path, report);
    }
}

/// Runs one vector file.
pub fn run_file(path: &Path, report: &mut Report) {
    let shown = path.display().to_string();
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return report.check(&shown, "file", Err(format!("cannot read: {e}"))),
    };
    let Some(format) = Format::detect(path, &text) else {
        return report.check(&shown, "file", Err("unrecognised vector format".into()));
    };
    match format {
        Format::CanonDecode => decode_vectors::run(&shown, &text, report),
        Format::CanonScript => script_vectors::run(&shown, &text, report),
        Format::Base58EncodeDecode => base58_vectors::run(&shown, &text, report),
        Format::KeyIoValid => key_io_vectors::run_valid(&shown, &text, report),
        Format::KeyIoInvalid => key_io_vectors::run_invalid(&shown, &text, report),
        Format::ScriptTests => script_tests::run(&shown, &text, report),
        Format::TxValid => tx_vectors::run(&shown, &text, tx_vectors::Expect::Valid, report),
        Format::TxInvalid => tx_vectors::run(&shown, &text, tx_vectors::Expect::Invalid, report),
        Format::Sighash => sighash_vectors::run(&shown, &text, report),
    }
}

/// The `.json` and `.csv` files below `dir`, sorted by path.
fn vector_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "csv")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Parses a JSON document, or records the file as failed and returns `None`.
pub fn parse_json(file: &str, text: &str, report: &mut Report) -> Option<serde_json::Value> {
    match serde_json::from_str(text) {
        Ok(json) => Some(json),
        Err(e) => {
            report.check(file, "file", Err(format!("invalid JSON: {e}")));
            None
        }
    }
}
