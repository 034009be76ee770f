//! What the niche classifier reads about a creator: the bio, recent captions and hashtags.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::lexicon::Lexicon;
use super::text::{append_hashtag, append_tokens, end_segment, Stopwords};
use crate::{CreatorRecord, Post};

/// Captions a document built from a record keeps, most recent first.
pub const MAX_CAPTIONS: usize = 30;

/// The classifier's input for one creator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NicheDocument {
    pub bio: String,
    /// Post texts; inline `#tags` in them also count as hashtags.
    pub captions: Vec<String>,
    /// Hashtags without `#`, one entry per use.
    pub hashtags: Vec<String>,
}

impl NicheDocument {
    /// The bio, the [`MAX_CAPTIONS`] most recent captions (inline hashtags moved out of the
    /// text) and the hashtags of all posts.
    pub fn from_record(record: &CreatorRecord) -> NicheDocument {
        let mut posts: Vec<&Post> = record.posts.iter().collect();
        posts.sort_by_key(|post| std::cmp::Reverse(post.published_at));
        let mut captions = Vec::new();
        let mut hashtags = Vec::new();
        for (position, post) in posts.iter().enumerate() {
            hashtags.extend(post.hashtags.iter().cloned());
            let (prose, inline) = split_inline_hashtags(&post.text);
            // An inline tag the post also lists (in any case) counts once.
            hashtags.extend(inline.into_iter().filter(|tag| {
                !post
                    .hashtags
                    .iter()
                    .any(|listed| lower_case_equals(listed, tag))
            }));
            if position < MAX_CAPTIONS && !prose.is_empty() {
                captions.push(prose);
            }
        }
        NicheDocument {
            bio: record.creator.bio.clone().unwrap_or_default(),
            captions,
            hashtags,
        }
    }

    /// `NicheDocument::from_record(record).token_text(stopwords)` without the document: the
    /// captions' prose and the hashtags are tokenized straight from the posts, not copied
    /// first. The plain form of what `reading` collects.
    #[cfg(test)]
    pub(crate) fn record_token_text(record: &CreatorRecord, stopwords: &Stopwords) -> String {
        let bio = record.creator.bio.as_deref().unwrap_or("");
        let mut out = String::with_capacity(
            bio.len()
                + record
                    .posts
                    .iter()
                    .map(|post| post.text.len())
                    .sum::<usize>(),
        );
        record_parts(record, |part| match part {
            DocumentPart::Bio(bio) => append_tokens(bio, stopwords, &mut out),
            DocumentPart::Segment => end_segment(&mut out),
            DocumentPart::Word(word) => append_tokens(word, stopwords, &mut out),
            DocumentPart::Hashtag(tag) => append_hashtag(tag, stopwords, &mut out),
        });
        out
    }

    /// The normalised token text the classifier reads (folded words without stopwords, then
    /// hashtags as `ht_tag` tokens), using the built-in lexicon's stopwords.
    pub fn text(&self) -> String {
        match Lexicon::builtin() {
            Ok(lexicon) => self.token_text(lexicon.stopwords()),
            Err(_) => self.token_text(&Stopwords::default()),
        }
    }

    /// The token text with a given stopword list (see [`NicheDocument::text`]).
    pub(crate) fn token_text(&self, stopwords: &Stopwords) -> String {
        let mut out = String::with_capacity(
            self.bio.len()
                + self.captions.iter().map(String::len).sum::<usize>()
                + 8 * self.hashtags.len(),
        );
        append_tokens(&self.bio, stopwords, &mut out);
        for caption in &self.captions {
            end_segment(&mut out);
            append_tokens(caption, stopwords, &mut out);
        }
        end_segment(&mut out);
        for tag in &self.hashtags {
            append_hashtag(tag, stopwords, &mut out);
        }
        out
    }
}

