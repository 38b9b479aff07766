//! Generator family `chain`: scenarios of blocks and headers fed to a
//! chain, in the spirit of Core's `feature_block.py` and its siblings,
//! written as data. Each file is one family of scenarios; each scenario is
//! built with [`Scenario`], which feeds canon's chain state step by step and
//! stops generation when an outcome is not the intended one.
//!
//! Steps that only set a scenario up carry no rules; the others name the
//! rules they exercise (a passing vector when accepted, a failing one
//! otherwise).
//!
//! Scenarios with a custom parameter set (`params`) cannot be run by Core's
//! kernel, which takes only the built-in networks: the Core adapter answers
//! `unsupported` for them and they are checked against canon only. Their
//! expectations still follow Core's rules for those parameters (Core's
//! regtest `-testactivationheight` and its `Consensus::Params` fields).

pub mod accept;
pub mod deploy;
pub mod invalid;
pub mod pow;
pub mod quirks;
pub mod reorg;

use super::scenario::{Scenario, SPACING};
use super::{generator_name, to_json_text, GeneratedFile};
use crate::chain::{coinbase_output, BlockBuilder, Chainstate, TxBuilder, Unlock};
use crate::conformance::chain_vectors::{ChainCase, ChainFile};
use crate::params::{genesis_block, Network};
use crate::primitives::{Block, BlockHash, Transaction, TxOut};
use crate::validation::coinbase_height_script;

/// Every file of the family.
pub fn files() -> Vec<GeneratedFile> {
    vec![
        file(
            "chain/accept.json",
            "Accepting headers and blocks: known headers, headers ahead of blocks, orphans, \
             invalid parents, cached invalidity, failures that are not remembered",
            accept::cases(),
        ),
        file(
            "chain/reorg.json",
            "Choosing the best chain: equal work, reorganisations of several depths, \
             reorganisations that fail half-way, spends re-made on the new branch, UTXO hashes",
            reorg::cases(),
        ),
        file(
            "chain/pow.json",
            "Proof of work in a chain: regtest's fixed target, and a custom set retargeting \
             every 10 blocks (retarget, clamps, min-difficulty blocks, BIP-0094)",
            pow::cases(),
        ),
        file(
            "chain/deployments.json",
            "Buried deployments across their activation heights (custom parameter sets)",
            deploy::cases(),
        ),
        file(
            "chain/quirks.json",
            "Historical quirks: BIP-0030 repeats, CVE-2018-17144, CVE-2012-2459, the 2010 \
             value overflow, the SIGHASH_SINGLE bug",
            quirks::cases(),
        ),
    ]
}

fn file(path: &str, description: &str, cases: Vec<ChainCase>) -> GeneratedFile {
    let file = ChainFile {
        kind: "chain".into(),
        generator: generator_name("chain"),
        description: description.into(),
        cases,
    };
    GeneratedFile {
        path: path.into(),
        contents: to_json_text(&file),
    }
}

/// Where a new block goes: its parent's hash, height and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// The parent's hash.
    pub hash: BlockHash,
    /// The parent's height.
    pub height: u32,
    /// The parent's time.
    pub time: u32,
}

impl At {
    /// The regtest genesis block.
    pub fn genesis() -> At {
        let genesis = genesis_block(Network::Regtest);
        At {
            hash: genesis.block_hash(),
            height: 0,
            time: genesis.header.time,
        }
    }

    /// `block`, at `height`.
    pub fn of(block: &Block, height: u32) -> At {
        At {
            hash: block.block_hash(),
            height,
            time: block.header.time,
        }
    }

    /// The scenario's tip.
    pub fn tip(s: &Scenario) -> At {
        let tip = s.chain().tip();
        At {
            hash: tip.hash,
            height: tip.height,
            time: tip.header.time,
        }
    }
}

