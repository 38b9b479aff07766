//! Each network's consensus parameters. Core: `Consensus::Params`
//! (`src/consensus/params.h`) and the network fields of `CChainParams`
//! (`src/kernel/chainparams.cpp`).
//!
//! Data only: the rules that read these live in `validation`.

use crate::params::genesis::genesis_block;
use crate::params::Network;
use crate::primitives::hash::sha256d;
use crate::primitives::{BlockHash, U256};
use crate::script::VerifyFlags;

/// The default signet's challenge: a 1-of-2 bare multisig. Core: `SigNetParams`.
pub const DEFAULT_SIGNET_CHALLENGE: &str = "512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae";

/// A deployment whose activation height is written into the code (BIP-0090).
/// Core: `Consensus::BuriedDeployment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuriedDeployment {
    /// BIP-0034: block height in the coinbase (and block version 2).
    HeightInCoinbase,
    /// BIP-0065: `OP_CHECKLOCKTIMEVERIFY` (and block version 4).
    CheckLockTimeVerify,
    /// BIP-0066: strict DER signatures (and block version 3).
    DerSig,
    /// BIP-0068, BIP-0112, BIP-0113: relative lock-time and median-time-past locks.
    Csv,
    /// BIP-0141, BIP-0143, BIP-0147: segregated witness.
    Segwit,
}

/// A block whose scripts are verified with flags other than the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptFlagException {
    /// The block's hash.
    pub block_hash: BlockHash,
    /// The flags its scripts are verified with instead of the default.
    pub flags: VerifyFlags,
}

/// A block named by height and hash (Core names the BIP-0030 exceptions so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockAtHeight {
    /// The block's height.
    pub height: u32,
    /// The block's hash.
    pub hash: BlockHash,
}

/// The consensus parameters of one network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsensusParams {
    /// The network these describe.
    pub network: Network,
    /// The genesis block's hash. Core: `hashGenesisBlock`.
    pub genesis_hash: BlockHash,
    /// The four bytes every P2P message starts with. Core: `pchMessageStart`.
    pub message_start: [u8; 4],
    /// The default P2P port. Core: `nDefaultPort`.
    pub default_port: u16,
    /// Blocks between subsidy halvings. Core: `nSubsidyHalvingInterval`.
    pub subsidy_halving_interval: u32,
    /// Blocks verified with non-default script flags. Core: `script_flag_exceptions`.
    pub script_flag_exceptions: Vec<ScriptFlagException>,
    /// The BIP-0034 activation height. Core: `BIP34Height`.
    pub bip34_height: u32,
    /// The hash of the block at `bip34_height` (zero where BIP-0034 is active
    /// from height 1); the BIP-0030 check relies on it. Core: `BIP34Hash`.
    pub bip34_hash: BlockHash,
    /// The BIP-0065 activation height. Core: `BIP65Height`.
    pub bip65_height: u32,
    /// The BIP-0066 activation height. Core: `BIP66Height`.
    pub bip66_height: u32,
    /// The CSV (BIP-0068/0112/0113) activation height. Core: `CSVHeight`.
    pub csv_height: u32,
    /// The segwit (BIP-0141/0143/0147) activation height. Core: `SegwitHeight`.
    pub segwit_height: u32,
    /// Where taproot (BIP-0341/0342) historically activated; `None` where it
    /// was active from genesis. Informational only: Core keeps no such
    /// parameter and applies the taproot rules to every block except the
    /// [`script_flag_exceptions`](Self::script_flag_exceptions).
    pub taproot_activation_height: Option<u32>,
    /// The two blocks whose coinbases repeat earlier coinbases (BIP-0030).
    /// Core: `IsBIP30Repeat`.
    pub bip30_repeats: Vec<BlockAtHeight>,
    /// The two blocks whose coinbase outputs were overwritten by those repeats
    /// and so are unspendable. Core: `IsBIP30Unspendable`.
    pub bip30_unspendable: Vec<BlockAtHeight>,
    /// The easiest target a header may claim. Core: `powLimit`.
    pub pow_limit: U256,
    /// Seconds between blocks the retarget aims at. Core: `nPowTargetSpacing`.
    pub pow_target_spacing: i64,
    /// Seconds a retarget period should last. Core: `nPowTargetTimespan`.
    pub pow_target_timespan: i64,
    /// The testnet rule: a block 20 minutes after its parent may use the pow
    /// limit. Core: `fPowAllowMinDifficultyBlocks`.
    pub pow_allow_min_difficulty_blocks: bool,
    /// Difficulty never changes. Core: `fPowNoRetargeting`.
    pub pow_no_retargeting: bool,
    /// BIP-0094: timewarp protection, and retargeting from the period's first
    /// block's bits. Core: `enforce_BIP94`.
    pub enforce_bip94: bool,
    /// The signet challenge script (BIP-0325); `Some` exactly on signets.
    /// Core: `signet_blocks` and `signet_challenge`.
    pub signet_challenge: Option<Vec<u8>>,
}

