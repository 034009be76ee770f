//! The "done when", in the browser only: find vegan fitness creators on two platforms
//! with a mostly 18–34 audience in Brazil or Portugal, compare three, shortlist two and download
//! the CSV. The ground truth says first that the world holds such creators, and afterwards
//! whether the ones found really are.

use anyhow::{anyhow, ensure};
use fantoccini::Locator;
use scout::sim::TruthCreator;
use scout_models::{Niche, Platform};

use super::driver::run;
use super::shortlists::{
    add_from_card, compare, create_shortlist, csv_rows, entry_ids, export_csv, row, wait_for_page,
};
use super::world::world;

const PLATFORMS: [Platform; 2] = [Platform::Mastodon, Platform::Bluesky];
/// "Mostly 18–34": at least this share of the audience (the filter's percent).
const YOUNG_MIN: f64 = 0.5;
/// Brazil or Portugal: at least this share in one of them (the filter's percent).
const COUNTRY_MIN: f64 = 0.4;

/// True shares of the audience aged 18–34 and living in Brazil or Portugal (the larger one).
fn true_shares(creator: &TruthCreator) -> (f64, f64) {
    let age = &creator.audience.age;
    let young = age.get("18-24").unwrap_or(&0.0) + age.get("25-34").unwrap_or(&0.0);
    let country = &creator.audience.country;
    let lusophone = country
        .get("BR")
        .unwrap_or(&0.0)
        .max(*country.get("PT").unwrap_or(&0.0));
    (young, lusophone)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vegan_fitness_creators_in_brazil_or_portugal_compared_shortlisted_and_exported() {
    let world = world();
    // The simulated world has no "vegan" topic: fitness is the niche, "vegan" stays words in
    // the query (the niche lexicon reads it as food).
    let wanted: Vec<&TruthCreator> = world
        .truth
        .creators
        .iter()
        .filter(|creator| {
            let (young, lusophone) = true_shares(creator);
            creator.niches.contains(&Niche::Fitness)
                && PLATFORMS.contains(&creator.platform)
                && young >= YOUNG_MIN
                && lusophone >= COUNTRY_MIN
        })
        .collect();
    assert!(
        wanted.len() >= 3,
        "the world (seed {}, {} creators) holds only {} fitness creators on Mastodon or Bluesky \
         with a mostly 18-34 audience in Brazil or Portugal",
        super::world::SEED,
        super::world::CREATORS,
        wanted.len()
    );
    let truth = &world.truth;
    run(
        "vegan_fitness_creators_in_brazil_or_portugal_compared_shortlisted_and_exported",
        &world.open.base_url,
        |browser| async move {
            browser.visit("/").await?;
            browser.fill("#search-form [name=q]", "vegan fitness").await?;
            browser.tick("#f-platform-mastodon").await?;
            browser.tick("#f-platform-bluesky").await?;
            browser.tick("#f-niche-fitness").await?;
            browser.select("#f-aud-age", "18-34").await?;
            browser
                .fill("#f-aud-age-min", &format!("{}", YOUNG_MIN * 100.0))
                .await?;
            browser.fill("#f-aud-country", "BR,PT").await?;
            browser
                .fill("#f-aud-country-min", &format!("{}", COUNTRY_MIN * 100.0))
                .await?;
            browser.click_css_to_page("#search-submit").await?;
            let search = browser.path().await?;

            let found = browser.card_ids("#results").await?;
            ensure!(
                found.len() >= 3,
                "{} cards for {search}; the world holds {}",
                found.len(),
                wanted.len()
            );
            for card in browser.find_all("#results article.card").await? {
                let id = card.attr("data-creator-id").await?.unwrap_or_default();
                let platform = card
                    .find(Locator::Css(".card-platform"))
                    .await?
                    .text()
                    .await?
                    .to_lowercase();
                ensure!(
                    platform.contains("mastodon") || platform.contains("bluesky"),
                    "{id} is on {platform}"
                );
                let creator = truth
                    .creators
                    .iter()
                    .find(|creator| creator.id == id)
                    .ok_or_else(|| anyhow!("{id} is not in the simulated world"))?;
                let (young, lusophone) = true_shares(creator);
                println!(
                    "found {id}: niches {:?}, true 18-34 {young:.2}, true BR/PT {lusophone:.2}",
                    creator.niches
                );
                // The filters judge estimates from an audience sample: allow for its error.
                ensure!(
                    creator.niches.contains(&Niche::Fitness)
                        && young >= YOUNG_MIN - 0.1
                        && lusophone >= COUNTRY_MIN - 0.1,
                    "{id} is not what was asked for: niches {:?}, 18-34 {young:.2}, BR/PT {lusophone:.2}",
                    creator.niches
                );
            }

            let three = found[..3].to_vec();
            let shortlist = create_shortlist(&browser, "Vegan fitness BR/PT").await?;
            for creator in &three {
                add_from_card(&browser, &search, creator, &shortlist).await?;
            }
            let page = format!("/shortlists/{shortlist}");
            browser.visit(&page).await?;
            compare(&browser, &three).await?;

            // Keep two: drop the third from the shortlist.
            browser.visit(&page).await?;
            browser
                .find(&format!("{} .entry-remove", row(&three[2])))
                .await?
                .click()
                .await?;
            wait_for_page(
                &browser,
                &page,
                &format!("data-creator-id=\"{}\"", three[2]),
                false,
            )
            .await?;
            browser.visit(&page).await?;
            let kept = entry_ids(&browser).await?;
            ensure!(
                kept.len() == 2 && kept.contains(&three[0]) && kept.contains(&three[1]),
                "the shortlist holds {kept:?}"
            );

            let csv = export_csv(&browser, &shortlist).await?;
            let rows = csv_rows(&csv)?;
            let exported: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
            ensure!(
                exported.len() == 2
                    && exported.contains(&three[0].as_str())
                    && exported.contains(&three[1].as_str()),
                "the CSV holds {exported:?}"
            );
            Ok(())
        },
    )
    .await;
}
