//! `scout demo`: the whole flow on the embedded default world — simulated web on loopback →
//! crawl (with `--history`, a light visit as of a month before the web's day first, so growth
//! has a history) → index → train → serve the API — printing example queries.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::{self, api_flags, DemoArgs, SimWorldArgs};
use crate::paths::DataDir;
use crate::pipeline::{self, CrawlOptions};
use crate::{api, sim};

/// Creators in the demo's simulated web.
pub const DEFAULT_CREATORS: usize = 10_000;

/// The demo first crawls the web as it was this many days before its day, for growth history.
pub const HISTORY_DAYS_BEFORE: u32 = 30;

pub async fn run(data: &DataDir, args: &DemoArgs) -> Result<()> {
    api_flags::ensure_auth_allowed(args.addr, args.auth)?;
    let started = Instant::now();
    let config = cli::sim_config(&SimWorldArgs {
        creators: args.creators,
        seed: args.seed,
    });
    println!(
        "[1/5] generating a simulated creator web: {} creators, seed {}",
        config.creators, config.seed
    );
    let world = Arc::new(sim::World::generate(&config));
    let sim_server = sim::serve(world, "127.0.0.1:0".parse()?)
        .await
        .context("cannot serve the simulated web on loopback")?;
    let seeds = sim_server.seeds();
    for host in sim_server.hosts() {
        println!(
            "      {} {} ({})",
            host.kind.as_str(),
            host.base_url,
            host.domain
        );
    }

    println!(
        "[2/5] crawling {} seeds over loopback into {}",
        seeds.len(),
        data.root().display()
    );
    // With --history, into an empty store, the web is first crawled as it was a month
    // before, lightly (no reply threads: the counts are what growth needs), so that growth
    // filters, sorts and charts have a history; then as of its day. A store with newer
    // snapshots keeps the wall clock. Without it, one crawl on the wall clock.
    let (history, main_day) = if args.history {
        let today = sim_server.shown_at();
        match scout_index::Store::open(&data.store_path())?.newest_snapshot_at()? {
            None => (true, Some(today)),
            Some(newest) if newest <= today => (false, Some(today)),
            Some(_) => (false, None),
        }
    } else {
        (false, None)
    };
    if history {
        sim_server.show_days_before(HISTORY_DAYS_BEFORE);
        let earlier = sim_server.shown_at();
        println!(
            "      first as of {} ({HISTORY_DAYS_BEFORE} days before the web's day), without reply threads",
            earlier.format("%Y-%m-%d")
        );
        let options = CrawlOptions {
            observed_at: Some(earlier),
            reply_threads_per_creator: Some(0),
            reply_authors_per_creator: Some(0),
            ..CrawlOptions::default()
        };
        let report = cli::crawl_with_progress(data, seeds.clone(), &options).await?;
        cli::print_crawl_report(&report);
        sim_server.show_days_before(0);
        if report.crawl.cancelled {
            sim_server.shutdown().await;
            return Ok(());
        }
    }
    if let Some(day) = main_day {
        println!("      as of {}", day.format("%Y-%m-%d"));
    }
    let options = CrawlOptions {
        observed_at: main_day,
        ..CrawlOptions::default()
    };
    let report = cli::crawl_with_progress(data, seeds, &options).await?;
    cli::print_crawl_report(&report);
    if report.crawl.cancelled {
        sim_server.shutdown().await;
        return Ok(());
    }

    println!("[3/5] indexing");
    let index_data = data.clone();
    let index = tokio::task::spawn_blocking(move || pipeline::rebuild_index(&index_data)).await??;
    println!(
        "      indexed {} creators in {:.2}s",
        index.documents, index.seconds
    );

    println!("[4/5] training models (weak labels from the niche lexicon) and re-indexing");
    let train_data = data.clone();
    let trained =
        tokio::task::spawn_blocking(move || pipeline::train_models(&train_data, true, &|_| {}))
            .await??;
    let reindex_seconds = trained.index.as_ref().map_or(0.0, |index| index.seconds);
    println!(
        "      models {} trained on {} creators in {:.1}s; re-indexed in {reindex_seconds:.2}s",
        trained.model_version, trained.documents, trained.train_seconds
    );

    let service = cli::open_service(data).await?;
    let options = api_flags::serve_options(data, args.addr, args.auth, &args.limits).await?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let base = format!("http://{}", listener.local_addr()?);
    println!(
        "[5/5] serving the Scout API on {base} after {:.0}s ({}). Try:",
        started.elapsed().as_secs_f64(),
        api_flags::auth_summary(&options)
    );
    if options.auth.is_on() {
        println!(
            "      export SCOUT_KEY=$(scout --data {} keys create --scopes read --name demo)",
            data.root().display()
        );
    } else {
        println!("      (give --auth to require API keys, as `scout serve` does)");
    }
    for example in example_queries(&base, options.auth.is_on()) {
        println!("      {example}");
    }
    println!("      Ctrl-C stops.");
    api::serve(listener, service, options, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    sim_server.shutdown().await;
    Ok(())
}

/// Example requests; with auth on, the `/v1` ones send the key from `$SCOUT_KEY`.
fn example_queries(base: &str, auth_on: bool) -> Vec<String> {
    let key = if auth_on {
        " -H \"authorization: Bearer $SCOUT_KEY\""
    } else {
        ""
    };
    vec![
        format!("curl -s '{base}/healthz'"),
        format!("curl -s{key} '{base}/v1/search?q=home+workout&limit=5'"),
        format!("curl -s{key} '{base}/v1/search?q=vegan+recipes&platform=web'"),
        format!(
            "curl -s{key} -X POST '{base}/v1/search' -H 'content-type: application/json' -d '{{\"query\":\"budget travel\",\"platforms\":[\"mastodon\"],\"followers\":{{\"min\":10000}},\"limit\":5}}'"
        ),
        format!("curl -s{key} '{base}/v1/creators/<id from a result>'"),
    ]
}
