//! `GET /brief`: a campaign brief as a form whose state lives in the URL (so a brief can be
//! bookmarked), answered with recommendations from [`crate::pipeline::recommend`] — the
//! function behind `POST /v1/recommendations` — rendered as the search page's cards.
//!
//! `GET /brief/results` takes the same parameters and answers only the `#recommendations`
//! section: moving a weight slider asks it (htmx) and swaps the list in place; without
//! JavaScript the submit button reloads the page.
//!
//! Parameters: `text`; `platform` and `tier` (repeated); the audience target `aud_age` +
//! `aud_age_min`, `aud_gender` + `aud_gender_min`, `aud_country` (comma list = OR) +
//! `aud_country_min`, `aud_language` (comma list = OR) + `aud_language_min` (minimum shares
//! in percent); the blend weights `w_niche`, `w_engagement`, `w_audience`, `w_credibility`
//! (0 to 100, only ratios matter; absent = the loaded models' weights); `limit` (1 to 50).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::{html, Markup};
use scout_models::{AudienceTarget, Platform, RankerWeights, Tier};

use crate::api::auth::ApiKey;
use crate::api::AppState;
use crate::pipeline::{recommend, Brief, PipelineError, Recommendations, ShortlistInfo};
use crate::web::card::{self, CardOptions};
use crate::web::layout::{self, Nav};
use crate::web::shortlists::{add_form, attempt, owner_of, owner_shortlists};
use crate::web::PageError;

/// Creators a brief page shows unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 20;
/// Largest weight a brief may set, as in `POST /v1/recommendations`.
const MAX_WEIGHT: f64 = 100.0;
/// The ages the audience target offers (any range the models parse is accepted).
const AGE_RANGES: [&str; 10] = [
    "13-17", "18-24", "25-34", "35-44", "45-54", "55+", "18-34", "25-44", "18-44", "35+",
];

/// A form value that is wrong, named by its form field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The `#form-error` paragraph naming the field.
pub(crate) fn form_error(error: &FieldError) -> Markup {
    html! {
        p #form-error role="alert" data-field=(error.field) {
            strong { (error.field) } ": " (error.message)
        }
    }
}

/// The four blend weights the page lets a marketer set: (part, parameter, label).
const WEIGHTS: [(&str, &str, &str); 4] = [
    ("niche", "w_niche", "Niche fit"),
    ("engagement", "w_engagement", "Engagement"),
    ("audience", "w_audience", "Audience match"),
    ("credibility", "w_credibility", "Credibility"),
];

fn default_weight(position: usize) -> f64 {
    let defaults = RankerWeights::default();
    [
        defaults.niche,
        defaults.engagement,
        defaults.audience,
        defaults.credibility,
    ][position]
}

/// The audience target fields (`aud_*`), as typed: a brief's target to score against.
#[derive(Debug, Clone, Default)]
pub(crate) struct AudienceForm {
    age: String,
    age_min: String,
    gender: String,
    gender_min: String,
    country: String,
    country_min: String,
    language: String,
    language_min: String,
}

impl AudienceForm {
    /// Takes `key` when it is one of the audience fields.
    pub(crate) fn set(&mut self, key: &str, value: &str) -> bool {
        let slot = match key {
            "aud_age" => &mut self.age,
            "aud_age_min" => &mut self.age_min,
            "aud_gender" => &mut self.gender,
            "aud_gender_min" => &mut self.gender_min,
            "aud_country" => &mut self.country,
            "aud_country_min" => &mut self.country_min,
            "aud_language" => &mut self.language,
            "aud_language_min" => &mut self.language_min,
            _ => return false,
        };
        *slot = value.trim().to_string();
        true
    }

