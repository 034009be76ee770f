//! One indexing run: a full pass over the store (a rebuild) or the creators written since the
//! last run (incremental), streamed into one long-lived writer and committed in batches.
//!
//! Every commit carries a [`Watermark`] as its payload, so what the index holds and where an
//! interrupted pass stopped move only with a commit: a process killed mid-way leaves the last
//! commit readable, and the next run resumes the pass after the last committed creator.

use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::{mpsc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use chrono::Utc;
use scout_index::{
    DocumentPreparer, IndexBatch, IndexDocument, IndexError, IndexSource, PreparedDocument,
    SearchIndex, SearchIndexOptions, Store,
};
use scout_models::{AudienceSample, CommenterOverlap, CreatorId, ModelBundle};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::{Derivation, IndexReport, INDEXED_POSTS, PREDICT_CHUNK};
use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// Creators written between two commits unless told otherwise.
pub const DEFAULT_COMMIT_EVERY: u64 = 50_000;

/// After a full pass over an old index, segments with at least this share of their documents
/// replaced are merged (see [`scout_index::IndexBatch::merge_deleted`]).
const MERGE_DELETED_SHARE: f64 = 0.25;

/// A full pass merges the index's segments into one when they hold at most this many
/// documents (tantivy's default merge policy stops merging at this size too).
const MERGE_ALL_MAX_DOCS: u64 = 10_000_000;

/// Version of the [`Watermark`] payload; another version means a full pass.
const WATERMARK_VERSION: u32 = 1;

/// How `scout index` runs.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Derive every document again (otherwise only what changed since the last run).
    pub rebuild: bool,
    /// Creators written between two commits (at least 1).
    pub commit_every: u64,
    /// Cancelled to stop the run early (Ctrl-C): what was written so far is committed at the
    /// next page with the pass's place, and the next run resumes from there.
    pub stop: Option<CancellationToken>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions::new(false)
    }
}

impl IndexOptions {
    /// An incremental run (a full one when `rebuild`) committing every
    /// [`DEFAULT_COMMIT_EVERY`] creators, that runs to its end.
    pub fn new(rebuild: bool) -> IndexOptions {
        IndexOptions {
            rebuild,
            commit_every: DEFAULT_COMMIT_EVERY,
            stop: None,
        }
    }

    fn stop_requested(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(CancellationToken::is_cancelled)
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
        stopped: false,
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
            &options,
            progress,
        )?;
        report.documents += outcome.written;
        report.removed += outcome.removed;
        if outcome.stopped {
            report.stopped = true;
            break;
        }
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
    /// Stopped early on request, its place committed.
    stopped: bool,
}

/// Runs one pass to its end, committing every `options.commit_every` creators.
fn run_pass(
    store: &Store,
    index: &SearchIndex,
    pass: &Pass,
    models: Option<&ModelBundle>,
    model_version: &Option<String>,
    options: &IndexOptions,
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
        None => store.creator_count()?,
    };
    // Engagement pods are commenters shared across creators: count them over the whole store
    // (handles only), once, and only when some creator is to be derived.
    let overlap = if planned > 0 {
        commenter_overlap(store)?
    } else {
        CommenterOverlap::new()
    };
    let context = Derivation {
        models,
        overlap: &overlap,
        now: Utc::now(),
    };
    let mut batch = index.batch()?;
    // A full pass ends merging every segment into one (below): merges on the way would only
    // rewrite documents that merge rewrites again.
    if pass.since.is_none() && planned.saturating_add(index.num_docs()) <= MERGE_ALL_MAX_DOCS {
        batch.without_background_merges()?;
    }
    // A full pass into an empty index (a first build, or one resumed before its first commit)
    // meets every creator once and finds none indexed: no delete to resolve per document.
    let fresh = pass.since.is_none() && index.num_docs() == 0;
    let mut writer = PassWriter {
        batch: &mut batch,
        fresh,
        pass,
        model_version,
        written: 0,
        since_commit: 0,
        planned,
        progress,
        options,
        stopped: false,
    };
    // Pages never straddle a commit, so a batch holds exactly `commit_every` creators.
    let page_size = usize::try_from(options.commit_every)
        .unwrap_or(usize::MAX)
        .min(PREDICT_CHUNK);
    let pages = match changed {
        Some(ids) => Pages::Of(ids),
        None => Pages::After(pass.after.clone()),
    };
    // Derived and converted for the writer on the readers' threads: this thread only hands
    // the documents over and commits.
    let preparer = index.preparer();
    read_ahead(
        store.path(),
        pages,
        page_size,
        |sources| DerivedPage::of(&context, preparer, sources),
        |page| writer.write(page),
    )?;
    let written = writer.written;
    if writer.stopped {
        return Ok(PassOutcome {
            written,
            removed: 0,
            stopped: true,
        });
    }
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
    if pass.since.is_none() {
        // A full pass leaves the layout where the background merges stood when it ended
        // (merges still running are dropped with the process): a few segments of ~200,000
        // creators at 1M, each searched on its own, and after a pass over an old index (a
        // retrain, `--rebuild`) the replaced documents too. One segment answers the search
        // mix faster (100k creators, one thread: p99 8.6 ms against 11.2 ms in 4 segments).
        let merging = Instant::now();
        let segments = batch.merge_all(MERGE_ALL_MAX_DOCS)?;
        tracing::info!(
            segments,
            seconds = merging.elapsed().as_secs_f64(),
            "segments of a full pass merged into one"
        );
        if segments == 0 && !fresh {
            // Too large to merge whole: at least drop the segments mostly replaced.
            let merged = batch.merge_deleted(MERGE_DELETED_SHARE)?;
            tracing::info!(
                merged,
                seconds = merging.elapsed().as_secs_f64(),
                "segments holding replaced documents merged"
            );
        }
    }
    progress(&IndexProgress {
        written,
        planned,
        committed: true,
    });
    Ok(PassOutcome {
        written,
        removed,
        stopped: false,
    })
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
    let overlap = commenter_overlap(&store)?;
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
            context.documents(&mut pending)
        },
        |documents| {
            derived += documents.len() as u64;
            each(documents).map(ControlFlow::Continue)
        },
    )?;
    Ok(derived)
}

