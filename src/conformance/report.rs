//! The tally of a vector run: every case passes, fails or is skipped with a
//! reason, and nothing is dropped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::judge::{CaseOutcome, ReasonCheck};
use super::tally;

/// Skips sharing one reason that `render` lists one by one; more are
/// summarised in one line.
pub const SKIPS_LISTED_PER_REASON: usize = 3;

/// What became of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The implementation did what the vector expects.
    Pass,
    /// It did not; the text says how.
    Fail(String),
    /// The case was not run; the text says why. Skips are counted and listed.
    Skip(String),
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// The vector file the case came from.
    pub file: String,
    /// The case's identity within the file (an index, an id, a description).
    pub case: String,
    /// What happened.
    pub verdict: Verdict,
    /// The kind of the case's main question (`decode`, `script`, `tx`, ...),
    /// or the vector format's name for formats judged by canon alone.
    pub kind: String,
    /// The rule IDs the case exercises (for upstream vectors, a label
    /// derived from the expected outcome).
    pub rules: Vec<String>,
    /// How the engine's reason compared with the vector's.
    pub reason: ReasonCheck,
}

/// Every case result of a run, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The results.
    pub results: Vec<CaseResult>,
    /// Per file, the rows that are not cases at all (Core's comment rows).
    /// They are neither passed, failed nor skipped, only counted.
    pub comment_rows: BTreeMap<String, usize>,
    /// Whether a reason difference alone leaves a case passed (counted and
    /// listed apart). Off for canon itself, which must match Core's tokens;
    /// on by default for other implementations (`canon run --impl`).
    pub lenient_reasons: bool,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one case.
    pub fn record(&mut self, file: &str, case: impl Into<String>, verdict: Verdict) {
        self.results.push(CaseResult {
            file: file.to_string(),
            case: case.into(),
            verdict,
            kind: String::new(),
            rules: Vec::new(),
            reason: ReasonCheck::NotApplicable,
        });
    }

    /// Records a judged case: a problem fails it, an unanswered main
    /// question skips it, and a reason difference fails it unless reasons
    /// are lenient.
    pub fn record_outcome(
        &mut self,
        file: &str,
        case: impl Into<String>,
        kind: &str,
        rules: &[String],
        outcome: CaseOutcome,
    ) {
        let mut problems = outcome.problems;
        if let (ReasonCheck::Differs { expected, got }, false) =
            (&outcome.reason, self.lenient_reasons)
        {
            problems.push(format!("reason {} where {expected} expected", got.token));
        }
        let verdict = match (problems.is_empty(), outcome.unsupported) {
            (false, _) => Verdict::Fail(problems.join("; ")),
            (true, Some(why)) => Verdict::Skip(format!("unsupported: {why}")),
            (true, None) => Verdict::Pass,
        };
        self.results.push(CaseResult {
            file: file.to_string(),
            case: case.into(),
            verdict,
            kind: kind.to_string(),
            rules: rules.to_vec(),
            reason: outcome.reason,
        });
    }

    /// Records a case from a check's result: `Ok` passes, `Err` fails with its text.
    pub fn check(&mut self, file: &str, case: impl Into<String>, outcome: Result<(), String>) {
        let verdict = match outcome {
            Ok(()) => Verdict::Pass,
            Err(why) => Verdict::Fail(why),
        };
        self.record(file, case, verdict);
    }

    /// Notes that `file` has `count` more rows that are comments, not cases.
    pub fn record_comments(&mut self, file: &str, count: usize) {
        *self.comment_rows.entry(file.to_string()).or_default() += count;
    }

    /// Cases passed.
    pub fn passed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Pass))
    }

    /// Cases failed.
    pub fn failed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Fail(_)))
    }

    /// Cases skipped.
    pub fn skipped(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Skip(_)))
    }

    fn count(&self, pick: impl Fn(&Verdict) -> bool) -> usize {
        self.results.iter().filter(|r| pick(&r.verdict)).count()
    }

    /// The closing line every runner prints: `N passed, N failed`, with
    /// `, N skipped` when anything was skipped.
    pub fn summary_line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed(), self.failed());
        if self.skipped() > 0 {
            write!(line, ", {} skipped", self.skipped()).expect("writing to a String cannot fail");
        }
        line
    }

    /// The full text report for people: each failure with its reason; each
    /// skip with its reason (a reason shared by more than
    /// [`SKIPS_LISTED_PER_REASON`] cases is one line with the count); each
    /// reason difference; the tables per kind and per rule (when cases were
    /// judged by kind); a per-file table; and the summary line last.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut skips: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
        for r in &self.results {
            match &r.verdict {
                Verdict::Pass => {}
                Verdict::Fail(why) => {
                    writeln!(out, "FAIL {} [{}]: {}", r.file, r.case, why).expect("String write");
                }
                Verdict::Skip(why) => skips.entry(why.as_str()).or_default().push(r),
            }
        }
        for (why, cases) in &skips {
            if cases.len() <= SKIPS_LISTED_PER_REASON {
                for r in cases {
                    writeln!(out, "SKIP {} [{}]: {}", r.file, r.case, why).expect("String write");
                }
            } else {
                let first = cases[0];
                writeln!(
                    out,
                    "SKIP {} cases (first {} [{}]): {why}",
                    cases.len(),
                    first.file,
                    first.case
                )
                .expect("String write");
            }
        }
        out.push_str(&tally::reason_lines(self));
        if self.results.iter().any(|r| !r.rules.is_empty()) {
            out.push_str(&tally::tables(self));
        }
        let mut per_file: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
        for file in self.comment_rows.keys() {
            per_file.entry(file.as_str()).or_default();
        }
        for r in &self.results {
            let slot = match r.verdict {
                Verdict::Pass => 0,
                Verdict::Fail(_) => 1,
                Verdict::Skip(_) => 2,
            };
            per_file.entry(r.file.as_str()).or_default()[slot] += 1;
        }
        for (file, [p, f, s]) in &per_file {
            write!(out, "{file}: {p} passed, {f} failed, {s} skipped").expect("String write");
            match self.comment_rows.get(*file) {
                Some(&c) if c > 0 => writeln!(out, " ({c} comment rows)").expect("String write"),
                _ => out.push('\n'),
            }
        }
        out.push_str(&self.summary_line());
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_every_verdict() {
        let mut report = Report::new();
        report.check("a.json", "0", Ok(()));
        report.check("a.json", "1", Err("wrong txid".into()));
        assert_eq!(report.summary_line(), "1 passed, 1 failed");
        report.record("b.json", "0", Verdict::Skip("needs taproot".into()));
        assert_eq!(report.summary_line(), "1 passed, 1 failed, 1 skipped");
        let text = report.render();
        assert!(text.contains("FAIL a.json [1]: wrong txid"));
        assert!(text.contains("SKIP b.json [0]: needs taproot"));
        assert!(text.ends_with("1 passed, 1 failed, 1 skipped\n"));
        report.record_comments("a.json", 3);
        assert!(report
            .render()
            .contains("a.json: 1 passed, 1 failed, 0 skipped (3 comment rows)\n"));
        assert_eq!(report.summary_line(), "1 passed, 1 failed, 1 skipped");
    }
}
