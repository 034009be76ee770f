//! Audience demographics estimated from the audience sample (DESIGN §6): age, gender, country
//! and language shares, each with a confidence that grows with the evidence behind it.
//!
//! Per replying profile, the estimator reads
//! - **language** from the reply text (and bio) with `whatlang`, weighed against the language
//!   the platform declared;
//! - **country** from the location text: names in several languages, demonyms, regions,
//!   cities, nicknames and flag emoji, via the shipped gazetteer `data/places.tsv`; flags in the
//!   display name or bio count as weaker evidence;
//! - **gender** from pronouns and gendered self-descriptions in the bio, a title, else the first
//!   name (US SSA baby-name counts plus a table of international names);
//! - **age** from what the bio states: ages, graduation or birth years, life stages; the first
//!   name's median birth year adds a weak prior.
//!
//! Each profile counts with weight `(1 - bot_likeness)²`, so bought or bot commenters hardly
//! move the estimate. Per dimension, `share_k = (Σ w·p_k + s·prior_k) / (Σ w + s)`:
//! Laplace-style smoothing with `s` pseudo-samples of the prior ([`PRIOR_STRENGTH`]). The
//! prior is the platform's (DESIGN §5's photo-platform shares for YouTube and the web, an
//! older, more male assumption for the microblogs), tilted by the creator's niches when the
//! caller knows them ([`AudienceContext`], [`PRIOR_STRENGTH_WITH_NICHES`]); the country prior
//! follows the estimated languages. The confidence is `1 - 1/sqrt(n + 1)` over the evidence
//! weight `n`: 0 without evidence, 0.5 with 3 samples, 0.8 with 24. Only what people state
//! publicly is read; nothing is inferred about ethnicity or other sensitive attributes.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use scout_models::audience::estimate_audience_at;
//! use scout_models::{AudienceSample, CreatorId, Platform};
//!
//! let sample = AudienceSample {
//!     creator_id: CreatorId::new(Platform::Mastodon, "ana@social.example"),
//!     handle: "mariasilva".into(),
//!     display_name: Some("Maria Silva".into()),
//!     bio: Some("mãe de 2 | 34".into()),
//!     location: Some("São Paulo, Brasil".into()),
//!     language: Some("pt".into()),
//!     text: Some("Que receita maravilhosa, vou fazer amanhã!".into()),
//!     followers: Some(150), following: Some(200), has_avatar: true,
//!     account_created_at: None, is_bot: false, post_id: None,
//!     reply_likes: None, post_count: None,
//! };
//! let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
//! let estimate = estimate_audience_at(&[sample], now);
//! assert_eq!(estimate.country.shares[0].key, "BR");
//! assert!(estimate.gender.share("female") > 0.5);
//! assert!(estimate.language.confidence > 0.2 && estimate.language.confidence < 0.5);
//! ```

mod cues;
mod language;
mod names;
mod phrases;
mod places;
mod prior;
mod target;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use crate::features::{BotMarks, BOT_LIKE_THRESHOLD};
use crate::{AudienceSample, NicheScores, Platform};

pub use language::MIN_DETECTION_LETTERS;
pub use prior::{
    PriorStrength, AGE_PRIOR_MICROBLOG, AGE_PRIOR_PHOTO, COUNTRIES_BY_LANGUAGE,
    GENDER_PRIOR_MICROBLOG, GENDER_PRIOR_PHOTO, LANGUAGE_PRIOR, NICHE_AGE_TILT, NICHE_FEMALE_SHARE,
    PRIOR_STRENGTH, PRIOR_STRENGTH_WITH_NICHES,
};
pub use target::{audience_match, audience_match_detail, AudienceMatch, AudienceTarget, ItemMatch};

/// The country a location text names (ISO-3166 alpha-2, upper case), when the gazetteer reads
/// one country alone or one with more than half of the votes; `None` for an unknown or
/// ambiguous place. The same lookup the audience estimate uses for commenters' locations.
pub fn country_of_location(text: &str) -> Option<String> {
    places::countries_of_location(text)
        .into_iter()
        .find(|(_, share)| *share > 0.5)
        .map(|(code, _)| code.as_str().to_string())
}

/// A country (ISO-3166 alpha-2) or language (ISO-639) code as the estimate tallies it: up to
/// eight bytes of text held inline, so that tallies compare and copy codes without touching
/// the heap. Orders as its text does (the bytes, zero-padded; no code holds a zero byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Code([u8; 8]);

