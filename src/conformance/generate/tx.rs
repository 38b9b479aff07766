//! Transaction-check vectors: every rule of Core's `CheckTransaction`
//! (`spec/validation.md`, "Context-free transaction rules"), each kept at its
//! boundary and broken one step past it.

use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::check_tx_vectors::{expectation, TxCheckCase, TxCheckFile};
use crate::encoding::Encode;
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Txid, Witness};
use crate::validation::{COIN, MAX_MONEY};

/// Where every case of the family comes from.
const CORE_CHECK: &str = "Core CheckTransaction, src/consensus/tx_check.cpp";

/// The largest size without witness data that `TX-OVERSIZE` allows:
/// `MAX_BLOCK_WEIGHT` / `WITNESS_SCALE_FACTOR`.
const MAX_STRIPPED_SIZE: usize = 1_000_000;

/// The tx family's files.
pub fn files() -> Vec<GeneratedFile> {
    let mut cases = Vec::new();
    cases.extend(counts());
    cases.extend(size());
    cases.extend(output_values());
    cases.extend(duplicate_inputs());
    cases.extend(coinbase_length());
    cases.extend(null_prevouts());
    cases.extend(check_order());
    let contents = to_json_text(&TxCheckFile {
        kind: "tx".into(),
        generator: generator_name("tx"),
        description: "Context-free transaction rules (Core CheckTransaction), each at its boundary"
            .into(),
        cases,
    });
    vec![GeneratedFile {
        path: "tx/check_transaction.json".into(),
        contents,
    }]
}

/// A case of `bytes`, with the expectation canon derives from them.
fn case_bytes(
    id: &str,
    description: &str,
    rules: &[&str],
    provenance: &str,
    bytes: &[u8],
) -> TxCheckCase {
    TxCheckCase {
        id: id.into(),
        description: description.into(),
        rules: rules.iter().map(|r| r.to_string()).collect(),
        provenance: provenance.into(),
        hex: hex::encode(bytes),
        expect: expectation(bytes),
    }
}

/// A case of a transaction, serialized as Core sends it.
fn case(
    id: &str,
    description: &str,
    rules: &[&str],
    provenance: &str,
    tx: &Transaction,
) -> TxCheckCase {
    case_bytes(id, description, rules, provenance, &tx.to_bytes())
}

fn outpoint(n: u8, vout: u32) -> OutPoint {
    OutPoint {
        txid: Txid([n; 32]),
        vout,
    }
}

fn input(prevout: OutPoint, script_sig: Vec<u8>) -> TxIn {
    TxIn {
        prevout,
        script_sig,
        sequence: 0xffff_ffff,
        witness: Witness::default(),
    }
}

fn output(value: i64) -> TxOut {
    TxOut {
        value,
        script_pubkey: vec![0x51],
    }
}

fn tx(inputs: Vec<TxIn>, outputs: Vec<TxOut>) -> Transaction {
    Transaction {
        version: 2,
        inputs,
        outputs,
        lock_time: 0,
    }
}

/// A plain transaction spending `prevouts` into one output of 1 BTC.
fn spending(prevouts: &[OutPoint]) -> Transaction {
    let inputs = prevouts.iter().map(|p| input(*p, Vec::new())).collect();
    tx(inputs, vec![output(COIN)])
}

/// A coinbase with a scriptSig of `len` bytes.
fn coinbase(len: usize) -> Transaction {
    tx(
        vec![input(OutPoint::NULL, vec![0x51; len])],
        vec![output(50 * COIN)],
    )
}

/// `TX-VIN-EMPTY`, `TX-VOUT-EMPTY`.
fn counts() -> Vec<TxCheckCase> {
    let one = spending(&[outpoint(1, 0)]);
    // With no inputs, the byte after the empty input list is read as the
    // BIP-0144 flag: 0x00 ends the transaction's lists (no outputs either).
    let mut no_inputs = 2u32.to_le_bytes().to_vec();
    no_inputs.extend([0x00, 0x00]);
    no_inputs.extend(0u32.to_le_bytes());
    let no_outputs = tx(vec![input(outpoint(1, 0), Vec::new())], Vec::new());
    vec![
        case(
            "one-input-one-output",
            "One input and one output: the fewest each rule allows",
            &["TX-VIN-EMPTY", "TX-VOUT-EMPTY"],
            CORE_CHECK,
            &one,
        ),
        case_bytes(
            "vin-empty",
            "No inputs (and so, as Core reads it, no outputs): the input count is checked first",
            &["TX-VIN-EMPTY"],
            CORE_CHECK,
            &no_inputs,
        ),
        case(
            "vout-empty",
            "One input, no outputs",
            &["TX-VOUT-EMPTY"],
            CORE_CHECK,
            &no_outputs,
        ),
    ]
}

