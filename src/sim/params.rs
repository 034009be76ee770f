//! Every number that shapes the simulated creator web, in one place.
//!
//! Each constant names its source (DESIGN §5 and the industry reports it cites) or says
//! "assumption" when no published figure backs it. Change a value here, not in the generator.
//! Platform-specific values live in `platforms`, the noise of issue #4 in `realism`, protocol
//! facts in `formats`; all are re-exported here.

mod audience;
mod formats;
mod platforms;
mod realism;

pub use audience::*;
pub use formats::*;
pub use platforms::*;
pub use realism::*;

use scout_models::{Niche, Platform};

use crate::sim::geo::{Country, Language};

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

/// The fixed "now" of [`crate::sim::World::generate`] (2025-06-01T00:00:00Z), so the same seed
/// gives the same web on every machine and every day. Assumption.
pub const ANCHOR_UNIX_SECONDS: i64 = 1_748_736_000;

/// Posts cover about the last six months before the anchor (issue text).
pub const POST_WINDOW_DAYS: f64 = 182.0;

/// Oldest and newest creator accounts, in days before the anchor. Assumption.
pub const CREATOR_ACCOUNT_AGE_DAYS: (f64, f64) = (200.0, 3_000.0);

/// How far back the hosts can show a creator's counts ([`crate::sim::SimServer::show_days_before`]).
pub const HISTORY_DAYS: u32 = 365;

/// Organic follower growth per 30 days, as a log-growth: a normal draw per creator with this
/// mean and spread, clamped to the range. Creators typically gain 1–3% a month (HypeAuditor
/// and Social Blade charts); a few shrink, a few grow fast. Assumption beyond that.
pub const MONTHLY_LOG_GROWTH: (f64, f64) = (0.02, 0.04);
/// See [`MONTHLY_LOG_GROWTH`].
pub const MONTHLY_LOG_GROWTH_RANGE: (f64, f64) = (-0.05, 0.25);

/// Shout-outs, features and viral posts: a jump in real followers that any account gets now
/// and then, at this rate per 30 days. Assumption.
pub const SHOUTOUT_RATE_PER_30_DAYS: f64 = 0.05;
/// A shout-out multiplies real followers by this factor, drawn log-uniformly. Assumption.
pub const SHOUTOUT_FACTOR: (f64, f64) = (1.15, 2.0);
/// Share of a shout-out's new followers who engage like the old ones, drawn uniformly:
/// drive-by followers engage less. Assumption.
pub const SHOUTOUT_ENGAGED_SHARE: (f64, f64) = (0.3, 0.9);

/// Engagement seen on one visit varies from the next (which posts are recent, what the
/// algorithm showed): a log-normal factor per creator and day with this spread. Assumption.
pub const VISIT_ENGAGEMENT_LN_SD: f64 = 0.1;

// ---------------------------------------------------------------------------------------------
// Platforms and virtual hosts
// ---------------------------------------------------------------------------------------------

/// Share of accounts per platform. DESIGN §5 names the platforms, not their mix; the
/// Mastodon-like instances stay the largest as in v1. Assumption.
pub const PLATFORM_SHARES: [(Platform, f64); 4] = [
    (Platform::Mastodon, 0.40),
    (Platform::Web, 0.25),
    (Platform::Bluesky, 0.20),
    (Platform::Youtube, 0.15),
];

/// How accounts spread over the three Mastodon-like instances (one big, two smaller).
/// Assumption.
pub const MASTODON_INSTANCE_WEIGHTS: [f64; 3] = [0.45, 0.33, 0.22];

/// How web accounts spread over the two creator sites. Assumption.
pub const CREATOR_SITE_WEIGHTS: [f64; 2] = [0.6, 0.4];

/// Share of accounts that belong to a person with a second, linked account (issue v1: ~10%).
pub const CROSS_PLATFORM_SHARE: f64 = 0.10;

/// Share of Mastodon creators who opt into the profile directory. Assumption.
pub const DISCOVERABLE_SHARE: f64 = 0.92;

