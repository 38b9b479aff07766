//! canon's params and retargeting against rust-bitcoin, used as an oracle only.

use bitcoin::consensus::encode::serialize;
use canon::encoding::Encode;
use canon::params::{consensus_params, genesis_block, Network};
use canon::primitives::compact_target::expand_compact;
use canon::validation::{calculate_next_work_required, ChainEntry};
use proptest::prelude::*;

const PAIRS: [(Network, bitcoin::Network); 5] = [
    (Network::Main, bitcoin::Network::Bitcoin),
    (Network::Testnet3, bitcoin::Network::Testnet),
    (Network::Testnet4, bitcoin::Network::Testnet4),
    (Network::Signet, bitcoin::Network::Signet),
    (Network::Regtest, bitcoin::Network::Regtest),
];

#[test]
fn genesis_blocks_and_magics_equal_rust_bitcoin() {
    for (ours, theirs) in PAIRS {
        let block = genesis_block(ours);
        let oracle = bitcoin::blockdata::constants::genesis_block(theirs);
        assert_eq!(block.to_bytes(), serialize(&oracle), "{ours:?}");
        assert_eq!(
            consensus_params(ours).message_start,
            theirs.magic().to_bytes(),
            "{ours:?}"
        );
    }
}

/// A valid compact target at most mainnet's pow limit.
fn valid_bits() -> impl Strategy<Value = u32> {
    (3u32..=0x1d, 0x8000u32..=0x7f_ffff)
        .prop_map(|(size, mantissa)| (size << 24) | mantissa)
        .prop_filter("at most the pow limit", |&bits| {
            let t = expand_compact(bits);
            !t.target.is_zero() && t.target <= consensus_params(Network::Main).pow_limit
        })
}

proptest! {
    #[test]
    fn mainnet_retarget_equals_rust_bitcoin(bits in valid_bits(), span in 0u32..20_000_000) {
        let main = consensus_params(Network::Main);
        let first = ChainEntry { time: 1_000_000, bits };
        let last = ChainEntry { time: 1_000_000 + span, bits };
        let ours = calculate_next_work_required(last, first, &main);
        let theirs = bitcoin::CompactTarget::from_next_work_required(
            bitcoin::CompactTarget::from_consensus(bits),
            u64::from(span),
            bitcoin::Network::Bitcoin,
        );
        prop_assert_eq!(ours, theirs.to_consensus());
    }
}
