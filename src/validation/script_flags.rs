//! The script verification flags a block's transactions are checked with.
//! Core: `GetBlockScriptFlags` in `src/validation.cpp`.

use crate::params::consensus::BuriedDeployment;
use crate::params::ConsensusParams;
use crate::primitives::BlockHash;
use crate::script::VerifyFlags;

/// The consensus script flags for the block `hash` at `height`.
///
/// # Consensus
/// P2SH (BIP-0016), WITNESS (BIP-0141) and TAPROOT (BIP-0341) apply to every
/// block except the network's listed exceptions, which use the flags listed
/// for them (`SCRIPT-FLAGS-BLOCK`); then DERSIG (BIP-0066),
/// CHECKLOCKTIMEVERIFY (BIP-0065), CHECKSEQUENCEVERIFY (BIP-0112) and
/// NULLDUMMY (BIP-0147, with segwit) are added from their buried heights.
/// Core: `GetBlockScriptFlags`.
pub fn get_block_script_flags(
    height: u32,
    hash: BlockHash,
    params: &ConsensusParams,
) -> VerifyFlags {
    let default = VerifyFlags::P2SH
        .union(VerifyFlags::WITNESS)
        .union(VerifyFlags::TAPROOT);
    let mut flags = params
        .script_flag_exceptions
        .iter()
        .find(|exception| exception.block_hash == hash)
        .map_or(default, |exception| exception.flags);
    let buried = [
        (BuriedDeployment::DerSig, VerifyFlags::DERSIG),
        (
            BuriedDeployment::CheckLockTimeVerify,
            VerifyFlags::CHECKLOCKTIMEVERIFY,
        ),
        (BuriedDeployment::Csv, VerifyFlags::CHECKSEQUENCEVERIFY),
        (BuriedDeployment::Segwit, VerifyFlags::NULLDUMMY),
    ];
    for (deployment, flag) in buried {
        if height >= params.deployment_height(deployment) {
            flags = flags.union(flag);
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{consensus_params, Network};

    fn names(height: u32, hash: BlockHash, network: Network) -> String {
        get_block_script_flags(height, hash, &consensus_params(network)).names()
    }

    #[test]
    fn mainnet_flags_by_height() {
        let any = BlockHash([7; 32]);
        assert_eq!(names(0, any, Network::Main), "P2SH,WITNESS,TAPROOT");
        assert_eq!(names(363_724, any, Network::Main), "P2SH,WITNESS,TAPROOT");
        assert_eq!(
            names(363_725, any, Network::Main),
            "P2SH,DERSIG,WITNESS,TAPROOT"
        );
        assert_eq!(
            names(388_381, any, Network::Main),
            "P2SH,DERSIG,CHECKLOCKTIMEVERIFY,WITNESS,TAPROOT"
        );
        assert_eq!(
            names(419_328, any, Network::Main),
            "P2SH,DERSIG,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT"
        );
        assert_eq!(
            names(481_824, any, Network::Main),
            "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT"
        );
    }

    #[test]
    fn exceptions_replace_the_default() {
        let bip16: BlockHash = "00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"
            .parse()
            .unwrap();
        assert_eq!(names(170_060, bip16, Network::Main), "");
        let taproot: BlockHash = "0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"
            .parse()
            .unwrap();
        assert_eq!(
            names(692_261, taproot, Network::Main),
            "P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS"
        );
        // The mainnet exception means nothing on testnet3.
        assert_eq!(names(0, taproot, Network::Testnet3), "P2SH,WITNESS,TAPROOT");
        // Regtest: everything from height 1 (segwit from 0).
        assert_eq!(
            names(0, BlockHash::ZERO, Network::Regtest),
            "P2SH,NULLDUMMY,WITNESS,TAPROOT"
        );
    }
}