/// Share of creator accounts with a profile picture. Assumption.
pub const CREATOR_AVATAR_SHARE: f64 = 0.97;

/// Share of creator web pages whose JSON-LD is broken (issue v1: ~1%).
pub const MALFORMED_PAGE_SHARE: f64 = 0.01;

/// Share of creators writing a public contact e-mail in the bio, by tier nano → mega.
/// Assumption.
pub const CONTACT_EMAIL_SHARE_BY_TIER: [f64; 5] = [0.15, 0.35, 0.55, 0.65, 0.7];

/// Share of creators whose username keeps capital letters (ids are lower-cased). Assumption.
pub const CAPITALISED_USERNAME_SHARE: f64 = 0.08;

/// Genders of creators themselves (female, male, other), which pick their first names.
/// Assumption.
pub const CREATOR_GENDER_WEIGHTS: [f64; 3] = [0.52, 0.44, 0.04];

/// Share of creators who fill in a location. Assumption.
pub const CREATOR_LOCATION_SHARE: f64 = 0.8;

/// Share of linked second accounts that reuse the person's handle. Assumption.
pub const LINKED_SAME_HANDLE_SHARE: f64 = 0.8;

/// Hard cap of creators per world: ids carry the creator index in 24 bits (see `ids.rs`).
pub const MAX_CREATORS: usize = 16_384_000;

// ---------------------------------------------------------------------------------------------
// Languages and countries
// ---------------------------------------------------------------------------------------------

/// Creator language shares (issue v1: en ~55%, es ~15%, pt ~12%, de ~9%, fr ~9%).
pub const LANGUAGE_WEIGHTS: [(Language, f64); 5] = [
    (Language::En, 0.55),
    (Language::Es, 0.15),
    (Language::Pt, 0.12),
    (Language::De, 0.09),
    (Language::Fr, 0.09),
];

/// Home countries of English-writing creators. Assumption.
pub const ENGLISH_COUNTRIES: &[(Country, f64)] = &[
    (Country::Us, 0.50),
    (Country::Gb, 0.18),
    (Country::Ca, 0.10),
    (Country::Au, 0.10),
    (Country::In, 0.12),
];

/// Home countries of Spanish-writing creators. Assumption.
pub const SPANISH_COUNTRIES: &[(Country, f64)] = &[
    (Country::Es, 0.35),
    (Country::Mx, 0.35),
    (Country::Ar, 0.15),
    (Country::Co, 0.15),
];

/// Home countries of Portuguese-writing creators. Assumption.
pub const PORTUGUESE_COUNTRIES: &[(Country, f64)] = &[(Country::Br, 0.8), (Country::Pt, 0.2)];

/// Home countries of German-writing creators. Assumption.
pub const GERMAN_COUNTRIES: &[(Country, f64)] = &[
    (Country::De, 0.75),
    (Country::At, 0.12),
    (Country::Ch, 0.13),
];

/// Home countries of French-writing creators. Assumption.
pub const FRENCH_COUNTRIES: &[(Country, f64)] = &[
    (Country::Fr, 0.72),
    (Country::Be, 0.14),
    (Country::Ca, 0.14),
];

/// Home countries for a creator language.
pub fn countries_for(language: Language) -> &'static [(Country, f64)] {
    match language {
        Language::En => ENGLISH_COUNTRIES,
        Language::Es => SPANISH_COUNTRIES,
        Language::Pt => PORTUGUESE_COUNTRIES,
        Language::De => GERMAN_COUNTRIES,
        Language::Fr => FRENCH_COUNTRIES,
    }
}

/// Share of a non-English creator's posts written in English. Assumption.
pub const ENGLISH_POST_SHARE_NON_ENGLISH: f64 = 0.10;

// ---------------------------------------------------------------------------------------------
// Niches
// ---------------------------------------------------------------------------------------------

