//! The test world: 2,000 creators written straight into the store over four crawl rounds,
//! and the brute-force scan that reads them back.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scout_index::{
    audience_share, share_permille, AudienceDimension, GrowthPeriod, GrowthWindows, IndexQuery,
    RecordStreamOptions, SearchIndex, Store, MAX_LIMIT,
};
use scout_models::audience::country_of_location;
use scout_models::{
    engagement, AudienceEstimate, AudienceSample, Creator, CreatorId, CreatorRecord, Lexicon,
    Niche, Platform, Post, Provenance,
};

pub(super) const CREATORS: usize = 2_000;
const SEED: u64 = 5;

/// Where creators say they live: the gazetteer reads most as one country, some as none.
const LOCATIONS: [&str; 12] = [
    "São Paulo, Brasil",
    "Rio de Janeiro",
    "Berlin, Germany",
    "München",
    "Paris, France",
    "Lyon, FR",
    "Austin, TX",
    "New York",
    "London, UK",
    "Ciudad de México",
    "🇧🇷",
    "somewhere on the internet",
];
const LANGUAGES: [&str; 5] = ["en", "pt", "de", "fr", "es"];
const TAGS: [&str; 6] = [
    "summerlist",
    "dailyvlog",
    "ad",
    "fridayfeels",
    "collab",
    "behindthescenes",
];
const MENTIONS: [&str; 4] = ["brand", "acme", "ana@social.example", "bob"];
/// Commenters' places and languages, by the creator's audience profile.
const AUDIENCES: [(&str, &str); 5] = [
    ("São Paulo, Brasil", "pt"),
    ("Berlin, Deutschland", "de"),
    ("Chicago, IL", "en"),
    ("Madrid, España", "es"),
    ("Paris, France", "fr"),
];
const FIRST_NAMES: [&str; 8] = [
    "Maria", "Ana", "Julia", "Sofia", "John", "Lukas", "Pedro", "Carlos",
];

/// One creator as the scan sees it.
#[derive(Debug)]
pub(super) struct Scanned {
    pub(super) id: String,
    pub(super) platform: Platform,
    pub(super) followers: Option<u64>,
    pub(super) engagement_rate: Option<f64>,
    pub(super) country: Option<String>,
    pub(super) languages: BTreeSet<String>,
    pub(super) has_contact: bool,
    pub(super) has_sponsored_posts: bool,
    pub(super) last_posted_at: Option<DateTime<Utc>>,
    pub(super) hashtags: BTreeSet<String>,
    pub(super) mentions: BTreeSet<String>,
    pub(super) growth: GrowthWindows,
    pub(super) niches: Vec<Niche>,
    pub(super) audience: Option<AudienceEstimate>,
    pub(super) credibility: Option<f64>,
}

impl Scanned {
    pub(super) fn growth(&self, period: GrowthPeriod) -> Option<f64> {
        match period {
            GrowthPeriod::OneMonth => self.growth.one_month,
            GrowthPeriod::ThreeMonths => self.growth.three_months,
            GrowthPeriod::SixMonths => self.growth.six_months,
        }
    }

    /// At least `min_share` of the audience in `key` (shares compared at 0.1%).
    pub(super) fn audience_at_least(
        &self,
        dimension: AudienceDimension,
        key: &str,
        min_share: f64,
    ) -> bool {
        self.audience.as_ref().is_some_and(|estimate| {
            let share = share_permille(audience_share(estimate, dimension, key).unwrap());
            share > 0 && share >= share_permille(min_share)
        })
    }
}

fn niche_words() -> Vec<(Niche, Vec<String>)> {
    let lexicon = Lexicon::builtin().expect("the builtin lexicon loads");
    lexicon
        .source()
        .niches
        .iter()
        .map(|(niche, languages)| {
            let words = languages.get("en").cloned().unwrap_or_default();
            (*niche, words)
        })
        .filter(|(_, words)| words.len() >= 3)
        .collect()
}

