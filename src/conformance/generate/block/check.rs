//! The context-free block rules (Core: `CheckBlock`): the merkle root and
//! its mutation (CVE-2012-2459), the transaction count, the coinbase's
//! place, every transaction's own rules (with CVE-2018-17144 and the 2010
//! value overflow), and the legacy sigop limit.

use super::{
    block_file, extra_coinbase, legacy_sigops, seal, spend_coinbase, wallet, with_coinbase_output,
    Cases, Fixture, FEE,
};
use crate::conformance::generate::GeneratedFile;
use crate::primitives::{Block, OutPoint, Transaction};
use crate::script::instruction::push_data;
use crate::script::opcodes::{OP_0, OP_1, OP_CHECKMULTISIG, OP_CHECKSIG, OP_ENDIF, OP_IF};
use crate::validation::{coinbase_height_script, MAX_MONEY};

/// `vectors/block/check_block.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    merkle_root(&mut cases, fx);
    merkle_mutation(&mut cases, fx);
    coinbase_position(&mut cases, fx);
    transactions(&mut cases, fx);
    coinbase_length(&mut cases, fx);
    legacy_sigop_limit(&mut cases, fx);
    block_file(
        "block/check_block.json",
        "Context-free block rules (Core CheckBlock) on a block at height 111",
        &[fx],
        cases.cases,
    )
}

/// Spends of the coinbases of heights 3, 4, ...: `count` independent
/// transactions.
fn spends(fx: &Fixture, count: u32) -> Vec<Transaction> {
    (3..3 + count).map(|h| spend_coinbase(fx, h)).collect()
}

/// `BLK-MERKLE-ROOT`: the header commits to the txids in order.
fn merkle_root(cases: &mut Cases, fx: &Fixture) {
    let rules = &["BLK-MERKLE-ROOT", "BLOCK-MUTATED"];
    let good = fx.block_with(spends(fx, 2), 2 * FEE);
    cases.ok(
        "merkle-three-transactions",
        "A coinbase and two spends: an odd count, the last txid paired with itself",
        &[
            "BLK-MERKLE-ROOT",
            "BLK-MERKLE-MUTATED",
            "MERKLE-ROOT",
            "BLOCK-MUTATED",
        ],
        &good,
    );
    let mut flipped = good.clone();
    flipped.header.merkle_root.0[0] ^= 1;
    super::mine(&mut flipped.header, fx.params());
    cases.mutated(
        "merkle-root-flipped",
        "The header's merkle root with one bit flipped (mined again)",
        rules,
        &flipped,
        "bad-txnmrklroot",
    );
    let mut swapped = good.clone();
    swapped.transactions.swap(1, 2);
    cases.mutated(
        "merkle-transactions-swapped",
        "The two spends in the other order under the same header: the root commits to the order",
        rules,
        &swapped,
        "bad-txnmrklroot",
    );
    let mut dropped = good.clone();
    dropped.transactions.pop();
    cases.mutated(
        "merkle-transaction-dropped",
        "The last spend left out under the same header",
        rules,
        &dropped,
        "bad-txnmrklroot",
    );
    let mut witness = good.clone();
    witness.transactions[1].inputs[0].witness.stack[0][5] ^= 1;
    cases.mutated(
        "merkle-witness-changed",
        "A spend's signature changed under the same header: the txid root still matches, \
         the witness commitment does not",
        &["CTX-WITNESS-COMMITMENT", "BLOCK-MUTATED"],
        &witness,
        "bad-witness-merkle-match",
    );
    let mut empty = good.clone();
    empty.transactions.clear();
    empty.header.merkle_root = Default::default();
    super::mine(&mut empty.header, fx.params());
    cases.reject(
        "no-transactions",
        "No transactions and a zero merkle root (the root of an empty list): \
         the root matches, the count does not",
        &["BLK-LENGTH"],
        &empty,
        "bad-blk-length",
    );
}

