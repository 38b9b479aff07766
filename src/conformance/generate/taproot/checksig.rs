//! The tapscript signature opcodes: OP_CHECKSIGADD thresholds, empty
//! signatures, empty and unknown keys, hash types, and the validation
//! budget.

use super::scriptpath::checksig_leaf;
use super::tapscript::{one_leaf, sig_at, two_leaves};
use super::{junk_signature, key, Case, Fixture, LeafSig, Script};
use crate::encoding::Encode;
use crate::primitives::Witness;
use crate::script::opcodes::{
    OP_0, OP_1, OP_2, OP_3, OP_CHECKSIG, OP_CHECKSIGADD, OP_CHECKSIGVERIFY, OP_DROP, OP_DUP,
    OP_NOT, OP_NUMEQUAL, OP_NUMEQUALVERIFY,
};
use crate::script::ScriptError::{
    CheckSigVerify, DiscourageUpgradablePubkeyType, EvalFalse, NumEqualVerify, SchnorrSig,
    SchnorrSigHashtype, SchnorrSigSize, TapscriptEmptyPubkey, TapscriptValidationWeight,
};

/// The flags of the cases about unknown key types.
const DISCOURAGED: &str = "P2SH,WITNESS,TAPROOT,DISCOURAGE_UPGRADABLE_PUBKEYTYPE";

pub(super) fn cases() -> Vec<Case> {
    let mut cases = vec![
        checksigadd_two_of_three(),
        checksigadd_three_of_three(),
        checksigadd_invalid_signature(),
        empty_signature_checksig(),
        empty_signature_checksigverify(),
        signature_size(),
        hash_type(),
        signature_commits_to_leaf(),
    ];
    cases.extend(empty_pubkey());
    for size in [1usize, 31, 33, 65] {
        cases.extend(unknown_pubkey(size));
    }
    cases.push(unknown_pubkey_empty_signature());
    cases.push(validation_weight());
    cases.push(validation_weight_empty_signatures());
    cases
}

/// `<k1> OP_CHECKSIG <k2> OP_CHECKSIGADD <k3> OP_CHECKSIGADD` and `tail`.
fn checksigadd_script(tail: &[u8]) -> Vec<u8> {
    Script::new()
        .push(&key(0x21))
        .op(&[OP_CHECKSIG])
        .push(&key(0x22))
        .op(&[OP_CHECKSIGADD])
        .push(&key(0x23))
        .op(&[OP_CHECKSIGADD])
        .op(tail)
        .bytes()
}

/// The witness of a threshold script signed by the keys marked in
/// `signers` (keys 1, 2, 3), the others' signatures empty. The witness
/// lists key 3's signature first, so that key 1's is on top.
fn threshold(fixture: &Fixture, script: &[u8], signers: [bool; 3]) -> super::Fill {
    let sigs = [0x23u8, 0x22, 0x21]
        .iter()
        .zip(signers.iter().rev())
        .map(|(n, signs)| match signs {
            true => sig_at(fixture, *n, script, None),
            false => Vec::new(),
        })
        .collect();
    fixture.spend_leaf(sigs, script, None)
}

fn checksigadd_two_of_three() -> Case {
    let id = "tapscript-checksigadd-2-of-3";
    let script = checksigadd_script(&[OP_2, OP_NUMEQUAL]);
    let fixture = one_leaf(id, &script);
    Case::new(
        id,
        "A 2-of-3 threshold with OP_CHECKSIGADD ... OP_2 OP_NUMEQUAL, met by keys 1 \
         and 3 (key 2's signature empty). Failure: only key 1 signs",
        &["TAPSCRIPT-CHECKSIGADD", "TAPSCRIPT-EMPTY-SIGNATURE"],
        &fixture.spending,
    )
    .success(threshold(&fixture, &script, [true, false, true]))
    .failure(
        threshold(&fixture, &script, [true, false, false]),
        EvalFalse,
    )
}

