//! Which failure a block with several reports: the first in Core's order.
//! Transactions are checked in block order, inputs in input order, and
//! within a transaction `ConnectBlock` runs its input rules, the sequence
//! locks and the sigop cost before the scripts. Every case here has its
//! failures in an order on which Core with and without script-check
//! threads agrees (threads defer script failures only).

use super::scripts::failed;
use super::wallet::{self, Coin};
use super::{
    block_file, extra_coinbase, legacy_sigops, seal, spend_coinbase, with_coinbase_output, Cases,
    Fixture, FEE,
};
use crate::conformance::generate::GeneratedFile;
use crate::primitives::Transaction;
use crate::validation::MAX_MONEY;

/// `vectors/block/order.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    positions(&mut cases, fx);
    coinbase(&mut cases, fx);
    within_transaction(&mut cases, fx);
    block_file(
        "block/order.json",
        "Blocks at height 111 with a failure after good transactions or inputs, or with \
         several failures: the first in Core's order is reported",
        &[fx],
        cases.cases,
    )
}

const EVAL_FALSE: &str =
    "Script evaluated without error but finished with a false/empty top stack element";

/// `tx` with the signature of input `input` corrupted (its S's last byte).
fn corrupt(mut tx: Transaction, input: usize) -> Transaction {
    let sig = &mut tx.inputs[input].witness.stack[0];
    let at = sig.len() - 2;
    sig[at] ^= 1;
    tx
}

/// A signed spend of `coins` (their total less [`FEE`]) with version
/// `version`, sequence `sequence` on every input and lock time `lock_time`.
fn spend(coins: &[&Coin], version: u32, sequence: u32, lock_time: u32) -> Transaction {
    let total: i64 = coins.iter().map(|c| c.output.value).sum();
    let mut tx = wallet::unsigned(coins, vec![wallet::pay(total - FEE)]);
    tx.version = version;
    tx.lock_time = lock_time;
    tx.inputs
        .iter_mut()
        .for_each(|input| input.sequence = sequence);
    wallet::sign(tx, coins)
}

/// Failures after good transactions or inputs.
fn positions(cases: &mut Cases, fx: &Fixture) {
    let (a, b) = (fx.coinbase(3), fx.coinbase(4));
    let two = spend(&[&a, &b], 2, u32::MAX, 0);
    cases.reject(
        "script-fails-second-input",
        "A transaction whose first input is good and whose second has a bad signature",
        &["CONNECT-SCRIPTS"],
        &fx.block_with(vec![corrupt(two, 1)], FEE),
        &failed(EVAL_FALSE),
    );
    cases.reject(
        "script-fails-second-transaction",
        "A good spend, then a spend with a bad signature",
        &["CONNECT-SCRIPTS"],
        &fx.block_with(
            vec![spend_coinbase(fx, 3), corrupt(spend_coinbase(fx, 4), 0)],
            2 * FEE,
        ),
        &failed(EVAL_FALSE),
    );
    let height = fx.height() + 1;
    cases.reject(
        "nonfinal-second-transaction",
        "A good spend, then one with lock time 111 and sequence 0",
        &["CTX-FINAL"],
        &fx.block_with(
            vec![spend_coinbase(fx, 3), spend(&[&b], 2, 0, height)],
            2 * FEE,
        ),
        "bad-txns-nonfinal",
    );
    let mut one_of_two = wallet::unsigned(&[&a, &b], vec![wallet::pay(2 * a.output.value - FEE)]);
    one_of_two.lock_time = height;
    one_of_two.inputs[1].sequence = 0;
    let one_of_two = wallet::sign(one_of_two, &[&a, &b]);
    cases.reject(
        "nonfinal-one-input-of-two",
        "Lock time 111; input 0's sequence is final, input 1's is 0: one non-final sequence \
         enforces the lock time",
        &["CTX-FINAL"],
        &fx.block_with(vec![one_of_two], FEE),
        "bad-txns-nonfinal",
    );
    let negative = wallet::unsigned(&[&b], vec![wallet::pay(-1)]);
    cases.reject(
        "tx-check-third-transaction",
        "Two good spends, then one with a negative output",
        &["BLK-TX-CHECK", "TX-VOUT-NEGATIVE"],
        &fx.block_with(
            vec![spend_coinbase(fx, 5), spend_coinbase(fx, 6), negative],
            2 * FEE,
        ),
        "bad-txns-vout-negative",
    );
    let mut block = fx.block_with(vec![spend_coinbase(fx, 3)], FEE);
    block.transactions.insert(1, extra_coinbase());
    seal(&mut block, fx.params());
    cases.reject(
        "coinbase-second-of-three",
        "[coinbase, coinbase, spend]",
        &["BLK-CB-MULTIPLE"],
        &block,
        "bad-cb-multiple",
    );
}

