//! Signed spends of the standard output types, built the way Bitcoin Core's
//! test harnesses build them: a crediting transaction whose one output is the
//! script under test, and a spending transaction whose one input spends it.
//!
//! Used by differential tests, benchmarks and the corpus generator; canon's
//! rules never call it. Keys are small fixed scalars, signatures RFC 6979
//! deterministic, so everything built here is reproducible byte for byte.

use secp256k1::{Message, PublicKey, Secp256k1, SecretKey};

use super::script_harness::{crediting_transaction, spending_transaction};
use crate::primitives::hash::{hash160, sha256};
use crate::primitives::{Transaction, TxOut, Witness};
use crate::script::instruction::push_data;
use crate::script::opcodes::{
    OP_0, OP_1, OP_CHECKMULTISIG, OP_CHECKSIG, OP_DUP, OP_EQUAL, OP_EQUALVERIFY, OP_HASH160,
};
use crate::sighash::{legacy_sighash, segwit_v0_sighash, PrecomputedTransactionData};

/// A script pushing each item (Core's `CScript << item`).
pub fn push_all(items: &[Vec<u8>]) -> Vec<u8> {
    let mut script = Vec::new();
    for item in items {
        push_data(&mut script, item);
    }
    script
}

/// The secret key whose 32 bytes all equal `n` (n ≥ 1).
pub fn secret_key(n: u8) -> SecretKey {
    SecretKey::from_slice(&[n.max(1); 32])
        .expect("a scalar of repeated small bytes is below the curve order")
}

/// The public key of [`secret_key`]`(n)`, compressed (33 bytes) or not (65).
pub fn public_key(n: u8, compressed: bool) -> Vec<u8> {
    let pk = PublicKey::from_secret_key(&Secp256k1::signing_only(), &secret_key(n));
    if compressed {
        pk.serialize().to_vec()
    } else {
        pk.serialize_uncompressed().to_vec()
    }
}

/// `m <key 1> ... <key n> n OP_CHECKMULTISIG` with compressed keys 1..=n.
pub fn multisig_script(m: u8, n: u8) -> Vec<u8> {
    let mut script = vec![OP_1 - 1 + m];
    for k in 1..=n {
        push_data(&mut script, &public_key(k, true));
    }
    script.extend([OP_1 - 1 + n, OP_CHECKMULTISIG]);
    script
}

/// `OP_DUP OP_HASH160 <hash160(pk)> OP_EQUALVERIFY OP_CHECKSIG`.
pub fn p2pkh_script(pubkey: &[u8]) -> Vec<u8> {
    let mut script = vec![OP_DUP, OP_HASH160];
    push_data(&mut script, &hash160(pubkey));
    script.extend([OP_EQUALVERIFY, OP_CHECKSIG]);
    script
}

/// `OP_HASH160 <hash160(redeem)> OP_EQUAL` (BIP-0016).
pub fn p2sh_script(redeem: &[u8]) -> Vec<u8> {
    let mut script = vec![OP_HASH160];
    push_data(&mut script, &hash160(redeem));
    script.push(OP_EQUAL);
    script
}

/// `OP_0 <program>`: a version-0 witness program (BIP-0141).
pub fn witness_v0_script(program: &[u8]) -> Vec<u8> {
    let mut script = vec![OP_0];
    push_data(&mut script, program);
    script
}

/// The output types a spend can be built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// `<pk> OP_CHECKSIG`.
    P2pk { compressed: bool },
    /// Pay to public key hash.
    P2pkh { compressed: bool },
    /// Bare `m`-of-`n` CHECKMULTISIG.
    BareMultisig { m: u8, n: u8 },
    /// `m`-of-`n` multisig behind P2SH.
    P2shMultisig { m: u8, n: u8 },
    /// Version-0 pay to witness public key hash.
    P2wpkh,
    /// `m`-of-`n` multisig behind version-0 pay to witness script hash.
    P2wshMultisig { m: u8, n: u8 },
    /// P2WPKH nested in P2SH.
    P2shP2wpkh,
}

