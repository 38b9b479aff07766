//! libFuzzer wrapper; the logic is `canon_fuzz::script_num`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz::script_num(data));
