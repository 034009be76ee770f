//! The brief and shortlist pages through real HTTP on loopback, against `scout serve` over a
//! small simulated world (`scout sim generate`, `scout train`): the brief page ranks as `POST
//! /v1/recommendations` does and re-ranks with its weights; shortlists are built, noted,
//! pruned, compared, exported and judged through the page forms, and the API sees the same
//! lists; bad input names its field; cross-site form posts are refused.

use reqwest::header::{CONTENT_DISPOSITION, LOCATION, ORIGIN, REFERER};
use reqwest::{Client, StatusCode};
use scraper::{Html, Selector};
use serde_json::{json, Value};

use scout::web::layout::thousands;

use crate::common::{run_ok, start_server, Server};

const CREATORS: &str = "120";
const SEED: &str = "11";

/// The small trained world these tests share the shape of.
fn world() -> tempfile::TempDir {
    crate::common::trained_world(CREATORS, SEED)
}

use crate::common::no_redirect_client as client;

fn select(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|element| element.text().collect::<String>().trim().to_string())
        .collect()
}

fn attribute(html: &Html, selector: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|element| element.value().attr(name).map(str::to_string))
        .collect()
}

/// The creator ids of the cards in `#recommendations`, in order.
fn card_ids(html: &Html) -> Vec<String> {
    attribute(html, "#recommendations article.card", "data-creator-id")
}

async fn get_page(client: &Client, url: &str) -> (StatusCode, Html) {
    let response = client.get(url).send().await.unwrap();
    let status = response.status();
    (
        status,
        Html::parse_document(&response.text().await.unwrap()),
    )
}

