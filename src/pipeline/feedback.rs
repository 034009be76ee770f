//! Relevance feedback: a keep/drop (or graded) judgement on one creator for one query or
//! brief. It is stored, and it updates the learned ranker online: searches use the updated
//! ranker at once, and a restart rebuilds it.
//!
//! **Pairs.** A judgement becomes preference pairs ("this result should rank above that
//! one") between results of the same query, read from the query's current ranking (its
//! first [`RANKING_DEPTH`] results, with the breakdown each got):
//! - against the other creators judged for the same query before, by grade (a keep over
//!   every earlier drop, a drop under every earlier keep);
//! - a keep also over the creators shown above it (skipped by the user), a drop under the
//!   creators shown below it (the user read past it), the nearest [`MAX_SHOWN_PAIRS`] of
//!   them, leaving out those judged the same way for this query. "Shown" is the list the
//!   request gives (`shown`, in display order), else the current ranking.
//!
//! A creator outside the query's first results, or a query that cannot be searched, still
//! has its judgement stored but teaches the ranker nothing (`pairs: 0`).
//!
//! **Persistence.** The pairs are logged in the store in one transaction with the judgement
//! (`ranker_updates`, signal values only: no creator ids). At load, the model version's
//! learned ranker (else the fixed blend's weights as a starting point) replays the whole log
//! in order with [`LearnedRanker::update`]; the running server applies the same steps in the
//! same order, so a crash loses nothing that was answered and replays nothing twice.
//!
//! **Base.** The pairs are logged under the ranker they were learned on, its *base*: the model
//! version and a fingerprint of its starting ranker ([`LoadedRanker::base`]). Only the current
//! base's log is replayed; a new model version (`scout train`), or a new learned ranker saved
//! for the version (`scout eval`), starts afresh from its own ranker and discards the older
//! log when a service loads it (the pairs' signal values came from the older models).
//!
//! **Compaction.** Once a base's log holds more than [`RANKER_LOG_BOUND`] pairs, the ranker a
//! restart would rebuild (the snapshot, if any, with the log replayed) is stored as the base's
//! snapshot and the pairs it folds are deleted, in one transaction ([`compact_ranker_log`]).
//! A load starts from the snapshot and replays what was logged after it, so it rebuilds
//! exactly the ranker a replay of every pair would (the snapshot keeps every weight bit for
//! bit), in a time bounded by the bound.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use scout_index::{RankerLog, RankerPair, Store};
use scout_models::{
    CreatorId, LearnedRanker, LearnedRankerParams, Manifest, ModelBundle, RankSignals,
    ScoreBreakdown,
};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::paths::DataDir;
use crate::pipeline::{PipelineError, SearchParts, SearchQuery, SearchService, MAX_LIMIT};

/// Longest query or brief text a judgement may carry, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// The highest relevance grade.
pub const MAX_GRADE: u8 = 3;
/// Creators a `shown` list may name at most.
pub const MAX_SHOWN: usize = MAX_LIMIT;
/// Results of the query's ranking a judgement is placed in (pages of [`MAX_LIMIT`]).
pub const RANKING_DEPTH: usize = 2 * MAX_LIMIT;
/// Shown neighbours (above a keep, below a drop) one judgement is paired with at most.
pub const MAX_SHOWN_PAIRS: usize = 10;
/// Pairs a base's update log holds at most before they are folded into its snapshot.
pub const RANKER_LOG_BOUND: usize = 10_000;

/// A judgement as given: a label, or a grade from 0 (irrelevant) to [`MAX_GRADE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    Keep,
    Drop,
    Grade(u8),
}

impl Judgement {
    /// The label stored and the grade it stands for: keep = 2 (relevant), drop = 0.
    fn label_and_grade(self) -> (&'static str, u8) {
        match self {
            Judgement::Keep => ("keep", 2),
            Judgement::Drop => ("drop", 0),
            Judgement::Grade(grade) if grade >= 2 => ("keep", grade),
            Judgement::Grade(grade) => ("drop", grade),
        }
    }
}

/// A stored judgement.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FeedbackView {
    pub id: i64,
    #[schema(value_type = String, example = "mastodon:chef_ana@food.example")]
    pub creator_id: CreatorId,
    pub query: String,
    /// `keep` or `drop` (a grade of 2 or more keeps).
    pub label: &'static str,
    /// Relevance grade, 0 to 3.
    pub grade: u8,
    pub created_at: DateTime<Utc>,
    /// Preference pairs the judgement taught the learned ranker (0 when the creator is not
    /// among the query's first 200 results or nothing contrasts with it).
    #[schema(example = 3)]
    pub pairs: usize,
}

