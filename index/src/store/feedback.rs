//! The learned ranker's update log: each judgement that taught the ranker something is stored
//! together with the preference pairs it produced (the two results' signal values, no creator
//! ids), in one transaction. Replaying the log in order over the model version's ranker
//! rebuilds the ranker a server had when it stopped, however it stopped.
//!
//! Every pair names the ranker it was learned on, its *base* (the caller's key for a model
//! version and its starting weights): only the current base's log is replayed, and opening the
//! log of a new base discards the others'. So that replay stays short, a base's oldest pairs
//! can be folded into a snapshot (the ranker with them replayed, encoded by the caller) and
//! deleted in one transaction; a replay starts from the snapshot.

use chrono::{DateTime, Utc};
use rusqlite::params;
use scout_models::{CreatorId, RankSignals};

use super::codec::{format_time, parse_creator_id, parse_time};
use super::{FeedbackRecord, Store};
use crate::error::IndexError;

/// One logged preference: `preferred` should rank above `other`.
#[derive(Debug, Clone, PartialEq)]
pub struct RankerPair {
    pub preferred: RankSignals,
    pub other: RankSignals,
}

/// A base's oldest pairs folded into one ranker.
#[derive(Debug, Clone, PartialEq)]
pub struct RankerSnapshot {
    /// The ranker with the folded pairs replayed, as the caller encoded it.
    pub ranker: String,
    /// Id of the last pair folded in; the log holds only later ones.
    pub folded_through: i64,
    /// Pairs folded in, by every compaction of the base together.
    pub folded_pairs: u64,
    pub created_at: DateTime<Utc>,
}

/// A base's log as a replay reads it: the snapshot (if any), then the pairs logged after it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RankerLog {
    pub snapshot: Option<RankerSnapshot>,
    /// The pairs not folded yet, in the order they were learned.
    pub pairs: Vec<RankerPair>,
    /// Id of the last pair, what a compaction of this log folds through.
    pub last_id: Option<i64>,
}

