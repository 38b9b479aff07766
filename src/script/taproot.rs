//! Spending a taproot output (BIP-0341) and running tapscript (BIP-0342).
//! Core: the witness v1 branch of `VerifyWitnessProgram`,
//! `VerifyTaprootCommitment`, `ComputeTapleafHash`, `ComputeTapbranchHash`,
//! and the tapscript part of `ExecuteWitnessScript`.

use secp256k1::{Parity, Scalar, XOnlyPublicKey};

use super::checker::{ScriptExecutionData, SigVersion, SignatureChecker};
use super::error::ScriptError;
use super::flags::VerifyFlags;
use super::instruction::Instructions;
use super::opcodes::is_op_success;
use super::signature::secp;
use super::verify::execute_witness_script;
use crate::encoding::{write_compact_size, write_var_bytes, Encode, Writer};
use crate::primitives::hash::HashWriter;
use crate::primitives::Witness;

/// The first byte of an annex (BIP-0341). Core: `ANNEX_TAG`.
pub const ANNEX_TAG: u8 = 0x50;
/// The leaf version of tapscript (BIP-0342). Core: `TAPROOT_LEAF_TAPSCRIPT`.
pub const TAPROOT_LEAF_TAPSCRIPT: u8 = 0xc0;
/// The bits of a control block's first byte that hold the leaf version.
/// Core: `TAPROOT_LEAF_MASK`.
pub const TAPROOT_LEAF_MASK: u8 = 0xfe;
/// A control block without path: leaf version/parity byte and internal key.
/// Core: `TAPROOT_CONTROL_BASE_SIZE`.
pub const TAPROOT_CONTROL_BASE_SIZE: usize = 33;
/// One merkle path node. Core: `TAPROOT_CONTROL_NODE_SIZE`.
pub const TAPROOT_CONTROL_NODE_SIZE: usize = 32;
/// The deepest merkle path. Core: `TAPROOT_CONTROL_MAX_NODE_COUNT`.
pub const TAPROOT_CONTROL_MAX_NODE_COUNT: usize = 128;
/// The longest control block. Core: `TAPROOT_CONTROL_MAX_SIZE`.
pub const TAPROOT_CONTROL_MAX_SIZE: usize =
    TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;
/// What the tapscript signature budget starts with beyond the witness size.
/// Core: `VALIDATION_WEIGHT_OFFSET`.
pub const VALIDATION_WEIGHT_OFFSET: i64 = 50;

/// Verifies a taproot spend of the 32-byte output key `program`.
///
/// # Consensus
/// Rule `TAPROOT-SPEND` (spec/script.md).
/// BIP-0341, "Script validation rules": the witness must be non-empty
/// (`WITNESS_PROGRAM_WITNESS_EMPTY`). With two or more items and a last one
/// starting 0x50, that last item is the annex, removed (and committed to by
/// signatures). One item left: a key-path spend, a Schnorr signature by the
/// output key. Otherwise the last item is the control block (33 + 32m bytes,
/// m ≤ 128, else `TAPROOT_WRONG_CONTROL_SIZE`) and the one before the leaf
/// script; the control block's internal key, tweaked by the merkle root of
/// the leaf and the path, must give the output key with the stated parity
/// (`WITNESS_PROGRAM_MISMATCH`). Leaf version 0xc0 runs the script as
/// tapscript on the remaining items, with a signature budget of the
/// witness's serialized size plus 50; other leaf versions succeed (failing
/// under the policy flag `DISCOURAGE_UPGRADABLE_TAPROOT_VERSION`).
/// Core: `VerifyWitnessProgram` (witness v1).
///
/// # Errors
/// Those listed, the Schnorr errors, and whatever the tapscript raises.
pub fn verify_taproot(
    witness: &Witness,
    program: &[u8],
    flags: VerifyFlags,
    checker: &dyn SignatureChecker,
) -> Result<(), ScriptError> {
    let mut items = witness.stack.as_slice();
    if items.is_empty() {
        return Err(ScriptError::WitnessProgramWitnessEmpty);
    }
    let mut execdata = ScriptExecutionData::default();
    match items {
        [.., _, annex] if annex.first() == Some(&ANNEX_TAG) => {
            let mut engine = HashWriter::new();
            write_var_bytes(&mut engine, annex);
            execdata.annex_hash = Some(Some(engine.sha256()));
            items = &items[..items.len() - 1];
        }
        _ => execdata.annex_hash = Some(None),
    }
    let [.., script, control] = items else {
        // One item: the key path.
        return checker.check_schnorr_signature(&items[0], program, SigVersion::Taproot, &execdata);
    };
    let inputs = &items[..items.len() - 2];
    let path_len = control.len().wrapping_sub(TAPROOT_CONTROL_BASE_SIZE);
    if control.len() < TAPROOT_CONTROL_BASE_SIZE
        || control.len() > TAPROOT_CONTROL_MAX_SIZE
        || path_len % TAPROOT_CONTROL_NODE_SIZE != 0
    {
        return Err(ScriptError::TaprootWrongControlSize);
    }
    let leaf_version = control[0] & TAPROOT_LEAF_MASK;
    let tapleaf_hash = compute_tapleaf_hash(leaf_version, script);
    if !verify_taproot_commitment(control, program, &tapleaf_hash) {
        return Err(ScriptError::WitnessProgramMismatch);
    }
    execdata.tapleaf_hash = Some(tapleaf_hash);
    if leaf_version == TAPROOT_LEAF_TAPSCRIPT {
        execdata.validation_weight_left = witness.encoded_len() as i64 + VALIDATION_WEIGHT_OFFSET;
        return execute_witness_script(
            inputs,
            script,
            flags,
            SigVersion::Tapscript,
            checker,
            &mut execdata,
        );
    }
    if flags.contains(VerifyFlags::DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) {
        return Err(ScriptError::DiscourageUpgradableTaprootVersion);
    }
    Ok(())
}

