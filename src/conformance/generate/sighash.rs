//! Signature-hash vectors (`"kind": "sighash"`): the legacy, BIP-0143 and
//! BIP-0341 algorithms of `spec/sighash.md` over every hash type, the
//! SIGHASH_SINGLE bug, scriptCodes with code separators and cut-off pushes,
//! annexes, tapleaves and code separator positions, and the hash types a
//! taproot signature may not use.
//!
//! Everything is deterministic: the fixed transactions are built from
//! labels, the random ones from a SHA-256 counter ([`Stream`]). Every
//! expectation is canon's ([`expectation`]); `tests/sighash_kind_oracle.rs`
//! recomputes each with rust-bitcoin.

mod taproot;

use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::asm::parse_script;
use crate::conformance::sighash_kind::{expectation, SighashCase, SighashFile, SighashRequest};
use crate::conformance::spend::{p2pkh_script, public_key};
use crate::encoding::Encode;
use crate::primitives::hash::{sha256, sha256d};
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Txid, Witness};

/// The six defined ECDSA hash types.
const STANDARD: [u32; 6] = [0x01, 0x02, 0x03, 0x81, 0x82, 0x83];

/// Undefined ECDSA hash types: each signs like the type its low five bits
/// and bit 0x80 select, and commits to its own value.
const ODD: [u32; 14] = [
    0x00,
    0x04,
    0x80,
    0x84,
    0x41,
    0x21,
    0x23,
    0x42,
    0xc3,
    0x1f,
    0xff,
    0x0000_0101,
    0x8000_0003,
    0xffff_ffff,
];

/// The sighash family's files.
pub fn files() -> Vec<GeneratedFile> {
    let mut ecdsa = legacy_hash_types();
    ecdsa.extend(single_bug());
    ecdsa.extend(legacy_script_codes());
    ecdsa.extend(legacy_random());
    ecdsa.extend(bip143_hash_types());
    ecdsa.extend(bip143_random());
    ecdsa.extend(cache());
    vec![
        file(
            "sighash/ecdsa.json",
            "ECDSA signature hashes: legacy (every hash type, the SIGHASH_SINGLE bug, scriptCodes) and BIP-0143, fixed and random transactions",
            ecdsa,
        ),
        file(
            "sighash/taproot.json",
            "BIP-0341 signature hashes: key path and tapscript, every hash type, annexes, code separator positions, and the hash types that have no hash",
            taproot::cases(),
        ),
    ]
}

fn file(path: &str, description: &str, cases: Vec<SighashCase>) -> GeneratedFile {
    GeneratedFile {
        path: path.into(),
        contents: to_json_text(&SighashFile {
            kind: "sighash".into(),
            generator: generator_name("sighash"),
            description: description.into(),
            cases,
        }),
    }
}

/// A case whose expectation is canon's answer to `request`.
fn case(id: String, description: String, rules: &[&str], request: SighashRequest) -> SighashCase {
    let expect = expectation(&request);
    SighashCase {
        id,
        description,
        rules: rules.iter().map(|r| r.to_string()).collect(),
        request,
        expect,
    }
}

/// An ECDSA request (no taproot fields).
fn ecdsa_request(
    sigversion: &str,
    tx: &Transaction,
    index: usize,
    hash_type: u32,
    script_code: &[u8],
    amount: Option<i64>,
) -> SighashRequest {
    SighashRequest {
        sigversion: sigversion.into(),
        tx: hex::encode(tx.to_bytes()),
        index,
        hash_type,
        script_code: Some(hex::encode(script_code)),
        amount,
        prevouts: None,
        annex: None,
        leaf_hash: None,
        codesep_pos: None,
    }
}

/// A name for a hash type: `all`, `single-acp`, or the hex value.
fn type_name(hash_type: u32) -> String {
    match hash_type {
        0x01 => "all".into(),
        0x02 => "none".into(),
        0x03 => "single".into(),
        0x81 => "all-acp".into(),
        0x82 => "none-acp".into(),
        0x83 => "single-acp".into(),
        other => format!("{other:#x}"),
    }
}

