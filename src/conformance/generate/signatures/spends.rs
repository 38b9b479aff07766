//! Spends with real signatures: CHECKMULTISIG, the order of evaluation,
//! witness programs, scriptCodes, truth and parsing, and the sighash each
//! signature signs.

use super::{der, legacy_sig, p2pk, pushes, retyped, sign, v0_digest, v0_sig, with_type};
use crate::conformance::asm::push_int64;
use crate::conformance::generate::taproot::{Case, Fill, Spending, AMOUNT};
use crate::conformance::spend::{p2pkh_script, public_key, witness_v0_script};
use crate::primitives::hash::{hash160, sha256};
use crate::script::ScriptError::{
    BadOpcode, DiscourageUpgradableWitnessProgram, EvalFalse, InvalidStackOperation,
    OpCodeseparator, PubkeyCount, SigCount, SigFindAndDelete, SigNullFail, WitnessMalleated,
    WitnessProgramMismatch, WitnessProgramWrongLength, WitnessUnexpected,
};
use crate::sighash::SIGHASH_ONE;

const OP_0: u8 = 0x00;
const OP_1: u8 = 0x51;
const OP_2: u8 = 0x52;
const OP_NOP: u8 = 0x61;
const OP_IF: u8 = 0x63;
const OP_ENDIF: u8 = 0x68;
const OP_DROP: u8 = 0x75;
const OP_NOT: u8 = 0x91;
const OP_CODESEPARATOR: u8 = 0xab;
const OP_CHECKSIG: u8 = 0xac;
const OP_CHECKMULTISIG: u8 = 0xae;

pub(super) fn cases() -> Vec<Case> {
    let mut cases = multisig();
    cases.extend(witness_programs());
    cases.extend(script_codes());
    cases.extend(truth_and_parsing());
    cases.extend(sighashes());
    cases
}

fn script_sig(script: Vec<u8>) -> Fill {
    Fill::with_script_sig(script, Vec::new())
}

/// `dummy sigs... m keys(1..=n) n` for a bare `OP_CHECKMULTISIG` output:
/// the counts and keys come from the scriptSig, so one output serves every
/// count.
fn multisig_args(dummy: &[u8], sigs: &[Vec<u8>], m: i64, keys: &[u8]) -> Vec<u8> {
    let mut script = pushes(&[dummy]);
    sigs.iter().for_each(|sig| script.extend(pushes(&[sig])));
    push_int64(&mut script, m);
    keys.iter()
        .for_each(|k| script.extend(pushes(&[&public_key(*k, true)])));
    push_int64(&mut script, keys.len() as i64);
    script
}

