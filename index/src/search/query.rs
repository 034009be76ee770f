//! Queries over the index: free text scored with BM25, filters that only narrow.
//!
//! Text is parsed leniently over `handle`, `display_name`, `bio`, `posts` and `hashtags`
//! (terms OR'ed, so more matching terms rank higher; quotes make phrases, `AND`/`OR`/`NOT`,
//! `+term`/`-term` and `field:` scopes work); malformed syntax never errors. Every filter is
//! wrapped in a zero-score clause so it never changes the ranking: separate filters AND,
//! the values inside one filter OR. A query without text lists every document that passes the
//! filters, most followers first (unknown counts last), unless another sort is asked for.

use std::ops::Bound;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use scout_models::{AudienceEstimate, CreatorId, Credibility, Niche, NicheScores, Platform};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Explanation, Occur, Query,
    QueryParser, RangeQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocId, Score, SegmentReader, TantivyDocument, Term};

use super::audience::{share_permille, share_term, AudienceFilter};
use super::document::normalise_mention;
use super::hit_ids::IdTable;
use super::hits_audience::{AudienceColumn, ColumnAudience, AUDIENCE_FIELD};
use super::schema::{
    decode_niche_scores, normalise_country, normalise_hashtag, normalise_language, AudienceInsight,
    Fields, Insights, CREDIBILITY_FIELD, ENGAGEMENT_FIELD, FOLLOWERS_FIELD, ID_FIELD, NICHES_FIELD,
    NICHE_SCORES_FIELD, PLATFORM_FIELD,
};
use super::term_ranges::{FilterSets, TermRangesQuery};
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
    ("posts", 1.0),
    ("hashtags", 1.5),
];

/// The window follower growth is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GrowthPeriod {
    /// 30 days (`1m`).
    OneMonth,
    /// 90 days (`3m`).
    ThreeMonths,
    /// 180 days (`6m`).
    SixMonths,
}

impl GrowthPeriod {
    /// `1m`, `3m` or `6m`.
    pub fn as_str(self) -> &'static str {
        match self {
            GrowthPeriod::OneMonth => "1m",
            GrowthPeriod::ThreeMonths => "3m",
            GrowthPeriod::SixMonths => "6m",
        }
    }

    fn position(self) -> usize {
        match self {
            GrowthPeriod::OneMonth => 0,
            GrowthPeriod::ThreeMonths => 1,
            GrowthPeriod::SixMonths => 2,
        }
    }
}

impl std::str::FromStr for GrowthPeriod {
    type Err = String;

    /// Without regard to case (`3M` is `3m`).
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "1m" => Ok(GrowthPeriod::OneMonth),
            "3m" => Ok(GrowthPeriod::ThreeMonths),
            "6m" => Ok(GrowthPeriod::SixMonths),
            _ => Err(format!(
                "unknown period {:?}: expected 1m, 3m or 6m",
                raw.trim()
            )),
        }
    }
}

/// How hits are ordered. Every order but relevance is over all matches (exact at any depth);
/// ties are ordered by creator id (ascending), whatever the index's layout. Documents without
/// the value come last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IndexSort {
    /// BM25 for text queries, most followers first without text.
    #[default]
    Relevance,
    Followers,
    EngagementRate,
    Growth(GrowthPeriod),
}

