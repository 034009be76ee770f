//! Reading records back: one creator with everything known about it, its snapshot history,
//! and a streaming walk over all creators for index rebuilds, training and export.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use scout_models::{AudienceSample, Creator, CreatorId, CreatorRecord, Post, Provenance, Snapshot};

use super::codec::{
    decode_list, parse_creator_id, parse_media_kind, parse_optional_time, parse_platform,
    parse_time,
};
use super::stream::{list_from_column, stored_time, time_from_column};
use super::{CreatorTimes, RecordStreamOptions, Store};
use crate::error::IndexError;

/// Creators fetched per page while streaming; bounds memory to one page plus one creator's
/// posts and samples.
const PAGE_SIZE: usize = 256;

pub(super) const CREATOR_COLUMNS: &str =
    "id, platform, handle, display_name, bio, profile_url, avatar_url, \
     links, followers, following, post_count, location, languages, contact_email, created_at, \
     is_bot, source_url, fetched_at, method, content_hash";

pub(super) const POST_COLUMNS: &str =
    "creator_id, post_id, url, published_at, text, hashtags, mentions, \
     media_kind, language, likes, comments, shares, views, sponsored";

pub(super) const POST_ORDER: &str = "ORDER BY published_at DESC NULLS LAST, post_id DESC";

pub(super) const SAMPLE_COLUMNS: &str =
    "creator_id, handle, display_name, bio, location, language, text, \
     followers, following, has_avatar, account_created_at, is_bot, post_id, reply_likes, \
     post_count";

impl Store {
    /// Creators that asked to be removed: never crawled, imported or indexed again.
    pub fn tombstones(&self) -> Result<HashSet<CreatorId>, IndexError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT creator_id FROM tombstones ORDER BY creator_id")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        let mut ids = HashSet::new();
        for row in rows {
            ids.insert(parse_creator_id(&row?)?);
        }
        Ok(ids)
    }

    /// One creator with all its posts (newest first) and audience samples, if stored.
    pub fn creator(&self, id: &CreatorId) -> Result<Option<CreatorRecord>, IndexError> {
        let sql = format!("SELECT {CREATOR_COLUMNS} FROM creators WHERE id = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([id.as_str()])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let creator = creator_from_row(row)?;
        let options = RecordStreamOptions::default();
        Ok(Some(assemble_record(&self.conn, creator, &options)?))
    }

    /// When the newest snapshot in the store was taken (the latest time any creator was
    /// observed at); `None` without snapshots.
    pub fn newest_snapshot_at(&self) -> Result<Option<DateTime<Utc>>, IndexError> {
        let newest: Option<String> = self
            .conn
            .prepare_cached("SELECT MAX(taken_at) FROM snapshots")?
            .query_row([], |row| row.get(0))?;
        newest.as_deref().map(parse_time).transpose()
    }

    /// A creator's snapshots, oldest first: one per crawl that stored it.
    pub fn snapshots(&self, id: &CreatorId) -> Result<Vec<Snapshot>, IndexError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT creator_id, taken_at, followers, following, post_count, engagement_rate \
             FROM snapshots WHERE creator_id = ?1 ORDER BY taken_at, id",
        )?;
        let mut rows = statement.query([id.as_str()])?;
        let mut snapshots = Vec::new();
        while let Some(row) = rows.next()? {
            snapshots.push(Snapshot {
                creator_id: parse_creator_id(&row.get::<_, String>(0)?)?,
                taken_at: parse_time(&row.get::<_, String>(1)?)?,
                followers: row.get(2)?,
                following: row.get(3)?,
                post_count: row.get(4)?,
                engagement_rate: row.get(5)?,
            });
        }
        Ok(snapshots)
    }

    /// A creator together with its snapshot history, oldest first.
    pub fn creator_with_history(
        &self,
        id: &CreatorId,
    ) -> Result<Option<(CreatorRecord, Vec<Snapshot>)>, IndexError> {
        let Some(record) = self.creator(id)? else {
            return Ok(None);
        };
        Ok(Some((record, self.snapshots(id)?)))
    }

    /// The engagement rate stored with a creator's last upsert (`None` when it was unknown).
    pub fn engagement_rate(&self, id: &CreatorId) -> Result<Option<f64>, IndexError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT engagement_rate FROM creators WHERE id = ?1")?;
        let mut rows = statement.query([id.as_str()])?;
        match rows.next()? {
            Some(row) => Ok(row.get(0)?),
            None => Err(IndexError::CreatorNotFound(id.to_string())),
        }
    }

    /// When the store first saw a creator and when its profile content last changed.
    pub fn creator_times(&self, id: &CreatorId) -> Result<Option<CreatorTimes>, IndexError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT first_seen_at, updated_at FROM creators WHERE id = ?1")?;
        let mut rows = statement.query([id.as_str()])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        Ok(Some(CreatorTimes {
            first_seen_at: parse_time(&row.get::<_, String>(0)?)?,
            updated_at: parse_time(&row.get::<_, String>(1)?)?,
        }))
    }

    /// Streams every creator in id order with its posts (newest first) and audience samples.
    ///
    /// Creators are read a page at a time and each creator's posts and samples with a prepared
    /// statement, so memory stays flat however large the store is.
    pub fn records(&self, options: RecordStreamOptions) -> RecordIter<'_> {
        RecordIter {
            conn: &self.conn,
            options,
            after: String::new(),
            page: Vec::new().into_iter(),
            exhausted: false,
        }
    }

    /// Calls `f` with every creator record in id order (see [`Store::records`]); stops at the
    /// first error, from the store or from `f`.
    pub fn for_each_record<E>(
        &self,
        options: RecordStreamOptions,
        mut f: impl FnMut(CreatorRecord) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<IndexError>,
    {
        for record in self.records(options) {
            f(record?)?;
        }
        Ok(())
    }
}

