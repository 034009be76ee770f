//! `GET /`: the search page. The form's fields are the URL's query parameters, so a search
//! can be bookmarked and shared; they become the same [`SearchParts`] the JSON API builds
//! (`POST /v1/search`), and a bad value re-renders the form with `#form-error` naming the
//! field (HTTP 400).

use std::str::FromStr;

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::{html, Markup};
use scout_index::{AudienceDimension, FacetCount, GrowthPeriod, IndexFacets};
use scout_models::{AudienceTarget, Niche, Platform, Tier};

use crate::api::auth::{ApiKey, Scope};
use crate::api::AppState;
use crate::pipeline::{
    AudienceFilterParts, GrowthFilter, SearchParts, SearchQuery, SearchResults, SearchSort,
    ShortlistInfo, MAX_OFFSET,
};
use crate::web::card::{card, CardOptions};
use crate::web::layout::{page as layout_page, thousands, Nav};
use crate::web::shortlists::{add_form, owner_of, owner_shortlists};
use crate::web::PageError;

/// Results per page.
pub const PAGE_SIZE: usize = 20;

/// Sort orders the form offers, in order; only those the pipeline knows are shown.
const SORTS: [(&str, &str); 5] = [
    ("relevance", "Relevance"),
    ("followers", "Most followers"),
    ("engagement", "Highest engagement rate"),
    ("credibility", "Highest credibility"),
    ("growth", "Fastest growth"),
];

/// Audience age ranges the form offers (any range of whole buckets works in the URL).
const AGE_RANGES: [&str; 10] = [
    "13-17", "18-24", "25-34", "35-44", "45-54", "55+", "18-34", "25-44", "35+", "18-44",
];

/// The search form as sent: raw strings, so a bad value is shown back as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchForm {
    pub q: String,
    pub platform: Vec<String>,
    pub followers_min: String,
    pub followers_max: String,
    pub tier: Vec<String>,
    pub er_min: String,
    pub er_max: String,
    pub niche: Vec<String>,
    pub exclude_niche: Vec<String>,
    pub country: Vec<String>,
    pub language: Vec<String>,
    pub aud_age: String,
    pub aud_age_min: String,
    pub aud_gender: String,
    pub aud_gender_min: String,
    pub aud_country: String,
    pub aud_country_min: String,
    pub aud_language: String,
    pub aud_language_min: String,
    pub min_cred: String,
    pub has_contact: bool,
    pub sponsored: String,
    pub posted_within: String,
    pub growth_period: String,
    pub growth_min: String,
    pub hashtag: String,
    pub mention: String,
    pub sort: String,
    pub page: String,
}

