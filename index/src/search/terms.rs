//! Which of a query's terms a text holds, for the many texts a page of results is explained
//! with (the posts and hashtags of each result): the analyzer's per-word work (lowercasing,
//! ASCII folding, stemming) is done once per distinct word, not once per occurrence, and the
//! analysed forms outlive the query: they are the same for every query, so the searches of
//! one index share warm caches of them ([`WordFormPool`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer};

/// Distinct words a cache of analysed forms remembers; past this it starts afresh (a few MB
/// at most).
const MAX_REMEMBERED_WORDS: usize = 32_768;

/// Idle caches a pool keeps: about one per thread explaining results at the same time.
const MAX_IDLE_CACHES: usize = 8;

/// Word as split → its analysed form (`None`: the analyzer drops it).
type FormMap = HashMap<Box<str>, Option<Box<str>>, foldhash::fast::RandomState>;

/// Analysed forms of words as split, with the analyzer that makes them.
pub(crate) struct WordForms {
    analyzer: TextAnalyzer,
    forms: FormMap,
}

impl WordForms {
    fn new(analyzer: TextAnalyzer) -> WordForms {
        WordForms {
            analyzer,
            forms: FormMap::default(),
        }
    }

    /// The position in `terms` (sorted) of `word`'s analysed form, if it is one of them.
    fn position(&mut self, word: &str, terms: &[String]) -> Option<usize> {
        if let Some(form) = self.forms.get(word) {
            return position_in(terms, form.as_deref());
        }
        let form = analyse_word(&mut self.analyzer, word).map(String::into_boxed_str);
        let position = position_in(terms, form.as_deref());
        if self.forms.len() >= MAX_REMEMBERED_WORDS {
            self.forms.clear();
        }
        self.forms.insert(word.into(), form);
        position
    }
}

fn position_in(terms: &[String], form: Option<&str>) -> Option<usize> {
    let form = form?;
    terms.binary_search_by(|term| term.as_str().cmp(form)).ok()
}

/// Caches of analysed forms that queries borrow and give back: a query starts with forms
/// earlier queries analysed (posts repeat a small vocabulary), and concurrent queries each
/// have a cache of their own.
#[derive(Clone)]
pub(crate) struct WordFormPool {
    analyzer: TextAnalyzer,
    idle: Arc<Mutex<Vec<WordForms>>>,
}

impl WordFormPool {
    /// A pool of caches of what `analyzer` (the index's) makes of single words.
    pub(crate) fn new(analyzer: TextAnalyzer) -> WordFormPool {
        WordFormPool {
            analyzer,
            idle: Arc::new(Mutex::new(Vec::new())),
        }
    }

    fn take(&self) -> WordForms {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_else(|| WordForms::new(self.analyzer.clone()))
    }

    fn give_back(&self, forms: WordForms) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_CACHES {
            idle.push(forms);
        }
    }

    /// The tokens the analyzer makes of `text`, with a borrowed analyzer (no clone).
    pub(crate) fn analyze(&self, text: &str) -> Vec<String> {
        let mut forms = self.take();
        let mut tokens = Vec::new();
        {
            let mut stream = forms.analyzer.token_stream(text);
            while stream.advance() {
                tokens.push(stream.token().text.clone());
            }
        }
        self.give_back(forms);
        tokens
    }

    /// Caches waiting to be borrowed.
    #[cfg(test)]
    fn idle(&self) -> usize {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// The analysed terms of a query and, for any text, which of them the text's analysis holds.
///
/// The index analyzer splits text into words exactly as [`SimpleTokenizer`] does and then
/// maps each word on its own (drops an over-long one; lowercases, folds and stems the rest),
/// so the analysis of a text is the analysis of each of its words: a word's analysed form is
/// remembered by the word.
pub struct QueryTerms {
    /// The query's distinct analysed terms, sorted.
    terms: Vec<String>,
    splitter: SimpleTokenizer,
    /// Always `Some` until dropped (then given back to `pool`).
    forms: Option<WordForms>,
    pool: Option<WordFormPool>,
}

impl std::fmt::Debug for QueryTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryTerms")
            .field("terms", &self.terms)
            .finish_non_exhaustive()
    }
}

impl Drop for QueryTerms {
    fn drop(&mut self) {
        if let (Some(pool), Some(forms)) = (&self.pool, self.forms.take()) {
            pool.give_back(forms);
        }
    }
}

impl QueryTerms {
    /// The terms of `query` as analysed by `analyzer` (the index's), with a cache of word
    /// forms of its own.
    #[cfg(test)]
    pub(crate) fn new(analyzer: TextAnalyzer, query: &str) -> QueryTerms {
        QueryTerms::with_forms(query, WordForms::new(analyzer), None)
    }

    /// The terms of `query`, matched with a cache borrowed from `pool` (given back on drop).
    pub(crate) fn pooled(pool: &WordFormPool, query: &str) -> QueryTerms {
        QueryTerms::with_forms(query, pool.take(), Some(pool.clone()))
    }

