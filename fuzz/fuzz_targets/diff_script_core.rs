//! libFuzzer wrapper; the logic is `canon_fuzz::diff_script_core`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz::diff_script_core(data));