/// A form value that cannot be used; `field` is the form field's name.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl SearchForm {
    /// Reads the query string; an unknown parameter is an error naming it (the form is
    /// still filled with what was understood).
    pub fn parse(raw: &str) -> (SearchForm, Option<FieldError>) {
        let mut form = SearchForm::default();
        let mut unknown = None;
        for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim().to_string();
            let list = |target: &mut Vec<String>| {
                target.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(str::to_string),
                )
            };
            match name.as_ref() {
                "q" => form.q = value,
                "platform" => list(&mut form.platform),
                "followers_min" => form.followers_min = value,
                "followers_max" => form.followers_max = value,
                "tier" => list(&mut form.tier),
                "er_min" => form.er_min = value,
                "er_max" => form.er_max = value,
                "niche" => list(&mut form.niche),
                "exclude_niche" => list(&mut form.exclude_niche),
                "country" => list(&mut form.country),
                "language" => list(&mut form.language),
                "aud_age" => form.aud_age = value,
                "aud_age_min" => form.aud_age_min = value,
                "aud_gender" => form.aud_gender = value,
                "aud_gender_min" => form.aud_gender_min = value,
                "aud_country" => form.aud_country = value,
                "aud_country_min" => form.aud_country_min = value,
                "aud_language" => form.aud_language = value,
                "aud_language_min" => form.aud_language_min = value,
                "min_cred" => form.min_cred = value,
                "has_contact" => form.has_contact = !value.is_empty() && value != "0",
                "sponsored" => form.sponsored = value,
                "posted_within" => form.posted_within = value,
                "growth_period" => form.growth_period = value,
                "growth_min" => form.growth_min = value,
                "hashtag" => form.hashtag = value,
                "mention" => form.mention = value,
                "sort" => form.sort = value,
                "page" => form.page = value,
                other => {
                    unknown
                        .get_or_insert_with(|| FieldError::new(other, "unknown search parameter"));
                }
            }
        }
        (form, unknown)
    }

    /// The 1-based page asked for.
    pub fn page_number(&self) -> Result<usize, FieldError> {
        if self.page.is_empty() {
            return Ok(1);
        }
        match self.page.parse::<usize>() {
            Ok(page) if page >= 1 && (page - 1) * PAGE_SIZE <= MAX_OFFSET => Ok(page),
            _ => Err(FieldError::new(
                "page",
                format!(
                    "{:?} is not a page number from 1 to {}",
                    self.page,
                    MAX_OFFSET / PAGE_SIZE + 1
                ),
            )),
        }
    }

    /// The search these fields ask for, as the JSON API would build it.
    pub fn to_parts(&self) -> Result<SearchParts, FieldError> {
        let page = self.page_number()?;
        let platforms = parse_items::<Platform>(&self.platform, "platform")?;
        let niches = parse_items::<Niche>(&self.niche, "niche")?;
        let exclude_niches = parse_items::<Niche>(&self.exclude_niche, "exclude_niche")?;
        let tiers = parse_items::<Tier>(&self.tier, "tier")?;
        let mut min_followers = optional::<u64>(
            &self.followers_min,
            "followers_min",
            "a whole number of followers",
        )?;
        let mut max_followers = optional::<u64>(
            &self.followers_max,
            "followers_max",
            "a whole number of followers",
        )?;
        if let Some((tier_min, tier_max)) = tier_bounds(&tiers)? {
            min_followers = Some(min_followers.map_or(tier_min, |min| min.max(tier_min)));
            max_followers = match (max_followers, tier_max) {
                (Some(max), Some(tier_max)) => Some(max.min(tier_max)),
                (max, tier_max) => max.or(tier_max),
            };
            if let (Some(min), Some(max)) = (min_followers, max_followers) {
                if min > max {
                    return Err(FieldError::new(
                        "tier",
                        "the tiers and the follower range have no follower count in common",
                    ));
                }
            }
        }
        let sponsored = match self.sponsored.as_str() {
            "" | "any" => None,
            "yes" => Some(true),
            "no" => Some(false),
            other => {
                return Err(FieldError::new(
                    "sponsored",
                    format!("{other:?} is not any, yes or no"),
                ))
            }
        };
        let growth = match (self.growth_period.as_str(), self.growth_min.as_str()) {
            (_, "") => None,
            (period, _) => Some(GrowthFilter {
                period: if period.is_empty() {
                    GrowthPeriod::ThreeMonths
                } else {
                    GrowthPeriod::from_str(period)
                        .map_err(|error| FieldError::new("growth_period", error))?
                },
                min: percent_value(&self.growth_min, "growth_min")?.unwrap_or_default(),
            }),
        };
        let sort = if self.sort.is_empty() {
            SearchSort::default()
        } else {
            SearchSort::from_str(&self.sort).map_err(|error| FieldError::new("sort", error))?
        };
        let (audience_filters, audience) = self.audience()?;
        Ok(SearchParts {
            text: Some(self.q.clone()).filter(|text| !text.is_empty()),
            platforms,
            min_followers,
            max_followers,
            niches,
            exclude_niches,
            min_engagement_rate: percent_value(&self.er_min, "er_min")?,
            max_engagement_rate: percent_value(&self.er_max, "er_max")?,
            countries: self.country.clone(),
            languages: self.language.clone(),
            has_contact: self.has_contact.then_some(true),
            has_sponsored_posts: sponsored,
            last_posted_within_days: optional(
                &self.posted_within,
                "posted_within",
                "a whole number of days",
            )?,
            growth,
            hashtags: split_names(&self.hashtag),
            mentions: split_names(&self.mention),
            audience,
            audience_filters,
            min_credibility: percent_value(&self.min_cred, "min_cred")?,
            sort,
            offset: Some((page - 1) * PAGE_SIZE),
            cursor: None,
            limit: Some(PAGE_SIZE),
        })
    }

    /// The audience fields as filters and as the ranking's target (as `POST /v1/search`
    /// takes its `audience` object: the same items are both).
    fn audience(&self) -> Result<(Vec<AudienceFilterParts>, Option<AudienceTarget>), FieldError> {
        let dimension = |keys: &str, field: &str, min: &str, min_field: &str| {
            let keys: Vec<String> = keys
                .split(',')
                .map(str::trim)
                .filter(|key| !key.is_empty())
                .map(str::to_string)
                .collect();
            let share = percent_value(min, min_field)?;
            match (keys.is_empty(), share) {
                (true, None) => Ok(Vec::new()),
                (true, Some(_)) => Err(FieldError::new(
                    field,
                    format!("choose a value for the minimum share in {min_field}"),
                )),
                (false, None) => Err(FieldError::new(
                    min_field,
                    "give the minimum audience share in percent",
                )),
                (false, Some(share)) => Ok(keys.into_iter().map(|key| (key, share)).collect()),
            }
        };
        let countries = dimension(
            &self.aud_country,
            "aud_country",
            &self.aud_country_min,
            "aud_country_min",
        )?;
        let ages = dimension(&self.aud_age, "aud_age", &self.aud_age_min, "aud_age_min")?;
        let genders = dimension(
            &self.aud_gender,
            "aud_gender",
            &self.aud_gender_min,
            "aud_gender_min",
        )?;
        let languages = dimension(
            &self.aud_language,
            "aud_language",
            &self.aud_language_min,
            "aud_language_min",
        )?;
        if genders.len() > 1 {
            return Err(FieldError::new("aud_gender", "choose one gender"));
        }
        let gender = genders.into_iter().next();
        let filters = [
            (AudienceDimension::Country, countries.clone()),
            (AudienceDimension::Age, ages.clone()),
            (AudienceDimension::Gender, gender.iter().cloned().collect()),
            (AudienceDimension::Language, languages.clone()),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(dimension, items)| AudienceFilterParts { dimension, items })
        .collect::<Vec<_>>();
        if filters.is_empty() {
            return Ok((Vec::new(), None));
        }
        let target = AudienceTarget {
            countries,
            ages,
            gender,
            languages,
        };
        Ok((filters, Some(target)))
    }

    /// The query string of this form at `page` (empty fields left out).
    pub fn query_string(&self, page: usize) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        let mut pair = |name: &str, value: &str| {
            if !value.is_empty() {
                out.append_pair(name, value);
            }
        };
        pair("q", &self.q);
        for value in &self.platform {
            pair("platform", value);
        }
        pair("followers_min", &self.followers_min);
        pair("followers_max", &self.followers_max);
        for value in &self.tier {
            pair("tier", value);
        }
        pair("er_min", &self.er_min);
        pair("er_max", &self.er_max);
        for value in &self.niche {
            pair("niche", value);
        }
        for value in &self.exclude_niche {
            pair("exclude_niche", value);
        }
        pair("country", &self.country.join(","));
        pair("language", &self.language.join(","));
        pair("aud_age", &self.aud_age);
        pair("aud_age_min", &self.aud_age_min);
        pair("aud_gender", &self.aud_gender);
        pair("aud_gender_min", &self.aud_gender_min);
        pair("aud_country", &self.aud_country);
        pair("aud_country_min", &self.aud_country_min);
        pair("aud_language", &self.aud_language);
        pair("aud_language_min", &self.aud_language_min);
        pair("min_cred", &self.min_cred);
        if self.has_contact {
            pair("has_contact", "1");
        }
        if self.sponsored != "any" {
            pair("sponsored", &self.sponsored);
        }
        pair("posted_within", &self.posted_within);
        pair("growth_period", &self.growth_period);
        pair("growth_min", &self.growth_min);
        pair("hashtag", &self.hashtag);
        pair("mention", &self.mention);
        if self.sort != "relevance" {
            pair("sort", &self.sort);
        }
        if page > 1 {
            pair("page", &page.to_string());
        }
        out.finish()
    }
}

