//! `GET /creators/{id}`: one creator's page — profile, follower growth from the snapshots,
//! the estimated audience with its confidence, recent posts with their engagement,
//! credibility and its reasons, similar creators, linked accounts and where every figure
//! comes from. It reads what `GET /v1/creators/{id}`, `/history` and `/similar` read, plus
//! the model outputs the index holds for the creator (audience estimate, credibility).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use scout_models::audience::DimensionEstimate;
use scout_models::{
    engagement, estimate_audience, AudienceEstimate, CreatorId, Credibility, Post, Snapshot,
};

use crate::api::auth::ApiKey;
use crate::api::AppState;
use crate::pipeline::{
    CreatorHistory, CreatorView, PipelineError, SearchService, ShortlistInfo, SimilarCreators,
};
use crate::web::card::{avatar, creator_href};
use crate::web::layout::{compact, page as layout_page, percent, thousands, Nav};
use crate::web::search::may_write;
use crate::web::shortlists::{add_form, owner_of, owner_shortlists};
use crate::web::PageError;

/// Similar creators shown.
const SIMILAR: usize = 8;
/// Countries and languages shown per audience chart.
const TOP_SHARES: usize = 8;

/// Everything the page shows about one creator.
struct CreatorPage {
    view: CreatorView,
    history: Option<CreatorHistory>,
    similar: Option<SimilarCreators>,
    /// The audience estimate and whether it is the index's (else estimated now from the
    /// stored sample).
    audience: Option<(AudienceEstimate, bool)>,
    credibility: Option<Credibility>,
    /// The owner's shortlists for the add form; `None` when the key may not write.
    shortlists: Option<Vec<ShortlistInfo>>,
}

/// `GET /creators/{id}` (the id percent-encoded; unknown or malformed ids are 404).
pub async fn page(
    State(state): State<AppState>,
    key: Option<Extension<Arc<ApiKey>>>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    // A path that does not decode (bad percent-encoding) names no creator either.
    let Ok(Path(raw_id)) = path else {
        return PageError::NotFound(
            "the address does not decode to a creator id (`platform:handle`, percent-encoded)"
                .to_string(),
        )
        .into_response();
    };
    let Ok(id) = CreatorId::parse(raw_id.trim()) else {
        return PageError::NotFound(format!(
            "{raw_id:?} is not a creator id (`platform:handle`, such as mastodon:alice@social.example)"
        ))
        .into_response();
    };
    let shortlists = if may_write(key.as_ref()) {
        match owner_shortlists(&state, &owner_of(key)).await {
            Ok(lists) => Some(lists),
            Err(error) => return error.into_response(),
        }
    } else {
        None
    };
    let lookup = id.clone();
    let loaded = crate::web::blocking(&state, move |service| load(service, &lookup)).await;
    match loaded {
        Ok(Some(mut creator)) => {
            creator.shortlists = shortlists;
            render(&creator).into_response()
        }
        Ok(None) => PageError::NotFound(format!("no creator {id}")).into_response(),
        Err(error) => error.into_response(),
    }
}

fn load(service: &SearchService, id: &CreatorId) -> Result<Option<CreatorPage>, PipelineError> {
    let Some(view) = service.creator(id)? else {
        return Ok(None);
    };
    let history = service.history(id)?;
    let similar = service.similar(id, SIMILAR)?;
    let hit = service.index().hit(id)?;
    let credibility = hit.as_ref().and_then(|hit| hit.credibility.clone());
    let audience = match hit.and_then(|hit| hit.audience) {
        Some(estimate) => Some((estimate, true)),
        None => {
            let samples = service
                .store()?
                .creator(id)?
                .map(|record| record.audience)
                .unwrap_or_default();
            (!samples.is_empty()).then(|| (estimate_audience(&samples), false))
        }
    };
    Ok(Some(CreatorPage {
        view,
        history,
        similar,
        audience,
        credibility,
        shortlists: None,
    }))
}

