//! `connect_block` and `disconnect_block` on their own, against coins views
//! built by hand: the amount rules a real chain cannot reach (its coins
//! never hold more than the money supply), the exactness of undo data, and
//! what a partial context leaves undecided.

use std::collections::HashMap;

use canon::chain::{BlockBuilder, TxBuilder, Unlock};
use canon::params::{consensus_params, Network};
use canon::primitives::{Block, BlockHash, OutPoint, TxOut, Txid};
use canon::script::opcodes::OP_1;
use canon::validation::{
    check_block, connect_block, disconnect_block, BlockError, Coin, CoinsView, DisconnectResult,
    PartialContext, Skipped, TxError, MAX_MONEY,
};

const HEIGHT: u32 = 500;

fn coin(value: i64) -> Coin {
    Coin {
        output: TxOut {
            value,
            script_pubkey: vec![OP_1],
        },
        height: 10,
        is_coinbase: false,
    }
}

fn outpoint(n: u8) -> OutPoint {
    OutPoint {
        txid: Txid([n; 32]),
        vout: 0,
    }
}

fn view(values: &[(u8, i64)]) -> HashMap<OutPoint, Coin> {
    values
        .iter()
        .map(|&(n, value)| (outpoint(n), coin(value)))
        .collect()
}

/// A transaction spending the anyone-can-spend coins `inputs` to one output.
fn spend(inputs: &[u8], out: i64, sequence: u32) -> TxBuilder {
    let mut tx = TxBuilder::new();
    for &n in inputs {
        let unlock = Unlock::Raw {
            script_sig: vec![],
            witness: vec![],
        };
        tx = tx
            .input(outpoint(n), coin(0).output, unlock)
            .sequence(sequence);
    }
    tx.output(out, vec![OP_1])
}

fn block(txs: &[TxBuilder]) -> Block {
    let params = consensus_params(Network::Regtest);
    let mut builder = BlockBuilder::new(
        BlockHash([5; 32]),
        HEIGHT,
        1_600_000_000,
        vec![OP_1],
        &params,
    );
    for tx in txs {
        builder.add(tx.build(), 0);
    }
    let block = builder.build(&params);
    assert_eq!(check_block(&block, &params), Ok(()));
    block
}

fn connect(
    block: &Block,
    coins: &mut HashMap<OutPoint, Coin>,
) -> Result<canon::validation::ConnectedBlock, BlockError> {
    let context = PartialContext {
        height: HEIGHT,
        prev_mtp: Some(1_600_000_000),
    };
    connect_block(block, &context, coins, &consensus_params(Network::Regtest))
}

#[test]
fn input_values_out_of_range() {
    let mut coins = view(&[(1, MAX_MONEY), (2, 1)]);
    let too_much = block(&[spend(&[1, 2], 0, 0)]);
    assert_eq!(
        connect(&too_much, &mut coins),
        Err(BlockError::Transaction {
            index: 1,
            txid: too_much.transactions[1].txid(),
            error: TxError::InputValuesOutOfRange
        })
    );
    assert_eq!(coins.len(), 2, "a failed block leaves the view alone");
    let exactly = block(&[spend(&[1], 0, 0)]);
    assert_eq!(connect(&exactly, &mut coins).unwrap().fees, MAX_MONEY);
}

#[test]
fn accumulated_fees_out_of_range() {
    let mut coins = view(&[(1, MAX_MONEY), (2, 1), (3, 1)]);
    let over = block(&[spend(&[1], 0, 0), spend(&[2], 0, 0)]);
    let error = connect(&over, &mut coins).unwrap_err();
    assert_eq!(error, BlockError::AccumulatedFeeOutOfRange);
    assert_eq!(error.reject_reason(), "bad-txns-accumulated-fee-outofrange");
    let exactly = block(&[spend(&[1], 0, 0), spend(&[2], 1, 0)]);
    assert_eq!(connect(&exactly, &mut coins).unwrap().fees, MAX_MONEY);
}

#[test]
fn disconnect_restores_the_view_exactly() {
    let before = view(&[(1, 100), (2, 200), (3, 300)]);
    let mut coins = before.clone();
    let blk = block(&[spend(&[1, 2], 250, 0), spend(&[3], 300, 0)]);
    let connected = connect(&blk, &mut coins).unwrap();
    assert_eq!(connected.fees, 50);
    assert_eq!(coins.len(), 3, "two spent, coinbase and two outputs added");
    let mut wrong_height = coins.clone();
    let params = consensus_params(Network::Regtest);
    let hash = blk.block_hash();
    assert_eq!(
        disconnect_block(
            &blk,
            HEIGHT + 1,
            hash,
            &connected.undo,
            &mut wrong_height,
            &params
        ),
        DisconnectResult::Unclean
    );
    assert_eq!(
        wrong_height, coins,
        "an unclean disconnection changes nothing"
    );
    assert_eq!(
        disconnect_block(&blk, HEIGHT, hash, &connected.undo, &mut coins, &params),
        DisconnectResult::Ok
    );
    assert_eq!(coins, before);
    assert!(coins.access_coin(&outpoint(1)).is_some());
}

#[test]
fn partial_contexts_skip_time_locks() {
    let mut coins = view(&[(1, 100)]);
    let time_locked = block(&[spend(&[1], 100, (1 << 22) | 3)]);
    let connected = connect(&time_locked, &mut coins).unwrap();
    assert_eq!(
        connected.skipped,
        vec![Skipped::SequenceLockTime {
            index: 1,
            height: 9
        }]
    );
}
