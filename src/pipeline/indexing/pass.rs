//! One indexing run: a full pass over the store (a rebuild) or the creators written since the
//! last run (incremental), streamed into one long-lived writer and committed in batches.
//!
//! Every commit carries a [`Watermark`] as its payload, so what the index holds and where an
//! interrupted pass stopped move only with a commit: a process killed mid-way leaves the last
//! commit readable, and the next run resumes the pass after the last committed creator.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;
use std::time::Instant;

use chrono::Utc;
use scout_index::{
    DocumentPreparer, IndexBatch, IndexDocument, IndexError, IndexSource, SearchIndex,
    SearchIndexOptions, Store,
};
use scout_models::{CommenterOverlap, CreatorId, ModelBundle};
use serde::{Deserialize, Serialize};

use super::{Derivation, IndexReport, INDEXED_POSTS, PREDICT_CHUNK};
use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// Creators written between two commits unless told otherwise.
pub const DEFAULT_COMMIT_EVERY: u64 = 50_000;

/// After a full pass over an old index, segments with at least this share of their documents
/// replaced are merged (see [`scout_index::IndexBatch::merge_deleted`]).
const MERGE_DELETED_SHARE: f64 = 0.25;

/// Version of the [`Watermark`] payload; another version means a full pass.
const WATERMARK_VERSION: u32 = 1;

/// How `scout index` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOptions {
    /// Derive every document again (otherwise only what changed since the last run).
    pub rebuild: bool,
    /// Creators written between two commits (at least 1).
    pub commit_every: u64,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            rebuild: false,
            commit_every: DEFAULT_COMMIT_EVERY,
        }
    }
}

/// Where an indexing run stands, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProgress {
    /// Creators written in this pass so far.
    pub written: u64,
    /// Creators the pass will write (an estimate for a full pass).
    pub planned: u64,
    /// The progress comes right after a commit.
    pub committed: bool,
}

/// What the index holds, stored as the payload of every commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Watermark {
    version: u32,
    /// Every store write up to this snapshot id is in the index (the store adds a snapshot per
    /// written creator), except for what `pending` has yet to write.
    snapshot_id: i64,
    /// The model version the documents were derived with (`None`: no trained models).
    models: Option<String>,
    /// A pass interrupted after a commit.
    pending: Option<Pending>,
}

/// An unfinished pass, resumed by the next run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pending {
    /// `None` for a full pass, else the watermark the incremental pass started from.
    since: Option<i64>,
    /// The snapshot id when the pass started: the watermark once it completes.
    target: i64,
    /// The last creator id of the last commit (passes go in id order).
    after: String,
}

/// Which creators a pass writes.
#[derive(Debug, Clone, PartialEq)]
struct Pass {
    since: Option<i64>,
    target: i64,
    after: String,
    resumed: bool,
}