/// A builder for the block after `at`, `SPACING` seconds later, whose
/// coinbase carries `tag` after its height so that blocks on one parent
/// differ (tag 0: the plain coinbase of `Scenario::next_block`).
pub fn builder(s: &Scenario, at: At, tag: u8) -> BlockBuilder {
    let mut b = BlockBuilder::new(
        at.hash,
        at.height + 1,
        at.time + SPACING,
        s.key().p2wpkh(),
        s.params(),
    );
    if tag != 0 {
        let mut script_sig = coinbase_height_script(b.height);
        script_sig.extend([1, tag]);
        b.coinbase_script_sig = Some(script_sig);
    }
    b
}

/// `count` blocks after `at`, built and mined but not fed.
pub fn branch(s: &Scenario, at: At, count: usize, tag: u8) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(count);
    let mut at = at;
    for _ in 0..count {
        let block = builder(s, at, tag).build(s.params());
        at = At::of(&block, at.height + 1);
        blocks.push(block);
    }
    blocks
}

/// Mines `count` empty blocks on the tip, each a setup step; returns them.
pub fn grow(s: &mut Scenario, count: usize) -> Vec<Block> {
    s.mine_empty(count)
}

/// A transaction spending output 0 of `block`'s coinbase (P2WPKH, the
/// scenario's key), paying `outputs`.
pub fn spend_coinbase(s: &Scenario, block: &Block, outputs: &[(i64, Vec<u8>)]) -> Transaction {
    let (outpoint, output) = coinbase_output(block, 0);
    spend(s, outpoint, output, outputs)
}

/// A transaction spending the P2WPKH coin `outpoint` (of the scenario's
/// key), paying `outputs`.
pub fn spend(
    s: &Scenario,
    outpoint: crate::primitives::OutPoint,
    spent: TxOut,
    outputs: &[(i64, Vec<u8>)],
) -> Transaction {
    let mut tx = TxBuilder::new().input(outpoint, spent, Unlock::P2wpkh(*s.key()));
    for (value, script) in outputs {
        tx = tx.output(*value, script.clone());
    }
    tx.build()
}

/// The UTXO hash of a fresh chain on the scenario's parameters with
/// `blocks` (from height 1) connected one by one: what a reorganisation
/// must reach (`UTXO-HASH`, `DISCONNECT-UNDO`).
///
/// # Panics
/// If a block does not become the tip.
pub fn direct_utxo_hash(s: &Scenario, blocks: &[Block]) -> String {
    let mut chain = Chainstate::new(s.params().clone());
    for block in blocks {
        let processed = chain.process_new_block(block).expect("a valid block");
        assert!(processed.invalid.is_empty(), "a valid block connects");
        assert_eq!(chain.tip().hash, block.block_hash());
    }
    hex::encode(chain.utxos().utxo_hash())
}

/// Asserts that the scenario's UTXO set is that of `blocks` connected
/// directly.
pub fn assert_utxo_of(s: &Scenario, blocks: &[Block]) {
    assert_eq!(
        hex::encode(s.chain().utxos().utxo_hash()),
        direct_utxo_hash(s, blocks),
        "the UTXO set after a reorganisation is that of the winning chain"
    );
}

