//! Why a transaction or a block is invalid: one variant per rule, each with
//! Bitcoin Core's exact reject reason and result category.
//!
//! Core keeps three things apart in a `ValidationState`: the result category
//! (what a peer did wrong, used to decide on punishment and on whether the
//! header itself is bad), the reject reason (a stable token) and a free debug
//! message. The category and the token are consensus-visible behaviour and
//! are given here; canon's `Display` plays the debug message's part.

use std::borrow::Cow;
use std::fmt;

use crate::primitives::Txid;
use crate::script::ScriptError;

/// Core's `TxValidationResult`, for the categories the consensus checks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TxValidationResult {
    /// Invalid by consensus rules. Core: `TX_CONSENSUS`.
    Consensus,
    /// An input's coin is missing or spent: perhaps not yet seen.
    /// Core: `TX_MISSING_INPUTS`.
    MissingInputs,
    /// A coinbase output spent before maturity: valid later.
    /// Core: `TX_PREMATURE_SPEND`.
    PrematureSpend,
}

/// Core's `BlockValidationResult`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockValidationResult {
    /// Invalid by consensus rules, other than the reasons below. Core: `BLOCK_CONSENSUS`.
    Consensus,
    /// The block was cached as invalid without its reason. Core: `BLOCK_CACHED_INVALID`.
    CachedInvalid,
    /// Invalid proof of work or time too old: the header itself is bad.
    /// Core: `BLOCK_INVALID_HEADER`.
    InvalidHeader,
    /// The block's data does not match what its proof of work commits to: the
    /// header may be fine and another copy of the block valid. Core: `BLOCK_MUTATED`.
    Mutated,
    /// The previous block is unknown. Core: `BLOCK_MISSING_PREV`.
    MissingPrev,
    /// A block this one builds on is invalid. Core: `BLOCK_INVALID_PREV`.
    InvalidPrev,
    /// The timestamp is more than two hours ahead of the local clock.
    /// Core: `BLOCK_TIME_FUTURE`.
    TimeFuture,
    /// The header may be on a chain with too little work. Core: `BLOCK_HEADER_LOW_WORK`.
    HeaderLowWork,
}

/// A transaction rule broken: a context-free one (Core: `CheckTransaction`)
/// or one about the coins it spends (Core: `Consensus::CheckTxInputs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TxError {
    /// No inputs (`TX-VIN-EMPTY`).
    VinEmpty,
    /// No outputs (`TX-VOUT-EMPTY`).
    VoutEmpty,
    /// Stripped size × 4 above the block weight limit (`TX-OVERSIZE`).
    Oversize,
    /// An output value below zero (`TX-VOUT-NEGATIVE`).
    VoutNegative,
    /// An output value above `MAX_MONEY` (`TX-VOUT-TOOLARGE`).
    VoutTooLarge,
    /// The running output total above `MAX_MONEY` (`TX-TXOUTTOTAL-TOOLARGE`).
    TxoutTotalTooLarge,
    /// Two inputs spend the same outpoint (`TX-INPUTS-DUPLICATE`).
    InputsDuplicate,
    /// A coinbase scriptSig outside 2..=100 bytes (`TX-CB-LENGTH`).
    CoinbaseLength,
    /// A non-coinbase input spends the null outpoint (`TX-PREVOUT-NULL`).
    PrevoutNull,
    /// An input's coin does not exist or is spent (`TX-INPUTS-MISSING`).
    InputsMissingOrSpent,
    /// A coinbase output spent fewer than 100 blocks after its block
    /// (`TX-COINBASE-MATURITY`).
    PrematureCoinbaseSpend,
    /// A spent coin's value, or the running input total, outside
    /// `0..=MAX_MONEY` (`TX-INPUT-VALUES`).
    InputValuesOutOfRange,
    /// The inputs are worth less than the outputs (`TX-IN-BELOW-OUT`).
    InBelowOut,
    /// The fee outside `0..=MAX_MONEY` (`TX-FEE-RANGE`); unreachable after
    /// `check_transaction`, kept as Core keeps it.
    FeeOutOfRange,
}