impl Code {
    /// The code of `text`; `None` when it is longer than eight bytes or holds a zero byte.
    pub(crate) fn new(text: &str) -> Option<Code> {
        let mut bytes = [0_u8; 8];
        if text.len() > bytes.len() || text.bytes().any(|byte| byte == 0) {
            return None;
        }
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Some(Code(bytes))
    }

    pub(crate) fn as_str(&self) -> &str {
        let length = self.0.iter().position(|byte| *byte == 0).unwrap_or(8);
        // A whole `str` was copied in: its prefix up to the padding is valid UTF-8.
        std::str::from_utf8(&self.0[..length]).unwrap_or_default()
    }
}

/// Codes with shares, as `(code, share)` pairs.
fn coded(shares: &[(String, f64)]) -> Vec<(Code, f64)> {
    shares
        .iter()
        .filter_map(|(code, share)| Some((Code::new(code)?, *share)))
        .collect()
}

/// Age buckets of DESIGN §3, in order.
pub const AGE_BUCKETS: [&str; 6] = ["13-17", "18-24", "25-34", "35-44", "45-54", "55+"];

/// Gender values of DESIGN §3, in order.
pub const GENDERS: [&str; 3] = ["female", "male", "other"];

/// Strength of the weak age prior from a first name's median birth year.
const NAME_AGE_STRENGTH: f64 = 0.1;
/// Spread (years) of that prior: a name says little about one person's age.
const NAME_AGE_SPREAD: f64 = 14.0;
/// How far the language estimate's confidence carries over to the country estimate when few
/// profiles state a place (the country prior follows the languages). Assumption.
const LANGUAGE_COUNTRY_TRUST: f64 = 0.5;

/// Markers after which people write where they live in a bio.
const LOCATION_PINS: [&str; 3] = ["📍", "📌", "🏠"];

/// The text after a location pin in `bio`, up to the end of its line or a `|`.
fn pinned_location(bio: &str) -> Option<&str> {
    LOCATION_PINS.iter().find_map(|pin| {
        let (_, after) = bio.split_once(pin)?;
        let place = after.split(['\n', '|', '•']).next().unwrap_or("").trim();
        (!place.is_empty()).then_some(place)
    })
}

/// Strength of a country read from flags in the display name or bio (not the location).
const PROFILE_FLAG_STRENGTH: f64 = 0.6;
/// Strength of a first name read from the handle rather than the display name.
const HANDLE_NAME_STRENGTH: f64 = 0.6;
/// Strength of gendered self-descriptions without a name to weigh them against.
const GENDER_WORD_STRENGTH: f64 = 0.9;

/// One key's share of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub key: String,
    pub share: f64,
}

/// Shares of one dimension (summing to 1), with how much to trust them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionEstimate {
    /// Age and gender in bucket order; country and language by share, largest first.
    pub shares: Vec<Share>,
    /// `1 - 1/sqrt(n + 1)` over the evidence weight `n` (see the module docs).
    pub confidence: f64,
    /// Profiles that carried evidence for this dimension (bot-like ones excluded).
    pub sample_size: usize,
}

impl DimensionEstimate {
    /// The share of `key` (0 when absent); keys compare case-insensitively.
    pub fn share(&self, key: &str) -> f64 {
        self.shares
            .iter()
            .find(|share| share.key.eq_ignore_ascii_case(key))
            .map_or(0.0, |share| share.share)
    }
}

/// Estimated demographics of a creator's audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudienceEstimate {
    pub age: DimensionEstimate,
    pub gender: DimensionEstimate,
    /// ISO-3166 alpha-2 codes.
    pub country: DimensionEstimate,
    /// ISO-639-1 codes.
    pub language: DimensionEstimate,
    /// Profiles in the sample.
    pub sample_size: usize,
    /// Σ (1 - bot_likeness)²: how many people the sample is worth.
    pub human_weight: f64,
}

impl AudienceEstimate {
    /// The four dimensions: age, gender, country, language.
    pub fn dimensions(&self) -> [&DimensionEstimate; 4] {
        [&self.age, &self.gender, &self.country, &self.language]
    }
}

