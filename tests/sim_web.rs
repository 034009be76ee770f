//! The simulated creator web served over loopback and read with a real HTTP client: the
//! Mastodon API, the creator pages, the Bluesky AppView and the video site must have the
//! shapes real servers send, so that existing client libraries of each format could read
//! them; HTTP validators and injected faults must behave as configured.

mod bluesky;
mod faults;
mod mastodon;
mod pages;
mod validators;
mod video;

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::header::{HeaderMap, CONTENT_TYPE, LINK};
use reqwest::StatusCode;
use serde_json::Value;

use scout::sim::{serve, HostKind, SimConfig, SimServer, VirtualHostInfo, World};

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

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn has_link(&self, relation: &str) -> bool {
        self.headers
            .get(LINK)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|link| link.contains(&format!("rel=\"{relation}\"")))
    }
}

async fn get(client: &reqwest::Client, url: &str) -> Fetched {
    get_with(client, url, &[]).await
}

/// GET with extra request headers.
async fn get_with(client: &reqwest::Client, url: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request succeeds");
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

/// Wraps a single object in an array so counters read the same either way.
fn json_array(value: &Value) -> Value {
    match value {
        Value::Array(_) => value.clone(),
        other => Value::Array(vec![other.clone()]),
    }
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