fn checksigadd_three_of_three() -> Case {
    let id = "tapscript-checksigadd-3-of-3";
    let script = checksigadd_script(&[OP_3, OP_NUMEQUALVERIFY, OP_1]);
    let fixture = one_leaf(id, &script);
    Case::new(
        id,
        "A 3-of-3 threshold ending OP_3 OP_NUMEQUALVERIFY OP_1, met. Failure: key 2's \
         signature empty, one short",
        &["TAPSCRIPT-CHECKSIGADD"],
        &fixture.spending,
    )
    .success(threshold(&fixture, &script, [true; 3]))
    .failure(
        threshold(&fixture, &script, [true, false, true]),
        NumEqualVerify,
    )
}

fn checksigadd_invalid_signature() -> Case {
    let id = "tapscript-checksigadd-invalid-signature";
    let script = checksigadd_script(&[OP_2, OP_NUMEQUAL]);
    let fixture = one_leaf(id, &script);
    let mut bad = threshold(&fixture, &script, [true, false, true]);
    bad.witness[1] = junk_signature();
    Case::new(
        id,
        "A 2-of-3 threshold met by keys 1 and 3. Failure: key 2's signature not empty \
         but invalid, which fails the script although the threshold is met",
        &[
            "TAPSCRIPT-CHECKSIGADD",
            "TAPSCRIPT-EMPTY-SIGNATURE",
            "TAPROOT-SIG-VERIFY",
        ],
        &fixture.spending,
    )
    .success(threshold(&fixture, &script, [true, false, true]))
    .failure(bad, SchnorrSig)
}

fn empty_signature_checksig() -> Case {
    let id = "tapscript-empty-signature-checksig";
    let script = Script::new()
        .push(&key(0x21))
        .op(&[OP_CHECKSIG, OP_NOT])
        .bytes();
    let fixture = one_leaf(id, &script);
    Case::new(
        id,
        "<key> OP_CHECKSIG OP_NOT: an empty signature makes the check false without \
         failing the script. Failure: a non-empty invalid signature fails it",
        &["TAPSCRIPT-EMPTY-SIGNATURE", "TAPROOT-SIG-VERIFY"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![vec![]], &script, None))
    .failure(
        fixture.spend_leaf(vec![junk_signature()], &script, None),
        SchnorrSig,
    )
}

fn empty_signature_checksigverify() -> Case {
    let id = "tapscript-empty-signature-checksigverify";
    let script = Script::new()
        .push(&key(0x21))
        .op(&[OP_CHECKSIGVERIFY, OP_1])
        .bytes();
    let fixture = one_leaf(id, &script);
    let sig = sig_at(&fixture, 0x21, &script, None);
    Case::new(
        id,
        "<key> OP_CHECKSIGVERIFY OP_1 with a valid signature. Failure: an empty \
         signature, a false check that OP_CHECKSIGVERIFY rejects",
        &["TAPSCRIPT-EMPTY-SIGNATURE"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![sig], &script, None))
    .failure(
        fixture.spend_leaf(vec![vec![]], &script, None),
        CheckSigVerify,
    )
}

fn signature_size() -> Case {
    let id = "tapscript-signature-size";
    let leaf = checksig_leaf(0x21);
    let fixture = one_leaf(id, &leaf);
    let sig = sig_at(&fixture, 0x21, &leaf, None);
    Case::new(
        id,
        "<key> OP_CHECKSIG. Failure: the signature cut to 63 bytes",
        &["TAPROOT-SIG-SIZE"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![sig.clone()], &leaf, None))
    .failure(
        fixture.spend_leaf(vec![sig[..63].to_vec()], &leaf, None),
        SchnorrSigSize,
    )
}

fn hash_type() -> Case {
    let id = "tapscript-hashtype";
    let leaf = checksig_leaf(0x21);
    let fixture = one_leaf(id, &leaf);
    let single_anyone_can_pay = LeafSig {
        hash_type: 0x83,
        ..LeafSig::default()
    };
    let good = fixture.leaf_sig(0x21, &leaf, single_anyone_can_pay);
    let mut explicit_default = sig_at(&fixture, 0x21, &leaf, None);
    explicit_default.push(0x00);
    Case::new(
        id,
        "<key> OP_CHECKSIG with SIGHASH_SINGLE|ANYONECANPAY. Failure: a 65-byte \
         signature with hash type 0x00",
        &["TAPROOT-SIG-HASHTYPE", "SIGHASH-BIP341"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![good], &leaf, None))
    .failure(
        fixture.spend_leaf(vec![explicit_default], &leaf, None),
        SchnorrSigHashtype,
    )
}

