//! Unit tests of the interpreter: each limit at and past its boundary, the
//! rules that apply to unexecuted branches, and each opcode family.

use super::*;
use crate::script::checker::SEQUENCE_FINAL;
use crate::script::instruction::push_data;
use crate::script::ScriptError::*;

/// A checker with no signatures and fixed lock-time answers.
struct Dummy {
    lock_time_ok: bool,
    sequence_ok: bool,
}

impl SignatureChecker for Dummy {
    fn check_ecdsa_signature(&self, _: &[u8], _: &[u8], _: &[u8], _: SigVersion) -> bool {
        false
    }
    fn check_lock_time(&self, _: i64) -> bool {
        self.lock_time_ok
    }
    fn check_sequence(&self, _: i64) -> bool {
        self.sequence_ok
    }
}

const NO: Dummy = Dummy {
    lock_time_ok: false,
    sequence_ok: false,
};

fn run_with(
    script: &[u8],
    flags: VerifyFlags,
    sig_version: SigVersion,
) -> Result<Vec<Vec<u8>>, ScriptError> {
    let mut stack = Stack::new();
    eval_script_simple(&mut stack, script, flags, &NO, sig_version)?;
    Ok(stack.0)
}

fn run(script: &[u8]) -> Result<Vec<Vec<u8>>, ScriptError> {
    run_with(script, VerifyFlags::NONE, SigVersion::Base)
}

fn push(script: &mut Vec<u8>, data: &[u8]) {
    push_data(script, data);
}

#[test]
fn script_size_limit() {
    // An unexecuted branch of pushes, padded to `len` bytes.
    let script_of_len = |len: usize| {
        let mut script = vec![OP_0, OP_IF];
        while len - 1 - script.len() > 76 {
            push(&mut script, &[0; 75]);
        }
        let last = len - 1 - script.len() - 1;
        push(&mut script, &vec![0; last]);
        script.push(OP_ENDIF);
        assert_eq!(script.len(), len);
        script
    };
    assert_eq!(run(&script_of_len(MAX_SCRIPT_SIZE)), Ok(vec![]));
    assert_eq!(run(&script_of_len(MAX_SCRIPT_SIZE + 1)), Err(ScriptSize));
    // Tapscript has no script size limit (and no opcode limit).
    assert_eq!(
        run_with(
            &[OP_NOP; MAX_SCRIPT_SIZE + 1],
            VerifyFlags::NONE,
            SigVersion::Tapscript
        )
        .map(|s| s.len()),
        Ok(0)
    );
}

#[test]
fn push_size_limit() {
    let mut script = Vec::new();
    push(&mut script, &[7; MAX_SCRIPT_ELEMENT_SIZE]);
    assert_eq!(
        run(&script).map(|s| s[0].len()),
        Ok(MAX_SCRIPT_ELEMENT_SIZE)
    );
    let mut script = vec![OP_0, OP_IF];
    push(&mut script, &[7; MAX_SCRIPT_ELEMENT_SIZE + 1]);
    script.push(OP_ENDIF);
    // Even unexecuted.
    assert_eq!(run(&script), Err(PushSize));
}

#[test]
fn op_count_limit() {
    assert!(run(&[OP_NOP; MAX_OPS_PER_SCRIPT]).is_ok());
    assert_eq!(run(&[OP_NOP; MAX_OPS_PER_SCRIPT + 1]), Err(OpCount));
    // Unexecuted opcodes count; pushes and OP_RESERVED do not.
    let mut script = vec![OP_0, OP_IF];
    script.extend([OP_NOP; MAX_OPS_PER_SCRIPT - 1]);
    script.push(OP_ENDIF);
    assert_eq!(run(&script), Err(OpCount));
    let mut script = vec![OP_1; 500];
    script.push(OP_0);
    script.push(OP_IF);
    script.push(OP_RESERVED);
    script.push(OP_ENDIF);
    assert!(run(&script).is_ok());
}

#[test]
fn op_count_includes_multisig_keys() {
    // The NOPs and CHECKMULTISIG itself count, then its keys are added.
    let multisig = |keys: u8, nops: usize| {
        let mut script = vec![OP_NOP; nops];
        script.extend([OP_0, OP_0]);
        script.extend(std::iter::repeat_n(OP_1, usize::from(keys)));
        push(&mut script, &[keys]);
        script.push(OP_CHECKMULTISIG);
        script
    };
    assert!(run(&multisig(19, 181)).is_ok());
    assert_eq!(run(&multisig(20, 181)), Err(OpCount));
    assert!(run(&multisig(20, 180)).is_ok());
}

