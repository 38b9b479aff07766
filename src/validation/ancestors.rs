//! The view of earlier headers that header validation reads.
//!
//! The block index lives in `chain`, above `validation`; so `validation`
//! defines the little it needs to know about a header's ancestors and `chain`
//! implements it. Core reads the same facts off `CBlockIndex` (`nHeight`,
//! `nTime`, `nBits`, `pprev`, `GetAncestor`).

use crate::primitives::BlockHeader;
use crate::validation::limits::MEDIAN_TIME_SPAN;

/// What header validation needs of one ancestor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainEntry {
    /// The header's `nTime`.
    pub time: u32,
    /// The header's `nBits`.
    pub bits: u32,
}

impl From<&BlockHeader> for ChainEntry {
    fn from(header: &BlockHeader) -> Self {
        ChainEntry {
            time: header.time,
            bits: header.bits,
        }
    }
}

/// A chain of headers from genesis to a tip: the parent of the header being
/// checked. Walking to `pprev` is asking for height − 1.
pub trait AncestorView {
    /// The height of the tip (Core: `pindexPrev->nHeight`).
    fn tip_height(&self) -> u32;

    /// The entry at `height`, for any `height <= tip_height()`
    /// (Core: `GetAncestor(height)`). Callers in `validation` never ask for a
    /// height above the tip; an implementation may panic if one does, as Core
    /// asserts.
    fn entry(&self, height: u32) -> ChainEntry;

    /// The tip's entry.
    fn tip(&self) -> ChainEntry {
        self.entry(self.tip_height())
    }
}

/// A slice of entries indexed by height, genesis first, tip last.
///
/// # Panics
/// `tip_height` panics on an empty slice, and `entry` beyond its end.
impl AncestorView for [ChainEntry] {
    fn tip_height(&self) -> u32 {
        let last = self.len().checked_sub(1).expect("a chain has a genesis");
        u32::try_from(last).expect("heights fit in u32")
    }

    fn entry(&self, height: u32) -> ChainEntry {
        self[height as usize]
    }
}

/// The median of the times of the tip and up to ten of its ancestors: the
/// middle one of the sorted times, the later of the two middle ones when
/// fewer than eleven exist and their count is even.
///
/// # Consensus
/// A header's time must exceed its parent's median time past
/// (`HDR-TIME-TOO-OLD`); BIP-0113 also uses it as the lock-time cutoff.
/// Core: `CBlockIndex::GetMedianTimePast`.
pub fn median_time_past(view: &(impl AncestorView + ?Sized)) -> i64 {
    let tip = view.tip_height();
    let span = (tip as usize + 1).min(MEDIAN_TIME_SPAN) as u32;
    let mut times: Vec<i64> = (tip + 1 - span..=tip)
        .map(|height| i64::from(view.entry(height).time))
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(times: &[u32]) -> Vec<ChainEntry> {
        times
            .iter()
            .map(|&time| ChainEntry { time, bits: 0 })
            .collect()
    }

    #[test]
    fn median_of_the_last_eleven() {
        // Only the last eleven count: the leading 1000 is ignored.
        let times = [1000, 5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 11];
        assert_eq!(median_time_past(chain(&times).as_slice()), 6);
    }

    #[test]
    fn short_chains_take_the_upper_middle() {
        assert_eq!(median_time_past(chain(&[7]).as_slice()), 7);
        assert_eq!(median_time_past(chain(&[3, 1]).as_slice()), 3);
        assert_eq!(median_time_past(chain(&[3, 1, 2]).as_slice()), 2);
        assert_eq!(median_time_past(chain(&[4, 1, 3, 2]).as_slice()), 3);
    }
}
