//! A systematic matrix of block cases at height 111 on the `mature`
//! prefix: for each of the eleven output types the prefix funds, the same
//! questions (a valid spend, a broken signature, a double spend, a value
//! overdrawn, a child in the same block, the coinbase's claim, the lock
//! time, a stripped unlock); then each context-free transaction rule at
//! several positions in the block; then coinbase output shapes.
//!
//! Every expectation is derived from the rule and Core's source
//! (`CheckTransaction`, `CheckTxInputs`, `ContextualCheckBlock`,
//! `ConnectBlock`, `ScriptErrorString`) and checked on canon as written.
//!
//! Not consensus code: it produces what the rules then judge.

use super::matrix_coinbase;
use super::scripts::failed;
use super::wallet::{self, Coin, Lock};
use super::{block_file, funded_locks, spend_coinbase, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::primitives::{OutPoint, Transaction, TxOut};
use crate::validation::finality::SEQUENCE_FINAL;
use crate::validation::MAX_MONEY;

/// `vectors/block/matrix.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    for lock in funded_locks() {
        let coin = fx.funded(&lock).clone();
        let m = Matrix {
            fx,
            name: name(&lock),
            coin,
        };
        m.spends(&mut cases);
        m.signatures(&mut cases);
        m.double_spends(&mut cases);
        m.values(&mut cases);
        m.children(&mut cases);
        m.claims(&mut cases);
        m.lock_times(&mut cases);
        m.unlocks(&mut cases);
    }
    pairs(&mut cases, fx);
    tx_check_positions(&mut cases, fx);
    matrix_coinbase::coinbase_outputs(&mut cases, fx);
    matrix_coinbase::coinbase_lengths(&mut cases, fx);
    // IDs are unique across the family's files.
    for case in &mut cases.cases {
        case.id = format!("matrix-{}", case.id);
    }
    block_file(
        "block/matrix.json",
        "A matrix at height 111: each of the eleven output types asked the same questions \
         (spend, signature, double spend, values, same-block child, coinbase claim, lock time, \
         stripped unlock), each transaction rule at several positions, coinbase output shapes",
        &[fx],
        cases.cases,
    )
}

/// The output type's name in case IDs.
fn name(lock: &Lock) -> &'static str {
    match lock {
        Lock::P2wpkh(_) => "p2wpkh",
        Lock::P2pkh(_) => "p2pkh",
        Lock::P2shMultisig => "p2sh-multisig",
        Lock::P2shP2wpkh(_) => "p2sh-p2wpkh",
        Lock::P2wshMultisig => "p2wsh-multisig",
        Lock::BareMultisig => "bare-multisig",
        Lock::TaprootKey(_) => "taproot-key",
        Lock::TaprootTree => "taproot-script",
        Lock::Anyone => "anyone",
        Lock::Cltv => "cltv",
        Lock::Csv => "csv",
    }
}

const EVAL_FALSE: &str =
    "Script evaluated without error but finished with a false/empty top stack element";
const SCHNORR_SIG: &str = "Invalid Schnorr signature";
const STACK: &str = "Operation not valid with the current stack size";
const WITNESS_EMPTY: &str = "Witness program was passed an empty witness";
const MISMATCH: &str = "Witness program hash mismatch";
const UNEXPECTED: &str = "Witness provided for non-witness script";
const LOCKTIME: &str = "Locktime requirement not satisfied";

