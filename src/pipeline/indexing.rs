//! Store → index: derives every index document from the store, applying the newest trained
//! models (niche probabilities) when there are any.

use chrono::{DateTime, Utc};
use scout_index::{CreatorFacts, GrowthWindows, IndexDocument};
use scout_models::audience::{estimate_audience_with_marks, AudienceContext};
use scout_models::features::{observed_until, BotMarks};
use scout_models::{
    credibility_in_crawl, credibility_with_overlap, engagement, CommenterOverlap, CreatorFeatures,
    CreatorRecord, ModelBundle, NicheScores, Snapshot,
};

use crate::paths::DataDir;
use crate::pipeline::PipelineError;

mod pass;

pub use pass::{derive_documents, index_store, IndexOptions, IndexProgress, DEFAULT_COMMIT_EVERY};

/// Posts whose text goes into the index per creator (the most recent ones).
pub const INDEXED_POSTS: usize = 30;

/// A niche counts as one of the creator's niches from this probability on.
pub const NICHE_THRESHOLD: f32 = 0.5;

/// How creators are handed to the classifier: enough to amortise its matrix work (and the
/// creators a page of the store read holds).
pub const PREDICT_CHUNK: usize = 512;

/// What `scout index` did.
#[derive(Debug, Clone)]
pub struct IndexReport {
    /// Creators whose documents were (re)written.
    pub documents: u64,
    /// Documents removed (creators forgotten or gone from the store).
    pub removed: u64,
    /// Documents in the index afterwards.
    pub total: u64,
    /// A full pass ran (a rebuild, a first run, or new models).
    pub full: bool,
    /// A pass an earlier run left unfinished was completed.
    pub resumed: bool,
    /// The run was stopped on request before its end, its place committed: the next run
    /// resumes there.
    pub stopped: bool,
    pub seconds: f64,
    pub with_models: Option<String>,
}

/// Rebuilds the index from the store: every document derived again, in batches (see
/// [`index_store`]).
pub fn rebuild_index(data: &DataDir) -> Result<IndexReport, PipelineError> {
    index_store(data, IndexOptions::new(true), &|_| {})
}

/// What deriving documents needs besides the records.
struct Derivation<'a> {
    models: Option<&'a ModelBundle>,
    overlap: &'a CommenterOverlap,
    now: DateTime<Utc>,
}

impl Derivation<'_> {
    /// Turns a chunk of records into index documents, draining the chunk.
    fn documents(&self, records: &mut Vec<(CreatorRecord, Vec<Snapshot>)>) -> Vec<IndexDocument> {
        self.documents_then(records, |document| document)
    }

    /// Turns a chunk of records into index documents and hands each to `finish`, draining
    /// the chunk; the results keep the records' order. All on the calling thread: a pass
    /// derives a page per core at once (see `pass::read_ahead`).
    fn documents_then<T>(
        &self,
        records: &mut Vec<(CreatorRecord, Vec<Snapshot>)>,
        finish: impl Fn(IndexDocument) -> T,
    ) -> Vec<T> {
        let niche_scores: Vec<Option<NicheScores>> = match self.models {
            Some(bundle) => {
                let chunk: Vec<&CreatorRecord> = records.iter().map(|(record, _)| record).collect();
                bundle
                    .niche
                    .predict_records(&chunk)
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            None => vec![None; records.len()],
        };
        records
            .drain(..)
            .zip(niche_scores)
            .map(|((record, snapshots), scores)| finish(self.document(record, &snapshots, scores)))
            .collect()
    }

    fn document(
        &self,
        record: CreatorRecord,
        snapshots: &[Snapshot],
        niche_scores: Option<NicheScores>,
    ) -> IndexDocument {
        // Credibility for every creator (engagement and growth speak without a sample);
        // the audience estimate only from a sample.
        // Each commenter's bot marks are read once, for credibility and the estimate alike.
        let marks = BotMarks::of_all(&record.audience);
        let features = CreatorFeatures::compute_with_marks(&record, snapshots, self.now, &marks);
        let curve = self
            .models
            .and_then(|bundle| bundle.engagement_curve.as_ref());
        let credibility = Some(match curve {
            Some(curve) => credibility_in_crawl(&features, &record.audience, self.overlap, curve),
            None => credibility_with_overlap(&features, &record.audience, self.overlap),
        });
        let audience = if record.audience.is_empty() {
            None
        } else {
            let audience = estimate_audience_with_marks(
                &record.audience,
                &marks,
                &AudienceContext {
                    now: self.now,
                    platform: Some(record.creator.platform),
                    niches: niche_scores.as_ref(),
                },
            );
            Some(audience)
        };
        let niches = self
            .models
            .zip(niche_scores.as_ref())
            .map(|(bundle, scores)| bundle.niche.niches_of(scores));
        // Growth up to the creator's newest observation: a store filed from an archive (or
        // a creator not crawled lately) has no counts of the days since.
        let observed = observed_until(record.creator.provenance.fetched_at, snapshots, self.now);
        let growth = GrowthWindows::compute(snapshots, record.creator.followers, observed);
        let mut document = index_document(record, niche_scores);
        document.facts.growth = growth;
        if let Some(niches) = niches {
            // The classifier's calibrated threshold, not the fixed fallback.
            document.niches = niches;
        }
        document.audience = audience;
        document.credibility = credibility;
        document
    }
}
/// The index's view of one creator.
pub fn index_document(record: CreatorRecord, niche_scores: Option<NicheScores>) -> IndexDocument {
    let engagement_rate =
        engagement::robust_engagement_rate(record.creator.followers, &record.posts);
    // Sorted and deduplicated as borrowed strings: only the distinct ones are copied.
    let mut distinct_hashtags: Vec<&str> = record
        .posts
        .iter()
        .flat_map(|post| post.hashtags.iter().map(String::as_str))
        .collect();
    distinct_hashtags.sort_unstable();
    distinct_hashtags.dedup();
    let hashtags: Vec<String> = distinct_hashtags.into_iter().map(str::to_string).collect();
    let facts = CreatorFacts::from_record(&record);
    // The record is spent here: its texts move into the document.
    let CreatorRecord { creator, posts, .. } = record;
    let captions = posts
        .into_iter()
        .take(INDEXED_POSTS)
        .map(|post| post.text)
        .collect();
    IndexDocument {
        id: creator.id,
        platform: creator.platform,
        handle: creator.handle,
        display_name: creator.display_name,
        bio: creator.bio,
        captions,
        hashtags,
        followers: creator.followers,
        engagement_rate,
        niches: niche_scores
            .as_ref()
            .map(|scores| scores.top(NICHE_THRESHOLD))
            .unwrap_or_default(),
        niche_scores,
        languages: creator.languages,
        audience: None,
        credibility: None,
        facts,
    }
}