/// The follower bounds of a set of tiers (which must be adjacent), `None` without tiers.
fn tier_bounds(tiers: &[Tier]) -> Result<Option<(u64, Option<u64>)>, FieldError> {
    let mut positions: Vec<usize> = tiers
        .iter()
        .filter_map(|tier| Tier::ALL.iter().position(|candidate| candidate == tier))
        .collect();
    positions.sort_unstable();
    positions.dedup();
    let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
        return Ok(None);
    };
    if last - first + 1 != positions.len() {
        return Err(FieldError::new(
            "tier",
            "choose adjacent tiers (for example micro and mid): a follower range has no gaps",
        ));
    }
    let bounds = |tier: Tier| match tier {
        Tier::Nano => (0, Some(9_999)),
        Tier::Micro => (10_000, Some(99_999)),
        Tier::Mid => (100_000, Some(499_999)),
        Tier::Macro => (500_000, Some(999_999)),
        Tier::Mega => (1_000_000, None),
    };
    Ok(Some((
        bounds(Tier::ALL[first]).0,
        bounds(Tier::ALL[last]).1,
    )))
}

fn parse_items<T: FromStr>(items: &[String], field: &str) -> Result<Vec<T>, FieldError>
where
    T::Err: std::fmt::Display,
{
    items
        .iter()
        .map(|item| {
            item.parse::<T>()
                .map_err(|error| FieldError::new(field, error.to_string()))
        })
        .collect()
}

