//! The context-free transaction checks the vector harnesses need: `BADTX` in
//! `tx_invalid.json`, and the assertion of `tx_valid.json` and `sighash.json`
//! that every transaction passes them.
//!
//! This is the harness's own copy of Core's `CheckTransaction`
//! (src/consensus/tx_check.cpp), kept private to the conformance layer. The
//! validation layer's `check_transaction`, with its `TxError` variants, is
//! the rule itself; when it lands it replaces this file.

use crate::primitives::Transaction;
use std::collections::BTreeSet;

/// Weight units in a block (BIP-0141). Core: `MAX_BLOCK_WEIGHT`.
const MAX_BLOCK_WEIGHT: usize = 4_000_000;
/// Weight units per byte of non-witness data. Core: `WITNESS_SCALE_FACTOR`.
const WITNESS_SCALE_FACTOR: usize = 4;
/// No amount exceeds 21 million bitcoin. Core: `MAX_MONEY`.
const MAX_MONEY: i64 = 21_000_000 * 100_000_000;

/// Core's context-free checks in Core's order; the first failure's reject
/// reason. Core: `CheckTransaction`.
pub(super) fn check_transaction(tx: &Transaction) -> Result<(), &'static str> {
    if tx.inputs.is_empty() {
        return Err("bad-txns-vin-empty");
    }
    if tx.outputs.is_empty() {
        return Err("bad-txns-vout-empty");
    }
    if tx.stripped_size() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT {
        return Err("bad-txns-oversize");
    }
    let mut total: i64 = 0;
    for output in &tx.outputs {
        if output.value < 0 {
            return Err("bad-txns-vout-negative");
        }
        if output.value > MAX_MONEY {
            return Err("bad-txns-vout-toolarge");
        }
        total = total
            .checked_add(output.value)
            .filter(|sum| *sum <= MAX_MONEY)
            .ok_or("bad-txns-txouttotal-toolarge")?;
    }
    let mut seen = BTreeSet::new();
    if !tx.inputs.iter().all(|input| seen.insert(input.prevout)) {
        return Err("bad-txns-inputs-duplicate");
    }
    if tx.is_coinbase() {
        if !(2..=100).contains(&tx.inputs[0].script_sig.len()) {
            return Err("bad-cb-length");
        }
    } else if tx.inputs.iter().any(|input| input.prevout.is_null()) {
        return Err("bad-txns-prevout-null");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::{OutPoint, TxIn, TxOut, Witness};

    fn tx(prevouts: &[OutPoint], values: &[i64]) -> Transaction {
        Transaction {
            version: 1,
            inputs: prevouts
                .iter()
                .map(|prevout| TxIn {
                    prevout: *prevout,
                    script_sig: vec![0; 2],
                    sequence: 0,
                    witness: Witness::default(),
                })
                .collect(),
            outputs: values
                .iter()
                .map(|value| TxOut {
                    value: *value,
                    script_pubkey: vec![],
                })
                .collect(),
            lock_time: 0,
        }
    }

    #[test]
    fn reasons_in_order() {
        let a = OutPoint {
            txid: Default::default(),
            vout: 1,
        };
        let b = OutPoint {
            txid: Default::default(),
            vout: 2,
        };
        assert_eq!(check_transaction(&tx(&[a], &[1])), Ok(()));
        assert_eq!(check_transaction(&tx(&[], &[1])), Err("bad-txns-vin-empty"));
        assert_eq!(
            check_transaction(&tx(&[a], &[])),
            Err("bad-txns-vout-empty")
        );
        assert_eq!(
            check_transaction(&tx(&[a], &[-1])),
            Err("bad-txns-vout-negative")
        );
        assert_eq!(
            check_transaction(&tx(&[a], &[MAX_MONEY + 1])),
            Err("bad-txns-vout-toolarge")
        );
        assert_eq!(
            check_transaction(&tx(&[a], &[MAX_MONEY, 1])),
            Err("bad-txns-txouttotal-toolarge")
        );
        assert_eq!(
            check_transaction(&tx(&[a, a], &[1])),
            Err("bad-txns-inputs-duplicate")
        );
        assert_eq!(
            check_transaction(&tx(&[a, OutPoint::NULL], &[1])),
            Err("bad-txns-prevout-null")
        );
        assert_eq!(check_transaction(&tx(&[OutPoint::NULL], &[1])), Ok(()));
        let mut coinbase = tx(&[OutPoint::NULL], &[1]);
        coinbase.inputs[0].script_sig = vec![0; 101];
        assert_eq!(check_transaction(&coinbase), Err("bad-cb-length"));
        assert_eq!(check_transaction(&tx(&[a, b], &[1])), Ok(()));
    }
}
