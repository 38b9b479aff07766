//! Verifying every input's scripts against the outputs it spends. Core:
//! `CheckInputScripts` and `CScriptCheck` in `src/validation.cpp`.

use crate::primitives::{Transaction, TxOut};
use crate::script::{verify_script, ScriptError, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;

/// Verifies the scripts of every input of a non-coinbase `tx`, in input
/// order; `spent` holds the output each input spends.
///
/// # Consensus
/// Each input's scriptSig, the spent scriptPubKey and the input's witness
/// must pass [`verify_script`] with the block's `flags`, the signature
/// checker committing to the spent output's value (BIP-0143) and, for
/// taproot, to every spent output (BIP-0341). Core: `CheckInputScripts`.
///
/// # Errors
/// The position of the first failing input and its [`ScriptError`].
pub fn check_input_scripts(
    tx: &Transaction,
    spent: Vec<TxOut>,
    flags: VerifyFlags,
) -> Result<(), (usize, ScriptError)> {
    if tx.is_coinbase() {
        return Ok(());
    }
    let txdata = PrecomputedTransactionData::new(tx, Some(spent));
    let spent = txdata
        .spent_outputs
        .as_ref()
        .expect("one spent output per input, as the caller built them");
    for (index, (input, prevout)) in tx.inputs.iter().zip(spent).enumerate() {
        let checker = TransactionSignatureChecker::new(tx, index, prevout.value, &txdata);
        verify_script(
            &input.script_sig,
            &prevout.script_pubkey,
            &input.witness,
            flags,
            &checker,
        )
        .map_err(|error| (index, error))?;
    }
    Ok(())
}
