//! The vectors of canon's corpus that exercise each rule, case by case: what
//! `canon rules ID` and `canon rules --json` list beside a rule's entry.
//!
//! Computed from the corpus under `vectors/` (each case's `rules` field),
//! never written in `spec/`. [`super::catalogue::corpus_coverage`] counts
//! these lists, so the lists and the counts of `canon rules --coverage`
//! agree.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::catalogue::case_expectations;
use super::files_under;

/// One case of the corpus that names a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorRef {
    /// The file, relative to the corpus directory (`tx/check_transaction.json`).
    pub file: String,
    /// The case's `id`; for a step of a chain scenario, `ID step N` (N
    /// counted from 0, as the chain runner's messages count steps).
    pub case: String,
    /// Whether the case holds a vector expected to pass (be accepted).
    pub passing: bool,
    /// Whether the case holds a vector expected to fail (be rejected).
    pub failing: bool,
}

impl VectorRef {
    /// `passing`, `failing`, or `passing+failing` (a script case with both
    /// a success and a failure part).
    pub fn expectation(&self) -> &'static str {
        match (self.passing, self.failing) {
            (true, true) => "passing+failing",
            (true, false) => "passing",
            (false, true) => "failing",
            (false, false) => "neither",
        }
    }
}

/// The cases under `dir` per rule ID, in file order then case order.
///
/// # Errors
/// A file that cannot be read or parsed, or that is not a canon vector file.
pub fn corpus_vectors(dir: &Path) -> Result<BTreeMap<String, Vec<VectorRef>>, String> {
    let mut by_rule: BTreeMap<String, Vec<VectorRef>> = BTreeMap::new();
    let files = files_under(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not JSON: {e}", file.display()))?;
        let cases = json["cases"]
            .as_array()
            .ok_or_else(|| format!("{} has no cases (not a canon vector file)", file.display()))?;
        let shown = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        for case in cases {
            let id = case["id"].as_str().unwrap_or_default();
            // A chain scenario counts step by step, each step for its own
            // rules, as the coverage does.
            let parts: Vec<(String, &Value)> = match case["steps"].as_array() {
                Some(steps) => steps
                    .iter()
                    .enumerate()
                    .map(|(i, step)| (format!("{id} step {i}"), step))
                    .collect(),
                None => vec![(id.to_string(), case)],
            };
            for (name, part) in parts {
                let (passing, failing) = case_expectations(part);
                for rule in part["rules"].as_array().into_iter().flatten() {
                    by_rule
                        .entry(rule.as_str().unwrap_or_default().to_string())
                        .or_default()
                        .push(VectorRef {
                            file: shown.clone(),
                            case: name.clone(),
                            passing: passing > 0,
                            failing: failing > 0,
                        });
                }
            }
        }
    }
    Ok(by_rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectation_names_both_parts() {
        let mut v = VectorRef {
            file: "f.json".into(),
            case: "c".into(),
            passing: true,
            failing: true,
        };
        assert_eq!(v.expectation(), "passing+failing");
        v.passing = false;
        assert_eq!(v.expectation(), "failing");
    }

    #[test]
    fn chain_steps_are_listed_one_by_one() {
        let dir = std::env::temp_dir().join(format!("canon-rule-vectors-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("chain")).unwrap();
        let file = serde_json::json!({"kind": "chain", "cases": [{
            "id": "reorg", "rules": ["A-B", "C-D"],
            "steps": [
                {"rules": ["A-B"], "expect": {"result": "accepted"}},
                {"rules": ["C-D"], "expect": {"result": "rejected"}},
            ],
        }]});
        std::fs::write(dir.join("chain/x.json"), file.to_string()).unwrap();
        let found = corpus_vectors(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found["A-B"].len(), 1);
        assert_eq!(found["A-B"][0].case, "reorg step 0");
        assert_eq!(found["A-B"][0].file, "chain/x.json");
        assert_eq!(found["A-B"][0].expectation(), "passing");
        assert_eq!(found["C-D"][0].case, "reorg step 1");
        assert_eq!(found["C-D"][0].expectation(), "failing");
    }
}
