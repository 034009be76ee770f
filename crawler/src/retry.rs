//! When to try a request again and how long to wait: which failures are transient, exponential
//! backoff with jitter driven by the host's failure streak, and `Retry-After` as a floor.
//! Pure functions; `session.rs` applies them.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::config::CrawlConfig;

/// The retry settings of a run, taken from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub max_retry_after: Duration,
    pub host_failure_limit: u32,
}

impl RetryPolicy {
    pub(crate) fn from_config(config: &CrawlConfig) -> Self {
        RetryPolicy {
            max_attempts: config.max_attempts.max(1),
            base_delay: config.retry_base_delay,
            max_delay: config.retry_max_delay.max(config.retry_base_delay),
            max_retry_after: config.max_retry_after,
            host_failure_limit: config.host_failure_limit.max(1),
        }
    }

    /// The wait after the host's `failures`-th consecutive failure: `base · 2^(failures-1)`,
    /// capped, then "equal jitter" (uniformly in its upper half) so that clients spread out.
    /// `unit` is a random number in `[0, 1]`.
    pub(crate) fn backoff(&self, failures: u32, unit: f64) -> Duration {
        let exponent = failures.saturating_sub(1).min(30);
        let full = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            1.0
        };
        full.div_f64(2.0) + full.div_f64(2.0).mul_f64(unit)
    }

    /// How long to wait before the next attempt: the backoff, or the server's `Retry-After`
    /// when that is longer.
    pub(crate) fn wait(&self, failures: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
        let backoff = self.backoff(failures, unit);
        match retry_after {
            Some(asked) => backoff.max(asked.min(self.max_retry_after)),
            None => backoff,
        }
    }
}

/// Statuses worth another attempt: request timeout, too early, rate limited, and server
/// errors other than "not implemented" / "version not supported".
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429)
        || ((500..600).contains(&status) && !matches!(status, 501 | 505))
}

/// Reads `Retry-After`: delay-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime). A date
/// in the past means "now".
pub(crate) fn parse_retry_after(raw: &str, now: DateTime<Utc>) -> Option<Duration> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if raw.bytes().all(|byte| byte.is_ascii_digit()) {
        return raw.parse::<u64>().ok().map(Duration::from_secs);
    }
    let date = parse_http_date(raw)?;
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
}

/// An HTTP-date in any of the three forms RFC 9110 asks recipients to accept.
pub(crate) fn parse_http_date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(date) = DateTime::parse_from_rfc2822(raw) {
        return Some(date.with_timezone(&Utc));
    }
    // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
    if let Some((_, rest)) = raw.split_once(", ") {
        let rest = rest.trim_end_matches(" GMT");
        if let Ok(naive) = NaiveDateTime::parse_from_str(rest, "%d-%b-%y %H:%M:%S") {
            return Some(naive.and_utc());
        }
    }
    // asctime: `Sun Nov  6 08:49:37 1994`.
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    NaiveDateTime::parse_from_str(&collapsed, "%a %b %e %H:%M:%S %Y")
        .ok()
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            host_failure_limit: 8,
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = policy();
        assert_eq!(policy.backoff(1, 1.0), Duration::from_millis(500));
        assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(250));
        assert_eq!(policy.backoff(2, 1.0), Duration::from_secs(1));
        assert_eq!(policy.backoff(3, 0.5), Duration::from_millis(1500));
        assert_eq!(policy.backoff(12, 1.0), Duration::from_secs(30));
        assert_eq!(policy.backoff(u32::MAX, 1.0), Duration::from_secs(30));
        assert_eq!(policy.backoff(1, f64::NAN), Duration::from_millis(500));
        for failures in 1..20 {
            let low = policy.backoff(failures, 0.0);
            let high = policy.backoff(failures, 1.0);
            assert!(low <= high && high <= policy.max_delay);
            assert_eq!(high.as_millis(), low.as_millis() * 2);
        }
    }

    #[test]
    fn retry_after_is_a_floor_up_to_its_cap() {
        let policy = policy();
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(3)), 1.0),
            Duration::from_secs(3)
        );
        assert_eq!(policy.wait(1, None, 1.0), Duration::from_millis(500));
        assert_eq!(
            policy.wait(1, Some(Duration::ZERO), 1.0),
            Duration::from_millis(500)
        );
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(3600)), 1.0),
            Duration::from_secs(120)
        );
    }

    #[test]
    fn transient_statuses() {
        for status in [408, 425, 429, 500, 502, 503, 504, 520] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [200, 301, 304, 400, 403, 404, 410, 501, 505] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn retry_after_in_seconds_and_every_date_form() {
        let now = Utc.with_ymd_and_hms(1994, 11, 6, 8, 49, 30).unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        let seven = Some(Duration::from_secs(7));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            seven
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            seven
        );
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994", now), seven);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("99999999999999999999999", now), None);
    }
}
