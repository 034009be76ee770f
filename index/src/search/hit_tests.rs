//! Hits read for ranking (fast fields) against hits read in full (stored documents): the
//! same numbers, and the stored model outputs only where asked for.

use scout_models::audience::{DimensionEstimate, Share};
use scout_models::credibility::CredibilitySignals;
use scout_models::{AudienceEstimate, CreatorId, Credibility, Niche, NicheScores, Platform};

use super::{CreatorFacts, HitDetail, IndexDocument, IndexHit, IndexQuery, SearchIndex};
use crate::error::IndexError;

/// An estimate of 40 samples: `share` of the audience in `country`, one key per other
/// dimension.
pub(super) fn estimate(country: &str, share: f64) -> AudienceEstimate {
    let dimension = |key: &str, share: f64| DimensionEstimate {
        shares: vec![Share {
            key: key.to_string(),
            share,
        }],
        confidence: 0.7,
        sample_size: 40,
    };
    AudienceEstimate {
        age: dimension("18-24", 0.4),
        gender: dimension("female", 0.6),
        country: dimension(country, share),
        language: dimension("en", 0.9),
        sample_size: 40,
        human_weight: 35.5,
    }
}

/// Creators `0..count`, every third without model outputs, the rest with odd-looking
/// numbers (a probability that is no short decimal, a score below 0.1).
fn documents(count: usize, generation: u32) -> Vec<IndexDocument> {
    (0..count)
        .map(|n| {
            let modelled = n % 3 != 0;
            let handle = format!("runner{n}");
            let platform = Platform::ALL[n % Platform::ALL.len()];
            IndexDocument {
                id: CreatorId::new(platform, &handle),
                platform,
                display_name: None,
                bio: Some(format!("trail runner number {n} generation {generation}")),
                captions: vec!["long run today".to_string()],
                hashtags: vec!["running".to_string()],
                followers: modelled.then_some(1_000 + n as u64 * 17),
                engagement_rate: modelled.then_some(0.013 + n as f64 / 7_000.0),
                niches: if modelled {
                    vec![Niche::Fitness, Niche::Sports]
                } else {
                    Vec::new()
                },
                niche_scores: modelled.then(|| NicheScores {
                    probabilities: vec![
                        (Niche::Fitness, 1.0 / 3.0 + n as f32 / 1_000.0),
                        (Niche::Sports, 0.2),
                        (Niche::Travel, 1e-7),
                    ],
                }),
                languages: vec!["en".to_string()],
                audience: modelled.then(|| estimate("US", 0.3 + f64::from(generation) / 10.0)),
                credibility: modelled.then(|| Credibility {
                    score: 0.05 + n as f64 / 97.0,
                    suspicious_audience_share: Some(0.1),
                    reasons: vec![format!("reason of generation {generation}")],
                    signals: CredibilitySignals::default(),
                    sample_size: 40,
                }),
                facts: CreatorFacts::default(),
                handle,
            }
        })
        .collect()
}

/// An index of 30 creators over two segments, the second replacing ten of the first.
fn index() -> SearchIndex {
    let index = SearchIndex::create_in_ram().unwrap();
    index
        .rebuild(documents(30, 0).into_iter().map(Ok::<_, IndexError>))
        .unwrap();
    index.upsert(&documents(30, 1)[10..20]).unwrap();
    index
}

fn hits(index: &SearchIndex, detail: HitDetail) -> Vec<IndexHit> {
    let result = index
        .search(&IndexQuery {
            text: Some("trail runner".to_string()),
            limit: 100,
            detail,
            ..IndexQuery::default()
        })
        .unwrap();
    assert_eq!(result.total, 30);
    result.hits
}

#[test]
fn ranking_hits_carry_the_numbers_of_full_hits_without_the_stored_outputs() {
    let index = index();
    let full = hits(&index, HitDetail::Full);
    let ranking = hits(&index, HitDetail::Ranking);
    let with_audience = hits(&index, HitDetail::RankingWithAudience);
    let modelled = full.iter().filter(|hit| hit.credibility.is_some()).count();
    assert_eq!(modelled, 20);
    for ((full, ranking), with_audience) in full.iter().zip(&ranking).zip(&with_audience) {
        assert_eq!(
            *ranking,
            IndexHit {
                audience: None,
                credibility: None,
                ..full.clone()
            }
        );
        assert_eq!(
            *with_audience,
            IndexHit {
                credibility: None,
                ..full.clone()
            }
        );
        // The stored JSON may read a float back one unit in the last place off (serde_json
        // without `float_roundtrip`); the fast field holds the very number indexed.
        let stored = full
            .credibility
            .as_ref()
            .map(|credibility| credibility.score);
        assert_eq!(full.credibility_score.is_some(), stored.is_some());
        if let (Some(fast), Some(stored)) = (full.credibility_score, stored) {
            assert!((fast - stored).abs() <= 1e-12);
        }
    }
}

