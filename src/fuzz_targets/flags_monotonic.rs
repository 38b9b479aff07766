//! `flags_monotonic`: verification flags only ever tighten.
//!
//! Removing flags from a passing spend keeps it passing; adding flags to a
//! failing spend keeps it failing, as long as both flag sets are a
//! combination Core allows (`WITNESS` needs `P2SH`, `CLEANSTACK` needs both).
//! This is Core's own fuzz target `script_flags`
//! (src/test/fuzz/script_flags.cpp), with the same input layout, so Core's
//! corpus for it replays here unchanged: a transaction with witnesses,
//! verify flags (8 bytes, little-endian), the flags to toggle (8 bytes),
//! then one spent output per input. A spent value outside the money range
//! is replaced by 1, as Core does.

use crate::encoding::{Decode, Reader};
use crate::primitives::{Transaction, TxOut};
use crate::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;
use crate::validation::money_range;

use super::script_eval::defined_flags;

/// Whether Core accepts this flag combination.
/// Core: `IsValidFlagCombination` in src/test/util/script.cpp.
pub fn is_valid_flag_combination(flags: VerifyFlags) -> bool {
    let needs = |flag, required: VerifyFlags| !flags.contains(flag) || flags.contains(required);
    needs(
        VerifyFlags::CLEANSTACK,
        VerifyFlags::P2SH.union(VerifyFlags::WITNESS),
    ) && needs(VerifyFlags::WITNESS, VerifyFlags::P2SH)
}

/// Reads the case; for each input, checks the verdict under the toggled
/// flags equals the verdict under the original ones.
///
/// # Panics
/// When adding flags makes a failing spend pass or removing flags makes a
/// passing spend fail.
pub fn flags_monotonic(data: &[u8]) {
    if data.len() > 100_000 {
        return;
    }
    let Some((tx, mut flags, toggled, spent)) = read_case(data) else {
        return;
    };
    if !is_valid_flag_combination(flags) {
        return;
    }
    let txdata = PrecomputedTransactionData::new(&tx, Some(spent.clone()));
    for (index, (input, prevout)) in tx.inputs.iter().zip(&spent).enumerate() {
        let checker = TransactionSignatureChecker::new(&tx, index, prevout.value, &txdata);
        let verify = |flags| {
            verify_script(
                &input.script_sig,
                &prevout.script_pubkey,
                &input.witness,
                flags,
                &checker,
            )
        };
        let result = verify(flags);
        let other = if result.is_ok() {
            VerifyFlags(flags.0 & !toggled.0)
        } else {
            flags.union(toggled)
        };
        if !is_valid_flag_combination(other) {
            return;
        }
        let again = verify(other);
        let before = flags;
        // As in Core, the toggled flags carry over to the next input.
        flags = other;
        assert_eq!(
            again.is_ok(),
            result.is_ok(),
            "input {index}: flags {} give {result:?}, flags {} give {again:?}",
            before.names(),
            other.names()
        );
    }
}

/// Reads (transaction, flags, toggled flags, spent outputs), or `None` when
/// the input runs out first (Core's `ios_base::failure`).
fn read_case(data: &[u8]) -> Option<(Transaction, VerifyFlags, VerifyFlags, Vec<TxOut>)> {
    let mut r = Reader::new(data);
    let tx = Transaction::decode(&mut r).ok()?;
    let mask = u64::from(defined_flags());
    let flags = VerifyFlags((r.read_u64("flags").ok()? & mask) as u32);
    let toggled = VerifyFlags((r.read_u64("flags").ok()? & mask) as u32);
    let mut spent = Vec::with_capacity(tx.inputs.len().min(r.remaining()));
    for _ in &tx.inputs {
        let mut prevout = TxOut::decode(&mut r).ok()?;
        if !money_range(prevout.value) {
            prevout.value = 1;
        }
        spent.push(prevout);
    }
    Some((tx, flags, toggled, spent))
}
