//! BIP-0341's wallet test vectors (`bips/bip-0341/wallet-test-vectors.json`,
//! Core's `bip341_wallet_vectors.json`): building taproot outputs and
//! signing key-path spends, with every intermediate value.
//!
//! - `scriptPubKey` cases: each leaf hash (canon's `compute_tapleaf_hash`),
//!   the merkle root (canon's `compute_tapbranch_hash`), the tweak, the
//!   tweaked key, the scriptPubKey, the bech32m address (`canon::address`),
//!   and each leaf's control block, which canon's
//!   `verify_taproot_commitment` must accept. Core: `bip341_spk_test_vectors`.
//! - `keyPathSpending` cases: the five BIP-0341 transaction hashes; per
//!   input the internal key, tweak, tweaked secret key, the sighash (canon's
//!   `taproot_sighash`, and `TapSighash` of the given `sigMsg`), the
//!   signature, and canon's verification of the input with it; finally
//!   every input of `fullySignedTx`. The vectors do not state the aux
//!   randomness; like Core's `bip341_keypath_test_vectors` (through
//!   `MutableTransactionSignatureCreator::CreateSchnorrSig`, which passes
//!   `uint256{}`), canon signs with 32 zero bytes and must reproduce the
//!   signature byte for byte. `precomputedUsed` is not observable and is
//!   not checked.

use serde_json::Value;

use super::core_json::{cannot_parse, parse_hex};
use super::taptree::{
    sign_schnorr, tap_tweak, taproot_digest, tweaked_keypair, with_hash_type, SigContext,
    TaprootOutput,
};
use super::{parse_json, Report};
use crate::address::destination::Destination;
use crate::address::encode_destination;
use crate::encoding::Decode;
use crate::params::Network;
use crate::primitives::hash::tagged_hash;
use crate::primitives::{Transaction, TxOut};
use crate::script::taproot::{
    compute_tapbranch_hash, compute_tapleaf_hash, verify_taproot_commitment,
};
use crate::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::{Bip341Hashes, PrecomputedTransactionData};

/// The consensus flags of a block after taproot activation.
pub const CONSENSUS_FLAGS: VerifyFlags = VerifyFlags(
    VerifyFlags::P2SH.0
        | VerifyFlags::DERSIG.0
        | VerifyFlags::NULLDUMMY.0
        | VerifyFlags::CHECKLOCKTIMEVERIFY.0
        | VerifyFlags::CHECKSEQUENCEVERIFY.0
        | VerifyFlags::WITNESS.0
        | VerifyFlags::TAPROOT.0,
);

/// Runs both parts of the file.
pub fn run(file: &str, text: &str, report: &mut Report) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let (Some(spks), Some(spends)) = (
        json["scriptPubKey"].as_array(),
        json["keyPathSpending"].as_array(),
    ) else {
        return report.check(
            file,
            "file",
            Err(cannot_parse("no scriptPubKey or keyPathSpending array")),
        );
    };
    for (i, case) in spks.iter().enumerate() {
        report.check(
            file,
            format!("scriptPubKey[{i}]"),
            check_script_pubkey(case),
        );
    }
    for (i, case) in spends.iter().enumerate() {
        run_key_path_spending(file, i, case, report);
    }
}

/// Hex bytes at a JSON value, or why not.
fn bytes(value: &Value, what: &str) -> Result<Vec<u8>, String> {
    value
        .as_str()
        .and_then(parse_hex)
        .ok_or_else(|| cannot_parse(format!("{what} is not a hex string")))
}

fn bytes32(value: &Value, what: &str) -> Result<[u8; 32], String> {
    <[u8; 32]>::try_from(bytes(value, what)?.as_slice())
        .map_err(|_| cannot_parse(format!("{what} is not 32 bytes")))
}

/// Compares a computed value with the vector's hex.
fn expect_hex(what: &str, got: &[u8], expected: &Value) -> Result<(), String> {
    let expected = bytes(expected, what)?;
    if got == expected.as_slice() {
        Ok(())
    } else {
        Err(format!(
            "{what}: got {}, expected {}",
            hex::encode(got),
            hex::encode(expected)
        ))
    }
}

/// A leaf of the tree: its `id`, version and script, and its merkle path.
struct Leaf {
    id: usize,
    version: u8,
    script: Vec<u8>,
    path: Vec<[u8; 32]>,
}