/// A one-input, one-output transaction padded by its output script to
/// exactly `stripped` bytes without witness.
fn sized(stripped: usize) -> Transaction {
    let mut padded = spending(&[outpoint(2, 0)]);
    let base = padded.stripped_size();
    // The script's length prefix grows from 1 to 5 bytes (0xfe form).
    padded.outputs[0].script_pubkey = vec![0x6a; stripped - base - 3];
    assert_eq!(padded.stripped_size(), stripped, "padding is exact");
    padded
}

/// `TX-OVERSIZE`: the size without witness, times 4, against 4 000 000.
fn size() -> Vec<TxCheckCase> {
    vec![
        case(
            "oversize-limit",
            "Size without witness exactly 1 000 000 bytes (x4 = MAX_BLOCK_WEIGHT): passes",
            &["TX-OVERSIZE"],
            CORE_CHECK,
            &sized(MAX_STRIPPED_SIZE),
        ),
        case(
            "oversize-limit-plus-one",
            "Size without witness 1 000 001 bytes (x4 = MAX_BLOCK_WEIGHT + 4)",
            &["TX-OVERSIZE"],
            CORE_CHECK,
            &sized(MAX_STRIPPED_SIZE + 1),
        ),
    ]
}

fn with_values(values: &[i64]) -> Transaction {
    let mut spend = spending(&[outpoint(3, 0)]);
    spend.outputs = values.iter().map(|v| output(*v)).collect();
    spend
}

/// `TX-VOUT-NEGATIVE`, `TX-VOUT-TOOLARGE`, `TX-TXOUTTOTAL-TOOLARGE`.
fn output_values() -> Vec<TxCheckCase> {
    let money = "Core MoneyRange in CheckTransaction; CVE-2010-5139 (value overflow)";
    let table: [(&str, &str, &[&str], &[i64]); 8] = [
        ("vout-zero", "An output of 0 satoshis", &["TX-VOUT-NEGATIVE"], &[0]),
        ("vout-negative", "An output of -1 satoshi", &["TX-VOUT-NEGATIVE"], &[-1]),
        ("vout-max-money", "An output of exactly MAX_MONEY", &["TX-VOUT-TOOLARGE"], &[MAX_MONEY]),
        (
            "vout-max-money-plus-one",
            "An output of MAX_MONEY + 1",
            &["TX-VOUT-TOOLARGE"],
            &[MAX_MONEY + 1],
        ),
        (
            "txouttotal-max-money",
            "Two outputs totalling exactly MAX_MONEY",
            &["TX-TXOUTTOTAL-TOOLARGE"],
            &[MAX_MONEY - 1, 1],
        ),
        (
            "txouttotal-max-money-plus-one",
            "Two outputs, each in range, totalling MAX_MONEY + 1",
            &["TX-TXOUTTOTAL-TOOLARGE"],
            &[MAX_MONEY, 1],
        ),
        (
            "txouttotal-before-negative",
            "The total overflows at the second output, before a negative third: the overflow is reported",
            &["TX-TXOUTTOTAL-TOOLARGE", "TX-VOUT-NEGATIVE"],
            &[MAX_MONEY, 1, -1],
        ),
        (
            "vout-negative-before-toolarge",
            "A negative first output, then one above MAX_MONEY: outputs are taken in order",
            &["TX-VOUT-NEGATIVE", "TX-VOUT-TOOLARGE"],
            &[-1, MAX_MONEY + 1],
        ),
    ];
    table
        .iter()
        .map(|(id, description, rules, values)| {
            case(id, description, rules, money, &with_values(values))
        })
        .collect()
}