/// One piece of a record's document, in the order [`record_parts`] hands them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentPart<'a> {
    /// The whole bio (the first segment).
    Bio(&'a str),
    /// A new segment starts: a caption, or after the last one the hashtags.
    Segment,
    /// A word of a caption's prose (whitespace-separated, not a `#tag`).
    Word(&'a str),
    /// A hashtag of the hashtag segment (a listed one, or an inline one lower-cased).
    Hashtag(&'a str),
}

/// Hands `each` the parts of `NicheDocument::from_record(record)` in the order its token
/// text holds them: the bio; per caption (the [`MAX_CAPTIONS`] most recent posts with prose)
/// a segment of its words; then a segment of every post's hashtags, an inline `#tag` only
/// when its post does not list it. Tokenizing each word apart gives the tokens of the joined
/// prose: words are split at whitespace, which ends a token anyway.
pub(crate) fn record_parts(record: &CreatorRecord, mut each: impl FnMut(DocumentPart<'_>)) {
    let mut posts: Vec<&Post> = record.posts.iter().collect();
    posts.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    each(DocumentPart::Bio(
        record.creator.bio.as_deref().unwrap_or(""),
    ));
    let mut hashtags: Vec<Cow<'_, str>> = Vec::new();
    for (position, post) in posts.iter().enumerate() {
        hashtags.extend(post.hashtags.iter().map(|tag| Cow::Borrowed(tag.as_str())));
        // The prose: every word but the `#tags` (see `split_inline_hashtags`), a caption
        // when there is any. Its segment starts at its first word: the tags before it only
        // go to `hashtags`.
        let caption = position < MAX_CAPTIONS;
        let mut segment_started = false;
        for word in post.text.split_whitespace() {
            match word.strip_prefix('#') {
                Some(tag) => {
                    if let Some(tag) = unlisted_inline_hashtag(tag, &post.hashtags) {
                        hashtags.push(tag);
                    }
                }
                None if caption => {
                    if !segment_started {
                        each(DocumentPart::Segment);
                        segment_started = true;
                    }
                    each(DocumentPart::Word(word));
                }
                None => {}
            }
        }
    }
    each(DocumentPart::Segment);
    for tag in &hashtags {
        each(DocumentPart::Hashtag(tag));
    }
}

/// The tag of an inline `#tag` word (after the `#`, see [`inline_hashtag`]) unless it is
/// empty or `listed` holds it in any case; borrowed from the word when that is the tag
/// already (ASCII lower case).
fn unlisted_inline_hashtag<'a>(word: &'a str, listed: &[String]) -> Option<Cow<'a, str>> {
    let end = word
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(word.len(), |(at, _)| at);
    let raw = &word[..end];
    if raw.is_empty() {
        return None;
    }
    if raw
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase())
    {
        // Already the tag: compare without copying it, with the listed tags as they are
        // first (they are lower case as a rule).
        let is_listed = listed.iter().any(|listed| listed == raw)
            || listed.iter().any(|listed| lower_case_equals(listed, raw));
        return (!is_listed).then_some(Cow::Borrowed(raw));
    }
    let tag = inline_hashtag(word);
    let is_listed = listed.iter().any(|listed| lower_case_equals(listed, &tag));
    (!is_listed).then_some(Cow::Owned(tag))
}

/// Whether `text` lower-cased is `lower` (without making the lower-cased copy for ASCII).
fn lower_case_equals(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.len() == lower.len()
            && text
                .bytes()
                .zip(lower.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        text.to_lowercase() == lower
    }
}

