//! The signet block solution (BIP-0325) through `check_block`: real blocks
//! of the default signet, tampered copies of them, and blocks of custom
//! signets signed by canon's own test keys.

use canon::chain::{mine, TestKey};
use canon::encoding::{write_var_bytes, Decode, Encode};
use canon::params::{consensus_params, ConsensusParams, Network};
use canon::primitives::{Block, BlockHeader, OutPoint, Transaction, TxIn, TxOut, Witness, U256};
use canon::script::instruction::push_data;
use canon::sighash::{legacy_sighash, SIGHASH_ALL};
use canon::validation::witness_commitment::generate_coinbase_commitment;
use canon::validation::{
    check_block, check_block_with, BlockError, CheckBlockOptions, SignetTxs, SIGNET_HEADER,
};

/// Default-signet blocks 1 to 3, from Core's `test/functional/feature_signet.py`.
const SIGNET_BLOCKS: [&str; 3] = [
    "00000020f61eee3b63a380a477a063af32b2bbc97c9ff9f01f2c4225e973988108000000f575c83235984e7dc4afc1f30944c170462e84437ab6f2d52e16878a79e4678bd1914d5fae77031eccf4070001010000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff025151feffffff0200f2052a010000001600149243f727dd5343293eb83174324019ec16c2630f0000000000000000776a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf94c4fecc7daa2490047304402205e423a8754336ca99dbe16509b877ef1bf98d008836c725005b3c787c41ebe46022047246e4467ad7cc7f1ad98662afcaf14c115e0095a227c7b05c5182591c23e7e01000120000000000000000000000000000000000000000000000000000000000000000000000000",
    "00000020533b53ded9bff4adc94101d32400a144c54edc5ed492a3b26c63b2d686000000b38fef50592017cfafbcab88eb3d9cf50b2c801711cad8299495d26df5e54812e7914d5fae77031ecfdd0b0001010000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff025251feffffff0200f2052a01000000160014fd09839740f0e0b4fc6d5e2527e4022aa9b89dfa0000000000000000776a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf94c4fecc7daa24900473044022031d64a1692cdad1fc0ced69838169fe19ae01be524d831b95fcf5ea4e6541c3c02204f9dea0801df8b4d0cd0857c62ab35c6c25cc47c930630dc7fe723531daa3e9b01000120000000000000000000000000000000000000000000000000000000000000000000000000",
    "000000202960f3752f0bfa8858a3e333294aedc7808025e868c9dc03e71d88bb320000007765fcd3d5b4966beb338bba2675dc2cf2ad28d4ad1d83bdb6f286e7e27ac1f807924d5fae77031e81d60b0001010000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff025351feffffff0200f2052a010000001600141e5fb426042692ae0e87c070e78c39307a5661c20000000000000000776a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf94c4fecc7daa2490047304402205de93694763a42954865bcf1540cb82958bc62d0ec4eee02070fb7937cd037f4022067f333753bce47b10bc25eb6e1f311482e994c862a7e0b2d41ab1c8679fd1b1101000120000000000000000000000000000000000000000000000000000000000000000000000000",
];

/// The default challenge made 2-of-2, as in `feature_signet.py`: the real
/// blocks carry one signature, so they fail it.
const TWO_OF_TWO: &str = "522103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae";

const BAD: Result<(), BlockError> = Err(BlockError::BadSignetBlockSignature);

fn signet_blocks() -> Vec<Block> {
    SIGNET_BLOCKS
        .iter()
        .map(|h| Block::from_bytes(&hex::decode(h).unwrap()).unwrap())
        .collect()
}

#[test]
fn default_signet_blocks_pass() {
    let params = consensus_params(Network::Signet);
    let blocks = signet_blocks();
    assert_eq!(blocks[0].header.prev_blockhash, params.genesis_hash);
    for (height, block) in blocks.iter().enumerate() {
        assert_eq!(check_block(block, &params), Ok(()), "block {}", height + 1);
        if let Some(next) = blocks.get(height + 1) {
            assert_eq!(next.header.prev_blockhash, block.block_hash());
        }
    }
}

#[test]
fn a_wrong_challenge_fails_only_when_pow_is_checked() {
    let params = ConsensusParams::signet(&hex::decode(TWO_OF_TWO).unwrap());
    let block = &signet_blocks()[0];
    assert_eq!(check_block(block, &params), BAD);
    let no_pow = CheckBlockOptions {
        check_pow: false,
        check_merkle_root: true,
    };
    assert_eq!(check_block_with(block, &params, no_pow), Ok(()));
    // OP_TRUE accepts any solution that leaves no error.
    assert_eq!(
        check_block(block, &ConsensusParams::signet(&[0x51])),
        Ok(())
    );
}