impl Store {
    /// Stores a judgement and the ranker pairs it produced (learned on `base`), both or
    /// neither.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_feedback_with_pairs(
        &mut self,
        owner: &str,
        creator: &CreatorId,
        query: &str,
        label: &str,
        grade: u8,
        now: DateTime<Utc>,
        base: &str,
        pairs: &[RankerPair],
    ) -> Result<FeedbackRecord, IndexError> {
        let encode = |signals: &RankSignals| {
            serde_json::to_string(signals)
                .map_err(|error| IndexError::InvalidInput(format!("ranker signals: {error}")))
        };
        let created_at = format_time(&now);
        let transaction = self.conn.transaction()?;
        transaction.execute(
            "INSERT INTO feedback (owner, creator_id, query, label, grade, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                owner,
                creator.as_str(),
                query,
                label,
                i64::from(grade),
                created_at
            ],
        )?;
        let id = transaction.last_insert_rowid();
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO ranker_updates (feedback_id, preferred, other, created_at, \
                 ranker_base) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for pair in pairs {
                insert.execute(params![
                    id,
                    encode(&pair.preferred)?,
                    encode(&pair.other)?,
                    created_at,
                    base
                ])?;
            }
        }
        transaction.commit()?;
        Ok(FeedbackRecord {
            id,
            owner: owner.to_string(),
            creator_id: creator.clone(),
            query: query.to_string(),
            label: label.to_string(),
            grade,
            created_at: now,
        })
    }

    /// The log of `base` for a replay, in one transaction: pairs logged before bases were
    /// recorded become `base`'s; the pairs and snapshots of every other base are discarded
    /// (they were learned on another model version or other starting weights).
    pub fn ranker_log(&mut self, base: &str) -> Result<RankerLog, IndexError> {
        let transaction = self.conn.transaction()?;
        transaction.execute(
            "UPDATE ranker_updates SET ranker_base = ?1 WHERE ranker_base IS NULL",
            [base],
        )?;
        let discarded = transaction
            .execute("DELETE FROM ranker_updates WHERE ranker_base <> ?1", [base])?
            + transaction.execute(
                "DELETE FROM ranker_snapshots WHERE ranker_base <> ?1",
                [base],
            )?;
        if discarded > 0 {
            tracing::info!(discarded, "ranker updates of an earlier model discarded");
        }
        let snapshot = snapshot_of(&transaction, base)?;
        let mut pairs = Vec::new();
        let mut last_id = None;
        {
            let mut statement = transaction.prepare_cached(
                "SELECT id, preferred, other FROM ranker_updates WHERE ranker_base = ?1 \
                 ORDER BY id",
            )?;
            let mut rows = statement.query([base])?;
            while let Some(row) = rows.next()? {
                last_id = Some(row.get::<_, i64>(0)?);
                pairs.push(RankerPair {
                    preferred: decode_signals(&row.get::<_, String>(1)?)?,
                    other: decode_signals(&row.get::<_, String>(2)?)?,
                });
            }
        }
        transaction.commit()?;
        Ok(RankerLog {
            snapshot,
            pairs,
            last_id,
        })
    }

    /// Pairs of `base` not folded into its snapshot yet.
    pub fn ranker_log_len(&self, base: &str) -> Result<usize, IndexError> {
        let count: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM ranker_updates WHERE ranker_base = ?1",
            [base],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Folds `base`'s pairs up to id `through` into its snapshot, in one transaction: `ranker`
    /// (the caller's encoding of the snapshot's ranker, if any, with those pairs replayed)
    /// becomes the snapshot and the pairs are deleted. Returns the pairs folded; refuses a
    /// `through` at or before the current snapshot's (the caller replayed a stale log).
    pub fn compact_ranker_log(
        &mut self,
        base: &str,
        ranker: &str,
        through: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, IndexError> {
        let transaction = self.conn.transaction()?;
        let previous = snapshot_of(&transaction, base)?;
        if let Some(previous) = &previous {
            if previous.folded_through >= through {
                return Err(IndexError::InvalidInput(format!(
                    "ranker log of {base} is already folded through {}",
                    previous.folded_through
                )));
            }
        }
        let folded = transaction.execute(
            "DELETE FROM ranker_updates WHERE ranker_base = ?1 AND id <= ?2",
            params![base, through],
        )?;
        let folded_pairs = previous.map_or(0, |previous| previous.folded_pairs) + folded as u64;
        transaction.execute(
            "INSERT INTO ranker_snapshots \
             (ranker_base, ranker, folded_through, folded_pairs, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (ranker_base) DO UPDATE SET ranker = excluded.ranker, \
             folded_through = excluded.folded_through, folded_pairs = excluded.folded_pairs, \
             created_at = excluded.created_at",
            params![
                base,
                ranker,
                through,
                i64::try_from(folded_pairs).unwrap_or(i64::MAX),
                format_time(&now)
            ],
        )?;
        transaction.commit()?;
        Ok(folded)
    }

    /// The latest grade given to each creator for exactly this query (any owner).
    pub fn grades_for_query(&self, query: &str) -> Result<Vec<(CreatorId, u8)>, IndexError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT creator_id, grade FROM feedback WHERE query = ?1 ORDER BY id",
        )?;
        let mut rows = statement.query([query])?;
        let mut grades: Vec<(CreatorId, u8)> = Vec::new();
        while let Some(row) = rows.next()? {
            let creator = parse_creator_id(&row.get::<_, String>(0)?)?;
            let grade = u8::try_from(row.get::<_, i64>(1)?)
                .map_err(|_| IndexError::Corrupt("feedback grade".to_string()))?;
            match grades.iter_mut().find(|(known, _)| *known == creator) {
                Some(entry) => entry.1 = grade,
                None => grades.push((creator, grade)),
            }
        }
        Ok(grades)
    }
}

/// The snapshot of `base`, if it has one.
fn snapshot_of(
    conn: &rusqlite::Connection,
    base: &str,
) -> Result<Option<RankerSnapshot>, IndexError> {
    let mut statement = conn.prepare_cached(
        "SELECT ranker, folded_through, folded_pairs, created_at FROM ranker_snapshots \
         WHERE ranker_base = ?1",
    )?;
    let mut rows = statement.query([base])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(RankerSnapshot {
        ranker: row.get(0)?,
        folded_through: row.get(1)?,
        folded_pairs: u64::try_from(row.get::<_, i64>(2)?)
            .map_err(|_| IndexError::Corrupt("ranker snapshot pair count".to_string()))?,
        created_at: parse_time(&row.get::<_, String>(3)?)?,
    }))
}