/// The coinbase's own outputs, checked as any transaction's.
fn coinbase(cases: &mut Cases, fx: &Fixture) {
    let with_outputs = |values: &[i64]| {
        let mut b = fx.next();
        b.coinbase_outputs = Some(values.iter().map(|&v| wallet::pay(v)).collect());
        fx.build(&b)
    };
    cases.reject(
        "coinbase-vout-toolarge",
        "The coinbase pays MAX_MONEY + 1: refused by CheckBlock, before the coinbase amount",
        &["BLK-TX-CHECK", "TX-VOUT-TOOLARGE"],
        &with_outputs(&[MAX_MONEY + 1]),
        "bad-txns-vout-toolarge",
    );
    cases.reject(
        "coinbase-txouttotal-toolarge",
        "The coinbase pays MAX_MONEY twice",
        &["BLK-TX-CHECK", "TX-TXOUTTOTAL-TOOLARGE"],
        &with_outputs(&[MAX_MONEY, MAX_MONEY]),
        "bad-txns-txouttotal-toolarge",
    );
    cases.reject(
        "coinbase-max-money",
        "The coinbase pays exactly MAX_MONEY: a valid transaction, but far above the subsidy",
        &["CONNECT-CB-AMOUNT"],
        &with_outputs(&[MAX_MONEY]),
        "bad-cb-amount",
    );
}

/// Within a transaction: input rules, then sequence locks, then the sigop
/// cost, then scripts.
fn within_transaction(cases: &mut Cases, fx: &Fixture) {
    let immature = fx.coinbase(fx.height());
    cases.reject(
        "maturity-before-scripts",
        "A spend of an immature coinbase with a bad signature: the input rules come first",
        &["CONNECT-TX-INPUTS", "TX-COINBASE-MATURITY"],
        &fx.block_with(vec![corrupt(spend(&[&immature], 2, u32::MAX, 0), 0)], FEE),
        "bad-txns-premature-spend-of-coinbase",
    );
    let coin = fx.coinbase(3);
    let mut over = wallet::unsigned(&[&coin], vec![wallet::pay(coin.output.value + 1)]);
    over.inputs[0].sequence = 109;
    cases.reject(
        "values-before-sequence-locks",
        "A spend paying out more than its input, with an unreached relative lock: the input \
         rules come first",
        &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
        &fx.block_with(vec![wallet::sign(over, &[&coin])], 0),
        "bad-txns-in-belowout",
    );
    cases.reject(
        "sequence-locks-before-scripts",
        "An unreached relative lock (109 blocks on the coinbase of height 3) and a bad signature",
        &["CONNECT-SEQUENCE-LOCKS"],
        &fx.block_with(vec![corrupt(spend(&[&coin], 2, 109, 0), 0)], FEE),
        "bad-txns-nonfinal",
    );
    cases.reject(
        "sigop-cost-before-scripts",
        "20,000 legacy sigops in the coinbase, then a P2WPKH spend (1 sigop) with a bad \
         signature: the cost is counted before the scripts run",
        &["CONNECT-SIGOP-COST", "SIGOPS-WITNESS"],
        &with_coinbase_output(
            fx,
            legacy_sigops(20_000),
            vec![corrupt(spend_coinbase(fx, 3), 0)],
            FEE,
        ),
        "bad-blk-sigops",
    );
    let missing = spend_coinbase(fx, 1);
    cases.reject(
        "missing-input-before-later-script",
        "A spend of a spent coin, then a spend with a bad signature: the first failure stops",
        &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
        &fx.block_with(vec![missing, corrupt(spend_coinbase(fx, 4), 0)], 2 * FEE),
        "bad-txns-inputs-missingorspent",
    );
}
