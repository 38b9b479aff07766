//! canon's sighash corpus (`vectors/sighash/`) against Bitcoin Core's own
//! sighash, through libbitcoinconsensus (the `bitcoinconsensus` crate),
//! which computes no sighash on request but verifies signatures over one.
//!
//! A case is checked when its question is what Core's interpreter asks for
//! some spend of a key the corpus knows: a legacy case whose scriptCode is
//! P2PKH of key 1, 2 or 3 and whose hash type fits the signature's last
//! byte (spent as P2PKH); a BIP-0143 one with such a scriptCode and a
//! non-negative amount (spent as P2WPKH); a key-path case whose spent output
//! is the key-path taproot output of key 1..=4 (with its annex, if any).
//! The input is signed over the case's hash and must verify in Core; the
//! same, signed over that hash with one bit flipped, must fail. Tapscript
//! cases (whose leaf the case names only by hash), 32-bit ECDSA hash types
//! and the `error` cases are not checked here; they are counted.

use std::path::PathBuf;

use bitcoinconsensus as core;
use canon::conformance::sighash_kind::{SighashFile, SighashRequest};
use canon::conformance::spend::{p2pkh_script, public_key, secret_key, witness_v0_script};
use canon::conformance::taptree::{sign_schnorr, tweaked_keypair, with_hash_type, TaprootOutput};
use canon::encoding::{Decode, Encode};
use canon::primitives::hash::hash160;
use canon::primitives::{Transaction, TxOut};
use canon::script::instruction::push_data;
use canon::script::VerifyFlags;
use secp256k1::{Message, Secp256k1};

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors/sighash");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Fills the input under test with a signature over a hash.
type Filler = Box<dyn Fn(&mut Transaction, &[u8; 32])>;

/// A spend of input `index` that Core checks against a given hash.
struct Spend {
    tx: Transaction,
    spent: Vec<TxOut>,
    flags: VerifyFlags,
    fill: Filler,
}

fn ecdsa_signer(key: u8, hash_type: u8) -> impl Fn(&[u8; 32]) -> Vec<u8> {
    move |digest| {
        let sig =
            Secp256k1::signing_only().sign_ecdsa(&Message::from_digest(*digest), &secret_key(key));
        let mut bytes = sig.serialize_der().to_vec();
        bytes.push(hash_type);
        bytes
    }
}

/// The key 1..=3 whose P2PKH script `code` is.
fn p2pkh_key(code: &[u8]) -> Option<u8> {
    (1..=3).find(|k| p2pkh_script(&public_key(*k, true)) == code)
}

