//! A cursor over a byte slice that never reads past its end and never
//! allocates more than the bytes it still holds could fill.

use super::{read_compact_size, DecodeError};

/// A forward-only cursor over borrowed bytes.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader positioned at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The whole input, read and unread.
    pub fn input(&self) -> &'a [u8] {
        self.bytes
    }

    /// Fails with [`DecodeError::TrailingData`] unless every byte was read.
    ///
    /// # Errors
    /// [`DecodeError::TrailingData`].
    pub fn finish(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            remaining => Err(DecodeError::TrailingData { remaining }),
        }
    }

    /// The next `n` bytes, borrowed.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`] if fewer than `n` bytes remain.
    pub fn take(&mut self, n: usize, reading: &'static str) -> Result<&'a [u8], DecodeError> {
        if n > self.remaining() {
            return Err(DecodeError::UnexpectedEnd {
                reading,
                needed: n,
                remaining: self.remaining(),
            });
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// The next `N` bytes as an array.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`].
    pub fn read_array<const N: usize>(
        &mut self,
        reading: &'static str,
    ) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, reading)?);
        Ok(out)
    }

    /// Reads one byte.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`].
    pub fn read_u8(&mut self, reading: &'static str) -> Result<u8, DecodeError> {
        Ok(self.read_array::<1>(reading)?[0])
    }

    /// Reads a little-endian `u16`.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`].
    pub fn read_u16(&mut self, reading: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.read_array(reading)?))
    }

    /// Reads a little-endian `u32`.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`].
    pub fn read_u32(&mut self, reading: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.read_array(reading)?))
    }

    /// Reads a little-endian `u64`.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`].
    pub fn read_u64(&mut self, reading: &'static str) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.read_array(reading)?))
    }

    /// Reads a little-endian `i64`.
    ///
    /// # Errors
    /// [`DecodeError::UnexpectedEnd`].
    pub fn read_i64(&mut self, reading: &'static str) -> Result<i64, DecodeError> {
        Ok(i64::from_le_bytes(self.read_array(reading)?))
    }

    /// Reads a CompactSize element count and checks that the remaining bytes
    /// could hold that many elements of at least `min_element_len` bytes each,
    /// so the caller may reserve that much without trusting the wire
    /// (`ENC-LENGTH-BOUNDED`).
    ///
    /// # Errors
    /// [`DecodeError::LengthExceedsInput`], or the errors of
    /// [`read_compact_size`] with its `MAX_SIZE` check.
    pub fn read_count(
        &mut self,
        min_element_len: usize,
        reading: &'static str,
    ) -> Result<usize, DecodeError> {
        let claimed = read_compact_size(self, true)?;
        let fits = (self.remaining() / min_element_len.max(1)) as u64;
        if claimed > fits {
            return Err(DecodeError::LengthExceedsInput {
                reading,
                claimed,
                remaining: self.remaining(),
            });
        }
        Ok(claimed as usize)
    }

    /// Reads a CompactSize length and that many bytes, borrowed.
    ///
    /// # Errors
    /// As [`Reader::read_count`].
    pub fn read_var_bytes(&mut self, reading: &'static str) -> Result<&'a [u8], DecodeError> {
        let len = self.read_count(1, reading)?;
        self.take(len, reading)
    }

    /// Reads a CompactSize count and that many elements with `element`.
    ///
    /// # Errors
    /// As [`Reader::read_count`], and whatever `element` returns.
    pub fn read_vec<T>(
        &mut self,
        min_element_len: usize,
        reading: &'static str,
        mut element: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let count = self.read_count(min_element_len, reading)?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(element(self)?);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lying_length_fails_before_allocating() {
        // Claims 0xffffffff... capped by MAX_SIZE first; a claim within MAX_SIZE
        // that the input cannot hold fails on the length check instead.
        let bytes = [0xfe, 0x00, 0x00, 0x00, 0x01, 0xaa];
        let err = Reader::new(&bytes).read_var_bytes("script").unwrap_err();
        assert_eq!(
            err,
            DecodeError::LengthExceedsInput {
                reading: "script",
                claimed: 0x0100_0000,
                remaining: 1
            }
        );
        assert_eq!(err.token(), "end of data");
    }

    #[test]
    fn truncated_integer_reports_what_was_read() {
        let err = Reader::new(&[1, 2, 3]).read_u32("version").unwrap_err();
        assert_eq!(
            err,
            DecodeError::UnexpectedEnd {
                reading: "version",
                needed: 4,
                remaining: 3
            }
        );
    }

    #[test]
    fn finish_reports_trailing_bytes() {
        let mut r = Reader::new(&[1, 2]);
        r.read_u8("byte").unwrap();
        assert_eq!(r.finish(), Err(DecodeError::TrailingData { remaining: 1 }));
    }
}
