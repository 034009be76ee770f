//! Store → index: derives every index document from the store, applying the newest trained
//! models (niche probabilities) when there are any.

use std::time::Instant;

use scout_index::{
    IndexDocument, IndexError, RecordStreamOptions, SearchIndex, SearchIndexOptions, Store,
};
use scout_models::{engagement, CreatorRecord, ModelBundle, NicheDocument, NicheScores};

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

    let mut documents = Vec::new();
    let mut pending: Vec<CreatorRecord> = Vec::with_capacity(PREDICT_CHUNK);
    store.for_each_record(
        RecordStreamOptions {
            max_posts_per_creator: Some(INDEXED_POSTS),
            include_audience: false,
        },
        |record| {
            pending.push(record);
            if pending.len() == PREDICT_CHUNK {
                documents.extend(to_documents(&mut pending, models.as_ref().map(|(m, _)| m)));
            }
            Ok::<(), PipelineError>(())
        },
    )?;
    documents.extend(to_documents(&mut pending, models.as_ref().map(|(m, _)| m)));
    let stats = index.rebuild(documents.into_iter().map(Ok::<_, PipelineError>))?;
    Ok(IndexReport {
        documents: stats.documents,
        seconds: started.elapsed().as_secs_f64(),
        with_models: models.map(|(_, manifest)| manifest.model_version),
    })
}

/// Turns a chunk of records into index documents, draining the chunk.
fn to_documents(
    records: &mut Vec<CreatorRecord>,
    models: Option<&ModelBundle>,
) -> Vec<IndexDocument> {
    let niche_scores: Vec<Option<NicheScores>> = match models {
        Some(bundle) => {
            let niche_documents: Vec<NicheDocument> =
                records.iter().map(NicheDocument::from_record).collect();
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
        .map(|(record, scores)| index_document(record, scores))
        .collect()
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
    }
}