/// Flips one byte of input `index`'s signature (ECDSA: the last byte of
/// S, keeping DER; Schnorr: the last byte) and returns the script error
/// that follows, or `None` when the lock needs no signature.
fn corrupt(tx: &mut Transaction, index: usize, lock: &Lock) -> Option<&'static str> {
    let input = &mut tx.inputs[index];
    let stack = &mut input.witness.stack;
    match lock {
        Lock::P2wpkh(_) | Lock::P2shP2wpkh(_) => {
            let at = stack[0].len() - 2;
            stack[0][at] ^= 1;
            Some(EVAL_FALSE)
        }
        Lock::P2wshMultisig => {
            let at = stack[1].len() - 2;
            stack[1][at] ^= 1;
            Some(EVAL_FALSE)
        }
        Lock::TaprootKey(_) | Lock::TaprootTree => {
            stack[0][63] ^= 1;
            Some(SCHNORR_SIG)
        }
        Lock::P2pkh(_) => {
            // scriptSig: <len> <sig> <pubkey push>.
            let at = input.script_sig[0] as usize - 1;
            input.script_sig[at] ^= 1;
            Some(EVAL_FALSE)
        }
        Lock::P2shMultisig | Lock::BareMultisig => {
            // scriptSig: OP_0 <len> <sig> ...
            let at = input.script_sig[1] as usize;
            input.script_sig[at] ^= 1;
            Some(EVAL_FALSE)
        }
        Lock::Anyone | Lock::Cltv | Lock::Csv => None,
    }
}

/// The sequence an input spending `lock` needs: CLTV needs a non-final
/// one, CSV one without the disable flag (0: no relative lock).
fn sequence_for(lock: &Lock) -> u32 {
    match lock {
        Lock::Cltv => SEQUENCE_FINAL - 1,
        Lock::Csv => 0,
        _ => SEQUENCE_FINAL,
    }
}

/// `tx` (unsigned, spending `coins`) with the sequences its locks need,
/// then signed.
fn prepare(mut tx: Transaction, coins: &[&Coin]) -> Transaction {
    for (input, coin) in tx.inputs.iter_mut().zip(coins) {
        input.sequence = sequence_for(&coin.lock);
    }
    wallet::sign(tx, coins)
}

/// A signed spend of `coins` to key 2, leaving `fee`.
fn spend(coins: &[&Coin], fee: i64) -> Transaction {
    let total: i64 = coins.iter().map(|c| c.output.value).sum();
    prepare(
        wallet::unsigned(coins, vec![wallet::pay(total - fee)]),
        coins,
    )
}

/// The rules a spend of `lock` exercises when its scripts run.
fn script_rules(lock: &Lock) -> Vec<&'static str> {
    let mut rules = vec!["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"];
    rules.extend(match lock {
        Lock::P2wpkh(_) => vec!["SCRIPT-P2WPKH", "SIGHASH-BIP143"],
        Lock::P2pkh(_) => vec!["SCRIPT-ECDSA-VERIFY", "SIGHASH-LEGACY"],
        Lock::P2shMultisig => vec!["SCRIPT-P2SH", "SCRIPT-MULTISIG", "SIGHASH-LEGACY"],
        Lock::P2shP2wpkh(_) => vec!["SCRIPT-P2SH", "SCRIPT-P2WPKH", "SIGHASH-BIP143"],
        Lock::P2wshMultisig => vec!["SCRIPT-P2WSH", "SCRIPT-MULTISIG", "SIGHASH-BIP143"],
        Lock::BareMultisig => vec!["SCRIPT-MULTISIG", "SCRIPT-NULLDUMMY", "SIGHASH-LEGACY"],
        Lock::TaprootKey(_) => vec!["TAPROOT-KEY-PATH", "SIGHASH-BIP341"],
        Lock::TaprootTree => vec!["TAPROOT-SPEND", "TAPSCRIPT-CHECKSIG", "SIGHASH-BIP341"],
        Lock::Anyone => vec!["SCRIPT-TRUTH"],
        Lock::Cltv => vec!["SCRIPT-P2WSH", "SCRIPT-CLTV"],
        Lock::Csv => vec!["SCRIPT-P2WSH", "SCRIPT-CSV"],
    });
    rules
}

/// One output type's row of the matrix.
struct Matrix<'a> {
    fx: &'a Fixture,
    name: &'static str,
    coin: Coin,
}

