//! Kinds `block` and `chain`: blocks and headers fed, in order, to a chain
//! that starts at a network's genesis block (see `spec/vectors.md`).
//!
//! A `chain` case is a scenario: steps, each a block or a header, each with
//! the outcome it must have (`accepted`, `rejected`, `mutated`, `orphan`)
//! and the active tip after it. A `block` case is one block on top of a
//! named prefix of valid blocks shared by the file's cases: it asks whether
//! that block connects (`ok`) or why not.
//!
//! [`run_steps`] answers both with canon's [`Chainstate`]; generators use it
//! to record outcomes, the canon engine to answer requests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::chain::{ChainError, Chainstate};
use crate::encoding::Decode;
use crate::params::{consensus_params, ConsensusParams, Network};
use crate::primitives::{Block, BlockHeader};
use crate::validation::BlockValidationResult;

/// Overrides of a network's consensus parameters: a "custom parameter set"
/// (Core's regtest `-testactivationheight=NAME@HEIGHT`, and more). Absent
/// fields keep the network's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsOverride {
    /// BIP-0034 height (Core's `bip34`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bip34_height: Option<u32>,
    /// BIP-0065 height (Core's `cltv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bip65_height: Option<u32>,
    /// BIP-0066 height (Core's `dersig`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bip66_height: Option<u32>,
    /// CSV height (BIP-0068, -0112, -0113; Core's `csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv_height: Option<u32>,
    /// Segwit height (BIP-0141, -0143, -0147; Core's `segwit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segwit_height: Option<u32>,
    /// Blocks between subsidy halvings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy_halving_interval: Option<u32>,
    /// Whether the target never changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pow_no_retargeting: Option<bool>,
    /// Whether a block 20 minutes after its parent may use the limit target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pow_allow_min_difficulty_blocks: Option<bool>,
    /// The retarget period's intended length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pow_target_timespan: Option<i64>,
    /// Whether BIP-0094 (testnet4's rules) applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce_bip94: Option<bool>,
    /// A signet challenge script, hex: every block but genesis must carry
    /// a solution to it (BIP-0325).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signet_challenge: Option<String>,
}

impl ParamsOverride {
    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self == &ParamsOverride::default()
    }

    /// `params` with the overrides applied.
    pub fn apply(&self, mut params: ConsensusParams) -> ConsensusParams {
        let heights = [
            (self.bip34_height, &mut params.bip34_height),
            (self.bip65_height, &mut params.bip65_height),
            (self.bip66_height, &mut params.bip66_height),
            (self.csv_height, &mut params.csv_height),
            (self.segwit_height, &mut params.segwit_height),
        ];
        for (value, field) in heights {
            if let Some(value) = value {
                *field = value;
            }
        }
        if let Some(interval) = self.subsidy_halving_interval {
            params.subsidy_halving_interval = interval;
        }
        if let Some(no_retargeting) = self.pow_no_retargeting {
            params.pow_no_retargeting = no_retargeting;
        }
        if let Some(allow) = self.pow_allow_min_difficulty_blocks {
            params.pow_allow_min_difficulty_blocks = allow;
        }
        if let Some(timespan) = self.pow_target_timespan {
            params.pow_target_timespan = timespan;
        }
        if let Some(bip94) = self.enforce_bip94 {
            params.enforce_bip94 = bip94;
        }
        if let Some(challenge) = &self.signet_challenge {
            params.signet_challenge = hex::decode(challenge).ok();
        }
        params
    }
}

/// The consensus parameters a case names: a network (Core's name) and
/// optional overrides.
///
/// # Errors
/// An unknown network name.
pub fn case_params(
    network: &str,
    overrides: Option<&ParamsOverride>,
) -> Result<ConsensusParams, String> {
    let network = Network::from_name(network).ok_or_else(|| {
        format!("unknown network {network:?} (main, test, testnet4, signet, regtest)")
    })?;
    let params = consensus_params(network);
    Ok(match overrides {
        Some(overrides) => overrides.apply(params),
        None => params,
    })
}

/// The active chain's tip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    /// The tip's hash, in display order.
    pub hash: String,
    /// Its height.
    pub height: u32,
}

/// What a step did, or must do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepOutcome {
    /// `accepted`, `rejected`, `mutated` or `orphan`.
    pub result: String,
    /// Core's reject reason, for every result but `accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The active tip after the step.
    pub tip: Tip,
    /// The UTXO set's hash after the step (`UTXO-HASH`), hex; checked only
    /// against engines that report it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utxo_hash: Option<String>,
}

/// One step of a scenario: a block or a header (exactly one of the two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A whole block, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// A header alone, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// What the step shows, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The rules this step exercises: a passing vector for each when
    /// `accepted`, a failing one otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// The outcome.
    pub expect: StepOutcome,
}

/// A `chain` case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainCase {
    /// Unique within the corpus.
    pub id: String,
    /// What the scenario shows.
    pub description: String,
    /// Every rule the steps name (their union, for listing).
    pub rules: Vec<String>,
    /// Core's name of the network whose genesis the chain starts from.
    pub network: String,
    /// Overridden parameters, when the scenario needs a custom set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<ParamsOverride>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// A file of kind `chain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainFile {
    /// Always `chain`.
    pub kind: String,
    /// Provenance: canon's version and the generator family.
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// The scenarios.
    pub cases: Vec<ChainCase>,
}

/// What a `block` case expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockExpect {
    /// `ok` (the block connects and becomes the tip) or `reject`.
    pub result: String,
    /// Core's reject reason when rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether the rejection is Core's `BLOCK_MUTATED` (the block's data does
    /// not match its header; the hash is not marked invalid).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mutated: bool,
}

