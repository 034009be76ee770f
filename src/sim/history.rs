//! How an account's public counts looked on an earlier day.
//!
//! A world is generated as it is at its anchor; [`observed`] walks an account's follower
//! history back from there, so that the hosts can show an earlier day
//! ([`crate::sim::SimServer::show_days_before`]) and a crawler that comes back over time
//! records snapshots that grow. Walking back:
//! - organic growth: real followers and the engaged audience shrink by the account's monthly
//!   log-growth ([`params::MONTHLY_LOG_GROWTH`]); bought followers stay;
//! - shout-outs (any account, [`params::SHOUTOUT_RATE_PER_30_DAYS`]): real followers jump, and
//!   only part of the newcomers engage, so interactions rise less than followers;
//! - purchases (bought-follower accounts only, [`params::PURCHASE_INTERVAL_DAYS`]): a batch of
//!   bots joins and engages not at all;
//! - each visit's engagement varies by a log-normal factor
//!   ([`params::VISIT_ENGAGEMENT_LN_SD`]);
//! - posts published after the day shown (and the creator's own replies written after it)
//!   are not there yet ([`CreatorContent::published_by`]).
//!
//! The anchor itself is untouched: [`observed`] at 0 days is the generated account exactly.
//! Comments are not scaled (the replies a post lists stay the same), only likes, shares and
//! views.

use chrono::{DateTime, Utc};
use rand_chacha::ChaCha8Rng;

use crate::sim::content::{engagement_ramp, CreatorContent};
use crate::sim::creator::{FakeKind, SimCreator};
use crate::sim::ids;
use crate::sim::params;
use crate::sim::rng::{self, ln_factor, log_uniform, normal, uniform, Purpose};

/// An account's counts as shown some days before the anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Observed {
    /// Followers shown (bought ones included).
    pub(crate) followers: u64,
    /// Post engagement relative to the anchor's: likes, shares and views scale with it.
    pub(crate) engagement_scale: f64,
}

/// What changed an account's followers on one day (walking forward in time).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Event {
    /// Real followers multiplied by `factor`; `engaged_share` of the newcomers engage.
    Shoutout { factor: f64, engaged_share: f64 },
    /// Bots added: `share` of the followers shown before.
    Purchase { share: f64 },
}