/// `SCRIPT-MULTISIG`, `SCRIPT-NULLFAIL` (CHECKMULTISIG).
fn multisig() -> Vec<Case> {
    let code = vec![OP_CHECKMULTISIG];
    let spending = Spending::new("signatures/multisig", code.clone());
    let sig = |key: u8| legacy_sig(&spending, key, &code, 0x01);
    let keys20: Vec<u8> = (1..=20).collect();
    let keys21: Vec<u8> = (1..=21).collect();
    let all20: Vec<Vec<u8>> = (1..=20).map(sig).collect();
    let mut wrong20 = all20.clone();
    wrong20[19] = sig(1);
    let case =
        |id: &str, text: &str| Case::new(id, text, &["SCRIPT-MULTISIG"], &spending).flags("P2SH");
    let mut cases = vec![
        case(
            "multisig-2-of-3-order",
            "2-of-3 with the signatures of keys 1 and 3 in key order. Failure: in reverse order",
        )
        .success(script_sig(multisig_args(
            &[],
            &[sig(1), sig(3)],
            2,
            &[1, 2, 3],
        )))
        .failure(
            script_sig(multisig_args(&[], &[sig(3), sig(1)], 2, &[1, 2, 3])),
            EvalFalse,
        ),
        case(
            "multisig-20-keys",
            "1-of-20 keys (the most). Failure: 1-of-21",
        )
        .success(script_sig(multisig_args(&[], &[sig(20)], 1, &keys20)))
        .failure(
            script_sig(multisig_args(&[], &[sig(20)], 1, &keys21)),
            PubkeyCount,
        ),
        case(
            "multisig-20-of-20",
            "20-of-20, every signature valid. Failure: the last one is key 1's",
        )
        .success(script_sig(multisig_args(&[], &all20, 20, &keys20)))
        .failure(
            script_sig(multisig_args(&[], &wrong20, 20, &keys20)),
            EvalFalse,
        ),
        case(
            "multisig-0-of-0",
            "0-of-0 with only the dummy: true. Failure: a key count of -1",
        )
        .success(script_sig(multisig_args(&[], &[], 0, &[])))
        .failure(
            script_sig({
                let mut s = pushes(&[&[]]);
                push_int64(&mut s, -1);
                s
            }),
            PubkeyCount,
        ),
        case(
            "multisig-sig-count",
            "1-of-1. Failure: 2 signatures for 1 key",
        )
        .success(script_sig(multisig_args(&[], &[sig(1)], 1, &[1])))
        .failure(
            script_sig(multisig_args(&[], &[sig(1), sig(1)], 2, &[1])),
            SigCount,
        ),
        case(
            "multisig-dummy",
            "1-of-1 with the dummy element. Failure: without it, one element short",
        )
        .success(script_sig(multisig_args(&[], &[sig(1)], 1, &[1])))
        .failure(
            script_sig(multisig_args(&[], &[sig(1)], 1, &[1])[1..].to_vec()),
            InvalidStackOperation,
        ),
        case(
            "multisig-0-of-2",
            "0-of-2: no signature needed. Failure: 1-of-1 with key 2's signature against key 1",
        )
        .success(script_sig(multisig_args(&[], &[], 0, &[1, 2])))
        .failure(
            script_sig(multisig_args(&[], &[sig(2)], 1, &[1])),
            EvalFalse,
        ),
    ];
    let mut not = code.clone();
    not.push(OP_NOT);
    let spending = Spending::new("signatures/multisig-not", not.clone());
    let bad = retyped(&legacy_sig(&spending, 1, &not, 0x01), 0x02);
    cases.push(
        Case::new("nullfail-checkmultisig", "1-of-1 CHECKMULTISIG OP_NOT with an empty signature under NULLFAIL. Failure: a well-formed signature that does not verify", &["SCRIPT-NULLFAIL", "SCRIPT-MULTISIG"], &spending)
            .flags("P2SH,NULLFAIL")
            .success(script_sig(multisig_args(&[], &[Vec::new()], 1, &[1])))
            .failure(script_sig(multisig_args(&[], &[bad], 1, &[1])), SigNullFail),
    );
    cases
}

