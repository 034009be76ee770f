//! Following Mastodon reply authors: two loopback instances where some creators are listed
//! nowhere and reachable only as the authors of replies in another creator's thread.

use std::sync::Arc;

use scout_crawler::{CrawlConfig, Crawler};
use scout_models::{CreatorId, Platform};
use serde_json::{json, Value};

use super::scripted::{
    json as json_response, not_found, robots_allow_all, serve_on, Reply, Request, Scripted,
};
use super::{config, crawl};

/// An account as an instance's API shows it.
pub(super) fn account(base: &str, id: u32, acct: &str, followers: u64, extra: Value) -> Value {
    let username = acct.split('@').next().unwrap();
    let url = match acct.split_once('@') {
        Some((_, _)) => extra["url"].as_str().unwrap().to_string(),
        None => format!("{base}/@{username}"),
    };
    let mut account = json!({
        "id": id.to_string(),
        "username": username,
        "acct": acct,
        "display_name": username,
        "note": format!("<p>{username} makes latte art videos and sourdough</p>"),
        "url": url,
        "avatar": format!("{base}/avatars/{id}.jpg"),
        "followers_count": followers,
        "following_count": 120,
        "statuses_count": 250,
        "created_at": "2021-03-01T00:00:00.000Z",
        "bot": false,
        "discoverable": true,
        "noindex": false,
        "fields": [],
    });
    if let (Value::Object(map), Value::Object(extra)) = (&mut account, extra) {
        map.extend(extra);
    }
    account
}

/// One status of `author` with `replies` replies.
pub(super) fn status(base: &str, id: u32, author: &Value, replies: u32) -> Value {
    json!({
        "id": id.to_string(),
        "created_at": "2026-11-01T12:00:00.000Z",
        "content": "<p>Morning latte art practice #latteart</p>",
        "url": format!("{base}/@{}/{id}", author["username"].as_str().unwrap()),
        "language": "en",
        "replies_count": replies,
        "reblogs_count": 2,
        "favourites_count": 40,
        "tags": [{"name": "latteart"}],
        "mentions": [],
        "media_attachments": [],
        "reblog": null,
        "account": author,
    })
}

/// A reply by `author`.
pub(super) fn reply(base: &str, id: u32, author: &Value) -> Value {
    let mut reply = status(base, id, author, 0);
    reply["content"] = json!("<p>So smooth, how long did that take?</p>");
    reply
}

/// A Mastodon instance serving `accounts` (each with its statuses and their replies).
pub(super) struct Instance {
    pub domain: &'static str,
    /// (account, its statuses, the replies under its first status)
    pub accounts: Vec<(Value, Vec<Value>, Vec<Value>)>,
    pub directory: Vec<Value>,
    /// Answers every directory page with the whole list, as an instance ignoring `offset` does.
    pub ignores_offset: bool,
}

fn answer(instance: &Instance, request: &Request) -> Reply {
    let path = request.path.as_str();
    if path == "/robots.txt" {
        return robots_allow_all().into();
    }
    if path == "/api/v1/instance" {
        return json_response(
            json!({"uri": instance.domain, "title": instance.domain, "version": "4.2.10"})
                .to_string(),
        )
        .into();
    }
    if path == "/api/v1/directory" {
        let offset: usize = request
            .query("offset")
            .and_then(|offset| offset.parse().ok())
            .unwrap_or(0);
        let skip = if instance.ignores_offset { 0 } else { offset };
        let page: Vec<Value> = instance.directory.iter().skip(skip).cloned().collect();
        return json_response(Value::Array(page).to_string()).into();
    }
    for (account, statuses, replies) in &instance.accounts {
        let id = account["id"].as_str().unwrap();
        if path == "/api/v1/accounts/lookup"
            && request.query("acct") == account["username"].as_str()
        {
            return json_response(account.to_string()).into();
        }
        if path == format!("/api/v1/accounts/{id}/statuses") {
            return json_response(Value::Array(statuses.clone()).to_string()).into();
        }
        if let Some(first) = statuses.first() {
            let first_id = first["id"].as_str().unwrap();
            if path == format!("/api/v1/statuses/{first_id}/context") {
                return json_response(json!({"ancestors": [], "descendants": replies}).to_string())
                    .into();
            }
        }
    }
    not_found().into()
}

async fn instance(build: impl FnOnce(&str) -> Instance + Send + 'static) -> Arc<Scripted> {
    instance_on(std::net::Ipv4Addr::LOCALHOST.into(), build).await
}

/// An instance served on a free port of `ip`, built knowing its base URL.
pub(super) async fn instance_on(
    ip: std::net::IpAddr,
    build: impl FnOnce(&str) -> Instance + Send + 'static,
) -> Arc<Scripted> {
    let slot: Arc<std::sync::OnceLock<Instance>> = Arc::new(std::sync::OnceLock::new());
    let handler_slot = Arc::clone(&slot);
    let server = serve_on(ip, move |request: &Request| -> Reply {
        match handler_slot.get() {
            Some(instance) => answer(instance, request),
            None => not_found().into(),
        }
    })
    .await;
    let built = build(&server.base());
    assert!(slot.set(built).is_ok());
    server
}

