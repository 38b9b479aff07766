//! Legacy script vectors: the execution rules of `spec/script.md` that a
//! bare script shows, each with a scriptSig that keeps the rule and one that
//! breaks it, as canon `"kind": "script"` files.
//!
//! The output under test is the bare script `OP_1`; the script under test
//! is the scriptSig, which Core evaluates first with the same limits (a
//! scriptSig need not be push-only outside P2SH unless `SIGPUSHONLY` is
//! set). The transaction is the taproot family's three-input
//! [`Spending`], input 1 under test.

use super::taproot::{Case, Fill, Spending};
use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::script_assets::ScriptFile;
use crate::conformance::spend::{p2sh_script, witness_v0_script};
use crate::primitives::hash::sha256;
use crate::script::instruction::push_data;
use crate::script::ScriptError;

const OP_0: u8 = 0x00;
const OP_1: u8 = 0x51;
const OP_NOP: u8 = 0x61;
const OP_IF: u8 = 0x63;
const OP_ENDIF: u8 = 0x68;
const OP_VERIFY: u8 = 0x69;
const OP_RETURN: u8 = 0x6a;
const OP_ELSE: u8 = 0x67;
const OP_DROP: u8 = 0x75;
const OP_NOT: u8 = 0x91;
const OP_CHECKMULTISIG: u8 = 0xae;
const OP_CAT: u8 = 0x7e;
const OP_1ADD: u8 = 0x8b;
const OP_NOP1: u8 = 0xb0;
const OP_CLTV: u8 = 0xb1;
const OP_CSV: u8 = 0xb2;
const OP_INVALIDOPCODE: u8 = 0xff;

/// The flags of a case whose failure fails under every flag set.
const ANY: &str = "P2SH";

/// The script family's files.
pub fn files() -> Vec<GeneratedFile> {
    let mut cases = limits();
    cases.extend(opcodes());
    cases.extend(locktimes());
    cases.extend(policy());
    cases.extend(p2sh_and_segwit());
    let contents = to_json_text(&ScriptFile {
        kind: "script".into(),
        generator: generator_name("script"),
        description: "Legacy script execution: limits, opcodes, conditionals, lock-time checks and policy flags, in a scriptSig over a bare OP_1 output".into(),
        cases: cases.into_iter().map(Case::into_script_case).collect(),
    });
    vec![GeneratedFile {
        path: "script/execution.json".into(),
        contents,
    }]
}