/// What the estimator may know besides the sample.
#[derive(Debug, Clone, Copy)]
pub struct AudienceContext<'a> {
    /// Dates account ages, graduation years and birth years.
    pub now: DateTime<Utc>,
    /// The creator's platform (else read from the samples' creator id; else the web).
    pub platform: Option<Platform>,
    /// The creator's niche probabilities: they tilt the age and gender priors (gaming
    /// audiences are younger and more male, beauty audiences more female, ...).
    pub niches: Option<&'a NicheScores>,
}

/// Estimates the audience of `samples` as of now (see [`estimate_audience_with`]).
pub fn estimate_audience(samples: &[AudienceSample]) -> AudienceEstimate {
    estimate_audience_at(samples, Utc::now())
}

/// Estimates the audience of `samples` (one creator's) at `now`, from the platform prior.
pub fn estimate_audience_at(samples: &[AudienceSample], now: DateTime<Utc>) -> AudienceEstimate {
    estimate_audience_with(
        samples,
        &AudienceContext {
            now,
            platform: None,
            niches: None,
        },
    )
}

/// The audience a creator without any audience sample is expected to have: its platform's
/// prior tilted by its niches, every confidence 0. Matched against a brief's target, it says
/// how likely the target is for such a creator (a gaming channel's audience is rarely 60%
/// women) without claiming any evidence.
pub fn prior_estimate(platform: Platform, niches: Option<&NicheScores>) -> AudienceEstimate {
    estimate_audience_with(
        &[],
        &AudienceContext {
            now: DateTime::<Utc>::UNIX_EPOCH,
            platform: Some(platform),
            niches,
        },
    )
}

/// Estimates the audience of `samples` (one creator's) with what `context` adds.
pub fn estimate_audience_with(
    samples: &[AudienceSample],
    context: &AudienceContext<'_>,
) -> AudienceEstimate {
    estimate_audience_with_marks(samples, &BotMarks::of_all(samples), context)
}

/// [`estimate_audience_with`] with the samples' [`BotMarks`] read beforehand (one per sample,
/// in order; read again when the counts differ), for callers that weigh the same profiles
/// for credibility too.
pub fn estimate_audience_with_marks(
    samples: &[AudienceSample],
    marks: &[BotMarks],
    context: &AudienceContext<'_>,
) -> AudienceEstimate {
    let read;
    let marks = if marks.len() == samples.len() {
        marks
    } else {
        read = BotMarks::of_all(samples);
        &read
    };
    let now = context.now;
    let platform = context.platform.unwrap_or_else(|| {
        samples
            .first()
            .map_or(Platform::Web, |sample| sample.creator_id.platform())
    });
    let priors = prior::niche_priors(platform, context.niches);
    let (age_prior, gender_prior) = (priors.age, priors.gender);
    let prior_strength = if priors.tilted {
        PRIOR_STRENGTH_WITH_NICHES
    } else {
        PRIOR_STRENGTH
    };
    let mut age = Tally::new(AGE_BUCKETS.len());
    let mut gender = Tally::new(GENDERS.len());
    let mut languages = KeyedTally::default();
    let mut countries = KeyedTally::default();
    let mut human_weight = 0.0;
    for (sample, marks) in samples.iter().zip(marks) {
        let likeness = marks.likeness(now);
        let weight = (1.0 - likeness).powi(2);
        human_weight += weight;
        let counts_in_size = likeness < BOT_LIKE_THRESHOLD;
        let evidence = read_sample(sample, now, &age_prior, &gender_prior);
        if let Some((shares, strength)) = evidence.language {
            languages.add(&shares, weight * strength, counts_in_size);
        }
        if let Some((shares, strength)) = evidence.country {
            countries.add(&shares, weight * strength, counts_in_size);
        }
        if let Some((shares, strength)) = evidence.gender {
            gender.add(&shares, weight * strength, counts_in_size);
        }
        if let Some((shares, strength)) = evidence.age {
            age.add(
                &shares,
                weight * strength,
                counts_in_size && strength > NAME_AGE_STRENGTH,
            );
        }
    }
    let (language, estimated_languages) =
        languages.estimate(&prior::LANGUAGE_PRIOR_CODES, prior_strength.language);
    let (mut country, _) = countries.estimate(
        &prior::country_prior(&estimated_languages),
        prior_strength.country,
    );
    // Without stated places the shares follow the languages the audience writes: they say
    // something (Spanish readers live in Spain or Latin America), at a discount.
    country.confidence = country
        .confidence
        .max(language.confidence * LANGUAGE_COUNTRY_TRUST);
    AudienceEstimate {
        age: age.estimate(&AGE_BUCKETS, &age_prior, prior_strength.age),
        gender: gender.estimate(&GENDERS, &gender_prior, prior_strength.gender),
        country,
        language,
        sample_size: samples.len(),
        human_weight,
    }
}

