//! Property test: canon's BIP-0143 and legacy sighashes against rust-bitcoin
//! (an oracle only) on random transactions.

use bitcoin::consensus::deserialize;
use bitcoin::hashes::{sha256d, Hash};
use bitcoin::sighash::SighashCache;
use canon::encoding::Encode;
use canon::primitives::{OutPoint, Transaction, TxIn, TxOut, Txid, Witness};
use canon::sighash::{legacy_sighash, segwit_v0_sighash, PrecomputedTransactionData};
use proptest::prelude::*;

fn arb_script() -> impl Strategy<Value = Vec<u8>> {
    // Opcodes only (no pushes, no OP_CODESEPARATOR): rust-bitcoin's legacy
    // sighash neither parses pushes nor removes separators.
    prop::collection::vec(
        prop::sample::select(vec![0x00u8, 0x51, 0x52, 0x63, 0x68, 0x6a, 0x76, 0xac, 0xa9]),
        0..6,
    )
}

fn arb_tx() -> impl Strategy<Value = Transaction> {
    let input = (
        any::<[u8; 32]>(),
        0u32..4,
        arb_script(),
        any::<u32>(),
        any::<bool>(),
    )
        .prop_map(|(txid, vout, script_sig, sequence, has_witness)| TxIn {
            prevout: OutPoint {
                txid: Txid(txid),
                vout,
            },
            script_sig,
            sequence,
            witness: Witness {
                stack: if has_witness { vec![vec![1]] } else { vec![] },
            },
        });
    let output =
        (0i64..2_100_000_000_000_000, arb_script()).prop_map(|(value, script_pubkey)| TxOut {
            value,
            script_pubkey,
        });
    (
        any::<u32>(),
        prop::collection::vec(input, 1..4),
        prop::collection::vec(output, 1..4),
        any::<u32>(),
    )
        .prop_map(|(version, inputs, outputs, lock_time)| Transaction {
            version,
            inputs,
            outputs,
            lock_time,
        })
}

proptest! {
    #[test]
    fn segwit_v0_matches_rust_bitcoin(
        tx in arb_tx(),
        index in 0usize..4,
        code in arb_script(),
        amount in 0i64..1_000_000_000,
        hash_type in prop::sample::select(vec![1u32, 2, 3, 0x81, 0x82, 0x83]),
    ) {
        let index = index % tx.inputs.len();
        let oracle_tx: bitcoin::Transaction = deserialize(&tx.to_bytes()).unwrap();
        let mut preimage = Vec::new();
        SighashCache::new(&oracle_tx)
            .segwit_v0_encode_signing_data_to(
                &mut preimage,
                index,
                bitcoin::Script::from_bytes(&code),
                bitcoin::Amount::from_sat(amount as u64),
                bitcoin::EcdsaSighashType::from_consensus(hash_type),
            )
            .unwrap();
        let expected = sha256d::Hash::hash(&preimage).to_byte_array();
        let txdata = PrecomputedTransactionData::new(&tx, None);
        prop_assert_eq!(segwit_v0_sighash(&code, &tx, index, amount, hash_type as i32, &txdata), expected);
    }

    #[test]
    fn legacy_matches_rust_bitcoin(tx in arb_tx(), index in 0usize..4, code in arb_script(), hash_type in any::<u32>()) {
        let index = index % tx.inputs.len();
        let oracle_tx: bitcoin::Transaction = deserialize(&tx.to_bytes()).unwrap();
        let expected = SighashCache::new(&oracle_tx)
            .legacy_signature_hash(index, bitcoin::Script::from_bytes(&code), hash_type)
            .unwrap()
            .to_byte_array();
        prop_assert_eq!(legacy_sighash(&code, &tx, index, hash_type as i32), expected);
    }
}
