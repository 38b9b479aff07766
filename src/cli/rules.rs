//! `canon rules`: the rule catalogue; one rule in full with its vectors
//! (`canon rules ID`); the whole catalogue as JSON (`--json`); and with
//! `--coverage` the vectors per rule.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use canon::conformance::catalogue::{catalogue, corpus_coverage, gaps, in_group, Rule};
use canon::conformance::rule_vectors::{corpus_vectors, VectorRef};
use serde_json::{json, Value};

use super::print_out;

/// The options of `canon rules`.
#[derive(clap::Args)]
pub struct Args {
    /// Print this rule in full: statement, outcome token, BIPs, Core
    /// functions, canon functions, error variants, and every vector of the
    /// corpus that exercises it (file, case, passing or failing). Exit 1 when
    /// no rule has this ID.
    #[arg(value_name = "RULE-ID")]
    id: Option<String>,
    /// Print how many passing and failing vectors exercise each rule; exit 1
    /// when a consensus rule lacks either.
    #[arg(long, conflicts_with_all = ["id", "json"])]
    coverage: bool,
    /// Print the rules (all, under `--group`, or the one given) as JSON: every
    /// field of the entry plus the vectors that exercise it.
    #[arg(long)]
    json: bool,
    /// Only the rules whose ID starts with PREFIX (`ENC`, `TAPROOT-`, ...),
    /// or with any of several prefixes joined by commas (`TX-VIN,TX-VOUT`).
    #[arg(long, value_name = "PREFIX[,PREFIX...]", conflicts_with = "id")]
    group: Option<String>,
    /// Where canon's corpus lives (read for `RULE-ID`, `--json` and
    /// `--coverage`).
    #[arg(long, default_value = "vectors", value_name = "DIR")]
    vectors: PathBuf,
}

/// Prints the catalogue, one rule, the JSON, or the coverage and its verdict.
pub fn run(args: &Args) -> Result<ExitCode, String> {
    if let Some(id) = &args.id {
        return one_rule(args, id);
    }
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
    if args.json {
        let vectors = read_vectors(args)?;
        let all: Vec<Value> = rules.iter().map(|r| rule_json(r, &vectors)).collect();
        print_out(&pretty(&Value::Array(all)));
        return Ok(ExitCode::SUCCESS);
    }
    if args.coverage {
        return coverage(args, &rules);
    }
    let mut out = String::new();
    for rule in &rules {
        let token = rule.token.as_deref().unwrap_or("-");
        out.push_str(&format!(
            "{:<34} {:<40} {:<36} {}\n",
            rule.id,
            token,
            short_canon(&rule.canon),
            rule.statement
        ));
    }
    out.push_str(&format!("{} rules\n", rules.len()));
    print_out(&out);
    Ok(ExitCode::SUCCESS)
}

