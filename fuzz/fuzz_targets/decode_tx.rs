//! Decoding a transaction never panics, and whatever decodes re-encodes to
//! bytes that decode to the same transaction.

#![no_main]

use canon::encoding::{Decode, Encode};
use canon::primitives::Transaction;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(tx) = Transaction::from_bytes(data) {
        let again = Transaction::from_bytes(&tx.to_bytes());
        // A witness-free transaction with no inputs but some outputs has no
        // unambiguous encoding (BIP-0144 marker); everything else round-trips.
        if !(tx.inputs.is_empty() && !tx.outputs.is_empty()) {
            assert_eq!(again.as_ref(), Ok(&tx));
        }
    }
});
