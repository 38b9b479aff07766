//! `canon replay` and `canon connect`, driven as a user would.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use canon::chain::{BlockBuilder, RegtestChain, TestKey, TxBuilder, Unlock};
use canon::encoding::Encode;
use canon::params::{consensus_params, Network};
use canon::primitives::{Block, BlockHash, OutPoint, TxOut, Txid};
use canon::script::opcodes::OP_1;

fn canon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_canon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the canon binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("canon prints UTF-8")
}

fn temp_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    dir.join(format!("{}-{name}", std::process::id()))
}

fn write_block_file(path: &Path, magic: [u8; 4], blocks: &[Block]) {
    let mut bytes = Vec::new();
    for block in blocks {
        let body = block.to_bytes();
        bytes.extend(magic);
        bytes.extend((body.len() as u32).to_le_bytes());
        bytes.extend(body);
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn replay_mainnet_blocks_1_to_255() {
    let path = common::shared_vectors().join("chain/mainnet-blocks-1-255.dat");
    let output = canon(&["replay", "--network", "main", path.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = stdout(&output);
    assert!(text.contains("height 255\n"), "{text}");
    assert!(
        text.contains("hash 00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c\n"),
        "{text}"
    );
    assert!(text.contains("utxos 260\n"), "{text}");
}

#[test]
fn replay_rejects_a_wrong_magic_and_a_truncated_frame() {
    let path = common::shared_vectors().join("chain/mainnet-blocks-1-255.dat");
    let output = canon(&["replay", "--network", "regtest", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("wrong network magic f9beb4d9"));
    let bytes = std::fs::read(&path).unwrap();
    let cut = temp_path("truncated.dat");
    std::fs::write(&cut, &bytes[..1000]).unwrap();
    let output = canon(&["replay", "--network", "main", cut.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("truncated frame"));
}

#[test]
fn replay_stops_at_an_invalid_block() {
    let mut chain = RegtestChain::new();
    let mut blocks = chain.mine_empty(101);
    let (outpoint, output) = canon::chain::coinbase_output(&blocks[0], 0);
    let mut tx = TxBuilder::new()
        .input(outpoint, output, Unlock::P2wpkh(chain.key))
        .output(50 * 100_000_000, vec![OP_1])
        .build();
    tx.outputs[0].value -= 1; // after signing: the signature no longer fits
    let mut bad = chain.next_block();
    bad.add(tx, 1);
    let bad = bad.build(chain.params());
    blocks.push(bad.clone());
    let path = temp_path("regtest-invalid.dat");
    write_block_file(
        &path,
        consensus_params(Network::Regtest).message_start,
        &blocks,
    );
    let output = canon(&["replay", "--network", "regtest", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("invalid block at height 102\n"), "{text}");
    assert!(
        text.contains(&format!("hash {}\n", bad.block_hash())),
        "{text}"
    );
    assert!(
        text.contains("reason block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)\n"),
        "{text}"
    );
}

#[test]
fn replay_waits_for_parents_that_come_later() {
    let mut chain = RegtestChain::new();
    let mut blocks = chain.mine_empty(5);
    blocks.swap(1, 3);
    let path = temp_path("regtest-shuffled.dat");
    write_block_file(
        &path,
        consensus_params(Network::Regtest).message_start,
        &blocks,
    );
    let output = canon(&["replay", "--network", "regtest", path.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout(&output).contains(&format!("hash {}\n", chain.chain.tip().hash)));
}

/// A block at height 500 spending two P2WPKH coins, and the UTXO file.
fn lone_block(fee: i64) -> (Block, PathBuf) {
    let params = consensus_params(Network::Regtest);
    let key = TestKey::new(7);
    let coins: Vec<(OutPoint, TxOut)> = (1..=2u8)
        .map(|n| {
            let outpoint = OutPoint {
                txid: Txid([n; 32]),
                vout: u32::from(n),
            };
            (
                outpoint,
                TxOut {
                    value: 1_000_000,
                    script_pubkey: key.p2wpkh(),
                },
            )
        })
        .collect();
    let mut tx = TxBuilder::new();
    for (outpoint, output) in &coins {
        tx = tx.input(*outpoint, output.clone(), Unlock::P2wpkh(key));
    }
    let tx = tx.output(2_000_000 - fee, vec![OP_1]);
    let mut builder =
        BlockBuilder::new(BlockHash([3; 32]), 500, 1_700_000_000, vec![OP_1], &params);
    builder.add(tx.build(), tx.fee());
    let json: Vec<serde_json::Value> = coins
        .iter()
        .map(|(outpoint, output)| {
            serde_json::json!({
                "txid": outpoint.txid.to_string(),
                "vout": outpoint.vout,
                "value": output.value,
                "script_pubkey": hex::encode(&output.script_pubkey),
                "height": 10,
                "coinbase": false,
            })
        })
        .collect();
    let path = temp_path(&format!("utxos-{fee}.json"));
    std::fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    (builder.build(&params), path)
}

#[test]
fn connect_reports_valid_with_the_fees() {
    let (block, utxos) = lone_block(2_500);
    let hex = hex::encode(block.to_bytes());
    let args = [
        "connect",
        "--network",
        "regtest",
        "--height",
        "500",
        "--utxos",
        utxos.to_str().unwrap(),
    ];
    let output = canon(&[&args[..], &["--mtp", "1699999000", &hex]].concat());
    assert!(output.status.success(), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.starts_with("valid\nfees 2500\n"), "{text}");
    assert!(text.contains("skipped bad-diffbits"), "{text}");
    assert!(!text.contains("skipped time-too-old"), "{text}");
    // Without --mtp the rules that read it are skipped, not guessed.
    let output = canon(&[&args[..], &[&hex[..]]].concat());
    let text = stdout(&output);
    assert!(text.starts_with("valid\n"), "{text}");
    assert!(text.contains("skipped time-too-old"), "{text}");
    // Lock time 0 is final whatever the median time past.
    assert!(!text.contains("skipped bad-txns-nonfinal"), "{text}");
}

#[test]
fn connect_reports_the_reject_reason() {
    let (block, utxos) = lone_block(0);
    let args = [
        "connect",
        "--network",
        "regtest",
        "--utxos",
        utxos.to_str().unwrap(),
    ];
    // The coins are at height 10, but coinbase maturity does not apply; a
    // wrong height breaks BIP-0034.
    let hex = hex::encode(block.to_bytes());
    let output = canon(&[&args[..], &["--height", "499", &hex]].concat());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("bad-cb-height\n"),
        "{}",
        stdout(&output)
    );
    // The median time past at or after the block's time.
    let time = block.header.time.to_string();
    let output = canon(&[&args[..], &["--height", "500", "--mtp", &time, &hex]].concat());
    assert!(
        stdout(&output).starts_with("time-too-old\n"),
        "{}",
        stdout(&output)
    );
    // A UTXO set without the coins.
    let empty = temp_path("empty.json");
    std::fs::write(&empty, "[]").unwrap();
    let output = canon(&[
        "connect",
        "--network",
        "regtest",
        "--height",
        "500",
        "--utxos",
        empty.to_str().unwrap(),
        &hex,
    ]);
    assert!(
        stdout(&output).starts_with("bad-txns-inputs-missingorspent\n"),
        "{}",
        stdout(&output)
    );
}
