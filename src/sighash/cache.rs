//! The per-input sighash midstate cache. Core: `SigHashCache`.
//!
//! Both the legacy and the BIP-0143 preimage end with the four-byte hash
//! type; everything before it depends only on which inputs and outputs the
//! hash type selects and on the scriptCode. So the SHA-256 state after that
//! prefix is kept, per selection, and a second signature with the same
//! selection and scriptCode (typical in CHECKMULTISIG) only hashes the last
//! four bytes. One cache serves one input under one sigversion.

use super::HashTypeBits;
use crate::primitives::hash::HashWriter;

/// Midstates of one input's preimages. Core: `SigHashCache`.
#[derive(Clone, Default)]
pub struct SigHashCache {
    /// Indexed by [`SigHashCache::index`]: the scriptCode and the midstate.
    entries: [Option<(Vec<u8>, HashWriter)>; 6],
}

impl SigHashCache {
    /// An empty cache.
    pub fn new() -> Self {
        SigHashCache::default()
    }

    /// The slot for a hash type: ALL, NONE or SINGLE, each with or without
    /// ANYONECANPAY. Core: `SigHashCache::CacheIndex`.
    fn index(hash_type: i32) -> usize {
        let bits = HashTypeBits::new(hash_type);
        3 * usize::from(bits.anyone_can_pay) + 2 * usize::from(bits.single) + usize::from(bits.none)
    }

    /// The midstate stored for this selection and scriptCode, if any.
    pub fn load(&self, hash_type: i32, script_code: &[u8]) -> Option<HashWriter> {
        match &self.entries[Self::index(hash_type)] {
            Some((code, writer)) if code == script_code => Some(writer.clone()),
            _ => None,
        }
    }

    /// Stores the midstate for this selection and scriptCode.
    pub fn store(&mut self, hash_type: i32, script_code: &[u8], writer: &HashWriter) {
        self.entries[Self::index(hash_type)] = Some((script_code.to_vec(), writer.clone()));
    }
}

impl std::fmt::Debug for SigHashCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let filled = self.entries.iter().filter(|e| e.is_some()).count();
        write!(f, "SigHashCache({filled} entries)")
    }
}
