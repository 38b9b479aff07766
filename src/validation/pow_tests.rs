//! Tests of `pow.rs`: Core's `pow_tests.cpp` cases and each network's rules.

use std::collections::BTreeMap;

use super::*;
use crate::params::{consensus_params, Network};

/// A view that knows only some heights, as Core's pow tests build a lone
/// `CBlockIndex`; asking for any other height is a test bug.
struct Sparse {
    tip: u32,
    entries: BTreeMap<u32, ChainEntry>,
}

impl AncestorView for Sparse {
    fn tip_height(&self) -> u32 {
        self.tip
    }
    fn entry(&self, height: u32) -> ChainEntry {
        self.entries[&height]
    }
}

fn entry(time: u32, bits: u32) -> ChainEntry {
    ChainEntry { time, bits }
}

/// Core's four mainnet retarget cases: (last height, last time, last bits,
/// first time, expected bits).
const CORE_RETARGETS: [(u32, u32, u32, u32, u32); 4] = [
    // get_next_work: blocks 30240..32255.
    (32255, 1_262_152_739, 0x1d00ffff, 1_261_130_161, 0x1d00d86a),
    // get_next_work_pow_limit: the first retarget, blocks 0..2015.
    (2015, 1_233_061_996, 0x1d00ffff, 1_231_006_505, 0x1d00ffff),
    // get_next_work_lower_limit_actual: blocks 66528..68543.
    (68543, 1_279_297_671, 0x1c05a3f4, 1_279_008_237, 0x1c0168fd),
    // get_next_work_upper_limit_actual (first time not a real block's).
    (46367, 1_269_211_443, 0x1c387f6f, 1_263_163_443, 0x1d00e1fd),
];

#[test]
fn core_mainnet_retarget_cases() {
    let main = consensus_params(Network::Main);
    for (height, time, bits, first_time, expected) in CORE_RETARGETS {
        let last = entry(time, bits);
        let first = entry(first_time, 0x1d00ffff);
        assert_eq!(calculate_next_work_required(last, first, &main), expected);
        // The same through the ancestor view, as a node reaches it.
        let view = Sparse {
            tip: height,
            entries: BTreeMap::from([(height, last), (height - 2015, first)]),
        };
        assert_eq!(get_next_work_required(&view, time + 600, &main), expected);
        assert!(permitted_difficulty_transition(
            &main,
            i64::from(height) + 1,
            bits,
            expected
        ));
    }
}

#[test]
fn core_permitted_transition_bounds() {
    let main = consensus_params(Network::Main);
    // Lower limit: one step harder than the quarter-timespan bound is refused.
    assert!(!permitted_difficulty_transition(
        &main,
        68544,
        0x1c05a3f4,
        0x1c0168fd - 1
    ));
    // Upper limit: one step easier than the 4× bound is refused.
    assert!(!permitted_difficulty_transition(
        &main,
        46368,
        0x1c387f6f,
        0x1d00e1fd + 1
    ));
    // Off a boundary only equal bits are permitted.
    assert!(permitted_difficulty_transition(
        &main, 2017, 0x1d00ffff, 0x1d00ffff
    ));
    assert!(!permitted_difficulty_transition(
        &main, 2017, 0x1d00ffff, 0x1d00fffe
    ));
    // Min-difficulty networks permit anything.
    let testnet = consensus_params(Network::Testnet3);
    assert!(permitted_difficulty_transition(
        &testnet, 2017, 0x1d00ffff, 0x1b00ffff
    ));
}

#[test]
fn mainnet_first_retarget_through_a_full_view() {
    // Heights 0..=2015: genesis time, then Core's block 2015 time at the tip.
    let main = consensus_params(Network::Main);
    let mut chain: Vec<ChainEntry> = (0..2016)
        .map(|h| entry(1_231_006_505 + h * 1000, 0x1d00ffff))
        .collect();
    chain[2015].time = 1_233_061_996;
    assert_eq!(
        get_next_work_required(chain.as_slice(), 1_233_063_531, &main),
        0x1d00ffff
    );
    // Off the boundary mainnet keeps the tip's bits, however late the block.
    chain.truncate(2015);
    chain[2014].bits = 0x1c7fff80;
    assert_eq!(
        get_next_work_required(chain.as_slice(), u32::MAX, &main),
        0x1c7fff80
    );
}

#[test]
fn core_check_proof_of_work_cases() {
    let main = consensus_params(Network::Main);
    let one = BlockHash(U256::ONE.to_le_bytes());
    // Negative target.
    assert!(!check_proof_of_work(
        one,
        to_compact(main.pow_limit, true),
        &main
    ));
    // Overflowing target.
    assert!(!check_proof_of_work(one, !0x0080_0000, &main));
    // Target above the pow limit.
    let too_easy = to_compact(main.pow_limit.wrapping_mul_u64(2), false);
    assert!(!check_proof_of_work(one, too_easy, &main));
    // Hash above the target.
    let high = BlockHash(main.pow_limit.wrapping_mul_u64(2).to_le_bytes());
    assert!(!check_proof_of_work(
        high,
        to_compact(main.pow_limit, false),
        &main
    ));
    // Zero target.
    assert!(!check_proof_of_work(
        BlockHash::ZERO,
        to_compact(U256::ZERO, false),
        &main
    ));
}

