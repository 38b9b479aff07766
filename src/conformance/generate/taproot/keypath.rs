//! Key-path spends: one witness item, a BIP-0340 signature by the output key.

use super::{flip, junk_signature, Case, Fill, Fixture};
use crate::conformance::taptree::{sign_schnorr, SigContext, TapNode};
use crate::script::ScriptError::{
    SchnorrSig, SchnorrSigHashtype, SchnorrSigSize, WitnessProgramWitnessEmpty,
};

/// The internal key of every key-path case.
const INTERNAL: u8 = 0x11;

pub(super) fn cases() -> Vec<Case> {
    let mut cases = valid_hash_types();
    cases.extend(invalid_hash_types());
    cases.extend(single_without_output());
    cases.extend(wrong_signatures());
    cases.extend(signature_sizes());
    cases.extend(annex());
    cases
}

/// `sig` (64 or 65 bytes) relabelled with hash type `hash_type`.
fn relabel(sig: &[u8], hash_type: u8) -> Vec<u8> {
    let mut out = sig[..64].to_vec();
    if hash_type != 0 {
        out.push(hash_type);
    }
    out
}

fn valid_hash_types() -> Vec<Case> {
    let types = [
        (0x00, 0x01, "SIGHASH_DEFAULT, a 64-byte signature"),
        (0x01, 0x81, "SIGHASH_ALL"),
        (0x02, 0x82, "SIGHASH_NONE"),
        (0x03, 0x83, "SIGHASH_SINGLE (input 1 has output 1)"),
        (0x81, 0x01, "SIGHASH_ALL|ANYONECANPAY"),
        (0x82, 0x02, "SIGHASH_NONE|ANYONECANPAY"),
        (0x83, 0x03, "SIGHASH_SINGLE|ANYONECANPAY"),
    ];
    types
        .into_iter()
        .map(|(hash_type, other, name)| {
            let id = format!("keypath-hashtype-{hash_type:02x}");
            let fixture = Fixture::new(&id, INTERNAL, None);
            let sig = fixture.key_sig(hash_type, None);
            Case::new(
                &id,
                format!(
                    "Key path, hash type 0x{hash_type:02x} ({name}). Failure: the same \
                     signature labelled 0x{other:02x}; the hash type is signed"
                ),
                &["TAPROOT-KEY-PATH", "TAPROOT-SIG-VERIFY", "SIGHASH-BIP341"],
                &fixture.spending,
            )
            .success(Fill::witness(vec![sig.clone()]))
            .failure(Fill::witness(vec![relabel(&sig, other)]), SchnorrSig)
        })
        .collect()
}

fn invalid_hash_types() -> Vec<Case> {
    let types = [
        (
            0x00,
            "an explicit SIGHASH_DEFAULT: a 65-byte signature may not end in 0x00",
        ),
        (0x04, "0x04, undefined"),
        (0x80, "0x80, ANYONECANPAY without a base type"),
        (0x84, "0x84, undefined with ANYONECANPAY"),
        (0xff, "0xff, undefined"),
    ];
    types
        .into_iter()
        .map(|(hash_type, name)| {
            let id = format!("keypath-bad-hashtype-65-{hash_type:02x}");
            let fixture = Fixture::new(&id, INTERNAL, None);
            let sig = fixture.key_sig(0, None);
            let mut bad = sig.clone();
            bad.push(hash_type);
            Case::new(
                &id,
                format!(
                    "Key path. Failure: a valid signature with hash type {name}; \
                     no sighash is defined for it"
                ),
                &[
                    "TAPROOT-KEY-PATH",
                    "TAPROOT-SIG-HASHTYPE",
                    "SIGHASH-BIP341-HASHTYPE",
                ],
                &fixture.spending,
            )
            .success(Fill::witness(vec![sig]))
            .failure(Fill::witness(vec![bad]), SchnorrSigHashtype)
        })
        .collect()
}