/// Iterator over all creator records in id order, from [`Store::records`].
#[derive(Debug)]
pub struct RecordIter<'a> {
    conn: &'a Connection,
    options: RecordStreamOptions,
    /// Id of the last creator of the previous page (keyset paging).
    after: String,
    page: std::vec::IntoIter<Creator>,
    exhausted: bool,
}

impl RecordIter<'_> {
    fn next_page(&mut self) -> Result<Vec<Creator>, IndexError> {
        let sql =
            format!("SELECT {CREATOR_COLUMNS} FROM creators WHERE id > ?1 ORDER BY id LIMIT ?2");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query(rusqlite::params![self.after, PAGE_SIZE as i64])?;
        let mut creators = Vec::with_capacity(PAGE_SIZE);
        while let Some(row) = rows.next()? {
            creators.push(creator_from_row(row)?);
        }
        Ok(creators)
    }
}

impl Iterator for RecordIter<'_> {
    type Item = Result<CreatorRecord, IndexError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(creator) = self.page.next() {
            return Some(assemble_record(self.conn, creator, &self.options));
        }
        if self.exhausted {
            return None;
        }
        let creators = match self.next_page() {
            Ok(creators) => creators,
            Err(error) => {
                self.exhausted = true;
                return Some(Err(error));
            }
        };
        if creators.len() < PAGE_SIZE {
            self.exhausted = true;
        }
        let last = creators.last()?;
        self.after = last.id.as_str().to_string();
        self.page = creators.into_iter();
        let creator = self.page.next()?;
        Some(assemble_record(self.conn, creator, &self.options))
    }
}

/// Attaches posts and audience samples to a creator row.
fn assemble_record(
    conn: &Connection,
    creator: Creator,
    options: &RecordStreamOptions,
) -> Result<CreatorRecord, IndexError> {
    let posts = load_posts(conn, &creator.id, options.max_posts_per_creator)?;
    let audience = if options.include_audience {
        load_samples(conn, &creator.id)?
    } else {
        Vec::new()
    };
    Ok(CreatorRecord {
        creator,
        posts,
        audience,
    })
}

