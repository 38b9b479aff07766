//! The size limits at their exact boundaries: the size without witness
//! data (`BLK-LENGTH`, Core's `CheckBlock`) and the weight
//! (`CTX-WEIGHT`, `ContextualCheckBlock`). These blocks are a megabyte
//! each, so they have a file of their own.

use super::wallet::{self, Coin, Lock, MINER_KEY};
use super::{block_file, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::conformance::taptree::{sign_schnorr, taproot_digest, tweaked_keypair, SigContext};
use crate::primitives::{Block, Transaction, TxOut};
use crate::validation::get_block_subsidy;

/// `MAX_BLOCK_WEIGHT`.
const MAX_WEIGHT: usize = 4_000_000;

/// `vectors/block/size.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    stripped_size(&mut cases, fx);
    weight(&mut cases, fx);
    block_file(
        "block/size.json",
        "The block size and weight limits at their exact boundaries (blocks of about 1 MB)",
        &[fx],
        cases.cases,
    )
}

/// A block on the tip with `txs` (paying [`FEE`] each), a coinbase output
/// whose script is `filler` zero bytes after `OP_RETURN`, and a witness
/// commitment when `commitment`.
fn filled(fx: &Fixture, filler: usize, txs: &[Transaction], commitment: bool) -> Block {
    let mut b = fx.next();
    let fee = FEE * txs.len() as i64;
    let mut script = vec![0x6a];
    script.resize(1 + filler, 0);
    b.coinbase_outputs = Some(vec![
        TxOut {
            value: get_block_subsidy(b.height, fx.params()) + fee,
            script_pubkey: Lock::P2wpkh(MINER_KEY).script_pubkey(),
        },
        TxOut {
            value: 0,
            script_pubkey: script,
        },
    ]);
    b.transactions = txs.to_vec();
    b.fees = fee;
    b.witness_commitment = commitment;
    fx.build(&b)
}

/// [`filled`] with the filler sized so that the block's size without
/// witness data is exactly `target` bytes.
fn stripped_exactly(fx: &Fixture, target: usize, txs: &[Transaction], commitment: bool) -> Block {
    // A script of 65,536 bytes or more has a 5-byte length prefix.
    let base = filled(fx, 70_000, txs, commitment).stripped_size() - 70_000;
    let block = filled(fx, target - base, txs, commitment);
    assert_eq!(block.stripped_size(), target);
    block
}

/// `BLK-LENGTH`: the size without witness data, times 4, at most 4,000,000.
fn stripped_size(cases: &mut Cases, fx: &Fixture) {
    let exact = stripped_exactly(fx, 1_000_000, &[], false);
    assert_eq!(exact.weight(), MAX_WEIGHT);
    cases.ok(
        "size-1000000",
        "A block of exactly 1,000,000 bytes without witness data: weight exactly 4,000,000",
        &["BLK-LENGTH", "CTX-WEIGHT"],
        &exact,
    );
    cases.reject(
        "size-1000001",
        "A block of 1,000,001 bytes: CheckBlock refuses it before its weight is looked at",
        &["BLK-LENGTH"],
        &stripped_exactly(fx, 1_000_001, &[], false),
        "bad-blk-length",
    );
}

/// A taproot key-path spend of `coin` with an annex of `len` bytes
/// (`50` then zeros), which the signature commits to.
fn with_annex(coin: &Coin, len: usize) -> Transaction {
    let mut tx = wallet::unsigned(&[coin], vec![wallet::pay(coin.output.value - FEE)]);
    let mut annex = vec![0x50];
    annex.resize(len, 0);
    let context = SigContext {
        annex: Some(annex.clone()),
        ..SigContext::default()
    };
    let digest = taproot_digest(&tx, std::slice::from_ref(&coin.output), 0, 0, &context);
    let keypair = tweaked_keypair(&crate::conformance::spend::secret_key(10), None);
    tx.inputs[0].witness.stack = vec![sign_schnorr(&keypair, &digest, &[0; 32]).to_vec(), annex];
    tx
}

/// A block of weight exactly `target` whose witness data (a taproot annex)
/// makes up the last kilobyte: the size without witness stays below the
/// `BLK-LENGTH` limit.
fn weighing(fx: &Fixture, target: usize) -> Block {
    let coin = fx.funded(&Lock::TaprootKey(10));
    let mut annex = 1_000;
    loop {
        let tx = with_annex(coin, annex);
        let block = stripped_exactly(fx, 999_700, &[tx], true);
        let weight = block.weight();
        if weight == target {
            return block;
        }
        annex = (annex as i64 + target as i64 - weight as i64) as usize;
    }
}

/// `CTX-WEIGHT`: stripped size × 3 + total size at most 4,000,000; witness
/// bytes weigh 1, other bytes 4.
fn weight(cases: &mut Cases, fx: &Fixture) {
    cases.ok(
        "weight-4000000-witness",
        "999,700 bytes without witness (3,998,800) and a taproot annex bringing the weight \
         to exactly 4,000,000",
        &["CTX-WEIGHT", "BLK-LENGTH", "TX-WEIGHT"],
        &weighing(fx, MAX_WEIGHT),
    );
    cases.reject(
        "weight-4000001-witness",
        "The same with an annex one byte longer: weight 4,000,001 (not a mutation: the \
         witness is committed to)",
        &["CTX-WEIGHT", "TX-WEIGHT"],
        &weighing(fx, MAX_WEIGHT + 1),
        "bad-blk-weight",
    );
}
