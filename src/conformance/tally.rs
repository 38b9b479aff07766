//! A report's counts per kind and per rule ID, verdict and reason apart, as a
//! table for people and as JSON for machines.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use super::judge::ReasonCheck;
use super::report::{CaseResult, Report, Verdict};

/// Counts over a group of cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Cases in the group.
    pub cases: usize,
    /// Cases whose verdicts agreed (passed).
    pub verdict_agree: usize,
    /// Cases that failed: a verdict disagreement or no valid answer.
    pub verdict_differ: usize,
    /// Cases not answered.
    pub skipped: usize,
    /// Cases whose reason was compared and agreed.
    pub reason_agree: usize,
    /// Cases whose reason was compared and differed.
    pub reason_differ: usize,
    /// Cases rejected without a reason where the vector names one.
    pub reason_unreported: usize,
}

impl Tally {
    fn add(&mut self, result: &CaseResult) {
        self.cases += 1;
        match result.verdict {
            Verdict::Pass => self.verdict_agree += 1,
            Verdict::Fail(_) => self.verdict_differ += 1,
            Verdict::Skip(_) => self.skipped += 1,
        }
        match result.reason {
            ReasonCheck::NotApplicable => {}
            ReasonCheck::Agree => self.reason_agree += 1,
            ReasonCheck::Differs { .. } => self.reason_differ += 1,
            ReasonCheck::NotReported { .. } => self.reason_unreported += 1,
        }
    }

    /// Cases whose reason was compared or expected.
    pub fn reasons_expected(&self) -> usize {
        self.reason_agree + self.reason_differ + self.reason_unreported
    }

    fn to_json(self) -> Value {
        json!({
            "cases": self.cases,
            "verdict_agree": self.verdict_agree,
            "verdict_differ": self.verdict_differ,
            "skipped": self.skipped,
            "reason_agree": self.reason_agree,
            "reason_differ": self.reason_differ,
            "reason_unreported": self.reason_unreported,
        })
    }
}

/// The counts of every case.
pub fn total(report: &Report) -> Tally {
    let mut tally = Tally::default();
    report.results.iter().for_each(|r| tally.add(r));
    tally
}

/// The counts per kind.
pub fn by_kind(report: &Report) -> BTreeMap<String, Tally> {
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    for result in &report.results {
        kinds.entry(result.kind.clone()).or_default().add(result);
    }
    kinds
}

/// The counts per rule ID (a case counts under each of its rules; a case
/// without rules under `(KIND)`).
pub fn by_rule(report: &Report) -> BTreeMap<String, Tally> {
    let mut rules: BTreeMap<String, Tally> = BTreeMap::new();
    for result in &report.results {
        if result.rules.is_empty() {
            rules
                .entry(format!("({})", result.kind))
                .or_default()
                .add(result);
        }
        for rule in &result.rules {
            rules.entry(rule.clone()).or_default().add(result);
        }
    }
    rules
}

/// The cases whose reason differed: one line each.
pub fn reason_lines(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.results {
        if let ReasonCheck::Differs { expected, got } = &r.reason {
            let raw = got
                .raw
                .as_ref()
                .map(|raw| format!(" (said {raw:?})"))
                .unwrap_or_default();
            writeln!(
                out,
                "REASON {} [{}]: expected {expected}, got {}{raw}",
                r.file, r.case, got.token
            )
            .expect("String write");
        }
    }
    out
}

/// The per-kind and per-rule tables.
pub fn tables(report: &Report) -> String {
    let mut out = String::new();
    table(&mut out, "kind", &by_kind(report));
    table(&mut out, "rule", &by_rule(report));
    out
}

