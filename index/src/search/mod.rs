//! The tantivy index derived from the store: full text over bio, captions and hashtags, fast
//! fields for filters, rebuilt from the store at any time.
//!
//! A [`SearchIndex`] keeps one reader for queries and, once something is written, one
//! long-lived writer (the directory lock is taken only then, so read-only processes can share
//! the directory with a process that writes).

mod audience;
mod batch;
mod beyond;
mod document;
mod facet_count;
mod hit_ids;
mod hits_audience;
mod query;
mod schema;
mod segment_cache;
mod term_ranges;
mod terms;
mod text;
mod token_cache;
mod total_order;
mod warming;

#[cfg(test)]
mod filter_tests;
#[cfg(test)]
mod hit_tests;
#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Instant;

use scout_models::CreatorId;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy,
    TantivyDocument, Term, Warmer, TERMINATED,
};

use crate::error::IndexError;
use facet_count::{FacetCounter, FacetTally};
use hits_audience::ColumnAudience;
use schema::{
    build_schema, text_analyzer, to_tantivy_document, Fields, ANALYZER_NAME, FOLLOWERS_FIELD,
};

pub use audience::{
    age_range_buckets, audience_share, share_permille, AudienceDimension, AudienceFilter,
    AudienceShare,
};
pub use batch::{DocumentPreparer, IndexBatch, PreparedDocument};
use beyond::Beyond;
pub use beyond::MatchedDocs;
pub use document::{normalise_mention, CreatorFacts, GrowthWindows, IndexDocument};
pub use query::{
    FacetCount, GrowthPeriod, HitDetail, IndexFacets, IndexHit, IndexQuery, IndexSearchResult,
    IndexSort, MAX_LIMIT, MAX_OFFSET,
};
pub use schema::{normalise_country, normalise_hashtag, normalise_language};
use segment_cache::SegmentCache;
pub use term_ranges::FilterSets;
pub use terms::QueryTerms;
use terms::WordFormPool;
pub use text::{QueryText, SCOPABLE_FIELDS};
use total_order::TopByKey;
use warming::SegmentTables;

/// Smallest writer memory budget tantivy accepts (per indexing thread).
const MIN_WRITER_MEMORY_BYTES: usize = 15_000_000;

/// Documents between two progress log lines during a rebuild.
const PROGRESS_EVERY: u64 = 50_000;

/// How the index writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchIndexOptions {
    /// Memory the writer may use before it flushes a segment to disk (split across threads).
    pub writer_memory_bytes: usize,
    /// Read each new segment's tables (facet values, hit columns) when a reload finds it,
    /// before searches see it, rather than in the first search that touches it. For
    /// processes that serve searches; a batch writer's reloads would read them for nothing.
    pub warm_segments: bool,
}

/// The default writer budget: a creator takes ~5 KB of writer memory (30 posts of text), so
/// a batch of 50,000 creators between two commits (`scout index`'s default) fits, and each
/// indexing thread writes one segment per commit. With 100 MB the threads flushed a segment
/// every ~10,000 documents: a 100,000-creator build left 12 segments, a 1,000,000 one had ten
/// times as many for the merge policy to rewrite, level after level. The memory is taken as
/// documents arrive, not up front.
const DEFAULT_WRITER_MEMORY_BYTES: usize = 400_000_000;

