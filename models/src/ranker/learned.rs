//! The learned ranker: the same blend as [`super::Ranker`], with weights learned from graded
//! relevance judgements by logistic regression (linfa-logistic) on pairwise differences
//! (RankNet-style): for two results of one query where `a` is more relevant than `b`, the
//! model learns `P(a above b) = logistic(θ · (x_a - x_b))`.
//!
//! Each result's features are its five signals (text, niche, engagement, audience,
//! credibility), a missing signal encoded as 0.5 plus a "missing" indicator. Value
//! coefficients are kept non-negative (an active set: a signal whose coefficient comes out
//! negative is dropped and the model refitted), so the model stays a blend that the score
//! breakdown explains: `score = Σ w_k v_k / Σ w_k` with `w_k` the value coefficients and, for a
//! missing signal, `v_k` replaced by its learned stand-in `clamp(0.5 + u_k / w_k, 0, 1)`
//! (`u_k` the indicator's coefficient: what a missing signal has meant in the judgements).
//! The breakdown still says `None` for it. Constant signals within a query (a brief without
//! an audience target) cancel out in the differences and teach nothing, as they should. One
//! exception to the stand-in: when the classifier reads no niche into a query, niche fit is
//! missing for all its results and the text match stands in for it (see `part_values`), so
//! such a query is still ranked by relevance to what it asks.
//!
//! [`LearnedRanker::update`] takes one SGD step on the same pairwise loss from a piece of
//! feedback ("this result should be above that one").
//!
//! The score is the blend times [`super::credibility_gate`], [`super::audience_gate`] and
//! [`super::niche_gate`], as for [`super::Ranker`].

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::{clean_breakdown, RankSignals, RankedScore, RankerWeights, ScoreBreakdown};
use crate::ModelError;

/// Format of `ranker_learned.json` this build reads and writes.
pub const LEARNED_RANKER_FORMAT: u32 = 1;

/// Number of signals (the parts of a [`super::ScoreBreakdown`]).
const PARTS: usize = 5;
/// Value a missing signal is encoded with.
const MISSING_VALUE: f64 = 0.5;
/// Refits of the active set at most (one per dropped signal).
const MAX_REFITS: usize = PARTS;

/// One judged result: a query, the result's signals for it, and its graded relevance (0–3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingExample {
    pub query_id: String,
    pub signals: RankSignals,
    pub relevance: u8,
}

/// Settings of [`LearnedRanker::train`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnedRankerParams {
    /// L2 regularisation of the logistic regression (on its summed loss).
    pub alpha: f64,
    /// L-BFGS iterations per fit.
    pub max_iterations: u64,
    /// Pairs drawn per query at most (deterministic sample).
    pub max_pairs_per_query: usize,
    /// Pairs in all at most.
    pub max_pairs: usize,
    /// Step size of [`LearnedRanker::update`].
    pub learning_rate: f64,
    /// Seed of the pair sample.
    pub seed: u64,
}

impl Default for LearnedRankerParams {
    fn default() -> Self {
        LearnedRankerParams {
            alpha: 1.0,
            max_iterations: 200,
            max_pairs_per_query: 3_000,
            max_pairs: 120_000,
            learning_rate: 0.05,
            seed: 17,
        }
    }
}

impl LearnedRankerParams {
    /// Checks the parameters: positive, finite, non-zero caps.
    pub fn validate(&self) -> Result<(), ModelError> {
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(ModelError::invalid(
                "alpha",
                "must be a finite, non-negative number",
            ));
        }
        if self.max_iterations == 0 {
            return Err(ModelError::invalid("max_iterations", "must be positive"));
        }
        if self.max_pairs_per_query == 0 || self.max_pairs == 0 {
            return Err(ModelError::invalid("max_pairs", "must be positive"));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(ModelError::invalid(
                "learning_rate",
                "must be a positive number",
            ));
        }
        Ok(())
    }
}

/// Training figures of a learned ranker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LearnedRankerReport {
    pub queries: usize,
    pub examples: usize,
    pub pairs: usize,
    /// Share of training pairs the learned blend orders correctly.
    pub pairwise_accuracy: f64,
    /// Feedback steps taken since training.
    pub updates: u64,
}

