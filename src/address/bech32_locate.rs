//! Locating the characters that break a bech32 or bech32m checksum, as Core
//! does to point a user at a mistyped address. Core: `bech32::LocateErrors`
//! (its checksum part), `Syndrome`, `GenerateGFTables`.
//!
//! The checksum is a BCH code over GF(32) whose generator is the least common
//! multiple of the minimal polynomials of e^997, e^998 and e^999, where e
//! generates GF(1024) = GF(32)[x] / (x^2 + 9x + 23). A string's residue
//! (after removing the encoding's constant) is the error polynomial E(x)
//! modulo the generator, so E(e^997), E(e^998) and E(e^999), the syndromes,
//! are computable from it. One error, or two, can be solved for from them.
//! Core reports positions, never corrections: a user must check the address.

use super::bech32::{checksum_input, polymod, Bech32Error, Encoding};

/// GF(32) is GF(2)[a] / (a^5 + a^3 + 1), elements packed as 5 bits.
const GF32_MODULUS: usize = 0b10_1001;

/// Powers of a in GF(32) (`[0]` is a^0) and their logarithms (`-1` for zero).
const GF32: ([usize; 31], [i32; 32]) = gf32_tables();

const fn gf32_tables() -> ([usize; 31], [i32; 32]) {
    let (mut exp, mut log) = ([0usize; 31], [-1i32; 32]);
    let mut v = 1;
    let mut i = 0;
    while i < 31 {
        exp[i] = v;
        log[v] = i as i32;
        v <<= 1;
        if v & 32 != 0 {
            v ^= GF32_MODULUS;
        }
        i += 1;
    }
    (exp, log)
}

/// Multiplies a nonzero GF(32) element by another (zero allowed) via logarithms.
const fn gf32_mul(a: usize, b: usize) -> usize {
    if a == 0 || b == 0 {
        return 0;
    }
    GF32.0[(GF32.1[a] + GF32.1[b]) as usize % 31]
}

/// Powers of e in GF(1024) (`[k]` is e^k) and their logarithms (`-1` for
/// zero). An element v1*e + v0 is packed as `v1 << 5 | v0`; multiplying by
/// e uses e^2 = 9e + 23. Core: `GenerateGFTables`.
const GF1024: ([i32; 1023], [i32; 1024]) = gf1024_tables();

const fn gf1024_tables() -> ([i32; 1023], [i32; 1024]) {
    let (mut exp, mut log) = ([0i32; 1023], [-1i32; 1024]);
    let mut v = 1usize;
    let mut i = 0;
    while i < 1023 {
        exp[i] = v as i32;
        log[v] = i as i32;
        let (v1, v0) = (v >> 5, v & 31);
        v = (gf32_mul(v1, 9) ^ v0) << 5 | gf32_mul(v1, 23);
        i += 1;
    }
    (exp, log)
}

fn gf_exp(k: i64) -> i32 {
    GF1024.0[k.rem_euclid(1023) as usize]
}

fn gf_log(v: i32) -> i64 {
    i64::from(GF1024.1[v as usize])
}

/// For each bit of each residue coefficient, the three syndromes it
/// contributes, packed 10 bits apiece (e^999 highest). Core: `SYNDROME_CONSTS`.
const SYNDROME_CONSTANTS: [u32; 25] = syndrome_constants();

const fn syndrome_constants() -> [u32; 25] {
    let mut out = [0u32; 25];
    let mut k = 1;
    while k < 6 {
        let mut shift = 0;
        while shift < 5 {
            let b = GF1024.1[1 << shift] as usize;
            let s0 = GF1024.0[(997 * k + b) % 1023] as u32;
            let s1 = GF1024.0[(998 * k + b) % 1023] as u32;
            let s2 = GF1024.0[(999 * k + b) % 1023] as u32;
            out[5 * (k - 1) + shift] = s2 << 20 | s1 << 10 | s0;
            shift += 1;
        }
        k += 1;
    }
    out
}

/// The syndromes E(e^997), E(e^998), E(e^999) of a residue. Core: `Syndrome`.
fn syndromes(residue: u32) -> [i32; 3] {
    let low = residue & 0x1f;
    let mut packed = low ^ (low << 10) ^ (low << 20);
    for (i, constant) in SYNDROME_CONSTANTS.iter().enumerate() {
        if (residue >> (5 + i)) & 1 == 1 {
            packed ^= constant;
        }
    }
    [packed & 0x3ff, (packed >> 10) & 0x3ff, packed >> 20].map(|s| s as i32)
}

