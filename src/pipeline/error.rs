use thiserror::Error;

/// What can go wrong in the pipeline: a user mistake naming its field, or a fault below.
#[derive(Debug, Error)]
pub enum PipelineError {
    /// A value the user gave is wrong; `field` names it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A resource the request names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with what exists (a duplicate).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Crawl(#[from] scout_crawler::CrawlError),
    #[error(transparent)]
    Index(#[from] scout_index::IndexError),
    #[error(transparent)]
    Model(#[from] scout_models::ModelError),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// A long job was stopped on request (Ctrl-C) before it had anything to keep; the text
    /// says what was stopped and how to go on.
    #[error("{0}")]
    Stopped(String),
    #[error("{0}")]
    Internal(String),
}

impl PipelineError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        PipelineError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
