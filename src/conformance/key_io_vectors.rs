//! Core's `key_io_valid.json` and `key_io_invalid.json`, run as Core's
//! `key_io_tests.cpp` runs them.
//!
//! A valid entry is `[string, payload hex, {"chain", "isPrivkey",
//! "isCompressed"?, "tryCaseFlip"?}]`: a WIF key whose payload is the secret,
//! or an address whose payload is its output script. Core checks each entry
//! twice: `key_io_valid_parse` (decode; the key must not read as an address
//! and the address must not read as a key; an address with its letters'
//! case flipped must decode to the same script exactly when `tryCaseFlip`)
//! and `key_io_valid_gen` (encode the key, or extract the destination of the
//! script and encode it, and get the string back). An invalid entry is
//! `[string]`, which must be neither an address nor a key on the four
//! networks `key_io_invalid` selects. canon records one case per entry,
//! failing with every check that did not hold.

use serde_json::Value;

use super::{parse_json, Report};
use crate::address::{
    decode_destination, decode_secret, encode_destination, encode_secret, Destination,
};
use crate::params::Network;

/// The networks Core's `key_io_invalid` test tries, in its order.
const INVALID_NETWORKS: [Network; 4] = [
    Network::Main,
    Network::Testnet3,
    Network::Signet,
    Network::Regtest,
];

/// Runs every case of `key_io_valid.json`.
pub fn run_valid(file: &str, text: &str, report: &mut Report) {
    run_entries(file, text, report, |entry| {
        let valid = ValidEntry::parse(entry)?;
        Ok((valid.text.to_string(), valid.check()))
    });
}

/// Runs every case of `key_io_invalid.json`.
pub fn run_invalid(file: &str, text: &str, report: &mut Report) {
    run_entries(file, text, report, |entry| {
        let text = invalid_string(entry)?;
        Ok((text.to_string(), check_invalid(text)))
    });
}

/// Records one case per entry of a JSON array. `run_entry` returns the
/// entry's string and the problems found, or why the entry is malformed.
fn run_entries(
    file: &str,
    text: &str,
    report: &mut Report,
    run_entry: impl Fn(&Value) -> Result<(String, Vec<String>), String>,
) {
    let Some(json) = parse_json(file, text, report) else {
        return;
    };
    let Some(entries) = json.as_array() else {
        return report.check(file, "file", Err("expected a JSON array of entries".into()));
    };
    for (index, entry) in entries.iter().enumerate() {
        let (case, outcome) = match run_entry(entry) {
            Ok((text, problems)) if problems.is_empty() => (format!("{index} {text:?}"), Ok(())),
            Ok((text, problems)) => (format!("{index} {text:?}"), Err(problems.join("; "))),
            Err(why) => (format!("{index} {entry}"), Err(why)),
        };
        report.check(file, case, outcome);
    }
}

/// What a valid entry's string is.
enum Kind {
    /// A WIF private key; the payload is the 32-byte secret.
    PrivateKey { compressed: bool },
    /// An address; the payload is its output script.
    Address { try_case_flip: bool },
}

/// One entry of `key_io_valid.json`.
struct ValidEntry<'a> {
    text: &'a str,
    payload: Vec<u8>,
    network: Network,
    kind: Kind,
}

