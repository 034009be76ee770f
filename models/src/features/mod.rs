//! Per-creator features from what the crawler stored: the robust engagement rate and its ratio
//! to the tier's expected rate, comment/like ratio, posting cadence, sponsored share, follower
//! growth and spikes from snapshots, and statistics of the audience sample. Pure functions over
//! domain types; `now` is always passed in, so the same inputs give the same features.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use scout_models::features::CreatorFeatures;
//! # use scout_models::{Creator, CreatorId, CreatorRecord, Platform, Provenance};
//! # let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
//! # let id = CreatorId::new(Platform::Mastodon, "alice@social.example");
//! # let record = CreatorRecord {
//! #     creator: Creator {
//! #         id: id.clone(), platform: Platform::Mastodon, handle: "alice".into(), display_name: None,
//! #         bio: None, profile_url: "https://social.example/@alice".into(), avatar_url: None,
//! #         links: vec![], followers: Some(5_000), following: Some(100), post_count: None,
//! #         location: None, languages: vec![], contact_email: None, created_at: None, is_bot: false,
//! #         provenance: Provenance { source_url: String::new(), fetched_at: now, method: "test".into(),
//! #             content_hash: String::new() },
//! #     },
//! #     posts: vec![], audience: vec![],
//! # };
//! let features = CreatorFeatures::compute(&record, &[], now);
//! assert_eq!(features.followers, Some(5_000));
//! assert!(features.engagement_rate.is_none(), "no posts, no rate");
//! ```

mod audience_stats;
mod growth;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::engagement::{self, RECENT_POSTS};
use crate::{CreatorRecord, Platform, Post, Snapshot, Tier};

pub use audience_stats::{
    bot_likeness, has_digit_run, has_few_posts, is_influencer_like, is_mass_following,
    is_new_account, promotional_bio, spam_reply, unliked_reply_counts, unliked_reply_share,
    AudienceStats, BotMarks, SpamReply, BOT_LIKE_THRESHOLD, FEW_POSTS, INFLUENCER_MAX_FOLLOWING,
    INFLUENCER_MIN_FOLLOWERS, MASS_FOLLOWING, MIN_REPLY_LIKES_SHOWN, NEW_ACCOUNT_DAYS,
    TOP_COMMENTERS,
};
pub use growth::{observed_until, FollowerGrowth, FollowerSpike};

/// Everything Scout derives about one creator before any brief is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorFeatures {
    pub platform: Platform,
    /// Followers as last seen (the profile, else the newest snapshot).
    pub followers: Option<u64>,
    pub tier: Option<Tier>,
    /// Median over recent posts of interactions per follower
    /// ([`engagement::robust_engagement_rate`]).
    pub engagement_rate: Option<f64>,
    /// The rate expected for the tier and platform ([`engagement::expected_engagement_rate`]).
    pub expected_engagement_rate: Option<f64>,
    /// `engagement_rate / expected_engagement_rate`: 1 is typical, ≫ 1 suspicious or viral.
    pub engagement_ratio: Option<f64>,
    /// Engagement quality in [0, 1] ([`engagement::engagement_score`]).
    pub engagement_score: Option<f64>,
    /// Σ comments / Σ likes over recent posts with both counters (typically 1–3%).
    pub comment_like_ratio: Option<f64>,
    /// Median views per follower over recent posts with views (video platforms).
    #[serde(default)]
    pub views_per_follower: Option<f64>,
    /// Posts per week over recent posts.
    pub posting_cadence_per_week: Option<f64>,
    /// Share of posts with a sponsorship marker.
    pub sponsored_share: Option<f64>,
    pub last_posted_at: Option<DateTime<Utc>>,
    /// Days from the newest post to `now` (never negative).
    pub days_since_last_post: Option<f64>,
    pub growth: FollowerGrowth,
    pub audience: AudienceStats,
}

impl CreatorFeatures {
    /// Computes the features of `record` with its `snapshots` (any order) as seen at `now`.
    pub fn compute(
        record: &CreatorRecord,
        snapshots: &[Snapshot],
        now: DateTime<Utc>,
    ) -> CreatorFeatures {
        CreatorFeatures::compute_with_marks(
            record,
            snapshots,
            now,
            &BotMarks::of_all(&record.audience),
        )
    }

