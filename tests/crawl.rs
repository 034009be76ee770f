//! The crawler over loopback: two axum fixture servers (a Mastodon instance and a creator web
//! site) serve saved payloads while counting every request and the requests in flight; the
//! submodules script their own servers for faults (`faults.rs`), the Bluesky and YouTube-style
//! sources (`sources.rs`), re-crawls (`recrawl.rs`), what hosts leave in the crawl state for
//! the next run (`hosts.rs`), reply authors followed as creators (`replies.rs`) and the
//! addresses a crawl may reach (`addresses.rs`).

#[path = "crawl/addresses.rs"]
mod addresses;
#[path = "crawl/faults.rs"]
mod faults;
#[path = "crawl/hosts.rs"]
mod hosts;
#[path = "crawl/recrawl.rs"]
mod recrawl;
#[path = "crawl/replies.rs"]
mod replies;
#[path = "crawl/resume.rs"]
mod resume;
#[path = "crawl/scripted.rs"]
mod scripted;
#[path = "crawl/sources.rs"]
mod sources;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use scout_crawler::{
    CancellationToken, CrawlConfig, CrawlOutput, CrawlProgress, CrawlSummary, Crawler,
    CreatorRecord,
};
use tokio::sync::mpsc;

const INSTANCE: &str = include_str!("fixtures/mastodon/instance.json");
const ACCOUNT: &str = include_str!("fixtures/mastodon/account_lookup.json");
const STATUSES_PAGE1: &str = include_str!("fixtures/mastodon/statuses_page1.json");
const STATUSES_PAGE2: &str = include_str!("fixtures/mastodon/statuses_page2.json");
const CONTEXT: &str = include_str!("fixtures/mastodon/context.json");
const DIRECTORY: &str = include_str!("fixtures/mastodon/directory.json");
const PROFILE: &str = include_str!("fixtures/web/profile.html");
const PROFILE_PAGE2: &str = include_str!("fixtures/web/profile_page2.html");
const MALFORMED: &str = include_str!("fixtures/web/malformed.html");
const OPENGRAPH: &str = include_str!("fixtures/web/opengraph.html");
const INDEX: &str = include_str!("fixtures/web/index.html");
const INDEX_PAGE2: &str = include_str!("fixtures/web/index_page2.html");

const ALICE_ID: &str = "109302211436195543";
const PAGE1_LAST_ID: &str = "112320000000000003";
const THREAD_ID: &str = "112345678901234567";
const BODY_CAP: usize = 64 * 1024;

/// Which site a fixture server plays.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    Mastodon,
    Web,
}

/// One fixture server: what it serves and what it saw.
struct Fixture {
    site: Site,
    addr: Mutex<Option<SocketAddr>>,
    delay: Duration,
    slow_path: Option<(&'static str, Duration)>,
    requests: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Requests in flight on all servers of a test, to see hosts crawled in parallel.
    shared_in_flight: Arc<AtomicUsize>,
    shared_max: Arc<AtomicUsize>,
}

impl Fixture {
    fn count(&self, path_and_query: &str) -> usize {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter(|seen| *seen == path_and_query)
            .count()
    }

    fn count_prefix(&self, prefix: &str) -> usize {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter(|seen| seen.starts_with(prefix))
            .count()
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr.lock().unwrap().unwrap())
    }
}

/// Decrements the in-flight counters when a request ends, however it ends.
struct InFlight(Arc<Fixture>);