/// Deterministic bytes: SHA-256 of a label and a counter.
pub(crate) struct Stream {
    label: String,
    counter: u64,
    buffer: Vec<u8>,
}

impl Stream {
    pub(crate) fn new(label: &str) -> Stream {
        Stream {
            label: label.into(),
            counter: 0,
            buffer: Vec::new(),
        }
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Vec<u8> {
        while self.buffer.len() < n {
            let mut seed = self.label.as_bytes().to_vec();
            seed.extend(self.counter.to_le_bytes());
            self.counter += 1;
            self.buffer.extend(sha256(&seed));
        }
        self.buffer.drain(..n).collect()
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes(4).try_into().expect("four bytes"))
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        self.u32() % n
    }

    pub(crate) fn hash(&mut self) -> [u8; 32] {
        self.bytes(32).try_into().expect("32 bytes")
    }
}

/// An input spending output `vout` of a transaction named by `label`.
pub(crate) fn input(label: &str, vout: u32, sequence: u32) -> TxIn {
    TxIn {
        prevout: OutPoint {
            txid: Txid(sha256d(label.as_bytes())),
            vout,
        },
        script_sig: Vec::new(),
        sequence,
        witness: Witness::default(),
    }
}

/// A transaction of `inputs` inputs and `outputs` outputs, fixed by `label`.
pub(crate) fn fixed_tx(label: &str, inputs: u32, outputs: u32) -> Transaction {
    Transaction {
        version: 1,
        inputs: (0..inputs)
            .map(|n| input(&format!("{label}/in"), n, 0xffff_fffe - n))
            .collect(),
        outputs: (0..outputs)
            .map(|n| TxOut {
                value: 10_000 * (i64::from(n) + 1),
                script_pubkey: p2pkh_script(&public_key(n as u8 + 1, true)),
            })
            .collect(),
        lock_time: 600_000,
    }
}

/// A random transaction: 1..=4 inputs (scriptSigs and witnesses too, which
/// the hashes must ignore), 0..=4 outputs, any version, lock time and
/// sequences.
pub(crate) fn random_tx(stream: &mut Stream) -> Transaction {
    let inputs = 1 + stream.below(4);
    let outputs = stream.below(5);
    Transaction {
        version: stream.u32(),
        inputs: (0..inputs)
            .map(|_| {
                let len = stream.below(4) as usize;
                TxIn {
                    prevout: OutPoint {
                        txid: Txid(stream.hash()),
                        vout: stream.below(3),
                    },
                    script_sig: vec![0x51; len],
                    sequence: stream.u32(),
                    witness: Witness {
                        stack: vec![vec![0x01; len]; len],
                    },
                }
            })
            .collect(),
        outputs: (0..outputs)
            .map(|_| {
                let len = stream.below(40) as usize;
                TxOut {
                    value: i64::from(stream.u32()) * 1_000,
                    script_pubkey: stream.bytes(len),
                }
            })
            .collect(),
        lock_time: stream.u32(),
    }
}

/// A random scriptCode of opcodes and well-formed pushes, never
/// `OP_CODESEPARATOR`.
fn random_script(stream: &mut Stream) -> Vec<u8> {
    let pieces = stream.below(6);
    let mut script = Vec::new();
    for _ in 0..pieces {
        match stream.below(3) {
            0 => {
                let len = 1 + stream.below(40) as usize;
                let data = stream.bytes(len);
                crate::script::instruction::push_data(&mut script, &data);
            }
            _ => {
                let ops = [0x00, 0x51, 0x63, 0x68, 0x76, 0x87, 0xa9, 0xac, 0xae];
                script.push(ops[stream.below(ops.len() as u32) as usize]);
            }
        }
    }
    script
}

