//! A filter of any of several ranges of one `u64` field's indexed terms, read into one bit
//! set per segment.
//!
//! An audience filter with several items (`US` ≥ 20% or `GB` ≥ 20%) is one range of share
//! terms per item. As a union of range queries, each range is a bit set of its own and the
//! union seeks through all of them, refilling a window per seek, when an intersection with
//! the text asks whether a match passes: most of an audience-weighted search at a million
//! creators. One bit set of every range answers each such question with one lookup.
//!
//! One search runs its filters in several passes (the text's matches with the total and
//! facets, the creators of the query's niche, further blocks of a deep page), each reading the
//! same share terms again: [`FilterSets`] keeps the bit sets one search has read, for its
//! other passes. It lives as long as that search, never across searches.

use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// Matches the documents holding a term of `field` in any of `ranges` (inclusive).
#[derive(Debug, Clone)]
pub(crate) struct TermRangesQuery {
    field: Field,
    ranges: Vec<RangeInclusive<u64>>,
    /// Where the bit sets read for this filter are kept for the search's other passes.
    sets: Option<Arc<FilterSets>>,
}

impl TermRangesQuery {
    pub(crate) fn new(
        field: Field,
        ranges: Vec<RangeInclusive<u64>>,
        sets: Option<Arc<FilterSets>>,
    ) -> TermRangesQuery {
        TermRangesQuery {
            field,
            ranges,
            sets,
        }
    }

    /// The documents of `reader`'s segment holding a term in any of the ranges.
    fn read(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let inverted = reader.inverted_index(self.field)?;
        let bytes = |value: u64| {
            Term::from_field_u64(self.field, value)
                .serialized_value_bytes()
                .to_vec()
        };
        for range in &self.ranges {
            let mut terms = inverted
                .terms()
                .range()
                .ge(bytes(*range.start()))
                .le(bytes(*range.end()))
                .without_keys()
                .into_stream()?;
            while terms.advance() {
                let mut postings = inverted
                    .read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                while !postings.docs().is_empty() {
                    for &doc in postings.docs() {
                        docs.insert(doc);
                    }
                    postings.advance();
                }
            }
        }
        Ok(docs)
    }
}

/// The filter bit sets one search has read, by segment, field and ranges (see the module
/// documentation). A set is only ever read from an immutable segment's terms, so a copy
/// stays true for as long as the segment exists; deletes are applied by the collectors.
#[derive(Default)]
pub struct FilterSets {
    read: Mutex<Vec<ReadSet>>,
}

struct ReadSet {
    segment: SegmentId,
    field: Field,
    ranges: Vec<RangeInclusive<u64>>,
    docs: Arc<BitSet>,
}

impl FilterSets {
    /// The bit set of `query` on `reader`'s segment: a copy of the one read before, or read
    /// now and kept.
    fn get_or_read(
        &self,
        query: &TermRangesQuery,
        reader: &SegmentReader,
    ) -> tantivy::Result<BitSet> {
        let segment = reader.segment_id();
        let found = |read: &[ReadSet]| {
            read.iter()
                .find(|set| {
                    set.segment == segment && set.field == query.field && set.ranges == query.ranges
                })
                .map(|set| Arc::clone(&set.docs))
        };
        let kept = found(&self.read.lock().unwrap_or_else(PoisonError::into_inner));
        if let Some(docs) = kept {
            return Ok(BitSet::clone(&docs));
        }
        let docs = query.read(reader)?;
        let mut read = self.read.lock().unwrap_or_else(PoisonError::into_inner);
        // Another pass of the search may have read it meanwhile: keep one.
        if found(&read).is_none() {
            read.push(ReadSet {
                segment,
                field: query.field,
                ranges: query.ranges.clone(),
                docs: Arc::new(docs.clone()),
            });
        }
        Ok(docs)
    }

    /// How many bit sets were read and kept.
    pub fn len(&self) -> usize {
        self.read
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no bit set was kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
impl FilterSets {
    /// Replaces every kept set by `docs`: a later pass that reads its set from here, and not
    /// from the index, then shows it.
    pub(crate) fn replace_kept(&self, docs: &BitSet) {
        for set in self
            .read
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter_mut()
        {
            set.docs = Arc::new(docs.clone());
        }
    }
}

impl std::fmt::Debug for FilterSets {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "FilterSets({} kept)", self.len())
    }
}

impl Query for TermRangesQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for TermRangesQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = match &self.sets {
            Some(sets) => sets.get_or_read(self, reader)?,
            None => self.read(reader)?,
        };
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("TermRangesQuery", 1.0))
    }
}
