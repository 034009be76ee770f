//! Each host's robots.txt and the matcher that flags requests breaking it.

use crate::sim::world::HostKind;

/// Mastodon's stock robots.txt plus two paths a crawler might be tempted by, and an AI-bot
/// block as many instances add.
const MASTODON_ROBOTS: &str = "# See http://www.robotstxt.org/robotstxt.html for documentation on how to use the robots.txt file

User-agent: *
Disallow: /media_proxy/
Disallow: /interact/
Disallow: /api/v1/accounts/*/followers
Disallow: /api/v1/accounts/*/following

User-agent: GPTBot
Disallow: /
";

const MASTODON_RULES: &[&str] = &[
    "/media_proxy/",
    "/interact/",
    "/api/v1/accounts/*/followers",
    "/api/v1/accounts/*/following",
];

/// A creator site keeps drafts and its search out of crawlers' reach.
const SITE_ROBOTS: &str = "User-agent: *
Disallow: /drafts/
Disallow: /search
Allow: /c/
";

const SITE_RULES: &[&str] = &["/drafts/", "/search"];

/// bsky.app's greeting plus the private app pages and the social-graph methods.
const BLUESKY_ROBOTS: &str = "# Hello Friends!
# If you are considering bulk or automated crawling, you may want to look in
# to our protocol (API), including a firehose of updates. See: https://docs.bsky.app/

User-agent: *
Disallow: /settings
Disallow: /messages
Disallow: /xrpc/app.bsky.graph.
";

const BLUESKY_RULES: &[&str] = &["/settings", "/messages", "/xrpc/app.bsky.graph."];

/// A subset of YouTube's robots.txt: search results, comments and internal APIs are off
/// limits; channel pages and feeds are not.
const VIDEO_ROBOTS: &str = "# robots.txt file for the video site
User-agent: Mediapartners-Google*
Disallow:

User-agent: *
Disallow: /api/
Disallow: /comment
Disallow: /get_video
Disallow: /login
Disallow: /results
Disallow: /signup
Disallow: /youtubei/
";

const VIDEO_RULES: &[&str] = &[
    "/api/",
    "/comment",
    "/get_video",
    "/login",
    "/results",
    "/signup",
    "/youtubei/",
];

/// The robots.txt body of a host kind.
pub(super) fn robots_txt(kind: HostKind) -> &'static str {
    match kind {
        HostKind::Mastodon => MASTODON_ROBOTS,
        HostKind::CreatorSite => SITE_ROBOTS,
        HostKind::Bluesky => BLUESKY_ROBOTS,
        HostKind::VideoSite => VIDEO_ROBOTS,
    }
}

fn rules(kind: HostKind) -> &'static [&'static str] {
    match kind {
        HostKind::Mastodon => MASTODON_RULES,
        HostKind::CreatorSite => SITE_RULES,
        HostKind::Bluesky => BLUESKY_RULES,
        HostKind::VideoSite => VIDEO_RULES,
    }
}

/// Whether the `User-agent: *` group of the host's robots.txt disallows this path (with
/// query), using robots.txt prefix matching with `*` wildcards and a `$` end anchor.
pub(super) fn is_disallowed(kind: HostKind, path_and_query: &str) -> bool {
    rules(kind)
        .iter()
        .any(|rule| rule_matches(rule, path_and_query))
}

fn rule_matches(rule: &str, path: &str) -> bool {
    let (pattern, anchored) = match rule.strip_suffix('$') {
        Some(pattern) => (pattern, true),
        None => (rule, false),
    };
    glob(pattern.as_bytes(), path.as_bytes(), anchored)
}

/// Matches `pattern` (with `*` for any run) against a prefix of `text`, or all of it when
/// `anchored`.
fn glob(pattern: &[u8], text: &[u8], anchored: bool) -> bool {
    match pattern.split_first() {
        None => !anchored || text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| glob(rest, &text[skip..], anchored)),
        Some((first, rest)) => text.first() == Some(first) && glob(rest, &text[1..], anchored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_wildcard_rules_match() {
        assert!(is_disallowed(
            HostKind::Mastodon,
            "/interact/123?type=follow"
        ));
        assert!(is_disallowed(
            HostKind::Mastodon,
            "/api/v1/accounts/1097/followers?limit=40"
        ));
        assert!(!is_disallowed(
            HostKind::Mastodon,
            "/api/v1/accounts/1097/statuses"
        ));
        assert!(!is_disallowed(HostKind::Mastodon, "/@alice"));
        assert!(is_disallowed(HostKind::CreatorSite, "/search?q=yoga"));
        assert!(is_disallowed(HostKind::CreatorSite, "/drafts/next-week"));
        assert!(!is_disallowed(HostKind::CreatorSite, "/c/alice?page=2"));
        assert!(!is_disallowed(HostKind::CreatorSite, "/"));
    }

    #[test]
    fn end_anchor_is_honoured() {
        assert!(rule_matches("/*.json$", "/a/b.json"));
        assert!(!rule_matches("/*.json$", "/a/b.json?x=1"));
    }

    #[test]
    fn every_rule_appears_in_the_served_file() {
        for kind in [
            HostKind::Mastodon,
            HostKind::CreatorSite,
            HostKind::Bluesky,
            HostKind::VideoSite,
        ] {
            for rule in rules(kind) {
                assert!(
                    robots_txt(kind).contains(&format!("Disallow: {rule}\n")),
                    "{kind:?} {rule}"
                );
            }
        }
    }

    #[test]
    fn new_hosts_keep_their_feeds_and_apis_open() {
        assert!(!is_disallowed(
            HostKind::Bluesky,
            "/xrpc/app.bsky.feed.getAuthorFeed?actor=a"
        ));
        assert!(is_disallowed(
            HostKind::Bluesky,
            "/xrpc/app.bsky.graph.getFollowers?actor=a"
        ));
        assert!(!is_disallowed(HostKind::Bluesky, "/search?q=yoga"));
        assert!(!is_disallowed(
            HostKind::VideoSite,
            "/feeds/videos.xml?channel_id=UCx"
        ));
        assert!(!is_disallowed(HostKind::VideoSite, "/channel/UCx"));
        assert!(is_disallowed(
            HostKind::VideoSite,
            "/results?search_query=yoga"
        ));
    }
}
