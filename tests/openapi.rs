//! `GET /openapi.json` from a real `scout demo` on loopback: an OpenAPI 3.1 document that
//! documents every route the router serves, only routes it serves, the guards of every `/v1`
//! route, and schemas that the server's real answers validate against.

use std::io::BufRead;
use std::path::Path;
use std::process::Stdio;

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use crate::common::scout;

/// Every route the API's router serves, as `(method, route template)`.
const ROUTES: [(&str, &str); 25] = [
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
    ("get", "/v1/models"),
    ("get", "/v1/search"),
    ("post", "/v1/search"),
    ("post", "/v1/recommendations"),
    ("get", "/v1/shortlists"),
    ("post", "/v1/shortlists"),
    ("get", "/v1/shortlists/{id}"),
    ("delete", "/v1/shortlists/{id}"),
    ("post", "/v1/shortlists/{id}/creators"),
    ("put", "/v1/shortlists/{id}/creators/{creator_id}"),
    ("patch", "/v1/shortlists/{id}/creators/{creator_id}"),
    ("delete", "/v1/shortlists/{id}/creators/{creator_id}"),
    ("get", "/v1/shortlists/{id}/export.csv"),
    ("post", "/v1/feedback"),
    ("post", "/v1/crawl"),
    ("get", "/v1/jobs/{id}"),
    ("delete", "/v1/jobs/{id}"),
    ("get", "/v1/creators/{id}"),
    ("delete", "/v1/creators/{id}"),
    ("get", "/v1/creators/{id}/history"),
    ("get", "/v1/creators/{id}/similar"),
];

/// A `scout demo` process, killed when dropped; its standard output stays open meanwhile.
struct Demo {
    child: std::process::Child,
    _stdout: std::io::BufReader<std::process::ChildStdout>,
    base_url: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a tiny `scout demo` (loopback, auth off) until it serves.
async fn start_demo(data: &Path) -> Demo {
    let mut child = scout(data)
        .args(["demo", "--creators", "20", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("scout demo starts");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).expect("demo output") > 0,
            "the demo ended before serving"
        );
        if line.starts_with("[5/5]") {
            break;
        }
    }
    let base_url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    crate::common::wait_healthy(&base_url).await;
    Demo {
        child,
        _stdout: stdout,
        base_url,
    }
}

/// Sends `method url` (with `body` as JSON when given) and returns the status and JSON body
/// (`null` for a body that is not JSON).
async fn call(
    client: &Client,
    method: Method,
    url: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let mut request = client.request(method.clone(), url);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{method} {url}: {error}"));
    let status = response.status();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The JSON schema the document gives for `method route` answering `status`, with the
/// document's components beside it so that its `$ref`s resolve.
fn response_schema(doc: &Value, method: &str, route: &str, status: StatusCode) -> Value {
    let mut response = &doc["paths"][route][method]["responses"][status.as_str()];
    if let Some(reference) = response["$ref"].as_str() {
        let name = reference
            .strip_prefix("#/components/responses/")
            .unwrap_or_else(|| panic!("unexpected response $ref {reference}"));
        response = &doc["components"]["responses"][name];
    }
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {route} documents no JSON schema for {status}: {response}"
    );
    let mut root = schema.clone();
    root["components"] = doc["components"].clone();
    root
}

