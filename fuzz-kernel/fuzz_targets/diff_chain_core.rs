//! libFuzzer wrapper; the logic is `canon_fuzz_kernel::diff_chain_core`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| canon_fuzz_kernel::diff_chain_core(data));
