use chrono::Duration;

use super::*;
use crate::features::tests::{creator, now, post, sample};
use crate::{CreatorId, CreatorRecord, Platform, Post, Snapshot};

/// A nano creator with 5,000 followers and posts at the expected 1.8% with 2% comments.
fn honest_record() -> CreatorRecord {
    let posts = (0..12).map(|day| post(day * 3, 88, 2)).collect();
    let audience = (0..20)
        .map(|n| {
            let mut fan = sample(&format!("fan{n}"));
            fan.display_name = Some("Sam".into());
            fan.post_id = Some(format!("p{}", (n % 3) * 3));
            fan
        })
        .collect();
    CreatorRecord {
        creator: creator(Some(5_000)),
        posts,
        audience,
    }
}

fn bot(handle: &str) -> AudienceSample {
    AudienceSample {
        display_name: None,
        bio: None,
        followers: Some(4),
        following: Some(3_800),
        has_avatar: false,
        account_created_at: Some(now() - Duration::days(30)),
        ..sample(handle)
    }
}

fn assess_record(record: &CreatorRecord, snapshots: &[Snapshot]) -> Credibility {
    let features = CreatorFeatures::compute(record, snapshots, now());
    credibility(&features, &record.audience)
}

#[test]
fn an_honest_creator_is_credible_and_unexplained() {
    let credible = assess_record(&honest_record(), &[]);
    assert!(credible.score > 0.9, "{credible:?}");
    assert!(credible.reasons.is_empty(), "{:?}", credible.reasons);
    assert_eq!(credible.suspicious_audience_share, Some(0.0));
    assert_eq!(credible.sample_size, 20);
}

#[test]
fn bought_followers_show_in_bots_and_low_engagement() {
    let mut record = honest_record();
    record.creator.followers = Some(90_000); // 18x inflated, same likes
    for (position, fan) in record.audience.iter_mut().enumerate() {
        if position % 2 == 0 {
            *fan = bot(&format!("user{position}8812345"));
        }
    }
    let assessed = assess_record(&record, &[]);
    assert!(assessed.score < 0.2, "{assessed:?}");
    assert_eq!(assessed.suspicious_audience_share, Some(0.5));
    // Strongest first: all ten bots' handles are machine-made (a full signal at weight 6),
    // ahead of the bot-like audience's (at weight 5).
    assert!(
        assessed.reasons[0].starts_with("10 of 20 commenters have machine-made handles"),
        "{:?}",
        assessed.reasons
    );
    assert!(
        assessed.reasons[1].starts_with("50% of 20 commenters look like bots"),
        "{:?}",
        assessed.reasons
    );
    assert!(assessed
        .reasons
        .iter()
        .any(|reason| reason.contains("below") && reason.contains("micro creator")));
}

#[test]
fn inflated_engagement_and_comments_are_named() {
    let mut likes = honest_record();
    likes.posts = (0..12).map(|day| post(day * 3, 1_200, 20)).collect(); // ~14x expected
    let assessed = assess_record(&likes, &[]);
    assert!(assessed.score < 0.5, "{assessed:?}");
    assert!(assessed
        .reasons
        .iter()
        .any(|reason| reason.contains("× the 1.80% expected")));

    let mut comments = honest_record();
    comments.posts = (0..12).map(|day| post(day * 3, 80, 10)).collect(); // 12.5% of likes
    let assessed = assess_record(&comments, &[]);
    assert!(assessed.score < 0.6, "{assessed:?}");
    assert!(assessed.reasons[0].contains("comments are 12.5% of likes"));
}

#[test]
fn pods_show_as_commenters_shared_across_creators() {
    let ring: Vec<String> = (0..6).map(|n| format!("podder{n}@ring.example")).collect();
    let members: Vec<CreatorRecord> = (0..5)
        .map(|member| {
            let mut record = honest_record();
            let id = CreatorId::new(Platform::Mastodon, &format!("m{member}@social.example"));
            record.creator.id = id.clone();
            for (position, fan) in record.audience.iter_mut().enumerate() {
                fan.creator_id = id.clone();
                fan.handle = format!("fan{member}x{position}");
                if let Some(handle) = ring.get(position) {
                    fan.handle = handle.clone();
                    fan.followers = Some(8_000);
                    fan.following = Some(900);
                }
            }
            record
        })
        .collect();
    let overlap =
        CommenterOverlap::from_audiences(members.iter().map(|record| record.audience.as_slice()));
    let record = &members[0];
    let features = CreatorFeatures::compute(record, &[], now());
    let without = credibility(&features, &record.audience);
    let with = credibility_with_overlap(&features, &record.audience, &overlap);
    assert!(
        with.score < without.score - 0.3,
        "{} {}",
        with.score,
        without.score
    );
    assert_eq!(with.signals.shared_commenters, Some(1.0));
    assert!(
        with.reasons
            .iter()
            .any(|reason| reason.contains("30% of commenters also reply")),
        "{:?}",
        with.reasons
    );
    assert!(without.signals.shared_commenters.is_none());
    assert!(without.signals.influencer_commenters.unwrap() > 0.0);
}

