//! The compact target encoding ("nBits") and the chain work of a target.

use crate::primitives::uint256::U256;

/// The result of expanding a compact target, with Core's two failure flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpandedTarget {
    /// The 256-bit target (mantissa shifted into place; overflowing bits lost).
    pub target: U256,
    /// The sign bit (0x00800000) was set on a non-zero mantissa.
    pub negative: bool,
    /// The mantissa shifted past 256 bits.
    pub overflow: bool,
}

/// Expands a compact target.
///
/// # Consensus
/// `nBits` is a base-256 floating point number: the top byte is the size in
/// bytes, the low 23 bits the mantissa, bit 23 a sign. A sign bit on a non-zero
/// mantissa makes the target *negative*; a mantissa that does not fit in 256
/// bits makes it *overflow*. Either makes a header's target invalid
/// (`POW-COMPACT-RANGE`). Core: `arith_uint256::SetCompact`.
pub fn expand_compact(bits: u32) -> ExpandedTarget {
    let size = bits >> 24;
    let mut word = bits & 0x007f_ffff;
    let target = if size <= 3 {
        word >>= 8 * (3 - size);
        U256::from_u64(u64::from(word))
    } else {
        U256::from_u64(u64::from(word)).shl(8 * (size - 3))
    };
    let negative = word != 0 && bits & 0x0080_0000 != 0;
    let overflow =
        word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
    ExpandedTarget {
        target,
        negative,
        overflow,
    }
}

/// Compresses a target into its compact form, rounding down to 23 bits of
/// mantissa. Core: `arith_uint256::GetCompact`.
pub fn to_compact(target: U256, negative: bool) -> u32 {
    let mut size = target.bits().div_ceil(8);
    let mut compact = if size <= 3 {
        (target.low_u64() << (8 * (3 - size))) as u32
    } else {
        target.shr(8 * (size - 3)).low_u64() as u32
    };
    // The mantissa's top bit is the sign: move a byte over to keep it clear.
    if compact & 0x0080_0000 != 0 {
        compact >>= 8;
        size += 1;
    }
    compact |= size << 24;
    if negative && compact & 0x007f_ffff != 0 {
        compact |= 0x0080_0000;
    }
    compact
}

/// The expected number of hashes to find a block at `bits`:
/// 2^256 / (target + 1), computed as `~target / (target + 1) + 1` so it fits in
/// 256 bits. An invalid (negative, overflowing or zero) target has no work.
/// Core: `GetBlockProof` in `src/chain.cpp`.
pub fn block_proof(bits: u32) -> U256 {
    let expanded = expand_compact(bits);
    if expanded.negative || expanded.overflow || expanded.target.is_zero() {
        return U256::ZERO;
    }
    let divisor = expanded.target.wrapping_add(U256::ONE);
    expanded
        .target
        .not()
        .checked_div(divisor)
        .expect("target + 1 is not zero: a valid compact target is far below 2^256 - 1")
        .wrapping_add(U256::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases from Core's `arith_uint256_tests.cpp` (`bignum_SetCompact`):
    /// (compact in, hex of target, compact out, negative, overflow).
    #[test]
    fn core_set_compact_cases() {
        let cases: &[(u32, u64, u32, bool, bool)] = &[
            (0, 0, 0, false, false),
            (0x0012_3456, 0, 0, false, false),
            (0x0100_3456, 0, 0, false, false),
            (0x0200_0056, 0, 0, false, false),
            (0x0300_0000, 0, 0, false, false),
            (0x0400_0000, 0, 0, false, false),
            (0x0092_3456, 0, 0, false, false),
            (0x0180_3456, 0, 0, false, false),
            (0x0280_0056, 0, 0, false, false),
            (0x0380_0000, 0, 0, false, false),
            (0x0480_0000, 0, 0, false, false),
            (0x0112_3456, 0x12, 0x0112_0000, false, false),
            (0x0200_8000, 0x80, 0x0200_8000, false, false),
            (0x0112_3456, 0x12, 0x0112_0000, false, false),
            (0x0212_3456, 0x1234, 0x0212_3400, false, false),
            (0x0312_3456, 0x12_3456, 0x0312_3456, false, false),
            (0x0412_3456, 0x1234_5600, 0x0412_3456, false, false),
            (0x0492_3456, 0x1234_5600, 0x0492_3456, true, false),
            (0x0500_9234, 0x92_3400_00, 0x0500_9234, false, false),
        ];
        for &(bits, value, back, negative, overflow) in cases {
            let e = expand_compact(bits);
            assert_eq!(e.target, U256::from_u64(value), "target of {bits:#010x}");
            assert_eq!(
                (e.negative, e.overflow),
                (negative, overflow),
                "flags of {bits:#010x}"
            );
            assert_eq!(
                to_compact(e.target, e.negative),
                back,
                "compact of {bits:#010x}"
            );
        }
    }

    #[test]
    fn large_and_overflowing_targets() {
        let e = expand_compact(0x2012_3456);
        assert_eq!(e.target, U256::from_u64(0x12_3456).shl(8 * 29));
        assert_eq!(to_compact(e.target, false), 0x2012_3456);
        assert!(expand_compact(0xff12_3456).overflow);
        assert!(!expand_compact(0x2200_00ff).overflow);
        assert!(expand_compact(0x2200_0100).overflow);
        assert!(expand_compact(0x2201_0000).overflow);
        assert!(expand_compact(0x2301_0000).overflow);
        assert!(!expand_compact(0x2100_00ff).overflow);
    }

    #[test]
    fn genesis_work() {
        // Mainnet genesis nBits 0x1d00ffff: 0x100010001 hashes expected.
        assert_eq!(block_proof(0x1d00_ffff), U256::from_u64(0x1_0001_0001));
        assert_eq!(block_proof(0x0180_3456), U256::ZERO);
        assert_eq!(block_proof(0), U256::ZERO);
    }
}