#[test]
fn stack_size_limit() {
    assert_eq!(
        run(&[OP_1; MAX_STACK_SIZE]).map(|s| s.len()),
        Ok(MAX_STACK_SIZE)
    );
    assert_eq!(run(&[OP_1; MAX_STACK_SIZE + 1]), Err(StackSize));
    // The altstack counts too.
    let mut script = vec![OP_1; MAX_STACK_SIZE - 1];
    script.extend([OP_TOALTSTACK, OP_1]);
    assert!(run(&script).is_ok());
    script.push(OP_1);
    assert_eq!(run(&script), Err(StackSize));
}

#[test]
fn multisig_key_limit() {
    let multisig = |keys: u8| {
        let mut script = vec![OP_0, OP_0];
        script.extend(std::iter::repeat_n(OP_1, usize::from(keys)));
        push(&mut script, &[keys]);
        script.push(OP_CHECKMULTISIG);
        script
    };
    // 0-of-20 succeeds.
    assert_eq!(run(&multisig(20)), Ok(vec![vec![1]]));
    assert_eq!(run(&multisig(21)), Err(PubkeyCount));
    assert_eq!(
        run(&[OP_0, OP_0, OP_1NEGATE, OP_CHECKMULTISIG]),
        Err(PubkeyCount)
    );
    assert_eq!(
        run(&[OP_0, OP_2, OP_1, OP_1, OP_CHECKMULTISIG]),
        Err(SigCount)
    );
    // The dummy element is required before any signature is checked.
    assert_eq!(
        run(&[OP_0, OP_0, OP_CHECKMULTISIG]),
        Err(InvalidStackOperation)
    );
    let nulldummy = VerifyFlags::NULLDUMMY;
    assert_eq!(
        run_with(
            &[OP_1, OP_0, OP_0, OP_CHECKMULTISIG],
            nulldummy,
            SigVersion::Base
        ),
        Err(SigNullDummy)
    );
    assert_eq!(
        run_with(
            &[OP_0, OP_0, OP_0, OP_CHECKMULTISIG],
            VerifyFlags::NONE,
            SigVersion::Tapscript
        ),
        Err(TapscriptCheckMultisig)
    );
}

#[test]
fn multisig_nullfail_covers_signatures_only() {
    let nullfail = VerifyFlags::NULLFAIL;
    // 1-of-1 with a failing non-empty signature.
    let script = [OP_0, OP_1, OP_1, OP_1, OP_1, OP_CHECKMULTISIG];
    assert_eq!(run(&script), Ok(vec![vec![]]));
    assert_eq!(
        run_with(&script, nullfail, SigVersion::Base),
        Err(SigNullFail)
    );
    // Non-empty keys are fine when the signatures are empty.
    assert_eq!(
        run_with(
            &[OP_0, OP_0, OP_1, OP_1, OP_1, OP_CHECKMULTISIG],
            nullfail,
            SigVersion::Base
        ),
        Ok(vec![vec![]])
    );
}

#[test]
fn unexecuted_branches() {
    // Disabled opcodes fail even unexecuted; OP_VERIF too (it is a conditional).
    assert_eq!(run(&[OP_0, OP_IF, OP_CAT, OP_ENDIF]), Err(DisabledOpcode));
    assert_eq!(run(&[OP_0, OP_IF, OP_VERIF, OP_ENDIF]), Err(BadOpcode));
    assert_eq!(run(&[OP_0, OP_IF, OP_VERNOTIF, OP_ENDIF]), Err(BadOpcode));
    // Other unknown opcodes and OP_RETURN only fail when executed.
    assert_eq!(
        run(&[OP_0, OP_IF, OP_VER, OP_RETURN, 0xba, 0xff, OP_ENDIF, OP_1]),
        Ok(vec![vec![1]])
    );
    assert_eq!(run(&[OP_VER]), Err(BadOpcode));
    assert_eq!(run(&[OP_CHECKSIGADD]), Err(BadOpcode));
    assert_eq!(run(&[OP_RETURN]), Err(OpReturn));
    // A truncated push fails wherever it is.
    assert_eq!(run(&[OP_0, OP_IF, 0x02, 0x01]), Err(BadOpcode));
    let const_code = VerifyFlags::CONST_SCRIPTCODE;
    assert_eq!(
        run_with(
            &[OP_0, OP_IF, OP_CODESEPARATOR, OP_ENDIF],
            const_code,
            SigVersion::Base
        ),
        Err(OpCodeseparator)
    );
    assert!(run_with(&[OP_CODESEPARATOR], const_code, SigVersion::WitnessV0).is_ok());
}