    /// The fields with a value, as URL parameters.
    pub(crate) fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("aud_age", &self.age),
            ("aud_age_min", &self.age_min),
            ("aud_gender", &self.gender),
            ("aud_gender_min", &self.gender_min),
            ("aud_country", &self.country),
            ("aud_country_min", &self.country_min),
            ("aud_language", &self.language),
            ("aud_language_min", &self.language_min),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| (key, value.as_str()))
        .collect()
    }

    /// The target the fields describe; `None` when no dimension is set. Each dimension needs
    /// its minimum share (percent); countries and languages may list alternatives.
    pub(crate) fn target(&self) -> Result<Option<AudienceTarget>, FieldError> {
        let mut target = AudienceTarget::default();
        if !self.age.is_empty() {
            let min = min_share(&self.age_min, "aud_age_min")?;
            target.ages.push((self.age.clone(), min));
        }
        if !self.gender.is_empty() {
            let gender = self.gender.to_lowercase();
            if !["female", "male", "other"].contains(&gender.as_str()) {
                return Err(FieldError::new(
                    "aud_gender",
                    format!("{:?}: expected female, male or other", self.gender),
                ));
            }
            let min = min_share(&self.gender_min, "aud_gender_min")?;
            target.gender = Some((gender, min));
        }
        if !self.country.is_empty() {
            let min = min_share(&self.country_min, "aud_country_min")?;
            for code in codes(&self.country, "aud_country", 2)? {
                target.countries.push((code.to_uppercase(), min));
            }
        }
        if !self.language.is_empty() {
            let min = min_share(&self.language_min, "aud_language_min")?;
            for code in codes(&self.language, "aud_language", 2)? {
                target.languages.push((code.to_lowercase(), min));
            }
        }
        if target.is_empty() {
            return Ok(None);
        }
        target.validate().map_err(|error| {
            let message = error.to_string();
            let field = if message.contains("audience.ages") {
                "aud_age"
            } else if message.contains("audience.gender") {
                "aud_gender"
            } else if message.contains("audience.languages") {
                "aud_language"
            } else {
                "aud_country"
            };
            FieldError::new(field, message)
        })?;
        Ok(Some(target))
    }

    /// The fieldset of audience inputs, ids as on the search page (`#f-aud-age` …).
    pub(crate) fn fields(&self) -> Markup {
        let min_or = |value: &str, default: &str| {
            if value.is_empty() {
                default.to_string()
            } else {
                value.to_string()
            }
        };
        html! {
            fieldset .audience-target {
                legend { "Target audience" }
                p .hint { "Scored as audience match, not a filter. Minimum shares in percent." }
                div .pair {
                    div .field {
                        label for="f-aud-age" { "Age" }
                        select #f-aud-age name="aud_age" {
                            option value="" selected[self.age.is_empty()] { "Any" }
                            @for range in AGE_RANGES {
                                option value=(range) selected[self.age == range] { (range) }
                            }
                            @if !self.age.is_empty() && !AGE_RANGES.contains(&self.age.as_str()) {
                                option value=(self.age) selected { (self.age) }
                            }
                        }
                    }
                    div .field {
                        label for="f-aud-age-min" { "at least (%)" }
                        input #f-aud-age-min name="aud_age_min" type="number" min="0" max="100"
                            step="any" value=(min_or(&self.age_min, "50"));
                    }
                }
                div .pair {
                    div .field {
                        label for="f-aud-gender" { "Gender" }
                        select #f-aud-gender name="aud_gender" {
                            option value="" selected[self.gender.is_empty()] { "Any" }
                            @for gender in ["female", "male"] {
                                option value=(gender) selected[self.gender.eq_ignore_ascii_case(gender)] { (gender) }
                            }
                        }
                    }
                    div .field {
                        label for="f-aud-gender-min" { "at least (%)" }
                        input #f-aud-gender-min name="aud_gender_min" type="number" min="0"
                            max="100" step="any" value=(min_or(&self.gender_min, "50"));
                    }
                }
                div .pair {
                    div .field {
                        label for="f-aud-country" { "Countries (any of, e.g. BR,PT)" }
                        input #f-aud-country name="aud_country" type="text" value=(self.country)
                            autocomplete="off";
                    }
                    div .field {
                        label for="f-aud-country-min" { "at least (%)" }
                        input #f-aud-country-min name="aud_country_min" type="number" min="0"
                            max="100" step="any" value=(min_or(&self.country_min, "30"));
                    }
                }
                div .pair {
                    div .field {
                        label for="f-aud-language" { "Languages (e.g. pt)" }
                        input #f-aud-language name="aud_language" type="text"
                            value=(self.language) autocomplete="off";
                    }
                    div .field {
                        label for="f-aud-language-min" { "at least (%)" }
                        input #f-aud-language-min name="aud_language_min" type="number" min="0"
                            max="100" step="any" value=(min_or(&self.language_min, "30"));
                    }
                }
            }
        }
    }
}

