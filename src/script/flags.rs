//! Script verification flags, named and numbered as Bitcoin Core's
//! `SCRIPT_VERIFY_*` (`src/script/interpreter.h`).

use std::fmt;

/// A set of `SCRIPT_VERIFY_*` flags. Bit `n` is Core's flag number `n`, so the
/// raw value equals Core's `script_verify_flags` value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct VerifyFlags(pub u32);

/// Every flag: Core's name without the `SCRIPT_VERIFY_` prefix, and its bit.
pub const ALL_FLAGS: [(&str, VerifyFlags); 21] = [
    ("P2SH", VerifyFlags::P2SH),
    ("STRICTENC", VerifyFlags::STRICTENC),
    ("DERSIG", VerifyFlags::DERSIG),
    ("LOW_S", VerifyFlags::LOW_S),
    ("NULLDUMMY", VerifyFlags::NULLDUMMY),
    ("SIGPUSHONLY", VerifyFlags::SIGPUSHONLY),
    ("MINIMALDATA", VerifyFlags::MINIMALDATA),
    (
        "DISCOURAGE_UPGRADABLE_NOPS",
        VerifyFlags::DISCOURAGE_UPGRADABLE_NOPS,
    ),
    ("CLEANSTACK", VerifyFlags::CLEANSTACK),
    ("CHECKLOCKTIMEVERIFY", VerifyFlags::CHECKLOCKTIMEVERIFY),
    ("CHECKSEQUENCEVERIFY", VerifyFlags::CHECKSEQUENCEVERIFY),
    ("WITNESS", VerifyFlags::WITNESS),
    (
        "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
        VerifyFlags::DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
    ),
    ("MINIMALIF", VerifyFlags::MINIMALIF),
    ("NULLFAIL", VerifyFlags::NULLFAIL),
    ("WITNESS_PUBKEYTYPE", VerifyFlags::WITNESS_PUBKEYTYPE),
    ("CONST_SCRIPTCODE", VerifyFlags::CONST_SCRIPTCODE),
    ("TAPROOT", VerifyFlags::TAPROOT),
    (
        "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION",
        VerifyFlags::DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,
    ),
    ("DISCOURAGE_OP_SUCCESS", VerifyFlags::DISCOURAGE_OP_SUCCESS),
    (
        "DISCOURAGE_UPGRADABLE_PUBKEYTYPE",
        VerifyFlags::DISCOURAGE_UPGRADABLE_PUBKEYTYPE,
    ),
];