#[test]
fn conditionals() {
    assert_eq!(
        run(&[OP_1, OP_IF, OP_2, OP_ELSE, OP_3, OP_ENDIF]),
        Ok(vec![vec![2]])
    );
    assert_eq!(
        run(&[OP_0, OP_IF, OP_2, OP_ELSE, OP_3, OP_ENDIF]),
        Ok(vec![vec![3]])
    );
    assert_eq!(run(&[OP_0, OP_NOTIF, OP_2, OP_ENDIF]), Ok(vec![vec![2]]));
    // ELSE toggles repeatedly.
    assert_eq!(
        run(&[OP_1, OP_IF, OP_ELSE, OP_2, OP_ELSE, OP_3, OP_ENDIF]),
        Ok(vec![vec![3]])
    );
    assert_eq!(run(&[OP_1, OP_IF]), Err(UnbalancedConditional));
    assert_eq!(run(&[OP_ELSE]), Err(UnbalancedConditional));
    assert_eq!(run(&[OP_ENDIF]), Err(UnbalancedConditional));
    assert_eq!(run(&[OP_IF]), Err(InvalidStackOperation));
    // MINIMALIF: policy in witness v0, consensus in tapscript.
    let minimal_if = VerifyFlags::MINIMALIF;
    assert!(run_with(&[OP_2, OP_IF, OP_ENDIF], minimal_if, SigVersion::Base).is_ok());
    assert_eq!(
        run_with(&[OP_2, OP_IF, OP_ENDIF], minimal_if, SigVersion::WitnessV0),
        Err(MinimalIf)
    );
    assert!(run_with(
        &[OP_2, OP_IF, OP_ENDIF],
        VerifyFlags::NONE,
        SigVersion::WitnessV0
    )
    .is_ok());
    let two_bytes = [0x02, 0x01, 0x00, OP_IF, OP_ENDIF];
    assert_eq!(
        run_with(&two_bytes, minimal_if, SigVersion::WitnessV0),
        Err(MinimalIf)
    );
    assert_eq!(
        run_with(
            &[OP_2, OP_IF, OP_ENDIF],
            VerifyFlags::NONE,
            SigVersion::Tapscript
        ),
        Err(TapscriptMinimalIf)
    );
}

#[test]
fn minimal_data() {
    let minimal = VerifyFlags::MINIMALDATA;
    assert_eq!(
        run_with(&[0x01, 0x05], minimal, SigVersion::Base),
        Err(MinimalData)
    );
    assert!(run_with(
        &[OP_0, OP_IF, 0x01, 0x05, OP_ENDIF],
        minimal,
        SigVersion::Base
    )
    .is_ok());
    // Numbers: 0x0100 is a padded 1.
    assert_eq!(
        run_with(&[0x02, 0x01, 0x00, OP_1ADD], minimal, SigVersion::Base),
        Err(ScriptError::ScriptNum)
    );
    assert_eq!(run(&[0x02, 0x01, 0x00, OP_1ADD]), Ok(vec![vec![2]]));
}

