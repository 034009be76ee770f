//! The search and creator pages and the pages' cookie auth, through real HTTP on loopback
//! against `scout serve` over a small generated world (`scout sim generate`, `scout train`):
//! every contract field is on the form, the page's cards and facet counts equal what
//! `POST /v1/search` answers for the same filters, bad input is a 400 page naming the field,
//! the creator page shows each section, and with keys on the pages take the key in an
//! HttpOnly cookie only — never in a URL or the log.

use std::collections::BTreeMap;
use std::fs::File;
use std::process::Stdio;

use reqwest::header::{CACHE_CONTROL, COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::{Client, StatusCode};
use scraper::{Html, Selector};
use serde_json::{json, Value};

use crate::common::{run_ok, scout, spawn_server, start_server};

const CREATORS: &str = "150";
const SEED: &str = "23";

/// Every field of the search form the contract names, by element id.
const FORM_IDS: &[&str] = &[
    "f-platform-mastodon",
    "f-platform-bluesky",
    "f-platform-youtube",
    "f-platform-web",
    "f-followers-min",
    "f-followers-max",
    "f-tier-micro",
    "f-er-min",
    "f-er-max",
    "f-niche-fitness",
    "f-country",
    "f-language",
    "f-aud-age",
    "f-aud-age-min",
    "f-aud-gender",
    "f-aud-gender-min",
    "f-aud-country",
    "f-aud-country-min",
    "f-aud-language",
    "f-aud-language-min",
    "f-min-cred",
    "f-has-contact",
    "f-sponsored",
    "f-posted-within",
    "f-sort",
    "search-submit",
];

/// The small trained world these tests share the shape of.
fn world() -> tempfile::TempDir {
    crate::common::trained_world(CREATORS, SEED)
}

use crate::common::no_redirect_client as client;

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|error| panic!("{css}: {error}"))
}

fn count(html: &Html, css: &str) -> usize {
    html.select(&selector(css)).count()
}

fn attributes(html: &Html, css: &str, name: &str) -> Vec<String> {
    html.select(&selector(css))
        .filter_map(|element| element.value().attr(name).map(str::to_string))
        .collect()
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&selector(css))
        .map(|element| element.text().collect::<String>().trim().to_string())
        .collect()
}

/// Status and parsed body of `GET base+path`.
async fn page(client: &Client, base: &str, path: &str) -> (StatusCode, Html) {
    let response = client.get(format!("{base}{path}")).send().await.unwrap();
    let status = response.status();
    (
        status,
        Html::parse_document(&response.text().await.unwrap()),
    )
}

async fn api_search(client: &Client, base: &str, body: &Value) -> Value {
    let response = client
        .post(format!("{base}/v1/search"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    response.json().await.unwrap()
}

fn api_ids(results: &Value) -> Vec<String> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["id"].as_str().unwrap().to_string())
        .collect()
}

/// The page's facet counts for `facet`, by value.
fn page_facets(html: &Html, facet: &str) -> BTreeMap<String, u64> {
    html.select(&selector(&format!(
        "#search-form span.facet-count[data-facet=\"{facet}\"]"
    )))
    .map(|element| {
        let value = element.value().attr("data-value").unwrap().to_string();
        let count = element.text().collect::<String>().trim().parse().unwrap();
        (value, count)
    })
    .collect()
}

