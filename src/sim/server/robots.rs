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

/// The robots.txt body of a host kind.
pub(super) fn robots_txt(kind: HostKind) -> &'static str {
    match kind {
        HostKind::Mastodon => MASTODON_ROBOTS,
        HostKind::CreatorSite => SITE_ROBOTS,
    }
}

/// Whether the `User-agent: *` group of the host's robots.txt disallows this path (with
/// query), using robots.txt prefix matching with `*` wildcards and a `$` end anchor.
pub(super) fn is_disallowed(kind: HostKind, path_and_query: &str) -> bool {
    let rules = match kind {
        HostKind::Mastodon => MASTODON_RULES,
        HostKind::CreatorSite => SITE_RULES,
    };
    rules.iter().any(|rule| rule_matches(rule, path_and_query))
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
        for rule in MASTODON_RULES {
            assert!(robots_txt(HostKind::Mastodon).contains(&format!("Disallow: {rule}\n")));
        }
        for rule in SITE_RULES {
            assert!(robots_txt(HostKind::CreatorSite).contains(&format!("Disallow: {rule}\n")));
        }
    }
}