#[test]
fn arithmetic() {
    let mut script = Vec::new();
    push(&mut script, &[0xff, 0xff, 0xff, 0x7f]); // 2^31 - 1
    script.extend([OP_DUP, OP_ADD]);
    // The sum needs 5 bytes: pushed, but not usable as an operand.
    assert_eq!(run(&script), Ok(vec![vec![0xfe, 0xff, 0xff, 0xff, 0x00]]));
    script.push(OP_1ADD);
    assert_eq!(run(&script), Err(ScriptError::ScriptNum));
    assert_eq!(run(&[OP_1ADD]), Err(InvalidStackOperation));
    assert_eq!(run(&[OP_5, OP_3, OP_SUB]), Ok(vec![vec![2]]));
    assert_eq!(run(&[OP_3, OP_5, OP_SUB]), Ok(vec![vec![0x82]]));
    assert_eq!(run(&[OP_1NEGATE, OP_ABS, OP_NEGATE]), Ok(vec![vec![0x81]]));
    assert_eq!(
        run(&[OP_0, OP_NOT, OP_5, OP_0NOTEQUAL]),
        Ok(vec![vec![1], vec![1]])
    );
    assert_eq!(run(&[OP_2, OP_1, OP_3, OP_WITHIN]), Ok(vec![vec![1]]));
    assert_eq!(run(&[OP_3, OP_1, OP_3, OP_WITHIN]), Ok(vec![vec![]]));
    assert_eq!(
        run(&[OP_2, OP_3, OP_MIN, OP_2, OP_3, OP_MAX]),
        Ok(vec![vec![2], vec![3]])
    );
    assert_eq!(run(&[OP_2, OP_3, OP_NUMEQUALVERIFY]), Err(NumEqualVerify));
    assert_eq!(
        run(&[OP_0, OP_5, OP_BOOLAND, OP_0, OP_5, OP_BOOLOR]),
        Ok(vec![vec![], vec![1]])
    );
    // Negative zero reads as zero.
    assert_eq!(run(&[0x01, 0x80, OP_0, OP_NUMEQUAL]), Ok(vec![vec![1]]));
}

#[test]
fn stack_operations() {
    let items = |n: u8| (1..=n).map(|i| OP_1 + i - 1).collect::<Vec<u8>>();
    let values = |v: &[u8]| v.iter().map(|&b| vec![b]).collect::<Vec<_>>();
    let with = |n: u8, op: u8| [items(n), vec![op]].concat();
    assert_eq!(run(&with(3, OP_ROT)), Ok(values(&[2, 3, 1])));
    assert_eq!(run(&with(6, OP_2ROT)), Ok(values(&[3, 4, 5, 6, 1, 2])));
    assert_eq!(run(&with(4, OP_2SWAP)), Ok(values(&[3, 4, 1, 2])));
    assert_eq!(run(&with(4, OP_2OVER)), Ok(values(&[1, 2, 3, 4, 1, 2])));
    assert_eq!(run(&with(2, OP_TUCK)), Ok(values(&[2, 1, 2])));
    assert_eq!(run(&with(2, OP_NIP)), Ok(values(&[2])));
    assert_eq!(run(&with(3, OP_3DUP)), Ok(values(&[1, 2, 3, 1, 2, 3])));
    assert_eq!(
        run(&[items(3), vec![OP_2, OP_PICK]].concat()),
        Ok(values(&[1, 2, 3, 1]))
    );
    assert_eq!(
        run(&[items(3), vec![OP_2, OP_ROLL]].concat()),
        Ok(values(&[2, 3, 1]))
    );
    assert_eq!(
        run(&[items(3), vec![OP_3, OP_PICK]].concat()),
        Err(InvalidStackOperation)
    );
    assert_eq!(
        run(&[items(3), vec![OP_1NEGATE, OP_PICK]].concat()),
        Err(InvalidStackOperation)
    );
    assert_eq!(
        run(&[OP_0, OP_IFDUP, OP_1, OP_IFDUP]),
        Ok(vec![vec![], vec![1], vec![1]])
    );
    assert_eq!(run(&[OP_1, OP_1, OP_DEPTH]), Ok(values(&[1, 1, 2])));
    assert_eq!(run(&[OP_FROMALTSTACK]), Err(InvalidAltstackOperation));
    assert_eq!(run(&with(2, OP_2ROT)), Err(InvalidStackOperation));
}