impl ConsensusParams {
    /// Blocks per retarget period (2016 on every network but regtest's 144).
    /// Core: `DifficultyAdjustmentInterval`.
    pub fn difficulty_adjustment_interval(&self) -> i64 {
        self.pow_target_timespan / self.pow_target_spacing
    }

    /// The activation height of a buried deployment. Core: `DeploymentHeight`.
    pub fn deployment_height(&self, deployment: BuriedDeployment) -> u32 {
        match deployment {
            BuriedDeployment::HeightInCoinbase => self.bip34_height,
            BuriedDeployment::CheckLockTimeVerify => self.bip65_height,
            BuriedDeployment::DerSig => self.bip66_height,
            BuriedDeployment::Csv => self.csv_height,
            BuriedDeployment::Segwit => self.segwit_height,
        }
    }

    /// A signet with `challenge` as its block challenge (BIP-0325). Its message
    /// start is the first four bytes of the double SHA-256 of the challenge
    /// serialized with its CompactSize length. Core: `SigNetParams`.
    pub fn signet(challenge: &[u8]) -> ConsensusParams {
        let mut serialized = Vec::with_capacity(challenge.len() + 9);
        crate::encoding::write_var_bytes(&mut serialized, challenge);
        let hash = sha256d(&serialized);
        ConsensusParams {
            network: Network::Signet,
            message_start: [hash[0], hash[1], hash[2], hash[3]],
            default_port: 38333,
            pow_limit: u256("00000377ae000000000000000000000000000000000000000000000000000000"),
            pow_allow_min_difficulty_blocks: false,
            signet_challenge: Some(challenge.to_vec()),
            ..from_genesis(Network::Signet)
        }
    }
}

/// The consensus parameters of `network`; Signet is the default signet.
pub fn consensus_params(network: Network) -> ConsensusParams {
    match network {
        Network::Main => main(),
        Network::Testnet3 => testnet3(),
        Network::Testnet4 => testnet4(),
        Network::Signet => ConsensusParams::signet(
            &hex::decode(DEFAULT_SIGNET_CHALLENGE).expect("the default challenge is valid hex"),
        ),
        Network::Regtest => regtest(),
    }
}

/// Reads a display-order (big-endian) 64-digit hex constant.
fn u256(display_hex: &str) -> U256 {
    U256::from_le_bytes(hash(display_hex).0)
}

/// Reads a block hash constant.
fn hash(display_hex: &str) -> BlockHash {
    display_hex
        .parse()
        .expect("hash constants are 64 hex digits")
}

