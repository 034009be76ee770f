//! Facet counts of every match, from a table of each document's facet values.
//!
//! tantivy's `FacetCollector` counts the same thing, but each search maps the segment's
//! whole facet dictionary onto the asked roots, reads each match's facet ordinals from the
//! column (an optional index, a start-offset column and a bit-packed value column per
//! document), and turns every counted value back into a path with one dictionary look-up
//! each. Here each segment's facet values are laid out once as bucket numbers per document
//! (a segment never changes; the table is dropped with the segment), so counting a match
//! is a few array reads. Most creators share their combination of values with many others
//! (a million creators hold ~40,000 distinct ones), so where a segment has few enough
//! distinct combinations a match counts one combination, and the combinations are spread
//! into values once per search. The counts are the collector's exactly: a creator counts
//! once per value (deeper paths count for the value they are under, a bare root counts for
//! nothing).

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::BitSet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::query::{facet_counts, IndexFacets, FACET_ROOTS};
use super::segment_cache::SegmentCache;

/// The facet field's name.
const FACETS_FIELD: &str = "facets";

/// Counts the matches (like `Count`) and, when `facets` is set, their facet values per root
/// of [`FACET_ROOTS`]; when `keep` is set, it also keeps which documents matched.
pub(crate) struct FacetCounter<'t> {
    pub(crate) facets: bool,
    pub(crate) keep: bool,
    pub(crate) tables: &'t FacetTables,
}

/// Per root of [`FACET_ROOTS`], each value's count, and the number of matches.
#[derive(Debug, Default)]
pub(crate) struct FacetTally {
    pub(crate) matches: usize,
    pub(crate) roots: [HashMap<String, u64>; FACET_ROOTS.len()],
    /// The matched documents of each segment with a match, when kept.
    pub(crate) matched: Vec<(SegmentOrdinal, BitSet)>,
}

impl FacetTally {
    /// The counts as a search reports them: largest first, ties by value.
    pub(crate) fn into_facets(self) -> IndexFacets {
        let [platform, niche, tier, country, language] = self.roots.map(facet_counts);
        IndexFacets {
            platform,
            niche,
            tier,
            country,
            language,
        }
    }
}

/// One segment's facet values: the buckets (`(root, value)` pairs) of each document.
pub(crate) struct FacetTable {
    layout: Layout,
    /// `(root position, value)` of each bucket.
    names: Vec<(usize, String)>,
}

/// Where a document's buckets are.
enum Layout {
    /// The distinct rows of [`Layout::Packed`] (`stride` bytes each) and each document's
    /// row: a count adds one per match to its row, and spreads the rows into buckets once.
    Rows {
        stride: usize,
        rows: Vec<u8>,
        row_of: Vec<u16>,
    },
    /// Up to [`MAX_PACKED_SLOTS`] buckets per document, below [`NO_BUCKET`], in `stride`
    /// bytes per document (unused slots hold [`NO_BUCKET`]): a creator's platform, tier,
    /// niche, country and languages take a few bytes, and a count reads one small array in
    /// document order.
    Packed { stride: usize, slots: Vec<u8> },
    /// Any number of buckets: `starts[doc]..starts[doc + 1]` are the document's entries in
    /// `buckets`.
    Ranges { starts: Vec<u32>, buckets: Vec<u32> },
}

/// The slot value of no bucket in [`Layout::Packed`] (counted in a counter never read).
const NO_BUCKET: u8 = u8::MAX;

/// Most buckets of one document in [`Layout::Packed`].
const MAX_PACKED_SLOTS: usize = 8;

/// Most distinct rows of a [`Layout::Rows`] table (a row number fits in `u16`).
const MAX_ROWS: usize = u16::MAX as usize + 1;

