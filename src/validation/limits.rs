//! Consensus limits. Core: `src/consensus/consensus.h`, `src/consensus/amount.h`,
//! `src/chain.h`.

pub use crate::primitives::transaction::WITNESS_SCALE_FACTOR;

/// The number of satoshis in one bitcoin. Core: `COIN`.
pub const COIN: i64 = 100_000_000;

/// No amount above this is valid: 21 million bitcoin. A sanity bound, not the
/// money supply. Core: `MAX_MONEY`.
pub const MAX_MONEY: i64 = 21_000_000 * COIN;

/// The largest block weight (BIP-0141). Core: `MAX_BLOCK_WEIGHT`.
pub const MAX_BLOCK_WEIGHT: usize = 4_000_000;

/// The largest signature-operation cost of a block. Core: `MAX_BLOCK_SIGOPS_COST`.
pub const MAX_BLOCK_SIGOPS_COST: usize = 80_000;

/// Seconds a block's time may be ahead of the local clock. Core: `MAX_FUTURE_BLOCK_TIME`.
pub const MAX_FUTURE_BLOCK_TIME: i64 = 2 * 60 * 60;

/// Seconds the first block of a retarget period may be earlier than its
/// parent under BIP-0094. Core: `MAX_TIMEWARP`.
pub const MAX_TIMEWARP: i64 = 600;

/// How many blocks the median time past is taken over. Core: `nMedianTimeSpan`.
pub const MEDIAN_TIME_SPAN: usize = 11;

/// Whether `value` is a valid amount: `0 ..= MAX_MONEY`. Core: `MoneyRange`.
pub fn money_range(value: i64) -> bool {
    (0..=MAX_MONEY).contains(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_range_bounds() {
        assert!(money_range(0) && money_range(MAX_MONEY));
        assert!(!money_range(-1) && !money_range(MAX_MONEY + 1));
        assert_eq!(MAX_MONEY, 2_100_000_000_000_000);
    }
}
