//! The rule catalogue cannot drift from the code or the corpus: every error
//! variant's rule ID is a catalogue entry, every variant of every error enum
//! is listed, every rule a vector names exists, every variant an entry names
//! exists, and `canon rules --coverage` holds for the groups CI checks.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use canon::conformance::catalogue::{catalogue, corpus_coverage, gaps, is_rule_id, PAGES};
use canon::conformance::error_rules::error_rules;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn ids() -> BTreeSet<String> {
    catalogue().into_iter().map(|rule| rule.id).collect()
}

#[test]
fn rule_ids_are_unique_and_every_page_is_read() {
    let rules = catalogue();
    let mut seen = BTreeSet::new();
    for rule in &rules {
        assert!(seen.insert(&rule.id), "{} has two entries", rule.id);
    }
    assert!(rules.len() >= 150, "only {} rules", rules.len());
    // A spec page with rule headings that PAGES does not compile in.
    let listed: Vec<&str> = PAGES.iter().map(|(page, _)| *page).collect();
    for entry in std::fs::read_dir(Path::new(ROOT).join("spec")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let has_rules = text.lines().any(|line| {
            line.starts_with("## ") && is_rule_id(line[3..].trim())
                || line.starts_with("### ") && is_rule_id(line[4..].trim())
        });
        assert!(
            !has_rules || listed.contains(&name.as_str()),
            "{name} is not in PAGES"
        );
    }
}

#[test]
fn every_error_variant_reports_a_catalogued_rule() {
    let ids = ids();
    let mut checked = 0;
    for variant in error_rules() {
        if let Some(id) = &variant.rule_id {
            assert!(
                ids.contains(id),
                "{} reports {id}, not in the catalogue",
                variant.variant
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} variants");
}

/// The variant names of `pub enum NAME` in a source file.
fn declared_variants(file: &str, name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
    let start = text
        .find(&format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no enum {name} in {file}"));
    let body = &text[start..];
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .skip(1)
        .filter(|line| line.starts_with("    ") && !line.starts_with("     "))
        .map(str::trim)
        .filter(|line| line.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|line| {
            line.chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect()
        })
        .collect()
}

#[test]
fn every_variant_of_every_error_enum_is_listed() {
    let listed: BTreeSet<String> = error_rules().into_iter().map(|r| r.variant).collect();
    let enums = [
        ("src/encoding/error.rs", "DecodeError"),
        ("src/script/error.rs", "ScriptError"),
        ("src/validation/error.rs", "TxError"),
        ("src/validation/error.rs", "BlockError"),
        ("src/chain/error.rs", "ChainError"),
        ("src/address/base58.rs", "Base58Error"),
        ("src/address/bech32.rs", "Bech32Error"),
        ("src/address/wif.rs", "WifError"),
        ("src/address/error.rs", "AddressError"),
    ];
    for (file, name) in enums {
        let declared = declared_variants(file, name);
        assert!(!declared.is_empty(), "{name}: no variants read");
        for variant in declared {
            let full = format!("{name}::{variant}");
            assert!(
                listed.contains(&full),
                "{full} is missing from error_rules()"
            );
        }
    }
}

#[test]
fn every_variant_an_entry_names_exists() {
    let listed: BTreeSet<String> = error_rules().into_iter().map(|r| r.variant).collect();
    let mut named = 0;
    for rule in catalogue() {
        for variant in &rule.variants {
            named += 1;
            assert!(
                listed.contains(variant),
                "{} names {variant}, which does not exist",
                rule.id
            );
        }
    }
    assert!(named >= 20, "only {named} variants named");
}

#[test]
fn every_rule_a_vector_names_exists() {
    let ids = ids();
    let coverage = corpus_coverage(&Path::new(ROOT).join("vectors")).unwrap();
    assert!(coverage.len() >= 30);
    for id in coverage.keys() {
        assert!(
            ids.contains(id),
            "a vector names {id}, not in the catalogue"
        );
    }
}

#[test]
fn the_corpus_covers_the_encoding_taproot_and_check_transaction_groups() {
    let rules = catalogue();
    let coverage = corpus_coverage(&Path::new(ROOT).join("vectors")).unwrap();
    for group in ["ENC", "TAPROOT", "TAPSCRIPT", CHECK_TRANSACTION] {
        let missing: Vec<&str> = gaps(&rules, &coverage, Some(group))
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert!(missing.is_empty(), "{group}: {missing:?}");
    }
    assert!(
        !gaps(&rules, &coverage, None).is_empty(),
        "update this test and CI"
    );
}

/// The rules of Core's `CheckTransaction` (`spec/validation.md`), as CI
/// names them: the group `TX` also holds `TX-WEIGHT` and the input rules of
/// `CONNECT-TX-INPUTS`.
const CHECK_TRANSACTION: &str =
    "TX-VIN,TX-VOUT,TX-OVERSIZE,TX-TXOUTTOTAL,TX-INPUTS-DUPLICATE,TX-CB,TX-PREVOUT";

#[test]
fn the_check_transaction_group_is_exactly_its_nine_rules() {
    let ids: Vec<String> = catalogue()
        .into_iter()
        .filter(|rule| canon::conformance::catalogue::in_group(&rule.id, CHECK_TRANSACTION))
        .map(|rule| rule.id)
        .collect();
    assert_eq!(
        ids,
        [
            "TX-VIN-EMPTY",
            "TX-VOUT-EMPTY",
            "TX-OVERSIZE",
            "TX-VOUT-NEGATIVE",
            "TX-VOUT-TOOLARGE",
            "TX-TXOUTTOTAL-TOOLARGE",
            "TX-INPUTS-DUPLICATE",
            "TX-CB-LENGTH",
            "TX-PREVOUT-NULL",
        ]
    );
}

fn canon_rules(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_canon"))
        .arg("rules")
        .args(args)
        .current_dir(ROOT)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn canon_rules_prints_the_catalogue_and_the_coverage() {
    let (code, out) = canon_rules(&[]);
    assert_eq!(code, Some(0));
    assert!(out.contains("ENC-COMPACTSIZE-CANONICAL"), "{out}");
    assert!(out.contains("non-canonical ReadCompactSize()"));
    assert!(out
        .lines()
        .any(|l| l.starts_with("TX-VIN-EMPTY") && l.contains("bad-txns-vin-empty")));

    let (code, out) = canon_rules(&["--coverage", "--group", "ENC"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("uncovered") && out.contains(", 0 uncovered"),
        "{out}"
    );
    let (code, _) = canon_rules(&["--coverage", "--group", "TAPROOT"]);
    assert_eq!(code, Some(0));

    let (code, out) = canon_rules(&["--coverage"]);
    assert_eq!(code, Some(1), "rules without vectors are reported");
    assert!(out.contains("uncovered: POW-PERMITTED-TRANSITION"), "{out}");
    assert!(!out.contains("uncovered: TX-VIN-EMPTY"), "{out}");

    let (code, out) = canon_rules(&["--coverage", "--group", CHECK_TRANSACTION]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.ends_with("9 of 9 consensus rules covered, 0 uncovered\n"),
        "{out}"
    );

    let (code, _) = canon_rules(&["--group", "NO-SUCH"]);
    assert_eq!(code, Some(2));
}
