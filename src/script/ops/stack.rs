//! Stack family: moving, copying and dropping elements, and the altstack.

use crate::script::error::ScriptError;
use crate::script::interpreter::Vm;
use crate::script::num::{cast_to_bool, ScriptNum};

/// `OP_TOALTSTACK` (0x6b): `(x -- )`, altstack `( -- x)`.
pub fn op_toaltstack(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    let x = vm.stack.pop();
    vm.altstack.push(x);
    Ok(())
}

/// `OP_FROMALTSTACK` (0x6c): `( -- x)`, altstack `(x -- )`.
///
/// # Errors
/// [`ScriptError::InvalidAltstackOperation`] if the altstack is empty.
pub fn op_fromaltstack(vm: &mut Vm) -> Result<(), ScriptError> {
    if vm.altstack.is_empty() {
        return Err(ScriptError::InvalidAltstackOperation);
    }
    let x = vm.altstack.pop();
    vm.stack.push(x);
    Ok(())
}

/// `OP_2DROP` (0x6d): `(x1 x2 -- )`.
pub fn op_2drop(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    vm.stack.pop_n(2);
    Ok(())
}

/// `OP_2DUP` (0x6e): `(x1 x2 -- x1 x2 x1 x2)`.
pub fn op_2dup(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    vm.stack.dup(-2);
    vm.stack.dup(-2);
    Ok(())
}

/// `OP_3DUP` (0x6f): `(x1 x2 x3 -- x1 x2 x3 x1 x2 x3)`.
pub fn op_3dup(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(3)?;
    vm.stack.dup(-3);
    vm.stack.dup(-3);
    vm.stack.dup(-3);
    Ok(())
}

/// `OP_2OVER` (0x70): `(x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)`.
pub fn op_2over(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(4)?;
    vm.stack.dup(-4);
    vm.stack.dup(-4);
    Ok(())
}

/// `OP_2ROT` (0x71): `(x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)`.
pub fn op_2rot(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(6)?;
    let x1 = vm.stack.remove(-6);
    let x2 = vm.stack.remove(-5);
    vm.stack.push(x1);
    vm.stack.push(x2);
    Ok(())
}

/// `OP_2SWAP` (0x72): `(x1 x2 x3 x4 -- x3 x4 x1 x2)`.
pub fn op_2swap(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(4)?;
    vm.stack.swap(-4, -2);
    vm.stack.swap(-3, -1);
    Ok(())
}

/// `OP_IFDUP` (0x73): `(x -- x x)` if `x` is true, else `(x -- x)`.
pub fn op_ifdup(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    if cast_to_bool(vm.stack.top(-1)) {
        vm.stack.dup(-1);
    }
    Ok(())
}

/// `OP_DEPTH` (0x74): `( -- n)`, the number of elements before the push.
pub fn op_depth(vm: &mut Vm) -> Result<(), ScriptError> {
    let depth = vm.stack.len() as i64;
    vm.stack.push(ScriptNum(depth).encode());
    Ok(())
}

/// `OP_DROP` (0x75): `(x -- )`.
pub fn op_drop(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    vm.stack.pop();
    Ok(())
}

/// `OP_DUP` (0x76): `(x -- x x)`.
pub fn op_dup(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    vm.stack.dup(-1);
    Ok(())
}

/// `OP_NIP` (0x77): `(x1 x2 -- x2)`.
pub fn op_nip(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    vm.stack.remove(-2);
    Ok(())
}

/// `OP_OVER` (0x78): `(x1 x2 -- x1 x2 x1)`.
pub fn op_over(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    vm.stack.dup(-2);
    Ok(())
}

/// `OP_PICK` (0x79): `(xn ... x0 n -- xn ... x0 xn)`.
///
/// # Errors
/// [`ScriptError::InvalidStackOperation`] if `n` is negative or not below
/// the depth left after popping it; [`ScriptError::ScriptNum`].
pub fn op_pick(vm: &mut Vm) -> Result<(), ScriptError> {
    let depth = pop_depth(vm)?;
    vm.stack.dup(-depth - 1);
    Ok(())
}

/// `OP_ROLL` (0x7a): `(xn ... x0 n -- ... x0 xn)`.
///
/// # Errors
/// As [`op_pick`].
pub fn op_roll(vm: &mut Vm) -> Result<(), ScriptError> {
    let depth = pop_depth(vm)?;
    let x = vm.stack.remove(-depth - 1);
    vm.stack.push(x);
    Ok(())
}

/// Pops the `n` of `OP_PICK`/`OP_ROLL` and checks that element `n` exists.
fn pop_depth(vm: &mut Vm) -> Result<isize, ScriptError> {
    vm.stack.require(2)?;
    let n = vm.num(-1)?.to_i32_saturating();
    vm.stack.pop();
    if n < 0 || n as usize >= vm.stack.len() {
        return Err(ScriptError::InvalidStackOperation);
    }
    Ok(n as isize)
}

/// `OP_ROT` (0x7b): `(x1 x2 x3 -- x2 x3 x1)`.
pub fn op_rot(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(3)?;
    vm.stack.swap(-3, -2);
    vm.stack.swap(-2, -1);
    Ok(())
}

/// `OP_SWAP` (0x7c): `(x1 x2 -- x2 x1)`.
pub fn op_swap(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    vm.stack.swap(-2, -1);
    Ok(())
}

/// `OP_TUCK` (0x7d): `(x1 x2 -- x2 x1 x2)`.
pub fn op_tuck(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    let x2 = vm.stack.top(-1).to_vec();
    vm.stack.insert(-3, x2);
    Ok(())
}
