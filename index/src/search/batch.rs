//! Batched, resumable writes: upserts and removals that become visible (and durable) only when
//! committed together with a caller's payload (e.g. an indexing watermark), so a process killed
//! mid-way leaves the last commit and its payload intact.

use std::collections::BTreeSet;
use std::sync::MutexGuard;

use scout_models::CreatorId;
use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, IndexWriter, SegmentMeta, TantivyDocument, Term, TERMINATED};

use super::schema::{to_tantivy_document, Fields};
use super::{abandon, IndexDocument, SearchIndex};
use crate::error::IndexError;

/// Turns [`IndexDocument`]s into what the writer takes, on any thread: a pass converts its
/// documents on every core and leaves the writer's thread only the hand-over.
#[derive(Debug, Clone, Copy)]
pub struct DocumentPreparer {
    fields: Fields,
}

impl DocumentPreparer {
    /// The document as [`IndexBatch::upsert`] would write it.
    pub fn prepare(&self, document: &IndexDocument) -> PreparedDocument {
        PreparedDocument {
            id: document.id.as_str().to_string(),
            document: to_tantivy_document(document, &self.fields),
        }
    }
}

/// A document converted by a [`DocumentPreparer`], ready for [`IndexBatch::upsert_prepared`]
/// or [`IndexBatch::add_new_prepared`].
#[derive(Debug)]
pub struct PreparedDocument {
    id: String,
    document: TantivyDocument,
}

impl SearchIndex {
    /// Converts documents for this index's writer (see [`DocumentPreparer`]).
    pub fn preparer(&self) -> DocumentPreparer {
        DocumentPreparer {
            fields: self.fields,
        }
    }

    /// The payload stored with the last commit: `None` for a new index or one committed by
    /// [`SearchIndex::rebuild`].
    pub fn commit_payload(&self) -> Result<Option<String>, IndexError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Starts a batch on the long-lived writer (taking the directory lock on first use). The
    /// writer stays locked to this batch until it is dropped; uncommitted changes are thrown
    /// away then.
    pub fn batch(&self) -> Result<IndexBatch<'_>, IndexError> {
        let mut guard = self.writer_guard();
        self.writer_in(&mut guard)?;
        self.reload()?;
        Ok(IndexBatch {
            index: self,
            guard,
            uncommitted: false,
        })
    }

    /// Commits what `writer` holds, carrying the last commit's payload over (single upserts
    /// and removals must not erase an indexing watermark).
    pub(super) fn commit_keeping_payload(&self, writer: &mut IndexWriter) -> tantivy::Result<()> {
        let payload = self.index.load_metas()?.payload;
        let mut prepared = writer.prepare_commit()?;
        if let Some(payload) = payload {
            prepared.set_payload(&payload);
        }
        prepared.commit()?;
        Ok(())
    }
}

/// Uncommitted changes to the index, from [`SearchIndex::batch`].
pub struct IndexBatch<'a> {
    index: &'a SearchIndex,
    guard: MutexGuard<'a, Option<tantivy::IndexWriter>>,
    uncommitted: bool,
}

impl std::fmt::Debug for IndexBatch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexBatch")
            .field("uncommitted", &self.uncommitted)
            .finish_non_exhaustive()
    }
}

