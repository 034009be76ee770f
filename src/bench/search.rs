//! `scout bench search`: builds a simulated world of N creators with `scout sim generate`,
//! trains the models on it with `scout train --no-index` and builds the index with
//! `scout index --rebuild` (child processes, the last two timed), then runs a fixed mix of
//! realistic queries through the search pipeline (index retrieval, model re-ranking,
//! evidence from the store) on two client threads: p50/p95/p99 latency, queries/s, build
//! rate, index size and the peak memory of the process answering the queries.
//!
//! The mix rotates its terms: every query draws its words from the generator's niche
//! vocabulary with a seeded generator, in five kinds (text only; text and three filters;
//! audience-weighted; facet-heavy; deep page).
//!
//! With `--postgres CONNINFO` (a build with the cargo feature `bench-postgres`; see
//! `benches/search/run.sh`, which starts a throw-away PostgreSQL) the same creators are
//! loaded into PostgreSQL and the same mix runs there on two connections (see the
//! `postgres` module): latency, q/s, build time and size side by side, their ratios, and a
//! check that both engines count the same matches and facets for the mix's filters alone.
//! Without it the report says `"postgres": null` and how to get the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use nix::sys::resource::{getrusage, UsageWho};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scout_index::AudienceDimension;
use scout_models::{Niche, Platform};
use serde::Serialize;

use crate::paths::DataDir;
use crate::pipeline::{AudienceFilterParts, SearchParts, SearchQuery, SearchService, SearchSort};
use crate::sim;

#[cfg(feature = "bench-postgres")]
mod postgres;

/// Creators in the benchmark world unless told otherwise.
pub const DEFAULT_CREATORS: usize = 100_000;
/// Seed of the world and of the query mix.
pub const DEFAULT_SEED: u64 = 42;
/// Queries in the mix unless told otherwise (the issue asks for at least 200).
pub const DEFAULT_QUERIES: usize = 250;
/// Client threads sending queries.
pub const CLIENT_THREADS: usize = 2;
/// Results per page.
const PAGE: usize = 20;
/// Offset of a deep-page query.
const DEEP_OFFSET: usize = 200;

/// Why a report has no PostgreSQL figures.
pub const POSTGRES_HINT: &str = "PostgreSQL not run: run `bash benches/search/run.sh` (starts a \
     throw-away PostgreSQL and passes --postgres), or pass --postgres CONNINFO to a scout built \
     with `--features bench-postgres`";

/// The query kinds of the mix, in rotation.
pub const QUERY_KINDS: [&str; 5] = ["text", "text_3_filters", "audience", "facets", "deep_page"];

/// What `scout bench search` runs.
#[derive(Debug, Clone)]
pub struct SearchBenchConfig {
    pub creators: usize,
    pub seed: u64,
    pub queries: usize,
    /// The `scout` executable that builds the world.
    pub scout_exe: PathBuf,
    /// Where the world is written (kept afterwards; a temporary directory when `None`).
    pub data: Option<PathBuf>,
    /// libpq connection string of a PostgreSQL database to run the same mix on (its
    /// `creators` table is replaced).
    pub postgres: Option<String>,
}

/// Scout's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ScoutFigures {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub qps: f64,
    /// `scout train --no-index` on the generated store (niche classifier from a sample of
    /// at most `TRAINING_POOL` creators, the engagement curve from all).
    pub train_seconds: f64,
    /// `scout index` of the generated store: derivation, tantivy indexing, commit.
    pub build_seconds: f64,
    pub build_creators_per_s: f64,
    pub index_mb: f64,
    pub peak_rss_mb: f64,
}

/// PostgreSQL's figures on the same data and query mix.
#[derive(Debug, Clone, Serialize)]
pub struct PostgresFigures {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub qps: f64,
    /// `COPY` of the derived documents (the `tsvector` computed on the way), every index,
    /// `ANALYZE`.
    pub build_seconds: f64,
    pub build_creators_per_s: f64,
    /// `pg_indexes_size` of the table.
    pub index_mb: f64,
    /// `pg_total_relation_size`: rows (with the text), TOAST and indexes.
    pub table_mb: f64,
    /// Peak RSS of the busiest server backend answering the mix (shared buffers it touched
    /// included); `None` when the server's `/proc` cannot be read.
    pub peak_rss_mb: Option<f64>,
    /// The stemming of the text search configuration.
    pub stemming: &'static str,
    /// Both engines' counts for the filters of the mix without the text.
    pub filter_only_check: SanityCheck,
}

