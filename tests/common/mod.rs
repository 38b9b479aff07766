//! Shared helpers for canon's integration tests: where the upstream vectors
//! live, and proptest strategies for every wire primitive.
//!
//! Each test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use canon::primitives::{
    Block, BlockHash, BlockHeader, MerkleHash, OutPoint, Transaction, TxIn, TxOut, Txid, Witness,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The directory of the read-only upstream vectors. Tried in order: the env
/// var `CANON_SHARED_VECTORS`, `<crate root>/../shared/vectors` (the layout at
/// `/work/main`), then `/work/shared/vectors` (the layout seen from a worktree).
pub fn shared_vectors() -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CANON_SHARED_VECTORS") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    candidates.push(PathBuf::from("/work/shared/vectors"));
    candidates
        .iter()
        .find(|dir| dir.is_dir())
        .cloned()
        .unwrap_or_else(|| panic!("no shared vectors directory; tried {candidates:?}"))
}

/// The bytes of one upstream vector file, e.g. `core/block413567.raw`.
pub fn read_vector(relative: &str) -> Vec<u8> {
    let path = shared_vectors().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The text of one upstream vector file.
pub fn read_vector_text(relative: &str) -> String {
    String::from_utf8(read_vector(relative)).expect("vector file is UTF-8")
}

/// Mainnet block 413567 (Core's `src/bench/data/block413567.raw`).
pub fn block413567() -> Vec<u8> {
    read_vector("core/block413567.raw")
}

/// The serialized transaction (second element) of every non-comment entry of
/// one of Core's `tx_valid.json` / `tx_invalid.json`, with its entry index.
pub fn core_tx_hexes(relative: &str) -> Vec<(usize, String)> {
    let json: serde_json::Value =
        serde_json::from_str(&read_vector_text(relative)).expect("vector file is JSON");
    let entries = json.as_array().expect("top level is an array");
    entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let entry = entry.as_array().expect("each entry is an array");
            let is_comment = entry.len() == 1 && entry[0].is_string();
            (!is_comment).then(|| {
                let hex = entry[1].as_str().expect("second element is the tx hex");
                (index, hex.to_string())
            })
        })
        .collect()
}

/// Mainnet block 1's coinbase: a real legacy transaction.
pub const BLOCK1_COINBASE: &str = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff0704ffff001d0104ffffffff0100f2052a0100000043410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac00000000";

/// Mainnet block 1's 80-byte header.
pub const BLOCK1_HEADER: &str = "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299";

/// A segwit transaction from Core's tx_valid.json: one P2WPKH input with a
/// two-item witness.
pub const SEGWIT_TX: &str = "0100000000010100010000000000000000000000000000000000000000000000000000000000000000000000ffffffff01e8030000000000001976a9144c9c3dfac4207d5d8cb89df5722cb3d712385e3f88ac02483045022100cfb07164b36ba64c1b1e8c7720a56ad64d96f6ef332d3d37f9cb3c96477dc44502200a464cd7a9cf94cd70f66ce4f4f0625ef650052c7afcfe29d7d7e01830ff91ed012103596d3451025c19dbbdeb932d6bf8bfb4ad499b95b6f88db8899efac102e5fc7100000000";

// ----- strategies -----------------------------------------------------------

/// Byte strings of varied lengths: mostly short, some across the one-byte
/// CompactSize limit (252 | 253, so the `0xfd` form appears), a few long.
pub fn script() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => vec(any::<u8>(), 0..=40),
        3 => vec(any::<u8>(), 248..=260),
        1 => vec(any::<u8>(), 0..=1200),
    ]
}

/// A 32-byte transaction id.
pub fn txid() -> impl Strategy<Value = Txid> {
    any::<[u8; 32]>().prop_map(Txid)
}

/// Any outpoint, the null (coinbase) one included now and then.
pub fn outpoint() -> impl Strategy<Value = OutPoint> {
    prop_oneof![
        9 => (txid(), any::<u32>()).prop_map(|(txid, vout)| OutPoint { txid, vout }),
        1 => Just(OutPoint::NULL),
    ]
}

/// A witness stack: empty, or up to five items of varied length (empty items
/// included, as they are legal on the wire).
pub fn witness() -> impl Strategy<Value = Witness> {
    prop_oneof![
        1 => Just(Witness::default()),
        3 => non_empty_witness(),
    ]
}

/// A witness stack with at least one item.
pub fn non_empty_witness() -> impl Strategy<Value = Witness> {
    vec(script(), 1..=5).prop_map(|stack| Witness { stack })
}

/// An input with no witness.
pub fn txin_without_witness() -> impl Strategy<Value = TxIn> {
    (outpoint(), script(), any::<u32>()).prop_map(|(prevout, script_sig, sequence)| TxIn {
        prevout,
        script_sig,
        sequence,
        witness: Witness::default(),
    })
}

/// An input with any witness, empty or not.
pub fn txin() -> impl Strategy<Value = TxIn> {
    (txin_without_witness(), witness()).prop_map(|(mut input, witness)| {
        input.witness = witness;
        input
    })
}

/// An output with any `i64` value, negative and oversized ones included.
pub fn txout() -> impl Strategy<Value = TxOut> {
    let value = prop_oneof![
        any::<i64>(),
        0i64..=21_000_000 * 100_000_000,
        Just(-1i64),
        Just(i64::MIN),
        Just(i64::MAX),
    ];
    (value, script()).prop_map(|(value, script_pubkey)| TxOut {
        value,
        script_pubkey,
    })
}