impl Matrix<'_> {
    fn id(&self, what: &str) -> String {
        format!("{}-{}", self.name, what)
    }

    fn desc(&self, what: &str) -> String {
        format!(
            "{} (the funded 1 BTC {} output): {}",
            self.name, self.name, what
        )
    }

    fn lock(&self) -> &Lock {
        &self.coin.lock
    }

    /// The valid spend, and the same spend after other transactions.
    fn spends(&self, cases: &mut Cases) {
        let fx = self.fx;
        let tx = spend(&[&self.coin], FEE);
        let rules = script_rules(self.lock());
        cases.ok(
            &self.id("spend"),
            &self.desc("a valid spend, alone in the block, fee claimed by the coinbase"),
            &rules,
            &fx.block_with(vec![tx.clone()], FEE),
        );
        let txs = vec![spend_coinbase(fx, 5), spend_coinbase(fx, 6), tx];
        cases.ok(
            &self.id("spend-third"),
            &self.desc("the valid spend as the block's third transaction, after two others"),
            &rules,
            &fx.block_with(txs, 3 * FEE),
        );
        let exact = spend(&[&self.coin], 0);
        cases.ok(
            &self.id("spend-no-fee"),
            &self.desc("a spend paying out the whole input: output equal to input, no fee"),
            &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
            &fx.block_with(vec![exact], 0),
        );
    }

    /// The signature corrupted, where the lock has one.
    fn signatures(&self, cases: &mut Cases) {
        let fx = self.fx;
        let mut tx = spend(&[&self.coin], FEE);
        let Some(message) = corrupt(&mut tx, 0, self.lock()) else {
            return;
        };
        let what = match message {
            SCHNORR_SIG => "the Schnorr signature's last byte flipped: it does not verify",
            _ => "the first ECDSA signature's last byte of S flipped (still DER): it does not verify, and without NULLFAIL the check pushes false",
        };
        cases.reject(
            &self.id("bad-signature"),
            &self.desc(what),
            &script_rules(self.lock()),
            &fx.block_with(vec![tx.clone()], FEE),
            &failed(message),
        );
        let txs = vec![spend_coinbase(fx, 5), spend_coinbase(fx, 6), tx];
        cases.reject(
            &self.id("bad-signature-third"),
            &self.desc(
                "the same corrupted spend as the block's third transaction, after two valid spends",
            ),
            &script_rules(self.lock()),
            &fx.block_with(txs, 3 * FEE),
            &failed(message),
        );
    }

    /// The coin spent twice: by two transactions, and by one.
    fn double_spends(&self, cases: &mut Cases) {
        let fx = self.fx;
        let first = spend(&[&self.coin], FEE);
        let second = spend(&[&self.coin], 2 * FEE);
        cases.reject(
            &self.id("double-spend-two-txs"),
            &self.desc("spent by two transactions of the block (different outputs): the second finds the coin spent"),
            &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
            &fx.block_with(vec![first, second], 3 * FEE),
            "bad-txns-inputs-missingorspent",
        );
        let twice = prepare(
            wallet::unsigned(
                &[&self.coin, &self.coin],
                vec![wallet::pay(self.coin.output.value)],
            ),
            &[&self.coin, &self.coin],
        );
        cases.reject(
            &self.id("double-spend-one-tx"),
            &self.desc("spent twice by the inputs of one transaction (CVE-2018-17144)"),
            &["BLK-TX-CHECK", "TX-INPUTS-DUPLICATE"],
            &fx.block_with(vec![twice], 0),
            "bad-txns-inputs-duplicate",
        );
    }

    /// The output one satoshi over the input.
    fn values(&self, cases: &mut Cases) {
        let fx = self.fx;
        let over = spend(&[&self.coin], -1);
        cases.reject(
            &self.id("in-below-out"),
            &self.desc("its output one satoshi more than the input"),
            &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
            &fx.block_with(vec![over.clone()], 0),
            "bad-txns-in-belowout",
        );
        let generous = spend_coinbase(fx, 7);
        cases.reject(
            &self.id("in-below-out-after-fee"),
            &self.desc("one satoshi over, after a spend paying 1,000 in fees: each transaction's inputs must cover its own outputs"),
            &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
            &fx.block_with(vec![generous, over], FEE - 1),
            "bad-txns-in-belowout",
        );
    }

    /// A child spending the spend's output in the same block, after and
    /// before its parent.
    fn children(&self, cases: &mut Cases) {
        let fx = self.fx;
        let lock = self.lock().clone();
        let parent = prepare(
            wallet::unsigned(
                &[&self.coin],
                vec![TxOut {
                    value: self.coin.output.value - FEE,
                    script_pubkey: lock.script_pubkey(),
                }],
            ),
            &[&self.coin],
        );
        let relocked = Coin::of(&parent, 0, lock, fx.height() + 1);
        let child = spend(&[&relocked], FEE);
        cases.ok(
            &self.id("child-after-parent"),
            &self.desc("respent to the same output type, and that output spent by a later transaction of the same block"),
            &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
            &fx.block_with(vec![parent.clone(), child.clone()], 2 * FEE),
        );
        let relocked_child = prepare(
            wallet::unsigned(
                &[&relocked],
                vec![TxOut {
                    value: relocked.output.value - FEE,
                    script_pubkey: relocked.lock.script_pubkey(),
                }],
            ),
            &[&relocked],
        );
        let grand = Coin::of(&relocked_child, 0, relocked.lock.clone(), fx.height() + 1);
        cases.ok(
            &self.id("grandchild"),
            &self.desc("a chain of three spends of the same output type in one block, each spending the previous"),
            &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
            &fx.block_with(
                vec![parent.clone(), relocked_child, spend(&[&grand], FEE)],
                3 * FEE,
            ),
        );
        cases.reject(
            &self.id("two-children"),
            &self.desc("the parent's output spent by two children in the same block: the second finds it spent"),
            &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
            &fx.block_with(
                vec![parent.clone(), child.clone(), spend(&[&relocked], 2 * FEE)],
                4 * FEE,
            ),
            "bad-txns-inputs-missingorspent",
        );
        cases.reject(
            &self.id("child-claim-over"),
            &self.desc("parent and child paying 1,000 each; the coinbase claims 2,001: the child's fee counts, one satoshi more does not"),
            &["CONNECT-CB-AMOUNT"],
            &fx.block_with(vec![parent.clone(), child.clone()], 2 * FEE + 1),
            "bad-cb-amount",
        );
        cases.reject(
            &self.id("child-before-parent"),
            &self.desc("the same parent and child, the child first: its input does not exist yet"),
            &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
            &fx.block_with(vec![child, parent], 2 * FEE),
            "bad-txns-inputs-missingorspent",
        );
    }

    /// The coinbase claiming the fee: one under, and one over.
    fn claims(&self, cases: &mut Cases) {
        let fx = self.fx;
        let tx = spend(&[&self.coin], FEE);
        cases.ok(
            &self.id("claim-under"),
            &self.desc(
                "a spend paying 1,000 in fees; the coinbase claims 999 (the rest is destroyed)",
            ),
            &["CONNECT-CB-AMOUNT"],
            &fx.block_with(vec![tx.clone()], FEE - 1),
        );
        cases.reject(
            &self.id("claim-over"),
            &self.desc("a spend paying 1,000 in fees; the coinbase claims 1,001"),
            &["CONNECT-CB-AMOUNT"],
            &fx.block_with(vec![tx], FEE + 1),
            "bad-cb-amount",
        );
    }

    /// A spend with `lock_time` and every input's sequence `sequence`
    /// (or what the lock needs when `sequence` is `None`).
    fn timed(&self, lock_time: u32, sequence: Option<u32>) -> Transaction {
        let mut tx = wallet::unsigned(
            &[&self.coin],
            vec![wallet::pay(self.coin.output.value - FEE)],
        );
        tx.lock_time = lock_time;
        tx.inputs[0].sequence = sequence.unwrap_or(sequence_for(self.lock()));
        wallet::sign(tx, &[&self.coin])
    }

    /// The sequence that makes the spend non-final and still satisfies
    /// the lock.
    fn non_final(&self) -> u32 {
        match self.lock() {
            Lock::Csv => 0,
            _ => SEQUENCE_FINAL - 1,
        }
    }

    /// Lock times at the block's height and median time past.
    fn lock_times(&self, cases: &mut Cases) {
        let fx = self.fx;
        let height = fx.height() + 1;
        let mtp = fx.mtp(fx.height()) as u32;
        let seq = Some(self.non_final());
        let block = |tx: Transaction| fx.block_with(vec![tx], FEE);
        cases.reject(
            &self.id("locktime-height"),
            &self.desc("lock time 111, the block's own height, with a non-final sequence"),
            &["CTX-FINAL"],
            &block(self.timed(height, seq)),
            "bad-txns-nonfinal",
        );
        cases.ok(
            &self.id("locktime-height-minus-one"),
            &self.desc("lock time 110, one below the block's height, with a non-final sequence"),
            &["CTX-FINAL"],
            &block(self.timed(height - 1, seq)),
        );
        let final_seq = block(self.timed(height, Some(SEQUENCE_FINAL)));
        match self.lock() {
            Lock::Cltv | Lock::Csv => cases.reject(
                &self.id("locktime-height-final-sequence"),
                &self.desc("lock time 111 with the final sequence: final, but CLTV needs a non-final sequence and CSV one without the disable flag"),
                &["CTX-FINAL", "CONNECT-SCRIPTS", if *self.lock() == Lock::Cltv { "SCRIPT-CLTV" } else { "SCRIPT-CSV" }],
                &final_seq,
                &failed(LOCKTIME),
            ),
            _ => cases.ok(
                &self.id("locktime-height-final-sequence"),
                &self.desc("lock time 111 with the final sequence: a final transaction, whatever its lock time"),
                &["CTX-FINAL"],
                &final_seq,
            ),
        }
        cases.reject(
            &self.id("locktime-mtp"),
            &self.desc("a time lock equal to the previous block's median time past, with a non-final sequence"),
            &["CTX-FINAL"],
            &block(self.timed(mtp, seq)),
            "bad-txns-nonfinal",
        );
        let before = block(self.timed(mtp - 1, seq));
        match self.lock() {
            Lock::Cltv => cases.reject(
                &self.id("locktime-mtp-minus-one"),
                &self.desc("a time lock one second below the median time past: final, but the script's CLTV of 0 is a height and the lock time a time"),
                &["CTX-FINAL", "CONNECT-SCRIPTS", "SCRIPT-CLTV"],
                &before,
                &failed(LOCKTIME),
            ),
            _ => cases.ok(
                &self.id("locktime-mtp-minus-one"),
                &self.desc("a time lock one second below the median time past, with a non-final sequence"),
                &["CTX-FINAL"],
                &before,
            ),
        }
    }

    /// The unlocking data removed, or a witness added to a legacy spend.
    fn unlocks(&self, cases: &mut Cases) {
        let fx = self.fx;
        let good = spend(&[&self.coin], FEE);
        let mut rules = script_rules(self.lock());
        if !good.inputs[0].witness.stack.is_empty() {
            let mut tx = good.clone();
            tx.inputs[0].witness.stack.clear();
            let (message, what) = match self.lock() {
                Lock::P2wpkh(_) | Lock::P2shP2wpkh(_) => (
                    MISMATCH,
                    "its witness stripped: P2WPKH needs exactly two items",
                ),
                _ => (
                    WITNESS_EMPTY,
                    "its witness stripped: the witness program gets an empty witness",
                ),
            };
            rules.push("SCRIPT-WITNESS-PROGRAM");
            cases.reject(
                &self.id("witness-stripped"),
                &self.desc(what),
                &rules,
                &fx.block_with(vec![tx], FEE),
                &failed(message),
            );
        }
        if !good.inputs[0].script_sig.is_empty() {
            let mut tx = good.clone();
            tx.inputs[0].script_sig.clear();
            cases.reject(
                &self.id("script-sig-emptied"),
                &self.desc("its scriptSig emptied: the scriptPubKey's first operation finds an empty stack"),
                &["CONNECT-SCRIPTS", "SCRIPT-STACK-OPERATION"],
                &fx.block_with(vec![tx], FEE),
                &failed(STACK),
            );
        }
        if good.inputs[0].witness.stack.is_empty() {
            let mut tx = good;
            tx.inputs[0].witness.stack = vec![vec![1]];
            cases.reject(
                &self.id("witness-added"),
                &self.desc("a witness item added to a spend of a non-witness output"),
                &["CONNECT-SCRIPTS", "SCRIPT-WITNESS-UNEXPECTED"],
                &fx.block_with(vec![tx], FEE),
                &failed(UNEXPECTED),
            );
        }
    }
}

