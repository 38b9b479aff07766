//! Signature hashes (API contract stub; being written).

use crate::primitives::{Transaction, TxOut};

/// Hashes computed once per transaction and shared by all its inputs.
/// Core: `PrecomputedTransactionData`.
#[derive(Debug, Clone, Default)]
pub struct PrecomputedTransactionData {}

impl PrecomputedTransactionData {
    /// Precomputes for `tx`; `spent_outputs` (one per input) are needed for taproot.
    pub fn new(_tx: &Transaction, _spent_outputs: Option<Vec<TxOut>>) -> Self {
        PrecomputedTransactionData {}
    }
}

/// The legacy (pre-segwit) signature hash. Core: `SignatureHash`, `SigVersion::BASE`.
pub fn legacy_sighash(
    _script_code: &[u8],
    _tx: &Transaction,
    _input_index: usize,
    _hash_type: i32,
) -> [u8; 32] {
    [0u8; 32]
}
