//! The simulated creator web served over loopback and read with a real HTTP client: the
//! Mastodon API and the creator pages must have the shapes real servers send.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use reqwest::header::{HeaderMap, CONTENT_TYPE, LINK};
use reqwest::StatusCode;
use serde_json::Value;

use scout::sim::{serve, HostKind, SimConfig, SimServer, Truth, VirtualHostInfo, World};

const CREATORS: usize = 1_200;

async fn start() -> (Arc<World>, SimServer) {
    let world = Arc::new(World::generate(&SimConfig {
        seed: 2024,
        creators: CREATORS,
    }));
    let address = "127.0.0.1:0".parse().expect("loopback address");
    let server = serve(Arc::clone(&world), address)
        .await
        .expect("the simulated web starts");
    (world, server)
}

struct Fetched {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Fetched {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    fn next_link(&self) -> Option<String> {
        let link = self.headers.get(LINK)?.to_str().ok()?;
        link.split(", ")
            .find(|part| part.ends_with("rel=\"next\""))
            .and_then(|part| part.split_once('>'))
            .map(|(url, _)| url.trim_start_matches('<').to_string())
    }

    fn has_link(&self, relation: &str) -> bool {
        self.headers
            .get(LINK)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|link| link.contains(&format!("rel=\"{relation}\"")))
    }
}

async fn get(client: &reqwest::Client, url: &str) -> Fetched {
    let response = client.get(url).send().await.expect("request succeeds");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body reads");
    Fetched {
        status,
        headers,
        body,
    }
}

fn hosts_of(server: &SimServer, kind: HostKind) -> Vec<VirtualHostInfo> {
    server
        .hosts()
        .into_iter()
        .filter(|host| host.kind == kind)
        .collect()
}

fn truth_by_id(world: &World) -> HashMap<String, scout::sim::TruthCreator> {
    world
        .truth()
        .creators
        .into_iter()
        .map(|creator| (creator.id.clone(), creator))
        .collect()
}

/// Usernames of the creators a host serves.
fn usernames_on(world: &World, host_position: usize) -> Vec<String> {
    world
        .creators_on(host_position)
        .iter()
        .map(|index| world.creators()[*index as usize].username().to_string())
        .collect()
}

fn host_position(server: &SimServer, host: &VirtualHostInfo) -> usize {
    server
        .hosts()
        .iter()
        .position(|candidate| candidate == host)
        .expect("host is served")
}

fn is_mastodon_time(value: &Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    text.len() == 24
        && text.ends_with('Z')
        && text.as_bytes()[19] == b'.'
        && text.as_bytes()[10] == b'T'
}

/// Text between `start` and the next `end` after it, for every occurrence.
fn all_between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(start) {
        let after = &rest[open + start.len()..];
        let Some(close) = after.find(end) else { break };
        found.push(&after[..close]);
        rest = &after[close + end.len()..];
    }
    found
}

fn json_ld(html: &str) -> Option<&str> {
    all_between(html, "<script type=\"application/ld+json\">", "</script>")
        .into_iter()
        .next()
}

fn head_link(html: &str, relation: &str) -> Option<String> {
    all_between(html, &format!("<link rel=\"{relation}\" href=\""), "\"")
        .first()
        .map(|href| href.to_string())
}

fn counter(statistics: &Value, action: &str) -> Option<u64> {
    statistics.as_array()?.iter().find_map(|counter| {
        let kind = counter["interactionType"].as_str()?;
        (kind == format!("https://schema.org/{action}"))
            .then(|| counter["userInteractionCount"].as_u64())?
    })
}

fn assert_account_shape(account: &Value) {
    for field in [
        "id",
        "username",
        "acct",
        "display_name",
        "note",
        "url",
        "uri",
        "avatar",
        "avatar_static",
        "header",
        "header_static",
    ] {
        assert!(
            account[field].is_string(),
            "account.{field} is not a string: {account}"
        );
    }
    for field in ["followers_count", "following_count", "statuses_count"] {
        assert!(account[field].is_u64(), "account.{field} is not a count");
    }
    for field in ["locked", "bot", "group"] {
        assert!(account[field].is_boolean(), "account.{field} is not a bool");
    }
    assert!(account["id"]
        .as_str()
        .is_some_and(|id| id.chars().all(|c| c.is_ascii_digit())));
    assert!(account["created_at"]
        .as_str()
        .is_some_and(|at| at.ends_with("T00:00:00.000Z")));
    assert!(account["emojis"].as_array().is_some_and(Vec::is_empty));
    assert!(account["fields"].is_array());
}

