//! The learned ranker's update log: each judgement that taught the ranker something is stored
//! together with the preference pairs it produced (the two results' signal values, no creator
//! ids), in one transaction. Replaying the log in order over the model version's ranker
//! rebuilds the ranker a server had when it stopped, however it stopped.

use chrono::{DateTime, Utc};
use rusqlite::params;
use scout_models::{CreatorId, RankSignals};

use super::codec::{format_time, parse_creator_id};
use super::{FeedbackRecord, Store};
use crate::error::IndexError;

/// One logged preference: `preferred` should rank above `other`.
#[derive(Debug, Clone, PartialEq)]
pub struct RankerPair {
    pub preferred: RankSignals,
    pub other: RankSignals,
}

impl Store {
    /// Stores a judgement and the ranker pairs it produced, both or neither.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_feedback_with_pairs(
        &mut self,
        owner: &str,
        creator: &CreatorId,
        query: &str,
        label: &str,
        grade: u8,
        now: DateTime<Utc>,
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
                "INSERT INTO ranker_updates (feedback_id, preferred, other, created_at) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for pair in pairs {
                insert.execute(params![
                    id,
                    encode(&pair.preferred)?,
                    encode(&pair.other)?,
                    created_at
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

    /// Every logged ranker pair, in the order they were learned.
    pub fn ranker_pairs(&self) -> Result<Vec<RankerPair>, IndexError> {
        let decode = |raw: &str| {
            serde_json::from_str::<RankSignals>(raw)
                .map_err(|error| IndexError::Corrupt(format!("ranker update signals: {error}")))
        };
        let mut statement = self
            .conn
            .prepare_cached("SELECT preferred, other FROM ranker_updates ORDER BY id")?;
        let mut rows = statement.query([])?;
        let mut pairs = Vec::new();
        while let Some(row) = rows.next()? {
            pairs.push(RankerPair {
                preferred: decode(&row.get::<_, String>(0)?)?,
                other: decode(&row.get::<_, String>(1)?)?,
            });
        }
        Ok(pairs)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(text: f64) -> RankSignals {
        RankSignals {
            text_relevance: Some(text),
            ..RankSignals::default()
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
        let first = [
            RankerPair {
                preferred: signals(0.9),
                other: signals(0.1),
            },
            RankerPair {
                preferred: signals(0.8),
                other: signals(0.2),
            },
        ];
        store
            .insert_feedback_with_pairs("", &a, "yoga", "keep", 2, now, &first)
            .unwrap();
        store
            .insert_feedback_with_pairs("k", &b, "yoga", "drop", 0, now, &[])
            .unwrap();
        let second = [RankerPair {
            preferred: signals(0.3),
            other: signals(0.7),
        }];
        store
            .insert_feedback_with_pairs("", &a, "yoga", "drop", 0, now, &second)
            .unwrap();
        drop(store);

        let store = Store::open(&path).unwrap();
        let logged = store.ranker_pairs().unwrap();
        let expected: Vec<RankerPair> = first.iter().chain(&second).cloned().collect();
        assert_eq!(logged, expected);
        assert_eq!(store.feedback().unwrap().len(), 3);
        // The latest grade per creator counts; other queries do not.
        assert_eq!(
            store.grades_for_query("yoga").unwrap(),
            vec![(a.clone(), 0), (b, 0)]
        );
        assert!(store.grades_for_query("Yoga").unwrap().is_empty());
    }
}
