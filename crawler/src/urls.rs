//! URL handling: seed parsing, normalisation for dedup, host keys and canonical web ids.

use url::Url;

/// Parses a seed: trims it, adds `https://` when no scheme is given, accepts only http(s) URLs
/// with a host, and normalises the result.
pub(crate) fn parse_seed(raw: &str) -> Result<Url, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("empty seed".to_string());
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|error| format!("invalid url: {error}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("unsupported scheme {}", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("url has no host".to_string());
    }
    Ok(normalize(&url))
}

/// The dedup form of a URL: lower-case host and no default port (both done by `url`), no
/// fragment, query parameters sorted, an empty query removed.
pub(crate) fn normalize(url: &Url) -> Url {
    let mut normalized = url.clone();
    normalized.set_fragment(None);
    let mut pairs: Vec<(String, String)> = normalized
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    if pairs.is_empty() {
        normalized.set_query(None);
    } else {
        pairs.sort();
        normalized.query_pairs_mut().clear().extend_pairs(pairs);
    }
    normalized
}

/// The politeness key of a URL: `host:port` (port made explicit).
pub(crate) fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// `scheme://host[:port]` of a URL, without a trailing slash.
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// True when both URLs are on the same host and port.
pub(crate) fn same_host(a: &Url, b: &Url) -> bool {
    host_key(a) == host_key(b)
}

/// The account name of a Mastodon-style profile URL: path `/@NAME` with no further slash.
pub(crate) fn mastodon_profile_name(url: &Url) -> Option<String> {
    let name = url.path().strip_prefix("/@")?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    let decoded = percent_decode(name);
    let valid = decoded
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'));
    valid.then_some(decoded)
}

/// The actor of a Bluesky-style profile URL, path `/profile/ACTOR`: a handle (a domain name,
/// lower-cased) or a DID (`did:plc:…`, `did:web:…`).
pub(crate) fn bluesky_profile_actor(url: &Url) -> Option<String> {
    let rest = url.path().strip_prefix("/profile/")?;
    let actor = percent_decode(rest.trim_end_matches('/'));
    if actor.contains('/') {
        return None;
    }
    if let Some(method) = actor.strip_prefix("did:") {
        let valid = method.split_once(':').is_some_and(|(kind, id)| {
            !kind.is_empty()
                && kind.chars().all(|c| c.is_ascii_lowercase())
                && !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '%' | '-'))
        });
        return valid.then_some(actor);
    }
    is_domain_handle(&actor).then(|| actor.to_ascii_lowercase())
}

