//! Decode vectors: the wire-format rules of `spec/encoding.md`, each with
//! inputs that keep it and inputs that break it.

use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::decode_vectors::{expectation, DecodeCase, DecodeFile};
use crate::encoding::Encode;
use crate::primitives::{Block, BlockHeader, OutPoint, Transaction, TxIn, TxOut, Txid, Witness};

/// The decode family's files.
pub fn files() -> Vec<GeneratedFile> {
    let mut tx_cases = Vec::new();
    tx_cases.extend(transaction_forms());
    tx_cases.extend(compact_size_rules());
    tx_cases.extend(witness_flag_rules());
    tx_cases.extend(truncation_and_trailing());
    tx_cases.extend(raw_values());
    let mut block_cases = block_rules();
    block_cases.extend(header_rules());
    vec![
        file(
            "decode/transactions.json",
            "Transaction serialization (legacy and BIP-0144)",
            tx_cases,
        ),
        file(
            "decode/blocks.json",
            "Block and header serialization, merkle roots",
            block_cases,
        ),
    ]
}

fn file(path: &str, description: &str, cases: Vec<DecodeCase>) -> GeneratedFile {
    let contents = to_json_text(&DecodeFile {
        kind: "decode".into(),
        generator: generator_name("decode"),
        description: description.into(),
        cases,
    });
    GeneratedFile {
        path: path.into(),
        contents,
    }
}

/// A case whose expectation canon derives from the bytes.
fn case(id: &str, description: &str, rules: &[&str], object: &str, bytes: &[u8]) -> DecodeCase {
    DecodeCase {
        id: id.into(),
        description: description.into(),
        rules: rules.iter().map(|r| r.to_string()).collect(),
        object: object.into(),
        hex: hex::encode(bytes),
        expect: expectation(object, bytes),
    }
}

fn outpoint(n: u8) -> OutPoint {
    OutPoint {
        txid: Txid([n; 32]),
        vout: u32::from(n),
    }
}

fn input(n: u8, script_sig: Vec<u8>, witness: Vec<Vec<u8>>) -> TxIn {
    TxIn {
        prevout: outpoint(n),
        script_sig,
        sequence: 0xffff_fffe,
        witness: Witness { stack: witness },
    }
}

fn output(value: i64, script_pubkey: Vec<u8>) -> TxOut {
    TxOut {
        value,
        script_pubkey,
    }
}

/// A P2WPKH-shaped output script.
fn p2wpkh(n: u8) -> Vec<u8> {
    let mut script = vec![0x00, 0x14];
    script.extend([n; 20]);
    script
}

/// A legacy transaction with one input and two outputs.
fn legacy_tx() -> Transaction {
    Transaction {
        version: 1,
        inputs: vec![input(1, vec![0x51; 10], vec![])],
        outputs: vec![output(50_000, p2wpkh(2)), output(1, vec![0x6a])],
        lock_time: 0,
    }
}

/// A witness transaction: two inputs, only the first with a witness.
fn witness_tx() -> Transaction {
    Transaction {
        version: 2,
        inputs: vec![
            input(3, vec![], vec![vec![0x30; 71], vec![0x02; 33]]),
            input(4, vec![0x00], vec![]),
        ],
        outputs: vec![output(12_345, p2wpkh(5))],
        lock_time: 500_000,
    }
}

fn transaction_forms() -> Vec<DecodeCase> {
    let mut long_script = legacy_tx();
    long_script.outputs[0].script_pubkey = vec![0x61; 253];
    let mut longer_script = legacy_tx();
    longer_script.outputs[0].script_pubkey = vec![0x61; 0x1_0000];
    let mut long_witness_item = witness_tx();
    long_witness_item.inputs[0].witness.stack[0] = vec![0x01; 600];
    let empty = Transaction {
        version: 1,
        inputs: vec![],
        outputs: vec![],
        lock_time: 0,
    };
    vec![
        case("tx-legacy", "A legacy transaction: txid equals wtxid, weight is 4 x size", &["ENC-TX-LEGACY", "ENC-NO-TRUNCATION", "ENC-NO-TRAILING-DATA", "HASH-FUNCTIONS", "HASH-DISPLAY-ORDER", "TX-WEIGHT"], "tx", &legacy_tx().to_bytes()),
        case("tx-witness", "A BIP-0144 transaction: marker, flag 0x01, one witness stack per input, one of them empty; the txid excludes the witness, the wtxid includes it, the weight counts witness bytes once", &["ENC-TX-WITNESS", "ENC-TX-SUPERFLUOUS-WITNESS", "ENC-TX-UNKNOWN-FLAG", "HASH-FUNCTIONS", "HASH-DISPLAY-ORDER", "TX-WEIGHT"], "tx", &witness_tx().to_bytes()),
        case("tx-witness-long-item", "A witness item of 600 bytes uses the 0xfd CompactSize form", &["ENC-TX-WITNESS", "ENC-COMPACTSIZE-CANONICAL"], "tx", &long_witness_item.to_bytes()),
        case("tx-script-253", "A 253-byte script: the smallest length written with the 0xfd form", &["ENC-COMPACTSIZE-CANONICAL"], "tx", &long_script.to_bytes()),
        case("tx-script-65536", "A 65,536-byte script: the smallest length written with the 0xfe form", &["ENC-COMPACTSIZE-CANONICAL", "ENC-COMPACTSIZE-MAX-SIZE", "ENC-LENGTH-BOUNDED"], "tx", &longer_script.to_bytes()),
        case("tx-no-inputs-flag-zero", "Empty input vector followed by flag byte 0x00: Core reads a transaction with no inputs and no outputs", &["ENC-TX-MARKER-FLAG"], "tx", &empty.to_bytes()),
    ]
}

