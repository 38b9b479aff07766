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

/// Core's `TxValidationResult`, for the categories the consensus checks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TxValidationResult {
    /// Invalid by consensus rules. Core: `TX_CONSENSUS`.
    Consensus,
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

/// A context-free transaction rule broken. Core: `CheckTransaction`.
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
        }
    }

    /// Core's result category: every context-free rule is a consensus rule.
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
            | TxError::PrevoutNull => TxValidationResult::Consensus,
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
/// `ContextualCheckBlockHeader`.
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
    /// A transaction fails a context-free rule (`BLK-TX-CHECK`); the reject
    /// reason is the transaction's.
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
            BlockError::BadDiffBits => "bad-diffbits",
            BlockError::TimeTooOld => "time-too-old",
            BlockError::TimeTimewarpAttack => "time-timewarp-attack",
            BlockError::TimeTooNew => "time-too-new",
            BlockError::BadVersion { .. } => "bad-version(0x%08x)",
        }
    }

    /// The exact reject reason a Core peer reports: the token, with the
    /// version filled in for [`BlockError::BadVersion`] (eight lower-case hex
    /// digits of the version's two's complement, as C's `%08x`).
    pub fn reject_reason(&self) -> Cow<'static, str> {
        match self {
            BlockError::BadVersion { version } => {
                Cow::Owned(format!("bad-version(0x{version:08x})"))
            }
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
            BlockError::BadMerkleRoot | BlockError::DuplicateTransactions => {
                BlockValidationResult::Mutated
            }
            BlockError::TimeTooNew => BlockValidationResult::TimeFuture,
            BlockError::BadLength
            | BlockError::CoinbaseMissing
            | BlockError::CoinbaseMultiple
            | BlockError::Transaction { .. }
            | BlockError::TooManySigops => BlockValidationResult::Consensus,
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
