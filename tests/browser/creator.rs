//! The creator page, reached from a search card: profile, growth chart, audience charts with
//! their confidence, posts, credibility reasons, similar creators and the provenance of the
//! figures; an unknown id answers the not-found page.

use anyhow::{anyhow, ensure, Result};
use fantoccini::Locator;

use super::driver::{run, screenshot_path, Browser};
use super::world::world;
use super::{api_json, encode_id};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_opens_the_creator_page_with_every_section() {
    let base = world().open.base_url.clone();
    run(
        "a_card_opens_the_creator_page_with_every_section",
        &base.clone(),
        |browser| async move {
            browser.visit("/?q=home+workout").await?;
            let card = browser.find("#results article.card").await?;
            let id = card
                .attr("data-creator-id")
                .await?
                .ok_or_else(|| anyhow!("the first card has no data-creator-id"))?;
            let link = card.find(Locator::Css("a.card-link")).await?;
            browser.click_to_page(&link).await?;
            let path = browser.current_url().await?.path().to_string();
            ensure!(
                path == format!("/creators/{}", encode_id(&id))
                    || percent_decoded(&path) == format!("/creators/{id}"),
                "the card of {id} led to {path}"
            );

            let creator = api_json(&base, &format!("/v1/creators/{}", encode_id(&id))).await?;
            let name = browser.text("#profile .profile-name").await?;
            let display_name = creator["display_name"].as_str().unwrap_or_default();
            ensure!(
                name.contains(display_name),
                "the profile shows {name:?}, the creator is {display_name:?}"
            );
            let handle = browser.text("#profile .profile-handle").await?;
            let api_handle = creator["handle"].as_str().unwrap_or_default();
            ensure!(
                handle.contains(api_handle),
                "handle {handle:?}, expected {api_handle:?}"
            );
            for part in [".profile-platform", ".profile-followers", ".profile-bio"] {
                browser.find(&format!("#profile {part}")).await?;
            }
            browser.find("#linked-accounts").await?;

            check_sections(&browser).await?;
            browser
                .screenshot_to(&screenshot_path("creator.png"))
                .await?;

            // A similar creator's link opens that creator's page.
            let similar = browser.find("#similar a.similar-creator").await?;
            browser.click_to_page(&similar).await?;
            let similar_path = browser.current_url().await?.path().to_string();
            ensure!(
                similar_path.starts_with("/creators/") && similar_path != path,
                "a similar creator's link led to {similar_path}"
            );
            browser.find("#profile .profile-name").await?;
            browser.find("#growth-chart").await?;
            Ok(())
        },
    )
    .await;
}

/// Every section of the creator page the contract names, with content.
async fn check_sections(browser: &Browser) -> Result<()> {
    let chart = browser
        .find("#growth-chart svg, svg#growth-chart")
        .await
        .map_err(|_| anyhow!("no svg growth chart"))?;
    ensure!(
        chart.attr("role").await?.as_deref() == Some("img")
            || browser.find("#growth-chart[role=img]").await.is_ok(),
        "the growth chart has no role=img"
    );
    for dimension in ["age", "gender", "country", "language"] {
        let section = format!("#audience #audience-{dimension}");
        let confidence = browser.text(&format!("{section} .confidence")).await?;
        ensure!(
            !confidence.trim().is_empty(),
            "{section} shows no confidence"
        );
    }
    let posts = browser.find_all("#posts .post").await?;
    ensure!(!posts.is_empty(), "no posts in #posts");
    let reasons = browser.find_all("#credibility .credibility-reason").await?;
    ensure!(!reasons.is_empty(), "no credibility reasons");
    let similar = browser.find_all("#similar a.similar-creator").await?;
    ensure!(!similar.is_empty(), "no similar creators");
    let provenance_rows = browser.find_all("#provenance tr").await?;
    ensure!(
        provenance_rows.len() >= 2,
        "the provenance table has no rows under its header"
    );
    let header = browser.text("#provenance").await?.to_lowercase();
    for column in ["source", "fetched", "method"] {
        ensure!(
            header.contains(column),
            "the provenance table has no {column} column: {header:?}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_creator_shows_not_found() {
    let base = world().open.base_url.clone();
    let path = format!("/creators/{}", encode_id("mastodon:nobody@nowhere.example"));
    let status = reqwest::get(format!("{base}{path}"))
        .await
        .expect("the creator page answers")
        .status();
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    run(
        "an_unknown_creator_shows_not_found",
        &base,
        |browser| async move {
            browser.visit(&path).await?;
            // Inside the layout, with its landmarks.
            browser.find("header").await?;
            browser.find("main #not-found").await?;
            Ok(())
        },
    )
    .await;
}

/// `%3A` → `:` and the like, for comparing paths however the page encoded them.
fn percent_decoded(path: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}
