//! The evaluation's report: its JSON shape (issue #4) and the one table `scout eval` prints.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::learning::RankerTraining;

/// Everything `scout eval` measures. Serialises to
/// `{"systems":{"scout":{…},"bm25":{…},"followers":{…},"engagement":{…}},"niche_macro_f1",
/// "audience_mae":{"age","gender","country","language"},"credibility_auc","fake_share_top10",
/// "train_seconds","score_ms_per_query", …}`; a metric that cannot be computed (no model for
/// it, or nothing to measure it on) is `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub systems: Systems,
    /// Per-niche F1 of the classifier's niches (at the pipeline's threshold) against the true
    /// niches, averaged over the taxonomy.
    pub niche_macro_f1: Option<f64>,
    pub audience_mae: AudienceMae,
    /// ROC-AUC of the credibility score against true fakes (higher score = more credible,
    /// so honest creators are the positive class).
    pub credibility_auc: Option<f64>,
    /// The same AUC per kind of planted fraud (honest creators against one kind's fakes).
    #[serde(default)]
    pub credibility_auc_by_kind: BTreeMap<String, Option<f64>>,
    /// Each credibility signal alone: its AUC against the fakes and its mean over honest
    /// creators and each kind of fake (JSON only).
    #[serde(default)]
    pub credibility_signals: BTreeMap<String, serde_json::Value>,
    /// Share of Scout's top-10 slots, over EVAL briefs, held by true fakes.
    pub fake_share_top10: Option<f64>,
    /// Wall time of training the models (reading the store and fitting; re-indexing excluded)
    /// plus the learned ranker (judging TRAIN briefs' results and fitting).
    pub train_seconds: f64,
    /// Mean wall time of one Scout search (a page of 10, with its explanations).
    pub score_ms_per_query: Option<f64>,
    /// Mean wall time of the same query in the index alone (BM25, a page of 10).
    pub bm25_ms_per_query: Option<f64>,
    pub queries: QueryCounts,
    pub creators: CreatorCounts,
    /// The learned ranker fitted on the TRAIN briefs; `null` when the fixed blend ranked.
    pub ranker_training: Option<RankerTraining>,
    pub seed: u64,
    /// Every EVAL brief's own figures (JSON only), to find the kinds of brief ranked badly.
    #[serde(default)]
    pub briefs: Vec<BriefOutcome>,
}

/// One EVAL brief's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefOutcome {
    pub id: String,
    pub text: String,
    /// The brief's filters and audience target in words.
    pub filters: String,
    /// Judged creators with grade ≥ 2.
    pub relevant: usize,
    pub scout_ndcg_at_10: Option<f64>,
    pub bm25_ndcg_at_10: Option<f64>,
    /// True fakes among Scout's first 10 results.
    pub fakes_in_top10: usize,
    /// Those fakes: where each ranked, its kind of fraud and the credibility the index gave it
    /// (to see which frauds the credibility model lets through).
    #[serde(default)]
    pub fakes: Vec<FakeInTop10>,
}

/// A planted fake in Scout's top 10 of a brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FakeInTop10 {
    /// 1-based rank.
    pub rank: usize,
    pub id: String,
    pub kind: Option<crate::sim::FakeKind>,
    /// The indexed credibility score; `None` when the creator has none.
    pub credibility: Option<f64>,
    /// The credibility reasons the index gave, strongest first.
    pub reasons: Vec<String>,
}

/// Ranking quality of each system on the same EVAL briefs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Systems {
    pub scout: RankingMetrics,
    pub bm25: RankingMetrics,
    pub followers: RankingMetrics,
    pub engagement: RankingMetrics,
}

/// Means over the judged EVAL briefs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingMetrics {
    pub ndcg_at_10: Option<f64>,
    pub precision_at_10: Option<f64>,
    pub recall_at_100: Option<f64>,
}

/// Mean absolute error of estimated audience shares per dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AudienceMae {
    pub age: Option<f64>,
    pub gender: Option<f64>,
    pub country: Option<f64>,
    pub language: Option<f64>,
}

/// How many briefs the report rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryCounts {
    /// Briefs whose judgments may train a learned ranker.
    pub train: usize,
    /// Briefs the ranking metrics are measured on.
    pub eval: usize,
    /// EVAL briefs with at least one relevant crawled creator (the others have no defined
    /// NDCG or recall and are left out of every mean).
    pub judged: usize,
}

/// The world and how much of it the crawler reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorCounts {
    pub generated: usize,
    /// Creators in the index that the ground truth knows: the judged pool.
    pub crawled: usize,
    /// Crawled creators with at least one audience sample (the audience MAE's base).
    pub with_audience_samples: usize,
}

