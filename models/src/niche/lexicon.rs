//! The seed lexicon: strong keywords and hashtags per niche and language, and the evidence
//! score it gives a token text. It is domain knowledge (like a real hashtag list), shipped as
//! `models/data/niche_lexicon.json`, and the only supervision the niche classifier gets.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::text::{word_tokens, Stopwords, HASHTAG_PREFIX};
use crate::{ModelError, Niche};

/// Format of the lexicon file this build reads.
pub const LEXICON_FORMAT: u32 = 1;

const BUILTIN_JSON: &str = include_str!("../../data/niche_lexicon.json");

/// A lexicon as written in its JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconSource {
    pub format: u32,
    /// What the file is, for humans.
    #[serde(default)]
    pub about: String,
    /// Stopwords by ISO-639-1 language, dropped from every text before matching.
    pub stopwords: BTreeMap<String, Vec<String>>,
    /// Terms by niche and language: a word, a two-word phrase, or a hashtag without `#`.
    pub niches: BTreeMap<Niche, BTreeMap<String, Vec<String>>>,
}

/// Lexicon evidence for one text: a score per niche in [`Niche::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LexiconScores {
    pub scores: [f64; Niche::ALL.len()],
}

impl LexiconScores {
    /// The highest niche score (0 without any hit).
    pub fn max(&self) -> f64 {
        self.scores.iter().copied().fold(0.0, f64::max)
    }

    /// Whether any term matched.
    pub fn has_hits(&self) -> bool {
        self.max() > 0.0
    }
}

/// Term form → term id (foldhash: looked up once per token of every document).
type TermMap = HashMap<String, usize, foldhash::fast::RandomState>;

/// A compiled lexicon, ready to score token texts.
#[derive(Debug, Clone)]
pub struct Lexicon {
    source: LexiconSource,
    stopwords: Stopwords,
    /// Word form (`workout`, `meal prep`) → term id.
    word_terms: TermMap,
    /// Hashtag form (`workout`, `mealprep`) → term id.
    hashtag_terms: TermMap,
    /// First words of two-word phrases.
    phrase_heads: HashSet<String, foldhash::fast::RandomState>,
    /// Second words of two-word phrases (see [`Lexicon::is_phrase_tail`]).
    phrase_tails: HashSet<String, foldhash::fast::RandomState>,
    /// Niches of each term id (a term may serve several niches).
    term_niches: Vec<Vec<Niche>>,
}

/// How specific each lexicon term is in a corpus (the crawl a classifier was trained on):
/// its smooth inverse document frequency `ln((1 + n) / (1 + df)) + 1` over the corpus's `n`
/// documents, the weighting of the TF-IDF features. A word creators of many kinds use
/// ("lesson", "training") weighs less than one only a topic's creators use ("puppy",
/// "violin"). Empty (every weight 1) when nothing was counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermSpecificity {
    documents: u64,
    /// Documents matching each term, by term id.
    document_frequency: Vec<u64>,
}

/// [`TermSpecificity`] as a model file keeps it: documents counted, and the document
/// frequency of each term that matched any, by its word form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermSpecificityFile {
    pub documents: u64,
    pub terms: BTreeMap<String, u64>,
}

impl TermSpecificity {
    /// Counts the documents each term of `lexicon` matches, from the distinct terms of each
    /// document (see [`Lexicon::score_with_terms`]).
    pub fn count<'a>(lexicon: &Lexicon, documents: impl IntoIterator<Item = &'a [usize]>) -> Self {
        let mut specificity = TermSpecificity {
            documents: 0,
            document_frequency: vec![0; lexicon.term_niches.len()],
        };
        for terms in documents {
            specificity.documents += 1;
            for id in terms {
                if let Some(frequency) = specificity.document_frequency.get_mut(*id) {
                    *frequency += 1;
                }
            }
        }
        specificity
    }

    /// The weight of term `id`: its smooth inverse document frequency (1 when nothing was
    /// counted).
    pub fn weight(&self, id: usize) -> f64 {
        if self.documents == 0 {
            return 1.0;
        }
        let frequency = self.document_frequency.get(id).copied().unwrap_or(0);
        ((1.0 + self.documents as f64) / (1.0 + frequency as f64)).ln() + 1.0
    }

    /// Documents counted (0: no weighting).
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The file form, with terms named by their word form.
    pub fn to_file(&self, lexicon: &Lexicon) -> TermSpecificityFile {
        let forms = lexicon.term_forms();
        TermSpecificityFile {
            documents: self.documents,
            terms: self
                .document_frequency
                .iter()
                .enumerate()
                .filter(|(_, frequency)| **frequency > 0)
                .filter_map(|(id, frequency)| Some((forms.get(id)?.to_string(), *frequency)))
                .collect(),
        }
    }

    /// Back from the file form; terms the lexicon does not hold are ignored, terms the file
    /// does not name matched no document.
    pub fn from_file(file: &TermSpecificityFile, lexicon: &Lexicon) -> Self {
        let mut document_frequency = vec![0; lexicon.term_niches.len()];
        for (form, frequency) in &file.terms {
            if let Some(id) = lexicon.word_terms.get(form) {
                document_frequency[*id] = (*frequency).min(file.documents);
            }
        }
        TermSpecificity {
            documents: file.documents,
            document_frequency,
        }
    }
}

