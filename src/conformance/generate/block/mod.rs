//! The `block` family: one block on a prefix of valid regtest blocks,
//! connecting or rejected with Core's exact reason. In the spirit of Core's
//! `test/functional/feature_block.py`, written as data: one function per
//! rule family, each a list of scenarios, every rule kept at its boundary
//! and broken one step past it.
//!
//! Every case is checked on canon as it is written
//! ([`block_case`] panics when canon's outcome is not the intended one),
//! and every intended outcome is derived from the rule and Core's source
//! (`src/validation.cpp`, `src/consensus/tx_check.cpp`,
//! `src/consensus/tx_verify.cpp`, `src/script/script_error.cpp`).
//!
//! Not consensus code: it produces what the rules then judge.

pub mod bip30;
pub mod check;
pub mod connect;
pub mod contextual;
pub mod header;
pub mod locks;
pub mod matrix;
mod matrix_coinbase;
pub mod order;
pub mod policy;
pub mod scripts;
pub mod size;
pub mod subsidy;
pub mod wallet;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::scenario::{block_case, Intent, SPACING};
use super::{generator_name, to_json_text, GeneratedFile};
use crate::chain::{mine, BlockBuilder, Chainstate};
use crate::conformance::chain_vectors::{chain_after, BlockCase, BlockFile, ParamsOverride};
use crate::encoding::Encode;
use crate::params::{consensus_params, genesis_block, ConsensusParams, Network};
use crate::primitives::{Block, Transaction, TxOut};
use crate::validation::{check_proof_of_work, COIN};
use wallet::{Coin, Lock, MINER_KEY};

/// The name of the prefix most files share.
pub const MATURE: &str = "mature";

/// The height of the `mature` prefix's tip: cases are at height 111, where
/// the coinbases of heights 1..=11 are mature.
pub const MATURE_HEIGHT: u32 = 110;

/// The height of the block in the `mature` prefix holding the funding
/// transaction.
pub const FUNDING_HEIGHT: u32 = 101;

/// The output types the funding transaction creates, 1 BTC each, in order.
pub fn funded_locks() -> Vec<Lock> {
    vec![
        Lock::P2wpkh(2),
        Lock::P2pkh(3),
        Lock::P2shMultisig,
        Lock::P2shP2wpkh(7),
        Lock::P2wshMultisig,
        Lock::BareMultisig,
        Lock::TaprootKey(10),
        Lock::TaprootTree,
        Lock::Anyone,
        Lock::Cltv,
        Lock::Csv,
    ]
}

/// A named prefix, canon's chain after it, and the coins it leaves.
pub struct Fixture {
    /// The prefix's name in its files.
    pub name: &'static str,
    /// The prefix's blocks, from height 1.
    pub blocks: Vec<Block>,
    /// canon's chain state after the prefix.
    pub chain: Chainstate,
    /// The funding transaction's outputs (empty for prefixes without one).
    pub funded: Vec<Coin>,
    /// The parameters overridden, for a custom regtest parameter set.
    pub overrides: Option<ParamsOverride>,
}

impl Fixture {
    /// `height` regtest blocks from genesis, every coinbase paying 50 BTC (or
    /// the halved subsidy) to the miner key; at [`FUNDING_HEIGHT`], if
    /// reached, the coinbase of height 1 funds [`funded_locks`].
    pub fn new(name: &'static str, height: u32) -> Fixture {
        Fixture::with_params(name, height, None)
    }

    /// As [`Fixture::new`], on regtest with `overrides` applied.
    pub fn with_params(
        name: &'static str,
        height: u32,
        overrides: Option<ParamsOverride>,
    ) -> Fixture {
        let params = match &overrides {
            Some(o) => o.apply(consensus_params(Network::Regtest)),
            None => consensus_params(Network::Regtest),
        };
        let genesis = genesis_block(Network::Regtest);
        let mut blocks: Vec<Block> = Vec::new();
        let mut funded = Vec::new();
        for h in 1..=height {
            let (prev, time) = match blocks.last() {
                Some(block) => (block.block_hash(), block.header.time + SPACING),
                None => (genesis.block_hash(), genesis.header.time + SPACING),
            };
            let mut builder = BlockBuilder::new(
                prev,
                h,
                time,
                Lock::P2wpkh(MINER_KEY).script_pubkey(),
                &params,
            );
            if h == FUNDING_HEIGHT {
                let coin = coinbase_coin(&blocks[0], 1);
                let locks = funded_locks();
                let mut outputs: Vec<TxOut> = locks
                    .iter()
                    .map(|lock| TxOut {
                        value: COIN,
                        script_pubkey: lock.script_pubkey(),
                    })
                    .collect();
                let change = coin.output.value - COIN * locks.len() as i64 - FUNDING_FEE;
                outputs.push(TxOut {
                    value: change,
                    script_pubkey: Lock::P2wpkh(MINER_KEY).script_pubkey(),
                });
                let tx = wallet::sign(wallet::unsigned(&[&coin], outputs), &[&coin]);
                funded = locks
                    .into_iter()
                    .enumerate()
                    .map(|(vout, lock)| Coin::of(&tx, vout as u32, lock, h))
                    .collect();
                builder.add(tx, FUNDING_FEE);
            }
            blocks.push(builder.build(&params));
        }
        let chain = chain_after(params, &blocks).expect("the prefix is valid");
        Fixture {
            name,
            blocks,
            chain,
            funded,
            overrides,
        }
    }