/// Connections reading the commenter groups for [`commenter_overlap`] at once.
const OVERLAP_READERS: usize = 4;

/// Creators' commenter groups handed over at once by an overlap reader.
const OVERLAP_BATCH: usize = 256;

/// The commenter overlap of every stored creator, read over [`OVERLAP_READERS`] ranges of
/// creators at once (each on its own connection) and counted on this thread.
///
/// Read by one connection, the scan of the samples' (creator, commenter) index waited on the
/// disk with a cold page cache, everything else waiting on it: the first ~8 s of a 347,000
/// creator build used half a core.
fn commenter_overlap(store: &Store) -> Result<CommenterOverlap, PipelineError> {
    let creators = usize::try_from(store.creator_count()?).unwrap_or(usize::MAX);
    let step = (creators / OVERLAP_READERS).max(1);
    let mut bounds = vec![String::new()];
    while bounds.len() < OVERLAP_READERS {
        let Some(next) = bounds
            .last()
            .map(|after| store.creator_id_after(after, step - 1))
            .transpose()?
            .flatten()
        else {
            break;
        };
        bounds.push(next);
    }
    let ranges: Vec<(String, Option<String>)> = bounds
        .iter()
        .enumerate()
        .map(|(position, after)| (after.clone(), bounds.get(position + 1).cloned()))
        .collect();
    let mut overlap = CommenterOverlap::new();
    let path = store.path();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<Vec<AudienceSample>>>(OVERLAP_READERS);
        let mut handles = Vec::with_capacity(ranges.len());
        for (after, through) in &ranges {
            let sender = sender.clone();
            handles.push(scope.spawn(move || -> Result<(), IndexError> {
                let store = Store::open_read_only(path)?;
                let mut batch = Vec::with_capacity(OVERLAP_BATCH);
                let outcome =
                    store.for_each_commenter_group_between(after, through.as_deref(), |samples| {
                        batch.push(samples.to_vec());
                        if batch.len() >= OVERLAP_BATCH {
                            // A closed channel: this thread's result is not needed.
                            let _ = sender.send(std::mem::take(&mut batch));
                        }
                        Ok::<(), IndexError>(())
                    });
                let _ = sender.send(batch);
                outcome
            }));
        }
        drop(sender);
        for batch in receiver.iter() {
            for samples in &batch {
                overlap.add_creator(samples);
            }
        }
        for handle in handles {
            match handle.join() {
                Ok(outcome) => outcome?,
                Err(_) => {
                    return Err(PipelineError::Internal(
                        "a commenter reader panicked".to_string(),
                    ))
                }
            }
        }
        Ok(overlap)
    })
}

/// Pages read and derived beyond the one the writer waits for: the readers keep going while
/// the writer commits.
const PAGES_AHEAD: usize = 16;