/// Scout's and PostgreSQL's exact count and facet counts compared on filter-only queries.
#[derive(Debug, Clone, Serialize)]
pub struct SanityCheck {
    pub queries: usize,
    pub mismatches: usize,
    pub first_mismatch: Option<String>,
}

/// The benchmark's result, printed as JSON by `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchBenchReport {
    pub creators: usize,
    pub queries: usize,
    /// Queries per kind.
    pub mix: BTreeMap<&'static str, usize>,
    pub scout: ScoutFigures,
    pub postgres: Option<PostgresFigures>,
    /// PostgreSQL's p50 over Scout's (`None` without PostgreSQL figures).
    pub ratio_p50: Option<f64>,
    /// PostgreSQL's p99 over Scout's.
    pub ratio_p99: Option<f64>,
    /// Scout's q/s over PostgreSQL's.
    pub ratio_qps: Option<f64>,
    /// Scout's build rate over PostgreSQL's.
    pub ratio_build: Option<f64>,
    /// Why PostgreSQL figures are missing and how to get them.
    pub postgres_hint: Option<&'static str>,
}

/// One query of the mix.
#[derive(Debug, Clone)]
pub struct MixQuery {
    pub kind: &'static str,
    pub parts: SearchParts,
}

/// Builds the world, runs the mix and reports.
pub fn run(config: &SearchBenchConfig) -> Result<SearchBenchReport> {
    if config.queries < QUERY_KINDS.len() {
        bail!("--queries: must be at least {}", QUERY_KINDS.len());
    }
    #[cfg(not(feature = "bench-postgres"))]
    if config.postgres.is_some() {
        bail!(
            "--postgres: this scout was built without the `bench-postgres` feature; \
             run `bash benches/search/run.sh` or build with `--features bench-postgres`"
        );
    }
    // Fail before building the world when PostgreSQL cannot be reached.
    #[cfg(feature = "bench-postgres")]
    let mut postgres_client = match &config.postgres {
        Some(conninfo) => Some(postgres::connect(conninfo)?),
        None => None,
    };
    let scratch;
    let root = match &config.data {
        Some(path) => path.clone(),
        None => {
            scratch = tempfile::Builder::new()
                .prefix("scout-bench-search")
                .tempdir()
                .context("cannot create a temporary directory")?;
            scratch.path().to_path_buf()
        }
    };
    let data = DataDir::new(root.clone());
    let generate = [
        "sim".to_string(),
        "generate".to_string(),
        "--creators".to_string(),
        config.creators.to_string(),
        "--seed".to_string(),
        config.seed.to_string(),
        "--no-index".to_string(),
    ];
    run_scout(&config.scout_exe, &root, &generate)?;
    // Trained models first: the index then carries niche scores, credibility and audience
    // estimates as a served index does, so that niche and credibility filters match what
    // they match in use (an untrained world answers them with nothing, and fast).
    let train_seconds = run_scout(&config.scout_exe, &root, &["train", "--no-index"])?;
    // The timed build is a fresh one from the store, also on a kept world indexed before:
    // rebuilding over an old index replaces every document (tantivy keeps the replaced ones
    // as deletes until segments merge), a different and larger job than a first build.
    let index_dir = data.index_dir();
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)
            .with_context(|| format!("cannot remove the old index {}", index_dir.display()))?;
    }
    let build_seconds = run_scout(&config.scout_exe, &root, &["index", "--rebuild"])?;
    let index_mb = directory_bytes(&data.index_dir())? as f64 / 1e6;

    let service = SearchService::open(&data)?;
    let mix = query_mix(config.seed, config.queries);
    let queries: Vec<SearchQuery> = mix
        .iter()
        .map(|query| SearchQuery::new(query.parts.clone()))
        .collect::<Result<_, _>>()?;
    // One pass to warm the page cache and the store's statement caches.
    for query in &queries {
        service.search(query)?;
    }
    let (latencies_ms, wall_seconds) = run_clients(queries.len(), || {
        Ok(|position: usize| -> Result<()> {
            service.search(&queries[position])?;
            Ok(())
        })
    })?;
    let peak_rss_kb = getrusage(UsageWho::RUSAGE_SELF)
        .map(|usage| usage.max_rss())
        .context("getrusage")?;
    #[cfg(feature = "bench-postgres")]
    let postgres_figures = match (&config.postgres, postgres_client.as_mut()) {
        (Some(conninfo), Some(client)) => {
            Some(run_postgres(conninfo, client, &data, &service, &mix)?)
        }
        _ => None,
    };
    #[cfg(not(feature = "bench-postgres"))]
    let postgres_figures: Option<PostgresFigures> = None;
    let mut counts = BTreeMap::new();
    for query in &mix {
        *counts.entry(query.kind).or_insert(0) += 1;
    }
    let scout = ScoutFigures {
        p50_ms: percentile(&latencies_ms, 0.50),
        p95_ms: percentile(&latencies_ms, 0.95),
        p99_ms: percentile(&latencies_ms, 0.99),
        qps: queries.len() as f64 / wall_seconds.max(1e-9),
        train_seconds,
        build_seconds,
        build_creators_per_s: config.creators as f64 / build_seconds.max(1e-9),
        index_mb,
        // ru_maxrss is in KiB on Linux.
        peak_rss_mb: peak_rss_kb as f64 * 1024.0 / 1e6,
    };
    let ratio = |value: Option<f64>| value.filter(|value| value.is_finite());
    let pg = postgres_figures.as_ref();
    Ok(SearchBenchReport {
        creators: config.creators,
        queries: queries.len(),
        mix: counts,
        ratio_p50: ratio(pg.map(|pg| pg.p50_ms / scout.p50_ms)),
        ratio_p99: ratio(pg.map(|pg| pg.p99_ms / scout.p99_ms)),
        ratio_qps: ratio(pg.map(|pg| scout.qps / pg.qps)),
        ratio_build: ratio(pg.map(|pg| scout.build_creators_per_s / pg.build_creators_per_s)),
        postgres_hint: postgres_figures.is_none().then_some(POSTGRES_HINT),
        postgres: postgres_figures,
        scout,
    })
}

