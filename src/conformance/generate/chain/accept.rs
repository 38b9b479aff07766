//! Accepting headers and blocks (`CHAIN-ACCEPT-HEADER`, `CHAIN-ACCEPT-BLOCK`,
//! `CHAIN-SEQUENCE`, `CHAIN-ORPHAN`, `CHAIN-INVALID-PREV`,
//! `CHAIN-DUPLICATE-INVALID`): what the chain remembers and what it does not.
//! Core: `AcceptBlockHeader`, `ProcessNewBlock`, `AcceptBlock`,
//! `ReceivedBlockTransactions`.

use super::{branch, builder, At};
use crate::chain::{phantom_coin, TxBuilder, Unlock};
use crate::conformance::chain_vectors::ChainCase;
use crate::conformance::generate::scenario::{Intent, Scenario};
use crate::script::opcodes::OP_1;
use crate::validation::{coinbase_height_script, median_time_past};

const HEADER: &[&str] = &["CHAIN-ACCEPT-HEADER"];
const BLOCK: &[&str] = &["CHAIN-ACCEPT-BLOCK"];
const SEQUENCE: &[&str] = &["CHAIN-ACCEPT-BLOCK", "CHAIN-SEQUENCE"];
const ORPHAN: &[&str] = &["CHAIN-ORPHAN"];
const INVALID_PREV: &[&str] = &["CHAIN-INVALID-PREV"];
const DUPLICATE_INVALID: &[&str] = &["CHAIN-DUPLICATE-INVALID"];

/// The scenarios.
pub fn cases() -> Vec<ChainCase> {
    let mut cases = vec![known_header_again()];
    for n in [1, 3, 6, 10] {
        cases.push(headers_then_blocks(n));
    }
    for n in [2, 4] {
        cases.push(headers_then_blocks_reversed(n));
    }
    cases.push(orphan_block_then_parent());
    cases.push(orphan_header_then_parent());
    for n in [3, 5, 8] {
        cases.push(orphan_chain(n));
    }
    cases.push(invalid_prev_after_contextual_failure());
    cases.push(invalid_prev_after_connect_failure());
    cases.extend(super::invalid::cases());
    cases.push(known_descendants_of_an_invalid_block());
    cases.push(check_block_failure_not_remembered());
    cases.push(header_failure_not_remembered());
    cases.push(high_hash_not_remembered());
    cases.push(time_too_old());
    cases.push(time_too_new());
    cases.push(merkle_mutation_not_remembered());
    cases
}

/// A header or block already known is accepted again.
fn known_header_again() -> ChainCase {
    let mut s = Scenario::new(
        "accept-known-header-again",
        "Headers and blocks the chain already has are accepted again, changing nothing",
    );
    let blocks = s.mine_empty(2);
    let again = &["CHAIN-ACCEPT-HEADER", "CHAIN-DUPLICATE-INVALID"];
    s.header(
        &blocks[0].header,
        "the first block's header again",
        again,
        Intent::Accepted,
    );
    s.header(
        &blocks[1].header,
        "the tip's header again",
        again,
        Intent::Accepted,
    );
    s.block(
        &blocks[0],
        "the first block again",
        &["CHAIN-ACCEPT-BLOCK", "CHAIN-DUPLICATE-INVALID"],
        Intent::Accepted,
    );
    s.block(
        &blocks[1],
        "the tip again",
        &["CHAIN-ACCEPT-BLOCK", "CHAIN-DUPLICATE-INVALID"],
        Intent::Accepted,
    );
    s.into_case()
}

/// Headers ahead of blocks; the blocks then arrive in order.
fn headers_then_blocks(n: usize) -> ChainCase {
    let mut s = Scenario::new(
        &format!("accept-headers-then-blocks-{n}"),
        &format!(
            "{n} headers fed alone leave the tip at genesis; their blocks then connect in order"
        ),
    );
    let blocks = branch(&s, At::genesis(), n, 0);
    for (i, block) in blocks.iter().enumerate() {
        s.header(
            &block.header,
            &format!("header {}", i + 1),
            HEADER,
            Intent::Accepted,
        );
    }
    for (i, block) in blocks.iter().enumerate() {
        s.block(
            block,
            &format!("block {}: the tip moves", i + 1),
            BLOCK,
            Intent::Accepted,
        );
    }
    s.into_case()
}

