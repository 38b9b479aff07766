//! Choosing the best chain (`CHAIN-BEST`, `CHAIN-REORG`, `DISCONNECT-UNDO`,
//! `UTXO-HASH`): equal work keeps the first seen tip, more work wins, a
//! reorganisation that fails half-way goes back. After each
//! reorganisation the generator checks that the UTXO set equals the one
//! built by connecting the winning chain directly. Core: `ActivateBestChain`,
//! `FindMostWorkChain`, `ConnectTip`, `DisconnectTip`.

use super::{assert_utxo_of, branch, builder, spend, spend_coinbase, At};
use crate::chain::output_of;
use crate::chain::{phantom_coin, TxBuilder, Unlock};
use crate::conformance::chain_vectors::ChainCase;
use crate::conformance::generate::scenario::{Intent, Scenario};
use crate::primitives::Block;
use crate::script::opcodes::OP_1;

const BEST: &[&str] = &["CHAIN-BEST"];
const REORG: &[&str] = &["CHAIN-BEST", "CHAIN-REORG", "DISCONNECT-UNDO", "UTXO-HASH"];

/// The scenarios.
pub fn cases() -> Vec<ChainCase> {
    let mut cases = Vec::new();
    for n in [1, 2, 3] {
        cases.push(equal_work(n));
    }
    for depth in [1, 2, 3, 4, 5, 6, 8, 10] {
        cases.push(reorg(depth, 0));
    }
    for depth in [1, 3] {
        cases.push(reorg(depth, 2));
    }
    cases.push(reorg(2, 5));
    cases.push(back_and_forth());
    for depth in [1, 2, 4, 6] {
        cases.push(headers_first_reorg(depth));
    }
    cases.push(side_blocks_reversed());
    cases.push(two_side_branches());
    for failing in 1..=3 {
        cases.push(failed_reorg(failing, false));
        cases.push(failed_reorg(failing, true));
    }
    cases.push(failed_reorg_to_equal_work());
    cases.push(invalid_side_block_at_the_front());
    cases.push(reorg_with_spends());
    cases
}

/// Feeds `blocks` (setup, must be accepted) with no rules.
fn feed_all(s: &mut Scenario, blocks: &[Block]) {
    for block in blocks {
        s.block(block, "", &[], Intent::Accepted);
    }
}

/// A side chain of equal work never replaces the tip.
fn equal_work(n: usize) -> ChainCase {
    let mut s = Scenario::new(
        &format!("best-equal-work-{n}"),
        &format!("A side chain of {n} blocks from genesis, as long as the active one: the first seen tip stays"),
    );
    let main = s.mine_empty(n);
    let side = branch(&s, At::genesis(), n, 1);
    for (i, block) in side.iter().enumerate() {
        s.block(
            block,
            &format!("side block {}: the tip stays", i + 1),
            BEST,
            Intent::Accepted,
        );
    }
    assert_eq!(s.chain().tip().hash, main[n - 1].block_hash());
    s.into_case()
}

/// A side chain forking `common` blocks above genesis overtakes an active
/// chain `depth` blocks above the fork.
fn reorg(depth: usize, common: usize) -> ChainCase {
    let id = if common == 0 {
        format!("reorg-depth-{depth}")
    } else {
        format!("reorg-depth-{depth}-above-{common}")
    };
    let mut s = Scenario::new(
        &id,
        &format!(
            "After {common} shared blocks the active chain grows {depth} more; a side chain from \
             the fork point takes over with its block {}: {depth} blocks disconnected, {} connected",
            depth + 1,
            depth + 1
        ),
    );
    let shared = s.mine_empty(common);
    let fork = At::tip(&s);
    s.mine_empty(depth);
    let side = branch(&s, fork, depth + 1, 1);
    for (i, block) in side.iter().enumerate().take(depth) {
        s.block(
            block,
            &format!("side block {}: not more work", i + 1),
            BEST,
            Intent::Accepted,
        );
    }
    s.block(
        &side[depth],
        "the side chain has more work: reorganisation",
        REORG,
        Intent::Accepted,
    );
    assert_utxo_of(&s, &[shared, side].concat());
    s.into_case()
}

