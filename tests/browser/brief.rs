//! The brief page: a campaign brief written in the form gets recommendations; moving a weight
//! slider re-ranks them in place.

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Result};
use serde_json::json;

use super::driver::{run, Browser};
use super::world::world;

/// Which end of a slider to move to.
#[derive(Clone, Copy)]
enum End {
    Min,
    Max,
}

/// Moves the range input matched by `css` to one end as a drag would: the value, then the
/// `input` and `change` events.
async fn slide(browser: &Browser, css: &str, end: End) -> Result<()> {
    let slider = browser.find(css).await?;
    let kind = slider.attr("type").await?;
    ensure!(
        kind.as_deref() == Some("range"),
        "{css} is a {kind:?} input, not a range"
    );
    browser
        .js(
            "const el = arguments[0];
             el.value = arguments[1] ? el.max : el.min;
             el.dispatchEvent(new Event('input', {bubbles: true}));
             el.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![
                serde_json::to_value(&slider)?,
                json!(matches!(end, End::Max)),
            ],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_brief_gets_recommendations_and_a_weight_reorders_them() {
    let base = world().open.base_url.clone();
    run(
        "a_brief_gets_recommendations_and_a_weight_reorders_them",
        &base,
        |browser| async move {
            browser.visit("/brief").await?;
            browser
                .fill(
                    "#brief-text",
                    "Launch of a plant-based protein bar for home workout and meal prep \
                     creators with an engaged audience",
                )
                .await?;
            browser.click_css_to_page("#brief-submit").await?;
            let first = browser.card_ids("#recommendations").await?;
            ensure!(
                first.len() >= 5,
                "the brief got {} recommendations",
                first.len()
            );

            // All weight on engagement: the ranking changes without submitting the form.
            slide(&browser, "#w-niche", End::Min).await?;
            slide(&browser, "#w-audience", End::Min).await?;
            slide(&browser, "#w-credibility", End::Min).await?;
            slide(&browser, "#w-engagement", End::Max).await?;
            let deadline = Instant::now() + super::driver::WAIT;
            let reordered = loop {
                let now = browser.card_ids("#recommendations").await?;
                if !now.is_empty() && now != first {
                    break now;
                }
                if Instant::now() > deadline {
                    bail!("moving the weights did not change the recommendations {first:?}");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            // Still a page of recommendations, now led by engagement.
            ensure!(
                reordered.len() >= 5,
                "{} recommendations after re-ranking",
                reordered.len()
            );
            Ok(())
        },
    )
    .await;
}