/// With the headers known, blocks arriving last to first are stored and all
/// connect when the first arrives.
fn headers_then_blocks_reversed(n: usize) -> ChainCase {
    let mut s = Scenario::new(
        &format!("accept-blocks-reversed-{n}"),
        &format!(
            "{n} headers, then their blocks from last to first: each is stored without \
             connecting until block 1 arrives, when all connect (CHAIN-SEQUENCE)"
        ),
    );
    let blocks = branch(&s, At::genesis(), n, 0);
    for block in &blocks {
        s.header(&block.header, "", &[], Intent::Accepted);
    }
    for (i, block) in blocks.iter().enumerate().rev() {
        let description = if i == 0 {
            "block 1: it and every stored descendant connect".to_string()
        } else {
            format!("block {}: stored, its parent's data missing", i + 1)
        };
        s.block(block, &description, SEQUENCE, Intent::Accepted);
    }
    s.into_case()
}

/// A block whose parent is unknown is refused and forgotten.
fn orphan_block_then_parent() -> ChainCase {
    let mut s = Scenario::new(
        "accept-orphan-block",
        "A block whose parent is unknown is refused (prev-blk-not-found) and not kept: \
         once the parent connects, the block must be fed again",
    );
    let blocks = branch(&s, At::genesis(), 2, 0);
    s.block(&blocks[1], "block 2 before block 1", ORPHAN, Intent::Orphan);
    s.block(&blocks[0], "block 1", BLOCK, Intent::Accepted);
    s.block(
        &blocks[1],
        "block 2 again: now it connects",
        ORPHAN,
        Intent::Accepted,
    );
    s.into_case()
}

/// A header whose parent is unknown is refused and forgotten.
fn orphan_header_then_parent() -> ChainCase {
    let mut s = Scenario::new(
        "accept-orphan-header",
        "A header whose parent is unknown is refused (prev-blk-not-found); fed again after \
         its parent, it is accepted",
    );
    let blocks = branch(&s, At::genesis(), 2, 0);
    s.header(
        &blocks[1].header,
        "header 2 before header 1",
        ORPHAN,
        Intent::Orphan,
    );
    s.header(&blocks[0].header, "header 1", HEADER, Intent::Accepted);
    s.header(
        &blocks[1].header,
        "header 2 again",
        ORPHAN,
        Intent::Accepted,
    );
    s.block(&blocks[0], "block 1", BLOCK, Intent::Accepted);
    s.block(&blocks[1], "block 2", BLOCK, Intent::Accepted);
    s.into_case()
}

/// A run of orphans, last first; then the chain in order.
fn orphan_chain(n: usize) -> ChainCase {
    let mut s = Scenario::new(
        &format!("accept-orphan-chain-{n}"),
        &format!("Blocks {n} down to 2 are each an orphan; then blocks 1 to {n} connect in order"),
    );
    let blocks = branch(&s, At::genesis(), n, 0);
    for (i, block) in blocks.iter().enumerate().skip(1).rev() {
        s.block(
            block,
            &format!("block {}: orphan", i + 1),
            ORPHAN,
            Intent::Orphan,
        );
    }
    for (i, block) in blocks.iter().enumerate() {
        s.block(block, &format!("block {}", i + 1), BLOCK, Intent::Accepted);
    }
    s.into_case()
}