/// `BLK-MERKLE-MUTATED` (CVE-2012-2459): a list ending in a repeated run
/// has the root of the list without it.
fn merkle_mutation(cases: &mut Cases, fx: &Fixture) {
    let rules = &["BLK-MERKLE-MUTATED", "MERKLE-MUTATION", "BLOCK-MUTATED"];
    let three = fx.block_with(spends(fx, 2), 2 * FEE);
    let mut repeated = three.clone();
    repeated.transactions.push(three.transactions[2].clone());
    assert_eq!(
        repeated.compute_merkle_root().root,
        three.header.merkle_root
    );
    cases.mutated(
        "merkle-last-repeated",
        "CVE-2012-2459: [coinbase, a, b, b] has the root of [coinbase, a, b], the header's; \
         the repeated pair is a mutation",
        rules,
        &repeated,
        "bad-txns-duplicate",
    );
    let six = fx.block_with(spends(fx, 5), 5 * FEE);
    cases.ok(
        "merkle-six-transactions",
        "Six transactions: at the second level three nodes, the last paired with itself",
        &["BLK-MERKLE-MUTATED", "MERKLE-ROOT"],
        &six,
    );
    let mut repeated = six.clone();
    repeated
        .transactions
        .extend(six.transactions[4..].iter().cloned());
    assert_eq!(repeated.compute_merkle_root().root, six.header.merkle_root);
    cases.mutated(
        "merkle-last-two-repeated",
        "CVE-2012-2459 one level up: [cb, a, b, c, d, e, d, e] has the root of \
         [cb, a, b, c, d, e]",
        rules,
        &repeated,
        "bad-txns-duplicate",
    );
    let a = spend_coinbase(fx, 3);
    let twice = fx.block_with(vec![a.clone(), a], 2 * FEE);
    cases.reject(
        "same-transaction-unpaired",
        "[coinbase, a, a]: the two copies are not a pair of the tree (positions 1 and 2), so \
         the block is not mutated; the second copy spends a spent coin",
        &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
        &twice,
        "bad-txns-inputs-missingorspent",
    );
}

/// `BLK-CB-MISSING`, `BLK-CB-MULTIPLE`.
fn coinbase_position(cases: &mut Cases, fx: &Fixture) {
    let good = fx.block_with(spends(fx, 1), FEE);
    cases.ok(
        "coinbase-first",
        "The coinbase first, then a spend",
        &["BLK-CB-MISSING", "BLK-CB-MULTIPLE"],
        &good,
    );
    let mut no_coinbase = good.clone();
    no_coinbase.transactions.remove(0);
    seal(&mut no_coinbase, fx.params());
    cases.reject(
        "coinbase-missing",
        "Only the spend, no coinbase",
        &["BLK-CB-MISSING"],
        &no_coinbase,
        "bad-cb-missing",
    );
    let mut second = good.clone();
    second.transactions.swap(0, 1);
    seal(&mut second, fx.params());
    cases.reject(
        "coinbase-second",
        "The spend first, the coinbase second",
        &["BLK-CB-MISSING"],
        &second,
        "bad-cb-missing",
    );
    let with = |extra: Vec<Transaction>| {
        let mut block = good.clone();
        block.transactions.extend(extra);
        seal(&mut block, fx.params());
        block
    };
    cases.reject(
        "coinbase-twice",
        "A second coinbase (one input spending the null outpoint) after the spend",
        &["BLK-CB-MULTIPLE"],
        &with(vec![extra_coinbase()]),
        "bad-cb-multiple",
    );
    let mut two_null = extra_coinbase();
    two_null.inputs.push(two_null.inputs[0].clone());
    cases.reject(
        "two-null-inputs",
        "A transaction with two inputs spending the null outpoint is no coinbase: checked \
         as a spend, its duplicate inputs are found before its null prevouts",
        &["BLK-TX-CHECK", "TX-INPUTS-DUPLICATE"],
        &with(vec![two_null]),
        "bad-txns-inputs-duplicate",
    );
}

/// A transaction spending the coinbase of height 3 with `outputs` values
/// to key 2, unsigned (the block fails before scripts run).
fn paying(fx: &Fixture, values: &[i64]) -> Transaction {
    let coin = fx.coinbase(3);
    wallet::unsigned(&[&coin], values.iter().map(|&v| wallet::pay(v)).collect())
}

