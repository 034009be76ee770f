//! The card of one ranked creator, shared by the search results and the brief's
//! recommendations: who, how big, how engaged against the tier, which niches, the score as a
//! bar of its four parts and the evidence one click away.

use maud::{html, Markup};
use scout_models::{engagement, CreatorId, RankerWeights, Tier};

use crate::pipeline::RankedCreator;
use crate::web::layout::{compact, percent, thousands, visually_hidden};

/// What a card shows besides the result itself.
#[derive(Default)]
pub struct CardOptions<'a> {
    /// The blend weights the score was made with (a brief's): the bar's parts are then
    /// weighted by them; without, each part gets an equal quarter of the bar.
    pub weights: Option<&'a RankerWeights>,
    /// Rendered at the end of the card, e.g. the add-to-shortlist form.
    pub actions: Option<Markup>,
}

/// The four score parts of the bar: `data-part` name, label, value, weight (when known).
fn score_parts(
    result: &RankedCreator,
    weights: Option<&RankerWeights>,
) -> [(&'static str, &'static str, Option<f64>, f64); 4] {
    let breakdown = &result.breakdown;
    let weight = |pick: fn(&RankerWeights) -> f64| weights.map_or(1.0, pick);
    [
        (
            "niche",
            "Niche fit",
            breakdown.niche_fit,
            weight(|weights| weights.niche),
        ),
        (
            "engagement",
            "Engagement",
            breakdown.engagement,
            weight(|weights| weights.engagement),
        ),
        (
            "audience",
            "Audience match",
            breakdown.audience_match,
            weight(|weights| weights.audience),
        ),
        (
            "credibility",
            "Credibility",
            breakdown.credibility,
            weight(|weights| weights.credibility),
        ),
    ]
}

/// `article.card[data-creator-id]` for one result (the contract's card markup).
pub fn card(result: &RankedCreator, options: CardOptions<'_>) -> Markup {
    let name = result.display_name.as_deref().unwrap_or(&result.handle);
    let parts = score_parts(result, options.weights);
    let total_weight: f64 = parts.iter().map(|(_, _, _, weight)| weight.max(0.0)).sum();
    let href = creator_href(&result.id);
    html! {
        article.card data-creator-id=(result.id.as_str()) {
            div.card-head {
                (avatar(name, result.avatar_url.as_deref()))
                div {
                    h3.card-name { a.card-link href=(href) { (name) } }
                    div.card-handle { "@" (result.handle) }
                    div.card-platform { (result.platform.as_str()) }
                }
            }
            div.card-stats {
                span.card-followers {
                    @match result.followers {
                        Some(followers) => {
                            strong title=(thousands(followers)) { (compact(followers)) }
                            " followers"
                            @if let Some(tier) = result.tier { " (" (tier) ")" }
                        }
                        None => "followers unknown",
                    }
                }
                (engagement_vs_tier(result))
            }
            @if !result.niches.is_empty() {
                ul.card-niches aria-label="Niches" {
                    @for niche in &result.niches {
                        li title=(format!("probability {:.2}", niche.probability)) { (niche.niche.as_str()) }
                    }
                }
            } @else {
                ul.card-niches aria-label="Niches" {}
            }
            div.score {
                "Score " strong { (format!("{:.2}", result.score)) }
                div.score-bar role="img" aria-label=(score_label(&parts)) {
                    @for (part, label, value, weight) in &parts {
                        @let width = value.map_or(0.0, |value| {
                            if total_weight > 0.0 { value.clamp(0.0, 1.0) * weight.max(0.0) / total_weight * 100.0 } else { 0.0 }
                        });
                        @let text = part_text(label, *value);
                        span.score-part data-part=(part) style=(format!("width:{width:.1}%")) title=(text) {
                            (visually_hidden(&text))
                        }
                    }
                }
                ul.score-legend aria-hidden="true" {
                    @for (part, label, value, _) in &parts {
                        li {
                            span.swatch data-part=(part) {}
                            (label) " " (value.map_or("–".to_string(), |value| format!("{value:.2}")))
                        }
                    }
                }
            }
            details.evidence {
                summary { "Evidence" }
                (evidence(result))
            }
            div.card-actions {
                a href=(href) { "Open profile" span.visually-hidden { " of " (name) } }
                @if let Some(actions) = options.actions { (actions) }
            }
        }
    }
}