/// A snapshot of `record`'s creator `days_ago` with `followers` and `interactions` per post.
fn snapshot(record: &CreatorRecord, days_ago: i64, followers: u64, interactions: f64) -> Snapshot {
    Snapshot {
        creator_id: record.creator.id.clone(),
        taken_at: now() - Duration::days(days_ago),
        followers: Some(followers),
        following: None,
        post_count: None,
        engagement_rate: Some(interactions / followers as f64),
    }
}

#[test]
fn a_follower_spike_without_engagement_is_named() {
    let record = honest_record();
    let snapshots = [
        snapshot(&record, 60, 2_000, 36.0),
        snapshot(&record, 30, 5_000, 36.0),
    ];
    let assessed = assess_record(&record, &snapshots);
    assert!(assessed.score < 0.5, "{assessed:?}");
    assert!(assessed.signals.follower_spike.unwrap() > 0.9);
    assert!(assessed
        .reasons
        .iter()
        .any(|reason| reason.starts_with("followers rose 150%")));
}

#[test]
fn organic_growth_is_no_spike_and_a_third_more_followers_unmatched_is_half_one() {
    let record = honest_record();
    let snapshot =
        |days_ago, followers, interactions| snapshot(&record, days_ago, followers, interactions);
    // A month's +8% with interactions flat: organic, no signal.
    let organic = [snapshot(60, 10_000, 200.0), snapshot(30, 10_800, 200.0)];
    let assessed = assess_record(&record, &organic);
    assert_eq!(assessed.signals.follower_spike, Some(0.0));
    // +30% with interactions +30% too: a shout-out whose newcomers engage, no signal.
    let matched = [snapshot(60, 10_000, 200.0), snapshot(30, 13_000, 260.0)];
    assert_eq!(
        assess_record(&record, &matched).signals.follower_spike,
        Some(0.0)
    );
    // +30% with interactions flat: about half way between +10% and +50%.
    let unmatched = [snapshot(60, 10_000, 200.0), snapshot(30, 13_000, 200.0)];
    let level = assess_record(&record, &unmatched)
        .signals
        .follower_spike
        .unwrap();
    assert!((0.4..0.7).contains(&level), "{level}");
}

#[test]
fn features_without_the_sample_are_completed_from_it() {
    let mut record = honest_record();
    for (position, fan) in record.audience.iter_mut().enumerate() {
        *fan = bot(&format!("user{position}8812345"));
    }
    let bare = CreatorRecord {
        audience: vec![],
        ..record.clone()
    };
    let features = CreatorFeatures::compute(&bare, &[], now());
    let assessed = credibility(&features, &record.audience);
    assert_eq!(assessed.sample_size, 20);
    assert!(assessed.score < 0.3, "{assessed:?}");
}

#[test]
fn missing_everything_is_neutral_not_suspicious() {
    let record = CreatorRecord {
        creator: creator(None),
        posts: vec![],
        audience: vec![],
    };
    let assessed = assess_record(&record, &[]);
    assert!(assessed.score > 0.9);
    assert_eq!(assessed.suspicious_audience_share, None);
    assert_eq!(assessed.signals, CredibilitySignals::default());
}

/// A creator of `platform` with `followers`, 12 posts at 2% engagement (3% comments per
/// like), `views_per_follower` views per post when set, and `commenters` sampled commenters.
fn crawled(
    platform: Platform,
    followers: u64,
    views_per_follower: Option<f64>,
    commenters: usize,
) -> CreatorRecord {
    let likes = followers / 50;
    let posts = (0..12)
        .map(|day| Post {
            views: views_per_follower.map(|ratio| (followers as f64 * ratio) as u64),
            ..post(day * 3, likes, likes * 3 / 100)
        })
        .collect();
    let audience = (0..commenters)
        .map(|n| {
            let mut fan = sample(&format!("fan{n}"));
            fan.display_name = Some("Sam".into());
            fan
        })
        .collect();
    let mut creator = creator(Some(followers));
    creator.platform = platform;
    CreatorRecord {
        creator,
        posts,
        audience,
    }
}

/// A crawl of 60 creators per platform from 2k to 600k followers: views at 0.15–0.25 per
/// follower on YouTube, 15–25 commenters elsewhere.
fn crawl_curve() -> EngagementCurve {
    let mut builder = EngagementCurveBuilder::new();
    for position in 0..60_u32 {
        let followers = 2_000 + u64::from(position) * 10_000;
        let spread = f64::from(position % 5) * 0.025;
        builder.add_creator(&crawled(
            Platform::Youtube,
            followers,
            Some(0.15 + spread),
            0,
        ));
        builder.add_creator(&crawled(
            Platform::Mastodon,
            followers,
            None,
            15 + (position % 5) as usize * 2,
        ));
    }
    builder.fit()
}

