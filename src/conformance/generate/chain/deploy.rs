//! Buried deployments across their activation heights (`DEPLOY-BIP34`,
//! `DEPLOY-BIP66`, `DEPLOY-BIP65`, `DEPLOY-CSV`, `DEPLOY-SEGWIT`,
//! `DEPLOY-TAPROOT`): the last block before the height, where breaking the
//! new rule is accepted, and the first at it, where the same breach is
//! refused. Core: `DeploymentActiveAt`, `GetBlockScriptFlags`,
//! `ContextualCheckBlockHeader`, `ContextualCheckBlock`.
//!
//! Every scenario but taproot's uses a custom parameter set (Core's regtest
//! `-testactivationheight=NAME@HEIGHT`); Core's kernel cannot take one, so
//! these are checked against canon only. Core keeps no taproot height: its
//! rules apply to every block but the listed exceptions, so taproot's
//! scenario runs on plain regtest.

use super::{remine, spend_coinbase};
use crate::chain::{output_of, p2wsh, TestKey, TxBuilder, Unlock};
use crate::conformance::chain_vectors::{ChainCase, ParamsOverride};
use crate::conformance::generate::scenario::{Intent, Scenario};
use crate::conformance::taptree::{
    sign_schnorr, taproot_digest, tweaked_keypair, SigContext, TaprootOutput,
};
use crate::primitives::{Block, OutPoint, Transaction, TxOut};
use crate::script::opcodes::{
    OP_1, OP_CHECKLOCKTIMEVERIFY, OP_CHECKSEQUENCEVERIFY, OP_CHECKSIG, OP_NOT,
};
use crate::validation::median_time_past;

const DER_FAILED: &str = "block-script-verify-flag-failed (Non-canonical DER signature)";
const LOCKTIME_FAILED: &str =
    "block-script-verify-flag-failed (Locktime requirement not satisfied)";

/// The scenarios.
pub fn cases() -> Vec<ChainCase> {
    vec![
        bip34_and_versions(),
        segwit(),
        csv_median_time_past(),
        script_deployments(),
        taproot(),
    ]
}

/// BIP-0034's coinbase height and the version floors of BIP-0034, -0066
/// and -0065.
fn bip34_and_versions() -> ChainCase {
    let overrides = ParamsOverride {
        bip34_height: Some(3),
        bip66_height: Some(4),
        bip65_height: Some(5),
        ..ParamsOverride::default()
    };
    let mut s = Scenario::with_params(
        "deploy-bip34-bip66-bip65-versions",
        "BIP-0034 at 3, BIP-0066 at 4, BIP-0065 at 5 (custom set; canon only): block 2 has \
         version 1 and no height in its coinbase, accepted; at 3 both are refused \
         (bad-cb-height, bad-version); version 2 is refused at 4, version 3 at 5",
        overrides,
    );
    s.mine_empty(1);
    let no_height = |s: &Scenario, version: i32| {
        let mut b = s.next_block();
        b.version = version;
        b.coinbase_script_sig = Some(b"canon, no height".to_vec());
        b.build(s.params())
    };
    let versioned = |s: &Scenario, version: i32| {
        let mut b = s.next_block();
        b.version = version;
        b.build(s.params())
    };
    s.block(
        &no_height(&s, 1),
        "block 2: version 1, no height: accepted before BIP-0034",
        &["DEPLOY-BIP34", "CTX-CB-HEIGHT", "HDR-VERSION"],
        Intent::Accepted,
    );
    s.block(
        &no_height(&s, 2),
        "block 3 without the height",
        &["DEPLOY-BIP34", "CTX-CB-HEIGHT"],
        Intent::Rejected("bad-cb-height"),
    );
    s.block(
        &versioned(&s, 1),
        "block 3 with version 1",
        &["DEPLOY-BIP34", "HDR-VERSION"],
        Intent::Rejected("bad-version(0x00000001)"),
    );
    s.block(
        &versioned(&s, 2),
        "block 3: version 2 with its height",
        &["DEPLOY-BIP34", "HDR-VERSION", "CTX-CB-HEIGHT"],
        Intent::Accepted,
    );
    s.block(
        &versioned(&s, 2),
        "block 4 with version 2",
        &["DEPLOY-BIP66", "HDR-VERSION"],
        Intent::Rejected("bad-version(0x00000002)"),
    );
    s.block(
        &versioned(&s, 3),
        "block 4 with version 3",
        &["DEPLOY-BIP66", "HDR-VERSION"],
        Intent::Accepted,
    );
    s.block(
        &versioned(&s, 3),
        "block 5 with version 3",
        &["DEPLOY-BIP65", "HDR-VERSION"],
        Intent::Rejected("bad-version(0x00000003)"),
    );
    s.block(
        &versioned(&s, 4),
        "block 5 with version 4",
        &["DEPLOY-BIP65", "HDR-VERSION"],
        Intent::Accepted,
    );
    s.into_case()
}