impl FacetTable {
    /// Reads the facet column of `reader` (every document, deleted ones too).
    /// Packs the buckets when no document has more than `packed_slots`, and numbers the
    /// packed rows when there are at most `max_rows` distinct ones.
    fn read(
        reader: &SegmentReader,
        packed_slots: usize,
        max_rows: usize,
    ) -> tantivy::Result<FacetTable> {
        let Some(column) = reader.fast_fields().str(FACETS_FIELD)? else {
            return Err(tantivy::TantivyError::SchemaError(format!(
                "no facet column {FACETS_FIELD}"
            )));
        };
        // One walk of the dictionary names the bucket of every facet ordinal.
        let dictionary = column.dictionary();
        let mut bucket_of: Vec<Option<u32>> = Vec::with_capacity(dictionary.num_terms());
        let mut names: Vec<(usize, String)> = Vec::new();
        let mut positions: HashMap<(usize, Vec<u8>), u32> = HashMap::new();
        let mut terms = dictionary.stream()?;
        while terms.advance() {
            // An encoded facet joins its path's segments with 0 bytes.
            let mut segments = terms.key().split(|byte| *byte == 0);
            let root = segments.next().unwrap_or_default();
            let value = segments.next();
            let root = FACET_ROOTS.iter().position(|name| name.as_bytes() == root);
            bucket_of.push(match (root, value) {
                (Some(root), Some(value)) => {
                    let next = names.len() as u32;
                    let bucket = *positions.entry((root, value.to_vec())).or_insert(next);
                    if bucket == next {
                        names.push((root, String::from_utf8_lossy(value).into_owned()));
                    }
                    Some(bucket)
                }
                _ => None,
            });
        }
        let max_doc = reader.max_doc();
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut buckets = Vec::new();
        let ords = column.ords();
        for doc in 0..max_doc {
            starts.push(buckets.len() as u32);
            // As tantivy's collector: a run of ordinals in one bucket counts once (the
            // ordinals of a document are sorted), uncounted ordinals break a run.
            let mut previous = None;
            for ord in ords.values_for_doc(doc) {
                let bucket = bucket_of.get(ord as usize).copied().flatten();
                if bucket != previous {
                    if let Some(bucket) = bucket {
                        buckets.push(bucket);
                    }
                }
                previous = bucket;
            }
        }
        starts.push(buckets.len() as u32);
        let widest = starts
            .windows(2)
            .map(|bounds| (bounds[1] - bounds[0]) as usize)
            .max()
            .unwrap_or(0);
        let layout = if names.len() < usize::from(NO_BUCKET) && widest <= packed_slots {
            let stride = widest.max(1);
            let mut slots = vec![NO_BUCKET; max_doc as usize * stride];
            for (doc, bounds) in starts.windows(2).enumerate() {
                let of_doc = &buckets[bounds[0] as usize..bounds[1] as usize];
                for (slot, &bucket) in slots[doc * stride..].iter_mut().zip(of_doc) {
                    *slot = bucket as u8;
                }
            }
            distinct_rows(stride, &slots, max_rows).unwrap_or(Layout::Packed { stride, slots })
        } else {
            Layout::Ranges { starts, buckets }
        };
        Ok(FacetTable { layout, names })
    }

    /// Counts the buckets of `doc` into `counts` ([`FacetTable::counters`] of them; in the
    /// rows layout, one per row: see [`FacetTable::bucket_counts`]).
    #[inline]
    fn count(&self, doc: usize, counts: &mut [u64]) {
        match &self.layout {
            Layout::Rows { row_of, .. } => counts[usize::from(row_of[doc])] += 1,
            Layout::Packed { stride, slots } => {
                for &bucket in &slots[doc * stride..(doc + 1) * stride] {
                    counts[usize::from(bucket)] += 1;
                }
            }
            Layout::Ranges { starts, buckets } => {
                let range = starts[doc] as usize..starts[doc + 1] as usize;
                for &bucket in &buckets[range] {
                    counts[bucket as usize] += 1;
                }
            }
        }
    }

    /// Counters a count needs.
    fn counters(&self) -> usize {
        match &self.layout {
            Layout::Rows { stride, rows, .. } => rows.len() / stride,
            Layout::Packed { .. } => usize::from(NO_BUCKET) + 1,
            Layout::Ranges { .. } => self.names.len(),
        }
    }

    /// The layout's name.
    #[cfg(test)]
    fn layout(&self) -> &'static str {
        match self.layout {
            Layout::Rows { .. } => "rows",
            Layout::Packed { .. } => "packed",
            Layout::Ranges { .. } => "ranges",
        }
    }

    /// The count of each bucket from the `counts` of [`FacetTable::count`].
    fn bucket_counts(&self, counts: Vec<u64>) -> Vec<u64> {
        let Layout::Rows { stride, rows, .. } = &self.layout else {
            return counts;
        };
        let mut buckets = vec![0; usize::from(NO_BUCKET) + 1];
        for (row, count) in rows.chunks_exact(*stride).zip(counts) {
            if count > 0 {
                for &bucket in row {
                    buckets[usize::from(bucket)] += count;
                }
            }
        }
        buckets
    }
}

