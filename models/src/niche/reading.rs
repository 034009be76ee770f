//! How an index build reads a creator's document for the classifier: the token text's terms
//! and feature columns, collected word by word through a per-thread memo instead of writing
//! the token text and looking every token up again.
//!
//! Creators' posts repeat a small vocabulary, so a word's reading (its tokens, each with its
//! lexicon term, feature column and whether it may start or end a two-word term) is worked
//! out once and then looked up, one hash lookup per word (most often the table's control
//! bytes and one cache line, see [`WordMemo`]) where the token text cost a fold, a stopword lookup and three or four
//! term lookups per token. The counts are those
//! [`super::lexicon::Lexicon::score`] and [`super::features::Vocabulary::transform`] read
//! from the token text (see the test against them).

use std::cell::RefCell;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use super::document::{record_parts, DocumentPart};
use super::features::Vocabulary;
use super::lexicon::Lexicon;
use super::text::{append_hashtag, append_tokens, HASHTAG_PREFIX};
use crate::CreatorRecord;

/// Distinct words (and hashtags) a thread's memo holds before it starts afresh.
const REMEMBERED_WORDS: usize = 65_536;

/// Bytes of words, token texts and readings a thread's memo holds before it starts afresh
/// (a crawl's words take a few MiB).
const REMEMBERED_BYTES: usize = 32 << 20;

/// Words longer than this (in bytes: URLs, blobs) are read afresh every time, not remembered
/// (which keeps a memo's offsets well within `u32`).
const MAX_REMEMBERED_WORD: usize = 1_024;

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
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TokenReading {
    /// Where the token's text without [`HASHTAG_PREFIX`] (the form two-word terms are made
    /// of) is in its memo's `texts`, for a word that may start or end a two-word term; empty
    /// for any other token.
    text: (u32, u32),
    hashtag: bool,
    /// The lexicon term it matches on its own (term ids fit in `u32`, see
    /// [`Lexicon::compile`]).
    term: Option<u32>,
    /// Its feature column.
    column: Option<u32>,
    /// A word that starts a two-word lexicon term.
    phrase_head: bool,
    /// A word that may end one (see [`Lexicon::is_phrase_tail`]).
    phrase_tail: bool,
}

/// The counts the classifier scores: one entry per term match and per known feature token.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct DocumentReading {
    /// (term id, as a hashtag), in text order.
    pub(crate) matches: Vec<(usize, bool)>,
    /// Feature columns, in text order.
    pub(crate) columns: Vec<u32>,
}

/// Bytes of a word a memo slot holds itself; a longer word's slot points into the memo's
/// `words`.
const INLINE_WORD: usize = 16;

/// A slot of a memo's table: a remembered word and its readings (a cache line).
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct Slot {
    /// The high half of the word's hash.
    hash: u32,
    /// A word of up to [`INLINE_WORD`] bytes (then zeros), or the `u32` offset of a longer
    /// one in `WordMemo::words` (native byte order).
    word: [u8; INLINE_WORD],
    word_len: u16,
    /// A tag of the hashtag segment (read as a hashtag), not a word of the text.
    listed_hashtag: bool,
    /// Its tokens in `WordMemo::tokens`.
    first_token: u32,
    tokens: u16,
    /// The only token of a word of one (most are), read without going to `tokens`.
    only: TokenReading,
}

/// Readings of the words and hashtags a thread met, for the classifier `key` names: a hash
/// table (hashbrown's `HashTable`) whose slots hold the words themselves (all but the
/// longest), a one-token word's reading and where a longer word's readings are; those sit
/// in an arena in the order the words were first met, so that the readings of the words a
/// crawl uses most share a few cache lines. A word read from the memo costs its slot, where
/// a map of boxed words and readings cost the bucket, the word and the readings, spread over
/// the heap. Niche prediction alone on 100,000 creators (`examples/niche_records_timing`,
/// 3 alternated runs): 4.85 CPU s with that map, 4.28 with a hand-written table of these
/// slots, 4.40 with this one.
#[derive(Default)]
struct WordMemo {
    key: Option<u64>,
    hasher: foldhash::fast::RandomState,
    /// The remembered words, by [`word_hash`].
    slots: hashbrown::HashTable<Slot>,
    /// Remembered words longer than [`INLINE_WORD`], back to back.
    words: String,
    /// The remembered words' tokens, each word's together.
    tokens: Vec<TokenReading>,
    /// The texts tokens point to.
    texts: String,
}

