//! The `chain` and `block` kinds against Bitcoin Core's kernel: regtest
//! blocks made by `data/make_chain_requests.py`.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

#[test]
fn block_fates_and_reasons_come_from_the_kernel() {
    let requests = include_str!("data/chain_requests.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_canon-core-kernel"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the adapter runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(requests.as_bytes())
        .expect("requests written");
    let output = child.wait_with_output().expect("the adapter ends");
    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect();
    assert_eq!(answers.len(), 2);

    let steps = answers[0]["steps"].as_array().expect("steps");
    let outcome = |i: usize| {
        (
            steps[i]["result"].as_str().unwrap_or_default(),
            steps[i]["reason"].as_str().unwrap_or_default(),
            steps[i]["tip"]["height"].as_i64().unwrap_or(-1),
        )
    };
    assert_eq!(outcome(0), ("rejected", "bad-cb-amount", 0));
    assert_eq!(outcome(1), ("accepted", "", 1));
    assert_eq!(outcome(2), ("orphan", "", 1));
    assert_eq!(outcome(3), ("rejected", "bad-cb-height", 1));
    assert_eq!(outcome(4), ("mutated", "", 1));
    assert_eq!(outcome(5), ("accepted", "", 1));
    assert_eq!(
        steps[1]["tip"]["hash"],
        "3133747552597c30652665c7db14b18dd9d796caa46ab2430ab787572c691bac"
    );

    assert_eq!(answers[1]["result"], "reject");
    assert_eq!(answers[1]["reason"], "bad-cb-height");
}
