//! Transactions, their inputs and outputs, and both of their serializations.
//!
//! Core: `src/primitives/transaction.h` (`CTransaction`, `CTxIn`, `CTxOut`,
//! `COutPoint`, `UnserializeTransaction`, `SerializeTransaction`).

use crate::encoding::{
    write_compact_size, write_i64, write_u32, write_var_bytes, write_vec, Decode, DecodeError,
    Encode, Reader, SizeCounter, Writer,
};
use crate::primitives::hash::{HashWriter, Txid, Wtxid};

/// Weight units per byte of non-witness data (BIP-0141). Core: `WITNESS_SCALE_FACTOR`.
pub const WITNESS_SCALE_FACTOR: usize = 4;

/// The smallest encoded input: outpoint (36), empty script (1), sequence (4).
const MIN_TXIN_LEN: usize = 41;
/// The smallest encoded output: value (8), empty script (1).
const MIN_TXOUT_LEN: usize = 9;

/// A reference to one output of an earlier transaction. Core: `COutPoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutPoint {
    /// The transaction that created the output.
    pub txid: Txid,
    /// The output's position in that transaction.
    pub vout: u32,
}

impl OutPoint {
    /// The outpoint a coinbase input carries: zero txid, index 0xffffffff.
    pub const NULL: OutPoint = OutPoint {
        txid: Txid::ZERO,
        vout: u32::MAX,
    };

    /// Whether this is the coinbase's null outpoint. Core: `COutPoint::IsNull`.
    pub fn is_null(&self) -> bool {
        *self == OutPoint::NULL
    }
}

impl Encode for OutPoint {
    fn encode<W: Writer>(&self, w: &mut W) {
        w.put(&self.txid.0);
        write_u32(w, self.vout);
    }
}

impl Decode for OutPoint {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(OutPoint {
            txid: Txid(r.read_array("outpoint txid")?),
            vout: r.read_u32("outpoint index")?,
        })
    }
}

/// The witness stack of one input (BIP-0141). Core: `CScriptWitness`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Witness {
    /// The stack items, bottom first, as serialized.
    pub stack: Vec<Vec<u8>>,
}

impl Witness {
    /// Whether the stack has no items. Core: `CScriptWitness::IsNull`.
    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }
}

impl Encode for Witness {
    fn encode<W: Writer>(&self, w: &mut W) {
        write_compact_size(w, self.stack.len() as u64);
        for item in &self.stack {
            write_var_bytes(w, item);
        }
    }
}

impl Decode for Witness {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let stack = r.read_vec(1, "witness stack", |r| {
            Ok(r.read_var_bytes("witness item")?.to_vec())
        })?;
        Ok(Witness { stack })
    }
}

/// A transaction input. Core: `CTxIn` (the witness is kept here, as Core does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxIn {
    /// The output being spent.
    pub prevout: OutPoint,
    /// The unlocking script, raw bytes as sent.
    pub script_sig: Vec<u8>,
    /// `nSequence` (BIP-0068 relative lock-time, BIP-0125 signalling).
    pub sequence: u32,
    /// The witness stack; serialized apart from the input, after all outputs.
    pub witness: Witness,
}

impl TxIn {
    /// Reads the non-witness part of an input; the witness comes later.
    fn decode_without_witness(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(TxIn {
            prevout: OutPoint::decode(r)?,
            script_sig: r.read_var_bytes("scriptSig")?.to_vec(),
            sequence: r.read_u32("sequence")?,
            witness: Witness::default(),
        })
    }
}

/// Encodes the non-witness part of an input.
impl Encode for TxIn {
    fn encode<W: Writer>(&self, w: &mut W) {
        self.prevout.encode(w);
        write_var_bytes(w, &self.script_sig);
        write_u32(w, self.sequence);
    }
}

/// A transaction output. Core: `CTxOut`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxOut {
    /// The value in satoshis, as the signed 64-bit integer on the wire; the
    /// transaction checks judge negative and oversized values.
    pub value: i64,
    /// The locking script, raw bytes as sent.
    pub script_pubkey: Vec<u8>,
}