/// How many niches a creator has: one, two or three (DESIGN §3: one to three). Assumption.
pub const NICHE_COUNT_WEIGHTS: [f64; 3] = [0.45, 0.40, 0.15];

/// Relative popularity of each niche as a primary niche, in [`Niche::ALL`] order. Assumption.
pub const PRIMARY_NICHE_WEIGHTS: [f64; 20] = [
    8.0, // fitness
    8.0, // beauty
    8.0, // fashion
    8.0, // food
    7.0, // travel
    6.0, // gaming
    5.0, // tech
    5.0, // parenting
    5.0, // pets
    4.0, // finance
    5.0, // music
    5.0, // sports
    3.0, // education
    3.0, // crafts
    4.0, // home
    3.0, // automotive
    5.0, // wellness
    4.0, // comedy
    4.0, // art
    3.0, // sustainability
];

/// Chance that a secondary niche is one related to the primary rather than any niche.
/// Assumption.
pub const RELATED_SECONDARY_SHARE: f64 = 0.75;

/// Niche pairs whose creators, vocabularies and audiences overlap (DESIGN §5: fitness ↔
/// health, food ↔ travel; the rest assumption). Symmetric.
pub const RELATED_NICHES: &[(Niche, Niche)] = &[
    (Niche::Fitness, Niche::Wellness),
    (Niche::Fitness, Niche::Sports),
    (Niche::Wellness, Niche::Sports),
    (Niche::Fitness, Niche::Food),
    (Niche::Food, Niche::Travel),
    (Niche::Food, Niche::Parenting),
    (Niche::Beauty, Niche::Fashion),
    (Niche::Beauty, Niche::Wellness),
    (Niche::Fashion, Niche::Travel),
    (Niche::Home, Niche::Crafts),
    (Niche::Home, Niche::Parenting),
    (Niche::Crafts, Niche::Parenting),
    (Niche::Crafts, Niche::Art),
    (Niche::Tech, Niche::Gaming),
    (Niche::Tech, Niche::Finance),
    (Niche::Tech, Niche::Automotive),
    (Niche::Gaming, Niche::Comedy),
    (Niche::Music, Niche::Art),
    (Niche::Music, Niche::Comedy),
    (Niche::Sustainability, Niche::Home),
    (Niche::Sustainability, Niche::Food),
    (Niche::Sustainability, Niche::Fashion),
    (Niche::Sustainability, Niche::Travel),
    (Niche::Education, Niche::Parenting),
    (Niche::Education, Niche::Tech),
    (Niche::Education, Niche::Finance),
    (Niche::Pets, Niche::Parenting),
    (Niche::Pets, Niche::Home),
    (Niche::Automotive, Niche::Travel),
];

// ---------------------------------------------------------------------------------------------
// Captions and bios
// ---------------------------------------------------------------------------------------------

/// Median share of a creator's posts that are off-topic (weekend snaps, greetings) (issue v1:
/// ~10%); creators vary around it (see [`OFF_TOPIC_SHARE_LN_SD`]).
pub const OFF_TOPIC_POST_SHARE: f64 = 0.10;

/// Where a caption slot takes its words from: primary niche, a secondary niche, a niche
/// related to the primary one, any other niche (cross-niche vocabulary), or generic filler,
/// for a fully focused creator (see [`TOPIC_FOCUS`]). Assumption.
pub const CAPTION_SLOT_WEIGHTS: [f64; 5] = [0.62, 0.14, 0.06, 0.04, 0.14];

/// Number of hashtags at the end of a caption, inclusive range. Assumption.
pub const CAPTION_HASHTAGS: (usize, usize) = (0, 7);

/// Share of a caption's hashtags that are generic (#love, #instagood…). Assumption.
pub const GENERIC_HASHTAG_SHARE: f64 = 0.3;

/// Share of posts that carry an image. Assumption.
pub const IMAGE_POST_SHARE: f64 = 0.65;

/// Share of posts edited after publication. Assumption.
pub const EDITED_POST_SHARE: f64 = 0.04;

