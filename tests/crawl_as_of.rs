//! `scout crawl --as-of`: the real binary crawls the simulated web over loopback as the web
//! looked on earlier days, into a real SQLite store; the snapshots carry the days given, the
//! index's growth windows come out of them, and the flag refuses what would corrupt history.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::common::{run_err, run_ok};
use scout::sim::{self, SimConfig, SimServer, World};
use scout_index::Store;
use scout_models::CreatorId;

/// Runs `scout crawl --seeds-file SEEDS` with `extra` flags off the runtime the simulated web
/// runs on; returns its standard output.
async fn crawl(data: &Path, seeds_file: &Path, extra: &[String]) -> String {
    let data = data.to_path_buf();
    let mut args = vec![
        "crawl".to_string(),
        "--seeds-file".to_string(),
        seeds_file.to_str().unwrap().to_string(),
    ];
    args.extend(extra.iter().cloned());
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        String::from_utf8(run_ok(&data, &args).stdout).unwrap()
    })
    .await
    .unwrap()
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A creator's snapshots: (taken_at, followers), oldest first.
type Series = Vec<(DateTime<Utc>, Option<u64>)>;

/// Every stored creator's snapshots.
fn snapshots(data: &Path) -> BTreeMap<CreatorId, Series> {
    let store = Store::open_read_only(&data.join("store.sqlite")).expect("the store opens");
    let ids: Vec<CreatorId> = store
        .records(Default::default())
        .map(|record| record.unwrap().creator.id)
        .collect();
    ids.into_iter()
        .map(|id| {
            let series = store
                .snapshots(&id)
                .unwrap()
                .into_iter()
                .map(|snapshot| (snapshot.taken_at, snapshot.followers))
                .collect();
            (id, series)
        })
        .collect()
}

