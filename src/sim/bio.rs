//! Creator bios: some name the niches, some lead with a secondary one, some say nothing about
//! a niche and some name an interest the creator never posts about; bilingual creators add a
//! line in their other language.

use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::geo::Language;
use crate::sim::params;
use crate::sim::rng::{chance, pick_str};
use crate::sim::text::{capitalise, emoji, fill, Slots, Topics};
use crate::sim::vocab;
use crate::sim::voice::BioStyle;

/// What a creator bio says.
pub(crate) struct BioFacts<'a> {
    /// The creator's true niches, primary first.
    pub(crate) niches: &'a [Niche],
    pub(crate) style: BioStyle,
    pub(crate) second_language: Option<Language>,
    pub(crate) place: &'a str,
    pub(crate) email: Option<&'a str>,
}

/// The niches a bio of `style` talks about, leading one first; empty for a vague bio.
fn named_niches(facts: &BioFacts<'_>) -> Vec<Niche> {
    match facts.style {
        BioStyle::OnNiche => facts.niches.to_vec(),
        BioStyle::SecondaryFirst => {
            let mut niches = facts.niches.to_vec();
            if niches.len() > 1 {
                niches.swap(0, 1);
            }
            niches
        }
        BioStyle::Vague => Vec::new(),
        BioStyle::Mislabeled(other) => vec![other],
    }
}

fn niche_bio(rng: &mut ChaCha8Rng, language: Language, niches: &[Niche], place: &str) -> String {
    let words = vocab::language(language);
    let Some(primary) = niches.first().copied() else {
        return vague_bio(rng, language, place);
    };
    let topics = Topics::focused(niches);
    let role = pick_str(rng, words.niches[primary.index()].roles);
    let second_niche = niches.get(1).copied().unwrap_or(primary);
    let role2 = pick_str(rng, words.niches[second_niche.index()].roles);
    let frame = pick_str(rng, words.bio_frames)
        .replace("{role2}", role2)
        .replace("{role}", role)
        .replace("{place}", place);
    capitalise(&fill(rng, &frame, words, &topics, Slots::Bio))
}

fn vague_bio(rng: &mut ChaCha8Rng, language: Language, place: &str) -> String {
    let words = vocab::language(language);
    let frame = pick_str(rng, words.vague_bio_frames).replace("{place}", place);
    let topics = Topics::focused(&[]);
    capitalise(&fill(rng, &frame, words, &topics, Slots::Filler))
}

/// A short line in the second language: a role and a word, or a vague line.
fn second_line(rng: &mut ChaCha8Rng, language: Language, named: &[Niche], place: &str) -> String {
    let words = vocab::language(language);
    match named.first() {
        Some(niche) => {
            let vocab = &words.niches[niche.index()];
            format!(
                "{} · {} {}",
                capitalise(pick_str(rng, vocab.roles)),
                pick_str(rng, vocab.words),
                emoji(rng, Some(*niche), false)
            )
        }
        None => vague_bio(rng, language, place),
    }
}

/// A creator bio in the creator's language.
pub(crate) fn creator_bio(
    rng: &mut ChaCha8Rng,
    language: Language,
    facts: &BioFacts<'_>,
) -> String {
    let named = named_niches(facts);
    let mut bio = if named.is_empty() {
        vague_bio(rng, language, facts.place)
    } else {
        niche_bio(rng, language, &named, facts.place)
    };
    if let Some(second) = facts.second_language {
        if chance(rng, params::BILINGUAL_BIO_SHARE) {
            bio.push('\n');
            bio.push_str(&second_line(rng, second, &named, facts.place));
        }
    }
    if let Some(leading) = named.first() {
        if chance(rng, 0.3) {
            let tag = pick_str(
                rng,
                vocab::language(language).niches[leading.index()].hashtags,
            );
            bio.push_str(" #");
            bio.push_str(tag);
        }
    }
    if let Some(email) = facts.email {
        let prefix = pick_str(rng, &["📩 ", "✉️ ", "Contact: ", "Collabs → ", "📧 "]);
        bio.push('\n');
        bio.push_str(prefix);
        bio.push_str(email);
    }
    bio
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    fn names_niche(bio: &str, language: Language, niche: Niche) -> bool {
        let words = &vocab::language(language).niches[niche.index()];
        words
            .roles
            .iter()
            .chain(words.words)
            .chain(words.phrases)
            .chain(words.hashtags)
            .any(|word| bio.to_lowercase().contains(&word.to_lowercase()))
    }

    #[test]
    fn bio_styles_name_what_they_should() {
        let mut rng = stream(6, Purpose::Account, 0, 0);
        let niches = [Niche::Gaming, Niche::Tech];
        let mut hits = [0usize; 3];
        for _ in 0..200 {
            for (position, style) in [
                BioStyle::OnNiche,
                BioStyle::Vague,
                BioStyle::Mislabeled(Niche::Parenting),
            ]
            .into_iter()
            .enumerate()
            {
                let bio = creator_bio(
                    &mut rng,
                    Language::En,
                    &BioFacts {
                        niches: &niches,
                        style,
                        second_language: None,
                        place: "Leeds",
                        email: None,
                    },
                );
                assert!(!bio.contains('{'), "{bio}");
                if names_niche(&bio, Language::En, Niche::Gaming) {
                    hits[position] += 1;
                }
                if position == 2 {
                    assert!(names_niche(&bio, Language::En, Niche::Parenting), "{bio}");
                }
            }
        }
        assert!(hits[0] > 180, "on-niche bios {hits:?}");
        assert!(hits[1] < 30 && hits[2] < 30, "off-niche bios {hits:?}");
    }

    #[test]
    fn bilingual_bios_add_a_second_language_line() {
        let mut rng = stream(7, Purpose::Account, 0, 0);
        let lines = (0..200)
            .filter(|_| {
                creator_bio(
                    &mut rng,
                    Language::Pt,
                    &BioFacts {
                        niches: &[Niche::Food],
                        style: BioStyle::OnNiche,
                        second_language: Some(Language::En),
                        place: "Recife",
                        email: None,
                    },
                )
                .contains('\n')
            })
            .count();
        assert!((60..140).contains(&lines), "{lines}");
    }
}