/// Prints the report as one human-readable table.
pub fn print_table(report: &EvalReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "scout eval — seed {}, {} creators generated, {} crawled; {} EVAL briefs ({} judged), {} TRAIN briefs",
        report.seed,
        report.creators.generated,
        report.creators.crawled,
        report.queries.eval,
        report.queries.judged,
        report.queries.train
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<22} {:>8} {:>8} {:>9}",
        "system", "NDCG@10", "P@10", "R@100"
    )?;
    let rows = [
        ("scout", &report.systems.scout),
        ("bm25 alone", &report.systems.bm25),
        ("sort by followers", &report.systems.followers),
        ("sort by engagement", &report.systems.engagement),
    ];
    for (name, metrics) in rows {
        writeln!(
            out,
            "{name:<22} {:>8} {:>8} {:>9}",
            fixed(metrics.ndcg_at_10),
            fixed(metrics.precision_at_10),
            fixed(metrics.recall_at_100)
        )?;
    }
    writeln!(out)?;
    let mae = &report.audience_mae;
    let audience = if [mae.age, mae.gender, mae.country, mae.language]
        .iter()
        .all(Option::is_none)
    {
        "not modelled".to_string()
    } else {
        format!(
            "age {}  gender {}  country {}  language {}  ({} creators with samples)",
            fixed(mae.age),
            fixed(mae.gender),
            fixed(mae.country),
            fixed(mae.language),
            report.creators.with_audience_samples
        )
    };
    let lines = [
        ("niche macro-F1", fixed(report.niche_macro_f1)),
        ("audience share MAE", audience),
        (
            "credibility ROC-AUC",
            report
                .credibility_auc
                .map(|auc| {
                    let kinds: Vec<String> = report
                        .credibility_auc_by_kind
                        .iter()
                        .map(|(kind, auc)| format!("{} {}", kind.replace('_', " "), fixed(*auc)))
                        .collect();
                    if kinds.is_empty() {
                        format!("{auc:.3}")
                    } else {
                        format!("{auc:.3}  ({})", kinds.join(", "))
                    }
                })
                .unwrap_or_else(|| "not modelled".to_string()),
        ),
        ("fakes in Scout top 10", percent(report.fake_share_top10)),
        ("train time", format!("{:.1} s", report.train_seconds)),
        (
            "ranker",
            report
                .ranker_training
                .as_ref()
                .map(|training| {
                    format!(
                        "learned on {} TRAIN briefs ({} judged results, {} pairs, {:.1}% ordered right)",
                        training.queries,
                        training.examples,
                        training.pairs,
                        training.pairwise_accuracy * 100.0
                    )
                })
                .unwrap_or_else(|| "fixed blend (nothing learned)".to_string()),
        ),
        (
            "search time",
            format!(
                "{} ms/query (index alone {} ms)",
                fixed(report.score_ms_per_query),
                fixed(report.bm25_ms_per_query)
            ),
        ),
    ];
    for (name, value) in lines {
        writeln!(out, "{name:<22} {value}")?;
    }
    Ok(())
}

fn fixed(value: Option<f64>) -> String {
    value
        .map(|value| format!("{value:.3}"))
        .unwrap_or_else(|| "-".to_string())
}

fn percent(value: Option<f64>) -> String {
    value
        .map(|value| format!("{:.1}%", value * 100.0))
        .unwrap_or_else(|| "-".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(ndcg: f64) -> RankingMetrics {
        RankingMetrics {
            ndcg_at_10: Some(ndcg),
            precision_at_10: Some(0.5),
            recall_at_100: None,
        }
    }

    fn report() -> EvalReport {
        EvalReport {
            systems: Systems {
                scout: metrics(0.9),
                bm25: metrics(0.6),
                followers: metrics(0.3),
                engagement: metrics(0.2),
            },
            niche_macro_f1: Some(0.87),
            audience_mae: AudienceMae::default(),
            credibility_auc: None,
            fake_share_top10: Some(0.015),
            train_seconds: 2.5,
            score_ms_per_query: Some(3.0),
            bm25_ms_per_query: Some(1.0),
            queries: QueryCounts {
                train: 27,
                eval: 53,
                judged: 50,
            },
            creators: CreatorCounts {
                generated: 2000,
                crawled: 1900,
                with_audience_samples: 1800,
            },
            ranker_training: None,
            seed: 7,
            credibility_auc_by_kind: BTreeMap::new(),
            credibility_signals: BTreeMap::new(),
            briefs: Vec::new(),
        }
    }

    #[test]
    fn json_has_the_issue_shape_with_nulls_for_unmodelled_parts() {
        let value = serde_json::to_value(report()).expect("serialises");
        for system in ["scout", "bm25", "followers", "engagement"] {
            for metric in ["ndcg_at_10", "precision_at_10", "recall_at_100"] {
                assert!(
                    value["systems"][system].get(metric).is_some(),
                    "{system}.{metric}"
                );
            }
        }
        for key in [
            "niche_macro_f1",
            "credibility_auc",
            "fake_share_top10",
            "train_seconds",
            "score_ms_per_query",
        ] {
            assert!(value.get(key).is_some(), "{key}");
        }
        for dimension in ["age", "gender", "country", "language"] {
            assert!(value["audience_mae"][dimension].is_null(), "{dimension}");
        }
        assert!(value["credibility_auc"].is_null());
        assert_eq!(value["systems"]["scout"]["ndcg_at_10"], 0.9);
        let back: EvalReport = serde_json::from_value(value).expect("round trips");
        assert_eq!(back, report());
    }

    #[test]
    fn table_names_every_system_and_says_what_is_not_modelled() {
        let mut out = Vec::new();
        print_table(&report(), &mut out).expect("writes");
        let table = String::from_utf8(out).expect("utf-8");
        for needle in [
            "scout",
            "bm25 alone",
            "sort by followers",
            "sort by engagement",
            "0.900",
            "niche macro-F1         0.870",
            "audience share MAE     not modelled",
            "credibility ROC-AUC    not modelled",
            "1.5%",
        ] {
            assert!(table.contains(needle), "{needle} missing from\n{table}");
        }
    }
}
