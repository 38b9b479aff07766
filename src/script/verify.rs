//! Verifying one input: scriptSig, scriptPubKey, P2SH redeem script and
//! witness program, in Core's order. Core: `VerifyScript`,
//! `VerifyWitnessProgram` and `ExecuteWitnessScript` in
//! `src/script/interpreter.cpp`.

use super::checker::{ScriptExecutionData, SigVersion, SignatureChecker};
use super::error::ScriptError;
use super::flags::VerifyFlags;
use super::instruction::{is_push_only, push_data};
use super::interpreter::{eval_script, eval_script_simple};
use super::num::cast_to_bool;
use super::opcodes::{OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160};
use super::patterns::{is_pay_to_anchor, is_pay_to_script_hash, witness_program, WitnessProgram};
use super::stack::{Stack, MAX_SCRIPT_ELEMENT_SIZE};
use super::taproot::verify_taproot;
use crate::primitives::hash::sha256;
use crate::primitives::Witness;

/// Verifies one input's scripts. Core: `VerifyScript`.
///
/// # Consensus
/// Rules `SCRIPT-SIGPUSHONLY`, `SCRIPT-EVAL-ORDER`, `SCRIPT-WITNESS-MALLEATED`, `SCRIPT-P2SH`, `SCRIPT-CLEANSTACK`, `SCRIPT-WITNESS-UNEXPECTED` (spec/script.md).
/// In order:
/// 1. Under `SIGPUSHONLY` the scriptSig must be push-only (`SIG_PUSHONLY`).
/// 2. The scriptSig runs, then the scriptPubKey on the same stack (never
///    concatenated: CVE-2010-5141); the top element must then be true
///    (`EVAL_FALSE`).
/// 3. Under `WITNESS`, a witness-program scriptPubKey needs an empty
///    scriptSig (`WITNESS_MALLEATED`) and its program verified (BIP-0141).
/// 4. Under `P2SH`, for a P2SH scriptPubKey (BIP-0016) the scriptSig must be
///    push-only (`SIG_PUSHONLY`); its last push is the redeem script, run on
///    the rest of the scriptSig's stack, and must leave true. Under
///    `WITNESS` a redeem script that is a witness program needs a scriptSig
///    of exactly its one push (`WITNESS_MALLEATED_P2SH`) and the program
///    verified.
/// 5. Under `CLEANSTACK` exactly one element must remain (a witness spend
///    counts as one).
/// 6. Under `WITNESS`, a witness on an input that was not a witness spend
///    fails (`WITNESS_UNEXPECTED`).
///
/// Core asserts that `CLEANSTACK` comes with `P2SH` and `WITNESS`, and
/// `WITNESS` with `P2SH`; canon does not check flag consistency and simply
/// applies each flag given.
///
/// # Errors
/// The [`ScriptError`] Core reports for the same input.
pub fn verify_script(
    script_sig: &[u8],
    script_pubkey: &[u8],
    witness: &Witness,
    flags: VerifyFlags,
    checker: &dyn SignatureChecker,
) -> Result<(), ScriptError> {
    if flags.contains(VerifyFlags::SIGPUSHONLY) && !is_push_only(script_sig) {
        return Err(ScriptError::SigPushOnly);
    }
    let mut stack = Stack::new();
    eval_script_simple(&mut stack, script_sig, flags, checker, SigVersion::Base)?;
    let p2sh_stack = flags.contains(VerifyFlags::P2SH).then(|| stack.clone());
    eval_script_simple(&mut stack, script_pubkey, flags, checker, SigVersion::Base)?;
    require_true_top(&stack)?;

    let mut had_witness = false;
    if flags.contains(VerifyFlags::WITNESS) {
        if let Some(program) = witness_program(script_pubkey) {
            had_witness = true;
            if !script_sig.is_empty() {
                return Err(ScriptError::WitnessMalleated);
            }
            verify_witness_program(witness, program, flags, checker, false)?;
            stack.0.truncate(1);
        }
    }

    if let (Some(p2sh_stack), true) = (p2sh_stack, is_pay_to_script_hash(script_pubkey)) {
        if !is_push_only(script_sig) {
            return Err(ScriptError::SigPushOnly);
        }
        stack = p2sh_stack;
        // Not empty: the scriptPubKey's OP_HASH160 would have failed.
        let redeem_script = stack.pop();
        eval_script_simple(&mut stack, &redeem_script, flags, checker, SigVersion::Base)?;
        require_true_top(&stack)?;
        if flags.contains(VerifyFlags::WITNESS) {
            if let Some(program) = witness_program(&redeem_script) {
                had_witness = true;
                let mut single_push = Vec::with_capacity(redeem_script.len() + 3);
                push_data(&mut single_push, &redeem_script);
                if script_sig != single_push.as_slice() {
                    return Err(ScriptError::WitnessMalleatedP2sh);
                }
                verify_witness_program(witness, program, flags, checker, true)?;
                stack.0.truncate(1);
            }
        }
    }

    if flags.contains(VerifyFlags::CLEANSTACK) && stack.len() != 1 {
        return Err(ScriptError::CleanStack);
    }
    if flags.contains(VerifyFlags::WITNESS) && !had_witness && !witness.is_empty() {
        return Err(ScriptError::WitnessUnexpected);
    }
    Ok(())
}

/// The stack must end non-empty with a true top element.
fn require_true_top(stack: &Stack) -> Result<(), ScriptError> {
    match stack.last() {
        Some(top) if cast_to_bool(top) => Ok(()),
        _ => Err(ScriptError::EvalFalse),
    }
}

