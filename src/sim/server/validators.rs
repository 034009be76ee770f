//! HTTP validators on every successful answer: a strong `ETag` from a hash of the body and a
//! `Last-Modified`, and `304 Not Modified` for `If-None-Match` / `If-Modified-Since`
//! (RFC 9110 §13: `If-None-Match` wins when both are sent).

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// When a response's content last changed; handlers attach it as a response extension, and
/// answers without one fall back to the world's "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LastModified(pub(super) DateTime<Utc>);

/// A strong entity tag: the first 128 bits of the body's SHA-256, quoted.
pub(super) fn strong_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// An IMF-fixdate, as `Last-Modified` is written.
pub(super) fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn parse_http_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// Whether an `If-None-Match` list matches `etag` (weak comparison, `*` matches anything).
fn none_match_hits(if_none_match: &str, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == bare)
}

/// Whether a GET with these conditional headers gets `304 Not Modified`.
pub(super) fn not_modified(
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
    etag: &str,
    last_modified: DateTime<Utc>,
) -> bool {
    if let Some(list) = if_none_match {
        return none_match_hits(list, etag);
    }
    if_modified_since
        .and_then(parse_http_date)
        .is_some_and(|since| last_modified.timestamp() <= since.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_strong_and_change_with_the_body() {
        let etag = strong_etag(b"hello");
        assert_eq!(etag.len(), 34);
        assert!(etag.starts_with('"') && etag.ends_with('"'));
        assert_ne!(etag, strong_etag(b"hello!"));
        assert_eq!(etag, strong_etag(b"hello"));
    }

    #[test]
    fn conditions_follow_rfc_9110() {
        let at = DateTime::from_timestamp(1_748_736_000, 0).unwrap_or_default();
        let date = http_date(at);
        assert_eq!(date, "Sun, 01 Jun 2025 00:00:00 GMT");
        let etag = "\"abc\"";
        assert!(not_modified(Some("\"abc\""), None, etag, at));
        assert!(not_modified(Some("\"x\", W/\"abc\""), None, etag, at));
        assert!(not_modified(Some("*"), None, etag, at));
        assert!(
            !not_modified(Some("\"x\""), Some(&date), etag, at),
            "ETag wins"
        );
        assert!(not_modified(None, Some(&date), etag, at));
        let earlier = http_date(at - chrono::Duration::seconds(1));
        assert!(!not_modified(None, Some(&earlier), etag, at));
        assert!(!not_modified(None, Some("not a date"), etag, at));
        assert!(!not_modified(None, None, etag, at));
    }
}
