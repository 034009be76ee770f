//! Small HTML and time formatting helpers shared by the Mastodon and web-page renderers.

use chrono::{DateTime, SecondsFormat, Utc};

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(character),
        }
    }
    out
}

/// Mastodon-style status or bio HTML: paragraphs, `<br />`, hashtag links and an optional
/// leading mention; empty text gives an empty string, as Mastodon sends for empty notes.
pub(super) fn mastodon_html(text: &str, base_url: &str, mention: Option<(&str, &str)>) -> String {
    if text.trim().is_empty() && mention.is_none() {
        return String::new();
    }
    let mut out = String::with_capacity(text.len() * 2 + 64);
    for (position, paragraph) in text.split("\n\n").enumerate() {
        out.push_str("<p>");
        if position == 0 {
            if let Some((url, username)) = mention {
                out.push_str(&format!(
                    "<span class=\"h-card\" translate=\"no\"><a href=\"{}\" class=\"u-url mention\">@<span>{}</span></a></span> ",
                    escape(url),
                    escape(username)
                ));
            }
        }
        let lines: Vec<String> = paragraph
            .split('\n')
            .map(|line| linkify_hashtags(line, base_url))
            .collect();
        out.push_str(&lines.join("<br />"));
        out.push_str("</p>");
    }
    out
}

/// Escapes a line and turns `#tag` into Mastodon's hashtag links.
fn linkify_hashtags(line: &str, base_url: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let characters: Vec<char> = line.chars().collect();
    let mut position = 0;
    while position < characters.len() {
        let character = characters[position];
        let at_boundary = position == 0 || {
            let before = characters[position - 1];
            !before.is_alphanumeric() && before != '_' && before != '&'
        };
        if character == '#' && at_boundary {
            let end = characters[position + 1..]
                .iter()
                .position(|next| !(next.is_alphanumeric() || *next == '_'))
                .map_or(characters.len(), |offset| position + 1 + offset);
            let tag: String = characters[position + 1..end].iter().collect();
            if !tag.is_empty() && tag.chars().any(|c| !c.is_ascii_digit()) {
                out.push_str(&format!(
                    "<a href=\"{}/tags/{}\" class=\"mention hashtag\" rel=\"tag\">#<span>{}</span></a>",
                    base_url,
                    escape(&tag.to_lowercase()),
                    escape(&tag)
                ));
                position = end;
                continue;
            }
        }
        out.push_str(&escape(&character.to_string()));
        position += 1;
    }
    out
}

/// The HTML Mastodon renders for a verified link in a profile field.
pub(super) fn mastodon_link_field(url: &str) -> String {
    let (scheme, rest) = url
        .split_once("://")
        .map_or(("", url), |(scheme, rest)| (scheme, rest));
    format!(
        "<a href=\"{}\" target=\"_blank\" rel=\"nofollow noopener noreferrer me\" translate=\"no\"><span class=\"invisible\">{}://</span><span class=\"\">{}</span><span class=\"invisible\"></span></a>",
        escape(url),
        escape(scheme),
        escape(rest)
    )
}

/// Mastodon timestamps: milliseconds and `Z`.
pub(super) fn mastodon_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Mastodon account `created_at`: the day at midnight.
pub(super) fn mastodon_day(at: DateTime<Utc>) -> String {
    format!("{}T00:00:00.000Z", at.format("%Y-%m-%d"))
}

/// ISO 8601 with an explicit offset, as schema.org dates are usually written.
pub(super) fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Counts as profile pages show them: `987`, `12.3K`, `4.5M`.
pub(super) fn abbreviate(count: u64) -> String {
    match count {
        0..1_000 => count.to_string(),
        1_000..1_000_000 => format!("{:.1}K", count as f64 / 1_000.0),
        _ => format!("{:.1}M", count as f64 / 1_000_000.0),
    }
}

/// Mastodon's attachment path segment: the id zero-padded to 18 digits in groups of three.
pub(super) fn id_path(id: u64) -> String {
    let padded = format!("{id:018}");
    padded
        .as_bytes()
        .chunks(3)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A stable file-name-like hex digest of an id (the SplitMix64 finaliser).
pub(super) fn file_hash(id: u64) -> String {
    let mut mixed = id.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    format!("{:016x}", mixed ^ (mixed >> 31))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_html_has_paragraphs_links_and_escapes() {
        let html = mastodon_html("Leg day <3 #Fitness\nnext\n\n#gym & more", "http://h", None);
        assert_eq!(
            html,
            "<p>Leg day &lt;3 <a href=\"http://h/tags/fitness\" class=\"mention hashtag\" rel=\"tag\">#<span>Fitness</span></a><br />next</p>\
             <p><a href=\"http://h/tags/gym\" class=\"mention hashtag\" rel=\"tag\">#<span>gym</span></a> &amp; more</p>"
        );
        assert_eq!(mastodon_html("  ", "http://h", None), "");
        let reply = mastodon_html("nice", "http://h", Some(("http://h/@ana", "ana")));
        assert!(reply.starts_with("<p><span class=\"h-card\""));
        assert!(reply.contains("@<span>ana</span>"));
    }

    #[test]
    fn times_and_counts_format_like_the_real_thing() {
        let at = DateTime::from_timestamp_millis(1_748_736_000_123).unwrap_or_default();
        assert_eq!(mastodon_time(at), "2025-06-01T00:00:00.123Z");
        assert_eq!(mastodon_day(at), "2025-06-01T00:00:00.000Z");
        assert_eq!(iso(at), "2025-06-01T00:00:00+00:00");
        assert_eq!(abbreviate(12_345), "12.3K");
        assert_eq!(abbreviate(999), "999");
        assert_eq!(id_path(110_528_637_375_951_012), "110/528/637/375/951/012");
    }

    #[test]
    fn link_fields_keep_the_url() {
        let html = mastodon_link_field("http://127.0.0.1:8081/c/ana");
        assert!(html.contains("href=\"http://127.0.0.1:8081/c/ana\""));
        assert!(html.contains("rel=\"nofollow noopener noreferrer me\""));
    }
}