/// The errors of `instance` against `schema`, as text.
fn violations(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(schema)
        .unwrap_or_else(|error| panic!("the document's schema does not compile: {error}"));
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_covers_every_route_and_matches_real_answers() {
    let data = tempfile::tempdir().unwrap();
    let demo = start_demo(data.path()).await;
    let base = demo.base_url.as_str();
    let client = Client::new();

    let response = client
        .get(format!("{base}/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let doc: Value = response.json().await.expect("the document is JSON");
    let version = doc["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1."), "openapi {version:?}");

    // Every served route is documented with a success answer.
    let paths = doc["paths"].as_object().expect("paths");
    for (method, route) in ROUTES {
        let operation = &paths
            .get(route)
            .unwrap_or_else(|| panic!("{route} is not documented"))[method];
        let responses = operation["responses"].as_object();
        assert!(
            responses
                .is_some_and(|responses| responses.keys().any(|status| status.starts_with('2'))),
            "{method} {route} is not documented with a success answer: {operation}"
        );
    }

    // Every documented operation is served: the router answers it, not its fallbacks.
    let mut operations = 0;
    for (route, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            operations += 1;
            let url = format!(
                "{base}{}",
                route.replace("{id}", "mastodon:nobody@nowhere.example")
            );
            let body = (method != "get" && method != "delete").then(|| json!({}));
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let (status, answer) = call(&client, method.clone(), &url, body.as_ref()).await;
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {route}");
            assert!(
                !(status == StatusCode::NOT_FOUND && answer["error"]["message"] == "no such route"),
                "{method} {route} is documented but not served"
            );
        }
    }
    assert!(operations >= ROUTES.len(), "{operations} operations");

    // Each /v1 operation names the bearer scheme with its scope and the guards' answers;
    // the routes outside /v1 are open.
    let search = &doc["paths"]["/v1/search"]["get"];
    assert_eq!(search["security"], json!([{"api_key": ["read"]}]));
    for status in ["401", "403", "429", "503"] {
        assert!(search["responses"][status].is_object(), "no {status}");
    }
    assert!(doc["paths"]["/v1/search"]["post"]["responses"]["413"].is_object());
    assert!(doc["paths"]["/healthz"]["get"]["security"].is_null());
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["scheme"],
        "bearer"
    );

    // Real answers validate against the documented schemas.
    let (status, results) = call(
        &client,
        Method::GET,
        &format!("{base}/v1/search?q=the&limit=5"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let id = results["results"][0]["id"]
        .as_str()
        .expect("the demo finds creators");
    // Ids may hold `/` (web creators): a path segment carries them percent-encoded.
    let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let cases: Vec<(Method, &str, String, Option<Value>, StatusCode)> = vec![
        (
            Method::GET,
            "/healthz",
            "/healthz".into(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/readyz",
            "/readyz".into(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/v1/models",
            "/v1/models".into(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/v1/search",
            "/v1/search?q=the&limit=5&sort=followers".into(),
            None,
            StatusCode::OK,
        ),
        (
            Method::POST,
            "/v1/search",
            "/v1/search".into(),
            Some(json!({"query": "the", "followers": {"min": 1}, "limit": 3})),
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/v1/creators/{id}",
            format!("/v1/creators/{id}"),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/v1/creators/{id}/history",
            format!("/v1/creators/{id}/history"),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/v1/creators/{id}/similar",
            format!("/v1/creators/{id}/similar?limit=3"),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/v1/search",
            "/v1/search?limit=0".into(),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::POST,
            "/v1/search",
            "/v1/search".into(),
            Some(json!({"colour": "red"})),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::GET,
            "/v1/creators/{id}",
            "/v1/creators/nobody".into(),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::GET,
            "/v1/creators/{id}",
            "/v1/creators/mastodon:nobody@nowhere.example".into(),
            None,
            StatusCode::NOT_FOUND,
        ),
    ];
    for (method, route, url, body, expected) in cases {
        let (status, answer) = call(
            &client,
            method.clone(),
            &format!("{base}{url}"),
            body.as_ref(),
        )
        .await;
        assert_eq!(status, expected, "{method} {url}: {answer}");
        let schema = response_schema(&doc, &method.as_str().to_lowercase(), route, status);
        let errors = violations(&schema, &answer);
        assert!(
            errors.is_empty(),
            "{method} {url} ({status}) violates its schema: {errors:?}\n{answer}"
        );
    }

    // The schemas are real constraints: a results page with a wrong field fails them.
    let schema = response_schema(&doc, "get", "/v1/search", StatusCode::OK);
    let mut broken = results.clone();
    broken["total"] = json!("many");
    assert!(!violations(&schema, &broken).is_empty());
    assert!(!violations(&schema, &json!({})).is_empty());
}
