//! Every rule ID that the validation and chain code names in its doc
//! comments (`` `CTX-FINAL` ``, `` `CONNECT-BIP30` ``, ...) has an entry in
//! `spec/`: a heading or a bold list item.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_rule_id_in_the_code_is_in_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in ["src/validation", "src/chain"] {
        rust_files(&root.join(dir), &mut sources);
    }
    let mut spec = String::new();
    for entry in std::fs::read_dir(root.join("spec")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            spec.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let prefixes = [
        "CTX-",
        "CONNECT-",
        "CHAIN-",
        "TX-",
        "BLK-",
        "HDR-",
        "DISCONNECT-",
        "UTXO-",
    ];
    let mut checked = 0;
    for source in &sources {
        for piece in source.split('`').skip(1).step_by(2) {
            let is_id = prefixes.iter().any(|p| piece.starts_with(p))
                && piece.len() > 4
                && piece
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                && !piece.ends_with('-');
            if !is_id {
                continue;
            }
            checked += 1;
            let entry = spec.lines().any(|line| {
                (line.starts_with('#') && line.contains(piece))
                    || line.contains(&format!("**{piece}**"))
            });
            assert!(entry, "{piece} has no entry in spec/");
        }
    }
    assert!(checked > 30, "only {checked} IDs found");
}
