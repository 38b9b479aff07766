//! Proof of work along a chain (`POW-NEXT-WORK`, `POW-RETARGET`,
//! `POW-NO-RETARGET`, `POW-MIN-DIFFICULTY`, `POW-BIP94-BASE`,
//! `HDR-DIFFBITS`, `HDR-TIMEWARP`, `POW-COMPACT-RANGE`, `POW-CHAIN-WORK`).
//! Core: `GetNextWorkRequired`, `CalculateNextWorkRequired`,
//! `ContextualCheckBlockHeader`, `GetBlockProof`.
//!
//! Regtest never retargets, so most scenarios use a custom set: regtest with
//! retargeting on and a 6000 s timespan (a period of 10 blocks). Regtest's
//! pow limit (`0x207fffff`, about 2^255) is so large that Core's retarget
//! product `target × actual timespan` wraps modulo 2^256 (Core asserts
//! `powLimit < 2^256 / (4 × timespan)` only in a unit test); the first
//! retarget from the limit therefore gives a target near 2^243 whatever the
//! timing. canon computes it as Core does; the blocks stay cheap to mine.

use super::{branch, builder, At};
use crate::conformance::chain_vectors::{ChainCase, ParamsOverride};
use crate::conformance::generate::scenario::{Intent, Scenario};
use crate::primitives::compact_target::expand_compact;
use crate::primitives::Block;
use crate::validation::ancestors::ChainEntry;
use crate::validation::{calculate_next_work_required, get_next_work_required};

const LIMIT: u32 = 0x207f_ffff;
/// A valid, cheap target other than the limit (1 hash in 256 meets it).
const OTHER: u32 = 0x2000_ffff;
const RETARGET: &[&str] = &[
    "POW-NEXT-WORK",
    "POW-RETARGET",
    "HDR-DIFFBITS",
    "POW-COMPACT-RANGE",
];
const NEXT: &[&str] = &["POW-NEXT-WORK", "HDR-DIFFBITS"];

/// The scenarios.
pub fn cases() -> Vec<ChainCase> {
    let mut cases = vec![regtest_no_retarget(), regtest_late_block()];
    for spacing in [600, 60, 3_000, 10_000] {
        cases.push(first_retarget(spacing));
    }
    for spacing in [600, 100, 400, 500, 650, 700] {
        cases.push(second_retarget(spacing));
    }
    cases.push(min_difficulty());
    cases.push(no_min_difficulty_at_boundary());
    cases.push(timewarp(true));
    cases.push(timewarp(false));
    cases.push(bip94_base(true));
    cases.push(bip94_base(false));
    cases.push(chain_work(true));
    cases.push(chain_work(false));
    cases
}

/// Regtest with retargeting every 10 blocks.
fn retargeting(min_difficulty: bool, bip94: bool) -> ParamsOverride {
    ParamsOverride {
        pow_no_retargeting: Some(false),
        pow_target_timespan: Some(6_000),
        pow_allow_min_difficulty_blocks: Some(min_difficulty),
        enforce_bip94: Some(bip94),
        ..ParamsOverride::default()
    }
}

/// The bits a block after `at` at `time` must claim, by canon's rule.
fn required(s: &Scenario, at: At, time: u32) -> u32 {
    let index = s.chain().index();
    let id = index.lookup(&at.hash).expect("a known parent");
    get_next_work_required(&index.view(id), time, s.params())
}

/// A block after `at`, `gap` seconds later, claiming `bits`, mined.
fn block_with(s: &Scenario, at: At, gap: u32, bits: u32, tag: u8) -> Block {
    let mut b = builder(s, at, tag);
    b.time = at.time + gap;
    b.bits = bits;
    assert!(
        expand_compact(bits).target.bits() > 236,
        "keep mining cheap: {bits:08x}"
    );
    b.build(s.params())
}