/// A block failing `contextual_check_block` is marked invalid: its children
/// are refused as `bad-prevblk`, itself as `duplicate-invalid`.
fn invalid_prev_after_contextual_failure() -> ChainCase {
    let mut s = Scenario::new(
        "accept-invalid-prev-contextual",
        "Block 1 claims height 2 in its coinbase (bad-cb-height) and is marked invalid: its \
         child's header and block are refused (bad-prevblk), the block and its header again \
         are refused at once (duplicate-invalid)",
    );
    let mut bad = builder(&s, At::genesis(), 0);
    let mut script_sig = coinbase_height_script(2);
    script_sig.push(0);
    bad.coinbase_script_sig = Some(script_sig);
    let bad = bad.build(s.params());
    s.block(
        &bad,
        "block 1 with the wrong coinbase height",
        &["CTX-CB-HEIGHT"],
        Intent::Rejected("bad-cb-height"),
    );
    let child = builder(&s, At::of(&bad, 1), 0).build(s.params());
    s.header(
        &child.header,
        "its child's header",
        INVALID_PREV,
        Intent::Rejected("bad-prevblk"),
    );
    s.block(
        &child,
        "its child",
        INVALID_PREV,
        Intent::Rejected("bad-prevblk"),
    );
    s.block(
        &bad,
        "the invalid block again",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    s.header(
        &bad.header,
        "its header again",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    let good = builder(&s, At::genesis(), 0).build(s.params());
    s.block(&good, "a valid block 1", BLOCK, Intent::Accepted);
    let next = s.next_block();
    s.mine(
        &next,
        "its child: the parent is valid",
        &["CHAIN-INVALID-PREV", "CHAIN-ACCEPT-BLOCK"],
    );
    s.into_case()
}

/// A block failing when connected is marked invalid as well.
fn invalid_prev_after_connect_failure() -> ChainCase {
    let mut s = Scenario::new(
        "accept-invalid-prev-connect",
        "Block 2 pays its coinbase one satoshi too much (bad-cb-amount, found when connected): \
         the tip stays at 1, its child is refused (bad-prevblk), itself again (duplicate-invalid)",
    );
    s.mine_empty(1);
    let mut bad = s.next_block();
    bad.fees = 1;
    let bad = bad.build(s.params());
    s.block(
        &bad,
        "block 2 overpaying its coinbase",
        &["CONNECT-CB-AMOUNT"],
        Intent::Rejected("bad-cb-amount"),
    );
    let child = builder(&s, At::of(&bad, 2), 0).build(s.params());
    s.block(
        &child,
        "its child",
        INVALID_PREV,
        Intent::Rejected("bad-prevblk"),
    );
    s.header(
        &child.header,
        "its child's header",
        INVALID_PREV,
        Intent::Rejected("bad-prevblk"),
    );
    s.block(
        &bad,
        "block 2 again",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    s.mine(&s.next_block(), "a valid block 2", BLOCK);
    s.into_case()
}

/// Descendants known before their ancestor is found invalid are invalid too.
fn known_descendants_of_an_invalid_block() -> ChainCase {
    let mut s = Scenario::new(
        "accept-known-descendants-of-invalid",
        "The headers of blocks 1 to 3 are known when block 1 is found invalid: blocks 2 and 3 \
         are then refused as duplicate-invalid, a child of 3 as bad-prevblk",
    );
    let mut bad = builder(&s, At::genesis(), 0);
    bad.fees = 1;
    let bad = bad.build(s.params());
    let rest = branch(&s, At::of(&bad, 1), 3, 0);
    s.header(&bad.header, "header 1", HEADER, Intent::Accepted);
    s.header(&rest[0].header, "header 2", HEADER, Intent::Accepted);
    s.header(&rest[1].header, "header 3", HEADER, Intent::Accepted);
    s.block(
        &bad,
        "block 1 overpays its coinbase",
        &["CONNECT-CB-AMOUNT"],
        Intent::Rejected("bad-cb-amount"),
    );
    s.block(
        &rest[0],
        "block 2, a descendant",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    s.header(
        &rest[1].header,
        "header 3, a descendant",
        DUPLICATE_INVALID,
        Intent::Rejected("duplicate-invalid"),
    );
    s.header(
        &rest[2].header,
        "header 4, new, on header 3",
        INVALID_PREV,
        Intent::Rejected("bad-prevblk"),
    );
    s.into_case()
}

/// A block failing `check_block` is refused but not remembered: its data
/// may be corrupt while its header is fine.
fn check_block_failure_not_remembered() -> ChainCase {
    let mut s = Scenario::new(
        "accept-check-block-not-remembered",
        "A block whose transaction spends one coin twice fails check_block \
         (bad-txns-inputs-duplicate): refused with the same reason each time, never \
         duplicate-invalid; its header alone is valid and accepted",
    );
    s.mine_empty(1);
    let (coin, spent) = phantom_coin(7);
    let raw = Unlock::empty;
    let tx = TxBuilder::new()
        .input(coin, spent.clone(), raw())
        .input(coin, spent, raw())
        .output(1, vec![OP_1])
        .build();
    let mut bad = s.next_block();
    bad.add(tx, 0);
    let bad = bad.build(s.params());
    let rules = &["BLK-TX-CHECK", "TX-INPUTS-DUPLICATE", "CHAIN-ACCEPT-BLOCK"];
    let reason = Intent::Rejected("bad-txns-inputs-duplicate");
    s.block(&bad, "the block", rules, reason);
    s.block(&bad, "the block again: the same reason", rules, reason);
    s.header(&bad.header, "its header alone", HEADER, Intent::Accepted);
    s.block(&bad, "the block once more, its header known", rules, reason);
    s.mine(&s.next_block(), "a valid block 2", BLOCK);
    s.into_case()
}

/// A header failing its contextual checks is not added to the index.
fn header_failure_not_remembered() -> ChainCase {
    let mut s = Scenario::new(
        "accept-bad-header-not-remembered",
        "A header claiming other bits than required (bad-diffbits) is not added to the \
         index: refused with the same reason each time, as header and as block",
    );
    s.mine_empty(1);
    let mut bad = s.next_block();
    bad.bits = 0x2000_ffff;
    let bad = bad.build(s.params());
    let rules = &["HDR-DIFFBITS", "CHAIN-ACCEPT-HEADER"];
    s.header(
        &bad.header,
        "the header",
        rules,
        Intent::Rejected("bad-diffbits"),
    );
    s.header(
        &bad.header,
        "the header again",
        rules,
        Intent::Rejected("bad-diffbits"),
    );
    s.block(&bad, "its block", rules, Intent::Rejected("bad-diffbits"));
    s.mine(&s.next_block(), "a valid block 2", BLOCK);
    s.into_case()
}

/// A header whose hash misses its target.
fn high_hash_not_remembered() -> ChainCase {
    let mut s = Scenario::new(
        "accept-high-hash",
        "A header whose hash is above its target (high-hash) is refused each time, as header \
         and as block; the same block mined is accepted",
    );
    s.mine_empty(1);
    let good = s.next_block().build(s.params());
    let mut bad = good.clone();
    let params = s.params().clone();
    while crate::validation::check_proof_of_work(bad.header.block_hash(), bad.header.bits, &params)
    {
        bad.header.nonce += 1;
    }
    let rules = &["POW-HIGH-HASH"];
    s.header(
        &bad.header,
        "the unmined header",
        rules,
        Intent::Rejected("high-hash"),
    );
    s.header(&bad.header, "again", rules, Intent::Rejected("high-hash"));
    s.block(&bad, "its block", rules, Intent::Rejected("high-hash"));
    s.block(
        &good,
        "the block with a nonce that meets the target",
        &["POW-HIGH-HASH", "CHAIN-ACCEPT-BLOCK"],
        Intent::Accepted,
    );
    s.into_case()
}

/// A header's time must be above the median time past.
fn time_too_old() -> ChainCase {
    let mut s = Scenario::new(
        "accept-time-too-old",
        "After 11 blocks, a header at the median time past is refused (time-too-old); one \
         second later it is accepted",
    );
    s.mine_empty(11);
    let mtp = median_time_past(&s.chain().active_view());
    let mut old = s.next_block();
    old.time = u32::try_from(mtp).expect("a regtest time");
    let old = old.build(s.params());
    let rules = &["HDR-TIME-TOO-OLD"];
    s.header(
        &old.header,
        "time = median time past",
        rules,
        Intent::Rejected("time-too-old"),
    );
    s.block(&old, "its block", rules, Intent::Rejected("time-too-old"));
    let mut ok = s.next_block();
    ok.time = old.header.time + 1;
    s.mine(&ok, "time = median time past + 1", rules);
    s.into_case()
}

/// A block whose transactions do not match its merkle root is mutated: the
/// real block with the same header is then accepted.
fn merkle_mutation_not_remembered() -> ChainCase {
    let mut s = Scenario::new(
        "accept-merkle-mismatch",
        "A block whose coinbase was changed after mining no longer matches its merkle root \
         (bad-txnmrklroot, mutated): the header is not condemned, and the real block is accepted",
    );
    s.mine_empty(1);
    let good = s.next_block().build(s.params());
    let mut bad = good.clone();
    bad.transactions[0].outputs[0].value -= 1;
    let rules = &["BLK-MERKLE-ROOT", "BLOCK-MUTATED"];
    s.block(
        &bad,
        "the altered block",
        rules,
        Intent::Mutated("bad-txnmrklroot"),
    );
    s.block(&bad, "again", rules, Intent::Mutated("bad-txnmrklroot"));
    s.block(
        &good,
        "the real block",
        &["BLOCK-MUTATED", "CHAIN-ACCEPT-BLOCK"],
        Intent::Accepted,
    );
    s.into_case()
}

/// A header more than two hours ahead of the clock is refused, and not
/// remembered: it may be offered again later.
fn time_too_new() -> ChainCase {
    let mut s = Scenario::new(
        "accept-time-too-new",
        "A block dated in 2106 is refused (time-too-new, judged by the node's own clock) each \
         time, as header and as block; a block on time is accepted",
    );
    s.mine_empty(1);
    let mut future = s.next_block();
    future.time = 0xfff0_0000;
    let future = future.build(s.params());
    let rules = &["HDR-TIME-TOO-NEW"];
    let reason = Intent::Rejected("time-too-new");
    s.header(&future.header, "a header dated 2106", rules, reason);
    s.block(&future, "its block", rules, reason);
    s.block(&future, "its block again: not remembered", rules, reason);
    s.mine(&s.next_block(), "block 2 on time", rules);
    s.into_case()
}
