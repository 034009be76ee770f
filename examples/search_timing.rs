//! Where a ranked search's time goes on an evaluated world: runs the EVAL briefs of a seed
//! the way `scout eval` times them (a 10-result page through the whole search pipeline, and
//! the index's own page for the BM25 baseline), many times each, and prints the mean per
//! query. Build the world first with `scout eval --seed S --keep DIR`, then
//!
//! ```text
//! cargo run --release --example search_timing -- DIR S [ROUNDS]
//! ```
//!
//! It runs long enough for `perf record` to sample the search alone.

use std::time::Instant;

use scout::eval::{search_parts, QuerySet};
use scout::paths::DataDir;
use scout::pipeline::{SearchQuery, SearchService};
use scout_index::IndexQuery;

/// The allocator the `scout` binary uses, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: search_timing DATA_DIR SEED [ROUNDS]";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let seed: u64 = args.next().ok_or(usage)?.parse()?;
    let rounds: usize = args
        .next()
        .map(|raw| raw.parse())
        .transpose()?
        .unwrap_or(20);
    let service = SearchService::open(&data)?;
    let briefs = QuerySet::generate(seed).eval;
    let queries: Vec<SearchQuery> = briefs
        .iter()
        .map(|brief| SearchQuery::new(search_parts(brief, 10)))
        .collect::<Result<_, _>>()?;
    let index_queries: Vec<IndexQuery> = briefs
        .iter()
        .map(|brief| {
            let parts = search_parts(brief, 10);
            let (min_followers, max_followers) = (parts.min_followers, parts.max_followers);
            IndexQuery {
                text: parts.text,
                platforms: parts.platforms,
                min_followers,
                max_followers,
                limit: 10,
                ..IndexQuery::default()
            }
        })
        .collect();
    // One warm-up pass: caches filled, pages in memory.
    for query in &queries {
        service.search(query)?;
    }
    let started = Instant::now();
    for _ in 0..rounds {
        for query in &queries {
            service.search(query)?;
        }
    }
    let scout_ms = started.elapsed().as_secs_f64() * 1000.0 / (rounds * queries.len()) as f64;
    let started = Instant::now();
    for _ in 0..rounds {
        for query in &index_queries {
            service.index().search(query)?;
        }
    }
    let bm25_ms = started.elapsed().as_secs_f64() * 1000.0 / (rounds * index_queries.len()) as f64;
    println!(
        "{} briefs x {rounds}: scout {scout_ms:.3} ms, bm25 {bm25_ms:.3} ms, added {:.3} ms",
        queries.len(),
        scout_ms - bm25_ms
    );
    Ok(())
}