/// The rows layout of the packed `slots` (`stride` per document), if they hold at most
/// `max_rows` distinct rows.
fn distinct_rows(stride: usize, slots: &[u8], max_rows: usize) -> Option<Layout> {
    let max_rows = max_rows.min(MAX_ROWS);
    let mut number: HashMap<&[u8], u16, foldhash::fast::RandomState> = HashMap::default();
    let mut rows = Vec::new();
    let mut row_of = Vec::with_capacity(slots.len() / stride);
    for row in slots.chunks_exact(stride) {
        let next = number.len();
        let numbered = match number.get(row) {
            Some(numbered) => *numbered,
            None if next < max_rows => {
                let numbered = u16::try_from(next).ok()?;
                rows.extend_from_slice(row);
                *number.entry(row).or_insert(numbered)
            }
            None => return None,
        };
        row_of.push(numbered);
    }
    Some(Layout::Rows {
        stride,
        rows,
        row_of,
    })
}

/// The facet tables of the segments searched lately, each read on first use.
pub(crate) struct FacetTables {
    tables: SegmentCache<FacetTable>,
    /// Most buckets of a document in a packed table.
    packed_slots: usize,
    /// Most distinct rows of a rows table.
    max_rows: usize,
}

impl Default for FacetTables {
    fn default() -> Self {
        FacetTables {
            tables: SegmentCache::default(),
            packed_slots: MAX_PACKED_SLOTS,
            max_rows: MAX_ROWS,
        }
    }
}

impl FacetTables {
    /// The table of the segment `reader` reads.
    fn of(&self, reader: &SegmentReader) -> tantivy::Result<Arc<FacetTable>> {
        self.tables.of(reader, |reader| {
            FacetTable::read(reader, self.packed_slots, self.max_rows)
        })
    }

    /// Reads the table of the segment `reader` reads, if no search has yet.
    pub(crate) fn warm(&self, reader: &SegmentReader) -> tantivy::Result<()> {
        self.of(reader).map(drop)
    }

    /// Forgets the tables of segments `searcher` does not search (merged away, deleted).
    pub(crate) fn keep_only(&self, searcher: &tantivy::Searcher) {
        self.tables.keep_only(searcher);
    }

    /// Forgets the tables of every segment not in `live`.
    pub(crate) fn keep_segments(&self, live: &[tantivy::index::SegmentId]) {
        self.tables.keep_segments(live);
    }

    /// Segments with a table.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.tables.len()
    }
}

/// One segment's count.
pub(crate) struct SegmentFacetCounter {
    /// The segment's table (`None`: only matches are counted).
    table: Option<Arc<FacetTable>>,
    /// A counter per bucket.
    counts: Vec<u64>,
    matches: usize,
    /// The segment and its matched documents, when kept.
    matched: Option<(SegmentOrdinal, BitSet)>,
}

