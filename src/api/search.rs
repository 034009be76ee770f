//! `GET /v1/search` and `POST /v1/search`: parse, validate into a [`SearchQuery`], run it on a
//! blocking thread, serialise.
//!
//! The body of `POST /v1/search` (every part optional; unknown fields are rejected; separate
//! filters AND, the values inside one filter OR):
//!
//! ```json
//! {
//!   "query": "bio:coach AND (\"meal prep\" OR posts:vegan) #glutenfree @brand",
//!   "platforms": ["mastodon", "youtube"],
//!   "followers": {"min": 10000, "max": 500000},
//!   "engagement_rate": {"min": 0.02, "max": 0.2},
//!   "niches": {"include": ["food", "fitness"], "exclude": ["gaming"]},
//!   "creator": {"countries": ["BR", "PT"], "languages": ["pt"]},
//!   "has_contact": true,
//!   "has_sponsored_posts": false,
//!   "last_posted_within_days": 30,
//!   "growth": {"period": "3m", "min": 0.05},
//!   "min_credibility": 0.7,
//!   "audience": {
//!     "countries": [{"code": "BR", "min_share": 0.3}],
//!     "ages": [{"range": "18-34", "min_share": 0.5}],
//!     "gender": {"code": "female", "min_share": 0.6},
//!     "languages": [{"code": "pt", "min_share": 0.4}]
//!   },
//!   "hashtags": ["vegan"],
//!   "mentions": ["brand"],
//!   "sort": "relevance",
//!   "limit": 20,
//!   "offset": 0
//! }
//! ```
//!
//! `niches` may also be a plain list (include). The audience items are filters on the stored
//! audience estimate (shares compared at 0.1%) and the audience-match target of the ranking.
//! `cursor` (a `next_cursor` from the same query) replaces `offset`.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::Json;
use scout_index::{AudienceDimension, GrowthPeriod};
use scout_models::{AudienceTarget, Niche};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::error::{ApiError, ErrorBody};
use crate::api::json::{object, objects, parse_body};
use crate::api::query;
use crate::api::AppState;
use crate::pipeline::{
    flat_parameter, AudienceFilterParts, GrowthFilter, SearchParts, SearchQuery, SearchResults,
    SearchSort,
};

/// The body of `POST /v1/search`: every part optional; separate filters AND, the values
/// inside one filter OR.
///
/// Enum values (platforms, niches, `sort`, `growth.period`, the audience gender) and country
/// and language codes are read without regard to case (`Followers` is `followers`); the
/// schemas list the canonical lowercase values, which answers echo (`sort`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "query": "vegan meal prep",
    "platforms": ["mastodon", "youtube"],
    "followers": {"min": 10000, "max": 500000},
    "engagement_rate": {"min": 0.02},
    "niches": {"include": ["food"], "exclude": ["gaming"]},
    "creator": {"countries": ["BR"], "languages": ["pt"]},
    "has_contact": true,
    "last_posted_within_days": 30,
    "growth": {"period": "3m", "min": 0.05},
    "min_credibility": 0.5,
    "audience": {"countries": [{"code": "BR", "min_share": 0.3}], "gender": {"code": "female", "min_share": 0.6}},
    "sort": "relevance",
    "limit": 20
}))]
pub struct SearchBody {
    /// Query text: words, `"phrases"`, `AND`/`OR`/`NOT`, fields (`bio:`, `posts:`,
    /// `hashtags:`, `handle:`, `display_name:`), `#hashtags` and `@mentions`.
    query: Option<String>,
    #[schema(value_type = Option<Vec<scout_models::Platform>>)]
    platforms: Option<Vec<String>>,
    #[serde(default, deserialize_with = "object")]
    followers: Option<FollowerRange>,
    #[serde(default, deserialize_with = "object")]
    engagement_rate: Option<RateRange>,
    niches: Option<NichesBody>,
    #[serde(default, deserialize_with = "object")]
    creator: Option<CreatorBody>,
    has_contact: Option<bool>,
    has_sponsored_posts: Option<bool>,
    last_posted_within_days: Option<u32>,
    #[serde(default, deserialize_with = "object")]
    growth: Option<GrowthBody>,
    #[serde(default, deserialize_with = "object")]
    audience: Option<AudienceBody>,
    min_credibility: Option<f64>,
    hashtags: Option<Vec<String>>,
    mentions: Option<Vec<String>>,
    #[schema(value_type = Option<SearchSort>)]
    sort: Option<String>,
    /// Results to skip (at most 10000); `cursor` replaces it.
    offset: Option<usize>,
    /// A `next_cursor` from the same query.
    cursor: Option<String>,
    /// Results per page (1 to 100, default 10).
    #[schema(default = 10, minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

/// `niches`: a list to include, or `{include, exclude}`.
#[derive(Debug, ToSchema)]
#[serde(untagged)]
pub enum NichesBody {
    #[schema(value_type = Vec<Niche>)]
    Include(Vec<String>),
    Split(NicheSplit),
}

/// By the JSON's shape, so that an error names the bad part (`niches.exclude`, `niches[2]`)
/// where an untagged enum could only say that no variant matched.
impl<'de> Deserialize<'de> for NichesBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NichesVisitor;
        impl<'de> serde::de::Visitor<'de> for NichesVisitor {
            type Value = NichesBody;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a list of niches or an object {include, exclude}")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<NichesBody, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(NichesBody::Include)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<NichesBody, A::Error> {
                NicheSplit::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(NichesBody::Split)
            }
        }
        deserializer.deserialize_any(NichesVisitor)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NicheSplit {
    #[schema(value_type = Option<Vec<Niche>>)]
    include: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<Niche>>)]
    exclude: Option<Vec<String>>,
}