/// How to sign and lay out a spend; [`SpendOptions::default`] gives an honest
/// SIGHASH_ALL spend of 1 BTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendOptions {
    /// Value of the output being spent.
    pub amount: i64,
    /// The hash type byte signed and appended.
    pub hash_type: u8,
    /// Sign as if the amount were this (segwit only; wrong amounts break it).
    pub signed_amount: Option<i64>,
    /// Sign with key `k + key_offset` instead of key `k`.
    pub key_offset: u8,
    /// CHECKMULTISIG's extra element (empty under NULLDUMMY).
    pub multisig_dummy: Vec<u8>,
    /// Spending transaction version, lock time and input sequence.
    pub version: u32,
    /// Spending transaction lock time.
    pub lock_time: u32,
    /// The input's sequence.
    pub sequence: u32,
}

impl Default for SpendOptions {
    fn default() -> Self {
        SpendOptions {
            amount: 100_000_000,
            hash_type: 1,
            signed_amount: None,
            key_offset: 0,
            multisig_dummy: vec![],
            version: 1,
            lock_time: 0,
            sequence: u32::MAX,
        }
    }
}

/// A perturbation of a signed spend: what the differential generators
/// (`tests/diff_consensus_random.rs` and the fuzz target `diff_script_core`)
/// do to a spend so that it may fail in many ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpendMutation {
    /// None.
    None,
    /// After signing, flip the lowest bit of this byte (modulo the length)
    /// of the first witness item, or of the scriptSig without a witness.
    FlipSignatureByte(usize),
    /// Sign with this hash type instead.
    HashType(u8),
    /// Sign as if the amount differed in its lowest bit.
    SignOtherAmount,
    /// Sign with other keys (offset 7).
    OtherKey,
    /// Give CHECKMULTISIG a non-empty dummy (breaks NULLDUMMY).
    NonNullDummy,
    /// After signing, push this before the scriptSig.
    ExtraPush(Vec<u8>),
    /// After signing, drop the last witness item.
    DropLastWitnessItem,
}

impl SpendMutation {
    /// The signing options: `base`, with this mutation's part before
    /// signing (hash type, signed amount, keys, multisig dummy).
    pub fn options(&self, base: SpendOptions) -> SpendOptions {
        let amount = base.amount;
        SpendOptions {
            hash_type: match self {
                SpendMutation::HashType(h) => *h,
                _ => base.hash_type,
            },
            signed_amount: matches!(self, SpendMutation::SignOtherAmount).then_some(amount ^ 1),
            key_offset: if matches!(self, SpendMutation::OtherKey) {
                7
            } else {
                0
            },
            multisig_dummy: if matches!(self, SpendMutation::NonNullDummy) {
                vec![1]
            } else {
                vec![]
            },
            ..base
        }
    }

    /// This mutation's part after signing, on input 0 of `spend`.
    pub fn after_signing(&self, spend: &mut Transaction) {
        let input = &mut spend.inputs[0];
        match self {
            SpendMutation::FlipSignatureByte(at) => {
                let target = if input.witness.stack.is_empty() {
                    &mut input.script_sig
                } else {
                    &mut input.witness.stack[0]
                };
                if !target.is_empty() {
                    let at = at % target.len();
                    target[at] ^= 0x01;
                }
            }
            SpendMutation::ExtraPush(data) => {
                let mut script = push_all(std::slice::from_ref(data));
                script.extend_from_slice(&input.script_sig);
                input.script_sig = script;
            }
            SpendMutation::DropLastWitnessItem => {
                input.witness.stack.pop();
            }
            _ => {}
        }
    }
}

/// A crediting transaction and the spending transaction of its output 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spend {
    /// The transaction whose output 0 is spent. Core: `BuildCreditingTransaction`.
    pub credit: Transaction,
    /// The spending transaction. Core: `BuildSpendingTransaction`.
    pub spend: Transaction,
}

impl Spend {
    /// The spent output.
    pub fn spent_output(&self) -> &TxOut {
        &self.credit.outputs[0]
    }
}

/// Core's `BuildSpendingTransaction` with the given fields, scriptSig and witness empty.
pub fn spending_tx(credit: &Transaction, options: &SpendOptions) -> Transaction {
    let mut spend = spending_transaction(&[], Witness::default(), credit);
    spend.version = options.version;
    spend.lock_time = options.lock_time;
    spend.inputs[0].sequence = options.sequence;
    spend
}

