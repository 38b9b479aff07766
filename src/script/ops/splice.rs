//! Splice family. `OP_CAT`, `OP_SUBSTR`, `OP_LEFT` and `OP_RIGHT` are
//! disabled (the interpreter loop rejects them); only `OP_SIZE` remains.

use crate::script::error::ScriptError;
use crate::script::interpreter::Vm;
use crate::script::num::ScriptNum;

/// `OP_SIZE` (0x82): `(in -- in size)`.
///
/// Pushes the byte length of the top element, leaving it in place.
/// Core: `EvalScript`, `OP_SIZE`.
pub fn op_size(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    let size = vm.stack.top(-1).len() as i64;
    vm.stack.push(ScriptNum(size).encode());
    Ok(())
}
