//! What a bio says about its author's age and gender, in English, Spanish, Portuguese, German
//! and French: stated ages ("25 |", "34 y/o", "a mis 45"), graduation and birth years ("class
//! of 2019", "Abi 2015", "born in 1990"), life stages ("college student", "mom of 2",
//! "retired", "abuela de 4"), pronouns ("she/her", "iel") and gendered self-descriptions
//! ("enfermera", "Studentin", "proud dad"). Only what people say about themselves is read;
//! nothing is inferred from looks, ethnicity or other sensitive attributes.

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;
use std::sync::LazyLock;

use super::phrases::{AGE_PHRASES, FEMALE_WORDS, MALE_WORDS, PRONOUNS, STANDALONE_PRONOUNS};
use crate::niche::fold;

/// Distribution over [`super::AGE_BUCKETS`].
pub(crate) type AgeShares = [f64; 6];
/// Distribution over [`super::GENDERS`].
pub(crate) type GenderShares = [f64; 3];

/// Longest phrase in tokens.
const MAX_PHRASE_TOKENS: usize = 4;

/// Evidence strength of each kind of cue (1 = as good as a stated age).
const STATED_AGE_STRENGTH: f64 = 1.0;
const YEAR_STRENGTH: f64 = 0.9;
const PHRASE_STRENGTH: f64 = 0.8;
/// Likelihood of a gendered self-description ("enfermera", "proud dad"): likely but not sure
/// (roles and adjectives are also written in the default gender, and shared by others).
const FEMALE_WORD_SHARES: GenderShares = [0.85, 0.13, 0.02];
const MALE_WORD_SHARES: GenderShares = [0.13, 0.85, 0.02];

/// Tokens read as "years (old)" after a number.
#[rustfmt::skip]
const YEAR_WORDS: [&str; 9] = [
    "yo", "yrs", "yr", "years", "year", "ans", "anos", "jahre", "j",
];
/// A number after one of these is a duration, not an age ("for 20 years", "depuis 20 ans").
#[rustfmt::skip]
const DURATION_BEFORE: [&str; 12] = [
    "for", "since", "seit", "depuis", "desde", "hace", "ha", "faz", "over", "about", "mais",
    "plus",
];
/// After the year word, these start a duration's object ("20 years of experience")...
#[rustfmt::skip]
const DURATION_AFTER: [&str; 13] = [
    "of", "de", "em", "en", "in", "im", "as", "als", "dans", "na", "no", "at", "a",
];
/// ...unless followed by a word that makes it an age ("40 años de juventud").
#[rustfmt::skip]
const YOUTH_WORDS: [&str; 8] = [
    "juventud", "juventude", "jeunesse", "vida", "life", "age", "edad", "idade",
];
/// A leading number followed by one of these is an age ("25 and thriving", "40 y sumando").
const CONJUNCTIONS: [&str; 7] = ["and", "y", "e", "und", "et", "&", "n"];
/// A number after one of these is an age ("a mis 45", "aos 50", "mit 50", "age 30").
const AGE_BEFORE: [&str; 8] = ["mis", "aos", "mit", "age", "edad", "idade", "alter", "ages"];

/// Graduation markers before a year, with the age at graduation they imply.
#[rustfmt::skip]
const SCHOOL_GRADUATION: [&str; 6] = ["abi", "abitur", "bac", "matura", "maturita", "selectividad"];
const UNIVERSITY_GRADUATION: [&str; 2] = ["grad", "graduated"];
#[rustfmt::skip]
const ANY_GRADUATION: [&str; 7] = [
    "class of", "promo", "promocion", "turma de", "turma", "generacion", "c o",
];
/// Birth-year markers before a year.
#[rustfmt::skip]
const BIRTH_MARKERS: [&str; 11] = [
    "born in", "born", "nacida en", "nacido en", "nascida em", "nascido em", "ne en", "nee en",
    "geboren", "jahrgang", "est",
];

/// What a bio says: age with the strength of its evidence, and gender from pronouns (near
/// certain) and from gendered self-descriptions (likely; a name may still outweigh them).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BioCues {
    pub(crate) age: Option<(AgeShares, f64)>,
    pub(crate) pronouns: Option<GenderShares>,
    pub(crate) gender_words: Option<GenderShares>,
}

/// The phrase tables, each keyed by its phrases' words as ids into one shared vocabulary:
/// a token list is looked up word by word once, and only windows of known words are tried
/// as phrases (most words of a bio are in no phrase).
struct PhraseTables {
    /// Every word of every phrase below, lower-cased or folded as its table is.
    words: HashMap<String, u32>,
    /// Folded life-stage phrases.
    age: HashMap<PhraseKey, AgeShares>,
    /// Lower-cased (accents kept) gendered words and pronoun pairs; `true` for pronouns.
    gender: HashMap<PhraseKey, (GenderShares, bool)>,
    /// The same folded, where folding does not merge words of different genders.
    gender_folded: HashMap<PhraseKey, (GenderShares, bool)>,
}

/// A phrase of up to [`MAX_PHRASE_TOKENS`] words as word ids, padded with [`NO_WORD`].
type PhraseKey = [u32; MAX_PHRASE_TOKENS];

/// Pads a [`PhraseKey`] past the phrase's last word.
const NO_WORD: u32 = u32::MAX;

static TABLES: LazyLock<PhraseTables> = LazyLock::new(PhraseTables::build);

