//! The subsidy halving (`SUBSIDY-HALVING`) seen through the coinbase
//! amount (`CONNECT-CB-AMOUNT`): regtest halves every 150 blocks, so the
//! block at height 149 may claim 50 BTC and the block at 150 only 25.

use super::wallet::{self};
use super::{block_file, spend_coinbase, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::validation::COIN;

/// `vectors/block/subsidy.json`.
pub fn file() -> GeneratedFile {
    let before = Fixture::new("tip-148", 148);
    let at = Fixture::new("tip-149", 149);
    let mut cases = Cases::new(&before);
    let rules = &["SUBSIDY-HALVING", "CONNECT-CB-AMOUNT"];
    let claim = |fx: &Fixture, value: i64, with_fee: bool| {
        let mut b = fx.next();
        if with_fee {
            b.add(spend_coinbase(fx, 3), FEE);
        }
        b.coinbase_outputs = Some(vec![wallet::pay(value)]);
        fx.build(&b)
    };
    cases.ok(
        "subsidy-149-full",
        "Height 149, the last block of the first era, claims 50 BTC",
        rules,
        &claim(&before, 50 * COIN, false),
    );
    cases.reject(
        "subsidy-149-over",
        "Height 149 claims 50 BTC and one satoshi",
        rules,
        &claim(&before, 50 * COIN + 1, false),
        "bad-cb-amount",
    );
    let mut cases_at = Cases::new(&at);
    cases_at.ok(
        "subsidy-150-halved",
        "Height 150, the first block of the second era, claims 25 BTC",
        rules,
        &claim(&at, 25 * COIN, false),
    );
    cases_at.reject(
        "subsidy-150-over",
        "Height 150 claims 25 BTC and one satoshi",
        rules,
        &claim(&at, 25 * COIN + 1, false),
        "bad-cb-amount",
    );
    cases_at.reject(
        "subsidy-150-old-subsidy",
        "Height 150 claims the first era's 50 BTC",
        rules,
        &claim(&at, 50 * COIN, false),
        "bad-cb-amount",
    );
    cases_at.ok(
        "subsidy-150-with-fees",
        "Height 150 claims 25 BTC plus the fees of its one spend",
        rules,
        &claim(&at, 25 * COIN + FEE, true),
    );
    cases_at.reject(
        "subsidy-150-with-fees-over",
        "Height 150 claims 25 BTC plus the fees and one satoshi",
        rules,
        &claim(&at, 25 * COIN + FEE + 1, true),
        "bad-cb-amount",
    );
    let mut all = cases.cases;
    all.extend(cases_at.cases);
    block_file(
        "block/subsidy.json",
        "The subsidy halving on regtest (every 150 blocks), at heights 149 and 150",
        &[&before, &at],
        all,
    )
}
