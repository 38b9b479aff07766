//! Why a script fails: one variant per Bitcoin Core `ScriptError_t` value
//! (`src/script/script_error.h`), except `SCRIPT_ERR_OK` (a success is
//! `Ok(())`) and the `SCRIPT_ERR_ERROR_COUNT` sentinel.
//!
//! A rule's identity is its error variant: [`ScriptError::token`] maps each
//! variant, by an exhaustive `match`, to the spelling of Core's
//! `script_errors[]` table in `src/test/script_tests.cpp`, which is what
//! `script_tests.json` and the other vectors use.

use std::fmt;

/// Why a script failed. Core: `ScriptError_t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptError {
    /// `UNKNOWN_ERROR`: Core's initial value, reported when no other applies.
    UnknownError,
    /// `EVAL_FALSE`: the script finished with an empty or false top element.
    EvalFalse,
    /// `OP_RETURN`: `OP_RETURN` was executed.
    OpReturn,
    /// `SCRIPTNUM`: a number operand was too long or not minimally encoded.
    ScriptNum,
    /// `SCRIPT_SIZE`: the script is longer than 10,000 bytes.
    ScriptSize,
    /// `PUSH_SIZE`: a pushed or witness element is longer than 520 bytes.
    PushSize,
    /// `OP_COUNT`: more than 201 non-push operations.
    OpCount,
    /// `STACK_SIZE`: stack plus altstack hold more than 1,000 elements.
    StackSize,
    /// `SIG_COUNT`: CHECKMULTISIG's signature count is negative or above the key count.
    SigCount,
    /// `PUBKEY_COUNT`: CHECKMULTISIG's key count is negative or above 20.
    PubkeyCount,
    /// `VERIFY`: `OP_VERIFY` found false.
    Verify,
    /// `EQUALVERIFY`: `OP_EQUALVERIFY` found unequal elements.
    EqualVerify,
    /// `CHECKMULTISIGVERIFY`: `OP_CHECKMULTISIGVERIFY` failed.
    CheckMultisigVerify,
    /// `CHECKSIGVERIFY`: `OP_CHECKSIGVERIFY` failed.
    CheckSigVerify,
    /// `NUMEQUALVERIFY`: `OP_NUMEQUALVERIFY` found unequal numbers.
    NumEqualVerify,
    /// `BAD_OPCODE`: an unknown or truncated opcode.
    BadOpcode,
    /// `DISABLED_OPCODE`: one of the opcodes disabled in 2010 (CVE-2010-5137).
    DisabledOpcode,
    /// `INVALID_STACK_OPERATION`: too few stack elements.
    InvalidStackOperation,
    /// `INVALID_ALTSTACK_OPERATION`: `OP_FROMALTSTACK` on an empty altstack.
    InvalidAltstackOperation,
    /// `UNBALANCED_CONDITIONAL`: `OP_ELSE`/`OP_ENDIF` without `OP_IF`, or an unclosed `OP_IF`.
    UnbalancedConditional,
    /// `NEGATIVE_LOCKTIME`: a negative CLTV/CSV operand.
    NegativeLocktime,
    /// `UNSATISFIED_LOCKTIME`: the transaction does not meet the CLTV/CSV operand.
    UnsatisfiedLocktime,
    /// `SIG_HASHTYPE`: an undefined signature hash type (STRICTENC).
    SigHashtype,
    /// `SIG_DER`: a signature that is not strict DER.
    SigDer,
    /// `MINIMALDATA`: a push that a shorter opcode could have made.
    MinimalData,
    /// `SIG_PUSHONLY`: a scriptSig with a non-push opcode.
    SigPushOnly,
    /// `SIG_HIGH_S`: a signature whose S is above half the curve order.
    SigHighS,
    /// `SIG_NULLDUMMY`: CHECKMULTISIG's extra element is not empty.
    SigNullDummy,
    /// `PUBKEYTYPE`: a public key neither compressed nor uncompressed (STRICTENC).
    PubkeyType,
    /// `CLEANSTACK`: more than one element left on the stack.
    CleanStack,
    /// `MINIMALIF`: an `OP_IF`/`OP_NOTIF` argument other than empty or `0x01`.
    MinimalIf,
    /// `NULLFAIL` (Core `SCRIPT_ERR_SIG_NULLFAIL`): a failed check with a non-empty signature.
    SigNullFail,
    /// `DISCOURAGE_UPGRADABLE_NOPS`: an executed `OP_NOP1`, `OP_NOP4`..`OP_NOP10`.
    DiscourageUpgradableNops,
    /// `DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM`: a witness version reserved for upgrades.
    DiscourageUpgradableWitnessProgram,
    /// `DISCOURAGE_UPGRADABLE_TAPROOT_VERSION`: a taproot leaf version reserved for upgrades.
    DiscourageUpgradableTaprootVersion,
    /// `DISCOURAGE_OP_SUCCESS`: an `OP_SUCCESSx` opcode in tapscript.
    DiscourageOpSuccess,
    /// `DISCOURAGE_UPGRADABLE_PUBKEYTYPE`: a tapscript public key type reserved for upgrades.
    DiscourageUpgradablePubkeyType,
    /// `WITNESS_PROGRAM_WRONG_LENGTH`: a v0 program neither 20 nor 32 bytes.
    WitnessProgramWrongLength,
    /// `WITNESS_PROGRAM_WITNESS_EMPTY`: a witness program spent with an empty witness.
    WitnessProgramWitnessEmpty,
    /// `WITNESS_PROGRAM_MISMATCH`: the witness does not match the program.
    WitnessProgramMismatch,
    /// `WITNESS_MALLEATED`: a native witness spend with a non-empty scriptSig.
    WitnessMalleated,
    /// `WITNESS_MALLEATED_P2SH`: a P2SH-wrapped witness spend whose scriptSig is not one push.
    WitnessMalleatedP2sh,
    /// `WITNESS_UNEXPECTED`: a witness on an input that is not a witness spend.
    WitnessUnexpected,
    /// `WITNESS_PUBKEYTYPE`: an uncompressed public key in witness v0.
    WitnessPubkeyType,
    /// `SCHNORR_SIG_SIZE`: a Schnorr signature neither 64 nor 65 bytes.
    SchnorrSigSize,
    /// `SCHNORR_SIG_HASHTYPE`: an invalid taproot signature hash type.
    SchnorrSigHashtype,
    /// `SCHNORR_SIG`: a Schnorr signature that does not verify.
    SchnorrSig,
    /// `TAPROOT_WRONG_CONTROL_SIZE`: a control block of invalid size.
    TaprootWrongControlSize,
    /// `TAPSCRIPT_VALIDATION_WEIGHT`: too many signature checks for the witness size.
    TapscriptValidationWeight,
    /// `TAPSCRIPT_CHECKMULTISIG`: `OP_CHECKMULTISIG(VERIFY)` in tapscript.
    TapscriptCheckMultisig,
    /// `TAPSCRIPT_MINIMALIF`: a non-minimal `OP_IF`/`OP_NOTIF` argument in tapscript.
    TapscriptMinimalIf,
    /// `TAPSCRIPT_EMPTY_PUBKEY`: an empty public key in tapscript.
    TapscriptEmptyPubkey,
    /// `OP_CODESEPARATOR`: `OP_CODESEPARATOR` in a non-segwit script (CONST_SCRIPTCODE).
    OpCodeseparator,
    /// `SIG_FINDANDDELETE`: a signature found in its own scriptCode (CONST_SCRIPTCODE).
    SigFindAndDelete,
}

