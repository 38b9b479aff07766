//! A 256-bit unsigned integer, just large enough for proof of work.
//!
//! Core: `arith_uint256` (`src/arith_uint256.h`). Arithmetic wraps modulo 2^256
//! as Core's does; division by zero is refused rather than undefined.

use std::cmp::Ordering;
use std::fmt;

/// An unsigned 256-bit integer stored as four 64-bit limbs, least significant first.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct U256(pub [u64; 4]);

impl U256 {
    /// Zero.
    pub const ZERO: U256 = U256([0; 4]);
    /// One.
    pub const ONE: U256 = U256([1, 0, 0, 0]);
    /// 2^256 - 1.
    pub const MAX: U256 = U256([u64::MAX; 4]);

    /// The value of a `u64`.
    pub const fn from_u64(v: u64) -> U256 {
        U256([v, 0, 0, 0])
    }

    /// Reads 32 little-endian bytes (the internal order of a hash): Core's
    /// `UintToArith256`.
    pub fn from_le_bytes(bytes: [u8; 32]) -> U256 {
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let mut chunk = [0u8; 8];
            chunk.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            *limb = u64::from_le_bytes(chunk);
        }
        U256(limbs)
    }

    /// The 32 little-endian bytes of the value: Core's `ArithToUint256`.
    pub fn to_le_bytes(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, limb) in self.0.iter().enumerate() {
            out[i * 8..i * 8 + 8].copy_from_slice(&limb.to_le_bytes());
        }
        out
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self == U256::ZERO
    }

    /// The lowest 64 bits. Core: `GetLow64`.
    pub fn low_u64(self) -> u64 {
        self.0[0]
    }

    /// The position of the highest set bit plus one; 0 for zero. Core: `bits`.
    pub fn bits(self) -> u32 {
        for i in (0..4).rev() {
            if self.0[i] != 0 {
                return 64 * i as u32 + (64 - self.0[i].leading_zeros());
            }
        }
        0
    }

    /// Whether bit `n` is set.
    fn bit(self, n: u32) -> bool {
        (self.0[(n / 64) as usize] >> (n % 64)) & 1 == 1
    }

    /// Shift left by `shift` bits; bits shifted past 2^256 are lost, and a
    /// shift of 256 or more gives zero (as Core's `operator<<=`).
    pub fn shl(self, shift: u32) -> U256 {
        let mut out = [0u64; 4];
        let (limbs, bits) = ((shift / 64) as usize, shift % 64);
        for i in (limbs..4).rev() {
            out[i] = self.0[i - limbs] << bits;
            if bits > 0 && i > limbs {
                out[i] |= self.0[i - limbs - 1] >> (64 - bits);
            }
        }
        U256(out)
    }

    /// Shift right by `shift` bits; 256 or more gives zero.
    pub fn shr(self, shift: u32) -> U256 {
        let mut out = [0u64; 4];
        let (limbs, bits) = ((shift / 64) as usize, shift % 64);
        for i in 0..4usize.saturating_sub(limbs) {
            out[i] = self.0[i + limbs] >> bits;
            if bits > 0 && i + limbs + 1 < 4 {
                out[i] |= self.0[i + limbs + 1] << (64 - bits);
            }
        }
        U256(out)
    }

    /// Sum modulo 2^256.
    pub fn wrapping_add(self, other: U256) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (i, limb) in out.iter_mut().enumerate() {
            let (sum, c1) = self.0[i].overflowing_add(other.0[i]);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            *limb = sum;
            carry = c1 || c2;
        }
        U256(out)
    }

    /// Difference modulo 2^256.
    pub fn wrapping_sub(self, other: U256) -> U256 {
        self.wrapping_add(other.not().wrapping_add(U256::ONE))
    }

    /// Product with a 64-bit value modulo 2^256 (Core's `operator*=(uint32_t)`
    /// and retargeting's multiply by a timespan).
    pub fn wrapping_mul_u64(self, factor: u64) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (i, limb) in out.iter_mut().enumerate() {
            let wide = u128::from(self.0[i]) * u128::from(factor) + carry;
            *limb = wide as u64;
            carry = wide >> 64;
        }
        U256(out)
    }

    /// Bitwise complement. Core: `operator~`.
    pub fn not(self) -> U256 {
        U256(self.0.map(|limb| !limb))
    }

    /// Quotient, by schoolbook binary long division; `None` when dividing by zero.
    pub fn checked_div(self, divisor: U256) -> Option<U256> {
        if divisor.is_zero() {
            return None;
        }
        let mut quotient = U256::ZERO;
        let mut remainder = U256::ZERO;
        for n in (0..self.bits()).rev() {
            remainder = remainder.shl(1);
            if self.bit(n) {
                remainder.0[0] |= 1;
            }
            if remainder >= divisor {
                remainder = remainder.wrapping_sub(divisor);
                quotient.0[(n / 64) as usize] |= 1 << (n % 64);
            }
        }
        Some(quotient)
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Big-endian hex, 64 digits, as Core's `GetHex` shows an `arith_uint256`.
impl fmt::Display for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for limb in self.0.iter().rev() {
            write!(f, "{limb:016x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U256({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_cross_limbs() {
        let one = U256::ONE;
        assert_eq!(one.shl(64), U256([0, 1, 0, 0]));
        assert_eq!(one.shl(255).shr(255), one);
        assert_eq!(one.shl(256), U256::ZERO);
        assert_eq!(U256::MAX.shr(300), U256::ZERO);
        assert_eq!(U256([0, 1, 0, 0]).shr(1), U256([1 << 63, 0, 0, 0]));
    }

    #[test]
    fn division_matches_u128_where_it_fits() {
        let cases = [(u128::MAX, 3u128), (12345678901234567890123, 98765), (7, 9)];
        for (a, b) in cases {
            let big = |v: u128| U256([v as u64, (v >> 64) as u64, 0, 0]);
            assert_eq!(big(a).checked_div(big(b)), Some(big(a / b)));
        }
        assert_eq!(U256::ONE.checked_div(U256::ZERO), None);
    }

    #[test]
    fn add_sub_mul_wrap() {
        assert_eq!(U256::MAX.wrapping_add(U256::ONE), U256::ZERO);
        assert_eq!(U256::ZERO.wrapping_sub(U256::ONE), U256::MAX);
        assert_eq!(
            U256::from_u64(u64::MAX).wrapping_mul_u64(2),
            U256([u64::MAX - 1, 1, 0, 0])
        );
        assert_eq!(U256::from_u64(5).bits(), 3);
        assert!(U256([0, 0, 0, 1]) > U256([u64::MAX, u64::MAX, u64::MAX, 0]));
    }
}