    fn with_forms(query: &str, mut forms: WordForms, pool: Option<WordFormPool>) -> QueryTerms {
        let mut terms = Vec::new();
        {
            let mut stream = forms.analyzer.token_stream(query);
            while stream.advance() {
                terms.push(stream.token().text.clone());
            }
        }
        terms.sort();
        terms.dedup();
        QueryTerms {
            terms,
            splitter: SimpleTokenizer::default(),
            forms: Some(forms),
            pool,
        }
    }

    /// The query's distinct analysed terms, sorted.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The query has no term (nothing can match).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Adds to `matched` the positions (in [`QueryTerms::terms`]) of the query terms that
    /// `text`'s analysis holds; `matched` may then hold a position more than once.
    pub fn match_into(&mut self, text: &str, matched: &mut Vec<usize>) {
        let QueryTerms {
            terms,
            splitter,
            forms,
            ..
        } = self;
        let Some(forms) = forms.as_mut() else {
            return;
        };
        if terms.is_empty() {
            return;
        }
        let mut stream = splitter.token_stream(text);
        while stream.advance() {
            matched.extend(forms.position(stream.token().text.as_str(), terms));
        }
    }

    /// The query terms `text`'s analysis holds, sorted and distinct.
    pub fn matches(&mut self, text: &str) -> Vec<String> {
        let mut positions = Vec::new();
        self.match_into(text, &mut positions);
        self.terms_at(positions)
    }

    /// The terms at `positions` (of [`QueryTerms::terms`]), sorted and distinct.
    pub fn terms_at(&self, mut positions: Vec<usize>) -> Vec<String> {
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .filter_map(|position| self.terms.get(position).cloned())
            .collect()
    }
}

/// The analysed form of one word as split (`None` when the analyzer drops it).
fn analyse_word(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    let term = stream.advance().then(|| stream.token().text.clone());
    debug_assert!(
        !stream.advance(),
        "one word analysed into two terms: {word:?}"
    );
    term
}

#[cfg(test)]
mod tests {
    use super::super::schema::text_analyzer;
    use super::*;

    /// What matching by whole-text analysis gives (the reference).
    fn reference(query: &str, text: &str) -> Vec<String> {
        let analyse = |text: &str| {
            let mut analyzer = text_analyzer();
            let mut stream = analyzer.token_stream(text);
            let mut terms = Vec::new();
            while stream.advance() {
                terms.push(stream.token().text.clone());
            }
            terms
        };
        let query_terms = analyse(query);
        let mut terms: Vec<String> = analyse(text)
            .into_iter()
            .filter(|term| query_terms.contains(term))
            .collect();
        terms.sort();
        terms.dedup();
        terms
    }

    #[test]
    fn matches_equal_whole_text_analysis() {
        let query = "Running shoes for TRAIL runners café";
        let texts = [
            "Ran my first trail race today, new shoes!",
            "RUNNING, running... and more runs #trailrunning",
            "Cafe au lait after the run; cafés are the best",
            "nothing to see here",
            "",
            "Schuhe für den Trail — Läufer & Läuferinnen",
            "a-very-long-word-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa trail",
            "trail trail trail shoes shoe shoeing",
        ];
        let mut terms = QueryTerms::new(text_analyzer(), query);
        assert_eq!(terms.terms(), {
            let mut expected = reference(query, query);
            expected.sort();
            expected
        });
        // Twice: the second round answers from remembered words.
        for _ in 0..2 {
            for text in texts {
                assert_eq!(terms.matches(text), reference(query, text), "{text:?}");
            }
        }
    }

    #[test]
    fn pooled_caches_serve_later_queries_with_their_own_terms() {
        let pool = WordFormPool::new(text_analyzer());
        let texts = [
            "Running shoes on the trail, new SHOES",
            "trail runners run; cafés and Café",
            "nothing here",
        ];
        // The same words under three queries: a warm cache must answer each query's terms,
        // not the terms of the query that warmed it.
        for query in ["running shoes", "trail café", "shoes trail runners"] {
            let mut terms = QueryTerms::pooled(&pool, query);
            for text in texts {
                assert_eq!(
                    terms.matches(text),
                    reference(query, text),
                    "{query}: {text}"
                );
            }
            drop(terms);
            assert_eq!(pool.idle(), 1, "the cache is given back and borrowed again");
        }
        // Concurrent queries each borrow a cache; both come back.
        let first = QueryTerms::pooled(&pool, "shoes");
        let second = QueryTerms::pooled(&pool, "trail");
        assert_eq!(pool.idle(), 0);
        drop((first, second));
        assert_eq!(pool.idle(), 2);
    }

    #[test]
    fn a_full_cache_starts_afresh_and_stays_correct() {
        let mut forms = WordForms::new(text_analyzer());
        let terms = vec!["run".to_string()];
        for index in 0..MAX_REMEMBERED_WORDS + 10 {
            assert_eq!(forms.position(&format!("Word{index}"), &terms), None);
        }
        assert!(forms.forms.len() <= MAX_REMEMBERED_WORDS);
        assert_eq!(forms.position("Running", &terms), Some(0));
        assert_eq!(forms.position("Running", &terms), Some(0));
    }

    #[test]
    fn a_query_without_terms_matches_nothing() {
        let mut terms = QueryTerms::new(text_analyzer(), "  -- ");
        assert!(terms.is_empty());
        assert!(terms.matches("anything at all").is_empty());
    }
}
