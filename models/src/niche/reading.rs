//! How an index build reads a creator's document for the classifier: the token text's terms
//! and feature columns, collected word by word through a per-thread memo instead of writing
//! the token text and looking every token up again.
//!
//! Creators' posts repeat a small vocabulary, so a word's reading (its tokens, each with its
//! lexicon term, feature column and whether it starts a two-word term) is worked out once
//! and then looked up, one hash lookup per word where the token text cost a fold, a stopword
//! lookup and three or four term lookups per token. The counts are those
//! [`super::lexicon::Lexicon::score`] and [`super::features::Vocabulary::transform`] read
//! from the token text (see the test against them).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::document::{record_parts, DocumentPart};
use super::features::Vocabulary;
use super::lexicon::Lexicon;
use super::text::{append_hashtag, append_tokens, HASHTAG_PREFIX};
use crate::CreatorRecord;

/// Distinct words (and hashtags) a thread's memo holds before it starts afresh (some 10 MiB
/// at most).
const REMEMBERED_WORDS: usize = 65_536;

/// Tells the lexicon and vocabulary of one classifier (and its clones, which share them) from
/// any other's, so that a thread's memo never serves one classifier's readings to another.
/// Not part of the model: every key compares equal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadingKey(u64);

impl ReadingKey {
    /// A key no classifier read so far has.
    pub(crate) fn fresh() -> ReadingKey {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        ReadingKey(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl PartialEq for ReadingKey {
    fn eq(&self, _: &ReadingKey) -> bool {
        true
    }
}

/// One token of a word as the classifier reads it.
#[derive(Debug, Clone, PartialEq)]
struct TokenReading {
    /// The token without [`HASHTAG_PREFIX`] (the form two-word terms are made of).
    text: Box<str>,
    hashtag: bool,
    /// The lexicon term it matches on its own.
    term: Option<usize>,
    /// Its feature column.
    column: Option<u32>,
    /// A word that starts a two-word lexicon term.
    phrase_head: bool,
}

/// The counts the classifier scores: one entry per term match and per known feature token.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct DocumentReading {
    /// (term id, as a hashtag), in text order.
    pub(crate) matches: Vec<(usize, bool)>,
    /// Feature columns, in text order.
    pub(crate) columns: Vec<u32>,
}

/// Readings of the words and hashtags a thread met, for the classifier `key` names.
#[derive(Default)]
struct WordMemo {
    key: Option<u64>,
    words: HashMap<Box<str>, Box<[TokenReading]>, foldhash::fast::RandomState>,
    hashtags: HashMap<Box<str>, Box<[TokenReading]>, foldhash::fast::RandomState>,
}

thread_local! {
    static WORD_MEMO: RefCell<WordMemo> = RefCell::new(WordMemo::default());
}

/// What the classifier keyed `key` (with `lexicon` and `vocabulary`) reads in `record`'s
/// document: the matches [`Lexicon::score`] and the columns [`Vocabulary::transform`] find
/// in its token text.
pub(crate) fn read_record(
    record: &CreatorRecord,
    key: ReadingKey,
    lexicon: &Lexicon,
    vocabulary: &Vocabulary,
) -> DocumentReading {
    WORD_MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.key != Some(key.0) {
            *memo = WordMemo {
                key: Some(key.0),
                ..WordMemo::default()
            };
        }
        let mut reader = Reader {
            lexicon,
            vocabulary,
            memo: &mut memo,
            scratch: String::new(),
            counter: Counter {
                lexicon,
                reading: DocumentReading::default(),
                after_head: false,
                head: String::new(),
                phrase: String::new(),
            },
        };
        record_parts(record, |part| reader.read(part));
        reader.counter.reading
    })
}

struct Reader<'a> {
    lexicon: &'a Lexicon,
    vocabulary: &'a Vocabulary,
    memo: &'a mut WordMemo,
    /// Holds a word's token text while its reading is worked out.
    scratch: String,
    counter: Counter<'a>,
}

impl Reader<'_> {
    fn read(&mut self, part: DocumentPart<'_>) {
        match part {
            DocumentPart::Bio(bio) => {
                for word in bio.split_whitespace() {
                    self.read_word(word, false);
                }
            }
            DocumentPart::Segment => self.counter.after_head = false,
            DocumentPart::Word(word) => self.read_word(word, false),
            DocumentPart::Hashtag(tag) => self.read_word(tag, true),
        }
    }

    /// Reads the tokens of a word (`listed_hashtag`: a tag of the hashtag segment).
    fn read_word(&mut self, word: &str, listed_hashtag: bool) {
        let known = if listed_hashtag {
            &self.memo.hashtags
        } else {
            &self.memo.words
        };
        if let Some(tokens) = known.get(word) {
            self.counter.count(tokens);
            return;
        }
        let tokens = self.tokens_of(word, listed_hashtag);
        self.counter.count(&tokens);
        let memo = &mut *self.memo;
        if memo.words.len() + memo.hashtags.len() >= REMEMBERED_WORDS {
            memo.words.clear();
            memo.hashtags.clear();
        }
        let known = if listed_hashtag {
            &mut memo.hashtags
        } else {
            &mut memo.words
        };
        known.insert(word.into(), tokens);
    }

    /// Works out the reading of a word's tokens, from its token text as the plain path
    /// writes it.
    fn tokens_of(&mut self, word: &str, listed_hashtag: bool) -> Box<[TokenReading]> {
        let stopwords = self.lexicon.stopwords();
        self.scratch.clear();
        if listed_hashtag {
            append_hashtag(word, stopwords, &mut self.scratch);
        } else {
            append_tokens(word, stopwords, &mut self.scratch);
        }
        self.scratch
            .split_whitespace()
            .map(|token| {
                let column = self.vocabulary.column(token);
                match token.strip_prefix(HASHTAG_PREFIX) {
                    Some(tag) => TokenReading {
                        text: tag.into(),
                        hashtag: true,
                        term: self.lexicon.hashtag_term(tag),
                        column,
                        phrase_head: false,
                    },
                    None => TokenReading {
                        text: token.into(),
                        hashtag: false,
                        term: self.lexicon.word_term(token),
                        column,
                        phrase_head: self.lexicon.is_phrase_head(token),
                    },
                }
            })
            .collect()
    }
}

/// Counts tokens as `Lexicon::term_counts` and `Vocabulary::transform` count them.
struct Counter<'a> {
    lexicon: &'a Lexicon,
    reading: DocumentReading,
    /// The segment's last token is a word that starts a two-word term: [`Counter::head`].
    after_head: bool,
    /// That word.
    head: String,
    /// Holds a two-word phrase being looked up.
    phrase: String,
}

impl Counter<'_> {
    fn count(&mut self, tokens: &[TokenReading]) {
        for token in tokens {
            self.reading.columns.extend(token.column);
            if token.hashtag {
                self.reading.matches.extend(token.term.map(|id| (id, true)));
                self.after_head = false;
                continue;
            }
            self.reading
                .matches
                .extend(token.term.map(|id| (id, false)));
            if self.after_head {
                let phrase = self
                    .lexicon
                    .phrase_term(&self.head, &token.text, &mut self.phrase);
                self.reading.matches.extend(phrase.map(|id| (id, false)));
            }
            self.after_head = token.phrase_head;
            if token.phrase_head {
                self.head.clear();
                self.head.push_str(&token.text);
            }
        }
    }
}
