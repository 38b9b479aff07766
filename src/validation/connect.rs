//! Connecting a block: the rules that need the UTXO set, and the change the
//! block makes to it. Core: `Chainstate::ConnectBlock`, `UpdateCoins`,
//! `IsBIP30Repeat` in `src/validation.cpp`.

use crate::params::consensus::BuriedDeployment;
use crate::params::ConsensusParams;
use crate::primitives::{Block, BlockHash, Transaction, TxOut};
use crate::script::VerifyFlags;
use crate::validation::coins::{add_coins, BlockUndo, CoinsOverlay, CoinsView, TxUndo};
use crate::validation::context::BlockContext;
use crate::validation::error::BlockError;
use crate::validation::input_scripts::check_input_scripts;
use crate::validation::limits::{money_range, MAX_BLOCK_SIGOPS_COST};
use crate::validation::script_flags::get_block_script_flags;
use crate::validation::sequence_locks::{sequence_locks, SequenceLockVerdict};
use crate::validation::sigop_cost::get_transaction_sigop_cost;
use crate::validation::subsidy::get_block_subsidy;
use crate::validation::tx_inputs::check_tx_inputs;

/// From this height on BIP-0030 is checked again whatever BIP-0034 says:
/// the first height at which a coinbase from before BIP-0034 could be
/// repeated. Core: `BIP34_IMPLIES_BIP30_LIMIT`.
pub const BIP34_IMPLIES_BIP30_LIMIT: u32 = 1_983_702;

/// What connecting a block produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectedBlock {
    /// The coins the block spent, to disconnect it.
    pub undo: BlockUndo,
    /// The sum of its transactions' fees.
    pub fees: i64,
    /// Its signature-operation cost.
    pub sigop_cost: u64,
    /// Rules a partial [`BlockContext`] could not decide (never in the chain).
    pub skipped: Vec<Skipped>,
}

/// A rule left undecided for want of context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// A BIP-0068 time lock of the transaction at `index` needed the median
    /// time past of the block at `height`.
    SequenceLockTime {
        /// The transaction's position in the block.
        index: usize,
        /// The ancestor whose median time past was unknown.
        height: u32,
    },
}

/// Connects `block` to `view`, the coins as of its parent, and returns its
/// undo data and fees. On failure `view` is left as it was.
///
/// # Consensus
/// The caller has checked the block with `check_block` and
/// `contextual_check_block`. The genesis block is not connected: its
/// coinbase is unspendable. Otherwise, in Core's order:
/// 1. BIP-0030, see [`bip30_applies`]: no transaction may have the txid of
///    one with an unspent output (`CONNECT-BIP30`);
/// 2. transaction by transaction, for each but the coinbase:
///    [`check_tx_inputs`] (`CONNECT-TX-INPUTS`); the running fee total
///    within `0..=MAX_MONEY` (`CONNECT-FEES-RANGE`); BIP-0068 relative
///    locks, from the CSV height (`CONNECT-SEQUENCE-LOCKS`); then for every
///    transaction the running sigop cost at most `MAX_BLOCK_SIGOPS_COST`
///    (`CONNECT-SIGOP-COST`); then, but the coinbase, every input's scripts
///    with the block's flags (`CONNECT-SCRIPTS`); then the transaction's
///    inputs are spent and its outputs added, so later transactions of the
///    block may spend them;
/// 3. the coinbase pays at most the subsidy plus the fees (`CONNECT-CB-AMOUNT`).
///
/// Scripts are checked inline, transaction by transaction, as Core does
/// without script-check threads (libbitcoinkernel's default). Core with
/// worker threads (`-par`, bitcoind's default on a multi-core machine)
/// defers every script check to after step 3, so a block with both a script
/// failure and a later non-script failure is reported by the latter there.
/// Core: `Chainstate::ConnectBlock`.
///
/// # Panics
/// If the block has no transaction or its first has no input (the caller's
/// `check_block` refuses such blocks).
///
/// # Errors
/// [`BlockError::OverwritesUnspent`], [`BlockError::Transaction`] (with the
/// input rules' [`TxError`](crate::validation::TxError)),
/// [`BlockError::AccumulatedFeeOutOfRange`], [`BlockError::SequenceLocks`],
/// [`BlockError::SigopCost`], [`BlockError::Script`],
/// [`BlockError::CoinbaseAmount`].
pub fn connect_block(
    block: &Block,
    context: &dyn BlockContext,
    view: &mut dyn CoinsView,
    params: &ConsensusParams,
) -> Result<ConnectedBlock, BlockError> {
    let hash = block.block_hash();
    if hash == params.genesis_hash {
        return Ok(ConnectedBlock::default());
    }
    let height = context.height();
    if bip30_applies(height, hash, context, params) {
        check_no_overwrite(block, view)?;
    }
    let mut overlay = CoinsOverlay::new(view);
    let mut connecting = Connecting {
        context,
        flags: get_block_script_flags(height, hash, params),
        enforce_bip68: height >= params.deployment_height(BuriedDeployment::Csv),
        result: ConnectedBlock::default(),
    };
    for (index, tx) in block.transactions.iter().enumerate() {
        connecting.connect_transaction(index, tx, &mut overlay)?;
    }
    let limit = connecting.result.fees + get_block_subsidy(height, params);
    // check_block bounds the outputs; an overflow would pay too much anyway.
    let actual = block.transactions[0]
        .outputs
        .iter()
        .try_fold(0i64, |total, output| total.checked_add(output.value))
        .unwrap_or(i64::MAX);
    if actual > limit {
        return Err(BlockError::CoinbaseAmount { actual, limit });
    }
    overlay.flush();
    Ok(connecting.result)
}

