//! The pipeline wires the crates together: crawl → store → index → models → search.
//! The CLI and the HTTP API call these functions and nothing below them.

mod crawl;
mod error;
mod export;
mod forget;
mod import;
mod indexing;
mod search;
mod training;

pub use crawl::{crawl_into_store, CrawlOptions, CrawlReport, PROGRESS_TICK};
pub use error::PipelineError;
pub use export::{export, ExportFormat, ExportSummary};
pub use forget::{forget, ForgetReport};
pub use import::{import_file, ImportReport, RowError};
pub use indexing::{
    index_store, rebuild_index, IndexOptions, IndexProgress, IndexReport, DEFAULT_COMMIT_EVERY,
};
pub use search::{
    AudienceFilterParts, CreatorHistory, CreatorView, Evidence, EvidencePost, GrowthFilter,
    NicheProbability, RankedCreator, SearchParts, SearchQuery, SearchResults, SearchService,
    SearchSort, SimilarCreator, SimilarCreators, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET,
};
pub use training::{train_models, TrainReport};
