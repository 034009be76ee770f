//! `scout eval` end to end: the real binary generates a world, crawls it over loopback,
//! trains, runs the query set and prints the report as JSON; the report must have the
//! issue's shape, sane values, and Scout must beat the baselines it is compared with.

use scout::eval::{print_table, run_eval, EvalConfig, EvalError, EvalReport};
use serde_json::Value;

use crate::common::{run_ok, Interrupted};

const CREATORS: &str = "1500";
const SEED: &str = "11";

#[test]
fn scout_eval_reports_the_issue_shape_and_scout_beats_the_baselines() {
    let data = tempfile::tempdir().expect("temporary directory");
    let output = run_ok(
        data.path(),
        &["eval", "--creators", CREATORS, "--seed", SEED, "--json"],
    );
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "scout eval --json printed no JSON ({error}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });

    let unit = |path: &str, value: &Value| {
        let number = value
            .as_f64()
            .unwrap_or_else(|| panic!("{path} is not a number: {value}"));
        assert!((0.0..=1.0).contains(&number), "{path} = {number}");
        number
    };
    let mut ndcg = std::collections::HashMap::new();
    for system in ["scout", "bm25", "followers", "engagement"] {
        for metric in ["ndcg_at_10", "precision_at_10", "recall_at_100"] {
            let path = format!("systems.{system}.{metric}");
            let number = unit(&path, &value["systems"][system][metric]);
            if metric == "ndcg_at_10" {
                ndcg.insert(system, number);
            }
        }
    }
    unit("niche_macro_f1", &value["niche_macro_f1"]);
    unit("fake_share_top10", &value["fake_share_top10"]);
    // Audience and credibility are numbers in [0, 1] once modelled, `null` before.
    for dimension in ["age", "gender", "country", "language"] {
        let entry = &value["audience_mae"][dimension];
        assert!(
            value["audience_mae"].get(dimension).is_some(),
            "audience_mae.{dimension} missing"
        );
        if !entry.is_null() {
            unit(&format!("audience_mae.{dimension}"), entry);
        }
    }
    assert!(value.get("credibility_auc").is_some());
    if !value["credibility_auc"].is_null() {
        unit("credibility_auc", &value["credibility_auc"]);
    }
    for timing in ["train_seconds", "score_ms_per_query"] {
        let number = value[timing]
            .as_f64()
            .unwrap_or_else(|| panic!("{timing} is not a number: {value}"));
        assert!(number > 0.0 && number.is_finite(), "{timing} = {number}");
    }
    assert!(
        value["queries"]["eval"].as_u64().unwrap_or(0) >= 40,
        "{value}"
    );
    assert!(
        value["queries"]["judged"].as_u64().unwrap_or(0) >= 35,
        "{value}"
    );
    assert!(
        value["creators"]["crawled"].as_u64().unwrap_or(0) >= 1_300,
        "{value}"
    );

    // Each brief names the fakes it counts in its top 10, with where they ranked and what the
    // index made of them.
    let briefs = value["briefs"].as_array().expect("briefs");
    let mut fakes_named = 0;
    for brief in briefs {
        let fakes = brief["fakes"].as_array().expect("briefs[].fakes");
        assert_eq!(
            fakes.len() as u64,
            brief["fakes_in_top10"].as_u64().expect("fakes_in_top10"),
            "{brief}"
        );
        for fake in fakes {
            let rank = fake["rank"].as_u64().expect("rank");
            assert!((1..=10).contains(&rank), "{fake}");
            assert!(fake["kind"].is_string(), "{fake}");
            assert!(fake["id"].is_string(), "{fake}");
        }
        fakes_named += fakes.len();
    }
    let slots: usize = briefs.len() * 10;
    let share = value["fake_share_top10"].as_f64().unwrap_or(0.0);
    assert!(
        fakes_named > 0 || share == 0.0,
        "fake_share_top10 {share} but no brief names a fake"
    );
    assert!(fakes_named <= slots);

    let report: EvalReport = serde_json::from_value(value).expect("the report parses back");
    let mut table = Vec::new();
    print_table(&report, &mut table).expect("table");
    println!("{}", String::from_utf8_lossy(&table));

    assert!(
        ndcg["scout"] > ndcg["bm25"],
        "scout NDCG@10 {} is not above BM25 alone {}",
        ndcg["scout"],
        ndcg["bm25"]
    );
    check_quality_floors(&report, ndcg["scout"], ndcg["bm25"]);
    assert!(
        ndcg["scout"] > ndcg["followers"],
        "scout NDCG@10 {} is not above sort by followers {}",
        ndcg["scout"],
        ndcg["followers"]
    );
}

