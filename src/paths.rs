//! Where Scout keeps its data: one directory holding the store, the index, the models and the
//! crawler's state (DESIGN §1).

use std::path::{Path, PathBuf};

/// The layout of a Scout data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The SQLite store, the source of truth.
    pub fn store_path(&self) -> PathBuf {
        self.root.join("store.sqlite")
    }

    /// The tantivy index, derived from the store.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }

    /// Versioned model artifacts with their manifests.
    pub fn models_dir(&self) -> PathBuf {
        self.root.join("models")
    }

    /// The crawler's own state: frontier, runs, robots cache.
    pub fn crawl_dir(&self) -> PathBuf {
        self.root.join("crawl")
    }
}
