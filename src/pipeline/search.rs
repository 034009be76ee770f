//! Query time: validated query → index candidates → ranked, explained results.
//!
//! The index retrieves candidates (BM25 over bio, captions and hashtags with filters as
//! non-scoring clauses); this module re-ranks them with the models and attaches the evidence
//! behind each part of the score from the store.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Instant;

use chrono::{DateTime, Utc};
use scout_index::{
    normalise_country, normalise_hashtag, normalise_language, normalise_mention, AudienceDimension,
    AudienceFilter, AudienceShare, FilterSets, GrowthPeriod, HitDetail, IndexFacets, IndexHit,
    IndexQuery, IndexSort, MatchedDocs, QueryText, SearchIndex, SearchIndexOptions, Store,
    SCOPABLE_FIELDS,
};
use scout_models::{
    audience_match, engagement, niche, ranker, AudienceTarget, Creator, CreatorId, LearnedRanker,
    Manifest, ModelBundle, Niche, NicheScores, Platform, Post, Provenance, RankSignals, Ranker,
    RankerWeights, ScoreBreakdown, Tier,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::paths::DataDir;
use crate::pipeline::search_cache::{CacheStats, SearchCache, Stamp};
use crate::pipeline::search_evidence::EvidenceScan;
use crate::pipeline::PipelineError;

/// Results a query may ask for at most.
pub const MAX_LIMIT: usize = 100;
/// Results when the query does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Deepest offset a query may page to (deeper listings belong to `scout export`).
pub const MAX_OFFSET: usize = 10_000;
/// Candidates retrieved from the index for re-ranking, at least; relevance pages are cut
/// from pools of a multiple of this size.
const MIN_CANDIDATES: usize = 200;
/// Posts read for evidence per result at most: those whose text the index holds.
const EVIDENCE_SCAN_POSTS: usize = crate::pipeline::indexing::INDEXED_POSTS;
/// A query's inferred niche is used for niche fit only from this probability on.
const QUERY_NICHE_CONFIDENCE: f32 = 0.2;
/// Longest `last_posted_within_days`.
const MAX_POSTED_WITHIN_DAYS: u32 = 3_650;
/// Smallest audience `min_share` a filter takes: shares are compared at 0.1%.
const MIN_AUDIENCE_SHARE: f64 = 0.001;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// The models' blend of text relevance, niche fit, engagement, audience match and
    /// credibility over the best index candidates (default).
    #[default]
    Relevance,
    /// Most followers first, over every match.
    Followers,
    /// Highest engagement rate first, over every match.
    Engagement,
    /// Fastest follower growth first over the growth filter's period (3 months without one),
    /// over every match.
    Growth,
}

impl std::str::FromStr for SearchSort {
    type Err = String;

    /// Without regard to case, as every enum value of the API (`Followers` is `followers`).
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "relevance" => Ok(SearchSort::Relevance),
            "followers" => Ok(SearchSort::Followers),
            "engagement" => Ok(SearchSort::Engagement),
            "growth" => Ok(SearchSort::Growth),
            _ => Err(format!(
                "unknown sort {:?}: expected relevance, followers, engagement or growth",
                raw.trim()
            )),
        }
    }
}

/// Follower growth filter: at least `min` relative growth (`0.1` = +10%) over `period`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GrowthFilter {
    pub period: GrowthPeriod,
    pub min: f64,
}

/// One weighted audience filter as asked: the items of one dimension (OR'ed).
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceFilterParts {
    pub dimension: AudienceDimension,
    /// `(key, min_share)`: a country or language code, an age range of whole buckets
    /// (`18-24`, `18-34`, `55+`) or a gender.
    pub items: Vec<(String, f64)>,
}

/// A search as the pipeline runs it: every value already checked (see [`SearchQuery::new`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    text: Option<String>,
    /// The text the index parses: `text` without its `#tag` and `@account` tokens.
    index_text: Option<String>,
    platforms: Vec<Platform>,
    min_followers: Option<u64>,
    max_followers: Option<u64>,
    niches: Vec<Niche>,
    exclude_niches: Vec<Niche>,
    min_engagement_rate: Option<f64>,
    max_engagement_rate: Option<f64>,
    countries: Vec<String>,
    languages: Vec<String>,
    has_contact: Option<bool>,
    has_sponsored_posts: Option<bool>,
    last_posted_within_days: Option<u32>,
    growth: Option<GrowthFilter>,
    hashtags: Vec<String>,
    mentions: Vec<String>,
    audience: Option<AudienceTarget>,
    audience_filters: Vec<AudienceFilter>,
    min_credibility: Option<f64>,
    sort: SearchSort,
    offset: usize,
    limit: usize,
    /// User-set blend weights (a campaign brief's): score with these instead of the models'.
    weights: Option<RankerWeights>,
}

