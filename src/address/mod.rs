//! Addresses and private keys as text: base58check (legacy P2PKH and P2SH
//! addresses, WIF keys), bech32 and bech32m (segwit addresses, BIP-0173 and
//! BIP-0350), and the output scripts they stand for.
//!
//! Nothing here is consensus: these are the rules by which Bitcoin Core reads
//! and writes addresses (src/key_io.cpp, src/base58.cpp, src/bech32.cpp,
//! src/addresstype.cpp), matched down to Core's error messages. The rules
//! are listed in `spec/address.md`.
//!
//! - [`decode_destination`] / [`encode_destination`]: an address string of a
//!   [`Network`](crate::params::Network) and its [`Destination`].
//! - [`Destination::script_pubkey`] / [`Destination::from_script_pubkey`]: a
//!   destination and its output script.
//! - [`decode_secret`] / [`encode_secret`]: a WIF private key.

pub mod base58;
pub mod bech32;
mod bech32_locate;
pub mod destination;
pub mod error;
pub mod key_io;
pub mod wif;

pub use base58::{
    decode_base58, decode_base58check, encode_base58, encode_base58check, Base58Error,
};
pub use bech32::{convert_bits, Bech32Error, Encoding};
pub use destination::{Destination, WitnessVersion};
pub use error::AddressError;
pub use key_io::{decode_destination, encode_destination};
pub use wif::{decode_secret, encode_secret, WifError};
