//! Store → models: trains the niche classifier from the crawled records (weak labels from the
//! seed lexicon, never the simulator's ground truth) and fits the crawl's engagement curve
//! (credibility's baseline), saves the artifacts, and refreshes the index so that it carries
//! the new models' outputs.

use std::time::Instant;

use chrono::Utc;
use scout_index::{RecordStreamOptions, Store};
use scout_models::{
    EngagementCurveBuilder, Manifest, ModelBundle, NicheClassifier, NicheDocument, NicheParams,
    RankerWeights,
};

use crate::paths::DataDir;
use crate::pipeline::indexing::{rebuild_index, IndexReport, INDEXED_POSTS};
use crate::pipeline::PipelineError;

/// What `scout train` did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub model_version: String,
    pub documents: usize,
    pub weakly_labelled: usize,
    pub train_seconds: f64,
    pub index: IndexReport,
}

/// Trains the models from the store, saves them as a new version and re-indexes.
pub fn train_models(data: &DataDir) -> Result<TrainReport, PipelineError> {
    let store = Store::open(&data.store_path())?;
    let mut documents = Vec::new();
    let mut curve = EngagementCurveBuilder::new();
    store.for_each_record(
        RecordStreamOptions {
            max_posts_per_creator: Some(INDEXED_POSTS),
            // The commenters curve counts each creator's sampled commenters.
            include_audience: true,
        },
        |record| {
            documents.push(NicheDocument::from_record(&record));
            curve.add_creator(&record);
            Ok::<(), PipelineError>(())
        },
    )?;
    if documents.is_empty() {
        return Err(PipelineError::Invalid {
            field: "store".into(),
            message: format!(
                "the store at {} holds no creators: run `scout crawl` or `scout import` first",
                data.store_path().display()
            ),
        });
    }

    let started = Instant::now();
    let (niche, report) = NicheClassifier::train(&documents, NicheParams::default())?;
    let train_seconds = started.elapsed().as_secs_f64();
    let bundle = ModelBundle {
        niche,
        ranker: RankerWeights::default(),
        engagement_curve: Some(curve.fit()),
    };
    let manifest = Manifest::new(Utc::now(), documents.len(), train_seconds, &report);
    let model_version = manifest.model_version.clone();
    bundle.save(&data.models_dir(), &manifest)?;
    drop(store);

    let index = rebuild_index(data)?;
    Ok(TrainReport {
        model_version,
        documents: documents.len(),
        weakly_labelled: report.labelled_documents,
        train_seconds,
        index,
    })
}
