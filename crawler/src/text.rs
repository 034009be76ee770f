//! Pure text helpers shared by the sources: HTML to plain text, e-mail, hashtag and mention
//! spotting, sponsorship markers, language codes and dates.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use regex::Regex;

/// Hashtags that disclose a paid or gifted post (compared lower-cased, without `#`).
pub(crate) const SPONSORED_HASHTAGS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sponsored",
    "gifted",
    "partner",
    "paidpartnership",
    "publi",
    "publicidade",
    "publicidad",
    "anzeige",
    "werbung",
    "sponsorisé",
    "sponsorise",
];

/// Phrases in a post's text that disclose a paid partnership (matched as whole words,
/// case-insensitively).
pub(crate) const SPONSORED_PHRASES: &[&str] = &[
    "paid partnership",
    "publi",
    "anzeige",
    "werbung",
    "sponsorisé",
    "bezahlte partnerschaft",
    "partenariat rémunéré",
];

static SPONSORED_PHRASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = SPONSORED_PHRASES
        .iter()
        .map(|phrase| regex::escape(phrase))
        .collect();
    compile(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))
});

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:^|[^\w@.+\-])([A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})",
    )
});

static OBFUSCATED_AT_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\s*[\[(]\s*at\s*[\])]\s*"));

static OBFUSCATED_DOT_RE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\s*[\[(]\s*dot\s*[\])]\s*"));

static HASHTAG_RE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:^|[^\w&/#])#(\w+)"));

static MENTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:^|[^\w@/.])@([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?)",
    )
});

/// Compiles a pattern written in this file (never external input; the tests compile them all).
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

/// Converts an HTML fragment (a Mastodon note, a status, a description) into plain text:
/// `<br>` becomes a line break, block elements become paragraphs, whitespace is collapsed;
/// the contents of `script`, `style`, `template` and `noscript` are left out.
///
/// Fragments are read with html5ever's tokenizer alone (character references decoded, raw
/// text elements switched as a tree builder would): building a DOM per caption cost the crawl
/// more than parsing the JSON around it, and the text is the same.
pub(crate) fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy(html);
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(
        TextSink {
            out: RefCell::new(String::with_capacity(html.len())),
            skipping: Cell::new(None),
            templates: Cell::new(0),
            open_blocks: RefCell::new(Vec::new()),
        },
        TokenizerOpts::default(),
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let out = tokenizer.sink.out.take();
    tidy(&out)
}

/// Collects the text of a token stream for [`html_to_text`].
struct TextSink {
    out: RefCell<String>,
    /// The raw text element whose contents are being left out (`script`, `style`, `noscript`).
    skipping: Cell<Option<SkippedElement>>,
    /// Open `template` elements: their contents are not part of the text.
    templates: Cell<usize>,
    /// Open block elements, innermost last: an end tag with none open is ignored (`</p>`
    /// aside, which stands for an empty paragraph), as a tree builder does.
    open_blocks: RefCell<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SkippedElement {
    Script,
    Style,
    Noscript,
}

impl SkippedElement {
    fn named(name: &str) -> Option<SkippedElement> {
        match name {
            "script" => Some(SkippedElement::Script),
            "style" => Some(SkippedElement::Style),
            "noscript" => Some(SkippedElement::Noscript),
            _ => None,
        }
    }
}

/// Elements that stand apart as paragraphs in the text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
    )
}

