//! `GET /shortlists/{id}/compare?id=a&id=b&id=c`: creators of one shortlist side by side in
//! `table#compare-table`, one column per creator: followers and tier, engagement rate against
//! the tier's expectation, niches, the audience's leading shares with their confidence,
//! credibility, and the four score parts.
//!
//! The figures are the ones search, the CSV export and the creator page use (the store's
//! record; credibility and audience as indexed, or from the audience sample for a creator not
//! indexed yet). Niche fit is measured
//! against the niches the classifier reads into `query` (the shortlist's name unless given),
//! audience match against the audience target of the `aud_*` parameters when there is one.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::Utc;
use maud::{html, Markup};
use scout_models::audience::DimensionEstimate;
use scout_models::{
    audience_match, credibility, engagement, estimate_audience, ranker, AudienceEstimate,
    AudienceTarget, CreatorFeatures, CreatorId, NicheScores,
};

use crate::api::auth::ApiKey;
use crate::api::AppState;
use crate::pipeline::{
    get_shortlist, CreatorView, PipelineError, SearchParts, SearchQuery, SearchService,
    ShortlistView,
};
use crate::web::brief::{form_error, AudienceForm, FieldError};
use crate::web::card::creator_href;
use crate::web::layout::{self, compact, percent, thousands, Nav};
use crate::web::shortlists::{attempt, owner_of, ListId};
use crate::web::PageError;

/// Creators compared at once, at least and at most.
const MIN_COMPARED: usize = 2;
const MAX_COMPARED: usize = 6;
/// Niches shown per creator: those at least this probable.
const NICHE_SHOWN: f32 = 0.2;

/// What the compare URL asks for, as typed.
#[derive(Debug, Default)]
struct CompareForm {
    ids: Vec<String>,
    query: Option<String>,
    audience: AudienceForm,
}

impl CompareForm {
    fn from_query(raw: Option<&str>) -> Result<CompareForm, FieldError> {
        let mut form = CompareForm::default();
        for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match key.as_ref() {
                "id" => form.ids.push(value.trim().to_string()),
                "query" => form.query = Some(value.trim().to_string()),
                other => {
                    if !form.audience.set(other, &value) {
                        return Err(FieldError::new(
                            other,
                            "unknown parameter: expected id, query or aud_*",
                        ));
                    }
                }
            }
        }
        Ok(form)
    }

    /// The creators to compare: known ids, no repeats, between the bounds.
    fn creator_ids(&self) -> Result<Vec<CreatorId>, FieldError> {
        let mut seen = HashSet::new();
        let mut ids = Vec::new();
        for raw in self.ids.iter().filter(|raw| !raw.is_empty()) {
            let id = CreatorId::parse(raw)
                .map_err(|error| FieldError::new("id", format!("{raw:?}: {error}")))?;
            if seen.insert(id.clone()) {
                ids.push(id);
            }
        }
        if !(MIN_COMPARED..=MAX_COMPARED).contains(&ids.len()) {
            return Err(FieldError::new(
                "id",
                format!(
                    "pick {MIN_COMPARED} to {MAX_COMPARED} creators of the shortlist to compare"
                ),
            ));
        }
        Ok(ids)
    }
}

/// One compared creator's figures.
struct Column {
    view: CreatorView,
    audience: Option<AudienceEstimate>,
    credibility: Option<scout_models::Credibility>,
    niche_fit: Option<f64>,
    engagement_part: Option<f64>,
    audience_part: Option<f64>,
}

/// Everything the page shows.
struct Comparison {
    list: ShortlistView,
    query: String,
    query_niches: Vec<String>,
    target: Option<AudienceTarget>,
    columns: Vec<Column>,
}

/// `GET /shortlists/{id}/compare`.
pub(crate) async fn compare_page(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    ListId(id): ListId,
    RawQuery(raw_query): RawQuery,
) -> Result<Response, PageError> {
    let back = format!("/shortlists/{id}");
    let parsed = CompareForm::from_query(raw_query.as_deref()).and_then(|form| {
        let ids = form.creator_ids()?;
        let target = form.audience.target()?;
        Ok((form, ids, target))
    });
    let (form, ids, target) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return Ok(error_page(&error, &back)),
    };
    let owner = owner_of(key);
    let query = form.query.clone();
    let compared = attempt(&state, move |service| {
        let list = get_shortlist(service, &owner, id)?;
        compare(service, list, &ids, query, target)
    })
    .await?;
    match compared {
        Ok(comparison) => {
            let title = format!("Compare · {}", comparison.list.name);
            Ok(layout::page(&title, Nav::Shortlists, body(&comparison, &form)).into_response())
        }
        Err(PipelineError::Invalid { field, message }) => {
            Ok(error_page(&FieldError::new(field, message), &back))
        }
        Err(other) => Err(PageError::from(other)),
    }
}

