//! libFuzzer wrapper; the logic is `canon::fuzz_targets::decode_header`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon::fuzz_targets::decode_header(data));
