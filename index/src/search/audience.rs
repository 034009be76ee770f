//! Weighted audience filters as index terms.
//!
//! Each creator's audience estimate is indexed as one `u64` term per bucket with its share:
//! `dimension << 56 | key << 24 | permille`, where `permille` is the share rounded to 0.1%
//! ([`share_permille`]). "At least `min_share` of the audience in bucket K" is then a range
//! query over the terms of K from `share_permille(min_share)` to 1000: exact, non-scoring and
//! counted by the index like every other filter. Countries and languages index every share
//! the estimate has; genders index all three; ages index every range of whole buckets
//! (`13-17`, `18-34`, `35+`, …: 21 in all) with the sum of its buckets' shares.

use scout_models::audience::{Share, AGE_BUCKETS, GENDERS};
use scout_models::AudienceEstimate;

/// Field name of the audience share terms.
pub(crate) const AUDIENCE_SHARE_FIELD: &str = "audience_share";

/// First and last year of each age bucket; the last bucket is open (`55+`).
const BUCKET_BOUNDS: [(u32, Option<u32>); 6] = [
    (13, Some(17)),
    (18, Some(24)),
    (25, Some(34)),
    (35, Some(44)),
    (45, Some(54)),
    (55, None),
];

/// Bits of a term below the key: the permille share.
const KEY_SHIFT: u32 = 24;
/// Bits of a term below the dimension.
const DIMENSION_SHIFT: u32 = 56;

/// An audience dimension a filter constrains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AudienceDimension {
    /// ISO-3166 alpha-2 codes (`US`).
    Country,
    /// ISO-639-1 codes (`en`).
    Language,
    /// Age ranges of whole buckets (`18-24`, `18-34`, `35+`).
    Age,
    /// `female`, `male` or `other`.
    Gender,
}

impl AudienceDimension {
    fn code(self) -> u64 {
        match self {
            AudienceDimension::Country => 1,
            AudienceDimension::Language => 2,
            AudienceDimension::Age => 3,
            AudienceDimension::Gender => 4,
        }
    }

    /// The key's number inside the dimension, or `None` when the key is not one the index
    /// holds (not a two-letter country, a two- or three-letter language, an age range of
    /// whole buckets or a known gender).
    pub fn key_code(self, key: &str) -> Option<u64> {
        let key = key.trim();
        match self {
            AudienceDimension::Country => {
                let bytes = key.as_bytes();
                (bytes.len() == 2 && bytes.iter().all(u8::is_ascii_alphabetic)).then(|| {
                    u64::from(bytes[0].to_ascii_uppercase()) << 8
                        | u64::from(bytes[1].to_ascii_uppercase())
                })
            }
            AudienceDimension::Language => {
                let bytes = key.as_bytes();
                ((2..=3).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_alphabetic)).then(
                    || {
                        bytes.iter().fold(0u64, |code, byte| {
                            code << 8 | u64::from(byte.to_ascii_lowercase())
                        })
                    },
                )
            }
            AudienceDimension::Age => {
                let (first, last) = age_range_buckets(key)?;
                Some((first * 8 + last) as u64)
            }
            AudienceDimension::Gender => GENDERS
                .iter()
                .position(|gender| gender.eq_ignore_ascii_case(key))
                .map(|position| position as u64),
        }
    }
}

/// One item of an audience filter: at least `min_share` of the audience in `key`.
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceShare {
    pub key: String,
    pub min_share: f64,
}

/// One weighted audience filter: a creator passes when any item holds (items OR; separate
/// filters AND).
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceFilter {
    pub dimension: AudienceDimension,
    pub items: Vec<AudienceShare>,
}

/// A share rounded to whole tenths of a percent, clamped to `0..=1000`: the resolution at
/// which audience filters compare shares.
pub fn share_permille(share: f64) -> u64 {
    if !share.is_finite() || share <= 0.0 {
        return 0;
    }
    (share * 1000.0).round().min(1000.0) as u64
}

/// The first and last bucket positions of an age range of whole buckets (`18-34` → 1, 2;
/// `35+` → 3, 5); `None` for anything else.
pub fn age_range_buckets(key: &str) -> Option<(usize, usize)> {
    let key = key.trim();
    let (low, high) = match key.strip_suffix('+') {
        Some(low) => (low.trim().parse::<u32>().ok()?, None),
        None => {
            let (low, high) = key.split_once('-')?;
            (
                low.trim().parse::<u32>().ok()?,
                Some(high.trim().parse::<u32>().ok()?),
            )
        }
    };
    let first = BUCKET_BOUNDS.iter().position(|(start, _)| *start == low)?;
    let last = match high {
        None => BUCKET_BOUNDS.len() - 1,
        Some(high) => BUCKET_BOUNDS
            .iter()
            .position(|(_, end)| *end == Some(high))?,
    };
    (first <= last).then_some((first, last))
}

