//! `script_eval`: any script under any flags runs to a verdict within the
//! interpreter's limits.
//!
//! Input: flags (4 bytes, little-endian, masked to the defined flags), a
//! signature version selector (1 byte: base, witness v0 or tapscript), then
//! the script. The script runs on an empty stack inside a fixed spending
//! transaction (so signature and lock-time opcodes have something to check).

use crate::conformance::script_harness::{crediting_transaction, spending_transaction};
use crate::primitives::{Transaction, TxOut, Witness};
use crate::script::flags::ALL_FLAGS;
use crate::script::instruction::Instructions;
use crate::script::interpreter::{MAX_OPS_PER_SCRIPT, MAX_SCRIPT_SIZE};
use crate::script::opcodes::OP_16;
use crate::script::stack::{MAX_SCRIPT_ELEMENT_SIZE, MAX_STACK_SIZE};
use crate::script::taproot::{compute_tapleaf_hash, TAPROOT_LEAF_TAPSCRIPT};
use crate::script::{
    eval_script, ScriptError, ScriptExecutionData, SigVersion, Stack, TransactionSignatureChecker,
    VerifyFlags,
};
use crate::sighash::PrecomputedTransactionData;

use super::Input;

/// Every defined verify flag, as one mask.
pub fn defined_flags() -> u32 {
    ALL_FLAGS.iter().fold(0, |mask, (_, flag)| mask | flag.0)
}

/// The fixed context a fuzzed script runs in: a spend of a P2TR output (so
/// taproot signature hashes are computable too) with lock time and sequence
/// set so that lock-time opcodes can pass or fail.
pub fn fixed_spend() -> (Transaction, TxOut) {
    let mut program = vec![0x51, 0x20];
    program.extend_from_slice(&[0x11; 32]);
    let credit = crediting_transaction(&program, 100_000);
    let mut spend = spending_transaction(&[], Witness::default(), &credit);
    spend.version = 2;
    spend.lock_time = 500;
    spend.inputs[0].sequence = 0x0040_0010;
    (spend, credit.outputs[0].clone())
}

/// Runs one script; see the module documentation.
///
/// # Panics
/// When the interpreter breaks a limit (an over-long script accepted, more
/// than 201 counted opcodes accepted, a stack over 1,000 elements or an
/// element over 520 bytes left behind) or gives different results for the
/// same input.
pub fn script_eval(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = VerifyFlags(input.u32() & defined_flags());
    let sig_version = match input.u8() % 3 {
        0 => SigVersion::Base,
        1 => SigVersion::WitnessV0,
        _ => SigVersion::Tapscript,
    };
    let script = input.rest();
    let first = run(script, flags, sig_version);
    let second = run(script, flags, sig_version);
    assert_eq!(first, second, "the interpreter is deterministic");
    let (result, stack) = first;

    let legacy = matches!(sig_version, SigVersion::Base | SigVersion::WitnessV0);
    if legacy && script.len() > MAX_SCRIPT_SIZE {
        assert_eq!(result, Err(ScriptError::ScriptSize), "script size limit");
    }
    if result.is_err() {
        return;
    }
    assert!(stack.len() <= MAX_STACK_SIZE, "stack size limit");
    assert!(
        stack.0.iter().all(|e| e.len() <= MAX_SCRIPT_ELEMENT_SIZE),
        "element size limit"
    );
    if legacy {
        let counted = Instructions::new(script)
            .filter(|ins| matches!(ins, Ok(ins) if ins.opcode > OP_16))
            .count();
        assert!(counted <= MAX_OPS_PER_SCRIPT, "opcode count limit");
    }
}

fn run(
    script: &[u8],
    flags: VerifyFlags,
    sig_version: SigVersion,
) -> (Result<(), ScriptError>, Stack) {
    let (spend, spent) = fixed_spend();
    let txdata = PrecomputedTransactionData::new(&spend, Some(vec![spent.clone()]));
    let checker = TransactionSignatureChecker::new(&spend, 0, spent.value, &txdata);
    let mut execdata = ScriptExecutionData {
        tapleaf_hash: Some(compute_tapleaf_hash(TAPROOT_LEAF_TAPSCRIPT, script)),
        codeseparator_pos: u32::MAX,
        annex_hash: Some(None),
        validation_weight_left: script.len() as i64 + 50,
    };
    let mut stack = Stack::new();
    let result = eval_script(
        &mut stack,
        script,
        flags,
        &checker,
        sig_version,
        &mut execdata,
    );
    (result, stack)
}
