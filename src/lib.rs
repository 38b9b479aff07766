//! canon: an executable specification of Bitcoin.
//!
//! The layers, lowest first (a layer imports only those below it):
//! [`params`], [`encoding`], [`primitives`], [`address`], then [`conformance`]. See
//! `spec/README.md` for the rules and `../shared/HOUSE.md` for the house style.

#![forbid(unsafe_code)]

pub mod address;
pub mod chain;
pub mod conformance;
pub mod encoding;
pub mod fuzz_targets;
pub mod params;
pub mod primitives;
pub mod script;
pub mod sighash;
pub mod validation;