impl<'a> ValidEntry<'a> {
    /// Reads an entry as Core's harness does; where Core's `get_str`,
    /// `get_bool` or `ChainTypeFromString(..).value()` would throw, the
    /// entry is malformed.
    fn parse(entry: &'a Value) -> Result<Self, String> {
        let items = entry.as_array().filter(|items| items.len() >= 3);
        let Some(items) = items else {
            return Err(format!(
                "bad test: expected [string, payload, metadata], got {entry}"
            ));
        };
        let text = items[0]
            .as_str()
            .ok_or("bad test: the string is not a JSON string")?;
        let hex = items[1]
            .as_str()
            .ok_or("bad test: the payload is not a JSON string")?;
        let payload =
            hex::decode(hex).map_err(|e| format!("bad test: invalid payload hex: {e}"))?;
        let metadata = items[2]
            .as_object()
            .ok_or("bad test: the metadata is not an object")?;
        let flag = |name: &str| metadata.get(name).and_then(Value::as_bool);
        let is_privkey = flag("isPrivkey").ok_or("bad test: isPrivkey is not a boolean")?;
        let chain = metadata
            .get("chain")
            .and_then(Value::as_str)
            .ok_or("bad test: chain is not a string")?;
        let network = Network::from_name(chain)
            .ok_or_else(|| format!("bad test: unknown chain {chain:?}"))?;
        let try_case_flip = match metadata.get("tryCaseFlip") {
            None | Some(Value::Null) => false,
            Some(value) => value
                .as_bool()
                .ok_or("bad test: tryCaseFlip is not a boolean")?,
        };
        let kind = if is_privkey {
            let compressed =
                flag("isCompressed").ok_or("bad test: isCompressed is not a boolean")?;
            Kind::PrivateKey { compressed }
        } else {
            Kind::Address { try_case_flip }
        };
        Ok(ValidEntry {
            text,
            payload,
            network,
            kind,
        })
    }

    /// Every check Core's two harnesses make of the entry; the problems found.
    fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        match self.kind {
            Kind::PrivateKey { compressed } => self.check_private_key(compressed, &mut problems),
            Kind::Address { try_case_flip } => self.check_address(try_case_flip, &mut problems),
        }
        problems
    }

    fn check_private_key(&self, compressed: bool, problems: &mut Vec<String>) {
        let (text, network) = (self.text, self.network);
        match decode_secret(text, network) {
            Err(e) => problems.push(format!("!IsValid: DecodeSecret failed ({e})")),
            Ok((secret, decoded_compressed)) => {
                if decoded_compressed != compressed {
                    problems.push(format!(
                        "compressed mismatch: decoded {decoded_compressed}, expected {compressed}"
                    ));
                }
                if secret[..] != self.payload[..] {
                    problems.push(format!("key mismatch: decoded {}", hex::encode(secret)));
                }
            }
        }
        if let Ok(destination) = decode_destination(text, network) {
            problems.push(format!(
                "IsValid privkey as pubkey: {}",
                describe(&destination)
            ));
        }
        let Ok(secret) = <[u8; 32]>::try_from(&self.payload[..]) else {
            return problems.push("key_io_valid_gen: the payload is not a 32-byte secret".into());
        };
        match encode_secret(&secret, compressed, network) {
            Ok(encoded) if encoded == text => {}
            Ok(encoded) => problems.push(format!("result mismatch: EncodeSecret gave {encoded:?}")),
            Err(e) => problems.push(format!(
                "key_io_valid_gen: EncodeSecret refused the key ({e})"
            )),
        }
    }

    fn check_address(&self, try_case_flip: bool, problems: &mut Vec<String>) {
        let (text, network) = (self.text, self.network);
        match decode_destination(text, network) {
            Ok(destination) => self.compare_script("", &destination, problems),
            Err(e) => problems.push(format!("!IsValid: DecodeDestination failed ({e})")),
        }
        let flipped = flip_case(text);
        match decode_destination(&flipped, network) {
            Ok(destination) if try_case_flip => {
                self.compare_script("case flipped: ", &destination, problems)
            }
            Ok(_) => problems.push(format!(
                "!IsValid case flipped: {flipped:?} decoded, expected invalid"
            )),
            Err(e) if try_case_flip => {
                problems.push(format!(
                    "!IsValid case flipped: {flipped:?} failed ({e}), expected valid"
                ));
            }
            Err(_) => {}
        }
        // Core reads the flipped string as a key, as its harness does.
        if decode_secret(&flipped, network).is_ok() {
            problems.push(format!("IsValid pubkey as privkey: {flipped:?}"));
        }
        let Some(destination) = Destination::from_script_pubkey(&self.payload) else {
            return problems.push("key_io_valid_gen: ExtractDestination failed".into());
        };
        match encode_destination(&destination, network) {
            Some(encoded) if encoded == text => {}
            other => problems.push(format!(
                "key_io_valid_gen: EncodeDestination gave {other:?}"
            )),
        }
    }

    /// Core's `BOOST_CHECK_EQUAL(HexStr(script), HexStr(exp_payload))`.
    fn compare_script(&self, context: &str, destination: &Destination, problems: &mut Vec<String>) {
        let script = destination.script_pubkey();
        if script != self.payload {
            problems.push(format!(
                "{context}script {} != expected {}",
                hex::encode(script),
                hex::encode(&self.payload)
            ));
        }
    }
}