fn render(creator: &CreatorPage) -> Markup {
    let view = &creator.view;
    let name = view
        .creator
        .display_name
        .as_deref()
        .unwrap_or(&view.creator.handle);
    let snapshots = creator
        .history
        .as_ref()
        .map_or(view.snapshots.as_slice(), |history| {
            history.snapshots.as_slice()
        });
    let body = html! {
        (profile(view, name, creator.shortlists.as_deref()))
        div.sections {
            section #growth aria-labelledby="growth-heading" {
                h2 #growth-heading { "Follower growth" }
                (growth_chart(snapshots))
            }
            (audience(creator.audience.as_ref(), view.audience_sample_size))
        }
        (posts(&view.recent_posts, view.creator.followers))
        div.sections {
            (credibility(creator.credibility.as_ref()))
            (similar(creator.similar.as_ref()))
        }
        (provenance(creator))
    };
    layout_page(name, Nav::None, body)
}

fn profile(view: &CreatorView, name: &str, shortlists: Option<&[ShortlistInfo]>) -> Markup {
    let creator = &view.creator;
    let expected = view
        .tier
        .map(|tier| engagement::expected_engagement_rate(creator.platform, tier));
    html! {
        section #profile aria-labelledby="profile-heading" {
            div.profile-head {
                (avatar(name, view.creator.avatar_url.as_deref()))
                div {
                    h1 #profile-heading .profile-name { (name) }
                    div {
                        span.profile-handle { "@" (creator.handle) }
                        " · "
                        span.profile-platform { (creator.platform.as_str()) }
                        " · "
                        a href=(creator.profile_url) rel="noopener noreferrer" { "Profile on " (creator.platform.as_str()) }
                    }
                }
            }
            dl.profile-facts {
                dt { "Followers" }
                dd.profile-followers {
                    @match creator.followers {
                        Some(followers) => {
                            (thousands(followers))
                            @if let Some(tier) = view.tier { " (" (tier) " tier)" }
                        }
                        None => "unknown",
                    }
                }
                dt { "Engagement rate" }
                dd.profile-er {
                    @match (view.engagement_rate, expected) {
                        (Some(rate), Some(expected)) => {
                            (percent(rate, 2)) " vs " (percent(expected, 2)) " expected for its tier"
                        }
                        (Some(rate), None) => (percent(rate, 2)),
                        _ => "unknown",
                    }
                }
                @if !view.niches.is_empty() {
                    dt { "Niches" }
                    dd.profile-niches {
                        @for niche in &view.niches {
                            span.tag { (niche.niche.as_str()) " " (format!("{:.0}%", niche.probability * 100.0)) } " "
                        }
                    }
                }
                @if let Some(location) = &creator.location {
                    dt { "Location" }
                    dd { (location) }
                }
                @if !creator.languages.is_empty() {
                    dt { "Languages" }
                    dd { (creator.languages.join(", ")) }
                }
                @if let Some(email) = &creator.contact_email {
                    dt { "Contact" }
                    dd { a href=(format!("mailto:{email}")) { (email) } }
                }
                @if let Some(posts) = creator.post_count {
                    dt { "Posts" }
                    dd { (thousands(posts)) }
                }
            }
            p.profile-bio { (creator.bio.as_deref().unwrap_or("No bio.")) }
            @if let Some(lists) = shortlists {
                div.card-actions { (add_form(&creator.id, lists)) }
            }
            section #linked-accounts aria-labelledby="linked-heading" {
                h2 #linked-heading { "Linked accounts" }
                @if view.linked_accounts.is_empty() {
                    p { "No other account of this person was found (accounts link when both sides point at each other)." }
                } @else {
                    ul {
                        @for account in &view.linked_accounts {
                            li.linked-account {
                                a href=(creator_href(&account.id)) { (account.id.as_str()) }
                                " (" (account.platform.as_str()) "), proven by "
                                @for (position, link) in account.evidence.iter().enumerate() {
                                    @if position > 0 { ", " }
                                    a href=(link.url) rel="noopener noreferrer" { (link.url) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Followers over the snapshots as an inline SVG line chart, with the numbers in a table for
/// screen readers.
fn growth_chart(snapshots: &[Snapshot]) -> Markup {
    let points: Vec<(DateTime<Utc>, u64)> = snapshots
        .iter()
        .filter_map(|snapshot| {
            snapshot
                .followers
                .map(|followers| (snapshot.taken_at, followers))
        })
        .collect();
    let (width, height, left, right, top, bottom) = (640.0, 220.0, 64.0, 16.0, 16.0, 32.0);
    let label = match (points.first(), points.last()) {
        (Some(first), Some(last)) => format!(
            "Followers from {} on {} to {} on {}, {} snapshots",
            thousands(first.1),
            first.0.format("%Y-%m-%d"),
            thousands(last.1),
            last.0.format("%Y-%m-%d"),
            points.len()
        ),
        _ => "No follower counts recorded yet".to_string(),
    };
    let min_followers = points.iter().map(|point| point.1).min().unwrap_or(0);
    let max_followers = points.iter().map(|point| point.1).max().unwrap_or(0);
    let span = (max_followers - min_followers).max(1) as f64;
    let first_time = points.first().map(|point| point.0.timestamp()).unwrap_or(0);
    let last_time = points.last().map(|point| point.0.timestamp()).unwrap_or(0);
    let time_span = (last_time - first_time).max(1) as f64;
    let plot_width = width - left - right;
    let plot_height = height - top - bottom;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|(time, followers)| {
            let x = if points.len() == 1 {
                left + plot_width / 2.0
            } else {
                left + (time.timestamp() - first_time) as f64 / time_span * plot_width
            };
            let y = if max_followers == min_followers {
                top + plot_height / 2.0
            } else {
                top + (1.0 - (*followers - min_followers) as f64 / span) * plot_height
            };
            (x, y)
        })
        .collect();
    let polyline: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    html! {
        figure.growth {
            svg #growth-chart .chart role="img" aria-label=(label) viewBox=(format!("0 0 {width} {height}")) xmlns="http://www.w3.org/2000/svg" {
                line.axis x1=(left) y1=(top) x2=(left) y2=(height - bottom) {}
                line.axis x1=(left) y1=(height - bottom) x2=(width - right) y2=(height - bottom) {}
                @if let (Some(first), Some(last)) = (points.first(), points.last()) {
                    text x=(left - 6.0) y=(top + 4.0) text-anchor="end" { (compact(max_followers)) }
                    text x=(left - 6.0) y=(height - bottom) text-anchor="end" { (compact(min_followers)) }
                    text x=(left) y=(height - 10.0) { (first.0.format("%Y-%m-%d")) }
                    text x=(width - right) y=(height - 10.0) text-anchor="end" { (last.0.format("%Y-%m-%d")) }
                    polyline.line points=(polyline.join(" ")) {}
                    @for (x, y) in &xy {
                        circle.dot cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="3" {}
                    }
                } @else {
                    text x=(width / 2.0) y=(height / 2.0) text-anchor="middle" { "No follower counts yet" }
                }
            }
            figcaption { (label) }
            table.visually-hidden {
                caption { "Snapshots" }
                thead { tr { th { "Date" } th { "Followers" } th { "Engagement rate" } } }
                tbody {
                    @for snapshot in snapshots {
                        tr {
                            td { (snapshot.taken_at.format("%Y-%m-%d %H:%M")) }
                            td { (snapshot.followers.map_or("unknown".to_string(), thousands)) }
                            td { (snapshot.engagement_rate.map_or("unknown".to_string(), |rate| percent(rate, 2))) }
                        }
                    }
                }
            }
        }
    }
}

fn audience(estimate: Option<&(AudienceEstimate, bool)>, sample_size: usize) -> Markup {
    html! {
        section #audience aria-labelledby="audience-heading" {
            h2 #audience-heading { "Audience (estimated)" }
            @match estimate {
                Some((estimate, indexed)) => {
                    p.audience-method {
                        "Estimated from " (estimate.sample_size) " public profiles of people who replied"
                        @if !indexed { " (computed now: the index does not hold this creator yet)" }
                        ", worth " (format!("{:.0}", estimate.human_weight)) " people after discounting bot-like ones."
                    }
                    (dimension_chart("audience-age", "Age", &estimate.age, usize::MAX))
                    (dimension_chart("audience-gender", "Gender", &estimate.gender, usize::MAX))
                    (dimension_chart("audience-country", "Country", &estimate.country, TOP_SHARES))
                    (dimension_chart("audience-language", "Language", &estimate.language, TOP_SHARES))
                }
                None => {
                    p { "No audience sample: " (sample_size) " reply profiles stored." }
                    @for (id, title) in [("audience-age", "Age"), ("audience-gender", "Gender"), ("audience-country", "Country"), ("audience-language", "Language")] {
                        div id=(id) .audience-dimension {
                            h3 { (title) }
                            p.confidence { "confidence 0 (no sample)" }
                        }
                    }
                }
            }
        }
    }
}

/// One audience dimension as horizontal bars (inline SVG) with its confidence.
fn dimension_chart(id: &str, title: &str, dimension: &DimensionEstimate, top: usize) -> Markup {
    let shares: Vec<_> = dimension.shares.iter().take(top).collect();
    let row_height = 22.0;
    let (width, label_width, value_width) = (420.0, 70.0, 50.0);
    let height = row_height * shares.len().max(1) as f64 + 4.0;
    let bar_space = width - label_width - value_width;
    let max_share = shares
        .iter()
        .map(|share| share.share)
        .fold(0.0_f64, f64::max)
        .max(0.01);
    let spoken: Vec<String> = shares
        .iter()
        .map(|share| format!("{} {}", share.key, percent(share.share, 0)))
        .collect();
    let label = format!(
        "{title}: {} (confidence {:.2})",
        if spoken.is_empty() {
            "no estimate".to_string()
        } else {
            spoken.join(", ")
        },
        dimension.confidence
    );
    html! {
        div id=(id) .audience-dimension {
            h3 { (title) }
            svg.chart role="img" aria-label=(label) viewBox=(format!("0 0 {width} {height}")) xmlns="http://www.w3.org/2000/svg" {
                @for (row, share) in shares.iter().enumerate() {
                    @let y = row as f64 * row_height + 2.0;
                    text x="0" y=(format!("{:.1}", y + 14.0)) { (share.key) }
                    rect.bar x=(label_width) y=(format!("{:.1}", y + 4.0)) height="12"
                        width=(format!("{:.1}", share.share / max_share * bar_space)) fill="currentColor" {}
                    text x=(width) y=(format!("{:.1}", y + 14.0)) text-anchor="end" { (percent(share.share, 0)) }
                }
            }
            p.visually-hidden { (label) }
            p.confidence {
                "confidence " (format!("{:.2}", dimension.confidence))
                " from " (dimension.sample_size) " profiles with evidence"
            }
        }
    }
}

fn posts(posts: &[Post], followers: Option<u64>) -> Markup {
    html! {
        section #posts aria-labelledby="posts-heading" {
            h2 #posts-heading { "Recent posts" }
            @if posts.is_empty() {
                p { "No posts stored." }
            } @else {
                div.table-wrap {
                    table {
                        thead {
                            tr {
                                th scope="col" { "Date" }
                                th scope="col" { "Post" }
                                th.num scope="col" { "Likes" }
                                th.num scope="col" { "Comments" }
                                th.num scope="col" { "Shares" }
                                th.num scope="col" { "Views" }
                                th.num scope="col" { "Engagement" }
                            }
                        }
                        tbody {
                            @for post in posts {
                                tr.post {
                                    td { (post.published_at.map_or("–".to_string(), |at| at.format("%Y-%m-%d").to_string())) }
                                    td.post-text {
                                        a href=(post.url) rel="noopener noreferrer" { (excerpt(&post.text, 160)) }
                                        @if post.sponsored { " " span.tag { "sponsored" } }
                                    }
                                    td.num { (count(post.likes)) }
                                    td.num { (count(post.comments)) }
                                    td.num { (count(post.shares)) }
                                    td.num { (count(post.views)) }
                                    td.num.post-engagement { (post_engagement(post, followers)) }
                                }
                            }
                        }
                    }
                }
                p.method { "Engagement of a post: (likes + comments + shares) / followers." }
            }
        }
    }
}

fn count(value: Option<u64>) -> String {
    value.map_or("–".to_string(), thousands)
}

fn post_engagement(post: &Post, followers: Option<u64>) -> String {
    let interactions = [post.likes, post.comments, post.shares];
    match followers {
        Some(followers) if followers > 0 && interactions.iter().any(Option::is_some) => {
            let total: u64 = interactions.iter().flatten().sum();
            percent(total as f64 / followers as f64, 2)
        }
        _ => "–".to_string(),
    }
}

fn excerpt(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(chars).collect();
    cut.push('…');
    cut
}

fn credibility(credibility: Option<&Credibility>) -> Markup {
    html! {
        section #credibility aria-labelledby="credibility-heading" {
            h2 #credibility-heading { "Credibility" }
            @match credibility {
                Some(credibility) => {
                    p.credibility-score {
                        "Score " strong { (format!("{:.2}", credibility.score)) } " of 1"
                        @if let Some(share) = credibility.suspicious_audience_share {
                            " · " (percent(share, 0)) " of sampled commenters look like bots"
                        }
                        " · from " (credibility.sample_size) " sampled commenters"
                    }
                    ul {
                        @if credibility.reasons.is_empty() {
                            li.credibility-reason { "No warning signs in the audience sample, the engagement pattern or the follower history." }
                        }
                        @for reason in &credibility.reasons {
                            li.credibility-reason { (reason) }
                        }
                    }
                }
                None => {
                    p { "Not scored yet: the index holds no credibility for this creator (run " code { "scout index" } ")." }
                }
            }
        }
    }
}

fn similar(similar: Option<&SimilarCreators>) -> Markup {
    html! {
        section #similar aria-labelledby="similar-heading" {
            h2 #similar-heading { "Similar creators" }
            @match similar.filter(|similar| !similar.results.is_empty()) {
                Some(similar) => {
                    ol {
                        @for other in &similar.results {
                            li {
                                a.similar-creator href=(creator_href(&other.id)) { (other.id.as_str()) }
                                " · " (other.platform.as_str())
                                @if let Some(followers) = other.followers { " · " (compact(followers)) " followers" }
                                " · similarity " (format!("{:.2}", other.similarity))
                                @if !other.niches.is_empty() {
                                    " · "
                                    @for niche in &other.niches { span.tag { (niche.niche.as_str()) } " " }
                                }
                            }
                        }
                    }
                    p.method { (similar.method) }
                }
                None => p { "No similar creators found (similarity needs trained niche models)." },
            }
        }
    }
}

/// Where each figure on the page comes from.
fn provenance(creator: &CreatorPage) -> Markup {
    let view = &creator.view;
    let source = &view.creator.provenance;
    let fetched = source.fetched_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let snapshots = creator
        .history
        .as_ref()
        .map_or(view.snapshots.len(), |history| history.snapshots.len());
    let history_method = creator
        .history
        .as_ref()
        .map_or("one snapshot per crawl", |history| history.method);
    let audience_method = match &creator.audience {
        Some((estimate, true)) => format!(
            "estimate from {} reply profiles (names, locations, languages, bios), as indexed",
            estimate.sample_size
        ),
        Some((estimate, false)) => format!(
            "estimate from {} reply profiles, computed for this page",
            estimate.sample_size
        ),
        None => "no reply profiles stored".to_string(),
    };
    let rows: Vec<(&str, &str, String, String)> = vec![
        (
            "Profile, followers, bio",
            source.source_url.as_str(),
            fetched.clone(),
            source.method.clone(),
        ),
        (
            "Follower history",
            source.source_url.as_str(),
            format!("{snapshots} snapshots"),
            history_method.to_string(),
        ),
        (
            "Engagement rate",
            source.source_url.as_str(),
            fetched.clone(),
            view.engagement_method.to_string(),
        ),
        (
            "Niches",
            source.source_url.as_str(),
            fetched.clone(),
            view.niche_method
                .clone()
                .unwrap_or_else(|| "no trained model".to_string()),
        ),
        (
            "Audience",
            source.source_url.as_str(),
            fetched.clone(),
            audience_method,
        ),
        (
            "Credibility",
            source.source_url.as_str(),
            fetched,
            if creator.credibility.is_some() {
                "bot-like audience share, commenters shared across creators, follower spikes and engagement anomalies, as indexed".to_string()
            } else {
                "not scored yet".to_string()
            },
        ),
    ];
    html! {
        section aria-labelledby="provenance-heading" {
            h2 #provenance-heading { "Where these figures come from" }
            div.table-wrap {
                table #provenance {
                    thead {
                        tr {
                            th scope="col" { "Figure" }
                            th scope="col" { "Source" }
                            th scope="col" { "Fetched" }
                            th scope="col" { "Method" }
                        }
                    }
                    tbody {
                        @for (figure, url, fetched, method) in &rows {
                            tr {
                                th scope="row" { (figure) }
                                td { a href=(url) rel="noopener noreferrer" { (url) } }
                                td { (fetched) }
                                td { (method) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn snapshot(day: u32, followers: u64) -> Snapshot {
        Snapshot {
            creator_id: CreatorId::parse("mastodon:ana@social.example").unwrap(),
            taken_at: Utc.with_ymd_and_hms(2026, 5, day, 0, 0, 0).unwrap(),
            followers: Some(followers),
            following: None,
            post_count: None,
            engagement_rate: Some(0.031),
        }
    }

    #[test]
    fn the_growth_chart_is_labelled_with_its_numbers() {
        let markup = growth_chart(&[snapshot(1, 1_000), snapshot(11, 1_750), snapshot(21, 2_500)])
            .into_string();
        assert!(markup.contains("role=\"img\""));
        assert!(markup
            .contains("Followers from 1,000 on 2026-05-01 to 2,500 on 2026-05-21, 3 snapshots"));
        assert_eq!(markup.matches("<circle").count(), 3);
        // The highest count is at the top of the plot, the lowest at the bottom.
        assert!(markup.contains("points=\"64.0,188.0 344.0,102.0 624.0,16.0\""));
        assert!(markup.contains("<td>3.10%</td>"));
        assert!(growth_chart(&[])
            .into_string()
            .contains("No follower counts"));
    }

    #[test]
    fn post_engagement_is_interactions_per_follower() {
        let post = Post {
            id: "1".to_string(),
            creator_id: CreatorId::parse("mastodon:ana@social.example").unwrap(),
            url: "https://social.example/@ana/1".to_string(),
            published_at: None,
            text: "hello".to_string(),
            hashtags: vec![],
            mentions: vec![],
            media_kind: None,
            language: None,
            likes: Some(30),
            comments: Some(5),
            shares: None,
            views: None,
            sponsored: false,
        };
        assert_eq!(post_engagement(&post, Some(1_000)), "3.50%");
        assert_eq!(post_engagement(&post, None), "–");
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
