use super::*;
use crate::params::{consensus_params, Network};
use crate::validation::context::PartialContext;

/// A context that knows one ancestor hash.
struct KnownAncestor {
    height: u32,
    ancestor: (u32, BlockHash),
}

impl BlockContext for KnownAncestor {
    fn height(&self) -> u32 {
        self.height
    }

    fn median_time_past(&self, _height: u32) -> Option<i64> {
        None
    }

    fn ancestor_hash(&self, height: u32) -> Option<BlockHash> {
        (height == self.ancestor.0).then_some(self.ancestor.1)
    }
}

#[test]
fn bip30_exceptions_and_the_bip34_shortcut() {
    let main = consensus_params(Network::Main);
    let unknown = |height| PartialContext {
        height,
        prev_mtp: None,
    };
    let repeat = main.bip30_repeats[0];
    assert_eq!(repeat.height, 91_842);
    assert!(!bip30_applies(
        repeat.height,
        repeat.hash,
        &unknown(repeat.height),
        &main
    ));
    // The same height with another hash is an ordinary block.
    assert!(bip30_applies(
        repeat.height,
        BlockHash([1; 32]),
        &unknown(repeat.height),
        &main
    ));
    // Above the BIP-0034 height, on the chain through the BIP-0034 block.
    let on_bip34 = |height| KnownAncestor {
        height,
        ancestor: (main.bip34_height, main.bip34_hash),
    };
    let any = BlockHash([2; 32]);
    assert!(!bip30_applies(227_932, any, &on_bip34(227_932), &main));
    assert!(!bip30_applies(1_983_701, any, &on_bip34(1_983_701), &main));
    assert!(bip30_applies(1_983_702, any, &on_bip34(1_983_702), &main));
    // At the BIP-0034 block itself its own hash is not an ancestor.
    assert!(bip30_applies(227_931, any, &on_bip34(227_931), &main));
    // Another chain, or an unknown ancestor.
    let elsewhere = KnownAncestor {
        height: 300_000,
        ancestor: (main.bip34_height, BlockHash([3; 32])),
    };
    assert!(bip30_applies(300_000, any, &elsewhere, &main));
    assert!(bip30_applies(300_000, any, &unknown(300_000), &main));
    // Regtest names no BIP-0034 block (zero hash): BIP-0030 always applies.
    let regtest = consensus_params(Network::Regtest);
    let zero = KnownAncestor {
        height: 10,
        ancestor: (1, BlockHash([4; 32])),
    };
    assert!(bip30_applies(10, any, &zero, &regtest));
}
