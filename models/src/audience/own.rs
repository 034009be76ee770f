//! A low-confidence audience estimate for a creator without an audience sample (no commenters
//! crawled, e.g. every video channel), from the creator's own public signals.
//!
//! Audiences mostly read the language a creator writes in and live where the creator does or
//! in the other countries of that language (DESIGN §5, assumption). So the creator's post and
//! declared languages stand in for commenters' languages, and the country the creator's
//! location (else a pinned place or a flag in the bio) names stands in for commenters'
//! places, each worth only a fraction of one sampled commenter ([`OWN_LANGUAGE_WEIGHT`],
//! [`OWN_COUNTRY_WEIGHT`]); the country prior follows the languages as in the sampled
//! estimate. Age and gender keep the platform prior tilted by the niches, at confidence 0.
//! The estimate's `sample_size` is 0: nothing was sampled, and audience match shrinks its
//! low confidences toward an even chance.

use super::{
    pinned_location, places, prior, AudienceContext, AudienceEstimate, KeyedTally, Tally,
    AGE_BUCKETS, GENDERS, LANGUAGE_COUNTRY_TRUST, PRIOR_STRENGTH, PRIOR_STRENGTH_WITH_NICHES,
};
use crate::{Creator, Post};

/// Evidence weight (in sampled commenters) of the languages a creator writes in, for the
/// audience's languages: confidence `1 - 1/sqrt(2.5)` ≈ 0.37. Assumption.
pub const OWN_LANGUAGE_WEIGHT: f64 = 1.5;

/// Evidence weight (in sampled commenters) of the creator's own country, for the audience's
/// countries: confidence ≈ 0.29. Assumption.
pub const OWN_COUNTRY_WEIGHT: f64 = 1.0;

/// A profile flag's weight against a stated location.
const OWN_FLAG_STRENGTH: f64 = 0.6;

/// The audience of `creator` estimated from its own signals (see the module docs): its posts'
/// languages (and declared ones), its stated location, the platform and niche priors of
/// `context`. Confidences stay low; `sample_size` and `human_weight` are 0.
pub fn estimate_audience_from_creator(
    creator: &Creator,
    posts: &[Post],
    context: &AudienceContext<'_>,
) -> AudienceEstimate {
    let platform = context.platform.unwrap_or(creator.platform);
    let priors = prior::niche_priors(platform, context.niches);
    let strength = if priors.tilted {
        PRIOR_STRENGTH_WITH_NICHES
    } else {
        PRIOR_STRENGTH
    };

    let mut languages = KeyedTally::default();
    if let Some(shares) = own_languages(creator, posts) {
        languages.add(&shares, OWN_LANGUAGE_WEIGHT, false);
    }
    let language_prior: Vec<(String, f64)> = prior::LANGUAGE_PRIOR
        .iter()
        .map(|(code, share)| ((*code).to_string(), *share))
        .collect();
    let language = languages.estimate(&language_prior, strength.language);
    let estimated_languages: Vec<(String, f64)> = language
        .shares
        .iter()
        .map(|share| (share.key.clone(), share.share))
        .collect();

    let mut countries = KeyedTally::default();
    if let Some((shares, weight)) = own_country(creator) {
        countries.add(&shares, OWN_COUNTRY_WEIGHT * weight, false);
    }
    let mut country = countries.estimate(
        &prior::country_prior(&estimated_languages),
        strength.country,
    );
    country.confidence = country
        .confidence
        .max(language.confidence * LANGUAGE_COUNTRY_TRUST);

    let age = Tally::new(AGE_BUCKETS.len()).estimate(&AGE_BUCKETS, &priors.age, strength.age);
    let gender = Tally::new(GENDERS.len()).estimate(&GENDERS, &priors.gender, strength.gender);
    AudienceEstimate {
        age,
        gender,
        country,
        language,
        sample_size: 0,
        human_weight: 0.0,
    }
}

/// Language shares of the creator's posts (each post with a language counts once), else the
/// languages the creator declares (equal shares); `None` when neither names one.
fn own_languages(creator: &Creator, posts: &[Post]) -> Option<Vec<(String, f64)>> {
    let mut counts: Vec<(String, f64)> = Vec::new();
    let mut add = |code: &str| {
        let code = code.trim().to_lowercase();
        if code.is_empty() {
            return;
        }
        match counts.iter_mut().find(|(known, _)| *known == code) {
            Some((_, count)) => *count += 1.0,
            None => counts.push((code, 1.0)),
        }
    };
    let mut from_posts = false;
    for language in posts.iter().filter_map(|post| post.language.as_deref()) {
        add(language);
        from_posts = true;
    }
    if !from_posts {
        creator.languages.iter().for_each(|language| add(language));
    }
    let total: f64 = counts.iter().map(|(_, count)| count).sum();
    (total > 0.0).then(|| {
        counts
            .into_iter()
            .map(|(code, count)| (code, count / total))
            .collect()
    })
}

