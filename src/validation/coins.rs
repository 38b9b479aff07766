//! The coins a block spends, seen from validation; the undo data that lets a
//! connected block be disconnected exactly.
//!
//! The UTXO set lives in `chain`, above `validation`. So `validation` defines
//! the little it needs — a [`Coin`] and a [`CoinsView`] to look one up, spend
//! it and add one — and `chain` implements the view over the real set.
//! [`CoinsOverlay`] layers pending changes over any view, so that a block
//! that fails half-way leaves the view untouched (Core: `CCoinsViewCache`).
//! Core: `src/coins.h`, `src/undo.h`.

use std::collections::HashMap;

use crate::primitives::{OutPoint, Transaction, TxOut};
use crate::script::interpreter::MAX_SCRIPT_SIZE;
use crate::script::opcodes::OP_RETURN;

/// An unspent transaction output with the facts validation needs about its
/// creation. Core: `Coin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coin {
    /// The output itself: value and scriptPubKey.
    pub output: TxOut,
    /// The height of the block that created it.
    pub height: u32,
    /// Whether a coinbase created it (it then matures after 100 blocks).
    pub is_coinbase: bool,
}

/// A set of unspent outputs that validation reads and changes.
/// Core: `CCoinsView`/`CCoinsViewCache` (`AccessCoin`, `SpendCoin`, `AddCoin`).
pub trait CoinsView {
    /// The unspent coin at `outpoint`, if any.
    fn access_coin(&self, outpoint: &OutPoint) -> Option<&Coin>;

    /// Removes and returns the unspent coin at `outpoint`, if any.
    fn spend_coin(&mut self, outpoint: &OutPoint) -> Option<Coin>;

    /// Adds `coin` at `outpoint`, replacing any coin there (validation only
    /// overwrites where Core allows it: BIP-0030's two repeated coinbases).
    fn add_coin(&mut self, outpoint: OutPoint, coin: Coin);

    /// Whether an unspent coin exists at `outpoint`. Core: `HaveCoin`.
    fn have_coin(&self, outpoint: &OutPoint) -> bool {
        self.access_coin(outpoint).is_some()
    }
}

/// The coins one transaction spent, in input order. Core: `CTxUndo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TxUndo {
    /// The spent coins, one per input.
    pub spent: Vec<Coin>,
}

/// What disconnecting a block must restore: the coins spent by each of its
/// transactions but the coinbase, in block order. Core: `CBlockUndo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockUndo {
    /// One entry per non-coinbase transaction.
    pub txs: Vec<TxUndo>,
}

/// Whether an output can never be spent, so that it is not kept as a coin:
/// its script starts with `OP_RETURN` or is longer than `MAX_SCRIPT_SIZE`
/// (10 000 bytes). Core: `CScript::IsUnspendable`.
pub fn is_unspendable(script_pubkey: &[u8]) -> bool {
    script_pubkey.first() == Some(&OP_RETURN) || script_pubkey.len() > MAX_SCRIPT_SIZE
}

/// The outputs of `tx` that become coins, with their outpoints: every output
/// but the provably unspendable ones.
pub fn spendable_outputs(tx: &Transaction) -> impl Iterator<Item = (OutPoint, &TxOut)> {
    let txid = tx.txid();
    tx.outputs
        .iter()
        .enumerate()
        .filter(|(_, output)| !is_unspendable(&output.script_pubkey))
        .map(move |(vout, output)| {
            (
                OutPoint {
                    txid,
                    vout: vout as u32,
                },
                output,
            )
        })
}

/// Adds the spendable outputs of `tx`, created in a block at `height`, to
/// `view`. Core: `AddCoins` (whose `AddCoin` skips unspendable outputs).
pub fn add_coins(view: &mut dyn CoinsView, tx: &Transaction, height: u32) {
    let is_coinbase = tx.is_coinbase();
    for (outpoint, output) in spendable_outputs(tx) {
        let coin = Coin {
            output: output.clone(),
            height,
            is_coinbase,
        };
        view.add_coin(outpoint, coin);
    }
}

