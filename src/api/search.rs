//! `GET /v1/search` and `POST /v1/search`: parse, validate into a [`SearchQuery`], run it on a
//! blocking thread, serialise.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::Json;
use scout_models::AudienceTarget;
use serde::Deserialize;

use crate::api::error::ApiError;
use crate::api::json::parse_body;
use crate::api::AppState;
use crate::pipeline::{SearchParts, SearchQuery, SearchResults};

/// The body of `POST /v1/search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    query: Option<String>,
    platforms: Option<Vec<String>>,
    followers: Option<FollowerRange>,
    niches: Option<Vec<String>>,
    audience: Option<AudienceBody>,
    min_credibility: Option<f64>,
    limit: Option<usize>,
}

/// Weighted audience filters: separate dimensions AND, items inside one dimension OR.
/// `code` / `range` may join several with `+` (`"ES+MX"`, shares added).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceBody {
    countries: Option<Vec<CodeShare>>,
    ages: Option<Vec<RangeShare>>,
    gender: Option<GenderShare>,
    languages: Option<Vec<CodeShare>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeShare {
    code: String,
    min_share: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeShare {
    range: String,
    min_share: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenderShare {
    value: String,
    min_share: f64,
}

impl AudienceBody {
    fn into_target(self) -> AudienceTarget {
        AudienceTarget {
            countries: self
                .countries
                .unwrap_or_default()
                .into_iter()
                .map(|item| (item.code, item.min_share))
                .collect(),
            ages: self
                .ages
                .unwrap_or_default()
                .into_iter()
                .map(|item| (item.range, item.min_share))
                .collect(),
            gender: self.gender.map(|item| (item.value, item.min_share)),
            languages: self
                .languages
                .unwrap_or_default()
                .into_iter()
                .map(|item| (item.code, item.min_share))
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowerRange {
    min: Option<u64>,
    max: Option<u64>,
}

pub async fn post_search(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let body: SearchBody = parse_body(body)?;
    let followers = body.followers.unwrap_or(FollowerRange {
        min: None,
        max: None,
    });
    let parts = SearchParts {
        text: body.query,
        platforms: parse_list(body.platforms.unwrap_or_default(), "platforms")?,
        min_followers: followers.min,
        max_followers: followers.max,
        niches: parse_list(body.niches.unwrap_or_default(), "niches")?,
        audience: body.audience.map(AudienceBody::into_target),
        min_credibility: body.min_credibility,
        limit: body.limit,
    };
    run_search(state, SearchQuery::new(parts)?).await
}

/// `GET /v1/search?q=…&platform=…&niche=…&min_followers=…&max_followers=…&limit=…`;
/// `platform` and `niche` may repeat or hold comma-separated values.
pub async fn get_search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResults>, ApiError> {
    let mut parts = SearchParts::default();
    let mut platforms = Vec::new();
    let mut niches = Vec::new();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "q" => parts.text = Some(value.into_owned()),
            "platform" => platforms.extend(split_list(&value)),
            "niche" => niches.extend(split_list(&value)),
            "min_followers" => parts.min_followers = Some(parse_number(&value, "min_followers")?),
            "max_followers" => parts.max_followers = Some(parse_number(&value, "max_followers")?),
            "limit" => parts.limit = Some(parse_number(&value, "limit")?),
            "min_credibility" => {
                parts.min_credibility = Some(value.trim().parse::<f64>().map_err(|_| {
                    ApiError::invalid("min_credibility", format!("{value:?} is not a number"))
                })?)
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    "unknown query parameter: expected q, platform, niche, min_followers, max_followers, min_credibility or limit",
                ))
            }
        }
    }
    parts.platforms = parse_list(platforms, "platform")?;
    parts.niches = parse_list(niches, "niche")?;
    run_search(state, SearchQuery::new(parts)?).await
}

async fn run_search(state: AppState, query: SearchQuery) -> Result<Json<SearchResults>, ApiError> {
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
fn parse_list<T: FromStr>(items: Vec<String>, field: &str) -> Result<Vec<T>, ApiError>
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

fn parse_number<T: FromStr>(raw: &str, field: &str) -> Result<T, ApiError> {
    raw.trim()
        .parse::<T>()
        .map_err(|_| ApiError::invalid(field, format!("{raw:?} is not a non-negative integer")))
}