fn signature_commits_to_leaf() -> Case {
    let id = "tapscript-signature-commits-to-leaf";
    let leaf = checksig_leaf(0x21);
    let other = checksig_leaf(0x22);
    let fixture = two_leaves(id, &leaf, &other);
    let good = sig_at(&fixture, 0x21, &leaf, None);
    let for_other_leaf = sig_at(&fixture, 0x21, &other, None);
    Case::new(
        id,
        "<key> OP_CHECKSIG in a two-leaf tree. Failure: the same key's signature \
         made for the other leaf; the tapleaf hash is signed",
        &["TAPROOT-SIG-VERIFY", "SIGHASH-BIP341"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![good], &leaf, None))
    .failure(
        fixture.spend_leaf(vec![for_other_leaf], &leaf, None),
        SchnorrSig,
    )
}

/// The valid spend of the `<key 0x21> OP_CHECKSIG` leaf of `fixture`.
fn good_spend(fixture: &Fixture) -> super::Fill {
    let good = checksig_leaf(0x21);
    fixture.spend_leaf(vec![sig_at(fixture, 0x21, &good, None)], &good, None)
}

fn empty_pubkey() -> Vec<Case> {
    let empty_key = Script::new().op(&[OP_0, OP_CHECKSIG]).bytes();
    [("", junk_signature()), ("-empty-signature", vec![])]
        .into_iter()
        .map(|(name, sig)| {
            let id = format!("tapscript-empty-pubkey{name}");
            let fixture = two_leaves(&id, &checksig_leaf(0x21), &empty_key);
            let what = if sig.is_empty() {
                "an empty"
            } else {
                "a non-empty"
            };
            Case::new(
                &id,
                format!(
                    "A tree with <key> OP_CHECKSIG and OP_0 OP_CHECKSIG. Failure: the \
                     empty key, with {what} signature"
                ),
                &["TAPSCRIPT-EMPTY-PUBKEY"],
                &fixture.spending,
            )
            .success(good_spend(&fixture))
            .failure(
                fixture.spend_leaf(vec![sig], &empty_key, None),
                TapscriptEmptyPubkey,
            )
        })
        .collect()
}

/// The consensus case and the policy case of a `size`-byte key.
fn unknown_pubkey(size: usize) -> [Case; 2] {
    let unknown = Script::new()
        .push(&vec![0x02; size])
        .op(&[OP_CHECKSIG])
        .bytes();
    let id = format!("tapscript-unknown-pubkey-{size}-bytes");
    let fixture = two_leaves(&id, &checksig_leaf(0x21), &unknown);
    let consensus = Case::new(
        &id,
        format!(
            "A {size}-byte key is an unknown key type: any non-empty signature passes \
             OP_CHECKSIG. Failure: an empty signature, a false check"
        ),
        &["TAPSCRIPT-UNKNOWN-PUBKEY", "TAPSCRIPT-EMPTY-SIGNATURE"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![vec![0x01]], &unknown, None))
    .failure(fixture.spend_leaf(vec![vec![]], &unknown, None), EvalFalse);
    let id = format!("tapscript-unknown-pubkey-{size}-bytes-discouraged");
    let fixture = two_leaves(&id, &checksig_leaf(0x21), &unknown);
    let policy = Case::new(
        &id,
        format!(
            "A {size}-byte key. Failure: under the policy flag \
             DISCOURAGE_UPGRADABLE_PUBKEYTYPE; the 32-byte key's leaf passes under it"
        ),
        &["TAPSCRIPT-UNKNOWN-PUBKEY"],
        &fixture.spending,
    )
    .flags(DISCOURAGED)
    .not_final()
    .success(good_spend(&fixture))
    .failure(
        fixture.spend_leaf(vec![vec![0x01]], &unknown, None),
        DiscourageUpgradablePubkeyType,
    );
    [consensus, policy]
}

