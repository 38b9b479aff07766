//! Networks and their parameters (data only). Core: `src/kernel/chainparams.cpp`,
//! `src/consensus/params.h`.
//!
//! [`consensus`] holds each network's consensus parameters, [`genesis`] builds
//! each network's genesis block from its parts.

pub mod consensus;
pub mod genesis;

pub use consensus::{consensus_params, ConsensusParams};
pub use genesis::genesis_block;

/// A Bitcoin network. Core: `ChainType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Network {
    /// The main network. Core: `ChainType::MAIN`.
    Main,
    /// Testnet version 3. Core: `ChainType::TESTNET`.
    Testnet3,
    /// Testnet version 4 (BIP-0094). Core: `ChainType::TESTNET4`.
    Testnet4,
    /// Signet (BIP-0325). Core: `ChainType::SIGNET`.
    Signet,
    /// Regression test network. Core: `ChainType::REGTEST`.
    Regtest,
}