/// `block` with its coinbase's witness commitment replaced by other bytes.
fn with_wrong_commitment(mut block: Block, s: &Scenario) -> Block {
    let coinbase = &mut block.transactions[0];
    let commitment = coinbase.outputs.last_mut().expect("the commitment output");
    commitment.script_pubkey[6..38].copy_from_slice(&[0x42; 32]);
    remine(&mut block, s);
    block
}

/// Segwit's witness rules before and after its height.
fn segwit() -> ChainCase {
    let overrides = ParamsOverride {
        segwit_height: Some(3),
        ..ParamsOverride::default()
    };
    let mut s = Scenario::with_params(
        "deploy-segwit",
        "Segwit at 3 (custom set; canon only): at 2 a wrong witness commitment is not checked \
         (accepted) and witness data is unexpected (refused); at 3 the commitment is checked \
         (bad-witness-merkle-match, bad-witness-nonce-size) and the coinbase's witness is \
         accepted",
        overrides,
    );
    s.mine_empty(1);
    let mut witnessed = s.next_block().build(s.params());
    witnessed.transactions[0].inputs[0].witness.stack = vec![vec![0; 32]];
    s.block(
        &witnessed,
        "block 2 with a coinbase witness",
        &["DEPLOY-SEGWIT", "CTX-UNEXPECTED-WITNESS"],
        Intent::Mutated("unexpected-witness"),
    );
    let wrong = with_wrong_commitment(s.next_block().assemble(s.params()), &s);
    s.block(
        &wrong,
        "block 2 with a wrong commitment: not checked before segwit",
        &["DEPLOY-SEGWIT", "CTX-WITNESS-COMMITMENT"],
        Intent::Accepted,
    );
    let wrong = with_wrong_commitment(s.next_block().assemble(s.params()), &s);
    s.block(
        &wrong,
        "block 3 with a wrong commitment",
        &["DEPLOY-SEGWIT", "CTX-WITNESS-COMMITMENT"],
        Intent::Mutated("bad-witness-merkle-match"),
    );
    let mut no_nonce = s.next_block().assemble(s.params());
    no_nonce.transactions[0].inputs[0].witness.stack.clear();
    crate::chain::mine(&mut no_nonce.header, s.params());
    s.block(
        &no_nonce,
        "block 3 with a commitment and no witness reserved value",
        &["DEPLOY-SEGWIT", "CTX-WITNESS-NONCE"],
        Intent::Mutated("bad-witness-nonce-size"),
    );
    s.mine(
        &s.next_block(),
        "block 3 with its commitment and reserved value",
        &[
            "DEPLOY-SEGWIT",
            "CTX-UNEXPECTED-WITNESS",
            "CTX-WITNESS-COMMITMENT",
            "CTX-WITNESS-NONCE",
        ],
    );
    s.into_case()
}

/// `<sig> <pubkey> | OP_CHECKSIG OP_NOT`: true when the signature fails
/// without a script error, as a non-DER signature does before BIP-0066.
fn der_script() -> Vec<u8> {
    vec![OP_CHECKSIG, OP_NOT]
}

