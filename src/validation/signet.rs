//! The signet block solution (BIP-0325): on a signet, a block is valid only
//! if a solution carried in its coinbase satisfies the network's challenge
//! script. Core: `src/signet.cpp`.

use crate::encoding::{Decode, Reader};
use crate::params::ConsensusParams;
use crate::primitives::hash::MerkleHash;
use crate::primitives::merkle::compute_merkle_root;
use crate::primitives::{Block, OutPoint, Transaction, TxIn, TxOut, Witness};
use crate::script::instruction::{push_data, Instructions};
use crate::script::opcodes::{OP_0, OP_RETURN};
use crate::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;
use crate::validation::error::BlockError;
use crate::validation::witness_commitment::get_witness_commitment_index;

/// The four bytes that open the push holding the signet solution.
/// Core: `SIGNET_HEADER`.
pub const SIGNET_HEADER: [u8; 4] = [0xec, 0xc7, 0xda, 0xa2];

/// The flags a solution is verified with, whatever the block's height.
/// Core: `BLOCK_SCRIPT_VERIFY_FLAGS` in `src/signet.cpp`.
pub const SIGNET_SCRIPT_VERIFY_FLAGS: VerifyFlags = VerifyFlags::P2SH
    .union(VerifyFlags::WITNESS)
    .union(VerifyFlags::DERSIG)
    .union(VerifyFlags::NULLDUMMY);

/// The two virtual transactions of BIP-0325: `to_spend` pays to the
/// challenge and commits to the block; `to_sign` spends it with the
/// block's solution. Core: `SignetTxs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignetTxs {
    /// Version 0, lock time 0; one input spending the null outpoint with
    /// scriptSig `OP_0 <block data>` and sequence 0; one output of 0 paying
    /// to the challenge. Core: `m_to_spend`.
    pub to_spend: Transaction,
    /// Version 0, lock time 0; one input spending `to_spend:0` with the
    /// solution's scriptSig and witness and sequence 0; one output of 0 with
    /// script `OP_RETURN`. Core: `m_to_sign`.
    pub to_sign: Transaction,
}

impl SignetTxs {
    /// Builds the virtual transactions for `block` under `challenge`.
    ///
    /// # Consensus
    /// BIP-0325, "Block solution". The coinbase must have a witness
    /// commitment output (BIP-0141; the last one counts). In that output's
    /// script the first push longer than four bytes that starts with
    /// [`SIGNET_HEADER`] holds the solution after the header: a scriptSig
    /// and a witness stack, serialized, with no bytes left over. Without
    /// such a push the solution is empty (so `OP_TRUE` is a valid
    /// challenge). The *block data* is the header's version, previous hash,
    /// a modified merkle root and time: the merkle root of the txids with
    /// the coinbase's taken from a copy whose commitment script has the
    /// solution removed. Core: `SignetTxs::Create`.
    ///
    /// Returns `None` (the block fails) if there is no transaction, no
    /// commitment output, or the solution does not parse exactly.
    pub fn create(block: &Block, challenge: &[u8]) -> Option<SignetTxs> {
        let mut coinbase = block.transactions.first()?.clone();
        let position = get_witness_commitment_index(block)?;
        let commitment = &mut coinbase.outputs[position].script_pubkey;
        let mut solution = (Vec::new(), Witness::default());
        if let Some((cleared, section)) = fetch_and_clear_commitment_section(commitment) {
            *commitment = cleared;
            let mut r = Reader::new(&section);
            let script_sig = r.read_var_bytes("signet scriptSig").ok()?.to_vec();
            let witness = Witness::decode(&mut r).ok()?;
            r.finish().ok()?;
            solution = (script_sig, witness);
        }
        let merkle_root = compute_modified_merkle_root(&coinbase, block);

        let mut block_data = Vec::with_capacity(72);
        block_data.extend_from_slice(&block.header.version.to_le_bytes());
        block_data.extend_from_slice(&block.header.prev_blockhash.0);
        block_data.extend_from_slice(&merkle_root.0);
        block_data.extend_from_slice(&block.header.time.to_le_bytes());
        let mut script_sig = vec![OP_0];
        push_data(&mut script_sig, &block_data);

        let to_spend = virtual_tx(OutPoint::NULL, script_sig, Witness::default(), challenge);
        let prevout = OutPoint {
            txid: to_spend.txid(),
            vout: 0,
        };
        let to_sign = virtual_tx(prevout, solution.0, solution.1, &[OP_RETURN]);
        Some(SignetTxs { to_spend, to_sign })
    }
}

