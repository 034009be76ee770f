//! What the index holds about one creator: the searchable text and the filterable numbers.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use scout_models::audience::country_of_location;
use scout_models::features::FollowerGrowth;
use scout_models::{
    AudienceEstimate, CreatorId, CreatorRecord, Credibility, Niche, NicheScores, Platform, Snapshot,
};

/// One creator as indexed: text to match and numbers to filter and rank on.
///
/// Built from a [`CreatorRecord`] with [`IndexDocument::from_record`]; the model outputs
/// (`engagement_rate`, `niches`, `niche_scores`) are filled in by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDocument {
    pub id: CreatorId,
    pub platform: Platform,
    pub handle: String,
    pub display_name: Option<String>,
    pub bio: Option<String>,
    /// Texts of recent posts, one entry per post (phrases never span two posts).
    pub captions: Vec<String>,
    /// Hashtags used, without `#`.
    pub hashtags: Vec<String>,
    pub followers: Option<u64>,
    pub engagement_rate: Option<f64>,
    /// The creator's one to three niches.
    pub niches: Vec<Niche>,
    /// Probabilities of every niche, kept for query-time niche fit.
    pub niche_scores: Option<NicheScores>,
    /// ISO-639-1 codes.
    pub languages: Vec<String>,
    /// The audience estimate from the creator's audience sample, when modelled.
    pub audience: Option<AudienceEstimate>,
    /// Credibility with its reasons, when modelled.
    pub credibility: Option<Credibility>,
    /// What the filters read besides text and model outputs (country, contact, activity,
    /// growth, mentions).
    pub facts: CreatorFacts,
}

/// The facts about a creator that search filters on, derived from its record and snapshots.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreatorFacts {
    /// ISO-3166 alpha-2 country (upper case) read from the declared location with the
    /// audience model's gazetteer; `None` when the location names no single country.
    pub country: Option<String>,
    /// A public contact e-mail was found.
    pub has_contact: bool,
    /// One of the indexed posts carries a sponsorship marker.
    pub has_sponsored_posts: bool,
    /// Publication time of the newest indexed post.
    pub last_posted_at: Option<DateTime<Utc>>,
    /// Accounts mentioned in the indexed posts: lower case, without `@`, distinct.
    pub mentions: Vec<String>,
    /// Relative follower growth per window (`0.1` = +10%), from the snapshot series.
    pub growth: GrowthWindows,
}

/// Relative follower growth (`current / base - 1`) over 30, 90 and 180 days: the base is the
/// snapshot nearest to that many days ago within half the window (see
/// [`FollowerGrowth::compute`]); `None` without such a snapshot.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GrowthWindows {
    pub one_month: Option<f64>,
    pub three_months: Option<f64>,
    pub six_months: Option<f64>,
}

impl CreatorFacts {
    /// The facts `record`'s creator and posts carry (no growth: that needs snapshots).
    pub fn from_record(record: &CreatorRecord) -> CreatorFacts {
        let creator = &record.creator;
        let mut seen = HashSet::new();
        let mentions = record
            .posts
            .iter()
            .flat_map(|post| post.mentions.iter())
            .map(|mention| normalise_mention(mention))
            .filter(|mention| !mention.is_empty() && seen.insert(mention.clone()))
            .collect();
        CreatorFacts {
            country: creator.location.as_deref().and_then(country_of_location),
            has_contact: creator
                .contact_email
                .as_deref()
                .is_some_and(|email| !email.trim().is_empty()),
            has_sponsored_posts: record.posts.iter().any(|post| post.sponsored),
            last_posted_at: record
                .posts
                .iter()
                .filter_map(|post| post.published_at)
                .max(),
            mentions,
            growth: GrowthWindows::default(),
        }
    }
}

impl GrowthWindows {
    /// Growth up to `current_followers` at `now` from `snapshots` (any order).
    pub fn compute(
        snapshots: &[Snapshot],
        current_followers: Option<u64>,
        now: DateTime<Utc>,
    ) -> GrowthWindows {
        let growth = FollowerGrowth::compute(snapshots, current_followers, now);
        let finite = |value: Option<f64>| value.filter(|value| value.is_finite());
        GrowthWindows {
            one_month: finite(growth.last_30_days),
            three_months: finite(growth.last_90_days),
            six_months: finite(growth.last_180_days),
        }
    }
}

