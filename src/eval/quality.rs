//! Model quality against the ground truth, over the crawled creators:
//!
//! - niche macro-F1: the niches the index carries (the classifier's, at the pipeline's
//!   threshold) against the true niches, per niche and averaged over the taxonomy;
//! - audience MAE per dimension: the audience estimate the index serves (made at indexing from
//!   each creator's crawled audience sample, with its platform and niches as context) against
//!   the true shares (mean absolute difference over the union of keys),
//!   averaged over creators with at least one sample;
//! - credibility ROC-AUC: the credibility the index carries for each creator (what search
//!   ranks with: features from the store, commenters shared across the whole store, the
//!   engagement curve fitted at training) against the planted fakes, honest creators being
//!   the positive class (a credible creator should score higher); a creator without a score
//!   counts as 0.5.

use std::collections::{BTreeMap, HashMap};

use scout_index::IndexHit;
use scout_models::audience::DimensionEstimate;
use scout_models::Niche;

use super::metrics::{macro_f1, mean, roc_auc, share_mae};
use super::report::AudienceMae;
use crate::sim::{FakeKind, TruthCreator};

/// Macro-F1 of the indexed niches of `hits` against the true niches, over the 20 niches.
pub fn niche_macro_f1(hits: &[IndexHit], truth: &HashMap<&str, &TruthCreator>) -> Option<f64> {
    let items: Vec<(Vec<Niche>, Vec<Niche>)> = hits
        .iter()
        .filter_map(|hit| {
            truth
                .get(hit.id.as_str())
                .map(|creator| (hit.niches.clone(), creator.niches.clone()))
        })
        .collect();
    macro_f1(&items, &Niche::ALL)
}

/// Audience quality of the crawled creators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AudienceQuality {
    pub audience_mae: AudienceMae,
    /// Creators whose audience sample had at least one profile.
    pub with_audience_samples: usize,
}

/// Per-dimension absolute errors of one creator's estimate.
#[derive(Debug, Default)]
struct Errors {
    age: Vec<Option<f64>>,
    gender: Vec<Option<f64>>,
    country: Vec<Option<f64>>,
    language: Vec<Option<f64>>,
}

/// Credibility ROC-AUC of the indexed scores of `hits` against the planted fakes.
pub fn credibility_auc(hits: &[IndexHit], truth: &HashMap<&str, &TruthCreator>) -> Option<f64> {
    let scored: Vec<(f64, bool)> = hits
        .iter()
        .filter_map(|hit| {
            let creator = truth.get(hit.id.as_str())?;
            let score = hit
                .credibility
                .as_ref()
                .map_or(0.5, |credibility| credibility.score);
            Some((score, !creator.fake))
        })
        .collect();
    roc_auc(&scored)
}

/// Credibility ROC-AUC per kind of planted fraud: honest creators against the fakes of one
/// kind only (`bought_followers`, `bot_engagement`, `engagement_pod`), which shows the kind a
/// detector misses. A kind with no crawled fake is `None`.
pub fn credibility_auc_by_kind(
    hits: &[IndexHit],
    truth: &HashMap<&str, &TruthCreator>,
) -> BTreeMap<String, Option<f64>> {
    let kinds = [
        FakeKind::BoughtFollowers,
        FakeKind::BotEngagement,
        FakeKind::EngagementPod,
    ];
    kinds
        .into_iter()
        .map(|kind| {
            let scored: Vec<(f64, bool)> = hits
                .iter()
                .filter_map(|hit| {
                    let creator = truth.get(hit.id.as_str())?;
                    if creator.fake && creator.fake_kind != Some(kind) {
                        return None;
                    }
                    let score = hit
                        .credibility
                        .as_ref()
                        .map_or(0.5, |credibility| credibility.score);
                    Some((score, !creator.fake))
                })
                .collect();
            let name = serde_json::to_value(kind)
                .ok()
                .and_then(|value| value.as_str().map(str::to_string))
                .unwrap_or_else(|| format!("{kind:?}"));
            (name, roc_auc(&scored))
        })
        .collect()
}