#[test]
fn hits_hold_what_was_indexed_bit_for_bit() {
    let index = index();
    let expected: Vec<IndexDocument> = documents(30, 0)
        .into_iter()
        .enumerate()
        .map(|(n, document)| {
            if (10..20).contains(&n) {
                documents(30, 1).swap_remove(n)
            } else {
                document
            }
        })
        .collect();
    let found = hits(&index, HitDetail::Full);
    for document in &expected {
        let hit = found.iter().find(|hit| hit.id == document.id).unwrap();
        assert_eq!(hit.platform, document.platform);
        assert_eq!(hit.followers, document.followers);
        assert_eq!(
            hit.engagement_rate.map(f64::to_bits),
            document.engagement_rate.map(f64::to_bits)
        );
        assert_eq!(hit.niches, document.niches);
        match (&hit.niche_scores, &document.niche_scores) {
            (Some(read), Some(written)) => {
                assert_eq!(read.probabilities.len(), Niche::ALL.len());
                for niche in Niche::ALL {
                    assert_eq!(
                        read.probability(niche).to_bits(),
                        written.probability(niche).to_bits()
                    );
                }
            }
            (read, written) => assert_eq!(read.is_none(), written.is_none()),
        }
        assert_eq!(hit.audience.is_some(), document.audience.is_some());
        assert_eq!(
            hit.credibility.as_ref().map(|c| &c.reasons),
            document.credibility.as_ref().map(|c| &c.reasons)
        );
        assert_eq!(
            hit.credibility_score.map(f64::to_bits),
            document.credibility.as_ref().map(|c| c.score.to_bits())
        );
    }
}

#[test]
fn complete_hits_reads_the_stored_outputs_of_the_live_documents() {
    let index = index();
    let full = hits(&index, HitDetail::Full);
    let mut ranking = hits(&index, HitDetail::Ranking);
    index.complete_hits(ranking.iter_mut()).unwrap();
    assert_eq!(ranking, full);
    // The replaced creators read their second generation.
    let replaced = full
        .iter()
        .find(|hit| hit.id == CreatorId::new(Platform::ALL[11 % Platform::ALL.len()], "runner11"))
        .unwrap();
    assert_eq!(
        replaced.credibility.as_ref().unwrap().reasons,
        vec!["reason of generation 1".to_string()]
    );
    // A creator gone from the index keeps what its hit had.
    let gone = ranking[0].id.clone();
    index.remove(std::slice::from_ref(&gone)).unwrap();
    let mut stale = [IndexHit {
        audience: None,
        credibility: None,
        ..ranking[0].clone()
    }];
    index.complete_hits(stale.iter_mut()).unwrap();
    assert!(stale[0].credibility.is_none() && stale[0].audience.is_none());
}

#[test]
fn complete_audience_reads_what_ranking_with_audience_reads() {
    let index = index();
    let with_audience = hits(&index, HitDetail::RankingWithAudience);
    let mut ranking = hits(&index, HitDetail::Ranking);
    assert!(ranking.iter().all(|hit| hit.audience.is_none()));
    index.complete_audience(ranking.iter_mut()).unwrap();
    assert_eq!(ranking, with_audience);
    assert!(ranking.iter().any(|hit| hit.audience.is_some()));
    assert!(ranking.iter().all(|hit| hit.credibility.is_none()));
}

#[test]
fn the_audience_column_holds_the_stored_estimate_across_segments_and_merges() {
    use scout_models::audience::Share;
    // Estimates with many shares of awkward values, and one the column cannot hold (a key
    // over 255 bytes: read from the stored insights instead).
    let varied = |n: usize, generation: u32| {
        let mut documents = documents(30, generation);
        for (position, document) in documents.iter_mut().enumerate() {
            let Some(audience) = document.audience.as_mut() else {
                continue;
            };
            audience.country.shares = (0..position % 7 + 1)
                .map(|k| Share {
                    key: format!("{}{}", (b'A' + k as u8) as char, (b'A' + n as u8) as char),
                    share: 1.0 / (k + position + 3) as f64,
                })
                .collect();
            audience.language.confidence = 1.0 / (position + 7) as f64;
            audience.human_weight = position as f64 / 3.0;
            if position == 4 {
                audience.language.shares[0].key = "x".repeat(300);
            }
        }
        documents
    };
    let index = SearchIndex::create_in_ram().unwrap();
    index
        .rebuild(varied(0, 0).into_iter().map(Ok::<_, IndexError>))
        .unwrap();
    index.upsert(&varied(1, 1)[5..25]).unwrap();
    let check = |index: &SearchIndex| {
        let full = hits(index, HitDetail::Full);
        let with_audience = hits(index, HitDetail::RankingWithAudience);
        assert_eq!(full.iter().filter(|hit| hit.audience.is_some()).count(), 20);
        for (full, with_audience) in full.iter().zip(&with_audience) {
            assert_eq!(with_audience.audience, full.audience);
        }
        assert!(full
            .iter()
            .filter_map(|hit| hit.audience.as_ref())
            .any(|audience| audience.language.shares[0].key.len() == 300));
    };
    check(&index);
    assert!(index.reader.searcher().segment_readers().len() > 1);
    {
        let mut guard = index.writer_guard();
        let writer = index.writer_in(&mut guard).unwrap();
        let segments = index.index.searchable_segment_ids().unwrap();
        writer.merge(&segments).wait().unwrap();
    }
    index.reload().unwrap();
    assert_eq!(index.reader.searcher().segment_readers().len(), 1);
    check(&index);
}