impl TxError {
    /// Core's reject reason.
    pub fn token(&self) -> &'static str {
        match self {
            TxError::VinEmpty => "bad-txns-vin-empty",
            TxError::VoutEmpty => "bad-txns-vout-empty",
            TxError::Oversize => "bad-txns-oversize",
            TxError::VoutNegative => "bad-txns-vout-negative",
            TxError::VoutTooLarge => "bad-txns-vout-toolarge",
            TxError::TxoutTotalTooLarge => "bad-txns-txouttotal-toolarge",
            TxError::InputsDuplicate => "bad-txns-inputs-duplicate",
            TxError::CoinbaseLength => "bad-cb-length",
            TxError::PrevoutNull => "bad-txns-prevout-null",
            TxError::InputsMissingOrSpent => "bad-txns-inputs-missingorspent",
            TxError::PrematureCoinbaseSpend => "bad-txns-premature-spend-of-coinbase",
            TxError::InputValuesOutOfRange => "bad-txns-inputvalues-outofrange",
            TxError::InBelowOut => "bad-txns-in-belowout",
            TxError::FeeOutOfRange => "bad-txns-fee-outofrange",
        }
    }

    /// The ID of the rule in `spec/validation.md` this error reports.
    pub fn rule_id(&self) -> &'static str {
        match self {
            TxError::VinEmpty => "TX-VIN-EMPTY",
            TxError::VoutEmpty => "TX-VOUT-EMPTY",
            TxError::Oversize => "TX-OVERSIZE",
            TxError::VoutNegative => "TX-VOUT-NEGATIVE",
            TxError::VoutTooLarge => "TX-VOUT-TOOLARGE",
            TxError::TxoutTotalTooLarge => "TX-TXOUTTOTAL-TOOLARGE",
            TxError::InputsDuplicate => "TX-INPUTS-DUPLICATE",
            TxError::CoinbaseLength => "TX-CB-LENGTH",
            TxError::PrevoutNull => "TX-PREVOUT-NULL",
            TxError::InputsMissingOrSpent => "TX-INPUTS-MISSING",
            TxError::PrematureCoinbaseSpend => "TX-COINBASE-MATURITY",
            TxError::InputValuesOutOfRange => "TX-INPUT-VALUES",
            TxError::InBelowOut => "TX-IN-BELOW-OUT",
            TxError::FeeOutOfRange => "TX-FEE-RANGE",
        }
    }

    /// Whether the rule is about the coins spent (Core's
    /// `Consensus::CheckTxInputs`) rather than context-free.
    pub fn is_about_inputs(&self) -> bool {
        match self {
            TxError::VinEmpty
            | TxError::VoutEmpty
            | TxError::Oversize
            | TxError::VoutNegative
            | TxError::VoutTooLarge
            | TxError::TxoutTotalTooLarge
            | TxError::InputsDuplicate
            | TxError::CoinbaseLength
            | TxError::PrevoutNull => false,
            TxError::InputsMissingOrSpent
            | TxError::PrematureCoinbaseSpend
            | TxError::InputValuesOutOfRange
            | TxError::InBelowOut
            | TxError::FeeOutOfRange => true,
        }
    }

    /// Core's result category: a missing input or an immature coinbase may
    /// become valid later; every other rule is a consensus rule.
    pub fn result(&self) -> TxValidationResult {
        match self {
            TxError::VinEmpty
            | TxError::VoutEmpty
            | TxError::Oversize
            | TxError::VoutNegative
            | TxError::VoutTooLarge
            | TxError::TxoutTotalTooLarge
            | TxError::InputsDuplicate
            | TxError::CoinbaseLength
            | TxError::PrevoutNull
            | TxError::InputValuesOutOfRange
            | TxError::InBelowOut
            | TxError::FeeOutOfRange => TxValidationResult::Consensus,
            TxError::InputsMissingOrSpent => TxValidationResult::MissingInputs,
            TxError::PrematureCoinbaseSpend => TxValidationResult::PrematureSpend,
        }
    }
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

impl std::error::Error for TxError {}

