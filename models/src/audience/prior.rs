//! Priors the audience estimate is smoothed toward: what an audience looks like before its
//! sample says anything. Each is a named, documented default.

use std::sync::LazyLock;

use super::Code;
use crate::{Niche, NicheScores, Platform};

/// Age prior of photo and video platforms, over [`super::AGE_BUCKETS`]: 13–17 8.5%, 18–24
/// 30%, 25–34 31.5%, 35–44 16%, 45–54 8%, 55+ 5.7% (DataReportal 2022, Statista 2024; DESIGN
/// §5), normalised.
pub const AGE_PRIOR_PHOTO: [f64; 6] = [0.085, 0.30, 0.315, 0.16, 0.08, 0.057];

/// Gender prior of photo and video platforms, over [`super::GENDERS`]: about 50/50
/// (DataReportal), with 2% "other" (assumption).
pub const GENDER_PRIOR_PHOTO: [f64; 3] = [0.49, 0.49, 0.02];

/// Age prior of the microblogs (Mastodon, Bluesky): older than photo platforms, few teens.
/// Assumption, after the fediverse's own user surveys describing a mostly 25–54 audience.
pub const AGE_PRIOR_MICROBLOG: [f64; 6] = [0.02, 0.14, 0.32, 0.28, 0.14, 0.10];

/// Gender prior of the microblogs: more men, more people who state another gender.
/// Assumption, as [`AGE_PRIOR_MICROBLOG`].
pub const GENDER_PRIOR_MICROBLOG: [f64; 3] = [0.38, 0.55, 0.07];

/// Language prior among the languages Scout detects: social-media users by language.
/// Assumption (rough shares of internet users, English-heavy as creator platforms are).
pub const LANGUAGE_PRIOR: [(&str, f64); 7] = [
    ("en", 0.55),
    ("es", 0.12),
    ("pt", 0.08),
    ("fr", 0.07),
    ("de", 0.06),
    ("it", 0.04),
    ("nl", 0.02),
];

/// Where speakers of a language live, by share of that language's social-media users. The
/// country prior of an audience mixes these with its estimated language shares. Assumption:
/// rough user populations, rounded.
pub const COUNTRIES_BY_LANGUAGE: [(&str, &[(&str, f64)]); 7] = [
    (
        "en",
        &[
            ("US", 0.42),
            ("IN", 0.18),
            ("GB", 0.12),
            ("PH", 0.07),
            ("CA", 0.06),
            ("AU", 0.04),
            ("NG", 0.04),
            ("PK", 0.02),
            ("ZA", 0.02),
            ("IE", 0.02),
            ("NZ", 0.01),
        ],
    ),
    (
        "es",
        &[
            ("MX", 0.30),
            ("ES", 0.15),
            ("CO", 0.12),
            ("AR", 0.12),
            ("US", 0.08),
            ("PE", 0.07),
            ("CL", 0.05),
            ("VE", 0.04),
            ("EC", 0.03),
            ("GT", 0.02),
            ("CU", 0.01),
            ("DO", 0.01),
        ],
    ),
    (
        "pt",
        &[("BR", 0.90), ("PT", 0.07), ("AO", 0.02), ("MZ", 0.01)],
    ),
    ("de", &[("DE", 0.83), ("AT", 0.09), ("CH", 0.08)]),
    (
        "fr",
        &[
            ("FR", 0.60),
            ("CA", 0.10),
            ("BE", 0.07),
            ("MA", 0.05),
            ("DZ", 0.05),
            ("CH", 0.04),
            ("CI", 0.04),
            ("SN", 0.03),
            ("TN", 0.02),
        ],
    ),
    ("it", &[("IT", 0.95), ("CH", 0.05)]),
    ("nl", &[("NL", 0.75), ("BE", 0.25)]),
];

/// Share of women in a niche's audience, in [`Niche::ALL`] order (fitness, beauty, fashion,
/// food, travel, gaming, tech, parenting, pets, finance, music, sports, education, crafts,
/// home, automotive, wellness, comedy, art, sustainability). Assumption, after the direction
/// DESIGN §5 names (beauty → female, gaming → male) and public audience reports, rounded.
pub const NICHE_FEMALE_SHARE: [f64; 20] = [
    0.50, 0.80, 0.70, 0.55, 0.52, 0.25, 0.25, 0.75, 0.60, 0.30, 0.48, 0.30, 0.52, 0.72, 0.68, 0.18,
    0.68, 0.42, 0.55, 0.60,
];