/// The creator's own country (from the declared location) and languages.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatorBody {
    countries: Option<Vec<String>>,
    languages: Option<Vec<String>>,
}

/// Follower growth over `period` (`1m`, `3m`, `6m`, any case) of at least `min` (`0.1` = +10%).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrowthBody {
    #[schema(example = "3m", pattern = "^(1m|3m|6m)$")]
    period: String,
    min: f64,
}

/// Weighted audience filters: separate dimensions AND, items inside one dimension OR.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceBody {
    #[serde(default, deserialize_with = "objects")]
    countries: Option<Vec<CodeShare>>,
    #[serde(default, deserialize_with = "objects")]
    ages: Option<Vec<RangeShare>>,
    #[serde(default, deserialize_with = "object")]
    gender: Option<GenderShare>,
    #[serde(default, deserialize_with = "objects")]
    languages: Option<Vec<CodeShare>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeShare {
    code: String,
    min_share: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeShare {
    range: String,
    min_share: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenderShare {
    #[serde(alias = "value")]
    code: String,
    min_share: f64,
}

impl AudienceBody {
    /// The same items as filters and as the ranking's audience target.
    pub(super) fn into_parts(self) -> (Vec<AudienceFilterParts>, AudienceTarget) {
        let countries: Vec<(String, f64)> = self
            .countries
            .unwrap_or_default()
            .into_iter()
            .map(|item| (item.code, item.min_share))
            .collect();
        let ages: Vec<(String, f64)> = self
            .ages
            .unwrap_or_default()
            .into_iter()
            .map(|item| (item.range, item.min_share))
            .collect();
        let gender = self.gender.map(|item| (item.code, item.min_share));
        let languages: Vec<(String, f64)> = self
            .languages
            .unwrap_or_default()
            .into_iter()
            .map(|item| (item.code, item.min_share))
            .collect();
        let filters = [
            (AudienceDimension::Country, countries.clone()),
            (AudienceDimension::Age, ages.clone()),
            (AudienceDimension::Gender, gender.iter().cloned().collect()),
            (AudienceDimension::Language, languages.clone()),
        ]
        .into_iter()
        .map(|(dimension, items)| AudienceFilterParts { dimension, items })
        .collect();
        let target = AudienceTarget {
            countries,
            ages,
            gender,
            languages,
        };
        (filters, target)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowerRange {
    min: Option<u64>,
    max: Option<u64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateRange {
    min: Option<f64>,
    max: Option<f64>,
}

/// Search with every filter, the audience filters included.
///
/// Enum values are read without regard to case (the answer's `sort` is the canonical
/// lowercase value). The body's parts that have fields (`followers`, `growth`, `audience` and
/// its items, …) must be JSON objects: an array is a 400 naming the part.
#[utoipa::path(
    post,
    path = "/v1/search",
    tag = "search",
    request_body = SearchBody,
    responses(
        (status = 200, description = "A ranked page of creators with facets", body = SearchResults),
        (status = 400, description = "A bad value (`invalid_field`, naming its JSON path) or a body that is not the JSON object this route takes (`invalid_body`)", body = ErrorBody),
    )
)]
pub async fn post_search(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let body: SearchBody = parse_body(body)?;
    let followers = body.followers.unwrap_or(FollowerRange {
        min: None,
        max: None,
    });
    let engagement = body.engagement_rate.unwrap_or(RateRange {
        min: None,
        max: None,
    });
    let (niches, exclude_niches) = match body.niches {
        None => (Vec::new(), Vec::new()),
        Some(NichesBody::Include(include)) => (parse_list(include, "niches")?, Vec::new()),
        Some(NichesBody::Split(split)) => (
            parse_list::<Niche>(split.include.unwrap_or_default(), "niches.include")?,
            parse_list::<Niche>(split.exclude.unwrap_or_default(), "niches.exclude")?,
        ),
    };
    let creator = body.creator.unwrap_or(CreatorBody {
        countries: None,
        languages: None,
    });
    let (audience_filters, audience) = match body.audience {
        Some(audience) => {
            let (filters, target) = audience.into_parts();
            (filters, Some(target))
        }
        None => (Vec::new(), None),
    };
    let parts = SearchParts {
        text: body.query,
        platforms: parse_list(body.platforms.unwrap_or_default(), "platforms")?,
        min_followers: followers.min,
        max_followers: followers.max,
        niches,
        exclude_niches,
        min_engagement_rate: engagement.min,
        max_engagement_rate: engagement.max,
        countries: creator.countries.unwrap_or_default(),
        languages: creator.languages.unwrap_or_default(),
        has_contact: body.has_contact,
        has_sponsored_posts: body.has_sponsored_posts,
        last_posted_within_days: body.last_posted_within_days,
        growth: body
            .growth
            .map(|growth| {
                Ok::<_, ApiError>(GrowthFilter {
                    period: parse_value::<GrowthPeriod>(&growth.period, "growth.period")?,
                    min: growth.min,
                })
            })
            .transpose()?,
        hashtags: body.hashtags.unwrap_or_default(),
        mentions: body.mentions.unwrap_or_default(),
        audience,
        audience_filters,
        min_credibility: body.min_credibility,
        sort: body
            .sort
            .map(|sort| parse_value::<SearchSort>(&sort, "sort"))
            .transpose()?
            .unwrap_or_default(),
        offset: body.offset,
        cursor: body.cursor,
        limit: body.limit,
    };
    run_search(state, SearchQuery::new(parts)?).await
}

/// Query parameters of `GET /v1/search`.
const GET_PARAMETERS: &str = "q, platform, niche, exclude_niche, min_followers, max_followers, \
min_engagement_rate, max_engagement_rate, country, language, has_contact, has_sponsored_posts, \
last_posted_within_days, growth_period, min_growth, hashtag, mention, min_credibility, sort, \
offset, cursor or limit";

/// `GET /v1/search?q=…&platform=…&niche=…&min_followers=…&limit=…` and the other simple
/// filters of `POST /v1/search` as flat parameters (named in the error for an unknown one); list parameters
/// may repeat or hold comma-separated values. Audience filters are POST-only.
///
/// Enum values (`platform`, `niche`, `exclude_niche`, `sort`, `growth_period`) and the flags'
/// `true`/`false` are read without regard to case, and so are country and language codes; the
/// answer's `sort` is the canonical lowercase value. Values are percent-decoded as UTF-8: one
/// that is not UTF-8 is a 400 naming its parameter.
#[utoipa::path(
    get,
    path = "/v1/search",
    tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Query text (as `query` of POST)", example = "vegan meal prep"),
        ("platform" = Option<Vec<scout_models::Platform>>, Query, explode, description = "Platforms (repeat or comma-separate; any case)"),
        ("niche" = Option<Vec<Niche>>, Query, explode, description = "Niches to include (any case)"),
        ("exclude_niche" = Option<Vec<Niche>>, Query, explode, description = "Niches to exclude (any case)"),
        ("min_followers" = Option<u64>, Query),
        ("max_followers" = Option<u64>, Query),
        ("min_engagement_rate" = Option<f64>, Query),
        ("max_engagement_rate" = Option<f64>, Query),
        ("country" = Option<Vec<String>>, Query, explode, description = "The creator's country (ISO 3166-1 alpha-2)"),
        ("language" = Option<Vec<String>>, Query, explode, description = "The creator's language (ISO 639-1)"),
        ("has_contact" = Option<bool>, Query, description = "`true` or `false` (any case)"),
        ("has_sponsored_posts" = Option<bool>, Query, description = "`true` or `false` (any case)"),
        ("last_posted_within_days" = Option<u32>, Query),
        ("growth_period" = Option<String>, Query, pattern = "^(1m|3m|6m)$", description = "Growth period (any case); needs `min_growth`"),
        ("min_growth" = Option<f64>, Query, description = "Follower growth over the period (`0.1` = +10%)"),
        ("hashtag" = Option<Vec<String>>, Query, explode),
        ("mention" = Option<Vec<String>>, Query, explode),
        ("min_credibility" = Option<f64>, Query),
        ("sort" = Option<SearchSort>, Query, description = "Result order (any case; the answer's `sort` is the lowercase value)"),
        ("offset" = Option<usize>, Query, maximum = 10000),
        ("cursor" = Option<String>, Query, description = "A `next_cursor` from the same query"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 100, description = "Results per page (default 10)"),
    ),
    responses(
        (status = 200, description = "A ranked page of creators with facets", body = SearchResults),
        (status = 400, description = "A bad or unknown parameter (`invalid_field`, naming it)", body = ErrorBody),
    )
)]
pub async fn get_search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResults>, ApiError> {
    let mut parts = SearchParts::default();
    let mut platforms = Vec::new();
    let mut niches = Vec::new();
    let mut exclude_niches = Vec::new();
    let mut growth_period = None;
    let mut min_growth = None;
    let mut seen = Vec::new();
    for (key, value) in query::pairs(raw.as_deref())? {
        let field = key.as_str();
        if SINGLE_VALUED.contains(&field) {
            if seen.contains(&key) {
                return Err(ApiError::invalid(
                    field,
                    "given more than once: give it once (only list parameters repeat)",
                ));
            }
            seen.push(key.clone());
        }
        match field {
            "q" => parts.text = Some(value),
            "platform" => platforms.extend(split_list(&value)),
            "niche" => niches.extend(split_list(&value)),
            "exclude_niche" => exclude_niches.extend(split_list(&value)),
            "country" => parts.countries.extend(split_list(&value)),
            "language" => parts.languages.extend(split_list(&value)),
            "hashtag" => parts.hashtags.extend(split_list(&value)),
            "mention" => parts.mentions.extend(split_list(&value)),
            "min_followers" => parts.min_followers = Some(parse_number(&value, field)?),
            "max_followers" => parts.max_followers = Some(parse_number(&value, field)?),
            "min_engagement_rate" => parts.min_engagement_rate = Some(parse_value(&value, field)?),
            "max_engagement_rate" => parts.max_engagement_rate = Some(parse_value(&value, field)?),
            "has_contact" => parts.has_contact = Some(parse_flag(&value, field)?),
            "has_sponsored_posts" => parts.has_sponsored_posts = Some(parse_flag(&value, field)?),
            "last_posted_within_days" => {
                parts.last_posted_within_days = Some(parse_number(&value, field)?)
            }
            "growth_period" => growth_period = Some(parse_value::<GrowthPeriod>(&value, field)?),
            "min_growth" => min_growth = Some(parse_value::<f64>(&value, field)?),
            "min_credibility" => parts.min_credibility = Some(parse_value(&value, field)?),
            "sort" => parts.sort = parse_value(&value, field)?,
            "offset" => parts.offset = Some(parse_number(&value, field)?),
            "cursor" => parts.cursor = Some(value),
            "limit" => parts.limit = Some(parse_number(&value, field)?),
            other => {
                return Err(ApiError::invalid(
                    other,
                    format!("unknown query parameter: expected {GET_PARAMETERS}"),
                ))
            }
        }
    }
    parts.growth = match (growth_period, min_growth) {
        (period, Some(min)) => Some(GrowthFilter {
            period: period.unwrap_or(GrowthPeriod::ThreeMonths),
            min,
        }),
        (Some(_), None) => {
            return Err(ApiError::invalid(
                "min_growth",
                "growth_period needs min_growth",
            ))
        }
        (None, None) => None,
    };
    parts.platforms = parse_list(platforms, "platform")?;
    parts.niches = parse_list(niches, "niche")?;
    parts.exclude_niches = parse_list(exclude_niches, "exclude_niche")?;
    let query = SearchQuery::new(parts).map_err(|error| match ApiError::from(error) {
        ApiError::InvalidField { field, message } => ApiError::InvalidField {
            field: flat_parameter(&field),
            message,
        },
        other => other,
    })?;
    run_search(state, query).await
}

