//! Every variant of the code's error enums, with its token and rule ID: the
//! code's half of the rule catalogue ([`super::catalogue`]).
//!
//! One example value per variant (the fields do not matter). The test
//! `tests/catalogue.rs` reads each enum's source and checks that every
//! variant has its example here, so a new variant cannot be missed.

use crate::address::{AddressError, Base58Error, Bech32Error, WifError};
use crate::chain::ChainError;
use crate::encoding::DecodeError;
use crate::primitives::{BlockHash, Txid};
use crate::script::ScriptError;
use crate::validation::{BlockError, TxError};

/// One error variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRule {
    /// `Enum::Variant`.
    pub variant: String,
    /// Its token.
    pub token: String,
    /// The rule it reports, for the layers whose enum names one
    /// (`rule_id()`); the address errors are named by their rule's entry.
    pub rule_id: Option<String>,
}

fn named(enum_name: &str, value: &impl std::fmt::Debug) -> String {
    let debug = format!("{value:?}");
    let variant: String = debug
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    format!("{enum_name}::{variant}")
}

fn rule(enum_name: &str, value: &impl std::fmt::Debug, token: &str, id: Option<&str>) -> ErrorRule {
    ErrorRule {
        variant: named(enum_name, value),
        token: token.to_string(),
        rule_id: id.map(str::to_string),
    }
}

/// Every variant of `DecodeError`, `ScriptError`, `TxError`, `BlockError`,
/// `ChainError` and the address errors.
pub fn error_rules() -> Vec<ErrorRule> {
    let mut all = Vec::new();
    all.extend(
        decode_errors()
            .iter()
            .map(|e| rule("DecodeError", e, e.token(), Some(e.rule_id()))),
    );
    all.extend(
        ScriptError::ALL
            .iter()
            .map(|e| rule("ScriptError", e, e.token(), Some(e.rule_id()))),
    );
    all.extend(
        TX_ERRORS
            .iter()
            .map(|e| rule("TxError", e, e.token(), Some(e.rule_id()))),
    );
    all.extend(
        block_errors()
            .iter()
            .map(|e| rule("BlockError", e, e.token(), Some(e.rule_id()))),
    );
    all.extend(
        chain_errors()
            .iter()
            .map(|e| rule("ChainError", e, &e.reject_reason(), Some(e.rule_id()))),
    );
    all.extend(
        base58_errors()
            .iter()
            .map(|e| rule("Base58Error", e, e.token(), None)),
    );
    all.extend(
        bech32_errors()
            .iter()
            .map(|e| rule("Bech32Error", e, e.token(), None)),
    );
    all.extend(
        wif_errors()
            .iter()
            .map(|e| rule("WifError", e, e.token(), None)),
    );
    all.extend(
        address_errors()
            .iter()
            .map(|e| rule("AddressError", e, e.token(), None)),
    );
    all
}

fn decode_errors() -> Vec<DecodeError> {
    vec![
        DecodeError::UnexpectedEnd {
            reading: "",
            needed: 1,
            remaining: 0,
        },
        DecodeError::NonCanonicalCompactSize { value: 0 },
        DecodeError::CompactSizeTooLarge { value: 0 },
        DecodeError::LengthExceedsInput {
            reading: "",
            claimed: 1,
            remaining: 0,
        },
        DecodeError::SuperfluousWitnessRecord,
        DecodeError::UnknownOptionalData { flags: 2 },
        DecodeError::TrailingData { remaining: 1 },
    ]
}

const TX_ERRORS: [TxError; 14] = [
    TxError::VinEmpty,
    TxError::VoutEmpty,
    TxError::Oversize,
    TxError::VoutNegative,
    TxError::VoutTooLarge,
    TxError::TxoutTotalTooLarge,
    TxError::InputsDuplicate,
    TxError::CoinbaseLength,
    TxError::PrevoutNull,
    TxError::InputsMissingOrSpent,
    TxError::PrematureCoinbaseSpend,
    TxError::InputValuesOutOfRange,
    TxError::InBelowOut,
    TxError::FeeOutOfRange,
];

