//! Crypto family: hashes, `OP_CODESEPARATOR`, and the single-signature
//! checks (`OP_CHECKSIG`, `OP_CHECKSIGVERIFY`, tapscript's `OP_CHECKSIGADD`).

use std::borrow::Cow;

use crate::primitives::hash::{hash160, ripemd160, sha1, sha256, sha256d};
use crate::script::checker::SigVersion;
use crate::script::error::ScriptError;
use crate::script::flags::VerifyFlags;
use crate::script::interpreter::Vm;
use crate::script::num::ScriptNum;
use crate::script::script_code::delete_signature;
use crate::script::signature::{check_pubkey_encoding, check_signature_encoding};

/// The budget one non-empty tapscript signature check consumes (BIP-0342).
/// Core: `VALIDATION_WEIGHT_PER_SIGOP_PASSED`.
pub const VALIDATION_WEIGHT_PER_SIGOP_PASSED: i64 = 50;

/// Replaces the top element by its hash: `(in -- hash)`. The element's
/// buffer is reused for the digest.
fn hash_top<const N: usize>(
    vm: &mut Vm,
    hash: impl Fn(&[u8]) -> [u8; N],
) -> Result<(), ScriptError> {
    vm.stack.require(1)?;
    let top = vm.stack.top_mut(-1);
    let digest = hash(top);
    top.clear();
    top.extend_from_slice(&digest);
    Ok(())
}

/// `OP_RIPEMD160` (0xa6): `(in -- ripemd160(in))`.
pub fn op_ripemd160(vm: &mut Vm) -> Result<(), ScriptError> {
    hash_top(vm, ripemd160)
}

/// `OP_SHA1` (0xa7): `(in -- sha1(in))`.
pub fn op_sha1(vm: &mut Vm) -> Result<(), ScriptError> {
    hash_top(vm, sha1)
}

/// `OP_SHA256` (0xa8): `(in -- sha256(in))`.
pub fn op_sha256(vm: &mut Vm) -> Result<(), ScriptError> {
    hash_top(vm, sha256)
}

/// `OP_HASH160` (0xa9): `(in -- ripemd160(sha256(in)))`.
pub fn op_hash160(vm: &mut Vm) -> Result<(), ScriptError> {
    hash_top(vm, hash160)
}

/// `OP_HASH256` (0xaa): `(in -- sha256(sha256(in)))`.
pub fn op_hash256(vm: &mut Vm) -> Result<(), ScriptError> {
    hash_top(vm, sha256d)
}

/// `OP_CODESEPARATOR` (0xab): `( -- )`.
///
/// Starts the scriptCode of later signature checks after this instruction
/// and records its position for tapscript signatures (BIP-0342). Under
/// `CONST_SCRIPTCODE` the interpreter loop has already rejected it in BASE
/// scripts. Core: `EvalScript`, `OP_CODESEPARATOR`.
pub fn op_codeseparator(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.code_start = vm.pc;
    vm.execdata.codeseparator_pos = vm.opcode_pos;
    Ok(())
}

/// `OP_CHECKSIG` (0xac): `(sig pubkey -- bool)`.
///
/// Core: `EvalScript`, `OP_CHECKSIG`; `EvalChecksig`.
///
/// # Errors
/// [`ScriptError::InvalidStackOperation`], and those of the signature check:
/// see [`checksig_pre_tapscript`] and [`checksig_tapscript`].
pub fn op_checksig(vm: &mut Vm) -> Result<(), ScriptError> {
    vm.stack.require(2)?;
    let success = eval_checksig(vm, -2, -1)?;
    vm.stack.pop_n(2);
    vm.stack.push_bool(success);
    Ok(())
}

/// `OP_CHECKSIGVERIFY` (0xad): `(sig pubkey -- )`, failing unless the signature is valid.
///
/// # Errors
/// As [`op_checksig`], and [`ScriptError::CheckSigVerify`].
pub fn op_checksigverify(vm: &mut Vm) -> Result<(), ScriptError> {
    op_checksig(vm)?;
    super::bitwise::verify_top(vm, ScriptError::CheckSigVerify)
}

/// `OP_CHECKSIGADD` (0xba): `(sig n pubkey -- n+success)`; tapscript only.
///
/// # Consensus
/// Rule `TAPSCRIPT-RULES` (spec/script.md).
/// BIP-0342: outside tapscript it is an unknown opcode. Core: `EvalScript`,
/// `OP_CHECKSIGADD`.
///
/// # Errors
/// [`ScriptError::BadOpcode`] outside tapscript,
/// [`ScriptError::InvalidStackOperation`], [`ScriptError::ScriptNum`], and
/// those of [`checksig_tapscript`].
pub fn op_checksigadd(vm: &mut Vm) -> Result<(), ScriptError> {
    if vm.is_pre_tapscript() {
        return Err(ScriptError::BadOpcode);
    }
    vm.stack.require(3)?;
    let n = vm.num(-2)?.value();
    let success = eval_checksig(vm, -3, -1)?;
    vm.stack.pop_n(3);
    vm.stack.push(ScriptNum(n + i64::from(success)).encode());
    Ok(())
}

