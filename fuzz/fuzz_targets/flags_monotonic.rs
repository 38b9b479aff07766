//! libFuzzer wrapper; the logic is `canon::fuzz_targets::flags_monotonic`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon::fuzz_targets::flags_monotonic(data));
