//! Kind `tx-in-context`: a transaction judged as part of a block, each rule
//! at its boundary from both sides. One function per rule family; every
//! case is run through canon as it is written and generation stops if the
//! outcome is not the one intended.
//!
//! Every transaction spends P2WPKH coins of fixed keys, signed for real,
//! so that only the rule under test decides. Coins live at heights near
//! [`HEIGHT`]; the block's parent has median time past [`MTP`].

use super::{generator_name, to_json_text, GeneratedFile};
use crate::chain::{TestKey, TxBuilder, Unlock};
use crate::conformance::engine::Answer;
use crate::conformance::tx_context_vectors::{
    canon_answer, request, CoinJson, ContextExpect, TxContextCase, TxContextFile,
};
use crate::encoding::Encode;
use crate::primitives::{OutPoint, Transaction, TxOut, Txid};
use crate::validation::finality::{LOCKTIME_THRESHOLD, SEQUENCE_FINAL};
use crate::validation::sequence_locks::{
    SEQUENCE_LOCKTIME_DISABLE_FLAG, SEQUENCE_LOCKTIME_GRANULARITY, SEQUENCE_LOCKTIME_TYPE_FLAG,
};
use crate::validation::{COIN, COINBASE_MATURITY, MAX_MONEY};

/// The height of the block holding the transaction, by default.
const HEIGHT: u32 = 1_000;
/// The median time past of that block's parent, by default.
const MTP: i64 = 1_700_000_000;
/// The flags of a block with every deployment active.
const ALL: &str = "P2SH,DERSIG,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,NULLDUMMY,TAPROOT";
/// The flags of a block before CSV: BIP-0068 is not enforced.
const BEFORE_CSV: &str = "P2SH,DERSIG,CHECKLOCKTIMEVERIFY";
/// A script failure's reason for a P2WPKH input whose signature fails.
const EVAL_FALSE: &str = "block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)";

/// The family's files.
pub fn files() -> Vec<GeneratedFile> {
    let mut cases = finality();
    cases.extend(inputs());
    cases.extend(maturity());
    cases.extend(values());
    cases.extend(sequence_locks());
    cases.extend(scripts());
    let contents = to_json_text(&TxContextFile {
        kind: "tx-in-context".into(),
        generator: generator_name("tx-in-context"),
        description: "A non-coinbase transaction in a block's context: finality, the coins it spends (existence, maturity, values), BIP-0068 relative locks and its scripts under the block's flags".into(),
        cases,
    });
    vec![GeneratedFile {
        path: "tx-in-context/rules.json".into(),
        contents,
    }]
}

/// A coin: `value` locked to key `n`'s P2WPKH, created at `height`.
#[derive(Debug, Clone, Copy)]
struct Coin {
    key: u32,
    value: i64,
    height: u32,
    coinbase: bool,
    mtp_before: Option<i64>,
}

impl Coin {
    fn at(key: u32, height: u32) -> Coin {
        Coin {
            key,
            value: 50 * COIN,
            height,
            coinbase: false,
            mtp_before: None,
        }
    }

    fn outpoint(self) -> OutPoint {
        OutPoint {
            txid: Txid([self.key as u8; 32]),
            vout: self.key,
        }
    }

    fn output(self) -> TxOut {
        TxOut {
            value: self.value,
            script_pubkey: TestKey::new(self.key).p2wpkh(),
        }
    }

    fn json(self) -> CoinJson {
        CoinJson {
            value: self.value,
            script_pubkey: hex::encode(self.output().script_pubkey),
            height: self.height,
            coinbase: self.coinbase,
            mtp_before: self.mtp_before,
        }
    }
}

/// A transaction spending `coins` (each signed with its key) to one output
/// of `pay` satoshis; `tune` sets version, lock time and sequences.
fn spend(coins: &[Coin], pay: i64, tune: impl Fn(TxBuilder) -> TxBuilder) -> Transaction {
    let mut builder = TxBuilder::new();
    for coin in coins {
        builder = builder.input(
            coin.outpoint(),
            coin.output(),
            Unlock::P2wpkh(TestKey::new(coin.key)),
        );
    }
    tune(builder.output(pay, TestKey::new(99).p2wpkh())).build()
}

/// Where the transaction is judged.
#[derive(Debug, Clone, Copy)]
struct At {
    height: u32,
    mtp: i64,
    flags: &'static str,
}

