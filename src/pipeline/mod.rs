//! The pipeline wires the crates together: crawl → store → index → models → search.
//! The CLI and the HTTP API call these functions and nothing below them.

mod crawl;
mod error;
mod export;
mod feedback;
mod forget;
mod import;
mod indexing;
mod jobs;
mod recommend;
mod removal;
mod search;
mod search_cache;
mod search_evidence;
mod shortlists;
mod training;

pub use crawl::{crawl_into_store, observed_at_problem, CrawlOptions, CrawlReport, PROGRESS_TICK};
pub use error::PipelineError;
pub use export::{export, ExportFormat, ExportSummary};
pub use feedback::{
    compact_ranker_log, load_learned_ranker, record_feedback, record_feedback_shown, FeedbackView,
    Judgement, LoadedRanker, MAX_GRADE, MAX_QUERY_CHARS, MAX_SHOWN, RANKER_LOG_BOUND,
};
pub use forget::{forget, ForgetReport};
pub use import::{import_file, import_file_until, ImportProgress, ImportReport, RowError};
pub use indexing::{
    derive_documents, index_store, rebuild_index, IndexOptions, IndexProgress, IndexReport,
    DEFAULT_COMMIT_EVERY, INDEXED_POSTS, PREDICT_CHUNK,
};
pub use jobs::{JobProgress, JobResult, JobStatus, JobView, Jobs, MAX_SEEDS};
pub use recommend::{recommend, Brief, Recommendations, MAX_BRIEF_LIMIT, MAX_EXCLUSIONS};
pub use removal::{remove_creator, Removal};
pub use search::{
    flat_parameter, AudienceFilterParts, CreatorHistory, CreatorView, Evidence, EvidencePost,
    GrowthFilter, NicheProbability, RankedCreator, SearchParts, SearchQuery, SearchResults,
    SearchService, SearchSort, SimilarCreator, SimilarCreators, DEFAULT_LIMIT, MAX_LIMIT,
    MAX_OFFSET,
};
pub use search_cache::{CacheStats, DEFAULT_CAPACITY as DEFAULT_SEARCH_CACHE};
pub use shortlists::{
    create_shortlist, delete_shortlist, edit_shortlist, export_shortlist_csv, get_shortlist,
    list_shortlists, EntryEdit, ShortlistCreator, ShortlistInfo, ShortlistView, EXPORT_COLUMNS,
};
pub use training::{train_models, train_models_until, TrainProgress, TrainReport, TRAINING_POOL};
