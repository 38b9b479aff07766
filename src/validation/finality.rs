//! Absolute lock time: whether a transaction may be in a block. Core:
//! `IsFinalTx` in `src/consensus/tx_verify.cpp`.

use crate::primitives::Transaction;

/// Lock times below this are block heights, from it on Unix times.
/// Core: `LOCKTIME_THRESHOLD` (Tue Nov 5 00:53:20 1985 UTC).
pub const LOCKTIME_THRESHOLD: u32 = 500_000_000;

/// An input with this sequence does not take part in lock-time checks.
/// Core: `CTxIn::SEQUENCE_FINAL`.
pub const SEQUENCE_FINAL: u32 = 0xffff_ffff;

/// Whether `tx` may be included in a block at `height` whose lock-time
/// cutoff is `block_time`.
///
/// # Consensus
/// A transaction is final if its `nLockTime` is 0; or if it is below the
/// block's height (when below `LOCKTIME_THRESHOLD`, a height) or below
/// `block_time` (otherwise, a time); or if every input's `nSequence` is
/// `SEQUENCE_FINAL`. Under BIP-0113 the cutoff is the median time past of
/// the block's parent, before it the block's own time (see
/// [`lock_time_cutoff`](crate::validation::contextual_block::lock_time_cutoff)).
/// Core: `IsFinalTx`.
pub fn is_final_tx(tx: &Transaction, height: u32, block_time: i64) -> bool {
    if tx.lock_time == 0 {
        return true;
    }
    let lock_time = i64::from(tx.lock_time);
    let cutoff = if tx.lock_time < LOCKTIME_THRESHOLD {
        i64::from(height)
    } else {
        block_time
    };
    if lock_time < cutoff {
        return true;
    }
    tx.inputs
        .iter()
        .all(|input| input.sequence == SEQUENCE_FINAL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::{OutPoint, TxIn, Witness};

    fn tx(lock_time: u32, sequence: u32) -> Transaction {
        Transaction {
            version: 2,
            inputs: vec![TxIn {
                prevout: OutPoint::NULL,
                script_sig: vec![],
                sequence,
                witness: Witness::default(),
            }],
            outputs: vec![],
            lock_time,
        }
    }

    #[test]
    fn height_locks() {
        assert!(is_final_tx(&tx(0, 0), 0, 0));
        assert!(is_final_tx(&tx(99, 0), 100, 0));
        assert!(!is_final_tx(&tx(100, 0), 100, 0));
        assert!(is_final_tx(&tx(100, SEQUENCE_FINAL), 100, 0));
        assert!(!is_final_tx(&tx(100, SEQUENCE_FINAL - 1), 100, 0));
    }

    #[test]
    fn time_locks() {
        let t = LOCKTIME_THRESHOLD + 1000;
        assert!(is_final_tx(&tx(t, 0), 1, i64::from(t) + 1));
        assert!(!is_final_tx(&tx(t, 0), 1, i64::from(t)));
        assert!(!is_final_tx(&tx(LOCKTIME_THRESHOLD, 0), u32::MAX, 0));
        assert!(is_final_tx(
            &tx(LOCKTIME_THRESHOLD - 1, 0),
            LOCKTIME_THRESHOLD,
            0
        ));
    }
}
