//! What connecting a block needs to know of its place in the chain: its
//! height, the median time past of its ancestors (BIP-0068, BIP-0113) and
//! the hash of one ancestor (BIP-0030's shortcut). Core reads these off the
//! block's `CBlockIndex`.
//!
//! In the chain every fact is known: [`ChainContext`] answers from an
//! [`AncestorView`]. A tool that checks a lone block against a UTXO set
//! knows only some of them; a partial context returns `None` for the rest,
//! and the rules that needed them report themselves as skipped instead of
//! guessing.

use crate::primitives::BlockHash;
use crate::validation::ancestors::{median_time_past_at, AncestorView};

/// The chain below a block being connected.
pub trait BlockContext {
    /// The height of the block being connected.
    fn height(&self) -> u32;

    /// The median time past of the ancestor at `height` (below
    /// [`height`](Self::height)), if known.
    fn median_time_past(&self, height: u32) -> Option<i64>;

    /// The hash of the ancestor at `height` (below
    /// [`height`](Self::height)), if known.
    fn ancestor_hash(&self, height: u32) -> Option<BlockHash>;
}

/// The full context of a block whose parent is the tip of `prev`.
pub struct ChainContext<'a, V: AncestorView + ?Sized> {
    prev: &'a V,
}

impl<'a, V: AncestorView + ?Sized> ChainContext<'a, V> {
    /// The context of the child of `prev`'s tip.
    pub fn new(prev: &'a V) -> Self {
        ChainContext { prev }
    }
}

impl<V: AncestorView + ?Sized> BlockContext for ChainContext<'_, V> {
    fn height(&self) -> u32 {
        self.prev.tip_height() + 1
    }

    fn median_time_past(&self, height: u32) -> Option<i64> {
        Some(median_time_past_at(self.prev, height))
    }

    fn ancestor_hash(&self, height: u32) -> Option<BlockHash> {
        self.prev.block_hash(height)
    }
}

/// A context that knows only the block's height and, optionally, its
/// parent's median time past: what `canon connect` is told on its command
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialContext {
    /// The height of the block.
    pub height: u32,
    /// The median time past of its parent, if given.
    pub prev_mtp: Option<i64>,
}

impl BlockContext for PartialContext {
    fn height(&self) -> u32 {
        self.height
    }

    fn median_time_past(&self, height: u32) -> Option<i64> {
        if height + 1 == self.height {
            self.prev_mtp
        } else {
            None
        }
    }

    fn ancestor_hash(&self, _height: u32) -> Option<BlockHash> {
        None
    }
}
