//! The chain: the block index, the UTXO set with undo data, choosing the
//! best chain and reorganising to it, and reading blocks from block files.
//! Core: `src/chain.h`, `src/coins.h`, `src/node/blockstorage.cpp`,
//! `ChainstateManager` in `src/validation.cpp`. Rules are listed in
//! `spec/chain.md`.
//!
//! This layer implements the views validation reads ([`AncestorView`] over
//! the index, [`CoinsView`] over the UTXO set) and calls validation's rules;
//! it adds no consensus rule of its own beyond choosing the chain.
//!
//! [`AncestorView`]: crate::validation::AncestorView
//! [`CoinsView`]: crate::validation::CoinsView

pub mod activate;
pub mod block_file;
pub mod builder;
pub mod chainstate;
pub mod error;
pub mod index;
pub mod spend;
pub mod utxo;

pub use block_file::{read_block_file, BlockFileError};
pub use builder::{coinbase_output, mine, output_of, BlockBuilder, RegtestChain};
pub use chainstate::{Chainstate, Processed};
pub use error::ChainError;
pub use index::{BlockIndex, BlockStatus, EntryId, IndexEntry, IndexView, Validity};
pub use spend::{p2wsh, phantom_coin, TestKey, TxBuilder, Unlock};
pub use utxo::UtxoSet;
