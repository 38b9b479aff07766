//! The wire encoding: a byte reader and writer, CompactSize, and the
//! [`Encode`]/[`Decode`] traits every primitive implements.
//!
//! Bitcoin Core's equivalent is `src/serialize.h` and `src/streams.h`. The rules
//! are listed in `spec/encoding.md`.

mod compact_size;
mod error;
mod reader;

pub use compact_size::{compact_size_len, read_compact_size, write_compact_size, MAX_SIZE};
pub use error::DecodeError;
pub use reader::Reader;

/// A sink for encoded bytes: a `Vec<u8>`, or a hash engine so that an object is
/// hashed without first being copied into a buffer.
pub trait Writer {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);
}

impl Writer for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Counts bytes without storing them: sizes are computed by encoding into it.
#[derive(Debug, Default, Clone, Copy)]
pub struct SizeCounter(pub usize);

impl Writer for SizeCounter {
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// An object with a wire encoding.
pub trait Encode {
    /// Writes the encoding of `self` to `w`.
    fn encode<W: Writer>(&self, w: &mut W);

    /// The encoding as a fresh byte vector.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// The length of the encoding in bytes.
    fn encoded_len(&self) -> usize {
        let mut counter = SizeCounter::default();
        self.encode(&mut counter);
        counter.0
    }
}

/// An object that can be read off the wire.
pub trait Decode: Sized {
    /// Reads one object from `r`, leaving `r` just after it.
    ///
    /// # Errors
    /// Any [`DecodeError`] the object's format rules name.
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Decodes an object that must span all of `bytes`.
    ///
    /// # Errors
    /// As [`Decode::decode`], and [`DecodeError::TrailingData`] if bytes remain.
    fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let value = Self::decode(&mut r)?;
        r.finish()?;
        Ok(value)
    }
}

/// Writes a little-endian `u32`.
pub fn write_u32<W: Writer>(w: &mut W, v: u32) {
    w.put(&v.to_le_bytes());
}

/// Writes a little-endian `i64`.
pub fn write_i64<W: Writer>(w: &mut W, v: i64) {
    w.put(&v.to_le_bytes());
}

/// Writes a CompactSize length followed by the bytes (Core: a
/// `std::vector<unsigned char>` or `CScript`).
pub fn write_var_bytes<W: Writer>(w: &mut W, bytes: &[u8]) {
    write_compact_size(w, bytes.len() as u64);
    w.put(bytes);
}

/// Writes a CompactSize count followed by each element.
pub fn write_vec<W: Writer, T: Encode>(w: &mut W, items: &[T]) {
    write_compact_size(w, items.len() as u64);
    for item in items {
        item.encode(w);
    }
}