/// A case over a bare `OP_1` output: `pass` and `fail` are scriptSigs.
fn case(
    id: &str,
    description: &str,
    rules: &[&'static str],
    flags: &str,
    pass: Vec<u8>,
    fail: Vec<u8>,
    error: ScriptError,
) -> Case {
    case_in(
        &spending(id),
        id,
        description,
        rules,
        flags,
        pass,
        fail,
        error,
    )
}

#[allow(clippy::too_many_arguments)]
fn case_in(
    spending: &Spending,
    id: &str,
    description: &str,
    rules: &[&'static str],
    flags: &str,
    pass: Vec<u8>,
    fail: Vec<u8>,
    error: ScriptError,
) -> Case {
    Case::new(id, description, rules, spending)
        .flags(flags)
        .success(Fill::with_script_sig(pass, Vec::new()))
        .failure(Fill::with_script_sig(fail, Vec::new()), error)
}

fn spending(id: &str) -> Spending {
    Spending::new(&format!("script/{id}"), vec![OP_1])
}

/// `len` bytes pushed and dropped.
fn push_drop(len: usize) -> Vec<u8> {
    let mut script = Vec::new();
    push_data(&mut script, &vec![0x42; len]);
    script.push(OP_DROP);
    script
}

/// A script of exactly `size` bytes: 19 pushes of 500 bytes and one of
/// the rest, each dropped (20 counted opcodes, every push at most 520).
fn sized_script(size: usize) -> Vec<u8> {
    let mut script: Vec<u8> = (0..19).flat_map(|_| push_drop(500)).collect();
    let rest = size - script.len() - 4;
    script.extend(push_drop(rest));
    assert_eq!(script.len(), size, "padding is exact");
    script
}

/// `SCRIPT-SIZE`, `SCRIPT-PUSH-SIZE`, `SCRIPT-OP-COUNT`, `SCRIPT-STACK-SIZE`.
fn limits() -> Vec<Case> {
    vec![
        case(
            "script-size-10000",
            "A script of 10 000 bytes (MAX_SCRIPT_SIZE). Failure: 10 001 bytes",
            &["SCRIPT-SIZE"],
            ANY,
            sized_script(10_000),
            sized_script(10_001),
            ScriptError::ScriptSize,
        ),
        case(
            "push-size-520",
            "A push of 520 bytes (MAX_SCRIPT_ELEMENT_SIZE). Failure: 521 bytes",
            &["SCRIPT-PUSH-SIZE"],
            ANY,
            push_drop(520),
            push_drop(521),
            ScriptError::PushSize,
        ),
        case(
            "op-count-201",
            "201 OP_NOPs (MAX_OPS_PER_SCRIPT). Failure: 202",
            &["SCRIPT-OP-COUNT"],
            ANY,
            vec![OP_NOP; 201],
            vec![OP_NOP; 202],
            ScriptError::OpCount,
        ),
        case(
            "stack-size-1000",
            "999 OP_1s, and the output's OP_1 makes 1000 items (MAX_STACK_SIZE). Failure: 1001 OP_1s",
            &["SCRIPT-STACK-SIZE"],
            ANY,
            vec![OP_1; 999],
            vec![OP_1; 1001],
            ScriptError::StackSize,
        ),
    ]
}

/// Opcode rules: disabled, bad, OP_RETURN, conditionals, stack operations,
/// VERIFY, number sizes.
fn opcodes() -> Vec<Case> {
    let unexecuted = |op: u8| vec![OP_0, OP_IF, op, OP_ENDIF];
    let executed = |op: u8| vec![OP_1, OP_IF, op, OP_ENDIF];
    let add_one = |len: usize| {
        let mut script = Vec::new();
        push_data(&mut script, &vec![0x01; len]);
        script.extend([OP_1ADD, OP_DROP]);
        script
    };
    vec![
        case(
            "disabled-cat-unexecuted",
            "OP_NOP in an unexecuted branch. Failure: OP_CAT there; a disabled opcode fails even unexecuted",
            &["SCRIPT-DISABLED"],
            ANY,
            unexecuted(OP_NOP),
            unexecuted(OP_CAT),
            ScriptError::DisabledOpcode,
        ),
        case(
            "bad-opcode-0xff",
            "0xff in an unexecuted branch. Failure: executed",
            &["SCRIPT-BAD-OPCODE"],
            ANY,
            unexecuted(OP_INVALIDOPCODE),
            executed(OP_INVALIDOPCODE),
            ScriptError::BadOpcode,
        ),
        case(
            "op-return",
            "OP_RETURN in an unexecuted branch. Failure: executed",
            &["SCRIPT-OP-RETURN"],
            ANY,
            unexecuted(OP_RETURN),
            executed(OP_RETURN),
            ScriptError::OpReturn,
        ),
        case(
            "conditional-unbalanced",
            "OP_1 OP_IF OP_ENDIF. Failure: OP_1 OP_IF without OP_ENDIF",
            &["SCRIPT-CONDITIONAL"],
            ANY,
            vec![OP_1, OP_IF, OP_ENDIF],
            vec![OP_1, OP_IF],
            ScriptError::UnbalancedConditional,
        ),
        case(
            "stack-operation-drop",
            "OP_1 OP_DROP. Failure: OP_DROP on an empty stack",
            &["SCRIPT-STACK-OPERATION"],
            ANY,
            vec![OP_1, OP_DROP],
            vec![OP_DROP],
            ScriptError::InvalidStackOperation,
        ),
        case(
            "verify-false",
            "OP_1 OP_VERIFY. Failure: OP_0 OP_VERIFY",
            &["SCRIPT-VERIFY-OPCODES"],
            ANY,
            vec![OP_1, OP_VERIFY],
            vec![OP_0, OP_VERIFY],
            ScriptError::Verify,
        ),
        case(
            "num-4-bytes",
            "OP_1ADD on a 4-byte number. Failure: on a 5-byte number",
            &["SCRIPT-NUM"],
            ANY,
            add_one(4),
            add_one(5),
            ScriptError::ScriptNum,
        ),
    ]
}

/// `SCRIPT-CLTV`, `SCRIPT-CSV`: the transaction's lock time and the
/// input's sequence against the script's argument.
fn locktimes() -> Vec<Case> {
    let check = |n: i64, op: u8| {
        let mut script = Vec::new();
        crate::conformance::asm::push_int64(&mut script, n);
        script.extend([op, OP_DROP]);
        script
    };
    let mut cltv = spending("cltv");
    cltv.tx.lock_time = 500;
    let mut csv = spending("csv");
    csv.tx.inputs[1].sequence = 10;
    vec![
        case_in(
            &cltv,
            "cltv-500",
            "Lock time 500, OP_CHECKLOCKTIMEVERIFY 500. Failure: 501",
            &["SCRIPT-CLTV"],
            "P2SH,CHECKLOCKTIMEVERIFY",
            check(500, OP_CLTV),
            check(501, OP_CLTV),
            ScriptError::UnsatisfiedLocktime,
        ),
        case_in(
            &csv,
            "csv-10",
            "Sequence 10 (blocks), OP_CHECKSEQUENCEVERIFY 10. Failure: 11",
            &["SCRIPT-CSV"],
            "P2SH,CHECKSEQUENCEVERIFY",
            check(10, OP_CSV),
            check(11, OP_CSV),
            ScriptError::UnsatisfiedLocktime,
        ),
    ]
}

/// Policy flags: MINIMALDATA, DISCOURAGE_UPGRADABLE_NOPS, SIGPUSHONLY,
/// CLEANSTACK.
fn policy() -> Vec<Case> {
    vec![
        case(
            "minimaldata-push-5",
            "OP_5 OP_DROP under MINIMALDATA. Failure: 5 pushed by a one-byte push",
            &["SCRIPT-MINIMALDATA"],
            "P2SH,MINIMALDATA",
            vec![0x55, OP_DROP],
            vec![0x01, 0x05, OP_DROP],
            ScriptError::MinimalData,
        ),
        case(
            "upgradable-nop1",
            "OP_NOP under DISCOURAGE_UPGRADABLE_NOPS. Failure: OP_NOP1",
            &["SCRIPT-UPGRADABLE-NOPS"],
            "P2SH,DISCOURAGE_UPGRADABLE_NOPS",
            vec![OP_NOP],
            vec![OP_NOP1],
            ScriptError::DiscourageUpgradableNops,
        ),
        case(
            "sigpushonly",
            "A push-only scriptSig under SIGPUSHONLY. Failure: OP_NOP in it",
            &["SCRIPT-SIGPUSHONLY"],
            "P2SH,SIGPUSHONLY",
            vec![OP_1],
            vec![OP_NOP],
            ScriptError::SigPushOnly,
        ),
        case(
            "cleanstack",
            "An empty scriptSig: one item left under CLEANSTACK. Failure: two",
            &["SCRIPT-CLEANSTACK"],
            "P2SH,WITNESS,CLEANSTACK",
            Vec::new(),
            vec![OP_1],
            ScriptError::CleanStack,
        ),
    ]
}

/// A witness filling with an empty scriptSig.
fn witness(items: &[&[u8]]) -> Fill {
    Fill::with_script_sig(Vec::new(), items.iter().map(|i| i.to_vec()).collect())
}

/// P2SH, P2WSH, the witness's clean stack, MINIMALIF, NULLDUMMY, and a
/// witness where none may be.
fn p2sh_and_segwit() -> Vec<Case> {
    let redeem = vec![OP_NOT];
    let mut p2sh_pass = vec![OP_0];
    push_data(&mut p2sh_pass, &redeem);
    let mut p2sh_fail = vec![OP_1];
    push_data(&mut p2sh_fail, &redeem);
    let p2sh = Spending::new("script/p2sh", p2sh_script(&redeem));
    let not = Spending::new("script/p2wsh", witness_v0_script(&sha256(&redeem)));
    let nop = [OP_NOP];
    let clean = Spending::new("script/witness-clean", witness_v0_script(&sha256(&nop)));
    let branch = [OP_IF, OP_1, OP_ELSE, OP_1, OP_ENDIF];
    let minimal = Spending::new("script/minimalif", witness_v0_script(&sha256(&branch)));
    let multisig = |dummy: u8| vec![dummy, OP_0, OP_0, OP_CHECKMULTISIG, OP_DROP];
    vec![
        case_in(
            &p2sh,
            "p2sh-redeem-not",
            "P2SH of OP_NOT, redeemed with 0. Failure: with 1, false only when the redeem script runs",
            &["SCRIPT-P2SH"],
            ANY,
            p2sh_pass,
            p2sh_fail,
            ScriptError::EvalFalse,
        ),
        Case::new(
            "p2wsh-not",
            "P2WSH of OP_NOT, witness 0. Failure: witness 1",
            &["SCRIPT-P2WSH"],
            &not,
        )
        .flags("P2SH,WITNESS")
        .success(witness(&[&[], &redeem]))
        .failure(witness(&[&[0x01], &redeem]), ScriptError::EvalFalse),
        Case::new(
            "witness-cleanstack",
            "P2WSH of OP_NOP with one argument: one item left. Failure: two arguments, two items",
            &["SCRIPT-WITNESS-CLEANSTACK"],
            &clean,
        )
        .flags("P2SH,WITNESS")
        .success(witness(&[&[0x01], &nop]))
        .failure(witness(&[&[0x01], &[0x01], &nop]), ScriptError::CleanStack),
        Case::new(
            "minimalif-p2wsh",
            "P2WSH OP_IF with the argument 01 under MINIMALIF. Failure: 02",
            &["SCRIPT-MINIMALIF"],
            &minimal,
        )
        .flags("P2SH,WITNESS,MINIMALIF")
        .success(witness(&[&[0x01], &branch]))
        .failure(witness(&[&[0x02], &branch]), ScriptError::MinimalIf),
        case(
            "nulldummy",
            "A 0-of-0 OP_CHECKMULTISIG with an empty dummy. Failure: dummy 1 under NULLDUMMY",
            &["SCRIPT-NULLDUMMY"],
            "P2SH,NULLDUMMY",
            multisig(OP_0),
            multisig(OP_1),
            ScriptError::SigNullDummy,
        ),
        Case::new(
            "witness-unexpected",
            "A bare OP_1 output spent without a witness. Failure: with one",
            &["SCRIPT-WITNESS-UNEXPECTED"],
            &spending("witness-unexpected"),
        )
        .flags("P2SH,WITNESS")
        .success(witness(&[]))
        .failure(witness(&[&[0x01]]), ScriptError::WitnessUnexpected),
    ]
}
