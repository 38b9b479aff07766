//! Smoke test of the legacy sighash against Core's `sighash.json`, and of
//! the BIP-0341 sighash against the BIP-0341 wallet vectors' key-path
//! spends. The full vector runners live with the conformance suite.

use canon::encoding::Decode;
use canon::primitives::{Transaction, TxOut};
use canon::script::{ScriptExecutionData, SigVersion};
use canon::sighash::{legacy_sighash, taproot_sighash, PrecomputedTransactionData};
use serde_json::Value;

mod common;

fn read_json(relative: &str) -> Value {
    serde_json::from_str(&common::read_vector_text(relative)).expect("valid JSON")
}

/// Reverses display-order hex into internal byte order.
fn internal_hex(bytes: [u8; 32]) -> String {
    let mut reversed = bytes;
    reversed.reverse();
    hex::encode(reversed)
}

#[test]
fn legacy_sighash_matches_core_sighash_json() {
    let tests = read_json("core/sighash.json");
    let mut checked = 0;
    for test in tests.as_array().expect("array") {
        let fields = test.as_array().expect("array");
        if fields.len() == 1 {
            continue; // comment
        }
        let tx =
            Transaction::from_bytes(&hex::decode(fields[0].as_str().unwrap()).unwrap()).unwrap();
        let script_code = hex::decode(fields[1].as_str().unwrap()).unwrap();
        let input_index = fields[2].as_u64().unwrap() as usize;
        let hash_type = fields[3].as_i64().unwrap() as i32;
        let expected = fields[4].as_str().unwrap();
        let got = internal_hex(legacy_sighash(&script_code, &tx, input_index, hash_type));
        assert_eq!(got, expected, "{test}");
        checked += 1;
    }
    assert_eq!(checked, 500);
}

#[test]
fn taproot_sighash_matches_bip341_key_path_vectors() {
    let vectors = read_json("core/bip341_wallet_vectors.json");
    let spending = &vectors["keyPathSpending"][0];
    let given = &spending["given"];
    let tx =
        Transaction::from_bytes(&hex::decode(given["rawUnsignedTx"].as_str().unwrap()).unwrap())
            .unwrap();
    let spent: Vec<TxOut> = given["utxosSpent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|utxo| TxOut {
            value: utxo["amountSats"].as_i64().unwrap(),
            script_pubkey: hex::decode(utxo["scriptPubKey"].as_str().unwrap()).unwrap(),
        })
        .collect();
    // The wallet vectors have no witnesses yet; give every input one so the
    // precomputation sees taproot spends, as it would at validation.
    let mut tx_with_witness = tx.clone();
    for input in &mut tx_with_witness.inputs {
        input.witness.stack.push(vec![0]);
    }
    let txdata = PrecomputedTransactionData::new(&tx_with_witness, Some(spent));
    let execdata = ScriptExecutionData {
        annex_hash: Some(None),
        ..Default::default()
    };
    let mut checked = 0;
    for input in spending["inputSpending"].as_array().unwrap() {
        let index = input["given"]["txinIndex"].as_u64().unwrap() as usize;
        let hash_type = input["given"]["hashType"].as_u64().unwrap() as u8;
        let expected = input["intermediary"]["sigHash"].as_str().unwrap();
        let got = taproot_sighash(
            &tx,
            index,
            hash_type,
            SigVersion::Taproot,
            &txdata,
            &execdata,
        )
        .unwrap();
        assert_eq!(hex::encode(got), expected, "input {index}");
        checked += 1;
    }
    assert_eq!(checked, 7);
}
