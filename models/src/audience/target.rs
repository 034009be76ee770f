//! How well an estimated audience meets a brief's audience target.
//!
//! A target lists minimum shares per dimension: items inside one dimension are alternatives
//! (OR: the best item counts), dimensions must all hold (AND: the geometric mean of their
//! scores, so that one failed dimension pulls the whole score down while two unknown ones
//! stay neutral). A key may join several values with `+` whose shares add up
//! (`"ES+MX+AR+CO"`, `"13-17+18-24"`), and an age key may be any range (`"18-34"`, `"35+"`):
//! buckets count in proportion to the years they share with it.
//!
//! One item scores the chance that the audience's true share reaches `min_share`, given the
//! estimate and the evidence behind it: the estimate is read as the mean of a Beta posterior
//! worth its evidence weight plus the prior's pseudo-samples
//! ([`super::PRIOR_STRENGTH_WITH_NICHES`], the smoothing of a creator whose niches are known),
//! so a well-sampled estimate just above the threshold is a near-certain match, a thin one an
//! even chance, and an estimate that is the prior alone (no sample, confidence 0; see
//! [`super::prior_estimate`]) still says how likely the platform and niches make the target.
//! 0.5 exactly at the threshold.

use serde::{Deserialize, Serialize};

use super::{AudienceEstimate, DimensionEstimate, AGE_BUCKETS, PRIOR_STRENGTH_WITH_NICHES};
use crate::ModelError;

/// Inclusive years of each age bucket (55+ is taken as 55–79).
const BUCKET_YEARS: [(u32, u32); 6] = [(13, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 79)];

/// A brief's audience target: `(key, min_share)` items per dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AudienceTarget {
    /// ISO-3166 alpha-2 codes (or `+`-joined groups) with minimum shares.
    #[serde(default)]
    pub countries: Vec<(String, f64)>,
    /// Age buckets or ranges (`"18-24"`, `"18-34"`, `"55+"`) with minimum shares.
    #[serde(default)]
    pub ages: Vec<(String, f64)>,
    /// `female`, `male` or `other` with a minimum share.
    #[serde(default)]
    pub gender: Option<(String, f64)>,
    /// ISO-639-1 codes with minimum shares.
    #[serde(default)]
    pub languages: Vec<(String, f64)>,
}

/// The match of one dimension's best item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemMatch {
    /// `country`, `age`, `gender` or `language`.
    pub dimension: String,
    pub key: String,
    pub min_share: f64,
    /// The estimated share of `key`.
    pub share: f64,
    /// The chance the dimension's target holds, given the estimate and its evidence.
    pub score: f64,
    pub confidence: f64,
}

/// A target's overall score with the item behind each dimension (evidence for a result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudienceMatch {
    pub score: f64,
    pub dimensions: Vec<ItemMatch>,
}

impl AudienceTarget {
    /// No dimension constrained: there is nothing to match (callers leave the part out).
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
            && self.ages.is_empty()
            && self.gender.is_none()
            && self.languages.is_empty()
    }

    /// Checks keys and shares: shares in [0, 1], age keys parse, gender is a known value.
    pub fn validate(&self) -> Result<(), ModelError> {
        let all = self
            .countries
            .iter()
            .map(|item| ("audience.countries", item))
            .chain(self.ages.iter().map(|item| ("audience.ages", item)))
            .chain(self.gender.iter().map(|item| ("audience.gender", item)))
            .chain(
                self.languages
                    .iter()
                    .map(|item| ("audience.languages", item)),
            );
        for (field, (key, min_share)) in all {
            if !(min_share.is_finite() && (0.0..=1.0).contains(min_share)) {
                return Err(ModelError::invalid(
                    field,
                    "min_share must be between 0 and 1",
                ));
            }
            if key.split('+').all(|part| part.trim().is_empty()) {
                return Err(ModelError::invalid(field, "key must not be empty"));
            }
        }
        for (key, _) in &self.ages {
            for part in age_parts(key) {
                if parse_age_range(&part).is_none() {
                    return Err(ModelError::invalid(
                        "audience.ages",
                        format!("{part:?} is not an age range such as 18-24 or 55+"),
                    ));
                }
            }
        }
        if let Some((key, _)) = &self.gender {
            if !["female", "male", "other"].contains(&key.trim().to_lowercase().as_str()) {
                return Err(ModelError::invalid(
                    "audience.gender",
                    "must be female, male or other",
                ));
            }
        }
        Ok(())
    }
}

