//! The noise that keeps the simulated web from being easy (issue #4): bios that do not name
//! the niche, creators who drift off topic, bilingual writing, noisy commenter profiles and
//! fraud that no single field gives away. No published figure backs these shares; every one
//! is an assumption, chosen so that each kind of noise is common enough to matter in a top 10
//! and rare enough that the signal across a creator's posts and audience still wins.

use crate::sim::geo::Language;

/// How a creator's bio relates to their niches: names them (primary first), leads with a
/// secondary niche, says nothing about a niche ("coffee, sunsets and good vibes"), or names
/// a different interest than the one they post about. Assumption.
pub const BIO_STYLE_WEIGHTS: [f64; 4] = [0.60, 0.08, 0.22, 0.10];

/// Per-creator topic focus: the weight of niche words in captions is scaled by a focus drawn
/// from this range; the rest goes to filler and other niches' words. Assumption.
pub const TOPIC_FOCUS: (f64, f64) = (0.5, 1.0);

/// Extra caption-slot weight for other niches' words and for filler at the lowest focus
/// (scaled linearly to zero at full focus). Assumption.
pub const UNFOCUSED_SLOT_WEIGHTS: (f64, f64) = (0.08, 0.30);

/// Log-normal spread of a creator's off-topic post share around
/// [`crate::sim::params::OFF_TOPIC_POST_SHARE`]. Assumption.
pub const OFF_TOPIC_SHARE_LN_SD: f64 = 0.5;

/// Share of "lifestyle" creators whose feed is largely off topic, and their off-topic share.
/// Assumption.
pub const GENERALIST_SHARE: f64 = 0.12;
/// See [`GENERALIST_SHARE`].
pub const GENERALIST_OFF_TOPIC_SHARE: (f64, f64) = (0.3, 0.5);

/// Highest off-topic share of any creator. Assumption.
pub const MAX_OFF_TOPIC_SHARE: f64 = 0.6;

/// Share of niche hashtags taken from an unrelated niche (trend-jacking: #fitness on an
/// outfit post). Assumption.
pub const HASHTAG_OFF_NICHE_SHARE: f64 = 0.06;

/// Share of creators who write in a second language, by main language. Assumption (higher
/// where English is widely used alongside the native language).
pub const BILINGUAL_SHARE: [(Language, f64); 5] = [
    (Language::En, 0.06),
    (Language::Es, 0.22),
    (Language::Pt, 0.20),
    (Language::De, 0.28),
    (Language::Fr, 0.20),
];

/// A non-English bilingual creator's second language is English with this probability,
/// otherwise a neighbouring language. Assumption.
pub const SECOND_LANGUAGE_ENGLISH_SHARE: f64 = 0.75;

/// Share of a bilingual creator's posts written in the second language. Assumption.
pub const SECOND_LANGUAGE_POST_SHARE: (f64, f64) = (0.15, 0.5);

/// Share of a bilingual creator's main-language posts with one sentence in the other
/// language (code-switching). Assumption.
pub const CODE_SWITCH_POST_SHARE: f64 = 0.25;

/// Share of second-language posts still tagged with the creator's default language (the
/// platforms' language field is a per-account default most people never change).
/// Assumption.
pub const MISDECLARED_LANGUAGE_SHARE: f64 = 0.3;

/// Share of bilingual creators whose bio has a line in the second language. Assumption.
pub const BILINGUAL_BIO_SHARE: f64 = 0.5;

/// Share of creators who run comment-bait giveaways now and then, the share of their posts
/// that are giveaways, and how much such a post multiplies comments (honest creators with a
/// pod-like comment ratio on some posts). Assumption.
pub const GIVEAWAY_CREATOR_SHARE: f64 = 0.15;
/// See [`GIVEAWAY_CREATOR_SHARE`].
pub const GIVEAWAY_POST_SHARE: f64 = 0.06;
/// See [`GIVEAWAY_CREATOR_SHARE`].
pub const GIVEAWAY_COMMENTS_FACTOR: (f64, f64) = (3.0, 8.0);

/// Share of typed commenter locations with a typo, a dropped accent or odd casing.
/// Assumption.
pub const SAMPLE_LOCATION_TYPO_SHARE: f64 = 0.12;

/// Share of human commenters living abroad: their location names another country than the
/// one they count in. Assumption.
pub const SAMPLE_EXPAT_SHARE: f64 = 0.03;

/// Share of human commenters whose display name is a pseudonym ("night owl 🦉", "K.") rather
/// than a name in the tables. Assumption.
pub const SAMPLE_PSEUDONYM_SHARE: f64 = 0.12;

/// Share of human commenters whose name comes from another region's name list (migrants,
/// heritage names). Assumption.
pub const SAMPLE_OTHER_REGION_NAME_SHARE: f64 = 0.07;

/// Share of human commenters who look like bots on one field or two: new account, following
/// many, no picture, no bio. Assumption.
pub const HUMAN_BOTLIKE_SHARE: f64 = 0.06;
/// Following count and account age (days) of bot-like humans. Assumption.
pub const HUMAN_BOTLIKE_FOLLOWING: (u64, u64) = (900, 3_500);
/// See [`HUMAN_BOTLIKE_FOLLOWING`].
pub const HUMAN_BOTLIKE_AGE_DAYS: (f64, f64) = (5.0, 150.0);

/// Share of bots disguised as people: aged accounts with a picture, a name, a plausible bio,
/// balanced counts and replies in the audience's languages. Assumption.
pub const BOT_DISGUISED_SHARE: f64 = 0.3;
/// Followers, following and account age (days) of disguised bots. Assumption.
pub const BOT_DISGUISED_FOLLOWERS: (u64, u64) = (40, 700);
/// See [`BOT_DISGUISED_FOLLOWERS`].
pub const BOT_DISGUISED_FOLLOWING: (u64, u64) = (250, 1_600);
/// See [`BOT_DISGUISED_FOLLOWERS`].
pub const BOT_DISGUISED_AGE_DAYS: (f64, f64) = (200.0, 2_000.0);

/// Share of a bot's replies copied from ordinary human replies (in some language) instead of
/// spam phrases. Assumption.
pub const BOT_HUMAN_REPLY_SHARE: f64 = 0.35;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_probabilities() {
        assert!((BIO_STYLE_WEIGHTS.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        for (_, share) in BILINGUAL_SHARE {
            assert!((0.0..=1.0).contains(&share));
        }
        assert!(TOPIC_FOCUS.0 < TOPIC_FOCUS.1 && TOPIC_FOCUS.1 <= 1.0);
        assert!(GENERALIST_OFF_TOPIC_SHARE.1 <= MAX_OFF_TOPIC_SHARE);
    }
}
