//! Core's reject reasons, read from the kernel's log.
//!
//! The kernel hands the validation state of a block to the `block_checked`
//! callback with its result category only; the reason string
//! (`BlockValidationState::GetRejectReason()`) reaches the outside only in
//! the text of log lines, as `state.ToString()`, which is `reason, debug
//! message` (or `reason` alone). The lines, from Core's validation.cpp:
//!
//! - `ConnectTip: ConnectBlock <hash> failed, <state>`: the block failed
//!   while being connected (`ConnectBlock`); the hash names it;
//! - `ProcessNewBlock: AcceptBlock FAILED (<state>)`: `CheckBlock`,
//!   `AcceptBlockHeader`, `ContextualCheckBlock` refused the block being
//!   processed;
//! - `AcceptBlockHeader: Consensus::CheckBlockHeader: <hash>, <state>` and
//!   `...Consensus::ContextualCheckBlockHeader: <hash>, <state>` (debug
//!   level): a header refused.
//!
//! Where Core raises a result category from one place only, the category
//! names the reason too (`BLOCK_MISSING_PREV` is always
//! `prev-blk-not-found`); that is the fallback when no line says it.

use bitcoinkernel::BlockValidationResult;

/// The reason Core gave for the block with display hash `hash`, from the
/// log `lines` of one step.
pub fn for_block(lines: &[String], hash: &str) -> Option<String> {
    let connect = format!("ConnectBlock {hash} failed, ");
    lines.iter().rev().find_map(|line| {
        if let Some(at) = line.find(&connect) {
            return Some(first_item(&line[at + connect.len()..]));
        }
        let marker = "AcceptBlock FAILED (";
        let at = line.find(marker)?;
        let state = line[at + marker.len()..].trim_end();
        Some(first_item(state.strip_suffix(')').unwrap_or(state)))
    })
}

/// The reason Core gave for the header with display hash `hash`.
pub fn for_header(lines: &[String], hash: &str) -> Option<String> {
    let marker = format!("CheckBlockHeader: {hash}, ");
    lines.iter().rev().find_map(|line| {
        let at = line.find(&marker)?;
        Some(first_item(line[at + marker.len()..].trim_end()))
    })
}

/// The reason a result category implies, for the categories Core raises
/// in exactly one place (validation.cpp: `AcceptBlockHeader`,
/// `ContextualCheckBlockHeader`).
pub fn implied(result: BlockValidationResult) -> Option<&'static str> {
    match result {
        BlockValidationResult::CachedInvalid => Some("duplicate-invalid"),
        BlockValidationResult::MissingPrev => Some("prev-blk-not-found"),
        BlockValidationResult::InvalidPrev => Some("bad-prevblk"),
        BlockValidationResult::TimeFuture => Some("time-too-new"),
        BlockValidationResult::HeaderLowWork => Some("too-little-chainwork"),
        BlockValidationResult::Unset
        | BlockValidationResult::Consensus
        | BlockValidationResult::InvalidHeader
        | BlockValidationResult::Mutated => None,
    }
}

/// The text up to the first `, ` outside parentheses: the reject reason of
/// `reason, debug message` (a reason such as
/// `block-script-verify-flag-failed (a, b)` keeps its parenthesis).
pub fn first_item(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn lines_are_matched_to_their_block() {
        let lines: [String; 2] = [
            "[validation] ConnectTip: ConnectBlock 00aa failed, bad-cb-amount, coinbase pays".into(),
            "ProcessNewBlock: AcceptBlock FAILED (bad-version(0x00000001), rejected nVersion=0x00000001 block)".into(),
        ];
        assert_eq!(
            for_block(&lines[..1], "00aa").as_deref(),
            Some("bad-cb-amount")
        );
        assert_eq!(for_block(&lines[..1], "00bb"), None);
        assert_eq!(
            for_block(&lines[1..], "00bb").as_deref(),
            Some("bad-version(0x00000001)")
        );
        let header: [String; 1] = [
            "AcceptBlockHeader: Consensus::ContextualCheckBlockHeader: 00cc, time-too-old, block's timestamp is too early".into(),
        ];
        assert_eq!(for_header(&header, "00cc").as_deref(), Some("time-too-old"));
    }
}