    /// The consensus parameters.
    pub fn params(&self) -> &ConsensusParams {
        self.chain.params()
    }

    /// The tip's height.
    pub fn height(&self) -> u32 {
        self.chain.height()
    }

    /// The header time of the prefix block at `height` (0: genesis).
    pub fn time(&self, height: u32) -> u32 {
        match height {
            0 => genesis_block(Network::Regtest).header.time,
            h => self.blocks[h as usize - 1].header.time,
        }
    }

    /// The median time past of the prefix block at `height`: the median of
    /// its time and the ten before it.
    pub fn mtp(&self, height: u32) -> i64 {
        let first = height.saturating_sub(10);
        let mut times: Vec<u32> = (first..=height).map(|h| self.time(h)).collect();
        times.sort_unstable();
        i64::from(times[times.len() / 2])
    }

    /// A builder for the block on the tip, [`SPACING`] after it, paying the
    /// subsidy plus its fees to the miner key.
    pub fn next(&self) -> BlockBuilder {
        let tip = self.chain.tip();
        BlockBuilder::new(
            tip.hash,
            tip.height + 1,
            tip.header.time + SPACING,
            Lock::P2wpkh(MINER_KEY).script_pubkey(),
            self.params(),
        )
    }

    /// The block `builder` describes, mined.
    pub fn build(&self, builder: &BlockBuilder) -> Block {
        builder.build(self.params())
    }

    /// A block on the tip holding `txs` (with `fee` in all), mined.
    pub fn block_with(&self, txs: Vec<Transaction>, fee: i64) -> Block {
        let mut builder = self.next();
        builder.transactions = txs;
        builder.fees = fee;
        self.build(&builder)
    }

    /// The coinbase output of the prefix block at `height` (at most the tip).
    pub fn coinbase(&self, height: u32) -> Coin {
        coinbase_coin(&self.blocks[height as usize - 1], height)
    }

    /// The funded coin locked by `lock`.
    ///
    /// # Panics
    /// If the prefix funds no such coin.
    pub fn funded(&self, lock: &Lock) -> &Coin {
        self.funded
            .iter()
            .find(|coin| &coin.lock == lock)
            .expect("the prefix funds this lock")
    }

    /// The prefix as a file stores it.
    pub fn hex_blocks(&self) -> Vec<String> {
        self.blocks
            .iter()
            .map(|block| hex::encode(block.to_bytes()))
            .collect()
    }
}

/// The fee of the funding transaction.
const FUNDING_FEE: i64 = 10_000;

/// The coinbase output of `block`, at `height`, paying the miner key.
fn coinbase_coin(block: &Block, height: u32) -> Coin {
    Coin::of(&block.transactions[0], 0, Lock::P2wpkh(MINER_KEY), height)
}

/// The cases of one file, on one fixture.
pub struct Cases<'a> {
    fixture: &'a Fixture,
    /// The cases so far.
    pub cases: Vec<BlockCase>,
}

