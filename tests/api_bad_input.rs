//! Bad input across the API, through real HTTP on loopback against `scout serve` on a small
//! generated world: every answer is a 4xx JSON error naming the value the client sent (the
//! query parameter of a GET, the JSON path of a body), and a request never loses data.

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{call, start_server, trained_world, Server};

/// Asserts a 400 `invalid_field` JSON answer naming `field`.
#[track_caller]
fn assert_field(answer: &(StatusCode, Value), field: &str, request: &str) {
    let (status, body) = answer;
    assert_eq!(*status, StatusCode::BAD_REQUEST, "{request} → {body}");
    assert_eq!(body["error"]["code"], "invalid_field", "{request} → {body}");
    assert_eq!(body["error"]["field"], field, "{request} → {body}");
}

/// A served world of 60 generated creators with trained models, and one creator's id.
async fn served_world() -> (tempfile::TempDir, Server, String) {
    let world = trained_world("60", "5");
    let server = start_server(world.path()).await;
    let client = Client::new();
    let (_, page) = call(
        &client,
        Method::GET,
        &format!("{}/v1/search?limit=1", server.base_url),
        None,
    )
    .await;
    let id = page["results"][0]["id"]
        .as_str()
        .expect("a creator")
        .to_string();
    (world, server, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_search_errors_name_the_query_parameter() {
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let long_query = "a".repeat(501);
    let cases = [
        ("q=foo:bar", "q"),
        (long_query.as_str(), "q"),
        ("country=brazil", "country[0]"),
        ("country=BR,brazil", "country[1]"),
        ("language=english", "language[0]"),
        ("min_followers=10&max_followers=5", "min_followers"),
        ("min_engagement_rate=-1", "min_engagement_rate"),
        ("max_engagement_rate=200", "max_engagement_rate"),
        (
            "min_engagement_rate=0.5&max_engagement_rate=0.1",
            "min_engagement_rate",
        ),
        ("min_growth=5000", "min_growth"),
        ("growth_period=1m&min_growth=NaN", "min_growth"),
        ("hashtag=%23", "hashtag[0]"),
        ("mention=ok,@", "mention[1]"),
        // A single-valued parameter given twice is ambiguous, not silently the last one.
        ("q=yoga&q=travel", "q"),
        ("limit=1&limit=2", "limit"),
        ("sort=followers&sort=growth", "sort"),
    ];
    for (query, field) in cases {
        let query = if query.len() > 500 {
            format!("q={query}")
        } else {
            query.to_string()
        };
        let url = format!("{}/v1/search?{query}", server.base_url);
        let answer = call(&client, Method::GET, &url, None).await;
        assert_field(&answer, field, &query);
        let message = answer.1["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{field}: ")),
            "{query} → {message}"
        );
    }
    // List parameters still repeat.
    let url = format!(
        "{}/v1/search?platform=web&platform=mastodon&limit=1",
        server.base_url
    );
    let (status, body) = call(&client, Method::GET, &url, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn briefs_check_their_audience_items_like_searches() {
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let url = format!("{}/v1/recommendations", server.base_url);
    let share =
        |key: &str, value: &str, min_share: f64| json!({ key: value, "min_share": min_share });
    let cases = [
        (
            json!({"countries": [share("code", "Brazil", 0.3)]}),
            "audience.countries[0].code",
        ),
        (
            json!({"countries": [share("code", "BR", 0.3), share("code", "BR+Portugal", 0.3)]}),
            "audience.countries[1].code",
        ),
        (
            json!({"languages": [share("code", "english", 0.3)]}),
            "audience.languages[0].code",
        ),
        (
            json!({"countries": [share("code", "BR", 3.0)]}),
            "audience.countries[0].min_share",
        ),
        (
            json!({"ages": [share("range", "young", 0.3)]}),
            "audience.ages[0].range",
        ),
        (
            json!({"gender": share("code", "nb", 0.3)}),
            "audience.gender.code",
        ),
    ];
    for (audience, field) in cases {
        let body = json!({"text": "travel", "audience": audience});
        let answer = call(&client, Method::POST, &url, Some(body.clone())).await;
        assert_field(&answer, field, &body.to_string());
    }
    // What a brief may say beyond a filter still holds: groups of codes and any age range.
    let body = json!({"text": "travel", "audience": {
        "countries": [share("code", "es+mx", 0.3)],
        "ages": [share("range", "20-30", 0.3)],
    }});
    let (status, answer) = call(&client, Method::POST, &url, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creator_routes_answer_json_for_ids_that_do_not_decode() {
    let (_world, server, id) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    for path in [
        "/v1/creators/%FF%FE",
        "/v1/creators/%FF%FE/history",
        "/v1/creators/%FF%FE/similar",
    ] {
        let answer = call(&client, Method::GET, &format!("{base}{path}"), None).await;
        assert_field(&answer, "id", path);
    }
    let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let path = format!("/v1/creators/{encoded}/similar?limt=3");
    let answer = call(&client, Method::GET, &format!("{base}{path}"), None).await;
    assert_field(&answer, "limt", &path);
    let path = format!("/v1/creators/{encoded}/similar?limit=ten");
    let answer = call(&client, Method::GET, &format!("{base}{path}"), None).await;
    assert_field(&answer, "limit", &path);
    // A shortlist entry's creator id that does not decode is named as the creator id.
    let (_, list) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/shortlists"),
        Some(serde_json::json!({"name": "paths"})),
    )
    .await;
    let path = format!("/v1/shortlists/{}/creators/web%3Ax%2F%FF", list["id"]);
    let answer = call(&client, Method::DELETE, &format!("{base}{path}"), None).await;
    assert_field(&answer, "creator_id", &path);
    let answer = call(
        &client,
        Method::DELETE,
        &format!("{base}/v1/shortlists/%FF"),
        None,
    )
    .await;
    assert_field(&answer, "id", "/v1/shortlists/%FF");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patching_an_entry_without_a_note_keeps_the_note() {
    let (_world, server, id) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    let (status, list) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/shortlists"),
        Some(json!({"name": "autumn"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{list}");
    let list_url = format!("{base}/v1/shortlists/{}", list["id"]);
    let (status, body) = call(
        &client,
        Method::POST,
        &format!("{list_url}/creators"),
        Some(json!({"creator_id": id, "note": "rates sent"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let entry_url = format!("{list_url}/creators/{encoded}");
    // A PATCH leaves out what it does not change.
    let (status, body) = call(&client, Method::PATCH, &entry_url, Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["creators"][0]["note"], "rates sent", "{body}");
    let (_, body) = call(&client, Method::GET, &list_url, None).await;
    assert_eq!(body["creators"][0]["note"], "rates sent", "{body}");
    // An explicit null clears it; a PUT replaces the entry's note whole.
    let (status, body) = call(
        &client,
        Method::PATCH,
        &entry_url,
        Some(json!({"note": null})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["creators"][0]["note"].is_null(), "{body}");
    call(
        &client,
        Method::PATCH,
        &entry_url,
        Some(json!({"note": "again"})),
    )
    .await;
    let (status, body) = call(&client, Method::PUT, &entry_url, Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["creators"][0]["note"].is_null(), "{body}");
    // A PATCH of an entry that is not there is still a 404.
    let missing = format!("{list_url}/creators/web%3Anobody.example%2Fx");
    let (status, body) = call(&client, Method::PATCH, &missing, Some(json!({}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_required_field_is_named() {
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    let cases = [
        ("/v1/shortlists", json!({}), "name"),
        ("/v1/crawl", json!({}), "seeds"),
        (
            "/v1/search",
            json!({"growth": {"period": "3m"}}),
            "growth.min",
        ),
        (
            "/v1/search",
            json!({"audience": {"countries": [{"code": "BR"}]}}),
            "audience.countries[0].min_share",
        ),
        (
            "/v1/shortlists/1/creators",
            json!({"note": "x"}),
            "creator_id",
        ),
    ];
    for (path, body, field) in cases {
        let answer = call(
            &client,
            Method::POST,
            &format!("{base}{path}"),
            Some(body.clone()),
        )
        .await;
        assert_field(&answer, field, &format!("{path} {body}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shortlist_csv_cells_are_not_spreadsheet_formulas() {
    // A crawled or imported name is someone else's text: opened in a spreadsheet, a cell
    // starting with = + - or @ would run as a formula.
    let world = trained_world("20", "6");
    let file = world.path().join("hostile.jsonl");
    let row = json!({
        "platform": "web",
        "handle": "creator.example/hostile",
        "profile_url": "https://creator.example/hostile",
        "display_name": "=HYPERLINK(\"https://evil.example/\",\"Open\")",
        "bio": "travel stories",
        "contact_email": "@SUM(1+1)@evil.example",
        "followers": 1200,
    });
    std::fs::write(&file, format!("{row}\n")).unwrap();
    crate::common::run_ok(world.path(), &["import", file.to_str().unwrap()]);
    crate::common::run_ok(world.path(), &["index"]);
    let server = start_server(world.path()).await;
    let client = Client::new();
    let base = &server.base_url;
    let (_, list) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/shortlists"),
        Some(json!({"name": "csv"})),
    )
    .await;
    let list_url = format!("{base}/v1/shortlists/{}", list["id"]);
    let entry =
        json!({"creator_id": "web:creator.example/hostile", "note": "-10% discount +1 =fun"});
    let (status, body) = call(
        &client,
        Method::POST,
        &format!("{list_url}/creators"),
        Some(entry),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The API itself keeps the text as it is.
    assert_eq!(
        body["creators"][0]["display_name"], row["display_name"],
        "{body}"
    );
    let csv = client
        .get(format!("{list_url}/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().expect("one row").unwrap();
    let cell = |name: &str| {
        let at = headers.iter().position(|header| header == name).unwrap();
        record.get(at).unwrap().to_string()
    };
    assert_eq!(
        cell("display_name"),
        "'=HYPERLINK(\"https://evil.example/\",\"Open\")",
        "{csv}"
    );
    assert_eq!(cell("contact_email"), "'@SUM(1+1)@evil.example", "{csv}");
    assert_eq!(cell("note"), "'-10% discount +1 =fun", "{csv}");
    // Numbers stay numbers.
    assert_eq!(cell("followers"), "1200", "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn niches_errors_name_the_bad_part() {
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let url = format!("{}/v1/search", server.base_url);
    let cases = [
        (
            json!({"niches": {"include": ["food"], "bogus": 1}}),
            "niches.bogus",
        ),
        (json!({"niches": {"inclde": ["food"]}}), "niches.inclde"),
        (json!({"niches": {"include": "food"}}), "niches.include"),
        (json!({"niches": [1]}), "niches[0]"),
        (json!({"niches": "food"}), "niches"),
    ];
    for (body, field) in cases {
        let answer = call(&client, Method::POST, &url, Some(body.clone())).await;
        assert_field(&answer, field, &body.to_string());
        let message = answer.1["error"]["message"].as_str().unwrap();
        assert!(
            !message.contains("untagged") && !message.contains("NichesBody"),
            "{body} → {message}"
        );
    }
    for body in [
        json!({"niches": ["food"]}),
        json!({"niches": {"exclude": ["food"]}}),
    ] {
        let (status, answer) = call(&client, Method::POST, &url, Some(body.clone())).await;
        assert_eq!(status, StatusCode::OK, "{body} → {answer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_page_size_is_the_one_served() {
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    let (_, document) = call(&client, Method::GET, &format!("{base}/openapi.json"), None).await;
    let (_, page) = call(
        &client,
        Method::GET,
        &format!("{base}/v1/search?q=travel"),
        None,
    )
    .await;
    let served = &page["limit"];
    let get_limit = document["paths"]["/v1/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|parameter| parameter["name"] == "limit")
        .unwrap();
    let described = get_limit["description"].as_str().unwrap();
    assert!(
        described.contains(&format!("default {served}")),
        "{get_limit}"
    );
    let (_, page) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/search"),
        Some(json!({})),
    )
    .await;
    let body_limit = &document["components"]["schemas"]["SearchBody"]["properties"]["limit"];
    assert_eq!(&body_limit["default"], &page["limit"], "{body_limit}");
    // The query's documented field scopes are the ones the parser takes.
    let query_doc = document["components"]["schemas"]["SearchBody"]["properties"]["query"]
        ["description"]
        .as_str()
        .unwrap();
    for scope in query_doc
        .split('`')
        .filter(|part| part.ends_with(':') && !part.contains(' '))
    {
        let url = format!("{base}/v1/search?q={scope}travel");
        let (status, body) = call(&client, Method::GET, &url, None).await;
        assert_eq!(status, StatusCode::OK, "documented scope {scope} → {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enum_values_are_read_without_regard_to_case_everywhere() {
    // Platforms and niches always were; sort, growth period and the GET flags were not.
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    let total = |body: &Value| body["total"].as_u64().unwrap_or_else(|| panic!("{body}"));
    let get_pairs = [
        ("sort=followers", "sort=Followers"),
        (
            "growth_period=3m&min_growth=-1",
            "growth_period=3M&min_growth=-1",
        ),
        (
            "growth_period=6m&min_growth=-1&sort=growth",
            "growth_period=6M&min_growth=-1&sort=GROWTH",
        ),
        ("has_contact=true", "has_contact=True"),
        ("has_sponsored_posts=false", "has_sponsored_posts=FALSE"),
        (
            "platform=mastodon&niche=food",
            "platform=Mastodon&niche=Food",
        ),
    ];
    for (canonical, cased) in get_pairs {
        let url = |query: &str| format!("{base}/v1/search?{query}&limit=100");
        let (status, expected) = call(&client, Method::GET, &url(canonical), None).await;
        assert_eq!(status, StatusCode::OK, "{canonical} → {expected}");
        let (status, answer) = call(&client, Method::GET, &url(cased), None).await;
        assert_eq!(status, StatusCode::OK, "{cased} → {answer}");
        assert_eq!(total(&answer), total(&expected), "{cased}");
        assert_eq!(answer["results"], expected["results"], "{cased}");
        // The answer echoes the canonical value.
        assert_eq!(answer["sort"], expected["sort"], "{cased}");
    }
    let url = format!("{base}/v1/search");
    let body_pairs = [
        (
            json!({"sort": "engagement", "platforms": ["youtube"]}),
            json!({"sort": "Engagement", "platforms": ["YouTube"]}),
        ),
        (
            json!({"growth": {"period": "1m", "min": -1}, "niches": {"exclude": ["gaming"]}}),
            json!({"growth": {"period": "1M", "min": -1}, "niches": {"exclude": ["GAMING"]}}),
        ),
        (
            json!({"audience": {"gender": {"code": "female", "min_share": 0.5}}}),
            json!({"audience": {"gender": {"code": "Female", "min_share": 0.5}}}),
        ),
    ];
    for (canonical, cased) in body_pairs {
        let (status, expected) = call(&client, Method::POST, &url, Some(canonical.clone())).await;
        assert_eq!(status, StatusCode::OK, "{canonical} → {expected}");
        let (status, answer) = call(&client, Method::POST, &url, Some(cased.clone())).await;
        assert_eq!(status, StatusCode::OK, "{cased} → {answer}");
        assert_eq!(total(&answer), total(&expected), "{cased}");
        assert_eq!(answer["sort"], expected["sort"], "{cased}");
    }
    let (_, answer) = call(
        &client,
        Method::POST,
        &url,
        Some(json!({"sort": "FOLLOWERS"})),
    )
    .await;
    assert_eq!(answer["sort"], "followers", "{answer}");
    // A brief's tiers and platforms, likewise.
    let url = format!("{base}/v1/recommendations");
    let brief = |tier: &str, platform: &str| json!({"text": "travel", "tiers": [tier, "nano"], "platforms": [platform, "web"]});
    let (status, expected) =
        call(&client, Method::POST, &url, Some(brief("micro", "bluesky"))).await;
    assert_eq!(status, StatusCode::OK, "{expected}");
    let (status, answer) = call(&client, Method::POST, &url, Some(brief("Micro", "BlueSky"))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let ids = |body: &Value| -> Vec<Value> {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| result["id"].clone())
            .collect()
    };
    assert_eq!(ids(&answer), ids(&expected));
    // What is not a value in any case is still named.
    for (query, field) in [
        ("sort=Followerz", "sort"),
        ("growth_period=3 m&min_growth=0", "growth_period"),
        ("has_contact=yes", "has_contact"),
    ] {
        let answer = call(
            &client,
            Method::GET,
            &format!("{base}/v1/search?{query}"),
            None,
        )
        .await;
        assert_field(&answer, field, query);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_values_that_are_not_utf8_are_named() {
    // Decoded lossily, `q=%FF` was U+FFFD: a query that matched every creator.
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    for (query, field) in [
        ("q=%FF", "q"),
        ("q=caf%E9", "q"),
        ("limit=5&hashtag=vegan%C3", "hashtag"),
        ("mention=%FE%FF", "mention"),
        ("country=%FF", "country"),
        ("cursor=%80", "cursor"),
        ("sort=%FF", "sort"),
    ] {
        let url = format!("{base}/v1/search?{query}");
        let answer = call(&client, Method::GET, &url, None).await;
        assert_field(&answer, field, query);
        let message = answer.1["error"]["message"].as_str().unwrap();
        assert!(message.contains("UTF-8"), "{query} → {message}");
    }
    // Text that is UTF-8 percent-encoded (or sent as `+` for spaces) still searches.
    let (status, utf8) = call(
        &client,
        Method::GET,
        &format!("{base}/v1/search?q=caf%C3%A9+travel"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{utf8}");
    let (_, plain) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/search"),
        Some(json!({"query": "café travel"})),
    )
    .await;
    assert_eq!(utf8["total"], plain["total"], "{utf8}");
    assert_eq!(utf8["results"], plain["results"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creator_routes_name_a_query_parameter_they_do_not_take() {
    let (_world, server, id) = served_world().await;
    let client = Client::new();
    let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let creator = format!("{}/v1/creators/{encoded}", server.base_url);
    for (path, field) in [
        ("/history?limit=3", "limit"),
        ("/history?since=2025-01-01&limit=3", "since"),
        ("?fields=bio", "fields"),
        ("/history?limit=%FF", "limit"),
    ] {
        let answer = call(&client, Method::GET, &format!("{creator}{path}"), None).await;
        assert_field(&answer, field, path);
    }
    for path in ["", "/history", "/history?"] {
        let (status, body) = call(&client, Method::GET, &format!("{creator}{path}"), None).await;
        assert_eq!(status, StatusCode::OK, "{path} → {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_objects_must_be_objects() {
    // serde's derive reads a struct from an array of its fields in order too: `[1, 2]` was
    // taken as followers 1 to 2.
    let (_world, server, _) = served_world().await;
    let client = Client::new();
    let base = &server.base_url;
    let search = [
        (json!({"followers": [1, 2]}), "followers"),
        (json!({"engagement_rate": [0.01, 0.5]}), "engagement_rate"),
        (json!({"growth": ["3m", 0.1]}), "growth"),
        (json!({"creator": [["BR"], ["pt"]]}), "creator"),
        (json!({"audience": [null, null, null, null]}), "audience"),
        (
            json!({"audience": {"countries": [{"code": "BR", "min_share": 0.3}, ["PT", 0.2]]}}),
            "audience.countries[1]",
        ),
        (
            json!({"audience": {"ages": [["18-24", 0.3]]}}),
            "audience.ages[0]",
        ),
        (
            json!({"audience": {"gender": ["female", 0.5]}}),
            "audience.gender",
        ),
        (
            json!({"audience": {"languages": [["pt", 0.4]]}}),
            "audience.languages[0]",
        ),
        (json!({"followers": 10}), "followers"),
    ];
    for (body, field) in search {
        let answer = call(
            &client,
            Method::POST,
            &format!("{base}/v1/search"),
            Some(body.clone()),
        )
        .await;
        assert_field(&answer, field, &body.to_string());
    }
    let brief = [
        (
            json!({"text": "travel", "weights": [1, 1, 1, 1, 1]}),
            "weights",
        ),
        (
            json!({"text": "travel", "exclusions": [[], []]}),
            "exclusions",
        ),
        (
            json!({"text": "travel", "audience": [[], [], null, []]}),
            "audience",
        ),
    ];
    for (body, field) in brief {
        let answer = call(
            &client,
            Method::POST,
            &format!("{base}/v1/recommendations"),
            Some(body.clone()),
        )
        .await;
        assert_field(&answer, field, &body.to_string());
    }
    // The body itself, likewise: an array is not a shortlist's fields in order.
    let (status, answer) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/shortlists"),
        Some(json!(["autumn"])),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_body", "{answer}");
    // Nor is half a body: what follows the object is not ignored.
    for raw in [
        r#"{"name": "autumn"} junk"#,
        r#"{"name": "autumn"}{"name": "winter"}"#,
    ] {
        let response = client
            .post(format!("{base}/v1/shortlists"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{raw}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], "invalid_body", "{raw} → {answer}");
    }
    let (_, lists) = call(&client, Method::GET, &format!("{base}/v1/shortlists"), None).await;
    assert_eq!(lists["shortlists"], json!([]), "{lists}");
    // Objects and nulls still pass.
    let body = json!({
        "followers": {"min": 1, "max": 1000000000},
        "growth": null,
        "audience": {"countries": [{"code": "BR", "min_share": 0.01}], "gender": null},
    });
    let (status, answer) = call(
        &client,
        Method::POST,
        &format!("{base}/v1/search"),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feedback_label_is_read_without_regard_to_case() {
    let (_world, server, id) = served_world().await;
    let client = Client::new();
    let url = format!("{}/v1/feedback", server.base_url);
    for (label, stored) in [("Keep", "keep"), ("DROP", "drop")] {
        let body = json!({"creator_id": id, "query": "travel", "label": label});
        let (status, answer) = call(&client, Method::POST, &url, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{label} → {answer}");
        assert_eq!(answer["label"], stored, "{answer}");
    }
    let body = json!({"creator_id": id, "query": "travel", "label": "Maybe"});
    let answer = call(&client, Method::POST, &url, Some(body)).await;
    assert_field(&answer, "label", "Maybe");
    assert!(
        answer.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"Maybe\""),
        "{}",
        answer.1
    );
}
