//! Arithmetic family. Operands are 4-byte script numbers (see
//! [`ScriptNum`]); results are computed in 64 bits and pushed even when they
//! need 5 bytes. `OP_2MUL`, `OP_2DIV`, `OP_MUL`, `OP_DIV`, `OP_MOD`,
//! `OP_LSHIFT` and `OP_RSHIFT` are disabled (the interpreter loop rejects them).

use crate::script::error::ScriptError;
use crate::script::interpreter::Vm;
use crate::script::num::ScriptNum;

/// Replaces the top number `a` by `f(a)`: `(a -- f(a))`.
fn unary(vm: &mut Vm, f: impl Fn(i64) -> i64) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    let a = vm.num(-1)?.value();
    vm.stack.pop();
    vm.stack.push(ScriptNum(f(a)).encode());
    Ok(())
}

/// Replaces the top two numbers `a b` by `f(a, b)`: `(a b -- f(a, b))`.
fn binary(vm: &mut Vm, f: impl Fn(i64, i64) -> i64) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    let a = vm.num(-2)?.value();
    let b = vm.num(-1)?.value();
    vm.stack.pop_n(2);
    vm.stack.push(ScriptNum(f(a, b)).encode());
    Ok(())
}

/// `OP_1ADD` (0x8b): `(a -- a+1)`.
pub fn op_1add(vm: &mut Vm) -> Result<(), ScriptError> {
    unary(vm, |a| a + 1)
}

/// `OP_1SUB` (0x8c): `(a -- a-1)`.
pub fn op_1sub(vm: &mut Vm) -> Result<(), ScriptError> {
    unary(vm, |a| a - 1)
}

/// `OP_NEGATE` (0x8f): `(a -- -a)`.
pub fn op_negate(vm: &mut Vm) -> Result<(), ScriptError> {
    unary(vm, |a| -a)
}

/// `OP_ABS` (0x90): `(a -- |a|)`.
pub fn op_abs(vm: &mut Vm) -> Result<(), ScriptError> {
    unary(vm, i64::abs)
}

/// `OP_NOT` (0x91): `(a -- a==0)`.
pub fn op_not(vm: &mut Vm) -> Result<(), ScriptError> {
    unary(vm, |a| i64::from(a == 0))
}

/// `OP_0NOTEQUAL` (0x92): `(a -- a!=0)`.
pub fn op_0notequal(vm: &mut Vm) -> Result<(), ScriptError> {
    unary(vm, |a| i64::from(a != 0))
}

/// `OP_ADD` (0x93): `(a b -- a+b)`.
pub fn op_add(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| a + b)
}

/// `OP_SUB` (0x94): `(a b -- a-b)`.
pub fn op_sub(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| a - b)
}

/// `OP_BOOLAND` (0x9a): `(a b -- a!=0 && b!=0)`.
pub fn op_booland(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a != 0 && b != 0))
}

/// `OP_BOOLOR` (0x9b): `(a b -- a!=0 || b!=0)`.
pub fn op_boolor(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a != 0 || b != 0))
}

/// `OP_NUMEQUAL` (0x9c): `(a b -- a==b)`.
pub fn op_numequal(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a == b))
}

/// `OP_NUMEQUALVERIFY` (0x9d): `(a b -- )`, failing unless `a == b`.
///
/// # Errors
/// [`ScriptError::NumEqualVerify`] (the false result stays on the stack).
pub fn op_numequalverify(vm: &mut Vm) -> Result<(), ScriptError> {
    op_numequal(vm)?;
    super::bitwise::verify_top(vm, ScriptError::NumEqualVerify)
}

/// `OP_NUMNOTEQUAL` (0x9e): `(a b -- a!=b)`.
pub fn op_numnotequal(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a != b))
}

/// `OP_LESSTHAN` (0x9f): `(a b -- a<b)`.
pub fn op_lessthan(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a < b))
}

/// `OP_GREATERTHAN` (0xa0): `(a b -- a>b)`.
pub fn op_greaterthan(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a > b))
}

/// `OP_LESSTHANOREQUAL` (0xa1): `(a b -- a<=b)`.
pub fn op_lessthanorequal(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a <= b))
}

/// `OP_GREATERTHANOREQUAL` (0xa2): `(a b -- a>=b)`.
pub fn op_greaterthanorequal(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, |a, b| i64::from(a >= b))
}

/// `OP_MIN` (0xa3): `(a b -- min(a, b))`.
pub fn op_min(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, i64::min)
}

/// `OP_MAX` (0xa4): `(a b -- max(a, b))`.
pub fn op_max(vm: &mut Vm) -> Result<(), ScriptError> {
    binary(vm, i64::max)
}

/// `OP_WITHIN` (0xa5): `(x min max -- min<=x<max)`.
pub fn op_within(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(3)?;
    let x = vm.num(-3)?.value();
    let min = vm.num(-2)?.value();
    let max = vm.num(-1)?.value();
    vm.stack.pop_n(3);
    vm.stack.push_bool(min <= x && x < max);
    Ok(())
}
