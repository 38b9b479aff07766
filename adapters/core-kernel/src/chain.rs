//! Kinds `chain` and `block`: blocks and headers fed to a regtest
//! chainstate, as spec/runner-protocol.md reserves them.
//!
//! The kernel does not say through `process_block`'s return value what became
//! of a block (a block that fails when connected still returns `NewBlock`).
//! Its fate is read from the `block_checked` validation callback (mode and
//! result category: `Consensus`, `Mutated`, `MissingPrev`, ...) and from the
//! tip. The reject reason string is given only to the log callback, inside
//! lines such as `Block validation error: bad-cb-amount, coinbase pays too
//! much ...`; it is parsed from there.
//!
//! The callbacks run inside the kernel and need shared, thread-safe state:
//! this adapter (unlike canon's library) uses `Arc<Mutex<_>>` for them.

use std::sync::{Arc, Mutex};

use bitcoinkernel::prelude::*;
use bitcoinkernel::{
    Block, BlockHeader, BlockValidationResult, ChainType, ChainstateManager, ContextBuilder, Log,
    ProcessBlockHeaderResult, ProcessBlockResult, ValidationMode,
};
use serde_json::{json, Value};

use crate::display_hex;

/// The log lines the kernel printed since the last step.
pub static LOG_LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Keeps the kernel's log lines for reason parsing.
pub struct KeepLog;

impl Log for KeepLog {
    fn log(&self, message: &str) {
        if let Ok(mut lines) = LOG_LINES.lock() {
            lines.push(message.trim_end().to_string());
        }
    }
}

/// What `block_checked` reported for the last block.
#[derive(Debug, Clone, Copy)]
struct Checked {
    invalid: bool,
    result: BlockValidationResult,
}

/// One step's outcome: `accepted`, `rejected`, `mutated` or `orphan`, and
/// the reason when rejected.
struct Outcome {
    result: &'static str,
    reason: Option<String>,
}

/// A regtest chainstate in a fresh temporary directory.
struct Chain {
    chainman: ChainstateManager,
    checked: Arc<Mutex<Option<Checked>>>,
    dir: std::path::PathBuf,
}

impl Chain {
    fn new() -> Result<Chain, String> {
        static CHAINS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CHAINS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("canon-core-kernel-{}-{n}", std::process::id()));
        let (data, blocks) = (dir.join("data"), dir.join("blocks"));
        std::fs::create_dir_all(&blocks).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        let checked = Arc::new(Mutex::new(None));
        let seen = Arc::clone(&checked);
        let context = ContextBuilder::new()
            .chain_type(ChainType::Regtest)
            .with_block_checked_validation(
                move |_block, state: bitcoinkernel::BlockValidationStateRef<'_>| {
                    if let Ok(mut slot) = seen.lock() {
                        *slot = Some(Checked {
                            invalid: state.mode() != ValidationMode::Valid,
                            result: state.result(),
                        });
                    }
                },
            )
            .build()
            .map_err(|e| format!("kernel context: {e}"))?;
        let chainman = ChainstateManager::builder(
            &context,
            data.to_str().ok_or("temp dir is not UTF-8")?,
            blocks.to_str().ok_or("temp dir is not UTF-8")?,
        )
        .and_then(|b| {
            b.block_tree_db_in_memory(true)
                .chainstate_db_in_memory(true)
                .build()
        })
        .map_err(|e| format!("kernel chainstate: {e}"))?;
        Ok(Chain {
            chainman,
            checked,
            dir,
        })
    }

    fn block(&self, bytes: &[u8]) -> Outcome {
        self.begin();
        let Ok(block) = Block::new(bytes) else {
            return rejected(Some("block does not decode".into()));
        };
        let returned = self.chainman.process_block(&block);
        let checked = self.checked.lock().ok().and_then(|slot| *slot);
        match (checked, returned) {
            (Some(c), _) if c.invalid => classify(c.result),
            (_, ProcessBlockResult::Rejected) => rejected(reason_from_log()),
            _ => Outcome {
                result: "accepted",
                reason: None,
            },
        }
    }

    fn header(&self, bytes: &[u8]) -> Outcome {
        self.begin();
        let Ok(header) = BlockHeader::new(bytes) else {
            return rejected(Some("header does not decode".into()));
        };
        match self.chainman.process_block_header(&header) {
            Ok(ProcessBlockHeaderResult::Valid) => Outcome {
                result: "accepted",
                reason: None,
            },
            Ok(ProcessBlockHeaderResult::Invalid(state)) => classify(state.result()),
            Err(e) => rejected(Some(format!("kernel error: {e}"))),
        }
    }

    fn begin(&self) {
        if let Ok(mut slot) = self.checked.lock() {
            *slot = None;
        }
        if let Ok(mut lines) = LOG_LINES.lock() {
            lines.clear();
        }
    }

    fn tip(&self) -> Value {
        let tip = self.chainman.active_chain().tip();
        json!({ "hash": display_hex(tip.block_hash().to_bytes()), "height": tip.height() })
    }
}