/// `SCRIPT-WITNESS-PROGRAM`, `SCRIPT-P2WPKH`, `SCRIPT-WITNESS-WRONG-LENGTH`,
/// `SCRIPT-WITNESS-UPGRADABLE`, `SCRIPT-EVAL-ORDER`.
fn witness_programs() -> Vec<Case> {
    let key = public_key(1, true);
    let p2wpkh = Spending::new("signatures/p2wpkh", witness_v0_script(&hash160(&key)));
    let code = p2pkh_script(&key);
    let sig = v0_sig(&p2wpkh, 1, &code, AMOUNT, 0x01);
    let wrong_amount = v0_sig(&p2wpkh, 1, &code, AMOUNT - 1, 0x01);
    let w = |items: &[&[u8]]| Fill::witness(items.iter().map(|i| i.to_vec()).collect());
    let program = |version: u8, len: usize| {
        let mut script = vec![version];
        script.extend(pushes(&[&vec![0x5a; len]]));
        script
    };
    let not_program = Spending::new("signatures/not-a-program", {
        let mut script = vec![OP_0, 0x4c, 20];
        script.extend([0x5a; 20]);
        script
    });
    let v1_43 = Spending::new("signatures/program-43-bytes", program(OP_1, 41));
    let v1_42 = Spending::new("signatures/program-42-bytes", program(OP_1, 40));
    let v0_21 = Spending::new("signatures/v0-21-bytes", program(OP_0, 21));
    let v2 = Spending::new("signatures/v2", program(OP_2, 32));
    let p2pk_spending = Spending::new("signatures/eval-order", p2pk(&key));
    let p2pk_sig = legacy_sig(&p2pk_spending, 1, &p2pk(&key), 0x01);
    vec![
        Case::new("p2wpkh-item-count", "P2WPKH with signature and key. Failure: a third witness item", &["SCRIPT-P2WPKH", "SIGHASH-BIP143"], &p2wpkh)
            .flags("P2SH,WITNESS")
            .success(w(&[&sig, &key]))
            .failure(w(&[&sig, &key, &[0x01]]), WitnessProgramMismatch),
        Case::new("p2wpkh-one-item", "P2WPKH with signature and key. Failure: the signature alone", &["SCRIPT-P2WPKH"], &p2wpkh)
            .flags("P2SH,WITNESS")
            .success(w(&[&sig, &key]))
            .failure(w(&[&sig]), WitnessProgramMismatch),
        Case::new("bip143-amount", "P2WPKH signed over the spent amount. Failure: signed over the amount less one satoshi", &["SIGHASH-BIP143", "SCRIPT-P2WPKH"], &p2wpkh)
            .flags("P2SH,WITNESS")
            .success(w(&[&sig, &key]))
            .failure(w(&[&wrong_amount, &key]), EvalFalse),
        Case::new("witness-v0-20-bytes", "A version 0 program of 20 bytes is P2WPKH, one of the two lengths allowed (SCRIPT-WITNESS-WRONG-LENGTH's other side)", &["SCRIPT-WITNESS-WRONG-LENGTH", "SCRIPT-WITNESS-PROGRAM"], &p2wpkh)
            .flags("P2SH,WITNESS")
            .success(w(&[&sig, &key])),
        Case::new("witness-v0-21-bytes", "A version 0 program of 21 bytes. Failure: under WITNESS, whatever the witness", &["SCRIPT-WITNESS-WRONG-LENGTH"], &v0_21)
            .flags("P2SH,WITNESS")
            .failure(w(&[&[0x01]]), WitnessProgramWrongLength),
        Case::new("witness-v0-21-bytes-without-witness", "A version 0 program of 21 bytes without WITNESS: a script leaving a true push", &["SCRIPT-WITNESS-PROGRAM"], &v0_21)
            .flags("P2SH")
            .not_final()
            .success(w(&[])),
        Case::new("witness-program-pushdata1", "OP_0 OP_PUSHDATA1 <20 bytes> is not a witness program (not a direct push): runs as a script. Failure: a witness, unexpected", &["SCRIPT-WITNESS-PROGRAM", "SCRIPT-WITNESS-UNEXPECTED"], &not_program)
            .flags("P2SH,WITNESS")
            .success(w(&[]))
            .failure(w(&[&[0x01]]), WitnessUnexpected),
        Case::new("witness-program-43-bytes", "OP_1 <41 bytes> (43 bytes) is no witness program: runs as a script. Failure: a witness, unexpected", &["SCRIPT-WITNESS-PROGRAM", "SCRIPT-WITNESS-UNEXPECTED"], &v1_43)
            .flags("P2SH,WITNESS")
            .success(w(&[]))
            .failure(w(&[&[0x01]]), WitnessUnexpected),
        Case::new("witness-program-42-bytes", "OP_1 <40 bytes> (42 bytes) is a version 1 program, not taproot: any witness passes. Failure: a non-empty scriptSig", &["SCRIPT-WITNESS-PROGRAM", "SCRIPT-WITNESS-UPGRADABLE", "SCRIPT-WITNESS-MALLEATED"], &v1_42)
            .flags("P2SH,WITNESS")
            .success(w(&[&[0x01]]))
            .failure(Fill::with_script_sig(vec![OP_1], vec![vec![0x01]]), WitnessMalleated),
        Case::new("witness-v2-upgradable", "A version 2 program of 32 bytes succeeds with any witness", &["SCRIPT-WITNESS-UPGRADABLE"], &v2)
            .flags("P2SH,WITNESS")
            .success(w(&[&[0x01]])),
        Case::new("witness-v2-discouraged", "A version 2 program. Failure: under DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", &["SCRIPT-WITNESS-UPGRADABLE"], &v2)
            .flags("P2SH,WITNESS,DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM")
            .failure(w(&[&[0x01]]), DiscourageUpgradableWitnessProgram),
        Case::new("eval-order-stack", "P2PK: the scriptPubKey runs on the stack the scriptSig left. Failure: the scriptSig also pushes an empty element, which CHECKSIG takes as the signature, leaving false", &["SCRIPT-EVAL-ORDER"], &p2pk_spending)
            .flags("P2SH")
            .success(script_sig(pushes(&[&p2pk_sig])))
            .failure(script_sig(pushes(&[&p2pk_sig, &[]])), EvalFalse),
    ]
}

