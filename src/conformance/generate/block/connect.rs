//! Connecting a block to the coins (Core: `ConnectBlock` with
//! `Consensus::CheckTxInputs`, `SequenceLocks`, `GetTransactionSigOpCost`):
//! missing and immature coins, values, relative lock times (BIP-0068),
//! the sigop cost and the coinbase amount.
//!
//! Two rules cannot be broken on regtest, nor anywhere: `TX-INPUT-VALUES`
//! (a coin above `MAX_MONEY`, or inputs summing above it) and
//! `CONNECT-FEES-RANGE` (fees summing above it) need coins worth more than
//! all the bitcoin ever issued, since every output was checked against
//! `MAX_MONEY` and paid for by its inputs or the subsidy. Their passing
//! side is every connecting block here.

use super::wallet::{self, Coin, Lock};
use super::{block_file, legacy_sigops, spend_coinbase, with_coinbase_output, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::params::{genesis_block, Network};
use crate::primitives::{OutPoint, Transaction, Txid};
use crate::validation::get_block_subsidy;
use crate::validation::sequence_locks::{
    SEQUENCE_LOCKTIME_DISABLE_FLAG, SEQUENCE_LOCKTIME_GRANULARITY, SEQUENCE_LOCKTIME_TYPE_FLAG,
};

/// `vectors/block/connect.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    missing_inputs(&mut cases, fx);
    maturity(&mut cases, fx);
    values(&mut cases, fx);
    sequence_height(&mut cases, fx);
    sequence_time(&mut cases, fx);
    sigop_cost(&mut cases, fx);
    sigop_counting(&mut cases, fx);
    coinbase_amount(&mut cases, fx);
    block_file(
        "block/connect.json",
        "Connecting a block at height 111 to the coins: inputs, maturity, relative locks, \
         sigop cost, coinbase amount",
        &[fx],
        cases.cases,
    )
}

/// An unsigned spend of `outpoint` (whose coin need not exist), worth 1 BTC.
fn spend_outpoint(outpoint: OutPoint) -> Transaction {
    let coin = Coin {
        outpoint,
        output: wallet::pay(crate::validation::COIN),
        lock: Lock::P2wpkh(2),
        height: 0,
    };
    wallet::unsigned(&[&coin], vec![wallet::pay(crate::validation::COIN - FEE)])
}

/// `TX-INPUTS-MISSING`: every input's coin exists, unspent, when its
/// transaction is connected (earlier transactions of the block included).
fn missing_inputs(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"];
    let reason = "bad-txns-inputs-missingorspent";
    let block = |txs: Vec<Transaction>| {
        let fee = FEE * txs.len() as i64;
        fx.block_with(txs, fee)
    };
    let unknown = OutPoint {
        txid: Txid([0x42; 32]),
        vout: 0,
    };
    cases.reject(
        "input-unknown",
        "A spend of an outpoint no transaction created",
        rules,
        &block(vec![spend_outpoint(unknown)]),
        reason,
    );
    let spent = fx.coinbase(1);
    cases.reject(
        "input-already-spent",
        "A spend of the coinbase of height 1, which the funding transaction at height 101 spent",
        rules,
        &block(vec![wallet::spend_all(&[&spent], FEE)]),
        reason,
    );
    let funding = fx.funded[0].outpoint.txid;
    cases.reject(
        "input-index-past-outputs",
        "A spend of output 99 of the funding transaction, which has 12",
        rules,
        &block(vec![spend_outpoint(OutPoint {
            txid: funding,
            vout: 99,
        })]),
        reason,
    );
    let genesis = genesis_block(Network::Regtest).transactions[0].txid();
    cases.reject(
        "input-genesis-coinbase",
        "A spend of the genesis block's coinbase, which never enters the coins",
        rules,
        &block(vec![spend_outpoint(OutPoint {
            txid: genesis,
            vout: 0,
        })]),
        reason,
    );
    let first = spend_coinbase(fx, 3);
    let child_coin = Coin::of(&first, 0, Lock::P2wpkh(2), fx.height() + 1);
    let child = wallet::spend_all(&[&child_coin], FEE);
    cases.ok(
        "input-created-earlier-in-block",
        "A spend of an output created by the transaction before it in the same block",
        &[
            "CONNECT-TX-INPUTS",
            "TX-INPUTS-MISSING",
            "TX-INPUT-VALUES",
            "CONNECT-FEES-RANGE",
        ],
        &block(vec![first.clone(), child.clone()]),
    );
    cases.reject(
        "input-created-later-in-block",
        "The same two transactions in the other order: the child's coin does not exist yet",
        rules,
        &block(vec![child, first]),
        reason,
    );
    let coin = fx.coinbase(3);
    let other = wallet::sign(
        wallet::unsigned(&[&coin], vec![wallet::pay(coin.output.value - 2 * FEE)]),
        &[&coin],
    );
    cases.reject(
        "input-double-spent-in-block",
        "Two different transactions of the block spend the same coin",
        rules,
        &block(vec![spend_coinbase(fx, 3), other]),
        reason,
    );
}