/// What each hit of a search carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HitDetail {
    /// Everything: the audience estimate and credibility with its reasons too (decoded from
    /// the stored document of every hit).
    #[default]
    Full,
    /// What ranking reads, from fast fields alone (no stored document is read): `audience`
    /// and `credibility` are `None`, `credibility_score` is set.
    /// [`SearchIndex::complete_hits`](super::SearchIndex::complete_hits) fills in the rest
    /// for the hits that are shown.
    Ranking,
    /// [`HitDetail::Ranking`] and the audience estimate, for ranking against an audience
    /// target (`credibility` stays `None`): read from a fast field too, no stored document.
    RankingWithAudience,
}

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
    /// Drop creators in any of these niches.
    pub exclude_niches: Vec<Niche>,
    /// Keep creators whose credibility score is at least this (unscored ones fail).
    pub min_credibility: Option<f64>,
    /// Keep creators whose engagement rate is at least this (unknown rates fail).
    pub min_engagement_rate: Option<f64>,
    /// Keep creators whose engagement rate is at most this (unknown rates fail).
    pub max_engagement_rate: Option<f64>,
    /// Keep creators located in any of these countries (ISO-3166 alpha-2).
    pub countries: Vec<String>,
    /// Keep creators writing in any of these languages (ISO-639-1).
    pub languages: Vec<String>,
    /// Keep creators with (`true`) or without (`false`) a public contact e-mail.
    pub has_contact: Option<bool>,
    /// Keep creators with (`true`) or without (`false`) sponsored posts.
    pub has_sponsored_posts: Option<bool>,
    /// Keep creators whose newest post is at or after this time.
    pub posted_since: Option<DateTime<Utc>>,
    /// Keep creators whose follower growth over the period is at least this (`0.1` = +10%).
    pub min_growth: Option<(GrowthPeriod, f64)>,
    /// Keep creators who used any of these hashtags (without `#`).
    pub hashtags: Vec<String>,
    /// Keep creators who mentioned any of these accounts (without `@`).
    pub mentions: Vec<String>,
    /// Weighted audience filters, each a must (see [`AudienceFilter`]).
    pub audience: Vec<AudienceFilter>,
    /// With text: also match creators in any of these niches whose text does not match
    /// (they score 0, after every text match). Ignored without text.
    pub or_niches: Vec<Niche>,
    /// Leave these creators out (pages that continue past creators already shown).
    pub exclude_ids: Vec<CreatorId>,
    /// Order of the hits.
    pub sort: IndexSort,
    /// Count the facets of every match (platform, niche, tier, country, language).
    pub facets: bool,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Hits to return; 0 only counts.
    pub limit: usize,
    /// What each hit carries.
    pub detail: HitDetail,
}

impl Default for IndexQuery {
    fn default() -> Self {
        IndexQuery {
            text: None,
            platforms: Vec::new(),
            min_followers: None,
            max_followers: None,
            niches: Vec::new(),
            exclude_niches: Vec::new(),
            min_credibility: None,
            min_engagement_rate: None,
            max_engagement_rate: None,
            countries: Vec::new(),
            languages: Vec::new(),
            has_contact: None,
            has_sponsored_posts: None,
            posted_since: None,
            min_growth: None,
            hashtags: Vec::new(),
            mentions: Vec::new(),
            audience: Vec::new(),
            or_niches: Vec::new(),
            exclude_ids: Vec::new(),
            sort: IndexSort::Relevance,
            facets: false,
            offset: 0,
            limit: 20,
            detail: HitDetail::Full,
        }
    }
}

impl IndexQuery {
    /// Checks the parts that cannot be searched as given.
    pub(crate) fn validate(&self) -> Result<(), IndexError> {
        let invalid = |message: String| Err(IndexError::InvalidInput(message));
        if let (Some(min), Some(max)) = (self.min_followers, self.max_followers) {
            if min > max {
                return invalid(format!("min_followers {min} is above max_followers {max}"));
            }
        }
        for (name, value) in [
            ("min_engagement_rate", self.min_engagement_rate),
            ("max_engagement_rate", self.max_engagement_rate),
            ("min_credibility", self.min_credibility),
            ("min_growth", self.min_growth.map(|(_, min)| min)),
        ] {
            if value.is_some_and(|value| !value.is_finite()) {
                return invalid(format!("{name} is not a finite number"));
            }
        }
        for filter in &self.audience {
            for item in &filter.items {
                if filter.dimension.key_code(&item.key).is_none() {
                    return invalid(format!(
                        "{:?} is not an audience key of {:?}",
                        item.key, filter.dimension
                    ));
                }
                if !(item.min_share.is_finite() && (0.0..=1.0).contains(&item.min_share)) {
                    return invalid(format!("min_share {} is not in [0, 1]", item.min_share));
                }
            }
        }
        if self.limit > MAX_LIMIT {
            return invalid(format!(
                "limit {} is above the maximum of {MAX_LIMIT}",
                self.limit
            ));
        }
        if self.offset > MAX_OFFSET {
            return invalid(format!(
                "offset {} is above the maximum of {MAX_OFFSET}",
                self.offset
            ));
        }
        Ok(())
    }

