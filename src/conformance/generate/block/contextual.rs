//! Block rules that need the block's height and ancestors but not the
//! coins (Core: `ContextualCheckBlock`): finality by height and by median
//! time past (BIP-0113), the height in the coinbase (BIP-0034), and the
//! witness commitment (BIP-0141). The weight limit is in [`super::size`].

use super::wallet::{self, Coin};
use super::{block_file, spend_coinbase, Cases, Fixture, FEE};
use crate::conformance::generate::GeneratedFile;
use crate::primitives::hash::sha256d;
use crate::primitives::{Block, Transaction, TxOut};
use crate::validation::coinbase_height_script;
use crate::validation::witness_commitment::WITNESS_COMMITMENT_HEADER;

/// `vectors/block/contextual.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    final_by_height(&mut cases, fx);
    final_by_time(&mut cases, fx);
    coinbase_height(&mut cases, fx);
    witness_nonce(&mut cases, fx);
    witness_commitment(&mut cases, fx);
    unexpected_witness(&mut cases, fx);
    block_file(
        "block/contextual.json",
        "Contextual block rules (Core ContextualCheckBlock) on a block at height 111: \
         finality, the coinbase height, the witness commitment",
        &[fx],
        cases.cases,
    )
}

/// A signed spend of the coinbase of height 3 with lock time `lock_time`
/// and input sequence `sequence`.
fn locked(fx: &Fixture, lock_time: u32, sequence: u32) -> Transaction {
    let coin: Coin = fx.coinbase(3);
    let mut tx = wallet::unsigned(&[&coin], vec![wallet::pay(coin.output.value - FEE)]);
    tx.lock_time = lock_time;
    tx.inputs[0].sequence = sequence;
    wallet::sign(tx, &[&coin])
}

/// `CTX-FINAL` by height: a lock time below 500,000,000 is a height, and
/// the transaction is final when it is below the block's height.
fn final_by_height(cases: &mut Cases, fx: &Fixture) {
    let height = fx.height() + 1;
    let rules = &["CTX-FINAL"];
    let block =
        |lock_time: u32, sequence: u32| fx.block_with(vec![locked(fx, lock_time, sequence)], FEE);
    cases.ok(
        "final-height-below",
        "Lock time 110 in the block at height 111, sequence 0: final by one",
        rules,
        &block(height - 1, 0),
    );
    cases.reject(
        "nonfinal-height-equal",
        "Lock time 111 in the block at height 111, sequence 0: the lock time must be below the height",
        rules,
        &block(height, 0),
        "bad-txns-nonfinal",
    );
    cases.reject(
        "nonfinal-height-max",
        "Lock time 499,999,999, the largest height lock, sequence 0",
        rules,
        &block(499_999_999, 0),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "final-by-sequences",
        "Lock time 111 in the block at height 111, but every sequence 0xffffffff: final whatever the lock time",
        rules,
        &block(height, 0xffff_ffff),
    );
    cases.reject(
        "nonfinal-sequence-fffffffe",
        "Lock time 111, sequence 0xfffffffe: one below final is enough to enforce the lock time",
        rules,
        &block(height, 0xffff_fffe),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "final-lock-time-zero",
        "Lock time 0, sequence 0: always final",
        rules,
        &block(0, 0),
    );
    let coinbase = |lock_time: u32| {
        let mut b = fx.next();
        b.witness_commitment = false;
        let mut block = b.assemble(fx.params());
        block.transactions[0].lock_time = lock_time;
        block.transactions[0].inputs[0].sequence = 0;
        super::seal(&mut block, fx.params());
        block
    };
    cases.reject(
        "nonfinal-coinbase",
        "The coinbase itself has lock time 111 and sequence 0: it is checked too",
        rules,
        &coinbase(height),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "final-coinbase",
        "The coinbase has lock time 110 and sequence 0",
        rules,
        &coinbase(height - 1),
    );
}

/// `CTX-FINAL` by time: from the CSV height (1 on regtest) the cutoff is
/// the parent's median time past (BIP-0113), not the block's time.
fn final_by_time(cases: &mut Cases, fx: &Fixture) {
    let mtp = fx.mtp(fx.height()) as u32;
    let rules = &["CTX-FINAL"];
    let block = |lock_time: u32| fx.block_with(vec![locked(fx, lock_time, 0)], FEE);
    cases.ok(
        "final-time-below-mtp",
        "A time lock one second below the parent's median time past",
        rules,
        &block(mtp - 1),
    );
    cases.reject(
        "nonfinal-time-equal-mtp",
        "A time lock equal to the parent's median time past",
        rules,
        &block(mtp),
        "bad-txns-nonfinal",
    );
    let own_time = fx.time(fx.height()) + super::SPACING;
    cases.reject(
        "nonfinal-time-below-block-time",
        "A time lock below the block's own time but above the median time past: \
         BIP-0113 compares with the median time past",
        rules,
        &block(own_time - 1),
        "bad-txns-nonfinal",
    );
    cases.ok(
        "final-time-threshold",
        "Lock time 500,000,000, the smallest time lock (1985): long past",
        rules,
        &block(500_000_000),
    );
}