/// Confidence taken at most when turning it back into an evidence weight (1 would be
/// infinite evidence).
const MAX_CONFIDENCE: f64 = 0.999;
/// Smallest spread of a share (an estimate of exactly 0 or 1 is not certain either).
const MIN_SPREAD: f64 = 1e-3;

/// The target's score in [0, 1] (0.5 for an empty target; see the module docs).
pub fn audience_match(estimate: &AudienceEstimate, target: &AudienceTarget) -> f64 {
    audience_match_detail(estimate, target).score
}

/// The target's score with the best item of each dimension.
pub fn audience_match_detail(
    estimate: &AudienceEstimate,
    target: &AudienceTarget,
) -> AudienceMatch {
    let mut dimensions = Vec::new();
    let plain = |key: &str, dimension: &DimensionEstimate| {
        key.split('+')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| dimension.share(part))
            .sum::<f64>()
    };
    let strength = PRIOR_STRENGTH_WITH_NICHES;
    let countries = best_item(
        ("country", strength.country),
        &target.countries,
        &estimate.country,
        plain,
    );
    let ages = best_item(
        ("age", strength.age),
        &target.ages,
        &estimate.age,
        age_share,
    );
    let gender = best_item(
        ("gender", strength.gender),
        target.gender.as_slice(),
        &estimate.gender,
        plain,
    );
    let languages = best_item(
        ("language", strength.language),
        &target.languages,
        &estimate.language,
        plain,
    );
    dimensions.extend([countries, ages, gender, languages].into_iter().flatten());
    let score = if dimensions.is_empty() {
        0.5
    } else {
        let log_mean = dimensions
            .iter()
            .map(|item| item.score.max(1e-9).ln())
            .sum::<f64>()
            / dimensions.len() as f64;
        log_mean.exp().clamp(0.0, 1.0)
    };
    AudienceMatch { score, dimensions }
}

/// The best item of one dimension; `(name, prior_strength)` names the dimension and the
/// pseudo-samples of prior its estimate was smoothed with.
fn best_item(
    (name, prior_strength): (&str, f64),
    items: &[(String, f64)],
    dimension: &DimensionEstimate,
    share_of: impl Fn(&str, &DimensionEstimate) -> f64,
) -> Option<ItemMatch> {
    items
        .iter()
        .filter(|(_, min_share)| min_share.is_finite())
        .map(|(key, min_share)| {
            let min_share = min_share.clamp(0.0, 1.0);
            let share = share_of(key, dimension).clamp(0.0, 1.0);
            let confidence = dimension.confidence.clamp(0.0, 1.0);
            ItemMatch {
                dimension: name.to_string(),
                key: key.clone(),
                min_share,
                share,
                score: chance_share_clears(share, min_share, confidence, prior_strength),
                confidence,
            }
        })
        .max_by(|a, b| a.score.total_cmp(&b.score))
}

/// The chance that the true share reaches `min_share` (1 when nothing is required): the
/// estimate is the mean of a Beta posterior worth its evidence weight `n` plus the
/// `prior_strength` pseudo-samples it was smoothed with, so its spread is
/// `σ = sqrt(share (1 - share) / (n + prior_strength + 1))`, and the chance is
/// `Φ((share - min_share) / σ)` (Φ by its logistic approximation `logistic(1.702 z)`). `n`
/// comes back from the confidence `1 - 1/sqrt(n + 1)`.
fn chance_share_clears(share: f64, min_share: f64, confidence: f64, prior_strength: f64) -> f64 {
    if min_share <= 0.0 {
        return 1.0;
    }
    let evidence_weight = 1.0 / (1.0 - confidence.min(MAX_CONFIDENCE)).powi(2) - 1.0;
    let variance = share * (1.0 - share) / (evidence_weight + prior_strength + 1.0);
    let spread = variance.sqrt().max(MIN_SPREAD);
    let z = (share - min_share) / spread;
    1.0 / (1.0 + (-1.702 * z).exp())
}

