//! The crawler's address policy over loopback: `127.0.0.1` and `127.0.0.2` are both loopback
//! addresses on Linux, so a custom policy allows the first and forbids the second; redirects,
//! discovered links, host names and the Bluesky AppView are checked when they are fetched, a
//! refusal fails only its own URL, and the forbidden server never sees a request.

use std::net::{IpAddr, Ipv4Addr};

use scout_crawler::{AddressPolicy, CrawlConfig, CrawlSummary, Crawler};
use serde_json::json;

use super::replies::{account, instance_on, reply, status, Instance};
use super::scripted::{html, not_found, robots_allow_all, serve, serve_on, Reply, Request};
use super::{config, crawl};

const ALLOWED: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
const FORBIDDEN: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// Allows every address but `127.0.0.2`.
fn all_but_forbidden() -> AddressPolicy {
    AddressPolicy::custom(|address| address != FORBIDDEN)
}

fn with_policy(state_dir: &std::path::Path, policy: AddressPolicy) -> CrawlConfig {
    CrawlConfig {
        address_policy: policy,
        ..config(state_dir)
    }
}

/// A profile page of `name` whose JSON-LD makes it a creator.
fn profile(request: &Request, name: &str) -> Reply {
    let base = &request.base;
    html(format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>{name}</title>
<link rel="canonical" href="{base}/c/{name}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "ProfilePage",
 "mainEntity": {{"@type": "Person", "name": "{name}", "url": "{base}/c/{name}",
  "description": "Latte art and brewing guides every week",
  "interactionStatistic": {{"@type": "InteractionCounter",
   "interactionType": "https://schema.org/FollowAction", "userInteractionCount": 5000}}}}}}
</script></head><body><p>{name} brews coffee</p></body></html>"#
    ))
    .into()
}

/// The creators' names (handles) a crawl produced, sorted.
async fn handles(crawler: &Crawler, seeds: &[String]) -> (CrawlSummary, Vec<String>) {
    let (summary, records) = crawl(crawler, seeds).await;
    let mut names: Vec<String> = records
        .values()
        .map(|record| record.creator.handle.clone())
        .collect();
    names.sort_unstable();
    (summary, names)
}

