//! `POST /v1/feedback` teaches the learned ranker online, through the real binary and HTTP:
//! keeps lift a creator for the query, drops sink one, a killed server comes back with the
//! same ranking (the update log replays), and bad bodies get 400 naming the field. The update
//! log's compaction is driven through the pipeline the handler calls, on a world the real
//! binary generated and trained: a compacted log restarts to the very ranker a full replay
//! gives, and retraining discards it.

use std::path::Path;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use scout::paths::DataDir;
use scout::pipeline::{
    record_feedback, Judgement, SearchParts, SearchQuery, SearchResults, SearchService,
};
use scout_index::{RankerLog, Store};

use crate::common::{run_ok, start_server, trained_world, Server};

const QUERY: &str = "workout";
const SIGNALS: [&str; 4] = ["engagement", "credibility", "text_relevance", "niche_fit"];
/// Judgements given at most before a creator must have moved.
const MAX_ROUNDS: usize = 40;

async fn ranking(client: &Client, server: &Server) -> Vec<Value> {
    let url = format!("{}/v1/search?q={QUERY}&limit=30", server.base_url);
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["results"].as_array().unwrap().clone()
}

fn ids(results: &[Value]) -> Vec<String> {
    results
        .iter()
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

fn position(results: &[Value], id: &str) -> Option<usize> {
    results.iter().position(|result| result["id"] == id)
}

fn signal(result: &Value, name: &str) -> Option<f64> {
    result["breakdown"][name].as_f64()
}

/// A creator at rank 3–10 with a signal above every creator ranked over it: some blend of
/// the signals puts it higher, so keeps can lift it. Returns its id and rank.
fn liftable(results: &[Value]) -> (String, usize) {
    for rank in (2..results.len().min(10)).rev() {
        for name in SIGNALS {
            let Some(value) = signal(&results[rank], name) else {
                continue;
            };
            let above = &results[..rank];
            if above
                .iter()
                .all(|other| signal(other, name).is_some_and(|other| other < value))
            {
                return (results[rank]["id"].as_str().unwrap().to_string(), rank);
            }
        }
    }
    panic!("no creator in the first 10 has a signal above all ranked over it");
}

/// A creator at rank 1–6 (not `keep`) with a signal below the next creator's: some blend
/// puts the next one over it, so drops can sink it. Returns its id and rank.
fn sinkable(results: &[Value], keep: &str) -> (String, usize) {
    for rank in 0..6 {
        if results[rank]["id"] == keep || results[rank + 1]["id"] == keep {
            continue;
        }
        let below = SIGNALS.iter().any(|name| {
            match (
                signal(&results[rank], name),
                signal(&results[rank + 1], name),
            ) {
                (Some(value), Some(next)) => value < next,
                _ => false,
            }
        });
        if below {
            return (results[rank]["id"].as_str().unwrap().to_string(), rank);
        }
    }
    panic!("no creator in the first 6 has a signal below the next creator's");
}

async fn judge(client: &Client, server: &Server, body: Value) -> (StatusCode, Value) {
    let response = client
        .post(format!("{}/v1/feedback", server.base_url))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn world(data: &Path) {
    run_ok(
        data,
        &[
            "sim",
            "generate",
            "--creators",
            "200",
            "--posts-per-creator",
            "8",
            "--seed",
            "21",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeps_lift_drops_sink_and_the_ranker_survives_a_restart() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    world(data);
    let client = Client::new();
    let server = start_server(data).await;
    let before = ranking(&client, &server).await;
    assert!(before.len() >= 20, "{} results", before.len());

    // Keeps lift a creator the blend can lift.
    let (keep, keep_rank) = liftable(&before);
    let mut lifted = None;
    for round in 0..MAX_ROUNDS {
        let (status, stored) = judge(
            &client,
            &server,
            json!({"creator_id": keep, "query": QUERY, "label": "keep"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{stored}");
        assert_eq!(stored["label"], "keep");
        if round == 0 {
            // Paired with every creator ranked above it.
            assert_eq!(stored["pairs"].as_u64(), Some(keep_rank as u64), "{stored}");
        }
        let now = ranking(&client, &server).await;
        if position(&now, &keep).is_some_and(|rank| rank < keep_rank) {
            lifted = Some(round + 1);
            break;
        }
    }
    assert!(
        lifted.is_some(),
        "{keep} stayed at or below rank {} after {MAX_ROUNDS} keeps",
        keep_rank + 1
    );

    // Drops sink another.
    let current = ranking(&client, &server).await;
    let (drop_id, drop_rank) = sinkable(&current, &keep);
    let mut sunk = false;
    for _ in 0..MAX_ROUNDS {
        let (status, stored) = judge(
            &client,
            &server,
            json!({"creator_id": drop_id, "query": QUERY, "label": "drop"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{stored}");
        assert!(stored["pairs"].as_u64().unwrap() > 0, "{stored}");
        let now = ranking(&client, &server).await;
        if position(&now, &drop_id).is_none_or(|rank| rank > drop_rank) {
            sunk = true;
            break;
        }
    }
    assert!(
        sunk,
        "{drop_id} stayed at or above rank {} after {MAX_ROUNDS} drops",
        drop_rank + 1
    );

    // Other queries' judgements do not disturb this one; a query with no matches stores
    // the judgement and teaches nothing.
    let (status, stored) = judge(
        &client,
        &server,
        json!({"creator_id": keep, "query": "zeppelin", "label": "keep"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["pairs"], 0, "{stored}");

    // A kill (no graceful shutdown) and a restart: the same ranking.
    let learned = ranking(&client, &server).await;
    assert_ne!(ids(&learned), ids(&before));
    drop(server);
    let server = start_server(data).await;
    let restarted = ranking(&client, &server).await;
    assert_eq!(ids(&restarted), ids(&learned));
    for (a, b) in restarted.iter().zip(&learned) {
        assert_eq!(a["score"], b["score"]);
    }

    // The `shown` list: a keep pairs with the creators shown above it, here three for the
    // current top result (which the ranking alone would pair with none).
    let shown = vec![
        restarted[3]["id"].clone(),
        restarted[4]["id"].clone(),
        restarted[5]["id"].clone(),
        restarted[0]["id"].clone(),
    ];
    let (status, stored) = judge(
        &client,
        &server,
        json!({"creator_id": shown[3], "query": "WORKOUT", "label": "keep", "shown": shown}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["pairs"], 3, "{stored}");

    // Bad bodies name the field; an unknown creator is 404. The `shown` list without the
    // judged creator takes one that is not `keep` (which the keeps may have lifted anywhere).
    let other = restarted
        .iter()
        .map(|result| result["id"].clone())
        .find(|id| id.as_str() != Some(keep.as_str()))
        .expect("a result other than the kept creator");
    let cases = [
        (json!({"creator_id": keep, "label": "keep"}), "query"),
        (
            json!({"creator_id": keep, "query": QUERY, "label": "maybe"}),
            "label",
        ),
        (
            json!({"creator_id": keep, "query": QUERY, "grade": 9}),
            "grade",
        ),
        (json!({"query": QUERY, "label": "keep"}), "creator_id"),
        (
            json!({"creator_id": "nobody", "query": QUERY, "label": "keep"}),
            "creator_id",
        ),
        (
            json!({"creator_id": keep, "query": QUERY, "label": "keep", "extra": 1}),
            "extra",
        ),
        (
            json!({"creator_id": keep, "query": QUERY, "label": "keep", "shown": [other]}),
            "shown",
        ),
        (
            json!({"creator_id": keep, "query": QUERY, "label": "keep", "shown": [keep, "x"]}),
            "shown[1]",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = judge(&client, &server, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {answer}");
        assert_eq!(answer["error"]["field"], field, "{body} -> {answer}");
    }
    let (status, answer) = judge(
        &client,
        &server,
        json!({"creator_id": "mastodon:nobody@nowhere.example", "query": QUERY, "label": "keep"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(answer["error"]["code"], "not_found", "{answer}");
}

/// Ranker pairs the compacted world's log may hold before it is folded.
const LOG_BOUND: usize = 40;

fn search(service: &SearchService, query: &str) -> SearchResults {
    let query = SearchQuery::new(SearchParts {
        text: Some(query.to_string()),
        limit: Some(30),
        ..SearchParts::default()
    })
    .unwrap();
    service.search(&query).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_compacted_update_log_restarts_to_the_full_replay_and_retraining_discards_it() {
    let world = trained_world("200", "21");
    let full_copy = tempfile::tempdir().unwrap();
    copy_dir(world.path(), full_copy.path());
    let compacted_data = DataDir::new(world.path());
    let full_data = DataDir::new(full_copy.path());
    let open = |data: &DataDir| SearchService::open(data).unwrap();

    // The same judgements, one service folding its log past LOG_BOUND pairs, one never.
    let compacted = open(&compacted_data).with_ranker_log_bound(LOG_BOUND);
    let full = open(&full_data).with_ranker_log_bound(usize::MAX);
    let base = compacted.ranker_base().to_string();
    assert_eq!(full.ranker_base(), base);
    let mut pairs = 0;
    let mut judgements = 0;
    for query in ["workout", "coffee", "travel", "makeup"] {
        let results = search(&compacted, query).results;
        for (rank, result) in results.iter().enumerate().take(16) {
            let judgement = if rank % 3 == 2 {
                Judgement::Keep
            } else {
                Judgement::Drop
            };
            let taught = record_feedback(&compacted, "", &result.id, query, judgement).unwrap();
            let same = record_feedback(&full, "", &result.id, query, judgement).unwrap();
            assert_eq!(taught.pairs, same.pairs, "{query} #{rank}");
            pairs += taught.pairs;
            judgements += 1;
        }
    }
    assert!(pairs > 3 * LOG_BOUND, "only {pairs} pairs");
    assert_eq!(compacted.learned_ranker(), full.learned_ranker());

    let mut store = Store::open(&compacted_data.store_path()).unwrap();
    let log = store.ranker_log(&base).unwrap();
    let snapshot = log.snapshot.expect("the log was folded");
    assert!(
        log.pairs.len() <= LOG_BOUND,
        "{} pairs left",
        log.pairs.len()
    );
    assert_eq!(snapshot.folded_pairs as usize + log.pairs.len(), pairs);
    assert_eq!(
        store.feedback().unwrap().len(),
        judgements,
        "judgements stay"
    );
    let full_log = Store::open(&full_data.store_path())
        .unwrap()
        .ranker_log(&base)
        .unwrap();
    assert_eq!((full_log.pairs.len(), full_log.snapshot), (pairs, None));
    drop((compacted, full, store));

    // Restarted, the snapshot and the pairs after it give the ranker replaying every pair
    // gives, weight for weight, and so the same scores.
    let compacted = open(&compacted_data);
    let full = open(&full_data);
    let learned = compacted.learned_ranker().expect("a learned ranker");
    assert_eq!(Some(&learned), full.learned_ranker().as_ref());
    assert_eq!(
        learned.report().updates,
        full.learned_ranker().unwrap().report().updates
    );
    for query in ["workout", "coffee", "travel", "makeup", "yoga"] {
        let mine = search(&compacted, query).results;
        let theirs = search(&full, query).results;
        let scored = |results: &[scout::pipeline::RankedCreator]| -> Vec<(String, u64)> {
            results
                .iter()
                .map(|result| (result.id.to_string(), result.score.to_bits()))
                .collect()
        };
        assert_eq!(scored(&mine), scored(&theirs), "{query}");
    }
    drop(compacted);

    // A new model version starts afresh: the snapshot and the log are discarded.
    run_ok(world.path(), &["train"]);
    let retrained = open(&compacted_data);
    assert_ne!(retrained.ranker_base(), base);
    assert_eq!(
        retrained.learned_ranker(),
        None,
        "the new version's own ranker"
    );
    let mut store = Store::open(&compacted_data.store_path()).unwrap();
    assert_eq!(store.ranker_log_len(&base).unwrap(), 0);
    assert_eq!(
        store.ranker_log(retrained.ranker_base()).unwrap(),
        RankerLog::default()
    );
    assert_eq!(
        store.feedback().unwrap().len(),
        judgements,
        "judgements stay"
    );
}