/// Loads the world into PostgreSQL, checks the filter-only counts against Scout's and runs
/// the mix there on [`CLIENT_THREADS`] connections (a warm-up pass first, as for Scout).
#[cfg(feature = "bench-postgres")]
fn run_postgres(
    conninfo: &str,
    client: &mut ::postgres::Client,
    data: &DataDir,
    service: &SearchService,
    mix: &[MixQuery],
) -> Result<PostgresFigures> {
    let loaded = postgres::load(client, data)?;
    let sanity = postgres::sanity(client, service, mix)?;
    let queries: Vec<postgres::SqlQuery> = mix
        .iter()
        .map(|query| postgres::sql_query(&query.parts))
        .collect::<Result<_>>()?;
    for query in &queries {
        postgres::counts(client, query)?;
        postgres::page(client, query)?;
    }
    let pids = Mutex::new(Vec::new());
    let queries = &queries;
    let (latencies_ms, wall_seconds) = run_clients(queries.len(), || {
        let mut connection = postgres::connect(conninfo)?;
        let pid = postgres::backend_pid(&mut connection)?;
        pids.lock()
            .map_err(|_| anyhow::anyhow!("pid list poisoned"))?
            .push(pid);
        Ok(move |position: usize| -> Result<()> {
            postgres::counts(&mut connection, &queries[position])?;
            postgres::page(&mut connection, &queries[position])?;
            Ok(())
        })
    })?;
    let peak_rss_mb = pids
        .into_inner()
        .map_err(|_| anyhow::anyhow!("pid list poisoned"))?
        .into_iter()
        .filter_map(postgres::backend_peak_rss_mb)
        .reduce(f64::max);
    Ok(postgres::figures(
        &loaded,
        &latencies_ms,
        wall_seconds,
        queries.len(),
        peak_rss_mb,
        sanity,
    ))
}

