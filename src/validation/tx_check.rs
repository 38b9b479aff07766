//! The context-free transaction rules. Core: `CheckTransaction` in
//! `src/consensus/tx_check.cpp`.

use std::collections::HashSet;

use crate::primitives::Transaction;
use crate::validation::error::TxError;
use crate::validation::limits::{money_range, MAX_BLOCK_WEIGHT, MAX_MONEY, WITNESS_SCALE_FACTOR};

/// The rules a transaction must meet whatever chain it is in, in Core's order
/// (the first failure is what a peer observes).
///
/// # Consensus
/// A transaction has at least one input (`TX-VIN-EMPTY`) and one output
/// (`TX-VOUT-EMPTY`); its size without witness data, times 4, is at most
/// `MAX_BLOCK_WEIGHT` (`TX-OVERSIZE`); its output values and their running
/// total are in `0..=MAX_MONEY` (`TX-VOUT-*`, CVE-2010-5139); no two inputs
/// spend the same outpoint (`TX-INPUTS-DUPLICATE`, CVE-2018-17144); a
/// coinbase's scriptSig is 2 to 100 bytes (`TX-CB-LENGTH`), and no other
/// transaction spends the null outpoint (`TX-PREVOUT-NULL`).
/// Core: `CheckTransaction`.
///
/// # Errors
/// [`TxError::VinEmpty`], [`TxError::VoutEmpty`], [`TxError::Oversize`],
/// [`TxError::VoutNegative`], [`TxError::VoutTooLarge`],
/// [`TxError::TxoutTotalTooLarge`], [`TxError::InputsDuplicate`],
/// [`TxError::CoinbaseLength`], [`TxError::PrevoutNull`].
pub fn check_transaction(tx: &Transaction) -> Result<(), TxError> {
    use TxError::*;
    require(!tx.inputs.is_empty(), VinEmpty)?;
    require(!tx.outputs.is_empty(), VoutEmpty)?;
    // The witness is not counted: it has not been checked for malleability yet.
    require(
        tx.stripped_size() * WITNESS_SCALE_FACTOR <= MAX_BLOCK_WEIGHT,
        Oversize,
    )?;
    check_output_values(tx)?;
    require(inputs_are_unique(tx), InputsDuplicate)?;
    check_coinbase_or_prevouts(tx)
}

/// Fails with `error` unless `condition` holds.
fn require(condition: bool, error: TxError) -> Result<(), TxError> {
    if condition {
        Ok(())
    } else {
        Err(error)
    }
}

/// Each value, then the running total, must be a valid amount; the first
/// output that breaks either decides the error (CVE-2010-5139).
fn check_output_values(tx: &Transaction) -> Result<(), TxError> {
    let mut total: i64 = 0;
    for output in &tx.outputs {
        require(output.value >= 0, TxError::VoutNegative)?;
        require(output.value <= MAX_MONEY, TxError::VoutTooLarge)?;
        // Both terms are at most MAX_MONEY here, so the sum cannot overflow;
        // checked anyway, as all amount arithmetic is.
        total = total
            .checked_add(output.value)
            .ok_or(TxError::TxoutTotalTooLarge)?;
        require(money_range(total), TxError::TxoutTotalTooLarge)?;
    }
    Ok(())
}

/// Whether no outpoint is spent twice (CVE-2018-17144).
fn inputs_are_unique(tx: &Transaction) -> bool {
    let mut seen = HashSet::with_capacity(tx.inputs.len());
    tx.inputs.iter().all(|input| seen.insert(input.prevout))
}