fn load_posts(
    conn: &Connection,
    id: &CreatorId,
    max_posts: Option<usize>,
) -> Result<Vec<Post>, IndexError> {
    let base = format!("SELECT {POST_COLUMNS} FROM posts WHERE creator_id = ?1 {POST_ORDER}");
    // The limit is written into the statement, not bound: SQLite prepares a statement again
    // whenever a LIMIT parameter is bound anew (its value may change the plan).
    let sql = match max_posts {
        Some(limit) => format!("{base} LIMIT {}", i64::try_from(limit).unwrap_or(i64::MAX)),
        None => base,
    };
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement.query([id.as_str()])?;
    let mut posts = Vec::new();
    while let Some(row) = rows.next()? {
        posts.push(post_of_creator_from_row(row, id)?);
    }
    Ok(posts)
}

fn load_samples(conn: &Connection, id: &CreatorId) -> Result<Vec<AudienceSample>, IndexError> {
    let sql = format!(
        "SELECT {SAMPLE_COLUMNS} FROM audience_samples WHERE creator_id = ?1 ORDER BY handle"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement.query([id.as_str()])?;
    let mut samples = Vec::new();
    while let Some(row) = rows.next()? {
        samples.push(sample_from_row(row)?);
    }
    Ok(samples)
}

/// Decodes a row selected with [`CREATOR_COLUMNS`].
pub(super) fn creator_from_row(row: &Row<'_>) -> Result<Creator, IndexError> {
    Ok(Creator {
        id: parse_creator_id(&row.get::<_, String>(0)?)?,
        platform: parse_platform(&row.get::<_, String>(1)?)?,
        handle: row.get(2)?,
        display_name: row.get(3)?,
        bio: row.get(4)?,
        profile_url: row.get(5)?,
        avatar_url: row.get(6)?,
        links: list_from_column(row, 7)?,
        followers: row.get(8)?,
        following: row.get(9)?,
        post_count: row.get(10)?,
        location: row.get(11)?,
        languages: list_from_column(row, 12)?,
        contact_email: row.get(13)?,
        created_at: time_from_column(row, 14)?,
        is_bot: row.get(15)?,
        provenance: Provenance {
            source_url: row.get(16)?,
            fetched_at: stored_time(row.get_ref(17)?.as_str().map_err(rusqlite::Error::from)?)?,
            method: row.get(18)?,
            content_hash: row.get(19)?,
        },
    })
}

/// Decodes a row selected with [`POST_COLUMNS`] by its creator's id `id`: the creator id is
/// `id` itself when the row holds the same text (it does, selected by it), not parsed again.
pub(super) fn post_of_creator_from_row(row: &Row<'_>, id: &CreatorId) -> Result<Post, IndexError> {
    let creator_id = match row.get_ref(0)? {
        ValueRef::Text(raw) if raw == id.as_str().as_bytes() => id.clone(),
        _ => parse_creator_id(&row.get::<_, String>(0)?)?,
    };
    Ok(Post {
        creator_id,
        id: row.get(1)?,
        url: row.get(2)?,
        published_at: parse_optional_time(row.get(3)?)?,
        text: row.get(4)?,
        hashtags: decode_list(&row.get::<_, String>(5)?)?,
        mentions: decode_list(&row.get::<_, String>(6)?)?,
        media_kind: row
            .get::<_, Option<String>>(7)?
            .as_deref()
            .map(parse_media_kind)
            .transpose()?,
        language: row.get(8)?,
        likes: row.get(9)?,
        comments: row.get(10)?,
        shares: row.get(11)?,
        views: row.get(12)?,
        sponsored: row.get(13)?,
    })
}

/// Decodes a row selected with [`SAMPLE_COLUMNS`].
pub(super) fn sample_from_row(row: &Row<'_>) -> Result<AudienceSample, IndexError> {
    Ok(AudienceSample {
        creator_id: parse_creator_id(&row.get::<_, String>(0)?)?,
        handle: row.get(1)?,
        display_name: row.get(2)?,
        bio: row.get(3)?,
        location: row.get(4)?,
        language: row.get(5)?,
        text: row.get(6)?,
        followers: row.get(7)?,
        following: row.get(8)?,
        has_avatar: row.get(9)?,
        account_created_at: parse_optional_time(row.get(10)?)?,
        is_bot: row.get(11)?,
        post_id: row.get(12)?,
        reply_likes: row.get(13)?,
        post_count: row.get(14)?,
    })
}
