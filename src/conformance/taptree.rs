//! Building taproot outputs and their spends, the way a wallet does: script
//! trees, output keys, control blocks, key-path and script-path signatures.
//!
//! Used by the BIP-0341 wallet-vector runner, the taproot corpus generator,
//! differential tests and benchmarks; canon's rules never call it. The leaf
//! and branch hashes are canon's own ([`compute_tapleaf_hash`],
//! [`compute_tapbranch_hash`]), so building and verifying share them; the
//! vectors that check them independently are BIP-0341's.
//!
//! Core: `TaprootBuilder` (src/script/signingprovider.cpp),
//! `XOnlyPubKey::ComputeTapTweakHash`, `CKey::SignSchnorr`.

use secp256k1::{Keypair, Message, Parity, Scalar, Secp256k1, SecretKey, XOnlyPublicKey};

use crate::encoding::write_var_bytes;
use crate::primitives::hash::{tagged_hash, HashWriter};
use crate::primitives::{Transaction, TxOut};
use crate::script::taproot::{
    compute_tapbranch_hash, compute_tapleaf_hash, TAPROOT_LEAF_TAPSCRIPT,
};
use crate::script::{ScriptExecutionData, SigVersion};
use crate::sighash::{taproot_sighash, Bip341Hashes, PrecomputedTransactionData};

/// A node of a taproot script tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TapNode {
    /// A script with its leaf version.
    Leaf {
        /// The leaf version (even; 0xc0 is tapscript).
        version: u8,
        /// The script.
        script: Vec<u8>,
    },
    /// Two subtrees.
    Branch(Box<TapNode>, Box<TapNode>),
    /// A subtree known only by its hash (its leaves are not spent here).
    Hidden([u8; 32]),
}

impl TapNode {
    /// A tapscript leaf (version 0xc0).
    pub fn tapscript(script: Vec<u8>) -> TapNode {
        TapNode::Leaf {
            version: TAPROOT_LEAF_TAPSCRIPT,
            script,
        }
    }

    /// The branch of two subtrees.
    pub fn branch(left: TapNode, right: TapNode) -> TapNode {
        TapNode::Branch(Box::new(left), Box::new(right))
    }

    /// `self` pushed down below `hidden.len()` levels of branches, each with
    /// a hidden sibling: every leaf of `self` gets that much deeper.
    pub fn under(self, hidden: &[[u8; 32]]) -> TapNode {
        hidden.iter().fold(self, |node, sibling| {
            TapNode::branch(node, TapNode::Hidden(*sibling))
        })
    }

    /// The node's hash: `TapLeaf` of a leaf, `TapBranch` of a branch.
    pub fn hash(&self) -> [u8; 32] {
        match self {
            TapNode::Leaf { version, script } => compute_tapleaf_hash(*version, script),
            TapNode::Branch(left, right) => compute_tapbranch_hash(&left.hash(), &right.hash()),
            TapNode::Hidden(hash) => *hash,
        }
    }

    /// The merkle path of the first leaf with this version and script: the
    /// sibling hashes from the leaf up to the root.
    pub fn path_to(&self, version: u8, script: &[u8]) -> Option<Vec<[u8; 32]>> {
        match self {
            TapNode::Leaf {
                version: v,
                script: s,
            } if *v == version && s == script => Some(Vec::new()),
            TapNode::Leaf { .. } | TapNode::Hidden(_) => None,
            TapNode::Branch(left, right) => {
                if let Some(mut path) = left.path_to(version, script) {
                    path.push(right.hash());
                    Some(path)
                } else {
                    let mut path = right.path_to(version, script)?;
                    path.push(left.hash());
                    Some(path)
                }
            }
        }
    }
}

/// The hidden sibling hashes `count` levels deep: fixed, distinct values.
pub fn hidden_nodes(label: &str, count: usize) -> Vec<[u8; 32]> {
    (0..count)
        .map(|i| tagged_hash("canon/hidden", format!("{label}/{i}").as_bytes()))
        .collect()
}