fn mastodon(handle: &str) -> String {
    CreatorId::new(Platform::Mastodon, handle)
        .as_str()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creator_like_reply_authors_become_creators() {
    let other = instance(|base| {
        let frank = account(base, 7, "frank", 3_000, json!({}));
        Instance {
            domain: "other.test",
            accounts: vec![(frank.clone(), vec![status(base, 700, &frank, 0)], vec![])],
            directory: vec![],
            ignores_offset: false,
        }
    })
    .await;
    let other_base = other.base();
    let social = instance(move |base| {
        let alice = account(base, 1, "alice", 20_000, json!({}));
        let bob = account(base, 2, "bob", 5_000, json!({}));
        let carol = account(base, 3, "carol", 9_000, json!({"bot": true}));
        let dave = account(base, 4, "dave", 9_000, json!({"noindex": true}));
        let erin = account(base, 5, "erin", 30, json!({}));
        let gina = account(base, 6, "gina", 9_000, json!({}));
        let henry = account(base, 8, "henry", 4_000, json!({}));
        let frank_here = account(
            base,
            90,
            "frank@other.test",
            3_000,
            json!({"url": format!("{other_base}/@frank")}),
        );
        let alice_replies = vec![
            reply(base, 101, &bob),
            reply(base, 102, &carol),
            reply(base, 103, &dave),
            reply(base, 104, &erin),
            reply(base, 105, &frank_here),
            reply(base, 106, &gina),
            reply(base, 107, &alice),
            reply(base, 108, &bob),
        ];
        Instance {
            domain: "social.test",
            accounts: vec![
                (
                    alice.clone(),
                    vec![status(base, 100, &alice, 8)],
                    alice_replies,
                ),
                (
                    bob.clone(),
                    vec![status(base, 200, &bob, 1)],
                    vec![reply(base, 201, &henry)],
                ),
                (henry.clone(), vec![status(base, 800, &henry, 0)], vec![]),
                (gina.clone(), vec![status(base, 600, &gina, 0)], vec![]),
            ],
            // Only the seed is listed: everyone else is reachable only through replies.
            directory: vec![alice],
            ignores_offset: false,
        }
    })
    .await;
    let seeds = [format!("{}/@alice", social.base())];
    let tune = |config: &mut CrawlConfig| {
        // Seed 0, its reply authors 1, theirs 2: the depth bound stops at 1.
        config.max_depth = 1;
        config.excluded_creators = [CreatorId::new(Platform::Mastodon, "gina@social.test")]
            .into_iter()
            .collect();
    };

    let state = tempfile::tempdir().unwrap();
    let mut settings = config(state.path());
    tune(&mut settings);
    let (summary, records) = crawl(&Crawler::new(settings).unwrap(), &seeds).await;
    let mut ids: Vec<String> = records.keys().cloned().collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        vec![
            mastodon("alice@social.test"),
            mastodon("bob@social.test"),
            mastodon("frank@other.test")
        ],
        "{summary:?}"
    );
    assert_eq!(summary.errors, 0, "{summary:?}");
    // Bob came with the account the thread showed: no lookup. Frank was looked up at home.
    assert_eq!(social.count("/api/v1/accounts/lookup?acct=bob"), 0);
    assert_eq!(social.count("/api/v1/accounts/2/statuses"), 1);
    assert_eq!(other.count("/api/v1/instance"), 1);
    assert_eq!(other.count("/api/v1/accounts/lookup?acct=frank"), 1);
    // Bots, noindex, non-creators, removal requests and the depth bound: never asked for.
    for (name, id) in [
        ("carol", 3),
        ("dave", 4),
        ("erin", 5),
        ("gina", 6),
        ("henry", 8),
    ] {
        assert_eq!(
            social.count(&format!("/api/v1/accounts/{id}/")),
            0,
            "{name}'s statuses"
        );
        assert_eq!(
            social.count(&format!("/api/v1/accounts/lookup?acct={name}")),
            0,
            "{name}'s lookup"
        );
    }
    let bob = &records[&mastodon("bob@social.test")];
    assert_eq!(bob.creator.followers, Some(5_000));

    // The cap: one reply author per creator, the most followed (bob, not frank).
    let state = tempfile::tempdir().unwrap();
    let mut settings = config(state.path());
    tune(&mut settings);
    settings.reply_authors_per_creator = 1;
    let (_, records) = crawl(&Crawler::new(settings).unwrap(), &seeds).await;
    assert!(records.contains_key(&mastodon("bob@social.test")));
    assert!(!records.contains_key(&mastodon("frank@other.test")));
    assert_eq!(other.count("/api/v1/accounts/lookup"), 1, "not asked again");

    // Off: reply authors stay audience samples.
    let state = tempfile::tempdir().unwrap();
    let mut settings = config(state.path());
    tune(&mut settings);
    settings.reply_authors_per_creator = 0;
    let (_, records) = crawl(&Crawler::new(settings).unwrap(), &seeds).await;
    assert_eq!(records.len(), 1);
    let alice = &records[&mastodon("alice@social.test")];
    assert!(alice
        .audience
        .iter()
        .any(|sample| sample.handle == "frank@other.test"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_ignoring_offset_is_read_once_more_then_left() {
    let social = instance(|base| {
        let people: Vec<Value> = (1..=3)
            .map(|id| account(base, id, &format!("maker{id}"), 5_000, json!({})))
            .collect();
        Instance {
            domain: "loop.test",
            accounts: people
                .iter()
                .map(|person| {
                    let id = person["id"].as_str().unwrap().parse::<u32>().unwrap();
                    (
                        person.clone(),
                        vec![status(base, id * 100, person, 0)],
                        vec![],
                    )
                })
                .collect(),
            directory: people,
            ignores_offset: true,
        }
    })
    .await;
    let seeds = [format!("{}/@maker1", social.base())];
    let state = tempfile::tempdir().unwrap();
    let mut settings = config(state.path());
    settings.reply_authors_per_creator = 0;
    let (summary, records) = crawl(&Crawler::new(settings).unwrap(), &seeds).await;
    assert_eq!(records.len(), 3, "{summary:?}");
    // Page one, then the repeat at offset 3 that shows nothing new: no third page.
    assert_eq!(social.count("/api/v1/directory"), 2, "{summary:?}");
}