async fn recommendations(client: &Client, base: &str, brief: &Value) -> Vec<String> {
    let response = client
        .post(format!("{base}/v1/recommendations"))
        .json(brief)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

/// A same-origin form post (as a browser sends it from the page).
async fn post_form(
    client: &Client,
    server: &Server,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(format!("{}{path}", server.base_url))
        .header(ORIGIN, &server.base_url)
        .form(fields)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location in a {} answer", response.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// The brief the page and the API are both asked.
const BRIEF_QUERY: &str = "text=vegan+fitness&tier=nano&tier=micro&aud_country=BR,PT\
    &aud_country_min=30&aud_age=18-34&aud_age_min=50&limit=10";

fn api_brief(weights: Option<[f64; 4]>) -> Value {
    let mut brief = json!({
        "text": "vegan fitness",
        "tiers": ["nano", "micro"],
        "audience": {
            "countries": [{"code": "BR", "min_share": 0.3}, {"code": "PT", "min_share": 0.3}],
            "ages": [{"range": "18-34", "min_share": 0.5}]
        },
        "limit": 10
    });
    if let Some([niche, engagement, audience, credibility]) = weights {
        brief["weights"] = json!({
            "niche": niche, "engagement": engagement, "audience": audience, "credibility": credibility
        });
    }
    brief
}

fn weights_query([niche, engagement, audience, credibility]: [f64; 4]) -> String {
    format!("w_niche={niche}&w_engagement={engagement}&w_audience={audience}&w_credibility={credibility}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brief_page_ranks_like_the_api_and_reranks_with_its_weights() {
    let data_dir = world();
    let server = start_server(data_dir.path()).await;
    let base = server.base_url.clone();
    let client = client();

    // A bare page: the form with its fields, no recommendations yet.
    let (status, page) = get_page(&client, &format!("{base}/brief")).await;
    assert_eq!(status, StatusCode::OK);
    for field in [
        "form#brief-form textarea#brief-text[name=text]",
        "#f-aud-age",
        "#f-aud-country",
        "#f-platform-mastodon",
        "#f-tier-micro",
        "input#w-niche[type=range][name=w_niche]",
        "input#w-engagement[type=range]",
        "input#w-audience[type=range]",
        "input#w-credibility[type=range]",
        "#brief-submit",
    ] {
        assert_eq!(select(&page, field).len(), 1, "{field}");
    }
    assert!(card_ids(&page).is_empty());

    // Without weights the models' blend ranks, as in the API.
    let (status, page) = get_page(&client, &format!("{base}/brief?{BRIEF_QUERY}")).await;
    assert_eq!(status, StatusCode::OK);
    let expected = recommendations(&client, &base, &api_brief(None)).await;
    assert!(expected.len() >= 5, "{expected:?}");
    assert_eq!(card_ids(&page), expected);
    assert_eq!(
        select(&page, "#brief-text"),
        vec!["vegan fitness".to_string()]
    );

    // The brief's own weights, then engagement only: the page follows the API both times and
    // the order changes.
    let balanced = [0.45, 0.2, 0.25, 0.15];
    let engagement_only = [0.0, 1.0, 0.0, 0.0];
    let url = |weights| format!("{base}/brief?{BRIEF_QUERY}&{}", weights_query(weights));
    let (status, page) = get_page(&client, &url(balanced)).await;
    assert_eq!(status, StatusCode::OK);
    let balanced_ids = recommendations(&client, &base, &api_brief(Some(balanced))).await;
    assert_eq!(card_ids(&page), balanced_ids);
    assert_eq!(
        attribute(&page, "#w-engagement", "value"),
        vec!["0.2".to_string()]
    );
    let engagement_ids = recommendations(&client, &base, &api_brief(Some(engagement_only))).await;
    assert_ne!(engagement_ids, balanced_ids, "the weights change nothing");
    let (_, page) = get_page(&client, &url(engagement_only)).await;
    assert_eq!(card_ids(&page), engagement_ids);

    // What a slider's htmx request gets: only the section, and the page's address to push.
    let response = client
        .get(format!(
            "{base}/brief/results?{BRIEF_QUERY}&{}",
            weights_query(engagement_only)
        ))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let pushed = response.headers()["hx-push-url"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(pushed.starts_with("/brief?text=vegan+fitness"), "{pushed}");
    assert!(pushed.contains("w_engagement=1"), "{pushed}");
    let fragment = Html::parse_fragment(&response.text().await.unwrap());
    assert!(select(&fragment, "form#brief-form").is_empty());
    assert_eq!(card_ids(&fragment), engagement_ids);

    // Each card can go on a shortlist.
    assert_eq!(
        select(&page, "#recommendations article.card form.add-to-shortlist").len(),
        engagement_ids.len()
    );

    // Bad input: 400 with the form kept and the field named.
    for (query, field) in [
        (
            "text=x&aud_country=BR&aud_country_min=150",
            "aud_country_min",
        ),
        ("text=x&w_niche=abc", "w_niche"),
        ("text=x&tier=giant", "tier"),
        ("text=x&aud_age=old&aud_age_min=20", "aud_age"),
        ("text=x&limit=0", "limit"),
        ("text=x&flavour=mint", "flavour"),
    ] {
        let (status, page) = get_page(&client, &format!("{base}/brief?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            attribute(&page, "#form-error", "data-field"),
            vec![field.to_string()],
            "{query}"
        );
        assert_eq!(select(&page, "form#brief-form").len(), 1, "{query}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shortlist_pages_build_note_prune_compare_export_and_judge() {
    let data_dir = world();
    let server = start_server(data_dir.path()).await;
    let base = server.base_url.clone();
    let client = client();
    let api_list = |id: i64| {
        let client = client.clone();
        let url = format!("{base}/v1/shortlists/{id}");
        async move {
            let body: Value = client.get(url).send().await.unwrap().json().await.unwrap();
            body
        }
    };

    let (status, page) = get_page(&client, &format!("{base}/shortlists")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select(&page, "form#new-shortlist input#shortlist-name[name=name]").len(),
        1
    );

    // Create through the form: 303 to the new list. A blank name is named back.
    let created = post_form(
        &client,
        &server,
        "/shortlists",
        &[("name", "Vegan fitness BR")],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let list_path = location(&created);
    let id: i64 = list_path
        .strip_prefix("/shortlists/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{list_path}"));
    let blank = post_form(&client, &server, "/shortlists", &[("name", "  ")]).await;
    assert_eq!(blank.status(), StatusCode::BAD_REQUEST);
    let blank = Html::parse_document(&blank.text().await.unwrap());
    assert_eq!(
        attribute(&blank, "#form-error", "data-field"),
        vec!["name".to_string()]
    );
    let (_, page) = get_page(&client, &format!("{base}/shortlists")).await;
    assert_eq!(
        attribute(&page, "#shortlists a.shortlist-link", "href"),
        vec![list_path.clone()]
    );

    // Add three creators from the brief page's cards, each going back to the brief.
    let brief_path = format!("/brief?{BRIEF_QUERY}");
    let (_, brief_page) = get_page(&client, &format!("{base}{brief_path}")).await;
    let picked: Vec<String> = card_ids(&brief_page).into_iter().take(3).collect();
    assert_eq!(picked.len(), 3);
    assert!(
        attribute(&brief_page, "form.add-to-shortlist option", "value").contains(&id.to_string())
    );
    for creator in &picked {
        let response = client
            .post(format!("{base}/shortlists/add"))
            .header(ORIGIN, &base)
            .header(REFERER, format!("{base}{brief_path}"))
            .form(&[
                ("shortlist", id.to_string().as_str()),
                ("creator_id", creator),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), brief_path);
    }
    // Again through htmx: the form comes back saying so.
    let again = client
        .post(format!("{base}/shortlists/add"))
        .header(ORIGIN, &base)
        .header("HX-Request", "true")
        .form(&[
            ("shortlist", id.to_string().as_str()),
            ("creator_id", &picked[0]),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert!(again.text().await.unwrap().contains("Already on that list"));
    let listed: Vec<String> = api_list(id).await["creators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["creator_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, picked);

    let (status, page) = get_page(&client, &format!("{base}{list_path}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        attribute(&page, "#shortlist tr.entry", "data-creator-id"),
        picked
    );
    for control in [
        "textarea.entry-note[name=note]",
        ".entry-note-save",
        ".entry-remove",
        ".feedback-keep",
        ".feedback-drop",
        "input.compare-pick[name=id]",
    ] {
        assert_eq!(select(&page, control).len(), 3, "{control}");
    }
    assert_eq!(
        attribute(&page, "a#export-csv", "href"),
        vec![format!("{list_path}/export.csv")]
    );

    // A note, saved and shown; then one creator removed.
    let noted = post_form(
        &client,
        &server,
        &format!("{list_path}/note"),
        &[("creator_id", &picked[0]), ("note", "ask for rates")],
    )
    .await;
    assert_eq!(noted.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&noted), list_path);
    assert_eq!(api_list(id).await["creators"][0]["note"], "ask for rates");
    let removed = post_form(
        &client,
        &server,
        &format!("{list_path}/remove"),
        &[("creator_id", &picked[2])],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_page(&client, &format!("{base}{list_path}")).await;
    assert_eq!(
        attribute(&page, "#shortlist tr.entry", "data-creator-id"),
        picked[..2].to_vec()
    );
    assert_eq!(
        select(&page, "textarea.entry-note")[0],
        "ask for rates".to_string()
    );
    assert_eq!(api_list(id).await["size"], 2);

    // Compare the two left: one column each, with the API's follower counts.
    let compare_url = format!(
        "{base}{list_path}/compare?id={}&id={}",
        encode(&picked[0]),
        encode(&picked[1])
    );
    let (status, page) = get_page(&client, &compare_url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        attribute(&page, "table#compare-table thead th", "data-creator-id"),
        picked[..2].to_vec()
    );
    let rows = attribute(&page, "table#compare-table tbody tr", "data-row");
    for row in [
        "followers",
        "engagement-rate",
        "niches",
        "audience",
        "credibility",
        "score-niche",
        "score-engagement",
        "score-audience",
        "score-credibility",
    ] {
        assert!(
            rows.contains(&row.to_string()),
            "{row} missing from {rows:?}"
        );
        let cells = format!("table#compare-table tr[data-row={row}] td");
        assert_eq!(
            attribute(&page, &cells, "data-creator-id"),
            picked[..2].to_vec(),
            "{row}"
        );
    }
    for (position, creator) in picked[..2].iter().enumerate() {
        let view: Value = client
            .get(format!("{base}/v1/creators/{}", encode(creator)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let followers = view["followers"].as_u64().unwrap();
        let shown = attribute(&page, "tr[data-row=followers] td span", "title");
        assert_eq!(shown[position], thousands(followers));
    }
    // The removed creator is not on the list any more; one creator is not a comparison.
    let (status, page) = get_page(
        &client,
        &format!(
            "{base}{list_path}/compare?id={}&id={}",
            encode(&picked[0]),
            encode(&picked[2])
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        attribute(&page, "#form-error", "data-field"),
        vec!["id".to_string()]
    );
    let (status, _) = get_page(
        &client,
        &format!("{base}{list_path}/compare?id={}", encode(&picked[0])),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The export is the API's, as a download.
    let export = client
        .get(format!("{base}{list_path}/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let disposition = export.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let page_csv = export.text().await.unwrap();
    let api_csv = client
        .get(format!("{base}/v1/shortlists/{id}/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page_csv, api_csv);
    assert_eq!(page_csv.lines().count(), 3, "{page_csv}");
    assert!(page_csv.contains("ask for rates"));

    // Keep one, drop the other, for the brief's words; the page shows it and the store has it.
    for (creator, label) in [(&picked[0], "keep"), (&picked[1], "drop")] {
        let judged = post_form(
            &client,
            &server,
            &format!("{list_path}/feedback"),
            &[
                ("creator_id", creator),
                ("query", "vegan fitness"),
                ("label", label),
            ],
        )
        .await;
        assert_eq!(judged.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            location(&judged),
            format!("{list_path}?query=vegan+fitness")
        );
    }
    let (_, page) = get_page(&client, &format!("{base}{list_path}?query=vegan+fitness")).await;
    assert_eq!(
        attribute(&page, "tr.entry .feedback-state", "data-label"),
        vec!["keep".to_string(), "drop".to_string()]
    );
    let stored = scout_index::Store::open_read_only(&data_dir.path().join("store.sqlite"))
        .unwrap()
        .feedback()
        .unwrap();
    let judgements: Vec<(String, String, String)> = stored
        .iter()
        .map(|record| {
            (
                record.creator_id.to_string(),
                record.query.clone(),
                record.label.clone(),
            )
        })
        .collect();
    assert_eq!(
        judgements,
        vec![
            (
                picked[0].clone(),
                "vegan fitness".to_string(),
                "keep".to_string()
            ),
            (
                picked[1].clone(),
                "vegan fitness".to_string(),
                "drop".to_string()
            ),
        ]
    );
    let bad_label = post_form(
        &client,
        &server,
        &format!("{list_path}/feedback"),
        &[
            ("creator_id", &picked[0]),
            ("query", "x"),
            ("label", "maybe"),
        ],
    )
    .await;
    assert_eq!(bad_label.status(), StatusCode::BAD_REQUEST);
    let bad_label = Html::parse_document(&bad_label.text().await.unwrap());
    assert_eq!(
        attribute(&bad_label, "#form-error", "data-field"),
        vec!["label".to_string()]
    );

    // Cross-site posts are refused and change nothing.
    for (header, value) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let refused = client
            .post(format!("{base}/shortlists"))
            .header(header, value)
            .form(&[("name", "Sneaky")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{header}");
        let refused = client
            .post(format!("{base}{list_path}/remove"))
            .header(header, value)
            .form(&[("creator_id", &picked[0])])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{header}");
    }
    let lists: Value = client
        .get(format!("{base}/v1/shortlists"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(lists["shortlists"].as_array().unwrap().len(), 1);
    assert_eq!(api_list(id).await["size"], 2);
}

/// A path segment or query value percent-encoded.
fn encode(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}

/// Runs `scout keys create --scopes SCOPES` and returns the key it prints.
fn create_key(data: &std::path::Path, scopes: &str) -> String {
    let output = run_ok(data, &["keys", "create", "--scopes", scopes]);
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// Signs in through `POST /login` and returns the `Cookie` header the browser would send.
async fn sign_in(client: &Client, server: &Server, key: &str) -> String {
    let response = post_form(
        client,
        server,
        "/login",
        &[("key", key), ("next", "/shortlists")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_keys_the_pages_keep_each_keys_lists_and_writes_need_the_write_scope() {
    let data_dir = world();
    let writer = create_key(data_dir.path(), "read,write");
    let reader = create_key(data_dir.path(), "read");
    let other = create_key(data_dir.path(), "read,write");
    let server = crate::common::start_server_with(data_dir.path(), &[]).await;
    let base = server.base_url.clone();
    let client = client();

    // No cookie: to the key prompt.
    let response = client
        .get(format!("{base}/shortlists"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=%2Fshortlists");

    // A list made on the page belongs to the key: the API sees it with the same key.
    let cookie = sign_in(&client, &server, &writer).await;
    let created = client
        .post(format!("{base}/shortlists"))
        .header(ORIGIN, &base)
        .header("cookie", &cookie)
        .form(&[("name", "Keyed list")])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let lists: Value = client
        .get(format!("{base}/v1/shortlists"))
        .bearer_auth(&writer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(lists["shortlists"][0]["name"], "Keyed list");
    let response = client
        .get(format!("{base}/brief?text=travel"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(!card_ids(&page).is_empty());
    assert!(select(&page, "form.add-to-shortlist option").contains(&"Keyed list (0)".to_string()));

    // A read-only key cannot write through the pages; another key sees none of these lists.
    let cookie = sign_in(&client, &server, &reader).await;
    let refused = client
        .post(format!("{base}/shortlists"))
        .header(ORIGIN, &base)
        .header("cookie", &cookie)
        .form(&[("name", "Not mine")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let cookie = sign_in(&client, &server, &other).await;
    let response = client
        .get(format!("{base}/shortlists"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(select(&page, "#shortlists a.shortlist-link").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shortlist_pages_whose_path_does_not_decode_are_the_404_page() {
    // As a creator page's: the page's 404, not axum's plain-text 400.
    let data_dir = crate::common::trained_world("20", SEED);
    let server = start_server(data_dir.path()).await;
    let client = client();
    let not_found = |what: String, response: reqwest::Response| async move {
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{what}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            content_type.starts_with("text/html"),
            "{what}: {content_type}"
        );
        let html = Html::parse_document(&response.text().await.unwrap());
        let message = select(&html, "#not-found");
        assert!(
            message.len() == 1 && message[0].contains("shortlist id"),
            "{what}: {message:?}"
        );
    };
    for path in [
        "/shortlists/%FF",
        "/shortlists/1%E2%82",
        "/shortlists/%FF/compare",
        "/shortlists/%FF/export.csv",
    ] {
        let response = client
            .get(format!("{}{path}", server.base_url))
            .send()
            .await
            .unwrap();
        not_found(format!("GET {path}"), response).await;
    }
    for path in [
        "/shortlists/%FF/note",
        "/shortlists/%FF/remove",
        "/shortlists/%FF/feedback",
        "/shortlists/%FF/delete",
    ] {
        let response =
            post_form(&client, &server, path, &[("creator_id", "web:x.example/a")]).await;
        not_found(format!("POST {path}"), response).await;
    }
    // An asset name that does not decode is no asset either (its 404, not a 400).
    let response = client
        .get(format!("{}/assets/%FF.css", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