impl PhraseTables {
    fn build() -> PhraseTables {
        // The tables as phrases joined by single spaces, as they read before word ids.
        let mut age = HashMap::new();
        for (shares, phrases) in AGE_PHRASES {
            for phrase in phrases {
                age.insert(tokens(&fold(phrase)).join(" "), shares);
            }
        }
        let mut gender: HashMap<String, (GenderShares, bool)> = HashMap::new();
        let female = (FEMALE_WORD_SHARES, false);
        let male = (MALE_WORD_SHARES, false);
        for word in FEMALE_WORDS {
            gender.insert(tokens(&word.to_lowercase()).join(" "), female);
        }
        for word in MALE_WORDS {
            gender.insert(tokens(&word.to_lowercase()).join(" "), male);
        }
        for (pronoun, shares) in PRONOUNS {
            gender.insert(tokens(pronoun).join(" "), (*shares, true));
        }
        let mut gender_folded: HashMap<String, (GenderShares, bool)> = HashMap::new();
        let mut clashes = Vec::new();
        for (phrase, shares) in &gender {
            let folded = fold(phrase);
            match gender_folded.get(&folded) {
                Some(existing) if existing != shares => clashes.push(folded),
                _ => {
                    gender_folded.insert(folded, *shares);
                }
            }
        }
        for clash in clashes {
            gender_folded.remove(&clash);
        }
        let mut words = HashMap::new();
        let age = keyed(age, &mut words);
        let gender = keyed(gender, &mut words);
        let gender_folded = keyed(gender_folded, &mut words);
        PhraseTables {
            words,
            age,
            gender,
            gender_folded,
        }
    }

    /// The vocabulary id of each token (`None` for a word in no phrase).
    fn ids(&self, tokens: &[&str]) -> Vec<Option<u32>> {
        tokens
            .iter()
            .map(|token| self.words.get(*token).copied())
            .collect()
    }
}

/// A table keyed by phrases joined with single spaces, keyed by word ids instead. A phrase
/// of more words than a window holds could never match and is left out.
fn keyed<T>(table: HashMap<String, T>, words: &mut HashMap<String, u32>) -> HashMap<PhraseKey, T> {
    let mut by_ids = HashMap::with_capacity(table.len());
    for (phrase, value) in table {
        if phrase.split(' ').count() > MAX_PHRASE_TOKENS {
            continue;
        }
        let mut key = [NO_WORD; MAX_PHRASE_TOKENS];
        for (slot, word) in key.iter_mut().zip(phrase.split(' ')) {
            let next = words.len() as u32;
            *slot = *words.entry(word.to_string()).or_insert(next);
        }
        by_ids.insert(key, value);
    }
    by_ids
}

/// Bios whose cues a thread remembers before it starts over (a few MiB at most).
const REMEMBERED_BIOS: usize = 65_536;

/// The readings of this thread's recent bios: per bio, one per (language, year) asked.
type BioMemo = HashMap<Box<str>, Vec<(Option<Box<str>>, i32, BioCues)>>;

thread_local! {
    static BIO_MEMO: RefCell<BioMemo> = RefCell::new(HashMap::new());
}

/// [`read_bio`], remembered per thread: the same bios come back across an audience sample
/// and across creators (short template-like bios are common), and reading one costs far
/// more than looking it up.
pub(crate) fn read_bio_remembered(
    bio: &str,
    language: Option<&str>,
    reference_year: i32,
) -> BioCues {
    BIO_MEMO.with(|memo| {
        let known = memo.borrow().get(bio).and_then(|readings| {
            readings
                .iter()
                .find(|(read_in, year, _)| {
                    read_in.as_deref() == language && *year == reference_year
                })
                .map(|(_, _, cues)| cues.clone())
        });
        if let Some(cues) = known {
            return cues;
        }
        let cues = read_bio(bio, language, reference_year);
        let mut memo = memo.borrow_mut();
        if memo.len() >= REMEMBERED_BIOS {
            memo.clear();
        }
        memo.entry(bio.into()).or_default().push((
            language.map(Into::into),
            reference_year,
            cues.clone(),
        ));
        cues
    })
}

/// Reads `bio`, written (most likely) in `language`, with `reference_year` as "now".
pub(crate) fn read_bio(bio: &str, language: Option<&str>, reference_year: i32) -> BioCues {
    let tables = &*TABLES;
    let mut age_cues = AgeProduct::default();
    let mut pronouns = GenderSum::default();
    let mut gender_words = GenderSum::default();
    for segment in segments(bio) {
        // Lower-cased and folded alike when ASCII (no accent to drop); otherwise apart.
        let (lower, folded) = if segment.is_ascii() {
            (segment.to_ascii_lowercase(), None)
        } else {
            (segment.to_lowercase(), Some(fold(segment)))
        };
        let lower_tokens = tokens(&lower);
        let folded_tokens = match &folded {
            Some(folded) => tokens(folded),
            None => lower_tokens.clone(),
        };
        let lower_ids = tables.ids(&lower_tokens);
        let folded_ids = match folded {
            Some(_) => tables.ids(&folded_tokens),
            None => lower_ids.clone(),
        };
        if let Some(age) = stated_age(&folded_tokens) {
            age_cues.add(age_shares_around(f64::from(age), 0.6), STATED_AGE_STRENGTH);
        }
        if let Some(shares) = year_cue(&folded_tokens, reference_year) {
            age_cues.add(shares, YEAR_STRENGTH);
        }
        phrase_matches(&folded_ids, &tables.age, |shares| {
            age_cues.add(shares, PHRASE_STRENGTH);
        });
        if let Some(shares) = standalone_pronoun(&lower_tokens, language) {
            pronouns.add(shares);
        }
        let mut gendered = |(shares, is_pronoun): (GenderShares, bool)| {
            if is_pronoun {
                pronouns.add(shares);
            } else {
                gender_words.add(shares);
            }
        };
        // Words as written (accents kept) first; folded only when none matched.
        if !phrase_matches(&lower_ids, &tables.gender, &mut gendered) {
            phrase_matches(&folded_ids, &tables.gender_folded, &mut gendered);
        }
        if language == Some("de") {
            for token in &lower_tokens {
                if german_feminine_noun(token) {
                    gender_words.add(FEMALE_WORD_SHARES);
                }
            }
        }
    }
    BioCues {
        age: age_cues.combined(),
        pronouns: pronouns.shares(),
        gender_words: gender_words.shares(),
    }
}

