//! Engagement features: the robust engagement rate of a creator, the rate expected for their
//! tier, a quality score comparing the two, and small post statistics (sponsored share,
//! posting cadence). Pure functions over domain types.

use crate::{Platform, Post, Tier};

/// Posts the robust engagement rate looks at, most recent first (about two months of posts
/// for a creator posting a few times a week, as the market's tools do).
pub const RECENT_POSTS: usize = 30;

/// Expected engagement per follower on a photo platform, by tier: medians from HypeAuditor's
/// State of Influencer Marketing 2026 / 2023 (DESIGN §5). Micro is the middle of the published
/// 0.55–1.0% range.
pub const PHOTO_PLATFORM_MEDIAN_RATE: [(Tier, f64); 5] = [
    (Tier::Nano, 0.018),
    (Tier::Micro, 0.008),
    (Tier::Mid, 0.0045),
    (Tier::Macro, 0.0038),
    (Tier::Mega, 0.0033),
];

/// Expected engagement per subscriber on a long-video platform, any tier (Influencer Hero
/// 2024; a weak source, kept flat across tiers as an assumption).
pub const LONG_VIDEO_MEDIAN_RATE: f64 = 0.005;

/// Steepness of the logistic over `ln(rate / expected)`: a creator at 3x the expected rate
/// scores about 0.84, at a third of it about 0.16.
pub const SCORE_STEEPNESS: f64 = 1.5;

/// Ratios to the expected rate above this count as "very good" and no better.
pub const PLATEAU_RATIO: f64 = 3.0;

/// Ratios above this are more often engagement pods or bought likes than quality: the score
/// fades from the plateau back to neutral (0.5) between this and `NEUTRAL_RATIO`.
pub const SUSPICIOUS_RATIO: f64 = 10.0;

/// Ratio at which a suspiciously high rate has faded back to a neutral score.
pub const NEUTRAL_RATIO: f64 = 100.0;

/// Median over the most recent posts (by `published_at`, at most [`RECENT_POSTS`]) of
/// `(likes + comments + shares) / followers`.
///
/// Posts without any public counter are skipped; posts without a date count as older than
/// dated ones. `None` when followers are unknown or zero, or no post has counters.
pub fn robust_engagement_rate(followers: Option<u64>, posts: &[Post]) -> Option<f64> {
    let followers = followers.filter(|count| *count > 0)? as f64;
    let mut usable: Vec<&Post> = posts.iter().filter(|post| has_counters(post)).collect();
    // Stable sort: newest first, undated last in their original order.
    usable.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    let mut rates: Vec<f64> = usable
        .iter()
        .take(RECENT_POSTS)
        .map(|post| interactions(post) as f64 / followers)
        .collect();
    median(&mut rates)
}

/// The engagement rate per follower expected for a creator of this tier on this platform.
///
/// Mastodon, Bluesky and plain web sites have no published benchmarks: they use the photo
/// platform medians (an assumption). YouTube uses [`LONG_VIDEO_MEDIAN_RATE`].
pub fn expected_engagement_rate(platform: Platform, tier: Tier) -> f64 {
    match platform {
        Platform::Youtube => LONG_VIDEO_MEDIAN_RATE,
        Platform::Mastodon | Platform::Bluesky | Platform::Web => PHOTO_PLATFORM_MEDIAN_RATE
            .iter()
            .find(|(candidate, _)| *candidate == tier)
            .map(|(_, rate)| *rate)
            .unwrap_or(LONG_VIDEO_MEDIAN_RATE),
    }
}

