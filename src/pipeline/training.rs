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
use crate::pipeline::indexing::{index_store, IndexOptions, IndexReport, INDEXED_POSTS};
use crate::pipeline::PipelineError;
use tokio_util::sync::CancellationToken;

/// Creators whose texts the niche classifier is trained from, at most: a larger store gives
/// an evenly spread sample of its creators (every k-th in id order). The classifier itself
/// fits on a few thousand weakly labelled documents of these ([`NicheParams::max_train_docs`])
/// and calibrates on fewer, so a larger pool adds nothing it can use, while holding 1M
/// creators' texts in memory costs gigabytes. The engagement curve still sees every creator.
pub const TRAINING_POOL: u64 = 200_000;

/// Where a training run stands, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainProgress {
    /// Reading the store: `read` of `total` creators.
    Reading { read: u64, total: u64 },
    /// Fitting the niche classifier on what was read.
    Fitting,
    /// Re-indexing with the new models: `written` of `planned` creators.
    Indexing { written: u64, planned: u64 },
}

/// What `scout train` did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub model_version: String,
    /// Creators in the store.
    pub creators: u64,
    /// Creators whose texts the classifier was trained from (see [`TRAINING_POOL`]).
    pub documents: usize,
    pub weakly_labelled: usize,
    pub train_seconds: f64,
    /// The re-indexing after training; `None` when it was left to a later `scout index --rebuild`.
    pub index: Option<IndexReport>,
}

/// Trains the models from the store and saves them as a new version; re-indexes the store
/// when `reindex` is set, so that the index carries the new models' outputs.
pub fn train_models(
    data: &DataDir,
    reindex: bool,
    progress: &dyn Fn(TrainProgress),
) -> Result<TrainReport, PipelineError> {
    train_models_from_pool(data, reindex, TRAINING_POOL, progress, None)
}

/// [`train_models`] that stops once `stop` is cancelled: while the store is read, with
/// [`PipelineError::Stopped`] (nothing saved); once the models are saved, the re-index stops
/// at its next page with its place committed (`report.index.stopped`, which `scout index`
/// resumes). Fitting itself runs to its end.
pub fn train_models_until(
    data: &DataDir,
    reindex: bool,
    progress: &dyn Fn(TrainProgress),
    stop: &CancellationToken,
) -> Result<TrainReport, PipelineError> {
    train_models_from_pool(data, reindex, TRAINING_POOL, progress, Some(stop))
}

/// Creators read between two progress reports.
const PROGRESS_EVERY: u64 = 1_000;

fn train_models_from_pool(
    data: &DataDir,
    reindex: bool,
    pool: u64,
    progress: &dyn Fn(TrainProgress),
    stop: Option<&CancellationToken>,
) -> Result<TrainReport, PipelineError> {
    let stop_requested = || stop.is_some_and(CancellationToken::is_cancelled);
    let store = Store::open(&data.store_path())?;
    let creators = store.creator_count()?;
    progress(TrainProgress::Reading {
        read: 0,
        total: creators,
    });
    let stride = creators.div_ceil(pool.max(1)).max(1);
    let mut documents = Vec::new();
    let mut curve = EngagementCurveBuilder::new();
    let mut position = 0u64;
    store.for_each_record(
        RecordStreamOptions {
            max_posts_per_creator: Some(INDEXED_POSTS),
            // The commenters curve counts each creator's sampled commenters.
            include_audience: true,
        },
        |record| {
            if position.is_multiple_of(stride) {
                documents.push(NicheDocument::from_record(&record));
            }
            position += 1;
            if position.is_multiple_of(PROGRESS_EVERY) || position == creators {
                progress(TrainProgress::Reading {
                    read: position,
                    total: creators,
                });
                if stop_requested() {
                    return Err(PipelineError::Stopped(format!(
                        "training stopped while reading the store ({position} of {creators} \
                         creators read): nothing was saved, `scout train` starts over"
                    )));
                }
            }
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

    progress(TrainProgress::Fitting);
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

    let index = if reindex {
        let options = IndexOptions {
            stop: stop.cloned(),
            ..IndexOptions::new(true)
        };
        Some(index_store(data, options, &|indexing| {
            progress(TrainProgress::Indexing {
                written: indexing.written,
                planned: indexing.planned,
            })
        })?)
    } else {
        None
    };
    Ok(TrainReport {
        model_version,
        creators,
        documents: documents.len(),
        weakly_labelled: report.labelled_documents,
        train_seconds,
        index,
    })
}

#[cfg(test)]
mod tests {
    use scout_models::ModelBundle;

    use super::*;
    use crate::sim;

    fn generated_store(creators: usize) -> (tempfile::TempDir, DataDir) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let data = DataDir::new(dir.path().to_path_buf());
        let mut store = Store::open(&data.store_path()).expect("store");
        let config = sim::GenerateConfig {
            creators,
            posts_per_creator: 6,
            seed: 5,
        };
        sim::write_world(&mut store, config, sim::DEFAULT_BATCH, &|_, _| {}, None).expect("world");
        (dir, data)
    }

    #[test]
    fn a_store_larger_than_the_pool_trains_on_an_even_sample_and_can_leave_the_index() {
        let (_dir, data) = generated_store(600);

        let reports = std::sync::Mutex::new(Vec::new());
        let report = train_models_from_pool(
            &data,
            false,
            250,
            &|progress| reports.lock().unwrap().push(progress),
            None,
        )
        .expect("trained");

        assert_eq!(report.creators, 600);
        // Every third creator in id order: 0, 3, …, 597.
        assert_eq!(report.documents, 200);
        assert!(report.weakly_labelled > 0 && report.weakly_labelled <= 200);
        assert!(report.index.is_none());
        assert!(!data.index_dir().exists(), "no index was asked for");
        let reports = reports.into_inner().unwrap();
        assert_eq!(
            reports.first(),
            Some(&TrainProgress::Reading {
                read: 0,
                total: 600
            })
        );
        assert_eq!(
            reports[reports.len() - 2..],
            [
                TrainProgress::Reading {
                    read: 600,
                    total: 600
                },
                TrainProgress::Fitting
            ]
        );
        let (_, manifest) = ModelBundle::load_latest(&data.models_dir())
            .expect("readable models")
            .expect("saved models");
        assert_eq!(manifest.model_version, report.model_version);
    }

    #[test]
    fn a_store_within_the_pool_trains_on_every_creator_and_reindexes() {
        let (_dir, data) = generated_store(120);

        let indexed = std::sync::Mutex::new(0);
        let report = train_models_from_pool(
            &data,
            true,
            250,
            &|progress| {
                if let TrainProgress::Indexing { written, .. } = progress {
                    *indexed.lock().unwrap() = written;
                }
            },
            None,
        )
        .expect("trained");

        assert_eq!((report.creators, report.documents), (120, 120));
        assert_eq!(report.index.map(|index| index.documents), Some(120));
        assert_eq!(
            *indexed.lock().unwrap(),
            120,
            "re-indexing reports its progress"
        );
    }
}