/// `<500> OP_CHECKLOCKTIMEVERIFY`: true before BIP-0065 whatever the lock time.
fn cltv_script() -> Vec<u8> {
    vec![0x02, 0xf4, 0x01, OP_CHECKLOCKTIMEVERIFY]
}

/// `1 OP_CHECKSEQUENCEVERIFY`: true before BIP-0112 whatever the sequence.
fn csv_script() -> Vec<u8> {
    vec![OP_1, OP_CHECKSEQUENCEVERIFY]
}

/// The outputs the script deployments spend, by position in the funding
/// transaction.
struct Funding {
    tx: Transaction,
}

impl Funding {
    fn coin(&self, vout: u32) -> (OutPoint, TxOut) {
        output_of(&self.tx, vout)
    }

    /// Spends P2WSH output `vout` with `stack` under its witness script.
    fn spend_wsh(&self, vout: u32, script: Vec<u8>, stack: Vec<Vec<u8>>) -> TxBuilder {
        let (outpoint, coin) = self.coin(vout);
        TxBuilder::new()
            .input(
                outpoint,
                coin.clone(),
                Unlock::P2wsh {
                    witness_script: script,
                    stack,
                },
            )
            .output(coin.value - 1_000, vec![OP_1])
    }
}

const COIN_VALUE: i64 = 100_000_000;

/// BIP-0066, BIP-0065 and CSV (BIP-0068, -0112, -0113) on one chain.
fn script_deployments() -> ChainCase {
    let overrides = ParamsOverride {
        bip66_height: Some(103),
        bip65_height: Some(105),
        csv_height: Some(107),
        ..ParamsOverride::default()
    };
    let mut s = Scenario::with_params(
        "deploy-dersig-cltv-csv",
        "BIP-0066 at 103, BIP-0065 at 105, CSV at 107 (custom set; canon only): a spend \
         breaking each is accepted in the block before the height and refused at it",
        overrides,
    );
    let prefix = s.mine_empty(100);
    let funding = fund(&mut s, &prefix[0]);
    dersig_and_cltv(&mut s, &funding);
    csv(&mut s, &funding);
    s.into_case()
}

/// Block 101: spends `block`'s coinbase to the coins the deployments'
/// breaches spend: P2WSH outputs of the DER, CLTV and CSV scripts (two
/// each) and four P2WPKH coins.
fn fund(s: &mut Scenario, block: &Block) -> Funding {
    let scripts = [
        der_script(),
        der_script(),
        cltv_script(),
        cltv_script(),
        csv_script(),
        csv_script(),
    ];
    let mut outputs: Vec<(i64, Vec<u8>)> = scripts
        .iter()
        .map(|script| (COIN_VALUE, p2wsh(script)))
        .collect();
    outputs.push((COIN_VALUE, s.key().p2wpkh()));
    outputs.push((COIN_VALUE, s.key().p2wpkh()));
    outputs.push((COIN_VALUE, s.key().p2wpkh()));
    outputs.push((COIN_VALUE, s.key().p2wpkh()));
    let total = block.transactions[0].outputs[0].value;
    let change = total - 10 * COIN_VALUE - 1_000;
    outputs.push((change, s.key().p2wpkh()));
    let funding = Funding {
        tx: spend_coinbase(s, block, &outputs),
    };
    let mut b = s.next_block();
    b.add(funding.tx.clone(), 1_000);
    s.mine(&b, "block 101 funds the spends below", &[]);
    funding
}