/// A share typed in percent, as a fraction.
fn min_share(raw: &str, field: &str) -> Result<f64, FieldError> {
    if raw.is_empty() {
        return Err(FieldError::new(field, "give the minimum share in percent"));
    }
    raw.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite() && (0.0..=100.0).contains(value))
        .map(|value| value / 100.0)
        .ok_or_else(|| FieldError::new(field, format!("{raw:?} is not a percentage (0 to 100)")))
}

/// A comma list of letter codes of `length` letters.
fn codes(raw: &str, field: &str, length: usize) -> Result<Vec<String>, FieldError> {
    let codes: Vec<String> = raw
        .split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(str::to_string)
        .collect();
    match codes
        .iter()
        .find(|code| code.len() != length || !code.chars().all(|c| c.is_ascii_alphabetic()))
    {
        Some(bad) => Err(FieldError::new(
            field,
            format!("{bad:?} is not a {length}-letter code"),
        )),
        None => Ok(codes),
    }
}

/// The brief form as typed (kept raw so that a bad value is shown back as it was).
#[derive(Debug, Clone, Default)]
pub(crate) struct BriefForm {
    text: String,
    platforms: Vec<String>,
    tiers: Vec<String>,
    audience: AudienceForm,
    weights: [Option<String>; 4],
    limit: Option<String>,
    /// Whether any parameter came: a bare `/brief` shows the empty form.
    submitted: bool,
}

