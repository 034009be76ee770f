//! Domain types shared by every crate: what a creator, a post, an audience sample and a
//! snapshot are, independent of where they were crawled from.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ModelError;

/// Stable identity of a creator: `platform:canonical-handle`, e.g.
/// `mastodon:alice@social.example` or `web:studio.example/alice`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct CreatorId(String);

impl CreatorId {
    /// Builds the id from a platform and a handle already in canonical form.
    pub fn new(platform: Platform, canonical_handle: &str) -> Self {
        CreatorId(format!("{}:{}", platform.as_str(), canonical_handle))
    }

    /// Parses `platform:handle`, rejecting unknown platforms and empty handles.
    pub fn parse(raw: &str) -> Result<Self, ModelError> {
        let (platform, handle) = raw
            .split_once(':')
            .ok_or_else(|| ModelError::InvalidCreatorId(raw.to_string()))?;
        Platform::from_str(platform).map_err(|_| ModelError::InvalidCreatorId(raw.to_string()))?;
        if handle.is_empty() || handle.chars().any(char::is_whitespace) {
            return Err(ModelError::InvalidCreatorId(raw.to_string()));
        }
        Ok(CreatorId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The platform named by the id's prefix.
    pub fn platform(&self) -> Platform {
        let prefix = self.0.split(':').next().unwrap_or_default();
        Platform::from_str(prefix).unwrap_or(Platform::Web)
    }
}

impl fmt::Display for CreatorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of public source a creator was found on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Mastodon,
    Bluesky,
    Youtube,
    Web,
}

impl Platform {
    pub const ALL: [Platform; 4] = [
        Platform::Mastodon,
        Platform::Bluesky,
        Platform::Youtube,
        Platform::Web,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Mastodon => "mastodon",
            Platform::Bluesky => "bluesky",
            Platform::Youtube => "youtube",
            Platform::Web => "web",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Platform {
    type Err = ModelError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Platform::ALL
            .into_iter()
            .find(|platform| platform.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| ModelError::UnknownPlatform(raw.to_string()))
    }
}

/// The niche taxonomy of DESIGN §3. A creator has one to three niches.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Niche {
    Fitness,
    Beauty,
    Fashion,
    Food,
    Travel,
    Gaming,
    Tech,
    Parenting,
    Pets,
    Finance,
    Music,
    Sports,
    Education,
    Crafts,
    Home,
    Automotive,
    Wellness,
    Comedy,
    Art,
    Sustainability,
}

impl Niche {
    pub const ALL: [Niche; 20] = [
        Niche::Fitness,
        Niche::Beauty,
        Niche::Fashion,
        Niche::Food,
        Niche::Travel,
        Niche::Gaming,
        Niche::Tech,
        Niche::Parenting,
        Niche::Pets,
        Niche::Finance,
        Niche::Music,
        Niche::Sports,
        Niche::Education,
        Niche::Crafts,
        Niche::Home,
        Niche::Automotive,
        Niche::Wellness,
        Niche::Comedy,
        Niche::Art,
        Niche::Sustainability,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Niche::Fitness => "fitness",
            Niche::Beauty => "beauty",
            Niche::Fashion => "fashion",
            Niche::Food => "food",
            Niche::Travel => "travel",
            Niche::Gaming => "gaming",
            Niche::Tech => "tech",
            Niche::Parenting => "parenting",
            Niche::Pets => "pets",
            Niche::Finance => "finance",
            Niche::Music => "music",
            Niche::Sports => "sports",
            Niche::Education => "education",
            Niche::Crafts => "crafts",
            Niche::Home => "home",
            Niche::Automotive => "automotive",
            Niche::Wellness => "wellness",
            Niche::Comedy => "comedy",
            Niche::Art => "art",
            Niche::Sustainability => "sustainability",
        }
    }

    /// Position in [`Niche::ALL`], used as a column index by the models.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Niche {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Niche {
    type Err = ModelError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Niche::ALL
            .into_iter()
            .find(|niche| niche.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| ModelError::UnknownNiche(raw.to_string()))
    }
}

