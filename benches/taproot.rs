//! Per-input verification of taproot spends: canon beside Bitcoin Core's
//! interpreter (libbitcoinconsensus) verifying the same input in the same
//! run, with one libsecp256k1 BIP-0340 verification as the floor.
//!
//! - key path: one 64-byte signature;
//! - script path: `<key> OP_CHECKSIG` at depth 1;
//! - script path: a 2-of-3 `OP_CHECKSIGADD` threshold at depth 1.
//!
//! Both sides pay their per-call setup: canon precomputes the BIP-0341
//! hashes, libbitcoinconsensus also deserializes the transaction.
//!
//! `cargo bench --bench taproot`

use bitcoinconsensus as core;
use canon::conformance::script_harness::crediting_transaction;
use canon::conformance::spend::{secret_key, spending_tx, SpendOptions};
use canon::conformance::taptree::{
    sign_schnorr, taproot_digest, tweaked_keypair, x_only, SigContext, TapNode, TaprootOutput,
};
use canon::encoding::Encode;
use canon::primitives::{Transaction, TxOut};
use canon::script::instruction::push_data;
use canon::script::taproot::{compute_tapleaf_hash, TAPROOT_LEAF_TAPSCRIPT};
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use secp256k1::{schnorr::Signature, Keypair, Message, Secp256k1, XOnlyPublicKey};

const OP_CHECKSIG: u8 = 0xac;
const OP_CHECKSIGADD: u8 = 0xba;
const OP_NUMEQUAL: u8 = 0x9c;
const OP_2: u8 = 0x52;

/// The consensus flags of a block after taproot activation.
fn flags() -> VerifyFlags {
    VerifyFlags::from_names(
        "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT",
    )
    .expect("these are flag names")
}

/// A signed spend: the transaction and the output its input 0 spends.
struct TaprootSpend {
    tx: Transaction,
    spent: TxOut,
    tx_bytes: Vec<u8>,
}

/// An unsigned spend of `output`, and its sighash under `context`.
fn unsigned(output: &TaprootOutput, context: &SigContext) -> (Transaction, TxOut, [u8; 32]) {
    let credit = crediting_transaction(&output.script_pubkey(), 100_000_000);
    let tx = spending_tx(&credit, &SpendOptions::default());
    let spent = credit.outputs[0].clone();
    let digest = taproot_digest(&tx, std::slice::from_ref(&spent), 0, 0, context);
    (tx, spent, digest)
}

fn finish(mut tx: Transaction, spent: TxOut, witness: Vec<Vec<u8>>) -> TaprootSpend {
    tx.inputs[0].witness.stack = witness;
    let tx_bytes = tx.to_bytes();
    TaprootSpend {
        tx,
        spent,
        tx_bytes,
    }
}

fn key_path() -> TaprootSpend {
    let internal = secret_key(1);
    let output = TaprootOutput::for_tree(&internal, None);
    let (tx, spent, digest) = unsigned(&output, &SigContext::default());
    let sig = sign_schnorr(&tweaked_keypair(&internal, None), &digest, &[0; 32]);
    finish(tx, spent, vec![sig.to_vec()])
}

/// A depth-1 script path to `script`, signed by `signers` (keys 2, 3, 4
/// in script order; `false` leaves that signature empty).
fn script_path(script: Vec<u8>, signers: &[bool]) -> TaprootSpend {
    let tree = TapNode::branch(
        TapNode::tapscript(script.clone()),
        TapNode::tapscript(vec![0x51]),
    );
    let output = TaprootOutput::for_tree(&secret_key(1), Some(&tree));
    let context = SigContext {
        leaf_hash: Some(compute_tapleaf_hash(TAPROOT_LEAF_TAPSCRIPT, &script)),
        ..SigContext::default()
    };
    let (tx, spent, digest) = unsigned(&output, &context);
    let secp = Secp256k1::new();
    let mut witness: Vec<Vec<u8>> = signers
        .iter()
        .enumerate()
        .rev()
        .map(|(i, signs)| match signs {
            true => {
                let keypair = Keypair::from_secret_key(&secp, &secret_key(2 + i as u8));
                sign_schnorr(&keypair, &digest, &[0; 32]).to_vec()
            }
            false => Vec::new(),
        })
        .collect();
    witness.push(script.clone());
    witness.push(output.control_block_for(&tree, TAPROOT_LEAF_TAPSCRIPT, &script));
    finish(tx, spent, witness)
}

fn checksig_leaf() -> Vec<u8> {
    let mut script = Vec::new();
    push_data(&mut script, &x_only(&secret_key(2)));
    script.push(OP_CHECKSIG);
    script
}

fn two_of_three_leaf() -> Vec<u8> {
    let mut script = Vec::new();
    for (i, n) in [2u8, 3, 4].into_iter().enumerate() {
        push_data(&mut script, &x_only(&secret_key(n)));
        script.push(if i == 0 { OP_CHECKSIG } else { OP_CHECKSIGADD });
    }
    script.extend([OP_2, OP_NUMEQUAL]);
    script
}

fn canon_verify(spend: &TaprootSpend) -> bool {
    let txdata = PrecomputedTransactionData::new(&spend.tx, Some(vec![spend.spent.clone()]));
    let checker = TransactionSignatureChecker::new(&spend.tx, 0, spend.spent.value, &txdata);
    let input = &spend.tx.inputs[0];
    verify_script(
        &input.script_sig,
        &spend.spent.script_pubkey,
        &input.witness,
        flags(),
        &checker,
    )
    .is_ok()
}

fn core_verify(spend: &TaprootSpend) -> bool {
    let utxo = core::Utxo {
        script_pubkey: spend.spent.script_pubkey.as_ptr(),
        script_pubkey_len: spend.spent.script_pubkey.len() as u32,
        value: spend.spent.value,
    };
    core::verify_with_flags(
        &spend.spent.script_pubkey,
        spend.spent.value as u64,
        &spend.tx_bytes,
        Some(std::slice::from_ref(&utxo)),
        0,
        flags().0,
    )
    .is_ok()
}

fn bench_inputs(c: &mut Criterion) {
    let spends = [
        ("key-path", key_path()),
        (
            "script-path-checksig",
            script_path(checksig_leaf(), &[true]),
        ),
        (
            "script-path-2-of-3-checksigadd",
            script_path(two_of_three_leaf(), &[true, false, true]),
        ),
    ];
    let mut group = c.benchmark_group("taproot_verify_input");
    group.sample_size(30);
    for (name, spend) in &spends {
        assert!(canon_verify(spend), "canon rejects the {name} spend");
        assert!(core_verify(spend), "Core rejects the {name} spend");
        group.bench_with_input(BenchmarkId::new("canon", name), spend, |b, spend| {
            b.iter(|| canon_verify(spend))
        });
        group.bench_with_input(BenchmarkId::new("core", name), spend, |b, spend| {
            b.iter(|| core_verify(spend))
        });
    }
    group.finish();

    // The floor: one libsecp256k1 BIP-0340 verification.
    let secp = Secp256k1::new();
    let keypair = Keypair::from_secret_key(&secp, &secret_key(1));
    let message = Message::from_digest([7; 32]);
    let signature: Signature = secp.sign_schnorr_with_aux_rand(&message, &keypair, &[0; 32]);
    let pubkey = XOnlyPublicKey::from_keypair(&keypair).0;
    c.bench_function("secp256k1_schnorr_verify", |b| {
        b.iter(|| secp.verify_schnorr(&signature, &message, &pubkey).is_ok())
    });
}

criterion_group!(benches, bench_inputs);
criterion_main!(benches);