/// `bytes` with `remove` bytes at `at` replaced by `insert`.
fn splice(bytes: &[u8], at: usize, remove: usize, insert: &[u8]) -> Vec<u8> {
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(insert);
    out.extend_from_slice(&bytes[at + remove..]);
    out
}

fn compact_size_rules() -> Vec<DecodeCase> {
    let legacy = legacy_tx().to_bytes();
    // Byte 4 is the input count (1); byte 41 the scriptSig length (10).
    vec![
        case("tx-input-count-0xfd-noncanonical", "Input count 1 written as 0xfd 0x0100", &["ENC-COMPACTSIZE-CANONICAL"], "tx", &splice(&legacy, 4, 1, &[0xfd, 0x01, 0x00])),
        case("tx-script-len-0xfe-noncanonical", "scriptSig length 10 written as 0xfe 0x0a000000", &["ENC-COMPACTSIZE-CANONICAL"], "tx", &splice(&legacy, 41, 1, &[0xfe, 0x0a, 0, 0, 0])),
        case("tx-script-len-0xff-noncanonical", "scriptSig length 10 written with the 9-byte form", &["ENC-COMPACTSIZE-CANONICAL"], "tx", &splice(&legacy, 41, 1, &[0xff, 0x0a, 0, 0, 0, 0, 0, 0, 0])),
        case("tx-script-len-over-max-size", "scriptSig length 0x02000001, one past MAX_SIZE", &["ENC-COMPACTSIZE-MAX-SIZE"], "tx", &splice(&legacy, 41, 1, &[0xfe, 0x01, 0x00, 0x00, 0x02])),
        case("tx-script-len-max-size-lying", "scriptSig length exactly MAX_SIZE with a few bytes behind it: the length is allowed but the bytes run out", &["ENC-COMPACTSIZE-MAX-SIZE", "ENC-LENGTH-BOUNDED"], "tx", &splice(&legacy, 41, 1, &[0xfe, 0x00, 0x00, 0x00, 0x02])),
        case("tx-input-count-lying", "Input count 0x00ffffff in a short transaction: fails without allocating for it", &["ENC-LENGTH-BOUNDED"], "tx", &splice(&legacy, 4, 1, &[0xfe, 0xff, 0xff, 0xff, 0x00])),
    ]
}

fn witness_flag_rules() -> Vec<DecodeCase> {
    let witness = witness_tx().to_bytes();
    let mut all_empty = witness_tx();
    all_empty.inputs[0].witness = Witness::default();
    // Force the witness serialization of a transaction whose witnesses are all empty.
    let mut superfluous = all_empty.to_bytes_without_witness();
    superfluous.splice(4..4, [0x00, 0x01]);
    let locktime_at = superfluous.len() - 4;
    superfluous.splice(locktime_at..locktime_at, [0x00, 0x00]);
    vec![
        case(
            "tx-witness-superfluous",
            "Witness flag set but every witness stack empty",
            &["ENC-TX-SUPERFLUOUS-WITNESS"],
            "tx",
            &superfluous,
        ),
        case(
            "tx-witness-flag-0x02",
            "Flag byte 0x02: no witness bit, an unknown bit",
            &["ENC-TX-UNKNOWN-FLAG"],
            "tx",
            &splice(&witness, 5, 1, &[0x02]),
        ),
        case(
            "tx-witness-flag-0x03",
            "Flag byte 0x03: witnesses are read, then the unknown bit 0x02 fails",
            &["ENC-TX-UNKNOWN-FLAG"],
            "tx",
            &splice(&witness, 5, 1, &[0x03]),
        ),
        case(
            "tx-witness-flag-0x80",
            "Flag byte 0x80",
            &["ENC-TX-UNKNOWN-FLAG"],
            "tx",
            &splice(&witness, 5, 1, &[0x80]),
        ),
    ]
}