impl Template {
    /// The scriptPubKey, the script code signatures commit to, whether the
    /// input is segwit, and the keys that sign.
    fn parts(self) -> (Vec<u8>, Vec<u8>, bool, Vec<u8>) {
        match self {
            Template::P2pk { compressed } => {
                let spk = push_all(&[public_key(1, compressed)])
                    .into_iter()
                    .chain([OP_CHECKSIG])
                    .collect::<Vec<_>>();
                (spk.clone(), spk, false, vec![1])
            }
            Template::P2pkh { compressed } => {
                let spk = p2pkh_script(&public_key(1, compressed));
                (spk.clone(), spk, false, vec![1])
            }
            Template::BareMultisig { m, n } => {
                let spk = multisig_script(m, n);
                (spk.clone(), spk, false, (1..=m).collect())
            }
            Template::P2shMultisig { m, n } => {
                let redeem = multisig_script(m, n);
                (p2sh_script(&redeem), redeem, false, (1..=m).collect())
            }
            Template::P2wpkh => {
                let pk = public_key(1, true);
                (
                    witness_v0_script(&hash160(&pk)),
                    p2pkh_script(&pk),
                    true,
                    vec![1],
                )
            }
            Template::P2wshMultisig { m, n } => {
                let ws = multisig_script(m, n);
                (witness_v0_script(&sha256(&ws)), ws, true, (1..=m).collect())
            }
            Template::P2shP2wpkh => {
                let pk = public_key(1, true);
                let redeem = witness_v0_script(&hash160(&pk));
                (p2sh_script(&redeem), p2pkh_script(&pk), true, vec![1])
            }
        }
    }

    /// Builds and signs the spend.
    pub fn build(self, options: &SpendOptions) -> Spend {
        let (script_pubkey, script_code, segwit, keys) = self.parts();
        let credit = crediting_transaction(&script_pubkey, options.amount);
        let mut spend = spending_tx(&credit, options);
        let sigs: Vec<Vec<u8>> = keys
            .iter()
            .map(|k| {
                sign(
                    &spend,
                    &script_code,
                    segwit,
                    k + options.key_offset,
                    options,
                )
            })
            .collect();
        let dummy_then = |sigs: &[Vec<u8>]| -> Vec<Vec<u8>> {
            std::iter::once(options.multisig_dummy.clone())
                .chain(sigs.iter().cloned())
                .collect()
        };
        let input = &mut spend.inputs[0];
        match self {
            Template::P2pk { .. } => input.script_sig = push_all(&sigs),
            Template::P2pkh { compressed } => {
                input.script_sig = push_all(&[sigs[0].clone(), public_key(1, compressed)]);
            }
            Template::BareMultisig { .. } => input.script_sig = push_all(&dummy_then(&sigs)),
            Template::P2shMultisig { .. } => {
                let mut items = dummy_then(&sigs);
                items.push(script_code);
                input.script_sig = push_all(&items);
            }
            Template::P2wpkh => input.witness.stack = vec![sigs[0].clone(), public_key(1, true)],
            Template::P2wshMultisig { .. } => {
                let mut items = dummy_then(&sigs);
                items.push(script_code);
                input.witness.stack = items;
            }
            Template::P2shP2wpkh => {
                let redeem = witness_v0_script(&hash160(&public_key(1, true)));
                input.script_sig = push_all(&[redeem]);
                input.witness.stack = vec![sigs[0].clone(), public_key(1, true)];
            }
        }
        Spend { credit, spend }
    }
}

/// An ECDSA signature by key `key` over the input's sighash, DER-encoded,
/// with the hash type byte appended.
fn sign(
    spend: &Transaction,
    script_code: &[u8],
    segwit: bool,
    key: u8,
    options: &SpendOptions,
) -> Vec<u8> {
    let hash_type = i32::from(options.hash_type);
    let digest = if segwit {
        let amount = options.signed_amount.unwrap_or(options.amount);
        let txdata = PrecomputedTransactionData::new(spend, None);
        segwit_v0_sighash(script_code, spend, 0, amount, hash_type, &txdata)
    } else {
        legacy_sighash(script_code, spend, 0, hash_type)
    };
    let secp = Secp256k1::signing_only();
    let sig = secp.sign_ecdsa(&Message::from_digest(digest), &secret_key(key));
    let mut bytes = sig.serialize_der().to_vec();
    bytes.push(options.hash_type);
    bytes
}