    /// [`CreatorFeatures::compute`] with the [`BotMarks`] of the record's audience sample
    /// read beforehand (one per sample, in order), for callers that weigh the same profiles
    /// again (the audience estimate).
    pub fn compute_with_marks(
        record: &CreatorRecord,
        snapshots: &[Snapshot],
        now: DateTime<Utc>,
        marks: &[BotMarks],
    ) -> CreatorFeatures {
        let creator = &record.creator;
        let newest_snapshot_followers = snapshots
            .iter()
            .filter(|snapshot| snapshot.followers.is_some())
            .max_by_key(|snapshot| snapshot.taken_at)
            .and_then(|snapshot| snapshot.followers);
        let followers = creator.followers.or(newest_snapshot_followers);
        let tier = followers.map(Tier::from_followers);
        let engagement_rate = engagement::robust_engagement_rate(followers, &record.posts);
        let expected_engagement_rate = tier
            .filter(|_| followers.is_some_and(|count| count > 0))
            .map(|tier| engagement::expected_engagement_rate(creator.platform, tier));
        let engagement_ratio = match (engagement_rate, expected_engagement_rate) {
            (Some(rate), Some(expected)) if expected > 0.0 => Some(rate / expected),
            _ => None,
        };
        let recent = recent_posts(&record.posts);
        let last_posted_at = record
            .posts
            .iter()
            .filter_map(|post| post.published_at)
            .max();
        CreatorFeatures {
            platform: creator.platform,
            followers,
            tier,
            engagement_rate,
            expected_engagement_rate,
            engagement_ratio,
            engagement_score: engagement::engagement_score(
                engagement_rate,
                followers,
                creator.platform,
            ),
            comment_like_ratio: comment_like_ratio(&recent),
            views_per_follower: followers
                .and_then(|count| crate::credibility::views_per_follower(count, &record.posts)),
            posting_cadence_per_week: cadence_per_week(&recent),
            sponsored_share: engagement::sponsored_share(&record.posts),
            last_posted_at,
            days_since_last_post: last_posted_at
                .map(|at| ((now - at).num_seconds() as f64 / 86_400.0).max(0.0)),
            // Windows end at the data's own present (the newest observation).
            growth: FollowerGrowth::compute(
                snapshots,
                followers,
                observed_until(creator.provenance.fetched_at, snapshots, now),
            ),
            // Commenters' account ages as of the newest post seen: the data's own present,
            // which is `now` for a fresh crawl and earlier for an archive or a frozen world.
            audience: AudienceStats::compute_with_marks(
                &record.audience,
                marks,
                &record.posts,
                last_posted_at.map_or(now, |newest| newest.min(now)),
            ),
        }
    }
}

/// The most recent posts (at most [`RECENT_POSTS`]), newest first, undated last.
fn recent_posts(posts: &[Post]) -> Vec<&Post> {
    let mut sorted: Vec<&Post> = posts.iter().collect();
    sorted.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    sorted.truncate(RECENT_POSTS);
    sorted
}

/// Posts per week over the span of the dated posts, as
/// [`engagement::posting_cadence_per_week`] computes it.
fn cadence_per_week(posts: &[&Post]) -> Option<f64> {
    let dates: Vec<DateTime<Utc>> = posts.iter().filter_map(|post| post.published_at).collect();
    let oldest = dates.iter().min()?;
    let newest = dates.iter().max()?;
    let seconds = (*newest - *oldest).num_seconds();
    if dates.len() < 2 || seconds <= 0 {
        return None;
    }
    Some((dates.len() - 1) as f64 / (seconds as f64 / (7.0 * 86_400.0)))
}

/// Σ comments / Σ likes over posts carrying both counters; `None` without likes.
fn comment_like_ratio(posts: &[&Post]) -> Option<f64> {
    let (mut comments, mut likes) = (0_u64, 0_u64);
    for post in posts {
        if let (Some(post_likes), Some(post_comments)) = (post.likes, post.comments) {
            likes = likes.saturating_add(post_likes);
            comments = comments.saturating_add(post_comments);
        }
    }
    (likes > 0).then(|| comments as f64 / likes as f64)
}