/// `TX-COINBASE-MATURITY`: a coinbase output is spent 100 blocks after its
/// own at the earliest.
fn maturity(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-TX-INPUTS", "TX-COINBASE-MATURITY"];
    let height = fx.height() + 1;
    let spend = |h: u32| fx.block_with(vec![spend_coinbase(fx, h)], FEE);
    cases.ok(
        "coinbase-100-confirmations",
        "The coinbase of height 11 spent at height 111: exactly 100 blocks later",
        rules,
        &spend(height - 100),
    );
    cases.reject(
        "coinbase-99-confirmations",
        "The coinbase of height 12 spent at height 111: 99 blocks later",
        rules,
        &spend(height - 99),
        "bad-txns-premature-spend-of-coinbase",
    );
    cases.reject(
        "coinbase-of-parent",
        "The coinbase of the parent, height 110",
        rules,
        &spend(height - 1),
        "bad-txns-premature-spend-of-coinbase",
    );
    // The commitment output changes the coinbase's txid: spend the
    // coinbase as it will be, without a commitment (a legacy spend).
    let mut legacy = fx.next();
    legacy.witness_commitment = false;
    legacy.payout = Lock::P2pkh(3).script_pubkey();
    legacy.fees = FEE;
    let coinbase = legacy.coinbase(fx.params());
    let own = Coin::of(&coinbase, 0, Lock::P2pkh(3), height);
    legacy.transactions.push(wallet::spend_all(&[&own], FEE));
    let block = fx.build(&legacy);
    assert_eq!(block.transactions[0].txid(), own.outpoint.txid);
    cases.reject(
        "coinbase-of-same-block",
        "A spend of the block's own coinbase (the coin exists: 0 blocks later)",
        rules,
        &block,
        "bad-txns-premature-spend-of-coinbase",
    );
}

/// `TX-IN-BELOW-OUT`: the inputs are worth at least the outputs.
fn values(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.coinbase(3);
    let paying = |value: i64| {
        wallet::sign(
            wallet::unsigned(&[&coin], vec![wallet::pay(value)]),
            &[&coin],
        )
    };
    cases.ok(
        "outputs-equal-inputs",
        "A spend paying out exactly its input: no fee",
        &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT", "TX-INPUT-VALUES"],
        &fx.block_with(vec![paying(coin.output.value)], 0),
    );
    cases.reject(
        "outputs-exceed-inputs",
        "A spend paying out one satoshi more than its input",
        &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
        &fx.block_with(vec![paying(coin.output.value + 1)], 0),
        "bad-txns-in-belowout",
    );
    let two = [fx.coinbase(4), fx.coinbase(5)];
    let refs: Vec<&Coin> = two.iter().collect();
    let total = 2 * coin.output.value;
    let tx = |value: i64| wallet::sign(wallet::unsigned(&refs, vec![wallet::pay(value)]), &refs);
    cases.ok(
        "two-inputs-sum",
        "Two 50 BTC inputs paying 100 BTC: the inputs are summed",
        &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT", "TX-INPUT-VALUES"],
        &fx.block_with(vec![tx(total)], 0),
    );
    cases.reject(
        "two-inputs-sum-exceeded",
        "Two 50 BTC inputs paying 100 BTC and one satoshi",
        &["CONNECT-TX-INPUTS", "TX-IN-BELOW-OUT"],
        &fx.block_with(vec![tx(total + 1)], 0),
        "bad-txns-in-belowout",
    );
}

/// A signed spend of `coin` with `version` and input sequence `sequence`.
fn relative(coin: &Coin, version: u32, sequence: u32) -> Transaction {
    let mut tx = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
    tx.version = version;
    tx.inputs[0].sequence = sequence;
    wallet::sign(tx, &[coin])
}