thread_local! {
    static WORD_MEMO: RefCell<WordMemo> = RefCell::new(WordMemo::default());
}

impl WordMemo {
    fn hash(&self, word: &str, listed_hashtag: bool) -> u64 {
        word_hash(&self.hasher, word.as_bytes(), listed_hashtag)
    }

    /// The slot of a remembered word.
    fn find(&self, hash: u64, word: &str, listed_hashtag: bool) -> Option<&Slot> {
        let tag = (hash >> 32) as u32;
        self.slots.find(hash, |slot| {
            slot.hash == tag
                && usize::from(slot.word_len) == word.len()
                && slot.listed_hashtag == listed_hashtag
                && same_bytes(word_of(&self.words, slot), word.as_bytes())
        })
    }

    /// Bytes the memo holds.
    fn bytes(&self) -> usize {
        self.words.len()
            + self.texts.len()
            + self.tokens.len() * std::mem::size_of::<TokenReading>()
            + self.slots.capacity() * std::mem::size_of::<Slot>()
    }

    /// Starts afresh when the memo is full.
    fn make_room(&mut self) {
        if self.slots.len() >= REMEMBERED_WORDS || self.bytes() >= REMEMBERED_BYTES {
            self.slots.clear();
            self.words.clear();
            self.tokens.clear();
            self.texts.clear();
        }
    }

    /// Remembers a word (of at most [`MAX_REMEMBERED_WORD`] bytes, not remembered yet,
    /// after [`WordMemo::make_room`]) whose tokens are `tokens..` of `tokens`.
    fn remember(&mut self, hash: u64, word: &str, listed_hashtag: bool, tokens: usize) {
        let mut slot = Slot {
            hash: (hash >> 32) as u32,
            word: [0; INLINE_WORD],
            word_len: word.len() as u16,
            listed_hashtag,
            first_token: tokens as u32,
            tokens: (self.tokens.len() - tokens) as u16,
            only: self.tokens.get(tokens).copied().unwrap_or_default(),
        };
        if word.len() <= INLINE_WORD {
            slot.word[..word.len()].copy_from_slice(word.as_bytes());
        } else {
            slot.word[..4].copy_from_slice(&(self.words.len() as u32).to_ne_bytes());
            self.words.push_str(word);
        }
        let (hasher, words) = (&self.hasher, &self.words);
        // Growing, the table places every slot again by its word's hash.
        self.slots.insert_unique(hash, slot, |slot| {
            word_hash(hasher, word_of(words, slot), slot.listed_hashtag)
        });
    }
}

/// The memo's hash of a word (a listed hashtag hashes apart from the same text's word).
fn word_hash(hasher: &foldhash::fast::RandomState, word: &[u8], listed_hashtag: bool) -> u64 {
    hasher.hash_one(word) ^ u64::from(listed_hashtag)
}

/// The word a slot holds: inline, or in `words` (the memo's long words).
fn word_of<'a>(words: &'a str, slot: &'a Slot) -> &'a [u8] {
    let len = usize::from(slot.word_len);
    if len <= INLINE_WORD {
        return &slot.word[..len];
    }
    let mut start = [0; 4];
    start.copy_from_slice(&slot.word[..4]);
    let start = u32::from_ne_bytes(start) as usize;
    &words.as_bytes()[start..start + len]
}