/// Age cues agreeing by multiplying, in the order read (each floored, so one cue cannot veto
/// another), with the strongest cue's strength.
struct AgeProduct {
    product: AgeShares,
    strength: f64,
    cues: usize,
}

impl Default for AgeProduct {
    fn default() -> AgeProduct {
        AgeProduct {
            product: [1.0; 6],
            strength: 0.0,
            cues: 0,
        }
    }
}

impl AgeProduct {
    fn add(&mut self, shares: AgeShares, strength: f64) {
        self.strength = self.strength.max(strength);
        for (total, share) in self.product.iter_mut().zip(shares) {
            *total *= share.max(0.01);
        }
        self.cues += 1;
    }

    fn combined(&self) -> Option<(AgeShares, f64)> {
        if self.cues == 0 {
            return None;
        }
        normalised(&self.product).map(|shares| (shares, self.strength))
    }
}

/// Gender votes adding up, in the order read.
#[derive(Default)]
struct GenderSum([f64; 3]);

impl GenderSum {
    fn add(&mut self, shares: GenderShares) {
        for (total, share) in self.0.iter_mut().zip(shares) {
            *total += share;
        }
    }

    /// The votes' shares, `None` without any.
    fn shares(&self) -> Option<GenderShares> {
        normalised(&self.0)
    }
}

/// Parts of a bio between separators (bars, bullets, line breaks, sentence ends, emoji).
fn segments(bio: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut start = 0;
    for (at, c) in bio.char_indices() {
        let inside = c.is_alphanumeric()
            || c.is_whitespace() && c != '\n'
            || matches!(c, '/' | '\'' | '’' | '-' | '&' | ':');
        if !inside {
            let current = &bio[start..at];
            if !current.trim().is_empty() {
                segments.push(current);
            }
            start = at + c.len_utf8();
        }
    }
    let current = &bio[start..];
    if !current.trim().is_empty() {
        segments.push(current);
    }
    segments
}

/// Word tokens: alphanumeric runs, and `&` on its own.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(at);
            continue;
        }
        if let Some(from) = start.take() {
            tokens.push(&text[from..at]);
        }
        if c == '&' {
            tokens.push(&text[at..at + 1]);
        }
    }
    if let Some(from) = start {
        tokens.push(&text[from..]);
    }
    tokens
}

/// An age the segment states: "25", "25 and thriving", "34 y/o", "60 years young",
/// "a mis 45" (13 to 89; durations such as "for 20 years" are skipped).
fn stated_age(tokens: &[&str]) -> Option<u32> {
    for (position, token) in tokens.iter().enumerate() {
        let Ok(number) = token.parse::<u32>() else {
            continue;
        };
        if !(13..=89).contains(&number) || token.len() > 2 {
            continue;
        }
        let before = position.checked_sub(1).map(|at| tokens[at]);
        let after = tokens.get(position + 1).copied();
        if before.is_some_and(|word| DURATION_BEFORE.contains(&word)) {
            continue;
        }
        if before.is_some_and(|word| AGE_BEFORE.contains(&word)) {
            return Some(number);
        }
        let year_word_length = match (after, tokens.get(position + 2).copied()) {
            (Some("y"), Some("o")) => 2,
            (Some(word), _) if YEAR_WORDS.contains(&word) => 1,
            _ => 0,
        };
        if year_word_length > 0 {
            let next = tokens.get(position + 1 + year_word_length).copied();
            let then = tokens.get(position + 2 + year_word_length).copied();
            let duration = match next {
                Some(word) if DURATION_AFTER.contains(&word) => {
                    !then.is_some_and(|word| YOUTH_WORDS.contains(&word))
                }
                Some(word) => is_gerund(word),
                None => false,
            };
            if !duration {
                return Some(number);
            }
            continue;
        }
        let leading = position == 0;
        if leading && after.is_none_or(|word| CONJUNCTIONS.contains(&word)) {
            return Some(number);
        }
    }
    None
}

fn is_gerund(word: &str) -> bool {
    ["ando", "endo", "indo", "ing"]
        .iter()
        .any(|ending| word.len() > ending.len() && word.ends_with(ending))
}