impl ScriptError {
    /// Every variant, in Core's `ScriptError_t` order.
    pub const ALL: [ScriptError; 54] = {
        use ScriptError::*;
        [
            UnknownError,
            EvalFalse,
            OpReturn,
            ScriptNum,
            ScriptSize,
            PushSize,
            OpCount,
            StackSize,
            SigCount,
            PubkeyCount,
            Verify,
            EqualVerify,
            CheckMultisigVerify,
            CheckSigVerify,
            NumEqualVerify,
            BadOpcode,
            DisabledOpcode,
            InvalidStackOperation,
            InvalidAltstackOperation,
            UnbalancedConditional,
            NegativeLocktime,
            UnsatisfiedLocktime,
            SigHashtype,
            SigDer,
            MinimalData,
            SigPushOnly,
            SigHighS,
            SigNullDummy,
            PubkeyType,
            CleanStack,
            MinimalIf,
            SigNullFail,
            DiscourageUpgradableNops,
            DiscourageUpgradableWitnessProgram,
            DiscourageUpgradableTaprootVersion,
            DiscourageOpSuccess,
            DiscourageUpgradablePubkeyType,
            WitnessProgramWrongLength,
            WitnessProgramWitnessEmpty,
            WitnessProgramMismatch,
            WitnessMalleated,
            WitnessMalleatedP2sh,
            WitnessUnexpected,
            WitnessPubkeyType,
            SchnorrSigSize,
            SchnorrSigHashtype,
            SchnorrSig,
            TaprootWrongControlSize,
            TapscriptValidationWeight,
            TapscriptCheckMultisig,
            TapscriptMinimalIf,
            TapscriptEmptyPubkey,
            OpCodeseparator,
            SigFindAndDelete,
        ]
    };

