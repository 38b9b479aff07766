//! Historical quirks, each shown in a chain: BIP-0030's repeated coinbases
//! (mainnet 91 842 and 91 880), CVE-2018-17144 (duplicate inputs in a
//! block), CVE-2012-2459 (a block mutated by repeating its last
//! transactions), the 2010 value overflow, and the SIGHASH_SINGLE bug.
//! Core: `ConnectBlock` (BIP-0030), `CheckTransaction`, `CheckMerkleRoot`,
//! `SignatureHash`.

use super::{spend, spend_coinbase};
use crate::chain::{coinbase_output, output_of, TxBuilder, Unlock};
use crate::conformance::chain_vectors::{ChainCase, ParamsOverride};
use crate::conformance::generate::scenario::{Intent, Scenario};
use crate::primitives::{Block, Transaction};
use crate::script::instruction::push_data;
use crate::script::opcodes::OP_1;
use crate::sighash::legacy_sighash;
use crate::validation::MAX_MONEY;

/// The scenarios.
pub fn cases() -> Vec<ChainCase> {
    vec![bip30_repeated_coinbase(), mature_chain_quirks()]
}

/// BIP-0030 before BIP-0034: a coinbase repeated while its output is
/// unspent is refused; once spent, the repeat is accepted.
fn bip30_repeated_coinbase() -> ChainCase {
    let overrides = ParamsOverride {
        bip34_height: Some(1_000),
        ..ParamsOverride::default()
    };
    let mut s = Scenario::with_params(
        "quirk-bip30-repeated-coinbase",
        "BIP-0034 far away (custom set; canon only), so coinbases need not be unique: block 2 \
         repeats block 1's coinbase while its output is unspent (bad-txns-BIP30); after the \
         output is spent, the same coinbase is accepted again, as mainnet's blocks 91 842 and \
         91 880 were",
        overrides,
    );
    let script_sig = b"the same coinbase".to_vec();
    let mut first = s.next_block();
    first.coinbase_script_sig = Some(script_sig.clone());
    let first = s.mine(&first, "block 1 with a fixed coinbase", &[]);
    let mut repeat = s.next_block();
    repeat.coinbase_script_sig = Some(script_sig.clone());
    let repeat = repeat.build(s.params());
    assert_eq!(repeat.transactions[0].txid(), first.transactions[0].txid());
    s.block(
        &repeat,
        "block 2 repeats it: block 1's output is unspent",
        &["CONNECT-BIP30"],
        Intent::Rejected("bad-txns-BIP30"),
    );
    s.mine_empty(100);
    let value = first.transactions[0].outputs[0].value;
    let mut b = s.next_block();
    b.add(spend_coinbase(&s, &first, &[(value, vec![OP_1])]), 0);
    s.mine(&b, "block 102 spends block 1's coinbase output", &[]);
    let mut again = s.next_block();
    again.coinbase_script_sig = Some(script_sig);
    let again = s.mine(
        &again,
        "block 103 repeats the coinbase: its earlier outputs are spent",
        &["CONNECT-BIP30"],
    );
    assert_eq!(again.transactions[0].txid(), first.transactions[0].txid());
    s.into_case()
}

/// The quirks that need mature coins, on one regtest chain.
fn mature_chain_quirks() -> ChainCase {
    let mut s = Scenario::new(
        "quirk-mature-chain",
        "On a regtest chain of 100 blocks: CVE-2018-17144 (a transaction spending one coin \
         twice is refused, bad-txns-inputs-duplicate, and the tip stays), BIP-0030 for a \
         repeated transaction, CVE-2012-2459 (the block with its last transaction repeated has \
         the same merkle root and is refused as mutated, bad-txns-duplicate; the real block is \
         then accepted), the 2010 value overflow (outputs summing above 21 million coins, \
         bad-txns-txouttotal-toolarge; one output above, bad-txns-vout-toolarge), and the \
         SIGHASH_SINGLE bug (a signature over the hash 1 is valid)",
    );
    let prefix = s.mine_empty(100);
    duplicate_inputs(&mut s, &prefix[0]);
    merkle_mutation(&mut s, &prefix[1]);
    value_overflow_and_sighash_single(&mut s, &prefix[2]);
    s.into_case()
}