/// `canon rules ID` (with `--json`, as one JSON object).
fn one_rule(args: &Args, id: &str) -> Result<ExitCode, String> {
    let rules = catalogue();
    let Some(rule) = rules.iter().find(|rule| rule.id.eq_ignore_ascii_case(id)) else {
        let upper = id.to_ascii_uppercase();
        let near: Vec<&str> = rules
            .iter()
            .filter(|rule| rule.id.starts_with(&upper))
            .map(|rule| rule.id.as_str())
            .collect();
        let hint = if near.is_empty() {
            "`canon rules` lists every rule ID".to_string()
        } else {
            format!("rules starting with it: {}", near.join(", "))
        };
        eprintln!("canon: no rule {id:?} in the catalogue ({hint})");
        return Ok(ExitCode::FAILURE);
    };
    let vectors = read_vectors(args)?;
    if args.json {
        print_out(&pretty(&rule_json(rule, &vectors)));
        return Ok(ExitCode::SUCCESS);
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            "-".to_string()
        } else {
            items.join(", ")
        }
    };
    let kind = if rule.consensus {
        ""
    } else {
        " (not consensus)"
    };
    let mut out = format!("{}{kind}\n", rule.id);
    out.push_str(&format!("  page:      spec/{}\n", rule.page));
    out.push_str(&format!(
        "  statement: {}\n",
        wrap(&rule.full_statement, 13)
    ));
    let outcome = rule.token.as_deref().unwrap_or("- (a definition)");
    out.push_str(&format!("  outcome:   {outcome}\n"));
    out.push_str(&format!("  BIPs:      {}\n", list(&rule.bips)));
    out.push_str(&format!("  Core:      {}\n", list(&rule.core)));
    out.push_str(&format!("  canon:     {}\n", list(&rule.canon)));
    out.push_str(&format!("  variants:  {}\n", list(&rule.variants)));
    if let Some(why) = &rule.unreachable {
        out.push_str(&format!("  unreachable: {}\n", wrap(why, 15)));
    }
    let found = vectors.get(&rule.id).map_or(&[][..], Vec::as_slice);
    let (passing, failing) = counts(found);
    out.push_str(&format!(
        "  vectors:   {} cases ({passing} passing, {failing} failing) under {}\n",
        found.len(),
        args.vectors.display()
    ));
    for vector in found {
        out.push_str(&format!(
            "    {} {} ({})\n",
            vector.file,
            vector.case,
            vector.expectation()
        ));
    }
    print_out(&out);
    Ok(ExitCode::SUCCESS)
}

/// `canon rules --coverage`.
fn coverage(args: &Args, rules: &[Rule]) -> Result<ExitCode, String> {
    let coverage = corpus_coverage(&args.vectors)?;
    let mut out = format!("{:<34} {:>7} {:>7}\n", "rule", "passing", "failing");
    for rule in rules {
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
    let missing = gaps(rules, &coverage, None);
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

fn read_vectors(args: &Args) -> Result<BTreeMap<String, Vec<VectorRef>>, String> {
    corpus_vectors(&args.vectors).map_err(|e| {
        format!("{e} (the corpus is read from --vectors DIR, default `vectors` in the current directory)")
    })
}

/// The passing and failing vectors among `vectors` (a case may be both).
fn counts(vectors: &[VectorRef]) -> (usize, usize) {
    (
        vectors.iter().filter(|v| v.passing).count(),
        vectors.iter().filter(|v| v.failing).count(),
    )
}

/// The canon column: the first function's item (`check_transaction`,
/// `Transaction::weight`), and `+N` for the others.
fn short_canon(canon: &[String]) -> String {
    let Some(first) = canon.first() else {
        return "-".to_string();
    };
    let parts: Vec<&str> = first.split("::").collect();
    let keep = match parts.as_slice() {
        [.., ty, _] if ty.starts_with(|c: char| c.is_ascii_uppercase()) => 2,
        _ => 1,
    };
    let item = parts[parts.len().saturating_sub(keep)..].join("::");
    match canon.len() {
        1 => item,
        n => format!("{item} +{}", n - 1),
    }
}

fn rule_json(rule: &Rule, vectors: &BTreeMap<String, Vec<VectorRef>>) -> Value {
    let found = vectors.get(&rule.id).map_or(&[][..], Vec::as_slice);
    let (passing, failing) = counts(found);
    json!({
        "id": rule.id,
        "group": rule.group,
        "page": rule.page,
        "consensus": rule.consensus,
        "token": rule.token,
        "statement": rule.full_statement,
        "summary": rule.statement,
        "bips": rule.bips,
        "core": rule.core,
        "canon": rule.canon,
        "variants": rule.variants,
        "unreachable": rule.unreachable,
        "coverage": {"passing": passing, "failing": failing},
        "vectors": found.iter().map(|v| json!({
            "file": v.file,
            "case": v.case,
            "passing": v.passing,
            "failing": v.failing,
        })).collect::<Vec<_>>(),
    })
}

/// `text` wrapped at 80 columns, lines after the first indented by `indent`.
fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut column = indent;
    for word in text.split_whitespace() {
        if column > indent && column + 1 + word.len() > 80 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = indent;
        } else if column > indent {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.chars().count();
    }
    out
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
    text.push('\n');
    text
}