    /// The fast field hits are ordered by, for every sort but text relevance.
    pub(crate) fn sort_field(&self) -> Option<&'static str> {
        match self.sort {
            IndexSort::Relevance => None,
            IndexSort::Followers => Some(super::schema::FOLLOWERS_FIELD),
            IndexSort::EngagementRate => Some(super::schema::ENGAGEMENT_FIELD),
            IndexSort::Growth(period) => Some(super::schema::GROWTH_FIELDS[period.position()]),
        }
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
    /// The audience estimate (`None` in hits read for ranking only, see [`HitDetail`]).
    pub audience: Option<AudienceEstimate>,
    /// Credibility with its reasons (`None` in hits read for ranking only).
    pub credibility: Option<Credibility>,
    /// The credibility score, in every hit (the score of `credibility` when that is read).
    pub credibility_score: Option<f64>,
}

/// A page of hits, how many documents matched in all and, when asked, their facet counts.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSearchResult {
    pub total: usize,
    pub hits: Vec<IndexHit>,
    pub facets: Option<IndexFacets>,
}

/// Counts of every match per value of each facet, largest first (ties by value). A creator
/// counts once per niche and language it has; creators without a value are not counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct IndexFacets {
    pub platform: Vec<FacetCount>,
    pub niche: Vec<FacetCount>,
    pub tier: Vec<FacetCount>,
    pub country: Vec<FacetCount>,
    pub language: Vec<FacetCount>,
}

/// One facet value and how many matches have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Each value's count, largest first, ties by value (the order of [`IndexFacets`]).
pub(crate) fn facet_counts(values: impl IntoIterator<Item = (String, u64)>) -> Vec<FacetCount> {
    let mut counts: Vec<FacetCount> = values
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    counts
}

/// The roots of the facet field, in [`IndexFacets`] order.
pub(crate) const FACET_ROOTS: [&str; 5] = ["platform", "niche", "tier", "country", "language"];

impl IndexFacets {
    /// The counts of `self`'s matches and `other`'s together, for two searches that matched
    /// no creator in common: each value's counts added, in the same order (largest first,
    /// ties by value).
    pub fn merged(self, other: IndexFacets) -> IndexFacets {
        let merge = |mine: Vec<FacetCount>, theirs: Vec<FacetCount>| {
            let mut counts: std::collections::HashMap<String, u64> = mine
                .into_iter()
                .map(|facet| (facet.value, facet.count))
                .collect();
            for facet in theirs {
                *counts.entry(facet.value).or_insert(0) += facet.count;
            }
            facet_counts(counts)
        };
        IndexFacets {
            platform: merge(self.platform, other.platform),
            niche: merge(self.niche, other.niche),
            tier: merge(self.tier, other.tier),
            country: merge(self.country, other.country),
            language: merge(self.language, other.language),
        }
    }