impl Lexicon {
    /// The lexicon shipped with Scout (`models/data/niche_lexicon.json`).
    pub fn builtin() -> Result<&'static Lexicon, ModelError> {
        static BUILTIN: OnceLock<Result<Lexicon, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Lexicon::from_json(BUILTIN_JSON).map_err(|error| error.to_string()))
            .as_ref()
            .map_err(|message| ModelError::InvalidLexicon(message.clone()))
    }

    /// Parses and compiles a lexicon file.
    pub fn from_json(json: &str) -> Result<Lexicon, ModelError> {
        let source: LexiconSource = serde_json::from_str(json)
            .map_err(|error| ModelError::InvalidLexicon(error.to_string()))?;
        Lexicon::compile(source)
    }

    /// Compiles a lexicon, rejecting terms that normalise to nothing or to more than two words
    /// (and lexicons of more than `u32::MAX` terms).
    pub fn compile(source: LexiconSource) -> Result<Lexicon, ModelError> {
        if source.format != LEXICON_FORMAT {
            return Err(ModelError::InvalidLexicon(format!(
                "format {} (expected {LEXICON_FORMAT})",
                source.format
            )));
        }
        let no_stopwords = Stopwords::default();
        let mut stopwords = Stopwords::default();
        for word in source.stopwords.values().flatten() {
            stopwords.extend(word_tokens(word, &no_stopwords));
        }
        let mut lexicon = Lexicon {
            source: LexiconSource {
                format: source.format,
                about: String::new(),
                stopwords: BTreeMap::new(),
                niches: BTreeMap::new(),
            },
            stopwords,
            word_terms: TermMap::default(),
            hashtag_terms: TermMap::default(),
            phrase_heads: HashSet::default(),
            phrase_tails: HashSet::default(),
            term_niches: Vec::new(),
        };
        for (niche, languages) in &source.niches {
            for term in languages.values().flatten() {
                lexicon.add_term(*niche, term)?;
            }
        }
        // Readings keep term ids in `u32` (see `reading`).
        if u32::try_from(lexicon.term_niches.len()).is_err() {
            return Err(ModelError::InvalidLexicon(format!(
                "{} terms (at most {})",
                lexicon.term_niches.len(),
                u32::MAX
            )));
        }
        lexicon.source = source;
        Ok(lexicon)
    }

    fn add_term(&mut self, niche: Niche, term: &str) -> Result<(), ModelError> {
        let words = word_tokens(term, &self.stopwords);
        if words.is_empty() || words.len() > 2 {
            return Err(ModelError::InvalidLexicon(format!(
                "term {term:?} of niche {niche} normalises to {} words (expected 1 or 2)",
                words.len()
            )));
        }
        let word_form = words.join(" ");
        let hashtag_form = words.concat();
        let id = match self.word_terms.get(&word_form) {
            Some(id) => *id,
            None => {
                let id = self.term_niches.len();
                self.term_niches.push(Vec::new());
                self.word_terms.insert(word_form, id);
                id
            }
        };
        if !self.term_niches[id].contains(&niche) {
            self.term_niches[id].push(niche);
        }
        self.hashtag_terms.entry(hashtag_form).or_insert(id);
        if words.len() == 2 {
            self.phrase_heads.insert(words[0].clone());
            self.phrase_tails.insert(words[1].clone());
        }
        Ok(())
    }

    /// The file form of this lexicon (saved inside model artifacts).
    pub fn source(&self) -> &LexiconSource {
        &self.source
    }

    /// Stopwords of all languages, folded.
    pub fn stopwords(&self) -> &Stopwords {
        &self.stopwords
    }

    /// The feature tokens that a lexicon term can produce (`workout`, `workouts`,
    /// `ht_workout`, `ht_workouts`): masked out of the classifier's vocabulary so that it
    /// learns from the words around the seeds.
    pub fn feature_tokens(&self) -> Vec<String> {
        let mut tokens: Vec<String> = Vec::new();
        for word in self.word_terms.keys().filter(|word| !word.contains(' ')) {
            tokens.push(word.clone());
            tokens.push(format!("{word}s"));
        }
        for tag in self.hashtag_terms.keys() {
            tokens.push(format!("{HASHTAG_PREFIX}{tag}"));
            tokens.push(format!("{HASHTAG_PREFIX}{tag}s"));
        }
        tokens.sort();
        tokens.dedup();
        tokens
    }

    /// Scores a token text: each distinct matched term adds `weight * (1 + ln count)` to its
    /// niches, where the weight is `hashtag_weight` for a hashtag and 1 for a word or phrase.
    /// A token also matches its singular (`recipes` → `recipe`).
    pub fn score(&self, token_text: &str, hashtag_weight: f64) -> LexiconScores {
        self.weighted_score(token_text, hashtag_weight, None)
    }

    /// [`Lexicon::score`] and the distinct terms the text matches (as words, phrases or
    /// hashtags), by term id, for [`TermSpecificity::count`].
    pub fn score_with_terms(
        &self,
        token_text: &str,
        hashtag_weight: f64,
    ) -> (LexiconScores, Vec<usize>) {
        let counts = self.term_counts(token_text);
        let mut terms: Vec<usize> = counts.iter().map(|((id, _), _)| *id).collect();
        terms.sort_unstable();
        terms.dedup();
        (self.scores_of(counts, hashtag_weight, None), terms)
    }

    /// [`Lexicon::score`] with each term's evidence multiplied by its specificity in a corpus
    /// (`None`: every term counts 1).
    fn weighted_score(
        &self,
        token_text: &str,
        hashtag_weight: f64,
        specificity: Option<&TermSpecificity>,
    ) -> LexiconScores {
        self.scores_of(self.term_counts(token_text), hashtag_weight, specificity)
    }

    fn scores_of(
        &self,
        counts: Vec<((usize, bool), u32)>,
        hashtag_weight: f64,
        specificity: Option<&TermSpecificity>,
    ) -> LexiconScores {
        let mut scores = [0.0; Niche::ALL.len()];
        for ((id, is_hashtag), count) in counts {
            let weight = if is_hashtag { hashtag_weight } else { 1.0 };
            let specific = specificity.map_or(1.0, |specificity| specificity.weight(id));
            let evidence = weight * specific * (1.0 + f64::from(count).ln());
            for niche in &self.term_niches[id] {
                scores[niche.index()] += evidence;
            }
        }
        LexiconScores { scores }
    }

    /// How often each term matches a token text: (term id, as a hashtag) and its count, in
    /// term order, so that scores add up in the same order on every run.
    fn term_counts(&self, token_text: &str) -> Vec<((usize, bool), u32)> {
        let mut matches: Vec<(usize, bool)> = Vec::new();
        let mut phrase = String::new();
        for segment in token_text.lines() {
            let mut previous: Option<&str> = None;
            for token in segment.split_whitespace() {
                if let Some(tag) = token.strip_prefix(HASHTAG_PREFIX) {
                    if let Some(id) = self.hashtag_term(tag) {
                        matches.push((id, true));
                    }
                    previous = None;
                    continue;
                }
                if let Some(id) = self.word_term(token) {
                    matches.push((id, false));
                }
                if let Some(head) = previous.filter(|head| self.is_phrase_head(head)) {
                    if let Some(id) = self.phrase_term(head, token, &mut phrase) {
                        matches.push((id, false));
                    }
                }
                previous = Some(token);
            }
        }
        count_matches(matches)
    }

    /// The term a word token matches, itself or as the plural of one (see [`lookup`]).
    pub(super) fn word_term(&self, token: &str) -> Option<usize> {
        lookup(&self.word_terms, token)
    }

    /// The term a hashtag (without its prefix) matches, itself or as the plural of one.
    pub(super) fn hashtag_term(&self, tag: &str) -> Option<usize> {
        lookup(&self.hashtag_terms, tag)
    }

    /// Whether a word token starts a two-word term.
    pub(super) fn is_phrase_head(&self, token: &str) -> bool {
        self.phrase_heads.contains(token)
    }

    /// Whether a word token can end a two-word term: [`Lexicon::phrase_term`] finds no term
    /// for any head before a token that cannot. A phrase `head token` matches a term as
    /// written or, through [`lookup`]'s singular, without the token's final `s`; terms hold
    /// no more than one space, so the term's second word is then the token or its singular.
    pub(super) fn is_phrase_tail(&self, token: &str) -> bool {
        self.phrase_tails.contains(token)
            || token
                .strip_suffix('s')
                .is_some_and(|singular| self.phrase_tails.contains(singular))
    }

    /// The two-word term `head token` matches (`scratch` holds the phrase).
    pub(super) fn phrase_term(
        &self,
        head: &str,
        token: &str,
        scratch: &mut String,
    ) -> Option<usize> {
        scratch.clear();
        scratch.push_str(head);
        scratch.push(' ');
        scratch.push_str(token);
        lookup(&self.word_terms, scratch)
    }

    /// [`Lexicon::score`] of a text whose matches (term id, as a hashtag; one per match, any
    /// order) were collected as [`Lexicon::term_counts`] collects them.
    pub(super) fn score_matches(
        &self,
        matches: Vec<(usize, bool)>,
        hashtag_weight: f64,
    ) -> LexiconScores {
        self.scores_of(count_matches(matches), hashtag_weight, None)
    }

    /// The word form of each term (`workout`, `meal prep`), by term id.
    fn term_forms(&self) -> Vec<&str> {
        let mut forms = vec![""; self.term_niches.len()];
        for (form, id) in &self.word_terms {
            forms[*id] = form.as_str();
        }
        forms
    }
}