/// CVE-2018-17144, then BIP-0030 for an ordinary transaction repeated
/// while its output is unspent (blocks 101 and 102), spending `block`'s
/// coinbase.
fn duplicate_inputs(s: &mut Scenario, block: &Block) {
    let pay = s.key().p2wpkh();
    let cb_value = block.transactions[0].outputs[0].value;
    let (outpoint, coin) = coinbase_output(block, 0);
    let double = TxBuilder::new()
        .input(outpoint, coin.clone(), Unlock::P2wpkh(*s.key()))
        .input(outpoint, coin, Unlock::P2wpkh(*s.key()))
        .output(cb_value, pay.clone())
        .build();
    let mut b = s.next_block();
    b.add(double, 0);
    let double = b.build(s.params());
    let rules = &["TX-INPUTS-DUPLICATE", "BLK-TX-CHECK"];
    s.block(
        &double,
        "block 101 spends coinbase 1 twice in one transaction",
        rules,
        Intent::Rejected("bad-txns-inputs-duplicate"),
    );
    s.block(
        &double,
        "the same block again: the same reason (not remembered)",
        rules,
        Intent::Rejected("bad-txns-inputs-duplicate"),
    );
    let tx1 = spend_coinbase(s, block, &[(cb_value - 1_000, pay.clone())]);
    let mut b = s.next_block();
    b.add(tx1.clone(), 1_000);
    s.mine(
        &b,
        "block 101 spends it once",
        &["TX-INPUTS-DUPLICATE", "BLK-TX-CHECK"],
    );

    let mut b = s.next_block();
    b.add(tx1, 1_000);
    s.block(
        &b.build(s.params()),
        "block 102 repeats block 101's transaction",
        &["CONNECT-BIP30"],
        Intent::Rejected("bad-txns-BIP30"),
    );
}

/// CVE-2012-2459 (block 102), spending `block`'s coinbase.
fn merkle_mutation(s: &mut Scenario, block: &Block) {
    let pay = s.key().p2wpkh();
    let cb_value = block.transactions[0].outputs[0].value;
    let tx2a = spend_coinbase(s, block, &[(cb_value - 1_000, pay.clone())]);
    let (out, coin) = output_of(&tx2a, 0);
    let tx2b = spend(s, out, coin, &[(cb_value - 2_000, pay.clone())]);
    let mut b = s.next_block();
    b.add(tx2a, 1_000).add(tx2b.clone(), 1_000);
    let real = b.build(s.params());
    let mut mutated = real.clone();
    mutated.transactions.push(tx2b);
    assert_eq!(
        mutated.compute_merkle_root().root,
        real.compute_merkle_root().root
    );
    let rules = &["BLK-MERKLE-MUTATED", "MERKLE-MUTATION", "BLOCK-MUTATED"];
    s.block(
        &mutated,
        "block 102 with its last transaction repeated",
        rules,
        Intent::Mutated("bad-txns-duplicate"),
    );
    s.block(
        &real,
        "the real block 102, same header",
        &["BLK-MERKLE-MUTATED", "BLOCK-MUTATED", "CHAIN-ACCEPT-BLOCK"],
        Intent::Accepted,
    );
}

