//! The Bluesky and YouTube-style sources crawled end to end over loopback, from saved real
//! payloads.

use scout_crawler::{CrawlConfig, Crawler};
use serde_json::json;

use super::scripted::{atom, html, json, not_found, robots_allow_all, serve, status, with_etag};
use super::scripted::{Reply, Request, Scripted};
use super::{config, crawl, crawl_outputs};

const PROFILE: &str = include_str!("../fixtures/bluesky/profile.json");
const FEED_PAGE1: &str = include_str!("../fixtures/bluesky/author_feed_page1.json");
const FEED_PAGE2: &str = include_str!("../fixtures/bluesky/author_feed_page2.json");
const THREAD: &str = include_str!("../fixtures/bluesky/post_thread.json");
const SEARCH_PAGE1: &str = include_str!("../fixtures/bluesky/search_actors_page1.json");
const SEARCH_PAGE2: &str = include_str!("../fixtures/bluesky/search_actors_page2.json");
const PROFILES: &str = include_str!("../fixtures/bluesky/profiles.json");
const CHANNEL: &str = include_str!("../fixtures/youtube/channel.html");
const VIDEOS: &str = include_str!("../fixtures/youtube/videos.xml");

const MIRA_DID: &str = "did:plc:4qpvm6tdkqzhp4g3ra2a6r6d";
const CHANNEL_ID: &str = "UCq7dPv4cV3Bf9zJm2HkXw1A";
const TRAYBAKE_URI: &str = "at://did:plc:4qpvm6tdkqzhp4g3ra2a6r6d/app.bsky.feed.post/3lbq2tzkxcs2a";

/// A small profile for the other actors of the search results.
fn small_profile(handle: &str) -> String {
    json!({
        "did": format!("did:plc:{}", handle.replace('.', "")),
        "handle": handle,
        "displayName": handle,
        "followersCount": 120,
        "followsCount": 80,
        "postsCount": 12,
        "createdAt": "2024-01-01T00:00:00.000Z",
        "labels": []
    })
    .to_string()
}

