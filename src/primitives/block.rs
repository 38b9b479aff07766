//! Block headers and blocks. Core: `src/primitives/block.h`.

use crate::encoding::{write_u32, write_vec, Decode, DecodeError, Encode, Reader, Writer};
use crate::primitives::compact_target::{block_proof, expand_compact, ExpandedTarget};
use crate::primitives::hash::{sha256d, BlockHash, MerkleHash};
use crate::primitives::merkle::{compute_merkle_root, MerkleRoot};
use crate::primitives::transaction::{Transaction, WITNESS_SCALE_FACTOR};
use crate::primitives::uint256::U256;

/// The encoded size of a header.
pub const HEADER_SIZE: usize = 80;

/// The smallest encoded transaction: version, empty vin, flag, lock time.
const MIN_TX_LEN: usize = 10;

/// An 80-byte block header. Core: `CBlockHeader`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHeader {
    /// `nVersion`: signed, as in Core; BIP-0009 signalling lives in its bits.
    pub version: i32,
    /// The hash of the previous block's header.
    pub prev_blockhash: BlockHash,
    /// The merkle root of the block's transactions.
    pub merkle_root: MerkleHash,
    /// `nTime`, seconds since the Unix epoch.
    pub time: u32,
    /// The compact target (`nBits`).
    pub bits: u32,
    /// `nNonce`.
    pub nonce: u32,
}

impl BlockHeader {
    /// The block hash: double SHA-256 of the 80-byte header. Core: `GetHash`.
    pub fn block_hash(&self) -> BlockHash {
        let mut bytes = Vec::with_capacity(HEADER_SIZE);
        self.encode(&mut bytes);
        BlockHash(sha256d(&bytes))
    }

    /// The header's target, expanded from `bits`.
    pub fn target(&self) -> ExpandedTarget {
        expand_compact(self.bits)
    }

    /// The work this header represents. Core: `GetBlockProof`.
    pub fn work(&self) -> U256 {
        block_proof(self.bits)
    }
}

impl Encode for BlockHeader {
    fn encode<W: Writer>(&self, w: &mut W) {
        w.put(&self.version.to_le_bytes());
        w.put(&self.prev_blockhash.0);
        w.put(&self.merkle_root.0);
        write_u32(w, self.time);
        write_u32(w, self.bits);
        write_u32(w, self.nonce);
    }
}

impl Decode for BlockHeader {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(BlockHeader {
            version: i32::from_le_bytes(r.read_array("header version")?),
            prev_blockhash: BlockHash(r.read_array("previous block hash")?),
            merkle_root: MerkleHash(r.read_array("merkle root")?),
            time: r.read_u32("header time")?,
            bits: r.read_u32("header bits")?,
            nonce: r.read_u32("header nonce")?,
        })
    }
}

/// A block: a header and its transactions. Core: `CBlock`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The header.
    pub header: BlockHeader,
    /// The transactions, coinbase first.
    pub transactions: Vec<Transaction>,
}

impl Block {
    /// The block hash (of its header).
    pub fn block_hash(&self) -> BlockHash {
        self.header.block_hash()
    }

    /// The merkle root of the txids, and whether the tree is mutated.
    /// Core: `BlockMerkleRoot`.
    pub fn compute_merkle_root(&self) -> MerkleRoot {
        compute_merkle_root(self.transactions.iter().map(|tx| tx.txid().0).collect())
    }

    /// The witness merkle root (BIP-0141): the merkle root of the wtxids with
    /// the coinbase's replaced by zeros. Core: `BlockWitnessMerkleRoot`.
    pub fn compute_witness_merkle_root(&self) -> MerkleRoot {
        let leaves = self
            .transactions
            .iter()
            .enumerate()
            .map(|(i, tx)| if i == 0 { [0u8; 32] } else { tx.wtxid().0 })
            .collect();
        compute_merkle_root(leaves)
    }

    /// Size in bytes without any witness data.
    pub fn stripped_size(&self) -> usize {
        let txs: usize = self
            .transactions
            .iter()
            .map(Transaction::stripped_size)
            .sum();
        HEADER_SIZE + crate::encoding::compact_size_len(self.transactions.len() as u64) + txs
    }

    /// Size in bytes of the full serialization.
    pub fn total_size(&self) -> usize {
        self.encoded_len()
    }

    /// Weight (BIP-0141): stripped size × 3 + total size. Core: `GetBlockWeight`.
    pub fn weight(&self) -> usize {
        self.stripped_size() * (WITNESS_SCALE_FACTOR - 1) + self.total_size()
    }
}

impl Encode for Block {
    fn encode<W: Writer>(&self, w: &mut W) {
        self.header.encode(w);
        write_vec(w, &self.transactions);
    }
}

impl Decode for Block {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Block {
            header: BlockHeader::decode(r)?,
            transactions: r.read_vec(MIN_TX_LEN, "block transactions", Transaction::decode)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mainnet block 1, from Core's chain.
    const BLOCK1: &str = "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e362990101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff0704ffff001d0104ffffffff0100f2052a0100000043410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac00000000";

    #[test]
    fn block1_hash_and_merkle_root() {
        let bytes = hex::decode(BLOCK1).unwrap();
        let block = Block::from_bytes(&bytes).unwrap();
        assert_eq!(
            block.block_hash().to_string(),
            "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"
        );
        let merkle = block.compute_merkle_root();
        assert_eq!(merkle.root, block.header.merkle_root);
        assert!(!merkle.mutated);
        assert_eq!(block.to_bytes(), bytes);
        assert_eq!(block.weight(), 4 * bytes.len());
    }

    #[test]
    fn lying_transaction_count_fails_fast() {
        let mut bytes = hex::decode(&BLOCK1[..160]).unwrap();
        bytes.extend([0xfe, 0x00, 0x00, 0x00, 0x04]); // 67 million transactions
        let err = Block::from_bytes(&bytes).unwrap_err();
        assert!(matches!(err, DecodeError::CompactSizeTooLarge { .. }));
        let mut bytes = hex::decode(&BLOCK1[..160]).unwrap();
        bytes.extend([0xfe, 0x00, 0x00, 0x00, 0x01]); // 16 million, within MAX_SIZE
        let err = Block::from_bytes(&bytes).unwrap_err();
        assert!(matches!(err, DecodeError::LengthExceedsInput { .. }));
    }
}
