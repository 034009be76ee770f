//! Indexing through the real binary on a real store: incremental runs index exactly what
//! changed, a run killed with SIGKILL leaves the last commit readable and the next run
//! completes it, and a running server sees new commits without a restart.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use scout_index::{IndexQuery, IndexSearchResult, SearchIndex, Store, MAX_LIMIT};
use scout_models::{AudienceSample, Creator, CreatorId, CreatorRecord, Platform, Post, Provenance};
use serde_json::Value;

use crate::common::{get_json, interrupt_at, run_ok, scout, start_server, Interrupted};

const WORDS: &[&str] = &[
    "bread",
    "sourdough",
    "kettlebell",
    "yoga",
    "lens",
    "camera",
    "violin",
    "garden",
    "compost",
    "espresso",
    "trail",
    "kayak",
    "pixel",
    "chess",
    "origami",
    "vinyl",
];

fn creator_id(number: usize) -> CreatorId {
    CreatorId::new(
        Platform::Mastodon,
        &format!("maker{number:05}@social.example"),
    )
}

/// A synthetic creator: `number` picks its words, `edition` changes its profile.
fn record(number: usize, edition: &str) -> CreatorRecord {
    let id = creator_id(number);
    let word = |offset: usize| WORDS[(number * 7 + offset) % WORDS.len()];
    let posts = (0..6)
        .map(|index| Post {
            id: format!("{number}-{index}"),
            creator_id: id.clone(),
            url: format!("https://social.example/@maker{number}/{index}"),
            published_at: Some(
                Utc.timestamp_opt(1_760_000_000 + index * 86_400, 0)
                    .unwrap(),
            ),
            text: format!(
                "{} and {} today #{}",
                word(index as usize),
                word(3),
                word(1)
            ),
            hashtags: vec![word(1).to_string()],
            mentions: Vec::new(),
            media_kind: None,
            language: Some("en".to_string()),
            likes: Some(40 + number as u64 % 50),
            comments: Some(3),
            shares: Some(1),
            views: None,
            sponsored: false,
        })
        .collect();
    let audience = (0..4)
        .map(|fan| AudienceSample {
            creator_id: id.clone(),
            handle: format!("fan{}", (number + fan) % 40),
            display_name: Some("Fan".to_string()),
            bio: None,
            location: Some("Lisboa".to_string()),
            language: Some("en".to_string()),
            text: Some("lovely".to_string()),
            followers: Some(120),
            following: Some(300),
            has_avatar: true,
            account_created_at: None,
            is_bot: false,
            post_id: Some(format!("{number}-0")),
            reply_likes: None,
            post_count: None,
        })
        .collect();
    CreatorRecord {
        creator: Creator {
            id,
            platform: Platform::Mastodon,
            handle: format!("maker{number:05}@social.example"),
            display_name: Some(format!("Maker {number}")),
            bio: Some(format!("{} {} {edition}", word(0), word(2))),
            profile_url: format!("https://social.example/@maker{number:05}"),
            avatar_url: None,
            links: Vec::new(),
            followers: Some(1_000 + number as u64 * 13),
            following: Some(200),
            post_count: Some(6),
            location: Some("Lisboa".to_string()),
            languages: vec!["en".to_string()],
            contact_email: None,
            created_at: None,
            is_bot: false,
            provenance: Provenance {
                source_url: format!("https://social.example/@maker{number:05}"),
                fetched_at: Utc::now(),
                method: "test".to_string(),
                content_hash: format!("{number}-{edition}"),
            },
        },
        posts,
        audience,
    }
}

fn store_creators(data: &Path, numbers: impl IntoIterator<Item = usize>, edition: &str) {
    let mut store = Store::open(&data.join("store.sqlite")).unwrap();
    let records: Vec<(CreatorRecord, Option<f64>)> = numbers
        .into_iter()
        .map(|number| (record(number, edition), None))
        .collect();
    for chunk in records.chunks(500) {
        store.upsert_records(chunk).unwrap();
    }
}

fn text_query(text: &str, limit: usize) -> IndexQuery {
    IndexQuery {
        text: Some(text.to_string()),
        limit,
        ..IndexQuery::default()
    }
}