impl BriefForm {
    /// Reads the URL's parameters; an unknown one is the first error.
    pub(crate) fn from_query(raw: Option<&str>) -> (BriefForm, Option<FieldError>) {
        let mut form = BriefForm::default();
        let mut unknown = None;
        for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            form.submitted = true;
            let key = key.as_ref();
            match key {
                "text" => form.text = value.into_owned(),
                "platform" => form.platforms.extend(split_list(&value)),
                "tier" => form.tiers.extend(split_list(&value)),
                "limit" => form.limit = Some(value.trim().to_string()),
                other => {
                    if let Some(position) = WEIGHTS.iter().position(|(_, name, _)| *name == other) {
                        form.weights[position] = Some(value.trim().to_string());
                    } else if !form.audience.set(other, &value) && unknown.is_none() {
                        unknown = Some(FieldError::new(
                            other,
                            "unknown parameter: expected text, platform, tier, aud_*, w_niche, \
                             w_engagement, w_audience, w_credibility or limit",
                        ));
                    }
                }
            }
        }
        (form, unknown)
    }

    /// The validated brief, its errors named by form field.
    pub(crate) fn brief(&self) -> Result<Brief, FieldError> {
        let platforms = parse_each::<Platform>(&self.platforms, "platform")?;
        let tiers = parse_each::<Tier>(&self.tiers, "tier")?;
        let audience = self.audience.target()?;
        let weights = if self.weights.iter().any(Option::is_some) {
            let defaults = RankerWeights::default();
            let mut values = [0.0; 4];
            for (position, (_, name, _)) in WEIGHTS.iter().enumerate() {
                values[position] = match self.weights[position].as_deref() {
                    None | Some("") => default_weight(position),
                    Some(raw) => raw
                        .parse::<f64>()
                        .ok()
                        .filter(|value| value.is_finite() && (0.0..=MAX_WEIGHT).contains(value))
                        .ok_or_else(|| {
                            FieldError::new(
                                *name,
                                format!("{raw:?} is not a number between 0 and {MAX_WEIGHT}"),
                            )
                        })?,
                };
            }
            Some(RankerWeights {
                text: defaults.text,
                niche: values[0],
                engagement: values[1],
                audience: values[2],
                credibility: values[3],
            })
        } else {
            None
        };
        let limit = match self.limit.as_deref() {
            None | Some("") => DEFAULT_LIMIT,
            Some(raw) => raw
                .parse::<usize>()
                .map_err(|_| FieldError::new("limit", format!("{raw:?} is not a whole number")))?,
        };
        let text = self.text.trim();
        Ok(Brief {
            text: (!text.is_empty()).then(|| text.to_string()),
            platforms,
            tiers,
            audience,
            weights,
            limit: Some(limit),
            ..Brief::default()
        })
    }

    /// The form's state as a query string (for the address bar after an in-place update).
    fn query_string(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("text", &self.text);
        for platform in &self.platforms {
            query.append_pair("platform", platform);
        }
        for tier in &self.tiers {
            query.append_pair("tier", tier);
        }
        for (key, value) in self.audience.pairs() {
            query.append_pair(key, value);
        }
        for (position, (_, name, _)) in WEIGHTS.iter().enumerate() {
            if let Some(value) = &self.weights[position] {
                query.append_pair(name, value);
            }
        }
        if let Some(limit) = &self.limit {
            query.append_pair("limit", limit);
        }
        query.finish()
    }

    /// The slider position of weight `position`: as typed when it is a number, else the default.
    fn weight_shown(&self, position: usize) -> f64 {
        self.weights[position]
            .as_deref()
            .and_then(|raw| raw.parse::<f64>().ok())
            .filter(|value| value.is_finite())
            .unwrap_or_else(|| default_weight(position))
    }
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_each<T: std::str::FromStr>(items: &[String], field: &str) -> Result<Vec<T>, FieldError>
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

/// The pipeline's answer as the page shows it: recommendations, a user mistake (by field), or
/// a fault.
enum Outcome {
    NotAsked,
    Ranked(Recommendations),
    Invalid(FieldError),
}

/// Runs the brief on a blocking thread; user mistakes come back as [`Outcome::Invalid`].
async fn run_brief(state: &AppState, form: &BriefForm) -> Result<Outcome, PageError> {
    let brief = match form.brief() {
        Ok(brief) => brief,
        Err(error) => return Ok(Outcome::Invalid(error)),
    };
    match attempt(state, move |service| recommend(service, brief)).await? {
        Ok(recommendations) => Ok(Outcome::Ranked(recommendations)),
        Err(PipelineError::Invalid { field, message }) => {
            Ok(Outcome::Invalid(FieldError::new(field, message)))
        }
        Err(other) => Err(PageError::from(other)),
    }
}

