//! `POST /v1/recommendations`: a campaign brief → ranked, explained creators.
//!
//! ```json
//! {
//!   "text": "plant-based recipes for busy parents",
//!   "niches": ["food"],
//!   "audience": {"countries": [{"code": "BR", "min_share": 0.3}], "ages": [{"range": "25-34", "min_share": 0.4}]},
//!   "platforms": ["mastodon", "youtube"],
//!   "tiers": ["micro", "mid"],
//!   "exclusions": {"creators": ["youtube:UC123"], "handles": ["@chef_ana"]},
//!   "weights": {"niche": 0.5, "engagement": 0.2, "audience": 0.2, "credibility": 0.1},
//!   "limit": 20
//! }
//! ```
//!
//! The audience is what the campaign wants to reach: it is scored (audience match), not a
//! filter. Weights left out keep their defaults; only their ratios matter.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::{Extension, Json};
use scout_models::{Niche, Platform, RankerWeights, Tier};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::auth::ApiKey;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::json::{object, parse_body, parse_creator_id};
use crate::api::search::{parse_list, AudienceBody};
use crate::api::AppState;
use crate::pipeline::{recommend, Brief, PipelineError, Recommendations};

/// Largest weight a brief may set (only ratios matter).
const MAX_WEIGHT: f64 = 100.0;

/// A campaign brief.
///
/// Enum values (niches, platforms, tiers, the audience gender) and country and language codes
/// are read without regard to case (`Micro` is `micro`); `audience`, `exclusions` and `weights`
/// must be JSON objects.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "text": "plant-based recipes",
    "niches": ["food"],
    "audience": {"countries": [{"code": "BR", "min_share": 0.3}]},
    "platforms": ["mastodon"],
    "tiers": ["micro", "mid"],
    "exclusions": {"creators": ["mastodon:chef_ana@food.example"], "handles": ["@veggie_bob"]},
    "weights": {"niche": 0.5, "engagement": 0.2, "audience": 0.2, "credibility": 0.1},
    "limit": 10
}))]
pub struct BriefBody {
    /// What the campaign is about (the search's query syntax).
    text: Option<String>,
    #[schema(value_type = Option<Vec<Niche>>)]
    niches: Option<Vec<String>>,
    /// The audience to reach, scored as audience match (not a filter).
    #[serde(default, deserialize_with = "object")]
    audience: Option<AudienceBody>,
    #[schema(value_type = Option<Vec<Platform>>)]
    platforms: Option<Vec<String>>,
    /// Creator tiers to keep: nano (<10k), micro, mid, macro, mega (>1M followers).
    #[schema(value_type = Option<Vec<String>>, example = json!(["micro", "mid"]))]
    tiers: Option<Vec<String>>,
    #[serde(default, deserialize_with = "object")]
    exclusions: Option<ExclusionsBody>,
    #[serde(default, deserialize_with = "object")]
    weights: Option<WeightsBody>,
    /// Creators to return (1 to 50, default 10).
    limit: Option<usize>,
}

/// Creators the brief must not return.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionsBody {
    /// Creator ids (`platform:handle`).
    creators: Option<Vec<String>>,
    /// Handles, with or without `@`, compared without case.
    handles: Option<Vec<String>>,
}

/// The blend's weights; each left out keeps its default (niche 0.45, engagement 0.2,
/// audience 0.25, credibility 0.15, text 0.35). Non-negative; only ratios matter.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightsBody {
    niche: Option<f64>,
    engagement: Option<f64>,
    audience: Option<f64>,
    credibility: Option<f64>,
    /// Text relevance of the brief's words.
    text: Option<f64>,
}

impl WeightsBody {
    fn into_weights(self) -> Result<RankerWeights, ApiError> {
        let defaults = RankerWeights::default();
        let checked = |name: &str, value: Option<f64>, default: f64| match value {
            None => Ok(default),
            Some(value) if value.is_finite() && (0.0..=MAX_WEIGHT).contains(&value) => Ok(value),
            Some(_) => Err(ApiError::invalid(
                format!("weights.{name}"),
                format!("must be a number between 0 and {MAX_WEIGHT}"),
            )),
        };
        let weights = RankerWeights {
            text: checked("text", self.text, defaults.text)?,
            niche: checked("niche", self.niche, defaults.niche)?,
            engagement: checked("engagement", self.engagement, defaults.engagement)?,
            audience: checked("audience", self.audience, defaults.audience)?,
            credibility: checked("credibility", self.credibility, defaults.credibility)?,
        };
        let total = weights.text
            + weights.niche
            + weights.engagement
            + weights.audience
            + weights.credibility;
        if total <= 0.0 {
            return Err(ApiError::invalid(
                "weights",
                "at least one weight must be positive",
            ));
        }
        Ok(weights)
    }
}

/// Runs `work` on a blocking thread (store and index reads), turning a panic or a lost task
/// into an internal error.
pub(super) async fn blocking<T: Send + 'static>(
    what: &'static str,
    work: impl FnOnce() -> Result<T, PipelineError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|join| ApiError::Internal {
            message: format!("{what} task failed: {join}"),
        })?
        .map_err(ApiError::from)
}

/// The owner of what a request writes: the calling key's id, or `""` with auth off.
pub(super) fn owner_of(key: Option<Extension<Arc<ApiKey>>>) -> String {
    key.map(|Extension(key)| key.id.clone()).unwrap_or_default()
}

/// Ranks creators for a campaign brief, with each score's breakdown and evidence.
#[utoipa::path(
    post,
    path = "/v1/recommendations",
    tag = "recommendations",
    request_body = BriefBody,
    responses(
        (status = 200, description = "Ranked creators for the brief", body = Recommendations),
        (status = 400, description = "A bad value (`invalid_field`, naming its JSON path) or a body that is not a brief (`invalid_body`)", body = ErrorBody),
    )
)]
pub async fn post_recommendations(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Recommendations>, ApiError> {
    let body: BriefBody = parse_body(body)?;
    let exclusions = body.exclusions.unwrap_or(ExclusionsBody {
        creators: None,
        handles: None,
    });
    let exclude_ids = exclusions
        .creators
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(position, raw)| parse_creator_id(raw, format!("exclusions.creators[{position}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let exclude_handles = exclusions.handles.unwrap_or_default();
    if let Some(position) = exclude_handles
        .iter()
        .position(|handle| handle.trim().trim_start_matches('@').is_empty())
    {
        return Err(ApiError::invalid(
            format!("exclusions.handles[{position}]"),
            "must not be empty",
        ));
    }
    let brief = Brief {
        text: body.text,
        niches: parse_list(body.niches.unwrap_or_default(), "niches")?,
        audience: body.audience.map(|audience| audience.into_parts().1),
        platforms: parse_list(body.platforms.unwrap_or_default(), "platforms")?,
        tiers: parse_list::<Tier>(body.tiers.unwrap_or_default(), "tiers")?,
        exclude_ids,
        exclude_handles,
        weights: body.weights.map(WeightsBody::into_weights).transpose()?,
        limit: body.limit,
    };
    let service = state.service.clone();
    let recommendations = blocking("recommendations", move || recommend(&service, brief)).await?;
    Ok(Json(recommendations))
}
