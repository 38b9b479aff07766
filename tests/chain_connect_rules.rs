//! The rules of connecting a block, through the chain state, on regtest
//! chains built by the block builder: for each rule a block that trips it
//! and one that passes by a hair. Core: `ConnectBlock`, `CheckTxInputs`,
//! `SequenceLocks`, `GetTransactionSigOpCost`, `CheckInputScripts`.

mod chain_common;

use canon::chain::{
    coinbase_output, output_of, p2wsh, phantom_coin, RegtestChain, TxBuilder, Unlock,
};
use canon::params::{consensus_params, Network};
use canon::primitives::TxOut;
use canon::script::opcodes::{OP_0, OP_1, OP_CHECKMULTISIG, OP_CHECKSIG, OP_ENDIF, OP_IF};
use canon::validation::median_time_past_at;
use chain_common::{mature_chain, spend_coinbase, try_block};

const FIFTY: i64 = 50 * 100_000_000;
const TYPE_FLAG: u32 = 1 << 22;

#[test]
fn inputs_missing_or_spent() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let (coin, spent) = phantom_coin(9);
    let missing = TxBuilder::new()
        .input(coin, spent, Unlock::empty())
        .output(1, vec![OP_1])
        .build();
    let mut tripping = chain.next_block();
    tripping.add(missing, 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-inputs-missingorspent"
    );
    // Spending an output of a later transaction of the same block fails;
    // of an earlier one passes.
    let parent = spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]).build();
    let (outpoint, output) = output_of(&parent, 0);
    let raw = Unlock::empty();
    let child = TxBuilder::new()
        .input(outpoint, output, raw)
        .output(FIFTY, vec![OP_1])
        .build();
    let mut backwards = chain.next_block();
    backwards.add(child.clone(), 0).add(parent.clone(), 0);
    assert_eq!(
        try_block(&mut chain, &backwards).unwrap_err(),
        "bad-txns-inputs-missingorspent"
    );
    let mut forwards = chain.next_block();
    forwards.add(parent, 0).add(child, 0);
    try_block(&mut chain, &forwards).unwrap();
}

#[test]
fn coinbase_maturity_is_one_hundred_confirmations() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    // The next block is at height 101: the coinbase of height 2 has 99
    // confirmations there, that of height 1 has 100.
    let mut tripping = chain.next_block();
    tripping.add(
        spend_coinbase(key, &blocks[1], FIFTY, vec![OP_1]).build(),
        0,
    );
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-premature-spend-of-coinbase"
    );
    let mut passing = chain.next_block();
    passing.add(
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]).build(),
        0,
    );
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn inputs_cover_outputs() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let mut tripping = chain.next_block();
    tripping.add(
        spend_coinbase(key, &blocks[0], FIFTY + 1, vec![OP_1]).build(),
        0,
    );
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-in-belowout"
    );
    let mut passing = chain.next_block();
    passing.add(
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]).build(),
        0,
    );
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn coinbase_pays_at_most_subsidy_plus_fees() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let fee = 12_345;
    let tx = spend_coinbase(key, &blocks[0], FIFTY - fee, vec![OP_1]);
    assert_eq!(tx.fee(), fee);
    let mut tripping = chain.next_block();
    tripping.add(tx.build(), tx.fee());
    tripping.fees += 1;
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-cb-amount"
    );
    let mut passing = chain.next_block();
    passing.add(tx.build(), tx.fee());
    let block = try_block(&mut chain, &passing).unwrap();
    assert_eq!(block.transactions[0].outputs[0].value, FIFTY + fee);
}

#[test]
fn relative_height_lock() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    // The coin is from height 1, the block at 101: a lock of 100 blocks has
    // expired there (1 + 100 − 1 < 101), one of 101 has not.
    let locked = |blocks_locked, version| {
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1])
            .version(version)
            .sequence(blocks_locked)
            .build()
    };
    let mut tripping = chain.next_block();
    tripping.add(locked(101, 2), 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-nonfinal"
    );
    // Version 1 transactions have no relative locks.
    let mut old = chain.next_block();
    old.add(locked(101, 1), 0);
    try_block(&mut chain, &old).unwrap();
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let mut passing = chain.next_block();
    passing.add(
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1])
            .sequence(100)
            .build(),
        0,
    );
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn relative_time_lock() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    // The lock counts from the median time past of the block before the
    // coin's (height 0) to that of the new block's parent.
    let view = chain.chain.active_view();
    let span = median_time_past_at(&view, 100) - median_time_past_at(&view, 0);
    let units = (span / 512) as u32;
    let locked = |units| {
        spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1])
            .sequence(TYPE_FLAG | units)
            .build()
    };
    let mut tripping = chain.next_block();
    tripping.add(locked(units + 1), 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-txns-nonfinal"
    );
    let mut passing = chain.next_block();
    passing.add(locked(units), 0);
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn bip30_forbids_overwriting_unspent_outputs() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let tx = spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]).build();
    let mut first = chain.next_block();
    first.add(tx.clone(), 0);
    try_block(&mut chain, &first).unwrap();
    let mut repeat = chain.next_block();
    repeat.add(tx, 0);
    assert_eq!(
        try_block(&mut chain, &repeat).unwrap_err(),
        "bad-txns-BIP30"
    );
}

