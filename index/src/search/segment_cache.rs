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