fn search(index: &SearchIndex, text: &str, limit: usize) -> IndexSearchResult {
    index.search(&text_query(text, limit)).unwrap()
}

/// Id, followers, engagement rate and niches of every hit, sorted.
fn stored_facts(result: &IndexSearchResult) -> Vec<String> {
    let mut facts: Vec<String> = result
        .hits
        .iter()
        .map(|hit| {
            format!(
                "{} {:?} {:?} {:?}",
                hit.id, hit.followers, hit.engagement_rate, hit.niches
            )
        })
        .collect();
    facts.sort();
    facts
}

fn ids(result: &IndexSearchResult) -> Vec<String> {
    result.hits.iter().map(|hit| hit.id.to_string()).collect()
}

/// `scout index` output: (written, removed, total).
fn index_counts(stdout: &[u8]) -> (u64, u64, u64) {
    let line = String::from_utf8_lossy(stdout).into_owned();
    let numbers: Vec<u64> = line
        .split(|character: char| !character.is_ascii_digit())
        .filter_map(|word| word.parse().ok())
        .collect();
    assert!(numbers.len() >= 3, "{line}");
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn a_second_run_indexes_exactly_what_changed() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    store_creators(data, 0..60, "first");
    let first = run_ok(data, &["index"]);
    assert!(String::from_utf8_lossy(&first.stdout).starts_with("rebuilt 60 creators"));
    assert_eq!(index_counts(&first.stdout), (60, 0, 60));

    // Nothing changed: nothing is written.
    let idle = run_ok(data, &["index"]);
    assert_eq!(index_counts(&idle.stdout), (0, 0, 60), "{idle:?}");

    // Three creators change, two are new, one asks to be removed (store only: the index
    // learns it from the tombstone).
    store_creators(data, [3, 17, 42], "zeppelin");
    store_creators(data, [60, 61], "zeppelin");
    let mut store = Store::open(&data.join("store.sqlite")).unwrap();
    assert!(store.forget(&creator_id(5), "test").unwrap());
    drop(store);
    let second = run_ok(data, &["index"]);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(
        stdout.starts_with("indexed 5 creators, removed 1, 61 in the index"),
        "{stdout}"
    );

    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    assert_eq!(index.num_docs(), 61);
    let changed = search(&index, "zeppelin", 20);
    let mut found = ids(&changed);
    found.sort();
    let expected: Vec<String> = [3, 17, 42, 60, 61]
        .into_iter()
        .map(|number| creator_id(number).to_string())
        .collect();
    assert_eq!(found, expected);
    let everyone = search(&index, "", 100);
    assert_eq!(everyone.total, 61);
    assert!(!ids(&everyone).contains(&creator_id(5).to_string()));

    // The CLI's search (a separate process) sees the change too.
    let searched = run_ok(data, &["search", "zeppelin", "--json", "--limit", "10"]);
    let body: Value = serde_json::from_slice(&searched.stdout).unwrap();
    assert_eq!(body["total"], 5, "{body}");
}

/// Waits for a line containing `marker` on the child's standard error.
fn wait_for_line(stderr: impl std::io::Read, marker: &str) -> String {
    let mut lines = BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains(marker) {
            return line;
        }
    }
    panic!("the process ended without printing {marker:?}");
}