/// BIP-0066 at 103 and BIP-0065 at 105.
fn dersig_and_cltv(s: &mut Scenario, funding: &Funding) {
    let pubkey = s.key().pubkey().to_vec();
    let bad_der = || vec![vec![0x31, 0x00, 0x01], pubkey.clone()];
    let mut b = s.next_block();
    b.add(funding.spend_wsh(0, der_script(), bad_der()).build(), 1_000);
    s.mine(
        &b,
        "block 102: a non-DER signature fails OP_CHECKSIG quietly",
        &["DEPLOY-BIP66", "CONNECT-SCRIPTS"],
    );
    let mut b = s.next_block();
    b.add(funding.spend_wsh(1, der_script(), bad_der()).build(), 1_000);
    s.block(
        &b.build(s.params()),
        "block 103: the same spend",
        &["DEPLOY-BIP66", "CONNECT-SCRIPTS"],
        Intent::Rejected(DER_FAILED),
    );
    s.mine(&s.next_block(), "", &[]);

    let mut b = s.next_block();
    b.add(funding.spend_wsh(2, cltv_script(), vec![]).build(), 1_000);
    s.mine(
        &b,
        "block 104: lock time 0 under <500> OP_CHECKLOCKTIMEVERIFY (a NOP)",
        &["DEPLOY-BIP65", "CONNECT-SCRIPTS"],
    );
    let mut b = s.next_block();
    b.add(funding.spend_wsh(3, cltv_script(), vec![]).build(), 1_000);
    s.block(
        &b.build(s.params()),
        "block 105: the same spend",
        &["DEPLOY-BIP65", "CONNECT-SCRIPTS"],
        Intent::Rejected(LOCKTIME_FAILED),
    );
    s.mine(&s.next_block(), "", &[]);
}

/// CSV at 107: the opcode (BIP-0112), relative locks (BIP-0068) and the
/// median-time-past cutoff (BIP-0113).
fn csv(s: &mut Scenario, funding: &Funding) {
    let csv_op = |vout| funding.spend_wsh(vout, csv_script(), vec![]).build();
    let key = *s.key();
    let relative = |vout| {
        let (outpoint, coin) = funding.coin(vout);
        spend_locked(key, outpoint, coin, 1_000, 0)
    };
    let mtp_locked = |s: &Scenario, vout| {
        let (outpoint, coin) = funding.coin(vout);
        let mtp = median_time_past(&s.chain().active_view());
        spend_locked(
            *s.key(),
            outpoint,
            coin,
            0xffff_fffe,
            u32::try_from(mtp).expect("a regtest time"),
        )
    };
    let mut b = s.next_block();
    b.add(csv_op(4), 1_000)
        .add(relative(6), 1_000)
        .add(mtp_locked(s, 8), 1_000);
    s.mine(
        &b,
        "block 106: a failing OP_CHECKSEQUENCEVERIFY (a NOP), an unmet relative lock of 1000 \
         blocks, and a lock time equal to the median time past (below the block's time)",
        &[
            "DEPLOY-CSV",
            "CONNECT-SCRIPTS",
            "CONNECT-SEQUENCE-LOCKS",
            "CTX-FINAL",
        ],
    );
    let mut b = s.next_block();
    b.add(csv_op(5), 1_000);
    s.block(
        &b.build(s.params()),
        "block 107: the failing OP_CHECKSEQUENCEVERIFY",
        &["DEPLOY-CSV", "CONNECT-SCRIPTS"],
        Intent::Rejected(LOCKTIME_FAILED),
    );
    let mut b = s.next_block();
    b.add(relative(7), 1_000);
    s.block(
        &b.build(s.params()),
        "block 107: the unmet relative lock",
        &["DEPLOY-CSV", "CONNECT-SEQUENCE-LOCKS"],
        Intent::Rejected("bad-txns-nonfinal"),
    );
    let mut b = s.next_block();
    b.add(mtp_locked(s, 9), 1_000);
    s.block(
        &b.build(s.params()),
        "block 107: lock time equal to the median time past",
        &["DEPLOY-CSV", "CTX-FINAL"],
        Intent::Rejected("bad-txns-nonfinal"),
    );
    s.mine(&s.next_block(), "block 107 without them", &[]);
}