fn error_page(error: &FieldError, back: &str) -> Response {
    let body = html! {
        h1 { "Cannot compare" }
        (form_error(error))
        p { a href=(back) { "Back to the shortlist" } }
    };
    (
        StatusCode::BAD_REQUEST,
        layout::page("Cannot compare", Nav::Shortlists, body),
    )
        .into_response()
}

/// Reads each creator's figures; every id must be on the list.
fn compare(
    service: &SearchService,
    list: ShortlistView,
    ids: &[CreatorId],
    query: Option<String>,
    target: Option<AudienceTarget>,
) -> Result<Comparison, PipelineError> {
    if let Some(stranger) = ids
        .iter()
        .find(|id| !list.creators.iter().any(|entry| entry.creator_id == **id))
    {
        return Err(PipelineError::invalid(
            "id",
            format!("{stranger} is not on shortlist {}", list.id),
        ));
    }
    let query = query
        .filter(|query| !query.is_empty())
        .unwrap_or_else(|| list.name.clone());
    // The niches the classifier reads into the query, as a search for it would.
    let probe = SearchQuery::new(SearchParts {
        text: Some(query.clone()),
        limit: Some(1),
        ..SearchParts::default()
    })
    .map_err(|error| match error {
        PipelineError::Invalid { message, .. } => PipelineError::invalid("query", message),
        other => other,
    })?;
    let query_niches = service.search(&probe)?.query_niches;
    let query_scores = (!query_niches.is_empty()).then(|| NicheScores {
        probabilities: query_niches
            .iter()
            .map(|niche| (niche.niche, niche.probability))
            .collect(),
    });
    let store = service.store()?;
    let now = Utc::now();
    let mut columns = Vec::with_capacity(ids.len());
    for id in ids {
        let (Some(view), Some(record)) = (service.creator(id)?, store.creator(id)?) else {
            return Err(PipelineError::NotFound(format!("no creator {id}")));
        };
        // As search shows them (indexed with the crawl's context), else from the sample.
        let (indexed_credibility, indexed_audience) = service
            .index()
            .hit(id)?
            .map(|hit| (hit.credibility, hit.audience))
            .unwrap_or_default();
        let credibility = indexed_credibility.or_else(|| {
            (!record.audience.is_empty()).then(|| {
                let features = CreatorFeatures::compute(&record, &view.snapshots, now);
                credibility(&features, &record.audience)
            })
        });
        let audience = indexed_audience
            .or_else(|| (!record.audience.is_empty()).then(|| estimate_audience(&record.audience)));
        let creator_scores = NicheScores {
            probabilities: view
                .niches
                .iter()
                .map(|niche| (niche.niche, niche.probability))
                .collect(),
        };
        let niche_fit = query_scores
            .as_ref()
            .filter(|_| !view.niches.is_empty())
            .map(|query_scores| ranker::niche_fit(query_scores, &creator_scores));
        let engagement_part = engagement::engagement_score(
            view.engagement_rate,
            view.creator.followers,
            view.creator.platform,
        );
        let audience_part = match (&target, &audience) {
            (Some(target), Some(estimate)) => Some(audience_match(estimate, target)),
            _ => None,
        };
        columns.push(Column {
            view,
            audience,
            credibility,
            niche_fit,
            engagement_part,
            audience_part,
        });
    }
    Ok(Comparison {
        query,
        query_niches: query_niches
            .iter()
            .map(|niche| {
                format!(
                    "{} {}",
                    niche.niche,
                    percent(f64::from(niche.probability), 0)
                )
            })
            .collect(),
        target,
        list,
        columns,
    })
}