/// `CTX-CB-HEIGHT` (BIP-0034): the coinbase scriptSig starts with the
/// height, `01 6f` at 111.
fn coinbase_height(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CTX-CB-HEIGHT"];
    let with = |script: Vec<u8>| {
        let mut b = fx.next();
        b.coinbase_script_sig = Some(script);
        fx.build(&b)
    };
    cases.ok(
        "cb-height-then-data",
        "The height push 01 6f followed by other bytes",
        rules,
        &with(vec![0x01, 0x6f, 0x04, 0xca, 0xfe, 0xba, 0xbe]),
    );
    let refused: [(&str, &str, Vec<u8>); 6] = [
        (
            "cb-height-next",
            "The height push says 112",
            vec![0x01, 0x70, 0x00],
        ),
        (
            "cb-height-previous",
            "The height push says 110",
            vec![0x01, 0x6e, 0x00],
        ),
        (
            "cb-height-non-minimal",
            "111 pushed as two bytes 6f 00: the same number, not the same bytes",
            vec![0x02, 0x6f, 0x00],
        ),
        (
            "cb-height-pushdata1",
            "111 pushed with OP_PUSHDATA1",
            vec![0x4c, 0x01, 0x6f],
        ),
        (
            "cb-height-missing",
            "No height: the scriptSig is OP_0 OP_0",
            vec![0x00, 0x00],
        ),
        (
            "cb-height-after-data",
            "The height push after another push",
            vec![0x01, 0x00, 0x01, 0x6f],
        ),
    ];
    for (id, description, script) in refused {
        cases.reject(id, description, rules, &with(script), "bad-cb-height");
    }
    assert_eq!(coinbase_height_script(fx.height() + 1), vec![0x01, 0x6f]);
}

/// A block on the tip holding a P2WPKH spend, with the witness commitment
/// built by hand: no commitment output added by the builder.
fn witness_block(fx: &Fixture) -> Block {
    let mut b = fx.next();
    b.witness_commitment = false;
    b.add(spend_coinbase(fx, 3), FEE);
    b.assemble(fx.params())
}

/// The commitment script for `block` with `reserved` as the reserved value.
fn commitment_script(block: &Block, reserved: &[u8]) -> Vec<u8> {
    let root = block.compute_witness_merkle_root().root;
    let mut preimage = root.0.to_vec();
    preimage.extend_from_slice(reserved);
    let mut script = WITNESS_COMMITMENT_HEADER.to_vec();
    script.extend_from_slice(&sha256d(&preimage));
    script
}

/// `block` with coinbase witness `witness` and commitment outputs
/// `commitments` appended, sealed.
fn committed(
    fx: &Fixture,
    mut block: Block,
    witness: Vec<Vec<u8>>,
    commitments: Vec<Vec<u8>>,
) -> Block {
    let coinbase = &mut block.transactions[0];
    coinbase.inputs[0].witness.stack = witness;
    coinbase
        .outputs
        .extend(commitments.into_iter().map(|script_pubkey| TxOut {
            value: 0,
            script_pubkey,
        }));
    super::seal(&mut block, fx.params());
    block
}

/// `CTX-WITNESS-NONCE`: with a commitment, the coinbase witness is one
/// 32-byte item.
fn witness_nonce(cases: &mut Cases, fx: &Fixture) {
    let base = witness_block(fx);
    let rules = &["CTX-WITNESS-NONCE", "BLOCK-MUTATED"];
    let zero = vec![0u8; 32];
    let good_zero = commitment_script(&base, &zero);
    cases.ok(
        "witness-nonce-zero",
        "A witness spend, the commitment over the reserved value 0, the coinbase witness that value",
        &["CTX-WITNESS-NONCE", "CTX-WITNESS-COMMITMENT", "BLOCK-MUTATED"],
        &committed(fx, base.clone(), vec![zero.clone()], vec![good_zero.clone()]),
    );
    let other = vec![0xab; 32];
    cases.ok(
        "witness-nonce-any-value",
        "The reserved value may be any 32 bytes: ab..ab, with the commitment over it",
        &["CTX-WITNESS-NONCE", "CTX-WITNESS-COMMITMENT"],
        &committed(
            fx,
            base.clone(),
            vec![other.clone()],
            vec![commitment_script(&base, &other)],
        ),
    );
    let refused: [(&str, &str, Vec<Vec<u8>>); 5] = [
        (
            "witness-nonce-missing",
            "The coinbase has no witness",
            vec![],
        ),
        (
            "witness-nonce-31-bytes",
            "A 31-byte reserved value",
            vec![vec![0; 31]],
        ),
        (
            "witness-nonce-33-bytes",
            "A 33-byte reserved value",
            vec![vec![0; 33]],
        ),
        (
            "witness-nonce-empty-item",
            "One empty witness item",
            vec![vec![]],
        ),
        (
            "witness-nonce-two-items",
            "Two 32-byte items",
            vec![zero.clone(), zero.clone()],
        ),
    ];
    for (id, description, witness) in refused {
        let block = committed(fx, base.clone(), witness, vec![good_zero.clone()]);
        cases.mutated(id, description, rules, &block, "bad-witness-nonce-size");
    }
}

