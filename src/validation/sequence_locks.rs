//! Relative lock time (BIP-0068): an input may require its coin to be some
//! blocks or some time old. Core: `CalculateSequenceLocks`,
//! `EvaluateSequenceLocks`, `SequenceLocks` in `src/consensus/tx_verify.cpp`.

use crate::primitives::Transaction;
use crate::validation::context::BlockContext;

/// Set in `nSequence`: this input has no relative lock.
/// Core: `CTxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG`.
pub const SEQUENCE_LOCKTIME_DISABLE_FLAG: u32 = 1 << 31;

/// Set in `nSequence`: the lock counts time (units of 512 s), not blocks.
/// Core: `CTxIn::SEQUENCE_LOCKTIME_TYPE_FLAG`.
pub const SEQUENCE_LOCKTIME_TYPE_FLAG: u32 = 1 << 22;

/// The bits of `nSequence` that hold the lock's value.
/// Core: `CTxIn::SEQUENCE_LOCKTIME_MASK`.
pub const SEQUENCE_LOCKTIME_MASK: u32 = 0x0000_ffff;

/// A time lock's value is in units of 2^9 = 512 seconds.
/// Core: `CTxIn::SEQUENCE_LOCKTIME_GRANULARITY`.
pub const SEQUENCE_LOCKTIME_GRANULARITY: u32 = 9;

/// The last height and the last median time past at which a transaction
/// is still locked; −1 when nothing locks it. Core: the pair returned by
/// `CalculateSequenceLocks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SequenceLock {
    /// The block height must exceed this.
    pub min_height: i64,
    /// The parent's median time past must exceed this.
    pub min_time: i64,
    /// The height of an ancestor whose median time past a time lock needed
    /// and the context did not know; the lock is then undetermined.
    pub unknown_time_at: Option<u32>,
}

/// The verdict on a transaction's relative locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceLockVerdict {
    /// Every relative lock has expired.
    Satisfied,
    /// Some relative lock has not expired.
    Unsatisfied,
    /// The context lacked a median time past that a time lock needs; only
    /// possible with a partial [`BlockContext`] (never in the chain).
    Undetermined {
        /// The ancestor height whose median time past was missing.
        height: u32,
    },
}

/// The relative locks of `tx`, given the heights of the coins its inputs
/// spend (`prev_heights`, one per input).
///
/// # Consensus
/// BIP-0068: only when `enforce` (CSV active) and the transaction's version
/// is at least 2. An input whose `nSequence` has the disable flag (bit 31)
/// has no lock. Otherwise its low 16 bits are a lock value: with the type
/// flag (bit 22) a time of value × 512 seconds counted from the median time
/// past of the block *before* the coin's block (`min_time = that MTP +
/// value × 512 − 1`); without it, a number of blocks counted from the
/// coin's block (`min_height = coin height + value − 1`). The largest of
/// each kind over all inputs is the transaction's lock. Core:
/// `CalculateSequenceLocks`.
///
/// # Panics
/// If `prev_heights` does not hold one height per input (Core asserts).
pub fn calculate_sequence_locks(
    tx: &Transaction,
    enforce: bool,
    prev_heights: &[u32],
    context: &dyn BlockContext,
) -> SequenceLock {
    assert_eq!(prev_heights.len(), tx.inputs.len(), "one height per input");
    let mut lock = SequenceLock {
        min_height: -1,
        min_time: -1,
        unknown_time_at: None,
    };
    if !enforce || tx.version < 2 {
        return lock;
    }
    for (input, &coin_height) in tx.inputs.iter().zip(prev_heights) {
        let sequence = input.sequence;
        if sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG != 0 {
            continue;
        }
        let value = i64::from(sequence & SEQUENCE_LOCKTIME_MASK);
        if sequence & SEQUENCE_LOCKTIME_TYPE_FLAG != 0 {
            let ancestor = coin_height.saturating_sub(1);
            match context.median_time_past(ancestor) {
                Some(coin_time) => {
                    let expiry = coin_time + (value << SEQUENCE_LOCKTIME_GRANULARITY) - 1;
                    lock.min_time = lock.min_time.max(expiry);
                }
                None => lock.unknown_time_at = Some(ancestor),
            }
        } else {
            lock.min_height = lock.min_height.max(i64::from(coin_height) + value - 1);
        }
    }
    lock
}

/// Whether `lock` has expired for a block at `height` whose parent's median
/// time past is `prev_mtp` (`None` if the context does not know it).
///
/// # Consensus
/// Expired when `min_height < height` and `min_time < prev_mtp`.
/// Core: `EvaluateSequenceLocks`.
pub fn evaluate_sequence_locks(
    height: u32,
    prev_mtp: Option<i64>,
    lock: SequenceLock,
) -> SequenceLockVerdict {
    if lock.min_height >= i64::from(height) {
        return SequenceLockVerdict::Unsatisfied;
    }
    match prev_mtp {
        Some(mtp) if lock.min_time >= mtp => return SequenceLockVerdict::Unsatisfied,
        None if lock.min_time >= 0 => {
            return SequenceLockVerdict::Undetermined {
                height: height.saturating_sub(1),
            }
        }
        _ => {}
    }
    match lock.unknown_time_at {
        Some(height) => SequenceLockVerdict::Undetermined { height },
        None => SequenceLockVerdict::Satisfied,
    }
}

/// Whether `tx`'s relative locks have expired in the block `context`
/// describes. Core: `SequenceLocks`.
pub fn sequence_locks(
    tx: &Transaction,
    enforce: bool,
    prev_heights: &[u32],
    context: &dyn BlockContext,
) -> SequenceLockVerdict {
    let lock = calculate_sequence_locks(tx, enforce, prev_heights, context);
    let height = context.height();
    let prev_mtp = context.median_time_past(height.saturating_sub(1));
    evaluate_sequence_locks(height, prev_mtp, lock)
}

#[cfg(test)]
#[path = "sequence_locks_tests.rs"]
mod tests;
