//! Per-input script verification: canon beside Bitcoin Core's interpreter
//! (libbitcoinconsensus) verifying the same input in the same run, with the raw
//! libsecp256k1 ECDSA verification as the floor.
//!
//! `cargo bench --bench script`

use bitcoinconsensus as core;
use canon::conformance::spend::{public_key, secret_key, Spend, SpendOptions, Template};
use canon::encoding::Encode;
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use secp256k1::{ecdsa::Signature, Message, PublicKey, Secp256k1};

/// The consensus flags of a block after taproot activation, less taproot.
fn flags() -> VerifyFlags {
    VerifyFlags::from_names("P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS")
        .expect("these are flag names")
}

fn canon_verify(spend: &Spend) -> bool {
    let spent = spend.spent_output();
    let txdata = PrecomputedTransactionData::new(&spend.spend, Some(vec![spent.clone()]));
    let checker = TransactionSignatureChecker::new(&spend.spend, 0, spent.value, &txdata);
    let input = &spend.spend.inputs[0];
    verify_script(
        &input.script_sig,
        &spent.script_pubkey,
        &input.witness,
        flags(),
        &checker,
    )
    .is_ok()
}

fn core_verify(spend: &Spend, tx_bytes: &[u8]) -> bool {
    let spent = spend.spent_output();
    core::verify_with_flags(
        &spent.script_pubkey,
        spent.value as u64,
        tx_bytes,
        None,
        0,
        flags().0,
    )
    .is_ok()
}

fn bench_inputs(c: &mut Criterion) {
    let templates = [
        ("p2pkh", Template::P2pkh { compressed: true }),
        ("p2sh-2-of-3", Template::P2shMultisig { m: 2, n: 3 }),
        ("p2wpkh", Template::P2wpkh),
        ("p2wsh-2-of-3", Template::P2wshMultisig { m: 2, n: 3 }),
    ];
    let mut group = c.benchmark_group("verify_input");
    group.sample_size(30);
    for (name, template) in templates {
        let spend = template.build(&SpendOptions::default());
        let tx_bytes = spend.spend.to_bytes();
        assert!(
            canon_verify(&spend),
            "canon rejects the honest {name} spend"
        );
        assert!(
            core_verify(&spend, &tx_bytes),
            "Core rejects the honest {name} spend"
        );
        group.bench_with_input(BenchmarkId::new("canon", name), &spend, |b, spend| {
            b.iter(|| canon_verify(spend))
        });
        group.bench_with_input(BenchmarkId::new("core", name), &spend, |b, spend| {
            b.iter(|| core_verify(spend, &tx_bytes))
        });
    }
    group.finish();

    // The floor: one libsecp256k1 ECDSA verification.
    let secp = Secp256k1::verification_only();
    let message = Message::from_digest([7; 32]);
    let signature: Signature = Secp256k1::signing_only().sign_ecdsa(&message, &secret_key(1));
    let pubkey = PublicKey::from_slice(&public_key(1, true)).expect("a valid key");
    c.bench_function("secp256k1_ecdsa_verify", |b| {
        b.iter(|| secp.verify_ecdsa(&message, &signature, &pubkey).is_ok())
    });
}

criterion_group!(benches, bench_inputs);
criterion_main!(benches);