/// What one profile says, per dimension: shares and evidence strength.
#[derive(Debug, Default)]
struct SampleEvidence {
    language: Option<(Vec<(Code, f64)>, f64)>,
    country: Option<(Vec<(Code, f64)>, f64)>,
    gender: Option<(Vec<f64>, f64)>,
    age: Option<(Vec<f64>, f64)>,
}

fn read_sample(
    sample: &AudienceSample,
    now: DateTime<Utc>,
    age_prior: &[f64; 6],
    gender_prior: &[f64; 3],
) -> SampleEvidence {
    let bio = sample.bio.as_deref().unwrap_or("");
    let language = language::language_evidence(
        sample.text.as_deref(),
        sample.bio.as_deref(),
        sample.language.as_deref(),
    );
    let main_language = language.as_ref().and_then(|evidence| {
        evidence
            .shares
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(code, _)| code.clone())
    });
    let mut evidence = SampleEvidence {
        language: language.map(|evidence| (coded(&evidence.shares), evidence.strength)),
        ..SampleEvidence::default()
    };

    // Platforms without a location field (Bluesky, a Mastodon account without a "Location"
    // field) leave people to write it in the bio, after a pin.
    let located = sample
        .location
        .as_deref()
        .filter(|location| !location.trim().is_empty())
        .or_else(|| pinned_location(bio))
        .map(places::countries_of_location)
        .unwrap_or_default();
    evidence.country = if located.is_empty() {
        // The flags of the display name, then the bio's (as of the two joined by a space:
        // a flag cannot span the space).
        let mut flags = places::flag_codes(sample.display_name.as_deref().unwrap_or(""));
        flags.extend(places::flag_codes(bio));
        let share = 1.0 / flags.len().max(1) as f64;
        let mut from_flags: Vec<(String, f64)> = Vec::new();
        for code in flags {
            match from_flags.iter_mut().find(|(known, _)| *known == code) {
                Some((_, total)) => *total += share,
                None => from_flags.push((code, share)),
            }
        }
        (!from_flags.is_empty()).then(|| (coded(&from_flags), PROFILE_FLAG_STRENGTH))
    } else {
        Some((located, 1.0))
    };

    let cues = cues::read_bio_remembered(bio, main_language.as_deref(), now.year());
    let name = names::read_name(sample.display_name.as_deref(), &sample.handle);
    let name_gender = name.as_ref().and_then(|reading| {
        if let Some(shares) = reading.title_gender {
            return Some((shares.to_vec(), 1.0));
        }
        let first = reading.first_name.as_deref()?;
        let female = names::female_share(first, main_language.as_deref())?;
        // A name says nothing about identifying outside the binary: keep the prior's share.
        let other = gender_prior[2];
        let strength = match reading.source {
            names::NameSource::DisplayName => 1.0,
            names::NameSource::Handle => HANDLE_NAME_STRENGTH,
        };
        let shares = vec![
            female * (1.0 - other),
            (1.0 - female) * (1.0 - other),
            other,
        ];
        Some((shares, strength))
    });
    // Pronouns settle it; gendered words and the name are independent evidence.
    evidence.gender = match (cues.pronouns, cues.gender_words, name_gender) {
        (Some(pronouns), _, _) => Some((pronouns.to_vec(), 1.0)),
        (None, Some(words), Some((from_name, strength))) => {
            let product: Vec<f64> = words.iter().zip(&from_name).map(|(a, b)| a * b).collect();
            let total: f64 = product.iter().sum();
            (total > 0.0).then(|| {
                let shares = product.iter().map(|value| value / total).collect();
                (shares, strength.max(GENDER_WORD_STRENGTH))
            })
        }
        (None, Some(words), None) => Some((words.to_vec(), GENDER_WORD_STRENGTH)),
        (None, None, from_name) => from_name,
    };
    evidence.age = cues
        .age
        .map(|(shares, strength)| (shares.to_vec(), strength))
        .or_else(|| {
            let first = name.as_ref()?.first_name.as_deref()?;
            let birth_year = names::median_birth_year(first)?;
            let age = f64::from(now.year()) - f64::from(birth_year);
            let likelihood = cues::age_shares_around(age, NAME_AGE_SPREAD);
            let posterior: Vec<f64> = likelihood
                .iter()
                .zip(age_prior)
                .map(|(like, prior)| like * prior)
                .collect();
            let total: f64 = posterior.iter().sum();
            (total > 0.0).then(|| {
                (
                    posterior.iter().map(|value| value / total).collect(),
                    NAME_AGE_STRENGTH,
                )
            })
        });
    evidence
}