/// Each output type spent together with the next in one transaction, every
/// input signing the whole transaction.
fn pairs(cases: &mut Cases, fx: &Fixture) {
    let locks = funded_locks();
    for (i, a) in locks.iter().enumerate() {
        let b = &locks[(i + 1) % locks.len()];
        let coins = [fx.funded(a), fx.funded(b)];
        let tx = spend(&coins, FEE);
        let mut rules = script_rules(a);
        rules.extend(script_rules(b).into_iter().skip(2));
        cases.ok(
            &format!("pair-{}-{}", name(a), name(b)),
            &format!(
                "One transaction spending the funded {} and {} outputs",
                name(a),
                name(b)
            ),
            &rules,
            &fx.block_with(vec![tx.clone()], FEE),
        );
        let reversed = spend(&[coins[1], coins[0]], FEE);
        cases.ok(
            &format!("pair-{}-{}", name(b), name(a)),
            &format!(
                "One transaction spending the funded {} and {} outputs, in that order",
                name(b),
                name(a)
            ),
            &rules,
            &fx.block_with(vec![reversed], FEE),
        );
        let mut broken = tx;
        if let Some(message) = corrupt(&mut broken, 1, b) {
            cases.reject(
                &format!("pair-{}-{}-bad-second", name(a), name(b)),
                &format!(
                    "One transaction spending the funded {} and {} outputs, the second input's signature corrupted: the first input verifies, the second does not",
                    name(a),
                    name(b)
                ),
                &rules,
                &fx.block_with(vec![broken], FEE),
                &failed(message),
            );
        }
    }
}

