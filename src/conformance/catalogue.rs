//! The rule catalogue: every rule of `spec/`, the error variants that report
//! it, and the vectors that exercise it.
//!
//! Three sources, kept from drifting apart by tests:
//! - the spec pages (compiled in): each rule is a heading whose text is its
//!   ID (`## ENC-COMPACTSIZE-CANONICAL`; several IDs may share a heading,
//!   separated by commas) or a bold list item (`- **TX-FEE-RANGE** `token`:
//!   ...`). Its entry is the text up to the next heading (or list item). The
//!   entry's **Outcome** is the first code span after `**Outcome**`, its
//!   **Statement** the text after `**Statement.**`, its references the
//!   `BIP-NNNN` it cites and the code spans after `**Core**`, and canon's
//!   functions the code spans after `**Canon**` (paths from the crate root);
//! - the code's error enums ([`super::error_rules`]): every variant's rule ID;
//! - the corpus under `vectors/`: the `rules` field of every case, counted
//!   as a passing or a failing vector.
//!
//! `canon rules` prints the catalogue; `canon rules ID` one rule with its
//! vectors ([`super::rule_vectors`]); `canon rules --coverage` the vectors
//! per rule (see `spec/README.md`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// The spec pages holding rules, compiled in.
pub const PAGES: [(&str, &str); 9] = [
    ("encoding.md", include_str!("../../spec/encoding.md")),
    ("primitives.md", include_str!("../../spec/primitives.md")),
    ("validation.md", include_str!("../../spec/validation.md")),
    ("chain.md", include_str!("../../spec/chain.md")),
    ("pow.md", include_str!("../../spec/pow.md")),
    ("script.md", include_str!("../../spec/script.md")),
    ("sighash.md", include_str!("../../spec/sighash.md")),
    ("taproot.md", include_str!("../../spec/taproot.md")),
    ("address.md", include_str!("../../spec/address.md")),
];

/// The pages whose rules are not consensus rules (they are listed, but
/// `--coverage` does not require vectors for them). A single entry says so
/// with `**Not consensus**`.
const NOT_CONSENSUS: [&str; 1] = ["address.md"];

/// One rule of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The stable ID.
    pub id: String,
    /// The ID's prefix (`ENC`, `TAPROOT`, ...).
    pub group: String,
    /// The spec page (`encoding.md`).
    pub page: String,
    /// The outcome token when the rule is broken, as the page writes it;
    /// `None` for a definition (a rule nothing can break on its own).
    pub token: Option<String>,
    /// The statement's first sentence, on one line.
    pub statement: String,
    /// The whole statement, on one line (for a list item, the item's text
    /// after its token).
    pub full_statement: String,
    /// The BIPs the entry cites (`BIP-0341`).
    pub bips: Vec<String>,
    /// The Core functions the entry names after `**Core**`.
    pub core: Vec<String>,
    /// canon's functions that implement the rule, named after `**Canon**`
    /// by their path from the crate root (`validation::tx_check::check_transaction`,
    /// `primitives::transaction::Transaction::weight`).
    pub canon: Vec<String>,
    /// The error variants the entry names (`Base58Error::ContainsNul`).
    pub variants: Vec<String>,
    /// Whether the rule is a consensus rule.
    pub consensus: bool,
    /// Why no vector can break the rule, when none can (the entry's
    /// `**Unreachable.**` text): `--coverage` then lists the rule with this
    /// reason and asks for no vector.
    pub unreachable: Option<String>,
}

/// Whether `text` is a rule ID: upper-case words joined by `-`, not a BIP.
pub fn is_rule_id(text: &str) -> bool {
    let mut parts = text.split('-');
    let first = parts.next().unwrap_or_default();
    first.len() >= 2
        && first != "BIP"
        && first.chars().all(|c| c.is_ascii_uppercase())
        && text.contains('-')
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// The whole catalogue, in page order.
pub fn catalogue() -> Vec<Rule> {
    PAGES
        .iter()
        .flat_map(|(page, text)| parse_page(page, text))
        .collect()
}

/// The rules of one page.
pub fn parse_page(page: &str, text: &str) -> Vec<Rule> {
    let lines: Vec<&str> = text.lines().collect();
    let mut rules = Vec::new();
    let mut in_code = false;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if let Some(ids) = heading_ids(line) {
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].starts_with('#'))
                .unwrap_or(lines.len());
            let body = lines[i + 1..end].join("\n");
            rules.extend(entries(page, &ids, &body));
        } else if let Some((id, rest)) = bold_item(line) {
            let end = (i + 1..lines.len())
                .find(|&j| !lines[j].starts_with("  ") || lines[j].trim().is_empty())
                .unwrap_or(lines.len());
            let body = std::iter::once(rest)
                .chain(lines[i + 1..end].iter().copied())
                .collect::<Vec<_>>()
                .join("\n");
            rules.extend(entries(page, &[id], &format!("**Outcome** {body}")));
        }
    }
    rules
}

