//! Errors of the simulated web.

/// What can go wrong writing or reading the simulation's files.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot encode or decode the ground truth: {0}")]
    Json(#[from] serde_json::Error),
}
