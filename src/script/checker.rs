//! What the interpreter asks of the transaction it runs in: signature
//! checks and lock-time checks. Core: `BaseSignatureChecker` and
//! `GenericTransactionSignatureChecker` in `src/script/interpreter.cpp`.

use std::cell::RefCell;

use super::error::ScriptError;
use super::signature::{verify_ecdsa, verify_schnorr};
use crate::primitives::Transaction;
use crate::sighash::{
    legacy_sighash_cached, segwit_v0_sighash_cached, taproot_sighash, PrecomputedTransactionData,
    SigHashCache, SIGHASH_DEFAULT,
};

/// Which rules a script runs under. Core: `SigVersion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigVersion {
    /// Bare scripts and P2SH redeem scripts.
    Base,
    /// Witness v0 (P2WPKH, P2WSH).
    WitnessV0,
    /// Taproot key path.
    Taproot,
    /// Tapscript (leaf version 0xc0).
    Tapscript,
}

/// Lock times below this are block heights, at or above it UNIX times.
/// Core: `LOCKTIME_THRESHOLD`.
pub const LOCKTIME_THRESHOLD: i64 = 500_000_000;
/// `nSequence` bit 31: the input has no relative lock time (BIP-0068).
/// Core: `CTxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG`.
pub const SEQUENCE_LOCKTIME_DISABLE_FLAG: i64 = 1 << 31;
/// `nSequence` bit 22: the relative lock time is in units of 512 seconds.
/// Core: `CTxIn::SEQUENCE_LOCKTIME_TYPE_FLAG`.
pub const SEQUENCE_LOCKTIME_TYPE_FLAG: i64 = 1 << 22;
/// `nSequence` bits 0..16: the relative lock time's value.
/// Core: `CTxIn::SEQUENCE_LOCKTIME_MASK`.
pub const SEQUENCE_LOCKTIME_MASK: i64 = 0x0000_ffff;
/// The `nSequence` that finalizes an input. Core: `CTxIn::SEQUENCE_FINAL`.
pub const SEQUENCE_FINAL: u32 = 0xffff_ffff;

/// Per-execution data a taproot signature commits to (BIP-0341, BIP-0342).
/// Core: `ScriptExecutionData`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptExecutionData {
    /// The tapleaf hash of the executing script (tapscript only).
    pub tapleaf_hash: Option<[u8; 32]>,
    /// The opcode position of the last executed `OP_CODESEPARATOR`
    /// (0xffffffff if none).
    pub codeseparator_pos: u32,
    /// SHA-256 of the annex with its length prefix, if an annex is present;
    /// `None` inside means no annex. The outer `None` means not yet known.
    pub annex_hash: Option<Option<[u8; 32]>>,
    /// The remaining tapscript signature-validation budget (BIP-0342):
    /// the witness size plus 50, less 50 per non-empty signature checked.
    pub validation_weight_left: i64,
}

/// What the interpreter asks of the transaction it runs in.
/// Core: `BaseSignatureChecker`.
pub trait SignatureChecker {
    /// Whether `sig` (DER + hash type byte) by `pubkey` signs the input's
    /// sighash for `script_code`. Core: `CheckECDSASignature`.
    fn check_ecdsa_signature(
        &self,
        sig: &[u8],
        pubkey: &[u8],
        script_code: &[u8],
        sig_version: SigVersion,
    ) -> bool;

    /// Checks a BIP-0340 signature (64 bytes, or 65 with a hash type) by the
    /// x-only `pubkey` over the input's BIP-0341 sighash. The default, like
    /// Core's base checker, accepts nothing. Core: `CheckSchnorrSignature`.
    ///
    /// # Errors
    /// [`ScriptError::SchnorrSigSize`], [`ScriptError::SchnorrSigHashtype`],
    /// [`ScriptError::SchnorrSig`].
    fn check_schnorr_signature(
        &self,
        sig: &[u8],
        pubkey: &[u8],
        sig_version: SigVersion,
        execdata: &ScriptExecutionData,
    ) -> Result<(), ScriptError> {
        let _ = (sig, pubkey, sig_version, execdata);
        Err(ScriptError::SchnorrSig)
    }

    /// Whether the transaction's lock time satisfies `lock_time` (BIP-0065).
    fn check_lock_time(&self, lock_time: i64) -> bool;

    /// Whether the input's sequence satisfies `sequence` (BIP-0112).
    fn check_sequence(&self, sequence: i64) -> bool;
}

/// Checks signatures against input `input_index` of `tx`.
/// Core: `GenericTransactionSignatureChecker`.
pub struct TransactionSignatureChecker<'a> {
    /// The spending transaction.
    pub tx: &'a Transaction,
    /// The input being verified.
    pub input_index: usize,
    /// The value of the output it spends.
    pub amount: i64,
    /// Hashes shared by every input of `tx`.
    pub txdata: &'a PrecomputedTransactionData,
    /// Sighash midstates of this input. Core: `m_sighash_cache`.
    cache: RefCell<SigHashCache>,
}

impl<'a> TransactionSignatureChecker<'a> {
    /// A checker for one input.
    pub fn new(
        tx: &'a Transaction,
        input_index: usize,
        amount: i64,
        txdata: &'a PrecomputedTransactionData,
    ) -> Self {
        TransactionSignatureChecker {
            tx,
            input_index,
            amount,
            txdata,
            cache: RefCell::new(SigHashCache::new()),
        }
    }
}

