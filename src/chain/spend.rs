//! Building signed transactions for tests, benchmarks and examples: fixed
//! keys, and spends of P2WPKH, P2PKH, P2WSH and arbitrary outputs.
//!
//! Not consensus code: it produces what the rules then judge. Signatures
//! use canon's own sighash algorithms and libsecp256k1.

use std::sync::OnceLock;

use secp256k1::{Message, PublicKey, Secp256k1, SecretKey, SignOnly};

use crate::primitives::hash::{hash160, sha256};
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Txid, Witness};
use crate::script::instruction::push_data;
use crate::script::opcodes::{OP_0, OP_1, OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160};
use crate::sighash::{legacy_sighash, segwit_v0_sighash, PrecomputedTransactionData, SIGHASH_ALL};
use crate::validation::finality::SEQUENCE_FINAL;

fn signer() -> &'static Secp256k1<SignOnly> {
    static CONTEXT: OnceLock<Secp256k1<SignOnly>> = OnceLock::new();
    CONTEXT.get_or_init(Secp256k1::signing_only)
}

/// A fixed secp256k1 key pair: the secret is SHA-256 of `canon test key`
/// and the key's number, so every run signs with the same keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestKey {
    secret: SecretKey,
    public: PublicKey,
}

impl TestKey {
    /// The key numbered `n`.
    pub fn new(n: u32) -> TestKey {
        let mut seed = b"canon test key".to_vec();
        seed.extend(n.to_le_bytes());
        let secret = SecretKey::from_slice(&sha256(&seed)).expect("a hash is a valid key");
        TestKey {
            secret,
            public: PublicKey::from_secret_key(signer(), &secret),
        }
    }

    /// The compressed public key.
    pub fn pubkey(&self) -> [u8; 33] {
        self.public.serialize()
    }

    /// `OP_0 <hash160(pubkey)>`: pay to this key's witness key hash.
    pub fn p2wpkh(&self) -> Vec<u8> {
        let mut script = vec![OP_0];
        push_data(&mut script, &hash160(&self.pubkey()));
        script
    }

    /// `OP_DUP OP_HASH160 <hash160(pubkey)> OP_EQUALVERIFY OP_CHECKSIG`.
    pub fn p2pkh(&self) -> Vec<u8> {
        let mut script = vec![OP_DUP, OP_HASH160];
        push_data(&mut script, &hash160(&self.pubkey()));
        script.extend([OP_EQUALVERIFY, OP_CHECKSIG]);
        script
    }

    /// A DER signature of `sighash` (low S) followed by `SIGHASH_ALL`.
    pub fn sign(&self, sighash: &[u8; 32]) -> Vec<u8> {
        let signature = signer().sign_ecdsa(&Message::from_digest(*sighash), &self.secret);
        let mut bytes = signature.serialize_der().to_vec();
        bytes.push(SIGHASH_ALL);
        bytes
    }
}

/// `OP_0 <sha256(witness_script)>`: pay to a witness script hash.
pub fn p2wsh(witness_script: &[u8]) -> Vec<u8> {
    let mut script = vec![OP_0];
    push_data(&mut script, &sha256(witness_script));
    script
}

/// How an input unlocks the output it spends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlock {
    /// A P2WPKH output of the key, signed `SIGHASH_ALL`.
    P2wpkh(TestKey),
    /// A P2PKH output of the key, signed `SIGHASH_ALL`.
    P2pkh(TestKey),
    /// A P2WSH output: the stack items, then the witness script.
    P2wsh {
        /// The witness script the output commits to.
        witness_script: Vec<u8>,
        /// The items below it.
        stack: Vec<Vec<u8>>,
    },
    /// A scriptSig and witness used as given.
    Raw {
        /// The scriptSig.
        script_sig: Vec<u8>,
        /// The witness stack.
        witness: Vec<Vec<u8>>,
    },
}

impl Unlock {
    /// No scriptSig and no witness: the spend of an `OP_1` output, or an
    /// input signed by hand afterwards.
    pub fn empty() -> Unlock {
        Unlock::Raw {
            script_sig: Vec::new(),
            witness: Vec::new(),
        }
    }
}

/// A coin no transaction created: output 0 of the txid made of `tag`
/// bytes, 1 satoshi to `OP_1`. A transaction spending it is valid in
/// itself and fails when connected (`bad-txns-inputs-missingorspent`).
pub fn phantom_coin(tag: u8) -> (OutPoint, TxOut) {
    let outpoint = OutPoint {
        txid: Txid([tag; 32]),
        vout: 0,
    };
    let spent = TxOut {
        value: 1,
        script_pubkey: vec![OP_1],
    };
    (outpoint, spent)
}

