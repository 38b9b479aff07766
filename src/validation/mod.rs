//! Validation: the transaction, header and block rules, proof of work, the
//! subsidy, and connecting and disconnecting blocks against the coins they
//! spend. Core: `src/consensus/tx_check.cpp`, `src/consensus/tx_verify.cpp`,
//! `src/validation.cpp`, `src/pow.cpp`. Rules are listed in
//! `spec/validation.md` and `spec/pow.md`.
//!
//! This layer reads ancestors through [`AncestorView`] and [`BlockContext`]
//! and coins through [`CoinsView`], which the chain layer implements; it
//! never imports the chain.

pub mod ancestors;
pub mod block_check;
pub mod coins;
pub mod connect;
pub mod context;
pub mod contextual_block;
pub mod contextual_header;
pub mod disconnect;
pub mod error;
pub mod finality;
pub mod input_scripts;
pub mod limits;
pub mod pow;
pub mod script_flags;
pub mod sequence_locks;
pub mod signet;
pub mod sigop_cost;
pub mod subsidy;
pub mod tx_check;
pub mod tx_in_context;
pub mod tx_inputs;
pub mod witness_commitment;

pub use ancestors::{median_time_past, median_time_past_at, AncestorView, ChainEntry};
pub use block_check::{check_block, check_block_header, check_block_with, CheckBlockOptions};
pub use coins::{add_coins, is_unspendable, BlockUndo, Coin, CoinsOverlay, CoinsView, TxUndo};
pub use connect::{bip30_applies, connect_block, ConnectedBlock, Skipped};
pub use context::{BlockContext, ChainContext, PartialContext};
pub use contextual_block::{
    check_block_weight, check_coinbase_height, check_transactions_final, coinbase_height_script,
    contextual_check_block, lock_time_cutoff,
};
pub use contextual_header::{
    check_block_version, check_time_after_median, check_time_not_too_new,
    contextual_check_block_header,
};
pub use disconnect::{disconnect_block, DisconnectResult};
pub use error::{BlockError, BlockValidationResult, TxError, TxValidationResult};
pub use finality::is_final_tx;
pub use input_scripts::check_input_scripts;
pub use limits::{money_range, COIN, COINBASE_MATURITY, MAX_MONEY};
pub use pow::{
    calculate_next_work_required, check_proof_of_work, get_next_work_required,
    permitted_difficulty_transition,
};
pub use script_flags::get_block_script_flags;
pub use sequence_locks::{
    calculate_sequence_locks, evaluate_sequence_locks, sequence_locks, SequenceLock,
    SequenceLockVerdict,
};
pub use signet::{check_signet_block_solution, SignetTxs, SIGNET_HEADER};
pub use sigop_cost::{get_legacy_sigop_count, get_p2sh_sigop_count, get_transaction_sigop_cost};
pub use subsidy::get_block_subsidy;
pub use tx_check::check_transaction;
pub use tx_in_context::{check_tx_in_context, TxContext};
pub use tx_inputs::check_tx_inputs;
pub use witness_commitment::{
    check_witness_malleation, generate_coinbase_commitment, get_witness_commitment_index,
    is_block_mutated,
};
