//! Which of a query's terms a text holds, for the many texts a page of results is explained
//! with (the posts and hashtags of each result): the analyzer's per-word work (lowercasing,
//! ASCII folding, stemming) is done once per distinct word, not once per occurrence.

use std::collections::HashMap;

use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer};

/// Distinct words a matcher remembers; past this it starts afresh (a few hundred KB at most).
const MAX_REMEMBERED_WORDS: usize = 16_384;

/// The analysed terms of a query and, for any text, which of them the text's analysis holds.
///
/// The index analyzer splits text into words exactly as [`SimpleTokenizer`] does and then
/// maps each word on its own (drops an over-long one; lowercases, folds and stems the rest),
/// so the analysis of a text is the analysis of each of its words: a word's outcome is
/// remembered by the word.
pub struct QueryTerms {
    /// The query's distinct analysed terms, sorted.
    terms: Vec<String>,
    splitter: SimpleTokenizer,
    analyzer: TextAnalyzer,
    /// Word as split → position in `terms` of its analysed form (`None`: not a query term).
    words: HashMap<String, Option<usize>>,
}

impl std::fmt::Debug for QueryTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryTerms")
            .field("terms", &self.terms)
            .finish_non_exhaustive()
    }
}

impl QueryTerms {
    /// The terms of `query` as analysed by `analyzer` (the index's).
    pub(crate) fn new(mut analyzer: TextAnalyzer, query: &str) -> QueryTerms {
        let mut terms = Vec::new();
        {
            let mut stream = analyzer.token_stream(query);
            while stream.advance() {
                terms.push(stream.token().text.clone());
            }
        }
        terms.sort();
        terms.dedup();
        QueryTerms {
            terms,
            splitter: SimpleTokenizer::default(),
            analyzer,
            words: HashMap::new(),
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
        if self.terms.is_empty() {
            return;
        }
        let QueryTerms {
            terms,
            splitter,
            analyzer,
            words,
        } = self;
        let mut stream = splitter.token_stream(text);
        while stream.advance() {
            let word = stream.token().text.as_str();
            let position = match words.get(word) {
                Some(position) => *position,
                None => {
                    let position = analyse_word(analyzer, word)
                        .and_then(|term| terms.binary_search(&term).ok());
                    if words.len() >= MAX_REMEMBERED_WORDS {
                        words.clear();
                    }
                    words.insert(word.to_string(), position);
                    position
                }
            };
            matched.extend(position);
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
    fn a_query_without_terms_matches_nothing() {
        let mut terms = QueryTerms::new(text_analyzer(), "  -- ");
        assert!(terms.is_empty());
        assert!(terms.matches("anything at all").is_empty());
    }
}