fn asm(text: &str) -> Vec<u8> {
    parse_script(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// `SIGHASH-LEGACY`, `SIGHASH-TYPE-BITS`: every defined hash type at every
/// input, then the undefined ones.
fn legacy_hash_types() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/legacy", 3, 3);
    let code = p2pkh_script(&public_key(1, true));
    let mut cases = Vec::new();
    for index in 0..3 {
        for hash_type in STANDARD {
            cases.push(case(
                format!("legacy-{}-input-{index}", type_name(hash_type)),
                format!(
                    "Legacy sighash, hash type {}, input {index} of three, P2PKH scriptCode",
                    type_name(hash_type)
                ),
                &["SIGHASH-LEGACY"],
                ecdsa_request("base", &tx, index, hash_type, &code, None),
            ));
        }
    }
    for hash_type in ODD {
        for index in [0, 2] {
            cases.push(case(
                format!("legacy-type-{hash_type:#x}-input-{index}"),
                format!(
                    "Legacy sighash with the undefined hash type {hash_type:#x}: selects by its low five bits and 0x80, commits to all 32 bits"
                ),
                &["SIGHASH-LEGACY", "SIGHASH-TYPE-BITS"],
                ecdsa_request("base", &tx, index, hash_type, &code, None),
            ));
        }
    }
    cases
}

/// `SIGHASH-LEGACY-SINGLE-BUG`: SINGLE with no output at the input's index.
fn single_bug() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/single-bug", 3, 1);
    let code = p2pkh_script(&public_key(1, true));
    let mut cases = Vec::new();
    for (index, hash_type) in [(1, 0x03), (2, 0x03), (1, 0x83), (2, 0x43), (1, 0xe3)] {
        cases.push(case(
            format!("legacy-single-bug-{}-input-{index}", type_name(hash_type)),
            format!(
                "Hash type {hash_type:#x} (SINGLE by its low five bits) at input {index} of a one-output transaction: the legacy hash is 1"
            ),
            &["SIGHASH-LEGACY-SINGLE-BUG", "SIGHASH-LEGACY"],
            ecdsa_request("base", &tx, index, hash_type, &code, None),
        ));
    }
    cases.push(case(
        "legacy-single-input-0-has-output".into(),
        "SINGLE at input 0 of a one-output transaction: output 0 exists, a real hash".into(),
        &["SIGHASH-LEGACY"],
        ecdsa_request("base", &tx, 0, 0x03, &code, None),
    ));
    for (index, hash_type) in [(1, 0x03), (2, 0x83)] {
        cases.push(case(
            format!("bip143-single-no-output-{}-input-{index}", type_name(hash_type)),
            format!(
                "BIP-0143 SINGLE at input {index} of a one-output transaction: no bug, hashOutputs is zero"
            ),
            &["SIGHASH-BIP143"],
            ecdsa_request("witness_v0", &tx, index, hash_type, &code, Some(50_000)),
        ));
    }
    cases
}