/// Engagement quality in [0, 1] from the ratio of the creator's rate to the expected one.
///
/// `score = logistic(SCORE_STEEPNESS * ln(ratio))`, so a creator exactly at the expected rate
/// scores 0.5. The ratio is capped at [`PLATEAU_RATIO`] (≈0.84); beyond [`SUSPICIOUS_RATIO`]
/// the score fades linearly in log-ratio back to 0.5 at [`NEUTRAL_RATIO`], because such rates
/// are a fraud sign rather than a quality one. A zero rate scores 0. `None` when the rate or
/// the follower count (hence the tier) is unknown, or the rate is not a finite non-negative
/// number.
pub fn engagement_score(
    rate: Option<f64>,
    followers: Option<u64>,
    platform: Platform,
) -> Option<f64> {
    let rate = rate.filter(|rate| rate.is_finite() && *rate >= 0.0)?;
    let followers = followers.filter(|count| *count > 0)?;
    let expected = expected_engagement_rate(platform, Tier::from_followers(followers));
    if rate == 0.0 {
        return Some(0.0);
    }
    let ratio = rate / expected;
    let plateau = logistic(SCORE_STEEPNESS * PLATEAU_RATIO.ln());
    let score = if ratio <= PLATEAU_RATIO {
        logistic(SCORE_STEEPNESS * ratio.ln())
    } else if ratio <= SUSPICIOUS_RATIO {
        plateau
    } else {
        let fade = ((ratio / SUSPICIOUS_RATIO).ln() / (NEUTRAL_RATIO / SUSPICIOUS_RATIO).ln())
            .clamp(0.0, 1.0);
        plateau - (plateau - 0.5) * fade
    };
    Some(score.clamp(0.0, 1.0))
}

/// Share of posts carrying a sponsorship marker; `None` without posts.
pub fn sponsored_share(posts: &[Post]) -> Option<f64> {
    if posts.is_empty() {
        return None;
    }
    let sponsored = posts.iter().filter(|post| post.sponsored).count();
    Some(sponsored as f64 / posts.len() as f64)
}

/// Posts per week over the span of the dated posts: `(n - 1) / weeks between the oldest and
/// the newest`. `None` with fewer than two dated posts or when they all share one instant.
pub fn posting_cadence_per_week(posts: &[Post]) -> Option<f64> {
    let mut dates = posts.iter().filter_map(|post| post.published_at);
    let first = dates.next()?;
    let (mut oldest, mut newest, mut count) = (first, first, 1_usize);
    for date in dates {
        oldest = oldest.min(date);
        newest = newest.max(date);
        count += 1;
    }
    let seconds = (newest - oldest).num_seconds();
    if count < 2 || seconds <= 0 {
        return None;
    }
    let weeks = seconds as f64 / (7.0 * 24.0 * 3600.0);
    Some((count - 1) as f64 / weeks)
}

fn has_counters(post: &Post) -> bool {
    post.likes.is_some() || post.comments.is_some() || post.shares.is_some()
}

fn interactions(post: &Post) -> u64 {
    post.likes
        .unwrap_or(0)
        .saturating_add(post.comments.unwrap_or(0))
        .saturating_add(post.shares.unwrap_or(0))
}