/// A blend whose weights (and stand-ins for missing signals) were learned from judgements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnedRanker {
    format: u32,
    /// Coefficients of the signal values, in [`RankerWeights`] order (text, niche,
    /// engagement, audience, credibility); never negative.
    value_coefficients: [f64; PARTS],
    /// Coefficients of the "missing" indicators, same order.
    missing_coefficients: [f64; PARTS],
    learning_rate: f64,
    report: LearnedRankerReport,
}

impl LearnedRanker {
    /// Learns the blend from graded `examples` (see the module docs). Fails without two
    /// results of different relevance in one query, or when every signal ends up with a
    /// zero weight (keep the fixed [`super::Ranker`] then).
    pub fn train(
        examples: &[RankingExample],
        params: LearnedRankerParams,
    ) -> Result<LearnedRanker, ModelError> {
        params.validate()?;
        let pairs = sample_pairs(examples, &params);
        if pairs.is_empty() {
            return Err(ModelError::NoRankingPairs);
        }
        let features: Vec<[f64; 2 * PARTS]> = examples
            .iter()
            .map(|example| encode(&example.signals))
            .collect();
        let mut active: Vec<usize> = (0..PARTS).collect();
        let mut coefficients = [0.0; 2 * PARTS];
        for _ in 0..=MAX_REFITS {
            coefficients = fit(&features, &pairs, &active, &params)?;
            let negative: Vec<usize> = active
                .iter()
                .copied()
                .filter(|part| coefficients[*part] < 0.0)
                .collect();
            if negative.is_empty() {
                break;
            }
            active.retain(|part| !negative.contains(part));
            if active.is_empty() {
                return Err(ModelError::DegenerateRanker);
            }
        }
        let mut value_coefficients = [0.0; PARTS];
        let mut missing_coefficients = [0.0; PARTS];
        for part in &active {
            value_coefficients[*part] = coefficients[*part].max(0.0);
            missing_coefficients[*part] = coefficients[PARTS + *part];
        }
        if value_coefficients.iter().all(|weight| *weight <= 0.0) {
            return Err(ModelError::DegenerateRanker);
        }
        let mut ranker = LearnedRanker {
            format: LEARNED_RANKER_FORMAT,
            value_coefficients,
            missing_coefficients,
            learning_rate: params.learning_rate,
            report: LearnedRankerReport {
                queries: count_queries(examples),
                examples: examples.len(),
                pairs: pairs.len(),
                ..LearnedRankerReport::default()
            },
        };
        let correct = pairs
            .iter()
            .filter(|(better, worse)| {
                ranker.score(&examples[*better].signals).score
                    > ranker.score(&examples[*worse].signals).score
            })
            .count();
        ranker.report.pairwise_accuracy = correct as f64 / pairs.len() as f64;
        Ok(ranker)
    }

    /// A ranker that starts as the fixed blend of `weights` (a missing signal counts as 0.5
    /// until updates teach otherwise), for online updates from feedback when no ranker was
    /// trained. Fails on weights [`RankerWeights::validate`] refuses or a bad `learning_rate`.
    pub fn from_weights(
        weights: &RankerWeights,
        learning_rate: f64,
    ) -> Result<LearnedRanker, ModelError> {
        weights.validate()?;
        if !(learning_rate.is_finite() && learning_rate > 0.0) {
            return Err(ModelError::invalid(
                "learning_rate",
                "must be a positive number",
            ));
        }
        Ok(LearnedRanker {
            format: LEARNED_RANKER_FORMAT,
            value_coefficients: [
                weights.text,
                weights.niche,
                weights.engagement,
                weights.audience,
                weights.credibility,
            ],
            missing_coefficients: [0.0; PARTS],
            learning_rate,
            report: LearnedRankerReport::default(),
        })
    }

    /// The blended score in [0, 1] with the breakdown of the signals present.
    pub fn score(&self, signals: &RankSignals) -> RankedScore {
        let breakdown = clean_breakdown(signals);
        let values = part_values(&breakdown);
        let (mut weighted, mut total) = (0.0, 0.0);
        for (part, value) in values.iter().enumerate() {
            let weight = self.value_coefficients[part];
            if weight <= 0.0 {
                continue;
            }
            weighted += weight * value.unwrap_or_else(|| self.missing_value(part));
            total += weight;
        }
        let blend = if total > 0.0 { weighted / total } else { 0.0 };
        let score = blend
            * super::credibility_gate(breakdown.credibility)
            * super::audience_gate(breakdown.audience_match)
            * super::niche_gate(breakdown.niche_fit);
        RankedScore {
            score: score.clamp(0.0, 1.0),
            breakdown,
        }
    }

