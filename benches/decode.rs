//! Decoding mainnet block 413567 (999,887 bytes, 1557 transactions) and
//! computing every txid and the merkle root: canon beside rust-bitcoin 0.32
//! doing the same work, in one benchmark group.
//!
//! Run with `cargo bench --bench decode` (about a minute).

use std::hint::black_box;
use std::time::Duration;

use bitcoin::hashes::Hash;
use canon::encoding::Decode;
use canon::primitives::merkle::compute_merkle_root;
use canon::primitives::Block;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../tests/common/mod.rs"]
mod common;

/// canon: decode, hash every transaction, build the merkle tree.
fn canon_block(bytes: &[u8]) -> [u8; 32] {
    let block = Block::from_bytes(bytes).expect("block 413567 decodes");
    let txids: Vec<[u8; 32]> = block.transactions.iter().map(|tx| tx.txid().0).collect();
    compute_merkle_root(txids).root.0
}

/// rust-bitcoin: the same three steps.
fn rust_bitcoin_block(bytes: &[u8]) -> [u8; 32] {
    let block: bitcoin::Block =
        bitcoin::consensus::deserialize(bytes).expect("block 413567 decodes");
    let txids = block.txdata.iter().map(bitcoin::Transaction::compute_txid);
    bitcoin::merkle_tree::calculate_root(txids)
        .expect("the block has transactions")
        .to_byte_array()
}

fn decode_block413567(c: &mut Criterion) {
    let bytes = common::block413567();
    let header_root: [u8; 32] = bytes[36..68].try_into().expect("80-byte header");
    assert_eq!(canon_block(&bytes), header_root, "canon's merkle root");
    assert_eq!(
        rust_bitcoin_block(&bytes),
        header_root,
        "rust-bitcoin's merkle root"
    );

    let mut group = c.benchmark_group("block413567");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(3))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("canon", |b| b.iter(|| canon_block(black_box(&bytes))));
    group.bench_function("rust-bitcoin", |b| {
        b.iter(|| rust_bitcoin_block(black_box(&bytes)))
    });
    group.finish();
}

criterion_group!(benches, decode_block413567);
criterion_main!(benches);
