//! The command line on its own data: import (with per-row errors), export round trip, index,
//! search and removal requests, through the real binary.

use serde_json::Value;

use crate::common::{interrupt_at, run_err, run_ok, scout, Interrupted};

const GOOD_AND_BAD: &str = r##"{"platform":"web","handle":"greenkitchen","profile_url":"https://greenkitchen.example/","display_name":"Green Kitchen","bio":"Plant-based recipes every week","followers":25000,"posts":[{"url":"https://greenkitchen.example/p/1","published_at":"2026-10-01T12:00:00Z","text":"Vegan lasagne with cashew ricotta #vegan #recipes","hashtags":["vegan","recipes"],"likes":900,"comments":40,"shares":12}]}
{"platform":"mastodon","handle":"liftlab@social.example","profile_url":"https://social.example/@liftlab","bio":"Home workout plans","followers":8000,"posts":[{"url":"https://social.example/@liftlab/1","published_at":"2026-10-02T08:00:00Z","text":"20 minute home workout, no equipment #workout","likes":300,"comments":10}]}
{"platform":"web","handle":"broken","profile_url":"not a url"}
{"platform":"web","handle":"colourful","profile_url":"https://c.example/","colour":"red"}
"##;

#[test]
fn ctrl_c_stops_an_import_after_a_batch_and_importing_again_stores_the_rest() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let creators = 30_000;
    let file = data.join("many.jsonl");
    let lines: String = (0..creators)
        .map(|number| {
            format!(
                "{{\"platform\":\"web\",\"handle\":\"maker{number}\",\"profile_url\":\"https://maker{number}.example/\",\"bio\":\"Pottery and glaze notes\",\"followers\":{}}}\n",
                1_000 + number
            )
        })
        .collect();
    std::fs::write(&file, lines).unwrap();

    let mut command = scout(data);
    command.args(["import", file.to_str().unwrap()]);
    let Interrupted {
        status,
        stdout,
        stderr,
    } = interrupt_at(command, |line| line.starts_with("importing "));
    assert!(status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("stopping: after the batch being stored"),
        "{stderr}"
    );
    let stored: usize = stdout
        .strip_prefix("import stopped: stored ")
        .and_then(|tail| tail.split(' ').next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        stored > 0 && stored < creators && stored.is_multiple_of(500),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("of the file's {creators} creators")),
        "{stdout}"
    );
    assert_eq!(export(data).len(), stored);

    let again = run_ok(data, &["import", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.starts_with(&format!(
            "imported {creators} creators ({} new, {stored} already known)",
            creators - stored
        )),
        "{stdout}"
    );
    assert_eq!(export(data).len(), creators);
}

#[test]
fn import_reports_bad_rows_and_keeps_the_good_ones() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let file = data.join("creators.jsonl");
    std::fs::write(&file, GOOD_AND_BAD).unwrap();

    let stderr = run_err(data, &["import", file.to_str().unwrap()]);
    assert!(
        stderr.contains("creators.jsonl:3: profile_url:"),
        "{stderr}"
    );
    assert!(stderr.contains("creators.jsonl:4: colour:"), "{stderr}");
    assert!(stderr.contains("2 of 4 rows rejected"), "{stderr}");

    let exported = export(data);
    let ids: Vec<&str> = exported.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec!["mastodon:liftlab@social.example", "web:greenkitchen"]
    );
    assert_eq!(exported[1]["posts"][0]["likes"], 900);

    // What export writes, import reads back without change or error.
    let round_trip = data.join("round-trip.jsonl");
    let output = run_ok(data, &["export", "--format", "jsonl"]);
    std::fs::write(&round_trip, &output.stdout).unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    run_ok(other_dir.path(), &["import", round_trip.to_str().unwrap()]);
    let reimported = export(other_dir.path());
    assert_eq!(reimported.len(), 2);
    for (before, after) in exported.iter().zip(&reimported) {
        for field in ["id", "followers", "bio", "posts", "engagement_rate"] {
            assert_eq!(before[field], after[field], "{field}");
        }
    }

    // A CSV with a bad cell names its line and column.
    let csv = data.join("creators.csv");
    std::fs::write(
        &csv,
        "platform,handle,profile_url,followers\nweb,a,https://a.example/,12\nweb,b,https://b.example/,many\n",
    )
    .unwrap();
    let stderr = run_err(data, &["import", csv.to_str().unwrap()]);
    assert!(stderr.contains("creators.csv:3: followers:"), "{stderr}");
    let stderr = run_err(
        data,
        &["import", data.join("missing.jsonl").to_str().unwrap()],
    );
    assert!(stderr.contains("missing.jsonl"), "{stderr}");
}