/// One input being built.
#[derive(Debug, Clone)]
struct SpendInput {
    outpoint: OutPoint,
    spent: TxOut,
    unlock: Unlock,
    sequence: u32,
}

/// A transaction under construction; [`TxBuilder::build`] signs it.
#[derive(Debug, Clone)]
pub struct TxBuilder {
    version: u32,
    lock_time: u32,
    inputs: Vec<SpendInput>,
    outputs: Vec<TxOut>,
}

impl Default for TxBuilder {
    fn default() -> Self {
        TxBuilder::new()
    }
}

impl TxBuilder {
    /// An empty version-2 transaction with lock time 0.
    pub fn new() -> Self {
        TxBuilder {
            version: 2,
            lock_time: 0,
            inputs: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// Sets the version.
    pub fn version(mut self, version: u32) -> Self {
        self.version = version;
        self
    }

    /// Sets the lock time.
    pub fn lock_time(mut self, lock_time: u32) -> Self {
        self.lock_time = lock_time;
        self
    }

    /// Spends `outpoint`, whose output is `spent`, with sequence `SEQUENCE_FINAL`.
    pub fn input(mut self, outpoint: OutPoint, spent: TxOut, unlock: Unlock) -> Self {
        self.inputs.push(SpendInput {
            outpoint,
            spent,
            unlock,
            sequence: SEQUENCE_FINAL,
        });
        self
    }

    /// Sets the sequence of the last input added.
    ///
    /// # Panics
    /// If no input was added.
    pub fn sequence(mut self, sequence: u32) -> Self {
        self.inputs.last_mut().expect("an input to set").sequence = sequence;
        self
    }

    /// Adds an output.
    pub fn output(mut self, value: i64, script_pubkey: Vec<u8>) -> Self {
        self.outputs.push(TxOut {
            value,
            script_pubkey,
        });
        self
    }

    /// The inputs' value minus the outputs'.
    pub fn fee(&self) -> i64 {
        let inputs: i64 = self.inputs.iter().map(|input| input.spent.value).sum();
        inputs - self.outputs.iter().map(|output| output.value).sum::<i64>()
    }

    /// The signed transaction.
    pub fn build(&self) -> Transaction {
        let mut tx = Transaction {
            version: self.version,
            inputs: self
                .inputs
                .iter()
                .map(|input| TxIn {
                    prevout: input.outpoint,
                    script_sig: Vec::new(),
                    sequence: input.sequence,
                    witness: Witness::default(),
                })
                .collect(),
            outputs: self.outputs.clone(),
            lock_time: self.lock_time,
        };
        let spent = self
            .inputs
            .iter()
            .map(|input| input.spent.clone())
            .collect();
        let txdata = PrecomputedTransactionData::new(&tx, Some(spent));
        let unlocked: Vec<(Vec<u8>, Vec<Vec<u8>>)> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(index, input)| unlock(&tx, index, input, &txdata))
            .collect();
        for (input, (script_sig, witness)) in tx.inputs.iter_mut().zip(unlocked) {
            input.script_sig = script_sig;
            input.witness = Witness { stack: witness };
        }
        tx
    }
}

/// The scriptSig and witness of input `index`.
fn unlock(
    tx: &Transaction,
    index: usize,
    input: &SpendInput,
    txdata: &PrecomputedTransactionData,
) -> (Vec<u8>, Vec<Vec<u8>>) {
    let hash_type = i32::from(SIGHASH_ALL);
    match &input.unlock {
        Unlock::P2wpkh(key) => {
            let script_code = key.p2pkh();
            let sighash = segwit_v0_sighash(
                &script_code,
                tx,
                index,
                input.spent.value,
                hash_type,
                txdata,
            );
            (Vec::new(), vec![key.sign(&sighash), key.pubkey().to_vec()])
        }
        Unlock::P2pkh(key) => {
            let sighash = legacy_sighash(&input.spent.script_pubkey, tx, index, hash_type);
            let mut script_sig = Vec::new();
            push_data(&mut script_sig, &key.sign(&sighash));
            push_data(&mut script_sig, &key.pubkey());
            (script_sig, Vec::new())
        }
        Unlock::P2wsh {
            witness_script,
            stack,
        } => {
            let mut witness = stack.clone();
            witness.push(witness_script.clone());
            (Vec::new(), witness)
        }
        Unlock::Raw {
            script_sig,
            witness,
        } => (script_sig.clone(), witness.clone()),
    }
}