impl Default for SearchIndexOptions {
    fn default() -> Self {
        SearchIndexOptions {
            writer_memory_bytes: DEFAULT_WRITER_MEMORY_BYTES,
            warm_segments: false,
        }
    }
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexBuildStats {
    pub documents: u64,
    pub seconds: f64,
}

/// The segments (with their delete opstamps) of the searcher [`SearchIndex::generation`] last
/// saw, tantivy's generation id of that searcher, and the generation reported for them.
struct SeenGeneration {
    searcher_generation: u64,
    segments: BTreeMap<tantivy::index::SegmentId, Option<tantivy::Opstamp>>,
    generation: u64,
}

/// The creator index: search, rebuild from the store, incremental upserts.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    /// The text analyzer, with the analysed forms of the words of explained results kept
    /// across queries.
    word_forms: WordFormPool,
    /// Each searched segment's facet values and hit columns (the reader's warmer when
    /// `options.warm_segments`).
    tables: Arc<SegmentTables>,
    /// What [`SearchIndex::generation`] last saw.
    seen_generation: Mutex<Option<SeenGeneration>>,
    writer: Mutex<Option<IndexWriter>>,
    options: SearchIndexOptions,
    dir: Option<PathBuf>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    ///
    /// Fails with [`IndexError::IndexSchemaMismatch`] when `dir` holds an index built with
    /// another schema; [`SearchIndex::recreate`] then starts it afresh.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex, IndexError> {
        SearchIndex::open_or_create_with(dir, SearchIndexOptions::default())
    }

    /// [`SearchIndex::open_or_create`] with explicit options.
    pub fn open_or_create_with(
        dir: &Path,
        options: SearchIndexOptions,
    ) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(dir).map_err(|error| IndexError::io(dir, error))?;
        let (schema, fields) = build_schema();
        let directory = MmapDirectory::open(dir)?;
        let index = if Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
            let index = Index::open(directory)?;
            if index.schema() != schema {
                return Err(IndexError::IndexSchemaMismatch(dir.to_path_buf()));
            }
            index
        } else {
            Index::create(directory, schema, index_settings())?
        };
        SearchIndex::from_index(index, fields, options, Some(dir.to_path_buf()))
    }

    /// Deletes the index in `dir` (it must hold a tantivy index or be empty) and creates an
    /// empty one: the way out of a schema change, followed by a rebuild from the store.
    pub fn recreate(dir: &Path, options: SearchIndexOptions) -> Result<SearchIndex, IndexError> {
        if dir.exists() {
            let holds_index = dir.join("meta.json").is_file();
            let is_empty = std::fs::read_dir(dir)
                .map_err(|error| IndexError::io(dir, error))?
                .next()
                .is_none();
            if !holds_index && !is_empty {
                return Err(IndexError::InvalidInput(format!(
                    "{} is not a search index directory; refusing to delete it",
                    dir.display()
                )));
            }
            std::fs::remove_dir_all(dir).map_err(|error| IndexError::io(dir, error))?;
        }
        SearchIndex::open_or_create_with(dir, options)
    }

    /// An index held in memory only, for tests and throw-away experiments.
    pub fn create_in_ram() -> Result<SearchIndex, IndexError> {
        let (schema, fields) = build_schema();
        SearchIndex::from_index(
            Index::create_in_ram(schema),
            fields,
            SearchIndexOptions::default(),
            None,
        )
    }

    fn from_index(
        index: Index,
        fields: Fields,
        options: SearchIndexOptions,
        dir: Option<PathBuf>,
    ) -> Result<SearchIndex, IndexError> {
        if options.writer_memory_bytes < MIN_WRITER_MEMORY_BYTES {
            return Err(IndexError::InvalidInput(format!(
                "writer memory budget {} is below the minimum of {MIN_WRITER_MEMORY_BYTES} bytes",
                options.writer_memory_bytes
            )));
        }
        let analyzer = text_analyzer();
        index.tokenizers().register(ANALYZER_NAME, analyzer.clone());
        let tables = Arc::new(SegmentTables::new(options.warm_segments));
        let warmers: Vec<Weak<dyn Warmer>> = if options.warm_segments {
            let warmer: Arc<dyn Warmer> = tables.clone();
            vec![Arc::downgrade(&warmer)]
        } else {
            Vec::new()
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .warmers(warmers)
            .try_into()?;
        let schema: Schema = index.schema();
        let mut default_fields = Vec::with_capacity(query::FIELD_BOOSTS.len());
        let mut boosts = Vec::with_capacity(query::FIELD_BOOSTS.len());
        for (name, boost) in query::FIELD_BOOSTS {
            let field = schema.get_field(name)?;
            default_fields.push(field);
            boosts.push((field, boost));
        }
        let mut parser = QueryParser::for_index(&index, default_fields);
        for (field, boost) in boosts {
            parser.set_field_boost(field, boost);
        }
        Ok(SearchIndex {
            index,
            reader,
            fields,
            parser,
            word_forms: WordFormPool::new(analyzer),
            tables,
            seen_generation: Mutex::new(None),
            writer: Mutex::new(None),
            options,
            dir,
        })
    }

    /// The directory the index lives in (`None` for an in-memory index).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Documents deleted or replaced whose segments still hold them on disk.
    pub fn deleted_docs(&self) -> u64 {
        self.reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|segment| u64::from(segment.num_deleted_docs()))
            .sum()
    }

    /// The generation of the documents searches see now: it grows whenever a commit that
    /// changes them becomes visible (new segments, merged ones, deletes), so anything derived
    /// from search results can be keyed by it. A reload that finds the same segments keeps
    /// it: tantivy's reader also reloads on its own (its file watcher reports `meta.json`
    /// once when it starts), and a new searcher alone changes no answer.
    pub fn generation(&self) -> u64 {
        let searcher = self.reader.searcher();
        let current = searcher.generation();
        let mut seen = self
            .seen_generation
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match seen.as_mut() {
            Some(seen) if seen.searcher_generation == current.generation_id() => {}
            Some(seen) => {
                if seen.segments != *current.segments() {
                    seen.generation += 1;
                    seen.segments = current.segments().clone();
                }
                seen.searcher_generation = current.generation_id();
            }
            None => {
                *seen = Some(SeenGeneration {
                    searcher_generation: current.generation_id(),
                    segments: current.segments().clone(),
                    generation: 1,
                });
            }
        }
        seen.as_ref().map_or(1, |seen| seen.generation)
    }

    /// Makes the latest commit visible now (it also becomes visible shortly by itself).
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// The tokens the text analyzer makes of `text` (lower-cased, ASCII-folded, stemmed), to
    /// find the posts that match a query.
    pub fn analyze(&self, text: &str) -> Vec<String> {
        self.word_forms.analyze(text)
    }

    /// The analysed terms of `query`, to find which of them many texts hold (the posts and
    /// hashtags behind a page of results); the words' analysed forms are remembered across
    /// queries.
    pub fn query_terms(&self, query: &str) -> QueryTerms {
        QueryTerms::pooled(&self.word_forms, query)
    }

    /// Replaces the whole index with `documents` in one commit: searches see the old index
    /// until the new one is complete, and any error (from the source or the writer) leaves
    /// the old index in place. Memory is bounded by the writer budget, not the input size.
    pub fn rebuild<E>(
        &self,
        documents: impl IntoIterator<Item = Result<IndexDocument, E>>,
    ) -> Result<IndexBuildStats, E>
    where
        E: From<IndexError>,
    {
        let started = Instant::now();
        let mut guard = self.writer_guard();
        let writer = self.writer_in(&mut guard)?;
        let outcome = add_all(writer, &self.fields, documents).and_then(|count| {
            writer.commit().map_err(IndexError::from)?;
            Ok(count)
        });
        let documents = match outcome {
            Ok(count) => count,
            Err(error) => {
                abandon(&mut guard);
                return Err(error);
            }
        };
        drop(guard);
        self.reload()?;
        let seconds = started.elapsed().as_secs_f64();
        tracing::info!(documents, seconds, "search index rebuilt");
        Ok(IndexBuildStats { documents, seconds })
    }

    /// Adds or replaces documents by creator id, in one commit; returns how many were written.
    pub fn upsert(&self, documents: &[IndexDocument]) -> Result<usize, IndexError> {
        let mut guard = self.writer_guard();
        let writer = self.writer_in(&mut guard)?;
        let outcome = documents
            .iter()
            .try_for_each(|document| {
                writer.delete_term(Term::from_field_text(self.fields.id, document.id.as_str()));
                writer
                    .add_document(to_tantivy_document(document, &self.fields))
                    .map(|_| ())
            })
            .and_then(|()| self.commit_keeping_payload(writer));
        if let Err(error) = outcome {
            abandon(&mut guard);
            return Err(error.into());
        }
        drop(guard);
        self.reload()?;
        Ok(documents.len())
    }

    /// Removes documents by creator id, in one commit.
    pub fn remove(&self, ids: &[CreatorId]) -> Result<(), IndexError> {
        let mut guard = self.writer_guard();
        let writer = self.writer_in(&mut guard)?;
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id.as_str()));
        }
        if let Err(error) = self.commit_keeping_payload(writer) {
            abandon(&mut guard);
            return Err(error.into());
        }
        drop(guard);
        self.reload()
    }

    /// Runs a query: the exact number of matches, one page of hits in the query's order and,
    /// when asked, the facet counts of every match.
    ///
    /// Counting, faceting (from each segment's facet table, see `facet_count`) and the page
    /// share one pass over the matches: a fast-field order, or text relevance, which tantivy
    /// scores match by match for any query but bare terms. A query of bare terms (see
    /// `query::may_prune`) keeps tantivy's pruned (block-max) top-k pass after a count that
    /// scores nothing. Pages, totals, facets and BM25 are the same either way.
    pub fn search(&self, query: &IndexQuery) -> Result<IndexSearchResult, IndexError> {
        self.search_with(query, None, false)
            .map(|(result, _)| result)
    }

    /// [`SearchIndex::search`] as one pass of a search that runs several (a relevance
    /// search's niche pass, a deep page's further blocks): audience filters keep the bit
    /// sets they read in `sets` for the other passes, which then read none again.
    pub fn search_sharing(
        &self,
        query: &IndexQuery,
        sets: &Arc<FilterSets>,
    ) -> Result<IndexSearchResult, IndexError> {
        self.search_with(query, Some(sets), false)
            .map(|(result, _)| result)
    }

    /// [`SearchIndex::search_sharing`], keeping which documents matched, for
    /// [`SearchIndex::search_beyond`] to count what another query matches besides them.
    pub fn search_keeping_matches(
        &self,
        query: &IndexQuery,
        sets: &Arc<FilterSets>,
    ) -> Result<(IndexSearchResult, MatchedDocs), IndexError> {
        self.search_with(query, Some(sets), true)
    }

    /// The documents `query` matches that `matched` does not hold, in the index as it was
    /// when `matched` was kept: how many, their facets when asked, and the page
    /// `offset..offset + limit` of them by creator id (they score nothing: `query` must
    /// have no text). With `matched` a text search's matches and `query` the same filters
    /// and one niche, the total and facets added to the text's are those of a search for the
    /// text or the niche, and the page follows that search's text matches, whose BM25 is
    /// above the niche's 0, as its niche-only creators do; without running the text again.
    pub fn search_beyond(
        &self,
        query: &IndexQuery,
        matched: &MatchedDocs,
        sets: &Arc<FilterSets>,
    ) -> Result<IndexSearchResult, IndexError> {
        query.validate()?;
        if query
            .text
            .as_deref()
            .is_some_and(|text| !text.trim().is_empty())
        {
            return Err(IndexError::InvalidInput(
                "a search beyond kept matches orders by creator id and takes no text".into(),
            ));
        }
        let combined = query::combine(None, query::filter_queries(query, &self.fields, Some(sets)));
        let searcher = &matched.searcher;
        self.tables.prune_for(searcher, query.facets);
        let counter = FacetCounter {
            facets: query.facets,
            keep: false,
            tables: &self.tables.facets,
        };
        let top = (query.limit > 0)
            .then(|| TopByKey::by_score(Arc::clone(&self.tables), query.offset, query.limit));
        let beyond = Beyond {
            matched,
            inner: (counter, top),
        };
        let (tally, top) = searcher.search(combined.as_ref(), &beyond)?;
        let (total, facets, addresses) =
            Self::counted(tally, query.facets, scored_page(top.unwrap_or_default()));
        let hits = self.read_hits(searcher, &addresses, query.detail)?;
        Ok(IndexSearchResult {
            total,
            hits,
            facets,
        })
    }

    fn search_with(
        &self,
        query: &IndexQuery,
        sets: Option<&Arc<FilterSets>>,
        keep: bool,
    ) -> Result<(IndexSearchResult, MatchedDocs), IndexError> {
        query.validate()?;
        let text = query.text.as_deref().unwrap_or_default();
        let has_tokens = !self.analyze(text).is_empty();
        let text_query = query::text_query(&self.parser, text, has_tokens)
            .map(|text| query::text_or_niches(text, &query.or_niches, &self.fields));
        let scored = text_query.is_some();
        let combined = query::combine(text_query, query::filter_queries(query, &self.fields, sets));
        let searcher = self.reader.searcher();
        self.tables.prune_for(&searcher, query.facets);
        let counter = FacetCounter {
            facets: query.facets,
            keep,
            tables: &self.tables.facets,
        };
        // Every order breaks its ties by creator id (see `total_order`), so that the page
        // does not depend on where the documents are in the index.
        let columns = || Arc::clone(&self.tables);
        let (offset, limit) = (query.offset, query.limit);
        let page = (limit > 0).then_some(());
        // A query without text lists the most followed first.
        let sort = query.sort_field().or((!scored).then_some(FOLLOWERS_FIELD));
        let mut kept = Vec::new();
        let mut tallied = |mut tally: FacetTally| {
            kept = std::mem::take(&mut tally.matched);
            tally
        };
        let (total, facets, addresses) = match (sort, page) {
            // A query tantivy may prune (block-max WAND over its terms) keeps its pruned
            // top-k pass: the count is then a separate pass that scores nothing.
            (None, Some(())) if query::may_prune(combined.as_ref()) => {
                let (total, facets) = if query.facets || keep {
                    let tally = tallied(searcher.search(combined.as_ref(), &counter)?);
                    (tally.matches, query.facets.then(|| tally.into_facets()))
                } else {
                    (searcher.search(combined.as_ref(), &Count)?, None)
                };
                let addresses = if query.offset < total {
                    let top = TopByKey::by_score(columns(), offset, limit);
                    scored_page(searcher.search(combined.as_ref(), &top)?)
                } else {
                    Vec::new()
                };
                (total, facets, addresses)
            }
            // Otherwise every match is visited anyway: one pass counts, facets and keeps
            // the page.
            (None, page) => {
                let top = page.map(|()| TopByKey::by_score(columns(), offset, limit));
                let (tally, top) = searcher.search(combined.as_ref(), &(counter, top))?;
                Self::counted(
                    tallied(tally),
                    query.facets,
                    scored_page(top.unwrap_or_default()),
                )
            }
            (Some(field), page) => {
                let top = page.map(|()| TopByKey::by_field(field, columns(), offset, limit));
                let (tally, top) = searcher.search(combined.as_ref(), &(counter, top))?;
                Self::counted(tallied(tally), query.facets, unscored(top))
            }
        };
        let hits = self.read_hits(&searcher, &addresses, query.detail)?;
        let matched = MatchedDocs::new(searcher, kept);
        Ok((
            IndexSearchResult {
                total,
                hits,
                facets,
            },
            matched,
        ))
    }

    /// The total, the facets when asked and the page's addresses of a one-pass search.
    fn counted(
        tally: FacetTally,
        facets: bool,
        addresses: Vec<(f32, DocAddress)>,
    ) -> (usize, Option<IndexFacets>, Vec<(f32, DocAddress)>) {
        let total = tally.matches;
        (total, facets.then(|| tally.into_facets()), addresses)
    }

    /// The indexed document of one creator (model outputs included), found by its id.
    pub fn hit(&self, id: &CreatorId) -> Result<Option<IndexHit>, IndexError> {
        let term = Term::from_field_text(self.fields.id, id.as_str());
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let searcher = self.reader.searcher();
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match found.first() {
            Some((_, address)) => {
                let hits = self.read_hits(&searcher, &[(0.0, *address)], HitDetail::Full)?;
                Ok(hits.into_iter().next())
            }
            None => Ok(None),
        }
    }

    /// Reads the audience estimate and credibility (with its reasons) into hits read for
    /// ranking only ([`HitDetail::Ranking`]), from the document the index holds now for each
    /// hit's creator; a hit whose creator has left the index since is kept as it is.
    pub fn complete_hits<'h>(
        &self,
        hits: impl IntoIterator<Item = &'h mut IndexHit>,
    ) -> Result<(), IndexError> {
        self.complete(hits, HitDetail::Full)
    }

    /// Reads the audience estimate into hits read for ranking only ([`HitDetail::Ranking`]),
    /// as [`HitDetail::RankingWithAudience`] would have read it: for the few hits of a search
    /// that need it (`credibility` stays as it is); a hit whose creator has left the index
    /// since is kept as it is.
    pub fn complete_audience<'h>(
        &self,
        hits: impl IntoIterator<Item = &'h mut IndexHit>,
    ) -> Result<(), IndexError> {
        self.complete(hits, HitDetail::RankingWithAudience)
    }

    /// Fills in what `detail` reads (beyond fast fields alone) of each hit's live document.
    fn complete<'h>(
        &self,
        hits: impl IntoIterator<Item = &'h mut IndexHit>,
        detail: HitDetail,
    ) -> Result<(), IndexError> {
        let searcher = self.reader.searcher();
        let mut columns = SegmentColumns::new(&searcher, &self.fields, &self.tables.hits);
        for hit in hits {
            let Some(address) = self.address_of(&searcher, &hit.id)? else {
                continue;
            };
            let complete = columns.with_detail(hit.clone(), address, detail)?;
            hit.audience = complete.audience;
            if detail == HitDetail::Full {
                hit.credibility = complete.credibility;
            }
        }
        Ok(())
    }

    /// Where the live document of creator `id` is, if it is indexed.
    fn address_of(
        &self,
        searcher: &tantivy::Searcher,
        id: &CreatorId,
    ) -> Result<Option<DocAddress>, IndexError> {
        let term = Term::from_field_text(self.fields.id, id.as_str());
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(self.fields.id)?;
            let postings = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
            let Some(mut postings) = postings else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    return Ok(Some(DocAddress::new(segment_ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }

    /// The hits at `addresses` (with their BM25), in order: what ranking reads from fast
    /// fields, and the model outputs `detail` asks for.
    fn read_hits(
        &self,
        searcher: &tantivy::Searcher,
        addresses: &[(f32, DocAddress)],
        detail: HitDetail,
    ) -> Result<Vec<IndexHit>, IndexError> {
        let mut columns = SegmentColumns::new(searcher, &self.fields, &self.tables.hits);
        let mut hits = Vec::with_capacity(addresses.len());
        for (bm25, address) in addresses {
            let hit = columns
                .of(address.segment_ord)?
                .hit(address.doc_id, *bm25)?;
            hits.push(columns.with_detail(hit, *address, detail)?);
        }
        Ok(hits)
    }

    /// Locks the writer slot, dropping a writer left behind by a panic mid-write.
    fn writer_guard(&self) -> MutexGuard<'_, Option<IndexWriter>> {
        self.writer
            .lock()
            .unwrap_or_else(|poisoned: PoisonError<_>| {
                let mut guard = poisoned.into_inner();
                *guard = None;
                guard
            })
    }

    /// The long-lived writer, created (and the directory lock taken) on first use.
    fn writer_in<'g>(
        &self,
        slot: &'g mut Option<IndexWriter>,
    ) -> Result<&'g mut IndexWriter, IndexError> {
        let writer = match slot.take() {
            Some(writer) => writer,
            None => self.index.writer(self.options.writer_memory_bytes)?,
        };
        Ok(slot.insert(writer))
    }
}

