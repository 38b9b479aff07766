//! Mainnet blocks 1 to 255 (from btcd's test data, `[magic][len][block]`
//! framing) validated from the genesis block: every header's proof of work,
//! every block's context-free rules, every header's bits against the retarget
//! rules, and the contextual header rules.

mod common;

use canon::encoding::Decode;
use canon::params::{consensus_params, genesis_block, Network};
use canon::primitives::Block;
use canon::validation::{
    check_block, check_block_header, contextual_check_block_header, get_next_work_required,
    ChainEntry,
};

/// Splits `[magic u32 LE][length u32 LE][block]` frames, checking the magic.
fn read_frames(bytes: &[u8], magic: [u8; 4]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        assert!(rest.len() >= 8, "truncated frame header");
        assert_eq!(rest[..4], magic, "frame magic");
        let len = u32::from_le_bytes(rest[4..8].try_into().unwrap()) as usize;
        let body = &rest[8..8 + len];
        blocks.push(Block::from_bytes(body).expect("each frame holds one block"));
        rest = &rest[8 + len..];
    }
    blocks
}

#[test]
fn mainnet_blocks_1_to_255_validate_from_genesis() {
    let params = consensus_params(Network::Main);
    let path = common::shared_vectors().join("chain/mainnet-blocks-1-255.dat");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let blocks = read_frames(&bytes, params.message_start);
    assert_eq!(blocks.len(), 255);

    let genesis = genesis_block(Network::Main);
    assert_eq!(check_block(&genesis, &params), Ok(()));
    let mut chain = vec![ChainEntry::from(&genesis.header)];
    let mut tip_hash = genesis.block_hash();
    // A clock at block 255's time: no block of the range is in its future.
    let now = i64::from(blocks[254].header.time);

    for (i, block) in blocks.iter().enumerate() {
        let height = i + 1;
        let header = &block.header;
        assert_eq!(
            header.prev_blockhash, tip_hash,
            "block {height} links to its parent"
        );
        assert_eq!(
            check_block_header(header, &params),
            Ok(()),
            "block {height}"
        );
        assert_eq!(check_block(block, &params), Ok(()), "block {height}");
        assert_eq!(
            header.bits,
            get_next_work_required(chain.as_slice(), header.time, &params),
            "block {height} bits"
        );
        assert_eq!(
            contextual_check_block_header(header, chain.as_slice(), now, &params),
            Ok(()),
            "block {height} in context"
        );
        chain.push(ChainEntry::from(header));
        tip_hash = block.block_hash();
    }
    assert_eq!(
        tip_hash.to_string(),
        "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c"
    );
}

#[test]
fn a_tampered_block_from_the_range_fails_as_core_would() {
    let params = consensus_params(Network::Main);
    let path = common::shared_vectors().join("chain/mainnet-blocks-1-255.dat");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let blocks = read_frames(&bytes, params.message_start);

    // A changed nonce breaks the proof of work.
    let mut block = blocks[0].clone();
    block.header.nonce ^= 1;
    assert_eq!(
        check_block(&block, &params).map_err(|e| e.token()),
        Err("high-hash")
    );
    // A changed coinbase keeps the header valid but no longer matches its
    // merkle root: a mutation, not an invalid header.
    let mut block = blocks[0].clone();
    block.transactions[0].lock_time = 1;
    let err = check_block(&block, &params).unwrap_err();
    assert_eq!(err.token(), "bad-txnmrklroot");
    assert!(err.is_mutation());
    // Block 1 claiming the wrong bits in context.
    let genesis = ChainEntry::from(&genesis_block(Network::Main).header);
    let mut header = blocks[0].header;
    header.bits = 0x1d00fffe;
    let err = contextual_check_block_header(&header, [genesis].as_slice(), i64::MAX / 2, &params)
        .unwrap_err();
    assert_eq!(err.token(), "bad-diffbits");
}
