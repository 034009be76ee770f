//! The query set: briefs a brand would send — a niche asked for in words, in one of five
//! languages, with filters on platform and follower tier and sometimes an audience target —
//! generated deterministically from a seed and split into TRAIN and EVAL briefs.
//!
//! Every niche gets two English and two other-language phrasings (from [`super::phrases`]).
//! Filters are dealt in fixed proportions (half of the briefs name a platform, three in five a
//! follower band, two in five an audience target), then shuffled, so every seed's query set
//! spans platforms, tiers and audiences. Per niche, one or two briefs go to TRAIN and the rest to
//! EVAL, so both halves cover every niche and no brief is in both.

use std::fmt;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scout_models::{Niche, Platform};
use serde::Serialize;

use super::phrases::{phrasings, Phrasing};
use crate::sim::TruthAudience;

/// English phrasings per niche in a query set.
const ENGLISH_PER_NICHE: usize = 2;
/// Phrasings in other languages per niche.
const OTHER_PER_NICHE: usize = 2;
/// Niches (of 20) that give two briefs to TRAIN instead of one: TRAIN is about a third.
const NICHES_WITH_TWO_TRAIN_BRIEFS: usize = 7;
/// Share of briefs, in percent, that set an audience target.
const AUDIENCE_TARGETED_PERCENT: usize = 40;

/// A follower band a brief asks for, by the industry's tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowerBand {
    /// Any size.
    Any,
    /// Nano: under 10k.
    Nano,
    /// Micro: 10k to 100k.
    Micro,
    /// Micro and up: 10k or more.
    MicroAndUp,
}

impl FollowerBand {
    /// The `(min, max)` follower filter of the band, both inclusive.
    pub fn range(self) -> (Option<u64>, Option<u64>) {
        match self {
            FollowerBand::Any => (None, None),
            FollowerBand::Nano => (None, Some(9_999)),
            FollowerBand::Micro => (Some(10_000), Some(99_999)),
            FollowerBand::MicroAndUp => (Some(10_000), None),
        }
    }

    /// Whether `followers` falls in the band.
    pub fn contains(self, followers: u64) -> bool {
        let (min, max) = self.range();
        min.is_none_or(|min| followers >= min) && max.is_none_or(|max| followers <= max)
    }
}

/// Which audience dimension a target constrains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AudienceDimension {
    Age,
    Gender,
    Country,
    Language,
}

/// "At least `min_share` of the audience is in `keys`", e.g. 60% women or 30% in Brazil.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudienceTarget {
    pub dimension: AudienceDimension,
    /// Buckets of the dimension whose shares add up (age buckets, gender, ISO codes).
    pub keys: Vec<&'static str>,
    pub min_share: f64,
}

impl AudienceTarget {
    fn new(dimension: AudienceDimension, keys: &[&'static str], min_share: f64) -> Self {
        AudienceTarget {
            dimension,
            keys: keys.to_vec(),
            min_share,
        }
    }

    /// The same target as the models read it (a `+`-joined key adds its parts' shares), for a
    /// search that takes an audience target.
    pub fn to_model_target(&self) -> scout_models::AudienceTarget {
        let item = (self.keys.join("+"), self.min_share);
        let mut target = scout_models::AudienceTarget::default();
        match self.dimension {
            AudienceDimension::Age => target.ages.push(item),
            AudienceDimension::Gender => target.gender = Some(item),
            AudienceDimension::Country => target.countries.push(item),
            AudienceDimension::Language => target.languages.push(item),
        }
        target
    }

    /// Whether an audience's shares meet the target.
    pub fn holds(&self, audience: &TruthAudience) -> bool {
        let shares = match self.dimension {
            AudienceDimension::Age => &audience.age,
            AudienceDimension::Gender => &audience.gender,
            AudienceDimension::Country => &audience.country,
            AudienceDimension::Language => &audience.language,
        };
        let total: f64 = self.keys.iter().filter_map(|key| shares.get(*key)).sum();
        total >= self.min_share
    }
}

impl fmt::Display for AudienceTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dimension = match self.dimension {
            AudienceDimension::Age => "age",
            AudienceDimension::Gender => "gender",
            AudienceDimension::Country => "country",
            AudienceDimension::Language => "language",
        };
        write!(
            f,
            "{dimension} {} ≥ {:.0}%",
            self.keys.join("+"),
            self.min_share * 100.0
        )
    }
}