/// The fast-field columns of a searcher's segments, each opened when first read.
struct SegmentColumns<'s> {
    searcher: &'s tantivy::Searcher,
    fields: &'s Fields,
    opened: &'s SegmentCache<query::HitColumns>,
    segments: Vec<Option<query::HitColumns>>,
}

impl<'s> SegmentColumns<'s> {
    fn new(
        searcher: &'s tantivy::Searcher,
        fields: &'s Fields,
        opened: &'s SegmentCache<query::HitColumns>,
    ) -> SegmentColumns<'s> {
        let mut segments = Vec::new();
        segments.resize_with(searcher.segment_readers().len(), || None);
        SegmentColumns {
            searcher,
            fields,
            opened,
            segments,
        }
    }

    /// The columns of segment `segment_ord`.
    fn of(&mut self, segment_ord: u32) -> Result<&mut query::HitColumns, IndexError> {
        Ok(match &mut self.segments[segment_ord as usize] {
            Some(opened) => opened,
            slot => {
                let segment = self.searcher.segment_reader(segment_ord);
                slot.insert((*self.opened.of(segment, query::HitColumns::open)?).clone())
            }
        })
    }

    /// `hit` (read from fast fields, at `address`) with what `detail` adds: the audience
    /// estimate from its column, or the stored insights.
    fn with_detail(
        &mut self,
        hit: IndexHit,
        address: DocAddress,
        detail: HitDetail,
    ) -> Result<IndexHit, IndexError> {
        if detail == HitDetail::Ranking {
            return Ok(hit);
        }
        if detail == HitDetail::RankingWithAudience {
            match self.of(address.segment_ord)?.audience(address.doc_id)? {
                ColumnAudience::Absent => {
                    return Ok(IndexHit {
                        audience: None,
                        ..hit
                    })
                }
                ColumnAudience::Estimate(estimate) => {
                    return Ok(IndexHit {
                        audience: Some(estimate),
                        ..hit
                    })
                }
                // Not in the column: the stored insights hold it.
                ColumnAudience::Stored => {}
            }
        }
        let doc: TantivyDocument = self.searcher.doc(address)?;
        query::with_insights(hit, &doc, self.fields, detail)
    }
}

