//! Writing: captions, creator bios and replies in a person's language, from the vocabularies
//! in `vocab/`.

use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::geo::Language;
use crate::sim::params;
use crate::sim::rng::{between, chance, pick, pick_str, weighted_index, weighted_pick};
use crate::sim::vocab::{
    self, LanguageVocab, BOT_REPLIES, GENERIC_HASHTAGS, GLOBAL_NICHE_HASHTAGS, NICHE_EMOJIS,
};

/// Where a sponsorship disclosure sits (DESIGN §5 shares in `params`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DisclosurePosition {
    Start,
    Middle,
    End,
    /// In a comment the creator writes under the post.
    Comment,
}

impl DisclosurePosition {
    const ALL: [DisclosurePosition; 4] = [
        DisclosurePosition::Start,
        DisclosurePosition::Middle,
        DisclosurePosition::End,
        DisclosurePosition::Comment,
    ];

    /// Draws a position with the published shares.
    pub(crate) fn draw(rng: &mut ChaCha8Rng) -> DisclosurePosition {
        DisclosurePosition::ALL[weighted_index(rng, &params::DISCLOSURE_POSITION_WEIGHTS)]
    }
}

/// A paid post: the brand, a discount code, and the disclosure if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sponsorship {
    pub(crate) brand: &'static str,
    pub(crate) code: String,
    pub(crate) disclosure: Option<(DisclosurePosition, String)>,
}

/// Which words fill a caption's topic slots.
pub(crate) struct Topics<'a> {
    pub(crate) niches: &'a [Niche],
    /// Slot weights: primary, secondary, related, other niche, filler (see
    /// [`params::CAPTION_SLOT_WEIGHTS`]).
    pub(crate) slot_weights: [f64; 5],
}

