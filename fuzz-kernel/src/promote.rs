//! Promotion of a `diff_chain_core` finding, so that it stays found.
//!
//! The input is minimised (delta debugging while canon and Core still
//! disagree), filed under `regressions/diff_chain_core/` (replayed by
//! `tests/replay.rs`), and written as a canon `chain` vector under
//! `vectors/regressions/`: from regtest's genesis, the 110-block prefix and
//! then the finding's steps, each expecting Bitcoin Core's outcome. So
//! `canon run vectors/` fails on the finding until canon is fixed, and any
//! other implementation is asked the same question.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use canon::conformance::catalogue::catalogue;
use canon::conformance::chain_vectors::{self, ChainCase, ChainFile, Feed, Step, StepOutcome};
use canon::conformance::generate::{generator_name, to_json_text};
use canon::encoding::Encode;
use canon::fuzz_targets::promote::{fails, minimise, regression_name, write_regression};

use crate::{diff_chain_core, observe, prefix_steps, Observed};

/// The target's name.
pub const TARGET: &str = "diff_chain_core";

/// Stands for a reason when Core refused a step without logging one and
/// canon's result differs (so canon's reason cannot stand in).
pub const NO_CORE_REASON: &str = "core-gave-no-reason";

/// What promotion wrote.
#[derive(Debug)]
pub struct Promoted {
    /// The size of the input before and after minimisation.
    pub sizes: (usize, usize),
    /// The regression input.
    pub regression: PathBuf,
    /// The chain vector file.
    pub vector: PathBuf,
}

/// Promotes `data`, an input on which canon and Core disagree. `progress`
/// is called with the number of target runs so far during minimisation.
///
/// # Errors
/// An input on which they agree, or an I/O error.
pub fn promote(
    crate_dir: &Path,
    vectors_dir: &Path,
    data: &[u8],
    progress: &mut dyn FnMut(usize),
) -> Result<Promoted, String> {
    if !fails(diff_chain_core, data) {
        return Err(format!(
            "canon and Core agree on every step of this input: nothing to promote to {TARGET}"
        ));
    }
    let mut runs = 0;
    let small = minimise(data, &mut |candidate: &[u8]| {
        runs += 1;
        progress(runs);
        fails(diff_chain_core, candidate)
    });
    let regression = write_regression(crate_dir, TARGET, &small)?;
    let dir = vectors_dir.join("regressions");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let vector = dir.join(format!("{TARGET}-{}.json", regression_name(&small)));
    fs::write(&vector, to_json_text(&chain_file(&small)))
        .map_err(|e| format!("cannot write {}: {e}", vector.display()))?;
    Ok(Promoted {
        sizes: (data.len(), small.len()),
        regression,
        vector,
    })
}

/// The `chain` vector file of one input.
pub fn chain_file(data: &[u8]) -> ChainFile {
    ChainFile {
        kind: "chain".into(),
        generator: generator_name(&format!("fuzz promote {TARGET}")),
        description: format!(
            "A finding of the fuzz target {TARGET} (fuzz-kernel/), minimised; \
             every step expects Bitcoin Core's outcome"
        ),
        cases: vec![chain_case(data)],
    }
}

/// The `chain` case of one input: the prefix, then every step the input
/// makes, expecting Core's result, reason and tip. A step carries canon's
/// UTXO-set hash only while canon agreed with Core on it and on every step
/// before; its rules are those `step_rules` names.
pub fn chain_case(data: &[u8]) -> ChainCase {
    let name = regression_name(data);
    let mut steps: Vec<Step> = prefix_steps()
        .into_iter()
        .enumerate()
        .map(|(i, (block, expect))| Step {
            block: Some(block),
            header: None,
            description: format!("prefix block {}", i + 1),
            rules: Vec::new(),
            expect,
        })
        .collect();
    let mut agreed = true;
    let mut rules = BTreeSet::new();
    for (i, seen) in observe(data).into_iter().enumerate() {
        agreed &= agrees(&seen);
        let step = core_step(i, &seen, agreed);
        rules.extend(step.rules.iter().cloned());
        steps.push(step);
    }
    ChainCase {
        id: format!("{TARGET}-{name}"),
        description: format!(
            "fuzz-kernel/regressions/{TARGET}/{name} (input {}): {} regtest blocks, then the \
             input's steps; each expects Bitcoin Core's (libbitcoinkernel's) outcome",
            hex::encode(data),
            crate::PREFIX_BLOCKS
        ),
        rules: rules.into_iter().collect(),
        network: "regtest".into(),
        params: None,
        steps,
    }
}

/// Whether canon saw the step as Core did (result, tip, and reason where
/// Core gave one): the target's own comparison.
fn agrees(seen: &Observed) -> bool {
    seen.canon.result == seen.core.result.as_str()
        && seen
            .core
            .reason
            .as_ref()
            .is_none_or(|r| seen.canon.reason.as_ref() == Some(r))
        && seen.canon.tip.hash == seen.core_tip.hash
        && i64::from(seen.canon.tip.height) == i64::from(seen.core_tip.height)
}