/// Reads `pages` and turns each into what `write` takes with `derive`, on reader threads of
/// their own (one per core, each with its own read-only connection, each reading and
/// deriving whole pages), and hands the results to `write` on this thread in page order;
/// stops at the first error of either side, or when `write` breaks.
///
/// One reader thread feeding the cores' derivation page by page kept them waiting on it,
/// and the writer's commits stopped reading and deriving altogether.
fn read_ahead<T: Send>(
    store_path: &Path,
    pages: Pages,
    page_size: usize,
    derive: impl Fn(Vec<IndexSource>) -> T + Sync,
    mut write: impl FnMut(T) -> Result<ControlFlow<()>, PipelineError>,
) -> Result<(), PipelineError> {
    let readers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .clamp(2, 8);
    let planner = Mutex::new(Planner {
        pages,
        page_size: page_size.max(1),
        next: 0,
        done: false,
    });
    let window = Window::default();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(usize, Result<T, IndexError>)>();
        let mut handles = Vec::with_capacity(readers);
        for _ in 0..readers {
            let sender = sender.clone();
            let (planner, window, derive) = (&planner, &window, &derive);
            handles.push(scope.spawn(move || {
                read_pages(store_path, planner, window, |index, page| {
                    sender.send((index, page.map(derive))).is_ok()
                })
            }));
        }
        drop(sender);
        let mut outcome = Ok(());
        let mut arrived = BTreeMap::new();
        let mut next = 0usize;
        'receive: for (index, page) in receiver.iter() {
            arrived.insert(index, page);
            while let Some(page) = arrived.remove(&next) {
                next += 1;
                match page.map_err(PipelineError::from).and_then(&mut write) {
                    Ok(ControlFlow::Continue(())) => {}
                    Ok(ControlFlow::Break(())) => break 'receive,
                    Err(error) => {
                        outcome = Err(error);
                        break 'receive;
                    }
                }
                window.advance(next);
            }
        }
        // On error or a break: the readers stop at their next page.
        window.stop();
        drop(receiver);
        // Every reader joined, whichever panicked.
        let mut panicked = false;
        for handle in handles {
            panicked |= handle.join().is_err();
        }
        if panicked {
            return Err(PipelineError::Internal(
                "a store reader panicked".to_string(),
            ));
        }
        outcome
    })
}

/// One reader thread of [`read_ahead`]: takes the next page from `planner`, waits for room
/// in `window`, reads it and hands it to `send` with its place in the pass, until the pages
/// run out, `send` refuses or the pass stops.
fn read_pages(
    store_path: &Path,
    planner: &Mutex<Planner>,
    window: &Window,
    send: impl Fn(usize, Result<Vec<IndexSource>, IndexError>) -> bool,
) {
    // A reader that panics stops the others: the writer then sees every reader end, not a
    // page that never comes.
    let _stop_on_panic = StopOnPanic(window);
    let store = match Store::open_read_only(store_path) {
        Ok(store) => store,
        Err(error) => {
            // In its place among the pages: the writer still gets every page before it.
            if let Some(index) = lock(planner).fail() {
                send(index, Err(error));
            }
            return;
        }
    };
    loop {
        let next = lock(planner).next_page(&store);
        let (index, page) = match next {
            None => return,
            Some((index, Err(error))) => {
                send(index, Err(error));
                return;
            }
            Some((index, Ok(page))) => (index, page),
        };
        if !window.wait_for_room(index) {
            return;
        }
        let sources = match page {
            Page::Between { after, through } => {
                store.index_sources_between(&after, through.as_deref(), Some(INDEXED_POSTS))
            }
            Page::Of(ids) => store.index_sources_of(&ids, Some(INDEXED_POSTS)),
        };
        if !send(index, sources) {
            return;
        }
    }
}

/// Stops the pass when dropped by a panic.
struct StopOnPanic<'a>(&'a Window);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Which creators a pass reads, a page at a time.
enum Pages {
    /// Every creator after this id, in id order.
    After(String),
    /// These creators (in id order).
    Of(Vec<CreatorId>),
}

/// One page of a pass.
enum Page {
    /// The creators after `after` up to `through` (to the last one when `None`).
    Between {
        after: String,
        through: Option<String>,
    },
    /// These creators.
    Of(Vec<CreatorId>),
}

/// Hands out the pages of a pass in order to the reader threads.
struct Planner {
    pages: Pages,
    page_size: usize,
    /// The place of the next page in the pass.
    next: usize,
    /// No page comes after `next`.
    done: bool,
}

