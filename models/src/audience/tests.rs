use chrono::{Duration, TimeZone};

use super::*;
use crate::CreatorId;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
}

fn person(
    handle: &str,
    name: &str,
    bio: &str,
    location: &str,
    language: &str,
    text: &str,
) -> AudienceSample {
    let non_empty = |value: &str| (!value.is_empty()).then(|| value.to_string());
    AudienceSample {
        creator_id: CreatorId::new(Platform::Web, "studio.example/ana"),
        handle: handle.into(),
        display_name: non_empty(name),
        bio: non_empty(bio),
        location: non_empty(location),
        language: non_empty(language),
        text: non_empty(text),
        followers: Some(140),
        following: Some(260),
        has_avatar: true,
        account_created_at: Some(now() - Duration::days(800)),
        is_bot: false,
        post_id: None,
        reply_likes: None,
        post_count: None,
    }
}

fn bot(handle: &str) -> AudienceSample {
    AudienceSample {
        display_name: None,
        bio: None,
        followers: Some(2),
        following: Some(5_000),
        has_avatar: false,
        account_created_at: Some(now() - Duration::days(10)),
        language: Some("en".into()),
        text: Some("Great content!! Check my profile for amazing deals".into()),
        location: Some("New York".into()),
        ..person(handle, "", "", "", "", "")
    }
}

fn sums_to_one(dimension: &DimensionEstimate) -> bool {
    (dimension
        .shares
        .iter()
        .map(|share| share.share)
        .sum::<f64>()
        - 1.0)
        .abs()
        < 1e-9
}

#[test]
fn empty_samples_give_the_prior_with_no_confidence() {
    let estimate = estimate_audience_at(&[], now());
    assert_eq!(estimate.sample_size, 0);
    for dimension in estimate.dimensions() {
        assert!(sums_to_one(dimension));
        assert_eq!(dimension.confidence, 0.0);
        assert_eq!(dimension.sample_size, 0);
    }
    let normalised_prior = AGE_PRIOR_PHOTO[1] / AGE_PRIOR_PHOTO.iter().sum::<f64>();
    assert!((estimate.age.share("18-24") - normalised_prior).abs() < 1e-9);
    assert_eq!(estimate.language.shares[0].key, "en");
    assert_eq!(estimate.country.shares[0].key, "US");
}

#[test]
fn a_brazilian_audience_reads_as_brazilian() {
    let samples: Vec<AudienceSample> = (0..20)
        .map(|n| {
            let (name, bio, location) = match n % 4 {
                0 => ("Maria Souza", "mãe de 2 · café", "São Paulo, Brasil"),
                1 => ("João Lima", "universitário | 21", "Rio de Janeiro"),
                2 => ("Ana Costa", "ela/dela", "Curitiba 🇧🇷"),
                _ => ("Pedro Alves", "", ""),
            };
            person(
                &format!("fan{n}"),
                name,
                bio,
                location,
                "pt",
                "Que receita maravilhosa, vou fazer amanhã com a família!",
            )
        })
        .collect();
    let estimate = estimate_audience_at(&samples, now());
    for dimension in estimate.dimensions() {
        assert!(sums_to_one(dimension));
    }
    assert_eq!(estimate.language.shares[0].key, "pt");
    assert!(estimate.language.share("pt") > 0.9);
    assert_eq!(estimate.language.sample_size, 20);
    assert_eq!(estimate.country.shares[0].key, "BR");
    assert!(estimate.country.share("BR") > 0.8, "{:?}", estimate.country);
    assert_eq!(estimate.country.sample_size, 15);
    // Two women for two men in the names and bios.
    let female = estimate.gender.share("female");
    assert!((0.4..0.6).contains(&female), "{female}");
    assert!(estimate.language.confidence > estimate.age.confidence);
    assert!(estimate.language.confidence > 0.75);
}

#[test]
fn bots_hardly_move_the_estimate() {
    let people: Vec<AudienceSample> = (0..10)
        .map(|n| {
            person(
                &format!("fan{n}"),
                "Lucía Pérez",
                "estudiante universitaria",
                "Madrid",
                "es",
                "Me encanta esta receta, la voy a preparar este fin de semana",
            )
        })
        .collect();
    let mut with_bots = people.clone();
    with_bots.extend((0..10).map(|n| bot(&format!("user88{n}12345"))));
    let clean = estimate_audience_at(&people, now());
    let polluted = estimate_audience_at(&with_bots, now());
    assert!(polluted.human_weight < 11.0, "{}", polluted.human_weight);
    assert_eq!(
        polluted.country.sample_size, 10,
        "bot-like samples are not counted"
    );
    assert!((clean.country.share("ES") - polluted.country.share("ES")).abs() < 0.05);
    assert!(polluted.country.share("US") < 0.05);
    assert!(polluted.language.share("es") > 0.85);
    assert!(polluted.age.share("18-24") > 0.5, "{:?}", polluted.age);
    assert!(polluted.gender.share("female") > 0.8);
}