/// Weighted evidence over a fixed list of buckets.
struct Tally {
    sums: Vec<f64>,
    weight: f64,
    samples: usize,
}

impl Tally {
    fn new(buckets: usize) -> Tally {
        Tally {
            sums: vec![0.0; buckets],
            weight: 0.0,
            samples: 0,
        }
    }

    fn add(&mut self, shares: &[f64], weight: f64, counts_in_size: bool) {
        if weight <= 0.0 || !weight.is_finite() {
            return;
        }
        for (sum, share) in self.sums.iter_mut().zip(shares) {
            *sum += weight * share;
        }
        self.weight += weight;
        self.samples += usize::from(counts_in_size);
    }

    fn estimate(&self, keys: &[&str], prior: &[f64], strength: f64) -> DimensionEstimate {
        let prior_total: f64 = prior.iter().sum();
        let raw: Vec<f64> = self
            .sums
            .iter()
            .zip(prior)
            .map(|(sum, prior)| sum + strength * prior / prior_total.max(1e-12))
            .collect();
        let total: f64 = raw.iter().sum();
        DimensionEstimate {
            shares: keys
                .iter()
                .zip(&raw)
                .map(|(key, value)| Share {
                    key: (*key).to_string(),
                    share: if total > 0.0 { value / total } else { 0.0 },
                })
                .collect(),
            confidence: confidence(self.weight),
            sample_size: self.samples,
        }
    }
}

/// Weighted evidence over open-ended keys (countries, languages).
#[derive(Default)]
struct KeyedTally {
    sums: Vec<(Code, f64)>,
    weight: f64,
    samples: usize,
}

impl KeyedTally {
    fn add(&mut self, shares: &[(Code, f64)], weight: f64, counts_in_size: bool) {
        if weight <= 0.0 || !weight.is_finite() {
            return;
        }
        for (key, share) in shares {
            match self.sums.iter_mut().find(|(known, _)| known == key) {
                Some((_, sum)) => *sum += weight * share,
                None => self.sums.push((*key, weight * share)),
            }
        }
        self.weight += weight;
        self.samples += usize::from(counts_in_size);
    }

    /// The estimate, with its shares also as codes (in the same order).
    fn estimate(
        &self,
        prior: &[(Code, f64)],
        strength: f64,
    ) -> (DimensionEstimate, Vec<(Code, f64)>) {
        let mut combined = self.sums.clone();
        let prior_total: f64 = prior.iter().map(|(_, share)| share).sum();
        if prior_total > 0.0 {
            for (key, share) in prior {
                let pseudo = strength * share / prior_total;
                match combined.iter_mut().find(|(known, _)| known == key) {
                    Some((_, sum)) => *sum += pseudo,
                    None => combined.push((*key, pseudo)),
                }
            }
        }
        let total: f64 = combined.iter().map(|(_, sum)| sum).sum();
        combined.retain(|(_, sum)| *sum > 0.0);
        for (_, sum) in &mut combined {
            *sum /= total;
        }
        // Codes order as their text: the order of the keys as strings.
        combined.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let shares = combined
            .iter()
            .map(|(key, share)| Share {
                key: key.as_str().to_string(),
                share: *share,
            })
            .collect();
        let estimate = DimensionEstimate {
            shares,
            confidence: confidence(self.weight),
            sample_size: self.samples,
        };
        (estimate, combined)
    }
}

/// `1 - 1/sqrt(n + 1)`.
fn confidence(evidence_weight: f64) -> f64 {
    1.0 - 1.0 / (evidence_weight.max(0.0) + 1.0).sqrt()
}

#[cfg(test)]
mod tests;
