//! Hash functions and the hash newtypes of Bitcoin.
//!
//! Bitcoin hashes are stored and hashed in "internal" byte order (the order the
//! SHA-256 output comes in) and shown to people byte-reversed, as Bitcoin Core's
//! `uint256::GetHex` does. The newtypes keep the two orders from being confused.

use std::fmt;
use std::str::FromStr;

use ripemd::Ripemd160;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::encoding::Writer;

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// SHA-256 applied twice: Core's `Hash` (`CHash256`), used for txids, block
/// hashes, merkle nodes and base58check checksums.
pub fn sha256d(data: &[u8]) -> [u8; 32] {
    sha256(&sha256(data))
}

/// RIPEMD-160 of `data`.
pub fn ripemd160(data: &[u8]) -> [u8; 20] {
    Ripemd160::digest(data).into()
}

/// RIPEMD-160 of SHA-256: Core's `Hash160`, used for P2PKH, P2SH and P2WPKH.
pub fn hash160(data: &[u8]) -> [u8; 20] {
    ripemd160(&sha256(data))
}

/// SHA-1 of `data` (`OP_SHA1`).
pub fn sha1(data: &[u8]) -> [u8; 20] {
    Sha1::digest(data).into()
}

/// A SHA-256 engine that encoded objects can be written into directly.
#[derive(Clone, Default)]
pub struct HashWriter(Sha256);

impl HashWriter {
    /// A fresh SHA-256 engine.
    pub fn new() -> Self {
        HashWriter(Sha256::new())
    }

    /// The BIP-0340 tagged-hash engine for `tag`: SHA-256 already fed with
    /// `SHA256(tag) || SHA256(tag)`. Core: `TaggedHash` in `src/hash.cpp`.
    pub fn tagged(tag: &str) -> Self {
        let tag_hash = sha256(tag.as_bytes());
        let mut engine = Sha256::new();
        engine.update(tag_hash);
        engine.update(tag_hash);
        HashWriter(engine)
    }

    /// The single SHA-256 of everything written.
    pub fn sha256(self) -> [u8; 32] {
        self.0.finalize().into()
    }

    /// The double SHA-256 of everything written.
    pub fn sha256d(self) -> [u8; 32] {
        sha256(&self.sha256())
    }
}

impl Writer for HashWriter {
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// The BIP-0340 tagged hash `SHA256(SHA256(tag) || SHA256(tag) || data)`.
pub fn tagged_hash(tag: &str, data: &[u8]) -> [u8; 32] {
    let mut engine = HashWriter::tagged(tag);
    engine.put(data);
    engine.sha256()
}

/// Why a display-hex hash string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseHashError(pub String);

impl fmt::Display for ParseHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid hash: {}", self.0)
    }
}

impl std::error::Error for ParseHashError {}

/// Writes 32 internal-order bytes as byte-reversed hex.
fn fmt_reversed(bytes: &[u8; 32], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for b in bytes.iter().rev() {
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

/// Reads 64 hex characters in display order into internal-order bytes.
fn parse_reversed(s: &str) -> Result<[u8; 32], ParseHashError> {
    if s.len() != 64 {
        return Err(ParseHashError(format!(
            "expected 64 hex characters, got {}",
            s.len()
        )));
    }
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(s, &mut bytes).map_err(|e| ParseHashError(e.to_string()))?;
    bytes.reverse();
    Ok(bytes)
}

/// Declares a 32-byte hash newtype shown in Core's reversed-hex order.
///
/// Not on a consensus path: it only writes out four identical trait impls.
macro_rules! hash_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub [u8; 32]);

        impl $name {
            /// The hash in internal byte order, as it is hashed and serialized.
            pub fn to_byte_array(self) -> [u8; 32] {
                self.0
            }

            /// The all-zero hash.
            pub const ZERO: $name = $name([0u8; 32]);
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_reversed(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl FromStr for $name {
            type Err = ParseHashError;
            /// Parses display (byte-reversed) hex, as printed by Core's RPC.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_reversed(s).map($name)
            }
        }
    };
}

hash_newtype!(
    /// A transaction id: double SHA-256 of the transaction without witness data.
    Txid
);
hash_newtype!(
    /// A witness transaction id (BIP-0141): double SHA-256 of the transaction
    /// with witness data; equal to the txid when there is none.
    Wtxid
);
hash_newtype!(
    /// A block hash: double SHA-256 of the 80-byte header.
    BlockHash
);
hash_newtype!(
    /// A merkle root or inner merkle node.
    MerkleHash
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            hex::encode(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex::encode(sha256d(b"hello")),
            "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50"
        );
        assert_eq!(
            hex::encode(ripemd160(b"")),
            "9c1185a5c5e9fc54612808977ee8f548b2258d31"
        );
        assert_eq!(
            hex::encode(sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        // HASH160 of the generator point G, compressed: the P2PKH of private key 1.
        let g = hex::decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
            .unwrap();
        assert_eq!(
            hex::encode(hash160(&g)),
            "751e76e8199196d454941c45d1b3a323f1433bd6"
        );
    }

    #[test]
    fn tagged_hash_matches_its_definition() {
        let tag = sha256(b"TapLeaf");
        let mut data = tag.to_vec();
        data.extend_from_slice(&tag);
        data.extend_from_slice(b"xyz");
        assert_eq!(tagged_hash("TapLeaf", b"xyz"), sha256(&data));
    }

    #[test]
    fn display_is_byte_reversed_and_parses_back() {
        let mut bytes = [0u8; 32];
        bytes[0] = 0x01;
        bytes[31] = 0xff;
        let txid = Txid(bytes);
        let shown = txid.to_string();
        assert!(shown.starts_with("ff") && shown.ends_with("01"));
        assert_eq!(shown.parse::<Txid>(), Ok(txid));
        assert!("00".parse::<Txid>().is_err());
    }
}
