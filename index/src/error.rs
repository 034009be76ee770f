//! The one error type of `scout-index`: user mistakes (`InvalidInput`, `CreatorNotFound`) are
//! kept apart from faults of the layers below (SQLite, tantivy, the file system).

use std::path::PathBuf;

/// Everything that can go wrong in the store or the search index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The caller asked for something that cannot be done as asked.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// No creator with this id is in the store.
    #[error("creator not found: {0}")]
    CreatorNotFound(String),

    /// A read-only open named a store file that does not exist.
    #[error("store not found at {}", .0.display())]
    StoreNotFound(PathBuf),

    /// The store file was written by a newer Scout whose schema this build does not know.
    #[error("store schema version {found} is newer than this build supports ({supported})")]
    UnsupportedStoreVersion { found: i64, supported: i64 },

    /// A read-only open found a store whose schema still needs a migration.
    #[error("store schema version {found} is older than required ({required}); open it read-write once to migrate")]
    StoreNeedsMigration { found: i64, required: i64 },

    /// The index directory holds an index built with another schema.
    #[error("search index at {} was built with another schema; rebuild it with `scout index --rebuild`", .0.display())]
    IndexSchemaMismatch(PathBuf),

    /// A value read back from the store or the index does not decode.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),

    /// A file-system operation on a path failed.
    #[error("i/o error on {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("store error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),

    #[error("cannot open index directory: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),

    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}

impl IndexError {
    /// Wraps an i/o error with the path it happened on.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IndexError::Io {
            path: path.into(),
            source,
        }
    }
}
