//! Which accounts cheat and how much: bought followers, bot engagement and engagement pods,
//! with intensities wide enough that mild fraud hides in the honest spread.

use rand_chacha::ChaCha8Rng;
use scout_models::Platform;

use crate::sim::creator::FakeKind;
use crate::sim::params;
use crate::sim::rng::{log_uniform, uniform};

/// An account's fraud and its effect on what the platform shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fraud {
    pub(crate) fake: Option<FakeKind>,
    /// Displayed followers (bought ones included).
    pub(crate) followers: u64,
    /// Likes multiplier (1 for honest accounts).
    pub(crate) likes_factor: f64,
    /// Comments multiplier (1 for honest accounts).
    pub(crate) comments_factor: f64,
    /// Views multiplier on the video platform (1 for honest accounts).
    pub(crate) views_factor: f64,
    /// Share of bots among the account's commenters.
    pub(crate) bot_commenter_share: f64,
}

/// Draws the fraud of an account with `real_followers` in tier `real_tier` (index into
/// [`scout_models::Tier::ALL`]) on `platform`. Pods need visible comments, so on the video
/// platform, whose feeds show none, pod members buy bot engagement instead.
pub(crate) fn draw(
    rng: &mut ChaCha8Rng,
    real_followers: u64,
    real_tier: usize,
    platform: Platform,
) -> Fraud {
    let draw = uniform(rng, (0.0, 1.0));
    let multiplier = params::FRAUD_TIER_MULTIPLIER
        .get(real_tier)
        .copied()
        .unwrap_or(1.0);
    let [bought, bots, pods] = params::FRAUD_KIND_SHARES.map(|share| share * multiplier);
    let fake = if draw < bought {
        Some(FakeKind::BoughtFollowers)
    } else if draw < bought + bots {
        Some(FakeKind::BotEngagement)
    } else if draw < bought + bots + pods {
        Some(if platform == Platform::Youtube {
            FakeKind::BotEngagement
        } else {
            FakeKind::EngagementPod
        })
    } else {
        None
    };
    let honest = Fraud {
        fake,
        followers: real_followers,
        likes_factor: 1.0,
        comments_factor: 1.0,
        views_factor: 1.0,
        bot_commenter_share: 0.0,
    };
    match fake {
        Some(FakeKind::BoughtFollowers) => Fraud {
            followers: (real_followers as f64 * log_uniform(rng, params::BOUGHT_FOLLOWERS_FACTOR))
                .round() as u64,
            bot_commenter_share: uniform(rng, params::BOT_COMMENTER_SHARE_BOUGHT),
            ..honest
        },
        Some(FakeKind::BotEngagement) => Fraud {
            likes_factor: log_uniform(rng, params::BOT_LIKES_FACTOR),
            comments_factor: uniform(rng, params::BOT_COMMENTS_FACTOR),
            views_factor: if platform == Platform::Youtube {
                uniform(rng, params::VIDEO_BOT_VIEWS_FACTOR)
            } else {
                1.0
            },
            bot_commenter_share: uniform(rng, params::BOT_COMMENTER_SHARE_BOT_ENGAGEMENT),
            ..honest
        },
        Some(FakeKind::EngagementPod) => Fraud {
            likes_factor: uniform(rng, params::POD_LIKES_FACTOR),
            comments_factor: log_uniform(rng, params::POD_COMMENTS_FACTOR),
            bot_commenter_share: uniform(rng, params::BOT_COMMENTER_SHARE_HONEST),
            ..honest
        },
        None => Fraud {
            bot_commenter_share: uniform(rng, params::BOT_COMMENTER_SHARE_HONEST),
            ..honest
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    #[test]
    fn fraud_kinds_leave_their_marks_and_overlap_with_honest_ranges() {
        let mut rng = stream(4, Purpose::Account, 0, 0);
        let mut seen = [0usize; 4];
        let mut mild_bought = 0;
        for _ in 0..20_000 {
            let fraud = draw(&mut rng, 10_000, 1, Platform::Mastodon);
            match fraud.fake {
                None => {
                    seen[0] += 1;
                    assert_eq!(fraud.followers, 10_000);
                    assert!(fraud.bot_commenter_share <= params::BOT_COMMENTER_SHARE_HONEST.1);
                }
                Some(FakeKind::BoughtFollowers) => {
                    seen[1] += 1;
                    assert!(fraud.followers >= 20_000 && fraud.followers <= 100_000);
                    mild_bought += usize::from(fraud.followers < 30_000);
                }
                Some(FakeKind::BotEngagement) => {
                    seen[2] += 1;
                    assert!(fraud.likes_factor >= params::BOT_LIKES_FACTOR.0);
                }
                Some(FakeKind::EngagementPod) => {
                    seen[3] += 1;
                    assert!(fraud.comments_factor >= params::POD_COMMENTS_FACTOR.0);
                }
            }
        }
        assert!(seen.iter().all(|count| *count > 500), "{seen:?}");
        assert!(mild_bought > 100, "mild fraud is rare: {mild_bought}");
    }

    #[test]
    fn video_channels_never_join_pods() {
        let mut rng = stream(5, Purpose::Account, 0, 0);
        for _ in 0..5_000 {
            let fraud = draw(&mut rng, 50_000, 1, Platform::Youtube);
            assert_ne!(fraud.fake, Some(FakeKind::EngagementPod));
            if fraud.fake == Some(FakeKind::BotEngagement) {
                assert!(fraud.views_factor >= params::VIDEO_BOT_VIEWS_FACTOR.0);
            }
        }
    }
}
