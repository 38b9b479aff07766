//! Reading Core's block files (`blk*.dat`): blocks stored one after another,
//! each framed as `[4-byte network magic][4-byte little-endian length][block]`.
//! Core: `BlockManager::WriteBlock` (`src/node/blockstorage.cpp`),
//! `LoadExternalBlockFile` (`src/validation.cpp`).

use std::fmt;

use crate::encoding::{Decode, DecodeError};
use crate::primitives::Block;

/// The largest block frame Core reads. Core: `MAX_BLOCK_SERIALIZED_SIZE`.
pub const MAX_BLOCK_SERIALIZED_SIZE: usize = 4_000_000;

/// Why a block file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockFileError {
    /// A frame does not start with the network's magic.
    WrongMagic {
        /// The frame's offset in the file.
        offset: usize,
        /// The four bytes found.
        found: [u8; 4],
    },
    /// The file ends inside a frame.
    Truncated {
        /// The frame's offset.
        offset: usize,
        /// Bytes the frame needs.
        needed: usize,
        /// Bytes left in the file.
        available: usize,
    },
    /// A frame's length is below a header's 80 bytes or above
    /// `MAX_BLOCK_SERIALIZED_SIZE`.
    BadLength {
        /// The frame's offset.
        offset: usize,
        /// The length it claims.
        length: usize,
    },
    /// A frame's bytes are not exactly one block.
    Decode {
        /// The frame's offset.
        offset: usize,
        /// Why the block did not decode.
        error: DecodeError,
    },
}

impl fmt::Display for BlockFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockFileError::WrongMagic { offset, found } => write!(
                f,
                "wrong network magic {} at offset {offset}",
                hex::encode(found)
            ),
            BlockFileError::Truncated {
                offset,
                needed,
                available,
            } => write!(
                f,
                "truncated frame at offset {offset}: needs {needed} bytes, {available} left"
            ),
            BlockFileError::BadLength { offset, length } => {
                write!(
                    f,
                    "frame at offset {offset} claims an impossible length {length}"
                )
            }
            BlockFileError::Decode { offset, error } => {
                write!(f, "frame at offset {offset} is not a block: {error}")
            }
        }
    }
}

impl std::error::Error for BlockFileError {}

/// Reads every block of a block file, in file order.
///
/// The file ends at its last byte, or where only zero bytes remain: Core
/// preallocates block files and leaves the unused tail zeroed.
///
/// # Errors
/// [`BlockFileError`] for the first frame that cannot be read.
pub fn read_block_file(bytes: &[u8], magic: [u8; 4]) -> Result<Vec<Block>, BlockFileError> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() && bytes[offset..].iter().any(|&b| b != 0) {
        let rest = &bytes[offset..];
        if rest.len() < 8 {
            return Err(BlockFileError::Truncated {
                offset,
                needed: 8,
                available: rest.len(),
            });
        }
        let found: [u8; 4] = rest[..4].try_into().expect("four bytes");
        if found != magic {
            return Err(BlockFileError::WrongMagic { offset, found });
        }
        let length = u32::from_le_bytes(rest[4..8].try_into().expect("four bytes")) as usize;
        if !(80..=MAX_BLOCK_SERIALIZED_SIZE).contains(&length) {
            return Err(BlockFileError::BadLength { offset, length });
        }
        let body = rest.get(8..8 + length).ok_or(BlockFileError::Truncated {
            offset,
            needed: 8 + length,
            available: rest.len(),
        })?;
        let block =
            Block::from_bytes(body).map_err(|error| BlockFileError::Decode { offset, error })?;
        blocks.push(block);
        offset += 8 + length;
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::Encode;
    use crate::params::{genesis_block, Network};

    const MAGIC: [u8; 4] = [0xf9, 0xbe, 0xb4, 0xd9];

    fn frame(block: &Block) -> Vec<u8> {
        let body = block.to_bytes();
        let mut out = MAGIC.to_vec();
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        out
    }

    #[test]
    fn reads_frames_and_stops_at_zero_padding() {
        let genesis = genesis_block(Network::Main);
        let mut file = frame(&genesis);
        file.extend(frame(&genesis));
        file.extend([0u8; 100]);
        assert_eq!(read_block_file(&file, MAGIC).unwrap().len(), 2);
    }

    #[test]
    fn wrong_magic_and_truncation_are_errors() {
        let genesis = genesis_block(Network::Main);
        let file = frame(&genesis);
        assert!(matches!(
            read_block_file(&file, [0xfa, 0xbf, 0xb5, 0xda]),
            Err(BlockFileError::WrongMagic { offset: 0, .. })
        ));
        let cut = &file[..file.len() - 1];
        assert!(matches!(
            read_block_file(cut, MAGIC),
            Err(BlockFileError::Truncated { offset: 0, .. })
        ));
        assert!(matches!(
            read_block_file(&file[..6], MAGIC),
            Err(BlockFileError::Truncated { needed: 8, .. })
        ));
    }
}
