//! Re-crawls over loopback: conditional requests that end in `Unchanged`, the recrawl policy,
//! and removal requests that are never fetched nor emitted.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use scout_crawler::{CrawlConfig, Crawler};
use scout_models::CreatorId;

use super::scripted::{html, json, not_found, robots_allow_all, serve, with_etag, Reply, Request};
use super::{config, crawl, crawl_outputs, start_servers, ACCOUNT, ALICE_ID, INSTANCE, OPENGRAPH};

const STATUSES: &str = include_str!("../fixtures/mastodon/statuses_page2.json");
const OLIVIA_ID: &str = "web:studio.sim.example/c/olivia";
const ALICE: &str = "mastodon:alice@social.sim.example";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_answering_304_is_unchanged_and_fresh_creators_wait() {
    let version = Arc::new(AtomicU64::new(1));
    let served = Arc::clone(&version);
    let server = serve(move |request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/c/olivia" => {
                let etag = format!("\"v{}\"", served.load(Ordering::SeqCst));
                with_etag(request, &etag, || html(OPENGRAPH)).into()
            }
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let seeds = [format!("{}/c/olivia", server.base())];
    let polite = Crawler::new(config(state.path())).unwrap();
    let (first, records) = crawl(&polite, &seeds).await;
    assert!(records.contains_key(OLIVIA_ID), "{first:?}");

    // The same seeds again: olivia was just fetched and is not due.
    let (second, outputs) = crawl_outputs(&polite, &seeds).await;
    assert_eq!(second.skipped_fresh, 1);
    assert!(outputs.records.is_empty() && outputs.unchanged.is_empty());
    assert_eq!(server.count("/c/olivia"), 1);

    // Forced: a conditional request, a 304, and an Unchanged output instead of a record.
    let forced = Crawler::new(CrawlConfig {
        force_recrawl: true,
        ..config(state.path())
    })
    .unwrap();
    let (third, outputs) = crawl_outputs(&forced, &seeds).await;
    assert_eq!(third.unchanged, 1, "{third:?}");
    assert_eq!(third.records, 0);
    assert_eq!(outputs.unchanged, vec![OLIVIA_ID.to_string()]);
    let asked = server.seen("/c/olivia");
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[1].headers["if-none-match"], "\"v1\"");

    // A changed page is a record again.
    version.store(2, Ordering::SeqCst);
    let (fourth, outputs) = crawl_outputs(&forced, &seeds).await;
    assert_eq!(fourth.records, 1, "{fourth:?}");
    assert!(outputs.unchanged.is_empty());
    assert!(outputs.records.contains_key(OLIVIA_ID));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mastodon_account_is_unchanged_only_with_the_same_account_and_a_304() {
    let followers = Arc::new(AtomicU64::new(12_840));
    let served = Arc::clone(&followers);
    let server = serve(move |request: &Request| -> Reply {
        let statuses = format!("/api/v1/accounts/{ALICE_ID}/statuses");
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            "/api/v1/instance" => json(INSTANCE).into(),
            "/api/v1/accounts/lookup" if request.query("acct") == Some("alice") => {
                let mut account: serde_json::Value = serde_json::from_str(ACCOUNT).unwrap();
                account["followers_count"] = served.load(Ordering::SeqCst).into();
                json(account.to_string()).into()
            }
            path if path == statuses => with_etag(request, "W/\"s1\"", || json(STATUSES)).into(),
            path if path.starts_with("/api/v1/statuses/") => {
                json(r#"{"ancestors":[],"descendants":[]}"#).into()
            }
            _ => not_found().into(),
        }
    })
    .await;
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(CrawlConfig {
        force_recrawl: true,
        discover: false,
        ..config(state.path())
    })
    .unwrap();
    let seeds = [format!("{}/@alice", server.base())];
    let statuses = format!("/api/v1/accounts/{ALICE_ID}/statuses");

    let (first, records) = crawl(&crawler, &seeds).await;
    assert_eq!(records[ALICE].creator.followers, Some(12_840), "{first:?}");
    assert!(server.seen(&statuses)[0]
        .headers
        .get("if-none-match")
        .is_none());

    let (second, outputs) = crawl_outputs(&crawler, &seeds).await;
    assert_eq!(outputs.unchanged, vec![ALICE.to_string()], "{second:?}");
    assert_eq!(second.records, 0);
    let asked = server.seen(&statuses);
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[1].headers["if-none-match"], "W/\"s1\"");
    let threads = server.count("/api/v1/statuses/");

    // New followers: the account changed, so the statuses are read in full and no thread is
    // skipped, even though they did not change.
    followers.store(12_901, Ordering::SeqCst);
    let (third, outputs) = crawl_outputs(&crawler, &seeds).await;
    assert!(outputs.unchanged.is_empty(), "{third:?}");
    assert_eq!(outputs.records[ALICE].creator.followers, Some(12_901));
    let asked = server.seen(&statuses);
    assert_eq!(asked.len(), 3);
    assert!(asked[2].headers.get("if-none-match").is_none());
    assert!(server.count("/api/v1/statuses/") > threads);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_requests_are_never_fetched_nor_emitted() {
    let servers = start_servers(None).await;
    let elsewhere = serve(|request: &Request| -> Reply {
        match request.path.as_str() {
            "/robots.txt" => robots_allow_all().into(),
            _ => not_found().into(),
        }
    })
    .await;
    let excluded: HashSet<CreatorId> = [
        ALICE,
        OLIVIA_ID,
        "bluesky:mira.bsky.social",
        "youtube:UCq7dPv4cV3Bf9zJm2HkXw1A",
    ]
    .iter()
    .map(|id| CreatorId::parse(id).unwrap())
    .collect();
    let state = tempfile::tempdir().unwrap();
    let web = servers.web.base();
    let olivia_seed = format!("{web}/c/olivia");

    // Olivia is crawled once before her removal request.
    let before = Crawler::new(config(state.path())).unwrap();
    let (_, records) = crawl(&before, std::slice::from_ref(&olivia_seed)).await;
    assert!(records.contains_key(OLIVIA_ID));
    assert_eq!(servers.web.count("/c/olivia"), 1);

    let crawler = Crawler::new(CrawlConfig {
        excluded_creators: excluded,
        force_recrawl: true,
        discover: false,
        ..config(state.path())
    })
    .unwrap();
    let seeds = [
        format!("{}/@alice", servers.mastodon.base()),
        olivia_seed,
        format!("{web}/c/alice"),
        format!("{}/profile/mira.bsky.social", elsewhere.base()),
        format!("{}/channel/UCq7dPv4cV3Bf9zJm2HkXw1A", elsewhere.base()),
    ];
    let (summary, records) = crawl(&crawler, &seeds).await;
    let ids: Vec<&String> = records.keys().collect();
    assert_eq!(ids, vec!["web:studio.sim.example/c/alice"], "{summary:?}");
    assert_eq!(summary.skipped_excluded, 4, "{summary:?}");
    assert!(
        elsewhere.requests().is_empty(),
        "{:?}",
        elsewhere.requests()
    );
    assert_eq!(
        servers.web.count("/c/olivia"),
        1,
        "known from the last crawl: not fetched"
    );
    assert_eq!(
        servers.mastodon.count("/api/v1/accounts/lookup?acct=alice"),
        0,
        "the account is excluded by its handle before any account request"
    );
    assert_eq!(servers.mastodon.count("/api/v1/instance"), 1);
}