/// The world: every creator's record in each of four crawl rounds (180, 90 and 30 days ago,
/// and now), followers moving between rounds.
pub(super) fn world(now: DateTime<Utc>) -> Vec<Vec<CreatorRecord>> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let niches = niche_words();
    let rounds = [180, 90, 30, 0];
    let mut by_round: Vec<Vec<CreatorRecord>> = vec![Vec::new(); rounds.len()];
    for n in 0..CREATORS {
        let platform = *Platform::ALL.choose(&mut rng).unwrap();
        let handle = match platform {
            Platform::Mastodon => format!("creator{n}@social.example"),
            Platform::Bluesky => format!("creator{n}.bsky.social"),
            Platform::Youtube => format!("UCcreator{n}"),
            Platform::Web => format!("site{n}.example/me"),
        };
        let id = CreatorId::new(platform, &handle);
        let (niche, words) = niches.choose(&mut rng).unwrap();
        let word = |rng: &mut ChaCha8Rng| words.choose(rng).unwrap().clone();
        let coach = if rng.random_bool(0.2) { " coach" } else { "" };
        let bio = format!(
            "{}{coach} sharing {} and {} every week",
            niche.as_str(),
            word(&mut rng),
            word(&mut rng)
        );
        let base_followers = 10u64.pow(rng.random_range(2..7)) + rng.random_range(0..40_000);
        let monthly_growth: f64 = rng.random_range(-0.05..0.15);
        let known_followers = rng.random_bool(0.96);
        let location = rng
            .random_bool(0.85)
            .then(|| LOCATIONS.choose(&mut rng).unwrap().to_string());
        let languages: BTreeSet<String> = (0..rng.random_range(0..3))
            .map(|_| LANGUAGES.choose(&mut rng).unwrap().to_string())
            .collect();
        let contact_email = rng
            .random_bool(0.3)
            .then(|| format!("hello@creator{n}.example"));
        let last_post_days = rng.random_range(0..120) as f64 + 0.5;
        let post_count = rng.random_range(1..12);
        let posts: Vec<Post> = (0..post_count)
            .map(|p| {
                let hashtags: Vec<String> = (0..rng.random_range(0..3))
                    .map(|_| TAGS.choose(&mut rng).unwrap().to_string())
                    .collect();
                let mentions: Vec<String> = (0..rng.random_range(0..2))
                    .map(|_| MENTIONS.choose(&mut rng).unwrap().to_string())
                    .collect();
                let published_at =
                    now - Duration::minutes(((last_post_days + p as f64 * 3.0) * 1440.0) as i64);
                Post {
                    id: format!("p{p}"),
                    creator_id: id.clone(),
                    url: format!("https://posts.example/{n}/{p}"),
                    published_at: Some(published_at),
                    text: format!(
                        "my {} {} today with {}",
                        word(&mut rng),
                        if rng.random_bool(0.3) {
                            "weekly update"
                        } else {
                            "routine"
                        },
                        word(&mut rng)
                    ),
                    sponsored: hashtags.iter().any(|tag| tag == "ad"),
                    hashtags,
                    mentions,
                    media_kind: None,
                    language: None,
                    likes: Some(rng.random_range(0..base_followers / 10 + 2)),
                    comments: Some(rng.random_range(0..base_followers / 100 + 2)),
                    shares: None,
                    views: None,
                }
            })
            .collect();
        let audience: Vec<AudienceSample> = if rng.random_bool(0.8) {
            let (main_place, main_language) = *AUDIENCES.choose(&mut rng).unwrap();
            (0..rng.random_range(6..16))
                .map(|s| {
                    let (place, language) = if rng.random_bool(0.6) {
                        (main_place, main_language)
                    } else {
                        *AUDIENCES.choose(&mut rng).unwrap()
                    };
                    let name = FIRST_NAMES.choose(&mut rng).unwrap();
                    AudienceSample {
                        creator_id: id.clone(),
                        handle: format!("fan{s}"),
                        display_name: Some(format!("{name} S")),
                        bio: None,
                        location: Some(place.to_string()),
                        language: Some(language.to_string()),
                        text: Some("love this".to_string()),
                        followers: Some(rng.random_range(10..900)),
                        following: Some(rng.random_range(10..900)),
                        has_avatar: true,
                        account_created_at: None,
                        is_bot: false,
                        post_id: None,
                        reply_likes: None,
                        post_count: None,
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        for (round, days_ago) in rounds.iter().enumerate() {
            let months_ago = *days_ago as f64 / 30.0;
            let followers = known_followers.then(|| {
                (base_followers as f64 / (1.0 + monthly_growth).powf(months_ago)).round() as u64
            });
            let fetched_at = now - Duration::days(*days_ago);
            by_round[round].push(CreatorRecord {
                creator: Creator {
                    id: id.clone(),
                    platform,
                    handle: handle.clone(),
                    display_name: Some(format!("Creator {n}")),
                    bio: Some(bio.clone()),
                    profile_url: format!("https://profiles.example/{n}"),
                    avatar_url: None,
                    links: Vec::new(),
                    followers,
                    following: Some(200),
                    post_count: Some(post_count as u64),
                    location: location.clone(),
                    languages: languages.iter().cloned().collect(),
                    contact_email: contact_email.clone(),
                    created_at: None,
                    is_bot: false,
                    provenance: Provenance {
                        source_url: format!("https://profiles.example/{n}"),
                        fetched_at,
                        method: "test".to_string(),
                        content_hash: format!("{n}-{round}"),
                    },
                },
                posts: posts.clone(),
                audience: audience.clone(),
            });
        }
    }
    by_round
}

/// Reads every creator back from the store (and the model outputs from the index).
pub(super) fn scan(data: &std::path::Path, now: DateTime<Utc>) -> Vec<Scanned> {
    let index = SearchIndex::open_or_create(&data.join("index")).expect("the index opens");
    let mut indexed = HashMap::new();
    let mut offset = 0;
    loop {
        let page = index
            .search(&IndexQuery {
                offset,
                limit: MAX_LIMIT,
                ..IndexQuery::default()
            })
            .unwrap();
        if page.hits.is_empty() {
            break;
        }
        offset += page.hits.len();
        for hit in page.hits {
            indexed.insert(hit.id.to_string(), hit);
        }
    }
    let store = Store::open_read_only(&data.join("store.sqlite")).expect("the store opens");
    let options = RecordStreamOptions {
        max_posts_per_creator: Some(30),
        include_audience: false,
    };
    let mut scanned = Vec::new();
    for record in store.records(options) {
        let record = record.unwrap();
        let creator = &record.creator;
        let snapshots = store.snapshots(&creator.id).unwrap();
        let hit = indexed
            .remove(creator.id.as_str())
            .unwrap_or_else(|| panic!("{} is in the store but not in the index", creator.id));
        scanned.push(Scanned {
            id: creator.id.to_string(),
            platform: creator.platform,
            followers: creator.followers,
            engagement_rate: engagement::robust_engagement_rate(creator.followers, &record.posts),
            country: creator.location.as_deref().and_then(country_of_location),
            languages: creator.languages.iter().map(|l| l.to_lowercase()).collect(),
            has_contact: creator.contact_email.is_some(),
            has_sponsored_posts: record.posts.iter().any(|post| post.sponsored),
            last_posted_at: record.posts.iter().filter_map(|p| p.published_at).max(),
            hashtags: record
                .posts
                .iter()
                .flat_map(|p| p.hashtags.clone())
                .collect(),
            mentions: record
                .posts
                .iter()
                .flat_map(|p| p.mentions.clone())
                .collect(),
            growth: GrowthWindows::compute(&snapshots, creator.followers, now),
            niches: hit.niches,
            audience: hit.audience,
            credibility: hit.credibility.map(|credibility| credibility.score),
        });
    }
    assert!(indexed.is_empty(), "indexed but not stored: {indexed:?}");
    scanned
}