/// Word endings a search text's token may carry beyond a lexicon term (German plural and
/// dative `-n`/`-en`/`-e`, the plural `-s`/`-es` of the other languages), longest first.
const LENIENT_ENDINGS: [&str; 5] = ["es", "en", "s", "n", "e"];
/// A stem or compound part shorter than this (in characters) is not tried.
const LENIENT_MIN_STEM: usize = 4;
/// Plural endings a lexicon term may carry beyond a search text's singular word (`car` →
/// the term `cars`), longest first.
const LENIENT_PLURALS: [&str; 2] = ["es", "s"];
/// A singular word shorter than this (in characters) is not tried in the plural (the
/// singular folding of [`lookup`] has the same floor).
const LENIENT_MIN_SINGULAR: usize = 3;

impl Lexicon {
    /// [`Lexicon::score`] for a short search text: when no term matches as written, each word
    /// is tried again without an inflection ending (`kindern` → `kinder`, `looks` → the head
    /// of `look do dia`), in the plural when a term is written so (`car` → `cars`), or, for a
    /// compound, as the longest single-word term it starts with that leaves a word of its own
    /// (`einrichtungsideen` → `einrichtung`, `hundetraining` → `hunde`). Briefs are a few
    /// words, often an inflected or compound form of a seed term, and a query that matches
    /// nothing gets no niche at all.
    ///
    /// With a `specificity`, each term's evidence is weighed by how specific it is in the
    /// corpus counted there, so that when a text's terms name different niches, the rarer
    /// one carries the topic (in "puppy lessons", "puppy" names the subject and "lessons"
    /// the kind of content; see [`TermSpecificity`]).
    pub fn score_query(
        &self,
        token_text: &str,
        hashtag_weight: f64,
        specificity: Option<&TermSpecificity>,
    ) -> LexiconScores {
        let direct = self.weighted_score(token_text, hashtag_weight, specificity);
        if direct.has_hits() {
            return direct;
        }
        let lenient: Vec<String> = token_text
            .lines()
            .map(|line| {
                line.split_whitespace()
                    .map(|token| self.lenient_form(token))
                    .collect::<Vec<&str>>()
                    .join(" ")
            })
            .collect();
        self.weighted_score(&lenient.join("\n"), hashtag_weight, specificity)
    }

