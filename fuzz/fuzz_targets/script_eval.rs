//! libFuzzer wrapper; the logic is `canon::fuzz_targets::script_eval`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon::fuzz_targets::script_eval(data));