/// Follower tiers as the industry names them (DESIGN §5).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Under 10k followers.
    Nano,
    /// 10k to 100k.
    Micro,
    /// 100k to 500k.
    Mid,
    /// 500k to 1M.
    Macro,
    /// Over 1M.
    Mega,
}

impl Tier {
    pub const ALL: [Tier; 5] = [Tier::Nano, Tier::Micro, Tier::Mid, Tier::Macro, Tier::Mega];

    pub fn from_followers(followers: u64) -> Tier {
        match followers {
            0..10_000 => Tier::Nano,
            10_000..100_000 => Tier::Micro,
            100_000..500_000 => Tier::Mid,
            500_000..1_000_000 => Tier::Macro,
            _ => Tier::Mega,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Nano => "nano",
            Tier::Micro => "micro",
            Tier::Mid => "mid",
            Tier::Macro => "macro",
            Tier::Mega => "mega",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Tier {
    type Err = ModelError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Tier::ALL
            .into_iter()
            .find(|tier| tier.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| ModelError::UnknownTier(raw.to_string()))
    }
}

/// Where a record came from and how it was obtained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Provenance {
    /// The URL whose response carried the record.
    pub source_url: String,
    pub fetched_at: DateTime<Utc>,
    /// How the values were read, e.g. `mastodon-api`, `json-ld`, `import-csv`.
    pub method: String,
    /// Hex SHA-256 of the normalised record, to tell changed profiles from unchanged ones.
    pub content_hash: String,
}

/// A creator's public profile as last seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Creator {
    pub id: CreatorId,
    pub platform: Platform,
    /// Handle as shown on the platform (`alice`, `alice.bsky.social`).
    pub handle: String,
    pub display_name: Option<String>,
    /// Bio as plain text (HTML stripped).
    pub bio: Option<String>,
    pub profile_url: String,
    pub avatar_url: Option<String>,
    /// Links to the same person elsewhere (rel=me, sameAs, profile fields).
    pub links: Vec<String>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub post_count: Option<u64>,
    pub location: Option<String>,
    /// ISO-639-1 codes declared by or observed for the creator.
    pub languages: Vec<String>,
    /// A public contact e-mail found in the bio.
    pub contact_email: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    /// Platform marks the account as automated.
    pub is_bot: bool,
    pub provenance: Provenance,
}

/// Media kind of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Text,
    Image,
    Video,
}

/// One public post with its public counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Post {
    /// Platform-scoped post id, unique within the creator.
    pub id: String,
    pub creator_id: CreatorId,
    pub url: String,
    pub published_at: Option<DateTime<Utc>>,
    /// Text as plain text (HTML stripped).
    pub text: String,
    /// Lower-cased hashtags without `#`.
    pub hashtags: Vec<String>,
    /// Lower-cased mentions without `@`.
    pub mentions: Vec<String>,
    pub media_kind: Option<MediaKind>,
    pub language: Option<String>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub shares: Option<u64>,
    pub views: Option<u64>,
    /// Carries a sponsorship marker (#ad, #sponsored, a paid-partnership label).
    pub sponsored: bool,
}

/// A public profile of someone who replied to a creator: raw material for audience estimates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudienceSample {
    pub creator_id: CreatorId,
    /// The replier's handle, unique within the creator's samples.
    pub handle: String,
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub location: Option<String>,
    /// Language of the reply text, as declared by the platform.
    pub language: Option<String>,
    /// The reply text itself.
    pub text: Option<String>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub has_avatar: bool,
    pub account_created_at: Option<DateTime<Utc>>,
    pub is_bot: bool,
    /// The post the reply was on.
    pub post_id: Option<String>,
    /// Likes the sampled reply itself received (Mastodon `favourites_count` and Bluesky
    /// `likeCount` of the reply, schema.org `upvoteCount` of a comment); `None` where the
    /// source does not show them.
    #[serde(default)]
    pub reply_likes: Option<u64>,
    /// Posts the replier's account has published (Mastodon `statuses_count`, Bluesky
    /// `postsCount`); `None` where the source does not show it.
    #[serde(default)]
    pub post_count: Option<u64>,
}