/// Median of finite values (mean of the two middle ones for an even count).
fn median(values: &mut [f64]) -> Option<f64> {
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

fn logistic(value: f64) -> f64 {
    1.0 / (1.0 + (-value).exp())
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::CreatorId;

    fn post(day: i64, likes: Option<u64>, comments: Option<u64>, shares: Option<u64>) -> Post {
        Post {
            id: format!("p{day}"),
            creator_id: CreatorId::new(Platform::Mastodon, "alice@social.example"),
            url: format!("https://social.example/@alice/{day}"),
            published_at: Some(
                Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap() + Duration::days(day),
            ),
            text: String::new(),
            hashtags: vec![],
            mentions: vec![],
            media_kind: None,
            language: None,
            likes,
            comments,
            shares,
            views: None,
            sponsored: false,
        }
    }

    #[test]
    fn rate_is_the_median_over_posts_with_counters() {
        let posts = vec![
            post(1, Some(10), Some(0), None),
            post(2, Some(30), None, None),
            post(3, None, None, None), // no counters: skipped, not a zero
            post(4, Some(15), Some(3), Some(2)),
        ];
        // rates 0.010, 0.030, 0.020 → median 0.020
        let rate = robust_engagement_rate(Some(1_000), &posts).unwrap();
        assert!((rate - 0.020).abs() < 1e-12, "{rate}");
    }

    #[test]
    fn rate_uses_only_the_most_recent_posts() {
        let mut posts: Vec<Post> = (0..40)
            .map(|day| post(day, Some(100), None, None))
            .collect();
        // The 30 newest (days 10..40) get 1 like, the 10 oldest keep 100.
        for post in posts.iter_mut().skip(10) {
            post.likes = Some(1);
        }
        posts.reverse();
        let rate = robust_engagement_rate(Some(100), &posts).unwrap();
        assert!((rate - 0.01).abs() < 1e-12, "{rate}");
    }

    #[test]
    fn rate_is_none_without_followers_or_counters() {
        let posts = vec![post(1, Some(10), None, None)];
        assert_eq!(robust_engagement_rate(Some(0), &posts), None);
        assert_eq!(robust_engagement_rate(None, &posts), None);
        assert_eq!(robust_engagement_rate(Some(100), &[]), None);
        assert_eq!(
            robust_engagement_rate(Some(100), &[post(1, None, None, None)]),
            None
        );
    }

    #[test]
    fn even_counts_average_the_middle_pair() {
        let posts = vec![post(1, Some(1), None, None), post(2, Some(3), None, None)];
        assert_eq!(robust_engagement_rate(Some(100), &posts), Some(0.02));
    }

    #[test]
    fn expected_rates_fall_with_tier() {
        let rates: Vec<f64> = Tier::ALL
            .iter()
            .map(|tier| expected_engagement_rate(Platform::Mastodon, *tier))
            .collect();
        assert!(rates.windows(2).all(|pair| pair[0] > pair[1]), "{rates:?}");
        assert_eq!(expected_engagement_rate(Platform::Web, Tier::Nano), 0.018);
        assert_eq!(
            expected_engagement_rate(Platform::Youtube, Tier::Mega),
            LONG_VIDEO_MEDIAN_RATE
        );
    }

    #[test]
    fn score_is_half_at_the_expected_rate_and_caps_suspicious_rates() {
        let followers = Some(5_000); // nano: expected 1.8%
        let at = engagement_score(Some(0.018), followers, Platform::Bluesky).unwrap();
        assert!((at - 0.5).abs() < 1e-9);
        let low = engagement_score(Some(0.006), followers, Platform::Bluesky).unwrap();
        let good = engagement_score(Some(0.054), followers, Platform::Bluesky).unwrap();
        let five_x = engagement_score(Some(0.09), followers, Platform::Bluesky).unwrap();
        let fifty_x = engagement_score(Some(0.9), followers, Platform::Bluesky).unwrap();
        assert!(low < 0.5 && good > 0.8, "{low} {good}");
        assert!((five_x - good).abs() < 1e-9, "plateau above 3x");
        assert!(fifty_x < good && fifty_x > 0.5, "{fifty_x}");
        assert_eq!(
            engagement_score(Some(0.0), followers, Platform::Web),
            Some(0.0)
        );
        assert_eq!(engagement_score(None, followers, Platform::Web), None);
        assert_eq!(engagement_score(Some(0.01), None, Platform::Web), None);
        assert_eq!(
            engagement_score(Some(f64::NAN), followers, Platform::Web),
            None
        );
    }

    #[test]
    fn sponsored_share_and_cadence() {
        let mut posts: Vec<Post> = (0..8).map(|day| post(day, None, None, None)).collect();
        posts[0].sponsored = true;
        posts[3].sponsored = true;
        assert_eq!(sponsored_share(&posts), Some(0.25));
        assert_eq!(sponsored_share(&[]), None);
        // 8 posts one day apart: 7 intervals in one week.
        let cadence = posting_cadence_per_week(&posts).unwrap();
        assert!((cadence - 7.0).abs() < 1e-9, "{cadence}");
        assert_eq!(posting_cadence_per_week(&posts[..1]), None);
        let mut undated = posts[0].clone();
        undated.published_at = None;
        assert_eq!(posting_cadence_per_week(&[undated]), None);
    }
}
