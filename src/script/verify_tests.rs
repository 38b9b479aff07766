//! Unit tests of `verify_script`: P2SH, the witness program kinds, and the
//! malleability and cleanliness rules, with real signatures where needed.

use super::*;
use crate::primitives::hash::hash160;
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Txid};
use crate::script::opcodes::*;
use crate::script::TransactionSignatureChecker;
use crate::sighash::{segwit_v0_sighash, PrecomputedTransactionData};
use secp256k1::{Message, PublicKey, Secp256k1, SecretKey};

fn flags(names: &str) -> VerifyFlags {
    VerifyFlags::from_names(names).unwrap()
}

const STANDARD: &str = "P2SH,STRICTENC,DERSIG,LOW_S,NULLDUMMY,MINIMALDATA,DISCOURAGE_UPGRADABLE_NOPS,CLEANSTACK,\
CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,MINIMALIF,NULLFAIL,\
WITNESS_PUBKEYTYPE,CONST_SCRIPTCODE,TAPROOT";

/// A one-input, one-output spend of a coin worth `amount`.
fn spending_tx(witness: Witness, script_sig: Vec<u8>) -> Transaction {
    Transaction {
        version: 2,
        inputs: vec![TxIn {
            prevout: OutPoint {
                txid: Txid([9; 32]),
                vout: 0,
            },
            script_sig,
            sequence: 0xffff_fffe,
            witness,
        }],
        outputs: vec![TxOut {
            value: 1000,
            script_pubkey: vec![OP_1],
        }],
        lock_time: 0,
    }
}

fn run(
    tx: &Transaction,
    script_pubkey: &[u8],
    amount: i64,
    flags: VerifyFlags,
) -> Result<(), ScriptError> {
    let txdata = PrecomputedTransactionData::new(tx, None);
    let checker = TransactionSignatureChecker::new(tx, 0, amount, &txdata);
    let input = &tx.inputs[0];
    verify_script(
        &input.script_sig,
        script_pubkey,
        &input.witness,
        flags,
        &checker,
    )
}

/// The key with secret 1, compressed.
fn key() -> (SecretKey, Vec<u8>) {
    let mut secret = [0u8; 32];
    secret[31] = 1;
    let secret = SecretKey::from_slice(&secret).unwrap();
    let public = PublicKey::from_secret_key(&Secp256k1::new(), &secret)
        .serialize()
        .to_vec();
    (secret, public)
}

/// Signs input 0 of `tx` for P2WPKH with SIGHASH_ALL and sets its witness.
fn sign_p2wpkh(tx: &mut Transaction, amount: i64) {
    let (secret, public) = key();
    let script_code = [
        &[OP_DUP, OP_HASH160, 20][..],
        &hash160(&public),
        &[OP_EQUALVERIFY, OP_CHECKSIG],
    ]
    .concat();
    let sighash = segwit_v0_sighash(
        &script_code,
        tx,
        0,
        amount,
        1,
        &PrecomputedTransactionData::default(),
    );
    let sig = Secp256k1::new().sign_ecdsa(&Message::from_digest(sighash), &secret);
    let mut sig = sig.serialize_der().to_vec();
    sig.push(1);
    tx.inputs[0].witness = Witness {
        stack: vec![sig, public],
    };
}

fn p2wpkh_script() -> Vec<u8> {
    [&[OP_0, 20][..], &hash160(&key().1)].concat()
}

fn p2sh_of(redeem: &[u8]) -> Vec<u8> {
    [&[OP_HASH160, 20][..], &hash160(redeem), &[OP_EQUAL]].concat()
}

#[test]
fn p2wpkh_native_and_wrapped() {
    let mut tx = spending_tx(Witness::default(), vec![]);
    sign_p2wpkh(&mut tx, 5000);
    assert_eq!(run(&tx, &p2wpkh_script(), 5000, flags(STANDARD)), Ok(()));
    // The amount is signed.
    assert_eq!(
        run(&tx, &p2wpkh_script(), 5001, flags("P2SH,WITNESS")),
        Err(ScriptError::EvalFalse)
    );
    assert_eq!(
        run(&tx, &p2wpkh_script(), 5001, flags(STANDARD)),
        Err(ScriptError::SigNullFail)
    );
    // A non-empty scriptSig malleates a native witness spend.
    tx.inputs[0].script_sig = vec![OP_0];
    assert_eq!(
        run(&tx, &p2wpkh_script(), 5000, flags(STANDARD)),
        Err(ScriptError::WitnessMalleated)
    );

    let redeem = p2wpkh_script();
    let mut script_sig = Vec::new();
    push_data(&mut script_sig, &redeem);
    let mut wrapped = spending_tx(Witness::default(), script_sig);
    sign_p2wpkh(&mut wrapped, 5000);
    assert_eq!(
        run(&wrapped, &p2sh_of(&redeem), 5000, flags(STANDARD)),
        Ok(())
    );
    // Anything but exactly one push of the redeem script malleates it.
    wrapped.inputs[0].script_sig.insert(0, OP_0);
    let flags_no_cleanstack = flags("P2SH,WITNESS");
    assert_eq!(
        run(&wrapped, &p2sh_of(&redeem), 5000, flags_no_cleanstack),
        Err(ScriptError::WitnessMalleatedP2sh)
    );
}

