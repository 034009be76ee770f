//! Shortlists and relevance feedback: the marketer's own lists of creators (with a note per
//! creator) and the keep/drop judgements given on results. Both are owned by the API key
//! that wrote them (`owner`, empty when the server runs without auth).

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use scout_models::{CreatorId, Platform};

use super::codec::{format_time, parse_creator_id, parse_platform, parse_time};
use super::Store;
use crate::error::IndexError;

/// One shortlist without its creators.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortlistSummary {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Creators on the list.
    pub size: usize,
}

/// One creator on a shortlist, with what the list needs to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortlistEntry {
    pub creator_id: CreatorId,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub note: Option<String>,
    pub added_at: DateTime<Utc>,
}

/// What a change to a shortlist's creators found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortlistChange {
    /// The change was made.
    Done,
    /// The shortlist does not exist (or belongs to another owner).
    NoShortlist,
    /// The creator is not in the store.
    NoCreator,
    /// The creator is already on the list (when adding).
    AlreadyListed,
    /// The creator is not on the list (when editing or removing).
    NotListed,
}

/// A relevance judgement on one creator for one query or brief.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRecord {
    pub id: i64,
    pub owner: String,
    pub creator_id: CreatorId,
    pub query: String,
    /// `keep` or `drop`.
    pub label: String,
    /// Relevance grade 0 (irrelevant) to 3 (perfect).
    pub grade: u8,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Creates a shortlist; `None` when the owner already has one of that name.
    pub fn create_shortlist(
        &mut self,
        owner: &str,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ShortlistSummary>, IndexError> {
        let inserted = self.conn.execute(
            "INSERT INTO shortlists (owner, name, created_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT DO NOTHING",
            params![owner, name, format_time(&now)],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        Ok(Some(ShortlistSummary {
            id: self.conn.last_insert_rowid(),
            name: name.to_string(),
            created_at: now,
            size: 0,
        }))
    }

    /// The owner's shortlists, oldest first.
    pub fn shortlists(&self, owner: &str) -> Result<Vec<ShortlistSummary>, IndexError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.id, s.name, s.created_at, \
             (SELECT COUNT(*) FROM shortlist_creators c WHERE c.shortlist_id = s.id) \
             FROM shortlists s WHERE s.owner = ?1 ORDER BY s.id",
        )?;
        let mut rows = statement.query([owner])?;
        let mut lists = Vec::new();
        while let Some(row) = rows.next()? {
            lists.push(ShortlistSummary {
                id: row.get(0)?,
                name: row.get(1)?,
                created_at: parse_time(&row.get::<_, String>(2)?)?,
                size: usize::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
            });
        }
        Ok(lists)
    }

    /// One of the owner's shortlists with its creators in the order they were added.
    pub fn shortlist(
        &self,
        owner: &str,
        id: i64,
    ) -> Result<Option<(ShortlistSummary, Vec<ShortlistEntry>)>, IndexError> {
        let Some((name, created_at)) = self.shortlist_row(owner, id)? else {
            return Ok(None);
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT c.creator_id, k.platform, k.handle, k.display_name, c.note, c.added_at \
             FROM shortlist_creators c JOIN creators k ON k.id = c.creator_id \
             WHERE c.shortlist_id = ?1 ORDER BY c.added_at, c.creator_id",
        )?;
        let mut rows = statement.query([id])?;
        let mut entries = Vec::new();
        while let Some(row) = rows.next()? {
            entries.push(ShortlistEntry {
                creator_id: parse_creator_id(&row.get::<_, String>(0)?)?,
                platform: parse_platform(&row.get::<_, String>(1)?)?,
                handle: row.get(2)?,
                display_name: row.get(3)?,
                note: row.get(4)?,
                added_at: parse_time(&row.get::<_, String>(5)?)?,
            });
        }
        let summary = ShortlistSummary {
            id,
            name,
            created_at,
            size: entries.len(),
        };
        Ok(Some((summary, entries)))
    }

    /// Deletes one of the owner's shortlists with its entries; `false` when there is none.
    pub fn delete_shortlist(&mut self, owner: &str, id: i64) -> Result<bool, IndexError> {
        let transaction = self.conn.transaction()?;
        let deleted = transaction.execute(
            "DELETE FROM shortlists WHERE id = ?1 AND owner = ?2",
            params![id, owner],
        )?;
        if deleted > 0 {
            transaction.execute(
                "DELETE FROM shortlist_creators WHERE shortlist_id = ?1",
                [id],
            )?;
        }
        transaction.commit()?;
        Ok(deleted > 0)
    }

    /// Puts a stored creator on one of the owner's shortlists.
    pub fn add_to_shortlist(
        &mut self,
        owner: &str,
        id: i64,
        creator: &CreatorId,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ShortlistChange, IndexError> {
        if self.shortlist_row(owner, id)?.is_none() {
            return Ok(ShortlistChange::NoShortlist);
        }
        let stored = self
            .conn
            .query_row(
                "SELECT 1 FROM creators WHERE id = ?1",
                [creator.as_str()],
                |_| Ok(()),
            )
            .optional()?;
        if stored.is_none() {
            return Ok(ShortlistChange::NoCreator);
        }
        let inserted = self.conn.execute(
            "INSERT INTO shortlist_creators (shortlist_id, creator_id, note, added_at) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![id, creator.as_str(), note, format_time(&now)],
        )?;
        Ok(if inserted == 0 {
            ShortlistChange::AlreadyListed
        } else {
            ShortlistChange::Done
        })
    }

    /// Replaces the note of a creator on one of the owner's shortlists (`None` clears it).
    pub fn set_shortlist_note(
        &mut self,
        owner: &str,
        id: i64,
        creator: &CreatorId,
        note: Option<&str>,
    ) -> Result<ShortlistChange, IndexError> {
        if self.shortlist_row(owner, id)?.is_none() {
            return Ok(ShortlistChange::NoShortlist);
        }
        let updated = self.conn.execute(
            "UPDATE shortlist_creators SET note = ?3 WHERE shortlist_id = ?1 AND creator_id = ?2",
            params![id, creator.as_str(), note],
        )?;
        Ok(if updated == 0 {
            ShortlistChange::NotListed
        } else {
            ShortlistChange::Done
        })
    }

    /// Takes a creator off one of the owner's shortlists.
    pub fn remove_from_shortlist(
        &mut self,
        owner: &str,
        id: i64,
        creator: &CreatorId,
    ) -> Result<ShortlistChange, IndexError> {
        if self.shortlist_row(owner, id)?.is_none() {
            return Ok(ShortlistChange::NoShortlist);
        }
        let deleted = self.conn.execute(
            "DELETE FROM shortlist_creators WHERE shortlist_id = ?1 AND creator_id = ?2",
            params![id, creator.as_str()],
        )?;
        Ok(if deleted == 0 {
            ShortlistChange::NotListed
        } else {
            ShortlistChange::Done
        })
    }

    /// Removes a creator from every shortlist and deletes the feedback given on it (part of a
    /// removal request); returns the rows deleted.
    pub fn forget_lists_of(&mut self, creator: &CreatorId) -> Result<usize, IndexError> {
        let transaction = self.conn.transaction()?;
        let mut deleted = transaction.execute(
            "DELETE FROM shortlist_creators WHERE creator_id = ?1",
            [creator.as_str()],
        )?;
        deleted += transaction.execute(
            "DELETE FROM feedback WHERE creator_id = ?1",
            [creator.as_str()],
        )?;
        transaction.commit()?;
        Ok(deleted)
    }

    /// Stores a judgement; returns it with its id.
    pub fn insert_feedback(
        &mut self,
        owner: &str,
        creator: &CreatorId,
        query: &str,
        label: &str,
        grade: u8,
        now: DateTime<Utc>,
    ) -> Result<FeedbackRecord, IndexError> {
        self.conn.execute(
            "INSERT INTO feedback (owner, creator_id, query, label, grade, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                owner,
                creator.as_str(),
                query,
                label,
                i64::from(grade),
                format_time(&now)
            ],
        )?;
        Ok(FeedbackRecord {
            id: self.conn.last_insert_rowid(),
            owner: owner.to_string(),
            creator_id: creator.clone(),
            query: query.to_string(),
            label: label.to_string(),
            grade,
            created_at: now,
        })
    }

    /// Every stored judgement, oldest first.
    pub fn feedback(&self) -> Result<Vec<FeedbackRecord>, IndexError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, owner, creator_id, query, label, grade, created_at FROM feedback \
             ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            records.push(FeedbackRecord {
                id: row.get(0)?,
                owner: row.get(1)?,
                creator_id: parse_creator_id(&row.get::<_, String>(2)?)?,
                query: row.get(3)?,
                label: row.get(4)?,
                grade: u8::try_from(row.get::<_, i64>(5)?)
                    .map_err(|_| IndexError::Corrupt("feedback grade".to_string()))?,
                created_at: parse_time(&row.get::<_, String>(6)?)?,
            });
        }
        Ok(records)
    }

    fn shortlist_row(
        &self,
        owner: &str,
        id: i64,
    ) -> Result<Option<(String, DateTime<Utc>)>, IndexError> {
        let row = self
            .conn
            .query_row(
                "SELECT name, created_at FROM shortlists WHERE id = ?1 AND owner = ?2",
                params![id, owner],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
            )
            .optional()?;
        row.map(|(name, created_at)| Ok((name, parse_time(&created_at)?)))
            .transpose()
    }
}
