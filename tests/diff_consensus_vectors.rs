//! Differential test: every `script_tests.json` case whose flags are all
//! consensus flags gives the same pass/fail in canon and in Bitcoin Core's
//! own interpreter (libbitcoinconsensus, through the `bitcoinconsensus`
//! crate). libbitcoinconsensus accepts only consensus flags, so cases using
//! policy flags (STRICTENC, LOW_S, MINIMALDATA, CLEANSTACK, ...) are out of
//! its reach; their count is printed and the rest are all compared.

mod common;

use bitcoinconsensus as core;
use canon::conformance::script_harness::{crediting_transaction, spending_transaction};
use canon::conformance::script_tests::{parse_cases, ScriptCase};
use canon::encoding::Encode;
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;

/// The flags libbitcoinconsensus accepts (`bitcoinconsensus_SCRIPT_FLAGS_VERIFY_ALL`).
fn consensus_flags() -> VerifyFlags {
    VerifyFlags::from_names(
        "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT",
    )
    .expect("flag names")
}

/// The verdicts of canon and of Core for one case under `flags`.
fn verdicts(case: &ScriptCase, flags: VerifyFlags) -> (bool, bool) {
    let credit = crediting_transaction(&case.script_pubkey, case.amount);
    let spend = spending_transaction(&case.script_sig, case.witness.clone(), &credit);
    let spent = credit.outputs[0].clone();
    let txdata = PrecomputedTransactionData::new(&spend, Some(vec![spent.clone()]));
    let checker = TransactionSignatureChecker::new(&spend, 0, spent.value, &txdata);
    // Core's DoTest runs CLEANSTACK cases with P2SH and WITNESS added; none
    // reach this test, CLEANSTACK being a policy flag.
    let canon = verify_script(
        &case.script_sig,
        &case.script_pubkey,
        &case.witness,
        flags,
        &checker,
    )
    .is_ok();
    let utxo = core::Utxo {
        script_pubkey: spent.script_pubkey.as_ptr(),
        script_pubkey_len: spent.script_pubkey.len() as u32,
        value: spent.value,
    };
    let core = core::verify_with_flags(
        &spent.script_pubkey,
        spent.value as u64,
        &spend.to_bytes(),
        Some(std::slice::from_ref(&utxo)),
        0,
        flags.0,
    )
    .is_ok();
    (canon, core)
}

#[test]
fn script_tests_agree_with_libbitcoinconsensus() {
    let path = common::shared_vectors().join("core/script_tests.json");
    let text = std::fs::read_to_string(&path).expect("script_tests.json is readable");
    let cases = parse_cases(&text).expect("every row parses");
    let consensus = consensus_flags();
    let (comparable, policy): (Vec<_>, Vec<_>) = cases
        .iter()
        .partition(|(_, case)| consensus.contains(case.flags));
    let mut disagreements = Vec::new();
    let mut core_passes = 0;
    for (index, case) in &comparable {
        let (canon, core) = verdicts(case, case.flags);
        core_passes += usize::from(core);
        // Core's verdict must also be what the vector expects.
        assert_eq!(
            core,
            case.expected == "OK",
            "row {index}: Core disagrees with the vector itself"
        );
        if canon != core {
            disagreements.push(format!("row {index}: canon {canon}, Core {core}"));
        }
    }
    // Every case again with its flags cut down to the consensus ones: no
    // expectation is known then, but the two engines must still agree.
    for (index, case) in &cases {
        let reduced = VerifyFlags(case.flags.0 & consensus.0);
        let (canon, core) = verdicts(case, reduced);
        if canon != core {
            disagreements.push(format!(
                "row {index} under {}: canon {canon}, Core {core}",
                reduced.names()
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(
        !comparable.is_empty(),
        "no case runs under consensus flags only"
    );
    println!(
        "{} consensus-flag cases compared ({} valid in both), {} cases compared under their consensus flags (of {} with policy flags), 0 disagreements",
        comparable.len(),
        core_passes,
        cases.len(),
        policy.len()
    );
}