// ---------------------------------------------------------------------------------------------
// Followers
// ---------------------------------------------------------------------------------------------

/// log10(followers) ~ Normal(mean, sd) truncated below at 1k: 81.5% nano, 16.6% micro,
/// 1.6% mid, 0.16% macro, 0.1% mega (HypeAuditor State of Influencer Marketing 2026).
pub const FOLLOWERS_LOG10_MEAN: f64 = 1.5;
/// See [`FOLLOWERS_LOG10_MEAN`].
pub const FOLLOWERS_LOG10_SD: f64 = 1.22;
/// Truncation: accounts start at 1k followers (HypeAuditor counts accounts ≥1k).
pub const FOLLOWERS_LOG10_MIN: f64 = 3.0;
/// Upper cap (~300M, the largest real accounts). Assumption.
pub const FOLLOWERS_LOG10_MAX: f64 = 8.5;

/// Spread of a linked second account's followers around the person's first account, in
/// log10 units. Assumption.
pub const LINKED_ACCOUNT_FOLLOWERS_LOG10_SD: f64 = 0.3;

/// Creators' following counts: log10 ~ Normal(mean, sd). Assumption.
pub const CREATOR_FOLLOWING_LOG10: (f64, f64) = (2.7, 0.4);

// ---------------------------------------------------------------------------------------------
// Engagement
// ---------------------------------------------------------------------------------------------

/// Median engagement per follower by tier nano, micro, mid, macro, mega (HypeAuditor
/// 2026/2023, photo platform: nano 1.8%, micro 0.55–1.0%, mid 0.45%, macro 0.38%, mega 0.33%).
pub const ENGAGEMENT_RATE_MEDIAN_BY_TIER: [f64; 5] = [0.018, 0.0078, 0.0045, 0.0038, 0.0033];

/// Follower counts at which each tier median applies; rates between them are interpolated in
/// log space so there is no step at tier boundaries. Assumption.
pub const ENGAGEMENT_TIER_CENTRES: [f64; 5] =
    [3_000.0, 30_000.0, 220_000.0, 700_000.0, 2_500_000.0];

/// Log-normal spread of a creator's engagement rate around the tier median (HypeAuditor:
/// ~0.9).
pub const ENGAGEMENT_RATE_LN_SD: f64 = 0.9;

/// Bounds of a creator's engagement rate. Assumption.
pub const ENGAGEMENT_RATE_BOUNDS: (f64, f64) = (0.0004, 0.25);

/// Log-normal spread of one post's engagement around the creator's rate. Assumption.
pub const POST_ENGAGEMENT_LN_SD: f64 = 0.35;

/// Comments ÷ likes, drawn per creator (DESIGN §5: 1–3%, assumption).
pub const COMMENTS_PER_LIKE: (f64, f64) = (0.01, 0.03);

/// Shares ÷ likes, drawn per creator. Assumption ("shares small").
pub const SHARES_PER_LIKE: (f64, f64) = (0.01, 0.05);

/// A new post reaches 1 − e^(−age/ramp) of its final engagement. Assumption.
pub const ENGAGEMENT_RAMP_HOURS: f64 = 18.0;

/// Engagement of off-topic posts relative to on-topic ones. Assumption.
pub const OFF_TOPIC_ENGAGEMENT_FACTOR: f64 = 0.8;

/// Likes a reply receives, inclusive range. Assumption.
pub const REPLY_LIKES: (u64, u64) = (0, 4);

/// Replies to one post arrive within this many seconds (most in the first hours). Assumption.
pub const REPLY_WINDOW_SECONDS: i64 = 3 * 86_400;

/// Most replies one post carries, so a viral post's thread stays servable. Assumption.
pub const MAX_REPLIES_PER_POST: u64 = 3_000;

/// A creator's disclosure comment follows the post after this many seconds. Assumption.
pub const SELF_REPLY_DELAY_SECONDS: (f64, f64) = (300.0, 3_000.0);

// ---------------------------------------------------------------------------------------------
// Posting cadence
// ---------------------------------------------------------------------------------------------