fn optional<T: FromStr>(raw: &str, field: &str, expected: &str) -> Result<Option<T>, FieldError> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<T>()
        .map(Some)
        .map_err(|_| FieldError::new(field, format!("{raw:?} is not {expected}")))
}

/// A percentage field as a fraction (`2.5` → `0.025`).
fn percent_value(raw: &str, field: &str) -> Result<Option<f64>, FieldError> {
    if raw.is_empty() {
        return Ok(None);
    }
    let raw_number = raw.trim_end_matches('%').trim();
    match raw_number.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(value / 100.0)),
        _ => Err(FieldError::new(
            field,
            format!("{raw:?} is not a number of percent"),
        )),
    }
}

fn split_names(raw: &str) -> Vec<String> {
    raw.split([',', ' '])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// The form field a pipeline error names (its path in the JSON API's body).
pub fn form_field(pipeline_field: &str) -> &'static str {
    let starts = |prefix: &str| pipeline_field.starts_with(prefix);
    let min_share = pipeline_field.ends_with("min_share");
    if starts("query") {
        "q"
    } else if starts("hashtags") {
        "hashtag"
    } else if starts("mentions") {
        "mention"
    } else if starts("followers.max") {
        "followers_max"
    } else if starts("followers") {
        "followers_min"
    } else if starts("engagement_rate.max") {
        "er_max"
    } else if starts("engagement_rate") {
        "er_min"
    } else if starts("creator.countries") {
        "country"
    } else if starts("creator.languages") {
        "language"
    } else if starts("last_posted_within_days") {
        "posted_within"
    } else if starts("growth") {
        "growth_min"
    } else if starts("min_credibility") {
        "min_cred"
    } else if starts("audience.ages") {
        if min_share {
            "aud_age_min"
        } else {
            "aud_age"
        }
    } else if starts("audience.gender") {
        if min_share {
            "aud_gender_min"
        } else {
            "aud_gender"
        }
    } else if starts("audience.countries") {
        if min_share {
            "aud_country_min"
        } else {
            "aud_country"
        }
    } else if starts("audience.languages") {
        if min_share {
            "aud_language_min"
        } else {
            "aud_language"
        }
    } else if starts("audience") {
        "aud_country"
    } else if starts("niches") {
        "niche"
    } else if starts("platforms") {
        "platform"
    } else if starts("sort") {
        "sort"
    } else {
        "page"
    }
}

