//! Lock times checked by scripts: `OP_CHECKLOCKTIMEVERIFY` (BIP-0065) and
//! `OP_CHECKSEQUENCEVERIFY` (BIP-0112), each reading its number from the
//! witness of a P2WSH output `OP_CHECK...VERIFY OP_DROP OP_1` funded by the
//! prefix at height 101, against the spending transaction's lock time or
//! the input's sequence.

use super::scripts::Spends;
use super::wallet::{self, Coin, Lock};
use super::{block_file, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::primitives::Transaction;
use crate::script::ScriptNum;

const UNSATISFIED: &str = "Locktime requirement not satisfied";
const NEGATIVE: &str = "Negative locktime";

/// `vectors/block/locks.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    cltv(&mut cases, fx);
    cltv_time(&mut cases, fx);
    csv(&mut cases, fx);
    csv_time(&mut cases, fx);
    block_file(
        "block/locks.json",
        "OP_CHECKLOCKTIMEVERIFY and OP_CHECKSEQUENCEVERIFY in a block at height 111",
        &[fx],
        cases.cases,
    )
}

/// A spend of the CLTV coin with the lock time `lock_time`, sequence
/// `sequence`, and `n` as the number OP_CHECKLOCKTIMEVERIFY checks.
fn cltv_spend(coin: &Coin, lock_time: u32, sequence: u32, n: i64) -> Transaction {
    let mut tx = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
    tx.lock_time = lock_time;
    tx.inputs[0].sequence = sequence;
    tx.inputs[0].witness.stack = vec![ScriptNum(n).encode(), wallet::cltv_script()];
    tx
}

fn cltv(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::Cltv);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK", "SCRIPT-CLTV"],
    };
    s.ok("cltv-satisfied", "OP_CHECKLOCKTIMEVERIFY with 110, the transaction's lock time 110 (final at 111), sequence 0", cltv_spend(coin, 110, 0, 110));
    s.fail(
        "cltv-above-lock-time",
        "OP_CHECKLOCKTIMEVERIFY with 111 and lock time 110 (BIP-0065)",
        cltv_spend(coin, 110, 0, 111),
        UNSATISFIED,
    );
    s.fail("cltv-final-sequence", "OP_CHECKLOCKTIMEVERIFY with 0, but the input's sequence is final: the lock time is not enforced, so CLTV fails", cltv_spend(coin, 110, 0xffff_ffff, 0), UNSATISFIED);
    s.fail(
        "cltv-type-mismatch",
        "OP_CHECKLOCKTIMEVERIFY with a time (500,000,000) against a height lock time",
        cltv_spend(coin, 110, 0, 500_000_000),
        UNSATISFIED,
    );
    s.fail(
        "cltv-negative",
        "OP_CHECKLOCKTIMEVERIFY with -1",
        cltv_spend(coin, 110, 0, -1),
        NEGATIVE,
    );
}

/// A spend of the CSV coin: version `version`, sequence `sequence`, and
/// `n` as the number OP_CHECKSEQUENCEVERIFY checks.
fn csv_spend(coin: &Coin, version: u32, sequence: u32, n: i64) -> Transaction {
    let mut tx = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
    tx.version = version;
    tx.inputs[0].sequence = sequence;
    tx.inputs[0].witness.stack = vec![ScriptNum(n).encode(), wallet::csv_script()];
    tx
}

fn csv(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::Csv);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK", "SCRIPT-CSV"],
    };
    s.ok(
        "csv-satisfied",
        "OP_CHECKSEQUENCEVERIFY with 5, the input's sequence 5 (the coin is 10 blocks old)",
        csv_spend(coin, 2, 5, 5),
    );
    s.fail(
        "csv-above-sequence",
        "OP_CHECKSEQUENCEVERIFY with 6, sequence 5 (BIP-0112)",
        csv_spend(coin, 2, 5, 6),
        UNSATISFIED,
    );
    s.fail(
        "csv-version-1",
        "OP_CHECKSEQUENCEVERIFY in a version-1 transaction",
        csv_spend(coin, 1, 5, 5),
        UNSATISFIED,
    );
    s.ok(
        "csv-disabled",
        "OP_CHECKSEQUENCEVERIFY with the disable flag (1 << 31) set: a NOP, whatever the sequence",
        csv_spend(coin, 2, 0xffff_ffff, 1 << 31),
    );
    s.fail(
        "csv-negative",
        "OP_CHECKSEQUENCEVERIFY with -1",
        csv_spend(coin, 2, 5, -1),
        NEGATIVE,
    );
    s.fail(
        "csv-type-mismatch",
        "OP_CHECKSEQUENCEVERIFY with a time lock (bit 22) of 1 unit, sequence a height lock of 5",
        csv_spend(coin, 2, 5, (1 << 22) | 1),
        UNSATISFIED,
    );
}

/// CLTV with a time: the transaction's lock time is a time below the
/// parent's median time past (so the transaction is final).
fn cltv_time(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::Cltv);
    let lock = fx.mtp(fx.height()) as u32 - 1;
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK", "SCRIPT-CLTV"],
    };
    s.ok("cltv-time-satisfied", "OP_CHECKLOCKTIMEVERIFY with a time equal to the transaction's lock time (one second below the median time past)", cltv_spend(coin, lock, 0, i64::from(lock)));
    s.fail(
        "cltv-time-above",
        "OP_CHECKLOCKTIMEVERIFY with a time one second after the transaction's lock time",
        cltv_spend(coin, lock, 0, i64::from(lock) + 1),
        UNSATISFIED,
    );
    s.fail(
        "cltv-height-against-time",
        "OP_CHECKLOCKTIMEVERIFY with a height (110) against a time lock time",
        cltv_spend(coin, lock, 0, 110),
        UNSATISFIED,
    );
    s.fail(
        "cltv-five-byte-max",
        "OP_CHECKLOCKTIMEVERIFY with 0xffffffff (a 5-byte number): above any lock time",
        cltv_spend(coin, lock, 0, 0xffff_ffff),
        UNSATISFIED,
    );
}

/// CSV with a time: bit 22 set, in units of 512 s.
fn csv_time(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::Csv);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK", "SCRIPT-CSV"],
    };
    let time = 1 << 22;
    s.ok("csv-time-satisfied", "OP_CHECKSEQUENCEVERIFY with a time lock of 1 unit, the sequence a time lock of 1 unit (reached: the coin is 10 blocks old)", csv_spend(coin, 2, time | 1, i64::from(time | 1)));
    s.fail(
        "csv-time-above",
        "OP_CHECKSEQUENCEVERIFY with 2 units, the sequence 1 unit",
        csv_spend(coin, 2, time | 1, i64::from(time | 2)),
        UNSATISFIED,
    );
    s.fail(
        "csv-height-against-time",
        "OP_CHECKSEQUENCEVERIFY with a height lock of 1 against a time-lock sequence",
        csv_spend(coin, 2, time | 1, 1),
        UNSATISFIED,
    );
    s.fail("csv-sequence-disabled", "OP_CHECKSEQUENCEVERIFY with 1, the input's sequence with the disable flag: CSV needs the sequence to be a lock", csv_spend(coin, 2, (1 << 31) | 1, 1), UNSATISFIED);
}
