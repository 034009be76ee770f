//! One simulated creator account, derived from `(seed, index)` alone: who they are, where
//! they post, how many follow them, whether they cheat, and who their audience is.
//!
//! Creators `2k` and `2k+1` are sometimes the same person on two platforms; the second then
//! re-derives the person from index `2k`, so every creator can still be generated alone.
//! Which platform, what fraud and how a person writes are drawn in `platform_mix`, `fraud`
//! and `voice`.

use chrono::{DateTime, Duration, Utc};
use rand_chacha::ChaCha8Rng;
use scout_models::{CreatorId, Niche, Platform, Tier};
use serde::{Deserialize, Serialize};

use crate::sim::audience::{AudiencePrior, AudienceShares};
use crate::sim::bio::{self, BioFacts};
use crate::sim::fraud;
use crate::sim::geo::{Country, Language};
use crate::sim::ids::{self, IdKind};
use crate::sim::names::{self, Gender};
use crate::sim::params;
use crate::sim::persona;
use crate::sim::platform_ids;
use crate::sim::platform_mix;
use crate::sim::rng::{self, chance, normal, uniform, weighted_index, weighted_pick, Purpose};
use crate::sim::voice::{self, BioStyle, Voice};
use crate::sim::world::{HostKind, HOSTS};

/// The kinds of fraud the simulation plants (ground truth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FakeKind {
    /// Followers inflated 3–10× with bought bot accounts.
    BoughtFollowers,
    /// A ring of the same commenters across members' posts, inflated comments.
    EngagementPod,
    /// Likes inflated by bots, commenters bot-like.
    BotEngagement,
}

/// A simulated creator account (the "skeleton": posts are derived on demand).
#[derive(Debug, Clone)]
pub struct SimCreator {
    pub(crate) index: u32,
    pub(crate) id: CreatorId,
    /// The YouTube channel id (`UC…`) of a video-site account.
    pub(crate) channel_id: Option<String>,
    /// A Bluesky handle on the creator's own domain rather than the AppView's.
    pub(crate) custom_domain: bool,
    pub(crate) person: u32,
    pub(crate) host: usize,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) first_name: &'static str,
    pub(crate) bio: String,
    pub(crate) bio_style: BioStyle,
    pub(crate) language: Language,
    pub(crate) voice: Voice,
    pub(crate) location: String,
    pub(crate) niches: Vec<Niche>,
    pub(crate) real_followers: u64,
    pub(crate) followers: u64,
    pub(crate) following: u64,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) last_post_at: DateTime<Utc>,
    pub(crate) post_count: usize,
    /// Organic engagement per real follower.
    pub(crate) engagement_rate: f64,
    pub(crate) comments_per_like: f64,
    pub(crate) shares_per_like: f64,
    /// Bluesky quote posts per repost.
    pub(crate) quotes_per_share: f64,
    /// Video views per subscriber (video site only, else 0).
    pub(crate) views_ratio: f64,
    /// Views multiplier from fraud (1 for honest creators).
    pub(crate) views_factor: f64,
    /// Runs comment-bait giveaways now and then.
    pub(crate) giveaways: bool,
    pub(crate) fake: Option<FakeKind>,
    /// Likes multiplier from fraud (1 for honest creators).
    pub(crate) likes_factor: f64,
    /// Comments multiplier from fraud (1 for honest creators).
    pub(crate) comments_factor: f64,
    pub(crate) bot_commenter_share: f64,
    pub(crate) pod_ring: Option<u32>,
    pub(crate) has_avatar: bool,
    pub(crate) discoverable: bool,
    pub(crate) malformed_page: bool,
    /// Index of the same person's other account.
    pub(crate) linked: Option<u32>,
    pub(crate) audience: AudienceShares,
}

impl SimCreator {
    /// The id the crawler assigns to this account (`mastodon:user@domain`, `web:domain/c/user`).
    pub fn id(&self) -> &CreatorId {
        &self.id
    }

    /// The platform of the account.
    pub fn platform(&self) -> Platform {
        self.kind().platform()
    }

    /// The kind of host serving the account.
    pub fn kind(&self) -> HostKind {
        HOSTS
            .get(self.host)
            .map_or(HostKind::CreatorSite, |host| host.kind)
    }

    /// The handle as the platform shows it (case kept): a Mastodon or site username, the full
    /// Bluesky handle, or a video channel's `@handle` without the `@`.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Index into [`crate::sim::World::hosts`] of the host serving this account.
    pub fn host(&self) -> usize {
        self.host
    }

