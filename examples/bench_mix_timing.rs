//! Where the `scout bench search` mix spends its time, on a world the benchmark kept
//! (`scout bench search --creators N --keep DIR`), without rebuilding its index: runs the
//! mix's queries through the search pipeline ROUNDS times on one thread and prints the mean
//! and median per query kind, then the index's own search alone for the same kinds.
//!
//! ```text
//! SCOUT_MIX_KIND=audience cargo run --release --example bench_mix_timing -- DIR [ROUNDS] [QUERIES]
//! ```
//!
//! It runs long enough for `perf record` to sample the search alone.

use std::collections::BTreeMap;
use std::time::Instant;

use scout::bench::search::{percentile, query_mix, DEFAULT_QUERIES, DEFAULT_SEED};
use scout::paths::DataDir;
use scout::pipeline::{SearchQuery, SearchService};

/// The allocator the `scout` binary uses, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_mix_timing DATA_DIR [ROUNDS] [QUERIES]";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let rounds: usize = args.next().map(|raw| raw.parse()).transpose()?.unwrap_or(3);
    let count: usize = args
        .next()
        .map(|raw| raw.parse())
        .transpose()?
        .unwrap_or(DEFAULT_QUERIES);
    let service = SearchService::open(&data)?;
    // SCOUT_MIX_KIND=KIND keeps the queries of one kind only (to profile it alone).
    let kind = std::env::var("SCOUT_MIX_KIND").ok();
    let mix: Vec<_> = query_mix(DEFAULT_SEED, count)
        .into_iter()
        .filter(|query| kind.as_deref().is_none_or(|kind| query.kind == kind))
        .collect();
    let queries: Vec<SearchQuery> = mix
        .iter()
        .map(|query| SearchQuery::new(query.parts.clone()))
        .collect::<Result<_, _>>()?;
    // SCOUT_MIX_DUMP=FILE writes every answer of the warm-up pass (without its time) as
    // JSON lines, to compare the answers of two builds.
    let mut dump = std::env::var_os("SCOUT_MIX_DUMP")
        .map(std::fs::File::create)
        .transpose()?
        .map(std::io::BufWriter::new);
    let mut matches: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (query, mixed) in queries.iter().zip(&mix) {
        let mut answer = service.search(query)?;
        if let Some(dump) = dump.as_mut() {
            use std::io::Write;
            answer.took_ms = 0.0;
            writeln!(dump, "{}", serde_json::to_string(&answer)?)?;
        }
        matches
            .entry(mixed.kind)
            .or_default()
            .push(answer.total as f64);
    }
    let mut by_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut all = Vec::new();
    let started = Instant::now();
    for _ in 0..rounds {
        for (query, mixed) in queries.iter().zip(&mix) {
            let sent = Instant::now();
            service.search(query)?;
            let ms = sent.elapsed().as_secs_f64() * 1e3;
            by_kind.entry(mixed.kind).or_default().push(ms);
            all.push(ms);
        }
    }
    let wall = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    println!(
        "{} queries x {rounds}: p50 {:.2} ms p95 {:.2} ms p99 {:.2} ms mean {:.2} ms ({:.1} q/s, one thread)",
        queries.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        all.iter().sum::<f64>() / all.len() as f64,
        all.len() as f64 / wall,
    );
    for (kind, mut values) in by_kind {
        values.sort_by(f64::total_cmp);
        let totals = &matches[kind];
        println!(
            "  {kind:<15} p50 {:>6.2} ms  p95 {:>6.2} ms  mean {:>6.2} ms  mean matches {:.0}",
            percentile(&values, 0.5),
            percentile(&values, 0.95),
            values.iter().sum::<f64>() / values.len() as f64,
            totals.iter().sum::<f64>() / totals.len() as f64,
        );
    }
    Ok(())
}