    /// The form of `token` a lenient match reads (see [`Lexicon::score_query`]).
    fn lenient_form<'a>(&'a self, token: &'a str) -> &'a str {
        let known = |form: &str| {
            lookup(&self.word_terms, form).is_some() || self.phrase_heads.contains(form)
        };
        if token.starts_with(HASHTAG_PREFIX) || known(token) {
            return token;
        }
        for ending in LENIENT_ENDINGS {
            if let Some(stem) = token
                .strip_suffix(ending)
                .filter(|stem| stem.chars().count() >= LENIENT_MIN_STEM && known(stem))
            {
                return stem;
            }
        }
        if token.chars().count() >= LENIENT_MIN_SINGULAR {
            for ending in LENIENT_PLURALS {
                if let Some((plural, _)) =
                    self.word_terms.get_key_value(&format!("{token}{ending}"))
                {
                    return plural;
                }
            }
        }
        self.word_terms
            .keys()
            .filter(|term| !term.contains(' ') && term.chars().count() >= LENIENT_MIN_STEM)
            .filter(|term| {
                token.starts_with(term.as_str())
                    && token.chars().count() >= term.chars().count() + LENIENT_MIN_STEM
            })
            .max_by_key(|term| (term.len(), term.as_str()))
            .map_or(token, String::as_str)
    }
}