    /// Tier of the displayed follower count.
    pub fn tier(&self) -> Tier {
        Tier::from_followers(self.followers)
    }

    /// What the bio says about the niches (ground truth, for evaluation): `on_niche`,
    /// `secondary_first`, `vague` (no niche) or `mislabeled` (another interest).
    pub fn bio_style(&self) -> &'static str {
        self.bio_style.as_str()
    }

    /// The YouTube channel id (`UC…`) of a video-site account.
    pub fn channel_id(&self) -> Option<&str> {
        self.channel_id.as_deref()
    }

    /// The same person's other account, if any (an index into the world's creators).
    pub fn linked(&self) -> Option<usize> {
        self.linked.map(|index| index as usize)
    }

    /// The platform's numeric account id (a snowflake of the account's creation, see `ids.rs`).
    pub(crate) fn account_id(&self) -> u64 {
        ids::encode(IdKind::Creator, self.index, self.created_at.timestamp())
    }
}

/// How an account relates to its neighbour in the pairing scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Single,
    /// First account of a person with two.
    PairFirst {
        partner: u32,
        platform: Platform,
    },
    /// Second account of a person with two, on another platform.
    PairSecond {
        partner: u32,
        platform: Platform,
    },
}

fn role(seed: u64, index: u32, total: u32) -> Role {
    let pair = index / 2;
    let first = pair * 2;
    let second = first + 1;
    if second >= total {
        return Role::Single;
    }
    let mut rng = rng::stream(seed, Purpose::Pairing, u64::from(pair), 0);
    if !chance(&mut rng, params::CROSS_PLATFORM_SHARE) {
        return Role::Single;
    }
    let (first_platform, second_platform) = platform_mix::pair_platforms(&mut rng);
    if index == first {
        Role::PairFirst {
            partner: second,
            platform: first_platform,
        }
    } else {
        Role::PairSecond {
            partner: first,
            platform: second_platform,
        }
    }
}

/// Facts shared by all accounts of one person.
struct Person {
    language: Language,
    country: Country,
    first: &'static str,
    last: &'static str,
    niches: Vec<Niche>,
    followers_log10: f64,
    handle: String,
    location: String,
    city: &'static str,
    voice: Voice,
}

fn person(seed: u64, key: u32) -> Person {
    let mut rng = rng::stream(seed, Purpose::Person, u64::from(key), 0);
    let language = weighted_pick(&mut rng, &params::LANGUAGE_WEIGHTS).unwrap_or(Language::En);
    let country = weighted_pick(&mut rng, params::countries_for(language)).unwrap_or(Country::Us);
    let gender = Gender::from_index(weighted_index(&mut rng, &params::CREATOR_GENDER_WEIGHTS));
    let group = country.name_group(language);
    let first = names::first_name(&mut rng, group, gender);
    let last = names::last_name(&mut rng, group);
    let niches = draw_niches(&mut rng);
    let followers_log10 = truncated_followers_log10(&mut rng);
    let handle = names::creator_handle(&mut rng, first, last, niches[0]);
    let location = if chance(&mut rng, params::CREATOR_LOCATION_SHARE) {
        persona::location(&mut rng, country, language, true)
    } else {
        String::new()
    };
    let city = rng::pick_str(&mut rng, country.cities());
    let voice = voice::draw_voice(&mut rng, language);
    Person {
        language,
        country,
        first,
        last,
        niches,
        followers_log10,
        handle,
        location,
        city,
        voice,
    }
}

/// One to three niches: a primary by popularity, secondaries favouring related niches.
fn draw_niches(rng: &mut ChaCha8Rng) -> Vec<Niche> {
    let count = weighted_index(rng, &params::NICHE_COUNT_WEIGHTS) + 1;
    let primary = Niche::ALL[weighted_index(rng, &params::PRIMARY_NICHE_WEIGHTS)];
    let mut niches = vec![primary];
    while niches.len() < count {
        let related: Vec<Niche> = params::RELATED_NICHES
            .iter()
            .filter_map(|(left, right)| {
                if niches.contains(left) && !niches.contains(right) {
                    Some(*right)
                } else if niches.contains(right) && !niches.contains(left) {
                    Some(*left)
                } else {
                    None
                }
            })
            .collect();
        let next = if !related.is_empty() && chance(rng, params::RELATED_SECONDARY_SHARE) {
            rng::pick(rng, &related).copied()
        } else {
            let mut weights = params::PRIMARY_NICHE_WEIGHTS;
            for niche in &niches {
                weights[niche.index()] = 0.0;
            }
            Some(Niche::ALL[weighted_index(rng, &weights)])
        };
        match next {
            Some(niche) if !niches.contains(&niche) => niches.push(niche),
            _ => break,
        }
    }
    niches
}

