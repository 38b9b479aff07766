//! libFuzzer wrapper; the logic is `canon_fuzz::diff_decode_rust_bitcoin`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz::diff_decode_rust_bitcoin(data));