/// Feeds blocks after the tip, `gap` seconds apart, at the required bits,
/// until the tip is at `height` (setup); returns them.
fn run_to(s: &mut Scenario, height: u32, gap: u32) -> Vec<Block> {
    let mut blocks = Vec::new();
    while s.chain().height() < height {
        let at = At::tip(s);
        let bits = required(s, at, at.time + gap);
        let block = block_with(s, at, gap, bits, 0);
        s.block(&block, "", &[], Intent::Accepted);
        blocks.push(block);
    }
    blocks
}

/// A step for the block after the tip claiming `wrong` (refused:
/// `bad-diffbits`), then one claiming the required bits (accepted).
fn wrong_then_right(s: &mut Scenario, gap: u32, wrong: u32, what: &str, rules: &[&str]) -> Block {
    let at = At::tip(s);
    let right = required(s, at, at.time + gap);
    assert_ne!(wrong, right, "{what}: the wrong bits differ");
    let bad = block_with(s, at, gap, wrong, 1);
    s.block(
        &bad,
        &format!("{what}: claims {wrong:#010x} instead of {right:#010x}"),
        rules,
        Intent::Rejected("bad-diffbits"),
    );
    let good = block_with(s, at, gap, right, 0);
    s.block(
        &good,
        &format!("{what}: claims the required {right:#010x}"),
        rules,
        Intent::Accepted,
    );
    good
}

/// Regtest keeps its bits across the boundary at 144.
fn regtest_no_retarget() -> ChainCase {
    let mut s = Scenario::new(
        "pow-regtest-no-retarget",
        "Regtest headers up to 143, then at the retarget boundary 144 a header claiming \
         other bits is refused and one keeping the tip's bits is accepted",
    );
    let headers = branch(&s, At::genesis(), 143, 0);
    for block in &headers {
        s.header(&block.header, "", &[], Intent::Accepted);
    }
    let at = At::of(&headers[142], 143);
    let rules = &["POW-NO-RETARGET", "POW-NEXT-WORK", "HDR-DIFFBITS"];
    let bad = block_with(&s, at, 600, OTHER, 1);
    s.header(
        &bad.header,
        "header 144 claims 0x2000ffff",
        rules,
        Intent::Rejected("bad-diffbits"),
    );
    let good = block_with(&s, at, 600, LIMIT, 0);
    s.header(
        &good.header,
        "header 144 keeps 0x207fffff",
        rules,
        Intent::Accepted,
    );
    s.into_case()
}

/// On regtest a late block claims the limit, as every block does.
fn regtest_late_block() -> ChainCase {
    let mut s = Scenario::new(
        "pow-regtest-late-block",
        "On regtest a block more than 20 minutes after its parent must claim the pow limit \
         (which every regtest block claims); other bits are refused",
    );
    s.mine_empty(2);
    let rules = &["POW-MIN-DIFFICULTY", "HDR-DIFFBITS"];
    wrong_then_right(&mut s, 1_201, OTHER, "block 3, 1201 s late", rules);
    wrong_then_right(&mut s, 600, OTHER, "block 4, on time", rules);
    s.into_case()
}

/// The first retarget (at height 10) after blocks `spacing` seconds apart.
fn first_retarget(spacing: u32) -> ChainCase {
    let mut s = Scenario::with_params(
        &format!("pow-first-retarget-spacing-{spacing}"),
        &format!(
            "Retarget every 10 blocks (custom set; canon only): blocks 1-9 {spacing} s apart; \
             at 10 only the retargeted bits are accepted (the limit is refused), at 11 only the \
             same bits again"
        ),
        retargeting(false, false),
    );
    run_to(&mut s, 9, spacing);
    wrong_then_right(&mut s, spacing, LIMIT, "block 10 (boundary)", RETARGET);
    wrong_then_right(&mut s, spacing, LIMIT, "block 11", NEXT);
    s.into_case()
}