/// The hash of a BIP-0341 script tree (a leaf object or a two-element
/// array), collecting its leaves with their merkle paths.
fn tree_hash(node: &Value, leaves: &mut Vec<Leaf>) -> Result<[u8; 32], String> {
    match node {
        Value::Object(leaf) => {
            let id = leaf.get("id").and_then(Value::as_u64);
            let version = leaf.get("leafVersion").and_then(Value::as_u64);
            let (Some(id), Some(version)) = (id, version) else {
                return Err(cannot_parse("a leaf lacks id or leafVersion"));
            };
            let version = u8::try_from(version).map_err(|_| cannot_parse("leafVersion"))?;
            let script = bytes(&leaf["script"], "script")?;
            let hash = compute_tapleaf_hash(version, &script);
            leaves.push(Leaf {
                id: id as usize,
                version,
                script,
                path: Vec::new(),
            });
            Ok(hash)
        }
        Value::Array(children) if children.len() == 2 => {
            let first = leaves.len();
            let left = tree_hash(&children[0], leaves)?;
            let middle = leaves.len();
            let right = tree_hash(&children[1], leaves)?;
            leaves[first..middle]
                .iter_mut()
                .for_each(|leaf| leaf.path.push(right));
            leaves[middle..]
                .iter_mut()
                .for_each(|leaf| leaf.path.push(left));
            Ok(compute_tapbranch_hash(&left, &right))
        }
        _ => Err(cannot_parse("a tree node is neither a leaf nor a pair")),
    }
}

/// One `scriptPubKey` case. Core: `bip341_spk_test_vectors`.
fn check_script_pubkey(case: &Value) -> Result<(), String> {
    let given = &case["given"];
    let intermediary = &case["intermediary"];
    let expected = &case["expected"];
    let internal_key = bytes32(&given["internalPubkey"], "internalPubkey")?;
    let mut leaves = Vec::new();
    let root = match &given["scriptTree"] {
        Value::Null => None,
        tree => Some(tree_hash(tree, &mut leaves)?),
    };
    for leaf in &leaves {
        let hash = compute_tapleaf_hash(leaf.version, &leaf.script);
        expect_hex(
            &format!("leafHashes[{}]", leaf.id),
            &hash,
            &intermediary["leafHashes"][leaf.id],
        )?;
    }
    match (root, &intermediary["merkleRoot"]) {
        (None, Value::Null) => {}
        (Some(root), expected_root) => expect_hex("merkleRoot", &root, expected_root)?,
        (None, _) => return Err("merkleRoot: no tree, but the vector has a root".into()),
    }
    let output = TaprootOutput::new(&internal_key, root)?;
    expect_hex(
        "tweak",
        &tap_tweak(&internal_key, root.as_ref()),
        &intermediary["tweak"],
    )?;
    expect_hex(
        "tweakedPubkey",
        &output.output_key,
        &intermediary["tweakedPubkey"],
    )?;
    let destination = Destination::WitnessV1Taproot(output.output_key);
    expect_hex(
        "scriptPubKey",
        &destination.script_pubkey(),
        &expected["scriptPubKey"],
    )?;
    let address = encode_destination(&destination, Network::Main).unwrap_or_default();
    if Some(address.as_str()) != expected["bip350Address"].as_str() {
        return Err(format!("bip350Address: got {address}"));
    }
    for leaf in &leaves {
        let control = output.control_block(leaf.version, &leaf.path);
        let what = format!("scriptPathControlBlocks[{}]", leaf.id);
        expect_hex(
            &what,
            &control,
            &expected["scriptPathControlBlocks"][leaf.id],
        )?;
        let hash = compute_tapleaf_hash(leaf.version, &leaf.script);
        if !verify_taproot_commitment(&control, &output.output_key, &hash) {
            return Err(format!("{what}: verify_taproot_commitment rejects it"));
        }
    }
    Ok(())
}