/// Matches counted per (term id, as a hashtag), in term order.
fn count_matches(mut matches: Vec<(usize, bool)>) -> Vec<((usize, bool), u32)> {
    matches.sort_unstable();
    matches
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], u32::try_from(run.len()).unwrap_or(u32::MAX)))
        .collect()
}

fn lookup(terms: &TermMap, token: &str) -> Option<usize> {
    terms.get(token).copied().or_else(|| {
        let singular = token.strip_suffix('s').filter(|stem| stem.len() >= 3)?;
        terms.get(singular).copied()
    })
}

impl PartialEq for Lexicon {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::{append_hashtag, append_tokens};
    use super::*;

    fn token_text(lexicon: &Lexicon, text: &str, hashtags: &[&str]) -> String {
        let mut out = String::new();
        append_tokens(text, lexicon.stopwords(), &mut out);
        for tag in hashtags {
            append_hashtag(tag, lexicon.stopwords(), &mut out);
        }
        out
    }

    #[test]
    fn builtin_lexicon_covers_every_niche_in_five_languages() {
        let lexicon = Lexicon::builtin().unwrap();
        for niche in Niche::ALL {
            let languages = &lexicon.source().niches[&niche];
            for language in ["en", "es", "pt", "de", "fr"] {
                let terms = languages.get(language).map(Vec::len).unwrap_or(0);
                assert!(
                    (8..=16).contains(&terms),
                    "{niche}/{language}: {terms} terms"
                );
            }
        }
    }

    #[test]
    fn scores_words_phrases_hashtags_and_plurals_across_languages() {
        let lexicon = Lexicon::builtin().unwrap();
        let fitness = Niche::Fitness.index();
        let food = Niche::Food.index();
        let text = token_text(lexicon, "Treino pesado na academia, depois musculação", &[]);
        assert_eq!(lexicon.score(&text, 2.0).scores[fitness], 2.0);
        let text = token_text(lexicon, "Deux recettes faciles", &["Rezept"]);
        let scores = lexicon.score(&text, 2.0).scores;
        assert_eq!(scores[food], 3.0, "plural word + hashtag weight 2");
        let text = token_text(lexicon, "Ma salle de sport préférée", &[]);
        assert_eq!(
            lexicon.score(&text, 2.0).scores[fitness],
            1.0,
            "phrase across a stopword"
        );
        let text = token_text(lexicon, "", &["mealprep", "mealprep"]);
        let expected = 2.0 * (1.0 + 2_f64.ln());
        assert!((lexicon.score(&text, 2.0).scores[food] - expected).abs() < 1e-12);
        let text = token_text(lexicon, "nothing relevant here at all", &[]);
        assert!(!lexicon.score(&text, 2.0).has_hits());
    }