/// Re-mines a block whose transactions were edited: recomputes the merkle
/// root (the witness commitment is left as it is) and finds a nonce.
pub fn remine(block: &mut Block, s: &Scenario) {
    block.header.merkle_root = block.compute_merkle_root().root;
    block.header.nonce = 0;
    crate::chain::mine(&mut block.header, s.params());
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::conformance::catalogue::catalogue;
    use crate::conformance::chain_vectors::{case_params, run_steps, Feed};

    /// The family's files, generated once for all tests (mining makes
    /// generation take a while in a debug build).
    fn generated() -> &'static [GeneratedFile] {
        static FILES: std::sync::OnceLock<Vec<GeneratedFile>> = std::sync::OnceLock::new();
        FILES.get_or_init(files)
    }

    fn all_cases() -> Vec<ChainCase> {
        generated()
            .iter()
            .flat_map(|file| {
                serde_json::from_str::<ChainFile>(&file.contents)
                    .expect("a chain file")
                    .cases
            })
            .collect()
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(files(), generated());
    }

    #[test]
    fn ids_are_unique_and_the_corpus_is_large_enough() {
        let cases = all_cases();
        let mut ids: Vec<&str> = cases.iter().map(|case| case.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), cases.len());
        assert!(cases.len() >= 80, "{} scenarios", cases.len());
    }

    /// Replaying each case from its JSON on a fresh chain gives every
    /// recorded outcome: the file alone determines the answers.
    #[test]
    fn cases_replay_from_their_json() {
        for case in all_cases() {
            let params = case_params(&case.network, case.params.as_ref()).expect("known network");
            let feeds: Vec<Feed> = case
                .steps
                .iter()
                .map(|step| Feed::from_step(step.block.as_deref(), step.header.as_deref()))
                .collect::<Result<_, _>>()
                .expect("steps decode");
            let outcomes = run_steps(params, &feeds);
            for (i, (step, outcome)) in case.steps.iter().zip(&outcomes).enumerate() {
                assert_eq!(&step.expect, outcome, "{} step {i}", case.id);
            }
        }
    }

    /// Every rule a step names is in the catalogue, and every rule the
    /// family is about has an accepted step, and a refused one when it has
    /// a reject reason.
    #[test]
    fn named_rules_have_accepted_and_refused_steps() {
        let rules: BTreeMap<String, bool> = catalogue()
            .into_iter()
            .map(|rule| (rule.id, rule.token.is_some()))
            .collect();
        let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for case in all_cases() {
            for step in &case.steps {
                for rule in &step.rules {
                    assert!(rules.contains_key(rule), "{}: unknown rule {rule}", case.id);
                    let entry = seen.entry(rule.clone()).or_default();
                    if step.expect.result == "accepted" {
                        entry.0 += 1;
                    } else {
                        entry.1 += 1;
                    }
                }
            }
        }
        let family = [
            "CHAIN-ACCEPT-HEADER",
            "CHAIN-ORPHAN",
            "CHAIN-INVALID-PREV",
            "CHAIN-DUPLICATE-INVALID",
            "CHAIN-ACCEPT-BLOCK",
            "CHAIN-SEQUENCE",
            "CHAIN-BEST",
            "CHAIN-REORG",
            "DISCONNECT-UNDO",
            "UTXO-HASH",
            "POW-NO-RETARGET",
            "POW-MIN-DIFFICULTY",
            "POW-RETARGET",
            "POW-NEXT-WORK",
            "POW-BIP94-BASE",
            "POW-COMPACT-RANGE",
            "POW-CHAIN-WORK",
            "POW-HIGH-HASH",
            "HDR-DIFFBITS",
            "HDR-TIMEWARP",
            "HDR-VERSION",
            "HDR-TIME-TOO-OLD",
            "DEPLOY-BIP34",
            "DEPLOY-BIP66",
            "DEPLOY-BIP65",
            "DEPLOY-CSV",
            "DEPLOY-SEGWIT",
            "DEPLOY-TAPROOT",
            "CONNECT-BIP30",
            "TX-INPUTS-DUPLICATE",
            "BLK-MERKLE-MUTATED",
            "TX-TXOUTTOTAL-TOOLARGE",
            "SIGHASH-LEGACY-SINGLE-BUG",
            "CTX-CB-HEIGHT",
            "CTX-FINAL",
            "CTX-UNEXPECTED-WITNESS",
            "CTX-WITNESS-COMMITMENT",
            "CTX-WITNESS-NONCE",
        ];
        for rule in family {
            let (accepted, refused) = seen.get(rule).copied().unwrap_or_default();
            assert!(accepted > 0, "{rule} has no accepted step");
            if rules[rule] {
                assert!(refused > 0, "{rule} has no refused step");
            }
        }
    }
}
