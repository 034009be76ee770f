//! `scout eval`: measures Scout on a simulated world whose ground truth is known.
//!
//! One run generates a world from a seed, serves it on loopback, crawls it over HTTP into a
//! fresh data directory (exactly as `scout crawl` would; four times, as the world looked 90,
//! 60 and 30 days ago and now, see [`CRAWL_DAYS_BEFORE`]), trains the models, and runs a query
//! set of briefs (see [`QuerySet`]) through Scout and three baselines. Only the brief's text
//! and filters reach the system; the ground truth is read here alone, to grade results (see
//! [`grade`]) and to score the models. Creators the crawler never reached are left out of
//! the judged pool.
//!
//! Reported (see [`EvalReport`]): NDCG@10 (gains `2^grade − 1`, ideal ranking over every
//! judged creator), precision@10 and recall@100 (grade ≥ 2 counts as relevant) for each
//! system, averaged over the EVAL briefs that have at least one relevant creator; niche
//! macro-F1; audience share MAE and credibility ROC-AUC when the models exist (else `null`);
//! the share of fakes in Scout's top 10; training and query times.
//!
//! ```no_run
//! use scout::eval::{print_table, run_eval, EvalConfig};
//!
//! # async fn run() -> Result<(), scout::eval::EvalError> {
//! let report = run_eval(&EvalConfig { creators: 2_000, seed: 7, data_dir: None }).await?;
//! print_table(&report, &mut std::io::stdout())?;
//! # Ok(())
//! # }
//! ```

mod briefs;
mod error;
mod judge;
mod learning;
pub mod metrics;
mod phrases;
mod quality;
mod report;
mod scratch;
mod systems;

use std::collections::HashMap;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use scout_index::{IndexQuery, MAX_LIMIT as INDEX_PAGE};
use scout_models::Credibility;
use tokio_util::sync::CancellationToken;

use crate::paths::DataDir;
use crate::pipeline::{self, CrawlOptions, SearchService};
use crate::sim::{self, SimConfig, Truth, TruthCreator};

pub use briefs::{AudienceDimension, AudienceTarget, Brief, FollowerBand, QuerySet};
pub use error::EvalError;
pub use judge::{grade, Judgments};
pub use learning::RankerTraining;
pub use report::{
    print_table, AudienceMae, BriefOutcome, CreatorCounts, EvalReport, FakeInTop10, QueryCounts,
    RankingMetrics, Systems,
};
pub use systems::{search_parts, RANKING_DEPTH};

use metrics::{flagged_share_at_k, mean, ndcg_at_k, precision_at_k, recall_at_k};
use scratch::ScratchDir;
use systems::BriefRankings;

/// Creators in the world `scout eval` generates by default.
pub const DEFAULT_CREATORS: usize = 2_000;
/// The default world's seed.
pub const DEFAULT_SEED: u64 = 7;
/// The days (before the world's "now") on which the evaluation crawls the world: monthly
/// visits over a quarter, the last one on the day judged. A Scout that has run that long with
/// its default recrawl intervals (1–7 days) would have seen more.
pub const CRAWL_DAYS_BEFORE: [u32; 4] = [90, 60, 30, 0];

/// What to evaluate on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalConfig {
    /// Creators in the simulated world.
    pub creators: usize,
    /// Seed of the world and of the query set.
    pub seed: u64,
    /// Where to crawl to and keep the data (must be empty); a temporary directory, removed
    /// afterwards, when `None`.
    pub data_dir: Option<PathBuf>,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            creators: DEFAULT_CREATORS,
            seed: DEFAULT_SEED,
            data_dir: None,
        }
    }
}

/// Where an evaluation stands, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalStep {
    /// Generating the simulated world.
    World,
    /// Crawling it: visit `visit` (from 1) of `visits`, with the pages fetched and creator
    /// records received so far in this visit.
    Crawl {
        visit: usize,
        visits: usize,
        pages: u64,
        creators: u64,
    },
    /// Training the models (and re-indexing).
    Train,
    /// Fitting the learned ranker on the TRAIN briefs.
    Ranker,
    /// Ranking the EVAL briefs: `done` of `total`.
    Briefs { done: usize, total: usize },
}

