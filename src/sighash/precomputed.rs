//! Hashes shared by every input of a transaction. Core:
//! `PrecomputedTransactionData::Init` in `src/script/interpreter.cpp`.

use crate::encoding::{write_i64, write_u32, write_var_bytes, Encode};
use crate::primitives::hash::{sha256, HashWriter};
use crate::primitives::{Transaction, TxOut};

/// The three BIP-0143 hashes (double SHA-256), used by every witness v0
/// signature that does not exclude them by its hash type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bip143Hashes {
    /// `hashPrevouts`: SHA256d of all outpoints.
    pub hash_prevouts: [u8; 32],
    /// `hashSequence`: SHA256d of all `nSequence` values.
    pub hash_sequence: [u8; 32],
    /// `hashOutputs`: SHA256d of all outputs.
    pub hash_outputs: [u8; 32],
}

/// The BIP-0341 hashes (single SHA-256) of the taproot signature message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bip341Hashes {
    /// `sha_prevouts`.
    pub prevouts: [u8; 32],
    /// `sha_amounts`: of every spent output's value.
    pub spent_amounts: [u8; 32],
    /// `sha_scriptpubkeys`: of every spent output's scriptPubKey.
    pub spent_scripts: [u8; 32],
    /// `sha_sequences`.
    pub sequences: [u8; 32],
    /// `sha_outputs`.
    pub outputs: [u8; 32],
}

/// Hashes computed once per transaction and shared by all its inputs.
/// Core: `PrecomputedTransactionData`.
#[derive(Debug, Clone, Default)]
pub struct PrecomputedTransactionData {
    /// The BIP-0143 hashes, when an input has a witness that may be v0.
    pub bip143: Option<Bip143Hashes>,
    /// The BIP-0341 hashes, when an input spends a taproot output and the
    /// spent outputs are known.
    pub bip341: Option<Bip341Hashes>,
    /// The outputs spent by each input, in input order, when known.
    pub spent_outputs: Option<Vec<TxOut>>,
}

impl PrecomputedTransactionData {
    /// Precomputes for `tx`; `spent_outputs` (one per input) are needed for
    /// taproot signatures.
    ///
    /// As in Core, the BIP-0143 hashes are computed only if some input has a
    /// witness not known to be taproot, and the BIP-0341 hashes only if some
    /// witness input spends a 34-byte `OP_1` output. A `spent_outputs` whose
    /// length differs from the input count is ignored (Core asserts).
    /// [`segwit_v0_sighash`](super::segwit_v0_sighash) computes missing
    /// hashes itself, so the result never depends on this choice.
    ///
    /// Rule `SIGHASH-BIP143-PRECOMPUTE` (spec/sighash.md).
    pub fn new(tx: &Transaction, spent_outputs: Option<Vec<TxOut>>) -> Self {
        let spent_outputs = spent_outputs.filter(|spent| spent.len() == tx.inputs.len());
        let (mut uses_v0, mut uses_taproot) = (false, false);
        for (index, input) in tx.inputs.iter().enumerate() {
            if input.witness.is_empty() {
                continue;
            }
            let spends_taproot = spent_outputs
                .as_ref()
                .is_some_and(|spent| is_taproot_shaped(&spent[index].script_pubkey));
            if spends_taproot {
                uses_taproot = true;
            } else {
                uses_v0 = true;
            }
        }
        let mut data = PrecomputedTransactionData::default();
        if uses_v0 {
            data.bip143 = Some(Bip143Hashes::new(tx));
        }
        if let (true, Some(spent)) = (uses_taproot, &spent_outputs) {
            data.bip341 = Some(Bip341Hashes::new(tx, spent));
        }
        data.spent_outputs = spent_outputs;
        data
    }
}

/// A 34-byte script starting `OP_1`: treated as a taproot spend for
/// precomputation, as Core does (validation sorts out the rest).
fn is_taproot_shaped(script_pubkey: &[u8]) -> bool {
    script_pubkey.len() == 34 && script_pubkey[0] == crate::script::opcodes::OP_1
}

impl Bip143Hashes {
    /// Computes the three hashes for `tx`.
    ///
    /// # Consensus
    /// BIP-0143, "Specification", items 2, 3 and 8: `hashPrevouts` is
    /// SHA256d of every outpoint, `hashSequence` of every `nSequence`,
    /// `hashOutputs` of every serialized output.
    pub fn new(tx: &Transaction) -> Self {
        Bip143Hashes {
            hash_prevouts: sha256(&prevouts_single_hash(tx)),
            hash_sequence: sha256(&sequences_single_hash(tx)),
            hash_outputs: sha256(&outputs_single_hash(tx)),
        }
    }
}

impl Bip341Hashes {
    /// Computes the single-SHA-256 hashes of BIP-0341, "Common signature
    /// message", for `tx` spending `spent`.
    pub fn new(tx: &Transaction, spent: &[TxOut]) -> Self {
        let mut amounts = HashWriter::new();
        let mut scripts = HashWriter::new();
        for output in spent {
            write_i64(&mut amounts, output.value);
            write_var_bytes(&mut scripts, &output.script_pubkey);
        }
        Bip341Hashes {
            prevouts: prevouts_single_hash(tx),
            spent_amounts: amounts.sha256(),
            spent_scripts: scripts.sha256(),
            sequences: sequences_single_hash(tx),
            outputs: outputs_single_hash(tx),
        }
    }
}

/// SHA-256 of every outpoint. Core: `GetPrevoutsSHA256`.
pub(crate) fn prevouts_single_hash(tx: &Transaction) -> [u8; 32] {
    let mut engine = HashWriter::new();
    for input in &tx.inputs {
        input.prevout.encode(&mut engine);
    }
    engine.sha256()
}

/// SHA-256 of every `nSequence`. Core: `GetSequencesSHA256`.
pub(crate) fn sequences_single_hash(tx: &Transaction) -> [u8; 32] {
    let mut engine = HashWriter::new();
    for input in &tx.inputs {
        write_u32(&mut engine, input.sequence);
    }
    engine.sha256()
}

/// SHA-256 of every serialized output. Core: `GetOutputsSHA256`.
pub(crate) fn outputs_single_hash(tx: &Transaction) -> [u8; 32] {
    let mut engine = HashWriter::new();
    for output in &tx.outputs {
        output.encode(&mut engine);
    }
    engine.sha256()
}
