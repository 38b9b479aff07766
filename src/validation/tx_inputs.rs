//! The rules a transaction's inputs must meet against the coins they spend.
//! Core: `Consensus::CheckTxInputs` in `src/consensus/tx_verify.cpp`.

use crate::primitives::Transaction;
use crate::validation::coins::CoinsView;
use crate::validation::error::TxError;
use crate::validation::limits::{money_range, COINBASE_MATURITY};

/// Checks a non-coinbase transaction's inputs against `view` for a block at
/// `spend_height`, and returns its fee.
///
/// # Consensus
/// In Core's order:
/// 1. every input's coin exists unspent (`TX-INPUTS-MISSING`);
/// 2. then, input by input: a coin created by a coinbase has at least
///    `COINBASE_MATURITY` (100) confirmations: `spend_height − coin height
///    ≥ 100` (`TX-COINBASE-MATURITY`); the coin's value and the running
///    total of input values are within `0..=MAX_MONEY` (`TX-INPUT-VALUES`);
/// 3. the inputs are worth at least the outputs (`TX-IN-BELOW-OUT`);
/// 4. the fee, inputs minus outputs, is within `0..=MAX_MONEY`
///    (`TX-FEE-RANGE`; it always is once [`check_transaction`] passed).
///
/// The caller has run [`check_transaction`], so the output total is in
/// range. Core: `Consensus::CheckTxInputs`.
///
/// [`check_transaction`]: crate::validation::check_transaction
///
/// # Errors
/// [`TxError::InputsMissingOrSpent`], [`TxError::PrematureCoinbaseSpend`],
/// [`TxError::InputValuesOutOfRange`], [`TxError::InBelowOut`],
/// [`TxError::FeeOutOfRange`].
pub fn check_tx_inputs(
    tx: &Transaction,
    view: &dyn CoinsView,
    spend_height: u32,
) -> Result<i64, TxError> {
    let mut coins = Vec::with_capacity(tx.inputs.len());
    for input in &tx.inputs {
        match view.access_coin(&input.prevout) {
            Some(coin) => coins.push(coin),
            None => return Err(TxError::InputsMissingOrSpent),
        }
    }
    let mut value_in: i64 = 0;
    for coin in coins {
        if coin.is_coinbase
            && i64::from(spend_height) - i64::from(coin.height) < i64::from(COINBASE_MATURITY)
        {
            return Err(TxError::PrematureCoinbaseSpend);
        }
        value_in = value_in
            .checked_add(coin.output.value)
            .filter(|&total| money_range(coin.output.value) && money_range(total))
            .ok_or(TxError::InputValuesOutOfRange)?;
    }
    let value_out = tx
        .outputs
        .iter()
        .try_fold(0i64, |total, output| total.checked_add(output.value))
        .ok_or(TxError::TxoutTotalTooLarge)?;
    if value_in < value_out {
        return Err(TxError::InBelowOut);
    }
    let fee = value_in - value_out;
    if !money_range(fee) {
        return Err(TxError::FeeOutOfRange);
    }
    Ok(fee)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::{OutPoint, TxIn, TxOut, Txid, Witness};
    use crate::validation::coins::Coin;
    use crate::validation::limits::MAX_MONEY;
    use std::collections::HashMap;

    fn view(coins: &[(u8, i64, u32, bool)]) -> HashMap<OutPoint, Coin> {
        coins
            .iter()
            .map(|&(n, value, height, is_coinbase)| {
                let coin = Coin {
                    output: TxOut {
                        value,
                        script_pubkey: vec![0x51],
                    },
                    height,
                    is_coinbase,
                };
                (outpoint(n), coin)
            })
            .collect()
    }

    fn outpoint(n: u8) -> OutPoint {
        OutPoint {
            txid: Txid([n; 32]),
            vout: 0,
        }
    }

    fn spend(inputs: &[u8], out: i64) -> Transaction {
        Transaction {
            version: 1,
            inputs: inputs
                .iter()
                .map(|&n| TxIn {
                    prevout: outpoint(n),
                    script_sig: vec![],
                    sequence: 0,
                    witness: Witness::default(),
                })
                .collect(),
            outputs: vec![TxOut {
                value: out,
                script_pubkey: vec![],
            }],
            lock_time: 0,
        }
    }

    #[test]
    fn fees_and_values() {
        let coins = view(&[(1, 60, 1, false), (2, 40, 1, false)]);
        assert_eq!(check_tx_inputs(&spend(&[1, 2], 100), &coins, 2), Ok(0));
        assert_eq!(check_tx_inputs(&spend(&[1, 2], 99), &coins, 2), Ok(1));
        assert_eq!(
            check_tx_inputs(&spend(&[1, 2], 101), &coins, 2),
            Err(TxError::InBelowOut)
        );
        assert_eq!(
            check_tx_inputs(&spend(&[1, 3], 1), &coins, 2),
            Err(TxError::InputsMissingOrSpent)
        );
    }

    #[test]
    fn coinbase_maturity_is_one_hundred_blocks() {
        let coins = view(&[(1, 50, 10, true)]);
        assert_eq!(check_tx_inputs(&spend(&[1], 50), &coins, 110), Ok(0));
        assert_eq!(
            check_tx_inputs(&spend(&[1], 50), &coins, 109),
            Err(TxError::PrematureCoinbaseSpend)
        );
    }

    #[test]
    fn input_values_stay_in_range() {
        let coins = view(&[
            (1, MAX_MONEY, 1, false),
            (2, 1, 1, false),
            (3, MAX_MONEY + 1, 1, false),
        ]);
        assert_eq!(check_tx_inputs(&spend(&[1], 0), &coins, 2), Ok(MAX_MONEY));
        assert_eq!(
            check_tx_inputs(&spend(&[1, 2], 0), &coins, 2),
            Err(TxError::InputValuesOutOfRange)
        );
        assert_eq!(
            check_tx_inputs(&spend(&[3], 0), &coins, 2),
            Err(TxError::InputValuesOutOfRange)
        );
        let coins = view(&[(1, i64::MAX, 1, false), (2, i64::MAX, 1, false)]);
        assert_eq!(
            check_tx_inputs(&spend(&[1, 2], 0), &coins, 2),
            Err(TxError::InputValuesOutOfRange)
        );
    }
}