/// A block or header rule broken. Core: `CheckBlockHeader`, `CheckBlock`,
/// `ContextualCheckBlockHeader`, `ContextualCheckBlock`, `ConnectBlock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockError {
    /// The header's hash is above its target, or the target is invalid
    /// (`POW-HIGH-HASH`).
    HighHash,
    /// The merkle root does not match the transactions (`BLK-MERKLE-ROOT`).
    BadMerkleRoot,
    /// The merkle tree is mutated by duplicated transactions (`BLK-MERKLE-MUTATED`).
    DuplicateTransactions,
    /// No transactions, or too many, or too large without witness (`BLK-LENGTH`).
    BadLength,
    /// The first transaction is not a coinbase (`BLK-CB-MISSING`).
    CoinbaseMissing,
    /// A transaction after the first is a coinbase (`BLK-CB-MULTIPLE`).
    CoinbaseMultiple,
    /// A transaction fails a context-free rule (`BLK-TX-CHECK`) or a rule
    /// about its inputs when the block is connected (`CONNECT-TX-INPUTS`);
    /// the reject reason is the transaction's.
    Transaction {
        /// The transaction's position in the block.
        index: usize,
        /// Its txid.
        txid: Txid,
        /// The rule it broke.
        error: TxError,
    },
    /// More than `MAX_BLOCK_SIGOPS_COST` legacy sigops (`BLK-SIGOPS`).
    TooManySigops,
    /// On a signet, the block's solution does not satisfy the challenge
    /// (`BLK-SIGNET-SOLUTION`, BIP-0325).
    BadSignetBlockSignature,
    /// `nBits` is not what the retarget rules require (`HDR-DIFFBITS`).
    BadDiffBits,
    /// The timestamp is not after the median time past (`HDR-TIME-TOO-OLD`).
    TimeTooOld,
    /// BIP-0094: a period's first block is more than 600 s before its parent
    /// (`HDR-TIMEWARP`).
    TimeTimewarpAttack,
    /// The timestamp is more than two hours ahead of the clock (`HDR-TIME-TOO-NEW`).
    TimeTooNew,
    /// The version is below what an active buried deployment requires
    /// (`HDR-VERSION`).
    BadVersion {
        /// The header's `nVersion`.
        version: i32,
    },
    /// A transaction is not final at the block's height and lock-time
    /// cutoff (`CTX-FINAL`).
    NonFinalTransaction {
        /// The transaction's position in the block.
        index: usize,
    },
    /// The coinbase's scriptSig does not start with the block's height
    /// (`CTX-CB-HEIGHT`).
    BadCoinbaseHeight,
    /// The coinbase witness is not one 32-byte reserved value
    /// (`CTX-WITNESS-NONCE`).
    BadWitnessNonceSize,
    /// The witness commitment does not match the witness merkle root
    /// (`CTX-WITNESS-COMMITMENT`).
    BadWitnessMerkleMatch,
    /// Witness data in a block without a witness commitment
    /// (`CTX-UNEXPECTED-WITNESS`).
    UnexpectedWitness,
    /// The block's weight above `MAX_BLOCK_WEIGHT` (`CTX-WEIGHT`).
    BadBlockWeight,
    /// A transaction would overwrite an unspent output of an earlier one
    /// with the same txid (`CONNECT-BIP30`).
    OverwritesUnspent {
        /// The transaction's position in the block.
        index: usize,
    },
    /// The fees of the block so far above `MAX_MONEY` (`CONNECT-FEES-RANGE`).
    AccumulatedFeeOutOfRange,
    /// A transaction's relative lock time (BIP-0068) has not expired
    /// (`CONNECT-SEQUENCE-LOCKS`).
    SequenceLocks {
        /// The transaction's position in the block.
        index: usize,
    },
    /// The signature-operation cost above `MAX_BLOCK_SIGOPS_COST`
    /// (`CONNECT-SIGOP-COST`).
    SigopCost,
    /// The coinbase pays more than the subsidy plus the fees (`CONNECT-CB-AMOUNT`).
    CoinbaseAmount {
        /// What the coinbase pays.
        actual: i64,
        /// What it may pay.
        limit: i64,
    },
    /// An input's scripts fail (`CONNECT-SCRIPTS`).
    Script {
        /// The transaction's position in the block.
        index: usize,
        /// The input's position in the transaction.
        input: usize,
        /// Why the scripts failed.
        error: ScriptError,
    },
}

