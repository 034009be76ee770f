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
//!
//! Where the platform shows them, two counts of the replier's activity weigh too: an account
//! that has published almost nothing ([`FEW_POSTS`]) is a bot mark (farm accounts exist to
//! follow and reply, not to post), and a reply that other people liked is evidence of a person
//! (nobody likes a bot's "Nice pic 🔥"): it takes weight off the other marks. A reply without
//! likes says nothing, since most people's replies get none either.

use std::sync::LazyLock;

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

/// An account that has published fewer posts than this has "almost no posts".
pub const FEW_POSTS: u64 = 20;

/// [`unliked_reply_share`] needs the likes of at least this many sampled replies.
pub const MIN_REPLY_LIKES_SHOWN: usize = 8;

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
const BOT_FEW_POSTS: f64 = 1.5;
/// Negative: a reply other people liked is evidence of a person.
const BOT_LIKED_REPLY: f64 = -1.5;

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
    /// Replies that other people liked, over samples whose reply likes are shown.
    #[serde(default)]
    pub liked_reply_share: Option<f64>,
    /// Accounts with fewer than [`FEW_POSTS`] posts, over samples whose post count is shown.
    #[serde(default)]
    pub few_posts_share: Option<f64>,
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
        AudienceStats::compute_with_marks(samples, &BotMarks::of_all(samples), posts, now)
    }

    /// [`AudienceStats::compute`] with the samples' [`BotMarks`] read beforehand (one per
    /// sample, in order; read again when the counts differ), so a caller that also estimates
    /// the audience reads each profile once.
    pub fn compute_with_marks(
        samples: &[AudienceSample],
        marks: &[BotMarks],
        posts: &[Post],
        now: DateTime<Utc>,
    ) -> Self {
        let sample_size = samples.len();
        if sample_size == 0 {
            return AudienceStats::default();
        }
        let read;
        let marks = if marks.len() == sample_size {
            marks
        } else {
            read = BotMarks::of_all(samples);
            &read
        };
        let share_of = |flags: &mut dyn Iterator<Item = Option<bool>>| -> Option<f64> {
            let (mut known, mut set) = (0_usize, 0_usize);
            for flag in flags.flatten() {
                known += 1;
                set += usize::from(flag);
            }
            (known > 0).then(|| set as f64 / known as f64)
        };
        let likeness: Vec<f64> = marks.iter().map(|marks| marks.likeness(now)).collect();
        let mut followers: Vec<f64> = samples
            .iter()
            .filter_map(|sample| sample.followers)
            .map(|count| count as f64)
            .collect();
        AudienceStats {
            sample_size,
            no_avatar_share: share_of(&mut samples.iter().map(|s| Some(!s.has_avatar))),
            digit_handle_share: share_of(&mut marks.iter().map(|m| Some(m.digit_run))),
            mass_following_share: share_of(&mut samples.iter().map(is_mass_following)),
            new_account_share: share_of(&mut samples.iter().map(|s| is_new_account(s, now))),
            flagged_bot_share: share_of(&mut samples.iter().map(|s| Some(s.is_bot))),
            influencer_share: share_of(&mut samples.iter().map(is_influencer_like)),
            spam_reply_share: share_of(
                &mut samples
                    .iter()
                    .zip(marks)
                    .map(|(s, m)| s.text.as_ref().map(|_| m.spam.is_some())),
            ),
            liked_reply_share: share_of(&mut marks.iter().map(|m| m.liked_reply)),
            few_posts_share: share_of(&mut marks.iter().map(|m| m.few_posts)),
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
    BotMarks::of(sample).likeness(now)
}

/// The marks of [`bot_likeness`] one profile carries, read once: the text checks (handle
/// digits, an advertising bio, a spam reply) cost far more than the logistic, and both the
/// audience statistics and the audience estimate weigh every profile, at their own `now`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BotMarks {
    no_avatar: bool,
    digit_run: bool,
    mass_following: bool,
    account_created_at: Option<DateTime<Utc>>,
    empty_bio: bool,
    no_display_name: bool,
    flagged: bool,
    promotional_bio: bool,
    spam: Option<SpamReply>,
    /// Whether the reply got likes; `None` when the source does not show them.
    liked_reply: Option<bool>,
    /// Whether the account has fewer than [`FEW_POSTS`] posts; `None` when unknown.
    few_posts: Option<bool>,
}

