//! The walking skeleton end to end: simulated web on loopback → `scout crawl` → `scout index`
//! → `scout train` → `scout serve` → real HTTP queries, judged against the ground truth.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::common::{get_json, run_err, run_ok, start_server};
use scout::sim::{self, SimConfig};

/// Creators in the test world: enough for every niche to fill a top 10 several times over.
const CREATORS: usize = 800;
const SEED: u64 = 20_261_125;

/// Niche queries a brand would type, with the niche whose creators should fill the top 10.
const NICHE_QUERIES: [(&str, &str); 6] = [
    ("home workout", "fitness"),
    ("vegan recipes", "food"),
    ("budget travel", "travel"),
    ("skincare routine", "beauty"),
    ("gaming stream", "gaming"),
    ("personal finance investing", "finance"),
];

/// "Mostly of that niche": at least this share of the top 10.
const MIN_PRECISION_AT_10: f64 = 0.6;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_index_train_serve_and_rank_by_niche() {
    let world = Arc::new(sim::World::generate(&SimConfig {
        seed: SEED,
        creators: CREATORS,
    }));
    let truth = serde_json::to_value(world.truth()).expect("truth serialises");
    let true_niches = true_niches_by_id(&truth);
    let sim_server = sim::serve(world, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the simulated web serves on loopback");
    let seeds = sim_server.seeds();
    assert!(seeds.len() >= 2, "seeds {seeds:?}");

    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    let seeds_file = data.join("seeds.txt");
    std::fs::write(
        &seeds_file,
        format!("# simulated web\n{}\n", seeds.join("\n")),
    )
    .unwrap();
    let seeds_arg = seeds_file.to_str().unwrap();

    let crawl = run_crawl(data, seeds_arg, &[]).await;
    assert!(crawl.contains("crawl done"), "{crawl}");
    let exported = export_ids(data);
    let crawled: HashSet<&String> = exported.iter().collect();
    assert_eq!(crawled.len(), exported.len(), "export repeats creators");
    // Mastodon accounts that opted out of the directory are only reachable by a link, as on
    // the real fediverse; malformed pages are skipped.
    let reachable = reachable_count(&truth);
    assert!(
        crawled.len() * 100 >= reachable * 98,
        "crawled {} of {reachable} reachable creators",
        crawled.len()
    );
    for id in &exported {
        assert!(
            true_niches.contains_key(id),
            "crawler invented creator {id}"
        );
    }
    assert!(
        sim_server.robots_violations().is_empty(),
        "requests to paths robots.txt disallows: {:?}",
        sim_server.robots_violations()
    );
    assert!(!sim_server.request_log().is_empty());

    run_ok(data, &["index", "--rebuild"]);
    let trained = String::from_utf8(run_ok(data, &["train"]).stdout).unwrap();
    assert!(trained.contains("trained models"), "{trained}");

    let server = start_server(data).await;
    let client = reqwest::Client::new();
    let base = &server.base_url;

    let mut precisions = Vec::new();
    for (query, niche) in NICHE_QUERIES {
        let response: Value = client
            .get(format!("{base}/v1/search"))
            .query(&[("q", query), ("limit", "10")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let results = response["results"].as_array().expect("results array");
        assert_eq!(results.len(), 10, "{query}: {response}");
        let hits = results
            .iter()
            .filter(|result| {
                let id = result["id"].as_str().unwrap();
                true_niches[id].contains(niche)
            })
            .count();
        let precision = hits as f64 / 10.0;
        println!("precision@10 {query:?} ({niche}): {precision:.1}");
        precisions.push((query, precision));
        for result in results {
            assert_result_explains_itself(result);
        }
    }
    for (query, precision) in &precisions {
        assert!(
            *precision >= MIN_PRECISION_AT_10,
            "{query}: precision@10 {precision} below {MIN_PRECISION_AT_10}; all: {precisions:?}"
        );
    }

    // Filters through POST.
    let filtered: Value = client
        .post(format!("{base}/v1/search"))
        .json(&json!({"query": "home workout", "platforms": ["web"], "followers": {"min": 10000}, "niches": ["fitness"], "limit": 5}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let filtered_results = filtered["results"].as_array().unwrap();
    assert!(!filtered_results.is_empty(), "{filtered}");
    for result in filtered_results {
        assert_eq!(result["platform"], "web");
        assert!(result["followers"].as_u64().unwrap() >= 10_000);
    }

    // A creator's page, then a second crawl: same creators, one more snapshot each.
    let first_id = exported[0].clone();
    let creator = get_creator(&client, base, &first_id).await;
    assert_eq!(creator["id"], first_id.as_str());
    assert_eq!(creator["snapshots"].as_array().unwrap().len(), 1);

    // Right away, the recrawl policy finds every creator fresh: nothing is fetched again.
    let skipped = run_crawl(data, seeds_arg, &[]).await;
    assert!(skipped.contains("crawl done"), "{skipped}");
    let creator = get_creator(&client, base, &first_id).await;
    assert_eq!(
        creator["snapshots"].as_array().unwrap().len(),
        1,
        "{creator}"
    );
    // A forced re-crawl visits every creator again: unchanged ones cost a 304 and add a
    // snapshot with their stored counts, changed ones are rewritten.
    let recrawl = run_crawl(data, seeds_arg, &["--force"]).await;
    assert!(recrawl.contains("crawl done"), "{recrawl}");
    let exported_again = export_ids(data);
    assert_eq!(
        exported_again.len(),
        exported.len(),
        "a re-crawl duplicated creators"
    );
    let creator = get_creator(&client, base, &first_id).await;
    assert_eq!(
        creator["snapshots"].as_array().unwrap().len(),
        2,
        "{creator}"
    );
    assert!(sim_server.robots_violations().is_empty());
    let encoded: String = url::form_urlencoded::byte_serialize(first_id.as_bytes()).collect();
    let history: Value = get_json(&client, &format!("{base}/v1/creators/{encoded}/history")).await;
    let snapshots = history["snapshots"].as_array().unwrap();
    assert_eq!(snapshots.len(), 2, "{history}");
    assert!(snapshots[0]["taken_at"].as_str() <= snapshots[1]["taken_at"].as_str());

    // Similar creators share the creator's niche, never include it, and are ordered.
    let fitness_top: Value =
        get_json(&client, &format!("{base}/v1/search?q=home+workout&limit=1")).await;
    let fitness_id = fitness_top["results"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let encoded_fitness: String =
        url::form_urlencoded::byte_serialize(fitness_id.as_bytes()).collect();
    let similar: Value = get_json(
        &client,
        &format!("{base}/v1/creators/{encoded_fitness}/similar?limit=10"),
    )
    .await;
    let similar_results = similar["results"].as_array().unwrap();
    assert_eq!(similar_results.len(), 10, "{similar}");
    let mut previous = f64::INFINITY;
    let mut fitness_count = 0;
    for result in similar_results {
        let id = result["id"].as_str().unwrap();
        assert_ne!(id, fitness_id);
        let similarity = result["similarity"].as_f64().unwrap();
        assert!(similarity <= previous, "{similar}");
        previous = similarity;
        if true_niches[id].contains("fitness") {
            fitness_count += 1;
        }
    }
    assert!(
        fitness_count >= 6,
        "similar to a fitness creator: {similar}"
    );
    let response = client
        .get(format!(
            "{base}/v1/creators/{encoded_fitness}/similar?limit=zero"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    // Operations: readiness, the loaded models, request ids and per-route metrics.
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let models: Value = get_json(&client, &format!("{base}/v1/models")).await;
    assert!(models["loaded"]["model_version"].is_string(), "{models}");
    assert!(
        models["loaded"]["metrics"]["vocabulary_size"]
            .as_u64()
            .unwrap()
            > 100
    );
    let response = client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-42");
    let response = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert!(!response.headers()["x-request-id"].is_empty());
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("scout_http_requests_total{route=\"/v1/search\",status=\"200\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("scout_http_request_duration_seconds_count{route=\"/v1/creators/{id}\"}")
    );

    sim_server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_error() {
    let world = Arc::new(sim::World::generate(&SimConfig {
        seed: 3,
        creators: 60,
    }));
    let sim_server = sim::serve(world, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();

    // The CLI names the file, line and field of a bad seed, and fails without a store.
    let seeds_file = data.join("bad-seeds.txt");
    std::fs::write(&seeds_file, "# comment\nhttp://127.0.0.1:1/\nnot a url\n").unwrap();
    let stderr = run_err(
        data,
        &["crawl", "--seeds-file", seeds_file.to_str().unwrap()],
    );
    assert!(stderr.contains("bad-seeds.txt:3: url"), "{stderr}");
    let stderr = run_err(data, &["search", "anything"]);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let stderr = run_err(data, &["serve", "--no-auth", "--addr", "0.0.0.0:0"]);
    assert!(stderr.contains("loopback"), "{stderr}");

    let mut seeds = vec![String::from("crawl")];
    seeds.extend(sim_server.seeds());
    let seed_args: Vec<&str> = seeds.iter().map(String::as_str).collect();
    run_ok(data, &seed_args);
    run_ok(data, &["index"]);
    let server = start_server(data).await;
    let client = reqwest::Client::new();
    let base = &server.base_url;

    let cases: [(Value, &str); 7] = [
        (json!({"query": "yoga", "colour": "red"}), "colour"),
        (json!({"query": "yoga", "limit": 0}), "limit"),
        (json!({"query": "yoga", "limit": "ten"}), "limit"),
        (
            json!({"query": "yoga", "platforms": ["web", "myspace"]}),
            "platforms[1]",
        ),
        (
            json!({"query": "yoga", "niches": ["knitting"]}),
            "niches[0]",
        ),
        (json!({"followers": {"min": 50, "max": 10}}), "followers"),
        (json!({"followers": {"minimum": 5}}), "followers.minimum"),
    ];
    for (body, field) in cases {
        let response = client
            .post(format!("{base}/v1/search"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["field"], field, "{body} → {error}");
        assert_eq!(error["error"]["code"], "invalid_field");
        assert!(error["error"]["message"].as_str().unwrap().len() > 5);
    }

    let response = client
        .post(format!("{base}/v1/search"))
        .header("content-type", "application/json")
        .body("{\"query\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "invalid_body");

    let response = client
        .get(format!("{base}/v1/search?q=yoga&sort=fast"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["field"], "sort");

    let response = client
        .get(format!("{base}/v1/search?q=yoga&min_followers=-3"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    let response = client
        .get(format!("{base}/v1/creators/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["field"], "id");

    let response = client
        .get(format!("{base}/v1/creators/web:nobody.example%2Fc%2Fghost"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "not_found");

    let response = client
        .delete(format!("{base}/v1/search"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);

    let huge = "x".repeat(200 * 1024);
    let response = client
        .post(format!("{base}/v1/search"))
        .json(&json!({ "query": huge }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);

    // The server answers 413 before reading the body and closes that connection: a new
    // client, so the next request does not race the close on a pooled connection.
    let client = reqwest::Client::new();
    // Without models yet, the niche part is null rather than invented.
    let response: Value = get_json(&client, &format!("{base}/v1/search?q=the")).await;
    for result in response["results"].as_array().unwrap() {
        assert!(result["breakdown"]["niche_fit"].is_null(), "{result}");
        assert!(result["breakdown"]["audience_match"].is_null());
    }
    sim_server.shutdown().await;
}

async fn run_crawl(data: &Path, seeds_file: &str, extra: &'static [&'static str]) -> String {
    let data = data.to_path_buf();
    let seeds_file = seeds_file.to_string();
    // The simulated web runs on this test's runtime, so the blocking child process waits on
    // another thread.
    tokio::task::spawn_blocking(move || {
        let mut args = vec!["crawl", "--seeds-file", seeds_file.as_str()];
        args.extend_from_slice(extra);
        let output = run_ok(&data, &args);
        String::from_utf8(output.stdout).unwrap()
    })
    .await
    .unwrap()
}

fn export_ids(data: &Path) -> Vec<String> {
    let output = run_ok(data, &["export", "--format", "jsonl"]);
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let creator: Value = serde_json::from_str(line).expect("jsonl line");
            for field in [
                "platform",
                "handle",
                "profile_url",
                "display_name",
                "bio",
                "followers",
                "following",
                "post_count",
                "engagement_rate",
                "niches",
                "links",
                "posts",
            ] {
                assert!(creator.get(field).is_some(), "export lacks {field}: {line}");
            }
            creator["id"].as_str().unwrap().to_string()
        })
        .collect()
}

async fn get_creator(client: &reqwest::Client, base: &str, id: &str) -> Value {
    let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let response = client
        .get(format!("{base}/v1/creators/{encoded}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "creator {id}");
    response.json().await.unwrap()
}

fn assert_result_explains_itself(result: &Value) {
    let breakdown = &result["breakdown"];
    for part in ["niche_fit", "engagement", "audience_match", "credibility"] {
        assert!(
            breakdown.get(part).is_some(),
            "breakdown lacks {part}: {result}"
        );
    }
    assert!(
        breakdown["audience_match"].is_null(),
        "a query without an audience target has no audience match: {result}"
    );
    // Credibility is a number with its method in the evidence, or null without a sample.
    match breakdown["credibility"].as_f64() {
        Some(credibility) => {
            assert!((0.0..=1.0).contains(&credibility), "{result}");
            assert!(result["evidence"]["credibility"].is_string(), "{result}");
        }
        None => assert!(breakdown["credibility"].is_null()),
    }
    assert!(breakdown["niche_fit"].is_f64(), "{result}");
    let score = result["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score), "{result}");
    let evidence = &result["evidence"];
    let has_posts = !evidence["posts"].as_array().unwrap().is_empty();
    let has_tags = !evidence["hashtags"].as_array().unwrap().is_empty();
    assert!(has_posts || has_tags, "no evidence: {result}");
    assert!(result["provenance"]["source_url"].is_string());
}

fn true_niches_by_id(truth: &Value) -> HashMap<String, HashSet<String>> {
    truth["creators"]
        .as_array()
        .expect("truth.creators")
        .iter()
        .map(|creator| {
            let niches = creator["niches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|niche| niche.as_str().unwrap().to_string())
                .collect();
            (creator["id"].as_str().unwrap().to_string(), niches)
        })
        .collect()
}

fn reachable_count(truth: &Value) -> usize {
    truth["creators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|creator| {
            !creator["malformed"].as_bool().unwrap_or(false)
                && creator["discoverable"].as_bool().unwrap_or(true)
        })
        .count()
}
