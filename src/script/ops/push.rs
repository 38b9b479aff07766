//! Push family: the small-integer opcodes. (Data pushes are handled by the
//! interpreter loop itself, since they need the instruction's data.)

use crate::script::error::ScriptError;
use crate::script::interpreter::Vm;
use crate::script::num::ScriptNum;
use crate::script::opcodes::OP_1;

/// `OP_1NEGATE` (0x4f), `OP_1`..`OP_16` (0x51..=0x60): `( -- n)`.
///
/// Pushes -1 or 1..16 as a script number; always a minimal push, so
/// `MINIMALDATA` has nothing to check. Core: `EvalScript`, `OP_1NEGATE`..`OP_16`.
pub fn op_push_small_integer(vm: &mut Vm, opcode: u8) -> Result<(), ScriptError> {
    let value = i64::from(opcode) - i64::from(OP_1 - 1);
    vm.stack.push(ScriptNum(value).encode());
    Ok(())
}