/// What every network shares (the settings of testnet4, signet and regtest,
/// where every buried deployment is active from height 1), with the genesis
/// hash of `network`.
fn from_genesis(network: Network) -> ConsensusParams {
    ConsensusParams {
        network,
        genesis_hash: genesis_block(network).block_hash(),
        message_start: [0; 4],
        default_port: 0,
        subsidy_halving_interval: 210_000,
        script_flag_exceptions: Vec::new(),
        bip34_height: 1,
        bip34_hash: BlockHash::ZERO,
        bip65_height: 1,
        bip66_height: 1,
        csv_height: 1,
        segwit_height: 1,
        taproot_activation_height: None,
        bip30_repeats: Vec::new(),
        bip30_unspendable: Vec::new(),
        pow_limit: u256("00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        pow_target_spacing: 10 * 60,
        pow_target_timespan: 14 * 24 * 60 * 60,
        pow_allow_min_difficulty_blocks: true,
        pow_no_retargeting: false,
        enforce_bip94: false,
        signet_challenge: None,
    }
}

fn main() -> ConsensusParams {
    let at = |height, display_hex| BlockAtHeight {
        height,
        hash: hash(display_hex),
    };
    ConsensusParams {
        message_start: [0xf9, 0xbe, 0xb4, 0xd9],
        default_port: 8333,
        script_flag_exceptions: vec![
            // BIP-0016 exception: a block with a P2SH spend invalid under BIP-0016.
            ScriptFlagException {
                block_hash: hash(
                    "00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22",
                ),
                flags: VerifyFlags::NONE,
            },
            // Taproot exception: a block with a spend invalid under BIP-0341.
            ScriptFlagException {
                block_hash: hash(
                    "0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad",
                ),
                flags: VerifyFlags::P2SH.union(VerifyFlags::WITNESS),
            },
        ],
        bip34_height: 227_931,
        bip34_hash: hash("000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8"),
        bip65_height: 388_381,
        bip66_height: 363_725,
        csv_height: 419_328,
        segwit_height: 481_824,
        taproot_activation_height: Some(709_632),
        bip30_repeats: vec![
            at(
                91_842,
                "00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec",
            ),
            at(
                91_880,
                "00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721",
            ),
        ],
        bip30_unspendable: vec![
            at(
                91_722,
                "00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e",
            ),
            at(
                91_812,
                "00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f",
            ),
        ],
        pow_allow_min_difficulty_blocks: false,
        ..from_genesis(Network::Main)
    }
}

fn testnet3() -> ConsensusParams {
    ConsensusParams {
        message_start: [0x0b, 0x11, 0x09, 0x07],
        default_port: 18333,
        script_flag_exceptions: vec![ScriptFlagException {
            // BIP-0016 exception.
            block_hash: hash("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105"),
            flags: VerifyFlags::NONE,
        }],
        bip34_height: 21_111,
        bip34_hash: hash("0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8"),
        bip65_height: 581_885,
        bip66_height: 330_776,
        csv_height: 770_112,
        segwit_height: 834_624,
        taproot_activation_height: Some(2_011_968),
        ..from_genesis(Network::Testnet3)
    }
}

fn testnet4() -> ConsensusParams {
    ConsensusParams {
        message_start: [0x1c, 0x16, 0x3f, 0x28],
        default_port: 48333,
        enforce_bip94: true,
        ..from_genesis(Network::Testnet4)
    }
}

fn regtest() -> ConsensusParams {
    ConsensusParams {
        message_start: [0xfa, 0xbf, 0xb5, 0xda],
        default_port: 18444,
        subsidy_halving_interval: 150,
        segwit_height: 0,
        pow_limit: u256("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
        pow_target_timespan: 24 * 60 * 60,
        pow_no_retargeting: true,
        // Core: `-test=bip94` turns it on (`RegTestOptions::enforce_bip94`).
        enforce_bip94: false,
        ..from_genesis(Network::Regtest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::compact_target::{expand_compact, to_compact};

    const NETWORKS: [Network; 5] = [
        Network::Main,
        Network::Testnet3,
        Network::Testnet4,
        Network::Signet,
        Network::Regtest,
    ];

    /// Core's `sanity_check_chainparams` in `pow_tests.cpp`, for every network.
    #[test]
    fn core_sanity_checks() {
        for network in NETWORKS {
            let p = consensus_params(network);
            let genesis = genesis_block(network);
            assert_eq!(p.genesis_hash, genesis.block_hash());
            assert_eq!(p.pow_target_timespan % p.pow_target_spacing, 0);
            let target = expand_compact(genesis.header.bits);
            assert!(!target.negative && !target.overflow && !target.target.is_zero());
            assert!(target.target <= p.pow_limit, "{network:?}");
            if !p.pow_no_retargeting {
                let max = U256::MAX
                    .checked_div(U256::from_u64(4 * p.pow_target_timespan as u64))
                    .unwrap();
                assert!(p.pow_limit < max, "{network:?}");
            }
        }
    }

    #[test]
    fn message_starts_ports_and_limits() {
        let expected: [(Network, [u8; 4], u16, u32, i64); 5] = [
            (
                Network::Main,
                [0xf9, 0xbe, 0xb4, 0xd9],
                8333,
                0x1d00ffff,
                2016,
            ),
            (
                Network::Testnet3,
                [0x0b, 0x11, 0x09, 0x07],
                18333,
                0x1d00ffff,
                2016,
            ),
            (
                Network::Testnet4,
                [0x1c, 0x16, 0x3f, 0x28],
                48333,
                0x1d00ffff,
                2016,
            ),
            // The default signet's well-known magic 0a03cf40, derived from its challenge.
            (
                Network::Signet,
                [0x0a, 0x03, 0xcf, 0x40],
                38333,
                0x1e0377ae,
                2016,
            ),
            (
                Network::Regtest,
                [0xfa, 0xbf, 0xb5, 0xda],
                18444,
                0x207fffff,
                144,
            ),
        ];
        for (network, magic, port, limit_bits, interval) in expected {
            let p = consensus_params(network);
            assert_eq!(p.message_start, magic, "{network:?}");
            assert_eq!(p.default_port, port, "{network:?}");
            assert_eq!(to_compact(p.pow_limit, false), limit_bits, "{network:?}");
            assert_eq!(p.difficulty_adjustment_interval(), interval, "{network:?}");
        }
    }

    #[test]
    fn difficulty_flags_per_network() {
        let flags = |n| {
            let p = consensus_params(n);
            (
                p.pow_allow_min_difficulty_blocks,
                p.pow_no_retargeting,
                p.enforce_bip94,
            )
        };
        assert_eq!(flags(Network::Main), (false, false, false));
        assert_eq!(flags(Network::Testnet3), (true, false, false));
        assert_eq!(flags(Network::Testnet4), (true, false, true));
        assert_eq!(flags(Network::Signet), (false, false, false));
        assert_eq!(flags(Network::Regtest), (true, true, false));
    }

    #[test]
    fn buried_deployment_heights() {
        let p = consensus_params(Network::Main);
        let heights = [
            BuriedDeployment::HeightInCoinbase,
            BuriedDeployment::DerSig,
            BuriedDeployment::CheckLockTimeVerify,
            BuriedDeployment::Csv,
            BuriedDeployment::Segwit,
        ]
        .map(|d| p.deployment_height(d));
        assert_eq!(heights, [227_931, 363_725, 388_381, 419_328, 481_824]);
        assert_eq!(consensus_params(Network::Regtest).segwit_height, 0);
        assert_eq!(consensus_params(Network::Testnet3).bip34_height, 21_111);
        assert_eq!(
            consensus_params(Network::Regtest).subsidy_halving_interval,
            150
        );
    }

    #[test]
    fn custom_signet_has_its_own_magic_and_the_same_genesis() {
        let default = consensus_params(Network::Signet);
        let custom = ConsensusParams::signet(&[0x51]); // OP_TRUE
        assert_eq!(custom.genesis_hash, default.genesis_hash);
        assert_eq!(custom.signet_challenge.as_deref(), Some(&[0x51][..]));
        assert_ne!(custom.message_start, default.message_start);
        let expected = sha256d(&[0x01, 0x51]);
        assert_eq!(
            custom.message_start,
            [expected[0], expected[1], expected[2], expected[3]]
        );
        assert!(consensus_params(Network::Main).signet_challenge.is_none());
    }
}
