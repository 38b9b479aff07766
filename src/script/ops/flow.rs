//! Flow-control family: conditionals, `OP_VERIFY`, `OP_RETURN`, and the
//! upgradable NOPs.

use crate::script::checker::SigVersion;
use crate::script::error::ScriptError;
use crate::script::flags::VerifyFlags;
use crate::script::interpreter::Vm;
use crate::script::num::cast_to_bool;

/// `OP_IF` (0x63): `(cond -- )` in an executed branch; `( -- )` otherwise.
///
/// Opens a conditional whose branch runs if `cond` is true. In an unexecuted
/// branch nothing is popped and the new branch does not run either.
/// Core: `EvalScript`, `OP_IF`.
///
/// # Errors
/// As [`op_notif`].
pub fn op_if(vm: &mut Vm) -> Result<(), ScriptError> {
    open_conditional(vm, false)
}

/// `OP_NOTIF` (0x64): as `OP_IF`, with the condition negated.
///
/// # Consensus
/// Rules `SCRIPT-CONDITIONAL`, `SCRIPT-MINIMALIF` (spec/script.md).
/// In tapscript the argument must be empty or exactly `0x01` (BIP-0342,
/// consensus); in witness v0 with `MINIMALIF` likewise (policy).
/// Core: `EvalScript`, `OP_IF`/`OP_NOTIF`.
///
/// # Errors
/// [`ScriptError::InvalidStackOperation`] on an empty stack,
/// [`ScriptError::TapscriptMinimalIf`], [`ScriptError::MinimalIf`].
pub fn op_notif(vm: &mut Vm) -> Result<(), ScriptError> {
    open_conditional(vm, true)
}

/// The shared body of `OP_IF` and `OP_NOTIF`.
fn open_conditional(vm: &mut Vm, negate: bool) -> Result<(), ScriptError> {
    let mut value = false;
    if vm.exec.all_true() {
        vm.stack.require(1)?;
        let arg = vm.stack.top(-1);
        let minimal = arg.is_empty() || arg == [1];
        if vm.sig_version == SigVersion::Tapscript && !minimal {
            return Err(ScriptError::TapscriptMinimalIf);
        }
        if vm.sig_version == SigVersion::WitnessV0
            && vm.flags.contains(VerifyFlags::MINIMALIF)
            && !minimal
        {
            return Err(ScriptError::MinimalIf);
        }
        value = cast_to_bool(arg) != negate;
        vm.stack.pop();
    }
    vm.exec.push(value);
    Ok(())
}

/// `OP_ELSE` (0x67): `( -- )`. Switches the innermost conditional to its other branch.
///
/// # Errors
/// [`ScriptError::UnbalancedConditional`] outside a conditional.
///
/// Rule `SCRIPT-CONDITIONAL` (spec/script.md).
pub fn op_else(vm: &mut Vm) -> Result<(), ScriptError> {
    if vm.exec.is_empty() {
        return Err(ScriptError::UnbalancedConditional);
    }
    vm.exec.toggle_top();
    Ok(())
}

/// `OP_ENDIF` (0x68): `( -- )`. Closes the innermost conditional.
///
/// # Errors
/// [`ScriptError::UnbalancedConditional`] outside a conditional.
///
/// Rule `SCRIPT-CONDITIONAL` (spec/script.md).
pub fn op_endif(vm: &mut Vm) -> Result<(), ScriptError> {
    if vm.exec.is_empty() {
        return Err(ScriptError::UnbalancedConditional);
    }
    vm.exec.pop();
    Ok(())
}

/// `OP_VERIFY` (0x69): `(true -- )`; fails on false, leaving it.
///
/// # Errors
/// [`ScriptError::InvalidStackOperation`], [`ScriptError::Verify`].
///
/// Rule `SCRIPT-VERIFY-OPCODES` (spec/script.md).
pub fn op_verify(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    super::bitwise::verify_top(vm, ScriptError::Verify)
}

/// `OP_RETURN` (0x6a): fails the script when executed.
///
/// # Errors
/// [`ScriptError::OpReturn`].
///
/// Rule `SCRIPT-OP-RETURN` (spec/script.md).
pub fn op_return(_vm: &mut Vm) -> Result<(), ScriptError> {
    Err(ScriptError::OpReturn)
}

/// `OP_NOP1`, `OP_NOP4`..`OP_NOP10` (0xb0, 0xb3..=0xb9): `( -- )`.
///
/// Do nothing, so that a soft fork may give them a meaning (as BIP-0065 and
/// BIP-0112 did to `OP_NOP2`/`OP_NOP3`). Executing one fails under the
/// policy flag `DISCOURAGE_UPGRADABLE_NOPS`. Core: `EvalScript`, `OP_NOP1`...
///
/// # Errors
/// [`ScriptError::DiscourageUpgradableNops`].
///
/// Rule `SCRIPT-UPGRADABLE-NOPS` (spec/script.md).
pub fn op_upgradable_nop(vm: &mut Vm) -> Result<(), ScriptError> {
    if vm.flags.contains(VerifyFlags::DISCOURAGE_UPGRADABLE_NOPS) {
        return Err(ScriptError::DiscourageUpgradableNops);
    }
    Ok(())
}
