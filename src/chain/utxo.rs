//! The UTXO set: every unspent output of the active chain, in memory.
//! Core: `CCoinsViewDB` with its cache (`src/txdb.cpp`, `src/coins.cpp`).

use std::collections::HashMap;

use crate::encoding::{write_u32, Encode};
use crate::primitives::hash::HashWriter;
use crate::primitives::OutPoint;
use crate::validation::{Coin, CoinsView};

/// The unspent outputs, by outpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UtxoSet {
    coins: HashMap<OutPoint, Coin>,
}

impl UtxoSet {
    /// An empty set.
    pub fn new() -> Self {
        UtxoSet::default()
    }

    /// The number of unspent outputs.
    pub fn len(&self) -> usize {
        self.coins.len()
    }

    /// Whether no output is unspent.
    pub fn is_empty(&self) -> bool {
        self.coins.is_empty()
    }

    /// Every coin, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&OutPoint, &Coin)> {
        self.coins.iter()
    }

    /// The sum of every coin's value, in satoshis.
    pub fn total_amount(&self) -> i128 {
        self.coins
            .values()
            .map(|c| i128::from(c.output.value))
            .sum()
    }

    /// A hash of the whole set, equal for equal sets whatever order their
    /// coins were added in.
    ///
    /// The coins are sorted by outpoint (txid in internal byte order, then
    /// output index) and each is written as its outpoint (32-byte txid,
    /// 4-byte little-endian index), a 4-byte little-endian `height × 2 +
    /// coinbase`, and the output as serialized in a transaction (8-byte
    /// value, CompactSize script length, script); the hash is the double
    /// SHA-256 of it all. This is the serialization of Core's
    /// `gettxoutsetinfo` `hash_serialized_3` (`TxOutSer` in
    /// `src/kernel/coinstats.cpp`), which iterates coins in the same order;
    /// canon has not compared the two on a real chain.
    pub fn utxo_hash(&self) -> [u8; 32] {
        let mut outpoints: Vec<&OutPoint> = self.coins.keys().collect();
        outpoints.sort_unstable();
        let mut engine = HashWriter::new();
        for outpoint in outpoints {
            let coin = &self.coins[outpoint];
            outpoint.encode(&mut engine);
            write_u32(
                &mut engine,
                (coin.height << 1) | u32::from(coin.is_coinbase),
            );
            coin.output.encode(&mut engine);
        }
        engine.sha256d()
    }
}

impl CoinsView for UtxoSet {
    fn access_coin(&self, outpoint: &OutPoint) -> Option<&Coin> {
        self.coins.get(outpoint)
    }

    fn spend_coin(&mut self, outpoint: &OutPoint) -> Option<Coin> {
        self.coins.remove(outpoint)
    }

    fn add_coin(&mut self, outpoint: OutPoint, coin: Coin) {
        self.coins.insert(outpoint, coin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::{TxOut, Txid};

    fn coin(value: i64) -> Coin {
        Coin {
            output: TxOut {
                value,
                script_pubkey: vec![0x51],
            },
            height: 3,
            is_coinbase: true,
        }
    }

    #[test]
    fn hash_ignores_insertion_order() {
        let a = OutPoint {
            txid: Txid([1; 32]),
            vout: 0,
        };
        let b = OutPoint {
            txid: Txid([2; 32]),
            vout: 7,
        };
        let mut one = UtxoSet::new();
        one.add_coin(a, coin(1));
        one.add_coin(b, coin(2));
        let mut two = UtxoSet::new();
        two.add_coin(b, coin(2));
        two.add_coin(a, coin(1));
        assert_eq!(one.utxo_hash(), two.utxo_hash());
        two.spend_coin(&a);
        assert_ne!(one.utxo_hash(), two.utxo_hash());
        assert_eq!(one.total_amount(), 3);
    }
}
