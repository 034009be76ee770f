//! The per-segment tables searches read (facet values by document, hit columns with the
//! creator ids), and the reader's warmer that reads them for new segments before a reload
//! makes those segments searchable.
//!
//! Without the warmer, the first search to touch a new segment reads its tables: ~0.2–0.3 s
//! for a segment of a million creators, paid by whichever query comes first after a commit.
//! A serving process warms; a process that writes in batches (`scout index`) does not, as
//! its own reloads would read tables no search asks for. tantivy runs the clean-up on a thread
//! of its own that lives as long as the process, one per warmed reader.

use std::collections::BTreeSet;

use tantivy::index::SegmentId;
use tantivy::{Searcher, SearcherGeneration, Warmer};

use super::facet_count::FacetTables;
use super::query::HitColumns;
use super::segment_cache::SegmentCache;

/// The tables of the segments searched (or warmed) lately.
#[derive(Default)]
pub(crate) struct SegmentTables {
    /// Each segment's facet values by document, for facet counts.
    pub(crate) facets: FacetTables,
    /// Each segment's columns that hits are read from (its creator ids included).
    pub(crate) hits: SegmentCache<HitColumns>,
    /// The reader warms these tables and forgets those of dead segments (see
    /// [`Warmer::garbage_collect`]); otherwise searches forget them.
    warmed: bool,
}

impl SegmentTables {
    /// Tables a reader's warmer fills (`warmed`), or searches alone.
    pub(crate) fn new(warmed: bool) -> SegmentTables {
        SegmentTables {
            warmed,
            ..SegmentTables::default()
        }
    }

    /// Before a search on `searcher`: forgets the tables of segments it does not search,
    /// unless the warmer keeps them. A warmed reader must not prune here: a search still on
    /// the previous searcher would drop the tables just read for the next one.
    pub(crate) fn prune_for(&self, searcher: &Searcher, facets: bool) {
        if self.warmed {
            return;
        }
        if facets {
            self.facets.keep_only(searcher);
        }
        self.hits.keep_only(searcher);
    }
}

impl Warmer for SegmentTables {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            // A table that cannot be read is left to the first search, which reports why.
            if let Err(error) = self.hits.of(reader, HitColumns::open) {
                tracing::warn!(%error, segment = %reader.segment_id().short_uuid_string(), "hit columns not warmed");
            }
            if let Err(error) = self.facets.warm(reader) {
                tracing::warn!(%error, segment = %reader.segment_id().short_uuid_string(), "facet table not warmed");
            }
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: Vec<SegmentId> = live_generations
            .iter()
            .flat_map(|generation| generation.segments().keys().copied())
            .collect::<BTreeSet<SegmentId>>()
            .into_iter()
            .collect();
        self.facets.keep_segments(&live);
        self.hits.keep_segments(&live);
    }
}