/// A transaction in the legacy format: one or more inputs, none with a
/// witness, and any number of outputs.
pub fn legacy_transaction() -> impl Strategy<Value = Transaction> {
    (
        any::<u32>(),
        vec(txin_without_witness(), 1..=4),
        vec(txout(), 0..=4),
        any::<u32>(),
    )
        .prop_map(|(version, inputs, outputs, lock_time)| Transaction {
            version,
            inputs,
            outputs,
            lock_time,
        })
}

/// A transaction in the BIP-0144 format: one or more inputs, at least one of
/// which has a non-empty witness.
pub fn witness_transaction() -> impl Strategy<Value = Transaction> {
    (
        any::<u32>(),
        vec(txin(), 1..=4),
        any::<prop::sample::Index>(),
        non_empty_witness(),
        vec(txout(), 0..=4),
        any::<u32>(),
    )
        .prop_map(|(version, mut inputs, pick, witness, outputs, lock_time)| {
            let chosen = pick.index(inputs.len());
            inputs[chosen].witness = witness;
            Transaction {
                version,
                inputs,
                outputs,
                lock_time,
            }
        })
}

/// The transaction with neither inputs nor outputs: its legacy encoding
/// `version 00 00 lock_time` reads back as the BIP-0144 marker with flag 0.
pub fn empty_transaction() -> impl Strategy<Value = Transaction> {
    (any::<u32>(), any::<u32>()).prop_map(|(version, lock_time)| Transaction {
        version,
        inputs: vec![],
        outputs: vec![],
        lock_time,
    })
}

/// Any transaction the wire format can represent unambiguously: every
/// transaction except those with no inputs and at least one output (whose
/// legacy encoding reads back as a BIP-0144 marker; see `roundtrip.rs`).
pub fn transaction() -> impl Strategy<Value = Transaction> {
    prop_oneof![
        5 => legacy_transaction(),
        5 => witness_transaction(),
        1 => empty_transaction(),
    ]
}

/// Any 80-byte header.
pub fn block_header() -> impl Strategy<Value = BlockHeader> {
    (
        any::<i32>(),
        any::<[u8; 32]>(),
        any::<[u8; 32]>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(|(version, prev, merkle, time, bits, nonce)| BlockHeader {
            version,
            prev_blockhash: BlockHash(prev),
            merkle_root: MerkleHash(merkle),
            time,
            bits,
            nonce,
        })
}

/// A block of up to four representable transactions (the merkle root is not
/// made to match: encoding does not judge it).
pub fn block() -> impl Strategy<Value = Block> {
    (block_header(), vec(transaction(), 0..=4)).prop_map(|(header, transactions)| Block {
        header,
        transactions,
    })
}

// ----- mutations ------------------------------------------------------------

/// One edit to a valid encoding.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// XOR the byte at (index mod len) with a non-zero mask.
    Flip {
        index: prop::sample::Index,
        mask: u8,
    },
    /// Keep only a prefix.
    Truncate { index: prop::sample::Index },
    /// Insert a byte at a position.
    Insert {
        index: prop::sample::Index,
        byte: u8,
    },
    /// Overwrite a byte with one of the CompactSize prefixes or 0x00/0x01.
    Set {
        index: prop::sample::Index,
        byte: u8,
    },
}

impl Mutation {
    /// Applies the edit to a copy of `bytes`.
    pub fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        match *self {
            Mutation::Flip { index, mask } if !out.is_empty() => {
                out[index.index(bytes.len())] ^= mask
            }
            Mutation::Truncate { index } => out.truncate(index.index(bytes.len() + 1)),
            Mutation::Insert { index, byte } => out.insert(index.index(bytes.len() + 1), byte),
            Mutation::Set { index, byte } if !out.is_empty() => {
                out[index.index(bytes.len())] = byte
            }
            Mutation::Flip { .. } | Mutation::Set { .. } => {}
        }
        out
    }
}

/// Any single mutation.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<prop::sample::Index>();
    prop_oneof![
        4 => (index.clone(), 1u8..=255).prop_map(|(index, mask)| Mutation::Flip { index, mask }),
        2 => index.clone().prop_map(|index| Mutation::Truncate { index }),
        2 => (index.clone(), any::<u8>()).prop_map(|(index, byte)| Mutation::Insert { index, byte }),
        2 => (index, prop::sample::select(vec![0x00u8, 0x01, 0x02, 0xfc, 0xfd, 0xfe, 0xff]))
            .prop_map(|(index, byte)| Mutation::Set { index, byte }),
    ]
}

/// One to three mutations applied in turn.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    vec(mutation(), 1..=3)
}

/// Applies every mutation in turn.
pub fn apply_all(bytes: &[u8], edits: &[Mutation]) -> Vec<u8> {
    edits
        .iter()
        .fold(bytes.to_vec(), |acc, edit| edit.apply(&acc))
}

/// `count` values drawn from `strategy` with a fixed seed, so a test that
/// counts outcomes over them sees the same sample on every run.
pub fn deterministic_sample<S: Strategy>(strategy: S, count: usize) -> Vec<S::Value> {
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    (0..count)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("strategy generates a value")
                .current()
        })
        .collect()
}