/// Checks the signature at stack position `sig_at` against the key at
/// `pubkey_at` under the script's rules. `Ok(false)` is a failed check
/// that does not end the script. Core: `EvalChecksig`.
fn eval_checksig(vm: &mut Vm, sig_at: isize, pubkey_at: isize) -> Result<bool, ScriptError> {
    let sig = vm.stack.top(sig_at);
    let pubkey = vm.stack.top(pubkey_at);
    match vm.sig_version {
        SigVersion::Base | SigVersion::WitnessV0 => {
            let script_code = &vm.script[vm.code_start..];
            checksig_pre_tapscript(
                sig,
                pubkey,
                script_code,
                vm.flags,
                vm.sig_version,
                vm.checker,
            )
        }
        SigVersion::Tapscript => checksig_tapscript(sig, pubkey, vm.flags, vm.checker, vm.execdata),
        // The key path runs no script.
        SigVersion::Taproot => Err(ScriptError::UnknownError),
    }
}

/// An ECDSA signature check in a BASE or WITNESS_V0 script.
///
/// # Consensus
/// Rules `SCRIPT-SCRIPTCODE`, `SCRIPT-CONST-SCRIPTCODE`, `SCRIPT-NULLFAIL` (spec/script.md).
/// In BASE scripts the signature's push is first deleted from the scriptCode
/// (`FindAndDelete`; a deletion fails under `CONST_SCRIPTCODE`). Then the
/// signature and key encodings are checked (see
/// [`check_signature_encoding`], [`check_pubkey_encoding`]) and the
/// signature verified. Under `NULLFAIL` (BIP-0146) a failed check with a
/// non-empty signature fails the script. Core: `EvalChecksigPreTapscript`.
///
/// # Errors
/// [`ScriptError::SigFindAndDelete`], [`ScriptError::SigDer`],
/// [`ScriptError::SigHighS`], [`ScriptError::SigHashtype`],
/// [`ScriptError::PubkeyType`], [`ScriptError::WitnessPubkeyType`],
/// [`ScriptError::SigNullFail`].
pub fn checksig_pre_tapscript(
    sig: &[u8],
    pubkey: &[u8],
    script_code: &[u8],
    flags: VerifyFlags,
    sig_version: SigVersion,
    checker: &dyn crate::script::SignatureChecker,
) -> Result<bool, ScriptError> {
    let mut code = Cow::Borrowed(script_code);
    if sig_version == SigVersion::Base {
        let (without_sig, found) = delete_signature(code, sig);
        if found && flags.contains(VerifyFlags::CONST_SCRIPTCODE) {
            return Err(ScriptError::SigFindAndDelete);
        }
        code = without_sig;
    }
    check_signature_encoding(sig, flags)?;
    check_pubkey_encoding(pubkey, flags, sig_version)?;
    let success = checker.check_ecdsa_signature(sig, pubkey, &code, sig_version);
    if !success && flags.contains(VerifyFlags::NULLFAIL) && !sig.is_empty() {
        return Err(ScriptError::SigNullFail);
    }
    Ok(success)
}

/// A signature check in tapscript.
///
/// # Consensus
/// Rule `TAPSCRIPT-CHECKSIG` (spec/script.md).
/// BIP-0342, "Rules for signature opcodes", in this order: a non-empty
/// signature consumes 50 of the validation budget (failing when it goes
/// negative, even with an unknown key type); an empty key fails; a 32-byte
/// key needs a valid Schnorr signature if the signature is non-empty (an
/// invalid one fails the script, not just the check); any other key length
/// is an unknown key type, which succeeds if the signature is non-empty
/// (failing under the policy flag `DISCOURAGE_UPGRADABLE_PUBKEYTYPE`). The
/// check succeeds iff the signature is non-empty. Core: `EvalChecksigTapscript`.
///
/// # Errors
/// [`ScriptError::TapscriptValidationWeight`],
/// [`ScriptError::TapscriptEmptyPubkey`],
/// [`ScriptError::DiscourageUpgradablePubkeyType`], and the Schnorr errors.
pub fn checksig_tapscript(
    sig: &[u8],
    pubkey: &[u8],
    flags: VerifyFlags,
    checker: &dyn crate::script::SignatureChecker,
    execdata: &mut crate::script::ScriptExecutionData,
) -> Result<bool, ScriptError> {
    let success = !sig.is_empty();
    if success {
        execdata.validation_weight_left -= VALIDATION_WEIGHT_PER_SIGOP_PASSED;
        if execdata.validation_weight_left < 0 {
            return Err(ScriptError::TapscriptValidationWeight);
        }
    }
    match pubkey.len() {
        0 => return Err(ScriptError::TapscriptEmptyPubkey),
        32 if success => {
            checker.check_schnorr_signature(sig, pubkey, SigVersion::Tapscript, execdata)?
        }
        32 => {}
        _ if flags.contains(VerifyFlags::DISCOURAGE_UPGRADABLE_PUBKEYTYPE) => {
            return Err(ScriptError::DiscourageUpgradablePubkeyType)
        }
        _ => {}
    }
    Ok(success)
}