/// The rules a step exercises. While canon agrees with Core, the rule
/// canon refused the step by. After a disagreement: for a step Core refused,
/// the catalogue's rules whose outcome token is Core's reason (canon's rule
/// is not to be trusted there); for a step Core accepted, the rule canon
/// wrongly refused it by, which the step passes.
fn step_rules(seen: &Observed, agreed: bool, core_reason: Option<&str>) -> Vec<String> {
    let canon_rule = seen.canon_rule.map(String::from).into_iter().collect();
    match core_reason {
        _ if agreed => canon_rule,
        None => canon_rule,
        Some(reason) => catalogue()
            .into_iter()
            .filter(|rule| rule.token.as_deref() == Some(reason))
            .map(|rule| rule.id)
            .collect(),
    }
}

/// One fuzz step as a vector step expecting Core's outcome.
fn core_step(i: usize, seen: &Observed, agreed: bool) -> Step {
    let result = seen.core.result.as_str();
    let reason = (result != "accepted").then(|| {
        seen.core
            .reason
            .clone()
            .or_else(|| (seen.canon.result == result).then(|| seen.canon.reason.clone())?)
            .unwrap_or_else(|| NO_CORE_REASON.into())
    });
    let (block, header) = match &seen.item {
        Feed::Block(block) => (Some(hex::encode(block.to_bytes())), None),
        Feed::Header(header) => (None, Some(hex::encode(header.to_bytes()))),
    };
    let description = if agrees(seen) {
        format!("fuzz step {i}")
    } else {
        format!(
            "fuzz step {i}: canon said {} ({}) with tip {} at {}, where Core said this",
            seen.canon.result,
            seen.canon.reason.as_deref().unwrap_or("no reason"),
            seen.canon.tip.hash,
            seen.canon.tip.height
        )
    };
    Step {
        block,
        header,
        description,
        rules: step_rules(seen, agreed, reason.as_deref()),
        expect: StepOutcome {
            result: result.into(),
            reason,
            tip: chain_vectors::Tip {
                hash: seen.core_tip.hash.clone(),
                height: u32::try_from(seen.core_tip.height).expect("a tip height is not negative"),
            },
            utxo_hash: if agreed {
                seen.canon.utxo_hash.clone()
            } else {
                None
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canon_core_kernel_adapter::chain::StepResult;

    /// A step of a seed canon refuses, as `observe` records it.
    fn refused_step() -> Observed {
        crate::seeds()
            .iter()
            .flat_map(|seed| observe(seed))
            .find(|seen| seen.canon.result == "rejected" && seen.canon_rule.is_some())
            .expect("a seed with a rejected step")
    }

    #[test]
    fn an_agreeing_step_keeps_canons_rule_and_utxo_hash() {
        let seen = refused_step();
        let step = core_step(3, &seen, true);
        assert_eq!(step.expect, seen.canon);
        assert_eq!(step.rules, vec![seen.canon_rule.unwrap().to_string()]);
        assert_eq!(step.description, "fuzz step 3");
    }

    #[test]
    fn a_disagreeing_step_expects_core_and_drops_canons_claims() {
        let mut seen = refused_step();
        seen.core.result = StepResult::Accepted;
        seen.core.reason = None;
        let step = core_step(0, &seen, agrees(&seen));
        assert_eq!(step.expect.result, "accepted");
        assert_eq!(step.expect.reason, None);
        assert_eq!(step.expect.utxo_hash, None);
        // Core accepted: the step passes the rule canon refused it by.
        assert_eq!(step.rules, vec![seen.canon_rule.unwrap().to_string()]);
        assert!(
            step.description.contains("canon said rejected"),
            "{}",
            step.description
        );
    }

    #[test]
    fn a_refusal_core_gives_no_reason_for_is_marked() {
        let mut seen = refused_step();
        seen.core.result = StepResult::Mutated;
        seen.core.reason = None;
        let step = core_step(0, &seen, agrees(&seen));
        assert_eq!(step.expect.result, "mutated");
        assert_eq!(step.expect.reason.as_deref(), Some(NO_CORE_REASON));
        assert!(step.rules.is_empty(), "no rule has that token");
        // Core refused with another reason: its rules, by the catalogue.
        seen.core.reason = Some("bad-cb-amount".into());
        let step = core_step(0, &seen, agrees(&seen));
        assert_eq!(step.rules, vec!["CONNECT-CB-AMOUNT".to_string()]);
        // Same result, no reason from Core: canon's reason stands in.
        seen.core.result = StepResult::Rejected;
        seen.core.reason = None;
        let step = core_step(0, &seen, agrees(&seen));
        assert_eq!(step.expect.reason, seen.canon.reason);
    }
}