impl BotMarks {
    /// The marks of `sample`'s profile and reply.
    pub fn of(sample: &AudienceSample) -> BotMarks {
        let empty =
            |text: &Option<String>| text.as_deref().is_none_or(|text| text.trim().is_empty());
        BotMarks {
            no_avatar: !sample.has_avatar,
            digit_run: has_digit_run(&sample.handle),
            mass_following: is_mass_following(sample) == Some(true),
            account_created_at: sample.account_created_at,
            empty_bio: empty(&sample.bio),
            no_display_name: empty(&sample.display_name),
            flagged: sample.is_bot,
            promotional_bio: sample.bio.as_deref().is_some_and(promotional_bio),
            spam: sample.text.as_deref().and_then(spam_reply),
            liked_reply: sample.reply_likes.map(|likes| likes > 0),
            few_posts: has_few_posts(sample),
        }
    }

    /// The marks of every sample, in order.
    pub fn of_all(samples: &[AudienceSample]) -> Vec<BotMarks> {
        samples.iter().map(BotMarks::of).collect()
    }

    /// [`bot_likeness`] of the profile at `now` (the account's age is the one mark that
    /// depends on it).
    pub fn likeness(&self, now: DateTime<Utc>) -> f64 {
        let mark = |set: bool, weight: f64| if set { weight } else { 0.0 };
        let new_account = self
            .account_created_at
            .is_some_and(|created| now - created < Duration::days(NEW_ACCOUNT_DAYS));
        let z = BOT_INTERCEPT
            + mark(self.no_avatar, BOT_NO_AVATAR)
            + mark(self.digit_run, BOT_DIGIT_RUN)
            + mark(self.mass_following, BOT_MASS_FOLLOWING)
            + mark(new_account, BOT_NEW_ACCOUNT)
            + mark(self.empty_bio, BOT_EMPTY_BIO)
            + mark(self.no_display_name, BOT_NO_DISPLAY_NAME)
            + mark(self.flagged, BOT_FLAGGED)
            + mark(self.promotional_bio, BOT_PROMOTIONAL_BIO)
            + match self.spam {
                Some(SpamReply::Soliciting) => BOT_SOLICITING_REPLY,
                Some(SpamReply::EmojiOnly) => BOT_EMOJI_ONLY_REPLY,
                None => 0.0,
            }
            + mark(self.few_posts == Some(true), BOT_FEW_POSTS)
            + mark(self.liked_reply == Some(true), BOT_LIKED_REPLY);
        1.0 / (1.0 + (-z).exp())
    }
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
    let soliciting = mentions || says_any(text, &SOLICITATION_WORDS);
    soliciting.then_some(SpamReply::Soliciting)
}

/// Whether a bio advertises: the solicitations of comment spam ("DM for promo", "follow for
/// follow", "link in bio") or phrases that sell reach or push schemes ("grow your page",
/// "crypto | forex"). Handles in a bio are not counted: people name their other accounts.
pub fn promotional_bio(bio: &str) -> bool {
    says_any(bio, &PROMOTIONAL_WORDS)
}

/// The longest phrase of [`SOLICITATIONS`] and [`PROMOTIONAL_BIO_PHRASES`], in words.
const MAX_PHRASE_WORDS: usize = 3;

/// The distinct words of a phrase list, and each phrase as indexes into them.
struct PhraseWords {
    words: Vec<&'static str>,
    phrases: Vec<Vec<usize>>,
}

