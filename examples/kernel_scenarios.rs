//! Writes `chain` and `block` requests with canon's expected answers, one
//! JSON object a line (`{"request": {...}, "expect": ...}`), for the Bitcoin
//! Core adapter's agreement test (adapters/core-kernel/tests/agreement.rs):
//!
//! ```text
//! cargo run --release --example kernel_scenarios \
//!   > adapters/core-kernel/tests/data/canon_scenarios.jsonl
//! ```
//!
//! Every expectation is canon's own outcome (`chain_vectors::feed`), and the
//! scenario builder stops when it is not the one intended.

use canon::chain::{coinbase_output, output_of, TxBuilder, Unlock};
use canon::conformance::chain_vectors::{chain_after, ChainCase};
use canon::conformance::generate::scenario::{block_case, Intent, Scenario};
use canon::encoding::Encode;
use canon::params::{consensus_params, Network};
use canon::primitives::{Block, BlockHash};
use serde_json::{json, Value};

fn main() {
    for case in [spends_and_reorgs(), headers_and_times()] {
        println!("{}", chain_line(&case));
    }
    for line in block_lines() {
        println!("{line}");
    }
}

fn chain_line(case: &ChainCase) -> Value {
    let steps: Vec<Value> = case
        .steps
        .iter()
        .map(|step| match (&step.block, &step.header) {
            (Some(block), _) => json!({ "block": block }),
            (_, header) => json!({ "header": header }),
        })
        .collect();
    let expect: Vec<Value> = case
        .steps
        .iter()
        .map(|step| {
            json!({ "result": step.expect.result, "reason": step.expect.reason,
                    "tip": { "hash": step.expect.tip.hash, "height": step.expect.tip.height } })
        })
        .collect();
    json!({
        "request": { "id": case.id, "kind": "chain", "network": "regtest", "steps": steps },
        "expect": expect,
    })
}

/// Spends, invalid spends, a reorganisation onto a branch that fails and
/// rolls back, and what Core remembers of invalid blocks.
fn spends_and_reorgs() -> ChainCase {
    let mut s = Scenario::new("kernel-spends-and-reorgs", "spends and a failed reorg");
    let mined = s.mine_empty(101);
    let key = *s.key();
    let (outpoint, spent) = coinbase_output(&mined[0], 0);
    let spend = |value: i64| {
        TxBuilder::new()
            .input(outpoint, spent.clone(), Unlock::P2wpkh(key))
            .output(value, key.p2wpkh())
            .build()
    };

    let mut overspend = s.next_block();
    overspend.add(spend(spent.value + 1), -1);
    let block = overspend.build(s.params());
    s.block(
        &block,
        "overspend",
        &[],
        Intent::Rejected("bad-txns-in-belowout"),
    );

    let (young_point, young) = coinbase_output(&mined[100], 0);
    let mut premature = s.next_block();
    premature.add(
        TxBuilder::new()
            .input(young_point, young.clone(), Unlock::P2wpkh(key))
            .output(young.value - 1000, key.p2wpkh())
            .build(),
        1000,
    );
    let block = premature.build(s.params());
    s.block(
        &block,
        "premature coinbase spend",
        &[],
        Intent::Rejected("bad-txns-premature-spend-of-coinbase"),
    );

    let mut bad_sig = s.next_block();
    bad_sig.add(
        TxBuilder::new()
            .input(
                outpoint,
                spent.clone(),
                Unlock::Raw {
                    script_sig: Vec::new(),
                    witness: vec![vec![0x30; 9], key.pubkey().to_vec()],
                },
            )
            .output(spent.value - 1000, key.p2wpkh())
            .build(),
        1000,
    );
    let block = bad_sig.build(s.params());
    s.block(
        &block,
        "a signature that is not DER",
        &[],
        Intent::Rejected("block-script-verify-flag-failed (Non-canonical DER signature)"),
    );

    let mut good = s.next_block();
    let tx = spend(spent.value - 1000);
    good.add(tx.clone(), 1000);
    let main_102 = s.mine(&good, "a valid spend", &[]);

    let mut again = s.next_block();
    again.add(tx.clone(), 1000);
    let block = again.build(s.params());
    s.block(
        &block,
        "the same transaction again: its outputs exist",
        &[],
        Intent::Rejected("bad-txns-BIP30"),
    );
    let mut missing = s.next_block();
    missing.add(spend(spent.value - 2000), 2000);
    let block = missing.build(s.params());
    s.block(
        &block,
        "the same coin again",
        &[],
        Intent::Rejected("bad-txns-inputs-missingorspent"),
    );

    let mut duplicate = s.next_block();
    let (point, out) = output_of(&tx, 0);
    duplicate.add(
        TxBuilder::new()
            .input(point, out.clone(), Unlock::P2wpkh(key))
            .input(point, out.clone(), Unlock::P2wpkh(key))
            .output(out.value, key.p2wpkh())
            .build(),
        out.value,
    );
    let block = duplicate.build(s.params());
    s.block(
        &block,
        "an input spent twice in one transaction",
        &[],
        Intent::Rejected("bad-txns-inputs-duplicate"),
    );

    let mut mutated = s.next_block().build(s.params());
    mutated.transactions.push(mutated.transactions[0].clone());
    s.block(
        &mutated,
        "transactions that do not match the merkle root",
        &[],
        Intent::Mutated("bad-txnmrklroot"),
    );

    // A side branch from height 101: as long as the main chain, then one
    // more block paying too much, which fails when the chain reorganises.
    let fork = mined[100].block_hash();
    let side_a = side_block(&s, fork, 1);
    s.block(
        &side_a,
        "a side branch of equal work",
        &[],
        Intent::Accepted,
    );
    let mut rich = s.block_on(side_a.block_hash());
    rich.fees = 1;
    let side_b = rich.build(s.params());
    s.block(
        &side_b,
        "more work, but pays too much: the reorg fails and rolls back",
        &[],
        Intent::Rejected("bad-cb-amount"),
    );
    assert_eq!(s.chain().tip().hash, main_102.block_hash());
    let side_c = s.block_on(side_b.block_hash()).build(s.params());
    s.block(
        &side_c,
        "on an invalid block",
        &[],
        Intent::Rejected("bad-prevblk"),
    );
    s.block(&side_b, "again", &[], Intent::Rejected("duplicate-invalid"));
    s.header(
        &side_b.header,
        "its header",
        &[],
        Intent::Rejected("duplicate-invalid"),
    );
    let mut orphan = s.next_block();
    orphan.prev = BlockHash([0x11; 32]);
    let block = orphan.build(s.params());
    s.block(&block, "an unknown parent", &[], Intent::Orphan);
    s.into_case()
}

