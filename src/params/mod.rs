//! The networks Bitcoin Core knows and the data each one fixes. Data only:
//! no rule lives here. Core: `src/kernel/chainparams.cpp`, `src/util/chaintype.cpp`.
//!
//! Each network's data is grouped by the layer that reads it:
//! [`AddressParams`] (read by [`crate::address`]), [`consensus`] (proof of
//! work, subsidy, deployments, script-flag exceptions; read by
//! [`crate::validation`]) and [`genesis`] (each genesis block, built from its
//! parts).
//!
//! Layering: the data is typed with the primitives it describes (`BlockHash`,
//! `U256`, `Block`, `VerifyFlags`), so this module sits above `primitives`
//! and `script::flags`, not below `encoding` as the first sketch of the
//! layers had it. It still holds no rule.

pub mod consensus;
pub mod genesis;

pub use consensus::{consensus_params, ConsensusParams};
pub use genesis::genesis_block;

/// A Bitcoin network. Core: `ChainType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Network {
    /// The main network (`-chain=main`). Core: `ChainType::MAIN`.
    Main,
    /// The third test network (`-chain=test`). Core: `ChainType::TESTNET`.
    Testnet3,
    /// The fourth test network, BIP-0094 (`-chain=testnet4`). Core: `ChainType::TESTNET4`.
    Testnet4,
    /// The default signet, BIP-0325 (`-chain=signet`). Core: `ChainType::SIGNET`.
    Signet,
    /// The local regression-test network (`-chain=regtest`). Core: `ChainType::REGTEST`.
    Regtest,
}

/// How a network spells its addresses and keys. Core: the `base58Prefixes`
/// and `bech32_hrp` members of `CChainParams`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressParams {
    /// Version bytes of a base58check P2PKH address. Core: `PUBKEY_ADDRESS`.
    pub pubkey_address_prefix: &'static [u8],
    /// Version bytes of a base58check P2SH address. Core: `SCRIPT_ADDRESS`.
    pub script_address_prefix: &'static [u8],
    /// Version bytes of a WIF private key. Core: `SECRET_KEY`.
    pub secret_key_prefix: &'static [u8],
    /// The human-readable part of segwit addresses (BIP-0173). Core: `bech32_hrp`.
    pub bech32_hrp: &'static str,
}

const MAIN_ADDRESS: AddressParams = AddressParams {
    pubkey_address_prefix: &[0],
    script_address_prefix: &[5],
    secret_key_prefix: &[128],
    bech32_hrp: "bc",
};

/// Testnet3, testnet4 and signet share every address parameter.
const TEST_ADDRESS: AddressParams = AddressParams {
    pubkey_address_prefix: &[111],
    script_address_prefix: &[196],
    secret_key_prefix: &[239],
    bech32_hrp: "tb",
};

const REGTEST_ADDRESS: AddressParams = AddressParams {
    bech32_hrp: "bcrt",
    ..TEST_ADDRESS
};

impl Network {
    /// Every network, in Core's `ChainType` order.
    pub const ALL: [Network; 5] = [
        Network::Main,
        Network::Testnet3,
        Network::Testnet4,
        Network::Signet,
        Network::Regtest,
    ];

    /// The network Core names `name` (`-chain=NAME`): "main", "test",
    /// "testnet4", "signet" or "regtest". Core: `ChainTypeFromString`.
    pub fn from_name(name: &str) -> Option<Network> {
        match name {
            "main" => Some(Network::Main),
            "test" => Some(Network::Testnet3),
            "testnet4" => Some(Network::Testnet4),
            "signet" => Some(Network::Signet),
            "regtest" => Some(Network::Regtest),
            _ => None,
        }
    }

    /// Core's name for the network; the inverse of [`Network::from_name`].
    /// Core: `ChainTypeToString`.
    pub fn name(self) -> &'static str {
        match self {
            Network::Main => "main",
            Network::Testnet3 => "test",
            Network::Testnet4 => "testnet4",
            Network::Signet => "signet",
            Network::Regtest => "regtest",
        }
    }

    /// The network's address and key prefixes.
    pub fn address_params(self) -> &'static AddressParams {
        match self {
            Network::Main => &MAIN_ADDRESS,
            Network::Testnet3 | Network::Testnet4 | Network::Signet => &TEST_ADDRESS,
            Network::Regtest => &REGTEST_ADDRESS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for network in Network::ALL {
            assert_eq!(Network::from_name(network.name()), Some(network));
        }
        assert_eq!(Network::from_name("testnet"), None);
        assert_eq!(Network::from_name("Main"), None);
    }

    #[test]
    fn address_params_match_chainparams() {
        let main = Network::Main.address_params();
        assert_eq!(
            (main.pubkey_address_prefix, main.script_address_prefix),
            (&[0u8][..], &[5u8][..])
        );
        assert_eq!(
            (main.secret_key_prefix, main.bech32_hrp),
            (&[128u8][..], "bc")
        );
        for test in [Network::Testnet3, Network::Testnet4, Network::Signet] {
            let params = test.address_params();
            assert_eq!(params.pubkey_address_prefix, &[111]);
            assert_eq!(params.script_address_prefix, &[196]);
            assert_eq!(params.secret_key_prefix, &[239]);
            assert_eq!(params.bech32_hrp, "tb");
        }
        let regtest = Network::Regtest.address_params();
        assert_eq!(
            (regtest.pubkey_address_prefix, regtest.bech32_hrp),
            (&[111u8][..], "bcrt")
        );
    }
}
