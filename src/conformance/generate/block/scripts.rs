//! Every input's scripts, verified with the block's flags (`CONNECT-SCRIPTS`,
//! `SCRIPT-FLAGS-BLOCK`): on regtest P2SH, WITNESS, TAPROOT, DERSIG,
//! CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY and NULLDUMMY from height 1,
//! and nothing more: policy flags (LOW_S, STRICTENC, MINIMALDATA,
//! CLEANSTACK for legacy scripts, NULLFAIL, ...) do not apply in a block.
//! A failure's reason is `block-script-verify-flag-failed (<message>)`, the
//! message being Core's `ScriptErrorString`.
//!
//! Each block has one failure at most, so Core with script-check threads
//! (which reports script failures after the other rules) agrees.

use super::wallet::{self, Coin, Lock};
use super::{block_file, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::conformance::taptree::{
    sign_schnorr, taproot_digest, tweaked_keypair, with_hash_type, SigContext,
};
use crate::primitives::{Transaction, TxOut};
use crate::script::opcodes::{OP_NOP, OP_PUSHDATA1};
use crate::sighash::{SIGHASH_ALL, SIGHASH_SINGLE};

/// `vectors/block/scripts.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    p2wpkh(&mut cases, fx);
    p2pkh(&mut cases, fx);
    p2sh(&mut cases, fx);
    p2wsh(&mut cases, fx);
    taproot_key(&mut cases, fx);
    taproot_script(&mut cases, fx);
    sighash_single_bug(&mut cases, fx);
    block_file(
        "block/scripts.json",
        "Input scripts in a block at height 111, with the block's flags: each output type \
         spent, then broken",
        &[fx],
        cases.cases,
    )
}

/// Core's reject reason for a script failing with `message`.
pub(super) fn failed(message: &str) -> String {
    format!("block-script-verify-flag-failed ({message})")
}

const EVAL_FALSE: &str =
    "Script evaluated without error but finished with a false/empty top stack element";
const EQUALVERIFY: &str = "Script failed an OP_EQUALVERIFY operation";
const SIG_DER: &str = "Non-canonical DER signature";
const NULLDUMMY: &str = "Dummy CHECKMULTISIG argument must be zero";
const PUSHONLY: &str = "Only push operators allowed in signatures";
const MISMATCH: &str = "Witness program hash mismatch";
const WITNESS_EMPTY: &str = "Witness program was passed an empty witness";
const MALLEATED: &str = "Witness requires empty scriptSig";
const MALLEATED_P2SH: &str = "Witness requires only-redeemscript scriptSig";
const UNEXPECTED: &str = "Witness provided for non-witness script";
const CLEANSTACK: &str = "Stack size must be exactly one after execution";
const SCHNORR_SIG: &str = "Invalid Schnorr signature";
const SCHNORR_SIZE: &str = "Invalid Schnorr signature size";
const SCHNORR_HASHTYPE: &str = "Invalid Schnorr signature hash type";
const CONTROL_SIZE: &str = "Invalid Taproot control block size";
const TAPSCRIPT_MINIMALIF: &str = "OP_IF/NOTIF argument must be minimal in tapscript";

/// A signed spend of `coin` to key 2, less [`FEE`].
fn spend(coin: &Coin) -> Transaction {
    wallet::spend_all(&[coin], FEE)
}

/// A one-transaction block-case writer: `ok` or `reject` with a message.
pub(super) struct Spends<'c, 'a> {
    pub(super) cases: &'c mut Cases<'a>,
    pub(super) fx: &'c Fixture,
    pub(super) rules: &'static [&'static str],
}

impl Spends<'_, '_> {
    pub(super) fn ok(&mut self, id: &str, description: &str, tx: Transaction) {
        let block = self.fx.block_with(vec![tx], FEE);
        self.cases.ok(id, description, self.rules, &block);
    }

    pub(super) fn fail(&mut self, id: &str, description: &str, tx: Transaction, message: &str) {
        let block = self.fx.block_with(vec![tx], FEE);
        self.cases
            .reject(id, description, self.rules, &block, &failed(message));
    }
}

/// Flips the last byte of an ECDSA signature's S (keeping it DER), before
/// its hash type byte.
fn corrupt_ecdsa(sig: &mut [u8]) {
    let at = sig.len() - 2;
    sig[at] ^= 1;
}