/// `CONNECT-SEQUENCE-LOCKS` by height: an input with sequence `n` (bit 31
/// and bit 22 clear) of a version-2 transaction waits until the block at
/// coin height + n.
fn sequence_height(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-SEQUENCE-LOCKS"];
    let height = fx.height() + 1;
    let coin = fx.coinbase(3);
    let age = height - coin.height;
    let block =
        |version: u32, sequence: u32| fx.block_with(vec![relative(&coin, version, sequence)], FEE);
    cases.ok(
        "relative-height-reached",
        "Version 2, a relative lock of 108 blocks on the coinbase of height 3, at height 111: reached exactly",
        rules,
        &block(2, age),
    );
    cases.reject(
        "relative-height-one-short",
        "Version 2, a relative lock of 109 blocks: one block short",
        rules,
        &block(2, age + 1),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "relative-height-version-1",
        "Version 1 with the same 109-block lock: BIP-0068 applies from version 2",
        rules,
        &block(1, age + 1),
    );
    cases.reject(
        "relative-height-version-max",
        "Version 0xffffffff with the 109-block lock: the version is compared unsigned",
        rules,
        &block(u32::MAX, age + 1),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "relative-height-disabled",
        "Version 2, the 109-block lock with the disable flag (bit 31) set",
        rules,
        &block(2, SEQUENCE_LOCKTIME_DISABLE_FLAG | (age + 1)),
    );
    cases.ok(
        "relative-height-high-bits-ignored",
        "Version 2, sequence 0x003f0000 | 108: bits outside the type flag and the 16-bit value are ignored",
        rules,
        &block(2, 0x003f_0000 | age),
    );
    let first = spend_coinbase(fx, 4);
    let same_block = Coin::of(&first, 0, Lock::P2wpkh(2), height);
    let in_block = |sequence: u32| {
        fx.block_with(
            vec![first.clone(), relative(&same_block, 2, sequence)],
            2 * FEE,
        )
    };
    cases.ok(
        "relative-height-zero-same-block",
        "A relative lock of 0 on a coin created earlier in the same block",
        rules,
        &in_block(0),
    );
    cases.reject(
        "relative-height-one-same-block",
        "A relative lock of 1 on a coin created earlier in the same block",
        rules,
        &in_block(1),
        "bad-txns-nonfinal",
    );
}

/// `CONNECT-SEQUENCE-LOCKS` by time: with bit 22 set, `n` units of 512 s
/// past the median time past of the block before the coin's, compared with
/// the parent's median time past.
fn sequence_time(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-SEQUENCE-LOCKS"];
    let coin = fx.coinbase(3);
    let elapsed = fx.mtp(fx.height()) - fx.mtp(coin.height - 1);
    let units = (elapsed >> SEQUENCE_LOCKTIME_GRANULARITY) as u32;
    let block =
        |version: u32, sequence: u32| fx.block_with(vec![relative(&coin, version, sequence)], FEE);
    let time = SEQUENCE_LOCKTIME_TYPE_FLAG;
    cases.ok(
        "relative-time-reached",
        "Version 2, a time lock of the most 512 s units that have passed since the coin's block \
         (by median time past)",
        rules,
        &block(2, time | units),
    );
    cases.reject(
        "relative-time-one-short",
        "Version 2, one unit of 512 s more",
        rules,
        &block(2, time | (units + 1)),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "relative-time-version-1",
        "Version 1 with the unreached time lock",
        rules,
        &block(1, time | (units + 1)),
    );
    cases.ok(
        "relative-time-disabled",
        "Version 2, the unreached time lock with the disable flag",
        rules,
        &block(2, SEQUENCE_LOCKTIME_DISABLE_FLAG | time | (units + 1)),
    );
    cases.reject(
        "relative-time-max",
        "Version 2, a time lock of 0xffff units (about 388 days)",
        rules,
        &block(2, time | 0xffff),
        "bad-txns-nonfinal",
    );
}