/// The fixed mix: `count` queries, kinds in rotation, words drawn from the generator's niche
/// vocabulary with a generator seeded by `seed` (so every query differs, and runs repeat).
pub fn query_mix(seed: u64, count: usize) -> Vec<MixQuery> {
    let vocabulary = sim::niche_vocabulary();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5ea2_c4b3_0000_0000);
    let countries = ["US", "GB", "DE", "FR", "ES", "BR", "MX", "PT"];
    let languages = ["en", "es", "pt", "de", "fr"];
    (0..count)
        .map(|position| {
            let kind = QUERY_KINDS[position % QUERY_KINDS.len()];
            let (niche, words, hashtags) = vocabulary[rng.random_range(0..vocabulary.len())];
            let mut pick = |list: &[&str]| -> String {
                list.get(rng.random_range(0..list.len().max(1)))
                    .copied()
                    .unwrap_or("creator")
                    .to_string()
            };
            let two_words = format!("{} {}", pick(words), pick(words));
            let one_word = pick(words);
            let hashtag = pick(hashtags);
            let mut parts = SearchParts {
                limit: Some(PAGE),
                ..SearchParts::default()
            };
            match kind {
                "text" => parts.text = Some(two_words),
                "text_3_filters" => {
                    parts.text = Some(two_words);
                    parts.platforms = vec![Platform::ALL[position % Platform::ALL.len()]];
                    parts.min_followers = Some([1_000, 5_000, 10_000][position % 3]);
                    parts.languages = vec![languages[position % languages.len()].to_string()];
                }
                "audience" => {
                    parts.text = Some(one_word);
                    parts.audience_filters = vec![
                        AudienceFilterParts {
                            dimension: AudienceDimension::Country,
                            items: vec![
                                (countries[position % countries.len()].to_string(), 0.2),
                                (countries[(position + 3) % countries.len()].to_string(), 0.2),
                            ],
                        },
                        AudienceFilterParts {
                            dimension: AudienceDimension::Age,
                            items: vec![("18-34".to_string(), 0.3)],
                        },
                    ];
                }
                "facets" => {
                    parts.text = Some(format!("#{hashtag} OR {}", pick(words)));
                    parts.niches = vec![niche, Niche::ALL[position % Niche::ALL.len()]];
                    parts.sort = SearchSort::Followers;
                }
                _ => {
                    parts.text = Some(one_word);
                    parts.offset = Some(DEEP_OFFSET);
                }
            }
            MixQuery { kind, parts }
        })
        .collect()
}

/// Runs queries `0..count` once each, spread over [`CLIENT_THREADS`] threads: each thread
/// makes its client with `client` (untimed), then the client runs the query at a position;
/// returns each query's latency (ms, sorted) and the wall time of the queries.
fn run_clients<C>(count: usize, client: impl Fn() -> Result<C> + Sync) -> Result<(Vec<f64>, f64)>
where
    C: FnMut(usize) -> Result<()>,
{
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(count));
    let ready = std::sync::Barrier::new(CLIENT_THREADS + 1);
    let mut started = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        let clients: Vec<_> = (0..CLIENT_THREADS)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let made = client();
                    ready.wait();
                    let mut run = made?;
                    loop {
                        let position = next.fetch_add(1, Ordering::Relaxed);
                        if position >= count {
                            return Ok(());
                        }
                        let sent = Instant::now();
                        run(position)?;
                        let ms = sent.elapsed().as_secs_f64() * 1e3;
                        latencies
                            .lock()
                            .map_err(|_| anyhow::anyhow!("latency list poisoned"))?
                            .push(ms);
                    }
                })
            })
            .collect();
        ready.wait();
        started = Instant::now();
        for client in clients {
            client
                .join()
                .map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
        }
        Ok(())
    })?;
    let wall = started.elapsed().as_secs_f64();
    let mut latencies = latencies
        .into_inner()
        .map_err(|_| anyhow::anyhow!("latency list poisoned"))?;
    latencies.sort_by(f64::total_cmp);
    Ok((latencies, wall))
}