/// `TX-INPUTS-DUPLICATE` (CVE-2018-17144).
fn duplicate_inputs() -> Vec<TxCheckCase> {
    let cve = "Core CheckTransaction; CVE-2018-17144 (duplicate inputs)";
    vec![
        case(
            "inputs-same-txid",
            "Two inputs with the same txid and different output indices",
            &["TX-INPUTS-DUPLICATE"],
            cve,
            &spending(&[outpoint(4, 0), outpoint(4, 1)]),
        ),
        case(
            "inputs-same-index",
            "Two inputs with the same output index and different txids",
            &["TX-INPUTS-DUPLICATE"],
            cve,
            &spending(&[outpoint(4, 0), outpoint(5, 0)]),
        ),
        case(
            "inputs-duplicate",
            "Two inputs spending the same outpoint",
            &["TX-INPUTS-DUPLICATE"],
            cve,
            &spending(&[outpoint(4, 0), outpoint(4, 0)]),
        ),
        case(
            "inputs-duplicate-apart",
            "The first and third of three inputs spend the same outpoint",
            &["TX-INPUTS-DUPLICATE"],
            cve,
            &spending(&[outpoint(4, 0), outpoint(5, 0), outpoint(4, 0)]),
        ),
    ]
}

/// `TX-CB-LENGTH`: a coinbase scriptSig of 2 to 100 bytes.
fn coinbase_length() -> Vec<TxCheckCase> {
    [0usize, 1, 2, 100, 101]
        .iter()
        .map(|&len| {
            case(
                &format!("cb-length-{len}"),
                &format!("A coinbase whose scriptSig is {len} bytes"),
                &["TX-CB-LENGTH"],
                CORE_CHECK,
                &coinbase(len),
            )
        })
        .collect()
}

/// `TX-PREVOUT-NULL`.
fn null_prevouts() -> Vec<TxCheckCase> {
    let zero_txid = outpoint(0, 0);
    let max_index = outpoint(6, u32::MAX);
    vec![
        case(
            "prevout-zero-txid",
            "Two inputs, one with the zero txid but index 0: not the null outpoint",
            &["TX-PREVOUT-NULL"],
            CORE_CHECK,
            &spending(&[outpoint(6, 0), zero_txid]),
        ),
        case(
            "prevout-max-index",
            "Two inputs, one with index 0xffffffff but a non-zero txid: not the null outpoint",
            &["TX-PREVOUT-NULL"],
            CORE_CHECK,
            &spending(&[outpoint(6, 0), max_index]),
        ),
        case(
            "prevout-null-second",
            "Two inputs, the second spending the null outpoint: not a coinbase",
            &["TX-PREVOUT-NULL"],
            CORE_CHECK,
            &spending(&[outpoint(6, 0), OutPoint::NULL]),
        ),
        case(
            "prevout-null-first",
            "Two inputs, the first spending the null outpoint: a coinbase has exactly one input",
            &["TX-PREVOUT-NULL"],
            CORE_CHECK,
            &spending(&[OutPoint::NULL, outpoint(6, 0)]),
        ),
    ]
}

/// Transactions breaking two rules: the first in Core's order is reported.
fn check_order() -> Vec<TxCheckCase> {
    let mut duplicate_and_negative = spending(&[outpoint(7, 0), outpoint(7, 0)]);
    duplicate_and_negative.outputs[0].value = -1;
    let mut null_twice = spending(&[OutPoint::NULL, OutPoint::NULL]);
    null_twice.inputs[0].script_sig = vec![0x51];
    vec![
        case(
            "order-values-before-duplicates",
            "Duplicate inputs and a negative output: output values are checked first",
            &["TX-VOUT-NEGATIVE", "TX-INPUTS-DUPLICATE"],
            CORE_CHECK,
            &duplicate_and_negative,
        ),
        case(
            "order-duplicates-before-null",
            "Two inputs both spending the null outpoint: duplicates are checked before null prevouts",
            &["TX-INPUTS-DUPLICATE", "TX-PREVOUT-NULL"],
            CORE_CHECK,
            &null_twice,
        ),
    ]
}