/// Verifies a witness program against the input's witness.
///
/// # Consensus
/// Rules `SCRIPT-P2WSH`, `SCRIPT-P2WPKH`, `SCRIPT-WITNESS-WRONG-LENGTH`, `SCRIPT-WITNESS-UPGRADABLE` (spec/script.md).
/// BIP-0141, "Witness program":
/// - version 0, 32 bytes (P2WSH): the witness must be non-empty
///   (`WITNESS_PROGRAM_WITNESS_EMPTY`); its last item is the witness script,
///   whose SHA-256 must be the program (`WITNESS_PROGRAM_MISMATCH`); it runs
///   on the other items.
/// - version 0, 20 bytes (P2WPKH): the witness must have exactly two items
///   (`WITNESS_PROGRAM_MISMATCH`), run by
///   `OP_DUP OP_HASH160 <program> OP_EQUALVERIFY OP_CHECKSIG`.
/// - version 0, any other length: `WITNESS_PROGRAM_WRONG_LENGTH`.
/// - version 1, 32 bytes, not P2SH-wrapped: taproot (BIP-0341), only under
///   the `TAPROOT` flag; without it, anyone can spend.
/// - pay-to-anchor (version 1, `4e73`, not wrapped): anyone can spend.
/// - anything else is reserved for upgrades: anyone can spend, failing under
///   the policy flag `DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM`.
///
/// Core: `VerifyWitnessProgram`.
///
/// # Errors
/// Those listed, and whatever the witness script raises.
pub fn verify_witness_program(
    witness: &Witness,
    program: WitnessProgram,
    flags: VerifyFlags,
    checker: &dyn SignatureChecker,
    is_p2sh: bool,
) -> Result<(), ScriptError> {
    let items = witness.stack.as_slice();
    match (program.version, program.program.len()) {
        (0, 32) => {
            let Some((witness_script, inputs)) = items.split_last() else {
                return Err(ScriptError::WitnessProgramWitnessEmpty);
            };
            if sha256(witness_script) != program.program {
                return Err(ScriptError::WitnessProgramMismatch);
            }
            let mut execdata = ScriptExecutionData::default();
            execute_witness_script(
                inputs,
                witness_script,
                flags,
                SigVersion::WitnessV0,
                checker,
                &mut execdata,
            )
        }
        (0, 20) => {
            if items.len() != 2 {
                return Err(ScriptError::WitnessProgramMismatch);
            }
            let mut script = [0u8; 25];
            script[..3].copy_from_slice(&[OP_DUP, OP_HASH160, 20]);
            script[3..23].copy_from_slice(program.program);
            script[23..].copy_from_slice(&[OP_EQUALVERIFY, OP_CHECKSIG]);
            let mut execdata = ScriptExecutionData::default();
            execute_witness_script(
                items,
                &script,
                flags,
                SigVersion::WitnessV0,
                checker,
                &mut execdata,
            )
        }
        (0, _) => Err(ScriptError::WitnessProgramWrongLength),
        (1, 32) if !is_p2sh => {
            if !flags.contains(VerifyFlags::TAPROOT) {
                return Ok(());
            }
            verify_taproot(witness, program.program, flags, checker)
        }
        _ if !is_p2sh && is_pay_to_anchor(&program) => Ok(()),
        _ if flags.contains(VerifyFlags::DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) => {
            Err(ScriptError::DiscourageUpgradableWitnessProgram)
        }
        _ => Ok(()),
    }
}

/// Runs a witness script (or P2WPKH's implied script, or a tapscript) on
/// the witness items.
///
/// # Consensus
/// Rules `SCRIPT-WITNESS-CLEANSTACK`, `SCRIPT-PUSH-SIZE`, `TAPSCRIPT-RULES` (spec/script.md).
/// For tapscript, any `OP_SUCCESSx` makes the script succeed at once (BIP-0342;
/// failing under `DISCOURAGE_OP_SUCCESS`), a script that does not parse
/// fails `BAD_OPCODE`, and more than 1,000 initial items fail `STACK_SIZE`.
/// Every item must be at most 520 bytes (`PUSH_SIZE`). After execution
/// exactly one element must remain (`CLEANSTACK`, a consensus rule here)
/// and be true (`EVAL_FALSE`). Core: `ExecuteWitnessScript`.
///
/// # Errors
/// Those listed, and whatever the script raises.
pub fn execute_witness_script(
    items: &[Vec<u8>],
    script: &[u8],
    flags: VerifyFlags,
    sig_version: SigVersion,
    checker: &dyn SignatureChecker,
    execdata: &mut ScriptExecutionData,
) -> Result<(), ScriptError> {
    if sig_version == SigVersion::Tapscript {
        if super::taproot::scan_op_success(script, flags)? {
            return Ok(());
        }
        if items.len() > super::stack::MAX_STACK_SIZE {
            return Err(ScriptError::StackSize);
        }
    }
    if items
        .iter()
        .any(|item| item.len() > MAX_SCRIPT_ELEMENT_SIZE)
    {
        return Err(ScriptError::PushSize);
    }
    let mut stack = Stack(items.to_vec());
    eval_script(&mut stack, script, flags, checker, sig_version, execdata)?;
    if stack.len() != 1 {
        return Err(ScriptError::CleanStack);
    }
    require_true_top(&stack)
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
