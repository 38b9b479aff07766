//! Running `block` and `chain` files: each case becomes one request to an
//! engine, and the answer is judged against the case (see
//! [`super::chain_vectors`] for the formats and canon's outcomes).

use std::fmt;

use super::chain_vectors::{
    block_outcome, case_params, chain_after, run_steps, BlockFile, ChainCase, ChainFile, Feed,
    StepOutcome,
};
use super::engine::{
    Answer, BlockRequest, ChainRequest, ChainStart, Engine, Facts, Reason, StepBytes,
};
use super::judge::{CaseOutcome, Expected, ReasonCheck};
use super::{parse_json, Report};
use crate::chain::Chainstate;
use crate::encoding::Decode;
use crate::primitives::hash::sha256;
use crate::primitives::{Block, BlockHeader};

/// canon's chain after the last prefix it built, keyed by a hash of the
/// start and the prefix's bytes.
#[derive(Clone)]
pub struct PrefixCache {
    key: [u8; 32],
    chain: Chainstate,
}

impl fmt::Debug for PrefixCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrefixCache({})", hex::encode(self.key))
    }
}

fn prefix_key(request: &BlockRequest) -> [u8; 32] {
    let mut bytes = request.start.network.as_bytes().to_vec();
    bytes.extend(serde_json::to_vec(&request.start.params).unwrap_or_default());
    for block in &request.prefix {
        bytes.extend(sha256(block));
    }
    sha256(&bytes)
}