/// Bytes of a doc store block before compression. Stored documents of ~3.5 KB each (most of
/// it the stored insights) are read for the hits shown (and for the audience estimates the
/// `audience` column cannot hold) from blocks that are each decompressed whole: blocks of
/// about one document decompress a quarter of what tantivy's 16 KB default does per hit, for
/// a slightly larger store.
const DOCSTORE_BLOCK_BYTES: usize = 4_096;

/// The addresses of a page ordered by a fast field, with BM25 0 (BM25 is kept for text
/// relevance only).
fn unscored<T>(page: Option<Vec<(T, DocAddress)>>) -> Vec<(f32, DocAddress)> {
    page.unwrap_or_default()
        .into_iter()
        .map(|(_, address)| (0.0, address))
        .collect()
}

/// The addresses of a page ordered by BM25, with their BM25.
fn scored_page(page: Vec<(total_order::Key, DocAddress)>) -> Vec<(f32, DocAddress)> {
    page.into_iter()
        .map(|((key, _), address)| (total_order::key_score(key), address))
        .collect()
}

/// Settings of a new index (an existing index keeps those it was created with).
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// Deletes everything and adds every document (uncommitted); returns how many were added.
fn add_all<E>(
    writer: &mut IndexWriter,
    fields: &Fields,
    documents: impl IntoIterator<Item = Result<IndexDocument, E>>,
) -> Result<u64, E>
where
    E: From<IndexError>,
{
    writer.delete_all_documents().map_err(IndexError::from)?;
    let mut count = 0u64;
    for document in documents {
        let document = document?;
        writer
            .add_document(to_tantivy_document(&document, fields))
            .map_err(IndexError::from)?;
        count += 1;
        if count.is_multiple_of(PROGRESS_EVERY) {
            tracing::info!(documents = count, "indexing");
        }
    }
    Ok(count)
}

/// Throws away uncommitted changes; a writer that cannot roll back is dropped (which also
/// discards them) and recreated on next use.
fn abandon(slot: &mut Option<IndexWriter>) {
    if let Some(writer) = slot.as_mut() {
        if let Err(error) = writer.rollback() {
            tracing::warn!(%error, "index writer rollback failed; dropping the writer");
            *slot = None;
        }
    }
}