const DEFAULT: At = At {
    height: HEIGHT,
    mtp: MTP,
    flags: ALL,
};

/// One case; canon must answer `intent` (`Ok(())` or the reason).
fn case(
    id: &str,
    description: &str,
    rules: &[&str],
    tx: &Transaction,
    spent: Vec<Option<Coin>>,
    at: At,
    intent: Result<(), &str>,
) -> TxContextCase {
    let case = TxContextCase {
        id: format!("tx-in-context-{id}"),
        description: description.into(),
        rules: rules.iter().map(|r| (*r).to_string()).collect(),
        tx: hex::encode(tx.to_bytes()),
        spent: spent.iter().map(|coin| coin.map(Coin::json)).collect(),
        height: at.height,
        mtp: at.mtp,
        flags: at.flags.into(),
        expect: match intent {
            Ok(()) => ContextExpect {
                result: "ok".into(),
                reason: None,
            },
            Err(reason) => ContextExpect {
                result: "reject".into(),
                reason: Some(reason.into()),
            },
        },
    };
    let answer = canon_answer(&request(&case).expect("the case is well formed"));
    let agrees = match (&answer, intent) {
        (Answer::Ok(_), Ok(())) => true,
        (Answer::Reject(Some(reason)), Err(want)) => reason.token == want,
        _ => false,
    };
    assert!(
        agrees,
        "{}: intended {intent:?}, canon says {}",
        case.id,
        answer.token()
    );
    case
}

/// One coin of key 1 at height 500, spent whole but 1,000 satoshis.
fn one_coin() -> Coin {
    Coin::at(1, 500)
}

