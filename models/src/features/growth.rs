//! Follower growth over fixed windows and the largest follower spike between consecutive
//! snapshots, weighed against how interactions moved over the same step: bought followers
//! arrive in a jump that the creator's likes and comments do not follow.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::Snapshot;

/// A window's base snapshot must lie within this share of the window from its start: a
/// 30-day growth is measured from a snapshot 15 to 45 days old, never from one a year old.
const WINDOW_TOLERANCE: f64 = 0.5;

/// Relative follower growth (`0.1` = +10%) over three windows, and the largest spike.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowerGrowth {
    pub last_30_days: Option<f64>,
    pub last_90_days: Option<f64>,
    pub last_180_days: Option<f64>,
    /// The consecutive pair of snapshots where followers outgrew interactions the most.
    pub largest_spike: Option<FollowerSpike>,
}

/// One step between consecutive snapshots with follower growth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowerSpike {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Relative follower growth over the step (`1.0` = doubled).
    pub follower_growth: f64,
    /// Relative growth of interactions (engagement rate × followers) over the step, when both
    /// snapshots recorded a rate.
    pub interaction_growth: Option<f64>,
    /// `ln(followers_to / followers_from) - max(0, ln(interactions_to / interactions_from))`:
    /// log-growth of followers not matched by interactions (the whole log-growth when
    /// interactions are unknown). 0.69 is a doubling of followers with flat interactions.
    pub excess_log_growth: f64,
}

impl FollowerGrowth {
    /// Growth up to `current_followers` (the profile's count, else the newest snapshot's) at
    /// `now`, from `snapshots` in any order. Snapshots after `now` are ignored.
    pub fn compute(
        snapshots: &[Snapshot],
        current_followers: Option<u64>,
        now: DateTime<Utc>,
    ) -> FollowerGrowth {
        let mut series: Vec<&Snapshot> = snapshots
            .iter()
            .filter(|snapshot| snapshot.taken_at <= now && snapshot.followers.is_some())
            .collect();
        series.sort_by_key(|snapshot| snapshot.taken_at);
        let current = current_followers.or_else(|| series.last().and_then(|s| s.followers));
        let growth_over = |days: i64| window_growth(&series, current, now, days);
        FollowerGrowth {
            last_30_days: growth_over(30),
            last_90_days: growth_over(90),
            last_180_days: growth_over(180),
            largest_spike: largest_spike(&series),
        }
    }
}

/// The present of a creator's data: the newest of its last fetch (`fetched_at`) and its
/// snapshots, never after `now`. Growth windows end there: the profile's follower count is as
/// of then, and a store filed from an archive (or a creator not crawled lately) holds no
/// counts of the days since, so windows ending at `now` would find no base snapshot.
pub fn observed_until(
    fetched_at: DateTime<Utc>,
    snapshots: &[Snapshot],
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    snapshots
        .iter()
        .map(|snapshot| snapshot.taken_at)
        .fold(fetched_at, DateTime::max)
        .min(now)
}

/// `current / base - 1` where base is the snapshot nearest to `now - days` within the
/// tolerance; `None` without such a snapshot or with a zero base.
fn window_growth(
    series: &[&Snapshot],
    current: Option<u64>,
    now: DateTime<Utc>,
    days: i64,
) -> Option<f64> {
    let current = current? as f64;
    let target = now - Duration::days(days);
    let tolerance_seconds = (days as f64 * WINDOW_TOLERANCE * 86_400.0) as i64;
    let base = series
        .iter()
        .filter(|snapshot| (snapshot.taken_at - target).num_seconds().abs() <= tolerance_seconds)
        .min_by_key(|snapshot| (snapshot.taken_at - target).num_seconds().abs())?;
    let base_followers = base.followers.filter(|count| *count > 0)? as f64;
    Some(current / base_followers - 1.0)
}