/// The creator page's path: `/creators/` and the id percent-encoded (a web id's `/` as `%2F`).
pub fn creator_href(id: &CreatorId) -> String {
    let mut href = String::from("/creators/");
    for byte in id.as_str().bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b'@') {
            href.push(char::from(byte));
        } else {
            href.push_str(&format!("%{byte:02X}"));
        }
    }
    href
}

/// The creator's picture over a placeholder with the name's initials: the image is fetched
/// from the source without a referrer, lazily, and `scout.js` removes it when it fails to load
/// (the initials then show).
pub fn avatar(name: &str, url: Option<&str>) -> Markup {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    let initials = if initials.is_empty() {
        "?".to_string()
    } else {
        initials
    };
    let url = url.filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    html! {
        span.avatar aria-hidden="true" {
            (initials)
            @if let Some(url) = url {
                img src=(url) alt="" loading="lazy" referrerpolicy="no-referrer" decoding="async";
            }
        }
    }
}

/// `.card-er`: the engagement rate against what the tier leads one to expect.
pub fn engagement_vs_tier(result: &RankedCreator) -> Markup {
    let expected = result
        .tier
        .map(|tier| engagement::expected_engagement_rate(result.platform, tier));
    html! {
        span.card-er {
            @match (result.engagement_rate, expected, result.tier) {
                (Some(rate), Some(expected), Some(tier)) => {
                    @let class = if rate >= expected { "er-above" } else { "er-below" };
                    "ER " strong class=(class) { (percent(rate, 2)) }
                    " vs " (percent(expected, 2)) " expected for " (tier_phrase(tier))
                }
                (Some(rate), _, _) => { "ER " strong { (percent(rate, 2)) } }
                _ => "ER unknown",
            }
        }
    }
}

fn tier_phrase(tier: Tier) -> String {
    format!("{tier} creators")
}

fn part_text(label: &str, value: Option<f64>) -> String {
    match value {
        Some(value) => format!("{label} {value:.2}"),
        None => format!("{label}: not available"),
    }
}

fn score_label(parts: &[(&'static str, &'static str, Option<f64>, f64); 4]) -> String {
    let named: Vec<String> = parts
        .iter()
        .map(|(_, label, value, _)| part_text(label, *value))
        .collect();
    format!("Score parts: {}", named.join(", "))
}

fn evidence(result: &RankedCreator) -> Markup {
    let evidence = &result.evidence;
    let explanations = [
        &evidence.niche_fit,
        &evidence.engagement,
        &evidence.audience,
        &evidence.credibility,
    ];
    html! {
        @if explanations.iter().any(|text| text.is_some()) {
            ul.evidence-reasons {
                @for text in explanations.into_iter().flatten() { li { (text) } }
            }
        }
        @if evidence.posts.is_empty() {
            p.evidence-none { "No post matched the query text." }
        } @else {
            ul.evidence-posts {
                @for post in &evidence.posts {
                    li.evidence-post {
                        a href=(post.url) rel="noopener noreferrer" { (post.text) }
                        @if !post.matched_terms.is_empty() {
                            " — matched " (post.matched_terms.join(", "))
                        }
                        @if let Some(likes) = post.likes { " · " (thousands(likes)) " likes" }
                        @if let Some(comments) = post.comments { " · " (thousands(comments)) " comments" }
                    }
                }
            }
        }
        @if !evidence.hashtags.is_empty() {
            p {
                "Hashtags: "
                @for tag in &evidence.hashtags { span.evidence-hashtag.tag { "#" (tag) } " " }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creator_links_keep_ids_in_one_path_segment() {
        let web = CreatorId::parse("web:example.org/people/ana").unwrap();
        assert_eq!(
            creator_href(&web),
            "/creators/web:example.org%2Fpeople%2Fana"
        );
        let mastodon = CreatorId::parse("mastodon:alice@social.example").unwrap();
        assert_eq!(
            creator_href(&mastodon),
            "/creators/mastodon:alice@social.example"
        );
    }

    #[test]
    fn avatars_show_initials() {
        assert!(avatar("Ana Souza", None).into_string().contains(">AS<"));
        assert!(avatar("  ", None).into_string().contains(">?<"));
        let pictured = avatar("Ana Souza", Some("https://cdn.example/ana.jpg")).into_string();
        assert!(
            pictured.contains(">AS<img src=\"https://cdn.example/ana.jpg\""),
            "{pictured}"
        );
        assert!(
            pictured.contains("referrerpolicy=\"no-referrer\""),
            "{pictured}"
        );
        let scripted = avatar("Ana", Some("javascript:alert(1)")).into_string();
        assert!(!scripted.contains("<img"), "{scripted}");
    }
}
