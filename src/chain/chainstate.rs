//! The chain state: the block index, the blocks' data, the active chain and
//! its UTXO set; accepting headers and blocks. Core: `ChainstateManager`
//! and `Chainstate` (`ProcessNewBlock`, `AcceptBlockHeader`, `AcceptBlock`,
//! `ReceivedBlockTransactions`) in `src/validation.cpp`.
//!
//! Choosing and reaching the best chain is in [`super::activate`].

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

use crate::chain::error::ChainError;
use crate::chain::index::{BlockIndex, BlockStatus, EntryId, IndexEntry, IndexView, Validity};
use crate::chain::utxo::UtxoSet;
use crate::params::{genesis_block, ConsensusParams};
use crate::primitives::{Block, BlockHash, BlockHeader, U256};
use crate::validation::{
    check_block, check_block_header, contextual_check_block, contextual_check_block_header,
    median_time_past, BlockError, BlockUndo,
};

/// A candidate tip, ordered as Core orders them: more work first, then the
/// earlier connectable. Core: `CBlockIndexWorkComparator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct CandidateKey {
    pub work: U256,
    pub order: Reverse<u64>,
    pub id: EntryId,
}

/// What processing a block did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Processed {
    /// The block was new: its data was stored now.
    pub new_block: bool,
    /// Blocks found invalid while reaching the best chain (this one or
    /// others), with the rule each broke, in the order found.
    pub invalid: Vec<(BlockHash, BlockError)>,
}

/// A node's view of the block chain, in memory.
#[derive(Clone)]
pub struct Chainstate {
    pub(super) params: ConsensusParams,
    pub(super) index: BlockIndex,
    /// The active chain: `active[h]` is the block at height `h`. Core: `m_chain`.
    pub(super) active: Vec<EntryId>,
    pub(super) utxos: UtxoSet,
    pub(super) blocks: HashMap<EntryId, Block>,
    pub(super) undo: HashMap<EntryId, BlockUndo>,
    /// Tips that may be better than the active one. Core: `setBlockIndexCandidates`.
    pub(super) candidates: BTreeSet<CandidateKey>,
    /// Blocks with data whose parent's data is missing, by parent.
    /// Core: `m_blocks_unlinked`.
    pub(super) unlinked: HashMap<EntryId, Vec<EntryId>>,
    next_sequence_id: u64,
    clock: Option<i64>,
    /// Active blocks below this height have had their data dropped.
    pruned_below: u32,
}

impl Chainstate {
    /// A chain state holding only the network's genesis block, connected
    /// (its coinbase creates no coin). Core: `LoadGenesisBlock`.
    pub fn new(params: ConsensusParams) -> Self {
        let genesis = genesis_block(params.network);
        let mut chain = Chainstate {
            index: BlockIndex::new(&genesis.header),
            params,
            active: Vec::new(),
            utxos: UtxoSet::new(),
            blocks: HashMap::new(),
            undo: HashMap::new(),
            candidates: BTreeSet::new(),
            unlinked: HashMap::new(),
            next_sequence_id: 1,
            clock: None,
            pruned_below: 0,
        };
        chain.received_block_transactions(genesis, 0);
        chain.index.get_mut(0).status.validity = Validity::Scripts;
        chain.undo.insert(0, BlockUndo::default());
        chain.active.push(0);
        chain
    }

    /// Sets the clock headers are checked against (`time-too-new`), in Unix
    /// seconds; by default the system clock.
    pub fn set_clock(&mut self, now: i64) {
        self.clock = Some(now);
    }

    /// The consensus parameters.
    pub fn params(&self) -> &ConsensusParams {
        &self.params
    }

    /// The block index.
    pub fn index(&self) -> &BlockIndex {
        &self.index
    }

    /// The UTXO set of the active chain.
    pub fn utxos(&self) -> &UtxoSet {
        &self.utxos
    }

    /// The tip of the active chain.
    pub fn tip(&self) -> &IndexEntry {
        self.index.get(self.tip_id())
    }

    pub(super) fn tip_id(&self) -> EntryId {
        *self.active.last().expect("genesis is always active")
    }

    /// The height of the tip.
    pub fn height(&self) -> u32 {
        self.tip().height
    }

    /// The median time past of the tip.
    pub fn median_time_past(&self) -> i64 {
        median_time_past(&self.active_view())
    }

