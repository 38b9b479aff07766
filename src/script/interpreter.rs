//! The script interpreter: one loop that reads instructions, applies the
//! limits every instruction is subject to, and dispatches to the handler of
//! its opcode. Core: `EvalScript` in `src/script/interpreter.cpp`.
//!
//! The handlers live in [`ops`](super::ops), grouped by family; each one is
//! documented with its Forth stack effect, `(before -- after)`.

use super::checker::{ScriptExecutionData, SigVersion, SignatureChecker};
use super::condition::ConditionStack;
use super::error::ScriptError;
use super::flags::VerifyFlags;
use super::instruction::{check_minimal_push, read_instruction, Instruction};
use super::num::{ScriptNum, DEFAULT_MAX_NUM_SIZE};
use super::opcodes::*;
use super::ops::{arithmetic, bitwise, crypto, flow, locktime, multisig, push, splice, stack};
use super::stack::{Stack, MAX_SCRIPT_ELEMENT_SIZE, MAX_STACK_SIZE};

/// The longest script the interpreter runs, outside tapscript.
/// Core: `MAX_SCRIPT_SIZE`.
pub const MAX_SCRIPT_SIZE: usize = 10_000;

/// The most non-push opcodes (above `OP_16`) a script may contain, counting
/// unexecuted ones and each key of an executed CHECKMULTISIG; not in
/// tapscript. Core: `MAX_OPS_PER_SCRIPT`.
pub const MAX_OPS_PER_SCRIPT: usize = 201;

/// The state of one script's execution. Handlers take it mutably.
pub struct Vm<'a> {
    /// The main stack, shared with the caller (scriptSig and scriptPubKey
    /// run on the same stack).
    pub stack: &'a mut Stack,
    /// The altstack, private to this script.
    pub altstack: Stack,
    /// Which nested `OP_IF` branches are active.
    pub exec: ConditionStack,
    /// The verification flags.
    pub flags: VerifyFlags,
    /// The rules this script runs under.
    pub sig_version: SigVersion,
    /// The transaction context.
    pub checker: &'a dyn SignatureChecker,
    /// The script being run.
    pub script: &'a [u8],
    /// Where the scriptCode starts: after the last executed
    /// `OP_CODESEPARATOR`. Core: `pbegincodehash`.
    pub code_start: usize,
    /// The position just after the current instruction. Core: `pc`.
    pub pc: usize,
    /// The index of the current instruction. Core: `opcode_pos`.
    pub opcode_pos: u32,
    /// Non-push opcodes counted so far. Core: `nOpCount`.
    pub op_count: usize,
    /// Taproot execution data (codeseparator position, validation weight).
    pub execdata: &'a mut ScriptExecutionData,
}

impl Vm<'_> {
    /// Whether numbers must be minimally encoded (`MINIMALDATA`).
    pub fn require_minimal(&self) -> bool {
        self.flags.contains(VerifyFlags::MINIMALDATA)
    }

    /// Reads the stack element at position `i` as a 4-byte script number.
    ///
    /// # Errors
    /// [`ScriptError::ScriptNum`].
    pub fn num(&self, i: isize) -> Result<ScriptNum, ScriptError> {
        ScriptNum::decode(
            self.stack.top(i),
            self.require_minimal(),
            DEFAULT_MAX_NUM_SIZE,
        )
    }

    /// Whether the script runs under the pre-taproot rules (BASE or WITNESS_V0).
    pub fn is_pre_tapscript(&self) -> bool {
        matches!(self.sig_version, SigVersion::Base | SigVersion::WitnessV0)
    }

    /// The scriptCode: the script from the last executed `OP_CODESEPARATOR`.
    pub fn script_code(&self) -> &[u8] {
        &self.script[self.code_start..]
    }
}

