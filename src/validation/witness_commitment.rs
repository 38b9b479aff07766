//! The witness commitment (BIP-0141): how a block's header commits to its
//! witness data, through an output of the coinbase. Core:
//! `GetWitnessCommitmentIndex` (`src/consensus/validation.h`),
//! `CheckWitnessMalleation`, `IsBlockMutated`, `GenerateCoinbaseCommitment`
//! (`src/validation.cpp`).

use crate::primitives::hash::sha256d;
use crate::primitives::{Block, TxOut};
use crate::validation::error::BlockError;

/// The first six bytes of a witness commitment output's script:
/// `OP_RETURN`, a 36-byte push, and the tag `aa21a9ed`.
pub const WITNESS_COMMITMENT_HEADER: [u8; 6] = [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed];

/// The shortest script that holds a witness commitment: the header and the
/// 32-byte commitment. Core: `MINIMUM_WITNESS_COMMITMENT`.
pub const MINIMUM_WITNESS_COMMITMENT: usize = 38;

/// The position of the coinbase output holding the witness commitment.
///
/// # Consensus
/// BIP-0141, "Commitment structure": an output whose script is at least 38
/// bytes and starts with [`WITNESS_COMMITMENT_HEADER`]; if several do, the
/// last one counts. Core: `GetWitnessCommitmentIndex`.
pub fn get_witness_commitment_index(block: &Block) -> Option<usize> {
    let coinbase = block.transactions.first()?;
    coinbase.outputs.iter().rposition(|output| {
        output.script_pubkey.len() >= MINIMUM_WITNESS_COMMITMENT
            && output.script_pubkey[..6] == WITNESS_COMMITMENT_HEADER
    })
}

/// Checks that the block's witness data is what its header commits to.
///
/// # Consensus
/// BIP-0141, "Commitment structure". When `expect_commitment` (segwit active
/// at the block's height) and the coinbase has a commitment output:
/// 1. the coinbase's first input's witness is exactly one 32-byte item, the
///    *witness reserved value* (`CTX-WITNESS-NONCE`);
/// 2. bytes 6..38 of the commitment script equal
///    SHA256d(witness merkle root ‖ reserved value), where the witness
///    merkle root is over the wtxids with the coinbase's taken as zero
///    (`CTX-WITNESS-COMMITMENT`).
///
/// Otherwise no transaction may have witness data (`CTX-UNEXPECTED-WITNESS`).
/// All three failures are *mutations* (`BLOCK_MUTATED`): witness data is
/// not covered by the header's proof of work. Core: `CheckWitnessMalleation`.
///
/// # Panics
/// If the first transaction has a commitment output but no input (Core
/// asserts; `check_block` refuses such blocks).
///
/// # Errors
/// [`BlockError::BadWitnessNonceSize`], [`BlockError::BadWitnessMerkleMatch`],
/// [`BlockError::UnexpectedWitness`].
pub fn check_witness_malleation(block: &Block, expect_commitment: bool) -> Result<(), BlockError> {
    if expect_commitment {
        if let Some(position) = get_witness_commitment_index(block) {
            // A commitment output exists, so there is a coinbase; check_block
            // has made sure it has an input.
            let coinbase = &block.transactions[0];
            let stack = &coinbase.inputs[0].witness.stack;
            if stack.len() != 1 || stack[0].len() != 32 {
                return Err(BlockError::BadWitnessNonceSize);
            }
            let commitment = witness_commitment(block, &stack[0]);
            if coinbase.outputs[position].script_pubkey[6..38] != commitment {
                return Err(BlockError::BadWitnessMerkleMatch);
            }
            return Ok(());
        }
    }
    if block.transactions.iter().any(|tx| tx.has_witness()) {
        return Err(BlockError::UnexpectedWitness);
    }
    Ok(())
}

/// SHA256d(witness merkle root ‖ reserved value). The witness tree's
/// mutation flag is ignored, as Core ignores it: the txid tree already
/// excludes the mutation.
fn witness_commitment(block: &Block, reserved_value: &[u8]) -> [u8; 32] {
    let root = block.compute_witness_merkle_root().root;
    let mut preimage = Vec::with_capacity(64);
    preimage.extend_from_slice(&root.0);
    preimage.extend_from_slice(reserved_value);
    sha256d(&preimage)
}

/// Whether the block's data may not be what its header commits to, so that
/// a failure says nothing about the header. Core: `IsBlockMutated`.
///
/// # Consensus
/// Mutated if the merkle root does not match or the tree is mutated
/// (`BLK-MERKLE-ROOT`, `BLK-MERKLE-MUTATED`); if the first transaction is
/// not a coinbase and any transaction is 64 bytes without witness (such a
/// transaction can pose as an inner merkle node); or if the witness data
/// fails [`check_witness_malleation`] with `check_witness_root`.
pub fn is_block_mutated(block: &Block, check_witness_root: bool) -> bool {
    let merkle = block.compute_merkle_root();
    if merkle.root != block.header.merkle_root || merkle.mutated {
        return true;
    }
    let has_coinbase = block
        .transactions
        .first()
        .is_some_and(|tx| tx.is_coinbase());
    if !has_coinbase {
        return block.transactions.iter().any(|tx| tx.stripped_size() == 64);
    }
    check_witness_malleation(block, check_witness_root).is_err()
}

/// Adds a witness commitment to the block's coinbase if it has none and,
/// when `segwit_active`, a zero reserved value as the coinbase witness if it
/// has no witness: what a miner does before the merkle root is computed.
/// The commitment covers the transactions as they are; add them all first.
/// Core: `GenerateCoinbaseCommitment` with `UpdateUncommittedBlockStructures`.
///
/// # Panics
/// If the block has no transaction or its first has no input.
pub fn generate_coinbase_commitment(block: &mut Block, segwit_active: bool) {
    let reserved = [0u8; 32];
    if get_witness_commitment_index(block).is_none() {
        let commitment = witness_commitment(block, &reserved);
        let mut script_pubkey = WITNESS_COMMITMENT_HEADER.to_vec();
        script_pubkey.extend_from_slice(&commitment);
        block.transactions[0].outputs.push(TxOut {
            value: 0,
            script_pubkey,
        });
    }
    let coinbase = &mut block.transactions[0];
    if segwit_active && !coinbase.has_witness() {
        coinbase.inputs[0].witness.stack = vec![reserved.to_vec()];
    }
}

#[cfg(test)]
#[path = "witness_commitment_tests.rs"]
mod tests;
