//! robots.txt decisions: how a robots.txt response becomes a policy (pure), and what the
//! policy allows.

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// What one host allows this crawler to fetch.
#[derive(Debug)]
pub(crate) enum RobotsPolicy {
    /// No robots.txt (4xx): everything is allowed.
    AllowAll,
    /// robots.txt unreachable or failing (5xx, 429, network): nothing is fetched, for safety.
    DisallowAll { reason: String },
    /// A parsed robots.txt.
    Rules(Box<Robot>),
}

impl RobotsPolicy {
    /// Builds the policy from a robots.txt fetch: `Ok(status, body)` or `Err(reason)` when the
    /// host could not be reached.
    pub(crate) fn from_fetch(agent: &str, outcome: Result<(u16, &[u8]), String>) -> RobotsPolicy {
        match outcome {
            Err(reason) => RobotsPolicy::DisallowAll {
                reason: format!("robots.txt unreachable: {reason}"),
            },
            Ok((status, body)) if (200..300).contains(&status) => match Robot::new(agent, body) {
                Ok(robot) => RobotsPolicy::Rules(Box::new(robot)),
                Err(error) => RobotsPolicy::DisallowAll {
                    reason: format!("robots.txt unparseable: {error}"),
                },
            },
            Ok((429, _)) => RobotsPolicy::DisallowAll {
                reason: "robots.txt answered 429".to_string(),
            },
            Ok((status, _)) if (400..500).contains(&status) => RobotsPolicy::AllowAll,
            Ok((status, _)) => RobotsPolicy::DisallowAll {
                reason: format!("robots.txt answered {status}"),
            },
        }
    }

    /// Whether the URL may be fetched.
    pub(crate) fn allows(&self, url: &Url) -> bool {
        match self {
            RobotsPolicy::AllowAll => true,
            RobotsPolicy::DisallowAll { .. } => false,
            RobotsPolicy::Rules(robot) => robot.allowed(url.as_str()),
        }
    }

    /// The `Crawl-delay` for this agent, capped.
    pub(crate) fn crawl_delay(&self, cap: Duration) -> Option<Duration> {
        let RobotsPolicy::Rules(robot) = self else {
            return None;
        };
        let seconds = robot.delay?;
        if !seconds.is_finite() || seconds <= 0.0 {
            return None;
        }
        Some(Duration::from_secs_f32(seconds).min(cap))
    }
}

/// The robots.txt URL of the host of `url`.
pub(crate) fn robots_url(url: &Url) -> Option<Url> {
    url.join("/robots.txt").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str =
        "User-agent: *\nDisallow: /private\nCrawl-delay: 2\n\nUser-agent: OtherBot\nDisallow: /\n";

    fn url(raw: &str) -> Url {
        Url::parse(raw).unwrap()
    }

    #[test]
    fn rules_are_applied_to_our_agent() {
        let policy = RobotsPolicy::from_fetch("ScoutBot", Ok((200, TXT.as_bytes())));
        assert!(policy.allows(&url("http://h.example/c/alice")));
        assert!(!policy.allows(&url("http://h.example/private/page")));
        assert_eq!(
            policy.crawl_delay(Duration::from_secs(60)),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.crawl_delay(Duration::from_secs(1)),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn missing_robots_allows_and_failing_robots_disallows() {
        let missing = RobotsPolicy::from_fetch("ScoutBot", Ok((404, b"".as_slice())));
        assert!(missing.allows(&url("http://h.example/anything")));
        assert_eq!(missing.crawl_delay(Duration::from_secs(60)), None);
        let broken = RobotsPolicy::from_fetch("ScoutBot", Ok((503, b"".as_slice())));
        assert!(!broken.allows(&url("http://h.example/")));
        let limited = RobotsPolicy::from_fetch("ScoutBot", Ok((429, b"".as_slice())));
        assert!(!limited.allows(&url("http://h.example/")));
        let unreachable = RobotsPolicy::from_fetch("ScoutBot", Err("connection refused".into()));
        assert!(!unreachable.allows(&url("http://h.example/")));
    }

    #[test]
    fn robots_url_is_at_the_root() {
        assert_eq!(
            robots_url(&url("http://127.0.0.1:8080/a/b?c=d"))
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8080/robots.txt"
        );
    }
}
