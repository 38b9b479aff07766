//! Lock-time family: `OP_CHECKLOCKTIMEVERIFY` (BIP-0065, formerly `OP_NOP2`)
//! and `OP_CHECKSEQUENCEVERIFY` (BIP-0112, formerly `OP_NOP3`).
//!
//! Both read a 5-byte script number: lock times and sequences are unsigned
//! 32-bit fields, and 4-byte script numbers stop at 2^31 − 1. Both leave
//! their operand on the stack (they were NOPs), so scripts follow them with
//! `OP_DROP`.

use crate::script::checker::SEQUENCE_LOCKTIME_DISABLE_FLAG;
use crate::script::error::ScriptError;
use crate::script::flags::VerifyFlags;
use crate::script::interpreter::Vm;
use crate::script::num::{ScriptNum, LOCKTIME_MAX_NUM_SIZE};

/// `OP_CHECKLOCKTIMEVERIFY` (0xb1): `(locktime -- locktime)`.
///
/// # Consensus
/// Rule `SCRIPT-CLTV` (spec/script.md).
/// BIP-0065: without the `CHECKLOCKTIMEVERIFY` flag, a NOP. Otherwise the
/// operand (5-byte script number) must be non-negative and satisfied by the
/// transaction (see [`SignatureChecker::check_lock_time`](crate::script::SignatureChecker::check_lock_time)).
/// Core: `EvalScript`, `OP_CHECKLOCKTIMEVERIFY`.
///
/// # Errors
/// [`ScriptError::InvalidStackOperation`], [`ScriptError::ScriptNum`],
/// [`ScriptError::NegativeLocktime`], [`ScriptError::UnsatisfiedLocktime`].
pub fn op_checklocktimeverify(vm: &mut Vm) -> Result<(), ScriptError> {
    if !vm.flags.contains(VerifyFlags::CHECKLOCKTIMEVERIFY) {
        return Ok(());
    }
    let lock_time = read_operand(vm)?;
    if !vm.checker.check_lock_time(lock_time) {
        return Err(ScriptError::UnsatisfiedLocktime);
    }
    Ok(())
}

/// `OP_CHECKSEQUENCEVERIFY` (0xb2): `(sequence -- sequence)`.
///
/// # Consensus
/// Rule `SCRIPT-CSV` (spec/script.md).
/// BIP-0112: without the `CHECKSEQUENCEVERIFY` flag, a NOP. Otherwise the
/// operand (5-byte script number) must be non-negative; if it has the
/// disable flag (bit 31) it is a NOP, reserved for soft forks; otherwise the
/// input must satisfy it (see
/// [`SignatureChecker::check_sequence`](crate::script::SignatureChecker::check_sequence)).
/// Core: `EvalScript`, `OP_CHECKSEQUENCEVERIFY`.
///
/// # Errors
/// [`ScriptError::InvalidStackOperation`], [`ScriptError::ScriptNum`],
/// [`ScriptError::NegativeLocktime`], [`ScriptError::UnsatisfiedLocktime`].
pub fn op_checksequenceverify(vm: &mut Vm) -> Result<(), ScriptError> {
    if !vm.flags.contains(VerifyFlags::CHECKSEQUENCEVERIFY) {
        return Ok(());
    }
    let sequence = read_operand(vm)?;
    if sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG != 0 {
        return Ok(());
    }
    if !vm.checker.check_sequence(sequence) {
        return Err(ScriptError::UnsatisfiedLocktime);
    }
    Ok(())
}

/// Reads the top element as a non-negative 5-byte script number.
fn read_operand(vm: &Vm) -> Result<i64, ScriptError> {
    vm.stack.require(1)?;
    let value = ScriptNum::decode(
        vm.stack.top(-1),
        vm.require_minimal(),
        LOCKTIME_MAX_NUM_SIZE,
    )?
    .value();
    if value < 0 {
        return Err(ScriptError::NegativeLocktime);
    }
    Ok(value)
}
