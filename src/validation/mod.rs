//! Validation: the transaction, header and block rules, proof of work and the
//! subsidy. Core: `src/consensus/tx_check.cpp`, `src/validation.cpp`,
//! `src/pow.cpp`. Rules are listed in `spec/validation.md` and `spec/pow.md`.
//!
//! This layer reads ancestors through [`AncestorView`], which the chain layer
//! implements; it never imports the chain.

pub mod ancestors;
pub mod block_check;
pub mod contextual_header;
pub mod error;
pub mod legacy_sigops;
pub mod limits;
pub mod pow;
pub mod script_flags;
pub mod subsidy;
pub mod tx_check;

pub use ancestors::{median_time_past, AncestorView, ChainEntry};
pub use block_check::{check_block, check_block_header, check_block_with, CheckBlockOptions};
pub use contextual_header::contextual_check_block_header;
pub use error::{BlockError, BlockValidationResult, TxError, TxValidationResult};
pub use limits::{money_range, COIN, MAX_MONEY};
pub use pow::{
    calculate_next_work_required, check_proof_of_work, get_next_work_required,
    permitted_difficulty_transition,
};
pub use script_flags::get_block_script_flags;
pub use subsidy::get_block_subsidy;
pub use tx_check::check_transaction;
