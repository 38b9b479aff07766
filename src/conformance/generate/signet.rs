//! The signet block solution (BIP-0325) as `chain` scenarios: regtest with
//! a signet challenge (a custom parameter set), so blocks stay cheap to
//! mine. Every block but genesis must carry a solution to the challenge in
//! its witness commitment output.

use super::scenario::{Intent, Scenario};
use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::chain_vectors::{ChainCase, ChainFile, ParamsOverride};

/// The family's file.
pub fn files() -> Vec<GeneratedFile> {
    let contents = to_json_text(&ChainFile {
        kind: "chain".into(),
        generator: generator_name("signet"),
        description: "BIP-0325 block solutions on regtest with a signet challenge".into(),
        cases: vec![op_true_challenge(), op_false_challenge()],
    });
    vec![GeneratedFile {
        path: "chain/signet.json".into(),
        contents,
    }]
}

fn with_challenge(challenge: &str) -> ParamsOverride {
    ParamsOverride {
        signet_challenge: Some(challenge.into()),
        ..ParamsOverride::default()
    }
}

/// Challenge `OP_TRUE`: an empty solution satisfies it, but the witness
/// commitment output that carries the solution must be there.
fn op_true_challenge() -> ChainCase {
    let mut s = Scenario::with_params(
        "signet-op-true",
        "Challenge OP_TRUE: any block with a witness commitment output passes; one without has no place for a solution",
        with_challenge("51"),
    );
    let rules = &["BLK-SIGNET-SOLUTION"];
    let first = s.next_block();
    s.mine(
        &first,
        "a block with a witness commitment and an empty solution",
        rules,
    );
    let mut bare = s.next_block();
    bare.witness_commitment = false;
    let bare = bare.build(s.params());
    s.block(
        &bare,
        "a block without a witness commitment output: no solution",
        rules,
        Intent::Rejected("bad-signet-blksig"),
    );
    let second = s.next_block();
    s.mine(&second, "the next block, with its commitment", rules);
    s.into_case()
}

/// Challenge `OP_FALSE`: no solution satisfies it.
fn op_false_challenge() -> ChainCase {
    let mut s = Scenario::with_params(
        "signet-op-false",
        "Challenge OP_FALSE: no block can follow genesis",
        with_challenge("00"),
    );
    let block = s.next_block().build(s.params());
    s.block(
        &block,
        "a block with a witness commitment and an empty solution",
        &["BLK-SIGNET-SOLUTION"],
        Intent::Rejected("bad-signet-blksig"),
    );
    s.into_case()
}
