//! Bitcoin's data structures: hashes, transactions, blocks, merkle trees and
//! the compact target. Core: `src/primitives/`, `src/consensus/merkle.cpp`,
//! `src/arith_uint256.h`.

pub mod block;
pub mod compact_target;
pub mod hash;
pub mod merkle;
pub mod transaction;
pub mod uint256;

pub use block::{Block, BlockHeader};
pub use hash::{BlockHash, MerkleHash, Txid, Wtxid};
pub use transaction::{OutPoint, Transaction, TxIn, TxOut, Witness};
pub use uint256::U256;