/// The IDs of a heading that names rules (`### A-B, C-D`).
fn heading_ids(line: &str) -> Option<Vec<String>> {
    let text = line.trim_start_matches('#');
    if text.len() == line.len() || !text.starts_with(' ') {
        return None;
    }
    let ids: Vec<String> = text.split(',').map(|s| s.trim().to_string()).collect();
    ids.iter().all(|id| is_rule_id(id)).then_some(ids)
}

/// A list item `- **ID** rest`: the ID and the rest.
fn bold_item(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix("- **")?;
    let (id, rest) = rest.split_once("**")?;
    is_rule_id(id).then(|| (id.to_string(), rest.trim_start()))
}

/// The entries of a heading (or item) with `ids` and text `body`. Several
/// IDs share the body; their tokens are the outcome's code spans in order.
fn entries(page: &str, ids: &[String], body: &str) -> Vec<Rule> {
    let outcome = after_marker(body, &["**Outcomes**", "**Outcome.**", "**Outcome**"]);
    let tokens = outcome.map(section).map(outcome_tokens).unwrap_or_default();
    let canon = after_marker(body, &["**Canon**", "**Canon.**"])
        .map(|text| code_spans(section(text)))
        .unwrap_or_default();
    let body_text = body.find("**Canon").map_or(body, |at| &body[..at]);
    let statement_text = after_marker(body_text, &["**Statement.**", "**Statement**"])
        .map(section)
        .or_else(|| {
            ids.len()
                .eq(&1)
                .then(|| body_text.split_once(':').map(|(_, s)| section(s)))?
        });
    let statement = statement_text.map(first_sentence).unwrap_or_default();
    let full_statement = statement_text
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let core = after_marker(body, &["**Core**", "**Core.**"])
        .map(|text| code_spans(section(text)))
        .unwrap_or_default();
    let unreachable = after_marker(body, &["**Unreachable.**", "**Unreachable**"])
        .map(|text| first_sentence(section(text)));
    let variants = code_spans(body)
        .into_iter()
        .filter(|span| is_variant_name(span))
        .collect::<Vec<_>>();
    ids.iter()
        .enumerate()
        .map(|(i, id)| Rule {
            id: id.clone(),
            group: id.split('-').next().unwrap_or_default().to_string(),
            page: page.to_string(),
            token: tokens.get(i).or(tokens.first()).cloned(),
            statement: statement.clone(),
            full_statement: full_statement.clone(),
            bips: bips(body),
            core: core.clone(),
            canon: canon.clone(),
            variants: variants.clone(),
            consensus: !NOT_CONSENSUS.contains(&page) && !body.contains("**Not consensus"),
            unreachable: unreachable.clone(),
        })
        .collect()
}

/// The tokens of an outcome: its code spans (variant names aside) when it
/// is a list of them, else its prose as written, on one line.
fn outcome_tokens(text: &str) -> Vec<String> {
    let text = text.trim();
    if text.starts_with('`') || text.starts_with('[') {
        return code_spans(text)
            .into_iter()
            .filter(|span| !span.contains("::"))
            .collect();
    }
    let prose = text.replace('`', "");
    let prose = prose.split_whitespace().collect::<Vec<_>>().join(" ");
    vec![prose.trim_end_matches('.').to_string()]
}

/// The text after the first of `markers` found in `body`.
fn after_marker<'a>(body: &'a str, markers: &[&str]) -> Option<&'a str> {
    markers
        .iter()
        .find_map(|m| body.find(m).map(|at| &body[at + m.len()..]))
}

/// The text up to the next bold marker (`**Statement.**`, ...).
fn section(text: &str) -> &str {
    text.find("**").map_or(text, |end| &text[..end])
}

/// The contents of the `code spans` of `text`, in order.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Whether a code span names an error variant (`DecodeError::TrailingData`).
fn is_variant_name(span: &str) -> bool {
    span.split_once("::").is_some_and(|(ty, variant)| {
        ty.ends_with("Error")
            && ty.chars().all(|c| c.is_ascii_alphanumeric())
            && variant.starts_with(|c: char| c.is_ascii_uppercase())
            && variant.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// The first sentence of `text` on one line, at most 110 characters.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = flat
        .find(". ")
        .map_or(flat.as_str(), |end| &flat[..=end])
        .trim();
    match sentence.char_indices().nth(110) {
        Some((at, _)) => format!("{}...", &sentence[..at]),
        None => sentence.to_string(),
    }
}

/// The distinct `BIP-NNNN` references of `text`, in order.
fn bips(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (at, _) in text.match_indices("BIP-") {
        let digits: String = text[at + 4..].chars().take(4).collect();
        if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
            let bip = format!("BIP-{digits}");
            if !found.contains(&bip) {
                found.push(bip);
            }
        }
    }
    found
}

/// How many vectors exercise a rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Vectors expected to pass (be accepted).
    pub passing: usize,
    /// Vectors expected to fail (be rejected).
    pub failing: usize,
}