fn assert_status_shape(status: &Value) {
    for field in [
        "id",
        "uri",
        "content",
        "visibility",
        "spoiler_text",
        "language",
    ] {
        assert!(
            status[field].is_string(),
            "status.{field} is not a string: {status}"
        );
    }
    for field in ["replies_count", "reblogs_count", "favourites_count"] {
        assert!(status[field].is_u64(), "status.{field} is not a count");
    }
    assert!(
        is_mastodon_time(&status["created_at"]),
        "created_at {}",
        status["created_at"]
    );
    assert!(status["content"]
        .as_str()
        .is_some_and(|content| content.starts_with("<p>")));
    assert!(status["sensitive"].is_boolean());
    for field in ["media_attachments", "mentions", "tags", "emojis"] {
        assert!(status[field].is_array(), "status.{field} is not an array");
    }
    for field in [
        "in_reply_to_id",
        "in_reply_to_account_id",
        "edited_at",
        "reblog",
        "card",
        "poll",
    ] {
        assert!(status.get(field).is_some(), "status.{field} is missing");
    }
    for tag in status["tags"].as_array().into_iter().flatten() {
        assert!(
            tag["name"].is_string()
                && tag["url"]
                    .as_str()
                    .is_some_and(|url| url.contains("/tags/"))
        );
    }
    assert_account_shape(&status["account"]);
}