/// One brief: what a brand asks for, and the niche it means (known to the judge only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// Stable name, e.g. `fitness-pt-1`.
    pub id: String,
    /// The niche the brief asks for; never shown to the system under test.
    pub niche: Niche,
    /// ISO-639-1 language of the text.
    pub language: &'static str,
    pub text: &'static str,
    pub platform: Option<Platform>,
    pub followers: FollowerBand,
    pub audience: Option<AudienceTarget>,
}

/// The briefs of one seed, split into TRAIN (relevance labels a learned ranker may fit) and
/// EVAL (what the report measures); the two share no brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuerySet {
    pub train: Vec<Brief>,
    pub eval: Vec<Brief>,
}

impl QuerySet {
    /// The query set of `seed`: the same seed always gives the same briefs and split.
    pub fn generate(seed: u64) -> QuerySet {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5c0_e7a1);
        let mut per_niche: Vec<Vec<(Niche, Phrasing)>> = Niche::ALL
            .iter()
            .map(|niche| pick_phrasings(&mut rng, *niche))
            .collect();
        let total: usize = per_niche.iter().map(Vec::len).sum();

        let mut constraints = constraints(&mut rng, total);
        let mut niche_order: Vec<usize> = (0..per_niche.len()).collect();
        niche_order.shuffle(&mut rng);
        let two_train: Vec<usize> = niche_order
            .into_iter()
            .take(NICHES_WITH_TWO_TRAIN_BRIEFS)
            .collect();

        let mut set = QuerySet {
            train: Vec::new(),
            eval: Vec::new(),
        };
        for (position, choices) in per_niche.iter_mut().enumerate() {
            choices.shuffle(&mut rng);
            let train_count = if two_train.contains(&position) { 2 } else { 1 };
            for (rank, (niche, (language, text))) in choices.iter().enumerate() {
                let (platform, followers, targeted) =
                    constraints
                        .pop()
                        .unwrap_or((None, FollowerBand::Any, false));
                let audience = targeted.then(|| audience_target(&mut rng, language));
                let brief = Brief {
                    id: String::new(),
                    niche: *niche,
                    language,
                    text,
                    platform,
                    followers,
                    audience,
                };
                if rank < train_count {
                    set.train.push(brief);
                } else {
                    set.eval.push(brief);
                }
            }
        }
        name_briefs(&mut set.train, "train");
        name_briefs(&mut set.eval, "eval");
        set
    }
}

/// Two English and two other-language phrasings of a niche, chosen by the seed.
fn pick_phrasings(rng: &mut ChaCha8Rng, niche: Niche) -> Vec<(Niche, Phrasing)> {
    let (mut english, mut other): (Vec<Phrasing>, Vec<Phrasing>) = phrasings(niche)
        .iter()
        .partition(|(language, _)| *language == "en");
    english.shuffle(rng);
    other.shuffle(rng);
    english
        .into_iter()
        .take(ENGLISH_PER_NICHE)
        .chain(other.into_iter().take(OTHER_PER_NICHE))
        .map(|phrasing| (niche, phrasing))
        .collect()
}

/// The filters of `total` briefs: `(platform, follower band, has an audience target)`, dealt
/// in fixed proportions. Audience targets go only to briefs not already narrowed by both a
/// platform and a follower band, so that every brief leaves a brand creators to choose from.
fn constraints(rng: &mut ChaCha8Rng, total: usize) -> Vec<(Option<Platform>, FollowerBand, bool)> {
    let platforms = dealt(
        rng,
        total,
        &[
            (None, 10),
            (Some(Platform::Mastodon), 6),
            (Some(Platform::Web), 4),
        ],
    );
    let bands = dealt(
        rng,
        total,
        &[
            (FollowerBand::Any, 8),
            (FollowerBand::Nano, 4),
            (FollowerBand::Micro, 5),
            (FollowerBand::MicroAndUp, 3),
        ],
    );
    let mut roomy: Vec<usize> = (0..total)
        .filter(|position| platforms[*position].is_none() || bands[*position] == FollowerBand::Any)
        .collect();
    roomy.shuffle(rng);
    roomy.truncate(total * AUDIENCE_TARGETED_PERCENT / 100);
    platforms
        .into_iter()
        .zip(bands)
        .enumerate()
        .map(|(position, (platform, band))| (platform, band, roomy.contains(&position)))
        .collect()
}