/// A graduation or birth year: "class of 2019", "Abi 2015", "born in 1990".
fn year_cue(tokens: &[&str], reference_year: i32) -> Option<AgeShares> {
    for (position, token) in tokens.iter().enumerate() {
        if token.len() != 4 {
            continue;
        }
        let Ok(year) = token.parse::<i32>() else {
            continue;
        };
        if !(1930..=reference_year + 8).contains(&year) {
            continue;
        }
        // The word before the year, and the two words before it (as "born in").
        let one = position.checked_sub(1).map_or("", |at| tokens[at]);
        let two = position
            .checked_sub(2)
            .map(|at| (tokens[at], tokens[at + 1]));
        let marked = |markers: &[&str]| {
            markers.iter().any(|marker| match marker.split_once(' ') {
                None => *marker == one,
                Some(pair) => two == Some(pair),
            })
        };
        let since = f64::from(reference_year - year);
        if marked(&BIRTH_MARKERS) {
            return Some(age_shares_around(since, 0.6));
        }
        let graduation_ages: &[f64] = if marked(&SCHOOL_GRADUATION) {
            &[18.0]
        } else if marked(&UNIVERSITY_GRADUATION) {
            &[22.0]
        } else if marked(&ANY_GRADUATION) {
            &[18.0, 22.0]
        } else {
            continue;
        };
        let mut shares = [0.0; 6];
        for graduation_age in graduation_ages {
            let one_reading = age_shares_around(since + graduation_age, 1.0);
            for (total, share) in shares.iter_mut().zip(one_reading) {
                *total += share / graduation_ages.len() as f64;
            }
        }
        if shares.iter().sum::<f64>() > 0.0 {
            return Some(shares);
        }
    }
    None
}

/// Longest-first phrase matches of a segment's words (as vocabulary ids) against a table,
/// handed to `found` in order; whether there was any.
fn phrase_matches<T: Copy>(
    ids: &[Option<u32>],
    table: &HashMap<PhraseKey, T>,
    mut found: impl FnMut(T),
) -> bool {
    let mut any = false;
    let mut start = 0;
    while start < ids.len() {
        // Only a window of known words can be a phrase.
        let known = ids[start..]
            .iter()
            .take(MAX_PHRASE_TOKENS)
            .take_while(|id| id.is_some())
            .count();
        let matched = (1..=known).rev().find_map(|length| {
            let mut key = [NO_WORD; MAX_PHRASE_TOKENS];
            for (slot, id) in key.iter_mut().zip(&ids[start..start + length]) {
                *slot = id.unwrap_or(NO_WORD);
            }
            table.get(&key).map(|value| (length, *value))
        });
        match matched {
            Some((length, value)) => {
                found(value);
                any = true;
                start += length;
            }
            None => start += 1,
        }
    }
    any
}

/// A segment that is nothing but a pronoun ("ella", "iel", "she"); `elle` is "she" in
/// French and the neutral pronoun in Spanish.
fn standalone_pronoun(tokens: &[&str], language: Option<&str>) -> Option<GenderShares> {
    let [only] = tokens else {
        return None;
    };
    if *only == "elle" {
        return Some(if language == Some("es") {
            [0.02, 0.02, 0.96]
        } else {
            [0.98, 0.01, 0.01]
        });
    }
    STANDALONE_PRONOUNS
        .iter()
        .find(|(pronoun, _)| pronoun == only)
        .map(|(_, shares)| *shares)
}

/// German feminine agent nouns: "Lehrerin", "Studentin", "Journalistin", "Praktikantin".
fn german_feminine_noun(token: &str) -> bool {
    token.chars().count() > 6
        && ["erin", "istin", "antin", "entin", "torin"]
            .iter()
            .any(|ending| token.ends_with(ending))
}

/// Distinct (age, spread) pairs a thread's [`age_shares_around`] remembers before it starts
/// afresh (ages come in whole years, spreads are a few constants).
const REMEMBERED_AGES: usize = 4_096;

thread_local! {
    static AGE_MEMO: RefCell<HashMap<(u64, u64), AgeShares>> = RefCell::new(HashMap::new());
}

/// Shares over the age buckets of an age known up to `spread` years (a discrete normal over
/// whole years 13–90). Remembered per thread: 78 exponentials each, asked for the same few
/// ages (a first name's median birth year, a stated age) again and again.
pub(crate) fn age_shares_around(age: f64, spread: f64) -> AgeShares {
    let key = (age.to_bits(), spread.to_bits());
    AGE_MEMO.with(|memo| {
        if let Some(shares) = memo.borrow().get(&key) {
            return *shares;
        }
        let shares = compute_age_shares_around(age, spread);
        let mut memo = memo.borrow_mut();
        if memo.len() >= REMEMBERED_AGES {
            memo.clear();
        }
        memo.insert(key, shares);
        shares
    })
}

/// [`age_shares_around`] without the memo.
fn compute_age_shares_around(age: f64, spread: f64) -> AgeShares {
    let mut shares = [0.0; 6];
    for year in 13..=90_u32 {
        let distance = (f64::from(year) - age) / spread.max(0.1);
        let weight = (-0.5 * distance * distance).exp();
        if let Some(bucket) = age_bucket(year) {
            shares[bucket] += weight;
        }
    }
    let total: f64 = shares.iter().sum();
    if total > 1e-12 {
        shares.iter_mut().for_each(|share| *share /= total);
    }
    shares
}

/// Index into [`super::AGE_BUCKETS`] of an age in years; `None` under 13.
pub(crate) fn age_bucket(age: u32) -> Option<usize> {
    Some(match age {
        0..=12 => return None,
        13..=17 => 0,
        18..=24 => 1,
        25..=34 => 2,
        35..=44 => 3,
        45..=54 => 4,
        _ => 5,
    })
}

