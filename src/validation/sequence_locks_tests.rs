use super::*;
use crate::primitives::{OutPoint, TxIn, Witness};
use crate::validation::ancestors::ChainEntry;
use crate::validation::context::{ChainContext, PartialContext};

/// A chain of `len` blocks whose block at height h has time 1000 + 100·h:
/// the median time past at h is then the time of h − 5 (from h = 10 on).
fn chain(len: u32) -> Vec<ChainEntry> {
    (0..len)
        .map(|h| ChainEntry {
            time: 1000 + 100 * h,
            bits: 0,
        })
        .collect()
}

fn tx(version: u32, sequences: &[u32]) -> Transaction {
    Transaction {
        version,
        inputs: sequences
            .iter()
            .map(|&sequence| TxIn {
                prevout: OutPoint::NULL,
                script_sig: vec![],
                sequence,
                witness: Witness::default(),
            })
            .collect(),
        outputs: vec![],
        lock_time: 0,
    }
}

#[test]
fn height_locks_expire_after_value_blocks() {
    // The block at height 100; a coin from height 90 locked for 10 blocks
    // may be spent at 100 (90 + 10 − 1 = 99 < 100), for 11 blocks not.
    let prev = chain(100);
    let context = ChainContext::new(prev.as_slice());
    let verdict = |sequence| sequence_locks(&tx(2, &[sequence]), true, &[90], &context);
    assert_eq!(verdict(10), SequenceLockVerdict::Satisfied);
    assert_eq!(verdict(11), SequenceLockVerdict::Unsatisfied);
    // Disabled, or version 1, or before CSV: no lock.
    assert_eq!(
        verdict(11 | SEQUENCE_LOCKTIME_DISABLE_FLAG),
        SequenceLockVerdict::Satisfied
    );
    let old = tx(1, &[11]);
    assert_eq!(
        sequence_locks(&old, true, &[90], &context),
        SequenceLockVerdict::Satisfied
    );
    assert_eq!(
        sequence_locks(&tx(2, &[11]), false, &[90], &context),
        SequenceLockVerdict::Satisfied
    );
}

#[test]
fn time_locks_count_from_the_block_before_the_coin() {
    // Block at height 100: parent MTP is the time of 94 = 10 400. Coin at
    // height 50: MTP of block 49 is the time of 44 = 5 400. A lock of n
    // units expires when 5 400 + 512·n − 1 < 10 400, i.e. n ≤ 9.
    let prev = chain(100);
    let context = ChainContext::new(prev.as_slice());
    let time = |units: u32| SEQUENCE_LOCKTIME_TYPE_FLAG | units;
    let verdict = |sequence| sequence_locks(&tx(2, &[sequence]), true, &[50], &context);
    assert_eq!(verdict(time(9)), SequenceLockVerdict::Satisfied);
    assert_eq!(verdict(time(10)), SequenceLockVerdict::Unsatisfied);
    let lock = calculate_sequence_locks(&tx(2, &[time(9)]), true, &[50], &context);
    assert_eq!(lock.min_time, 5_400 + 9 * 512 - 1);
    assert_eq!(lock.min_height, -1);
}

#[test]
fn partial_contexts_leave_time_locks_undetermined() {
    let context = PartialContext {
        height: 100,
        prev_mtp: Some(10_400),
    };
    let time_lock = tx(2, &[SEQUENCE_LOCKTIME_TYPE_FLAG | 1]);
    assert_eq!(
        sequence_locks(&time_lock, true, &[50], &context),
        SequenceLockVerdict::Undetermined { height: 49 }
    );
    // A height lock needs no time at all, and an unexpired one decides.
    assert_eq!(
        sequence_locks(&tx(2, &[10]), true, &[90], &context),
        SequenceLockVerdict::Satisfied
    );
    let both = tx(2, &[SEQUENCE_LOCKTIME_TYPE_FLAG | 1, 11]);
    assert_eq!(
        sequence_locks(&both, true, &[50, 90], &context),
        SequenceLockVerdict::Unsatisfied
    );
}