/// Counts of a creator at one crawl: growth and spikes come from a series of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Snapshot {
    pub creator_id: CreatorId,
    pub taken_at: DateTime<Utc>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub post_count: Option<u64>,
    /// Robust engagement rate at this time, when computable.
    pub engagement_rate: Option<f64>,
}

/// Everything one crawl learned about one creator: the unit the crawler hands to the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatorRecord {
    pub creator: Creator,
    pub posts: Vec<Post>,
    pub audience: Vec<AudienceSample>,
}

/// Niche probabilities for one creator, in [`Niche::ALL`] order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicheScores {
    pub probabilities: Vec<(Niche, f32)>,
}

impl NicheScores {
    /// The probability of one niche (0 when absent).
    pub fn probability(&self, niche: Niche) -> f32 {
        self.probabilities
            .iter()
            .find(|(candidate, _)| *candidate == niche)
            .map(|(_, probability)| *probability)
            .unwrap_or(0.0)
    }

    /// Niches above `threshold`, most probable first, at most three (at least the top one).
    pub fn top(&self, threshold: f32) -> Vec<Niche> {
        let mut sorted = self.probabilities.clone();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut niches: Vec<Niche> = sorted
            .iter()
            .filter(|(_, probability)| *probability >= threshold)
            .take(3)
            .map(|(niche, _)| *niche)
            .collect();
        if niches.is_empty() {
            if let Some((niche, probability)) = sorted.first() {
                if *probability > 0.0 {
                    niches.push(*niche);
                }
            }
        }
        niches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creator_id_round_trips_and_rejects_garbage() {
        let id = CreatorId::new(Platform::Mastodon, "alice@social.example");
        assert_eq!(id.as_str(), "mastodon:alice@social.example");
        assert_eq!(CreatorId::parse(id.as_str()).unwrap(), id);
        assert_eq!(id.platform(), Platform::Mastodon);
        assert!(CreatorId::parse("nope").is_err());
        assert!(CreatorId::parse("myspace:alice").is_err());
        assert!(CreatorId::parse("web:").is_err());
    }

    #[test]
    fn tiers_follow_industry_boundaries() {
        assert_eq!(Tier::from_followers(9_999), Tier::Nano);
        assert_eq!(Tier::from_followers(10_000), Tier::Micro);
        assert_eq!(Tier::from_followers(499_999), Tier::Mid);
        assert_eq!(Tier::from_followers(999_999), Tier::Macro);
        assert_eq!(Tier::from_followers(1_000_000), Tier::Mega);
    }

    #[test]
    fn niche_parse_is_case_insensitive_and_indexes_match_all() {
        assert_eq!("Fitness".parse::<Niche>().unwrap(), Niche::Fitness);
        assert!("knitting".parse::<Niche>().is_err());
        for (position, niche) in Niche::ALL.iter().enumerate() {
            assert_eq!(niche.index(), position);
        }
    }

    #[test]
    fn niche_scores_top_keeps_at_most_three() {
        let scores = NicheScores {
            probabilities: vec![
                (Niche::Food, 0.9),
                (Niche::Travel, 0.6),
                (Niche::Fitness, 0.55),
                (Niche::Tech, 0.52),
                (Niche::Art, 0.1),
            ],
        };
        assert_eq!(
            scores.top(0.5),
            vec![Niche::Food, Niche::Travel, Niche::Fitness]
        );
        assert_eq!(scores.top(0.95), vec![Niche::Food]);
        assert!((scores.probability(Niche::Art) - 0.1).abs() < 1e-6);
        assert_eq!(scores.probability(Niche::Pets), 0.0);
    }
}
