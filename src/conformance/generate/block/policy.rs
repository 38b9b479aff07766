//! What a block allows that relay policy refuses, and the script limits
//! that do hold in a block (`SCRIPT-FLAGS-BLOCK`). Each case creates an
//! output in one transaction and spends it in the next, in the same block,
//! so the prefix needs no output of that type.

use super::wallet::{self, ecdsa};
use super::{block_file, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::conformance::spend::{p2pkh_script, public_key, witness_v0_script};
use crate::conformance::taptree::{TapNode, TaprootOutput};
use crate::primitives::hash::{hash160, sha256};
use crate::primitives::{Block, OutPoint, Transaction, TxIn, TxOut, Witness};
use crate::script::opcodes::{
    OP_0, OP_1, OP_2, OP_CHECKSIG, OP_CODESEPARATOR, OP_DROP, OP_ELSE, OP_ENDIF, OP_IF, OP_NOT,
    OP_PUSHDATA2, OP_RETURN,
};
use crate::sighash::{segwit_v0_sighash, PrecomputedTransactionData, SIGHASH_ALL};
use crate::validation::finality::SEQUENCE_FINAL;

/// `vectors/block/policy.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    relaxed_signatures(&mut cases, fx);
    relaxed_scripts(&mut cases, fx);
    upgradable(&mut cases, fx);
    limits(&mut cases, fx);
    unspendable(&mut cases, fx);
    block_file(
        "block/policy.json",
        "Scripts a block at height 111 accepts though relay policy refuses them, and the \
         script limits that hold in blocks",
        &[fx],
        cases.cases,
    )
}

/// What the spending input carries: its scriptSig and witness, given the
/// unsigned spending transaction and the output it spends.
type Unlocker<'a> = &'a dyn Fn(&Transaction, &TxOut) -> (Vec<u8>, Vec<Vec<u8>>);

/// A block with two transactions: one paying the coinbase of height 3 to
/// `script_pubkey`, one spending that output as `unlock` says.
fn create_and_spend(fx: &Fixture, script_pubkey: Vec<u8>, unlock: Unlocker) -> Block {
    let coin = fx.coinbase(3);
    let value = coin.output.value - FEE;
    let create = wallet::sign(
        wallet::unsigned(
            &[&coin],
            vec![TxOut {
                value,
                script_pubkey,
            }],
        ),
        &[&coin],
    );
    let mut spend = Transaction {
        version: 2,
        inputs: vec![TxIn {
            prevout: OutPoint {
                txid: create.txid(),
                vout: 0,
            },
            script_sig: Vec::new(),
            sequence: SEQUENCE_FINAL,
            witness: Witness::default(),
        }],
        outputs: vec![wallet::pay(value - FEE)],
        lock_time: 0,
    };
    let (script_sig, witness) = unlock(&spend, &create.outputs[0]);
    spend.inputs[0].script_sig = script_sig;
    spend.inputs[0].witness.stack = witness;
    fx.block_with(vec![create, spend], 2 * FEE)
}

/// The BIP-0143 signature by `key` of input 0 of `tx` spending `spent`
/// with script code `code`.
fn segwit_sig(tx: &Transaction, spent: &TxOut, code: &[u8], key: u8) -> Vec<u8> {
    let txdata = PrecomputedTransactionData::new(tx, Some(vec![spent.clone()]));
    let digest = segwit_v0_sighash(code, tx, 0, spent.value, i32::from(SIGHASH_ALL), &txdata);
    ecdsa(key, &digest, SIGHASH_ALL)
}

/// The secp256k1 group order.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// A DER integer of a 32-byte big-endian number.
fn der_integer(value: &[u8; 32]) -> Vec<u8> {
    let start = value.iter().position(|&b| b != 0).unwrap_or(31);
    let mut body = value[start..].to_vec();
    if body[0] & 0x80 != 0 {
        body.insert(0, 0);
    }
    let mut out = vec![0x02, body.len() as u8];
    out.extend(body);
    out
}

