//! Signature checking against a transaction (API contract stub).

use crate::primitives::Transaction;
use crate::sighash::PrecomputedTransactionData;

/// Which rules a script runs under. Core: `SigVersion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        }
    }
}

impl SignatureChecker for TransactionSignatureChecker<'_> {
    fn check_ecdsa_signature(&self, _: &[u8], _: &[u8], _: &[u8], _: SigVersion) -> bool {
        false
    }
    fn check_lock_time(&self, _: i64) -> bool {
        false
    }
    fn check_sequence(&self, _: i64) -> bool {
        false
    }
}
