//! Cancelled runs resume where they stopped; seeds that are not URLs are reported.

use std::time::Duration;

use scout_crawler::{CancellationToken, CrawlConfig, CrawlOutput, Crawler};
use tokio::sync::mpsc;

use super::{config, crawl, start_servers};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_run_resumes_without_refetching_done_items() {
    let servers = start_servers(Some(("/creators", Duration::from_secs(2)))).await;
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(config(state.path())).unwrap();
    let web = servers.web.base();
    let seeds = vec![format!("{web}/c/olivia"), format!("{web}/creators")];

    let cancel = CancellationToken::new();
    let (sender, mut receiver) = mpsc::channel::<CrawlOutput>(4);
    let cancel_on_first = cancel.clone();
    let collector = tokio::spawn(async move {
        let mut ids = Vec::new();
        while let Some(output) = receiver.recv().await {
            ids.push(output.creator_id().to_string());
            cancel_on_first.cancel();
        }
        ids
    });
    let started = tokio::time::Instant::now();
    let summary = crawler
        .run(seeds.clone(), sender, None, cancel)
        .await
        .unwrap();
    let first_ids = collector.await.unwrap();
    assert!(summary.cancelled);
    assert!(!summary.resumed);
    assert_eq!(first_ids, vec!["web:studio.sim.example/c/olivia"]);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the slow in-flight request was abandoned, not awaited"
    );
    assert_eq!(servers.web.count("/c/olivia"), 1);

    let (resumed, records) = crawl(&crawler, &seeds).await;
    assert!(resumed.resumed);
    assert!(!resumed.cancelled);
    assert_eq!(
        servers.web.count("/c/olivia"),
        1,
        "done items are not fetched again"
    );
    assert!(servers.web.count("/creators") >= 1);
    assert!(!records.contains_key("web:studio.sim.example/c/olivia"));
    assert!(records.contains_key("web:studio.sim.example/c/alice"));

    // That run finished, so the next call starts a new run; olivia was fetched minutes ago
    // and is not due again.
    let (fresh, fresh_records) = crawl(&crawler, &seeds).await;
    assert!(!fresh.resumed);
    assert!(!fresh_records.contains_key("web:studio.sim.example/c/olivia"));
    assert!(fresh.skipped_fresh >= 2, "{fresh:?}");
    assert_eq!(servers.web.count("/c/olivia"), 1);
}

#[tokio::test]
async fn invalid_seeds_are_reported_not_fatal() {
    let state = tempfile::tempdir().unwrap();
    let crawler = Crawler::new(config(state.path())).unwrap();
    let (summary, records) = crawl(
        &crawler,
        &["ftp://files.example/x".to_string(), "".to_string()],
    )
    .await;
    assert!(records.is_empty());
    assert_eq!(summary.failed_seeds.len(), 2);
    assert_eq!(summary.fetched, 0);
    assert!(Crawler::new(CrawlConfig {
        global_concurrency: 0,
        ..config(state.path())
    })
    .is_err());
}
