//! Model quality against the ground truth, over the crawled creators:
//!
//! - niche macro-F1: the niches the index carries (the classifier's, at the pipeline's
//!   threshold) against the true niches, per niche and averaged over the taxonomy;
//! - audience MAE per dimension: [`estimate_audience_at`] on each creator's crawled audience
//!   sample against the true shares (mean absolute difference over the union of keys),
//!   averaged over creators with at least one sample;
//! - credibility ROC-AUC: the credibility the index carries for each creator (what search
//!   ranks with: features from the store, commenters shared across the whole store, the
//!   engagement curve fitted at training) against the planted fakes, honest creators being
//!   the positive class (a credible creator should score higher); a creator without a score
//!   counts as 0.5.
//!
//! The models see the world as of its anchor, the simulated present in which it was crawled.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use scout_index::{IndexHit, RecordStreamOptions, Store};
use scout_models::audience::DimensionEstimate;
use scout_models::{estimate_audience_at, Niche};

use super::error::EvalError;
use super::metrics::{macro_f1, mean, roc_auc, share_mae};
use super::report::AudienceMae;
use crate::sim::TruthCreator;

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

/// Scores the audience estimator on every crawled creator the truth knows that has an
/// audience sample.
pub fn audience_quality(
    store: &Store,
    truth: &HashMap<&str, &TruthCreator>,
    now: DateTime<Utc>,
) -> Result<AudienceQuality, EvalError> {
    let mut errors = Errors::default();
    store.for_each_record(
        RecordStreamOptions {
            max_posts_per_creator: Some(0),
            include_audience: true,
        },
        |record| {
            let Some(true_creator) = truth.get(record.creator.id.as_str()) else {
                return Ok::<(), EvalError>(());
            };
            if !record.audience.is_empty() {
                let estimate = estimate_audience_at(&record.audience, now);
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
            Ok(())
        },
    )?;
    Ok(AudienceQuality {
        with_audience_samples: errors.age.len(),
        audience_mae: AudienceMae {
            age: mean(errors.age),
            gender: mean(errors.gender),
            country: mean(errors.country),
            language: mean(errors.language),
        },
    })
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