/// `total` values in the proportions of `weights`, shuffled (rounding fills with the first).
fn dealt<T: Clone>(rng: &mut ChaCha8Rng, total: usize, weights: &[(T, usize)]) -> Vec<T> {
    let weight_sum: usize = weights.iter().map(|(_, weight)| weight).sum();
    let mut values = Vec::with_capacity(total);
    for (value, weight) in weights.iter().rev() {
        let count = total * weight / weight_sum.max(1);
        values.extend(std::iter::repeat_n(value.clone(), count));
    }
    if let Some((first, _)) = weights.first() {
        while values.len() < total {
            values.push(first.clone());
        }
    }
    values.shuffle(rng);
    values
}

/// An audience target a brand writing in `language` might set: mostly the audience's
/// language or region for non-English briefs, otherwise gender or age (or the US, in
/// English).
fn audience_target(rng: &mut ChaCha8Rng, language: &str) -> AudienceTarget {
    use AudienceDimension::{Age, Country, Gender, Language};
    let regional = match language {
        "es" => Some([
            AudienceTarget::new(Language, &["es"], 0.3),
            AudienceTarget::new(Country, &["ES", "MX", "AR", "CO"], 0.3),
        ]),
        "pt" => Some([
            AudienceTarget::new(Language, &["pt"], 0.3),
            AudienceTarget::new(Country, &["BR", "PT"], 0.3),
        ]),
        "de" => Some([
            AudienceTarget::new(Language, &["de"], 0.2),
            AudienceTarget::new(Country, &["DE", "AT", "CH"], 0.3),
        ]),
        "fr" => Some([
            AudienceTarget::new(Language, &["fr"], 0.15),
            AudienceTarget::new(Country, &["FR", "BE"], 0.25),
        ]),
        _ => None,
    };
    if let Some(regional) = regional {
        if rng.random_bool(2.0 / 3.0) {
            let [first, second] = regional;
            return if rng.random_bool(0.5) { first } else { second };
        }
    }
    let mut demographic = vec![
        AudienceTarget::new(Gender, &["female"], 0.6),
        AudienceTarget::new(Gender, &["male"], 0.6),
        AudienceTarget::new(Age, &["13-17", "18-24"], 0.35),
        AudienceTarget::new(Age, &["35-44", "45-54", "55+"], 0.45),
    ];
    if language == "en" {
        demographic.push(AudienceTarget::new(Country, &["US"], 0.4));
    }
    let position = rng.random_range(0..demographic.len());
    demographic[position].clone()
}