/// The raw parts of a search, before validation. Separate filters AND; the values inside
/// one filter OR.
#[derive(Debug, Clone, Default)]
pub struct SearchParts {
    /// Free text: tantivy query syntax over handle, display name, bio, posts and hashtags
    /// (`AND`/`OR`/`NOT`, `"phrases"`, `bio:coach`, `posts:"meal prep"`); `#tag` and
    /// `@account` tokens join the hashtag and mention filters.
    pub text: Option<String>,
    pub platforms: Vec<Platform>,
    pub min_followers: Option<u64>,
    pub max_followers: Option<u64>,
    /// Keep creators in any of these niches.
    pub niches: Vec<Niche>,
    /// Drop creators in any of these niches.
    pub exclude_niches: Vec<Niche>,
    /// Engagement rate bounds as fractions (`0.02` = 2%).
    pub min_engagement_rate: Option<f64>,
    pub max_engagement_rate: Option<f64>,
    /// The creator's own country (ISO-3166 alpha-2), read from the declared location.
    pub countries: Vec<String>,
    /// Languages the creator writes in (ISO-639-1).
    pub languages: Vec<String>,
    pub has_contact: Option<bool>,
    pub has_sponsored_posts: Option<bool>,
    /// Keep creators whose newest post is at most this many days old.
    pub last_posted_within_days: Option<u32>,
    pub growth: Option<GrowthFilter>,
    /// Keep creators who used any of these hashtags (with or without `#`).
    pub hashtags: Vec<String>,
    /// Keep creators who mentioned any of these accounts (with or without `@`).
    pub mentions: Vec<String>,
    /// The audience a brief wants to reach: scored as audience match (ranking only).
    pub audience: Option<AudienceTarget>,
    /// Weighted audience filters on the stored audience estimate: each must hold.
    pub audience_filters: Vec<AudienceFilterParts>,
    /// Keep only creators with at least this credibility score.
    pub min_credibility: Option<f64>,
    pub sort: SearchSort,
    pub offset: Option<usize>,
    /// A `next_cursor` of an earlier page of the same query (instead of `offset`).
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

impl SearchQuery {
    /// Checks the parts; the error names the offending field by its path in the request
    /// body (`creator.countries[1]`, `audience.ages[0].range`).
    pub fn new(parts: SearchParts) -> Result<SearchQuery, PipelineError> {
        let text = parts
            .text
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty());
        let mut hashtags = checked_names(parts.hashtags, "hashtags", normalise_hashtag)?;
        let mut mentions = checked_names(parts.mentions, "mentions", normalise_mention)?;
        let mut index_text = None;
        if let Some(text) = &text {
            if text.chars().count() > 500 {
                return Err(PipelineError::invalid(
                    "query",
                    "must be at most 500 characters",
                ));
            }
            let parsed = QueryText::parse(text);
            if let Some(scope) = parsed.unknown_scope() {
                return Err(PipelineError::invalid(
                    "query",
                    format!(
                        "unknown field {scope:?} in \"{scope}:\": fields are {}",
                        SCOPABLE_FIELDS.join(", ")
                    ),
                ));
            }
            hashtags.extend(parsed.hashtags);
            mentions.extend(parsed.mentions);
            index_text = Some(parsed.text).filter(|text| !text.is_empty());
        }
        sort_dedup(&mut hashtags);
        sort_dedup(&mut mentions);
        if let (Some(min), Some(max)) = (parts.min_followers, parts.max_followers) {
            if min > max {
                return Err(PipelineError::invalid(
                    "followers",
                    format!("min ({min}) is greater than max ({max})"),
                ));
            }
        }
        for (field, value) in [
            ("engagement_rate.min", parts.min_engagement_rate),
            ("engagement_rate.max", parts.max_engagement_rate),
        ] {
            if value.is_some_and(|value| !(value.is_finite() && (0.0..=100.0).contains(&value))) {
                return Err(PipelineError::invalid(
                    field,
                    "must be a fraction between 0 and 100 (0.02 = 2%)",
                ));
            }
        }
        if let (Some(min), Some(max)) = (parts.min_engagement_rate, parts.max_engagement_rate) {
            if min > max {
                return Err(PipelineError::invalid(
                    "engagement_rate",
                    format!("min ({min}) is greater than max ({max})"),
                ));
            }
        }
        let countries = checked_codes(parts.countries, "creator.countries", |code| {
            AudienceDimension::Country.key_code(code).is_some()
        })?
        .into_iter()
        .map(|code| normalise_country(&code))
        .collect();
        let languages = checked_codes(parts.languages, "creator.languages", |code| {
            AudienceDimension::Language.key_code(code).is_some()
        })?
        .into_iter()
        .map(|code| normalise_language(&code))
        .collect();
        if let Some(days) = parts.last_posted_within_days {
            if days == 0 || days > MAX_POSTED_WITHIN_DAYS {
                return Err(PipelineError::invalid(
                    "last_posted_within_days",
                    format!("must be between 1 and {MAX_POSTED_WITHIN_DAYS}"),
                ));
            }
        }
        if let Some(growth) = &parts.growth {
            if !(growth.min.is_finite() && (-1.0..=1000.0).contains(&growth.min)) {
                return Err(PipelineError::invalid(
                    "growth.min",
                    "must be a relative growth between -1 and 1000 (0.1 = +10%)",
                ));
            }
        }
        let limit = parts.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(PipelineError::invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let mut platforms = parts.platforms;
        platforms.sort();
        platforms.dedup();
        let mut niches = parts.niches;
        niches.sort();
        niches.dedup();
        let mut exclude_niches = parts.exclude_niches;
        exclude_niches.sort();
        exclude_niches.dedup();
        if let Some(min) = parts.min_credibility {
            if !(0.0..=1.0).contains(&min) {
                return Err(PipelineError::invalid(
                    "min_credibility",
                    "must be between 0 and 1",
                ));
            }
        }
        // Filters first: their errors name the item.
        let audience_filters = parts
            .audience_filters
            .into_iter()
            .filter(|filter| !filter.items.is_empty())
            .map(checked_audience_filter)
            .collect::<Result<Vec<_>, _>>()?;
        let audience = match parts.audience {
            Some(target) => {
                checked_audience_target(&target)?;
                (!target.is_empty()).then_some(target)
            }
            None => None,
        };
        let mut query = SearchQuery {
            text,
            index_text,
            platforms,
            min_followers: parts.min_followers,
            max_followers: parts.max_followers,
            niches,
            exclude_niches,
            min_engagement_rate: parts.min_engagement_rate,
            max_engagement_rate: parts.max_engagement_rate,
            countries,
            languages,
            has_contact: parts.has_contact,
            has_sponsored_posts: parts.has_sponsored_posts,
            last_posted_within_days: parts.last_posted_within_days,
            growth: parts.growth,
            hashtags,
            mentions,
            audience,
            audience_filters,
            min_credibility: parts.min_credibility,
            sort: parts.sort,
            offset: 0,
            limit,
            weights: None,
        };
        query.offset = match (parts.offset, parts.cursor.as_deref()) {
            (Some(_), Some(_)) => {
                return Err(PipelineError::invalid(
                    "cursor",
                    "give either offset or cursor, not both",
                ))
            }
            (Some(offset), None) => offset,
            (None, Some(cursor)) => query.offset_of_cursor(cursor)?,
            (None, None) => 0,
        };
        if query.offset > MAX_OFFSET {
            return Err(PipelineError::invalid(
                "offset",
                format!("must be at most {MAX_OFFSET}; use `scout export` for everything"),
            ));
        }
        Ok(query)
    }

    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// Scores with these blend weights instead of the loaded models' (checked by the caller).
    pub fn with_weights(mut self, weights: RankerWeights) -> SearchQuery {
        self.weights = Some(weights);
        self
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The cursor of the page starting at `offset` of this query.
    pub fn cursor_at(&self, offset: usize) -> String {
        let mut bytes = (offset as u64).to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.fingerprint());
        bytes.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// The offset a cursor of this query points at; a cursor of another query (other text,
    /// filters or sort; the page size may change) is an error.
    fn offset_of_cursor(&self, cursor: &str) -> Result<usize, PipelineError> {
        let invalid = || PipelineError::invalid("cursor", "not a cursor of this API");
        let cursor = cursor.trim();
        if cursor.len() != 32 || !cursor.is_ascii() {
            return Err(invalid());
        }
        let bytes = (0..cursor.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&cursor[at..at + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| invalid())?;
        if bytes[8..] != self.fingerprint() {
            return Err(PipelineError::invalid(
                "cursor",
                "the cursor belongs to another query: keep the query, filters and sort of the page it came from",
            ));
        }
        let mut offset = [0u8; 8];
        offset.copy_from_slice(&bytes[..8]);
        usize::try_from(u64::from_be_bytes(offset)).map_err(|_| invalid())
    }

    /// A digest of everything that decides the order of the results (not the page).
    fn fingerprint(&self) -> [u8; 8] {
        let ordered = SearchQuery {
            offset: 0,
            limit: 0,
            ..self.clone()
        };
        // Relevance pages are cut from a pool sized by the page size: part of the order.
        let pool = match self.sort {
            SearchSort::Relevance => relevance_pool(self.limit),
            _ => 0,
        };
        let digest = Sha256::digest(format!("{ordered:?} {pool}").as_bytes());
        let mut fingerprint = [0u8; 8];
        fingerprint.copy_from_slice(&digest[..8]);
        fingerprint
    }

    /// The index query for `offset..offset + limit` in the index's order.
    fn index_query(
        &self,
        offset: usize,
        limit: usize,
        now: DateTime<Utc>,
        or_niche: Option<Niche>,
    ) -> IndexQuery {
        let growth_period = self
            .growth
            .map_or(GrowthPeriod::ThreeMonths, |growth| growth.period);
        IndexQuery {
            text: self.index_text.clone(),
            platforms: self.platforms.clone(),
            min_followers: self.min_followers,
            max_followers: self.max_followers,
            niches: self.niches.clone(),
            exclude_niches: self.exclude_niches.clone(),
            min_credibility: self.min_credibility,
            min_engagement_rate: self.min_engagement_rate,
            max_engagement_rate: self.max_engagement_rate,
            countries: self.countries.clone(),
            languages: self.languages.clone(),
            has_contact: self.has_contact,
            has_sponsored_posts: self.has_sponsored_posts,
            posted_since: self
                .last_posted_within_days
                .map(|days| now - chrono::Duration::days(i64::from(days))),
            min_growth: self.growth.map(|growth| (growth.period, growth.min)),
            hashtags: self.hashtags.clone(),
            mentions: self.mentions.clone(),
            audience: self.audience_filters.clone(),
            or_niches: or_niche.into_iter().collect(),
            exclude_ids: Vec::new(),
            sort: match self.sort {
                SearchSort::Relevance => IndexSort::Relevance,
                SearchSort::Followers => IndexSort::Followers,
                SearchSort::Engagement => IndexSort::EngagementRate,
                SearchSort::Growth => IndexSort::Growth(growth_period),
            },
            facets: true,
            offset,
            limit,
            // Ranking reads fast fields (and the audience estimate for an audience target);
            // the hits shown are completed with the rest afterwards.
            detail: if self.audience.is_some() {
                HitDetail::RankingWithAudience
            } else {
                HitDetail::Ranking
            },
        }
    }
}

/// Candidates a relevance search re-ranks for a page of `limit`: fixed per page size, so
/// that the pages of one query cut one ranking.
fn relevance_pool(limit: usize) -> usize {
    MIN_CANDIDATES.max(limit * 10)
}

/// The niche whose creators join a text query's matches: the classifier's likeliest reading
/// of the text when confident, for queries with text that name no niche themselves.
fn expansion_niche(query: &SearchQuery, query_niches: Option<&NicheScores>) -> Option<Niche> {
    query_niches
        .filter(|_| query.niches.is_empty() && query.index_text.is_some())
        .and_then(|scores| {
            scores
                .probabilities
                .iter()
                .filter(|(_, probability)| *probability >= QUERY_NICHE_CONFIDENCE)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(niche, _)| *niche)
        })
}

/// The classifier's reading of a query's words (`None` when it reads no niche) weighed
/// against the niches of the query's best text `matches` (pseudo-relevance feedback, see
/// [`niche::with_feedback`]); words the classifier reads no niche into ("science explained
/// simply") take the niche their matches agree on, when they agree.
fn corrected_reading(reading: Option<&NicheScores>, matches: &[IndexHit]) -> Option<NicheScores> {
    let mix = niche::matches_niche_mix(
        matches
            .iter()
            .filter_map(|hit| Some((hit.bm25, hit.niche_scores.as_ref()?))),
    );
    let corrected = match reading {
        Some(reading) => Some(niche::with_feedback(reading, mix.as_ref())),
        None => mix.as_ref().and_then(niche::reading_from_matches),
    };
    tracing::debug!(?reading, ?mix, ?corrected, "query niches");
    corrected
}

/// The flat parameter behind a search error's field, which names the JSON path of a
/// `POST /v1/search` body: `creator.countries[1]` is `country[1]` (`GET /v1/search`'s
/// parameter and, without the index, `scout search --country`); a range's order error names
/// its minimum.
pub fn flat_parameter(field: &str) -> String {
    let (path, index) = match field.find('[') {
        Some(at) => field.split_at(at),
        None => (field, ""),
    };
    let parameter = match path {
        "query" => "q",
        "followers" => "min_followers",
        "engagement_rate" | "engagement_rate.min" => "min_engagement_rate",
        "engagement_rate.max" => "max_engagement_rate",
        "growth.min" => "min_growth",
        "creator.countries" => "country",
        "creator.languages" => "language",
        "hashtags" => "hashtag",
        "mentions" => "mention",
        other => other,
    };
    format!("{parameter}{index}")
}

/// Checks hashtags or mentions: each non-empty and short once normalised.
fn checked_names(
    items: Vec<String>,
    field: &str,
    normalise: fn(&str) -> String,
) -> Result<Vec<String>, PipelineError> {
    items
        .iter()
        .enumerate()
        .map(|(position, item)| {
            let normalised = normalise(item);
            if normalised.is_empty() || normalised.chars().count() > 100 {
                return Err(PipelineError::invalid(
                    format!("{field}[{position}]"),
                    "must be 1 to 100 characters besides a leading # or @",
                ));
            }
            Ok(normalised)
        })
        .collect()
}

fn checked_codes(
    items: Vec<String>,
    field: &str,
    valid: impl Fn(&str) -> bool,
) -> Result<Vec<String>, PipelineError> {
    let mut codes = items
        .into_iter()
        .enumerate()
        .map(|(position, code)| {
            if valid(&code) {
                Ok(code)
            } else {
                Err(PipelineError::invalid(
                    format!("{field}[{position}]"),
                    format!("{code:?} is not a two-letter code"),
                ))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    sort_dedup(&mut codes);
    Ok(codes)
}

fn sort_dedup(items: &mut Vec<String>) {
    items.sort();
    items.dedup();
}

/// Checks an audience target (a brief's, scored rather than filtered) item by item; errors
/// name `audience.<dimension>[i].<key field>` as a filter's do. A target may say more than a
/// filter: country and language codes joined with `+` (their shares add up) and any age range.
fn checked_audience_target(target: &AudienceTarget) -> Result<(), PipelineError> {
    let share = |path: &str, min_share: f64| {
        if min_share.is_finite() && (0.0..=1.0).contains(&min_share) {
            Ok(())
        } else {
            Err(PipelineError::invalid(
                format!("{path}.min_share"),
                "must be between 0 and 1",
            ))
        }
    };
    let coded = [
        (
            "audience.countries",
            &target.countries,
            AudienceDimension::Country,
            "an ISO-3166 alpha-2 code",
        ),
        (
            "audience.languages",
            &target.languages,
            AudienceDimension::Language,
            "an ISO-639-1 code",
        ),
    ];
    for (list, items, dimension, expected) in coded {
        for (position, (code, min_share)) in items.iter().enumerate() {
            let path = format!("{list}[{position}]");
            share(&path, *min_share)?;
            if code
                .split('+')
                .any(|part| dimension.key_code(part).is_none())
            {
                return Err(PipelineError::invalid(
                    format!("{path}.code"),
                    format!("{code:?} is not {expected} (or such codes joined with +)"),
                ));
            }
        }
    }
    // Ages and gender: the models' own check, one item at a time.
    let one_item = |single: AudienceTarget, field: String| {
        single
            .validate()
            .map_err(|error| PipelineError::invalid(field, error.to_string()))
    };
    for (position, (range, min_share)) in target.ages.iter().enumerate() {
        let path = format!("audience.ages[{position}]");
        share(&path, *min_share)?;
        let single = AudienceTarget {
            ages: vec![(range.clone(), *min_share)],
            ..AudienceTarget::default()
        };
        one_item(single, format!("{path}.range"))?;
    }
    if let Some((code, min_share)) = &target.gender {
        share("audience.gender", *min_share)?;
        let single = AudienceTarget {
            gender: Some((code.clone(), *min_share)),
            ..AudienceTarget::default()
        };
        one_item(single, "audience.gender.code".to_string())?;
    }
    target
        .validate()
        .map_err(|error| PipelineError::invalid("audience", error.to_string()))
}

/// Checks one audience filter; errors name `audience.<dimension>[i].<key field>`.
fn checked_audience_filter(filter: AudienceFilterParts) -> Result<AudienceFilter, PipelineError> {
    let (list, key_field, expected) = match filter.dimension {
        AudienceDimension::Country => ("audience.countries", "code", "an ISO-3166 alpha-2 code"),
        AudienceDimension::Language => ("audience.languages", "code", "an ISO-639-1 code"),
        AudienceDimension::Age => (
            "audience.ages",
            "range",
            "an age range of whole buckets: 13-17, 18-24, 25-34, 35-44, 45-54, 55+ or a span such as 18-34 or 35+",
        ),
        AudienceDimension::Gender => ("audience.gender", "code", "female, male or other"),
    };
    let path = |position: usize, part: &str| {
        if filter.dimension == AudienceDimension::Gender {
            format!("{list}.{part}")
        } else {
            format!("{list}[{position}].{part}")
        }
    };
    let mut items = Vec::with_capacity(filter.items.len());
    for (position, (key, min_share)) in filter.items.into_iter().enumerate() {
        if filter.dimension.key_code(&key).is_none() {
            return Err(PipelineError::invalid(
                path(position, key_field),
                format!("{key:?} is not {expected} (one value per item: list alternatives as separate items)"),
            ));
        }
        if !(min_share.is_finite() && (MIN_AUDIENCE_SHARE..=1.0).contains(&min_share)) {
            return Err(PipelineError::invalid(
                path(position, "min_share"),
                format!("must be between {MIN_AUDIENCE_SHARE} and 1"),
            ));
        }
        items.push(AudienceShare {
            key: key.trim().to_string(),
            min_share,
        });
    }
    Ok(AudienceFilter {
        dimension: filter.dimension,
        items,
    })
}

/// A ranked page of creators.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// Creators matching the text and filters: exact.
    pub total: usize,
    pub results: Vec<RankedCreator>,
    /// Counts over every match (not only this page) per platform, niche, tier, creator
    /// country and creator language.
    pub facets: IndexFacets,
    pub sort: SearchSort,
    pub offset: usize,
    pub limit: usize,
    /// The cursor of the next page, `None` on the last one.
    pub next_cursor: Option<String>,
    /// The niches read into the query text, when it named none itself.
    pub query_niches: Vec<NicheProbability>,
    pub took_ms: f64,
    pub model_version: Option<String>,
}

/// One result with its score, the score's parts and the evidence behind them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RankedCreator {
    pub id: CreatorId,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub profile_url: String,
    /// The profile picture's URL as the source published it.
    pub avatar_url: Option<String>,
    pub followers: Option<u64>,
    pub tier: Option<Tier>,
    pub engagement_rate: Option<f64>,
    pub niches: Vec<NicheProbability>,
    pub score: f64,
    pub breakdown: ScoreBreakdown,
    pub evidence: Evidence,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NicheProbability {
    pub niche: Niche,
    pub probability: f32,
}

/// Why a creator ranks where it does: the posts and hashtags that matched the query, the
/// niche probabilities behind niche fit, and how engagement was measured.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Evidence {
    /// Up to 3 of the newest posts holding the most query terms.
    pub posts: Vec<EvidencePost>,
    /// Up to 10 hashtags holding a query term, from the posts read for evidence (the newest,
    /// up to the third that holds every term), sorted.
    pub hashtags: Vec<String>,
    pub niche_fit: Option<String>,
    pub engagement: Option<String>,
    /// The audience estimate's shares behind audience match, with its sample size.
    pub audience: Option<String>,
    /// The credibility score's method and reasons.
    pub credibility: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvidencePost {
    pub url: String,
    pub published_at: Option<DateTime<Utc>>,
    pub text: String,
    pub matched_terms: Vec<String>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub shares: Option<u64>,
}

/// Everything a query needs, opened once and shared by the server's requests.
pub struct SearchService {
    data: DataDir,
    index: SearchIndex,
    store_path: PathBuf,
    models: Option<(ModelBundle, Manifest)>,
    /// The learned ranker searches use now; feedback swaps it (`pipeline::feedback`).
    learned: RwLock<Option<Arc<LearnedRanker>>>,
    /// Taken by whoever changes `learned`, so changes apply one after the other.
    learned_updates: Mutex<()>,
    /// What feedback's ranker updates are logged under (`pipeline::feedback`).
    ranker_base: String,
    /// Pairs the update log holds before it is compacted.
    ranker_log_bound: usize,
    /// Counts the changes of `learned`: answers computed before one are stale.
    ranker_version: AtomicU64,
    /// Answers of recent searches (`pipeline::search_cache`).
    cache: SearchCache,
    /// Read-only store connections searches read their results' posts with.
    readers: StorePool,
}

impl SearchService {
    /// Opens the index, and the newest models when there are any, for one-off searches,
    /// evaluation and benchmarks: a segment's tables are read by the first search that
    /// meets it.
    pub fn open(data: &DataDir) -> Result<SearchService, PipelineError> {
        SearchService::open_with(data, false)
    }

    /// [`SearchService::open`] for a server: the segments a reload brings (after `scout
    /// index`, a crawl) have their tables read before searches see them, not by the first
    /// search that meets them (see `SearchIndexOptions::warm_segments`). tantivy keeps one
    /// clean-up thread per such reader for the life of the process.
    pub fn open_serving(data: &DataDir) -> Result<SearchService, PipelineError> {
        SearchService::open_with(data, true)
    }

    fn open_with(data: &DataDir, warm_segments: bool) -> Result<SearchService, PipelineError> {
        let store_path = data.store_path();
        if !store_path.exists() {
            return Err(PipelineError::invalid(
                "data",
                format!(
                    "no store at {}: run `scout crawl` then `scout index` first",
                    store_path.display()
                ),
            ));
        }
        let models = ModelBundle::load_latest(&data.models_dir())?;
        // The version's learned ranker with the feedback logged since replayed on top.
        let learned = crate::pipeline::feedback::load_learned_ranker(data, models.as_ref())?;
        Ok(SearchService {
            data: data.clone(),
            index: SearchIndex::open_or_create_with(
                &data.index_dir(),
                SearchIndexOptions {
                    warm_segments,
                    ..SearchIndexOptions::default()
                },
            )?,
            store_path,
            models,
            learned: RwLock::new(learned.ranker.map(Arc::new)),
            learned_updates: Mutex::new(()),
            ranker_base: learned.base,
            ranker_log_bound: crate::pipeline::feedback::RANKER_LOG_BOUND,
            ranker_version: AtomicU64::new(0),
            // Off until a server asks for it: one-off searches, evaluation and benchmarks
            // measure every search.
            cache: SearchCache::new(0),
            readers: StorePool::new(data.store_path()),
        })
    }

    /// The service with room for `capacity` cached answers (0: no cache).
    pub fn with_search_cache(mut self, capacity: usize) -> SearchService {
        self.cache = SearchCache::new(capacity);
        self
    }

    /// How the answer cache has done since the service opened.
    pub fn search_cache_stats(&self) -> CacheStats {
        self.cache.stats()
    }

    /// Forgets every cached answer: after a change searches must see at once, such as a
    /// creator removed from the store and the index.
    pub fn clear_search_cache(&self) {
        self.cache.clear();
    }

    /// The service with the ranker update log compacted past `bound` pairs (default
    /// [`crate::pipeline::RANKER_LOG_BOUND`]).
    pub fn with_ranker_log_bound(mut self, bound: usize) -> SearchService {
        self.ranker_log_bound = bound;
        self
    }

    /// The key feedback's ranker updates are logged under: model version and starting ranker.
    pub fn ranker_base(&self) -> &str {
        &self.ranker_base
    }

    /// Pairs the ranker update log holds before it is compacted.
    pub fn ranker_log_bound(&self) -> usize {
        self.ranker_log_bound
    }

    /// The learned ranker searches use now (`None`: the fixed blend).
    pub fn learned_ranker(&self) -> Option<Arc<LearnedRanker>> {
        self.learned
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Changes the learned ranker: `change` gets the current one and returns the next (or
    /// `None` to keep it), which every search uses from then on. Changes run one at a time,
    /// in the order they take their turn; searches are not held up while `change` runs.
    pub fn update_learned_ranker<E>(
        &self,
        change: impl FnOnce(Option<&LearnedRanker>) -> Result<Option<LearnedRanker>, E>,
    ) -> Result<(), E> {
        let _turn = self
            .learned_updates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let current = self.learned_ranker();
        if let Some(next) = change(current.as_deref())? {
            *self.learned.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(next));
            self.ranker_version.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

    /// The fixed blend's weights: the model version's, else the defaults.
    pub fn fixed_weights(&self) -> RankerWeights {
        self.models
            .as_ref()
            .map(|(bundle, _)| bundle.ranker.clone())
            .unwrap_or_default()
    }

    pub fn manifest(&self) -> Option<&Manifest> {
        self.models.as_ref().map(|(_, manifest)| manifest)
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The data directory the service reads.
    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// Opens a read-only store connection for one request.
    pub fn store(&self) -> Result<Store, PipelineError> {
        Ok(Store::open_read_only(&self.store_path)?)
    }

    /// Runs a search and explains every result.
    ///
    /// The matches are the creators passing every filter whose text matches — joined, when
    /// the query names no niche and the classifier reads one into its text, by that niche's
    /// creators (see `relevance_candidates`); `total` and the facets count them exactly.
    /// Relevance re-ranks the candidates with the models (max(200, 10 × limit) from the
    /// text and as many from the niche), then the following matches a block of the same size
    /// at a time; the other sorts are the index's order over every match.
    ///
    /// Answers are cached (`pipeline::search_cache`): the same query under the same index
    /// commit and ranker gets the same answer, with `took_ms` of this call.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, PipelineError> {
        if !self.cache.is_on() {
            return self.search_uncached(query);
        }
        let started = Instant::now();
        // Taken before searching: the answer is at least as new as the stamp it is kept under.
        let (stamp, key) = self.cache_key(query);
        let answer = match self.cache.get(stamp, &key) {
            Some(answer) => answer,
            None => {
                let answer = Arc::new(self.search_uncached(query)?);
                self.cache.put(stamp, key, Arc::clone(&answer));
                answer
            }
        };
        Ok(timed(&answer, started))
    }

    /// The cached answer to `query`, if there is one: cheap enough to ask on an async
    /// thread before handing the search to a blocking one.
    pub fn cached_search(&self, query: &SearchQuery) -> Option<SearchResults> {
        if !self.cache.is_on() {
            return None;
        }
        let started = Instant::now();
        let (stamp, key) = self.cache_key(query);
        let answer = self.cache.get(stamp, &key)?;
        Some(timed(&answer, started))
    }

    fn cache_key(&self, query: &SearchQuery) -> (Stamp, String) {
        let stamp = Stamp {
            index_generation: self.index.generation(),
            ranker_version: self.ranker_version.load(Ordering::SeqCst),
        };
        (stamp, format!("{query:?}"))
    }

    fn search_uncached(&self, query: &SearchQuery) -> Result<SearchResults, PipelineError> {
        let started = Instant::now();
        let now = Utc::now();
        let page_end = query.offset + query.limit;
        let mut query_niches = self.query_niches(query);
        let mut expansion = expansion_niche(query, query_niches.as_ref());
        let pool = relevance_pool(query.limit);
        // The passes of this search share the bit sets their audience filters read.
        let sets = Arc::new(FilterSets::default());
        let (first, extras) = if query.sort == SearchSort::Relevance {
            // The text's own matches first; the niche the text reads as joins them after.
            let corrects = query.niches.is_empty() && query.index_text.is_some();
            let text_query = query.index_query(0, pool, now, None);
            let (text, matched) = if corrects {
                let (text, matched) = self.index.search_keeping_matches(&text_query, &sets)?;
                (text, Some(matched))
            } else {
                (self.index.search_sharing(&text_query, &sets)?, None)
            };
            // The classifier's reading of the words is corrected by what they match, which
            // may move the likeliest niche.
            if corrects {
                let corrected = corrected_reading(query_niches.as_ref(), &text.hits);
                expansion = expansion_niche(query, corrected.as_ref());
                query_niches = corrected;
            }
            self.relevance_candidates(query, pool, now, expansion, text, matched, &sets)?
        } else {
            let page = query.index_query(query.offset, query.limit, now, expansion);
            (self.index.search_sharing(&page, &sets)?, 0)
        };
        let total = first.total;
        let facets = first.facets.clone().unwrap_or_default();
        let holds_no_term = HoldsNoTerm::new(query, &first, extras, pool);

        let weights = self
            .models
            .as_ref()
            .map(|(bundle, _)| bundle.ranker.clone())
            .unwrap_or_default();
        let user_weights = query.weights.is_some();
        let ranker = Ranker::new(query.weights.clone().unwrap_or(weights));
        // Text relevance is relative to the best BM25 of the first candidates on every page.
        let max_bm25 = first
            .hits
            .iter()
            .map(|hit| hit.bm25)
            .fold(0.0_f32, f32::max);
        let learned = self.learned_ranker();
        let score_hit = |hit: IndexHit| {
            let signals = signals_for(&hit, query, query_niches.as_ref(), max_bm25);
            let ranked = match learned.as_deref() {
                Some(learned) if !user_weights => learned.score(&signals),
                _ => ranker.score(&signals),
            };
            (ranked.score, ranked.breakdown, hit)
        };

        let mut scored = if query.sort == SearchSort::Relevance {
            // Relevance is cut into blocks re-ranked on their own: first the candidates (the
            // index's best `pool` and the niche's extras), then the index's next `pool` at a
            // time without those extras. Block bounds depend on the page size only, so the
            // pages of one query cut one order and reach every match.
            let rank_block = |hits: Vec<IndexHit>| {
                let mut block: Vec<(f64, ScoreBreakdown, IndexHit)> =
                    hits.into_iter().map(score_hit).collect();
                block.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.id.cmp(&b.2.id)));
                block
            };
            let first_len = first.hits.len();
            let extra_ids: Vec<CreatorId> = first.hits[first_len - extras..]
                .iter()
                .map(|hit| hit.id.clone())
                .collect();
            let mut page = Vec::with_capacity(query.limit);
            let mut take_overlap = |block: Vec<(f64, ScoreBreakdown, IndexHit)>, start: usize| {
                let skip = query.offset.saturating_sub(start);
                let end = page_end.min(start + block.len());
                let count = end.saturating_sub(start + skip);
                page.extend(block.into_iter().skip(skip).take(count));
            };
            if query.offset < first_len {
                take_overlap(rank_block(first.hits), 0);
            }
            let rest = total.saturating_sub(extras);
            let (mut block_start, mut rest_offset) = (first_len, pool);
            while block_start < page_end && rest_offset < rest {
                let block_len = pool.min(rest - rest_offset);
                if block_start + block_len > query.offset {
                    let mut next = query.index_query(rest_offset, pool, now, expansion);
                    next.exclude_ids = extra_ids.clone();
                    next.facets = false;
                    let block = self.index.search_sharing(&next, &sets)?.hits;
                    take_overlap(rank_block(block), block_start);
                }
                block_start += block_len;
                rest_offset += pool;
            }
            page
        } else {
            first.hits.into_iter().map(score_hit).collect()
        };

        // The hits shown get their stored model outputs (the reasons behind credibility,
        // the audience estimate) for the evidence.
        self.index
            .complete_hits(scored.iter_mut().map(|(_, _, hit)| hit))?;
        let store = self.readers.take()?;
        // One analysis of the query for the whole page: each distinct word of the shown
        // creators' posts and hashtags is analysed once.
        let mut query_terms = self
            .index
            .query_terms(query.index_text.as_deref().unwrap_or_default());
        let mut results = Vec::with_capacity(scored.len());
        for (score, breakdown, hit) in &scored {
            // A creator deleted between indexing and now is skipped, not an error.
            let Some(creator) = store.creator_profile(&hit.id)? else {
                continue;
            };
            // Only the posts the index searched can hold evidence (no audience sample, no
            // older posts), and only until enough of them hold every term.
            let mut scan = EvidenceScan::new(&mut query_terms);
            if scan.wants_posts() && !holds_no_term.of(hit) {
                store.visit_recent_posts(&hit.id, EVIDENCE_SCAN_POSTS, |post| scan.add(post))?;
            }
            let (posts, hashtags) = scan.finish();
            results.push(self.explain(creator, hit, *score, breakdown.clone(), posts, hashtags));
        }

        Ok(SearchResults {
            total,
            results,
            facets,
            sort: query.sort,
            offset: query.offset,
            limit: query.limit,
            next_cursor: (page_end < total && page_end <= MAX_OFFSET)
                .then(|| query.cursor_at(page_end)),
            query_niches: query_niches
                .map(|scores| probabilities(&scores, QUERY_NICHE_CONFIDENCE))
                .unwrap_or_default(),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            model_version: self
                .manifest()
                .map(|manifest| manifest.model_version.clone()),
        })
    }

    /// The candidates a relevance-ranked search re-ranks: BM25's best `pool` under the
    /// filters, joined (when the query names no niche itself) by up to `pool` creators the
    /// classifier puts in the query text's likeliest niche, under the same filters. A brief
    /// in words the creators do not use (another language, a synonym) still reaches the
    /// niche's creators; niche fit, audience and credibility then rank them. Creators found
    /// only through their niche have no text relevance (BM25 0). The total and facets count
    /// the text's matches and the niche's creators together.
    ///
    /// `text` is the search of the text alone (its best `pool`, total and facets) and
    /// `matched` its matches: the niche's creators beyond them are counted on their own
    /// (`SearchIndex::search_beyond`), so the text is searched once whichever niche joins
    /// it. The candidates are what one search for the text or the niche would give: its
    /// total, its facets and its best `pool` (the text's matches, then niche-only creators
    /// by id, at BM25 0).
    #[allow(clippy::too_many_arguments)]
    fn relevance_candidates(
        &self,
        query: &SearchQuery,
        pool: usize,
        now: DateTime<Utc>,
        expansion: Option<Niche>,
        text: scout_index::IndexSearchResult,
        matched: Option<MatchedDocs>,
        sets: &Arc<FilterSets>,
    ) -> Result<(scout_index::IndexSearchResult, usize), PipelineError> {
        let (Some(niche), Some(matched)) = (expansion, matched) else {
            return Ok((text, 0));
        };
        let mut candidates = text;
        let mut beyond =
            query.index_query(0, pool.saturating_sub(candidates.hits.len()), now, None);
        beyond.text = None;
        beyond.niches = vec![niche];
        let niche_only = self.index.search_beyond(&beyond, &matched, sets)?;
        candidates.total += niche_only.total;
        candidates.facets = match (candidates.facets, niche_only.facets) {
            (Some(text), Some(niche)) => Some(text.merged(niche)),
            (text, niche) => text.or(niche),
        };
        candidates.hits.extend(niche_only.hits);
        let mut by_niche = query.index_query(0, pool, now, None);
        by_niche.text = None;
        by_niche.niches = vec![niche];
        by_niche.facets = false;
        // The niche's creators that the text found too are dropped: only the others need
        // their audience estimate read (a stored document decoded per creator).
        let audience = by_niche.detail == HitDetail::RankingWithAudience;
        by_niche.detail = HitDetail::Ranking;
        let in_niche = self.index.search_sharing(&by_niche, sets)?;
        let seen: HashSet<CreatorId> = candidates.hits.iter().map(|hit| hit.id.clone()).collect();
        let before = candidates.hits.len();
        candidates.hits.extend(
            in_niche
                .hits
                .into_iter()
                .filter(|hit| !seen.contains(&hit.id))
                .map(|hit| IndexHit { bm25: 0.0, ..hit }),
        );
        if audience {
            self.index
                .complete_audience(candidates.hits[before..].iter_mut())?;
        }
        let extras = candidates.hits.len() - before;
        Ok((candidates, extras))
    }

    /// The niche distribution niche fit compares against: the query's explicit niches, else
    /// the classifier's reading of its text when it is confident enough.
    fn query_niches(&self, query: &SearchQuery) -> Option<NicheScores> {
        if !query.niches.is_empty() {
            return Some(NicheScores {
                probabilities: query.niches.iter().map(|niche| (*niche, 1.0)).collect(),
            });
        }
        let (bundle, _) = self.models.as_ref()?;
        let scores = bundle.niche.predict_text(query.text.as_deref()?);
        let confident = scores
            .probabilities
            .iter()
            .any(|(_, probability)| *probability >= QUERY_NICHE_CONFIDENCE);
        confident.then_some(scores)
    }

    fn explain(
        &self,
        creator: Creator,
        hit: &IndexHit,
        score: f64,
        breakdown: ScoreBreakdown,
        posts: Vec<EvidencePost>,
        hashtags: Vec<String>,
    ) -> RankedCreator {
        let breakdown_audience = breakdown.audience_match;
        let niches = shown_niches(hit);
        let niche_fit = breakdown.niche_fit.map(|fit| {
            let named: Vec<String> = niches
                .iter()
                .take(3)
                .map(|entry| format!("{} {:.2}", entry.niche, entry.probability))
                .collect();
            format!(
                "niche fit {fit:.2} from the classifier's niche probabilities ({}) against the query's niches",
                named.join(", ")
            )
        });
        let engagement = hit.engagement_rate.map(|rate| {
            let tier = creator.followers.map(Tier::from_followers);
            let expected = tier.map(|tier| engagement::expected_engagement_rate(creator.platform, tier));
            match (tier, expected) {
                (Some(tier), Some(expected)) => format!(
                    "median engagement rate {:.2}% over recent posts vs {:.2}% expected for a {tier} {} creator",
                    rate * 100.0,
                    expected * 100.0,
                    creator.platform
                ),
                _ => format!("median engagement rate {:.2}% over recent posts", rate * 100.0),
            }
        });
        RankedCreator {
            tier: creator.followers.map(Tier::from_followers),
            id: creator.id,
            platform: creator.platform,
            handle: creator.handle,
            display_name: creator.display_name,
            profile_url: creator.profile_url,
            avatar_url: creator.avatar_url,
            followers: creator.followers,
            engagement_rate: hit.engagement_rate,
            niches,
            score,
            breakdown,
            evidence: Evidence {
                posts,
                hashtags,
                niche_fit,
                engagement,
                audience: audience_evidence(hit, breakdown_audience),
                credibility: credibility_evidence(hit),
            },
            provenance: creator.provenance,
        }
    }
}

/// Which hits of a relevance search matched through their niche alone, so that no field of
/// theirs holds a query term and their posts need not be read for evidence. The index asks
/// for `text OR in niche` with the niche part scoring 0, so text matches score above 0 (BM25
/// of any matched term is positive) and outrank every creator found through the niche alone,
/// which scores exactly 0: a hit scoring 0 holds no term. Except a niche extra (added after
/// the index's best `pool`) when that pool was all text matches: the text may match more
/// creators than the pool held, and an extra can be one of them.
struct HoldsNoTerm {
    relevance: bool,
    /// Extras that may hold a term (all extras, when the pool was all text matches).
    maybe_matching: HashSet<CreatorId>,
}

impl HoldsNoTerm {
    fn new(
        query: &SearchQuery,
        first: &scout_index::IndexSearchResult,
        extras: usize,
        pool: usize,
    ) -> HoldsNoTerm {
        let relevance = query.sort == SearchSort::Relevance;
        let (text_hits, extra_hits) = first.hits.split_at(first.hits.len() - extras);
        let pool_had_every_match =
            text_hits.len() < pool || text_hits.last().is_some_and(|hit| hit.bm25 == 0.0);
        let maybe_matching = if relevance && !pool_had_every_match {
            extra_hits.iter().map(|hit| hit.id.clone()).collect()
        } else {
            HashSet::new()
        };
        HoldsNoTerm {
            relevance,
            maybe_matching,
        }
    }

    /// Whether `hit` certainly holds no query term.
    fn of(&self, hit: &IndexHit) -> bool {
        self.relevance && hit.bm25 == 0.0 && !self.maybe_matching.contains(&hit.id)
    }
}

/// Idle read-only store connections a service keeps: about one per search running at once.
const MAX_IDLE_READERS: usize = 8;

/// Read-only store connections kept between searches: opening one (and checking the schema)
/// and preparing its statements anew cost more than the reads a page of results makes. A
/// connection reads what is committed when each statement starts, however long it is kept.
struct StorePool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl StorePool {
    fn new(path: PathBuf) -> StorePool {
        StorePool {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// An idle connection, else a new one; it comes back to the pool when dropped.
    fn take(&self) -> Result<PooledStore<'_>, PipelineError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let store = match idle {
            Some(store) => store,
            None => Store::open_read_only(&self.path)?,
        };
        Ok(PooledStore {
            store: Some(store),
            pool: self,
        })
    }

    /// Connections waiting to be taken.
    #[cfg(test)]
    fn idle(&self) -> usize {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// A connection taken from a [`StorePool`].
struct PooledStore<'p> {
    /// `Some` until dropped.
    store: Option<Store>,
    pool: &'p StorePool,
}

impl std::ops::Deref for PooledStore<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .expect("a pooled store is held until dropped")
    }
}

impl Drop for PooledStore<'_> {
    fn drop(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        let mut idle = self
            .pool
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(store);
        }
    }
}

/// A copy of a (cached) answer with `took_ms` since `started`.
fn timed(answer: &SearchResults, started: Instant) -> SearchResults {
    let mut results = answer.clone();
    results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
    results
}

/// The ranker's inputs for one candidate.
fn signals_for(
    hit: &IndexHit,
    query: &SearchQuery,
    query_niches: Option<&NicheScores>,
    max_bm25: f32,
) -> RankSignals {
    let text_relevance = if query.index_text.is_some() && max_bm25 > 0.0 {
        Some(f64::from(hit.bm25 / max_bm25))
    } else {
        None
    };
    let niche_fit = match (query_niches, hit.niche_scores.as_ref()) {
        (Some(query_scores), Some(creator_scores)) => {
            Some(ranker::niche_fit(query_scores, creator_scores))
        }
        _ => None,
    };
    // A brief with an audience target: a creator without any audience sample is matched by
    // the audience its platform and niches lead one to expect, with no confidence (the match
    // is the chance the target holds, so such a prior rarely reaches a narrow target).
    let audience_match = match (&query.audience, &hit.audience) {
        (Some(target), Some(estimate)) => Some(audience_match(estimate, target)),
        (Some(target), None) => {
            let prior =
                scout_models::audience::prior_estimate(hit.platform, hit.niche_scores.as_ref());
            Some(audience_match(&prior, target))
        }
        _ => None,
    };
    RankSignals {
        text_relevance,
        niche_fit,
        engagement: engagement::engagement_score(hit.engagement_rate, hit.followers, hit.platform),
        audience_match,
        credibility: hit.credibility_score,
    }
}

/// How audience match was measured: the estimate's leading shares and its sample size.
fn audience_evidence(hit: &IndexHit, audience_match: Option<f64>) -> Option<String> {
    let fit = audience_match?;
    let estimate = hit.audience.as_ref()?;
    let leading = |dimension: &scout_models::audience::DimensionEstimate| {
        let mut shares = dimension.shares.clone();
        shares.sort_by(|a, b| b.share.total_cmp(&a.share));
        shares
            .iter()
            .take(2)
            .map(|share| format!("{} {:.0}%", share.key, share.share * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "audience match {fit:.2} from {} sampled commenters: countries {}; ages {}; gender {}; languages {}",
        estimate.sample_size,
        leading(&estimate.country),
        leading(&estimate.age),
        leading(&estimate.gender),
        leading(&estimate.language)
    ))
}

/// How credibility was measured and why it is what it is.
fn credibility_evidence(hit: &IndexHit) -> Option<String> {
    let credibility = hit.credibility.as_ref()?;
    let reasons = if credibility.reasons.is_empty() {
        "no warning signs".to_string()
    } else {
        credibility.reasons.join("; ")
    };
    Some(format!(
        "credibility {:.2} from {} sampled commenters and the engagement pattern: {reasons}",
        credibility.score, credibility.sample_size
    ))
}

/// The niches a result shows: those the index assigned (what niche filters match, at the
/// classifier's calibrated threshold) and any other from 0.2 on, most probable first.
fn shown_niches(hit: &IndexHit) -> Vec<NicheProbability> {
    let Some(scores) = hit.niche_scores.as_ref() else {
        return Vec::new();
    };
    let mut entries: Vec<NicheProbability> = scores
        .probabilities
        .iter()
        .filter(|(niche, probability)| *probability >= 0.2 || hit.niches.contains(niche))
        .map(|(niche, probability)| NicheProbability {
            niche: *niche,
            probability: *probability,
        })
        .collect();
    entries.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    entries
}

fn probabilities(scores: &NicheScores, threshold: f32) -> Vec<NicheProbability> {
    let mut entries: Vec<NicheProbability> = scores
        .probabilities
        .iter()
        .filter(|(_, probability)| *probability >= threshold)
        .map(|(niche, probability)| NicheProbability {
            niche: *niche,
            probability: *probability,
        })
        .collect();
    entries.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    entries
}

/// A creator's full view for `GET /v1/creators/{id}`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatorView {
    #[serde(flatten)]
    pub creator: scout_models::Creator,
    pub tier: Option<Tier>,
    pub engagement_rate: Option<f64>,
    pub engagement_method: &'static str,
    pub niches: Vec<NicheProbability>,
    pub niche_method: Option<String>,
    pub recent_posts: Vec<Post>,
    pub audience_sample_size: usize,
    pub snapshots: Vec<scout_models::Snapshot>,
    /// The same person's accounts on other platforms (mutual `rel=me` / `sameAs` links), each
    /// with the links that prove it.
    pub linked_accounts: Vec<scout_index::LinkedAccount>,
}

impl SearchService {
    /// One creator with its metrics, recent posts and history; `None` when unknown.
    pub fn creator(&self, id: &CreatorId) -> Result<Option<CreatorView>, PipelineError> {
        let store = self.store()?;
        let Some(record) = store.creator(id)? else {
            return Ok(None);
        };
        let snapshots = store.snapshots(id)?;
        let linked_accounts = store.linked_accounts(id)?;
        let engagement_rate =
            engagement::robust_engagement_rate(record.creator.followers, &record.posts);
        let niche_scores = self.models.as_ref().map(|(bundle, _)| {
            bundle
                .niche
                .predict(&scout_models::NicheDocument::from_record(&record))
        });
        Ok(Some(CreatorView {
            tier: record.creator.followers.map(Tier::from_followers),
            engagement_rate,
            engagement_method: "median of (likes + comments + shares) / followers over the 30 most recent posts",
            niches: niche_scores
                .as_ref()
                .map(|scores| probabilities(scores, 0.05))
                .unwrap_or_default(),
            niche_method: self.manifest().map(|manifest| {
                format!(
                    "TF-IDF + one-vs-rest logistic regression, model {}, weakly labelled from the seed lexicon",
                    manifest.model_version
                )
            }),
            recent_posts: record.posts.into_iter().take(20).collect(),
            audience_sample_size: record.audience.len(),
            snapshots,
            linked_accounts,
            creator: record.creator,
        }))
    }
}

/// A creator's snapshot series for `GET /v1/creators/{id}/history`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatorHistory {
    pub id: CreatorId,
    pub snapshots: Vec<scout_models::Snapshot>,
    /// Where the counts come from.
    pub method: &'static str,
}

impl SearchService {
    /// The snapshots of one creator, oldest first; `None` when unknown.
    pub fn history(&self, id: &CreatorId) -> Result<Option<CreatorHistory>, PipelineError> {
        let store = self.store()?;
        let Some((_, snapshots)) = store.creator_with_history(id)? else {
            return Ok(None);
        };
        Ok(Some(CreatorHistory {
            id: id.clone(),
            snapshots,
            method: "one snapshot per crawl of the creator's public profile counters",
        }))
    }
}

/// Creators most like one creator, by niche probabilities and audience shares.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimilarCreators {
    pub id: CreatorId,
    pub results: Vec<SimilarCreator>,
    /// How similarity is measured.
    pub method: &'static str,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimilarCreator {
    pub id: CreatorId,
    pub platform: Platform,
    pub followers: Option<u64>,
    /// Cosine similarity of the two creators' vectors, in [0, 1].
    pub similarity: f32,
    pub niches: Vec<NicheProbability>,
}

