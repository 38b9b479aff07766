//! `OP_SUCCESSx`: every one of the 87 opcodes BIP-0342 reserves, which make
//! a tapscript succeed wherever they appear, before any other rule.

use super::{Case, Fill, Fixture, Script};
use crate::conformance::taptree::TapNode;
use crate::script::opcodes::{OP_0, OP_1, OP_DROP, OP_ENDIF, OP_IF, OP_RETURN};
use crate::script::ScriptError::{
    self, BadOpcode, DiscourageOpSuccess, EvalFalse, PushSize, StackSize,
};

/// The `OP_SUCCESSx` opcodes, by class (BIP-0342, "Specification", item 2):
/// 80, 98, 126-129, 131-134, 137-138, 141-142, 149-153, 187-254.
pub(crate) const OP_SUCCESS_CLASSES: [(u8, u8); 8] = [
    (0x50, 0x50),
    (0x62, 0x62),
    (0x7e, 0x81),
    (0x83, 0x86),
    (0x89, 0x8a),
    (0x8d, 0x8e),
    (0x95, 0x99),
    (0xbb, 0xfe),
];

/// The flags under which OP_SUCCESSx fails.
const DISCOURAGED: &str = "P2SH,WITNESS,TAPROOT,DISCOURAGE_OP_SUCCESS";

pub(super) fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (first, last) in OP_SUCCESS_CLASSES {
        for opcode in first..=last {
            cases.extend(unexecuted(opcode));
        }
        cases.push(after_op_return(first));
    }
    cases.extend(before_other_rules());
    cases
}

/// `OP_0 OP_IF <opcode> OP_ENDIF OP_0`: false unless `opcode` is OP_SUCCESSx.
fn in_unexecuted_branch(opcode: &[u8]) -> Vec<u8> {
    Script::new()
        .op(&[OP_0, OP_IF])
        .op(opcode)
        .op(&[OP_ENDIF, OP_0])
        .bytes()
}

/// The consensus case and the policy case of one opcode.
fn unexecuted(opcode: u8) -> [Case; 2] {
    let success = in_unexecuted_branch(&[opcode]);
    let pushed = in_unexecuted_branch(&[0x01, opcode]);
    let tree = TapNode::branch(
        TapNode::branch(
            TapNode::tapscript(success.clone()),
            TapNode::tapscript(pushed.clone()),
        ),
        TapNode::tapscript(vec![OP_1]),
    );
    let id = format!("op-success-{opcode:02x}");
    let fixture = Fixture::new(&id, 0x1a, Some(tree.clone()));
    let consensus = Case::new(
        &id,
        format!(
            "OP_SUCCESS 0x{opcode:02x} in an unexecuted branch of a script that would \
             end false: the script succeeds. Failure: the same byte pushed as data"
        ),
        &["TAPSCRIPT-OP-SUCCESS"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![], &success, None))
    .failure(fixture.spend_leaf(vec![], &pushed, None), EvalFalse);
    let id = format!("op-success-{opcode:02x}-discouraged");
    let fixture = Fixture::new(&id, 0x1a, Some(tree));
    let policy = Case::new(
        &id,
        format!(
            "OP_SUCCESS 0x{opcode:02x}. Failure: under the policy flag \
             DISCOURAGE_OP_SUCCESS; the leaf OP_1 of the same tree passes under it"
        ),
        &["TAPSCRIPT-OP-SUCCESS"],
        &fixture.spending,
    )
    .flags(DISCOURAGED)
    .not_final()
    .success(fixture.spend_leaf(vec![], &[OP_1], None))
    .failure(
        fixture.spend_leaf(vec![], &success, None),
        DiscourageOpSuccess,
    );
    [consensus, policy]
}

/// `OP_RETURN <opcode>` beside `OP_RETURN OP_1`.
fn after_op_return(opcode: u8) -> Case {
    let success = [OP_RETURN, opcode];
    let failure = [OP_RETURN, OP_1];
    let id = format!("op-success-{opcode:02x}-after-op-return");
    let tree = TapNode::branch(
        TapNode::tapscript(success.to_vec()),
        TapNode::tapscript(failure.to_vec()),
    );
    let fixture = Fixture::new(&id, 0x1b, Some(tree));
    Case::new(
        &id,
        format!(
            "OP_RETURN 0x{opcode:02x}: OP_SUCCESS anywhere makes the script succeed \
             before anything runs. Failure: OP_RETURN OP_1"
        ),
        &["TAPSCRIPT-OP-SUCCESS"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![], &success, None))
    .failure(
        fixture.spend_leaf(vec![], &failure, None),
        crate::script::ScriptError::OpReturn,
    )
}

/// A tree of two leaves: `success` passes and `failure` fails `error`,
/// both spent with `items` below them.
fn leaf_pair(
    id: &str,
    description: &str,
    rules: &[&'static str],
    (success, failure): (&[u8], &[u8]),
    items: &[Vec<u8>],
    error: ScriptError,
) -> Case {
    let tree = TapNode::branch(
        TapNode::tapscript(success.to_vec()),
        TapNode::tapscript(failure.to_vec()),
    );
    let fixture = Fixture::new(id, 0x1c, Some(tree));
    let spend = |script: &[u8]| -> Fill { fixture.spend_leaf(items.to_vec(), script, None) };
    Case::new(id, description, rules, &fixture.spending)
        .success(spend(success))
        .failure(spend(failure), error)
}

/// OP_SUCCESSx comes before parsing the rest, the stack and element limits.
fn before_other_rules() -> Vec<Case> {
    let limits = ["TAPSCRIPT-OP-SUCCESS", "TAPSCRIPT-LIMITS"];
    let big_push = Script::new().push(&[0x07; 521]).bytes();
    vec![
        leaf_pair(
            "op-success-before-truncated-push",
            "0x50 then a truncated OP_PUSHDATA2: the scan meets OP_SUCCESS first and \
             the script succeeds. Failure: the truncated push first, a parse error \
             before any OP_SUCCESS (its 0x50 is part of the length)",
            &["TAPSCRIPT-OP-SUCCESS"],
            (&[0x50, 0x4d, 0xff], &[0x4d, 0xff, 0x50]),
            &[],
            BadOpcode,
        ),
        leaf_pair(
            "op-success-before-push-size",
            "0xbb then a 521-byte push: OP_SUCCESS wins over the element size limit. \
             Failure: the push without it",
            &limits,
            (
                &[&[0xbb][..], &big_push].concat(),
                &[&big_push[..], &[OP_DROP, OP_1]].concat(),
            ),
            &[],
            PushSize,
        ),
        leaf_pair(
            "op-success-before-stack-size",
            "The leaf 0xfe with 1,001 witness items below it: OP_SUCCESS wins over the \
             witness limits. Failure: the leaf OP_1 with the same items",
            &limits,
            (&[0xfe], &[OP_1]),
            &vec![vec![0x01]; 1001],
            StackSize,
        ),
        leaf_pair(
            "op-success-before-item-size",
            "The leaf 0xfe with a 521-byte witness item below it: OP_SUCCESS wins over \
             the witness limits. Failure: the leaf OP_1 with the same item",
            &limits,
            (&[0xfe], &[OP_1]),
            &[vec![0x01; 521]],
            PushSize,
        ),
    ]
}
