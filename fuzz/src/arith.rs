//! `compact_target`, `script_num`, `merkle`: round trips of canon's
//! arithmetic, and equivalence with rust-bitcoin 0.32 where it follows Core.

use std::sync::atomic::{AtomicU64, Ordering};

use bitcoin::hashes::Hash;
use bitcoin::pow::{CompactTarget, Target};
use canon::primitives::compact_target::{block_proof, expand_compact, to_compact};
use canon::primitives::merkle::compute_merkle_root;
use canon::primitives::uint256::U256;
use canon::script::ScriptNum;

use canon::fuzz_targets::Input;

/// nBits with a size byte of 3 or less and the sign bit (0x00800000) set,
/// counted and not compared with rust-bitcoin: Core (`SetCompact`) masks
/// the sign bit off before shifting the mantissa right, so 0x01803456
/// expands to 0; rust-bitcoin 0.32's `Target::from_compact` shifts the
/// unmasked 24 bits and gets 0x80. Core is the specification; canon
/// follows it (found by this target, 2026).
pub static SMALL_SIZE_SIGN_BIT: AtomicU64 = AtomicU64::new(0);

/// `compact_target`. Input: nBits (4 bytes LE), then a 256-bit target
/// (32 bytes LE).
///
/// Checks, for a valid (non-negative, non-overflowing) nBits: the target
/// equals rust-bitcoin's `Target::from_compact`; re-compressing gives the
/// normalised nBits back and expands to the same target; the work equals
/// `Target::to_work` (for targets of 2 and more; rust-bitcoin defines the
/// inverse of 0 and 1 its own way, Core never sees them). For any target:
/// `to_compact` equals `to_compact_lossy`, and expanding it never gives a
/// larger target.
///
/// # Panics
/// On any difference.
pub fn compact_target(data: &[u8]) {
    let mut input = Input::new(data);
    let bits = input.u32();
    let raw: [u8; 32] = input.bytes();

    let expanded = expand_compact(bits);
    if bits >> 24 <= 3 && bits & 0x0080_0000 != 0 {
        // Known rust-bitcoin difference: see `SMALL_SIZE_SIGN_BIT`.
        SMALL_SIZE_SIGN_BIT.fetch_add(1, Ordering::Relaxed);
    } else if !expanded.negative && !expanded.overflow {
        let theirs = Target::from_compact(CompactTarget::from_consensus(bits));
        assert_eq!(
            expanded.target.to_le_bytes(),
            theirs.to_le_bytes(),
            "target of {bits:#010x}"
        );
        let normal = to_compact(expanded.target, false);
        assert_eq!(
            expand_compact(normal).target,
            expanded.target,
            "{bits:#010x} round trip"
        );
        assert_eq!(normal, theirs.to_compact_lossy().to_consensus());
        if expanded.target > U256::ONE {
            assert_eq!(
                block_proof(bits).to_le_bytes(),
                theirs.to_work().to_le_bytes(),
                "work of {bits:#010x}"
            );
        }
    }

    let target = U256::from_le_bytes(raw);
    let compact = to_compact(target, false);
    assert_eq!(
        compact,
        Target::from_le_bytes(raw).to_compact_lossy().to_consensus()
    );
    let back = expand_compact(compact);
    assert!(!back.negative && !back.overflow, "{compact:#010x} is valid");
    assert!(back.target <= target, "compression rounds down");
}

/// `script_num`. Input: a selector byte, then an element (or 8 bytes LE of
/// an integer).
///
/// Checks: decoding with the minimal-encoding rule agrees with
/// rust-bitcoin's `read_scriptint` (4-byte limit) on success and value;
/// whatever decodes (any limit, minimal or not) re-encodes minimally to a
/// value-preserving encoding, identical to the input when the input was
/// minimal; encoding an integer equals rust-bitcoin's `write_scriptint`
/// and decodes back to it.
///
/// # Panics
/// On any difference.
pub fn script_num(data: &[u8]) {
    let mut input = Input::new(data);
    let selector = input.u8();
    let element = input.rest();
    let max_size = if selector & 1 == 0 { 4 } else { 5 };

    if max_size == 4 {
        let ours = ScriptNum::decode(element, true, 4)
            .ok()
            .map(ScriptNum::value);
        let theirs = bitcoin::script::read_scriptint(element).ok();
        assert_eq!(ours, theirs, "minimal 4-byte decode of {element:02x?}");
    }
    for minimal in [true, false] {
        if let Ok(n) = ScriptNum::decode(element, minimal, max_size) {
            let encoded = n.encode();
            assert_eq!(
                ScriptNum::decode(&encoded, true, 9).map(ScriptNum::value),
                Ok(n.value())
            );
            if minimal {
                assert_eq!(encoded, element, "a minimal element re-encodes to itself");
            }
        }
    }

    let value = i64::from_le_bytes(Input::new(element).bytes());
    if value != i64::MIN {
        let mut buf = [0u8; 8];
        let len = bitcoin::script::write_scriptint(&mut buf, value);
        let ours = ScriptNum(value).encode();
        assert_eq!(ours, &buf[..len], "encoding of {value}");
        if ours.len() <= 8 {
            assert_eq!(
                ScriptNum::decode(&ours, true, 8).map(ScriptNum::value),
                Ok(value)
            );
        }
    }
}

/// `merkle`. Input: leaves of 32 bytes (at most 256; a short tail is
/// dropped), the first byte choosing how many leaves to repeat at the end.
///
/// Checks: the root equals rust-bitcoin's `merkle_tree::calculate_root`;
/// for an odd count above one, appending the last leaf again gives the same
/// root and marks the tree mutated (CVE-2012-2459), while the original is
/// mutated only if it already was.
///
/// # Panics
/// On any difference.
pub fn merkle(data: &[u8]) {
    let leaves: Vec<[u8; 32]> = data
        .chunks_exact(32)
        .take(256)
        .map(|c| c.try_into().expect("32 bytes"))
        .collect();
    let ours = compute_merkle_root(leaves.clone());
    let theirs = bitcoin::merkle_tree::calculate_root(
        leaves
            .iter()
            .map(|l| bitcoin::TxMerkleNode::from_byte_array(*l)),
    );
    match theirs {
        None => assert_eq!(ours.root.0, [0u8; 32], "empty tree"),
        Some(root) => assert_eq!(
            ours.root.0,
            root.to_byte_array(),
            "root of {} leaves",
            leaves.len()
        ),
    }
    if leaves.len() > 1 && leaves.len() % 2 == 1 {
        let mut forged = leaves.clone();
        forged.push(*leaves.last().expect("non-empty"));
        let forged_root = compute_merkle_root(forged);
        assert_eq!(forged_root.root, ours.root, "duplicated tail, same root");
        assert!(forged_root.mutated, "duplicated tail is a mutation");
    }
}