impl TextSink {
    fn on_tag(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if let Some(skipped) = self.skipping.get() {
            // Only the element's own end tag reaches here from raw text.
            if tag.kind == TagKind::EndTag && SkippedElement::named(name) == Some(skipped) {
                self.skipping.set(None);
            }
            return TokenSinkResult::Continue;
        }
        match (tag.kind, name) {
            (TagKind::StartTag, _) if SkippedElement::named(name).is_some() => {
                self.skipping.set(SkippedElement::named(name));
                return TokenSinkResult::RawData(if name == "script" {
                    RawKind::ScriptData
                } else {
                    RawKind::Rawtext
                });
            }
            (TagKind::StartTag, "title" | "textarea") => {
                return TokenSinkResult::RawData(RawKind::Rcdata)
            }
            (TagKind::StartTag, "xmp" | "iframe" | "noembed" | "noframes") => {
                return TokenSinkResult::RawData(RawKind::Rawtext)
            }
            (TagKind::StartTag, "plaintext") => return TokenSinkResult::Plaintext,
            (TagKind::StartTag, "template") => self.templates.set(self.templates.get() + 1),
            (TagKind::EndTag, "template") => {
                self.templates.set(self.templates.get().saturating_sub(1))
            }
            _ if self.templates.get() > 0 => {}
            // A tree builder reads `</br>` as `<br>`.
            (_, "br") => self.out.borrow_mut().push('\n'),
            (TagKind::StartTag, _) if is_block(name) => {
                self.open_blocks.borrow_mut().push(name.to_string());
                self.out.borrow_mut().push_str("\n\n");
            }
            (TagKind::EndTag, _) if is_block(name) => {
                let mut open = self.open_blocks.borrow_mut();
                let innermost = open.iter().rposition(|open| open == name);
                if let Some(at) = innermost {
                    open.truncate(at);
                }
                if innermost.is_some() || name == "p" {
                    self.out.borrow_mut().push_str("\n\n");
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) => {
                if self.skipping.get().is_none() && self.templates.get() == 0 {
                    self.out.borrow_mut().push_str(&text);
                }
                TokenSinkResult::Continue
            }
            Token::TagToken(tag) => self.on_tag(&tag),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Collapses runs of spaces inside lines, keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    for line in text.lines() {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending {
                out.push('\n');
            }
        }
        blank_pending = false;
        out.push_str(&collapsed);
    }
    out
}

/// `Some(trimmed)` unless the text is empty after trimming.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The first public e-mail address in a text, also in the `name [at] domain [dot] tld` form;
/// fediverse mentions (`@bob@social.example`) are not mistaken for addresses.
pub(crate) fn find_contact_email(text: &str) -> Option<String> {
    let deobfuscated = OBFUSCATED_AT_RE.replace_all(text, "@");
    let deobfuscated = OBFUSCATED_DOT_RE.replace_all(&deobfuscated, ".");
    EMAIL_RE
        .captures_iter(&deobfuscated)
        .filter_map(|captures| captures.get(1))
        .map(|found| found.as_str().trim_end_matches('.').to_string())
        .find(|candidate| {
            // A `user@host@host` chain is a mention, not an address.
            let after = deobfuscated
                .find(candidate.as_str())
                .and_then(|start| deobfuscated[start + candidate.len()..].chars().next());
            after != Some('@')
        })
}

/// Lower-cased hashtags in a text, without `#`, in order of appearance, de-duplicated; a tag
/// needs at least one letter (`#1` is not a hashtag).
pub(crate) fn hashtags_in_text(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    for captures in HASHTAG_RE.captures_iter(text) {
        let Some(tag) = captures.get(1) else { continue };
        let tag = tag.as_str().to_lowercase();
        if tag.chars().any(char::is_alphabetic) && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// Lower-cased `@mentions` in a text, without the leading `@` (`bob` or `bob@social.example`).
pub(crate) fn mentions_in_text(text: &str) -> Vec<String> {
    let mut mentions = Vec::new();
    for captures in MENTION_RE.captures_iter(text) {
        let Some(mention) = captures.get(1) else {
            continue;
        };
        let mention = mention.as_str().trim_end_matches('.').to_lowercase();
        if !mentions.contains(&mention) {
            mentions.push(mention);
        }
    }
    mentions
}

/// Merges tags into a list, lower-cased, without `#`, keeping first-seen order.
pub(crate) fn push_unique_tags(into: &mut Vec<String>, tags: impl IntoIterator<Item = String>) {
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').to_lowercase();
        if !tag.is_empty() && !into.contains(&tag) {
            into.push(tag);
        }
    }
}

/// True when a post carries a sponsorship marker: a disclosure hashtag or phrase.
pub(crate) fn is_sponsored(hashtags: &[String], text: &str) -> bool {
    let tagged = hashtags.iter().any(|tag| {
        // Markers are lower-case: ASCII tags compare without allocating, others lower-cased once.
        if tag.is_ascii() {
            SPONSORED_HASHTAGS
                .iter()
                .any(|marker| tag.eq_ignore_ascii_case(marker))
        } else {
            let lowered = tag.to_lowercase();
            SPONSORED_HASHTAGS.contains(&lowered.as_str())
        }
    });
    tagged || SPONSORED_PHRASE_RE.is_match(text)
}

/// An ISO-639 language code from a tag such as `en`, `en-US` or `pt_BR` (lower-cased primary
/// subtag of two or three letters).
pub(crate) fn language_code(raw: &str) -> Option<String> {
    let primary = raw.trim().split(['-', '_']).next().unwrap_or_default();
    let valid =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    valid.then(|| primary.to_ascii_lowercase())
}

/// The languages a creator writes in: codes ordered by frequency (ties alphabetically), keeping
/// those used in at least a fifth of the posts that declare one, and always the most common.
pub(crate) fn dominant_languages<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for code in codes {
        if let Some(code) = language_code(code) {
            *counts.entry(code).or_default() += 1;
            total += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .enumerate()
        .filter(|(rank, (_, count))| *rank == 0 || count * 5 >= total)
        .map(|(_, (code, _))| code)
        .collect()
}

/// Parses an RFC 3339 timestamp or a plain `YYYY-MM-DD` date (taken as midnight UTC).
pub(crate) fn parse_datetime(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(parsed) = DateTime::parse_from_rfc3339(raw) {
        return Some(parsed.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    date.and_hms_opt(0, 0, 0).map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use scraper::{ElementRef, Html, Node};

    use super::*;

    /// What `html_to_text` computed before it read tokens: a DOM built by scraper, walked.
    fn text_through_a_dom(html: &str) -> String {
        fn collect(element: ElementRef<'_>, out: &mut String) {
            for child in element.children() {
                match child.value() {
                    Node::Text(text) => out.push_str(text),
                    Node::Element(child_element) => {
                        let name = child_element.name();
                        if matches!(name, "script" | "style" | "template" | "noscript") {
                            continue;
                        }
                        if name == "br" {
                            out.push('\n');
                            continue;
                        }
                        let block = is_block(name);
                        if block {
                            out.push_str("\n\n");
                        }
                        if let Some(child_ref) = ElementRef::wrap(child) {
                            collect(child_ref, out);
                        }
                        if block {
                            out.push_str("\n\n");
                        }
                    }
                    _ => {}
                }
            }
        }
        let fragment = Html::parse_fragment(html);
        let mut out = String::new();
        collect(fragment.root_element(), &mut out);
        tidy(&out)
    }

    /// Markup (tags, comments, stray angle brackets) for tag soup, mixed with [`TEXT_PIECES`].
    const TAG_PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<br>",
        "<br/>",
        "</br>",
        "<div>",
        "</div>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<a href=\"https://x.example/tags/vegan\" class=\"mention hashtag\">",
        "</a>",
        "<span class=\"invisible\">",
        "</span>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<template>",
        "</template>",
        "<noscript>",
        "</noscript>",
        "<b>",
        "</b>",
        "<h2>",
        "</h2>",
        "<pre>",
        "</pre>",
        "<blockquote>",
        "</blockquote>",
        "<!-- note -->",
        "<",
        ">",
        "if (a < b) {}",
        "</script",
        "<title>",
        "</title>",
    ];

    const TEXT_PIECES: &[&str] = &[
        "word",
        "Wörter",
        "#vegan",
        "@bob@social.example",
        "&amp;",
        "&lt;3",
        "&#127793;",
        "&nbsp;",
        " ",
        "  ",
        "\n",
        "x<y",
        "a > b",
        "&",
        "🌱",
    ];

    /// Well-formed fragments as servers send them: paragraphs of inline content (links,
    /// spans, line breaks) inside divs, lists and quotes.
    fn well_formed_fragment() -> impl Strategy<Value = String> {
        let text = proptest::sample::select(TEXT_PIECES).prop_map(str::to_string);
        let inline = text.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(|parts| format!(
                    "<a href=\"https://x.example/tags/vegan\" class=\"mention hashtag\">{}</a>",
                    parts.concat()
                )),
                proptest::collection::vec(inner.clone(), 0..4).prop_map(|parts| format!(
                    "<span class=\"invisible\">{}</span>",
                    parts.concat()
                )),
                proptest::collection::vec(inner, 0..4).prop_map(|parts| parts.join("<br>")),
            ]
        });
        let paragraph = proptest::collection::vec(inline, 0..4).prop_map(|parts| parts.concat());
        let block = paragraph.prop_recursive(3, 24, 4, |inner| {
            let children = proptest::collection::vec(inner, 0..4).prop_map(|parts| parts.concat());
            (
                proptest::sample::select(&["p", "div", "blockquote", "h2", "pre", "ul-li"][..]),
                children,
            )
                .prop_map(|(tag, body)| match tag {
                    "ul-li" => format!("<ul><li>{body}</li></ul>"),
                    "p" | "h2" | "pre" => format!("<{tag}>{}</{tag}>", strip_blocks(&body)),
                    _ => format!("<{tag}>{body}</{tag}>"),
                })
        });
        proptest::collection::vec(block, 0..5).prop_map(|parts| parts.concat())
    }

    /// Paragraph-like elements hold inline content only: nested blocks become line breaks.
    fn strip_blocks(html: &str) -> String {
        let mut out = html.to_string();
        for tag in ["p", "div", "blockquote", "h2", "pre", "ul", "li"] {
            out = out
                .replace(&format!("<{tag}>"), "<br>")
                .replace(&format!("</{tag}>"), "<br>");
        }
        out
    }

    proptest! {
        #[test]
        fn well_formed_fragments_give_the_text_a_dom_gives(html in well_formed_fragment()) {
            prop_assert_eq!(html_to_text(&html), text_through_a_dom(&html), "fragment {:?}", html);
        }

        /// Tag soup: where a tree builder would restructure misnested tags the paragraph
        /// breaks may differ, never the words.
        #[test]
        fn tag_soup_gives_the_words_a_dom_gives(
            pieces in proptest::collection::vec(
                prop_oneof![proptest::sample::select(TAG_PIECES), proptest::sample::select(TEXT_PIECES)],
                0..24,
            )
        ) {
            let html = pieces.concat();
            let words = |text: String| text.split_whitespace().collect::<String>();
            prop_assert_eq!(
                words(html_to_text(&html)),
                words(text_through_a_dom(&html)),
                "fragment {:?}",
                html
            );
        }
    }

    #[test]
    fn mastodon_statuses_read_as_through_a_dom() {
        for html in [
            "<p>Morning run done 🏃 <a href=\"https://m.example/tags/running\" class=\"mention hashtag\" rel=\"tag\">#<span>running</span></a></p><p>Next: <span class=\"h-card\"><a href=\"https://m.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span> &amp; friends</p>",
            "<p>line one<br>line two<br />line three</p>",
            "<p>Fish &amp; chips &lt;3 &#8212; caf&eacute;</p>",
            "<ul><li>one</li><li>two</li></ul><p>three",
            "<p>a<p>b<div>c</div>d",
            "<pre>\ncode\n  kept</pre>",
            "text <script>var x = '<p>no</p>';</script> more <style>p { }</style> end",
            "<template><p>hidden</p></template>shown",
        ] {
            assert_eq!(html_to_text(html), text_through_a_dom(html), "{html}");
        }
    }

    #[test]
    fn all_patterns_compile() {
        for pattern in [
            &SPONSORED_PHRASE_RE,
            &EMAIL_RE,
            &OBFUSCATED_AT_RE,
            &OBFUSCATED_DOT_RE,
            &HASHTAG_RE,
            &MENTION_RE,
        ] {
            assert!(!LazyLock::force(pattern).as_str().is_empty());
        }
    }

    #[test]
    fn html_becomes_paragraphs_and_lines() {
        let html = "<p>Hello <b>world</b>!<br />Second   line</p><p>Para &amp; two \
                    <a href=\"https://x.example/tags/coffee\" class=\"mention hashtag\">#<span>Coffee</span></a></p>";
        assert_eq!(
            html_to_text(html),
            "Hello world!\nSecond line\n\nPara & two #Coffee"
        );
        assert_eq!(html_to_text("  plain   text "), "plain text");
        assert_eq!(html_to_text("<script>evil()</script><p>ok</p>"), "ok");
        assert_eq!(html_to_text(""), "");
    }

    #[test]
    fn mastodon_links_keep_their_hidden_parts() {
        let html = "<p><a href=\"https://alice.example/shop\" rel=\"nofollow noopener\"><span class=\"invisible\">https://</span><span class=\"\">alice.example/shop</span><span class=\"invisible\"></span></a></p>";
        assert_eq!(html_to_text(html), "https://alice.example/shop");
    }

    #[test]
    fn emails_are_found_but_mentions_are_not() {
        assert_eq!(
            find_contact_email("Booking: Alice.Smith+biz@studio.example."),
            Some("Alice.Smith+biz@studio.example".to_string())
        );
        assert_eq!(find_contact_email("ping @bob@social.example today"), None);
        assert_eq!(
            find_contact_email("@bob@social.example or mail hi@alice.example"),
            Some("hi@alice.example".to_string())
        );
        assert_eq!(
            find_contact_email("collabs: alice [at] studio (dot) example"),
            Some("alice@studio.example".to_string())
        );
        assert_eq!(find_contact_email("no address here"), None);
    }

    #[test]
    fn hashtags_and_mentions_are_lowercased_and_unique() {
        assert_eq!(
            hashtags_in_text("Leg day #Fitness #gym #fitness #1 a#b https://x.example/#frag"),
            vec!["fitness", "gym"]
        );
        assert_eq!(hashtags_in_text("#café au lait"), vec!["café"]);
        assert_eq!(
            mentions_in_text("thanks @Bob and @carol@Social.Example. mail me@x.example"),
            vec!["bob", "carol@social.example"]
        );
    }

    #[test]
    fn sponsorship_markers_come_from_tags_or_phrases() {
        assert!(is_sponsored(&["ad".to_string()], "new shoes"));
        assert!(is_sponsored(&["Gifted".to_string()], ""));
        assert!(is_sponsored(&["SPONSORISÉ".to_string()], ""));
        assert!(!is_sponsored(&["Gifté".to_string()], ""));
        assert!(is_sponsored(&[], "Paid partnership with Acme"));
        assert!(is_sponsored(&[], "Anzeige: neue Schuhe"));
        assert!(is_sponsored(&[], "#publi com a marca"));
        assert!(is_sponsored(&[], "sponsorisé par Acme"));
        assert!(!is_sponsored(&[], "a public post, published today"));
        assert!(!is_sponsored(&["adventure".to_string()], "not an ad tag"));
    }

    #[test]
    fn language_codes_and_dominance() {
        assert_eq!(language_code("en-US").as_deref(), Some("en"));
        assert_eq!(language_code("pt_BR").as_deref(), Some("pt"));
        assert_eq!(language_code("english"), None);
        assert_eq!(language_code(""), None);
        let codes = [
            "en", "en", "de", "en", "fr", "en", "en", "de", "en", "en", "x",
        ];
        assert_eq!(dominant_languages(codes), vec!["en", "de"]);
        assert_eq!(dominant_languages(["fr"]), vec!["fr"]);
        assert!(dominant_languages(Vec::<&str>::new()).is_empty());
    }

    #[test]
    fn dates_parse_as_utc() {
        assert_eq!(
            parse_datetime("2024-05-01T10:30:00.000Z")
                .unwrap()
                .to_rfc3339(),
            "2024-05-01T10:30:00+00:00"
        );
        assert_eq!(
            parse_datetime("2024-05-01T12:30:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2024-05-01T10:30:00+00:00"
        );
        assert_eq!(
            parse_datetime("2021-03-04").unwrap().to_rfc3339(),
            "2021-03-04T00:00:00+00:00"
        );
        assert!(parse_datetime("yesterday").is_none());
    }
}