/// Multipliers on the platform's age prior by niche (same order as
/// [`NICHE_FEMALE_SHARE`]), over [`super::AGE_BUCKETS`]: gaming, comedy and music skew
/// young, parenting to 25–44, finance, home and crafts older. Assumption (DESIGN §5).
#[rustfmt::skip]
pub const NICHE_AGE_TILT: [[f64; 6]; 20] = [
    [0.8, 1.3, 1.2, 0.9, 0.7, 0.6], // fitness
    [1.4, 1.4, 1.1, 0.7, 0.5, 0.4], // beauty
    [1.3, 1.4, 1.1, 0.8, 0.6, 0.4], // fashion
    [0.7, 0.9, 1.1, 1.1, 1.0, 1.0], // food
    [0.6, 1.0, 1.2, 1.1, 0.9, 0.9], // travel
    [2.0, 1.6, 1.0, 0.6, 0.4, 0.3], // gaming
    [0.9, 1.2, 1.2, 1.0, 0.8, 0.6], // tech
    [0.2, 0.6, 1.6, 1.5, 0.7, 0.5], // parenting
    [0.9, 1.0, 1.1, 1.0, 0.9, 0.9], // pets
    [0.3, 0.8, 1.2, 1.2, 1.3, 1.3], // finance
    [1.5, 1.4, 1.0, 0.8, 0.6, 0.5], // music
    [1.2, 1.2, 1.1, 0.9, 0.8, 0.7], // sports
    [1.5, 1.3, 1.0, 0.8, 0.7, 0.7], // education
    [0.6, 0.8, 0.9, 1.1, 1.3, 1.6], // crafts
    [0.4, 0.7, 1.1, 1.3, 1.3, 1.2], // home
    [0.7, 1.0, 1.1, 1.1, 1.1, 1.0], // automotive
    [0.5, 0.9, 1.2, 1.2, 1.0, 0.9], // wellness
    [1.6, 1.4, 1.0, 0.7, 0.6, 0.5], // comedy
    [1.2, 1.3, 1.0, 0.8, 0.8, 0.8], // art
    [1.0, 1.3, 1.2, 0.8, 0.7, 0.6], // sustainability
];

/// A niche tilts the prior when its probability reaches this.
const NICHE_TILT_MIN_PROBABILITY: f32 = 0.3;

/// How many pseudo-samples of the prior each dimension adds (Laplace-style smoothing):
/// estimate = (Σ evidence + strength × prior) / (Σ evidence weight + strength). Age evidence
/// is the rarest (a third of bios say anything about age), so its prior weighs most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorStrength {
    pub age: f64,
    pub gender: f64,
    pub country: f64,
    pub language: f64,
}

/// Prior strengths with the platform prior alone (assumption: a few samples' worth for age
/// and gender; country and language evidence is plentiful and their priors are rough).
pub const PRIOR_STRENGTH: PriorStrength = PriorStrength {
    age: 4.0,
    gender: 2.0,
    country: 1.0,
    language: 0.5,
};

/// Prior strengths when the creator's niches tilt the prior: a niche explains much of how
/// audiences differ (beauty and gaming audiences differ by some fifty points in gender), so
/// its prior deserves more pseudo-samples — roughly the per-person variance over the spread
/// left between creators of one niche. Assumption.
pub const PRIOR_STRENGTH_WITH_NICHES: PriorStrength = PriorStrength {
    age: 10.0,
    gender: 8.0,
    country: 1.0,
    language: 0.5,
};

/// Age and gender priors of a platform.
pub(crate) fn platform_priors(platform: Platform) -> ([f64; 6], [f64; 3]) {
    match platform {
        Platform::Mastodon | Platform::Bluesky => (AGE_PRIOR_MICROBLOG, GENDER_PRIOR_MICROBLOG),
        Platform::Youtube | Platform::Web => (AGE_PRIOR_PHOTO, GENDER_PRIOR_PHOTO),
    }
}