/// Changes layered over a [`CoinsView`]: reads fall through to the base,
/// writes stay here until [`CoinsOverlay::flush`]. Dropping the overlay
/// discards them. Core: `CCoinsViewCache`.
pub struct CoinsOverlay<'a> {
    base: &'a mut dyn CoinsView,
    /// `Some(coin)`: added here; `None`: spent here.
    changes: HashMap<OutPoint, Option<Coin>>,
}

impl<'a> CoinsOverlay<'a> {
    /// An empty overlay over `base`.
    pub fn new(base: &'a mut dyn CoinsView) -> Self {
        CoinsOverlay {
            base,
            changes: HashMap::new(),
        }
    }

    /// Writes every change to the base view.
    pub fn flush(self) {
        for (outpoint, change) in self.changes {
            match change {
                Some(coin) => self.base.add_coin(outpoint, coin),
                None => {
                    self.base.spend_coin(&outpoint);
                }
            }
        }
    }
}

impl CoinsView for CoinsOverlay<'_> {
    fn access_coin(&self, outpoint: &OutPoint) -> Option<&Coin> {
        match self.changes.get(outpoint) {
            Some(change) => change.as_ref(),
            None => self.base.access_coin(outpoint),
        }
    }

    fn spend_coin(&mut self, outpoint: &OutPoint) -> Option<Coin> {
        let coin = match self.changes.get_mut(outpoint) {
            Some(change) => change.take(),
            None => self.base.access_coin(outpoint).cloned(),
        };
        if coin.is_some() {
            self.changes.insert(*outpoint, None);
        }
        coin
    }

    fn add_coin(&mut self, outpoint: OutPoint, coin: Coin) {
        self.changes.insert(outpoint, Some(coin));
    }
}

/// A plain in-memory coins view, for tests and tools.
impl CoinsView for HashMap<OutPoint, Coin> {
    fn access_coin(&self, outpoint: &OutPoint) -> Option<&Coin> {
        self.get(outpoint)
    }

    fn spend_coin(&mut self, outpoint: &OutPoint) -> Option<Coin> {
        self.remove(outpoint)
    }

    fn add_coin(&mut self, outpoint: OutPoint, coin: Coin) {
        self.insert(outpoint, coin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::Txid;

    fn coin(value: i64) -> Coin {
        Coin {
            output: TxOut {
                value,
                script_pubkey: vec![0x51],
            },
            height: 1,
            is_coinbase: false,
        }
    }

    fn outpoint(n: u8) -> OutPoint {
        OutPoint {
            txid: Txid([n; 32]),
            vout: 0,
        }
    }

    #[test]
    fn overlay_reads_through_and_discards_on_drop() {
        let mut base: HashMap<OutPoint, Coin> = HashMap::new();
        base.add_coin(outpoint(1), coin(10));
        {
            let mut overlay = CoinsOverlay::new(&mut base);
            assert_eq!(overlay.spend_coin(&outpoint(1)), Some(coin(10)));
            assert!(!overlay.have_coin(&outpoint(1)));
            assert_eq!(overlay.spend_coin(&outpoint(1)), None);
            overlay.add_coin(outpoint(2), coin(20));
            assert!(overlay.have_coin(&outpoint(2)));
        }
        assert!(base.have_coin(&outpoint(1)) && !base.have_coin(&outpoint(2)));
    }

    #[test]
    fn overlay_flush_applies_changes() {
        let mut base: HashMap<OutPoint, Coin> = HashMap::new();
        base.add_coin(outpoint(1), coin(10));
        let mut overlay = CoinsOverlay::new(&mut base);
        overlay.spend_coin(&outpoint(1));
        overlay.add_coin(outpoint(2), coin(20));
        overlay.add_coin(outpoint(3), coin(30));
        assert_eq!(overlay.spend_coin(&outpoint(3)), Some(coin(30)));
        overlay.flush();
        assert_eq!(base.len(), 1);
        assert_eq!(base.access_coin(&outpoint(2)), Some(&coin(20)));
    }
}