    /// Reads the counts of every root from a facet collector's fruit (the counts
    /// `facet_count` must equal, in its tests).
    #[cfg(test)]
    pub(crate) fn from_counts(counts: &tantivy::collector::FacetCounts) -> IndexFacets {
        let read = |root: &str| {
            let mut values: Vec<FacetCount> = counts
                .get(format!("/{root}").as_str())
                .map(|(facet, count)| FacetCount {
                    value: facet
                        .to_path()
                        .last()
                        .map(|segment| segment.to_string())
                        .unwrap_or_default(),
                    count,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            values
        };
        IndexFacets {
            platform: read(FACET_ROOTS[0]),
            niche: read(FACET_ROOTS[1]),
            tier: read(FACET_ROOTS[2]),
            country: read(FACET_ROOTS[3]),
            language: read(FACET_ROOTS[4]),
        }
    }
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
    Some(flat_disjunction(query))
}

/// `query` with every disjunction nested in a disjunction spread into one: the parser makes
/// `a b` over five fields a disjunction of two disjunctions of five terms, which tantivy
/// unions twice (each union buffering its own blocks, the outer one calling the inner ones
/// through a virtual call per match); one union of the ten terms, scored by the term
/// scorers themselves, matches the same documents with the same BM25 sum (added in another
/// order: equal up to the last bits of an `f32`). A query with nothing to spread is
/// returned as it is.
pub(crate) fn flat_disjunction(query: Box<dyn Query>) -> Box<dyn Query> {
    match query.downcast_ref::<BooleanQuery>() {
        Some(boolean)
            if is_disjunction(boolean)
                && boolean.clauses().iter().any(|(_, clause)| {
                    clause
                        .downcast_ref::<BooleanQuery>()
                        .is_some_and(is_disjunction)
                }) =>
        {
            let mut clauses = Vec::with_capacity(boolean.clauses().len() * FIELD_BOOSTS.len());
            push_disjuncts(boolean, &mut clauses);
            Box::new(FlatUnion(BooleanQuery::new(clauses)))
        }
        _ => query,
    }
}

/// A union [`flat_disjunction`] spread. It searches as its boolean query does, but is never
/// pruned (not by [`may_prune`], nor by a top-k collector): the query was several unions,
/// which tantivy scores match by match, and so it stays. Block-max WAND would add a
/// document's term scores in another order, with last bits that depend on where the index
/// keeps the document.
#[derive(Clone, Debug)]
pub(crate) struct FlatUnion(pub(super) BooleanQuery);

impl Query for FlatUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(UnprunedWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

/// A weight that visits every match even for a top-k collector: `for_each_pruning` is the
/// trait's own (the scorer's matches, one by one); everything else is the inner weight's.
struct UnprunedWeight(Box<dyn Weight>);

impl Weight for UnprunedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.0.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.0.for_each_no_score(reader, callback)
    }
}

/// A boolean query that matches what any of its clauses matches: every clause optional,
/// at least one of them, and at most one required to match.
fn is_disjunction(boolean: &BooleanQuery) -> bool {
    !boolean.clauses().is_empty()
        && boolean.get_minimum_number_should_match() <= 1
        && boolean
            .clauses()
            .iter()
            .all(|(occur, _)| *occur == Occur::Should)
}

/// The clauses of `disjunction`, those of nested disjunctions in their place.
fn push_disjuncts(disjunction: &BooleanQuery, into: &mut Vec<(Occur, Box<dyn Query>)>) {
    for (_, clause) in disjunction.clauses() {
        match clause.downcast_ref::<BooleanQuery>() {
            Some(inner) if is_disjunction(inner) => push_disjuncts(inner, into),
            _ => into.push((Occur::Should, clause.box_clone())),
        }
    }
}

/// `text OR (in one of niches)`, the niche part scoring 0.
pub(crate) fn text_or_niches(
    text: Box<dyn Query>,
    niches: &[Niche],
    fields: &Fields,
) -> Box<dyn Query> {
    if niches.is_empty() {
        return text;
    }
    let in_niches: Box<dyn Query> =
        Box::new(ConstScoreQuery::new(any_niche(fields.niches, niches), 0.0));
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, text),
        (Occur::Should, in_niches),
    ]))
}

