//! The block index: every header canon knows, with its height, cumulative
//! work and validation status, linked to its parent. Core: `CBlockIndex`
//! (`src/chain.h`, `src/chain.cpp`), `BlockManager::AddToBlockIndex`.

use std::collections::HashMap;

use crate::primitives::{BlockHash, BlockHeader, U256};
use crate::validation::{AncestorView, ChainEntry};

/// A position in the [`BlockIndex`].
pub type EntryId = usize;

/// How far a block has been validated. Core: `BlockStatus`'s `BLOCK_VALID_*`
/// levels (canon has no use for `BLOCK_VALID_CHAIN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Validity {
    /// The header passed its checks and its parent is known.
    /// Core: `BLOCK_VALID_TREE`.
    Header,
    /// The block's data passed `check_block` and `contextual_check_block`.
    /// Core: `BLOCK_VALID_TRANSACTIONS`.
    Transactions,
    /// The block was connected: every rule passed. Core: `BLOCK_VALID_SCRIPTS`.
    Scripts,
}

/// A block's validation status. Core: `CBlockIndex::nStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockStatus {
    /// The highest level of validation passed.
    pub validity: Validity,
    /// The block's transactions are stored. Core: `BLOCK_HAVE_DATA`.
    pub have_data: bool,
    /// The block itself broke a rule. Core: `BLOCK_FAILED_VALID`.
    pub failed: bool,
    /// An ancestor broke a rule. Core's former `BLOCK_FAILED_CHILD` (Core
    /// now sets `BLOCK_FAILED_VALID` on descendants too; either way the
    /// block can never be part of the chain).
    pub failed_child: bool,
}

impl BlockStatus {
    /// Whether the block or an ancestor is known to be invalid.
    pub fn is_failed(&self) -> bool {
        self.failed || self.failed_child
    }
}

/// One header in the index.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The block's hash.
    pub hash: BlockHash,
    /// The header.
    pub header: BlockHeader,
    /// Its height: genesis is 0.
    pub height: u32,
    /// The work of the chain up to and including it. Core: `nChainWork`.
    pub chain_work: U256,
    /// Its parent; `None` only for genesis.
    pub prev: Option<EntryId>,
    /// An ancestor further back, to find ancestors in logarithmic steps.
    /// Core: `pskip`.
    skip: Option<EntryId>,
    /// How far it has been validated.
    pub status: BlockStatus,
    /// The order in which blocks became connectable (their data and all
    /// their ancestors' data present): between chains of equal work the
    /// first one wins. Core: `nSequenceId`.
    pub sequence_id: Option<u64>,
}

/// Every known header, by hash and by position. Core: `BlockManager::m_block_index`.
#[derive(Debug, Clone)]
pub struct BlockIndex {
    entries: Vec<IndexEntry>,
    by_hash: HashMap<BlockHash, EntryId>,
}

impl BlockIndex {
    /// An index holding only the genesis header (at [`EntryId`] 0).
    pub fn new(genesis: &BlockHeader) -> Self {
        let hash = genesis.block_hash();
        let entry = IndexEntry {
            hash,
            header: *genesis,
            height: 0,
            chain_work: genesis.work(),
            prev: None,
            skip: None,
            status: BlockStatus {
                validity: Validity::Header,
                have_data: false,
                failed: false,
                failed_child: false,
            },
            sequence_id: None,
        };
        BlockIndex {
            entries: vec![entry],
            by_hash: HashMap::from([(hash, 0)]),
        }
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty (never: genesis is always there).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at `id`.
    pub fn get(&self, id: EntryId) -> &IndexEntry {
        &self.entries[id]
    }

    /// The entry at `id`, to update its status.
    pub fn get_mut(&mut self, id: EntryId) -> &mut IndexEntry {
        &mut self.entries[id]
    }

    /// The entry of the block `hash`, if known.
    pub fn lookup(&self, hash: &BlockHash) -> Option<EntryId> {
        self.by_hash.get(hash).copied()
    }

    /// All entries, in the order they were added.
    pub fn ids(&self) -> std::ops::Range<EntryId> {
        0..self.entries.len()
    }

    /// Adds `header` as a child of `prev`, with status [`Validity::Header`].
    /// Core: `BlockManager::AddToBlockIndex`.
    pub fn insert(&mut self, header: &BlockHeader, prev: EntryId) -> EntryId {
        let hash = header.block_hash();
        let parent = &self.entries[prev];
        let height = parent.height + 1;
        let entry = IndexEntry {
            hash,
            header: *header,
            height,
            chain_work: parent.chain_work.wrapping_add(header.work()),
            prev: Some(prev),
            skip: self.ancestor(prev, skip_height(height)),
            status: BlockStatus {
                validity: Validity::Header,
                have_data: false,
                failed: false,
                failed_child: false,
            },
            sequence_id: None,
        };
        let id = self.entries.len();
        self.entries.push(entry);
        self.by_hash.insert(hash, id);
        id
    }

    /// The ancestor of `id` at `height` (itself at its own height), or
    /// `None` above it. Follows skip pointers where they do not overshoot.
    /// Core: `CBlockIndex::GetAncestor`.
    pub fn ancestor(&self, id: EntryId, height: u32) -> Option<EntryId> {
        let mut walk = id;
        let mut walk_height = self.entries[id].height;
        if height > walk_height {
            return None;
        }
        while walk_height > height {
            let entry = &self.entries[walk];
            let skip = skip_height(walk_height);
            let skip_prev = skip_height(walk_height - 1);
            let take_skip = entry.skip.is_some()
                && (skip == height
                    || (skip > height && !(skip_prev + 2 < skip && skip_prev >= height)));
            if take_skip {
                walk = entry.skip.expect("checked above");
                walk_height = skip;
            } else {
                walk = entry.prev.expect("only genesis has no parent, at height 0");
                walk_height -= 1;
            }
        }
        Some(walk)
    }

    /// The chain ending at `tip`, as validation reads ancestors.
    pub fn view(&self, tip: EntryId) -> IndexView<'_> {
        IndexView { index: self, tip }
    }
}

