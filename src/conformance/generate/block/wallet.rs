//! The block family's wallet: the output types the prefix funds, and signed
//! spends of them with fixed keys (RFC 6979 ECDSA, BIP-0340 Schnorr with
//! zero aux randomness), so every run writes the same bytes.
//!
//! Not consensus code: it produces what the rules then judge.

use secp256k1::{Message, Secp256k1};

use crate::conformance::spend::{
    multisig_script, p2pkh_script, p2sh_script, public_key, secret_key, witness_v0_script,
};
use crate::conformance::taptree::{
    sign_schnorr, taproot_digest, tweaked_keypair, with_hash_type, x_only, SigContext, TapNode,
    TaprootOutput,
};
use crate::primitives::hash::{hash160, sha256};
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Witness};
use crate::script::instruction::push_data;
use crate::script::opcodes::{
    OP_0, OP_1, OP_CHECKLOCKTIMEVERIFY, OP_CHECKSEQUENCEVERIFY, OP_CHECKSIG, OP_DROP, OP_ELSE,
    OP_ENDIF, OP_IF,
};
use crate::sighash::{legacy_sighash, segwit_v0_sighash, PrecomputedTransactionData, SIGHASH_ALL};
use crate::validation::finality::SEQUENCE_FINAL;

/// The key every coinbase of the family's prefixes pays to (P2WPKH).
pub const MINER_KEY: u8 = 1;

/// How an output is locked, and so how it is spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lock {
    /// `OP_0 <hash160(key)>` (BIP-0141).
    P2wpkh(u8),
    /// `OP_DUP OP_HASH160 <hash160(key)> OP_EQUALVERIFY OP_CHECKSIG`.
    P2pkh(u8),
    /// P2SH of a 2-of-3 multisig over keys 1, 2, 3 (BIP-0016).
    P2shMultisig,
    /// P2SH-wrapped P2WPKH of the key.
    P2shP2wpkh(u8),
    /// P2WSH of a 2-of-3 multisig over keys 1, 2, 3.
    P2wshMultisig,
    /// A bare 1-of-2 multisig over keys 8 and 9.
    BareMultisig,
    /// A taproot output of the key, without scripts (BIP-0341).
    TaprootKey(u8),
    /// A taproot output of key 11 with the leaves [`checksig_leaf`] and
    /// [`if_leaf`].
    TaprootTree,
    /// A bare `OP_1`: anyone can spend it with an empty scriptSig.
    Anyone,
    /// P2WSH of `OP_CHECKLOCKTIMEVERIFY OP_DROP OP_1`: the witness gives the
    /// lock time to check.
    Cltv,
    /// P2WSH of `OP_CHECKSEQUENCEVERIFY OP_DROP OP_1`: the witness gives the
    /// relative lock to check.
    Csv,
}

/// The keys that sign for [`Lock::P2shMultisig`] and [`Lock::P2wshMultisig`],
/// whose script is [`multisig_script`]`(2, 3)` over keys 1, 2, 3 of
/// `conformance::spend`.
const MULTISIG_SIGNERS: [u8; 2] = [1, 2];

/// The 2-of-3 multisig script.
pub fn multisig_2_of_3() -> Vec<u8> {
    multisig_script(2, 3)
}

/// The 1-of-2 bare multisig script over keys 8 and 9.
pub fn bare_multisig() -> Vec<u8> {
    let mut script = vec![OP_1];
    push_data(&mut script, &public_key(8, true));
    push_data(&mut script, &public_key(9, true));
    script.extend([OP_1 + 1, crate::script::opcodes::OP_CHECKMULTISIG]);
    script
}

/// The tapscript leaf `<x-only key 12> OP_CHECKSIG`.
pub fn checksig_leaf() -> Vec<u8> {
    let mut script = Vec::new();
    push_data(&mut script, &x_only(&secret_key(12)));
    script.push(OP_CHECKSIG);
    script
}

/// The tapscript leaf `OP_IF OP_1 OP_ELSE OP_0 OP_ENDIF`: true for a
/// witness item `01`, and a MINIMALIF failure for any other non-empty item.
pub fn if_leaf() -> Vec<u8> {
    vec![OP_IF, OP_1, OP_ELSE, OP_0, OP_ENDIF]
}

/// The script tree of [`Lock::TaprootTree`].
pub fn tap_tree() -> TapNode {
    TapNode::branch(
        TapNode::tapscript(checksig_leaf()),
        TapNode::tapscript(if_leaf()),
    )
}

/// The witness script of [`Lock::Cltv`].
pub fn cltv_script() -> Vec<u8> {
    vec![OP_CHECKLOCKTIMEVERIFY, OP_DROP, OP_1]
}