/// Runs `script` on `stack`.
///
/// # Consensus
/// Rules `SCRIPT-SIZE`, `SCRIPT-PARSE`, `SCRIPT-PUSH-SIZE`, `SCRIPT-OP-COUNT`, `SCRIPT-DISABLED`, `SCRIPT-CONST-SCRIPTCODE`, `SCRIPT-MINIMALDATA`, `SCRIPT-CONDITIONAL`, `SCRIPT-STACK-SIZE` (spec/script.md).
/// Outside tapscript a script over 10,000 bytes fails. Then, for each
/// instruction, in this order: a truncated push fails `BAD_OPCODE`; a push
/// over 520 bytes `PUSH_SIZE`; outside tapscript the 202nd opcode above
/// `OP_16` `OP_COUNT`; a disabled opcode `DISABLED_OPCODE`; under
/// `CONST_SCRIPTCODE` an `OP_CODESEPARATOR` in a BASE script
/// `OP_CODESEPARATOR`; all of these even in an unexecuted branch. Pushes run
/// only in executed branches (checked for `MINIMALDATA`); other opcodes run
/// in executed branches, and the conditionals (`OP_IF`..`OP_ENDIF`, which
/// includes `OP_VERIF`/`OP_VERNOTIF`) always. After each instruction stack
/// plus altstack may hold at most 1,000 elements. At the end every `OP_IF`
/// must be closed. Core: `EvalScript`.
///
/// # Errors
/// Every [`ScriptError`] the instructions raise, and
/// [`ScriptError::UnbalancedConditional`] for an unclosed `OP_IF`;
/// [`ScriptError::UnknownError`] for [`SigVersion::Taproot`], under which no
/// script runs (Core asserts).
pub fn eval_script(
    stack: &mut Stack,
    script: &[u8],
    flags: VerifyFlags,
    checker: &dyn SignatureChecker,
    sig_version: SigVersion,
    execdata: &mut ScriptExecutionData,
) -> Result<(), ScriptError> {
    // The key path runs no script (Core asserts this).
    if sig_version == SigVersion::Taproot {
        return Err(ScriptError::UnknownError);
    }
    let pre_tapscript = matches!(sig_version, SigVersion::Base | SigVersion::WitnessV0);
    if pre_tapscript && script.len() > MAX_SCRIPT_SIZE {
        return Err(ScriptError::ScriptSize);
    }
    execdata.codeseparator_pos = u32::MAX;
    let mut vm = Vm {
        stack,
        altstack: Stack::new(),
        exec: ConditionStack::default(),
        flags,
        sig_version,
        checker,
        script,
        code_start: 0,
        pc: 0,
        opcode_pos: 0,
        op_count: 0,
        execdata,
    };
    while vm.pc < script.len() {
        let (instruction, next) =
            read_instruction(script, vm.pc).map_err(|_| ScriptError::BadOpcode)?;
        vm.pc = next;
        step(&mut vm, instruction)?;
        vm.opcode_pos = vm.opcode_pos.wrapping_add(1);
    }
    if !vm.exec.is_empty() {
        return Err(ScriptError::UnbalancedConditional);
    }
    Ok(())
}

/// [`eval_script`] with fresh execution data, for BASE and WITNESS_V0 scripts.
///
/// # Errors
/// As [`eval_script`].
pub fn eval_script_simple(
    stack: &mut Stack,
    script: &[u8],
    flags: VerifyFlags,
    checker: &dyn SignatureChecker,
    sig_version: SigVersion,
) -> Result<(), ScriptError> {
    eval_script(
        stack,
        script,
        flags,
        checker,
        sig_version,
        &mut ScriptExecutionData::default(),
    )
}

/// Applies the per-instruction limits, then runs the instruction if its
/// branch is active (conditionals always run).
fn step(vm: &mut Vm, instruction: Instruction) -> Result<(), ScriptError> {
    let opcode = instruction.opcode;
    let executing = vm.exec.all_true();
    if instruction.data.len() > MAX_SCRIPT_ELEMENT_SIZE {
        return Err(ScriptError::PushSize);
    }
    // OP_RESERVED (0x50) is below OP_16, so it is not counted.
    if vm.is_pre_tapscript() && opcode > OP_16 {
        vm.op_count += 1;
        if vm.op_count > MAX_OPS_PER_SCRIPT {
            return Err(ScriptError::OpCount);
        }
    }
    if is_disabled(opcode) {
        return Err(ScriptError::DisabledOpcode);
    }
    if opcode == OP_CODESEPARATOR
        && vm.sig_version == SigVersion::Base
        && vm.flags.contains(VerifyFlags::CONST_SCRIPTCODE)
    {
        return Err(ScriptError::OpCodeseparator);
    }
    if executing && opcode <= OP_PUSHDATA4 {
        if vm.require_minimal() && !check_minimal_push(instruction.data, opcode) {
            return Err(ScriptError::MinimalData);
        }
        vm.stack.push(instruction.data.to_vec());
    } else if executing || (OP_IF..=OP_ENDIF).contains(&opcode) {
        execute(vm, opcode)?;
    }
    if vm.stack.len() + vm.altstack.len() > MAX_STACK_SIZE {
        return Err(ScriptError::StackSize);
    }
    Ok(())
}

