//! Similar creators: one fixed-length vector per creator — niche probabilities, audience
//! shares and a hashed bag of the creator's top terms — compared by cosine similarity.
//!
//! Each block is L2-normalised on its own and weighted ([`NICHE_BLOCK_WEIGHT`],
//! [`AUDIENCE_BLOCK_WEIGHT`], [`TERM_BLOCK_WEIGHT`], shares of the squared norm), then the
//! whole vector is L2-normalised, so a missing block (no audience sample) lowers no one's
//! similarity more than the block's weight. Terms are hashed (FNV-1a, signed) into
//! [`TERM_DIMENSIONS`] buckets: no vocabulary to ship, and vectors from different model
//! versions stay comparable.
//!
//! ```
//! use scout_models::similar::{cosine, creator_vector};
//! use scout_models::{Niche, NicheScores};
//!
//! let scores = |niche: Niche| NicheScores { probabilities: vec![(niche, 0.9)] };
//! let runner = creator_vector(&scores(Niche::Fitness), None, &["marathon", "intervals"]);
//! let lifter = creator_vector(&scores(Niche::Fitness), None, &["deadlift", "intervals"]);
//! let baker = creator_vector(&scores(Niche::Food), None, &["sourdough", "crumb"]);
//! assert!(cosine(&runner, &lifter) > cosine(&runner, &baker));
//! ```

use std::collections::HashMap;

use crate::audience::{AudienceEstimate, AGE_BUCKETS, GENDERS};
use crate::credibility::fnv1a;
use crate::niche::{fold, word_tokens};
use crate::{Lexicon, Niche, NicheDocument, NicheScores};

/// Languages with their own audience column; all others share the last one.
const LANGUAGE_COLUMNS: [&str; 7] = ["en", "es", "pt", "de", "fr", "it", "nl"];
/// Buckets countries are hashed into.
const COUNTRY_BUCKETS: usize = 16;
/// Buckets terms are hashed into.
pub const TERM_DIMENSIONS: usize = 128;
/// Columns of the audience block: age, gender, languages (+ other), hashed countries.
pub const AUDIENCE_DIMENSIONS: usize =
    AGE_BUCKETS.len() + GENDERS.len() + LANGUAGE_COLUMNS.len() + 1 + COUNTRY_BUCKETS;
/// Length of every creator vector.
pub const VECTOR_DIMENSIONS: usize = Niche::ALL.len() + AUDIENCE_DIMENSIONS + TERM_DIMENSIONS;

/// Share of the squared norm carried by the niche probabilities.
pub const NICHE_BLOCK_WEIGHT: f32 = 0.55;
/// Share carried by the audience shares.
pub const AUDIENCE_BLOCK_WEIGHT: f32 = 0.2;
/// Share carried by the hashed terms.
pub const TERM_BLOCK_WEIGHT: f32 = 0.25;

/// The vector of a creator (length [`VECTOR_DIMENSIONS`], unit length unless every block is
/// empty).
pub fn creator_vector<S: AsRef<str>>(
    niches: &NicheScores,
    audience: Option<&AudienceEstimate>,
    text_terms: &[S],
) -> Vec<f32> {
    let mut niche_block = vec![0.0_f32; Niche::ALL.len()];
    for niche in Niche::ALL {
        let probability = niches.probability(niche);
        if probability.is_finite() {
            niche_block[niche.index()] = probability.clamp(0.0, 1.0);
        }
    }
    let mut audience_block = vec![0.0_f32; AUDIENCE_DIMENSIONS];
    if let Some(audience) = audience {
        fill_audience(audience, &mut audience_block);
    }
    let mut term_block = vec![0.0_f32; TERM_DIMENSIONS];
    let mut counts: HashMap<String, u32> = HashMap::new();
    for term in text_terms {
        let folded = fold(term.as_ref().trim());
        if !folded.is_empty() {
            *counts.entry(folded).or_insert(0) += 1;
        }
    }
    for (term, count) in counts {
        let hash = fnv1a(term.as_bytes());
        let bucket = (hash % TERM_DIMENSIONS as u64) as usize;
        let sign = if (hash >> 63) == 0 { 1.0 } else { -1.0 };
        term_block[bucket] += sign * (1.0 + (count as f32).ln());
    }
    let mut vector = Vec::with_capacity(VECTOR_DIMENSIONS);
    for (block, weight) in [
        (niche_block, NICHE_BLOCK_WEIGHT),
        (audience_block, AUDIENCE_BLOCK_WEIGHT),
        (term_block, TERM_BLOCK_WEIGHT),
    ] {
        let norm = block.iter().map(|value| value * value).sum::<f32>().sqrt();
        let scale = if norm > 0.0 {
            weight.sqrt() / norm
        } else {
            0.0
        };
        vector.extend(block.iter().map(|value| value * scale));
    }
    normalise(&mut vector);
    vector
}

fn fill_audience(audience: &AudienceEstimate, block: &mut [f32]) {
    let mut column = 0;
    for bucket in AGE_BUCKETS {
        block[column] = audience.age.share(bucket) as f32;
        column += 1;
    }
    for gender in GENDERS {
        block[column] = audience.gender.share(gender) as f32;
        column += 1;
    }
    let languages_start = column;
    for share in &audience.language.shares {
        let position = LANGUAGE_COLUMNS
            .iter()
            .position(|code| share.key.eq_ignore_ascii_case(code))
            .unwrap_or(LANGUAGE_COLUMNS.len());
        block[languages_start + position] += share.share as f32;
    }
    let countries_start = languages_start + LANGUAGE_COLUMNS.len() + 1;
    for share in &audience.country.shares {
        let bucket =
            (fnv1a(share.key.to_ascii_uppercase().as_bytes()) % COUNTRY_BUCKETS as u64) as usize;
        block[countries_start + bucket] += share.share as f32;
    }
}

