//! `decode_tx`, `decode_block`, `decode_header`: the decoders are total.
//!
//! For any bytes: decoding returns (never panics, never allocates beyond a
//! small multiple of the input); whatever decodes re-encodes to exactly the
//! bytes it came from (Core's encoding is canonical: non-minimal
//! CompactSizes, superfluous witness flags and trailing bytes are all
//! rejected, so a decodable input has one encoding); and the derived values
//! and the context-free checks run without panicking.

use crate::encoding::{Decode, Encode};
use crate::params::{consensus_params, Network};
use crate::primitives::{Block, BlockHeader, Transaction};
use crate::validation::{check_block, check_block_header, check_transaction};

/// Decodes a transaction; checks the round trip and runs
/// `check_transaction`.
///
/// # Panics
/// When the re-encoding differs from the input or decodes differently.
pub fn decode_tx(data: &[u8]) {
    let Ok(tx) = Transaction::from_bytes(data) else {
        return;
    };
    let encoded = tx.to_bytes();
    assert_eq!(
        encoded, data,
        "a decoded transaction re-encodes to its bytes"
    );
    assert_eq!(Transaction::from_bytes(&encoded).as_ref(), Ok(&tx));
    assert_eq!(
        tx.total_size(),
        data.len(),
        "total_size is the encoded length"
    );
    assert!(tx.stripped_size() <= tx.total_size());
    assert_eq!(tx.weight(), tx.stripped_size() * 3 + tx.total_size());
    if !tx.has_witness() {
        assert_eq!(tx.txid().0, tx.wtxid().0, "txid = wtxid without witness");
    }
    let _ = check_transaction(&tx);
}

/// Decodes a block; checks the round trip, the merkle roots and
/// `check_block` run without panicking.
///
/// # Panics
/// When the re-encoding differs from the input or decodes differently.
pub fn decode_block(data: &[u8]) {
    let Ok(block) = Block::from_bytes(data) else {
        return;
    };
    let encoded = block.to_bytes();
    assert_eq!(encoded, data, "a decoded block re-encodes to its bytes");
    assert_eq!(Block::from_bytes(&encoded).as_ref(), Ok(&block));
    assert_eq!(block.total_size(), data.len());
    assert!(block.stripped_size() <= block.total_size());
    let _ = block.compute_merkle_root();
    let _ = block.compute_witness_merkle_root();
    let _ = check_block(&block, &consensus_params(Network::Regtest));
}

/// Decodes a header (exactly 80 bytes); checks the round trip, the target
/// expansion and the proof-of-work check.
///
/// # Panics
/// When the re-encoding differs from the input.
pub fn decode_header(data: &[u8]) {
    let Ok(header) = BlockHeader::from_bytes(data) else {
        assert_ne!(data.len(), 80, "every 80 bytes are a header");
        return;
    };
    assert_eq!(header.to_bytes(), data, "a header re-encodes to its bytes");
    let _ = header.target();
    let _ = header.work();
    for network in Network::ALL {
        let _ = check_block_header(&header, &consensus_params(network));
    }
}
