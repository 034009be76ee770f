//! `scout bench search` on a tiny world, without PostgreSQL: the JSON report's shape, and
//! what `--postgres` says in a build without the `bench-postgres` feature.

use serde_json::Value;

use crate::common::run_ok;

#[test]
fn bench_search_reports_scout_figures_and_no_postgres() {
    let data_dir = tempfile::tempdir().unwrap();
    let world = data_dir.path().join("world");
    let output = run_ok(
        data_dir.path(),
        &[
            "bench",
            "search",
            "--creators",
            "200",
            "--queries",
            "200",
            "--keep",
            world.to_str().unwrap(),
            "--json",
        ],
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["creators"], 200, "{report}");
    assert_eq!(report["queries"], 200, "{report}");
    let mix = report["mix"].as_object().unwrap();
    assert_eq!(mix.len(), 5, "{report}");
    assert!(mix.values().all(|count| count == 40), "{report}");
    let scout = &report["scout"];
    for field in [
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "qps",
        "train_seconds",
        "build_creators_per_s",
        "index_mb",
        "peak_rss_mb",
    ] {
        let value = scout[field]
            .as_f64()
            .unwrap_or_else(|| panic!("{field}: {report}"));
        assert!(value > 0.0 && value.is_finite(), "{field}: {report}");
    }
    let (p50, p95, p99) = (
        scout["p50_ms"].as_f64().unwrap(),
        scout["p95_ms"].as_f64().unwrap(),
        scout["p99_ms"].as_f64().unwrap(),
    );
    assert!(p50 <= p95 && p95 <= p99, "{report}");
    assert!(report["postgres"].is_null(), "{report}");
    assert!(report["ratio_p50"].is_null(), "{report}");
    assert!(report["ratio_qps"].is_null(), "{report}");
    assert!(scout["build_seconds"].as_f64().unwrap() > 0.0, "{report}");
    assert!(report["postgres_hint"]
        .as_str()
        .unwrap()
        .contains("PostgreSQL"));
    // The world is kept where --keep says.
    assert!(world.join("store.sqlite").is_file());
    assert!(world.join("index").is_dir());
    // It was trained before the timed build, so its documents carry niche scores: a niche
    // filter matches creators (an untrained index matches none).
    assert!(world.join("models").join("LATEST").is_file());
    let output = run_ok(
        &world,
        &["search", "", "--niche", "fitness", "--json", "--limit", "5"],
    );
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(results["total"].as_u64().unwrap() > 0, "{results}");
}

/// CI builds without the feature: `--postgres` is refused before any world is built, with
/// the way to get PostgreSQL's figures.
#[cfg(not(feature = "bench-postgres"))]
#[test]
fn bench_search_postgres_needs_the_feature_and_says_so() {
    let data_dir = tempfile::tempdir().unwrap();
    let world = data_dir.path().join("world");
    let stderr = crate::common::run_err(
        data_dir.path(),
        &[
            "bench",
            "search",
            "--creators",
            "200",
            "--keep",
            world.to_str().unwrap(),
            "--postgres",
            "host=127.0.0.1 port=1 user=scout",
        ],
    );
    assert!(stderr.contains("bench-postgres"), "{stderr}");
    assert!(stderr.contains("benches/search/run.sh"), "{stderr}");
    assert!(!world.join("store.sqlite").exists());
}
