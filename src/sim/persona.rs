//! Who people say they are: commenters' bios with age cues, locations as people type them,
//! and display names.

use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::geo::{Country, Language};
use crate::sim::names::Gender;
use crate::sim::params;
use crate::sim::rng::{between, chance, pick, pick_str, weighted_index};
use crate::sim::text::emoji;
use crate::sim::vocab::{self, LanguageVocab, NICHE_EMOJIS};

/// What a commenter's bio may reveal.
pub(crate) struct SampleFacts {
    pub(crate) language: Language,
    pub(crate) age_bucket: usize,
    pub(crate) gender: Gender,
    pub(crate) interest: Niche,
    pub(crate) anchor_year: i32,
}

/// A human commenter's bio: sometimes empty, sometimes with age cues, pronouns, interests.
pub(crate) fn sample_bio(rng: &mut ChaCha8Rng, facts: &SampleFacts) -> String {
    if chance(rng, params::SAMPLE_EMPTY_BIO_SHARE) {
        return String::new();
    }
    let words = vocab::language(facts.language);
    let mut parts: Vec<String> = Vec::with_capacity(4);
    if chance(rng, params::SAMPLE_AGE_CUE_SHARE) {
        parts.push(age_cue(rng, words, facts));
    }
    if chance(rng, params::SAMPLE_PRONOUN_SHARE) {
        let position = match facts.gender {
            Gender::Female => 0,
            Gender::Male => 1,
            Gender::Other => 2,
        };
        parts.push(words.pronouns[position].to_string());
    }
    if parts.is_empty() || chance(rng, 0.6) {
        let niche = if chance(rng, 0.6) {
            facts.interest
        } else {
            *pick(rng, &Niche::ALL).unwrap_or(&facts.interest)
        };
        let word = pick_str(rng, words.niches[niche.index()].words);
        parts.push(pick_str(rng, words.interests).replace("{w}", word));
    }
    if chance(rng, 0.3) {
        parts.push(format!(
            "{} {}",
            pick_str(rng, words.filler),
            emoji(rng, None, true)
        ));
    }
    let separator = pick_str(rng, &[" | ", " · ", "\n", " • ", ". "]);
    parts.join(separator)
}

fn age_cue(rng: &mut ChaCha8Rng, words: &LanguageVocab, facts: &SampleFacts) -> String {
    let bucket = facts.age_bucket.min(5);
    let parent = match (bucket, facts.gender) {
        (2..=4, Gender::Female) if chance(rng, 0.45) => Some(words.parent_cues[0]),
        (2..=4, Gender::Male) if chance(rng, 0.45) => Some(words.parent_cues[1]),
        (5, Gender::Female) if chance(rng, 0.4) => Some(words.parent_cues[2]),
        (5, Gender::Male) if chance(rng, 0.4) => Some(words.parent_cues[3]),
        _ => None,
    };
    if let Some(cues) = parent {
        return pick_str(rng, cues).to_string();
    }
    let (youngest, oldest) = params::AGE_BUCKET_YEARS[bucket];
    let age = between(rng, (youngest as usize, oldest as usize)) as i32;
    let graduation_age = if bucket == 0 { 18 } else { 22 };
    let year = facts.anchor_year + graduation_age - age;
    pick_str(rng, words.age_cues[bucket])
        .replace("{age}", &age.to_string())
        .replace("{year}", &year.to_string())
}

/// A location as people type it: "São Paulo, Brasil", "Lisboa 🇵🇹", "NYC", "Berlin, Germany"…
/// Creators always name a place; commenters may leave it empty or joke.
pub(crate) fn location(
    rng: &mut ChaCha8Rng,
    country: Country,
    language: Language,
    creator: bool,
) -> String {
    if !creator {
        if chance(rng, params::SAMPLE_EMPTY_LOCATION_SHARE) {
            return String::new();
        }
        if chance(rng, params::SAMPLE_JOKE_LOCATION_SHARE) {
            return pick_str(rng, vocab::language(language).joke_locations).to_string();
        }
    }
    let city = pick_str(rng, country.cities());
    let name = pick_str(rng, country.names());
    match weighted_index(rng, &[25.0, 20.0, 8.0, 12.0, 4.0, 12.0, 8.0, 3.0, 8.0]) {
        0 => city.to_string(),
        1 => format!("{city}, {name}"),
        2 => format!("{city}, {}", country.code()),
        3 => format!("{city} {}", country.flag()),
        4 => country.flag().to_string(),
        5 => name.to_string(),
        6 => pick(rng, country.nicknames())
            .map(|nick| nick.to_string())
            .unwrap_or_else(|| city.to_string()),
        7 => format!("{city} ↔ {}", pick_str(rng, country.cities())),
        _ => city.to_lowercase(),
    }
}