/// `scout search --min-growth MIN --growth-period 1m --sort growth`: the total and the ids
/// of the first page.
fn growth_search(data: &Path, min: &str) -> (u64, Vec<String>) {
    let output = run_ok(
        data,
        &[
            "search",
            "",
            &format!("--min-growth={min}"),
            "--growth-period",
            "1m",
            "--sort",
            "growth",
            "--limit",
            "20",
            "--json",
        ],
    );
    let results: Value = serde_json::from_slice(&output.stdout).expect("search json");
    let ids = results["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect();
    (results["total"].as_u64().expect("total"), ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawls_as_of_earlier_days_file_dated_snapshots_and_growth() {
    let world = Arc::new(World::generate(&SimConfig {
        seed: 23,
        creators: 120,
    }));
    let anchor = world.anchor();
    let server: SimServer = sim::serve(Arc::clone(&world), "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the simulated web serves on loopback");
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let seeds_file = data.join("seeds.txt");
    std::fs::write(&seeds_file, server.seeds().join("\n")).unwrap();

    // A month before the world's "now", then on the day itself: an archive's two copies.
    server.show_days_before(30);
    let month_before = server.shown_at();
    assert_eq!(month_before, anchor - chrono::Duration::days(30));
    let first = crawl(
        data,
        &seeds_file,
        &["--as-of".into(), rfc3339(month_before)],
    )
    .await;
    assert!(first.contains("crawl done"), "{first}");
    server.show_days_before(0);
    assert_eq!(server.shown_at(), anchor);
    // No --force: the creators were last observed a month before this crawl's time, which
    // is longer than any recrawl interval, so every one is fetched again.
    let second = crawl(data, &seeds_file, &["--as-of".into(), rfc3339(anchor)]).await;
    assert!(second.contains("crawl done"), "{second}");
    assert!(!second.contains("fresh (use --force"), "{second}");

    let series = snapshots(data);
    assert!(series.len() >= 100, "{} creators stored", series.len());
    let days: BTreeSet<DateTime<Utc>> = series.values().flatten().map(|(at, _)| *at).collect();
    assert_eq!(
        days,
        BTreeSet::from([month_before, anchor]),
        "snapshots carry the crawls' days, not the wall clock"
    );
    let store = Store::open_read_only(&data.join("store.sqlite")).unwrap();
    let mut expected_growth: Vec<(String, f64)> = Vec::new();
    for (id, points) in &series {
        let record = store.creator(id).unwrap().expect("stored creator");
        if let [(earlier, Some(before)), (later, Some(after))] = points.as_slice() {
            assert_eq!((*earlier, *later), (month_before, anchor), "{id}");
            assert_eq!(record.creator.provenance.fetched_at, anchor, "{id}");
            if *before > 0 {
                expected_growth.push((id.to_string(), *after as f64 / *before as f64 - 1.0));
            }
        }
    }
    assert!(
        expected_growth.len() * 10 >= series.len() * 9,
        "{} of {} creators seen on both days with followers",
        expected_growth.len(),
        series.len()
    );
    assert!(
        expected_growth.iter().any(|(_, growth)| *growth > 0.0),
        "the world grew over the month: {expected_growth:?}"
    );

    // The index's one-month growth is the growth between the two dated crawls.
    run_ok(data, &["index"]);
    let (total, _) = growth_search(data, "-1");
    assert_eq!(
        total as usize,
        expected_growth.len(),
        "every creator seen on both days has a one-month growth"
    );
    let mut by_growth = expected_growth.clone();
    by_growth.sort_by(|a, b| b.1.total_cmp(&a.1));
    let threshold = by_growth[by_growth.len() / 4].1;
    let at_least = by_growth
        .iter()
        .filter(|(_, growth)| *growth >= threshold - 1e-9)
        .count();
    let (total, top) = growth_search(data, &format!("{threshold}"));
    // The stored growth is rounded in the index: allow the creators at the threshold itself.
    let exactly = by_growth
        .iter()
        .filter(|(_, growth)| (*growth - threshold).abs() < 1e-6)
        .count();
    assert!(
        (total as usize) <= at_least && total as usize + exactly >= at_least,
        "growth filter: {total} vs {at_least} computed from the snapshots"
    );
    let growth_of: BTreeMap<&str, f64> = expected_growth
        .iter()
        .map(|(id, growth)| (id.as_str(), *growth))
        .collect();
    let ranked: Vec<f64> = top.iter().map(|id| growth_of[id.as_str()]).collect();
    assert!(
        ranked.windows(2).all(|pair| pair[0] >= pair[1] - 1e-6),
        "sorted by the month's growth: {ranked:?}"
    );
    assert!((ranked[0] - by_growth[0].1).abs() < 1e-6, "{ranked:?}");

    // The same day again observes nothing new: every creator is fresh as of that day.
    let again = crawl(data, &seeds_file, &["--as-of".into(), rfc3339(anchor)]).await;
    assert!(again.contains("fresh (use --force"), "{again}");
    assert_eq!(snapshots(data), series, "nothing new filed");

    // An earlier day than the newest snapshot, a future day, or no time at all: refused with
    // the flag named, and nothing written.
    let crawl_as_of = |time: &str| {
        run_err(
            data,
            &[
                "crawl",
                "--seeds-file",
                seeds_file.to_str().unwrap(),
                "--as-of",
                time,
            ],
        )
    };
    let refused = crawl_as_of(&rfc3339(month_before));
    assert!(refused.contains("--as-of"), "{refused}");
    assert!(
        refused.contains("before") && refused.contains(&anchor.to_rfc3339()),
        "names the newest snapshot: {refused}"
    );
    let refused = crawl_as_of(&rfc3339(Utc::now() + chrono::Duration::days(2)));
    assert!(
        refused.contains("--as-of") && refused.contains("future"),
        "{refused}"
    );
    for garbage in ["2025-13-01", "last tuesday", "2025-06-01 12:00"] {
        let refused = crawl_as_of(garbage);
        assert!(
            refused.contains("--as-of") && refused.contains("RFC 3339"),
            "{garbage}: {refused}"
        );
    }
    assert_eq!(snapshots(data), series, "refused crawls write nothing");

    // A live crawl afterwards runs on the wall clock: the archive's day is long past, so it
    // fetches everyone again and files today's snapshots.
    let before_live = Utc::now();
    let live = crawl(data, &seeds_file, &[]).await;
    assert!(live.contains("crawl done"), "{live}");
    assert!(!live.contains("fresh (use --force"), "{live}");
    let after_live = snapshots(data);
    let mut revisited = 0;
    for (id, points) in &after_live {
        let known = series.get(id).map_or(0, Vec::len);
        let added = &points[known..];
        assert!(
            added
                .iter()
                .all(|(at, _)| *at >= before_live && *at <= Utc::now()),
            "{id}: live snapshots are stamped now: {points:?}"
        );
        if series
            .get(id)
            .is_some_and(|known| known.last().map(|(at, _)| *at) == Some(anchor))
        {
            assert_eq!(
                added.len(),
                1,
                "{id} seen on the archive's last day is seen again"
            );
            revisited += 1;
        }
    }
    assert!(revisited >= 100, "{revisited} creators revisited live");
    // ...after which the archive's day is before the store's newest snapshot.
    let refused = run_err(
        data,
        &[
            "crawl",
            "--seeds-file",
            seeds_file.to_str().unwrap(),
            "--as-of",
            &rfc3339(anchor),
        ],
    );
    assert!(
        refused.contains("--as-of") && refused.contains("before"),
        "{refused}"
    );
    server.shutdown().await;
}