/// The witness script of [`Lock::Csv`].
pub fn csv_script() -> Vec<u8> {
    vec![OP_CHECKSEQUENCEVERIFY, OP_DROP, OP_1]
}

fn p2wpkh(key: u8) -> Vec<u8> {
    witness_v0_script(&hash160(&public_key(key, true)))
}

impl Lock {
    /// The scriptPubKey.
    pub fn script_pubkey(&self) -> Vec<u8> {
        match self {
            Lock::P2wpkh(key) => p2wpkh(*key),
            Lock::P2pkh(key) => p2pkh_script(&public_key(*key, true)),
            Lock::P2shMultisig => p2sh_script(&multisig_2_of_3()),
            Lock::P2shP2wpkh(key) => p2sh_script(&p2wpkh(*key)),
            Lock::P2wshMultisig => witness_v0_script(&sha256(&multisig_2_of_3())),
            Lock::BareMultisig => bare_multisig(),
            Lock::TaprootKey(key) => {
                TaprootOutput::for_tree(&secret_key(*key), None).script_pubkey()
            }
            Lock::TaprootTree => {
                TaprootOutput::for_tree(&secret_key(11), Some(&tap_tree())).script_pubkey()
            }
            Lock::Anyone => vec![OP_1],
            Lock::Cltv => witness_v0_script(&sha256(&cltv_script())),
            Lock::Csv => witness_v0_script(&sha256(&csv_script())),
        }
    }
}

/// An unspent output the wallet can spend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coin {
    /// Where it is.
    pub outpoint: OutPoint,
    /// Its value and script.
    pub output: TxOut,
    /// How to spend it.
    pub lock: Lock,
    /// The height of the block that created it.
    pub height: u32,
}

impl Coin {
    /// Output `vout` of `tx`, mined at `height`, locked by `lock`.
    pub fn of(tx: &Transaction, vout: u32, lock: Lock, height: u32) -> Coin {
        let output = tx.outputs[vout as usize].clone();
        assert_eq!(output.script_pubkey, lock.script_pubkey(), "the lock fits");
        Coin {
            outpoint: OutPoint {
                txid: tx.txid(),
                vout,
            },
            output,
            lock,
            height,
        }
    }
}

/// An unsigned transaction spending `coins` (version 2, final sequences,
/// lock time 0) into `outputs`.
pub fn unsigned(coins: &[&Coin], outputs: Vec<TxOut>) -> Transaction {
    Transaction {
        version: 2,
        inputs: coins
            .iter()
            .map(|coin| TxIn {
                prevout: coin.outpoint,
                script_sig: Vec::new(),
                sequence: SEQUENCE_FINAL,
                witness: Witness::default(),
            })
            .collect(),
        outputs,
        lock_time: 0,
    }
}

/// `tx` with every input signed (`SIGHASH_ALL`, or the default for
/// taproot); `coins[i]` is what input `i` spends. Witness arguments of
/// [`Lock::Cltv`], [`Lock::Csv`] and the script path of
/// [`Lock::TaprootTree`] are set by the caller afterwards; here they get
/// the value 0 and the checksig leaf.
pub fn sign(mut tx: Transaction, coins: &[&Coin]) -> Transaction {
    for index in 0..tx.inputs.len() {
        let (script_sig, witness) = unlock(&tx, index, coins, SIGHASH_ALL);
        tx.inputs[index].script_sig = script_sig;
        tx.inputs[index].witness = Witness { stack: witness };
    }
    tx
}

/// A signed transaction spending `coins` into one P2WPKH output of key 2
/// worth their total less `fee`.
pub fn spend_all(coins: &[&Coin], fee: i64) -> Transaction {
    let total: i64 = coins.iter().map(|coin| coin.output.value).sum();
    sign(unsigned(coins, vec![pay(total - fee)]), coins)
}

/// An output of `value` to key 2's P2WPKH.
pub fn pay(value: i64) -> TxOut {
    TxOut {
        value,
        script_pubkey: p2wpkh(2),
    }
}

/// An ECDSA signature of `digest` by key `key`, DER, then `hash_type`.
pub fn ecdsa(key: u8, digest: &[u8; 32], hash_type: u8) -> Vec<u8> {
    let signature =
        Secp256k1::signing_only().sign_ecdsa(&Message::from_digest(*digest), &secret_key(key));
    let mut bytes = signature.serialize_der().to_vec();
    bytes.push(hash_type);
    bytes
}