#[test]
fn confidence_grows_with_the_sample() {
    let sample = |n: usize| {
        (0..n)
            .map(|i| person(&format!("p{i}"), "Emma Smith", "", "London", "en", ""))
            .collect::<Vec<_>>()
    };
    let small = estimate_audience_at(&sample(3), now());
    let large = estimate_audience_at(&sample(48), now());
    // Every sample names its country: the evidence weight is the human weight.
    for estimate in [&small, &large] {
        let expected = 1.0 - 1.0 / (estimate.human_weight + 1.0).sqrt();
        assert!((estimate.country.confidence - expected).abs() < 1e-9);
    }
    assert!(small.country.confidence > 0.45 && small.country.confidence < 0.5);
    assert!(large.country.confidence > 0.8);
    assert!(large.country.share("GB") > small.country.share("GB"));
}

#[test]
fn the_prior_follows_the_platform() {
    let mastodon = AudienceSample {
        creator_id: CreatorId::new(Platform::Mastodon, "ana@social.example"),
        ..person("p", "", "", "", "", "")
    };
    let microblog = estimate_audience_at(&[mastodon], now());
    let photo = estimate_audience_at(&[person("p", "", "", "", "", "")], now());
    assert!(microblog.age.share("13-17") < photo.age.share("13-17"));
    assert!(microblog.gender.share("other") > photo.gender.share("other"));
}

#[test]
fn niches_tilt_the_prior_the_sample_speaks_against() {
    let gaming = NicheScores {
        probabilities: vec![(crate::Niche::Gaming, 0.9)],
    };
    let context = AudienceContext {
        now: now(),
        platform: Some(Platform::Web),
        niches: Some(&gaming),
    };
    let silent = estimate_audience_with(&[], &context);
    assert!(silent.gender.share("male") > 0.7, "{:?}", silent.gender);
    assert!(silent.age.share("13-17") > estimate_audience_at(&[], now()).age.share("13-17"));
    // Twenty women saying so still outweigh the gaming prior.
    let women: Vec<AudienceSample> = (0..20)
        .map(|n| person(&format!("w{n}"), "Emma Jones", "she/her", "", "en", ""))
        .collect();
    let estimate = estimate_audience_with(&women, &context);
    assert!(
        estimate.gender.share("female") > 0.6,
        "{:?}",
        estimate.gender
    );
}

#[test]
fn a_pinned_place_in_the_bio_counts_when_the_location_field_is_empty() {
    let samples: Vec<AudienceSample> = (0..6)
        .map(|position| {
            person(
                &format!("leitora{position}"),
                "Rita",
                "jardins e café\n📍 Lisboa, Portugal",
                "",
                "pt",
                "Que lindo, adorei!",
            )
        })
        .collect();
    let estimate = estimate_audience_at(&samples, now());
    assert_eq!(estimate.country.shares[0].key, "PT");
    assert!(estimate.country.share("PT") > 0.5, "{:?}", estimate.country);
    assert_eq!(pinned_location("fan | 📌 Berlin | 🎧"), Some("Berlin"));
    assert_eq!(pinned_location("no place here"), None);
}

#[test]
fn languages_lend_the_country_estimate_confidence_without_places() {
    // No location, no flags: Spanish replies alone.
    let samples: Vec<AudienceSample> = (0..10)
        .map(|position| {
            person(
                &format!("lector{position}"),
                "",
                "",
                "",
                "es",
                "¡Qué receta tan buena, la voy a preparar mañana con mi familia!",
            )
        })
        .collect();
    let estimate = estimate_audience_at(&samples, now());
    assert!(estimate.country.confidence > 0.2, "{:?}", estimate.country);
    assert!(estimate.country.confidence < estimate.language.confidence);
    let target = AudienceTarget {
        countries: vec![("ES+MX+AR+CO".into(), 0.3)],
        ..AudienceTarget::default()
    };
    let hispanic = audience_match(&estimate, &target);
    let german = audience_match(
        &estimate,
        &AudienceTarget {
            countries: vec![("DE+AT+CH".into(), 0.3)],
            ..AudienceTarget::default()
        },
    );
    assert!(hispanic > 0.6 && german < 0.4, "{hispanic} {german}");
}

#[test]
fn a_prior_estimate_knows_the_niche_but_claims_no_evidence() {
    let scores = |niche| NicheScores {
        probabilities: vec![(niche, 0.9)],
    };
    let gaming = prior_estimate(Platform::Youtube, Some(&scores(crate::Niche::Gaming)));
    let beauty = prior_estimate(Platform::Youtube, Some(&scores(crate::Niche::Beauty)));
    for estimate in [&gaming, &beauty] {
        assert_eq!(estimate.sample_size, 0);
        for dimension in estimate.dimensions() {
            assert!(sums_to_one(dimension));
            assert_eq!(dimension.confidence, 0.0);
        }
    }
    let women = AudienceTarget {
        gender: Some(("female".into(), 0.6)),
        ..AudienceTarget::default()
    };
    let for_gaming = audience_match(&gaming, &women);
    let for_beauty = audience_match(&beauty, &women);
    assert!(
        for_beauty > 0.8 && for_gaming < 0.05,
        "{for_beauty} {for_gaming}"
    );
    // Without niches, the platform's even split: an unlikely 60% of women, not an even chance.
    let plain = audience_match(&prior_estimate(Platform::Youtube, None), &women);
    assert!(plain > for_gaming && plain < 0.3, "{plain}");
}
