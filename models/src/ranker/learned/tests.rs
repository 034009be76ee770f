use super::*;
use crate::ranker::Ranker;

/// Deterministic pseudo-random values in [0, 1).
fn uniform(state: &mut SplitMix) -> f64 {
    (state.next() >> 11) as f64 / (1u64 << 53) as f64
}

/// Queries whose relevance comes from niche fit and credibility; text relevance is noise
/// and engagement runs against relevance. Audience is known for half the results, and where
/// it is missing the result tends to be irrelevant.
fn judged(queries: usize, per_query: usize, seed: u64) -> Vec<RankingExample> {
    let mut random = SplitMix(seed);
    let mut examples = Vec::new();
    for query in 0..queries {
        for _ in 0..per_query {
            let niche = uniform(&mut random);
            let credibility = uniform(&mut random);
            let text = uniform(&mut random);
            let audience_known = uniform(&mut random) < 0.5;
            let audience = uniform(&mut random);
            let utility = 2.0 * niche
                + 1.5 * credibility
                + if audience_known { 0.8 * audience } else { 0.0 }
                + 0.3 * uniform(&mut random);
            let relevance = (utility * 1.1).floor().clamp(0.0, 3.0) as u8;
            examples.push(RankingExample {
                query_id: format!("q{query}"),
                signals: RankSignals {
                    text_relevance: Some(text),
                    niche_fit: Some(niche),
                    engagement: Some(1.0 - niche),
                    audience_match: audience_known.then_some(audience),
                    credibility: Some(credibility),
                },
                relevance,
            });
        }
    }
    examples
}

fn ndcg_like_accuracy(score: impl Fn(&RankSignals) -> f64, examples: &[RankingExample]) -> f64 {
    let (mut correct, mut total) = (0usize, 0usize);
    for a in examples {
        for b in examples {
            if a.query_id == b.query_id && a.relevance > b.relevance {
                total += 1;
                correct += usize::from(score(&a.signals) > score(&b.signals));
            }
        }
    }
    correct as f64 / total.max(1) as f64
}

#[test]
fn learns_which_signals_matter() {
    let train = judged(12, 60, 1);
    let test = judged(6, 60, 2);
    let learned = LearnedRanker::train(&train, LearnedRankerParams::default()).unwrap();
    let weights = learned.weights();
    assert!(
        weights.niche > weights.text && weights.credibility > weights.text,
        "{weights:?}"
    );
    assert_eq!(
        weights.engagement, 0.0,
        "a signal against relevance gets no weight"
    );
    let total =
        weights.text + weights.niche + weights.engagement + weights.audience + weights.credibility;
    assert!((total - 1.0).abs() < 1e-9);
    let report = learned.report();
    assert_eq!(report.queries, 12);
    assert_eq!(report.examples, 720);
    // Relevance here is linear in credibility; the credibility gate scales low credibility
    // down more steeply (0.15 at 0.1), which costs a little pairwise accuracy on this world.
    assert!(report.pairwise_accuracy > 0.84, "{report:?}");

    let fixed = Ranker::new(RankerWeights::default());
    let learned_accuracy = ndcg_like_accuracy(|s| learned.score(s).score, &test);
    let fixed_accuracy = ndcg_like_accuracy(|s| fixed.score(s).score, &test);
    assert!(
        learned_accuracy > fixed_accuracy + 0.05,
        "{learned_accuracy} {fixed_accuracy}"
    );
}

#[test]
fn missing_signals_get_a_learned_stand_in() {
    let learned = LearnedRanker::train(&judged(12, 60, 3), LearnedRankerParams::default()).unwrap();
    let stand_in = learned.missing_values()[3].expect("audience has a weight");
    // A missing audience went with lower relevance than an average known one.
    assert!(stand_in < 0.5, "{stand_in}");
    let known = RankSignals {
        text_relevance: Some(0.5),
        niche_fit: Some(0.8),
        engagement: Some(0.2),
        audience_match: Some(0.9),
        credibility: Some(0.9),
    };
    let unknown = RankSignals {
        audience_match: None,
        ..known.clone()
    };
    let with = learned.score(&known);
    let without = learned.score(&unknown);
    assert!(with.score > without.score);
    assert_eq!(
        without.breakdown.audience_match, None,
        "never invented in the breakdown"
    );
    assert!((0.0..=1.0).contains(&without.score));
}