/// A decoded destination, shown by its output script.
fn describe(destination: &Destination) -> String {
    format!(
        "decoded to script {}",
        hex::encode(destination.script_pubkey())
    )
}

/// The string with every ASCII letter's case flipped, as Core's harness flips it.
fn flip_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The string of an invalid entry (`[string, ...]`).
fn invalid_string(entry: &Value) -> Result<&str, String> {
    let first = entry.as_array().and_then(|items| items.first());
    let Some(first) = first else {
        return Err(format!("bad test: expected [string, ...], got {entry}"));
    };
    first
        .as_str()
        .ok_or_else(|| format!("bad test: the string is not a JSON string: {entry}"))
}

/// Core's `key_io_invalid` checks: neither an address nor a key on any network it selects.
fn check_invalid(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for network in INVALID_NETWORKS {
        if let Ok(destination) = decode_destination(text, network) {
            problems.push(format!(
                "IsValid pubkey on {}: {}",
                network.name(),
                describe(&destination)
            ));
        }
        if decode_secret(text, network).is_ok() {
            problems.push(format!("IsValid privkey on {}", network.name()));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::Verdict;

    fn passes(report: &Report) -> Vec<bool> {
        report
            .results
            .iter()
            .map(|r| matches!(r.verdict, Verdict::Pass))
            .collect()
    }

    #[test]
    fn valid_entries_and_malformed_ones() {
        let text = r#"[
            ["1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", "76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac",
             {"chain": "main", "isPrivkey": false}],
            ["1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", "76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac",
             {"chain": "main", "isPrivkey": false, "tryCaseFlip": true}],
            ["1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", "76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac",
             {"chain": "test", "isPrivkey": false}],
            ["1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", "76a914", {"chain": "mainnet", "isPrivkey": false}],
            ["5JuW2AMDYu4xVwRG9DZW18VbzQrGcd5RCgb99sS6ehJsNQXu5b9",
             "8f8943bf956de595665c38ffff23827e17c10cdc1c27a028caae6c9810626198",
             {"chain": "main", "isPrivkey": true, "isCompressed": false}],
            ["5JuW2AMDYu4xVwRG9DZW18VbzQrGcd5RCgb99sS6ehJsNQXu5b9",
             "8f8943bf956de595665c38ffff23827e17c10cdc1c27a028caae6c9810626198",
             {"chain": "main", "isPrivkey": true}],
            ["x", "00"]
        ]"#;
        let mut report = Report::new();
        run_valid("f", text, &mut report);
        assert_eq!(
            passes(&report),
            [true, false, false, false, true, false, false]
        );
        let Verdict::Fail(why) = &report.results[1].verdict else {
            panic!("case 1 must fail")
        };
        assert!(why.starts_with("!IsValid case flipped"), "{why}");
    }

    #[test]
    fn invalid_entries() {
        let text = r#"[[""], ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"],
            ["tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"], [], [5]]"#;
        let mut report = Report::new();
        run_invalid("f", text, &mut report);
        assert_eq!(passes(&report), [true, true, false, false, false]);
        let Verdict::Fail(why) = &report.results[2].verdict else {
            panic!("case 2 must fail")
        };
        let script = "0014751e76e8199196d454941c45d1b3a323f1433bd6";
        let expected = format!(
            "IsValid pubkey on test: decoded to script {script}; IsValid pubkey on signet: decoded to script {script}"
        );
        assert_eq!(why, &expected);
    }
}
