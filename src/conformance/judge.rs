//! Comparing an engine's answers with what a vector expects.
//!
//! A case asks one *main* question (its verdict and reason are the case's)
//! and possibly *derived* ones (Core's harnesses also check that a verdict
//! does not change when flags are added or removed). The verdict must agree;
//! the reason is judged apart, because other implementations word their
//! reasons differently or report none (see `spec/runner-protocol.md`).

use super::engine::{Answer, Reason};

/// What the vector expects of one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Accepted.
    Ok,
    /// Rejected, for the reason given (canon's token), or for any reason.
    Reject(Option<String>),
}

impl Expected {
    /// The expectation a canon vector writes as `result` `ok` (no reason) or
    /// `reject` (with one).
    ///
    /// # Errors
    /// Any other combination, described.
    pub fn from_verdict(result: &str, reason: Option<&str>) -> Result<Expected, String> {
        match (result, reason) {
            ("ok", None) => Ok(Expected::Ok),
            ("reject", Some(reason)) => Ok(Expected::Reject(Some(reason.to_string()))),
            (result, reason) => Err(format!(
                "cannot parse case: expect {result:?} with reason {reason:?} (ok without a reason, or reject with one)"
            )),
        }
    }
}

/// How a case's reason compares with the vector's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReasonCheck {
    /// No reason to compare: the vector expects acceptance, the verdict
    /// differs, or the case was not answered.
    #[default]
    NotApplicable,
    /// The same token.
    Agree,
    /// A different token (after the adapter's reason mapping).
    Differs {
        /// The vector's token.
        expected: String,
        /// The engine's.
        got: Reason,
    },
    /// The engine rejected without saying why.
    NotReported {
        /// The vector's token.
        expected: String,
    },
}

/// Everything a case's questions showed, before it becomes a verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseOutcome {
    /// Verdict disagreements and broken answers: any of them fails the case.
    pub problems: Vec<String>,
    /// Why the main question was not answered; the case is then skipped.
    pub unsupported: Option<String>,
    /// The main question's reason.
    pub reason: ReasonCheck,
    /// Derived questions the engine could not answer.
    pub unanswered: usize,
}

impl CaseOutcome {
    /// An outcome with one problem.
    pub fn problem(text: impl Into<String>) -> Self {
        CaseOutcome {
            problems: vec![text.into()],
            ..Self::default()
        }
    }

    /// Judges the main question's answer. `describe` frames a verdict
    /// disagreement (it receives the answer's token).
    pub fn main(
        &mut self,
        expected: &Expected,
        answer: &Answer,
        describe: impl Fn(&str) -> String,
    ) {
        match (expected, answer) {
            (_, Answer::Unsupported(why)) => self.unsupported = Some(why.clone()),
            (_, Answer::Broken(why)) => self.problems.push(why.clone()),
            (Expected::Ok, Answer::Ok(_)) | (Expected::Reject(None), Answer::Reject(_)) => {}
            (Expected::Reject(Some(want)), Answer::Reject(got)) => {
                self.reason = match got {
                    Some(got) if got.token == *want => ReasonCheck::Agree,
                    Some(got) => ReasonCheck::Differs {
                        expected: want.clone(),
                        got: got.clone(),
                    },
                    None => ReasonCheck::NotReported {
                        expected: want.clone(),
                    },
                }
            }
            (Expected::Ok, Answer::Reject(_)) | (Expected::Reject(_), Answer::Ok(_)) => {
                self.problems.push(describe(&answer.token()));
            }
        }
    }

    /// The outcome of a case with one question about `what` (`the block`):
    /// [`CaseOutcome::main`] with the usual wording.
    pub fn judged(expected: &Expected, answer: &Answer, what: &str) -> CaseOutcome {
        let mut outcome = CaseOutcome::default();
        outcome.main(expected, answer, |got| match expected {
            Expected::Ok => format!("expected {what} to pass, got {got}"),
            Expected::Reject(want) => format!(
                "expected {:?}, {what} passed",
                want.as_deref().unwrap_or_default()
            ),
        });
        outcome
    }

    /// Judges a derived question on its verdict only: `Some(problem)` when
    /// `answer` is not the expected verdict. Unsupported answers are counted.
    pub fn derived(&mut self, expect_ok: bool, answer: &Answer) -> bool {
        match answer {
            Answer::Unsupported(_) => {
                self.unanswered += 1;
                true
            }
            Answer::Broken(why) => {
                self.problems.push(why.clone());
                true
            }
            Answer::Ok(_) => expect_ok,
            Answer::Reject(_) => !expect_ok,
        }
    }

    /// The outcome as canon's own runners always judged it: any difference,
    /// reason included, is an error.
    ///
    /// # Errors
    /// The problems, a reason difference, or why the case was not answered.
    pub fn strict(self) -> Result<(), String> {
        let mut problems = self.problems;
        if let ReasonCheck::Differs { expected, got } = &self.reason {
            problems.push(format!("{} where {expected} expected", got.token));
        }
        if let Some(why) = self.unsupported {
            problems.push(format!("not answered: {why}"));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::engine::Facts;

    #[test]
    fn verdicts_and_reasons_are_judged_apart() {
        let want = Expected::Reject(Some("EVAL_FALSE".into()));
        let mut outcome = CaseOutcome::default();
        outcome.main(&want, &Answer::reject("EVAL_FALSE"), |t| t.to_string());
        assert_eq!(outcome.reason, ReasonCheck::Agree);
        assert!(outcome.clone().strict().is_ok());

        let mut outcome = CaseOutcome::default();
        outcome.main(&want, &Answer::reject("SIG_DER"), |t| t.to_string());
        assert!(outcome.problems.is_empty());
        assert!(matches!(outcome.reason, ReasonCheck::Differs { .. }));
        assert_eq!(
            outcome.strict(),
            Err("SIG_DER where EVAL_FALSE expected".into())
        );

        let mut outcome = CaseOutcome::default();
        outcome.main(&want, &Answer::Reject(None), |t| t.to_string());
        assert!(matches!(outcome.reason, ReasonCheck::NotReported { .. }));

        let mut outcome = CaseOutcome::default();
        outcome.main(&want, &Answer::Ok(Facts::new()), |t| format!("got {t}"));
        assert_eq!(outcome.problems, vec!["got OK".to_string()]);

        let mut outcome = CaseOutcome::default();
        outcome.main(&Expected::Ok, &Answer::Unsupported("no".into()), |t| {
            t.into()
        });
        assert_eq!(outcome.unsupported.as_deref(), Some("no"));
        assert!(outcome.derived(false, &Answer::Unsupported("no".into())));
        assert_eq!(outcome.unanswered, 1);
        assert!(!outcome.derived(false, &Answer::Ok(Facts::new())));
    }
}