/// `a == b`, compared inline eight bytes at a time (most words are a few bytes long: a call
/// to `memcmp` cost more than the comparison).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let (a_rest, b_rest) = (a_words.remainder(), b_words.remainder());
    a_words.zip(b_words).all(|(a, b)| a == b) && a_rest.iter().zip(b_rest).all(|(a, b)| a == b)
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
        let memo = &mut *self.memo;
        let hash = memo.hash(word, listed_hashtag);
        if let Some(slot) = memo.find(hash, word, listed_hashtag) {
            let tokens = if slot.tokens == 1 {
                std::slice::from_ref(&slot.only)
            } else {
                let first = slot.first_token as usize;
                &memo.tokens[first..first + usize::from(slot.tokens)]
            };
            self.counter.count(tokens, &memo.texts);
            return;
        }
        let remember = word.len() <= MAX_REMEMBERED_WORD;
        if remember {
            memo.make_room();
        }
        let (tokens, texts) = (memo.tokens.len(), memo.texts.len());
        self.push_tokens(word, listed_hashtag);
        let memo = &mut *self.memo;
        self.counter.count(&memo.tokens[tokens..], &memo.texts);
        if remember {
            memo.remember(hash, word, listed_hashtag, tokens);
        } else {
            // Read in the memo's arenas, then dropped from them again.
            memo.tokens.truncate(tokens);
            memo.texts.truncate(texts);
        }
    }

    /// Works out the reading of a word's tokens, from its token text as the plain path
    /// writes it, into the memo's `tokens` and `texts`.
    fn push_tokens(&mut self, word: &str, listed_hashtag: bool) {
        let stopwords = self.lexicon.stopwords();
        self.scratch.clear();
        if listed_hashtag {
            append_hashtag(word, stopwords, &mut self.scratch);
        } else {
            append_tokens(word, stopwords, &mut self.scratch);
        }
        let memo = &mut *self.memo;
        for token in self.scratch.split_whitespace() {
            let column = self.vocabulary.column(token);
            let reading = match token.strip_prefix(HASHTAG_PREFIX) {
                Some(tag) => TokenReading {
                    text: (0, 0),
                    hashtag: true,
                    term: term_of(self.lexicon.hashtag_term(tag)),
                    column,
                    phrase_head: false,
                    phrase_tail: false,
                },
                None => {
                    let phrase_head = self.lexicon.is_phrase_head(token);
                    let phrase_tail = self.lexicon.is_phrase_tail(token);
                    let mut text = (0, 0);
                    if phrase_head || phrase_tail {
                        let start = memo.texts.len() as u32;
                        memo.texts.push_str(token);
                        text = (start, memo.texts.len() as u32);
                    }
                    TokenReading {
                        text,
                        hashtag: false,
                        term: term_of(self.lexicon.word_term(token)),
                        column,
                        phrase_head,
                        phrase_tail,
                    }
                }
            };
            memo.tokens.push(reading);
        }
    }
}

