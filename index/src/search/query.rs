//! Queries over the index: free text scored with BM25, filters that only narrow.
//!
//! Text is parsed leniently over `handle`, `display_name`, `bio`, `captions` and `hashtags`
//! (terms OR'ed, so more matching terms rank higher; quotes make phrases, `-term` excludes);
//! malformed syntax never errors. Filters (platforms OR'ed, niches OR'ed, a follower range)
//! are wrapped in zero-score clauses so they never change the ranking. A query without text
//! lists every document that passes the filters, most followers first (unknown counts last).

use std::ops::Bound;

use scout_models::{AudienceEstimate, CreatorId, Credibility, Niche, NicheScores, Platform};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermSetQuery,
};
use tantivy::schema::Value;
use tantivy::{TantivyDocument, Term};

use super::schema::{decode_niche_scores, Fields, Insights};
use crate::error::IndexError;

/// Largest page a search returns.
pub const MAX_LIMIT: usize = 10_000;

/// Deepest offset a search accepts (deeper paging belongs to an export).
pub const MAX_OFFSET: usize = 100_000;

/// Boosts of the text fields: bio and hashtags say most about what a creator is about.
pub(crate) const FIELD_BOOSTS: [(&str, f32); 5] = [
    ("handle", 1.0),
    ("display_name", 1.2),
    ("bio", 1.5),
    ("captions", 1.0),
    ("hashtags", 1.5),
];

/// A search: optional free text plus filters.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexQuery {
    /// Free text; `None`, blank or token-free text lists by followers instead.
    pub text: Option<String>,
    /// Keep creators on any of these platforms (all when empty).
    pub platforms: Vec<Platform>,
    /// Keep creators with at least this many followers (unknown counts fail the filter).
    pub min_followers: Option<u64>,
    /// Keep creators with at most this many followers (unknown counts fail the filter).
    pub max_followers: Option<u64>,
    /// Keep creators in any of these niches (all when empty).
    pub niches: Vec<Niche>,
    /// Keep creators whose credibility score is at least this (unscored ones fail).
    pub min_credibility: Option<f64>,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Hits to return; 0 only counts.
    pub limit: usize,
}

impl Default for IndexQuery {
    fn default() -> Self {
        IndexQuery {
            text: None,
            platforms: Vec::new(),
            min_followers: None,
            max_followers: None,
            niches: Vec::new(),
            min_credibility: None,
            offset: 0,
            limit: 20,
        }
    }
}

impl IndexQuery {
    /// Checks the parts that cannot be searched as given.
    pub(crate) fn validate(&self) -> Result<(), IndexError> {
        if let (Some(min), Some(max)) = (self.min_followers, self.max_followers) {
            if min > max {
                return Err(IndexError::InvalidInput(format!(
                    "min_followers {min} is above max_followers {max}"
                )));
            }
        }
        if self.limit > MAX_LIMIT {
            return Err(IndexError::InvalidInput(format!(
                "limit {} is above the maximum of {MAX_LIMIT}",
                self.limit
            )));
        }
        if self.offset > MAX_OFFSET {
            return Err(IndexError::InvalidInput(format!(
                "offset {} is above the maximum of {MAX_OFFSET}",
                self.offset
            )));
        }
        Ok(())
    }
}

/// One matching creator with what the ranker needs without going back to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHit {
    pub id: CreatorId,
    /// BM25 text relevance (0 for queries without text).
    pub bm25: f32,
    pub platform: Platform,
    pub followers: Option<u64>,
    pub engagement_rate: Option<f64>,
    pub niches: Vec<Niche>,
    pub niche_scores: Option<NicheScores>,
    pub audience: Option<AudienceEstimate>,
    pub credibility: Option<Credibility>,
}

/// A page of hits and how many documents matched in all.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSearchResult {
    pub total: usize,
    pub hits: Vec<IndexHit>,
}

/// The parsed text part of a query, or `None` when the text carries no searchable token.
pub(crate) fn text_query(
    parser: &QueryParser,
    text: &str,
    has_tokens: bool,
) -> Option<Box<dyn Query>> {
    if text.trim().is_empty() || !has_tokens {
        return None;
    }
    let (query, errors) = parser.parse_query_lenient(text);
    if !errors.is_empty() {
        tracing::debug!(?errors, text, "query text parsed leniently");
    }
    Some(query)
}