impl VerifyFlags {
    /// No flags.
    pub const NONE: VerifyFlags = VerifyFlags(0);
    /// Evaluate P2SH subscripts (BIP-0016).
    pub const P2SH: VerifyFlags = VerifyFlags(1 << 0);
    /// Strict signature and public key encodings (policy).
    pub const STRICTENC: VerifyFlags = VerifyFlags(1 << 1);
    /// Strict DER signatures (BIP-0066).
    pub const DERSIG: VerifyFlags = VerifyFlags(1 << 2);
    /// S at most half the curve order (BIP-0062 rule 5; policy).
    pub const LOW_S: VerifyFlags = VerifyFlags(1 << 3);
    /// CHECKMULTISIG's dummy element must be empty (BIP-0147).
    pub const NULLDUMMY: VerifyFlags = VerifyFlags(1 << 4);
    /// scriptSig must be push-only (BIP-0062 rule 2; policy).
    pub const SIGPUSHONLY: VerifyFlags = VerifyFlags(1 << 5);
    /// Minimal pushes and minimal script numbers (BIP-0062 rules 3, 4; policy).
    pub const MINIMALDATA: VerifyFlags = VerifyFlags(1 << 6);
    /// Executed OP_NOP1, OP_NOP4..OP_NOP10 fail (policy).
    pub const DISCOURAGE_UPGRADABLE_NOPS: VerifyFlags = VerifyFlags(1 << 7);
    /// Exactly one stack element must remain (BIP-0062 rule 6; policy).
    pub const CLEANSTACK: VerifyFlags = VerifyFlags(1 << 8);
    /// OP_CHECKLOCKTIMEVERIFY (BIP-0065).
    pub const CHECKLOCKTIMEVERIFY: VerifyFlags = VerifyFlags(1 << 9);
    /// OP_CHECKSEQUENCEVERIFY (BIP-0112).
    pub const CHECKSEQUENCEVERIFY: VerifyFlags = VerifyFlags(1 << 10);
    /// Segregated witness (BIP-0141, BIP-0143).
    pub const WITNESS: VerifyFlags = VerifyFlags(1 << 11);
    /// Witness versions 1-16 (other than taproot) fail (policy).
    pub const DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: VerifyFlags = VerifyFlags(1 << 12);
    /// OP_IF/OP_NOTIF argument must be empty or 0x01 in witness v0 (policy).
    pub const MINIMALIF: VerifyFlags = VerifyFlags(1 << 13);
    /// A failed signature check's signatures must be empty (BIP-0146; policy).
    pub const NULLFAIL: VerifyFlags = VerifyFlags(1 << 14);
    /// Witness v0 public keys must be compressed (policy).
    pub const WITNESS_PUBKEYTYPE: VerifyFlags = VerifyFlags(1 << 15);
    /// OP_CODESEPARATOR and FindAndDelete fail non-segwit scripts (policy).
    pub const CONST_SCRIPTCODE: VerifyFlags = VerifyFlags(1 << 16);
    /// Taproot and tapscript (BIP-0341, BIP-0342).
    pub const TAPROOT: VerifyFlags = VerifyFlags(1 << 17);
    /// Unknown taproot leaf versions fail (policy).
    pub const DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: VerifyFlags = VerifyFlags(1 << 18);
    /// OP_SUCCESSx fails (policy).
    pub const DISCOURAGE_OP_SUCCESS: VerifyFlags = VerifyFlags(1 << 19);
    /// Unknown tapscript public key types fail (policy).
    pub const DISCOURAGE_UPGRADABLE_PUBKEYTYPE: VerifyFlags = VerifyFlags(1 << 20);

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: VerifyFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The union.
    pub const fn union(self, other: VerifyFlags) -> VerifyFlags {
        VerifyFlags(self.0 | other.0)
    }

    /// `self` without the flags of `other`.
    pub const fn without(self, other: VerifyFlags) -> VerifyFlags {
        VerifyFlags(self.0 & !other.0)
    }

    /// Parses Core's test-vector spelling: names without the `SCRIPT_VERIFY_`
    /// prefix, separated by commas; `""` and `"NONE"` are the empty set.
    ///
    /// # Errors
    /// The unknown name.
    pub fn from_names(names: &str) -> Result<VerifyFlags, String> {
        let mut flags = VerifyFlags::NONE;
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "NONE" {
                continue;
            }
            let (_, flag) = ALL_FLAGS
                .iter()
                .find(|(known, _)| *known == name)
                .ok_or_else(|| format!("unknown verify flag {name:?}"))?;
            flags = flags.union(*flag);
        }
        Ok(flags)
    }

    /// The flag names, comma-separated, in bit order.
    pub fn names(self) -> String {
        let names: Vec<&str> = ALL_FLAGS
            .iter()
            .filter(|(_, flag)| self.contains(*flag))
            .map(|(name, _)| *name)
            .collect();
        names.join(",")
    }
}

impl fmt::Debug for VerifyFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyFlags({})", self.names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_bits_match_core() {
        let flags = VerifyFlags::from_names("P2SH,WITNESS,TAPROOT").unwrap();
        assert_eq!(flags.0, (1 << 0) | (1 << 11) | (1 << 17));
        assert_eq!(flags.names(), "P2SH,WITNESS,TAPROOT");
        assert_eq!(VerifyFlags::from_names(""), Ok(VerifyFlags::NONE));
        assert_eq!(VerifyFlags::from_names("NONE"), Ok(VerifyFlags::NONE));
        assert!(VerifyFlags::from_names("P2SH,BOGUS").is_err());
        for (i, (_, flag)) in ALL_FLAGS.iter().enumerate() {
            assert_eq!(flag.0, 1 << i);
        }
    }
}