/// An account's monthly log-growth and its events in days before the anchor, most recent
/// first, up to [`params::HISTORY_DAYS`].
fn history(seed: u64, creator: &SimCreator) -> (f64, Vec<(f64, Event)>) {
    let mut rng = rng::stream(seed, Purpose::History, u64::from(creator.index), 0);
    let (mean, sd) = params::MONTHLY_LOG_GROWTH;
    let (low, high) = params::MONTHLY_LOG_GROWTH_RANGE;
    let growth = normal(&mut rng, mean, sd).clamp(low, high);
    let horizon = f64::from(params::HISTORY_DAYS);
    let mut events = Vec::new();
    let shoutout_gap = 30.0 / params::SHOUTOUT_RATE_PER_30_DAYS;
    for day in arrivals(&mut rng, shoutout_gap, horizon) {
        let factor = log_uniform(&mut rng, params::SHOUTOUT_FACTOR);
        let engaged_share = uniform(&mut rng, params::SHOUTOUT_ENGAGED_SHARE);
        events.push((
            day,
            Event::Shoutout {
                factor,
                engaged_share,
            },
        ));
    }
    if creator.fake == Some(FakeKind::BoughtFollowers) {
        let gap = log_uniform(&mut rng, params::PURCHASE_INTERVAL_DAYS);
        for day in arrivals(&mut rng, gap, horizon) {
            let share = uniform(&mut rng, params::PURCHASE_BATCH_SHARE);
            events.push((day, Event::Purchase { share }));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    (growth, events)
}

/// Days (counted back from the anchor) of a Poisson process with mean gap `gap`, up to
/// `horizon`.
fn arrivals(rng: &mut ChaCha8Rng, gap: f64, horizon: f64) -> Vec<f64> {
    let mut days = Vec::new();
    let mut day = 0.0;
    loop {
        day += -(1.0 - uniform(rng, (0.0, 1.0))).ln() * gap;
        if day > horizon {
            return days;
        }
        days.push(day);
    }
}

/// `creator`'s counts as shown `days_before` the anchor (at most [`params::HISTORY_DAYS`]).
pub(crate) fn observed(seed: u64, creator: &SimCreator, days_before: u32) -> Observed {
    if days_before == 0 {
        return Observed {
            followers: creator.followers,
            engagement_scale: 1.0,
        };
    }
    let (growth, events) = history(seed, creator);
    let until = f64::from(days_before.min(params::HISTORY_DAYS));
    let mut real = creator.real_followers as f64;
    // Bought followers neither come nor go with organic growth: only purchases add them.
    let mut bots = creator.followers.saturating_sub(creator.real_followers) as f64;
    let mut engaged = 1.0;
    let mut at = 0.0;
    let mut go_back = |to: f64, real: &mut f64, engaged: &mut f64| {
        let factor = (-growth * (to - at) / 30.0).exp();
        *real *= factor;
        *engaged *= factor;
        at = to;
    };
    for (day, event) in events.iter().take_while(|(day, _)| *day <= until) {
        go_back(*day, &mut real, &mut engaged);
        match *event {
            Event::Shoutout {
                factor,
                engaged_share,
            } => {
                real /= factor;
                engaged /= 1.0 + (factor - 1.0) * engaged_share;
            }
            Event::Purchase { share } => {
                bots = ((real + bots) / (1.0 + share) - real).max(0.0);
            }
        }
    }
    go_back(until, &mut real, &mut engaged);
    let mut visit = rng::stream(
        seed,
        Purpose::History,
        u64::from(creator.index),
        u64::from(days_before),
    );
    Observed {
        followers: (real + bots).round().max(0.0) as u64,
        engagement_scale: engaged * ln_factor(&mut visit, params::VISIT_ENGAGEMENT_LN_SD),
    }
}

impl CreatorContent {
    /// Scales every post's likes, shares, quotes and views by `scale` (comments stay: a post
    /// lists the same replies).
    pub(crate) fn scale_engagement(&mut self, scale: f64) {
        let scaled = |count: u64| (count as f64 * scale).round().max(0.0) as u64;
        for post in &mut self.posts {
            post.likes = scaled(post.likes);
            post.shares = scaled(post.shares);
            post.quotes = scaled(post.quotes);
            post.views = scaled(post.views);
        }
    }

    /// Keeps what had been published by `shown` only: later posts, and the creator's own
    /// replies written after it, are not there yet; a post published shortly before `shown`
    /// has the likes, shares and views of its age then (comments stay, as in
    /// [`CreatorContent::scale_engagement`]).
    pub(crate) fn published_by(&mut self, shown: DateTime<Utc>, anchor: DateTime<Utc>) {
        let visible = self
            .posts
            .partition_point(|post| post.created_at() <= shown);
        self.posts.truncate(visible);
        for post in &mut self.posts {
            let published = post.created_at();
            let then = engagement_ramp((shown - published).num_seconds());
            let at_anchor = engagement_ramp((anchor - published).num_seconds());
            if then < at_anchor && at_anchor > 0.0 {
                let scale = then / at_anchor;
                let scaled = |count: u64| (count as f64 * scale).round() as u64;
                post.likes = scaled(post.likes);
                post.shares = scaled(post.shares);
                post.quotes = scaled(post.quotes);
                post.views = scaled(post.views);
            }
            if post
                .self_reply
                .as_ref()
                .is_some_and(|reply| ids::instant(reply.id) > shown)
            {
                post.self_reply = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::{SimConfig, World};

    fn world() -> World {
        World::generate(&SimConfig {
            seed: 11,
            creators: 3_000,
        })
    }

    /// Largest log-growth of followers not matched by engagement between two visits 30 days
    /// apart over the last 90 days.
    fn largest_excess(world: &World, creator: &SimCreator) -> f64 {
        let visits: Vec<Observed> = [90, 60, 30, 0]
            .iter()
            .map(|days| observed(world.seed, creator, *days))
            .collect();
        visits
            .windows(2)
            .map(|pair| {
                let followers = (pair[1].followers as f64 / pair[0].followers as f64).ln();
                let interactions = (pair[1].engagement_scale / pair[0].engagement_scale).ln();
                followers - interactions.max(0.0)
            })
            .fold(f64::MIN, f64::max)
    }

    #[test]
    fn the_anchor_is_the_generated_account_and_history_is_reproducible() {
        let world = world();
        for creator in world.creators().iter().take(200) {
            let now = observed(world.seed, creator, 0);
            assert_eq!(now.followers, creator.followers);
            assert_eq!(now.engagement_scale, 1.0);
            assert_eq!(
                observed(world.seed, creator, 45),
                observed(world.seed, creator, 45)
            );
            // Bought followers never fall below the real ones, going back.
            let then = observed(world.seed, creator, params::HISTORY_DAYS);
            assert!(then.followers > 0 && then.engagement_scale > 0.0);
        }
    }

    #[test]
    fn purchases_show_as_steps_that_honest_growth_rarely_makes() {
        let world = world();
        let (mut bought, mut honest) = (Vec::new(), Vec::new());
        for creator in world.creators() {
            let excess = largest_excess(&world, creator);
            match creator.fake {
                Some(FakeKind::BoughtFollowers) => bought.push(excess),
                None => honest.push(excess),
                Some(_) => {}
            }
        }
        let share_over = |values: &[f64], level: f64| {
            values.iter().filter(|value| **value > level).count() as f64 / values.len() as f64
        };
        let step = 1.2_f64.ln();
        // Most buyers show a step within 90 days; a few honest accounts do too (shout-outs
        // whose newcomers barely engage), so a step alone is no proof.
        let bought_steps = share_over(&bought, step);
        let honest_steps = share_over(&honest, step);
        assert!(bought_steps > 0.5, "buyers' steps: {bought_steps}");
        assert!(
            honest_steps > 0.01 && honest_steps < 0.1,
            "honest steps: {honest_steps}"
        );
        // But not every buyer: some bought before the window.
        assert!(bought_steps < 0.95, "buyers' steps: {bought_steps}");
    }

    #[test]
    fn scaling_engagement_keeps_comments_and_scales_the_rest() {
        let world = world();
        let mut content = world.content(0).unwrap();
        let before = content.posts.clone();
        content.scale_engagement(0.5);
        for (old, new) in before.iter().zip(&content.posts) {
            assert_eq!(new.comments, old.comments);
            assert_eq!(new.likes, (old.likes as f64 * 0.5).round() as u64);
            assert_eq!(new.views, (old.views as f64 * 0.5).round() as u64);
        }
    }

    #[test]
    fn an_earlier_day_shows_only_what_was_published_by_then() {
        let world = world();
        let shown = world.anchor() - chrono::Duration::days(90);
        let (mut hidden, mut young) = (0, 0);
        for index in 0..200 {
            let full = world.content(index).unwrap();
            let mut then = full.clone();
            then.published_by(shown, world.anchor());
            // A prefix of the posts, every one of them published by then.
            assert!(then.posts.iter().all(|post| post.created_at() <= shown));
            assert!(full.posts[then.posts.len()..]
                .iter()
                .all(|post| post.created_at() > shown));
            for (kept, original) in then.posts.iter().zip(&full.posts) {
                assert_eq!(kept.id, original.id);
                assert_eq!(kept.comments, original.comments);
                assert!(kept.likes <= original.likes && kept.views <= original.views);
                // A post a few hours old then had a part of its engagement; an old one all.
                let age_hours = (shown - original.created_at()).num_hours();
                if age_hours > 24 * 5 {
                    assert!(kept.likes as f64 >= original.likes as f64 * 0.99);
                } else if age_hours < 6 && original.likes >= 20 {
                    assert!(
                        kept.likes < original.likes / 2,
                        "{} of {}",
                        kept.likes,
                        original.likes
                    );
                    young += 1;
                }
                if let Some(reply) = &kept.self_reply {
                    assert!(ids::instant(reply.id) <= shown);
                }
            }
            hidden += full.posts.len() - then.posts.len();
        }
        assert!(hidden > 0, "no post was published in the last 90 days");
        assert!(
            young > 0,
            "no post with likes was a few hours old 90 days ago"
        );
        // The anchor day hides nothing.
        let mut now = world.content(0).unwrap();
        let count = now.posts.len();
        now.published_by(world.anchor(), world.anchor());
        assert_eq!(now.posts.len(), count);
    }
}