fn unknown_pubkey_empty_signature() -> Case {
    let id = "tapscript-unknown-pubkey-empty-signature-discouraged";
    let unknown_not = Script::new()
        .push(&[0x02; 33])
        .op(&[OP_CHECKSIG, OP_NOT])
        .bytes();
    let fixture = two_leaves(id, &checksig_leaf(0x21), &unknown_not);
    Case::new(
        id,
        "<33-byte key> OP_CHECKSIG OP_NOT with an empty signature passes under \
         consensus, but the policy flag DISCOURAGE_UPGRADABLE_PUBKEYTYPE rejects the \
         unknown key whatever the signature. Failure: that spend under the flag",
        &["TAPSCRIPT-UNKNOWN-PUBKEY"],
        &fixture.spending,
    )
    .flags(DISCOURAGED)
    .not_final()
    .success(good_spend(&fixture))
    .failure(
        fixture.spend_leaf(vec![vec![]], &unknown_not, None),
        DiscourageUpgradablePubkeyType,
    )
}

/// `(OP_DUP <key> OP_CHECKSIGVERIFY) × n, <key> OP_CHECKSIG`: n + 1
/// checks of one signature.
fn repeated_checks(n: usize) -> Vec<u8> {
    let k = key(0x21);
    let mut script = Script::new();
    for _ in 0..n {
        script = script.op(&[OP_DUP]).push(&k).op(&[OP_CHECKSIGVERIFY]);
    }
    script.push(&k).op(&[OP_CHECKSIG]).bytes()
}

/// 31 checks of one signature, with an annex sized so that the budget is
/// met exactly, and one byte short.
fn validation_weight() -> Case {
    let checks = 31;
    let script = repeated_checks(checks - 1);
    let id = "tapscript-validation-weight";
    let fixture = one_leaf(id, &script);
    // The budget is the witness's serialized size plus 50; each non-empty
    // signature check costs 50. Size the annex so that exactly nothing is
    // left, then take one byte away.
    let witness_len = |annex_len: usize| {
        let control = fixture.control(0xc0, &script);
        let stack = vec![vec![0; 64], script.clone(), control, vec![0x50; annex_len]];
        Witness { stack }.encoded_len() as i64
    };
    let needed = 50 * checks as i64 - 50;
    let annex_len = (1..2000)
        .find(|len| witness_len(*len) == needed)
        .expect("some annex length meets the budget exactly");
    assert_eq!(witness_len(annex_len - 1), needed - 1, "same length prefix");
    let fill = |annex_len: usize| {
        let annex = vec![0x50; annex_len];
        let signed = LeafSig {
            annex: Some(annex.clone()),
            ..LeafSig::default()
        };
        let sig = fixture.leaf_sig(0x21, &script, signed);
        fixture.spend_leaf(vec![sig], &script, Some(&annex))
    };
    Case::new(
        id,
        format!(
            "{checks} checks of one valid signature cost {}; an annex of {annex_len} \
             bytes makes the witness {needed} bytes, a budget of {needed} + 50, \
             exactly that. Failure: an annex one byte shorter, a budget one short",
            50 * checks
        ),
        &["TAPSCRIPT-VALIDATION-WEIGHT", "TAPROOT-ANNEX"],
        &fixture.spending,
    )
    .success(fill(annex_len))
    .failure(fill(annex_len - 1), TapscriptValidationWeight)
}

fn validation_weight_empty_signatures() -> Case {
    let check = [&[OP_0, 0x20][..], &key(0x21), &[OP_CHECKSIG, OP_DROP]].concat();
    let script = Script::new().repeat(&check, 200).op(&[OP_1]).bytes();
    let id = "tapscript-validation-weight-empty-signatures";
    let fixture = one_leaf(id, &script);
    Case::new(
        id,
        "200 checks with empty signatures cost nothing: they pass on a budget that \
         would allow only a few signatures",
        &["TAPSCRIPT-VALIDATION-WEIGHT", "TAPSCRIPT-EMPTY-SIGNATURE"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![], &script, None))
}