/// Candidates compared per request: creators sharing one of the creator's niches.
const SIMILAR_CANDIDATES: usize = 500;

impl SearchService {
    /// The creators closest to `id` among those sharing one of its niches; `None` when the
    /// creator is unknown. Without trained models there are no niches to compare: empty.
    pub fn similar(
        &self,
        id: &CreatorId,
        limit: usize,
    ) -> Result<Option<SimilarCreators>, PipelineError> {
        if limit == 0 || limit > MAX_LIMIT {
            return Err(PipelineError::invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let store = self.store()?;
        let Some(record) = store.creator(id)? else {
            return Ok(None);
        };
        let method = "cosine similarity of niche probabilities and estimated audience shares";
        let Some((bundle, _)) = self.models.as_ref() else {
            return Ok(Some(SimilarCreators {
                id: id.clone(),
                results: Vec::new(),
                method,
            }));
        };
        let niches = bundle
            .niche
            .predict(&scout_models::NicheDocument::from_record(&record));
        let audience = (!record.audience.is_empty())
            .then(|| scout_models::estimate_audience(&record.audience));
        let no_terms: [&str; 0] = [];
        let target = scout_models::similar::creator_vector(&niches, audience.as_ref(), &no_terms);
        let candidates = self.index.search(&IndexQuery {
            niches: niches.top(0.3),
            limit: SIMILAR_CANDIDATES,
            detail: HitDetail::RankingWithAudience,
            ..IndexQuery::default()
        })?;
        let mut results: Vec<SimilarCreator> = candidates
            .hits
            .iter()
            .filter(|hit| hit.id != *id)
            .filter_map(|hit| {
                let scores = hit.niche_scores.as_ref()?;
                let vector =
                    scout_models::similar::creator_vector(scores, hit.audience.as_ref(), &no_terms);
                Some(SimilarCreator {
                    id: hit.id.clone(),
                    platform: hit.platform,
                    followers: hit.followers,
                    similarity: scout_models::similar::cosine(&target, &vector).clamp(0.0, 1.0),
                    niches: shown_niches(hit),
                })
            })
            .collect();
        results.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then_with(|| a.id.cmp(&b.id))
        });
        results.truncate(limit);
        Ok(Some(SimilarCreators {
            id: id.clone(),
            results,
            method,
        }))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use scout_models::CreatorRecord;

    use super::*;

    fn record(handle: &str) -> CreatorRecord {
        let id = CreatorId::new(Platform::Mastodon, &format!("{handle}@social.example"));
        CreatorRecord {
            creator: Creator {
                id,
                platform: Platform::Mastodon,
                handle: handle.into(),
                display_name: None,
                bio: Some("Coach".into()),
                profile_url: format!("https://social.example/@{handle}"),
                avatar_url: None,
                links: vec![],
                followers: Some(1_000),
                following: Some(10),
                post_count: Some(0),
                location: None,
                languages: vec![],
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: "https://social.example/api".into(),
                    fetched_at: Utc.with_ymd_and_hms(2024, 5, 20, 0, 0, 0).unwrap(),
                    method: "test".into(),
                    content_hash: "h".into(),
                },
            },
            posts: vec![],
            audience: vec![],
        }
    }