/// The filter clauses of a query: `(Must | MustNot, clause)`; none scores.
/// Audience filters keep the bit sets they read in `sets`, when given, for the search's other
/// passes.
pub(crate) fn filter_queries(
    query: &IndexQuery,
    fields: &Fields,
    sets: Option<&Arc<FilterSets>>,
) -> Vec<(Occur, Box<dyn Query>)> {
    let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut must = |filter: Box<dyn Query>| filters.push((Occur::Must, filter));
    if !query.platforms.is_empty() {
        must(any_text(
            fields.platform,
            query.platforms.iter().map(|p| p.as_str().to_string()),
        ));
    }
    if !query.niches.is_empty() {
        must(any_niche(fields.niches, &query.niches));
    }
    if query.min_followers.is_some() || query.max_followers.is_some() {
        let bound = |value: Option<u64>| match value {
            Some(value) => Bound::Included(Term::from_field_u64(fields.followers, value)),
            None => Bound::Unbounded,
        };
        must(Box::new(RangeQuery::new(
            bound(query.min_followers),
            bound(query.max_followers),
        )));
    }
    if query.min_engagement_rate.is_some() || query.max_engagement_rate.is_some() {
        let bound = |value: Option<f64>| match value {
            Some(value) => Bound::Included(Term::from_field_f64(fields.engagement_rate, value)),
            None => Bound::Unbounded,
        };
        must(Box::new(RangeQuery::new(
            bound(query.min_engagement_rate),
            bound(query.max_engagement_rate),
        )));
    }
    if let Some(min) = query.min_credibility {
        must(at_least_f64(fields.credibility, min));
    }
    if !query.countries.is_empty() {
        must(any_text(
            fields.country,
            query.countries.iter().map(|code| normalise_country(code)),
        ));
    }
    if !query.languages.is_empty() {
        must(any_text(
            fields.languages,
            query.languages.iter().map(|code| normalise_language(code)),
        ));
    }
    if let Some(wanted) = query.has_contact {
        must(flag(fields.has_contact, wanted));
    }
    if let Some(wanted) = query.has_sponsored_posts {
        must(flag(fields.has_sponsored, wanted));
    }
    if let Some(since) = query.posted_since {
        must(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_i64(
                fields.last_posted_at,
                since.timestamp(),
            )),
            Bound::Unbounded,
        )));
    }
    if let Some((period, min)) = query.min_growth {
        let field = [fields.growth_1m, fields.growth_3m, fields.growth_6m][period.position()];
        must(at_least_f64(field, min));
    }
    if !query.hashtags.is_empty() {
        must(any_text(
            fields.hashtag,
            query.hashtags.iter().map(|tag| normalise_hashtag(tag)),
        ));
    }
    if !query.mentions.is_empty() {
        must(any_text(
            fields.mention,
            query
                .mentions
                .iter()
                .map(|mention| normalise_mention(mention)),
        ));
    }
    for filter in &query.audience {
        must(audience_clause(filter, fields.audience_share, sets));
    }
    if !query.exclude_ids.is_empty() {
        filters.push((
            Occur::MustNot,
            any_text(
                fields.id,
                query.exclude_ids.iter().map(|id| id.as_str().to_string()),
            ),
        ));
    }
    if !query.exclude_niches.is_empty() {
        filters.push((
            Occur::MustNot,
            any_niche(fields.niches, &query.exclude_niches),
        ));
    }
    filters
}

/// Documents holding any of `values` in a raw text field.
fn any_text(field: Field, values: impl Iterator<Item = String>) -> Box<dyn Query> {
    any_term(
        values
            .map(|value| Term::from_field_text(field, &value))
            .collect(),
    )
}

fn any_niche(field: Field, niches: &[Niche]) -> Box<dyn Query> {
    any_term(
        niches
            .iter()
            .map(|niche| Term::from_field_u64(field, niche.index() as u64))
            .collect(),
    )
}

/// Documents holding any of `terms` (none when there are none): one term query per distinct
/// term, OR'ed. Filters name a few terms, and a `TermSetQuery` compiles an FST of its terms
/// each time a search weighs it (twice a search: counting, then the page), with a builder
/// whose tables alone cost more than looking the few terms up.
fn any_term(mut terms: Vec<Term>) -> Box<dyn Query> {
    terms.sort_unstable();
    terms.dedup();
    if terms.len() == 1 {
        if let Some(term) = terms.pop() {
            return Box::new(TermQuery::new(term, IndexRecordOption::Basic));
        }
    }
    Box::new(BooleanQuery::new(
        terms
            .into_iter()
            .map(|term| {
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect(),
    ))
}

fn at_least_f64(field: Field, min: f64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(field, min)),
        Bound::Unbounded,
    ))
}

fn flag(field: Field, wanted: bool) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, u64::from(wanted)),
        IndexRecordOption::Basic,
    ))
}

