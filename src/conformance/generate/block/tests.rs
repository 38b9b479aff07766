use std::collections::{BTreeMap, BTreeSet};

use super::files;
use crate::conformance::chain_vectors::BlockFile;
use crate::encoding::{Decode, Encode};
use crate::primitives::Block;

/// The rules the family must show kept and broken.
const RULES: &[&str] = &[
    "BLK-MERKLE-ROOT",
    "BLK-MERKLE-MUTATED",
    "BLK-LENGTH",
    "BLK-CB-MISSING",
    "BLK-CB-MULTIPLE",
    "BLK-TX-CHECK",
    "BLK-SIGOPS",
    "HDR-TIME-TOO-OLD",
    "HDR-TIME-TOO-NEW",
    "HDR-VERSION",
    "HDR-DIFFBITS",
    "POW-HIGH-HASH",
    "CTX-FINAL",
    "CTX-CB-HEIGHT",
    "CTX-WITNESS-NONCE",
    "CTX-WITNESS-COMMITMENT",
    "CTX-UNEXPECTED-WITNESS",
    "CTX-WEIGHT",
    "BLOCK-MUTATED",
    "CONNECT-TX-INPUTS",
    "TX-INPUTS-MISSING",
    "TX-COINBASE-MATURITY",
    "TX-IN-BELOW-OUT",
    "CONNECT-SEQUENCE-LOCKS",
    "CONNECT-SIGOP-COST",
    "CONNECT-SCRIPTS",
    "CONNECT-CB-AMOUNT",
    "SUBSIDY-HALVING",
    "SIGOPS-LEGACY",
    "SIGOPS-P2SH",
    "SIGOPS-WITNESS",
    "SCRIPT-FLAGS-BLOCK",
    "SIGHASH-LEGACY-SINGLE-BUG",
    "CONNECT-BIP30",
];

/// Rules that no block can break (see `connect.rs`): only kept.
const ONLY_KEPT: &[&str] = &["TX-INPUT-VALUES", "CONNECT-FEES-RANGE"];

fn parsed() -> Vec<BlockFile> {
    files()
        .iter()
        .map(|file| serde_json::from_str(&file.contents).expect("a block file"))
        .collect()
}

#[test]
fn every_rule_is_kept_and_broken() {
    let mut seen: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let files = parsed();
    for case in files.iter().flat_map(|f| &f.cases) {
        for rule in &case.rules {
            let entry = seen.entry(rule.as_str()).or_default();
            match case.expect.result.as_str() {
                "ok" => entry.0 += 1,
                _ => entry.1 += 1,
            }
        }
    }
    for rule in RULES {
        let (kept, broken) = seen.get(rule).copied().unwrap_or_default();
        assert!(
            kept > 0 && broken > 0,
            "{rule}: {kept} kept, {broken} broken"
        );
    }
    for rule in ONLY_KEPT {
        let (kept, broken) = seen.get(rule).copied().unwrap_or_default();
        assert!(
            kept > 0 && broken == 0,
            "{rule}: {kept} kept, {broken} broken"
        );
    }
    let catalogue: BTreeSet<String> = crate::conformance::catalogue::catalogue()
        .into_iter()
        .map(|rule| rule.id)
        .collect();
    for rule in seen.keys() {
        assert!(catalogue.contains(*rule), "{rule} is not in spec/");
    }
}

#[test]
fn generation_is_deterministic_and_round_trips() {
    let first = files();
    assert_eq!(first, files());
    let mut ids = BTreeSet::new();
    for file in parsed() {
        assert_eq!(file.kind, "block");
        for blocks in file.prefixes.values() {
            for hex in blocks {
                let bytes = hex::decode(hex).unwrap();
                assert_eq!(Block::from_bytes(&bytes).unwrap().to_bytes(), bytes);
            }
        }
        for case in &file.cases {
            assert!(ids.insert(case.id.clone()), "duplicate id {}", case.id);
            assert!(file.prefixes.contains_key(&case.prefix));
            let bytes = hex::decode(&case.block).unwrap();
            let block = Block::from_bytes(&bytes).expect("the block decodes");
            assert_eq!(block.to_bytes(), bytes, "{} round-trips", case.id);
            assert_eq!(case.expect.result == "ok", case.expect.reason.is_none());
        }
    }
}
