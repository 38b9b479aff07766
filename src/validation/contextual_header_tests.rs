//! Tests of `contextual_header.rs`: each rule failing and passing by a hair.

use super::*;
use crate::params::{consensus_params, Network};
use crate::primitives::BlockHash;
use crate::validation::ancestors::ChainEntry;

/// A chain where every block below the tip has the same entry: enough to
/// test at real mainnet heights without building the chain.
struct Flat {
    tip_height: u32,
    tip: ChainEntry,
    below: ChainEntry,
}

impl AncestorView for Flat {
    fn tip_height(&self) -> u32 {
        self.tip_height
    }
    fn entry(&self, height: u32) -> ChainEntry {
        if height == self.tip_height {
            self.tip
        } else {
            self.below
        }
    }
}

const T: u32 = 1_400_000_000;

fn flat(tip_height: u32) -> Flat {
    let entry = ChainEntry {
        time: T,
        bits: 0x1d00ffff,
    };
    Flat {
        tip_height,
        tip: entry,
        below: entry,
    }
}

fn header(version: i32, time: u32, bits: u32) -> BlockHeader {
    BlockHeader {
        version,
        prev_blockhash: BlockHash::ZERO,
        merkle_root: Default::default(),
        time,
        bits,
        nonce: 0,
    }
}

/// A clock far ahead of every header here.
const LATE: i64 = 1 << 40;

#[test]
fn bad_diffbits() {
    let main = consensus_params(Network::Main);
    let check =
        |bits| contextual_check_block_header(&header(1, T + 1, bits), &flat(1000), LATE, &main);
    assert_eq!(check(0x1d00ffff), Ok(()));
    assert_eq!(check(0x1d00fffe), Err(BlockError::BadDiffBits));
}

#[test]
fn time_too_old() {
    let main = consensus_params(Network::Main);
    // Times 100..=110 at heights 0..=10: the median is 105.
    let chain: Vec<ChainEntry> = (0..11)
        .map(|h| ChainEntry {
            time: 100 + h,
            bits: 0x1d00ffff,
        })
        .collect();
    let check = |time| {
        contextual_check_block_header(&header(1, time, 0x1d00ffff), chain.as_slice(), LATE, &main)
    };
    assert_eq!(check(105), Err(BlockError::TimeTooOld));
    assert_eq!(check(106), Ok(()));
}

#[test]
fn time_too_new() {
    let main = consensus_params(Network::Main);
    let now = i64::from(T) + 10;
    let check =
        |time| contextual_check_block_header(&header(1, time, 0x1d00ffff), &flat(1000), now, &main);
    assert_eq!(check(T + 10 + 7200), Ok(()));
    assert_eq!(check(T + 10 + 7201), Err(BlockError::TimeTooNew));
    assert_eq!(
        BlockError::TimeTooNew.result(),
        crate::validation::error::BlockValidationResult::TimeFuture
    );
}

#[test]
fn bad_version_at_each_buried_height() {
    let main = consensus_params(Network::Main);
    let check = |height: u32, version| {
        contextual_check_block_header(
            &header(version, T + 1, 0x1d00ffff),
            &flat(height - 1),
            LATE,
            &main,
        )
    };
    let bad = |version| Err(BlockError::BadVersion { version });
    // BIP-0034 at 227931: version 2 required from there.
    assert_eq!(check(227_930, 1), Ok(()));
    assert_eq!(check(227_931, 1), bad(1));
    assert_eq!(check(227_931, 2), Ok(()));
    // BIP-0066 at 363725: version 3.
    assert_eq!(check(363_724, 2), Ok(()));
    assert_eq!(check(363_725, 2), bad(2));
    assert_eq!(check(363_725, 3), Ok(()));
    // BIP-0065 at 388381: version 4.
    assert_eq!(check(388_380, 3), Ok(()));
    assert_eq!(check(388_381, 3), bad(3));
    assert_eq!(check(388_381, 4), Ok(()));
    // Versions are signed: a negative one is old, shown as its two's complement.
    let err = check(388_381, -1).unwrap_err();
    assert_eq!(err.reject_reason(), "bad-version(0xffffffff)");
    // BIP-0009 version bits are large and fine.
    assert_eq!(check(388_381, 0x2000_0000), Ok(()));
}

/// Heights 0..=2014 at time `T`, the tip (2015) 10000 s later: the median
/// time past stays at `T`, far below the tip's time.
fn late_tip() -> Flat {
    let below = ChainEntry {
        time: T,
        bits: 0x1d00ffff,
    };
    Flat {
        tip_height: 2015,
        tip: ChainEntry {
            time: T + 10_000,
            bits: 0x1d00ffff,
        },
        below,
    }
}

#[test]
fn timewarp_on_testnet4() {
    let testnet4 = consensus_params(Network::Testnet4);
    let view = late_tip();
    let check = |params: &ConsensusParams, time| {
        let bits = get_next_work_required(&view, time, params);
        contextual_check_block_header(&header(4, time, bits), &view, LATE, params)
    };
    // Block 2016 opens a period: at most 600 s before its parent.
    assert_eq!(check(&testnet4, T + 10_000 - 600), Ok(()));
    assert_eq!(
        check(&testnet4, T + 10_000 - 601),
        Err(BlockError::TimeTimewarpAttack)
    );
    // Testnet3 has no such rule.
    let testnet3 = consensus_params(Network::Testnet3);
    assert_eq!(check(&testnet3, T + 10_000 - 601), Ok(()));
    // Nor does testnet4 off a period's first block.
    let mid = Flat {
        tip_height: 2016,
        ..late_tip()
    };
    let time = T + 10_000 - 601;
    let bits = get_next_work_required(&mid, time, &testnet4);
    assert_eq!(
        contextual_check_block_header(&header(4, time, bits), &mid, LATE, &testnet4),
        Ok(())
    );
}

#[test]
fn checks_run_in_core_order() {
    let main = consensus_params(Network::Main);
    // Wrong bits, too old, too new and a bad version at once: bits first.
    let bad_everything = header(1, T, 0x1d00fffe);
    assert_eq!(
        contextual_check_block_header(&bad_everything, &flat(300_000), 0, &main),
        Err(BlockError::BadDiffBits)
    );
    // Too old and too new cannot both hold; too new before the version.
    let late_old = header(1, T + 1, 0x1d00ffff);
    assert_eq!(
        contextual_check_block_header(&late_old, &flat(300_000), 0, &main),
        Err(BlockError::TimeTooNew)
    );
}