/// A handle in the AT Protocol's syntax: two or more DNS labels, the last not numeric.
fn is_domain_handle(handle: &str) -> bool {
    let labels: Vec<&str> = handle.split('.').collect();
    labels.len() >= 2
        && handle.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// The query of a Bluesky-style search URL, `/search?q=TERM`.
pub(crate) fn bluesky_search_query(url: &Url) -> Option<String> {
    if url.path().trim_end_matches('/') != "/search" {
        return None;
    }
    url.query_pairs()
        .find(|(key, _)| key == "q")
        .and_then(|(_, value)| crate::text::non_empty(&value))
}

/// The channel id of a YouTube-style channel URL, path `/channel/UC…` (optionally followed by
/// a tab such as `/videos`).
pub(crate) fn youtube_channel_id(url: &Url) -> Option<String> {
    let mut segments = url.path_segments()?;
    if segments.next()? != "channel" {
        return None;
    }
    let id = segments.next()?;
    let valid = id.len() >= 12
        && id.len() <= 64
        && id.starts_with("UC")
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    valid.then(|| id.to_string())
}

/// The handle part of a `web:` creator id: host without `www.` (port kept when not default),
/// path without trailing slash, query kept; no scheme, no fragment.
pub(crate) fn canonical_web_handle(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut handle = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    handle.push_str(url.path().trim_end_matches('/'));
    if let Some(query) = url.query().filter(|query| !query.is_empty()) {
        handle.push('?');
        handle.push_str(query);
    }
    handle
}

/// Resolves an `href` against a base URL, keeping only http(s) results.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("javascript:") || href.starts_with("mailto:") {
        return None;
    }
    let url = base.join(href).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = bytes
                .get(index + 1..index + 3)
                .and_then(|pair| std::str::from_utf8(pair).ok());
            if let Some(value) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                decoded.push(value);
                index += 3;
                continue;
            }
        }
        decoded.push(byte);
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(raw: &str) -> Url {
        Url::parse(raw).unwrap()
    }

    #[test]
    fn normalize_lowercases_host_sorts_query_drops_fragment_and_default_port() {
        let normalized = normalize(&url("HTTPS://Social.Example:443/@Alice?b=2&a=1#top"));
        assert_eq!(normalized.as_str(), "https://social.example/@Alice?a=1&b=2");
        let normalized = normalize(&url("http://example.com:80/x?"));
        assert_eq!(normalized.as_str(), "http://example.com/x");
        let normalized = normalize(&url("http://127.0.0.1:8080/p"));
        assert_eq!(normalized.as_str(), "http://127.0.0.1:8080/p");
    }

    #[test]
    fn seeds_get_a_scheme_and_bad_ones_are_rejected() {
        assert_eq!(
            parse_seed(" social.example/@alice ").unwrap().as_str(),
            "https://social.example/@alice"
        );
        assert!(parse_seed("").is_err());
        assert!(parse_seed("ftp://example.com/x").is_err());
        assert!(parse_seed("http://").is_err());
        assert!(parse_seed("http://exa mple.com").is_err());
    }

    #[test]
    fn host_keys_include_the_port() {
        assert_eq!(host_key(&url("https://a.example/x")), "a.example:443");
        assert_eq!(host_key(&url("http://127.0.0.1:9000/")), "127.0.0.1:9000");
        assert!(same_host(
            &url("http://a.example/x"),
            &url("http://A.example:80/y")
        ));
        assert!(!same_host(
            &url("http://a.example/x"),
            &url("https://a.example/x")
        ));
        assert_eq!(
            origin(&url("http://127.0.0.1:9000/a/b")),
            "http://127.0.0.1:9000"
        );
    }

    #[test]
    fn mastodon_profile_paths_are_recognised() {
        assert_eq!(
            mastodon_profile_name(&url("https://social.example/@alice")).as_deref(),
            Some("alice")
        );
        assert_eq!(
            mastodon_profile_name(&url("https://social.example/@bob@other.example")).as_deref(),
            Some("bob@other.example")
        );
        assert_eq!(
            mastodon_profile_name(&url("https://social.example/@alice/123")),
            None
        );
        assert_eq!(
            mastodon_profile_name(&url("https://social.example/@")),
            None
        );
        assert_eq!(
            mastodon_profile_name(&url("https://social.example/alice")),
            None
        );
    }

    #[test]
    fn bluesky_and_youtube_paths_are_recognised() {
        let actor = |raw: &str| bluesky_profile_actor(&url(raw));
        assert_eq!(
            actor("https://bsky.app/profile/Alice.bsky.social").as_deref(),
            Some("alice.bsky.social")
        );
        assert_eq!(
            actor("http://127.0.0.1:9/profile/did:plc:z72i7hdynmk6r22z27h6tvur/").as_deref(),
            Some("did:plc:z72i7hdynmk6r22z27h6tvur")
        );
        assert_eq!(actor("https://bsky.app/profile/alice"), None);
        assert_eq!(actor("https://bsky.app/profile/a.b/post/3k"), None);
        assert_eq!(actor("https://bsky.app/profile/-a.example"), None);
        assert_eq!(actor("https://bsky.app/profile/a.123"), None);
        assert_eq!(actor("https://bsky.app/profile/did:"), None);
        assert_eq!(actor("https://bsky.app/user/alice.bsky.social"), None);
        assert_eq!(
            bluesky_search_query(&url("https://bsky.app/search?q=latte+art")).as_deref(),
            Some("latte art")
        );
        assert_eq!(
            bluesky_search_query(&url("https://bsky.app/search?q=")),
            None
        );
        assert_eq!(
            bluesky_search_query(&url("https://bsky.app/find?q=x")),
            None
        );
        assert_eq!(
            youtube_channel_id(&url(
                "https://www.youtube.com/channel/UCBR8-60-B28hp2BmDPdntcQ"
            ))
            .as_deref(),
            Some("UCBR8-60-B28hp2BmDPdntcQ")
        );
        assert_eq!(
            youtube_channel_id(&url(
                "http://127.0.0.1:9/channel/UCBR8-60-B28hp2BmDPdntcQ/videos"
            ))
            .as_deref(),
            Some("UCBR8-60-B28hp2BmDPdntcQ")
        );
        assert_eq!(
            youtube_channel_id(&url("https://www.youtube.com/channel/UC")),
            None
        );
        assert_eq!(
            youtube_channel_id(&url("https://www.youtube.com/channel/XYBR8-60-B28hp2")),
            None
        );
        assert_eq!(
            youtube_channel_id(&url("https://www.youtube.com/@alice")),
            None
        );
    }

    #[test]
    fn canonical_web_handles_drop_scheme_www_and_trailing_slash() {
        assert_eq!(
            canonical_web_handle(&url("https://www.Studio.Sim.example/c/alice/")),
            "studio.sim.example/c/alice"
        );
        assert_eq!(
            canonical_web_handle(&url("http://127.0.0.1:8080/c/bob")),
            "127.0.0.1:8080/c/bob"
        );
        assert_eq!(
            canonical_web_handle(&url("https://example.com/")),
            "example.com"
        );
    }

    #[test]
    fn resolve_keeps_http_links_only() {
        let base = url("https://example.com/dir/page");
        assert_eq!(
            resolve(&base, "../c/alice").unwrap().as_str(),
            "https://example.com/c/alice"
        );
        assert!(resolve(&base, "mailto:a@b.example").is_none());
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "ftp://example.com/f").is_none());
    }

    #[test]
    fn percent_decoding_is_lossless_for_ascii_and_safe_on_truncation() {
        assert_eq!(percent_decode("al%69ce"), "alice");
        assert_eq!(percent_decode("bad%"), "bad%");
        assert_eq!(percent_decode("bad%4"), "bad%4");
    }
}
