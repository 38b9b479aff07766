//! Bitwise family. `OP_INVERT`, `OP_AND`, `OP_OR` and `OP_XOR` are disabled
//! (the interpreter loop rejects them); `OP_EQUAL` and `OP_EQUALVERIFY`
//! remain. There is no `OP_NOTEQUAL`: bytewise inequality would let `1` and
//! `0x0100` differ, so scripts use `OP_NUMNOTEQUAL`.

use crate::script::error::ScriptError;
use crate::script::interpreter::Vm;

/// `OP_EQUAL` (0x87): `(x1 x2 -- bool)`.
///
/// Pushes true if the two elements are byte-for-byte equal.
/// Core: `EvalScript`, `OP_EQUAL`.
pub fn op_equal(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    let equal = vm.stack.top(-2) == vm.stack.top(-1);
    vm.stack.pop_n(2);
    vm.stack.push_bool(equal);
    Ok(())
}

/// `OP_EQUALVERIFY` (0x88): `(x1 x2 -- )`.
///
/// `OP_EQUAL` then `OP_VERIFY`, with its own error.
/// Core: `EvalScript`, `OP_EQUALVERIFY`.
///
/// # Errors
/// [`ScriptError::EqualVerify`] if the elements differ.
pub fn op_equalverify(vm: &mut Vm) -> Result<(), ScriptError> {
    op_equal(vm)?;
    verify_top(vm, ScriptError::EqualVerify)
}

/// Pops the top element if it is true; otherwise fails with `error` (the
/// false result stays on the stack, as in Core). The `*VERIFY` opcodes share it.
pub fn verify_top(vm: &mut Vm, error: ScriptError) -> Result<(), ScriptError> {
    if !crate::script::num::cast_to_bool(vm.stack.top(-1)) {
        return Err(error);
    }
    vm.stack.pop();
    Ok(())
}
