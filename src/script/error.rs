//! Script errors (API contract stub; the full enum is being written).

/// Why a script failed. Core: `ScriptError_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptError {
    /// `UNKNOWN_ERROR`.
    UnknownError,
    /// `EVAL_FALSE`.
    EvalFalse,
}

impl ScriptError {
    /// The token of Core's `script_tests.json` (`SCRIPT_ERR_` prefix dropped).
    pub fn token(self) -> &'static str {
        match self {
            ScriptError::UnknownError => "UNKNOWN_ERROR",
            ScriptError::EvalFalse => "EVAL_FALSE",
        }
    }
}