/// The chain switches to a side chain, then back when the first grows.
fn back_and_forth() -> ChainCase {
    let mut s = Scenario::new(
        "reorg-back-and-forth",
        "Active chain A of 2 blocks; side chain B of 3 takes over; A grows to 4 and takes back",
    );
    let a = s.mine_empty(2);
    let b = branch(&s, At::genesis(), 3, 1);
    feed_all(&mut s, &b[..2]);
    s.block(&b[2], "B3: B has more work", REORG, Intent::Accepted);
    assert_utxo_of(&s, &b);
    let a_more = branch(&s, At::of(&a[1], 2), 2, 0);
    s.block(
        &a_more[0],
        "A3: equal work, B stays",
        BEST,
        Intent::Accepted,
    );
    s.block(
        &a_more[1],
        "A4: A has more work again",
        REORG,
        Intent::Accepted,
    );
    assert_utxo_of(&s, &[a, a_more].concat());
    s.into_case()
}

/// A side chain's headers first (they do not move the tip), then its blocks.
fn headers_first_reorg(depth: usize) -> ChainCase {
    let mut s = Scenario::new(
        &format!("reorg-headers-first-{depth}"),
        &format!(
            "Active chain of {depth}; the headers of a side chain of {} arrive first and leave \
             the tip alone; its blocks then arrive and the last takes over",
            depth + 1
        ),
    );
    s.mine_empty(depth);
    let side = branch(&s, At::genesis(), depth + 1, 1);
    for block in &side {
        s.header(
            &block.header,
            "a side header: headers alone never move the tip",
            &["CHAIN-ACCEPT-HEADER"],
            Intent::Accepted,
        );
    }
    for (i, block) in side.iter().enumerate() {
        let last = i == depth;
        let rules = if last { REORG } else { BEST };
        s.block(
            block,
            &format!("side block {}", i + 1),
            rules,
            Intent::Accepted,
        );
    }
    assert_utxo_of(&s, &side);
    s.into_case()
}

/// A side chain's blocks arrive last to first, after its headers.
fn side_blocks_reversed() -> ChainCase {
    let mut s = Scenario::new(
        "reorg-side-blocks-reversed",
        "Active chain of 2; a side chain of 3 whose headers are known arrives block 3 first: \
         nothing connects until side block 1 arrives, then the whole side chain takes over",
    );
    s.mine_empty(2);
    let side = branch(&s, At::genesis(), 3, 1);
    for block in &side {
        s.header(&block.header, "", &[], Intent::Accepted);
    }
    s.block(
        &side[2],
        "side block 3: stored",
        &["CHAIN-SEQUENCE"],
        Intent::Accepted,
    );
    s.block(
        &side[1],
        "side block 2: stored",
        &["CHAIN-SEQUENCE"],
        Intent::Accepted,
    );
    s.block(
        &side[0],
        "side block 1: the side chain is complete and takes over",
        &[
            "CHAIN-SEQUENCE",
            "CHAIN-REORG",
            "DISCONNECT-UNDO",
            "UTXO-HASH",
        ],
        Intent::Accepted,
    );
    assert_utxo_of(&s, &side);
    s.into_case()
}

/// Two side branches: the one with more work wins.
fn two_side_branches() -> ChainCase {
    let mut s = Scenario::new(
        "reorg-two-side-branches",
        "Active chain A of 2; side branches B (3 blocks) and C (4 blocks) from block 1: \
         B takes over, then C",
    );
    let a = s.mine_empty(2);
    let fork = At::of(&a[0], 1);
    let b = branch(&s, fork, 2, 2);
    let c = branch(&s, fork, 3, 3);
    s.block(&b[0], "B2: equal work", BEST, Intent::Accepted);
    s.block(&c[0], "C2: equal work", BEST, Intent::Accepted);
    s.block(&b[1], "B3: B wins", REORG, Intent::Accepted);
    s.block(
        &c[1],
        "C3: equal work with B, B stays",
        BEST,
        Intent::Accepted,
    );
    s.block(&c[2], "C4: C wins", REORG, Intent::Accepted);
    assert_utxo_of(&s, &[&a[..1], &c[..]].concat());
    s.into_case()
}

