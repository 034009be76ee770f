//! Store → index: derives every index document from the store, applying the newest trained
//! models (niche probabilities) when there are any.

use std::time::Instant;

use chrono::{DateTime, Utc};
use scout_index::{
    IndexDocument, IndexError, RecordStreamOptions, SearchIndex, SearchIndexOptions, Store,
};
use scout_models::audience::{estimate_audience_with, AudienceContext};
use scout_models::{
    credibility_with_overlap, engagement, CommenterOverlap, CreatorFeatures, CreatorRecord,
    ModelBundle, NicheDocument, NicheScores, Snapshot,
};

use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// Posts whose text goes into the index per creator (the most recent ones).
pub const INDEXED_POSTS: usize = 30;

/// A niche counts as one of the creator's niches from this probability on.
pub const NICHE_THRESHOLD: f32 = 0.5;

/// How creators are handed to the classifier: enough to amortise its matrix work.
const PREDICT_CHUNK: usize = 512;

/// What `scout index` did.
#[derive(Debug, Clone)]
pub struct IndexReport {
    pub documents: u64,
    pub seconds: f64,
    pub with_models: Option<String>,
}

/// Rebuilds the index from the store.
///
/// Two passes over the store: the first gathers every audience sample's commenters (engagement
/// pods show up as the same commenters across creators), the second derives each document
/// with the niche probabilities, the audience estimate and credibility.
pub fn rebuild_index(data: &DataDir) -> Result<IndexReport, PipelineError> {
    let started = Instant::now();
    let store = Store::open(&data.store_path())?;
    let models = ModelBundle::load_latest(&data.models_dir())?;
    let index = match SearchIndex::open_or_create(&data.index_dir()) {
        // An index of an older schema is derived data: rebuild it from the store.
        Err(IndexError::IndexSchemaMismatch(_)) => {
            SearchIndex::recreate(&data.index_dir(), SearchIndexOptions::default())?
        }
        other => other?,
    };
    let stream = RecordStreamOptions {
        max_posts_per_creator: Some(INDEXED_POSTS),
        include_audience: true,
    };
    let mut overlap = CommenterOverlap::new();
    store.for_each_record(stream, |record| {
        overlap.add_creator(&record.audience);
        Ok::<(), PipelineError>(())
    })?;

    let context = Derivation {
        models: models.as_ref().map(|(bundle, _)| bundle),
        overlap: &overlap,
        now: Utc::now(),
    };
    let mut documents = Vec::new();
    let mut pending: Vec<(CreatorRecord, Vec<Snapshot>)> = Vec::with_capacity(PREDICT_CHUNK);
    store.for_each_record(stream, |record| {
        let snapshots = store.snapshots(&record.creator.id)?;
        pending.push((record, snapshots));
        if pending.len() == PREDICT_CHUNK {
            documents.extend(context.documents(&mut pending));
        }
        Ok::<(), PipelineError>(())
    })?;
    documents.extend(context.documents(&mut pending));
    let stats = index.rebuild(documents.into_iter().map(Ok::<_, PipelineError>))?;
    Ok(IndexReport {
        documents: stats.documents,
        seconds: started.elapsed().as_secs_f64(),
        with_models: models.map(|(_, manifest)| manifest.model_version),
    })
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
        let niche_scores: Vec<Option<NicheScores>> = match self.models {
            Some(bundle) => {
                let niche_documents: Vec<NicheDocument> = records
                    .iter()
                    .map(|(record, _)| NicheDocument::from_record(record))
                    .collect();
                bundle
                    .niche
                    .predict_batch(&niche_documents)
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            None => vec![None; records.len()],
        };
        records
            .drain(..)
            .zip(niche_scores)
            .map(|((record, snapshots), scores)| self.document(record, &snapshots, scores))
            .collect()
    }

    fn document(
        &self,
        record: CreatorRecord,
        snapshots: &[Snapshot],
        niche_scores: Option<NicheScores>,
    ) -> IndexDocument {
        let (audience, credibility) = if record.audience.is_empty() {
            (None, None)
        } else {
            let features = CreatorFeatures::compute(&record, snapshots, self.now);
            let audience = estimate_audience_with(
                &record.audience,
                &AudienceContext {
                    now: self.now,
                    platform: Some(record.creator.platform),
                    niches: niche_scores.as_ref(),
                },
            );
            let credibility = credibility_with_overlap(&features, &record.audience, self.overlap);
            (Some(audience), Some(credibility))
        };
        let mut document = index_document(record, niche_scores);
        document.audience = audience;
        document.credibility = credibility;
        document
    }
}
/// The index's view of one creator.
pub fn index_document(record: CreatorRecord, niche_scores: Option<NicheScores>) -> IndexDocument {
    let engagement_rate =
        engagement::robust_engagement_rate(record.creator.followers, &record.posts);
    let mut hashtags: Vec<String> = record
        .posts
        .iter()
        .flat_map(|post| post.hashtags.iter().cloned())
        .collect();
    hashtags.sort();
    hashtags.dedup();
    let captions = record
        .posts
        .iter()
        .take(INDEXED_POSTS)
        .map(|post| post.text.clone())
        .collect();
    let creator = record.creator;
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
    }
}