/// A version-2 spend of a P2WPKH coin of the scenario's key with `sequence`
/// and `lock_time`, paying all but 1000 sat to `OP_1`.
fn spend_locked(
    key: TestKey,
    outpoint: OutPoint,
    coin: TxOut,
    sequence: u32,
    lock_time: u32,
) -> Transaction {
    TxBuilder::new()
        .lock_time(lock_time)
        .input(outpoint, coin.clone(), Unlock::P2wpkh(key))
        .sequence(sequence)
        .output(coin.value - 1_000, vec![OP_1])
        .build()
}

/// Taproot applies from genesis on regtest (Core has no taproot height).
fn taproot() -> ChainCase {
    let mut s = Scenario::new(
        "deploy-taproot",
        "Taproot applies to every regtest block (Core keeps no taproot height; only listed \
         exception blocks skip it): a key-path spend with a bad signature is refused, the \
         correctly signed spend accepted",
    );
    let prefix = s.mine_empty(100);
    let secret = crate::conformance::spend::secret_key(7);
    let output = TaprootOutput::for_tree(&secret, None);
    let value = prefix[0].transactions[0].outputs[0].value - 1_000;
    let fund = spend_coinbase(&s, &prefix[0], &[(value, output.script_pubkey())]);
    let mut b = s.next_block();
    b.add(fund.clone(), 1_000);
    s.mine(&b, "block 101 pays to a taproot key", &[]);
    let (outpoint, coin) = output_of(&fund, 0);
    let unsigned = TxBuilder::new()
        .input(outpoint, coin.clone(), Unlock::empty())
        .output(value - 1_000, vec![OP_1])
        .build();
    let digest = taproot_digest(&unsigned, &[coin], 0, 0, &SigContext::default());
    let keypair = tweaked_keypair(&secret, None);
    let signature = sign_schnorr(&keypair, &digest, &[0; 32]).to_vec();
    let signed = |sig: Vec<u8>| {
        let mut tx = unsigned.clone();
        tx.inputs[0].witness.stack = vec![sig];
        tx
    };
    let mut bad_sig = signature.clone();
    bad_sig[10] ^= 1;
    let mut b = s.next_block();
    b.add(signed(bad_sig), 1_000);
    s.block(
        &b.build(s.params()),
        "a key-path spend with a bad signature",
        &["DEPLOY-TAPROOT", "CONNECT-SCRIPTS"],
        Intent::Rejected("block-script-verify-flag-failed (Invalid Schnorr signature)"),
    );
    let mut b = s.next_block();
    b.add(signed(signature), 1_000);
    s.mine(
        &b,
        "the spend correctly signed",
        &["DEPLOY-TAPROOT", "CONNECT-SCRIPTS"],
    );
    s.into_case()
}

/// BIP-0113 shown with coinbases alone: a coinbase locked to the median
/// time past of its parent.
fn csv_median_time_past() -> ChainCase {
    let overrides = ParamsOverride {
        csv_height: Some(13),
        ..ParamsOverride::default()
    };
    let mut s = Scenario::with_params(
        "deploy-csv-median-time-past",
        "CSV at 13 (custom set; canon only): a coinbase whose lock time is its parent's median \
         time past (its input not final) is final at 12, judged by the block's own time, and \
         not at 13, judged by the median time past (bad-txns-nonfinal)",
        overrides,
    );
    s.mine_empty(11);
    let locked = |s: &Scenario| {
        let mut block = s.next_block().assemble(s.params());
        let mtp = median_time_past(&s.chain().active_view());
        let coinbase = &mut block.transactions[0];
        coinbase.lock_time = u32::try_from(mtp).expect("a regtest time");
        coinbase.inputs[0].sequence = 0;
        remine(&mut block, s);
        block
    };
    let rules = &["DEPLOY-CSV", "CTX-FINAL"];
    s.block(
        &locked(&s),
        "block 12, locked to the median time past",
        rules,
        Intent::Accepted,
    );
    s.block(
        &locked(&s),
        "block 13, locked to the median time past",
        rules,
        Intent::Rejected("bad-txns-nonfinal"),
    );
    s.mine(&s.next_block(), "block 13, not locked", rules);
    s.into_case()
}