    /// One SGD step of the pairwise loss: `preferred` should rank above `other`. Value
    /// coefficients stay non-negative; a step that would zero them all is not taken.
    pub fn update(&mut self, preferred: &RankSignals, other: &RankSignals) {
        let better = encode(preferred);
        let worse = encode(other);
        let mut difference = [0.0; 2 * PARTS];
        for (slot, (a, b)) in difference.iter_mut().zip(better.iter().zip(&worse)) {
            *slot = a - b;
        }
        let margin: f64 = (0..PARTS)
            .map(|part| {
                self.value_coefficients[part] * difference[part]
                    + self.missing_coefficients[part] * difference[PARTS + part]
            })
            .sum();
        let gradient_scale = self.learning_rate / (1.0 + margin.exp());
        let mut values = self.value_coefficients;
        let mut missing = self.missing_coefficients;
        for part in 0..PARTS {
            values[part] = (values[part] + gradient_scale * difference[part]).max(0.0);
            missing[part] += gradient_scale * difference[PARTS + part];
        }
        if values.iter().any(|weight| *weight > 0.0) && values.iter().all(|w| w.is_finite()) {
            self.value_coefficients = values;
            self.missing_coefficients = missing;
            self.report.updates += 1;
        }
    }

    /// The learned weights, normalised to sum to 1 (for display, or for the fixed ranker).
    pub fn weights(&self) -> RankerWeights {
        let total: f64 = self.value_coefficients.iter().sum();
        let share = |part: usize| {
            if total > 0.0 {
                self.value_coefficients[part] / total
            } else {
                0.0
            }
        };
        RankerWeights {
            text: share(0),
            niche: share(1),
            engagement: share(2),
            audience: share(3),
            credibility: share(4),
        }
    }

    /// What a missing signal counts as, in [`RankerWeights`] order (`None` for signals with
    /// no weight).
    pub fn missing_values(&self) -> [Option<f64>; PARTS] {
        std::array::from_fn(|part| {
            (self.value_coefficients[part] > 0.0).then(|| self.missing_value(part))
        })
    }

    pub fn report(&self) -> &LearnedRankerReport {
        &self.report
    }

    /// Checks a loaded model: known format, finite coefficients, non-negative weights.
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.format != LEARNED_RANKER_FORMAT {
            return Err(ModelError::UnsupportedFormat {
                found: self.format,
                expected: LEARNED_RANKER_FORMAT,
            });
        }
        let sound = self
            .value_coefficients
            .iter()
            .all(|weight| weight.is_finite() && *weight >= 0.0)
            && self
                .missing_coefficients
                .iter()
                .all(|value| value.is_finite())
            && self.value_coefficients.iter().any(|weight| *weight > 0.0);
        if sound {
            Ok(())
        } else {
            Err(ModelError::CorruptModel(
                "learned ranker weights must be finite, non-negative and not all zero".into(),
            ))
        }
    }

    fn missing_value(&self, part: usize) -> f64 {
        let weight = self.value_coefficients[part];
        if weight <= 0.0 {
            return MISSING_VALUE;
        }
        (MISSING_VALUE + self.missing_coefficients[part] / weight).clamp(0.0, 1.0)
    }
}

/// `[values (0.5 when missing)…, missing indicators…]`.
fn encode(signals: &RankSignals) -> [f64; 2 * PARTS] {
    let breakdown = clean_breakdown(signals);
    let values = part_values(&breakdown);
    let mut encoded = [0.0; 2 * PARTS];
    for (part, value) in values.iter().enumerate() {
        encoded[part] = value.unwrap_or(MISSING_VALUE);
        encoded[PARTS + part] = if value.is_some() { 0.0 } else { 1.0 };
    }
    encoded
}

