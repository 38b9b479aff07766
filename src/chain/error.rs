//! Why the chain refused a block or header. Core: the `BlockValidationState`
//! set by `AcceptBlockHeader`, `AcceptBlock` and `ProcessNewBlock`.

use std::borrow::Cow;
use std::fmt;

use crate::primitives::BlockHash;
use crate::validation::{BlockError, BlockValidationResult};

/// A block or header the chain would not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainError {
    /// The block or header breaks a validation rule.
    Invalid {
        /// The block's hash.
        hash: BlockHash,
        /// The rule.
        error: BlockError,
    },
    /// The header's parent is unknown: an orphan (`CHAIN-ORPHAN`).
    MissingPrev {
        /// The block's hash.
        hash: BlockHash,
        /// The unknown parent.
        prev: BlockHash,
    },
    /// The header's parent is known to be invalid (`CHAIN-INVALID-PREV`).
    InvalidPrev {
        /// The block's hash.
        hash: BlockHash,
    },
    /// The block was already found invalid (`CHAIN-DUPLICATE-INVALID`).
    DuplicateInvalid {
        /// The block's hash.
        hash: BlockHash,
    },
    /// A block of the active chain could not be disconnected: its undo data
    /// does not fit the UTXO set. Not a consensus outcome but corruption;
    /// Core stops with "Failed to disconnect block.".
    DisconnectFailed {
        /// The block's hash.
        hash: BlockHash,
    },
}

impl ChainError {
    /// The block concerned.
    pub fn hash(&self) -> BlockHash {
        match self {
            ChainError::Invalid { hash, .. }
            | ChainError::MissingPrev { hash, .. }
            | ChainError::InvalidPrev { hash }
            | ChainError::DuplicateInvalid { hash }
            | ChainError::DisconnectFailed { hash } => *hash,
        }
    }

    /// Core's reject reason (for [`ChainError::Invalid`], the rule's).
    pub fn reject_reason(&self) -> Cow<'static, str> {
        match self {
            ChainError::Invalid { error, .. } => error.reject_reason(),
            ChainError::MissingPrev { .. } => Cow::Borrowed("prev-blk-not-found"),
            ChainError::InvalidPrev { .. } => Cow::Borrowed("bad-prevblk"),
            ChainError::DuplicateInvalid { .. } => Cow::Borrowed("duplicate-invalid"),
            ChainError::DisconnectFailed { .. } => Cow::Borrowed("disconnect-failed"),
        }
    }

    /// The ID of the rule in `spec/` this error reports (for
    /// [`ChainError::Invalid`], the rule's).
    pub fn rule_id(&self) -> &'static str {
        match self {
            ChainError::Invalid { error, .. } => error.rule_id(),
            ChainError::MissingPrev { .. } => "CHAIN-ORPHAN",
            ChainError::InvalidPrev { .. } => "CHAIN-INVALID-PREV",
            ChainError::DuplicateInvalid { .. } => "CHAIN-DUPLICATE-INVALID",
            ChainError::DisconnectFailed { .. } => "DISCONNECT-UNDO",
        }
    }

    /// Core's result category; `None` for corruption, which is not one.
    pub fn result(&self) -> Option<BlockValidationResult> {
        match self {
            ChainError::Invalid { error, .. } => Some(error.result()),
            ChainError::MissingPrev { .. } => Some(BlockValidationResult::MissingPrev),
            ChainError::InvalidPrev { .. } => Some(BlockValidationResult::InvalidPrev),
            ChainError::DuplicateInvalid { .. } => Some(BlockValidationResult::CachedInvalid),
            ChainError::DisconnectFailed { .. } => None,
        }
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainError::Invalid { hash, error } => write!(f, "block {hash}: {error}"),
            ChainError::MissingPrev { hash, prev } => {
                write!(
                    f,
                    "block {hash}: prev-blk-not-found (parent {prev} unknown)"
                )
            }
            other => write!(f, "block {}: {}", other.hash(), other.reject_reason()),
        }
    }
}

impl std::error::Error for ChainError {}
