//! The `canon` command: a thin layer over the library.

#![forbid(unsafe_code)]

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// canon: an executable specification of Bitcoin.
///
/// Every consensus rule of Bitcoin, written to be read, checked against
/// Bitcoin Core's own test vectors and canon's generated corpus.
#[derive(Parser)]
#[command(name = "canon", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a transaction, block or header and print it as JSON.
    ///
    /// The input is hex, or `@FILE` to read a file: raw bytes, or hex text
    /// (whitespace ignored). Decoding follows Bitcoin Core exactly; a failure
    /// prints Core's reason and exits with status 1.
    Decode {
        /// What the bytes are.
        #[arg(value_enum)]
        object: cli::decode::Object,
        /// Hex, or @FILE.
        input: String,
        /// For a block, print every transaction in full, not only the txids.
        #[arg(long)]
        full: bool,
    },
    /// Run test vectors and report `N passed, N failed`.
    ///
    /// Each PATH is a vector file or a directory searched for `.json`/`.csv`
    /// files. Upstream files are recognised by their names
    /// (`base58_encode_decode.json`, `key_io_valid.json`, ...); canon's own by
    /// their `kind`. The last line is `N passed, N failed` (`, N skipped` when
    /// cases were skipped, each listed with its reason); the exit status is 1
    /// when anything failed.
    Run {
        /// Vector files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print each case's verdict, not only failures and skips.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Verify one script spend and print the verdict as JSON.
    ///
    /// Prints `{"result": "ok"}` or `{"result": "error", "error": TOKEN}` where
    /// TOKEN is Core's script error name (`EVAL_FALSE`, `SIG_DER`, ...); the
    /// exit status is 1 when the script fails, 2 for a malformed request.
    VerifyScript(cli::verify_script::Args),
    /// Write canon's own vector corpus under a directory (default `vectors/`).
    ///
    /// Generation is deterministic: the same canon writes the same bytes on any
    /// machine. With `--check`, nothing is written; the command fails if the
    /// files on disk differ from what would be generated.
    Generate {
        /// Where the corpus lives.
        #[arg(long, default_value = "vectors")]
        out: PathBuf,
        /// Compare instead of writing; exit 1 if stale.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode {
            object,
            input,
            full,
        } => cli::decode::run(object, &input, full),
        Command::Run { paths, verbose } => cli::run::run(&paths, verbose),
        Command::VerifyScript(args) => cli::verify_script::run(args),
        Command::Generate { out, check } => cli::generate::run(&out, check),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("canon: {message}");
            ExitCode::from(2)
        }
    }
}