/// The filter clauses of a query; each must match, none scores.
pub(crate) fn filter_queries(query: &IndexQuery, fields: &Fields) -> Vec<Box<dyn Query>> {
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if !query.platforms.is_empty() {
        let terms = query
            .platforms
            .iter()
            .map(|platform| Term::from_field_text(fields.platform, platform.as_str()));
        filters.push(Box::new(TermSetQuery::new(terms)));
    }
    if !query.niches.is_empty() {
        let terms = query
            .niches
            .iter()
            .map(|niche| Term::from_field_u64(fields.niches, niche.index() as u64));
        filters.push(Box::new(TermSetQuery::new(terms)));
    }
    if query.min_followers.is_some() || query.max_followers.is_some() {
        let bound = |value: Option<u64>| match value {
            Some(value) => Bound::Included(Term::from_field_u64(fields.followers, value)),
            None => Bound::Unbounded,
        };
        filters.push(Box::new(RangeQuery::new(
            bound(query.min_followers),
            bound(query.max_followers),
        )));
    }
    if let Some(min) = query.min_credibility {
        filters.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_f64(fields.credibility, min)),
            Bound::Unbounded,
        )));
    }
    filters
}

/// Combines text and filters; filters get a zero score so BM25 alone orders the hits.
pub(crate) fn combine(
    text: Option<Box<dyn Query>>,
    filters: Vec<Box<dyn Query>>,
) -> Box<dyn Query> {
    match (text, filters.is_empty()) {
        (Some(text), true) => text,
        (None, true) => Box::new(AllQuery),
        (text, false) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(filters.len() + 1);
            if let Some(text) = text {
                clauses.push((Occur::Must, text));
            }
            for filter in filters {
                let non_scoring: Box<dyn Query> = Box::new(ConstScoreQuery::new(filter, 0.0));
                clauses.push((Occur::Must, non_scoring));
            }
            Box::new(BooleanQuery::new(clauses))
        }
    }
}

/// Reads a hit back from the stored fields of a document.
pub(crate) fn hit_from_document(
    doc: &TantivyDocument,
    fields: &Fields,
    bm25: f32,
) -> Result<IndexHit, IndexError> {
    let id_text = doc
        .get_first(fields.id)
        .and_then(|value| value.as_str())
        .ok_or_else(|| IndexError::Corrupt("indexed document without id".to_string()))?;
    let id = CreatorId::parse(id_text).map_err(|error| IndexError::Corrupt(error.to_string()))?;
    let platform = doc
        .get_first(fields.platform)
        .and_then(|value| value.as_str())
        .and_then(|name| name.parse::<Platform>().ok())
        .unwrap_or_else(|| id.platform());
    let niches = doc
        .get_all(fields.niches)
        .filter_map(|value| value.as_u64())
        .filter_map(|position| usize::try_from(position).ok())
        .filter_map(|position| Niche::ALL.get(position).copied())
        .collect();
    let niche_scores = doc
        .get_first(fields.niche_scores)
        .and_then(|value| value.as_bytes())
        .map(decode_niche_scores)
        .transpose()?;
    let insights: Insights = doc
        .get_first(fields.insights)
        .and_then(|value| value.as_bytes())
        .map(serde_json::from_slice)
        .transpose()?
        .unwrap_or_default();
    Ok(IndexHit {
        id,
        bm25,
        platform,
        followers: doc
            .get_first(fields.followers)
            .and_then(|value| value.as_u64()),
        engagement_rate: doc
            .get_first(fields.engagement_rate)
            .and_then(|value| value.as_f64()),
        niches,
        niche_scores,
        audience: insights.audience,
        credibility: insights.credibility,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_follower_range_and_huge_pages_are_rejected() {
        let inverted = IndexQuery {
            min_followers: Some(10),
            max_followers: Some(5),
            ..IndexQuery::default()
        };
        assert!(matches!(
            inverted.validate(),
            Err(IndexError::InvalidInput(_))
        ));
        let huge = IndexQuery {
            limit: MAX_LIMIT + 1,
            ..IndexQuery::default()
        };
        assert!(huge.validate().is_err());
        assert!(IndexQuery::default().validate().is_ok());
    }
}
