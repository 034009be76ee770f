//! The audience estimate as a fast field, for ranking against a brief's audience target.
//!
//! Ranking scores the audience of a few hundred candidates per search. Reading each from the
//! stored insights meant decompressing a doc store block and parsing the JSON of the whole
//! document (its floats digit by digit) per candidate; the fast field holds the same estimate
//! in a compact binary form read straight from the column. It decodes to the very same
//! [`AudienceEstimate`] (every key, share, confidence and count, floats bit for bit).
//!
//! A document's values in the `u64` column, in order (a column keeps a document's values in
//! the order they were added, merges included): the byte length of the encoding, then its
//! bytes eight to a value, little-endian. The encoding: a format byte; the estimate's sample
//! size (`u32`) and human weight (`f64`); then per dimension (age, gender, country, language)
//! its confidence (`f64`), sample size (`u32`), share count (`u8`) and each share as the key's
//! byte length (`u8`), the key and the share (`f64`). Numbers are little-endian.
//!
//! An estimate that does not fit the encoding (a key over 255 bytes, more than 255 shares in
//! a dimension, a count over `u32`) is written as a lone length of 0: its reader falls back to
//! the stored insights. A document without an estimate has no values.

use scout_models::audience::{DimensionEstimate, Share};
use scout_models::AudienceEstimate;
use tantivy::columnar::Column;
use tantivy::DocId;

use crate::error::IndexError;

/// Fast-field name of the encoded audience estimate.
pub(crate) const AUDIENCE_FIELD: &str = "audience";

/// The encoding's format byte.
const FORMAT: u8 = 1;

/// The column values of `estimate`: `[0]` when it does not fit the encoding (see the module
/// docs).
pub(crate) fn encode_audience(estimate: &AudienceEstimate) -> Vec<u64> {
    let mut bytes = Vec::with_capacity(256);
    if write_estimate(estimate, &mut bytes).is_none() {
        return vec![0];
    }
    let mut values = Vec::with_capacity(1 + bytes.len().div_ceil(8));
    values.push(bytes.len() as u64);
    values.extend(bytes.chunks(8).map(|chunk| {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        u64::from_le_bytes(word)
    }));
    values
}

fn write_estimate(estimate: &AudienceEstimate, bytes: &mut Vec<u8>) -> Option<()> {
    bytes.push(FORMAT);
    bytes.extend_from_slice(&u32::try_from(estimate.sample_size).ok()?.to_le_bytes());
    bytes.extend_from_slice(&estimate.human_weight.to_le_bytes());
    for dimension in estimate.dimensions() {
        bytes.extend_from_slice(&dimension.confidence.to_le_bytes());
        bytes.extend_from_slice(&u32::try_from(dimension.sample_size).ok()?.to_le_bytes());
        bytes.push(u8::try_from(dimension.shares.len()).ok()?);
        for share in &dimension.shares {
            bytes.push(u8::try_from(share.key.len()).ok()?);
            bytes.extend_from_slice(share.key.as_bytes());
            bytes.extend_from_slice(&share.share.to_le_bytes());
        }
    }
    Some(())
}

/// What the column holds for one document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ColumnAudience {
    /// No estimate was indexed.
    Absent,
    /// The estimate.
    Estimate(AudienceEstimate),
    /// An estimate the column could not hold: read the stored insights.
    Stored,
}

/// The audience column of one segment, with a buffer reused across documents.
#[derive(Clone)]
pub(crate) struct AudienceColumn {
    column: Column<u64>,
    bytes: Vec<u8>,
}

impl AudienceColumn {
    pub(crate) fn new(column: Column<u64>) -> AudienceColumn {
        AudienceColumn {
            column,
            bytes: Vec::with_capacity(512),
        }
    }

    /// The estimate of document `doc`.
    pub(crate) fn read(&mut self, doc: DocId) -> Result<ColumnAudience, IndexError> {
        let mut values = self.column.values_for_doc(doc);
        let Some(length) = values.next() else {
            return Ok(ColumnAudience::Absent);
        };
        if length == 0 {
            return Ok(ColumnAudience::Stored);
        }
        let length = usize::try_from(length).map_err(|_| corrupt("length"))?;
        self.bytes.clear();
        for value in values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
        if self.bytes.len() < length || self.bytes.len() - length >= 8 {
            return Err(corrupt("length"));
        }
        self.bytes.truncate(length);
        decode_estimate(&self.bytes).map(ColumnAudience::Estimate)
    }
}