/// log10(followers) from the truncated normal of DESIGN §5 (rejection sampling).
fn truncated_followers_log10(rng: &mut ChaCha8Rng) -> f64 {
    for _ in 0..10_000 {
        let value = normal(
            rng,
            params::FOLLOWERS_LOG10_MEAN,
            params::FOLLOWERS_LOG10_SD,
        );
        if (params::FOLLOWERS_LOG10_MIN..=params::FOLLOWERS_LOG10_MAX).contains(&value) {
            return value;
        }
    }
    params::FOLLOWERS_LOG10_MIN
}

/// Median engagement rate for a follower count, interpolated between tier centres in log
/// space.
pub(crate) fn median_engagement_rate(followers: f64) -> f64 {
    let centres = params::ENGAGEMENT_TIER_CENTRES;
    let medians = params::ENGAGEMENT_RATE_MEDIAN_BY_TIER;
    let position = followers.max(1.0).log10();
    if position <= centres[0].log10() {
        return medians[0];
    }
    for tier in 1..centres.len() {
        let high = centres[tier].log10();
        if position <= high {
            let low = centres[tier - 1].log10();
            let share = (position - low) / (high - low);
            return (medians[tier - 1].ln() * (1.0 - share) + medians[tier].ln() * share).exp();
        }
    }
    medians[medians.len() - 1]
}

/// Median engagement per follower (per subscriber and video on the video site) of an account
/// with `followers` on `kind`.
fn platform_median_rate(kind: HostKind, followers: f64) -> f64 {
    match kind {
        HostKind::VideoSite => params::VIDEO_ENGAGEMENT_PER_SUBSCRIBER_MEDIAN,
        HostKind::Bluesky => median_engagement_rate(followers) * params::BLUESKY_ENGAGEMENT_FACTOR,
        HostKind::Mastodon | HostKind::CreatorSite => median_engagement_rate(followers),
    }
}

fn posts_per_week(kind: HostKind, tier: usize) -> f64 {
    let table = match kind {
        HostKind::VideoSite => params::VIDEO_POSTS_PER_WEEK_BY_TIER,
        HostKind::Bluesky => params::BLUESKY_POSTS_PER_WEEK_BY_TIER,
        HostKind::Mastodon | HostKind::CreatorSite => params::POSTS_PER_WEEK_BY_TIER,
    };
    table.get(tier).copied().unwrap_or(table[0])
}

fn tier_index(tier: Tier) -> usize {
    Tier::ALL
        .iter()
        .position(|candidate| *candidate == tier)
        .unwrap_or(0)
}

fn capitalise_handle(handle: &str) -> String {
    let mut out = String::with_capacity(handle.len());
    let mut upper = true;
    for character in handle.chars() {
        if upper {
            out.extend(character.to_uppercase());
        } else {
            out.push(character);
        }
        upper = character == '_';
    }
    out
}

/// A public contact address in the bio, more often for bigger accounts.
fn contact_email(rng: &mut ChaCha8Rng, person: &Person, displayed_tier: usize) -> Option<String> {
    let share = params::CONTACT_EMAIL_SHARE_BY_TIER
        .get(displayed_tier)
        .copied()
        .unwrap_or(0.0);
    chance(rng, share).then(|| {
        let local = format!("{}.{}", names::fold(person.first), names::fold(person.last));
        let domain = rng::pick_str(
            rng,
            &[
                "mail.sim.example",
                "inbox.sim.example",
                "studio.sim.example",
            ],
        );
        let label = rng::pick_str(rng, &["", "collabs.", "hello.", "business."]);
        format!("{label}{local}@{domain}")
    })
}