/// `CTX-FINAL`: a lock time below the block's height (or below the
/// parent's median time past) is final; equal is not, unless every input's
/// sequence is final.
fn finality() -> Vec<TxContextCase> {
    let coin = one_coin();
    let pay = coin.value - 1_000;
    let non_final = |lock_time: u32| {
        spend(&[coin], pay, move |b| {
            b.lock_time(lock_time).sequence(SEQUENCE_FINAL - 1)
        })
    };
    let final_seq = |lock_time: u32| spend(&[coin], pay, move |b| b.lock_time(lock_time));
    let mtp = MTP as u32;
    let rules = &["CTX-FINAL"];
    let nonfinal = Err("bad-txns-nonfinal");
    vec![
        case(
            "final-height-below",
            "lock time = height − 1: final",
            rules,
            &non_final(HEIGHT - 1),
            vec![Some(coin)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "final-height-equal",
            "lock time = height: not final",
            rules,
            &non_final(HEIGHT),
            vec![Some(coin)],
            DEFAULT,
            nonfinal,
        ),
        case(
            "final-height-above",
            "lock time = height + 1: not final",
            rules,
            &non_final(HEIGHT + 1),
            vec![Some(coin)],
            DEFAULT,
            nonfinal,
        ),
        case(
            "final-height-threshold",
            "lock time 499,999,999 is still a height: not final",
            rules,
            &non_final(LOCKTIME_THRESHOLD - 1),
            vec![Some(coin)],
            DEFAULT,
            nonfinal,
        ),
        case(
            "final-time-below",
            "lock time = parent's MTP − 1: final (BIP-0113)",
            rules,
            &non_final(mtp - 1),
            vec![Some(coin)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "final-time-equal",
            "lock time = parent's MTP: not final (BIP-0113)",
            rules,
            &non_final(mtp),
            vec![Some(coin)],
            DEFAULT,
            nonfinal,
        ),
        case(
            "final-time-threshold",
            "lock time 500,000,000 is a time, long past: final",
            rules,
            &non_final(LOCKTIME_THRESHOLD),
            vec![Some(coin)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "final-sequence-height",
            "lock time = height + 1 but every sequence final: final",
            rules,
            &final_seq(HEIGHT + 1),
            vec![Some(coin)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "final-sequence-time",
            "lock time far in the future but every sequence final: final",
            rules,
            &final_seq(u32::MAX),
            vec![Some(coin)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "final-zero",
            "lock time 0 with a non-final sequence: final",
            rules,
            &non_final(0),
            vec![Some(coin)],
            DEFAULT,
            Ok(()),
        ),
    ]
}

/// `TX-INPUTS-MISSING`: every input's coin must exist.
fn inputs() -> Vec<TxContextCase> {
    let (a, b) = (Coin::at(1, 500), Coin::at(2, 600));
    let tx = spend(&[a, b], a.value + b.value - 1_000, |b| b);
    let missing = Err("bad-txns-inputs-missingorspent");
    let rules = &["TX-INPUTS-MISSING", "CONNECT-TX-INPUTS"];
    let duplicate = spend(&[a, a], a.value - 1_000, |b| b);
    vec![
        case("inputs-present", "both coins exist", rules, &tx, vec![Some(a), Some(b)], DEFAULT, Ok(())),
        case("inputs-missing-first", "the first input's coin does not exist", rules, &tx, vec![None, Some(b)], DEFAULT, missing),
        case("inputs-missing-second", "the second input's coin does not exist", rules, &tx, vec![Some(a), None], DEFAULT, missing),
        case("inputs-missing-all", "no coin exists", rules, &tx, vec![None, None], DEFAULT, missing),
        case("inputs-duplicate", "CVE-2018-17144: one coin spent twice by one transaction; refused before the coins are looked at", &["TX-INPUTS-DUPLICATE"], &duplicate, vec![Some(a), Some(a)], DEFAULT, Err("bad-txns-inputs-duplicate")),
    ]
}

/// `TX-COINBASE-MATURITY`: a coinbase's coin is spendable 100 blocks on.
fn maturity() -> Vec<TxContextCase> {
    let mut cases = Vec::new();
    let rules = &["TX-COINBASE-MATURITY", "CONNECT-TX-INPUTS"];
    for created in [1, 500, 999 - COINBASE_MATURITY] {
        let coin = Coin {
            coinbase: true,
            ..Coin::at(3, created)
        };
        let tx = spend(&[coin], coin.value - 1_000, |b| b);
        let mature = created + COINBASE_MATURITY;
        let at = |height| At { height, ..DEFAULT };
        cases.push(case(
            &format!("maturity-{created}-exact"),
            &format!(
                "a coinbase coin of height {created} spent at {mature}: 100 confirmations, mature"
            ),
            rules,
            &tx,
            vec![Some(coin)],
            at(mature),
            Ok(()),
        ));
        cases.push(case(
            &format!("maturity-{created}-early"),
            &format!(
                "a coinbase coin of height {created} spent at {}: one block early",
                mature - 1
            ),
            rules,
            &tx,
            vec![Some(coin)],
            at(mature - 1),
            Err("bad-txns-premature-spend-of-coinbase"),
        ));
        let plain = Coin {
            coinbase: false,
            ..coin
        };
        cases.push(case(
            &format!("maturity-{created}-not-coinbase"),
            "the same coin not from a coinbase, spent the next block",
            &["TX-COINBASE-MATURITY"],
            &tx,
            vec![Some(plain)],
            at(created + 1),
            Ok(()),
        ));
    }
    cases
}

/// `TX-INPUT-VALUES`, `TX-IN-BELOW-OUT`: coin values within the money
/// range, and the inputs worth at least the outputs.
fn values() -> Vec<TxContextCase> {
    let coin = |key, value| Coin {
        value,
        ..Coin::at(key, 500)
    };
    let max = coin(4, MAX_MONEY);
    let over = coin(4, MAX_MONEY + 1);
    let negative = coin(4, -1);
    let half = coin(5, MAX_MONEY / 2 + 1);
    let other_half = coin(6, MAX_MONEY / 2 + 1);
    let range = &["TX-INPUT-VALUES", "CONNECT-TX-INPUTS"];
    let out_of_range = Err("bad-txns-inputvalues-outofrange");
    let below = &["TX-IN-BELOW-OUT", "CONNECT-TX-INPUTS"];
    let in_range = &["TX-IN-BELOW-OUT", "TX-FEE-RANGE", "CONNECT-TX-INPUTS"];
    let exact = coin(7, 10 * COIN);
    vec![
        case(
            "values-max-money",
            "a coin worth exactly MAX_MONEY",
            range,
            &spend(&[max], MAX_MONEY, |b| b),
            vec![Some(max)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "values-over-max-money",
            "a coin worth MAX_MONEY + 1 (its output was signed for that value)",
            range,
            &spend(&[over], 1_000, |b| b),
            vec![Some(over)],
            DEFAULT,
            out_of_range,
        ),
        case(
            "values-negative",
            "a coin worth −1",
            range,
            &spend(&[negative], 0, |b| b),
            vec![Some(negative)],
            DEFAULT,
            out_of_range,
        ),
        case(
            "values-sum-over",
            "two coins each within range whose sum exceeds MAX_MONEY",
            range,
            &spend(&[half, other_half], 1_000, |b| b),
            vec![Some(half), Some(other_half)],
            DEFAULT,
            out_of_range,
        ),
        case(
            "values-fee-zero",
            "outputs equal to inputs: fee 0",
            in_range,
            &spend(&[exact], exact.value, |b| b),
            vec![Some(exact)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "values-fee-one",
            "outputs one satoshi below inputs",
            in_range,
            &spend(&[exact], exact.value - 1, |b| b),
            vec![Some(exact)],
            DEFAULT,
            Ok(()),
        ),
        case(
            "values-in-below-out",
            "outputs one satoshi above inputs",
            below,
            &spend(&[exact], exact.value + 1, |b| b),
            vec![Some(exact)],
            DEFAULT,
            Err("bad-txns-in-belowout"),
        ),
        case(
            "values-in-below-out-two",
            "two inputs, outputs one satoshi above their sum",
            below,
            &spend(&[exact, coin(8, COIN)], exact.value + COIN + 1, |b| b),
            vec![Some(exact), Some(coin(8, COIN))],
            DEFAULT,
            Err("bad-txns-in-belowout"),
        ),
    ]
}

/// `CONNECT-SEQUENCE-LOCKS`: BIP-0068 relative locks by height and by time,
/// each at the first block that satisfies it and the one before.
fn sequence_locks() -> Vec<TxContextCase> {
    let mut cases = Vec::new();
    let rules = &["CONNECT-SEQUENCE-LOCKS"];
    let nonfinal = Err("bad-txns-nonfinal");
    for blocks in [1u32, 10, 0xffff] {
        let coin = Coin::at(9, 100);
        let tx = spend(&[coin], coin.value - 1_000, move |b| b.sequence(blocks));
        let first = coin.height + blocks;
        let at = |height| At { height, ..DEFAULT };
        cases.push(case(
            &format!("csv-height-{blocks}-met"),
            &format!("a {blocks}-block lock on a coin of height 100, at height {first}"),
            rules,
            &tx,
            vec![Some(coin)],
            at(first),
            Ok(()),
        ));
        cases.push(case(
            &format!("csv-height-{blocks}-early"),
            &format!("a {blocks}-block lock, one block early"),
            rules,
            &tx,
            vec![Some(coin)],
            at(first - 1),
            nonfinal,
        ));
        let v1 = spend(&[coin], coin.value - 1_000, move |b| {
            b.version(1).sequence(blocks)
        });
        cases.push(case(
            &format!("csv-height-{blocks}-version-1"),
            "the same lock one block early in a version 1 transaction: BIP-0068 does not apply",
            rules,
            &v1,
            vec![Some(coin)],
            at(first - 1),
            Ok(()),
        ));
        let disabled = spend(&[coin], coin.value - 1_000, move |b| {
            b.sequence(blocks | SEQUENCE_LOCKTIME_DISABLE_FLAG)
        });
        cases.push(case(
            &format!("csv-height-{blocks}-disabled"),
            "the same lock with the disable flag (bit 31), one block early",
            rules,
            &disabled,
            vec![Some(coin)],
            at(first - 1),
            Ok(()),
        ));
        cases.push(case(
            &format!("csv-height-{blocks}-before-csv"),
            "one block early in a block before CSV: not enforced",
            rules,
            &tx,
            vec![Some(coin)],
            At {
                height: first - 1,
                mtp: MTP,
                flags: BEFORE_CSV,
            },
            Ok(()),
        ));
    }
    for units in [1u32, 100, 0xffff] {
        let coin_mtp = MTP - (1 << 26);
        let coin = Coin {
            mtp_before: Some(coin_mtp),
            ..Coin::at(10, 100)
        };
        let sequence = SEQUENCE_LOCKTIME_TYPE_FLAG | units;
        let tx = spend(&[coin], coin.value - 1_000, move |b| b.sequence(sequence));
        let expiry = coin_mtp + (i64::from(units) << SEQUENCE_LOCKTIME_GRANULARITY);
        let at = |mtp| At { mtp, ..DEFAULT };
        cases.push(case(
            &format!("csv-time-{units}-met"),
            &format!(
                "a lock of {units} × 512 s: the parent's MTP is the coin's base plus exactly that"
            ),
            rules,
            &tx,
            vec![Some(coin)],
            at(expiry),
            Ok(()),
        ));
        cases.push(case(
            &format!("csv-time-{units}-early"),
            &format!("a lock of {units} × 512 s, one second early"),
            rules,
            &tx,
            vec![Some(coin)],
            at(expiry - 1),
            nonfinal,
        ));
        let ignored = spend(&[coin], coin.value - 1_000, move |b| {
            b.sequence(sequence | 0x00ff_0000 & !SEQUENCE_LOCKTIME_TYPE_FLAG)
        });
        cases.push(case(
            &format!("csv-time-{units}-high-bits"),
            "bits 16-21 and 23 carry no meaning: the same time lock with them set",
            rules,
            &ignored,
            vec![Some(coin)],
            at(expiry - 1),
            nonfinal,
        ));
    }
    let (by_height, by_time) = (
        Coin::at(11, 900),
        Coin {
            mtp_before: Some(MTP - 1_024),
            ..Coin::at(12, 100)
        },
    );
    let resigned = TxBuilder::new()
        .input(
            by_height.outpoint(),
            by_height.output(),
            Unlock::P2wpkh(TestKey::new(11)),
        )
        .sequence(50)
        .input(
            by_time.outpoint(),
            by_time.output(),
            Unlock::P2wpkh(TestKey::new(12)),
        )
        .sequence(SEQUENCE_LOCKTIME_TYPE_FLAG | 2)
        .output(
            by_height.value + by_time.value - 1_000,
            TestKey::new(99).p2wpkh(),
        )
        .build();
    cases.push(case(
        "csv-two-inputs-height-binds",
        "two inputs: a 50-block lock from height 900 binds, the 2 × 512 s lock has expired",
        rules,
        &resigned,
        vec![Some(by_height), Some(by_time)],
        At {
            height: 949,
            ..DEFAULT
        },
        nonfinal,
    ));
    cases.push(case(
        "csv-two-inputs-met",
        "the same at height 950: both locks met",
        rules,
        &resigned,
        vec![Some(by_height), Some(by_time)],
        At {
            height: 950,
            ..DEFAULT
        },
        Ok(()),
    ));
    cases
}

/// `CONNECT-SCRIPTS`: every input's scripts under the block's flags, with
/// Core's reason.
fn scripts() -> Vec<TxContextCase> {
    let coin = Coin::at(13, 500);
    let tx = spend(&[coin], coin.value - 1_000, |b| b);
    let rules = &["CONNECT-SCRIPTS"];
    let other_value = Coin {
        value: coin.value + 1,
        ..coin
    };
    let other_key = Coin { key: 14, ..coin };
    let mut unsigned = tx.clone();
    unsigned.inputs[0].witness = Default::default();
    vec![
        case("scripts-p2wpkh", "a P2WPKH spend signed over the coin's value", rules, &tx, vec![Some(coin)], DEFAULT, Ok(())),
        case("scripts-wrong-amount", "the same signature, the coin worth one satoshi more: BIP-0143 commits to the amount", rules, &tx, vec![Some(other_value)], DEFAULT, Err(EVAL_FALSE)),
        case("scripts-wrong-key", "the coin locked to another key: the key hash check (OP_EQUALVERIFY of the P2WPKH script) fails", rules, &tx, vec![Some(Coin { key: 14, ..other_key })], DEFAULT, Err("block-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)")),
        case("scripts-no-witness", "the witness removed: a P2WPKH witness must have exactly two items (Core reports it as a program mismatch)", rules, &unsigned, vec![Some(coin)], DEFAULT, Err("block-script-verify-flag-failed (Witness program hash mismatch)")),
        case("scripts-no-witness-before-segwit", "the witness removed, in a block before segwit: the output is anyone-can-spend", rules, &unsigned, vec![Some(coin)], At { flags: BEFORE_CSV, ..DEFAULT }, Ok(())),
    ]
}
