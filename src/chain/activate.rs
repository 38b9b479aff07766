//! Reaching the best chain: choosing the most-work valid tip, then
//! disconnecting and connecting blocks until it is active. Core:
//! `ActivateBestChain`, `ActivateBestChainStep`, `FindMostWorkChain`,
//! `ConnectTip`, `DisconnectTip`, `InvalidBlockFound`, `InvalidChainFound`
//! in `src/validation.cpp`.

use crate::chain::chainstate::Chainstate;
use crate::chain::error::ChainError;
use crate::chain::index::{EntryId, Validity};
use crate::primitives::BlockHash;
use crate::validation::{
    connect_block, disconnect_block, BlockError, ChainContext, DisconnectResult,
};

impl Chainstate {
    /// Moves the active chain to the best valid candidate, reorganising if
    /// needed, and returns the blocks found invalid on the way.
    ///
    /// # Consensus
    /// The best chain is the one with the most cumulative work; between
    /// equal work, the tip that became connectable first (`CHAIN-BEST`). If
    /// a block fails to connect it is marked invalid (its descendants too),
    /// and the best chain is chosen again from what remains, which may take
    /// the chain back to where it was (`CHAIN-REORG`). Core: `ActivateBestChain`.
    ///
    /// # Errors
    /// [`ChainError::DisconnectFailed`] if undo data does not fit.
    pub(super) fn activate_best_chain(
        &mut self,
    ) -> Result<Vec<(BlockHash, BlockError)>, ChainError> {
        let mut invalid = Vec::new();
        let mut target = None;
        loop {
            let best = match target {
                Some(best) => best,
                None => match self.find_most_work_chain() {
                    Some(best) => best,
                    None => break,
                },
            };
            if best == self.tip_id() {
                break;
            }
            target = Some(best);
            if let Some(failure) = self.activate_best_chain_step(best)? {
                invalid.push(failure);
                target = None;
            }
        }
        Ok(invalid)
    }

    /// The best candidate whose every block not in the active chain is
    /// still valid. Candidates descending from an invalid block are dropped
    /// on the way. Core: `FindMostWorkChain` (canon keeps every block's
    /// data, so a candidate never lacks an ancestor's data).
    fn find_most_work_chain(&mut self) -> Option<EntryId> {
        loop {
            let best = self.candidates.last()?.id;
            let mut walk = best;
            let mut failed = None;
            while !self.active_contains(walk) {
                let entry = self.index.get(walk);
                if entry.status.is_failed() || !entry.status.have_data {
                    failed = Some(walk);
                    break;
                }
                walk = entry.prev.expect("genesis is in the active chain");
            }
            let Some(failed) = failed else {
                return Some(best);
            };
            let mut drop = best;
            while drop != failed {
                let key = self.candidate_key(drop);
                self.candidates.remove(&key);
                drop = self.index.get(drop).prev.expect("failed is an ancestor");
            }
            if self.index.get(failed).sequence_id.is_some() {
                let key = self.candidate_key(failed);
                self.candidates.remove(&key);
            }
        }
    }

    /// Disconnects to the fork point with `target`'s chain, then connects
    /// towards `target`. Returns the block that failed to connect, if any.
    /// Core: `ActivateBestChainStep`.
    fn activate_best_chain_step(
        &mut self,
        target: EntryId,
    ) -> Result<Option<(BlockHash, BlockError)>, ChainError> {
        let fork = self.find_fork(target);
        while self.tip_id() != fork {
            self.disconnect_tip()?;
        }
        let fork_height = self.index.get(fork).height;
        let mut path = Vec::new();
        let mut walk = target;
        while self.index.get(walk).height > fork_height {
            path.push(walk);
            walk = self.index.get(walk).prev.expect("above the fork");
        }
        for &id in path.iter().rev() {
            if let Err(error) = self.connect_tip(id) {
                return Ok(Some((self.index.get(id).hash, error)));
            }
            self.prune_candidates();
        }
        Ok(None)
    }

    /// The last block `target`'s chain shares with the active chain.
    /// Core: `CChain::FindFork`.
    fn find_fork(&self, target: EntryId) -> EntryId {
        let tip_height = self.height();
        let mut walk = target;
        if self.index.get(walk).height > tip_height {
            walk = self.index.ancestor(walk, tip_height).expect("below target");
        }
        while !self.active_contains(walk) {
            walk = self.index.get(walk).prev.expect("genesis is shared");
        }
        walk
    }

    /// Connects the block `id`, a child of the tip, to the UTXO set.
    /// Core: `ConnectTip`.
    fn connect_tip(&mut self, id: EntryId) -> Result<(), BlockError> {
        let prev = self
            .index
            .get(id)
            .prev
            .expect("genesis is connected already");
        debug_assert_eq!(prev, self.tip_id());
        let block = &self.blocks[&id];
        let view = self.index.view(prev);
        let context = ChainContext::new(&view);
        let result = connect_block(block, &context, &mut self.utxos, &self.params);
        match result {
            Ok(connected) => {
                self.undo.insert(id, connected.undo);
                let status = &mut self.index.get_mut(id).status;
                status.validity = status.validity.max(Validity::Scripts);
                self.active.push(id);
                Ok(())
            }
            Err(error) => {
                self.invalid_block_found(id, &error);
                Err(error)
            }
        }
    }

    /// Disconnects the tip, restoring the coins it spent.
    /// Core: `DisconnectTip`.
    fn disconnect_tip(&mut self) -> Result<(), ChainError> {
        let id = self.tip_id();
        let entry = self.index.get(id);
        let hash = entry.hash;
        let failed = ChainError::DisconnectFailed { hash };
        let (Some(block), Some(undo)) = (self.blocks.get(&id), self.undo.get(&id)) else {
            return Err(failed);
        };
        if entry.prev.is_none() {
            return Err(failed);
        }
        let result = disconnect_block(
            block,
            entry.height,
            hash,
            undo,
            &mut self.utxos,
            &self.params,
        );
        if result != DisconnectResult::Ok {
            return Err(failed);
        }
        self.undo.remove(&id);
        self.active.pop();
        Ok(())
    }

    /// Drops candidates worse than the tip. Core: `PruneBlockIndexCandidates`.
    fn prune_candidates(&mut self) {
        let tip = self.candidate_key(self.tip_id());
        self.candidates = self.candidates.split_off(&tip);
    }

    /// Marks a block that broke a rule invalid, unless the failure is a
    /// mutation (the block's data, not its header, may be at fault).
    /// Core: `InvalidBlockFound`.
    pub(super) fn invalid_block_found(&mut self, id: EntryId, error: &BlockError) {
        if error.is_mutation() {
            return;
        }
        self.index.get_mut(id).status.failed = true;
        if self.index.get(id).sequence_id.is_some() {
            let key = self.candidate_key(id);
            self.candidates.remove(&key);
        }
        self.set_block_failure_flags(id);
    }

    /// Marks every known descendant of the invalid block `id` as failed.
    /// Core: `InvalidChainFound`, `SetBlockFailureFlags`.
    fn set_block_failure_flags(&mut self, id: EntryId) {
        let height = self.index.get(id).height;
        for other in self.index.ids() {
            if other != id && self.index.ancestor(other, height) == Some(id) {
                self.index.get_mut(other).status.failed_child = true;
            }
        }
    }
}
