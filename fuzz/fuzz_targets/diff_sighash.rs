//! libFuzzer wrapper; the logic is `canon_fuzz::diff_sighash`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz::diff_sighash(data));