/// Runs `scout index`: an incremental pass (or a full one when the index has no watermark, was
/// built with other models, or `options.rebuild` asks for it), after finishing any pass an
/// earlier run left unfinished.
pub fn index_store(
    data: &DataDir,
    options: IndexOptions,
    progress: &dyn Fn(&IndexProgress),
) -> Result<IndexReport, PipelineError> {
    if options.commit_every == 0 {
        return Err(PipelineError::invalid("commit_every", "must be at least 1"));
    }
    let started = Instant::now();
    let store = Store::open(&data.store_path())?;
    let models = ModelBundle::load_latest(&data.models_dir())?;
    let model_version = models
        .as_ref()
        .map(|(_, manifest)| manifest.model_version.clone());
    let index = match SearchIndex::open_or_create(&data.index_dir()) {
        // An index of an older schema is derived data: rebuild it from the store.
        Err(IndexError::IndexSchemaMismatch(_)) => {
            SearchIndex::recreate(&data.index_dir(), SearchIndexOptions::default())?
        }
        other => other?,
    };
    let mut report = IndexReport {
        documents: 0,
        removed: 0,
        total: 0,
        full: false,
        resumed: false,
        seconds: 0.0,
        with_models: model_version.clone(),
    };
    let mut force_full = options.rebuild;
    loop {
        let watermark = read_watermark(&index)?;
        let pass = plan(&store, watermark.as_ref(), &model_version, force_full)?;
        force_full = false;
        let resumed = pass.resumed;
        report.full |= pass.since.is_none();
        report.resumed |= resumed;
        let outcome = run_pass(
            &store,
            &index,
            &pass,
            models.as_ref().map(|(bundle, _)| bundle),
            &model_version,
            options,
            progress,
        )?;
        report.documents += outcome.written;
        report.removed += outcome.removed;
        // A resumed pass stopped at an older watermark: catch up with what changed since.
        if !resumed {
            break;
        }
    }
    report.total = index.num_docs();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The watermark of the last commit; `None` when there is none or it is not ours.
fn read_watermark(index: &SearchIndex) -> Result<Option<Watermark>, PipelineError> {
    let Some(payload) = index.commit_payload()? else {
        return Ok(None);
    };
    Ok(serde_json::from_str::<Watermark>(&payload)
        .ok()
        .filter(|watermark| watermark.version == WATERMARK_VERSION))
}

/// Decides the next pass from the last commit's watermark.
fn plan(
    store: &Store,
    watermark: Option<&Watermark>,
    model_version: &Option<String>,
    force_full: bool,
) -> Result<Pass, PipelineError> {
    let full = || -> Result<Pass, PipelineError> {
        Ok(Pass {
            since: None,
            target: store.last_snapshot_id()?,
            after: String::new(),
            resumed: false,
        })
    };
    let Some(watermark) = watermark.filter(|watermark| &watermark.models == model_version) else {
        // No watermark, or documents derived with other models: everything is stale.
        return full();
    };
    if force_full {
        return full();
    }
    if let Some(pending) = &watermark.pending {
        return Ok(Pass {
            since: pending.since,
            target: pending.target,
            after: pending.after.clone(),
            resumed: true,
        });
    }
    Ok(Pass {
        since: Some(watermark.snapshot_id),
        target: store.last_snapshot_id()?,
        after: String::new(),
        resumed: false,
    })
}

/// What one pass wrote.
struct PassOutcome {
    written: u64,
    removed: u64,
}

/// Runs one pass to its end, committing every `options.commit_every` creators.
fn run_pass(
    store: &Store,
    index: &SearchIndex,
    pass: &Pass,
    models: Option<&ModelBundle>,
    model_version: &Option<String>,
    options: IndexOptions,
    progress: &dyn Fn(&IndexProgress),
) -> Result<PassOutcome, PipelineError> {
    let changed = match pass.since {
        Some(since) => Some(
            store
                .creators_changed_since(since)?
                .into_iter()
                .filter(|id| id.as_str() > pass.after.as_str())
                .collect::<Vec<CreatorId>>(),
        ),
        None => None,
    };
    let planned = match &changed {
        Some(ids) => ids.len() as u64,
        None => store.counts()?.creators,
    };
    // Engagement pods are commenters shared across creators: count them over the whole store
    // (handles only), once, and only when some creator is to be derived.
    let mut overlap = CommenterOverlap::new();
    if planned > 0 {
        store.for_each_commenter_group(|samples| {
            overlap.add_creator(samples);
            Ok::<(), PipelineError>(())
        })?;
    }
    let context = Derivation {
        models,
        overlap: &overlap,
        now: Utc::now(),
    };
    let mut batch = index.batch()?;
    // A full pass into an empty index (a first build, or one resumed before its first commit)
    // meets every creator once and finds none indexed: no delete to resolve per document.
    let fresh = pass.since.is_none() && index.num_docs() == 0;
    let mut writer = PassWriter {
        batch: &mut batch,
        preparer: index.preparer(),
        fresh,
        pass,
        model_version,
        commit_every: options.commit_every,
        written: 0,
        since_commit: 0,
        planned,
        progress,
    };
    // Pages never straddle a commit, so a batch holds exactly `commit_every` creators.
    let page_size = usize::try_from(options.commit_every)
        .unwrap_or(usize::MAX)
        .min(PREDICT_CHUNK);
    let pages = match changed {
        Some(ids) => Pages::Of(ids),
        None => Pages::After(pass.after.clone()),
    };
    read_ahead(store.path(), pages, page_size, |page| {
        writer.write(&context, page)
    })?;
    let written = writer.written;
    let removed = match pass.since {
        // A full pass drops every document whose creator left the store.
        None => {
            let stored: HashSet<String> = store
                .creator_ids()?
                .into_iter()
                .map(|id| id.as_str().to_string())
                .collect();
            batch.remove_unless(|id| stored.contains(id))?
        }
        // An incremental pass drops creators that asked to be removed.
        Some(_) => {
            let mut removed = 0;
            for id in store.tombstones()? {
                if batch.contains(&id)? {
                    batch.remove(&id)?;
                    removed += 1;
                }
            }
            removed
        }
    };
    let done = Watermark {
        version: WATERMARK_VERSION,
        snapshot_id: pass.target,
        models: model_version.clone(),
        pending: None,
    };
    batch.commit(&payload(&done)?)?;
    if pass.since.is_none() && !fresh {
        let merging = Instant::now();
        let merged = batch.merge_deleted(MERGE_DELETED_SHARE)?;
        tracing::info!(
            merged,
            seconds = merging.elapsed().as_secs_f64(),
            "segments holding replaced documents merged"
        );
    }
    progress(&IndexProgress {
        written,
        planned,
        committed: true,
    });
    Ok(PassOutcome { written, removed })
}

/// Derives the document of every stored creator exactly as a full pass of `scout index`
/// would (the same models, commenter overlap and derivation), handing them to `each` a page
/// at a time in id order, without touching the index: for loading the same creators into
/// another engine (the search benchmark's PostgreSQL). Returns how many were derived.
pub fn derive_documents(
    data: &DataDir,
    mut each: impl FnMut(Vec<IndexDocument>) -> Result<(), PipelineError>,
) -> Result<u64, PipelineError> {
    let store = Store::open_read_only(&data.store_path())?;
    let models = ModelBundle::load_latest(&data.models_dir())?;
    let mut overlap = CommenterOverlap::new();
    store.for_each_commenter_group(|samples| {
        overlap.add_creator(samples);
        Ok::<(), PipelineError>(())
    })?;
    let context = Derivation {
        models: models.as_ref().map(|(bundle, _)| bundle),
        overlap: &overlap,
        now: Utc::now(),
    };
    let mut derived = 0u64;
    read_ahead(
        store.path(),
        Pages::After(String::new()),
        PREDICT_CHUNK,
        |page| {
            let mut pending: Vec<_> = page
                .into_iter()
                .map(|source| (source.record, source.snapshots))
                .collect();
            let documents = context.documents(&mut pending);
            derived += documents.len() as u64;
            each(documents)
        },
    )?;
    Ok(derived)
}

/// Which creators a pass reads, a page at a time.
enum Pages {
    /// Every creator after this id, in id order.
    After(String),
    /// These creators (in id order).
    Of(Vec<CreatorId>),
}

/// Pages read ahead of the writer: a second connection reads the next pages from the store
/// while this thread derives and writes the current one.
const PAGES_AHEAD: usize = 2;

/// Reads `pages` on a thread of its own (its own read-only connection) and hands each page
/// to `write` in order; stops at the first error of either side.
fn read_ahead(
    store_path: &Path,
    pages: Pages,
    page_size: usize,
    mut write: impl FnMut(Vec<IndexSource>) -> Result<(), PipelineError>,
) -> Result<(), PipelineError> {
    std::thread::scope(|scope| {
        let (sender, receiver) =
            mpsc::sync_channel::<Result<Vec<IndexSource>, IndexError>>(PAGES_AHEAD);
        let reader = scope.spawn(move || {
            let store = match Store::open_read_only(store_path) {
                Ok(store) => store,
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            };
            let send = |page: Result<Vec<IndexSource>, IndexError>| sender.send(page).is_ok();
            match pages {
                Pages::Of(ids) => {
                    for chunk in ids.chunks(page_size) {
                        if !send(store.index_sources_of(chunk, Some(INDEXED_POSTS))) {
                            return;
                        }
                    }
                }
                Pages::After(mut after) => loop {
                    let page = store.index_sources_after(&after, page_size, Some(INDEXED_POSTS));
                    match page.as_ref().map(|page| page.last()) {
                        Ok(Some(last)) => after = last.record.creator.id.as_str().to_string(),
                        Ok(None) => return,
                        Err(_) => {}
                    }
                    let failed = page.is_err();
                    if !send(page) || failed {
                        return;
                    }
                },
            }
        });
        let mut outcome = Ok(());
        for page in receiver.iter() {
            outcome = page.map_err(PipelineError::from).and_then(&mut write);
            if outcome.is_err() {
                break;
            }
        }
        // Dropping the receiver (on error) makes the reader's next send fail and stop it.
        drop(receiver);
        if reader.join().is_err() {
            return Err(PipelineError::Internal(
                "the store reader panicked".to_string(),
            ));
        }
        outcome
    })
}

/// Derives and writes the documents of a pass, committing in batches.
struct PassWriter<'a, 'b> {
    batch: &'a mut IndexBatch<'b>,
    preparer: DocumentPreparer,
    /// The index held no document when the pass started: add without deleting.
    fresh: bool,
    pass: &'a Pass,
    model_version: &'a Option<String>,
    commit_every: u64,
    written: u64,
    since_commit: u64,
    planned: u64,
    progress: &'a dyn Fn(&IndexProgress),
}

impl PassWriter<'_, '_> {
    /// Writes one page of sources, committing when a batch is full.
    fn write(
        &mut self,
        context: &Derivation<'_>,
        sources: Vec<IndexSource>,
    ) -> Result<(), PipelineError> {
        let Some(last) = sources
            .last()
            .map(|source| source.record.creator.id.clone())
        else {
            return Ok(());
        };
        let count = sources.len();
        let mut pending: Vec<_> = sources
            .into_iter()
            .map(|source| (source.record, source.snapshots))
            .collect();
        // Converted for the writer on the deriving threads too: this thread only hands over.
        let preparer = self.preparer;
        let prepared = context.documents_then(&mut pending, |document| preparer.prepare(&document));
        for document in prepared {
            if self.fresh {
                self.batch.add_new_prepared(document)?;
            } else {
                self.batch.upsert_prepared(document)?;
            }
        }
        self.written += count as u64;
        self.since_commit += count as u64;
        let committed = self.since_commit >= self.commit_every;
        if committed {
            let watermark = Watermark {
                version: WATERMARK_VERSION,
                // Not yet: the pass is unfinished, so the old watermark still holds.
                snapshot_id: self.pass.since.unwrap_or(0),
                models: self.model_version.clone(),
                pending: Some(Pending {
                    since: self.pass.since,
                    target: self.pass.target,
                    after: last.as_str().to_string(),
                }),
            };
            self.batch.commit(&payload(&watermark)?)?;
            self.since_commit = 0;
        }
        (self.progress)(&IndexProgress {
            written: self.written,
            planned: self.planned,
            committed,
        });
        Ok(())
    }
}

fn payload(watermark: &Watermark) -> Result<String, PipelineError> {
    serde_json::to_string(watermark)
        .map_err(|error| PipelineError::Internal(format!("index watermark: {error}")))
}
