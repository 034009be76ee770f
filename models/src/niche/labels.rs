//! Weak labels: the lexicon's evidence turned into positive / negative / abstain labels per
//! document and niche, the only supervision the classifier gets (no ground truth), so that
//! the same code trains on real crawls.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::lexicon::LexiconScores;
use crate::{ModelError, Niche};

/// How lexicon evidence becomes labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeakLabelRules {
    /// Evidence of one hashtag occurrence relative to one word (hashtags are deliberate).
    pub hashtag_weight: f64,
    /// Evidence a niche needs to be labelled positive (2 = two word hits or one hashtag).
    pub min_positive_score: f64,
    /// ...and its share of the document's strongest niche evidence.
    pub min_positive_share: f64,
}

impl Default for WeakLabelRules {
    fn default() -> Self {
        WeakLabelRules {
            hashtag_weight: 2.0,
            min_positive_score: 2.0,
            min_positive_share: 0.3,
        }
    }
}

impl WeakLabelRules {
    /// Checks that the rules are finite and in range.
    pub fn validate(&self) -> Result<(), ModelError> {
        if !(self.hashtag_weight.is_finite() && self.hashtag_weight > 0.0) {
            return Err(ModelError::invalid(
                "hashtag_weight",
                "must be finite and positive",
            ));
        }
        if !(self.min_positive_score.is_finite() && self.min_positive_score > 0.0) {
            return Err(ModelError::invalid(
                "min_positive_score",
                "must be finite and positive",
            ));
        }
        if !(0.0..=1.0).contains(&self.min_positive_share) {
            return Err(ModelError::invalid(
                "min_positive_share",
                "must be within [0, 1]",
            ));
        }
        Ok(())
    }
}

/// One weak label of one document for one niche.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum WeakLabel {
    /// Clear lexicon evidence for the niche.
    Positive,
    /// The document has clear evidence for some niche and none at all for this one.
    Negative,
    /// Too little evidence either way: left out of training for this niche.
    #[default]
    Abstain,
}

/// Labels of one document in [`Niche::ALL`] order.
///
/// A niche is positive with at least `min_positive_score` evidence and at least
/// `min_positive_share` of the strongest niche's evidence. Niches without any evidence are
/// negative, but only in documents that have a positive niche: a document with faint evidence
/// only (or none) is unlabelled, since "no seed term" says little about a vague document.
pub fn label_document(
    scores: &LexiconScores,
    rules: &WeakLabelRules,
) -> [WeakLabel; Niche::ALL.len()] {
    let strongest = scores.max();
    let mut labels = [WeakLabel::Abstain; Niche::ALL.len()];
    let mut any_positive = false;
    for (label, score) in labels.iter_mut().zip(scores.scores) {
        if score >= rules.min_positive_score && score >= rules.min_positive_share * strongest {
            *label = WeakLabel::Positive;
            any_positive = true;
        }
    }
    if any_positive {
        for (label, score) in labels.iter_mut().zip(scores.scores) {
            if score == 0.0 {
                *label = WeakLabel::Negative;
            }
        }
    }
    labels
}

/// The label matrix of a corpus with its coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakLabels {
    /// Documents × niches (columns in [`Niche::ALL`] order).
    pub labels: Array2<WeakLabel>,
    pub stats: WeakLabelStats,
}

/// How much of a corpus the lexicon could label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeakLabelStats {
    pub documents: usize,
    /// Documents with at least one positive niche.
    pub labelled_documents: usize,
    /// `labelled_documents / documents`.
    pub coverage: f64,
    /// Positive documents per niche, in [`Niche::ALL`] order.
    pub positives: Vec<(Niche, usize)>,
    /// Negative documents per niche, in [`Niche::ALL`] order.
    pub negatives: Vec<(Niche, usize)>,
}

