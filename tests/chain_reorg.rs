//! Choosing the best chain and reorganising to it: a longer side chain
//! takes over with exactly the UTXO set of connecting it directly; equal
//! work keeps the first seen; an invalid block in a side chain never
//! becomes tip and a reorganisation that fails half-way goes back.

mod chain_common;

use canon::chain::{coinbase_output, BlockBuilder, RegtestChain, TestKey, TxBuilder, Unlock};
use canon::primitives::{Block, Transaction};
use canon::validation::coinbase_height_script;
use chain_common::mature_chain;

const FIFTY: i64 = 50 * 100_000_000;

/// A child of `parent` at `height`, tagged so that sibling blocks differ,
/// holding `txs` (fee-free), with `extra` satoshis too many in its coinbase.
fn child(
    chain: &RegtestChain,
    parent: &Block,
    height: u32,
    tag: u8,
    txs: &[Transaction],
    extra: i64,
) -> Block {
    let mut builder = BlockBuilder::new(
        parent.block_hash(),
        height,
        parent.header.time + 600,
        chain.key.p2wpkh(),
        chain.params(),
    );
    let mut script_sig = coinbase_height_script(height);
    script_sig.push(tag);
    builder.coinbase_script_sig = Some(script_sig);
    builder.fees = extra;
    for tx in txs {
        builder.add(tx.clone(), 0);
    }
    builder.build(chain.params())
}

/// Spends the coinbase of `block` to `key`.
fn pay(chain: &RegtestChain, block: &Block, key: u32) -> Transaction {
    let (outpoint, output) = coinbase_output(block, 0);
    TxBuilder::new()
        .input(outpoint, output, Unlock::P2wpkh(chain.key))
        .output(FIFTY, TestKey::new(key).p2wpkh())
        .build()
}

/// Builds `len` blocks on `parent` (at height `height - 1`), the first
/// holding `first_txs`.
fn branch(
    chain: &RegtestChain,
    parent: &Block,
    height: u32,
    tag: u8,
    len: usize,
    first_txs: &[Transaction],
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for i in 0..len {
        let prev = blocks.last().unwrap_or(parent);
        let txs = if i == 0 { first_txs } else { &[] };
        blocks.push(child(chain, prev, height + i as u32, tag, txs, 0));
    }
    blocks
}

fn feed(chain: &mut RegtestChain, blocks: &[Block]) {
    for block in blocks {
        let processed = chain.chain.process_new_block(block).unwrap();
        assert!(processed.invalid.is_empty());
    }
}

#[test]
fn a_longer_side_chain_takes_over() {
    let (mut chain, base) = mature_chain(2);
    let tip = base.last().unwrap().clone();
    let a = branch(
        &chain,
        &tip,
        103,
        b'a',
        3,
        &[pay(&chain, &base[0], 1), pay(&chain, &base[1], 1)],
    );
    let b = branch(
        &chain,
        &tip,
        103,
        b'b',
        4,
        &[pay(&chain, &base[0], 2), pay(&chain, &base[2], 2)],
    );
    feed(&mut chain, &a);
    let a_utxos = chain.chain.utxos().utxo_hash();
    // Equal work: the chain seen first stays.
    feed(&mut chain, &b[..3]);
    assert_eq!(chain.chain.tip().hash, a[2].block_hash());
    assert_eq!(chain.chain.utxos().utxo_hash(), a_utxos);
    // More work: the side chain takes over.
    feed(&mut chain, &b[3..]);
    assert_eq!(chain.chain.tip().hash, b[3].block_hash());
    let (mut direct, _) = mature_chain(2);
    feed(&mut direct, &b);
    assert_eq!(
        chain.chain.utxos().utxo_hash(),
        direct.chain.utxos().utxo_hash()
    );
    assert_eq!(chain.chain.utxos(), direct.chain.utxos());
    // And back, when the first chain grows longer again.
    let more_a = branch(&chain, &a[2], 106, b'a', 2, &[]);
    feed(&mut chain, &more_a);
    assert_eq!(chain.chain.tip().hash, more_a[1].block_hash());
    let (mut direct, _) = mature_chain(2);
    feed(&mut direct, &a);
    feed(&mut direct, &more_a);
    assert_eq!(
        chain.chain.utxos().utxo_hash(),
        direct.chain.utxos().utxo_hash()
    );
}