/// Any item of an audience filter: its key's share terms from `min_share` up, in one bit set.
fn audience_clause(
    filter: &AudienceFilter,
    field: Field,
    sets: Option<&Arc<FilterSets>>,
) -> Box<dyn Query> {
    let ranges = filter
        .items
        .iter()
        .filter_map(|item| {
            let code = filter.dimension.key_code(&item.key)?;
            // Shares rounding to 0 are not indexed: a minimum below 0.05% matches from 0.1%.
            let low = share_term(filter.dimension, code, share_permille(item.min_share));
            Some(low..=share_term(filter.dimension, code, 1000))
        })
        .collect();
    Box::new(TermRangesQuery::new(field, ranges, sets.cloned()))
}

/// Whether tantivy may prune the top-k pass of `query` (block-max WAND): a term, or a
/// boolean query of terms (boosted or not, or alone in a boolean query of their own) that
/// are all optional or all required. Such a query keeps its pruned pass (and BM25 summed in
/// block-max order); tantivy scores every match of any other query to rank them, so its page
/// is kept in the pass that counts, with the same scores.
pub(crate) fn may_prune(query: &dyn Query) -> bool {
    if is_term(query) {
        return true;
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return false;
    };
    let clauses = boolean.clauses();
    let Some((first, _)) = clauses.first() else {
        return false;
    };
    *first != Occur::MustNot
        && clauses
            .iter()
            .all(|(occur, clause)| occur == first && is_term(clause.as_ref()))
}

/// A query tantivy may score with a bare term scorer: a term (boosted or not: a boost
/// query's inner query is not visible, so any counts), or a boolean query of one such
/// clause.
fn is_term(query: &dyn Query) -> bool {
    if query.is::<TermQuery>() || query.is::<BoostQuery>() {
        return true;
    }
    match query
        .downcast_ref::<BooleanQuery>()
        .map(BooleanQuery::clauses)
    {
        Some([(occur, clause)]) => *occur != Occur::MustNot && is_term(clause.as_ref()),
        _ => false,
    }
}