fn largest_spike(series: &[&Snapshot]) -> Option<FollowerSpike> {
    let mut best: Option<FollowerSpike> = None;
    for pair in series.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        let (Some(from), Some(to)) = (before.followers, after.followers) else {
            continue;
        };
        if from == 0 || to <= from {
            continue;
        }
        let follower_log_growth = (to as f64 / from as f64).ln();
        let interactions = |snapshot: &Snapshot, followers: u64| {
            snapshot
                .engagement_rate
                .filter(|rate| rate.is_finite() && *rate > 0.0)
                .map(|rate| rate * followers as f64)
        };
        let interaction_log_growth = match (interactions(before, from), interactions(after, to)) {
            (Some(earlier), Some(later)) => Some((later / earlier).ln()),
            _ => None,
        };
        let excess = follower_log_growth - interaction_log_growth.unwrap_or(0.0).max(0.0);
        if best
            .as_ref()
            .is_none_or(|current| excess > current.excess_log_growth)
        {
            best = Some(FollowerSpike {
                from: before.taken_at,
                to: after.taken_at,
                follower_growth: follower_log_growth.exp() - 1.0,
                interaction_growth: interaction_log_growth.map(|growth| growth.exp() - 1.0),
                excess_log_growth: excess,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tests::now;
    use crate::{CreatorId, Platform};

    fn snapshot(days_ago: i64, followers: u64, rate: Option<f64>) -> Snapshot {
        Snapshot {
            creator_id: CreatorId::new(Platform::Bluesky, "alice.example"),
            taken_at: now() - Duration::days(days_ago),
            followers: Some(followers),
            following: None,
            post_count: None,
            engagement_rate: rate,
        }
    }

    #[test]
    fn windows_use_the_snapshot_nearest_their_start() {
        let snapshots = [
            snapshot(200, 5_000, None),
            snapshot(95, 8_000, None),
            snapshot(28, 9_000, None),
            snapshot(0, 10_000, None),
        ];
        let growth = FollowerGrowth::compute(&snapshots, Some(10_000), now());
        assert!((growth.last_30_days.unwrap() - (10_000.0 / 9_000.0 - 1.0)).abs() < 1e-9);
        assert!((growth.last_90_days.unwrap() - 0.25).abs() < 1e-9);
        assert!((growth.last_180_days.unwrap() - 1.0).abs() < 1e-9);
        // Nothing within 15..45 days of a 30-day window: no 30-day figure.
        let sparse = [snapshot(300, 1_000, None), snapshot(2, 1_100, None)];
        let growth = FollowerGrowth::compute(&sparse, Some(1_100), now());
        assert_eq!(growth.last_30_days, None);
        assert_eq!(growth.last_180_days, None);
    }

    #[test]
    fn a_spike_without_engagement_beats_organic_growth() {
        // Organic: followers +10% with interactions +10%. Bought: followers ×3, the rate
        // falls to a third, so interactions stay flat.
        let snapshots = [
            snapshot(60, 10_000, Some(0.02)),
            snapshot(45, 11_000, Some(0.02)),
            snapshot(30, 33_000, Some(0.02 / 3.0)),
            snapshot(15, 34_000, Some(0.0066)),
        ];
        let growth = FollowerGrowth::compute(&snapshots, None, now());
        let spike = growth.largest_spike.unwrap();
        assert_eq!(spike.from, now() - Duration::days(45));
        assert!((spike.follower_growth - 2.0).abs() < 1e-9);
        assert!(spike.interaction_growth.unwrap().abs() < 1e-9);
        assert!((spike.excess_log_growth - 3.0_f64.ln()).abs() < 1e-9);
    }

    #[test]
    fn growth_with_matching_engagement_has_no_excess() {
        let snapshots = [
            snapshot(20, 10_000, Some(0.02)),
            snapshot(10, 20_000, Some(0.02)),
        ];
        let spike = FollowerGrowth::compute(&snapshots, None, now())
            .largest_spike
            .unwrap();
        assert!(spike.excess_log_growth.abs() < 1e-9);
        let shrinking = [snapshot(20, 10_000, None), snapshot(10, 9_000, None)];
        assert_eq!(
            FollowerGrowth::compute(&shrinking, None, now()).largest_spike,
            None
        );
    }
}
