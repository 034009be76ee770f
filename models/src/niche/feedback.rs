//! A search text's niche read from what it matches (pseudo-relevance feedback). The
//! classifier reads a two-word query from its words alone, and a common word can outweigh
//! the telling one: "aulas de violão" reads as education ("aulas", lessons) although every
//! creator whose posts say "violão" makes music. The creators the text matches best say what
//! the words are about in this index; their niche probabilities, weighted by how well each
//! matched, correct the classifier's reading.

use crate::{Niche, NicheScores};

/// Best text matches whose niches are averaged.
pub const FEEDBACK_MATCHES: usize = 20;

/// Fewer text matches than this say too little: the reading is left as the classifier made it.
pub const FEEDBACK_MIN_MATCHES: usize = 5;

/// What is left of a niche the classifier read when the matches show none of it: the matches
/// can halve a reading, never remove it.
pub const FEEDBACK_FLOOR: f32 = 0.5;

/// Share of the matches' mix a niche needs to stand as the reading of words the classifier
/// reads no niche into.
pub const FEEDBACK_ALONE: f32 = 0.4;

/// The matches' mix as the reading of a text the classifier reads no niche into, when they
/// agree on one: its largest share reaches [`FEEDBACK_ALONE`].
pub fn reading_from_matches(mix: &NicheScores) -> Option<NicheScores> {
    let top = mix
        .probabilities
        .iter()
        .map(|(_, probability)| clean(*probability))
        .fold(0.0_f32, f32::max);
    (top >= FEEDBACK_ALONE).then(|| mix.clone())
}

