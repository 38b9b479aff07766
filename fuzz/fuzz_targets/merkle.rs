//! libFuzzer wrapper; the logic is `canon_fuzz::merkle`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz::merkle(data));