/// A DER signature re-encoded with R padded by an extra zero byte: BER,
/// not DER.
fn pad_r(sig: &[u8]) -> Vec<u8> {
    let r_len = sig[3] as usize;
    let mut out = vec![0x30, sig[1] + 1, 0x02, sig[3] + 1, 0x00];
    out.extend_from_slice(&sig[4..4 + r_len]);
    out.extend_from_slice(&sig[4 + r_len..]);
    out
}

fn p2wpkh(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.coinbase(3);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"],
    };
    let good = spend(&coin);
    s.ok(
        "p2wpkh",
        "A P2WPKH spend (BIP-0143 signature)",
        good.clone(),
    );
    let mut tx = good.clone();
    corrupt_ecdsa(&mut tx.inputs[0].witness.stack[0]);
    s.fail(
        "p2wpkh-bad-signature",
        "The signature's last byte of S flipped: a valid encoding that does not verify",
        tx,
        EVAL_FALSE,
    );
    let mut tx = good.clone();
    tx.inputs[0].witness.stack[1] = crate::conformance::spend::public_key(3, true);
    s.fail(
        "p2wpkh-wrong-key",
        "Another key in the witness: its hash is not the program",
        tx,
        EQUALVERIFY,
    );
    let mut tx = good.clone();
    tx.inputs[0].witness.stack.push(vec![1]);
    s.fail(
        "p2wpkh-three-items",
        "A third witness item: P2WPKH takes exactly two",
        tx,
        MISMATCH,
    );
    let mut tx = good.clone();
    tx.inputs[0].witness.stack.clear();
    s.fail("p2wpkh-no-witness", "No witness at all", tx, MISMATCH);
    let mut tx = good.clone();
    tx.inputs[0].script_sig = vec![0x51];
    s.fail(
        "p2wpkh-script-sig",
        "A non-empty scriptSig (OP_1) with the witness",
        tx,
        MALLEATED,
    );
    let mut tx = good;
    tx.inputs[0].witness.stack[0] = pad_r(&tx.inputs[0].witness.stack[0]);
    s.fail(
        "p2wpkh-non-der",
        "The signature's R padded with a zero byte: not DER (BIP-0066)",
        tx,
        SIG_DER,
    );
}

fn p2pkh(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::P2pkh(3));
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"],
    };
    let sign_with = |hash_type: u8| {
        let mut tx = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
        let (script_sig, _) = wallet::unlock(&tx, 0, &[coin], hash_type);
        tx.inputs[0].script_sig = script_sig;
        tx
    };
    let good = sign_with(SIGHASH_ALL);
    let items = |tx: &Transaction| -> (Vec<u8>, Vec<u8>) {
        let script = &tx.inputs[0].script_sig;
        let sig_len = script[0] as usize;
        (
            script[1..1 + sig_len].to_vec(),
            script[2 + sig_len..].to_vec(),
        )
    };
    let (sig, key) = items(&good);
    let push = crate::conformance::spend::push_all;
    s.ok("p2pkh", "A P2PKH spend", good.clone());
    let mut bad = sig.clone();
    corrupt_ecdsa(&mut bad);
    let mut tx = good.clone();
    tx.inputs[0].script_sig = push(&[bad, key.clone()]);
    s.fail(
        "p2pkh-bad-signature",
        "The signature's last byte of S flipped",
        tx,
        EVAL_FALSE,
    );
    let mut tx = good.clone();
    tx.inputs[0].script_sig = push(&[sig.clone(), crate::conformance::spend::public_key(2, true)]);
    s.fail(
        "p2pkh-wrong-key",
        "Another key: its hash is not the one locked to",
        tx,
        EQUALVERIFY,
    );
    let mut tx = good.clone();
    tx.inputs[0].script_sig = push(&[pad_r(&sig), key.clone()]);
    s.fail("p2pkh-non-der", "The signature's R padded with a zero byte: BER, not DER (BIP-0066's DERSIG applies in blocks from height 1 on regtest)", tx, SIG_DER);
    let mut tx = good.clone();
    tx.inputs[0].witness.stack = vec![vec![1]];
    s.fail(
        "p2pkh-with-witness",
        "A witness on an input spending a P2PKH output",
        tx,
        UNEXPECTED,
    );
    let mut tx = good.clone();
    let mut script_sig = vec![OP_PUSHDATA1, sig.len() as u8];
    script_sig.extend(&sig);
    script_sig.extend(push(std::slice::from_ref(&key)));
    tx.inputs[0].script_sig = script_sig;
    s.ok(
        "p2pkh-non-minimal-push",
        "The signature pushed with OP_PUSHDATA1: MINIMALDATA is policy, not a block rule",
        tx,
    );
    let mut tx = good.clone();
    tx.inputs[0].script_sig = push(&[vec![7], sig, key]);
    s.ok("p2pkh-extra-stack-item", "An extra item below the signature, left on the stack: CLEANSTACK is policy for legacy scripts", tx);
    s.ok("p2pkh-hash-type-zero", "A signature with hash type 0x00 (undefined; signs as ALL but commits to 0): STRICTENC is policy", sign_with(0));
    s.ok(
        "p2pkh-hash-type-0x41",
        "A signature with hash type 0x41 (ALL with an unknown bit): allowed in a block",
        sign_with(0x41),
    );
}