fn table(out: &mut String, heading: &str, rows: &BTreeMap<String, Tally>) {
    let width = rows
        .keys()
        .map(|k| k.chars().count())
        .chain([heading.len()])
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{heading:<width$}  {:>6}  {:>13}  {:>14}  {:>7}  {:>12}  {:>13}  {:>17}",
        "cases",
        "verdict agree",
        "verdict differ",
        "skipped",
        "reason agree",
        "reason differ",
        "reason unreported"
    )
    .expect("String write");
    for (name, t) in rows {
        writeln!(
            out,
            "{name:<width$}  {:>6}  {:>13}  {:>14}  {:>7}  {:>12}  {:>13}  {:>17}",
            t.cases,
            t.verdict_agree,
            t.verdict_differ,
            t.skipped,
            t.reason_agree,
            t.reason_differ,
            t.reason_unreported
        )
        .expect("String write");
    }
}

/// The whole report as JSON: totals, per kind, per rule, and every case.
pub fn to_json(report: &Report, engine: &str) -> Value {
    let cases: Vec<Value> = report.results.iter().map(case_json).collect();
    let kinds: BTreeMap<String, Value> = by_kind(report)
        .into_iter()
        .map(|(k, t)| (k, t.to_json()))
        .collect();
    let rules: BTreeMap<String, Value> = by_rule(report)
        .into_iter()
        .map(|(k, t)| (k, t.to_json()))
        .collect();
    json!({
        "engine": engine,
        "lenient_reasons": report.lenient_reasons,
        "passed": report.passed(),
        "failed": report.failed(),
        "skipped": report.skipped(),
        "total": total(report).to_json(),
        "kinds": kinds,
        "rules": rules,
        "cases": cases,
    })
}

fn case_json(r: &CaseResult) -> Value {
    let (verdict, detail) = match &r.verdict {
        Verdict::Pass => ("pass", None),
        Verdict::Fail(why) => ("fail", Some(why)),
        Verdict::Skip(why) => ("skip", Some(why)),
    };
    let reason = match &r.reason {
        ReasonCheck::NotApplicable => Value::Null,
        ReasonCheck::Agree => json!({ "check": "agree" }),
        ReasonCheck::Differs { expected, got } => json!({
            "check": "differ", "expected": expected, "got": got.token, "said": got.raw,
        }),
        ReasonCheck::NotReported { expected } => {
            json!({ "check": "unreported", "expected": expected })
        }
    };
    json!({
        "file": r.file,
        "case": r.case,
        "kind": r.kind,
        "rules": r.rules,
        "verdict": verdict,
        "detail": detail,
        "reason": reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::engine::Reason;
    use crate::conformance::judge::CaseOutcome;

    #[test]
    fn counts_verdicts_and_reasons_apart() {
        let mut report = Report::new();
        report.lenient_reasons = true;
        let rules = ["R-1".to_string()];
        let agree = CaseOutcome {
            reason: ReasonCheck::Agree,
            ..CaseOutcome::default()
        };
        report.record_outcome("f", "a", "script", &rules, agree);
        let differs = CaseOutcome {
            reason: ReasonCheck::Differs {
                expected: "EVAL_FALSE".into(),
                got: Reason {
                    token: "VERIFY".into(),
                    raw: Some("verify failed".into()),
                },
            },
            ..CaseOutcome::default()
        };
        report.record_outcome("f", "b", "script", &rules, differs);
        report.record_outcome("f", "c", "tx", &[], CaseOutcome::problem("flipped"));
        let t = by_kind(&report)["script"];
        assert_eq!(
            (t.cases, t.verdict_agree, t.reason_agree, t.reason_differ),
            (2, 2, 1, 1)
        );
        assert_eq!(by_rule(&report)["(tx)"].verdict_differ, 1);
        assert!(reason_lines(&report)
            .contains("expected EVAL_FALSE, got VERIFY (said \"verify failed\")"));
        let json = to_json(&report, "test");
        assert_eq!(json["failed"], 1);
        assert_eq!(json["cases"][1]["reason"]["check"], "differ");
        assert!(tables(&report).lines().count() >= 5);
        report.lenient_reasons = false;
        let strict = CaseOutcome {
            reason: ReasonCheck::Differs {
                expected: "A".into(),
                got: Reason {
                    token: "B".into(),
                    raw: None,
                },
            },
            ..CaseOutcome::default()
        };
        report.record_outcome("f", "d", "script", &rules, strict);
        assert_eq!(report.failed(), 2);
    }
}
