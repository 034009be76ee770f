//! The crawler's own state in SQLite (`state.sqlite`): runs and their frontier, and what each
//! creator-yielding URL produced last time (`memory.rs`: validators, hashes, recrawl times),
//! and what hosts answered (`hosts.rs`: robots.txt with its age, failure streaks).
//! Every change is committed at once, so a killed crawl resumes from what was last recorded.

mod hosts;
mod memory;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

pub(crate) use hosts::{StoredHealth, StoredRobots};
pub(crate) use memory::{Memory, Remembered};

use crate::frontier::{FrontierItem, NewItem};
use crate::recrawl::priority_bonus;
use crate::urls::host_key;

/// Current schema version, kept in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 3;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    seeds_hash  TEXT NOT NULL,
    seeds       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_seeds ON runs (seeds_hash, id);
CREATE TABLE IF NOT EXISTS frontier (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES runs (id),
    url        TEXT NOT NULL,
    host       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    priority   INTEGER NOT NULL,
    depth      INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (run_id, url)
);
CREATE INDEX IF NOT EXISTS frontier_pending ON frontier (run_id, status, priority DESC, id);
CREATE INDEX IF NOT EXISTS frontier_by_host ON frontier (run_id, host, status);
CREATE TABLE IF NOT EXISTS memory (
    url          TEXT PRIMARY KEY,
    creator_id   TEXT NOT NULL,
    fetched_at   TEXT NOT NULL,
    recrawl_secs INTEGER NOT NULL,
    followers    INTEGER,
    content_hash TEXT NOT NULL,
    source_hash  TEXT,
    validators   TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS robots (
    origin       TEXT PRIMARY KEY,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    fetched_at   TEXT NOT NULL,
    max_age_secs INTEGER
);
CREATE TABLE IF NOT EXISTS host_health (
    host     TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    retry_at TEXT
);
";

/// How an item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemStatus {
    Done,
    Failed,
    /// Disallowed by robots.txt.
    Skipped,
}

impl ItemStatus {
    fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Done => "done",
            ItemStatus::Failed => "failed",
            ItemStatus::Skipped => "skipped",
        }
    }
}

/// The run a crawl works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RunStart {
    pub run_id: i64,
    /// An unfinished run for the same seeds was picked up.
    pub resumed: bool,
}

/// Handle on `state.sqlite`.
#[derive(Debug)]
pub(crate) struct StateStore {
    connection: Mutex<Connection>,
}