/// `CTX-WITNESS-COMMITMENT`: the last commitment output holds
/// SHA256d(witness root ‖ reserved value).
fn witness_commitment(cases: &mut Cases, fx: &Fixture) {
    let base = witness_block(fx);
    let zero = vec![0u8; 32];
    let good = commitment_script(&base, &zero);
    let mut wrong = good.clone();
    wrong[37] ^= 1;
    let rules = &["CTX-WITNESS-COMMITMENT", "BLOCK-MUTATED"];
    let with = |commitments: Vec<Vec<u8>>, witness: Vec<u8>| {
        committed(fx, base.clone(), vec![witness], commitments)
    };
    cases.mutated(
        "commitment-wrong",
        "The commitment's last byte flipped",
        rules,
        &with(vec![wrong.clone()], zero.clone()),
        "bad-witness-merkle-match",
    );
    cases.mutated(
        "commitment-other-reserved-value",
        "The commitment over reserved value 0, the coinbase witness 01..01",
        rules,
        &with(vec![good.clone()], vec![1; 32]),
        "bad-witness-merkle-match",
    );
    cases.ok(
        "commitment-last-counts",
        "Two commitment outputs, a wrong one then the right one: the last counts",
        &["CTX-WITNESS-COMMITMENT"],
        &with(vec![wrong.clone(), good.clone()], zero.clone()),
    );
    cases.mutated(
        "commitment-last-wrong",
        "The right commitment, then a wrong one: the last counts",
        rules,
        &with(vec![good.clone(), wrong], zero.clone()),
        "bad-witness-merkle-match",
    );
    let mut longer = good.clone();
    longer.extend([0xde, 0xad]);
    cases.ok(
        "commitment-longer-script",
        "The commitment script with two bytes after the 38: at least 38 bytes is enough",
        &["CTX-WITNESS-COMMITMENT"],
        &with(vec![longer], zero.clone()),
    );
    let short = good[..37].to_vec();
    cases.mutated(
        "commitment-too-short",
        "A commitment script cut to 37 bytes is no commitment: the witness spend is unexpected",
        &["CTX-UNEXPECTED-WITNESS", "BLOCK-MUTATED"],
        &with(vec![short], zero),
        "unexpected-witness",
    );
}

/// `CTX-UNEXPECTED-WITNESS`: without a commitment, no witness data.
fn unexpected_witness(cases: &mut Cases, fx: &Fixture) {
    let rules = &["CTX-UNEXPECTED-WITNESS", "BLOCK-MUTATED"];
    cases.mutated(
        "witness-without-commitment",
        "A P2WPKH spend in a block without a witness commitment",
        rules,
        &committed(fx, witness_block(fx), vec![], vec![]),
        "unexpected-witness",
    );
    let mut b = fx.next();
    b.witness_commitment = false;
    let plain = b.assemble(fx.params());
    cases.mutated(
        "coinbase-witness-without-commitment",
        "No commitment, and the coinbase alone has a witness (a 32-byte item)",
        rules,
        &committed(fx, plain.clone(), vec![vec![0; 32]], vec![]),
        "unexpected-witness",
    );
    cases.ok(
        "no-witness-no-commitment",
        "No commitment and no witness data: a commitment is needed only for witness data",
        &["CTX-UNEXPECTED-WITNESS", "CTX-WITNESS-NONCE"],
        &committed(fx, plain, vec![], vec![]),
    );
    let mut b = fx.next();
    b.add(
        wallet::spend_all(&[fx.funded(&wallet::Lock::P2pkh(3))], FEE),
        FEE,
    );
    cases.ok(
        "commitment-without-witness",
        "A commitment and the reserved value, but only a legacy spend: a commitment may be present without witness data",
        &["CTX-UNEXPECTED-WITNESS", "CTX-WITNESS-COMMITMENT"],
        &fx.build(&b),
    );
}
