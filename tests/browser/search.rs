//! The search page: filters set through the form hold on every card and live in the URL, the
//! page ranks as the API does, facet counts match the API's, pagination walks the pages, bad
//! input names its field.

use anyhow::{anyhow, ensure};
use fantoccini::Locator;

use super::driver::{run, screenshot_path};
use super::world::world;
use super::{api_json, count_in, encode_id};

const FOLLOWERS_MIN: u64 = 1_000;
const FOLLOWERS_MAX: u64 = 200_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_hold_on_every_card_and_the_url_keeps_them() {
    let base = world().open.base_url.clone();
    run(
        "search_filters_hold_on_every_card_and_the_url_keeps_them",
        &base.clone(),
        |browser| async move {
            browser.visit("/").await?;
            browser
                .fill("#search-form [name=q]", "home workout")
                .await?;
            browser.tick("#f-platform-mastodon").await?;
            browser.tick("#f-niche-fitness").await?;
            browser
                .fill("#f-followers-min", &FOLLOWERS_MIN.to_string())
                .await?;
            browser
                .fill("#f-followers-max", &FOLLOWERS_MAX.to_string())
                .await?;
            browser.click_css_to_page("#search-submit").await?;

            let url = browser.current_url().await?;
            let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            for (name, value) in [
                ("q", "home workout".to_string()),
                ("platform", "mastodon".to_string()),
                ("niche", "fitness".to_string()),
                ("followers_min", FOLLOWERS_MIN.to_string()),
                ("followers_max", FOLLOWERS_MAX.to_string()),
            ] {
                ensure!(
                    pairs.contains(&(name.to_string(), value.clone())),
                    "the URL {url} does not hold {name}={value}"
                );
            }

            let ids = browser.card_ids("#results").await?;
            ensure!(!ids.is_empty(), "no cards for the filtered search");
            for card in browser.find_all("#results article.card").await? {
                let id = card.attr("data-creator-id").await?.unwrap_or_default();
                let platform = card
                    .find(Locator::Css(".card-platform"))
                    .await?
                    .text()
                    .await?;
                ensure!(
                    platform.to_lowercase().contains("mastodon"),
                    "{id}: platform {platform:?}"
                );
                // The niche filter matches the niches indexed with the creator, which the card
                // does not show; that the page applied it shows in its ranking being the API's
                // for the same filters (below).
                card.find(Locator::Css(".card-niches")).await?;
                let creator = api_json(&base, &format!("/v1/creators/{}", encode_id(&id))).await?;
                let followers = creator["followers"]
                    .as_u64()
                    .ok_or_else(|| anyhow!("{id}: no followers in {creator}"))?;
                ensure!(
                    (FOLLOWERS_MIN..=FOLLOWERS_MAX).contains(&followers),
                    "{id}: {followers} followers, outside the filter"
                );
                let shown = card
                    .find(Locator::Css(".card-followers"))
                    .await?
                    .text()
                    .await?;
                let displayed = displayed_count(&shown)
                    .ok_or_else(|| anyhow!("{id}: no follower count in {shown:?}"))?;
                ensure!(
                    displayed.abs_diff(followers) * 20 <= followers,
                    "{id}: card shows {shown:?}, the creator has {followers} followers"
                );
                for part in ["niche", "engagement", "audience", "credibility"] {
                    card.find(Locator::Css(&format!(
                        ".score-bar .score-part[data-part=\"{part}\"]"
                    )))
                    .await
                    .map_err(|_| anyhow!("{id}: no {part} part in the score bar"))?;
                }
                for inside in [".card-name", ".card-handle", ".card-er", "a.card-link"] {
                    card.find(Locator::Css(inside))
                        .await
                        .map_err(|_| anyhow!("{id}: no {inside} on the card"))?;
                }
            }

            // The page ranks as the API does for the same filters.
            let api = api_json(
                &base,
                &format!(
                    "/v1/search?q=home+workout&platform=mastodon&niche=fitness&min_followers={FOLLOWERS_MIN}&max_followers={FOLLOWERS_MAX}&limit={}",
                    ids.len()
                ),
            )
            .await?;
            let api_ids: Vec<&str> = api["results"]
                .as_array()
                .ok_or_else(|| anyhow!("no results in {api}"))?
                .iter()
                .filter_map(|result| result["id"].as_str())
                .collect();
            ensure!(
                api_ids == ids,
                "the page's order {ids:?} is not the API's {api_ids:?}"
            );

            // The URL alone brings the same page back, form state included.
            browser.visit(url.as_str()).await?;
            let again = browser.card_ids("#results").await?;
            ensure!(again == ids, "reloading {url} gave {again:?}, not {ids:?}");
            ensure!(
                browser.find("#f-platform-mastodon").await?.is_selected().await?,
                "the platform box is not ticked after loading the URL"
            );
            ensure!(
                browser.find("#f-niche-fitness").await?.is_selected().await?,
                "the niche box is not ticked after loading the URL"
            );
            let min = browser.find("#f-followers-min").await?.prop("value").await?;
            ensure!(
                min.as_deref() == Some(FOLLOWERS_MIN.to_string().as_str()),
                "followers min shows {min:?} after loading the URL"
            );

            // The evidence is one click away.
            let evidence = browser.find("#results article.card details.evidence").await?;
            evidence.find(Locator::Css("summary")).await?.click().await?;
            ensure!(
                evidence.attr("open").await?.is_some(),
                "clicking Evidence did not open it"
            );
            let items = evidence
                .find_all(Locator::Css(".evidence-post, .evidence-hashtag"))
                .await?;
            ensure!(!items.is_empty(), "the first card's evidence is empty");
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facets_match_the_api_and_pagination_walks_the_pages() {
    let base = world().open.base_url.clone();
    run(
        "facets_match_the_api_and_pagination_walks_the_pages",
        &base.clone(),
        |browser| async move {
            browser.visit("/?q=home+workout").await?;
            let api = api_json(&base, "/v1/search?q=home+workout&limit=1").await?;
            let total = api["total"]
                .as_u64()
                .ok_or_else(|| anyhow!("no total in {api}"))?;
            let shown_total = browser.text("#result-count").await?;
            ensure!(
                count_in(&shown_total) == Some(total),
                "#result-count says {shown_total:?}, the API counts {total}"
            );
            for facet in ["platform", "niche", "tier"] {
                let counts = api["facets"][facet]
                    .as_array()
                    .ok_or_else(|| anyhow!("no {facet} facets in {api}"))?;
                ensure!(!counts.is_empty(), "the API has no {facet} facet values");
                for count in counts {
                    let value = count["value"].as_str().unwrap_or_default();
                    let expected = count["count"].as_u64().unwrap_or_default();
                    let selector =
                        format!("span.facet-count[data-facet=\"{facet}\"][data-value=\"{value}\"]");
                    let shown = browser.text(&selector).await?;
                    ensure!(
                        count_in(&shown) == Some(expected),
                        "{selector} shows {shown:?}, the API counts {expected}"
                    );
                }
            }
            browser
                .screenshot_to(&screenshot_path("search.png"))
                .await?;

            let first = browser.card_ids("#results").await?;
            ensure!(!first.is_empty(), "no cards on page 1");
            browser
                .click_css_to_page("nav#pagination a[rel=next]")
                .await?;
            let url = browser.current_url().await?;
            ensure!(
                url.query_pairs()
                    .any(|(name, value)| name == "page" && value == "2")
                    && url
                        .query_pairs()
                        .any(|(name, value)| name == "q" && value == "home workout"),
                "the next page's URL {url} should keep the query and say page=2"
            );
            let second = browser.card_ids("#results").await?;
            ensure!(!second.is_empty(), "no cards on page 2");
            ensure!(
                second.iter().all(|id| !first.contains(id)),
                "page 2 repeats page 1: {first:?} / {second:?}"
            );
            let api_both = api_json(
                &base,
                &format!(
                    "/v1/search?q=home+workout&limit={}",
                    first.len() + second.len()
                ),
            )
            .await?;
            let api_ids: Vec<&str> = api_both["results"]
                .as_array()
                .ok_or_else(|| anyhow!("no results in {api_both}"))?
                .iter()
                .filter_map(|result| result["id"].as_str())
                .collect();
            let pages: Vec<&str> = first.iter().chain(&second).map(String::as_str).collect();
            ensure!(
                pages == api_ids,
                "pages 1 and 2 are not the API's ranking: {pages:?} / {api_ids:?}"
            );
            browser
                .click_css_to_page("nav#pagination a[rel=prev]")
                .await?;
            ensure!(
                browser.card_ids("#results").await? == first,
                "the previous page is not page 1 again"
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_filter_input_names_the_field() {
    let base = world().open.base_url.clone();
    let status = reqwest::get(format!("{base}/?q=yoga&followers_min=abc"))
        .await
        .expect("the search page answers")
        .status();
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);
    run(
        "bad_filter_input_names_the_field",
        &base,
        |browser| async move {
            browser.visit("/?q=yoga&followers_min=abc").await?;
            let error = browser.text("#form-error").await?;
            ensure!(
                error.to_lowercase().contains("followers"),
                "#form-error does not name the followers field: {error:?}"
            );
            // The form is still there, holding what was typed, to be corrected.
            let query = browser
                .find("#search-form [name=q]")
                .await?
                .prop("value")
                .await?;
            ensure!(
                query.as_deref() == Some("yoga"),
                "the query box holds {query:?}"
            );
            Ok(())
        },
    )
    .await;
}

/// A count as a card displays it: `12,345`, `12.3k`, `1.2M`, with words around it.
fn displayed_count(text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '\u{a0}' || c == ' '))
        .unwrap_or(rest.len());
    let number: String = rest[..end]
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let scale = match rest[end..].chars().next() {
        Some('k' | 'K') => 1e3,
        Some('m' | 'M') => 1e6,
        _ => 1.0,
    };
    let value: f64 = if scale == 1.0 {
        // Without a suffix, '.' and ',' group thousands.
        number.replace('.', "").parse().ok()?
    } else {
        number.parse().ok()?
    };
    Some((value * scale).round() as u64)
}

#[test]
fn displayed_counts_read_as_numbers() {
    assert_eq!(displayed_count("12,345 followers"), Some(12_345));
    assert_eq!(displayed_count("12.3k"), Some(12_300));
    assert_eq!(displayed_count("Followers: 1.2M"), Some(1_200_000));
    assert_eq!(displayed_count("980"), Some(980));
    assert_eq!(displayed_count("none"), None);
}