#[test]
fn ctrl_c_stops_a_rebuild_at_a_commit_and_the_next_run_finishes_it() {
    let creators = 1_500;
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    store_creators(data, 0..creators, "first");
    run_ok(data, &["index"]);
    store_creators(data, 0..creators, "zeppelin");

    // Commits every 100 creators; Ctrl-C (SIGINT) right after the first.
    let mut command = scout(data);
    command.args(["index", "--rebuild", "--commit-every", "100"]);
    let Interrupted {
        status,
        stdout,
        stderr,
    } = interrupt_at(command, |line| line.contains("index: committed"));
    assert!(status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("stopping: committing what is indexed so far"),
        "{stderr}"
    );
    assert!(stdout.starts_with("index stopped: "), "{stdout}\n{stderr}");
    let (written, total, _) = index_counts(stdout.as_bytes());
    assert!(
        (100..creators as u64).contains(&written),
        "{written} creators written before the stop: {stdout}"
    );
    assert_eq!(total, creators as u64);

    // What was written is committed, the rest still the old documents.
    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    assert_eq!(search(&index, "zeppelin", 1).total, written as usize);
    assert_eq!(
        search(&index, "first", 1).total,
        creators - written as usize
    );
    drop(index);

    let resumed = run_ok(data, &["index"]);
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(stdout.contains("finishing an interrupted run"), "{stdout}");
    let (rest, _, total) = index_counts(&resumed.stdout);
    assert_eq!(rest + written, creators as u64, "{stdout}");
    assert_eq!(total, creators as u64);
    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    assert_eq!(search(&index, "first", 1).total, 0);
    assert_eq!(search(&index, "zeppelin", 1).total, creators);
}