/// The API's facet counts for `facet`, by value.
fn api_facets(results: &Value, facet: &str) -> BTreeMap<String, u64> {
    results["facets"][facet]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["value"].as_str().unwrap().to_string(),
                entry["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The page's result cards and facets equal the API's answer to `body`.
async fn assert_page_matches_api(client: &Client, base: &str, query: &str, body: Value) -> Html {
    let (status, html) = page(client, base, &format!("/?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {}", html.html());
    let results = api_search(client, base, &body).await;
    let card_ids = attributes(&html, "#results article.card", "data-creator-id");
    assert_eq!(card_ids, api_ids(&results), "{query}");
    for facet in ["platform", "niche", "tier"] {
        let on_page = page_facets(&html, facet);
        assert!(!on_page.is_empty(), "{query}: no {facet} counts");
        let from_api = api_facets(&results, facet);
        for (value, count) in &on_page {
            assert_eq!(
                *count,
                from_api.get(value).copied().unwrap_or(0),
                "{query}: {facet}={value}"
            );
        }
        for value in from_api.keys() {
            assert!(
                on_page.contains_key(value),
                "{query}: {facet}={value} missing"
            );
        }
    }
    let total = results["total"].as_u64().unwrap();
    let count_text = texts(&html, "#result-count").join(" ");
    if total > 0 {
        let total_text = total.to_string();
        let digits: String = count_text
            .split_whitespace()
            .next()
            .unwrap()
            .replace(',', "");
        assert_eq!(digits, total_text, "{count_text}");
    }
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_page_has_every_filter_and_shows_what_the_api_finds() {
    let data_dir = world();
    let server = start_server(data_dir.path()).await;
    let client = client();
    let base = &server.base_url;

    let (status, html) = page(&client, base, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attributes(&html, "form#search-form", "action"), ["/"]);
    assert_eq!(attributes(&html, "form#search-form", "method"), ["get"]);
    for id in FORM_IDS {
        assert_eq!(count(&html, &format!("#{id}")), 1, "#{id}");
    }
    // Every input has a label pointing at it.
    for id in attributes(
        &html,
        "#search-form input:not([type=hidden]), #search-form select",
        "id",
    ) {
        assert_eq!(
            count(&html, &format!("label[for=\"{id}\"]")),
            1,
            "label of #{id}"
        );
    }
    for landmark in ["header", "header nav[aria-label=Main]", "main"] {
        assert_eq!(count(&html, landmark), 1, "{landmark}");
    }
    // The landing page lists everyone, most followers first as the API does.
    let cards = count(&html, "#results article.card");
    assert_eq!(cards, 20);

    // Filters of every kind, with a sort: the same ids in the same order as the API.
    let html = assert_page_matches_api(
        &client,
        base,
        "platform=mastodon&platform=bluesky&followers_min=500&er_min=0.5&sort=followers",
        json!({
            "platforms": ["mastodon", "bluesky"],
            "followers": {"min": 500},
            "engagement_rate": {"min": 0.005},
            "sort": "followers",
            "limit": 20
        }),
    )
    .await;
    let platforms = texts(&html, "#results .card-platform");
    assert!(!platforms.is_empty());
    assert!(platforms
        .iter()
        .all(|platform| platform == "mastodon" || platform == "bluesky"));
    // The form keeps the state it was sent with.
    assert_eq!(
        attributes(&html, "#f-platform-mastodon[checked]", "value"),
        ["mastodon"]
    );
    assert_eq!(attributes(&html, "#f-followers-min", "value"), ["500"]);

    // Text, niches, tiers, creator and audience filters, credibility, activity.
    assert_page_matches_api(
        &client,
        base,
        "q=workout&niche=fitness&niche=food&tier=nano&tier=micro&min_cred=10&posted_within=3650\
         &sponsored=any&aud_country=BR,PT,US&aud_country_min=5&aud_age=18-34&aud_age_min=10",
        json!({
            "query": "workout",
            "niches": ["fitness", "food"],
            "followers": {"min": 0, "max": 99999},
            "min_credibility": 0.1,
            "last_posted_within_days": 3650,
            "audience": {
                "countries": [{"code": "BR", "min_share": 0.05}, {"code": "PT", "min_share": 0.05}, {"code": "US", "min_share": 0.05}],
                "ages": [{"range": "18-34", "min_share": 0.1}]
            },
            "limit": 20
        }),
    )
    .await;
    assert_page_matches_api(
        &client,
        base,
        "language=en&has_contact=1&sponsored=no&sort=engagement",
        json!({
            "creator": {"languages": ["en"]},
            "has_contact": true,
            "has_sponsored_posts": false,
            "sort": "engagement",
            "limit": 20
        }),
    )
    .await;

    // Pages: the second page is the API's offset 20, reached by the rel=next link.
    let (_, first) = page(&client, base, "/?sort=followers").await;
    let next = attributes(&first, "#pagination a[rel=next]", "href");
    assert_eq!(next, ["/?sort=followers&page=2"]);
    let second = assert_page_matches_api(
        &client,
        base,
        "sort=followers&page=2",
        json!({"sort": "followers", "offset": 20, "limit": 20}),
    )
    .await;
    assert_eq!(
        attributes(&second, "#pagination a[rel=prev]", "href"),
        ["/?sort=followers"]
    );

    // Each card carries the contract's parts and links to its creator page.
    let (_, html) = page(&client, base, "/?q=fitness").await;
    let card = html
        .select(&selector("#results article.card"))
        .next()
        .unwrap();
    let card = Html::parse_fragment(&card.html());
    for part in [
        ".avatar",
        ".card-name",
        ".card-handle",
        ".card-platform",
        ".card-followers",
        ".card-er",
        ".card-niches",
        ".score-bar",
        "a.card-link",
        "details.evidence summary",
        "form.add-to-shortlist .add-shortlist-submit",
    ] {
        assert_eq!(count(&card, part), 1, "{part}");
    }
    assert_eq!(
        attributes(&card, ".score-bar .score-part", "data-part"),
        ["niche", "engagement", "audience", "credibility"]
    );
    assert!(texts(&card, ".card-er")[0].contains("expected for"));
    // The cards' forms are not nested in the search form (a parser would drop them).
    assert_eq!(
        count(&html, "#search-form form, #search-form article.card"),
        0
    );
    let href = &attributes(&card, "a.card-link", "href")[0];
    assert!(href.starts_with("/creators/"), "{href}");
    let (status, _) = page(&client, base, href).await;
    assert_eq!(status, StatusCode::OK, "{href}");

    // Assets are embedded and cached for long.
    let css = attributes(&html, "link[rel=stylesheet]", "href");
    let scripts = attributes(&html, "script[src]", "src");
    assert!(
        scripts.iter().any(|src| src.contains("htmx-2.")),
        "{scripts:?}"
    );
    for asset in css.iter().chain(&scripts) {
        let response = client.get(format!("{base}{asset}")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{asset}");
        let cache = response.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .to_string();
        assert!(cache.contains("max-age=31536000"), "{asset}: {cache}");
        assert!(!response.bytes().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_search_input_is_a_400_page_naming_the_field() {
    let data_dir = world();
    let server = start_server(data_dir.path()).await;
    let client = client();
    for (query, field) in [
        ("followers_min=abc", "followers_min"),
        ("er_min=5&er_max=1", "er_min"),
        ("platform=myspace", "platform"),
        ("tier=nano&tier=mega", "tier"),
        ("country=Brazil", "country"),
        ("aud_age=17-70&aud_age_min=20", "aud_age"),
        ("aud_country=BR", "aud_country_min"),
        ("min_cred=150", "min_cred"),
        ("posted_within=0", "posted_within"),
        ("sort=loudest", "sort"),
        ("page=0", "page"),
        ("q=nofield:x", "q"),
        ("lmit=3", "lmit"),
    ] {
        let (status, html) = page(&client, &server.base_url, &format!("/?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            attributes(&html, "#form-error", "data-field"),
            [field],
            "{query}: {:?}",
            texts(&html, "#form-error")
        );
        assert!(texts(&html, "#form-error")[0].starts_with(field), "{query}");
        // The form is still there to fix the value.
        assert_eq!(count(&html, "form#search-form"), 1, "{query}");
        assert_eq!(count(&html, "#results article.card"), 0, "{query}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creator_page_shows_each_section_and_unknown_ids_are_404() {
    let data_dir = world();
    let server = start_server(data_dir.path()).await;
    let client = client();
    let base = &server.base_url;

    // The creator with the most followers: a big sample, so every section has something.
    let results = api_search(&client, base, &json!({"sort": "followers", "limit": 10})).await;
    let id = api_ids(&results)[0].clone();
    let creator: Value = client
        .get(format!("{base}/v1/creators/{}", id.replace('/', "%2F")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = format!("/creators/{}", id.replace('/', "%2F"));
    let (status, html) = page(&client, base, &path).await;
    assert_eq!(status, StatusCode::OK, "{path}");

    for section in [
        "#profile .profile-name",
        "#profile .profile-handle",
        "#profile .profile-platform",
        "#profile .profile-followers",
        "#profile .profile-bio",
        "#linked-accounts",
        "svg#growth-chart[role=img][aria-label]",
        "#audience #audience-age .confidence",
        "#audience #audience-gender .confidence",
        "#audience #audience-country .confidence",
        "#audience #audience-language .confidence",
        "#credibility",
        "#similar",
        "table#provenance",
        "form.add-to-shortlist",
    ] {
        assert_eq!(count(&html, section), 1, "{section}");
    }
    assert_eq!(
        texts(&html, ".profile-handle")[0],
        format!("@{}", creator["handle"].as_str().unwrap())
    );
    assert_eq!(
        count(&html, "#posts tr.post"),
        creator["recent_posts"].as_array().unwrap().len()
    );
    assert!(count(&html, "#credibility .credibility-reason") >= 1);
    assert!(count(&html, "#audience svg[role=img][aria-label]") == 4);
    // Similar creators are the API's, in order, and link to their pages.
    let similar: Value = client
        .get(format!(
            "{base}/v1/creators/{}/similar?limit=8",
            id.replace('/', "%2F")
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let similar_ids: Vec<String> = similar["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|other| other["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!similar_ids.is_empty());
    assert_eq!(texts(&html, "#similar a.similar-creator"), similar_ids);
    // Provenance names the profile's source and method.
    let provenance = texts(&html, "table#provenance td").join(" ");
    assert!(provenance.contains(creator["provenance"]["source_url"].as_str().unwrap()));
    assert!(provenance.contains(creator["provenance"]["method"].as_str().unwrap()));
    assert!(count(&html, "table#provenance tbody tr") >= 5);

    for unknown in [
        "/creators/mastodon:nobody@nowhere.example",
        "/creators/not-an-id",
        // A path that does not decode (a truncated copy of an encoded id).
        "/creators/web%3Ax.example%2F%E2%82",
    ] {
        let (status, html) = page(&client, base, unknown).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
        assert_eq!(count(&html, "#not-found"), 1, "{unknown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_keys_on_pages_take_the_key_in_an_http_only_cookie_only() {
    let data_dir = tempfile::tempdir().unwrap();
    let data = data_dir.path();
    run_ok(
        data,
        &["sim", "generate", "--creators", "30", "--seed", SEED],
    );
    let key = String::from_utf8(run_ok(data, &["keys", "create", "--scopes", "read"]).stdout)
        .unwrap()
        .trim()
        .to_string();
    let log_path = data.join("serve.log");
    let mut command = scout(data);
    command
        .env("SCOUT_LOG", "debug")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::from(File::create(&log_path).unwrap()));
    let server = spawn_server(command).await;
    let base = &server.base_url;
    let origin = base.as_str();
    let client = client();

    // Without the cookie: to the key prompt, remembering where the user was going.
    let response = client
        .get(format!("{base}/?q=fitness&platform=mastodon"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(
        location,
        "/login?next=%2F%3Fq%3Dfitness%26platform%3Dmastodon"
    );
    let (status, html) = page(&client, base, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&html, "form#key-form"), 1);
    assert_eq!(attributes(&html, "input#key", "type"), ["password"]);
    assert_eq!(attributes(&html, "input#key", "name"), ["key"]);
    assert_eq!(count(&html, "label[for=key]"), 1);
    assert_eq!(count(&html, "#key-submit"), 1);
    // Assets need no key.
    let css = attributes(&html, "link[rel=stylesheet]", "href");
    let response = client
        .get(format!("{base}{}", css[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let login = |body: String, with_origin: bool| {
        let mut request = client
            .post(format!("{base}/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if with_origin {
            request = request.header(ORIGIN, origin);
        }
        request.send()
    };
    let form = |key: &str, next: &str| {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("key", key)
            .append_pair("next", next)
            .finish()
    };

    // A wrong key: 401 with the prompt again.
    let response = login(form("scout_000000000000_nope", "/"), true)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().get(SET_COOKIE).is_none());
    let html = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(count(&html, "#login-error"), 1);
    assert_eq!(count(&html, "form#key-form"), 1);
    // A cross-site post is refused even with the right key.
    let response = login(form(&key, "/"), false).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(SET_COOKIE).is_none());

    // The right key: an HttpOnly, SameSite=Strict cookie and back to where the user was
    // going; an off-site `next` goes home instead.
    let response = login(form(&key, "//evil.example/x"), true).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], "/");
    let response = login(form(&key, "/?q=fitness&platform=mastodon"), true)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(location, "/?q=fitness&platform=mastodon");
    let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
    for part in ["scout_key=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(part), "{part} missing in {set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    let response = client
        .get(format!("{base}{location}"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(count(&html, "form#search-form"), 1);
    assert_eq!(count(&html, "form.logout"), 1);
    // A read-only key gets no add-to-shortlist forms it could not send.
    assert!(count(&html, "#results article.card") > 0);
    assert_eq!(count(&html, "form.add-to-shortlist"), 0);
    // The cookie is for the pages: the API still wants the bearer header.
    let response = client
        .get(format!("{base}/v1/search?q=fitness"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // A wrong cookie is like none.
    let response = client
        .get(format!("{base}/"))
        .header(COOKIE, "scout_key=scout_000000000000_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Logging out clears the cookie.
    let response = client
        .post(format!("{base}/logout"))
        .header(COOKIE, &cookie)
        .header(ORIGIN, origin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cleared = response.headers()[SET_COOKIE].to_str().unwrap();
    assert!(
        cleared.starts_with("scout_key=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );

    // The key is in no URL the server sent and nowhere in its log.
    drop(server);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("/login"),
        "the debug log records requests: {log}"
    );
    assert!(!log.contains(&key), "the key is in the server log");
    assert!(
        !log.contains(&key[19..]),
        "the key's secret is in the server log"
    );
}
