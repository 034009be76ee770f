//! What a creator-yielding URL produced last time, kept across runs: the creator's id (so that
//! tombstones and freshness are checked before fetching), when it was fetched and when it is
//! due again, the hashes that tell an unchanged profile, and the validators (`ETag`,
//! `Last-Modified`) of the requests that can be made conditional.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use scout_models::CreatorId;

use super::StateStore;
use crate::fetch::Validators;
use crate::recrawl::LastFetch;

/// What an item's worker hands back to be remembered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Memory {
    pub creator_id: CreatorId,
    pub followers: Option<u64>,
    /// `Provenance::content_hash` of the last record emitted.
    pub content_hash: String,
    /// Hash of the source's own profile document (Mastodon account, Bluesky profile): with a
    /// 304 on the posts, equal hashes mean an unchanged creator.
    pub source_hash: Option<String>,
    /// Validators by request URL.
    pub validators: BTreeMap<String, Validators>,
}

impl Memory {
    /// The validators of one request URL, when known.
    pub(crate) fn validators_for(&self, url: &str) -> Option<&Validators> {
        self.validators
            .get(url)
            .filter(|validators| !validators.is_empty())
    }
}

/// A remembered item: its memory and its last fetch.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Remembered {
    pub memory: Memory,
    pub last: LastFetch,
}

type MemoryRow = (
    String,
    String,
    i64,
    Option<i64>,
    String,
    Option<String>,
    String,
);

impl StateStore {
    /// What `url` produced last time; rows that no longer parse are ignored.
    pub(crate) fn recall(&self, url: &str) -> Result<Option<Remembered>, rusqlite::Error> {
        let row: Option<MemoryRow> = self
            .lock()
            .prepare_cached(
                "SELECT creator_id, fetched_at, recrawl_secs, followers, content_hash, \
                 source_hash, validators FROM memory WHERE url = ?1",
            )?
            .query_row(params![url], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                ))
            })
            .optional()?;
        Ok(row.and_then(parse_row))
    }

    /// Records what `url` produced at `fetched_at`, due again after `recrawl_after`.
    pub(crate) fn remember(
        &self,
        url: &str,
        memory: &Memory,
        fetched_at: DateTime<Utc>,
        recrawl_after: Duration,
    ) -> Result<(), rusqlite::Error> {
        let validators = serde_json::to_string(&memory.validators).unwrap_or_else(|_| "{}".into());
        self.lock()
            .prepare_cached(
                "INSERT INTO memory (url, creator_id, fetched_at, recrawl_secs, followers, \
             content_hash, source_hash, validators) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (url) DO UPDATE SET creator_id = excluded.creator_id, \
             fetched_at = excluded.fetched_at, recrawl_secs = excluded.recrawl_secs, \
             followers = excluded.followers, content_hash = excluded.content_hash, \
             source_hash = excluded.source_hash, validators = excluded.validators",
            )?
            .execute(params![
                url,
                memory.creator_id.as_str(),
                fetched_at.to_rfc3339(),
                i64::try_from(recrawl_after.as_secs()).unwrap_or(i64::MAX),
                memory
                    .followers
                    .map(|followers| i64::try_from(followers).unwrap_or(i64::MAX)),
                memory.content_hash,
                memory.source_hash,
                validators,
            ])?;
        Ok(())
    }
}

/// The last fetch of `url`, read inside a frontier transaction for scheduling.
pub(super) fn last_fetch(
    connection: &Connection,
    url: &str,
) -> Result<Option<LastFetch>, rusqlite::Error> {
    let row: Option<(String, i64, Option<i64>)> = connection
        .prepare_cached("SELECT fetched_at, recrawl_secs, followers FROM memory WHERE url = ?1")?
        .query_row(params![url], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    Ok(row.and_then(|(fetched_at, recrawl_secs, followers)| {
        to_last_fetch(&fetched_at, recrawl_secs, followers)
    }))
}

fn to_last_fetch(fetched_at: &str, recrawl_secs: i64, followers: Option<i64>) -> Option<LastFetch> {
    Some(LastFetch {
        fetched_at: DateTime::parse_from_rfc3339(fetched_at)
            .ok()?
            .with_timezone(&Utc),
        recrawl_after: Duration::from_secs(u64::try_from(recrawl_secs).unwrap_or(0)),
        followers: followers.and_then(|count| u64::try_from(count).ok()),
    })
}

fn parse_row(row: MemoryRow) -> Option<Remembered> {
    let (creator_id, fetched_at, recrawl_secs, followers, content_hash, source_hash, validators) =
        row;
    let last = to_last_fetch(&fetched_at, recrawl_secs, followers)?;
    Some(Remembered {
        memory: Memory {
            creator_id: CreatorId::parse(&creator_id).ok()?,
            followers: last.followers,
            content_hash,
            source_hash,
            validators: serde_json::from_str(&validators).unwrap_or_default(),
        },
        last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn memory() -> Memory {
        let mut validators = BTreeMap::new();
        validators.insert(
            "https://a.example/c/alice".to_string(),
            Validators {
                etag: Some("W/\"abc\"".into()),
                last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
            },
        );
        Memory {
            creator_id: CreatorId::parse("web:a.example/c/alice").unwrap(),
            followers: Some(1200),
            content_hash: "h1".into(),
            source_hash: None,
            validators,
        }
    }

    #[test]
    fn memory_round_trips_and_updates_in_place() {
        let store = StateStore::open_in_memory().unwrap();
        let url = "https://a.example/c/alice";
        assert_eq!(store.recall(url).unwrap(), None);
        let at = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
        let day = Duration::from_secs(86_400);
        store.remember(url, &memory(), at, day).unwrap();
        let recalled = store.recall(url).unwrap().unwrap();
        assert_eq!(recalled.memory, memory());
        assert_eq!(recalled.last.fetched_at, at);
        assert_eq!(recalled.last.recrawl_after, day);
        assert_eq!(recalled.last.followers, Some(1200));
        assert_eq!(
            recalled.memory.validators_for(url).unwrap().etag.as_deref(),
            Some("W/\"abc\"")
        );
        assert!(recalled
            .memory
            .validators_for("https://a.example/x")
            .is_none());

        let mut changed = memory();
        changed.content_hash = "h2".into();
        changed.source_hash = Some("s".into());
        store.remember(url, &changed, at, day * 2).unwrap();
        let recalled = store.recall(url).unwrap().unwrap();
        assert_eq!(recalled.memory.content_hash, "h2");
        assert_eq!(recalled.memory.source_hash.as_deref(), Some("s"));
        assert_eq!(recalled.last.recrawl_after, day * 2);
        let last = last_fetch(&store.lock(), url).unwrap().unwrap();
        assert_eq!(last, recalled.last);
    }

    #[test]
    fn unreadable_rows_are_ignored() {
        let store = StateStore::open_in_memory().unwrap();
        store
            .lock()
            .execute(
                "INSERT INTO memory (url, creator_id, fetched_at, recrawl_secs, content_hash) \
                 VALUES ('u', 'nonsense', 'yesterday', 5, '')",
                [],
            )
            .unwrap();
        assert_eq!(store.recall("u").unwrap(), None);
        assert_eq!(last_fetch(&store.lock(), "u").unwrap(), None);
    }
}
