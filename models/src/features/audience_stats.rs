//! Statistics of a creator's audience sample (the public profiles of people who replied) and
//! the per-profile bot-likeness that the audience estimate and credibility both use.
//!
//! Bot-likeness is a hand-set logistic over the marks fraud-detection vendors describe
//! publicly: no avatar, long digit runs in the handle, mass following (the market's "mass
//! followers" follow over 1,500 accounts), a new account, an empty profile, and the platform's
//! own bot flag — and what the reply itself says: comment bots leave spam (solicitations such
//! as "DM us for a feature", "follow back?", other accounts' handles to promote) or emoji-only
//! replies ([`spam_reply`]), which gives away bots whose profiles are disguised as people —
//! and a bio that advertises ([`promotional_bio`]: "DM for promo", "follow for follow", "grow
//! your page"). The weights are assumptions, chosen so that one mark alone stays below 0.5 and
//! two strong marks together pass it; a digit run and an advertising bio weigh most among the
//! profile marks because they are the rarest among people (on seeds 7 and 11 of `scout eval`,
//! 6% of honest creators' commenters have a digit-run handle against 18–40% of fakes').

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::median;
use crate::{AudienceSample, Post};

/// Following at least this many accounts is "mass following" on its own.
pub const MASS_FOLLOWING: u64 = 1_500;

/// An account younger than this (days) is new.
pub const NEW_ACCOUNT_DAYS: i64 = 180;

/// The market's influencer audience type: at least this many followers...
pub const INFLUENCER_MIN_FOLLOWERS: u64 = 5_000;

/// ...while following fewer than this many accounts.
pub const INFLUENCER_MAX_FOLLOWING: u64 = 1_500;

/// How many of the most frequent commenters the concentration looks at.
pub const TOP_COMMENTERS: usize = 5;

/// Logistic weights of [`bot_likeness`]: intercept, then each mark.
const BOT_INTERCEPT: f64 = -3.2;
const BOT_NO_AVATAR: f64 = 1.7;
const BOT_DIGIT_RUN: f64 = 2.5;
const BOT_MASS_FOLLOWING: f64 = 2.3;
const BOT_NEW_ACCOUNT: f64 = 1.3;
const BOT_EMPTY_BIO: f64 = 0.5;
const BOT_NO_DISPLAY_NAME: f64 = 0.4;
const BOT_FLAGGED: f64 = 5.0;
const BOT_SOLICITING_REPLY: f64 = 2.6;
const BOT_EMOJI_ONLY_REPLY: f64 = 1.4;
const BOT_PROMOTIONAL_BIO: f64 = 2.0;

/// Phrases that sell reach or push schemes in a profile's bio (lower case, matched on word
/// boundaries), besides the [`SOLICITATIONS`] of comment spam: the bios of follow-for-follow
/// and promotion accounts, as fraud-detection vendors describe them.
const PROMOTIONAL_BIO_PHRASES: [&str; 6] = [
    "grow your page",
    "real followers",
    "followers cheap",
    "shop now",
    "giveaways",
    "forex",
];

/// Words and phrases of solicitation in a reply (lower case, matched on word boundaries):
/// comment spam advertises, asks for follows or sends people to DMs.
const SOLICITATIONS: [&str; 14] = [
    "dm",
    "dms",
    "check my",
    "promo",
    "promote",
    "promotion",
    "shoutout",
    "feature",
    "follow back",
    "follow for follow",
    "f4f",
    "l4l",
    "link in bio",
    "giveaway",
];

/// A profile whose bot-likeness reaches this counts as bot-like.
pub const BOT_LIKE_THRESHOLD: f64 = 0.5;

