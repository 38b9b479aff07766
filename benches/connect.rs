//! Connecting blocks: a regtest block of 2,000 P2WPKH spends built by the
//! block builder (`connect_block` alone, and the whole `process_new_block`
//! path with its checks), and replaying mainnet blocks 1 to 255 from
//! genesis through the chain state.
//!
//! Run with `cargo bench --bench connect`.

use std::hint::black_box;
use std::time::Duration;

use canon::chain::{
    coinbase_output, output_of, read_block_file, Chainstate, RegtestChain, TestKey, TxBuilder,
    Unlock,
};
use canon::params::{consensus_params, Network};
use canon::primitives::Block;
use canon::script::opcodes::OP_1;
use canon::validation::{connect_block, ChainContext};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

#[path = "../tests/common/mod.rs"]
mod common;

const SPENDS: usize = 2_000;

/// A chain whose tip holds 2,000 P2WPKH outputs, and a block spending each
/// in its own transaction.
fn chain_and_block() -> (RegtestChain, Block) {
    let mut chain = RegtestChain::new();
    let blocks = chain.mine_empty(100);
    let key = TestKey::new(1);
    let (outpoint, output) = coinbase_output(&blocks[0], 0);
    let share = output.value / SPENDS as i64;
    let mut fund = TxBuilder::new().input(outpoint, output, Unlock::P2wpkh(chain.key));
    for _ in 0..SPENDS {
        fund = fund.output(share, key.p2wpkh());
    }
    let mut funding = chain.next_block();
    funding.add(fund.build(), fund.fee());
    let fund = fund.build();
    chain.mine(&funding).expect("the funding block connects");
    let mut spending = chain.next_block();
    for vout in 0..SPENDS as u32 {
        let (outpoint, output) = output_of(&fund, vout);
        let tx = TxBuilder::new()
            .input(outpoint, output, Unlock::P2wpkh(key))
            .output(share - 1_000, vec![OP_1]);
        spending.add(tx.build(), tx.fee());
    }
    let block = spending.build(chain.params());
    (chain, block)
}

fn connect_p2wpkh_block(c: &mut Criterion) {
    let (chain, block) = chain_and_block();
    let mut group = c.benchmark_group("connect");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("connect_block_2000_p2wpkh", |b| {
        b.iter_batched(
            || chain.chain.utxos().clone(),
            |mut utxos| {
                let view = chain.chain.active_view();
                let context = ChainContext::new(&view);
                connect_block(black_box(&block), &context, &mut utxos, chain.params())
                    .expect("the block connects")
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("process_new_block_2000_p2wpkh", |b| {
        b.iter_batched(
            || chain.chain.clone(),
            |mut chain| {
                let processed = chain
                    .process_new_block(black_box(&block))
                    .expect("accepted");
                assert!(processed.invalid.is_empty());
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn replay_mainnet(c: &mut Criterion) {
    let params = consensus_params(Network::Main);
    let bytes = common::read_vector("chain/mainnet-blocks-1-255.dat");
    let blocks = read_block_file(&bytes, params.message_start).expect("the file reads");
    let mut group = c.benchmark_group("replay");
    group.sample_size(20);
    group.bench_function("mainnet_blocks_1_to_255", |b| {
        b.iter(|| {
            let mut chain = Chainstate::new(params.clone());
            for block in &blocks {
                chain
                    .process_new_block(block)
                    .expect("mainnet blocks are valid");
            }
            assert_eq!(chain.height(), 255);
        })
    });
    group.finish();
}

criterion_group!(benches, connect_p2wpkh_block, replay_mainnet);
criterion_main!(benches);