impl BlockError {
    /// Core's reject reason, as it appears in Core's source. For
    /// [`BlockError::BadVersion`] that is the format string
    /// `bad-version(0x%08x)`; [`BlockError::reject_reason`] fills it in.
    pub fn token(&self) -> &'static str {
        match self {
            BlockError::HighHash => "high-hash",
            BlockError::BadMerkleRoot => "bad-txnmrklroot",
            BlockError::DuplicateTransactions => "bad-txns-duplicate",
            BlockError::BadLength => "bad-blk-length",
            BlockError::CoinbaseMissing => "bad-cb-missing",
            BlockError::CoinbaseMultiple => "bad-cb-multiple",
            BlockError::Transaction { error, .. } => error.token(),
            BlockError::TooManySigops => "bad-blk-sigops",
            BlockError::BadSignetBlockSignature => "bad-signet-blksig",
            BlockError::BadDiffBits => "bad-diffbits",
            BlockError::TimeTooOld => "time-too-old",
            BlockError::TimeTimewarpAttack => "time-timewarp-attack",
            BlockError::TimeTooNew => "time-too-new",
            BlockError::BadVersion { .. } => "bad-version(0x%08x)",
            BlockError::NonFinalTransaction { .. } => "bad-txns-nonfinal",
            BlockError::BadCoinbaseHeight => "bad-cb-height",
            BlockError::BadWitnessNonceSize => "bad-witness-nonce-size",
            BlockError::BadWitnessMerkleMatch => "bad-witness-merkle-match",
            BlockError::UnexpectedWitness => "unexpected-witness",
            BlockError::BadBlockWeight => "bad-blk-weight",
            BlockError::OverwritesUnspent { .. } => "bad-txns-BIP30",
            BlockError::AccumulatedFeeOutOfRange => "bad-txns-accumulated-fee-outofrange",
            BlockError::SequenceLocks { .. } => "bad-txns-nonfinal",
            BlockError::SigopCost => "bad-blk-sigops",
            BlockError::CoinbaseAmount { .. } => "bad-cb-amount",
            BlockError::Script { .. } => "block-script-verify-flag-failed (%s)",
        }
    }

    /// The ID of the rule in `spec/` this error reports. A transaction's
    /// error is the block's `BLK-TX-CHECK` when context-free, and
    /// `CONNECT-TX-INPUTS` when about the coins it spends.
    pub fn rule_id(&self) -> &'static str {
        match self {
            BlockError::HighHash => "POW-HIGH-HASH",
            BlockError::BadMerkleRoot => "BLK-MERKLE-ROOT",
            BlockError::DuplicateTransactions => "BLK-MERKLE-MUTATED",
            BlockError::BadLength => "BLK-LENGTH",
            BlockError::CoinbaseMissing => "BLK-CB-MISSING",
            BlockError::CoinbaseMultiple => "BLK-CB-MULTIPLE",
            BlockError::Transaction { error, .. } if error.is_about_inputs() => "CONNECT-TX-INPUTS",
            BlockError::Transaction { .. } => "BLK-TX-CHECK",
            BlockError::TooManySigops => "BLK-SIGOPS",
            BlockError::BadSignetBlockSignature => "BLK-SIGNET-SOLUTION",
            BlockError::BadDiffBits => "HDR-DIFFBITS",
            BlockError::TimeTooOld => "HDR-TIME-TOO-OLD",
            BlockError::TimeTimewarpAttack => "HDR-TIMEWARP",
            BlockError::TimeTooNew => "HDR-TIME-TOO-NEW",
            BlockError::BadVersion { .. } => "HDR-VERSION",
            BlockError::NonFinalTransaction { .. } => "CTX-FINAL",
            BlockError::BadCoinbaseHeight => "CTX-CB-HEIGHT",
            BlockError::BadWitnessNonceSize => "CTX-WITNESS-NONCE",
            BlockError::BadWitnessMerkleMatch => "CTX-WITNESS-COMMITMENT",
            BlockError::UnexpectedWitness => "CTX-UNEXPECTED-WITNESS",
            BlockError::BadBlockWeight => "CTX-WEIGHT",
            BlockError::OverwritesUnspent { .. } => "CONNECT-BIP30",
            BlockError::AccumulatedFeeOutOfRange => "CONNECT-FEES-RANGE",
            BlockError::SequenceLocks { .. } => "CONNECT-SEQUENCE-LOCKS",
            BlockError::SigopCost => "CONNECT-SIGOP-COST",
            BlockError::CoinbaseAmount { .. } => "CONNECT-CB-AMOUNT",
            BlockError::Script { .. } => "CONNECT-SCRIPTS",
        }
    }

    /// The exact reject reason a Core peer reports: the token, with the
    /// version filled in for [`BlockError::BadVersion`] (eight lower-case hex
    /// digits of the version's two's complement, as C's `%08x`) and the
    /// script error's message (Core's `ScriptErrorString`, not its token)
    /// for [`BlockError::Script`].
    pub fn reject_reason(&self) -> Cow<'static, str> {
        match self {
            BlockError::BadVersion { version } => {
                Cow::Owned(format!("bad-version(0x{version:08x})"))
            }
            BlockError::Script { error, .. } => Cow::Owned(format!(
                "block-script-verify-flag-failed ({})",
                error.message()
            )),
            other => Cow::Borrowed(other.token()),
        }
    }

    /// Core's result category. A [`BlockValidationResult::Mutated`] block may
    /// have a valid header: another copy of it may be valid.
    pub fn result(&self) -> BlockValidationResult {
        match self {
            BlockError::HighHash
            | BlockError::BadDiffBits
            | BlockError::TimeTooOld
            | BlockError::TimeTimewarpAttack
            | BlockError::BadVersion { .. } => BlockValidationResult::InvalidHeader,
            BlockError::BadMerkleRoot
            | BlockError::DuplicateTransactions
            | BlockError::BadWitnessNonceSize
            | BlockError::BadWitnessMerkleMatch
            | BlockError::UnexpectedWitness => BlockValidationResult::Mutated,
            BlockError::TimeTooNew => BlockValidationResult::TimeFuture,
            BlockError::BadLength
            | BlockError::CoinbaseMissing
            | BlockError::CoinbaseMultiple
            | BlockError::Transaction { .. }
            | BlockError::TooManySigops
            | BlockError::BadSignetBlockSignature
            | BlockError::NonFinalTransaction { .. }
            | BlockError::BadCoinbaseHeight
            | BlockError::BadBlockWeight
            | BlockError::OverwritesUnspent { .. }
            | BlockError::AccumulatedFeeOutOfRange
            | BlockError::SequenceLocks { .. }
            | BlockError::SigopCost
            | BlockError::CoinbaseAmount { .. }
            | BlockError::Script { .. } => BlockValidationResult::Consensus,
        }
    }

    /// Whether the block's data fails to match its header (Core's
    /// `BLOCK_MUTATED`), so the header must not be marked invalid.
    pub fn is_mutation(&self) -> bool {
        self.result() == BlockValidationResult::Mutated
    }
}

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockError::Transaction { index, txid, error } => {
                write!(f, "{error} (transaction {index}, {txid})")
            }
            BlockError::NonFinalTransaction { index }
            | BlockError::OverwritesUnspent { index }
            | BlockError::SequenceLocks { index } => {
                write!(f, "{} (transaction {index})", self.token())
            }
            BlockError::CoinbaseAmount { actual, limit } => {
                write!(f, "bad-cb-amount (coinbase pays {actual}, limit {limit})")
            }
            BlockError::Script {
                index,
                input,
                error,
            } => write!(
                f,
                "{} (transaction {index}, input {input}, {})",
                self.reject_reason(),
                error.token()
            ),
            other => f.write_str(&other.reject_reason()),
        }
    }
}