/// An unsigned spend of the coinbase of `height` paying `values` to key 2.
fn paying(fx: &Fixture, height: u32, values: &[i64]) -> Transaction {
    let coin = fx.coinbase(height);
    wallet::unsigned(&[&coin], values.iter().map(|&v| wallet::pay(v)).collect())
}

/// Each context-free transaction rule broken by the block's transaction at
/// position 1, 2 and 4 (valid spends before and after it).
fn tx_check_positions(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.coinbase(8);
    let other = fx.coinbase(9);
    let mut null = wallet::unsigned(&[&coin, &other], vec![wallet::pay(1)]);
    null.inputs[0].prevout = OutPoint::NULL;
    let mut null_second = wallet::unsigned(&[&coin, &other], vec![wallet::pay(1)]);
    null_second.inputs[1].prevout = OutPoint::NULL;
    let empty = Transaction {
        version: 2,
        inputs: Vec::new(),
        outputs: Vec::new(),
        lock_time: 0,
    };
    let bad: Vec<(&str, &str, &str, Transaction)> = vec![
        (
            "vout-negative",
            "an output of -1",
            "TX-VOUT-NEGATIVE",
            paying(fx, 8, &[-1]),
        ),
        (
            "vout-negative-second",
            "a second output of -1 after one of 1",
            "TX-VOUT-NEGATIVE",
            paying(fx, 8, &[1, -1]),
        ),
        (
            "vout-toolarge",
            "an output of MAX_MONEY + 1",
            "TX-VOUT-TOOLARGE",
            paying(fx, 8, &[MAX_MONEY + 1]),
        ),
        (
            "vout-toolarge-second",
            "a second output of MAX_MONEY + 1",
            "TX-VOUT-TOOLARGE",
            paying(fx, 8, &[1, MAX_MONEY + 1]),
        ),
        (
            "txouttotal-toolarge",
            "outputs of MAX_MONEY and 1: each in range, the sum not",
            "TX-TXOUTTOTAL-TOOLARGE",
            paying(fx, 8, &[MAX_MONEY, 1]),
        ),
        (
            "prevout-null",
            "its first of two inputs spending the null outpoint",
            "TX-PREVOUT-NULL",
            null,
        ),
        (
            "prevout-null-second",
            "its second input spending the null outpoint",
            "TX-PREVOUT-NULL",
            null_second,
        ),
        (
            "inputs-duplicate",
            "one coin spent by two of its inputs",
            "TX-INPUTS-DUPLICATE",
            wallet::unsigned(&[&coin, &coin], vec![wallet::pay(1)]),
        ),
        (
            "vout-empty",
            "no outputs",
            "TX-VOUT-EMPTY",
            paying(fx, 8, &[]),
        ),
        (
            "vin-empty",
            "no inputs and no outputs",
            "TX-VIN-EMPTY",
            empty,
        ),
    ];
    let before = [
        spend_coinbase(fx, 2),
        spend_coinbase(fx, 3),
        spend_coinbase(fx, 4),
    ];
    let after = spend_coinbase(fx, 5);
    for (id, what, rule, tx) in bad {
        let token = format!("bad-txns-{}", id.trim_end_matches("-second"));
        for position in [1usize, 2, 4] {
            let mut txs: Vec<Transaction> = before[..position - 1].to_vec();
            txs.push(tx.clone());
            txs.push(after.clone());
            let fee = FEE * position as i64;
            cases.reject(
                &format!("tx-{id}-at-{position}"),
                &format!("The block's transaction {position} has {what}; valid spends around it"),
                &["BLK-TX-CHECK", rule],
                &fx.block_with(txs, fee),
                &token,
            );
        }
    }
    let mut shaped = paying(fx, 8, &[1]);
    shaped.inputs[0].prevout = OutPoint::NULL;
    shaped.inputs[0].script_sig = vec![0x51, 0x51];
    for position in [1usize, 2, 4] {
        let mut txs: Vec<Transaction> = before[..position - 1].to_vec();
        txs.push(shaped.clone());
        txs.push(after.clone());
        cases.reject(
            &format!("tx-coinbase-shaped-at-{position}"),
            &format!(
                "The block's transaction {position} has one input spending the null outpoint: \
                 a second coinbase, refused before its transaction rules run"
            ),
            &["BLK-CB-MULTIPLE", "TX-PREVOUT-NULL"],
            &fx.block_with(txs, FEE * position as i64),
            "bad-cb-multiple",
        );
    }
    cases.reject(
        "tx-outputs-max-money-connect",
        "Outputs summing to exactly MAX_MONEY pass the context-free rules; spending a 50 BTC coin, the inputs do not cover them",
        &["BLK-TX-CHECK", "TX-TXOUTTOTAL-TOOLARGE", "CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
        &fx.block_with(vec![paying(fx, 8, &[MAX_MONEY - 1, 1])], 0),
        "bad-txns-in-belowout",
    );
    cases.reject(
        "tx-first-of-two-failures",
        "Transaction 1 spends the null outpoint and transaction 2 has a negative output: the first in block order is reported",
        &["BLK-TX-CHECK", "TX-PREVOUT-NULL"],
        &fx.block_with(vec![paying_null(fx), paying(fx, 9, &[-1])], 0),
        "bad-txns-prevout-null",
    );
    cases.reject(
        "tx-context-free-before-inputs",
        "Transaction 1 spends a coin that does not exist, transaction 2 has a negative output: the context-free rules of every transaction run before any input is looked up",
        &["BLK-TX-CHECK", "TX-VOUT-NEGATIVE", "TX-INPUTS-MISSING"],
        &fx.block_with(vec![missing(fx), paying(fx, 9, &[-1])], 0),
        "bad-txns-vout-negative",
    );
}

fn paying_null(fx: &Fixture) -> Transaction {
    let mut tx = wallet::unsigned(&[&fx.coinbase(8), &fx.coinbase(10)], vec![wallet::pay(1)]);
    tx.inputs[0].prevout = OutPoint::NULL;
    tx
}

fn missing(fx: &Fixture) -> Transaction {
    let mut tx = paying(fx, 8, &[1]);
    tx.inputs[0].prevout.vout = 7;
    tx
}