/// `CONNECT-SIGOP-COST`: legacy sigops × 4, P2SH sigops × 4 and witness
/// sigops × 1, at most 80,000 in all; filled up with legacy sigops in a
/// coinbase output, then brought to the limit by spends.
fn sigop_cost(cases: &mut Cases, fx: &Fixture) {
    let block = |legacy: usize, coins: Vec<&Coin>| {
        let txs: Vec<Transaction> = coins.iter().map(|c| wallet::spend_all(&[c], FEE)).collect();
        let fee = FEE * txs.len() as i64;
        with_coinbase_output(fx, legacy_sigops(legacy), txs, fee)
    };
    let cb: Vec<Coin> = (3..=8).map(|h| fx.coinbase(h)).collect();
    let rules = &["CONNECT-SIGOP-COST", "SIGOPS-WITNESS"];
    cases.ok(
        "sigop-cost-witness-at-limit",
        "19,999 legacy sigops (79,996) and four P2WPKH spends (1 each): 80,000",
        rules,
        &block(19_999, cb[..4].iter().collect()),
    );
    cases.reject(
        "sigop-cost-witness-over",
        "19,999 legacy sigops and five P2WPKH spends: 80,001",
        rules,
        &block(19_999, cb[..5].iter().collect()),
        "bad-blk-sigops",
    );
    let p2sh = fx.funded(&Lock::P2shMultisig);
    let rules = &["CONNECT-SIGOP-COST", "SIGOPS-P2SH"];
    cases.ok(
        "sigop-cost-p2sh-at-limit",
        "19,997 legacy sigops (79,988) and a P2SH 2-of-3 multisig spend: its redeem script \
         counted accurately, 3 × 4 = 12: 80,000",
        rules,
        &block(19_997, vec![p2sh]),
    );
    cases.reject(
        "sigop-cost-p2sh-over",
        "19,998 legacy sigops (79,992) and the P2SH 2-of-3 spend (12): 80,004",
        rules,
        &block(19_998, vec![p2sh]),
        "bad-blk-sigops",
    );
    let p2wsh = fx.funded(&Lock::P2wshMultisig);
    let wrapped = fx.funded(&Lock::P2shP2wpkh(7));
    let rules = &["CONNECT-SIGOP-COST", "SIGOPS-WITNESS"];
    cases.ok(
        "sigop-cost-p2wsh-at-limit",
        "19,999 legacy sigops, a P2WSH 2-of-3 spend (3, accurately) and a P2SH-P2WPKH spend (1): 80,000",
        rules,
        &block(19_999, vec![p2wsh, wrapped]),
    );
    cases.reject(
        "sigop-cost-p2sh-p2wpkh-over",
        "20,000 legacy sigops (80,000) and a P2SH-P2WPKH spend (1): 80,001 (CheckBlock's \
         legacy limit holds; the cost does not)",
        rules,
        &block(20_000, vec![wrapped]),
        "bad-blk-sigops",
    );
    cases.reject(
        "sigop-cost-p2wsh-over",
        "19,998 legacy sigops (79,992), a P2WSH 2-of-3 spend (3), a P2SH-P2WPKH spend (1) and \
         five P2WPKH spends (5): 80,001",
        rules,
        &block(19_998, {
            let mut coins = vec![p2wsh, wrapped];
            coins.extend(cb[..5].iter());
            coins
        }),
        "bad-blk-sigops",
    );
    let zero_cost: Vec<&Coin> = vec![
        fx.funded(&Lock::TaprootKey(10)),
        fx.funded(&Lock::TaprootTree),
        fx.funded(&Lock::BareMultisig),
        fx.funded(&Lock::P2pkh(3)),
        fx.funded(&Lock::Anyone),
    ];
    cases.ok(
        "sigop-cost-free-spends",
        "20,000 legacy sigops (80,000) and spends that add nothing: taproot key and script \
         paths (no witness sigops for version 1), a bare multisig and a P2PKH (their \
         scriptPubKeys counted where they were created, their scriptSigs only push), a bare OP_1",
        &[
            "CONNECT-SIGOP-COST",
            "SIGOPS-WITNESS",
            "SIGOPS-LEGACY",
            "SIGOPS-P2SH",
        ],
        &block(20_000, zero_cost),
    );
}