/// `TapTweak(P || root)`, or `TapTweak(P)` for an output without scripts.
/// Core: `XOnlyPubKey::ComputeTapTweakHash`.
pub fn tap_tweak(internal_key: &[u8; 32], merkle_root: Option<&[u8; 32]>) -> [u8; 32] {
    let mut data = internal_key.to_vec();
    if let Some(root) = merkle_root {
        data.extend_from_slice(root);
    }
    tagged_hash("TapTweak", &data)
}

/// A taproot output: internal key, script tree root, and the tweaked key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaprootOutput {
    /// The internal x-only key `P`.
    pub internal_key: [u8; 32],
    /// The merkle root of the script tree, if it has one.
    pub merkle_root: Option<[u8; 32]>,
    /// `TapTweak(P || root)`.
    pub tweak: [u8; 32],
    /// The output key `Q = P + tweak·G`, x-only.
    pub output_key: [u8; 32],
    /// The parity of `Q`'s y coordinate (0 even, 1 odd).
    pub parity: u8,
}

impl TaprootOutput {
    /// Tweaks `internal_key` by the root (BIP-0341, "Constructing and
    /// spending Taproot outputs").
    ///
    /// # Errors
    /// An internal key that is not a curve point, or a tweak that is not a
    /// scalar (negligibly likely).
    pub fn new(internal_key: &[u8; 32], merkle_root: Option<[u8; 32]>) -> Result<Self, String> {
        let tweak = tap_tweak(internal_key, merkle_root.as_ref());
        let internal = XOnlyPublicKey::from_slice(internal_key)
            .map_err(|e| format!("internal key is not a curve point: {e}"))?;
        let scalar = Scalar::from_be_bytes(tweak).map_err(|_| "tweak out of range".to_string())?;
        let (output, parity) = internal
            .add_tweak(&Secp256k1::verification_only(), &scalar)
            .map_err(|e| format!("tweak failed: {e}"))?;
        Ok(TaprootOutput {
            internal_key: *internal_key,
            merkle_root,
            tweak,
            output_key: output.serialize(),
            parity: u8::from(parity == Parity::Odd),
        })
    }

    /// The output of a tree over the internal key of `secret`.
    pub fn for_tree(secret: &SecretKey, tree: Option<&TapNode>) -> TaprootOutput {
        TaprootOutput::new(&x_only(secret), tree.map(TapNode::hash))
            .expect("a secret key's public key is a curve point")
    }

    /// `OP_1 <Q>`.
    pub fn script_pubkey(&self) -> Vec<u8> {
        let mut script = vec![0x51, 0x20];
        script.extend_from_slice(&self.output_key);
        script
    }

    /// The control block of a leaf of `version` with merkle path `path`:
    /// the version with `Q`'s parity in bit 0, `P`, then the path.
    pub fn control_block(&self, version: u8, path: &[[u8; 32]]) -> Vec<u8> {
        let mut control = vec![version | self.parity];
        control.extend_from_slice(&self.internal_key);
        path.iter().for_each(|node| control.extend_from_slice(node));
        control
    }

    /// The control block spending a leaf of `tree`.
    ///
    /// # Panics
    /// If the leaf is not in the tree (a generator bug).
    pub fn control_block_for(&self, tree: &TapNode, version: u8, script: &[u8]) -> Vec<u8> {
        let path = tree
            .path_to(version, script)
            .expect("the spent leaf is in the tree");
        self.control_block(version, &path)
    }
}

/// The x-only public key of `secret`.
pub fn x_only(secret: &SecretKey) -> [u8; 32] {
    secret
        .x_only_public_key(&Secp256k1::signing_only())
        .0
        .serialize()
}

/// The key pair that signs for the output key of `secret`'s internal key
/// tweaked by `merkle_root` (negated as BIP-0341 requires).
/// Core: `CKey::SignSchnorr` with a merkle root.
pub fn tweaked_keypair(secret: &SecretKey, merkle_root: Option<&[u8; 32]>) -> Keypair {
    let secp = Secp256k1::new();
    let keypair = Keypair::from_secret_key(&secp, secret);
    let tweak = tap_tweak(&x_only(secret), merkle_root);
    let scalar = Scalar::from_be_bytes(tweak).expect("a tagged hash is below the order");
    keypair
        .add_xonly_tweak(&secp, &scalar)
        .expect("the tweaked key is not zero")
}

