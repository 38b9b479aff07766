//! Script: the interpreter and everything around it. API contract; the
//! interpreter itself is being written (see issue 3).

pub mod checker;
pub mod error;
pub mod flags;

pub use checker::{SigVersion, SignatureChecker, TransactionSignatureChecker};
pub use error::ScriptError;
pub use flags::VerifyFlags;

use crate::primitives::Witness;

/// Verifies one input's scripts. Core: `VerifyScript`.
///
/// # Errors
/// The [`ScriptError`] Core reports for the same input.
pub fn verify_script(
    _script_sig: &[u8],
    _script_pubkey: &[u8],
    _witness: &Witness,
    _flags: VerifyFlags,
    _checker: &dyn SignatureChecker,
) -> Result<(), ScriptError> {
    Err(ScriptError::UnknownError)
}