/// Median of finite values (mean of the middle pair for an even count).
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        Some(values[middle])
    } else {
        Some((values[middle - 1] + values[middle]) / 2.0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::{AudienceSample, Creator, CreatorId, Provenance};

    pub(crate) fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
    }

    pub(crate) fn creator(followers: Option<u64>) -> Creator {
        let id = CreatorId::new(Platform::Mastodon, "alice@social.example");
        Creator {
            id,
            platform: Platform::Mastodon,
            handle: "alice".into(),
            display_name: Some("Alice".into()),
            bio: None,
            profile_url: "https://social.example/@alice".into(),
            avatar_url: None,
            links: vec![],
            followers,
            following: Some(300),
            post_count: None,
            location: None,
            languages: vec![],
            contact_email: None,
            created_at: None,
            is_bot: false,
            provenance: Provenance {
                source_url: "https://social.example/@alice".into(),
                fetched_at: now(),
                method: "test".into(),
                content_hash: String::new(),
            },
        }
    }

    pub(crate) fn post(days_ago: i64, likes: u64, comments: u64) -> Post {
        Post {
            id: format!("p{days_ago}"),
            creator_id: CreatorId::new(Platform::Mastodon, "alice@social.example"),
            url: format!("https://social.example/@alice/{days_ago}"),
            published_at: Some(now() - Duration::days(days_ago)),
            text: String::new(),
            hashtags: vec![],
            mentions: vec![],
            media_kind: None,
            language: None,
            likes: Some(likes),
            comments: Some(comments),
            shares: None,
            views: None,
            sponsored: false,
        }
    }

    pub(crate) fn sample(handle: &str) -> AudienceSample {
        AudienceSample {
            creator_id: CreatorId::new(Platform::Mastodon, "alice@social.example"),
            handle: handle.into(),
            display_name: None,
            bio: Some("coffee and books".into()),
            location: None,
            language: None,
            text: None,
            followers: Some(120),
            following: Some(250),
            has_avatar: true,
            account_created_at: Some(now() - Duration::days(900)),
            is_bot: false,
            post_id: None,
            reply_likes: None,
            post_count: None,
        }
    }

    #[test]
    fn engagement_features_compare_with_the_tier() {
        let posts: Vec<Post> = (0..10).map(|day| post(day * 2, 90, 2)).collect();
        let record = CreatorRecord {
            creator: creator(Some(5_000)),
            posts,
            audience: vec![],
        };
        let features = CreatorFeatures::compute(&record, &[], now());
        // 92 interactions / 5000 followers = 1.84%, nano expects 1.8%.
        let rate = features.engagement_rate.unwrap();
        assert!((rate - 0.0184).abs() < 1e-9, "{rate}");
        assert_eq!(features.tier, Some(Tier::Nano));
        assert_eq!(features.expected_engagement_rate, Some(0.018));
        assert!((features.engagement_ratio.unwrap() - 0.0184 / 0.018).abs() < 1e-9);
        let ratio = features.comment_like_ratio.unwrap();
        assert!((ratio - 2.0 / 90.0).abs() < 1e-9, "{ratio}");
        // Ten posts two days apart: 9 intervals over 18 days = 3.5 a week.
        let cadence = features.posting_cadence_per_week.unwrap();
        assert!((cadence - 3.5).abs() < 1e-9, "{cadence}");
        assert_eq!(features.last_posted_at, Some(now()));
        assert_eq!(features.days_since_last_post, Some(0.0));
        assert_eq!(features.sponsored_share, Some(0.0));
    }

    #[test]
    fn missing_counts_stay_missing() {
        let record = CreatorRecord {
            creator: creator(None),
            posts: vec![],
            audience: vec![],
        };
        let features = CreatorFeatures::compute(&record, &[], now());
        assert_eq!(features.followers, None);
        assert_eq!(features.tier, None);
        assert_eq!(features.engagement_ratio, None);
        assert_eq!(features.comment_like_ratio, None);
        assert_eq!(features.audience.sample_size, 0);
        assert_eq!(features.audience.no_avatar_share, None);
        assert_eq!(features.growth.largest_spike, None);
    }

    #[test]
    fn followers_fall_back_to_the_newest_snapshot() {
        let record = CreatorRecord {
            creator: creator(None),
            posts: vec![post(1, 10, 1)],
            audience: vec![],
        };
        let snapshot = |days_ago: i64, followers: u64| Snapshot {
            creator_id: record.creator.id.clone(),
            taken_at: now() - Duration::days(days_ago),
            followers: Some(followers),
            following: None,
            post_count: None,
            engagement_rate: None,
        };
        let snapshots = [snapshot(1, 20_000), snapshot(40, 10_000)];
        let features = CreatorFeatures::compute(&record, &snapshots, now());
        assert_eq!(features.followers, Some(20_000));
        assert_eq!(features.tier, Some(Tier::Micro));
        assert!((features.growth.last_30_days.unwrap() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn growth_windows_end_at_the_newest_observation_not_at_now() {
        // Filed from an archive a year and more ago: a month apart, 10,000 → 12,000.
        let mut archived = creator(Some(12_000));
        let observed = now() - Duration::days(400);
        archived.provenance.fetched_at = observed;
        let record = CreatorRecord {
            creator: archived,
            posts: vec![post(401, 10, 1)],
            audience: vec![],
        };
        let snapshot = |at: DateTime<Utc>, followers: u64| Snapshot {
            creator_id: record.creator.id.clone(),
            taken_at: at,
            followers: Some(followers),
            following: None,
            post_count: None,
            engagement_rate: None,
        };
        let snapshots = [
            snapshot(observed - Duration::days(30), 10_000),
            snapshot(observed, 12_000),
        ];
        let features = CreatorFeatures::compute(&record, &snapshots, now());
        assert!((features.growth.last_30_days.unwrap() - 0.2).abs() < 1e-9);
        assert_eq!(features.growth.last_90_days, None);
        // A snapshot newer than the last fetch (an unchanged check) moves the present on;
        // one after `now` does not.
        let checked = observed + Duration::days(20);
        let with_check = [
            snapshots[0].clone(),
            snapshots[1].clone(),
            snapshot(checked, 12_000),
        ];
        assert_eq!(observed_until(observed, &with_check, now()), checked);
        assert_eq!(observed_until(observed, &with_check, observed), observed);
        assert_eq!(observed_until(observed, &[], now()), observed);
    }

    #[test]
    fn median_handles_odd_even_and_empty() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