fn body(comparison: &Comparison, form: &CompareForm) -> Markup {
    let columns = &comparison.columns;
    let list = &comparison.list;
    html! {
        h1 { "Compare creators" }
        p { "From " a href=(format!("/shortlists/{}", list.id)) { (list.name) } "." }
        div .table-wrap {
            table #compare-table {
                caption {
                    "Niche fit against " q { (comparison.query) }
                    @if comparison.query_niches.is_empty() {
                        " (no niche read from it)"
                    } @else {
                        " (" (comparison.query_niches.join(", ")) ")"
                    }
                    @if comparison.target.is_none() { "; no audience target set" }
                }
                thead {
                    tr {
                        td {}
                        @for column in columns {
                            @let creator = &column.view.creator;
                            th scope="col" data-creator-id=(creator.id) {
                                a href=(creator_href(&creator.id)) {
                                    (creator.display_name.as_deref().unwrap_or(&creator.handle))
                                }
                                br;
                                span .compare-handle { "@" (creator.handle) " · " (creator.platform) }
                            }
                        }
                    }
                }
                tbody {
                    (row("followers", "Followers", columns, |column| html! {
                        @match column.view.creator.followers {
                            Some(count) => span title=(thousands(count)) { (compact(count)) },
                            None => "unknown",
                        }
                        @if let Some(tier) = column.view.tier { " (" (tier) ")" }
                    }))
                    (row("engagement-rate", "Engagement rate vs tier", columns, engagement_cell))
                    (row("niches", "Niches", columns, |column| html! {
                        @let shown: Vec<String> = column.view.niches.iter()
                            .filter(|niche| niche.probability >= NICHE_SHOWN)
                            .map(|niche| format!("{} {}", niche.niche, percent(f64::from(niche.probability), 0)))
                            .collect();
                        @if shown.is_empty() { "none read" } @else { (shown.join(", ")) }
                    }))
                    (row("audience", "Audience (leading shares)", columns, audience_cell))
                    (row("credibility", "Credibility", columns, |column| html! {
                        @match &column.credibility {
                            Some(credibility) => {
                                strong { (format!("{:.2}", credibility.score)) }
                                @if let Some(reason) = credibility.reasons.first() {
                                    br; small .credibility-reason { (reason) }
                                }
                            }
                            None => "no audience sample",
                        }
                    }))
                    (row("score-niche", "Score: niche fit", columns, |column| part(column.niche_fit)))
                    (row("score-engagement", "Score: engagement", columns, |column| part(column.engagement_part)))
                    (row("score-audience", "Score: audience match", columns, |column| part(column.audience_part)))
                    (row("score-credibility", "Score: credibility", columns, |column| {
                        part(column.credibility.as_ref().map(|credibility| credibility.score))
                    }))
                }
            }
        }
        form #compare-options method="get" action=(format!("/shortlists/{}/compare", list.id)) {
            @for column in columns {
                input type="hidden" name="id" value=(column.view.creator.id);
            }
            label for="compare-query" { "Measure niche fit against" }
            input #compare-query type="text" name="query" value=(comparison.query);
            details {
                summary { "Audience target" }
                (form.audience.fields())
            }
            button #compare-submit type="submit" { "Update" }
        }
    }
}

/// `tr[data-row=name]`: a header cell and one cell per creator.
fn row(name: &str, label: &str, columns: &[Column], cell: impl Fn(&Column) -> Markup) -> Markup {
    html! {
        tr data-row=(name) {
            th scope="row" { (label) }
            @for column in columns {
                td data-creator-id=(column.view.creator.id) { (cell(column)) }
            }
        }
    }
}

fn part(value: Option<f64>) -> Markup {
    html! {
        @match value {
            Some(value) => {
                span .part-value { (format!("{value:.2}")) } " "
                meter min="0" max="1" value=(format!("{value:.3}")) aria-hidden="true" {}
            }
            None => "not scored",
        }
    }
}

fn engagement_cell(column: &Column) -> Markup {
    let view = &column.view;
    let expected = view
        .tier
        .map(|tier| engagement::expected_engagement_rate(view.creator.platform, tier));
    html! {
        @match (view.engagement_rate, expected) {
            (Some(rate), Some(expected)) => {
                strong { (percent(rate, 2)) } " vs " (percent(expected, 2)) " expected"
                @if expected > 0.0 { " (" (format!("{:.1}×", rate / expected)) ")" }
            }
            (Some(rate), None) => strong { (percent(rate, 2)) },
            _ => "unknown",
        }
    }
}

fn audience_cell(column: &Column) -> Markup {
    let leading = |dimension: &DimensionEstimate| {
        let mut shares = dimension.shares.clone();
        shares.sort_by(|a, b| b.share.total_cmp(&a.share));
        let text = shares
            .iter()
            .take(2)
            .map(|share| format!("{} {}", share.key, percent(share.share, 0)))
            .collect::<Vec<_>>()
            .join(", ");
        format!("{text} (confidence {:.2})", dimension.confidence)
    };
    html! {
        @match &column.audience {
            Some(estimate) => {
                dl .compare-audience {
                    dt { "Country" } dd { (leading(&estimate.country)) }
                    dt { "Age" } dd { (leading(&estimate.age)) }
                    dt { "Gender" } dd { (leading(&estimate.gender)) }
                    dt { "Language" } dd { (leading(&estimate.language)) }
                }
                small { (estimate.sample_size) " sampled commenters" }
            }
            None => "no audience sample",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_takes_two_to_six_distinct_ids() {
        let ids = |query: &str| CompareForm::from_query(Some(query)).unwrap().creator_ids();
        assert_eq!(
            ids("id=mastodon:a@x.example&id=mastodon:b@x.example&id=mastodon:a@x.example")
                .unwrap()
                .len(),
            2
        );
        assert_eq!(ids("id=mastodon:a@x.example").unwrap_err().field, "id");
        assert_eq!(
            ids("id=nonsense&id=mastodon:a@x.example")
                .unwrap_err()
                .field,
            "id"
        );
        let many: Vec<String> = (0..7)
            .map(|n| format!("id=mastodon:c{n}@x.example"))
            .collect();
        assert_eq!(ids(&many.join("&")).unwrap_err().field, "id");
        assert_eq!(
            CompareForm::from_query(Some("id=a&sort=x"))
                .unwrap_err()
                .field,
            "sort"
        );
    }
}