/// The second retarget (at 20), from the first's target, after a period
/// of blocks `spacing` seconds apart.
fn second_retarget(spacing: u32) -> ChainCase {
    let mut s = Scenario::with_params(
        &format!("pow-second-retarget-spacing-{spacing}"),
        &format!(
            "Retarget every 10 blocks (custom set; canon only): the first period 600 s apart, \
             the second {spacing} s apart (actual timespan {}, clamped to [1500, 24000]); at 20 \
             only the retargeted bits are accepted",
            9 * spacing
        ),
        retargeting(false, false),
    );
    run_to(&mut s, 10, 600);
    let first = s.chain().tip().header.bits;
    run_to(&mut s, 19, spacing);
    wrong_then_right(
        &mut s,
        spacing,
        first,
        "block 20 (boundary), the old bits",
        RETARGET,
    );
    wrong_then_right(&mut s, spacing, first, "block 21", NEXT);
    s.into_case()
}

/// Min-difficulty blocks where allowed, after a retarget made the target
/// harder than the limit.
fn min_difficulty() -> ChainCase {
    let mut s = Scenario::with_params(
        "pow-min-difficulty",
        "Retarget every 10 blocks with min-difficulty blocks allowed (custom set; canon only): \
         after the retarget at 10, a block 1201 s after its parent must claim the limit; the \
         next, on time, the last real bits again (walking back past the limit block); a \
         block exactly 1200 s late the real bits",
        retargeting(true, false),
    );
    run_to(&mut s, 10, 600);
    let real = s.chain().tip().header.bits;
    assert_ne!(real, LIMIT);
    let rules = &["POW-MIN-DIFFICULTY", "POW-NEXT-WORK", "HDR-DIFFBITS"];
    wrong_then_right(&mut s, 1_201, real, "block 11, 1201 s late", rules);
    wrong_then_right(
        &mut s,
        600,
        LIMIT,
        "block 12, on time after a limit block",
        rules,
    );
    wrong_then_right(&mut s, 1_200, LIMIT, "block 13, 1200 s late", rules);
    s.into_case()
}

/// BIP-0094's timewarp rule at a boundary.
fn timewarp(bip94: bool) -> ChainCase {
    let (id, what) = if bip94 {
        (
            "pow-timewarp-bip94",
            "with BIP-0094: 601 s earlier is refused (time-timewarp-attack), 600 s accepted",
        )
    } else {
        (
            "pow-timewarp-without-bip94",
            "without BIP-0094: 601 s earlier is accepted",
        )
    };
    let mut s = Scenario::with_params(
        id,
        &format!(
            "Retarget every 10 blocks (custom set; canon only); block 10, at the boundary, is \
             earlier than its parent: {what}; off the boundary no such limit"
        ),
        retargeting(false, bip94),
    );
    run_to(&mut s, 9, 600);
    let at = At::tip(&s);
    let bits = required(&s, at, at.time);
    let early = |s: &Scenario, by: u32, tag| {
        let mut b = builder(s, at, tag);
        b.time = at.time - by;
        b.bits = bits;
        b.build(s.params())
    };
    let rules = &["HDR-TIMEWARP"];
    let b601 = early(&s, 601, 1);
    if bip94 {
        s.block(
            &b601,
            "block 10, 601 s before its parent",
            rules,
            Intent::Rejected("time-timewarp-attack"),
        );
        s.block(
            &early(&s, 600, 0),
            "block 10, 600 s before its parent",
            rules,
            Intent::Accepted,
        );
    } else {
        s.block(
            &b601,
            "block 10, 601 s before its parent",
            rules,
            Intent::Accepted,
        );
    }
    let at = At::tip(&s);
    let mut off = builder(&s, at, 0);
    off.time = at.time - 601;
    off.bits = required(&s, at, off.time);
    let off = off.build(s.params());
    s.block(
        &off,
        "block 11 (off the boundary), 601 s before its parent",
        rules,
        Intent::Accepted,
    );
    s.into_case()
}

