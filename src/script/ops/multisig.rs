//! `OP_CHECKMULTISIG` and `OP_CHECKMULTISIGVERIFY`: m-of-n ECDSA checks,
//! outside tapscript only.

use std::borrow::Cow;

use crate::script::checker::SigVersion;
use crate::script::error::ScriptError;
use crate::script::flags::VerifyFlags;
use crate::script::interpreter::{Vm, MAX_OPS_PER_SCRIPT};
use crate::script::script_code::delete_signature;
use crate::script::signature::{check_pubkey_encoding, check_signature_encoding};

/// The most keys one CHECKMULTISIG may take. Core: `MAX_PUBKEYS_PER_MULTISIG`.
pub const MAX_PUBKEYS_PER_MULTISIG: i32 = 20;

/// `OP_CHECKMULTISIG` (0xae): `(dummy sig1 .. sigm m key1 .. keyn n -- bool)`.
///
/// # Consensus
/// Rules `SCRIPT-MULTISIG`, `SCRIPT-OP-COUNT`, `SCRIPT-SCRIPTCODE`, `SCRIPT-NULLFAIL`, `SCRIPT-NULLDUMMY` (spec/script.md).
/// `n` must be 0..=20 and is added to the opcode count (limit 201); `m` must
/// be 0..=n; the stack must also hold the `m` signatures and one extra
/// "dummy" element, which a bug consumes. In BASE scripts every signature's
/// push is deleted from the scriptCode first (failing under
/// `CONST_SCRIPTCODE` if one is found). Signatures are matched to keys in
/// order: each signature is tried against the next keys until one verifies;
/// the check fails as soon as more signatures remain than keys. Encodings
/// are checked only for the pairs actually tried, just before each try.
/// Under `NULLFAIL` (BIP-0146) a failed check requires every signature to be
/// empty; under `NULLDUMMY` (BIP-0147) the dummy must be empty.
/// Core: `EvalScript`, `OP_CHECKMULTISIG`.
///
/// # Errors
/// [`ScriptError::TapscriptCheckMultisig`] in tapscript,
/// [`ScriptError::InvalidStackOperation`], [`ScriptError::ScriptNum`],
/// [`ScriptError::PubkeyCount`], [`ScriptError::OpCount`],
/// [`ScriptError::SigCount`], [`ScriptError::SigFindAndDelete`], the
/// encoding errors, [`ScriptError::SigNullFail`], [`ScriptError::SigNullDummy`].
pub fn op_checkmultisig(vm: &mut Vm) -> Result<(), ScriptError> {
    if vm.sig_version == SigVersion::Tapscript {
        return Err(ScriptError::TapscriptCheckMultisig);
    }
    // Stack positions count from the top (1 = top), as in Core.
    let mut i: usize = 1;
    vm.stack.require(i)?;
    let key_count = vm.num(-1)?.to_i32_saturating();
    if !(0..=MAX_PUBKEYS_PER_MULTISIG).contains(&key_count) {
        return Err(ScriptError::PubkeyCount);
    }
    let key_count = key_count as usize;
    vm.op_count += key_count;
    if vm.op_count > MAX_OPS_PER_SCRIPT {
        return Err(ScriptError::OpCount);
    }
    i += 1;
    let first_key = i;
    i += key_count;
    vm.stack.require(i)?;
    let sig_count = vm.num(-(i as isize))?.to_i32_saturating();
    if sig_count < 0 || sig_count as usize > key_count {
        return Err(ScriptError::SigCount);
    }
    let sig_count = sig_count as usize;
    i += 1;
    let first_sig = i;
    i += sig_count;
    // `i` now also covers the dummy element.
    vm.stack.require(i)?;
    let success = match_signatures(vm, first_sig, sig_count, first_key, key_count)?;
    pop_arguments(vm, i - 1, key_count + 2, success)?;
    vm.stack.require(1)?;
    if vm.flags.contains(VerifyFlags::NULLDUMMY) && !vm.stack.top(-1).is_empty() {
        return Err(ScriptError::SigNullDummy);
    }
    vm.stack.pop();
    vm.stack.push_bool(success);
    Ok(())
}

/// `OP_CHECKMULTISIGVERIFY` (0xaf): `(dummy sigs m keys n -- )`, failing
/// unless the check succeeds.
///
/// # Errors
/// As [`op_checkmultisig`], and [`ScriptError::CheckMultisigVerify`].
pub fn op_checkmultisigverify(vm: &mut Vm) -> Result<(), ScriptError> {
    op_checkmultisig(vm)?;
    super::bitwise::verify_top(vm, ScriptError::CheckMultisigVerify)
}

/// Tries the signatures against the keys in order; `Ok(false)` if they do
/// not all match. Positions count from the top of the stack (1 = top).
fn match_signatures(
    vm: &mut Vm,
    mut sig_pos: usize,
    mut sigs_left: usize,
    mut key_pos: usize,
    mut keys_left: usize,
) -> Result<bool, ScriptError> {
    let at = |pos: usize| -(pos as isize);
    let mut code = Cow::Borrowed(&vm.script[vm.code_start..]);
    if vm.sig_version == SigVersion::Base {
        for k in 0..sigs_left {
            let (without_sig, found) = delete_signature(code, vm.stack.top(at(sig_pos + k)));
            if found && vm.flags.contains(VerifyFlags::CONST_SCRIPTCODE) {
                return Err(ScriptError::SigFindAndDelete);
            }
            code = without_sig;
        }
    }
    while sigs_left > 0 {
        let sig = vm.stack.top(at(sig_pos));
        let pubkey = vm.stack.top(at(key_pos));
        check_signature_encoding(sig, vm.flags)?;
        check_pubkey_encoding(pubkey, vm.flags, vm.sig_version)?;
        if vm
            .checker
            .check_ecdsa_signature(sig, pubkey, &code, vm.sig_version)
        {
            sig_pos += 1;
            sigs_left -= 1;
        }
        key_pos += 1;
        keys_left -= 1;
        // More signatures left than keys: too many have failed.
        if sigs_left > keys_left {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Pops the `count` arguments above the dummy. The first `not_sigs` popped
/// (n, the keys, m) are exempt from `NULLFAIL`; after a failed check, each
/// signature popped must be empty under that flag.
fn pop_arguments(
    vm: &mut Vm,
    count: usize,
    not_sigs: usize,
    success: bool,
) -> Result<(), ScriptError> {
    let nullfail = !success && vm.flags.contains(VerifyFlags::NULLFAIL);
    for popped in 0..count {
        if nullfail && popped >= not_sigs && !vm.stack.top(-1).is_empty() {
            return Err(ScriptError::SigNullFail);
        }
        vm.stack.pop();
    }
    Ok(())
}
