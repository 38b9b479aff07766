//! Smoke test of taproot against the BIP-0341 wallet vectors: leaf hashes
//! and control-block commitments, and full verification of the vectors'
//! fully signed transaction (taproot key-path spends among other inputs).

use canon::encoding::Decode;
use canon::primitives::{Transaction, TxOut};
use canon::script::taproot::{compute_tapleaf_hash, verify_taproot_commitment};
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;
use serde_json::Value;

mod common;

fn vectors() -> Value {
    serde_json::from_str(&common::read_vector_text("core/bip341_wallet_vectors.json")).unwrap()
}

fn bytes(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().unwrap()).unwrap()
}

/// Flattens a BIP-0341 script tree (a leaf object or a two-element array).
fn leaves(tree: &Value, out: &mut Vec<(u64, u8, Vec<u8>)>) {
    match tree {
        Value::Array(children) => children.iter().for_each(|child| leaves(child, out)),
        Value::Object(leaf) => out.push((
            leaf["id"].as_u64().unwrap(),
            leaf["leafVersion"].as_u64().unwrap() as u8,
            bytes(&leaf["script"]),
        )),
        _ => {}
    }
}

#[test]
fn leaf_hashes_and_control_blocks() {
    let mut checked = 0;
    for case in vectors()["scriptPubKey"].as_array().unwrap() {
        let mut tree = Vec::new();
        leaves(&case["given"]["scriptTree"], &mut tree);
        let output_key = bytes(&case["intermediary"]["tweakedPubkey"]);
        let control_blocks = case["expected"]["scriptPathControlBlocks"].as_array();
        for (id, leaf_version, script) in tree {
            let leaf_hash = compute_tapleaf_hash(leaf_version, &script);
            let expected = bytes(&case["intermediary"]["leafHashes"][id as usize]);
            assert_eq!(leaf_hash.to_vec(), expected);
            let control = bytes(&control_blocks.unwrap()[id as usize]);
            assert!(verify_taproot_commitment(&control, &output_key, &leaf_hash));
            let mut wrong_parity = control.clone();
            wrong_parity[0] ^= 1;
            assert!(!verify_taproot_commitment(
                &wrong_parity,
                &output_key,
                &leaf_hash
            ));
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn fully_signed_transaction_verifies() {
    let vectors = vectors();
    let spending = &vectors["keyPathSpending"][0];
    let tx = Transaction::from_bytes(&bytes(&spending["auxiliary"]["fullySignedTx"])).unwrap();
    let spent: Vec<TxOut> = spending["given"]["utxosSpent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|utxo| TxOut {
            value: utxo["amountSats"].as_i64().unwrap(),
            script_pubkey: bytes(&utxo["scriptPubKey"]),
        })
        .collect();
    let txdata = PrecomputedTransactionData::new(&tx, Some(spent.clone()));
    let consensus = VerifyFlags::from_names(
        "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT",
    )
    .unwrap();
    for (index, (input, coin)) in tx.inputs.iter().zip(&spent).enumerate() {
        let checker = TransactionSignatureChecker::new(&tx, index, coin.value, &txdata);
        let result = verify_script(
            &input.script_sig,
            &coin.script_pubkey,
            &input.witness,
            consensus,
            &checker,
        );
        assert_eq!(result, Ok(()), "input {index}");
    }
    // A flipped bit in a key-path signature fails SCHNORR_SIG.
    let mut tampered = tx.clone();
    let taproot_input = (0..spent.len())
        .find(|&i| spent[i].script_pubkey[0] == 0x51)
        .unwrap();
    tampered.inputs[taproot_input].witness.stack[0][0] ^= 1;
    let txdata = PrecomputedTransactionData::new(&tampered, Some(spent.clone()));
    let checker = TransactionSignatureChecker::new(
        &tampered,
        taproot_input,
        spent[taproot_input].value,
        &txdata,
    );
    let input = &tampered.inputs[taproot_input];
    let result = verify_script(
        &input.script_sig,
        &spent[taproot_input].script_pubkey,
        &input.witness,
        consensus,
        &checker,
    );
    assert_eq!(result.map_err(|e| e.token()), Err("SCHNORR_SIG"));
}
