//! canon's taproot and script corpora (`vectors/taproot/`, `vectors/script/`) through Bitcoin Core's own
//! interpreter: libbitcoinconsensus (Core 26, through the `bitcoinconsensus`
//! crate), with the spent outputs that taproot signatures need.
//!
//! libbitcoinconsensus accepts only the seven consensus flags (P2SH, DERSIG,
//! NULLDUMMY, CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY, WITNESS, TAPROOT).
//! Every part (success or failure) of every case runs through both engines
//! under all 64 consistent combinations of them, and
//!
//! - the two verdicts must agree under every combination;
//! - under the combinations the case's expectation covers (the subsets of
//!   `flags` for a success, all 64 when final; the supersets for a
//!   failure), Core's verdict must be the expected one.
//!
//! Cases about a policy flag (DISCOURAGE_OP_SUCCESS and the like) cannot
//! be run under that flag in Core: their parts are compared at the
//! consensus combinations only, where canon and Core must still agree.

use std::path::PathBuf;

use bitcoinconsensus as core;
use canon::conformance::script_assets::{
    all_consensus_flags, consensus_mask, failure_flag_sets, read_case, success_flag_sets,
    AssetCase, AssetSpend,
};
use canon::encoding::Encode;
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;
use serde_json::Value;

/// The corpus files of `vectors/<dir>`, in name order.
fn corpus_files(dir: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    files
}

/// The transaction with the input under test filled, serialized with witness.
fn filled(case: &AssetCase, spend: &AssetSpend) -> canon::primitives::Transaction {
    let mut tx = case.tx.clone();
    tx.inputs[case.index].script_sig = spend.script_sig.clone();
    tx.inputs[case.index].witness = spend.witness.clone();
    tx
}

/// Core's verdict; a harness error (not a script failure) panics.
fn core_verdict(case: &AssetCase, tx_bytes: &[u8], flags: VerifyFlags) -> bool {
    let utxos: Vec<core::Utxo> = case
        .prevouts
        .iter()
        .map(|p| core::Utxo {
            script_pubkey: p.script_pubkey.as_ptr(),
            script_pubkey_len: p.script_pubkey.len() as u32,
            value: p.value,
        })
        .collect();
    let spent = &case.prevouts[case.index];
    match core::verify_with_flags(
        &spent.script_pubkey,
        spent.value as u64,
        tx_bytes,
        Some(&utxos),
        case.index,
        flags.0,
    ) {
        Ok(()) => true,
        Err(core::Error::ERR_SCRIPT) => false,
        Err(other) => panic!("libbitcoinconsensus harness error: {other:?}"),
    }
}

/// canon's verdict.
fn canon_verdict(
    tx: &canon::primitives::Transaction,
    case: &AssetCase,
    flags: VerifyFlags,
) -> Result<(), String> {
    let txdata = PrecomputedTransactionData::new(tx, Some(case.prevouts.clone()));
    let spent = &case.prevouts[case.index];
    let checker = TransactionSignatureChecker::new(tx, case.index, spent.value, &txdata);
    let input = &tx.inputs[case.index];
    verify_script(
        &input.script_sig,
        &spent.script_pubkey,
        &input.witness,
        flags,
        &checker,
    )
    .map_err(|e| e.token().to_string())
}

#[derive(Default)]
struct Tally {
    cases: usize,
    parts: usize,
    policy_parts: usize,
    comparisons: usize,
    expectation_checks: usize,
    disagreements: Vec<String>,
    unexpected: Vec<String>,
}

fn run_part(tally: &mut Tally, id: &str, case: &AssetCase, spend: &AssetSpend, expect_pass: bool) {
    tally.parts += 1;
    let expected_sets = if expect_pass {
        success_flag_sets(case.flags, case.is_final)
    } else {
        failure_flag_sets(case.flags)
    };
    if expected_sets.iter().any(|s| !consensus_mask().contains(*s)) {
        tally.policy_parts += 1;
    }
    let tx = filled(case, spend);
    let tx_bytes = tx.to_bytes();
    let part = if expect_pass { "success" } else { "failure" };
    for flags in all_consensus_flags() {
        let core = core_verdict(case, &tx_bytes, flags);
        let canon = canon_verdict(&tx, case, flags);
        tally.comparisons += 1;
        if core != canon.is_ok() {
            tally.disagreements.push(format!(
                "{id} ({part}) under {}: canon {canon:?}, Core {}",
                flags.names(),
                if core { "passes" } else { "fails" }
            ));
        }
        if expected_sets.contains(&flags) {
            tally.expectation_checks += 1;
            if core != expect_pass {
                tally.unexpected.push(format!(
                    "{id} ({part}) under {}: Core {}",
                    flags.names(),
                    if core { "passes" } else { "fails" }
                ));
            }
        }
    }
}

#[test]
fn core_agrees_with_every_taproot_case() {
    let tally = run_corpus("taproot");
    assert!(
        tally.cases >= 290,
        "the corpus shrank: {} cases",
        tally.cases
    );
}

/// The script family (`vectors/script/`: execution rules and real ECDSA
/// signatures) through Core the same way.
#[test]
fn core_agrees_with_every_script_case() {
    let tally = run_corpus("script");
    assert!(
        tally.cases >= 90,
        "the corpus shrank: {} cases",
        tally.cases
    );
}

/// Runs every case of `vectors/<dir>` through both engines; panics on any
/// disagreement or unexpected Core verdict.
fn run_corpus(dir: &str) -> Tally {
    let mut tally = Tally::default();
    for file in corpus_files(dir) {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(json["kind"], "script", "{}", file.display());
        for value in json["cases"].as_array().unwrap() {
            let id = value["id"].as_str().unwrap();
            let case = read_case(value).unwrap_or_else(|e| panic!("{id}: {e}"));
            tally.cases += 1;
            if let Some(success) = &case.success {
                run_part(&mut tally, id, &case, success, true);
            }
            if let Some(failure) = &case.failure {
                run_part(&mut tally, id, &case, failure, false);
            }
        }
    }
    println!(
        "{} cases, {} parts ({} about a policy flag, compared at consensus flags only), \
         {} canon/Core comparisons, {} checks of Core against the expected verdict, \
         {} disagreements, {} unexpected Core verdicts",
        tally.cases,
        tally.parts,
        tally.policy_parts,
        tally.comparisons,
        tally.expectation_checks,
        tally.disagreements.len(),
        tally.unexpected.len()
    );
    assert!(
        tally.disagreements.is_empty(),
        "canon and Core disagree:\n{}",
        tally.disagreements.join("\n")
    );
    assert!(
        tally.unexpected.is_empty(),
        "Core contradicts the corpus:\n{}",
        tally.unexpected.join("\n")
    );
    tally
}
