//! `canon rules`: the rule catalogue, and with `--coverage` the vectors per rule.

use std::path::PathBuf;
use std::process::ExitCode;

use canon::conformance::catalogue::{catalogue, corpus_coverage, gaps, in_group, Rule};

use super::print_out;

/// The options of `canon rules`.
#[derive(clap::Args)]
pub struct Args {
    /// Print how many passing and failing vectors exercise each rule; exit 1
    /// when a consensus rule lacks either.
    #[arg(long)]
    coverage: bool,
    /// Only the rules whose ID starts with PREFIX (`ENC`, `TAPROOT-`, ...),
    /// or with any of several prefixes joined by commas (`TX-VIN,TX-VOUT`).
    #[arg(long, value_name = "PREFIX[,PREFIX...]")]
    group: Option<String>,
    /// Where canon's corpus lives.
    #[arg(long, default_value = "vectors", value_name = "DIR")]
    vectors: PathBuf,
}

/// Prints the catalogue, or the coverage and its verdict.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let rules: Vec<Rule> = catalogue()
        .into_iter()
        .filter(|rule| args.group.as_deref().is_none_or(|g| in_group(&rule.id, g)))
        .collect();
    if rules.is_empty() {
        return Err(format!(
            "no rule ID starts with {:?}",
            args.group.as_deref().unwrap_or_default()
        ));
    }
    if !args.coverage {
        let mut out = String::new();
        for rule in &rules {
            let token = rule.token.as_deref().unwrap_or("-");
            out.push_str(&format!(
                "{:<34} {:<9} {:<40} {}\n",
                rule.id, rule.group, token, rule.statement
            ));
        }
        out.push_str(&format!("{} rules\n", rules.len()));
        print_out(&out);
        return Ok(ExitCode::SUCCESS);
    }
    let coverage = corpus_coverage(&args.vectors)?;
    let mut out = format!("{:<34} {:>7} {:>7}\n", "rule", "passing", "failing");
    for rule in &rules {
        let seen = coverage.get(&rule.id).copied().unwrap_or_default();
        let note = match (rule.consensus, rule.token.is_some(), &rule.unreachable) {
            (false, _, _) => "  (not consensus)".to_string(),
            (true, false, _) => "  (definition: no outcome to fail with)".to_string(),
            (true, true, Some(why)) => format!("  (unreachable: {why})"),
            (true, true, None) => String::new(),
        };
        out.push_str(&format!(
            "{:<34} {:>7} {:>7}{note}\n",
            rule.id, seen.passing, seen.failing
        ));
    }
    let missing = gaps(&rules, &coverage, None);
    for rule in &missing {
        out.push_str(&format!("uncovered: {}\n", rule.id));
    }
    let consensus = rules.iter().filter(|r| r.consensus).count();
    out.push_str(&format!(
        "{} of {consensus} consensus rules covered, {} uncovered\n",
        consensus - missing.len(),
        missing.len()
    ));
    print_out(&out);
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
