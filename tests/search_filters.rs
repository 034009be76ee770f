//! `POST /v1/search` filters, facets, sorts and paging against a brute-force scan, through
//! the real binary and HTTP.
//!
//! A 2,000-creator world is written straight into the store (four crawl rounds over six
//! months, so snapshots give growth), then `scout train`, `scout index` and `scout serve`
//! run as a user would. Every query's ids, total and facet counts must equal what a scan of
//! the store computes; the model outputs (niches, audience estimate, credibility) are not in
//! the store, so the scan reads them from the index's stored documents, listed whole.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    Niche, Platform, Post, Provenance, Tier,
};
use serde_json::{json, Value};

use crate::common::{run_ok, start_server};

const CREATORS: usize = 2_000;
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
struct Scanned {
    id: String,
    platform: Platform,
    followers: Option<u64>,
    engagement_rate: Option<f64>,
    country: Option<String>,
    languages: BTreeSet<String>,
    has_contact: bool,
    has_sponsored_posts: bool,
    last_posted_at: Option<DateTime<Utc>>,
    hashtags: BTreeSet<String>,
    mentions: BTreeSet<String>,
    growth: GrowthWindows,
    niches: Vec<Niche>,
    audience: Option<AudienceEstimate>,
    credibility: Option<f64>,
}

impl Scanned {
    fn growth(&self, period: GrowthPeriod) -> Option<f64> {
        match period {
            GrowthPeriod::OneMonth => self.growth.one_month,
            GrowthPeriod::ThreeMonths => self.growth.three_months,
            GrowthPeriod::SixMonths => self.growth.six_months,
        }
    }