/// The share of `key` in `estimate`'s `dimension` as the index holds it: a country's or
/// language's share, a gender's share, or the sum of an age range's bucket shares (in bucket
/// order); `None` when the key is not valid for the dimension.
pub fn audience_share(
    estimate: &AudienceEstimate,
    dimension: AudienceDimension,
    key: &str,
) -> Option<f64> {
    dimension.key_code(key)?;
    Some(match dimension {
        AudienceDimension::Country => estimate.country.share(key.trim()),
        AudienceDimension::Language => estimate.language.share(key.trim()),
        AudienceDimension::Gender => estimate.gender.share(key.trim()),
        AudienceDimension::Age => {
            let (first, last) = age_range_buckets(key)?;
            AGE_BUCKETS[first..=last]
                .iter()
                .map(|bucket| estimate.age.share(bucket))
                .sum()
        }
    })
}

/// The term of one bucket's share.
pub(crate) fn share_term(dimension: AudienceDimension, key_code: u64, permille: u64) -> u64 {
    dimension.code() << DIMENSION_SHIFT | key_code << KEY_SHIFT | permille
}

/// Every term indexed for an estimate (buckets with a share of at least 0.1%): for each
/// key, the term of the share [`audience_share`] reads for it, sorted and deduplicated.
///
/// Built without a string per key (this runs once per indexed document): a country's or
/// language's share is that of the first key equal to it ignoring case, as
/// [`DimensionEstimate::share`](scout_models::audience::DimensionEstimate::share) finds it,
/// and an age range's share is the sum of its buckets' shares in bucket order.
pub(crate) fn audience_share_terms(estimate: &AudienceEstimate) -> Vec<u64> {
    let mut terms: Vec<u64> = Vec::with_capacity(
        estimate.country.shares.len() + estimate.language.shares.len() + GENDERS.len() + AGE_RANGES,
    );
    keyed_share_terms(
        AudienceDimension::Country,
        &estimate.country.shares,
        &mut terms,
    );
    keyed_share_terms(
        AudienceDimension::Language,
        &estimate.language.shares,
        &mut terms,
    );
    for (code, gender) in GENDERS.iter().enumerate() {
        push_share_term(
            &mut terms,
            AudienceDimension::Gender,
            code as u64,
            estimate.gender.share(gender),
        );
    }
    let buckets: [f64; BUCKET_BOUNDS.len()] =
        std::array::from_fn(|bucket| estimate.age.share(AGE_BUCKETS[bucket]));
    for first in 0..BUCKET_BOUNDS.len() {
        for last in first..BUCKET_BOUNDS.len() {
            push_share_term(
                &mut terms,
                AudienceDimension::Age,
                (first * 8 + last) as u64,
                buckets[first..=last].iter().copied().sum(),
            );
        }
    }
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Age ranges of whole buckets: 6 + 5 + ... + 1.
const AGE_RANGES: usize = BUCKET_BOUNDS.len() * (BUCKET_BOUNDS.len() + 1) / 2;

/// The terms of a keyed dimension's shares (countries, languages). A key the index can hold
/// (see [`AudienceDimension::key_code`]) reads the share of the first key that equals it
/// ignoring case; a key of valid letters equals exactly the keys spelt without surrounding
/// space whose code is its own, so each code takes the share of its first such key (keys
/// with surrounding space find none and add no term).
fn keyed_share_terms(dimension: AudienceDimension, shares: &[Share], terms: &mut Vec<u64>) {
    let mut firsts: Vec<(u64, usize)> = shares
        .iter()
        .enumerate()
        .filter(|(_, share)| share.key.trim().len() == share.key.len())
        .filter_map(|(position, share)| Some((dimension.key_code(&share.key)?, position)))
        .collect();
    // By code, then position: the first of each run of one code is its first key.
    firsts.sort_unstable();
    firsts.dedup_by_key(|(code, _)| *code);
    for (code, position) in firsts {
        push_share_term(terms, dimension, code, shares[position].share);
    }
}

/// Adds the term of a bucket's share when it rounds to at least 0.1%.
fn push_share_term(terms: &mut Vec<u64>, dimension: AudienceDimension, code: u64, share: f64) {
    let permille = share_permille(share);
    if permille > 0 {
        terms.push(share_term(dimension, code, permille));
    }
}

/// `18-34` or `35+` for a range of buckets.
#[cfg(test)]
fn age_range_name(first: usize, last: usize) -> String {
    let (low, _) = BUCKET_BOUNDS[first];
    match BUCKET_BOUNDS[last].1 {
        Some(high) => format!("{low}-{high}"),
        None => format!("{low}+"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_ranges_must_cover_whole_buckets() {
        assert_eq!(age_range_buckets("18-24"), Some((1, 1)));
        assert_eq!(age_range_buckets("18-34"), Some((1, 2)));
        assert_eq!(age_range_buckets("35+"), Some((3, 5)));
        assert_eq!(age_range_buckets("55+"), Some((5, 5)));
        assert_eq!(age_range_buckets("13-54"), Some((0, 4)));
        assert_eq!(age_range_buckets("18-30"), None);
        assert_eq!(age_range_buckets("34-18"), None);
        assert_eq!(age_range_buckets("teen"), None);
        for first in 0..6 {
            for last in first..6 {
                assert_eq!(
                    age_range_buckets(&age_range_name(first, last)),
                    Some((first, last))
                );
            }
        }
    }

    #[test]
    fn keys_are_checked_per_dimension() {
        assert!(AudienceDimension::Country.key_code("us").is_some());
        assert_eq!(
            AudienceDimension::Country.key_code("us"),
            AudienceDimension::Country.key_code("US")
        );
        assert!(AudienceDimension::Country.key_code("USA").is_none());
        assert!(AudienceDimension::Language.key_code("pt").is_some());
        assert!(AudienceDimension::Language.key_code("p1").is_none());
        assert!(AudienceDimension::Gender.key_code("Female").is_some());
        assert!(AudienceDimension::Gender.key_code("robot").is_none());
    }

    /// The terms as they were built before: a string per key, looked up with
    /// [`audience_share`].
    fn reference_terms(estimate: &AudienceEstimate) -> Vec<u64> {
        let mut keys: Vec<(AudienceDimension, String)> = Vec::new();
        for share in &estimate.country.shares {
            keys.push((AudienceDimension::Country, share.key.clone()));
        }
        for share in &estimate.language.shares {
            keys.push((AudienceDimension::Language, share.key.clone()));
        }
        for gender in GENDERS {
            keys.push((AudienceDimension::Gender, gender.to_string()));
        }
        for first in 0..BUCKET_BOUNDS.len() {
            for last in first..BUCKET_BOUNDS.len() {
                keys.push((AudienceDimension::Age, age_range_name(first, last)));
            }
        }
        let mut terms: Vec<u64> = keys
            .iter()
            .filter_map(|(dimension, key)| {
                let code = dimension.key_code(key)?;
                let permille = share_permille(audience_share(estimate, *dimension, key)?);
                (permille > 0).then(|| share_term(*dimension, code, permille))
            })
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    #[test]
    fn terms_equal_a_lookup_per_key() {
        use scout_models::audience::DimensionEstimate;
        // Keys as estimates spell them, and ones they should not: another case, repeated,
        // padded, too long, not letters.
        let countries = [
            "US", "BR", "us", "Us", " DE", "DE ", "DE", "GBR", "G1", "", "fr", "FR", "zz",
        ];
        let languages = [
            "en", "EN", "pt", "fil", "FIL", " es", "es", "e", "engl", "d3", "de", "ja",
        ];
        let ages = [
            "13-17", "18-24", "25-34", "35-44", "45-54", "55+", "18-24", "x",
        ];
        let genders = ["female", "MALE", "male", "other", "nonbinary"];
        // A small LCG: the same cases every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % below
        };
        let dimension = |keys: &[&str], next: &mut dyn FnMut(usize) -> usize| {
            let count = next(keys.len() + 1);
            DimensionEstimate {
                shares: (0..count)
                    .map(|_| Share {
                        key: keys[next(keys.len())].to_string(),
                        // Shares around the rounding edges and the 0.1% floor too.
                        share: match next(4) {
                            0 => next(1000) as f64 / 1000.0 + 0.0005,
                            1 => next(10) as f64 * 1e-4,
                            _ => next(1_000_000) as f64 / 1e6,
                        },
                    })
                    .collect(),
                confidence: 0.5,
                sample_size: 3,
            }
        };
        for _ in 0..2_000 {
            let estimate = AudienceEstimate {
                age: dimension(&ages, &mut next),
                gender: dimension(&genders, &mut next),
                country: dimension(&countries, &mut next),
                language: dimension(&languages, &mut next),
                sample_size: 3,
                human_weight: 2.5,
            };
            assert_eq!(
                audience_share_terms(&estimate),
                reference_terms(&estimate),
                "{estimate:?}"
            );
        }
    }

    #[test]
    fn shares_round_to_tenths_of_a_percent() {
        assert_eq!(share_permille(0.3), 300);
        assert_eq!(share_permille(0.29951), 300);
        assert_eq!(share_permille(0.0004), 0);
        assert_eq!(share_permille(1.2), 1000);
        assert_eq!(share_permille(f64::NAN), 0);
        // Terms of one key sort by share, so a share range is a term range.
        let code = AudienceDimension::Country.key_code("BR").unwrap();
        assert!(
            share_term(AudienceDimension::Country, code, 299)
                < share_term(AudienceDimension::Country, code, 300)
        );
        assert!(
            share_term(AudienceDimension::Country, code, 1000)
                < share_term(AudienceDimension::Country, code + 1, 0)
        );
    }
}