/// The `quantile` of sorted values (nearest rank).
pub fn percentile(sorted: &[f64], quantile: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (quantile * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs `exe --data data args…` to its end; returns the seconds it took.
fn run_scout(exe: &Path, data: &Path, args: &[impl AsRef<str>]) -> Result<f64> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let started = Instant::now();
    let output = Command::new(exe)
        .arg("--data")
        .arg(data)
        .args(&args)
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !output.status.success() {
        bail!(
            "scout {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(started.elapsed().as_secs_f64())
}

fn directory_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let metadata = entry.metadata()?;
        total += if metadata.is_dir() {
            directory_bytes(&entry.path())?
        } else {
            metadata.len()
        };
    }
    Ok(total)
}

/// A table for people: Scout and PostgreSQL side by side, with the ratio in Scout's favour
/// (above 1: Scout is faster, quicker to build or smaller).
pub fn table(report: &SearchBenchReport) -> String {
    let scout = &report.scout;
    let mut text = format!(
        "{} creators, {} queries ({} client threads)\n",
        report.creators, report.queries, CLIENT_THREADS
    );
    let Some(pg) = &report.postgres else {
        text.push_str(&format!(
            "scout  p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  {:.0} q/s  train {:.1} s  \
             build {:.0} creators/s  index {:.0} MB  peak RSS {:.0} MB\n{POSTGRES_HINT}\n",
            scout.p50_ms,
            scout.p95_ms,
            scout.p99_ms,
            scout.qps,
            scout.train_seconds,
            scout.build_creators_per_s,
            scout.index_mb,
            scout.peak_rss_mb,
        ));
        return text;
    };
    text.push_str(&format!(
        "{:<18} {:>10} {:>10} {:>8}\n",
        "", "scout", "postgres", "ratio"
    ));
    let mut row = |name: &str, scout: f64, pg: Option<f64>, ratio: Option<f64>| {
        let show = |value: Option<f64>, precision: usize| match value {
            Some(value) => format!("{value:.precision$}"),
            None => "-".to_string(),
        };
        text.push_str(&format!(
            "{name:<18} {:>10} {:>10} {:>8}\n",
            show(Some(scout), 2),
            show(pg, 2),
            show(ratio, 1).to_string() + if ratio.is_some() { "x" } else { "" },
        ));
    };
    let over = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    row(
        "p50 ms",
        scout.p50_ms,
        Some(pg.p50_ms),
        over(pg.p50_ms, scout.p50_ms),
    );
    row(
        "p95 ms",
        scout.p95_ms,
        Some(pg.p95_ms),
        over(pg.p95_ms, scout.p95_ms),
    );
    row(
        "p99 ms",
        scout.p99_ms,
        Some(pg.p99_ms),
        over(pg.p99_ms, scout.p99_ms),
    );
    row(
        "queries/s",
        scout.qps,
        Some(pg.qps),
        over(scout.qps, pg.qps),
    );
    row("train s", scout.train_seconds, None, None);
    row(
        "build s",
        scout.build_seconds,
        Some(pg.build_seconds),
        over(pg.build_seconds, scout.build_seconds),
    );
    row(
        "build creators/s",
        scout.build_creators_per_s,
        Some(pg.build_creators_per_s),
        over(scout.build_creators_per_s, pg.build_creators_per_s),
    );
    row(
        "index MB",
        scout.index_mb,
        Some(pg.index_mb),
        over(pg.index_mb, scout.index_mb),
    );
    row(
        "peak RSS MB",
        scout.peak_rss_mb,
        pg.peak_rss_mb,
        pg.peak_rss_mb.and_then(|pg| over(pg, scout.peak_rss_mb)),
    );
    let check = &pg.filter_only_check;
    text.push_str(&format!(
        "postgres: table with indexes {:.0} MB, stemming {}; filter-only counts and facets \
         compared on {} queries: {} mismatches\n",
        pg.table_mb, pg.stemming, check.queries, check.mismatches
    ));
    if let Some(first) = &check.first_mismatch {
        text.push_str(&format!("first mismatch: {first}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_rotates_kinds_and_terms_and_repeats_with_its_seed() {
        let mix = query_mix(3, 250);
        assert_eq!(mix.len(), 250);
        for (position, query) in mix.iter().enumerate() {
            assert_eq!(query.kind, QUERY_KINDS[position % QUERY_KINDS.len()]);
            assert!(SearchQuery::new(query.parts.clone()).is_ok(), "{query:?}");
        }
        let texts: std::collections::HashSet<_> =
            mix.iter().map(|query| query.parts.text.clone()).collect();
        assert!(texts.len() > 150, "{} distinct texts", texts.len());
        let again = query_mix(3, 250);
        assert_eq!(
            again
                .iter()
                .map(|query| &query.parts.text)
                .collect::<Vec<_>>(),
            mix.iter()
                .map(|query| &query.parts.text)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.50), 50.0);
        assert_eq!(percentile(&values, 0.99), 99.0);
        assert_eq!(percentile(&[7.0], 0.95), 7.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