#[test]
fn splice_bitwise_crypto() {
    assert_eq!(
        run(&[0x02, 0xaa, 0xbb, OP_SIZE]),
        Ok(vec![vec![0xaa, 0xbb], vec![2]])
    );
    assert_eq!(run(&[OP_1, OP_1, OP_EQUAL]), Ok(vec![vec![1]]));
    assert_eq!(run(&[OP_1, 0x02, 0x01, 0x00, OP_EQUAL]), Ok(vec![vec![]]));
    assert_eq!(run(&[OP_1, OP_2, OP_EQUALVERIFY]), Err(EqualVerify));
    assert_eq!(
        run(&[OP_0, OP_SHA256]).map(|s| hex::encode(&s[0])),
        Ok("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into())
    );
    assert_eq!(run(&[OP_0, OP_HASH160]).map(|s| s[0].len()), Ok(20));
    assert_eq!(
        run(&[OP_0, OP_HASH256, OP_0, OP_RIPEMD160, OP_0, OP_SHA1]).map(|s| s.len()),
        Ok(3)
    );
}

#[test]
fn upgradable_nops_and_locktime() {
    let discourage = VerifyFlags::DISCOURAGE_UPGRADABLE_NOPS;
    assert!(run(&[OP_NOP1, OP_NOP10]).is_ok());
    assert_eq!(
        run_with(&[OP_NOP4], discourage, SigVersion::Base),
        Err(DiscourageUpgradableNops)
    );
    // CLTV/CSV without their flags are plain NOPs, not discouraged.
    assert!(run_with(
        &[OP_CHECKLOCKTIMEVERIFY, OP_CHECKSEQUENCEVERIFY],
        discourage,
        SigVersion::Base
    )
    .is_ok());
    let cltv = VerifyFlags::CHECKLOCKTIMEVERIFY;
    let csv = VerifyFlags::CHECKSEQUENCEVERIFY;
    assert_eq!(
        run_with(&[OP_CHECKLOCKTIMEVERIFY], cltv, SigVersion::Base),
        Err(InvalidStackOperation)
    );
    assert_eq!(
        run_with(
            &[OP_1NEGATE, OP_CHECKLOCKTIMEVERIFY],
            cltv,
            SigVersion::Base
        ),
        Err(NegativeLocktime)
    );
    assert_eq!(
        run_with(&[OP_1, OP_CHECKLOCKTIMEVERIFY], cltv, SigVersion::Base),
        Err(UnsatisfiedLocktime)
    );
    // Five-byte operands are accepted, six are not.
    let five = [0x05, 0xff, 0xff, 0xff, 0xff, 0x00, OP_CHECKLOCKTIMEVERIFY];
    assert_eq!(
        run_with(&five, cltv, SigVersion::Base),
        Err(UnsatisfiedLocktime)
    );
    let six = [
        0x06,
        0xff,
        0xff,
        0xff,
        0xff,
        0x00,
        0x00,
        OP_CHECKLOCKTIMEVERIFY,
    ];
    assert_eq!(
        run_with(&six, cltv, SigVersion::Base),
        Err(ScriptError::ScriptNum)
    );
    let mut stack = Stack::new();
    let yes = Dummy {
        lock_time_ok: true,
        sequence_ok: true,
    };
    assert!(eval_script_simple(
        &mut stack,
        &[OP_1, OP_CHECKLOCKTIMEVERIFY],
        cltv,
        &yes,
        SigVersion::Base
    )
    .is_ok());
    assert_eq!(stack.0, vec![vec![1]]); // the operand stays
                                        // CSV with the disable flag (bit 31) is a NOP even if unsatisfiable.
    let disabled = [0x05, 0x00, 0x00, 0x00, 0x80, 0x00, OP_CHECKSEQUENCEVERIFY];
    assert!(run_with(&disabled, csv, SigVersion::Base).is_ok());
    assert_eq!(
        run_with(&[OP_1, OP_CHECKSEQUENCEVERIFY], csv, SigVersion::Base),
        Err(UnsatisfiedLocktime)
    );
    let _ = SEQUENCE_FINAL;
}

#[test]
fn checksig_outcomes() {
    // Empty signature: a failed check that does not end the script.
    assert_eq!(run(&[OP_0, OP_1, OP_CHECKSIG]), Ok(vec![vec![]]));
    assert_eq!(run(&[OP_0, OP_1, OP_CHECKSIGVERIFY]), Err(CheckSigVerify));
    assert_eq!(run(&[OP_1, OP_CHECKSIG]), Err(InvalidStackOperation));
    let nullfail = VerifyFlags::NULLFAIL;
    assert_eq!(
        run_with(&[OP_1, OP_1, OP_CHECKSIG], nullfail, SigVersion::Base),
        Err(SigNullFail)
    );
    let strict = VerifyFlags::STRICTENC;
    assert_eq!(
        run_with(&[OP_1, OP_1, OP_CHECKSIG], strict, SigVersion::Base),
        Err(SigDer)
    );
    assert_eq!(
        run_with(&[OP_0, OP_1, OP_CHECKSIG], strict, SigVersion::Base),
        Err(PubkeyType)
    );
    // Tapscript: an empty key fails the script.
    assert_eq!(
        run_with(
            &[OP_0, OP_0, OP_CHECKSIG],
            VerifyFlags::NONE,
            SigVersion::Tapscript
        ),
        Err(TapscriptEmptyPubkey)
    );
}