#[tokio::test]
async fn mastodon_instances_report_their_domain_and_look_up_accounts() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let seeds = server.seeds();
    for host in hosts_of(&server, HostKind::Mastodon) {
        let instance = get(&client, &format!("{}/api/v1/instance", host.base_url)).await;
        assert_eq!(instance.status, StatusCode::OK);
        assert!(instance.content_type().starts_with("application/json"));
        let instance = instance.json();
        assert_eq!(instance["uri"], host.domain.as_str());
        assert_eq!(instance["version"], "4.2.10");
        for field in ["title", "short_description", "description", "email"] {
            assert!(instance[field].is_string(), "instance.{field}");
        }
        assert!(instance["stats"]["user_count"].is_u64());
        assert!(instance["urls"]["streaming_api"].is_string());
        assert!(instance["languages"].is_array() && instance["rules"].is_array());
        assert!(
            instance["registrations"].is_boolean() && instance["approval_required"].is_boolean()
        );
        assert!(instance["configuration"]["statuses"]["max_characters"].is_u64());
        assert!(instance.get("contact_account").is_some());
        let v2 = get(&client, &format!("{}/api/v2/instance", host.base_url))
            .await
            .json();
        assert_eq!(v2["domain"], host.domain.as_str());

        let seed = seeds
            .iter()
            .find(|seed| seed.starts_with(&host.base_url))
            .expect("a seed per instance");
        let username = seed.rsplit("/@").next().expect("profile seed");
        let lookup = get(
            &client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await;
        assert_eq!(lookup.status, StatusCode::OK);
        let account = lookup.json();
        assert_account_shape(&account);
        assert_eq!(account["acct"], username);
        let id = format!("mastodon:{}@{}", username.to_lowercase(), host.domain);
        assert!(truth.contains_key(&id), "{id} is not in the truth");
        assert_eq!(
            truth[&id].followers,
            account["followers_count"].as_u64().unwrap_or_default()
        );

        let qualified = get(
            &client,
            &format!(
                "{}/api/v1/accounts/lookup?acct=@{username}@{}",
                host.base_url, host.domain
            ),
        )
        .await;
        assert_eq!(qualified.json()["id"], account["id"]);
        let by_id = get(
            &client,
            &format!(
                "{}/api/v1/accounts/{}",
                host.base_url,
                account["id"].as_str().unwrap_or_default()
            ),
        )
        .await;
        assert_eq!(by_id.json()["username"], account["username"]);

        let missing = get(
            &client,
            &format!(
                "{}/api/v1/accounts/lookup?acct=nobody_here_at_all",
                host.base_url
            ),
        )
        .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.json()["error"], "Record not found");
        assert_eq!(
            get(&client, &format!("{}/api/v1/accounts/123", host.base_url))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn statuses_link_paging_reaches_every_status_exactly_once() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let host = hosts_of(&server, HostKind::Mastodon).remove(0);
    let position = host_position(&server, &host);
    for username in usernames_on(&world, position).iter().take(4) {
        let account = get(
            &client,
            &format!("{}/api/v1/accounts/lookup?acct={username}", host.base_url),
        )
        .await
        .json();
        let account_id = account["id"].as_str().expect("id").to_string();
        let mut url = Some(format!(
            "{}/api/v1/accounts/{account_id}/statuses?limit=7&exclude_replies=true",
            host.base_url
        ));
        let mut seen: Vec<u64> = Vec::new();
        let mut pages = 0;
        while let Some(next) = url.take() {
            let page = get(&client, &next).await;
            assert_eq!(page.status, StatusCode::OK);
            let statuses = page.json();
            let statuses = statuses.as_array().expect("an array of statuses");
            assert!(statuses.len() <= 7);
            if !statuses.is_empty() {
                assert!(page.has_link("prev"), "a non-empty page links back");
            }
            for status in statuses {
                assert_status_shape(status);
                assert_eq!(status["account"]["id"], account_id.as_str());
                seen.push(
                    status["id"]
                        .as_str()
                        .and_then(|id| id.parse().ok())
                        .expect("numeric id"),
                );
            }
            url = page.next_link();
            pages += 1;
            assert!(pages < 50, "paging does not end");
        }
        let unique: HashSet<u64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "a status came twice");
        assert!(
            seen.windows(2).all(|pair| pair[0] > pair[1]),
            "statuses are newest first across pages"
        );
        assert_eq!(
            seen.len() as u64,
            account["statuses_count"].as_u64().unwrap_or_default()
        );

        let newest = seen.first().expect("creators have posts");
        let newer = get(
            &client,
            &format!(
                "{}/api/v1/accounts/{account_id}/statuses?min_id={newest}",
                host.base_url
            ),
        )
        .await;
        assert_eq!(newer.json(), Value::Array(Vec::new()));
        assert!(!newer.has_link("next"));
        let oldest_two = get(
            &client,
            &format!(
                "{}/api/v1/accounts/{account_id}/statuses?min_id=0&limit=2",
                host.base_url
            ),
        )
        .await
        .json();
        let ids: Vec<u64> = oldest_two
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|status| status["id"].as_str()?.parse().ok())
            .collect();
        assert_eq!(
            ids,
            seen.iter().rev().take(2).rev().copied().collect::<Vec<_>>()
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn context_returns_every_reply_with_audience_accounts() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let mut checked_replies = 0;
    let mut bot_like_accounts_on_fakes = 0;
    for host in hosts_of(&server, HostKind::Mastodon) {
        let position = host_position(&server, &host);
        let mut creators: Vec<_> = world
            .creators_on(position)
            .iter()
            .map(|index| &world.creators()[*index as usize])
            .collect();
        creators.sort_by_key(|creator| std::cmp::Reverse(truth[creator.id().as_str()].followers));
        for creator in creators.iter().take(3).chain(
            creators
                .iter()
                .filter(|creator| truth[creator.id().as_str()].fake)
                .take(3),
        ) {
            let fake = truth[creator.id().as_str()].fake_kind.is_some();
            let account = get(
                &client,
                &format!(
                    "{}/api/v1/accounts/lookup?acct={}",
                    host.base_url,
                    creator.username()
                ),
            )
            .await
            .json();
            let statuses = get(
                &client,
                &format!(
                    "{}/api/v1/accounts/{}/statuses?limit=40",
                    host.base_url,
                    account["id"].as_str().unwrap_or_default()
                ),
            )
            .await
            .json();
            for status in statuses
                .as_array()
                .into_iter()
                .flatten()
                .filter(|status| status["in_reply_to_id"].is_null())
            {
                let id = status["id"].as_str().expect("id");
                let context = get(
                    &client,
                    &format!("{}/api/v1/statuses/{id}/context", host.base_url),
                )
                .await;
                assert_eq!(context.status, StatusCode::OK);
                let context = context.json();
                assert_eq!(context["ancestors"], Value::Array(Vec::new()));
                let descendants = context["descendants"].as_array().expect("descendants");
                assert_eq!(
                    descendants.len() as u64,
                    status["replies_count"].as_u64().unwrap_or_default()
                );
                for reply in descendants {
                    assert_status_shape(reply);
                    assert_eq!(reply["in_reply_to_id"], id);
                    let replier = &reply["account"];
                    if replier["id"] != account["id"] {
                        assert!(
                            replier["acct"]
                                .as_str()
                                .is_some_and(|acct| acct.contains('@')),
                            "repliers are remote accounts"
                        );
                        assert!(reply["mentions"][0]["acct"] == account["acct"]);
                        let digits = replier["username"]
                            .as_str()
                            .unwrap_or_default()
                            .chars()
                            .filter(char::is_ascii_digit)
                            .count();
                        if fake && digits >= 4 {
                            bot_like_accounts_on_fakes += 1;
                        }
                    }
                    checked_replies += 1;
                }
                if let Some(first) = descendants.first() {
                    let reply_id = first["id"].as_str().unwrap_or_default();
                    let single = get(
                        &client,
                        &format!("{}/api/v1/statuses/{reply_id}", host.base_url),
                    )
                    .await
                    .json();
                    assert_eq!(single["id"], first["id"]);
                    let thread = get(
                        &client,
                        &format!("{}/api/v1/statuses/{reply_id}/context", host.base_url),
                    )
                    .await
                    .json();
                    assert_eq!(thread["ancestors"][0]["id"], id);
                    let replier = get(
                        &client,
                        &format!(
                            "{}/api/v1/accounts/{}",
                            host.base_url,
                            first["account"]["id"].as_str().unwrap_or_default()
                        ),
                    )
                    .await;
                    assert_eq!(replier.status, StatusCode::OK);
                    assert_eq!(replier.json()["acct"], first["account"]["acct"]);
                }
            }
        }
    }
    assert!(checked_replies > 50, "only {checked_replies} replies seen");
    assert!(
        bot_like_accounts_on_fakes > 0,
        "fakes should draw bot-like repliers"
    );
    assert_eq!(
        get(
            &client,
            &format!("{}/api/v1/statuses/42/context", server.hosts()[0].base_url)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    server.shutdown().await;
}

#[tokio::test]
async fn directory_pages_list_each_discoverable_account_once() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    for host in hosts_of(&server, HostKind::Mastodon) {
        let position = host_position(&server, &host);
        let served: HashSet<String> = usernames_on(&world, position).into_iter().collect();
        for order in ["active", "new"] {
            let mut offset = 0;
            let mut listed: Vec<Value> = Vec::new();
            loop {
                let page = get(
                    &client,
                    &format!(
                        "{}/api/v1/directory?local=true&order={order}&limit=500&offset={offset}",
                        host.base_url
                    ),
                )
                .await;
                let accounts = page
                    .json()
                    .as_array()
                    .cloned()
                    .expect("an array of accounts");
                assert!(accounts.len() <= 80, "limit is capped at 80");
                if accounts.is_empty() {
                    break;
                }
                offset += accounts.len();
                listed.extend(accounts);
            }
            let names: HashSet<String> = listed
                .iter()
                .filter_map(|account| account["username"].as_str().map(String::from))
                .collect();
            assert_eq!(names.len(), listed.len(), "an account was listed twice");
            assert!(names.is_subset(&served));
            assert!(
                names.len() * 10 >= served.len() * 8,
                "most creators are discoverable"
            );
            assert!(listed.iter().all(|account| account["discoverable"] == true));
            if order == "new" {
                let created: Vec<&str> = listed
                    .iter()
                    .filter_map(|account| account["created_at"].as_str())
                    .collect();
                assert!(created.windows(2).all(|pair| pair[0] >= pair[1]));
            } else {
                let active: Vec<&str> = listed
                    .iter()
                    .filter_map(|account| account["last_status_at"].as_str())
                    .collect();
                assert!(active.windows(2).all(|pair| pair[0] >= pair[1]));
            }
        }
        let default_page = get(&client, &format!("{}/api/v1/directory", host.base_url))
            .await
            .json();
        assert!(default_page
            .as_array()
            .is_some_and(|accounts| accounts.len() <= 40));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn robots_txt_is_served_and_violations_are_flagged() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let mastodon = hosts_of(&server, HostKind::Mastodon).remove(0);
    let site = hosts_of(&server, HostKind::CreatorSite).remove(0);

    let robots = get(&client, &format!("{}/robots.txt", mastodon.base_url)).await;
    assert!(robots.content_type().starts_with("text/plain"));
    assert!(robots.body.contains("User-agent: *") && robots.body.contains("Disallow: /interact/"));
    assert!(robots.body.contains("Disallow: /media_proxy/"));
    let robots = get(&client, &format!("{}/robots.txt", site.base_url)).await;
    assert!(
        robots.body.contains("Disallow: /drafts/") && robots.body.contains("Disallow: /search")
    );
    assert!(
        server.robots_violations().is_empty(),
        "fetching robots.txt is no violation"
    );

    let seed = server
        .seeds()
        .into_iter()
        .find(|seed| seed.starts_with(&mastodon.base_url))
        .expect("seed");
    let profile = get(&client, &seed).await;
    assert!(profile.content_type().starts_with("text/html"));
    let interact = all_between(&profile.body, "href=\"/interact/", "\"")
        .first()
        .map(|rest| format!("/interact/{rest}"))
        .expect("profile links to /interact/");
    let directory = get(&client, &format!("{}/", site.base_url)).await;
    let drafts = all_between(&directory.body, "href=\"/drafts/", "\"")
        .first()
        .map(|rest| format!("/drafts/{rest}"))
        .expect("directory links to /drafts/");
    assert!(server.robots_violations().is_empty());

    get(&client, &format!("{}{interact}", mastodon.base_url)).await;
    get(&client, &format!("{}{drafts}", site.base_url)).await;
    get(&client, &format!("{}/search?q=yoga", site.base_url)).await;
    let violations = server.robots_violations();
    assert_eq!(violations.len(), 3, "{violations:?}");
    assert!(violations
        .iter()
        .any(|request| request.host_base_url == mastodon.base_url
            && request.path_and_query == interact));
    assert!(violations
        .iter()
        .any(|request| request.path_and_query.starts_with("/search?q=")));

    let missing = get(&client, &format!("{}/no/such/page", site.base_url)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let api_missing = get(&client, &format!("{}/api/v1/nothing", mastodon.base_url)).await;
    assert_eq!(api_missing.status, StatusCode::NOT_FOUND);
    let log = server.request_log();
    assert!(log.len() >= 8);
    assert!(log
        .iter()
        .any(|request| request.path_and_query == "/robots.txt"
            && request.status == 200
            && request.method == "GET"));
    assert!(log
        .iter()
        .any(|request| request.path_and_query == "/no/such/page" && request.status == 404));
    assert!(world
        .truth()
        .creators
        .iter()
        .all(|creator| !creator.id.contains("127.0.0.1") && creator.id.matches(':').count() == 1));
    server.shutdown().await;
}

#[tokio::test]
async fn web_directory_paging_reaches_every_web_creator() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth: HashSet<String> = world
        .truth()
        .creators
        .into_iter()
        .map(|creator| creator.id)
        .collect();
    for host in hosts_of(&server, HostKind::CreatorSite) {
        let position = host_position(&server, &host);
        let expected: HashSet<String> = usernames_on(&world, position).into_iter().collect();
        let mut found: Vec<String> = Vec::new();
        let mut url = Some(format!("{}/", host.base_url));
        while let Some(next) = url.take() {
            let page = get(&client, &next).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.content_type().starts_with("text/html"));
            let links: Vec<String> = all_between(&page.body, "href=\"/c/", "\"")
                .into_iter()
                .map(String::from)
                .collect();
            assert!(links.len() <= 25);
            found.extend(links);
            let head_next = head_link(&page.body, "next");
            let anchor_next = all_between(&page.body, "<a rel=\"next\" href=\"", "\"")
                .first()
                .map(|href| href.to_string());
            assert_eq!(
                head_next, anchor_next,
                "<link rel=next> and <a rel=next> agree"
            );
            url = head_next.map(|href| format!("{}{href}", host.base_url));
        }
        let unique: HashSet<String> = found.iter().cloned().collect();
        assert_eq!(unique.len(), found.len(), "a creator was listed twice");
        assert_eq!(unique, expected);
        for username in &unique {
            assert!(truth.contains(&format!("web:{}/c/{username}", host.domain)));
        }
        assert_eq!(
            get(&client, &format!("{}/?page=999", host.base_url))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn creator_pages_carry_profile_page_json_ld() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth = truth_by_id(&world);
    let mut pages_checked = 0;
    for host in hosts_of(&server, HostKind::CreatorSite) {
        let position = host_position(&server, &host);
        for username in usernames_on(&world, position).iter().take(12) {
            let id = format!("web:{}/c/{username}", host.domain);
            if truth[&id].malformed {
                continue;
            }
            let canonical = format!("https://{}/c/{username}", host.domain);
            let mut url = Some(format!("{}/c/{username}", host.base_url));
            let mut post_ids: HashSet<String> = HashSet::new();
            let mut written = None;
            let mut page_number = 1;
            while let Some(next) = url.take() {
                let page = get(&client, &next).await;
                assert_eq!(page.status, StatusCode::OK);
                assert!(page.content_type().starts_with("text/html"));
                assert!(page
                    .body
                    .contains("<meta property=\"og:type\" content=\"profile\">"));
                let expected_canonical = if page_number == 1 {
                    canonical.clone()
                } else {
                    format!("{canonical}?page={page_number}")
                };
                assert_eq!(
                    head_link(&page.body, "canonical"),
                    Some(expected_canonical.clone())
                );
                let document: Value =
                    serde_json::from_str(json_ld(&page.body).expect("JSON-LD script"))
                        .expect("JSON-LD parses");
                assert_eq!(document["@context"], "https://schema.org");
                assert_eq!(document["@type"], "ProfilePage");
                assert_eq!(document["url"], expected_canonical.as_str());
                assert!(
                    document["dateCreated"].is_string() && document["dateModified"].is_string()
                );
                let person = &document["mainEntity"];
                assert_eq!(person["@type"], "Person");
                assert_eq!(person["alternateName"], username.as_str());
                assert_eq!(person["url"], canonical.as_str());
                for field in ["name", "identifier", "description"] {
                    assert!(person[field].is_string(), "Person.{field}");
                }
                assert!(person["sameAs"].is_array());
                assert_eq!(
                    counter(&person["interactionStatistic"], "FollowAction"),
                    Some(truth[&id].followers)
                );
                let writes = counter(&person["interactionStatistic"], "WriteAction")
                    .expect("WriteAction counter");
                written = Some(writes);
                let posts = document["hasPart"].as_array().expect("posts in hasPart");
                assert!(posts.len() <= 12 && !posts.is_empty());
                for post in posts {
                    assert_eq!(post["@type"], "SocialMediaPosting");
                    for field in [
                        "identifier",
                        "url",
                        "headline",
                        "articleBody",
                        "datePublished",
                        "inLanguage",
                    ] {
                        assert!(post[field].is_string(), "SocialMediaPosting.{field}");
                    }
                    assert_eq!(post["author"]["@id"], person["@id"]);
                    for action in ["LikeAction", "CommentAction", "ShareAction"] {
                        assert!(
                            counter(&post["interactionStatistic"], action).is_some(),
                            "{action}"
                        );
                    }
                    for comment in post["comment"].as_array().expect("comments") {
                        assert_eq!(comment["@type"], "Comment");
                        assert!(comment["text"].is_string() && comment["inLanguage"].is_string());
                        let author = &comment["author"];
                        if author.get("@id").is_none() {
                            assert_eq!(author["@type"], "Person");
                            assert!(
                                author["name"].is_string() && author["alternateName"].is_string()
                            );
                            assert!(counter(
                                &json_array(&author["interactionStatistic"]),
                                "FollowAction"
                            )
                            .is_some());
                        }
                    }
                    assert!(
                        post_ids
                            .insert(post["identifier"].as_str().unwrap_or_default().to_string()),
                        "post repeated across pages"
                    );
                }
                url = head_link(&page.body, "next").map(|href| format!("{}{href}", host.base_url));
                page_number += 1;
            }
            assert_eq!(
                Some(post_ids.len() as u64),
                written,
                "paging shows every post once"
            );
            pages_checked += 1;
        }
    }
    assert!(pages_checked >= 10);
    server.shutdown().await;
}

/// Wraps a single object in an array so counters read the same either way.
fn json_array(value: &Value) -> Value {
    match value {
        Value::Array(_) => value.clone(),
        other => Value::Array(vec![other.clone()]),
    }
}

#[tokio::test]
async fn malformed_pages_are_malformed_and_linked_accounts_point_at_each_other() {
    let (world, server) = start().await;
    let client = reqwest::Client::new();
    let truth: Truth = world.truth();
    let by_host: HashMap<String, VirtualHostInfo> = server
        .hosts()
        .into_iter()
        .map(|host| (host.domain.clone(), host))
        .collect();

    let malformed: Vec<_> = truth
        .creators
        .iter()
        .filter(|creator| creator.malformed)
        .collect();
    assert!(!malformed.is_empty(), "the world has malformed pages");
    for creator in malformed {
        let (domain, path) = creator
            .id
            .trim_start_matches("web:")
            .split_once('/')
            .expect("web id");
        let page = get(&client, &format!("{}/{path}", by_host[domain].base_url)).await;
        assert_eq!(page.status, StatusCode::OK);
        let script = json_ld(&page.body).expect("the script is there");
        assert!(
            serde_json::from_str::<Value>(script).is_err(),
            "{} should carry broken JSON-LD",
            creator.id
        );
    }

    let mut persons: HashMap<&str, Vec<&str>> = HashMap::new();
    for creator in &truth.creators {
        persons
            .entry(creator.person.as_str())
            .or_default()
            .push(creator.id.as_str());
    }
    let pair = persons
        .values()
        .filter(|ids| ids.len() == 2)
        .find(|ids| {
            !truth
                .creators
                .iter()
                .any(|creator| ids.contains(&creator.id.as_str()) && creator.malformed)
        })
        .expect("some person has two accounts");
    let web_id = pair
        .iter()
        .find(|id| id.starts_with("web:"))
        .expect("a web account");
    let mastodon_id = pair
        .iter()
        .find(|id| id.starts_with("mastodon:"))
        .expect("a mastodon account");
    let (domain, path) = web_id
        .trim_start_matches("web:")
        .split_once('/')
        .expect("web id");
    let page = get(&client, &format!("{}/{path}", by_host[domain].base_url)).await;
    let document: Value =
        serde_json::from_str(json_ld(&page.body).expect("JSON-LD")).expect("parses");
    let same_as = document["mainEntity"]["sameAs"][0]
        .as_str()
        .expect("sameAs link")
        .to_string();
    assert_eq!(head_link(&page.body, "me"), Some(same_as.clone()));
    assert!(page
        .body
        .contains(&format!("<a rel=\"me\" href=\"{same_as}\"")));

    let (username, instance) = mastodon_id
        .trim_start_matches("mastodon:")
        .split_once('@')
        .expect("mastodon id");
    let profile = get(&client, &same_as).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(same_as.starts_with(&by_host[instance].base_url));
    let back = head_link(&profile.body, "me").expect("rel=me back");
    assert_eq!(back, format!("{}/{path}", by_host[domain].base_url));
    let account = get(
        &client,
        &format!(
            "{}/api/v1/accounts/lookup?acct={username}",
            by_host[instance].base_url
        ),
    )
    .await
    .json();
    let field = &account["fields"][0];
    assert!(field["value"]
        .as_str()
        .is_some_and(|value| value.contains(&back)
            && value.contains("rel=\"nofollow noopener noreferrer me\"")));
    assert!(is_mastodon_time(&field["verified_at"]));
    server.shutdown().await;
}
