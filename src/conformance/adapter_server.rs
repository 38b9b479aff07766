//! canon's own adapter (`canon adapter`): the runner protocol's server side,
//! answering with [`CanonEngine`]. `canon run --impl 'canon adapter'` thus
//! checks the protocol end to end against canon's in-process results, and
//! the loop is a worked example for other implementations' adapters.

use std::io::{self, BufRead, Write};

use serde_json::{json, Value};

use super::engine::{ask, Answer, CanonEngine, Engine};
use super::protocol::{answer_to_json, request_from_json, HELLO_ID, KINDS};

/// The answer to one request line.
pub fn answer_line(engine: &mut CanonEngine, line: &str) -> Value {
    match request_from_json(line) {
        Err(why) => json!({
            "id": serde_json::from_str::<Value>(line).ok().and_then(|v| v.get("id").cloned()),
            "result": "unsupported",
            "reason": format!("malformed request: {why}"),
        }),
        Ok((id, Err(kind))) if kind == "hello" && id == HELLO_ID => json!({
            "id": id,
            "result": "ok",
            "name": engine.name(),
            "kinds": KINDS,
        }),
        Ok((id, Err(kind))) => answer_to_json(
            &id,
            &Answer::Unsupported(format!("canon has no kind {kind:?}")),
        ),
        Ok((id, Ok(request))) => answer_to_json(&id, &ask(engine, &id, &request)),
    }
}

/// Answers every line of `input` on `output`, one line each, until `input`
/// ends.
///
/// # Errors
/// Reading or writing failed.
pub fn serve(input: impl BufRead, mut output: impl Write) -> io::Result<()> {
    let mut engine = CanonEngine::new();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let answer = answer_line(&mut engine, &line);
        writeln!(output, "{answer}")?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_hello_requests_and_nonsense() {
        let input = concat!(
            r#"{"id":"hello","kind":"hello","protocol":1}"#,
            "\n",
            r#"{"id":"1","kind":"tx","tx":"00"}"#,
            "\n\n",
            r#"{"id":"2","kind":"chain"}"#,
            "\n",
            "nonsense\n",
        );
        let mut out = Vec::new();
        serve(input.as_bytes(), &mut out).unwrap();
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["kinds"], json!(KINDS));
        assert_eq!(lines[1]["result"], "reject");
        assert_eq!(lines[2]["result"], "unsupported");
        assert_eq!(lines[3]["id"], Value::Null);
    }
}