/// Age and gender priors, and whether niches tilted them.
pub(crate) struct TiltedPriors {
    pub(crate) age: [f64; 6],
    pub(crate) gender: [f64; 3],
    pub(crate) tilted: bool,
}

/// The platform priors tilted by the creator's niches (those with probability ≥ 0.3, at
/// most three, weighted by probability): age multiplies by the weighted tilt, gender moves in
/// log-odds by the niches' departure from 50/50; "other" keeps the platform's share.
pub(crate) fn niche_priors(platform: Platform, niches: Option<&NicheScores>) -> TiltedPriors {
    let (age, gender) = platform_priors(platform);
    let untilted = TiltedPriors {
        age,
        gender,
        tilted: false,
    };
    let Some(niches) = niches else {
        return untilted;
    };
    let mut weighted: Vec<(Niche, f64)> = niches
        .probabilities
        .iter()
        .filter(|(_, probability)| {
            probability.is_finite() && *probability >= NICHE_TILT_MIN_PROBABILITY
        })
        .map(|(niche, probability)| (*niche, f64::from(*probability)))
        .collect();
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1));
    weighted.truncate(3);
    let total: f64 = weighted.iter().map(|(_, weight)| weight).sum();
    if total <= 0.0 {
        return untilted;
    }
    let mut tilted_age = [0.0; 6];
    for (bucket, share) in tilted_age.iter_mut().enumerate() {
        let tilt: f64 = weighted
            .iter()
            .map(|(niche, weight)| weight / total * NICHE_AGE_TILT[niche.index()][bucket])
            .sum();
        *share = age[bucket] * tilt;
    }
    let age_total: f64 = tilted_age.iter().sum();
    tilted_age.iter_mut().for_each(|share| *share /= age_total);
    let logit = |p: f64| (p / (1.0 - p)).ln();
    let binary = 1.0 - gender[2];
    let shift: f64 = weighted
        .iter()
        .map(|(niche, weight)| weight / total * logit(NICHE_FEMALE_SHARE[niche.index()]))
        .sum();
    let female_of_binary = 1.0 / (1.0 + (-(logit(gender[0] / binary) + shift)).exp());
    let tilted_gender = [
        binary * female_of_binary,
        binary * (1.0 - female_of_binary),
        gender[2],
    ];
    TiltedPriors {
        age: tilted_age,
        gender: tilted_gender,
        tilted: true,
    }
}

/// [`LANGUAGE_PRIOR`] as codes.
pub(crate) static LANGUAGE_PRIOR_CODES: LazyLock<Vec<(Code, f64)>> =
    LazyLock::new(|| coded_table(&LANGUAGE_PRIOR));

/// Countries with shares, as codes.
type CodedShares = Vec<(Code, f64)>;

/// [`COUNTRIES_BY_LANGUAGE`] as codes.
static COUNTRY_CODES_BY_LANGUAGE: LazyLock<Vec<(Code, CodedShares)>> = LazyLock::new(|| {
    COUNTRIES_BY_LANGUAGE
        .iter()
        .filter_map(|(language, countries)| Some((Code::new(language)?, coded_table(countries))))
        .collect()
});

fn coded_table(shares: &[(&str, f64)]) -> Vec<(Code, f64)> {
    shares
        .iter()
        .filter_map(|(code, share)| Some((Code::new(code)?, *share)))
        .collect()
}

