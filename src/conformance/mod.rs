//! Vector runners: canon's own corpus and the upstream formats of Bitcoin Core
//! and the BIPs, each checked case by case into a [`Report`].
//!
//! A file's format is recognised by its name (upstream files keep their
//! upstream names), by its contents (BIP-0340's CSV header; the shape of a
//! `script_assets_test.json` case) or, for canon's own vectors, by the
//! `kind` field of the JSON object. A file that cannot be recognised or parsed is a failure, never
//! a silent skip.

pub mod adapter_client;
pub mod adapter_server;
pub mod asm;
pub mod base58_vectors;
pub mod bip340_reference;
pub mod bip340_vectors;
pub mod bip341_vectors;
pub mod catalogue;
pub mod chain_runner;
pub mod chain_vectors;
pub mod check_tx_vectors;
pub mod core_json;
pub mod decode_vectors;
pub mod engine;
pub mod error_rules;
pub mod generate;
pub mod judge;
pub mod key_io_vectors;
pub mod protocol;
pub mod report;
pub mod rule_vectors;
pub mod script_assets;
pub mod script_harness;
pub mod script_tests;
pub mod script_vectors;
pub mod sighash_kind;
pub mod sighash_vectors;
pub mod spend;
pub mod tally;
pub mod taptree;
pub mod test_flags;
pub mod tx_context_vectors;
pub mod tx_vectors;
pub mod verify_tool;

use std::fs;
use std::path::{Path, PathBuf};

pub use engine::{Answer, CanonEngine, Engine, Request};
pub use report::{CaseResult, Report, Verdict};

/// The vector formats `canon run` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// canon's own decode vectors (`"kind": "decode"`).
    CanonDecode,
    /// Promoted fuzzing findings (`"kind": "script-regression"`): one input
    /// under one flag set with Core's verdict, under `vectors/regressions/`.
    ScriptRegression,
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
    /// BIP-0341's `wallet-test-vectors.json` (Core's `bip341_wallet_vectors.json`).
    Bip341Wallet,
    /// BIP-0340's `test-vectors.csv`.
    Bip340,
    /// Core's `script_assets_test.json` format: a list of cases, or one case.
    ScriptAssets,
    /// canon's own script vectors (`"kind": "script"`).
    CanonScript,
    /// canon's own transaction-check vectors (`"kind": "tx"`).
    CanonTx,
    /// canon's own transactions in a block's context (`"kind": "tx-in-context"`).
    CanonTxInContext,
    /// canon's own blocks on a prefix (`"kind": "block"`).
    CanonBlock,
    /// canon's own chain scenarios (`"kind": "chain"`).
    CanonChain,
    /// canon's own signature-hash vectors (`"kind": "sighash"`).
    CanonSighash,
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
            "bip341_wallet_vectors.json" | "wallet-test-vectors.json" => {
                return Some(Format::Bip341Wallet)
            }
            "script_assets_test.json" => return Some(Format::ScriptAssets),
            _ => {}
        }
        if text.lines().next().map(str::trim) == Some(bip340_vectors::HEADER) {
            return Some(Format::Bip340);
        }
        // Core's dump files hold one case followed by a comma.
        let trimmed = text.trim_end();
        let json: serde_json::Value = serde_json::from_str(text)
            .or_else(|_| serde_json::from_str(trimmed.strip_suffix(',').unwrap_or(trimmed)))
            .ok()?;
        if let Some(kind) = json.get("kind") {
            return match kind.as_str()? {
                "decode" => Some(Format::CanonDecode),
                "script" => Some(Format::CanonScript),
                "script-regression" => Some(Format::ScriptRegression),
                "tx" => Some(Format::CanonTx),
                "tx-in-context" => Some(Format::CanonTxInContext),
                "block" => Some(Format::CanonBlock),
                "chain" => Some(Format::CanonChain),
                "sighash" => Some(Format::CanonSighash),
                _ => None,
            };
        }
        let first = match &json {
            serde_json::Value::Array(items) => items.first()?,
            object => object,
        };
        script_assets::is_asset_object(first).then_some(Format::ScriptAssets)
    }
}

impl Format {
    /// The kind a report files this format's cases under when the runner
    /// does not name one (formats judged by canon alone).
    pub fn kind(self) -> &'static str {
        match self {
            Format::CanonDecode => "decode",
            Format::Base58EncodeDecode => "base58",
            Format::KeyIoValid | Format::KeyIoInvalid => "key_io",
            Format::ScriptTests | Format::TxValid | Format::TxInvalid => "script",
            Format::Sighash => "sighash",
            Format::Bip341Wallet => "bip341",
            Format::Bip340 => "bip340",
            Format::ScriptAssets | Format::CanonScript | Format::ScriptRegression => "script",
            Format::CanonTx => "tx",
            Format::CanonTxInContext => "tx-in-context",
            Format::CanonBlock => "block",
            Format::CanonChain => "chain",
            Format::CanonSighash => "sighash",
        }
    }
}

