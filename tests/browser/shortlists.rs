//! Shortlists in the browser: created on `/shortlists`, filled from search cards, notes kept
//! across reloads, three creators compared side by side, the CSV export downloaded as a file
//! that is the API's export.

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::Locator;

use super::driver::{run, Browser};
use super::world::world;

/// Creates a shortlist named `name` through `form#new-shortlist` and returns its id.
pub(super) async fn create_shortlist(browser: &Browser, name: &str) -> Result<String> {
    browser.visit("/shortlists").await?;
    browser.fill("#shortlist-name", name).await?;
    browser.click_css_to_page("#new-shortlist-submit").await?;
    let path = browser.current_url().await?.path().to_string();
    if let Some(id) = shortlist_id_in(&path) {
        return Ok(id);
    }
    // Back on the list: the new shortlist's link.
    for link in browser.find_all("#shortlists a.shortlist-link").await? {
        if link.text().await?.contains(name) {
            let href = link
                .attr("href")
                .await?
                .ok_or_else(|| anyhow!("a shortlist link without href"))?;
            return shortlist_id_in(&href)
                .ok_or_else(|| anyhow!("the shortlist link {href} holds no id"));
        }
    }
    bail!("after creating {name:?} the browser is at {path}, and no link to it is listed")
}

/// `/shortlists/ID…` → `ID`.
fn shortlist_id_in(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next()?;
    let path = path
        .strip_prefix("http://")
        .map(|rest| &rest[rest.find('/').unwrap_or(rest.len())..])
        .unwrap_or(path);
    let rest = path.strip_prefix("/shortlists/")?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then(|| id.to_string())
}

/// On the results of `search` (a search page path), adds the card of `creator` to shortlist
/// `shortlist` through its `form.add-to-shortlist`, and waits until the shortlist's page lists
/// the creator.
pub(super) async fn add_from_card(
    browser: &Browser,
    search: &str,
    creator: &str,
    shortlist: &str,
) -> Result<()> {
    browser.visit(search).await?;
    let card = format!("#results article.card[data-creator-id=\"{creator}\"]");
    let select = browser
        .find(&format!(
            "{card} form.add-to-shortlist select[name=shortlist]"
        ))
        .await?;
    select
        .select_by_value(shortlist)
        .await
        .with_context(|| format!("no option for shortlist {shortlist} on the card of {creator}"))?;
    browser
        .find(&format!(
            "{card} form.add-to-shortlist .add-shortlist-submit"
        ))
        .await?
        .click()
        .await?;
    wait_for_page(
        browser,
        &format!("/shortlists/{shortlist}"),
        &format!("data-creator-id=\"{}\"", html_escaped(creator)),
        true,
    )
    .await
    .with_context(|| format!("adding {creator} from its card"))
}

/// Polls `path` over HTTP (the browser's server, auth off) until its HTML contains `needle`
/// (or, with `present` false, no longer does).
pub(super) async fn wait_for_page(
    browser: &Browser,
    path: &str,
    needle: &str,
    present: bool,
) -> Result<()> {
    let url = browser.url_of(path);
    let deadline = Instant::now() + super::driver::WAIT;
    loop {
        let html = reqwest::get(&url).await?.text().await?;
        if html.contains(needle) == present {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "{path} {} {needle:?} after {:?}",
                if present {
                    "never showed"
                } else {
                    "still shows"
                },
                super::driver::WAIT
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The creator ids of the shortlist page's rows, in order.
pub(super) async fn entry_ids(browser: &Browser) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for row in browser.find_all("#shortlist tr.entry").await? {
        ids.push(
            row.attr("data-creator-id")
                .await?
                .ok_or_else(|| anyhow!("an entry row without data-creator-id"))?,
        );
    }
    Ok(ids)
}

/// The CSS of the shortlist row of `creator`.
pub(super) fn row(creator: &str) -> String {
    format!("#shortlist tr.entry[data-creator-id=\"{creator}\"]")
}

/// Writes `note` for `creator` on the shortlist page and saves it; waits until it is stored.
pub(super) async fn write_note(
    browser: &Browser,
    shortlist: &str,
    creator: &str,
    note: &str,
) -> Result<()> {
    browser
        .fill(&format!("{} textarea.entry-note", row(creator)), note)
        .await?;
    browser
        .find(&format!("{} .entry-note-save", row(creator)))
        .await?
        .click()
        .await?;
    wait_for_page(
        browser,
        &format!("/shortlists/{shortlist}"),
        &html_escaped(note),
        true,
    )
    .await
}

/// Ticks `input.compare-pick` of each creator on the shortlist page, clicks `#compare` and
/// checks the comparison table; returns the page's path.
pub(super) async fn compare(browser: &Browser, creators: &[String]) -> Result<String> {
    for creator in creators {
        browser
            .tick(&format!("{} input.compare-pick[name=id]", row(creator)))
            .await?;
    }
    browser.click_css_to_page("#compare").await?;
    let url = browser.current_url().await?;
    ensure!(
        url.path().ends_with("/compare"),
        "#compare led to {url}, not a compare page"
    );
    let picked: Vec<String> = url
        .query_pairs()
        .filter(|(name, _)| name == "id")
        .map(|(_, value)| value.into_owned())
        .collect();
    ensure!(
        picked.len() == creators.len() && creators.iter().all(|id| picked.contains(id)),
        "the compare URL {url} does not name exactly {creators:?}"
    );
    let table = browser.find("table#compare-table").await?;
    for creator in creators {
        table
            .find(Locator::Css(&format!("th[data-creator-id=\"{creator}\"]")))
            .await
            .map_err(|_| anyhow!("the comparison has no column for {creator}"))?;
    }
    for figure in [
        "followers",
        "engagement-rate",
        "niches",
        "audience",
        "credibility",
        "score-niche",
    ] {
        let cells = table
            .find_all(Locator::Css(&format!(
                "tr[data-row=\"{figure}\"] td[data-creator-id]"
            )))
            .await?;
        ensure!(
            cells.len() == creators.len(),
            "the comparison's {figure} row has {} cells for {} creators",
            cells.len(),
            creators.len()
        );
    }
    Ok(url.path().to_string())
}

/// Clicks `a#export-csv` and returns the downloaded file's bytes, checked against the API's
/// export of the same shortlist.
pub(super) async fn export_csv(browser: &Browser, shortlist: &str) -> Result<Vec<u8>> {
    browser.find("a#export-csv").await?.click().await?;
    let file = browser.downloaded("csv").await?;
    let downloaded = std::fs::read(&file)?;
    let api =
        reqwest::get(browser.url_of(&format!("/v1/shortlists/{shortlist}/export.csv"))).await?;
    ensure!(
        api.status().is_success(),
        "the API's export of {shortlist} answers {}",
        api.status()
    );
    let api = api.bytes().await?;
    ensure!(
        downloaded == api.as_ref(),
        "the downloaded CSV differs from the API's export:\n{}\n---\n{}",
        String::from_utf8_lossy(&downloaded),
        String::from_utf8_lossy(&api)
    );
    Ok(downloaded)
}

/// The CSV's rows as `(creator_id, note)`, header checked.
pub(super) fn csv_rows(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers()?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|field| field == name)
            .ok_or_else(|| anyhow!("no {name} column in {header:?}"))
    };
    let (id_column, note_column) = (column("creator_id")?, column("note")?);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        rows.push((
            record.get(id_column).unwrap_or_default().to_string(),
            record.get(note_column).unwrap_or_default().to_string(),
        ));
    }
    Ok(rows)
}