/// `GET /`: the search form with the results of what it holds.
pub async fn page(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (form, unknown) = SearchForm::parse(raw.as_deref().unwrap_or_default());
    let checked = match unknown {
        Some(error) => Err(error),
        None => form.to_parts().and_then(|parts| {
            SearchQuery::new(parts).map_err(|error| match error {
                crate::pipeline::PipelineError::Invalid { field, message } => {
                    FieldError::new(form_field(&field), message)
                }
                other => FieldError::new("q", other.to_string()),
            })
        }),
    };
    let query = match checked {
        Ok(query) => query,
        Err(error) => {
            let body = render(&form, None, Some(&error));
            return (StatusCode::BAD_REQUEST, body).into_response();
        }
    };
    let shortlists = if may_write(key.as_ref()) {
        match owner_shortlists(&state, &owner_of(key)).await {
            Ok(lists) => Some(lists),
            Err(error) => return error.into_response(),
        }
    } else {
        None
    };
    match crate::web::blocking(&state, move |service| service.search(&query)).await {
        Ok(results) => render(&form, Some((&results, shortlists.as_deref())), None).into_response(),
        Err(PageError::Invalid { field, message }) => {
            let error = FieldError::new(form_field(&field), message);
            (StatusCode::BAD_REQUEST, render(&form, None, Some(&error))).into_response()
        }
        Err(other) => other.into_response(),
    }
}

/// Whether the request's key may change shortlists (always with auth off).
pub fn may_write(key: Option<&Extension<Arc<ApiKey>>>) -> bool {
    key.is_none_or(|Extension(key)| key.scopes.contains(&Scope::Write))
}

/// The results with the owner's shortlists for the cards' add form (`None`: no form).
type Shown<'a> = (&'a SearchResults, Option<&'a [ShortlistInfo]>);

fn render(form: &SearchForm, shown: Option<Shown<'_>>, error: Option<&FieldError>) -> Markup {
    let facets = shown.map(|(results, _)| &results.facets);
    let title = if form.q.is_empty() {
        "Search".to_string()
    } else {
        format!("{} — Search", form.q)
    };
    let body = html! {
        h1.visually-hidden { "Search creators" }
        // The results stay outside the form: their add-to-shortlist forms cannot nest in it.
        div.search-page {
            form #search-form method="get" action="/" role="search" {
                div.query-row {
                    label.visually-hidden for="f-q" { "Search text" }
                    input #f-q type="search" name="q" value=(form.q)
                        placeholder="vegan fitness, bio:coach, #mealprep…" maxlength="500"
                        aria-invalid=[invalid(error, "q")];
                    button #search-submit type="submit" { "Search" }
                }
                @if let Some(error) = error {
                    p #form-error role="alert" data-field=(error.field) {
                        strong { (error.field) } ": " (error.message)
                    }
                }
                (filters(form, facets, error))
            }
            section.results aria-labelledby="results-heading" {
                (results_section(form, shown))
            }
        }
    };
    layout_page(&title, Nav::Search, body)
}

fn invalid(error: Option<&FieldError>, field: &str) -> Option<&'static str> {
    error.filter(|error| error.field == field).map(|_| "true")
}

fn facet_count(values: Option<&Vec<FacetCount>>, value: &str) -> u64 {
    values
        .and_then(|values| values.iter().find(|facet| facet.value == value))
        .map_or(0, |facet| facet.count)
}

/// A labelled checkbox with its facet count.
fn checkbox(
    field: &str,
    value: &str,
    label: &str,
    checked: bool,
    facet: &str,
    counts: Option<&Vec<FacetCount>>,
) -> Markup {
    let id = format!("f-{}-{}", field.replace('_', "-"), value);
    html! {
        div.option {
            input type="checkbox" id=(id) name=(field) value=(value) checked[checked];
            label for=(id) { (label) }
            @if counts.is_some() {
                span.facet-count data-facet=(facet) data-value=(value) aria-label=(format!("{} matches", facet_count(counts, value))) {
                    (facet_count(counts, value))
                }
            }
        }
    }
}

/// A labelled text or number input.
fn field(
    id: &str,
    name: &str,
    label: &str,
    value: &str,
    kind: &str,
    hint: Option<&str>,
    error: Option<&FieldError>,
) -> Markup {
    html! {
        div.field {
            label for=(id) { (label) }
            input id=(id) name=(name) type=(kind) value=(value)
                step=[(kind == "number").then_some("any")] min=[(kind == "number").then_some("0")]
                placeholder=[hint] aria-invalid=[invalid(error, name)] aria-describedby=[invalid(error, name).map(|_| "form-error")];
        }
    }
}

