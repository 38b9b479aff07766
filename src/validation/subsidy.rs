//! The block subsidy. Core: `GetBlockSubsidy` in `src/validation.cpp`.

use crate::params::ConsensusParams;
use crate::validation::limits::COIN;

/// The new coins a block at `height` may create, in satoshis.
///
/// # Consensus
/// 50 BTC, halved (rounding down) every `subsidy_halving_interval` blocks
/// (210 000; 150 on regtest); from the 64th halving on it is zero, where a
/// 64-bit shift would be undefined in C++ (`SUBSIDY-HALVING`). The coinbase
/// may claim at most this plus the block's fees (checked when connecting).
/// Core: `GetBlockSubsidy`.
pub fn get_block_subsidy(height: u32, params: &ConsensusParams) -> i64 {
    let halvings = height / params.subsidy_halving_interval;
    if halvings >= 64 {
        return 0;
    }
    (50 * COIN) >> halvings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{consensus_params, Network};

    #[test]
    fn mainnet_halving_boundaries() {
        let main = consensus_params(Network::Main);
        let at = |h| get_block_subsidy(h, &main);
        assert_eq!(at(0), 50 * COIN);
        assert_eq!(at(209_999), 50 * COIN);
        assert_eq!(at(210_000), 25 * COIN);
        assert_eq!(at(419_999), 25 * COIN);
        assert_eq!(at(420_000), 1_250_000_000);
        assert_eq!(at(630_000), 625_000_000);
        assert_eq!(at(840_000), 312_500_000);
        // The 33rd halving rounds the last satoshi away; shifts stay defined
        // (and zero) up to the 63rd; from the 64th the rule says zero.
        assert_eq!(at(32 * 210_000 - 1), 2);
        assert_eq!(at(32 * 210_000), 1);
        assert_eq!(at(33 * 210_000 - 1), 1);
        assert_eq!(at(33 * 210_000), 0);
        assert_eq!(at(63 * 210_000), 0);
        assert_eq!(at(64 * 210_000 - 1), 0);
        assert_eq!(at(64 * 210_000), 0);
        assert_eq!(at(u32::MAX), 0);
    }

    #[test]
    fn each_halving_halves() {
        let main = consensus_params(Network::Main);
        for n in 0..64u32 {
            let first = get_block_subsidy(n * 210_000, &main);
            assert_eq!(first, (50 * COIN) >> n);
            if n > 0 {
                assert_eq!(
                    get_block_subsidy(n * 210_000 - 1, &main),
                    (50 * COIN) >> (n - 1)
                );
            }
        }
    }

    #[test]
    fn regtest_halves_every_150_blocks() {
        let regtest = consensus_params(Network::Regtest);
        assert_eq!(get_block_subsidy(149, &regtest), 50 * COIN);
        assert_eq!(get_block_subsidy(150, &regtest), 25 * COIN);
        // 64 halvings at 150 blocks: height 9600 is the first forced zero.
        assert_eq!(get_block_subsidy(9_599, &regtest), 0);
        assert_eq!(get_block_subsidy(9_600, &regtest), 0);
        assert_eq!(get_block_subsidy(150 * 32, &regtest), 1);
    }

    #[test]
    fn total_supply_is_below_max_money() {
        let main = consensus_params(Network::Main);
        let total: i64 = (0..64u32)
            .map(|n| get_block_subsidy(n * 210_000, &main) * 210_000)
            .sum();
        assert_eq!(total, 2_099_999_997_690_000);
        assert!(total < crate::validation::limits::MAX_MONEY);
    }
}
