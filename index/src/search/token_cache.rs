//! A token filter that remembers what a per-token analyzer made of each token it saw.
//!
//! Lowercasing, ASCII folding and above all stemming cost more than anything else tantivy does
//! while indexing (about half of its time), yet creators' texts repeat a small vocabulary: a
//! cache keyed by the raw token gives the same tokens for a hash lookup. Every analyzer clone
//! (tantivy takes one per segment writer and field) has a cache of its own, emptied when it
//! grows past [`MAX_CACHED_TOKENS`].

use std::collections::HashMap;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// Distinct raw tokens a cache holds before it starts afresh (a few MB at most).
const MAX_CACHED_TOKENS: usize = 65_536;

/// Raw token text → the text the per-token analyzer makes of it (foldhash: SipHash was a
/// visible share of the lookups' cost).
type TextMap = HashMap<String, String, foldhash::fast::RandomState>;

/// Applies `per_token` (a [`tantivy::tokenizer::RawTokenizer`] followed by filters that map one
/// token to one token) to each token's text, through a cache: the tokens are exactly those
/// `per_token`'s filters would make in place.
#[derive(Clone)]
pub(crate) struct CachedTokenFilter {
    per_token: TextAnalyzer,
}

impl CachedTokenFilter {
    pub(crate) fn new(per_token: TextAnalyzer) -> CachedTokenFilter {
        CachedTokenFilter { per_token }
    }
}

impl TokenFilter for CachedTokenFilter {
    type Tokenizer<T: Tokenizer> = CachedTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedTokenizer<T> {
        CachedTokenizer {
            inner,
            cache: TokenCache {
                per_token: self.per_token,
                texts: TextMap::default(),
            },
        }
    }
}

/// A tokenizer followed by the cached per-token analyzer.
pub(crate) struct CachedTokenizer<T> {
    inner: T,
    cache: TokenCache,
}

/// A clone starts with an empty cache: analyzers are cloned for every query, where copying a
/// warm cache would cost more than it saves.
impl<T: Clone> Clone for CachedTokenizer<T> {
    fn clone(&self) -> Self {
        CachedTokenizer {
            inner: self.inner.clone(),
            cache: TokenCache {
                per_token: self.cache.per_token.clone(),
                texts: TextMap::default(),
            },
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedTokenizer<T> {
    type TokenStream<'a> = CachedTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedTokenStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
        }
    }
}

struct TokenCache {
    per_token: TextAnalyzer,
    /// Raw token text → the text `per_token` makes of it.
    texts: TextMap,
}

impl TokenCache {
    /// Replaces `text` with what the per-token analyzer makes of it.
    fn apply(&mut self, text: &mut String) {
        if let Some(done) = self.texts.get(text.as_str()) {
            text.clear();
            text.push_str(done);
            return;
        }
        let mut stream = self.per_token.token_stream(text);
        let done = if stream.advance() {
            stream.token().text.clone()
        } else {
            text.clone()
        };
        drop(stream);
        if self.texts.len() >= MAX_CACHED_TOKENS {
            self.texts.clear();
        }
        self.texts
            .insert(std::mem::replace(text, done.clone()), done);
    }
}

/// The token stream of a [`CachedTokenizer`].
pub(crate) struct CachedTokenStream<'a, T> {
    tail: T,
    cache: &'a mut TokenCache,
}

impl<T: TokenStream> TokenStream for CachedTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.apply(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
        Stemmer,
    };

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let token = stream.token();
            tokens.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        tokens
    }

    #[test]
    fn makes_the_tokens_of_the_uncached_filters() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(12))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(12))
            .filter(CachedTokenFilter::new(
                TextAnalyzer::builder(RawTokenizer::default())
                    .filter(LowerCaser)
                    .filter(AsciiFoldingFilter)
                    .filter(Stemmer::new(Language::English))
                    .build(),
            ))
            .build();
        let texts = [
            "Running runners RAN to the Café; running again: CAFÉ, café, cafes",
            "Ünïcödé ÉCOLE straße İstanbul ﬁne Workouts workout WORKOUTS",
            "averyveryverylongtoken short ones 123 4x4 the the the",
            "",
        ];
        // Twice over, so the second round is served from the cache.
        for text in texts.iter().chain(texts.iter()) {
            assert_eq!(
                tokens(&mut cached, text),
                tokens(&mut plain, text),
                "{text}"
            );
        }
        // A clone starts cold and still agrees.
        let mut clone = cached.clone();
        assert_eq!(tokens(&mut clone, texts[0]), tokens(&mut plain, texts[0]));
    }

    #[test]
    fn a_full_cache_starts_afresh_and_stays_correct() {
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedTokenFilter::new(
                TextAnalyzer::builder(RawTokenizer::default())
                    .filter(LowerCaser)
                    .filter(Stemmer::new(Language::English))
                    .build(),
            ))
            .build();
        let text: String = (0..MAX_CACHED_TOKENS + 10)
            .map(|index| format!("Words{index} "))
            .collect();
        let made = tokens(&mut cached, &text);
        assert_eq!(made.len(), MAX_CACHED_TOKENS + 10);
        assert!(made
            .iter()
            .enumerate()
            .all(|(index, token)| token.0 == format!("words{index}")));
        assert_eq!(tokens(&mut cached, "Words3 Running")[1].0, "run");
    }
}