/// The exact form of a mention for filters: lower-case, without a leading `@`.
pub fn normalise_mention(raw: &str) -> String {
    raw.trim().trim_start_matches('@').to_lowercase()
}

impl IndexDocument {
    /// The text and counters of a record: the `max_captions` newest non-empty post texts and
    /// the distinct hashtags of all posts (lower-cased); no engagement rate or niches yet.
    pub fn from_record(record: &CreatorRecord, max_captions: usize) -> IndexDocument {
        let creator = &record.creator;
        let mut posts: Vec<_> = record.posts.iter().collect();
        // Newest first; undated posts last (`None < Some` in `Option`'s order).
        posts.sort_by_key(|post| std::cmp::Reverse(post.published_at));
        let captions = posts
            .iter()
            .map(|post| post.text.trim())
            .filter(|text| !text.is_empty())
            .take(max_captions)
            .map(str::to_string)
            .collect();
        let mut seen = HashSet::new();
        let hashtags = posts
            .iter()
            .flat_map(|post| post.hashtags.iter())
            .map(|tag| tag.trim().trim_start_matches('#').to_lowercase())
            .filter(|tag| !tag.is_empty() && seen.insert(tag.clone()))
            .collect();
        IndexDocument {
            id: creator.id.clone(),
            platform: creator.platform,
            handle: creator.handle.clone(),
            display_name: creator.display_name.clone(),
            bio: creator.bio.clone(),
            captions,
            hashtags,
            followers: creator.followers,
            engagement_rate: None,
            niches: Vec::new(),
            niche_scores: None,
            languages: creator.languages.clone(),
            audience: None,
            credibility: None,
            facts: CreatorFacts::from_record(record),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use scout_models::{Creator, Post, Provenance};

    fn post(id: &str, day: Option<u32>, text: &str, tags: &[&str]) -> Post {
        Post {
            id: id.to_string(),
            creator_id: CreatorId::new(Platform::Bluesky, "ana.bsky.social"),
            url: format!("https://bsky.example/{id}"),
            published_at: day.map(|day| Utc.with_ymd_and_hms(2024, 3, day, 12, 0, 0).unwrap()),
            text: text.to_string(),
            hashtags: tags.iter().map(|tag| tag.to_string()).collect(),
            mentions: Vec::new(),
            media_kind: None,
            language: None,
            likes: None,
            comments: None,
            shares: None,
            views: None,
            sponsored: false,
        }
    }

    #[test]
    fn from_record_keeps_newest_captions_and_distinct_hashtags() {
        let record = CreatorRecord {
            creator: Creator {
                id: CreatorId::new(Platform::Bluesky, "ana.bsky.social"),
                platform: Platform::Bluesky,
                handle: "ana.bsky.social".to_string(),
                display_name: Some("Ana".to_string()),
                bio: Some("Runner".to_string()),
                profile_url: "https://bsky.example/ana".to_string(),
                avatar_url: None,
                links: Vec::new(),
                followers: Some(1200),
                following: None,
                post_count: None,
                location: None,
                languages: vec!["pt".to_string()],
                contact_email: None,
                created_at: None,
                is_bot: false,
                provenance: Provenance {
                    source_url: "https://bsky.example/ana".to_string(),
                    fetched_at: Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap(),
                    method: "test".to_string(),
                    content_hash: String::new(),
                },
            },
            posts: vec![
                post("old", Some(1), "old run", &["Run"]),
                post("undated", None, "no date", &["misc"]),
                post("new", Some(20), "new run", &["run", "#Trail"]),
                post("blank", Some(10), "   ", &[]),
            ],
            audience: Vec::new(),
        };
        let document = IndexDocument::from_record(&record, 2);
        assert_eq!(document.captions, vec!["new run", "old run"]);
        assert_eq!(document.hashtags, vec!["run", "trail", "misc"]);
        assert_eq!(document.followers, Some(1200));
        assert!(document.niches.is_empty());
    }
}