/// Posts per week by tier nano → mega. Rival IQ 2023 / Hootsuite give 2–5 a week on photo
/// platforms and a rise with size; v1 scales that down so six months fit 15–60 posts.
pub const POSTS_PER_WEEK_BY_TIER: [f64; 5] = [1.2, 1.5, 1.9, 2.2, 2.5];

/// Log-normal spread of a creator's cadence around the tier value. Assumption.
pub const CADENCE_LN_SD: f64 = 0.35;

/// Posts per creator, inclusive (issue v1). Must stay at most 64: ids carry the post index in
/// 6 bits (see `ids.rs`).
pub const POSTS_PER_CREATOR: (usize, usize) = (15, 60);

/// Share of creators who stopped posting a while ago. Assumption.
pub const INACTIVE_CREATOR_SHARE: f64 = 0.06;

/// Days since the last post for active and for inactive creators. Assumption.
pub const LAST_POST_DAYS_ACTIVE: (f64, f64) = (0.05, 9.0);
/// See [`LAST_POST_DAYS_ACTIVE`].
pub const LAST_POST_DAYS_INACTIVE: (f64, f64) = (30.0, 120.0);

// ---------------------------------------------------------------------------------------------
// Sponsored posts
// ---------------------------------------------------------------------------------------------

/// Share of posts that are sponsored, nano → mega (Wearisma 2018, Mediakix: 2% → 7%).
pub const SPONSORED_POST_SHARE_BY_TIER: [f64; 5] = [0.02, 0.035, 0.05, 0.06, 0.07];

/// Share of sponsored posts that carry a disclosure (Awin 2021, 20M posts: ~75%).
pub const SPONSORED_DISCLOSED_SHARE: f64 = 0.75;

/// Where the disclosure sits: start, middle, end of the caption, or in a comment by the
/// creator (Bertaglia et al., OSNEM 2025: 5%, 59%, 24%, 12%).
pub const DISCLOSURE_POSITION_WEIGHTS: [f64; 4] = [0.05, 0.59, 0.24, 0.12];

/// English disclosure markers by use (Mediakix: #ad 12.8M, #sponsored 3.3M, #advertisement
/// 1.8M, #gifted 1.8M uses; the "paid partnership" label weight is an assumption).
pub const ENGLISH_DISCLOSURE_MARKERS: [(&str, f64); 5] = [
    ("#ad", 12.8),
    ("#sponsored", 3.3),
    ("#advertisement", 1.8),
    ("#gifted", 1.8),
    ("Paid partnership", 2.0),
];

/// Share of disclosures written with a local-language marker (#publi, Werbung…) by
/// non-English creators. Assumption.
pub const LOCAL_DISCLOSURE_MARKER_SHARE: f64 = 0.55;

/// Engagement of sponsored posts relative to organic ones (Bertaglia et al.; Mediakix: ≈0.85).
pub const SPONSORED_ENGAGEMENT_FACTOR: f64 = 0.85;

// ---------------------------------------------------------------------------------------------
// Fraud
// ---------------------------------------------------------------------------------------------

/// Base share of creators per fraud kind: bought followers, bot engagement, engagement pod.
///
/// DESIGN §5 cites ~35% of creators "using fraud" (HypeAuditor), which counts any account with
/// a notable share of suspicious followers. v1 models only the blatant kinds whose ground truth
/// is unambiguous, at ~18% overall (issue: 15–20%); pods at ~5% (DESIGN §5, assumption).
pub const FRAUD_KIND_SHARES: [f64; 3] = [0.08, 0.05, 0.05];

/// Fraud grows with size: HypeAuditor reports ~40% at nano → ~60% at mega, a 1.5× rise,
/// applied here as a multiplier by the creator's real tier.
pub const FRAUD_TIER_MULTIPLIER: [f64; 5] = [1.0, 1.1, 1.25, 1.4, 1.5];

