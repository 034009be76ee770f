//! `scout forget ID`: a removal request. The creator leaves the store and the index, and a
//! tombstone keeps it from coming back through a crawl or an import.

use scout_index::{SearchIndex, Store};
use scout_models::CreatorId;

use crate::paths::DataDir;
use crate::pipeline::PipelineError;

/// What a removal request found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForgetReport {
    /// The creator was in the store (a tombstone is recorded either way).
    pub was_stored: bool,
}

/// Removes `id` from the store and the index and records its tombstone.
pub fn forget(data: &DataDir, id: &CreatorId) -> Result<ForgetReport, PipelineError> {
    let mut store = Store::open(&data.store_path())?;
    let was_stored = store.forget(id, "removal request")?;
    if data.index_dir().exists() {
        let index = SearchIndex::open_or_create(&data.index_dir())?;
        index.remove(std::slice::from_ref(id))?;
    }
    Ok(ForgetReport { was_stored })
}
