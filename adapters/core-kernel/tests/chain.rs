//! The `chain` and `block` kinds against Bitcoin Core's kernel, through the
//! adapter binary: regtest blocks made by `data/make_chain_requests.py`, and
//! canon's scenarios with canon's expected answers
//! (`data/canon_scenarios.jsonl`, written by canon's example
//! `kernel_scenarios`), which Core must give too.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// The adapter's answers to `requests`, in order.
fn ask(requests: &[Value]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_canon-core-kernel"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the adapter runs");
    let mut input = String::new();
    for request in requests {
        input.push_str(&request.to_string());
        input.push('\n');
    }
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("requests written");
    let output = child.wait_with_output().expect("the adapter ends");
    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect();
    assert_eq!(answers.len(), requests.len());
    answers
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect()
}

fn python_requests() -> Vec<Value> {
    lines(include_str!("data/chain_requests.jsonl"))
}

/// `(result, reason, tip height)` of step `i`.
fn outcome(steps: &Value, i: usize) -> (&str, &str, i64) {
    (
        steps[i]["result"].as_str().unwrap_or_default(),
        steps[i]["reason"].as_str().unwrap_or_default(),
        steps[i]["tip"]["height"].as_i64().unwrap_or(-1),
    )
}

#[test]
fn chain_steps_say_what_became_of_each_block() {
    let answers = ask(&python_requests()[..1]);
    assert_eq!(answers[0]["id"], "c1");
    assert_eq!(answers[0]["result"], "ok");
    let steps = &answers[0]["steps"];
    assert_eq!(outcome(steps, 0), ("rejected", "bad-cb-amount", 0));
    assert_eq!(outcome(steps, 1), ("accepted", "", 1));
    assert_eq!(outcome(steps, 2), ("orphan", "prev-blk-not-found", 1));
    assert_eq!(outcome(steps, 3), ("rejected", "bad-cb-height", 1));
    assert_eq!(outcome(steps, 4), ("mutated", "bad-txnmrklroot", 1));
    assert_eq!(outcome(steps, 5), ("accepted", "", 1));
    assert_eq!(
        steps[1]["tip"]["hash"],
        "3133747552597c30652665c7db14b18dd9d796caa46ab2430ab787572c691bac"
    );
}

#[test]
fn block_answers_ok_reject_mutated_and_orphan() {
    let requests = python_requests();
    let steps = requests[0]["steps"].as_array().expect("steps");
    let hex = |i: usize| steps[i]["block"].clone();
    let good = hex(1);
    let block = |id: &str, prefix: Vec<Value>, block: Value| json!({ "id": id, "kind": "block", "network": "regtest", "prefix": prefix, "block": block });
    let answers = ask(&[
        block("ok", vec![], good.clone()),
        block("bad", vec![], hex(0)),
        requests[1].clone(),
        block("mutated", vec![good.clone()], hex(4)),
        block("orphan", vec![good.clone()], hex(2)),
        block("bad-prefix", vec![hex(0)], good.clone()),
    ]);
    assert_eq!(answers[0], json!({ "id": "ok", "result": "ok" }));
    let reject = |id: &str, reason: &str, mutated: bool| json!({ "id": id, "result": "reject", "reason": reason, "mutated": mutated });
    assert_eq!(answers[1], reject("bad", "bad-cb-amount", false));
    assert_eq!(answers[2], reject("b1", "bad-cb-height", false));
    assert_eq!(answers[3], reject("mutated", "bad-txnmrklroot", true));
    assert_eq!(answers[4], reject("orphan", "prev-blk-not-found", false));
    assert_eq!(answers[5]["result"], "unsupported");
    assert_eq!(
        answers[5]["reason"],
        "prefix block 0 not accepted: rejected (bad-cb-amount)"
    );
}

#[test]
fn custom_parameters_and_other_networks_are_unsupported() {
    let good = python_requests()[0]["steps"][1]["block"].clone();
    let answers = ask(&[
        json!({ "id": "p", "kind": "chain", "network": "regtest",
                "params": { "bip34_height": 100 }, "steps": [{ "block": good }] }),
        json!({ "id": "q", "kind": "block", "network": "regtest",
                "params": { "segwit_height": 10 }, "prefix": [], "block": good }),
        json!({ "id": "m", "kind": "block", "network": "main", "prefix": [], "block": good }),
        json!({ "id": "e", "kind": "chain", "network": "regtest", "params": {},
                "steps": [{ "block": good }] }),
    ]);
    for answer in &answers[..3] {
        assert_eq!(answer["result"], "unsupported", "{answer}");
    }
    assert!(answers[0]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("regtest parameters cannot be changed")));
    assert!(answers[2]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("regtest only")));
    assert_eq!(outcome(&answers[3]["steps"], 0), ("accepted", "", 1));
}

/// canon's scenarios: every step's result, reason and tip, and every block
/// answer, as canon computed them.
#[test]
fn core_agrees_with_canon_on_its_scenarios() {
    let cases = lines(include_str!("data/canon_scenarios.jsonl"));
    let requests: Vec<Value> = cases.iter().map(|case| case["request"].clone()).collect();
    let answers = ask(&requests);
    let mut compared = 0;
    for (case, answer) in cases.iter().zip(&answers) {
        let id = &case["request"]["id"];
        if case["request"]["kind"] == "chain" {
            let expected = case["expect"].as_array().expect("steps");
            let got = answer["steps"].as_array().expect("steps");
            assert_eq!(expected.len(), got.len(), "{id}");
            for (i, (want, have)) in expected.iter().zip(got).enumerate() {
                let have_reason = have.get("reason").cloned().unwrap_or(Value::Null);
                assert_eq!(want["result"], have["result"], "{id} step {i}");
                assert_eq!(want["reason"], have_reason, "{id} step {i}");
                assert_eq!(want["tip"], have["tip"], "{id} step {i}");
                compared += 1;
            }
        } else {
            let want = &case["expect"];
            assert_eq!(want["result"], answer["result"], "{id}");
            assert_eq!(want.get("reason"), answer.get("reason"), "{id}");
            let mutated = |v: &Value| v.get("mutated").and_then(Value::as_bool) == Some(true);
            assert_eq!(mutated(want), mutated(answer), "{id}");
            compared += 1;
        }
    }
    assert_eq!(compared, 139);
}

/// The reorganisation of canon's first scenario: a side branch that gets
/// more work with a block paying too much; the kernel connects the branch,
/// finds the block invalid and rolls back to the original tip.
#[test]
fn a_failing_reorganisation_rolls_back() {
    let cases = lines(include_str!("data/canon_scenarios.jsonl"));
    let request = &cases[0]["request"];
    let answer = &ask(std::slice::from_ref(request))[0];
    let steps = answer["steps"].as_array().expect("steps");
    let failed = steps
        .iter()
        .position(|s| s["reason"] == "bad-cb-amount")
        .expect("the failing block");
    let (before, after) = (&steps[failed - 1], &steps[failed]);
    assert_eq!(before["result"], "accepted");
    assert_eq!(after["result"], "rejected");
    // The branch's first block has the tip's work: the tip stays, and after
    // the failure it is the same block again, at height 102.
    assert_eq!(before["tip"], after["tip"]);
    assert_eq!(after["tip"]["height"], 102);
    assert_eq!(outcome(&answer["steps"], failed + 1).1, "bad-prevblk");
    assert_eq!(outcome(&answer["steps"], failed + 2).1, "duplicate-invalid");
}
