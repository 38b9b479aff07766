//! The rule catalogue cannot drift from the code or the corpus: every error
//! variant's rule ID is a catalogue entry, every variant of every error enum
//! is listed, every rule a vector names exists, every variant an entry names
//! exists, every canon function an entry names (`**Canon**`) exists in
//! `src/`, and `canon rules --coverage` holds for the groups CI checks.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use canon::conformance::catalogue::{catalogue, corpus_coverage, gaps, is_rule_id, PAGES};
use canon::conformance::error_rules::error_rules;
use canon::conformance::rule_vectors::corpus_vectors;

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
        if path.is_dir() {
            continue; // spec/schemas/
        }
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

/// The lines of the blocks of `text` that implement or declare `ty`: from an
/// `impl ... ty {` (or `impl Trait for ty {`) or `trait ty {` line to the
/// next line that is `}`.
fn item_blocks<'a>(text: &'a str, ty: &str) -> Vec<Vec<&'a str>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let head = line.split('{').next().unwrap_or_default();
        let is_impl = line.starts_with("impl")
            && head
                .rsplit(" for ")
                .next()
                .is_some_and(|target| has_word(target, ty));
        let is_trait = line
            .trim_start_matches("pub ")
            .strip_prefix("trait ")
            .is_some_and(|rest| first_word(rest) == ty);
        if is_impl || is_trait {
            let end = (i + 1..lines.len())
                .find(|&j| lines[j] == "}")
                .unwrap_or(lines.len());
            blocks.push(lines[i..end].to_vec());
        }
    }
    blocks
}

fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Whether `word` occurs in `text` as a whole identifier.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// Whether a line declares item `name` (`fn`, `struct`, `enum`, `trait`,
/// `type`, `const`, `static`), with any visibility.
fn declares(line: &str, name: &str) -> bool {
    let mut rest = line.trim_start();
    if let Some(after) = rest.strip_prefix("pub") {
        rest = after.strip_prefix(|c| c == '(').map_or(after, |inner| {
            inner.split_once(')').map_or(inner, |(_, tail)| tail)
        });
        rest = rest.trim_start();
    }
    rest = rest.strip_prefix("const fn ").unwrap_or(rest);
    [
        "fn ", "struct ", "enum ", "trait ", "type ", "const ", "static ",
    ]
    .iter()
    .any(|kind| {
        rest.strip_prefix(kind)
            .is_some_and(|r| first_word(r) == name)
    })
}

/// Resolves a `**Canon**` path (`a::b::f`, `a::b::T`, `a::b::T::m`) against
/// the sources: the longest prefix that is a module file (`src/a/b.rs` or
/// `src/a/b/mod.rs`), then an item of that file, or a method `m` inside an
/// `impl` of (or the `trait`) `T` there.
fn resolve(path: &str) -> Result<(), String> {
    let segments: Vec<&str> = path.split("::").collect();
    for split in (1..segments.len()).rev() {
        let module = segments[..split].join("/");
        let candidates = [format!("src/{module}.rs"), format!("src/{module}/mod.rs")];
        let Some(file) = candidates
            .iter()
            .map(|file| Path::new(ROOT).join(file))
            .find(|file| file.is_file())
        else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        return match &segments[split..] {
            [item] if text.lines().any(|line| declares(line, item)) => Ok(()),
            [ty, method]
                if item_blocks(&text, ty)
                    .iter()
                    .any(|block| block.iter().any(|line| declares(line, method))) =>
            {
                Ok(())
            }
            rest => Err(format!(
                "{} has no {}",
                file.strip_prefix(ROOT).unwrap().display(),
                rest.join("::")
            )),
        };
    }
    Err("no module file under src/".to_string())
}

#[test]
fn the_resolver_finds_functions_types_and_methods_and_nothing_else() {
    assert_eq!(resolve("validation::tx_check::check_transaction"), Ok(()));
    assert_eq!(
        resolve("primitives::transaction::Transaction::weight"),
        Ok(())
    );
    assert_eq!(
        resolve("primitives::transaction::Transaction::decode"),
        Ok(())
    );
    assert_eq!(resolve("encoding::Decode::from_bytes"), Ok(()));
    assert_eq!(resolve("sighash::HashTypeBits"), Ok(()));
    assert!(resolve("validation::tx_check::check_transactions").is_err());
    assert!(resolve("primitives::transaction::TxOut::weight").is_err());
    assert!(resolve("validation::no_such_module::check_transaction").is_err());
    assert!(resolve("nowhere::f").is_err());
}

#[test]
fn every_canon_function_an_entry_names_exists_and_every_rule_names_one() {
    let mut named = 0;
    for rule in catalogue() {
        assert!(
            !rule.canon.is_empty(),
            "{} ({}) names no canon function: add **Canon** `module::path::function`",
            rule.id,
            rule.page
        );
        for path in &rule.canon {
            named += 1;
            if let Err(why) = resolve(path) {
                panic!("{} names canon function {path}: {why}", rule.id);
            }
        }
    }
    assert!(named >= 183, "only {named} canon functions named");
}