/// The diagnosis of a string that passed every check but the checksum:
/// Core's `LocateErrors` tries bech32 then bech32m and keeps the encoding
/// that explains the string with the fewest errors.
pub(super) fn locate_checksum_errors(s: &[u8], hrp: &[u8], values: &[u8]) -> Bech32Error {
    let input = checksum_input(hrp, values);
    let mut best: Vec<usize> = Vec::new();
    let mut best_encoding = None;
    for encoding in [Encoding::Bech32, Encoding::Bech32m] {
        let residue = polymod(&input) ^ encoding.constant();
        // Neither residue is zero: the caller found no valid checksum.
        let found = error_positions(residue, values.len(), s.len());
        if best.is_empty() || (!found.is_empty() && found.len() < best.len()) {
            best = found;
            if !best.is_empty() {
                best_encoding = Some(encoding);
            }
        }
    }
    match best_encoding {
        Some(Encoding::Bech32) => Bech32Error::InvalidBech32Checksum { positions: best },
        Some(Encoding::Bech32m) => Bech32Error::InvalidBech32mChecksum { positions: best },
        None => Bech32Error::InvalidChecksum,
    }
}

/// The string offsets (left to right) of one or two errors that explain a
/// nonzero residue, or none. Positions count from the right end of the data
/// part, of `length` values, in a string of `string_len` bytes.
fn error_positions(residue: u32, length: usize, string_len: usize) -> Vec<usize> {
    let [s0, s1, s2] = syndromes(residue);
    let (l0, l1, l2) = (gf_log(s0), gf_log(s1), gf_log(s2));
    let length = length as i64;
    let offset = |p: i64| string_len - 1 - p as usize;
    // One error e1 at p1: s1/s0 = s2/s1 = e^p1, so s1^2 = s0*s2.
    if l0 != -1 && l1 != -1 && l2 != -1 && (2 * l1 - l2 - l0 + 2046) % 1023 == 0 {
        let p1 = (l1 - l0 + 1023) % 1023;
        let l_e1 = l0 + (1023 - 997) * p1;
        // e1 must be a GF(32) element, i.e. a power of e^33.
        if p1 < length && l_e1 % 33 == 0 {
            return vec![offset(p1)];
        }
        return Vec::new();
    }
    // Two errors: guess p1, solve for p2, then check both values lie in GF(32).
    for p1 in 0..length {
        let s2_s1p1 = s2 ^ if s1 == 0 { 0 } else { gf_exp(l1 + p1) };
        if s2_s1p1 == 0 {
            continue;
        }
        let s1_s0p1 = s1 ^ if s0 == 0 { 0 } else { gf_exp(l0 + p1) };
        if s1_s0p1 == 0 {
            continue;
        }
        let p2 = (gf_log(s2_s1p1) - gf_log(s1_s0p1) + 1023) % 1023;
        if p2 >= length || p1 == p2 {
            continue;
        }
        let s1_s0p2 = s1 ^ if s0 == 0 { 0 } else { gf_exp(l0 + p2) };
        if s1_s0p2 == 0 {
            continue;
        }
        // The log of 1 / (e^p1 + e^p2).
        let inverse = 1023 - gf_log(gf_exp(p1) ^ gf_exp(p2));
        let l_e2 = gf_log(s1_s0p1) + inverse + (1023 - 997) * p2;
        let l_e1 = gf_log(s1_s0p2) + inverse + (1023 - 997) * p1;
        if l_e2 % 33 != 0 || l_e1 % 33 != 0 {
            continue;
        }
        // The larger distance from the right end is the leftmost offset.
        let (left, right) = if p1 > p2 { (p1, p2) } else { (p2, p1) };
        return vec![offset(left), offset(right)];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        assert_eq!(GF32.0[0], 1);
        for (k, &v) in GF1024.0.iter().enumerate() {
            assert_eq!(gf_log(v), k as i64);
        }
        // e^1023 = 1: e generates the whole multiplicative group.
        assert_eq!(gf_exp(1023), 1);
        // The first constant is e^999 || e^998 || e^997.
        let packed = (gf_exp(999) as u32) << 20 | (gf_exp(998) as u32) << 10 | gf_exp(997) as u32;
        assert_eq!(SYNDROME_CONSTANTS[0], packed);
        assert_eq!(packed, 0x3d01_95bd);
    }
}
