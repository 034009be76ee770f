//! Keyboard and screen-reader basics on every page: Tab reaches the query box and the submit
//! button with a visible focus, every form control has a label, the landmarks are there and the
//! charts are images with a text alternative; in a phone-wide window nothing scrolls sideways.

use anyhow::{anyhow, ensure, Result};
use serde_json::Value;

use super::driver::{run, Browser};
use super::world::world;

/// Form controls a person fills in that have neither a `<label>` nor an ARIA label, as the
/// start of their HTML.
const UNLABELLED_CONTROLS: &str = r#"
const unlabelled = [];
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) { continue; }
  const aria = (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
  const labelled = Array.from(el.labels || []).some(label => label.textContent.trim() !== '');
  if (!labelled && !aria) { unlabelled.push(el.outerHTML.slice(0, 160)); }
}
return unlabelled;
"#;

/// Landmarks the layout lacks.
const MISSING_LANDMARKS: &str = r#"
return ['header', 'nav', 'main'].filter(tag => !document.querySelector(tag));
"#;

/// Inline SVGs (outermost, not hidden from screen readers) without `role="img"` and a
/// non-empty `aria-label`.
const CHARTS_WITHOUT_TEXT: &str = r#"
return Array.from(document.querySelectorAll('main svg'))
  .filter(svg => !svg.parentElement.closest('svg') && svg.getAttribute('aria-hidden') !== 'true')
  .filter(svg => svg.getAttribute('role') !== 'img' || !(svg.getAttribute('aria-label') || '').trim())
  .map(svg => svg.outerHTML.slice(0, 160));
"#;

/// The focused element: tag, id, name, and whether its focus ring shows.
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) { return null; }
const style = getComputedStyle(el);
return {
  tag: el.tagName.toLowerCase(),
  id: el.id,
  name: el.getAttribute('name'),
  form: el.form ? el.form.id : null,
  ring: el.matches(':focus-visible') &&
    ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'),
};
"#;

async fn check_page(browser: &Browser, path: &str) -> Result<()> {
    browser.visit(path).await?;
    let unlabelled = browser.js(UNLABELLED_CONTROLS, vec![]).await?;
    ensure!(
        unlabelled.as_array().is_some_and(Vec::is_empty),
        "{path}: controls without a label: {unlabelled:#}"
    );
    let missing = browser.js(MISSING_LANDMARKS, vec![]).await?;
    ensure!(
        missing.as_array().is_some_and(Vec::is_empty),
        "{path}: no {missing} landmark"
    );
    let charts = browser.js(CHARTS_WITHOUT_TEXT, vec![]).await?;
    ensure!(
        charts.as_array().is_some_and(Vec::is_empty),
        "{path}: charts without role=img and aria-label: {charts:#}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_reaches_the_query_box_and_submit_and_every_input_has_a_label() {
    let base = world().open.base_url.clone();
    run(
        "tab_reaches_the_query_box_and_submit_and_every_input_has_a_label",
        &base,
        |browser| async move {
            browser.visit("/").await?;
            let mut query_at = None;
            let mut submit_at = None;
            let mut seen: Vec<Value> = Vec::new();
            for press in 0..200 {
                browser.press_tab().await?;
                let focused = browser.js(FOCUSED, vec![]).await?;
                if focused.is_null() {
                    continue;
                }
                let in_search_form = focused["form"] == "search-form";
                if in_search_form && focused["name"] == "q" && query_at.is_none() {
                    ensure!(
                        focused["ring"] == true,
                        "the query box has no visible focus: {focused}"
                    );
                    query_at = Some(press);
                }
                if focused["id"] == "search-submit" && submit_at.is_none() {
                    ensure!(
                        focused["ring"] == true,
                        "the search button has no visible focus: {focused}"
                    );
                    submit_at = Some(press);
                }
                seen.push(focused);
                if query_at.is_some() && submit_at.is_some() {
                    break;
                }
            }
            let query_at = query_at
                .ok_or_else(|| anyhow!("Tab never reached the query box; focus went {seen:?}"))?;
            let submit_at = submit_at
                .ok_or_else(|| anyhow!("Tab never reached #search-submit; focus went {seen:?}"))?;
            ensure!(
                query_at < submit_at,
                "the query box ({query_at} tabs) comes after the button ({submit_at})"
            );
            println!(
                "tab: query box after {} presses, search button after {}",
                query_at + 1,
                submit_at + 1
            );

            browser.visit("/?q=home+workout").await?;
            let creator = browser
                .find("#results article.card")
                .await?
                .attr("data-creator-id")
                .await?
                .ok_or_else(|| anyhow!("a card without data-creator-id"))?;
            for path in [
                "/".to_string(),
                "/?q=home+workout".to_string(),
                format!("/creators/{}", super::encode_id(&creator)),
                "/brief".to_string(),
                "/shortlists".to_string(),
            ] {
                check_page(&browser, &path).await?;
            }
            Ok(())
        },
    )
    .await;
}

/// How far the page is wider than the window (0 when nothing scrolls sideways), and the
/// window's width.
const SIDEWAYS_OVERFLOW: &str = r#"
return [document.documentElement.scrollWidth - window.innerWidth, window.innerWidth];
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fit_a_phone_wide_window_without_scrolling_sideways() {
    let base = world().open.base_url.clone();
    run(
        "pages_fit_a_phone_wide_window_without_scrolling_sideways",
        &base,
        |browser| async move {
            // Chromium's narrowest window; the layout turns to one column under 700 px.
            browser.client.set_window_size(500, 900).await?;
            browser.visit("/?q=home+workout").await?;
            let creator = browser
                .find("#results article.card")
                .await?
                .attr("data-creator-id")
                .await?
                .ok_or_else(|| anyhow!("a card without data-creator-id"))?;
            for path in [
                "/?q=home+workout".to_string(),
                format!("/creators/{}", super::encode_id(&creator)),
                "/brief?text=home+workout".to_string(),
                "/shortlists".to_string(),
            ] {
                browser.visit(&path).await?;
                let measured = browser.js(SIDEWAYS_OVERFLOW, vec![]).await?;
                let overflow = measured[0].as_f64().unwrap_or(f64::MAX);
                let width = measured[1].as_f64().unwrap_or(0.0);
                ensure!(
                    width < 700.0,
                    "{path}: the window is {width} px wide, not phone-like"
                );
                ensure!(
                    overflow <= 0.0,
                    "{path}: {overflow} px wider than a {width} px window"
                );
            }
            Ok(())
        },
    )
    .await;
}