fn single_without_output() -> Vec<Case> {
    [0x03u8, 0x83]
        .into_iter()
        .map(|hash_type| {
            let id = format!("keypath-single-without-output-{hash_type:02x}");
            // Input 2 of a two-output transaction: no output 2.
            let fixture = Fixture::at(&id, INTERNAL, None, 2);
            let sig = fixture.key_sig(0, None);
            let mut bad = sig.clone();
            bad.push(hash_type);
            Case::new(
                &id,
                format!(
                    "Key path spent by input 2 of a transaction with two outputs. \
                     Failure: hash type 0x{hash_type:02x} (SINGLE) has no output to sign"
                ),
                &["TAPROOT-SIG-HASHTYPE", "SIGHASH-BIP341-HASHTYPE"],
                &fixture.spending,
            )
            .success(Fill::witness(vec![sig]))
            .failure(Fill::witness(vec![bad]), SchnorrSigHashtype)
        })
        .collect()
}

/// A key-path case: the success is a valid signature with `hash_type`,
/// the failure `bad(fixture, that signature)`, failing `SCHNORR_SIG`.
fn wrong_signature(
    id: &str,
    description: &str,
    rules: &[&'static str],
    hash_type: u8,
    bad: impl FnOnce(&Fixture, &[u8]) -> Vec<u8>,
) -> Case {
    let fixture = Fixture::new(id, INTERNAL, None);
    let sig = fixture.key_sig(hash_type, None);
    let failure = bad(&fixture, &sig);
    Case::new(id, description, rules, &fixture.spending)
        .success(Fill::witness(vec![sig]))
        .failure(Fill::witness(vec![failure]), SchnorrSig)
}

fn wrong_signatures() -> Vec<Case> {
    let verify = ["TAPROOT-SIG-VERIFY"];
    let committed = ["TAPROOT-SIG-VERIFY", "SIGHASH-BIP341"];
    vec![
        wrong_signature(
            "keypath-untweaked-key",
            "Key path. Failure: signed by the internal key instead of the tweaked output key",
            &["TAPROOT-KEY-PATH", "TAPROOT-SIG-VERIFY"],
            0,
            |fixture, _| {
                let secp = secp256k1::Secp256k1::new();
                let keypair = secp256k1::Keypair::from_secret_key(&secp, &fixture.internal);
                let digest = fixture.spending.digest(0, &SigContext::default());
                sign_schnorr(&keypair, &digest, &super::AUX_RAND).to_vec()
            },
        ),
        with_script_tree(),
        wrong_signature(
            "keypath-flipped-bit-in-r",
            "Key path. Failure: one bit of the signature's R flipped",
            &verify,
            0x01,
            |_, sig| flip(sig, 5, 3),
        ),
        wrong_signature(
            "keypath-flipped-bit-in-s",
            "Key path. Failure: one bit of the signature's s flipped",
            &verify,
            0x01,
            |_, sig| flip(sig, 40, 3),
        ),
        wrong_signature(
            "keypath-commits-to-all-amounts",
            "Key path, SIGHASH_ALL. Failure: signed as if input 0 spent one satoshi \
             more; BIP-0341 signs every spent amount",
            &committed,
            0x01,
            |_, _| {
                let mut other = Fixture::new("keypath-commits-to-all-amounts", INTERNAL, None);
                other.spending.prevouts[0].value += 1;
                other.key_sig(0x01, None)
            },
        ),
        wrong_signature(
            "keypath-commits-to-input-index",
            "Key path. Failure: the signature of the same transaction for input 0",
            &committed,
            0,
            |_, _| {
                let mut other = Fixture::new("keypath-commits-to-input-index", INTERNAL, None);
                other.spending.index = 0;
                other.key_sig(0, None)
            },
        ),
        wrong_signature(
            "keypath-junk-signature",
            "Key path. Failure: 64 bytes that are no signature",
            &verify,
            0,
            |_, _| junk_signature(),
        ),
    ]
}

fn with_script_tree() -> Case {
    let id = "keypath-with-script-tree";
    let tree = TapNode::tapscript(vec![0x51]);
    let fixture = Fixture::new(id, INTERNAL, Some(tree));
    let untreed = Fixture::new(id, INTERNAL, None).key_sig(0, None);
    Case::new(
        id,
        "Key path of an output with a script tree: the key is tweaked by the merkle \
         root. Failure: signed with the tweak of the internal key alone",
        &["TAPROOT-KEY-PATH", "TAPROOT-SIG-VERIFY"],
        &fixture.spending,
    )
    .success(Fill::witness(vec![fixture.key_sig(0, None)]))
    .failure(Fill::witness(vec![untreed]), SchnorrSig)
}

/// A change to a valid signature.
type SigChange = fn(Vec<u8>) -> Vec<u8>;

fn signature_sizes() -> Vec<Case> {
    let mut cases = Vec::new();
    let sizes: [(&str, SigChange, &str); 4] = [
        ("empty", |_| Vec::new(), "an empty signature"),
        ("63", |sig| sig[..63].to_vec(), "a 63-byte signature"),
        (
            "66",
            |sig| [sig, vec![0x01, 0x01]].concat(),
            "a 66-byte signature",
        ),
        (
            "1-annex-tag",
            |_| vec![0x50],
            "the single item 0x50: one item is never an annex",
        ),
    ];
    for (name, make, what) in sizes {
        let id = format!("keypath-sig-size-{name}");
        let fixture = Fixture::new(&id, INTERNAL, None);
        let sig = fixture.key_sig(0, None);
        let mut rules = vec!["TAPROOT-KEY-PATH", "TAPROOT-SIG-SIZE"];
        if name == "1-annex-tag" {
            rules.push("TAPROOT-ANNEX");
        }
        cases.push(
            Case::new(
                &id,
                format!("Key path. Failure: {what}, neither 64 nor 65 bytes"),
                &rules,
                &fixture.spending,
            )
            .success(Fill::witness(vec![sig.clone()]))
            .failure(Fill::witness(vec![make(sig)]), SchnorrSigSize),
        );
    }
    let id = "keypath-witness-empty";
    let fixture = Fixture::new(id, INTERNAL, None);
    cases.push(
        Case::new(
            id,
            "A taproot output. Failure: an empty witness",
            &["TAPROOT-WITNESS-EMPTY"],
            &fixture.spending,
        )
        .success(Fill::witness(vec![fixture.key_sig(0, None)]))
        .failure(Fill::witness(vec![]), WitnessProgramWitnessEmpty),
    );
    cases
}

fn annex() -> Vec<Case> {
    let mut cases = Vec::new();
    let long: Vec<u8> = std::iter::once(0x50)
        .chain((0..600u32).map(|i| i as u8))
        .collect();
    let annexes = [
        ("minimal", vec![0x50]),
        ("600-bytes", long),
        ("tag-then-zero", vec![0x50, 0x00]),
    ];
    for (name, annex) in annexes {
        let id = format!("keypath-annex-{name}");
        let fixture = Fixture::new(&id, INTERNAL, None);
        let with = fixture.key_sig(0, Some(&annex));
        let without = fixture.key_sig(0, None);
        cases.push(
            Case::new(
                &id,
                format!(
                    "Key path with an annex ({} bytes, no size limit): the signature \
                     commits to it. Failure: a signature without the annex",
                    annex.len()
                ),
                &["TAPROOT-ANNEX", "SIGHASH-BIP341"],
                &fixture.spending,
            )
            .success(Fill::witness(vec![with, annex.clone()]))
            .failure(Fill::witness(vec![without, annex]), SchnorrSig),
        );
    }
    let id = "keypath-annex-absent";
    let fixture = Fixture::new(id, INTERNAL, None);
    let annex = [0x50, 0x01];
    cases.push(
        Case::new(
            id,
            "Key path without an annex. Failure: a signature committing to an annex \
             that the witness does not have",
            &["TAPROOT-ANNEX", "SIGHASH-BIP341"],
            &fixture.spending,
        )
        .success(Fill::witness(vec![fixture.key_sig(0x01, None)]))
        .failure(
            Fill::witness(vec![fixture.key_sig(0x01, Some(&annex))]),
            SchnorrSig,
        ),
    );
    cases
}
