//! The context-free header and block rules. Core: `CheckBlockHeader`,
//! `CheckMerkleRoot` and `CheckBlock` in `src/validation.cpp`.

use crate::params::ConsensusParams;
use crate::primitives::{Block, BlockHeader};
use crate::validation::error::BlockError;
use crate::validation::limits::{MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT, WITNESS_SCALE_FACTOR};
use crate::validation::pow::check_proof_of_work;
use crate::validation::signet::check_signet_block_solution;
use crate::validation::sigop_cost::get_legacy_sigop_count;
use crate::validation::tx_check::check_transaction;

/// Checks a header on its own: its hash meets the target it claims.
///
/// # Consensus
/// See [`check_proof_of_work`] (`POW-HIGH-HASH`). Core: `CheckBlockHeader`.
///
/// # Errors
/// [`BlockError::HighHash`].
pub fn check_block_header(
    header: &BlockHeader,
    params: &ConsensusParams,
) -> Result<(), BlockError> {
    if check_proof_of_work(header.block_hash(), header.bits, params) {
        Ok(())
    } else {
        Err(BlockError::HighHash)
    }
}

/// Which of its checks [`check_block_with`] runs; Core's `fCheckPOW` and
/// `fCheckMerkleRoot` (block templates are checked without either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckBlockOptions {
    /// Check the header's proof of work.
    pub check_pow: bool,
    /// Check the merkle root and its mutation.
    pub check_merkle_root: bool,
}

impl Default for CheckBlockOptions {
    fn default() -> Self {
        CheckBlockOptions {
            check_pow: true,
            check_merkle_root: true,
        }
    }
}

/// The rules a block must meet whatever chain it is in, with every check on.
/// See [`check_block_with`].
///
/// # Errors
/// As [`check_block_with`].
pub fn check_block(block: &Block, params: &ConsensusParams) -> Result<(), BlockError> {
    check_block_with(block, params, CheckBlockOptions::default())
}

/// The context-free block rules, in Core's order.
///
/// # Consensus
/// 1. The header passes [`check_block_header`] (`POW-HIGH-HASH`); on a
///    signet, the block's solution satisfies the challenge
///    ([`check_signet_block_solution`], `BLK-SIGNET-SOLUTION`, BIP-0325).
///    Both are skipped without `check_pow`, as Core skips them.
/// 2. The merkle root of the txids equals the header's (`BLK-MERKLE-ROOT`) and
///    the tree is not mutated (`BLK-MERKLE-MUTATED`, CVE-2012-2459). Both
///    failures are *mutations*: the data does not match what the proof of
///    work commits to, so the header is not marked invalid.
/// 3. There is at least one transaction, the count × 4 and the size without
///    witness × 4 are at most `MAX_BLOCK_WEIGHT` (`BLK-LENGTH`).
/// 4. The first transaction is a coinbase (`BLK-CB-MISSING`) and no other is
///    (`BLK-CB-MULTIPLE`).
/// 5. Every transaction passes [`check_transaction`]; the first failure is
///    reported with the transaction's reject reason (`BLK-TX-CHECK`).
/// 6. The legacy sigop count × 4 is at most `MAX_BLOCK_SIGOPS_COST`
///    (`BLK-SIGOPS`); P2SH and witness sigops are counted when connecting.
///
/// Witness data is not looked at: its commitment is checked with the block's
/// context. Core: `CheckBlock`.
///
/// # Errors
/// [`BlockError::HighHash`], [`BlockError::BadSignetBlockSignature`],
/// [`BlockError::BadMerkleRoot`],
/// [`BlockError::DuplicateTransactions`], [`BlockError::BadLength`],
/// [`BlockError::CoinbaseMissing`], [`BlockError::CoinbaseMultiple`],
/// [`BlockError::Transaction`], [`BlockError::TooManySigops`].
pub fn check_block_with(
    block: &Block,
    params: &ConsensusParams,
    options: CheckBlockOptions,
) -> Result<(), BlockError> {
    if options.check_pow {
        check_block_header(&block.header, params)?;
        check_signet_block_solution(block, params)?;
    }
    if options.check_merkle_root {
        check_merkle_root(block)?;
    }
    check_size_limits(block)?;
    check_coinbase_position(block)?;
    for (index, tx) in block.transactions.iter().enumerate() {
        check_transaction(tx).map_err(|error| BlockError::Transaction {
            index,
            txid: tx.txid(),
            error,
        })?;
    }
    let sigops: u64 = block.transactions.iter().map(get_legacy_sigop_count).sum();
    if sigops * WITNESS_SCALE_FACTOR as u64 > MAX_BLOCK_SIGOPS_COST {
        return Err(BlockError::TooManySigops);
    }
    Ok(())
}

/// The header's merkle root matches the transactions, and the tree is not
/// mutated. Core: `CheckMerkleRoot`.
fn check_merkle_root(block: &Block) -> Result<(), BlockError> {
    let computed = block.compute_merkle_root();
    if computed.root != block.header.merkle_root {
        return Err(BlockError::BadMerkleRoot);
    }
    if computed.mutated {
        return Err(BlockError::DuplicateTransactions);
    }
    Ok(())
}

/// At least one transaction; count and stripped size within the weight limit.
fn check_size_limits(block: &Block) -> Result<(), BlockError> {
    let count = block.transactions.len();
    if count == 0
        || count * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
        || block.stripped_size() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
    {
        return Err(BlockError::BadLength);
    }
    Ok(())
}

/// Exactly the first transaction is a coinbase.
fn check_coinbase_position(block: &Block) -> Result<(), BlockError> {
    let first_is_coinbase = block
        .transactions
        .first()
        .is_some_and(|tx| tx.is_coinbase());
    if !first_is_coinbase {
        return Err(BlockError::CoinbaseMissing);
    }
    if block.transactions[1..].iter().any(|tx| tx.is_coinbase()) {
        return Err(BlockError::CoinbaseMultiple);
    }
    Ok(())
}

#[cfg(test)]
#[path = "block_check_tests.rs"]
mod tests;