/// A term id as a token reading holds it.
fn term_of(id: Option<usize>) -> Option<u32> {
    id.and_then(|id| u32::try_from(id).ok())
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
    /// Counts `tokens`, whose texts are in `texts`.
    fn count(&mut self, tokens: &[TokenReading], texts: &str) {
        for token in tokens {
            self.reading.columns.extend(token.column);
            if token.hashtag {
                self.reading
                    .matches
                    .extend(token.term.map(|id| (id as usize, true)));
                self.after_head = false;
                continue;
            }
            self.reading
                .matches
                .extend(token.term.map(|id| (id as usize, false)));
            let text = &texts[token.text.0 as usize..token.text.1 as usize];
            // A head before a token that ends no two-word term matches none.
            if self.after_head && token.phrase_tail {
                let phrase = self.lexicon.phrase_term(&self.head, text, &mut self.phrase);
                self.reading.matches.extend(phrase.map(|id| (id, false)));
            }
            self.after_head = token.phrase_head;
            if token.phrase_head {
                self.head.clear();
                self.head.push_str(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::tests::record;
    use super::super::document::NicheDocument;
    use super::*;

    /// Captions in the crawl's languages and whatever else posts hold: accents, decomposed
    /// accents, inline and listed tags, emoji, Unicode spaces, phrases (split by stopwords,
    /// segments and tags), words past the memo's inline and remembered lengths.
    const TEXTS: [&str; 22] = [
        "Treino pesado na academia, depois musculação 💪 #Fitness #treino_em_casa",
        "Receitas veganas fáceis: bolo de cenoura 🥕 #receitas #Vegan #VEGAN",
        "Meine Lieblingsrezepte für die Küche — Straße, GRÖSSE, Äpfel #Kochen #küche",
        "Recette du jour : crème brûlée à la maison 🍮 #Pâtisserie #recettes",
        "Rutina de entrenamiento en el gimnasio, ¡vamos! #gimnasio #Rutina",
        "salle de sport ce matin, leg day et meal prep, personal trainers",
        "home workouts, new looks, live music, high heels, pet care, dog training",
        "Home\nWorkout Meal\tPrep #meal prep meal #x prep",
        "",
        "   \t\n ",
        "#only #tags #Only",
        "nbsp\u{a0}words\u{2003}em\u{3000}ideographic\u{85}next\u{2028}line",
        "🎉🎉🎉 #🎉 #tag🎉 🇧🇷 emoji🎉inside",
        "ΣΊΣΥΦΟΣ #Σίσυφος ΣΊΣΥΦΟΣ",
        "cre\u{301}me and cre\u{301}mes, \u{301}e",
        "supercalifragilisticexpialidocious-and-more-words-joined-together kettlebells",
        "https://example.com/some/really/long/path?with=query&and=more#fragment ok",
        "foo#bar baz_qux @ana @coach the and de 2024 4k x f1",
        "Looks do dia: moda, outfit inspo e maquiagem #lookdodia #moda",
        "Finanzielle Freiheit: ETF Sparplan, Aktien und Börse #finanzen #Geld",
        "Voyage à Lisbonne, hôtels et vols pas chers #voyage #travelgram",
        "Gaming night: speedrun, loadout and respawn #gaming #twitch #Gamer",
    ];

    const TAGS: [&[&str]; 6] = [
        &[],
        &["fitness", "Vegan"],
        &["pâtisserie", "ΣΊΣΥΦΟΣ", "recettes"],
        &["only", "tags", "mealprep"],
        &["TRAVELGRAM", "moda", "🎉"],
        &["gaming", "finanzen", "lookdodia", "treinoemcasa"],
    ];

    /// Records of every size up to 40 posts with the texts above, in turn.
    fn records() -> Vec<CreatorRecord> {
        let long_word = "a".repeat(MAX_REMEMBERED_WORD + 1);
        let long_text = format!("{long_word} workout {long_word} #{long_word}");
        let mut texts: Vec<&str> = TEXTS.to_vec();
        texts.push(&long_text);
        let bios = [
            None,
            Some(String::new()),
            Some("Personal trainer | leg day every day #fitness @gym 🇧🇷".to_string()),
            Some("Receitas  veganas\te cre\u{301}me brûlée — Küche & maison".to_string()),
            Some(long_text.clone()),
        ];
        (0..41)
            .map(|posts| {
                let mut record = record(posts);
                record.creator.bio = bios[posts % bios.len()].clone();
                for (position, post) in record.posts.iter_mut().enumerate() {
                    post.text = texts[(posts + position * 7) % texts.len()].to_string();
                    post.hashtags = TAGS[(posts + position) % TAGS.len()]
                        .iter()
                        .map(|tag| tag.to_string())
                        .collect();
                    if position % 5 == 0 {
                        post.published_at = None;
                    }
                }
                record
            })
            .collect()
    }

    /// A vocabulary of some of the records' tokens (words and hashtags).
    fn vocabulary(lexicon: &Lexicon, records: &[CreatorRecord]) -> Vocabulary {
        let mut tokens: Vec<String> = records
            .iter()
            .flat_map(|record| {
                NicheDocument::record_token_text(record, lexicon.stopwords())
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        tokens.sort();
        tokens.dedup();
        let terms: Vec<String> = tokens.into_iter().step_by(2).collect();
        let idf = (0..terms.len()).map(|n| 1.0 + n as f64 / 7.0).collect();
        Vocabulary::new(terms, idf).unwrap()
    }

    /// `read_record` against the plain path: the lexicon scores and feature row of the
    /// record's token text, bit for bit.
    fn assert_reads_as_token_text(
        record: &CreatorRecord,
        key: ReadingKey,
        lexicon: &Lexicon,
        vocabulary: &Vocabulary,
    ) {
        let token_text = NicheDocument::record_token_text(record, lexicon.stopwords());
        let reading = read_record(record, key, lexicon, vocabulary);
        assert_eq!(
            lexicon.score_matches(reading.matches, 2.0),
            lexicon.score(&token_text, 2.0),
            "{token_text:?}"
        );
        assert_eq!(
            vocabulary.row_of_columns(reading.columns),
            vocabulary.transform(&token_text),
            "{token_text:?}"
        );
    }

    #[test]
    fn multilingual_records_read_as_their_token_text() {
        let lexicon = Lexicon::builtin().unwrap();
        let records = records();
        let vocabulary = vocabulary(lexicon, &records);
        let key = ReadingKey::fresh();
        // Every lexicon phrase, head and tail across the texts, and the plain path finds them.
        let all = records
            .iter()
            .map(|record| NicheDocument::record_token_text(record, lexicon.stopwords()))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(lexicon.score(&all, 2.0).has_hits());
        // Cold, then from the memo.
        for _ in 0..2 {
            for record in &records {
                assert_reads_as_token_text(record, key, lexicon, &vocabulary);
            }
        }
    }

    #[test]
    fn a_full_memo_starts_afresh_and_reads_alike() {
        let lexicon = Lexicon::builtin().unwrap();
        let records = records();
        let vocabulary = vocabulary(lexicon, &records);
        let key = ReadingKey::fresh();
        // More distinct words than a memo holds, among the texts' words.
        let mut many = record(40);
        for (position, post) in many.posts.iter_mut().enumerate() {
            post.text = (0..REMEMBERED_WORDS / 30)
                .map(|n| format!("w{position}x{n} {}", TEXTS[n % TEXTS.len()]))
                .collect::<Vec<_>>()
                .join(" ");
        }
        for _ in 0..2 {
            assert_reads_as_token_text(&many, key, lexicon, &vocabulary);
            for record in &records {
                assert_reads_as_token_text(record, key, lexicon, &vocabulary);
            }
        }
    }

    #[test]
    fn only_phrase_tails_end_phrases() {
        let lexicon = Lexicon::builtin().unwrap();
        let mut heads = Vec::new();
        let mut tokens = vec![
            "workout".to_string(),
            "s".to_string(),
            "ss".to_string(),
            "day".to_string(),
        ];
        for term in lexicon
            .source()
            .niches
            .values()
            .flat_map(|languages| languages.values().flatten())
        {
            let words = super::super::word_tokens(term, lexicon.stopwords());
            if let [head, tail] = words.as_slice() {
                heads.push(head.clone());
                tokens.extend([
                    tail.clone(),
                    format!("{tail}s"),
                    format!("{tail}ss"),
                    tail[..tail.len() - 1].to_string(),
                    head.clone(),
                ]);
            }
        }
        assert!(heads.len() > 50, "{}", heads.len());
        let mut scratch = String::new();
        let mut tails = 0;
        for head in &heads {
            for token in &tokens {
                if lexicon.phrase_term(head, token, &mut scratch).is_some() {
                    tails += 1;
                    assert!(lexicon.is_phrase_tail(token), "{head} {token}");
                }
            }
        }
        assert!(tails >= heads.len() * 2, "{tails}");
        assert!(!lexicon.is_phrase_tail("kettlebell"));
    }

    #[test]
    fn same_bytes_is_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh",
            "abcdefgi",
            "bbcdefgh",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
        let long = "x".repeat(40);
        let other = format!("{}y", "x".repeat(39));
        assert!(same_bytes(long.as_bytes(), long.clone().as_bytes()));
        assert!(!same_bytes(long.as_bytes(), other.as_bytes()));
    }

    #[test]
    fn a_slot_is_a_cache_line() {
        assert_eq!(std::mem::size_of::<Slot>(), 64);
    }
}