#[test]
fn a_killed_rebuild_keeps_the_last_commit_and_the_next_run_completes_it() {
    let creators = 1_500;
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    store_creators(data, 0..creators, "first");
    run_ok(data, &["index"]);
    // Every profile changes: a rebuild rewrites every document.
    store_creators(data, 0..creators, "zeppelin");

    let mut child = scout(data)
        .args(["index", "--rebuild", "--commit-every", "100"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let line = wait_for_line(stderr, "index: committed");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(line.contains("committed 100 creators"), "{line}");

    // The last commit is readable: every creator is there, some already rewritten.
    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    assert_eq!(index.num_docs(), creators as u64);
    let rewritten = search(&index, "zeppelin", 1).total;
    assert!(
        (100..creators).contains(&rewritten),
        "{rewritten} documents rewritten when the run was killed"
    );
    assert_eq!(search(&index, "first", 1).total, creators - rewritten);
    drop(index);

    let resumed = run_ok(data, &["index"]);
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(stdout.contains("finishing an interrupted run"), "{stdout}");
    let (written, _, total) = index_counts(&resumed.stdout);
    assert!(
        written < creators as u64,
        "the run resumed after the last commit: {stdout}"
    );
    assert_eq!(total, creators as u64);

    // Equal to a clean build of the same store.
    let clean_dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        data.join("store.sqlite"),
        clean_dir.path().join("store.sqlite"),
    )
    .unwrap();
    run_ok(clean_dir.path(), &["index", "--rebuild"]);
    let resumed_index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    let clean_index = SearchIndex::open_or_create(&clean_dir.path().join("index")).unwrap();
    assert_eq!(resumed_index.num_docs(), clean_index.num_docs());
    assert_eq!(search(&resumed_index, "first", 1).total, 0);
    // Ties in relevance may order differently: compare what matches and what is stored.
    for word in [
        "zeppelin",
        "bread",
        "kettlebell violin",
        "lens OR chess",
        "",
    ] {
        let resumed = search(&resumed_index, word, MAX_LIMIT);
        let clean = search(&clean_index, word, MAX_LIMIT);
        assert_eq!(resumed.total, clean.total, "{word}");
        assert_eq!(stored_facts(&resumed), stored_facts(&clean), "{word}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_sees_new_commits_without_a_restart_or_failed_queries() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path().to_path_buf();
    store_creators(&data, 0..50, "first");
    run_ok(&data, &["index"]);
    let server = start_server(&data).await;
    let base = server.base_url.clone();

    // Queries run all along; none may fail.
    let failures = Arc::new(AtomicU64::new(0));
    let answered = Arc::new(AtomicU64::new(0));
    let stop = tokio_util::sync::CancellationToken::new();
    let loop_task = {
        let (failures, answered, stop, base) = (
            failures.clone(),
            answered.clone(),
            stop.clone(),
            base.clone(),
        );
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            while !stop.is_cancelled() {
                let response = client
                    .get(format!("{base}/v1/search?q=bread&limit=5"))
                    .send()
                    .await;
                match response {
                    Ok(response) if response.status().is_success() => {
                        answered.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        })
    };

    let client = reqwest::Client::new();
    let before = get_json(&client, &format!("{base}/v1/search?q=zeppelin&limit=10")).await;
    assert_eq!(before["total"], 0, "{before}");

    let writer_data = data.clone();
    tokio::task::spawn_blocking(move || {
        store_creators(&writer_data, 50..58, "zeppelin");
        run_ok(&writer_data, &["index"]);
    })
    .await
    .unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let after = get_json(&client, &format!("{base}/v1/search?q=zeppelin&limit=10")).await;
        if after["total"] == 8 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server never saw the commit: {after}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.cancel();
    loop_task.await.unwrap();
    assert_eq!(failures.load(Ordering::Relaxed), 0);
    assert!(answered.load(Ordering::Relaxed) > 0);
}

/// A first build adds documents without deletes (the index was empty): killed after a commit,
/// the next run resumes it with exactly one document per creator.
#[test]
fn a_killed_first_build_resumes_with_one_document_per_creator() {
    let creators = 1_500;
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    store_creators(data, 0..creators, "first");
    let mut child = scout(data)
        .args(["index", "--commit-every", "100"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let line = wait_for_line(stderr, "index: committed");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(line.contains("committed 100 creators"), "{line}");
    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    let committed = index.num_docs();
    assert!(
        (100..creators as u64).contains(&committed),
        "{committed} documents committed when the run was killed"
    );
    drop(index);

    let resumed = run_ok(data, &["index"]);
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(stdout.contains("finishing an interrupted run"), "{stdout}");
    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    assert_eq!(index.num_docs(), creators as u64);
    let everyone = search(&index, "first", MAX_LIMIT);
    assert_eq!(everyone.total, creators);
    let mut found = ids(&everyone);
    found.sort();
    found.dedup();
    assert_eq!(found.len(), creators);
}

#[test]
fn ctrl_c_stops_sim_generate_after_a_batch_and_the_same_command_resumes() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let creators = 6_000;
    let args = [
        "sim",
        "generate",
        "--creators",
        "6000",
        "--posts-per-creator",
        "6",
        "--seed",
        "5",
        "--no-index",
    ];
    let mut command = scout(data);
    command.args(args);
    let Interrupted {
        status,
        stdout,
        stderr,
    } = interrupt_at(command, |line| line.starts_with("generating 6000 creators"));
    assert!(status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("(Ctrl-C stops after the current batch"),
        "{stderr}"
    );
    assert!(stderr.contains("\nstopping: after the batch"), "{stderr}");
    assert!(
        stdout.starts_with("sim generate stopped: stored "),
        "{stdout}"
    );
    let store = Store::open_read_only(&data.join("store.sqlite")).unwrap();
    let stored = store.counts().unwrap().creators as usize;
    drop(store);
    assert!(
        stored > 0 && stored < creators && stored.is_multiple_of(1_000),
        "{stored} creators stored: {stdout}"
    );
    assert!(
        stdout.contains(&format!("({stored} of {creators} in the store)")),
        "{stdout}"
    );

    let resumed = run_ok(data, &args);
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(
        stdout.starts_with(&format!("stored {} creators", creators - stored)),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("resumed after {stored}")),
        "{stdout}"
    );
    let store = Store::open_read_only(&data.join("store.sqlite")).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.creators as usize, counts.posts as usize),
        (creators, creators * 6)
    );
}

#[test]
fn ctrl_c_stops_training_while_it_reads_and_saves_nothing() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(
        data,
        &[
            "sim",
            "generate",
            "--creators",
            "4000",
            "--posts-per-creator",
            "6",
            "--no-index",
        ],
    );
    let mut command = scout(data);
    command.arg("train");
    let Interrupted { status, stderr, .. } =
        interrupt_at(command, |line| line.starts_with("training on the store at"));
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("stopping: at the next step"), "{stderr}");
    assert!(
        stderr.contains("training stopped while reading the store"),
        "{stderr}"
    );
    let saved = std::fs::read_dir(data.join("models"))
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert_eq!(saved, 0, "a stopped training saved models");

    // The next run trains from the start.
    let trained = run_ok(data, &["train", "--no-index"]);
    let stdout = String::from_utf8_lossy(&trained.stdout);
    assert!(stdout.starts_with("trained models "), "{stdout}");
}