    #[test]
    fn pooled_store_connections_are_reused_and_read_later_commits() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut writer = Store::open(&path).unwrap();
        let alice = record("alice");
        writer.upsert_records(&[(alice.clone(), None)]).unwrap();

        let pool = StorePool::new(path);
        assert_eq!(pool.idle(), 0);
        {
            let store = pool.take().unwrap();
            let read = store.creator_profile(&alice.creator.id).unwrap();
            assert_eq!(read, Some(alice.creator.clone()));
        }
        assert_eq!(pool.idle(), 1, "the connection comes back");

        // A creator committed after the kept connection was opened is read through it.
        let bob = record("bob");
        writer.upsert_records(&[(bob.clone(), None)]).unwrap();
        {
            let store = pool.take().unwrap();
            assert_eq!(pool.idle(), 0, "the kept connection is taken again");
            let read = store.creator_profile(&bob.creator.id).unwrap();
            assert_eq!(read, Some(bob.creator));
            // Two at once: a second connection is opened, and both come back.
            let other = pool.take().unwrap();
            assert!(other.creator_profile(&alice.creator.id).unwrap().is_some());
        }
        assert_eq!(pool.idle(), 2);
    }

    #[test]
    fn a_missing_store_is_an_error_not_a_panic() {
        let dir = tempfile::TempDir::new().unwrap();
        let pool = StorePool::new(dir.path().join("absent.sqlite"));
        assert!(pool.take().is_err());
        assert_eq!(pool.idle(), 0);
    }
}
