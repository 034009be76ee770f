//! Training of the niche classifier without ground truth: weak labels from the seed lexicon,
//! a deterministic sample of labelled documents, TF-IDF features over the terms most
//! informative about the weak labels, and one binary logistic regression (linfa-logistic) per
//! niche on its positives and sampled negatives.

use std::time::Instant;

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::classifier::{logistic, HeadModel, NicheHead};
use super::document::NicheDocument;
use super::features::{SparseRow, Vocabulary, VocabularySettings};
use super::hyperparams::{NicheParams, ValidNicheParams};
use super::labels::{weak_labels, WeakLabel, WeakLabelStats};
use super::lexicon::{Lexicon, TermSpecificity};
use super::selection::{head_columns, informative_terms};
use crate::parallel::parallel_map;
use crate::{ModelError, Niche};

/// Gradient-norm tolerance of L-BFGS.
const GRADIENT_TOLERANCE: f64 = 1e-4;

/// Candidate terms (most frequent first) per final vocabulary term.
const CANDIDATE_FACTOR: usize = 5;

/// How one niche's head was trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeadMode {
    Logistic,
    LexiconOnly,
}

/// Training figures of one niche.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicheHeadReport {
    pub niche: Niche,
    pub mode: HeadMode,
    /// Weak positives / negatives among the training documents.
    pub positives: usize,
    pub negatives: usize,
    /// Of those, how many the head was fitted on.
    pub used_positives: usize,
    pub used_negatives: usize,
    /// Share of the fitted rows on which the head agrees with the weak label.
    pub weak_label_agreement: Option<f64>,
    /// Vocabulary columns the head was fitted on (0 for a lexicon-only head).
    pub features: usize,
}

/// What training did, for the manifest and the logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicheTrainReport {
    pub documents: usize,
    /// Documents with at least one weak positive.
    pub labelled_documents: usize,
    /// `labelled_documents / documents`.
    pub coverage: f64,
    /// Labelled documents sampled to fit the vectoriser and the heads.
    pub training_documents: usize,
    pub vocabulary_size: usize,
    pub weak_labels: WeakLabelStats,
    /// One per niche, in [`Niche::ALL`] order.
    pub niches: Vec<NicheHeadReport>,
    pub train_seconds: f64,
    pub params: NicheParams,
    /// The calibrated niche threshold (see [`super::NicheClassifier::threshold`]).
    #[serde(default = "super::threshold::default_threshold")]
    pub threshold: f32,
}

/// The trained parts, before they become a classifier.
pub(crate) struct Trained {
    pub vocabulary: Vocabulary,
    /// How specific each lexicon term is in the training documents.
    pub specificity: TermSpecificity,
    pub heads: Vec<NicheHead>,
    pub report: NicheTrainReport,
}