/// Dispatches a non-push opcode to its handler. Opcodes without one
/// (`OP_RESERVED`, `OP_VER`, `OP_VERIF`, `OP_VERNOTIF`, `OP_RESERVED1/2`,
/// 0xbb..=0xff) fail `BAD_OPCODE`; so does `OP_CHECKSIGADD` outside tapscript.
fn execute(vm: &mut Vm, opcode: u8) -> Result<(), ScriptError> {
    match opcode {
        OP_1NEGATE | OP_1..=OP_16 => push::op_push_small_integer(vm, opcode),
        OP_NOP => Ok(()),
        OP_IF => flow::op_if(vm),
        OP_NOTIF => flow::op_notif(vm),
        OP_ELSE => flow::op_else(vm),
        OP_ENDIF => flow::op_endif(vm),
        OP_VERIFY => flow::op_verify(vm),
        OP_RETURN => flow::op_return(vm),
        OP_NOP1 | OP_NOP4..=OP_NOP10 => flow::op_upgradable_nop(vm),
        OP_CHECKLOCKTIMEVERIFY => locktime::op_checklocktimeverify(vm),
        OP_CHECKSEQUENCEVERIFY => locktime::op_checksequenceverify(vm),
        OP_TOALTSTACK => stack::op_toaltstack(vm),
        OP_FROMALTSTACK => stack::op_fromaltstack(vm),
        OP_2DROP => stack::op_2drop(vm),
        OP_2DUP => stack::op_2dup(vm),
        OP_3DUP => stack::op_3dup(vm),
        OP_2OVER => stack::op_2over(vm),
        OP_2ROT => stack::op_2rot(vm),
        OP_2SWAP => stack::op_2swap(vm),
        OP_IFDUP => stack::op_ifdup(vm),
        OP_DEPTH => stack::op_depth(vm),
        OP_DROP => stack::op_drop(vm),
        OP_DUP => stack::op_dup(vm),
        OP_NIP => stack::op_nip(vm),
        OP_OVER => stack::op_over(vm),
        OP_PICK => stack::op_pick(vm),
        OP_ROLL => stack::op_roll(vm),
        OP_ROT => stack::op_rot(vm),
        OP_SWAP => stack::op_swap(vm),
        OP_TUCK => stack::op_tuck(vm),
        OP_SIZE => splice::op_size(vm),
        OP_EQUAL => bitwise::op_equal(vm),
        OP_EQUALVERIFY => bitwise::op_equalverify(vm),
        OP_1ADD => arithmetic::op_1add(vm),
        OP_1SUB => arithmetic::op_1sub(vm),
        OP_NEGATE => arithmetic::op_negate(vm),
        OP_ABS => arithmetic::op_abs(vm),
        OP_NOT => arithmetic::op_not(vm),
        OP_0NOTEQUAL => arithmetic::op_0notequal(vm),
        OP_ADD => arithmetic::op_add(vm),
        OP_SUB => arithmetic::op_sub(vm),
        OP_BOOLAND => arithmetic::op_booland(vm),
        OP_BOOLOR => arithmetic::op_boolor(vm),
        OP_NUMEQUAL => arithmetic::op_numequal(vm),
        OP_NUMEQUALVERIFY => arithmetic::op_numequalverify(vm),
        OP_NUMNOTEQUAL => arithmetic::op_numnotequal(vm),
        OP_LESSTHAN => arithmetic::op_lessthan(vm),
        OP_GREATERTHAN => arithmetic::op_greaterthan(vm),
        OP_LESSTHANOREQUAL => arithmetic::op_lessthanorequal(vm),
        OP_GREATERTHANOREQUAL => arithmetic::op_greaterthanorequal(vm),
        OP_MIN => arithmetic::op_min(vm),
        OP_MAX => arithmetic::op_max(vm),
        OP_WITHIN => arithmetic::op_within(vm),
        OP_RIPEMD160 => crypto::op_ripemd160(vm),
        OP_SHA1 => crypto::op_sha1(vm),
        OP_SHA256 => crypto::op_sha256(vm),
        OP_HASH160 => crypto::op_hash160(vm),
        OP_HASH256 => crypto::op_hash256(vm),
        OP_CODESEPARATOR => crypto::op_codeseparator(vm),
        OP_CHECKSIG => crypto::op_checksig(vm),
        OP_CHECKSIGVERIFY => crypto::op_checksigverify(vm),
        OP_CHECKSIGADD => crypto::op_checksigadd(vm),
        OP_CHECKMULTISIG => multisig::op_checkmultisig(vm),
        OP_CHECKMULTISIGVERIFY => multisig::op_checkmultisigverify(vm),
        _ => Err(ScriptError::BadOpcode),
    }
}

#[cfg(test)]
#[path = "interpreter_tests.rs"]
mod tests;