/// The 2010 value overflow, then the SIGHASH_SINGLE bug (blocks 103 and
/// 104), spending `block`'s coinbase.
fn value_overflow_and_sighash_single(s: &mut Scenario, block: &Block) {
    let pay = s.key().p2wpkh();
    let cb_value = block.transactions[0].outputs[0].value;
    let (outpoint, coin) = coinbase_output(block, 0);
    let key = *s.key();
    let overflow = |values: &[i64]| {
        let mut tx = TxBuilder::new().input(outpoint, coin.clone(), Unlock::P2wpkh(key));
        for value in values {
            tx = tx.output(*value, vec![OP_1]);
        }
        tx.build()
    };
    let mut b = s.next_block();
    b.add(overflow(&[MAX_MONEY, MAX_MONEY]), 0);
    s.block(
        &b.build(s.params()),
        "block 103: two outputs of 21 million coins each",
        &["TX-TXOUTTOTAL-TOOLARGE", "BLK-TX-CHECK"],
        Intent::Rejected("bad-txns-txouttotal-toolarge"),
    );
    let mut b = s.next_block();
    b.add(overflow(&[MAX_MONEY + 1]), 0);
    s.block(
        &b.build(s.params()),
        "block 103: one output above 21 million coins",
        &["TX-VOUT-TOOLARGE", "BLK-TX-CHECK"],
        Intent::Rejected("bad-txns-vout-toolarge"),
    );

    // The SIGHASH_SINGLE bug: fund a P2PKH and a P2WPKH coin.
    let funding = spend_coinbase(
        s,
        block,
        &[
            (COIN, s.key().p2pkh()),
            (cb_value - COIN - 1_000, pay.clone()),
        ],
    );
    let mut b = s.next_block();
    b.add(funding.clone(), 1_000);
    s.mine(
        &b,
        "block 103 pays a P2PKH and a P2WPKH coin",
        &["TX-TXOUTTOTAL-TOOLARGE", "TX-VOUT-TOOLARGE"],
    );
    let (bug_tx, wrong_tx) = sighash_single_bug(s, &funding);
    let mut b = s.next_block();
    b.add(wrong_tx, 1_000);
    s.block(&b.build(s.params()), "block 104: input 1 signed SIGHASH_SINGLE over its real (non-existent) digest", &["SIGHASH-LEGACY-SINGLE-BUG", "CONNECT-SCRIPTS"], Intent::Rejected("block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)"));
    let mut b = s.next_block();
    b.add(bug_tx, 1_000);
    s.mine(
        &b,
        "block 104: input 1 signed SIGHASH_SINGLE over the hash 1, as the bug makes it",
        &["SIGHASH-LEGACY-SINGLE-BUG", "CONNECT-SCRIPTS"],
    );
}

const COIN: i64 = 100_000_000;

/// Spends `funding`'s P2WPKH output 1 as input 0 and its P2PKH output 0 as
/// input 1, to one output: input 1 signs `SIGHASH_SINGLE`, which has no
/// output at its index, so its digest is the number 1. Returns that spend,
/// and one signed over a digest of the whole transaction instead (invalid).
fn sighash_single_bug(s: &Scenario, funding: &Transaction) -> (Transaction, Transaction) {
    let (wpkh, wpkh_coin) = output_of(funding, 1);
    let (pkh, pkh_coin) = output_of(funding, 0);
    let value = wpkh_coin.value + pkh_coin.value - 1_000;
    let unsigned = TxBuilder::new()
        .input(wpkh, wpkh_coin, Unlock::P2wpkh(*s.key()))
        .input(pkh, pkh_coin.clone(), Unlock::empty())
        .output(value, vec![OP_1])
        .build();
    const SIGHASH_SINGLE: u8 = 3;
    let digest = legacy_sighash(
        &pkh_coin.script_pubkey,
        &unsigned,
        1,
        i32::from(SIGHASH_SINGLE),
    );
    let mut one = [0u8; 32];
    one[0] = 1;
    assert_eq!(digest, one, "the SIGHASH_SINGLE bug: the digest is 1");
    let signed = |digest: &[u8; 32]| {
        let mut sig = s.key().sign(digest);
        *sig.last_mut().expect("a hash type byte") = SIGHASH_SINGLE;
        let mut script_sig = Vec::new();
        push_data(&mut script_sig, &sig);
        push_data(&mut script_sig, &s.key().pubkey());
        let mut tx = unsigned.clone();
        tx.inputs[1].script_sig = script_sig;
        tx
    };
    let other = legacy_sighash(&pkh_coin.script_pubkey, &unsigned, 1, 1);
    (signed(&digest), signed(&other))
}