fn corrupt(what: &str) -> IndexError {
    IndexError::Corrupt(format!("audience column: bad {what}"))
}

/// Reads the bytes written by [`write_estimate`].
fn decode_estimate(bytes: &[u8]) -> Result<AudienceEstimate, IndexError> {
    let mut reader = Reader { bytes };
    if reader.take(1)?[0] != FORMAT {
        return Err(corrupt("format"));
    }
    let sample_size = reader.u32()? as usize;
    let human_weight = reader.f64()?;
    let mut dimension = || -> Result<DimensionEstimate, IndexError> {
        let confidence = reader.f64()?;
        let sample_size = reader.u32()? as usize;
        let count = usize::from(reader.take(1)?[0]);
        let mut shares = Vec::with_capacity(count);
        for _ in 0..count {
            let key_length = usize::from(reader.take(1)?[0]);
            let key = std::str::from_utf8(reader.take(key_length)?)
                .map_err(|_| corrupt("key"))?
                .to_string();
            shares.push(Share {
                key,
                share: reader.f64()?,
            });
        }
        Ok(DimensionEstimate {
            shares,
            confidence,
            sample_size,
        })
    };
    let age = dimension()?;
    let gender = dimension()?;
    let country = dimension()?;
    let language = dimension()?;
    if !reader.bytes.is_empty() {
        return Err(corrupt("length"));
    }
    Ok(AudienceEstimate {
        age,
        gender,
        country,
        language,
        sample_size,
        human_weight,
    })
}

/// Reads the encoding front to back.
struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    fn take(&mut self, count: usize) -> Result<&'b [u8], IndexError> {
        if self.bytes.len() < count {
            return Err(corrupt("length"));
        }
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, IndexError> {
        let mut word = [0u8; 4];
        word.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(word))
    }

    fn f64(&mut self) -> Result<f64, IndexError> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(f64::from_le_bytes(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(values: &[u64]) -> Result<AudienceEstimate, IndexError> {
        let length = values[0] as usize;
        let bytes: Vec<u8> = values[1..]
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .take(length)
            .collect();
        decode_estimate(&bytes)
    }

    #[test]
    fn estimates_round_trip_bit_for_bit() {
        let mut estimate = crate::search::hit_tests::estimate("BR", 0.1 + 0.2);
        estimate.country.shares.push(Share {
            key: "pt".to_string(),
            share: 1.0 / 3.0,
        });
        estimate.language.shares.clear();
        estimate.language.confidence = f64::MIN_POSITIVE;
        estimate.human_weight = -0.0;
        estimate.gender.sample_size = u32::MAX as usize;
        let values = encode_audience(&estimate);
        assert_eq!(values.len(), 1 + (values[0] as usize).div_ceil(8));
        let decoded = decode(&values).unwrap();
        assert_eq!(decoded, estimate);
        assert_eq!(decoded.human_weight.to_bits(), (-0.0f64).to_bits());
        // Cut short, too long, or another format: an error, never a wrong estimate.
        let mut bytes: Vec<u8> = Vec::new();
        write_estimate(&estimate, &mut bytes).unwrap();
        assert!(decode_estimate(&bytes[..bytes.len() - 1]).is_err());
        assert!(decode_estimate(&[bytes.as_slice(), &[0]].concat()).is_err());
        bytes[0] = FORMAT + 1;
        assert!(decode_estimate(&bytes).is_err());
    }

    #[test]
    fn estimates_the_encoding_cannot_hold_are_marked_for_the_stored_insights() {
        let mut long_key = crate::search::hit_tests::estimate("BR", 0.5);
        long_key.country.shares[0].key = "x".repeat(256);
        assert_eq!(encode_audience(&long_key), vec![0]);
        let mut huge = crate::search::hit_tests::estimate("BR", 0.5);
        huge.sample_size = u32::MAX as usize + 1;
        assert_eq!(encode_audience(&huge), vec![0]);
    }
}
