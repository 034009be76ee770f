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
}
