//! The learned ranker's relevance labels: TRAIN briefs only, graded from the ground truth like
//! the EVAL briefs, over the results Scout returns for them (their score breakdowns are the
//! ranker's inputs). The ranker is saved beside the newest models; EVAL briefs never reach it.

use scout_models::{
    LearnedRanker, LearnedRankerParams, ModelBundle, ModelError, RankSignals, RankingExample,
};
use serde::{Deserialize, Serialize};

use super::briefs::Brief;
use super::error::EvalError;
use super::judge::Judgments;
use super::systems::{search_parts, RANKING_DEPTH};
use crate::paths::DataDir;
use crate::pipeline::{SearchQuery, SearchService};
use crate::sim::TruthCreator;

/// What training the learned ranker did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankerTraining {
    /// TRAIN briefs with judged results.
    pub queries: usize,
    /// Judged results (brief, creator) it learned from.
    pub examples: usize,
    /// Result pairs of different relevance it was fitted on.
    pub pairs: usize,
    /// Share of those pairs the learned blend orders correctly.
    pub pairwise_accuracy: f64,
}

/// Judges Scout's results for the TRAIN `briefs`, fits a [`LearnedRanker`] on them and saves it
/// with the newest model version. `None` when there are no models yet, or the judgements hold
/// no pair to learn from or teach no positive weight (the fixed blend stays in use).
pub fn train_ranker(
    service: &SearchService,
    data: &DataDir,
    briefs: &[Brief],
    pool: &[&TruthCreator],
) -> Result<Option<RankerTraining>, EvalError> {
    let Some(manifest) = service.manifest() else {
        return Ok(None);
    };
    let mut examples = Vec::new();
    for brief in briefs {
        let judgments = Judgments::new(brief, pool.iter().copied());
        let query = SearchQuery::new(search_parts(brief, RANKING_DEPTH))?;
        for result in service.search(&query)?.results {
            let breakdown = result.breakdown;
            examples.push(RankingExample {
                query_id: brief.id.clone(),
                signals: RankSignals {
                    text_relevance: breakdown.text_relevance,
                    niche_fit: breakdown.niche_fit,
                    engagement: breakdown.engagement,
                    audience_match: breakdown.audience_match,
                    credibility: breakdown.credibility,
                },
                relevance: judgments.grade_of(result.id.as_str()),
            });
        }
    }
    let ranker = match LearnedRanker::train(&examples, LearnedRankerParams::default()) {
        Ok(ranker) => ranker,
        Err(ModelError::NoRankingPairs | ModelError::DegenerateRanker) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    ModelBundle::save_learned_ranker(&data.models_dir(), &manifest.model_version, &ranker)?;
    let report = ranker.report();
    Ok(Some(RankerTraining {
        queries: report.queries,
        examples: report.examples,
        pairs: report.pairs,
        pairwise_accuracy: report.pairwise_accuracy,
    }))
}
