//! Text normalisation shared by the lexicon and the classifier: lower-casing, folding of Latin
//! diacritics (`musculação` → `musculacao`), word and `#hashtag` tokens, stopwords.
//!
//! Output is a "token text": tokens separated by single spaces, segments (bio, one caption,
//! the hashtag list) separated by newlines. Hashtags carry [`HASHTAG_PREFIX`] so that `#gym`
//! and the word `gym` are distinct features. The TF-IDF vectoriser splits token texts on
//! whitespace, so training and inference see exactly the same tokens.

use std::collections::HashSet;

/// Folded stopwords, looked up once per token (foldhash: SipHash was a visible share of the
/// niche scoring of an index build).
pub type Stopwords = HashSet<String, foldhash::fast::RandomState>;

/// Prefix that turns a hashtag into a feature token distinct from the same word. Words never
/// contain `_`, so the two cannot collide.
pub(crate) const HASHTAG_PREFIX: &str = "ht_";

/// Tokens shorter than this (in characters) are dropped.
const MIN_TOKEN_CHARS: usize = 2;
/// Tokens longer than this are dropped (URL fragments, encoded blobs).
const MAX_TOKEN_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Hashtag,
    Mention,
}

/// Lower-cases `c`, folds Latin diacritics and ligatures, drops combining marks.
fn push_folded(c: char, out: &mut String) {
    // Most text is ASCII: no diacritic to fold, one lower-case character.
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        match lower {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'ð' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ğ' => out.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => out.push('i'),
            'ł' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'ř' => out.push('r'),
            'ś' | 'š' | 'ş' => out.push('s'),
            'ť' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            '\u{300}'..='\u{36f}' => {}
            other => out.push(other),
        }
    }
}

/// Lower-cases a whole text and folds its Latin diacritics (`São Paulo` → `sao paulo`).
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Appends the tokens of `text` to `out` (see the module docs). Mentions, stopwords, numbers,
/// one-letter and over-long tokens are dropped.
pub(crate) fn append_tokens(text: &str, stopwords: &Stopwords, out: &mut String) {
    let mut writer = TokenWriter {
        out,
        stopwords,
        current: None,
        pending: TokenKind::Word,
    };
    for c in text.chars() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            writer.push(c);
        } else if c == '_'
            && writer
                .current
                .is_some_and(|token| token.kind == TokenKind::Hashtag)
        {
            // `#meal_prep` is the same hashtag as `#mealprep`.
        } else {
            writer.finish();
            writer.pending = match c {
                '#' => TokenKind::Hashtag,
                '@' => TokenKind::Mention,
                _ => TokenKind::Word,
            };
        }
    }
    writer.finish();
}

/// Appends one hashtag (with or without `#`) as a prefixed token.
pub(crate) fn append_hashtag(tag: &str, stopwords: &Stopwords, out: &mut String) {
    let mut writer = TokenWriter {
        out,
        stopwords,
        current: None,
        pending: TokenKind::Hashtag,
    };
    for c in tag
        .chars()
        .filter(|c| c.is_alphanumeric() || is_combining_mark(*c))
    {
        writer.push(c);
    }
    writer.finish();
}

/// Starts a new segment (bio, caption, hashtag list) in a token text.
pub(crate) fn end_segment(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The folded word tokens of a short text (a lexicon term, a query), without hashtags.
pub(crate) fn word_tokens(text: &str, stopwords: &Stopwords) -> Vec<String> {
    let mut out = String::new();
    append_tokens(text, stopwords, &mut out);
    out.split_whitespace()
        .map(|token| {
            token
                .strip_prefix(HASHTAG_PREFIX)
                .unwrap_or(token)
                .to_string()
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct OpenToken {
    kind: TokenKind,
    /// Where the token (including its separator) starts in `out`.
    start: usize,
    /// Where the token's own characters start (after separator and prefix).
    content_start: usize,
    chars: usize,
    has_letter: bool,
}

struct TokenWriter<'a> {
    out: &'a mut String,
    stopwords: &'a Stopwords,
    current: Option<OpenToken>,
    pending: TokenKind,
}

impl TokenWriter<'_> {
    fn push(&mut self, c: char) {
        let token = match self.current.as_mut() {
            Some(token) => token,
            None => {
                let start = self.out.len();
                if !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
                    self.out.push(' ');
                }
                if self.pending == TokenKind::Hashtag {
                    self.out.push_str(HASHTAG_PREFIX);
                }
                self.current.insert(OpenToken {
                    kind: self.pending,
                    start,
                    content_start: self.out.len(),
                    chars: 0,
                    has_letter: false,
                })
            }
        };
        if is_combining_mark(c) {
            return;
        }
        token.chars += 1;
        token.has_letter |= !c.is_numeric();
        push_folded(c, self.out);
    }

    fn finish(&mut self) {
        let Some(token) = self.current.take() else {
            return;
        };
        let content = &self.out[token.content_start..];
        let keep = token.kind != TokenKind::Mention
            && token.has_letter
            && (MIN_TOKEN_CHARS..=MAX_TOKEN_CHARS).contains(&token.chars)
            && !self.stopwords.contains(content);
        if !keep {
            self.out.truncate(token.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stopwords() -> Stopwords {
        ["the", "de"].iter().map(|word| word.to_string()).collect()
    }

    fn tokens(text: &str) -> String {
        let mut out = String::new();
        append_tokens(text, &stopwords(), &mut out);
        out
    }

    #[test]
    fn folds_accents_and_separates_hashtags() {
        assert_eq!(
            tokens("Treino de MUSCULAÇÃO hoje! #Fitness #meal_prep @coach 2024 x"),
            "treino musculacao hoje ht_fitness ht_mealprep"
        );
        assert_eq!(tokens("Straße, Œuvre, crème"), "strasse oeuvre creme");
        // Decomposed input (e + combining acute) folds like the composed one.
        assert_eq!(tokens("cre\u{301}me"), "creme");
        assert_eq!(tokens("the f1 4k 1234"), "f1 4k");
    }

    #[test]
    fn segments_and_hashtags() {
        let mut out = String::new();
        append_tokens("home workout", &stopwords(), &mut out);
        end_segment(&mut out);
        append_hashtag("#LegDay", &stopwords(), &mut out);
        append_hashtag("##", &stopwords(), &mut out);
        assert_eq!(out, "home workout\nht_legday");
        assert_eq!(
            word_tokens("Rouge à lèvres", &stopwords()),
            vec!["rouge", "levres"]
        );
    }
}