/// The first `n` card ids of a search page.
pub(super) async fn first_cards(browser: &Browser, search: &str, n: usize) -> Result<Vec<String>> {
    browser.visit(search).await?;
    let ids = browser.card_ids("#results").await?;
    ensure!(
        ids.len() >= n,
        "{search} shows {} cards, {n} wanted",
        ids.len()
    );
    Ok(ids[..n].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shortlist_is_built_from_cards_and_keeps_its_notes() {
    let base = world().open.base_url.clone();
    run(
        "a_shortlist_is_built_from_cards_and_keeps_its_notes",
        &base,
        |browser| async move {
            let search = "/?q=skincare+routine";
            let shortlist = create_shortlist(&browser, "Skincare launch (notes)").await?;
            let creators = first_cards(&browser, search, 2).await?;
            for creator in &creators {
                add_from_card(&browser, search, creator, &shortlist).await?;
            }
            browser.visit(&format!("/shortlists/{shortlist}")).await?;
            let listed = entry_ids(&browser).await?;
            ensure!(
                listed.len() == 2 && creators.iter().all(|id| listed.contains(id)),
                "the shortlist lists {listed:?}, {creators:?} were added"
            );
            let note = "Ask about the spring launch; rates by 1 March";
            write_note(&browser, &shortlist, &creators[0], note).await?;
            browser.visit(&format!("/shortlists/{shortlist}")).await?;
            let kept = browser
                .find(&format!("{} textarea.entry-note", row(&creators[0])))
                .await?
                .prop("value")
                .await?;
            ensure!(
                kept.as_deref() == Some(note),
                "after a reload the note reads {kept:?}"
            );
            let other = browser
                .find(&format!("{} textarea.entry-note", row(&creators[1])))
                .await?
                .prop("value")
                .await?;
            ensure!(
                other.as_deref() == Some(""),
                "the other creator's note reads {other:?}"
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_shortlisted_creators_compare_side_by_side() {
    let base = world().open.base_url.clone();
    run(
        "three_shortlisted_creators_compare_side_by_side",
        &base,
        |browser| async move {
            let search = "/?q=budget+travel";
            let shortlist = create_shortlist(&browser, "Travel (compare)").await?;
            let creators = first_cards(&browser, search, 3).await?;
            for creator in &creators {
                add_from_card(&browser, search, creator, &shortlist).await?;
            }
            browser.visit(&format!("/shortlists/{shortlist}")).await?;
            compare(&browser, &creators).await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_export_downloads_the_shortlist_rows() {
    let base = world().open.base_url.clone();
    run(
        "the_csv_export_downloads_the_shortlist_rows",
        &base,
        |browser| async move {
            let search = "/?q=gaming+stream";
            let shortlist = create_shortlist(&browser, "Gaming (export)").await?;
            let creators = first_cards(&browser, search, 2).await?;
            for creator in &creators {
                add_from_card(&browser, search, creator, &shortlist).await?;
            }
            browser.visit(&format!("/shortlists/{shortlist}")).await?;
            let note = "Streams on weekends, \"family friendly\"";
            write_note(&browser, &shortlist, &creators[1], note).await?;
            browser.visit(&format!("/shortlists/{shortlist}")).await?;
            let csv = export_csv(&browser, &shortlist).await?;
            let rows = csv_rows(&csv)?;
            let ids: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
            ensure!(
                ids.len() == 2 && creators.iter().all(|id| ids.contains(&id.as_str())),
                "the CSV's rows are {ids:?}, the shortlist holds {creators:?}"
            );
            for (id, written) in &rows {
                let expected = if *id == creators[1] { note } else { "" };
                ensure!(written == expected, "{id}'s note in the CSV is {written:?}");
            }
            Ok(())
        },
    )
    .await;
}

/// Text as the pages' HTML escapes it (for waiting until a page shows it).
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
