//! The store: Scout's source of truth, a SQLite file holding creators, their posts, audience
//! samples and a snapshot per crawl (history).
//!
//! All SQL of the crate lives under this module, behind the plain methods of [`Store`], so that
//! another backend (PostgreSQL, DESIGN §8) can be added without touching callers. Queries use
//! SQL both engines accept (`INSERT … ON CONFLICT … DO UPDATE`, `NULLS LAST`, standard types).

mod bulk;
mod codec;
mod evidence;
mod feedback;
mod identities;
mod jobs;
mod keys;
mod read;
mod schema;
mod shortlists;
mod stream;
mod write;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use scout_models::CreatorId;

use crate::error::IndexError;

pub use feedback::{RankerLog, RankerPair, RankerSnapshot};
pub use identities::{profile_key, IdentityLink, LinkedAccount};
pub use jobs::CrawlJobRecord;
pub use keys::ApiKeyRecord;
pub use read::RecordIter;
pub use shortlists::{FeedbackRecord, ShortlistChange, ShortlistEntry, ShortlistSummary};
pub use stream::IndexSource;

/// How long a connection waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to the store file.
///
/// One `Store` is one SQLite connection: it is `Send` but not `Sync`, so share it behind a
/// mutex or open one per thread (WAL lets readers work while a writer writes).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What one [`Store::upsert_records`] call changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertSummary {
    /// Creators seen for the first time.
    pub created: usize,
    /// Known creators whose profile content hash changed (or carried no hash).
    pub updated: usize,
    /// Known creators whose profile content hash is the same as before.
    pub unchanged: usize,
    /// Post rows inserted or refreshed.
    pub posts_written: usize,
    /// Audience sample rows inserted or refreshed.
    pub samples_written: usize,
    /// Snapshot rows added (always one per record).
    pub snapshots: usize,
    /// Records not written because their creator asked to be removed.
    pub tombstoned: usize,
}

impl UpsertSummary {
    /// Adds another call's counts to these, for totals over a batched crawl.
    pub fn add(&mut self, other: &UpsertSummary) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.posts_written += other.posts_written;
        self.samples_written += other.samples_written;
        self.snapshots += other.snapshots;
        self.tombstoned += other.tombstoned;
    }
}

/// Row counts of the store's tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCounts {
    pub creators: u64,
    pub posts: u64,
    pub audience_samples: u64,
    pub snapshots: u64,
}

/// When the store first saw a creator and when its profile content last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatorTimes {
    pub first_seen_at: DateTime<Utc>,
    /// Moves only when the content hash changes (or is empty); `fetched_at` tells the last visit.
    pub updated_at: DateTime<Utc>,
}

/// What [`Store::records`] and [`Store::for_each_record`] attach to each creator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordStreamOptions {
    /// Keep at most this many posts per creator (the newest); `None` keeps all.
    pub max_posts_per_creator: Option<usize>,
    /// Load audience samples (skip them when only text and counters are needed).
    pub include_audience: bool,
}

impl Default for RecordStreamOptions {
    fn default() -> Self {
        RecordStreamOptions {
            max_posts_per_creator: None,
            include_audience: true,
        }
    }
}

impl Store {
    /// Opens (creating the file, its parent directories and the schema if needed) a store
    /// for reading and writing, migrating an older schema in place.
    pub fn open(path: &Path) -> Result<Store, IndexError> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|error| IndexError::io(parent, error))?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let journal_mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !journal_mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(%journal_mode, path = %path.display(), "store is not in WAL mode");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        schema::migrate(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing store for reading only; it must already be at the current schema.
    pub fn open_read_only(path: &Path) -> Result<Store, IndexError> {
        if !path.is_file() {
            return Err(IndexError::StoreNotFound(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        schema::check_current(&conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64, IndexError> {
        schema::stored_version(&self.conn)
    }

    /// Row counts of every table.
    pub fn counts(&self) -> Result<StoreCounts, IndexError> {
        let count = |table: &str| -> Result<u64, IndexError> {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            Ok(self.conn.query_row(&sql, [], |row| row.get::<_, u64>(0))?)
        };
        Ok(StoreCounts {
            creators: count("creators")?,
            posts: count("posts")?,
            audience_samples: count("audience_samples")?,
            snapshots: count("snapshots")?,
        })
    }

    /// The number of stored creators: [`Store::counts`]'s first figure without counting the
    /// other tables, a scan of each that reads most of a cold store from disk (~12 s of a
    /// 347,000-creator store, before an index build could start).
    pub fn creator_count(&self) -> Result<u64, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM creators", [], |row| row.get(0))?)
    }

    /// Every creator id, in id order.
    pub fn creator_ids(&self) -> Result<Vec<CreatorId>, IndexError> {
        let mut statement = self.conn.prepare("SELECT id FROM creators ORDER BY id")?;
        let mut rows = statement.query([])?;
        let mut ids = Vec::new();
        while let Some(row) = rows.next()? {
            let raw: String = row.get(0)?;
            ids.push(codec::parse_creator_id(&raw)?);
        }
        Ok(ids)
    }

    /// A value of the `meta` key/value table (e.g. when the index was last built).
    pub fn meta_value(&self, key: &str) -> Result<Option<String>, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Sets a value of the `meta` key/value table.
    pub fn set_meta_value(&mut self, key: &str, value: &str) -> Result<(), IndexError> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}