/// A commenter's location as typed: often empty, sometimes a joke, sometimes misspelled, and
/// for people living abroad a place in another country than the one they count in.
pub(crate) fn sample_location(
    rng: &mut ChaCha8Rng,
    country: Country,
    language: Language,
) -> String {
    let country = if chance(rng, params::SAMPLE_EXPAT_SHARE) {
        *pick(rng, &Country::ALL).unwrap_or(&country)
    } else {
        country
    };
    let typed = location(rng, country, language, false);
    if !typed.is_empty() && chance(rng, params::SAMPLE_LOCATION_TYPO_SHARE) {
        typo(rng, &typed)
    } else {
        typed
    }
}

fn strip_accent(character: char) -> char {
    match character {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
        'É' | 'È' | 'Ê' => 'E',
        'Ó' | 'Ô' | 'Ö' => 'O',
        'Ú' | 'Ü' => 'U',
        other => other,
    }
}

/// The text with one typing slip: accents dropped, a letter missing, doubled or swapped with
/// its neighbour, or everything lower-cased.
pub(crate) fn typo(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut characters: Vec<char> = text.chars().collect();
    let letters: Vec<usize> = characters
        .iter()
        .enumerate()
        .filter(|(_, character)| character.is_alphabetic())
        .map(|(position, _)| position)
        .collect();
    let Some(&position) = pick(rng, &letters) else {
        return text.to_string();
    };
    match weighted_index(rng, &[3.0, 3.0, 2.0, 2.0, 1.0]) {
        0 if characters.iter().any(|c| strip_accent(*c) != *c) => {
            characters.iter().map(|c| strip_accent(*c)).collect()
        }
        1 if letters.len() > 3 => {
            characters.remove(position);
            characters.into_iter().collect()
        }
        2 => {
            characters.insert(position, characters[position]);
            characters.into_iter().collect()
        }
        3 if position + 1 < characters.len() && characters[position + 1].is_alphabetic() => {
            characters.swap(position, position + 1);
            characters.into_iter().collect()
        }
        _ => text.to_lowercase(),
    }
}

/// A display name that is not a name: a pseudonym, initials or emoji.
pub(crate) fn pseudonym(rng: &mut ChaCha8Rng) -> String {
    pick_str(rng, vocab::PSEUDONYMS).to_string()
}

/// How a creator shows their name.
pub(crate) fn creator_display_name(
    rng: &mut ChaCha8Rng,
    first: &str,
    last: &str,
    niche: Niche,
) -> String {
    match weighted_index(rng, &[55.0, 15.0, 15.0, 10.0, 5.0]) {
        0 => format!("{first} {last}"),
        1 => first.to_string(),
        2 => format!(
            "{first} {last} {}",
            pick_str(rng, NICHE_EMOJIS[niche.index()])
        ),
        3 => format!(
            "{first} {} {}",
            pick_str(rng, &["|", "·", "•"]),
            pick_str(rng, NICHE_EMOJIS[niche.index()])
        ),
        _ => format!("{first} {last}").to_uppercase(),
    }
}

/// How a human commenter shows their name.
pub(crate) fn human_display_name(rng: &mut ChaCha8Rng, first: &str, last: &str) -> String {
    match weighted_index(rng, &[45.0, 30.0, 15.0, 10.0]) {
        0 => format!("{first} {last}"),
        1 => first.to_string(),
        2 => format!("{first} {}.", last.chars().next().unwrap_or('X')),
        _ => first.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    #[test]
    fn sample_bios_carry_age_cues_without_leftover_slots() {
        let mut rng = stream(3, Purpose::Content, 0, 0);
        for bucket in 0..6 {
            for _ in 0..40 {
                let facts = SampleFacts {
                    language: Language::Es,
                    age_bucket: bucket,
                    gender: Gender::Female,
                    interest: Niche::Pets,
                    anchor_year: 2025,
                };
                let bio = sample_bio(&mut rng, &facts);
                assert!(!bio.contains('{'), "{bio}");
            }
        }
    }

    #[test]
    fn locations_name_the_country_in_many_forms() {
        let mut rng = stream(4, Purpose::Content, 0, 0);
        let forms: std::collections::BTreeSet<String> = (0..300)
            .map(|_| location(&mut rng, Country::Br, Language::Pt, true))
            .collect();
        assert!(forms.len() > 20);
        assert!(forms.iter().all(|form| !form.is_empty()));
    }

    #[test]
    fn typos_change_the_text_but_keep_it_recognisable() {
        let mut rng = stream(5, Purpose::Content, 0, 0);
        let mut changed = 0;
        for _ in 0..300 {
            let slipped = typo(&mut rng, "São Paulo, Brasil");
            assert!(!slipped.is_empty());
            let length = slipped.chars().count() as i64;
            assert!((length - 17).abs() <= 1, "{slipped}");
            changed += usize::from(slipped != "São Paulo, Brasil");
        }
        assert!(changed > 270, "{changed}");
        assert_eq!(typo(&mut rng, "🌍"), "🌍");
    }
}