fn p2sh(cases: &mut Cases, fx: &Fixture) {
    let multisig = fx.funded(&Lock::P2shMultisig);
    let wrapped = fx.funded(&Lock::P2shP2wpkh(7));
    let bare = fx.funded(&Lock::BareMultisig);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"],
    };
    let good = spend(multisig);
    s.ok(
        "p2sh-multisig",
        "A P2SH 2-of-3 multisig spend (BIP-0016)",
        good.clone(),
    );
    let mut tx = good.clone();
    let len = tx.inputs[0].script_sig[1] as usize;
    corrupt_ecdsa(&mut tx.inputs[0].script_sig[2..2 + len]);
    s.fail(
        "p2sh-multisig-bad-signature",
        "The first signature's last byte of S flipped: CHECKMULTISIG fails, leaving false",
        tx,
        EVAL_FALSE,
    );
    let mut tx = good.clone();
    tx.inputs[0].script_sig.insert(0, OP_NOP);
    s.fail(
        "p2sh-not-push-only",
        "An OP_NOP before the pushes of a P2SH scriptSig",
        tx,
        PUSHONLY,
    );
    let mut tx = good.clone();
    tx.inputs[0].script_sig[0] = 0x51;
    s.fail(
        "p2sh-multisig-dummy",
        "The CHECKMULTISIG dummy is OP_1, not empty (BIP-0147's NULLDUMMY applies in blocks)",
        tx,
        NULLDUMMY,
    );
    let mut tx = good.clone();
    let last = tx.inputs[0].script_sig.len() - 1;
    tx.inputs[0].script_sig[last] ^= 1;
    s.fail(
        "p2sh-wrong-redeem-script",
        "The redeem script's last byte changed: its hash is not the one locked to",
        tx,
        EVAL_FALSE,
    );
    let wrapped_good = spend(wrapped);
    s.ok(
        "p2sh-p2wpkh",
        "A P2SH-wrapped P2WPKH spend",
        wrapped_good.clone(),
    );
    let mut tx = wrapped_good.clone();
    corrupt_ecdsa(&mut tx.inputs[0].witness.stack[0]);
    s.fail(
        "p2sh-p2wpkh-bad-signature",
        "The P2SH-P2WPKH signature's last byte of S flipped",
        tx,
        EVAL_FALSE,
    );
    let mut tx = wrapped_good;
    tx.inputs[0].script_sig.insert(0, 0x51);
    s.fail(
        "p2sh-p2wpkh-extra-push",
        "An OP_1 before the redeem script push of a P2SH-P2WPKH scriptSig",
        tx,
        MALLEATED_P2SH,
    );
    let bare_good = spend(bare);
    s.ok(
        "bare-multisig",
        "A bare 1-of-2 multisig spend",
        bare_good.clone(),
    );
    let mut tx = bare_good.clone();
    let len = tx.inputs[0].script_sig[1] as usize;
    corrupt_ecdsa(&mut tx.inputs[0].script_sig[2..2 + len]);
    s.fail(
        "bare-multisig-bad-signature",
        "The bare multisig signature's last byte of S flipped",
        tx,
        EVAL_FALSE,
    );
    let mut tx = bare_good;
    tx.inputs[0].script_sig[0] = 0x51;
    s.fail(
        "bare-multisig-dummy",
        "The bare multisig's dummy is OP_1",
        tx,
        NULLDUMMY,
    );
}