impl SignatureChecker for TransactionSignatureChecker<'_> {
    /// # Consensus
    /// The key must have a valid size for its prefix (checked before any
    /// hashing, as Core does); the signature's last byte is the hash type,
    /// the rest DER; the sighash is the legacy one for [`SigVersion::Base`]
    /// and BIP-0143's for [`SigVersion::WitnessV0`] (which fails if the
    /// amount is unknown, i.e. negative). Core:
    /// `GenericTransactionSignatureChecker::CheckECDSASignature`.
    fn check_ecdsa_signature(
        &self,
        sig: &[u8],
        pubkey: &[u8],
        script_code: &[u8],
        sig_version: SigVersion,
    ) -> bool {
        let Some((&hash_type, der)) = sig.split_last() else {
            return false;
        };
        if !has_valid_pubkey_size(pubkey) || self.input_index >= self.tx.inputs.len() {
            return false;
        }
        let hash_type = i32::from(hash_type);
        let mut cache = self.cache.borrow_mut();
        let sighash = match sig_version {
            SigVersion::Base => legacy_sighash_cached(
                script_code,
                self.tx,
                self.input_index,
                hash_type,
                Some(&mut cache),
            ),
            SigVersion::WitnessV0 if self.amount >= 0 => segwit_v0_sighash_cached(
                script_code,
                self.tx,
                self.input_index,
                self.amount,
                hash_type,
                self.txdata,
                Some(&mut cache),
            ),
            SigVersion::WitnessV0 | SigVersion::Taproot | SigVersion::Tapscript => return false,
        };
        verify_ecdsa(pubkey, der, &sighash)
    }

    /// # Consensus
    /// BIP-0341/BIP-0342: the signature is 64 bytes (hash type DEFAULT) or
    /// 65 with an explicit hash type that is not 0x00; the BIP-0341 sighash
    /// must be computable for that hash type; the BIP-0340 signature must
    /// verify against the x-only key. Core:
    /// `GenericTransactionSignatureChecker::CheckSchnorrSignature`.
    fn check_schnorr_signature(
        &self,
        sig: &[u8],
        pubkey: &[u8],
        sig_version: SigVersion,
        execdata: &ScriptExecutionData,
    ) -> Result<(), ScriptError> {
        let (sig, hash_type) = match sig.len() {
            64 => (sig, SIGHASH_DEFAULT),
            65 if sig[64] == SIGHASH_DEFAULT => return Err(ScriptError::SchnorrSigHashtype),
            65 => (&sig[..64], sig[64]),
            _ => return Err(ScriptError::SchnorrSigSize),
        };
        let sighash = taproot_sighash(
            self.tx,
            self.input_index,
            hash_type,
            sig_version,
            self.txdata,
            execdata,
        )
        .ok_or(ScriptError::SchnorrSigHashtype)?;
        if verify_schnorr(pubkey, sig, &sighash) {
            Ok(())
        } else {
            Err(ScriptError::SchnorrSig)
        }
    }

    /// # Consensus
    /// BIP-0065: the operand and the transaction's lock time must be of the
    /// same kind (both heights or both times), the operand at most the lock
    /// time, and the input not final (else the lock time is not enforced).
    /// Core: `GenericTransactionSignatureChecker::CheckLockTime`.
    fn check_lock_time(&self, lock_time: i64) -> bool {
        let Some(input) = self.tx.inputs.get(self.input_index) else {
            return false;
        };
        let tx_lock_time = i64::from(self.tx.lock_time);
        let same_kind = (tx_lock_time < LOCKTIME_THRESHOLD) == (lock_time < LOCKTIME_THRESHOLD);
        same_kind && lock_time <= tx_lock_time && input.sequence != SEQUENCE_FINAL
    }

    /// # Consensus
    /// BIP-0112: the transaction's version must be at least 2, the input's
    /// sequence must not have the disable flag, and, keeping only the type
    /// flag and the 16-bit value, operand and sequence must be of the same
    /// type with the operand at most the sequence. Core:
    /// `GenericTransactionSignatureChecker::CheckSequence`.
    fn check_sequence(&self, sequence: i64) -> bool {
        let Some(input) = self.tx.inputs.get(self.input_index) else {
            return false;
        };
        let tx_sequence = i64::from(input.sequence);
        if self.tx.version < 2 || tx_sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG != 0 {
            return false;
        }
        let mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
        let (tx_masked, masked) = (tx_sequence & mask, sequence & mask);
        let same_type =
            (tx_masked < SEQUENCE_LOCKTIME_TYPE_FLAG) == (masked < SEQUENCE_LOCKTIME_TYPE_FLAG);
        same_type && masked <= tx_masked
    }
}

/// Whether a key has the length its prefix calls for. Core: `CPubKey::IsValid`.
fn has_valid_pubkey_size(pubkey: &[u8]) -> bool {
    match pubkey.first() {
        Some(0x02 | 0x03) => pubkey.len() == 33,
        Some(0x04 | 0x06 | 0x07) => pubkey.len() == 65,
        _ => false,
    }
}
