//! Header rules that depend on the header's ancestors and the clock, but not
//! on the UTXO set. Core: `ContextualCheckBlockHeader` in `src/validation.cpp`.

use crate::params::consensus::BuriedDeployment;
use crate::params::ConsensusParams;
use crate::primitives::BlockHeader;
use crate::validation::ancestors::{median_time_past, AncestorView};
use crate::validation::error::BlockError;
use crate::validation::limits::{MAX_FUTURE_BLOCK_TIME, MAX_TIMEWARP};
use crate::validation::pow::get_next_work_required;

/// Checks a header against its ancestors (`prev` ends at its parent) and the
/// local clock `now` (Unix seconds), in Core's order.
///
/// # Consensus
/// - `nBits` must equal [`get_next_work_required`] (`HDR-DIFFBITS`);
/// - the time must be after the parent's median time past (`HDR-TIME-TOO-OLD`);
/// - under BIP-0094, the first block of a retarget period may be at most
///   `MAX_TIMEWARP` (600) seconds earlier than its parent (`HDR-TIMEWARP`);
/// - the time may be at most `MAX_FUTURE_BLOCK_TIME` (2 hours) after `now`
///   (`HDR-TIME-TOO-NEW`). Core compares with the node's own clock
///   (`NodeClock::now()`), not a network-adjusted time; this result is not a
///   permanent judgement of the header (`BLOCK_TIME_FUTURE`);
/// - once BIP-0034, BIP-0066, BIP-0065 are active at the header's height its
///   version must be at least 2, 3, 4 (`HDR-VERSION`).
///
/// Core: `ContextualCheckBlockHeader`.
///
/// # Errors
/// [`BlockError::BadDiffBits`], [`BlockError::TimeTooOld`],
/// [`BlockError::TimeTimewarpAttack`], [`BlockError::TimeTooNew`],
/// [`BlockError::BadVersion`].
pub fn contextual_check_block_header(
    header: &BlockHeader,
    prev: &(impl AncestorView + ?Sized),
    now: i64,
    params: &ConsensusParams,
) -> Result<(), BlockError> {
    let height = i64::from(prev.tip_height()) + 1;
    let time = i64::from(header.time);
    if header.bits != get_next_work_required(prev, header.time, params) {
        return Err(BlockError::BadDiffBits);
    }
    if time <= median_time_past(prev) {
        return Err(BlockError::TimeTooOld);
    }
    if params.enforce_bip94
        && height % params.difficulty_adjustment_interval() == 0
        && time < i64::from(prev.tip().time) - MAX_TIMEWARP
    {
        return Err(BlockError::TimeTimewarpAttack);
    }
    if time > now + MAX_FUTURE_BLOCK_TIME {
        return Err(BlockError::TimeTooNew);
    }
    if header.version < minimum_version(height, params) {
        return Err(BlockError::BadVersion {
            version: header.version,
        });
    }
    Ok(())
}

/// The lowest version a header at `height` may have: 4 once BIP-0065 is
/// active, 3 once BIP-0066 is, 2 once BIP-0034 is, else any.
/// Core: `DeploymentActiveAfter` for `DEPLOYMENT_CLTV`, `_DERSIG`, `_HEIGHTINCB`.
fn minimum_version(height: i64, params: &ConsensusParams) -> i32 {
    let active = |deployment| height >= i64::from(params.deployment_height(deployment));
    if active(BuriedDeployment::CheckLockTimeVerify) {
        4
    } else if active(BuriedDeployment::DerSig) {
        3
    } else if active(BuriedDeployment::HeightInCoinbase) {
        2
    } else {
        i32::MIN
    }
}

#[cfg(test)]
#[path = "contextual_header_tests.rs"]
mod tests;
