//! The scriptCode a signature commits to, and `FindAndDelete`.
//!
//! Outside tapscript a signature hash covers the "scriptCode": the executing
//! script from just after the last executed `OP_CODESEPARATOR`. In BASE
//! scripts the signature itself is first deleted from it (a signature cannot
//! sign a script containing itself), which `CONST_SCRIPTCODE` turns into a
//! policy failure. Witness v0 scripts skip the deletion (BIP-0143).

use std::borrow::Cow;

use super::instruction::{push_data, read_instruction};
use super::opcodes::{OP_PUSHDATA1, OP_PUSHDATA2};
use super::stack::MAX_SCRIPT_ELEMENT_SIZE;

/// Removes every occurrence of `pattern` from `script` that starts at an
/// instruction boundary, returning the new script and the number removed.
///
/// # Consensus
/// Rule `SCRIPT-SCRIPTCODE` (spec/script.md).
/// The script is walked instruction by instruction; at each boundary, as
/// long as the bytes there equal `pattern`, they are deleted and the walk
/// continues after them (so back-to-back matches all go, and a match may
/// span several instructions). Parsing stops at a truncated push, keeping
/// the rest. An empty pattern deletes nothing. Core: `FindAndDelete`.
pub fn find_and_delete<'a>(script: &'a [u8], pattern: &[u8]) -> (Cow<'a, [u8]>, usize) {
    if pattern.is_empty() {
        return (Cow::Borrowed(script), 0);
    }
    let mut found = 0;
    let mut result: Vec<u8> = Vec::new();
    // `kept_from` is where the bytes not yet copied (and not deleted) start.
    let mut kept_from = 0;
    let mut pos = 0;
    loop {
        result.extend_from_slice(&script[kept_from..pos]);
        while script[pos..].starts_with(pattern) {
            pos += pattern.len();
            found += 1;
        }
        kept_from = pos;
        match read_instruction(script, pos) {
            Ok((_, next)) => pos = next,
            Err(_) => break,
        }
    }
    if found == 0 {
        return (Cow::Borrowed(script), 0);
    }
    result.extend_from_slice(&script[kept_from..]);
    (Cow::Owned(result), found)
}

/// Deletes the canonical push of `sig` (Core's `CScript() << vchSig`) from
/// `script_code`. Returns the new scriptCode and whether anything was deleted.
/// The scriptCode is copied only if something is deleted.
pub fn delete_signature<'a>(script_code: Cow<'a, [u8]>, sig: &[u8]) -> (Cow<'a, [u8]>, bool) {
    // Stack elements are at most 520 bytes, so the pattern fits a fixed
    // buffer: no allocation per signature check.
    let mut buffer = [0u8; 3 + MAX_SCRIPT_ELEMENT_SIZE];
    let mut heap = Vec::new();
    let pattern: &[u8] = if sig.len() <= MAX_SCRIPT_ELEMENT_SIZE {
        let prefix_len = push_prefix(&mut buffer, sig.len());
        buffer[prefix_len..prefix_len + sig.len()].copy_from_slice(sig);
        &buffer[..prefix_len + sig.len()]
    } else {
        push_data(&mut heap, sig);
        &heap
    };
    match script_code {
        Cow::Borrowed(code) => {
            let (code, found) = find_and_delete(code, pattern);
            (code, found > 0)
        }
        Cow::Owned(code) => match find_and_delete(&code, pattern) {
            (Cow::Owned(new_code), found) => (Cow::Owned(new_code), found > 0),
            (Cow::Borrowed(_), _) => (Cow::Owned(code), false),
        },
    }
}

/// Writes the push opcode and length of a push of `len` (≤ 520) bytes, as
/// [`push_data`] would, returning how many bytes it wrote.
fn push_prefix(out: &mut [u8], len: usize) -> usize {
    if len < usize::from(OP_PUSHDATA1) {
        out[0] = len as u8;
        1
    } else if len <= 0xff {
        out[..2].copy_from_slice(&[OP_PUSHDATA1, len as u8]);
        2
    } else {
        out[0] = OP_PUSHDATA2;
        out[1..3].copy_from_slice(&(len as u16).to_le_bytes());
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fad(script: &str, pattern: &str) -> (String, usize) {
        let script = hex::decode(script).unwrap();
        let (result, n) = find_and_delete(&script, &hex::decode(pattern).unwrap());
        (hex::encode(result), n)
    }

    /// The cases of Core's `script_FindAndDelete` unit test.
    #[test]
    fn core_cases() {
        let cases: [(&str, &str, &str, usize); 17] = [
            ("5152", "", "5152", 0),
            ("515253", "52", "5153", 1),
            ("535153535453", "53", "5154", 4),
            ("0302ff03", "0302ff03", "", 1),
            ("0302ff030302ff03", "0302ff03", "", 2),
            ("0302ff030302ff03", "02", "0302ff030302ff03", 0),
            ("0302ff030302ff03", "ff", "0302ff030302ff03", 0),
            // Stripping the push prefix leaves 02ff03, itself a push.
            ("0302ff030302ff03", "03", "02ff0302ff03", 2),
            ("02feed5169", "feed51", "02feed5169", 0),
            ("02feed5169", "02feed51", "69", 1),
            ("516902feed5169", "feed51", "516902feed5169", 0),
            ("516902feed5169", "02feed51", "516969", 1),
            // Single pass: deleting may create a new match, which stays.
            ("00005151", "0051", "0051", 1),
            ("000051005151", "0051", "0051", 2),
            // A truncated push can be deleted, or kept after a deletion.
            ("0003feed", "03feed", "00", 1),
            ("0003feed", "00", "03feed", 1),
            ("abababab", "abab", "", 2),
        ];
        for (script, pattern, expected, count) in cases {
            assert_eq!(
                fad(script, pattern),
                (expected.to_string(), count),
                "{script} - {pattern}"
            );
        }
    }

    #[test]
    fn truncated_tail_is_kept() {
        assert_eq!(fad("ab4c05ee", "ab"), ("4c05ee".into(), 1));
        assert_eq!(fad("4c05eeab", "ab"), ("4c05eeab".into(), 0));
    }

    #[test]
    fn stack_pattern_matches_push_data_at_every_length() {
        for len in [0usize, 1, 75, 76, 255, 256, 520, 521] {
            let sig = vec![0x5a; len];
            let mut code = Vec::new();
            push_data(&mut code, &sig);
            code.push(0xac);
            let (result, found) = delete_signature(Cow::Borrowed(&code), &sig);
            assert!(found, "{len}");
            assert_eq!(&*result, &[0xac]);
        }
    }

    #[test]
    fn delete_signature_uses_the_canonical_push() {
        let sig = [0x30, 0x01];
        let code = [0x02, 0x30, 0x01, 0xac];
        let (result, found) = delete_signature(Cow::Borrowed(&code), &sig);
        assert!(found);
        assert_eq!(&*result, &[0xac]);
        // OP_PUSHDATA1 form of the same bytes is not deleted.
        let code = [0x4c, 0x02, 0x30, 0x01, 0xac];
        let (result, found) = delete_signature(Cow::Borrowed(&code), &sig);
        assert!(!found);
        assert_eq!(&*result, &code);
    }
}
