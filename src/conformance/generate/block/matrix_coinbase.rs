//! The block matrix's coinbase questions: payouts split over several
//! outputs (exact and one satoshi over), OP_RETURN and zero-valued outputs,
//! and coinbase scriptSig lengths at their bounds.

use super::wallet::{Lock, MINER_KEY};
use super::{spend_coinbase, Cases, Fixture, FEE};
use crate::primitives::{Transaction, TxOut};
use crate::script::opcodes::{OP_0, OP_RETURN};
use crate::validation::{get_block_subsidy, MAX_MONEY};

/// A P2WPKH output of the miner key.
fn miner(value: i64) -> TxOut {
    TxOut {
        value,
        script_pubkey: Lock::P2wpkh(MINER_KEY).script_pubkey(),
    }
}

/// A script `OP_RETURN <data>`.
fn op_return(data: &[u8]) -> Vec<u8> {
    let mut script = vec![OP_RETURN];
    crate::script::instruction::push_data(&mut script, data);
    script
}

/// Coinbase output shapes: split, OP_RETURN, zero-valued, empty.
pub(super) fn coinbase_outputs(cases: &mut Cases, fx: &Fixture) {
    let subsidy = get_block_subsidy(fx.height() + 1, fx.params());
    let with = |outputs: Vec<TxOut>, txs: Vec<Transaction>| {
        let mut b = fx.next();
        b.coinbase_outputs = Some(outputs);
        b.fees = FEE * txs.len() as i64;
        b.transactions = txs;
        fx.build(&b)
    };
    let rules = &["CONNECT-CB-AMOUNT"];
    let split = |n: i64, total: i64| -> Vec<TxOut> {
        let part = total / n;
        let mut outs: Vec<TxOut> = (0..n - 1).map(|_| miner(part)).collect();
        outs.push(miner(total - part * (n - 1)));
        outs
    };
    for n in [2i64, 3, 5, 10, 50] {
        cases.ok(
            &format!("cb-split-{n}"),
            &format!("The coinbase pays the subsidy over {n} outputs summing to it exactly"),
            rules,
            &with(split(n, subsidy), vec![]),
        );
        cases.reject(
            &format!("cb-split-{n}-over"),
            &format!("The coinbase pays the subsidy plus one satoshi over {n} outputs"),
            rules,
            &with(split(n, subsidy + 1), vec![]),
            "bad-cb-amount",
        );
        let txs = vec![spend_coinbase(fx, 2), spend_coinbase(fx, 3)];
        cases.ok(
            &format!("cb-split-{n}-fees"),
            &format!(
                "Two spends paying 1,000 each; the coinbase pays subsidy + 2,000 over {n} outputs"
            ),
            &["CONNECT-CB-AMOUNT", "CONNECT-FEES-RANGE"],
            &with(split(n, subsidy + 2 * FEE), txs.clone()),
        );
        cases.reject(
            &format!("cb-split-{n}-fees-over"),
            &format!(
                "Two spends paying 1,000 each; the coinbase pays subsidy + 2,001 over {n} outputs"
            ),
            rules,
            &with(split(n, subsidy + 2 * FEE + 1), txs),
            "bad-cb-amount",
        );
    }
    let burn = |value: i64| TxOut {
        value,
        script_pubkey: op_return(b"canon"),
    };
    cases.ok(
        "cb-op-return-zero",
        "The coinbase pays the subsidy and has a zero-value OP_RETURN output",
        rules,
        &with(vec![miner(subsidy), burn(0)], vec![]),
    );
    cases.ok(
        "cb-op-return-valued",
        "The coinbase burns 1 BTC in an OP_RETURN output and pays the rest: the burned value counts toward the claim",
        rules,
        &with(vec![miner(subsidy - 100_000_000), burn(100_000_000)], vec![]),
    );
    cases.reject(
        "cb-op-return-valued-over",
        "The coinbase pays the subsidy and burns one satoshi more in an OP_RETURN output: unspendable value still counts",
        rules,
        &with(vec![miner(subsidy), burn(1)], vec![]),
        "bad-cb-amount",
    );
    cases.ok(
        "cb-op-return-only",
        "The coinbase's only output is an OP_RETURN carrying the whole subsidy",
        rules,
        &with(vec![burn(subsidy)], vec![]),
    );
    cases.ok(
        "cb-op-return-bare",
        "The coinbase pays the subsidy and has a bare zero-value OP_RETURN output (no data)",
        rules,
        &with(
            vec![
                miner(subsidy),
                TxOut {
                    value: 0,
                    script_pubkey: vec![OP_RETURN],
                },
            ],
            vec![],
        ),
    );
    for n in [1usize, 2, 20] {
        let mut outs = vec![miner(subsidy)];
        outs.extend((0..n).map(|_| miner(0)));
        cases.ok(
            &format!("cb-zero-outputs-{n}"),
            &format!("The coinbase pays the subsidy and has {n} more zero-value output(s)"),
            &["CONNECT-CB-AMOUNT", "TX-VOUT-NEGATIVE"],
            &with(outs, vec![]),
        );
    }
    cases.ok(
        "cb-only-zero",
        "The coinbase's only output is worth zero: the whole subsidy is destroyed",
        rules,
        &with(vec![miner(0)], vec![]),
    );
    cases.ok(
        "cb-empty-script",
        "The coinbase pays the subsidy to an empty scriptPubKey",
        rules,
        &with(
            vec![TxOut {
                value: subsidy,
                script_pubkey: Vec::new(),
            }],
            vec![],
        ),
    );
    cases.reject(
        "cb-vout-negative-second",
        "The coinbase pays the subsidy plus 1, and -1 in a second output",
        &["BLK-TX-CHECK", "TX-VOUT-NEGATIVE"],
        &with(vec![miner(subsidy + 1), miner(-1)], vec![]),
        "bad-txns-vout-negative",
    );
    cases.reject(
        "cb-vout-toolarge",
        "The coinbase pays MAX_MONEY + 1",
        &["BLK-TX-CHECK", "TX-VOUT-TOOLARGE"],
        &with(vec![miner(MAX_MONEY + 1)], vec![]),
        "bad-txns-vout-toolarge",
    );
    cases.reject(
        "cb-txouttotal-toolarge",
        "The coinbase pays MAX_MONEY twice",
        &["BLK-TX-CHECK", "TX-TXOUTTOTAL-TOOLARGE"],
        &with(vec![miner(MAX_MONEY), miner(MAX_MONEY)], vec![]),
        "bad-txns-txouttotal-toolarge",
    );
    cases.reject(
        "cb-max-money",
        "The coinbase pays exactly MAX_MONEY: within range, but far above the subsidy",
        &["TX-VOUT-TOOLARGE", "CONNECT-CB-AMOUNT"],
        &with(vec![miner(MAX_MONEY)], vec![]),
        "bad-cb-amount",
    );
    let mut b = fx.next();
    b.coinbase_outputs = Some(Vec::new());
    b.witness_commitment = false;
    cases.reject(
        "cb-vout-empty",
        "The coinbase has no outputs at all (and the block no witness commitment)",
        &["BLK-TX-CHECK", "TX-VOUT-EMPTY"],
        &fx.build(&b),
        "bad-txns-vout-empty",
    );
}

/// The coinbase scriptSig's length, with a spend in the block.
pub(super) fn coinbase_lengths(cases: &mut Cases, fx: &Fixture) {
    let height = fx.height() + 1;
    let with_len = |len: usize| {
        let mut script = crate::validation::coinbase_height_script(height);
        script.resize(len, OP_0);
        let mut b = fx.next();
        b.coinbase_script_sig = Some(script);
        b.transactions = vec![spend_coinbase(fx, 10)];
        b.fees = FEE;
        fx.build(&b)
    };
    let rules = &["BLK-TX-CHECK", "TX-CB-LENGTH"];
    for (len, ok) in [
        (1usize, false),
        (2, true),
        (3, true),
        (99, true),
        (100, true),
        (101, false),
        (150, false),
    ] {
        let id = format!("cb-script-{len}-bytes-with-spend");
        let desc = format!("The coinbase scriptSig is {len} bytes (the height push, zero-padded or cut), a spend following");
        if ok {
            cases.ok(&id, &desc, rules, &with_len(len));
        } else {
            cases.reject(&id, &desc, rules, &with_len(len), "bad-cb-length");
        }
    }
}