/// Parameters of `GET /v1/search` that take one value (the others are lists).
const SINGLE_VALUED: &[&str] = &[
    "q",
    "min_followers",
    "max_followers",
    "min_engagement_rate",
    "max_engagement_rate",
    "has_contact",
    "has_sponsored_posts",
    "last_posted_within_days",
    "growth_period",
    "min_growth",
    "min_credibility",
    "sort",
    "offset",
    "cursor",
    "limit",
];

async fn run_search(state: AppState, query: SearchQuery) -> Result<Json<SearchResults>, ApiError> {
    if let Some(results) = state.service.cached_search(&query) {
        return Ok(Json(results));
    }
    let service = state.service.clone();
    let results = tokio::task::spawn_blocking(move || service.search(&query))
        .await
        .map_err(|join| ApiError::Internal {
            message: format!("search task failed: {join}"),
        })??;
    Ok(Json(results))
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses each item, naming `field[i]` when one is not a known value.
pub(super) fn parse_list<T: FromStr>(items: Vec<String>, field: &str) -> Result<Vec<T>, ApiError>
where
    T::Err: std::fmt::Display,
{
    items
        .iter()
        .enumerate()
        .map(|(position, item)| {
            item.parse::<T>().map_err(|error| {
                ApiError::invalid(format!("{field}[{position}]"), error.to_string())
            })
        })
        .collect()
}

/// Parses one value, naming `field` when it is not valid.
fn parse_value<T: FromStr>(raw: &str, field: &str) -> Result<T, ApiError>
where
    T::Err: std::fmt::Display,
{
    raw.trim()
        .parse::<T>()
        .map_err(|error| ApiError::invalid(field, format!("{raw:?}: {error}")))
}

/// `true` or `false`, without regard to case like every enum value of the API (a client
/// library may send Python's `True`).
fn parse_flag(raw: &str, field: &str) -> Result<bool, ApiError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::invalid(
            field,
            format!("{raw:?} is not true or false"),
        )),
    }
}

fn parse_number<T: FromStr>(raw: &str, field: &str) -> Result<T, ApiError> {
    raw.trim()
        .parse::<T>()
        .map_err(|_| ApiError::invalid(field, format!("{raw:?} is not a non-negative integer")))
}
