//! Header rules met by a whole block: proof of work (`POW-HIGH-HASH`), the
//! required bits (`HDR-DIFFBITS`), the time window (`HDR-TIME-TOO-OLD`,
//! `HDR-TIME-TOO-NEW`) and the version floor of the buried deployments
//! (`HDR-VERSION`). Core: `CheckBlockHeader`, `ContextualCheckBlockHeader`.

use super::{block_file, unmine, Cases, Fixture};
use crate::conformance::generate::GeneratedFile;

/// `vectors/block/header.json`.
pub fn file(fx: &Fixture) -> GeneratedFile {
    let mut cases = Cases::new(fx);
    time_too_old(&mut cases, fx);
    time_too_new(&mut cases, fx);
    version(&mut cases, fx);
    bits(&mut cases, fx);
    block_file(
        "block/header.json",
        "Header rules on a block at height 111: proof of work, bits, time window, version",
        &[fx],
        cases.cases,
    )
}

/// `HDR-TIME-TOO-OLD`: the time must be above the parent's median time past.
fn time_too_old(cases: &mut Cases, fx: &Fixture) {
    let mtp = fx.mtp(fx.height()) as u32;
    let rules = &["HDR-TIME-TOO-OLD"];
    let at = |time: u32| {
        let mut b = fx.next();
        b.time = time;
        fx.build(&b)
    };
    cases.reject(
        "time-equals-mtp",
        "The time equals the median time past of the last 11 blocks: not after it",
        rules,
        &at(mtp),
        "time-too-old",
    );
    cases.reject(
        "time-below-mtp",
        "The time is one second before the median time past",
        rules,
        &at(mtp - 1),
        "time-too-old",
    );
    cases.reject("time-zero", "The time is 0", rules, &at(0), "time-too-old");
    cases.ok(
        "time-mtp-plus-one",
        "The time is one second after the median time past: the earliest allowed",
        rules,
        &at(mtp + 1),
    );
    cases.ok(
        "time-before-parent",
        "The time is one second before the parent's but after the median time past: \
         block times need not increase",
        rules,
        &at(fx.time(fx.height()) - 1),
    );
}

/// `HDR-TIME-TOO-NEW`: at most two hours after the local clock. The block
/// times of the corpus lie in 2011; 0xF0000000 is in 2097.
fn time_too_new(cases: &mut Cases, fx: &Fixture) {
    let rules = &["HDR-TIME-TOO-NEW"];
    let at = |time: u32| {
        let mut b = fx.next();
        b.time = time;
        fx.build(&b)
    };
    cases.reject(
        "time-far-future",
        "The time is 0xF0000000 (the year 2097): more than two hours after any clock \
         that runs the corpus (Core: BLOCK_TIME_FUTURE)",
        rules,
        &at(0xF000_0000),
        "time-too-new",
    );
    cases.reject(
        "time-max",
        "The time is 0xFFFFFFFF, the largest a header holds",
        rules,
        &at(u32::MAX),
        "time-too-new",
    );
    cases.ok(
        "time-spacing",
        "The time is the parent's plus 600 s, long in the past",
        &["HDR-TIME-TOO-NEW", "HDR-TIME-TOO-OLD"],
        &at(fx.time(fx.height()) + 600),
    );
}

/// `HDR-VERSION`: regtest buries BIP-0034, -0066 and -0065 at height 1, so
/// from there a version below 2, 3 and 4 is refused; the version is signed.
fn version(cases: &mut Cases, fx: &Fixture) {
    let rules = &["HDR-VERSION"];
    let with = |version: i32| {
        let mut b = fx.next();
        b.version = version;
        fx.build(&b)
    };
    let refused: [(i32, &str, &str); 6] = [
        (1, "version-1", "Version 1, below BIP-0034's 2"),
        (2, "version-2", "Version 2, below BIP-0066's 3"),
        (
            3,
            "version-3",
            "Version 3, below BIP-0065's 4: one below the floor",
        ),
        (0, "version-0", "Version 0"),
        (
            -1,
            "version-minus-1",
            "Version -1 (0xffffffff): compared signed, so below 4",
        ),
        (
            i32::MIN,
            "version-i32-min",
            "Version 0x80000000, the smallest signed version",
        ),
    ];
    for (version, id, description) in refused {
        let reason = format!("bad-version(0x{version:08x})");
        cases.reject(id, description, rules, &with(version), &reason);
    }
    let kept: [(i32, &str, &str); 3] = [
        (4, "version-4", "Version 4: exactly the floor"),
        (
            0x2000_0000,
            "version-bip9",
            "Version 0x20000000, the BIP-0009 top bits",
        ),
        (
            i32::MAX,
            "version-i32-max",
            "Version 0x7fffffff, the largest signed version",
        ),
    ];
    for (version, id, description) in kept {
        cases.ok(id, description, rules, &with(version));
    }
}

/// `POW-HIGH-HASH` and `HDR-DIFFBITS`: the hash meets a valid target, and
/// the bits are exactly the required ones (on regtest always the limit,
/// 0x207fffff: `POW-NO-RETARGET`).
fn bits(cases: &mut Cases, fx: &Fixture) {
    let params = fx.params();
    let mut unmined = fx.build(&fx.next());
    unmine(&mut unmined, params);
    cases.reject(
        "hash-above-target",
        "Regtest bits, but a nonce whose hash is above the target",
        &["POW-HIGH-HASH"],
        &unmined,
        "high-hash",
    );
    let invalid: [(u32, &str, &str); 4] = [
        (
            0x2100_ffff,
            "bits-above-limit",
            "Bits 0x2100ffff: a target above the regtest limit, whatever the hash",
        ),
        (
            0x20ff_ffff,
            "bits-negative",
            "Bits 0x20ffffff: the sign bit makes the target negative",
        ),
        (0x2000_0000, "bits-zero", "Bits 0x20000000: a zero target"),
        (
            0xff12_3456,
            "bits-overflow",
            "Bits 0xff123456: the target overflows 256 bits",
        ),
    ];
    for (bits, id, description) in invalid {
        let mut b = fx.next();
        b.bits = bits;
        let mut block = b.assemble(params);
        block.header.nonce = 0;
        cases.reject(
            id,
            description,
            &["POW-HIGH-HASH", "POW-COMPACT-RANGE"],
            &block,
            "high-hash",
        );
    }
    let harder: [(u32, &str, &str); 2] = [
        (
            0x207f_fffe,
            "bits-one-below-limit",
            "Bits 0x207ffffe, met by the hash, but not the required 0x207fffff",
        ),
        (
            0x1f7f_ffff,
            "bits-harder",
            "Bits 0x1f7fffff, a target 256 times harder, met by the hash: not the required bits",
        ),
    ];
    for (bits, id, description) in harder {
        let mut b = fx.next();
        b.bits = bits;
        cases.reject(
            id,
            description,
            &["HDR-DIFFBITS", "POW-NO-RETARGET"],
            &fx.build(&b),
            "bad-diffbits",
        );
    }
    cases.ok(
        "bits-required",
        "The required bits 0x207fffff (regtest's limit, never retargeted) and a hash that meets them",
        &["POW-HIGH-HASH", "HDR-DIFFBITS", "POW-NO-RETARGET"],
        &fx.build(&fx.next()),
    );
}