/// BIP-0094 retargets from the period's first block's bits, which a
/// min-difficulty block at the period's end cannot lower.
fn bip94_base(bip94: bool) -> ChainCase {
    let id = if bip94 {
        "pow-bip94-base"
    } else {
        "pow-retarget-from-last-block"
    };
    let base = if bip94 {
        "first block's bits (BIP-0094)"
    } else {
        "last block's bits (the limit)"
    };
    let mut s = Scenario::with_params(
        id,
        &format!(
            "Retarget every 10 blocks with min-difficulty blocks allowed (custom set; canon \
             only); block 19 is 1201 s late and claims the limit; the retarget at 20 starts \
             from the period's {base}; the bits computed from the other base are refused"
        ),
        retargeting(true, bip94),
    );
    run_to(&mut s, 18, 600);
    run_to(&mut s, 19, 1_201);
    assert_eq!(s.chain().tip().header.bits, LIMIT);
    let at = At::tip(&s);
    let time = at.time + 600;
    let view = s.chain().active_view();
    let first = ChainEntry::from(
        &s.chain()
            .index()
            .get(
                s.chain()
                    .index()
                    .lookup(&s.chain().hash_at(10).expect("height 10"))
                    .expect("known"),
            )
            .header,
    );
    let last = ChainEntry::from(&s.chain().tip().header);
    let mut other = s.params().clone();
    other.enforce_bip94 = !bip94;
    let wrong = calculate_next_work_required(last, first, &other);
    assert_eq!(
        required(&s, at, time),
        get_next_work_required(&view, time, s.params())
    );
    let rules: &[&str] = if bip94 {
        &["POW-BIP94-BASE", "POW-RETARGET", "HDR-DIFFBITS"]
    } else {
        &["POW-RETARGET", "HDR-DIFFBITS"]
    };
    wrong_then_right(&mut s, 600, wrong, "block 20 (boundary)", rules);
    s.into_case()
}

/// The chain with more work wins, not the longer one.
fn chain_work(harder_first: bool) -> ChainCase {
    let id = if harder_first {
        "pow-chain-work-harder-first"
    } else {
        "pow-chain-work-harder-last"
    };
    let mut s = Scenario::with_params(
        id,
        "Retarget every 10 blocks with min-difficulty blocks allowed (custom set; canon only); \
         from block 10 (after the retarget), branch A has one block at the real bits, branch \
         B three min-difficulty blocks at the limit: A has more work and is the tip, whichever \
         arrives first",
        retargeting(true, false),
    );
    run_to(&mut s, 10, 600);
    let fork = At::tip(&s);
    let real = s.chain().tip().header.bits;
    let a = block_with(&s, fork, 600, real, 1);
    let mut b = Vec::new();
    let mut at = fork;
    for _ in 0..3 {
        let block = block_with(&s, at, 1_201, LIMIT, 2);
        at = At::of(&block, at.height + 1);
        b.push(block);
    }
    let rules = &["POW-CHAIN-WORK", "CHAIN-BEST"];
    if harder_first {
        s.block(&a, "A1 at the real bits", rules, Intent::Accepted);
        for (i, block) in b.iter().enumerate() {
            s.block(
                block,
                &format!("B{} at the limit: less work, A stays", i + 1),
                rules,
                Intent::Accepted,
            );
        }
    } else {
        for block in &b {
            s.block(block, "", &[], Intent::Accepted);
        }
        s.block(
            &a,
            "A1 at the real bits: more work than B's three blocks",
            &["POW-CHAIN-WORK", "CHAIN-BEST", "CHAIN-REORG"],
            Intent::Accepted,
        );
    }
    assert_eq!(s.chain().tip().hash, a.block_hash());
    s.into_case()
}

/// At a retarget boundary a late block gets no min-difficulty exception.
fn no_min_difficulty_at_boundary() -> ChainCase {
    let mut s = Scenario::with_params(
        "pow-no-min-difficulty-at-boundary",
        "Retarget every 10 blocks with min-difficulty blocks allowed (custom set; canon only): \
         block 10, at the boundary, 1201 s late, must still claim the retargeted bits; the \
         limit is refused",
        retargeting(true, false),
    );
    run_to(&mut s, 9, 600);
    let rules = &["POW-MIN-DIFFICULTY", "POW-RETARGET", "HDR-DIFFBITS"];
    wrong_then_right(
        &mut s,
        1_201,
        LIMIT,
        "block 10 (boundary), 1201 s late",
        rules,
    );
    s.into_case()
}