/// `SCRIPT-SCRIPTCODE`, `SCRIPT-CONST-SCRIPTCODE`: what a signature commits
/// to after OP_CODESEPARATOR and FindAndDelete.
fn script_codes() -> Vec<Case> {
    let key = public_key(1, true);
    // OP_NOP OP_CODESEPARATOR <key> OP_CHECKSIG: signs `<key> OP_CHECKSIG`.
    let script = [vec![OP_NOP, OP_CODESEPARATOR], p2pk(&key)].concat();
    let codesep = Spending::new("signatures/codesep", script.clone());
    let after = legacy_sig(&codesep, 1, &p2pk(&key), 0x01);
    let whole = legacy_sig(&codesep, 1, &script, 0x01);
    // P2WSH <key> OP_CODESEPARATOR OP_CHECKSIG: signs `OP_CHECKSIG`.
    let ws = [pushes(&[&key]), vec![OP_CODESEPARATOR, OP_CHECKSIG]].concat();
    let p2wsh = Spending::new("signatures/codesep-p2wsh", witness_v0_script(&sha256(&ws)));
    let ws_after = v0_sig(&p2wsh, 1, &[OP_CHECKSIG], AMOUNT, 0x01);
    let ws_whole = v0_sig(&p2wsh, 1, &ws, AMOUNT, 0x01);
    // <S> OP_DROP <key> OP_CHECKSIG, where S signs the script with S deleted.
    let deleted = [vec![OP_DROP], p2pk(&key)].concat();
    let probe = Spending::new("signatures/findanddelete", Vec::new());
    let s = {
        // The scriptCode does not depend on the output script, only the
        // transaction does, and that is fixed by the label.
        let raw = sign(1, &super::legacy_digest(&probe, &deleted, 0x01));
        with_type(der(&raw), 0x01)
    };
    let full = [pushes(&[&s]), deleted.clone()].concat();
    let fad = Spending::new("signatures/findanddelete", full.clone());
    let s_acp = legacy_sig(&fad, 1, &deleted, 0x81);
    let s_full = legacy_sig(&fad, 1, &full, 0x01);
    vec![
        Case::new("scriptcode-codeseparator", "A signature over the script after the executed OP_CODESEPARATOR. Failure: over the whole script", &["SCRIPT-SCRIPTCODE", "SIGHASH-LEGACY"], &codesep)
            .flags("P2SH")
            .success(script_sig(pushes(&[&after])))
            .failure(script_sig(pushes(&[&whole])), EvalFalse),
        Case::new("scriptcode-codeseparator-p2wsh", "P2WSH: a signature over the witness script after OP_CODESEPARATOR. Failure: over the whole witness script", &["SCRIPT-SCRIPTCODE", "SIGHASH-BIP143"], &p2wsh)
            .flags("P2SH,WITNESS")
            .success(Fill::witness(vec![ws_after, ws.clone()]))
            .failure(Fill::witness(vec![ws_whole, ws.clone()]), EvalFalse),
        Case::new("scriptcode-findanddelete", "The output holds the signature S, which signs the script with S deleted: FindAndDelete makes it valid. Failure: S' (hash type 0x81) over the same deleted script: S' is not in the script, nothing is deleted", &["SCRIPT-SCRIPTCODE"], &fad)
            .flags("P2SH")
            .success(script_sig(pushes(&[&s])))
            .failure(script_sig(pushes(&[&s_acp])), EvalFalse),
        Case::new("const-scriptcode-findanddelete", "Under CONST_SCRIPTCODE a signature over the whole script, deleting nothing. Failure: S, whose deletion removes something", &["SCRIPT-CONST-SCRIPTCODE"], &fad)
            .flags("P2SH,CONST_SCRIPTCODE")
            .success(script_sig(pushes(&[&s_full])))
            .failure(script_sig(pushes(&[&s])), SigFindAndDelete),
        Case::new("const-scriptcode-codeseparator", "Failure: any OP_CODESEPARATOR in a BASE script under CONST_SCRIPTCODE", &["SCRIPT-CONST-SCRIPTCODE"], &codesep)
            .flags("P2SH,CONST_SCRIPTCODE")
            .failure(script_sig(pushes(&[&after])), OpCodeseparator),
    ]
}