fn in_crawl(record: &CreatorRecord, curve: &EngagementCurve) -> Credibility {
    let features = CreatorFeatures::compute(record, &[], now());
    credibility_in_crawl(&features, &record.audience, &CommenterOverlap::new(), curve)
}

#[test]
fn views_far_off_the_crawls_curve_are_suspect_both_ways() {
    let curve = crawl_curve();
    assert!(curve.is_sound());
    let typical = in_crawl(&crawled(Platform::Youtube, 100_000, Some(0.2), 0), &curve);
    let unwatched = in_crawl(&crawled(Platform::Youtube, 100_000, Some(0.02), 0), &curve);
    let inflated = in_crawl(&crawled(Platform::Youtube, 100_000, Some(1.5), 0), &curve);
    assert_eq!(typical.signals.views_too_low, Some(0.0));
    assert_eq!(unwatched.signals.views_too_low, Some(1.0));
    assert_eq!(inflated.signals.views_too_high, Some(1.0));
    assert!(unwatched.score < typical.score - 0.3, "{unwatched:?}");
    assert!(inflated.score < typical.score - 0.3, "{inflated:?}");
    assert!(
        unwatched
            .reasons
            .iter()
            .any(|reason| reason.contains("views per 100 followers")),
        "{:?}",
        unwatched.reasons
    );
}

#[test]
fn fewer_commenters_than_creators_of_the_size_draw_is_suspect() {
    let curve = crawl_curve();
    let typical = in_crawl(&crawled(Platform::Mastodon, 100_000, None, 19), &curve);
    let quiet = in_crawl(&crawled(Platform::Mastodon, 100_000, None, 4), &curve);
    assert_eq!(typical.signals.few_commenters, Some(0.0));
    assert!(
        quiet.signals.few_commenters.unwrap_or(0.0) > 0.9,
        "{quiet:?}"
    );
    assert!(quiet.score < typical.score, "{quiet:?} {typical:?}");
    assert!(quiet
        .reasons
        .iter()
        .any(|reason| reason.contains("distinct commenters")));
    // Without a curve for the platform the signal is unknown, not invented.
    let web = in_crawl(&crawled(Platform::Web, 100_000, None, 4), &curve);
    assert_eq!(web.signals.few_commenters, None);
}

#[test]
fn machine_made_handles_among_commenters_are_named() {
    let honest = assess_record(&honest_record(), &[]);
    assert_eq!(honest.signals.machine_handles, Some(0.0));
    // The same profiles (avatar, bio, old accounts: nothing else bot-like), but 8 of 20 with
    // handles a bot farm would make; a year in a handle (`maria1990`) does not count.
    let mut record = honest_record();
    for (position, fan) in record.audience.iter_mut().enumerate() {
        fan.handle = match position % 5 {
            0 | 1 => format!("user{position}73920"),
            2 => format!("maria{}", 1990 + position / 5),
            _ => fan.handle.clone(),
        };
    }
    let assessed = assess_record(&record, &[]);
    // 8 of 20 shrunk with 4 pseudo-samples at 5%: 8.2 / 24 ≈ 0.34, (0.34 - 0.10) / 0.30 ≈ 0.81.
    let level = assessed.signals.machine_handles.expect("known");
    assert!((level - (8.2 / 24.0 - 0.10) / 0.30).abs() < 1e-9, "{level}");
    assert!(assessed.score < honest.score - 0.3, "{assessed:?}");
    assert!(
        assessed
            .reasons
            .iter()
            .any(|reason| reason.starts_with("8 of 20 commenters have machine-made handles")),
        "{:?}",
        assessed.reasons
    );
    // Without an audience sample the signal is unknown.
    let silent = CreatorRecord {
        audience: vec![],
        ..honest_record()
    };
    assert_eq!(assess_record(&silent, &[]).signals.machine_handles, None);
}

/// `record` with its first `unliked` sampled replies liked by nobody and the others liked.
fn with_unliked_replies(mut record: CreatorRecord, unliked: usize) -> CreatorRecord {
    for (position, fan) in record.audience.iter_mut().enumerate() {
        fan.reply_likes = Some(if position < unliked { 0 } else { 2 });
    }
    record
}

/// A crawl of 60 Mastodon creators where 4 to 8 of 20 sampled replies go unliked at every
/// size (the median, 6 of 20, is its base rate: 30%).
fn unliked_crawl_curve() -> EngagementCurve {
    let mut builder = EngagementCurveBuilder::new();
    for position in 0..60_u32 {
        let followers = 2_000 + u64::from(position) * 10_000;
        let unliked = 4 + (position % 5) as usize;
        builder.add_creator(&with_unliked_replies(
            crawled(Platform::Mastodon, followers, None, 20),
            unliked,
        ));
    }
    builder.fit()
}