/// A BIP-0340 signature of `digest` by `keypair`, with aux randomness `aux`
/// (libsecp256k1's `secp256k1_schnorrsig_sign32`).
pub fn sign_schnorr(keypair: &Keypair, digest: &[u8; 32], aux: &[u8; 32]) -> [u8; 64] {
    Secp256k1::signing_only()
        .sign_schnorr_with_aux_rand(&Message::from_digest(*digest), keypair, aux)
        .serialize()
}

/// SHA-256 of the annex with its CompactSize length, as a signature commits
/// to it (BIP-0341, "Common signature message").
pub fn annex_hash(annex: &[u8]) -> [u8; 32] {
    let mut engine = HashWriter::new();
    write_var_bytes(&mut engine, annex);
    engine.sha256()
}

/// What a taproot signature commits to beyond the transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SigContext {
    /// The tapleaf hash, for a script-path signature; `None` for the key path.
    pub leaf_hash: Option<[u8; 32]>,
    /// The opcode position of the last executed `OP_CODESEPARATOR`, if any.
    pub codeseparator_pos: Option<u32>,
    /// The annex, if the witness has one.
    pub annex: Option<Vec<u8>>,
}

/// The BIP-0341 signature hash of input `index` of `tx` spending `prevouts`.
///
/// # Panics
/// If the sighash cannot be computed (an undefined hash type, SINGLE
/// without its output): a caller wanting such a signature makes it by hand.
pub fn taproot_digest(
    tx: &Transaction,
    prevouts: &[TxOut],
    index: usize,
    hash_type: u8,
    context: &SigContext,
) -> [u8; 32] {
    let txdata = PrecomputedTransactionData {
        bip143: None,
        bip341: Some(Bip341Hashes::new(tx, prevouts)),
        spent_outputs: Some(prevouts.to_vec()),
    };
    let execdata = ScriptExecutionData {
        tapleaf_hash: context.leaf_hash,
        codeseparator_pos: context.codeseparator_pos.unwrap_or(u32::MAX),
        annex_hash: Some(context.annex.as_deref().map(annex_hash)),
        validation_weight_left: 0,
    };
    let sig_version = if context.leaf_hash.is_some() {
        SigVersion::Tapscript
    } else {
        SigVersion::Taproot
    };
    taproot_sighash(tx, index, hash_type, sig_version, &txdata, &execdata)
        .expect("the signed hash type is defined for this transaction")
}

/// A taproot signature: 64 bytes for `SIGHASH_DEFAULT` (0), else 65 with
/// the hash type appended.
pub fn with_hash_type(sig: [u8; 64], hash_type: u8) -> Vec<u8> {
    let mut bytes = sig.to_vec();
    if hash_type != 0 {
        bytes.push(hash_type);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fold_to_the_root() {
        let a = TapNode::tapscript(vec![0x51]);
        let b = TapNode::tapscript(vec![0x52]);
        let tree = TapNode::branch(a, b).under(&hidden_nodes("t", 3));
        let path = tree.path_to(0xc0, &[0x52]).unwrap();
        assert_eq!(path.len(), 4);
        let root = path
            .iter()
            .fold(compute_tapleaf_hash(0xc0, &[0x52]), |h, n| {
                compute_tapbranch_hash(&h, n)
            });
        assert_eq!(root, tree.hash());
        assert_eq!(tree.path_to(0xc2, &[0x52]), None);
    }

    #[test]
    fn control_blocks_commit() {
        let secret = crate::conformance::spend::secret_key(3);
        let tree = TapNode::branch(
            TapNode::tapscript(vec![0x51]),
            TapNode::tapscript(vec![0x52]),
        );
        let output = TaprootOutput::for_tree(&secret, Some(&tree));
        let control = output.control_block_for(&tree, 0xc0, &[0x51]);
        let leaf = compute_tapleaf_hash(0xc0, &[0x51]);
        assert!(crate::script::taproot::verify_taproot_commitment(
            &control,
            &output.output_key,
            &leaf
        ));
        let keypair = tweaked_keypair(&secret, output.merkle_root.as_ref());
        assert_eq!(keypair.x_only_public_key().0.serialize(), output.output_key);
    }
}