/// `SCRIPT-TRUTH`, `SCRIPT-PARSE`, over a bare `OP_NOP` output.
fn truth_and_parsing() -> Vec<Case> {
    let nop = Spending::new("signatures/truth", vec![OP_NOP]);
    let one = Spending::new("signatures/parse", vec![OP_1]);
    let push = |bytes: &[u8]| script_sig(pushes(&[bytes]));
    vec![
        Case::new("truth-negative-zero", "0x80 0x00 is true (the sign bit is not in the last byte). Failure: 0x00 0x80, negative zero, false", &["SCRIPT-TRUTH"], &nop)
            .flags("P2SH")
            .success(push(&[0x80, 0x00]))
            .failure(push(&[0x00, 0x80]), EvalFalse),
        Case::new("truth-zero-bytes", "0x00 0x00 0x01 is true. Failure: three zero bytes, false", &["SCRIPT-TRUTH"], &nop)
            .flags("P2SH")
            .success(push(&[0x00, 0x00, 0x01]))
            .failure(push(&[0x00, 0x00, 0x00]), EvalFalse),
        Case::new("truth-0x81", "0x81 (minus one) is true. Failure: 0x80, negative zero", &["SCRIPT-TRUTH"], &nop)
            .flags("P2SH")
            .success(push(&[0x81]))
            .failure(push(&[0x80]), EvalFalse),
        Case::new("parse-truncated-push", "A push of one byte, complete. Failure: a push of two with one left", &["SCRIPT-PARSE"], &one)
            .flags("P2SH")
            .success(script_sig(vec![0x01, 0x05]))
            .failure(script_sig(vec![0x02, 0x05]), BadOpcode),
        Case::new("parse-truncated-unexecuted", "An unexecuted branch. Failure: OP_PUSHDATA1 without its length in it; parsing fails even there", &["SCRIPT-PARSE"], &one)
            .flags("P2SH")
            .success(script_sig(vec![OP_0, OP_IF, OP_ENDIF]))
            .failure(script_sig(vec![OP_0, OP_IF, 0x4c]), BadOpcode),
        Case::new("parse-truncated-pushdata2", "OP_PUSHDATA2 of two bytes, complete. Failure: its length field cut off", &["SCRIPT-PARSE"], &one)
            .flags("P2SH")
            .success(script_sig(vec![0x4d, 0x02, 0x00, 0x01, 0x02]))
            .failure(script_sig(vec![0x4d, 0x02]), BadOpcode),
    ]
}

/// `SIGHASH-LEGACY`, `SIGHASH-LEGACY-SINGLE-BUG`, `SIGHASH-BIP143`: real
/// signatures over every hash type.
fn sighashes() -> Vec<Case> {
    let key = public_key(1, true);
    let script = p2pk(&key);
    let spending = Spending::new("signatures/hash-types", script.clone());
    let mut cases = Vec::new();
    for hash_type in [0x01, 0x02, 0x03, 0x81, 0x82, 0x83] {
        let sig = legacy_sig(&spending, 1, &script, hash_type);
        let other = if hash_type == 0x01 { 0x81 } else { 0x01 };
        cases.push(
            Case::new(format!("sighash-legacy-{hash_type:#04x}"), format!("P2PK signed with hash type {hash_type:#04x}. Failure: the same signature with type byte {other:#04x}"), &["SIGHASH-LEGACY", "SCRIPT-ECDSA-VERIFY"], &spending)
                .flags("P2SH")
                .success(script_sig(pushes(&[&sig])))
                .failure(script_sig(pushes(&[&retyped(&sig, other)])), EvalFalse),
        );
    }
    // Input 2 of three, two outputs: SINGLE has no output to sign.
    let bug = Spending::at("signatures/single-bug", script.clone(), 2);
    let over_one = with_type(der(&sign(1, &SIGHASH_ONE)), 0x03);
    cases.push(
        Case::new("sighash-single-bug", "Input 2 of a two-output transaction: a SINGLE signature over the number 1 verifies. Failure: the same signature with type ALL, whose hash is real", &["SIGHASH-LEGACY-SINGLE-BUG", "SIGHASH-LEGACY"], &bug)
            .flags("P2SH")
            .success(script_sig(pushes(&[&over_one])))
            .failure(script_sig(pushes(&[&retyped(&over_one, 0x01)])), EvalFalse),
    );
    let code = p2pkh_script(&key);
    let wbug = Spending::at(
        "signatures/single-bug-p2wpkh",
        witness_v0_script(&hash160(&key)),
        2,
    );
    let real = v0_sig(&wbug, 1, &code, AMOUNT, 0x03);
    let one_v0 = with_type(der(&sign(1, &SIGHASH_ONE)), 0x03);
    assert_ne!(v0_digest(&wbug, &code, AMOUNT, 0x03), SIGHASH_ONE);
    cases.push(
        Case::new("sighash-single-no-bug-bip143", "P2WPKH at input 2 of a two-output transaction: SINGLE signs a real hash (hashOutputs zero). Failure: a signature over the number 1, the legacy bug has no place here", &["SIGHASH-BIP143", "SCRIPT-P2WPKH"], &wbug)
            .flags("P2SH,WITNESS")
            .success(Fill::witness(vec![real, key.clone()]))
            .failure(Fill::witness(vec![one_v0, key.clone()]), EvalFalse),
    );
    cases
}