/// The reason `seed` failed, from the summary.
fn failure<'a>(summary: &'a CrawlSummary, seed: &str) -> &'a str {
    summary
        .failed_seeds
        .iter()
        .find(|(failed, _)| failed == seed)
        .map(|(_, reason)| reason.as_str())
        .unwrap_or_else(|| panic!("{seed} did not fail: {summary:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_forbidden_address_is_refused_and_the_crawl_goes_on() {
    let private = serve_on(FORBIDDEN, |request: &Request| match request.path.as_str() {
        "/robots.txt" => robots_allow_all().into(),
        "/c/mallory" => profile(request, "mallory"),
        _ => not_found().into(),
    })
    .await;
    let private_base = private.base();
    let public = serve(move |request: &Request| match request.path.as_str() {
        "/robots.txt" => robots_allow_all().into(),
        "/c/alice" => profile(request, "alice"),
        "/c/moved" => {
            let mut response = not_found();
            *response.status_mut() = axum::http::StatusCode::FOUND;
            response.headers_mut().insert(
                axum::http::header::LOCATION,
                format!("{private_base}/c/mallory").parse().unwrap(),
            );
            response.into()
        }
        _ => not_found().into(),
    })
    .await;
    assert_eq!(public.addr.ip(), ALLOWED);
    let moved = format!("{}/c/moved", public.base());
    let seeds = vec![moved.clone(), format!("{}/c/alice", public.base())];

    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(with_policy(state.path(), all_but_forbidden())).unwrap();
    let (summary, names) = handles(&crawler, &seeds).await;
    assert_eq!(names, vec!["alice"], "{summary:?}");
    let reason = failure(&summary, &moved);
    assert!(
        reason.contains(&format!(
            "{}/c/mallory: 127.0.0.2 is a loopback address; not crawled",
            private.base()
        )),
        "{reason}"
    );
    assert_eq!(
        public.count("/c/moved"),
        1,
        "the redirect itself was fetched"
    );
    assert_eq!(
        private.count("/"),
        0,
        "nothing reached 127.0.0.2, robots.txt included"
    );
    assert_eq!(summary.retries, 0, "a refusal is not retried: {summary:?}");
    assert!(summary.backed_off_hosts.is_empty(), "{summary:?}");

    // The default policy follows the redirect to the other loopback address.
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(with_policy(state.path(), AddressPolicy::Any)).unwrap();
    let (summary, names) = handles(&crawler, &seeds).await;
    assert_eq!(names, vec!["alice", "mallory"], "{summary:?}");
    assert_eq!(private.count("/c/mallory"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_addresses_and_the_appview_on_loopback_are_refused_when_only_public_is_allowed() {
    let server = serve(|request: &Request| match request.path.as_str() {
        "/robots.txt" => robots_allow_all().into(),
        "/c/alice" => profile(request, "alice"),
        "/c/bob" => profile(request, "bob"),
        _ => not_found().into(),
    })
    .await;
    let port = server.addr.port();
    let by_name = format!("http://localhost:{port}/c/alice");
    let by_address = format!("http://127.0.0.1:{port}/c/bob");
    let bluesky = "https://bsky.app/profile/mira.bsky.social".to_string();
    let seeds = vec![by_name.clone(), by_address.clone(), bluesky.clone()];

    let state = tempfile::tempdir().unwrap();
    let mut settings = with_policy(state.path(), AddressPolicy::PublicOnly);
    settings.bluesky_appview = Some(format!("http://localhost:{port}/").parse().unwrap());
    let (summary, names) = handles(&Crawler::new(settings).unwrap(), &seeds).await;
    assert!(names.is_empty(), "{names:?}");
    assert_eq!(server.count("/"), 0, "no request reached the server");
    assert!(
        failure(&summary, &by_name).contains(&format!(
            "http://localhost:{port}/c/alice: localhost resolves to 127.0.0.1, a loopback \
             address; not crawled"
        )),
        "{summary:?}"
    );
    assert!(
        failure(&summary, &by_address).contains("127.0.0.1 is a loopback address; not crawled"),
        "{summary:?}"
    );
    assert!(
        failure(&summary, &bluesky).contains(&format!(
            "http://localhost:{port}/xrpc/app.bsky.actor.getProfile"
        )) && failure(&summary, &bluesky).contains("a loopback address; not crawled"),
        "{summary:?}"
    );
    assert_eq!(summary.retries, 0, "{summary:?}");

    // Any address: the same names and addresses are crawled.
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(with_policy(state.path(), AddressPolicy::Any)).unwrap();
    let (summary, names) = handles(&crawler, &seeds[..2]).await;
    assert_eq!(names, vec!["alice", "bob"], "{summary:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discovered_creator_at_a_forbidden_address_is_not_fetched() {
    // Frank lives on an instance at 127.0.0.2 and is found only as a reply author on alice's.
    let other = instance_on(FORBIDDEN, |base| {
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
    let social = instance_on(ALLOWED, move |base| {
        let alice = account(base, 1, "alice", 20_000, json!({}));
        let bob = account(base, 2, "bob", 5_000, json!({}));
        let frank = account(
            base,
            90,
            "frank@other.test",
            3_000,
            json!({"url": format!("{other_base}/@frank")}),
        );
        Instance {
            domain: "social.test",
            accounts: vec![
                (
                    alice.clone(),
                    vec![status(base, 100, &alice, 2)],
                    vec![reply(base, 101, &bob), reply(base, 102, &frank)],
                ),
                (bob.clone(), vec![status(base, 200, &bob, 0)], vec![]),
            ],
            directory: vec![alice],
            ignores_offset: false,
        }
    })
    .await;
    let seeds = vec![format!("{}/@alice", social.base())];

    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(with_policy(state.path(), all_but_forbidden())).unwrap();
    let (summary, names) = handles(&crawler, &seeds).await;
    assert_eq!(
        names,
        vec!["alice@social.test", "bob@social.test"],
        "{summary:?}"
    );
    assert_eq!(other.count("/"), 0, "frank's instance was never asked");
    assert_eq!(summary.errors, 1, "frank's item failed: {summary:?}");
    assert!(summary.failed_seeds.is_empty(), "{summary:?}");

    // Allowed, frank is a creator too.
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(with_policy(state.path(), AddressPolicy::Any)).unwrap();
    let (summary, names) = handles(&crawler, &seeds).await;
    assert_eq!(
        names,
        vec!["alice@social.test", "bob@social.test", "frank@other.test"],
        "{summary:?}"
    );
}