    /// At least `min_share` of the audience in `key` (shares compared at 0.1%).
    fn audience_at_least(&self, dimension: AudienceDimension, key: &str, min_share: f64) -> bool {
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
fn world(now: DateTime<Utc>) -> Vec<Vec<CreatorRecord>> {
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
fn scan(data: &std::path::Path, now: DateTime<Utc>) -> Vec<Scanned> {
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

type Facets = BTreeMap<String, BTreeMap<String, u64>>;

fn scanned_facets(matching: &[&Scanned]) -> Facets {
    let mut facets = Facets::new();
    let mut count = |root: &str, value: String| {
        *facets
            .entry(root.to_string())
            .or_default()
            .entry(value)
            .or_default() += 1;
    };
    for creator in matching {
        count("platform", creator.platform.as_str().to_string());
        for niche in &creator.niches {
            count("niche", niche.as_str().to_string());
        }
        if let Some(followers) = creator.followers {
            count("tier", Tier::from_followers(followers).to_string());
        }
        if let Some(country) = &creator.country {
            count("country", country.clone());
        }
        for language in &creator.languages {
            count("language", language.clone());
        }
    }
    facets
}

fn response_facets(body: &Value) -> Facets {
    let mut facets = Facets::new();
    for (root, values) in body["facets"].as_object().expect("facets object") {
        let values: BTreeMap<String, u64> = values
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                (
                    entry["value"].as_str().unwrap().to_string(),
                    entry["count"].as_u64().unwrap(),
                )
            })
            .collect();
        if !values.is_empty() {
            facets.insert(root.clone(), values);
        }
    }
    facets
}

async fn post(client: &reqwest::Client, base: &str, body: &Value) -> (u16, Value) {
    let response = client
        .post(format!("{base}/v1/search"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Every match of `body`, paging with `next_cursor`: ids in order, and the first page.
async fn all_pages(client: &reqwest::Client, base: &str, body: &Value) -> (Vec<String>, Value) {
    let mut body = body.clone();
    body["limit"] = json!(100);
    let (status, first) = post(client, base, &body).await;
    assert_eq!(status, 200, "{body}: {first}");
    let mut ids = Vec::new();
    let mut page = first.clone();
    loop {
        for result in page["results"].as_array().unwrap() {
            ids.push(result["id"].as_str().unwrap().to_string());
        }
        let Some(cursor) = page["next_cursor"].as_str() else {
            break;
        };
        body["cursor"] = json!(cursor);
        let (status, next) = post(client, base, &body).await;
        assert_eq!(status, 200, "{body}: {next}");
        assert_eq!(next["total"], first["total"], "{body}: total moved");
        page = next;
    }
    (ids, first)
}

type Predicate = Box<dyn Fn(&Scanned) -> bool>;

fn filter_cases(now: DateTime<Utc>) -> Vec<(Value, Predicate)> {
    let niche = |name: &str| name.parse::<Niche>().unwrap();
    vec![
        (json!({}), Box::new(|_| true)),
        (
            json!({"platforms": ["mastodon", "youtube"]}),
            Box::new(|c| matches!(c.platform, Platform::Mastodon | Platform::Youtube)),
        ),
        (
            json!({"followers": {"min": 5000, "max": 200000}}),
            Box::new(|c| c.followers.is_some_and(|f| (5_000..=200_000).contains(&f))),
        ),
        (
            json!({"engagement_rate": {"min": 0.01, "max": 0.05}}),
            Box::new(|c| {
                c.engagement_rate
                    .is_some_and(|r| (0.01..=0.05).contains(&r))
            }),
        ),
        (
            json!({"niches": {"include": ["food", "fitness", "travel"], "exclude": ["gaming"]}}),
            Box::new(move |c| {
                c.niches
                    .iter()
                    .any(|n| [niche("food"), niche("fitness"), niche("travel")].contains(n))
                    && !c.niches.contains(&niche("gaming"))
            }),
        ),
        (
            json!({"niches": ["tech"]}),
            Box::new(move |c| c.niches.contains(&niche("tech"))),
        ),
        (
            json!({"creator": {"countries": ["BR", "de"], "languages": ["pt", "de"]}}),
            Box::new(|c| {
                matches!(c.country.as_deref(), Some("BR" | "DE"))
                    && (c.languages.contains("pt") || c.languages.contains("de"))
            }),
        ),
        (
            json!({"has_contact": true, "has_sponsored_posts": false}),
            Box::new(|c| c.has_contact && !c.has_sponsored_posts),
        ),
        (
            json!({"has_sponsored_posts": true}),
            Box::new(|c| c.has_sponsored_posts),
        ),
        (
            json!({"last_posted_within_days": 14}),
            Box::new(move |c| {
                c.last_posted_at
                    .is_some_and(|at| at >= now - Duration::days(14))
            }),
        ),
        (
            json!({"growth": {"period": "1m", "min": 0.05}}),
            Box::new(|c| c.growth(GrowthPeriod::OneMonth).is_some_and(|g| g >= 0.05)),
        ),
        (
            json!({"growth": {"period": "6m", "min": 0.3}}),
            Box::new(|c| c.growth(GrowthPeriod::SixMonths).is_some_and(|g| g >= 0.3)),
        ),
        (
            json!({"min_credibility": 0.63}),
            Box::new(|c| c.credibility.is_some_and(|score| score >= 0.63)),
        ),
        (
            json!({"hashtags": ["summerlist", "#collab"], "mentions": ["@brand"]}),
            Box::new(|c| {
                (c.hashtags.contains("summerlist") || c.hashtags.contains("collab"))
                    && c.mentions.contains("brand")
            }),
        ),
        (
            json!({"query": "#dailyvlog @acme"}),
            Box::new(|c| c.hashtags.contains("dailyvlog") && c.mentions.contains("acme")),
        ),
        (
            json!({"audience": {"countries": [{"code": "BR", "min_share": 0.3}, {"code": "US", "min_share": 0.4}]}}),
            Box::new(|c| {
                c.audience_at_least(AudienceDimension::Country, "BR", 0.3)
                    || c.audience_at_least(AudienceDimension::Country, "US", 0.4)
            }),
        ),
        (
            json!({"audience": {
                "ages": [{"range": "18-34", "min_share": 0.45}],
                "gender": {"code": "female", "min_share": 0.5},
                "languages": [{"code": "pt", "min_share": 0.2}, {"code": "es", "min_share": 0.3}]
            }}),
            Box::new(|c| {
                c.audience_at_least(AudienceDimension::Age, "18-34", 0.45)
                    && c.audience_at_least(AudienceDimension::Gender, "female", 0.5)
                    && (c.audience_at_least(AudienceDimension::Language, "pt", 0.2)
                        || c.audience_at_least(AudienceDimension::Language, "es", 0.3))
            }),
        ),
        (
            json!({
                "platforms": ["bluesky", "web", "mastodon"],
                "followers": {"min": 1000},
                "creator": {"languages": ["en", "pt", "fr"]},
                "last_posted_within_days": 90,
                "audience": {"countries": [{"code": "DE", "min_share": 0.2}, {"code": "BR", "min_share": 0.2}]}
            }),
            Box::new(move |c| {
                matches!(
                    c.platform,
                    Platform::Bluesky | Platform::Web | Platform::Mastodon
                ) && c.followers.is_some_and(|f| f >= 1000)
                    && ["en", "pt", "fr"].iter().any(|l| c.languages.contains(*l))
                    && c.last_posted_at
                        .is_some_and(|at| at >= now - Duration::days(90))
                    && (c.audience_at_least(AudienceDimension::Country, "DE", 0.2)
                        || c.audience_at_least(AudienceDimension::Country, "BR", 0.2))
            }),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_filter_and_facet_matches_a_brute_force_scan_of_the_store() {
    let now = Utc::now();
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    {
        let mut store = Store::open(&data.join("store.sqlite")).unwrap();
        for round in world(now) {
            let rated: Vec<(CreatorRecord, Option<f64>)> = round
                .into_iter()
                .map(|record| {
                    let rate =
                        engagement::robust_engagement_rate(record.creator.followers, &record.posts);
                    (record, rate)
                })
                .collect();
            store.upsert_records(&rated).unwrap();
        }
    }
    run_ok(data, &["train"]);
    run_ok(data, &["index"]);
    let scanned = scan(data, now);
    assert_eq!(scanned.len(), CREATORS);
    let server = start_server(data).await;
    let base = server.base_url.as_str();
    let client = reqwest::Client::new();

    for (body, predicate) in filter_cases(now) {
        let expected: Vec<&Scanned> = scanned.iter().filter(|c| predicate(c)).collect();
        let everything = body.as_object().unwrap().is_empty();
        assert!(
            everything || (!expected.is_empty() && expected.len() < scanned.len()),
            "{body}: a case that keeps {} of {} creators checks nothing",
            expected.len(),
            scanned.len()
        );
        let mut sorted = body.clone();
        sorted["sort"] = json!("followers");
        let (ids, first) = all_pages(&client, base, &sorted).await;
        assert_eq!(
            first["total"].as_u64().unwrap() as usize,
            expected.len(),
            "{body}: total"
        );
        let found: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(found.len(), ids.len(), "{body}: a creator on two pages");
        let wanted: BTreeSet<&str> = expected.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(found, wanted, "{body}: ids");
        assert_eq!(
            response_facets(&first),
            scanned_facets(&expected),
            "{body}: facets"
        );
    }

    check_text_queries(&client, base, &scanned).await;
    check_sorts(&client, base, &scanned).await;
    check_get_matches_post(&client, base).await;
    check_bad_values(&client, base).await;

    let cli = run_ok(
        data,
        &[
            "search",
            "routine",
            "--country",
            "BR",
            "--has-contact",
            "true",
            "--sort",
            "followers",
            "--json",
        ],
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let (_, http) = post(
        &client,
        base,
        &json!({"query": "routine", "creator": {"countries": ["BR"]}, "has_contact": true, "sort": "followers"}),
    )
    .await;
    assert_eq!(cli["total"], http["total"]);
    assert!(cli["total"].as_u64().unwrap() > 0);
}

/// Text with field scopes and phrases: the filtered set is the text's own matches (as the
/// search lists them without filters) narrowed by the scan.
async fn check_text_queries(client: &reqwest::Client, base: &str, scanned: &[Scanned]) {
    let by_id: HashMap<&str, &Scanned> = scanned.iter().map(|c| (c.id.as_str(), c)).collect();
    for text in ["bio:coach OR posts:homemade", "\"weekly update\" -bio:coach"] {
        let (text_ids, _) =
            all_pages(client, base, &json!({"query": text, "sort": "followers"})).await;
        assert!(
            !text_ids.is_empty() && text_ids.len() < scanned.len(),
            "{text}: {} of {}",
            text_ids.len(),
            scanned.len()
        );
        let body = json!({
            "query": text, "followers": {"min": 2000}, "has_contact": false, "sort": "followers"
        });
        let (ids, _) = all_pages(client, base, &body).await;
        let wanted: BTreeSet<&str> = text_ids
            .iter()
            .map(String::as_str)
            .filter(|id| {
                let creator = by_id[id];
                creator.followers.is_some_and(|f| f >= 2000) && !creator.has_contact
            })
            .collect();
        let found: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(
            found.len(),
            ids.len(),
            "{text}: a creator on two relevance pages"
        );
        assert_eq!(found, wanted, "{text}: ids");
    }
    // Scoped terms search only their field: the bio says "coach", no post does.
    let (bio, _) = post(client, base, &json!({"query": "bio:coach", "limit": 1})).await;
    let (posts, _) = post(client, base, &json!({"query": "posts:coach", "limit": 1})).await;
    assert_eq!((bio, posts), (200, 200));
    let (_, bio) = post(client, base, &json!({"query": "bio:coach", "limit": 1})).await;
    let (_, posts) = post(client, base, &json!({"query": "posts:coach", "limit": 1})).await;
    assert!(bio["total"].as_u64().unwrap() > 0);
    assert_eq!(posts["total"], 0);
}

/// Sorts order every match; relevance pages from cursors never repeat a creator.
async fn check_sorts(client: &reqwest::Client, base: &str, scanned: &[Scanned]) {
    let by_id: HashMap<&str, &Scanned> = scanned.iter().map(|c| (c.id.as_str(), c)).collect();
    let value = |sort: &str, creator: &Scanned| match sort {
        "followers" => creator.followers.map(|f| f as f64),
        "engagement" => creator.engagement_rate,
        _ => creator.growth(GrowthPeriod::SixMonths),
    };
    for sort in ["followers", "engagement", "growth"] {
        let body = json!({"platforms": ["mastodon", "bluesky"], "sort": sort, "growth": {"period": "6m", "min": -1.0}});
        let (ids, first) = all_pages(client, base, &body).await;
        assert_eq!(first["sort"], sort);
        let values: Vec<Option<f64>> = ids
            .iter()
            .map(|id| value(sort, by_id[id.as_str()]))
            .collect();
        for pair in values.windows(2) {
            let ordered = match (pair[0], pair[1]) {
                (Some(a), Some(b)) => a >= b,
                (None, Some(_)) => false,
                _ => true,
            };
            assert!(ordered, "sort {sort}: {:?} before {:?}", pair[0], pair[1]);
        }
    }
    // Relevance pages run through every match when the candidates hold them all...
    let narrow = json!({"query": "bio:coach", "platforms": ["mastodon", "bluesky", "web"]});
    let (ids, first) = all_pages(client, base, &narrow).await;
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "relevance pages repeat a creator"
    );
    let total = first["total"].as_u64().unwrap() as usize;
    assert!(total > 100 && total <= 1000, "{total}");
    assert_eq!(ids.len(), total);
    // ... and end with the re-ranked candidates (10 × limit at least) when they do not.
    let (ids, first) = all_pages(client, base, &json!({"query": "routine OR homemade"})).await;
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "relevance pages repeat a creator"
    );
    let total = first["total"].as_u64().unwrap() as usize;
    assert!(
        ids.len() >= 1000.min(total) && ids.len() <= total,
        "{} of {total}",
        ids.len()
    );
    // Offsets give the same pages as cursors.
    let (_, second) = post(
        client,
        base,
        &json!({"query": "routine OR homemade", "offset": 100, "limit": 100}),
    )
    .await;
    let second_ids: Vec<&str> = second["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        second_ids,
        ids[100..200].iter().map(String::as_str).collect::<Vec<_>>()
    );
}

/// `GET /v1/search` with flat parameters answers as the same `POST` does.
async fn check_get_matches_post(client: &reqwest::Client, base: &str) {
    let url = format!(
        "{base}/v1/search?q=routine&country=BR,DE&has_contact=false&min_growth=0&growth_period=3m&hashtag=fridayfeels&exclude_niche=gaming&sort=followers&limit=100"
    );
    let get: Value = client.get(url).send().await.unwrap().json().await.unwrap();
    let (status, post_body) = post(
        client,
        base,
        &json!({
            "query": "routine", "creator": {"countries": ["BR", "DE"]}, "has_contact": false,
            "growth": {"period": "3m", "min": 0.0}, "hashtags": ["fridayfeels"],
            "niches": {"exclude": ["gaming"]}, "sort": "followers", "limit": 100
        }),
    )
    .await;
    assert_eq!(status, 200);
    assert!(get["total"].as_u64().unwrap() > 0, "{get}");
    assert_eq!(get["total"], post_body["total"]);
    assert_eq!(get["facets"], post_body["facets"]);
    let ids = |body: &Value| -> Vec<String> {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| result["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&get), ids(&post_body));
}

/// Every bad value is a 400 naming its field.
async fn check_bad_values(client: &reqwest::Client, base: &str) {
    let cases = [
        (json!({"platforms": ["myspace"]}), "platforms[0]"),
        (json!({"followers": {"min": 10, "max": 5}}), "followers"),
        (
            json!({"engagement_rate": {"min": -0.5}}),
            "engagement_rate.min",
        ),
        (
            json!({"niches": {"include": ["food"], "exclude": ["knitting"]}}),
            "niches.exclude[0]",
        ),
        (
            json!({"creator": {"countries": ["USA"]}}),
            "creator.countries[0]",
        ),
        (
            json!({"creator": {"languages": ["en", "e1"]}}),
            "creator.languages[1]",
        ),
        (json!({"creator": {"cities": ["Paris"]}}), "creator.cities"),
        (
            json!({"last_posted_within_days": 0}),
            "last_posted_within_days",
        ),
        (
            json!({"growth": {"period": "2m", "min": 0.1}}),
            "growth.period",
        ),
        (
            json!({"growth": {"period": "1m", "min": -3.0}}),
            "growth.min",
        ),
        (json!({"min_credibility": 1.5}), "min_credibility"),
        (json!({"hashtags": ["#"]}), "hashtags[0]"),
        (
            json!({"audience": {"countries": [{"code": "ES+MX", "min_share": 0.3}]}}),
            "audience.countries[0].code",
        ),
        (
            json!({"audience": {"ages": [{"range": "18-30", "min_share": 0.3}]}}),
            "audience.ages[0].range",
        ),
        (
            json!({"audience": {"gender": {"code": "female", "min_share": 1.5}}}),
            "audience.gender.min_share",
        ),
        (
            json!({"audience": {"languages": [{"code": "en", "min_share": 0.0}]}}),
            "audience.languages[0].min_share",
        ),
        (
            json!({"audience": {"countries": [{"code": "BR", "share": 0.3}]}}),
            "audience.countries[0]",
        ),
        (json!({"sort": "newest"}), "sort"),
        (json!({"limit": 101}), "limit"),
        (json!({"offset": 10001}), "offset"),
        (json!({"query": "country:US"}), "query"),
        (json!({"cursor": "not-a-cursor"}), "cursor"),
        (json!({"unknown_filter": 1}), "unknown_filter"),
    ];
    for (body, field) in cases {
        let (status, answer) = post(client, base, &body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        let named = answer["error"]["field"].as_str().unwrap_or_default();
        assert!(
            named.starts_with(field),
            "{body}: field {named:?}, wanted {field:?}"
        );
    }
    // A cursor belongs to its query: paging on with another filter is refused.
    let (_, first) = post(client, base, &json!({"platforms": ["web"], "limit": 5})).await;
    let cursor = first["next_cursor"]
        .as_str()
        .expect("more than five web creators");
    for body in [
        json!({"platforms": ["youtube"], "limit": 5, "cursor": cursor}),
        json!({"platforms": ["web"], "limit": 5, "cursor": cursor, "sort": "followers"}),
        json!({"platforms": ["web"], "limit": 5, "cursor": cursor, "offset": 5}),
    ] {
        let (status, answer) = post(client, base, &body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["error"]["field"], "cursor", "{body}");
    }
    let (status, _) = post(
        client,
        base,
        &json!({"platforms": ["web"], "limit": 7, "cursor": cursor}),
    )
    .await;
    assert_eq!(status, 200, "a cursor outlives a change of page size");
}