/// A version-0 transaction with one input (sequence 0) and one output of 0.
fn virtual_tx(
    prevout: OutPoint,
    script_sig: Vec<u8>,
    witness: Witness,
    script_pubkey: &[u8],
) -> Transaction {
    Transaction {
        version: 0,
        inputs: vec![TxIn {
            prevout,
            script_sig,
            sequence: 0,
            witness,
        }],
        outputs: vec![TxOut {
            value: 0,
            script_pubkey: script_pubkey.to_vec(),
        }],
        lock_time: 0,
    }
}

/// Finds the solution section in a commitment script; returns the script
/// with it removed and the section (the bytes after the header).
///
/// # Consensus
/// The script is read instruction by instruction and rebuilt: a non-empty
/// push is written back with the shortest length prefix (never as
/// `OP_1`..`OP_16`), anything else (an empty push included, even
/// `OP_PUSHDATA1 0x00`) as its opcode byte alone. The first push longer than
/// [`SIGNET_HEADER`] that starts with it is cut back to the header. Reading
/// stops at a push that runs past the end, and the rest is dropped from the
/// rebuilt script. If no push has the header, there is no section and the
/// script is kept as it is. Core: `FetchAndClearCommitmentSection`.
fn fetch_and_clear_commitment_section(script: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut rebuilt = Vec::with_capacity(script.len());
    let mut section = None;
    for instruction in Instructions::new(script) {
        let Ok(instruction) = instruction else { break };
        let data = instruction.data;
        if data.is_empty() {
            rebuilt.push(instruction.opcode);
            continue;
        }
        let has_header = data.len() > SIGNET_HEADER.len() && data.starts_with(&SIGNET_HEADER);
        if section.is_none() && has_header {
            section = Some(data[SIGNET_HEADER.len()..].to_vec());
            push_data(&mut rebuilt, &SIGNET_HEADER);
        } else {
            push_data(&mut rebuilt, data);
        }
    }
    section.map(|section| (rebuilt, section))
}

/// The merkle root of the txids with the coinbase's replaced by that of
/// `coinbase`; the mutation flag is ignored. Core: `ComputeModifiedMerkleRoot`.
fn compute_modified_merkle_root(coinbase: &Transaction, block: &Block) -> MerkleHash {
    let mut leaves = Vec::with_capacity(block.transactions.len());
    leaves.push(coinbase.txid().0);
    leaves.extend(block.transactions.iter().skip(1).map(|tx| tx.txid().0));
    compute_merkle_root(leaves).root
}

/// Checks a block's signet solution against the network's challenge.
///
/// # Consensus
/// Rule `BLK-SIGNET-SOLUTION` (spec/validation.md). BIP-0325: on a signet
/// (`params.signet_challenge` is `Some`), every block but the genesis block
/// must yield [`SignetTxs`], and `to_sign`'s scriptSig and witness must
/// satisfy the challenge (`to_spend`'s output, of value 0) under
/// [`SIGNET_SCRIPT_VERIFY_FLAGS`]. Any other network passes. Core:
/// `CheckSignetBlockSolution`, called by `CheckBlock` when it checks
/// proof of work.
///
/// # Errors
/// [`BlockError::BadSignetBlockSignature`] (`bad-signet-blksig`).
pub fn check_signet_block_solution(
    block: &Block,
    params: &ConsensusParams,
) -> Result<(), BlockError> {
    let Some(challenge) = &params.signet_challenge else {
        return Ok(());
    };
    if block.block_hash() == params.genesis_hash {
        return Ok(());
    }
    let txs = SignetTxs::create(block, challenge).ok_or(BlockError::BadSignetBlockSignature)?;
    let spent = txs.to_spend.outputs[0].clone();
    let txdata = PrecomputedTransactionData::new(&txs.to_sign, Some(vec![spent.clone()]));
    let checker = TransactionSignatureChecker::new(&txs.to_sign, 0, spent.value, &txdata);
    let input = &txs.to_sign.inputs[0];
    verify_script(
        &input.script_sig,
        &spent.script_pubkey,
        &input.witness,
        SIGNET_SCRIPT_VERIFY_FLAGS,
        &checker,
    )
    .map_err(|_| BlockError::BadSignetBlockSignature)
}

#[cfg(test)]
#[path = "signet_tests.rs"]
mod tests;