/// `CONNECT-CB-AMOUNT`: the coinbase pays at most the subsidy and the fees.
fn coinbase_amount(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-CB-AMOUNT"];
    let height = fx.height() + 1;
    let subsidy = get_block_subsidy(height, fx.params());
    let claiming = |txs: Vec<Transaction>, claim: i64| {
        let mut b = fx.next();
        b.transactions = txs;
        b.coinbase_outputs = Some(vec![wallet::pay(claim)]);
        fx.build(&b)
    };
    cases.ok(
        "cb-amount-subsidy",
        "An empty block whose coinbase pays exactly the 50 BTC subsidy",
        rules,
        &claiming(vec![], subsidy),
    );
    cases.reject(
        "cb-amount-subsidy-plus-one",
        "An empty block whose coinbase pays the subsidy and one satoshi",
        rules,
        &claiming(vec![], subsidy + 1),
        "bad-cb-amount",
    );
    let txs = vec![
        wallet::spend_all(&[&fx.coinbase(3)], 7_000),
        wallet::spend_all(&[&fx.coinbase(4)], 5_000),
    ];
    cases.ok(
        "cb-amount-with-fees",
        "Two spends paying 7,000 and 5,000 satoshis in fees; the coinbase pays subsidy + 12,000",
        &["CONNECT-CB-AMOUNT", "CONNECT-FEES-RANGE"],
        &claiming(txs.clone(), subsidy + 12_000),
    );
    cases.reject(
        "cb-amount-with-fees-plus-one",
        "The same spends; the coinbase pays subsidy + 12,001",
        rules,
        &claiming(txs, subsidy + 12_001),
        "bad-cb-amount",
    );
    cases.ok(
        "cb-amount-less",
        "The coinbase pays nothing: paying less than allowed destroys the rest",
        rules,
        &claiming(vec![], 0),
    );
    let mut b = fx.next();
    b.coinbase_outputs = Some(vec![wallet::pay(subsidy), wallet::pay(1)]);
    cases.reject(
        "cb-amount-split-over",
        "Two coinbase outputs, the subsidy and one satoshi: their sum is what counts",
        rules,
        &fx.build(&b),
        "bad-cb-amount",
    );
}

/// How sigops are counted, shown at the 80,000 boundary: a P2SH scriptSig
/// that is not push-only counts no P2SH sigops (its script then fails),
/// and a witness script's sigops count unexecuted, a `CHECKMULTISIG` not
/// after `OP_1`..`OP_16` as 20.
fn sigop_counting(cases: &mut Cases, fx: &Fixture) {
    let p2sh = fx.funded(&Lock::P2shMultisig);
    let mut not_push_only = wallet::spend_all(&[p2sh], FEE);
    not_push_only.inputs[0]
        .script_sig
        .insert(0, crate::script::opcodes::OP_NOP);
    cases.reject(
        "sigop-cost-p2sh-not-push-only",
        "20,000 legacy sigops (80,000) and the P2SH 2-of-3 spend with an OP_NOP before its \
         pushes: a scriptSig that is not push-only counts no P2SH sigops, so the cost stays \
         80,000 and the script fails instead",
        &["SIGOPS-P2SH", "CONNECT-SCRIPTS"],
        &with_coinbase_output(fx, legacy_sigops(20_000), vec![not_push_only], FEE),
        "block-script-verify-flag-failed (Only push operators allowed in signatures)",
    );
    use crate::script::opcodes::{OP_0, OP_1, OP_CHECKMULTISIG, OP_CHECKSIG, OP_ENDIF, OP_IF};
    let script = vec![
        OP_0,
        OP_IF,
        OP_CHECKMULTISIG,
        OP_CHECKSIG,
        OP_CHECKSIG,
        OP_CHECKSIG,
        OP_ENDIF,
        OP_1,
    ];
    let coin = fx.coinbase(3);
    let value = coin.output.value - FEE;
    let create = wallet::sign(
        wallet::unsigned(
            &[&coin],
            vec![crate::primitives::TxOut {
                value,
                script_pubkey: crate::conformance::spend::witness_v0_script(
                    &crate::primitives::hash::sha256(&script),
                ),
            }],
        ),
        &[&coin],
    );
    let created = OutPoint {
        txid: create.txid(),
        vout: 0,
    };
    let mut spend = spend_outpoint(created);
    spend.outputs[0] = wallet::pay(value - FEE);
    spend.inputs[0].witness.stack = vec![script];
    let block = |legacy: usize| {
        with_coinbase_output(
            fx,
            legacy_sigops(legacy),
            vec![create.clone(), spend.clone()],
            2 * FEE,
        )
    };
    let rules = &["CONNECT-SIGOP-COST", "SIGOPS-WITNESS"];
    cases.ok(
        "sigop-cost-unexecuted-witness-sigops",
        "19,994 legacy sigops (79,976), a P2WPKH spend creating a P2WSH output (1) and its \
         spend by OP_0 OP_IF OP_CHECKMULTISIG OP_CHECKSIG ×3 OP_ENDIF OP_1 (20 + 3, unexecuted): \
         80,000",
        rules,
        &block(19_994),
    );
    cases.reject(
        "sigop-cost-unexecuted-witness-sigops-over",
        "The same with 19,995 legacy sigops: 80,004",
        rules,
        &block(19_995),
        "bad-blk-sigops",
    );
}