/// A transaction spending a coin that does not exist: valid in itself,
/// invalid when connected.
fn missing_coin_spend() -> crate::primitives::Transaction {
    let (coin, spent) = phantom_coin(0x5a);
    TxBuilder::new()
        .input(coin, spent, Unlock::empty())
        .output(1, vec![OP_1])
        .build()
}

/// A side chain whose block `failing` (1-based) spends a missing coin: the
/// reorganisation stops there and goes back; a valid branch then wins.
fn failed_reorg(failing: usize, overpays: bool) -> ChainCase {
    let (name, breach) = if overpays {
        ("cb-amount", "overpays its coinbase")
    } else {
        ("missing-coin", "spends a missing coin")
    };
    let mut s = Scenario::new(
        &format!("reorg-fails-at-side-block-{failing}-{name}"),
        &format!(
            "Active chain of 3; a side chain of 4 whose block {failing} {breach}: \
             the reorganisation fails there and the tip goes back to the active chain's; the \
             failed block's descendants are refused; then a valid side chain of 4 wins"
        ),
    );
    let main = s.mine_empty(3);
    let mut side = Vec::new();
    let mut at = At::genesis();
    for i in 1..=5 {
        let mut b = builder(&s, at, 1);
        if i == failing && overpays {
            b.fees = 1;
        } else if i == failing {
            b.add(missing_coin_spend(), 0);
        }
        let block = b.build(s.params());
        at = At::of(&block, i as u32);
        side.push(block);
    }
    for (i, block) in side.iter().enumerate().take(3) {
        s.block(
            block,
            &format!("side block {}: not more work", i + 1),
            BEST,
            Intent::Accepted,
        );
    }
    s.block(
        &side[3],
        "side block 4: more work; connecting its chain fails at the bad block, and the \
         chain goes back to the old tip",
        &["CHAIN-REORG", "DISCONNECT-UNDO", "UTXO-HASH"],
        Intent::Accepted,
    );
    assert_eq!(
        s.chain().tip().hash,
        main[2].block_hash(),
        "back at the old tip"
    );
    assert_utxo_of(&s, &main);
    s.block(
        &side[failing - 1],
        "the bad block again",
        &["CHAIN-DUPLICATE-INVALID"],
        Intent::Rejected("duplicate-invalid"),
    );
    s.block(
        &side[4],
        "side block 5, on a failed block",
        &["CHAIN-INVALID-PREV"],
        Intent::Rejected("bad-prevblk"),
    );
    let fork = if failing == 1 {
        At::genesis()
    } else {
        At::of(&side[failing - 2], failing as u32 - 1)
    };
    let good = branch(&s, fork, 5 - failing, 2);
    for block in &good[..good.len() - 1] {
        s.block(block, "", &[], Intent::Accepted);
    }
    s.block(
        good.last().expect("a block"),
        "a valid side branch with more work takes over",
        REORG,
        Intent::Accepted,
    );
    assert_utxo_of(&s, &[&side[..failing - 1], &good[..]].concat());
    s.into_case()
}

/// After a failed reorganisation two tips have equal work: the one that
/// became connectable first is the tip.
fn failed_reorg_to_equal_work() -> ChainCase {
    let mut s = Scenario::new(
        "reorg-fails-back-to-equal-work",
        "Active chain of 1; a side chain of 3 whose block 2 is invalid when connected: \
         after side block 1 connects and block 2 fails, side block 1 and the old tip have \
         equal work, and the old tip, connectable first, is the tip again",
    );
    let main = s.mine_empty(1);
    let s1 = builder(&s, At::genesis(), 1).build(s.params());
    let mut b2 = builder(&s, At::of(&s1, 1), 1);
    b2.add(missing_coin_spend(), 0);
    let s2 = b2.build(s.params());
    let s3 = builder(&s, At::of(&s2, 2), 1).build(s.params());
    s.block(&s1, "side block 1: equal work", BEST, Intent::Accepted);
    s.block(
        &s2,
        "side block 2: stored; the chain tries it and it fails",
        &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING", "CHAIN-REORG"],
        Intent::Rejected("bad-txns-inputs-missingorspent"),
    );
    assert_eq!(s.chain().tip().hash, main[0].block_hash());
    s.block(
        &s3,
        "side block 3, on the failed block",
        &["CHAIN-INVALID-PREV"],
        Intent::Rejected("bad-prevblk"),
    );
    assert_utxo_of(&s, &main);
    s.into_case()
}

