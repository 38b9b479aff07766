//! Tests of `block_check.rs`: each rule failing and passing by a hair.
//! Blocks are built on regtest, whose pow limit lets half of all hashes pass.

use super::*;
use crate::params::{consensus_params, Network};
use crate::primitives::{BlockHash, Transaction};
use crate::validation::error::{BlockValidationResult, TxError};
use crate::validation::tx_check::tests::{coinbase, spend};

fn regtest() -> ConsensusParams {
    consensus_params(Network::Regtest)
}

/// Sets the merkle root from the transactions and grinds the nonce until the
/// header meets (`valid`) or misses its target.
fn seal(mut block: Block, valid: bool) -> Block {
    block.header.merkle_root = block.compute_merkle_root().root;
    regrind(block, valid)
}

fn regrind(mut block: Block, valid: bool) -> Block {
    let params = regtest();
    while check_block_header(&block.header, &params).is_ok() != valid {
        block.header.nonce += 1;
    }
    block
}

fn block(transactions: Vec<Transaction>) -> Block {
    let header = BlockHeader {
        version: 4,
        prev_blockhash: BlockHash::ZERO,
        merkle_root: Default::default(),
        time: 1_700_000_000,
        bits: 0x207f_ffff,
        nonce: 0,
    };
    seal(
        Block {
            header,
            transactions,
        },
        true,
    )
}

#[test]
fn high_hash() {
    let good = block(vec![coinbase(2)]);
    assert_eq!(check_block(&good, &regtest()), Ok(()));
    let bad = regrind(good, false);
    assert_eq!(check_block(&bad, &regtest()), Err(BlockError::HighHash));
    assert_eq!(
        BlockError::HighHash.result(),
        BlockValidationResult::InvalidHeader
    );
    // Without the pow check the same block passes.
    let no_pow = CheckBlockOptions {
        check_pow: false,
        ..Default::default()
    };
    assert_eq!(check_block_with(&bad, &regtest(), no_pow), Ok(()));
}

#[test]
fn bad_merkle_root() {
    let mut b = block(vec![coinbase(2), spend(1)]);
    b.header.merkle_root.0[0] ^= 1;
    let b = regrind(b, true);
    assert_eq!(check_block(&b, &regtest()), Err(BlockError::BadMerkleRoot));
    assert!(BlockError::BadMerkleRoot.is_mutation());
}

#[test]
fn duplicate_transactions() {
    let honest = block(vec![coinbase(2), spend(1), spend(2)]);
    assert_eq!(check_block(&honest, &regtest()), Ok(()));
    // The last transaction repeated: same merkle root, mutated tree.
    let mut forged = honest.clone();
    forged.transactions.push(spend(2));
    assert_eq!(forged.compute_merkle_root().root, honest.header.merkle_root);
    assert_eq!(
        check_block(&forged, &regtest()),
        Err(BlockError::DuplicateTransactions)
    );
    assert_eq!(
        BlockError::DuplicateTransactions.result(),
        BlockValidationResult::Mutated
    );
}

/// A block of one coinbase whose stripped size is exactly `size`.
fn block_of_size(size: usize) -> Block {
    let mut cb = coinbase(2);
    cb.outputs[0].script_pubkey = vec![0x00; size - 200];
    let overhead = block(vec![cb.clone()]).stripped_size() - (size - 200);
    cb.outputs[0].script_pubkey.resize(size - overhead, 0x00);
    let b = block(vec![cb]);
    assert_eq!(b.stripped_size(), size);
    b
}

#[test]
fn bad_length() {
    let limit = MAX_BLOCK_WEIGHT / WITNESS_SCALE_FACTOR;
    assert_eq!(check_block(&block_of_size(limit), &regtest()), Ok(()));
    assert_eq!(
        check_block(&block_of_size(limit + 1), &regtest()),
        Err(BlockError::BadLength)
    );
    // No transactions: the empty merkle root (zero) matches, then the length fails.
    let empty = block(vec![]);
    assert_eq!(check_block(&empty, &regtest()), Err(BlockError::BadLength));
}

#[test]
fn coinbase_missing() {
    assert_eq!(check_block(&block(vec![coinbase(2)]), &regtest()), Ok(()));
    assert_eq!(
        check_block(&block(vec![spend(1)]), &regtest()),
        Err(BlockError::CoinbaseMissing)
    );
    // A coinbase second is "multiple" only once the first is a coinbase.
    assert_eq!(
        check_block(&block(vec![spend(1), coinbase(2)]), &regtest()),
        Err(BlockError::CoinbaseMissing)
    );
}

#[test]
fn coinbase_multiple() {
    assert_eq!(
        check_block(&block(vec![coinbase(2), spend(1)]), &regtest()),
        Ok(())
    );
    assert_eq!(
        check_block(&block(vec![coinbase(2), spend(1), coinbase(3)]), &regtest()),
        Err(BlockError::CoinbaseMultiple)
    );
}

#[test]
fn transaction_failures_carry_their_reason() {
    let mut bad = spend(1);
    bad.outputs[0].value = -1;
    let txid = bad.txid();
    let b = block(vec![coinbase(2), spend(2), bad]);
    let err = check_block(&b, &regtest()).unwrap_err();
    assert_eq!(
        err,
        BlockError::Transaction {
            index: 2,
            txid,
            error: TxError::VoutNegative
        }
    );
    assert_eq!(err.token(), "bad-txns-vout-negative");
    assert_eq!(err.result(), BlockValidationResult::Consensus);
    // The coinbase is checked too: a one-byte scriptSig.
    let b = block(vec![coinbase(1)]);
    assert_eq!(
        check_block(&b, &regtest()).map_err(|e| e.token()),
        Err("bad-cb-length")
    );
}

#[test]
fn too_many_sigops() {
    // 20000 legacy sigops × 4 = 80000: the limit exactly.
    let with_checksigs = |n| {
        let mut cb = coinbase(2);
        cb.outputs[0].script_pubkey = vec![0xac; n];
        block(vec![cb])
    };
    assert_eq!(check_block(&with_checksigs(20_000), &regtest()), Ok(()));
    assert_eq!(
        check_block(&with_checksigs(20_001), &regtest()),
        Err(BlockError::TooManySigops)
    );
    // Sigops of every transaction add up; a CHECKMULTISIG counts 20.
    let mut cb = coinbase(2);
    cb.outputs[0].script_pubkey = vec![0xac; 19_980];
    let mut multisig = spend(1);
    multisig.outputs[0].script_pubkey = vec![0xae];
    assert_eq!(
        check_block(&block(vec![cb.clone(), multisig.clone()]), &regtest()),
        Ok(())
    );
    cb.outputs[0].script_pubkey.push(0xac);
    assert_eq!(
        check_block(&block(vec![cb, multisig]), &regtest()),
        Err(BlockError::TooManySigops)
    );
}

#[test]
fn merkle_is_checked_before_length() {
    let mut empty = block(vec![]);
    empty.header.merkle_root.0[5] = 1;
    let empty = regrind(empty, true);
    assert_eq!(
        check_block(&empty, &regtest()),
        Err(BlockError::BadMerkleRoot)
    );
}