#[test]
fn p2wpkh_witness_shape() {
    let mut tx = spending_tx(Witness::default(), vec![]);
    sign_p2wpkh(&mut tx, 1);
    tx.inputs[0].witness.stack.push(vec![]);
    assert_eq!(
        run(&tx, &p2wpkh_script(), 1, flags(STANDARD)),
        Err(ScriptError::WitnessProgramMismatch)
    );
    // Uncompressed keys are policy-rejected in witness v0.
    let (_, compressed) = key();
    let uncompressed = PublicKey::from_slice(&compressed)
        .unwrap()
        .serialize_uncompressed()
        .to_vec();
    let program = [&[OP_0, 20][..], &hash160(&uncompressed)].concat();
    let tx = spending_tx(
        Witness {
            stack: vec![vec![0x30], uncompressed],
        },
        vec![],
    );
    assert_eq!(
        run(&tx, &program, 1, flags("P2SH,WITNESS,WITNESS_PUBKEYTYPE")),
        Err(ScriptError::WitnessPubkeyType)
    );
}

#[test]
fn p2wsh_rules() {
    let witness_script = vec![OP_1];
    let program = [&[OP_0, 32][..], &sha256(&witness_script)].concat();
    let ok = spending_tx(
        Witness {
            stack: vec![witness_script.clone()],
        },
        vec![],
    );
    assert_eq!(run(&ok, &program, 0, flags(STANDARD)), Ok(()));
    let empty = spending_tx(Witness::default(), vec![]);
    assert_eq!(
        run(&empty, &program, 0, flags(STANDARD)),
        Err(ScriptError::WitnessProgramWitnessEmpty)
    );
    let wrong = spending_tx(
        Witness {
            stack: vec![vec![OP_2]],
        },
        vec![],
    );
    assert_eq!(
        run(&wrong, &program, 0, flags(STANDARD)),
        Err(ScriptError::WitnessProgramMismatch)
    );
    // The witness script must leave exactly one true element.
    let unclean = spending_tx(
        Witness {
            stack: vec![vec![1], witness_script.clone()],
        },
        vec![],
    );
    assert_eq!(
        run(&unclean, &program, 0, flags("P2SH,WITNESS")),
        Err(ScriptError::CleanStack)
    );
    // Witness items are limited to 520 bytes.
    let big = spending_tx(
        Witness {
            stack: vec![vec![0; 521], vec![OP_DROP, OP_1]],
        },
        vec![],
    );
    let program2 = [&[OP_0, 32][..], &sha256(&[OP_DROP, OP_1])].concat();
    assert_eq!(
        run(&big, &program2, 0, flags("P2SH,WITNESS")),
        Err(ScriptError::PushSize)
    );
    // (The program must be non-zero: the scriptPubKey runs first and must leave true.)
    let wrong_length = [&[OP_0, 21][..], &[1; 21]].concat();
    assert_eq!(
        run(&ok, &wrong_length, 0, flags("P2SH,WITNESS")),
        Err(ScriptError::WitnessProgramWrongLength)
    );
}

