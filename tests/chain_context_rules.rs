//! The contextual block rules through the chain state, on regtest chains
//! built by the block builder: for each rule a block that trips it and one
//! that passes by a hair. Core: `ContextualCheckBlock`,
//! `ContextualCheckBlockHeader` (time), `CheckWitnessMalleation`.

mod chain_common;

use canon::chain::{coinbase_output, output_of, p2wsh, RegtestChain, TxBuilder, Unlock};
use canon::encoding::Encode;
use canon::params::{consensus_params, Network};
use canon::script::opcodes::{OP_1, OP_DROP, OP_PUSHDATA4, OP_RETURN};
use canon::validation::{coinbase_height_script, BlockValidationResult};
use chain_common::{mature_chain, spend_coinbase, try_block};

const FIFTY: i64 = 50 * 100_000_000;

#[test]
fn nonfinal_height_lock() {
    let (mut chain, blocks) = mature_chain(1);
    let key = chain.key;
    let height = chain.chain.height() + 1;
    let locked = |lock_time| {
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1])
            .lock_time(lock_time)
            .sequence(0xffff_fffe)
            .build()
    };
    let mut tripping = chain.next_block();
    tripping.add(locked(height), 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-nonfinal"
    );
    let mut passing = chain.next_block();
    passing.add(locked(height - 1), 0);
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn nonfinal_time_lock_uses_median_time_past() {
    let (mut chain, blocks) = mature_chain(1);
    let key = chain.key;
    let mtp = chain.chain.median_time_past() as u32;
    let locked = |lock_time| {
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1])
            .lock_time(lock_time)
            .sequence(0)
            .build()
    };
    let mut tripping = chain.next_block();
    tripping.add(locked(mtp), 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-nonfinal"
    );
    // Every sequence final makes any lock time final.
    let mut final_sequences = chain.next_block();
    let all_final = spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1])
        .lock_time(u32::MAX)
        .build();
    final_sequences.add(all_final, 0);
    try_block(&mut chain, &final_sequences).unwrap();
    // And one second below the median time past passes.
    let mut passing = chain.next_block();
    let mtp = chain.chain.median_time_past() as u32;
    let (outpoint, output) = coinbase_output(&blocks[1], 0);
    let tx = TxBuilder::new()
        .input(outpoint, output, Unlock::P2wpkh(chain.key))
        .sequence(0)
        .lock_time(mtp - 1)
        .output(FIFTY, vec![OP_1]);
    passing.add(tx.build(), 0);
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn coinbase_height() {
    let mut chain = RegtestChain::new();
    chain.mine_empty(20);
    let height = chain.chain.height() + 1;
    let mut tripping = chain.next_block();
    let mut wrong = coinbase_height_script(height + 1);
    wrong.push(0);
    tripping.coinbase_script_sig = Some(wrong);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-cb-height"
    );
    // A height pushed non-minimally is not the height.
    let mut padded = chain.next_block();
    padded.coinbase_script_sig = Some(vec![0x02, height as u8, 0x00]);
    assert_eq!(try_block(&mut chain, &padded).unwrap_err(), "bad-cb-height");
    // Exactly the height script, then anything.
    let mut passing = chain.next_block();
    let mut script = coinbase_height_script(height);
    script.extend(b"anything");
    passing.coinbase_script_sig = Some(script);
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn witness_nonce_size_is_a_mutation() {
    let mut chain = RegtestChain::new();
    chain.mine_empty(1);
    let builder = chain.next_block();
    let honest = builder.build(chain.params());
    assert_eq!(
        honest.transactions[0].inputs[0].witness.stack,
        vec![vec![0u8; 32]]
    );
    let mut mutated = honest.clone();
    mutated.transactions[0].inputs[0].witness.stack = vec![vec![0u8; 33]];
    assert_eq!(mutated.block_hash(), honest.block_hash());
    let error = chain.chain.process_new_block(&mutated).unwrap_err();
    assert_eq!(error.reject_reason(), "bad-witness-nonce-size");
    assert_eq!(error.result(), Some(BlockValidationResult::Mutated));
    // The header is known and not marked invalid: the honest copy connects.
    let status = chain.chain.status(&honest.block_hash()).unwrap();
    assert!(!status.is_failed() && !status.have_data);
    chain.chain.process_new_block(&honest).unwrap();
    assert_eq!(chain.chain.tip().hash, honest.block_hash());
}

