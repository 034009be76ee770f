//! A creator's true audience: shares over age buckets, genders, countries and languages —
//! the platform prior tilted by the creator's niches and home — and the draws of individual
//! audience members from it.

use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::geo::{Country, Language};
use crate::sim::params;
use crate::sim::rng::{between, ln_factor, uniform, weighted_index};

/// Which platform prior an audience starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AudiencePrior {
    /// Photo-platform demographics (DataReportal), used for the creator sites.
    Photo,
    /// The older, more male Mastodon-like instances (assumption).
    Mastodon,
    /// The Bluesky-like AppView (assumption).
    Bluesky,
    /// The video site (assumption).
    Video,
}

/// True audience shares of one creator; every group sums to 1.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AudienceShares {
    /// Shares over [`params::AGE_BUCKETS`].
    pub(crate) age: [f64; 6],
    /// Shares over [`params::GENDERS`].
    pub(crate) gender: [f64; 3],
    /// Countries with a non-zero share, in [`Country::ALL`] order.
    pub(crate) countries: Vec<(Country, f64)>,
    /// Languages with a non-zero share, in [`Language::ALL`] order.
    pub(crate) languages: Vec<(Language, f64)>,
}

/// One audience member's demographics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Demographics {
    /// Index into [`params::AGE_BUCKETS`].
    pub(crate) age_bucket: usize,
    /// Index into [`params::GENDERS`].
    pub(crate) gender: usize,
    pub(crate) country: Country,
    pub(crate) language: Language,
}

impl AudienceShares {
    /// Draws the audience of a creator with these niches (primary first) and home.
    pub(crate) fn generate(
        rng: &mut ChaCha8Rng,
        prior: AudiencePrior,
        niches: &[Niche],
        home: Country,
        creator_language: Language,
    ) -> AudienceShares {
        let (age_prior, gender_prior) = match prior {
            AudiencePrior::Photo => (params::AGE_PRIOR_PHOTO, params::GENDER_PRIOR_PHOTO),
            AudiencePrior::Mastodon => (params::AGE_PRIOR_MASTODON, params::GENDER_PRIOR_MASTODON),
            AudiencePrior::Bluesky => (params::AGE_PRIOR_BLUESKY, params::GENDER_PRIOR_BLUESKY),
            AudiencePrior::Video => (params::AGE_PRIOR_VIDEO, params::GENDER_PRIOR_VIDEO),
        };
        let weights = niche_weights(niches);
        let mut age = [0.0; 6];
        for (bucket, share) in age.iter_mut().enumerate() {
            let tilt: f64 = weights
                .iter()
                .map(|(niche, weight)| weight * params::NICHE_AGE_TILT[niche.index()][bucket])
                .sum();
            *share = age_prior[bucket] * tilt * ln_factor(rng, params::AUDIENCE_SHARE_LN_SD);
        }
        let mut gender = [0.0; 3];
        for (position, share) in gender.iter_mut().enumerate() {
            let tilt: f64 = weights
                .iter()
                .map(|(niche, weight)| weight * params::NICHE_GENDER_TILT[niche.index()][position])
                .sum();
            *share = gender_prior[position] * tilt * ln_factor(rng, params::AUDIENCE_SHARE_LN_SD);
        }
        normalise(&mut age);
        normalise(&mut gender);
        let countries = country_shares(rng, home, creator_language);
        let languages = language_shares(&countries, creator_language);
        AudienceShares {
            age,
            gender,
            countries,
            languages,
        }
    }

    /// Draws one audience member.
    pub(crate) fn draw(&self, rng: &mut ChaCha8Rng, creator_language: Language) -> Demographics {
        let age_bucket = weighted_index(rng, &self.age);
        let gender = weighted_index(rng, &self.gender);
        let country_weights: Vec<f64> = self.countries.iter().map(|(_, share)| *share).collect();
        let country = self
            .countries
            .get(weighted_index(rng, &country_weights))
            .map(|(country, _)| *country)
            .unwrap_or(Country::Us);
        let language_weights = language_given_country(country, creator_language);
        let language = Language::ALL[weighted_index(rng, &language_weights)];
        Demographics {
            age_bucket,
            gender,
            country,
            language,
        }
    }
}

/// Weight of each niche in the audience tilt: the primary niche dominates.
fn niche_weights(niches: &[Niche]) -> Vec<(Niche, f64)> {
    match niches {
        [] => Vec::new(),
        [only] => vec![(*only, 1.0)],
        [primary, rest @ ..] => {
            let secondary = (1.0 - params::PRIMARY_NICHE_TILT_WEIGHT) / rest.len() as f64;
            let mut weights = vec![(*primary, params::PRIMARY_NICHE_TILT_WEIGHT)];
            weights.extend(rest.iter().map(|niche| (*niche, secondary)));
            weights
        }
    }
}

fn normalise(shares: &mut [f64]) {
    let total: f64 = shares.iter().sum();
    if total > 0.0 {
        for share in shares.iter_mut() {
            *share /= total;
        }
    } else if !shares.is_empty() {
        let even = 1.0 / shares.len() as f64;
        shares.iter_mut().for_each(|share| *share = even);
    }
}