    #[test]
    fn queries_match_inflected_and_compound_forms_of_terms() {
        let lexicon = Lexicon::builtin().unwrap();
        let query = |text: &str| lexicon.score_query(&token_text(lexicon, text, &[]), 2.0, None);
        let best = |text: &str| {
            let scores = query(text).scores;
            Niche::ALL
                .into_iter()
                .filter(|niche| scores[niche.index()] > 0.0)
                .max_by(|a, b| scores[a.index()].total_cmp(&scores[b.index()]))
        };
        // A dative plural, a compound and an inflected phrase head.
        assert_eq!(best("familienalltag mit kindern"), Some(Niche::Parenting));
        assert_eq!(best("einrichtungsideen für die wohnung"), Some(Niche::Home));
        assert_eq!(best("hundetraining"), Some(Niche::Pets));
        assert_eq!(best("looks do dia"), Some(Niche::Fashion));
        // A singular word whose plural is the term (`cars`).
        assert_eq!(best("car reviews"), Some(Niche::Automotive));
        // A query that matches as written keeps its exact reading; documents stay exact.
        assert_eq!(
            query("Deux recettes faciles").scores,
            lexicon
                .score(&token_text(lexicon, "Deux recettes faciles", &[]), 2.0)
                .scores
        );
        let compound = token_text(lexicon, "einrichtungsideen", &[]);
        assert!(!lexicon.score(&compound, 2.0).has_hits());
        // A word that only starts like a short term is no compound of it.
        assert!(!query("modern").has_hits());
        assert!(!query("nothing relevant here at all").has_hits());
    }

    #[test]
    fn term_specificity_weighs_rare_terms_above_common_ones() {
        let lexicon = Lexicon::builtin().unwrap();
        let mut texts: Vec<String> = (0..40)
            .map(|n| token_text(lexicon, &format!("lesson {n} of the day"), &[]))
            .collect();
        texts.push(token_text(lexicon, "my violin lesson", &["violão"]));
        let terms: Vec<Vec<usize>> = texts
            .iter()
            .map(|text| lexicon.score_with_terms(text, 2.0).1)
            .collect();
        let specificity = TermSpecificity::count(lexicon, terms.iter().map(Vec::as_slice));
        assert_eq!(specificity.documents(), 41);
        let query = token_text(lexicon, "violão lesson", &[]);
        let plain = lexicon.score_query(&query, 2.0, None).scores;
        let weighed = lexicon.score_query(&query, 2.0, Some(&specificity)).scores;
        // Unweighed, the two terms tie; weighed, the rare one (in 1 document of 41) leads and
        // the one every document holds counts 1.
        assert_eq!(plain[Niche::Music.index()], plain[Niche::Education.index()]);
        let music = weighed[Niche::Music.index()];
        let education = weighed[Niche::Education.index()];
        assert!(
            (music - ((42.0_f64 / 2.0).ln() + 1.0)).abs() < 1e-9,
            "{music}"
        );
        assert!((education - 1.0).abs() < 1e-9, "{education}");
        // Nothing counted: every weight is 1. The file form keeps the counts by word form.
        assert_eq!(TermSpecificity::default().weight(0), 1.0);
        let file = specificity.to_file(lexicon);
        assert_eq!(file.terms.get("lesson"), Some(&41));
        assert_eq!(TermSpecificity::from_file(&file, lexicon), specificity);
    }

    #[test]
    fn rejects_bad_terms_and_formats() {
        let bad = r#"{"format":1,"stopwords":{"en":["the"]},"niches":{"food":{"en":["the"]}}}"#;
        assert!(Lexicon::from_json(bad).is_err());
        let long = r#"{"format":1,"stopwords":{},"niches":{"food":{"en":["a b c d"]}}}"#;
        assert!(Lexicon::from_json(long).is_err());
        let format = r#"{"format":9,"stopwords":{},"niches":{}}"#;
        assert!(Lexicon::from_json(format).is_err());
    }

    #[test]
    fn masked_feature_tokens_include_plurals_and_hashtags() {
        let tokens = Lexicon::builtin().unwrap().feature_tokens();
        for token in [
            "workout",
            "workouts",
            "ht_workout",
            "ht_mealprep",
            "receita",
        ] {
            assert!(tokens.binary_search(&token.to_string()).is_ok(), "{token}");
        }
    }
}
