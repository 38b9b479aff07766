//! Disconnecting a block: undoing exactly what connecting it did to the
//! UTXO set. Core: `Chainstate::DisconnectBlock`, `ApplyTxInUndo` in
//! `src/validation.cpp`.

use crate::params::ConsensusParams;
use crate::primitives::{Block, BlockHash};
use crate::validation::coins::{spendable_outputs, BlockUndo, CoinsOverlay, CoinsView};

/// How a disconnection went. Core: `DisconnectResult`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisconnectResult {
    /// The view is back to its state before the block. Core: `DISCONNECT_OK`.
    Ok,
    /// The block's outputs or spent coins did not match the view: the view
    /// was not the one the block was connected to. Nothing was changed.
    /// Core: `DISCONNECT_UNCLEAN` (which Core's `DisconnectTip` also treats
    /// as a failure).
    Unclean,
    /// The undo data does not fit the block. Nothing was changed.
    /// Core: `DISCONNECT_FAILED`.
    Failed,
}

/// Undoes `block`, connected at `height` with `undo`, on `view`; the view is
/// changed only if the result is [`DisconnectResult::Ok`].
///
/// # Consensus
/// Transactions are undone last first: each spendable output must be an
/// unspent coin equal to it, created at `height`, by a coinbase exactly if
/// the transaction is one, and is removed; then each input's spent coin is
/// restored from the undo data, last input first, onto an outpoint that
/// must be empty. The coinbases of the two blocks whose coinbase outputs
/// were later overwritten by a repeat (mainnet 91 722 and 91 812,
/// [`ConsensusParams::bip30_unspendable`]) may not match. Canon's undo
/// data always records a coin's height and origin, so Core's fallback for
/// old undo records without them does not arise.
/// Core: `DisconnectBlock`, `ApplyTxInUndo`.
pub fn disconnect_block(
    block: &Block,
    height: u32,
    hash: BlockHash,
    undo: &BlockUndo,
    view: &mut dyn CoinsView,
    params: &ConsensusParams,
) -> DisconnectResult {
    if undo.txs.len() + 1 != block.transactions.len() {
        return DisconnectResult::Failed;
    }
    let overwritten_later = params
        .bip30_unspendable
        .iter()
        .any(|b| b.height == height && b.hash == hash);
    let mut overlay = CoinsOverlay::new(view);
    let mut clean = true;
    for (index, tx) in block.transactions.iter().enumerate().rev() {
        let is_coinbase = tx.is_coinbase();
        for (outpoint, output) in spendable_outputs(tx) {
            let matches = overlay.spend_coin(&outpoint).is_some_and(|coin| {
                coin.output == *output && coin.height == height && coin.is_coinbase == is_coinbase
            });
            let excused = is_coinbase && overwritten_later;
            if !(matches || excused) {
                clean = false;
            }
        }
        if index == 0 {
            continue;
        }
        let tx_undo = &undo.txs[index - 1];
        if tx_undo.spent.len() != tx.inputs.len() {
            return DisconnectResult::Failed;
        }
        for (input, coin) in tx.inputs.iter().zip(&tx_undo.spent).rev() {
            if overlay.have_coin(&input.prevout) {
                clean = false;
            }
            overlay.add_coin(input.prevout, coin.clone());
        }
    }
    if !clean {
        return DisconnectResult::Unclean;
    }
    overlay.flush();
    DisconnectResult::Ok
}