fn select(
    id: &str,
    name: &str,
    label: &str,
    selected: &str,
    options: &[(&str, &str)],
    error: Option<&FieldError>,
) -> Markup {
    let known = options.iter().any(|(value, _)| *value == selected);
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[invalid(error, name)] aria-describedby=[invalid(error, name).map(|_| "form-error")] {
                @for (value, text) in options {
                    option value=(value) selected[*value == selected] { (text) }
                }
                @if !known && !selected.is_empty() {
                    option value=(selected) selected { (selected) }
                }
            }
        }
    }
}

fn filters(form: &SearchForm, facets: Option<&IndexFacets>, error: Option<&FieldError>) -> Markup {
    let checked = |values: &[String], value: &str| values.iter().any(|item| item == value);
    let age_options: Vec<(&str, &str)> = std::iter::once(("", "any"))
        .chain(AGE_RANGES.iter().map(|range| (*range, *range)))
        .collect();
    let sorts: Vec<(&str, &str)> = SORTS
        .iter()
        .copied()
        .filter(|(value, _)| SearchSort::from_str(value).is_ok())
        .collect();
    html! {
        div.filters {
            h2 { "Filters" }
            fieldset {
                legend { "Platform" }
                @for platform in Platform::ALL {
                    (checkbox("platform", platform.as_str(), platform.as_str(), checked(&form.platform, platform.as_str()), "platform", facets.map(|f| &f.platform)))
                }
            }
            fieldset {
                legend { "Followers" }
                div.pair {
                    div { (field("f-followers-min", "followers_min", "Minimum", &form.followers_min, "number", None, error)) }
                    div { (field("f-followers-max", "followers_max", "Maximum", &form.followers_max, "number", None, error)) }
                }
                @for tier in Tier::ALL {
                    (checkbox("tier", tier.as_str(), &tier_label(tier), checked(&form.tier, tier.as_str()), "tier", facets.map(|f| &f.tier)))
                }
            }
            fieldset {
                legend { "Engagement rate (%)" }
                div.pair {
                    div { (field("f-er-min", "er_min", "Minimum %", &form.er_min, "number", None, error)) }
                    div { (field("f-er-max", "er_max", "Maximum %", &form.er_max, "number", None, error)) }
                }
            }
            fieldset {
                legend { "Niches" }
                div.niche-options {
                    @for niche in Niche::ALL {
                        (checkbox("niche", niche.as_str(), niche.as_str(), checked(&form.niche, niche.as_str()), "niche", facets.map(|f| &f.niche)))
                    }
                }
                div.field {
                    label for="f-exclude-niche" { "Exclude niches" }
                    select #f-exclude-niche name="exclude_niche" multiple size="4" aria-invalid=[invalid(error, "exclude_niche")] {
                        @for niche in Niche::ALL {
                            option value=(niche.as_str()) selected[checked(&form.exclude_niche, niche.as_str())] { (niche.as_str()) }
                        }
                    }
                }
            }
            fieldset {
                legend { "Creator" }
                (field("f-country", "country", "Countries (codes, comma-separated)", &form.country.join(","), "text", None, error))
                (top_facets("country", facets.map(|f| &f.country)))
                (field("f-language", "language", "Languages (codes, comma-separated)", &form.language.join(","), "text", None, error))
                (top_facets("language", facets.map(|f| &f.language)))
            }
            fieldset {
                legend { "Audience (estimated)" }
                div.pair {
                    div { (select("f-aud-age", "aud_age", "Age range", &form.aud_age, &age_options, error)) }
                    div { (field("f-aud-age-min", "aud_age_min", "at least %", &form.aud_age_min, "number", None, error)) }
                }
                div.pair {
                    div { (select("f-aud-gender", "aud_gender", "Gender", &form.aud_gender, &[("", "any"), ("female", "female"), ("male", "male")], error)) }
                    div { (field("f-aud-gender-min", "aud_gender_min", "at least %", &form.aud_gender_min, "number", None, error)) }
                }
                div.pair {
                    div { (field("f-aud-country", "aud_country", "Countries (any of, e.g. BR,PT)", &form.aud_country, "text", None, error)) }
                    div { (field("f-aud-country-min", "aud_country_min", "at least %", &form.aud_country_min, "number", None, error)) }
                }
                div.pair {
                    div { (field("f-aud-language", "aud_language", "Languages (any of)", &form.aud_language, "text", None, error)) }
                    div { (field("f-aud-language-min", "aud_language_min", "at least %", &form.aud_language_min, "number", None, error)) }
                }
            }
            fieldset {
                legend { "Quality and activity" }
                (field("f-min-cred", "min_cred", "Minimum credibility %", &form.min_cred, "number", None, error))
                div.option {
                    input #f-has-contact type="checkbox" name="has_contact" value="1" checked[form.has_contact];
                    label for="f-has-contact" { "Has a contact e-mail" }
                }
                (select("f-sponsored", "sponsored", "Sponsored posts", if form.sponsored.is_empty() { "any" } else { &form.sponsored }, &[("any", "any"), ("yes", "has sponsored posts"), ("no", "no sponsored posts")], error))
                (field("f-posted-within", "posted_within", "Posted within (days)", &form.posted_within, "number", None, error))
                div.pair {
                    div { (select("f-growth-period", "growth_period", "Growth over", &form.growth_period, &[("", "3 months"), ("1m", "1 month"), ("6m", "6 months")], error)) }
                    div { (field("f-growth-min", "growth_min", "at least % growth", &form.growth_min, "number", None, error)) }
                }
                (field("f-hashtag", "hashtag", "Used hashtags (any of)", &form.hashtag, "text", None, error))
                (field("f-mention", "mention", "Mentioned accounts (any of)", &form.mention, "text", None, error))
            }
            (select("f-sort", "sort", "Sort by", if form.sort.is_empty() { "relevance" } else { &form.sort }, &sorts, error))
            button #filters-submit type="submit" { "Apply filters" }
            " "
            a href="/" { "Clear all" }
        }
    }
}