fn block_errors() -> Vec<BlockError> {
    let in_tx = |error| BlockError::Transaction {
        index: 1,
        txid: Txid::ZERO,
        error,
    };
    vec![
        BlockError::HighHash,
        BlockError::BadMerkleRoot,
        BlockError::DuplicateTransactions,
        BlockError::BadLength,
        BlockError::CoinbaseMissing,
        BlockError::CoinbaseMultiple,
        in_tx(TxError::VinEmpty),
        in_tx(TxError::InBelowOut),
        BlockError::TooManySigops,
        BlockError::BadSignetBlockSignature,
        BlockError::BadDiffBits,
        BlockError::TimeTooOld,
        BlockError::TimeTimewarpAttack,
        BlockError::TimeTooNew,
        BlockError::BadVersion { version: 1 },
        BlockError::NonFinalTransaction { index: 0 },
        BlockError::BadCoinbaseHeight,
        BlockError::BadWitnessNonceSize,
        BlockError::BadWitnessMerkleMatch,
        BlockError::UnexpectedWitness,
        BlockError::BadBlockWeight,
        BlockError::OverwritesUnspent { index: 0 },
        BlockError::AccumulatedFeeOutOfRange,
        BlockError::SequenceLocks { index: 0 },
        BlockError::SigopCost,
        BlockError::CoinbaseAmount {
            actual: 1,
            limit: 0,
        },
        BlockError::Script {
            index: 1,
            input: 0,
            error: ScriptError::EvalFalse,
        },
    ]
}

fn chain_errors() -> Vec<ChainError> {
    let hash = BlockHash::ZERO;
    vec![
        ChainError::Invalid {
            hash,
            error: BlockError::HighHash,
        },
        ChainError::MissingPrev { hash, prev: hash },
        ChainError::InvalidPrev { hash },
        ChainError::DuplicateInvalid { hash },
        ChainError::DisconnectFailed { hash },
    ]
}

fn base58_errors() -> Vec<Base58Error> {
    vec![
        Base58Error::ContainsNul,
        Base58Error::InvalidCharacter { position: 0 },
        Base58Error::TrailingCharacter { position: 0 },
        Base58Error::TooLong { max_len: 0 },
        Base58Error::MissingChecksum,
        Base58Error::BadChecksum,
    ]
}

fn bech32_errors() -> Vec<Bech32Error> {
    vec![
        Bech32Error::TooLong { positions: vec![] },
        Bech32Error::InvalidCharacterOrMixedCase { positions: vec![] },
        Bech32Error::MissingSeparator,
        Bech32Error::InvalidSeparatorPosition { position: 0 },
        Bech32Error::InvalidBase32Character { position: 0 },
        Bech32Error::InvalidChecksum,
        Bech32Error::InvalidBech32Checksum { positions: vec![] },
        Bech32Error::InvalidBech32mChecksum { positions: vec![] },
    ]
}

fn wif_errors() -> Vec<WifError> {
    vec![
        WifError::Base58(Base58Error::BadChecksum),
        WifError::InvalidPayload,
        WifError::SecretOutOfRange,
    ]
}

fn address_errors() -> Vec<AddressError> {
    vec![
        AddressError::Base58WrongLength,
        AddressError::Base58UnknownPrefix,
        AddressError::UnknownEncoding,
        AddressError::Base58ChecksumOrLength,
        AddressError::EmptyBech32Data,
        AddressError::WrongHrp {
            expected: String::new(),
            got: String::new(),
        },
        AddressError::Version0NotBech32,
        AddressError::Version1PlusNotBech32m,
        AddressError::InvalidV0ProgramSize { size: 0 },
        AddressError::InvalidWitnessVersion,
        AddressError::InvalidProgramSize { size: 0 },
        AddressError::InvalidPadding,
        AddressError::Bech32(Bech32Error::InvalidChecksum),
    ]
}