/// Share of an age key: `+`-joined ranges, each counting the buckets it overlaps in
/// proportion to the shared years.
fn age_share(key: &str, dimension: &DimensionEstimate) -> f64 {
    age_parts(key)
        .iter()
        .filter_map(|part| parse_age_range(part))
        .map(|(low, high)| {
            AGE_BUCKETS
                .iter()
                .zip(BUCKET_YEARS)
                .map(|(bucket, (bucket_low, bucket_high))| {
                    let overlap_low = low.max(bucket_low);
                    let overlap_high = high.min(bucket_high);
                    if overlap_high < overlap_low {
                        return 0.0;
                    }
                    let shared = f64::from(overlap_high - overlap_low + 1);
                    let years = f64::from(bucket_high - bucket_low + 1);
                    dimension.share(bucket) * shared / years
                })
                .sum::<f64>()
        })
        .sum()
}

/// The ranges of an age key: `"13-17+18-24"` → `["13-17", "18-24"]`, `"18-24+55+"` →
/// `["18-24", "55+"]` (a `+` with nothing after it closes an open range).
fn age_parts(key: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in key.split('+').map(str::trim) {
        if part.is_empty() {
            if let Some(previous) = parts.last_mut() {
                if !previous.ends_with('+') {
                    previous.push('+');
                }
            }
        } else {
            parts.push(part.to_string());
        }
    }
    parts
}

