//! Shortlists: named lists of creators with a note each, kept in the store per owner (the
//! API key that made them), and their CSV export with the metrics a marketer compares.

use chrono::{DateTime, Utc};
use scout_index::{ShortlistChange, ShortlistEntry, ShortlistSummary, Store};
use scout_models::{credibility, estimate_audience, CreatorFeatures, CreatorId, Platform};
use serde::Serialize;

use crate::pipeline::{PipelineError, SearchService};

/// Longest shortlist name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest note on a shortlisted creator, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Shortlists one owner may keep.
pub const MAX_SHORTLISTS: usize = 1_000;

/// A shortlist without its creators.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShortlistInfo {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Creators on the list.
    pub size: usize,
}

/// A shortlist with its creators, in the order they were added.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShortlistView {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub size: usize,
    pub creators: Vec<ShortlistCreator>,
}

/// One creator on a shortlist.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShortlistCreator {
    #[schema(value_type = String, example = "mastodon:chef_ana@food.example")]
    pub creator_id: CreatorId,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub note: Option<String>,
    pub added_at: DateTime<Utc>,
}

impl From<ShortlistSummary> for ShortlistInfo {
    fn from(summary: ShortlistSummary) -> Self {
        ShortlistInfo {
            id: summary.id,
            name: summary.name,
            created_at: summary.created_at,
            size: summary.size,
        }
    }
}

fn view(summary: ShortlistSummary, entries: Vec<ShortlistEntry>) -> ShortlistView {
    ShortlistView {
        id: summary.id,
        name: summary.name,
        created_at: summary.created_at,
        size: entries.len(),
        creators: entries
            .into_iter()
            .map(|entry| ShortlistCreator {
                creator_id: entry.creator_id,
                platform: entry.platform,
                handle: entry.handle,
                display_name: entry.display_name,
                note: entry.note,
                added_at: entry.added_at,
            })
            .collect(),
    }
}

fn no_shortlist(id: i64) -> PipelineError {
    PipelineError::NotFound(format!("no shortlist {id}"))
}

/// A trimmed, non-empty name of at most [`MAX_NAME_CHARS`].
fn checked_name(name: &str) -> Result<String, PipelineError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(PipelineError::invalid("name", "must not be empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(PipelineError::invalid(
            "name",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(PipelineError::invalid(
            "name",
            "must not contain control characters",
        ));
    }
    Ok(name.to_string())
}

