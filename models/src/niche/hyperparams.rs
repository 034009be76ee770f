//! Hyper-parameters of the niche classifier, checked once before training
//! ([`NicheParams`] → [`ValidNicheParams`], as linfa does).

use serde::{Deserialize, Serialize};

use super::labels::WeakLabelRules;
use crate::ModelError;

/// How lexicon evidence and the learned model combine into one probability.
///
/// `p = (1 - w) * p_model + w * p_lexicon` when the text has any lexicon hit, and
/// `p = p_model` otherwise. For documents, `p_lexicon = share * (1 - exp(-score / 3))` where
/// `share` is the niche's score over the strongest niche's: the seeds confirm the model on
/// long texts. For short query texts `p_lexicon = share`, and its weight is high: a query
/// naming a seed term means that niche; the model fills in queries without seed terms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BlendWeights {
    /// Lexicon weight `w` for creator documents.
    pub document: f64,
    /// Lexicon weight `w` for query texts.
    pub query: f64,
}

impl Default for BlendWeights {
    fn default() -> Self {
        BlendWeights {
            document: 0.3,
            query: 0.75,
        }
    }
}

/// Settings of [`super::NicheClassifier::train`]; defaults suit 1k–100k creators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicheParams {
    /// Labelled documents sampled (deterministically) to fit the vectoriser and the models;
    /// bounds the dense matrices.
    pub max_train_docs: usize,
    /// Vocabulary size: of the `5 * max_features` most frequent terms (linfa's vectoriser),
    /// those most informative about the weak labels.
    pub max_features: usize,
    /// A term must occur in at least this many training documents.
    pub min_document_count: usize,
    /// ...and in at most this share of them.
    pub max_document_share: f32,
    /// Columns each niche's regression sees: the terms whose document frequency differs most
    /// between its positives and negatives (either way). Bounds the dense matrices.
    pub max_head_features: usize,
    /// L2 regularisation of each logistic regression (on a summed loss).
    pub alpha: f64,
    /// L-BFGS iterations per niche.
    pub max_iterations: u64,
    /// Niches with fewer weak positives (or negatives) fall back to the lexicon alone.
    pub min_positives: usize,
    /// Positives used per niche at most (deterministic sample).
    pub max_positives: usize,
    /// Negatives sampled per positive; the intercept is corrected for the sampling.
    pub negatives_per_positive: f64,
    /// Drop lexicon terms from the vocabulary so the models learn the words around the seeds
    /// (the lexicon still counts through the blend).
    pub mask_lexicon_terms: bool,
    pub labels: WeakLabelRules,
    pub blend: BlendWeights,
    /// Seed of the deterministic samples.
    pub seed: u64,
    /// Worker threads (0 = all available cores).
    pub threads: usize,
}

impl Default for NicheParams {
    fn default() -> Self {
        NicheParams {
            max_train_docs: 4000,
            max_features: 3000,
            max_head_features: 600,
            min_document_count: 3,
            max_document_share: 0.5,
            alpha: 1.0,
            max_iterations: 60,
            min_positives: 15,
            max_positives: 600,
            negatives_per_positive: 3.0,
            mask_lexicon_terms: true,
            labels: WeakLabelRules::default(),
            blend: BlendWeights::default(),
            seed: 0x5C0_u64,
            threads: 0,
        }
    }
}

/// [`NicheParams`] that passed [`NicheParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNicheParams(NicheParams);

impl ValidNicheParams {
    pub fn params(&self) -> &NicheParams {
        &self.0
    }

    /// Worker threads to use: the setting, or the available cores.
    pub fn threads(&self) -> usize {
        match self.0.threads {
            0 => std::thread::available_parallelism()
                .map(usize::from)
                .unwrap_or(1),
            threads => threads,
        }
    }
}

impl NicheParams {
    /// Validates every setting once, before any work.
    pub fn check(self) -> Result<ValidNicheParams, ModelError> {
        if self.max_train_docs < 2 {
            return Err(ModelError::invalid("max_train_docs", "must be at least 2"));
        }
        if self.max_features == 0 {
            return Err(ModelError::invalid("max_features", "must be positive"));
        }
        if self.max_head_features == 0 {
            return Err(ModelError::invalid("max_head_features", "must be positive"));
        }
        if !(self.max_document_share > 0.0 && self.max_document_share <= 1.0) {
            return Err(ModelError::invalid(
                "max_document_share",
                "must be within (0, 1]",
            ));
        }
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(ModelError::invalid(
                "alpha",
                "must be finite and non-negative",
            ));
        }
        if self.max_iterations == 0 {
            return Err(ModelError::invalid("max_iterations", "must be positive"));
        }
        if self.min_positives == 0 || self.max_positives < self.min_positives {
            return Err(ModelError::invalid(
                "min_positives",
                "must be positive and at most max_positives",
            ));
        }
        if !(self.negatives_per_positive.is_finite() && self.negatives_per_positive >= 1.0) {
            return Err(ModelError::invalid(
                "negatives_per_positive",
                "must be at least 1",
            ));
        }
        for (name, weight) in [
            ("blend.document", self.blend.document),
            ("blend.query", self.blend.query),
        ] {
            if !(0.0..=1.0).contains(&weight) {
                return Err(ModelError::invalid(name, "must be within [0, 1]"));
            }
        }
        self.labels.validate()?;
        Ok(ValidNicheParams(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_bad_values_fail() {
        assert!(NicheParams::default().check().is_ok());
        let bad = [
            NicheParams {
                max_features: 0,
                ..NicheParams::default()
            },
            NicheParams {
                alpha: f64::NAN,
                ..NicheParams::default()
            },
            NicheParams {
                negatives_per_positive: 0.5,
                ..NicheParams::default()
            },
            NicheParams {
                min_positives: 700,
                ..NicheParams::default()
            },
            NicheParams {
                blend: BlendWeights {
                    document: 1.5,
                    query: 0.5,
                },
                ..NicheParams::default()
            },
        ];
        for params in bad {
            assert!(params.clone().check().is_err(), "{params:?}");
        }
    }
}