impl Encode for TxOut {
    fn encode<W: Writer>(&self, w: &mut W) {
        write_i64(w, self.value);
        write_var_bytes(w, &self.script_pubkey);
    }
}

impl Decode for TxOut {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(TxOut {
            value: r.read_i64("output value")?,
            script_pubkey: r.read_var_bytes("scriptPubKey")?.to_vec(),
        })
    }
}

/// A transaction. Core: `CMutableTransaction` / `CTransaction`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// `version`: unsigned since Core 28 (BIP-0068 applies from 2).
    pub version: u32,
    /// The inputs, each with its witness.
    pub inputs: Vec<TxIn>,
    /// The outputs.
    pub outputs: Vec<TxOut>,
    /// `nLockTime`.
    pub lock_time: u32,
}

impl Transaction {
    /// Whether any input has a non-empty witness. Core: `HasWitness`.
    pub fn has_witness(&self) -> bool {
        self.inputs.iter().any(|input| !input.witness.is_empty())
    }

    /// Whether this is a coinbase: exactly one input, spending the null
    /// outpoint. Core: `CTransaction::IsCoinBase`.
    pub fn is_coinbase(&self) -> bool {
        self.inputs.len() == 1 && self.inputs[0].prevout.is_null()
    }

    /// Writes the serialization without witness data (the txid preimage).
    pub fn encode_without_witness<W: Writer>(&self, w: &mut W) {
        write_u32(w, self.version);
        write_vec(w, &self.inputs);
        write_vec(w, &self.outputs);
        write_u32(w, self.lock_time);
    }

    /// Writes the BIP-0144 serialization: marker 0x00, flag 0x01, inputs,
    /// outputs, one witness stack per input, lock time.
    fn encode_with_witness<W: Writer>(&self, w: &mut W) {
        write_u32(w, self.version);
        w.put(&[0x00, 0x01]);
        write_vec(w, &self.inputs);
        write_vec(w, &self.outputs);
        for input in &self.inputs {
            input.witness.encode(w);
        }
        write_u32(w, self.lock_time);
    }

    /// The serialization without witness data.
    pub fn to_bytes_without_witness(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_without_witness(&mut out);
        out
    }

    /// The transaction id: double SHA-256 of the serialization without witness.
    /// Core: `CTransaction::ComputeHash`.
    pub fn txid(&self) -> Txid {
        let mut engine = HashWriter::new();
        self.encode_without_witness(&mut engine);
        Txid(engine.sha256d())
    }

    /// The witness txid (BIP-0141): double SHA-256 of the full serialization.
    /// Core: `CTransaction::ComputeWitnessHash`.
    pub fn wtxid(&self) -> Wtxid {
        let mut engine = HashWriter::new();
        self.encode(&mut engine);
        Wtxid(engine.sha256d())
    }

    /// Size in bytes without witness data ("stripped size").
    pub fn stripped_size(&self) -> usize {
        let mut counter = SizeCounter::default();
        self.encode_without_witness(&mut counter);
        counter.0
    }

    /// Size in bytes of the full serialization.
    pub fn total_size(&self) -> usize {
        self.encoded_len()
    }

    /// Weight (BIP-0141): stripped size × 3 + total size.
    /// Core: `GetTransactionWeight`.
    pub fn weight(&self) -> usize {
        self.stripped_size() * (WITNESS_SCALE_FACTOR - 1) + self.total_size()
    }

    /// Virtual size: weight / 4, rounded up. Core: `GetVirtualTransactionSize`
    /// (without the policy's sigop adjustment).
    pub fn vsize(&self) -> usize {
        self.weight().div_ceil(WITNESS_SCALE_FACTOR)
    }
}

/// Encodes with witness data when any input has some, as Core's
/// `SerializeTransaction` does; otherwise in the legacy format.
impl Encode for Transaction {
    fn encode<W: Writer>(&self, w: &mut W) {
        if self.has_witness() {
            self.encode_with_witness(w);
        } else {
            self.encode_without_witness(w);
        }
    }
}