/// Bought followers inflate the follower count by this factor, drawn log-uniformly (issue v1:
/// 3–10×; the lower end widened to 2× so mild fraud hides in the engagement spread,
/// assumption).
pub const BOUGHT_FOLLOWERS_FACTOR: (f64, f64) = (2.0, 10.0);

/// A bought-follower account tops up its bots again and again: the mean time between two
/// purchases, drawn log-uniformly per account, in days. Follower sellers sell packages and
/// fraud audits describe repeat buyers whose follower charts climb in steps (HypeAuditor's
/// "suspicious growth" charts); how often they buy is not published. Assumption.
pub const PURCHASE_INTERVAL_DAYS: (f64, f64) = (20.0, 240.0);

/// One purchase adds this share of the followers shown before it, drawn uniformly; never
/// more than the account's bought followers allow. Assumption.
pub const PURCHASE_BATCH_SHARE: (f64, f64) = (0.1, 0.8);

/// Bot engagement inflates likes by this factor, drawn log-uniformly. Assumption.
pub const BOT_LIKES_FACTOR: (f64, f64) = (1.8, 8.0);

/// Bot engagement also adds bot comments, raising comments by this factor. Assumption.
pub const BOT_COMMENTS_FACTOR: (f64, f64) = (1.5, 3.0);

/// Engagement pods inflate comments by this factor and likes by the second. Assumption.
pub const POD_COMMENTS_FACTOR: (f64, f64) = (2.5, 8.0);
/// See [`POD_COMMENTS_FACTOR`].
pub const POD_LIKES_FACTOR: (f64, f64) = (1.2, 1.6);

/// Pod members of one host within this many consecutive creator indices share one ring of
/// commenters. Assumption.
pub const POD_BUCKET: u32 = 400;

/// Accounts in one pod ring, inclusive. Assumption.
pub const POD_RING_SIZE: (usize, usize) = (6, 10);

/// Share of a pod member's replies written by ring accounts. Assumption.
pub const POD_REPLY_SHARE: f64 = 0.6;

/// Share of English replies from a pod ring (pods are mostly international). Assumption.
pub const POD_ENGLISH_REPLY_SHARE: f64 = 0.7;

/// Share of bots among a creator's commenters: honest, bought followers, bot engagement.
/// DESIGN §5 (HypeAuditor): fraud accounts 40–60% suspicious followers, honest 10–20%;
/// commenters are a more active subset, so honest accounts get fewer; bought followers
/// mostly sit idle, so those accounts overlap with honest ones (assumption). Ranges
/// inclusive.
pub const BOT_COMMENTER_SHARE_HONEST: (f64, f64) = (0.01, 0.14);
/// See [`BOT_COMMENTER_SHARE_HONEST`].
pub const BOT_COMMENTER_SHARE_BOUGHT: (f64, f64) = (0.12, 0.40);
/// See [`BOT_COMMENTER_SHARE_HONEST`].
pub const BOT_COMMENTER_SHARE_BOT_ENGAGEMENT: (f64, f64) = (0.35, 0.70);

/// Weight of bots when picking who writes a reply, relative to a human sample (bots spray
/// comments). Assumption.
pub const BOT_REPLY_WEIGHT: f64 = 1.5;

// ---------------------------------------------------------------------------------------------
// Audience samples (commenters)
// ---------------------------------------------------------------------------------------------

/// Commenter pool per creator, inclusive (issue v1: ~10–40, more for bigger creators).
pub const SAMPLE_POOL_SIZE: (usize, usize) = (10, 40);

/// Extra commenters per decade of followers above 1k. Assumption.
pub const SAMPLE_POOL_PER_DECADE: f64 = 7.0;

/// Commenter activity follows a Zipf-like law with this exponent (a few regulars write most
/// replies). Assumption.
pub const SAMPLE_ACTIVITY_EXPONENT: f64 = 0.8;

/// Share of human commenters with a profile picture. Assumption.
pub const SAMPLE_AVATAR_SHARE: f64 = 0.85;