#[test]
fn sim_generate_writes_a_world_into_the_store_and_the_index_and_resumes() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let args = [
        "sim",
        "generate",
        "--creators",
        "300",
        "--posts-per-creator",
        "12",
        "--seed",
        "7",
    ];
    let first = run_ok(data, &args);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.starts_with("stored 300 creators"), "{stdout}");
    assert!(
        stdout.contains("rebuilt 300 creators, removed 0, 300 in the index"),
        "{stdout}"
    );

    let store = Store::open_read_only(&data.join("store.sqlite")).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.creators, counts.posts), (300, 300 * 12));
    assert!(counts.audience_samples > 300 * 5, "{counts:?}");
    drop(store);

    // The generator's vocabulary: niche words find creators, an unknown word none.
    let index = SearchIndex::open_or_create(&data.join("index")).unwrap();
    assert_eq!(index.num_docs(), 300);
    let workout = search(&index, "workout", 10).total;
    let recipes = search(&index, "recipe", 10).total;
    assert!(workout > 0 && recipes > 0, "{workout} {recipes}");
    assert!(workout < 300 && recipes < 300, "{workout} {recipes}");
    assert_eq!(search(&index, "zeppelin", 10).total, 0);
    drop(index);

    // The same flags again: everything is there already, nothing is written.
    let again = run_ok(data, &args);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.starts_with("stored 0 creators"), "{stdout}");
    assert!(stdout.contains("resumed after 300"), "{stdout}");
    assert!(
        stdout.contains("indexed 0 creators, removed 0, 300 in the index"),
        "{stdout}"
    );
}

#[test]
fn a_full_pass_merges_into_one_segment_and_leaves_no_file_of_the_old_ones() {
    let creators = 300;
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    store_creators(data, 0..creators, "first");
    // A first build, then a rebuild over it (as after a retrain): three commits each, so at
    // least three segments before the final merge, and the rebuild's replace every document
    // of the first.
    for args in [
        &["index", "--commit-every", "100"][..],
        &["index", "--rebuild", "--commit-every", "100"][..],
    ] {
        let built = scout(data)
            .args(args)
            .env("SCOUT_LOG", "scout=info")
            .output()
            .unwrap();
        assert!(built.status.success(), "{built:?}");
        assert_eq!(index_counts(&built.stdout), (300, 0, 300), "{built:?}");
        let stderr = without_ansi(&String::from_utf8_lossy(&built.stderr));
        let merged: u64 = stderr
            .lines()
            .find(|line| line.contains("segments of a full pass merged into one"))
            .and_then(|line| line.split("segments=").nth(1))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("no merge logged: {stderr}"));
        assert!(merged >= 2, "{args:?}: {stderr}");

        let dir = data.join("index");
        let meta: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
        let segments = meta["segments"].as_array().unwrap();
        assert_eq!(segments.len(), 1, "{args:?}: {meta}");
        // No replaced document is left in the segment.
        assert!(segments[0]["deletes"].is_null(), "{args:?}: {meta}");
        let live = segments[0]["segment_id"].as_str().unwrap().replace('-', "");
        // Besides meta.json and tantivy's dot files, only the live segment's files.
        let mut stale: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.') && name != "meta.json")
            .filter(|name| !name.starts_with(live.as_str()))
            .collect();
        stale.sort();
        assert!(
            stale.is_empty(),
            "{args:?}: files of merged-away segments: {stale:?}"
        );

        let index = SearchIndex::open_or_create(&dir).unwrap();
        assert_eq!(index.num_docs(), creators as u64);
        assert_eq!(index.deleted_docs(), 0);
        assert_eq!(search(&index, "first", MAX_LIMIT).total, creators);
    }
}

/// `text` without terminal colour codes (the log's fields are coloured).
fn without_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(character) = chars.next() {
        if character == '\u{1b}' {
            // ESC [ ... m
            for code in chars.by_ref() {
                if code == 'm' {
                    break;
                }
            }
        } else {
            plain.push(character);
        }
    }
    plain
}
