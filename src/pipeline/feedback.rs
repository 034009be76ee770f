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
//! same order, so a crash loses nothing that was answered and replays nothing twice. A new
//! model version (`scout train`) replays the log over its own ranker.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use scout_index::{RankerPair, Store};
use scout_models::{
    CreatorId, LearnedRanker, LearnedRankerParams, Manifest, ModelBundle, RankSignals,
    ScoreBreakdown,
};
use serde::Serialize;

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

/// The learned ranker a search service starts with: the model version's own (when it has
/// one), with every logged feedback pair replayed over it in order; with a log but no learned
/// ranker, the log replays over the fixed blend's weights. `None` when there is neither.
pub fn load_learned_ranker(
    data: &DataDir,
    models: Option<&(ModelBundle, Manifest)>,
) -> Result<Option<LearnedRanker>, PipelineError> {
    let trained = match models {
        Some((_, manifest)) => {
            ModelBundle::load_learned_ranker(&data.models_dir(), &manifest.model_version)?
        }
        None => None,
    };
    let pairs = Store::open(&data.store_path())?.ranker_pairs()?;
    if pairs.is_empty() {
        return Ok(trained);
    }
    let mut ranker = match trained {
        Some(ranker) => ranker,
        None => starting_ranker(
            &models
                .map(|(bundle, _)| bundle.ranker.clone())
                .unwrap_or_default(),
        )?,
    };
    for pair in &pairs {
        ranker.update(&pair.preferred, &pair.other);
    }
    Ok(Some(ranker))
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