#[test]
fn search_errors_name_the_flag() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let cases: [(&[&str], &str); 7] = [
        (&["--country", "BR", "--country", "brazil"], "--country: "),
        (&["--language", "english"], "--language: "),
        (
            &["--min-followers", "10", "--max-followers", "5"],
            "--min-followers: ",
        ),
        (&["--max-engagement-rate", "500"], "--max-engagement-rate: "),
        (&["--min-growth", "5000"], "--min-growth: "),
        (&["--hashtag", "#"], "--hashtag: "),
        (
            &["--last-posted-within-days", "0"],
            "--last-posted-within-days: ",
        ),
    ];
    for (flags, named) in cases {
        let mut args = vec!["search", "yoga"];
        args.extend_from_slice(flags);
        let stderr = run_err(data, &args);
        assert!(
            stderr.starts_with(&format!("error: {named}")),
            "{args:?} → {stderr}"
        );
    }
    let stderr = run_err(data, &["search", "colour:red"]);
    assert!(stderr.starts_with("error: QUERY: "), "{stderr}");
}

#[test]
fn forgotten_creators_leave_the_store_and_the_index_and_stay_out() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let file = data.join("creators.jsonl");
    let good: String = GOOD_AND_BAD.lines().take(2).collect::<Vec<_>>().join("\n");
    std::fs::write(&file, &good).unwrap();
    run_ok(data, &["import", file.to_str().unwrap()]);
    run_ok(data, &["index", "--rebuild"]);
    assert_eq!(search_ids(data, "vegan recipes"), vec!["web:greenkitchen"]);

    let stdout = run_ok(data, &["forget", "web:greenkitchen"]).stdout;
    assert!(String::from_utf8_lossy(&stdout).contains("forgot web:greenkitchen"));
    assert!(search_ids(data, "vegan recipes").is_empty());
    assert_eq!(export(data).len(), 1);

    // Importing it again does not bring it back, not even after a rebuild.
    let stdout = run_ok(data, &["import", file.to_str().unwrap()]).stdout;
    assert!(
        String::from_utf8_lossy(&stdout).contains("1 creators skipped by removal requests"),
        "{}",
        String::from_utf8_lossy(&stdout)
    );
    run_ok(data, &["index", "--rebuild"]);
    assert!(search_ids(data, "vegan recipes").is_empty());
    assert_eq!(export(data).len(), 1);

    let stderr = run_err(data, &["forget", "not-an-id"]);
    assert!(stderr.contains("id:"), "{stderr}");
}