fn truncation_and_trailing() -> Vec<DecodeCase> {
    let legacy = legacy_tx().to_bytes();
    let witness = witness_tx().to_bytes();
    let mut trailing = legacy.clone();
    trailing.push(0x00);
    vec![
        case(
            "tx-truncated-lock-time",
            "The last byte of the lock time is missing",
            &["ENC-NO-TRUNCATION"],
            "tx",
            &legacy[..legacy.len() - 1],
        ),
        case(
            "tx-truncated-in-witness",
            "The input ends inside a witness item",
            &["ENC-NO-TRUNCATION"],
            "tx",
            &witness[..60],
        ),
        case(
            "tx-truncated-after-marker",
            "Only version and the marker byte",
            &["ENC-NO-TRUNCATION"],
            "tx",
            &witness[..5],
        ),
        case(
            "tx-empty-input",
            "No bytes at all",
            &["ENC-NO-TRUNCATION"],
            "tx",
            &[],
        ),
        case(
            "tx-trailing-byte",
            "One byte after a complete transaction",
            &["ENC-NO-TRAILING-DATA"],
            "tx",
            &trailing,
        ),
    ]
}

fn raw_values() -> Vec<DecodeCase> {
    let mut negative = legacy_tx();
    negative.outputs[0].value = -1;
    let mut huge = legacy_tx();
    huge.outputs[0].value = i64::MAX;
    vec![
        case(
            "tx-output-value-negative",
            "An output value of -1 decodes: the value rules judge it, not the decoder",
            &["ENC-RAW-VALUES"],
            "tx",
            &negative.to_bytes(),
        ),
        case(
            "tx-output-value-max-i64",
            "An output value of 2^63-1 decodes as sent",
            &["ENC-RAW-VALUES"],
            "tx",
            &huge.to_bytes(),
        ),
    ]
}

/// A block of the given transactions, its header committing to their root.
fn block_of(transactions: Vec<Transaction>) -> Block {
    let mut block = Block {
        header: BlockHeader {
            version: 4,
            prev_blockhash: crate::primitives::BlockHash([7; 32]),
            merkle_root: crate::primitives::MerkleHash([0; 32]),
            time: 1_700_000_000,
            bits: 0x207f_ffff,
            nonce: 0,
        },
        transactions,
    };
    block.header.merkle_root = block.compute_merkle_root().root;
    block
}

fn coinbase(height: u8) -> Transaction {
    Transaction {
        version: 1,
        inputs: vec![TxIn {
            prevout: OutPoint::NULL,
            script_sig: vec![0x01, height, 0x00],
            sequence: u32::MAX,
            witness: Witness::default(),
        }],
        outputs: vec![output(50_0000_0000, vec![0x51])],
        lock_time: 0,
    }
}

fn block_rules() -> Vec<DecodeCase> {
    let honest = block_of(vec![coinbase(1), legacy_tx(), witness_tx()]);
    let mut forged = honest.clone();
    forged.transactions.push(witness_tx());
    let one = block_of(vec![coinbase(2)]);
    let mut lying = one.header.to_bytes();
    lying.extend([0xfe, 0xff, 0xff, 0xff, 0x00]);
    let mut trailing = one.to_bytes();
    trailing.push(0);
    vec![
        case("block-one-tx", "A block with only a coinbase: its merkle root is the coinbase txid", &["ENC-BLOCK", "MERKLE-ROOT"], "block", &one.to_bytes()),
        case("block-three-tx", "Three transactions: the odd last node is paired with itself; the block's weight counts its witness transaction's witness once", &["ENC-BLOCK", "MERKLE-ROOT", "TX-WEIGHT"], "block", &honest.to_bytes()),
        case("block-duplicated-tail", "The same transactions with the last one repeated: same merkle root, tree mutated (CVE-2012-2459)", &["MERKLE-MUTATION"], "block", &forged.to_bytes()),
        case("block-lying-tx-count", "A header claiming 16 million transactions with none behind it", &["ENC-LENGTH-BOUNDED"], "block", &lying),
        case("block-trailing-byte", "One byte after a complete block", &["ENC-NO-TRAILING-DATA"], "block", &trailing),
    ]
}

fn header_rules() -> Vec<DecodeCase> {
    let header = block_of(vec![coinbase(3)]).header.to_bytes();
    let mut long = header.clone();
    long.push(0);
    vec![
        case(
            "header",
            "An 80-byte header: its hash is the double SHA-256 of the 80 bytes, shown byte-reversed",
            &["ENC-HEADER", "HASH-FUNCTIONS", "HASH-DISPLAY-ORDER"],
            "header",
            &header,
        ),
        case(
            "header-79-bytes",
            "A header one byte short",
            &["ENC-NO-TRUNCATION"],
            "header",
            &header[..79],
        ),
        case(
            "header-81-bytes",
            "A header with one byte more",
            &["ENC-NO-TRAILING-DATA"],
            "header",
            &long,
        ),
    ]
}
