//! `scout bench crawl` through the binary with Scrapy unavailable: a real crawl of a small
//! simulated web in a child process, Scout's figures in the documented JSON shape, and
//! `"scrapy": null` with a hint on how to install it.

use serde_json::Value;

use crate::common::scout;

#[test]
fn bench_crawl_without_scrapy_prints_scout_figures_and_null() {
    let dir = tempfile::tempdir().unwrap();
    let output = scout(dir.path())
        .args(["bench", "crawl", "--creators", "50", "--json"])
        .env("SCOUT_SCRAPY", dir.path().join("no-scrapy-here"))
        .output()
        .expect("the scout binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "bench crawl failed: {stderr}");
    assert!(stderr.contains("pip install scrapy"), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    let keys = |value: &Value| -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&report), ["ratio", "scout", "scrapy"]);
    assert_eq!(
        keys(&report["scout"]),
        ["pages_per_s", "peak_rss_mb", "records_per_s"]
    );
    assert!(report["scrapy"].is_null(), "{report}");
    assert!(report["ratio"].is_null(), "{report}");
    let figure = |name: &str| report["scout"][name].as_f64().unwrap();
    assert!(figure("pages_per_s") > 0.0, "{report}");
    assert!(figure("records_per_s") > 0.0, "{report}");
    // The crawl process's own peak: a Rust binary with a runtime and SQLite takes a few MB,
    // and 50 creators cannot take a gigabyte.
    let peak = figure("peak_rss_mb");
    assert!(peak > 2.0 && peak < 1000.0, "{report}");
}