#[test]
fn the_vectors_listed_per_rule_agree_with_the_coverage_counts() {
    let dir = Path::new(ROOT).join("vectors");
    let coverage = corpus_coverage(&dir).unwrap();
    let vectors = corpus_vectors(&dir).unwrap();
    assert_eq!(
        coverage.keys().collect::<Vec<_>>(),
        vectors.keys().collect::<Vec<_>>()
    );
    for (id, list) in &vectors {
        let seen = coverage[id];
        assert_eq!(
            seen.passing,
            list.iter().filter(|v| v.passing).count(),
            "{id}"
        );
        assert_eq!(
            seen.failing,
            list.iter().filter(|v| v.failing).count(),
            "{id}"
        );
        for vector in list {
            assert!(
                dir.join(&vector.file).is_file() && !vector.case.is_empty(),
                "{id}: {vector:?}"
            );
        }
    }
}

#[test]
fn the_corpus_covers_every_consensus_rule() {
    let rules = catalogue();
    let coverage = corpus_coverage(&Path::new(ROOT).join("vectors")).unwrap();
    let missing: Vec<&str> = gaps(&rules, &coverage, None)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert!(missing.is_empty(), "uncovered: {missing:?}");
    // A part of the corpus leaves rules uncovered, and they are named.
    let decode_only = corpus_coverage(&Path::new(ROOT).join("vectors/decode")).unwrap();
    assert!(gaps(&rules, &decode_only, None)
        .iter()
        .any(|r| r.id == "CHAIN-REORG"));
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
    assert_eq!(code, Some(0), "every consensus rule is covered: {out}");
    assert!(!out.contains("\nuncovered: "), "{out}");
    let decode = format!("{ROOT}/vectors/decode");
    let (code, out) = canon_rules(&["--coverage", "--vectors", &decode]);
    assert_eq!(code, Some(1), "rules without vectors are reported");
    assert!(out.contains("\nuncovered: CHAIN-REORG"), "{out}");
    assert!(!out.contains("uncovered: ENC-NO-TRAILING-DATA"), "{out}");

    let (code, out) = canon_rules(&["--coverage", "--group", CHECK_TRANSACTION]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.ends_with("9 of 9 consensus rules covered, 0 uncovered\n"),
        "{out}"
    );

    let (code, _) = canon_rules(&["--group", "NO-SUCH"]);
    assert_eq!(code, Some(2));
}

#[test]
fn canon_rules_id_prints_one_rule_with_its_vectors() {
    let (code, out) = canon_rules(&["TX-VIN-EMPTY"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("TX-VIN-EMPTY\n"), "{out}");
    assert!(out.contains("outcome:   bad-txns-vin-empty"), "{out}");
    assert!(
        out.contains("canon:     validation::tx_check::check_transaction"),
        "{out}"
    );
    assert!(
        out.contains("tx/check_transaction.json vin-empty (failing)"),
        "{out}"
    );
    assert!(out.contains("(passing)"), "{out}");

    let (code, out) = canon_rules(&["TAPROOT-SCHNORR"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("BIP-0340"), "{out}");
    assert!(out.contains("(passing+failing)"), "{out}");

    let output = Command::new(env!("CARGO_BIN_EXE_canon"))
        .args(["rules", "NO-SUCH-RULE"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no rule \"NO-SUCH-RULE\""));
    let output = Command::new(env!("CARGO_BIN_EXE_canon"))
        .args(["rules", "TX-VOUT"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("TX-VOUT-EMPTY, TX-VOUT-NEGATIVE"),
        "{output:?}"
    );
    let (code, out) = canon_rules(&["tx-vin-empty"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("TX-VIN-EMPTY\n"), "{out}");
}

#[test]
fn canon_rules_json_holds_every_field_and_the_vectors() {
    let (code, out) = canon_rules(&["--json"]);
    assert_eq!(code, Some(0));
    let all: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), catalogue().len());
    for rule in all {
        for field in [
            "id",
            "group",
            "page",
            "consensus",
            "token",
            "statement",
            "summary",
            "bips",
            "core",
            "canon",
            "variants",
            "unreachable",
            "coverage",
            "vectors",
        ] {
            assert!(rule.get(field).is_some(), "{field} missing: {rule}");
        }
    }
    let (code, out) = canon_rules(&["ENC-TX-SUPERFLUOUS-WITNESS", "--json"]);
    assert_eq!(code, Some(0));
    let rule: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rule["token"], "Superfluous witness record");
    assert_eq!(rule["variants"][0], "DecodeError::SuperfluousWitnessRecord");
    assert_eq!(
        rule["canon"][0],
        "primitives::transaction::Transaction::decode"
    );
    let vectors = rule["vectors"].as_array().unwrap();
    assert!(vectors.iter().any(|v| v["case"] == "tx-witness-superfluous"
        && v["file"] == "decode/transactions.json"
        && v["failing"] == true));
    let failing = vectors.iter().filter(|v| v["failing"] == true).count();
    assert_eq!(rule["coverage"]["failing"], failing);
}