/// Runs every vector file under `path` (a file, or a directory searched
/// recursively for `.json` and `.csv` files in name order).
pub fn run_path(path: &Path, report: &mut Report) {
    run_path_with(path, &mut CanonEngine::new(), report);
}

/// Runs one vector file with canon's own engine.
pub fn run_file(path: &Path, report: &mut Report) {
    run_file_with(path, &mut CanonEngine::new(), report);
}

/// Runs every vector file under `path` (a file, or a directory searched
/// recursively for `.json` and `.csv` files in name order), asking `engine`.
pub fn run_path_with(path: &Path, engine: &mut dyn Engine, report: &mut Report) {
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
            Ok(files) => files
                .iter()
                .for_each(|file| run_file_with(file, engine, report)),
            Err(e) => report.check(
                &shown,
                "directory",
                Err(format!("cannot read directory: {e}")),
            ),
        }
    } else {
        run_file_with(path, engine, report);
    }
}

/// The vector files `run_path` would run for `path`, in order.
///
/// # Errors
/// A directory that cannot be read.
pub fn files_under(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_dir() {
        vector_files(path)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// Runs one vector file, asking `engine`. Formats the runner protocol has no
/// kind for run only when the engine is canon's; otherwise the file is one
/// skipped case that says so.
pub fn run_file_with(path: &Path, engine: &mut dyn Engine, report: &mut Report) {
    let first = report.results.len();
    let kind = run_file_cases(path, engine, report).map_or("file", Format::kind);
    for result in &mut report.results[first..] {
        if result.kind.is_empty() {
            result.kind = kind.to_string();
        }
    }
}

/// Runs the cases of one file; returns its format when it was recognised.
fn run_file_cases(path: &Path, engine: &mut dyn Engine, report: &mut Report) -> Option<Format> {
    let shown = path.display().to_string();
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            report.check(&shown, "file", Err(format!("cannot read: {e}")));
            return None;
        }
    };
    let Some(format) = Format::detect(path, &text) else {
        report.check(&shown, "file", Err("unrecognised vector format".into()));
        return None;
    };
    // The formats whose runners ask the engine; any other (a new format
    // too, until its runner is routed) runs only when canon is the engine.
    let asks_engine = matches!(
        format,
        Format::CanonDecode
            | Format::ScriptTests
            | Format::TxValid
            | Format::TxInvalid
            | Format::ScriptAssets
            | Format::CanonScript
            | Format::CanonTx
            | Format::CanonTxInContext
            | Format::CanonBlock
            | Format::CanonChain
            | Format::CanonSighash
    );
    if !asks_engine && !engine.is_canon() {
        let why = format!(
            "unsupported: the runner protocol has no kind for {format:?} vectors; run them without --impl"
        );
        report.record(&shown, "file", Verdict::Skip(why));
        return Some(format);
    }
    match format {
        Format::CanonDecode => decode_vectors::run_with(&shown, &text, engine, report),
        Format::Base58EncodeDecode => base58_vectors::run(&shown, &text, report),
        Format::KeyIoValid => key_io_vectors::run_valid(&shown, &text, report),
        Format::KeyIoInvalid => key_io_vectors::run_invalid(&shown, &text, report),
        Format::ScriptTests => script_tests::run_with(&shown, &text, engine, report),
        Format::TxValid => {
            tx_vectors::run_with(&shown, &text, tx_vectors::Expect::Valid, engine, report)
        }
        Format::TxInvalid => {
            tx_vectors::run_with(&shown, &text, tx_vectors::Expect::Invalid, engine, report)
        }
        Format::Sighash => sighash_vectors::run(&shown, &text, report),
        Format::Bip341Wallet => bip341_vectors::run(&shown, &text, report),
        Format::Bip340 => bip340_vectors::run(&shown, &text, report),
        Format::ScriptAssets => script_assets::run_core_with(&shown, &text, engine, report),
        Format::CanonScript => script_assets::run_canon_with(&shown, &text, engine, report),
        Format::ScriptRegression => script_vectors::run(&shown, &text, report),
        Format::CanonTx => check_tx_vectors::run_with(&shown, &text, engine, report),
        Format::CanonTxInContext => tx_context_vectors::run_with(&shown, &text, engine, report),
        Format::CanonBlock => chain_runner::run_block_file(&shown, &text, engine, report),
        Format::CanonChain => chain_runner::run_chain_file(&shown, &text, engine, report),
        Format::CanonSighash => sighash_kind::run_with(&shown, &text, engine, report),
    }
    Some(format)
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