/// Issue #4's quality targets, checked with margins on this small world (1,500 creators, seed
/// 11), where the run measured (2026-11-26, release build; the models' outputs do not depend on
/// the build): NDCG@10 0.825 (BM25 alone 0.552, +49%), niche macro-F1 0.863, audience MAE (the
/// estimate the index serves) age 0.035 / gender 0.053 / country 0.024 / language 0.046,
/// credibility AUC 0.886, fakes in 8.0% of top-10 slots. The full-size run (`scout eval
/// --creators 2000`) gave NDCG@10 0.866 / 0.839 / 0.820 (+49% / +53% / +65% over BM25) for
/// seeds 7 / 11 / 23, macro-F1 0.877 / 0.869 / 0.866, AUC 0.924 / 0.886 / 0.897, fakes 5.5% /
/// 7.0% / 6.3%, gender MAE 0.052 / 0.053 / 0.051.
///
/// Since the crawl keeps 5 reply threads, Bluesky commenters' profiles and the machine-handle
/// signal (2026-11-26, release build of the working tree): this world measured credibility AUC
/// 0.908, fakes in 6.3% of top-10 slots, NDCG@10 0.834, country MAE 0.021; the full-size run
/// AUC 0.936 / 0.907 / 0.909 (untuned seeds 3 / 99: 0.910 / 0.919), fakes 4.6% / 5.1% / 6.1%
/// (8.5% / 8.4%), NDCG@10 0.879 / 0.858 / 0.823 (0.780 / 0.823).
///
/// Since audience match is the chance the target holds (unsampled creators matched by their
/// platform and niche prior) and text stands in for a niche fit the query lacks (2026-11-26,
/// release build): this world NDCG@10 0.823 (BM25 0.552); the full-size run NDCG@10 0.897 /
/// 0.867 / 0.843 (untuned 3 / 99: 0.823 / 0.836), BM25 0.583 / 0.549 / 0.498 (0.520 / 0.469).
///
/// Since the crawl reads the replies' likes and the commenters' post counts (a liked reply
/// speaks for a person, next to no posts for a bot, and more unliked replies than the crawl's
/// curve is a credibility signal) and the credibility gate is steeper (full 0.8, min 0.15)
/// (2026-11-26, release build): this world AUC 0.916, fakes in 6.3% of top-10 slots, NDCG@10
/// 0.840; the full-size run AUC 0.939 / 0.917 / 0.916 (0.914 / 0.919), fakes 5.7% / 5.3% /
/// 5.5% (8.7% / 8.8%), NDCG@10 0.910 / 0.875 / 0.859 (0.862 / 0.857).
///
/// Since a query's niche reading is weighed against what its text matches (and taken from them
/// when the classifier reads none) and a creator of another niche is held back by a niche gate
/// (2026-11-26, release build of main at 2471bec, quiet machine): this world NDCG@10 0.848,
/// fakes in 6.7% of top-10 slots, AUC 0.916; the full-size run NDCG@10 0.912 / 0.881 / 0.868
/// (untuned 3 / 99: 0.861 / 0.854), fakes 5.7% / 5.3% / 5.5% (8.7% / 9.2%), AUC 0.939 / 0.917
/// / 0.916 (0.914 / 0.919), scoring adding 1.37 / 1.34 / 1.28 (1.53 / 1.55) ms per query.
///
/// Since unliked replies are judged against the crawl's base rate (a binomial surprise) and
/// the credibility gate is harder (full 0.85, min 0.05) (2026-11-26, release build): this
/// world fakes in 5.5% of top-10 slots (6.7% before), NDCG@10 0.847, AUC 0.919; the full-size
/// run fakes 5.3% / 4.5% / 5.3% (8.0% / 7.3%), NDCG@10 0.907 / 0.876 / 0.864 (0.856 / 0.853),
/// AUC 0.939 / 0.919 / 0.917 (0.915 / 0.921).
///
/// Since a query's niche reading is what its words add to the classifier's priors and the
/// audience and niche gates are lower (0.25 / 0.2) (2026-11-27, release build): this world
/// NDCG@10 0.864 (BM25 0.552), fakes in 5.9% of top-10 slots, AUC 0.919. Eleven full-size
/// seeds (1, 2, 3, 5, 7, 11, 13, 23, 42, 77, 99) measured NDCG@10 0.852, 0.8495, 0.858, 0.854,
/// 0.910, 0.881, 0.853, 0.873, 0.877, 0.866, 0.857: seed 2 is just under the 0.85 target
/// (before this change seeds 1, 2 and 13 were at 0.837, 0.847 and 0.848).
///
/// Since the evaluation crawls the world four times (90, 60, 30 and 0 days before its "now")
/// and credibility reads follower steps of +10–50% beyond interactions between snapshots
/// (2026-11-27, release build): this world NDCG@10 0.860, fakes in 4.2% of top-10 slots, AUC
/// 0.937. The eleven seeds: NDCG@10 0.8565, 0.863, 0.858, 0.862, 0.914, 0.869, 0.857, 0.871,
/// 0.875, 0.867, 0.862 (every seed at or above 0.85), fakes 2.5%, 4.4%, 4.9%, 3.4%, 4.2%,
/// 2.5%, 4.0%, 2.7%, 3.4%, 4.6%, 3.8% (were 3.9–8.2%), AUC 0.935–0.956 (were 0.914–0.941).
///
/// Floors at or above the issue's targets: the +25% over BM25, macro-F1 (0.85 target, 0.84
/// floor for the smaller world's fewer labels), audience MAE < 0.08 (held just above what is
/// measured), credibility AUC ≥ 0.9 (met on every seed at full size and on this world), NDCG@10
/// ≥ 0.85 (met on eleven seeds at full size; floor 0.82 for this smaller world). Not met yet,
/// so held at what is measured plus a margin (a regression guard, not the target): fakes < 2%
/// of top-10 slots (ceiling 4.5%).
///
/// Since machine-made handles and influencer-type commenters weigh more in credibility (3 →
/// 6, 1.5 → 4.5) and comments lagging likes less (1 → 0.5) (2026-11-27, release build; before
/// is main at 31ddf3b, whose figures had moved since the paragraph above): this world NDCG@10
/// 0.846 → 0.847 (BM25 0.552), fakes in 4.4% → 3.8% of top-10 slots, AUC 0.937 → 0.943. At
/// full size, seeds 4 / 7 / 11 / 3 / 23 / 1 / 13 (untuned 2 / 99): NDCG@10 0.853 → 0.855,
/// 0.915 → 0.915, 0.860 → 0.859, 0.865 → 0.863, 0.871 → 0.871, 0.872 → 0.874, 0.856 → 0.855
/// (0.875 → 0.875, 0.873 → 0.876); fakes 4.8 → 4.4, 4.0 → 3.2, 2.6 → 2.3, 4.9 → 4.0, 2.7 →
/// 2.7, 2.3 → 2.1, 4.2 → 3.8 (4.4 → 4.0, 4.0 → 3.8)%; AUC 0.960 → 0.962, 0.955 → 0.960, 0.940
/// → 0.945, 0.941 → 0.943, 0.937 → 0.941, 0.950 → 0.954, 0.935 → 0.941 (0.950 → 0.955, 0.949
/// → 0.953). No credibility gate or floor tried on these worlds reaches the fakes target with
/// NDCG@10 ≥ 0.85 on every seed: see the figures at `scout_models::ranker::GATE_FULL`. The
/// fakes' ceiling follows this world's 3.8% (was 5.5%).
///
/// Since an earlier day of the simulated web shows only the posts published by then, each with
/// the likes of its age then (session 18; before, a visit 90 days back saw every post of the
/// anchor, so each snapshot's engagement rate came from the same newest posts and a follower
/// step was weighed against interactions without sampling noise), 2026-11-28, release build,
/// before → after: this world NDCG@10 0.844 → 0.849 (BM25 0.552 → 0.550), fakes in 3.2% →
/// 3.6% of top-10 slots, AUC 0.950 → 0.947. At full size, seeds 4 / 7 / 11 / 13: NDCG@10 0.855
/// → 0.850, 0.915 → 0.909, 0.859 → 0.865, 0.857 → 0.848 (under the 0.85 target); fakes 4.4 →
/// 4.8, 3.2 → 3.2, 2.3 → 2.3, 3.2 → 4.7%; AUC 0.962 → 0.965, 0.960 → 0.962, 0.945 → 0.947,
/// 0.946 → 0.941. The follower-spike signal's own AUC held on seeds 4 / 7 / 11 (0.675 → 0.675,
/// 0.628 → 0.629, 0.627 → 0.629) and fell on seed 13 (0.617 → 0.604, buyers' mean 0.66 →
/// 0.51). Seeds 1 / 3 / 23 / 2 / 99, after the first half of the change (posts of
/// then, without their young posts' ramp, which moved seeds 4 / 7 / 11 / 13 by at most 0.001):
/// NDCG@10 0.874, 0.858, 0.874, 0.878, 0.862; fakes 2.1, 3.6, 3.0, 4.4, 4.2%.
fn check_quality_floors(report: &EvalReport, scout: f64, bm25: f64) {
    assert!(scout >= 0.82, "scout NDCG@10 {scout} under the 0.82 floor");
    assert!(
        scout >= 1.25 * bm25,
        "scout NDCG@10 {scout} is not 25% above BM25 alone {bm25}"
    );
    let f1 = report.niche_macro_f1.expect("niche macro-F1");
    assert!(f1 >= 0.84, "niche macro-F1 {f1}");
    let mae = &report.audience_mae;
    for (dimension, value, ceiling) in [
        ("age", mae.age, 0.045),
        ("gender", mae.gender, 0.065),
        ("country", mae.country, 0.035),
        ("language", mae.language, 0.06),
    ] {
        let value = value.unwrap_or_else(|| panic!("audience MAE {dimension} missing"));
        assert!(
            value < ceiling,
            "audience MAE {dimension} {value} ≥ {ceiling}"
        );
    }
    let auc = report.credibility_auc.expect("credibility AUC");
    assert!(auc >= 0.9, "credibility AUC {auc}");
    let fakes = report.fake_share_top10.expect("fake share");
    assert!(fakes <= 0.045, "fakes hold {fakes} of the top-10 slots");
}

