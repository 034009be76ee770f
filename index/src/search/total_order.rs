//! Top-k collectors whose order is total: by the sort key (BM25, or a fast field's value,
//! highest first, documents without the value last), then by creator id ascending.
//!
//! tantivy breaks ties by document address, and two builds of one store lay documents out
//! differently (the writer's threads each write their own segments). Equal BM25 (identical
//! texts) or equal values (followers, rates) at the edge of a page or of the candidate pool
//! then gave different answers for the same store. The creator id breaks those ties instead.
//!
//! Ids are compared only on ties of the key. Within a segment the id column's term ordinals
//! are in id order, so a segment compares ordinals (one column read per document that
//! enters its top-k); segments' tops are merged by the ids themselves, read from the
//! segment's [`IdTable`]. Text relevance keeps tantivy's pruned (block-max WAND) pass: it
//! lets through documents scoring at least the k-th best score (not only above it) so that
//! a tie with the k-th is decided by id.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::sort_key::NaturalComparator;
use tantivy::collector::{SegmentSortKeyComputer, SortKeyComputer, TopNComputer};
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentReader, TantivyError};

use super::hit_ids::IdTable;
use super::query::HitColumns;
use super::segment_cache::SegmentCache;

/// A document's place in a segment's top-k: the key (greater first), then the term ordinal
/// of its creator id (lower first).
pub(crate) type SegmentKey = (Option<u64>, Reverse<u64>);

/// A document's place in the merged top-k: the key, then its creator id (lower first).
pub(crate) type Key = (Option<u64>, Reverse<IdRef>);

/// A creator id as an ordinal of a segment's id table, compared by the id.
#[derive(Clone)]
pub(crate) struct IdRef {
    table: Arc<IdTable>,
    ord: u64,
}

impl IdRef {
    fn id(&self) -> &str {
        self.table.get(self.ord).unwrap_or_default()
    }
}

impl std::fmt::Debug for IdRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl PartialEq for IdRef {
    fn eq(&self, other: &Self) -> bool {
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for IdRef {
    /// Ordinals of one segment are in id order: only ids of two segments are read.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(if Arc::ptr_eq(&self.table, &other.table) {
            self.ord.cmp(&other.ord)
        } else {
            self.id().cmp(other.id())
        })
    }
}

/// BM25 as a key: the order of `f32` in that of `u64`.
pub(crate) fn score_key(score: Score) -> u64 {
    let bits = score.to_bits();
    u64::from(if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    })
}

/// The BM25 of a [`score_key`].
pub(crate) fn key_score(key: Option<u64>) -> Score {
    let Some(key) = key else { return 0.0 };
    let bits = key as u32;
    f32::from_bits(if bits >> 31 == 1 {
        bits & !(1 << 31)
    } else {
        !bits
    })
}

/// What a search orders by.
#[derive(Clone)]
enum Primary {
    Score,
    /// A fast field, in the `u64` mapping that keeps the order of its values.
    Field(Arc<str>),
}

/// The top-k by BM25 then creator id: give to `TopDocs::order_by`.
pub(crate) struct ByScore {
    columns: Arc<SegmentCache<HitColumns>>,
}

/// The top-k by a fast field's value (highest first, documents without one last) then
/// creator id: give to `TopDocs::order_by`.
pub(crate) struct ByField {
    field: Arc<str>,
    columns: Arc<SegmentCache<HitColumns>>,
}

impl ByScore {
    pub(crate) fn new(columns: Arc<SegmentCache<HitColumns>>) -> ByScore {
        ByScore { columns }
    }
}

impl ByField {
    pub(crate) fn new(field: &str, columns: Arc<SegmentCache<HitColumns>>) -> ByField {
        ByField {
            field: field.into(),
            columns,
        }
    }
}

/// The key and id columns of one segment.
pub(crate) struct SegmentOrder {
    /// `None` for BM25; a field no document of the segment has reads as all `None`.
    values: Option<Option<Column<u64>>>,
    ords: Column<u64>,
    table: Arc<IdTable>,
}

impl SegmentOrder {
    fn open(
        primary: &Primary,
        columns: &SegmentCache<HitColumns>,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentOrder> {
        let opened = columns
            .of(reader, HitColumns::open)
            .map_err(|error| TantivyError::InternalError(error.to_string()))?;
        let (ords, table) = opened.id_ords();
        let values = match primary {
            Primary::Score => None,
            Primary::Field(field) => Some(
                reader
                    .fast_fields()
                    .u64_lenient(field)?
                    .map(|(column, _)| column),
            ),
        };
        Ok(SegmentOrder {
            values,
            ords,
            table,
        })
    }

    #[inline(always)]
    fn key(&self, doc: DocId, score: Score) -> Option<u64> {
        match &self.values {
            None => Some(score_key(score)),
            Some(column) => column.as_ref().and_then(|column| column.first(doc)),
        }
    }

    #[inline(always)]
    fn ord(&self, doc: DocId) -> u64 {
        // Every document has an id; one without would sort after every other.
        self.ords.first(doc).unwrap_or(u64::MAX)
    }
}

impl SegmentSortKeyComputer for SegmentOrder {
    type SortKey = Key;
    type SegmentSortKey = SegmentKey;
    type SegmentComparator = NaturalComparator;