#[test]
fn more_unliked_replies_than_the_crawl_gets_are_suspect() {
    let curve = unliked_crawl_curve();
    assert!(curve.is_sound());
    assert_eq!(curve.unliked_reply_base(Platform::Mastodon), Some(0.3));
    assert_eq!(curve.unliked_reply_base(Platform::Bluesky), None);
    let typical = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 20), 6),
        &curve,
    );
    let botted = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 20), 16),
        &curve,
    );
    assert_eq!(typical.signals.unliked_replies, Some(0.0));
    assert!(
        botted.signals.unliked_replies.unwrap_or(0.0) > 0.9,
        "{botted:?}"
    );
    assert!(botted.score < typical.score - 0.1, "{botted:?} {typical:?}");
    assert!(
        botted.reasons.iter().any(|reason| reason.starts_with(
            "16 of 20 sampled replies got no likes, where audiences of people on mastodon \
             leave about 30% unliked: a real audience does this 1 time in"
        )),
        "{:?}",
        botted.reasons
    );
    // Every reply liked is known and unsuspicious; likes the source does not show, or too
    // few of them, leave the signal unknown.
    let loved = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 20), 0),
        &curve,
    );
    assert_eq!(loved.signals.unliked_replies, Some(0.0));
    assert!(loved.score >= typical.score);
    let unshown = in_crawl(&crawled(Platform::Mastodon, 100_000, None, 20), &curve);
    assert_eq!(unshown.signals.unliked_replies, None);
    let few = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 5), 5),
        &curve,
    );
    assert_eq!(few.signals.unliked_replies, None);
}

#[test]
fn the_same_unliked_share_weighs_more_the_more_replies_show_it() {
    let curve = unliked_crawl_curve();
    // Half the replies unliked where 30% is usual: 10 of 20 is a 1-in-20 event for a real
    // audience, 20 of 40 a 1-in-150 one.
    let short = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 20), 10),
        &curve,
    );
    let long = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 40), 20),
        &curve,
    );
    let (short, long) = (
        short.signals.unliked_replies.expect("known"),
        long.signals.unliked_replies.expect("known"),
    );
    assert!(short > 0.2 && long > short + 0.3, "{short} {long}");
}

#[test]
fn a_crawl_with_too_few_reply_likes_judges_the_share_against_its_curve() {
    // 29 creators with reply likes on the platform: no base rate, the z from the curve of
    // shares decides (as with artifacts saved before base rates existed).
    let mut builder = EngagementCurveBuilder::new();
    for position in 0..29_u32 {
        let followers = 2_000 + u64::from(position) * 10_000;
        let unliked = 4 + (position % 5) as usize;
        builder.add_creator(&with_unliked_replies(
            crawled(Platform::Mastodon, followers, None, 20),
            unliked,
        ));
    }
    let curve = builder.fit();
    assert_eq!(curve.unliked_reply_base(Platform::Mastodon), None);
    let botted = in_crawl(
        &with_unliked_replies(crawled(Platform::Mastodon, 100_000, None, 20), 16),
        &curve,
    );
    // Fewer than 30 points fit no per-platform curve of shares either: unknown.
    assert_eq!(botted.signals.unliked_replies, None);
}

#[test]
fn binomial_tails_are_exact_and_do_not_underflow() {
    // P(K >= 8) for K ~ Binomial(10, 0.2): 45·0.2⁸·0.8² + 10·0.2⁹·0.8 + 0.2¹⁰.
    let exact = 45.0 * 0.2_f64.powi(8) * 0.64 + 10.0 * 0.2_f64.powi(9) * 0.8 + 0.2_f64.powi(10);
    assert!((binomial_tail(8, 10, 0.2) - exact).abs() < 1e-15);
    // P(K >= 4) = 1 - P(K <= 3) = 0.120874...
    assert!((binomial_tail(4, 10, 0.2) - 0.120_873_881_6).abs() < 1e-9);
    assert_eq!(binomial_tail(0, 10, 0.2), 1.0);
    assert_eq!(binomial_tail(11, 10, 0.2), 0.0);
    assert_eq!(binomial_tail(3, 10, 0.0), 0.0);
    assert_eq!(binomial_tail(3, 10, 1.0), 1.0);
    // 2,000 of 5,000 at 20%: far in the tail but a positive number, not 0 or NaN.
    let deep = binomial_tail(2_000, 5_000, 0.2);
    assert!(deep > 0.0 && deep < 1e-100, "{deep}");
    assert!(binomial_tail(1_000, 5_000, 0.2) > 0.45);
}
