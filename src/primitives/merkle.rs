//! Merkle roots, computed Bitcoin Core's way, with its mutation check.

use crate::primitives::hash::{sha256d, MerkleHash};

/// A merkle root and whether the tree that produced it was *mutated*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MerkleRoot {
    /// The root; all zeros for an empty list, as in Core.
    pub root: MerkleHash,
    /// Whether some level held two equal adjacent nodes (CVE-2012-2459).
    pub mutated: bool,
}

/// Computes the merkle root of `leaves` (internal byte order).
///
/// # Consensus
/// Each level pairs adjacent nodes and hashes each pair with double SHA-256;
/// a level with an odd count pairs its last node with itself. Because of that
/// duplication, a list ending in a repeated pair of transactions has the same
/// root as the list without them: such a tree is *mutated* (CVE-2012-2459), and
/// a block whose tree is mutated is rejected as `bad-txns-duplicate` without
/// marking its header invalid (`MERKLE-MUTATION`). The check looks for two
/// equal nodes at an even position of any level, before the odd node is
/// duplicated. Core: `ComputeMerkleRoot` in `src/consensus/merkle.cpp`.
pub fn compute_merkle_root(mut level: Vec<[u8; 32]>) -> MerkleRoot {
    let mut mutated = false;
    while level.len() > 1 {
        mutated |= level.chunks_exact(2).any(|pair| pair[0] == pair[1]);
        if level.len() % 2 == 1 {
            level.push(*level.last().expect("level has more than one node"));
        }
        level = level
            .chunks_exact(2)
            .map(|pair| {
                let mut node = [0u8; 64];
                node[..32].copy_from_slice(&pair[0]);
                node[32..].copy_from_slice(&pair[1]);
                sha256d(&node)
            })
            .collect();
    }
    MerkleRoot {
        root: MerkleHash(level.first().copied().unwrap_or([0u8; 32])),
        mutated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(n: u8) -> [u8; 32] {
        [n; 32]
    }

    fn pair(a: [u8; 32], b: [u8; 32]) -> [u8; 32] {
        let mut node = a.to_vec();
        node.extend_from_slice(&b);
        sha256d(&node)
    }

    #[test]
    fn small_trees() {
        assert_eq!(compute_merkle_root(vec![]).root, MerkleHash([0; 32]));
        assert_eq!(compute_merkle_root(vec![leaf(1)]).root, MerkleHash(leaf(1)));
        let three = compute_merkle_root(vec![leaf(1), leaf(2), leaf(3)]);
        let expected = pair(pair(leaf(1), leaf(2)), pair(leaf(3), leaf(3)));
        assert_eq!(
            three,
            MerkleRoot {
                root: MerkleHash(expected),
                mutated: false
            }
        );
    }

    #[test]
    fn duplicated_tail_is_mutated_with_the_same_root() {
        let honest = compute_merkle_root(vec![leaf(1), leaf(2), leaf(3)]);
        let forged = compute_merkle_root(vec![leaf(1), leaf(2), leaf(3), leaf(3)]);
        assert_eq!(honest.root, forged.root);
        assert!(forged.mutated && !honest.mutated);
        // Equal nodes at an odd position are not a mutation.
        assert!(!compute_merkle_root(vec![leaf(1), leaf(2), leaf(2)]).mutated);
    }
}
