//! Core's `signet_parse_tests` (src/test/validation_tests.cpp), with an
//! `OP_TRUE` challenge, and the rebuilding quirks of the commitment script.

use super::*;
use crate::params::{consensus_params, Network};
use crate::primitives::BlockHeader;

fn op_true_params() -> ConsensusParams {
    ConsensusParams::signet(&[0x51])
}

fn commitment_141() -> Vec<u8> {
    let mut data = vec![0xaa, 0x21, 0xa9, 0xed];
    data.extend([0xff; 32]);
    data
}

/// `OP_RETURN` followed by a push of each of `pushes`.
fn op_return(pushes: &[&[u8]]) -> Vec<u8> {
    let mut script = vec![OP_RETURN];
    for data in pushes {
        push_data(&mut script, data);
    }
    script
}

/// A zero header and two copies of a coinbase-less transaction with one
/// output of `script`, as Core's test builds it.
fn block_with(script: Vec<u8>) -> Block {
    let tx = Transaction {
        version: 2,
        inputs: Vec::new(),
        outputs: vec![TxOut {
            value: 0,
            script_pubkey: script,
        }],
        lock_time: 0,
    };
    Block {
        header: BlockHeader {
            version: 0,
            prev_blockhash: Default::default(),
            merkle_root: Default::default(),
            time: 0,
            bits: 0,
            nonce: 0,
        },
        transactions: vec![tx.clone(), tx],
    }
}

fn verdict(block: &Block) -> Result<(), BlockError> {
    let created = SignetTxs::create(block, &[0x51]).is_some();
    let checked = check_signet_block_solution(block, &op_true_params());
    assert_eq!(created, checked.is_ok());
    checked
}

#[test]
fn core_signet_parse_tests() {
    let bad = Err(BlockError::BadSignetBlockSignature);
    let empty = Block {
        transactions: Vec::new(),
        ..block_with(Vec::new())
    };
    assert_eq!(verdict(&empty), bad, "empty block");
    assert_eq!(
        verdict(&block_with(Vec::new())),
        bad,
        "no witness commitment"
    );
    let c141 = commitment_141();
    assert_eq!(
        verdict(&block_with(op_return(&[&c141]))),
        Ok(()),
        "no header"
    );
    let mut c325 = SIGNET_HEADER.to_vec();
    assert_eq!(
        verdict(&block_with(op_return(&[&c141, &c325]))),
        Ok(()),
        "header without data is no section"
    );
    c325.extend([0x01, 0x51]);
    assert_eq!(
        verdict(&block_with(op_return(&[&c141, &c325]))),
        bad,
        "premature end"
    );
    c325.push(0x00);
    assert_eq!(
        verdict(&block_with(op_return(&[&c141, &c325]))),
        Ok(()),
        "has data"
    );
    c325.push(0x00);
    assert_eq!(
        verdict(&block_with(op_return(&[&c141, &c325]))),
        bad,
        "extraneous data"
    );
}

#[test]
fn the_section_is_cut_back_to_the_header() {
    let section = [0x01, 0x51, 0x00];
    let mut push = SIGNET_HEADER.to_vec();
    push.extend(section);
    let (rebuilt, found) = fetch_and_clear_commitment_section(&op_return(&[&push])).unwrap();
    assert_eq!(found, section);
    assert_eq!(rebuilt, op_return(&[&SIGNET_HEADER]));
    assert_eq!(
        fetch_and_clear_commitment_section(&op_return(&[&[1, 2]])),
        None
    );
}

#[test]
fn rebuilding_normalises_pushes_as_core_does() {
    let mut push = SIGNET_HEADER.to_vec();
    push.push(0xaa);
    // OP_RETURN, OP_PUSHDATA1 <header aa>, OP_PUSHDATA1 0 (empty push),
    // a second header push, OP_1, then a push cut off by the end.
    let mut script = vec![OP_RETURN, 0x4c, 5];
    script.extend(&push);
    script.extend([0x4c, 0x00, 5]);
    script.extend(&push);
    script.extend([0x51, 0x4d, 0x01]);
    let (rebuilt, found) = fetch_and_clear_commitment_section(&script).unwrap();
    assert_eq!(found, [0xaa]);
    let mut expected = vec![OP_RETURN, 4];
    expected.extend(SIGNET_HEADER);
    expected.extend([0x4c, 5]);
    expected.extend(&push);
    expected.push(0x51);
    assert_eq!(rebuilt, expected);
}

#[test]
fn other_networks_and_the_genesis_block_pass() {
    let unsolved = block_with(Vec::new());
    for network in [Network::Main, Network::Testnet4, Network::Regtest] {
        assert_eq!(
            check_signet_block_solution(&unsolved, &consensus_params(network)),
            Ok(())
        );
    }
    let genesis = crate::params::genesis::genesis_block(Network::Signet);
    let params = consensus_params(Network::Signet);
    assert_eq!(check_signet_block_solution(&genesis, &params), Ok(()));
    assert_eq!(
        BlockError::BadSignetBlockSignature.result(),
        crate::validation::BlockValidationResult::Consensus
    );
    assert_eq!(
        BlockError::BadSignetBlockSignature.token(),
        "bad-signet-blksig"
    );
}
