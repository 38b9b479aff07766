//! The signature-operation cost of a transaction, for the block limit.
//! Core: `GetLegacySigOpCount`, `GetP2SHSigOpCount`, `GetTransactionSigOpCost`
//! in `src/consensus/tx_verify.cpp`; the counting itself is
//! [`crate::script::sigops`].

use crate::primitives::{Transaction, TxOut};
use crate::script::patterns::is_pay_to_script_hash;
use crate::script::{count_p2sh_sigops, count_sigops, count_witness_sigops, VerifyFlags};
use crate::validation::limits::WITNESS_SCALE_FACTOR;

/// The legacy sigop count of a transaction: every scriptSig and every
/// scriptPubKey counted inaccurately (a CHECKMULTISIG counts 20).
///
/// # Consensus
/// `CheckBlock` limits the sum over a block to `MAX_BLOCK_SIGOPS_COST / 4`
/// (`BLK-SIGOPS`); `ConnectBlock` weighs it by 4 in the sigop cost
/// (`CONNECT-SIGOP-COST`). Core: `GetLegacySigOpCount`.
pub fn get_legacy_sigop_count(tx: &Transaction) -> u64 {
    let inputs: u64 = tx
        .inputs
        .iter()
        .map(|input| u64::from(count_sigops(&input.script_sig, false)))
        .sum();
    let outputs: u64 = tx
        .outputs
        .iter()
        .map(|output| u64::from(count_sigops(&output.script_pubkey, false)))
        .sum();
    inputs + outputs
}

/// The sigops of the redeem scripts of a transaction's P2SH inputs, counted
/// accurately; `spent` holds the output each input spends.
///
/// # Consensus
/// BIP-0016: for each input spending a P2SH output, the sigops of the last
/// push of its scriptSig. A coinbase has none. Core: `GetP2SHSigOpCount`
/// (which reads the spent outputs from the coins view).
pub fn get_p2sh_sigop_count(tx: &Transaction, spent: &[TxOut]) -> u64 {
    if tx.is_coinbase() {
        return 0;
    }
    tx.inputs
        .iter()
        .zip(spent)
        .filter(|(_, prevout)| is_pay_to_script_hash(&prevout.script_pubkey))
        .map(|(input, prevout)| {
            u64::from(count_p2sh_sigops(&prevout.script_pubkey, &input.script_sig))
        })
        .sum()
}

/// The sigop cost of a transaction; `spent` holds the output each input
/// spends (ignored for a coinbase).
///
/// # Consensus
/// Legacy sigops × 4; for a non-coinbase, plus P2SH sigops × 4 under
/// `P2SH`, plus the witness sigops of every input (× 1, and only under
/// `WITNESS`). BIP-0141, "Sigops". Core: `GetTransactionSigOpCost`.
pub fn get_transaction_sigop_cost(tx: &Transaction, spent: &[TxOut], flags: VerifyFlags) -> u64 {
    let scale = WITNESS_SCALE_FACTOR as u64;
    let mut cost = get_legacy_sigop_count(tx) * scale;
    if tx.is_coinbase() {
        return cost;
    }
    if flags.contains(VerifyFlags::P2SH) {
        cost += get_p2sh_sigop_count(tx, spent) * scale;
    }
    for (input, prevout) in tx.inputs.iter().zip(spent) {
        cost += u64::from(count_witness_sigops(
            &input.script_sig,
            &prevout.script_pubkey,
            &input.witness,
            flags,
        ));
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::{OutPoint, TxIn, Txid, Witness};
    use crate::script::instruction::push_data;
    use crate::script::opcodes::*;

    fn spend(script_sig: Vec<u8>, witness: Vec<Vec<u8>>, output_script: Vec<u8>) -> Transaction {
        Transaction {
            version: 2,
            inputs: vec![TxIn {
                prevout: OutPoint {
                    txid: Txid([1; 32]),
                    vout: 0,
                },
                script_sig,
                sequence: 0,
                witness: Witness { stack: witness },
            }],
            outputs: vec![TxOut {
                value: 0,
                script_pubkey: output_script,
            }],
            lock_time: 0,
        }
    }

    #[test]
    fn legacy_counts_like_core() {
        let tx = spend(
            vec![OP_CHECKSIG],
            vec![],
            vec![OP_1, OP_2, OP_CHECKMULTISIG],
        );
        assert_eq!(get_legacy_sigop_count(&tx), 21);
        // A truncated push ends the count; a CHECKSIG byte inside a push is data.
        let tx = spend(
            vec![OP_CHECKSIG, 0x02, OP_CHECKSIG],
            vec![],
            vec![0x01, OP_CHECKSIG],
        );
        assert_eq!(get_legacy_sigop_count(&tx), 1);
    }

    #[test]
    fn cost_weighs_each_kind() {
        let redeem = vec![OP_2, OP_2, OP_CHECKMULTISIG];
        let mut p2sh = vec![OP_HASH160, 0x14];
        p2sh.extend(crate::primitives::hash::hash160(&redeem));
        p2sh.push(OP_EQUAL);
        let mut script_sig = vec![];
        push_data(&mut script_sig, &redeem);
        let tx = spend(script_sig, vec![], vec![OP_CHECKSIG]);
        let spent = [TxOut {
            value: 1,
            script_pubkey: p2sh,
        }];
        let all = VerifyFlags::P2SH.union(VerifyFlags::WITNESS);
        // Output CHECKSIG (1) × 4 + redeem script's 2 × 4.
        assert_eq!(get_transaction_sigop_cost(&tx, &spent, all), 12);
        assert_eq!(
            get_transaction_sigop_cost(&tx, &spent, VerifyFlags::NONE),
            4
        );

        let p2wpkh = [&[OP_0, 0x14][..], &[0; 20]].concat();
        let tx = spend(vec![], vec![vec![1], vec![2]], vec![]);
        let spent = [TxOut {
            value: 1,
            script_pubkey: p2wpkh,
        }];
        assert_eq!(get_transaction_sigop_cost(&tx, &spent, all), 1);
    }
}
