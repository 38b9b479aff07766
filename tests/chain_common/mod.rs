//! Helpers shared by the chain integration tests: regtest chains built by
//! the block builder, and processing a block down to its reject reason.

#![allow(dead_code)]

use canon::chain::{coinbase_output, BlockBuilder, RegtestChain, TestKey, TxBuilder, Unlock};
use canon::primitives::{Block, OutPoint, TxOut};

/// Builds and processes `builder` on `chain`: the block, if it became the
/// tip, or the reject reason, whether the block was refused when accepted
/// or found invalid when connected.
pub fn try_block(chain: &mut RegtestChain, builder: &BlockBuilder) -> Result<Block, String> {
    match chain.mine(builder) {
        Err(error) => Err(error.reject_reason().into_owned()),
        Ok((block, processed)) => {
            if let Some((hash, error)) = processed.invalid.first() {
                assert_eq!(*hash, block.block_hash(), "only this block can fail");
                return Err(error.reject_reason().into_owned());
            }
            assert_eq!(
                chain.chain.tip().hash,
                block.block_hash(),
                "the block is the tip"
            );
            Ok(block)
        }
    }
}

/// A regtest chain of 100 + `extra` blocks: at the next block the
/// coinbases of heights 1 to `extra + 1` are mature. Returns the chain and
/// every block mined, genesis excluded (`blocks[h - 1]` is at height h).
pub fn mature_chain(extra: usize) -> (RegtestChain, Vec<Block>) {
    let mut chain = RegtestChain::new();
    let blocks = chain.mine_empty(100 + extra);
    (chain, blocks)
}

/// A transaction spending the coinbase output of `block` by P2WPKH with
/// `key` (the chain's), paying `value` to `script`.
pub fn spend_coinbase(key: TestKey, block: &Block, value: i64, script: Vec<u8>) -> TxBuilder {
    let (outpoint, output): (OutPoint, TxOut) = coinbase_output(block, 0);
    TxBuilder::new()
        .input(outpoint, output, Unlock::P2wpkh(key))
        .output(value, script)
}