/// `SIGHASH-LEGACY-SCRIPTCODE`: code separators removed (only at
/// instruction boundaries), cut-off pushes, and what the algorithm leaves
/// to the interpreter.
fn legacy_script_codes() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/script-code", 2, 2);
    let sig_push = {
        let mut sig = vec![0x30; 71];
        sig.push(0x01);
        let mut script = Vec::new();
        crate::script::instruction::push_data(&mut script, &sig);
        script.push(0xac);
        script
    };
    let codes: Vec<(&str, &str, Vec<u8>)> = vec![
        ("empty", "an empty scriptCode", Vec::new()),
        ("codesep-only", "a lone OP_CODESEPARATOR (removed: length 0)", vec![0xab]),
        ("codesep-front", "OP_CODESEPARATOR before a P2PKH script", {
            let mut s = vec![0xab];
            s.extend(p2pkh_script(&public_key(1, true)));
            s
        }),
        ("codesep-many", "three separators between opcodes", asm("1 OP_CODESEPARATOR 2 OP_CODESEPARATOR OP_CODESEPARATOR OP_CHECKSIG")),
        ("codesep-in-push", "the byte 0xab inside a push is data, not a separator", asm("0x02 0xabab OP_DROP OP_CHECKSIG")),
        ("codesep-in-pushdata1", "0xab bytes inside an OP_PUSHDATA1 push", asm("0x4c 0x03 0xababab OP_CODESEPARATOR OP_CHECKSIG")),
        ("truncated-push", "a push of 5 bytes with 2 left: hashed up to where parsing stops", asm("OP_CODESEPARATOR 1 0x05 0xabab")),
        ("truncated-pushdata2", "OP_PUSHDATA2 whose length field is cut off after a separator", asm("OP_CODESEPARATOR 1 0x4d 0x01")),
        ("truncated-pushdata4", "OP_PUSHDATA4 claiming more than follows", asm("OP_CODESEPARATOR 0x4e 0xff000000 0xab")),
        ("signature-push", "a scriptCode holding a signature push: hashed as given (FindAndDelete is the interpreter's, SCRIPT-SCRIPTCODE)", sig_push),
        ("opcodes-only", "opcodes without pushes", asm("OP_DUP OP_HASH160 OP_EQUALVERIFY OP_CHECKSIG OP_NOP OP_IF OP_ENDIF")),
    ];
    let mut cases = Vec::new();
    for (name, what, code) in codes {
        for (index, hash_type) in [(0usize, 0x01u32), (1, 0x83)] {
            cases.push(case(
                format!("legacy-scriptcode-{name}-{}", type_name(hash_type)),
                format!(
                    "Legacy sighash of {what}, hash type {}, input {index}",
                    type_name(hash_type)
                ),
                &["SIGHASH-LEGACY-SCRIPTCODE", "SIGHASH-LEGACY"],
                ecdsa_request("base", &tx, index, hash_type, &code, None),
            ));
        }
    }
    let separators = asm("1 OP_CODESEPARATOR 2 OP_CODESEPARATOR OP_CHECKSIG");
    cases.push(case(
        "bip143-scriptcode-codesep-kept".into(),
        "BIP-0143 keeps OP_CODESEPARATOR in the scriptCode (nothing is removed)".into(),
        &["SIGHASH-BIP143"],
        ecdsa_request("witness_v0", &tx, 0, 0x01, &separators, Some(1)),
    ));
    cases
}

/// Random transactions, scriptCodes, inputs and 32-bit hash types.
fn legacy_random() -> Vec<SighashCase> {
    let mut stream = Stream::new("sighash/legacy-random");
    (0..40)
        .map(|n| {
            let tx = random_tx(&mut stream);
            let code = random_script(&mut stream);
            let index = stream.below(tx.inputs.len() as u32) as usize;
            let hash_type = match n % 4 {
                0 => STANDARD[stream.below(6) as usize],
                _ => stream.u32(),
            };
            let single_bug = hash_type & 0x1f == 3 && index >= tx.outputs.len();
            let mut rules = vec!["SIGHASH-LEGACY", "SIGHASH-TYPE-BITS"];
            if single_bug {
                rules.push("SIGHASH-LEGACY-SINGLE-BUG");
            }
            case(
                format!("legacy-random-{n:02}"),
                format!(
                    "Random transaction ({} inputs, {} outputs), input {index}, hash type {hash_type:#x}{}",
                    tx.inputs.len(),
                    tx.outputs.len(),
                    if single_bug { ": the SINGLE bug" } else { "" }
                ),
                &rules,
                ecdsa_request("base", &tx, index, hash_type, &code, None),
            )
        })
        .collect()
}