#[test]
fn ctrl_c_stops_an_evaluation_and_removes_its_scratch_directory() {
    let data = tempfile::tempdir().expect("temporary directory");
    let scratch = tempfile::tempdir().expect("temporary directory");
    let mut command = crate::common::scout(data.path());
    command
        .args(["eval", "--creators", "400", "--seed", "3", "--json"])
        .env("TMPDIR", scratch.path());
    // Ctrl-C once the evaluation is under way: its scratch directory exists.
    let under_way = |line: &str| {
        if !line.starts_with("evaluating on a simulated world of 400 creators") {
            return false;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::fs::read_dir(scratch.path())
            .expect("scratch")
            .next()
            .is_none()
        {
            assert!(
                std::time::Instant::now() < deadline,
                "no scratch directory appeared"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        true
    };
    let Interrupted {
        status,
        stdout,
        stderr,
    } = crate::common::interrupt_at(command, under_way);
    assert!(!status.success(), "{stderr}");
    assert!(stdout.is_empty(), "a report was printed");
    assert!(
        stderr.contains("stopping: giving up at the next step"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the evaluation was stopped before its report was complete"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(scratch.path())
        .expect("scratch")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eval_reports_its_steps_in_order() {
    use scout::eval::{run_eval_until, EvalStep};
    use std::sync::{Arc, Mutex};

    let steps = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&steps);
    let config = EvalConfig {
        creators: 150,
        seed: 2,
        data_dir: None,
    };
    let report = run_eval_until(
        &config,
        tokio_util::sync::CancellationToken::new(),
        Arc::new(move |step| seen.lock().expect("steps").push(step)),
    )
    .await
    .expect("evaluation");
    let steps = steps.lock().expect("steps").clone();
    // Each kind of step once, in order, however many updates a step sends.
    let mut kinds: Vec<String> = Vec::new();
    for step in &steps {
        let kind = match step {
            EvalStep::World => "world".to_string(),
            EvalStep::Crawl { visit, visits, .. } => {
                assert_eq!(*visits, 4, "{step:?}");
                format!("crawl {visit}")
            }
            EvalStep::Train => "train".to_string(),
            EvalStep::Ranker => "ranker".to_string(),
            EvalStep::Briefs { .. } => "briefs".to_string(),
        };
        if kinds.last() != Some(&kind) {
            kinds.push(kind);
        }
    }
    assert_eq!(
        kinds,
        ["world", "crawl 1", "crawl 2", "crawl 3", "crawl 4", "train", "ranker", "briefs"],
        "{steps:?}"
    );
    let pages = steps
        .iter()
        .filter_map(|step| match step {
            EvalStep::Crawl { pages, .. } => Some(*pages),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    assert!(pages > 0, "no crawl progress: {steps:?}");
    let briefs: Vec<(usize, usize)> = steps
        .iter()
        .filter_map(|step| match step {
            EvalStep::Briefs { done, total } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    let total = report.queries.eval;
    assert_eq!(
        briefs,
        (0..total).map(|done| (done, total)).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eval_refuses_bad_settings_before_doing_any_work() {
    let data = tempfile::tempdir().expect("temporary directory");
    std::fs::write(data.path().join("store.sqlite"), b"not empty").expect("write");
    let config = EvalConfig {
        creators: 10,
        seed: 1,
        data_dir: Some(data.path().to_path_buf()),
    };
    match run_eval(&config).await {
        Err(EvalError::Invalid { field, .. }) => assert_eq!(field, "data_dir"),
        other => panic!("expected a data_dir error, got {other:?}"),
    }
    let none = EvalConfig {
        creators: 0,
        ..EvalConfig::default()
    };
    match run_eval(&none).await {
        Err(EvalError::Invalid { field, .. }) => assert_eq!(field, "creators"),
        other => panic!("expected a creators error, got {other:?}"),
    }
}
