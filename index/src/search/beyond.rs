//! What a search matched, kept for a later search that counts only what it did not: a
//! text search's matches, then the creators a niche adds to them (see
//! [`super::SearchIndex::search_beyond`]).

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{BitSet, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// The documents a search matched, per segment of the searcher it ran on (kept with them,
/// so that a later search sees the same segments and document numbers).
pub struct MatchedDocs {
    pub(crate) searcher: Searcher,
    /// By segment ordinal; `None` where nothing matched or nothing was kept.
    segments: Vec<Option<Arc<BitSet>>>,
}

impl MatchedDocs {
    pub(crate) fn new(searcher: Searcher, kept: Vec<(SegmentOrdinal, BitSet)>) -> MatchedDocs {
        let mut segments = vec![None; searcher.segment_readers().len()];
        for (segment, matched) in kept {
            if let Some(slot) = segments.get_mut(segment as usize) {
                *slot = Some(Arc::new(matched));
            }
        }
        MatchedDocs { searcher, segments }
    }

    /// The number of documents kept.
    pub fn len(&self) -> usize {
        self.segments
            .iter()
            .flatten()
            .map(|matched| matched.len())
            .sum()
    }

    /// No document was kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for MatchedDocs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatchedDocs")
            .field("segments", &self.segments.len())
            .field("documents", &self.len())
            .finish()
    }
}

/// `inner`, collecting only the documents `matched` does not hold.
pub(crate) struct Beyond<'m, C> {
    pub(crate) matched: &'m MatchedDocs,
    pub(crate) inner: C,
}

impl<C: Collector> Collector for Beyond<'_, C> {
    type Fruit = C::Fruit;
    type Child = BeyondSegment<C::Child>;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(BeyondSegment {
            matched: self
                .matched
                .segments
                .get(segment as usize)
                .cloned()
                .flatten(),
            inner: self.inner.for_segment(segment, reader)?,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        self.inner.merge_fruits(fruits)
    }
}

/// One segment of [`Beyond`].
pub(crate) struct BeyondSegment<S> {
    matched: Option<Arc<BitSet>>,
    inner: S,
}

impl<S: SegmentCollector> SegmentCollector for BeyondSegment<S> {
    type Fruit = S::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self
            .matched
            .as_ref()
            .is_none_or(|matched| !matched.contains(doc))
        {
            self.inner.collect(doc, score);
        }
    }

    fn harvest(self) -> S::Fruit {
        self.inner.harvest()
    }
}
