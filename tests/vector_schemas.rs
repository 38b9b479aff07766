//! Every file of canon's corpus matches the JSON Schema of its kind in
//! `spec/schemas/`, so the schemas cannot drift from the files.
//!
//! The schemas use a small part of JSON Schema (type, const, enum,
//! pattern, minimum, required, properties, additionalProperties, items and
//! `$ref` to a sibling file); this test checks exactly that part and fails
//! on any keyword it does not know, rather than ignore it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> Value {
    let path = root().join("spec/schemas").join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The few patterns the schemas use: hex of even length, or of a fixed one.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    let hex = text
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    match pattern {
        "^([0-9a-f]{2})*$" => hex && text.len() % 2 == 0,
        "^[0-9a-f]{64}$" => hex && text.len() == 64,
        "^[0-9a-f]{160}$" => hex && text.len() == 160,
        other => panic!("pattern {other} is not one this test knows"),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The problems of `value` against `schema`, at `at`.
fn check(schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = schema.as_object().expect("a schema is an object");
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "$schema" | "$id" | "title" | "properties" | "additionalProperties" => {}
            "$ref" => check(&schema_ref(rule), value, at, problems),
            "type" => {
                let allowed: Vec<&str> = match rule {
                    Value::String(one) => vec![one.as_str()],
                    Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("bad type keyword"),
                };
                if !allowed.contains(&type_name(value)) {
                    problems.push(format!("{at}: {} where {allowed:?}", type_name(value)));
                    return;
                }
            }
            "const" if value != rule => problems.push(format!("{at}: {value} is not {rule}")),
            "enum" if !rule.as_array().expect("an array").contains(value) => {
                problems.push(format!("{at}: {value} not in {rule}"))
            }
            "pattern" => {
                if let Some(text) = value.as_str() {
                    if !matches_pattern(rule.as_str().expect("a string"), text) {
                        problems.push(format!("{at}: {text:.40} does not match {rule}"));
                    }
                }
            }
            "minimum" => {
                if value
                    .as_f64()
                    .zip(rule.as_f64())
                    .is_some_and(|(v, m)| v < m)
                {
                    problems.push(format!("{at}: {value} below {rule}"));
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for name in rule
                        .as_array()
                        .expect("an array")
                        .iter()
                        .filter_map(Value::as_str)
                    {
                        if !object.contains_key(name) {
                            problems.push(format!("{at}: missing {name:?}"));
                        }
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    check(rule, item, &format!("{at}[{i}]"), problems);
                }
            }
            "const" | "enum" => {}
            other => panic!("keyword {other} is not one this test knows"),
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, item) in object {
            match (
                properties.and_then(|p| p.get(name)),
                schema.get("additionalProperties"),
            ) {
                (Some(property), _) => check(property, item, &format!("{at}.{name}"), problems),
                (None, Some(Value::Bool(false))) => {
                    problems.push(format!("{at}: unexpected key {name:?}"))
                }
                (None, Some(extra @ Value::Object(_))) => {
                    check(extra, item, &format!("{at}.{name}"), problems)
                }
                (None, _) => {}
            }
        }
    }
}

fn schema_ref(rule: &Value) -> Value {
    schema(rule.as_str().expect("a $ref is a file name"))
}

fn corpus_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("vectors/ is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            corpus_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
}

/// Kinds without a schema, and why (a file of any other kind must have one).
const NO_SCHEMA: [(&str, &str); 1] = [(
    "script-regression",
    "promoted fuzzing findings: one spend under one flag set, documented in fuzz/README.md",
)];

#[test]
fn every_corpus_file_matches_its_kinds_schema() {
    let mut files = Vec::new();
    corpus_files(&root().join("vectors"), &mut files);
    files.sort();
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let value: Value = serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
        let kind = value["kind"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no kind", file.display()));
        if NO_SCHEMA.iter().any(|(k, _)| *k == kind) {
            continue;
        }
        let name = format!("{kind}.schema.json");
        assert!(
            root().join("spec/schemas").join(&name).exists(),
            "{}: kind {kind} has no spec/schemas/{name}",
            file.display()
        );
        check(
            &schema(&name),
            &value,
            &file.display().to_string(),
            &mut problems,
        );
        *checked.entry(kind.to_string()).or_default() += 1;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
    for kind in ["decode", "tx", "script", "tx-in-context"] {
        assert!(
            checked.contains_key(kind),
            "no {kind} file was checked: {checked:?}"
        );
    }
}

#[test]
fn the_checker_finds_what_the_schemas_forbid() {
    let tx = schema("tx.schema.json");
    let mut problems = Vec::new();
    let bad = serde_json::json!({"kind": "tx", "generator": "g", "description": "d", "cases": [
        {"id": "a", "description": "d", "rules": [], "provenance": "p", "hex": "abc",
         "expect": {"result": "maybe"}, "extra": 1}]});
    check(&tx, &bad, "f", &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}");
}