/// A coinbase's scriptSig is 2..=100 bytes; any other transaction's inputs
/// all spend real outpoints.
fn check_coinbase_or_prevouts(tx: &Transaction) -> Result<(), TxError> {
    if tx.is_coinbase() {
        let len = tx.inputs[0].script_sig.len();
        require((2..=100).contains(&len), TxError::CoinbaseLength)
    } else {
        let any_null = tx.inputs.iter().any(|input| input.prevout.is_null());
        require(!any_null, TxError::PrevoutNull)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::primitives::{OutPoint, TxIn, TxOut, Txid, Witness};

    /// An input spending output `vout` of a transaction made of `byte`s.
    pub(crate) fn input(byte: u8, vout: u32) -> TxIn {
        TxIn {
            prevout: OutPoint {
                txid: Txid([byte; 32]),
                vout,
            },
            script_sig: Vec::new(),
            sequence: u32::MAX,
            witness: Witness::default(),
        }
    }

    pub(crate) fn output(value: i64) -> TxOut {
        TxOut {
            value,
            script_pubkey: vec![0x51],
        }
    }

    /// A valid one-input, one-output spend.
    pub(crate) fn spend(byte: u8) -> Transaction {
        Transaction {
            version: 2,
            inputs: vec![input(byte, 0)],
            outputs: vec![output(1000)],
            lock_time: 0,
        }
    }

    /// A coinbase with a scriptSig of `len` bytes.
    pub(crate) fn coinbase(len: usize) -> Transaction {
        let mut tx = spend(0);
        tx.inputs[0].prevout = OutPoint::NULL;
        tx.inputs[0].script_sig = vec![0x01; len];
        tx
    }

    #[test]
    fn vin_empty() {
        let mut tx = spend(1);
        assert_eq!(check_transaction(&tx), Ok(()));
        tx.inputs.clear();
        assert_eq!(check_transaction(&tx), Err(TxError::VinEmpty));
    }

    #[test]
    fn vout_empty() {
        let mut tx = spend(1);
        tx.outputs.clear();
        assert_eq!(check_transaction(&tx), Err(TxError::VoutEmpty));
        // Both empty: the inputs are checked first.
        tx.inputs.clear();
        assert_eq!(check_transaction(&tx), Err(TxError::VinEmpty));
    }

    /// A spend whose stripped size is exactly `size` bytes.
    fn spend_of_size(size: usize) -> Transaction {
        let mut tx = spend(1);
        // Start near the size, then correct by the overhead measured (the
        // script's CompactSize length keeps its 5-byte form in this range).
        tx.outputs[0].script_pubkey = vec![0x00; size - 100];
        let overhead = tx.stripped_size() - (size - 100);
        tx.outputs[0].script_pubkey.resize(size - overhead, 0x00);
        assert_eq!(tx.stripped_size(), size);
        tx
    }

    #[test]
    fn oversize() {
        let limit = MAX_BLOCK_WEIGHT / WITNESS_SCALE_FACTOR;
        assert_eq!(check_transaction(&spend_of_size(limit)), Ok(()));
        assert_eq!(
            check_transaction(&spend_of_size(limit + 1)),
            Err(TxError::Oversize)
        );
        // Witness data does not count.
        let mut tx = spend_of_size(limit);
        tx.inputs[0].witness.stack.push(vec![0; 1000]);
        assert_eq!(check_transaction(&tx), Ok(()));
    }

    #[test]
    fn vout_negative() {
        let mut tx = spend(1);
        tx.outputs[0].value = 0;
        assert_eq!(check_transaction(&tx), Ok(()));
        tx.outputs[0].value = -1;
        assert_eq!(check_transaction(&tx), Err(TxError::VoutNegative));
    }

    #[test]
    fn vout_toolarge() {
        let mut tx = spend(1);
        tx.outputs[0].value = MAX_MONEY;
        assert_eq!(check_transaction(&tx), Ok(()));
        tx.outputs[0].value = MAX_MONEY + 1;
        assert_eq!(check_transaction(&tx), Err(TxError::VoutTooLarge));
    }

    #[test]
    fn txouttotal_toolarge() {
        let mut tx = spend(1);
        tx.outputs = vec![output(MAX_MONEY - 1), output(1)];
        assert_eq!(check_transaction(&tx), Ok(()));
        tx.outputs = vec![output(MAX_MONEY), output(1)];
        assert_eq!(check_transaction(&tx), Err(TxError::TxoutTotalTooLarge));
        // The first bad output decides: a total overflow before a negative value.
        tx.outputs = vec![output(MAX_MONEY), output(1), output(-1)];
        assert_eq!(check_transaction(&tx), Err(TxError::TxoutTotalTooLarge));
        tx.outputs = vec![output(-1), output(MAX_MONEY), output(1)];
        assert_eq!(check_transaction(&tx), Err(TxError::VoutNegative));
    }

    #[test]
    fn inputs_duplicate() {
        let mut tx = spend(1);
        tx.inputs = vec![input(1, 0), input(1, 1)];
        assert_eq!(check_transaction(&tx), Ok(()));
        tx.inputs = vec![input(1, 0), input(2, 0), input(1, 0)];
        assert_eq!(check_transaction(&tx), Err(TxError::InputsDuplicate));
        // Two null prevouts: duplicate comes before prevout-null.
        tx.inputs = vec![coinbase(2).inputs[0].clone(), coinbase(2).inputs[0].clone()];
        assert_eq!(check_transaction(&tx), Err(TxError::InputsDuplicate));
    }

    #[test]
    fn cb_length() {
        assert_eq!(
            check_transaction(&coinbase(1)),
            Err(TxError::CoinbaseLength)
        );
        assert_eq!(check_transaction(&coinbase(2)), Ok(()));
        assert_eq!(check_transaction(&coinbase(100)), Ok(()));
        assert_eq!(
            check_transaction(&coinbase(101)),
            Err(TxError::CoinbaseLength)
        );
    }

    #[test]
    fn prevout_null() {
        let mut tx = spend(1);
        tx.inputs.push(input(0, u32::MAX - 1)); // zero txid, but not the null index
        assert_eq!(check_transaction(&tx), Ok(()));
        tx.inputs.push(coinbase(2).inputs[0].clone());
        assert_eq!(check_transaction(&tx), Err(TxError::PrevoutNull));
    }
}
