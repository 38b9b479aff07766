//! Block rules that depend on the block's height and ancestors but not on
//! the UTXO set. Core: `ContextualCheckBlock` in `src/validation.cpp`.

use crate::params::consensus::BuriedDeployment;
use crate::params::ConsensusParams;
use crate::primitives::Block;
use crate::script::instruction::push_data;
use crate::script::opcodes::{OP_0, OP_1};
use crate::script::ScriptNum;
use crate::validation::ancestors::{median_time_past, AncestorView};
use crate::validation::error::BlockError;
use crate::validation::finality::is_final_tx;
use crate::validation::limits::MAX_BLOCK_WEIGHT;
use crate::validation::witness_commitment::check_witness_malleation;

/// Checks a block against its ancestors (`prev` ends at its parent), in
/// Core's order: [`check_transactions_final`] (`CTX-FINAL`),
/// [`check_coinbase_height`] (`CTX-CB-HEIGHT`),
/// [`check_witness_malleation`] (`CTX-WITNESS-*`, expected from the segwit
/// height on), [`check_block_weight`] (`CTX-WEIGHT`).
///
/// The weight is checked last on purpose: before the witness commitment is
/// verified, a block could be made too heavy by stuffing the coinbase
/// witness, which the header does not commit to. Core: `ContextualCheckBlock`.
///
/// # Panics
/// If the block has no transaction or its first has no input (the caller's
/// `check_block` refuses such blocks).
///
/// # Errors
/// [`BlockError::NonFinalTransaction`], [`BlockError::BadCoinbaseHeight`],
/// [`BlockError::BadWitnessNonceSize`], [`BlockError::BadWitnessMerkleMatch`],
/// [`BlockError::UnexpectedWitness`], [`BlockError::BadBlockWeight`].
pub fn contextual_check_block(
    block: &Block,
    prev: &(impl AncestorView + ?Sized),
    params: &ConsensusParams,
) -> Result<(), BlockError> {
    let height = prev.tip_height() + 1;
    let cutoff = lock_time_cutoff(block, height, median_time_past(prev), params);
    check_transactions_final(block, height, cutoff)?;
    check_coinbase_height(block, height, params)?;
    check_witness_malleation(block, height >= params.segwit_height)?;
    check_block_weight(block)
}

/// The time lock times are compared with in a block at `height` whose
/// parent's median time past is `prev_mtp`.
///
/// # Consensus
/// BIP-0113: once CSV is active, the parent's median time past; before, the
/// block's own timestamp. Core: `nLockTimeCutoff` in `ContextualCheckBlock`.
pub fn lock_time_cutoff(
    block: &Block,
    height: u32,
    prev_mtp: i64,
    params: &ConsensusParams,
) -> i64 {
    if height >= params.deployment_height(BuriedDeployment::Csv) {
        prev_mtp
    } else {
        i64::from(block.header.time)
    }
}

/// Every transaction is final.
///
/// # Consensus
/// Each transaction, the coinbase included, passes
/// [`is_final_tx`] at the block's height and lock-time cutoff
/// (`CTX-FINAL`). Core: `ContextualCheckBlock`.
///
/// # Errors
/// [`BlockError::NonFinalTransaction`] for the first that is not.
pub fn check_transactions_final(block: &Block, height: u32, cutoff: i64) -> Result<(), BlockError> {
    match block
        .transactions
        .iter()
        .position(|tx| !is_final_tx(tx, height, cutoff))
    {
        Some(index) => Err(BlockError::NonFinalTransaction { index }),
        None => Ok(()),
    }
}

/// The script `CScript() << height` that a coinbase must start with: `OP_0`
/// for 0, `OP_1`..`OP_16` for 1 to 16, else a push of the minimal script
/// number. Core: `CScript::operator<<(int64_t)`.
pub fn coinbase_height_script(height: u32) -> Vec<u8> {
    match height {
        0 => vec![OP_0],
        1..=16 => vec![OP_1 + (height as u8) - 1],
        _ => {
            let mut script = Vec::with_capacity(6);
            push_data(&mut script, &ScriptNum(i64::from(height)).encode());
            script
        }
    }
}

/// The coinbase starts with the block's height.
///
/// # Consensus
/// BIP-0034: from its activation height, the coinbase's scriptSig starts
/// with [`coinbase_height_script`] of the block's height (`CTX-CB-HEIGHT`).
/// Core: `ContextualCheckBlock`.
///
/// # Panics
/// If the block has no transaction or its first has no input (the caller's
/// `check_block` refuses such blocks).
///
/// # Errors
/// [`BlockError::BadCoinbaseHeight`].
pub fn check_coinbase_height(
    block: &Block,
    height: u32,
    params: &ConsensusParams,
) -> Result<(), BlockError> {
    if height < params.deployment_height(BuriedDeployment::HeightInCoinbase) {
        return Ok(());
    }
    let expected = coinbase_height_script(height);
    // check_block has made sure the block starts with a coinbase.
    let script_sig = &block.transactions[0].inputs[0].script_sig;
    if script_sig.starts_with(&expected) {
        Ok(())
    } else {
        Err(BlockError::BadCoinbaseHeight)
    }
}

/// The block's weight is within the limit.
///
/// # Consensus
/// BIP-0141: stripped size × 3 + total size ≤ `MAX_BLOCK_WEIGHT`
/// (4 000 000) (`CTX-WEIGHT`). Core: `ContextualCheckBlock`.
///
/// # Errors
/// [`BlockError::BadBlockWeight`].
pub fn check_block_weight(block: &Block) -> Result<(), BlockError> {
    if block.weight() > MAX_BLOCK_WEIGHT {
        Err(BlockError::BadBlockWeight)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn height_scripts_follow_cscript() {
        assert_eq!(coinbase_height_script(0), vec![0x00]);
        assert_eq!(coinbase_height_script(1), vec![0x51]);
        assert_eq!(coinbase_height_script(16), vec![0x60]);
        assert_eq!(coinbase_height_script(17), vec![0x01, 0x11]);
        assert_eq!(coinbase_height_script(127), vec![0x01, 0x7f]);
        assert_eq!(coinbase_height_script(128), vec![0x02, 0x80, 0x00]);
        assert_eq!(
            coinbase_height_script(227_931),
            vec![0x03, 0x5b, 0x7a, 0x03]
        );
    }
}
