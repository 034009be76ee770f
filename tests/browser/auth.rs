//! With API keys on, the pages send a visitor without a key to the key prompt, a wrong key is
//! refused, the right one opens the pages through an HttpOnly cookie, and the key shows up in
//! no URL, no script-readable cookie and no line of the server's log.

use anyhow::{anyhow, ensure};
use reqwest::StatusCode;

use super::driver::run;
use super::world::world;

/// A well-formed key that the server never issued.
const WRONG_KEY: &str =
    "scout_000000000000_0000000000000000000000000000000000000000000000000000000000000000";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_keys_the_pages_ask_for_the_key_and_keep_it_out_of_urls_and_logs() {
    let world = world();
    let base = world.guarded.base_url.clone();
    let key = world.key.clone();
    // Without the cookie, a page answers 303 to the prompt, naming where to go back to.
    let no_redirects = crate::common::no_redirect_client();
    let answer = no_redirects
        .get(format!("{base}/?q=yoga"))
        .send()
        .await
        .expect("the search page answers");
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/login?next="), "{location}");

    let log = world.guarded.log.clone();
    let secret = key.rsplit('_').next().unwrap_or_default().to_string();
    run(
        "with_keys_the_pages_ask_for_the_key_and_keep_it_out_of_urls_and_logs",
        &base,
        |browser| async move {
            let mut urls = Vec::new();
            browser.visit("/?q=home+workout").await?;
            let prompt = browser.current_url().await?;
            urls.push(prompt.to_string());
            ensure!(prompt.path() == "/login", "no key prompt: at {prompt}");
            let next = prompt
                .query_pairs()
                .find(|(name, _)| name == "next")
                .map(|(_, value)| value.into_owned());
            ensure!(
                next.as_deref() == Some("/?q=home+workout"),
                "the prompt's next is {next:?}"
            );
            browser.find("form#key-form").await?;
            let kind = browser.find("input#key[name=key]").await?.attr("type").await?;
            ensure!(kind.as_deref() == Some("password"), "the key input's type is {kind:?}");

            browser.fill("input#key", WRONG_KEY).await?;
            browser.click_css_to_page("#key-submit").await?;
            urls.push(browser.current_url().await?.to_string());
            browser.find("#login-error").await?;

            browser.fill("input#key", &key).await?;
            browser.click_css_to_page("#key-submit").await?;
            let landed = browser.current_url().await?;
            urls.push(landed.to_string());
            ensure!(
                browser.path().await? == "/?q=home+workout",
                "after the key the browser is at {landed}, not back at the search"
            );
            let cards = browser.card_ids("#results").await?;
            ensure!(!cards.is_empty(), "no results once signed in");

            // The key rides in an HttpOnly cookie: pages work, scripts cannot read it.
            let creator = format!("/creators/{}", super::encode_id(&cards[0]));
            browser.visit(&creator).await?;
            urls.push(browser.current_url().await?.to_string());
            browser.find("#profile").await?;
            let cookie = browser
                .client
                .get_named_cookie("scout_key")
                .await
                .map_err(|error| anyhow!("no scout_key cookie: {error}"))?;
            ensure!(cookie.http_only() == Some(true), "scout_key is not HttpOnly");
            let readable = browser.js("return document.cookie;", vec![]).await?;
            ensure!(
                !readable.to_string().contains(&secret),
                "scripts can read the key: {readable}"
            );
            // Every address the browser went through, redirects included.
            let history = browser
                .js(
                    "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => e.name);",
                    vec![],
                )
                .await?;
            for visit in browser.visits() {
                urls.push(visit.page);
            }
            urls.push(history.to_string());
            for url in &urls {
                ensure!(!url.contains(&secret), "the key is in a URL: {url}");
            }

            let logged = std::fs::read_to_string(&log)?;
            ensure!(
                logged.contains("/login"),
                "the server logged no request at all, so its log proves nothing:\n{logged}"
            );
            ensure!(!logged.contains(&secret), "the server's log holds the key");
            Ok(())
        },
    )
    .await;
}