/// Summary of an audience sample; every share is over the samples where the field is known,
/// `None` when none is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AudienceStats {
    pub sample_size: usize,
    pub no_avatar_share: Option<f64>,
    /// Handles with a long digit run ([`has_digit_run`]).
    pub digit_handle_share: Option<f64>,
    /// Following ≫ followers ([`is_mass_following`]).
    pub mass_following_share: Option<f64>,
    /// Accounts younger than [`NEW_ACCOUNT_DAYS`].
    pub new_account_share: Option<f64>,
    /// Accounts the platform itself marks as automated.
    pub flagged_bot_share: Option<f64>,
    /// Influencer-type commenters ([`is_influencer_like`]): many in a small sample is a pod
    /// sign when comments are also inflated.
    pub influencer_share: Option<f64>,
    /// Replies that are comment spam or emoji only ([`spam_reply`]), over samples with reply
    /// text.
    #[serde(default)]
    pub spam_reply_share: Option<f64>,
    /// Mean [`bot_likeness`] of the sample.
    pub bot_likeness_mean: Option<f64>,
    /// Share of samples whose bot-likeness is at least 0.5.
    pub bot_like_share: Option<f64>,
    pub median_follower_count: Option<f64>,
    /// Distinct commenters sampled on the posts they replied to ÷ the comments those posts
    /// have: low when few accounts write many comments.
    pub distinct_commenter_ratio: Option<f64>,
    /// Share of (commenter, post) appearances made by the [`TOP_COMMENTERS`] most frequent
    /// commenters. With one sample per commenter (as the crawler keeps them) this is
    /// `min(5, n) / n`; it rises above that only when a commenter is sampled on several posts.
    pub top_commenter_concentration: Option<f64>,
}

impl AudienceStats {
    /// Statistics of `samples` (replies to `posts`) at `now`.
    pub fn compute(samples: &[AudienceSample], posts: &[Post], now: DateTime<Utc>) -> Self {
        let sample_size = samples.len();
        if sample_size == 0 {
            return AudienceStats::default();
        }
        let share_of = |flags: &mut dyn Iterator<Item = Option<bool>>| -> Option<f64> {
            let (mut known, mut set) = (0_usize, 0_usize);
            for flag in flags.flatten() {
                known += 1;
                set += usize::from(flag);
            }
            (known > 0).then(|| set as f64 / known as f64)
        };
        let likeness: Vec<f64> = samples
            .iter()
            .map(|sample| bot_likeness(sample, now))
            .collect();
        let mut followers: Vec<f64> = samples
            .iter()
            .filter_map(|sample| sample.followers)
            .map(|count| count as f64)
            .collect();
        AudienceStats {
            sample_size,
            no_avatar_share: share_of(&mut samples.iter().map(|s| Some(!s.has_avatar))),
            digit_handle_share: share_of(
                &mut samples.iter().map(|s| Some(has_digit_run(&s.handle))),
            ),
            mass_following_share: share_of(&mut samples.iter().map(is_mass_following)),
            new_account_share: share_of(&mut samples.iter().map(|s| is_new_account(s, now))),
            flagged_bot_share: share_of(&mut samples.iter().map(|s| Some(s.is_bot))),
            influencer_share: share_of(&mut samples.iter().map(is_influencer_like)),
            spam_reply_share: share_of(
                &mut samples
                    .iter()
                    .map(|s| s.text.as_deref().map(|text| spam_reply(text).is_some())),
            ),
            bot_likeness_mean: Some(likeness.iter().sum::<f64>() / sample_size as f64),
            bot_like_share: Some(
                likeness
                    .iter()
                    .filter(|value| **value >= BOT_LIKE_THRESHOLD)
                    .count() as f64
                    / sample_size as f64,
            ),
            median_follower_count: median(&mut followers),
            distinct_commenter_ratio: distinct_commenter_ratio(samples, posts),
            top_commenter_concentration: top_commenter_concentration(samples),
        }
    }
}

/// How much a replying profile looks like a bot, in [0, 1] (see the module docs).
pub fn bot_likeness(sample: &AudienceSample, now: DateTime<Utc>) -> f64 {
    let mark = |set: bool, weight: f64| if set { weight } else { 0.0 };
    let empty = |text: &Option<String>| text.as_deref().is_none_or(|text| text.trim().is_empty());
    let z = BOT_INTERCEPT
        + mark(!sample.has_avatar, BOT_NO_AVATAR)
        + mark(has_digit_run(&sample.handle), BOT_DIGIT_RUN)
        + mark(is_mass_following(sample) == Some(true), BOT_MASS_FOLLOWING)
        + mark(is_new_account(sample, now) == Some(true), BOT_NEW_ACCOUNT)
        + mark(empty(&sample.bio), BOT_EMPTY_BIO)
        + mark(empty(&sample.display_name), BOT_NO_DISPLAY_NAME)
        + mark(sample.is_bot, BOT_FLAGGED)
        + mark(
            sample.bio.as_deref().is_some_and(promotional_bio),
            BOT_PROMOTIONAL_BIO,
        )
        + match sample.text.as_deref().and_then(spam_reply) {
            Some(SpamReply::Soliciting) => BOT_SOLICITING_REPLY,
            Some(SpamReply::EmojiOnly) => BOT_EMOJI_ONLY_REPLY,
            None => 0.0,
        };
    1.0 / (1.0 + (-z).exp())
}