/// `BLK-TX-CHECK`: every transaction's context-free rules, in block order.
fn transactions(cases: &mut Cases, fx: &Fixture) {
    let block = |txs: Vec<Transaction>| fx.block_with(txs, 0);
    let rules = |token: &'static str| -> Vec<&'static str> { vec!["BLK-TX-CHECK", token] };
    let empty = Transaction {
        version: 2,
        inputs: Vec::new(),
        outputs: Vec::new(),
        lock_time: 0,
    };
    cases.reject(
        "tx-vin-empty",
        "A transaction with no inputs (and so, as serialized, no outputs)",
        &rules("TX-VIN-EMPTY"),
        &block(vec![empty]),
        "bad-txns-vin-empty",
    );
    cases.reject(
        "tx-vout-empty",
        "A spend with no outputs",
        &rules("TX-VOUT-EMPTY"),
        &block(vec![paying(fx, &[])]),
        "bad-txns-vout-empty",
    );
    cases.reject(
        "tx-vout-negative",
        "An output of -1 satoshi",
        &rules("TX-VOUT-NEGATIVE"),
        &block(vec![paying(fx, &[1, -1])]),
        "bad-txns-vout-negative",
    );
    cases.reject(
        "tx-vout-toolarge",
        "An output of MAX_MONEY + 1",
        &rules("TX-VOUT-TOOLARGE"),
        &block(vec![paying(fx, &[MAX_MONEY + 1])]),
        "bad-txns-vout-toolarge",
    );
    cases.reject(
        "tx-value-overflow-2010",
        "The 2010 value overflow (block 74638): two outputs of 92233720368.54277039 BTC \
         each; today the first is already above MAX_MONEY",
        &rules("TX-VOUT-TOOLARGE"),
        &block(vec![paying(fx, &[9_223_372_036_854_277_039; 2])]),
        "bad-txns-vout-toolarge",
    );
    cases.reject(
        "tx-txouttotal-toolarge",
        "Two outputs of MAX_MONEY: each allowed, their sum not",
        &rules("TX-TXOUTTOTAL-TOOLARGE"),
        &block(vec![paying(fx, &[MAX_MONEY, MAX_MONEY])]),
        "bad-txns-txouttotal-toolarge",
    );
    let coin = fx.coinbase(3);
    let other = fx.coinbase(4);
    let duplicate = wallet::unsigned(&[&coin, &coin], vec![wallet::pay(COIN_50)]);
    cases.reject(
        "tx-inputs-duplicate",
        "CVE-2018-17144: one coin spent twice by the same transaction",
        &rules("TX-INPUTS-DUPLICATE"),
        &block(vec![duplicate]),
        "bad-txns-inputs-duplicate",
    );
    let apart = wallet::unsigned(&[&coin, &other, &coin], vec![wallet::pay(COIN_50)]);
    cases.reject(
        "tx-inputs-duplicate-apart",
        "CVE-2018-17144 with the two inputs apart: inputs 0 and 2 spend the same coin",
        &rules("TX-INPUTS-DUPLICATE"),
        &block(vec![apart]),
        "bad-txns-inputs-duplicate",
    );
    let mut null = wallet::unsigned(&[&coin, &other], vec![wallet::pay(COIN_50)]);
    null.inputs[1].prevout = OutPoint::NULL;
    cases.reject(
        "tx-prevout-null",
        "A spend whose second input spends the null outpoint",
        &rules("TX-PREVOUT-NULL"),
        &block(vec![null]),
        "bad-txns-prevout-null",
    );
    let mut negative_coinbase = fx.next();
    negative_coinbase.coinbase_outputs = Some(vec![wallet::pay(-1)]);
    cases.reject(
        "tx-coinbase-vout-negative",
        "The coinbase's own output is -1: the coinbase is checked like any transaction",
        &rules("TX-VOUT-NEGATIVE"),
        &fx.build(&negative_coinbase),
        "bad-txns-vout-negative",
    );
    cases.reject(
        "tx-first-failure-reported",
        "Two bad transactions: a negative output, then a duplicate input; the first is reported",
        &rules("TX-VOUT-NEGATIVE"),
        &block(vec![
            paying(fx, &[-1]),
            wallet::unsigned(&[&other, &other], vec![wallet::pay(1)]),
        ]),
        "bad-txns-vout-negative",
    );
    let both = wallet::unsigned(&[&other, &other], vec![wallet::pay(-1)]);
    cases.reject(
        "tx-outputs-before-inputs",
        "One transaction with a negative output and a duplicate input: outputs are checked first",
        &rules("TX-VOUT-NEGATIVE"),
        &block(vec![both]),
        "bad-txns-vout-negative",
    );
    let exact = wallet::spend_all(&[&coin], 0);
    cases.ok(
        "tx-all-rules-kept",
        "A spend of a whole coin, no fee: one input, one output within range",
        &[
            "BLK-TX-CHECK",
            "TX-VIN-EMPTY",
            "TX-VOUT-EMPTY",
            "TX-VOUT-NEGATIVE",
            "TX-VOUT-TOOLARGE",
            "TX-TXOUTTOTAL-TOOLARGE",
            "TX-INPUTS-DUPLICATE",
            "TX-PREVOUT-NULL",
        ],
        &block(vec![exact]),
    );
}

/// 50 BTC.
const COIN_50: i64 = 50 * crate::validation::COIN;

/// `TX-CB-LENGTH` inside a block: the coinbase scriptSig is 2..=100 bytes.
/// At height 111 the BIP-0034 height push `01 6f` is exactly 2 bytes.
fn coinbase_length(cases: &mut Cases, fx: &Fixture) {
    let height = fx.height() + 1;
    let with_len = |len: usize| {
        let mut script = coinbase_height_script(height);
        assert_eq!(script.len(), 2);
        script.resize(len, OP_0);
        let mut b = fx.next();
        b.coinbase_script_sig = Some(script);
        fx.build(&b)
    };
    let rules = &["BLK-TX-CHECK", "TX-CB-LENGTH"];
    cases.ok(
        "coinbase-script-2-bytes",
        "The coinbase scriptSig is only the height push 01 6f: 2 bytes, the fewest allowed",
        &["BLK-TX-CHECK", "TX-CB-LENGTH", "CTX-CB-HEIGHT"],
        &with_len(2),
    );
    cases.ok(
        "coinbase-script-100-bytes",
        "The coinbase scriptSig is 100 bytes, the most allowed",
        rules,
        &with_len(100),
    );
    cases.reject(
        "coinbase-script-101-bytes",
        "The coinbase scriptSig is 101 bytes",
        rules,
        &with_len(101),
        "bad-cb-length",
    );
    let mut one = fx.next();
    one.coinbase_script_sig = Some(vec![OP_1]);
    cases.reject(
        "coinbase-script-1-byte",
        "The coinbase scriptSig is 1 byte (checked before the BIP-0034 height it also lacks)",
        rules,
        &fx.build(&one),
        "bad-cb-length",
    );
}

