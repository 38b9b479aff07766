//! Writing `chain` and `block` cases: a scenario builder that feeds each
//! block to canon's chain state as it is written, records the outcome and
//! the tip, and stops generation when an outcome is not the one the
//! scenario intends (so a generator reads as a list of intentions, and a
//! wrong one cannot slip into the corpus).
//!
//! Not consensus code: it produces what the rules then judge.

use crate::chain::{BlockBuilder, Chainstate, TestKey};
use crate::conformance::chain_vectors::{
    block_outcome, feed, BlockCase, BlockExpect, ChainCase, Feed, ParamsOverride, Step,
};
use crate::encoding::Encode;
use crate::params::{consensus_params, ConsensusParams, Network};
use crate::primitives::{Block, BlockHash, BlockHeader};

/// Seconds between the blocks a scenario builds by default.
pub const SPACING: u32 = 600;

/// What a step must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent<'a> {
    /// Stored (and connected, when it makes the best chain).
    Accepted,
    /// Found invalid, with this reason.
    Rejected(&'a str),
    /// Refused as mutated, with this reason.
    Mutated(&'a str),
    /// Refused: the parent is unknown.
    Orphan,
}

impl Intent<'_> {
    fn matches(&self, result: &str, reason: Option<&str>) -> bool {
        match self {
            Intent::Accepted => result == "accepted",
            Intent::Rejected(r) => result == "rejected" && reason == Some(r),
            Intent::Mutated(r) => result == "mutated" && reason == Some(r),
            Intent::Orphan => result == "orphan",
        }
    }
}

/// A `chain` case under construction, on a regtest chain (optionally with
/// overridden parameters).
pub struct Scenario {
    case: ChainCase,
    chain: Chainstate,
    key: TestKey,
}

impl Scenario {
    /// A scenario from the regtest genesis block.
    pub fn new(id: &str, description: &str) -> Scenario {
        Scenario::with_params(id, description, ParamsOverride::default())
    }

    /// A scenario on regtest with `overrides` applied.
    pub fn with_params(id: &str, description: &str, overrides: ParamsOverride) -> Scenario {
        let params = overrides.apply(consensus_params(Network::Regtest));
        Scenario {
            case: ChainCase {
                id: id.into(),
                description: description.into(),
                rules: Vec::new(),
                network: Network::Regtest.name().into(),
                params: (!overrides.is_empty()).then_some(overrides),
                steps: Vec::new(),
            },
            chain: Chainstate::new(params),
            key: TestKey::new(0),
        }
    }

    /// The parameters in force.
    pub fn params(&self) -> &ConsensusParams {
        self.chain.params()
    }

    /// canon's chain state after the steps so far.
    pub fn chain(&self) -> &Chainstate {
        &self.chain
    }

    /// The key default coinbases pay to (P2WPKH).
    pub fn key(&self) -> &TestKey {
        &self.key
    }

    /// A builder for a block on `parent` (which must be known), `SPACING`
    /// seconds after it.
    ///
    /// # Panics
    /// If `parent` is not in the index.
    pub fn block_on(&self, parent: BlockHash) -> BlockBuilder {
        let index = self.chain.index();
        let id = index.lookup(&parent).expect("the parent is known");
        let entry = index.get(id);
        BlockBuilder::new(
            parent,
            entry.height + 1,
            entry.header.time + SPACING,
            self.key.p2wpkh(),
            self.params(),
        )
    }

    /// A builder for a block on the tip.
    pub fn next_block(&self) -> BlockBuilder {
        self.block_on(self.chain.tip().hash)
    }

    /// Feeds `block`, recording a step that must have outcome `intent`.
    ///
    /// # Panics
    /// If canon's outcome is not `intent`: the generator is wrong.
    pub fn block(&mut self, block: &Block, description: &str, rules: &[&str], intent: Intent) {
        self.step(Feed::Block(block.clone()), description, rules, intent);
    }

    /// Feeds a header alone, as [`Scenario::block`].
    ///
    /// # Panics
    /// If canon's outcome is not `intent`.
    pub fn header(
        &mut self,
        header: &BlockHeader,
        description: &str,
        rules: &[&str],
        intent: Intent,
    ) {
        self.step(Feed::Header(*header), description, rules, intent);
    }

    /// Builds, mines and feeds `builder`'s block, which must be accepted;
    /// returns it.
    pub fn mine(&mut self, builder: &BlockBuilder, description: &str, rules: &[&str]) -> Block {
        let block = builder.build(self.params());
        self.block(&block, description, rules, Intent::Accepted);
        block
    }

    /// Mines `count` empty blocks on the tip; returns them.
    pub fn mine_empty(&mut self, count: usize) -> Vec<Block> {
        (0..count)
            .map(|_| self.mine(&self.next_block(), "", &[]))
            .collect()
    }

    fn step(&mut self, item: Feed, description: &str, rules: &[&str], intent: Intent) {
        let outcome = feed(&mut self.chain, &item);
        assert!(
            intent.matches(&outcome.result, outcome.reason.as_deref()),
            "scenario {} step {}: intended {intent:?}, canon says {} {:?}",
            self.case.id,
            self.case.steps.len(),
            outcome.result,
            outcome.reason
        );
        for rule in rules {
            if !self.case.rules.iter().any(|r| r == rule) {
                self.case.rules.push((*rule).to_string());
            }
        }
        let (block, header) = match &item {
            Feed::Block(block) => (Some(hex::encode(block.to_bytes())), None),
            Feed::Header(header) => (None, Some(hex::encode(header.to_bytes()))),
        };
        self.case.steps.push(Step {
            block,
            header,
            description: description.into(),
            rules: rules.iter().map(|r| (*r).to_string()).collect(),
            expect: outcome,
        });
    }

    /// The finished case.
    pub fn into_case(self) -> ChainCase {
        self.case
    }
}

/// A `block` case: `block` on `prefix` (named `prefix_name` in its file),
/// whose outcome on canon must be `intent` (`Accepted` meaning it connects
/// and becomes the tip). `after_prefix` is canon's chain after the prefix.
///
/// # Panics
/// If canon's outcome is not `intent`.
#[allow(clippy::too_many_arguments)]
pub fn block_case(
    after_prefix: &Chainstate,
    prefix_name: &str,
    overrides: Option<&ParamsOverride>,
    id: &str,
    description: &str,
    rules: &[&str],
    block: &Block,
    intent: Intent,
) -> BlockCase {
    let expect: BlockExpect = block_outcome(&mut after_prefix.clone(), block);
    let result = match expect.result.as_str() {
        "ok" => "accepted",
        _ if expect.mutated => "mutated",
        _ if expect.reason.as_deref() == Some("prev-blk-not-found") => "orphan",
        _ => "rejected",
    };
    assert!(
        intent.matches(result, expect.reason.as_deref()),
        "block case {id}: intended {intent:?}, canon says {} {:?}",
        expect.result,
        expect.reason
    );
    BlockCase {
        id: id.into(),
        description: description.into(),
        rules: rules.iter().map(|r| (*r).to_string()).collect(),
        network: after_prefix.params().network.name().into(),
        params: overrides.filter(|o| !o.is_empty()).cloned(),
        prefix: prefix_name.into(),
        block: hex::encode(block.to_bytes()),
        expect,
    }
}