pub(crate) fn train(
    docs: &[NicheDocument],
    lexicon: &Lexicon,
    valid: &ValidNicheParams,
) -> Result<Trained, ModelError> {
    let started = Instant::now();
    let params = valid.params();
    if docs.is_empty() {
        return Err(ModelError::EmptyTrainingSet);
    }
    let threads = valid.threads();
    let analysed = parallel_map(docs, threads, |doc| {
        let text = doc.token_text(lexicon.stopwords());
        let (scores, terms) = lexicon.score_with_terms(&text, params.labels.hashtag_weight);
        (text, scores, terms)
    })
    .map_err(|_| ModelError::WorkerPanicked)?;
    let scores: Vec<_> = analysed.iter().map(|(_, scores, _)| *scores).collect();
    let specificity = TermSpecificity::count(
        lexicon,
        analysed.iter().map(|(_, _, terms)| terms.as_slice()),
    );
    let weak = weak_labels(&scores, &params.labels);

    let labelled: Vec<usize> = weak
        .labels
        .outer_iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|label| *label == WeakLabel::Positive))
        .map(|(position, _)| position)
        .collect();
    let sample = deterministic_sample(&labelled, params.max_train_docs, params.seed);
    let sample_labels: Vec<[WeakLabel; Niche::ALL.len()]> = sample
        .iter()
        .map(|position| {
            let mut labels = [WeakLabel::Abstain; Niche::ALL.len()];
            for (label, weak_label) in labels.iter_mut().zip(weak.labels.row(*position)) {
                *label = *weak_label;
            }
            labels
        })
        .collect();
    let excluded = if params.mask_lexicon_terms {
        lexicon.feature_tokens()
    } else {
        Vec::new()
    };
    let (vocabulary, rows) = if sample.is_empty() {
        (Vocabulary::new(Vec::new(), Vec::new())?, Vec::new())
    } else {
        let texts: Vec<&str> = sample
            .iter()
            .map(|position| analysed[*position].0.as_str())
            .collect();
        let settings = VocabularySettings {
            max_candidates: params.max_features.saturating_mul(CANDIDATE_FACTOR),
            min_document_count: params.min_document_count,
            max_document_share: params.max_document_share,
            excluded: &excluded,
        };
        let (candidates, counts) = Vocabulary::fit_candidates(&texts, &settings)?;
        let keep = informative_terms(
            &counts,
            &sample_labels,
            candidates.len(),
            params.max_features,
            params.min_positives,
        );
        let (vocabulary, counts) = candidates.restrict(&keep, &counts)?;
        let rows = vocabulary.weigh_counts(&counts);
        (vocabulary, rows)
    };
    drop(analysed);

    let training = HeadTraining {
        rows: &rows,
        labels: &sample_labels,
        columns: vocabulary.len(),
        params,
    };
    let fitted = parallel_map(&Niche::ALL, threads, |niche| training.fit(*niche))
        .map_err(|_| ModelError::WorkerPanicked)?;
    let mut heads = Vec::with_capacity(Niche::ALL.len());
    let mut niches = Vec::with_capacity(Niche::ALL.len());
    for result in fitted {
        let (head, report) = result?;
        heads.push(head);
        niches.push(report);
    }
    let report = NicheTrainReport {
        documents: docs.len(),
        labelled_documents: weak.stats.labelled_documents,
        coverage: weak.stats.coverage,
        training_documents: sample.len(),
        vocabulary_size: vocabulary.len(),
        weak_labels: weak.stats,
        niches,
        train_seconds: started.elapsed().as_secs_f64(),
        params: params.clone(),
        threshold: super::threshold::DEFAULT_THRESHOLD,
    };
    Ok(Trained {
        vocabulary,
        specificity,
        heads,
        report,
    })
}

/// Everything a head needs, shared by the worker threads.
struct HeadTraining<'a> {
    rows: &'a [SparseRow],
    labels: &'a [[WeakLabel; Niche::ALL.len()]],
    columns: usize,
    params: &'a NicheParams,
}