/// What makes a reply look like comment spam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpamReply {
    /// It solicits: DMs, promotion, follows, another account's handle.
    Soliciting,
    /// Nothing but emoji and punctuation.
    EmojiOnly,
}

/// Whether a reply text looks like comment spam (see [`SpamReply`]); `None` for an ordinary
/// reply or an empty one.
pub fn spam_reply(text: &str) -> Option<SpamReply> {
    // Replies open with the handles they answer (`@alice @bob thanks!`): not a promotion.
    let mut text = text.trim();
    while let Some(rest) = text.strip_prefix('@') {
        text = rest
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest)
            .trim_start();
    }
    if text.is_empty() {
        return None;
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Some(SpamReply::EmojiOnly);
    }
    // Replies that hand out another account's handle (`@promo_page`) promote it.
    let mentions = text.split_whitespace().any(|word| {
        word.strip_prefix('@')
            .is_some_and(|handle| handle.chars().next().is_some_and(char::is_alphanumeric))
    });
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    let soliciting = SOLICITATIONS
        .iter()
        .any(|phrase| joined.contains(&format!(" {phrase} ")));
    (mentions || soliciting).then_some(SpamReply::Soliciting)
}

/// Whether a bio advertises: the solicitations of comment spam ("DM for promo", "follow for
/// follow", "link in bio") or phrases that sell reach or push schemes ("grow your page",
/// "crypto | forex"). Handles in a bio are not counted: people name their other accounts.
pub fn promotional_bio(bio: &str) -> bool {
    let lower = bio.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    let joined = format!(" {} ", words.join(" "));
    SOLICITATIONS
        .iter()
        .chain(PROMOTIONAL_BIO_PHRASES.iter())
        .any(|phrase| joined.contains(&format!(" {phrase} ")))
}

/// The handle (its local part, before any `@domain`) holds five digits in a row, or four
/// that cannot be a year people put in handles (1940–2029): `user83920`, `anna_4471`, but not
/// `maria1990`.
pub fn has_digit_run(handle: &str) -> bool {
    let local = handle.trim_start_matches('@');
    let local = local.split('@').next().unwrap_or(local);
    let mut longest_run = 0_usize;
    let mut run = String::new();
    let mut four_digit_runs = Vec::new();
    for c in local.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() == 4 {
                four_digit_runs.push(run.clone());
            }
            longest_run = longest_run.max(run.len());
            run.clear();
        }
    }
    longest_run >= 5
        || four_digit_runs.iter().any(|digits| {
            digits
                .parse::<u32>()
                .is_ok_and(|year| !(1940..=2029).contains(&year))
        })
}

/// Follows at least [`MASS_FOLLOWING`] accounts, or at least 300 and ten times its
/// followers; `None` when following is unknown.
pub fn is_mass_following(sample: &AudienceSample) -> Option<bool> {
    let following = sample.following?;
    let followers = sample.followers.unwrap_or(0);
    Some(following >= MASS_FOLLOWING || (following >= 300 && following >= 10 * followers.max(1)))
}

/// The account is younger than [`NEW_ACCOUNT_DAYS`] at `now`; `None` when its age is unknown.
pub fn is_new_account(sample: &AudienceSample, now: DateTime<Utc>) -> Option<bool> {
    sample
        .account_created_at
        .map(|created| now - created < Duration::days(NEW_ACCOUNT_DAYS))
}

/// The market's "influencer" audience type: at least [`INFLUENCER_MIN_FOLLOWERS`] followers
/// while following fewer than [`INFLUENCER_MAX_FOLLOWING`]; `None` when counts are unknown.
pub fn is_influencer_like(sample: &AudienceSample) -> Option<bool> {
    let followers = sample.followers?;
    let following = sample.following?;
    Some(followers >= INFLUENCER_MIN_FOLLOWERS && following < INFLUENCER_MAX_FOLLOWING)
}