/// ROC-AUC of each credibility signal alone against the planted fakes (a signal measures
/// suspicion, so fakes are the positive class here; a missing signal counts as 0), and the
/// mean of each signal over honest creators and over each kind of fake: which signal sees
/// which fraud, and how much honest creators trip it.
pub fn credibility_signals(
    hits: &[IndexHit],
    truth: &HashMap<&str, &TruthCreator>,
) -> BTreeMap<String, serde_json::Value> {
    let mut rows: Vec<(serde_json::Value, Option<FakeKind>)> = Vec::new();
    for hit in hits {
        let (Some(creator), Some(credibility)) = (truth.get(hit.id.as_str()), &hit.credibility)
        else {
            continue;
        };
        let signals = serde_json::to_value(&credibility.signals).unwrap_or_default();
        rows.push((signals, creator.fake_kind));
    }
    let names: Vec<String> = rows
        .first()
        .and_then(|(signals, _)| signals.as_object())
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_default();
    let value_of = |signals: &serde_json::Value, name: &str| signals[name].as_f64().unwrap_or(0.0);
    names
        .into_iter()
        .map(|name| {
            let scored: Vec<(f64, bool)> = rows
                .iter()
                .map(|(signals, kind)| (value_of(signals, &name), kind.is_some()))
                .collect();
            let mean_of = |want: Option<FakeKind>| {
                mean(
                    rows.iter()
                        .filter(|(_, kind)| *kind == want)
                        .map(|(signals, _)| Some(value_of(signals, &name))),
                )
            };
            let summary = serde_json::json!({
                "auc": roc_auc(&scored),
                "honest": mean_of(None),
                "bought_followers": mean_of(Some(FakeKind::BoughtFollowers)),
                "bot_engagement": mean_of(Some(FakeKind::BotEngagement)),
                "engagement_pod": mean_of(Some(FakeKind::EngagementPod)),
            });
            (name, summary)
        })
        .collect()
}

/// Scores the audience estimate the index serves (the estimator run at indexing time on each
/// creator's crawled audience sample, with its platform and classified niches as context) on
/// every crawled creator the truth knows that has one.
pub fn audience_quality(
    hits: &[IndexHit],
    truth: &HashMap<&str, &TruthCreator>,
) -> AudienceQuality {
    let mut errors = Errors::default();
    for hit in hits {
        let (Some(true_creator), Some(estimate)) = (truth.get(hit.id.as_str()), &hit.audience)
        else {
            continue;
        };
        if estimate.sample_size == 0 {
            continue;
        }
        let audience = &true_creator.audience;
        let lower = KeyCase::Lower;
        errors
            .age
            .push(dimension_mae(&estimate.age, &audience.age, lower));
        errors
            .gender
            .push(dimension_mae(&estimate.gender, &audience.gender, lower));
        errors.country.push(dimension_mae(
            &estimate.country,
            &audience.country,
            KeyCase::Upper,
        ));
        errors
            .language
            .push(dimension_mae(&estimate.language, &audience.language, lower));
    }
    AudienceQuality {
        with_audience_samples: errors.age.len(),
        audience_mae: AudienceMae {
            age: mean(errors.age),
            gender: mean(errors.gender),
            country: mean(errors.country),
            language: mean(errors.language),
        },
    }
}

/// How a dimension's keys are written: ISO country codes upper-case, the rest lower-case.
#[derive(Debug, Clone, Copy)]
enum KeyCase {
    Upper,
    Lower,
}

/// The MAE of one dimension, with both sides' keys written alike.
fn dimension_mae(
    estimate: &DimensionEstimate,
    truth: &BTreeMap<String, f64>,
    case: KeyCase,
) -> Option<f64> {
    let estimated = keyed(
        estimate
            .shares
            .iter()
            .map(|share| (share.key.as_str(), share.share)),
        case,
    );
    let true_shares = keyed(
        truth.iter().map(|(key, share)| (key.as_str(), *share)),
        case,
    );
    share_mae(&estimated, &true_shares)
}

fn keyed<'a>(pairs: impl Iterator<Item = (&'a str, f64)>, case: KeyCase) -> BTreeMap<String, f64> {
    let mut map = BTreeMap::new();
    for (key, share) in pairs {
        let key = match case {
            KeyCase::Upper => key.trim().to_ascii_uppercase(),
            KeyCase::Lower => key.trim().to_ascii_lowercase(),
        };
        *map.entry(key).or_insert(0.0) += share;
    }
    map
}

#[cfg(test)]
mod tests {
    use scout_models::audience::Share;

    use super::*;

    #[test]
    fn dimension_mae_compares_keys_written_alike() {
        let estimate = DimensionEstimate {
            shares: vec![
                Share {
                    key: "br".into(),
                    share: 0.7,
                },
                Share {
                    key: "US".into(),
                    share: 0.3,
                },
            ],
            confidence: 0.8,
            sample_size: 20,
        };
        let truth = BTreeMap::from([("BR".to_string(), 0.5), ("PT".to_string(), 0.5)]);
        // |0.7-0.5| + |0.3-0| + |0-0.5| over BR, PT, US.
        let mae = dimension_mae(&estimate, &truth, KeyCase::Upper).expect("defined");
        assert!((mae - 1.0 / 3.0).abs() < 1e-9, "{mae}");
    }
}
