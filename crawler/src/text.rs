//! Pure text helpers shared by the sources: HTML to plain text, e-mail, hashtag and mention
//! spotting, sponsorship markers, language codes and dates.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;
use scraper::{ElementRef, Html, Node};

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
/// `<br>` becomes a line break, block elements become paragraphs, whitespace is collapsed.
pub(crate) fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy(html);
    }
    let fragment = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    collect_text(fragment.root_element(), &mut out);
    tidy(&out)
}

fn collect_text(element: ElementRef<'_>, out: &mut String) {
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
                let block = matches!(
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
                );
                if block {
                    out.push_str("\n\n");
                }
                if let Some(child_ref) = ElementRef::wrap(child) {
                    collect_text(child_ref, out);
                }
                if block {
                    out.push_str("\n\n");
                }
            }
            _ => {}
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
        SPONSORED_HASHTAGS
            .iter()
            .any(|marker| tag.eq_ignore_ascii_case(marker) || tag.to_lowercase() == *marker)
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
    use super::*;

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