impl HeadTraining<'_> {
    fn fit(&self, niche: Niche) -> Result<(NicheHead, NicheHeadReport), ModelError> {
        let column = niche.index();
        let with_label = |wanted: WeakLabel| -> Vec<usize> {
            (0..self.labels.len())
                .filter(|row| self.labels[*row][column] == wanted)
                .collect()
        };
        let positives = with_label(WeakLabel::Positive);
        let negatives = with_label(WeakLabel::Negative);
        let mut report = NicheHeadReport {
            niche,
            mode: HeadMode::LexiconOnly,
            positives: positives.len(),
            negatives: negatives.len(),
            used_positives: 0,
            used_negatives: 0,
            weak_label_agreement: None,
            features: 0,
        };
        let lexicon_only = NicheHead {
            niche,
            model: HeadModel::LexiconOnly,
        };
        let minimum = self.params.min_positives;
        if self.columns == 0 || positives.len() < minimum || negatives.len() < minimum {
            return Ok((lexicon_only, report));
        }

        let seed = self.params.seed ^ (column as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let used_positives = deterministic_sample(&positives, self.params.max_positives, seed);
        let wanted_negatives = ((used_positives.len() as f64 * self.params.negatives_per_positive)
            .ceil() as usize)
            .max(minimum);
        let used_negatives =
            deterministic_sample(&negatives, wanted_negatives, seed.rotate_left(17));
        let used: Vec<(usize, bool)> = used_positives
            .iter()
            .map(|row| (*row, true))
            .chain(used_negatives.iter().map(|row| (*row, false)))
            .collect();

        let selected = head_columns(
            self.rows,
            &used,
            self.columns,
            self.params.max_head_features,
        );
        let mut local_of = vec![u32::MAX; self.columns];
        for (local, column) in selected.iter().enumerate() {
            local_of[*column] = local as u32;
        }
        let mut records = Array2::<f64>::zeros((used.len(), selected.len()));
        for (mut record, (row, _)) in records.outer_iter_mut().zip(&used) {
            for (feature, value) in &self.rows[*row] {
                if let Some(local) = local_of
                    .get(*feature as usize)
                    .filter(|local| **local != u32::MAX)
                {
                    record[*local as usize] = *value;
                }
            }
        }
        let targets: Array1<bool> = used.iter().map(|(_, positive)| *positive).collect();
        let dataset = Dataset::new(records, targets);
        let model = LogisticRegression::default()
            .alpha(self.params.alpha)
            .max_iterations(self.params.max_iterations)
            .gradient_tolerance(GRADIENT_TOLERANCE)
            .fit(&dataset)
            .map_err(|source| ModelError::Logistic { niche, source })?;
        // linfa's "positive" class is the more frequent one: orient the model towards `true`.
        let sign = if model.labels().pos.class { 1.0 } else { -1.0 };
        let mut coefficients = vec![0.0; self.columns];
        for (column, value) in selected.iter().zip(model.params()) {
            coefficients[*column] = sign * value;
        }
        let fitted_intercept = sign * model.intercept();

        let agreeing = used
            .iter()
            .filter(|(row, positive)| {
                let z = fitted_intercept
                    + self.rows[*row]
                        .iter()
                        .map(|(feature, value)| value * coefficients[*feature as usize])
                        .sum::<f64>();
                (logistic(z) >= 0.5) == *positive
            })
            .count();
        // Undo the sampling in the intercept: logit_true = logit_sample + ln(r_neg / r_pos),
        // where r is the share of each class kept.
        let kept_positive = used_positives.len() as f64 / positives.len() as f64;
        let kept_negative = used_negatives.len() as f64 / negatives.len() as f64;
        let intercept = fitted_intercept + (kept_negative / kept_positive).ln();

        report.mode = HeadMode::Logistic;
        report.used_positives = used_positives.len();
        report.used_negatives = used_negatives.len();
        report.weak_label_agreement = Some(agreeing as f64 / used.len() as f64);
        report.features = selected.len();
        let head = NicheHead {
            niche,
            model: HeadModel::Logistic {
                intercept,
                coefficients,
            },
        };
        Ok((head, report))
    }
}

/// Up to `limit` of `items`, chosen by a seeded hash (the same inputs always give the same
/// sample), returned in their original order.
fn deterministic_sample(items: &[usize], limit: usize, seed: u64) -> Vec<usize> {
    if items.len() <= limit {
        return items.to_vec();
    }
    let mut ranked: Vec<(u64, usize)> = items
        .iter()
        .map(|item| (splitmix64(seed ^ *item as u64), *item))
        .collect();
    ranked.sort_unstable();
    let mut chosen: Vec<usize> = ranked
        .into_iter()
        .take(limit)
        .map(|(_, item)| item)
        .collect();
    chosen.sort_unstable();
    chosen
}

fn splitmix64(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_deterministic_bounded_and_ordered() {
        let items: Vec<usize> = (0..1000).collect();
        let first = deterministic_sample(&items, 100, 7);
        assert_eq!(first.len(), 100);
        assert_eq!(first, deterministic_sample(&items, 100, 7));
        assert_ne!(first, deterministic_sample(&items, 100, 8));
        assert!(first.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(
            deterministic_sample(&items[..10], 100, 7),
            items[..10].to_vec()
        );
    }
}
