//! `canon verify-script`: one script verification, a JSON verdict out.

use std::process::ExitCode;

use canon::conformance::verify_tool::{verify_request, ScriptText, SpendingTx, VerifyRequest};

/// The command-line arguments of `canon verify-script`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scriptPubKey being spent (hex; Core's test notation with --asm).
    #[arg(long)]
    pub script_pubkey: String,
    /// The scriptSig (hex; Core's test notation with --asm). Default: empty, or
    /// the input's own when --tx is given.
    #[arg(long)]
    pub script_sig: Option<String>,
    /// One witness stack item in hex, bottom first; repeat for each item.
    /// Default: none, or the input's own when --tx is given.
    #[arg(long = "witness")]
    pub witness: Vec<String>,
    /// Read --script-pubkey and --script-sig in Core's test notation
    /// (`DUP HASH160 0x14 0x... EQUALVERIFY CHECKSIG`, `'text'`, numbers).
    #[arg(long)]
    pub asm: bool,
    /// Value of the spent output, in satoshis.
    #[arg(long, default_value_t = 0)]
    pub amount: i64,
    /// Verification flags, comma-separated, as Core's vectors name them
    /// (P2SH,DERSIG,...,WITNESS,TAPROOT). Empty for none.
    #[arg(long, default_value = "")]
    pub flags: String,
    /// The spending transaction (hex or @FILE). Without it, Core's synthetic
    /// crediting/spending pair of script_tests.json is used.
    #[arg(long)]
    pub tx: Option<String>,
    /// The input of --tx being verified.
    #[arg(long, default_value_t = 0, requires = "tx")]
    pub input: usize,
    /// Every output spent by --tx, in input order, as VALUE:SCRIPTHEX (needed
    /// for taproot); repeat once per input.
    #[arg(long = "spent-output", requires = "tx")]
    pub spent_outputs: Vec<String>,
}

/// Runs one verification and prints its verdict; exit 1 when the script fails.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let text = |s: String| {
        if args.asm {
            ScriptText::Asm(s)
        } else {
            ScriptText::Hex(s)
        }
    };
    let tx = match args.tx {
        Some(tx) => Some(SpendingTx {
            hex: hex::encode(super::read_bytes_arg(&tx)?),
            input_index: args.input,
            spent_outputs: parse_spent_outputs(&args.spent_outputs)?,
        }),
        None => None,
    };
    let request = VerifyRequest {
        script_sig: args.script_sig.map(text),
        script_pubkey: text(args.script_pubkey),
        witness: (!args.witness.is_empty()).then_some(args.witness),
        amount: args.amount,
        flags: args.flags,
        tx,
    };
    let verdict = verify_request(&request).map_err(|e| e.0)?;
    let mut out = serde_json::to_string_pretty(&verdict).expect("a JSON value always serializes");
    out.push('\n');
    super::print_out(&out);
    Ok(if verdict["result"] == "ok" {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn parse_spent_outputs(items: &[String]) -> Result<Option<Vec<(i64, String)>>, String> {
    if items.is_empty() {
        return Ok(None);
    }
    items
        .iter()
        .map(|item| {
            let (value, script) = item
                .split_once(':')
                .ok_or_else(|| format!("--spent-output {item:?} is not VALUE:SCRIPTHEX"))?;
            let value = value
                .parse()
                .map_err(|e| format!("--spent-output value {value:?}: {e}"))?;
            Ok((value, script.to_string()))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Some)
}
