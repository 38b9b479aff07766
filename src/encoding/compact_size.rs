//! CompactSize, Bitcoin's variable-length unsigned integer.
//!
//! | value                  | encoding                 |
//! |------------------------|--------------------------|
//! | 0 ..= 0xfc             | one byte                 |
//! | 0xfd ..= 0xffff        | `0xfd` + 2 bytes LE      |
//! | 0x10000 ..= 0xffffffff | `0xfe` + 4 bytes LE      |
//! | larger                 | `0xff` + 8 bytes LE      |

use super::{DecodeError, Reader, Writer};

/// The largest length Core accepts for any serialized container
/// (`MAX_SIZE` in `src/serialize.h`, 32 MiB).
pub const MAX_SIZE: u64 = 0x0200_0000;

/// Reads a CompactSize.
///
/// # Consensus
/// The shortest form must be used: a value below 0xfd written with a prefix,
/// or one that fits a shorter prefix, is rejected (`ENC-COMPACTSIZE-CANONICAL`).
/// When `range_check` is set, as for every length prefix, the value may not
/// exceed [`MAX_SIZE`] (`ENC-COMPACTSIZE-MAX-SIZE`). Core: `ReadCompactSize`.
///
/// # Errors
/// [`DecodeError::NonCanonicalCompactSize`], [`DecodeError::CompactSizeTooLarge`],
/// or [`DecodeError::UnexpectedEnd`].
pub fn read_compact_size(r: &mut Reader<'_>, range_check: bool) -> Result<u64, DecodeError> {
    let first = r.read_u8("CompactSize")?;
    let (value, minimum) = match first {
        0xfd => (u64::from(r.read_u16("CompactSize")?), 0xfd),
        0xfe => (u64::from(r.read_u32("CompactSize")?), 0x1_0000),
        0xff => (r.read_u64("CompactSize")?, 0x1_0000_0000),
        small => (u64::from(small), 0),
    };
    if value < minimum {
        return Err(DecodeError::NonCanonicalCompactSize { value });
    }
    if range_check && value > MAX_SIZE {
        return Err(DecodeError::CompactSizeTooLarge { value });
    }
    Ok(value)
}

/// Writes `value` as a CompactSize in its shortest form. Core: `WriteCompactSize`.
pub fn write_compact_size<W: Writer>(w: &mut W, value: u64) {
    match value {
        0..=0xfc => w.put(&[value as u8]),
        0xfd..=0xffff => {
            w.put(&[0xfd]);
            w.put(&(value as u16).to_le_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            w.put(&[0xfe]);
            w.put(&(value as u32).to_le_bytes());
        }
        _ => {
            w.put(&[0xff]);
            w.put(&value.to_le_bytes());
        }
    }
}

/// The number of bytes [`write_compact_size`] writes for `value`.
pub fn compact_size_len(value: u64) -> usize {
    match value {
        0..=0xfc => 1,
        0xfd..=0xffff => 3,
        0x1_0000..=0xffff_ffff => 5,
        _ => 9,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<u64, DecodeError> {
        read_compact_size(&mut Reader::new(bytes), true)
    }

    #[test]
    fn boundaries_round_trip() {
        for v in [0, 0xfc, 0xfd, 0xffff, 0x1_0000, MAX_SIZE] {
            let mut out = Vec::new();
            write_compact_size(&mut out, v);
            assert_eq!(out.len(), compact_size_len(v));
            assert_eq!(read(&out), Ok(v));
        }
    }

    #[test]
    fn non_canonical_forms_fail() {
        assert_eq!(
            read(&[0xfd, 0xfc, 0x00]),
            Err(DecodeError::NonCanonicalCompactSize { value: 0xfc })
        );
        assert_eq!(
            read(&[0xfe, 0xff, 0xff, 0x00, 0x00]),
            Err(DecodeError::NonCanonicalCompactSize { value: 0xffff })
        );
        assert_eq!(
            read(&[0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
            Err(DecodeError::NonCanonicalCompactSize { value: 0xffff_ffff })
        );
    }

    #[test]
    fn max_size_is_inclusive() {
        assert_eq!(read(&[0xfe, 0x00, 0x00, 0x00, 0x02]), Ok(MAX_SIZE));
        assert_eq!(
            read(&[0xfe, 0x01, 0x00, 0x00, 0x02]),
            Err(DecodeError::CompactSizeTooLarge {
                value: MAX_SIZE + 1
            })
        );
        let unchecked = read_compact_size(&mut Reader::new(&[0xfe, 0x01, 0x00, 0x00, 0x02]), false);
        assert_eq!(unchecked, Ok(MAX_SIZE + 1));
    }
}