impl std::error::Error for BlockError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_version_formats_like_printf() {
        assert_eq!(
            BlockError::BadVersion { version: 1 }.reject_reason(),
            "bad-version(0x00000001)"
        );
        assert_eq!(
            BlockError::BadVersion { version: -1 }.reject_reason(),
            "bad-version(0xffffffff)"
        );
        assert_eq!(BlockError::HighHash.reject_reason(), "high-hash");
    }

    #[test]
    fn script_failures_quote_cores_message() {
        let e = BlockError::Script {
            index: 1,
            input: 0,
            error: ScriptError::EvalFalse,
        };
        assert_eq!(
            e.reject_reason(),
            "block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)"
        );
        assert_eq!(e.result(), BlockValidationResult::Consensus);
        assert!(BlockError::BadWitnessMerkleMatch.is_mutation());
        assert!(!BlockError::BadBlockWeight.is_mutation());
        assert_eq!(
            TxError::InputsMissingOrSpent.result(),
            TxValidationResult::MissingInputs
        );
    }

    #[test]
    fn transaction_errors_keep_the_transaction_token() {
        let e = BlockError::Transaction {
            index: 1,
            txid: Txid::ZERO,
            error: TxError::VoutNegative,
        };
        assert_eq!(e.token(), "bad-txns-vout-negative");
        assert_eq!(e.result(), BlockValidationResult::Consensus);
        assert!(BlockError::BadMerkleRoot.is_mutation());
        assert!(!BlockError::HighHash.is_mutation());
    }
}
