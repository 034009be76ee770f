//! The recrawl policy: how often a creator is fetched again (more followers, sooner) and how
//! urgent a frontier item is given what the crawler remembers of it (never seen first, then
//! the most overdue, important creators before small ones). Pure functions.

use std::time::Duration;

use chrono::{DateTime, Utc};
use scout_models::Tier;

use crate::config::CrawlConfig;

/// Priority bonus of an item never fetched before.
const NEW_BONUS: i64 = 40;
/// Priority bonus of an item just due; more overdue items get up to `STALE_MAX_BONUS`.
const STALE_BONUS: i64 = 10;
const STALE_MAX_BONUS: i64 = 30;
/// Priority of an item fetched more recently than its interval allows (it is skipped unless
/// the crawl is forced).
const FRESH_PENALTY: i64 = -20;

/// What the crawl state remembers of an item's last fetch, for scheduling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LastFetch {
    pub fetched_at: DateTime<Utc>,
    pub recrawl_after: Duration,
    pub followers: Option<u64>,
}

/// Recrawl intervals by importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RecrawlPolicy {
    pub min_interval: Duration,
    pub max_interval: Duration,
    pub force: bool,
}

impl RecrawlPolicy {
    pub(crate) fn from_config(config: &CrawlConfig) -> Self {
        RecrawlPolicy {
            min_interval: config.recrawl_min_interval,
            max_interval: config.recrawl_max_interval.max(config.recrawl_min_interval),
            force: config.force_recrawl,
        }
    }

    /// The interval after which a creator is due again: `max_interval` for nano creators (and
    /// unknown counts), `min_interval` for mega creators, evenly in between by tier.
    pub(crate) fn interval(&self, followers: Option<u64>) -> Duration {
        let Some(followers) = followers else {
            return self.max_interval;
        };
        let steps = (Tier::ALL.len() - 1) as u32;
        let rank = Tier::ALL
            .iter()
            .position(|tier| *tier == Tier::from_followers(followers))
            .unwrap_or(0) as u32;
        let span = self.max_interval.saturating_sub(self.min_interval);
        self.max_interval
            .saturating_sub(span.mul_f64(f64::from(rank) / f64::from(steps)))
    }

    /// True when the item was fetched recently enough to be skipped (never when forced).
    pub(crate) fn is_fresh(&self, last: &LastFetch, now: DateTime<Utc>) -> bool {
        if self.force {
            return false;
        }
        let age = (now - last.fetched_at).to_std().unwrap_or(Duration::ZERO);
        age < last.recrawl_after
    }
}

/// The priority bonus of an item given its last fetch: new items first, then stale ones by how
/// overdue they are, fresh ones last; more followers add up to about one point per digit.
pub(crate) fn priority_bonus(last: Option<&LastFetch>, now: DateTime<Utc>) -> i64 {
    let Some(last) = last else {
        return NEW_BONUS;
    };
    let importance = last
        .followers
        .map_or(0, |followers| i64::from(followers.max(1).ilog10()));
    let age = (now - last.fetched_at).to_std().unwrap_or(Duration::ZERO);
    let interval = last.recrawl_after.max(Duration::from_secs(1));
    if age < last.recrawl_after {
        return FRESH_PENALTY + importance;
    }
    let overdue = age.as_secs_f64() / interval.as_secs_f64();
    let extra = (10.0 * overdue.log2()).clamp(0.0, (STALE_MAX_BONUS - STALE_BONUS) as f64);
    STALE_BONUS + extra as i64 + importance
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const DAY: Duration = Duration::from_secs(24 * 3600);

    fn policy(force: bool) -> RecrawlPolicy {
        RecrawlPolicy {
            min_interval: DAY,
            max_interval: DAY * 5,
            force,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap()
    }

    fn fetched(days_ago: i64, followers: Option<u64>) -> LastFetch {
        LastFetch {
            fetched_at: now() - chrono::Duration::days(days_ago),
            recrawl_after: policy(false).interval(followers),
            followers,
        }
    }

    #[test]
    fn bigger_creators_are_due_sooner() {
        let policy = policy(false);
        assert_eq!(policy.interval(None), DAY * 5);
        assert_eq!(policy.interval(Some(500)), DAY * 5);
        assert_eq!(policy.interval(Some(50_000)), DAY * 4);
        assert_eq!(policy.interval(Some(200_000)), DAY * 3);
        assert_eq!(policy.interval(Some(700_000)), DAY * 2);
        assert_eq!(policy.interval(Some(5_000_000)), DAY);
    }

    #[test]
    fn freshness_follows_the_interval_unless_forced() {
        let small_yesterday = fetched(1, Some(500));
        let big_two_days_ago = fetched(2, Some(5_000_000));
        assert!(policy(false).is_fresh(&small_yesterday, now()));
        assert!(!policy(false).is_fresh(&big_two_days_ago, now()));
        assert!(!policy(true).is_fresh(&small_yesterday, now()));
        let from_the_future = LastFetch {
            fetched_at: now() + chrono::Duration::days(3),
            ..small_yesterday
        };
        assert!(policy(false).is_fresh(&from_the_future, now()));
    }

    #[test]
    fn new_then_overdue_then_fresh() {
        let new = priority_bonus(None, now());
        let very_overdue = priority_bonus(Some(&fetched(40, Some(500))), now());
        let just_due = priority_bonus(Some(&fetched(5, Some(500))), now());
        let fresh = priority_bonus(Some(&fetched(1, Some(500))), now());
        assert!(new > very_overdue, "{new} {very_overdue}");
        assert!(very_overdue > just_due, "{very_overdue} {just_due}");
        assert!(just_due > fresh, "{just_due} {fresh}");
        let big_due = priority_bonus(Some(&fetched(5, Some(5_000_000))), now());
        assert!(
            big_due > just_due,
            "importance breaks ties: {big_due} {just_due}"
        );
        assert!(new > big_due);
    }
}