/// Tampered copies keep their proof of work; the solution is checked before
/// the merkle root, so the failure reported is `bad-signet-blksig`.
#[test]
fn tampered_default_signet_blocks_fail() {
    let params = consensus_params(Network::Signet);
    let block = &signet_blocks()[0];
    let commitment = &block.transactions[0].outputs[1].script_pubkey;
    let signature_byte = commitment.len() - 10;

    let mut corrupt = block.clone();
    corrupt.transactions[0].outputs[1].script_pubkey[signature_byte] ^= 1;
    assert_eq!(check_block(&corrupt, &params), BAD, "corrupted signature");

    let mut missing = block.clone();
    missing.transactions[0].outputs.pop();
    assert_eq!(check_block(&missing, &params), BAD, "no commitment output");

    let mut unsolved = block.clone();
    unsolved.transactions[0].outputs[1]
        .script_pubkey
        .truncate(38);
    assert_eq!(check_block(&unsolved, &params), BAD, "no solution section");

    let mut repaid = block.clone();
    repaid.transactions[0].outputs[0].value -= 1;
    assert_eq!(check_block(&repaid, &params), BAD, "signed data changed");
}

/// A custom signet whose blocks are easy to mine (regtest's pow limit).
fn easy_signet(challenge: &[u8]) -> ConsensusParams {
    ConsensusParams {
        pow_limit: U256::from_le_bytes({
            let mut limit = [0xff; 32];
            limit[31] = 0x7f;
            limit
        }),
        ..ConsensusParams::signet(challenge)
    }
}

/// A one-transaction block with a witness commitment and, if `section` is
/// given, a push of the signet header and `section` in the commitment.
fn unsolved_block(section: Option<&[u8]>) -> Block {
    let coinbase = Transaction {
        version: 2,
        inputs: vec![TxIn {
            prevout: OutPoint::NULL,
            script_sig: vec![0x51, 0x51],
            sequence: u32::MAX,
            witness: Witness::default(),
        }],
        outputs: vec![TxOut {
            value: 50_0000_0000,
            script_pubkey: TestKey::new(0).p2wpkh(),
        }],
        lock_time: 0,
    };
    let header = BlockHeader {
        version: 0x2000_0000,
        prev_blockhash: consensus_params(Network::Signet).genesis_hash,
        merkle_root: Default::default(),
        time: 1_600_000_000,
        bits: 0x207f_ffff,
        nonce: 0,
    };
    let mut block = Block {
        header,
        transactions: vec![coinbase],
    };
    generate_coinbase_commitment(&mut block, true);
    if let Some(section) = section {
        let pushed = [SIGNET_HEADER.as_slice(), section].concat();
        push_data(&mut block.transactions[0].outputs[1].script_pubkey, &pushed);
    }
    block
}

/// Fills in the merkle root and mines the block for `params`.
fn seal(mut block: Block, params: &ConsensusParams) -> Block {
    block.header.merkle_root = block.compute_merkle_root().root;
    mine(&mut block.header, params);
    block
}

/// A block whose solution is `OP_0 <signature by key>` for `challenge`.
fn signed_block(key: TestKey, challenge: &[u8], params: &ConsensusParams) -> Block {
    // An empty solution stands in while signing: it is stripped either way.
    let placeholder = unsolved_block(Some(&[0x00, 0x00]));
    let txs = SignetTxs::create(&placeholder, challenge).unwrap();
    let sighash = legacy_sighash(challenge, &txs.to_sign, 0, i32::from(SIGHASH_ALL));
    let mut script_sig = vec![0x00];
    push_data(&mut script_sig, &key.sign(&sighash));
    let mut section = Vec::new();
    write_var_bytes(&mut section, &script_sig);
    Witness::default().encode(&mut section);
    seal(unsolved_block(Some(&section)), params)
}

#[test]
fn op_true_challenge_accepts_an_empty_solution() {
    let params = easy_signet(&[0x51]);
    let block = seal(unsolved_block(None), &params);
    assert_eq!(check_block(&block, &params), Ok(()));
    let mut no_commitment = unsolved_block(None);
    no_commitment.transactions[0].outputs.pop();
    assert_eq!(check_block(&seal(no_commitment, &params), &params), BAD);
}

#[test]
fn one_of_one_multisig_challenge_needs_the_keys_signature() {
    let key = TestKey::new(7);
    let mut challenge = vec![0x51];
    push_data(&mut challenge, &key.pubkey());
    challenge.extend([0x51, 0xae]); // OP_1 OP_CHECKMULTISIG
    let params = easy_signet(&challenge);

    let signed = signed_block(key, &challenge, &params);
    assert_eq!(check_block(&signed, &params), Ok(()));
    let unsigned = seal(unsolved_block(None), &params);
    assert_eq!(check_block(&unsigned, &params), BAD);
    let other_key = signed_block(TestKey::new(8), &challenge, &params);
    assert_eq!(check_block(&other_key, &params), BAD);
}
