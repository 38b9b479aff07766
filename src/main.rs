//! The `canon` command: a thin layer over the library.

#![forbid(unsafe_code)]

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    ///
    /// With `--impl COMMAND`, another implementation is judged instead of
    /// canon: COMMAND is started with `sh -c` and answers one JSON request a
    /// line on stdin with one JSON answer a line on stdout (the runner
    /// protocol, spec/runner-protocol.md). Verdicts and reasons are compared
    /// apart: a verdict disagreement fails the case, a reason difference
    /// alone is counted and listed (`--strict-reasons` fails it too). A
    /// question the adapter cannot answer skips the case; an adapter that
    /// crashes, hangs or prints garbage fails that case and is restarted.
    Run {
        /// Vector files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print each case's verdict, not only failures and skips.
        #[arg(long, short)]
        verbose: bool,
        /// Judge another implementation through this adapter command.
        #[arg(long = "impl", value_name = "COMMAND")]
        implementation: Option<String>,
        /// Seconds the adapter has to answer one request.
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
        timeout: f64,
        /// Print the report as JSON on stdout (the summary line goes to stderr).
        #[arg(long)]
        json: bool,
        /// With --impl, fail a case whose reason alone differs.
        #[arg(long)]
        strict_reasons: bool,
    },
    /// Answer runner-protocol requests on stdin with canon's own engine.
    ///
    /// `canon run --impl 'canon adapter' PATH...` checks the protocol end to
    /// end; the loop is also a reference for other implementations' adapters.
    Adapter,
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
        Command::Run {
            paths,
            verbose,
            implementation,
            timeout,
            json,
            strict_reasons,
        } => match Duration::try_from_secs_f64(timeout) {
            Ok(timeout) if !timeout.is_zero() => cli::run::run(&cli::run::Options {
                paths,
                verbose,
                implementation,
                timeout,
                json,
                strict_reasons,
            }),
            _ => Err(format!(
                "--timeout {timeout}: not a positive number of seconds"
            )),
        },
        Command::Adapter => cli::adapter::run(),
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