fn p2wsh(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::P2wshMultisig);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"],
    };
    let good = spend(coin);
    s.ok(
        "p2wsh-multisig",
        "A P2WSH 2-of-3 multisig spend",
        good.clone(),
    );
    let mut tx = good.clone();
    tx.inputs[0].witness.stack[3].push(OP_NOP);
    s.fail(
        "p2wsh-wrong-script",
        "The witness script with an OP_NOP appended: its SHA-256 is not the program",
        tx,
        MISMATCH,
    );
    let mut tx = good.clone();
    tx.inputs[0].witness.stack.clear();
    s.fail("p2wsh-no-witness", "No witness", tx, WITNESS_EMPTY);
    let mut tx = good.clone();
    corrupt_ecdsa(&mut tx.inputs[0].witness.stack[1]);
    s.fail(
        "p2wsh-multisig-bad-signature",
        "The first signature's last byte of S flipped",
        tx,
        EVAL_FALSE,
    );
    let mut tx = good.clone();
    tx.inputs[0].witness.stack[0] = vec![1];
    s.fail("p2wsh-multisig-dummy", "The dummy is 01", tx, NULLDUMMY);
    let mut tx = good.clone();
    tx.inputs[0].witness.stack.insert(0, vec![1]);
    s.fail(
        "p2wsh-extra-item",
        "An extra true item at the bottom: two items are left, and a witness script must leave one",
        tx,
        CLEANSTACK,
    );
    let mut tx = good;
    tx.inputs[0].witness.stack.swap(1, 2);
    s.fail(
        "p2wsh-signatures-out-of-order",
        "The two signatures in the wrong order: CHECKMULTISIG matches keys in order",
        tx,
        EVAL_FALSE,
    );
}

fn taproot_key(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::TaprootKey(10));
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"],
    };
    let unsigned = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
    let sig = |hash_type: u8, annex: Option<Vec<u8>>| {
        let context = SigContext {
            annex,
            ..SigContext::default()
        };
        let digest = taproot_digest(
            &unsigned,
            std::slice::from_ref(&coin.output),
            0,
            hash_type,
            &context,
        );
        let keypair = tweaked_keypair(&crate::conformance::spend::secret_key(10), None);
        sign_schnorr(&keypair, &digest, &[0; 32])
    };
    let with = |witness: Vec<Vec<u8>>| {
        let mut tx = unsigned.clone();
        tx.inputs[0].witness.stack = witness;
        tx
    };
    s.ok(
        "taproot-key-path",
        "A taproot key-path spend, SIGHASH_DEFAULT (64 bytes)",
        with(vec![sig(0, None).to_vec()]),
    );
    s.ok(
        "taproot-key-path-all",
        "A key-path signature with explicit SIGHASH_ALL (65 bytes)",
        with(vec![with_hash_type(sig(1, None), 1)]),
    );
    let annex = vec![0x50, 0xaa];
    s.ok("taproot-key-path-annex", "A key-path spend with an annex (50 aa) the signature commits to: the annex is policy-nonstandard, valid in a block", with(vec![sig(0, Some(annex.clone())).to_vec(), annex]));
    let mut bad = sig(0, None);
    bad[63] ^= 1;
    s.fail(
        "taproot-key-path-bad-signature",
        "The signature's last byte flipped",
        with(vec![bad.to_vec()]),
        SCHNORR_SIG,
    );
    s.fail(
        "taproot-key-path-63-bytes",
        "A 63-byte signature",
        with(vec![sig(0, None)[..63].to_vec()]),
        SCHNORR_SIZE,
    );
    let mut explicit = sig(0, None).to_vec();
    explicit.push(0x00);
    s.fail(
        "taproot-key-path-explicit-default",
        "65 bytes with hash type 0x00: SIGHASH_DEFAULT must be implicit",
        with(vec![explicit]),
        SCHNORR_HASHTYPE,
    );
    let mut undefined = sig(0, None).to_vec();
    undefined.push(0x04);
    s.fail(
        "taproot-key-path-hash-type-4",
        "65 bytes with the undefined hash type 0x04",
        with(vec![undefined]),
        SCHNORR_HASHTYPE,
    );
    s.fail(
        "taproot-key-path-empty",
        "No witness",
        with(vec![]),
        WITNESS_EMPTY,
    );
}