/// `SIGHASH-BIP143`, `SIGHASH-BIP143-PRECOMPUTE`: every defined hash type
/// at every input of one transaction (the whole-transaction hashes shared),
/// then undefined types.
fn bip143_hash_types() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/bip143", 3, 2);
    let code = p2pkh_script(&public_key(2, true));
    let mut cases = Vec::new();
    for index in 0..3 {
        let amount = 100_000_000 * (index as i64 + 1);
        for hash_type in STANDARD {
            cases.push(case(
                format!("bip143-{}-input-{index}", type_name(hash_type)),
                format!(
                    "BIP-0143 sighash, hash type {}, input {index} of three (amount {amount}); the three inputs share hashPrevouts, hashSequence and hashOutputs",
                    type_name(hash_type)
                ),
                &["SIGHASH-BIP143", "SIGHASH-BIP143-PRECOMPUTE"],
                ecdsa_request("witness_v0", &tx, index, hash_type, &code, Some(amount)),
            ));
        }
    }
    for hash_type in ODD {
        cases.push(case(
            format!("bip143-type-{hash_type:#x}"),
            format!("BIP-0143 sighash with the undefined hash type {hash_type:#x}: commits to all 32 bits"),
            &["SIGHASH-BIP143", "SIGHASH-TYPE-BITS"],
            ecdsa_request("witness_v0", &tx, 1, hash_type, &code, Some(7)),
        ));
    }
    for amount in [0, 1, 2_099_999_997_690_000, -1] {
        cases.push(case(
            format!("bip143-amount-{amount}"),
            format!("BIP-0143 commits to the spent amount, here {amount} (8 bytes, as given)"),
            &["SIGHASH-BIP143"],
            ecdsa_request("witness_v0", &tx, 0, 0x01, &code, Some(amount)),
        ));
    }
    cases
}

/// Random transactions under BIP-0143.
fn bip143_random() -> Vec<SighashCase> {
    let mut stream = Stream::new("sighash/bip143-random");
    (0..40)
        .map(|n| {
            let tx = random_tx(&mut stream);
            let code = random_script(&mut stream);
            let index = stream.below(tx.inputs.len() as u32) as usize;
            let hash_type = STANDARD[stream.below(6) as usize];
            let amount = i64::from(stream.u32()) * 100;
            case(
                format!("bip143-random-{n:02}"),
                format!(
                    "Random transaction ({} inputs, {} outputs), input {index}, hash type {}, amount {amount}",
                    tx.inputs.len(),
                    tx.outputs.len(),
                    type_name(hash_type)
                ),
                &["SIGHASH-BIP143"],
                ecdsa_request("witness_v0", &tx, index, hash_type, &code, Some(amount)),
            )
        })
        .collect()
}

/// `SIGHASH-CACHE`: one input asked again and again, in a row, with hash
/// types that share a midstate (ALL and 0x41 select the same) and ones that
/// do not; every answer must equal the uncached hash.
fn cache() -> Vec<SighashCase> {
    let tx = fixed_tx("sighash/cache", 2, 2);
    let code = p2pkh_script(&public_key(3, true));
    let other = asm("1 OP_CHECKSIG");
    let mut cases = Vec::new();
    let asks: [(u32, &Vec<u8>); 6] = [
        (0x01, &code),
        (0x41, &code),
        (0x81, &code),
        (0x01, &other),
        (0xc1, &code),
        (0x01, &code),
    ];
    for version in ["base", "witness_v0"] {
        let amount = (version == "witness_v0").then_some(40_000);
        for (n, (hash_type, script)) in asks.iter().enumerate() {
            cases.push(case(
                format!("cache-{version}-{n}"),
                format!(
                    "Ask {n} in a row about input 1 ({version}): hash type {hash_type:#x}{}; the same answer as asked alone",
                    if std::ptr::eq(*script, &other) { ", another scriptCode" } else { "" }
                ),
                &["SIGHASH-CACHE", if version == "base" { "SIGHASH-LEGACY" } else { "SIGHASH-BIP143" }],
                ecdsa_request(version, &tx, 1, *hash_type, script, amount),
            ));
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_the_family_is_large() {
        let mut seen = std::collections::BTreeSet::new();
        let mut count = 0;
        for file in files() {
            let parsed: SighashFile = serde_json::from_str(&file.contents).unwrap();
            for case in parsed.cases {
                assert!(seen.insert(case.id.clone()), "duplicate id {}", case.id);
                count += 1;
            }
        }
        assert!((250..=400).contains(&count), "{count} cases");
    }
}