fn distinct_commenter_ratio(samples: &[AudienceSample], posts: &[Post]) -> Option<f64> {
    let sampled_posts: HashSet<&str> = samples
        .iter()
        .filter_map(|sample| sample.post_id.as_deref())
        .collect();
    let comments: u64 = posts
        .iter()
        .filter(|post| sampled_posts.contains(post.id.as_str()))
        .filter_map(|post| post.comments)
        .sum();
    if comments == 0 {
        return None;
    }
    let distinct: HashSet<&str> = samples
        .iter()
        .filter(|sample| sample.post_id.is_some())
        .map(|sample| sample.handle.as_str())
        .collect();
    Some((distinct.len() as f64 / comments as f64).min(1.0))
}

fn top_commenter_concentration(samples: &[AudienceSample]) -> Option<f64> {
    let mut appearances: HashMap<&str, HashSet<Option<&str>>> = HashMap::new();
    for sample in samples {
        appearances
            .entry(sample.handle.as_str())
            .or_default()
            .insert(sample.post_id.as_deref());
    }
    let mut counts: Vec<usize> = appearances.values().map(HashSet::len).collect();
    let total: usize = counts.iter().sum();
    if total == 0 {
        return None;
    }
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top: usize = counts.iter().take(TOP_COMMENTERS).sum();
    Some(top as f64 / total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tests::{now, post, sample};

    fn bot(handle: &str) -> AudienceSample {
        AudienceSample {
            display_name: None,
            bio: None,
            followers: Some(3),
            following: Some(4_200),
            has_avatar: false,
            account_created_at: Some(now() - Duration::days(20)),
            ..sample(handle)
        }
    }

    #[test]
    fn digit_runs_spare_birth_years() {
        assert!(has_digit_run("user83920"));
        assert!(has_digit_run("anna_4471@bots.example"));
        assert!(has_digit_run("x12345y"));
        assert!(!has_digit_run("maria1990"));
        assert!(!has_digit_run("joe_87"));
        assert!(!has_digit_run("alice@server12345.example"), "domain digits");
        assert!(!has_digit_run(""));
    }

    #[test]
    fn bots_score_high_and_plain_people_low() {
        let person = sample("maria_silva");
        let person_likeness = bot_likeness(&person, now());
        let bot_likeness_value = bot_likeness(&bot("user8812734"), now());
        assert!(person_likeness < 0.1, "{person_likeness}");
        assert!(bot_likeness_value > 0.95, "{bot_likeness_value}");
        // One mark alone does not make a bot.
        let shy = AudienceSample {
            has_avatar: false,
            ..sample("shy")
        };
        assert!(bot_likeness(&shy, now()) < BOT_LIKE_THRESHOLD);
        let flagged = AudienceSample {
            is_bot: true,
            ..sample("newsfeed")
        };
        assert!(bot_likeness(&flagged, now()) > BOT_LIKE_THRESHOLD);
    }

    #[test]
    fn advertising_bios_are_a_bot_mark_and_ordinary_bios_are_not() {
        assert!(promotional_bio("DM for promo 📩"));
        assert!(promotional_bio("follow for follow"));
        assert!(promotional_bio("📈 Grow your page"));
        assert!(promotional_bio("crypto | forex | 💰"));
        assert!(!promotional_bio("coffee and books"));
        assert!(!promotional_bio("mom of 2 | runner | also @anna_runs"));
        assert!(
            !promotional_bio("Featured in Vogue"),
            "a word inside another is no match"
        );
        assert!(!promotional_bio(""));
        let promoter = AudienceSample {
            bio: Some("f4f l4l".into()),
            ..sample("maria_silva")
        };
        let plain = sample("maria_silva");
        assert!(bot_likeness(&promoter, now()) > 3.0 * bot_likeness(&plain, now()));
        // One mark alone still does not make a bot.
        assert!(bot_likeness(&promoter, now()) < BOT_LIKE_THRESHOLD);
        let digits = sample("user8812734");
        assert!(bot_likeness(&digits, now()) < BOT_LIKE_THRESHOLD);
    }

    #[test]
    fn spam_replies_solicit_or_say_nothing_but_emoji() {
        assert_eq!(
            spam_reply("Great content! DM us for a feature 📩"),
            Some(SpamReply::Soliciting)
        );
        assert_eq!(spam_reply("Follow back?"), Some(SpamReply::Soliciting));
        assert_eq!(
            spam_reply("Send this to @viralpage for a shoutout"),
            Some(SpamReply::Soliciting)
        );
        assert_eq!(spam_reply("🔥🔥🔥"), Some(SpamReply::EmojiOnly));
        assert_eq!(spam_reply("@alice 👏👏"), Some(SpamReply::EmojiOnly));
        // The handles a reply answers are not a promotion; ordinary praise is not spam.
        assert_eq!(spam_reply("@alice @bob Saving this 🙌"), None);
        assert_eq!(spam_reply("Where did you get the featured tent?"), None);
        assert_eq!(spam_reply("Que receita maravilhosa!"), None);
        assert_eq!(spam_reply(""), None);
        let disguised = AudienceSample {
            text: Some("Check your DM 📩".into()),
            ..sample("maria_silva")
        };
        let plain = AudienceSample {
            text: Some("Love this!".into()),
            ..sample("maria_silva")
        };
        assert!(bot_likeness(&disguised, now()) > 3.0 * bot_likeness(&plain, now()));
    }

    #[test]
    fn mass_following_new_and_influencer_types() {
        assert_eq!(is_mass_following(&bot("b")), Some(true));
        assert_eq!(is_mass_following(&sample("p")), Some(false));
        let no_counts = AudienceSample {
            following: None,
            ..sample("q")
        };
        assert_eq!(is_mass_following(&no_counts), None);
        assert_eq!(is_new_account(&bot("b"), now()), Some(true));
        assert_eq!(is_new_account(&sample("p"), now()), Some(false));
        let creator_like = AudienceSample {
            followers: Some(12_000),
            following: Some(900),
            ..sample("c")
        };
        assert_eq!(is_influencer_like(&creator_like), Some(true));
        assert_eq!(is_influencer_like(&sample("p")), Some(false));
    }

    #[test]
    fn stats_summarise_the_sample() {
        let mut samples = vec![
            sample("ana"),
            sample("ben"),
            bot("user1234567"),
            bot("promo99881"),
        ];
        for (position, sample) in samples.iter_mut().enumerate() {
            sample.post_id = Some(if position < 2 { "p1" } else { "p2" }.to_string());
        }
        let posts = vec![post(1, 100, 10), post(2, 100, 30)];
        let stats = AudienceStats::compute(&samples, &posts, now());
        assert_eq!(stats.sample_size, 4);
        assert_eq!(stats.no_avatar_share, Some(0.5));
        assert_eq!(stats.digit_handle_share, Some(0.5));
        assert_eq!(stats.mass_following_share, Some(0.5));
        assert_eq!(stats.new_account_share, Some(0.5));
        assert_eq!(stats.bot_like_share, Some(0.5));
        assert_eq!(stats.flagged_bot_share, Some(0.0));
        assert_eq!(stats.median_follower_count, Some((3.0 + 120.0) / 2.0));
        // 4 distinct commenters over the 40 comments of p1 and p2.
        assert_eq!(stats.distinct_commenter_ratio, Some(0.1));
        assert_eq!(stats.top_commenter_concentration, Some(1.0));
        assert_eq!(
            AudienceStats::compute(&[], &posts, now()),
            AudienceStats::default()
        );
    }

    #[test]
    fn concentration_rises_when_the_same_commenters_return() {
        let mut samples = Vec::new();
        for post_number in 0..6 {
            for member in ["pod_a", "pod_b"] {
                let mut returning = sample(member);
                returning.post_id = Some(format!("p{post_number}"));
                samples.push(returning);
            }
        }
        for one_off in 0..8 {
            let mut visitor = sample(&format!("visitor{one_off}"));
            visitor.post_id = Some("p0".into());
            samples.push(visitor);
        }
        let concentration = top_commenter_concentration(&samples).unwrap();
        // pod_a and pod_b make 12 of 20 appearances, plus three one-offs.
        assert!(
            (concentration - 15.0 / 20.0).abs() < 1e-9,
            "{concentration}"
        );
    }
}
