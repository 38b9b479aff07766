//! Tapscript (leaf version 0xc0) execution: the signature opcodes, the
//! validation budget, code separators, MINIMALIF, CHECKMULTISIG, the stack
//! left behind and the limits that remain.

use super::scriptpath::checksig_leaf;
use super::{junk_signature, key, Case, Fixture, LeafSig, Script};
use crate::conformance::taptree::TapNode;
use crate::encoding::Encode;
use crate::primitives::Witness;
use crate::script::opcodes::{
    OP_0, OP_1, OP_2, OP_2DROP, OP_3, OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY, OP_CHECKSIG,
    OP_CHECKSIGADD, OP_CHECKSIGVERIFY, OP_CODESEPARATOR, OP_DROP, OP_DUP, OP_ELSE, OP_ENDIF, OP_IF,
    OP_NOP, OP_NOT, OP_NOTIF, OP_NUMEQUAL, OP_NUMEQUALVERIFY,
};
use crate::script::ScriptError::{
    CheckSigVerify, CleanStack, DiscourageUpgradablePubkeyType, EvalFalse, NumEqualVerify,
    PushSize, SchnorrSig, SchnorrSigHashtype, SchnorrSigSize, StackSize, TapscriptCheckMultisig,
    TapscriptEmptyPubkey, TapscriptMinimalIf, TapscriptValidationWeight,
};

pub(super) fn cases() -> Vec<Case> {
    let mut cases = code_separators();
    cases.extend(checksigadd());
    cases.extend(signatures());
    cases.extend(pubkeys());
    cases.extend(minimal_if());
    cases.extend(checkmultisig());
    cases.extend(validation_weight());
    cases.extend(final_stack());
    cases.extend(limits());
    cases
}

/// A one-leaf tree, spent by input 1.
fn one_leaf(id: &str, script: &[u8]) -> Fixture {
    Fixture::new(id, 0x19, Some(TapNode::tapscript(script.to_vec())))
}

/// A two-leaf tree, spent by input 1.
fn two_leaves(id: &str, a: &[u8], b: &[u8]) -> Fixture {
    let tree = TapNode::branch(
        TapNode::tapscript(a.to_vec()),
        TapNode::tapscript(b.to_vec()),
    );
    Fixture::new(id, 0x19, Some(tree))
}

/// A signature by key `n` for `script`, after the code separator at `pos`.
fn sig_at(fixture: &Fixture, n: u8, script: &[u8], pos: Option<u32>) -> Vec<u8> {
    let sig = LeafSig {
        codeseparator_pos: pos,
        ..LeafSig::default()
    };
    fixture.leaf_sig(n, script, sig)
}