/// The scriptSig and witness of input `index` of `tx`, signed with
/// `hash_type` (ECDSA; taproot key paths sign `SIGHASH_DEFAULT`).
pub fn unlock(
    tx: &Transaction,
    index: usize,
    coins: &[&Coin],
    hash_type: u8,
) -> (Vec<u8>, Vec<Vec<u8>>) {
    let coin = coins[index];
    let spent: Vec<TxOut> = coins.iter().map(|c| c.output.clone()).collect();
    let txdata = PrecomputedTransactionData::new(tx, Some(spent.clone()));
    let legacy = |code: &[u8], key: u8| {
        ecdsa(
            key,
            &legacy_sighash(code, tx, index, i32::from(hash_type)),
            hash_type,
        )
    };
    let segwit = |code: &[u8], key: u8| {
        let digest = segwit_v0_sighash(
            code,
            tx,
            index,
            coin.output.value,
            i32::from(hash_type),
            &txdata,
        );
        ecdsa(key, &digest, hash_type)
    };
    let push_all = crate::conformance::spend::push_all;
    match &coin.lock {
        Lock::P2wpkh(key) => {
            let code = p2pkh_script(&public_key(*key, true));
            (
                Vec::new(),
                vec![segwit(&code, *key), public_key(*key, true)],
            )
        }
        Lock::P2pkh(key) => (
            push_all(&[
                legacy(&coin.output.script_pubkey, *key),
                public_key(*key, true),
            ]),
            Vec::new(),
        ),
        Lock::P2shMultisig => {
            let redeem = multisig_2_of_3();
            let mut items = vec![Vec::new()];
            items.extend(MULTISIG_SIGNERS.iter().map(|&key| legacy(&redeem, key)));
            items.push(redeem);
            (push_all(&items), Vec::new())
        }
        Lock::P2shP2wpkh(key) => {
            let code = p2pkh_script(&public_key(*key, true));
            (
                push_all(&[p2wpkh(*key)]),
                vec![segwit(&code, *key), public_key(*key, true)],
            )
        }
        Lock::P2wshMultisig => {
            let script = multisig_2_of_3();
            let mut witness = vec![Vec::new()];
            witness.extend(MULTISIG_SIGNERS.iter().map(|&key| segwit(&script, key)));
            witness.push(script);
            (Vec::new(), witness)
        }
        Lock::BareMultisig => (
            push_all(&[Vec::new(), legacy(&coin.output.script_pubkey, 8)]),
            Vec::new(),
        ),
        Lock::TaprootKey(key) => {
            let keypair = tweaked_keypair(&secret_key(*key), None);
            let digest = taproot_digest(tx, &spent, index, 0, &SigContext::default());
            let sig = sign_schnorr(&keypair, &digest, &[0; 32]);
            (Vec::new(), vec![with_hash_type(sig, 0)])
        }
        Lock::TaprootTree => (Vec::new(), tapscript_checksig_witness(tx, &spent, index, 0)),
        Lock::Anyone => (Vec::new(), Vec::new()),
        Lock::Cltv => (Vec::new(), vec![Vec::new(), cltv_script()]),
        Lock::Csv => (Vec::new(), vec![Vec::new(), csv_script()]),
    }
}

/// The witness spending [`Lock::TaprootTree`] by its checksig leaf, signed
/// with `hash_type`.
pub fn tapscript_checksig_witness(
    tx: &Transaction,
    spent: &[TxOut],
    index: usize,
    hash_type: u8,
) -> Vec<Vec<u8>> {
    let leaf = checksig_leaf();
    let context = SigContext {
        leaf_hash: Some(crate::script::taproot::compute_tapleaf_hash(0xc0, &leaf)),
        ..SigContext::default()
    };
    let digest = taproot_digest(tx, spent, index, hash_type, &context);
    let keypair = secp256k1::Keypair::from_secret_key(&Secp256k1::new(), &secret_key(12));
    let sig = sign_schnorr(&keypair, &digest, &[0; 32]);
    let output = TaprootOutput::for_tree(&secret_key(11), Some(&tap_tree()));
    vec![
        with_hash_type(sig, hash_type),
        leaf.clone(),
        output.control_block_for(&tap_tree(), 0xc0, &leaf),
    ]
}

/// The witness spending [`Lock::TaprootTree`] by its `OP_IF` leaf with
/// `condition` as the item the `OP_IF` pops.
pub fn tapscript_if_witness(condition: Vec<u8>) -> Vec<Vec<u8>> {
    let leaf = if_leaf();
    let output = TaprootOutput::for_tree(&secret_key(11), Some(&tap_tree()));
    vec![
        condition,
        leaf.clone(),
        output.control_block_for(&tap_tree(), 0xc0, &leaf),
    ]
}
