//! Which witness v1 outputs are taproot: 32-byte programs, not wrapped in
//! P2SH, under the TAPROOT flag. The others spend like any upgradable
//! witness program.

use super::{junk_signature, Case, Fill, Fixture, Spending};
use crate::conformance::spend::p2sh_script;
use crate::script::instruction::push_data;
use crate::script::ScriptError::{
    DiscourageUpgradableWitnessProgram, WitnessMalleated, WitnessMalleatedP2sh,
};

/// The consensus flags without TAPROOT.
const PRE_TAPROOT: &str = "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS";

pub(super) fn cases() -> Vec<Case> {
    let mut cases = vec![without_taproot_flag()];
    cases.extend(other_sizes());
    cases.extend(p2sh_wrapped());
    cases
}

fn without_taproot_flag() -> Case {
    let id = "program-without-taproot-flag";
    let fixture = Fixture::new(id, 0x12, None);
    Case::new(
        id,
        "A taproot output before the TAPROOT flag: any witness passes (here 64 bytes \
         that are no signature) under every subset of the pre-taproot consensus flags. \
         Failure: a non-empty scriptSig (WITNESS)",
        &["TAPROOT-PROGRAM", "SCRIPT-WITNESS-MALLEATED"],
        &fixture.spending,
    )
    .flags(PRE_TAPROOT)
    .not_final()
    .success(Fill::witness(vec![junk_signature()]))
    .failure(
        Fill::with_script_sig(vec![0x51], vec![fixture.key_sig(0, None)]),
        WitnessMalleated,
    )
}

/// `OP_1` and a push of `len` bytes.
fn v1_program(len: usize) -> Vec<u8> {
    let mut script = vec![0x51];
    push_data(&mut script, &vec![0x42; len]);
    script
}

fn other_sizes() -> Vec<Case> {
    let mut cases = Vec::new();
    for len in [31usize, 33, 40] {
        let id = format!("program-v1-{len}-bytes");
        let spending = Spending::new(&id, v1_program(len));
        cases.push(
            Case::new(
                &id,
                format!(
                    "A witness v1 program of {len} bytes is not taproot: a witness that is \
                     no valid taproot spend passes. Failure: a non-empty scriptSig"
                ),
                &["TAPROOT-PROGRAM", "SCRIPT-WITNESS-MALLEATED"],
                &spending,
            )
            .flags("P2SH,WITNESS")
            .success(Fill::witness(vec![junk_signature()]))
            .failure(
                Fill::with_script_sig(vec![0x51], vec![junk_signature()]),
                WitnessMalleated,
            ),
        );
        let id = format!("program-v1-{len}-bytes-discouraged");
        let spending = Spending::new(&id, v1_program(len));
        cases.push(
            Case::new(
                &id,
                format!(
                    "A witness v1 program of {len} bytes. Failure: under the policy flag \
                     DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM"
                ),
                &["TAPROOT-PROGRAM", "SCRIPT-WITNESS-UPGRADABLE"],
                &spending,
            )
            .flags("P2SH,WITNESS,TAPROOT,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM")
            .failure(
                Fill::witness(vec![junk_signature()]),
                DiscourageUpgradableWitnessProgram,
            ),
        );
    }
    cases
}

fn p2sh_wrapped() -> Vec<Case> {
    let mut cases = Vec::new();
    // A real output key, so that only the wrapping keeps taproot rules off.
    let redeem = Fixture::new("program-p2sh", 0x13, None)
        .output
        .script_pubkey();
    let push_redeem = |extra: &[u8]| {
        let mut script = extra.to_vec();
        push_data(&mut script, &redeem);
        script
    };
    for (name, witness) in [
        ("junk-signature", vec![junk_signature()]),
        ("empty-witness", vec![]),
    ] {
        let id = format!("program-p2sh-wrapped-v1-{name}");
        let spending = Spending::new(&id, p2sh_script(&redeem));
        let what = if witness.is_empty() {
            "an empty witness"
        } else {
            "64 bytes that are no signature"
        };
        cases.push(
            Case::new(
                &id,
                format!(
                    "P2SH-wrapped witness v1, 32 bytes: not taproot, so {what} passes. \
                     Failure: a scriptSig that is not exactly the push of the redeem script"
                ),
                &["TAPROOT-PROGRAM", "SCRIPT-WITNESS-MALLEATED"],
                &spending,
            )
            .flags("P2SH,WITNESS")
            .success(Fill::with_script_sig(push_redeem(&[]), witness.clone()))
            .failure(
                Fill::with_script_sig(push_redeem(&[0x00]), witness),
                WitnessMalleatedP2sh,
            ),
        );
    }
    let id = "program-p2sh-wrapped-v1-discouraged";
    let spending = Spending::new(id, p2sh_script(&redeem));
    cases.push(
        Case::new(
            id,
            "P2SH-wrapped witness v1, 32 bytes. Failure: under the policy flag \
             DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
            &["TAPROOT-PROGRAM", "SCRIPT-WITNESS-UPGRADABLE"],
            &spending,
        )
        .flags("P2SH,WITNESS,TAPROOT,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM")
        .failure(
            Fill::with_script_sig(push_redeem(&[]), vec![junk_signature()]),
            DiscourageUpgradableWitnessProgram,
        ),
    );
    cases
}
