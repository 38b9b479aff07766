//! Proof of work: checking a header's hash against its target, and the
//! target each header must claim. Core: `src/pow.cpp`.

use crate::params::ConsensusParams;
use crate::primitives::compact_target::{expand_compact, to_compact};
use crate::primitives::{BlockHash, U256};
use crate::validation::ancestors::{AncestorView, ChainEntry};

/// The pow limit in compact form (mainnet's is 0x1d00ffff). Core:
/// `UintToArith256(params.powLimit).GetCompact()`.
pub fn pow_limit_compact(params: &ConsensusParams) -> u32 {
    to_compact(params.pow_limit, false)
}

/// The target `bits` stands for, if it is a valid target on this network.
///
/// # Consensus
/// A target is valid when it is not negative, not zero, does not overflow
/// (`POW-COMPACT-RANGE`), and is at most the network's pow limit.
/// Core: `DeriveTarget`.
pub fn derive_target(bits: u32, pow_limit: U256) -> Option<U256> {
    let expanded = expand_compact(bits);
    let invalid = expanded.negative
        || expanded.target.is_zero()
        || expanded.overflow
        || expanded.target > pow_limit;
    (!invalid).then_some(expanded.target)
}

/// Whether a header hash meets the target its `bits` claim.
///
/// # Consensus
/// The target must be valid ([`derive_target`]) and the hash, read as a
/// little-endian 256-bit number, at most the target (`POW-HIGH-HASH`).
/// Core: `CheckProofOfWorkImpl` (`CheckProofOfWork` without its fuzzing bypass).
pub fn check_proof_of_work(hash: BlockHash, bits: u32, params: &ConsensusParams) -> bool {
    match derive_target(bits, params.pow_limit) {
        Some(target) => U256::from_le_bytes(hash.0) <= target,
        None => false,
    }
}

/// The `bits` the block after the tip of `prev` must claim, given its time.
///
/// # Consensus
/// Off a retarget boundary the bits stay the tip's (`POW-NEXT-WORK`); where
/// min-difficulty blocks are allowed (testnet3, testnet4, regtest) a block more
/// than twice the target spacing after its parent must claim the pow limit,
/// and any other block the bits of the last block that is at a boundary or
/// does not claim the pow limit (`POW-MIN-DIFFICULTY`). At a boundary (a
/// height that is a multiple of the interval) the target is recomputed from
/// the period's first block ([`calculate_next_work_required`]).
/// Core: `GetNextWorkRequired`.
pub fn get_next_work_required(
    prev: &(impl AncestorView + ?Sized),
    new_time: u32,
    params: &ConsensusParams,
) -> u32 {
    let interval = params.difficulty_adjustment_interval();
    let last_height = prev.tip_height();
    let last = prev.tip();
    if (i64::from(last_height) + 1) % interval != 0 {
        if params.pow_allow_min_difficulty_blocks {
            let limit_bits = pow_limit_compact(params);
            if i64::from(new_time) > i64::from(last.time) + params.pow_target_spacing * 2 {
                return limit_bits;
            }
            return last_real_difficulty(prev, interval, limit_bits);
        }
        return last.bits;
    }
    // Go back a full period: the first block of the period now ending.
    let first_height = i64::from(last_height) - (interval - 1);
    let first_height = u32::try_from(first_height)
        .expect("a boundary height is at least one interval above genesis");
    calculate_next_work_required(last, prev.entry(first_height), params)
}

/// The testnet walk-back: from the tip down, skip blocks that claim the pow
/// limit, stopping at a retarget boundary or at genesis.
fn last_real_difficulty(
    prev: &(impl AncestorView + ?Sized),
    interval: i64,
    limit_bits: u32,
) -> u32 {
    let mut height = prev.tip_height();
    let mut entry = prev.tip();
    while height > 0 && i64::from(height) % interval != 0 && entry.bits == limit_bits {
        height -= 1;
        entry = prev.entry(height);
    }
    entry.bits
}

/// The retargeted `bits` at the end of a period running from `first` to `last`.
///
/// # Consensus
/// The time the period took, `last.time − first.time`, is clamped to a
/// quarter and four times the target timespan; the new target is the old one
/// times that, divided by the target timespan, capped at the pow limit, then
/// rounded down to compact form (`POW-RETARGET`). The old target is `last`'s,
/// or under BIP-0094 `first`'s, which the min-difficulty exception cannot
/// touch (`POW-BIP94-BASE`). With no retargeting (regtest) the bits stay
/// `last`'s (`POW-NO-RETARGET`). Core: `CalculateNextWorkRequired`, which
/// takes `first`'s time and looks `first` up itself for BIP-0094.
pub fn calculate_next_work_required(
    last: ChainEntry,
    first: ChainEntry,
    params: &ConsensusParams,
) -> u32 {
    if params.pow_no_retargeting {
        return last.bits;
    }
    let timespan = params.pow_target_timespan;
    let actual = (i64::from(last.time) - i64::from(first.time)).clamp(timespan / 4, timespan * 4);
    let old_bits = if params.enforce_bip94 {
        first.bits
    } else {
        last.bits
    };
    let target = scale_target(old_bits, actual, timespan).min(params.pow_limit);
    to_compact(target, false)
}

/// `target(bits) × numerator / timespan`, with Core's arithmetic: the product
/// wraps modulo 2^256, and the multiplier is taken as a 32-bit number (Core
/// multiplies by a `uint32_t`; every network's clamped timespan fits).
fn scale_target(bits: u32, numerator: i64, timespan: i64) -> U256 {
    let multiplier = u64::from(numerator as u32);
    expand_compact(bits)
        .target
        .wrapping_mul_u64(multiplier)
        .checked_div(U256::from_u64(timespan as u64))
        .expect("the target timespan is positive")
}

/// Whether `new_bits` could follow `old_bits` at `height` under the retarget
/// bounds, for headers-first sync without the full chain.
///
/// # Consensus
/// Always true where min-difficulty blocks are allowed. Off a boundary the
/// bits must be unchanged; at a boundary the new target must lie between the
/// old one scaled by a quarter and by four (each capped at the pow limit and
/// rounded through compact form). Not a block rule itself: it bounds what
/// [`get_next_work_required`] can produce (`POW-PERMITTED-TRANSITION`).
/// Core: `PermittedDifficultyTransition`.
pub fn permitted_difficulty_transition(
    params: &ConsensusParams,
    height: i64,
    old_bits: u32,
    new_bits: u32,
) -> bool {
    if params.pow_allow_min_difficulty_blocks {
        return true;
    }
    if height % params.difficulty_adjustment_interval() != 0 {
        return old_bits == new_bits;
    }
    let timespan = params.pow_target_timespan;
    let observed = expand_compact(new_bits).target;
    let bound = |numerator: i64| {
        let target = scale_target(old_bits, numerator, timespan).min(params.pow_limit);
        expand_compact(to_compact(target, false)).target
    };
    observed <= bound(timespan * 4) && observed >= bound(timespan / 4)
}

#[cfg(test)]
#[path = "pow_tests.rs"]
mod tests;