fn decode_signals(raw: &str) -> Result<RankSignals, IndexError> {
    serde_json::from_str::<RankSignals>(raw)
        .map_err(|error| IndexError::Corrupt(format!("ranker update signals: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(text: f64) -> RankSignals {
        RankSignals {
            text_relevance: Some(text),
            ..RankSignals::default()
        }
    }

    fn pair(preferred: f64, other: f64) -> RankerPair {
        RankerPair {
            preferred: signals(preferred),
            other: signals(other),
        }
    }

    #[test]
    fn judgements_and_their_pairs_are_stored_together_and_replayed_in_order() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("store.sqlite");
        let mut store = Store::open(&path).unwrap();
        let a = CreatorId::parse("mastodon:a@x.example").unwrap();
        let b = CreatorId::parse("mastodon:b@x.example").unwrap();
        let now = Utc::now();
        let first = [pair(0.9, 0.1), pair(0.8, 0.2)];
        store
            .insert_feedback_with_pairs("", &a, "yoga", "keep", 2, now, "v1", &first)
            .unwrap();
        store
            .insert_feedback_with_pairs("k", &b, "yoga", "drop", 0, now, "v1", &[])
            .unwrap();
        let second = [pair(0.3, 0.7)];
        store
            .insert_feedback_with_pairs("", &a, "yoga", "drop", 0, now, "v1", &second)
            .unwrap();
        drop(store);

        let mut store = Store::open(&path).unwrap();
        let log = store.ranker_log("v1").unwrap();
        let expected: Vec<RankerPair> = first.iter().chain(&second).cloned().collect();
        assert_eq!(log.pairs, expected);
        assert_eq!(log.snapshot, None);
        assert!(log.last_id.is_some());
        assert_eq!(store.ranker_log_len("v1").unwrap(), 3);
        assert_eq!(store.feedback().unwrap().len(), 3);
        // The latest grade per creator counts; other queries do not.
        assert_eq!(
            store.grades_for_query("yoga").unwrap(),
            vec![(a.clone(), 0), (b, 0)]
        );
        assert!(store.grades_for_query("Yoga").unwrap().is_empty());
    }

    #[test]
    fn compaction_folds_the_oldest_pairs_and_a_new_base_discards_the_log() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("store.sqlite");
        let mut store = Store::open(&path).unwrap();
        let a = CreatorId::parse("mastodon:a@x.example").unwrap();
        let now = Utc::now();
        for step in 0..5 {
            let value = f64::from(step) / 10.0;
            store
                .insert_feedback_with_pairs(
                    "",
                    &a,
                    "yoga",
                    "keep",
                    2,
                    now,
                    "v1",
                    &[pair(value, 0.5)],
                )
                .unwrap();
        }
        let log = store.ranker_log("v1").unwrap();
        let through = log.last_id.unwrap();
        assert_eq!(
            store
                .compact_ranker_log("v1", "{\"folded\":5}", through, now)
                .unwrap(),
            5
        );
        // Folding again through the same id would fold a stale replay.
        assert!(store.compact_ranker_log("v1", "{}", through, now).is_err());
        store
            .insert_feedback_with_pairs("", &a, "yoga", "keep", 2, now, "v1", &[pair(0.9, 0.1)])
            .unwrap();
        drop(store);

        let mut store = Store::open(&path).unwrap();
        let log = store.ranker_log("v1").unwrap();
        let snapshot = log.snapshot.expect("a snapshot");
        assert_eq!(snapshot.ranker, "{\"folded\":5}");
        assert_eq!(snapshot.folded_through, through);
        assert_eq!(snapshot.folded_pairs, 5);
        assert_eq!(
            log.pairs,
            vec![pair(0.9, 0.1)],
            "only the pair after the fold"
        );
        assert_eq!(store.ranker_log_len("v1").unwrap(), 1);
        // The feedback itself stays.
        assert_eq!(store.feedback().unwrap().len(), 6);

        // A second fold adds up.
        let through = log.last_id.unwrap();
        assert_eq!(
            store.compact_ranker_log("v1", "{}", through, now).unwrap(),
            1
        );
        let log = store.ranker_log("v1").unwrap();
        assert_eq!(log.snapshot.unwrap().folded_pairs, 6);
        assert!(log.pairs.is_empty());

        // Another base (a new model version) starts afresh and discards v1's state.
        store
            .insert_feedback_with_pairs("", &a, "yoga", "keep", 2, now, "v1", &[pair(0.7, 0.2)])
            .unwrap();
        let log = store.ranker_log("v2").unwrap();
        assert_eq!(log, RankerLog::default());
        assert_eq!(store.ranker_log_len("v1").unwrap(), 0);
        assert_eq!(store.ranker_log("v1").unwrap(), RankerLog::default());
    }

    #[test]
    fn pairs_logged_before_bases_were_recorded_are_adopted_by_the_first_load() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("store.sqlite");
        let mut store = Store::open(&path).unwrap();
        let a = CreatorId::parse("mastodon:a@x.example").unwrap();
        store
            .insert_feedback_with_pairs(
                "",
                &a,
                "yoga",
                "keep",
                2,
                Utc::now(),
                "v1",
                &[pair(0.9, 0.1)],
            )
            .unwrap();
        // As a store migrated from version 7 has them.
        store
            .conn
            .execute("UPDATE ranker_updates SET ranker_base = NULL", [])
            .unwrap();
        assert_eq!(store.ranker_log("v3").unwrap().pairs, vec![pair(0.9, 0.1)]);
        assert_eq!(store.ranker_log_len("v3").unwrap(), 1);
    }
}
