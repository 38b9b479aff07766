//! Invalid blocks and their descendants (`CHAIN-INVALID-PREV`,
//! `CHAIN-DUPLICATE-INVALID`): a block breaking a rule found at
//! `contextual_check_block` or only when connected is marked invalid, and
//! so are its known descendants. Core: `InvalidBlockFound`,
//! `InvalidChainFound`, `SetBlockFailureFlags`, `AcceptBlockHeader`.

use super::{branch, builder, At};
use crate::chain::{phantom_coin, BlockBuilder, TxBuilder, Unlock};
use crate::conformance::chain_vectors::ChainCase;
use crate::conformance::generate::scenario::{Intent, Scenario};
use crate::script::opcodes::OP_1;

const HEADER: &[&str] = &["CHAIN-ACCEPT-HEADER"];
const SEQUENCE: &[&str] = &["CHAIN-ACCEPT-BLOCK", "CHAIN-SEQUENCE"];
const INVALID_PREV: &[&str] = &["CHAIN-INVALID-PREV"];
const DUPLICATE_INVALID: &[&str] = &["CHAIN-DUPLICATE-INVALID"];

/// The scenarios.
pub fn cases() -> Vec<ChainCase> {
    [Breach::NonFinal, Breach::MissingCoin, Breach::Unbalanced]
        .into_iter()
        .map(invalid_descendants)
        .collect()
}

/// Ways a block can break a rule, found at different stages.
#[derive(Debug, Clone, Copy)]
enum Breach {
    /// A transaction not final at the block's height: `contextual_check_block`.
    NonFinal,
    /// A spend of a coin that does not exist: found when connected.
    MissingCoin,
    /// The coinbase pays one satoshi too much: found when connected.
    Unbalanced,
}

impl Breach {
    fn name(self) -> &'static str {
        match self {
            Breach::NonFinal => "nonfinal",
            Breach::MissingCoin => "missing-coin",
            Breach::Unbalanced => "cb-amount",
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Breach::NonFinal => "bad-txns-nonfinal",
            Breach::MissingCoin => "bad-txns-inputs-missingorspent",
            Breach::Unbalanced => "bad-cb-amount",
        }
    }

    fn rules(self) -> &'static [&'static str] {
        match self {
            Breach::NonFinal => &["CTX-FINAL"],
            Breach::MissingCoin => &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"],
            Breach::Unbalanced => &["CONNECT-CB-AMOUNT"],
        }
    }

    /// A builder after `at` whose block breaks the rule.
    fn block(self, s: &Scenario, at: At) -> BlockBuilder {
        let mut b = builder(s, at, 9);
        let raw = Unlock::empty;
        let (coin, spent) = phantom_coin(0x33);
        match self {
            Breach::NonFinal => {
                let tx = TxBuilder::new()
                    .lock_time(b.height)
                    .input(coin, spent, raw())
                    .sequence(0)
                    .output(1, vec![OP_1])
                    .build();
                b.add(tx, 0);
            }
            Breach::MissingCoin => {
                let tx = TxBuilder::new()
                    .input(coin, spent, raw())
                    .output(1, vec![OP_1])
                    .build();
                b.add(tx, 0);
            }
            Breach::Unbalanced => b.fees = 1,
        }
        b
    }
}

/// A block breaking a rule, on a chain of two: its known descendants and
/// any new child are refused, and a valid sibling continues the chain.
fn invalid_descendants(kind: Breach) -> ChainCase {
    let mut s = Scenario::new(
        &format!("accept-invalid-descendants-{}", kind.name()),
        &format!(
            "Headers 3 to 5 are known before block 3 is found invalid ({}): blocks 4 and 5 are \
             then refused as duplicate-invalid, a new child of 5 as bad-prevblk; a valid block 3 \
             and its child connect",
            kind.reason()
        ),
    );
    s.mine_empty(2);
    let bad = kind.block(&s, At::tip(&s)).build(s.params());
    let rest = branch(&s, At::of(&bad, 3), 3, 9);
    s.header(&bad.header, "header 3", HEADER, Intent::Accepted);
    s.header(&rest[0].header, "header 4", HEADER, Intent::Accepted);
    s.header(&rest[1].header, "header 5", HEADER, Intent::Accepted);
    s.block(
        &rest[0],
        "block 4: stored, its parent's data missing",
        SEQUENCE,
        Intent::Accepted,
    );
    s.block(
        &bad,
        "block 3 breaks the rule",
        kind.rules(),
        Intent::Rejected(kind.reason()),
    );
    s.block(
        &rest[1],
        "block 5, a descendant",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    s.header(
        &rest[0].header,
        "header 4, a descendant",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    s.block(
        &rest[2],
        "block 6, new, on block 5",
        INVALID_PREV,
        Intent::Rejected("bad-prevblk"),
    );
    let good = s.mine(&s.next_block(), "a valid block 3", kind.rules());
    s.mine(
        &builder(&s, At::of(&good, 3), 0),
        "its child",
        &["CHAIN-INVALID-PREV", "CHAIN-ACCEPT-BLOCK"],
    );
    s.into_case()
}