/// `BLK-SIGOPS` and `SIGOPS-LEGACY`: the legacy count of every scriptSig
/// and scriptPubKey is at most 20,000 (80,000 / 4).
fn legacy_sigop_limit(cases: &mut Cases, fx: &Fixture) {
    let rules = &["BLK-SIGOPS", "SIGOPS-LEGACY"];
    let output = |script: Vec<u8>| with_coinbase_output(fx, script, Vec::new(), 0);
    cases.ok(
        "legacy-sigops-20000",
        "A coinbase output of 1,000 OP_CHECKMULTISIG: 20,000 legacy sigops, exactly the limit \
         (and a sigop cost of exactly 80,000)",
        &["BLK-SIGOPS", "SIGOPS-LEGACY", "CONNECT-SIGOP-COST"],
        &output(legacy_sigops(20_000)),
    );
    cases.reject(
        "legacy-sigops-20001",
        "1,000 OP_CHECKMULTISIG and one OP_CHECKSIG: 20,001 legacy sigops",
        rules,
        &output(legacy_sigops(20_001)),
        "bad-blk-sigops",
    );
    let counted_20 = [OP_1, OP_CHECKMULTISIG].repeat(1_000);
    cases.ok(
        "legacy-multisig-counts-20",
        "1,000 × (OP_1 OP_CHECKMULTISIG): legacy counting takes 20 for each, whatever precedes it",
        rules,
        &output(counted_20.clone()),
    );
    let mut over = counted_20;
    over.push(OP_CHECKSIG);
    cases.reject(
        "legacy-multisig-counts-20-over",
        "1,000 × (OP_1 OP_CHECKMULTISIG) and one OP_CHECKSIG: 20,001, not the 1,001 an \
         accurate count would give",
        rules,
        &output(over),
        "bad-blk-sigops",
    );
    let mut truncated = legacy_sigops(20_000);
    truncated.extend([0x4d, 0xff, 0xff]);
    truncated.extend([OP_CHECKSIG; 100]);
    cases.ok(
        "legacy-sigops-stop-at-truncated-push",
        "20,000 sigops, then an OP_PUSHDATA2 of 65,535 bytes that the script does not hold, \
         then 100 OP_CHECKSIG bytes: counting stops at the truncated push",
        rules,
        &output(truncated),
    );
    let mut in_push = legacy_sigops(20_000);
    push_data(&mut in_push, &[OP_CHECKSIG; 75]);
    cases.ok(
        "legacy-sigops-data-not-counted",
        "20,000 sigops and a push of 75 OP_CHECKSIG bytes: pushed data is not counted",
        rules,
        &output(in_push),
    );
    legacy_sigops_in_script_sig(cases, fx);
}

/// Sigops in a scriptSig count, executed or not.
fn legacy_sigops_in_script_sig(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&wallet::Lock::Anyone);
    let spend = |checksigs: usize| {
        let mut tx = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
        let mut script_sig = vec![OP_0, OP_IF];
        script_sig.extend(vec![OP_CHECKSIG; checksigs]);
        script_sig.push(OP_ENDIF);
        tx.inputs[0].script_sig = script_sig;
        tx
    };
    let block = |checksigs: usize| -> Block {
        with_coinbase_output(fx, legacy_sigops(19_998), vec![spend(checksigs)], FEE)
    };
    cases.ok(
        "legacy-sigops-in-script-sig",
        "19,998 sigops in the coinbase and a scriptSig OP_0 OP_IF OP_CHECKSIG OP_CHECKSIG \
         OP_ENDIF spending a bare OP_1: the unexecuted sigops count, 20,000 in all",
        &["BLK-SIGOPS", "SIGOPS-LEGACY"],
        &block(2),
    );
    cases.reject(
        "legacy-sigops-in-script-sig-over",
        "As above with three OP_CHECKSIG in the scriptSig: 20,001",
        &["BLK-SIGOPS", "SIGOPS-LEGACY"],
        &block(3),
        "bad-blk-sigops",
    );
}