    /// The active chain, as validation reads ancestors.
    pub fn active_view(&self) -> IndexView<'_> {
        self.index.view(self.tip_id())
    }

    /// The hash of the active block at `height`.
    pub fn hash_at(&self, height: u32) -> Option<BlockHash> {
        let id = *self.active.get(height as usize)?;
        Some(self.index.get(id).hash)
    }

    /// The status of the block `hash`, if its header is known.
    pub fn status(&self, hash: &BlockHash) -> Option<BlockStatus> {
        Some(self.index.get(self.index.lookup(hash)?).status)
    }

    /// Whether the block `hash` is in the active chain.
    pub fn is_active(&self, hash: &BlockHash) -> bool {
        self.index
            .lookup(hash)
            .is_some_and(|id| self.active_contains(id))
    }

    pub(super) fn active_contains(&self, id: EntryId) -> bool {
        let height = self.index.get(id).height as usize;
        self.active.get(height) == Some(&id)
    }

    /// Drops the data and undo data of active blocks more than `keep`
    /// blocks below the tip; a reorganisation cannot go back past them.
    /// Core: pruning (which keeps at least 288).
    pub fn prune_block_data(&mut self, keep: u32) {
        let Some(last) = self.height().checked_sub(keep) else {
            return;
        };
        for height in self.pruned_below.min(last)..last {
            let id = self.active[height as usize];
            if self.blocks.remove(&id).is_some() {
                self.undo.remove(&id);
                self.index.get_mut(id).status.have_data = false;
            }
        }
        self.pruned_below = self.pruned_below.max(last);
    }

    /// Takes a new block: checks it, stores it, and moves to the best chain.
    ///
    /// # Consensus
    /// A block failing `check_block` is refused without being remembered as
    /// invalid: its data may simply be corrupted. Then its header is
    /// accepted ([`Chainstate::process_new_block_header`]); a block already
    /// stored is not processed again; `check_block` and
    /// `contextual_check_block` failures mark it invalid, unless the block
    /// is mutated. Last the most-work valid chain is activated, which may
    /// find this or other blocks invalid (reported in [`Processed`]).
    /// Core: `ProcessNewBlock`, `AcceptBlock` (with `fRequested`: canon has
    /// no anti-DoS limits on unrequested blocks).
    ///
    /// # Errors
    /// [`ChainError`] when the block or its header is refused.
    pub fn process_new_block(&mut self, block: &Block) -> Result<Processed, ChainError> {
        let hash = block.block_hash();
        check_block(block, &self.params).map_err(|error| ChainError::Invalid { hash, error })?;
        let id = self.accept_block_header(&block.header)?;
        if self.index.get(id).status.have_data {
            return Ok(Processed::default());
        }
        let prev = self.index.get(id).prev.expect("genesis is stored");
        if let Err(error) = contextual_check_block(block, &self.index.view(prev), &self.params) {
            self.invalid_block_found(id, &error);
            return Err(ChainError::Invalid { hash, error });
        }
        self.received_block_transactions(block.clone(), id);
        let invalid = self.activate_best_chain()?;
        Ok(Processed {
            new_block: true,
            invalid,
        })
    }

    /// Takes a header without its block. See `accept_block_header`.
    ///
    /// # Errors
    /// As [`Chainstate::process_new_block`] for header failures.
    pub fn process_new_block_header(
        &mut self,
        header: &BlockHeader,
    ) -> Result<BlockHash, ChainError> {
        let id = self.accept_block_header(header)?;
        Ok(self.index.get(id).hash)
    }

    /// Adds a header to the index.
    ///
    /// # Consensus
    /// A known header is accepted again unless it is marked invalid
    /// (`CHAIN-DUPLICATE-INVALID`). A new one must pass
    /// `check_block_header` (`POW-HIGH-HASH`), have a known parent
    /// (`CHAIN-ORPHAN`) that is not invalid (`CHAIN-INVALID-PREV`), and pass
    /// `contextual_check_block_header` against its ancestors and the clock.
    /// A header that fails is not added to the index. Core: `AcceptBlockHeader`.
    fn accept_block_header(&mut self, header: &BlockHeader) -> Result<EntryId, ChainError> {
        let hash = header.block_hash();
        if let Some(id) = self.index.lookup(&hash) {
            if self.index.get(id).status.is_failed() {
                return Err(ChainError::DuplicateInvalid { hash });
            }
            return Ok(id);
        }
        let invalid = |error| ChainError::Invalid { hash, error };
        check_block_header(header, &self.params).map_err(invalid)?;
        let prev_hash = header.prev_blockhash;
        let prev = self
            .index
            .lookup(&prev_hash)
            .ok_or(ChainError::MissingPrev {
                hash,
                prev: prev_hash,
            })?;
        if self.index.get(prev).status.is_failed() {
            return Err(ChainError::InvalidPrev { hash });
        }
        let now = self.clock.unwrap_or_else(system_time);
        contextual_check_block_header(header, &self.index.view(prev), now, &self.params)
            .map_err(invalid)?;
        Ok(self.index.insert(header, prev))
    }

    /// Stores a checked block and, once it and all its ancestors have data,
    /// gives it (and any waiting descendants) a sequence id and makes it a
    /// candidate tip. Core: `ReceivedBlockTransactions`.
    fn received_block_transactions(&mut self, block: Block, id: EntryId) {
        self.blocks.insert(id, block);
        let entry = self.index.get_mut(id);
        entry.status.have_data = true;
        entry.status.validity = entry.status.validity.max(Validity::Transactions);
        let parent = entry.prev;
        if let Some(prev) = parent.filter(|&prev| self.index.get(prev).sequence_id.is_none()) {
            if !self.index.get(prev).status.is_failed() {
                self.unlinked.entry(prev).or_default().push(id);
            }
            return;
        }
        let mut queue = std::collections::VecDeque::from([id]);
        while let Some(next) = queue.pop_front() {
            self.index.get_mut(next).sequence_id = Some(self.next_sequence_id);
            self.next_sequence_id += 1;
            self.try_add_candidate(next);
            queue.extend(self.unlinked.remove(&next).unwrap_or_default());
        }
    }

    /// The candidate key of a connectable block.
    pub(super) fn candidate_key(&self, id: EntryId) -> CandidateKey {
        let entry = self.index.get(id);
        CandidateKey {
            work: entry.chain_work,
            order: Reverse(entry.sequence_id.expect("candidates are connectable")),
            id,
        }
    }

    /// Makes `id` a candidate tip unless it is worse than the active tip.
    /// Core: `TryAddBlockIndexCandidate`.
    fn try_add_candidate(&mut self, id: EntryId) {
        let key = self.candidate_key(id);
        if let Some(&tip) = self.active.last() {
            if key < self.candidate_key(tip) {
                return;
            }
        }
        self.candidates.insert(key);
    }
}

/// The system clock in Unix seconds.
fn system_time() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
