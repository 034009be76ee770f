//! `scout-models` owns Scout's domain types (creators, posts, audience samples, snapshots,
//! the niche taxonomy), the features computed from them and the linfa models trained on them.
//!
//! It does no network or database I/O: it reads and writes only its own artifact files.
//!
//! ```
//! use scout_models::{CreatorId, Platform};
//! let id = CreatorId::new(Platform::Mastodon, "alice@social.example");
//! assert_eq!(id.to_string(), "mastodon:alice@social.example");
//! ```

mod error;
mod types;

pub use error::ModelError;
pub use types::{
    AudienceSample, Creator, CreatorId, CreatorRecord, MediaKind, Niche, NicheScores, Platform,
    Post, Provenance, Snapshot, Tier,
};