/// The values the blend weighs, in [`RankerWeights`] order. Niche fit is missing for every
/// candidate of a query the classifier reads no niche into; the text match is then the
/// query's only reading of what is asked, so it stands in for niche fit (and the niche
/// weight keeps ranking by relevance to the query instead of passing to audience and
/// credibility alone). The breakdown still says `None` for niche fit.
fn part_values(breakdown: &ScoreBreakdown) -> [Option<f64>; PARTS] {
    [
        breakdown.text_relevance,
        breakdown.niche_fit.or(breakdown.text_relevance),
        breakdown.engagement,
        breakdown.audience_match,
        breakdown.credibility,
    ]
}

/// Fits the pairwise logistic regression over the active parts (value and indicator
/// columns); returns coefficients in encoding order, 0 for inactive parts.
fn fit(
    features: &[[f64; 2 * PARTS]],
    pairs: &[(usize, usize)],
    active: &[usize],
    params: &LearnedRankerParams,
) -> Result<[f64; 2 * PARTS], ModelError> {
    let columns: Vec<usize> = active
        .iter()
        .copied()
        .chain(active.iter().map(|part| PARTS + part))
        .collect();
    let rows = pairs.len() * 2;
    let mut records = Array2::<f64>::zeros((rows, columns.len()));
    let mut targets = Array1::<bool>::from_elem(rows, false);
    for (position, (better, worse)) in pairs.iter().enumerate() {
        for (column, feature) in columns.iter().enumerate() {
            let difference = features[*better][*feature] - features[*worse][*feature];
            records[[2 * position, column]] = difference;
            records[[2 * position + 1, column]] = -difference;
        }
        targets[2 * position] = true;
    }
    let dataset = Dataset::new(records, targets);
    let model = LogisticRegression::default()
        .alpha(params.alpha)
        .max_iterations(params.max_iterations)
        .with_intercept(false)
        .fit(&dataset)
        .map_err(ModelError::RankerTraining)?;
    // linfa orients the model toward its "positive" label: turn it toward `true`.
    let sign = if model.labels().pos.class { 1.0 } else { -1.0 };
    let mut coefficients = [0.0; 2 * PARTS];
    for (column, value) in columns.iter().zip(model.params()) {
        coefficients[*column] = sign * value;
    }
    Ok(coefficients)
}

/// Pairs `(more relevant, less relevant)` of results of one query, at most
/// `max_pairs_per_query` per query (a deterministic sample) and `max_pairs` in all.
fn sample_pairs(examples: &[RankingExample], params: &LearnedRankerParams) -> Vec<(usize, usize)> {
    let mut queries: Vec<(&str, Vec<usize>)> = Vec::new();
    for (position, example) in examples.iter().enumerate() {
        match queries
            .iter_mut()
            .find(|(query, _)| *query == example.query_id)
        {
            Some((_, members)) => members.push(position),
            None => queries.push((example.query_id.as_str(), vec![position])),
        }
    }
    let mut random = SplitMix(params.seed);
    let mut pairs = Vec::new();
    for (_, members) in &queries {
        let mut query_pairs = Vec::new();
        for (offset, first) in members.iter().enumerate() {
            for second in &members[offset + 1..] {
                let (a, b) = (examples[*first].relevance, examples[*second].relevance);
                if a > b {
                    query_pairs.push((*first, *second));
                } else if b > a {
                    query_pairs.push((*second, *first));
                }
            }
        }
        random.keep_sample(&mut query_pairs, params.max_pairs_per_query);
        pairs.extend(query_pairs);
    }
    random.keep_sample(&mut pairs, params.max_pairs);
    pairs
}

fn count_queries(examples: &[RankingExample]) -> usize {
    let mut queries: Vec<&str> = examples
        .iter()
        .map(|example| example.query_id.as_str())
        .collect();
    queries.sort_unstable();
    queries.dedup();
    queries.len()
}

/// SplitMix64: a tiny deterministic generator for the pair sample.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Keeps a uniform sample of `limit` items (partial Fisher–Yates), in sampled order.
    fn keep_sample<T>(&mut self, items: &mut Vec<T>, limit: usize) {
        if items.len() <= limit {
            return;
        }
        for position in 0..limit {
            let remaining = (items.len() - position) as u64;
            let pick = position + (self.next() % remaining) as usize;
            items.swap(position, pick);
        }
        items.truncate(limit);
    }
}

#[cfg(test)]
mod tests;