fn code_separators() -> Vec<Case> {
    let k = key(0x21);
    let scripts = [
        (
            "tapscript-codeseparator",
            Script::new()
                .op(&[OP_CODESEPARATOR])
                .push(&k)
                .op(&[OP_CHECKSIG])
                .bytes(),
            Some(0),
            None,
            "OP_CODESEPARATOR <key> OP_CHECKSIG: the signature commits to position 0. \
             Failure: a signature committing to no code separator (0xffffffff)",
        ),
        (
            "tapscript-codeseparator-unexecuted",
            Script::new()
                .op(&[OP_0, OP_IF, OP_CODESEPARATOR, OP_ENDIF, OP_CODESEPARATOR])
                .push(&k)
                .op(&[OP_CHECKSIG])
                .bytes(),
            Some(4),
            Some(2),
            "OP_0 OP_IF OP_CODESEPARATOR OP_ENDIF OP_CODESEPARATOR <key> OP_CHECKSIG: \
             only executed separators count, so the signature commits to opcode \
             position 4. Failure: committing to the unexecuted one at position 2",
        ),
        (
            "tapscript-codeseparator-position-counts-pushes",
            Script::new()
                .push(&[0x07])
                .op(&[OP_DROP, OP_CODESEPARATOR])
                .push(&k)
                .op(&[OP_CHECKSIG])
                .bytes(),
            Some(2),
            Some(3),
            "<07> OP_DROP OP_CODESEPARATOR <key> OP_CHECKSIG: positions count every \
             opcode, pushes included, from 0, so the separator is at 2. Failure: \
             committing to its byte offset, 3",
        ),
    ];
    let mut cases: Vec<Case> = scripts
        .into_iter()
        .map(|(id, script, good, bad, description)| {
            let fixture = one_leaf(id, &script);
            let success = sig_at(&fixture, 0x21, &script, good);
            let failure = sig_at(&fixture, 0x21, &script, bad);
            Case::new(
                id,
                description,
                &["TAPSCRIPT-CODESEPARATOR", "SIGHASH-BIP341"],
                &fixture.spending,
            )
            .success(fixture.spend_leaf(vec![success], &script, None))
            .failure(fixture.spend_leaf(vec![failure], &script, None), SchnorrSig)
        })
        .collect();

    // Two signatures by one key, before and after a separator.
    let id = "tapscript-codeseparator-between-signatures";
    let script = Script::new()
        .push(&k)
        .op(&[OP_CHECKSIGVERIFY, OP_CODESEPARATOR])
        .push(&k)
        .op(&[OP_CHECKSIG])
        .bytes();
    let fixture = one_leaf(id, &script);
    let first = sig_at(&fixture, 0x21, &script, None);
    let second = sig_at(&fixture, 0x21, &script, Some(2));
    cases.push(
        Case::new(
            id,
            "<key> OP_CHECKSIGVERIFY OP_CODESEPARATOR <key> OP_CHECKSIG: the first \
             signature commits to no separator, the second to position 2. Failure: both \
             signatures the first one",
            &["TAPSCRIPT-CODESEPARATOR", "SIGHASH-BIP341"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![second, first.clone()], &script, None))
        .failure(
            fixture.spend_leaf(vec![first.clone(), first], &script, None),
            SchnorrSig,
        ),
    );
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

fn checksigadd() -> Vec<Case> {
    let mut cases = Vec::new();
    let two_of_three = checksigadd_script(&[OP_2, OP_NUMEQUAL]);
    let three_of_three = checksigadd_script(&[OP_3, OP_NUMEQUALVERIFY, OP_1]);
    let sigs = |fixture: &Fixture, script: &[u8], signers: [bool; 3]| -> Vec<Vec<u8>> {
        // The witness lists key 3's signature first: key 1's is on top.
        [0x23u8, 0x22, 0x21]
            .iter()
            .zip(signers.iter().rev())
            .map(|(n, signs)| match signs {
                true => sig_at(fixture, *n, script, None),
                false => Vec::new(),
            })
            .collect()
    };

    let id = "tapscript-checksigadd-2-of-3";
    let fixture = one_leaf(id, &two_of_three);
    cases.push(
        Case::new(
            id,
            "A 2-of-3 threshold with OP_CHECKSIGADD ... OP_2 OP_NUMEQUAL, met by keys 1 \
             and 3 (key 2's signature empty). Failure: only key 1 signs",
            &["TAPSCRIPT-CHECKSIGADD", "TAPSCRIPT-EMPTY-SIGNATURE"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(
            sigs(&fixture, &two_of_three, [true, false, true]),
            &two_of_three,
            None,
        ))
        .failure(
            fixture.spend_leaf(
                sigs(&fixture, &two_of_three, [true, false, false]),
                &two_of_three,
                None,
            ),
            EvalFalse,
        ),
    );

    let id = "tapscript-checksigadd-3-of-3";
    let fixture = one_leaf(id, &three_of_three);
    cases.push(
        Case::new(
            id,
            "A 3-of-3 threshold ending OP_3 OP_NUMEQUALVERIFY OP_1, met. Failure: key 2's \
             signature empty, one short",
            &["TAPSCRIPT-CHECKSIGADD"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(
            sigs(&fixture, &three_of_three, [true; 3]),
            &three_of_three,
            None,
        ))
        .failure(
            fixture.spend_leaf(
                sigs(&fixture, &three_of_three, [true, false, true]),
                &three_of_three,
                None,
            ),
            NumEqualVerify,
        ),
    );

    let id = "tapscript-checksigadd-invalid-signature";
    let fixture = one_leaf(id, &two_of_three);
    let mut bad = sigs(&fixture, &two_of_three, [true, false, true]);
    bad[1] = junk_signature();
    cases.push(
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
        .success(fixture.spend_leaf(
            sigs(&fixture, &two_of_three, [true, false, true]),
            &two_of_three,
            None,
        ))
        .failure(fixture.spend_leaf(bad, &two_of_three, None), SchnorrSig),
    );
    cases
}

fn signatures() -> Vec<Case> {
    let mut cases = Vec::new();
    let not = Script::new()
        .push(&key(0x21))
        .op(&[OP_CHECKSIG, OP_NOT])
        .bytes();
    let id = "tapscript-empty-signature-checksig";
    let fixture = one_leaf(id, &not);
    cases.push(
        Case::new(
            id,
            "<key> OP_CHECKSIG OP_NOT: an empty signature makes the check false without \
             failing the script. Failure: a non-empty invalid signature fails it",
            &["TAPSCRIPT-EMPTY-SIGNATURE", "TAPROOT-SIG-VERIFY"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![vec![]], &not, None))
        .failure(
            fixture.spend_leaf(vec![junk_signature()], &not, None),
            SchnorrSig,
        ),
    );

    let verify = Script::new()
        .push(&key(0x21))
        .op(&[OP_CHECKSIGVERIFY, OP_1])
        .bytes();
    let id = "tapscript-empty-signature-checksigverify";
    let fixture = one_leaf(id, &verify);
    cases.push(
        Case::new(
            id,
            "<key> OP_CHECKSIGVERIFY OP_1 with a valid signature. Failure: an empty \
             signature, a false check that OP_CHECKSIGVERIFY rejects",
            &["TAPSCRIPT-EMPTY-SIGNATURE"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![sig_at(&fixture, 0x21, &verify, None)], &verify, None))
        .failure(
            fixture.spend_leaf(vec![vec![]], &verify, None),
            CheckSigVerify,
        ),
    );

    let leaf = checksig_leaf(0x21);
    let other = checksig_leaf(0x22);
    let id = "tapscript-signature-size";
    let fixture = one_leaf(id, &leaf);
    let sig = sig_at(&fixture, 0x21, &leaf, None);
    cases.push(
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
        ),
    );

    let id = "tapscript-hashtype";
    let fixture = one_leaf(id, &leaf);
    let acp_single = fixture.leaf_sig(
        0x21,
        &leaf,
        LeafSig {
            hash_type: 0x83,
            ..LeafSig::default()
        },
    );
    let mut explicit_default = sig_at(&fixture, 0x21, &leaf, None);
    explicit_default.push(0x00);
    cases.push(
        Case::new(
            id,
            "<key> OP_CHECKSIG with SIGHASH_SINGLE|ANYONECANPAY. Failure: a 65-byte \
             signature with hash type 0x00",
            &["TAPROOT-SIG-HASHTYPE", "SIGHASH-BIP341"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![acp_single], &leaf, None))
        .failure(
            fixture.spend_leaf(vec![explicit_default], &leaf, None),
            SchnorrSigHashtype,
        ),
    );

    let id = "tapscript-signature-commits-to-leaf";
    let fixture = two_leaves(id, &leaf, &other);
    let for_other_leaf = sig_at(&fixture, 0x21, &other, None);
    cases.push(
        Case::new(
            id,
            "<key> OP_CHECKSIG in a two-leaf tree. Failure: the same key's signature \
             made for the other leaf; the tapleaf hash is signed",
            &["TAPROOT-SIG-VERIFY", "SIGHASH-BIP341"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![sig_at(&fixture, 0x21, &leaf, None)], &leaf, None))
        .failure(
            fixture.spend_leaf(vec![for_other_leaf], &leaf, None),
            SchnorrSig,
        ),
    );
    cases
}

fn pubkeys() -> Vec<Case> {
    let mut cases = Vec::new();
    let good = checksig_leaf(0x21);
    let empty_key = Script::new().op(&[OP_0, OP_CHECKSIG]).bytes();
    for (name, sig) in [("", junk_signature()), ("-empty-signature", vec![])] {
        let id = format!("tapscript-empty-pubkey{name}");
        let fixture = two_leaves(&id, &good, &empty_key);
        let what = if sig.is_empty() {
            "an empty"
        } else {
            "a non-empty"
        };
        cases.push(
            Case::new(
                &id,
                format!(
                    "A tree with <key> OP_CHECKSIG and OP_0 OP_CHECKSIG. Failure: the \
                         empty key, with {what} signature"
                ),
                &["TAPSCRIPT-EMPTY-PUBKEY"],
                &fixture.spending,
            )
            .success(fixture.spend_leaf(vec![sig_at(&fixture, 0x21, &good, None)], &good, None))
            .failure(
                fixture.spend_leaf(vec![sig], &empty_key, None),
                TapscriptEmptyPubkey,
            ),
        );
    }

    for size in [1usize, 31, 33, 65] {
        let unknown = Script::new()
            .push(&vec![0x02; size])
            .op(&[OP_CHECKSIG])
            .bytes();
        let id = format!("tapscript-unknown-pubkey-{size}-bytes");
        let fixture = two_leaves(&id, &good, &unknown);
        cases.push(
            Case::new(
                &id,
                format!(
                    "A {size}-byte key is an unknown key type: any non-empty signature \
                         passes OP_CHECKSIG. Failure: an empty signature, a false check"
                ),
                &["TAPSCRIPT-UNKNOWN-PUBKEY", "TAPSCRIPT-EMPTY-SIGNATURE"],
                &fixture.spending,
            )
            .success(fixture.spend_leaf(vec![vec![0x01]], &unknown, None))
            .failure(fixture.spend_leaf(vec![vec![]], &unknown, None), EvalFalse),
        );
        let id = format!("tapscript-unknown-pubkey-{size}-bytes-discouraged");
        let fixture = two_leaves(&id, &good, &unknown);
        cases.push(
            Case::new(
                &id,
                format!(
                    "A {size}-byte key. Failure: under the policy flag \
                         DISCOURAGE_UPGRADABLE_PUBKEYTYPE; the 32-byte key's leaf passes under it"
                ),
                &["TAPSCRIPT-UNKNOWN-PUBKEY"],
                &fixture.spending,
            )
            .flags("P2SH,WITNESS,TAPROOT,DISCOURAGE_UPGRADABLE_PUBKEYTYPE")
            .not_final()
            .success(fixture.spend_leaf(vec![sig_at(&fixture, 0x21, &good, None)], &good, None))
            .failure(
                fixture.spend_leaf(vec![vec![0x01]], &unknown, None),
                DiscourageUpgradablePubkeyType,
            ),
        );
    }

    let unknown_not = Script::new()
        .push(&[0x02; 33])
        .op(&[OP_CHECKSIG, OP_NOT])
        .bytes();
    let id = "tapscript-unknown-pubkey-empty-signature-discouraged";
    let fixture = two_leaves(id, &good, &unknown_not);
    cases.push(
        Case::new(
            id,
            "<33-byte key> OP_CHECKSIG OP_NOT with an empty signature passes under \
             consensus, but the policy flag DISCOURAGE_UPGRADABLE_PUBKEYTYPE rejects the \
             unknown key whatever the signature. Failure: that spend under the flag",
            &["TAPSCRIPT-UNKNOWN-PUBKEY"],
            &fixture.spending,
        )
        .flags("P2SH,WITNESS,TAPROOT,DISCOURAGE_UPGRADABLE_PUBKEYTYPE")
        .not_final()
        .success(fixture.spend_leaf(vec![sig_at(&fixture, 0x21, &good, None)], &good, None))
        .failure(
            fixture.spend_leaf(vec![vec![]], &unknown_not, None),
            DiscourageUpgradablePubkeyType,
        ),
    );
    cases
}

fn minimal_if() -> Vec<Case> {
    let if_script = [OP_IF, OP_1, OP_ELSE, OP_1, OP_ENDIF];
    let notif_script = [OP_NOTIF, OP_1, OP_ELSE, OP_1, OP_ENDIF];
    let variants = [
        ("if-2", &if_script, vec![0x01], vec![0x02]),
        ("if-zero-byte", &if_script, vec![], vec![0x00]),
        ("if-negative-zero", &if_script, vec![], vec![0x80]),
        (
            "notif-two-bytes",
            &notif_script,
            vec![0x01],
            vec![0x01, 0x00],
        ),
    ];
    variants
        .into_iter()
        .map(|(name, script, good, bad)| {
            let id = format!("tapscript-minimalif-{name}");
            let fixture = one_leaf(&id, script);
            let opcode = if script[0] == OP_IF {
                "OP_IF"
            } else {
                "OP_NOTIF"
            };
            Case::new(
                &id,
                format!(
                    "{opcode} with the argument {} (by consensus in tapscript only the \
                     empty argument or 01). Failure: the argument {}",
                    if good.is_empty() {
                        "empty".to_string()
                    } else {
                        hex::encode(&good)
                    },
                    hex::encode(&bad)
                ),
                &["TAPSCRIPT-MINIMALIF"],
                &fixture.spending,
            )
            .success(fixture.spend_leaf(vec![good], script, None))
            .failure(
                fixture.spend_leaf(vec![bad], script, None),
                TapscriptMinimalIf,
            )
        })
        .collect()
}

fn checkmultisig() -> Vec<Case> {
    [OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY]
        .into_iter()
        .map(|opcode| {
            let name = if opcode == OP_CHECKMULTISIG {
                "checkmultisig"
            } else {
                "checkmultisigverify"
            };
            let id = format!("tapscript-{name}");
            let unexecuted = [OP_0, OP_IF, opcode, OP_ENDIF, OP_1];
            let executed = [OP_0, OP_0, OP_0, opcode, OP_1];
            let fixture = two_leaves(&id, &unexecuted, &executed);
            Case::new(
                &id,
                format!(
                    "OP_{} is disabled in tapscript but fails only when executed: \
                         OP_0 OP_IF it OP_ENDIF OP_1 passes. Failure: OP_0 OP_0 OP_0 it OP_1",
                    name.to_uppercase()
                ),
                &["TAPSCRIPT-CHECKMULTISIG"],
                &fixture.spending,
            )
            .success(fixture.spend_leaf(vec![], &unexecuted, None))
            .failure(
                fixture.spend_leaf(vec![], &executed, None),
                TapscriptCheckMultisig,
            )
        })
        .collect()
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

fn validation_weight() -> Vec<Case> {
    let mut cases = Vec::new();
    let checks = 31;
    let script = repeated_checks(checks - 1);
    let id = "tapscript-validation-weight";
    let fixture = one_leaf(id, &script);
    // The budget is the witness's serialized size plus 50; each of the
    // 31 non-empty signature checks costs 50. Size the annex so that
    // exactly nothing is left, then take one byte away.
    let witness_len = |annex_len: usize| {
        let stack = vec![
            vec![0; 64],
            script.clone(),
            fixture.control(0xc0, &script),
            vec![0x50; annex_len],
        ];
        Witness { stack }.encoded_len() as i64
    };
    let needed = 50 * checks as i64 - 50;
    let annex_len = (1..2000)
        .find(|len| witness_len(*len) == needed)
        .expect("some annex length meets the budget exactly");
    assert_eq!(
        witness_len(annex_len - 1),
        needed - 1,
        "the length prefix kept its size"
    );
    let fill = |annex_len: usize| {
        let annex = vec![0x50; annex_len];
        let sig = fixture.leaf_sig(
            0x21,
            &script,
            LeafSig {
                annex: Some(annex.clone()),
                ..LeafSig::default()
            },
        );
        fixture.spend_leaf(vec![sig], &script, Some(&annex))
    };
    cases.push(
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
        .failure(fill(annex_len - 1), TapscriptValidationWeight),
    );

    let empty_checks = Script::new()
        .repeat(
            &[&[OP_0, 0x20][..], &key(0x21), &[OP_CHECKSIG, OP_DROP]].concat(),
            200,
        )
        .op(&[OP_1])
        .bytes();
    let id = "tapscript-validation-weight-empty-signatures";
    let fixture = one_leaf(id, &empty_checks);
    cases.push(
        Case::new(
            id,
            "200 checks with empty signatures cost nothing: they pass on a budget that \
             would allow only a few signatures",
            &["TAPSCRIPT-VALIDATION-WEIGHT", "TAPSCRIPT-EMPTY-SIGNATURE"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![], &empty_checks, None)),
    );
    cases
}

fn final_stack() -> Vec<Case> {
    let variants: [(&str, Vec<u8>, crate::script::ScriptError, &str); 2] = [
        (
            "cleanstack",
            vec![OP_1, OP_1],
            CleanStack,
            "OP_1 OP_1 leaves two elements",
        ),
        (
            "eval-false",
            vec![OP_0],
            EvalFalse,
            "OP_0 leaves one false element",
        ),
    ];
    variants
        .into_iter()
        .map(|(name, bad, error, what)| {
            let id = format!("tapscript-{name}");
            let fixture = two_leaves(&id, &[OP_1], &bad);
            Case::new(
                &id,
                format!(
                    "A tapscript must leave exactly one true element: OP_1 passes. Failure: {what}"
                ),
                &["TAPSCRIPT-CLEANSTACK"],
                &fixture.spending,
            )
            .success(fixture.spend_leaf(vec![], &[OP_1], None))
            .failure(fixture.spend_leaf(vec![], &bad, None), error)
        })
        .collect()
}

fn limits() -> Vec<Case> {
    let mut cases = Vec::new();
    let long = Script::new().repeat(&[OP_NOP], 10_000).op(&[OP_1]).bytes();
    let id = "tapscript-no-script-size-or-opcode-limit";
    let fixture = one_leaf(id, &long);
    cases.push(
        Case::new(
            id,
            "A tapscript of 10,001 bytes and 10,001 non-push opcodes passes: no script \
             size or opcode count limit. Failure: a 521-byte witness item, over the \
             element size limit that remains",
            &["TAPSCRIPT-LIMITS"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![], &long, None))
        .failure(
            fixture.spend_leaf(vec![vec![0x01; 521]], &long, None),
            PushSize,
        ),
    );

    let drops = Script::new()
        .repeat(&[OP_2DROP], 499)
        .op(&[OP_DROP])
        .bytes();
    let id = "tapscript-initial-stack-1000";
    let fixture = one_leaf(id, &drops);
    cases.push(
        Case::new(
            id,
            "1,000 witness items below the script and control block, dropped to one: \
             the initial stack may hold 1,000. Failure: 1,001 items",
            &["TAPSCRIPT-LIMITS"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![vec![0x01]; 1000], &drops, None))
        .failure(
            fixture.spend_leaf(vec![vec![0x01]; 1001], &drops, None),
            StackSize,
        ),
    );

    let push = |len: usize| {
        Script::new()
            .push(&vec![0x07; len])
            .op(&[OP_DROP, OP_1])
            .bytes()
    };
    let id = "tapscript-push-size";
    let fixture = two_leaves(id, &push(520), &push(521));
    cases.push(
        Case::new(
            id,
            "A tapscript pushing 520 bytes passes. Failure: one pushing 521",
            &["TAPSCRIPT-LIMITS"],
            &fixture.spending,
        )
        .success(fixture.spend_leaf(vec![], &push(520), None))
        .failure(fixture.spend_leaf(vec![], &push(521), None), PushSize),
    );
    cases
}
