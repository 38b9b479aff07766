//! Taproot outputs and their spends for the differential script target:
//! a tweaked output key over a script tree of one leaf plus sibling hashes,
//! key-path and script-path signatures over canon's BIP-0341 sighash.

use canon::primitives::hash::tagged_hash;
use canon::primitives::{Transaction, TxOut};
use canon::script::taproot::{compute_tapbranch_hash, compute_tapleaf_hash};
use canon::script::{ScriptExecutionData, SigVersion};
use canon::sighash::{taproot_sighash, PrecomputedTransactionData};
use secp256k1::{Keypair, Message, Scalar, Secp256k1, SecretKey, XOnlyPublicKey};

/// The key pair of secret scalar `[n; 32]`, n clamped to 1..=0xfe (`[0xff; 32]`
/// is above the curve order).
pub fn keypair(n: u8) -> Keypair {
    let secret =
        SecretKey::from_slice(&[n.clamp(1, 0xfe); 32]).expect("small repeated scalar is valid");
    Keypair::from_secret_key(&Secp256k1::new(), &secret)
}

/// The x-only public key of [`keypair`]`(n)`.
pub fn xonly(n: u8) -> [u8; 32] {
    keypair(n).x_only_public_key().0.serialize()
}

/// A tapscript leaf: (leaf version, script, sibling hashes on its path).
pub type LeafPath<'a> = (u8, &'a [u8], &'a [[u8; 32]]);

/// A taproot output: internal key `n`, optionally a script tree given by a
/// leaf and the sibling hashes on its path to the root.
#[derive(Debug, Clone)]
pub struct TaprootOutput {
    /// The internal key's secret byte.
    pub internal: u8,
    /// The merkle root (absent for a key-path-only output).
    pub root: Option<[u8; 32]>,
    /// The tweaked key pair (output key `Q`).
    pub tweaked: Keypair,
    /// Q's parity (0 or 1).
    pub parity: u8,
}

impl TaprootOutput {
    /// Builds the output; `leaf` is (leaf version, script) with its path.
    pub fn new(internal: u8, leaf: Option<LeafPath<'_>>) -> Self {
        let root = leaf.map(|(version, script, path)| {
            path.iter()
                .fold(compute_tapleaf_hash(version, script), |node, sibling| {
                    compute_tapbranch_hash(&node, sibling)
                })
        });
        let key = xonly(internal);
        let mut data = key.to_vec();
        if let Some(root) = root {
            data.extend_from_slice(&root);
        }
        let tweak = Scalar::from_be_bytes(tagged_hash("TapTweak", &data))
            .expect("a tagged hash is below the curve order (overwhelmingly)");
        let tweaked = keypair(internal)
            .add_xonly_tweak(&Secp256k1::new(), &tweak)
            .expect("tweak does not cancel the key");
        let (_, parity) = XOnlyPublicKey::from_keypair(&tweaked);
        TaprootOutput {
            internal,
            root,
            tweaked,
            parity: parity.to_u8(),
        }
    }

    /// `OP_1 <Q>`.
    pub fn script_pubkey(&self) -> Vec<u8> {
        let mut spk = vec![0x51, 0x20];
        spk.extend_from_slice(&self.tweaked.x_only_public_key().0.serialize());
        spk
    }

    /// The control block for a leaf of `version` with sibling `path`.
    pub fn control_block(&self, version: u8, path: &[[u8; 32]]) -> Vec<u8> {
        let mut control = vec![version | self.parity];
        control.extend_from_slice(&xonly(self.internal));
        for node in path {
            control.extend_from_slice(node);
        }
        control
    }
}

/// A BIP-0340 signature by `keypair` over input 0's BIP-0341 sighash; the
/// hash type byte is appended unless it is 0 (SIGHASH_DEFAULT). `leaf` is
/// the tapleaf hash for a script-path signature. Falls back to a signature
/// over zeros when the sighash is undefined (e.g. SINGLE without output).
pub fn schnorr_sign(
    tx: &Transaction,
    spent: &TxOut,
    keypair: &Keypair,
    hash_type: u8,
    leaf: Option<[u8; 32]>,
    annex: Option<&[u8]>,
) -> Vec<u8> {
    let txdata = PrecomputedTransactionData::new(tx, Some(vec![spent.clone()]));
    let execdata = ScriptExecutionData {
        tapleaf_hash: leaf,
        codeseparator_pos: u32::MAX,
        annex_hash: Some(annex.map(annex_hash)),
        validation_weight_left: 0,
    };
    let version = if leaf.is_some() {
        SigVersion::Tapscript
    } else {
        SigVersion::Taproot
    };
    let digest =
        taproot_sighash(tx, 0, hash_type, version, &txdata, &execdata).unwrap_or([0u8; 32]);
    let sig = Secp256k1::new().sign_schnorr_no_aux_rand(&Message::from_digest(digest), keypair);
    let mut bytes = sig.as_ref().to_vec();
    if hash_type != 0 {
        bytes.push(hash_type);
    }
    bytes
}

/// SHA-256 of the annex with its CompactSize length prefix (BIP-0341).
pub fn annex_hash(annex: &[u8]) -> [u8; 32] {
    let mut data = Vec::new();
    canon::encoding::write_compact_size(&mut data, annex.len() as u64);
    data.extend_from_slice(annex);
    canon::primitives::hash::sha256(&data)
}
