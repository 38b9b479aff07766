//! `canon generate`: canon's own vector corpus, written deterministically.
//!
//! Each family is a module whose scenarios read as a list: one function per
//! rule family, each returning cases. The corpus is a set of files relative
//! to the corpus directory; [`corpus`] builds them all in memory so that
//! writing and checking for staleness share one code path.

pub mod block;
pub mod chain;
pub mod decode;
pub mod scenario;
pub mod script;
pub mod sighash;
pub mod signatures;
pub mod signet;
pub mod taproot;
pub mod tx;
pub mod tx_context;

use std::fs;
use std::path::Path;

/// One generated file: its path under the corpus directory and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the corpus directory, `/`-separated.
    pub path: String,
    /// The exact bytes to write.
    pub contents: String,
}

/// The generator name recorded in every file's provenance.
pub fn generator_name(family: &str) -> String {
    format!("canon {} generate {family}", env!("CARGO_PKG_VERSION"))
}

/// Serializes a vector file as pretty JSON with a trailing newline.
pub fn to_json_text<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("vector types always serialize");
    text.push('\n');
    text
}

/// Every file of the corpus.
pub fn corpus() -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    files.extend(decode::files());
    files.extend(taproot::files());
    files.extend(tx::files());
    files.extend(script::files());
    files.extend(tx_context::files());
    files.extend(signet::files());
    files.extend(sighash::files());
    files.extend(signatures::files());
    files.extend(block::files());
    files.extend(chain::files());
    files
}

/// Writes the corpus under `dir`, returning the paths written.
///
/// # Errors
/// An I/O error, with the path.
pub fn write_corpus(dir: &Path) -> Result<Vec<String>, String> {
    let mut written = Vec::new();
    for file in corpus() {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(file.path);
    }
    Ok(written)
}

/// The corpus files under `dir` that are missing or differ from what would
/// be generated.
pub fn stale_files(dir: &Path) -> Vec<String> {
    corpus()
        .into_iter()
        .filter(|file| {
            fs::read_to_string(dir.join(&file.path)).ok().as_deref() != Some(file.contents.as_str())
        })
        .map(|file| file.path)
        .collect()
}