/// Labels every document of a corpus from its lexicon scores.
pub fn weak_labels(scores: &[LexiconScores], rules: &WeakLabelRules) -> WeakLabels {
    let mut labels = Array2::from_elem((scores.len(), Niche::ALL.len()), WeakLabel::Abstain);
    let mut positives = [0_usize; Niche::ALL.len()];
    let mut negatives = [0_usize; Niche::ALL.len()];
    let mut labelled_documents = 0;
    for (mut row, document_scores) in labels.outer_iter_mut().zip(scores) {
        let document_labels = label_document(document_scores, rules);
        if document_labels.contains(&WeakLabel::Positive) {
            labelled_documents += 1;
        }
        for (column, label) in document_labels.iter().enumerate() {
            row[column] = *label;
            match label {
                WeakLabel::Positive => positives[column] += 1,
                WeakLabel::Negative => negatives[column] += 1,
                WeakLabel::Abstain => {}
            }
        }
    }
    let per_niche = |counts: [usize; Niche::ALL.len()]| -> Vec<(Niche, usize)> {
        Niche::ALL.iter().copied().zip(counts).collect()
    };
    WeakLabels {
        labels,
        stats: WeakLabelStats {
            documents: scores.len(),
            labelled_documents,
            coverage: if scores.is_empty() {
                0.0
            } else {
                labelled_documents as f64 / scores.len() as f64
            },
            positives: per_niche(positives),
            negatives: per_niche(negatives),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::NicheDocument;
    use super::super::lexicon::Lexicon;
    use super::*;

    fn scores_of(bio: &str, captions: &[&str], hashtags: &[&str]) -> LexiconScores {
        let lexicon = Lexicon::builtin().unwrap();
        let document = NicheDocument {
            bio: bio.to_string(),
            captions: captions.iter().map(|caption| caption.to_string()).collect(),
            hashtags: hashtags.iter().map(|tag| tag.to_string()).collect(),
        };
        lexicon.score(&document.token_text(lexicon.stopwords()), 2.0)
    }

    #[test]
    fn multilingual_documents_get_clear_positives_and_negatives() {
        let rules = WeakLabelRules::default();
        let portuguese = scores_of(
            "Personal trainer | treino e musculação",
            &[
                "Treino de pernas hoje",
                "Receita de panqueca proteica depois do treino",
            ],
            &["treino"],
        );
        let labels = label_document(&portuguese, &rules);
        assert_eq!(labels[Niche::Fitness.index()], WeakLabel::Positive);
        // One recipe mention is evidence, but well under 30% of the fitness evidence.
        assert_eq!(labels[Niche::Food.index()], WeakLabel::Abstain);
        assert_eq!(labels[Niche::Gaming.index()], WeakLabel::Negative);

        let german = scores_of(
            "Reiseblogger",
            &["Urlaub in Lissabon", "Neues Rezept: Pastel de Nata"],
            &["fernweh", "rezept"],
        );
        let labels = label_document(&german, &rules);
        assert_eq!(labels[Niche::Travel.index()], WeakLabel::Positive);
        assert_eq!(labels[Niche::Food.index()], WeakLabel::Positive);
        assert_eq!(labels[Niche::Tech.index()], WeakLabel::Negative);

        let spanish = scores_of(
            "Maquillaje y cuidado facial",
            &["Mi rutina facial de noche"],
            &["maquillaje"],
        );
        assert_eq!(
            label_document(&spanish, &rules)[Niche::Beauty.index()],
            WeakLabel::Positive
        );
    }

    #[test]
    fn faint_or_missing_evidence_leaves_documents_unlabelled() {
        let rules = WeakLabelRules::default();
        let vague = scores_of("Just vibes", &["a lovely trip"], &[]);
        assert!(label_document(&vague, &rules)
            .iter()
            .all(|label| *label == WeakLabel::Abstain));
        let nothing = scores_of("hello", &["nothing to see"], &[]);
        let labels = weak_labels(&[vague, nothing, scores_of("", &[], &["fitness"])], &rules);
        assert_eq!(labels.stats.documents, 3);
        assert_eq!(labels.stats.labelled_documents, 1);
        assert!((labels.stats.coverage - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            labels.stats.positives[Niche::Fitness.index()],
            (Niche::Fitness, 1)
        );
        assert_eq!(
            labels.stats.negatives[Niche::Food.index()],
            (Niche::Food, 1)
        );
        assert_eq!(
            labels.labels[[2, Niche::Fitness.index()]],
            WeakLabel::Positive
        );
        assert_eq!(
            labels.labels[[0, Niche::Travel.index()]],
            WeakLabel::Abstain
        );
    }

    #[test]
    fn rules_are_validated() {
        assert!(WeakLabelRules::default().validate().is_ok());
        let bad = WeakLabelRules {
            min_positive_share: 1.5,
            ..WeakLabelRules::default()
        };
        assert!(bad.validate().is_err());
    }
}