/// The transaction and spent outputs of a `keyPathSpending` case.
fn read_spending(given: &Value) -> Result<(Transaction, Vec<TxOut>), String> {
    let tx = Transaction::from_bytes(&bytes(&given["rawUnsignedTx"], "rawUnsignedTx")?)
        .map_err(|e| cannot_parse(format!("rawUnsignedTx: {e}")))?;
    let utxos = given["utxosSpent"]
        .as_array()
        .ok_or_else(|| cannot_parse("utxosSpent is not an array"))?;
    let spent = utxos
        .iter()
        .map(|utxo| {
            Ok(TxOut {
                value: utxo["amountSats"]
                    .as_i64()
                    .ok_or_else(|| cannot_parse("amountSats"))?,
                script_pubkey: bytes(&utxo["scriptPubKey"], "scriptPubKey")?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((tx, spent))
}

/// One `keyPathSpending` case: its hashes, each input, the signed transaction.
fn run_key_path_spending(file: &str, i: usize, case: &Value, report: &mut Report) {
    let name = format!("keyPathSpending[{i}]");
    let (tx, spent) = match read_spending(&case["given"]) {
        Ok(read) => read,
        Err(why) => return report.check(file, name, Err(why)),
    };
    report.check(
        file,
        format!("{name} hashes"),
        check_hashes(&tx, &spent, &case["intermediary"]),
    );
    for (j, input) in case["inputSpending"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        report.check(
            file,
            format!("{name} inputSpending[{j}]"),
            check_input(&tx, &spent, input),
        );
    }
    report.check(
        file,
        format!("{name} fullySignedTx"),
        check_fully_signed(&case["auxiliary"]["fullySignedTx"], &spent),
    );
}

/// The five single-SHA-256 hashes of BIP-0341's signature message.
fn check_hashes(tx: &Transaction, spent: &[TxOut], expected: &Value) -> Result<(), String> {
    let hashes = Bip341Hashes::new(tx, spent);
    expect_hex(
        "hashAmounts",
        &hashes.spent_amounts,
        &expected["hashAmounts"],
    )?;
    expect_hex("hashOutputs", &hashes.outputs, &expected["hashOutputs"])?;
    expect_hex("hashPrevouts", &hashes.prevouts, &expected["hashPrevouts"])?;
    expect_hex(
        "hashScriptPubkeys",
        &hashes.spent_scripts,
        &expected["hashScriptPubkeys"],
    )?;
    expect_hex(
        "hashSequences",
        &hashes.sequences,
        &expected["hashSequences"],
    )
}

/// One input: keys, tweak, sighash, signature, and verification.
fn check_input(tx: &Transaction, spent: &[TxOut], input: &Value) -> Result<(), String> {
    let given = &input["given"];
    let intermediary = &input["intermediary"];
    let index = given["txinIndex"]
        .as_u64()
        .ok_or_else(|| cannot_parse("txinIndex"))? as usize;
    let hash_type = given["hashType"]
        .as_u64()
        .and_then(|h| u8::try_from(h).ok())
        .ok_or_else(|| cannot_parse("hashType"))?;
    let secret = secp256k1::SecretKey::from_slice(&bytes(&given["internalPrivkey"], "key")?)
        .map_err(|e| cannot_parse(format!("internalPrivkey: {e}")))?;
    let root = match &given["merkleRoot"] {
        Value::Null => None,
        root => Some(bytes32(root, "merkleRoot")?),
    };
    let internal_key = super::taptree::x_only(&secret);
    expect_hex(
        "internalPubkey",
        &internal_key,
        &intermediary["internalPubkey"],
    )?;
    expect_hex(
        "tweak",
        &tap_tweak(&internal_key, root.as_ref()),
        &intermediary["tweak"],
    )?;
    let keypair = tweaked_keypair(&secret, root.as_ref());
    expect_hex(
        "tweakedPrivkey",
        &keypair.secret_bytes(),
        &intermediary["tweakedPrivkey"],
    )?;
    let sig_msg = bytes(&intermediary["sigMsg"], "sigMsg")?;
    expect_hex(
        "TapSighash(sigMsg)",
        &tagged_hash("TapSighash", &sig_msg),
        &intermediary["sigHash"],
    )?;
    if index >= tx.inputs.len() || spent.len() != tx.inputs.len() {
        return Err(cannot_parse("txinIndex out of range"));
    }
    let digest = taproot_digest(tx, spent, index, hash_type, &SigContext::default());
    expect_hex("sigHash", &digest, &intermediary["sigHash"])?;
    let signature = with_hash_type(sign_schnorr(&keypair, &digest, &[0; 32]), hash_type);
    expect_hex("witness[0]", &signature, &input["expected"]["witness"][0])?;
    let mut signed = tx.clone();
    signed.inputs[index].witness.stack = vec![signature];
    verify_input(&signed, spent, index)
}

/// Every input of the fully signed transaction verifies under the
/// consensus flags.
fn check_fully_signed(hex_tx: &Value, spent: &[TxOut]) -> Result<(), String> {
    let tx = Transaction::from_bytes(&bytes(hex_tx, "fullySignedTx")?)
        .map_err(|e| cannot_parse(format!("fullySignedTx: {e}")))?;
    (0..tx.inputs.len()).try_for_each(|index| verify_input(&tx, spent, index))
}

/// canon's verification of one input under the consensus flags.
fn verify_input(tx: &Transaction, spent: &[TxOut], index: usize) -> Result<(), String> {
    let txdata = PrecomputedTransactionData::new(tx, Some(spent.to_vec()));
    let checker = TransactionSignatureChecker::new(tx, index, spent[index].value, &txdata);
    let input = &tx.inputs[index];
    verify_script(
        &input.script_sig,
        &spent[index].script_pubkey,
        &input.witness,
        CONSENSUS_FLAGS,
        &checker,
    )
    .map_err(|e| format!("input {index} fails verification: {e}"))
}