impl<'a> Topics<'a> {
    /// Topics of a fully focused writer of these niches.
    pub(crate) fn focused(niches: &'a [Niche]) -> Topics<'a> {
        Topics {
            niches,
            slot_weights: params::CAPTION_SLOT_WEIGHTS,
        }
    }
}

/// Draws the disclosure marker a creator writing in `language` uses.
pub(crate) fn disclosure_marker(rng: &mut ChaCha8Rng, language: Language) -> String {
    let english = || params::ENGLISH_DISCLOSURE_MARKERS;
    if language != Language::En && chance(rng, params::LOCAL_DISCLOSURE_MARKER_SHARE) {
        return pick_str(rng, vocab::language(language).markers).to_string();
    }
    weighted_pick(rng, &english()).unwrap_or("#ad").to_string()
}

/// A caption: sentences from the niche vocabulary, optional sponsorship, hashtags last. With
/// `switch`, one sentence is written in that other language (code-switching).
pub(crate) fn caption(
    rng: &mut ChaCha8Rng,
    language: Language,
    topics: &Topics<'_>,
    off_topic: bool,
    sponsorship: Option<&Sponsorship>,
    switch: Option<Language>,
) -> String {
    let words = vocab::language(language);
    let mut sentences: Vec<String> = Vec::with_capacity(4);
    let (frames, slots, count) = if off_topic {
        (words.off_topic_frames, Slots::Filler, (1, 2))
    } else {
        (words.caption_frames, Slots::Caption, (1, 3))
    };
    for _ in 0..between(rng, count) {
        let frame = pick_str(rng, frames);
        sentences.push(fill(rng, frame, words, topics, slots));
    }
    if let Some(other) = switch.filter(|other| *other != language) {
        let other_words = vocab::language(other);
        let other_frames = if off_topic {
            other_words.off_topic_frames
        } else {
            other_words.caption_frames
        };
        let frame = pick_str(rng, other_frames);
        let sentence = fill(rng, frame, other_words, topics, slots);
        let position = between(rng, (0, sentences.len().saturating_sub(1)));
        if let Some(slot) = sentences.get_mut(position) {
            *slot = sentence;
        }
    }
    if let Some(sponsorship) = sponsorship {
        let frame = pick_str(rng, words.sponsored_frames)
            .replace("{brand}", sponsorship.brand)
            .replace("{code}", &sponsorship.code);
        let sentence = fill(rng, &frame, words, topics, Slots::Caption);
        let position = between(rng, (0, sentences.len()));
        sentences.insert(position, sentence);
        if let Some((DisclosurePosition::Middle, marker)) = &sponsorship.disclosure {
            if sentences.len() < 2 {
                let frame = pick_str(rng, words.caption_frames);
                sentences.push(fill(rng, frame, words, topics, Slots::Caption));
            }
            let middle = between(rng, (1, sentences.len() - 1));
            sentences.insert(middle, marker.clone());
        }
    }
    let separator = if chance(rng, 0.2) { "\n" } else { " " };
    let mut text = sentences
        .iter()
        .map(|sentence| punctuate(rng, &capitalise(sentence.trim())))
        .collect::<Vec<_>>()
        .join(separator);
    if let Some(Sponsorship {
        disclosure: Some((DisclosurePosition::Start, marker)),
        ..
    }) = sponsorship
    {
        text = format!("{marker} {text}");
    }
    let hashtags = caption_hashtags(rng, language, topics, off_topic);
    if !hashtags.is_empty() {
        text.push_str(if chance(rng, 0.5) { "\n\n" } else { " " });
        text.push_str(
            &hashtags
                .iter()
                .map(|tag| format!("#{tag}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if let Some(Sponsorship {
        disclosure: Some((DisclosurePosition::End, marker)),
        ..
    }) = sponsorship
    {
        text.push(' ');
        text.push_str(marker);
    }
    text
}

/// The creator's own comment disclosing a sponsorship.
pub(crate) fn disclosure_comment(
    rng: &mut ChaCha8Rng,
    language: Language,
    sponsorship: &Sponsorship,
    marker: &str,
) -> String {
    pick_str(rng, vocab::language(language).disclosure_comments)
        .replace("{marker}", marker)
        .replace("{brand}", sponsorship.brand)
}

fn caption_hashtags(
    rng: &mut ChaCha8Rng,
    language: Language,
    topics: &Topics<'_>,
    off_topic: bool,
) -> Vec<String> {
    let words = vocab::language(language);
    let count = between(rng, params::CAPTION_HASHTAGS);
    let mut tags: Vec<String> = Vec::with_capacity(count);
    for _ in 0..count {
        let generic =
            off_topic || topics.niches.is_empty() || chance(rng, params::GENERIC_HASHTAG_SHARE);
        let tag = if generic {
            if chance(rng, 0.6) {
                pick_str(rng, GENERIC_HASHTAGS)
            } else {
                pick_str(rng, words.hashtags)
            }
        } else if chance(rng, params::HASHTAG_OFF_NICHE_SHARE) {
            let other = between(rng, (0, GLOBAL_NICHE_HASHTAGS.len() - 1));
            pick_str(rng, GLOBAL_NICHE_HASHTAGS[other])
        } else {
            let niche = if topics.niches.len() > 1 && chance(rng, 0.25) {
                pick(rng, &topics.niches[1..])
                    .copied()
                    .unwrap_or(topics.niches[0])
            } else {
                topics.niches[0]
            };
            if chance(rng, 0.5) {
                pick_str(rng, GLOBAL_NICHE_HASHTAGS[niche.index()])
            } else {
                pick_str(rng, words.niches[niche.index()].hashtags)
            }
        };
        if !tag.is_empty() && !tags.iter().any(|existing| existing == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// Niche a topic slot draws from: primary, a secondary, one related to the primary, any other
/// niche, or none (filler).
fn slot_niche(rng: &mut ChaCha8Rng, topics: &Topics<'_>) -> Option<Niche> {
    let niches = topics.niches;
    let primary = *niches.first()?;
    match weighted_index(rng, &topics.slot_weights) {
        0 => Some(primary),
        1 => Some(
            pick(rng, niches.get(1..).unwrap_or(&[]))
                .copied()
                .unwrap_or(primary),
        ),
        2 => {
            let related: Vec<Niche> = params::RELATED_NICHES
                .iter()
                .filter_map(
                    |(left, right)| match (*left == primary, *right == primary) {
                        (true, _) => Some(*right),
                        (_, true) => Some(*left),
                        _ => None,
                    },
                )
                .collect();
            Some(pick(rng, &related).copied().unwrap_or(primary))
        }
        3 => pick(rng, &Niche::ALL).copied(),
        _ => None,
    }
}

/// How a frame's topic slots are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slots {
    /// Caption mix of primary, secondary, related niches and filler.
    Caption,
    /// Bios stay on the creator's own niches.
    Bio,
    /// Off-topic text: filler only.
    Filler,
}

/// Replaces the `{…}` slots of a frame.
pub(crate) fn fill(
    rng: &mut ChaCha8Rng,
    frame: &str,
    words: &LanguageVocab,
    topics: &Topics<'_>,
    slots: Slots,
) -> String {
    let mut out = String::with_capacity(frame.len() + 48);
    let mut rest = frame;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let slot = &rest[open + 1..open + close];
        let niche = match slots {
            Slots::Filler => None,
            Slots::Caption => slot_niche(rng, topics),
            Slots::Bio if chance(rng, 0.75) => topics.niches.first().copied(),
            Slots::Bio => pick(rng, topics.niches).copied(),
        };
        let value = match (slot, niche) {
            ("w", Some(niche)) => pick_str(rng, words.niches[niche.index()].words),
            ("p", Some(niche)) => pick_str(rng, words.niches[niche.index()].phrases),
            ("w" | "p" | "f", _) => pick_str(rng, words.filler),
            ("e", _) => emoji(rng, topics.niches.first().copied(), slots == Slots::Filler),
            _ => "",
        };
        out.push_str(value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// An emoji for the niche (or a generic one).
pub(crate) fn emoji(rng: &mut ChaCha8Rng, niche: Option<Niche>, generic: bool) -> &'static str {
    match niche {
        Some(niche) if !generic && chance(rng, 0.8) => pick_str(rng, NICHE_EMOJIS[niche.index()]),
        _ => pick_str(rng, &["✨", "❤️", "🙌", "😊", "☀️", "🥰", "🙏"]),
    }
}

/// Ends a sentence that stops on a bare word with a full stop or an exclamation mark.
fn punctuate(rng: &mut ChaCha8Rng, sentence: &str) -> String {
    let bare = sentence.chars().last().is_some_and(char::is_alphanumeric);
    if !bare || sentence.starts_with('#') {
        return sentence.to_string();
    }
    match weighted_index(rng, &[0.6, 0.3, 0.1]) {
        0 => format!("{sentence}."),
        1 => format!("{sentence}!"),
        _ => sentence.to_string(),
    }
}

pub(crate) fn capitalise(sentence: &str) -> String {
    let mut characters = sentence.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// A human reply about the post in the replier's language.
pub(crate) fn human_reply(rng: &mut ChaCha8Rng, language: Language, niches: &[Niche]) -> String {
    let words = vocab::language(language);
    let niche = niches.first().copied();
    match niche {
        Some(primary) if chance(rng, 0.45) => {
            let niche = if niches.len() > 1 && chance(rng, 0.2) {
                niches[1]
            } else {
                primary
            };
            let word = pick_str(rng, words.niches[niche.index()].words);
            pick_str(rng, words.topic_replies).replace("{w}", word)
        }
        _ => {
            let mut reply = pick_str(rng, words.replies).to_string();
            if chance(rng, 0.2) {
                reply.push(' ');
                reply.push_str(emoji(rng, niche, false));
            }
            reply
        }
    }
}

/// A bot's reply: spam phrases, or an ordinary reply copied in `language`.
pub(crate) fn bot_reply(rng: &mut ChaCha8Rng, language: Language) -> String {
    if chance(rng, params::BOT_HUMAN_REPLY_SHARE) {
        return pick_str(rng, vocab::language(language).replies).to_string();
    }
    pick_str(rng, BOT_REPLIES).to_string()
}

/// A pod member's over-eager reply.
pub(crate) fn pod_reply(rng: &mut ChaCha8Rng, language: Language) -> String {
    pick_str(rng, vocab::language(language).pod_replies).to_string()
}

/// Lower-cased hashtags of a text, in order, without duplicates.
pub(crate) fn hashtags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    let mut characters = text.char_indices().peekable();
    while let Some((position, character)) = characters.next() {
        let at_boundary = previous
            .is_none_or(|before| !before.is_alphanumeric() && before != '_' && before != '&');
        previous = Some(character);
        if character != '#' || !at_boundary {
            continue;
        }
        let start = position + 1;
        let mut end = start;
        while let Some((next_position, next)) = characters.peek().copied() {
            if next.is_alphanumeric() || next == '_' {
                end = next_position + next.len_utf8();
                previous = Some(next);
                characters.next();
            } else {
                break;
            }
        }
        if end > start {
            let tag = text[start..end].to_lowercase();
            if tag.chars().any(|c| !c.is_ascii_digit()) && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// A discount code such as `MARIA15`.
pub(crate) fn discount_code(rng: &mut ChaCha8Rng, first: &str) -> String {
    let stem: String = crate::sim::names::fold(first)
        .to_uppercase()
        .chars()
        .take(8)
        .collect();
    format!("{stem}{}", pick_str(rng, &["10", "15", "20", "25"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    #[test]
    fn hashtags_are_extracted_once_in_order() {
        let text = "Leg day done #Fitness #gym\n\n#fitness #ad and a#not #123 #café_bom";
        assert_eq!(hashtags(text), vec!["fitness", "gym", "ad", "café_bom"]);
    }

    #[test]
    fn captions_use_the_primary_niche_vocabulary_and_language() {
        let mut rng = stream(1, Purpose::Content, 0, 0);
        let topics = Topics::focused(&[Niche::Food]);
        let food = &vocab::language(Language::Pt).niches[Niche::Food.index()];
        let mut hits = 0;
        for _ in 0..200 {
            let text = caption(&mut rng, Language::Pt, &topics, false, None, None);
            assert!(!text.contains('{'), "{text}");
            if food
                .words
                .iter()
                .chain(food.phrases)
                .any(|word| text.contains(word))
            {
                hits += 1;
            }
        }
        assert!(hits > 150, "{hits}");
    }

    #[test]
    fn disclosures_land_where_asked() {
        let mut rng = stream(2, Purpose::Content, 0, 0);
        let topics = Topics::focused(&[Niche::Beauty, Niche::Fashion]);
        for position in [
            DisclosurePosition::Start,
            DisclosurePosition::Middle,
            DisclosurePosition::End,
        ] {
            let sponsorship = Sponsorship {
                brand: "@glowlab",
                code: "ANA15".into(),
                disclosure: Some((position, "#ad".into())),
            };
            let text = caption(
                &mut rng,
                Language::En,
                &topics,
                false,
                Some(&sponsorship),
                None,
            );
            assert!(text.contains("#ad"), "{text}");
            assert!(text.contains("@glowlab"), "{text}");
            match position {
                DisclosurePosition::Start => assert!(text.starts_with("#ad ")),
                DisclosurePosition::End => assert!(text.ends_with(" #ad")),
                _ => assert!(!text.starts_with("#ad") && !text.ends_with("#ad"), "{text}"),
            }
        }
    }

    #[test]
    fn code_switching_writes_one_sentence_in_the_other_language() {
        let mut rng = stream(3, Purpose::Content, 0, 0);
        let topics = Topics::focused(&[Niche::Travel]);
        let german = vocab::language(Language::De);
        let english = vocab::language(Language::En);
        let mut mixed = 0;
        for _ in 0..200 {
            let text = caption(
                &mut rng,
                Language::En,
                &topics,
                false,
                None,
                Some(Language::De),
            );
            let has = |words: &LanguageVocab| {
                words.niches[Niche::Travel.index()]
                    .words
                    .iter()
                    .chain(words.filler)
                    .any(|word| word.len() > 4 && text.contains(word))
            };
            if has(german) && has(english) {
                mixed += 1;
            }
        }
        assert!(mixed > 20, "{mixed}");
    }

    #[test]
    fn unfocused_writers_use_other_niches_and_filler() {
        let mut rng = stream(4, Purpose::Content, 0, 0);
        let focused = Topics::focused(&[Niche::Finance]);
        let drifting = Topics {
            niches: &[Niche::Finance],
            slot_weights: [0.3, 0.0, 0.0, 0.2, 0.5],
        };
        let finance = &vocab::language(Language::En).niches[Niche::Finance.index()];
        let mut on_topic = [0usize; 2];
        for (position, topics) in [focused, drifting].iter().enumerate() {
            for _ in 0..300 {
                let text = caption(&mut rng, Language::En, topics, false, None, None);
                if finance
                    .words
                    .iter()
                    .chain(finance.phrases)
                    .any(|w| text.contains(w))
                {
                    on_topic[position] += 1;
                }
            }
        }
        assert!(on_topic[0] > on_topic[1] + 40, "{on_topic:?}");
    }
}