/// Counts the corpus under `dir` per rule ID: each case (each part of a
/// script case) is one vector, passing or failing, for every rule it names.
///
/// # Errors
/// A file that cannot be read or parsed.
pub fn corpus_coverage(dir: &Path) -> Result<BTreeMap<String, Coverage>, String> {
    let vectors = super::rule_vectors::corpus_vectors(dir)?;
    Ok(vectors
        .into_iter()
        .map(|(rule, refs)| {
            let count = |pick: fn(&super::rule_vectors::VectorRef) -> bool| {
                refs.iter().filter(|r| pick(r)).count()
            };
            let coverage = Coverage {
                passing: count(|r| r.passing),
                failing: count(|r| r.failing),
            };
            (rule, coverage)
        })
        .collect())
}

/// How many passing and failing vectors (0 or 1 each) one case of the
/// corpus is, as [`corpus_coverage`] counts it (see [`expectations`]).
pub fn case_expectations(case: &Value) -> (usize, usize) {
    expectations(case)
}

/// How many passing and failing vectors a case (or a chain step) is: by
/// its expected `result` (`ok` and `accepted` pass), a sighash case by
/// whether it expects a `sighash` or an `error`, a script case by its
/// `success` and `failure` parts.
fn expectations(case: &Value) -> (usize, usize) {
    if case["expect"].get("sighash").is_some() {
        return (1, 0);
    }
    if case["expect"].get("error").is_some() && case["expect"].get("result").is_none() {
        return (0, 1);
    }
    if let Some(result) = case["expect"]["result"].as_str() {
        return match result {
            "ok" | "accepted" => (1, 0),
            _ => (0, 1),
        };
    }
    (
        usize::from(case.get("success").is_some()),
        usize::from(case.get("failure").is_some()),
    )
}

/// Whether rule `id` is in `group`: a prefix of the ID, or several prefixes
/// joined by commas (`TX-VIN,TX-VOUT`), any of which may match.
pub fn in_group(id: &str, group: &str) -> bool {
    group
        .split(',')
        .map(str::trim)
        .any(|prefix| !prefix.is_empty() && id.starts_with(prefix))
}

/// The rules `--coverage` flags: consensus rules under `group` (see
/// [`in_group`]) that lack a failing vector (when they have an outcome to fail
/// with) or a passing one; unreachable rules are exempt.
pub fn gaps<'a>(
    rules: &'a [Rule],
    coverage: &BTreeMap<String, Coverage>,
    group: Option<&str>,
) -> Vec<&'a Rule> {
    rules
        .iter()
        .filter(|rule| rule.consensus && group.is_none_or(|g| in_group(&rule.id, g)))
        .filter(|rule| {
            let seen = coverage.get(&rule.id).copied().unwrap_or_default();
            rule.unreachable.is_none()
                && (seen.passing == 0 || (rule.token.is_some() && seen.failing == 0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_items_and_shared_headings_are_parsed() {
        let page = "# Title\n\n## ENC-A\n\n**Statement.** One. Two.\n\n**Outcome.** `tok-a`\n\n\
                    ### XY-B, XY-C\n**Outcomes** `b`, `c`. **Statement.** Both. **References** \
                    BIP-0141. **Core** `CheckIt`.\n**Canon** `a::b::check_it`, `a::T::m`.\n\n\
                    ## BIP-0143 (notes)\n\n\
                    - **TX-D** `tok-d`: a coin\n  exists\n  **Canon** `x::y`.\n- other\n";
        let rules = parse_page("p.md", page);
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["ENC-A", "XY-B", "XY-C", "TX-D"]);
        assert_eq!(rules[0].token.as_deref(), Some("tok-a"));
        assert_eq!(rules[0].statement, "One.");
        assert_eq!(rules[0].full_statement, "One. Two.");
        assert_eq!(rules[2].token.as_deref(), Some("c"));
        assert_eq!(rules[1].bips, ["BIP-0141"]);
        assert_eq!(rules[1].core, ["CheckIt"]);
        assert_eq!(rules[2].canon, ["a::b::check_it", "a::T::m"]);
        assert!(rules[0].canon.is_empty());
        assert_eq!(rules[3].canon, ["x::y"]);
        assert_eq!(rules[3].token.as_deref(), Some("tok-d"));
        assert_eq!(rules[3].statement, "a coin exists");
        assert_eq!(rules[3].group, "TX");
    }

    #[test]
    fn unreachable_and_non_consensus_entries_are_marked() {
        let page =
            "## XY-A\n**Outcome** `a`. **Statement.** S. **Unreachable.** Why not. More.\n\n\
                    ## XY-B\n**Not consensus** (storage). **Statement.** T.\n";
        let rules = parse_page("p.md", page);
        assert_eq!(rules[0].unreachable.as_deref(), Some("Why not."));
        assert!(rules[0].consensus);
        assert!(!rules[1].consensus);
        let none = BTreeMap::new();
        assert!(gaps(&rules, &none, None).is_empty());
    }

    #[test]
    fn a_group_is_one_prefix_or_several() {
        assert!(in_group("TX-VOUT-EMPTY", "TX-VOUT"));
        assert!(in_group("TX-CB-LENGTH", "TX-VIN, TX-CB"));
        assert!(!in_group("TX-INPUTS-MISSING", "TX-INPUTS-DUPLICATE,TX-CB"));
        assert!(!in_group("TX-CB-LENGTH", "TX-VIN,"));
    }
}