impl Drop for Chain {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn rejected(reason: Option<String>) -> Outcome {
    Outcome {
        result: "rejected",
        reason,
    }
}

/// The step's result from the kernel's result category, the reason from
/// its log.
fn classify(result: BlockValidationResult) -> Outcome {
    match result {
        BlockValidationResult::Mutated => Outcome {
            result: "mutated",
            reason: None,
        },
        BlockValidationResult::MissingPrev => Outcome {
            result: "orphan",
            reason: None,
        },
        _ => rejected(reason_from_log()),
    }
}

/// The reject reason in the kernel's latest validation log line: the
/// `ValidationState::ToString()` text (`reason, debug message`) after one of
/// the prefixes Core logs it with.
fn reason_from_log() -> Option<String> {
    const PREFIXES: [&str; 6] = [
        "Block validation error: ",
        "AcceptBlock FAILED (",
        "Consensus::CheckBlock: ",
        "Block mutated: ",
        "CheckBlockHeader: ",
        "ContextualCheckBlockHeader: ",
    ];
    let lines = LOG_LINES.lock().ok()?;
    for line in lines.iter().rev() {
        if let Some(rest) = line
            .split(" failed, ")
            .nth(1)
            .filter(|_| line.contains("ConnectBlock "))
        {
            return Some(first_item(rest));
        }
        for prefix in PREFIXES {
            if let Some(at) = line.find(prefix) {
                let mut rest = &line[at + prefix.len()..];
                if prefix.ends_with("Header: ") {
                    // `<hash>, <state>`
                    rest = rest.split_once(", ").map_or(rest, |(_, state)| state);
                }
                return Some(first_item(rest.trim_end_matches(')')));
            }
        }
    }
    None
}

/// The text up to the first `, ` outside parentheses (the reject reason of
/// `reason, debug message`).
fn first_item(text: &str) -> String {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 && text[i..].starts_with(", ") => return text[..i].to_string(),
            _ => {}
        }
    }
    text.to_string()
}

fn check_network(request: &Value) -> Result<(), String> {
    match request.get("network").and_then(Value::as_str) {
        Some("regtest") => {}
        other => return Err(format!("network {other:?}: the adapter runs regtest only")),
    }
    match request.get("params") {
        None | Some(Value::Null) => Ok(()),
        Some(_) => Err("custom parameters: the kernel's regtest parameters are fixed".into()),
    }
}

/// Kind `chain`: `Ok(steps)`, or why it is unsupported.
pub fn run_chain(request: &Value) -> Result<Value, String> {
    check_network(request)?;
    let steps = request
        .get("steps")
        .and_then(Value::as_array)
        .ok_or("no array \"steps\"")?;
    let chain = Chain::new()?;
    let mut answers = Vec::with_capacity(steps.len());
    for step in steps {
        let hex_of = |name: &str| step.get(name).and_then(Value::as_str).map(hex::decode);
        let outcome = match (hex_of("block"), hex_of("header")) {
            (Some(Ok(bytes)), None) => chain.block(&bytes),
            (None, Some(Ok(bytes))) => chain.header(&bytes),
            _ => {
                return Err(format!(
                    "a step is neither {{\"block\"}} nor {{\"header\"}}: {step}"
                ))
            }
        };
        let mut answer = json!({ "result": outcome.result, "tip": chain.tip() });
        if let Some(reason) = outcome.reason {
            answer["reason"] = reason.into();
        }
        answers.push(answer);
    }
    Ok(Value::Array(answers))
}

/// Kind `block`: `Ok(None)` when connected, `Ok(Some(reason))` when not, or
/// why it is unsupported.
pub fn run_block(request: &Value) -> Result<Option<String>, String> {
    check_network(request)?;
    let chain = Chain::new()?;
    let prefix = match request.get("prefix") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err("\"prefix\" is not an array".into()),
    };
    for (i, item) in prefix.iter().enumerate() {
        let bytes = item
            .as_str()
            .and_then(|h| hex::decode(h).ok())
            .ok_or("a prefix block is not hex")?;
        let outcome = chain.block(&bytes);
        if outcome.result != "accepted" {
            return Err(format!(
                "prefix block {i} was {}: {:?}",
                outcome.result, outcome.reason
            ));
        }
    }
    let bytes = request
        .get("block")
        .and_then(Value::as_str)
        .and_then(|h| hex::decode(h).ok())
        .ok_or("no hex \"block\"")?;
    let outcome = chain.block(&bytes);
    Ok(match outcome.result {
        "accepted" => None,
        "rejected" => Some(outcome.reason.unwrap_or_else(|| "rejected".into())),
        other => Some(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::first_item;

    #[test]
    fn reasons_stop_at_the_debug_message() {
        assert_eq!(
            first_item("bad-cb-amount, coinbase pays too much (actual=1, limit=0)"),
            "bad-cb-amount"
        );
        assert_eq!(
            first_item("block-script-verify-flag-failed (a, b), input 0"),
            "block-script-verify-flag-failed (a, b)"
        );
        assert_eq!(first_item("bad-txnmrklroot"), "bad-txnmrklroot");
    }
}
