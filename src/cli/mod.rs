//! Subcommand implementations. Each returns the process exit code, or an
//! error message for a usage or I/O problem (exit status 2).

pub mod adapter;
pub mod connect;
pub mod decode;
pub mod generate;
pub mod progress;
pub mod replay;
pub mod rules;
pub mod run;
pub mod verify_script;

use std::fs;

/// Reads a command-line byte argument: hex text, or `@FILE` whose contents are
/// raw bytes or hex text (whitespace ignored).
pub fn read_bytes_arg(arg: &str) -> Result<Vec<u8>, String> {
    let Some(path) = arg.strip_prefix('@') else {
        return parse_hex(arg)
            .map_err(|e| format!("argument is not hex ({e}); use @FILE to read a file"));
    };
    let bytes = fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let text: String = match std::str::from_utf8(&bytes) {
        Ok(text) => text.chars().filter(|c| !c.is_whitespace()).collect(),
        Err(_) => return Ok(bytes),
    };
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        parse_hex(&text).map_err(|e| format!("{path} looks like hex but is not: {e}"))
    } else {
        Ok(bytes)
    }
}

fn parse_hex(text: &str) -> Result<Vec<u8>, hex::FromHexError> {
    hex::decode(text.trim())
}

/// Writes `text` to standard output. A closed pipe (`canon ... | head`) ends
/// the output quietly instead of panicking.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("canon: cannot write output: {e}");
        }
    }
}
