//! Mainnet blocks 1 to 255 through the chain state: every rule, from
//! genesis, as `canon replay` runs them.

mod common;

use canon::chain::{read_block_file, Chainstate};
use canon::params::{consensus_params, Network};

#[test]
fn mainnet_blocks_1_to_255_connect_from_genesis() {
    let params = consensus_params(Network::Main);
    let path = common::shared_vectors().join("chain/mainnet-blocks-1-255.dat");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let blocks = read_block_file(&bytes, params.message_start).unwrap();
    assert_eq!(blocks.len(), 255);
    let mut chain = Chainstate::new(params);
    for block in &blocks {
        let processed = chain.process_new_block(block).unwrap();
        assert!(processed.new_block && processed.invalid.is_empty());
    }
    assert_eq!(chain.height(), 255);
    assert_eq!(
        chain.tip().hash.to_string(),
        "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c"
    );
    // 267 outputs: 255 coinbases and seven spends (blocks 170, 181, 182,
    // 183, 187, 221, 248, each of one input: the first real signatures).
    assert_eq!(chain.utxos().len(), 267 - 7);
    assert_eq!(chain.utxos().total_amount(), 255 * 50 * 100_000_000);
    // Processing a block again changes nothing.
    let again = chain.process_new_block(&blocks[100]).unwrap();
    assert!(!again.new_block);
    assert_eq!(chain.height(), 255);
    // Dropping old block data keeps the chain and its coins.
    let utxos = chain.utxos().utxo_hash();
    chain.prune_block_data(10);
    chain.prune_block_data(10);
    let status = |height: usize| chain.status(&blocks[height - 1].block_hash()).unwrap();
    assert!(!status(244).have_data && status(245).have_data);
    assert_eq!(chain.utxos().utxo_hash(), utxos);
}