impl IndexBatch<'_> {
    fn writer(&mut self) -> Result<&mut IndexWriter, IndexError> {
        self.index.writer_in(&mut self.guard)
    }

    /// Adds a document, replacing any with the same creator id.
    pub fn upsert(&mut self, document: &IndexDocument) -> Result<(), IndexError> {
        let prepared = self.index.preparer().prepare(document);
        self.upsert_prepared(prepared)
    }

    /// [`IndexBatch::upsert`] of a document converted beforehand.
    pub fn upsert_prepared(&mut self, prepared: PreparedDocument) -> Result<(), IndexError> {
        let id_field = self.index.fields.id;
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(id_field, &prepared.id));
        writer.add_document(prepared.document)?;
        self.uncommitted = true;
        Ok(())
    }

    /// Adds a document without looking for an older one of the same creator: only for
    /// creators known not to be in the index (a pass over an index that was empty when it
    /// started writes each creator once), where it spares the delete that
    /// [`IndexBatch::upsert`] has every segment resolve at commit.
    pub fn add_new(&mut self, document: &IndexDocument) -> Result<(), IndexError> {
        let prepared = self.index.preparer().prepare(document);
        self.add_new_prepared(prepared)
    }

    /// [`IndexBatch::add_new`] of a document converted beforehand.
    pub fn add_new_prepared(&mut self, prepared: PreparedDocument) -> Result<(), IndexError> {
        self.writer()?.add_document(prepared.document)?;
        self.uncommitted = true;
        Ok(())
    }

    /// Stops tantivy's background merges for as long as this batch's writer lives (the next
    /// [`IndexBatch::merge_all`], [`IndexBatch::merge_deleted`] or
    /// [`IndexBatch::wait_merges`] ends it): for a pass that ends merging every segment into
    /// one, where a background merge only rewrites documents that the final merge rewrites
    /// again.
    pub fn without_background_merges(&mut self) -> Result<(), IndexError> {
        self.writer()?.set_merge_policy(Box::new(NoMergePolicy));
        Ok(())
    }

    /// Removes the document of a creator (nothing when it is not indexed).
    pub fn remove(&mut self, id: &CreatorId) -> Result<(), IndexError> {
        self.remove_id(id.as_str())
    }

    /// Whether the last commit holds a live document for `id`.
    pub fn contains(&self, id: &CreatorId) -> Result<bool, IndexError> {
        self.contains_id(id.as_str())
    }

    fn remove_id(&mut self, id: &str) -> Result<(), IndexError> {
        let id_field = self.index.fields.id;
        self.writer()?
            .delete_term(Term::from_field_text(id_field, id));
        self.uncommitted = true;
        Ok(())
    }

    fn contains_id(&self, id: &str) -> Result<bool, IndexError> {
        let searcher = self.index.reader.searcher();
        let term = Term::from_field_text(self.index.fields.id, id);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.index.fields.id)?;
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            let alive = segment.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|bitset| bitset.is_alive(doc)) {
                    return Ok(true);
                }
                doc = postings.advance();
            }
        }
        Ok(false)
    }

    /// Removes every document of the last commit whose creator id `keep` rejects; returns
    /// how many creators that was.
    pub fn remove_unless(&mut self, keep: impl Fn(&str) -> bool) -> Result<u64, IndexError> {
        let searcher = self.index.reader.searcher();
        let mut stale = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.index.fields.id)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while terms.advance() {
                if let Ok(id) = std::str::from_utf8(terms.key()) {
                    if !keep(id) {
                        stale.insert(id.to_string());
                    }
                }
            }
        }
        let mut removed = 0;
        for id in stale {
            if self.contains_id(&id)? {
                removed += 1;
            }
            self.remove_id(&id)?;
        }
        Ok(removed)
    }

    /// Rewrites the committed segments of which at least `min_share` of the documents are
    /// deleted, waits for that, and returns how many segments it merged. A full pass over an
    /// old index replaces every document: segments holding only replaced ones vanish at the
    /// commit, but segments that background merges made of old and new documents mid-pass keep
    /// the old ones on disk (a fifth of a 1M index) until a merge drops them. The background
    /// merge policy is left alone: merging on deletes there would make the segment layout
    /// vary from run to run.
    pub fn merge_deleted(&mut self, min_share: f64) -> Result<usize, IndexError> {
        if self.uncommitted {
            return Err(IndexError::InvalidInput(
                "commit the batch before merging its segments".to_string(),
            ));
        }
        // A segment in a background merge cannot join another: let those merges end first.
        if let Some(writer) = self.guard.take() {
            writer.wait_merging_threads()?;
        }
        let segments: Vec<SegmentId> = self
            .index
            .index
            .searchable_segment_metas()?
            .iter()
            .filter(|meta| {
                meta.max_doc() > 0
                    && f64::from(meta.num_deleted_docs()) >= min_share * f64::from(meta.max_doc())
            })
            .map(SegmentMeta::id)
            .collect();
        if !segments.is_empty() {
            self.writer()?.merge(&segments).wait()?;
        }
        self.index.reload()?;
        Ok(segments.len())
    }

    /// Waits for the merges running in the background (and those their ends start) to finish,
    /// so the committed layout is the merge policy's last word and no merge is left half
    /// written when the process exits.
    pub fn wait_merges(&mut self) -> Result<(), IndexError> {
        if self.uncommitted {
            return Err(IndexError::InvalidInput(
                "commit the batch before waiting for its merges".to_string(),
            ));
        }
        if let Some(writer) = self.guard.take() {
            writer.wait_merging_threads()?;
        }
        self.index.reload()?;
        Ok(())
    }

    /// Merges every committed segment into one (after the background merges end) when they
    /// hold at most `max_docs` documents; returns how many segments were merged (0 when none
    /// was).
    pub fn merge_all(&mut self, max_docs: u64) -> Result<usize, IndexError> {
        self.wait_merges()?;
        // Ids only, the metas dropped before the merge: tantivy's clean-up at the merge's end
        // keeps the files of every `SegmentMeta` alive in the process (its living files are
        // the index's whole meta inventory, not meta.json), so metas held across the merge
        // would leave the merged-away segments on disk.
        let (segments, docs) = {
            let metas = self.index.index.searchable_segment_metas()?;
            let docs: u64 = metas.iter().map(|meta| u64::from(meta.max_doc())).sum();
            let segments: Vec<SegmentId> = metas.iter().map(SegmentMeta::id).collect();
            (segments, docs)
        };
        if segments.len() < 2 || docs > max_docs {
            return Ok(0);
        }
        self.writer()?.merge(&segments).wait()?;
        self.wait_merges()?;
        Ok(segments.len())
    }

    /// Makes every change so far durable and visible, together with `payload` (read back with
    /// [`SearchIndex::commit_payload`]).
    pub fn commit(&mut self, payload: &str) -> Result<(), IndexError> {
        let writer = self.writer()?;
        let outcome = writer.prepare_commit().and_then(|mut prepared| {
            prepared.set_payload(payload);
            prepared.commit()
        });
        if let Err(error) = outcome {
            abandon(&mut self.guard);
            self.uncommitted = false;
            return Err(error.into());
        }
        self.uncommitted = false;
        self.index.reload()
    }
}

impl Drop for IndexBatch<'_> {
    fn drop(&mut self) {
        if self.uncommitted {
            abandon(&mut self.guard);
        }
    }
}