/// Share of human commenters whose bio carries an age cue ("mom of 2", "class of 2019").
/// Assumption.
pub const SAMPLE_AGE_CUE_SHARE: f64 = 0.35;

/// Share of human commenters with an empty bio. Assumption.
pub const SAMPLE_EMPTY_BIO_SHARE: f64 = 0.25;

/// Share of human commenters with pronouns in the bio. Assumption.
pub const SAMPLE_PRONOUN_SHARE: f64 = 0.12;

/// Share of human commenters with an empty location. Assumption.
pub const SAMPLE_EMPTY_LOCATION_SHARE: f64 = 0.3;

/// Share of human commenters whose location is not a place ("somewhere ✨"). Assumption.
pub const SAMPLE_JOKE_LOCATION_SHARE: f64 = 0.05;

/// Human commenters: log10(followers) and log10(following) ~ Normal. Assumption.
pub const HUMAN_FOLLOWERS_LOG10: (f64, f64) = (2.1, 0.6);
/// See [`HUMAN_FOLLOWERS_LOG10`].
pub const HUMAN_FOLLOWING_LOG10: (f64, f64) = (2.4, 0.4);

/// Human commenter account age in days, inclusive range. Assumption.
pub const HUMAN_ACCOUNT_AGE_DAYS: (f64, f64) = (120.0, 3_200.0);

/// Bots: followers, following and account age (days) ranges — following ≫ followers, new
/// accounts (issue v1; values assumption).
pub const BOT_FOLLOWERS: (u64, u64) = (0, 60);
/// See [`BOT_FOLLOWERS`].
pub const BOT_FOLLOWING: (u64, u64) = (1_500, 7_500);
/// See [`BOT_FOLLOWERS`].
pub const BOT_ACCOUNT_AGE_DAYS: (f64, f64) = (3.0, 120.0);

/// Share of bots with a profile picture and with a display name. Assumption.
pub const BOT_AVATAR_SHARE: f64 = 0.1;
/// See [`BOT_AVATAR_SHARE`].
pub const BOT_DISPLAY_NAME_SHARE: f64 = 0.5;

/// Pod ring accounts look like small creators: followers and following ranges. Assumption.
pub const RING_FOLLOWERS: (u64, u64) = (1_500, 25_000);
/// See [`RING_FOLLOWERS`].
pub const RING_FOLLOWING: (u64, u64) = (600, 2_500);

#[cfg(test)]
mod tests {
    use super::*;

    fn sums_to_one(weights: &[(Country, f64)]) -> bool {
        (weights.iter().map(|(_, weight)| weight).sum::<f64>() - 1.0).abs() < 1e-9
    }

    #[test]
    fn weight_tables_are_normalised_where_they_claim_shares() {
        let languages: f64 = LANGUAGE_WEIGHTS.iter().map(|(_, weight)| weight).sum();
        assert!((languages - 1.0).abs() < 1e-9);
        for language in Language::ALL {
            assert!(sums_to_one(countries_for(language)), "{language:?}");
        }
        let positions: f64 = DISCLOSURE_POSITION_WEIGHTS.iter().sum();
        assert!((positions - 1.0).abs() < 1e-9);
        let platforms: f64 = PLATFORM_SHARES.iter().map(|(_, share)| share).sum();
        assert!((platforms - 1.0).abs() < 1e-9);
        let ages: f64 = AGE_PRIOR_MASTODON.iter().sum();
        assert!((ages - 1.0).abs() < 1e-9);
    }

    #[test]
    fn post_count_fits_the_id_layout() {
        assert!(POSTS_PER_CREATOR.1 <= 64);
        assert!(POSTS_PER_CREATOR.0 <= POSTS_PER_CREATOR.1);
        assert!(SAMPLE_POOL_SIZE.0 <= SAMPLE_POOL_SIZE.1);
    }

    #[test]
    fn related_niches_are_distinct_pairs() {
        for (left, right) in RELATED_NICHES {
            assert_ne!(left, right);
        }
    }
}
