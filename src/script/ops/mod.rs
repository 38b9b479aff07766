//! The opcode handlers, grouped by family. Each takes the [`Vm`](super::interpreter::Vm)
//! and returns the [`ScriptError`](super::ScriptError) Core reports, or
//! `Ok(())`. Arity is always checked before operands are decoded, so a short
//! stack fails `INVALID_STACK_OPERATION`, never `SCRIPTNUM`.

pub mod arithmetic;
pub mod bitwise;
pub mod crypto;
pub mod flow;
pub mod locktime;
pub mod multisig;
pub mod push;
pub mod splice;
pub mod stack;