/// A block on `parent` that differs from the main chain's by its coinbase.
fn side_block(s: &Scenario, parent: BlockHash, tag: u8) -> Block {
    let mut builder = s.block_on(parent);
    let mut script = canon::validation::coinbase_height_script(builder.height);
    script.extend_from_slice(&[0x01, tag]);
    builder.coinbase_script_sig = Some(script);
    builder.build(s.params())
}

/// Headers alone, block versions and timestamps.
fn headers_and_times() -> ChainCase {
    let mut s = Scenario::new("kernel-headers-and-times", "headers, versions, times");
    s.mine_empty(12);
    let next = s.next_block().build(s.params());
    s.header(&next.header, "the next header alone", &[], Intent::Accepted);
    s.block(&next, "then its block", &[], Intent::Accepted);
    let mut old = s.next_block();
    old.version = 1;
    let block = old.build(s.params());
    s.block(
        &block,
        "version 1",
        &[],
        Intent::Rejected("bad-version(0x00000001)"),
    );
    let mut early = s.next_block();
    early.time = s.chain().median_time_past() as u32;
    let block = early.build(s.params());
    s.header(
        &block.header,
        "at the median time past",
        &[],
        Intent::Rejected("time-too-old"),
    );
    s.block(&block, "its block", &[], Intent::Rejected("time-too-old"));
    let mut late = s.next_block();
    late.time = u32::MAX;
    let block = late.build(s.params());
    s.block(
        &block,
        "far in the future",
        &[],
        Intent::Rejected("time-too-new"),
    );
    let mut easy = s.next_block();
    easy.bits = 0x207f_fffe;
    let block = easy.build(s.params());
    s.header(
        &block.header,
        "the wrong target",
        &[],
        Intent::Rejected("bad-diffbits"),
    );
    let mut no_pow = s.next_block().build(s.params());
    while no_pow
        .header
        .block_hash()
        .to_string()
        .starts_with(['0', '1', '2', '3', '4', '5', '6', '7'])
    {
        no_pow.header.nonce += 1;
    }
    s.header(
        &no_pow.header,
        "no proof of work",
        &[],
        Intent::Rejected("high-hash"),
    );
    s.into_case()
}

/// `block` cases on a 100-block prefix.
fn block_lines() -> Vec<Value> {
    let params = consensus_params(Network::Regtest);
    let mut s = Scenario::new("prefix", "");
    let prefix = s.mine_empty(100);
    let chain = chain_after(params.clone(), &prefix).expect("the prefix connects");
    let hexes: Vec<String> = prefix.iter().map(|b| hex::encode(b.to_bytes())).collect();
    let good = s.next_block().build(s.params());
    let mut rich = s.next_block();
    rich.fees = 1;
    let rich = rich.build(s.params());
    let mut mutated = good.clone();
    mutated.transactions.push(mutated.transactions[0].clone());
    let mut orphan = s.next_block();
    orphan.prev = BlockHash([0x22; 32]);
    let orphan = orphan.build(s.params());
    let cases = [
        ("ok", &good, Intent::Accepted),
        ("pays-too-much", &rich, Intent::Rejected("bad-cb-amount")),
        ("mutated", &mutated, Intent::Mutated("bad-txnmrklroot")),
        ("orphan", &orphan, Intent::Orphan),
    ];
    cases
        .iter()
        .map(|(id, block, intent)| {
            let case = block_case(&chain, "p100", None, id, "", &[], block, *intent);
            json!({
                "request": { "id": format!("kernel-block-{id}"), "kind": "block",
                             "network": "regtest", "prefix": hexes, "block": case.block },
                "expect": case.expect,
            })
        })
        .collect()
}