fn taproot_script(cases: &mut Cases, fx: &Fixture) {
    let coin = fx.funded(&Lock::TaprootTree);
    let mut s = Spends {
        cases,
        fx,
        rules: &["CONNECT-SCRIPTS", "SCRIPT-FLAGS-BLOCK"],
    };
    let unsigned = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
    let spent: Vec<TxOut> = vec![coin.output.clone()];
    let with = |witness: Vec<Vec<u8>>| {
        let mut tx = unsigned.clone();
        tx.inputs[0].witness.stack = witness;
        tx
    };
    let checksig = wallet::tapscript_checksig_witness(&unsigned, &spent, 0, 0);
    s.ok(
        "tapscript-checksig",
        "A script-path spend of the leaf <key> OP_CHECKSIG (BIP-0342)",
        with(checksig.clone()),
    );
    let mut short = checksig.clone();
    short[2].pop();
    s.fail(
        "tapscript-control-block-short",
        "The control block one byte short (64 + 32k + 1 bytes needed)",
        with(short),
        CONTROL_SIZE,
    );
    let mut wrong_path = checksig.clone();
    let last = wrong_path[2].len() - 1;
    wrong_path[2][last] ^= 1;
    s.fail(
        "tapscript-wrong-path",
        "The control block's merkle path changed: it does not commit to the output key",
        with(wrong_path),
        MISMATCH,
    );
    let mut bad = checksig;
    bad[0][0] ^= 1;
    s.fail(
        "tapscript-bad-signature",
        "The tapscript signature's first byte flipped",
        with(bad),
        SCHNORR_SIG,
    );
    s.ok(
        "tapscript-if-minimal",
        "The leaf OP_IF OP_1 OP_ELSE OP_0 OP_ENDIF with condition 01",
        with(wallet::tapscript_if_witness(vec![1])),
    );
    s.fail(
        "tapscript-if-not-minimal",
        "The same leaf with condition 02: in tapscript MINIMALIF is consensus",
        with(wallet::tapscript_if_witness(vec![2])),
        TAPSCRIPT_MINIMALIF,
    );
    s.fail(
        "tapscript-if-false",
        "The same leaf with an empty condition: the OP_ELSE branch leaves OP_0, false",
        with(wallet::tapscript_if_witness(vec![])),
        EVAL_FALSE,
    );
}

/// The SIGHASH_SINGLE bug: a legacy input signing `SIGHASH_SINGLE` with no
/// output at its index signs the number 1, and that signature is valid.
fn sighash_single_bug(cases: &mut Cases, fx: &Fixture) {
    let first = fx.coinbase(3);
    let legacy = fx.funded(&Lock::P2pkh(3));
    let coins = [&first, legacy];
    let total = first.output.value + legacy.output.value;
    let mut tx = wallet::unsigned(&coins, vec![wallet::pay(total - FEE)]);
    let (_, witness) = wallet::unlock(&tx, 0, &coins, SIGHASH_ALL);
    let (script_sig, _) = wallet::unlock(&tx, 1, &coins, SIGHASH_SINGLE);
    tx.inputs[0].witness.stack = witness;
    tx.inputs[1].script_sig = script_sig.clone();
    let block = fx.block_with(vec![tx.clone()], FEE);
    cases.ok(
        "sighash-single-bug",
        "Two inputs, one output; input 1 (P2PKH) signs SIGHASH_SINGLE, with no output 1: \
         it signs the number 1, and the signature is valid",
        &["CONNECT-SCRIPTS", "SIGHASH-LEGACY-SINGLE-BUG"],
        &block,
    );
    // The same signature over 1, at index 0 of a transaction that has an
    // output 0: there SINGLE signs a real hash.
    let mut swapped = wallet::unsigned(&[legacy, &first], vec![wallet::pay(total - FEE)]);
    swapped.inputs[0].script_sig = script_sig;
    let (_, witness) = wallet::unlock(&swapped, 1, &[legacy, &first], SIGHASH_ALL);
    swapped.inputs[1].witness.stack = witness;
    cases.reject(
        "sighash-single-with-output",
        "The signature of the number 1 reused at index 0, where output 0 exists: \
         SIGHASH_SINGLE signs a real hash there, and the signature does not verify",
        &["CONNECT-SCRIPTS", "SIGHASH-LEGACY-SINGLE-BUG"],
        &fx.block_with(vec![swapped], FEE),
        &failed(EVAL_FALSE),
    );
}