/// An AppView on loopback: getProfile, getProfiles (the commenters), getAuthorFeed (cursor),
/// getPostThread, searchActors.
fn appview(request: &Request) -> Reply {
    let xrpc_error = || {
        let mut response = json(r#"{"error":"InvalidRequest","message":"Profile not found"}"#);
        *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        response
    };
    match request.path.as_str() {
        "/robots.txt" => robots_allow_all().into(),
        "/xrpc/app.bsky.actor.getProfile" => match request.query("actor") {
            Some("mira.bsky.social") => json(PROFILE).into(),
            Some(handle @ ("sol.kitchen" | "ravi.bsky.social")) => {
                json(small_profile(handle)).into()
            }
            _ => xrpc_error().into(),
        },
        "/xrpc/app.bsky.actor.getProfiles" => json(PROFILES).into(),
        "/xrpc/app.bsky.feed.getAuthorFeed" => {
            let page = match (request.query("actor"), request.query("cursor")) {
                (Some(MIRA_DID), None) => FEED_PAGE1,
                (Some(MIRA_DID), Some("2024-10-30T07:00:00.000Z")) => FEED_PAGE2,
                _ => r#"{"feed": []}"#,
            };
            json(page).into()
        }
        "/xrpc/app.bsky.feed.getPostThread" => match request.query("uri") {
            Some(TRAYBAKE_URI) => json(THREAD).into(),
            Some(_) => {
                json(r#"{"thread": {"$type": "app.bsky.feed.defs#threadViewPost", "replies": []}}"#)
                    .into()
            }
            None => xrpc_error().into(),
        },
        "/xrpc/app.bsky.actor.getSuggestions" => match request.query("cursor") {
            None => {
                let mut page: serde_json::Value = serde_json::from_str(SEARCH_PAGE2).unwrap();
                page["cursor"] = "1".into();
                json(page.to_string()).into()
            }
            Some(_) => json(r#"{"actors": []}"#).into(),
        },
        "/xrpc/app.bsky.actor.searchActors" => match request.query("cursor") {
            None => json(SEARCH_PAGE1).into(),
            Some("3") => json(SEARCH_PAGE2).into(),
            Some(_) => json(r#"{"actors": []}"#).into(),
        },
        _ => not_found().into(),
    }
}

fn xrpc_targets(server: &Scripted, method: &str) -> Vec<String> {
    server
        .seen(&format!("/xrpc/{method}"))
        .into_iter()
        .map(|seen| seen.target)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bluesky_profiles_and_search_over_xrpc() {
    let server = serve(appview).await;
    let state = tempfile::tempdir().unwrap();
    // Reply authors are followed in `bluesky_reply_authors_with_followers_become_creators`.
    let crawler = Crawler::new(CrawlConfig {
        reply_authors_per_creator: 0,
        ..config(state.path())
    })
    .unwrap();
    let base = server.base();
    let seeds = [
        format!("{base}/profile/mira.bsky.social"),
        format!("{base}/search?q=vegan"),
    ];
    let (summary, records) = crawl(&crawler, &seeds).await;
    let mut ids: Vec<&str> = records.keys().map(String::as_str).collect();
    ids.sort();
    assert_eq!(
        ids,
        vec![
            "bluesky:mira.bsky.social",
            "bluesky:ravi.bsky.social",
            "bluesky:sol.kitchen"
        ]
    );
    assert_eq!(
        summary.skipped_opted_out, 1,
        "the !no-unauthenticated actor"
    );
    assert_eq!(summary.errors, 0, "{summary:?}");

    let mira = &records["bluesky:mira.bsky.social"];
    assert_eq!(mira.creator.followers, Some(23814));
    assert_eq!(
        mira.creator.profile_url,
        format!("{base}/profile/mira.bsky.social")
    );
    assert_eq!(
        mira.posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        vec!["3lbq2tzkxcs2a", "3lbnw5oxk4k2c", "3lbkx4ayvlc2e"]
    );
    assert_eq!(
        mira.posts[0].url,
        format!("{base}/profile/mira.bsky.social/post/3lbq2tzkxcs2a")
    );
    assert_eq!(
        mira.audience
            .iter()
            .map(|sample| sample.handle.as_str())
            .collect::<Vec<_>>(),
        vec![
            "joao.bsky.social",
            "deals4u-2291.bsky.social",
            "lena.bsky.social"
        ]
    );
    assert_eq!(mira.creator.provenance.content_hash.len(), 64);
    // The thread shows commenters without counts or bio; their profiles complete them.
    let joao = &mira.audience[0];
    assert_eq!((joao.followers, joao.following), (Some(214), Some(301)));
    assert_eq!(
        joao.bio.as_deref(),
        Some("pai de dois · cozinha de domingo")
    );
    assert_eq!(joao.location.as_deref(), Some("Porto, Portugal"));
    // The reply's likeCount from the thread, the posts from the commenter's profile.
    assert_eq!((joao.reply_likes, joao.post_count), (Some(4), Some(420)));
    assert_eq!(mira.audience[1].following, Some(4_812));
    assert_eq!(
        (mira.audience[1].reply_likes, mira.audience[1].post_count),
        (Some(0), Some(12))
    );
    let profiles = xrpc_targets(&server, "app.bsky.actor.getProfiles");
    assert_eq!(
        profiles.len(),
        1,
        "one request for every commenter: {profiles:?}"
    );
    for did in [
        "did%3Aplc%3Ajz3kqyqamvhmgb5bq5rckyyy",
        "did%3Aplc%3Ab0tb0tb0tb0tb0tb0tb0tb0t",
    ] {
        assert!(
            profiles[0].contains(&format!("actors={did}")),
            "{profiles:?}"
        );
    }

    // The seed profile, also found by search, is fetched once.
    assert_eq!(
        xrpc_targets(&server, "app.bsky.actor.getProfile?actor=mira.bsky.social").len(),
        1
    );
    assert_eq!(
        xrpc_targets(&server, "app.bsky.actor.getProfile?actor=hidden").len(),
        0,
        "opted-out actors are not fetched"
    );
    let feeds = xrpc_targets(
        &server,
        "app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3A4qpv",
    );
    assert_eq!(feeds.len(), 2, "two pages by cursor: {feeds:?}");
    assert!(feeds[0].contains("limit=50") && !feeds[0].contains("cursor"));
    assert!(
        feeds[1].contains("cursor=2024-10-30T07%3A00%3A00.000Z"),
        "{feeds:?}"
    );
    assert_eq!(
        xrpc_targets(&server, "app.bsky.feed.getPostThread").len(),
        3
    );
    let searches = xrpc_targets(&server, "app.bsky.actor.searchActors");
    assert_eq!(searches.len(), 2, "{searches:?}");
    assert!(searches[0].contains("q=vegan"));
    assert!(searches[1].contains("cursor=3"));
    let suggestions = xrpc_targets(&server, "app.bsky.actor.getSuggestions");
    assert_eq!(
        suggestions.len(),
        2,
        "discovery pages suggestions: {suggestions:?}"
    );
    assert!(suggestions[1].contains("cursor=1"));
    assert_eq!(
        xrpc_targets(&server, "app.bsky.actor.getProfile?actor=ravi.bsky.social").len(),
        1,
        "found by search and by suggestions, fetched once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_appview_serves_every_profile() {
    let appview_server = serve(appview_with_repliers).await;
    let site = serve(|_: &Request| -> Reply { status(500).into() }).await;
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(CrawlConfig {
        bluesky_appview: Some(url::Url::parse(&appview_server.base()).unwrap()),
        ..config(state.path())
    })
    .unwrap();
    let seed = format!("{}/profile/mira.bsky.social", site.base());
    let (summary, records) = crawl(&crawler, &[seed]).await;
    assert_eq!(summary.errors, 0, "{summary:?}");
    let mira = &records["bluesky:mira.bsky.social"];
    assert_eq!(
        mira.creator.profile_url,
        format!("{}/profile/mira.bsky.social", site.base()),
        "links point at the site the seed named"
    );
    assert!(site.requests().is_empty(), "{:?}", site.requests());
    assert_eq!(site.count("/robots.txt"), 0);
    assert!(appview_server.count("/xrpc/") >= 5);
}

/// A channel site: the page (whose feed link points at the real site, so the same-host
/// default is used) and the Atom feed, both with validators.
fn channel_site(request: &Request) -> Reply {
    match request.path.as_str() {
        "/robots.txt" => robots_allow_all().into(),
        path if path == format!("/channel/{CHANNEL_ID}") => {
            with_etag(request, "\"page-v1\"", || html(CHANNEL)).into()
        }
        "/feeds/videos.xml" if request.query("channel_id") == Some(CHANNEL_ID) => {
            with_etag(request, "\"feed-v1\"", || atom(VIDEOS)).into()
        }
        _ => not_found().into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn youtube_channels_from_page_and_feed_then_unchanged() {
    let server = serve(channel_site).await;
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(CrawlConfig {
        force_recrawl: true,
        ..config(state.path())
    })
    .unwrap();
    let seed = format!("{}/channel/{CHANNEL_ID}", server.base());
    let (summary, records) = crawl(&crawler, std::slice::from_ref(&seed)).await;
    assert_eq!(summary.errors, 0, "{summary:?}");
    let channel = &records[&format!("youtube:{CHANNEL_ID}")];
    assert_eq!(channel.creator.followers, Some(184_000));
    assert_eq!(channel.creator.handle, "pixelforge");
    assert_eq!(channel.creator.profile_url, seed);
    assert_eq!(channel.posts.len(), 3);
    assert_eq!(channel.posts[0].id, "Xk3qP9vT2aE");
    assert_eq!(channel.posts[0].likes, Some(8412));
    assert_eq!(channel.posts[0].views, Some(121_877));
    assert!(channel.posts[1].sponsored);
    assert_eq!(server.count("/feeds/videos.xml"), 1);

    // Forced again: page and feed both answer 304, so the channel is unchanged.
    let (again, outputs) = crawl_outputs(&crawler, std::slice::from_ref(&seed)).await;
    assert_eq!(again.records, 0, "{again:?}");
    assert_eq!(again.unchanged, 1);
    assert_eq!(outputs.unchanged, vec![format!("youtube:{CHANNEL_ID}")]);
    let page_requests = server.seen("/channel/");
    assert_eq!(page_requests.len(), 2);
    assert_eq!(page_requests[1].headers["if-none-match"], "\"page-v1\"");
    let feed_requests = server.seen("/feeds/videos.xml");
    assert_eq!(feed_requests.len(), 2);
    assert_eq!(feed_requests[1].headers["if-none-match"], "\"feed-v1\"");
    assert_eq!(again.fetched, 2, "two 304s and nothing else");
}

/// The fixture AppView, where the thread's repliers have profiles, looked up by their DIDs
/// (the thread's `author.did`): joao (4 likes on his reply, 5,000 followers, a post of his
/// own), lena (1 like, 40 followers) and deals4u (0 likes, 9,000 followers, no posts).
fn appview_with_repliers(request: &Request) -> Reply {
    let profile = |did: &str, handle: &str, followers: u64| {
        let mut profile: serde_json::Value = serde_json::from_str(&small_profile(handle)).unwrap();
        profile["did"] = did.into();
        profile["followersCount"] = followers.into();
        json(profile.to_string()).into()
    };
    match (request.path.as_str(), request.query("actor")) {
        ("/xrpc/app.bsky.actor.getProfile", Some(did @ JOAO)) => {
            profile(did, "joao.bsky.social", 5_000)
        }
        ("/xrpc/app.bsky.actor.getProfile", Some(did @ LENA)) => {
            profile(did, "lena.bsky.social", 40)
        }
        ("/xrpc/app.bsky.actor.getProfile", Some(did @ DEALS4U)) => {
            profile(did, "deals4u-2291.bsky.social", 9_000)
        }
        ("/xrpc/app.bsky.feed.getAuthorFeed", Some(JOAO)) => json(joao_feed()).into(),
        ("/xrpc/app.bsky.actor.getSuggestions", _) => json(r#"{"actors": []}"#).into(),
        _ => appview(request),
    }
}

/// Joao's feed: one post of his own (the fixture's first post, as his).
fn joao_feed() -> String {
    let page: serde_json::Value = serde_json::from_str(FEED_PAGE1).unwrap();
    let mut item = page["feed"][0].clone();
    item["post"]["author"]["did"] = JOAO.into();
    item["post"]["author"]["handle"] = "joao.bsky.social".into();
    item["post"]["uri"] = format!("at://{JOAO}/app.bsky.feed.post/3lbq2joao0001").into();
    json!({ "feed": [item] }).to_string()
}

/// The `actor` parameter of an XRPC request target.
fn actor_of(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "actor")
        .map(|(_, value)| value.into_owned())
}

/// The DIDs of the repliers in tests/fixtures/bluesky/post_thread.json.
const JOAO: &str = "did:plc:jz3kqyqamvhmgb5bq5rckyyy";
const LENA: &str = "did:plc:l3nax7w2qhqkb5hbf7lktdtk";
const DEALS4U: &str = "did:plc:b0tb0tb0tb0tb0tb0tb0tb0t";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bluesky_reply_authors_with_followers_become_creators() {
    let server = serve(appview_with_repliers).await;
    let seeds = [format!("{}/profile/mira.bsky.social", server.base())];
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(CrawlConfig {
        reply_authors_per_creator: 3,
        max_depth: 1,
        ..config(state.path())
    })
    .unwrap();
    let (summary, records) = crawl(&crawler, &seeds).await;
    let mut ids: Vec<&str> = records.keys().map(String::as_str).collect();
    ids.sort();
    // The three most liked repliers are asked for: lena has too few followers to be a
    // creator, deals4u has followers but no posts of its own.
    assert_eq!(
        ids,
        vec!["bluesky:joao.bsky.social", "bluesky:mira.bsky.social"],
        "{summary:?}"
    );
    assert_eq!(summary.errors, 0, "{summary:?}");
    let asked = |actor: &str| {
        xrpc_targets(&server, "app.bsky.actor.getProfile")
            .iter()
            .filter(|target| actor_of(target).as_deref() == Some(actor))
            .count()
    };
    assert_eq!(asked(JOAO), 1);
    assert_eq!(asked(LENA), 1);
    assert_eq!(asked(DEALS4U), 1);
    assert_eq!(
        asked("mira.bsky.social") + asked("did:plc:4qpvm6tdkqzhp4g3ra2a6r6d"),
        1,
        "the creator is not her own replier"
    );
    let feeds = xrpc_targets(&server, "app.bsky.feed.getAuthorFeed");
    assert!(
        feeds
            .iter()
            .all(|target| actor_of(target).as_deref() != Some(LENA)),
        "no feed for a non-creator: {feeds:?}"
    );

    // Off: repliers stay audience samples only.
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(CrawlConfig {
        reply_authors_per_creator: 0,
        ..config(state.path())
    })
    .unwrap();
    let (_, records) = crawl(&crawler, &seeds).await;
    assert_eq!(records.len(), 1);
}
