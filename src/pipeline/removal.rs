//! Removal requests from the API: `scout forget` ([`forget`]) plus the creator's shortlist
//! entries and feedback, with the server's index reloaded so searches stop showing it.

use scout_index::Store;
use scout_models::CreatorId;
use serde::Serialize;

use crate::pipeline::{forget, PipelineError, SearchService};

/// What a removal request did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Removal {
    #[schema(value_type = String, example = "mastodon:chef_ana@food.example")]
    pub id: CreatorId,
    /// The creator was stored (and is now deleted with its posts, audience and history).
    pub was_stored: bool,
    /// A tombstone keeps the creator from coming back through a crawl or an import.
    pub tombstoned: bool,
    /// Shortlist entries and feedback rows about the creator that were deleted.
    pub list_entries_deleted: usize,
}

/// Forgets `id` everywhere. The caller holds the index writer slot.
pub fn remove_creator(service: &SearchService, id: &CreatorId) -> Result<Removal, PipelineError> {
    let report = forget(service.data(), id)?;
    let list_entries_deleted = Store::open(&service.data().store_path())?.forget_lists_of(id)?;
    service.index().reload()?;
    // The reload already moves the cache to the new commit; clearing also covers a forget
    // whose index commit the reader had seen before.
    service.clear_search_cache();
    Ok(Removal {
        id: id.clone(),
        was_stored: report.was_stored,
        tombstoned: true,
        list_entries_deleted,
    })
}
