//! Bitcoin Core's validation, through libbitcoinkernel, as canon's runner
//! protocol needs it: a regtest chainstate that is fed blocks and headers
//! and says, per step, what became of each (`chain`), and the answers to the
//! `block` and `chain` kinds built on it (`kinds`).
//!
//! The binary `canon-core-kernel` (src/main.rs) speaks the protocol; this
//! library is shared with it and with the `diff_chain_core` fuzz target.

pub mod chain;
pub mod kinds;
pub mod reason;

/// A hash in display order (byte-reversed hex).
pub fn display_hex(mut bytes: [u8; 32]) -> String {
    bytes.reverse();
    hex::encode(bytes)
}
