use super::*;
use crate::params::{genesis_block, Network};
use crate::primitives::{OutPoint, Transaction, TxIn, Witness};

fn commitment_output(byte: u8, extra: usize) -> TxOut {
    let mut script_pubkey = WITNESS_COMMITMENT_HEADER.to_vec();
    script_pubkey.extend(vec![byte; 32 + extra]);
    TxOut {
        value: 0,
        script_pubkey,
    }
}

fn block_with_outputs(outputs: Vec<TxOut>) -> Block {
    let mut block = genesis_block(Network::Regtest);
    block.transactions[0].outputs = outputs;
    block
}

#[test]
fn the_last_commitment_counts() {
    let short = TxOut {
        value: 0,
        script_pubkey: WITNESS_COMMITMENT_HEADER[..]
            .iter()
            .copied()
            .chain([0; 31])
            .collect(),
    };
    let block = block_with_outputs(vec![
        commitment_output(1, 0),
        commitment_output(2, 5),
        short,
    ]);
    assert_eq!(get_witness_commitment_index(&block), Some(1));
    assert_eq!(
        get_witness_commitment_index(&block_with_outputs(vec![])),
        None
    );
}

#[test]
fn generated_commitments_verify() {
    let mut block = genesis_block(Network::Regtest);
    block.transactions[0].outputs.truncate(1);
    generate_coinbase_commitment(&mut block, true);
    assert_eq!(check_witness_malleation(&block, true), Ok(()));
    assert_eq!(
        block.transactions[0].inputs[0].witness.stack,
        vec![vec![0u8; 32]]
    );
    // Without segwit the commitment is not looked at, but the witness is.
    assert_eq!(
        check_witness_malleation(&block, false),
        Err(BlockError::UnexpectedWitness)
    );
    let mut two_items = block.clone();
    two_items.transactions[0].inputs[0]
        .witness
        .stack
        .push(vec![]);
    assert_eq!(
        check_witness_malleation(&two_items, true),
        Err(BlockError::BadWitnessNonceSize)
    );
    let mut wrong = block.clone();
    let last = wrong.transactions[0].outputs.len() - 1;
    wrong.transactions[0].outputs[last].script_pubkey[37] ^= 1;
    assert_eq!(
        check_witness_malleation(&wrong, true),
        Err(BlockError::BadWitnessMerkleMatch)
    );
}

#[test]
fn mutation_cases() {
    let mut block = genesis_block(Network::Regtest);
    assert!(!is_block_mutated(&block, true));
    block.header.merkle_root.0[0] ^= 1;
    assert!(is_block_mutated(&block, true));
    // Without a coinbase, a 64-byte transaction makes the block suspect.
    let sixty_four = Transaction {
        version: 1,
        inputs: vec![TxIn {
            prevout: OutPoint {
                txid: crate::primitives::Txid([1; 32]),
                vout: 0,
            },
            script_sig: vec![],
            sequence: 0,
            witness: Witness::default(),
        }],
        outputs: vec![TxOut {
            value: 0,
            script_pubkey: vec![0x51, 0x51, 0x51, 0x51],
        }],
        lock_time: 0,
    };
    assert_eq!(sixty_four.stripped_size(), 64);
    let mut coinless = Block {
        header: block.header,
        transactions: vec![sixty_four],
    };
    coinless.header.merkle_root = coinless.compute_merkle_root().root;
    assert!(is_block_mutated(&coinless, true));
}
