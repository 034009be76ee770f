use std::path::PathBuf;

use thiserror::Error;

/// Everything that can go wrong in `scout-models`.
#[derive(Debug, Error)]
pub enum ModelError {
    #[error("invalid creator id {0:?}: expected platform:handle")]
    InvalidCreatorId(String),
    #[error("unknown platform {0:?}")]
    UnknownPlatform(String),
    #[error("unknown niche {0:?}")]
    UnknownNiche(String),
    #[error("unknown tier {0:?}")]
    UnknownTier(String),
    /// A hyper-parameter or weight is out of its allowed range (a caller mistake).
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter { name: &'static str, reason: String },
    /// Training was asked to learn from nothing.
    #[error("no documents to train on")]
    EmptyTrainingSet,
    /// The seed lexicon does not parse or breaks its own rules.
    #[error("invalid niche lexicon: {0}")]
    InvalidLexicon(String),
    /// The TF-IDF vectoriser refused its input.
    #[error("tf-idf vectorisation failed: {0}")]
    Vectorizer(#[from] linfa_preprocessing::PreprocessingError),
    /// A logistic regression head failed to fit.
    #[error("logistic regression for niche {niche} failed: {source}")]
    Logistic {
        niche: crate::Niche,
        source: linfa_logistic::error::Error,
    },
    /// The learned ranker's logistic regression failed to fit.
    #[error("learning the ranker failed: {0}")]
    RankerTraining(linfa_logistic::error::Error),
    /// Every judged query gave its results the same relevance: nothing to learn an order from.
    #[error("no pair of results with different relevance to learn the ranker from")]
    NoRankingPairs,
    /// The learned ranker gave no signal a positive weight (the judgements contradict them all).
    #[error("the learned ranker gave every signal a zero weight")]
    DegenerateRanker,
    /// A training worker thread panicked (an internal fault).
    #[error("a training worker stopped unexpectedly")]
    WorkerPanicked,
    /// A saved model is internally inconsistent.
    #[error("corrupt model artifact: {0}")]
    CorruptModel(String),
    /// A saved artifact uses a format this build does not read.
    #[error("unsupported artifact format {found} (this build reads {expected})")]
    UnsupportedFormat { found: u32, expected: u32 },
    /// A model version string is not a safe directory name.
    #[error("invalid model version {0:?}")]
    InvalidModelVersion(String),
    /// Saving would overwrite an existing model version.
    #[error("model version directory {0} already exists")]
    ArtifactExists(PathBuf),
    #[error("i/o error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid json in {path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl ModelError {
    /// Shorthand for an [`ModelError::InvalidParameter`].
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        ModelError::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }

    /// Wraps an I/O error with the path it happened on.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ModelError::Io {
            path: path.into(),
            source,
        }
    }
}