/// The niche mix of a text's best matches: each match's niche probabilities weighted by its
/// text score, over the [`FEEDBACK_MATCHES`] best-scoring matches (scores ≤ 0 are not
/// matches). `None` with fewer than [`FEEDBACK_MIN_MATCHES`] matches.
pub fn matches_niche_mix<'a>(
    matches: impl IntoIterator<Item = (f32, &'a NicheScores)>,
) -> Option<NicheScores> {
    let mut scored: Vec<(f32, &NicheScores)> = matches
        .into_iter()
        .filter(|(score, _)| score.is_finite() && *score > 0.0)
        .collect();
    if scored.len() < FEEDBACK_MIN_MATCHES {
        return None;
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.truncate(FEEDBACK_MATCHES);
    let total: f32 = scored.iter().map(|(score, _)| score).sum();
    let probabilities = Niche::ALL
        .iter()
        .map(|niche| {
            let weighted: f32 = scored
                .iter()
                .map(|(score, scores)| score * clean(scores.probability(*niche)))
                .sum();
            (*niche, weighted / total)
        })
        .collect();
    Some(NicheScores { probabilities })
}

/// The classifier's reading of a text weighed against its matches' niche mix: each niche
/// the classifier read keeps [`FEEDBACK_FLOOR`] of its probability plus the rest in
/// proportion to its share of the mix (relative to the mix's largest), and the result is
/// scaled back to the reading's largest probability. The matches only re-weigh niches the
/// words were read as (a tie between "lessons" → education and "guitar" → music goes to
/// music); they never add one, and a mix spread over many niches (a common word matched)
/// changes the reading's proportions little. Without a mix the reading stands as it is.
pub fn with_feedback(reading: &NicheScores, mix: Option<&NicheScores>) -> NicheScores {
    let Some(mix) = mix else {
        return reading.clone();
    };
    let mix_top = Niche::ALL
        .iter()
        .map(|niche| clean(mix.probability(*niche)))
        .fold(0.0_f32, f32::max);
    if mix_top <= 0.0 {
        return reading.clone();
    }
    let weighed: Vec<(Niche, f32)> = Niche::ALL
        .iter()
        .map(|niche| {
            let support = clean(mix.probability(*niche)) / mix_top;
            let factor = FEEDBACK_FLOOR + (1.0 - FEEDBACK_FLOOR) * support;
            (*niche, clean(reading.probability(*niche)) * factor)
        })
        .collect();
    let reading_top = Niche::ALL
        .iter()
        .map(|niche| clean(reading.probability(*niche)))
        .fold(0.0_f32, f32::max);
    let weighed_top = weighed
        .iter()
        .map(|(_, probability)| *probability)
        .fold(0.0_f32, f32::max);
    let scale = if weighed_top > 0.0 {
        reading_top / weighed_top
    } else {
        1.0
    };
    NicheScores {
        probabilities: weighed
            .into_iter()
            .map(|(niche, probability)| (niche, (probability * scale).min(1.0)))
            .collect(),
    }
}

fn clean(probability: f32) -> f32 {
    if probability.is_finite() {
        probability.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(pairs: &[(Niche, f32)]) -> NicheScores {
        NicheScores {
            probabilities: pairs.to_vec(),
        }
    }

    #[test]
    fn the_best_matches_decide_the_mix_in_proportion_to_their_scores() {
        let music = scores(&[(Niche::Music, 0.9), (Niche::Education, 0.1)]);
        let education = scores(&[(Niche::Education, 0.8)]);
        let mut matches = vec![(4.0, &music); 6];
        matches.push((2.0, &education));
        // Non-matches (score 0) never count.
        matches.extend(vec![(0.0, &education); 30]);
        let mix = matches_niche_mix(matches).expect("seven matches");
        let total = 6.0 * 4.0 + 2.0;
        let expected_music = 6.0 * 4.0 * 0.9 / total;
        let expected_education = (6.0 * 4.0 * 0.1 + 2.0 * 0.8) / total;
        assert!((mix.probability(Niche::Music) - expected_music).abs() < 1e-6);
        assert!((mix.probability(Niche::Education) - expected_education).abs() < 1e-6);
        assert_eq!(mix.probability(Niche::Food), 0.0);
    }

    #[test]
    fn only_the_best_matches_count_and_few_matches_give_no_mix() {
        let music = scores(&[(Niche::Music, 1.0)]);
        let food = scores(&[(Niche::Food, 1.0)]);
        let few = vec![(3.0, &music); FEEDBACK_MIN_MATCHES - 1];
        assert_eq!(matches_niche_mix(few), None);
        // The FEEDBACK_MATCHES best are music; the weaker food matches are cut off.
        let mut many = vec![(1.0, &food); 40];
        many.extend(vec![(5.0, &music); FEEDBACK_MATCHES]);
        let mix = matches_niche_mix(many).expect("enough matches");
        assert!((mix.probability(Niche::Music) - 1.0).abs() < 1e-6);
        assert_eq!(mix.probability(Niche::Food), 0.0);
    }

    #[test]
    fn the_mix_breaks_a_tie_between_the_words_and_never_adds_a_niche() {
        let reading = scores(&[(Niche::Education, 0.76), (Niche::Music, 0.76)]);
        let mix = scores(&[(Niche::Music, 0.6), (Niche::Art, 0.2)]);
        let corrected = with_feedback(&reading, Some(&mix));
        assert!((corrected.probability(Niche::Music) - 0.76).abs() < 1e-6);
        assert!((corrected.probability(Niche::Education) - 0.38).abs() < 1e-6);
        // Art was matched but not read: it stays out.
        assert_eq!(corrected.probability(Niche::Art), 0.0);
        assert_eq!(with_feedback(&reading, None), reading);
    }

    #[test]
    fn matches_that_agree_stand_for_a_reading_and_spread_ones_do_not() {
        let agreeing = scores(&[(Niche::Education, 0.55), (Niche::Finance, 0.2)]);
        assert_eq!(reading_from_matches(&agreeing), Some(agreeing.clone()));
        let spread = scores(&[(Niche::Education, 0.3), (Niche::Finance, 0.25)]);
        assert_eq!(reading_from_matches(&spread), None);
    }

    #[test]
    fn a_mix_that_misses_the_only_niche_read_leaves_the_reading_whole() {
        let reading = scores(&[(Niche::Gaming, 0.76), (Niche::Wellness, 0.04)]);
        let mix = scores(&[(Niche::Food, 0.33), (Niche::Wellness, 0.14)]);
        let corrected = with_feedback(&reading, Some(&mix));
        assert!((corrected.probability(Niche::Gaming) - 0.76).abs() < 1e-6);
        let wellness = 0.04 * (0.5 + 0.5 * 0.14 / 0.33) * 0.76 / (0.76 * 0.5);
        assert!((corrected.probability(Niche::Wellness) - wellness).abs() < 1e-6);
    }
}
