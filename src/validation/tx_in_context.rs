//! One transaction judged in the context of a block: the rules a
//! non-coinbase transaction meets in `ConnectBlock` and
//! `ContextualCheckBlock`, without the rest of the block. What kind
//! `tx-in-context` vectors ask (see `spec/vectors.md`).

use std::collections::{BTreeMap, HashMap};

use crate::primitives::{BlockHash, OutPoint, Transaction, TxOut};
use crate::script::VerifyFlags;
use crate::validation::coins::{Coin, CoinsView};
use crate::validation::context::BlockContext;
use crate::validation::error::BlockError;
use crate::validation::finality::is_final_tx;
use crate::validation::input_scripts::check_input_scripts;
use crate::validation::sequence_locks::{sequence_locks, SequenceLockVerdict};
use crate::validation::tx_check::check_transaction;
use crate::validation::tx_inputs::check_tx_inputs;

/// Where the transaction sits: the block's height, its parent's median
/// time past, the median times past BIP-0068 time locks need, and the
/// script flags in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxContext {
    /// The height of the block holding the transaction.
    pub height: u32,
    /// The median time past of that block's parent: the lock-time cutoff
    /// (BIP-0113) and the time relative locks are measured against.
    pub prev_mtp: i64,
    /// The median time past of the ancestor at each height a time-based
    /// relative lock counts from (the block before each coin's block).
    pub ancestor_mtps: BTreeMap<u32, i64>,
    /// The script verification flags; BIP-0068 is enforced when they
    /// include `CHECKSEQUENCEVERIFY` (both come with the CSV deployment).
    pub flags: VerifyFlags,
}

impl BlockContext for TxContext {
    fn height(&self) -> u32 {
        self.height
    }

    fn median_time_past(&self, height: u32) -> Option<i64> {
        if height + 1 == self.height {
            Some(self.prev_mtp)
        } else {
            self.ancestor_mtps.get(&height).copied()
        }
    }

    fn ancestor_hash(&self, _height: u32) -> Option<BlockHash> {
        None
    }
}

/// Checks `tx` as a non-coinbase transaction of a block in `context`,
/// spending `coins`, and returns its fee.
///
/// # Consensus
/// In the order a block meets them: `check_transaction` (`TX-*`); final at
/// the block's height and the parent's median time past (`CTX-FINAL`,
/// BIP-0113); `check_tx_inputs` (`TX-INPUTS-MISSING`,
/// `TX-COINBASE-MATURITY`, `TX-INPUT-VALUES`, `TX-IN-BELOW-OUT`,
/// `TX-FEE-RANGE`); BIP-0068 relative locks when the flags include
/// `CHECKSEQUENCEVERIFY` (`CONNECT-SEQUENCE-LOCKS`); every input's scripts
/// under the flags (`CONNECT-SCRIPTS`). A time lock whose ancestor median
/// time past the context lacks counts as unsatisfied: the vector must give
/// it. Core: `CheckTransaction`, `IsFinalTx` in `ContextualCheckBlock`,
/// `Consensus::CheckTxInputs`, `SequenceLocks`, `CheckInputScripts` in
/// `Chainstate::ConnectBlock`.
///
/// # Errors
/// The [`BlockError`] a block holding the transaction at index 1 would
/// fail with: [`BlockError::Transaction`], [`BlockError::NonFinalTransaction`],
/// [`BlockError::SequenceLocks`] or [`BlockError::Script`].
pub fn check_tx_in_context(
    tx: &Transaction,
    coins: &HashMap<OutPoint, Coin>,
    context: &TxContext,
) -> Result<i64, BlockError> {
    const INDEX: usize = 1;
    let txid = tx.txid();
    let tx_error = |error| BlockError::Transaction {
        index: INDEX,
        txid,
        error,
    };
    check_transaction(tx).map_err(tx_error)?;
    if !is_final_tx(tx, context.height, context.prev_mtp) {
        return Err(BlockError::NonFinalTransaction { index: INDEX });
    }
    let fee = check_tx_inputs(tx, coins as &dyn CoinsView, context.height).map_err(tx_error)?;
    let spent: Vec<&Coin> = tx
        .inputs
        .iter()
        .map(|input| coins.get(&input.prevout).expect("check_tx_inputs found it"))
        .collect();
    let heights: Vec<u32> = spent.iter().map(|coin| coin.height).collect();
    let enforce = context.flags.contains(VerifyFlags::CHECKSEQUENCEVERIFY);
    if sequence_locks(tx, enforce, &heights, context) != SequenceLockVerdict::Satisfied {
        return Err(BlockError::SequenceLocks { index: INDEX });
    }
    let outputs: Vec<TxOut> = spent.iter().map(|coin| coin.output.clone()).collect();
    check_input_scripts(tx, outputs, context.flags).map_err(|(input, error)| {
        BlockError::Script {
            index: INDEX,
            input,
            error,
        }
    })?;
    Ok(fee)
}
