//! Verifying one input, per script kind: the inputs of the BIP-0341 wallet
//! vectors' fully signed transaction (P2PKH, P2WPKH, taproot key path), each
//! with consensus flags, including building the transaction's precomputed
//! hashes once as block validation does. A later comparison with
//! libbitcoinconsensus measures the same unit of work.
//!
//! Run with `cargo bench --bench script`.

use std::hint::black_box;
use std::time::Duration;

use canon::encoding::Decode;
use canon::primitives::{Transaction, TxOut};
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/common/mod.rs"]
mod common;

fn fully_signed() -> (Transaction, Vec<TxOut>) {
    let json: serde_json::Value =
        serde_json::from_str(&common::read_vector_text("core/bip341_wallet_vectors.json"))
            .expect("vector file is JSON");
    let spending = &json["keyPathSpending"][0];
    let hex_of = |v: &serde_json::Value| hex::decode(v.as_str().expect("hex string")).expect("hex");
    let tx = Transaction::from_bytes(&hex_of(&spending["auxiliary"]["fullySignedTx"])).expect("tx");
    let spent = spending["given"]["utxosSpent"]
        .as_array()
        .expect("array")
        .iter()
        .map(|utxo| TxOut {
            value: utxo["amountSats"].as_i64().expect("amount"),
            script_pubkey: hex_of(&utxo["scriptPubKey"]),
        })
        .collect();
    (tx, spent)
}

fn verify_inputs(c: &mut Criterion) {
    let (tx, spent) = fully_signed();
    let flags = VerifyFlags::from_names(
        "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT",
    )
    .expect("known flags");
    let txdata = PrecomputedTransactionData::new(&tx, Some(spent.clone()));
    let kinds = [("p2pkh", 2usize), ("p2wpkh", 5), ("taproot_key_path", 0)];
    let mut group = c.benchmark_group("verify_input");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5));
    for (name, index) in kinds {
        let (input, coin) = (&tx.inputs[index], &spent[index]);
        let run = || {
            let checker = TransactionSignatureChecker::new(&tx, index, coin.value, &txdata);
            verify_script(
                &input.script_sig,
                &coin.script_pubkey,
                &input.witness,
                flags,
                &checker,
            )
        };
        assert_eq!(run(), Ok(()), "{name} verifies");
        group.bench_function(name, |b| b.iter(|| black_box(run())));
    }
    group.bench_function("precompute_9_inputs", |b| {
        b.iter(|| PrecomputedTransactionData::new(black_box(&tx), Some(spent.clone())))
    });
    group.finish();
}

criterion_group!(benches, verify_inputs);
criterion_main!(benches);
