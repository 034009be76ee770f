//! The Bluesky-like and video platforms: how accounts there differ from the photo-platform
//! defaults (handles, engagement, cadence, audiences).

/// Share of Bluesky handles on a custom domain (`name.sim.example`) instead of
/// `name.bsky.sim.example`. Assumption (a few percent of real accounts use their own domain).
pub const BLUESKY_CUSTOM_DOMAIN_SHARE: f64 = 0.06;

/// Share of Bluesky creators who stay visible to logged-out users; the rest carry the
/// `!no-unauthenticated` self-label (and, like Mastodon's opted-out accounts, are not listed
/// for discovery). Assumption.
pub const BLUESKY_DISCOVERABLE_SHARE: f64 = 0.94;

/// Engagement per follower on Bluesky relative to the photo-platform medians. No published
/// benchmark; assumption.
pub const BLUESKY_ENGAGEMENT_FACTOR: f64 = 1.0;

/// Quote posts ÷ reposts on Bluesky, drawn per creator. Assumption.
pub const BLUESKY_QUOTES_PER_REPOST: (f64, f64) = (0.05, 0.25);

/// Posts per week on Bluesky by tier nano → mega: a text platform posts more often than a
/// photo one. Assumption.
pub const BLUESKY_POSTS_PER_WEEK_BY_TIER: [f64; 5] = [1.6, 2.0, 2.4, 2.8, 3.2];

/// Age prior of the Bluesky-like audience: younger than Mastodon, older than photo
/// platforms. Assumption.
pub const AGE_PRIOR_BLUESKY: [f64; 6] = [0.04, 0.24, 0.34, 0.20, 0.11, 0.07];

/// Gender prior of the Bluesky-like audience (female, male, other). Assumption.
pub const GENDER_PRIOR_BLUESKY: [f64; 3] = [0.46, 0.48, 0.06];

/// Median engagement (likes and comments) per subscriber and video, long video (DESIGN §5:
/// ~0.5%, Influencer Hero 2024, weak source).
pub const VIDEO_ENGAGEMENT_PER_SUBSCRIBER_MEDIAN: f64 = 0.005;

/// A video's views ÷ the channel's subscribers, drawn per channel (DESIGN §5: 0.1–0.3,
/// assumption).
pub const VIDEO_VIEWS_PER_SUBSCRIBER: (f64, f64) = (0.1, 0.3);

/// Log-normal spread of one video's views around the channel's ratio. Assumption.
pub const VIDEO_VIEWS_LN_SD: f64 = 0.5;

/// Videos per week by tier nano → mega (DESIGN §5: long video 1–2 a week, Rival IQ 2023 /
/// Hootsuite).
pub const VIDEO_POSTS_PER_WEEK_BY_TIER: [f64; 5] = [1.0, 1.2, 1.4, 1.7, 2.0];

/// Bot engagement on the video platform also buys views, by this factor; so the like ÷ view
/// ratio of a cheating channel stays plausible. Assumption.
pub const VIDEO_BOT_VIEWS_FACTOR: (f64, f64) = (1.5, 4.0);

/// Age prior of the video platform's audience. Assumption (long-video audiences are broad,
/// a little older than photo platforms).
pub const AGE_PRIOR_VIDEO: [f64; 6] = [0.07, 0.25, 0.29, 0.19, 0.12, 0.08];

/// Gender prior of the video platform's audience (female, male, other). Assumption (a slight
/// male lean, as video ad-audience reports show).
pub const GENDER_PRIOR_VIDEO: [f64; 3] = [0.45, 0.53, 0.02];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_sum_to_one() {
        for prior in [AGE_PRIOR_BLUESKY, AGE_PRIOR_VIDEO] {
            assert!((prior.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        for prior in [GENDER_PRIOR_BLUESKY, GENDER_PRIOR_VIDEO] {
            assert!((prior.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }
}