/// Decodes either serialization exactly as Core's `UnserializeTransaction`
/// does with witness data allowed.
///
/// # Consensus
/// An empty input vector is the BIP-0144 marker; the byte after it is the
/// flag. Flag 0 means the transaction really has no inputs and no outputs are
/// read. Flag bit 0x01 means one witness stack per input follows the outputs,
/// and at least one must be non-empty (`ENC-TX-SUPERFLUOUS-WITNESS`). Any
/// other flag bit is an error (`ENC-TX-UNKNOWN-FLAG`).
///
/// # Errors
/// [`DecodeError::SuperfluousWitnessRecord`], [`DecodeError::UnknownOptionalData`],
/// and the reader's errors.
impl Decode for Transaction {
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let version = r.read_u32("tx version")?;
        let mut inputs = r.read_vec(MIN_TXIN_LEN, "tx inputs", TxIn::decode_without_witness)?;
        let mut flags = 0u8;
        let mut outputs = Vec::new();
        if inputs.is_empty() {
            // Either the BIP-0144 marker or a transaction with no inputs.
            flags = r.read_u8("witness flag")?;
            if flags != 0 {
                inputs = r.read_vec(MIN_TXIN_LEN, "tx inputs", TxIn::decode_without_witness)?;
                outputs = r.read_vec(MIN_TXOUT_LEN, "tx outputs", TxOut::decode)?;
            }
        } else {
            outputs = r.read_vec(MIN_TXOUT_LEN, "tx outputs", TxOut::decode)?;
        }
        if flags & 1 != 0 {
            flags ^= 1;
            for input in &mut inputs {
                input.witness = Witness::decode(r)?;
            }
            if !inputs.iter().any(|input| !input.witness.is_empty()) {
                return Err(DecodeError::SuperfluousWitnessRecord);
            }
        }
        if flags != 0 {
            return Err(DecodeError::UnknownOptionalData { flags });
        }
        let lock_time = r.read_u32("lock time")?;
        Ok(Transaction {
            version,
            inputs,
            outputs,
            lock_time,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The only transaction in mainnet block 1: its coinbase.
    const BLOCK1_COINBASE: &str = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff0704ffff001d0104ffffffff0100f2052a0100000043410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac00000000";

    #[test]
    fn block1_coinbase_txid() {
        let tx = Transaction::from_bytes(&hex::decode(BLOCK1_COINBASE).unwrap()).unwrap();
        assert!(tx.is_coinbase());
        assert_eq!(
            tx.txid().to_string(),
            "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098"
        );
        assert_eq!(tx.wtxid().0, tx.txid().0);
        assert_eq!(tx.weight(), 4 * tx.total_size());
    }

    #[test]
    fn flag_zero_means_no_inputs_and_no_outputs() {
        // version, empty vin, flag 0x00, lock time: Core reads this as a
        // transaction with neither inputs nor outputs.
        let bytes = hex::decode("01000000000000000000").unwrap();
        let tx = Transaction::from_bytes(&bytes).unwrap();
        assert!(tx.inputs.is_empty() && tx.outputs.is_empty());
        assert_eq!(tx.to_bytes(), bytes);
    }

    #[test]
    fn witness_flag_errors() {
        // marker, flag 1, one input with an empty witness: superfluous.
        let mut bytes = hex::decode("010000000001").unwrap();
        bytes.extend(hex::decode("01").unwrap());
        bytes.extend([0u8; 36]);
        bytes.extend(hex::decode("00ffffffff").unwrap());
        bytes.extend(hex::decode("00").unwrap()); // no outputs
        let mut superfluous = bytes.clone();
        superfluous.extend(hex::decode("0000000000").unwrap());
        assert_eq!(
            Transaction::from_bytes(&superfluous),
            Err(DecodeError::SuperfluousWitnessRecord)
        );
        let mut unknown = bytes.clone();
        unknown[5] = 0x02;
        unknown.extend(hex::decode("00000000").unwrap());
        assert_eq!(
            Transaction::from_bytes(&unknown),
            Err(DecodeError::UnknownOptionalData { flags: 0x02 })
        );
    }
}