impl InFlight {
    fn enter(fixture: &Arc<Fixture>) -> InFlight {
        let now = fixture.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        fixture.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let shared = fixture.shared_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        fixture.shared_max.fetch_max(shared, Ordering::SeqCst);
        InFlight(Arc::clone(fixture))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.0.shared_in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Servers {
    mastodon: Arc<Fixture>,
    web: Arc<Fixture>,
}

async fn start(
    site: Site,
    slow_path: Option<(&'static str, Duration)>,
    shared: (Arc<AtomicUsize>, Arc<AtomicUsize>),
) -> Arc<Fixture> {
    let fixture = Arc::new(Fixture {
        site,
        addr: Mutex::new(None),
        delay: Duration::from_millis(15),
        slow_path,
        requests: Mutex::new(Vec::new()),
        in_flight: AtomicUsize::new(0),
        max_in_flight: AtomicUsize::new(0),
        shared_in_flight: shared.0,
        shared_max: shared.1,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    *fixture.addr.lock().unwrap() = Some(listener.local_addr().unwrap());
    let app = Router::new()
        .fallback(handle)
        .with_state(Arc::clone(&fixture));
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    fixture
}

async fn start_servers(web_slow_path: Option<(&'static str, Duration)>) -> Servers {
    let shared = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    Servers {
        mastodon: start(Site::Mastodon, None, shared.clone()).await,
        web: start(Site::Web, web_slow_path, shared).await,
    }
}

async fn handle(State(fixture): State<Arc<Fixture>>, uri: Uri) -> Response {
    let path_and_query = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_default();
    fixture.requests.lock().unwrap().push(path_and_query);
    let _guard = InFlight::enter(&fixture);
    let delay = match fixture.slow_path {
        Some((path, slow)) if uri.path() == path => slow,
        _ => fixture.delay,
    };
    tokio::time::sleep(delay).await;
    let query: HashMap<String, String> = uri
        .query()
        .map(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    match fixture.site {
        Site::Mastodon => mastodon(&fixture, uri.path(), &query),
        Site::Web => web(uri.path(), &query),
    }
}

fn json(body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn html(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"error":"Record not found"}"#,
    )
        .into_response()
}

fn mastodon(fixture: &Fixture, path: &str, query: &HashMap<String, String>) -> Response {
    let statuses_path = format!("/api/v1/accounts/{ALICE_ID}/statuses");
    match path {
        "/robots.txt" => "User-agent: *\nDisallow: /admin/\n".into_response(),
        "/api/v1/instance" => json(INSTANCE),
        "/api/v1/accounts/lookup" if query.get("acct").map(String::as_str) == Some("alice") => {
            json(ACCOUNT)
        }
        "/api/v1/accounts/lookup" => not_found(),
        "/api/v1/directory" if query.get("offset").map(String::as_str) == Some("0") => {
            json(DIRECTORY)
        }
        "/api/v1/directory" => json("[]"),
        _ if path == statuses_path => {
            if query.get("max_id").map(String::as_str) == Some(PAGE1_LAST_ID) {
                return json(STATUSES_PAGE2);
            }
            let base = fixture.base();
            let link = format!(
                "<{base}{statuses_path}?exclude_replies=true&limit=40&max_id={PAGE1_LAST_ID}>; rel=\"next\", \
                 <{base}{statuses_path}?exclude_replies=true&limit=40&min_id={THREAD_ID}>; rel=\"prev\""
            );
            let mut response = json(STATUSES_PAGE1);
            response
                .headers_mut()
                .insert(header::LINK, HeaderValue::from_str(&link).unwrap());
            response
        }
        _ if path.starts_with("/api/v1/accounts/") && path.ends_with("/statuses") => json("[]"),
        _ if path == format!("/api/v1/statuses/{THREAD_ID}/context") => json(CONTEXT),
        _ if path.starts_with("/api/v1/statuses/") => json(r#"{"ancestors":[],"descendants":[]}"#),
        _ => not_found(),
    }
}

fn web(path: &str, query: &HashMap<String, String>) -> Response {
    let page2 = query.get("page").map(String::as_str) == Some("2");
    match path {
        "/robots.txt" => "User-agent: *\nDisallow: /private/\n".into_response(),
        "/" => html(
            r#"<!DOCTYPE html><html><head><title>Sim Studio</title></head><body><a href="/creators">Creators</a></body></html>"#,
        ),
        "/creators" if page2 => html(INDEX_PAGE2),
        "/creators" => html(INDEX),
        "/c/alice" if page2 => html(PROFILE_PAGE2),
        "/c/alice" => html(PROFILE),
        "/c/olivia" => html(OPENGRAPH),
        "/c/broken" => html(MALFORMED),
        "/c/huge" => {
            let chunks =
                (0..64).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b' '; 16 * 1024])));
            let body = Body::from_stream(futures::stream::iter(chunks));
            ([(header::CONTENT_TYPE, "text/html")], body).into_response()
        }
        "/private/drafts" => html("<html><body>secret</body></html>"),
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// A config for loopback tests: small caps and millisecond backoff.
fn config(state_dir: &std::path::Path) -> CrawlConfig {
    CrawlConfig {
        request_timeout: Duration::from_secs(10),
        max_body_bytes: BODY_CAP,
        retry_base_delay: Duration::from_millis(10),
        retry_max_delay: Duration::from_millis(50),
        ..CrawlConfig::new(state_dir)
    }
}

/// What one crawl handed over.
#[derive(Debug, Default)]
struct Outputs {
    records: HashMap<String, CreatorRecord>,
    unchanged: Vec<String>,
}

/// Runs a crawl to the end and returns its summary and outputs by creator id.
async fn crawl_outputs(crawler: &Crawler, seeds: &[String]) -> (CrawlSummary, Outputs) {
    let (sender, mut receiver) = mpsc::channel::<CrawlOutput>(4);
    let collector = tokio::spawn(async move {
        let mut outputs = Outputs::default();
        while let Some(output) = receiver.recv().await {
            match output {
                CrawlOutput::Record(record) => {
                    let previous = outputs
                        .records
                        .insert(record.creator.id.to_string(), record);
                    assert!(previous.is_none(), "one record per creator per run");
                }
                CrawlOutput::Unchanged { id, checked_at } => {
                    assert!(checked_at <= chrono::Utc::now());
                    outputs.unchanged.push(id.to_string());
                }
            }
        }
        outputs
    });
    let summary = crawler
        .run(seeds.to_vec(), sender, None, CancellationToken::new())
        .await
        .unwrap();
    (summary, collector.await.unwrap())
}

/// Runs a crawl to the end and returns its summary and records by creator id.
async fn crawl(
    crawler: &Crawler,
    seeds: &[String],
) -> (CrawlSummary, HashMap<String, CreatorRecord>) {
    let (summary, outputs) = crawl_outputs(crawler, seeds).await;
    assert!(outputs.unchanged.is_empty(), "{:?}", outputs.unchanged);
    (summary, outputs.records)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawls_mastodon_and_web_politely_and_recrawls() {
    let servers = start_servers(None).await;
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(config(state.path())).unwrap();
    let seeds = vec![
        format!("{}/@alice", servers.mastodon.base()),
        format!("{}/creators", servers.web.base()),
        "not a url at all".to_string(),
    ];
    let progress_calls = Arc::new(AtomicUsize::new(0));
    let progress_seen = Arc::clone(&progress_calls);
    let last_progress = Arc::new(Mutex::new(CrawlProgress::default()));
    let last_seen = Arc::clone(&last_progress);
    let (sender, mut receiver) = mpsc::channel::<CrawlOutput>(4);
    let collector = tokio::spawn(async move {
        let mut records = HashMap::new();
        while let Some(output) = receiver.recv().await {
            if let CrawlOutput::Record(record) = output {
                records.insert(record.creator.id.to_string(), record);
            }
        }
        records
    });
    let summary = crawler
        .run(
            seeds.clone(),
            sender,
            Some(Arc::new(move |progress: &CrawlProgress| {
                progress_seen.fetch_add(1, Ordering::SeqCst);
                *last_seen.lock().unwrap() = *progress;
            })),
            CancellationToken::new(),
        )
        .await
        .unwrap();
    let records: HashMap<String, CreatorRecord> = collector.await.unwrap();

    let mut ids: Vec<&str> = records.keys().map(String::as_str).collect();
    ids.sort();
    assert_eq!(
        ids,
        vec![
            "mastodon:alice@social.sim.example",
            "mastodon:dave@social.sim.example",
            "web:studio.sim.example/c/alice",
            "web:studio.sim.example/c/olivia",
        ]
    );
    let alice = &records["mastodon:alice@social.sim.example"];
    assert_eq!(alice.creator.followers, Some(12840));
    assert_eq!(
        alice.posts.len(),
        4,
        "three own statuses on page one (a boost dropped) and one on page two"
    );
    assert_eq!(alice.posts[3].id, "112310000000000004");
    assert_eq!(
        alice
            .audience
            .iter()
            .map(|sample| sample.handle.as_str())
            .collect::<Vec<_>>(),
        vec![
            "bob",
            "carla@cafe.other.example",
            "promo4u@spam.other.example"
        ]
    );
    // Each replier's first reply's likes and its account's statuses, as the context shows.
    assert_eq!(
        alice
            .audience
            .iter()
            .map(|sample| (sample.reply_likes, sample.post_count))
            .collect::<Vec<_>>(),
        vec![
            (Some(3), Some(1200)),
            (Some(4), Some(42)),
            (Some(0), Some(3))
        ]
    );
    assert_eq!(alice.creator.provenance.content_hash.len(), 64);
    let dave = &records["mastodon:dave@social.sim.example"];
    assert_eq!(dave.creator.followers, Some(860));
    assert!(dave.posts.is_empty());
    let web_alice = &records["web:studio.sim.example/c/alice"];
    assert_eq!(web_alice.creator.followers, Some(48210));
    assert_eq!(
        web_alice.creator.profile_url,
        format!("{}/c/alice", servers.web.base())
    );
    assert_eq!(
        web_alice
            .posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        vec!["1001", "1002", "1003", "0998"],
        "posts of the rel=next page are merged"
    );
    assert_eq!(web_alice.audience.len(), 3);
    assert_eq!(
        records["web:studio.sim.example/c/olivia"].creator.handle,
        "olivia.bakes"
    );

    assert_eq!(summary.records, 4);
    assert_eq!(
        summary.skipped_opted_out, 2,
        "the directory's bot and noindex accounts"
    );
    assert!(!summary.resumed);
    assert!(!summary.cancelled);
    assert_eq!(
        summary.errors, 2,
        "the malformed page and the huge page: {summary:?}"
    );
    assert_eq!(summary.skipped_by_robots, 1);
    assert_eq!(summary.failed_seeds.len(), 1);
    assert_eq!(summary.failed_seeds[0].0, "not a url at all");
    assert!(summary.fetched >= 15, "{summary:?}");
    assert!(summary.bytes > 20_000, "{summary:?}");
    // The malformed page is asked for again like any unreadable body (4 attempts in all,
    // the default `max_attempts`), then reported; nothing else needed a retry.
    assert_eq!(summary.retries, 3);
    assert_eq!(servers.web.count("/c/broken"), 4);
    assert!(summary.backed_off_hosts.is_empty());
    assert!(progress_calls.load(Ordering::SeqCst) >= 10);
    let last = *last_progress.lock().unwrap();
    assert_eq!(last.records, 4);
    assert_eq!(last.skipped_by_robots, 1);
    assert!(
        last.bytes > 20_000 && last.bytes <= summary.bytes,
        "{last:?}"
    );
    assert!(last.rate > 0.0, "{last:?}");
    assert_eq!(last.queued, 0);

    // robots.txt: fetched once per host, and the disallowed page never requested.
    assert_eq!(servers.web.count("/robots.txt"), 1);
    assert_eq!(servers.mastodon.count("/robots.txt"), 1);
    assert_eq!(servers.web.count_prefix("/private"), 0);
    // Off-host, nofollow and media links are not followed; profile pages do not spread.
    assert_eq!(servers.web.count("/c/ads"), 0);
    assert_eq!(servers.web.count_prefix("/media"), 0);
    assert_eq!(servers.web.count_prefix("/c/alice/p/"), 0);
    // Dedup: alice linked from both index pages and the profile's own links is fetched once,
    // the seed account is not crawled again from the directory.
    assert_eq!(servers.web.count("/c/alice"), 1);
    assert_eq!(servers.web.count("/c/alice?page=2"), 1);
    assert_eq!(
        servers.mastodon.count("/api/v1/accounts/lookup?acct=alice"),
        1
    );
    assert_eq!(
        servers
            .mastodon
            .count_prefix(&format!("/api/v1/accounts/{ALICE_ID}/statuses")),
        2
    );
    assert_eq!(
        servers.mastodon.count_prefix("/api/v1/accounts/"),
        4,
        "opted-out accounts are skipped before their statuses: {:?}",
        servers.mastodon.requests.lock().unwrap()
    );
    assert_eq!(servers.mastodon.count_prefix("/api/v1/directory"), 2);
    // Politeness: one request at a time per host, hosts in parallel.
    assert_eq!(servers.web.max_in_flight.load(Ordering::SeqCst), 1);
    assert_eq!(servers.mastodon.max_in_flight.load(Ordering::SeqCst), 1);
    assert!(
        servers.web.shared_max.load(Ordering::SeqCst) >= 2,
        "two hosts crawl in parallel"
    );

    // A finished run is not resumed: the same seeds start a new run, in which the creators just
    // fetched are still fresh and are not fetched again; discovery still runs.
    let (again, records_again) = crawl(&crawler, &seeds).await;
    assert!(!again.resumed);
    assert_eq!(again.records, 0);
    assert!(records_again.is_empty());
    assert_eq!(again.skipped_fresh, 4, "{again:?}");
    assert_eq!(again.skipped_opted_out, 2);
    assert_eq!(servers.web.count("/c/alice"), 1);
    assert_eq!(servers.web.count("/c/olivia"), 1);
    assert_eq!(
        servers.web.count("/creators"),
        2,
        "index pages are read again"
    );
    assert_eq!(servers.mastodon.count_prefix("/api/v1/directory"), 4);
    assert_eq!(
        servers.mastodon.count("/api/v1/accounts/lookup?acct=alice"),
        1
    );

    // Forced, the same seeds fetch every creator again.
    let forced = Crawler::new(CrawlConfig {
        force_recrawl: true,
        ..config(state.path())
    })
    .unwrap();
    let (third, records_third) = crawl(&forced, &seeds).await;
    assert_eq!(third.records, 4);
    assert_eq!(third.skipped_fresh, 0);
    assert_eq!(records_third.len(), 4);
    assert_eq!(servers.web.count("/c/alice"), 2);
    assert_eq!(
        servers.mastodon.count("/api/v1/accounts/lookup?acct=alice"),
        2
    );
    assert_eq!(
        servers.web.count("/robots.txt"),
        1,
        "robots.txt is kept across runs until it expires"
    );
    assert_eq!(servers.web.count_prefix("/private"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_pages_fail_cleanly_as_seeds() {
    let servers = start_servers(None).await;
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(CrawlConfig {
        discover: false,
        ..config(state.path())
    })
    .unwrap();
    let web = servers.web.base();
    let seeds = vec![
        format!("{web}/c/huge"),
        format!("{web}/c/broken"),
        format!("{web}/private/drafts"),
        format!("{web}/c/missing"),
        format!("{web}/c/olivia"),
    ];
    let (summary, records) = crawl(&crawler, &seeds).await;
    assert_eq!(records.len(), 1, "the good page still yields its record");
    assert_eq!(summary.skipped_by_robots, 1);
    assert_eq!(servers.web.count_prefix("/private"), 0);
    let reasons: HashMap<&str, &str> = summary
        .failed_seeds
        .iter()
        .map(|(seed, reason)| (seed.rsplit('/').next().unwrap(), reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4, "{:?}", summary.failed_seeds);
    assert_eq!(reasons["huge"], format!("body exceeds {BODY_CAP} bytes"));
    assert!(
        reasons["broken"].starts_with("malformed json-ld in script 0"),
        "{}",
        reasons["broken"]
    );
    assert!(
        reasons["drafts"].starts_with("disallowed by robots.txt"),
        "{}",
        reasons["drafts"]
    );
    assert!(
        reasons["missing"].starts_with("http status 404"),
        "{}",
        reasons["missing"]
    );
    assert_eq!(summary.errors, 3);
    // Without discovery the index links on these pages are not followed.
    assert_eq!(servers.web.count("/creators"), 0);
}
