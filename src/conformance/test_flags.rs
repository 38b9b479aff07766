//! Script verification flags as Core's test harnesses handle them: the
//! strict name parser of the vector files, the flag implications
//! (`FillFlags`, `TrimFlags`), the one-flag-removed variants, and a
//! fixed-seed source of random flag sets for the monotonicity checks.
//!
//! Core: `ParseScriptFlags`, `FillFlags`, `TrimFlags`, `ExcludeIndividualFlags`
//! in src/test/transaction_tests.cpp.

use crate::script::flags::ALL_FLAGS;
use crate::script::VerifyFlags;
use std::collections::BTreeSet;

/// Every flag Core defines (`MAX_SCRIPT_VERIFY_FLAGS`, bits 0..21).
pub const ALL: VerifyFlags = all_flags();

const fn all_flags() -> VerifyFlags {
    let mut all = VerifyFlags::NONE;
    let mut i = 0;
    while i < ALL_FLAGS.len() {
        all = all.union(ALL_FLAGS[i].1);
        i += 1;
    }
    all
}

/// Parses the flags field of a vector: `""` or `"NONE"` is no flags, anything
/// else is names joined by `,` with nothing around them. Core:
/// `ParseScriptFlags` (src/test/transaction_tests.cpp).
///
/// # Errors
/// Names the first word that is not a flag name (`"P2SH,"` ends in an empty
/// word, which is not a name either).
pub fn parse_test_flags(text: &str) -> Result<VerifyFlags, String> {
    if text.is_empty() || text == "NONE" {
        return Ok(VerifyFlags::NONE);
    }
    text.split(',').try_fold(VerifyFlags::NONE, |flags, word| {
        ALL_FLAGS
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, flag)| flags.union(*flag))
            .ok_or_else(|| format!("unknown verification flag {word:?}"))
    })
}

/// The flags Core's tests spell `~flags`: every defined flag not in `flags`.
pub fn complement(flags: VerifyFlags) -> VerifyFlags {
    ALL.without(flags)
}

/// Whether `VerifyScript` accepts the combination: CLEANSTACK needs P2SH and
/// WITNESS, WITNESS needs P2SH. Core: `IsValidFlagCombination`.
pub fn is_valid_flag_combination(flags: VerifyFlags) -> bool {
    let cleanstack_ok = !flags.contains(VerifyFlags::CLEANSTACK)
        || flags.contains(VerifyFlags::P2SH.union(VerifyFlags::WITNESS));
    let witness_ok = !flags.contains(VerifyFlags::WITNESS) || flags.contains(VerifyFlags::P2SH);
    cleanstack_ok && witness_ok
}

/// Adds what the flags imply: CLEANSTACK implies WITNESS, WITNESS implies
/// P2SH. Core: `FillFlags`.
pub fn fill_flags(mut flags: VerifyFlags) -> VerifyFlags {
    if flags.contains(VerifyFlags::CLEANSTACK) {
        flags = flags.union(VerifyFlags::WITNESS);
    }
    if flags.contains(VerifyFlags::WITNESS) {
        flags = flags.union(VerifyFlags::P2SH);
    }
    flags
}

/// Drops what lacks its prerequisite: WITNESS without P2SH, CLEANSTACK
/// without WITNESS. Core: `TrimFlags`.
pub fn trim_flags(mut flags: VerifyFlags) -> VerifyFlags {
    if !flags.contains(VerifyFlags::P2SH) {
        flags = flags.without(VerifyFlags::WITNESS);
    }
    if !flags.contains(VerifyFlags::WITNESS) {
        flags = flags.without(VerifyFlags::CLEANSTACK);
    }
    flags
}

/// Each distinct valid set obtained by removing one flag from `flags` (and
/// trimming what then lacks its prerequisite), excluding `flags` itself.
/// Core: `ExcludeIndividualFlags`.
pub fn exclude_individual_flags(flags: VerifyFlags) -> BTreeSet<VerifyFlags> {
    ALL_FLAGS
        .iter()
        .map(|(_, flag)| trim_flags(flags.without(*flag)))
        .filter(|without_one| *without_one != flags)
        .collect()
}

/// The seed of every monotonicity run, so that a report can be reproduced
/// exactly. (Core draws from a randomly seeded generator instead.)
pub const FLAG_SEED: u64 = 0x6361_6e6f_6e5f_7631; // "canon_v1"

/// A deterministic generator of random flag sets (SplitMix64). It stands in
/// for Core's `m_rng.randbits(MAX_SCRIPT_VERIFY_FLAGS_BITS)`.
#[derive(Debug, Clone)]
pub struct FlagRng(u64);

impl FlagRng {
    /// A generator for case `case`: seeded from [`FLAG_SEED`] and the case
    /// index, so each case's variants do not depend on the cases before it.
    pub fn for_case(case: usize) -> Self {
        FlagRng(FLAG_SEED ^ (case as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniformly random subset of the defined flags.
    pub fn next_flags(&mut self) -> VerifyFlags {
        VerifyFlags((self.next_u64() as u32) & ALL.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_is_strict() {
        assert_eq!(parse_test_flags(""), Ok(VerifyFlags::NONE));
        assert_eq!(parse_test_flags("NONE"), Ok(VerifyFlags::NONE));
        assert_eq!(
            parse_test_flags("P2SH,WITNESS"),
            Ok(VerifyFlags::P2SH.union(VerifyFlags::WITNESS))
        );
        for bad in ["P2SH,", "P2SH, WITNESS", "NONE,P2SH", "BADTX", "p2sh", ","] {
            assert!(parse_test_flags(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn implications() {
        let cleanstack = VerifyFlags::CLEANSTACK;
        let all_three = cleanstack
            .union(VerifyFlags::WITNESS)
            .union(VerifyFlags::P2SH);
        assert_eq!(fill_flags(cleanstack), all_three);
        assert_eq!(
            trim_flags(cleanstack.union(VerifyFlags::WITNESS)),
            VerifyFlags::NONE
        );
        assert!(!is_valid_flag_combination(cleanstack));
        assert!(is_valid_flag_combination(all_three));
        assert_eq!(ALL.0, (1 << 21) - 1);
        assert_eq!(complement(ALL), VerifyFlags::NONE);
        // Removing P2SH from the three also removes what needs it.
        let variants = exclude_individual_flags(all_three);
        assert!(variants.contains(&VerifyFlags::NONE));
        assert!(variants.contains(&VerifyFlags::P2SH));
        assert!(variants.contains(&VerifyFlags::P2SH.union(VerifyFlags::WITNESS)));
        assert_eq!(variants.len(), 3);
    }

    #[test]
    fn rng_is_reproducible_and_in_range() {
        let a: Vec<_> = (0..8)
            .map({
                let mut rng = FlagRng::for_case(7);
                move |_| rng.next_flags()
            })
            .collect();
        let mut rng = FlagRng::for_case(7);
        for flags in &a {
            assert_eq!(rng.next_flags(), *flags);
            assert_eq!(flags.0 & !ALL.0, 0);
        }
        assert_ne!(FlagRng::for_case(8).next_flags(), a[0]);
    }
}
