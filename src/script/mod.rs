//! Script: the interpreter, its flags and errors, signatures, and the
//! verification of one input. The rules are listed in `spec/script.md`.
//!
//! The entry point is [`verify_script`] (Core: `VerifyScript`); it runs
//! scripts with [`eval_script`] (Core: `EvalScript`), whose handlers live in
//! [`ops`], one file per family. Signatures are checked through the
//! [`SignatureChecker`] trait, which [`TransactionSignatureChecker`]
//! implements with the [`sighash`](crate::sighash) algorithms.

pub mod checker;
pub mod condition;
pub mod error;
pub mod flags;
pub mod instruction;
pub mod interpreter;
pub mod num;
pub mod opcodes;
pub mod ops;
pub mod patterns;
pub mod script_code;
pub mod signature;
pub mod sigops;
pub mod stack;
pub mod taproot;
pub mod verify;

pub use checker::{ScriptExecutionData, SigVersion, SignatureChecker, TransactionSignatureChecker};
pub use error::ScriptError;
pub use flags::VerifyFlags;
pub use interpreter::{eval_script, eval_script_simple};
pub use num::ScriptNum;
pub use sigops::{count_p2sh_sigops, count_sigops, count_witness_sigops};
pub use stack::Stack;
pub use verify::verify_script;