impl Collector for FacetCounter<'_> {
    type Fruit = FacetTally;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let table = match self.facets {
            true => Some(self.tables.of(reader)?),
            false => None,
        };
        Ok(SegmentFacetCounter {
            counts: vec![0; table.as_ref().map_or(0, |table| table.counters())],
            table,
            matches: 0,
            matched: self
                .keep
                .then(|| (segment, BitSet::with_max_value(reader.max_doc()))),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FacetTally>) -> tantivy::Result<FacetTally> {
        let mut merged = FacetTally::default();
        for segment in segments {
            merged.matches += segment.matches;
            merged.matched.extend(segment.matched);
            for (into, from) in merged.roots.iter_mut().zip(segment.roots) {
                for (value, count) in from {
                    *into.entry(value).or_insert(0) += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FacetTally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.matches += 1;
        if let Some((_, matched)) = &mut self.matched {
            matched.insert(doc);
        }
        if let Some(table) = &self.table {
            table.count(doc as usize, &mut self.counts);
        }
    }

    fn harvest(self) -> FacetTally {
        let mut tally = FacetTally {
            matches: self.matches,
            matched: self
                .matched
                .filter(|_| self.matches > 0)
                .into_iter()
                .collect(),
            ..FacetTally::default()
        };
        if let Some(table) = self.table {
            let counts = table.bucket_counts(self.counts);
            for ((root, value), &count) in table.names.iter().zip(&counts) {
                if count > 0 {
                    *tally.roots[*root].entry(value.clone()).or_insert(0) += count;
                }
            }
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, FacetCollector};
    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::{Facet, FacetOptions, IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index, IndexWriter, Term};

    use super::*;

    /// The counts tantivy's `FacetCollector` makes for the same query.
    fn collected(searcher: &tantivy::Searcher, query: &dyn Query) -> IndexFacets {
        let mut collector = FacetCollector::for_field(FACETS_FIELD);
        for root in FACET_ROOTS {
            collector.add_facet(format!("/{root}").as_str());
        }
        IndexFacets::from_counts(&searcher.search(query, &collector).unwrap())
    }

    #[test]
    fn facet_counts_equal_the_facet_collectors_over_segments_and_odd_paths() {
        let mut builder = Schema::builder();
        let facets = builder.add_facet_field(FACETS_FIELD, FacetOptions::default());
        let kind = builder.add_text_field("kind", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        let paths: [&[&str]; 12] = [
            &["/platform/instagram", "/niche/fitness", "/country/US"],
            &[
                "/platform/tiktok",
                "/niche/fitness",
                "/niche/food",
                "/language/en",
            ],
            // A deeper path counts for the value it is under, once per creator.
            &[
                "/platform/tiktok",
                "/niche/food/vegan",
                "/niche/food/baking",
            ],
            // A bare root and roots nobody asked for count nothing.
            &["/country", "/other/x", "/tier/micro"],
            &[
                "/platform/youtube",
                "/language/en",
                "/language/pt",
                "/tier/nano",
            ],
            &[],
            &["/platform/instagram", "/tier/micro", "/country/BR"],
            &["/niche/food", "/language/pt"],
            &["/platform/instagram"],
            &["/country/US", "/country/BR"],
            &["/tier/mega", "/niche/travel"],
            &["/language/es", "/platform/x"],
        ];
        for (position, paths) in paths.iter().enumerate() {
            let mut document = doc!(kind => if position % 2 == 0 { "even" } else { "odd" });
            for path in *paths {
                document.add_facet(facets, Facet::from_text(path).unwrap());
            }
            writer.add_document(document).unwrap();
            // Several segments, each with its own dictionary and ordinals.
            if position % 5 == 4 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        // Every layout: rows, packed (a few buckets per creator, too many distinct rows),
        // and ranges.
        for (packed_slots, max_rows) in
            [(MAX_PACKED_SLOTS, MAX_ROWS), (MAX_PACKED_SLOTS, 1), (0, 0)]
        {
            let tables = FacetTables {
                tables: SegmentCache::default(),
                packed_slots,
                max_rows,
            };
            count_like_the_collector(&searcher, &tables, kind, 12);
            let layouts: Vec<&str> = searcher
                .segment_readers()
                .iter()
                .map(|reader| tables.of(reader).unwrap().layout())
                .collect();
            let expected = match (packed_slots, max_rows) {
                (0, _) => "ranges",
                (_, 1) => "packed",
                _ => "rows",
            };
            assert!(
                layouts.iter().all(|layout| *layout == expected),
                "{layouts:?}"
            );
            // Deleted documents stay in a segment's table but are never counted.
            writer.delete_term(Term::from_field_text(kind, "odd"));
            writer.commit().unwrap();
            let reader = index.reader().unwrap();
            reader.reload().unwrap();
            count_like_the_collector(&reader.searcher(), &tables, kind, 6);
        }
    }

    fn count_like_the_collector(
        searcher: &tantivy::Searcher,
        tables: &FacetTables,
        kind: tantivy::schema::Field,
        live: usize,
    ) {
        let even: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(kind, "even"),
            IndexRecordOption::Basic,
        ));
        for query in [Box::new(AllQuery) as Box<dyn Query>, even] {
            let tally = searcher
                .search(
                    query.as_ref(),
                    &FacetCounter {
                        facets: true,
                        keep: false,
                        tables,
                    },
                )
                .unwrap();
            assert_eq!(
                tally.matches,
                searcher.search(query.as_ref(), &Count).unwrap()
            );
            let counted = tally.into_facets();
            assert_eq!(counted, collected(searcher, query.as_ref()));
            assert!(!counted.niche.is_empty());
        }
        let all = searcher
            .search(
                &AllQuery,
                &FacetCounter {
                    facets: true,
                    keep: false,
                    tables,
                },
            )
            .unwrap()
            .into_facets();
        let food = all
            .niche
            .iter()
            .find(|count| count.value == "food")
            .unwrap();
        assert_eq!(food.count, if live == 12 { 3 } else { 1 });
        let only = searcher
            .search(
                &AllQuery,
                &FacetCounter {
                    facets: false,
                    keep: false,
                    tables,
                },
            )
            .unwrap();
        assert_eq!(only.matches, live);
        assert_eq!(only.into_facets(), IndexFacets::default());
    }
}