#[test]
fn witness_merkle_match_is_a_mutation() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let tx = spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]);
    let mut builder = chain.next_block();
    builder.add(tx.build(), 0);
    let honest = builder.build(chain.params());
    // Another reserved value, or another witness, breaks the commitment.
    let mut other_reserved = honest.clone();
    other_reserved.transactions[0].inputs[0].witness.stack = vec![vec![1u8; 32]];
    let mut other_witness = honest.clone();
    other_witness.transactions[1].inputs[0].witness.stack[0][10] ^= 1;
    for mutated in [other_reserved, other_witness] {
        assert_eq!(mutated.block_hash(), honest.block_hash());
        let error = chain.chain.process_new_block(&mutated).unwrap_err();
        assert_eq!(error.reject_reason(), "bad-witness-merkle-match");
    }
    chain.chain.process_new_block(&honest).unwrap();
    assert_eq!(chain.chain.tip().hash, honest.block_hash());
}

#[test]
fn unexpected_witness() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let tx = spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]);
    let mut tripping = chain.next_block();
    tripping.witness_commitment = false;
    tripping.add(tx.build(), 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "unexpected-witness"
    );
    // Without witness data a block needs no commitment.
    let mut passing = chain.next_block();
    passing.witness_commitment = false;
    try_block(&mut chain, &passing).unwrap();
    // Before segwit, witness data is unexpected even with a commitment.
    let mut params = consensus_params(Network::Regtest);
    params.segwit_height = 1_000;
    let mut early = RegtestChain::with_params(params);
    let blocks = early.mine_empty(100);
    let (outpoint, output) = coinbase_output(&blocks[0], 0);
    let tx = TxBuilder::new()
        .input(outpoint, output, Unlock::P2wpkh(early.key))
        .output(FIFTY, vec![OP_1]);
    let mut block = early.next_block();
    block.add(tx.build(), 0);
    assert_eq!(
        try_block(&mut early, &block).unwrap_err(),
        "unexpected-witness"
    );
}

/// A block of exactly `weight` weight units: a P2WSH spend whose witness
/// item tunes single units and an `OP_RETURN` output that tunes fours.
fn block_of_weight(weight: usize) -> Result<canon::primitives::Block, String> {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let witness_script = vec![OP_DROP, OP_1];
    let fund = spend_coinbase(key, &blocks[0], FIFTY, p2wsh(&witness_script)).build();
    let mut funding = chain.next_block();
    funding.add(fund.clone(), 0);
    try_block(&mut chain, &funding).unwrap();
    let (outpoint, output) = output_of(&fund, 0);
    let build = |filler: usize, data: usize| {
        let mut big = vec![OP_RETURN, OP_PUSHDATA4];
        big.extend((data as u32).to_le_bytes());
        big.extend(vec![0u8; data]);
        let tx = TxBuilder::new()
            .input(
                outpoint,
                output.clone(),
                Unlock::P2wsh {
                    witness_script: witness_script.clone(),
                    stack: vec![vec![7u8; filler]],
                },
            )
            .output(FIFTY, vec![OP_1])
            .output(0, big);
        let mut builder = chain.next_block();
        builder.add(tx.build(), 0);
        builder
    };
    let first = build(100, 990_000).build(chain.params()).weight();
    let missing = weight as i64 - first as i64;
    let (fours, ones) = (missing.div_euclid(4), missing.rem_euclid(4));
    let builder = build(100 + ones as usize, (990_000 + fours) as usize);
    let block = builder.build(chain.params());
    assert_eq!(block.weight(), weight);
    assert!(block.stripped_size() * 4 <= 4_000_000);
    try_block(&mut chain, &builder)
}

#[test]
fn block_weight_limit() {
    let at_limit = block_of_weight(4_000_000).unwrap();
    assert!(
        at_limit.to_bytes().len() > 1_000_000,
        "witness bytes count once"
    );
    assert_eq!(block_of_weight(4_000_001).unwrap_err(), "bad-blk-weight");
}

#[test]
fn time_after_median_time_past() {
    let mut chain = RegtestChain::new();
    chain.mine_empty(11);
    let mtp = chain.chain.median_time_past() as u32;
    let mut tripping = chain.next_block();
    tripping.time = mtp;
    let error = chain.mine(&tripping).unwrap_err();
    assert_eq!(error.reject_reason(), "time-too-old");
    assert_eq!(error.result(), Some(BlockValidationResult::InvalidHeader));
    let mut passing = chain.next_block();
    passing.time = mtp + 1;
    try_block(&mut chain, &passing).unwrap();
}
