//! Relevance feedback: a keep/drop (or graded) judgement on one creator for one query or
//! brief, stored in the store for the next `scout train`.

use chrono::{DateTime, Utc};
use scout_index::Store;
use scout_models::CreatorId;
use serde::Serialize;

use crate::pipeline::{PipelineError, SearchService};

/// Longest query or brief text a judgement may carry, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// The highest relevance grade.
pub const MAX_GRADE: u8 = 3;

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
}

/// Stores a judgement of `creator` for `query` by `owner`; the creator must be stored.
pub fn record_feedback(
    service: &SearchService,
    owner: &str,
    creator: &CreatorId,
    query: &str,
    judgement: Judgement,
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
    let mut store = Store::open(&service.data().store_path())?;
    if store.creator(creator)?.is_none() {
        return Err(PipelineError::NotFound(format!("no creator {creator}")));
    }
    let (label, grade) = judgement.label_and_grade();
    let stored = store.insert_feedback(owner, creator, query, label, grade, Utc::now())?;
    Ok(FeedbackView {
        id: stored.id,
        creator_id: stored.creator_id,
        query: stored.query,
        label,
        grade,
        created_at: stored.created_at,
    })
}