/// Whether BIP-0030 is checked for the block `hash` at `height`.
///
/// # Consensus
/// BIP-0030 applies to every block except the two that repeated earlier
/// coinbases (mainnet 91 842 and 91 880, [`ConsensusParams::bip30_repeats`]),
/// and except blocks whose ancestor at the BIP-0034 height is the block
/// `bip34_hash` names: BIP-0034 puts the height in every coinbase, so on
/// that chain transactions cannot repeat. Some coinbases from before
/// BIP-0034 claim heights they were not mined at, the lowest 1 983 702, so
/// from [`BIP34_IMPLIES_BIP30_LIMIT`] on the check applies again. An
/// ancestor hash the context does not know counts as not matching.
/// Core: `ConnectBlock`, `IsBIP30Repeat`.
pub fn bip30_applies(
    height: u32,
    hash: BlockHash,
    context: &dyn BlockContext,
    params: &ConsensusParams,
) -> bool {
    let is_repeat = params
        .bip30_repeats
        .iter()
        .any(|block| block.height == height && block.hash == hash);
    let on_bip34_chain = params.bip34_height < height
        && context.ancestor_hash(params.bip34_height) == Some(params.bip34_hash);
    (!is_repeat && !on_bip34_chain) || height >= BIP34_IMPLIES_BIP30_LIMIT
}

/// No output of the block's transactions is already an unspent coin.
fn check_no_overwrite(block: &Block, view: &dyn CoinsView) -> Result<(), BlockError> {
    for (index, tx) in block.transactions.iter().enumerate() {
        let txid = tx.txid();
        let overwrites = (0..tx.outputs.len() as u32)
            .any(|vout| view.have_coin(&crate::primitives::OutPoint { txid, vout }));
        if overwrites {
            return Err(BlockError::OverwritesUnspent { index });
        }
    }
    Ok(())
}

/// The state of a block being connected.
struct Connecting<'a> {
    context: &'a dyn BlockContext,
    flags: VerifyFlags,
    enforce_bip68: bool,
    result: ConnectedBlock,
}

impl Connecting<'_> {
    /// Steps 2 of [`connect_block`] for one transaction.
    fn connect_transaction(
        &mut self,
        index: usize,
        tx: &Transaction,
        view: &mut dyn CoinsView,
    ) -> Result<(), BlockError> {
        let height = self.context.height();
        let mut spent: Vec<TxOut> = Vec::new();
        if !tx.is_coinbase() {
            let fee =
                check_tx_inputs(tx, view, height).map_err(|error| BlockError::Transaction {
                    index,
                    txid: tx.txid(),
                    error,
                })?;
            self.result.fees = self
                .result
                .fees
                .checked_add(fee)
                .filter(|&fees| money_range(fees))
                .ok_or(BlockError::AccumulatedFeeOutOfRange)?;
            let mut prev_heights = Vec::with_capacity(tx.inputs.len());
            for input in &tx.inputs {
                let coin = view
                    .access_coin(&input.prevout)
                    .expect("check_tx_inputs found every coin");
                prev_heights.push(coin.height);
                spent.push(coin.output.clone());
            }
            match sequence_locks(tx, self.enforce_bip68, &prev_heights, self.context) {
                SequenceLockVerdict::Satisfied => {}
                SequenceLockVerdict::Unsatisfied => {
                    return Err(BlockError::SequenceLocks { index })
                }
                SequenceLockVerdict::Undetermined { height } => self
                    .result
                    .skipped
                    .push(Skipped::SequenceLockTime { index, height }),
            }
        }
        self.result.sigop_cost += get_transaction_sigop_cost(tx, &spent, self.flags);
        if self.result.sigop_cost > MAX_BLOCK_SIGOPS_COST {
            return Err(BlockError::SigopCost);
        }
        if !tx.is_coinbase() {
            check_input_scripts(tx, spent, self.flags).map_err(|(input, error)| {
                BlockError::Script {
                    index,
                    input,
                    error,
                }
            })?;
        }
        self.update_coins(tx, view);
        Ok(())
    }

    /// Spends the transaction's inputs, recording them for undo, and adds
    /// its outputs. Core: `UpdateCoins`.
    fn update_coins(&mut self, tx: &Transaction, view: &mut dyn CoinsView) {
        if !tx.is_coinbase() {
            let spent = tx
                .inputs
                .iter()
                .map(|input| {
                    view.spend_coin(&input.prevout)
                        .expect("check_tx_inputs found every coin")
                })
                .collect();
            self.result.undo.txs.push(TxUndo { spent });
        }
        add_coins(view, tx, self.context.height());
    }
}

#[cfg(test)]
#[path = "connect_tests.rs"]
mod tests;
