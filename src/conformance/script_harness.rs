//! The transactions and taproot outputs Core's script harness builds around
//! a script pair: a crediting transaction that creates the output, a
//! spending transaction that spends it, and a one-leaf taproot tree for
//! tapscript vectors.
//!
//! Core: `BuildCreditingTransaction`, `BuildSpendingTransaction`
//! (src/test/util/transaction_utils.cpp); `TaprootBuilder`
//! (src/script/signingprovider.cpp) as `script_json_test` uses it.

use crate::encoding::write_compact_size;
use crate::primitives::hash::tagged_hash;
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Witness};
use secp256k1::{Parity, Scalar, Secp256k1, XOnlyPublicKey};

/// `nSequence` of a final input. Core: `CTxIn::SEQUENCE_FINAL`.
const SEQUENCE_FINAL: u32 = 0xffff_ffff;

/// The tapscript leaf version (BIP-0342). Core: `TAPROOT_LEAF_TAPSCRIPT`.
pub const TAPROOT_LEAF_TAPSCRIPT: u8 = 0xc0;

/// The internal key `script_json_test` builds its taproot outputs on: the
/// x-only form of the public key of secret key 1 (`keys.key0`), i.e. the
/// x coordinate of the generator G.
pub const SCRIPT_TEST_INTERNAL_KEY: [u8; 32] = [
    0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b, 0x07,
    0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98,
];

/// A version-1 transaction with one input spending the null outpoint (its
/// scriptSig two `OP_0` pushes) and one output of `value` locked by
/// `script_pubkey`. Core: `BuildCreditingTransaction`.
pub fn crediting_transaction(script_pubkey: &[u8], value: i64) -> Transaction {
    Transaction {
        version: 1,
        inputs: vec![TxIn {
            prevout: OutPoint::NULL,
            script_sig: vec![0x00, 0x00],
            sequence: SEQUENCE_FINAL,
            witness: Witness::default(),
        }],
        outputs: vec![TxOut {
            value,
            script_pubkey: script_pubkey.to_vec(),
        }],
        lock_time: 0,
    }
}

/// A version-1 transaction spending output 0 of `credit` with `script_sig`
/// and `witness`, paying its whole value to an empty script. Core:
/// `BuildSpendingTransaction`.
pub fn spending_transaction(
    script_sig: &[u8],
    witness: Witness,
    credit: &Transaction,
) -> Transaction {
    Transaction {
        version: 1,
        inputs: vec![TxIn {
            prevout: OutPoint {
                txid: credit.txid(),
                vout: 0,
            },
            script_sig: script_sig.to_vec(),
            sequence: SEQUENCE_FINAL,
            witness,
        }],
        outputs: vec![TxOut {
            value: credit.outputs[0].value,
            script_pubkey: Vec::new(),
        }],
        lock_time: 0,
    }
}

/// A taproot output whose script tree is one tapscript leaf at depth 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleLeafTaproot {
    /// The tweaked x-only output key (BIP-0341 `Q`).
    pub output_key: [u8; 32],
    /// The control block spending the leaf: leaf version with the output
    /// key's parity in bit 0, then the internal key; no merkle path.
    pub control_block: Vec<u8>,
}

impl SingleLeafTaproot {
    /// Builds the tree `{script}` over `internal_key`. Core: `TaprootBuilder`
    /// with `Add(0, script, TAPROOT_LEAF_TAPSCRIPT)` and `Finalize`.
    ///
    /// The merkle root of a one-leaf tree is the leaf hash
    /// `TapLeaf(0xc0 || CompactSize(len) || script)`, and the output key is
    /// `P + TapTweak(P || root)·G` (BIP-0341, "Constructing and spending
    /// Taproot outputs").
    ///
    /// # Errors
    /// An internal key that is not on the curve, or (with negligible
    /// probability) a tweak that is out of range or cancels the key.
    pub fn new(script: &[u8], internal_key: &[u8; 32]) -> Result<Self, String> {
        let mut leaf = vec![TAPROOT_LEAF_TAPSCRIPT];
        write_compact_size(&mut leaf, script.len() as u64);
        leaf.extend_from_slice(script);
        let leaf_hash = tagged_hash("TapLeaf", &leaf);

        let mut tweak_data = internal_key.to_vec();
        tweak_data.extend_from_slice(&leaf_hash);
        let tweak = Scalar::from_be_bytes(tagged_hash("TapTweak", &tweak_data))
            .map_err(|_| "taproot tweak out of range".to_string())?;

        let secp = Secp256k1::verification_only();
        let internal = XOnlyPublicKey::from_slice(internal_key)
            .map_err(|e| format!("internal key is not a valid x-only key: {e}"))?;
        let (output, parity) = internal
            .add_tweak(&secp, &tweak)
            .map_err(|e| format!("taproot tweak failed: {e}"))?;

        let parity_bit = match parity {
            Parity::Even => 0,
            Parity::Odd => 1,
        };
        let mut control_block = vec![TAPROOT_LEAF_TAPSCRIPT | parity_bit];
        control_block.extend_from_slice(internal_key);
        Ok(SingleLeafTaproot {
            output_key: output.serialize(),
            control_block,
        })
    }

    /// The output script: `OP_1` and a 32-byte push of the output key.
    pub fn script_pubkey(&self) -> Vec<u8> {
        let mut script = vec![0x51, 0x20];
        script.extend_from_slice(&self.output_key);
        script
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_key_is_the_generator() {
        let secp = Secp256k1::new();
        let one = secp256k1::SecretKey::from_slice(&[[0u8; 31].as_slice(), &[1]].concat()).unwrap();
        let (x_only, _) = secp256k1::PublicKey::from_secret_key(&secp, &one).x_only_public_key();
        assert_eq!(x_only.serialize(), SCRIPT_TEST_INTERNAL_KEY);
    }

    #[test]
    fn spending_pair_links_up() {
        let credit = crediting_transaction(&[0x51], 7);
        let spend = spending_transaction(&[], Witness::default(), &credit);
        assert_eq!(spend.inputs[0].prevout.txid, credit.txid());
        assert_eq!(spend.outputs[0].value, 7);
        assert_eq!(hex::encode(credit.inputs[0].script_sig.clone()), "0000");
    }

    #[test]
    fn taproot_matches_rust_bitcoin() {
        use bitcoin::key::XOnlyPublicKey as BtcKey;
        use bitcoin::taproot::{LeafVersion, TaprootBuilder};
        let script = [0x51u8, 0x87];
        let ours = SingleLeafTaproot::new(&script, &SCRIPT_TEST_INTERNAL_KEY).unwrap();
        let secp = bitcoin::secp256k1::Secp256k1::new();
        let internal = BtcKey::from_slice(&SCRIPT_TEST_INTERNAL_KEY).unwrap();
        let leaf = bitcoin::ScriptBuf::from_bytes(script.to_vec());
        let spend = TaprootBuilder::new()
            .add_leaf(0, leaf.clone())
            .unwrap()
            .finalize(&secp, internal)
            .unwrap();
        assert_eq!(
            ours.output_key,
            spend.output_key().to_x_only_public_key().serialize()
        );
        let control = spend
            .control_block(&(leaf, LeafVersion::TapScript))
            .unwrap();
        assert_eq!(ours.control_block, control.serialize());
    }
}