/// A `block` case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockCase {
    /// Unique within the corpus.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The rules it exercises.
    pub rules: Vec<String>,
    /// Core's name of the network.
    pub network: String,
    /// Overridden parameters, when the case needs a custom set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<ParamsOverride>,
    /// The name of the file's prefix the block builds on.
    pub prefix: String,
    /// The block, hex.
    pub block: String,
    /// The outcome.
    pub expect: BlockExpect,
}

/// A file of kind `block`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockFile {
    /// Always `block`.
    pub kind: String,
    /// Provenance: canon's version and the generator family.
    pub generator: String,
    /// What the file covers.
    pub description: String,
    /// Named runs of valid blocks from genesis, hex, shared by the cases.
    pub prefixes: BTreeMap<String, Vec<String>>,
    /// The cases.
    pub cases: Vec<BlockCase>,
}

/// One thing fed to a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// A whole block.
    Block(Block),
    /// A header alone.
    Header(BlockHeader),
}

impl Feed {
    /// Decodes a step's block or header.
    ///
    /// # Errors
    /// Neither or both given, bad hex, or bytes that do not decode.
    pub fn from_step(block: Option<&str>, header: Option<&str>) -> Result<Feed, String> {
        match (block, header) {
            (Some(hex), None) => decode_hex::<Block>(hex).map(Feed::Block),
            (None, Some(hex)) => decode_hex::<BlockHeader>(hex).map(Feed::Header),
            _ => Err("a step has exactly one of `block` and `header`".into()),
        }
    }
}

fn decode_hex<T: Decode>(text: &str) -> Result<T, String> {
    let bytes = hex::decode(text).map_err(|e| format!("bad hex: {e}"))?;
    T::from_bytes(&bytes).map_err(|e| format!("does not decode: {e}"))
}

/// The outcome of feeding `feed` to `chain`.
///
/// # Consensus
/// A block is `rejected` when it, itself, is found invalid: by its header,
/// `check_block`, `contextual_check_block`, or when connected while
/// reaching the best chain (Core: the `BlockChecked` signal for that block,
/// with a mode other than valid). It is `mutated` when refused with
/// [`BlockValidationResult::Mutated`], and `orphan` when its parent is
/// unknown. Otherwise it is `accepted`, even when it is not on the best
/// chain, or when another block failed while the chain tried to reach it
/// (the tip shows that).
pub fn feed(chain: &mut Chainstate, feed: &Feed) -> StepOutcome {
    feed_traced(chain, feed).0
}

/// [`feed`], and the ID of the rule that refused the block or header (none
/// when `accepted`).
pub fn feed_traced(chain: &mut Chainstate, feed: &Feed) -> (StepOutcome, Option<&'static str>) {
    let refused = |error: ChainError| {
        let result = match error.result() {
            Some(BlockValidationResult::Mutated) => "mutated",
            Some(BlockValidationResult::MissingPrev) => "orphan",
            _ => "rejected",
        };
        (result, Some((error.reject_reason(), error.rule_id())))
    };
    let (result, refusal) = match feed {
        Feed::Block(block) => match chain.process_new_block(block) {
            Ok(processed) => {
                let hash = block.block_hash();
                match processed.invalid.iter().find(|(h, _)| *h == hash) {
                    Some((_, error)) => {
                        ("rejected", Some((error.reject_reason(), error.rule_id())))
                    }
                    None => ("accepted", None),
                }
            }
            Err(error) => refused(error),
        },
        Feed::Header(header) => match chain.process_new_block_header(header) {
            Ok(_) => ("accepted", None),
            Err(error) => refused(error),
        },
    };
    let tip = chain.tip();
    let (reason, rule) = refusal.unzip();
    let outcome = StepOutcome {
        result: result.into(),
        reason: reason.map(|r| r.into_owned()),
        tip: Tip {
            hash: tip.hash.to_string(),
            height: tip.height,
        },
        utxo_hash: Some(hex::encode(chain.utxos().utxo_hash())),
    };
    (outcome, rule)
}

/// Feeds every item to a fresh chain on `params`, returning each outcome.
pub fn run_steps(params: ConsensusParams, feeds: &[Feed]) -> Vec<StepOutcome> {
    let mut chain = Chainstate::new(params);
    feeds.iter().map(|item| feed(&mut chain, item)).collect()
}

/// The answer to a `block` question on `chain`, the chain its prefix built:
/// `ok` when the block is accepted and becomes the tip, else `reject` with
/// the reason (and `mutated` for [`BlockValidationResult::Mutated`]).
pub fn block_outcome(chain: &mut Chainstate, block: &Block) -> BlockExpect {
    let step = feed(chain, &Feed::Block(block.clone()));
    let connected = step.result == "accepted" && step.tip.hash == block.block_hash().to_string();
    BlockExpect {
        result: if connected { "ok" } else { "reject" }.into(),
        reason: match (connected, step.reason) {
            (true, _) => None,
            (false, Some(reason)) => Some(reason),
            (false, None) => Some("not-connected".into()),
        },
        mutated: step.result == "mutated",
    }
}

/// A fresh chain on `params` with `prefix` fed to it, every block of which
/// must be accepted and become the tip.
///
/// # Errors
/// The first prefix block that is not, with its outcome.
pub fn chain_after(params: ConsensusParams, prefix: &[Block]) -> Result<Chainstate, String> {
    let mut chain = Chainstate::new(params);
    for (i, block) in prefix.iter().enumerate() {
        let outcome = block_outcome(&mut chain, block);
        if outcome.result != "ok" {
            return Err(format!(
                "prefix block {i} ({}) does not connect: {}",
                block.block_hash(),
                outcome.reason.unwrap_or_default()
            ));
        }
    }
    Ok(chain)
}
