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
    /// Print the rule catalogue: every rule of spec/ with its outcome token,
    /// canon function and statement.
    ///
    /// `canon rules RULE-ID` prints one rule in full: statement, outcome
    /// token, BIPs, Core functions, canon functions, error variants and the
    /// vectors of the corpus that exercise it (file, case, passing or
    /// failing); the exit status is 1 for an unknown ID. `--json` prints the
    /// same fields (for every rule, or the one given) as JSON.
    ///
    /// With `--coverage`, print per rule how many passing and failing
    /// vectors of the corpus exercise it; the exit status is 1 when a
    /// consensus rule (under `--group`, if given) has no passing vector, or
    /// has an outcome token and no failing vector.
    Rules(cli::rules::Args),
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
    /// Connect the blocks of block files (`blk*.dat`) from genesis.
    ///
    /// Each FILE holds `[network magic][length][block]` frames, as Core's
    /// block files do. Every block is validated with every rule and the
    /// most-work chain is followed; a block whose parent comes later waits
    /// for it. Prints the tip's height and hash and the UTXO set's size and
    /// hash. An invalid block stops the replay with its height, hash and
    /// Core's reject reason (exit status 1); a wrong magic or a truncated
    /// frame is an error (exit status 2).
    Replay {
        /// The network the blocks belong to.
        #[arg(long, value_enum)]
        network: cli::replay::NetworkArg,
        /// Block files, in order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Validate one block against a UTXO set, without its ancestors.
    ///
    /// UTXOS is a JSON array of `{"txid": display hex, "vout": n, "value":
    /// sats, "script_pubkey": hex, "height": n, "coinbase": bool}`. BLOCK is
    /// hex or @FILE. Prints `valid` and the fees, or Core's reject reason
    /// (exit status 1); rules that need the block's ancestors (its
    /// difficulty, the BIP-0094 timewarp rule, and without --mtp the median
    /// time past) are listed as skipped.
    Connect {
        /// The network.
        #[arg(long, value_enum)]
        network: cli::replay::NetworkArg,
        /// The block's height.
        #[arg(long)]
        height: u32,
        /// The coins the block may spend (JSON).
        #[arg(long)]
        utxos: PathBuf,
        /// The median time past of the block's parent.
        #[arg(long)]
        mtp: Option<i64>,
        /// The block: hex, or @FILE.
        block: String,
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
        Command::Rules(args) => cli::rules::run(&args),
        Command::Generate { out, check } => cli::generate::run(&out, check),
        Command::Replay { network, files } => cli::replay::run(network, &files),
        Command::Connect {
            network,
            height,
            utxos,
            mtp,
            block,
        } => cli::connect::run(network, height, &utxos, mtp, &block),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("canon: {message}");
            ExitCode::from(2)
        }
    }
}