/// Combines text and filters; filters get a zero score so BM25 alone orders the hits.
pub(crate) fn combine(
    text: Option<Box<dyn Query>>,
    filters: Vec<(Occur, Box<dyn Query>)>,
) -> Box<dyn Query> {
    if filters.is_empty() {
        return text.unwrap_or_else(|| Box::new(AllQuery));
    }
    let only_exclusions = filters.iter().all(|(occur, _)| *occur == Occur::MustNot);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(filters.len() + 2);
    match text {
        Some(text) => clauses.push((Occur::Must, text)),
        // A boolean query of exclusions alone matches nothing: start from every document.
        None if only_exclusions => clauses.push((Occur::Must, Box::new(AllQuery))),
        None => {}
    }
    for (occur, filter) in filters {
        let non_scoring: Box<dyn Query> = Box::new(ConstScoreQuery::new(filter, 0.0));
        clauses.push((occur, non_scoring));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The fast-field columns of one segment that hits are read from, opened once per segment
/// (and cloned, cheaply, for each search that reads hits there).
#[derive(Clone)]
pub(crate) struct HitColumns {
    id: IdColumn,
    /// The platform of each platform term ordinal (a handful).
    platforms: Option<(Column<u64>, Vec<Option<Platform>>)>,
    followers: Option<Column<u64>>,
    engagement_rate: Option<Column<f64>>,
    niches: Option<Column<u64>>,
    niche_scores: Option<Column<u64>>,
    credibility: Option<Column<f64>>,
    audience: Option<AudienceColumn>,
}

/// Creator ids by document: the id column's term ordinal of the document, named by the
/// segment's [`IdTable`].
#[derive(Clone)]
struct IdColumn {
    column: StrColumn,
    table: Arc<IdTable>,
}

impl IdColumn {
    fn id(&self, doc: DocId) -> Result<CreatorId, IndexError> {
        let corrupt = || IndexError::Corrupt("indexed document without id".to_string());
        let ord = self.column.term_ords(doc).next().ok_or_else(corrupt)?;
        let text = self.table.get(ord).ok_or_else(corrupt)?;
        CreatorId::parse(text).map_err(|error| IndexError::Corrupt(error.to_string()))
    }
}

impl HitColumns {
    /// Opens the columns of `segment` (a column no document of the segment has is `None`)
    /// and reads its ids.
    pub(crate) fn open(segment: &SegmentReader) -> Result<HitColumns, IndexError> {
        let fast = segment.fast_fields();
        let column = fast
            .str(ID_FIELD)?
            .ok_or_else(|| IndexError::Corrupt("index segment without ids".to_string()))?;
        let table = Arc::new(IdTable::read(&column)?);
        let platforms = match fast.str(PLATFORM_FIELD)? {
            Some(column) => {
                let mut names = Vec::with_capacity(column.num_terms());
                let mut text = String::new();
                for ord in 0..column.num_terms() as u64 {
                    text.clear();
                    let found = column
                        .ord_to_str(ord, &mut text)
                        .map_err(tantivy::TantivyError::from)?;
                    names.push(found.then(|| text.parse::<Platform>().ok()).flatten());
                }
                Some((column.ords().clone(), names))
            }
            None => None,
        };
        Ok(HitColumns {
            id: IdColumn { column, table },
            platforms,
            followers: fast.column_opt(FOLLOWERS_FIELD)?,
            engagement_rate: fast.column_opt(ENGAGEMENT_FIELD)?,
            niches: fast.column_opt(NICHES_FIELD)?,
            niche_scores: fast.column_opt(NICHE_SCORES_FIELD)?,
            credibility: fast.column_opt(CREDIBILITY_FIELD)?,
            audience: fast
                .column_opt::<u64>(AUDIENCE_FIELD)?
                .map(AudienceColumn::new),
        })
    }

    /// The id column's term ordinal of each document (in id order) and the ids by ordinal.
    pub(crate) fn id_ords(&self) -> (Column<u64>, Arc<IdTable>) {
        (self.id.column.ords().clone(), Arc::clone(&self.id.table))
    }

    /// The audience estimate of document `doc` as the `audience` column holds it.
    pub(crate) fn audience(&mut self, doc: DocId) -> Result<ColumnAudience, IndexError> {
        match &mut self.audience {
            Some(column) => column.read(doc),
            None => Ok(ColumnAudience::Absent),
        }
    }

    /// The hit of document `doc` of the segment, without the stored model outputs
    /// (`audience` and `credibility`; see [`with_insights`]).
    pub(crate) fn hit(&self, doc: DocId, bm25: f32) -> Result<IndexHit, IndexError> {
        let id = self.id.id(doc)?;
        let platform = self
            .platforms
            .as_ref()
            .and_then(|(ords, names)| {
                let ord = usize::try_from(ords.first(doc)?).ok()?;
                names.get(ord).copied().flatten()
            })
            .unwrap_or_else(|| id.platform());
        let niches = self
            .niches
            .as_ref()
            .map(|column| {
                column
                    .values_for_doc(doc)
                    .filter_map(|position| usize::try_from(position).ok())
                    .filter_map(|position| Niche::ALL.get(position).copied())
                    .collect()
            })
            .unwrap_or_default();
        let niche_scores = match &self.niche_scores {
            Some(column) if column.values_for_doc(doc).next().is_some() => {
                Some(decode_niche_scores(column.values_for_doc(doc))?)
            }
            _ => None,
        };
        Ok(IndexHit {
            id,
            bm25,
            platform,
            followers: self.followers.as_ref().and_then(|column| column.first(doc)),
            engagement_rate: self
                .engagement_rate
                .as_ref()
                .and_then(|column| column.first(doc)),
            niches,
            niche_scores,
            audience: None,
            credibility: None,
            credibility_score: self
                .credibility
                .as_ref()
                .and_then(|column| column.first(doc)),
        })
    }
}

/// Fills in the model outputs `detail` asks for from the stored fields of the hit's document.
pub(crate) fn with_insights(
    mut hit: IndexHit,
    doc: &TantivyDocument,
    fields: &Fields,
    detail: HitDetail,
) -> Result<IndexHit, IndexError> {
    let Some(json) = doc
        .get_first(fields.insights)
        .and_then(|value| value.as_str())
    else {
        return Ok(hit);
    };
    match detail {
        HitDetail::Ranking => {}
        HitDetail::RankingWithAudience => {
            let insights: AudienceInsight = serde_json::from_str(json)?;
            hit.audience = insights.audience;
        }
        HitDetail::Full => {
            let insights: Insights = serde_json::from_str(json)?;
            hit.audience = insights.audience;
            hit.credibility = insights.credibility;
        }
    }
    Ok(hit)
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

    /// Creator `n` with a bio and `niches`, spread over the platforms; nothing else.
    fn plain_document(n: usize, niches: Vec<Niche>) -> crate::search::IndexDocument {
        crate::search::IndexDocument {
            id: CreatorId::new(Platform::ALL[n % Platform::ALL.len()], &format!("c{n:03}")),
            platform: Platform::ALL[n % Platform::ALL.len()],
            handle: format!("c{n:03}"),
            display_name: None,
            bio: Some("bio".to_string()),
            captions: Vec::new(),
            hashtags: Vec::new(),
            followers: None,
            engagement_rate: None,
            niches,
            niche_scores: None,
            languages: Vec::new(),
            audience: None,
            credibility: None,
            facts: crate::search::CreatorFacts::default(),
        }
    }

    #[test]
    fn any_term_matches_what_a_term_set_matches() {
        use crate::search::SearchIndex;
        use tantivy::collector::DocSetCollector;
        use tantivy::query::TermSetQuery;
        let document = |n: usize| plain_document(n, vec![Niche::ALL[n % 7], Niche::ALL[n % 3]]);
        let index = SearchIndex::create_in_ram().unwrap();
        index
            .rebuild((0..60).map(document).map(Ok::<_, IndexError>))
            .unwrap();
        let searcher = index.reader.searcher();
        let fields = &index.fields;
        let platform = |name: &str| Term::from_field_text(fields.platform, name);
        let niche = |n: usize| Term::from_field_u64(fields.niches, Niche::ALL[n].index() as u64);
        let sets: Vec<Vec<Term>> = vec![
            Vec::new(),
            vec![platform(Platform::ALL[0].as_str())],
            vec![platform(Platform::ALL[1].as_str()), platform("nowhere")],
            vec![
                platform(Platform::ALL[2].as_str()),
                platform(Platform::ALL[0].as_str()),
                platform(Platform::ALL[2].as_str()),
            ],
            vec![niche(1), niche(5), niche(2)],
            vec![niche(6)],
        ];
        for terms in sets {
            let matched = |query: &dyn Query| searcher.search(query, &DocSetCollector).unwrap();
            let expected = matched(&TermSetQuery::new(terms.clone()));
            let got = matched(any_term(terms.clone()).as_ref());
            assert_eq!(got, expected, "{terms:?}");
            assert_eq!(
                got.is_empty(),
                terms.iter().all(|term| term == &platform("nowhere"))
            );
        }
    }

    #[test]
    fn ids_read_through_the_table_match_the_id_column() {
        use crate::search::SearchIndex;
        let document = |n: usize| plain_document(n, Vec::new());
        let index = SearchIndex::create_in_ram().unwrap();
        index
            .rebuild((0..40).map(document).map(Ok::<_, IndexError>))
            .unwrap();
        index
            .upsert(&(30..50).map(document).collect::<Vec<_>>())
            .unwrap();
        let searcher = index.reader.searcher();
        let mut read = 0;
        for segment in searcher.segment_readers() {
            let columns = HitColumns::open(segment).unwrap();
            let column = &columns.id.column;
            for doc in 0..segment.max_doc() {
                let ord = column.term_ords(doc).next().unwrap();
                let mut expected = String::new();
                assert!(column.ord_to_str(ord, &mut expected).unwrap());
                assert_eq!(columns.id.id(doc).unwrap().as_str(), expected);
                read += 1;
            }
            assert_eq!(columns.id.table.get(column.num_terms() as u64), None);
        }
        // Every creator was read, replaced ones from both segments until a merge drops them.
        assert!(read >= 50, "{read}");
    }
}
