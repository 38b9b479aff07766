//! libFuzzer wrapper; the logic is `canon_fuzz::compact_target`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz::compact_target(data));
