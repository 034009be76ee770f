//! Top-k collectors whose order is total: by the sort key (BM25, or a fast field's value,
//! highest first, documents without the value last), then by creator id ascending.
//!
//! tantivy breaks ties by document address, and two builds of one store lay documents out
//! differently (the writer's threads each write their own segments). Equal BM25 (identical
//! texts) or equal values (followers, rates) at the edge of a page or of the candidate pool
//! then gave different answers for the same store. The creator id breaks those ties instead.
//!
//! Ids are compared only on ties of the key. Within a segment the id column's term ordinals
//! are in id order, so a segment compares ordinals; segments' tops are merged by the ids
//! themselves, read from the segment's [`IdTable`]. A segment keeps its best k keys and
//! every document tying with the k-th (as tantivy's top-k, but without dropping the ties),
//! and reads the ordinals of those only when it is done: a key tied by thousands of
//! documents costs no id read per document. Text relevance keeps tantivy's pruned
//! (block-max WAND) pass: it lets through documents scoring at least the k-th best score
//! (not only above it) so that a tie with the k-th is decided by id.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentReader, TantivyError};

use super::hit_ids::IdTable;
use super::query::HitColumns;
use super::segment_cache::SegmentCache;
use super::warming::SegmentTables;

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

/// The hits `offset..offset + limit` of a search by (key, creator id): by BM25, or by a
/// fast field's value (highest first, documents without one last).
pub(crate) struct TopByKey {
    primary: Primary,
    tables: Arc<SegmentTables>,
    offset: usize,
    limit: usize,
}

impl TopByKey {
    pub(crate) fn by_score(tables: Arc<SegmentTables>, offset: usize, limit: usize) -> TopByKey {
        TopByKey {
            primary: Primary::Score,
            tables,
            offset,
            limit,
        }
    }

    pub(crate) fn by_field(
        field: &str,
        tables: Arc<SegmentTables>,
        offset: usize,
        limit: usize,
    ) -> TopByKey {
        TopByKey {
            primary: Primary::Field(field.into()),
            tables,
            offset,
            limit,
        }
    }

    /// Documents each segment keeps.
    fn k(&self) -> usize {
        (self.offset + self.limit).max(1)
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

    fn merge_key(&self, key: Option<u64>, ord: u64) -> Key {
        (
            key,
            Reverse(IdRef {
                table: Arc::clone(&self.table),
                ord,
            }),
        )
    }
}

/// A segment's best `k` documents by key, with every document tying with the k-th: the
/// ids that order the ties are read once the segment is done, for the documents still in.
pub(crate) struct SegmentTop {
    order: SegmentOrder,
    segment_ord: u32,
    k: usize,
    buffer: Vec<(Option<u64>, DocId)>,
    /// The buffer's length at which it is cut down to the best `k` and their ties.
    cut_at: usize,
    /// The k-th best key of the last cut: a document below it is out.
    threshold: Option<Option<u64>>,
}

impl SegmentTop {
    fn new(order: SegmentOrder, segment_ord: u32, k: usize) -> SegmentTop {
        SegmentTop {
            order,
            segment_ord,
            k,
            buffer: Vec::with_capacity(2 * k),
            cut_at: 2 * k,
            threshold: None,
        }
    }

    #[inline(always)]
    fn offer(&mut self, key: Option<u64>, doc: DocId) {
        if self.threshold.is_some_and(|threshold| key < threshold) {
            return;
        }
        if self.buffer.len() >= self.cut_at {
            self.cut();
            if self.threshold.is_some_and(|threshold| key < threshold) {
                return;
            }
        }
        self.buffer.push((key, doc));
    }

    /// Keeps the best `k` keys and their ties.
    #[inline(never)]
    fn cut(&mut self) {
        if self.buffer.len() <= self.k {
            return;
        }
        let (_, kth, _) = self
            .buffer
            .select_nth_unstable_by(self.k - 1, |a, b| b.0.cmp(&a.0));
        let kth = kth.0;
        self.buffer.retain(|(key, _)| *key >= kth);
        self.threshold = Some(kth);
        // Many ties with the k-th grow the buffer rather than cut it at every document.
        self.cut_at = self.cut_at.max(2 * self.buffer.len());
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<(Key, DocAddress)>;

    #[inline(always)]
    fn collect(&mut self, doc: DocId, score: Score) {
        let key = self.order.key(doc, score);
        self.offer(key, doc);
    }

    fn harvest(mut self) -> Self::Fruit {
        self.cut();
        let mut kept: Vec<(Option<u64>, Reverse<u64>, DocId)> = self
            .buffer
            .iter()
            .map(|&(key, doc)| (key, Reverse(self.order.ord(doc)), doc))
            .collect();
        if kept.len() > self.k {
            kept.select_nth_unstable_by(self.k - 1, |a, b| (b.0, b.1).cmp(&(a.0, a.1)));
            kept.truncate(self.k);
        }
        kept.into_iter()
            .map(|(key, Reverse(ord), doc)| {
                (
                    self.order.merge_key(key, ord),
                    DocAddress::new(self.segment_ord, doc),
                )
            })
            .collect()
    }
}

impl Collector for TopByKey {
    type Fruit = Vec<(Key, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(&self, segment_ord: u32, reader: &SegmentReader) -> tantivy::Result<SegmentTop> {
        let order = SegmentOrder::open(&self.primary, &self.tables.hits, reader)?;
        Ok(SegmentTop::new(order, segment_ord, self.k()))
    }

    fn requires_scoring(&self) -> bool {
        matches!(self.primary, Primary::Score)
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(Key, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(Key, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }

    /// A search by BM25 on its own (not beside a counter) keeps tantivy's pruned pass
    /// (block-max WAND for the queries that have it), letting through the documents that
    /// tie with the k-th best.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Key, DocAddress)>> {
        let alive = reader.alive_bitset();
        if !matches!(self.primary, Primary::Score) {
            let mut top = self.for_segment(segment_ord, reader)?;
            weight.for_each_no_score(reader, &mut |docs| {
                for &doc in docs {
                    if alive.is_none_or(|alive| alive.is_alive(doc)) {
                        top.collect(doc, 0.0);
                    }
                }
            })?;
            return Ok(top.harvest());
        }
        let order = SegmentOrder::open(&self.primary, &self.tables.hits, reader)?;
        let mut top = TopScores::new(self.k());
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
                let key = order.merge_key(Some(score_key(entry.score)), entry.ord);
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
