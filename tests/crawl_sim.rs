//! The real `scout crawl` against the simulated web at its worst: injected faults (429s with
//! `Retry-After`, 5xx bursts, cut and garbled bodies, redirect loops, slow answers), and
//! a crawl killed with SIGKILL mid-way and resumed, compared with one never interrupted.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{get_json, run_ok, scout, start_server};
use scout::sim::{self, FaultConfig, FaultKind, SimConfig, SimServer, World};

/// Requests the crawler makes for one URL at most: its attempts at a body that parses, each
/// with its attempts at a clean answer (the `scout crawl` defaults, `max_attempts` 4).
const MAX_REQUESTS_PER_URL: usize = 4 * 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_of_a_faulty_web_finishes_with_every_good_record() {
    let world = Arc::new(World::generate(&SimConfig {
        seed: 41,
        creators: 200,
    }));
    let faults = FaultConfig {
        seed: 7,
        slow_share: 0.03,
        slow_ms: 200,
        rate_limit_share: 0.05,
        retry_after_secs: 1,
        error_burst_share: 0.05,
        error_burst_len: 2,
        truncated_share: 0.03,
        malformed_share: 0.03,
        // Loops are permanent: kept to creator-site pages, whose loss is exactly their creator.
        redirect_loop_share: 0.15,
        redirect_loop_paths: vec!["/c/".to_string()],
        // Every other fault passes by a URL's fourth request, within the crawler's retries.
        clean_after: 3,
        // Huge bodies stay out here: the crawler drops the connection at its body cap while
        // the server still counts the response as in flight, which would blur the politeness
        // check below. The cap itself is tested in tests/crawl.rs.
        huge_body_share: 0.0,
        huge_body_bytes: 6 * 1024 * 1024,
    };
    let sim_server = sim::serve_with_faults(
        Arc::clone(&world),
        "127.0.0.1:0".parse().unwrap(),
        faults.clone(),
    )
    .await
    .expect("the simulated web serves on loopback");
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path().to_path_buf();
    let seeds_file = write_seeds(&data, &sim_server);

    let started = Instant::now();
    let summary = crawl(&data, &seeds_file).await;
    println!(
        "faulty crawl: {:.1}s: {summary}",
        started.elapsed().as_secs_f64()
    );
    assert!(summary.contains("crawl done"), "{summary}");

    let exported = export(&data);
    let truth = world.truth();
    let all_ids: HashSet<&str> = truth.creators.iter().map(|c| c.id.as_str()).collect();
    let invented: Vec<&String> = exported
        .keys()
        .filter(|id| !all_ids.contains(id.as_str()))
        .collect();
    // A failed probe of `/api/v1/instance` must not turn a Mastodon profile into a web page
    // named by `host:port` (ids carry no ports, ARCHITECTURE.md).
    assert!(
        invented.is_empty(),
        "crawler invented creators {invented:?}"
    );
    // A creator site's page is `/c/NAME` on its host, named `web:DOMAIN/c/NAME`: when that URL
    // loops on every attempt, no record of the creator can exist.
    let looping: HashSet<&str> = truth
        .creators
        .iter()
        .map(|creator| creator.id.as_str())
        .filter(|id| {
            web_page(id).is_some_and(|(domain, path)| {
                faults.decide(domain, path, 0) == Some(FaultKind::RedirectLoop)
            })
        })
        .collect();
    for id in &looping {
        assert!(
            !exported.contains_key(*id),
            "{id} was stored though its page only ever redirects in a loop"
        );
    }
    let expected: Vec<&str> = truth
        .creators
        .iter()
        .filter(|creator| creator.discoverable && !creator.malformed)
        .map(|creator| creator.id.as_str())
        .filter(|id| !looping.contains(id))
        .collect();
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|id| !exported.contains_key(**id))
        .collect();
    println!(
        "stored {} of {} reachable creators ({} loop), {} in all",
        expected.len() - missing.len(),
        expected.len(),
        looping.len(),
        exported.len()
    );
    // Every transient fault (429, 5xx, cut or garbled body) is asked past: every good record.
    assert!(
        missing.is_empty(),
        "good creators missing after the faulty crawl: {missing:?}"
    );
    assert!(
        !looping.is_empty(),
        "no creator page looped: loops untested"
    );

    // A page that is malformed on every answer is asked for a bounded number of times,
    // reported, and skipped.
    let base_of: HashMap<String, String> = sim_server
        .hosts()
        .into_iter()
        .map(|host| (host.domain, host.base_url))
        .collect();
    let log = sim_server.request_log();
    let broken: Vec<&str> = truth
        .creators
        .iter()
        .filter(|creator| creator.malformed && creator.discoverable)
        .map(|creator| creator.id.as_str())
        .filter(|id| !looping.contains(id))
        .collect();
    assert!(!broken.is_empty(), "no permanently malformed page met");
    for id in &broken {
        assert!(
            !exported.contains_key(*id),
            "{id} stored from a broken page"
        );
        let (domain, path) = web_page(id).expect("malformed pages are web pages");
        let base = &base_of[domain];
        let asked = log
            .iter()
            .filter(|request| &request.host_base_url == base && request.path_and_query == path)
            .count();
        assert!(
            (2..=MAX_REQUESTS_PER_URL).contains(&asked),
            "{id}: its broken page was requested {asked} times"
        );
    }
    assert!(
        summary.contains("errors") && !summary.contains(" 0 errors"),
        "broken pages are reported: {summary}"
    );

    assert!(
        sim_server.robots_violations().is_empty(),
        "requests to paths robots.txt disallows: {:?}",
        sim_server.robots_violations()
    );
    assert!(
        sim_server.max_concurrency_per_host() <= 1,
        "requests in flight per host: {:?}",
        sim_server.concurrency_peaks()
    );

    assert_eq!(
        log.len() as u64,
        sim_server.request_count(),
        "log lost requests"
    );
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for request in &log {
        if let Some(fault) = request.fault {
            *seen.entry(fault).or_default() += 1;
        }
    }
    println!("{} requests, faults injected: {seen:?}", log.len());
    // The crawler asks only what the APIs can answer: no request is invalid (an XRPC 400
    // such as a getProfile for a handle the AppView cannot resolve).
    let invalid: Vec<&str> = log
        .iter()
        .filter(|request| request.fault.is_none() && request.status == 400)
        .map(|request| request.path_and_query.as_str())
        .collect();
    assert!(invalid.is_empty(), "400 answers: {invalid:?}");
    for kind in [
        FaultKind::RateLimit,
        FaultKind::ErrorBurst,
        FaultKind::Truncated,
        FaultKind::Malformed,
        FaultKind::RedirectLoop,
        FaultKind::Slow,
    ] {
        assert!(
            seen.contains_key(kind.as_str()),
            "no {} fault met: the test proves nothing about it ({seen:?})",
            kind.as_str()
        );
    }
    // Every rate-limited, 5xx-burst and cut-off URL was asked for again.
    for (position, request) in log.iter().enumerate() {
        let transient = matches!(
            request.fault,
            Some("rate_limit" | "error_burst" | "truncated")
        );
        if !transient {
            continue;
        }
        let retried = log[position + 1..].iter().any(|later| {
            later.host_base_url == request.host_base_url
                && later.path_and_query == request.path_and_query
        });
        assert!(
            retried,
            "{} {}{} answered {} ({:?}) was never retried",
            request.method,
            request.host_base_url,
            request.path_and_query,
            request.status,
            request.fault
        );
    }
    // After a 429 with `Retry-After: N` the crawler holds back the whole host (its contract):
    // the host's next request arrives N seconds or more after the 429's request did.
    let retry_after = Duration::from_secs(faults.retry_after_secs);
    let mut by_arrival = log.clone();
    by_arrival.sort_by_key(|request| request.at);
    let mut checked = 0;
    for (position, request) in by_arrival.iter().enumerate() {
        if request.fault != Some(FaultKind::RateLimit.as_str()) {
            continue;
        }
        let next = by_arrival[position + 1..]
            .iter()
            .find(|later| later.host_base_url == request.host_base_url)
            .unwrap_or_else(|| panic!("nothing asked of {} after its 429", request.host_base_url));
        let waited = next.at - request.at;
        assert!(
            waited >= retry_after,
            "{}{} got a 429 with Retry-After {}s; the host was asked again ({}) {waited:?} later",
            request.host_base_url,
            request.path_and_query,
            faults.retry_after_secs,
            next.path_and_query
        );
        checked += 1;
    }
    assert!(checked > 0, "no 429 met");
    println!("{checked} waits after a 429 checked against Retry-After");
    sim_server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_a_crawl_cleanly_and_the_next_run_resumes_it() {
    // Still running when Ctrl-C comes.
    let sim_server = slow_web(98).await;
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path().to_path_buf();
    let seeds_file = write_seeds(&data, &sim_server);
    let child = scout(&data)
        .args(["crawl", "--seeds-file"])
        .arg(&seeds_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("scout crawl starts");
    let store = data.join("store.sqlite");
    let started = Instant::now();
    while !store.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the crawl never created its store"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let interrupt = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(interrupt.success());
    let output = blocking(move || child.wait_with_output().expect("the crawl ends")).await;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("stopping: finishing requests in flight"),
        "{stderr}"
    );
    assert!(stdout.starts_with("crawl stopped: "), "{stdout}");
    let partial = {
        let data = data.clone();
        blocking(move || export(&data)).await
    };
    assert!(!partial.is_empty(), "nothing stored before Ctrl-C");

    let summary = crawl(&data, &seeds_file).await;
    assert!(summary.contains("crawl done"), "{summary}");
    assert!(summary.contains("resumed an unfinished crawl"), "{summary}");
    let all = {
        let data = data.clone();
        blocking(move || export(&data)).await
    };
    assert!(
        all.len() > partial.len(),
        "{} then {}",
        partial.len(),
        all.len()
    );
    sim_server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_killed_mid_way_resumes_to_the_same_store() {
    // Lasts long enough to be killed half-way.
    let sim_server = slow_web(97).await;

    let killed_dir = tempfile::tempdir().unwrap();
    let killed = killed_dir.path().to_path_buf();
    let seeds_file = write_seeds(&killed, &sim_server);
    let mut child = scout(&killed)
        .args(["crawl", "--seeds-file"])
        .arg(&seeds_file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("scout crawl starts");
    let started = Instant::now();
    let store = killed.join("store.sqlite");
    let mut store_seen: Option<Instant> = None;
    loop {
        if let Some(status) = child.try_wait().expect("the crawl's status") {
            panic!(
                "the crawl ended ({status}) after {:.1}s, before it could be killed",
                started.elapsed().as_secs_f64()
            );
        }
        if store_seen.is_none() && store.exists() {
            store_seen = Some(Instant::now());
        }
        if store_seen.is_some_and(|seen| seen.elapsed() >= Duration::from_millis(1000)) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the crawl never created its store"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL the crawl");
    child.wait().expect("the killed crawl is reaped");
    let killed_after = started.elapsed().as_secs_f64();
    let partial = {
        let killed = killed.clone();
        blocking(move || export(&killed)).await
    };
    println!(
        "killed after {killed_after:.1}s with {} creators stored",
        partial.len()
    );
    assert!(!partial.is_empty(), "nothing stored before the kill");

    let resumed_started = Instant::now();
    let summary = crawl(&killed, &seeds_file).await;
    println!(
        "resumed crawl: {:.1}s: {summary}",
        resumed_started.elapsed().as_secs_f64()
    );
    assert!(summary.contains("crawl done"), "{summary}");
    assert!(summary.contains("resumed an unfinished crawl"), "{summary}");
    let after_resume = {
        let killed = killed.clone();
        blocking(move || export(&killed)).await
    };

    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = fresh_dir.path().to_path_buf();
    let fresh_started = Instant::now();
    let summary = crawl(&fresh, &seeds_file).await;
    println!(
        "uninterrupted crawl: {:.1}s: {summary}",
        fresh_started.elapsed().as_secs_f64()
    );
    assert!(summary.contains("crawl done"), "{summary}");
    assert!(!summary.contains("resumed"), "{summary}");
    let uninterrupted = blocking(move || export(&fresh)).await;

    assert!(
        partial.len() < uninterrupted.len(),
        "the crawl had finished ({} creators) when it was killed",
        partial.len()
    );
    let resumed_ids: BTreeSet<&String> = after_resume.keys().collect();
    let fresh_ids: BTreeSet<&String> = uninterrupted.keys().collect();
    assert_eq!(
        resumed_ids.difference(&fresh_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "creators only the resumed crawl stored"
    );
    assert_eq!(
        fresh_ids.difference(&resumed_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "creators the resumed crawl lost"
    );
    for (id, fresh_creator) in &uninterrupted {
        assert_eq!(
            &after_resume[id], fresh_creator,
            "{id} differs after the resume"
        );
    }
    assert!(sim_server.robots_violations().is_empty());
    sim_server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accounts_of_one_person_are_linked_in_the_store_and_the_api() {
    let world = Arc::new(World::generate(&SimConfig {
        seed: 23,
        creators: 400,
    }));
    let sim_server = sim::serve(Arc::clone(&world), "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the simulated web serves on loopback");
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path().to_path_buf();
    let seeds_file = write_seeds(&data, &sim_server);
    let summary = crawl(&data, &seeds_file).await;
    assert!(summary.contains("crawl done"), "{summary}");
    let exported = {
        let data = data.clone();
        blocking(move || export(&data)).await
    };

    // The truth: the two accounts of a person link to each other (profile fields, rel=me,
    // sameAs, a link in the bio). Expected: exactly the pairs whose two accounts were stored.
    let truth = world.truth();
    let mut by_person: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for creator in &truth.creators {
        by_person
            .entry(creator.person.as_str())
            .or_default()
            .push(creator.id.as_str());
    }
    let expected: BTreeSet<(String, String)> = by_person
        .values()
        .filter(|ids| ids.len() == 2 && ids.iter().all(|id| exported.contains_key(*id)))
        .map(|ids| pair(ids[0], ids[1]))
        .collect();
    assert!(
        expected.len() >= 3,
        "too few people on two platforms: {expected:?}"
    );

    let store = scout_index::Store::open_read_only(&data.join("store.sqlite")).unwrap();
    let persons = store.persons().unwrap();
    let linked: BTreeSet<(String, String)> = persons
        .iter()
        .map(|(person, members)| {
            assert_eq!(members.len(), 2, "{person}: {members:?}");
            pair(members[0].as_str(), members[1].as_str())
        })
        .collect();
    println!(
        "{} people linked across platforms ({} creators stored)",
        linked.len(),
        exported.len()
    );
    assert_eq!(
        linked, expected,
        "linked pairs differ from the truth's people"
    );
    let platforms: BTreeSet<(String, String)> = linked
        .iter()
        .map(|(a, b)| {
            let platform = |id: &str| id.split(':').next().unwrap().to_string();
            (platform(a), platform(b))
        })
        .collect();
    assert!(
        platforms.len() >= 2,
        "pairs across one pair of platforms only: {platforms:?}"
    );
    drop(store);

    let (first, second) = linked.iter().next().unwrap().clone();
    let server = start_server(&data).await;
    let client = reqwest::Client::new();
    let encoded: String = url::form_urlencoded::byte_serialize(first.as_bytes()).collect();
    let url = format!("{}/v1/creators/{encoded}", server.base_url);
    let detail = get_json(&client, &url).await;
    let accounts = detail["linked_accounts"]
        .as_array()
        .expect("linked_accounts");
    assert_eq!(accounts.len(), 1, "{detail}");
    assert_eq!(accounts[0]["id"], second.as_str());
    assert_eq!(
        accounts[0]["platform"],
        second.split(':').next().unwrap(),
        "{detail}"
    );
    let evidence = accounts[0]["evidence"].as_array().expect("evidence");
    assert_eq!(evidence.len(), 2, "a link each way: {detail}");
    for link in evidence {
        let from = link["from"].as_str().unwrap();
        let to = link["to"].as_str().unwrap();
        assert!(from != to && [&first, &second].contains(&&from.to_string()));
        assert!(link["url"].as_str().unwrap().starts_with("http"));
    }
    sim_server.shutdown().await;
}

/// Two ids in order.
fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// A creator's followers and post URLs as exported: what a resume must not change.
#[derive(Debug, PartialEq, Eq)]
struct Exported {
    followers: Option<u64>,
    posts: BTreeSet<String>,
}

/// Writes the server's seeds to `DATA/seeds.txt`.
fn write_seeds(data: &Path, sim_server: &SimServer) -> PathBuf {
    let seeds = sim_server.seeds();
    assert!(seeds.len() >= 2, "seeds {seeds:?}");
    let seeds_file = data.join("seeds.txt");
    std::fs::write(&seeds_file, format!("{}\n", seeds.join("\n"))).unwrap();
    seeds_file
}

/// `web:DOMAIN/PATH` → `(DOMAIN, /PATH)`.
fn web_page(id: &str) -> Option<(&str, &str)> {
    let rest = id.strip_prefix("web:")?;
    let slash = rest.find('/')?;
    Some((&rest[..slash], &rest[slash..]))
}

/// A simulated web of 300 creators (world `seed`) whose every answer comes 10 ms late: a
/// crawl of it lasts a few seconds, long enough to interrupt half-way.
async fn slow_web(seed: u64) -> SimServer {
    let world = Arc::new(World::generate(&SimConfig {
        seed,
        creators: 300,
    }));
    let faults = FaultConfig {
        seed: 1,
        slow_share: 1.0,
        slow_ms: 10,
        ..FaultConfig::default()
    };
    sim::serve_with_faults(world, "127.0.0.1:0".parse().unwrap(), faults)
        .await
        .expect("the simulated web serves on loopback")
}

/// Runs `scout crawl --seeds-file SEEDS` to completion off the runtime the simulated web
/// runs on; returns its standard output.
async fn crawl(data: &Path, seeds_file: &Path) -> String {
    let data = data.to_path_buf();
    let seeds_file = seeds_file.to_str().unwrap().to_string();
    blocking(move || {
        let output = run_ok(&data, &["crawl", "--seeds-file", &seeds_file]);
        String::from_utf8(output.stdout).unwrap()
    })
    .await
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap()
}

/// `scout export --format jsonl` by creator id; fails on a repeated id.
fn export(data: &Path) -> BTreeMap<String, Exported> {
    let output = run_ok(data, &["export", "--format", "jsonl"]);
    let mut creators = BTreeMap::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let creator: Value = serde_json::from_str(line).expect("jsonl line");
        let id = creator["id"].as_str().expect("id").to_string();
        let posts = creator["posts"]
            .as_array()
            .expect("posts")
            .iter()
            .map(|post| post["url"].as_str().expect("post url").to_string())
            .collect();
        let exported = Exported {
            followers: creator["followers"].as_u64(),
            posts,
        };
        assert!(
            creators.insert(id.clone(), exported).is_none(),
            "export repeats {id}"
        );
    }
    creators
}
