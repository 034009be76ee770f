//! `POST /v1/search` filters, facets, sorts and paging against a brute-force scan, through
//! the real binary and HTTP.
//!
//! A 2,000-creator world is written straight into the store (four crawl rounds over six
//! months, so snapshots give growth), then `scout train`, `scout index` and `scout serve`
//! run as a user would. Every query's ids, total and facet counts must equal what a scan of
//! the store computes; the model outputs (niches, audience estimate, credibility) are not in
//! the store, so the scan reads them from the index's stored documents, listed whole.

mod world;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use scout_index::{AudienceDimension, GrowthPeriod, Store};
use scout_models::{engagement, CreatorRecord, Niche, Platform, Tier};
use serde_json::{json, Value};

use crate::common::{run_ok, start_server};
use world::{scan, world, Scanned, CREATORS};

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
        // A result kept by a niche filter shows that niche among its own.
        let included = match &body["niches"] {
            Value::Array(list) => list.clone(),
            niches => niches["include"].as_array().cloned().unwrap_or_default(),
        };
        if !included.is_empty() {
            for result in first["results"].as_array().unwrap() {
                let shown: Vec<&Value> = result["niches"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|entry| &entry["niche"])
                    .collect();
                assert!(
                    included.iter().any(|niche| shown.contains(&niche)),
                    "{body}: {} shows {shown:?}",
                    result["id"]
                );
            }
        }
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
    for text in [
        "bio:coach OR posts:homemade",
        "\"weekly update\" -bio:coach",
    ] {
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
        for (pair, ids) in values.windows(2).zip(ids.windows(2)) {
            let ordered = match (pair[0], pair[1]) {
                (Some(a), Some(b)) => a >= b,
                (None, Some(_)) => false,
                _ => true,
            };
            assert!(ordered, "sort {sort}: {:?} before {:?}", pair[0], pair[1]);
            // Ties are ordered by creator id, across pages too (growth is computed for
            // another moment here than in the index, so its ties may not be ties there).
            if pair[0] == pair[1] && sort != "growth" {
                assert!(ids[0] < ids[1], "sort {sort}: tie {pair:?} of {ids:?}");
            }
        }
    }
    // Relevance pages run through every match: the candidates first, then the following
    // matches a block at a time, never a creator twice.
    for body in [
        json!({"query": "bio:coach", "platforms": ["mastodon", "bluesky", "web"]}),
        json!({"query": "routine OR homemade"}),
        json!({"followers": {"min": 1000}}),
    ] {
        let (ids, first) = all_pages(client, base, &body).await;
        let distinct: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(
            distinct.len(),
            ids.len(),
            "{body}: relevance pages repeat a creator"
        );
        let total = first["total"].as_u64().unwrap() as usize;
        assert!(total > 100, "{body}: {total}");
        assert_eq!(ids.len(), total, "{body}");
    }
    let (ids, _) = all_pages(client, base, &json!({"query": "routine OR homemade"})).await;
    assert!(
        ids.len() > 1000,
        "the broad query spans several candidate blocks"
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