/// canon's answer to a `block` question.
pub fn canon_block(cache: &mut Option<PrefixCache>, request: &BlockRequest) -> Answer {
    let key = prefix_key(request);
    if cache.as_ref().is_none_or(|c| c.key != key) {
        let built =
            case_params(&request.start.network, request.start.params.as_ref()).and_then(|params| {
                let prefix = request
                    .prefix
                    .iter()
                    .map(|bytes| Block::from_bytes(bytes).map_err(|e| e.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                chain_after(params, &prefix)
            });
        match built {
            Ok(chain) => *cache = Some(PrefixCache { key, chain }),
            Err(why) => return Answer::Unsupported(why),
        }
    }
    let mut chain = cache.as_ref().expect("filled above").chain.clone();
    let block = match Block::from_bytes(&request.block) {
        Ok(block) => block,
        Err(e) => return Answer::reject(e.token()),
    };
    let outcome = block_outcome(&mut chain, &block);
    match outcome.reason {
        None => Answer::Ok(Facts::new()),
        Some(reason) => Answer::reject(reason),
    }
}

/// canon's answer to a `chain` question: `ok` with the fact `steps`.
pub fn canon_chain(request: &ChainRequest) -> Answer {
    let params = match case_params(&request.start.network, request.start.params.as_ref()) {
        Ok(params) => params,
        Err(why) => return Answer::Unsupported(why),
    };
    let mut feeds = Vec::with_capacity(request.steps.len());
    for (i, step) in request.steps.iter().enumerate() {
        let fed = match step {
            StepBytes::Block(bytes) => Block::from_bytes(bytes).map(Feed::Block),
            StepBytes::Header(bytes) => BlockHeader::from_bytes(bytes).map(Feed::Header),
        };
        match fed {
            Ok(fed) => feeds.push(fed),
            Err(e) => return Answer::Unsupported(format!("step {i} does not decode: {e}")),
        }
    }
    let steps = run_steps(params, &feeds);
    let mut facts = Facts::new();
    facts.insert(
        "steps".into(),
        serde_json::to_value(steps).expect("outcomes serialize"),
    );
    Answer::Ok(facts)
}

fn hex_bytes(text: &str, what: &str) -> Result<Vec<u8>, String> {
    hex::decode(text).map_err(|e| format!("cannot parse case: {what} is not hex: {e}"))
}

/// Runs every case of a `block` file, asking `engine`.
pub fn run_block_file(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let parsed: BlockFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => return report.check(file, "file", Err(format!("not a block vector file: {e}"))),
    };
    for case in &parsed.cases {
        let outcome = match block_request(&parsed, case) {
            Ok((request, expected)) => {
                let answer = engine.block(&format!("{file}#{}", case.id), &request);
                CaseOutcome::judged(&expected, &answer, "the block")
            }
            Err(why) => CaseOutcome::problem(why),
        };
        report.record_outcome(file, &case.id, "block", &case.rules, outcome);
    }
}

fn block_request(
    file: &BlockFile,
    case: &super::chain_vectors::BlockCase,
) -> Result<(BlockRequest, Expected), String> {
    let prefix = file
        .prefixes
        .get(&case.prefix)
        .ok_or_else(|| format!("cannot parse case: no prefix named {:?}", case.prefix))?
        .iter()
        .map(|block| hex_bytes(block, "a prefix block"))
        .collect::<Result<Vec<_>, _>>()?;
    let expected = Expected::from_verdict(&case.expect.result, case.expect.reason.as_deref())?;
    let request = BlockRequest {
        start: ChainStart {
            network: case.network.clone(),
            params: case.params.clone(),
        },
        prefix,
        block: hex_bytes(&case.block, "block")?,
    };
    Ok((request, expected))
}

/// Runs every case of a `chain` file, asking `engine`.
pub fn run_chain_file(file: &str, text: &str, engine: &mut dyn Engine, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let parsed: ChainFile = match serde_json::from_value(json) {
        Ok(parsed) => parsed,
        Err(e) => return report.check(file, "file", Err(format!("not a chain vector file: {e}"))),
    };
    for case in &parsed.cases {
        let outcome = match chain_request(case) {
            Ok(request) => judge_chain(
                case,
                &engine.chain(&format!("{file}#{}", case.id), &request),
            ),
            Err(why) => CaseOutcome::problem(why),
        };
        report.record_outcome(file, &case.id, "chain", &case.rules, outcome);
    }
}

fn chain_request(case: &ChainCase) -> Result<ChainRequest, String> {
    let steps = case
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| match (&step.block, &step.header) {
            (Some(block), None) => hex_bytes(block, "a block").map(StepBytes::Block),
            (None, Some(header)) => hex_bytes(header, "a header").map(StepBytes::Header),
            _ => Err(format!(
                "cannot parse case: step {i} needs exactly one of block and header"
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (i, step) in case.steps.iter().enumerate() {
        let expect = &step.expect;
        let valid = match expect.result.as_str() {
            "accepted" => expect.reason.is_none(),
            "rejected" | "mutated" | "orphan" => expect.reason.is_some(),
            _ => false,
        };
        if !valid {
            return Err(format!(
                "cannot parse case: step {i} expects {:?} with reason {:?}",
                expect.result, expect.reason
            ));
        }
    }
    Ok(ChainRequest {
        start: ChainStart {
            network: case.network.clone(),
            params: case.params.clone(),
        },
        steps,
    })
}

/// Judges a `chain` answer step by step: each step's result and tip must
/// agree (and the UTXO hash, when the engine reports one); reasons are
/// judged apart, the first difference (or missing reason) standing for
/// the case.
pub fn judge_chain(case: &ChainCase, answer: &Answer) -> CaseOutcome {
    let facts = match answer {
        Answer::Ok(facts) => facts,
        Answer::Unsupported(why) => {
            return CaseOutcome {
                unsupported: Some(why.clone()),
                ..CaseOutcome::default()
            }
        }
        other => {
            return CaseOutcome::problem(format!(
                "expected the steps' outcomes, got {}",
                other.token()
            ))
        }
    };
    let steps: Vec<StepOutcome> = match facts.get("steps").cloned().map(serde_json::from_value) {
        Some(Ok(steps)) => steps,
        Some(Err(e)) => return CaseOutcome::problem(format!("malformed steps in the answer: {e}")),
        None => return CaseOutcome::problem("the answer has no steps"),
    };
    if steps.len() != case.steps.len() {
        return CaseOutcome::problem(format!(
            "{} steps answered, {} asked",
            steps.len(),
            case.steps.len()
        ));
    }
    let mut outcome = CaseOutcome::default();
    let mut reasons = Vec::new();
    for (i, (step, got)) in case.steps.iter().zip(&steps).enumerate() {
        let want = &step.expect;
        if got.result != want.result {
            outcome.problems.push(format!(
                "step {i}: {} ({}) where {} expected",
                got.result,
                got.reason.as_deref().unwrap_or("no reason"),
                want.result
            ));
        } else if let Some(expected) = &want.reason {
            reasons.push(match &got.reason {
                Some(token) if token == expected => ReasonCheck::Agree,
                Some(token) => ReasonCheck::Differs {
                    expected: format!("{expected} (step {i})"),
                    got: Reason {
                        token: token.clone(),
                        raw: None,
                    },
                },
                None => ReasonCheck::NotReported {
                    expected: expected.clone(),
                },
            });
        }
        if got.tip != want.tip {
            outcome.problems.push(format!(
                "step {i}: tip {} at {} where {} at {} expected",
                got.tip.hash, got.tip.height, want.tip.hash, want.tip.height
            ));
        }
        if let (Some(got_hash), Some(want_hash)) = (&got.utxo_hash, &want.utxo_hash) {
            if got_hash != want_hash {
                outcome.problems.push(format!(
                    "step {i}: UTXO set hash {got_hash} where {want_hash} expected"
                ));
            }
        }
    }
    outcome.reason = reasons
        .iter()
        .find(|r| matches!(r, ReasonCheck::Differs { .. }))
        .or_else(|| {
            reasons
                .iter()
                .find(|r| matches!(r, ReasonCheck::NotReported { .. }))
        })
        .or(reasons.first())
        .cloned()
        .unwrap_or_default();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::chain_vectors::{BlockExpect, BlockFile};
    use crate::conformance::engine::CanonEngine;
    use crate::conformance::generate::scenario::{block_case, Intent, Scenario};
    use crate::conformance::protocol::{request_from_json, request_to_json};
    use crate::conformance::Request;
    use crate::encoding::Encode;
    use std::collections::BTreeMap;

    /// Two blocks, an orphan, then a side branch that overtakes.
    fn scenario() -> ChainCase {
        let mut s = Scenario::new("t", "test");
        let a = s.mine_empty(2);
        let mut orphan = s.next_block();
        orphan.prev = crate::primitives::BlockHash([7; 32]);
        let orphan = orphan.build(s.params());
        s.block(&orphan, "orphan", &["CHAIN-ORPHAN"], Intent::Orphan);
        let side1 = s.mine(&s.block_on(a[0].block_hash()), "side", &[]);
        let side2 = s.block_on(side1.block_hash()).build(s.params());
        s.block(&side2, "overtakes", &["CHAIN-REORG"], Intent::Accepted);
        assert_eq!(s.chain().tip().hash, side2.block_hash());
        s.into_case()
    }

    fn file(case: ChainCase) -> String {
        serde_json::to_string(&ChainFile {
            kind: "chain".into(),
            generator: "test".into(),
            description: "d".into(),
            cases: vec![case],
        })
        .unwrap()
    }

    #[test]
    fn chain_cases_are_judged_step_by_step() {
        let case = scenario();
        assert_eq!(case.steps.len(), 5);
        assert_eq!(case.steps[2].expect.result, "orphan");
        let mut report = Report::default();
        run_chain_file(
            "c.json",
            &file(case.clone()),
            &mut CanonEngine::new(),
            &mut report,
        );
        assert_eq!((report.passed(), report.failed()), (1, 0));

        let mut wrong_tip = case.clone();
        wrong_tip.steps[4].expect.tip.height = 2;
        let mut report = Report::default();
        run_chain_file(
            "c.json",
            &file(wrong_tip),
            &mut CanonEngine::new(),
            &mut report,
        );
        assert_eq!(report.failed(), 1);

        let mut wrong_result = case;
        wrong_result.steps[2].expect.result = "rejected".into();
        let mut report = Report::default();
        run_chain_file(
            "c.json",
            &file(wrong_result),
            &mut CanonEngine::new(),
            &mut report,
        );
        assert_eq!(report.failed(), 1);
    }

    #[test]
    fn block_cases_connect_or_give_the_reason() {
        let mut s = Scenario::new("p", "prefix");
        let prefix = s.mine_empty(3);
        let good = s.next_block().build(s.params());
        let mut bad = s.next_block();
        bad.coinbase_outputs = Some(vec![crate::primitives::TxOut {
            value: 50 * crate::validation::COIN + 1,
            script_pubkey: vec![0x51],
        }]);
        let bad = bad.build(s.params());
        let chain = s.chain();
        let cases = vec![
            block_case(
                chain,
                "p",
                None,
                "ok",
                "d",
                &["CONNECT-CB-AMOUNT"],
                &good,
                Intent::Accepted,
            ),
            block_case(
                chain,
                "p",
                None,
                "bad",
                "d",
                &["CONNECT-CB-AMOUNT"],
                &bad,
                Intent::Rejected("bad-cb-amount"),
            ),
        ];
        assert_eq!(
            cases[1].expect,
            BlockExpect {
                result: "reject".into(),
                reason: Some("bad-cb-amount".into()),
                mutated: false
            }
        );
        let prefixes = BTreeMap::from([(
            "p".to_string(),
            prefix.iter().map(|b| hex::encode(b.to_bytes())).collect(),
        )]);
        let text = serde_json::to_string(&BlockFile {
            kind: "block".into(),
            generator: "test".into(),
            description: "d".into(),
            prefixes,
            cases,
        })
        .unwrap();
        let mut report = Report::default();
        run_block_file("b.json", &text, &mut CanonEngine::new(), &mut report);
        assert_eq!((report.passed(), report.failed()), (2, 0));
        let unknown_prefix = text.replace("\"prefix\":\"p\"", "\"prefix\":\"q\"");
        let mut report = Report::default();
        run_block_file(
            "b.json",
            &unknown_prefix,
            &mut CanonEngine::new(),
            &mut report,
        );
        assert_eq!(
            report.failed(),
            2,
            "a case naming no prefix fails, never skips"
        );
    }

    #[test]
    fn chain_requests_and_answers_cross_the_protocol() {
        let request = Request::Chain(chain_request(&scenario()).unwrap());
        let line = request_to_json("x", &request).to_string();
        let (_, back) = request_from_json(&line).unwrap();
        assert_eq!(back, Ok(request.clone()));
        let Request::Chain(chain) = &request else {
            unreachable!()
        };
        let answer = canon_chain(chain);
        let line = crate::conformance::protocol::answer_to_json("x", &answer).to_string();
        assert!(line.contains("\"steps\":["), "{line}");
        let back = crate::conformance::protocol::answer_from_json(&line, "x", &BTreeMap::new());
        assert_eq!(back, Ok(answer));
    }
}
