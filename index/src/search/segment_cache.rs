//! Tables derived from a segment once and kept while searches still read the segment: a
//! segment never changes, so a table read from it stays true until the segment is merged
//! away or deleted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tantivy::index::SegmentId;
use tantivy::SegmentReader;

/// One table of type `T` per segment searched lately, each read on first use.
pub(crate) struct SegmentCache<T> {
    tables: Mutex<HashMap<SegmentId, Arc<T>>>,
}

impl<T> Default for SegmentCache<T> {
    fn default() -> Self {
        SegmentCache {
            tables: Mutex::default(),
        }
    }
}

impl<T> SegmentCache<T> {
    /// The table of the segment `reader` reads, made by `read` the first time.
    pub(crate) fn of<E>(
        &self,
        reader: &SegmentReader,
        read: impl FnOnce(&SegmentReader) -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let id = reader.segment_id();
        if let Some(table) = self.lock().get(&id) {
            return Ok(Arc::clone(table));
        }
        // Read without the lock: a search on another segment need not wait.
        let table = Arc::new(read(reader)?);
        Ok(Arc::clone(self.lock().entry(id).or_insert(table)))
    }

    /// Forgets the tables of segments `searcher` does not search (merged away, deleted).
    pub(crate) fn keep_only(&self, searcher: &tantivy::Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.keep_segments(&live);
    }

    /// Forgets the tables of every segment not in `live`.
    pub(crate) fn keep_segments(&self, live: &[SegmentId]) {
        self.lock().retain(|id, _| live.contains(id));
    }

    /// Segments with a table.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<SegmentId, Arc<T>>> {
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    #[test]
    fn each_segment_is_read_once_and_forgotten_when_merged_away() {
        let mut builder = Schema::builder();
        let name = builder.add_text_field("name", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for batch in 0..2 {
            writer
                .add_document(doc!(name => format!("n{batch}")))
                .unwrap();
            writer.commit().unwrap();
        }
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let cache: SegmentCache<u32> = SegmentCache::default();
        let reads = Cell::new(0);
        let read = |segment: &SegmentReader| -> Result<u32, ()> {
            reads.set(reads.get() + 1);
            Ok(segment.max_doc())
        };
        for _ in 0..3 {
            for segment in searcher.segment_readers() {
                assert_eq!(*cache.of(segment, read).unwrap(), 1);
            }
        }
        assert_eq!((reads.get(), cache.len()), (2, 2));
        // A failed read caches nothing.
        let fresh: SegmentCache<u32> = SegmentCache::default();
        assert!(fresh.of(searcher.segment_reader(0), |_| Err("no")).is_err());
        assert_eq!(fresh.len(), 0);

        let ids = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect::<Vec<_>>();
        writer.merge(&ids).wait().unwrap();
        reader.reload().unwrap();
        let merged = reader.searcher();
        cache.keep_only(&merged);
        assert_eq!(cache.len(), 0);
        assert_eq!(*cache.of(merged.segment_reader(0), read).unwrap(), 2);
        assert_eq!((reads.get(), cache.len()), (3, 1));
    }
}
