//! Transaction mortality (`sp_runtime::generic::era::Era`): the 1- or 2-byte era of a signed
//! extrinsic, and the birth block whose hash goes into the signing payload (sdk-compat §6.2).
//!
//! Encoding: `0x00` is immortal; otherwise a little-endian `u16` whose low 4 bits are
//! `log2(period) - 1` (clamped to 1..=15) and whose high 12 bits are `phase / quantize_factor`,
//! with `quantize_factor = max(period >> 12, 1)`. Invariants of a decoded mortal era:
//! `4 <= period <= 65_536`, `period` is a power of two and `phase < period`.

use parity_scale_codec::{Decode, Encode, Error as CodecError, Input, Output};
use scale_info::build::{Fields, Variants};
use scale_info::{Path, Type, TypeInfo};

/// Longest mortal period in blocks.
pub const MAX_PERIOD_BLOCKS: u64 = 1 << 16;
/// Shortest mortal period in blocks.
pub const MIN_PERIOD_BLOCKS: u64 = 4;

/// A transaction's era.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Era {
    /// Valid forever; the birth block is genesis.
    #[default]
    Immortal,
    /// Valid for `period` blocks from its birth block.
    Mortal {
        /// Validity length in blocks (a power of two, 4..=65 536).
        period: u64,
        /// `birth % period`.
        phase: u64,
    },
}

impl Era {
    /// The era a client builds for validity `period_blocks` counted from `current_block`
    /// (period rounded up to a power of two and clamped to 4..=65 536, phase quantized).
    pub fn mortal(period_blocks: u64, current_block: u64) -> Era {
        let period = period_blocks
            .checked_next_power_of_two()
            .unwrap_or(MAX_PERIOD_BLOCKS)
            .clamp(MIN_PERIOD_BLOCKS, MAX_PERIOD_BLOCKS);
        let phase = current_block % period;
        let quantize_factor = (period >> 12).max(1);
        Era::Mortal {
            period,
            phase: phase / quantize_factor * quantize_factor,
        }
    }

    /// The block the era counts from, seen from `current_block`:
    /// `(max(current, phase) - phase) / period * period + phase`; 0 when immortal.
    pub fn birth(self, current_block: u64) -> u64 {
        match self {
            Era::Immortal => 0,
            Era::Mortal { period, phase } => {
                // A hand-built `period` of 0 counts as 1 (decoded eras have period >= 4).
                let period = period.max(1);
                (current_block.max(phase) - phase) / period * period + phase
            }
        }
    }

    /// First block at which the era is no longer valid (`u64::MAX` when immortal).
    pub fn death(self, current_block: u64) -> u64 {
        match self {
            Era::Immortal => u64::MAX,
            Era::Mortal { period, .. } => self.birth(current_block).saturating_add(period),
        }
    }

    /// The encoded era: 1 byte (immortal) or 2 bytes.
    fn encoded_u16(period: u64, phase: u64) -> u16 {
        let quantize_factor = (period >> 12).max(1);
        let low4 = u64::from(period.trailing_zeros())
            .saturating_sub(1)
            .clamp(1, 15);
        let high12 = (phase / quantize_factor) << 4;
        // period <= 2^16 and phase < period, so high12 < 2^16 and the sum fits.
        u16::try_from(low4 | high12).unwrap_or(u16::MAX)
    }
}

impl Encode for Era {
    fn size_hint(&self) -> usize {
        match self {
            Era::Immortal => 1,
            Era::Mortal { .. } => 2,
        }
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        match *self {
            Era::Immortal => dest.push_byte(0),
            Era::Mortal { period, phase } => {
                dest.write(&Era::encoded_u16(period, phase).to_le_bytes())
            }
        }
    }
}

impl Decode for Era {
    fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
        let first = input.read_byte()?;
        if first == 0 {
            return Ok(Era::Immortal);
        }
        let encoded = u64::from(first) | (u64::from(input.read_byte()?) << 8);
        let period = 2u64 << (encoded % 16);
        let quantize_factor = (period >> 12).max(1);
        let phase = (encoded >> 4) * quantize_factor;
        if period >= MIN_PERIOD_BLOCKS && phase < period {
            Ok(Era::Mortal { period, phase })
        } else {
            Err("invalid period and phase in era".into())
        }
    }
}

/// Upstream describes the era as an enum: `Immortal` (index 0, no fields) and `MortalN` (index
/// N, one `u8` field) for N in 1..=255, which is exactly the byte layout above.
impl TypeInfo for Era {
    type Identity = Self;

    fn type_info() -> Type {
        let mut variants = Variants::new().variant("Immortal", |v| v.index(0));
        for index in 1..=255u8 {
            variants = variants.variant(mortal_names()[usize::from(index)], |v| {
                v.index(index)
                    .fields(Fields::unnamed().field(|f| f.ty::<u8>()))
            });
        }
        Type::builder()
            .path(Path::new("Era", "sp_runtime::generic::era"))
            .variant(variants)
    }
}

/// `"Mortal0"` (unused), `"Mortal1"`, …, `"Mortal255"`: built and leaked once per process,
/// because scale-info names are `&'static str`.
fn mortal_names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        (0..=255u16)
            .map(|index| &*Box::leak(format!("Mortal{index}").into_boxed_str()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn client_vectors() {
        assert_eq!(
            Era::decode(&mut &[0x53, 0x00][..]).unwrap(),
            Era::Mortal {
                period: 16,
                phase: 5
            }
        );
        assert_eq!(
            Era::decode(&mut &[0x66, 0x06][..]).unwrap(),
            Era::Mortal {
                period: 128,
                phase: 102
            }
        );
        assert_eq!(
            Era::Mortal {
                period: 16,
                phase: 5
            }
            .encode(),
            vec![0x53, 0x00]
        );
        assert_eq!(
            Era::Mortal {
                period: 128,
                phase: 102
            }
            .encode(),
            vec![0x66, 0x06]
        );
        assert_eq!(Era::Immortal.encode(), vec![0x00]);
    }

    #[test]
    fn birth_matches_the_client_formula() {
        let era = Era::mortal(16, 1_000);
        assert_eq!(
            era,
            Era::Mortal {
                period: 16,
                phase: 1_000 % 16
            }
        );
        assert_eq!(era.birth(1_000), 1_000);
        assert_eq!(era.birth(1_010), 1_000);
        assert_eq!(era.birth(1_016), 1_016);
        assert_eq!(era.death(1_000), 1_016);
        assert_eq!(Era::Immortal.birth(77), 0);
        assert_eq!(
            Era::Mortal {
                period: 16,
                phase: 5
            }
            .birth(3),
            5
        );
    }

    #[test]
    fn names_are_mortal_n() {
        assert_eq!(mortal_names()[1], "Mortal1");
        assert_eq!(mortal_names()[255], "Mortal255");
    }
}