/// `"18-24"` → (18, 24), `"55+"` → (55, 79), `"13"` → (13, 13).
fn parse_age_range(raw: &str) -> Option<(u32, u32)> {
    let raw = raw.trim();
    let (low, high) = if let Some(low) = raw.strip_suffix('+') {
        (low.trim().parse().ok()?, BUCKET_YEARS[5].1)
    } else if let Some((low, high)) = raw.split_once(['-', '–']) {
        (low.trim().parse().ok()?, high.trim().parse().ok()?)
    } else {
        let age = raw.parse().ok()?;
        (age, age)
    };
    (low <= high).then_some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::Share;

    fn dimension(shares: &[(&str, f64)], confidence: f64) -> DimensionEstimate {
        DimensionEstimate {
            shares: shares
                .iter()
                .map(|(key, share)| Share {
                    key: (*key).to_string(),
                    share: *share,
                })
                .collect(),
            confidence,
            sample_size: 30,
        }
    }

    fn estimate(confidence: f64) -> AudienceEstimate {
        AudienceEstimate {
            age: dimension(
                &[
                    ("13-17", 0.1),
                    ("18-24", 0.4),
                    ("25-34", 0.3),
                    ("35-44", 0.1),
                    ("45-54", 0.05),
                    ("55+", 0.05),
                ],
                confidence,
            ),
            gender: dimension(
                &[("female", 0.7), ("male", 0.28), ("other", 0.02)],
                confidence,
            ),
            country: dimension(&[("BR", 0.6), ("PT", 0.1), ("US", 0.3)], confidence),
            language: dimension(&[("pt", 0.7), ("en", 0.3)], confidence),
            sample_size: 30,
            human_weight: 28.0,
        }
    }

    fn target() -> AudienceTarget {
        AudienceTarget::default()
    }

    #[test]
    fn items_or_within_and_dimensions_and_across() {
        let sure = estimate(1.0);
        let brazil = AudienceTarget {
            countries: vec![("BR".into(), 0.3)],
            ..target()
        };
        let germany = AudienceTarget {
            countries: vec![("DE".into(), 0.3)],
            ..target()
        };
        let either = AudienceTarget {
            countries: vec![("DE".into(), 0.3), ("BR".into(), 0.3)],
            ..target()
        };
        let good = audience_match(&sure, &brazil);
        let bad = audience_match(&sure, &germany);
        assert!(good > 0.95 && bad < 0.05, "{good} {bad}");
        assert!((audience_match(&sure, &either) - good).abs() < 1e-12);
        let brazil_and_men = AudienceTarget {
            gender: Some(("male".into(), 0.6)),
            ..brazil.clone()
        };
        let both = audience_match(&sure, &brazil_and_men);
        assert!(both < 0.2, "a failed dimension sinks the match: {both}");
    }

    #[test]
    fn groups_and_age_ranges_add_shares() {
        let sure = estimate(1.0);
        let lusophone = AudienceTarget {
            countries: vec![("br+pt".into(), 0.65)],
            ..target()
        };
        let detail = audience_match_detail(&sure, &lusophone);
        assert!((detail.dimensions[0].share - 0.7).abs() < 1e-12);
        let young = AudienceTarget {
            ages: vec![("13-17+18-24".into(), 0.45)],
            ..target()
        };
        assert!((audience_match_detail(&sure, &young).dimensions[0].share - 0.5).abs() < 1e-12);
        // 18-29 covers all of 18-24 and half of 25-34.
        let range = AudienceTarget {
            ages: vec![("18-29".into(), 0.5)],
            ..target()
        };
        let share = audience_match_detail(&sure, &range).dimensions[0].share;
        assert!((share - (0.4 + 0.15)).abs() < 1e-12, "{share}");
        let older = AudienceTarget {
            ages: vec![("45+".into(), 0.05)],
            ..target()
        };
        assert!((audience_match_detail(&sure, &older).dimensions[0].share - 0.1).abs() < 1e-12);
    }

    #[test]
    fn the_match_is_the_chance_the_true_share_clears_the_target() {
        let brazil = AudienceTarget {
            countries: vec![("BR".into(), 0.3)],
            ..target()
        };
        // BR at 0.6 against 0.3: likelier met the more evidence there is.
        let unsure = audience_match(&estimate(0.2), &brazil);
        let sure = audience_match(&estimate(0.9), &brazil);
        assert!(
            unsure > 0.5 && unsure < sure && sure > 0.99,
            "{unsure} {sure}"
        );
        assert_eq!(audience_match(&estimate(1.0), &target()), 0.5);
        // At the threshold an even chance, however much evidence; nothing required is met.
        for confidence in [0.0, 0.5, 0.95, 1.0] {
            let at_threshold = chance_share_clears(0.3, 0.3, confidence, 1.0);
            assert!((at_threshold - 0.5).abs() < 1e-12, "{at_threshold}");
        }
        assert_eq!(chance_share_clears(0.0, 0.0, 0.0, 1.0), 1.0);
        // Just below the threshold, more evidence makes the miss surer.
        let thin = chance_share_clears(0.55, 0.6, 0.3, 8.0);
        let thick = chance_share_clears(0.55, 0.6, 0.9, 8.0);
        assert!(thick < thin && thin < 0.5, "{thick} {thin}");
        // 24 samples' evidence (confidence 0.8) and 8 pseudo-samples at 0.7 against 0.6:
        // σ = sqrt(0.7 × 0.3 / 33) ≈ 0.080, z ≈ 1.25, Φ(z) ≈ logistic(2.13) ≈ 0.894.
        let chance = chance_share_clears(0.7, 0.6, 0.8, 8.0);
        assert!((chance - 0.894).abs() < 0.002, "{chance}");
        // The prior's pseudo-samples count as evidence too: a stronger prior, a surer answer.
        assert!(chance_share_clears(0.7, 0.6, 0.0, 8.0) > chance_share_clears(0.7, 0.6, 0.0, 1.0));
    }

    #[test]
    fn validation_rejects_nonsense() {
        assert!(target().is_empty());
        let good = AudienceTarget {
            ages: vec![("18-34".into(), 0.4), ("55+".into(), 0.1)],
            gender: Some(("Female".into(), 0.6)),
            ..target()
        };
        assert!(good.validate().is_ok());
        let bad_share = AudienceTarget {
            countries: vec![("BR".into(), 1.5)],
            ..target()
        };
        assert!(bad_share.validate().is_err());
        let bad_age = AudienceTarget {
            ages: vec![("young".into(), 0.4)],
            ..target()
        };
        assert!(bad_age.validate().is_err());
        let bad_gender = AudienceTarget {
            gender: Some(("robot".into(), 0.4)),
            ..target()
        };
        assert!(bad_gender.validate().is_err());
        assert_eq!(parse_age_range("30-20"), None);
        assert_eq!(parse_age_range(" 55+ "), Some((55, 79)));
        assert_eq!(age_parts("18-24+55+"), vec!["18-24", "55+"]);
        assert_eq!(age_parts("13-17+18-24"), vec!["13-17", "18-24"]);
    }
}
