//! The probability from which a niche counts as one of a document's niches, chosen without
//! ground truth: the threshold whose niche sets best agree (macro-F1 over the niches) with the
//! weak labels of a deterministic sample of weakly labelled training documents.
//!
//! The heads are fitted against one-vs-rest weak labels with sampled negatives, so their raw
//! probabilities are not calibrated to 0.5 (a creator's secondary niches typically score
//! 0.1–0.4); a fixed cut would drop most of them. Matching the weak labels' own niche sets
//! restores the balance the labels carry, on any crawl.

use super::labels::{label_document, WeakLabel, WeakLabelRules};
use crate::{Niche, NicheScores};

/// Thresholds tried, from `MIN` to `MAX` in `STEP`s.
const MIN_THRESHOLD: f32 = 0.05;
const MAX_THRESHOLD: f32 = 0.6;
const STEP: f32 = 0.025;
/// Niches a document gets at most (as [`NicheScores::top`] keeps).
pub const MAX_NICHES: usize = 3;
/// The threshold when nothing was learned (no weakly labelled document).
pub const DEFAULT_THRESHOLD: f32 = 0.5;

pub(crate) fn default_threshold() -> f32 {
    DEFAULT_THRESHOLD
}

/// One calibration document: its predicted probabilities and weak positives.
pub(crate) struct CalibrationRow {
    pub probabilities: NicheScores,
    pub positives: [bool; Niche::ALL.len()],
}

impl CalibrationRow {
    /// The row of a document whose lexicon evidence gives `labels`; `None` when the weak
    /// labels name no positive (nothing to agree with).
    pub(crate) fn new(
        probabilities: NicheScores,
        evidence: &super::lexicon::LexiconScores,
        rules: &WeakLabelRules,
    ) -> Option<CalibrationRow> {
        let labels = label_document(evidence, rules);
        let mut positives = [false; Niche::ALL.len()];
        for (slot, label) in positives.iter_mut().zip(labels) {
            *slot = label == WeakLabel::Positive;
        }
        positives
            .iter()
            .any(|positive| *positive)
            .then_some(CalibrationRow {
                probabilities,
                positives,
            })
    }
}

/// The threshold of the grid with the best macro-F1 against the weak positives (the lower
/// one on ties); [`DEFAULT_THRESHOLD`] without rows.
pub(crate) fn calibrate(rows: &[CalibrationRow]) -> f32 {
    if rows.is_empty() {
        return DEFAULT_THRESHOLD;
    }
    let mut best = (f64::NEG_INFINITY, DEFAULT_THRESHOLD);
    let steps = ((MAX_THRESHOLD - MIN_THRESHOLD) / STEP).round() as usize;
    for step in 0..=steps {
        let threshold = MIN_THRESHOLD + STEP * step as f32;
        let f1 = macro_f1(rows, threshold);
        if f1 > best.0 + 1e-12 {
            best = (f1, threshold);
        }
    }
    best.1
}

/// Macro-F1 over the niches that occur (predicted or weakly positive) at `threshold`.
fn macro_f1(rows: &[CalibrationRow], threshold: f32) -> f64 {
    let mut counts = [(0u32, 0u32, 0u32); Niche::ALL.len()];
    for row in rows {
        let predicted = row.probabilities.top(threshold);
        for niche in Niche::ALL {
            let (true_positive, false_positive, false_negative) = &mut counts[niche.index()];
            match (predicted.contains(&niche), row.positives[niche.index()]) {
                (true, true) => *true_positive += 1,
                (true, false) => *false_positive += 1,
                (false, true) => *false_negative += 1,
                (false, false) => {}
            }
        }
    }
    let scores: Vec<f64> = counts
        .iter()
        .filter(|(tp, fp, fn_)| tp + fp + fn_ > 0)
        .map(|(tp, fp, fn_)| 2.0 * f64::from(*tp) / f64::from(2 * tp + fp + fn_))
        .collect();
    if scores.is_empty() {
        0.0
    } else {
        scores.iter().sum::<f64>() / scores.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(probabilities: &[(Niche, f32)], positives: &[Niche]) -> CalibrationRow {
        let mut flags = [false; Niche::ALL.len()];
        for niche in positives {
            flags[niche.index()] = true;
        }
        CalibrationRow {
            probabilities: NicheScores {
                probabilities: probabilities.to_vec(),
            },
            positives: flags,
        }
    }

    #[test]
    fn picks_the_cut_that_keeps_weakly_labelled_secondary_niches() {
        // Secondary niches score 0.2–0.3, unrelated ones under 0.1.
        let rows: Vec<CalibrationRow> = (0..20)
            .map(|position| {
                let secondary = 0.2 + 0.005 * position as f32;
                row(
                    &[
                        (Niche::Fitness, 0.9),
                        (Niche::Food, secondary),
                        (Niche::Travel, 0.08),
                    ],
                    &[Niche::Fitness, Niche::Food],
                )
            })
            .collect();
        let threshold = calibrate(&rows);
        assert!((0.1..=0.2).contains(&threshold), "{threshold}");
        assert_eq!(calibrate(&[]), DEFAULT_THRESHOLD);
    }
}
