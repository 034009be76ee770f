//! How a person writes: a second language, how focused their posts are on their niches, how
//! often they drift off topic, and what their bio says about them (issue #4's realism).

use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::geo::Language;
use crate::sim::params;
use crate::sim::rng::{chance, ln_factor, pick, uniform, weighted_index, weighted_pick};

/// What a creator's bio says about their niches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BioStyle {
    /// Names the niches, primary first.
    OnNiche,
    /// Leads with a secondary niche.
    SecondaryFirst,
    /// Names no niche at all.
    Vague,
    /// Names an interest the creator does not post about.
    Mislabeled(Niche),
}

impl BioStyle {
    /// The name the ground truth records.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BioStyle::OnNiche => "on_niche",
            BioStyle::SecondaryFirst => "secondary_first",
            BioStyle::Vague => "vague",
            BioStyle::Mislabeled(_) => "mislabeled",
        }
    }
}

/// A person's writing habits, shared by their accounts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Voice {
    /// The other language a bilingual person writes in.
    pub(crate) second_language: Option<Language>,
    /// Share of posts written in the second language.
    pub(crate) second_language_share: f64,
    /// Caption slot weights: primary, secondary, related, other niche, filler.
    pub(crate) slot_weights: [f64; 5],
    /// Share of posts that are off topic.
    pub(crate) off_topic_share: f64,
}

fn second_language(rng: &mut ChaCha8Rng, language: Language) -> Language {
    let others: &[(Language, f64)] = match language {
        Language::En => &[
            (Language::Es, 0.4),
            (Language::Fr, 0.25),
            (Language::Pt, 0.2),
            (Language::De, 0.15),
        ],
        Language::Es => &[(Language::Pt, 0.6), (Language::Fr, 0.4)],
        Language::Pt => &[(Language::Es, 0.7), (Language::Fr, 0.3)],
        Language::De => &[(Language::Fr, 0.6), (Language::Es, 0.4)],
        Language::Fr => &[(Language::Es, 0.5), (Language::De, 0.5)],
    };
    if language != Language::En && chance(rng, params::SECOND_LANGUAGE_ENGLISH_SHARE) {
        return Language::En;
    }
    weighted_pick(rng, others).unwrap_or(Language::En)
}

/// Draws the writing habits of a person whose main language is `language`.
pub(crate) fn draw_voice(rng: &mut ChaCha8Rng, language: Language) -> Voice {
    let bilingual_share = params::BILINGUAL_SHARE
        .iter()
        .find(|(candidate, _)| *candidate == language)
        .map_or(0.0, |(_, share)| *share);
    let second = chance(rng, bilingual_share).then(|| second_language(rng, language));
    let second_language_share = if second.is_some() {
        uniform(rng, params::SECOND_LANGUAGE_POST_SHARE)
    } else {
        0.0
    };
    let focus = uniform(rng, params::TOPIC_FOCUS);
    let (lowest, highest) = params::TOPIC_FOCUS;
    let unfocus = if highest > lowest {
        ((highest - focus) / (highest - lowest)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let base = params::CAPTION_SLOT_WEIGHTS;
    let (other_extra, filler_extra) = params::UNFOCUSED_SLOT_WEIGHTS;
    let slot_weights = [
        base[0] * focus,
        base[1] * focus,
        base[2] * focus,
        base[3] + other_extra * unfocus,
        base[4] + filler_extra * unfocus,
    ];
    let off_topic_share = if chance(rng, params::GENERALIST_SHARE) {
        uniform(rng, params::GENERALIST_OFF_TOPIC_SHARE)
    } else {
        params::OFF_TOPIC_POST_SHARE * ln_factor(rng, params::OFF_TOPIC_SHARE_LN_SD)
    }
    .min(params::MAX_OFF_TOPIC_SHARE);
    Voice {
        second_language: second,
        second_language_share,
        slot_weights,
        off_topic_share,
    }
}

/// Whether two niches are listed as related in [`params::RELATED_NICHES`].
pub(crate) fn related(left: Niche, right: Niche) -> bool {
    params::RELATED_NICHES
        .iter()
        .any(|(a, b)| (*a == left && *b == right) || (*a == right && *b == left))
}

/// Draws what an account's bio says about the niches (primary first).
pub(crate) fn draw_bio_style(rng: &mut ChaCha8Rng, niches: &[Niche]) -> BioStyle {
    match weighted_index(rng, &params::BIO_STYLE_WEIGHTS) {
        1 if niches.len() > 1 => BioStyle::SecondaryFirst,
        2 => BioStyle::Vague,
        3 => {
            let primary = niches.first().copied().unwrap_or(Niche::Fitness);
            let strangers: Vec<Niche> = Niche::ALL
                .iter()
                .copied()
                .filter(|niche| !niches.contains(niche) && !related(*niche, primary))
                .collect();
            pick(rng, &strangers)
                .copied()
                .map_or(BioStyle::Vague, BioStyle::Mislabeled)
        }
        _ => BioStyle::OnNiche,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    #[test]
    fn voices_vary_but_stay_in_range() {
        let mut rng = stream(2, Purpose::Person, 0, 0);
        let mut bilingual = 0;
        let mut generalists = 0;
        for _ in 0..4_000 {
            let voice = draw_voice(&mut rng, Language::De);
            if let Some(second) = voice.second_language {
                assert_ne!(second, Language::De);
                assert!(voice.second_language_share > 0.0);
                bilingual += 1;
            }
            assert!(voice.off_topic_share <= params::MAX_OFF_TOPIC_SHARE);
            generalists += usize::from(voice.off_topic_share >= 0.3);
            assert!(voice.slot_weights.iter().all(|weight| *weight >= 0.0));
            assert!(voice.slot_weights[0] > voice.slot_weights[3]);
        }
        let share = bilingual as f64 / 4_000.0;
        assert!((0.24..0.32).contains(&share), "bilingual {share}");
        assert!(generalists > 300, "generalists {generalists}");
    }

    #[test]
    fn mislabeled_bios_name_an_unrelated_niche() {
        let mut rng = stream(3, Purpose::Person, 0, 0);
        let niches = [Niche::Fitness, Niche::Wellness];
        let mut styles = [0usize; 4];
        for _ in 0..3_000 {
            match draw_bio_style(&mut rng, &niches) {
                BioStyle::OnNiche => styles[0] += 1,
                BioStyle::SecondaryFirst => styles[1] += 1,
                BioStyle::Vague => styles[2] += 1,
                BioStyle::Mislabeled(other) => {
                    assert!(!niches.contains(&other));
                    assert!(!related(other, Niche::Fitness));
                    styles[3] += 1;
                }
            }
        }
        assert!(styles.iter().all(|count| *count > 100), "{styles:?}");
    }
}