/// The tagged hash `TapLeaf` of the leaf version and the script with its
/// length. Core: `ComputeTapleafHash`.
pub fn compute_tapleaf_hash(leaf_version: u8, script: &[u8]) -> [u8; 32] {
    let mut engine = HashWriter::tagged("TapLeaf");
    engine.put(&[leaf_version]);
    write_compact_size(&mut engine, script.len() as u64);
    engine.put(script);
    engine.sha256()
}

/// The tagged hash `TapBranch` of two nodes, the smaller first.
/// Core: `ComputeTapbranchHash`.
pub fn compute_tapbranch_hash(a: &[u8], b: &[u8]) -> [u8; 32] {
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    let mut engine = HashWriter::tagged("TapBranch");
    engine.put(first);
    engine.put(second);
    engine.sha256()
}

/// Whether the control block proves that `program` commits to the leaf.
///
/// # Consensus
/// Rule `TAPROOT-SPEND` (spec/script.md).
/// BIP-0341: the merkle root is the leaf hash combined with each 32-byte
/// path node in turn ([`compute_tapbranch_hash`]); the tweak is the tagged
/// hash `TapTweak` of the internal key and the root; the output key must be
/// the internal key plus tweak·G, with the parity of the control block's
/// low bit. An internal key that is not a curve point, or a tweak not below
/// the curve order, fails. Core: `VerifyTaprootCommitment`,
/// `XOnlyPubKey::CheckTapTweak`.
pub fn verify_taproot_commitment(control: &[u8], program: &[u8], tapleaf_hash: &[u8; 32]) -> bool {
    let internal_key = &control[1..TAPROOT_CONTROL_BASE_SIZE];
    let mut root = *tapleaf_hash;
    for node in control[TAPROOT_CONTROL_BASE_SIZE..].chunks_exact(TAPROOT_CONTROL_NODE_SIZE) {
        root = compute_tapbranch_hash(&root, node);
    }
    let mut engine = HashWriter::tagged("TapTweak");
    engine.put(internal_key);
    engine.put(&root);
    let tweak = engine.sha256();
    let (Ok(internal), Ok(output), Ok(tweak)) = (
        XOnlyPublicKey::from_slice(internal_key),
        XOnlyPublicKey::from_slice(program),
        Scalar::from_be_bytes(tweak),
    ) else {
        return false;
    };
    let parity = if control[0] & 1 == 1 {
        Parity::Odd
    } else {
        Parity::Even
    };
    internal.tweak_add_check(secp(), &output, parity, tweak)
}

/// Scans a tapscript for `OP_SUCCESSx`: `Ok(true)` if one is present (the
/// script then succeeds without running).
///
/// # Consensus
/// Rule `TAPSCRIPT-RULES` (spec/script.md).
/// BIP-0342, "Specification", item 2: the scan goes before any other rule,
/// including element size limits; a script that fails to parse before its
/// first `OP_SUCCESSx` fails `BAD_OPCODE`. Core: the tapscript part of
/// `ExecuteWitnessScript`.
///
/// # Errors
/// [`ScriptError::BadOpcode`]; [`ScriptError::DiscourageOpSuccess`] under
/// the policy flag `DISCOURAGE_OP_SUCCESS`.
pub fn scan_op_success(script: &[u8], flags: VerifyFlags) -> Result<bool, ScriptError> {
    for instruction in Instructions::new(script) {
        let instruction = instruction.map_err(|_| ScriptError::BadOpcode)?;
        if is_op_success(instruction.opcode) {
            if flags.contains(VerifyFlags::DISCOURAGE_OP_SUCCESS) {
                return Err(ScriptError::DiscourageOpSuccess);
            }
            return Ok(true);
        }
    }
    Ok(false)
}