/// Derives creator `index` of a world of `total` creators. The username is the person's
/// base handle; [`crate::sim::World`] makes it unique per host and sets the id.
pub(crate) fn generate(seed: u64, anchor: DateTime<Utc>, index: u32, total: u32) -> SimCreator {
    let role = role(seed, index, total);
    let person_key = match role {
        Role::PairSecond { partner, .. } => partner,
        _ => index,
    };
    let person = person(seed, person_key);
    let mut rng = rng::stream(seed, Purpose::Account, u64::from(index), 0);
    let platform = match role {
        Role::PairFirst { platform, .. } | Role::PairSecond { platform, .. } => platform,
        Role::Single => platform_mix::single_platform(&mut rng),
    };
    let host = platform_mix::host_for(&mut rng, platform);
    let kind = HOSTS[host].kind;

    let followers_log10 = match role {
        Role::PairSecond { .. } => (person.followers_log10
            + normal(&mut rng, 0.0, params::LINKED_ACCOUNT_FOLLOWERS_LOG10_SD))
        .clamp(params::FOLLOWERS_LOG10_MIN, params::FOLLOWERS_LOG10_MAX),
        _ => person.followers_log10,
    };
    let real_followers = 10f64.powf(followers_log10).round() as u64;
    let real_tier = tier_index(Tier::from_followers(real_followers));
    let fraud = fraud::draw(&mut rng, real_followers, real_tier, platform);
    let pod_ring = match fraud.fake {
        Some(FakeKind::EngagementPod) => {
            Some((index / params::POD_BUCKET) * HOSTS.len() as u32 + host as u32)
        }
        _ => None,
    };

    let following_log10 = normal(
        &mut rng,
        params::CREATOR_FOLLOWING_LOG10.0,
        params::CREATOR_FOLLOWING_LOG10.1,
    );
    let following = 10f64.powf(following_log10).round().clamp(5.0, 7_500.0) as u64;
    let age_days = uniform(&mut rng, params::CREATOR_ACCOUNT_AGE_DAYS);
    let created_at = anchor - Duration::seconds((age_days * 86_400.0) as i64);

    let cadence = posts_per_week(kind, real_tier) * rng::ln_factor(&mut rng, params::CADENCE_LN_SD);
    let weeks = params::POST_WINDOW_DAYS / 7.0;
    let post_count = ((cadence * weeks).round() as usize)
        .clamp(params::POSTS_PER_CREATOR.0, params::POSTS_PER_CREATOR.1);
    let last_post_days = if chance(&mut rng, params::INACTIVE_CREATOR_SHARE) {
        uniform(&mut rng, params::LAST_POST_DAYS_INACTIVE)
    } else {
        uniform(&mut rng, params::LAST_POST_DAYS_ACTIVE)
    };
    let last_post_at = anchor - Duration::seconds((last_post_days * 86_400.0) as i64);

    let engagement_rate = (platform_median_rate(kind, real_followers as f64)
        * rng::ln_factor(&mut rng, params::ENGAGEMENT_RATE_LN_SD))
    .clamp(
        params::ENGAGEMENT_RATE_BOUNDS.0,
        params::ENGAGEMENT_RATE_BOUNDS.1,
    );
    let comments_per_like = uniform(&mut rng, params::COMMENTS_PER_LIKE);
    let shares_per_like = uniform(&mut rng, params::SHARES_PER_LIKE);
    let quotes_per_share = uniform(&mut rng, params::BLUESKY_QUOTES_PER_REPOST);
    let views_ratio = if kind == HostKind::VideoSite {
        uniform(&mut rng, params::VIDEO_VIEWS_PER_SUBSCRIBER)
    } else {
        0.0
    };
    let giveaways = chance(&mut rng, params::GIVEAWAY_CREATOR_SHARE);

    let has_avatar = chance(&mut rng, params::CREATOR_AVATAR_SHARE);
    let discoverable = match kind {
        HostKind::Mastodon => chance(&mut rng, params::DISCOVERABLE_SHARE),
        HostKind::Bluesky => chance(&mut rng, params::BLUESKY_DISCOVERABLE_SHARE),
        HostKind::CreatorSite | HostKind::VideoSite => true,
    };
    let malformed_page =
        kind == HostKind::CreatorSite && chance(&mut rng, params::MALFORMED_PAGE_SHARE);
    let custom_domain =
        kind == HostKind::Bluesky && chance(&mut rng, params::BLUESKY_CUSTOM_DOMAIN_SHARE);

    let displayed_tier = tier_index(Tier::from_followers(fraud.followers));
    let email = contact_email(&mut rng, &person, displayed_tier);
    let place = if person.location.is_empty() {
        person.city
    } else {
        person.location.as_str()
    };
    let bio_style = voice::draw_bio_style(&mut rng, &person.niches);
    let bio = bio::creator_bio(
        &mut rng,
        person.language,
        &BioFacts {
            niches: &person.niches,
            style: bio_style,
            second_language: person.voice.second_language,
            place,
            email: email.as_deref(),
        },
    );
    let display_name =
        persona::creator_display_name(&mut rng, person.first, person.last, person.niches[0]);

    let handle = match role {
        Role::PairSecond { .. } if !chance(&mut rng, params::LINKED_SAME_HANDLE_SHARE) => {
            names::creator_handle(&mut rng, person.first, person.last, person.niches[0])
        }
        _ => person.handle.clone(),
    };
    let username = if matches!(kind, HostKind::Mastodon | HostKind::VideoSite)
        && chance(&mut rng, params::CAPITALISED_USERNAME_SHARE)
    {
        capitalise_handle(&handle)
    } else {
        handle
    };
    let prior = match kind {
        HostKind::Mastodon => AudiencePrior::Mastodon,
        HostKind::CreatorSite => AudiencePrior::Photo,
        HostKind::Bluesky => AudiencePrior::Bluesky,
        HostKind::VideoSite => AudiencePrior::Video,
    };
    let audience = AudienceShares::generate(
        &mut rng,
        prior,
        &person.niches,
        person.country,
        person.language,
    );
    let linked = match role {
        Role::Single => None,
        Role::PairFirst { partner, .. } | Role::PairSecond { partner, .. } => Some(partner),
    };
    let channel_id =
        (kind == HostKind::VideoSite).then(|| platform_ids::channel_id(seed, index, 0));

    SimCreator {
        index,
        id: CreatorId::new(kind.platform(), "pending"),
        channel_id,
        custom_domain,
        person: person_key,
        host,
        username,
        display_name,
        first_name: person.first,
        bio,
        bio_style,
        language: person.language,
        voice: person.voice,
        location: person.location,
        niches: person.niches,
        real_followers,
        followers: fraud.followers,
        following,
        created_at,
        last_post_at,
        post_count,
        engagement_rate,
        comments_per_like,
        shares_per_like,
        quotes_per_share,
        views_ratio,
        views_factor: fraud.views_factor,
        giveaways,
        fake: fraud.fake,
        likes_factor: fraud.likes_factor,
        comments_factor: fraud.comments_factor,
        bot_commenter_share: fraud.bot_commenter_share,
        pod_ring,
        has_avatar,
        discoverable,
        malformed_page,
        linked,
        audience,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor() -> DateTime<Utc> {
        DateTime::from_timestamp(params::ANCHOR_UNIX_SECONDS, 0).unwrap_or_default()
    }

    #[test]
    fn same_index_gives_the_same_creator() {
        let first = generate(42, anchor(), 17, 100);
        let again = generate(42, anchor(), 17, 100);
        assert_eq!(first.username, again.username);
        assert_eq!(first.followers, again.followers);
        assert_eq!(first.bio, again.bio);
        assert_eq!(first.audience, again.audience);
    }

    #[test]
    fn pairs_share_the_person_on_two_platforms() {
        let total = 2_000;
        let mut pairs = 0;
        for index in (0..total).step_by(2) {
            let first = generate(7, anchor(), index, total);
            if let Some(partner) = first.linked {
                let second = generate(7, anchor(), partner, total);
                assert_eq!(second.linked, Some(index));
                assert_eq!(first.person, second.person);
                assert_eq!(first.niches, second.niches);
                assert_eq!(first.voice, second.voice);
                assert_ne!(first.platform(), second.platform());
                pairs += 1;
            }
        }
        let share = pairs as f64 * 2.0 / total as f64;
        assert!((0.06..0.14).contains(&share), "{share}");
    }

    #[test]
    fn engagement_median_falls_with_size() {
        let rates: Vec<f64> = [2_000.0, 20_000.0, 200_000.0, 800_000.0, 5_000_000.0]
            .iter()
            .map(|followers| median_engagement_rate(*followers))
            .collect();
        assert!(rates.windows(2).all(|pair| pair[0] > pair[1]), "{rates:?}");
        assert!((rates[0] - 0.018).abs() < 1e-9);
    }

    #[test]
    fn niches_are_one_to_three_and_distinct() {
        let mut rng = rng::stream(1, Purpose::Person, 0, 0);
        for _ in 0..500 {
            let niches = draw_niches(&mut rng);
            assert!((1..=3).contains(&niches.len()));
            let mut sorted = niches.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), niches.len());
        }
    }
}
