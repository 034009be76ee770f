//! End-to-end tests of the web pages in Debian's Chromium, headless, driven through chromedriver
//! (WebDriver) with `fantoccini`, against the demo's kind of world: a simulated web crawled,
//! indexed and trained by the real `scout` binary, served by `scout serve` on loopback
//! ([`world`]). Elements are selected by the ids and classes of the web UI contract. A failing
//! test leaves a screenshot and the page source in `target/browser-failures/`; every page load's
//! navigation timing is printed (`-- --nocapture`). With `SCOUT_UPDATE_SCREENSHOTS=1` the suite
//! rewrites the README's screenshots in `docs/screenshots/`.

mod access;
mod auth;
mod brief;
mod creator;
mod driver;
mod scenario;
mod search;
mod shortlists;
mod timing;
mod world;

use anyhow::{anyhow, Context, Result};
use serde_json::Value;

/// Every browser test, by name: the timing summary is printed once all of them have finished.
const TESTS: [&str; 12] = [
    "search_filters_hold_on_every_card_and_the_url_keeps_them",
    "facets_match_the_api_and_pagination_walks_the_pages",
    "bad_filter_input_names_the_field",
    "a_card_opens_the_creator_page_with_every_section",
    "a_shortlist_is_built_from_cards_and_keeps_its_notes",
    "three_shortlisted_creators_compare_side_by_side",
    "the_csv_export_downloads_the_shortlist_rows",
    "a_brief_gets_recommendations_and_a_weight_reorders_them",
    "tab_reaches_the_query_box_and_submit_and_every_input_has_a_label",
    "with_keys_the_pages_ask_for_the_key_and_keep_it_out_of_urls_and_logs",
    "vegan_fitness_creators_in_brazil_or_portugal_compared_shortlisted_and_exported",
    "an_unknown_creator_shows_not_found",
];

/// A creator id as one path segment (`/` and `:` percent-encoded).
pub fn encode_id(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// `GET base_url + path` as JSON, failing on a non-200 answer.
pub async fn api_json(base_url: &str, path: &str) -> Result<Value> {
    let url = format!("{base_url}{path}");
    let response = reqwest::get(&url)
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        return Err(anyhow!("GET {url}: {status}: {body}"));
    }
    serde_json::from_str(&body).with_context(|| format!("GET {url}: not JSON: {body}"))
}

/// The first whole number in a text, thousands separators allowed ("194 creators match ·
/// showing 1–20" → 194, "1,234" → 1234); `None` when there is none.
pub fn count_in(text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn counts_are_read_from_their_text() {
    assert_eq!(count_in("194 creators match · showing 1–20"), Some(194));
    assert_eq!(count_in("(1,234)"), Some(1234));
    assert_eq!(count_in("none"), None);
}
