use thiserror::Error;

use crate::pipeline::PipelineError;

/// What can stop an evaluation: a bad setting naming its field, or a fault below.
#[derive(Debug, Error)]
pub enum EvalError {
    /// A setting of the evaluation is wrong; `field` names it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Index(#[from] scout_index::IndexError),
    #[error(transparent)]
    Model(#[from] scout_models::ModelError),
    #[error("cannot serve the simulated web: {0}")]
    Serve(std::io::Error),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the report: {0}")]
    Json(#[from] serde_json::Error),
    /// The crawl reached too little of the simulated web to judge anything.
    #[error("the crawl reached no creator of the simulated web")]
    NothingCrawled,
    /// Stopped on request (Ctrl-C) before the report was complete.
    #[error("the evaluation was stopped before its report was complete")]
    Stopped,
    #[error("{0}")]
    Internal(String),
}

impl EvalError {
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        EvalError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