/// The side block that would take over is itself invalid.
fn invalid_side_block_at_the_front() -> ChainCase {
    let mut s = Scenario::new(
        "reorg-invalid-front",
        "Active chain of 2; a side chain whose block 3, the one with more work, overpays its \
         coinbase: the side chain is connected up to block 2, block 3 fails (bad-cb-amount), \
         and the chain goes back to the old tip, which has as much work as side block 2 and \
         became connectable first",
    );
    let main = s.mine_empty(2);
    let side = branch(&s, At::genesis(), 2, 1);
    let mut bad = builder(&s, At::of(&side[1], 2), 1);
    bad.fees = 1;
    let bad = bad.build(s.params());
    feed_all(&mut s, &side);
    s.block(
        &bad,
        "side block 3",
        &["CONNECT-CB-AMOUNT", "CHAIN-REORG"],
        Intent::Rejected("bad-cb-amount"),
    );
    assert_eq!(
        s.chain().tip().hash,
        main[1].block_hash(),
        "back at the old tip"
    );
    assert_utxo_of(&s, &main);
    s.into_case()
}

/// Spends made on one branch are undone by a reorganisation and made again,
/// or differently, on the other.
fn reorg_with_spends() -> ChainCase {
    let mut s = Scenario::new(
        "reorg-with-spends",
        "101 blocks; branch A spends coinbase 1 (tx1) then tx1's output (tx2); branch B from \
         block 101 includes tx1 again and spends its output differently (tx2'), and takes over \
         with its third block; A grows and takes back. Each time the UTXO set equals the \
         winning chain's built directly",
    );
    let prefix = s.mine_empty(101);
    let fork = At::tip(&s);
    let value = prefix[0].transactions[0].outputs[0].value;
    let pay = s.key().p2wpkh();
    let tx1 = spend_coinbase(&s, &prefix[0], &[(value - 1_000, pay.clone())]);
    let (out1, coin1) = output_of(&tx1, 0);
    let tx2 = spend(&s, out1, coin1.clone(), &[(value - 2_000, pay.clone())]);
    let tx2b = spend(&s, out1, coin1, &[(value - 3_000, vec![OP_1])]);
    let mut a1 = builder(&s, fork, 0);
    a1.add(tx1.clone(), 1_000);
    let a1 = s.mine(&a1, "A1 spends coinbase 1 (tx1)", &["CHAIN-ACCEPT-BLOCK"]);
    let mut a2 = builder(&s, At::of(&a1, 102), 0);
    a2.add(tx2, 1_000);
    let a2 = s.mine(&a2, "A2 spends tx1's output (tx2)", &["CHAIN-ACCEPT-BLOCK"]);
    let mut b1 = builder(&s, fork, 1);
    b1.add(tx1, 1_000);
    let b1 = b1.build(s.params());
    let mut b2 = builder(&s, At::of(&b1, 102), 1);
    b2.add(tx2b, 2_000);
    let b2 = b2.build(s.params());
    let b3 = builder(&s, At::of(&b2, 103), 1).build(s.params());
    s.block(
        &b1,
        "B1 includes tx1 again: equal work",
        BEST,
        Intent::Accepted,
    );
    s.block(
        &b2,
        "B2 spends tx1's output as tx2': equal work",
        BEST,
        Intent::Accepted,
    );
    s.block(
        &b3,
        "B3: B takes over; A2 and A1 are undone, B1 and B2 connected",
        REORG,
        Intent::Accepted,
    );
    assert_utxo_of(&s, &[&prefix[..], &[b1, b2, b3]].concat());
    let a_more = branch(&s, At::of(&a2, 103), 2, 0);
    s.block(
        &a_more[0],
        "A3: equal work, B stays",
        BEST,
        Intent::Accepted,
    );
    s.block(
        &a_more[1],
        "A4: A takes back; tx2 and tx1 spent as before",
        REORG,
        Intent::Accepted,
    );
    assert_utxo_of(&s, &[&prefix[..], &[a1, a2], &a_more[..]].concat());
    s.into_case()
}