/// Stores a judgement of `creator` for `query` by `owner` and updates the learned ranker,
/// with the query's current ranking as the list shown; the creator must be stored.
pub fn record_feedback(
    service: &SearchService,
    owner: &str,
    creator: &CreatorId,
    query: &str,
    judgement: Judgement,
) -> Result<FeedbackView, PipelineError> {
    record_feedback_shown(service, owner, creator, query, judgement, None)
}

/// [`record_feedback`] with the list the user saw: `shown` holds creator ids in display
/// order and must name `creator` (field `shown`).
pub fn record_feedback_shown(
    service: &SearchService,
    owner: &str,
    creator: &CreatorId,
    query: &str,
    judgement: Judgement,
    shown: Option<&[CreatorId]>,
) -> Result<FeedbackView, PipelineError> {
    let query = query.trim();
    if query.is_empty() {
        return Err(PipelineError::invalid("query", "must not be empty"));
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(PipelineError::invalid(
            "query",
            format!("must be at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    if let Judgement::Grade(grade) = judgement {
        if grade > MAX_GRADE {
            return Err(PipelineError::invalid(
                "grade",
                format!("must be between 0 and {MAX_GRADE}"),
            ));
        }
    }
    if let Some(shown) = shown {
        if shown.len() > MAX_SHOWN {
            return Err(PipelineError::invalid(
                "shown",
                format!("at most {MAX_SHOWN} creators"),
            ));
        }
        if !shown.contains(creator) {
            return Err(PipelineError::invalid(
                "shown",
                format!("must list the judged creator {creator}"),
            ));
        }
    }
    let mut store = Store::open(&service.data().store_path())?;
    if store.creator(creator)?.is_none() {
        return Err(PipelineError::NotFound(format!("no creator {creator}")));
    }
    let (label, grade) = judgement.label_and_grade();
    let ranking = ranking(service, query)?;
    let earlier = store.grades_for_query(query)?;
    let pairs = pairs_for(creator, grade, &ranking, &earlier, shown);

    let mut stored = None;
    service.update_learned_ranker(|current| {
        let record = store.insert_feedback_with_pairs(
            owner,
            creator,
            query,
            label,
            grade,
            Utc::now(),
            service.ranker_base(),
            &pairs,
        )?;
        stored = Some(record);
        if pairs.is_empty() {
            return Ok::<_, PipelineError>(None);
        }
        let mut next = match current {
            Some(ranker) => ranker.clone(),
            None => starting_ranker(&service.fixed_weights())?,
        };
        for pair in &pairs {
            next.update(&pair.preferred, &pair.other);
        }
        // The judgement is stored: a failed compaction is retried with the next one.
        if let Err(error) = compact_ranker_log(service, service.ranker_log_bound()) {
            tracing::warn!(%error, "ranker update log not compacted");
        }
        Ok(Some(next))
    })?;
    let stored = stored.ok_or_else(|| PipelineError::Internal("feedback not stored".into()))?;
    Ok(FeedbackView {
        id: stored.id,
        creator_id: stored.creator_id,
        query: stored.query,
        label,
        grade,
        created_at: stored.created_at,
        pairs: pairs.len(),
    })
}

/// The learned ranker a search service starts with, and the base its updates are logged under.
#[derive(Debug, Clone)]
pub struct LoadedRanker {
    /// The ranker searches use; `None`: the fixed blend.
    pub ranker: Option<LearnedRanker>,
    /// The model version (or `none`) and a fingerprint of the ranker the updates start from.
    pub base: String,
}

/// The learned ranker a search service starts with: the model version's own (when it has
/// one), with the base's snapshot and every pair logged since replayed over it in order; with
/// a log but no learned ranker, the log replays over the fixed blend's weights. `ranker` is
/// `None` when there is neither. The logs of other bases are discarded.
pub fn load_learned_ranker(
    data: &DataDir,
    models: Option<&(ModelBundle, Manifest)>,
) -> Result<LoadedRanker, PipelineError> {
    let version = models.map(|(_, manifest)| manifest.model_version.as_str());
    let fixed = models
        .map(|(bundle, _)| bundle.ranker.clone())
        .unwrap_or_default();
    let (start, trained) = start_ranker(data, version, &fixed)?;
    let base = ranker_base(version, &start)?;
    let log = Store::open(&data.store_path())?.ranker_log(&base)?;
    let learned = trained || log.snapshot.is_some() || !log.pairs.is_empty();
    let ranker = if learned {
        Some(replay(start, &log)?)
    } else {
        None
    };
    Ok(LoadedRanker { ranker, base })
}

/// Folds the service's base log into its snapshot when it holds more than `bound` pairs:
/// the ranker a restart would rebuild from it is stored as the snapshot and the pairs are
/// deleted, in one transaction. Returns the pairs folded (0 under the bound, or when the
/// models on disk are no longer the service's: the next load discards this log anyway).
pub fn compact_ranker_log(service: &SearchService, bound: usize) -> Result<usize, PipelineError> {
    let base = service.ranker_base();
    let mut store = Store::open(&service.data().store_path())?;
    if store.ranker_log_len(base)? <= bound {
        return Ok(0);
    }
    let version = service
        .manifest()
        .map(|manifest| manifest.model_version.as_str());
    let (start, _) = start_ranker(service.data(), version, &service.fixed_weights())?;
    if ranker_base(version, &start)? != base {
        tracing::warn!(
            base,
            "models changed on disk: ranker log left for the next load"
        );
        return Ok(0);
    }
    let log = store.ranker_log(base)?;
    let Some(through) = log.last_id else {
        return Ok(0);
    };
    let folded = replay(start, &log)?;
    let folded_pairs =
        store.compact_ranker_log(base, &encode_exact(&folded)?, through, Utc::now())?;
    tracing::info!(
        base,
        folded_pairs,
        "ranker update log folded into its snapshot"
    );
    Ok(folded_pairs)
}

/// The ranker updates start from: the version's learned ranker (and `true`), else the fixed
/// blend of `fixed`.
fn start_ranker(
    data: &DataDir,
    version: Option<&str>,
    fixed: &scout_models::RankerWeights,
) -> Result<(LearnedRanker, bool), PipelineError> {
    let trained = match version {
        Some(version) => ModelBundle::load_learned_ranker(&data.models_dir(), version)?,
        None => None,
    };
    match trained {
        Some(ranker) => Ok((ranker, true)),
        None => Ok((starting_ranker(fixed)?, false)),
    }
}

/// `start` with the log replayed: from the snapshot when there is one, then every pair.
fn replay(start: LearnedRanker, log: &RankerLog) -> Result<LearnedRanker, PipelineError> {
    let mut ranker = match &log.snapshot {
        Some(snapshot) => decode_exact(&snapshot.ranker)?,
        None => start,
    };
    for pair in &log.pairs {
        ranker.update(&pair.preferred, &pair.other);
    }
    Ok(ranker)
}

/// The key updates are logged under: `VERSION#FINGERPRINT` (`none` without models), the
/// fingerprint a hash of the starting ranker's exact encoding.
fn ranker_base(version: Option<&str>, start: &LearnedRanker) -> Result<String, PipelineError> {
    let digest = Sha256::digest(encode_exact(start)?.as_bytes());
    let fingerprint: String = digest[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Ok(format!("{}#{fingerprint}", version.unwrap_or("none")))
}

/// Marks a floating-point number written as its bit pattern.
const EXACT_FLOAT: &str = "f64:";

/// The ranker as JSON whose floating-point numbers are written as their bit patterns, so that
/// reading it back ([`decode_exact`]) gives the very same weights, whatever JSON's number
/// parsing rounds.
fn encode_exact(ranker: &LearnedRanker) -> Result<String, PipelineError> {
    fn floats_to_bits(value: &mut Value) {
        match value {
            Value::Number(number) if number.is_f64() => {
                let bits = number.as_f64().unwrap_or_default().to_bits();
                *value = Value::String(format!("{EXACT_FLOAT}{bits:016x}"));
            }
            Value::Array(items) => items.iter_mut().for_each(floats_to_bits),
            Value::Object(fields) => fields.values_mut().for_each(floats_to_bits),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(ranker)
        .map_err(|error| PipelineError::Internal(format!("ranker snapshot: {error}")))?;
    floats_to_bits(&mut value);
    Ok(value.to_string())
}

/// A ranker written by [`encode_exact`], checked.
fn decode_exact(raw: &str) -> Result<LearnedRanker, PipelineError> {
    fn bits_to_floats(value: &mut Value) -> Result<(), String> {
        match value {
            Value::String(text) if text.starts_with(EXACT_FLOAT) => {
                let bits = u64::from_str_radix(&text[EXACT_FLOAT.len()..], 16)
                    .map_err(|error| format!("{text}: {error}"))?;
                let number = serde_json::Number::from_f64(f64::from_bits(bits))
                    .ok_or_else(|| format!("{text} is not a finite number"))?;
                *value = Value::Number(number);
            }
            Value::Array(items) => items.iter_mut().try_for_each(bits_to_floats)?,
            Value::Object(fields) => fields.values_mut().try_for_each(bits_to_floats)?,
            _ => {}
        }
        Ok(())
    }
    let corrupt = |message: String| {
        PipelineError::Index(scout_index::IndexError::Corrupt(format!(
            "ranker snapshot: {message}"
        )))
    };
    let mut value: Value = serde_json::from_str(raw).map_err(|error| corrupt(error.to_string()))?;
    bits_to_floats(&mut value).map_err(corrupt)?;
    let ranker: LearnedRanker =
        serde_json::from_value(value).map_err(|error| corrupt(error.to_string()))?;
    ranker
        .validate()
        .map_err(|error| corrupt(error.to_string()))?;
    Ok(ranker)
}

/// The fixed blend as a learned ranker, with the default learning rate.
fn starting_ranker(weights: &scout_models::RankerWeights) -> Result<LearnedRanker, PipelineError> {
    Ok(LearnedRanker::from_weights(
        weights,
        LearnedRankerParams::default().learning_rate,
    )?)
}

/// The query's current ranking, best first, with each result's signals: its first
/// [`RANKING_DEPTH`] results. Empty when the text is not a query search accepts.
fn ranking(
    service: &SearchService,
    query: &str,
) -> Result<Vec<(CreatorId, RankSignals)>, PipelineError> {
    let mut ranking = Vec::new();
    let mut offset = 0;
    while offset < RANKING_DEPTH {
        let page = SearchQuery::new(SearchParts {
            text: Some(query.to_string()),
            offset: Some(offset),
            limit: Some(MAX_LIMIT),
            ..SearchParts::default()
        });
        let page = match page {
            Ok(page) => page,
            // A brief's prose, or a query no search accepts: nothing to place it in.
            Err(PipelineError::Invalid { .. }) => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let results = service.search(&page)?;
        let count = results.results.len();
        ranking.extend(
            results
                .results
                .into_iter()
                .map(|result| (result.id, signals_of(&result.breakdown))),
        );
        offset += MAX_LIMIT;
        if count < MAX_LIMIT || offset >= results.total {
            break;
        }
    }
    Ok(ranking)
}

/// The ranker's inputs back from a result's breakdown (they are the same five values).
fn signals_of(breakdown: &ScoreBreakdown) -> RankSignals {
    RankSignals {
        text_relevance: breakdown.text_relevance,
        niche_fit: breakdown.niche_fit,
        engagement: breakdown.engagement,
        audience_match: breakdown.audience_match,
        credibility: breakdown.credibility,
    }
}

/// The preference pairs of a judgement (see the module docs).
fn pairs_for(
    creator: &CreatorId,
    grade: u8,
    ranking: &[(CreatorId, RankSignals)],
    earlier: &[(CreatorId, u8)],
    shown: Option<&[CreatorId]>,
) -> Vec<RankerPair> {
    let signals: HashMap<&CreatorId, &RankSignals> =
        ranking.iter().map(|(id, signals)| (id, signals)).collect();
    let Some(judged) = signals.get(creator).copied() else {
        return Vec::new();
    };
    let pair = |other: &CreatorId, judged_better: bool| {
        let other = (*signals.get(other)?).clone();
        Some(if judged_better {
            RankerPair {
                preferred: judged.clone(),
                other,
            }
        } else {
            RankerPair {
                preferred: other,
                other: judged.clone(),
            }
        })
    };
    let ranked_ids: Vec<CreatorId> = ranking.iter().map(|(id, _)| id.clone()).collect();
    let shown = shown.unwrap_or(&ranked_ids);
    let relevant = grade >= 2;
    let mut pairs = Vec::new();
    let mut paired: HashSet<&CreatorId> = HashSet::new();
    for (other, other_grade) in earlier {
        if other != creator && *other_grade != grade {
            if let Some(found) = pair(other, grade > *other_grade) {
                pairs.push(found);
                paired.insert(other);
            }
        }
    }
    let Some(position) = shown.iter().position(|id| id == creator) else {
        return pairs;
    };
    // Above a keep or below a drop, nearest first.
    let neighbours: Vec<&CreatorId> = if relevant {
        shown[..position].iter().rev().collect()
    } else {
        shown[position + 1..].iter().collect()
    };
    let judged_alike = |other: &CreatorId| {
        earlier
            .iter()
            .rev()
            .find(|(id, _)| id == other)
            .is_some_and(|(_, other_grade)| (*other_grade >= 2) == relevant)
    };
    let mut taken = 0;
    for other in neighbours {
        if taken == MAX_SHOWN_PAIRS {
            break;
        }
        if other == creator || paired.contains(other) || judged_alike(other) {
            continue;
        }
        if let Some(found) = pair(other, relevant) {
            pairs.push(found);
            paired.insert(other);
            taken += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(text: f64, niche: Option<f64>) -> RankSignals {
        RankSignals {
            text_relevance: Some(text),
            niche_fit: niche,
            engagement: Some(0.3),
            audience_match: None,
            credibility: Some(0.8),
        }
    }

    /// A ranker with awkward weights: many updates from the fixed blend.
    fn updated_ranker() -> LearnedRanker {
        let mut ranker = starting_ranker(&scout_models::RankerWeights::default()).unwrap();
        for step in 0..500 {
            let x = f64::from(step) * 0.618_033_988_749_894_8 % 1.0;
            ranker.update(&signals(x, Some(1.0 - x / 3.0)), &signals(x / 7.0, None));
        }
        ranker
    }

    #[test]
    fn snapshots_keep_every_weight_bit_for_bit() {
        let ranker = updated_ranker();
        let encoded = encode_exact(&ranker).unwrap();
        let decoded = decode_exact(&encoded).unwrap();
        assert_eq!(decoded, ranker);
        let probe = signals(0.123_456_789, Some(0.987_654_321));
        assert_eq!(
            decoded.score(&probe).score.to_bits(),
            ranker.score(&probe).score.to_bits()
        );
        assert!(encoded.contains(EXACT_FLOAT), "{encoded}");
        for broken in ["", "{", "{\"format\": \"f64:zz\"}", "[1, 2]"] {
            assert!(decode_exact(broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn bases_differ_by_model_version_and_starting_ranker() {
        let start = starting_ranker(&scout_models::RankerWeights::default()).unwrap();
        let base = ranker_base(Some("v1"), &start).unwrap();
        assert!(base.starts_with("v1#"), "{base}");
        assert_eq!(base, ranker_base(Some("v1"), &start.clone()).unwrap());
        assert_ne!(base, ranker_base(Some("v2"), &start).unwrap());
        assert_ne!(base, ranker_base(Some("v1"), &updated_ranker()).unwrap());
        assert!(ranker_base(None, &start).unwrap().starts_with("none#"));
    }

    #[test]
    fn a_replay_starts_from_the_snapshot_and_adds_the_later_pairs() {
        let start = starting_ranker(&scout_models::RankerWeights::default()).unwrap();
        let pairs: Vec<RankerPair> = (0..40)
            .map(|step| RankerPair {
                preferred: signals(f64::from(step) / 40.0, Some(0.9)),
                other: signals(0.5, None),
            })
            .collect();
        let everything = replay(
            start.clone(),
            &RankerLog {
                snapshot: None,
                pairs: pairs.clone(),
                last_id: Some(40),
            },
        )
        .unwrap();
        let folded = replay(
            start.clone(),
            &RankerLog {
                snapshot: None,
                pairs: pairs[..25].to_vec(),
                last_id: Some(25),
            },
        )
        .unwrap();
        let resumed = replay(
            start,
            &RankerLog {
                snapshot: Some(scout_index::RankerSnapshot {
                    ranker: encode_exact(&folded).unwrap(),
                    folded_through: 25,
                    folded_pairs: 25,
                    created_at: Utc::now(),
                }),
                pairs: pairs[25..].to_vec(),
                last_id: Some(40),
            },
        )
        .unwrap();
        assert_eq!(resumed, everything);
    }
}