/// The country prior implied by language shares: Σ_language share × P(country | language),
/// normalised; languages without a table add nothing.
pub(crate) fn country_prior(languages: &[(Code, f64)]) -> Vec<(Code, f64)> {
    let mut mixed: Vec<(Code, f64)> = Vec::new();
    for (language, share) in languages {
        let Some((_, countries)) = COUNTRY_CODES_BY_LANGUAGE
            .iter()
            .find(|(code, _)| code == language)
        else {
            continue;
        };
        for (country, weight) in countries {
            match mixed.iter_mut().find(|(code, _)| code == country) {
                Some((_, total)) => *total += share * weight,
                None => mixed.push((*country, share * weight)),
            }
        }
    }
    let total: f64 = mixed.iter().map(|(_, weight)| weight).sum();
    if total > 0.0 {
        mixed.iter_mut().for_each(|(_, weight)| *weight /= total);
    }
    mixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_are_distributions() {
        for prior in [AGE_PRIOR_MICROBLOG.as_slice(), &GENDER_PRIOR_MICROBLOG] {
            assert!((prior.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        assert!((GENDER_PRIOR_PHOTO.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // The published photo-platform age shares add up to 99.7%; the estimator normalises.
        assert!((AGE_PRIOR_PHOTO.iter().sum::<f64>() - 0.997).abs() < 1e-9);
        assert!((LANGUAGE_PRIOR.iter().map(|(_, s)| s).sum::<f64>() - 0.94).abs() < 1e-9);
        for (language, countries) in COUNTRIES_BY_LANGUAGE {
            let total: f64 = countries.iter().map(|(_, share)| share).sum();
            assert!((total - 1.0).abs() < 1e-9, "{language}: {total}");
        }
    }

    #[test]
    fn country_prior_follows_the_languages() {
        let code = |text: &str| Code::new(text).unwrap();
        let prior = country_prior(&[(code("pt"), 0.5), (code("de"), 0.5), (code("ja"), 1.0)]);
        let share = |wanted: &str| {
            prior
                .iter()
                .find(|(country, _)| country.as_str() == wanted)
                .map_or(0.0, |(_, share)| *share)
        };
        assert!((share("BR") - 0.45).abs() < 1e-9);
        assert!((share("DE") - 0.415).abs() < 1e-9);
        assert_eq!(share("US"), 0.0);
        assert!((prior.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(country_prior(&[(code("ja"), 1.0)]).is_empty());
        // Every code of the tables fits a `Code`.
        assert_eq!(LANGUAGE_PRIOR_CODES.len(), LANGUAGE_PRIOR.len());
        assert_eq!(COUNTRY_CODES_BY_LANGUAGE.len(), COUNTRIES_BY_LANGUAGE.len());
        for ((_, coded), (_, countries)) in
            COUNTRY_CODES_BY_LANGUAGE.iter().zip(COUNTRIES_BY_LANGUAGE)
        {
            assert_eq!(coded.len(), countries.len());
        }
    }

    #[test]
    fn niches_tilt_age_and_gender() {
        let scores = |niche: Niche| NicheScores {
            probabilities: vec![(niche, 0.9), (Niche::Food, 0.1)],
        };
        let (plain_age, plain_gender) = platform_priors(Platform::Web);
        let gaming = niche_priors(Platform::Web, Some(&scores(Niche::Gaming)));
        let beauty = niche_priors(Platform::Web, Some(&scores(Niche::Beauty)));
        let (gaming_age, gaming_gender) = (gaming.age, gaming.gender);
        let (beauty_age, beauty_gender) = (beauty.age, beauty.gender);
        assert!(gaming.tilted && beauty.tilted);
        assert!(
            gaming_age[0] > plain_age[0] && gaming_gender[1] > 0.7,
            "{gaming_gender:?}"
        );
        assert!(beauty_gender[0] > 0.75, "{beauty_gender:?}");
        assert_eq!(beauty_gender[2], plain_gender[2]);
        for prior in [
            gaming_age.as_slice(),
            &gaming_gender,
            &beauty_age,
            &beauty_gender,
        ] {
            assert!((prior.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        let untilted = niche_priors(Platform::Web, None);
        assert_eq!((untilted.age, untilted.gender), (plain_age, plain_gender));
        assert!(!untilted.tilted);
        let vague = NicheScores {
            probabilities: vec![(Niche::Gaming, 0.1)],
        };
        assert!(!niche_priors(Platform::Web, Some(&vague)).tilted);
        let parenting_age = niche_priors(Platform::Mastodon, Some(&scores(Niche::Parenting))).age;
        let finance_age = niche_priors(Platform::Mastodon, Some(&scores(Niche::Finance))).age;
        assert!(parenting_age[2] > finance_age[2] && finance_age[5] > parenting_age[5]);
    }
}