/// Names briefs `{niche}-{language}-{n}` in order, numbering repeats of a niche and language.
fn name_briefs(briefs: &mut [Brief], split: &str) {
    for position in 0..briefs.len() {
        let (niche, language) = (briefs[position].niche, briefs[position].language);
        let earlier = briefs[..position]
            .iter()
            .filter(|brief| brief.niche == niche && brief.language == language)
            .count();
        briefs[position].id = format!("{split}-{niche}-{language}-{}", earlier + 1);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use super::*;

    #[test]
    fn same_seed_same_set_other_seed_other_set() {
        assert_eq!(QuerySet::generate(7), QuerySet::generate(7));
        assert_ne!(QuerySet::generate(7), QuerySet::generate(8));
    }

    #[test]
    fn split_is_disjoint_about_a_third_train_and_eval_spans_everything() {
        for seed in [1, 7, 11, 42, 2026] {
            let set = QuerySet::generate(seed);
            let total = set.train.len() + set.eval.len();
            assert!(total >= 60, "seed {seed}: {total} briefs");
            assert!(set.eval.len() >= 40, "seed {seed}: {} eval", set.eval.len());
            assert!(
                (total / 4..total * 2 / 5).contains(&set.train.len()),
                "seed {seed}: {} train of {total}",
                set.train.len()
            );
            let train: HashSet<(&str, Niche)> = set
                .train
                .iter()
                .map(|brief| (brief.text, brief.niche))
                .collect();
            assert!(set
                .eval
                .iter()
                .all(|brief| !train.contains(&(brief.text, brief.niche))));
            let ids: HashSet<&str> = set
                .train
                .iter()
                .chain(&set.eval)
                .map(|brief| brief.id.as_str())
                .collect();
            assert_eq!(ids.len(), total, "seed {seed}: ids repeat");

            let eval = &set.eval;
            let niches: HashSet<Niche> = eval.iter().map(|brief| brief.niche).collect();
            assert_eq!(niches.len(), Niche::ALL.len(), "seed {seed}");
            let train_niches: HashSet<Niche> = set.train.iter().map(|brief| brief.niche).collect();
            assert_eq!(train_niches.len(), Niche::ALL.len(), "seed {seed}");
            for platform in [None, Some(Platform::Mastodon), Some(Platform::Web)] {
                assert!(eval.iter().any(|brief| brief.platform == platform));
            }
            for band in [
                FollowerBand::Any,
                FollowerBand::Nano,
                FollowerBand::Micro,
                FollowerBand::MicroAndUp,
            ] {
                assert!(eval.iter().any(|brief| brief.followers == band));
            }
            for brief in set.train.iter().chain(eval) {
                let narrowed = brief.platform.is_some() && brief.followers != FollowerBand::Any;
                assert!(
                    !(narrowed && brief.audience.is_some()),
                    "seed {seed}: {brief:?} stacks every filter"
                );
            }
            let targeted = eval.iter().filter(|brief| brief.audience.is_some()).count();
            assert!(
                targeted * 4 >= eval.len(),
                "seed {seed}: {targeted} targeted"
            );
            let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
            for brief in eval {
                *languages.entry(brief.language).or_default() += 1;
            }
            assert!(languages.len() >= 4, "seed {seed}: {languages:?}");
        }
    }

    #[test]
    fn every_generated_target_is_one_the_models_accept() {
        let set = QuerySet::generate(3);
        let targets: Vec<&AudienceTarget> = set
            .train
            .iter()
            .chain(&set.eval)
            .filter_map(|brief| brief.audience.as_ref())
            .collect();
        assert!(!targets.is_empty());
        for target in targets {
            let model_target = target.to_model_target();
            assert!(
                model_target.validate().is_ok(),
                "{target}: {model_target:?}"
            );
            assert!(!model_target.is_empty());
        }
        let lusophone = AudienceTarget::new(AudienceDimension::Country, &["BR", "PT"], 0.3);
        assert_eq!(
            lusophone.to_model_target().countries,
            vec![("BR+PT".to_string(), 0.3)]
        );
    }

    #[test]
    fn follower_bands_contain_what_they_say() {
        assert!(FollowerBand::Nano.contains(9_999));
        assert!(!FollowerBand::Nano.contains(10_000));
        assert!(FollowerBand::Micro.contains(10_000) && FollowerBand::Micro.contains(99_999));
        assert!(!FollowerBand::Micro.contains(100_000));
        assert!(FollowerBand::MicroAndUp.contains(5_000_000));
        assert!(FollowerBand::Any.contains(0));
    }

    #[test]
    fn audience_targets_add_the_shares_of_their_keys() {
        let audience = TruthAudience {
            age: BTreeMap::from([("13-17".into(), 0.15), ("18-24".into(), 0.25)]),
            gender: BTreeMap::from([("female".into(), 0.55), ("male".into(), 0.45)]),
            country: BTreeMap::from([("BR".into(), 0.2), ("PT".into(), 0.15)]),
            language: BTreeMap::from([("pt".into(), 0.35)]),
        };
        let young = AudienceTarget::new(AudienceDimension::Age, &["13-17", "18-24"], 0.35);
        assert!(young.holds(&audience));
        let women = AudienceTarget::new(AudienceDimension::Gender, &["female"], 0.6);
        assert!(!women.holds(&audience));
        let lusophone = AudienceTarget::new(AudienceDimension::Country, &["BR", "PT"], 0.3);
        assert!(lusophone.holds(&audience));
        let german = AudienceTarget::new(AudienceDimension::Language, &["de"], 0.2);
        assert!(!german.holds(&audience));
        assert_eq!(lusophone.to_string(), "country BR+PT ≥ 30%");
    }
}