/// Country shares the creator's location names (else a place pinned in the bio, else flags
/// in the display name or bio, weaker), with their strength.
fn own_country(creator: &Creator) -> Option<(Vec<(String, f64)>, f64)> {
    let bio = creator.bio.as_deref().unwrap_or("");
    let located = creator
        .location
        .as_deref()
        .filter(|location| !location.trim().is_empty())
        .or_else(|| pinned_location(bio))
        .map(places::countries_of_location)
        .unwrap_or_default();
    if !located.is_empty() {
        return Some((located, 1.0));
    }
    let profile = format!("{} {bio}", creator.display_name.as_deref().unwrap_or(""));
    let flags = places::flag_codes(&profile);
    let share = 1.0 / flags.len().max(1) as f64;
    let mut shares: Vec<(String, f64)> = Vec::new();
    for code in flags {
        match shares.iter_mut().find(|(known, _)| *known == code) {
            Some((_, total)) => *total += share,
            None => shares.push((code, share)),
        }
    }
    (!shares.is_empty()).then_some((shares, OWN_FLAG_STRENGTH))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::{audience_match, estimate_audience_with, AudienceTarget};
    use crate::features::tests::{creator, now, post, sample};
    use crate::Platform;

    fn context() -> AudienceContext<'static> {
        AudienceContext {
            now: now(),
            platform: Some(Platform::Mastodon),
            niches: None,
        }
    }

    fn brazilian() -> (Creator, Vec<Post>) {
        let mut creator = creator(Some(5_000));
        creator.location = Some("Recife, Brasil".into());
        let posts = (1..=6)
            .map(|day| {
                let mut post = post(day, 10, 2);
                post.language = Some(if day == 6 { "en" } else { "pt" }.into());
                post
            })
            .collect();
        (creator, posts)
    }

    #[test]
    fn languages_and_country_follow_the_creator_at_low_confidence() {
        let (creator, posts) = brazilian();
        let estimate = estimate_audience_from_creator(&creator, &posts, &context());
        assert_eq!(estimate.language.shares[0].key, "pt");
        assert!(
            estimate.language.share("pt") > 0.6,
            "{:?}",
            estimate.language
        );
        assert!(estimate.language.share("en") > estimate.language.share("de"));
        assert_eq!(estimate.country.shares[0].key, "BR");
        assert!(estimate.country.share("BR") > 0.5, "{:?}", estimate.country);
        // Portuguese readers elsewhere: the country prior follows the languages.
        assert!(estimate.country.share("PT") > estimate.country.share("DE"));
        assert_eq!(estimate.sample_size, 0);
        assert_eq!(estimate.age.confidence, 0.0);
        assert_eq!(estimate.gender.confidence, 0.0);
        // Less trusted than a handful of sampled commenters.
        let commenters: Vec<_> = (0..4)
            .map(|i| {
                let mut commenter = sample(&format!("fan{i}"));
                commenter.location = Some("Recife, Brasil".into());
                commenter.text = Some("Que receita maravilhosa, vou fazer amanhã!".into());
                commenter
            })
            .collect();
        let sampled = estimate_audience_with(&commenters, &context());
        assert!(estimate.language.confidence < sampled.language.confidence);
        assert!(estimate.country.confidence < sampled.country.confidence);
        for dimension in [
            &estimate.age,
            &estimate.gender,
            &estimate.country,
            &estimate.language,
        ] {
            let total: f64 = dimension.shares.iter().map(|share| share.share).sum();
            assert!((total - 1.0).abs() < 1e-9, "{dimension:?}");
        }
    }

    #[test]
    fn audience_match_leans_toward_the_creators_market_but_stays_near_even() {
        let (creator, posts) = brazilian();
        let estimate = estimate_audience_from_creator(&creator, &posts, &context());
        let target = |country: &str, language: &str| AudienceTarget {
            countries: vec![(country.into(), 0.3)],
            languages: vec![(language.into(), 0.3)],
            ..AudienceTarget::default()
        };
        let home = audience_match(&estimate, &target("BR", "pt"));
        let foreign = audience_match(&estimate, &target("JP", "ja"));
        assert!(home > 0.55 && home < 0.75, "{home}");
        assert!(foreign < 0.45 && foreign > 0.25, "{foreign}");
    }

    #[test]
    fn declared_languages_and_flags_count_when_posts_and_location_say_nothing() {
        let mut creator = creator(Some(800));
        creator.languages = vec!["de".into()];
        creator.bio = Some("Bergsteigerin 🇦🇹".into());
        let estimate = estimate_audience_from_creator(&creator, &[post(1, 3, 0)], &context());
        assert_eq!(estimate.language.shares[0].key, "de");
        assert_eq!(estimate.country.shares[0].key, "AT");

        let silent = crate::features::tests::creator(None);
        let unknown = estimate_audience_from_creator(&silent, &[], &context());
        assert_eq!(unknown.language.confidence, 0.0);
        assert_eq!(unknown.country.confidence, 0.0);
    }
}