#[test]
fn an_invalid_side_chain_never_becomes_tip() {
    let (mut chain, base) = mature_chain(0);
    let tip = base.last().unwrap().clone();
    let a = branch(&chain, &tip, 101, b'a', 3, &[]);
    feed(&mut chain, &a);
    let before = chain.chain.utxos().utxo_hash();
    // The side chain's second block pays its coinbase one satoshi too much.
    let b1 = child(&chain, &tip, 101, b'b', &[pay(&chain, &base[0], 2)], 0);
    let b2 = child(&chain, &b1, 102, b'b', &[], 1);
    let b3 = child(&chain, &b2, 103, b'b', &[], 0);
    let b4 = child(&chain, &b3, 104, b'b', &[], 0);
    feed(&mut chain, &[b1.clone(), b2.clone(), b3.clone()]);
    let processed = chain.chain.process_new_block(&b4).unwrap();
    assert_eq!(processed.invalid.len(), 1);
    assert_eq!(processed.invalid[0].0, b2.block_hash());
    assert_eq!(processed.invalid[0].1.reject_reason(), "bad-cb-amount");
    assert_eq!(chain.chain.tip().hash, a[2].block_hash());
    assert_eq!(chain.chain.utxos().utxo_hash(), before);
    let status = |block: &Block| chain.chain.status(&block.block_hash()).unwrap();
    assert!(!status(&b1).is_failed());
    assert!(status(&b2).failed);
    assert!(status(&b3).failed_child && status(&b4).failed_child);
    // Its descendants are refused, and so is the block itself, again.
    let b5 = child(&chain, &b4, 105, b'b', &[], 0);
    let b5_error = chain.chain.process_new_block(&b5).unwrap_err();
    assert_eq!(b5_error.reject_reason(), "bad-prevblk");
    let again = chain.chain.process_new_block(&b2).unwrap_err();
    assert_eq!(again.reject_reason(), "duplicate-invalid");
    assert_eq!(chain.chain.tip().hash, a[2].block_hash());
}

#[test]
fn a_reorganisation_failing_half_way_goes_back() {
    let (mut chain, base) = mature_chain(1);
    let tip = base.last().unwrap().clone();
    let a = branch(&chain, &tip, 102, b'a', 3, &[pay(&chain, &base[0], 1)]);
    feed(&mut chain, &a);
    let before = chain.chain.utxos().clone();
    // The side chain connects two blocks, then its third spends a coin the
    // side chain already spent.
    let b1 = child(&chain, &tip, 102, b'b', &[pay(&chain, &base[0], 2)], 0);
    let b2 = child(&chain, &b1, 103, b'b', &[pay(&chain, &base[1], 2)], 0);
    let b3 = child(&chain, &b2, 104, b'b', &[pay(&chain, &base[0], 3)], 0);
    let b4 = child(&chain, &b3, 105, b'b', &[], 0);
    feed(&mut chain, &[b1.clone(), b2.clone(), b3.clone()]);
    let processed = chain.chain.process_new_block(&b4).unwrap();
    assert_eq!(processed.invalid[0].0, b3.block_hash());
    assert_eq!(
        processed.invalid[0].1.reject_reason(),
        "bad-txns-inputs-missingorspent"
    );
    assert_eq!(chain.chain.tip().hash, a[2].block_hash());
    assert_eq!(chain.chain.utxos(), &before);
    // The valid part of the side chain stays known and valid.
    assert!(!chain.chain.status(&b2.block_hash()).unwrap().is_failed());
    assert!(!chain.chain.is_active(&b2.block_hash()));
}

#[test]
fn a_contextually_invalid_side_block_poisons_its_descendants() {
    let (mut chain, base) = mature_chain(0);
    let tip = base.last().unwrap().clone();
    let mut bad = BlockBuilder::new(
        tip.block_hash(),
        101,
        tip.header.time + 600,
        chain.key.p2wpkh(),
        chain.params(),
    );
    bad.coinbase_script_sig = Some(vec![0x01, 0x01]);
    let bad = bad.build(chain.params());
    let error = chain.chain.process_new_block(&bad).unwrap_err();
    assert_eq!(error.reject_reason(), "bad-cb-height");
    assert!(chain.chain.status(&bad.block_hash()).unwrap().failed);
    let on_top = child(&chain, &bad, 102, b'x', &[], 0);
    assert_eq!(
        chain
            .chain
            .process_new_block(&on_top)
            .unwrap_err()
            .reject_reason(),
        "bad-prevblk"
    );
}

#[test]
fn orphans_are_reported_and_accepted_once_their_parent_is() {
    let (mut chain, base) = mature_chain(0);
    let tip = base.last().unwrap().clone();
    let blocks = branch(&chain, &tip, 101, b'a', 2, &[]);
    let error = chain.chain.process_new_block(&blocks[1]).unwrap_err();
    assert_eq!(error.reject_reason(), "prev-blk-not-found");
    assert!(chain.chain.status(&blocks[1].block_hash()).is_none());
    feed(&mut chain, &blocks);
    assert_eq!(chain.chain.height(), 102);
}

#[test]
fn a_merkle_mutation_does_not_condemn_the_block() {
    let (mut chain, base) = mature_chain(1);
    let tip = base.last().unwrap().clone();
    let honest = child(
        &chain,
        &tip,
        102,
        b'a',
        &[pay(&chain, &base[0], 1), pay(&chain, &base[1], 1)],
        0,
    );
    // CVE-2012-2459: repeating the last of three transactions keeps the
    // merkle root (and so the block hash).
    let mut mutated = honest.clone();
    mutated.transactions.push(mutated.transactions[2].clone());
    assert_eq!(
        mutated.compute_merkle_root().root,
        honest.header.merkle_root
    );
    let error = chain.chain.process_new_block(&mutated).unwrap_err();
    assert_eq!(error.reject_reason(), "bad-txns-duplicate");
    chain.chain.process_new_block(&honest).unwrap();
    assert_eq!(chain.chain.tip().hash, honest.block_hash());
}