/// The height a skip pointer at `height` points to: the height with its
/// lowest set bit cleared (twice, plus one, for odd heights), which makes
/// any ancestor reachable in O(log n) steps. Core: `GetSkipHeight`.
fn skip_height(height: u32) -> u32 {
    let clear_lowest_bit = |n: u32| n & n.wrapping_sub(1);
    if height < 2 {
        0
    } else if height & 1 == 1 {
        clear_lowest_bit(clear_lowest_bit(height - 1)) + 1
    } else {
        clear_lowest_bit(height)
    }
}

/// The chain from genesis to `tip` of a [`BlockIndex`].
#[derive(Debug, Clone, Copy)]
pub struct IndexView<'a> {
    index: &'a BlockIndex,
    tip: EntryId,
}

impl IndexView<'_> {
    fn at(&self, height: u32) -> &IndexEntry {
        let id = self
            .index
            .ancestor(self.tip, height)
            .expect("validation asks only for heights up to the tip");
        self.index.get(id)
    }
}

impl AncestorView for IndexView<'_> {
    fn tip_height(&self) -> u32 {
        self.index.get(self.tip).height
    }

    fn entry(&self, height: u32) -> ChainEntry {
        ChainEntry::from(&self.at(height).header)
    }

    fn block_hash(&self, height: u32) -> Option<BlockHash> {
        Some(self.at(height).hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(prev: BlockHash, nonce: u32) -> BlockHeader {
        BlockHeader {
            version: 1,
            prev_blockhash: prev,
            merkle_root: Default::default(),
            time: 0,
            bits: 0x207fffff,
            nonce,
        }
    }

    #[test]
    fn skip_heights_match_core() {
        let expected = [
            (0, 0),
            (1, 0),
            (2, 0),
            (3, 1),
            (4, 0),
            (5, 1),
            (6, 4),
            (7, 1),
            (8, 0),
        ];
        for (height, skip) in expected {
            assert_eq!(skip_height(height), skip, "height {height}");
        }
        assert_eq!(skip_height(1000), 992);
        assert_eq!(skip_height(1001), 961);
    }

    #[test]
    fn ancestors_on_a_long_chain_and_a_fork() {
        let genesis = header(BlockHash::ZERO, 0);
        let mut index = BlockIndex::new(&genesis);
        let mut tip = 0;
        for n in 1..=1000 {
            let h = header(index.get(tip).hash, n);
            tip = index.insert(&h, tip);
        }
        for height in [0, 1, 2, 3, 500, 511, 512, 999, 1000] {
            let id = index.ancestor(tip, height).unwrap();
            assert_eq!(index.get(id).height, height);
            assert_eq!(id, height as usize, "ids follow heights on this chain");
        }
        assert_eq!(index.ancestor(tip, 1001), None);
        let fork_parent = index.ancestor(tip, 700).unwrap();
        let fork = index.insert(&header(index.get(fork_parent).hash, 5000), fork_parent);
        assert_eq!(index.ancestor(fork, 700), Some(fork_parent));
        assert_eq!(index.ancestor(fork, 3), Some(3));
        let work = index.get(fork).chain_work;
        assert_eq!(work, index.get(701).chain_work);
        assert_eq!(index.view(fork).tip_height(), 701);
    }
}