/// Home country, then other countries of the same language, then a few foreign markets.
fn country_shares(rng: &mut ChaCha8Rng, home: Country, language: Language) -> Vec<(Country, f64)> {
    let mut shares = [0.0; 16];
    shares[home as usize] = uniform(rng, params::HOME_COUNTRY_AUDIENCE_SHARE);
    let siblings: Vec<Country> = params::countries_for(language)
        .iter()
        .map(|(country, _)| *country)
        .filter(|country| *country != home)
        .collect();
    if !siblings.is_empty() {
        let total = uniform(rng, params::SAME_LANGUAGE_COUNTRIES_AUDIENCE_SHARE);
        let raw: Vec<f64> = siblings.iter().map(|_| uniform(rng, (0.3, 1.0))).collect();
        let raw_total: f64 = raw.iter().sum();
        for (country, weight) in siblings.iter().zip(raw) {
            shares[*country as usize] += total * weight / raw_total;
        }
    }
    let used: f64 = shares.iter().sum();
    let foreign_total = (1.0 - used).max(0.02);
    let count = between(rng, params::FOREIGN_AUDIENCE_COUNTRIES);
    let mut candidates = params::FOREIGN_COUNTRY_WEIGHTS;
    candidates[home as usize] = 0.0;
    let mut picked = Vec::with_capacity(count);
    for _ in 0..count {
        let position = weighted_index(rng, &candidates);
        if candidates[position] <= 0.0 {
            break;
        }
        candidates[position] = 0.0;
        picked.push((position, uniform(rng, (0.2, 1.0))));
    }
    let picked_total: f64 = picked.iter().map(|(_, weight)| weight).sum();
    for (position, weight) in &picked {
        shares[*position] += foreign_total * weight / picked_total;
    }
    normalise(&mut shares);
    Country::ALL
        .iter()
        .zip(shares)
        .filter(|(_, share)| *share > 0.0)
        .map(|(country, share)| (*country, share))
        .collect()
}

/// P(language | country) for someone in this creator's audience, in [`Language::ALL`] order.
pub(crate) fn language_given_country(country: Country, creator_language: Language) -> [f64; 5] {
    let (native, english, creators) = params::AUDIENCE_LANGUAGE_MIX;
    let mut weights = [0.0; 5];
    for (language, share) in country.languages() {
        weights[language.index()] += native * share;
    }
    weights[Language::En.index()] += english;
    weights[creator_language.index()] += creators;
    normalise(&mut weights);
    weights
}

/// Language shares implied by the country shares.
fn language_shares(
    countries: &[(Country, f64)],
    creator_language: Language,
) -> Vec<(Language, f64)> {
    let mut shares = [0.0; 5];
    for (country, country_share) in countries {
        for (position, share) in language_given_country(*country, creator_language)
            .iter()
            .enumerate()
        {
            shares[position] += country_share * share;
        }
    }
    normalise(&mut shares);
    Language::ALL
        .iter()
        .zip(shares)
        .filter(|(_, share)| *share > 0.0)
        .map(|(language, share)| (*language, share))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    fn sum<T>(shares: &[(T, f64)]) -> f64 {
        shares.iter().map(|(_, share)| share).sum()
    }

    #[test]
    fn shares_sum_to_one_and_home_dominates() {
        let mut rng = stream(5, Purpose::Account, 0, 0);
        for _ in 0..50 {
            let audience = AudienceShares::generate(
                &mut rng,
                AudiencePrior::Photo,
                &[Niche::Food, Niche::Travel],
                Country::Br,
                Language::Pt,
            );
            assert!((audience.age.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!((audience.gender.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!((sum(&audience.countries) - 1.0).abs() < 1e-9);
            assert!((sum(&audience.languages) - 1.0).abs() < 1e-9);
            let brazil = audience
                .countries
                .iter()
                .find(|(country, _)| *country == Country::Br)
                .map(|(_, share)| *share);
            assert!(brazil.unwrap_or(0.0) > 0.4);
            let portuguese = audience
                .languages
                .iter()
                .find(|(language, _)| *language == Language::Pt)
                .map(|(_, share)| *share);
            assert!(portuguese.unwrap_or(0.0) > 0.5);
        }
    }

    #[test]
    fn niches_tilt_gender_and_age() {
        let mut rng = stream(6, Purpose::Account, 0, 0);
        let mut beauty_female = 0.0;
        let mut gaming_female = 0.0;
        let mut gaming_young = 0.0;
        let mut finance_young = 0.0;
        for _ in 0..200 {
            let beauty = AudienceShares::generate(
                &mut rng,
                AudiencePrior::Photo,
                &[Niche::Beauty],
                Country::Us,
                Language::En,
            );
            let gaming = AudienceShares::generate(
                &mut rng,
                AudiencePrior::Photo,
                &[Niche::Gaming],
                Country::Us,
                Language::En,
            );
            let finance = AudienceShares::generate(
                &mut rng,
                AudiencePrior::Photo,
                &[Niche::Finance],
                Country::Us,
                Language::En,
            );
            beauty_female += beauty.gender[0];
            gaming_female += gaming.gender[0];
            gaming_young += gaming.age[0] + gaming.age[1];
            finance_young += finance.age[0] + finance.age[1];
        }
        assert!(beauty_female > gaming_female * 2.0);
        assert!(gaming_young > finance_young * 1.5);
    }

    #[test]
    fn drawn_members_follow_the_shares() {
        let mut rng = stream(7, Purpose::Account, 0, 0);
        let audience = AudienceShares::generate(
            &mut rng,
            AudiencePrior::Mastodon,
            &[Niche::Parenting],
            Country::De,
            Language::De,
        );
        let draws: Vec<Demographics> = (0..4_000)
            .map(|_| audience.draw(&mut rng, Language::De))
            .collect();
        let german = draws
            .iter()
            .filter(|member| member.language == Language::De)
            .count() as f64
            / 4_000.0;
        let expected = audience
            .languages
            .iter()
            .find(|(language, _)| *language == Language::De)
            .map(|(_, share)| *share)
            .unwrap_or(0.0);
        assert!((german - expected).abs() < 0.04, "{german} vs {expected}");
        let female = draws.iter().filter(|member| member.gender == 0).count() as f64 / 4_000.0;
        assert!((female - audience.gender[0]).abs() < 0.04);
    }
}