#[test]
fn other_programs() {
    let any_witness = spending_tx(
        Witness {
            stack: vec![vec![1]],
        },
        vec![],
    );
    let v2 = [OP_2, 2, 1, 1];
    assert_eq!(run(&any_witness, &v2, 0, flags("P2SH,WITNESS")), Ok(()));
    assert_eq!(
        run(
            &any_witness,
            &v2,
            0,
            flags("P2SH,WITNESS,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM")
        ),
        Err(ScriptError::DiscourageUpgradableWitnessProgram)
    );
    let anchor = [OP_1, 2, 0x4e, 0x73];
    assert_eq!(run(&any_witness, &anchor, 0, flags(STANDARD)), Ok(()));
    // Taproot: anyone can spend without the flag; an empty witness fails with it.
    let taproot = [&[OP_1, 32][..], &[2; 32]].concat();
    let no_witness = spending_tx(Witness::default(), vec![]);
    assert_eq!(run(&no_witness, &taproot, 0, flags("P2SH,WITNESS")), Ok(()));
    assert_eq!(
        run(&no_witness, &taproot, 0, flags(STANDARD)),
        Err(ScriptError::WitnessProgramWitnessEmpty)
    );
    // P2SH-wrapped v1 32-byte programs are not taproot: upgradable.
    let mut script_sig = Vec::new();
    push_data(&mut script_sig, &taproot);
    let wrapped = spending_tx(
        Witness {
            stack: vec![vec![1]],
        },
        script_sig,
    );
    assert_eq!(
        run(
            &wrapped,
            &p2sh_of(&taproot),
            0,
            flags("P2SH,WITNESS,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM")
        ),
        Err(ScriptError::DiscourageUpgradableWitnessProgram)
    );
}

#[test]
fn non_witness_rules() {
    // A witness on a non-witness spend.
    let tx = spending_tx(
        Witness {
            stack: vec![vec![]],
        },
        vec![OP_1],
    );
    assert_eq!(
        run(&tx, &[], 0, flags("P2SH,WITNESS")),
        Err(ScriptError::WitnessUnexpected)
    );
    assert_eq!(run(&tx, &[], 0, flags("P2SH")), Ok(()));
    // CLEANSTACK counts what P2SH leaves.
    let tx = spending_tx(Witness::default(), vec![OP_1, OP_1]);
    assert_eq!(run(&tx, &[], 0, flags("P2SH")), Ok(()));
    assert_eq!(
        run(&tx, &[], 0, flags("P2SH,WITNESS,CLEANSTACK")),
        Err(ScriptError::CleanStack)
    );
    // SIGPUSHONLY, and push-only P2SH scriptSigs.
    let tx = spending_tx(Witness::default(), vec![OP_1, OP_NOP]);
    assert_eq!(
        run(&tx, &[OP_1], 0, flags("SIGPUSHONLY")),
        Err(ScriptError::SigPushOnly)
    );
    let redeem = [OP_1];
    let p2sh = p2sh_of(&redeem);
    let mut script_sig = vec![OP_NOP];
    push_data(&mut script_sig, &redeem);
    let tx = spending_tx(Witness::default(), script_sig);
    assert_eq!(
        run(&tx, &p2sh, 0, flags("P2SH")),
        Err(ScriptError::SigPushOnly)
    );
    assert_eq!(run(&tx, &p2sh, 0, VerifyFlags::NONE), Ok(()));
    // An empty or false stack after the scriptPubKey.
    let tx = spending_tx(Witness::default(), vec![]);
    assert_eq!(
        run(&tx, &[], 0, VerifyFlags::NONE),
        Err(ScriptError::EvalFalse)
    );
    assert_eq!(
        run(&tx, &[OP_0], 0, VerifyFlags::NONE),
        Err(ScriptError::EvalFalse)
    );
    // A redeem script leaving false.
    let redeem = [OP_0];
    let mut script_sig = Vec::new();
    push_data(&mut script_sig, &redeem);
    let tx = spending_tx(Witness::default(), script_sig);
    assert_eq!(
        run(&tx, &p2sh_of(&redeem), 0, flags("P2SH")),
        Err(ScriptError::EvalFalse)
    );
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    /// Bytes drawn mostly from opcodes, so that scripts do things.
    fn script() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            4 => 0x4fu8..=0xba,
            1 => any::<u8>(),
            1 => Just(0x01u8),
            1 => Just(OP_PUSHDATA1),
        ];
        prop::collection::vec(byte, 0..40)
    }

    proptest! {
        /// Whatever the scripts, witness and flags, verification returns.
        #[test]
        fn verify_script_never_panics(
            script_sig in script(),
            script_pubkey in prop_oneof![
                script(),
                script().prop_map(|s| [&[OP_0, 32][..], &sha256(&s)].concat()),
                Just(p2wpkh_script()),
                prop::collection::vec(any::<u8>(), 32).prop_map(|k| [&[OP_1, 32][..], &k].concat()),
            ],
            witness in prop::collection::vec(script(), 0..4),
            flags in any::<u32>(),
        ) {
            let tx = spending_tx(Witness { stack: witness }, script_sig);
            let _ = run(&tx, &script_pubkey, 1000, VerifyFlags(flags & ((1 << 21) - 1)));
        }
    }
}