/// `GET /brief`: the form, and the recommendations when a brief was submitted.
pub(crate) async fn brief_page(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let (form, unknown) = BriefForm::from_query(raw.as_deref());
    let outcome = match unknown {
        Some(error) => Outcome::Invalid(error),
        None if form.submitted => run_brief(&state, &form).await?,
        None => Outcome::NotAsked,
    };
    let shortlists = owner_shortlists(&state, &owner_of(key)).await?;
    let status = match outcome {
        Outcome::Invalid(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let body = html! {
        h1 { "Campaign brief" }
        div .search-layout {
            (brief_form(&form, match &outcome { Outcome::Invalid(error) => Some(error), _ => None }))
            (recommendations_section(&outcome, &shortlists, false))
        }
    };
    Ok((status, layout::page("Campaign brief", Nav::Brief, body)).into_response())
}

/// `GET /brief/results`: only the `#recommendations` section (what htmx swaps in), with the
/// page's address for the browser's history in `HX-Push-Url`.
pub(crate) async fn brief_results(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let (form, unknown) = BriefForm::from_query(raw.as_deref());
    let outcome = match unknown {
        Some(error) => Outcome::Invalid(error),
        None => run_brief(&state, &form).await?,
    };
    let shortlists = owner_shortlists(&state, &owner_of(key)).await?;
    let status = match outcome {
        Outcome::Invalid(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let mut response =
        (status, recommendations_section(&outcome, &shortlists, true)).into_response();
    if let Ok(url) = HeaderValue::from_str(&format!("/brief?{}", form.query_string())) {
        response.headers_mut().insert("hx-push-url", url);
    }
    Ok(response)
}

/// `form#brief-form`: a GET form, so the brief is the page's URL.
fn brief_form(form: &BriefForm, error: Option<&FieldError>) -> Markup {
    html! {
        form #brief-form .filters method="get" action="/brief" {
            @if let Some(error) = error { (form_error(error)) }
            div .field {
                label for="brief-text" { "What is the campaign about?" }
                textarea #brief-text name="text" rows="3"
                    placeholder="vegan fitness recipes for busy parents" { (form.text) }
            }
            fieldset .platforms {
                legend { "Platforms" }
                @for platform in Platform::ALL {
                    @let id = format!("f-platform-{platform}");
                    @let checked = form.platforms.iter().any(|chosen| chosen.eq_ignore_ascii_case(platform.as_str()));
                    div .option {
                        input type="checkbox" id=(id) name="platform" value=(platform) checked[checked];
                        label for=(id) { (platform) }
                    }
                }
            }
            fieldset .tiers {
                legend { "Tiers" }
                @for tier in Tier::ALL {
                    @let id = format!("f-tier-{tier}");
                    @let checked = form.tiers.iter().any(|chosen| chosen.eq_ignore_ascii_case(tier.as_str()));
                    div .option {
                        input type="checkbox" id=(id) name="tier" value=(tier) checked[checked];
                        label for=(id) { (tier) " " small { (tier_span(tier)) } }
                    }
                }
            }
            (form.audience.fields())
            fieldset .weights {
                legend { "Weights" }
                p .hint { "Move a slider to re-rank; only the ratios matter." }
                @for (position, (part, name, label)) in WEIGHTS.iter().enumerate() {
                    @let id = format!("w-{part}");
                    @let value = form.weight_shown(position);
                    div .field .weight {
                        label for=(id) { (label) }
                        input type="range" id=(id) name=(name) min="0" max="1" step="0.05"
                            value=(value) aria-valuetext=(format!("{value:.2}"))
                            hx-get="/brief/results" hx-include="#brief-form"
                            hx-target="#recommendations" hx-swap="outerHTML"
                            hx-trigger="change";
                        output for=(id) { (format!("{value:.2}")) }
                    }
                }
            }
            @if let Some(limit) = &form.limit {
                input type="hidden" name="limit" value=(limit);
            }
            button #brief-submit type="submit" { "Recommend creators" }
        }
    }
}

/// Follower span of a tier, for its label.
fn tier_span(tier: Tier) -> &'static str {
    match tier {
        Tier::Nano => "(under 10k)",
        Tier::Micro => "(10k–100k)",
        Tier::Mid => "(100k–500k)",
        Tier::Macro => "(500k–1M)",
        Tier::Mega => "(over 1M)",
    }
}

/// `section#recommendations`: the ranked cards, or why there are none.
///
/// The whole page shows a mistake in the form's `#form-error`; the fragment alone carries it
/// in the section (`error_here`).
fn recommendations_section(
    outcome: &Outcome,
    shortlists: &[ShortlistInfo],
    error_here: bool,
) -> Markup {
    html! {
        section #recommendations aria-live="polite" aria-label="Recommendations" {
            @match outcome {
                Outcome::NotAsked => p .hint { "Describe the campaign and submit to see recommended creators." },
                Outcome::Invalid(error) => {
                    @if error_here { (form_error(error)) } @else { (form_error_text(error)) }
                }
                Outcome::Ranked(recommendations) => {
                    p #recommendation-count {
                        (recommendations.results.len()) " creators"
                        @if recommendations.excluded > 0 {
                            " (" (recommendations.excluded) " left out by tier)"
                        }
                        @if !recommendations.brief_niches.is_empty() {
                            " · niches read from the brief: "
                            (recommendations.brief_niches.iter()
                                .map(|niche| format!("{} {:.0}%", niche.niche, niche.probability * 100.0))
                                .collect::<Vec<_>>().join(", "))
                        }
                    }
                    @if recommendations.results.is_empty() {
                        p .empty { "No creator fits this brief: widen the platforms or tiers." }
                    }
                    @for creator in &recommendations.results {
                        (card::card(creator, CardOptions {
                            weights: recommendations.weights.as_ref(),
                            actions: Some(add_form(&creator.id, shortlists)),
                        }))
                    }
                }
            }
        }
    }
}