    /// The token of Core's `script_tests.json`: the `ScriptError_t` name
    /// without `SCRIPT_ERR_`, spelled as Core's `script_errors[]` table
    /// spells it (so `SCRIPT_ERR_SIG_NULLFAIL` is `NULLFAIL`).
    pub fn token(self) -> &'static str {
        use ScriptError::*;
        match self {
            UnknownError => "UNKNOWN_ERROR",
            EvalFalse => "EVAL_FALSE",
            OpReturn => "OP_RETURN",
            ScriptNum => "SCRIPTNUM",
            ScriptSize => "SCRIPT_SIZE",
            PushSize => "PUSH_SIZE",
            OpCount => "OP_COUNT",
            StackSize => "STACK_SIZE",
            SigCount => "SIG_COUNT",
            PubkeyCount => "PUBKEY_COUNT",
            Verify => "VERIFY",
            EqualVerify => "EQUALVERIFY",
            CheckMultisigVerify => "CHECKMULTISIGVERIFY",
            CheckSigVerify => "CHECKSIGVERIFY",
            NumEqualVerify => "NUMEQUALVERIFY",
            BadOpcode => "BAD_OPCODE",
            DisabledOpcode => "DISABLED_OPCODE",
            InvalidStackOperation => "INVALID_STACK_OPERATION",
            InvalidAltstackOperation => "INVALID_ALTSTACK_OPERATION",
            UnbalancedConditional => "UNBALANCED_CONDITIONAL",
            NegativeLocktime => "NEGATIVE_LOCKTIME",
            UnsatisfiedLocktime => "UNSATISFIED_LOCKTIME",
            SigHashtype => "SIG_HASHTYPE",
            SigDer => "SIG_DER",
            MinimalData => "MINIMALDATA",
            SigPushOnly => "SIG_PUSHONLY",
            SigHighS => "SIG_HIGH_S",
            SigNullDummy => "SIG_NULLDUMMY",
            PubkeyType => "PUBKEYTYPE",
            CleanStack => "CLEANSTACK",
            MinimalIf => "MINIMALIF",
            SigNullFail => "NULLFAIL",
            DiscourageUpgradableNops => "DISCOURAGE_UPGRADABLE_NOPS",
            DiscourageUpgradableWitnessProgram => "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
            DiscourageUpgradableTaprootVersion => "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION",
            DiscourageOpSuccess => "DISCOURAGE_OP_SUCCESS",
            DiscourageUpgradablePubkeyType => "DISCOURAGE_UPGRADABLE_PUBKEYTYPE",
            WitnessProgramWrongLength => "WITNESS_PROGRAM_WRONG_LENGTH",
            WitnessProgramWitnessEmpty => "WITNESS_PROGRAM_WITNESS_EMPTY",
            WitnessProgramMismatch => "WITNESS_PROGRAM_MISMATCH",
            WitnessMalleated => "WITNESS_MALLEATED",
            WitnessMalleatedP2sh => "WITNESS_MALLEATED_P2SH",
            WitnessUnexpected => "WITNESS_UNEXPECTED",
            WitnessPubkeyType => "WITNESS_PUBKEYTYPE",
            SchnorrSigSize => "SCHNORR_SIG_SIZE",
            SchnorrSigHashtype => "SCHNORR_SIG_HASHTYPE",
            SchnorrSig => "SCHNORR_SIG",
            TaprootWrongControlSize => "TAPROOT_WRONG_CONTROL_SIZE",
            TapscriptValidationWeight => "TAPSCRIPT_VALIDATION_WEIGHT",
            TapscriptCheckMultisig => "TAPSCRIPT_CHECKMULTISIG",
            TapscriptMinimalIf => "TAPSCRIPT_MINIMALIF",
            TapscriptEmptyPubkey => "TAPSCRIPT_EMPTY_PUBKEY",
            OpCodeseparator => "OP_CODESEPARATOR",
            SigFindAndDelete => "SIG_FINDANDDELETE",
        }
    }

    /// The ID of the rule in `spec/script.md` that this error reports (a
    /// few tokens are shared by several rules; this is the primary one).
    pub fn rule_id(self) -> &'static str {
        use ScriptError::*;
        match self {
            UnknownError => "SCRIPT-UNKNOWN-ERROR",
            EvalFalse => "SCRIPT-EVAL-ORDER",
            OpReturn => "SCRIPT-OP-RETURN",
            ScriptNum => "SCRIPT-NUM",
            ScriptSize => "SCRIPT-SIZE",
            PushSize => "SCRIPT-PUSH-SIZE",
            OpCount => "SCRIPT-OP-COUNT",
            StackSize => "SCRIPT-STACK-SIZE",
            SigCount | PubkeyCount => "SCRIPT-MULTISIG",
            Verify | EqualVerify | CheckMultisigVerify | CheckSigVerify | NumEqualVerify => {
                "SCRIPT-VERIFY-OPCODES"
            }
            BadOpcode => "SCRIPT-BAD-OPCODE",
            DisabledOpcode => "SCRIPT-DISABLED",
            InvalidStackOperation | InvalidAltstackOperation => "SCRIPT-STACK-OPERATION",
            UnbalancedConditional => "SCRIPT-CONDITIONAL",
            NegativeLocktime | UnsatisfiedLocktime => "SCRIPT-CLTV",
            SigHashtype => "SCRIPT-HASHTYPE",
            SigDer => "SCRIPT-DER-STRICT",
            MinimalData => "SCRIPT-MINIMALDATA",
            SigPushOnly => "SCRIPT-SIGPUSHONLY",
            SigHighS => "SCRIPT-LOW-S",
            SigNullDummy => "SCRIPT-NULLDUMMY",
            PubkeyType | WitnessPubkeyType => "SCRIPT-PUBKEYTYPE",
            CleanStack => "SCRIPT-CLEANSTACK",
            MinimalIf | TapscriptMinimalIf => "SCRIPT-MINIMALIF",
            SigNullFail => "SCRIPT-NULLFAIL",
            DiscourageUpgradableNops => "SCRIPT-UPGRADABLE-NOPS",
            DiscourageUpgradableWitnessProgram => "SCRIPT-WITNESS-UPGRADABLE",
            WitnessProgramWrongLength => "SCRIPT-WITNESS-WRONG-LENGTH",
            WitnessProgramWitnessEmpty | WitnessProgramMismatch => "SCRIPT-P2WSH",
            WitnessMalleated | WitnessMalleatedP2sh => "SCRIPT-WITNESS-MALLEATED",
            WitnessUnexpected => "SCRIPT-WITNESS-UNEXPECTED",
            DiscourageUpgradableTaprootVersion | TaprootWrongControlSize => "TAPROOT-SPEND",
            SchnorrSigSize | SchnorrSigHashtype | SchnorrSig => "TAPROOT-SCHNORR",
            DiscourageOpSuccess | TapscriptCheckMultisig => "TAPSCRIPT-RULES",
            DiscourageUpgradablePubkeyType | TapscriptValidationWeight | TapscriptEmptyPubkey => {
                "TAPSCRIPT-CHECKSIG"
            }
            OpCodeseparator | SigFindAndDelete => "SCRIPT-CONST-SCRIPTCODE",
        }
    }

    /// The variant whose [`token`](Self::token) is `token`, if any.
    pub fn from_token(token: &str) -> Option<ScriptError> {
        ScriptError::ALL.into_iter().find(|e| e.token() == token)
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

impl std::error::Error for ScriptError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for error in ScriptError::ALL {
            assert!(seen.insert(error.token()), "duplicate {}", error.token());
            assert_eq!(ScriptError::from_token(error.token()), Some(error));
        }
        assert_eq!(ScriptError::SigNullFail.token(), "NULLFAIL");
        assert_eq!(ScriptError::from_token("OK"), None);
    }

    #[test]
    fn every_rule_id_is_in_the_spec() {
        let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/script.md"))
            .unwrap();
        for error in ScriptError::ALL {
            let heading = format!("### {}", error.rule_id());
            assert!(
                spec.lines().any(|line| line.starts_with(&heading)),
                "{} not in spec/script.md",
                error.rule_id()
            );
            assert!(
                spec.contains(&format!("`{}`", error.token())),
                "{} not in spec/script.md",
                error.token()
            );
        }
    }
}
