//! Tapscript (leaf version 0xc0) execution: code separators, MINIMALIF,
//! CHECKMULTISIG, the stack left behind and the limits that remain. The
//! signature opcodes are in `checksig.rs`.

use super::{key, Case, Fixture, LeafSig, Script};
use crate::conformance::taptree::TapNode;
use crate::script::opcodes::{
    OP_0, OP_1, OP_2DROP, OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY, OP_CHECKSIG, OP_CHECKSIGVERIFY,
    OP_CODESEPARATOR, OP_DROP, OP_ELSE, OP_ENDIF, OP_IF, OP_NOP, OP_NOTIF,
};
use crate::script::ScriptError::{
    CleanStack, EvalFalse, PushSize, SchnorrSig, StackSize, TapscriptCheckMultisig,
    TapscriptMinimalIf,
};

pub(super) fn cases() -> Vec<Case> {
    let mut cases = code_separators();
    cases.push(code_separator_between_signatures());
    cases.extend(minimal_if());
    cases.extend(checkmultisig());
    cases.extend(final_stack());
    cases.push(no_script_size_limit());
    cases.push(initial_stack_size());
    cases.push(push_size());
    cases
}

/// A one-leaf tree, spent by input 1.
pub(super) fn one_leaf(id: &str, script: &[u8]) -> Fixture {
    Fixture::new(id, 0x19, Some(TapNode::tapscript(script.to_vec())))
}

/// A two-leaf tree, spent by input 1.
pub(super) fn two_leaves(id: &str, a: &[u8], b: &[u8]) -> Fixture {
    let tree = TapNode::branch(
        TapNode::tapscript(a.to_vec()),
        TapNode::tapscript(b.to_vec()),
    );
    Fixture::new(id, 0x19, Some(tree))
}

/// A signature by key `n` for `script`, after the code separator at `pos`.
pub(super) fn sig_at(fixture: &Fixture, n: u8, script: &[u8], pos: Option<u32>) -> Vec<u8> {
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
    scripts
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
        .collect()
}

/// Two signatures by one key, before and after a separator.
fn code_separator_between_signatures() -> Case {
    let k = key(0x21);
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
    )
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

fn final_stack() -> Vec<Case> {
    let variants = [
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

fn no_script_size_limit() -> Case {
    let long = Script::new().repeat(&[OP_NOP], 10_000).op(&[OP_1]).bytes();
    let id = "tapscript-no-script-size-or-opcode-limit";
    let fixture = one_leaf(id, &long);
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
    )
}

fn initial_stack_size() -> Case {
    let drops = Script::new()
        .repeat(&[OP_2DROP], 499)
        .op(&[OP_DROP])
        .bytes();
    let id = "tapscript-initial-stack-1000";
    let fixture = one_leaf(id, &drops);
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
    )
}

fn push_size() -> Case {
    let push = |len: usize| {
        Script::new()
            .push(&vec![0x07; len])
            .op(&[OP_DROP, OP_1])
            .bytes()
    };
    let id = "tapscript-push-size";
    let fixture = two_leaves(id, &push(520), &push(521));
    Case::new(
        id,
        "A tapscript pushing 520 bytes passes. Failure: one pushing 521",
        &["TAPSCRIPT-LIMITS"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![], &push(520), None))
    .failure(fixture.spend_leaf(vec![], &push(521), None), PushSize)
}