/// Receives [`EvalStep`]s from any thread.
pub type EvalProgress = Arc<dyn Fn(EvalStep) + Send + Sync>;

/// How [`run_and_print`] shows the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One human-readable table.
    Table,
    /// The report as JSON.
    Json,
}

/// Runs the evaluation of `config` and writes its report to `out`; once `stop` is
/// cancelled, gives up at the next step with [`EvalError::Stopped`] (the scratch directory
/// removed as usual).
pub async fn run_and_print(
    config: &EvalConfig,
    format: ReportFormat,
    out: &mut impl Write,
    stop: CancellationToken,
    progress: EvalProgress,
) -> Result<EvalReport, EvalError> {
    let report = run_eval_until(config, stop, progress).await?;
    match format {
        ReportFormat::Table => print_table(&report, out)?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
    }
    Ok(report)
}

/// Generates the world, crawls it over loopback, trains the models and measures every
/// system on the EVAL briefs.
pub async fn run_eval(config: &EvalConfig) -> Result<EvalReport, EvalError> {
    run_eval_until(config, CancellationToken::new(), Arc::new(|_| {})).await
}

/// [`run_eval`] that gives up at its next step once `stop` is cancelled: the crawl stops
/// with its requests in flight, training and the briefs between two steps.
pub async fn run_eval_until(
    config: &EvalConfig,
    stop: CancellationToken,
    progress: EvalProgress,
) -> Result<EvalReport, EvalError> {
    if config.creators == 0 {
        return Err(EvalError::invalid("creators", "must be at least 1"));
    }
    if config.creators > sim::params::MAX_CREATORS {
        return Err(EvalError::invalid(
            "creators",
            format!("must be at most {}", sim::params::MAX_CREATORS),
        ));
    }
    let scratch = ScratchDir::prepare(config.data_dir.as_deref())?;
    let data = DataDir::new(scratch.path());

    let sim_config = SimConfig {
        seed: config.seed,
        creators: config.creators,
    };
    progress(EvalStep::World);
    let world = tokio::task::spawn_blocking(move || sim::World::generate(&sim_config))
        .await
        .map_err(|join| EvalError::Internal(format!("world generation failed: {join}")))?;
    let truth = world.truth();
    let server = sim::serve(Arc::new(world), SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .map_err(EvalError::Serve)?;
    let crawled = crawl_over_time(&data, &server, &stop, &progress).await;
    server.shutdown().await;
    crawled?;

    let seed = config.seed;
    let report =
        tokio::task::spawn_blocking(move || evaluate(&data, &truth, seed, &stop, &*progress))
            .await
            .map_err(|join| EvalError::Internal(format!("evaluation failed: {join}")))??;
    drop(scratch);
    Ok(report)
}

/// Crawls the world into `data` on each day of [`CRAWL_DAYS_BEFORE`], every creator again each
/// time, as a Scout that has been running for a while has: the snapshots then show how
/// followers and engagement moved between visits. Each visit is recorded as observed on the
/// day the hosts show ([`sim::SimServer::shown_at`], as an archive's copy carries its date),
/// so the snapshots lie a month apart as they would have.
async fn crawl_over_time(
    data: &DataDir,
    server: &sim::SimServer,
    stop: &CancellationToken,
    progress: &EvalProgress,
) -> Result<(), EvalError> {
    let visits = CRAWL_DAYS_BEFORE.len();
    for (visit, days_before) in CRAWL_DAYS_BEFORE.into_iter().enumerate() {
        progress(EvalStep::Crawl {
            visit: visit + 1,
            visits,
            pages: 0,
            creators: 0,
        });
        let report = Arc::clone(progress);
        let crawl_progress: scout_crawler::ProgressFn = Arc::new(move |crawl| {
            report(EvalStep::Crawl {
                visit: visit + 1,
                visits,
                pages: crawl.fetched,
                creators: crawl.records,
            })
        });
        server.show_days_before(days_before);
        let options = CrawlOptions {
            force_recrawl: visit > 0,
            observed_at: Some(server.shown_at()),
            ..CrawlOptions::default()
        };
        pipeline::crawl_into_store(
            data,
            server.seeds(),
            &options,
            Some(crawl_progress),
            stop.clone(),
        )
        .await?;
        stopped(stop)?;
    }
    Ok(())
}

/// [`EvalError::Stopped`] once `stop` is cancelled.
fn stopped(stop: &CancellationToken) -> Result<(), EvalError> {
    if stop.is_cancelled() {
        Err(EvalError::Stopped)
    } else {
        Ok(())
    }
}

/// Trains, then runs the query set against the crawled data in `data`.
fn evaluate(
    data: &DataDir,
    truth: &Truth,
    seed: u64,
    stop: &CancellationToken,
    progress: &(dyn Fn(EvalStep) + Send + Sync),
) -> Result<EvalReport, EvalError> {
    progress(EvalStep::Train);
    let started = Instant::now();
    let trained = pipeline::train_models(data, true, &|_| {})?;
    stopped(stop)?;
    let reindex_seconds = trained.index.as_ref().map_or(0.0, |index| index.seconds);
    let mut train_seconds = (started.elapsed().as_secs_f64() - reindex_seconds).max(0.0);

    let service = SearchService::open(data)?;
    let truth_by_id: HashMap<&str, &TruthCreator> = truth
        .creators
        .iter()
        .map(|creator| (creator.id.as_str(), creator))
        .collect();
    let indexed = systems::all_hits(service.index(), |offset| IndexQuery {
        offset,
        limit: INDEX_PAGE,
        ..IndexQuery::default()
    })?;
    let pool: Vec<&TruthCreator> = indexed
        .iter()
        .filter_map(|hit| truth_by_id.get(hit.id.as_str()).copied())
        .collect();
    if pool.is_empty() {
        return Err(EvalError::NothingCrawled);
    }

    let credibility_by_id: HashMap<&str, Option<&Credibility>> = indexed
        .iter()
        .map(|hit| (hit.id.as_str(), hit.credibility.as_ref()))
        .collect();

    let queries = QuerySet::generate(seed);
    let started = Instant::now();
    stopped(stop)?;
    progress(EvalStep::Ranker);
    let ranker_training = learning::train_ranker(&service, data, &queries.train, &pool)?;
    train_seconds += started.elapsed().as_secs_f64();
    // Reopened so that the search loads the learned ranker with the models.
    let service = SearchService::open(data)?;

    let mut outcomes = Vec::with_capacity(queries.eval.len());
    let mut briefs = Vec::with_capacity(queries.eval.len());
    for (done, brief) in queries.eval.iter().enumerate() {
        stopped(stop)?;
        progress(EvalStep::Briefs {
            done,
            total: queries.eval.len(),
        });
        let judgments = Judgments::new(brief, pool.iter().copied());
        let rankings = systems::rank_brief(&service, brief)?;
        briefs.push(brief_outcome(brief, &judgments, &rankings, |rank, id| {
            let creator = truth_by_id.get(id).filter(|creator| creator.fake)?;
            let credibility = credibility_by_id.get(id).copied().flatten();
            Some(FakeInTop10 {
                rank,
                id: id.to_string(),
                kind: creator.fake_kind,
                credibility: credibility.map(|credibility| credibility.score),
                reasons: credibility
                    .map_or_else(Vec::new, |credibility| credibility.reasons.clone()),
            })
        }));
        outcomes.push((judgments, rankings));
    }
    let judged: Vec<&(Judgments, BriefRankings)> = outcomes
        .iter()
        .filter(|(judgments, _)| judgments.relevant() > 0)
        .collect();
    let system =
        |pick: fn(&BriefRankings) -> &Vec<String>| {
            ranking_metrics(judged.iter().map(|(judgments, rankings)| {
                (judgments, pick(rankings).iter().map(String::as_str))
            }))
        };
    let systems = Systems {
        scout: system(|rankings| &rankings.scout),
        bm25: system(|rankings| &rankings.bm25),
        followers: system(|rankings| &rankings.followers),
        engagement: system(|rankings| &rankings.engagement),
    };
    let scout_rankings: Vec<Vec<String>> = outcomes
        .iter()
        .map(|(_, rankings)| rankings.scout.clone())
        .collect();
    let fake_share_top10 = flagged_share_at_k(&scout_rankings, 10, |id| {
        truth_by_id
            .get(id.as_str())
            .is_some_and(|creator| creator.fake)
    });

    let audience = quality::audience_quality(&indexed, &truth_by_id);

    Ok(EvalReport {
        systems,
        niche_macro_f1: quality::niche_macro_f1(&indexed, &truth_by_id),
        audience_mae: audience.audience_mae,
        credibility_auc: quality::credibility_auc(&indexed, &truth_by_id),
        credibility_auc_by_kind: quality::credibility_auc_by_kind(&indexed, &truth_by_id),
        credibility_signals: quality::credibility_signals(&indexed, &truth_by_id),
        fake_share_top10,
        train_seconds,
        score_ms_per_query: mean(outcomes.iter().map(|(_, rankings)| Some(rankings.scout_ms))),
        bm25_ms_per_query: mean(outcomes.iter().map(|(_, rankings)| Some(rankings.bm25_ms))),
        queries: QueryCounts {
            train: queries.train.len(),
            eval: queries.eval.len(),
            judged: judged.len(),
        },
        creators: CreatorCounts {
            generated: truth.creators.len(),
            crawled: pool.len(),
            with_audience_samples: audience.with_audience_samples,
        },
        ranker_training,
        seed,
        briefs,
    })
}

/// One brief's own figures: Scout's and BM25's NDCG@10 and the fakes in Scout's top 10
/// (`fake` describes the creator at a 1-based rank when it is a planted fake).
fn brief_outcome(
    brief: &Brief,
    judgments: &Judgments,
    rankings: &BriefRankings,
    fake: impl Fn(usize, &str) -> Option<FakeInTop10>,
) -> BriefOutcome {
    let fakes: Vec<FakeInTop10> = rankings
        .scout
        .iter()
        .take(10)
        .enumerate()
        .filter_map(|(index, id)| fake(index + 1, id))
        .collect();
    let ndcg = |ranking: &[String]| {
        let grades = judgments.grades_of(ranking.iter().map(String::as_str));
        ndcg_at_k(&grades, &judgments.all_grades(), 10)
    };
    let mut filters = Vec::new();
    if let Some(platform) = brief.platform {
        filters.push(platform.to_string());
    }
    if brief.followers != FollowerBand::Any {
        filters.push(format!("{:?}", brief.followers).to_lowercase());
    }
    if let Some(target) = &brief.audience {
        filters.push(target.to_string());
    }
    BriefOutcome {
        id: brief.id.clone(),
        text: brief.text.to_string(),
        filters: filters.join("; "),
        relevant: judgments.relevant(),
        scout_ndcg_at_10: ndcg(&rankings.scout),
        bm25_ndcg_at_10: ndcg(&rankings.bm25),
        fakes_in_top10: fakes.len(),
        fakes,
    }
}

/// Mean NDCG@10, precision@10 and recall@100 of one system over judged briefs.
fn ranking_metrics<'a, I>(briefs: impl Iterator<Item = (&'a Judgments, I)>) -> RankingMetrics
where
    I: Iterator<Item = &'a str>,
{
    let mut ndcg = Vec::new();
    let mut precision = Vec::new();
    let mut recall = Vec::new();
    for (judgments, ranking) in briefs {
        let grades = judgments.grades_of(ranking);
        ndcg.push(ndcg_at_k(&grades, &judgments.all_grades(), 10));
        precision.push(Some(precision_at_k(&grades, 10)));
        recall.push(recall_at_k(&grades, judgments.relevant(), RANKING_DEPTH));
    }
    RankingMetrics {
        ndcg_at_10: mean(ndcg),
        precision_at_10: mean(precision),
        recall_at_100: mean(recall),
    }
}