impl StateStore {
    /// Opens (creating if needed) the state database and brings its schema up to date.
    pub(crate) fn open(path: &Path) -> Result<Self, rusqlite::Error> {
        let connection = Connection::open(path)?;
        Self::setup(connection)
    }

    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Result<Self, rusqlite::Error> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(connection: Connection) -> Result<Self, rusqlite::Error> {
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.execute_batch(SCHEMA)?;
        let version: i64 = connection
            .prepare_cached("PRAGMA user_version")?
            .query_row([], |row| row.get(0))?;
        if version < SCHEMA_VERSION {
            connection.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        Ok(StateStore {
            connection: Mutex::new(connection),
        })
    }

    /// Holds the writes that follow in one transaction until [`StateStore::commit_batch`]:
    /// the run loop's many small updates then cost one commit, not one each. A crash loses
    /// the batch, which only means its items are fetched again (the run loop completes an
    /// item no earlier than the store has committed its record). The methods that group
    /// several writes use savepoints, so they nest inside a batch.
    pub(crate) fn begin_batch(&self) -> Result<(), rusqlite::Error> {
        let connection = self.lock();
        if connection.is_autocommit() {
            connection.execute_batch("BEGIN")?;
        }
        Ok(())
    }

    /// Commits the writes held since [`StateStore::begin_batch`], if any.
    pub(crate) fn commit_batch(&self) -> Result<(), rusqlite::Error> {
        let connection = self.lock();
        if !connection.is_autocommit() {
            connection.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Resumes the latest run for these seeds if it is unfinished; otherwise starts a new run
    /// with the seeds as its first items.
    pub(crate) fn begin_run(
        &self,
        seeds_hash: &str,
        seeds_json: &str,
        seeds: &[NewItem],
    ) -> Result<RunStart, rusqlite::Error> {
        let mut connection = self.lock();
        let transaction = connection.savepoint()?;
        let latest: Option<(i64, Option<String>)> = transaction
            .prepare_cached(
                "SELECT id, finished_at FROM runs WHERE seeds_hash = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![seeds_hash], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if let Some((run_id, None)) = latest {
            transaction.commit()?;
            return Ok(RunStart {
                run_id,
                resumed: true,
            });
        }
        transaction
            .prepare_cached("INSERT INTO runs (seeds_hash, seeds, started_at) VALUES (?1, ?2, ?3)")?
            .execute(params![seeds_hash, seeds_json, Utc::now().to_rfc3339()])?;
        let run_id = transaction.last_insert_rowid();
        let now = Utc::now();
        for seed in seeds {
            insert_item(&transaction, run_id, seed, now)?;
        }
        transaction.commit()?;
        Ok(RunStart {
            run_id,
            resumed: false,
        })
    }

    /// Adds discovered items (duplicates of the run ignored), stopping once the run holds
    /// `cap` items. Returns how many were added.
    pub(crate) fn enqueue(
        &self,
        run_id: i64,
        items: &[NewItem],
        cap: Option<usize>,
    ) -> Result<u64, rusqlite::Error> {
        if items.is_empty() {
            return Ok(0);
        }
        let mut connection = self.lock();
        let transaction = connection.savepoint()?;
        let mut room = match cap {
            Some(cap) => {
                let held: i64 = transaction
                    .prepare_cached("SELECT COUNT(*) FROM frontier WHERE run_id = ?1")?
                    .query_row(params![run_id], |row| row.get(0))?;
                (cap as i64 - held).max(0)
            }
            None => i64::MAX,
        };
        let mut inserted = 0u64;
        let now = Utc::now();
        for item in items {
            if room == 0 {
                break;
            }
            if insert_item(&transaction, run_id, item, now)? {
                inserted += 1;
                room -= 1;
            }
        }
        transaction.commit()?;
        Ok(inserted)
    }

    /// The most urgent pending item that is not in flight and not on a saturated host.
    pub(crate) fn next_pending(
        &self,
        run_id: i64,
        in_flight: &[i64],
        busy_hosts: &[String],
    ) -> Result<Option<FrontierItem>, rusqlite::Error> {
        // One statement text whatever the lists hold (JSON arrays as parameters), so the
        // prepared statement is reused instead of re-parsed on every call.
        const SQL: &str = "SELECT id, url, host, kind, payload, depth FROM frontier \
             WHERE run_id = ?1 AND status = 'pending' \
             AND id NOT IN (SELECT value FROM json_each(?2)) \
             AND host NOT IN (SELECT value FROM json_each(?3)) \
             ORDER BY priority DESC, id LIMIT 1";
        let in_flight = serde_json::to_string(in_flight).unwrap_or_else(|_| "[]".into());
        let busy_hosts = serde_json::to_string(busy_hosts).unwrap_or_else(|_| "[]".into());
        let connection = self.lock();
        let mut statement = connection.prepare_cached(SQL)?;
        statement
            .query_row(params![run_id, in_flight, busy_hosts], |row| {
                Ok(FrontierItem {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    host: row.get(2)?,
                    kind: row.get(3)?,
                    payload: row.get(4)?,
                    depth: row.get(5)?,
                })
            })
            .optional()
    }

    /// Counts an attempt on an item that is being handed to a worker.
    pub(crate) fn mark_started(&self, item_id: i64) -> Result<(), rusqlite::Error> {
        self.lock()
            .prepare_cached(
                "UPDATE frontier SET attempts = attempts + 1, updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![item_id, Utc::now().to_rfc3339()])?;
        Ok(())
    }

    /// Records how an item ended.
    pub(crate) fn complete(
        &self,
        item_id: i64,
        status: ItemStatus,
        error: Option<&str>,
    ) -> Result<(), rusqlite::Error> {
        self.lock()
            .prepare_cached(
                "UPDATE frontier SET status = ?2, error = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![
                item_id,
                status.as_str(),
                error,
                Utc::now().to_rfc3339()
            ])?;
        Ok(())
    }

    /// Items of the run still pending.
    pub(crate) fn pending_count(&self, run_id: i64) -> Result<u64, rusqlite::Error> {
        let count: i64 = self
            .lock()
            .prepare_cached(
                "SELECT COUNT(*) FROM frontier WHERE run_id = ?1 AND status = 'pending'",
            )?
            .query_row(params![run_id], |row| row.get(0))?;
        Ok(count.max(0) as u64)
    }

    /// Fails every pending item of the run on `host` (a host given up on) except those in
    /// flight, and returns their URLs.
    pub(crate) fn fail_pending_on_host(
        &self,
        run_id: i64,
        host: &str,
        in_flight: &[i64],
        reason: &str,
    ) -> Result<Vec<String>, rusqlite::Error> {
        let mut connection = self.lock();
        let transaction = connection.savepoint()?;
        let pending: Vec<(i64, String)> = {
            let mut statement = transaction.prepare(
                "SELECT id, url FROM frontier WHERE run_id = ?1 AND host = ?2 \
                 AND status = 'pending' ORDER BY id",
            )?;
            let rows =
                statement.query_map(params![run_id, host], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let now = Utc::now().to_rfc3339();
        let mut failed = Vec::new();
        for (id, url) in pending {
            if in_flight.contains(&id) {
                continue;
            }
            transaction.prepare_cached("UPDATE frontier SET status = 'failed', error = ?2, updated_at = ?3 WHERE id = ?1")?.execute(
                params![id, reason, now],
            )?;
            failed.push(url);
        }
        transaction.commit()?;
        Ok(failed)
    }

    /// Marks a run finished: the next crawl of the same seeds starts a new run.
    pub(crate) fn finish_run(&self, run_id: i64) -> Result<(), rusqlite::Error> {
        self.lock()
            .prepare_cached("UPDATE runs SET finished_at = ?2 WHERE id = ?1")?
            .execute(params![run_id, Utc::now().to_rfc3339()])?;
        Ok(())
    }
}

/// Inserts one item unless its URL is already in the run; true when inserted. The item's
/// priority gains what its last fetch says: never fetched first, then the most overdue.
fn insert_item(
    connection: &Connection,
    run_id: i64,
    item: &NewItem,
    now: DateTime<Utc>,
) -> Result<bool, rusqlite::Error> {
    let last = memory::last_fetch(connection, item.url.as_str())?;
    let priority = item.priority + priority_bonus(last.as_ref(), now);
    let changed = connection.prepare_cached("INSERT OR IGNORE INTO frontier (run_id, url, host, kind, payload, priority, depth, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?.execute(
        params![
            run_id,
            item.url.as_str(),
            host_key(&item.url),
            item.kind.as_str(),
            item.payload.to_string(),
            priority,
            item.depth,
            Utc::now().to_rfc3339(),
        ],
    )?;
    Ok(changed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontier::ItemKind;
    use serde_json::Value;
    use url::Url;

    fn item(raw: &str, depth: u32) -> NewItem {
        NewItem::new(
            Url::parse(raw).unwrap(),
            ItemKind::WebPage,
            Value::Null,
            depth,
        )
    }

    #[test]
    fn batched_writes_show_elsewhere_only_once_committed_and_savepoints_nest_inside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let store = StateStore::open(&path).unwrap();
        let run = store.begin_run("h", "[]", &[]).unwrap().run_id;
        let pending_elsewhere = || {
            Connection::open(&path)
                .unwrap()
                .query_row(
                    "SELECT COUNT(*) FROM frontier WHERE status = 'pending'",
                    [],
                    |row| row.get::<_, i64>(0),
                )
                .unwrap()
        };
        store.begin_batch().unwrap();
        // `enqueue` groups its inserts in a savepoint, inside the open batch.
        let added = store
            .enqueue(
                run,
                &[item("http://a.example/1", 1), item("http://a.example/2", 1)],
                None,
            )
            .unwrap();
        assert_eq!(added, 2);
        let first = store.next_pending(run, &[], &[]).unwrap().unwrap();
        store.complete(first.id, ItemStatus::Done, None).unwrap();
        assert_eq!(
            store.pending_count(run).unwrap(),
            1,
            "the batch sees its own writes"
        );
        assert_eq!(pending_elsewhere(), 0, "nothing committed yet");
        store.commit_batch().unwrap();
        assert_eq!(pending_elsewhere(), 1);
        // Outside a batch every write commits on its own; committing nothing is harmless.
        store.commit_batch().unwrap();
        let second = store.next_pending(run, &[], &[]).unwrap().unwrap();
        store.complete(second.id, ItemStatus::Done, None).unwrap();
        assert_eq!(pending_elsewhere(), 0);
    }

    #[test]
    fn an_uncommitted_batch_is_lost_with_the_process_and_its_items_stay_pending() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let run = {
            let store = StateStore::open(&path).unwrap();
            let run = store
                .begin_run("h", "[]", &[item("http://a.example/", 0)])
                .unwrap()
                .run_id;
            store.begin_batch().unwrap();
            let next = store.next_pending(run, &[], &[]).unwrap().unwrap();
            store.complete(next.id, ItemStatus::Done, None).unwrap();
            // Dropped without `commit_batch`, as a killed process would leave it.
            run
        };
        let store = StateStore::open(&path).unwrap();
        assert_eq!(store.pending_count(run).unwrap(), 1);
        assert!(store.begin_run("h", "[]", &[]).unwrap().resumed);
    }

    #[test]
    fn a_finished_run_is_not_resumed_but_an_unfinished_one_is() {
        let store = StateStore::open_in_memory().unwrap();
        let seeds = [NewItem::seed(Url::parse("http://a.example/").unwrap())];
        let first = store.begin_run("h1", "[]", &seeds).unwrap();
        assert!(!first.resumed);
        let again = store.begin_run("h1", "[]", &seeds).unwrap();
        assert!(again.resumed);
        assert_eq!(again.run_id, first.run_id);
        store.finish_run(first.run_id).unwrap();
        let next = store.begin_run("h1", "[]", &seeds).unwrap();
        assert!(!next.resumed);
        assert_ne!(next.run_id, first.run_id);
        assert_eq!(store.pending_count(next.run_id).unwrap(), 1);
        let other = store.begin_run("h2", "[]", &seeds).unwrap();
        assert!(!other.resumed);
    }

    #[test]
    fn enqueue_dedups_urls_and_respects_the_cap() {
        let store = StateStore::open_in_memory().unwrap();
        let run = store.begin_run("h", "[]", &[]).unwrap().run_id;
        let items = [
            item("http://a.example/1", 1),
            item("http://a.example/1", 1),
            item("http://a.example/2", 1),
        ];
        assert_eq!(store.enqueue(run, &items, None).unwrap(), 2);
        let more = [item("http://a.example/3", 1), item("http://a.example/4", 1)];
        assert_eq!(store.enqueue(run, &more, Some(3)).unwrap(), 1);
        assert_eq!(store.pending_count(run).unwrap(), 3);
    }

    #[test]
    fn next_pending_orders_by_priority_and_skips_busy_hosts_and_in_flight_items() {
        let store = StateStore::open_in_memory().unwrap();
        let run = store.begin_run("h", "[]", &[]).unwrap().run_id;
        let items = [
            item("http://a.example/deep", 3),
            item("http://a.example/shallow", 1),
            item("http://b.example/page", 2),
        ];
        store.enqueue(run, &items, None).unwrap();
        let first = store.next_pending(run, &[], &[]).unwrap().unwrap();
        assert_eq!(first.url, "http://a.example/shallow");
        assert_eq!(first.host, "a.example:80");
        let busy = vec!["a.example:80".to_string()];
        let other = store
            .next_pending(run, &[first.id], &busy)
            .unwrap()
            .unwrap();
        assert_eq!(other.url, "http://b.example/page");
        let next = store.next_pending(run, &[first.id], &[]).unwrap().unwrap();
        assert_eq!(next.url, "http://b.example/page");
        store.mark_started(first.id).unwrap();
        store.complete(first.id, ItemStatus::Done, None).unwrap();
        store
            .complete(next.id, ItemStatus::Failed, Some("http status 404"))
            .unwrap();
        let last = store.next_pending(run, &[], &[]).unwrap().unwrap();
        assert_eq!(last.url, "http://a.example/deep");
        assert_eq!(last.depth, 3);
        store.complete(last.id, ItemStatus::Skipped, None).unwrap();
        assert!(store.next_pending(run, &[], &[]).unwrap().is_none());
        assert_eq!(store.pending_count(run).unwrap(), 0);
    }

    #[test]
    fn a_failing_host_fails_its_pending_items_only() {
        let store = StateStore::open_in_memory().unwrap();
        let run = store.begin_run("h", "[]", &[]).unwrap().run_id;
        let items = [
            item("http://a.example/1", 1),
            item("http://a.example/2", 1),
            item("http://b.example/1", 1),
        ];
        store.enqueue(run, &items, None).unwrap();
        let first = store.next_pending(run, &[], &[]).unwrap().unwrap();
        store.complete(first.id, ItemStatus::Done, None).unwrap();
        let running = store.next_pending(run, &[], &[]).unwrap().unwrap();
        assert_eq!(running.host, "a.example:80");
        let failed = store
            .fail_pending_on_host(run, "a.example:80", &[running.id], "host backed off")
            .unwrap();
        assert!(failed.is_empty(), "the item in flight settles itself");
        let failed = store
            .fail_pending_on_host(run, "a.example:80", &[], "host backed off")
            .unwrap();
        assert_eq!(failed, vec![running.url.clone()]);
        assert_eq!(store.pending_count(run).unwrap(), 1);
        let left = store.next_pending(run, &[], &[]).unwrap().unwrap();
        assert_eq!(left.url, "http://b.example/1");
    }

    #[test]
    fn state_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let run = {
            let store = StateStore::open(&path).unwrap();
            let seeds = [NewItem::seed(Url::parse("http://a.example/").unwrap())];
            store.begin_run("h", "[]", &seeds).unwrap().run_id
        };
        let store = StateStore::open(&path).unwrap();
        let start = store.begin_run("h", "[]", &[]).unwrap();
        assert!(start.resumed);
        assert_eq!(start.run_id, run);
        assert_eq!(store.pending_count(run).unwrap(), 1);
    }
}