/// The tag of an inline `#tag` word (after the `#`): its leading letters, digits and `_`,
/// lower-cased.
fn inline_hashtag(word: &str) -> String {
    word.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits `#tags` out of a post text: the remaining prose and the lower-cased tags.
fn split_inline_hashtags(text: &str) -> (String, Vec<String>) {
    let mut prose = String::with_capacity(text.len());
    let mut tags = Vec::new();
    for word in text.split_whitespace() {
        match word.strip_prefix('#') {
            Some(tag) => {
                let tag = inline_hashtag(tag);
                if !tag.is_empty() {
                    tags.push(tag);
                }
            }
            None => {
                if !prose.is_empty() {
                    prose.push(' ');
                }
                prose.push_str(word);
            }
        }
    }
    (prose, tags)
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::{Creator, CreatorId, Platform, Provenance};

    /// A creator with `posts` daily posts (newest last).
    pub(crate) fn record(posts: usize) -> CreatorRecord {
        let id = CreatorId::new(Platform::Mastodon, "ana@social.example");
        let start = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
        CreatorRecord {
            creator: Creator {
                id: id.clone(),
                platform: Platform::Mastodon,
                handle: "ana".into(),
                display_name: None,
                bio: Some("Receitas veganas #vegan".into()),
                profile_url: "https://social.example/@ana".into(),
                avatar_url: None,
                links: vec![],
                followers: Some(1200),
                following: None,
                post_count: None,
                location: None,
                languages: vec!["pt".into()],
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: "https://social.example/api/v1/accounts/1".into(),
                    fetched_at: start,
                    method: "mastodon-api".into(),
                    content_hash: "00".into(),
                },
            },
            posts: (0..posts)
                .map(|day| Post {
                    id: day.to_string(),
                    creator_id: id.clone(),
                    url: format!("https://social.example/@ana/{day}"),
                    published_at: Some(start + Duration::days(day as i64)),
                    text: format!("Bolo numero {day} #bolo #Receita"),
                    hashtags: vec!["bolo".into()],
                    mentions: vec![],
                    media_kind: None,
                    language: Some("pt".into()),
                    likes: Some(3),
                    comments: None,
                    shares: None,
                    views: None,
                    sponsored: false,
                })
                .collect(),
            audience: vec![],
        }
    }

    #[test]
    fn from_record_keeps_recent_captions_and_all_hashtags_once() {
        let document = NicheDocument::from_record(&record(35));
        assert_eq!(document.captions.len(), MAX_CAPTIONS);
        assert_eq!(
            document.captions[0], "Bolo numero 34",
            "newest first, tags moved out"
        );
        // Each post: listed `bolo` once plus the inline-only `receita`.
        assert_eq!(document.hashtags.len(), 70);
        assert_eq!(
            document
                .hashtags
                .iter()
                .filter(|tag| *tag == "receita")
                .count(),
            35
        );
        let text = document.text();
        assert!(
            text.starts_with("receitas veganas ht_vegan\nbolo numero"),
            "{text}"
        );
        assert!(text.ends_with("ht_bolo ht_receita"), "{text}");
    }

    #[test]
    fn record_token_text_is_the_documents_token_text() {
        let texts = [
            "Bolo numero 1 #bolo #Receita",
            "#only #tags here? no: #Tags",
            "#only #TAGS",
            "",
            "   spaced\tout\n\nwords  #x_y ## #",
            "Crème brûlée à la MAISON #Pâtisserie #pâtisserie #BOLO",
            "foo#bar baz_qux @ana #Σίσυφος ΣΊΣΥΦΟΣ the and de",
            "emoji 🎉🎉 #🎉 #tag🎉 numbers 2024 4k",
        ];
        let stopwords: Stopwords = ["the", "de", "and"].iter().map(|w| w.to_string()).collect();
        for posts in [0, 3, 8, 35] {
            let mut record = record(posts);
            for (position, post) in record.posts.iter_mut().enumerate() {
                post.text = texts[position % texts.len()].to_string();
                post.hashtags = match position % 4 {
                    0 => vec![],
                    1 => vec!["Receita".into(), "bolo".into()],
                    2 => vec!["PÂTISSERIE".into(), "ΣΊΣΥΦΟΣ".into()],
                    _ => vec!["tags".into()],
                };
                if position % 5 == 0 {
                    post.published_at = None;
                }
            }
            for bio in [
                None,
                Some(String::new()),
                Some("Receitas veganas #vegan".into()),
            ] {
                record.creator.bio = bio;
                assert_eq!(
                    NicheDocument::record_token_text(&record, &stopwords),
                    NicheDocument::from_record(&record).token_text(&stopwords),
                    "{posts} posts, bio {:?}",
                    record.creator.bio
                );
            }
        }
    }
}