#[test]
fn refuses_what_it_cannot_learn_from() {
    let flat: Vec<RankingExample> = judged(3, 10, 4)
        .into_iter()
        .map(|example| RankingExample {
            relevance: 2,
            ..example
        })
        .collect();
    assert!(matches!(
        LearnedRanker::train(&flat, LearnedRankerParams::default()),
        Err(ModelError::NoRankingPairs)
    ));
    assert!(matches!(
        LearnedRanker::train(&[], LearnedRankerParams::default()),
        Err(ModelError::NoRankingPairs)
    ));
    // Relevance that every signal contradicts leaves no positive weight.
    let perverse: Vec<RankingExample> = (0..40)
        .map(|n| {
            let value = f64::from(n) / 40.0;
            RankingExample {
                query_id: "q".into(),
                signals: RankSignals {
                    text_relevance: Some(value),
                    niche_fit: Some(value),
                    engagement: Some(value),
                    audience_match: Some(value),
                    credibility: Some(value),
                },
                relevance: 3 - (n / 10) as u8,
            }
        })
        .collect();
    assert!(matches!(
        LearnedRanker::train(&perverse, LearnedRankerParams::default()),
        Err(ModelError::DegenerateRanker)
    ));
    let bad = LearnedRankerParams {
        learning_rate: 0.0,
        ..LearnedRankerParams::default()
    };
    assert!(LearnedRanker::train(&judged(2, 10, 5), bad).is_err());
}

#[test]
fn feedback_moves_the_weights_toward_the_preference() {
    let mut learned =
        LearnedRanker::train(&judged(8, 40, 6), LearnedRankerParams::default()).unwrap();
    let before = learned.weights();
    let preferred = RankSignals {
        text_relevance: Some(1.0),
        niche_fit: Some(0.5),
        engagement: Some(0.5),
        audience_match: Some(0.5),
        credibility: Some(0.5),
    };
    let other = RankSignals {
        text_relevance: Some(0.0),
        ..preferred.clone()
    };
    for _ in 0..200 {
        learned.update(&preferred, &other);
    }
    let after = learned.weights();
    assert!(after.text > before.text, "{before:?} {after:?}");
    assert_eq!(learned.report().updates, 200);
    assert!(learned.validate().is_ok());
}

#[test]
fn round_trips_through_json_and_rejects_corruption() {
    let learned = LearnedRanker::train(&judged(4, 30, 7), LearnedRankerParams::default()).unwrap();
    let json = serde_json::to_string(&learned).unwrap();
    let loaded: LearnedRanker = serde_json::from_str(&json).unwrap();
    assert!(loaded.validate().is_ok());
    let probe = RankSignals {
        text_relevance: Some(0.3),
        niche_fit: Some(0.7),
        engagement: None,
        audience_match: Some(0.4),
        credibility: Some(0.9),
    };
    assert!((loaded.score(&probe).score - learned.score(&probe).score).abs() < 1e-12);
    assert_eq!(loaded.report(), learned.report());
    let corrupt = json.replace("\"format\":1", "\"format\":9");
    let corrupt: LearnedRanker = serde_json::from_str(&corrupt).unwrap();
    assert!(matches!(
        corrupt.validate(),
        Err(ModelError::UnsupportedFormat { found: 9, .. })
    ));
}

#[test]
fn pair_samples_are_capped_and_deterministic() {
    let examples = judged(3, 50, 8);
    let params = LearnedRankerParams {
        max_pairs_per_query: 100,
        max_pairs: 250,
        ..LearnedRankerParams::default()
    };
    let pairs = sample_pairs(&examples, &params);
    assert_eq!(pairs.len(), 250);
    assert_eq!(pairs, sample_pairs(&examples, &params));
    for (better, worse) in &pairs {
        assert_eq!(examples[*better].query_id, examples[*worse].query_id);
        assert!(examples[*better].relevance > examples[*worse].relevance);
    }
}

#[test]
fn text_stands_in_for_a_niche_fit_the_query_lacks() {
    // Niche fit carries the weight, text almost none: without a niche reading of the query,
    // the text match must still order the results, not credibility alone. (Credibility at or
    // above the gate's full level: the gate is tested on its own.)
    let ranker = LearnedRanker::from_weights(
        &RankerWeights {
            text: 0.05,
            niche: 0.6,
            engagement: 0.0,
            audience: 0.0,
            credibility: 0.35,
        },
        0.05,
    )
    .unwrap();
    let result = |text: f64, credibility: f64| RankSignals {
        text_relevance: Some(text),
        niche_fit: None,
        engagement: None,
        audience_match: None,
        credibility: Some(credibility),
    };
    let matching = ranker.score(&result(1.0, 0.9));
    let credible = ranker.score(&result(0.2, 0.95));
    assert!(
        matching.score > credible.score,
        "{} vs {}",
        matching.score,
        credible.score
    );
    assert_eq!(matching.breakdown.niche_fit, None, "still shown as missing");
    // With a niche reading, niche fit is weighed as it is, whatever the text.
    let with_niche = RankSignals {
        niche_fit: Some(0.1),
        ..result(1.0, 0.9)
    };
    assert!(ranker.score(&with_niche).score < matching.score);
    // Neither text nor niche: the learned stand-in (0.5 here) for both.
    let neither = RankSignals {
        text_relevance: None,
        ..result(0.0, 0.9)
    };
    let expected = (0.05 * 0.5 + 0.6 * 0.5 + 0.35 * 0.9) / 1.0;
    assert!((ranker.score(&neither).score - expected).abs() < 1e-9);
}
