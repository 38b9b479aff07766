//! Genesis blocks, built from their parts as Core builds them.
//!
//! Every network's genesis block has one transaction: a coinbase whose
//! scriptSig pushes the number 486604799, the number 4 and a text, and whose
//! single output pays the 50 BTC reward to a pay-to-pubkey script. Only the
//! text, the output key and the header fields differ between networks.
//! Core: `CreateGenesisBlock` in `src/kernel/chainparams.cpp`.

use crate::params::Network;
use crate::primitives::{
    Block, BlockHash, BlockHeader, OutPoint, Transaction, TxIn, TxOut, Witness,
};
use crate::script::instruction::push_data;
use crate::script::opcodes::OP_CHECKSIG;

/// The genesis coinbase's reward: 50 BTC in satoshis (`50 * COIN`).
pub const GENESIS_REWARD: i64 = 50 * 100_000_000;

/// Satoshi's text, quoted from The Times of 3 January 2009.
const MAIN_TEXT: &str = "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks";

/// The uncompressed public key the original genesis output pays to.
const MAIN_KEY: &str = "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f";

/// Testnet4's text: a date and a recent mainnet block hash, proving the
/// genesis was not mined before it.
const TESTNET4_TEXT: &str =
    "03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e";

/// Testnet4's output "key": 33 zero bytes (provably unspendable).
const TESTNET4_KEY: &str = "000000000000000000000000000000000000000000000000000000000000000000";

/// What distinguishes one network's genesis block from another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenesisParts {
    /// The text the coinbase's scriptSig pushes last.
    pub text: &'static str,
    /// The public key (hex) the output's `<key> OP_CHECKSIG` script pays to.
    pub output_key_hex: &'static str,
    /// Header `nTime`.
    pub time: u32,
    /// Header `nNonce`.
    pub nonce: u32,
    /// Header `nBits`.
    pub bits: u32,
    /// Header `nVersion`.
    pub version: i32,
    /// The output's value in satoshis.
    pub reward: i64,
}

/// The parts of `network`'s genesis block, as Core's chain parameters list them.
pub fn genesis_parts(network: Network) -> GenesisParts {
    let main = GenesisParts {
        text: MAIN_TEXT,
        output_key_hex: MAIN_KEY,
        time: 1_231_006_505,
        nonce: 2_083_236_893,
        bits: 0x1d00_ffff,
        version: 1,
        reward: GENESIS_REWARD,
    };
    match network {
        Network::Main => main,
        Network::Testnet3 => GenesisParts {
            time: 1_296_688_602,
            nonce: 414_098_458,
            ..main
        },
        Network::Testnet4 => GenesisParts {
            text: TESTNET4_TEXT,
            output_key_hex: TESTNET4_KEY,
            time: 1_714_777_860,
            nonce: 393_743_547,
            ..main
        },
        Network::Signet => GenesisParts {
            time: 1_598_918_400,
            nonce: 52_613_770,
            bits: 0x1e03_77ae,
            ..main
        },
        Network::Regtest => GenesisParts {
            time: 1_296_688_602,
            nonce: 2,
            bits: 0x207f_ffff,
            ..main
        },
    }
}

/// The genesis block of `network`.
pub fn genesis_block(network: Network) -> Block {
    build_genesis_block(&genesis_parts(network))
}

/// Builds a genesis block from its parts. Core: `CreateGenesisBlock`.
///
/// The coinbase scriptSig is `<486604799> <4> <text>`: 486604799 is 0x1d00ffff
/// (the original `nBits`) pushed as a 4-byte script number, and 4 is pushed as
/// a 1-byte script number (Core writes `CScriptNum(4)`, a data push, not
/// `OP_4`). The output script is `<key> OP_CHECKSIG`.
pub fn build_genesis_block(parts: &GenesisParts) -> Block {
    let mut script_sig = Vec::new();
    // 0x1d00ffff has its top bit clear, so its script number is its 4 LE bytes.
    push_data(&mut script_sig, &486_604_799u32.to_le_bytes());
    push_data(&mut script_sig, &[4]);
    push_data(&mut script_sig, parts.text.as_bytes());

    let key = hex::decode(parts.output_key_hex).expect("genesis keys are constant valid hex");
    let mut script_pubkey = Vec::new();
    push_data(&mut script_pubkey, &key);
    script_pubkey.push(OP_CHECKSIG);

    let coinbase = Transaction {
        version: 1,
        inputs: vec![TxIn {
            prevout: OutPoint::NULL,
            script_sig,
            sequence: u32::MAX,
            witness: Witness::default(),
        }],
        outputs: vec![TxOut {
            value: parts.reward,
            script_pubkey,
        }],
        lock_time: 0,
    };
    let mut block = Block {
        header: BlockHeader {
            version: parts.version,
            prev_blockhash: BlockHash::ZERO,
            merkle_root: Default::default(),
            time: parts.time,
            bits: parts.bits,
            nonce: parts.nonce,
        },
        transactions: vec![coinbase],
    };
    block.header.merkle_root = block.compute_merkle_root().root;
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Core's asserted genesis hash and merkle root of every network.
    const EXPECTED: [(Network, &str, &str); 5] = [
        (
            Network::Main,
            "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        ),
        (
            Network::Testnet3,
            "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        ),
        (
            Network::Testnet4,
            "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
            "7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e",
        ),
        (
            Network::Signet,
            "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
            "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        ),
        (
            Network::Regtest,
            "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
            "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        ),
    ];

    #[test]
    fn genesis_hashes_and_merkle_roots_match_core() {
        for (network, hash, merkle) in EXPECTED {
            let block = genesis_block(network);
            assert_eq!(block.block_hash().to_string(), hash, "{network:?} hash");
            assert_eq!(
                block.header.merkle_root.to_string(),
                merkle,
                "{network:?} merkle root"
            );
        }
    }

    #[test]
    fn mainnet_coinbase_script_sig_matches_core_comment() {
        // Core's comment above CreateGenesisBlock shows the coinbase scriptSig.
        let block = genesis_block(Network::Main);
        assert_eq!(
            hex::encode(&block.transactions[0].inputs[0].script_sig),
            "04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73"
        );
    }

    #[test]
    fn testnet4_text_needs_pushdata1() {
        let block = genesis_block(Network::Testnet4);
        let script_sig = &block.transactions[0].inputs[0].script_sig;
        assert_eq!(TESTNET4_TEXT.len(), 76);
        assert_eq!(
            &script_sig[7..9],
            &[crate::script::opcodes::OP_PUSHDATA1, 76]
        );
    }
}