/// The same signature with S replaced by n − S (equally valid, not low-S).
fn high_s(sig: &[u8]) -> Vec<u8> {
    let (der, hash_type) = sig.split_at(sig.len() - 1);
    let parsed = secp256k1::ecdsa::Signature::from_der(der).expect("a DER signature");
    let compact = parsed.serialize_compact();
    let r: [u8; 32] = compact[..32].try_into().expect("32 bytes");
    let mut s = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(ORDER[i]) - i16::from(compact[32 + i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        s[i] = d as u8;
    }
    let mut body = der_integer(&r);
    body.extend(der_integer(&s));
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out.extend_from_slice(hash_type);
    out
}

/// Policy's signature rules: LOW_S, WITNESS_PUBKEYTYPE, NULLFAIL.
fn relaxed_signatures(cases: &mut Cases, fx: &Fixture) {
    let key = public_key(5, true);
    let p2wpkh = witness_v0_script(&hash160(&key));
    let block = create_and_spend(fx, p2wpkh.clone(), &|tx, spent| {
        let sig = segwit_sig(tx, spent, &p2pkh_script(&public_key(5, true)), 5);
        (Vec::new(), vec![high_s(&sig), public_key(5, true)])
    });
    cases.ok(
        "policy-high-s",
        "A P2WPKH signature with a high S (n − S): LOW_S is policy",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-LOW-S"],
        &block,
    );
    let uncompressed = public_key(5, false);
    let block = create_and_spend(
        fx,
        witness_v0_script(&hash160(&uncompressed)),
        &|tx, spent| {
            let key = public_key(5, false);
            let sig = segwit_sig(tx, spent, &p2pkh_script(&key), 5);
            (Vec::new(), vec![sig, key])
        },
    );
    cases.ok(
        "policy-uncompressed-key-in-segwit",
        "A P2WPKH output of an uncompressed (65-byte) key, spent: WITNESS_PUBKEYTYPE is policy",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-PUBKEYTYPE"],
        &block,
    );
    let mut script = Vec::new();
    crate::script::instruction::push_data(&mut script, &key);
    script.extend([OP_CHECKSIG, OP_NOT]);
    let witness_script = script.clone();
    let block = create_and_spend(fx, witness_v0_script(&sha256(&script)), &|tx, spent| {
        let wrong = segwit_sig(tx, spent, &witness_script, 6);
        (Vec::new(), vec![wrong, witness_script.clone()])
    });
    cases.ok(
        "policy-nullfail",
        "<key> OP_CHECKSIG OP_NOT with a well-formed signature by another key: the failed \
         check with a non-empty signature is fine in a block (NULLFAIL is policy)",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-NULLFAIL"],
        &block,
    );
}

/// Policy's script-shape rules: MINIMALIF outside tapscript,
/// CONST_SCRIPTCODE, SIGPUSHONLY, DISCOURAGE_UPGRADABLE_NOPS.
fn relaxed_scripts(cases: &mut Cases, fx: &Fixture) {
    let if_script = vec![OP_IF, OP_1, OP_ELSE, OP_0, OP_ENDIF];
    let block = create_and_spend(fx, witness_v0_script(&sha256(&if_script)), &|_, _| {
        (Vec::new(), vec![vec![2], if_script.clone()])
    });
    cases.ok(
        "policy-minimalif-p2wsh",
        "A P2WSH OP_IF with condition 02: MINIMALIF is policy for version-0 witness scripts \
         (consensus only in tapscript)",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-MINIMALIF"],
        &block,
    );
    let block = create_and_spend(fx, vec![OP_CODESEPARATOR, OP_1], &|_, _| {
        (Vec::new(), Vec::new())
    });
    cases.ok(
        "policy-codeseparator-legacy",
        "A bare OP_CODESEPARATOR OP_1 output, spent: CONST_SCRIPTCODE is policy",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-CONST-SCRIPTCODE"],
        &block,
    );
    let block = create_and_spend(fx, vec![OP_1], &|_, _| (vec![OP_1, OP_DROP], Vec::new()));
    cases.ok(
        "policy-script-sig-not-push-only",
        "A bare OP_1 spent with scriptSig OP_1 OP_DROP: SIGPUSHONLY is policy outside P2SH",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-SIGPUSHONLY"],
        &block,
    );
    let block = create_and_spend(fx, vec![0xb3, OP_1], &|_, _| (Vec::new(), Vec::new()));
    cases.ok(
        "policy-upgradable-nop",
        "A bare OP_NOP4 OP_1 output, spent: DISCOURAGE_UPGRADABLE_NOPS is policy",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-UPGRADABLE-NOPS"],
        &block,
    );
}

/// Outputs future soft forks may give meaning to: anyone can spend them now.
fn upgradable(cases: &mut Cases, fx: &Fixture) {
    let mut v2 = vec![OP_2, 32];
    v2.extend([7u8; 32]);
    let block = create_and_spend(fx, v2, &|_, _| (Vec::new(), vec![vec![1, 2, 3]]));
    cases.ok(
        "upgradable-witness-v2",
        "A version-2 witness program, spent with any witness: unknown versions succeed",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-WITNESS-UPGRADABLE"],
        &block,
    );
    let mut v1_short = vec![OP_1, 20];
    v1_short.extend([7u8; 20]);
    let block = create_and_spend(fx, v1_short, &|_, _| (Vec::new(), Vec::new()));
    cases.ok(
        "upgradable-witness-v1-20-bytes",
        "A version-1 program of 20 bytes (not taproot), spent with no witness",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-WITNESS-UPGRADABLE"],
        &block,
    );
    let anchor = vec![OP_1, 2, 0x4e, 0x73];
    let block = create_and_spend(fx, anchor, &|_, _| (Vec::new(), Vec::new()));
    cases.ok(
        "pay-to-anchor",
        "A pay-to-anchor output (OP_1 4e73), spent with no witness",
        &["SCRIPT-FLAGS-BLOCK", "SCRIPT-WITNESS-UPGRADABLE"],
        &block,
    );
    let success = vec![0x50];
    let tree = TapNode::tapscript(success.clone());
    let output = TaprootOutput::for_tree(&crate::conformance::spend::secret_key(13), Some(&tree));
    let control = output.control_block_for(&tree, 0xc0, &success);
    let block = create_and_spend(fx, output.script_pubkey(), &|_, _| {
        (Vec::new(), vec![success.clone(), control.clone()])
    });
    cases.ok(
        "tapscript-op-success",
        "A tapscript leaf that is only OP_SUCCESS80 (0x50): the script succeeds unrun",
        &["SCRIPT-FLAGS-BLOCK", "TAPSCRIPT-OP-SUCCESS"],
        &block,
    );
    let leaf = vec![OP_1];
    let tree = TapNode::Leaf {
        version: 0xc2,
        script: leaf.clone(),
    };
    let output = TaprootOutput::for_tree(&crate::conformance::spend::secret_key(13), Some(&tree));
    let control = output.control_block_for(&tree, 0xc2, &leaf);
    let block = create_and_spend(fx, output.script_pubkey(), &|_, _| {
        (
            Vec::new(),
            vec![vec![0xff; 10], leaf.clone(), control.clone()],
        )
    });
    cases.ok(
        "taproot-unknown-leaf-version",
        "A leaf of version 0xc2, spent: unknown leaf versions succeed",
        &["SCRIPT-FLAGS-BLOCK", "TAPROOT-LEAF-VERSION"],
        &block,
    );
}

/// `OP_1 OP_0 OP_IF <pushes> OP_ENDIF` of exactly `len` bytes: true when
/// run, its unexecuted branch filled with 520-byte pushes, then `OP_0`s
/// (pushes too, so the op count stays 2).
fn padded_true(len: usize) -> Vec<u8> {
    let mut script = vec![OP_1, OP_0, OP_IF];
    while len - script.len() > 523 {
        script.extend([OP_PUSHDATA2, 0x08, 0x02]);
        script.extend([0xaa; 520]);
    }
    script.resize(len - 1, OP_0);
    script.push(OP_ENDIF);
    script
}

/// The script limits that hold in blocks: SCRIPT-SIZE and SCRIPT-PUSH-SIZE
/// in witness scripts, and no size limit in tapscript.
fn limits(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-SCRIPTS", "SCRIPT-SIZE"];
    for (len, ok) in [(10_000, true), (10_001, false)] {
        let script = padded_true(len);
        let block = create_and_spend(fx, witness_v0_script(&sha256(&script)), &|_, _| {
            (Vec::new(), vec![script.clone()])
        });
        let id = format!("p2wsh-script-{len}-bytes");
        let description = format!("A P2WSH witness script of {len} bytes");
        if ok {
            cases.ok(&id, &description, rules, &block);
        } else {
            cases.reject(
                &id,
                &description,
                rules,
                &block,
                "block-script-verify-flag-failed (Script is too big)",
            );
        }
    }
    let drop_true = vec![OP_DROP, OP_1];
    for (len, ok) in [(520, true), (521, false)] {
        let block = create_and_spend(fx, witness_v0_script(&sha256(&drop_true)), &|_, _| {
            (Vec::new(), vec![vec![0x11; len], drop_true.clone()])
        });
        let id = format!("p2wsh-item-{len}-bytes");
        let description = format!("A P2WSH witness item of {len} bytes below OP_DROP OP_1");
        let rules = &["CONNECT-SCRIPTS", "SCRIPT-PUSH-SIZE"];
        if ok {
            cases.ok(&id, &description, rules, &block);
        } else {
            cases.reject(
                &id,
                &description,
                rules,
                &block,
                "block-script-verify-flag-failed (Push value size limit exceeded)",
            );
        }
    }
    let big = padded_true(10_001);
    let tree = TapNode::tapscript(big.clone());
    let output = TaprootOutput::for_tree(&crate::conformance::spend::secret_key(13), Some(&tree));
    let control = output.control_block_for(&tree, 0xc0, &big);
    let block = create_and_spend(fx, output.script_pubkey(), &|_, _| {
        (Vec::new(), vec![big.clone(), control.clone()])
    });
    cases.ok(
        "tapscript-10001-bytes",
        "A tapscript leaf of 10,001 bytes: tapscript has no script size limit",
        &["CONNECT-SCRIPTS", "SCRIPT-SIZE", "TAPSCRIPT-RULES"],
        &block,
    );
}

/// Outputs that never enter the coins: `OP_RETURN` scripts and scripts
/// above 10,000 bytes; a 10,000-byte scriptPubKey does.
fn unspendable(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING"];
    let missing = "bad-txns-inputs-missingorspent";
    let block = create_and_spend(fx, vec![OP_RETURN, OP_1], &|_, _| (Vec::new(), Vec::new()));
    cases.reject(
        "spend-op-return-output",
        "A spend of an OP_RETURN output created earlier in the block: it never became a coin",
        rules,
        &block,
        missing,
    );
    let block = create_and_spend(fx, padded_true(10_001), &|_, _| (Vec::new(), Vec::new()));
    cases.reject(
        "spend-10001-byte-output",
        "A spend of an output whose script is 10,001 bytes: unspendable, never a coin",
        rules,
        &block,
        missing,
    );
    let block = create_and_spend(fx, padded_true(10_000), &|_, _| (Vec::new(), Vec::new()));
    cases.ok(
        "spend-10000-byte-output",
        "A spend of an output whose script is exactly 10,000 bytes (true when run)",
        &["CONNECT-TX-INPUTS", "TX-INPUTS-MISSING", "SCRIPT-SIZE"],
        &block,
    );
}
