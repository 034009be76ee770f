//! A filter of any of several ranges of one `u64` field's indexed terms, read into one bit
//! set per segment.
//!
//! An audience filter with several items (`US` ≥ 20% or `GB` ≥ 20%) is one range of share
//! terms per item. As a union of range queries, each range is a bit set of its own and the
//! union seeks through all of them, refilling a window per seek, when an intersection with
//! the text asks whether a match passes: most of an audience-weighted search at a million
//! creators. One bit set of every range answers each such question with one lookup.

use std::ops::RangeInclusive;

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
}

impl TermRangesQuery {
    pub(crate) fn new(field: Field, ranges: Vec<RangeInclusive<u64>>) -> TermRangesQuery {
        TermRangesQuery { field, ranges }
    }
}

impl Query for TermRangesQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for TermRangesQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
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