    #[inline(always)]
    fn segment_sort_key(&mut self, doc: DocId, score: Score) -> SegmentKey {
        (self.key(doc, score), Reverse(self.ord(doc)))
    }

    /// Reads the id only of a document whose key is not below the k-th best's.
    #[inline(always)]
    fn compute_sort_key_and_collect<C: tantivy::collector::sort_key::Comparator<SegmentKey>>(
        &mut self,
        doc: DocId,
        score: Score,
        top_n: &mut TopNComputer<SegmentKey, DocId, C>,
    ) {
        let key = self.key(doc, score);
        if let Some((threshold, _)) = &top_n.threshold {
            if key < *threshold {
                return;
            }
        }
        top_n.push((key, Reverse(self.ord(doc))), doc);
    }

    fn convert_segment_sort_key(&self, (key, Reverse(ord)): SegmentKey) -> Key {
        (
            key,
            Reverse(IdRef {
                table: Arc::clone(&self.table),
                ord,
            }),
        )
    }
}

impl SortKeyComputer for ByField {
    type SortKey = Key;
    type Child = SegmentOrder;
    type Comparator = NaturalComparator;

    fn segment_sort_key_computer(&self, reader: &SegmentReader) -> tantivy::Result<SegmentOrder> {
        SegmentOrder::open(
            &Primary::Field(Arc::clone(&self.field)),
            &self.columns,
            reader,
        )
    }
}

impl SortKeyComputer for ByScore {
    type SortKey = Key;
    type Child = SegmentOrder;
    type Comparator = NaturalComparator;

    fn requires_scoring(&self) -> bool {
        true
    }

    fn segment_sort_key_computer(&self, reader: &SegmentReader) -> tantivy::Result<SegmentOrder> {
        SegmentOrder::open(&Primary::Score, &self.columns, reader)
    }

    /// A top-level search by BM25 keeps tantivy's pruned pass (block-max WAND for the
    /// queries that have it), letting through the documents that tie with the k-th best.
    fn collect_segment_top_k(
        &self,
        k: usize,
        weight: &dyn Weight,
        reader: &SegmentReader,
        segment_ord: u32,
    ) -> tantivy::Result<Vec<(Key, DocAddress)>> {
        let order = self.segment_sort_key_computer(reader)?;
        let mut top = TopScores::new(k);
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                top.push(score, doc, &order);
            }
            top.threshold()
        })?;
        Ok(top
            .heap
            .into_iter()
            .map(|Reverse(entry)| {
                let key = order
                    .convert_segment_sort_key((Some(score_key(entry.score)), Reverse(entry.ord)));
                (key, DocAddress::new(segment_ord, entry.doc))
            })
            .collect())
    }
}

/// One document in a segment's top-k by BM25: greater is better.
struct ScoreEntry {
    score: Score,
    ord: u64,
    doc: DocId,
}

impl ScoreEntry {
    fn cmp_to(&self, score: Score, ord: u64) -> Ordering {
        self.score
            .partial_cmp(&score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| ord.cmp(&self.ord))
    }
}

impl PartialEq for ScoreEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ScoreEntry {}

impl PartialOrd for ScoreEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ScoreEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_to(other.score, other.ord)
    }
}

/// The best `k` documents of a segment by (BM25, id), its worst on top of the heap: the
/// threshold a pruned pass skips below is always the k-th best score.
struct TopScores {
    heap: BinaryHeap<Reverse<ScoreEntry>>,
    k: usize,
}

impl TopScores {
    fn new(k: usize) -> TopScores {
        TopScores {
            heap: BinaryHeap::with_capacity(k),
            k,
        }
    }

    #[inline]
    fn push(&mut self, score: Score, doc: DocId, order: &SegmentOrder) {
        if self.heap.len() < self.k {
            let ord = order.ord(doc);
            self.heap.push(Reverse(ScoreEntry { score, ord, doc }));
            return;
        }
        let Some(mut worst) = self.heap.peek_mut() else {
            return;
        };
        // Only a document scoring as the worst needs its id (to compare).
        if score < worst.0.score {
            return;
        }
        let ord = order.ord(doc);
        if worst.0.cmp_to(score, ord) == Ordering::Less {
            *worst = Reverse(ScoreEntry { score, ord, doc });
        }
    }

    /// The score a document must reach to be passed on: any score once the heap is not
    /// full, then the k-th best (a tie with it may win by id).
    #[inline]
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(worst) if self.heap.len() == self.k => worst.0.score.next_down(),
            _ => Score::MIN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_keys_keep_the_order_of_scores() {
        let scores = [
            f32::MIN,
            -3.5,
            -1e-30,
            0.0,
            1e-30,
            0.5,
            1.0,
            1.000_000_1,
            17.25,
            f32::MAX,
        ];
        for pair in scores.windows(2) {
            assert!(score_key(pair[0]) < score_key(pair[1]), "{pair:?}");
        }
        for score in scores {
            assert_eq!(key_score(Some(score_key(score))), score);
        }
        assert_eq!(key_score(None), 0.0);
    }
}