impl<'a> Cases<'a> {
    /// No cases yet, on `fixture`.
    pub fn new(fixture: &'a Fixture) -> Cases<'a> {
        Cases {
            fixture,
            cases: Vec::new(),
        }
    }

    fn push(&mut self, id: &str, description: &str, rules: &[&str], block: &Block, intent: Intent) {
        let fx = self.fixture;
        self.cases.push(block_case(
            &fx.chain,
            fx.name,
            fx.overrides.as_ref(),
            id,
            description,
            rules,
            block,
            intent,
        ));
    }

    /// A block that connects and becomes the tip.
    pub fn ok(&mut self, id: &str, description: &str, rules: &[&str], block: &Block) {
        self.push(id, description, rules, block, Intent::Accepted);
    }

    /// A block found invalid with `reason`.
    pub fn reject(
        &mut self,
        id: &str,
        description: &str,
        rules: &[&str],
        block: &Block,
        reason: &str,
    ) {
        self.push(id, description, rules, block, Intent::Rejected(reason));
    }

    /// A block refused as mutated (Core's `BLOCK_MUTATED`) with `reason`.
    pub fn mutated(
        &mut self,
        id: &str,
        description: &str,
        rules: &[&str],
        block: &Block,
        reason: &str,
    ) {
        self.push(id, description, rules, block, Intent::Mutated(reason));
    }
}

/// Recomputes the merkle root and mines again: after a change to the
/// transactions that must not touch the witness commitment.
pub fn seal(block: &mut Block, params: &ConsensusParams) {
    block.header.merkle_root = block.compute_merkle_root().root;
    block.header.nonce = 0;
    mine(&mut block.header, params);
}

/// A nonce whose hash does not meet the header's target, starting the
/// search from the mined one.
pub fn unmine(block: &mut Block, params: &ConsensusParams) {
    while check_proof_of_work(block.block_hash(), block.header.bits, params) {
        block.header.nonce = block.header.nonce.wrapping_add(1);
    }
}

/// A file of kind `block` named `path` under `vectors/`.
pub fn block_file(
    path: &str,
    description: &str,
    fixtures: &[&Fixture],
    cases: Vec<BlockCase>,
) -> GeneratedFile {
    let prefixes: BTreeMap<String, Vec<String>> = fixtures
        .iter()
        .map(|fx| (fx.name.to_string(), fx.hex_blocks()))
        .collect();
    GeneratedFile {
        path: path.into(),
        contents: to_json_text(&BlockFile {
            kind: "block".into(),
            generator: generator_name("block"),
            description: description.into(),
            prefixes,
            cases,
        }),
    }
}

/// The block family's files.
pub fn files() -> Vec<GeneratedFile> {
    let mature = Fixture::new(MATURE, MATURE_HEIGHT);
    vec![
        header::file(&mature),
        check::file(&mature),
        contextual::file(&mature),
        connect::file(&mature),
        scripts::file(&mature),
        locks::file(&mature),
        order::file(&mature),
        policy::file(&mature),
        size::file(&mature),
        matrix::file(&mature),
        subsidy::file(),
        bip30::file(),
    ]
}

/// The fee most spends of the family pay.
pub const FEE: i64 = 1_000;

/// A signed spend of the coinbase of `height` to key 2, paying [`FEE`].
pub fn spend_coinbase(fx: &Fixture, height: u32) -> Transaction {
    wallet::spend_all(&[&fx.coinbase(height)], FEE)
}

/// A coinbase-shaped transaction (one input spending the null outpoint)
/// that is not the block's first.
pub fn extra_coinbase() -> Transaction {
    Transaction {
        version: 1,
        inputs: vec![crate::primitives::TxIn {
            prevout: crate::primitives::OutPoint::NULL,
            script_sig: vec![0x51, 0x51],
            sequence: crate::validation::finality::SEQUENCE_FINAL,
            witness: Default::default(),
        }],
        outputs: vec![wallet::pay(0)],
        lock_time: 0,
    }
}

/// A script of exactly `n` legacy sigops: `OP_CHECKMULTISIG`s (20 each)
/// then `OP_CHECKSIG`s.
pub fn legacy_sigops(n: usize) -> Vec<u8> {
    use crate::script::opcodes::{OP_CHECKMULTISIG, OP_CHECKSIG};
    let mut script = vec![OP_CHECKMULTISIG; n / 20];
    script.extend(vec![OP_CHECKSIG; n % 20]);
    script
}

/// A block on the tip whose coinbase has an extra zero-value output with
/// `script`, holding `txs` with `fee` in all.
pub fn with_coinbase_output(
    fx: &Fixture,
    script: Vec<u8>,
    txs: Vec<Transaction>,
    fee: i64,
) -> Block {
    let mut b = fx.next();
    let subsidy = crate::validation::get_block_subsidy(b.height, fx.params());
    b.coinbase_outputs = Some(vec![
        TxOut {
            value: subsidy + fee,
            script_pubkey: Lock::P2wpkh(MINER_KEY).script_pubkey(),
        },
        TxOut {
            value: 0,
            script_pubkey: script,
        },
    ]);
    b.transactions = txs;
    b.fees = fee;
    fx.build(&b)
}
