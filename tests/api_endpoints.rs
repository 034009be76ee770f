//! The API's write and admin endpoints through real HTTP on loopback, against a `scout serve`
//! whose data comes from a crawl job it runs itself on the simulated web: `POST /v1/crawl`
//! and `GET /v1/jobs/{id}`, `POST /v1/recommendations`, shortlists with their CSV export,
//! `POST /v1/feedback` and `DELETE /v1/creators/{id}`, each with its error answers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use scout::sim::{self, SimConfig, World};
use serde_json::{json, Value};

use crate::common::{call, start_server_with};

/// Asserts a JSON error answer with this status, code and (when given) field.
fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str, field: Option<&str>) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    if let Some(field) = field {
        assert_eq!(body["error"]["field"], field, "{body}");
    }
}

fn ids(results: &Value) -> Vec<String> {
    results["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {results}"))
        .iter()
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

/// Mean of a breakdown part over the first `n` results that have it.
fn mean_part(results: &Value, part: &str, n: usize) -> f64 {
    let values: Vec<f64> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .take(n)
        .filter_map(|result| result["breakdown"][part].as_f64())
        .collect();
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_job_recommendations_shortlists_feedback_and_removal() {
    let world = Arc::new(World::generate(&SimConfig {
        seed: 606,
        creators: 40,
    }));
    let sim_server = sim::serve(Arc::clone(&world), "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the simulated web serves on loopback");
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    drop(scout_index::Store::open(&data.join("store.sqlite")).unwrap());
    // The simulated web is on loopback: the server must be let crawl private addresses.
    let server = start_server_with(data, &["--no-auth", "--crawl-allow-private"]).await;
    let base = server.base_url.clone();
    let client = Client::new();
    let url = |path: &str| format!("{base}{path}");

    // --- Crawl jobs: bad input first, then a real crawl of the simulated web.
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/crawl"),
            Some(json!({"seeds": []})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("seeds"),
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/crawl"),
            Some(json!({"seeds": ["http://127.0.0.1:1/", "not a url"]})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("seeds[1]"),
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/crawl"),
            Some(json!({"seeds": ["http://a.example/"], "fast": true})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("fast"),
    );
    assert_error(
        &call(&client, Method::GET, &url("/v1/jobs/999"), None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    assert_error(
        &call(&client, Method::GET, &url("/v1/jobs/abc"), None).await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("id"),
    );
    let (status, job) = call(
        &client,
        Method::POST,
        &url("/v1/crawl"),
        Some(json!({"seeds": sim_server.seeds()})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    assert!(
        matches!(job["status"].as_str(), Some("queued" | "running")),
        "{job}"
    );
    let job_url = url(&format!("/v1/jobs/{}", job["id"]));
    let deadline = Instant::now() + Duration::from_secs(120);
    let job = loop {
        let (status, job) = call(&client, Method::GET, &job_url, None).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        match job["status"].as_str() {
            Some("queued" | "running") => {}
            Some("succeeded") => break job,
            other => panic!("the crawl job ended {other:?}: {job}"),
        }
        assert!(
            Instant::now() < deadline,
            "the crawl job never finished: {job}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let pages = job["progress"]["pages"].as_u64().unwrap();
    let records = job["progress"]["records"].as_u64().unwrap();
    let documents = job["result"]["documents"].as_u64().unwrap();
    assert!(pages > 0 && records >= 10, "{job}");
    assert_eq!(
        documents,
        job["result"]["created"].as_u64().unwrap(),
        "{job}"
    );
    let (_, health) = call(&client, Method::GET, &url("/healthz"), None).await;
    assert_eq!(health["documents"].as_u64(), Some(documents), "{health}");

    // --- Recommendations: weights change the ranking in their direction.
    let brief = |weights: Value| json!({"weights": weights, "limit": 50});
    let (status, by_engagement) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(brief(
            json!({"engagement": 1.0, "niche": 0, "audience": 0, "credibility": 0, "text": 0}),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{by_engagement}");
    let (status, by_credibility) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(brief(
            json!({"engagement": 0.0, "niche": 0, "audience": 0, "credibility": 1.0, "text": 0}),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{by_credibility}");
    assert_ne!(
        ids(&by_engagement),
        ids(&by_credibility),
        "weights did not reorder"
    );
    assert!(
        mean_part(&by_engagement, "engagement", 5) > mean_part(&by_credibility, "engagement", 5),
        "engagement weight did not raise engagement at the top"
    );
    assert!(
        mean_part(&by_credibility, "credibility", 5) > mean_part(&by_engagement, "credibility", 5),
        "credibility weight did not raise credibility at the top"
    );
    // Scored on credibility alone, creators with a credibility score come in its order.
    let credibilities: Vec<f64> = by_credibility["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|result| result["breakdown"]["credibility"].as_f64())
        .collect();
    assert!(credibilities.len() >= 5, "{by_credibility}");
    assert!(
        credibilities.windows(2).all(|pair| pair[0] >= pair[1]),
        "{credibilities:?}"
    );
    let first = &by_engagement["results"][0];
    let second = &by_engagement["results"][1];
    assert!(
        first["evidence"]["engagement"].as_str().is_some(),
        "{first}"
    );

    // Exclusions by id and by handle, and tiers.
    let top_id = first["id"].as_str().unwrap().to_string();
    let second_id = second["id"].as_str().unwrap().to_string();
    let (status, excluded) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(json!({
            "weights": {"engagement": 1.0},
            "exclusions": {"creators": [top_id], "handles": [format!("@{}", second["handle"].as_str().unwrap().to_uppercase())]},
            "limit": 50
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{excluded}");
    let kept = ids(&excluded);
    assert!(
        !kept.contains(&top_id) && !kept.contains(&second_id),
        "{kept:?}"
    );
    assert!(excluded["excluded"].as_u64().unwrap() >= 2, "{excluded}");
    let (status, nano) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(json!({"tiers": ["nano"], "limit": 50})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{nano}");
    for result in nano["results"].as_array().unwrap() {
        assert_eq!(result["tier"], "nano", "{result}");
    }
    // A brief is prose: a colon after a word that names no field is punctuation.
    let (status, prose) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(json!({"text": "Launch: a protein bar for home workouts", "limit": 10})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{prose}");
    let (_, plain) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(json!({"text": "Launch a protein bar for home workouts", "limit": 10})),
    )
    .await;
    assert_eq!(ids(&prose), ids(&plain));
    for (body, field) in [
        (json!({"weights": {"niche": -1}}), "weights.niche"),
        (
            json!({"weights": {"niche": 0, "engagement": 0, "audience": 0, "credibility": 0, "text": 0}}),
            "weights",
        ),
        (json!({"weights": {"reach": 1}}), "weights.reach"),
        (json!({"tiers": ["giga"]}), "tiers[0]"),
        (json!({"niches": ["food", "astrology"]}), "niches[1]"),
        (
            json!({"exclusions": {"creators": ["nope"]}}),
            "exclusions.creators[0]",
        ),
        (json!({"limit": 0}), "limit"),
        (json!({"limit": 51}), "limit"),
        (
            json!({"audience": {"countries": [{"code": "BR", "min_share": 2}]}}),
            "audience.countries[0].min_share",
        ),
        (json!({"budget": 10}), "budget"),
    ] {
        let answer = call(
            &client,
            Method::POST,
            &url("/v1/recommendations"),
            Some(body.clone()),
        )
        .await;
        assert_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "invalid_field",
            Some(field),
        );
    }

    // --- Shortlists.
    let (status, list) = call(
        &client,
        Method::POST,
        &url("/v1/shortlists"),
        Some(json!({"name": " Summer "})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{list}");
    assert_eq!(list["name"], "Summer");
    assert_eq!(list["size"], 0);
    let list_url = url(&format!("/v1/shortlists/{}", list["id"]));
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/shortlists"),
            Some(json!({"name": "Summer"})),
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/shortlists"),
            Some(json!({"name": "  "})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("name"),
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/shortlists"),
            Some(json!({"title": "x"})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("title"),
    );
    let (status, lists) = call(&client, Method::GET, &url("/v1/shortlists"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lists["shortlists"].as_array().unwrap().len(), 1, "{lists}");

    let entries_url = format!("{list_url}/creators");
    let (status, added) = call(
        &client,
        Method::POST,
        &entries_url,
        Some(json!({"creator_id": top_id, "note": "ask for rates"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["size"], 1);
    assert_eq!(added["creators"][0]["creator_id"], top_id.as_str());
    assert_eq!(added["creators"][0]["note"], "ask for rates");
    assert_error(
        &call(
            &client,
            Method::POST,
            &entries_url,
            Some(json!({"creator_id": top_id})),
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &entries_url,
            Some(json!({"creator_id": "mastodon:nobody@nowhere.example"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &entries_url,
            Some(json!({"creator_id": "nope"})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("creator_id"),
    );
    assert_error(
        &call(
            &client,
            Method::POST,
            &url("/v1/shortlists/999/creators"),
            Some(json!({"creator_id": top_id})),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    let entry_url = format!("{entries_url}/{top_id}");
    let (status, noted) = call(
        &client,
        Method::PATCH,
        &entry_url,
        Some(json!({"note": "rates: 400 EUR"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{noted}");
    assert_eq!(noted["creators"][0]["note"], "rates: 400 EUR");
    let (status, noted) = call(
        &client,
        Method::PUT,
        &entry_url,
        Some(json!({"note": "booked, \"July\""})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{noted}");
    assert_error(
        &call(
            &client,
            Method::PATCH,
            &entry_url,
            Some(json!({"note": "n".repeat(2_001)})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("note"),
    );
    assert_error(
        &call(
            &client,
            Method::PATCH,
            &format!("{entries_url}/{second_id}"),
            Some(json!({"note": "x"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );

    // The CSV export carries the metrics and the note, quoted as CSV quotes.
    let response = client
        .get(format!("{list_url}/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv_text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        scout::pipeline::EXPORT_COLUMNS.to_vec(),
        "{csv_text}"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{csv_text}");
    let column = |name: &str| {
        rows[0]
            .get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(column("creator_id"), top_id);
    assert_eq!(column("handle"), first["handle"].as_str().unwrap());
    assert_eq!(
        column("profile_url"),
        first["profile_url"].as_str().unwrap()
    );
    assert_eq!(
        column("followers"),
        first["followers"]
            .as_u64()
            .map(|f| f.to_string())
            .unwrap_or_default()
    );
    // The credibility search shows (indexed with the whole crawl's context), not a recount.
    assert_eq!(
        column("credibility"),
        first["breakdown"]["credibility"]
            .as_f64()
            .map(|score| format!("{score:.3}"))
            .unwrap_or_default(),
        "{first}"
    );
    assert_eq!(column("note"), "booked, \"July\"");
    let rate: f64 = column("engagement_rate").parse().unwrap();
    assert!(
        (rate - first["engagement_rate"].as_f64().unwrap()).abs() < 1e-4,
        "{csv_text}"
    );
    assert_error(
        &call(
            &client,
            Method::GET,
            &url("/v1/shortlists/999/export.csv"),
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );

    // --- Feedback is stored.
    let (status, stored) = call(
        &client,
        Method::POST,
        &url("/v1/feedback"),
        Some(json!({"creator_id": second_id, "query": "vegan recipes", "label": "drop"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["grade"], 0);
    let (status, _) = call(
        &client,
        Method::POST,
        &url("/v1/feedback"),
        Some(json!({"creator_id": top_id, "brief": "summer campaign", "grade": 3})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    for (body, status, field) in [
        (
            json!({"creator_id": top_id, "query": "q", "label": "maybe"}),
            StatusCode::BAD_REQUEST,
            Some("label"),
        ),
        (
            json!({"creator_id": top_id, "query": "q", "grade": 4}),
            StatusCode::BAD_REQUEST,
            Some("grade"),
        ),
        (
            json!({"creator_id": top_id, "label": "keep"}),
            StatusCode::BAD_REQUEST,
            Some("query"),
        ),
        (
            json!({"creator_id": top_id, "query": "q"}),
            StatusCode::BAD_REQUEST,
            Some("label"),
        ),
        (
            json!({"creator_id": "mastodon:nobody@nowhere.example", "query": "q", "label": "keep"}),
            StatusCode::NOT_FOUND,
            None,
        ),
    ] {
        let code = if status == StatusCode::NOT_FOUND {
            "not_found"
        } else {
            "invalid_field"
        };
        assert_error(
            &call(&client, Method::POST, &url("/v1/feedback"), Some(body)).await,
            status,
            code,
            field,
        );
    }
    {
        let store = scout_index::Store::open_read_only(&data.join("store.sqlite")).unwrap();
        let feedback = store.feedback().unwrap();
        assert_eq!(feedback.len(), 2, "{feedback:?}");
        assert_eq!(feedback[0].creator_id.as_str(), second_id);
        assert_eq!(
            (feedback[0].query.as_str(), feedback[0].label.as_str()),
            ("vegan recipes", "drop")
        );
        assert_eq!(
            (feedback[1].query.as_str(), feedback[1].grade),
            ("summer campaign", 3)
        );
    }

    // --- A removal request: gone from the store, the index and the shortlist.
    let creator_url = url(&format!("/v1/creators/{top_id}"));
    assert_eq!(
        call(&client, Method::GET, &creator_url, None).await.0,
        StatusCode::OK
    );
    let (status, removal) = call(&client, Method::DELETE, &creator_url, None).await;
    assert_eq!(status, StatusCode::OK, "{removal}");
    assert_eq!(removal["was_stored"], true);
    assert!(
        removal["list_entries_deleted"].as_u64().unwrap() >= 2,
        "{removal}"
    );
    assert_error(
        &call(&client, Method::GET, &creator_url, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    let (_, again) = call(
        &client,
        Method::POST,
        &url("/v1/recommendations"),
        Some(brief(
            json!({"engagement": 1.0, "niche": 0, "audience": 0, "credibility": 0, "text": 0}),
        )),
    )
    .await;
    assert!(
        !ids(&again).contains(&top_id),
        "the removed creator is still recommended"
    );
    let (_, list_now) = call(&client, Method::GET, &list_url, None).await;
    assert_eq!(list_now["size"], 0, "{list_now}");
    assert_error(
        &call(&client, Method::DELETE, &url("/v1/creators/nope"), None).await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("id"),
    );

    // --- Removing entries and lists.
    let (status, _) = call(
        &client,
        Method::POST,
        &entries_url,
        Some(json!({"creator_id": second_id})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let second_entry = format!("{entries_url}/{second_id}");
    let (status, emptied) = call(&client, Method::DELETE, &second_entry, None).await;
    assert_eq!(status, StatusCode::OK, "{emptied}");
    assert_eq!(emptied["size"], 0);
    assert_error(
        &call(&client, Method::DELETE, &second_entry, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    assert_error(
        &call(&client, Method::GET, &url("/v1/shortlists/abc"), None).await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("id"),
    );
    assert_error(
        &call(
            &client,
            Method::PATCH,
            &url("/v1/shortlists"),
            Some(json!({})),
        )
        .await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        None,
    );
    let (status, deleted) = call(&client, Method::DELETE, &list_url, None).await;
    assert_eq!(status, StatusCode::OK, "{deleted}");
    assert_error(
        &call(&client, Method::GET, &list_url, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    assert_error(
        &call(&client, Method::DELETE, &list_url, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );

    drop(server);
    sim_server.shutdown().await;
}