fn normalised<const N: usize>(values: &[f64; N]) -> Option<[f64; N]> {
    let total: f64 = values.iter().sum();
    (total > 1e-12).then(|| values.map(|value| value / total))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bio reader as it was before word ids and slices (strings joined per window,
    /// a `String` per token), kept to check that the new one reads the same.
    mod reference {
        use super::super::*;

        struct PhraseTables {
            age: HashMap<String, AgeShares>,
            /// Lower-cased (accents kept) gendered words and pronoun pairs; `true` for pronouns.
            gender: HashMap<String, (GenderShares, bool)>,
            /// The same folded, where folding does not merge words of different genders.
            gender_folded: HashMap<String, (GenderShares, bool)>,
        }

        static TABLES: LazyLock<PhraseTables> = LazyLock::new(PhraseTables::build);

        impl PhraseTables {
            fn build() -> PhraseTables {
                let mut age = HashMap::new();
                for (shares, phrases) in AGE_PHRASES {
                    for phrase in phrases {
                        age.insert(tokens(&fold(phrase)).join(" "), shares);
                    }
                }
                let mut gender: HashMap<String, (GenderShares, bool)> = HashMap::new();
                let female = (FEMALE_WORD_SHARES, false);
                let male = (MALE_WORD_SHARES, false);
                for word in FEMALE_WORDS {
                    gender.insert(tokens(&word.to_lowercase()).join(" "), female);
                }
                for word in MALE_WORDS {
                    gender.insert(tokens(&word.to_lowercase()).join(" "), male);
                }
                for (pronoun, shares) in PRONOUNS {
                    gender.insert(tokens(pronoun).join(" "), (*shares, true));
                }
                let mut gender_folded: HashMap<String, (GenderShares, bool)> = HashMap::new();
                let mut clashes = Vec::new();
                for (phrase, shares) in &gender {
                    let folded = fold(phrase);
                    match gender_folded.get(&folded) {
                        Some(existing) if existing != shares => clashes.push(folded),
                        _ => {
                            gender_folded.insert(folded, *shares);
                        }
                    }
                }
                for clash in clashes {
                    gender_folded.remove(&clash);
                }
                PhraseTables {
                    age,
                    gender,
                    gender_folded,
                }
            }
        }

        /// Reads `bio`, written (most likely) in `language`, with `reference_year` as "now".
        pub(crate) fn read_bio(bio: &str, language: Option<&str>, reference_year: i32) -> BioCues {
            let tables = &*TABLES;
            let mut age_cues: Vec<(AgeShares, f64)> = Vec::new();
            let mut pronouns: Vec<GenderShares> = Vec::new();
            let mut gender_words: Vec<GenderShares> = Vec::new();
            for segment in segments(bio) {
                let lower = segment.to_lowercase();
                let folded_tokens = tokens(&fold(&segment));
                let lower_tokens = tokens(&lower);
                if let Some(age) = stated_age(&folded_tokens) {
                    age_cues.push((age_shares_around(f64::from(age), 0.6), STATED_AGE_STRENGTH));
                }
                if let Some(shares) = year_cue(&folded_tokens, reference_year) {
                    age_cues.push((shares, YEAR_STRENGTH));
                }
                for shares in phrase_matches(&folded_tokens, &tables.age) {
                    age_cues.push((shares, PHRASE_STRENGTH));
                }
                if let Some(shares) = standalone_pronoun(&lower_tokens, language) {
                    pronouns.push(shares);
                }
                for (shares, is_pronoun) in gender_matches(&lower_tokens, &folded_tokens, tables) {
                    if is_pronoun {
                        pronouns.push(shares);
                    } else {
                        gender_words.push(shares);
                    }
                }
                if language == Some("de") {
                    for token in &lower_tokens {
                        if german_feminine_noun(token) {
                            gender_words.push(FEMALE_WORD_SHARES);
                        }
                    }
                }
            }
            BioCues {
                age: combine_age(&age_cues),
                pronouns: sum_shares(&pronouns),
                gender_words: sum_shares(&gender_words),
            }
        }

        /// Parts of a bio between separators (bars, bullets, line breaks, sentence ends, emoji).
        fn segments(bio: &str) -> Vec<String> {
            let mut segments = Vec::new();
            let mut current = String::new();
            for c in bio.chars() {
                let inside = c.is_alphanumeric()
                    || c.is_whitespace() && c != '\n'
                    || matches!(c, '/' | '\'' | '’' | '-' | '&' | ':');
                if inside {
                    current.push(c);
                } else if !current.trim().is_empty() {
                    segments.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
            }
            if !current.trim().is_empty() {
                segments.push(current);
            }
            segments
        }

        /// Word tokens: alphanumeric runs, and `&` on its own.
        fn tokens(text: &str) -> Vec<String> {
            let mut tokens = Vec::new();
            let mut current = String::new();
            for c in text.chars() {
                if c.is_alphanumeric() {
                    current.push(c);
                    continue;
                }
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                if c == '&' {
                    tokens.push("&".to_string());
                }
            }
            if !current.is_empty() {
                tokens.push(current);
            }
            tokens
        }

        /// An age the segment states: "25", "25 and thriving", "34 y/o", "60 years young",
        /// "a mis 45" (13 to 89; durations such as "for 20 years" are skipped).
        fn stated_age(tokens: &[String]) -> Option<u32> {
            for (position, token) in tokens.iter().enumerate() {
                let Ok(number) = token.parse::<u32>() else {
                    continue;
                };
                if !(13..=89).contains(&number) || token.len() > 2 {
                    continue;
                }
                let before = position.checked_sub(1).map(|at| tokens[at].as_str());
                let after = tokens.get(position + 1).map(String::as_str);
                if before.is_some_and(|word| DURATION_BEFORE.contains(&word)) {
                    continue;
                }
                if before.is_some_and(|word| AGE_BEFORE.contains(&word)) {
                    return Some(number);
                }
                let year_word_length = match (after, tokens.get(position + 2).map(String::as_str)) {
                    (Some("y"), Some("o")) => 2,
                    (Some(word), _) if YEAR_WORDS.contains(&word) => 1,
                    _ => 0,
                };
                if year_word_length > 0 {
                    let next = tokens
                        .get(position + 1 + year_word_length)
                        .map(String::as_str);
                    let then = tokens
                        .get(position + 2 + year_word_length)
                        .map(String::as_str);
                    let duration = match next {
                        Some(word) if DURATION_AFTER.contains(&word) => {
                            !then.is_some_and(|word| YOUTH_WORDS.contains(&word))
                        }
                        Some(word) => is_gerund(word),
                        None => false,
                    };
                    if !duration {
                        return Some(number);
                    }
                    continue;
                }
                let leading = position == 0;
                if leading && after.is_none_or(|word| CONJUNCTIONS.contains(&word)) {
                    return Some(number);
                }
            }
            None
        }

        fn is_gerund(word: &str) -> bool {
            ["ando", "endo", "indo", "ing"]
                .iter()
                .any(|ending| word.len() > ending.len() && word.ends_with(ending))
        }

        /// A graduation or birth year: "class of 2019", "Abi 2015", "born in 1990".
        fn year_cue(tokens: &[String], reference_year: i32) -> Option<AgeShares> {
            for (position, token) in tokens.iter().enumerate() {
                if token.len() != 4 {
                    continue;
                }
                let Ok(year) = token.parse::<i32>() else {
                    continue;
                };
                if !(1930..=reference_year + 8).contains(&year) {
                    continue;
                }
                let one = position
                    .checked_sub(1)
                    .map(|at| tokens[at].clone())
                    .unwrap_or_default();
                let two = position
                    .checked_sub(2)
                    .map(|at| format!("{} {}", tokens[at], tokens[at + 1]))
                    .unwrap_or_default();
                let marked = |markers: &[&str]| {
                    markers.contains(&one.as_str()) || markers.contains(&two.as_str())
                };
                let since = f64::from(reference_year - year);
                if marked(&BIRTH_MARKERS) {
                    return Some(age_shares_around(since, 0.6));
                }
                let graduation_ages: &[f64] = if marked(&SCHOOL_GRADUATION) {
                    &[18.0]
                } else if marked(&UNIVERSITY_GRADUATION) {
                    &[22.0]
                } else if marked(&ANY_GRADUATION) {
                    &[18.0, 22.0]
                } else {
                    continue;
                };
                let mut shares = [0.0; 6];
                for graduation_age in graduation_ages {
                    let one_reading = age_shares_around(since + graduation_age, 1.0);
                    for (total, share) in shares.iter_mut().zip(one_reading) {
                        *total += share / graduation_ages.len() as f64;
                    }
                }
                if shares.iter().sum::<f64>() > 0.0 {
                    return Some(shares);
                }
            }
            None
        }

        /// Longest-first phrase matches of a token list against a table.
        fn phrase_matches<T: Copy>(tokens: &[String], table: &HashMap<String, T>) -> Vec<T> {
            let mut found = Vec::new();
            let mut start = 0;
            // The candidate phrase, joined into one reused buffer.
            let mut phrase = String::new();
            while start < tokens.len() {
                let longest = MAX_PHRASE_TOKENS.min(tokens.len() - start);
                let matched = (1..=longest).rev().find_map(|length| {
                    phrase.clear();
                    for (position, token) in tokens[start..start + length].iter().enumerate() {
                        if position > 0 {
                            phrase.push(' ');
                        }
                        phrase.push_str(token);
                    }
                    table.get(phrase.as_str()).map(|value| (length, *value))
                });
                match matched {
                    Some((length, value)) => {
                        found.push(value);
                        start += length;
                    }
                    None => start += 1,
                }
            }
            found
        }

        fn gender_matches(
            lower_tokens: &[String],
            folded_tokens: &[String],
            tables: &PhraseTables,
        ) -> Vec<(GenderShares, bool)> {
            let exact = phrase_matches(lower_tokens, &tables.gender);
            if exact.is_empty() {
                phrase_matches(folded_tokens, &tables.gender_folded)
            } else {
                exact
            }
        }

        /// A segment that is nothing but a pronoun ("ella", "iel", "she"); `elle` is "she" in
        /// French and the neutral pronoun in Spanish.
        fn standalone_pronoun(tokens: &[String], language: Option<&str>) -> Option<GenderShares> {
            let [only] = tokens else {
                return None;
            };
            if only == "elle" {
                return Some(if language == Some("es") {
                    [0.02, 0.02, 0.96]
                } else {
                    [0.98, 0.01, 0.01]
                });
            }
            STANDALONE_PRONOUNS
                .iter()
                .find(|(pronoun, _)| pronoun == only)
                .map(|(_, shares)| *shares)
        }

        /// Several age cues agree by multiplying (each floored, so one cue cannot veto another).
        fn combine_age(cues: &[(AgeShares, f64)]) -> Option<(AgeShares, f64)> {
            let strength = cues
                .iter()
                .map(|(_, strength)| *strength)
                .fold(0.0, f64::max);
            if cues.is_empty() {
                return None;
            }
            let mut product = [1.0; 6];
            for (shares, _) in cues {
                for (total, share) in product.iter_mut().zip(shares) {
                    *total *= share.max(0.01);
                }
            }
            normalised(&product).map(|shares| (shares, strength))
        }

        /// Gender votes add up.
        fn sum_shares(votes: &[GenderShares]) -> Option<GenderShares> {
            let mut sum = [0.0; 3];
            for shares in votes {
                for (total, share) in sum.iter_mut().zip(shares) {
                    *total += share;
                }
            }
            normalised(&sum)
        }
    }

    #[test]
    fn remembered_readings_equal_fresh_ones() {
        let bios = [
            "mom of 2 | 34",
            "she/her · class of 2019",
            "Studentin, 23",
            "proud dad",
            "",
            "retired teacher 🌻",
        ];
        // Twice round, in two languages and two years: misses, then hits.
        for _ in 0..2 {
            for bio in bios {
                for (language, year) in [(None, 2026), (Some("de"), 2026), (Some("en"), 2020)] {
                    assert_eq!(
                        read_bio_remembered(bio, language, year),
                        read_bio(bio, language, year),
                        "{bio} {language:?} {year}"
                    );
                }
            }
        }
        // A full memo starts over and keeps answering the same.
        for number in 0..=REMEMBERED_BIOS {
            read_bio_remembered(&format!("bio {number}"), None, 2026);
        }
        assert!(BIO_MEMO.with(|memo| memo.borrow().len()) <= REMEMBERED_BIOS);
        assert_eq!(
            read_bio_remembered(bios[0], None, 2026),
            read_bio(bios[0], None, 2026)
        );
    }

    /// Bios in several languages and scripts, with accents written precomposed and
    /// combining, emoji, numbers, years and every phrase the tables know.
    fn varied_bios() -> Vec<String> {
        let mut bios: Vec<String> = [
            "",
            "   ",
            "\n\n|",
            "mom of 2 | 34",
            "she/her · class of 2019",
            "Studentin, 23",
            "Lehrerin & Läuferin",
            "proud dad 🇧🇷 | born in 1990",
            "retired teacher 🌻",
            "MÃE DE 2 ❤️ 41 anos",
            "ma\u{303}e de menino",
            "avó de 4",
            "avô de 2",
            "AVÓ coruja",
            "grand-mère comblée",
            "grand mère",
            "Mädchenpapa aus Köln",
            "ÉTUDIANTE en médecine 🩺",
            "etudiante en medecine",
            "ΣΟΦΙΑ ΜΑΜΑΣ",
            "İstanbul'da öğrenci",
            "Straße & Fluß",
            "Abi 2015 ✌️",
            "c/o 2020",
            "turma de 2010 · jubilada",
            "nacida en 1985 | enfermera",
            "né en 1970, retraité",
            "Jahrgang 1988 – Mama von Teenagern",
            "est. 1999",
            "25 y/o · he/him",
            "34yo",
            "16 y/o · gamer",
            "21 and thriving",
            "60 years young",
            "a mis 47 y con ganas",
            "aos 52 e com tudo",
            "mit 50 voll dabei",
            "58 años de juventud",
            "teaching for 20 years",
            "20 years of experience",
            "prof depuis 20 ans",
            "24/7 coffee",
            "elle",
            "ella · café",
            "iel",
            "they/them 🏳️‍🌈",
            "él/él",
            "ela/dela | pai de menina",
            "girl dad & boy dad",
            "papa d'une fille",
            "mae de primeira viagem",
            "high school senior year 2027",
            "8th grade survivor",
            "mom of teens & empty nester soon",
            "Praktikantin, Journalistin, Doktorandin",
            "x".repeat(300).as_str(),
            "1234 5678 1930 2034 2035",
            "class of",
            "born",
            "&&& & &",
            "Ⅻ ½ ² ٣ 七",
            "\u{212A}itchen mom",
        ]
        .iter()
        .map(|bio| bio.to_string())
        .collect();
        let mut phrases: Vec<&str> = Vec::new();
        for (_, list) in AGE_PHRASES {
            phrases.extend(list.iter());
        }
        phrases.extend(FEMALE_WORDS.iter());
        phrases.extend(MALE_WORDS.iter());
        phrases.extend(PRONOUNS.iter().map(|(pronoun, _)| *pronoun));
        phrases.extend(STANDALONE_PRONOUNS.iter().map(|(pronoun, _)| *pronoun));
        for (position, phrase) in phrases.iter().enumerate() {
            let next = phrases[(position * 7 + 3) % phrases.len()];
            bios.push(phrase.to_string());
            bios.push(phrase.to_uppercase());
            bios.push(format!("{phrase} {next} | 3{}", position % 10));
            bios.push(format!(
                "✨ {} of {next}s · {}",
                phrase,
                1930 + position % 100
            ));
        }
        bios
    }

    #[test]
    fn bios_read_as_the_string_reader_read_them() {
        for bio in varied_bios() {
            for language in [None, Some("de"), Some("es"), Some("fr"), Some("pt")] {
                for year in [2026, 2000] {
                    let new = read_bio(&bio, language, year);
                    let old = reference::read_bio(&bio, language, year);
                    // Debug output tells -0.0 from 0.0, which `==` does not.
                    assert_eq!(
                        format!("{new:?}"),
                        format!("{old:?}"),
                        "{bio:?} {language:?} {year}"
                    );
                }
            }
        }
    }

    fn top_age(bio: &str) -> Option<usize> {
        read_bio(bio, None, 2026).age.map(|(shares, _)| {
            shares
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(bucket, _)| bucket)
                .unwrap_or(0)
        })
    }

    fn top_gender(bio: &str, language: Option<&str>) -> Option<usize> {
        let cues = read_bio(bio, language, 2026);
        cues.pronouns.or(cues.gender_words).map(|shares| {
            shares
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(position, _)| position)
                .unwrap_or(0)
        })
    }

    #[test]
    fn stated_ages_in_five_languages() {
        let cases = [
            ("25 | nurse", 2),
            ("16 y/o · gamer", 0),
            ("34, figuring it out", 2),
            ("21 and thriving", 1),
            ("60 years young", 5),
            ("a mis 47 y con ganas", 4),
            ("aos 52 e com tudo", 4),
            ("mit 50 voll dabei", 4),
            ("39 y sumando", 3),
            ("15 ans", 0),
            ("19 Jahre", 1),
            ("58 años de juventud", 5),
        ];
        for (bio, bucket) in cases {
            assert_eq!(top_age(bio), Some(bucket), "{bio}");
        }
    }

    #[test]
    fn durations_and_other_numbers_are_not_ages() {
        for bio in [
            "teaching for 20 years",
            "20 años dando clase",
            "prof depuis 20 ans",
            "seit 20 Jahren Lehrer",
            "30 days of yoga",
            "24/7 coffee",
            "2 kids 1 dog",
            "20 years of experience",
        ] {
            assert_eq!(top_age(bio), None, "{bio}");
        }
    }

    #[test]
    fn years_and_life_stages() {
        assert_eq!(top_age("class of 2029"), Some(0));
        assert_eq!(top_age("Abi 2024"), Some(1));
        assert_eq!(top_age("born in 1990"), Some(3));
        assert_eq!(top_age("college student 📚"), Some(1));
        assert_eq!(top_age("estudiante universitaria"), Some(1));
        assert_eq!(top_age("mom of 2 · coffee"), Some(2));
        assert_eq!(top_age("Mama von Teenagern"), Some(3));
        assert_eq!(top_age("retired teacher"), Some(5));
        assert_eq!(top_age("Lehrerin im Ruhestand"), Some(5));
        assert_eq!(top_age("vovó coruja"), Some(5));
        assert_eq!(top_age("je profite de la retraite"), Some(5));
        assert_eq!(top_age("coffee and books"), None);
        // Cues agree by multiplying: a parent who states 41.
        assert_eq!(top_age("dad of 3 | 41"), Some(3));
    }

    #[test]
    fn pronouns_and_gendered_words() {
        assert_eq!(top_gender("she/her · plants", None), Some(0));
        assert_eq!(top_gender("he/him", None), Some(1));
        assert_eq!(top_gender("they/them", None), Some(2));
        assert_eq!(top_gender("ella · café", Some("es")), Some(0));
        assert_eq!(top_gender("elle", Some("es")), Some(2));
        assert_eq!(top_gender("elle", Some("fr")), Some(0));
        assert_eq!(top_gender("iel", Some("fr")), Some(2));
        assert_eq!(top_gender("enfermera | 29", Some("es")), Some(0));
        assert_eq!(top_gender("avô de 2", Some("pt")), Some(1));
        assert_eq!(top_gender("avó de 4", Some("pt")), Some(0));
        assert_eq!(top_gender("Lehrerin & Läuferin", Some("de")), Some(0));
        assert_eq!(top_gender("proud dad", None), Some(1));
        assert_eq!(top_gender("coffee and books", None), None);
        assert_eq!(top_gender("Berlin based", Some("de")), None);
    }

    #[test]
    fn age_buckets_and_spreads() {
        assert_eq!(age_bucket(12), None);
        assert_eq!(age_bucket(13), Some(0));
        assert_eq!(age_bucket(24), Some(1));
        assert_eq!(age_bucket(55), Some(5));
        let shares = age_shares_around(30.0, 0.6);
        assert!(shares[2] > 0.99, "{shares:?}");
        let wide = age_shares_around(30.0, 8.0);
        assert!(wide[2] < 0.6 && wide[1] > 0.1 && wide[3] > 0.1, "{wide:?}");
        assert!((wide.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn remembered_age_shares_equal_computed_ones() {
        // Twice over: the second round is served from the memo.
        for _ in 0..2 {
            for age in [-3.0, 0.0, 12.5, 17.0, 30.0, 41.0, 67.25, 90.0, 130.0] {
                for spread in [0.0, 0.6, 1.0, 14.0] {
                    let remembered = age_shares_around(age, spread);
                    let computed = compute_age_shares_around(age, spread);
                    assert_eq!(
                        remembered.map(f64::to_bits),
                        computed.map(f64::to_bits),
                        "{age} ± {spread}"
                    );
                }
            }
        }
    }
}