impl PhraseWords {
    fn of(phrases: &[&'static str]) -> PhraseWords {
        let mut words: Vec<&'static str> = Vec::new();
        let phrases = phrases
            .iter()
            .map(|phrase| {
                phrase
                    .split(' ')
                    .map(|word| match words.iter().position(|known| *known == word) {
                        Some(index) => index,
                        None => {
                            words.push(word);
                            words.len() - 1
                        }
                    })
                    .collect()
            })
            .collect();
        PhraseWords { words, phrases }
    }
}

/// The words of comment-spam solicitations.
static SOLICITATION_WORDS: LazyLock<PhraseWords> =
    LazyLock::new(|| PhraseWords::of(&SOLICITATIONS));

/// The words of solicitations and advertising bio phrases.
static PROMOTIONAL_WORDS: LazyLock<PhraseWords> = LazyLock::new(|| {
    let phrases: Vec<&'static str> = SOLICITATIONS
        .iter()
        .chain(PROMOTIONAL_BIO_PHRASES.iter())
        .copied()
        .collect();
    PhraseWords::of(&phrases)
});

/// Whether the lower-cased words of `text` (runs of alphanumerics) hold one of the phrases
/// as consecutive words: what matching `" {phrase} "` inside the words joined by single
/// spaces does, without building any string. Only ASCII words can equal a phrase's words,
/// so a word is kept in a small buffer only while it is ASCII and short.
fn says_any(text: &str, phrases: &PhraseWords) -> bool {
    const LONGEST_WORD: usize = 16;
    // The last words read, newest last, as indexes into `phrases.words` (`None`: another word).
    let mut recent: [Option<usize>; MAX_PHRASE_WORDS] = [None; MAX_PHRASE_WORDS];
    let mut read = 0_usize;
    let mut word = [0_u8; LONGEST_WORD];
    let mut length = 0_usize;
    let mut plain = true;
    let mut finish = |word: &[u8], plain: bool| -> bool {
        let index = if plain {
            phrases
                .words
                .iter()
                .position(|known| known.as_bytes() == word)
        } else {
            None
        };
        recent.rotate_left(1);
        recent[MAX_PHRASE_WORDS - 1] = index;
        read += 1;
        // Every phrase ends with one of the words: none can end at another one.
        index.is_some()
            && phrases.phrases.iter().any(|phrase| {
                phrase.len() <= read
                    && phrase
                        .iter()
                        .rev()
                        .zip(recent.iter().rev())
                        .all(|(wanted, seen)| *seen == Some(*wanted))
            })
    };
    // One lower-cased character: part of the word, or the end of one.
    let mut step = |lower: char, alphanumeric: bool| -> bool {
        if alphanumeric {
            if lower.is_ascii() && length < LONGEST_WORD {
                word[length] = lower as u8;
                length += 1;
            } else {
                plain = false;
            }
        } else if length > 0 || !plain {
            if finish(&word[..length], plain) {
                return true;
            }
            length = 0;
            plain = true;
        }
        false
    };
    for c in text.chars() {
        // ASCII lower-cases to one ASCII character, whose class the ASCII tests tell.
        let said = if c.is_ascii() {
            step(c.to_ascii_lowercase(), c.is_ascii_alphanumeric())
        } else {
            c.to_lowercase()
                .any(|lower| step(lower, lower.is_alphanumeric()))
        };
        if said {
            return true;
        }
    }
    (length > 0 || !plain) && finish(&word[..length], plain)
}

/// The handle (its local part, before any `@domain`) holds five digits in a row, or four
/// that cannot be a year people put in handles (1940–2029): `user83920`, `anna_4471`, but not
/// `maria1990`.
pub fn has_digit_run(handle: &str) -> bool {
    let local = handle.trim_start_matches('@');
    let local = local.split('@').next().unwrap_or(local);
    // The current run of digits: its length and (up to four digits) its value.
    let (mut run, mut value) = (0_usize, 0_u32);
    for c in local.chars().chain(std::iter::once(' ')) {
        if let Some(digit) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            run += 1;
            if run <= 4 {
                value = value * 10 + digit;
            }
        } else {
            if run >= 5 || run == 4 && !(1940..=2029).contains(&value) {
                return true;
            }
            run = 0;
            value = 0;
        }
    }
    false
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

/// Share of the sampled replies that nobody liked, over the samples whose reply likes are
/// shown; `None` when fewer than [`MIN_REPLY_LIKES_SHOWN`] are. Bots' replies go unliked, so
/// an audience with many bots leaves more of them unliked than the crawl's other creators.
pub fn unliked_reply_share(samples: &[AudienceSample]) -> Option<f64> {
    unliked_reply_counts(samples).map(|(unliked, shown)| unliked as f64 / shown as f64)
}

/// How many sampled replies nobody liked, out of how many whose likes are shown; `None` when
/// fewer than [`MIN_REPLY_LIKES_SHOWN`] are. The counts, not only the share, say how sure a
/// share is: 8 of 10 unliked is weaker evidence than 24 of 30.
pub fn unliked_reply_counts(samples: &[AudienceSample]) -> Option<(usize, usize)> {
    let (mut shown, mut unliked) = (0_usize, 0_usize);
    for likes in samples.iter().filter_map(|sample| sample.reply_likes) {
        shown += 1;
        unliked += usize::from(likes == 0);
    }
    (shown >= MIN_REPLY_LIKES_SHOWN).then_some((unliked, shown))
}

/// The account has published fewer than [`FEW_POSTS`] posts; `None` when its post count is
/// unknown.
pub fn has_few_posts(sample: &AudienceSample) -> Option<bool> {
    sample.post_count.map(|posts| posts < FEW_POSTS)
}

/// The market's "influencer" audience type: at least [`INFLUENCER_MIN_FOLLOWERS`] followers
/// while following fewer than [`INFLUENCER_MAX_FOLLOWING`]; `None` when counts are unknown.
pub fn is_influencer_like(sample: &AudienceSample) -> Option<bool> {
    let followers = sample.followers?;
    let following = sample.following?;
    Some(followers >= INFLUENCER_MIN_FOLLOWERS && following < INFLUENCER_MAX_FOLLOWING)
}

fn distinct_commenter_ratio(samples: &[AudienceSample], posts: &[Post]) -> Option<f64> {
    // Sorted lists rather than hash sets: a sample holds a few dozen profiles.
    let mut sampled_posts: Vec<&str> = samples
        .iter()
        .filter_map(|sample| sample.post_id.as_deref())
        .collect();
    sampled_posts.sort_unstable();
    sampled_posts.dedup();
    let comments: u64 = posts
        .iter()
        .filter(|post| sampled_posts.binary_search(&post.id.as_str()).is_ok())
        .filter_map(|post| post.comments)
        .sum();
    if comments == 0 {
        return None;
    }
    let mut distinct: Vec<&str> = samples
        .iter()
        .filter(|sample| sample.post_id.is_some())
        .map(|sample| sample.handle.as_str())
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    Some((distinct.len() as f64 / comments as f64).min(1.0))
}

fn top_commenter_concentration(samples: &[AudienceSample]) -> Option<f64> {
    // Distinct (commenter, post) appearances, grouped by commenter.
    let mut appearances: Vec<(&str, Option<&str>)> = samples
        .iter()
        .map(|sample| (sample.handle.as_str(), sample.post_id.as_deref()))
        .collect();
    appearances.sort_unstable();
    appearances.dedup();
    let mut counts: Vec<usize> = appearances
        .chunk_by(|a, b| a.0 == b.0)
        .map(<[_]>::len)
        .collect();
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

    /// The string-building readings these functions replaced, kept to check that the
    /// allocation-free ones answer the same.
    mod reference {
        use super::super::{SpamReply, PROMOTIONAL_BIO_PHRASES, SOLICITATIONS};

        fn joined_words(text: &str) -> String {
            let lower = text.to_lowercase();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .collect();
            format!(" {} ", words.join(" "))
        }

        pub fn promotional_bio(bio: &str) -> bool {
            let joined = joined_words(bio);
            SOLICITATIONS
                .iter()
                .chain(PROMOTIONAL_BIO_PHRASES.iter())
                .any(|phrase| joined.contains(&format!(" {phrase} ")))
        }

        pub fn spam_reply(text: &str) -> Option<SpamReply> {
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
            let mentions = text.split_whitespace().any(|word| {
                word.strip_prefix('@')
                    .is_some_and(|handle| handle.chars().next().is_some_and(char::is_alphanumeric))
            });
            let joined = joined_words(text);
            let soliciting = SOLICITATIONS
                .iter()
                .any(|phrase| joined.contains(&format!(" {phrase} ")));
            (mentions || soliciting).then_some(SpamReply::Soliciting)
        }

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
    }

    /// Texts that probe word boundaries, case and Unicode: phrases at either end, glued to
    /// punctuation or emoji, split by a capital whose lower case is two characters (İ), a
    /// Kelvin sign that lower-cases to ASCII, a final sigma, long and non-ASCII words.
    const TRICKY_TEXTS: [&str; 30] = [
        "",
        "dm",
        "DM",
        "Dm me",
        "DM for promo 📩",
        "📩DM📩",
        "follow for follow",
        "follow  for\tfollow",
        "follow for follower",
        "unfollow for follow",
        "follow4follow",
        "f4f l4l",
        "F4F|L4L",
        "check my page",
        "check mypage",
        "link in bio ⬇️",
        "link in bİo",
        "lİnk in bio",
        "İstanbul dm",
        "\u{212A}itchen promo",
        "ΣΑΣ dm",
        "grow your page",
        "Grow Your Page!!!",
        "grow-your-page",
        "shop now",
        "giveaways and giveaway",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa dm",
        "café promo",
        "promoção",
        "Featured in Vogue",
    ];

    #[test]
    fn allocation_free_readings_match_the_string_ones() {
        let mut replies: Vec<String> = TRICKY_TEXTS.iter().map(|text| text.to_string()).collect();
        replies.extend(TRICKY_TEXTS.iter().map(|text| format!("@alice {text}")));
        replies.extend(
            TRICKY_TEXTS
                .iter()
                .map(|text| format!("{text} @promo_page")),
        );
        replies.extend(
            [
                "🔥🔥🔥",
                "@alice 👏👏",
                "@alice @bob Saving this 🙌",
                "  @x  ",
            ]
            .map(String::from),
        );
        for text in &replies {
            assert_eq!(
                promotional_bio(text),
                reference::promotional_bio(text),
                "bio {text:?}"
            );
            assert_eq!(
                spam_reply(text),
                reference::spam_reply(text),
                "reply {text:?}"
            );
        }
        for handle in [
            "",
            "user83920",
            "anna_4471@bots.example",
            "x12345y",
            "maria1990",
            "joe_87",
            "alice@server12345.example",
            "@0123",
            "a1939b",
            "a1940b",
            "a2029",
            "a2030",
            "1234567",
            "12-3456",
            "٣٤٥٦٧٨",
            "ab12cd3456ef",
            "@@9999",
        ] {
            assert_eq!(
                has_digit_run(handle),
                reference::has_digit_run(handle),
                "handle {handle:?}"
            );
        }
    }

    #[test]
    fn marks_read_once_give_the_same_likeness_and_stats() {
        let mut samples = vec![sample("maria_silva"), bot("user8812734"), bot("promo99881")];
        for (position, text) in TRICKY_TEXTS.iter().enumerate() {
            let mut profile = if position % 3 == 0 {
                bot("x")
            } else {
                sample("y")
            };
            profile.handle = format!("fan{}", position * 7919);
            profile.bio = (position % 4 != 0).then(|| text.to_string());
            profile.text = (position % 2 == 0).then(|| TRICKY_TEXTS[29 - position].to_string());
            profile.display_name = (position % 5 == 0).then(|| "  ".to_string());
            profile.account_created_at = Some(now() - Duration::days(150 + position as i64 * 2));
            profile.is_bot = position == 7;
            profile.reply_likes = (position % 3 != 1).then_some(position as u64 % 4);
            profile.post_count = (position % 4 != 3).then_some(position as u64 * 3);
            samples.push(profile);
        }
        let marks = BotMarks::of_all(&samples);
        // Two `now`s either side of some accounts turning 180 days old.
        for at in [now(), now() - Duration::days(25)] {
            for (sample, marks) in samples.iter().zip(&marks) {
                let expected = reference_likeness(sample, at);
                assert_eq!(bot_likeness(sample, at).to_bits(), expected.to_bits());
                assert_eq!(marks.likeness(at).to_bits(), expected.to_bits());
            }
            let posts = vec![post(1, 100, 10)];
            assert_eq!(
                AudienceStats::compute_with_marks(&samples, &marks, &posts, at),
                AudienceStats::compute(&samples, &posts, at)
            );
            // Marks that do not belong to the samples are read again.
            assert_eq!(
                AudienceStats::compute_with_marks(&samples, &marks[1..], &posts, at),
                AudienceStats::compute(&samples, &posts, at)
            );
        }
    }

    /// [`bot_likeness`] as it read each mark before [`BotMarks`].
    fn reference_likeness(sample: &AudienceSample, now: DateTime<Utc>) -> f64 {
        let mark = |set: bool, weight: f64| if set { weight } else { 0.0 };
        let empty =
            |text: &Option<String>| text.as_deref().is_none_or(|text| text.trim().is_empty());
        let z = BOT_INTERCEPT
            + mark(!sample.has_avatar, BOT_NO_AVATAR)
            + mark(reference::has_digit_run(&sample.handle), BOT_DIGIT_RUN)
            + mark(is_mass_following(sample) == Some(true), BOT_MASS_FOLLOWING)
            + mark(is_new_account(sample, now) == Some(true), BOT_NEW_ACCOUNT)
            + mark(empty(&sample.bio), BOT_EMPTY_BIO)
            + mark(empty(&sample.display_name), BOT_NO_DISPLAY_NAME)
            + mark(sample.is_bot, BOT_FLAGGED)
            + mark(
                sample
                    .bio
                    .as_deref()
                    .is_some_and(reference::promotional_bio),
                BOT_PROMOTIONAL_BIO,
            )
            + match sample.text.as_deref().and_then(reference::spam_reply) {
                Some(SpamReply::Soliciting) => BOT_SOLICITING_REPLY,
                Some(SpamReply::EmojiOnly) => BOT_EMOJI_ONLY_REPLY,
                None => 0.0,
            }
            + mark(has_few_posts(sample) == Some(true), BOT_FEW_POSTS)
            + mark(
                sample.reply_likes.is_some_and(|likes| likes > 0),
                BOT_LIKED_REPLY,
            );
        1.0 / (1.0 + (-z).exp())
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
    fn few_posts_are_a_bot_mark_and_a_liked_reply_is_a_human_one() {
        let plain = sample("maria_silva");
        let quiet = AudienceSample {
            post_count: Some(FEW_POSTS - 1),
            ..sample("maria_silva")
        };
        let active = AudienceSample {
            post_count: Some(FEW_POSTS),
            ..sample("maria_silva")
        };
        assert_eq!(has_few_posts(&quiet), Some(true));
        assert_eq!(has_few_posts(&active), Some(false));
        assert_eq!(has_few_posts(&plain), None);
        assert!(bot_likeness(&quiet, now()) > 3.0 * bot_likeness(&plain, now()));
        assert_eq!(bot_likeness(&active, now()), bot_likeness(&plain, now()));
        // One mark alone does not make a bot; with a missing avatar it does.
        assert!(bot_likeness(&quiet, now()) < BOT_LIKE_THRESHOLD);
        let faceless_quiet = AudienceSample {
            has_avatar: false,
            ..quiet.clone()
        };
        assert!(bot_likeness(&faceless_quiet, now()) >= BOT_LIKE_THRESHOLD);

        // A shy new account with an empty profile looks like a bot until people like its
        // reply; a reply nobody liked changes nothing.
        let shy = AudienceSample {
            has_avatar: false,
            bio: None,
            account_created_at: Some(now() - Duration::days(60)),
            ..sample("joana")
        };
        let liked = AudienceSample {
            reply_likes: Some(3),
            ..shy.clone()
        };
        let unliked = AudienceSample {
            reply_likes: Some(0),
            ..shy.clone()
        };
        assert!(bot_likeness(&shy, now()) >= BOT_LIKE_THRESHOLD);
        assert!(bot_likeness(&liked, now()) < BOT_LIKE_THRESHOLD);
        assert_eq!(bot_likeness(&unliked, now()), bot_likeness(&shy, now()));
        // Likes do not clear an account the platform flags as automated.
        let flagged = AudienceSample {
            is_bot: true,
            ..liked.clone()
        };
        assert!(bot_likeness(&flagged, now()) >= BOT_LIKE_THRESHOLD);
    }

    #[test]
    fn activity_shares_count_only_the_samples_that_show_them() {
        let mut samples: Vec<AudienceSample> = (0..6).map(|n| sample(&format!("fan{n}"))).collect();
        assert_eq!(
            AudienceStats::compute(&samples, &[], now()).liked_reply_share,
            None
        );
        assert_eq!(
            AudienceStats::compute(&samples, &[], now()).few_posts_share,
            None
        );
        for (position, sample) in samples.iter_mut().enumerate() {
            sample.reply_likes = [Some(2), Some(0), Some(1), None, None, Some(0)][position];
            sample.post_count = [Some(3), Some(400), None, None, None, None][position];
        }
        let stats = AudienceStats::compute(&samples, &[], now());
        assert_eq!(stats.liked_reply_share, Some(0.5));
        assert_eq!(stats.few_posts_share, Some(0.5));
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
    fn sorted_counts_equal_the_hashed_ones() {
        use std::collections::{HashMap, HashSet};
        let mut samples = Vec::new();
        for index in 0..40_usize {
            let mut visitor = sample(&format!("fan{}", index % 9));
            visitor.post_id = (index % 5 != 0).then(|| format!("p{}", index % 7));
            samples.push(visitor);
        }
        let posts: Vec<Post> = (0..9_u64)
            .map(|day| post(day as i64, 100, 3 + day))
            .collect();
        let mut appearances: HashMap<&str, HashSet<Option<&str>>> = HashMap::new();
        for sample in &samples {
            appearances
                .entry(sample.handle.as_str())
                .or_default()
                .insert(sample.post_id.as_deref());
        }
        let mut counts: Vec<usize> = appearances.values().map(HashSet::len).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let total: usize = counts.iter().sum();
        let top: usize = counts.iter().take(TOP_COMMENTERS).sum();
        assert_eq!(
            top_commenter_concentration(&samples),
            Some(top as f64 / total as f64)
        );
        let sampled: HashSet<&str> = samples
            .iter()
            .filter_map(|s| s.post_id.as_deref())
            .collect();
        let comments: u64 = posts
            .iter()
            .filter(|post| sampled.contains(post.id.as_str()))
            .filter_map(|post| post.comments)
            .sum();
        let distinct: HashSet<&str> = samples
            .iter()
            .filter(|s| s.post_id.is_some())
            .map(|s| s.handle.as_str())
            .collect();
        assert_eq!(
            distinct_commenter_ratio(&samples, &posts),
            Some((distinct.len() as f64 / comments as f64).min(1.0))
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