#[test]
fn high_hash_by_a_hair() {
    let main = consensus_params(Network::Main);
    let bits = 0x1b04_864c; // a real mainnet target
    let target = expand_compact(bits).target;
    let at = BlockHash(target.to_le_bytes());
    let above = BlockHash(target.wrapping_add(U256::ONE).to_le_bytes());
    assert!(check_proof_of_work(at, bits, &main));
    assert!(!check_proof_of_work(above, bits, &main));
    // The pow limit itself is a valid target; one compact step above is not.
    assert!(derive_target(0x1d00ffff, main.pow_limit).is_some());
    assert!(derive_target(0x1d010000, main.pow_limit).is_none());
}

/// Testnet3 heights 0..=2019: every block at the pow limit except those given.
fn testnet_chain(real: &[(usize, u32)]) -> Vec<ChainEntry> {
    let mut chain: Vec<ChainEntry> = (0..2020)
        .map(|h| entry(1_296_688_602 + h * 600, 0x1d00ffff))
        .collect();
    for &(height, bits) in real {
        chain[height].bits = bits;
    }
    chain
}

#[test]
fn testnet3_twenty_minute_rule() {
    let testnet = consensus_params(Network::Testnet3);
    let chain = testnet_chain(&[(2016, 0x1c0f_fff0)]);
    let tip_time = chain[2019].time;
    // More than 20 minutes after the parent: the pow limit.
    assert_eq!(
        get_next_work_required(chain.as_slice(), tip_time + 1201, &testnet),
        0x1d00ffff
    );
    // Exactly 20 minutes: no exception; walk back over 2019..2017 to 2016.
    assert_eq!(
        get_next_work_required(chain.as_slice(), tip_time + 1200, &testnet),
        0x1c0f_fff0
    );
}

#[test]
fn testnet3_walk_back_stops_at_real_difficulty_or_boundary() {
    let testnet = consensus_params(Network::Testnet3);
    let tip = |chain: &[ChainEntry]| chain[chain.len() - 1].time;
    // Stops at the first block not at the limit.
    let chain = testnet_chain(&[(2016, 0x1c0f_fff0), (2017, 0x1c0a_0000)]);
    assert_eq!(
        get_next_work_required(chain.as_slice(), tip(&chain), &testnet),
        0x1c0a_0000
    );
    // Stops at the boundary even when the boundary block is at the limit:
    // block 2015's real difficulty is not reached.
    let chain = testnet_chain(&[(2015, 0x1c0f_fff0)]);
    assert_eq!(
        get_next_work_required(chain.as_slice(), tip(&chain), &testnet),
        0x1d00ffff
    );
    // Stops at genesis.
    let chain = &testnet_chain(&[])[..3];
    assert_eq!(
        get_next_work_required(chain, tip(chain), &testnet),
        0x1d00ffff
    );
}

#[test]
fn testnet3_boundary_retargets_without_the_exception() {
    // Blocks 0..=2015 took half the target timespan: the target halves, and a
    // late first block of the new period gets no min-difficulty exception.
    let testnet = consensus_params(Network::Testnet3);
    let mut chain: Vec<ChainEntry> = (0..2016)
        .map(|h| entry(1_296_688_602 + h * 300, 0x1d00ffff))
        .collect();
    chain[2015].time = chain[0].time + 1_209_600 / 2;
    let late = chain[2015].time + 100_000;
    assert_eq!(
        get_next_work_required(chain.as_slice(), late, &testnet),
        0x1c7fff80
    );
}

#[test]
fn testnet4_retargets_from_the_first_block_of_the_period() {
    let testnet4 = consensus_params(Network::Testnet4);
    let testnet3 = consensus_params(Network::Testnet3);
    // The period's last block was a min-difficulty block; its first was not.
    let first = entry(1_714_777_860, 0x1c0f_fff0);
    let last = entry(1_714_777_860 + 1_209_600, 0x1d00ffff);
    // BIP-0094: the base is the first block's target, kept as is (on time).
    assert_eq!(
        calculate_next_work_required(last, first, &testnet4),
        0x1c0f_fff0
    );
    // Testnet3 would take the last block's: the pow limit.
    assert_eq!(
        calculate_next_work_required(last, first, &testnet3),
        0x1d00ffff
    );
}

#[test]
fn regtest_never_retargets() {
    let regtest = consensus_params(Network::Regtest);
    assert_eq!(regtest.difficulty_adjustment_interval(), 144);
    // A boundary (height 144): the tip's bits, even for a block a day late.
    let chain: Vec<ChainEntry> = (0..144).map(|h| entry(h * 10, 0x1f00_ffff)).collect();
    assert_eq!(
        get_next_work_required(chain.as_slice(), 100_000, &regtest),
        0x1f00_ffff
    );
    // Off a boundary the min-difficulty rule applies: the pow limit 0x207fffff.
    let chain = &chain[..100];
    assert_eq!(
        get_next_work_required(chain, 100_000, &regtest),
        0x207f_ffff
    );
    assert_eq!(
        get_next_work_required(chain, 990 + 1200, &regtest),
        0x1f00_ffff
    );
}