/// The error inside the results section (the form's `#form-error` is above).
fn form_error_text(error: &FieldError) -> Markup {
    html! { p .results-error { "Fix " (error.field) " to see recommendations." } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_its_parameters_and_names_bad_ones() {
        let (form, unknown) = BriefForm::from_query(Some(
            "text=vegan+fitness&platform=mastodon&platform=youtube&tier=micro&aud_country=br,pt\
             &aud_country_min=40&aud_age=18-34&aud_age_min=50&w_niche=0.9&w_engagement=0.1",
        ));
        assert!(unknown.is_none());
        let brief = form.brief().unwrap();
        assert_eq!(brief.text.as_deref(), Some("vegan fitness"));
        assert_eq!(brief.platforms, vec![Platform::Mastodon, Platform::Youtube]);
        assert_eq!(brief.tiers, vec![Tier::Micro]);
        let audience = brief.audience.unwrap();
        assert_eq!(
            audience.countries,
            vec![("BR".to_string(), 0.4), ("PT".to_string(), 0.4)]
        );
        assert_eq!(audience.ages, vec![("18-34".to_string(), 0.5)]);
        let weights = brief.weights.unwrap();
        assert_eq!((weights.niche, weights.engagement), (0.9, 0.1));
        assert_eq!(weights.audience, RankerWeights::default().audience);
        assert_eq!(weights.text, RankerWeights::default().text);
        assert_eq!(brief.limit, Some(DEFAULT_LIMIT));

        let (_, unknown) = BriefForm::from_query(Some("text=x&colour=red"));
        assert_eq!(unknown.unwrap().field, "colour");
        let field = |query: &str| {
            BriefForm::from_query(Some(query))
                .0
                .brief()
                .unwrap_err()
                .field
        };
        assert_eq!(field("w_audience=-1"), "w_audience");
        assert_eq!(field("w_niche=abc"), "w_niche");
        assert_eq!(field("platform=myspace"), "platform");
        assert_eq!(field("tier=giant"), "tier");
        assert_eq!(field("aud_country=BRA&aud_country_min=30"), "aud_country");
        assert_eq!(
            field("aud_country=BR&aud_country_min=130"),
            "aud_country_min"
        );
        assert_eq!(field("aud_age=18-34"), "aud_age_min");
        assert_eq!(field("aud_age=old&aud_age_min=20"), "aud_age");
        assert_eq!(field("aud_gender=robot&aud_gender_min=20"), "aud_gender");
        assert_eq!(field("limit=many"), "limit");
    }

    #[test]
    fn no_weights_means_the_models_weights_and_the_state_round_trips() {
        let (form, _) =
            BriefForm::from_query(Some("text=travel&aud_gender=female&aud_gender_min=60"));
        let brief = form.brief().unwrap();
        assert!(brief.weights.is_none());
        assert_eq!(
            brief.audience.unwrap().gender,
            Some(("female".to_string(), 0.6))
        );
        let (again, _) = BriefForm::from_query(Some(&form.query_string()));
        assert_eq!(again.query_string(), form.query_string());
        let (bare, unknown) = BriefForm::from_query(None);
        assert!(!bare.submitted && unknown.is_none());
    }
}