fn tier_label(tier: Tier) -> String {
    let range = match tier {
        Tier::Nano => "under 10k",
        Tier::Micro => "10k–100k",
        Tier::Mid => "100k–500k",
        Tier::Macro => "500k–1M",
        Tier::Mega => "over 1M",
    };
    format!("{tier} ({range})")
}

/// The most common values of a facet without options of its own (countries, languages).
fn top_facets(facet: &str, counts: Option<&Vec<FacetCount>>) -> Markup {
    let Some(counts) = counts.filter(|counts| !counts.is_empty()) else {
        return html! {};
    };
    html! {
        p.facet-top {
            "Most common: "
            @for (position, count) in counts.iter().take(6).enumerate() {
                @if position > 0 { ", " }
                (count.value) " "
                span.facet-count data-facet=(facet) data-value=(count.value) { (count.count) }
            }
        }
    }
}

fn results_section(form: &SearchForm, shown: Option<Shown<'_>>) -> Markup {
    let Some((results, shortlists)) = shown else {
        return html! {
            h2 #results-heading { "Results" }
            p { "Fix the field above to see results." }
        };
    };
    let page = form.page_number().unwrap_or(1);
    let first = results.offset + 1;
    let last = results.offset + results.results.len();
    html! {
        div.results-head {
            h2 #results-heading { "Results" }
            p #result-count aria-live="polite" {
                @if results.total == 0 {
                    "No creator matches."
                } @else if results.results.is_empty() {
                    (thousands(results.total as u64)) " creators match; this page is past the last."
                } @else {
                    (thousands(results.total as u64)) " creators match · showing " (first) "–" (last)
                }
            }
        }
        @if !results.query_niches.is_empty() {
            p.query-niches {
                "Read as: "
                @for niche in &results.query_niches {
                    span.tag { (niche.niche.as_str()) " " (format!("{:.0}%", niche.probability * 100.0)) } " "
                }
            }
        }
        div #results {
            @for result in &results.results {
                (card(result, CardOptions {
                    weights: None,
                    actions: shortlists.map(|lists| add_form(&result.id, lists)),
                }))
            }
        }
        @if page > 1 || results.next_cursor.is_some() {
            nav #pagination aria-label="Pages" {
                @if page > 1 {
                    a rel="prev" href=(format!("/?{}", form.query_string(page - 1))) { "← Previous" }
                }
                span { "Page " (page) }
                @if results.next_cursor.is_some() {
                    a rel="next" href=(format!("/?{}", form.query_string(page + 1))) { "Next →" }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reaches_the_search_parts() {
        let (form, unknown) = SearchForm::parse(
            "q=vegan&platform=mastodon&platform=youtube&followers_min=1000&er_min=2.5&niche=food,fitness\
             &country=BR,pt&language=pt&aud_age=18-34&aud_age_min=50&aud_gender=female&aud_gender_min=60\
             &aud_country=BR,PT&aud_country_min=30&aud_language=pt&aud_language_min=40&min_cred=70\
             &has_contact=1&sponsored=no&posted_within=30&growth_period=1m&growth_min=5&sort=followers&page=3",
        );
        assert_eq!(unknown, None);
        let parts = form.to_parts().unwrap();
        assert_eq!(parts.text.as_deref(), Some("vegan"));
        assert_eq!(parts.platforms, vec![Platform::Mastodon, Platform::Youtube]);
        assert_eq!(parts.min_followers, Some(1000));
        assert_eq!(parts.min_engagement_rate, Some(0.025));
        assert_eq!(parts.niches, vec![Niche::Food, Niche::Fitness]);
        assert_eq!(parts.countries, vec!["BR", "pt"]);
        assert_eq!(parts.min_credibility, Some(0.7));
        assert_eq!(parts.has_contact, Some(true));
        assert_eq!(parts.has_sponsored_posts, Some(false));
        assert_eq!(parts.last_posted_within_days, Some(30));
        assert_eq!(parts.growth.unwrap().period, GrowthPeriod::OneMonth);
        assert_eq!(parts.sort, SearchSort::Followers);
        assert_eq!(parts.offset, Some(2 * PAGE_SIZE));
        assert_eq!(parts.audience_filters.len(), 4);
        let target = parts.audience.unwrap();
        assert_eq!(
            target.countries,
            vec![("BR".to_string(), 0.3), ("PT".to_string(), 0.3)]
        );
        assert_eq!(target.gender, Some(("female".to_string(), 0.6)));
        assert!(SearchQuery::new(form.to_parts().unwrap()).is_ok());
    }

    #[test]
    fn bad_values_name_their_form_field() {
        let field_of = |raw: &str| {
            let (form, unknown) = SearchForm::parse(raw);
            unknown
                .or_else(|| form.to_parts().err())
                .map(|error| error.field)
        };
        assert_eq!(
            field_of("followers_min=abc").as_deref(),
            Some("followers_min")
        );
        assert_eq!(field_of("er_max=lots").as_deref(), Some("er_max"));
        assert_eq!(field_of("platform=myspace").as_deref(), Some("platform"));
        assert_eq!(field_of("tier=nano&tier=mega").as_deref(), Some("tier"));
        assert_eq!(
            field_of("aud_country=BR").as_deref(),
            Some("aud_country_min")
        );
        assert_eq!(field_of("page=0").as_deref(), Some("page"));
        assert_eq!(field_of("sponsored=maybe").as_deref(), Some("sponsored"));
        assert_eq!(field_of("limit=5").as_deref(), Some("limit"));
        assert_eq!(field_of("q=x&followers_min=").as_deref(), None);
        assert_eq!(form_field("creator.countries[1]"), "country");
        assert_eq!(form_field("audience.ages[0].min_share"), "aud_age_min");
        assert_eq!(form_field("engagement_rate.max"), "er_max");
    }

    #[test]
    fn tiers_become_a_follower_range() {
        let (form, _) = SearchForm::parse("tier=micro&tier=mid&followers_min=50000");
        let parts = form.to_parts().unwrap();
        assert_eq!(parts.min_followers, Some(50_000));
        assert_eq!(parts.max_followers, Some(499_999));
        let (form, _) = SearchForm::parse("tier=mega");
        let parts = form.to_parts().unwrap();
        assert_eq!(
            (parts.min_followers, parts.max_followers),
            (Some(1_000_000), None)
        );
    }

    #[test]
    fn the_url_round_trips_the_form() {
        let raw = "q=vegan+fitness&platform=bluesky&niche=fitness&aud_country=BR%2CPT&aud_country_min=30&sort=followers";
        let (form, _) = SearchForm::parse(raw);
        let (again, _) = SearchForm::parse(&form.query_string(2));
        assert_eq!(again.page, "2");
        assert_eq!(
            SearchForm {
                page: String::new(),
                ..again
            },
            form
        );
    }
}