impl Planner {
    /// The next page and its place: for id-ordered pages, its bounds are found with the
    /// reader's connection (a walk of `page_size` ids along the primary key).
    fn next_page(&mut self, store: &Store) -> Option<(usize, Result<Page, IndexError>)> {
        if self.done {
            return None;
        }
        let index = self.next;
        let page = match &mut self.pages {
            Pages::After(after) => match store.creator_id_after(after, self.page_size - 1) {
                Ok(Some(through)) => Ok(Page::Between {
                    after: std::mem::replace(after, through.clone()),
                    through: Some(through),
                }),
                Ok(None) => {
                    self.done = true;
                    Ok(Page::Between {
                        after: std::mem::take(after),
                        through: None,
                    })
                }
                Err(error) => Err(error),
            },
            Pages::Of(ids) => {
                let start = index.saturating_mul(self.page_size);
                if start >= ids.len() {
                    self.done = true;
                    return None;
                }
                let end = start.saturating_add(self.page_size).min(ids.len());
                Ok(Page::Of(ids[start..end].to_vec()))
            }
        };
        if page.is_err() {
            self.done = true;
        }
        self.next += 1;
        Some((index, page))
    }

    /// Ends the pass at the next page, whose place is returned (`None` when it had ended).
    fn fail(&mut self) -> Option<usize> {
        if self.done {
            return None;
        }
        self.done = true;
        self.next += 1;
        Some(self.next - 1)
    }
}

/// How far the writer is, for the readers to stay at most [`PAGES_AHEAD`] pages ahead.
#[derive(Default)]
struct Window {
    state: Mutex<WindowState>,
    moved: Condvar,
}

#[derive(Default)]
struct WindowState {
    /// Pages written so far.
    written: usize,
    stopped: bool,
}

impl Window {
    /// Waits until page `index` may be read; `false` once the pass has stopped.
    fn wait_for_room(&self, index: usize) -> bool {
        let mut state = lock(&self.state);
        while !state.stopped && index >= state.written + PAGES_AHEAD {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !state.stopped
    }

    fn advance(&self, written: usize) {
        lock(&self.state).written = written;
        self.moved.notify_all();
    }

    fn stop(&self) {
        lock(&self.state).stopped = true;
        self.moved.notify_all();
    }
}

/// A page derived and converted for the writer.
struct DerivedPage {
    /// The page's last creator (`None` for an empty page).
    last: Option<CreatorId>,
    documents: Vec<PreparedDocument>,
}

impl DerivedPage {
    fn of(context: &Derivation<'_>, preparer: DocumentPreparer, sources: Vec<IndexSource>) -> Self {
        let last = sources
            .last()
            .map(|source| source.record.creator.id.clone());
        let mut pending: Vec<_> = sources
            .into_iter()
            .map(|source| (source.record, source.snapshots))
            .collect();
        let documents =
            context.documents_then(&mut pending, |document| preparer.prepare(&document));
        DerivedPage { last, documents }
    }
}

/// Writes the documents of a pass, committing in batches.
struct PassWriter<'a, 'b> {
    batch: &'a mut IndexBatch<'b>,
    /// The index held no document when the pass started: add without deleting.
    fresh: bool,
    pass: &'a Pass,
    model_version: &'a Option<String>,
    written: u64,
    since_commit: u64,
    planned: u64,
    progress: &'a dyn Fn(&IndexProgress),
    /// Its commit size and stop token.
    options: &'a IndexOptions,
    /// A stop was asked for and the pass's place committed.
    stopped: bool,
}

impl PassWriter<'_, '_> {
    /// Writes one derived page, committing when a batch is full, or at once when a stop was
    /// asked for (the pass then breaks off: the next run writes the pages after it).
    fn write(&mut self, page: DerivedPage) -> Result<ControlFlow<()>, PipelineError> {
        let Some(last) = page.last else {
            return Ok(ControlFlow::Continue(()));
        };
        let count = page.documents.len();
        for document in page.documents {
            if self.fresh {
                self.batch.add_new_prepared(document)?;
            } else {
                self.batch.upsert_prepared(document)?;
            }
        }
        self.written += count as u64;
        self.since_commit += count as u64;
        self.stopped = self.options.stop_requested();
        let committed = self.since_commit >= self.options.commit_every || self.stopped;
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
        Ok(if self.stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    }
}

fn payload(watermark: &Watermark) -> Result<String, PipelineError> {
    serde_json::to_string(watermark)
        .map_err(|error| PipelineError::Internal(format!("index watermark: {error}")))
}