/// How Core can be asked about this case, if it can.
fn spend_for(request: &SighashRequest) -> Option<Spend> {
    let tx = Transaction::from_bytes(&hex::decode(&request.tx).unwrap()).unwrap();
    let index = request.index;
    let others = |tx: &Transaction, spent: TxOut| -> Vec<TxOut> {
        (0..tx.inputs.len())
            .map(|i| {
                if i == index {
                    spent.clone()
                } else {
                    TxOut {
                        value: 1,
                        script_pubkey: vec![0x51],
                    }
                }
            })
            .collect()
    };
    let code = request
        .script_code
        .as_ref()
        .map(|c| hex::decode(c).unwrap());
    match request.sigversion.as_str() {
        "base" | "witness_v0" => {
            let key = p2pkh_key(code.as_deref()?)?;
            let hash_type = u8::try_from(request.hash_type).ok()?;
            let sign = ecdsa_signer(key, hash_type);
            let pubkey = public_key(key, true);
            if request.sigversion == "base" {
                let spent = TxOut {
                    value: 0,
                    script_pubkey: p2pkh_script(&pubkey),
                };
                Some(Spend {
                    spent: others(&tx, spent),
                    tx,
                    flags: VerifyFlags::P2SH,
                    fill: Box::new(move |tx, digest| {
                        let mut script = Vec::new();
                        push_data(&mut script, &sign(digest));
                        push_data(&mut script, &pubkey);
                        tx.inputs[index].script_sig = script;
                    }),
                })
            } else {
                let amount = request.amount.filter(|a| *a >= 0)?;
                let spent = TxOut {
                    value: amount,
                    script_pubkey: witness_v0_script(&hash160(&pubkey)),
                };
                Some(Spend {
                    spent: others(&tx, spent),
                    tx,
                    flags: VerifyFlags::P2SH.union(VerifyFlags::WITNESS),
                    fill: Box::new(move |tx, digest| {
                        tx.inputs[index].witness.stack = vec![sign(digest), pubkey.clone()];
                    }),
                })
            }
        }
        "taproot" => {
            let spent: Vec<TxOut> = request
                .prevouts
                .as_ref()?
                .iter()
                .map(|p| TxOut {
                    value: p.value,
                    script_pubkey: hex::decode(&p.script_pubkey).unwrap(),
                })
                .collect();
            let key = (1..=4).find(|k| {
                TaprootOutput::for_tree(&secret_key(*k), None).script_pubkey()
                    == spent[index].script_pubkey
            })?;
            let hash_type = u8::try_from(request.hash_type).ok()?;
            let annex = request.annex.as_ref().map(|a| hex::decode(a).unwrap());
            let keypair = tweaked_keypair(&secret_key(key), None);
            Some(Spend {
                spent,
                tx,
                flags: VerifyFlags::P2SH
                    .union(VerifyFlags::WITNESS)
                    .union(VerifyFlags::TAPROOT),
                fill: Box::new(move |tx, digest| {
                    let sig = with_hash_type(sign_schnorr(&keypair, digest, &[7; 32]), hash_type);
                    let mut stack = vec![sig];
                    stack.extend(annex.clone());
                    tx.inputs[index].witness.stack = stack;
                }),
            })
        }
        _ => None,
    }
}

/// Core's verdict on `spend` signed over `digest`.
fn core_accepts(spend: &Spend, index: usize, digest: &[u8; 32]) -> bool {
    let mut tx = spend.tx.clone();
    (spend.fill)(&mut tx, digest);
    let utxos: Vec<core::Utxo> = spend
        .spent
        .iter()
        .map(|p| core::Utxo {
            script_pubkey: p.script_pubkey.as_ptr(),
            script_pubkey_len: p.script_pubkey.len() as u32,
            value: p.value,
        })
        .collect();
    let spent = &spend.spent[index];
    match core::verify_with_flags(
        &spent.script_pubkey,
        spent.value as u64,
        &tx.to_bytes(),
        Some(&utxos),
        index,
        spend.flags.0,
    ) {
        Ok(()) => true,
        Err(core::Error::ERR_SCRIPT) => false,
        Err(other) => panic!("libbitcoinconsensus harness error: {other:?}"),
    }
}

#[test]
fn core_signs_over_the_corpus_hashes() {
    let (mut checked, mut unchecked) = (0, 0);
    let mut wrong = Vec::new();
    for file in corpus_files() {
        let parsed: SighashFile =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in parsed.cases {
            let hash = case.expect.get("sighash").and_then(|h| h.as_str());
            let (Some(hash), Some(spend)) = (hash, spend_for(&case.request)) else {
                unchecked += 1;
                continue;
            };
            let digest: [u8; 32] = hex::decode(hash).unwrap().try_into().unwrap();
            let mut flipped = digest;
            flipped[31] ^= 0x01;
            let index = case.request.index;
            if !core_accepts(&spend, index, &digest) {
                wrong.push(format!(
                    "{}: Core rejects a signature over the case's hash",
                    case.id
                ));
            }
            if core_accepts(&spend, index, &flipped) {
                wrong.push(format!(
                    "{}: Core accepts a signature over another hash",
                    case.id
                ));
            }
            checked += 1;
        }
    }
    println!("{checked} cases checked against Core, {unchecked} not checkable this way");
    assert!(checked >= 100, "only {checked} cases checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
