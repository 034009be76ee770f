//! Creator ids by term ordinal of a segment's id column, decoded once per segment.
//!
//! A page of candidates reads a few hundred ids. Each read through a term dictionary walks
//! it anew (the id field's FST in the inverted index, or the column's zstd-compressed
//! sstable blocks): at a million creators that was a tenth of a search. One pass over the
//! dictionary lays every id out in ordinal order instead (~25 bytes per creator).

use tantivy::columnar::StrColumn;

use crate::error::IndexError;

/// The ids of one segment's id column, in term ordinal order.
pub(crate) struct IdTable {
    /// Every id, one after the other.
    text: String,
    /// Where the id of each ordinal ends in `text`.
    ends: Vec<usize>,
}

impl IdTable {
    /// Reads every term of `column`'s dictionary.
    pub(crate) fn read(column: &StrColumn) -> Result<IdTable, IndexError> {
        let dictionary = column.dictionary();
        let mut text = String::new();
        let mut ends = Vec::with_capacity(dictionary.num_terms());
        let mut terms = dictionary.stream().map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let id = std::str::from_utf8(terms.key())
                .map_err(|error| IndexError::Corrupt(format!("creator id: {error}")))?;
            text.push_str(id);
            ends.push(text.len());
        }
        Ok(IdTable { text, ends })
    }

    /// The id of term ordinal `ord`.
    pub(crate) fn get(&self, ord: u64) -> Option<&str> {
        let ord = usize::try_from(ord).ok()?;
        let end = *self.ends.get(ord)?;
        let start = match ord {
            0 => 0,
            _ => self.ends[ord - 1],
        };
        self.text.get(start..end)
    }
}