/// A note of at most [`MAX_NOTE_CHARS`]; blank means none.
fn checked_note(note: Option<&str>) -> Result<Option<String>, PipelineError> {
    let Some(note) = note.map(str::trim).filter(|note| !note.is_empty()) else {
        return Ok(None);
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(PipelineError::invalid(
            "note",
            format!("must be at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(Some(note.to_string()))
}

fn open_store(service: &SearchService) -> Result<Store, PipelineError> {
    Ok(Store::open(&service.data().store_path())?)
}

/// Creates a shortlist named `name` for `owner`; a second one of the same name conflicts.
pub fn create_shortlist(
    service: &SearchService,
    owner: &str,
    name: &str,
) -> Result<ShortlistView, PipelineError> {
    let name = checked_name(name)?;
    let mut store = open_store(service)?;
    if store.shortlists(owner)?.len() >= MAX_SHORTLISTS {
        return Err(PipelineError::Conflict(format!(
            "at most {MAX_SHORTLISTS} shortlists per key: delete one first"
        )));
    }
    let created = store
        .create_shortlist(owner, &name, Utc::now())?
        .ok_or_else(|| PipelineError::Conflict(format!("a shortlist named {name:?} exists")))?;
    Ok(view(created, Vec::new()))
}

/// The owner's shortlists, oldest first.
pub fn list_shortlists(
    service: &SearchService,
    owner: &str,
) -> Result<Vec<ShortlistInfo>, PipelineError> {
    let store = service.store()?;
    Ok(store
        .shortlists(owner)?
        .into_iter()
        .map(ShortlistInfo::from)
        .collect())
}

/// One of the owner's shortlists with its creators.
pub fn get_shortlist(
    service: &SearchService,
    owner: &str,
    id: i64,
) -> Result<ShortlistView, PipelineError> {
    let store = service.store()?;
    let (summary, entries) = store
        .shortlist(owner, id)?
        .ok_or_else(|| no_shortlist(id))?;
    Ok(view(summary, entries))
}

/// Deletes one of the owner's shortlists.
pub fn delete_shortlist(
    service: &SearchService,
    owner: &str,
    id: i64,
) -> Result<(), PipelineError> {
    if open_store(service)?.delete_shortlist(owner, id)? {
        Ok(())
    } else {
        Err(no_shortlist(id))
    }
}

/// What to do to a creator on a shortlist.
#[derive(Debug, Clone, Copy)]
pub enum EntryEdit<'a> {
    Add { note: Option<&'a str> },
    SetNote { note: Option<&'a str> },
    Remove,
}

/// Adds, re-notes or removes a creator of one of the owner's shortlists; returns the list as
/// it is afterwards.
pub fn edit_shortlist(
    service: &SearchService,
    owner: &str,
    id: i64,
    creator: &CreatorId,
    edit: EntryEdit<'_>,
) -> Result<ShortlistView, PipelineError> {
    let mut store = open_store(service)?;
    let change = match edit {
        EntryEdit::Add { note } => {
            let note = checked_note(note)?;
            store.add_to_shortlist(owner, id, creator, note.as_deref(), Utc::now())?
        }
        EntryEdit::SetNote { note } => {
            let note = checked_note(note)?;
            store.set_shortlist_note(owner, id, creator, note.as_deref())?
        }
        EntryEdit::Remove => store.remove_from_shortlist(owner, id, creator)?,
    };
    match change {
        ShortlistChange::Done => {}
        ShortlistChange::NoShortlist => return Err(no_shortlist(id)),
        ShortlistChange::NoCreator => {
            return Err(PipelineError::NotFound(format!("no creator {creator}")))
        }
        ShortlistChange::AlreadyListed => {
            return Err(PipelineError::Conflict(format!(
                "{creator} is already on shortlist {id}: change its note with PATCH"
            )))
        }
        ShortlistChange::NotListed => {
            return Err(PipelineError::NotFound(format!(
                "{creator} is not on shortlist {id}"
            )))
        }
    }
    let (summary, entries) = store
        .shortlist(owner, id)?
        .ok_or_else(|| no_shortlist(id))?;
    Ok(view(summary, entries))
}

/// The CSV columns of a shortlist export.
pub const EXPORT_COLUMNS: [&str; 17] = [
    "creator_id",
    "platform",
    "handle",
    "display_name",
    "profile_url",
    "followers",
    "tier",
    "engagement_rate",
    "niches",
    "credibility",
    "top_audience_country",
    "top_audience_country_share",
    "top_audience_age",
    "top_audience_age_share",
    "audience_sample_size",
    "contact_email",
    "note",
];

/// One of the owner's shortlists as CSV: a header of [`EXPORT_COLUMNS`], then a row per
/// creator with its metrics as of now (engagement from recent posts, niches from the loaded
/// classifier, credibility and audience as the index holds them — what search shows — or from
/// the stored audience sample for a creator not indexed yet). Unknown values are empty cells.
pub fn export_shortlist_csv(
    service: &SearchService,
    owner: &str,
    id: i64,
) -> Result<(String, Vec<u8>), PipelineError> {
    let store = service.store()?;
    let (summary, entries) = store
        .shortlist(owner, id)?
        .ok_or_else(|| no_shortlist(id))?;
    let csv_error = |error: csv::Error| PipelineError::Internal(format!("csv: {error}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(EXPORT_COLUMNS).map_err(csv_error)?;
    let now = Utc::now();
    for entry in entries {
        let Some(view) = service.creator(&entry.creator_id)? else {
            continue;
        };
        let Some(record) = store.creator(&entry.creator_id)? else {
            continue;
        };
        // The figures search shows (computed at indexing with the whole crawl's context); a
        // creator not indexed yet gets them from its own audience sample.
        let indexed = service.index().hit(&entry.creator_id)?;
        let (indexed_credibility, indexed_audience) = indexed
            .map(|hit| (hit.credibility, hit.audience))
            .unwrap_or_default();
        let credibility_score = match indexed_credibility {
            Some(indexed) => Some(indexed.score),
            None if record.audience.is_empty() => None,
            None => {
                let features = CreatorFeatures::compute(&record, &view.snapshots, now);
                Some(credibility(&features, &record.audience).score)
            }
        };
        let audience = indexed_audience
            .or_else(|| (!record.audience.is_empty()).then(|| estimate_audience(&record.audience)));
        let top = |shares: Option<&Vec<scout_models::audience::Share>>| {
            shares
                .and_then(|shares| shares.iter().max_by(|a, b| a.share.total_cmp(&b.share)))
                .map(|share| (share.key.clone(), format!("{:.3}", share.share)))
                .unwrap_or_default()
        };
        let (country, country_share) = top(audience.as_ref().map(|a| &a.country.shares));
        let (age, age_share) = top(audience.as_ref().map(|a| &a.age.shares));
        let niches = view
            .niches
            .iter()
            .filter(|entry| entry.probability >= 0.2)
            .map(|entry| entry.niche.to_string())
            .collect::<Vec<_>>()
            .join(";");
        let creator = &view.creator;
        let row = [
            creator.id.to_string(),
            creator.platform.to_string(),
            spreadsheet_text(&creator.handle),
            spreadsheet_text(creator.display_name.as_deref().unwrap_or_default()),
            creator.profile_url.clone(),
            creator
                .followers
                .map(|count| count.to_string())
                .unwrap_or_default(),
            view.tier.map(|tier| tier.to_string()).unwrap_or_default(),
            view.engagement_rate
                .map(|rate| format!("{rate:.5}"))
                .unwrap_or_default(),
            niches,
            credibility_score
                .map(|score| format!("{score:.3}"))
                .unwrap_or_default(),
            country,
            country_share,
            age,
            age_share,
            audience
                .as_ref()
                .map(|audience| audience.sample_size.to_string())
                .unwrap_or_default(),
            spreadsheet_text(creator.contact_email.as_deref().unwrap_or_default()),
            spreadsheet_text(entry.note.as_deref().unwrap_or_default()),
        ];
        writer.write_record(&row).map_err(csv_error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| PipelineError::Internal(format!("csv: {error}")))?;
    Ok((summary.name, bytes))
}

/// Text from a crawl or a user as a CSV cell a spreadsheet shows as text: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (OWASP "CSV
/// injection"), so it gets a leading `'`.
fn spreadsheet_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_never_start_a_formula() {
        assert_eq!(spreadsheet_text("=1+1"), "'=1+1");
        assert_eq!(spreadsheet_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_text("-2"), "'-2");
        assert_eq!(spreadsheet_text("\tx"), "'\tx");
        assert_eq!(spreadsheet_text("Ana = chef"), "Ana = chef");
        assert_eq!(spreadsheet_text(""), "");
    }

    #[test]
    fn names_and_notes_are_checked() {
        assert_eq!(checked_name("  Summer  ").unwrap(), "Summer");
        assert!(checked_name("   ").is_err());
        assert!(checked_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(checked_name("a\u{7}b").is_err());
        assert_eq!(checked_note(Some("  ")).unwrap(), None);
        assert_eq!(checked_note(Some(" hi ")).unwrap().as_deref(), Some("hi"));
        assert!(checked_note(Some(&"n".repeat(MAX_NOTE_CHARS + 1))).is_err());
    }
}