#[test]
fn bip30_allows_repeating_a_spent_coinbase() {
    // Before BIP-0034 a coinbase can repeat: refused while its output is
    // unspent, accepted once it is spent (as mainnet's 91 842 and 91 880).
    let mut params = consensus_params(Network::Regtest);
    params.bip34_height = 1_000;
    let mut chain = RegtestChain::with_params(params);
    let key = chain.key;
    let mut first = chain.next_block();
    first.coinbase_script_sig = Some(b"same coinbase".to_vec());
    let first = try_block(&mut chain, &first).unwrap();
    let mut repeat = chain.next_block();
    repeat.coinbase_script_sig = first.transactions[0].inputs[0].script_sig.clone().into();
    assert_eq!(
        try_block(&mut chain, &repeat).unwrap_err(),
        "bad-txns-BIP30"
    );
    chain.mine_empty(100);
    let mut spend = chain.next_block();
    spend.add(spend_coinbase(key, &first, FIFTY, vec![OP_1]).build(), 0);
    try_block(&mut chain, &spend).unwrap();
    // The same subsidy at this height: the same coinbase, the same txid.
    let mut again = chain.next_block();
    again.coinbase_script_sig = repeat.coinbase_script_sig.clone();
    let again = try_block(&mut chain, &again).unwrap();
    assert_eq!(again.transactions[0].txid(), first.transactions[0].txid());
    let (outpoint, _) = coinbase_output(&again, 0);
    let coin = canon::validation::CoinsView::access_coin(chain.chain.utxos(), &outpoint).unwrap();
    assert_eq!(coin.height, chain.chain.height());
}

/// `OP_0 OP_IF <CHECKMULTISIG × multisigs> <CHECKSIG × singles> OP_ENDIF
/// OP_1`: the counted sigops (20 per CHECKMULTISIG) never run.
fn sigop_script(multisigs: usize, singles: usize) -> Vec<u8> {
    let mut script = vec![OP_0, OP_IF];
    script.extend(std::iter::repeat_n(OP_CHECKMULTISIG, multisigs));
    script.extend(std::iter::repeat_n(OP_CHECKSIG, singles));
    script.extend([OP_ENDIF, OP_1]);
    script
}

#[test]
fn sigop_cost_limit() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    // Witness sigops count once each: 20 inputs of 199 CHECKMULTISIGs
    // (3 980 each) and one of 20 make 80 000; 20 and a CHECKSIG, 80 001.
    let heavy = sigop_script(199, 0);
    let (exact, over) = (sigop_script(20, 0), sigop_script(20, 1));
    let mut fund = spend_coinbase(key, &blocks[0], 0, p2wsh(&exact)).output(0, p2wsh(&over));
    for _ in 0..20 {
        fund = fund.output(0, p2wsh(&heavy));
    }
    let fund = fund.build();
    let mut funding = chain.next_block();
    funding.add(fund.clone(), FIFTY);
    try_block(&mut chain, &funding).unwrap();
    let spend_with = |last_vout: u32, last_script: &Vec<u8>| {
        let mut tx = TxBuilder::new();
        for vout in 2..22 {
            let (outpoint, output) = output_of(&fund, vout);
            let unlock = Unlock::P2wsh {
                witness_script: heavy.clone(),
                stack: vec![],
            };
            tx = tx.input(outpoint, output, unlock);
        }
        let (outpoint, output) = output_of(&fund, last_vout);
        let unlock = Unlock::P2wsh {
            witness_script: last_script.clone(),
            stack: vec![],
        };
        tx.input(outpoint, output, unlock)
            .output(0, vec![OP_1])
            .build()
    };
    let mut tripping = chain.next_block();
    tripping.add(spend_with(1, &over), 0);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "bad-blk-sigops"
    );
    let exact_tx = spend_with(0, &exact);
    let spent: Vec<TxOut> = (2..22)
        .chain([0])
        .map(|vout| output_of(&fund, vout).1)
        .collect();
    let flags = canon::validation::get_block_script_flags(102, Default::default(), chain.params());
    let cost = canon::validation::get_transaction_sigop_cost(&exact_tx, &spent, flags);
    assert_eq!(cost, 80_000);
    let mut passing = chain.next_block();
    passing.add(exact_tx, 0);
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn script_failures_quote_cores_message() {
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let honest = spend_coinbase(key, &blocks[0], FIFTY - 1000, vec![OP_1]).build();
    // Changing an output after signing breaks the signature.
    let mut forged = honest.clone();
    forged.outputs[0].value -= 1;
    let mut tripping = chain.next_block();
    tripping.add(forged, 1001);
    assert_eq!(
        try_block(&mut chain, &tripping).unwrap_err(),
        "block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)"
    );
    let mut passing = chain.next_block();
    passing.add(honest, 1000);
    try_block(&mut chain, &passing).unwrap();
}

#[test]
fn scripts_are_checked_in_transaction_order() {
    // A bad signature in the first transaction is reported before a
    // missing input in the second, as Core reports it without script
    // threads.
    let (mut chain, blocks) = mature_chain(0);
    let key = chain.key;
    let mut forged = spend_coinbase(key, &blocks[0], FIFTY, vec![OP_1]).build();
    forged.outputs[0].value -= 1;
    let mut missing = forged.clone();
    missing.inputs[0].prevout.vout = 5;
    let mut block = chain.next_block();
    block.add(forged, 1).add(missing, 0);
    let reason = try_block(&mut chain, &block).unwrap_err();
    assert!(
        reason.starts_with("block-script-verify-flag-failed"),
        "{reason}"
    );
}