/// Cosine similarity in [-1, 1]; 0 when either vector is all zeros. Vectors of different
/// lengths are compared over the shorter one.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut norm_a, mut norm_b) = (0.0_f32, 0.0_f32, 0.0_f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        norm_a += x * x;
        norm_b += y * y;
    }
    if norm_a <= 0.0 || norm_b <= 0.0 {
        return 0.0;
    }
    (dot / (norm_a.sqrt() * norm_b.sqrt())).clamp(-1.0, 1.0)
}

/// The `limit` candidates most similar to `query`, most similar first (ties keep input
/// order).
pub fn most_similar<'a, K>(
    query: &[f32],
    candidates: impl IntoIterator<Item = (K, &'a [f32])>,
    limit: usize,
) -> Vec<(K, f32)> {
    let mut scored: Vec<(K, f32)> = candidates
        .into_iter()
        .map(|(key, vector)| (key, cosine(query, vector)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(limit);
    scored
}

/// The `limit` most frequent words and hashtags of a creator's document (stopwords of the
/// seed lexicon removed), most frequent first: the `text_terms` of [`creator_vector`].
pub fn top_terms(document: &NicheDocument, limit: usize) -> Vec<String> {
    let empty = crate::niche::Stopwords::default();
    let stopwords = Lexicon::builtin().map_or(&empty, |lexicon| lexicon.stopwords());
    let mut counts: HashMap<String, usize> = HashMap::new();
    let texts = std::iter::once(document.bio.as_str())
        .chain(document.captions.iter().map(String::as_str))
        .chain(document.hashtags.iter().map(String::as_str));
    for text in texts {
        for token in word_tokens(text, stopwords) {
            if token.chars().count() >= 3 && !token.chars().all(|c| c.is_ascii_digit()) {
                *counts.entry(token).or_insert(0) += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(limit);
    ranked.into_iter().map(|(term, _)| term).collect()
}

fn normalise(vector: &mut [f32]) {
    let norm = vector.iter().map(|value| value * value).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|value| *value /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::{DimensionEstimate, Share};

    fn scores(pairs: &[(Niche, f32)]) -> NicheScores {
        NicheScores {
            probabilities: pairs.to_vec(),
        }
    }

    fn audience(country: &str, language: &str) -> AudienceEstimate {
        let dimension = |pairs: &[(&str, f64)]| DimensionEstimate {
            shares: pairs
                .iter()
                .map(|(key, share)| Share {
                    key: (*key).to_string(),
                    share: *share,
                })
                .collect(),
            confidence: 0.8,
            sample_size: 20,
        };
        AudienceEstimate {
            age: dimension(&[("18-24", 0.5), ("25-34", 0.5)]),
            gender: dimension(&[("female", 0.5), ("male", 0.5)]),
            country: dimension(&[(country, 1.0)]),
            language: dimension(&[(language, 1.0)]),
            sample_size: 20,
            human_weight: 19.0,
        }
    }

    #[test]
    fn vectors_have_unit_length_and_fixed_size() {
        let vector = creator_vector(
            &scores(&[(Niche::Travel, 0.8)]),
            Some(&audience("BR", "pt")),
            &["praia", "praia", "viagem"],
        );
        assert_eq!(vector.len(), VECTOR_DIMENSIONS);
        let norm: f32 = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        let empty = creator_vector(&scores(&[]), None, &[] as &[&str]);
        assert!(empty.iter().all(|value| *value == 0.0));
        assert_eq!(cosine(&empty, &vector), 0.0);
        assert!((cosine(&vector, &vector) - 1.0).abs() < 1e-5);
    }

    #[test]
    fn niche_dominates_then_audience_then_terms() {
        let base = creator_vector(
            &scores(&[(Niche::Food, 0.9)]),
            Some(&audience("BR", "pt")),
            &["receita"],
        );
        let same_niche_other_market = creator_vector(
            &scores(&[(Niche::Food, 0.9)]),
            Some(&audience("DE", "de")),
            &["rezept"],
        );
        let other_niche_same_market = creator_vector(
            &scores(&[(Niche::Gaming, 0.9)]),
            Some(&audience("BR", "pt")),
            &["receita"],
        );
        let same_market_and_niche = creator_vector(
            &scores(&[(Niche::Food, 0.85), (Niche::Travel, 0.2)]),
            Some(&audience("BR", "pt")),
            &["receita", "bolo"],
        );
        let market = cosine(&base, &same_niche_other_market);
        let niche = cosine(&base, &other_niche_same_market);
        let both = cosine(&base, &same_market_and_niche);
        assert!(both > market && market > niche, "{both} {market} {niche}");
    }

    #[test]
    fn most_similar_ranks_and_truncates() {
        let query = vec![1.0, 0.0];
        let near = vec![0.9, 0.1];
        let far = vec![0.0, 1.0];
        let ranked = most_similar(
            &query,
            [("far", far.as_slice()), ("near", near.as_slice())],
            1,
        );
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].0, "near");
    }

    #[test]
    fn top_terms_count_words_and_hashtags() {
        let document = NicheDocument {
            bio: "Sourdough baker and the bread nerd".into(),
            captions: vec!["sourdough crumb shot".into(), "more sourdough".into()],
            hashtags: vec!["bread".into()],
        };
        let terms = top_terms(&document, 2);
        assert_eq!(terms, vec!["sourdough".to_string(), "bread".to_string()]);
    }
}