fn export(data: &std::path::Path) -> Vec<Value> {
    let output = run_ok(data, &["export", "--format", "jsonl"]);
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn search_ids(data: &std::path::Path, query: &str) -> Vec<String> {
    let output = run_ok(data, &["search", query, "--json"]);
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sim_serve_prints_seeds_that_crawl_into_creators_named_as_in_the_truth() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let mut server = KillOnDrop(
        crate::common::scout(data)
            .args([
                "sim",
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--creators",
                "40",
                "--seed",
                "5",
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    // The reader lives as long as the server, which prints every seed.
    let mut seeds_out = BufReader::new(server.0.stdout.take().unwrap());
    let mut first_seed = String::new();
    seeds_out.read_line(&mut first_seed).unwrap();
    let first_seed = first_seed.trim().to_string();
    assert!(first_seed.starts_with("http://127.0.0.1:"), "{first_seed}");

    let crawled = run_ok(data, &["crawl", &first_seed]);
    drop(server);
    drop(seeds_out);
    let summary = String::from_utf8_lossy(&crawled.stdout).into_owned();
    assert!(summary.contains("crawl done"), "{summary}");

    let truth = run_ok(data, &["sim", "truth", "--creators", "40", "--seed", "5"]);
    let truth: Value = serde_json::from_slice(&truth.stdout).unwrap();
    let true_ids: Vec<&str> = truth["creators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|creator| {
            for field in ["niches", "tier", "fake", "audience"] {
                assert!(creator.get(field).is_some(), "truth lacks {field}");
            }
            creator["id"].as_str().unwrap()
        })
        .collect();
    let exported = export(data);
    assert!(exported.len() >= 5, "only {} creators", exported.len());
    for creator in &exported {
        let id = creator["id"].as_str().unwrap();
        assert!(true_ids.contains(&id), "{id} is not in the truth");
    }

    run_ok(data, &["index"]);
    let table = run_ok(data, &["search", "the", "--limit", "1"]);
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(table.contains("matching creators"), "{table}");
    assert!(table.contains("  1. "), "{table}");
}

/// A child process killed when it goes out of scope, a failing test's included.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `scout sim serve` on a port of its own: the process and the seeds it prints.
fn sim_serve(data: &std::path::Path, creators: &str) -> (KillOnDrop, Vec<String>) {
    sim_serve_with(data, creators, &[])
}

/// [`sim_serve`] with more flags.
fn sim_serve_with(
    data: &std::path::Path,
    creators: &str,
    flags: &[&str],
) -> (KillOnDrop, Vec<String>) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let server = crate::common::scout(data)
        .args([
            "sim",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--creators",
            creators,
        ])
        .args(["--seed", "5"])
        .args(flags)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = KillOnDrop(server);
    let mut out = BufReader::new(server.0.stdout.take().unwrap());
    let mut seeds: Vec<String> = Vec::new();
    // The server prints its seeds, then keeps serving: read until a Bluesky and a Mastodon one.
    let mut line = String::new();
    let has = |seeds: &[String], part: &str| seeds.iter().any(|seed| seed.contains(part));
    while !(has(&seeds, "/profile/") && has(&seeds, "/@")) && out.read_line(&mut line).unwrap() > 0
    {
        seeds.push(line.trim().to_string());
        line.clear();
    }
    std::thread::spawn(move || for _ in out.lines() {});
    (server, seeds)
}

#[test]
fn crawl_flags_reach_the_crawler() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let (server, seeds) = sim_serve(data, "40");
    let bluesky = seeds
        .iter()
        .find(|seed| seed.contains("/profile/"))
        .expect("a Bluesky seed")
        .clone();
    let (appview, path) = bluesky.split_at(bluesky.find("/profile/").unwrap());
    // A host that serves nothing: the profile is read from the AppView named by the flag.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let elsewhere = format!("http://{}{path}", closed.local_addr().unwrap());
    drop(closed);

    let without = run_ok(data, &["crawl", "--max-pages", "1", &elsewhere]);
    let without = String::from_utf8_lossy(&without.stdout).into_owned();
    assert!(export(data).is_empty(), "{without}");

    let with = run_ok(
        data,
        &[
            "crawl",
            "--bluesky-appview",
            appview,
            "--max-pages",
            "1",
            "--reply-authors",
            "0",
            "--robots-ttl",
            "1h",
            "--host-cooldown",
            "10m",
            &elsewhere,
        ],
    );
    let with = String::from_utf8_lossy(&with.stdout).into_owned();
    let exported = export(data);
    assert_eq!(exported.len(), 1, "one page, one creator: {with}");
    let handle = path.trim_start_matches("/profile/");
    assert!(
        exported[0]["id"].as_str().unwrap().contains(handle),
        "{exported:?}"
    );

    // Discovery from a Mastodon seed stops at the page cap.
    let capped_dir = tempfile::tempdir().unwrap();
    let mastodon = seeds.iter().find(|seed| seed.contains("/@")).unwrap();
    run_ok(capped_dir.path(), &["crawl", "--max-pages", "3", mastodon]);
    let capped = export(capped_dir.path()).len();
    let open_dir = tempfile::tempdir().unwrap();
    run_ok(open_dir.path(), &["crawl", mastodon]);
    let open = export(open_dir.path()).len();
    drop(server);
    assert!(
        (1..=3).contains(&capped) && open > capped,
        "capped {capped}, open {open}"
    );

    let error = crate::common::run_err(data, &["crawl", "--robots-ttl", "3w", &elsewhere]);
    assert!(
        error.contains("--robots-ttl") && error.contains("give a unit"),
        "{error}"
    );
}

#[test]
fn sim_serve_shows_an_earlier_day_and_refuses_one_beyond_its_history() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let (server, seeds) = sim_serve_with(data, "40", &["--days-before", "90"]);
    let mut args = vec!["crawl", "--reply-authors", "0"];
    args.extend(seeds.iter().map(String::as_str));
    run_ok(data, &args);
    drop(server);
    let truth = run_ok(data, &["sim", "truth", "--creators", "40", "--seed", "5"]);
    let truth: Value = serde_json::from_slice(&truth.stdout).unwrap();
    let today: std::collections::HashMap<&str, u64> = truth["creators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|creator| {
            (
                creator["id"].as_str().unwrap(),
                creator["followers"].as_u64().unwrap(),
            )
        })
        .collect();
    let crawled = export(data);
    assert!(crawled.len() >= 10, "{} crawled", crawled.len());
    // 90 days back, most accounts had fewer followers than today.
    let fewer = crawled
        .iter()
        .filter(|record| {
            let id = record["id"].as_str().unwrap();
            let then = record["followers"].as_u64().unwrap();
            today.get(id).is_some_and(|now| then < *now)
        })
        .count();
    assert!(fewer * 2 > crawled.len(), "{fewer} of {}", crawled.len());

    let refused = crate::common::scout(data)
        .args(["sim", "serve", "--creators", "5", "--days-before", "400"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("--days-before"), "{message}");
}
