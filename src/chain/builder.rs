//! Building regtest blocks: a coinbase with the BIP-0034 height and the
//! witness commitment, the merkle root, and mining (a regtest target is met
//! by about every second nonce). [`RegtestChain`] keeps a chain state and
//! builds each block on its tip.
//!
//! Not consensus code: it produces what the rules then judge.

use crate::chain::chainstate::{Chainstate, Processed};
use crate::chain::error::ChainError;
use crate::chain::spend::TestKey;
use crate::params::{consensus_params, ConsensusParams, Network};
use crate::primitives::{
    Block, BlockHash, BlockHeader, OutPoint, Transaction, TxIn, TxOut, Witness,
};
use crate::script::opcodes::OP_0;
use crate::validation::finality::SEQUENCE_FINAL;
use crate::validation::{
    check_proof_of_work, coinbase_height_script, generate_coinbase_commitment, get_block_subsidy,
};

/// A block under construction.
#[derive(Debug, Clone)]
pub struct BlockBuilder {
    /// The header's version.
    pub version: i32,
    /// The parent's hash.
    pub prev: BlockHash,
    /// The block's height.
    pub height: u32,
    /// The header's time.
    pub time: u32,
    /// The header's compact target.
    pub bits: u32,
    /// The coinbase's scriptSig; by default the height script and `OP_0`.
    pub coinbase_script_sig: Option<Vec<u8>>,
    /// What the coinbase pays to; by default subsidy plus fees to
    /// `payout`.
    pub coinbase_outputs: Option<Vec<TxOut>>,
    /// The script the default coinbase output pays to.
    pub payout: Vec<u8>,
    /// The fees of the transactions, added to the default coinbase value.
    pub fees: i64,
    /// The transactions after the coinbase.
    pub transactions: Vec<Transaction>,
    /// Whether to add the witness commitment (and reserved value).
    pub witness_commitment: bool,
}

impl BlockBuilder {
    /// A block at `height` on `prev`, at `time`, at the network's easiest
    /// target, paying its coinbase to `payout`.
    pub fn new(
        prev: BlockHash,
        height: u32,
        time: u32,
        payout: Vec<u8>,
        params: &ConsensusParams,
    ) -> Self {
        BlockBuilder {
            version: 4,
            prev,
            height,
            time,
            bits: crate::validation::pow::pow_limit_compact(params),
            coinbase_script_sig: None,
            coinbase_outputs: None,
            payout,
            fees: 0,
            transactions: Vec::new(),
            witness_commitment: true,
        }
    }

    /// Adds a transaction and its fee.
    pub fn add(&mut self, tx: Transaction, fee: i64) -> &mut Self {
        self.transactions.push(tx);
        self.fees += fee;
        self
    }

    /// The coinbase, without the witness commitment.
    pub fn coinbase(&self, params: &ConsensusParams) -> Transaction {
        let script_sig = self.coinbase_script_sig.clone().unwrap_or_else(|| {
            let mut script = coinbase_height_script(self.height);
            script.push(OP_0);
            script
        });
        let outputs = self.coinbase_outputs.clone().unwrap_or_else(|| {
            vec![TxOut {
                value: get_block_subsidy(self.height, params) + self.fees,
                script_pubkey: self.payout.clone(),
            }]
        });
        Transaction {
            version: 2,
            inputs: vec![TxIn {
                prevout: OutPoint::NULL,
                script_sig,
                sequence: SEQUENCE_FINAL,
                witness: Witness::default(),
            }],
            outputs,
            lock_time: 0,
        }
    }

    /// The block with its merkle root, before mining.
    pub fn assemble(&self, params: &ConsensusParams) -> Block {
        let mut block = Block {
            header: BlockHeader {
                version: self.version,
                prev_blockhash: self.prev,
                merkle_root: Default::default(),
                time: self.time,
                bits: self.bits,
                nonce: 0,
            },
            transactions: std::iter::once(self.coinbase(params))
                .chain(self.transactions.iter().cloned())
                .collect(),
        };
        if self.witness_commitment {
            generate_coinbase_commitment(&mut block, self.height >= params.segwit_height);
        }
        block.header.merkle_root = block.compute_merkle_root().root;
        block
    }

    /// The assembled block, mined.
    pub fn build(&self, params: &ConsensusParams) -> Block {
        let mut block = self.assemble(params);
        mine(&mut block.header, params);
        block
    }
}

/// Increments the nonce until the header meets its target.
///
/// # Panics
/// If no nonce does (never at the regtest target).
pub fn mine(header: &mut BlockHeader, params: &ConsensusParams) {
    while !check_proof_of_work(header.block_hash(), header.bits, params) {
        header.nonce = header
            .nonce
            .checked_add(1)
            .expect("some nonce meets an easy target");
    }
}

/// Seconds between the blocks [`RegtestChain`] builds.
pub const BLOCK_SPACING: u32 = 600;

/// A regtest chain state that builds blocks on its own tip, paying every
/// coinbase to one fixed key.
pub struct RegtestChain {
    /// The chain state.
    pub chain: Chainstate,
    /// The key coinbases pay to, as P2WPKH.
    pub key: TestKey,
}

impl Default for RegtestChain {
    fn default() -> Self {
        RegtestChain::new()
    }
}

impl RegtestChain {
    /// A regtest chain at its genesis block, with a clock far ahead of any
    /// block it will build.
    pub fn new() -> Self {
        RegtestChain::with_params(consensus_params(Network::Regtest))
    }

    /// A chain with modified regtest parameters.
    pub fn with_params(params: ConsensusParams) -> Self {
        let mut chain = Chainstate::new(params);
        chain.set_clock(i64::from(u32::MAX));
        RegtestChain {
            chain,
            key: TestKey::new(0),
        }
    }

    /// The consensus parameters.
    pub fn params(&self) -> &ConsensusParams {
        self.chain.params()
    }

    /// A builder for the next block on the tip, `BLOCK_SPACING` after it.
    pub fn next_block(&self) -> BlockBuilder {
        let tip = self.chain.tip();
        BlockBuilder::new(
            tip.hash,
            tip.height + 1,
            tip.header.time + BLOCK_SPACING,
            self.key.p2wpkh(),
            self.params(),
        )
    }

    /// Builds and processes a block.
    ///
    /// # Errors
    /// The chain's refusal.
    pub fn mine(&mut self, builder: &BlockBuilder) -> Result<(Block, Processed), ChainError> {
        let block = builder.build(self.chain.params());
        let processed = self.chain.process_new_block(&block)?;
        Ok((block, processed))
    }

    /// Mines `count` blocks with only a coinbase; returns them.
    ///
    /// # Panics
    /// If the chain refuses one (it never should).
    pub fn mine_empty(&mut self, count: usize) -> Vec<Block> {
        (0..count)
            .map(|_| {
                let (block, processed) = self
                    .mine(&self.next_block())
                    .expect("an empty block is valid");
                assert!(processed.invalid.is_empty(), "an empty block connects");
                block
            })
            .collect()
    }
}

/// The outpoint and output of a block's coinbase output `vout`.
pub fn coinbase_output(block: &Block, vout: u32) -> (OutPoint, TxOut) {
    output_of(&block.transactions[0], vout)
}

/// The outpoint and output `vout` of `tx`.
pub fn output_of(tx: &Transaction, vout: u32) -> (OutPoint, TxOut) {
    let outpoint = OutPoint {
        txid: tx.txid(),
        vout,
    };
    (outpoint, tx.outputs[vout as usize].clone())
}
